//! Transcripts: what every step of a scenario printed, and the golden-file
//! text form of it.
//!
//! A golden file (`tests/parity/golden/<scenario>.out`) is a rendered,
//! normalised transcript of the real kernel run:
//!
//! ```text
//! # parity transcript: 01-veth-ping (normalised, see tests/parity/README.md)
//! @4 $ ip netns add a
//! @9 $ ip netns exec a ping -c 1 -W 1 10.0.0.2
//! | PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.
//! |
//! @12 #> ip netns exec a ip neigh
//! | 10.0.0.2 dev eth0 lladdr 02:00:00:00:00:02 REACHABLE
//! @14 $ ip netns exec a nettest tcp-connect 10.0.0.2:81
//! ! connect: Connection refused
//! = exit 1
//! ```
//!
//! `@LINE $` starts a step (`#>` for a compare point), `> ` lines are a
//! heredoc's body, `| ` lines are stdout, `! ` lines stderr (an empty line is
//! the bare prefix), `\ no newline at end` follows a stream whose last line
//! has no newline, and `= exit N` gives a non-zero exit status. Trailing
//! spaces are kept: they are part of the real tools' output.

use crate::Output;
use crate::scenario::StepKind;

/// What one step printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub line: usize,
    pub kind: StepKind,
    pub command: String,
    pub output: Output,
}

/// All steps of one scenario run, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transcript {
    pub scenario: String,
    pub entries: Vec<Entry>,
}

const NO_NEWLINE: &str = "\\ no newline at end";

impl Entry {
    /// The entry in golden-file form (see the module docs).
    pub fn render(&self) -> String {
        let mut out = String::new();
        let marker = match self.kind {
            StepKind::Run => "$",
            StepKind::Observe => "#>",
        };
        let mut command_lines = self.command.split('\n');
        let first = command_lines.next().unwrap_or_default();
        out.push_str(&format!("@{} {marker} {first}\n", self.line));
        for body in command_lines {
            push_prefixed(&mut out, ">", body);
        }
        render_stream(&mut out, "|", &self.output.stdout);
        render_stream(&mut out, "!", &self.output.stderr);
        if self.output.status != 0 {
            out.push_str(&format!("= exit {}\n", self.output.status));
        }
        out
    }
}

impl Transcript {
    pub fn render(&self) -> String {
        let mut out = format!("# parity transcript: {} (normalised, see tests/parity/README.md)\n", self.scenario);
        for entry in &self.entries {
            out.push_str(&entry.render());
        }
        out
    }

    /// Reads a rendered transcript back.
    pub fn parse(text: &str) -> Result<Transcript, String> {
        let mut lines = text.lines().enumerate().peekable();
        let header = lines.next().map(|(_, l)| l).unwrap_or_default();
        let scenario = header.strip_prefix("# parity transcript: ").and_then(|rest| rest.split(' ').next()).ok_or("missing transcript header")?.to_string();
        let mut entries: Vec<Entry> = Vec::new();
        // Which stream the previous line belonged to, for the no-newline marker.
        let mut last_stream: Option<char> = None;
        for (index, line) in lines {
            let error = |what: &str| format!("golden line {}: {what}: {line:?}", index + 1);
            if let Some(rest) = line.strip_prefix('@') {
                let (number, rest) = rest.split_once(' ').ok_or_else(|| error("bad step header"))?;
                let line_no = number.parse().map_err(|_| error("bad line number"))?;
                let (kind, command) = if let Some(c) = rest.strip_prefix("$ ") {
                    (StepKind::Run, c)
                } else if let Some(c) = rest.strip_prefix("#> ") {
                    (StepKind::Observe, c)
                } else {
                    return Err(error("bad step marker"));
                };
                entries.push(Entry { line: line_no, kind, command: command.to_string(), output: Output::default() });
                last_stream = None;
                continue;
            }
            let entry = entries.last_mut().ok_or_else(|| error("output before the first step"))?;
            if line == NO_NEWLINE {
                let stream = match last_stream {
                    Some('|') => &mut entry.output.stdout,
                    Some('!') => &mut entry.output.stderr,
                    _ => return Err(error("misplaced no-newline marker")),
                };
                stream.pop();
                last_stream = None;
            } else if let Some(status) = line.strip_prefix("= exit ") {
                entry.output.status = status.parse().map_err(|_| error("bad exit status"))?;
            } else if let Some(body) = strip_prefixed(line, '>') {
                entry.command.push('\n');
                entry.command.push_str(body);
            } else if let Some(text) = strip_prefixed(line, '|') {
                entry.output.stdout.push_str(text);
                entry.output.stdout.push('\n');
                last_stream = Some('|');
            } else if let Some(text) = strip_prefixed(line, '!') {
                entry.output.stderr.push_str(text);
                entry.output.stderr.push('\n');
                last_stream = Some('!');
            } else {
                return Err(error("unrecognised line"));
            }
        }
        Ok(Transcript { scenario, entries })
    }
}

