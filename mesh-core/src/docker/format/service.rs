//! `docker service ls`, `docker service inspect [--pretty]`.
//!
//! `service ls` (docker/cli `service/list.go`, `service/formatter.go`):
//! sorted by name (natural order); ID cut to 12; MODE `replicated` or
//! `global`; REPLICAS `running/desired` (plus ` (max N per node)`); IMAGE
//! without digest; PORTS only the ingress-mode ports of `Endpoint.Ports`,
//! sorted by protocol then published port, consecutive ports compacted into
//! ranges (`*:8080-8081->80-81/tcp`), joined by `, `.
//!
//! `service inspect` JSON is `swarm.Service` as the CLI receives it with
//! `InsertDefaults` (so the defaults of a created service appear: restart
//! policy `any`, 5 s delay, update/rollback config, `StopGracePeriod`
//! 10 s, `Isolation: default`), marshalled by the CLI (HTML escaping on),
//! Go struct field order and `omitempty` rules. `--pretty` is the CLI's
//! `serviceInspectPrettyTemplate`, printed without a tabwriter (literal
//! tabs), preceded by an empty line and followed by one.
//!
//! Not modelled: mounts, secrets, configs, resources limits, log drivers,
//! placement preferences, update status, jobs' progress columns, and
//! `PreviousSpec`.

use std::collections::BTreeMap;

use crate::docker::goval::{Field, Struct, Value};
use crate::docker::json::{HtmlEscape, Json, inspect_output};
use crate::docker::ports::{PortConfig, PublishMode};
use crate::docker::tabwriter::docker_table;
use crate::docker::text::{go_duration, natural_cmp, rfc3339_nano, truncate_id};

use super::task::display_image;

/// `Spec.Mode`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServiceModeView {
    Replicated { replicas: u64 },
    Global,
}

/// `swarm.Service`, the parts mesh models.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceView {
    pub id: String,
    pub version_index: u64,
    /// `CreatedAt`, `UpdatedAt` (Unix ns).
    pub created_at: i64,
    pub updated_at: i64,
    /// `Spec.Name`, `Spec.Labels`.
    pub name: String,
    pub labels: BTreeMap<String, String>,
    /// `Spec.TaskTemplate.ContainerSpec`: `Image` (with digest), `Args`,
    /// `Hostname`, `Env`, `Healthcheck.Test` (`["CMD-SHELL", cmd]`).
    pub image: String,
    pub args: Vec<String>,
    pub hostname: String,
    pub env: Vec<String>,
    pub healthcheck: Vec<String>,
    /// `ContainerSpec.Labels` and `ContainerSpec.Init`.
    pub container_labels: BTreeMap<String, String>,
    pub init: bool,
    /// `TaskTemplate.ForceUpdate`.
    pub force_update: u64,
    /// `Spec.TaskTemplate.Placement`: `Constraints`, `Platforms`
    /// (architecture, OS).
    pub constraints: Vec<String>,
    pub platforms: Vec<(String, String)>,
    /// `Spec.TaskTemplate.Networks[].Target` (network IDs) and their names
    /// (for `--pretty`).
    pub networks: Vec<(String, String)>,
    pub mode: ServiceModeView,
    /// `Spec.EndpointSpec.Mode` (`vip`/`dnsrr`) and `Ports`.
    pub endpoint_mode: String,
    pub spec_ports: Vec<PortConfig>,
    /// `Endpoint.Ports` (published ports as allocated) and
    /// `Endpoint.VirtualIPs` (network ID, `10.0.0.5/24`).
    pub ports: Vec<PortConfig>,
    pub virtual_ips: Vec<(String, String)>,
    /// `ServiceStatus.RunningTasks`, `DesiredTasks`.
    pub running_tasks: u64,
    pub desired_tasks: u64,
    /// `PreviousSpec`: the spec before the last update, as a view whose
    /// spec fields are the previous ones.
    pub previous: Option<Box<ServiceView>>,
    pub update_status: Option<UpdateStatusView>,
    /// `Spec.UpdateConfig` and `Spec.RollbackConfig`, defaults inserted.
    pub update_config: UpdateConfigView,
    pub rollback_config: UpdateConfigView,
}

/// `swarm.UpdateConfig` (docker/api `types/swarm/service.go`); the
/// default is swarmkit's (`api/defaults`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpdateConfigView {
    pub parallelism: u64,
    pub delay_ns: i64,
    pub failure_action: String,
    pub monitor_ns: i64,
    /// The float32 in Go's text form.
    pub max_failure_ratio: String,
    pub order: String,
}

impl Default for UpdateConfigView {
    fn default() -> Self {
        UpdateConfigView {
            parallelism: 1,
            delay_ns: 0,
            failure_action: "pause".into(),
            monitor_ns: 5_000_000_000,
            max_failure_ratio: "0".into(),
            order: "stop-first".into(),
        }
    }
}

