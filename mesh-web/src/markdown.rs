//! A small Markdown renderer for the narrative of labs: ATX headings,
//! paragraphs, bullet and numbered lists (with indented continuation
//! lines), fenced code blocks, pipe tables, block quotes and rules; inline
//! code, `**strong**`, `*emphasis*` / `_emphasis_`, links and backslash
//! escapes.
//!
//! [`parse`] is pure (text → [`Block`]s) and never fails: anything it does
//! not recognise is text. [`render`] draws the blocks with Yew, so no
//! Markdown ever reaches the page as HTML.
//!
//! Not handled: nested lists (an indented item joins the list it is in),
//! HTML, reference links, images, setext headings, hard line breaks.
//! `_` inside a word (`docker_gwbridge`) is a plain underscore, as in
//! CommonMark.

use yew::prelude::*;

/// A block of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Heading(u8, Vec<Inline>),
    Paragraph(Vec<Inline>),
    List {
        ordered: bool,
        items: Vec<Vec<Inline>>,
    },
    /// A fenced block: its info string and its lines.
    Code {
        info: String,
        text: String,
    },
    Table {
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    Quote(Vec<Inline>),
    Rule,
}

/// A span of text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Code(String),
    Strong(Vec<Inline>),
    Emphasis(Vec<Inline>),
    Link { text: Vec<Inline>, href: String },
}

fn fence(line: &str) -> Option<(&str, &str)> {
    let t = line.trim_start();
    let ticks = t.len() - t.trim_start_matches('`').len();
    (ticks >= 3).then(|| (&t[..ticks], t[ticks..].trim()))
}

fn heading(line: &str) -> Option<(u8, &str)> {
    let hashes = line.len() - line.trim_start_matches('#').len();
    let rest = &line[hashes..];
    ((1..=6).contains(&hashes) && (rest.is_empty() || rest.starts_with(' '))).then(|| (hashes as u8, rest.trim().trim_end_matches('#').trim_end()))
}

/// A list item's marker: whether it is numbered, and the text after it.
fn item(line: &str) -> Option<(bool, &str)> {
    let t = line.trim_start();
    for bullet in ["- ", "* ", "+ "] {
        if let Some(rest) = t.strip_prefix(bullet) {
            return Some((false, rest));
        }
    }
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = &t[digits..];
    (digits > 0 && digits < 10).then(|| rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")).map(|r| (true, r))).flatten()
}

fn is_rule(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    t.len() >= 3 && (t.chars().all(|c| c == '-') || t.chars().all(|c| c == '*') || t.chars().all(|c| c == '_'))
}

fn cells(line: &str) -> Vec<&str> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    t.split('|').map(str::trim).collect()
}

fn is_table_separator(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|') && cells(t).iter().all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':')))
}

/// Parses a document into blocks.
pub fn parse(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.trim().is_empty() {
            i += 1;
            continue;
        }
        if let Some((ticks, info)) = fence(line) {
            let end = (i + 1..lines.len()).find(|&j| lines[j].trim().starts_with(ticks) && lines[j].trim().trim_start_matches('`').is_empty());
            let body_end = end.unwrap_or(lines.len());
            blocks.push(Block::Code { info: info.to_string(), text: lines[i + 1..body_end].join("\n") });
            i = body_end + 1;
            continue;
        }
        if let Some((level, title)) = heading(line) {
            blocks.push(Block::Heading(level, inlines(title)));
            i += 1;
            continue;
        }
        if is_rule(line) {
            blocks.push(Block::Rule);
            i += 1;
            continue;
        }
        if line.trim_start().starts_with('|') && lines.get(i + 1).is_some_and(|l| is_table_separator(l)) {
            let head = cells(line).into_iter().map(inlines).collect();
            let mut rows = Vec::new();
            i += 2;
            while i < lines.len() && lines[i].trim_start().starts_with('|') {
                rows.push(cells(lines[i]).into_iter().map(inlines).collect());
                i += 1;
            }
            blocks.push(Block::Table { head, rows });
            continue;
        }
        if let Some((ordered, first)) = item(line) {
            let mut items = vec![first.to_string()];
            i += 1;
            while i < lines.len() && !lines[i].trim().is_empty() {
                match item(lines[i]) {
                    Some((_, text)) => items.push(text.to_string()),
                    None if lines[i].starts_with(char::is_whitespace) => {
                        if let Some(last) = items.last_mut() {
                            last.push(' ');
                            last.push_str(lines[i].trim());
                        }
                    }
                    None => break,
                }
                i += 1;
            }
            blocks.push(Block::List { ordered, items: items.iter().map(|t| inlines(t)).collect() });
            continue;
        }
        if line.trim_start().starts_with('>') {
            let mut text = Vec::new();
            while i < lines.len() && lines[i].trim_start().starts_with('>') {
                let l = lines[i].trim_start().trim_start_matches('>');
                text.push(l.strip_prefix(' ').unwrap_or(l).trim_end());
                i += 1;
            }
            blocks.push(Block::Quote(inlines(&text.join(" "))));
            continue;
        }
        let mut text = vec![line.trim()];
        i += 1;
        while i < lines.len() {
            let l = lines[i];
            if l.trim().is_empty() || fence(l).is_some() || heading(l).is_some() || item(l).is_some() || l.trim_start().starts_with('>') || is_rule(l) {
                break;
            }
            text.push(l.trim());
            i += 1;
        }
        blocks.push(Block::Paragraph(inlines(&text.join(" "))));
    }
    blocks
}

