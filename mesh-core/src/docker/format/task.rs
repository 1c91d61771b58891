//! `docker service ps` and `docker node ps` (docker/cli `task/print.go`,
//! `task/formatter.go`).
//!
//! Tasks are named `<service>.<slot>` (`<service>.<node id>` for global
//! services), sorted by name in natural order and, within a name, newest
//! first; every repeated name after the first is printed as ` \_ <name>`
//! (the task's history). CURRENT STATE is the capitalised state, go-units
//! `HumanDuration` of the time since the status timestamp, lower-cased, and
//! `ago`: `Running 14 seconds ago`, `Running about a minute ago`. ERROR is
//! quoted and cut to 30 characters; PORTS lists only host-mode ports (the
//! task's `Status.PortStatus`). IDs are cut to 12 characters and image
//! digests dropped unless `--no-trunc`.

use crate::docker::goval::{Field, Struct, Value};
use crate::docker::ports::PortConfig;
use crate::docker::tabwriter::docker_table;
use crate::docker::text::{capitalize_first, ellipsis, human_duration, natural_cmp, truncate_id};

/// `swarm.Task`, the parts `service ps` shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TaskView {
    pub id: String,
    /// The service's name (`ServiceID` resolved).
    pub service_name: String,
    /// `Slot`; 0 for global services.
    pub slot: u64,
    /// `NodeID`.
    pub node_id: String,
    /// The node's hostname (`NodeID` resolved), shown in NODE.
    pub node_name: String,
    /// `Spec.ContainerSpec.Image`.
    pub image: String,
    /// `DesiredState` (`running`, `shutdown`, …).
    pub desired_state: String,
    /// `Status.State`, `Status.Timestamp` (Unix ns), `Status.Err`.
    pub state: String,
    pub state_since: i64,
    pub err: String,
    /// `Status.PortStatus.Ports` (host-mode published ports).
    pub ports: Vec<PortConfig>,
    /// `Meta.CreatedAt` (Unix ns), for ordering a slot's history.
    pub created_at: i64,
}

impl TaskView {
    /// The task name `service ps` prints.
    pub fn name(&self) -> String {
        if self.slot != 0 { format!("{}.{}", self.service_name, self.slot) } else { format!("{}.{}", self.service_name, self.node_id) }
    }
}

/// An image reference as docker lists it when truncating: the digest of a
/// tagged reference dropped, `docker.io/library/` dropped.
pub fn display_image(image: &str) -> String {
    let (name_tag, digest) = match image.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (image, None),
    };
    let last_slash = name_tag.rfind('/').map_or(0, |i| i + 1);
    let has_tag = name_tag[last_slash..].contains(':');
    if digest.is_some() && !has_tag {
        return image.to_string();
    }
    familiar(name_tag)
}

fn familiar(name: &str) -> String {
    let name = name.strip_prefix("docker.io/").unwrap_or(name);
    name.strip_prefix("library/").unwrap_or(name).to_string()
}

/// `service ps --format` column titles.
pub const TASK_HEADER: [(&str, &str); 8] = [
    ("ID", "ID"),
    ("Name", "NAME"),
    ("Image", "IMAGE"),
    ("Node", "NODE"),
    ("DesiredState", "DESIRED STATE"),
    ("CurrentState", "CURRENT STATE"),
    ("Error", "ERROR"),
    ("Ports", "PORTS"),
];

/// The rows `service ps --format` sees (docker/cli `taskContext`), in
/// order; the ` \_ ` history prefix only for `table` formats.
pub fn task_contexts(tasks: &[TaskView], no_trunc: bool, table: bool, now: i64) -> Vec<Value> {
    let mut tasks: Vec<&TaskView> = tasks.iter().collect();
    tasks.sort_by(|a, b| natural_cmp(&a.name(), &b.name()).then(b.created_at.cmp(&a.created_at)));
    let mut previous = String::new();
    let mut rows = Vec::new();
    for t in tasks {
        let name = t.name();
        let shown = if name == previous && table { format!(" \\_ {name}") } else { name.clone() };
        previous = name;
        let c = cells(t, no_trunc, now);
        rows.push(Value::Struct(Struct {
            type_name: "*task.taskContext".into(),
            context: true,
            fields: vec![
                Field::new("ID", Value::str(&c[0])),
                Field::new("Name", Value::str(shown)),
                Field::new("Image", Value::str(&c[1])),
                Field::new("Node", Value::str(&t.node_name)),
                Field::new("DesiredState", Value::str(&c[2])),
                Field::new("CurrentState", Value::str(&c[3])),
                Field::new("Error", Value::str(&c[4])),
                Field::new("Ports", Value::str(&c[5])),
            ],
        }));
    }
    rows
}

/// ID, image, desired state, current state, error and ports as printed.
fn cells(t: &TaskView, no_trunc: bool, now: i64) -> [String; 6] {
    let since = u64::try_from(now.saturating_sub(t.state_since)).unwrap_or(0);
    let current = format!("{} {} ago", capitalize_first(&t.state), human_duration(since).to_lowercase());
    let err = if no_trunc { t.err.clone() } else { ellipsis(&t.err, 30) };
    let err = if err.is_empty() { err } else { format!("\"{err}\"") };
    let ports: Vec<String> = t.ports.iter().map(|p| format!("*:{}->{}/{}", p.published_port, p.target_port, p.protocol.as_str())).collect();
    [
        if no_trunc { t.id.clone() } else { truncate_id(&t.id) },
        if no_trunc { t.image.clone() } else { display_image(&t.image) },
        capitalize_first(&t.desired_state),
        current,
        err,
        ports.join(","),
    ]
}