/// `UpdateStatus` of a service whose last update replaced tasks or was a
/// rollback.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpdateStatusView {
    /// `completed`, `rollback_completed`, …
    pub state: String,
    /// `StartedAt`, `CompletedAt` (Unix ns).
    pub started_at: i64,
    pub completed_at: Option<i64>,
    pub message: String,
    /// The wall clock now (`--pretty` says how long ago).
    pub now: i64,
}

impl UpdateStatusView {
    fn json(&self) -> Json {
        let mut o = vec![("State", Json::str(&self.state)), ("StartedAt", Json::str(rfc3339_nano(self.started_at)))];
        if let Some(c) = self.completed_at {
            o.push(("CompletedAt", Json::str(rfc3339_nano(c))));
        }
        o.push(("Message", Json::str(&self.message)));
        Json::object(o)
    }

    fn value(&self) -> Value {
        let oe = |n: &str, v: Value| Field::new(n, v).omitempty();
        Value::structure(
            "swarm.UpdateStatus",
            vec![
                oe("State", Value::str(&self.state)),
                oe("StartedAt", Value::ptr(Value::Time(self.started_at))),
                oe("CompletedAt", self.completed_at.map_or(Value::Ptr(None), |c| Value::ptr(Value::Time(c)))),
                oe("Message", Value::str(&self.message)),
            ],
        )
    }

    /// The `UpdateStatus:` block of `--pretty`.
    fn pretty(&self) -> String {
        let ago = |t: i64| format!("{} ago", crate::docker::text::human_duration(self.now.saturating_sub(t).max(0) as u64));
        let mut o = format!("UpdateStatus:\n State:\t\t{}\n Started:\t{}\n", self.state, ago(self.started_at));
        if let Some(c) = self.completed_at.filter(|_| self.state == "completed") {
            o.push_str(&format!(" Completed:\t{}\n", ago(c)));
        }
        o.push_str(&format!(" Message:\t{}\n", self.message));
        o
    }
}

/// `Endpoint.Ports` as `service ls` shows them.
pub fn ingress_ports_text(ports: &[PortConfig]) -> String {
    let mut ports: Vec<&PortConfig> = ports.iter().collect();
    ports.sort_by(|a, b| a.protocol.as_str().cmp(b.protocol.as_str()).then(a.published_port.cmp(&b.published_port)));
    struct Range {
        p_start: u32,
        p_end: u32,
        t_start: u32,
        t_end: u32,
        protocol: &'static str,
    }
    let show = |r: &Range| {
        let publ = if r.p_end > r.p_start { format!("{}-{}", r.p_start, r.p_end) } else { r.p_start.to_string() };
        let tgt = if r.t_end > r.t_start { format!("{}-{}", r.t_start, r.t_end) } else { r.t_start.to_string() };
        format!("*:{publ}->{tgt}/{}", r.protocol)
    };
    let mut out = Vec::new();
    let mut pr = Range { p_start: 0, p_end: 0, t_start: 0, t_end: 0, protocol: "" };
    for p in ports.into_iter().filter(|p| p.publish_mode == PublishMode::Ingress) {
        let is_range = pr.t_end != pr.t_start;
        let overlaps = p.target_port <= pr.t_end;
        // Go's uint32 arithmetic wraps: a smaller port starts a new range.
        if p.protocol.as_str() != pr.protocol
            || p.published_port.wrapping_sub(pr.p_end) > 1
            || p.target_port.wrapping_sub(pr.t_end) > 1
            || (is_range && overlaps)
        {
            if pr.p_start > 0 {
                out.push(show(&pr));
            }
            pr = Range { p_start: p.published_port, p_end: p.published_port, t_start: p.target_port, t_end: p.target_port, protocol: p.protocol.as_str() };
            continue;
        }
        pr.p_end = p.published_port;
        pr.t_end = p.target_port;
    }
    if pr.p_start > 0 {
        out.push(show(&pr));
    }
    out.join(", ")
}

/// `docker service ls` (and `-q`).
pub fn render_service_ls(services: &[ServiceView], quiet: bool) -> String {
    let mut services: Vec<&ServiceView> = services.iter().collect();
    services.sort_by(|a, b| natural_cmp(&a.name, &b.name));
    if quiet {
        return services.iter().map(|s| format!("{}\n", truncate_id(&s.id))).collect();
    }
    let mut rows = vec![["ID", "NAME", "MODE", "REPLICAS", "IMAGE", "PORTS"].map(String::from).to_vec()];
    for s in services {
        let mode = match s.mode {
            ServiceModeView::Replicated { .. } => "replicated",
            ServiceModeView::Global => "global",
        };
        rows.push(vec![
            truncate_id(&s.id),
            s.name.clone(),
            mode.to_string(),
            format!("{}/{}", s.running_tasks, s.desired_tasks),
            display_image(&s.image),
            ingress_ports_text(&s.ports),
        ]);
    }
    docker_table(&rows)
}

