//! Text filters for pipelines: grep, head, tail, wc, sort, uniq, cut, cat.
//! Only the options people use on tool output are modelled; others are
//! refused with the real tool's "invalid option" message.

use crate::output::CmdOutput;

fn lines(s: &str) -> Vec<&str> {
    let mut v: Vec<&str> = s.split('\n').collect();
    if v.last() == Some(&"") {
        v.pop();
    }
    v
}

fn join(v: &[&str]) -> String {
    let mut s = v.join("\n");
    if !v.is_empty() {
        s.push('\n');
    }
    s
}

/// `grep` (GNU grep 3.8): POSIX basic (default), extended (`-E`) or fixed
/// (`-F`) patterns; `-i -v -c -n -w -x -o -q -m N -e PATTERN`. Reads stdin
/// (files other than the in-memory ones are not modelled).
pub fn grep(argv: &[String], input: &str) -> CmdOutput {
    const USAGE: &str = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n";
    #[derive(PartialEq)]
    enum Syntax {
        Basic,
        Extended,
        Fixed,
    }
    let (mut invert, mut icase, mut count, mut number, mut word, mut line_x, mut only, mut quiet) = (false, false, false, false, false, false, false, false);
    let mut max: Option<usize> = None;
    let mut syntax = Syntax::Basic;
    let mut pats: Vec<String> = Vec::new();
    let mut explicit = false;
    let mut files = Vec::new();
    let mut it = argv.iter().skip(1);
    while let Some(a) = it.next() {
        if a == "--" {
            files.extend(it.by_ref().cloned());
            break;
        }
        if a.starts_with('-') && a.len() > 1 && !a.starts_with("--") {
            let chars: Vec<char> = a[1..].chars().collect();
            let mut k = 0;
            while k < chars.len() {
                let c = chars[k];
                match c {
                    'v' => invert = true,
                    'i' | 'y' => icase = true,
                    'c' => count = true,
                    'n' => number = true,
                    'w' => word = true,
                    'x' => line_x = true,
                    'o' => only = true,
                    'q' | 's' => quiet |= c == 'q',
                    'E' => syntax = Syntax::Extended,
                    'F' => syntax = Syntax::Fixed,
                    'G' => syntax = Syntax::Basic,
                    'e' | 'm' => {
                        let rest: String = chars[k + 1..].iter().collect();
                        let Some(v) = (if rest.is_empty() { it.next().cloned() } else { Some(rest) }) else {
                            return CmdOutput::err(format!("grep: option requires an argument -- '{c}'\n{USAGE}"), 2);
                        };
                        if c == 'e' {
                            pats.push(v);
                            explicit = true;
                        } else {
                            match v.parse::<usize>() {
                                Ok(n) => max = Some(n),
                                Err(_) => return CmdOutput::err("grep: invalid max count\n", 2),
                            }
                        }
                        break;
                    }
                    _ => return CmdOutput::err(format!("grep: invalid option -- '{c}'\n{USAGE}"), 2),
                }
                k += 1;
            }
        } else if !explicit && pats.is_empty() {
            pats.push(a.clone());
        } else {
            files.push(a.clone());
        }
    }
    if pats.is_empty() {
        return CmdOutput::err(USAGE, 2);
    }
    if !files.is_empty() {
        return CmdOutput::err(format!("grep: {}: No such file or directory\n", files[0]), 2);
    }
    // A pattern list: one alternative per line of each pattern, as grep reads them.
    let alts: Vec<String> = pats.iter().flat_map(|p| p.split('\n').map(str::to_string).collect::<Vec<_>>()).collect();
    let mut parts = Vec::new();
    for a in &alts {
        let re = match syntax {
            Syntax::Fixed => regex::escape(a),
            Syntax::Extended => ere_to_regex(a),
            Syntax::Basic => bre_to_regex(a),
        };
        parts.push(format!("(?:{re})"));
    }
    let mut re = parts.join("|");
    if word {
        re = format!(r"(?:^|[^\w])({re})(?:[^\w]|$)");
    }
    if line_x {
        re = format!("^(?:{re})$");
    }
    let re = match regex::RegexBuilder::new(&re).case_insensitive(icase).build() {
        Ok(r) => r,
        Err(_) => return CmdOutput::err("grep: Unmatched ( or \\(\n", 2),
    };
    let mut out = String::new();
    let mut n = 0;
    for (i, l) in lines(input).iter().enumerate() {
        if max.is_some_and(|m| n >= m) {
            break;
        }
        let hit = re.is_match(l);
        if hit == invert {
            continue;
        }
        n += 1;
        if quiet || count {
            continue;
        }
        let prefix = if number { format!("{}:", i + 1) } else { String::new() };
        if only && !invert {
            for m in re.captures_iter(l) {
                let m = if word { m.get(1) } else { m.get(0) };
                if let Some(m) = m.filter(|m| !m.as_str().is_empty()) {
                    out.push_str(&format!("{prefix}{}\n", m.as_str()));
                }
            }
        } else if !only {
            out.push_str(&format!("{prefix}{l}\n"));
        }
    }
    let status = if n > 0 { 0 } else { 1 };
    if quiet {
        return CmdOutput { status, ..CmdOutput::default() };
    }
    if count {
        return CmdOutput { stdout: format!("{n}\n"), status, ..CmdOutput::default() };
    }
    CmdOutput { stdout: out, status, ..CmdOutput::default() }
}

