//! `mesh lab list|run|check`: labs are Markdown files (the format is
//! mesh-core's `lab` module, documented in `labs/README.md`).

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use mesh_core::lab::{self, FrontMatter, Lab, Part};
use mesh_core::shell::Session;

use crate::machines;
use crate::style::Style;

#[derive(Debug, Subcommand)]
pub enum LabCommand {
    /// List the labs of the labs directory with their estimated minutes.
    List {
        /// The labs directory (default: ./labs, else the one mesh was built from).
        #[arg(long, env = "MESH_LABS", value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Run a lab: its narrative, then each command and its output.
    ///
    /// In a terminal, mesh waits for Enter before each command (q quits);
    /// --yes runs straight through. Outputs that differ from the lab's are
    /// pointed out. Exits 1 if any did.
    Run {
        /// A lab name from `mesh lab list`, or a lab file.
        #[arg(value_name = "NAME|FILE")]
        lab: String,
        /// Do not pause before each command.
        #[arg(long, short = 'y')]
        yes: bool,
        /// The labs directory (default: ./labs, else the one mesh was built from).
        #[arg(long, env = "MESH_LABS", value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Check labs: run every command and compare its output with the lab's.
    ///
    /// Prints a diff for each output that differs, located by the lab file's
    /// line numbers, and exits 1 if any does (or a lab cannot be read).
    Check {
        /// Lab files (a README.md among them is skipped).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
}

pub fn run(command: LabCommand, seed: Option<u64>, style: Style) -> ExitCode {
    match command {
        LabCommand::List { dir } => list(&labs_dir(dir)),
        LabCommand::Run { lab, yes, dir } => run_lab(&resolve(&lab, &labs_dir(dir)), yes, seed, style),
        LabCommand::Check { files } => {
            let mut ok = true;
            // A labs directory's README.md describes the format; `labs/*.md`
            // names it too, and it is not a lab (as in `mesh lab list`).
            for file in files.iter().filter(|f| f.file_name().is_none_or(|n| n != "README.md")) {
                ok &= check_file(file, seed, style);
            }
            if ok { ExitCode::SUCCESS } else { ExitCode::from(1) }
        }
    }
}

/// `--dir`/`MESH_LABS`, else `./labs`, else the labs directory next to the
/// crate mesh was built from.
fn labs_dir(dir: Option<PathBuf>) -> PathBuf {
    if let Some(d) = dir {
        return d;
    }
    let here = PathBuf::from("labs");
    if here.is_dir() {
        return here;
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../labs")
}

/// The lab files of a directory (every `.md` but the README), sorted.
fn lab_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md") && p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    files
}

fn stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// A lab argument: a file if it names one, else a lab of the directory by
/// name (`01-ingress`) or by its number prefix (`01`).
fn resolve(arg: &str, dir: &Path) -> PathBuf {
    let as_path = PathBuf::from(arg);
    if as_path.is_file() || arg.contains('/') || arg.ends_with(".md") {
        return as_path;
    }
    let files = lab_files(dir);
    files
        .iter()
        .find(|p| stem(p) == arg)
        .or_else(|| files.iter().find(|p| stem(p).split_once('-').is_some_and(|(n, _)| n == arg)))
        .cloned()
        .unwrap_or_else(|| dir.join(format!("{arg}.md")))
}

fn list(dir: &Path) -> ExitCode {
    let files = lab_files(dir);
    if files.is_empty() {
        eprintln!("mesh: no labs in {}", dir.display());
        return ExitCode::from(1);
    }
    let mut rows = Vec::new();
    for f in &files {
        let (minutes, title) = match std::fs::read_to_string(f).map_err(|e| e.to_string()).and_then(|t| Lab::parse(&t).map_err(|e| e.to_string())) {
            Ok(lab) => (lab.meta.minutes.map(|m| format!("{m} min")).unwrap_or_default(), lab.meta.title),
            Err(e) => (String::new(), format!("(cannot be read: {e})")),
        };
        rows.push((stem(f), minutes, title));
    }
    let w0 = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
    let w1 = rows.iter().map(|r| r.1.len()).max().unwrap_or(0);
    for (name, minutes, title) in rows {
        println!("{name:<w0$}  {minutes:>w1$}  {title}");
    }
    ExitCode::SUCCESS
}

/// Read and parse a lab; errors are printed as `FILE:LINE: message`.
fn read_lab(path: &Path) -> Option<Lab> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("mesh: {}: {e}", path.display());
            return None;
        }
    };
    match Lab::parse(&text) {
        Ok(lab) => Some(lab),
        Err(e) => {
            eprintln!("{}:{}: {}", path.display(), e.line, e.message);
            None
        }
    }
}

