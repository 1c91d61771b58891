//! The interactive shell: line editing, history kept across runs, Tab
//! completion from mesh-core, Ctrl-C cancelling the line and Ctrl-D (or
//! `exit`) leaving the current machine.

use std::process::ExitCode;

use mesh_core::shell::complete::{Completion, Names};
use mesh_core::shell::{Session, compound, parse};
use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::FileHistory;
use rustyline::validate::Validator;
use rustyline::{CompletionType, Config, Context, Editor, Helper};

use crate::style::Style;

/// Completion over what the session knew when the line started.
struct MeshHelper {
    names: Names,
}

impl Completer for MeshHelper {
    type Candidate = Pair;

    fn complete(&self, line: &str, pos: usize, _ctx: &Context<'_>) -> rustyline::Result<(usize, Vec<Pair>)> {
        let Completion { start, candidates } = mesh_core::shell::complete::complete(line, pos, &self.names);
        let pairs = candidates.into_iter().map(|c| Pair { display: c.trim_end().to_string(), replacement: c }).collect();
        Ok((start, pairs))
    }
}

impl Hinter for MeshHelper {
    type Hint = String;
}

impl Highlighter for MeshHelper {}

impl Validator for MeshHelper {}

impl Helper for MeshHelper {}

struct NoVars;

impl parse::Vars for NoVars {
    fn get(&self, _name: &str) -> Option<String> {
        None
    }
}

pub fn run(mut session: Session, scenario: &str, style: Style) -> ExitCode {
    let config = Config::builder().auto_add_history(true).history_ignore_space(true).completion_type(CompletionType::List).build();
    let mut editor: Editor<MeshHelper, FileHistory> = match Editor::with_config(config) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("mesh: cannot use the terminal: {e}");
            return ExitCode::from(2);
        }
    };
    editor.set_helper(Some(MeshHelper { names: Names::default() }));
    let history = crate::data_dir().map(|d| d.join("history"));
    if let Some(path) = &history {
        let _ = std::fs::create_dir_all(path.parent().unwrap_or(path));
        let _ = editor.load_history(path);
    }
    let machine = session.world.host(session.ctx().host).name.clone();
    println!(
        "{} a shell on {machine} of the `{scenario}` scenario. Type {} for what mesh models, {} to follow a request hop by hop; Ctrl-D leaves.",
        style.bold("mesh:"),
        style.bold("help"),
        style.bold("trace CMD")
    );
    while !session.ended() {
        if let Some(h) = editor.helper_mut() {
            h.names = session.completion_names();
        }
        let prompt = session.prompt();
        let line = match editor.readline(&(prompt.as_str(), style.prompt(&prompt).as_str())) {
            Ok(line) => line,
            // Ctrl-C: the line is dropped and a fresh prompt shown, as in bash.
            Err(ReadlineError::Interrupted) => continue,
            // Ctrl-D on an empty line: leave this machine, as `exit` does.
            Err(ReadlineError::Eof) => "exit".to_string(),
            Err(e) => {
                eprintln!("mesh: {e}");
                break;
            }
        };
        let Some(more) = here_documents(&mut editor, &line) else { continue };
        let more: Vec<&str> = more.iter().map(String::as_str).collect();
        let (out, _) = session.run_with_more(&line, &more);
        let mut stdout = std::io::stdout().lock();
        crate::write_output(&mut stdout, &out);
        if let Some(path) = &history {
            let _ = editor.save_history(path);
        }
    }
    crate::exit_code(session.last_status)
}

/// The lines a here-document or an open `for` loop in `line` needs, read
/// with bash's `> ` prompt;
/// `None` if the user gave up with Ctrl-C.
fn here_documents(editor: &mut Editor<MeshHelper, FileHistory>, line: &str) -> Option<Vec<String>> {
    let mut more: Vec<String> = Vec::new();
    loop {
        let borrowed: Vec<&str> = more.iter().map(String::as_str).collect();
        let heredoc_open = matches!(parse::parse(line, &borrowed, &NoVars), Err(e) if e.0.starts_with("warning: here-document"));
        // A `for` loop still waiting for its `done`.
        let loop_open = !heredoc_open && compound::loop_unfinished(&borrowed.iter().fold(line.trim_end().to_string(), |t, l| compound::join_line(&t, l)));
        if !heredoc_open && !loop_open {
            return Some(more);
        }
        match editor.readline("> ") {
            Ok(l) => more.push(l),
            Err(ReadlineError::Interrupted) => return None,
            // End of input inside a here-document: bash warns and runs it.
            Err(_) => return Some(more),
        }
    }
}
