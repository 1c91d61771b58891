//! Parsing a command line the way a POSIX shell would, for the subset mesh
//! runs: words with single/double quotes and backslashes, `$?` and
//! `$HOSTNAME`-style variables, pipelines (`|`), lists (`;`, `&&`, `||`),
//! background jobs (`&`), redirections (`>`, `>>`, `<`, `2>&1`,
//! `2>/dev/null`) and here-documents (`<<EOF … EOF`).

/// One simple command: words and redirections.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Simple {
    pub argv: Vec<String>,
    pub stdout_to: Option<(String, bool)>,
    pub stdin_from: Option<String>,
    pub heredoc: Option<String>,
    pub stderr_to_stdout: bool,
    pub stderr_null: bool,
}

/// Commands joined by pipes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pipeline {
    pub cmds: Vec<Simple>,
    pub background: bool,
}

/// How a pipeline joins the next one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Join {
    Seq,
    And,
    Or,
}

/// A command list: pipelines with the operator before each (the first has `Seq`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct List {
    pub items: Vec<(Join, Pipeline)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    Word(String),
    Pipe,
    And,
    Or,
    Semi,
    Amp,
    Great,
    DGreat,
    Less,
    DLess(String),
    ErrToOut,
    ErrNull,
}

/// A syntax error, as bash words it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError(pub String);

/// Variables available to expansion.
pub trait Vars {
    fn get(&self, name: &str) -> Option<String>;
}

#[allow(unused_assignments)] // the last flush! clears `in_word` for symmetry
fn tokenize(line: &str, vars: &dyn Vars) -> Result<(Vec<Tok>, Vec<String>), SyntaxError> {
    let mut toks = Vec::new();
    let mut heredoc_tags = Vec::new();
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    let mut word = String::new();
    let mut in_word = false;
    macro_rules! flush {
        () => {
            if in_word {
                toks.push(Tok::Word(std::mem::take(&mut word)));
                in_word = false;
            }
        };
    }
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' => {
                flush!();
                i += 1;
            }
            '#' if !in_word => break,
            '\'' => {
                in_word = true;
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err(SyntaxError("unexpected EOF while looking for matching `''".into())),
                        Some('\'') => {
                            i += 1;
                            break;
                        }
                        Some(&ch) => {
                            word.push(ch);
                            i += 1;
                        }
                    }
                }
            }
            '"' => {
                in_word = true;
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err(SyntaxError("unexpected EOF while looking for matching `\"'".into())),
                        Some('"') => {
                            i += 1;
                            break;
                        }
                        Some('\\') if matches!(chars.get(i + 1), Some('"' | '\\' | '$' | '`')) => {
                            word.push(chars[i + 1]);
                            i += 2;
                        }
                        Some('$') => {
                            let (val, n) = expand_var(&chars[i..], vars);
                            word.push_str(&val);
                            i += n;
                        }
                        Some(&ch) => {
                            word.push(ch);
                            i += 1;
                        }
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(&n) = chars.get(i + 1) {
                    word.push(n);
                }
                i += 2;
            }
            '$' => {
                in_word = true;
                let (val, n) = expand_var(&chars[i..], vars);
                word.push_str(&val);
                i += n;
            }
            '|' => {
                flush!();
                if chars.get(i + 1) == Some(&'|') {
                    toks.push(Tok::Or);
                    i += 2;
                } else {
                    toks.push(Tok::Pipe);
                    i += 1;
                }
            }
            '&' => {
                flush!();
                if chars.get(i + 1) == Some(&'&') {
                    toks.push(Tok::And);
                    i += 2;
                } else {
                    toks.push(Tok::Amp);
                    i += 1;
                }
            }
            ';' => {
                flush!();
                toks.push(Tok::Semi);
                i += 1;
            }
            '2' if !in_word && chars.get(i + 1) == Some(&'>') => {
                let rest: String = chars[i..].iter().collect();
                if rest.starts_with("2>&1") {
                    toks.push(Tok::ErrToOut);
                    i += 4;
                } else if rest.starts_with("2>/dev/null") {
                    toks.push(Tok::ErrNull);
                    i += 11;
                } else if rest.starts_with("2> /dev/null") {
                    toks.push(Tok::ErrNull);
                    i += 12;
                } else {
                    return Err(SyntaxError("mesh: only 2>&1 and 2>/dev/null are supported".into()));
                }
            }
            '>' => {
                flush!();
                if chars.get(i + 1) == Some(&'>') {
                    toks.push(Tok::DGreat);
                    i += 2;
                } else {
                    toks.push(Tok::Great);
                    i += 1;
                }
            }
            '<' => {
                flush!();
                if chars.get(i + 1) == Some(&'<') {
                    i += 2;
                    if chars.get(i) == Some(&'-') {
                        i += 1;
                    }
                    while chars.get(i) == Some(&' ') {
                        i += 1;
                    }
                    let mut tag = String::new();
                    while let Some(&ch) = chars.get(i) {
                        if ch == ' ' || ch == ';' || ch == '|' || ch == '&' {
                            break;
                        }
                        if ch != '\'' && ch != '"' {
                            tag.push(ch);
                        }
                        i += 1;
                    }
                    if tag.is_empty() {
                        return Err(SyntaxError("syntax error near unexpected token `newline'".into()));
                    }
                    heredoc_tags.push(tag.clone());
                    toks.push(Tok::DLess(tag));
                } else {
                    toks.push(Tok::Less);
                    i += 1;
                }
            }
            _ => {
                in_word = true;
                word.push(c);
                i += 1;
            }
        }
    }
    flush!();
    Ok((toks, heredoc_tags))
}

