//! Labs: guided walkthroughs written as Markdown whose console blocks are
//! executable, and the checker that runs them.
//!
//! A lab file is front matter, narrative, and ```` ```console ```` blocks:
//!
//! ````markdown
//! ---
//! title: The ingress routing mesh
//! summary: Follow a published port from the node into the task.
//! scenario: seed
//! seed: 1
//! minutes: 20
//! prerequisites: [docker basics, iptables basics]
//! ---
//!
//! Narrative in Markdown.
//!
//! ```console
//! $ docker service ls
//! ID             NAME      MODE         REPLICAS   IMAGE          PORTS
//! [..]           web       replicated   1/1        nginx:latest   *:8080->80/tcp
//! node2$ ip -br addr
//! ...
//! ```
//! ````
//!
//! - `$ command` runs in the session's current context (which follows the
//!   lab's own `ssh`/`exit`/`sudo -i` lines); `NODE$ command` runs that one
//!   command on machine NODE as if in a second terminal logged in there,
//!   leaving the current context as it was.
//! - The lines after a command, up to the next command or the end of the
//!   block, are its expected output (stdout then stderr). `[..]` matches any
//!   text within a line; a line that is exactly `...` matches any number of
//!   lines (none included). Everything else must match exactly, trailing
//!   spaces included; whether the output ends with a newline is not checked.
//! - A command ending in ` \` continues on the next line (a leading `> `
//!   there, bash's continuation prompt, is dropped). A here-document's lines
//!   (`cat <<EOF` … `EOF`) belong to its command.
//! - ```` ```console no-check ```` marks a block whose commands run (later
//!   blocks may depend on them) but whose output is not compared.
//! - Other fenced blocks are narrative and never run.
//!
//! [`Lab::parse`] reports the first mistake with its line number;
//! [`check`] runs every command in a fresh session and reports each output
//! that differs with a diff pointing at the lab file's lines.
//!
//! Not modelled: the exit status of a command is not checked (its error
//! output is); there is no per-command "unchecked" marker, only per block.

use std::fmt;
use std::fmt::Write;

use crate::kernel::INIT_NETNS;
use crate::output::CmdOutput;
use crate::shell::{Exec, Session, parse};

/// The lab's front matter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FrontMatter {
    pub title: String,
    pub summary: String,
    /// A built-in scenario name or a `.toml` file (relative to the lab).
    pub scenario: String,
    /// The RNG seed; the scenario's own when absent.
    pub seed: Option<u64>,
    /// Estimated minutes to work through the lab.
    pub minutes: Option<u32>,
    pub prerequisites: Vec<String>,
}

/// A parsed lab.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lab {
    pub meta: FrontMatter,
    /// Narrative and console blocks, in file order.
    pub parts: Vec<Part>,
}

/// A piece of a lab.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Markdown text (other fenced blocks included), starting at `line`.
    Text {
        line: usize,
        text: String,
    },
    Console(ConsoleBlock),
}

/// A ```` ```console ```` block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleBlock {
    /// The line of the opening fence.
    pub line: usize,
    /// False for ```` ```console no-check ````.
    pub checked: bool,
    pub steps: Vec<Step>,
}

/// One command of a console block and its expected output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// The line of the `$` prompt.
    pub line: usize,
    /// The machine of a `NODE$` prompt.
    pub node: Option<String>,
    /// The command line (continuation lines joined).
    pub command: String,
    /// Lines that follow the command as its here-documents.
    pub here_doc: Vec<String>,
    pub expected: Vec<ExpectedLine>,
}

/// One line of expected output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedLine {
    pub line: usize,
    pub text: String,
}

/// A mistake in a lab file.
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

impl std::error::Error for ParseError {}

fn error<T>(line: usize, message: impl Into<String>) -> Result<T, ParseError> {
    Err(ParseError { line, message: message.into() })
}

/// The line matching any number of lines.
pub const ANY_LINES: &str = "...";
/// Matches any text within a line.
pub const ANY_TEXT: &str = "[..]";