/// `docker service ps` / `docker node ps`; `now` is the virtual wall clock
/// (Unix ns).
pub fn render_tasks(tasks: &[TaskView], no_trunc: bool, quiet: bool, now: i64) -> String {
    let mut tasks: Vec<&TaskView> = tasks.iter().collect();
    // sort.Stable by name, then newest first.
    tasks.sort_by(|a, b| natural_cmp(&a.name(), &b.name()).then(b.created_at.cmp(&a.created_at)));
    let id = |t: &TaskView| {
        if no_trunc { t.id.clone() } else { truncate_id(&t.id) }
    };
    if quiet {
        return tasks.iter().map(|t| format!("{}\n", id(t))).collect();
    }
    let mut rows = vec![["ID", "NAME", "IMAGE", "NODE", "DESIRED STATE", "CURRENT STATE", "ERROR", "PORTS"].map(String::from).to_vec()];
    let mut previous = String::new();
    for t in tasks {
        let name = t.name();
        let shown = if name == previous { format!(" \\_ {name}") } else { name.clone() };
        previous = name;
        let since = u64::try_from(now.saturating_sub(t.state_since)).unwrap_or(0);
        let current = format!("{} {} ago", capitalize_first(&t.state), human_duration(since).to_lowercase());
        let err = if no_trunc { t.err.clone() } else { ellipsis(&t.err, 30) };
        let err = if err.is_empty() { err } else { format!("\"{err}\"") };
        let ports: Vec<String> = t.ports.iter().map(|p| format!("*:{}->{}/{}", p.published_port, p.target_port, p.protocol.as_str())).collect();
        rows.push(vec![
            id(t),
            shown,
            if no_trunc { t.image.clone() } else { display_image(&t.image) },
            t.node_name.clone(),
            capitalize_first(&t.desired_state),
            current,
            err,
            ports.join(","),
        ]);
    }
    docker_table(&rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_700_212_300_000_000_000;
    const SEC: i64 = 1_000_000_000;

    fn task(id: &str, slot: u64, node: &str, desired: &str, state: &str, age_secs: i64, created: i64) -> TaskView {
        TaskView {
            id: id.into(),
            service_name: "web".into(),
            slot,
            node_id: format!("{node}-id"),
            node_name: node.into(),
            image: "containous/whoami:latest@sha256:7d6a3c8f91470a23ef380320609ee6e69ac68d20bc804f3a1c6065fb56cfa34e".into(),
            desired_state: desired.into(),
            state: state.into(),
            state_since: NOW - age_secs * SEC,
            created_at: created,
            ..TaskView::default()
        }
    }

    #[test]
    fn service_ps_of_the_seed() {
        let tasks = [
            task("1vomhe5jo3hqx7k2l0p9r8s6t", 2, "node1", "running", "running", 14, 2),
            task("q9s4ggh2oaq2m3n4b5v6c7x8z", 1, "node2", "running", "running", 14, 1),
        ];
        let want = "\
ID             NAME      IMAGE                      NODE      DESIRED STATE   CURRENT STATE            ERROR     PORTS
q9s4ggh2oaq2   web.1     containous/whoami:latest   node2     Running         Running 14 seconds ago             
1vomhe5jo3hq   web.2     containous/whoami:latest   node1     Running         Running 14 seconds ago             
";
        assert_eq!(render_tasks(&tasks, false, false, NOW), want);
        assert_eq!(render_tasks(&tasks, false, true, NOW), "q9s4ggh2oaq2\n1vomhe5jo3hq\n");
    }

    #[test]
    fn history_is_indented_newest_first_and_ages_are_lower_cased() {
        let mut failed = task("pq5rs7tu9vwx0000000000000", 2, "worker2", "shutdown", "failed", 12, 1);
        failed.err = "task: non-zero exit (1): the process exited badly".into();
        let tasks = [
            failed,
            task("t8m4c0d2e6fb0000000000000", 2, "worker1", "running", "running", 90, 2),
            task("k2v1y7q9xg3a0000000000000", 1, "manager1", "running", "running", 0, 1),
        ];
        let want = "\
ID             NAME        IMAGE                      NODE       DESIRED STATE   CURRENT STATE                    ERROR                              PORTS
k2v1y7q9xg3a   web.1       containous/whoami:latest   manager1   Running         Running less than a second ago                                      
t8m4c0d2e6fb   web.2       containous/whoami:latest   worker1    Running         Running about a minute ago                                          
pq5rs7tu9vwx    \\_ web.2   containous/whoami:latest   worker2    Shutdown        Failed 12 seconds ago            \"task: non-zero exit (1): the …\"   
";
        assert_eq!(render_tasks(&tasks, false, false, NOW), want);
    }

    #[test]
    fn host_mode_ports_are_listed() {
        let mut t = task("abcdefabcdef0000", 0, "node1", "running", "running", 5, 1);
        t.ports = crate::docker::ports::parse_publish("published=8080,target=80,mode=host").unwrap();
        let out = render_tasks(&[t], true, false, NOW);
        assert!(out.lines().nth(1).unwrap().ends_with("   *:8080->80/tcp"), "{out}");
        assert!(out.contains("web.node1-id"));
    }

    #[test]
    fn images_lose_their_digest_only_when_tagged() {
        assert_eq!(display_image("containous/whoami:latest@sha256:abc"), "containous/whoami:latest");
        assert_eq!(display_image("docker.io/library/nginx:1.25"), "nginx:1.25");
        assert_eq!(display_image("nginx@sha256:abc"), "nginx@sha256:abc");
        assert_eq!(display_image("registry:5000/app:v1"), "registry:5000/app:v1");
    }
}
