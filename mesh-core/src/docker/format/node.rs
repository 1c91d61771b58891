//! `docker node ls` and `docker node inspect [--pretty]`.
//!
//! `node ls` (docker/cli `node/list.go`, `node/formatter.go`): rows sorted by
//! hostname in natural order; the ID cell is `{{.ID}} {{if .Self}}*{{else}}
//! {{end}}`, so it ends in ` *` for the node the CLI talks to and in two
//! spaces otherwise; STATUS and AVAILABILITY capitalised; MANAGER STATUS is
//! `Leader`, else the capitalised reachability, empty for workers.
//!
//! Not modelled in `inspect`: `Description.TLSInfo` (so `--pretty` has no
//! `TLS Info:` block), engine plugins and labels, generic resources, the
//! node `Spec.Name`, `Status.Message`.

use std::collections::BTreeMap;

use crate::docker::goval::{Field, Struct, Value};
use crate::docker::json::{HtmlEscape, Json, inspect_output};
use crate::docker::tabwriter::docker_table;
use crate::docker::text::{capitalize_first, natural_cmp, rfc3339_nano};

/// `swarm.Node`, the parts mesh has.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NodeView {
    /// `ID` (25 base-36 characters).
    pub id: String,
    /// `Version.Index`.
    pub version_index: u64,
    /// `CreatedAt`, `UpdatedAt` (Unix ns).
    pub created_at: i64,
    pub updated_at: i64,
    /// `Spec.Labels`.
    pub labels: BTreeMap<String, String>,
    /// `Spec.Role`: `manager` or `worker`.
    pub role: String,
    /// `Spec.Availability`: `active`, `pause`, `drain`.
    pub availability: String,
    /// `Description.Hostname`.
    pub hostname: String,
    /// `Description.Platform` (`x86_64`, `linux`).
    pub architecture: String,
    pub os: String,
    /// `Description.Resources` (`NanoCPUs`, `MemoryBytes`).
    pub nano_cpus: i64,
    pub memory_bytes: i64,
    /// `Description.Engine.EngineVersion`.
    pub engine_version: String,
    /// `Status.State` (`ready`, `down`, …) and `Status.Addr`.
    pub state: String,
    pub addr: String,
    /// `ManagerStatus`, for managers.
    pub manager: Option<ManagerStatus>,
    /// Whether this is the node the CLI is connected to (`*` in `node ls`).
    pub is_self: bool,
}

/// `swarm.ManagerStatus`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ManagerStatus {
    pub leader: bool,
    /// `reachable`, `unreachable`, `unknown`.
    pub reachability: String,
    /// `Addr`, e.g. `172.19.177.14:2377`.
    pub addr: String,
}

/// `docker node ls` (and `-q`).
pub fn render_node_ls(nodes: &[NodeView], quiet: bool) -> String {
    let mut nodes: Vec<&NodeView> = nodes.iter().collect();
    nodes.sort_by(|a, b| natural_cmp(&a.hostname, &b.hostname));
    if quiet {
        return nodes.iter().map(|n| format!("{}\n", n.id)).collect();
    }
    let mut rows = vec![["ID  ", "HOSTNAME", "STATUS", "AVAILABILITY", "MANAGER STATUS", "ENGINE VERSION"].map(String::from).to_vec()];
    for n in nodes {
        let manager = match &n.manager {
            Some(m) if m.leader => "Leader".to_string(),
            Some(m) => capitalize_first(&m.reachability),
            None => String::new(),
        };
        rows.push(vec![
            format!("{} {}", n.id, if n.is_self { "*" } else { " " }),
            n.hostname.clone(),
            capitalize_first(&n.state),
            capitalize_first(&n.availability),
            manager,
            n.engine_version.clone(),
        ]);
    }
    docker_table(&rows)
}