impl Lab {
    /// Parse a lab file.
    pub fn parse(text: &str) -> Result<Lab, ParseError> {
        let lines: Vec<&str> = text.lines().collect();
        let (meta, body_start) = front_matter(&lines)?;
        let mut parts = Vec::new();
        let mut text_start = body_start;
        let mut i = body_start;
        while i < lines.len() {
            let Some((fence, info)) = fence_open(lines[i]) else {
                i += 1;
                continue;
            };
            let open = i;
            let close = (i + 1..lines.len())
                .find(|&j| is_fence_close(lines[j], fence))
                .ok_or(ParseError { line: open + 1, message: "this code block is never closed".into() })?;
            let mut words = info.split_whitespace();
            if words.next() == Some("console") {
                let mut checked = true;
                for w in words {
                    match w {
                        "no-check" => checked = false,
                        other => return error(open + 1, format!("unknown console block attribute `{other}` (only `no-check` is known)")),
                    }
                }
                push_text(&mut parts, &lines, text_start, open);
                let steps = console_steps(&lines, open + 1, close)?;
                parts.push(Part::Console(ConsoleBlock { line: open + 1, checked, steps }));
                text_start = close + 1;
            }
            i = close + 1;
        }
        push_text(&mut parts, &lines, text_start, lines.len());
        Ok(Lab { meta, parts })
    }

    /// The console blocks.
    pub fn blocks(&self) -> impl Iterator<Item = &ConsoleBlock> + '_ {
        self.parts.iter().filter_map(|p| match p {
            Part::Console(b) => Some(b),
            Part::Text { .. } => None,
        })
    }

    /// Every step, with whether its output is checked.
    pub fn steps(&self) -> impl Iterator<Item = (&Step, bool)> + '_ {
        self.blocks().flat_map(|b| b.steps.iter().map(move |s| (s, b.checked)))
    }
}

fn push_text(parts: &mut Vec<Part>, lines: &[&str], from: usize, to: usize) {
    if from >= to {
        return;
    }
    let text = lines[from..to].join("\n");
    if !text.trim().is_empty() {
        parts.push(Part::Text { line: from + 1, text });
    }
}

/// A fence opening: its backticks and its info string.
fn fence_open(line: &str) -> Option<(&str, &str)> {
    let ticks = line.len() - line.trim_start_matches('`').len();
    (ticks >= 3).then(|| (&line[..ticks], line[ticks..].trim()))
}

fn is_fence_close(line: &str, fence: &str) -> bool {
    let t = line.trim_end();
    t.len() >= fence.len() && t.chars().all(|c| c == '`')
}

fn front_matter(lines: &[&str]) -> Result<(FrontMatter, usize), ParseError> {
    if lines.first().map(|l| l.trim_end()) != Some("---") {
        return error(1, "a lab starts with front matter: a `---` line, `key: value` lines, and a `---` line");
    }
    let end = (1..lines.len())
        .find(|&j| lines[j].trim_end() == "---")
        .ok_or(ParseError { line: 1, message: "the front matter is never closed with `---`".into() })?;
    let mut meta = FrontMatter::default();
    let (mut title, mut summary, mut scenario) = (false, false, false);
    let mut list_key: Option<usize> = None;
    for (j, raw) in lines.iter().enumerate().take(end).skip(1) {
        let n = j + 1;
        if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
            continue;
        }
        if let Some(item) = raw.trim_start().strip_prefix("- ") {
            if list_key.is_none() {
                return error(n, "a list item outside `prerequisites:`");
            }
            meta.prerequisites.push(unquote(item.trim()).to_string());
            continue;
        }
        list_key = None;
        let Some((key, value)) = raw.split_once(':') else {
            return error(n, format!("expected `key: value`, found `{}`", raw.trim()));
        };
        let value = value.trim();
        let nonempty = |v: &str| if v.is_empty() { error(n, format!("`{}` needs a value", key.trim())) } else { Ok(unquote(v).to_string()) };
        match key.trim() {
            "title" => (meta.title, title) = (nonempty(value)?, true),
            "summary" => (meta.summary, summary) = (nonempty(value)?, true),
            "scenario" => (meta.scenario, scenario) = (nonempty(value)?, true),
            "seed" => meta.seed = Some(value.parse().or(error(n, format!("seed: `{value}` is not a whole number")))?),
            "minutes" => meta.minutes = Some(value.parse().or(error(n, format!("minutes: `{value}` is not a whole number")))?),
            "prerequisites" => {
                if value.is_empty() {
                    list_key = Some(n);
                } else if let Some(inner) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
                    meta.prerequisites = inner.split(',').map(|s| unquote(s.trim()).to_string()).filter(|s| !s.is_empty()).collect();
                } else {
                    meta.prerequisites = vec![unquote(value).to_string()];
                }
            }
            other => return error(n, format!("unknown front matter key `{other}` (known: title, summary, scenario, seed, minutes, prerequisites)")),
        }
    }
    for (present, key) in [(title, "title"), (summary, "summary"), (scenario, "scenario")] {
        if !present {
            return error(1, format!("the front matter has no `{key}`"));
        }
    }
    Ok((meta, end + 1))
}

