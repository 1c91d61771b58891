//! Go values as `--format` templates see them: the Docker API structs the
//! CLI decodes (typed, with Go field names), or the daemon's raw JSON
//! decoded into `map[string]interface {}` (the inspect fallback).
//!
//! A [`Value`] prints the way `fmt.Sprint` prints the Go value it stands
//! for (`{{.X}}` in a template):
//!
//! - structs as `{a b c}` (every field, in declaration order, zero values
//!   included), maps as `map[k1:v1 k2:v2]` (keys sorted), slices as
//!   `[a b]`, a nil slice or map as `[]` / `map[]`;
//! - a pointer as `&{…}` when it is the value printed, as an address
//!   inside another value (`0xc000…`), and as `<nil>` when nil;
//! - `time.Time` with its `String` method (`2023-11-17 09:07:00.959710462
//!   +0000 UTC`), `time.Duration` as `10s`.
//!
//! and encodes the way `encoding/json` marshals it (`{{json .X}}`): fields
//! by their JSON names, `omitempty` honoured, embedded structs flattened,
//! maps with sorted keys, times in RFC 3339 with nanoseconds, nil slices,
//! maps and pointers as `null`.
//!
//! Not modelled: the real addresses of pointers (Go prints the heap
//! address; mesh prints a made-up, stable `0xc000…` one), floats other than
//! the integers and simple decimals the API types hold, complex numbers,
//! channels and functions as values.

use std::collections::BTreeMap;

use crate::docker::json::Json;
use crate::docker::text::{go_duration, rfc3339_nano};

/// A Go value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// The absent value (a missing map key, `nil` data): prints
    /// `<no value>` at the top of an action.
    Invalid,
    /// A nil interface (`<nil>`).
    Nil,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(String),
    /// `json.Number` (raw JSON numbers decoded with `UseNumber`): a string
    /// type that marshals as a number.
    Number(String),
    /// `time.Time` (Unix nanoseconds, UTC).
    Time(i64),
    /// `time.Duration` (nanoseconds).
    Duration(i64),
    /// A slice; `None` is a nil slice.
    List(Option<Vec<Value>>),
    /// A map with string keys; `None` is a nil map.
    Map(Option<BTreeMap<String, Value>>),
    Struct(Struct),
    /// A pointer; `None` is nil.
    Ptr(Option<Box<Value>>),
    /// A method taking arguments (`.Label "name"` of the list contexts).
    Method(Method),
}

/// Methods with arguments of the CLI's formatter contexts.
#[derive(Clone, Debug, PartialEq)]
pub enum Method {
    /// `Label(name string) string`: a label's value, or "".
    Label(BTreeMap<String, String>),
    /// The header's `Label(name)`: the name's last dot-separated part,
    /// `-` and `_` as spaces (`SubHeaderContext.Label`).
    HeaderLabel,
}

/// A struct value: its Go type (for error messages) and its fields.
#[derive(Clone, Debug, PartialEq)]
pub struct Struct {
    /// The Go type, e.g. `swarm.Node`, `formatter.ContainerContext`.
    pub type_name: String,
    pub fields: Vec<Field>,
    /// A formatter context: its fields are methods, and printing or
    /// marshalling the whole context is what the CLI does with its
    /// internals (not modelled, except `{{json .}}`).
    pub context: bool,
}

/// A struct field.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The Go field name (what `.Name` selects).
    pub name: String,
    /// The JSON name; `None` for `json:"-"`.
    pub json: Option<String>,
    pub omitempty: bool,
    /// An embedded struct (or pointer to one): its fields are promoted.
    pub embedded: bool,
    pub value: Value,
}

impl Field {
    pub fn new(name: &str, value: Value) -> Field {
        Field { name: name.to_string(), json: Some(name.to_string()), omitempty: false, embedded: false, value }
    }
    /// A field whose JSON name differs (`ID string `json:"Id"``).
    pub fn renamed(name: &str, json: &str, value: Value) -> Field {
        Field { json: Some(json.to_string()), ..Field::new(name, value) }
    }
    pub fn omitempty(mut self) -> Field {
        self.omitempty = true;
        self
    }
    pub fn embedded(name: &str, value: Value) -> Field {
        Field { embedded: true, ..Field::new(name, value) }
    }
}