fn port_json(p: &PortConfig) -> Json {
    let mut m = Vec::new();
    if !p.name.is_empty() {
        m.push(("Name", Json::str(&p.name)));
    }
    m.push(("Protocol", Json::str(p.protocol.as_str())));
    if p.target_port != 0 {
        m.push(("TargetPort", Json::num(p.target_port)));
    }
    if p.published_port != 0 {
        m.push(("PublishedPort", Json::num(p.published_port)));
    }
    m.push(("PublishMode", Json::str(p.publish_mode.as_str())));
    Json::object(m)
}

fn endpoint_spec_json(mode: &str, ports: &[PortConfig]) -> Json {
    let mut m = vec![("Mode", Json::str(mode))];
    if !ports.is_empty() {
        m.push(("Ports", Json::Array(ports.iter().map(port_json).collect())));
    }
    Json::object(m)
}

/// An update or rollback policy as `swarm.UpdateConfig` encodes it
/// (`Delay`, `FailureAction` and `Monitor` are `omitempty`).
fn update_config_json(c: &UpdateConfigView) -> Json {
    let mut m = vec![("Parallelism", Json::num(c.parallelism))];
    if c.delay_ns != 0 {
        m.push(("Delay", Json::num(c.delay_ns)));
    }
    if !c.failure_action.is_empty() {
        m.push(("FailureAction", Json::str(&c.failure_action)));
    }
    if c.monitor_ns != 0 {
        m.push(("Monitor", Json::num(c.monitor_ns)));
    }
    m.push(("MaxFailureRatio", Json::num(&c.max_failure_ratio)));
    m.push(("Order", Json::str(&c.order)));
    Json::object(m)
}

impl ServiceView {
    /// `swarm.ServiceSpec` with inserted defaults, in Go field order.
    fn spec_json(&self) -> Json {
        let mut container = vec![("Image", Json::str(&self.image))];
        if !self.container_labels.is_empty() {
            container.push(("Labels", Json::sorted_object(self.container_labels.iter().map(|(k, v)| (k.clone(), Json::str(v))))));
        }
        if !self.args.is_empty() {
            container.push(("Args", Json::Array(self.args.iter().map(Json::str).collect())));
        }
        if !self.hostname.is_empty() {
            container.push(("Hostname", Json::str(&self.hostname)));
        }
        if !self.env.is_empty() {
            container.push(("Env", Json::Array(self.env.iter().map(Json::str).collect())));
        }
        container.push(("Init", Json::Bool(self.init)));
        container.push(("StopGracePeriod", Json::num(10_000_000_000u64)));
        if !self.healthcheck.is_empty() {
            container.push(("Healthcheck", Json::object([("Test", Json::Array(self.healthcheck.iter().map(Json::str).collect()))])));
        }
        container.push(("DNSConfig", Json::object(Vec::<(String, Json)>::new())));
        container.push(("Isolation", Json::str("default")));

        let mut placement = Vec::new();
        if !self.constraints.is_empty() {
            placement.push(("Constraints", Json::Array(self.constraints.iter().map(Json::str).collect())));
        }
        if !self.platforms.is_empty() {
            placement.push((
                "Platforms",
                Json::Array(self.platforms.iter().map(|(arch, os)| Json::object([("Architecture", Json::str(arch)), ("OS", Json::str(os))])).collect()),
            ));
        }
        let mut template = vec![
            ("ContainerSpec", Json::object(container)),
            ("Resources", Json::object([("Limits", Json::object(Vec::<(String, Json)>::new())), ("Reservations", Json::object(Vec::<(String, Json)>::new()))])),
            ("RestartPolicy", Json::object([("Condition", Json::str("any")), ("Delay", Json::num(5_000_000_000u64)), ("MaxAttempts", Json::num(0))])),
            ("Placement", Json::object(placement)),
        ];
        if !self.networks.is_empty() {
            template.push(("Networks", Json::Array(self.networks.iter().map(|(id, _)| Json::object([("Target", Json::str(id))])).collect())));
        }
        template.push(("ForceUpdate", Json::num(self.force_update)));
        template.push(("Runtime", Json::str("container")));

        let mode = match self.mode {
            ServiceModeView::Replicated { replicas } => Json::object([("Replicated", Json::object([("Replicas", Json::num(replicas))]))]),
            ServiceModeView::Global => Json::object([("Global", Json::object(Vec::<(String, Json)>::new()))]),
        };
        Json::object([
            ("Name", Json::str(&self.name)),
            ("Labels", Json::sorted_object(self.labels.iter().map(|(k, v)| (k.clone(), Json::str(v))))),
            ("TaskTemplate", Json::object(template)),
            ("Mode", mode),
            ("UpdateConfig", update_config_json(&self.update_config)),
            ("RollbackConfig", update_config_json(&self.rollback_config)),
            ("EndpointSpec", endpoint_spec_json(&self.endpoint_mode, &self.spec_ports)),
        ])
    }

