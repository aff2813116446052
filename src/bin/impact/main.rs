//! `impact`: growth figures, period labels, validation and reports of
//! partner data, from the shell.
//!
//! Built with the `cli` feature:
//! `cargo install --path . --features cli`.
//!
//! Results go to standard output (aligned tables for people, `--format csv`
//! or `--format json` for scripts); messages go to standard error.
//!
//! Exit status: 0 when the command ran and found nothing wrong, 1 when it
//! ran and found errors in the data, 2 when it could not run (bad
//! arguments, an unreadable file).

#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

mod advice;
mod args;
mod chart;
mod config;
mod convert;
mod growth;
mod input;
mod output;
mod period;
mod report;
mod validate;

use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};

/// Why a command stopped: the data had errors (exit 1), or the command
/// could not run (exit 2).
#[derive(Debug)]
enum Failure {
    /// The command ran, and found errors in the data.
    DataErrors,
    /// The command could not run; the message says why.
    Usage(String),
    /// Standard output was closed by the reader (`impact ... | head`): not
    /// an error, there is just no one left to write to.
    Closed,
}

impl<E: std::fmt::Display + 'static> From<E> for Failure {
    fn from(e: E) -> Failure {
        let broken_pipe = (&e as &dyn std::any::Any)
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe);
        if broken_pipe {
            Failure::Closed
        } else {
            Failure::Usage(e.to_string())
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = config::Settings::load(&cli.global).and_then(|settings| match &cli.command {
        Command::Growth(cmd) => growth::run(cmd, &settings),
        Command::Period(cmd) => period::run(cmd, &settings),
        Command::Validate(cmd) => validate::run(cmd, &settings),
        Command::Report(cmd) => report::run(cmd, &settings),
        Command::Convert(cmd) => convert::run(cmd, &settings),
    });
    match result {
        Ok(()) | Err(Failure::Closed) => ExitCode::SUCCESS,
        Err(Failure::DataErrors) => ExitCode::from(1),
        Err(Failure::Usage(message)) => {
            eprintln!("impact: {message}");
            ExitCode::from(2)
        }
    }
}
