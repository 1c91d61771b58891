//! `docker ps` and `docker inspect CONTAINER`.
//!
//! `docker ps` (docker/cli `formatter/container.go`): CONTAINER ID cut to
//! 12; IMAGE without digest; COMMAND quoted with Go's `%q` after cutting it
//! to 20 characters (`"/whoami"`); CREATED go-units age + ` ago`; STATUS as
//! the daemon words it (`Up 14 seconds`); PORTS via `DisplayablePorts`
//! (consecutive ports grouped, `0.0.0.0:8080->80/tcp` for published ones);
//! NAMES without the leading `/`. Rows come in the daemon's order (newest
//! first).
//!
//! `docker inspect` prints `types.ContainerJSON` (docker 24's API types)
//! as the daemon marshals it, from the same Go value `--format` sees
//! ([`ContainerView::to_value`]): the embedded `ContainerJSONBase` (`Id`,
//! `Created`, `Path`, `Args`, `State`, …, `ExecIDs`), `Mounts`, the whole
//! `Config` (with the image's `Entrypoint`, `Cmd`, `ExposedPorts`,
//! `StopSignal`, and the swarm task's labels), and `NetworkSettings` (its
//! embedded base with `Ports`, the default bridge's endpoint fields, and
//! `Networks`). Left out: `HostConfig`, `GraphDriver`; a container's
//! `Pid` is 0.
//!
//! `docker ps --format` sees [`ContainerView::context`] (docker/cli's
//! `ContainerContext`: `ID`, `Names`, `Image`, `Command`, `CreatedAt`,
//! `RunningFor`, `Ports`, `State`, `Status`, `Size`, `Labels`, `Label`,
//! `Mounts`, `LocalVolumes`, `Networks`); several networks are listed in
//! name order (Go's map order is random).

use std::collections::BTreeMap;

use crate::docker::goval::{Field, Method, Struct, Value, go_time_string};
use crate::docker::json::{HtmlEscape, Json, inspect_output};
use crate::docker::tabwriter::docker_table;
use crate::docker::text::{ellipsis, go_quote, human_duration, rfc3339_nano, truncate_id};

use super::task::display_image;

/// `types.Port`: a container port, published or not.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PortView {
    /// Host IP for a published port, empty otherwise.
    pub ip: String,
    pub private_port: u16,
    pub public_port: u16,
    /// `tcp`, `udp`, `sctp`.
    pub protocol: String,
}

/// `types.Container` (a row of `docker ps`) and the parts of
/// `types.ContainerJSON` mesh has.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContainerView {
    /// 64 hex characters.
    pub id: String,
    /// `Names[0]` without the `/`, e.g. `web.1.q9s4ggh2oaq2…`.
    pub name: String,
    /// The image reference (`containous/whoami:latest@sha256:…`) and its ID.
    pub image: String,
    pub image_id: String,
    /// `Path` and `Args` (the `COMMAND` is them joined by spaces): the
    /// entrypoint and command together, split after the first word.
    pub path: String,
    pub args: Vec<String>,
    /// `Config.Entrypoint` and `Config.Cmd` (the image's, or the task's
    /// arguments in place of the image's command).
    pub entrypoint: Vec<String>,
    pub cmd: Vec<String>,
    /// `Config.StopSignal` (`SIGQUIT` for nginx).
    pub stop_signal: String,
    /// `Created` (Unix ns).
    pub created: i64,
    /// `State.Status`: `running`, `exited`, …; `State.Pid`, `ExitCode`,
    /// `StartedAt`, `FinishedAt` (Unix ns; `None` = Go's zero time).
    pub state: String,
    pub pid: u32,
    pub exit_code: i32,
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
    /// The `STATUS` column as the daemon words it (`Up 14 seconds`).
    pub status: String,
    pub ports: Vec<PortView>,
    /// `Config.Hostname`, `Config.Env`, `Config.Labels`.
    pub hostname: String,
    pub env: Vec<String>,
    pub labels: BTreeMap<String, String>,
    /// `Config.ExposedPorts` keys, e.g. `80/tcp`.
    pub exposed_ports: Vec<String>,
    /// `NetworkSettings.SandboxID` / `SandboxKey` (`/var/run/docker/netns/…`).
    pub sandbox_id: String,
    pub sandbox_key: String,
    /// `NetworkSettings.Networks`, by network name.
    pub networks: BTreeMap<String, EndpointSettingsView>,
}

/// `network.EndpointSettings`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EndpointSettingsView {
    /// `IPAMConfig.IPv4Address` (swarm tasks get their address this way).
    pub ipam_ipv4: String,
    pub aliases: Vec<String>,
    pub network_id: String,
    pub endpoint_id: String,
    pub gateway: String,
    pub ip_address: String,
    pub ip_prefix_len: u8,
    pub mac_address: String,
}