impl NodeView {
    /// The node as `GET /nodes/{id}` returns it, in `swarm.Node`'s field
    /// order.
    pub fn to_json(&self) -> Json {
        let mut members = vec![
            ("ID", Json::str(&self.id)),
            ("Version", Json::object([("Index", Json::num(self.version_index))])),
            ("CreatedAt", Json::str(rfc3339_nano(self.created_at))),
            ("UpdatedAt", Json::str(rfc3339_nano(self.updated_at))),
            (
                "Spec",
                Json::object([
                    ("Labels", Json::sorted_object(self.labels.iter().map(|(k, v)| (k.clone(), Json::str(v))))),
                    ("Role", Json::str(&self.role)),
                    ("Availability", Json::str(&self.availability)),
                ]),
            ),
            (
                "Description",
                Json::object([
                    ("Hostname", Json::str(&self.hostname)),
                    ("Platform", Json::object([("Architecture", Json::str(&self.architecture)), ("OS", Json::str(&self.os))])),
                    ("Resources", Json::object([("NanoCPUs", Json::num(self.nano_cpus)), ("MemoryBytes", Json::num(self.memory_bytes))])),
                    ("Engine", Json::object([("EngineVersion", Json::str(&self.engine_version))])),
                ]),
            ),
            ("Status", Json::object([("State", Json::str(&self.state)), ("Addr", Json::str(&self.addr))])),
        ];
        if let Some(m) = &self.manager {
            let mut status = Vec::new();
            if m.leader {
                status.push(("Leader", Json::Bool(true)));
            }
            status.push(("Reachability", Json::str(&m.reachability)));
            status.push(("Addr", Json::str(&m.addr)));
            members.push(("ManagerStatus", Json::object(status)));
        }
        Json::object(members)
    }
}

impl NodeView {
    /// `swarm.Node` as a Go value (what `node inspect --format` sees).
    pub fn to_value(&self) -> Value {
        let oe = |n: &str, v: Value| Field::new(n, v).omitempty();
        let s = |t: &str, f: Vec<Field>| Value::structure(t, f);
        let manager = match &self.manager {
            None => Value::Ptr(None),
            Some(m) => Value::ptr(s(
                "swarm.ManagerStatus",
                vec![oe("Leader", Value::Bool(m.leader)), oe("Reachability", Value::str(&m.reachability)), oe("Addr", Value::str(&m.addr))],
            )),
        };
        s(
            "swarm.Node",
            vec![
                Field::new("ID", Value::str(&self.id)),
                Field::embedded("Meta", meta_value(self.version_index, self.created_at, self.updated_at)),
                oe(
                    "Spec",
                    s(
                        "swarm.NodeSpec",
                        vec![
                            Field::embedded("Annotations", annotations_value("", &self.labels)),
                            oe("Role", Value::str(&self.role)),
                            oe("Availability", Value::str(&self.availability)),
                        ],
                    ),
                ),
                oe(
                    "Description",
                    s(
                        "swarm.NodeDescription",
                        vec![
                            oe("Hostname", Value::str(&self.hostname)),
                            oe("Platform", s("swarm.Platform", vec![oe("Architecture", Value::str(&self.architecture)), oe("OS", Value::str(&self.os))])),
                            oe(
                                "Resources",
                                s(
                                    "swarm.Resources",
                                    vec![
                                        oe("NanoCPUs", Value::Int(self.nano_cpus)),
                                        oe("MemoryBytes", Value::Int(self.memory_bytes)),
                                        oe("GenericResources", Value::List(None)),
                                    ],
                                ),
                            ),
                            oe(
                                "Engine",
                                s(
                                    "swarm.EngineDescription",
                                    vec![
                                        oe("EngineVersion", Value::str(&self.engine_version)),
                                        oe("Labels", Value::Map(None)),
                                        oe("Plugins", Value::List(None)),
                                    ],
                                ),
                            ),
                            oe(
                                "TLSInfo",
                                s(
                                    "swarm.TLSInfo",
                                    vec![
                                        oe("TrustRoot", Value::str("")),
                                        oe("CertIssuerSubject", Value::List(None)),
                                        oe("CertIssuerPublicKey", Value::List(None)),
                                    ],
                                ),
                            ),
                            oe("CSIInfo", Value::List(None)),
                        ],
                    ),
                ),
                oe(
                    "Status",
                    s("swarm.NodeStatus", vec![oe("State", Value::str(&self.state)), oe("Message", Value::str("")), oe("Addr", Value::str(&self.addr))]),
                ),
                oe("ManagerStatus", manager),
            ],
        )
    }