fn unquote(v: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = v.strip_prefix(q).and_then(|s| s.strip_suffix(q)) {
            return inner;
        }
    }
    v
}

/// A prompt line: the machine (for `NODE$`) and the command.
fn prompt(line: &str) -> Option<(Option<&str>, &str)> {
    if line == "$" {
        return Some((None, ""));
    }
    if let Some(cmd) = line.strip_prefix("$ ") {
        return Some((None, cmd));
    }
    let (node, cmd) = line.split_once("$ ").or_else(|| line.strip_suffix('$').map(|n| (n, "")))?;
    let valid =
        node.chars().next().is_some_and(|c| c.is_ascii_alphanumeric()) && node.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    valid.then_some((Some(node), cmd))
}

struct NoVars;

impl parse::Vars for NoVars {
    fn get(&self, _name: &str) -> Option<String> {
        None
    }
}

fn console_steps(lines: &[&str], from: usize, to: usize) -> Result<Vec<Step>, ParseError> {
    let mut steps: Vec<Step> = Vec::new();
    let mut i = from;
    while i < to {
        let n = i + 1;
        let line = lines[i];
        let Some((node, first)) = prompt(line) else {
            match steps.last_mut() {
                Some(step) => step.expected.push(ExpectedLine { line: n, text: line.to_string() }),
                None => return error(n, "output before the first `$ command` of the block"),
            }
            i += 1;
            continue;
        };
        let mut command = first.to_string();
        i += 1;
        while let Some(head) = command.strip_suffix('\\') {
            if i >= to {
                return error(n, "the command continues (`\\`) past the end of the block");
            }
            let next = lines[i].strip_prefix("> ").unwrap_or(lines[i]);
            command = format!("{head}{next}");
            i += 1;
        }
        if command.trim().is_empty() {
            return error(n, "a prompt without a command");
        }
        let more: Vec<&str> = lines[i..to].to_vec();
        let used = parse::parse(&command, &more, &NoVars).map(|(_, used)| used).unwrap_or(0);
        let here_doc = lines[i..i + used].iter().map(|s| s.to_string()).collect();
        i += used;
        steps.push(Step { line: n, node: node.map(str::to_string), command, here_doc, expected: Vec::new() });
    }
    Ok(steps)
}

// ----- running and checking ---------------------------------------------------

/// Run one step in `session`: in its current context, or on the step's
/// machine (logged in there for this one command) for a `NODE$` step.
pub fn run_step(session: &mut Session, step: &Step) -> CmdOutput {
    if session.ended() {
        return CmdOutput::err("mesh: the session has ended (an `exit` on the first machine)\n", 1);
    }
    let more: Vec<&str> = step.here_doc.iter().map(String::as_str).collect();
    let Some(node) = &step.node else {
        return session.run_with_more(&step.command, &more).0;
    };
    let home = session.ctx().clone();
    if session.world.host(home.host).name == *node {
        return session.run_with_more(&step.command, &more).0;
    }
    let exec = Exec { host: home.host, netns: INIT_NETNS, root: home.root_shell, container: None, stdout_tty: true };
    let login = session.exec(&["ssh".to_string(), node.clone()], "", &exec);
    if !login.success() {
        return login;
    }
    let there = session.ctx().clone();
    let out = session.run_with_more(&step.command, &more).0;
    // Log out again unless the command already left that machine.
    if !session.ended() && *session.ctx() == there {
        let exec = Exec { host: there.host, netns: INIT_NETNS, root: there.root_shell, container: None, stdout_tty: true };
        let status = session.last_status;
        session.exec(&["exit".to_string()], "", &exec);
        session.last_status = status;
    }
    out
}