/// docker/cli `DisplayablePorts`.
pub fn displayable_ports(ports: &[PortView]) -> String {
    let mut ports: Vec<&PortView> = ports.iter().collect();
    ports.sort_by(|a, b| a.private_port.cmp(&b.private_port).then(a.ip.cmp(&b.ip)).then(a.public_port.cmp(&b.public_port)).then(a.protocol.cmp(&b.protocol)));
    let form = |key: &str, first: u16, last: u16| {
        let (ip, proto) = match key.split_once('/') {
            Some((ip, proto)) => (ip, proto),
            None => ("", key),
        };
        let mut group = first.to_string();
        if first != last {
            group = format!("{group}-{last}");
        }
        if !ip.is_empty() {
            group = format!("{ip}:{group}->{group}");
        }
        format!("{group}/{proto}")
    };
    let mut groups: Vec<(String, u16, u16)> = Vec::new();
    let mut result = Vec::new();
    let mut host_mappings = Vec::new();
    for p in ports {
        let mut key = p.protocol.clone();
        if !p.ip.is_empty() {
            if p.public_port != p.private_port {
                let host = if p.ip.contains(':') { format!("[{}]", p.ip) } else { p.ip.clone() };
                host_mappings.push(format!("{host}:{}->{}/{}", p.public_port, p.private_port, p.protocol));
                continue;
            }
            key = format!("{}/{}", p.ip, p.protocol);
        }
        match groups.iter_mut().find(|(k, _, _)| *k == key) {
            None => groups.push((key, p.private_port, p.private_port)),
            Some(group) if p.private_port == group.2.wrapping_add(1) => group.2 = p.private_port,
            Some(group) => {
                result.push(form(&group.0, group.1, group.2));
                group.1 = p.private_port;
                group.2 = p.private_port;
            }
        }
    }
    for (key, first, last) in &groups {
        result.push(form(key, *first, *last));
    }
    result.extend(host_mappings);
    result.join(", ")
}

impl ContainerView {
    /// The `COMMAND` of `docker ps`: path and args joined by spaces.
    pub fn command(&self) -> String {
        std::iter::once(self.path.as_str()).chain(self.args.iter().map(String::as_str)).collect::<Vec<_>>().join(" ")
    }

    fn image_display(&self, trunc: bool) -> String {
        if self.image.is_empty() {
            return "<no image>".to_string();
        }
        if !trunc {
            return self.image.clone();
        }
        if truncate_id(&self.image_id) == truncate_id(&self.image) {
            return truncate_id(&self.image);
        }
        let shown = display_image(&self.image);
        // An untagged reference loses its digest too.
        shown.split_once('@').map_or(shown.clone(), |(name, _)| name.to_string())
    }

    /// `types.ContainerJSON` as the daemon marshals it (the fields mesh
    /// models, in field order).
    pub fn to_json(&self) -> Json {
        self.to_value().to_json()
    }

    /// `NetworkSettings.Ports` (`nat.PortMap`): every exposed port, with its
    /// host bindings or none.
    fn port_map(&self) -> Value {
        let mut map: BTreeMap<String, Value> = BTreeMap::new();
        for p in &self.exposed_ports {
            map.insert(p.clone(), Value::List(None));
        }
        for p in self.ports.iter().filter(|p| p.public_port != 0) {
            let key = format!("{}/{}", p.private_port, p.protocol);
            let binding = Value::structure(
                "nat.PortBinding",
                vec![Field::new("HostIp", Value::str(&p.ip)), Field::new("HostPort", Value::str(p.public_port.to_string()))],
            );
            match map.entry(key).or_insert(Value::List(None)) {
                Value::List(l) => l.get_or_insert_with(Vec::new).push(binding),
                other => *other = Value::List(Some(vec![binding])),
            }
        }
        Value::Map(Some(map))
    }

