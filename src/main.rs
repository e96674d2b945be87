use clap::error::ErrorKind;
use clap::Parser;

fn main() {
    let cli = match crossover::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            e.exit()
        }
        Err(e) if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => e.exit(),
        Err(e) => {
            // One line that names the problem; clap's usage block follows only on request.
            // clap lists missing arguments on indented lines under the first one.
            let rendered = e.render().to_string();
            let mut lines = rendered.lines();
            let mut message = lines.next().unwrap_or("invalid arguments").to_owned();
            for extra in lines.take_while(|l| l.starts_with(' ')) {
                message.push(' ');
                message.push_str(extra.trim());
            }
            let message = message.strip_prefix("error: ").unwrap_or(&message);
            eprintln!("crossover: {message} (see `crossover --help`)");
            std::process::exit(2);
        }
    };
    let code = match crossover::commands::run(cli) {
        Ok(outcome) => outcome.exit_code(),
        Err(failure) => {
            eprintln!("crossover: {failure}");
            failure.exit_code()
        }
    };
    std::process::exit(code);
}
