//! Scenario files: what a person would type on a root shell of a fresh Linux
//! host, one command per line, plus compare points.
//!
//! Grammar (a strict subset of sh, so every scenario reads like a session):
//! - `# text` is a comment; blank lines are ignored.
//! - `#> COMMAND` is a compare point: an observation (`iptables-save -c`,
//!   `ip neigh`, `conntrack -L` …) run on both sides and compared. Every other
//!   command is compared too (stdout, stderr, exit status); the marker says
//!   "this line is here to be looked at", and keeps the file a valid script.
//! - A line ending in `\` continues on the next line.
//! - A trailing ` &` starts a background job; `wait` waits for all jobs and
//!   `wait %N` for job N (numbered from 1 in start order, like bash). Every
//!   job must be waited for before the scenario ends, and must end by itself
//!   (`--count`/`--timeout`, `tcpdump -c N`).
//! - `COMMAND <<WORD` (or `<<'WORD'`) feeds the following lines, up to a line
//!   that is exactly `WORD`, to the command's standard input, literally.
//! - Words are split with POSIX quoting (`'…'`, `"…"`, `\`). Pipes, lists,
//!   redirections, substitutions, globs and variables are not part of the
//!   grammar and are rejected, so both backends see exactly the same words.

use std::fmt;
use std::path::Path;

/// One scenario: its name (the file stem, `NN-topic`) and its steps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    pub name: String,
    pub steps: Vec<Step>,
}

/// One command of a scenario, as typed (heredoc body included).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// 1-based line number of the command's first line in the scenario file.
    pub line: usize,
    pub kind: StepKind,
    /// The command text; a heredoc keeps its body and terminator, separated
    /// by `\n`, exactly as a shell would read them.
    pub command: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepKind {
    /// A command that builds the scenario or makes traffic.
    Run,
    /// A `#>` compare point: an observation of state.
    Observe,
}

/// A scenario file that does not follow the grammar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl Scenario {
    pub fn load(path: &Path) -> Result<Scenario, String> {
        let name = path.file_stem().and_then(|s| s.to_str()).ok_or_else(|| format!("{}: bad file name", path.display()))?.to_string();
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Scenario::parse(&name, &text).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub fn parse(name: &str, text: &str) -> Result<Scenario, ParseError> {
        let lines: Vec<&str> = text.lines().collect();
        let mut steps = Vec::new();
        let mut jobs_started = 0usize;
        let mut jobs_waited = 0usize;
        let mut index = 0;
        while index < lines.len() {
            let line_no = index + 1;
            let mut text = lines[index].trim_end().to_string();
            index += 1;
            while text.ends_with('\\') {
                text.pop();
                let next = lines.get(index).ok_or_else(|| ParseError { line: line_no, message: "line continuation at end of file".into() })?;
                text.push_str(next.trim_end());
                index += 1;
            }
            let trimmed = text.trim_start();
            let (kind, mut command) = if let Some(rest) = trimmed.strip_prefix("#>") {
                (StepKind::Observe, rest.trim().to_string())
            } else if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            } else {
                (StepKind::Run, trimmed.to_string())
            };
            let error = |message: String| ParseError { line: line_no, message };
            if let Some(terminator) = heredoc_terminator(&command).map_err(error)? {
                loop {
                    let body = lines.get(index).ok_or_else(|| ParseError { line: line_no, message: format!("heredoc not terminated by '{terminator}'") })?;
                    index += 1;
                    command.push('\n');
                    command.push_str(body);
                    if *body == terminator {
                        break;
                    }
                }
            }
            let parsed = ShellCommand::parse(&command).map_err(|m| ParseError { line: line_no, message: m })?;
            match &parsed.action {
                Action::Wait(None) => jobs_waited = jobs_started,
                Action::Wait(Some(n)) if *n == 0 || *n > jobs_started => {
                    return Err(ParseError { line: line_no, message: format!("wait %{n}: no such job") });
                }
                Action::Wait(Some(_)) => {}
                Action::Exec { background: true, .. } => {
                    if kind == StepKind::Observe {
                        return Err(ParseError { line: line_no, message: "a compare point cannot run in the background".into() });
                    }
                    jobs_started += 1;
                }
                Action::Exec { .. } => {}
            }
            steps.push(Step { line: line_no, kind, command });
        }
        if jobs_waited < jobs_started {
            return Err(ParseError { line: lines.len(), message: "a background job is never waited for (add `wait`)".into() });
        }
        Ok(Scenario { name: name.to_string(), steps })
    }
}