    /// `types.ContainerJSON` as a Go value (what `inspect --format` sees).
    /// `HostConfig` and `GraphDriver` are not modelled (absent).
    pub fn to_value(&self) -> Value {
        let st = |t: &str, f: Vec<Field>| Value::structure(t, f);
        let f = Field::new;
        let oe = |n: &str, v: Value| Field::new(n, v).omitempty();
        let time = |t: Option<i64>| Value::str(t.map_or("0001-01-01T00:00:00Z".to_string(), rfc3339_nano));
        let state = st(
            "types.ContainerState",
            vec![
                f("Status", Value::str(&self.state)),
                f("Running", Value::Bool(self.state == "running")),
                f("Paused", Value::Bool(self.state == "paused")),
                f("Restarting", Value::Bool(self.state == "restarting")),
                f("OOMKilled", Value::Bool(false)),
                f("Dead", Value::Bool(self.state == "dead")),
                f("Pid", Value::Int(i64::from(self.pid))),
                f("ExitCode", Value::Int(i64::from(self.exit_code))),
                f("Error", Value::str("")),
                f("StartedAt", time(self.started_at)),
                f("FinishedAt", time(self.finished_at)),
                oe("Health", Value::Ptr(None)),
            ],
        );
        let dir = format!("/var/lib/docker/containers/{}", self.id);
        let base = st(
            "types.ContainerJSONBase",
            vec![
                Field::renamed("ID", "Id", Value::str(&self.id)),
                f("Created", Value::str(rfc3339_nano(self.created))),
                f("Path", Value::str(&self.path)),
                f("Args", Value::strings(&self.args, false)),
                f("State", Value::ptr(state)),
                f("Image", Value::str(&self.image_id)),
                f("ResolvConfPath", Value::str(format!("{dir}/resolv.conf"))),
                f("HostnamePath", Value::str(format!("{dir}/hostname"))),
                f("HostsPath", Value::str(format!("{dir}/hosts"))),
                f("LogPath", Value::str(format!("{dir}/{}-json.log", self.id))),
                oe("Node", Value::Ptr(None)),
                f("Name", Value::str(format!("/{}", self.name))),
                f("RestartCount", Value::Int(0)),
                f("Driver", Value::str("overlay2")),
                f("Platform", Value::str("linux")),
                f("MountLabel", Value::str("")),
                f("ProcessLabel", Value::str("")),
                f("AppArmorProfile", Value::str("docker-default")),
                f("ExecIDs", Value::List(None)),
                oe("SizeRw", Value::Ptr(None)),
                oe("SizeRootFs", Value::Ptr(None)),
            ],
        );
        let exposed = if self.exposed_ports.is_empty() {
            Value::Map(None)
        } else {
            Value::Map(Some(self.exposed_ports.iter().map(|p| (p.clone(), st("struct {}", vec![]))).collect()))
        };
        let config = st(
            "container.Config",
            vec![
                f("Hostname", Value::str(&self.hostname)),
                f("Domainname", Value::str("")),
                f("User", Value::str("")),
                f("AttachStdin", Value::Bool(false)),
                f("AttachStdout", Value::Bool(false)),
                f("AttachStderr", Value::Bool(false)),
                oe("ExposedPorts", exposed),
                f("Tty", Value::Bool(false)),
                f("OpenStdin", Value::Bool(false)),
                f("StdinOnce", Value::Bool(false)),
                f("Env", Value::strings(&self.env, true)),
                f("Cmd", Value::strings(&self.cmd, true)),
                oe("Healthcheck", Value::Ptr(None)),
                oe("ArgsEscaped", Value::Bool(false)),
                f("Image", Value::str(&self.image)),
                f("Volumes", Value::Map(None)),
                f("WorkingDir", Value::str("")),
                f("Entrypoint", Value::strings(&self.entrypoint, true)),
                oe("NetworkDisabled", Value::Bool(false)),
                oe("MacAddress", Value::str("")),
                f("OnBuild", Value::List(None)),
                f("Labels", Value::string_map(Some(&self.labels))),
                oe("StopSignal", Value::str(&self.stop_signal)),
                oe("StopTimeout", Value::Ptr(None)),
                oe("Shell", Value::List(None)),
            ],
        );
        let networks: BTreeMap<String, Value> = self
            .networks
            .iter()
            .map(|(name, e)| {
                let ipam = if e.ipam_ipv4.is_empty() {
                    Value::Ptr(None)
                } else {
                    Value::ptr(st(
                        "network.EndpointIPAMConfig",
                        vec![oe("IPv4Address", Value::str(&e.ipam_ipv4)), oe("IPv6Address", Value::str("")), oe("LinkLocalIPs", Value::List(None))],
                    ))
                };
                let ep = st(
                    "network.EndpointSettings",
                    vec![
                        f("IPAMConfig", ipam),
                        f("Links", Value::List(None)),
                        f("Aliases", Value::strings(&e.aliases, true)),
                        f("NetworkID", Value::str(&e.network_id)),
                        f("EndpointID", Value::str(&e.endpoint_id)),
                        f("Gateway", Value::str(&e.gateway)),
                        f("IPAddress", Value::str(&e.ip_address)),
                        f("IPPrefixLen", Value::Int(i64::from(e.ip_prefix_len))),
                        f("IPv6Gateway", Value::str("")),
                        f("GlobalIPv6Address", Value::str("")),
                        f("GlobalIPv6PrefixLen", Value::Int(0)),
                        f("MacAddress", Value::str(&e.mac_address)),
                        f("DriverOpts", Value::Map(None)),
                    ],
                );
                (name.clone(), Value::ptr(ep))
            })
            .collect();
        // The default bridge's endpoint is repeated at the top level.
        let bridge = self.networks.get("bridge");
        let b = |pick: fn(&EndpointSettingsView) -> String| Value::str(bridge.map(pick).unwrap_or_default());
        let settings = st(
            "types.NetworkSettings",
            vec![
                Field::embedded(
                    "NetworkSettingsBase",
                    st(
                        "types.NetworkSettingsBase",
                        vec![
                            f("Bridge", Value::str("")),
                            f("SandboxID", Value::str(&self.sandbox_id)),
                            f("HairpinMode", Value::Bool(false)),
                            f("LinkLocalIPv6Address", Value::str("")),
                            f("LinkLocalIPv6PrefixLen", Value::Int(0)),
                            f("Ports", self.port_map()),
                            f("SandboxKey", Value::str(&self.sandbox_key)),
                            f("SecondaryIPAddresses", Value::List(None)),
                            f("SecondaryIPv6Addresses", Value::List(None)),
                        ],
                    ),
                ),
                Field::embedded(
                    "DefaultNetworkSettings",
                    st(
                        "types.DefaultNetworkSettings",
                        vec![
                            f("EndpointID", b(|e| e.endpoint_id.clone())),
                            f("Gateway", b(|e| e.gateway.clone())),
                            f("GlobalIPv6Address", Value::str("")),
                            f("GlobalIPv6PrefixLen", Value::Int(0)),
                            f("IPAddress", b(|e| e.ip_address.clone())),
                            f("IPPrefixLen", Value::Int(bridge.map_or(0, |e| i64::from(e.ip_prefix_len)))),
                            f("IPv6Gateway", Value::str("")),
                            f("MacAddress", b(|e| e.mac_address.clone())),
                        ],
                    ),
                ),
                f("Networks", Value::Map(Some(networks))),
            ],
        );
        st(
            "types.ContainerJSON",
            vec![
                Field::embedded("ContainerJSONBase", Value::ptr(base)),
                f("Mounts", Value::List(Some(Vec::new()))),
                f("Config", Value::ptr(config)),
                f("NetworkSettings", Value::ptr(settings)),
            ],
        )
    }

