//! Go's `text/template` (Go 1.20, docker 24's toolchain) with the docker
//! CLI's functions: what `--format` / `-f` runs.
//!
//! [`parse`] follows `text/template/parse`: the lexer's items and errors
//! (`bad character U+007D '}'`, `unclosed action`, `unterminated quoted
//! string` …), trim markers (`{{- ` and ` -}}`), comments, and the parser's
//! errors (`function "x" not defined`, `unexpected "}" in operand`,
//! `undefined variable "$x"`, `unexpected EOF` …), all reported as
//! `template: :LINE: MESSAGE` (docker's templates have the empty name).
//!
//! [`Template::execute`] follows `text/template/exec.go` over [`Value`]s:
//! fields (promoted through embedded structs, through pointers, map keys),
//! variables (`$`, `:=`, `=`), `if`/`else if`/`else`, `range` (one or two
//! variables, `else`, `break`, `continue`; maps in key order), `with`,
//! pipelines, parenthesised pipelines, and the builtins `and`, `or`,
//! `not`, `len`, `index`, `slice`, `eq`, `ne`, `lt`, `le`, `gt`, `ge`,
//! `print`, `printf`, `println`, `html`, `js`, `urlquery`, plus docker's
//! `json`, `split`, `join`, `title`, `lower`, `upper`, `pad`, `truncate`
//! (docker/cli `templates/templates.go`; the header variants with
//! [`Funcs::Header`]). Errors read `template: :1:2: executing "" at
//! <.Foo>: can't evaluate field Foo in type …`, and execution stops there
//! with what was written so far.
//!
//! Not modelled: `define`, `template`, `block` (a parse error says so),
//! `call`, complex numbers, `printf` verbs other than `%v %s %q %d %t %x %X
//! %T %%` with their flags and widths.

use std::collections::BTreeMap;

use super::goval::{Method, Value};
use super::json::compact;
use super::text::go_quote;

// ----- lexer ---------------------------------------------------------------

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Text(String),
    LeftDelim,
    RightDelim,
    Space,
    Field(String),
    Variable(String),
    Ident(String),
    Keyword(String),
    Bool(bool),
    Nil,
    Dot,
    Number(String),
    Str(String),
    RawStr(String),
    CharConst(String),
    Char(char),
    Pipe,
    Declare,
    Assign,
    LeftParen,
    RightParen,
    Error(String),
    Eof,
}

#[derive(Clone, Debug)]
struct Item {
    tok: Tok,
    pos: usize,
    line: usize,
}

impl Item {
    /// `item.String()` of the parser's messages.
    fn describe(&self) -> String {
        let q = |s: &str| {
            if s.chars().count() > 10 { format!("{}...", go_quote(&s.chars().take(10).collect::<String>())) } else { go_quote(s) }
        };
        match &self.tok {
            Tok::Eof => "EOF".into(),
            Tok::Error(e) => e.clone(),
            Tok::Keyword(k) => format!("<{k}>"),
            Tok::Bool(b) => q(if *b { "true" } else { "false" }),
            Tok::Nil => "<nil>".into(),
            Tok::Dot => "<.>".into(),
            Tok::Text(s) | Tok::Field(s) | Tok::Variable(s) | Tok::Ident(s) | Tok::Number(s) | Tok::Str(s) | Tok::RawStr(s) | Tok::CharConst(s) => q(s),
            Tok::Char(c) => q(&c.to_string()),
            Tok::LeftDelim => q("{{"),
            Tok::RightDelim => q("}}"),
            Tok::Space => q(" "),
            Tok::Pipe => q("|"),
            Tok::Declare => q(":="),
            Tok::Assign => q("="),
            Tok::LeftParen => q("("),
            Tok::RightParen => q(")"),
        }
    }
}

const KEYWORDS: [&str; 9] = ["block", "break", "continue", "define", "else", "end", "if", "range", "template"];

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