impl Value {
    pub fn str(s: impl Into<String>) -> Value {
        Value::Str(s.into())
    }
    /// A `[]string`, nil when empty and `nil_when_empty`.
    pub fn strings(list: &[String], nil_when_empty: bool) -> Value {
        if list.is_empty() && nil_when_empty {
            return Value::List(None);
        }
        Value::List(Some(list.iter().map(Value::str).collect()))
    }
    /// A `map[string]string`, nil when `None`.
    pub fn string_map(map: Option<&BTreeMap<String, String>>) -> Value {
        Value::Map(map.map(|m| m.iter().map(|(k, v)| (k.clone(), Value::str(v))).collect()))
    }
    pub fn ptr(v: Value) -> Value {
        Value::Ptr(Some(Box::new(v)))
    }
    pub fn structure(type_name: &str, fields: Vec<Field>) -> Value {
        Value::Struct(Struct { type_name: type_name.to_string(), fields, context: false })
    }

    /// Follow pointers (text/template's `indirect`): the pointee, or the
    /// nil pointer itself.
    pub fn indirect(&self) -> &Value {
        match self {
            Value::Ptr(Some(v)) => v.indirect(),
            v => v,
        }
    }

    /// The Go type name of the value, as error messages print it.
    pub fn type_name(&self) -> String {
        match self {
            Value::Invalid => "<nil>".into(),
            Value::Nil => "interface {}".into(),
            Value::Bool(_) => "bool".into(),
            Value::Int(_) => "int".into(),
            Value::Uint(_) => "uint64".into(),
            Value::Float(_) => "float64".into(),
            Value::Str(_) => "string".into(),
            Value::Number(_) => "json.Number".into(),
            Value::Time(_) => "time.Time".into(),
            Value::Duration(_) => "time.Duration".into(),
            Value::List(l) => match l.as_ref().and_then(|l| l.first()) {
                Some(Value::Str(_)) => "[]string".into(),
                Some(Value::Struct(s)) => format!("[]{}", s.type_name),
                _ => "[]interface {}".into(),
            },
            Value::Map(m) => match m.as_ref().and_then(|m| m.values().next()) {
                Some(Value::Str(_)) => "map[string]string".into(),
                _ => "map[string]interface {}".into(),
            },
            Value::Struct(s) => s.type_name.clone(),
            Value::Ptr(Some(v)) => format!("*{}", v.type_name()),
            Value::Ptr(None) => "*struct {}".into(),
            Value::Method(_) => "func(string) string".into(),
        }
    }