    /// `swarm.Service` with inserted defaults, in Go field order.
    pub fn to_json(&self) -> Json {
        let mut endpoint = vec![("Spec", endpoint_spec_json(&self.endpoint_mode, &self.spec_ports))];
        if !self.ports.is_empty() {
            endpoint.push(("Ports", Json::Array(self.ports.iter().map(port_json).collect())));
        }
        if !self.virtual_ips.is_empty() {
            endpoint.push((
                "VirtualIPs",
                Json::Array(self.virtual_ips.iter().map(|(net, addr)| Json::object([("NetworkID", Json::str(net)), ("Addr", Json::str(addr))])).collect()),
            ));
        }
        let mut service = vec![
            ("ID", Json::str(&self.id)),
            ("Version", Json::object([("Index", Json::num(self.version_index))])),
            ("CreatedAt", Json::str(rfc3339_nano(self.created_at))),
            ("UpdatedAt", Json::str(rfc3339_nano(self.updated_at))),
            ("Spec", self.spec_json()),
        ];
        if let Some(p) = &self.previous {
            service.push(("PreviousSpec", p.spec_json()));
        }
        service.push(("Endpoint", Json::object(endpoint)));
        if let Some(u) = &self.update_status {
            service.push(("UpdateStatus", u.json()));
        }
        Json::object(service)
    }

    /// `docker service inspect --pretty` for this service.
    pub fn pretty(&self) -> String {
        let mut o = format!("\nID:\t\t{}\nName:\t\t{}\n", self.id, self.name);
        if !self.labels.is_empty() {
            o.push_str("Labels:\n");
            for (k, v) in &self.labels {
                o.push_str(&format!(" {k}{}\n", if v.is_empty() { String::new() } else { format!("={v}") }));
            }
        }
        match self.mode {
            ServiceModeView::Global => o.push_str("Service Mode:\tGlobal\n"),
            ServiceModeView::Replicated { replicas } => o.push_str(&format!("Service Mode:\tReplicated\n Replicas:\t{replicas}\n")),
        }
        if let Some(u) = &self.update_status {
            o.push_str(&u.pretty());
        }
        o.push_str("Placement:\n");
        if !self.constraints.is_empty() {
            o.push_str(&format!(" Constraints:\t[{}]\n", self.constraints.join(" ")));
        }
        // docker/cli `formatter/service.go` (serviceInspectPrettyTemplate):
        // `Delay` only when positive, `Monitoring Period` likewise.
        for (title, order, c) in [("UpdateConfig", "Update order:     ", &self.update_config), ("RollbackConfig", "Rollback order:   ", &self.rollback_config)]
        {
            o.push_str(&format!("{title}:\n Parallelism:\t{}\n", c.parallelism));
            if c.delay_ns > 0 {
                o.push_str(&format!(" Delay:\t\t{}\n", go_duration(c.delay_ns)));
            }
            o.push_str(&format!(" On failure:\t{}\n", c.failure_action));
            if c.monitor_ns > 0 {
                o.push_str(&format!(" Monitoring Period: {}\n", go_duration(c.monitor_ns)));
            }
            o.push_str(&format!(" Max failure ratio: {}\n {order} {}\n", c.max_failure_ratio, c.order));
        }
        o.push_str(&format!("ContainerSpec:\n Image:\t\t{}\n", self.image));
        if !self.args.is_empty() {
            o.push_str(" Args:\t\t");
            for a in &self.args {
                o.push_str(a);
                o.push(' ');
            }
            o.push('\n');
        }
        if !self.env.is_empty() {
            o.push_str(" Env:\t\t");
            for e in &self.env {
                o.push_str(e);
                o.push(' ');
            }
            o.push('\n');
        }
        o.push_str(&format!(" Init:\t\t{}\n", self.init));
        o.push_str("Resources:\n");
        if !self.networks.is_empty() {
            o.push_str("Networks:");
            for (_, name) in &self.networks {
                o.push(' ');
                o.push_str(name);
            }
            o.push_str(" \n");
        }
        o.push_str(&format!("Endpoint Mode:\t{}", self.endpoint_mode));
        if !self.spec_ports.is_empty() {
            o.push_str("\nPorts:");
            for p in &self.spec_ports {
                o.push_str(&format!(
                    "\n PublishedPort = {}\n  Protocol = {}\n  TargetPort = {}\n  PublishMode = {}",
                    p.published_port,
                    p.protocol.as_str(),
                    p.target_port,
                    p.publish_mode.as_str()
                ));
            }
            o.push(' ');
        }
        if !self.healthcheck.is_empty() {
            o.push_str("\n Healthcheck:\n  Interval = 0s\n  Retries = 0\n  StartPeriod =\t0s\n  Timeout =\t0s\n  Tests:");
            for t in &self.healthcheck {
                o.push_str(&format!("\n\t Test = {t}"));
            }
            o.push(' ');
        }
        o.push('\n');
        o.push('\n');
        o
    }
}

