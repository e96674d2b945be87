//! Shell completions and man pages, both generated from the clap definitions in `cli.rs`, so
//! that neither can list a flag the parser does not have. docs/completions and docs/man hold
//! the output of this version; tests/it/shell_docs.rs fails when they fall behind the flags.

use std::path::Path;

use clap::CommandFactory;

use super::{report::write_text, Failure, Outcome};
use crate::cli::{Cli, CompletionShell};

/// The name the scripts complete and the pages document.
const BIN: &str = "crossover";

/// The command line as the generated files describe it. The man pages carry the package
/// version alone: `--version` also names the price book's date, which changes with every price
/// refresh, and a page does not go stale when only prices do.
pub fn command() -> clap::Command {
    Cli::command().version(env!("CARGO_PKG_VERSION"))
}

/// The completion script for `shell`, for the command line `cmd`.
pub fn completion_script(mut cmd: clap::Command, shell: CompletionShell) -> String {
    let mut out = Vec::new();
    clap_complete::generate(clap_complete::Shell::from(shell), &mut cmd, BIN, &mut out);
    String::from_utf8(out).expect("clap_complete writes UTF-8")
}

/// The file name a completion script is installed under (`crossover.bash`, `_crossover`, …).
pub fn completion_file_name(shell: CompletionShell) -> String {
    use clap_complete::Generator;
    clap_complete::Shell::from(shell).file_name(BIN)
}

/// Every man page of `cmd`: `(file name, roff)` for the command and each visible subcommand,
/// nested ones included (`crossover.1`, `crossover-scan.1`, `crossover-prices-show.1`, …),
/// sorted by name. The same pages as `clap_mangen::generate_to`, kept in memory.
pub fn man_pages(cmd: clap::Command) -> Vec<(String, String)> {
    fn walk(cmd: &clap::Command, pages: &mut Vec<(String, String)>) {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            walk(sub, pages);
        }
        // Every page's footer names the program and its version, subcommands' pages too
        // (clap gives a subcommand no version of its own).
        let man = clap_mangen::Man::new(cmd.clone())
            .source(format!("{BIN} {}", env!("CARGO_PKG_VERSION")));
        let mut roff = Vec::new();
        man.render(&mut roff)
            .expect("rendering into memory cannot fail");
        pages.push((
            man.get_filename(),
            String::from_utf8(roff).expect("clap_mangen writes UTF-8"),
        ));
    }
    let mut cmd = cmd.disable_help_subcommand(true);
    cmd.build();
    let mut pages = Vec::new();
    walk(&cmd, &mut pages);
    pages.sort();
    pages
}

/// `crossover completions SHELL`: the script on stdout.
pub(super) fn run_completions(shell: CompletionShell) -> Result<Outcome, Failure> {
    write_text(None, &completion_script(command(), shell))?;
    Ok(Outcome::Complete)
}

/// `crossover man --output-dir DIR`: every page into DIR, each written whole or not at all.
pub(super) fn run_man(dir: &Path) -> Result<Outcome, Failure> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::Failed(format!("cannot create {}: {e}", dir.display())))?;
    for (name, roff) in man_pages(command()) {
        write_text(Some(&dir.join(name)), &roff)?;
    }
    Ok(Outcome::Complete)
}