fn is_alnum(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// `%#U` of a rune: `U+007D '}'`.
fn sharp_u(c: char) -> String {
    format!("U+{:04X} '{c}'", c as u32)
}

fn lex(input: &str) -> Vec<Item> {
    let mut items = Vec::new();
    let b = input;
    let mut pos = 0;
    let line_at = |p: usize| 1 + b[..p].matches('\n').count();
    let mut trim_next_text = false;
    loop {
        // Text up to the next left delimiter.
        let start = pos;
        let next = b[pos..].find("{{").map(|i| pos + i);
        let end = next.unwrap_or(b.len());
        let mut text = &b[start..end];
        if trim_next_text {
            text = text.trim_start_matches(is_space);
            trim_next_text = false;
        }
        let Some(ld) = next else {
            if !text.is_empty() {
                items.push(Item { tok: Tok::Text(text.to_string()), pos: start, line: line_at(start) });
            }
            items.push(Item { tok: Tok::Eof, pos: b.len(), line: line_at(b.len()) });
            return items;
        };
        let after = &b[ld + 2..];
        let left_trim = after.starts_with('-') && after[1..].starts_with(is_space);
        if left_trim {
            text = text.trim_end_matches(is_space);
        }
        if !text.is_empty() {
            items.push(Item { tok: Tok::Text(text.to_string()), pos: start, line: line_at(start) });
        }
        pos = ld + 2;
        if left_trim {
            pos += 2;
        }
        // A comment.
        if b[pos..].starts_with("/*") {
            let Some(close) = b[pos..].find("*/") else {
                items.push(Item { tok: Tok::Error("unclosed comment".into()), pos, line: line_at(pos) });
                return items;
            };
            pos += close + 2;
            let rest = &b[pos..];
            let right_trim = rest.starts_with(is_space) && rest[1..].starts_with('-') && rest[2..].starts_with("}}");
            if right_trim {
                pos += 2;
                trim_next_text = true;
            }
            if !b[pos..].starts_with("}}") {
                items.push(Item { tok: Tok::Error("comment ends before closing delimiter".into()), pos, line: line_at(pos) });
                return items;
            }
            pos += 2;
            continue;
        }
        items.push(Item { tok: Tok::LeftDelim, pos: ld, line: line_at(ld) });
        let mut paren_depth = 0usize;
        // Inside the action.
        loop {
            let rest = &b[pos..];
            let right_trim = rest.starts_with(is_space) && rest[1..].starts_with('-') && rest[2..].starts_with("}}");
            if right_trim || rest.starts_with("}}") {
                if paren_depth > 0 {
                    items.push(Item { tok: Tok::Error("unclosed left paren".into()), pos, line: line_at(pos) });
                    return items;
                }
                if right_trim {
                    pos += 2;
                    trim_next_text = true;
                }
                items.push(Item { tok: Tok::RightDelim, pos, line: line_at(pos) });
                pos += 2;
                break;
            }
            let Some(c) = rest.chars().next() else {
                items.push(Item { tok: Tok::Error("unclosed action".into()), pos, line: line_at(pos) });
                return items;
            };
            let item_start = pos;
            let line = line_at(pos);
            let push = |items: &mut Vec<Item>, tok: Tok| items.push(Item { tok, pos: item_start, line });
            match c {
                c if is_space(c) => {
                    let n = rest.len() - rest.trim_start_matches(is_space).len();
                    // A space before "-}}" belongs to the trim marker.
                    let run_end = pos + n;
                    if b[run_end - 1..].starts_with(is_space) && b[run_end..].starts_with("-}}") {
                        if n == 1 {
                            pos = run_end - 1;
                            continue;
                        }
                        pos = run_end - 1;
                    } else {
                        pos = run_end;
                    }
                    push(&mut items, Tok::Space);
                }
                '=' => {
                    pos += 1;
                    push(&mut items, Tok::Assign);
                }
                ':' => {
                    if rest[1..].starts_with('=') {
                        pos += 2;
                        push(&mut items, Tok::Declare);
                    } else {
                        push(&mut items, Tok::Error("expected :=".into()));
                        return items;
                    }
                }
                '|' => {
                    pos += 1;
                    push(&mut items, Tok::Pipe);
                }
                '"' => {
                    let mut it = rest.char_indices().skip(1);
                    let mut end = None;
                    while let Some((i, ch)) = it.next() {
                        match ch {
                            '\\' => {
                                if let Some((_, '\n')) = it.next() {
                                    break;
                                }
                            }
                            '\n' => break,
                            '"' => {
                                end = Some(i + 1);
                                break;
                            }
                            _ => {}
                        }
                    }
                    let Some(e) = end else {
                        push(&mut items, Tok::Error("unterminated quoted string".into()));
                        return items;
                    };
                    pos += e;
                    push(&mut items, Tok::Str(rest[..e].to_string()));
                }
                '`' => {
                    let Some(e) = rest[1..].find('`') else {
                        push(&mut items, Tok::Error("unterminated raw quoted string".into()));
                        return items;
                    };
                    pos += e + 2;
                    push(&mut items, Tok::RawStr(rest[..e + 2].to_string()));
                }
                '\'' => {
                    let mut it = rest.char_indices().skip(1);
                    let mut end = None;
                    while let Some((i, ch)) = it.next() {
                        match ch {
                            '\\' => {
                                it.next();
                            }
                            '\n' => break,
                            '\'' => {
                                end = Some(i + 1);
                                break;
                            }
                            _ => {}
                        }
                    }
                    let Some(e) = end else {
                        push(&mut items, Tok::Error("unterminated character constant".into()));
                        return items;
                    };
                    pos += e;
                    push(&mut items, Tok::CharConst(rest[..e].to_string()));
                }
                '$' | '.' if c == '$' || rest[1..].starts_with(is_alnum) && !rest[1..].starts_with(|x: char| x.is_ascii_digit()) => {
                    let n = rest[1..].len() - rest[1..].trim_start_matches(is_alnum).len();
                    let word = &rest[..1 + n];
                    pos += 1 + n;
                    if !at_terminator(&b[pos..]) {
                        let bad = b[pos..].chars().next().unwrap_or(' ');
                        push(&mut items, Tok::Error(format!("bad character {}", sharp_u(bad))));
                        return items;
                    }
                    if c == '$' {
                        push(&mut items, Tok::Variable(word.to_string()));
                    } else {
                        push(&mut items, Tok::Field(word.to_string()));
                    }
                }
                '.' if !rest[1..].starts_with(|x: char| x.is_ascii_digit()) => {
                    pos += 1;
                    push(&mut items, Tok::Dot);
                }
                '(' => {
                    pos += 1;
                    paren_depth += 1;
                    push(&mut items, Tok::LeftParen);
                }
                ')' => {
                    if paren_depth == 0 {
                        push(&mut items, Tok::Error(format!("unexpected right paren {}", sharp_u(c))));
                        return items;
                    }
                    paren_depth -= 1;
                    pos += 1;
                    push(&mut items, Tok::RightParen);
                }
                c if c == '+' || c == '-' || c == '.' || c.is_ascii_digit() => {
                    let n = scan_number(rest);
                    let word = &rest[..n];
                    pos += n;
                    if n == 0 || b[pos..].starts_with(is_alnum) {
                        let m = n + rest[n..].len() - rest[n..].trim_start_matches(is_alnum).len();
                        push(&mut items, Tok::Error(format!("bad number syntax: {}", go_quote(&rest[..m.max(1)]))));
                        return items;
                    }
                    push(&mut items, Tok::Number(word.to_string()));
                }
                c if is_alnum(c) => {
                    let n = rest.len() - rest.trim_start_matches(is_alnum).len();
                    let word = &rest[..n];
                    pos += n;
                    if !at_terminator(&b[pos..]) {
                        let bad = b[pos..].chars().next().unwrap_or(' ');
                        push(&mut items, Tok::Error(format!("bad character {}", sharp_u(bad))));
                        return items;
                    }
                    let tok = match word {
                        "true" => Tok::Bool(true),
                        "false" => Tok::Bool(false),
                        "nil" => Tok::Nil,
                        "with" => Tok::Keyword(word.into()),
                        w if KEYWORDS.contains(&w) => Tok::Keyword(word.into()),
                        w => Tok::Ident(w.into()),
                    };
                    push(&mut items, tok);
                }
                c if c.is_ascii() && !c.is_ascii_control() => {
                    pos += 1;
                    push(&mut items, Tok::Char(c));
                }
                c => {
                    push(&mut items, Tok::Error(format!("bad character {}", sharp_u(c))));
                    return items;
                }
            }
        }
    }
}

fn at_terminator(rest: &str) -> bool {
    match rest.chars().next() {
        None => true,
        Some(c) => is_space(c) || matches!(c, '.' | ',' | '|' | ':' | ')' | '(') || rest.starts_with("}}"),
    }
}

/// The length of the number at the start of `s` (Go's `scanNumber`).
fn scan_number(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let mut digits: &[u8] = b"0123456789_";
    if i + 1 < b.len() && b[i] == b'0' && matches!(b[i + 1], b'x' | b'X') {
        i += 2;
        digits = b"0123456789abcdefABCDEF_";
    } else if i + 1 < b.len() && b[i] == b'0' && matches!(b[i + 1], b'o' | b'O' | b'b' | b'B') {
        i += 2;
    }
    let start = i;
    while i < b.len() && digits.contains(&b[i]) {
        i += 1;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && digits.contains(&b[i]) {
            i += 1;
        }
    }
    if i > start && i < b.len() && matches!(b[i], b'e' | b'E') && digits.len() == 11 {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
    }
    if i == start || (i == start + 1 && b[start] == b'.') {
        return 0;
    }
    i
}

// ----- parse tree ----------------------------------------------------------

#[derive(Clone, Debug)]
enum Node {
    Text(String),
    Action(Pipe),
    If { pipe: Pipe, list: Vec<Node>, else_list: Option<Vec<Node>> },
    Range { pipe: Pipe, list: Vec<Node>, else_list: Option<Vec<Node>> },
    With { pipe: Pipe, list: Vec<Node>, else_list: Option<Vec<Node>> },
    Break,
    Continue,
}

#[derive(Clone, Debug)]
struct Pipe {
    pos: usize,
    decl: Vec<String>,
    is_assign: bool,
    cmds: Vec<Command>,
}

#[derive(Clone, Debug)]
struct Command {
    pos: usize,
    args: Vec<Arg>,
}

#[derive(Clone, Debug)]
enum Arg {
    Field { pos: usize, idents: Vec<String> },
    Variable { pos: usize, name: String, idents: Vec<String> },
    Chain { pos: usize, node: Box<Arg>, idents: Vec<String> },
    Dot(usize),
    Nil(usize),
    Bool(usize, bool),
    Number { pos: usize, text: String, value: Value },
    Str { pos: usize, quoted: String, value: String },
    Ident(usize, String),
    Pipe(Box<Pipe>),
}

impl Arg {
    fn pos(&self) -> usize {
        match self {
            Arg::Field { pos, .. } | Arg::Variable { pos, .. } | Arg::Chain { pos, .. } | Arg::Number { pos, .. } | Arg::Str { pos, .. } => *pos,
            Arg::Dot(p) | Arg::Nil(p) | Arg::Bool(p, _) | Arg::Ident(p, _) => *p,
            Arg::Pipe(p) => p.pos,
        }
    }
}

impl std::fmt::Display for Arg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Arg::Field { idents, .. } => write!(f, ".{}", idents.join(".")),
            Arg::Variable { name, idents, .. } => {
                write!(f, "{name}")?;
                for i in idents {
                    write!(f, ".{i}")?;
                }
                Ok(())
            }
            Arg::Chain { node, idents, .. } => {
                if let Arg::Pipe(_) = **node {
                    write!(f, "({node})")?;
                } else {
                    write!(f, "{node}")?;
                }
                for i in idents {
                    write!(f, ".{i}")?;
                }
                Ok(())
            }
            Arg::Dot(_) => write!(f, "."),
            Arg::Nil(_) => write!(f, "nil"),
            Arg::Bool(_, b) => write!(f, "{b}"),
            Arg::Number { text, .. } => write!(f, "{text}"),
            Arg::Str { quoted, .. } => write!(f, "{quoted}"),
            Arg::Ident(_, name) => write!(f, "{name}"),
            Arg::Pipe(p) => write!(f, "{p}"),
        }
    }
}

impl std::fmt::Display for Command {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, a) in self.args.iter().enumerate() {
            if i > 0 {
                write!(f, " ")?;
            }
            if let Arg::Pipe(_) = a {
                write!(f, "({a})")?;
            } else {
                write!(f, "{a}")?;
            }
        }
        Ok(())
    }
}