    /// The row `docker ps --format` sees (docker/cli `ContainerContext`).
    pub fn context(&self, trunc: bool, now: i64) -> Value {
        let command = if trunc { ellipsis(&self.command(), 20) } else { self.command() };
        let created_secs = self.created.div_euclid(1_000_000_000);
        let age = u64::try_from(now.saturating_sub(created_secs * 1_000_000_000)).unwrap_or(0);
        let labels: Vec<String> = self.labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let networks: Vec<&str> = self.networks.keys().map(String::as_str).collect();
        Value::Struct(Struct {
            type_name: "*formatter.ContainerContext".into(),
            context: true,
            fields: vec![
                Field::new("Command", Value::str(go_quote(&command))),
                Field::new("CreatedAt", Value::str(go_time_string(created_secs * 1_000_000_000))),
                Field::new("ID", Value::str(if trunc { truncate_id(&self.id) } else { self.id.clone() })),
                Field::new("Image", Value::str(self.image_display(trunc))),
                Field::new("Labels", Value::str(labels.join(","))),
                Field::new("Label", Value::Method(Method::Label(self.labels.clone()))),
                Field::new("LocalVolumes", Value::str("0")),
                Field::new("Mounts", Value::str("")),
                Field::new("Names", Value::str(&self.name)),
                Field::new("Networks", Value::str(networks.join(","))),
                Field::new("Ports", Value::str(displayable_ports(&self.ports))),
                Field::new("RunningFor", Value::str(format!("{} ago", human_duration(age)))),
                Field::new("Size", Value::str("0B")),
                Field::new("State", Value::str(&self.state)),
                Field::new("Status", Value::str(&self.status)),
            ],
        })
    }
}

/// `docker ps --format` column titles.
pub const CONTAINER_HEADER: [(&str, &str); 14] = [
    ("ID", "CONTAINER ID"),
    ("Names", "NAMES"),
    ("Image", "IMAGE"),
    ("Command", "COMMAND"),
    ("CreatedAt", "CREATED AT"),
    ("RunningFor", "CREATED"),
    ("Ports", "PORTS"),
    ("State", "STATE"),
    ("Status", "STATUS"),
    ("Size", "SIZE"),
    ("Labels", "LABELS"),
    ("Mounts", "MOUNTS"),
    ("LocalVolumes", "LOCAL VOLUMES"),
    ("Networks", "NETWORKS"),
];