    /// The row `node ls --format` sees (docker/cli `nodeContext`).
    pub fn context(&self) -> Value {
        let manager = match &self.manager {
            Some(m) if m.leader => "Leader".to_string(),
            Some(m) => capitalize_first(&m.reachability),
            None => String::new(),
        };
        Value::Struct(Struct {
            type_name: "*node.nodeContext".into(),
            context: true,
            fields: vec![
                Field::new("ID", Value::str(&self.id)),
                Field::new("Self", Value::Bool(self.is_self)),
                Field::new("Hostname", Value::str(&self.hostname)),
                Field::new("Status", Value::str(capitalize_first(&self.state))),
                Field::new("Availability", Value::str(capitalize_first(&self.availability))),
                Field::new("ManagerStatus", Value::str(manager)),
                Field::new("TLSStatus", Value::str("Ready")),
                Field::new("EngineVersion", Value::str(&self.engine_version)),
            ],
        })
    }
}

/// `node ls --format` column titles.
pub const NODE_HEADER: [(&str, &str); 8] = [
    ("ID", "ID"),
    ("Self", ""),
    ("Hostname", "HOSTNAME"),
    ("Status", "STATUS"),
    ("Availability", "AVAILABILITY"),
    ("ManagerStatus", "MANAGER STATUS"),
    ("TLSStatus", "TLS STATUS"),
    ("EngineVersion", "ENGINE VERSION"),
];

/// `swarm.Meta`: version and times.
pub fn meta_value(index: u64, created: i64, updated: i64) -> Value {
    let oe = |n: &str, v: Value| Field::new(n, v).omitempty();
    Value::structure(
        "swarm.Meta",
        vec![
            oe("Version", Value::structure("swarm.Version", vec![oe("Index", Value::Uint(index))])),
            oe("CreatedAt", Value::Time(created)),
            oe("UpdatedAt", Value::Time(updated)),
        ],
    )
}

/// `swarm.Annotations`: name and labels.
pub fn annotations_value(name: &str, labels: &BTreeMap<String, String>) -> Value {
    Value::structure("swarm.Annotations", vec![Field::new("Name", Value::str(name)).omitempty(), Field::new("Labels", Value::string_map(Some(labels)))])
}

/// `docker node inspect NODE…` (JSON; the CLI marshals with HTML escaping).
pub fn render_node_inspect(nodes: &[NodeView]) -> String {
    inspect_output(nodes.iter().map(NodeView::to_json).collect(), HtmlEscape::On)
}

/// `docker node inspect --pretty` for one node (docker/cli's
/// `nodeInspectPrettyTemplate`, printed without a tabwriter, so the tabs
/// are literal).
pub fn render_node_pretty(n: &NodeView) -> String {
    let mut out = format!("ID:\t\t\t{}\n", n.id);
    if !n.labels.is_empty() {
        out.push_str("Labels:\n");
        for (k, v) in &n.labels {
            out.push_str(&format!(" - {k}{}\n", if v.is_empty() { String::new() } else { format!("={v}") }));
        }
    }
    out.push_str(&format!("Hostname:              \t{}\n", n.hostname));
    out.push_str(&format!("Joined at:             \t{}\n", go_time_string(n.created_at)));
    out.push_str(&format!("Status:\n State:\t\t\t{}\n Availability:         \t{}\n", capitalize_first(&n.state), capitalize_first(&n.availability)));
    if !n.addr.is_empty() {
        out.push_str(&format!(" Address:\t\t{}\n", n.addr));
    }
    if let Some(m) = &n.manager {
        out.push_str(&format!("Manager Status:\n Address:\t\t{}\n Raft Status:\t\t{}\n", m.addr, capitalize_first(&m.reachability)));
        out.push_str(&format!(" Leader:\t\t{}\n", if m.leader { "Yes" } else { "No" }));
    }
    out.push_str(&format!("Platform:\n Operating System:\t{}\n Architecture:\t\t{}\n", n.os, n.architecture));
    out.push_str(&format!("Resources:\n CPUs:\t\t\t{}\n Memory:\t\t{}\n", n.nano_cpus / 1_000_000_000, crate::docker::text::bytes_size(n.memory_bytes as f64)));
    out.push_str(&format!("Engine Version:\t\t{}\n", n.engine_version));
    out
}