/// Whether `line` matches `pattern`, where `[..]` in the pattern matches
/// any text.
pub fn line_matches(pattern: &str, line: &str) -> bool {
    let pieces: Vec<&str> = pattern.split(ANY_TEXT).collect();
    let [first, middle @ .., last] = pieces.as_slice() else {
        return pattern == line;
    };
    if line.len() < first.len() + last.len() || !line.starts_with(first) || !line.ends_with(last) {
        return false;
    }
    let mut rest = &line[first.len()..line.len() - last.len()];
    for piece in middle {
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    true
}

/// One line of an alignment of expected and actual output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    /// Expected line `e` matched actual line `a`.
    Same(usize, usize),
    /// Actual line `a` was absorbed by the `...` at expected line `e`.
    Absorbed(usize, usize),
    /// A `...` line that absorbed no line.
    EmptyAny(usize),
    /// Expected line `e` is missing from the output.
    Missing(usize),
    /// Actual line `a` was not expected.
    Extra(usize),
}

/// The cheapest alignment (fewest missing + extra lines) of expected and
/// actual lines; cost 0 means the output matches.
fn align(expected: &[&str], actual: &[&str]) -> (usize, Vec<Op>) {
    let (e, a) = (expected.len(), actual.len());
    // cost[i][j]: aligning expected[i..] with actual[j..].
    let mut cost = vec![vec![0usize; a + 1]; e + 1];
    for i in (0..=e).rev() {
        for j in (0..=a).rev() {
            cost[i][j] = if i == e {
                a - j
            } else if expected[i] == ANY_LINES {
                let skip = cost[i + 1][j];
                if j < a { skip.min(cost[i][j + 1]) } else { skip }
            } else {
                let mut best = cost[i + 1][j] + 1;
                if j < a {
                    best = best.min(cost[i][j + 1] + 1);
                    if line_matches(expected[i], actual[j]) {
                        best = best.min(cost[i + 1][j + 1]);
                    }
                }
                best
            };
        }
    }
    let mut ops = Vec::new();
    let (mut i, mut j) = (0, 0);
    let mut absorbed_any = false;
    while i < e || j < a {
        if i == e {
            ops.push(Op::Extra(j));
            j += 1;
        } else if expected[i] == ANY_LINES {
            if j < a && cost[i][j] == cost[i][j + 1] {
                ops.push(Op::Absorbed(i, j));
                absorbed_any = true;
                j += 1;
            } else {
                if !absorbed_any {
                    ops.push(Op::EmptyAny(i));
                }
                absorbed_any = false;
                i += 1;
            }
        } else if j < a && line_matches(expected[i], actual[j]) && cost[i][j] == cost[i + 1][j + 1] {
            ops.push(Op::Same(i, j));
            i += 1;
            j += 1;
        } else if cost[i][j] == cost[i + 1][j] + 1 {
            ops.push(Op::Missing(i));
            i += 1;
        } else {
            ops.push(Op::Extra(j));
            j += 1;
        }
    }
    (cost[0][0], ops)
}

/// Lines of unchanged context shown around each difference.
const CONTEXT: usize = 3;

