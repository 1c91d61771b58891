//! Compound commands on one line: bash's `for NAME in WORDS; do LIST; done`
//! (nested loops too), the loop people type to watch load balancing
//! (`for i in $(seq 6); do curl -s 10.0.0.2:8080 | head -1; done`).
//!
//! The list items [`super::parse::split_list`] found are grouped into
//! [`Step`]s: a plain item, or a loop whose body is more steps. The words
//! of a loop are expanded when the loop starts (variables, `$(…)`, and
//! brace sequences such as `{1..5}` or `{a,b}`); each body item is expanded
//! when it runs, as bash does, so `$i` is the current value.
//!
//! Not modelled: `while`/`until` (a virtual clock would make `while true`
//! spin for ever), `if`/`case`, `break`/`continue`, loops spread over
//! several input lines, and a pipe or redirection after `done`; mesh says
//! so rather than running something else.

use super::parse::{Join, SyntaxError, split_list};

/// One step of a command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// A list item's text, with the operator before it.
    Item(Join, String),
    /// `for VAR in WORDS; do BODY; done`; `words` is `None` for `for VAR; do`
    /// (which loops over the positional parameters: none in mesh's shell).
    For { join: Join, var: String, words: Option<String>, body: Vec<Step> },
}

/// The keywords mesh's shell does not run, with what it says instead.
pub const UNMODELLED_KEYWORDS: &[&str] = &["while", "until", "if", "case", "select", "function", "break", "continue"];

/// The first word of an item, if it is a bare word.
fn first_word(text: &str) -> &str {
    let t = text.trim_start();
    t.split(|c: char| c.is_whitespace()).next().unwrap_or("")
}

/// The text after the first word.
fn after_first_word(text: &str) -> &str {
    let t = text.trim_start();
    let w = first_word(t);
    &t[w.len()..]
}

fn unexpected(tok: &str) -> SyntaxError {
    SyntaxError(format!("syntax error near unexpected token `{tok}'"))
}

/// Group list items into steps. The error is the whole message: bash's
/// syntax error (`-bash: syntax error …`) or mesh's word on what it does
/// not model.
pub fn group(items: Vec<(Join, String)>) -> Result<Vec<Step>, String> {
    if let Some(k) = items.iter().map(|(_, t)| first_word(t)).find(|w| UNMODELLED_KEYWORDS.contains(w)) {
        return Err(format!("mesh: the shell's `{k}' is not modelled (it runs `for NAME in WORDS; do …; done' loops)"));
    }
    group_items(items).map_err(|e| if e.0.starts_with("mesh: ") { e.0 } else { format!("-bash: {}", e.0) })
}

fn group_items(items: Vec<(Join, String)>) -> Result<Vec<Step>, SyntaxError> {
    let mut steps = Vec::new();
    let mut it = items.into_iter();
    while let Some((join, text)) = it.next() {
        match first_word(&text) {
            w @ ("done" | "do") => return Err(unexpected(w)),
            "for" => {
                let header = after_first_word(&text);
                let var = first_word(header).to_string();
                let rest = after_first_word(header);
                let words = match first_word(rest) {
                    "" => None,
                    "in" => Some(after_first_word(rest).trim().to_string()),
                    other => return Err(unexpected(other)),
                };
                // The next item must begin with `do`.
                let Some((_, next)) = it.next() else {
                    return Err(SyntaxError("syntax error: unexpected end of file".into()));
                };
                if first_word(&next) != "do" {
                    return Err(unexpected(first_word(&next)));
                }
                let first = after_first_word(&next).to_string();
                match first_word(&first) {
                    // `do` ends the line: the body is still to come.
                    "" if it.len() == 0 => return Err(SyntaxError("syntax error: unexpected end of file".into())),
                    // `do;` (an empty command before `;`)
                    "" => return Err(unexpected(";")),
                    "done" => return Err(unexpected("done")),
                    _ => {}
                }
                // Collect the body up to the matching `done` (loops nest).
                let mut depth = usize::from(first_word(&first) == "for");
                let mut body_items = vec![(Join::Seq, first)];
                let mut closed = false;
                for (j, t) in it.by_ref() {
                    match first_word(&t) {
                        "for" => depth += 1,
                        "done" if depth == 0 => {
                            if !after_first_word(&t).trim().is_empty() {
                                return Err(SyntaxError(format!("mesh: `done{}' is not modelled: a pipe or redirection after a loop", after_first_word(&t))));
                            }
                            closed = true;
                            break;
                        }
                        "done" => depth -= 1,
                        _ => {}
                    }
                    body_items.push((j, t));
                }
                if !closed {
                    return Err(SyntaxError("syntax error: unexpected end of file".into()));
                }
                steps.push(Step::For { join, var, words, body: group_items(body_items)? });
            }
            _ => steps.push(Step::Item(join, text)),
        }
    }
    Ok(steps)
}

