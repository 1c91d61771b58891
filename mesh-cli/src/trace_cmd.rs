//! `mesh trace`: set up, run one command with tracing on, print the hops
//! (or JSON), and write the pcapng.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use mesh_core::kernel::INIT_NETNS;
use mesh_core::shell::trace_view::TraceView;
use mesh_core::shell::{Exec, Session, THINK_TIME};
use mesh_core::sim::trace::Hop;

#[derive(Debug, clap::Args)]
pub struct TraceArgs {
    /// The machine COMMAND runs on (default: where the setup left the shell).
    #[arg(long, value_name = "NODE")]
    on: Option<String>,

    /// A script of setup commands to run first (one per line, as in script mode).
    #[arg(long, value_name = "FILE")]
    setup: Option<PathBuf>,

    /// A setup command to run first (repeatable; after --setup).
    #[arg(long = "setup-cmd", value_name = "COMMAND")]
    setup_cmd: Vec<String>,

    /// Print the command's output and its hops as one JSON object instead.
    #[arg(long)]
    json: bool,

    /// Write the frames every device saw to FILE (pcapng).
    #[arg(long, value_name = "FILE")]
    pcap: Option<PathBuf>,

    /// Also dump hop N's bytes, those changed since the packet's previous hop marked.
    #[arg(long, value_name = "N")]
    hex: Option<usize>,

    /// The command to trace, after `--`.
    #[arg(last = true, required = true, value_name = "COMMAND")]
    command: Vec<String>,
}

pub fn run((mut session, epoch_ns): (Session, u64), args: &TraceArgs) -> ExitCode {
    let mut script = String::new();
    if let Some(path) = &args.setup {
        match std::fs::read_to_string(path) {
            Ok(text) => script = text,
            Err(e) => {
                eprintln!("mesh: {}: {e}", path.display());
                return ExitCode::from(2);
            }
        }
    }
    for c in &args.setup_cmd {
        script.push_str(c);
        script.push('\n');
    }
    if let Err(message) = setup(&mut session, &script) {
        eprint!("{message}");
        return ExitCode::from(1);
    }
    if let Some(node) = &args.on {
        if let Err(message) = go_to(&mut session, node) {
            eprintln!("mesh: {message}");
            return ExitCode::from(2);
        }
    }
    if session.ended() {
        eprintln!("mesh: the setup ended the session (`exit` on the first machine)");
        return ExitCode::from(1);
    }
    let node = session.world.host(session.ctx().host).name.clone();
    let ctx = session.ctx().clone();
    let exec = Exec { host: ctx.host, netns: INIT_NETNS, root: ctx.root_shell, container: None, stdout_tty: true };
    // As if typed: the same pause before it as any command line.
    session.world.advance(THINK_TIME, mesh_core::sim::DEFAULT_BUDGET);
    let (out, trace) = session.exec_traced(&args.command, "", &exec);
    let view = TraceView::new(&trace);
    if let Some(n) = args.hex {
        if n == 0 || n > view.len() {
            eprintln!("mesh: --hex {n}: the trace has hops 1 to {}", view.len());
            return ExitCode::from(2);
        }
    }
    if let Some(path) = &args.pcap {
        if let Err(e) = std::fs::write(path, view.to_pcapng(epoch_ns)) {
            eprintln!("mesh: {}: {e}", path.display());
            return ExitCode::from(2);
        }
    }
    let mut text = String::new();
    if args.json {
        let doc = TraceDocument { command: &args.command, node: &node, stdout: &out.stdout, stderr: &out.stderr, status: out.status, hops: &trace.hops };
        text = serde_json::to_string_pretty(&doc).unwrap_or_default();
        text.push('\n');
    } else {
        text.push_str(&out.stdout);
        let _ = std::io::stderr().write_all(out.stderr.as_bytes());
        if view.is_empty() {
            text.push_str("\nthe command sent no packets\n");
        } else {
            text.push_str(&format!("\n{} hops:\n", view.len()));
            text.push_str(&view.hop_list(None));
        }
        if let Some(hex) = args.hex.and_then(|n| view.hex(n - 1)) {
            text.push('\n');
            text.push_str(&hex);
        }
    }
    let _ = std::io::stdout().write_all(text.as_bytes());
    crate::exit_code(out.status)
}

/// What `--json` prints: the command, where it ran, its output and status,
/// and the hops (as in mesh-core's `TraceView::to_json`).
#[derive(serde::Serialize)]
struct TraceDocument<'a> {
    command: &'a [String],
    node: &'a str,
    stdout: &'a str,
    stderr: &'a str,
    status: i32,
    hops: &'a [Hop],
}

/// Run the setup like a script with `-e`; on failure, say which command.
fn setup(session: &mut Session, script: &str) -> Result<(), String> {
    let lines: Vec<&str> = script.lines().collect();
    let mut i = 0;
    while i < lines.len() && !session.ended() {
        let line = lines[i];
        i += 1;
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let (out, used) = session.run_with_more(line, &lines[i..]);
        i += used;
        if !out.success() {
            return Err(format!("mesh: setup command `{line}` failed with status {}:\n{}{}", out.status, out.stdout, out.stderr));
        }
    }
    Ok(())
}

/// Log in to `node` (as `ssh NODE` would) unless already there.
fn go_to(session: &mut Session, node: &str) -> Result<(), String> {
    if session.ended() {
        return Err("the setup ended the session".into());
    }
    if session.world.host(session.ctx().host).name == node {
        return Ok(());
    }
    if session.world.host_by_name(node).is_none() {
        return Err(format!("--on {node}: no such machine (machines: {})", crate::machines::machine_names(session).join(", ")));
    }
    let ctx = session.ctx().clone();
    let exec = Exec { host: ctx.host, netns: INIT_NETNS, root: ctx.root_shell, container: None, stdout_tty: true };
    let out = session.exec(&["ssh".to_string(), node.to_string()], "", &exec);
    if out.success() { Ok(()) } else { Err(out.combined()) }
}
