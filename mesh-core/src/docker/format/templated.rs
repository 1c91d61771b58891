//! `--format` on lists and on `inspect`: docker/cli's `formatter.Context`
//! and `inspect.TemplateInspector` around [`crate::docker::template`].
//!
//! Lists ([`format_list`]): `table` (alone: the command's default table)
//! and `json` (`{{json .}}`) are keywords; otherwise the text after an
//! optional `table` prefix is trimmed of spaces and its `\t` and `\n`
//! escapes become tab and newline. Each row is the template run on one
//! formatter context, followed by a newline. With `table` the rows go
//! through the tabwriter under a header made by running the same template
//! on the context's header names (with the header functions). An error
//! prints nothing but `template parsing error: …` (exit 1).
//!
//! Inspect ([`format_inspect`]): each object is tried as the Go API struct
//! first; if that fails, as the daemon's raw JSON decoded into maps, with
//! missing keys an error. Each result is followed by a newline; the errors
//! of all objects are printed together at the end (exit 1); a template
//! that does not parse is `template parsing error: …` with exit 64.

use std::collections::BTreeMap;

use crate::docker::goval::{Method, Value};
use crate::docker::json::Json;
use crate::docker::tabwriter::docker_table_text;
use crate::docker::template::{self, Funcs, Options};
use crate::output::CmdOutput;

/// What `--format` asks of a list command.
pub enum ListFormat<'a> {
    /// The command's default table (no `--format`, or `table`).
    Default,
    /// A template (`json` already expanded).
    Template { text: String, table: bool, _source: &'a str },
}

/// `formatter.Format` of a list command's `--format` value.
pub fn list_format(format: Option<&str>) -> ListFormat<'_> {
    match format {
        None | Some("") | Some("table") => ListFormat::Default,
        Some("json") => ListFormat::Template { text: "{{json .}}".into(), table: false, _source: "json" },
        Some(f) => {
            let table = f.starts_with("table");
            let body = if table { &f["table".len()..] } else { f };
            let text = body.trim_matches(' ').replace("\\t", "\t").replace("\\n", "\n");
            ListFormat::Template { text, table, _source: f }
        }
    }
}

/// Render `rows` (formatter contexts) with a template; `header` maps the
/// context's field names to their column titles.
pub fn format_list(text: &str, table: bool, rows: &[Value], header: &[(&str, &str)]) -> CmdOutput {
    let tmpl = match template::parse(text) {
        Ok(t) => t,
        Err(e) => return CmdOutput::err(format!("template parsing error: {e}\n"), 1),
    };
    let mut body = String::new();
    for row in rows {
        let (out, err) = tmpl.execute(row, Options::default());
        if let Some(e) = err {
            return CmdOutput::err(format!("template parsing error: {e}\n"), 1);
        }
        body.push_str(&out);
        body.push('\n');
    }
    if !table {
        return CmdOutput::ok(body);
    }
    let mut names: BTreeMap<String, Value> = header.iter().map(|(k, v)| (k.to_string(), Value::str(*v))).collect();
    names.insert("Label".into(), Value::Method(Method::HeaderLabel));
    // The header's errors are ignored: what was written stays.
    let (head, _) = tmpl.execute(&Value::Map(Some(names)), Options { missingkey_error: false, funcs: Funcs::Header });
    CmdOutput::ok(docker_table_text(&format!("{head}\n{body}")))
}

/// `docker … inspect --format`: each object as (Go API struct, raw JSON).
pub fn format_inspect(text: &str, objects: &[(Value, Json)]) -> CmdOutput {
    let tmpl = match template::parse(text) {
        Ok(t) => t,
        Err(e) => return CmdOutput::err(format!("template parsing error: {e}\n"), 64),
    };
    let mut out = String::new();
    let mut errors = Vec::new();
    for (typed, raw) in objects {
        let (o, err) = tmpl.execute(typed, Options::default());
        if err.is_none() {
            out.push_str(&o);
            out.push('\n');
            continue;
        }
        let (o, err) = tmpl.execute(&Value::from_json(raw), Options { missingkey_error: true, funcs: Funcs::Basic });
        match err {
            None => {
                out.push_str(&o);
                out.push('\n');
            }
            Some(e) => errors.push(format!("template parsing error: {e}")),
        }
    }
    if out.is_empty() {
        out.push('\n');
    }
    let mut result = CmdOutput::ok(out);
    if !errors.is_empty() {
        result.stderr = format!("{}\n", errors.join("\n"));
        result.status = 1;
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docker::goval::{Field, Struct};

    fn ctx(id: &str, name: &str) -> Value {
        Value::Struct(Struct {
            type_name: "*service.serviceContext".into(),
            fields: vec![Field::new("ID", Value::str(id)), Field::new("Name", Value::str(name)), Field::new("Ports", Value::str("*:8080->80/tcp"))],
            context: true,
        })
    }

    #[test]
    fn table_formats_get_a_header_and_the_tabwriter() {
        let ListFormat::Template { text, table, .. } = list_format(Some("table {{.Name}}\\t{{.Ports}}")) else { panic!() };
        assert!(table);
        let out = format_list(&text, table, &[ctx("a", "web"), ctx("b", "longer-name")], &[("Name", "NAME"), ("Ports", "PORTS")]);
        assert_eq!(out.stdout, "NAME          PORTS\nweb           *:8080->80/tcp\nlonger-name   *:8080->80/tcp\n");
        let ListFormat::Template { text, table, .. } = list_format(Some("{{.ID}}: {{.Name}}")) else { panic!() };
        assert_eq!(format_list(&text, table, &[ctx("a", "web")], &[]).stdout, "a: web\n");
        let out = format_list("{{.Nope}}", false, &[ctx("a", "web")], &[]);
        assert_eq!(
            out,
            CmdOutput::err("template parsing error: template: :1:2: executing \"\" at <.Nope>: can't evaluate field Nope in type *service.serviceContext\n", 1)
        );
        assert_eq!(format_list("{{json .}}", false, &[ctx("a", "w")], &[]).stdout, "{\"ID\":\"a\",\"Name\":\"w\",\"Ports\":\"*:8080->80/tcp\"}\n");
    }

    #[test]
    fn inspect_falls_back_to_the_raw_json() {
        let typed = Value::structure("types.NetworkResource", vec![Field::renamed("ID", "Id", Value::str("abc"))]);
        let raw = Json::object([("Id", Json::str("abc"))]);
        let objs = [(typed, raw)];
        assert_eq!(format_inspect("{{.ID}}", &objs).stdout, "abc\n");
        assert_eq!(format_inspect("{{.Id}}", &objs).stdout, "abc\n");
        let out = format_inspect("{{.Nope}}", &objs);
        assert_eq!((out.stdout.as_str(), out.status), ("\n", 1));
        assert_eq!(out.stderr, "template parsing error: template: :1:2: executing \"\" at <.Nope>: map has no entry for key \"Nope\"\n");
        assert_eq!(format_inspect("{{.ID", &objs), CmdOutput::err("template parsing error: template: :1: unclosed action\n", 64));
    }
}
