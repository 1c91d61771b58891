//! Script mode, like `sh -s`: each line runs in the current context (so
//! `ssh node2` moves the following lines to node2), only the outputs are
//! printed, blank lines and `#` comments are skipped, and the exit status is
//! the last command's. Here-documents take the lines that follow them.

use std::io::Write;
use std::process::ExitCode;

use mesh_core::shell::Session;

/// `-e` and `-x`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Stop at the first command that fails.
    pub errexit: bool,
    /// Print `$ COMMAND` (and its here-document) before its output.
    pub xtrace: bool,
}

pub fn run(mut session: Session, script: &str, options: Options) -> ExitCode {
    let lines: Vec<&str> = script.lines().collect();
    let mut stdout = std::io::stdout().lock();
    let mut status = 0;
    let mut i = 0;
    while i < lines.len() && !session.ended() {
        let line = lines[i];
        i += 1;
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let (out, used) = session.run_with_more(line, &lines[i..]);
        let mut text = String::new();
        if options.xtrace {
            text.push_str(&format!("$ {line}\n"));
            for l in &lines[i..i + used] {
                text.push_str(&format!("{l}\n"));
            }
        }
        i += used;
        // A closed pipe (`mesh … | head`) is not an error worth reporting.
        let _ = stdout.write_all(text.as_bytes());
        crate::write_output(&mut stdout, &out);
        status = out.status;
        if options.errexit && status != 0 {
            break;
        }
    }
    crate::exit_code(status)
}