fn port_value(p: &PortConfig) -> Value {
    let oe = |n: &str, v: Value| Field::new(n, v).omitempty();
    Value::structure(
        "swarm.PortConfig",
        vec![
            oe("Name", Value::str(&p.name)),
            oe("Protocol", Value::str(p.protocol.as_str())),
            oe("TargetPort", Value::Uint(u64::from(p.target_port))),
            oe("PublishedPort", Value::Uint(u64::from(p.published_port))),
            oe("PublishMode", Value::str(p.publish_mode.as_str())),
        ],
    )
}

fn ports_value(ports: &[PortConfig]) -> Value {
    if ports.is_empty() {
        return Value::List(None);
    }
    Value::List(Some(ports.iter().map(port_value).collect()))
}

fn endpoint_spec_value(mode: &str, ports: &[PortConfig]) -> Value {
    Value::structure("swarm.EndpointSpec", vec![Field::new("Mode", Value::str(mode)).omitempty(), Field::new("Ports", ports_value(ports)).omitempty()])
}

fn update_config_value(c: &UpdateConfigView) -> Value {
    Value::ptr(Value::structure(
        "swarm.UpdateConfig",
        vec![
            Field::new("Parallelism", Value::Uint(c.parallelism)),
            Field::new("Delay", Value::Duration(c.delay_ns)).omitempty(),
            Field::new("FailureAction", Value::str(&c.failure_action)).omitempty(),
            Field::new("Monitor", Value::Duration(c.monitor_ns)).omitempty(),
            Field::new("MaxFailureRatio", Value::Float(c.max_failure_ratio.parse().unwrap_or(0.0))),
            Field::new("Order", Value::str(&c.order)),
        ],
    ))
}

fn nil_strings(list: &[String]) -> Value {
    Value::strings(list, true)
}