/// A loop left open at the end of `line` continues on the next lines, as
/// bash reads a script: a line break acts as `;`, except after `do`, `|`,
/// `&&` and `||`. Returns the joined line and how many of `more` it took
/// (none when the line is complete or the loop never closes).
pub fn join_continued_lines(line: &str, more: &[&str]) -> (String, usize) {
    if !loop_unfinished(line) {
        return (line.to_string(), 0);
    }
    let mut joined = line.trim_end().to_string();
    for (k, next) in more.iter().enumerate() {
        joined = join_line(&joined, next);
        if !loop_unfinished(&joined) {
            return (joined, k + 1);
        }
    }
    (line.to_string(), 0)
}

/// `text` with the next line of a script read onto it.
pub fn join_line(text: &str, next: &str) -> String {
    let next = next.trim();
    if next.is_empty() || next.starts_with('#') {
        return text.to_string();
    }
    let glue = if text.ends_with(" do") || text == "do" || text.ends_with('|') || text.ends_with("&&") || text.ends_with(';') { " " } else { "; " };
    format!("{text}{glue}{next}")
}

/// Whether `text` opens a `for` loop it does not close (an interactive
/// shell then reads more lines with its `> ` prompt).
pub fn loop_unfinished(text: &str) -> bool {
    split_list(text)
        .ok()
        .is_some_and(|items| items.iter().any(|(_, t)| first_word(t) == "for") && group(items).err().is_some_and(|e| e.ends_with("unexpected end of file")))
}

/// Bash's brace expansion for the forms people type in a loop header:
/// `{1..5}`, `{5..1}`, `{1..10..2}`, `{a..e}` and `{a,b,c}`, with a prefix
/// and suffix (`10.0.0.{2..4}`). Words without a valid brace are unchanged.
pub fn expand_braces(word: &str) -> Vec<String> {
    let Some(open) = word.find('{') else { return vec![word.to_string()] };
    let Some(close_rel) = word[open..].find('}') else { return vec![word.to_string()] };
    let close = open + close_rel;
    let (prefix, inner, suffix) = (&word[..open], &word[open + 1..close], &word[close + 1..]);
    let items: Vec<String> = if let Some(seq) = sequence(inner) {
        seq
    } else if inner.contains(',') {
        inner.split(',').map(str::to_string).collect()
    } else {
        return vec![word.to_string()];
    };
    items.into_iter().flat_map(|i| expand_braces(&format!("{prefix}{i}{suffix}"))).collect()
}

fn sequence(inner: &str) -> Option<Vec<String>> {
    let parts: Vec<&str> = inner.split("..").collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    let step: i64 = match parts.get(2) {
        Some(s) => s.parse::<i64>().ok()?.checked_abs()?.max(1),
        None => 1,
    };
    if let (Ok(a), Ok(b)) = (parts[0].parse::<i64>(), parts[1].parse::<i64>()) {
        // Bash pads to the widest operand when either has a leading zero.
        let width = if parts[0].starts_with('0') && parts[0].len() > 1 || parts[1].starts_with('0') && parts[1].len() > 1 {
            parts[0].len().max(parts[1].len())
        } else {
            0
        };
        let count = (a - b).unsigned_abs() / step as u64 + 1;
        if count > 100_000 {
            return None;
        }
        let dir = if b >= a { 1 } else { -1 };
        return Some((0..count as i64).map(|k| format!("{:0width$}", a + dir * k * step)).collect());
    }
    let (ca, cb) = (single_char(parts[0])?, single_char(parts[1])?);
    if !ca.is_ascii_alphabetic() || !cb.is_ascii_alphabetic() {
        return None;
    }
    let (a, b) = (ca as i64, cb as i64);
    let dir = if b >= a { 1 } else { -1 };
    let count = (a - b).unsigned_abs() / step as u64 + 1;
    Some((0..count as i64).filter_map(|k| char::from_u32((a + dir * k * step) as u32)).map(String::from).collect())
}

fn single_char(s: &str) -> Option<char> {
    let mut c = s.chars();
    let first = c.next()?;
    c.next().is_none().then_some(first)
}