impl std::fmt::Display for Pipe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.decl.is_empty() {
            write!(f, "{} {} ", self.decl.join(", "), if self.is_assign { "=" } else { ":=" })?;
        }
        for (i, c) in self.cmds.iter().enumerate() {
            if i > 0 {
                write!(f, " | ")?;
            }
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

// ----- parser --------------------------------------------------------------

/// The functions a template may call.
const FUNCS: [&str; 27] = [
    "and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf", "println", "urlquery", "eq", "ge", "gt", "le", "lt", "ne", "json",
    "split", "join", "title", "lower", "upper", "pad", "truncate",
];

struct Parser {
    items: Vec<Item>,
    i: usize,
    vars: Vec<String>,
    range_depth: usize,
    action_line: usize,
}

enum End {
    End,
    Else(usize),
}

type PResult<T> = Result<T, String>;

impl Parser {
    fn peek(&self) -> &Item {
        &self.items[self.i.min(self.items.len() - 1)]
    }
    fn next(&mut self) -> Item {
        let it = self.peek().clone();
        self.i += 1;
        it
    }
    fn backup(&mut self) {
        self.i = self.i.saturating_sub(1);
    }
    fn next_non_space(&mut self) -> Item {
        loop {
            let it = self.next();
            if it.tok != Tok::Space {
                return it;
            }
        }
    }
    fn peek_non_space(&mut self) -> Item {
        let it = self.next_non_space();
        self.backup();
        it
    }
    fn errorf(&self, line: usize, msg: String) -> String {
        format!("template: :{line}: {msg}")
    }
    fn err(&self, msg: String) -> String {
        let line = self.items.get(self.i.saturating_sub(1)).map_or(1, |it| it.line);
        self.errorf(line, msg)
    }
    fn unexpected(&self, it: &Item, context: &str) -> String {
        if let Tok::Error(e) = &it.tok {
            let mut extra = String::new();
            if self.action_line != 0 && self.action_line != it.line {
                extra = format!(" in action started at :{}", self.action_line);
                if e.ends_with(" action") {
                    extra = extra[" in action".len()..].to_string();
                }
            }
            return self.errorf(it.line, format!("{e}{extra}"));
        }
        self.errorf(it.line, format!("unexpected {} in {context}", it.describe()))
    }

    /// Items until `{{end}}` or `{{else}}` (returned), or EOF at the top.
    fn item_list(&mut self, top: bool) -> PResult<(Vec<Node>, Option<End>)> {
        let mut list = Vec::new();
        loop {
            let it = self.peek_non_space();
            if it.tok == Tok::Eof {
                if top {
                    return Ok((list, None));
                }
                return Err(self.errorf(it.line, "unexpected EOF".into()));
            }
            match self.text_or_action()? {
                Parsed::Node(n) => list.push(n),
                Parsed::End(e) => {
                    if top {
                        let what = match e {
                            End::End => "{{end}}",
                            End::Else(_) => "{{else}}",
                        };
                        return Err(self.err(format!("unexpected {what}")));
                    }
                    return Ok((list, Some(e)));
                }
            }
        }
    }

    fn text_or_action(&mut self) -> PResult<Parsed> {
        let it = self.next_non_space();
        match it.tok {
            Tok::Text(t) => Ok(Parsed::Node(Node::Text(t))),
            Tok::LeftDelim => {
                self.action_line = it.line;
                let r = self.action();
                self.action_line = 0;
                r
            }
            Tok::Error(_) => Err(self.unexpected(&it, "input")),
            _ => Err(self.unexpected(&it, "input")),
        }
    }

    fn action(&mut self) -> PResult<Parsed> {
        let it = self.next_non_space();
        if let Tok::Keyword(k) = &it.tok {
            match k.as_str() {
                "if" => return self.control("if", true).map(|(pipe, list, else_list)| Parsed::Node(Node::If { pipe, list, else_list })),
                "range" => return self.control("range", false).map(|(pipe, list, else_list)| Parsed::Node(Node::Range { pipe, list, else_list })),
                "with" => return self.control("with", true).map(|(pipe, list, else_list)| Parsed::Node(Node::With { pipe, list, else_list })),
                "end" => {
                    self.expect_right("end")?;
                    return Ok(Parsed::End(End::End));
                }
                "else" => {
                    let nx = self.peek_non_space();
                    if matches!(&nx.tok, Tok::Keyword(k) if k == "if") || matches!(&nx.tok, Tok::Keyword(k) if k == "with") {
                        return Ok(Parsed::End(End::Else(self.i)));
                    }
                    self.expect_right("else")?;
                    return Ok(Parsed::End(End::Else(0)));
                }
                "break" | "continue" => {
                    if self.range_depth == 0 {
                        return Err(self.err(format!("{{{{{k}}}}} outside {{{{range}}}}")));
                    }
                    let nx = self.next_non_space();
                    if nx.tok != Tok::RightDelim {
                        return Err(self.unexpected(&nx, &format!("{{{{{k}}}}}")));
                    }
                    return Ok(Parsed::Node(if k == "break" { Node::Break } else { Node::Continue }));
                }
                other => return Err(self.err(format!("mesh: {{{{{other}}}}} is not modelled"))),
            }
        }
        self.backup();
        let pipe = self.pipeline("command", true)?;
        Ok(Parsed::Node(Node::Action(pipe)))
    }

    fn expect_right(&mut self, context: &str) -> PResult<()> {
        let it = self.next_non_space();
        if it.tok != Tok::RightDelim {
            return Err(self.unexpected(&it, context));
        }
        Ok(())
    }

    fn control(&mut self, context: &str, allow_else_if: bool) -> PResult<(Pipe, Vec<Node>, Option<Vec<Node>>)> {
        let vars = self.vars.len();
        let pipe = self.pipeline(context, true)?;
        if context == "range" {
            self.range_depth += 1;
        }
        let (list, end) = self.item_list(false)?;
        if context == "range" {
            self.range_depth -= 1;
        }
        let mut else_list = None;
        if let Some(End::Else(resume)) = end {
            if allow_else_if && resume != 0 {
                // `{{else if …}}` is `{{else}}{{if …}}…{{end}}{{end}}`.
                let kw = self.next_non_space();
                let nested = if matches!(&kw.tok, Tok::Keyword(k) if k == "with") {
                    let (p, l, e) = self.control("with", true)?;
                    Node::With { pipe: p, list: l, else_list: e }
                } else {
                    let (p, l, e) = self.control("if", true)?;
                    Node::If { pipe: p, list: l, else_list: e }
                };
                else_list = Some(vec![nested]);
            } else {
                if resume != 0 {
                    let nx = self.next_non_space();
                    return Err(self.unexpected(&nx, "else"));
                }
                let (l, e) = self.item_list(false)?;
                if !matches!(e, Some(End::End)) {
                    return Err(self.err("expected end; found {{else}}".into()));
                }
                else_list = Some(l);
            }
        }
        self.vars.truncate(vars);
        Ok((pipe, list, else_list))
    }

    fn pipeline(&mut self, context: &str, to_right_delim: bool) -> PResult<Pipe> {
        let start = self.peek_non_space();
        let mut pipe = Pipe { pos: start.pos, decl: Vec::new(), is_assign: false, cmds: Vec::new() };
        // Declarations.
        let save = self.i;
        let v = self.next_non_space();
        if let Tok::Variable(name) = &v.tok {
            let nx = self.next_non_space();
            match nx.tok {
                Tok::Declare | Tok::Assign => {
                    pipe.is_assign = nx.tok == Tok::Assign;
                    pipe.decl.push(name.clone());
                    if !pipe.is_assign {
                        self.vars.push(name.clone());
                    } else if !self.vars.contains(name) {
                        return Err(self.err(format!("undefined variable {}", go_quote(name))));
                    }
                }
                Tok::Char(',') => {
                    let v2 = self.next_non_space();
                    let d = self.next_non_space();
                    match (&v2.tok, &d.tok) {
                        (Tok::Variable(n2), Tok::Declare | Tok::Assign) if context == "range" => {
                            pipe.is_assign = d.tok == Tok::Assign;
                            pipe.decl.push(name.clone());
                            pipe.decl.push(n2.clone());
                            if !pipe.is_assign {
                                self.vars.push(name.clone());
                                self.vars.push(n2.clone());
                            }
                        }
                        (Tok::Variable(_), _) if context != "range" => {
                            return Err(self.err(format!("too many declarations in {context}")));
                        }
                        _ => return Err(self.err(format!("too many declarations in {context}"))),
                    }
                }
                _ => self.i = save,
            }
        } else {
            self.i = save;
        }
        loop {
            let it = self.next_non_space();
            match it.tok {
                Tok::RightDelim if to_right_delim => break,
                Tok::RightParen if !to_right_delim => break,
                Tok::Field(_)
                | Tok::Variable(_)
                | Tok::Ident(_)
                | Tok::Bool(_)
                | Tok::Nil
                | Tok::Dot
                | Tok::Number(_)
                | Tok::Str(_)
                | Tok::RawStr(_)
                | Tok::CharConst(_)
                | Tok::LeftParen => {
                    self.backup();
                    let cmd = self.command()?;
                    pipe.cmds.push(cmd);
                }
                _ => return Err(self.unexpected(&it, context)),
            }
        }
        if pipe.cmds.is_empty() {
            return Err(self.err(format!("missing value for {context}")));
        }
        for (i, c) in pipe.cmds.iter().enumerate().skip(1) {
            if matches!(c.args.first(), Some(Arg::Bool(..) | Arg::Dot(_) | Arg::Nil(_) | Arg::Number { .. } | Arg::Str { .. })) {
                return Err(self.err(format!("non executable command in pipeline stage {}", i + 1)));
            }
        }
        Ok(pipe)
    }

    fn command(&mut self) -> PResult<Command> {
        let pos = self.peek_non_space().pos;
        let mut cmd = Command { pos, args: Vec::new() };
        loop {
            self.peek_non_space();
            if let Some(op) = self.operand()? {
                cmd.args.push(op);
            }
            let it = self.next();
            match it.tok {
                Tok::Space => continue,
                Tok::RightDelim | Tok::RightParen => self.backup(),
                Tok::Pipe => {}
                _ => return Err(self.unexpected(&it, "operand")),
            }
            break;
        }
        if cmd.args.is_empty() {
            return Err(self.err("empty command".into()));
        }
        Ok(cmd)
    }

    fn operand(&mut self) -> PResult<Option<Arg>> {
        let Some(node) = self.term()? else { return Ok(None) };
        if let Tok::Field(_) = self.peek().tok {
            let chain_pos = self.peek().pos;
            let mut idents = Vec::new();
            while let Tok::Field(f) = &self.peek().tok {
                idents.push(f[1..].to_string());
                self.i += 1;
            }
            return Ok(Some(match node {
                Arg::Field { idents: mut first, .. } => {
                    first.extend(idents);
                    Arg::Field { pos: chain_pos, idents: first }
                }
                Arg::Variable { name, idents: mut first, .. } => {
                    first.extend(idents);
                    Arg::Variable { pos: chain_pos, name, idents: first }
                }
                Arg::Bool(..) | Arg::Str { .. } | Arg::Number { .. } | Arg::Nil(_) | Arg::Dot(_) => {
                    return Err(self.err(format!("unexpected . after term {}", go_quote(&node.to_string()))));
                }
                other => Arg::Chain { pos: chain_pos, node: Box::new(other), idents },
            }));
        }
        Ok(Some(node))
    }

    fn term(&mut self) -> PResult<Option<Arg>> {
        let it = self.next_non_space();
        Ok(Some(match it.tok {
            Tok::Ident(name) => {
                if !FUNCS.contains(&name.as_str()) {
                    return Err(self.errorf(it.line, format!("function {} not defined", go_quote(&name))));
                }
                Arg::Ident(it.pos, name)
            }
            Tok::Dot => Arg::Dot(it.pos),
            Tok::Nil => Arg::Nil(it.pos),
            Tok::Variable(name) => {
                if !self.vars.contains(&name) {
                    return Err(self.errorf(it.line, format!("undefined variable {}", go_quote(&name))));
                }
                Arg::Variable { pos: it.pos, name, idents: Vec::new() }
            }
            Tok::Field(f) => Arg::Field { pos: it.pos, idents: vec![f[1..].to_string()] },
            Tok::Bool(b) => Arg::Bool(it.pos, b),
            Tok::Number(text) => {
                let Some(value) = parse_number(&text) else {
                    return Err(self.errorf(it.line, format!("illegal number syntax: {}", go_quote(&text))));
                };
                Arg::Number { pos: it.pos, text, value }
            }
            Tok::CharConst(text) => {
                let inner = &text[1..text.len() - 1];
                let Some(c) = unquote(inner, '\'').and_then(|s| {
                    let mut ch = s.chars();
                    let c = ch.next()?;
                    ch.next().is_none().then_some(c)
                }) else {
                    return Err(self.errorf(it.line, format!("malformed character constant: {text}")));
                };
                Arg::Number { pos: it.pos, text, value: Value::Int(c as i64) }
            }
            Tok::LeftParen => Arg::Pipe(Box::new(self.pipeline("parenthesized pipeline", false)?)),
            Tok::Str(quoted) => {
                let Some(value) = unquote(&quoted[1..quoted.len() - 1], '"') else {
                    return Err(self.errorf(it.line, "invalid syntax".into()));
                };
                Arg::Str { pos: it.pos, quoted, value }
            }
            Tok::RawStr(quoted) => {
                let value = quoted[1..quoted.len() - 1].replace('\r', "");
                Arg::Str { pos: it.pos, quoted, value }
            }
            _ => {
                self.backup();
                return Ok(None);
            }
        }))
    }
}

enum Parsed {
    Node(Node),
    End(End),
}

fn parse_number(text: &str) -> Option<Value> {
    let t = text.replace('_', "");
    let (neg, digits) = match t.strip_prefix('-') {
        Some(d) => (true, d.to_string()),
        None => (false, t.strip_prefix('+').unwrap_or(&t).to_string()),
    };
    let lower = digits.to_ascii_lowercase();
    let int = if let Some(h) = lower.strip_prefix("0x") {
        i64::from_str_radix(h, 16).ok()
    } else if let Some(o) = lower.strip_prefix("0o") {
        i64::from_str_radix(o, 8).ok()
    } else if let Some(bin) = lower.strip_prefix("0b") {
        i64::from_str_radix(bin, 2).ok()
    } else if lower.len() > 1 && lower.starts_with('0') && lower.bytes().all(|c| c.is_ascii_digit()) {
        i64::from_str_radix(&lower[1..], 8).ok()
    } else {
        lower.parse::<i64>().ok()
    };
    if let Some(i) = int {
        return Some(Value::Int(if neg { -i } else { i }));
    }
    lower.parse::<f64>().ok().map(|f| Value::Float(if neg { -f } else { f }))
}

/// `strconv.Unquote` of a Go string's inside.
fn unquote(s: &str, quote: char) -> Option<String> {
    let mut out = String::new();
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c == quote || c == '\n' {
            return None;
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        let e = it.next()?;
        match e {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'f' => out.push('\x0c'),
            'v' => out.push('\x0b'),
            '\\' => out.push('\\'),
            '"' if quote == '"' => out.push('"'),
            '\'' if quote == '\'' => out.push('\''),
            'x' | 'u' | 'U' => {
                let n = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let hex: String = (0..n).filter_map(|_| it.next()).collect();
                let v = u32::from_str_radix(&hex, 16).ok()?;
                out.push(char::from_u32(v)?);
            }
            d if d.is_digit(8) => {
                let rest: String = (0..2).filter_map(|_| it.next()).collect();
                let v = u32::from_str_radix(&format!("{d}{rest}"), 8).ok()?;
                out.push(char::from_u32(v)?);
            }
            _ => return None,
        }
    }
    Some(out)
}

/// A parsed template.
#[derive(Clone, Debug)]
pub struct Template {
    text: String,
    root: Vec<Node>,
}

/// `template.New("").Funcs(…).Parse(text)`: the template, or the error as
/// Go words it (`template: :1: function "x" not defined`).
pub fn parse(text: &str) -> Result<Template, String> {
    let items = lex(text);
    let mut p = Parser { items, i: 0, vars: vec!["$".into()], range_depth: 0, action_line: 0 };
    let (root, _) = p.item_list(true)?;
    Ok(Template { text: text.to_string(), root })
}

// ----- execution -----------------------------------------------------------

/// Which functions `json`, `split`, … are: docker's, or the header
/// variants that return their (string) argument unchanged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Funcs {
    Basic,
    Header,
}