    /// Go's truth (`if`, `with`, `and`, `or`, `not`): false, 0, nil and
    /// empty things are false.
    pub fn truth(&self) -> bool {
        match self {
            Value::Invalid | Value::Nil => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Uint(u) => *u != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) | Value::Number(s) => !s.is_empty(),
            Value::Time(_) | Value::Struct(_) | Value::Method(_) => true,
            Value::Duration(d) => *d != 0,
            Value::List(l) => l.as_ref().is_some_and(|l| !l.is_empty()),
            Value::Map(m) => m.as_ref().is_some_and(|m| !m.is_empty()),
            Value::Ptr(p) => p.is_some(),
        }
    }

    /// A struct field by Go name, promoted fields of embedded structs
    /// included.
    pub fn field(&self, name: &str) -> Option<&Value> {
        let Value::Struct(s) = self else { return None };
        if let Some(f) = s.fields.iter().find(|f| f.name == name) {
            return Some(&f.value);
        }
        s.fields.iter().filter(|f| f.embedded).find_map(|f| f.value.indirect().field(name))
    }

    /// `fmt.Sprint(v)`: the value as the top of a template action prints it.
    pub fn print(&self) -> String {
        let mut out = String::new();
        match self {
            Value::Invalid => out.push_str("<no value>"),
            // printableValue dereferences a pointer before printing it.
            Value::Ptr(Some(v)) => v.write(&mut out, 0),
            v => v.write(&mut out, 0),
        }
        out
    }

    /// `fmt.Sprint` of an operand (`print`, `printf "%v"`): a pointer to a
    /// struct, slice or map prints as `&{…}`.
    pub fn sprint(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, 0);
        out
    }

    fn write(&self, out: &mut String, depth: usize) {
        match self {
            Value::Invalid => out.push_str("<invalid reflect.Value>"),
            Value::Nil => out.push_str("<nil>"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) => out.push_str(&i.to_string()),
            Value::Uint(u) => out.push_str(&u.to_string()),
            Value::Float(f) => out.push_str(&go_float(*f)),
            Value::Str(s) | Value::Number(s) => out.push_str(s),
            Value::Time(t) => out.push_str(&go_time_string(*t)),
            Value::Duration(d) => out.push_str(&go_duration(*d)),
            Value::List(l) => {
                out.push('[');
                for (i, v) in l.iter().flatten().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    v.write(out, depth + 1);
                }
                out.push(']');
            }
            Value::Map(m) => {
                out.push_str("map[");
                for (i, (k, v)) in m.iter().flatten().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    out.push_str(k);
                    out.push(':');
                    v.write(out, depth + 1);
                }
                out.push(']');
            }
            // swarm.Version's String method prints its index.
            Value::Struct(s) if s.type_name == "swarm.Version" => match s.fields.first() {
                Some(f) => f.value.write(out, depth),
                None => out.push('0'),
            },
            Value::Struct(s) => {
                out.push('{');
                for (i, f) in s.fields.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    f.value.write(out, depth + 1);
                }
                out.push('}');
            }
            Value::Ptr(None) => out.push_str("<nil>"),
            Value::Ptr(Some(v)) => {
                if depth == 0 && matches!(**v, Value::Struct(_) | Value::List(_) | Value::Map(_)) {
                    out.push('&');
                    v.write(out, depth + 1);
                } else {
                    out.push_str(&fake_address(v));
                }
            }
            Value::Method(_) => out.push_str(&fake_address(self)),
        }
    }

    /// Whether `encoding/json` treats the value as empty for `omitempty`.
    fn is_empty(&self) -> bool {
        match self {
            Value::Invalid | Value::Nil | Value::Ptr(None) => true,
            Value::Bool(b) => !b,
            Value::Int(i) | Value::Duration(i) => *i == 0,
            Value::Uint(u) => *u == 0,
            Value::Float(f) => *f == 0.0,
            Value::Str(s) | Value::Number(s) => s.is_empty(),
            Value::List(l) => l.as_ref().is_none_or(|l| l.is_empty()),
            Value::Map(m) => m.as_ref().is_none_or(|m| m.is_empty()),
            Value::Time(_) | Value::Struct(_) | Value::Ptr(Some(_)) | Value::Method(_) => false,
        }
    }

    /// The value as `encoding/json` marshals it.
    pub fn to_json(&self) -> Json {
        match self {
            Value::Invalid | Value::Nil | Value::Ptr(None) | Value::List(None) | Value::Map(None) | Value::Method(_) => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Int(i) | Value::Duration(i) => Json::num(i),
            Value::Uint(u) => Json::num(u),
            Value::Float(f) => Json::Number(go_float(*f)),
            Value::Number(n) => Json::Number(if n.is_empty() { "0".into() } else { n.clone() }),
            Value::Str(s) => Json::str(s),
            Value::Time(t) => Json::str(rfc3339_nano(*t)),
            Value::List(Some(l)) => Json::Array(l.iter().map(Value::to_json).collect()),
            Value::Map(Some(m)) => Json::sorted_object(m.iter().map(|(k, v)| (k.clone(), v.to_json()))),
            Value::Ptr(Some(v)) => v.to_json(),
            // A formatter context marshals its methods as a map.
            Value::Struct(s) if s.context => {
                Json::sorted_object(s.fields.iter().filter(|f| !matches!(f.value, Value::Method(_))).map(|f| (f.name.clone(), f.value.to_json())))
            }
            Value::Struct(s) => {
                let mut members = Vec::new();
                s.json_members(&mut members);
                Json::Object(members)
            }
        }
    }

    /// A raw JSON document as `json.Decoder` with `UseNumber` decodes it
    /// into an `interface {}`.
    pub fn from_json(j: &Json) -> Value {
        match j {
            Json::Null => Value::Nil,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => Value::Number(n.clone()),
            Json::String(s) => Value::str(s),
            Json::Array(a) => Value::List(Some(a.iter().map(Value::from_json).collect())),
            // Decoding into a map keeps the last of duplicate keys.
            Json::Object(o) => Value::Map(Some(o.iter().map(|(k, v)| (k.clone(), Value::from_json(v))).collect())),
        }
    }
}

impl Struct {
    fn json_members(&self, out: &mut Vec<(String, Json)>) {
        for f in &self.fields {
            if f.embedded {
                match f.value.indirect() {
                    Value::Struct(inner) => inner.json_members(out),
                    _ => continue,
                }
                continue;
            }
            let Some(name) = &f.json else { continue };
            if f.omitempty && f.value.is_empty() {
                continue;
            }
            out.push((name.clone(), f.value.to_json()));
        }
    }
}