/// POSIX basic regular expression → the regex crate's syntax: `\( \) \{ \}
/// \| \+ \?` are the operators, their bare forms literal; `*` at the start
/// is literal.
fn bre_to_regex(p: &str) -> String {
    let mut out = String::new();
    let mut chars = p.chars().peekable();
    let mut at_start = true;
    let mut in_class = false;
    while let Some(c) = chars.next() {
        if in_class {
            if c == ']' {
                in_class = false;
            }
            if c == '\\' || (c == '[' && chars.peek() != Some(&':')) {
                out.push('\\');
            }
            out.push(c);
            continue;
        }
        match c {
            '\\' => match chars.next() {
                Some(n @ ('(' | ')' | '{' | '}' | '|' | '+' | '?')) => out.push(n),
                Some(n) => {
                    out.push('\\');
                    out.push(n);
                }
                None => out.push_str("\\\\"),
            },
            '(' | ')' | '{' | '}' | '|' | '+' | '?' => {
                out.push('\\');
                out.push(c);
            }
            '*' if at_start => out.push_str("\\*"),
            '[' => {
                in_class = true;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    out.push_str("\\]");
                    chars.next();
                }
            }
            _ => out.push(c),
        }
        at_start = c == '^' && out.len() == 1;
    }
    out
}