/// Compare a step's expected output with what the command printed; `None`
/// if they match, otherwise a diff whose `-` lines carry the lab file's
/// line numbers.
pub fn compare(step: &Step, output: &CmdOutput) -> Option<String> {
    let combined = output.combined();
    let actual: Vec<&str> = combined.lines().collect();
    let expected: Vec<&str> = step.expected.iter().map(|l| l.text.as_str()).collect();
    let (cost, ops) = align(&expected, &actual);
    if cost == 0 {
        return None;
    }
    let lineno = |e: usize| step.expected.get(e).map(|l| l.line).unwrap_or(step.line);
    let width = step.expected.last().map(|l| l.line).unwrap_or(step.line).to_string().len();
    let changed: Vec<bool> = ops.iter().map(|op| matches!(op, Op::Missing(_) | Op::Extra(_))).collect();
    let near_change = |k: usize| {
        let lo = k.saturating_sub(CONTEXT);
        let hi = (k + CONTEXT + 1).min(ops.len());
        changed[lo..hi].iter().any(|c| *c)
    };
    let mut out = String::new();
    let mut skipped = 0usize;
    for (k, op) in ops.iter().enumerate() {
        if !near_change(k) {
            skipped += 1;
            continue;
        }
        if skipped > 0 {
            let _ = writeln!(out, "  {:>width$}   ({skipped} matching lines)", "");
            skipped = 0;
        }
        let line = match *op {
            Op::Same(e, a) => format!("  {:>width$}   {}", lineno(e), actual[a]),
            Op::Absorbed(e, a) => format!("  {:>width$} . {}", lineno(e), actual[a]),
            Op::EmptyAny(e) => format!("  {:>width$}   {ANY_LINES}", lineno(e)),
            Op::Missing(e) => format!("  {:>width$} - {}", lineno(e), expected[e]),
            Op::Extra(a) => format!("  {:>width$} + {}", "", actual[a]),
        };
        let _ = writeln!(out, "{}", line.trim_end());
    }
    if skipped > 0 {
        let _ = writeln!(out, "  {:>width$}   ({skipped} matching lines)", "");
    }
    let trimmed_e: Vec<String> = expected.iter().map(|l| l.trim_end().to_string()).collect();
    let trimmed_a: Vec<String> = actual.iter().map(|l| l.trim_end().to_string()).collect();
    let te: Vec<&str> = trimmed_e.iter().map(String::as_str).collect();
    let ta: Vec<&str> = trimmed_a.iter().map(String::as_str).collect();
    if align(&te, &ta).0 == 0 {
        out.push_str("note: the lines differ only in trailing whitespace\n");
    }
    Some(out)
}

/// A command whose output differed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The line of the command's prompt.
    pub line: usize,
    pub node: Option<String>,
    pub command: String,
    pub diff: String,
}

/// What [`check`] found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Commands run.
    pub run: usize,
    /// Commands whose output was compared.
    pub checked: usize,
    pub failures: Vec<Failure>,
    /// The session could not be created (bad scenario): nothing ran.
    pub setup_error: Option<String>,
}

impl Report {
    pub fn passed(&self) -> bool {
        self.failures.is_empty() && self.setup_error.is_none()
    }

    /// The report for people, each location as `path:line`.
    pub fn render(&self, path: &str) -> String {
        let mut out = String::new();
        if let Some(e) = &self.setup_error {
            let _ = writeln!(out, "{path}: cannot start the lab's session: {e}");
            return out;
        }
        for f in &self.failures {
            let prompt = f.node.as_deref().unwrap_or("");
            let _ = writeln!(out, "{path}:{}: the output of `{prompt}$ {}` differs (- expected, + actual, . matched by `...`):", f.line, f.command);
            out.push_str(&f.diff);
        }
        let verdict = if self.passed() { "ok" } else { "FAILED" };
        let _ = writeln!(out, "{path}: {verdict}: {} commands run, {} checked, {} differ", self.run, self.checked, self.failures.len());
        out
    }
}