/// How a template runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// `Option("missingkey=error")`: a missing map key is an error.
    pub missingkey_error: bool,
    pub funcs: Funcs,
}

impl Default for Options {
    fn default() -> Options {
        Options { missingkey_error: false, funcs: Funcs::Basic }
    }
}

enum Flow {
    Error(String),
    Break,
    Continue,
}

struct State<'a> {
    tmpl: &'a Template,
    out: String,
    vars: Vec<(String, Value)>,
    opts: Options,
    /// The node being evaluated: (position, text) for error messages.
    at: (usize, String),
}

type EResult<T> = Result<T, Flow>;

impl Template {
    /// Run the template on `data`: what it wrote, and the error that
    /// stopped it, if any.
    pub fn execute(&self, data: &Value, opts: Options) -> (String, Option<String>) {
        let mut s = State { tmpl: self, out: String::new(), vars: vec![("$".into(), data.clone())], opts, at: (0, String::new()) };
        let r = s.walk_list(data, &self.root);
        let err = match r {
            Err(Flow::Error(e)) => Some(e),
            _ => None,
        };
        (s.out, err)
    }
}

impl State<'_> {
    fn at(&mut self, pos: usize, text: String) {
        self.at = (pos, text);
    }

    fn errorf<T>(&self, msg: String) -> EResult<T> {
        let (pos, ctx) = &self.at;
        let text = &self.tmpl.text[..(*pos).min(self.tmpl.text.len())];
        let line = 1 + text.matches('\n').count();
        let col = match text.rfind('\n') {
            Some(nl) => pos - (nl + 1),
            None => *pos,
        };
        Err(Flow::Error(format!("template: :{line}:{col}: executing \"\" at <{}>: {msg}", doubled_percent(ctx))))
    }

    fn walk_list(&mut self, dot: &Value, list: &[Node]) -> EResult<()> {
        for n in list {
            self.walk(dot, n)?;
        }
        Ok(())
    }

    fn walk(&mut self, dot: &Value, node: &Node) -> EResult<()> {
        match node {
            Node::Text(t) => {
                self.out.push_str(t);
                Ok(())
            }
            Node::Action(pipe) => {
                let v = self.eval_pipeline(dot, pipe)?;
                if let Value::Struct(s) = v.indirect()
                    && s.context
                {
                    return self.errorf(format!("mesh: printing the whole {} (its Go internals) is not modelled; use its fields or json", s.type_name));
                }
                if pipe.decl.is_empty() {
                    self.out.push_str(&v.print());
                }
                Ok(())
            }
            Node::If { pipe, list, else_list } | Node::With { pipe, list, else_list } => {
                let mark = self.vars.len();
                let v = self.eval_pipeline(dot, pipe)?;
                let r = if v.truth() {
                    let d = if matches!(node, Node::With { .. }) { v } else { dot.clone() };
                    self.walk_list(&d, list)
                } else if let Some(e) = else_list {
                    self.walk_list(dot, e)
                } else {
                    Ok(())
                };
                self.vars.truncate(mark);
                r
            }
            Node::Range { pipe, list, else_list } => {
                let mark = self.vars.len();
                let v = self.eval_pipeline(dot, pipe)?;
                let v = v.indirect().clone();
                let mut items: Vec<(Value, Value)> = Vec::new();
                match &v {
                    Value::List(l) => items = l.iter().flatten().enumerate().map(|(i, e)| (Value::Int(i as i64), e.clone())).collect(),
                    Value::Map(m) => items = m.iter().flatten().map(|(k, e)| (Value::str(k), e.clone())).collect(),
                    Value::Invalid | Value::Nil | Value::Ptr(None) => {}
                    other => return self.errorf(format!("range can't iterate over {}", other.sprint())),
                }
                if items.is_empty() {
                    if let Some(e) = else_list {
                        self.walk_list(dot, e)?;
                    }
                    self.vars.truncate(mark);
                    return Ok(());
                }
                let inner = self.vars.len();
                for (k, e) in items {
                    match pipe.decl.as_slice() {
                        [one] => self.set_var(one, e.clone(), pipe.is_assign, 1),
                        [first, second] => {
                            self.set_var(second, e.clone(), pipe.is_assign, 1);
                            self.set_var(first, k, pipe.is_assign, 2);
                        }
                        _ => {}
                    }
                    let r = self.walk_list(&e, list);
                    self.vars.truncate(inner);
                    match r {
                        Ok(()) | Err(Flow::Continue) => {}
                        Err(Flow::Break) => break,
                        Err(e) => return Err(e),
                    }
                }
                self.vars.truncate(mark);
                Ok(())
            }
            Node::Break => Err(Flow::Break),
            Node::Continue => Err(Flow::Continue),
        }
    }

    /// A range variable for this element: by name when assigning (`=`),
    /// else the declared one `from_top` places down the stack (`:=`).
    fn set_var(&mut self, name: &str, v: Value, assign: bool, from_top: usize) {
        let slot = if assign { self.vars.iter_mut().rev().find(|(n, _)| n == name) } else { self.vars.iter_mut().rev().nth(from_top - 1) };
        if let Some(slot) = slot {
            slot.1 = v;
        }
    }

    fn eval_pipeline(&mut self, dot: &Value, pipe: &Pipe) -> EResult<Value> {
        self.at(pipe.pos, pipe.to_string());
        let mut value: Option<Value> = None;
        for cmd in &pipe.cmds {
            value = Some(self.eval_command(dot, cmd, value)?);
        }
        let v = value.unwrap_or(Value::Invalid);
        for name in &pipe.decl {
            if pipe.is_assign {
                if let Some(slot) = self.vars.iter_mut().rev().find(|(n, _)| n == name) {
                    slot.1 = v.clone();
                }
            } else {
                self.vars.push((name.clone(), v.clone()));
            }
        }
        Ok(v)
    }

    fn eval_command(&mut self, dot: &Value, cmd: &Command, fin: Option<Value>) -> EResult<Value> {
        let Some(first) = cmd.args.first() else { return Ok(Value::Invalid) };
        match first {
            Arg::Field { pos, idents } => {
                self.at(*pos, first.to_string());
                self.eval_field_chain(dot, dot.clone(), first, idents, &cmd.args, fin)
            }
            Arg::Chain { pos, node, idents } => {
                let base = self.eval_arg_any(dot, node)?;
                self.at(*pos, first.to_string());
                self.eval_field_chain(dot, base, first, idents, &cmd.args, fin)
            }
            Arg::Variable { pos, name, idents } => {
                self.at(*pos, first.to_string());
                let v = self.var(name)?;
                if idents.is_empty() {
                    self.not_a_function(&cmd.args, &fin)?;
                    return Ok(v);
                }
                self.eval_field_chain(dot, v, first, idents, &cmd.args, fin)
            }
            Arg::Pipe(p) => {
                self.not_a_function(&cmd.args, &fin)?;
                self.eval_pipeline(dot, p)
            }
            Arg::Ident(pos, name) => {
                self.at(*pos, name.clone());
                self.call(dot, name, cmd, fin)
            }
            _ => {
                self.at(first.pos(), first.to_string());
                self.not_a_function(&cmd.args, &fin)?;
                Ok(match first {
                    Arg::Bool(_, b) => Value::Bool(*b),
                    Arg::Dot(_) => dot.clone(),
                    Arg::Nil(_) => return self.errorf("nil is not a command".into()),
                    Arg::Number { value, .. } => value.clone(),
                    Arg::Str { value, .. } => Value::str(value),
                    _ => Value::Invalid,
                })
            }
        }
    }

    fn not_a_function(&self, args: &[Arg], fin: &Option<Value>) -> EResult<()> {
        if args.len() > 1 || fin.is_some() {
            return self.errorf(format!("can't give argument to non-function {}", args[0]));
        }
        Ok(())
    }

    fn var(&self, name: &str) -> EResult<Value> {
        match self.vars.iter().rev().find(|(n, _)| n == name) {
            Some((_, v)) => Ok(v.clone()),
            None => self.errorf(format!("undefined variable: {name}")),
        }
    }

    fn eval_field_chain(&mut self, dot: &Value, mut receiver: Value, node: &Arg, idents: &[String], args: &[Arg], fin: Option<Value>) -> EResult<Value> {
        let n = idents.len();
        for (i, id) in idents.iter().enumerate() {
            let last = i + 1 == n;
            let (cmd_args, f) = if last { (args, fin.clone()) } else { (&args[..1], None) };
            receiver = self.eval_field(dot, id, node, cmd_args, f, receiver)?;
        }
        Ok(receiver)
    }

    fn eval_field(&mut self, dot: &Value, name: &str, _node: &Arg, args: &[Arg], fin: Option<Value>, receiver: Value) -> EResult<Value> {
        if receiver == Value::Invalid {
            if self.opts.missingkey_error {
                return self.errorf(format!("nil data; no entry for key {}", go_quote(name)));
            }
            return Ok(Value::Invalid);
        }
        let typ = receiver.type_name();
        let has_args = args.len() > 1 || fin.is_some();
        let inner = receiver.indirect();
        match inner {
            Value::Struct(s) => {
                if let Some(v) = inner.field(name) {
                    if let Value::Method(m) = v {
                        let mut call_args = Vec::new();
                        for a in &args[1..] {
                            call_args.push(self.eval_arg_any(dot, a)?);
                        }
                        if let Some(f) = fin {
                            call_args.push(f);
                        }
                        return self.call_method(name, m, call_args);
                    }
                    if has_args && s.context {
                        let got = args.len() - 1 + usize::from(fin.is_some());
                        return self.errorf(format!("wrong number of args for {name}: want 0 got {got}"));
                    }
                    if has_args {
                        return self.errorf(format!("{name} has arguments but cannot be invoked as function"));
                    }
                    return Ok(v.clone());
                }
            }
            Value::Map(m) => {
                if let Some(Value::Method(meth)) = m.as_ref().and_then(|m| m.get(name)) {
                    let mut call_args = Vec::new();
                    for a in &args[1..] {
                        call_args.push(self.eval_arg_any(dot, a)?);
                    }
                    if let Some(f) = fin {
                        call_args.push(f);
                    }
                    return self.call_method(name, meth, call_args);
                }
                if has_args {
                    return self.errorf(format!("{name} is not a method but has arguments"));
                }
                return match m.as_ref().and_then(|m| m.get(name)) {
                    Some(v) => Ok(v.clone()),
                    None if self.opts.missingkey_error => self.errorf(format!("map has no entry for key {}", go_quote(name))),
                    None => Ok(Value::Invalid),
                };
            }
            Value::Ptr(None) => return self.errorf(format!("nil pointer evaluating {typ}.{name}")),
            Value::Nil => return self.errorf(format!("nil pointer evaluating interface {{}}.{name}")),
            _ => {}
        }
        self.errorf(format!("can't evaluate field {name} in type {typ}"))
    }

    fn call_method(&mut self, name: &str, m: &Method, args: Vec<Value>) -> EResult<Value> {
        match m {
            Method::Label(labels) => {
                if args.len() != 1 {
                    return self.errorf(format!("wrong number of args for {name}: want 1 got {}", args.len()));
                }
                let key = self.want_string(&args[0])?;
                Ok(Value::str(labels.get(&key).cloned().unwrap_or_default()))
            }
            Method::HeaderLabel => {
                if args.len() != 1 {
                    return self.errorf(format!("wrong number of args for {name}: want 1 got {}", args.len()));
                }
                let key = self.want_string(&args[0])?;
                let last = key.rsplit('.').next().unwrap_or_default();
                Ok(Value::str(last.replace(['-', '_'], " ")))
            }
        }
    }

    /// An argument evaluated as `interface {}`.
    fn eval_arg_any(&mut self, dot: &Value, a: &Arg) -> EResult<Value> {
        self.at(a.pos(), a.to_string());
        match a {
            Arg::Dot(_) => Ok(dot.clone()),
            Arg::Nil(_) => Ok(Value::Nil),
            Arg::Bool(_, b) => Ok(Value::Bool(*b)),
            Arg::Number { value, .. } => Ok(value.clone()),
            Arg::Str { value, .. } => Ok(Value::str(value)),
            Arg::Field { idents, .. } => self.eval_field_chain(dot, dot.clone(), a, idents, std::slice::from_ref(a), None),
            Arg::Variable { name, idents, .. } => {
                let v = self.var(name)?;
                if idents.is_empty() {
                    return Ok(v);
                }
                self.eval_field_chain(dot, v, a, idents, std::slice::from_ref(a), None)
            }
            Arg::Chain { node, idents, .. } => {
                let base = self.eval_arg_any(dot, node)?;
                self.at(a.pos(), a.to_string());
                self.eval_field_chain(dot, base, a, idents, std::slice::from_ref(a), None)
            }
            Arg::Pipe(p) => self.eval_pipeline(dot, p),
            Arg::Ident(_, name) => {
                let cmd = Command { pos: a.pos(), args: vec![a.clone()] };
                self.call(dot, name, &cmd, None)
            }
        }
    }

    fn want_string(&self, v: &Value) -> EResult<String> {
        match v.indirect() {
            Value::Str(s) | Value::Number(s) => Ok(s.clone()),
            Value::Invalid => self.errorf("invalid value; expected string".into()),
            other => self.errorf(format!("wrong type for value; expected string; got {}", other.type_name())),
        }
    }

    fn want_int(&self, v: &Value) -> EResult<i64> {
        match v {
            Value::Int(i) => Ok(*i),
            Value::Uint(u) => Ok(*u as i64),
            Value::Invalid => self.errorf("invalid value; expected int".into()),
            other => self.errorf(format!("wrong type for value; expected int; got {}", other.type_name())),
        }
    }

    fn call(&mut self, dot: &Value, name: &str, cmd: &Command, fin: Option<Value>) -> EResult<Value> {
        let call_text = cmd.to_string();
        let call_pos = cmd.pos;
        let raw_args = &cmd.args[1..];
        let nargs = raw_args.len() + usize::from(fin.is_some());
        let header = self.opts.funcs == Funcs::Header;
        // and/or evaluate their arguments lazily.
        if name == "and" || name == "or" {
            if nargs == 0 {
                return self.errorf(format!("wrong number of args for {name}: want at least 1 got 0"));
            }
            let mut last = Value::Invalid;
            for a in raw_args {
                last = self.eval_arg_any(dot, a)?;
                if last.truth() == (name == "or") {
                    return Ok(last);
                }
            }
            if let Some(f) = fin {
                last = f;
            }
            return Ok(last);
        }
        let mut args = Vec::new();
        for a in raw_args {
            args.push(self.eval_arg_any(dot, a)?);
        }
        if let Some(f) = fin {
            args.push(f);
        }
        self.at(call_pos, name.to_string());
        let want = |n: usize| -> Option<String> { (nargs != n).then(|| format!("wrong number of args for {name}: want {n} got {nargs}")) };
        let fail = |s: &mut Self, e: String| -> EResult<Value> {
            s.at(call_pos, call_text.clone());
            s.errorf(format!("error calling {name}: {e}"))
        };
        match name {
            "json" | "title" | "lower" | "upper" => {
                if let Some(e) = want(1) {
                    return self.errorf(e);
                }
                if name == "json" && !header {
                    return Ok(Value::str(compact(&args[0].to_json())));
                }
                let s = self.want_string(&args[0])?;
                Ok(Value::str(match (name, header) {
                    (_, true) => s,
                    ("title", _) => go_title(&s),
                    ("lower", _) => s.to_lowercase(),
                    _ => s.to_uppercase(),
                }))
            }
            "split" => {
                if let Some(e) = want(2) {
                    return self.errorf(e);
                }
                let s = self.want_string(&args[0])?;
                let sep = self.want_string(&args[1])?;
                if header {
                    return Ok(Value::str(s));
                }
                let parts: Vec<String> = if sep.is_empty() { s.chars().map(String::from).collect() } else { s.split(sep.as_str()).map(String::from).collect() };
                Ok(Value::List(Some(parts.into_iter().map(Value::Str).collect())))
            }
            "join" => {
                if let Some(e) = want(2) {
                    return self.errorf(e);
                }
                if header {
                    let s = self.want_string(&args[0])?;
                    return Ok(Value::str(s));
                }
                let list = match args[0].indirect() {
                    Value::List(l)
                        if l.iter().flatten().all(|v| matches!(v, Value::Str(_))) && args[0].type_name() != "[]interface {}"
                            || matches!(args[0].indirect(), Value::List(None)) =>
                    {
                        l.iter().flatten().map(|v| v.sprint()).collect::<Vec<_>>()
                    }
                    Value::Invalid => return self.errorf("invalid value; expected []string".into()),
                    other => return self.errorf(format!("wrong type for value; expected []string; got {}", other.type_name())),
                };
                let sep = self.want_string(&args[1])?;
                Ok(Value::str(list.join(&sep)))
            }
            "pad" => {
                if let Some(e) = want(3) {
                    return self.errorf(e);
                }
                let s = self.want_string(&args[0])?;
                let (pre, suf) = (self.want_int(&args[1])?, self.want_int(&args[2])?);
                if s.is_empty() {
                    return Ok(Value::str(s));
                }
                Ok(Value::str(format!("{}{s}{}", " ".repeat(pre.max(0) as usize), " ".repeat(suf.max(0) as usize))))
            }
            "truncate" => {
                if let Some(e) = want(2) {
                    return self.errorf(e);
                }
                let s = self.want_string(&args[0])?;
                let n = self.want_int(&args[1])?;
                if header || (s.len() as i64) < n {
                    return Ok(Value::str(s));
                }
                let n = n.max(0) as usize;
                match s.get(..n) {
                    Some(t) => Ok(Value::str(t)),
                    None => Ok(Value::str(String::from_utf8_lossy(&s.as_bytes()[..n]).into_owned())),
                }
            }
            "not" => {
                if let Some(e) = want(1) {
                    return self.errorf(e);
                }
                Ok(Value::Bool(!args[0].truth()))
            }
            "len" => {
                if let Some(e) = want(1) {
                    return self.errorf(e);
                }
                match args[0].indirect() {
                    Value::Str(s) | Value::Number(s) => Ok(Value::Int(s.len() as i64)),
                    Value::List(l) => Ok(Value::Int(l.as_ref().map_or(0, Vec::len) as i64)),
                    Value::Map(m) => Ok(Value::Int(m.as_ref().map_or(0, BTreeMap::len) as i64)),
                    Value::Invalid | Value::Nil => fail(self, "len of nil pointer".into()),
                    other => fail(self, format!("len of type {}", other.type_name())),
                }
            }
            "index" => {
                if nargs == 0 {
                    return self.errorf("wrong number of args for index: want at least 1 got 0".into());
                }
                let mut item = args[0].clone();
                for key in &args[1..] {
                    item = match (item.indirect(), key) {
                        (Value::List(l), Value::Int(_) | Value::Uint(_)) => {
                            let i = self.want_int(key)?;
                            match usize::try_from(i).ok().and_then(|i| l.as_ref()?.get(i)) {
                                Some(v) => v.clone(),
                                None => return fail(self, format!("index out of range: {i}")),
                            }
                        }
                        (Value::List(_), Value::Invalid | Value::Nil) => return fail(self, "cannot index slice/array with nil".into()),
                        (Value::List(_), k) => return fail(self, format!("cannot index slice/array with type {}", k.type_name())),
                        (Value::Map(m), Value::Str(k)) => match m.as_ref().and_then(|m| m.get(k)) {
                            Some(v) => v.clone(),
                            None => map_zero(item.indirect()),
                        },
                        (Value::Map(_), Value::Invalid | Value::Nil) => return fail(self, "value is nil; should be of type string".into()),
                        (Value::Map(_), k) => return fail(self, format!("value has type {}; should be string", k.type_name())),
                        (Value::Invalid | Value::Nil, _) => return fail(self, "index of untyped nil".into()),
                        (Value::Str(s), Value::Int(_)) => {
                            let i = self.want_int(key)?;
                            match usize::try_from(i).ok().and_then(|i| s.as_bytes().get(i)) {
                                Some(b) => Value::Uint(u64::from(*b)),
                                None => return fail(self, format!("index out of range: {i}")),
                            }
                        }
                        (other, _) => return fail(self, format!("can't index item of type {}", other.type_name())),
                    };
                }
                Ok(item)
            }
            "slice" => {
                if nargs == 0 {
                    return self.errorf("wrong number of args for slice: want at least 1 got 0".into());
                }
                let idx: Vec<i64> = args[1..].iter().map(|a| self.want_int(a)).collect::<EResult<_>>()?;
                match args[0].indirect() {
                    Value::Str(s) => {
                        if idx.len() > 2 {
                            return fail(self, "cannot 3-index slice a string".into());
                        }
                        let (a, b) = (idx.first().copied().unwrap_or(0), idx.get(1).copied().unwrap_or(s.len() as i64));
                        match (usize::try_from(a), usize::try_from(b)) {
                            (Ok(a), Ok(b)) if a <= b && b <= s.len() => Ok(Value::str(String::from_utf8_lossy(&s.as_bytes()[a..b]).into_owned())),
                            _ => fail(self, format!("index out of range: {}", if a < 0 { a } else { b })),
                        }
                    }
                    Value::List(l) => {
                        let v = l.clone().unwrap_or_default();
                        let (a, b) = (idx.first().copied().unwrap_or(0), idx.get(1).copied().unwrap_or(v.len() as i64));
                        match (usize::try_from(a), usize::try_from(b)) {
                            (Ok(a), Ok(b)) if a <= b && b <= v.len() => Ok(Value::List(Some(v[a..b].to_vec()))),
                            _ => fail(self, format!("index out of range: {}", if a < 0 { a } else { b })),
                        }
                    }
                    other => fail(self, format!("can't slice item of type {}", other.type_name())),
                }
            }
            "eq" | "ne" | "lt" | "le" | "gt" | "ge" => {
                if name == "eq" {
                    if nargs < 2 {
                        return self.errorf(format!("wrong number of args for eq: want at least 1 got {nargs}"));
                    }
                } else if let Some(e) = want(2) {
                    return self.errorf(e);
                }
                let a = &args[0];
                if name == "eq" {
                    for b in &args[1..] {
                        match compare(a, b) {
                            Err(e) => return fail(self, e),
                            Ok(Some(std::cmp::Ordering::Equal)) => return Ok(Value::Bool(true)),
                            Ok(_) => {}
                        }
                    }
                    return Ok(Value::Bool(false));
                }
                let ord = match compare(a, &args[1]) {
                    Err(e) => return fail(self, e),
                    Ok(o) => o,
                };
                if name == "ne" {
                    return Ok(Value::Bool(ord != Some(std::cmp::Ordering::Equal)));
                }
                let Some(o) = ord else { return fail(self, "invalid type for comparison".into()) };
                Ok(Value::Bool(match name {
                    "lt" => o.is_lt(),
                    "le" => o.is_le(),
                    "gt" => o.is_gt(),
                    _ => o.is_ge(),
                }))
            }
            "print" => Ok(Value::str(sprint(&args))),
            "println" => Ok(Value::str(format!("{}\n", args.iter().map(Value::sprint).collect::<Vec<_>>().join(" ")))),
            "printf" => {
                if nargs == 0 {
                    return self.errorf("wrong number of args for printf: want at least 1 got 0".into());
                }
                let f = self.want_string(&args[0])?;
                Ok(Value::str(sprintf(&f, &args[1..])))
            }
            "html" => Ok(Value::str(html_escape(&eval_args_text(&args)))),
            "js" => Ok(Value::str(js_escape(&eval_args_text(&args)))),
            "urlquery" => Ok(Value::str(query_escape(&eval_args_text(&args)))),
            _ => self.errorf(format!("mesh: the {name} function is not modelled")),
        }
    }
}