/// The session a lab's front matter asks for (its scenario file is
/// relative to the lab); `--seed` overrides the lab's seed.
fn lab_session(path: &Path, meta: &FrontMatter, seed: Option<u64>) -> Result<Session, String> {
    let scenario = machines::load_scenario(&meta.scenario, path.parent())?;
    Ok(machines::start(&scenario, seed.or(meta.seed)))
}

fn check_file(path: &Path, seed: Option<u64>, style: Style) -> bool {
    let Some(lab) = read_lab(path) else { return false };
    let report = lab::check(&lab, |meta| lab_session(path, meta, seed));
    let text = report.render(&path.display().to_string());
    let text = if report.passed() { text } else { style.red(&text) };
    let _ = std::io::stdout().write_all(text.as_bytes());
    report.passed()
}

fn run_lab(path: &Path, yes: bool, seed: Option<u64>, style: Style) -> ExitCode {
    let Some(lab) = read_lab(path) else { return ExitCode::from(2) };
    let mut session = match lab_session(path, &lab.meta, seed) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("mesh: {e}");
            return ExitCode::from(2);
        }
    };
    let pause = !yes && std::io::stdin().is_terminal();
    let mut out = std::io::stdout();
    let mut header = format!("{}\n{}\n", style.bold(&lab.meta.title), lab.meta.summary);
    if let Some(m) = lab.meta.minutes {
        header.push_str(&format!("About {m} minutes."));
        if !lab.meta.prerequisites.is_empty() {
            header.push_str(&format!(" You should know: {}.", lab.meta.prerequisites.join(", ")));
        }
        header.push('\n');
    }
    let _ = writeln!(out, "{header}");
    let mut differ = 0;
    let mut stdin = std::io::stdin().lock();
    for part in &lab.parts {
        match part {
            Part::Text { text, .. } => {
                let _ = writeln!(out, "{text}\n");
            }
            Part::Console(block) => {
                for step in &block.steps {
                    let prompt = match &step.node {
                        Some(node) => format!("{node}$ "),
                        None if session.ended() => "$ ".to_string(),
                        None => session.prompt(),
                    };
                    let _ = write!(out, "{}{}", style.prompt(&prompt), step.command);
                    let _ = out.flush();
                    if pause {
                        let _ = write!(out, "  {}", style.dim("[Enter runs it, q quits]"));
                        let _ = out.flush();
                        let mut answer = String::new();
                        if stdin.read_line(&mut answer).unwrap_or(0) == 0 || answer.trim() == "q" {
                            return ExitCode::from(if differ > 0 { 1 } else { 0 });
                        }
                    } else {
                        let _ = writeln!(out);
                    }
                    for l in &step.here_doc {
                        let _ = writeln!(out, "{l}");
                    }
                    let output = lab::run_step(&mut session, step);
                    let _ = write!(out, "{}", output.stdout);
                    let _ = out.flush();
                    let _ = std::io::stderr().write_all(output.stderr.as_bytes());
                    if block.checked {
                        if let Some(diff) = lab::compare(step, &output) {
                            differ += 1;
                            let note = format!("({}:{}: this output differs from the lab's:)\n{diff}", path.display(), step.line);
                            let _ = write!(out, "{}", style.red(&note));
                        }
                    }
                }
                let _ = writeln!(out);
            }
        }
    }
    if differ > 0 {
        let what = if differ == 1 { "1 output differed".to_string() } else { format!("{differ} outputs differed") };
        let _ = writeln!(out, "{}", style.red(&format!("{what} from the lab's.")));
        return ExitCode::from(1);
    }
    let _ = writeln!(out, "{}", style.green("Lab complete."));
    ExitCode::SUCCESS
}