/// `strconv.FormatFloat(f, 'g', -1, 64)` for the floats mesh meets.
pub fn go_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf".into() } else { "-Inf".into() };
    }
    let exp = if f == 0.0 { 0 } else { f.abs().log10().floor() as i32 };
    if !(-4..21).contains(&exp) {
        let s = format!("{f:e}");
        // Rust writes `1e21`, Go `1e+21`.
        return match s.split_once('e') {
            Some((m, e)) if !e.starts_with('-') => format!("{m}e+{}", pad2(e)),
            Some((m, e)) => format!("{m}e-{}", pad2(&e[1..])),
            None => s,
        };
    }
    format!("{f}")
}

fn pad2(e: &str) -> String {
    if e.len() < 2 { format!("0{e}") } else { e.to_string() }
}

/// Go's `time.Time.String()` in UTC: `2006-01-02 15:04:05.999999999 +0000
/// UTC` (the fraction without trailing zeros, absent when zero).
pub fn go_time_string(unix_nanos: i64) -> String {
    let rfc = rfc3339_nano(unix_nanos);
    let body = rfc.trim_end_matches('Z').replacen('T', " ", 1);
    format!("{body} +0000 UTC")
}

/// A stable stand-in for a Go heap address.
fn fake_address(v: &Value) -> String {
    let h = crate::rng::fnv1a(format!("{v:?}").as_bytes());
    format!("0xc000{:06x}", (h & 0xff_fff8) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node_status() -> Value {
        Value::structure(
            "swarm.NodeStatus",
            vec![Field::new("State", Value::str("ready")), Field::new("Message", Value::str("")), Field::new("Addr", Value::str("172.19.177.14"))],
        )
    }

    #[test]
    fn prints_like_fmt_sprint() {
        assert_eq!(node_status().print(), "{ready  172.19.177.14}");
        assert_eq!(Value::ptr(node_status()).print(), "{ready  172.19.177.14}");
        assert_eq!(Value::ptr(node_status()).sprint(), "&{ready  172.19.177.14}");
        let nested = Value::structure("x", vec![Field::new("P", Value::ptr(node_status())), Field::new("N", Value::Ptr(None))]);
        assert!(nested.print().starts_with("{0xc000"), "{}", nested.print());
        assert!(nested.print().ends_with(" <nil>}"));
        let m = Value::string_map(Some(&BTreeMap::from([("b".to_string(), "2".to_string()), ("a".to_string(), "1".to_string())])));
        assert_eq!(m.print(), "map[a:1 b:2]");
        assert_eq!(Value::Map(None).print(), "map[]");
        assert_eq!(Value::List(None).print(), "[]");
        assert_eq!(Value::strings(&["a".into(), "b".into()], false).print(), "[a b]");
        assert_eq!(Value::Time(1_700_212_020_959_710_462).print(), "2023-11-17 09:07:00.959710462 +0000 UTC");
        assert_eq!(Value::Time(1_700_212_020_000_000_000).print(), "2023-11-17 09:07:00 +0000 UTC");
        assert_eq!(Value::Duration(10_000_000_000).print(), "10s");
        assert_eq!(Value::Invalid.print(), "<no value>");
        assert_eq!(Value::Nil.print(), "<nil>");
    }

    #[test]
    fn marshals_like_encoding_json() {
        let v = Value::structure(
            "t",
            vec![
                Field::renamed("ID", "Id", Value::str("x")),
                Field::new("Peers", Value::List(None)).omitempty(),
                Field::new("Labels", Value::Map(Some(BTreeMap::new()))),
                Field::embedded("Meta", Value::structure("m", vec![Field::new("CreatedAt", Value::Time(1_700_212_020_000_000_001))])),
                Field { json: None, ..Field::new("Hidden", Value::Int(1)) },
            ],
        );
        assert_eq!(crate::docker::json::compact(&v.to_json()), r#"{"Id":"x","Labels":{},"CreatedAt":"2023-11-17T09:07:00.000000001Z"}"#);
        assert_eq!(v.field("CreatedAt"), Some(&Value::Time(1_700_212_020_000_000_001)));
    }

    #[test]
    fn floats_as_go_formats_them() {
        assert_eq!(go_float(1.5), "1.5");
        assert_eq!(go_float(100.0), "100");
        assert_eq!(go_float(1e21), "1e+21");
        assert_eq!(go_float(0.00001), "1e-05");
    }
}