/// The zero value of a map's element type (`index` of a missing key).
fn map_zero(m: &Value) -> Value {
    match m {
        Value::Map(Some(m)) if m.values().next().is_some_and(|v| matches!(v, Value::Str(_))) => Value::str(""),
        _ => Value::Nil,
    }
}

fn doubled_percent(s: &str) -> String {
    s.to_string()
}

/// `strings.Title`: the first letter of every word upper-cased.
fn go_title(s: &str) -> String {
    let mut out = String::new();
    let mut prev_letter = false;
    for c in s.chars() {
        if !prev_letter {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        prev_letter = c.is_alphanumeric() || c == '_' || c == '\'';
    }
    out
}

/// The basic kind of a value for comparisons.
fn kind(v: &Value) -> Option<&'static str> {
    match v {
        Value::Bool(_) => Some("bool"),
        Value::Int(_) | Value::Duration(_) => Some("int"),
        Value::Uint(_) => Some("uint"),
        Value::Float(_) => Some("float"),
        Value::Str(_) | Value::Number(_) => Some("string"),
        _ => None,
    }
}

/// `eq`/`lt`'s comparison: `Ok(None)` for comparable but unordered values.
fn compare(a: &Value, b: &Value) -> Result<Option<std::cmp::Ordering>, String> {
    let (a, b) = (a.indirect(), b.indirect());
    match (kind(a), kind(b)) {
        (Some(ka), Some(kb)) => {
            let num = |v: &Value| -> Option<i128> {
                match v {
                    Value::Int(i) | Value::Duration(i) => Some(i128::from(*i)),
                    Value::Uint(u) => Some(i128::from(*u)),
                    _ => None,
                }
            };
            if let (Some(x), Some(y)) = (num(a), num(b)) {
                return Ok(Some(x.cmp(&y)));
            }
            if ka != kb {
                return Err("incompatible types for comparison".into());
            }
            Ok(match (a, b) {
                (Value::Bool(x), Value::Bool(y)) => (x == y).then_some(std::cmp::Ordering::Equal),
                (Value::Float(x), Value::Float(y)) => x.partial_cmp(y),
                (Value::Str(x) | Value::Number(x), Value::Str(y) | Value::Number(y)) => Some(x.cmp(y)),
                _ => None,
            })
        }
        (None, None) if matches!((a, b), (Value::Nil | Value::Invalid, Value::Nil | Value::Invalid)) => Ok(Some(std::cmp::Ordering::Equal)),
        _ => {
            if a == b && !matches!(a, Value::List(_) | Value::Map(_)) {
                return Ok(Some(std::cmp::Ordering::Equal));
            }
            if matches!(a, Value::List(_) | Value::Map(_)) || matches!(b, Value::List(_) | Value::Map(_)) {
                return Err("invalid type for comparison".into());
            }
            if std::mem::discriminant(a) != std::mem::discriminant(b) {
                return Err("incompatible types for comparison".into());
            }
            Ok(None)
        }
    }
}