/// Parses the spans of one block's text.
pub fn inlines(text: &str) -> Vec<Inline> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut i = 0;
    let flush = |plain: &mut String, out: &mut Vec<Inline>| {
        if !plain.is_empty() {
            out.push(Inline::Text(std::mem::take(plain)));
        }
    };
    let find = |from: usize, pat: &[char]| (from..chars.len()).find(|&j| chars[j..].starts_with(pat));
    while i < chars.len() {
        let c = chars[i];
        let prev_alnum = i > 0 && chars[i - 1].is_alphanumeric();
        match c {
            '\\' if chars.get(i + 1).is_some_and(|n| n.is_ascii_punctuation()) => {
                plain.push(chars[i + 1]);
                i += 2;
            }
            '`' => {
                let ticks = chars[i..].iter().take_while(|&&t| t == '`').count();
                let pat = vec!['`'; ticks];
                match find(i + ticks, &pat) {
                    Some(end) => {
                        flush(&mut plain, &mut out);
                        let code: String = chars[i + ticks..end].iter().collect();
                        out.push(Inline::Code(code.trim().to_string()));
                        i = end + ticks;
                    }
                    None => {
                        plain.extend(&chars[i..i + ticks]);
                        i += ticks;
                    }
                }
            }
            '*' | '_' if chars.get(i + 1) == Some(&c) => match find(i + 2, &[c, c]).filter(|&end| end > i + 2) {
                Some(end) => {
                    flush(&mut plain, &mut out);
                    let inner: String = chars[i + 2..end].iter().collect();
                    out.push(Inline::Strong(inlines(&inner)));
                    i = end + 2;
                }
                None => {
                    plain.push_str(&format!("{c}{c}"));
                    i += 2;
                }
            },
            '*' | '_' if !(c == '_' && prev_alnum) && chars.get(i + 1).is_some_and(|n| !n.is_whitespace()) => {
                let closing = (i + 1..chars.len())
                    .find(|&j| chars[j] == c && !chars[j - 1].is_whitespace() && !(c == '_' && chars.get(j + 1).is_some_and(|n| n.is_alphanumeric())));
                match closing.filter(|&end| end > i + 1) {
                    Some(end) => {
                        flush(&mut plain, &mut out);
                        let inner: String = chars[i + 1..end].iter().collect();
                        out.push(Inline::Emphasis(inlines(&inner)));
                        i = end + 1;
                    }
                    None => {
                        plain.push(c);
                        i += 1;
                    }
                }
            }
            '[' => {
                let link = find(i + 1, &[']', '(']).and_then(|mid| find(mid + 2, &[')']).map(|end| (mid, end)));
                match link {
                    Some((mid, end)) => {
                        flush(&mut plain, &mut out);
                        let label: String = chars[i + 1..mid].iter().collect();
                        let href: String = chars[mid + 2..end].iter().collect();
                        out.push(Inline::Link { text: inlines(&label), href: href.trim().to_string() });
                        i = end + 1;
                    }
                    None => {
                        plain.push(c);
                        i += 1;
                    }
                }
            }
            _ => {
                plain.push(c);
                i += 1;
            }
        }
    }
    flush(&mut plain, &mut out);
    out
}

/// Whether a link target may be followed: web addresses, and relative
/// ones (not `javascript:` or other schemes).
fn safe_href(href: &str) -> bool {
    let scheme = href.split_once(':').map(|(s, _)| s).filter(|s| !s.contains('/'));
    matches!(scheme, None | Some("http" | "https" | "mailto"))
}

fn render_inlines(spans: &[Inline]) -> Html {
    html! {
        { for spans.iter().map(|s| match s {
            Inline::Text(t) => html! { { t.clone() } },
            Inline::Code(c) => html! { <code>{ c.clone() }</code> },
            Inline::Strong(inner) => html! { <strong>{ render_inlines(inner) }</strong> },
            Inline::Emphasis(inner) => html! { <em>{ render_inlines(inner) }</em> },
            Inline::Link { text, href } if safe_href(href) => {
                html! { <a href={href.clone()} target="_blank" rel="noopener noreferrer">{ render_inlines(text) }</a> }
            }
            Inline::Link { text, .. } => render_inlines(text),
        }) }
    }
}

/// Draws blocks. Headings are shifted down by `shift` levels (a lab's `#`
/// title sits under the page's own headings), never below `h6`.
pub fn render(blocks: &[Block], shift: u8) -> Html {
    html! {
        { for blocks.iter().map(|b| match b {
            Block::Heading(level, spans) => {
                let tag = format!("h{}", (level + shift).min(6));
                html! { <@{tag} class="md-heading">{ render_inlines(spans) }</@> }
            }
            Block::Paragraph(spans) => html! { <p>{ render_inlines(spans) }</p> },
            Block::List { ordered: false, items } => html! { <ul>{ for items.iter().map(|i| html! { <li>{ render_inlines(i) }</li> }) }</ul> },
            Block::List { ordered: true, items } => html! { <ol>{ for items.iter().map(|i| html! { <li>{ render_inlines(i) }</li> }) }</ol> },
            Block::Code { info, text } => html! { <pre class={classes!("md-code", (!info.is_empty()).then(|| format!("lang-{}", info.split_whitespace().next().unwrap_or_default())))}><code>{ text.clone() }</code></pre> },
            Block::Table { head, rows } => html! {
                <table class="md-table">
                    <thead><tr>{ for head.iter().map(|c| html! { <th>{ render_inlines(c) }</th> }) }</tr></thead>
                    <tbody>{ for rows.iter().map(|r| html! { <tr>{ for r.iter().map(|c| html! { <td>{ render_inlines(c) }</td> }) }</tr> }) }</tbody>
                </table>
            },
            Block::Quote(spans) => html! { <blockquote>{ render_inlines(spans) }</blockquote> },
            Block::Rule => html! { <hr /> },
        }) }
    }
}