/// A command line, split the way both backends must execute it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellCommand {
    pub action: Action,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Run a program: its words, its standard input (from a heredoc) and
    /// whether it is a background job.
    Exec { words: Vec<String>, stdin: Option<String>, background: bool },
    /// `wait` (all jobs) or `wait %N`.
    Wait(Option<usize>),
}

impl ShellCommand {
    /// Parses one command as [`Step::command`] holds it.
    pub fn parse(text: &str) -> Result<ShellCommand, String> {
        let (first, rest) = match text.split_once('\n') {
            Some((first, rest)) => (first, Some(rest)),
            None => (text, None),
        };
        let (line, stdin) = match (heredoc_terminator(first)?, rest) {
            (Some(terminator), Some(rest)) => {
                let body = rest
                    .strip_suffix(terminator.as_str())
                    .filter(|b| b.is_empty() || b.ends_with('\n'))
                    .ok_or_else(|| format!("heredoc not terminated by '{terminator}'"))?;
                let cut = first.rfind("<<").unwrap_or(first.len());
                (first[..cut].trim_end(), Some(body.to_string()))
            }
            (None, None) => (first, None),
            _ => return Err("a command spans several lines without a heredoc".into()),
        };
        let mut line = line.trim();
        let background = match line.strip_suffix('&') {
            Some(head) if !head.ends_with('&') => {
                line = head.trim_end();
                true
            }
            _ => false,
        };
        check_plain_words(line)?;
        let words = shell_words::split(line).map_err(|e| format!("cannot split words: {e}"))?;
        if words.is_empty() {
            return Err("empty command".into());
        }
        if words[0] == "wait" {
            if background || stdin.is_some() {
                return Err("`wait` takes no heredoc and cannot run in the background".into());
            }
            return match words.as_slice() {
                [_] => Ok(ShellCommand { action: Action::Wait(None) }),
                [_, job] => {
                    let n = job.strip_prefix('%').and_then(|n| n.parse::<usize>().ok()).ok_or_else(|| format!("wait: expected %N, got '{job}'"))?;
                    Ok(ShellCommand { action: Action::Wait(Some(n)) })
                }
                _ => Err("wait: too many arguments".into()),
            };
        }
        Ok(ShellCommand { action: Action::Exec { words, stdin, background } })
    }
}

/// The terminator word when `line` ends with a heredoc operator
/// (`<<EOF`, `<<'EOF'`, `<<"EOF"`).
fn heredoc_terminator(line: &str) -> Result<Option<String>, String> {
    let Some(at) = line.rfind("<<") else {
        return Ok(None);
    };
    let word = line[at + 2..].trim();
    let unquoted =
        word.strip_prefix('\'').and_then(|w| w.strip_suffix('\'')).or_else(|| word.strip_prefix('"').and_then(|w| w.strip_suffix('"'))).unwrap_or(word);
    if unquoted.is_empty() || !unquoted.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(format!("unsupported heredoc operator '{}'", &line[at..]));
    }
    Ok(Some(unquoted.to_string()))
}