/// `fmt.Sprint`: operands separated by a space when neither is a string.
fn sprint(args: &[Value]) -> String {
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        let is_str = |v: &Value| matches!(v, Value::Str(_));
        if i > 0 && !is_str(a) && !is_str(&args[i - 1]) {
            out.push(' ');
        }
        out.push_str(&a.sprint());
    }
    out
}

/// `fmt.Sprintf` for the verbs templates use.
fn sprintf(format: &str, args: &[Value]) -> String {
    let mut out = String::new();
    let mut it = format.chars().peekable();
    let mut argi = 0;
    while let Some(c) = it.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut flags = String::new();
        while let Some(&f) = it.peek() {
            if "+-# 0".contains(f) {
                flags.push(f);
                it.next();
            } else {
                break;
            }
        }
        let mut width = String::new();
        while let Some(&d) = it.peek().filter(|d| d.is_ascii_digit()) {
            width.push(d);
            it.next();
        }
        let mut prec: Option<usize> = None;
        if it.peek() == Some(&'.') {
            it.next();
            let mut p = String::new();
            while let Some(&d) = it.peek().filter(|d| d.is_ascii_digit()) {
                p.push(d);
                it.next();
            }
            prec = Some(p.parse().unwrap_or(0));
        }
        let Some(verb) = it.next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        let Some(arg) = args.get(argi) else {
            out.push_str(&format!("%!{verb}(MISSING)"));
            continue;
        };
        argi += 1;
        let bad = |a: &Value| format!("%!{verb}({}={})", a.type_name(), a.sprint());
        let a = arg.indirect();
        let mut s = match (verb, a) {
            ('v', _) => arg.sprint(),
            ('s', Value::Str(s) | Value::Number(s)) => s.clone(),
            ('s', Value::Time(_) | Value::Duration(_) | Value::List(_) | Value::Map(_) | Value::Struct(_)) => arg.sprint(),
            ('s', Value::Nil) => "%!s(<nil>)".into(),
            ('q', Value::Str(s)) => go_quote(s),
            ('d', Value::Int(i)) => {
                let s = i.to_string();
                if flags.contains('+') && *i >= 0 { format!("+{s}") } else { s }
            }
            ('d', Value::Uint(u)) => u.to_string(),
            ('t', Value::Bool(b)) => b.to_string(),
            ('x', Value::Int(i)) => format!("{i:x}"),
            ('X', Value::Int(i)) => format!("{i:X}"),
            ('x', Value::Uint(u)) => format!("{u:x}"),
            ('X', Value::Uint(u)) => format!("{u:X}"),
            ('x', Value::Str(s)) => s.bytes().map(|b| format!("{b:02x}")).collect(),
            ('X', Value::Str(s)) => s.bytes().map(|b| format!("{b:02X}")).collect(),
            ('T', _) => {
                if matches!(a, Value::Nil) {
                    "<nil>".into()
                } else {
                    arg.type_name()
                }
            }
            ('f', Value::Float(f)) => format!("{f:.*}", prec.unwrap_or(6)),
            _ => bad(arg),
        };
        if let (Some(p), 's') = (prec, verb) {
            s = s.chars().take(p).collect();
        }
        let w: usize = width.parse().unwrap_or(0);
        let len = s.chars().count();
        if len < w {
            let pad = w - len;
            if flags.contains('-') {
                s.push_str(&" ".repeat(pad));
            } else if flags.contains('0') && matches!(verb, 'd' | 'x' | 'X' | 'f') {
                let (sign, digits) = if s.starts_with(['-', '+']) { s.split_at(1) } else { ("", s.as_str()) };
                s = format!("{sign}{}{digits}", "0".repeat(pad));
            } else {
                s = format!("{}{s}", " ".repeat(pad));
            }
        }
        out.push_str(&s);
    }
    if argi < args.len() {
        out.push_str("%!(EXTRA ");
        let extra: Vec<String> = args[argi..].iter().map(|a| format!("{}={}", a.type_name(), a.sprint())).collect();
        out.push_str(&extra.join(", "));
        out.push(')');
    }
    out
}