fn push_prefixed(out: &mut String, prefix: &str, text: &str) {
    out.push_str(prefix);
    if !text.is_empty() {
        out.push(' ');
        out.push_str(text);
    }
    out.push('\n');
}

/// `| text` → `text`, and a bare `|` → the empty line.
fn strip_prefixed(line: &str, prefix: char) -> Option<&str> {
    let rest = line.strip_prefix(prefix)?;
    if rest.is_empty() { Some("") } else { rest.strip_prefix(' ') }
}

fn render_stream(out: &mut String, prefix: &str, text: &str) {
    if text.is_empty() {
        return;
    }
    let (body, complete) = match text.strip_suffix('\n') {
        Some(body) => (body, true),
        None => (text, false),
    };
    for line in body.split('\n') {
        push_prefixed(out, prefix, line);
    }
    if !complete {
        out.push_str(NO_NEWLINE);
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(line: usize, kind: StepKind, command: &str, stdout: &str, stderr: &str, status: i32) -> Entry {
        Entry { line, kind, command: command.into(), output: Output { stdout: stdout.into(), stderr: stderr.into(), status, interleaved: None } }
    }

    #[test]
    fn renders_the_documented_form() {
        let transcript = Transcript {
            scenario: "01-x".into(),
            entries: vec![
                entry(3, StepKind::Run, "ip netns add a", "", "", 0),
                entry(4, StepKind::Observe, "ip neigh", "10.0.0.2 dev eth0 REACHABLE \n\nx", "", 0),
                entry(5, StepKind::Run, "iptables-restore <<EOF\n*nat\n\nEOF", "", "oops\n", 1),
            ],
        };
        let expected = "\
# parity transcript: 01-x (normalised, see tests/parity/README.md)
@3 $ ip netns add a
@4 #> ip neigh
| 10.0.0.2 dev eth0 REACHABLE 
|
| x
\\ no newline at end
@5 $ iptables-restore <<EOF
> *nat
>
> EOF
! oops
= exit 1
";
        assert_eq!(transcript.render(), expected);
        assert_eq!(Transcript::parse(expected).unwrap(), transcript);
    }

    #[test]
    fn round_trips_awkward_outputs() {
        for (stdout, stderr) in [("", ""), ("\n", ""), ("a", "b"), ("a\n\n", "\n\nb"), (" | x \n", "! y")] {
            let transcript = Transcript { scenario: "s".into(), entries: vec![entry(1, StepKind::Run, "cmd", stdout, stderr, 2)] };
            assert_eq!(Transcript::parse(&transcript.render()).unwrap(), transcript, "{stdout:?} {stderr:?}");
        }
    }

    #[test]
    fn rejects_garbage() {
        assert!(Transcript::parse("").is_err());
        assert!(Transcript::parse("# parity transcript: s\n| orphan\n").is_err());
        assert!(Transcript::parse("# parity transcript: s\n@1 $ x\nwhat\n").is_err());
        assert!(Transcript::parse("# parity transcript: s\n@x $ x\n").is_err());
    }
}