impl ServiceView {
    /// `swarm.ServiceSpec` as a Go value.
    fn spec_value(&self) -> Value {
        let oe = |n: &str, v: Value| Field::new(n, v).omitempty();
        let st = |t: &str, f: Vec<Field>| Value::structure(t, f);
        let healthcheck = if self.healthcheck.is_empty() {
            Value::Ptr(None)
        } else {
            Value::ptr(st(
                "container.HealthConfig",
                vec![
                    oe("Test", nil_strings(&self.healthcheck)),
                    oe("Interval", Value::Duration(0)),
                    oe("Timeout", Value::Duration(0)),
                    oe("StartPeriod", Value::Duration(0)),
                    oe("Retries", Value::Int(0)),
                ],
            ))
        };
        let container = st(
            "swarm.ContainerSpec",
            vec![
                oe("Image", Value::str(&self.image)),
                oe("Labels", if self.container_labels.is_empty() { Value::Map(None) } else { Value::string_map(Some(&self.container_labels)) }),
                oe("Command", Value::List(None)),
                oe("Args", nil_strings(&self.args)),
                oe("Hostname", Value::str(&self.hostname)),
                oe("Env", nil_strings(&self.env)),
                oe("Dir", Value::str("")),
                oe("User", Value::str("")),
                oe("Groups", Value::List(None)),
                oe("Privileges", Value::Ptr(None)),
                oe("Init", Value::ptr(Value::Bool(self.init))),
                oe("StopSignal", Value::str("")),
                oe("TTY", Value::Bool(false)),
                oe("OpenStdin", Value::Bool(false)),
                oe("ReadOnly", Value::Bool(false)),
                oe("Mounts", Value::List(None)),
                oe("StopGracePeriod", Value::ptr(Value::Duration(10_000_000_000))),
                oe("Healthcheck", healthcheck),
                oe("Hosts", Value::List(None)),
                oe(
                    "DNSConfig",
                    Value::ptr(st(
                        "swarm.DNSConfig",
                        vec![oe("Nameservers", Value::List(None)), oe("Search", Value::List(None)), oe("Options", Value::List(None))],
                    )),
                ),
                oe("Secrets", Value::List(None)),
                oe("Configs", Value::List(None)),
                oe("Isolation", Value::str("default")),
                oe("Sysctls", Value::Map(None)),
                oe("CapabilityAdd", Value::List(None)),
                oe("CapabilityDrop", Value::List(None)),
                oe("Ulimits", Value::List(None)),
            ],
        );
        let platforms = if self.platforms.is_empty() {
            Value::List(None)
        } else {
            Value::List(Some(
                self.platforms.iter().map(|(arch, os)| st("swarm.Platform", vec![oe("Architecture", Value::str(arch)), oe("OS", Value::str(os))])).collect(),
            ))
        };
        let networks = if self.networks.is_empty() {
            Value::List(None)
        } else {
            Value::List(Some(
                self.networks
                    .iter()
                    .map(|(id, _)| {
                        st(
                            "swarm.NetworkAttachmentConfig",
                            vec![oe("Target", Value::str(id)), oe("Aliases", Value::List(None)), oe("DriverOpts", Value::Map(None))],
                        )
                    })
                    .collect(),
            ))
        };
        let template = st(
            "swarm.TaskSpec",
            vec![
                oe("ContainerSpec", Value::ptr(container)),
                oe("PluginSpec", Value::Ptr(None)),
                oe("NetworkAttachmentSpec", Value::Ptr(None)),
                oe(
                    "Resources",
                    Value::ptr(st(
                        "swarm.ResourceRequirements",
                        vec![
                            oe(
                                "Limits",
                                Value::ptr(st("swarm.Limit", vec![oe("NanoCPUs", Value::Int(0)), oe("MemoryBytes", Value::Int(0)), oe("Pids", Value::Int(0))])),
                            ),
                            oe(
                                "Reservations",
                                Value::ptr(st(
                                    "swarm.Resources",
                                    vec![oe("NanoCPUs", Value::Int(0)), oe("MemoryBytes", Value::Int(0)), oe("GenericResources", Value::List(None))],
                                )),
                            ),
                        ],
                    )),
                ),
                oe(
                    "RestartPolicy",
                    Value::ptr(st(
                        "swarm.RestartPolicy",
                        vec![
                            oe("Condition", Value::str("any")),
                            oe("Delay", Value::ptr(Value::Duration(5_000_000_000))),
                            oe("MaxAttempts", Value::ptr(Value::Uint(0))),
                            oe("Window", Value::Ptr(None)),
                        ],
                    )),
                ),
                oe(
                    "Placement",
                    Value::ptr(st(
                        "swarm.Placement",
                        vec![
                            oe("Constraints", nil_strings(&self.constraints)),
                            oe("Preferences", Value::List(None)),
                            oe("MaxReplicas", Value::Uint(0)),
                            oe("Platforms", platforms),
                        ],
                    )),
                ),
                oe("Networks", networks),
                oe("LogDriver", Value::Ptr(None)),
                Field::new("ForceUpdate", Value::Uint(self.force_update)),
                oe("Runtime", Value::str("container")),
            ],
        );
        let mode = match self.mode {
            ServiceModeView::Replicated { replicas } => st(
                "swarm.ServiceMode",
                vec![
                    oe("Replicated", Value::ptr(st("swarm.ReplicatedService", vec![oe("Replicas", Value::ptr(Value::Uint(replicas)))]))),
                    oe("Global", Value::Ptr(None)),
                    oe("ReplicatedJob", Value::Ptr(None)),
                    oe("GlobalJob", Value::Ptr(None)),
                ],
            ),
            ServiceModeView::Global => st(
                "swarm.ServiceMode",
                vec![
                    oe("Replicated", Value::Ptr(None)),
                    oe("Global", Value::ptr(st("swarm.GlobalService", vec![]))),
                    oe("ReplicatedJob", Value::Ptr(None)),
                    oe("GlobalJob", Value::Ptr(None)),
                ],
            ),
        };
        st(
            "swarm.ServiceSpec",
            vec![
                Field::embedded("Annotations", super::node::annotations_value(&self.name, &self.labels)),
                oe("TaskTemplate", template),
                oe("Mode", mode),
                oe("UpdateConfig", update_config_value(&self.update_config)),
                oe("RollbackConfig", update_config_value(&self.rollback_config)),
                oe("Networks", Value::List(None)),
                oe("EndpointSpec", Value::ptr(endpoint_spec_value(&self.endpoint_mode, &self.spec_ports))),
            ],
        )
    }

    /// `swarm.Service` as a Go value (what `service inspect --format` sees).
    pub fn to_value(&self) -> Value {
        let oe = |n: &str, v: Value| Field::new(n, v).omitempty();
        let st = |t: &str, f: Vec<Field>| Value::structure(t, f);
        let vips = if self.virtual_ips.is_empty() {
            Value::List(None)
        } else {
            Value::List(Some(
                self.virtual_ips
                    .iter()
                    .map(|(net, addr)| st("swarm.EndpointVirtualIP", vec![oe("NetworkID", Value::str(net)), oe("Addr", Value::str(addr))]))
                    .collect(),
            ))
        };
        st(
            "swarm.Service",
            vec![
                Field::new("ID", Value::str(&self.id)),
                Field::embedded("Meta", super::node::meta_value(self.version_index, self.created_at, self.updated_at)),
                oe("Spec", self.spec_value()),
                oe("PreviousSpec", self.previous.as_ref().map_or(Value::Ptr(None), |p| Value::ptr(p.spec_value()))),
                oe(
                    "Endpoint",
                    st(
                        "swarm.Endpoint",
                        vec![
                            oe("Spec", endpoint_spec_value(&self.endpoint_mode, &self.spec_ports)),
                            oe("Ports", ports_value(&self.ports)),
                            oe("VirtualIPs", vips),
                        ],
                    ),
                ),
                oe("UpdateStatus", self.update_status.as_ref().map_or(Value::Ptr(None), |u| Value::ptr(u.value()))),
                oe("ServiceStatus", Value::Ptr(None)),
                oe("JobStatus", Value::Ptr(None)),
            ],
        )
    }