/// Run every command of `lab` in the session `new_session` makes for its
/// front matter, comparing the outputs of checked blocks.
pub fn check(lab: &Lab, new_session: impl FnOnce(&FrontMatter) -> Result<Session, String>) -> Report {
    let mut session = match new_session(&lab.meta) {
        Ok(s) => s,
        Err(e) => return Report { setup_error: Some(e), ..Report::default() },
    };
    let mut report = Report::default();
    for (step, checked) in lab.steps() {
        let out = run_step(&mut session, step);
        report.run += 1;
        if !checked {
            continue;
        }
        report.checked += 1;
        if let Some(diff) = compare(step, &out) {
            report.failures.push(Failure { line: step.line, node: step.node.clone(), command: step.command.clone(), diff });
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::World;

    const GOOD: &str = "\
---
title: Loopback
summary: \"Ping yourself.\"
scenario: bare
seed: 7
minutes: 5
prerequisites:
  - a shell
  - ping
---

# Loopback

Narrative.

```console
$ echo hello
hello
$ ping -c 1 127.0.0.1
PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.
64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=[..] ms
...
rtt min/avg/max/mdev = [..]/[..]/[..]/0.000 ms
```

```sh
$ not run: a narrative block
```

```console no-check
$ echo \\
> anything goes
whatever
$ cat <<EOF
a here-document
EOF
a here-document
```
";

    fn lab(text: &str) -> Lab {
        match Lab::parse(text) {
            Ok(l) => l,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn parses_front_matter_narrative_and_console_blocks() {
        let l = lab(GOOD);
        assert_eq!(
            l.meta,
            FrontMatter {
                title: "Loopback".into(),
                summary: "Ping yourself.".into(),
                scenario: "bare".into(),
                seed: Some(7),
                minutes: Some(5),
                prerequisites: vec!["a shell".into(), "ping".into()],
            }
        );
        let kinds: Vec<(usize, &str)> = l
            .parts
            .iter()
            .map(|p| match p {
                Part::Text { line, .. } => (*line, "text"),
                Part::Console(b) => (b.line, if b.checked { "console" } else { "console no-check" }),
            })
            .collect();
        assert_eq!(kinds, [(11, "text"), (16, "console"), (25, "text"), (30, "console no-check")]);
        let steps: Vec<(usize, &str, bool)> = l.steps().map(|(s, checked)| (s.line, s.command.as_str(), checked)).collect();
        assert_eq!(steps, [(17, "echo hello", true), (19, "ping -c 1 127.0.0.1", true), (31, "echo anything goes", false), (34, "cat <<EOF", false)]);
        let (ping, _) = l.steps().nth(1).unwrap_or_else(|| panic!("no ping"));
        assert_eq!(ping.expected.first().map(|e| e.line), Some(20));
        assert_eq!(ping.expected.len(), 4);
        let (cat, _) = l.steps().nth(3).unwrap_or_else(|| panic!("no cat"));
        assert_eq!(cat.here_doc, ["a here-document", "EOF"]);
        assert_eq!(cat.expected, [ExpectedLine { line: 37, text: "a here-document".into() }]);
    }

    #[test]
    fn prompts_name_machines() {
        let l = lab(
            "---\ntitle: t\nsummary: s\nscenario: seed\nprerequisites: [a, \"b c\"]\n---\n```console\nnode2$ hostname\nnode2\nnode1.example-1$ true\n```\n",
        );
        let steps: Vec<(Option<&str>, &str)> = l.steps().map(|(s, _)| (s.node.as_deref(), s.command.as_str())).collect();
        assert_eq!(steps, [(Some("node2"), "hostname"), (Some("node1.example-1"), "true")]);
        assert_eq!(l.meta.prerequisites, ["a", "b c"]);
        // Not prompts: a `$` inside output, or a name with other characters.
        assert_eq!(prompt("cost: 5$ total"), None);
        assert_eq!(prompt("-x$ y"), None);
    }

    #[test]
    fn mistakes_are_reported_with_their_line() {
        let fm = "---\ntitle: t\nsummary: s\nscenario: bare\n---\n";
        let cases: &[(&str, usize, &str)] = &[
            ("# no front matter\n", 1, "a lab starts with front matter: a `---` line, `key: value` lines, and a `---` line"),
            ("---\ntitle: t\n", 1, "the front matter is never closed with `---`"),
            ("---\ntitle: t\nsummary: s\n---\n", 1, "the front matter has no `scenario`"),
            (
                "---\ntitle: t\nsummary: s\nscenario: bare\nauthor: me\n---\n",
                5,
                "unknown front matter key `author` (known: title, summary, scenario, seed, minutes, prerequisites)",
            ),
            ("---\ntitle: t\nsummary: s\nscenario: bare\nseed: seven\n---\n", 5, "seed: `seven` is not a whole number"),
            ("---\ntitle:\n---\n", 2, "`title` needs a value"),
            ("---\ntitle t\n---\n", 2, "expected `key: value`, found `title t`"),
            ("---\n- item\n---\n", 2, "a list item outside `prerequisites:`"),
        ];
        for (text, line, message) in cases {
            assert_eq!(Lab::parse(text), Err(ParseError { line: *line, message: message.to_string() }), "{text}");
        }
        let body_cases: &[(&str, usize, &str)] = &[
            ("```console\n$ true\n", 6, "this code block is never closed"),
            ("text\n```console\noutput\n$ true\n```\n", 8, "output before the first `$ command` of the block"),
            ("```console nocheck\n$ true\n```\n", 6, "unknown console block attribute `nocheck` (only `no-check` is known)"),
            ("```console\n$ echo \\\n```\n", 7, "the command continues (`\\`) past the end of the block"),
            ("```console\n$ \n```\n", 7, "a prompt without a command"),
        ];
        for (body, line, message) in body_cases {
            let text = format!("{fm}{body}");
            assert_eq!(Lab::parse(&text), Err(ParseError { line: *line, message: message.to_string() }), "{body}");
        }
        assert_eq!(ParseError { line: 3, message: "m".into() }.to_string(), "line 3: m");
    }

    #[test]
    fn wildcards_within_a_line() {
        let cases = [
            ("abc", "abc", true),
            ("abc", "abd", false),
            ("a[..]c", "abbbc", true),
            ("a[..]c", "ac", true),
            ("a[..]c", "ab", false),
            ("[..]", "", true),
            ("[..]x[..]", "aaxbb", true),
            ("[..]x[..]", "aabb", false),
            ("ab[..]ba", "aba", false),
            ("time=[..] ms", "time=0.002 ms", true),
            ("[..]:8080->80/tcp", "*:8080->80/tcp", true),
            ("a[..]b[..]c", "acb", false),
            ("a[..]b[..]c", "abc", true),
        ];
        for (pattern, line, expected) in cases {
            assert_eq!(line_matches(pattern, line), expected, "{pattern:?} ~ {line:?}");
        }
    }

    fn step(expected: &[&str]) -> Step {
        Step {
            line: 10,
            node: None,
            command: "cmd".into(),
            here_doc: Vec::new(),
            expected: expected.iter().enumerate().map(|(i, t)| ExpectedLine { line: 11 + i, text: t.to_string() }).collect(),
        }
    }

    #[track_caller]
    fn diff(expected: &[&str], actual: &str) -> Option<String> {
        compare(&step(expected), &CmdOutput::ok(actual))
    }

    #[test]
    fn matching_outputs_have_no_diff() {
        assert_eq!(diff(&[], ""), None);
        assert_eq!(diff(&["a", "b"], "a\nb\n"), None);
        assert_eq!(diff(&["a", "b"], "a\nb"), None, "the final newline is not checked");
        assert_eq!(diff(&["a", "...", "z"], "a\nb\nc\nz\n"), None);
        assert_eq!(diff(&["a", "...", "z"], "a\nz\n"), None, "`...` matches no lines too");
        assert_eq!(diff(&["..."], ""), None);
        assert_eq!(diff(&["...", "x[..]", "..."], "1\n2\nxyz\n3\n"), None);
        assert_eq!(compare(&step(&["out", "err"]), &CmdOutput { stdout: "out\n".into(), stderr: "err\n".into(), status: 1, interleaved: None }), None);
    }

    #[test]
    fn differences_are_shown_against_the_lab_lines() {
        assert_eq!(diff(&["a", "b", "c"], "a\nB\nc\n").as_deref(), Some("  11   a\n  12 - b\n     + B\n  13   c\n"));
        assert_eq!(diff(&["a", "b"], "a\n").as_deref(), Some("  11   a\n  12 - b\n"));
        assert_eq!(diff(&[], "surprise\n").as_deref(), Some("     + surprise\n"));
        assert_eq!(diff(&["a", "...", "z"], "a\nb\ny\n").as_deref(), Some("  11   a\n  12 . b\n  12 . y\n  13 - z\n"));
        assert_eq!(diff(&["a  ", "b"], "a\nb\n").as_deref(), Some("  11 - a\n     + a\n  12   b\nnote: the lines differ only in trailing whitespace\n"));
        // Far from a difference, matching lines are summarised.
        let expected: Vec<String> = (1..=10).map(|i| i.to_string()).collect();
        let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
        assert_eq!(
            diff(&expected, "1\n2\n3\n4\n5\n6\n7\n8\n9\nten\n").as_deref(),
            Some("       (6 matching lines)\n  17   7\n  18   8\n  19   9\n  20 - 10\n     + ten\n")
        );
    }

    fn two_machines() -> Session {
        let mut w = World::new(1);
        let node1 = w.add_host("node1");
        w.add_host("node2");
        Session::new(w, node1, "user")
    }

    #[test]
    fn a_node_prompt_runs_one_command_there() {
        let mut s = two_machines();
        let l = lab(
            "---\ntitle: t\nsummary: s\nscenario: x\n---\n```console\nnode2$ hostname\n$ hostname\nnode1$ hostname\n$ ssh node2\nnode1$ hostname\n$ hostname\nnode9$ hostname\n```\n",
        );
        let outs: Vec<String> = l.steps().map(|(st, _)| run_step(&mut s, st).combined()).collect();
        assert_eq!(outs, ["node2\n", "node1\n", "node1\n", "", "node1\n", "node2\n", "ssh: Could not resolve hostname node9: Name or service not known\n"]);
        assert_eq!(s.world.host(s.ctx().host).name, "node2");
    }

    #[test]
    fn check_passes_a_good_lab() {
        let report = check(&lab(GOOD), |meta| {
            assert_eq!(meta.scenario, "bare");
            Ok(Session::bare_host(meta.seed.unwrap_or(1)))
        });
        assert_eq!(report, Report { run: 4, checked: 2, failures: Vec::new(), setup_error: None });
        assert_eq!(report.render("labs/loopback.md"), "labs/loopback.md: ok: 4 commands run, 2 checked, 0 differ\n");
    }

    #[test]
    fn check_fails_a_broken_lab_with_a_diff_at_its_line() {
        let broken = GOOD.replace("icmp_seq=1 ttl=64", "icmp_seq=1 ttl=63");
        let report = check(&lab(&broken), |meta| Ok(Session::bare_host(meta.seed.unwrap_or(1))));
        assert!(!report.passed());
        assert_eq!(
            report.render("labs/broken.md"),
            "\
labs/broken.md:19: the output of `$ ping -c 1 127.0.0.1` differs (- expected, + actual, . matched by `...`):
  20   PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.
  21 - 64 bytes from 127.0.0.1: icmp_seq=1 ttl=63 time=[..] ms
  22 . 64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.002 ms
  22 .
  22 . --- 127.0.0.1 ping statistics ---
       (2 matching lines)
labs/broken.md: FAILED: 4 commands run, 2 checked, 1 differ
"
        );
        let report = check(&lab(GOOD), |_| Err("scenario: unknown".into()));
        assert_eq!(report.render("x.md"), "x.md: cannot start the lab's session: scenario: unknown\n");
    }

    proptest::proptest! {
        #[test]
        fn parsing_any_text_never_panics(body in "(---\n|```console[ a-z-]*\n|```\n|[a-z0-9]{0,6}\\$ [a-z <\\\\]{0,12}\n|EOF\n|> [a-z]{0,4}\n|title: [a-z]{0,3}\n|\\.\\.\\.\n|[ -~]{0,20}\n){0,30}") {
            let _ = Lab::parse(&body);
            let _ = Lab::parse(&format!("---\ntitle: t\nsummary: s\nscenario: bare\n---\n{body}"));
        }

        #[test]
        fn matching_any_pattern_never_panics(pattern in "([a-c]|\\[\\.\\.\\]|\\.\\.\\.|é){0,8}", line in "[a-cé.\\[\\]]{0,10}") {
            let _ = line_matches(&pattern, &line);
            let _ = diff(&[pattern.as_str(), "...", pattern.as_str()], &format!("{line}\n{line}\n"));
        }
    }

    #[test]
    fn a_session_that_ended_reports_it() {
        let l = lab("---\ntitle: t\nsummary: s\nscenario: bare\n---\n```console\n$ exit\n$ hostname\nhost\n```\n");
        let report = check(&l, |_| Ok(Session::bare_host(1)));
        assert_eq!(report.failures.len(), 1);
        assert_eq!(report.failures[0].line, 8);
        assert!(report.failures[0].diff.contains("+ mesh: the session has ended"), "{}", report.failures[0].diff);
    }
}
