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
//! `docker inspect` prints a subset of `types.ContainerJSON`, in its field
//! order: `Id, Created, Path, Args, State{Status, Running, Paused,
//! Restarting, OOMKilled, Dead, Pid, ExitCode, Error, StartedAt,
//! FinishedAt}, Image, ResolvConfPath, HostnamePath, HostsPath, LogPath,
//! Name, RestartCount, Driver, Platform, MountLabel, ProcessLabel,
//! AppArmorProfile, ExecIDs, Mounts, Config{Hostname, Domainname, User,
//! ExposedPorts, Env, Cmd, Image, Labels}, NetworkSettings{Bridge,
//! SandboxID, SandboxKey, Networks{…: IPAMConfig, Links, Aliases,
//! NetworkID, EndpointID, Gateway, IPAddress, IPPrefixLen, IPv6Gateway,
//! GlobalIPv6Address, GlobalIPv6PrefixLen, MacAddress, DriverOpts}}`.
//! Left out: `HostConfig`, `GraphDriver`, the rest of `Config`
//! (`AttachStdin` …, `Entrypoint`, `OnBuild`, `StopSignal`) and of
//! `NetworkSettings` (ports, the deprecated top-level endpoint fields).

use std::collections::BTreeMap;

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
    /// `Path` and `Args` (the `COMMAND` is them joined by spaces).
    pub path: String,
    pub args: Vec<String>,
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
    ports.sort_by(|a, b| {
        a.private_port
            .cmp(&b.private_port)
            .then(a.ip.cmp(&b.ip))
            .then(a.public_port.cmp(&b.public_port))
            .then(a.protocol.cmp(&b.protocol))
    });
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
                let host = if p.ip.contains(':') {
                    format!("[{}]", p.ip)
                } else {
                    p.ip.clone()
                };
                host_mappings.push(format!(
                    "{host}:{}->{}/{}",
                    p.public_port, p.private_port, p.protocol
                ));
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
        std::iter::once(self.path.as_str())
            .chain(self.args.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" ")
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
        shown
            .split_once('@')
            .map_or(shown.clone(), |(name, _)| name.to_string())
    }

    /// The part of `types.ContainerJSON` mesh models, in field order.
    pub fn to_json(&self) -> Json {
        let time =
            |t: Option<i64>| Json::str(t.map_or("0001-01-01T00:00:00Z".to_string(), rfc3339_nano));
        let running = self.state == "running";
        let state = Json::object([
            ("Status", Json::str(&self.state)),
            ("Running", Json::Bool(running)),
            ("Paused", Json::Bool(self.state == "paused")),
            ("Restarting", Json::Bool(self.state == "restarting")),
            ("OOMKilled", Json::Bool(false)),
            ("Dead", Json::Bool(self.state == "dead")),
            ("Pid", Json::num(self.pid)),
            ("ExitCode", Json::num(self.exit_code)),
            ("Error", Json::str("")),
            ("StartedAt", time(self.started_at)),
            ("FinishedAt", time(self.finished_at)),
        ]);
        let dir = format!("/var/lib/docker/containers/{}", self.id);
        let config = Json::object([
            ("Hostname", Json::str(&self.hostname)),
            ("Domainname", Json::str("")),
            ("User", Json::str("")),
            (
                "ExposedPorts",
                if self.exposed_ports.is_empty() {
                    Json::Null
                } else {
                    Json::sorted_object(
                        self.exposed_ports
                            .iter()
                            .map(|p| (p.clone(), Json::object(Vec::<(String, Json)>::new()))),
                    )
                },
            ),
            ("Env", Json::Array(self.env.iter().map(Json::str).collect())),
            (
                "Cmd",
                Json::Array(self.args.iter().map(Json::str).collect()),
            ),
            ("Image", Json::str(&self.image)),
            (
                "Labels",
                Json::sorted_object(self.labels.iter().map(|(k, v)| (k.clone(), Json::str(v)))),
            ),
        ]);
        let networks = Json::sorted_object(self.networks.iter().map(|(name, e)| {
            let ipam = if e.ipam_ipv4.is_empty() {
                Json::Null
            } else {
                Json::object([("IPv4Address", Json::str(&e.ipam_ipv4))])
            };
            (
                name.clone(),
                Json::object([
                    ("IPAMConfig", ipam),
                    ("Links", Json::Null),
                    (
                        "Aliases",
                        if e.aliases.is_empty() {
                            Json::Null
                        } else {
                            Json::Array(e.aliases.iter().map(Json::str).collect())
                        },
                    ),
                    ("NetworkID", Json::str(&e.network_id)),
                    ("EndpointID", Json::str(&e.endpoint_id)),
                    ("Gateway", Json::str(&e.gateway)),
                    ("IPAddress", Json::str(&e.ip_address)),
                    ("IPPrefixLen", Json::num(e.ip_prefix_len)),
                    ("IPv6Gateway", Json::str("")),
                    ("GlobalIPv6Address", Json::str("")),
                    ("GlobalIPv6PrefixLen", Json::num(0)),
                    ("MacAddress", Json::str(&e.mac_address)),
                    ("DriverOpts", Json::Null),
                ]),
            )
        }));
        Json::object([
            ("Id", Json::str(&self.id)),
            ("Created", Json::str(rfc3339_nano(self.created))),
            ("Path", Json::str(&self.path)),
            (
                "Args",
                Json::Array(self.args.iter().map(Json::str).collect()),
            ),
            ("State", state),
            ("Image", Json::str(&self.image_id)),
            ("ResolvConfPath", Json::str(format!("{dir}/resolv.conf"))),
            ("HostnamePath", Json::str(format!("{dir}/hostname"))),
            ("HostsPath", Json::str(format!("{dir}/hosts"))),
            ("LogPath", Json::str(format!("{dir}/{}-json.log", self.id))),
            ("Name", Json::str(format!("/{}", self.name))),
            ("RestartCount", Json::num(0)),
            ("Driver", Json::str("overlay2")),
            ("Platform", Json::str("linux")),
            ("MountLabel", Json::str("")),
            ("ProcessLabel", Json::str("")),
            ("AppArmorProfile", Json::str("docker-default")),
            ("ExecIDs", Json::Null),
            ("Mounts", Json::Array(vec![])),
            ("Config", config),
            (
                "NetworkSettings",
                Json::object([
                    ("Bridge", Json::str("")),
                    ("SandboxID", Json::str(&self.sandbox_id)),
                    ("SandboxKey", Json::str(&self.sandbox_key)),
                    ("Networks", networks),
                ]),
            ),
        ])
    }
}