/// Rejects shell syntax outside quotes that the grammar does not have.
fn check_plain_words(line: &str) -> Result<(), String> {
    let mut chars = line.chars().peekable();
    let mut word_start = true;
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                for q in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                }
            }
            '"' => {
                while let Some(q) = chars.next() {
                    match q {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        '$' | '`' => {
                            return Err(format!("unsupported shell syntax '{q}' in quotes"));
                        }
                        _ => {}
                    }
                }
            }
            '\\' => {
                chars.next();
            }
            '|' | ';' | '&' | '<' | '>' | '(' | ')' | '$' | '`' | '*' | '?' => {
                return Err(format!("unsupported shell syntax '{c}'"));
            }
            '#' if word_start => return Err("unsupported shell syntax '#' (comment)".into()),
            _ => {}
        }
        word_start = c.is_whitespace();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exec(words: &[&str], stdin: Option<&str>, background: bool) -> ShellCommand {
        ShellCommand { action: Action::Exec { words: words.iter().map(|w| w.to_string()).collect(), stdin: stdin.map(str::to_string), background } }
    }

    #[test]
    fn parses_steps_kinds_lines_and_heredocs() {
        let text = "\
# a comment

ip netns add a
#> ip netns exec a iptables-save -c
ip netns exec a iptables-restore <<'EOF'
*filter
COMMIT
EOF
ip link add x \\
  type dummy
ip netns exec a nettest tcp-listen 80 &
wait
";
        let scenario = Scenario::parse("t", text).unwrap();
        let got: Vec<(usize, StepKind, &str)> = scenario.steps.iter().map(|s| (s.line, s.kind, s.command.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (3, StepKind::Run, "ip netns add a"),
                (4, StepKind::Observe, "ip netns exec a iptables-save -c"),
                (5, StepKind::Run, "ip netns exec a iptables-restore <<'EOF'\n*filter\nCOMMIT\nEOF"),
                (9, StepKind::Run, "ip link add x   type dummy"),
                (11, StepKind::Run, "ip netns exec a nettest tcp-listen 80 &"),
                (12, StepKind::Run, "wait"),
            ]
        );
    }

    #[test]
    fn splits_commands_into_words_stdin_and_jobs() {
        assert_eq!(
            ShellCommand::parse("iptables -A INPUT -m comment --comment 'a b' -j ACCEPT").unwrap(),
            exec(&["iptables", "-A", "INPUT", "-m", "comment", "--comment", "a b", "-j", "ACCEPT"], None, false)
        );
        assert_eq!(ShellCommand::parse("iptables-restore <<EOF\n*nat\nCOMMIT\nEOF").unwrap(), exec(&["iptables-restore"], Some("*nat\nCOMMIT\n"), false));
        assert_eq!(ShellCommand::parse("iptables-restore <<EOF\nEOF").unwrap(), exec(&["iptables-restore"], Some(""), false));
        assert_eq!(ShellCommand::parse("nettest udp-listen 53 &").unwrap(), exec(&["nettest", "udp-listen", "53"], None, true));
        assert_eq!(ShellCommand::parse("wait").unwrap().action, Action::Wait(None));
        assert_eq!(ShellCommand::parse("wait %2").unwrap().action, Action::Wait(Some(2)));
        assert_eq!(
            ShellCommand::parse("iptables -A FORWARD ! -o br0 -j DROP").unwrap(),
            exec(&["iptables", "-A", "FORWARD", "!", "-o", "br0", "-j", "DROP"], None, false)
        );
    }

    #[test]
    fn rejects_syntax_outside_the_grammar() {
        for bad in [
            "ip a | grep x",
            "ip a; ip r",
            "ip a && ip r",
            "ip a > /tmp/x",
            "echo $HOME",
            "echo \"$HOME\"",
            "echo `id`",
            "ls *",
            "ip a # comment",
            "wait %x",
            "wait &",
            "",
        ] {
            assert!(ShellCommand::parse(bad).is_err(), "accepted {bad:?}");
        }
        // Quoted, the same characters are plain data.
        assert!(ShellCommand::parse("nettest udp-send 10.0.0.2:53 'a|b;c>d $x *'").is_ok());
    }

    #[test]
    fn rejects_bad_scenarios_with_their_line() {
        let cases = [
            ("nettest tcp-listen 80 &\n", 1, "never waited"),
            ("wait %1\n", 1, "no such job"),
            ("#> nettest tcp-listen 80 &\nwait\n", 1, "background"),
            ("iptables-restore <<EOF\n*filter\n", 1, "not terminated"),
            ("ip a\nip r | cat\n", 2, "unsupported"),
        ];
        for (text, line, needle) in cases {
            let error = Scenario::parse("t", text).unwrap_err();
            assert_eq!(error.line, line, "{text:?}: {error}");
            assert!(error.message.contains(needle), "{text:?}: {error}");
        }
    }
}