/// `docker ps` (and `-q`, `--no-trunc`); `now` is the virtual wall clock.
pub fn render_ps(containers: &[ContainerView], quiet: bool, no_trunc: bool, now: i64) -> String {
    let id = |c: &ContainerView| {
        if no_trunc { c.id.clone() } else { truncate_id(&c.id) }
    };
    if quiet {
        return containers.iter().map(|c| format!("{}\n", id(c))).collect();
    }
    let mut rows = vec![["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"].map(String::from).to_vec()];
    for c in containers {
        let command = if no_trunc { c.command() } else { ellipsis(&c.command(), 20) };
        let age = u64::try_from(now.saturating_sub(c.created)).unwrap_or(0);
        rows.push(vec![
            id(c),
            c.image_display(!no_trunc),
            go_quote(&command),
            format!("{} ago", human_duration(age)),
            c.status.clone(),
            displayable_ports(&c.ports),
            c.name.clone(),
        ]);
    }
    docker_table(&rows)
}

/// `docker inspect` / `docker container inspect` of containers.
pub fn render_container_inspect(containers: &[ContainerView]) -> String {
    inspect_output(containers.iter().map(ContainerView::to_json).collect(), HtmlEscape::Off)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_700_212_300_000_000_000;

    fn task_container() -> ContainerView {
        ContainerView {
            id: "3a0d0ab2c13b5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f".into(),
            name: "web.2.1vomhe5jo3hqx7k2l0p9r8s6t".into(),
            image: "containous/whoami:latest@sha256:7d6a3c8f91470a23ef380320609ee6e69ac68d20bc804f3a1c6065fb56cfa34e".into(),
            image_id: "sha256:8f1b7e3c6f0a".into(),
            path: "/whoami".into(),
            created: NOW - 16_000_000_000,
            state: "running".into(),
            status: "Up 14 seconds".into(),
            ports: vec![PortView { protocol: "tcp".into(), private_port: 80, ..PortView::default() }],
            ..ContainerView::default()
        }
    }

    #[test]
    fn ps_of_a_swarm_task() {
        let want = "\
CONTAINER ID   IMAGE                      COMMAND     CREATED          STATUS          PORTS     NAMES
3a0d0ab2c13b   containous/whoami:latest   \"/whoami\"   16 seconds ago   Up 14 seconds   80/tcp    web.2.1vomhe5jo3hqx7k2l0p9r8s6t
";
        assert_eq!(render_ps(&[task_container()], false, false, NOW), want);
    }

    #[test]
    fn commands_are_cut_then_quoted() {
        let mut c = task_container();
        c.args = vec!["--port".into(), "8080".into(), "--verbose".into()];
        let out = render_ps(&[c], false, false, NOW);
        assert!(out.contains("   \"/whoami --port 8080…\"   "), "{out}");
    }

    #[test]
    fn displayable_ports_group_and_map() {
        let p =
            |ip: &str, private: u16, public: u16, proto: &str| PortView { ip: ip.into(), private_port: private, public_port: public, protocol: proto.into() };
        assert_eq!(displayable_ports(&[p("", 80, 0, "tcp"), p("", 81, 0, "tcp"), p("", 53, 0, "udp")]), "53/udp, 80-81/tcp");
        assert_eq!(displayable_ports(&[p("0.0.0.0", 80, 8080, "tcp")]), "0.0.0.0:8080->80/tcp");
        assert_eq!(displayable_ports(&[p("0.0.0.0", 80, 80, "tcp")]), "0.0.0.0:80->80/tcp");
        assert_eq!(displayable_ports(&[]), "");
    }

    #[test]
    fn inspect_starts_with_the_container_json_fields_in_order() {
        let out = render_container_inspect(&[task_container()]);
        assert!(out.starts_with("[\n    {\n        \"Id\": \"3a0d0ab2c13b5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f\",\n        \"Created\": \"2023-11-17T09:11:24Z\",\n        \"Path\": \"/whoami\",\n        \"Args\": [],\n        \"State\": {\n            \"Status\": \"running\",\n            \"Running\": true,\n"), "{out}");
        assert!(out.contains("\"FinishedAt\": \"0001-01-01T00:00:00Z\""));
        assert!(out.contains("        \"Name\": \"/web.2.1vomhe5jo3hqx7k2l0p9r8s6t\",\n"));
    }
}