fn expand_var(chars: &[char], vars: &dyn Vars) -> (String, usize) {
    // chars[0] == '$'
    match chars.get(1) {
        Some('?') => (vars.get("?").unwrap_or_default(), 2),
        Some('{') => {
            let end = chars.iter().position(|c| *c == '}').unwrap_or(chars.len());
            let name: String = chars[2..end.min(chars.len())].iter().collect();
            (vars.get(&name).unwrap_or_default(), end + 1)
        }
        Some(c) if c.is_ascii_alphabetic() || *c == '_' => {
            let mut n = 1;
            while chars.get(n).is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_') {
                n += 1;
            }
            let name: String = chars[1..n].iter().collect();
            (vars.get(&name).unwrap_or_default(), n)
        }
        _ => ("$".to_string(), 1),
    }
}

/// Split a command line into its list items, unexpanded: the text of each
/// pipeline (a background one keeps its trailing `&`) with the operator
/// before it. The shell expands `$VAR` and `$(…)` in an item only when it
/// runs, so `false; echo $?` prints 1. Quotes, backslashes, `$(…)` and
/// comments are respected; syntax errors are left to [`parse`].
pub fn split_list(line: &str) -> Result<Vec<(Join, String)>, SyntaxError> {
    let chars: Vec<char> = line.chars().collect();
    let mut items = Vec::new();
    let mut cur = String::new();
    let mut join = Join::Seq;
    let (mut i, mut quote, mut depth) = (0, None::<char>, 0usize);
    let push = |cur: &mut String, join: Join, items: &mut Vec<(Join, String)>| {
        if !cur.trim().is_empty() {
            items.push((join, std::mem::take(cur)));
        }
        cur.clear();
    };
    while i < chars.len() {
        let c = chars[i];
        match quote {
            Some(q) => {
                cur.push(c);
                if c == q {
                    quote = None;
                } else if c == '\\' && q == '"' {
                    if let Some(&n) = chars.get(i + 1) {
                        cur.push(n);
                        i += 1;
                    }
                }
                i += 1;
                continue;
            }
            None => {}
        }
        match c {
            '\'' | '"' => {
                quote = Some(c);
                cur.push(c);
            }
            '\\' => {
                cur.push(c);
                if let Some(&n) = chars.get(i + 1) {
                    cur.push(n);
                    i += 1;
                }
            }
            '$' if chars.get(i + 1) == Some(&'(') => {
                depth += 1;
                cur.push_str("$(");
                i += 1;
            }
            '(' if depth > 0 => {
                depth += 1;
                cur.push(c);
            }
            ')' if depth > 0 => {
                depth -= 1;
                cur.push(c);
            }
            '#' if depth == 0 && cur.chars().last().is_none_or(char::is_whitespace) => {
                break;
            }
            ';' if depth == 0 => {
                push(&mut cur, join, &mut items);
                join = Join::Seq;
            }
            '&' if depth == 0 && chars.get(i + 1) == Some(&'&') => {
                push(&mut cur, join, &mut items);
                join = Join::And;
                i += 1;
            }
            '|' if depth == 0 && chars.get(i + 1) == Some(&'|') => {
                push(&mut cur, join, &mut items);
                join = Join::Or;
                i += 1;
            }
            '&' if depth == 0 && !cur.ends_with('>') => {
                cur.push('&');
                push(&mut cur, join, &mut items);
                join = Join::Seq;
            }
            _ => cur.push(c),
        }
        i += 1;
    }
    if depth > 0 {
        return Err(SyntaxError("unexpected EOF while looking for matching `)'".into()));
    }
    push(&mut cur, join, &mut items);
    Ok(items)
}