/// `seq [FIRST [INCREMENT]] LAST` for integers, as GNU coreutils prints it.
pub fn seq(argv: &[String]) -> crate::output::CmdOutput {
    use crate::output::CmdOutput;
    let args = &argv[1..];
    if args.is_empty() {
        return CmdOutput::err("seq: missing operand\nTry 'seq --help' for more information.\n", 1);
    }
    if args.len() > 3 {
        return CmdOutput::err(format!("seq: extra operand ‘{}’\nTry 'seq --help' for more information.\n", args[3]), 1);
    }
    let mut nums = Vec::new();
    for a in args {
        match a.parse::<i64>() {
            Ok(n) => nums.push(n),
            Err(_) if a.parse::<f64>().is_ok() => {
                return CmdOutput::err(format!("mesh: seq {a}: only whole numbers are modelled\n"), 1);
            }
            Err(_) => return CmdOutput::err(format!("seq: invalid floating point argument: ‘{a}’\nTry 'seq --help' for more information.\n"), 1),
        }
    }
    let (first, step, last) = match nums.as_slice() {
        [l] => (1, 1, *l),
        [f, l] => (*f, 1, *l),
        [f, s, l] => (*f, *s, *l),
        _ => return CmdOutput::default(),
    };
    if step == 0 {
        return CmdOutput::err(format!("seq: invalid Zero increment value: ‘{}’\nTry 'seq --help' for more information.\n", args[1]), 1);
    }
    let mut out = String::new();
    let mut n = first;
    let mut count = 0usize;
    while (step > 0 && n <= last) || (step < 0 && n >= last) {
        if count == 1_000_000 {
            let mut o = CmdOutput::ok(out);
            o.append(CmdOutput::err("mesh: seq stopped after 1000000 numbers\n", 1));
            return o;
        }
        out.push_str(&n.to_string());
        out.push('\n');
        count += 1;
        let Some(next) = n.checked_add(step) else { break };
        n = next;
    }
    CmdOutput::ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(line: &str) -> Result<Vec<Step>, String> {
        group(super::super::parse::split_list(line).map_err(|e| e.0)?).map_err(|e| e.trim_start_matches("-bash: ").to_string())
    }

    #[test]
    fn groups_a_loop_and_what_follows() {
        let s = g("for i in 1 2; do echo $i | head -1; echo x; done && echo end").unwrap();
        assert_eq!(s.len(), 2);
        let Step::For { var, words, body, .. } = &s[0] else { panic!("not a loop: {s:?}") };
        assert_eq!((var.as_str(), words.as_deref()), ("i", Some("1 2")));
        assert_eq!(body, &vec![Step::Item(Join::Seq, " echo $i | head -1".into()), Step::Item(Join::Seq, " echo x".into())]);
        assert_eq!(s[1], Step::Item(Join::And, " echo end".into()));
    }

    #[test]
    fn loops_nest() {
        let s = g("for a in x y; do for b in 1 2; do echo $a$b; done; done").unwrap();
        let Step::For { body, .. } = &s[0] else { panic!() };
        assert!(matches!(&body[0], Step::For { var, .. } if var == "b"));
    }

    #[test]
    fn syntax_errors_read_like_bash() {
        assert_eq!(g("for i in 1 2; do echo $i").unwrap_err(), "syntax error: unexpected end of file");
        assert_eq!(g("for i in 1 2; echo $i; done").unwrap_err(), "syntax error near unexpected token `echo'");
        assert_eq!(g("done").unwrap_err(), "syntax error near unexpected token `done'");
        assert_eq!(g("for i in 1 2; do; echo; done").unwrap_err(), "syntax error near unexpected token `;'");
        assert_eq!(g("for i in 1 2 do echo; done").unwrap_err(), "syntax error near unexpected token `done'");
        assert_eq!(g("while true; do echo; done").unwrap_err(), "mesh: the shell's `while' is not modelled (it runs `for NAME in WORDS; do …; done' loops)");
    }

    #[test]
    fn a_loop_goes_on_over_the_next_lines() {
        let more = ["do", "  echo $i", "  echo x", "done", "echo after"];
        assert_eq!(join_continued_lines("for i in 1 2", &more), ("for i in 1 2; do echo $i; echo x; done".to_string(), 4));
        assert_eq!(join_continued_lines("for i in 1 2; do", &more[1..]), ("for i in 1 2; do echo $i; echo x; done".to_string(), 3));
        assert_eq!(join_continued_lines("echo hi", &more), ("echo hi".to_string(), 0));
        assert_eq!(join_continued_lines("for i in 1; do echo", &["x"]), ("for i in 1; do echo".to_string(), 0));
    }

    #[test]
    fn brace_expansion() {
        assert_eq!(expand_braces("{1..3}"), vec!["1", "2", "3"]);
        assert_eq!(expand_braces("{3..1}"), vec!["3", "2", "1"]);
        assert_eq!(expand_braces("{1..7..3}"), vec!["1", "4", "7"]);
        assert_eq!(expand_braces("{08..10}"), vec!["08", "09", "10"]);
        assert_eq!(expand_braces("10.0.0.{2..3}:80"), vec!["10.0.0.2:80", "10.0.0.3:80"]);
        assert_eq!(expand_braces("{a,b}{1..2}"), vec!["a1", "a2", "b1", "b2"]);
        assert_eq!(expand_braces("{a..c}"), vec!["a", "b", "c"]);
        assert_eq!(expand_braces("{x}"), vec!["{x}"]);
        assert_eq!(expand_braces("{1..}"), vec!["{1..}"]);
    }

    #[test]
    fn seq_prints_like_coreutils() {
        let a = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        assert_eq!(seq(&a("seq 3")).stdout, "1\n2\n3\n");
        assert_eq!(seq(&a("seq 2 4")).stdout, "2\n3\n4\n");
        assert_eq!(seq(&a("seq 1 2 7")).stdout, "1\n3\n5\n7\n");
        assert_eq!(seq(&a("seq 5 1")).stdout, "");
        assert_eq!(seq(&a("seq 3 -1 1")).stdout, "3\n2\n1\n");
        let e = seq(&a("seq"));
        assert_eq!((e.stderr.as_str(), e.status), ("seq: missing operand\nTry 'seq --help' for more information.\n", 1));
        assert_eq!(seq(&a("seq a")).stderr, "seq: invalid floating point argument: ‘a’\nTry 'seq --help' for more information.\n");
    }
}