/// Go's `time.Time.String()` in UTC (`2023-11-17 09:07:00.959710462 +0000
/// UTC`), as `--pretty` prints "Joined at".
fn go_time_string(unix_nanos: i64) -> String {
    let rfc = rfc3339_nano(unix_nanos);
    let body = rfc.trim_end_matches('Z').replacen('T', " ", 1);
    format!("{body} +0000 UTC")
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn seed_nodes() -> Vec<NodeView> {
        vec![
            NodeView {
                id: "0e8q2v9glvt56jbk9mpbkhc9l".into(),
                hostname: "node2".into(),
                state: "ready".into(),
                availability: "active".into(),
                role: "worker".into(),
                engine_version: "24.0.2".into(),
                ..NodeView::default()
            },
            NodeView {
                id: "u36el9nkyamqgihcwj5yk4cwe".into(),
                hostname: "node1".into(),
                state: "ready".into(),
                availability: "active".into(),
                role: "manager".into(),
                engine_version: "24.0.2".into(),
                manager: Some(ManagerStatus { leader: true, reachability: "reachable".into(), addr: "172.19.177.14:2377".into() }),
                is_self: true,
                ..NodeView::default()
            },
        ]
    }

    #[test]
    fn node_ls_of_the_seed() {
        let want = "\
ID                            HOSTNAME   STATUS    AVAILABILITY   MANAGER STATUS   ENGINE VERSION
u36el9nkyamqgihcwj5yk4cwe *   node1      Ready     Active         Leader           24.0.2
0e8q2v9glvt56jbk9mpbkhc9l     node2      Ready     Active                          24.0.2
";
        assert_eq!(render_node_ls(&seed_nodes(), false), want);
        assert_eq!(render_node_ls(&seed_nodes(), true), "u36el9nkyamqgihcwj5yk4cwe\n0e8q2v9glvt56jbk9mpbkhc9l\n");
    }

    #[test]
    fn node_ls_of_the_facts_example() {
        let node = |id: &str, host: &str, avail: &str, leader: bool| NodeView {
            id: id.into(),
            hostname: host.into(),
            state: "ready".into(),
            availability: avail.into(),
            engine_version: "24.0.9".into(),
            manager: leader.then(|| ManagerStatus { leader: true, reachability: "reachable".into(), addr: String::new() }),
            is_self: leader,
            ..NodeView::default()
        };
        let nodes = [
            node("p9z8y7x6w5v4u3t2s1r0q9p8o", "worker2", "drain", false),
            node("x4fzpkd5pq2u0qjbzvq1xg7cd", "manager1", "active", true),
            node("m1tq3k8b8wq7g0e7h3s2r5u9v", "worker1", "active", false),
        ];
        let want = "\
ID                            HOSTNAME   STATUS    AVAILABILITY   MANAGER STATUS   ENGINE VERSION
x4fzpkd5pq2u0qjbzvq1xg7cd *   manager1   Ready     Active         Leader           24.0.9
m1tq3k8b8wq7g0e7h3s2r5u9v     worker1    Ready     Active                          24.0.9
p9z8y7x6w5v4u3t2s1r0q9p8o     worker2    Ready     Drain                           24.0.9
";
        assert_eq!(render_node_ls(&nodes, false), want);
    }

    #[test]
    fn node_inspect_json_keeps_struct_order() {
        let out = render_node_inspect(&seed_nodes()[1..]);
        assert!(out.starts_with("[\n    {\n        \"ID\": \"u36el9nkyamqgihcwj5yk4cwe\",\n        \"Version\": {\n            \"Index\": 0\n        },\n"));
        assert!(out.contains("        \"ManagerStatus\": {\n            \"Leader\": true,\n            \"Reachability\": \"reachable\",\n            \"Addr\": \"172.19.177.14:2377\"\n        }\n    }\n]\n"));
    }
}