/// `docker ps` (and `-q`, `--no-trunc`); `now` is the virtual wall clock.
pub fn render_ps(containers: &[ContainerView], quiet: bool, no_trunc: bool, now: i64) -> String {
    let id = |c: &ContainerView| {
        if no_trunc {
            c.id.clone()
        } else {
            truncate_id(&c.id)
        }
    };
    if quiet {
        return containers.iter().map(|c| format!("{}\n", id(c))).collect();
    }
    let mut rows = vec![
        [
            "CONTAINER ID",
            "IMAGE",
            "COMMAND",
            "CREATED",
            "STATUS",
            "PORTS",
            "NAMES",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for c in containers {
        let command = if no_trunc {
            c.command()
        } else {
            ellipsis(&c.command(), 20)
        };
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
    inspect_output(
        containers.iter().map(ContainerView::to_json).collect(),
        HtmlEscape::Off,
    )
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
        let p = |ip: &str, private: u16, public: u16, proto: &str| PortView {
            ip: ip.into(),
            private_port: private,
            public_port: public,
            protocol: proto.into(),
        };
        assert_eq!(
            displayable_ports(&[
                p("", 80, 0, "tcp"),
                p("", 81, 0, "tcp"),
                p("", 53, 0, "udp")
            ]),
            "53/udp, 80-81/tcp"
        );
        assert_eq!(
            displayable_ports(&[p("0.0.0.0", 80, 8080, "tcp")]),
            "0.0.0.0:8080->80/tcp"
        );
        assert_eq!(
            displayable_ports(&[p("0.0.0.0", 80, 80, "tcp")]),
            "0.0.0.0:80->80/tcp"
        );
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