    /// The row `service ls --format` sees (docker/cli `serviceContext`).
    pub fn context(&self) -> Value {
        let mode = match self.mode {
            ServiceModeView::Replicated { .. } => "replicated",
            ServiceModeView::Global => "global",
        };
        Value::Struct(Struct {
            type_name: "*service.serviceContext".into(),
            context: true,
            fields: vec![
                Field::new("ID", Value::str(truncate_id(&self.id))),
                Field::new("Name", Value::str(&self.name)),
                Field::new("Mode", Value::str(mode)),
                Field::new("Replicas", Value::str(format!("{}/{}", self.running_tasks, self.desired_tasks))),
                Field::new("Image", Value::str(display_image(&self.image))),
                Field::new("Ports", Value::str(ingress_ports_text(&self.ports))),
            ],
        })
    }
}

/// `service ls --format` column titles.
pub const SERVICE_HEADER: [(&str, &str); 6] =
    [("ID", "ID"), ("Name", "NAME"), ("Mode", "MODE"), ("Replicas", "REPLICAS"), ("Image", "IMAGE"), ("Ports", "PORTS")];

/// Services in `service ls` order (by name, natural order).
pub fn sorted_services(services: &[ServiceView]) -> Vec<&ServiceView> {
    let mut services: Vec<&ServiceView> = services.iter().collect();
    services.sort_by(|a, b| natural_cmp(&a.name, &b.name));
    services
}

/// `docker service inspect SERVICE…`.
pub fn render_service_inspect(services: &[ServiceView]) -> String {
    inspect_output(services.iter().map(ServiceView::to_json).collect(), HtmlEscape::On)
}

