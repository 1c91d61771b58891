//! `mesh`: the terminal lab.
//!
//! With a terminal, an interactive shell on the first machine of the
//! scenario; with a pipe, reads commands like `sh -s`; `-c` runs one script
//! line. Subcommands trace one command hop by hop, run and check labs, and
//! print shell completion scripts. Everything that happens on the simulated
//! machines is mesh-core's; this crate only reads input, prints output and
//! touches files (history, pcapng, labs).

mod batch;
mod interactive;
mod lab_cmd;
mod machines;
mod style;
mod trace_cmd;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

/// Watch Docker Swarm's ingress routing mesh work, packet by packet.
///
/// mesh simulates the Linux networking Swarm programs (namespaces, veth,
/// bridges, routing and ARP, netfilter, conntrack and NAT, IPVS, VXLAN, TCP)
/// over real frame bytes, and gives you a shell on the simulated machines.
/// Run without arguments in a terminal for an interactive shell on the first
/// machine (`node1` of the `seed` scenario); pipe commands in to run them as
/// a script.
#[derive(Debug, Parser)]
#[command(
    name = "mesh",
    version,
    after_help = "Examples:\n  mesh                                   a shell on node1 of the seed scenario\n  echo 'ip -br addr' | mesh              run commands from a pipe\n  mesh -c 'ping -c 1 172.19.188.123'     run one command line\n  mesh trace -- curl 172.19.177.14:8080  follow a request hop by hop\n  mesh lab check labs/*.md               check labs against the simulator"
)]
struct Cli {
    /// The scenario: a built-in name (see --list-scenarios) or a TOML file.
    #[arg(long, global = true, value_name = "NAME|FILE.toml", default_value = "seed")]
    scenario: String,

    /// The seed of the simulation's random numbers (default: the scenario's).
    #[arg(long, global = true, value_name = "N")]
    seed: Option<u64>,

    /// List the built-in scenarios and exit.
    #[arg(long)]
    list_scenarios: bool,

    /// Run COMMAND (one line, or a script of several) and exit with its status.
    #[arg(short = 'c', value_name = "COMMAND")]
    command: Option<String>,

    /// Script mode: stop at the first command that fails, with its status.
    #[arg(short = 'e')]
    errexit: bool,

    /// Script mode: print `$ COMMAND` before each command's output.
    #[arg(short = 'x')]
    xtrace: bool,

    #[command(subcommand)]
    subcommand: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run one command with every hop of its packets recorded, and print them.
    ///
    /// Optional setup commands run first on the scenario's first machine
    /// (like a script: a failing one stops mesh); then COMMAND runs on
    /// --on NODE (default: where the setup ended). Prints the command's
    /// output, then the numbered hop list: time, node, namespace, device,
    /// the packet's flow, and what happened (routing, netfilter rules and
    /// verdicts, NAT, conntrack, IPVS, VXLAN, delivery, drops), the return
    /// path included. Exits with the command's status.
    Trace(trace_cmd::TraceArgs),

    /// Guided labs: list them, run one, or check that they still match.
    #[command(subcommand)]
    Lab(lab_cmd::LabCommand),

    /// Print a completion script for SHELL (bash, zsh, fish, elvish, powershell).
    ///
    /// For bash: `mesh completions bash > ~/.local/share/bash-completion/completions/mesh`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let style = style::Style::detect();
    if cli.list_scenarios {
        let list = mesh_core::swarm::scenario::Scenario::builtins();
        let width = list.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
        for (name, description) in list {
            println!("{name:<width$}  {description}");
        }
        return ExitCode::SUCCESS;
    }
    match cli.subcommand {
        Some(Command::Completions { shell }) => {
            clap_complete::generate(shell, &mut Cli::command(), "mesh", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        Some(Command::Lab(lab)) => lab_cmd::run(lab, cli.seed, style),
        Some(Command::Trace(args)) => {
            let Some(session) = start(&cli.scenario, cli.seed) else { return ExitCode::from(2) };
            trace_cmd::run(session, &args)
        }
        None => {
            let Some(scenario) = load(&cli.scenario) else { return ExitCode::from(2) };
            let session = machines::start(&scenario, cli.seed);
            let options = batch::Options { errexit: cli.errexit, xtrace: cli.xtrace };
            if let Some(script) = cli.command {
                return batch::run(session, &script, options);
            }
            if std::io::stdin().is_terminal() {
                return interactive::run(session, &scenario.name, style);
            }
            let mut script = String::new();
            if let Err(e) = std::io::Read::read_to_string(&mut std::io::stdin(), &mut script) {
                eprintln!("mesh: reading standard input: {e}");
                return ExitCode::from(2);
            }
            batch::run(session, &script, options)
        }
    }
}

fn load(scenario: &str) -> Option<mesh_core::swarm::scenario::Scenario> {
    match machines::load_scenario(scenario, None) {
        Ok(s) => Some(s),
        Err(e) => {
            eprintln!("mesh: {e}");
            None
        }
    }
}

fn start(scenario: &str, seed: Option<u64>) -> Option<(mesh_core::shell::Session, u64)> {
    let s = load(scenario)?;
    Some((machines::start(&s, seed), machines::epoch_ns(&s)))
}

/// An exit status as a process exit code (the low 8 bits, as a shell does).
/// Print a command's output to the real stdout and stderr, piece by piece
/// in the order the command wrote them (`curl -v`: trace, body, trace).
pub fn write_output(stdout: &mut std::io::StdoutLock<'_>, out: &mesh_core::output::CmdOutput) {
    use std::io::Write as _;
    for (stream, text) in out.pieces() {
        match stream {
            mesh_core::output::Stream::Stdout => {
                let _ = stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush());
            }
            mesh_core::output::Stream::Stderr => {
                let _ = std::io::stderr().write_all(text.as_bytes());
            }
        }
    }
    let _ = stdout.flush();
}

pub fn exit_code(status: i32) -> ExitCode {
    ExitCode::from((status & 0xff) as u8)
}

/// Where mesh keeps its data (the interactive history): `$XDG_DATA_HOME/mesh`,
/// else `~/.local/share/mesh`.
pub fn data_dir() -> Option<PathBuf> {
    let base = match std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty()) {
        Some(v) => PathBuf::from(v),
        None => PathBuf::from(std::env::var_os("HOME").filter(|v| !v.is_empty())?).join(".local/share"),
    };
    Some(base.join("mesh"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