/// POSIX extended regular expression → the regex crate's syntax (nearly the
/// same; a `{` that starts no interval is literal, as in GNU grep).
fn ere_to_regex(p: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = p.chars().collect();
    let mut i = 0;
    let mut in_class = false;
    while i < chars.len() {
        let c = chars[i];
        if in_class {
            if c == ']' {
                in_class = false;
            }
            if c == '\\' || (c == '[' && chars.get(i + 1) != Some(&':')) {
                out.push('\\');
            }
            out.push(c);
            i += 1;
            continue;
        }
        match c {
            '[' => {
                in_class = true;
                out.push('[');
                if chars.get(i + 1) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                if chars.get(i + 1) == Some(&']') {
                    out.push_str("\\]");
                    i += 1;
                }
            }
            '{' => {
                let rest: String = chars[i + 1..].iter().collect();
                let interval = rest.find('}').is_some_and(|e| !rest[..e].is_empty() && rest[..e].chars().all(|x| x.is_ascii_digit() || x == ','));
                if interval {
                    out.push('{');
                } else {
                    out.push_str("\\{");
                }
            }
            '\\' => {
                out.push('\\');
                if let Some(n) = chars.get(i + 1) {
                    out.push(*n);
                    i += 1;
                } else {
                    out.push('\\');
                }
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

fn count_arg(argv: &[String], tool: &str) -> Result<(usize, bool), CmdOutput> {
    let mut n = 10usize;
    let mut from_start = false;
    let mut it = argv.iter().skip(1);
    while let Some(a) = it.next() {
        let v = if a == "-n" {
            it.next().cloned().unwrap_or_default()
        } else if let Some(rest) = a.strip_prefix("-n") {
            rest.to_string()
        } else if let Some(rest) = a.strip_prefix('-') {
            rest.to_string()
        } else {
            continue;
        };
        let (plus, digits) = match v.strip_prefix('+') {
            Some(d) => (true, d),
            None => (false, v.as_str()),
        };
        n = digits.parse().map_err(|_| CmdOutput::err(format!("{tool}: invalid number of lines: ‘{v}’\n"), 1))?;
        from_start = plus;
    }
    Ok((n, from_start))
}

pub fn head(argv: &[String], input: &str) -> CmdOutput {
    match count_arg(argv, "head") {
        Ok((n, _)) => {
            let l = lines(input);
            CmdOutput::ok(join(&l[..n.min(l.len())]))
        }
        Err(e) => e,
    }
}

pub fn tail(argv: &[String], input: &str) -> CmdOutput {
    match count_arg(argv, "tail") {
        Ok((n, from_start)) => {
            let l = lines(input);
            let start = if from_start { n.saturating_sub(1).min(l.len()) } else { l.len().saturating_sub(n) };
            CmdOutput::ok(join(&l[start..]))
        }
        Err(e) => e,
    }
}

pub fn wc(argv: &[String], input: &str) -> CmdOutput {
    let nl = input.matches('\n').count();
    let words = input.split_whitespace().count();
    let bytes = input.len();
    let flags: String = argv.iter().skip(1).filter(|a| a.starts_with('-')).flat_map(|a| a.chars().skip(1)).collect();
    if flags.is_empty() {
        return CmdOutput::ok(format!("{nl:>7} {words:>7} {bytes:>7}\n"));
    }
    let mut parts = Vec::new();
    for c in flags.chars() {
        match c {
            'l' => parts.push(nl),
            'w' => parts.push(words),
            'c' => parts.push(bytes),
            _ => return CmdOutput::err(format!("wc: invalid option -- '{c}'\nTry 'wc --help' for more information.\n"), 1),
        }
    }
    if parts.len() == 1 {
        return CmdOutput::ok(format!("{}\n", parts[0]));
    }
    CmdOutput::ok(format!("{}\n", parts.iter().map(|p| format!("{p:>7}")).collect::<Vec<_>>().join(" ")))
}

pub fn sort(argv: &[String], input: &str) -> CmdOutput {
    let mut l = lines(input);
    let numeric = argv.iter().any(|a| a.starts_with('-') && a.contains('n'));
    let reverse = argv.iter().any(|a| a.starts_with('-') && a.contains('r'));
    let unique = argv.iter().any(|a| a.starts_with('-') && a.contains('u'));
    if numeric {
        l.sort_by_key(|s| s.trim().split_whitespace().next().and_then(|x| x.parse::<i64>().ok()).unwrap_or(0));
    } else {
        l.sort();
    }
    if reverse {
        l.reverse();
    }
    if unique {
        l.dedup();
    }
    CmdOutput::ok(join(&l))
}

pub fn uniq(input: &str) -> CmdOutput {
    let mut l = lines(input);
    l.dedup();
    CmdOutput::ok(join(&l))
}

/// cut -d DELIM -f LIST
pub fn cut(argv: &[String], input: &str) -> CmdOutput {
    const NEED_LIST: &str = "cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.\n";
    let mut delim = '\t';
    let mut only_delimited = false;
    // (by characters, ranges: 1-based start, inclusive end or open).
    let mut list: Option<(bool, Vec<(usize, Option<usize>)>)> = None;
    let mut it = argv.iter().skip(1);
    while let Some(a) = it.next() {
        if a == "-s" {
            only_delimited = true;
            continue;
        }
        let (opt, val) = if a.len() > 2 && a.starts_with('-') { (&a[..2], Some(a[2..].to_string())) } else { (a.as_str(), None) };
        let val = val.or_else(|| it.next().cloned()).unwrap_or_default();
        match opt {
            "-d" => delim = val.chars().next().unwrap_or('\t'),
            "-f" | "-c" | "-b" => {
                let mut ranges = Vec::new();
                for part in val.split(',') {
                    let r = match part.split_once('-') {
                        Some((a, b)) => (if a.is_empty() { Some(1) } else { a.parse().ok() }, if b.is_empty() { Some(None) } else { b.parse().ok().map(Some) }),
                        None => (part.parse().ok(), part.parse().ok().map(Some)),
                    };
                    if r.0 == Some(0) {
                        let what = if opt == "-f" { "fields are" } else { "byte/character positions are" };
                        return CmdOutput::err(format!("cut: {what} numbered from 1\nTry 'cut --help' for more information.\n"), 1);
                    }
                    match r {
                        (Some(a), Some(b)) if a >= 1 && b.is_none_or(|b| b >= a) => ranges.push((a, b)),
                        _ => return CmdOutput::err(format!("cut: invalid field value ‘{part}’\nTry 'cut --help' for more information.\n"), 1),
                    }
                }
                list = Some((opt != "-f", ranges));
            }
            _ => return CmdOutput::err(NEED_LIST, 1),
        }
    }
    let Some((by_char, ranges)) = list else { return CmdOutput::err(NEED_LIST, 1) };
    let wanted = |n: usize| ranges.iter().any(|(a, b)| n >= *a && b.is_none_or(|b| n <= b));
    let mut out = String::new();
    for l in lines(input) {
        if by_char {
            out.extend(l.chars().enumerate().filter(|(i, _)| wanted(i + 1)).map(|(_, c)| c));
        } else if !l.contains(delim) {
            if only_delimited {
                continue;
            }
            out.push_str(l);
        } else {
            let sel: Vec<&str> = l.split(delim).enumerate().filter(|(i, _)| wanted(i + 1)).map(|(_, p)| p).collect();
            out.push_str(&sel.join(&delim.to_string()));
        }
        out.push('\n');
    }
    CmdOutput::ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn grep_matches_like_grep() {
        let input = "Chain INPUT\n  DNAT tcp\nRETURN all\n";
        assert_eq!(grep(&a(&["grep", "DNAT"]), input).stdout, "  DNAT tcp\n");
        assert_eq!(grep(&a(&["grep", "-v", "DNAT"]), input).stdout, "Chain INPUT\nRETURN all\n");
        assert_eq!(grep(&a(&["grep", "-c", "a"]), input).stdout, "2\n");
        assert_eq!(grep(&a(&["grep", "-E", "DNAT|RETURN"]), input).stdout.lines().count(), 2);
        assert_eq!(grep(&a(&["grep", "nothing"]), input).status, 1);
    }

    #[test]
    fn head_tail_wc() {
        let input = "1\n2\n3\n";
        assert_eq!(head(&a(&["head", "-n", "2"]), input).stdout, "1\n2\n");
        assert_eq!(tail(&a(&["tail", "-1"]), input).stdout, "3\n");
        assert_eq!(tail(&a(&["tail", "-n", "+2"]), input).stdout, "2\n3\n");
        assert_eq!(wc(&a(&["wc", "-l"]), input).stdout, "3\n");
    }
}