/// `docker service inspect --pretty SERVICE…`.
pub fn render_service_pretty(services: &[ServiceView]) -> String {
    services.iter().map(ServiceView::pretty).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docker::ports::parse_publish;

    pub(crate) fn web() -> ServiceView {
        ServiceView {
            update_config: UpdateConfigView::default(),
            rollback_config: UpdateConfigView::default(),
            id: "j2bzt3mi7yedm4um6g5o96ndd".into(),
            version_index: 21,
            created_at: 1_700_212_247_123_456_789,
            updated_at: 1_700_212_247_127_779_446,
            name: "web".into(),
            labels: BTreeMap::new(),
            image: "containous/whoami:latest@sha256:7d6a3c8f91470a23ef380320609ee6e69ac68d20bc804f3a1c6065fb56cfa34e".into(),
            args: vec![],
            hostname: String::new(),
            env: vec![],
            healthcheck: vec![],
            container_labels: BTreeMap::new(),
            init: false,
            force_update: 0,
            constraints: vec![],
            platforms: vec![("amd64".into(), "linux".into())],
            networks: vec![],
            mode: ServiceModeView::Replicated { replicas: 2 },
            endpoint_mode: "vip".into(),
            spec_ports: parse_publish("8080:80").unwrap(),
            ports: parse_publish("8080:80").unwrap(),
            virtual_ips: vec![("m4np8jn3j5xq6k1v0p2z7y9wc".into(), "10.0.0.5/24".into())],
            running_tasks: 2,
            desired_tasks: 2,
            previous: None,
            update_status: None,
        }
    }

    #[test]
    fn service_ls_of_the_seed_and_facts() {
        let want = "\
ID             NAME      MODE         REPLICAS   IMAGE                      PORTS
j2bzt3mi7yed   web       replicated   2/2        containous/whoami:latest   *:8080->80/tcp
";
        assert_eq!(render_service_ls(&[web()], false), want);
        assert_eq!(render_service_ls(&[web()], true), "j2bzt3mi7yed\n");
    }

    #[test]
    fn ports_compact_into_ranges_and_skip_host_mode() {
        let mut ports = Vec::new();
        for spec in ["8081:81", "8080:80", "53:53/udp", "published=9000,target=90,mode=host", "7000:70"] {
            ports.extend(parse_publish(spec).unwrap());
        }
        assert_eq!(ingress_ports_text(&ports), "*:7000->70/tcp, *:8080-8081->80-81/tcp, *:53->53/udp");
        assert_eq!(ingress_ports_text(&parse_publish("published=9000,target=90,mode=host").unwrap()), "");
    }

    /// After an update: `PreviousSpec` between `Spec` and `Endpoint`,
    /// `UpdateStatus` last, as `swarm.Service` orders them.
    #[test]
    fn updated_service_shows_previous_spec_and_status() {
        let mut v = web();
        let mut before = web();
        before.env = vec!["A=1".into()];
        v.previous = Some(Box::new(before));
        v.update_status = Some(UpdateStatusView {
            state: "completed".into(),
            started_at: 1_700_212_300_000_000_000,
            completed_at: Some(1_700_212_305_500_000_000),
            message: "update completed".into(),
            now: 1_700_212_400_000_000_000,
        });
        // `Completed:` shows for `completed` only (not `rollback_completed`).
        let text = render_service_inspect(&[v.clone()]);
        let at = |key: &str| text.find(key).unwrap_or(usize::MAX);
        assert!(at("\"Spec\"") < at("\"PreviousSpec\"") && at("\"PreviousSpec\"") < at("\"Endpoint\"") && at("\"Endpoint\"") < at("\"UpdateStatus\""));
        assert!(text.contains(
            "        \"UpdateStatus\": {\n            \"State\": \"completed\",\n            \"StartedAt\": \"2023-11-17T09:11:40Z\",\n            \"CompletedAt\": \"2023-11-17T09:11:45.5Z\",\n            \"Message\": \"update completed\"\n        }\n"
        ));
        assert!(v.pretty().contains(
            "UpdateStatus:\n State:\t\tcompleted\n Started:\tAbout a minute ago\n Completed:\tAbout a minute ago\n Message:\tupdate completed\nPlacement:\n"
        ));
    }

    #[test]
    fn inspect_json_shape() {
        let out = render_service_inspect(&[web()]);
        let want_start = "[\n    {\n        \"ID\": \"j2bzt3mi7yedm4um6g5o96ndd\",\n        \"Version\": {\n            \"Index\": 21\n        },\n        \"CreatedAt\": \"2023-11-17T09:10:47.123456789Z\",\n        \"UpdatedAt\": \"2023-11-17T09:10:47.127779446Z\",\n        \"Spec\": {\n            \"Name\": \"web\",\n            \"Labels\": {},\n            \"TaskTemplate\": {\n                \"ContainerSpec\": {\n                    \"Image\": \"containous/whoami:latest@sha256:7d6a3c8f91470a23ef380320609ee6e69ac68d20bc804f3a1c6065fb56cfa34e\",\n                    \"Init\": false,\n                    \"StopGracePeriod\": 10000000000,\n                    \"DNSConfig\": {},\n                    \"Isolation\": \"default\"\n                },\n";
        assert!(out.starts_with(want_start), "{out}");
        let want_end = "        \"Endpoint\": {\n            \"Spec\": {\n                \"Mode\": \"vip\",\n                \"Ports\": [\n                    {\n                        \"Protocol\": \"tcp\",\n                        \"TargetPort\": 80,\n                        \"PublishedPort\": 8080,\n                        \"PublishMode\": \"ingress\"\n                    }\n                ]\n            },\n            \"Ports\": [\n                {\n                    \"Protocol\": \"tcp\",\n                    \"TargetPort\": 80,\n                    \"PublishedPort\": 8080,\n                    \"PublishMode\": \"ingress\"\n                }\n            ],\n            \"VirtualIPs\": [\n                {\n                    \"NetworkID\": \"m4np8jn3j5xq6k1v0p2z7y9wc\",\n                    \"Addr\": \"10.0.0.5/24\"\n                }\n            ]\n        }\n    }\n]\n";
        assert!(out.ends_with(want_end), "{out}");
    }

    #[test]
    fn pretty_output() {
        let want = "
ID:\t\tj2bzt3mi7yedm4um6g5o96ndd
Name:\t\tweb
Service Mode:\tReplicated
 Replicas:\t2
Placement:
UpdateConfig:
 Parallelism:\t1
 On failure:\tpause
 Monitoring Period: 5s
 Max failure ratio: 0
 Update order:      stop-first
RollbackConfig:
 Parallelism:\t1
 On failure:\tpause
 Monitoring Period: 5s
 Max failure ratio: 0
 Rollback order:    stop-first
ContainerSpec:
 Image:\t\tcontainous/whoami:latest@sha256:7d6a3c8f91470a23ef380320609ee6e69ac68d20bc804f3a1c6065fb56cfa34e
 Init:\t\tfalse
Resources:
Endpoint Mode:\tvip
Ports:
 PublishedPort = 8080
  Protocol = tcp
  TargetPort = 80
  PublishMode = ingress 

";
        assert_eq!(render_service_pretty(&[web()]), want);
    }
}