/// `evalArgs` of html/js/urlquery: one string as is, else `fmt.Sprint`.
fn eval_args_text(args: &[Value]) -> String {
    if let [Value::Str(s)] = args {
        return s.clone();
    }
    sprint(args)
}

fn html_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '\0' => out.push('\u{FFFD}'),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

fn js_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '<' => out.push_str("\\u003C"),
            '>' => out.push_str("\\u003E"),
            '&' => out.push_str("\\u0026"),
            '=' => out.push_str("\\u003D"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

fn query_escape(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(char::from(b)),
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docker::goval::Field;

    fn data() -> Value {
        Value::structure(
            "types.NetworkResource",
            vec![
                Field::new("Name", Value::str("ingress")),
                Field::renamed("ID", "Id", Value::str("m4np8jn3j5xq6k1v0p2z7y9wc")),
                Field::new("Labels", Value::string_map(Some(&BTreeMap::new()))),
                Field::new("Options", Value::string_map(Some(&BTreeMap::from([("k".to_string(), "v".to_string()), ("a".to_string(), "b".to_string())])))),
                Field::new("List", Value::strings(&["x".into(), "y".into()], true)),
                Field::new("Count", Value::Int(3)),
                Field::new("Status", Value::ptr(Value::structure("swarm.NodeStatus", vec![Field::new("Addr", Value::str("172.19.177.14"))]))),
                Field::new("Missing", Value::Ptr(None)),
            ],
        )
    }

    fn run(t: &str) -> Result<String, String> {
        let tmpl = parse(t)?;
        let (out, err) = tmpl.execute(&data(), Options::default());
        match err {
            Some(e) => Err(format!("{out}|{e}")),
            None => Ok(out),
        }
    }

    #[test]
    fn actions_and_functions_as_go_runs_them() {
        let ok = |t: &str, want: &str| assert_eq!(run(t), Ok(want.to_string()), "{t}");
        ok("{{.Name}}", "ingress");
        ok("{{ .Status.Addr }}", "172.19.177.14");
        ok("{{.Status}}", "{172.19.177.14}");
        ok("{{json .List}}", r#"["x","y"]"#);
        ok("{{json .Options}}", r#"{"a":"b","k":"v"}"#);
        ok("{{index .Options \"k\"}}", "v");
        ok("{{index .Options \"zz\"}}|", "|");
        ok("{{range .List}}[{{.}}]{{end}}", "[x][y]");
        ok("{{range $i, $v := .List}}{{$i}}={{$v}} {{end}}", "0=x 1=y ");
        ok("{{range $k, $v := .Options}}{{$k}}:{{$v}};{{end}}", "a:b;k:v;");
        ok("{{range .Labels}}x{{else}}empty{{end}}", "empty");
        ok("{{if .Labels}}y{{else if .Count}}c{{else}}n{{end}}", "c");
        ok("{{with .Status}}{{.Addr}}{{end}}", "172.19.177.14");
        ok("{{printf \"%s-%d|%5s|%-4d|%q\" .Name .Count \"ab\" 7 \"q\"}}", "ingress-3|   ab|7   |\"q\"");
        ok("{{join .List \",\"}}", "x,y");
        ok("{{upper .Name}} {{lower \"AbC\"}} {{title \"hello world\"}}", "INGRESS abc Hello World");
        ok("{{len .List}} {{len .Name}}", "2 7");
        ok("{{println \"a\" 1}}", "a 1\n");
        ok("{{print 1 2 \"x\" 3}}", "1 2x3");
        ok("{{$x := .Name}}{{$x}}", "ingress");
        ok("{{.Name | printf \"%s!\"}}", "ingress!");
        ok("{{eq .Count 3}} {{ne .Name \"x\"}} {{lt 1 2}} {{and 1 0}} {{or 0 \"a\"}} {{not .Labels}}", "true true true 0 a true");
        ok("{{- \"a\" }}  {{- \"b\" -}}  c", "abc");
        ok("{{/* comment */}}x", "x");
        ok("{{range .List}}{{if eq . \"x\"}}{{continue}}{{end}}{{.}}{{end}}", "y");
        ok("{{range .List}}{{.}}{{break}}{{end}}", "x");
    }

    #[test]
    fn parse_errors_read_as_go_writes_them() {
        let err = |t: &str, want: &str| assert_eq!(parse(t).err().as_deref(), Some(want), "{t}");
        err("{{foo}}", "template: :1: function \"foo\" not defined");
        err("{{.Name", "template: :1: unclosed action");
        err("{{.Name}", "template: :1: bad character U+007D '}'");
        err("{{if .X}}", "template: :1: unexpected EOF");
        err("{{end}}", "template: :1: unexpected {{end}}");
        err("{{$x}}", "template: :1: undefined variable \"$x\"");
        err("{{\"a}}", "template: :1: unterminated quoted string");
        err("{{}}", "template: :1: missing value for command");
        err("{{range .L}}{{else}}{{else}}{{end}}", "template: :1: expected end; found {{else}}");
        err("{{break}}", "template: :1: {{break}} outside {{range}}");
    }

    #[test]
    fn execution_errors_name_the_node_and_keep_what_was_written() {
        assert_eq!(run("a{{.Foo}}"), Err("a|template: :1:3: executing \"\" at <.Foo>: can't evaluate field Foo in type types.NetworkResource".to_string()));
        assert_eq!(
            run("{{.Status.Foo}}"),
            Err("|template: :1:9: executing \"\" at <.Status.Foo>: can't evaluate field Foo in type *swarm.NodeStatus".to_string())
        );
        assert_eq!(run("{{.Missing.X}}"), Err("|template: :1:10: executing \"\" at <.Missing.X>: nil pointer evaluating *struct {}.X".to_string()));
        assert_eq!(run("{{index .List 5}}"), Err("|template: :1:2: executing \"\" at <index .List 5>: error calling index: index out of range: 5".to_string()));
        assert_eq!(run("{{json}}"), Err("|template: :1:2: executing \"\" at <json>: wrong number of args for json: want 1 got 0".to_string()));
        assert_eq!(run("{{range .Count}}{{end}}"), Err("|template: :1:8: executing \"\" at <.Count>: range can't iterate over 3".to_string()));
        let tmpl = parse("{{.Foo}}").unwrap();
        let raw = Value::Map(Some(BTreeMap::new()));
        assert_eq!(
            tmpl.execute(&raw, Options { missingkey_error: true, funcs: Funcs::Basic }).1.as_deref(),
            Some("template: :1:2: executing \"\" at <.Foo>: map has no entry for key \"Foo\"")
        );
    }
}
