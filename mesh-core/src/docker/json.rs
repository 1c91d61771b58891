//! JSON as Go's `encoding/json` writes it, for `docker … inspect`.
//!
//! A [`Json`] value keeps object members in the order they were added, which
//! is how the renderers reproduce the *field order of the Go structs* (Go
//! marshals struct fields in declaration order, and map keys sorted — use
//! [`Json::sorted_object`] for maps). [`Json::indent`] prints what
//! `json.Indent(dst, src, "", "    ")` / `json.MarshalIndent` produce:
//! four-space indentation, `"key": value`, and empty objects and arrays
//! kept as `{}` and `[]`.
//!
//! Strings are escaped like Go: `"`, `\`, `\n`, `\r`, `\t`, other control
//! characters as `\u00XX`, U+2028/U+2029 as `\u2028`/`\u2029`, and — only
//! when HTML escaping is on (`json.Marshal`, which the CLI uses for
//! `node`/`service inspect`) — `<`, `>`, `&` as `\u003c`, `\u003e`,
//! `\u0026`. The daemon's own encoder (whose bytes `network inspect` and
//! `inspect` re-indent) has HTML escaping off, so `<nil>` stays literal.
//! Go 1.20 (docker 24's toolchain) writes `\b` and `\f` as `\u0008` and
//! `\u000c`.
//!
//! Not modelled: floating-point numbers other than the few the renderers
//! need (they are passed in already formatted, see [`Json::Number`]).

/// A JSON value with ordered members.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// A number, already in Go's text form (`0`, `271`, `0.5`).
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

/// Whether `<`, `>` and `&` are escaped (Go's `SetEscapeHTML`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HtmlEscape {
    On,
    Off,
}

impl Json {
    pub fn str(s: impl Into<String>) -> Json {
        Json::String(s.into())
    }
    pub fn num(n: impl ToString) -> Json {
        Json::Number(n.to_string())
    }
    /// An object from `(key, value)` pairs, in the given (struct) order.
    pub fn object<K: Into<String>>(members: impl IntoIterator<Item = (K, Json)>) -> Json {
        Json::Object(members.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }
    /// An object from a Go map: keys sorted bytewise, as Go marshals maps.
    pub fn sorted_object<K: Into<String>>(members: impl IntoIterator<Item = (K, Json)>) -> Json {
        let mut members: Vec<(String, Json)> = members.into_iter().map(|(k, v)| (k.into(), v)).collect();
        members.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        Json::Object(members)
    }
    /// A `map[string]string`: `null` when absent, else a sorted object.
    pub fn string_map(map: Option<&std::collections::BTreeMap<String, String>>) -> Json {
        match map {
            None => Json::Null,
            Some(map) => Json::sorted_object(map.iter().map(|(k, v)| (k.clone(), Json::str(v.clone())))),
        }
    }
    /// A `[]string`: `null` when absent.
    pub fn string_list(list: Option<&[String]>) -> Json {
        match list {
            None => Json::Null,
            Some(list) => Json::Array(list.iter().map(|s| Json::str(s.clone())).collect()),
        }
    }

    /// Print with Go's four-space indentation (no trailing newline).
    pub fn indent(&self, html: HtmlEscape) -> String {
        let mut out = String::new();
        self.write(&mut out, 0, html);
        out
    }

    fn write(&self, out: &mut String, depth: usize, html: HtmlEscape) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) => out.push_str(n),
            Json::String(s) => write_string(out, s, html),
            Json::Array(items) if items.is_empty() => out.push_str("[]"),
            Json::Object(members) if members.is_empty() => out.push_str("{}"),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, depth + 1);
                    item.write(out, depth + 1, html);
                }
                newline(out, depth);
                out.push(']');
            }
            Json::Object(members) => {
                out.push('{');
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, depth + 1);
                    write_string(out, key, html);
                    out.push_str(": ");
                    value.write(out, depth + 1, html);
                }
                newline(out, depth);
                out.push('}');
            }
        }
    }
}

fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("    ");
    }
}

fn write_string(out: &mut String, s: &str, html: HtmlEscape) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' if html == HtmlEscape::On => out.push_str(&format!("\\u{:04x}", c as u32)),
            '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `json.Marshal` / `json.Encoder` output without indentation and without
/// HTML escaping (what the CLI's `{{json}}` template function writes).
pub fn compact(v: &Json) -> String {
    let mut out = String::new();
    write_compact(v, &mut out);
    out
}

fn write_compact(v: &Json, out: &mut String) {
    match v {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(n) => out.push_str(n),
        Json::String(s) => write_string(out, s, HtmlEscape::Off),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_compact(item, out);
            }
            out.push(']');
        }
        Json::Object(members) => {
            out.push('{');
            for (i, (key, value)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, key, HtmlEscape::Off);
                out.push(':');
                write_compact(value, out);
            }
            out.push('}');
        }
    }
}

/// What the CLI prints for `inspect` of a list of objects: the array,
/// indented, and a newline; `[]` and a newline when nothing was found.
pub fn inspect_output(elements: Vec<Json>, html: HtmlEscape) -> String {
    let mut out = Json::Array(elements).indent(html);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indents_like_go_with_empty_containers_compact() {
        let v = Json::Array(vec![Json::object([
            ("Name", Json::str("ingress")),
            ("EnableIPv6", Json::Bool(false)),
            ("Options", Json::Null),
            ("Config", Json::Array(vec![Json::object([("Subnet", Json::str("10.0.0.0/24"))])])),
            ("Labels", Json::object(Vec::<(String, Json)>::new())),
            ("Peers", Json::Array(vec![])),
            ("LocalLBIndex", Json::num(271)),
        ])]);
        let want = "[\n    {\n        \"Name\": \"ingress\",\n        \"EnableIPv6\": false,\n        \"Options\": null,\n        \"Config\": [\n            {\n                \"Subnet\": \"10.0.0.0/24\"\n            }\n        ],\n        \"Labels\": {},\n        \"Peers\": [],\n        \"LocalLBIndex\": 271\n    }\n]";
        assert_eq!(v.indent(HtmlEscape::Off), want);
        assert_eq!(inspect_output(vec![], HtmlEscape::Off), "[]\n");
    }

    #[test]
    fn escapes_like_go() {
        let v = Json::str("<nil> & \"q\"\n\u{8}\u{2028}");
        assert_eq!(v.indent(HtmlEscape::Off), "\"<nil> & \\\"q\\\"\\n\\u0008\\u2028\"");
        assert_eq!(v.indent(HtmlEscape::On), "\"\\u003cnil\\u003e \\u0026 \\\"q\\\"\\n\\u0008\\u2028\"");
    }

    #[test]
    fn maps_are_sorted_bytewise() {
        let v = Json::sorted_object([("b", Json::Null), ("B", Json::Null), ("a", Json::Null)]);
        assert_eq!(v.indent(HtmlEscape::Off), "{\n    \"B\": null,\n    \"a\": null,\n    \"b\": null\n}");
    }
}