/// Parse one logical line. `more` yields further input lines for
/// here-documents; returns the list and how many extra lines were used.
pub fn parse(line: &str, more: &[&str], vars: &dyn Vars) -> Result<(List, usize), SyntaxError> {
    let (toks, tags) = tokenize(line, vars)?;
    // Collect here-document bodies.
    let mut bodies = Vec::new();
    let mut used = 0;
    for tag in &tags {
        let mut body = String::new();
        let mut found = false;
        while used < more.len() {
            let l = more[used];
            used += 1;
            if l.trim_end() == tag {
                found = true;
                break;
            }
            body.push_str(l);
            body.push('\n');
        }
        if !found {
            return Err(SyntaxError(format!("warning: here-document delimited by end-of-file (wanted `{tag}')")));
        }
        bodies.push(body);
    }
    let mut bodies = bodies.into_iter();
    let mut list = List::default();
    let mut pipeline = Pipeline::default();
    let mut simple = Simple::default();
    let mut join = Join::Seq;
    let mut it = toks.into_iter().peekable();
    let unexpected = |t: &str| SyntaxError(format!("syntax error near unexpected token `{t}'"));
    while let Some(t) = it.next() {
        match t {
            Tok::Word(w) => simple.argv.push(w),
            Tok::Great | Tok::DGreat => match it.next() {
                Some(Tok::Word(f)) => simple.stdout_to = Some((f, t == Tok::DGreat)),
                _ => return Err(unexpected("newline")),
            },
            Tok::Less => match it.next() {
                Some(Tok::Word(f)) => simple.stdin_from = Some(f),
                _ => return Err(unexpected("newline")),
            },
            Tok::DLess(_) => simple.heredoc = bodies.next(),
            Tok::ErrToOut => simple.stderr_to_stdout = true,
            Tok::ErrNull => simple.stderr_null = true,
            Tok::Pipe => {
                if simple.argv.is_empty() {
                    return Err(unexpected("|"));
                }
                pipeline.cmds.push(std::mem::take(&mut simple));
            }
            Tok::Semi | Tok::Amp | Tok::And | Tok::Or => {
                let sym = match t {
                    Tok::Semi => ";",
                    Tok::Amp => "&",
                    Tok::And => "&&",
                    _ => "||",
                };
                if simple.argv.is_empty() {
                    if pipeline.cmds.is_empty() {
                        return Err(unexpected(sym));
                    }
                    return Err(unexpected(sym));
                }
                pipeline.cmds.push(std::mem::take(&mut simple));
                pipeline.background = t == Tok::Amp;
                list.items.push((join, std::mem::take(&mut pipeline)));
                join = match t {
                    Tok::And => Join::And,
                    Tok::Or => Join::Or,
                    _ => Join::Seq,
                };
                if matches!(t, Tok::And | Tok::Or) && it.peek().is_none() {
                    return Err(SyntaxError("syntax error: unexpected end of file".into()));
                }
            }
        }
    }
    if !simple.argv.is_empty() {
        pipeline.cmds.push(simple);
    } else if !pipeline.cmds.is_empty() {
        return Err(SyntaxError("syntax error: unexpected end of file".into()));
    }
    if !pipeline.cmds.is_empty() {
        list.items.push((join, pipeline));
    }
    Ok((list, used))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct V;
    impl Vars for V {
        fn get(&self, name: &str) -> Option<String> {
            match name {
                "?" => Some("0".into()),
                "HOSTNAME" => Some("node1".into()),
                _ => None,
            }
        }
    }

    fn p(s: &str) -> List {
        parse(s, &[], &V).unwrap().0
    }

    #[test]
    fn words_quotes_and_variables() {
        let l = p(r#"nsenter --net="/run/docker/netns/ingress_sbox" ip addr 'a b' c\ d $HOSTNAME "$?""#);
        assert_eq!(l.items[0].1.cmds[0].argv, vec!["nsenter", "--net=/run/docker/netns/ingress_sbox", "ip", "addr", "a b", "c d", "node1", "0"]);
    }

    #[test]
    fn pipelines_lists_and_redirections() {
        let l = p("iptables -nvL | grep DNAT && echo ok > /tmp/x; tcpdump -ni eth0 &");
        assert_eq!(l.items.len(), 3);
        assert_eq!(l.items[0].1.cmds.len(), 2);
        assert_eq!(l.items[1].0, Join::And);
        assert_eq!(l.items[1].1.cmds[0].stdout_to, Some(("/tmp/x".into(), false)));
        assert!(l.items[2].1.background);
    }

    #[test]
    fn heredoc_takes_following_lines() {
        let (l, used) = parse("iptables-restore <<EOF", &["*filter", "COMMIT", "EOF", "next"], &V).unwrap();
        assert_eq!(used, 3);
        assert_eq!(l.items[0].1.cmds[0].heredoc.as_deref(), Some("*filter\nCOMMIT\n"));
    }

    #[test]
    fn syntax_errors_read_like_bash() {
        assert_eq!(parse("| grep x", &[], &V).unwrap_err().0, "syntax error near unexpected token `|'");
        assert!(parse("echo 'abc", &[], &V).is_err());
        assert!(p("# just a comment").items.is_empty());
    }
}
