use clap::Parser;

fn main() {
    let cli = crossover::cli::Cli::parse();
    let code = match crossover::commands::run(cli) {
        Ok(outcome) => outcome.exit_code(),
        Err(failure) => {
            eprintln!("crossover: {failure}");
            failure.exit_code()
        }
    };
    std::process::exit(code);
}
