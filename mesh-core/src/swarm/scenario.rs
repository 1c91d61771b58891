//! Scenarios: the machines of a lab.
//!
//! A scenario lists Docker nodes and plain Linux hosts on one underlay L2
//! segment, with their addresses and Docker's per-node choices. The built-in
//! `seed` scenario is the two-node swarm of the seed walkthrough; others come
//! from TOML files (keys documented on [`ScenarioFile`] and in
//! `labs/README.md`).

use std::net::Ipv4Addr;

use serde::Deserialize;

use crate::net::Ipv4Cidr;

/// A machine's role in the swarm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Manager,
    Worker,
    /// Docker runs, but the node is not in a swarm yet.
    None,
}

/// A Docker node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeSpec {
    pub name: String,
    pub ip: Ipv4Addr,
    pub role: Role,
    /// The swarm node ID (25 base-36 characters); random when absent.
    pub id: Option<String>,
    pub engine: String,
    pub docker0: Ipv4Cidr,
    /// docker_gwbridge's subnet; the next free local pool when absent.
    pub gwbridge: Option<Ipv4Cidr>,
    /// The daemon's fwmark counter (256 for a fresh daemon).
    pub fwmark_start: u32,
    /// The daemon was restarted with docker_gwbridge in its store, so
    /// docker_gwbridge's rules were programmed before docker0's.
    pub restarted: bool,
    pub curl: String,
    pub user: String,
    pub drain: bool,
}

/// A plain Linux host on the underlay (an outside client).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostSpec {
    pub name: String,
    pub ip: Ipv4Addr,
    pub curl: String,
    pub user: String,
}

/// A whole scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    pub seed: u64,
    pub underlay: Ipv4Cidr,
    pub gateway: Option<Ipv4Addr>,
    pub ingress_subnet: Ipv4Cidr,
    pub ingress_vni: u32,
    /// The ingress network's ID; random when absent.
    pub ingress_id: Option<String>,
    pub data_path_port: u16,
    /// Unix time (seconds) of virtual time zero.
    pub wall_epoch: i64,
    pub nodes: Vec<NodeSpec>,
    pub hosts: Vec<HostSpec>,
}

/// 2023-11-17T09:07:00Z, when the seed's swarm was set up.
pub const SEED_EPOCH: i64 = 1_700_212_020;

impl Scenario {
    /// The seed walkthrough's two nodes.
    pub fn seed() -> Scenario {
        let node = |name: &str, ip: [u8; 4], role, id: &str, gw: &str| NodeSpec {
            name: name.into(),
            ip: Ipv4Addr::from(ip),
            role,
            id: Some(id.into()),
            engine: "24.0.2".into(),
            docker0: cidr("172.17.0.0/16"),
            gwbridge: Some(cidr(gw)),
            fwmark_start: 271,
            restarted: true,
            curl: "7.58.0".into(),
            user: "user".into(),
            drain: false,
        };
        Scenario {
            name: "seed".into(),
            description: "The seed walkthrough: node1 (manager, Leader) and node2 (worker), Docker 24.0.2, swarm initialised".into(),
            seed: 1,
            underlay: cidr("172.19.0.0/16"),
            gateway: None,
            ingress_subnet: cidr("10.0.0.0/24"),
            ingress_vni: 4096,
            ingress_id: Some("m4np8jn3j5xq6k1v0p2z7y9wc".into()),
            data_path_port: 4789,
            wall_epoch: SEED_EPOCH,
            nodes: vec![
                node("node1", [172, 19, 177, 14], Role::Manager, "u36el9nkyamqgihcwj5yk4cwe", "172.18.0.0/16"),
                node("node2", [172, 19, 188, 123], Role::Worker, "0e8q2v9glvt56jbk9mpbkhc9l", "172.20.0.0/16"),
            ],
            hosts: Vec::new(),
        }
    }

    /// One Linux host with nothing but loopback (parity and hand-built labs).
    pub fn bare() -> Scenario {
        Scenario {
            name: "bare".into(),
            description: "One Linux host named `host` with no network configured: build everything by hand".into(),
            seed: 1,
            underlay: cidr("192.168.56.0/24"),
            gateway: None,
            ingress_subnet: cidr("10.0.0.0/24"),
            ingress_vni: 4096,
            ingress_id: None,
            data_path_port: 4789,
            wall_epoch: SEED_EPOCH,
            nodes: Vec::new(),
            hosts: Vec::new(),
        }
    }

    /// A built-in scenario by name.
    pub fn builtin(name: &str) -> Option<Scenario> {
        match name {
            "seed" => Some(Scenario::seed()),
            "bare" => Some(Scenario::bare()),
            "three-nodes" => Scenario::from_toml(THREE_NODES).ok(),
            "lan" => Scenario::from_toml(LAN).ok(),
            _ => None,
        }
    }

    /// Names and descriptions of the built-in scenarios.
    pub fn builtins() -> Vec<(&'static str, String)> {
        ["seed", "three-nodes", "lan", "bare"].iter().filter_map(|n| Scenario::builtin(n).map(|s| (*n, s.description))).collect()
    }

    /// Parse a scenario file.
    pub fn from_toml(text: &str) -> Result<Scenario, String> {
        let f: ScenarioFile = toml::from_str(text).map_err(|e| format!("scenario: {}", e.message()))?;
        f.into_scenario()
    }
}

fn cidr(s: &str) -> Ipv4Cidr {
    match s.parse() {
        Ok(c) => c,
        Err(()) => Ipv4Cidr::new(Ipv4Addr::UNSPECIFIED, 0),
    }
}

const THREE_NODES: &str = r#"
name = "three-nodes"
description = "A manager and two workers on 192.168.56.0/24, plus an outside client"
[underlay]
subnet = "192.168.56.0/24"
[[node]]
name = "manager1"
ip = "192.168.56.11"
role = "manager"
[[node]]
name = "worker1"
ip = "192.168.56.12"
role = "worker"
[[node]]
name = "worker2"
ip = "192.168.56.13"
role = "worker"
[[host]]
name = "client"
ip = "192.168.56.100"
"#;

const LAN: &str = r#"
name = "lan"
description = "Two Docker hosts not yet in a swarm (role none) and a client: practise swarm init and join"
[underlay]
subnet = "192.168.56.0/24"
[[node]]
name = "manager1"
ip = "192.168.56.11"
role = "none"
[[node]]
name = "worker1"
ip = "192.168.56.12"
role = "none"
[[host]]
name = "client"
ip = "192.168.56.100"
"#;

/// The TOML form of a scenario.
///
/// ```toml
/// name = "my-lab"                # optional
/// description = "…"              # optional
/// seed = 7                       # optional RNG seed (default 1)
/// start = "2024-05-01T10:00:00Z" # optional wall-clock time of the start
/// [underlay]
/// subnet = "192.168.56.0/24"
/// gateway = "192.168.56.1"       # optional default route of every machine
/// [swarm]                        # optional
/// ingress_subnet = "10.0.0.0/24"
/// ingress_vni = 4096
/// data_path_port = 4789
/// [[node]]                       # a Linux host running dockerd
/// name = "manager1"
/// ip = "192.168.56.11"
/// role = "manager"               # manager | worker | none
/// id = "…"                       # optional swarm node ID (25 base-36 chars)
/// availability = "active"        # active | drain
/// docker0 = "172.17.0.0/16"      # optional
/// gwbridge = "172.18.0.0/16"     # optional
/// fwmark_start = 256             # optional
/// engine = "24.0.2"              # optional
/// curl = "7.88.1"                # optional: the curl version installed
/// user = "user"                  # optional login user (root for a root shell)
/// [[host]]                       # a plain Linux host (an outside client)
/// name = "client"
/// ip = "192.168.56.100"
/// ```
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    name: Option<String>,
    description: Option<String>,
    seed: Option<u64>,
    start: Option<String>,
    underlay: UnderlayFile,
    swarm: Option<SwarmFile>,
    #[serde(default)]
    node: Vec<NodeFile>,
    #[serde(default)]
    host: Vec<HostFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UnderlayFile {
    subnet: String,
    gateway: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SwarmFile {
    ingress_subnet: Option<String>,
    ingress_vni: Option<u32>,
    data_path_port: Option<u16>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NodeFile {
    name: String,
    ip: String,
    role: Option<Role>,
    id: Option<String>,
    availability: Option<String>,
    docker0: Option<String>,
    gwbridge: Option<String>,
    fwmark_start: Option<u32>,
    engine: Option<String>,
    curl: Option<String>,
    user: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HostFile {
    name: String,
    ip: String,
    curl: Option<String>,
    user: Option<String>,
}

fn parse_cidr(s: &str, what: &str) -> Result<Ipv4Cidr, String> {
    s.parse::<Ipv4Cidr>().map_err(|()| format!("scenario: {what}: invalid CIDR `{s}`"))
}

fn parse_ip(s: &str, what: &str) -> Result<Ipv4Addr, String> {
    s.parse::<Ipv4Addr>().map_err(|_| format!("scenario: {what}: invalid IPv4 address `{s}`"))
}

/// Parse `YYYY-MM-DDTHH:MM:SSZ` into Unix seconds.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    let s = s.strip_suffix('Z')?;
    let (date, time) = s.split_once('T')?;
    let d: Vec<i64> = date.split('-').map(|x| x.parse().ok()).collect::<Option<_>>()?;
    let t: Vec<i64> = time.split(':').map(|x| x.parse().ok()).collect::<Option<_>>()?;
    if d.len() != 3 || t.len() != 3 {
        return None;
    }
    Some(days_from_civil(d[0], d[1], d[2]) * 86400 + t[0] * 3600 + t[1] * 60 + t[2])
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

impl ScenarioFile {
    fn into_scenario(self) -> Result<Scenario, String> {
        let underlay = parse_cidr(&self.underlay.subnet, "underlay.subnet")?;
        let gateway = self.underlay.gateway.as_deref().map(|g| parse_ip(g, "underlay.gateway")).transpose()?;
        let sw = self.swarm.unwrap_or(SwarmFile { ingress_subnet: None, ingress_vni: None, data_path_port: None });
        let mut names = std::collections::BTreeSet::new();
        let mut ips = std::collections::BTreeSet::new();
        let mut nodes = Vec::new();
        for n in self.node {
            let ip = parse_ip(&n.ip, &format!("node {}: ip", n.name))?;
            check_machine(&n.name, ip, &underlay, &mut names, &mut ips)?;
            if let Some(id) = &n.id {
                if id.len() != 25 || !id.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_lowercase()) {
                    return Err(format!("scenario: node {}: id must be 25 lower-case base-36 characters", n.name));
                }
            }
            let drain = match n.availability.as_deref() {
                None | Some("active") => false,
                Some("drain") => true,
                Some(o) => return Err(format!("scenario: node {}: availability must be active or drain, not `{o}`", n.name)),
            };
            nodes.push(NodeSpec {
                name: n.name.clone(),
                ip,
                role: n.role.unwrap_or(Role::Worker),
                id: n.id,
                engine: n.engine.unwrap_or_else(|| "24.0.2".into()),
                docker0: n.docker0.as_deref().map(|c| parse_cidr(c, "docker0")).transpose()?.unwrap_or_else(|| cidr("172.17.0.0/16")),
                gwbridge: n.gwbridge.as_deref().map(|c| parse_cidr(c, "gwbridge")).transpose()?,
                fwmark_start: n.fwmark_start.unwrap_or(256),
                restarted: false,
                curl: n.curl.unwrap_or_else(|| "7.88.1".into()),
                user: n.user.unwrap_or_else(|| "user".into()),
                drain,
            });
        }
        let mut hosts = Vec::new();
        for h in self.host {
            let ip = parse_ip(&h.ip, &format!("host {}: ip", h.name))?;
            check_machine(&h.name, ip, &underlay, &mut names, &mut ips)?;
            hosts.push(HostSpec { name: h.name, ip, curl: h.curl.unwrap_or_else(|| "7.88.1".into()), user: h.user.unwrap_or_else(|| "user".into()) });
        }
        if nodes.is_empty() && hosts.is_empty() {
            return Err("scenario: at least one [[node]] or [[host]] is needed".into());
        }
        let managers = nodes.iter().filter(|n| n.role == Role::Manager).count();
        let workers = nodes.iter().filter(|n| n.role == Role::Worker).count();
        if managers == 0 && workers > 0 {
            return Err("scenario: a worker needs a manager to join: give one node role = \"manager\"".into());
        }
        let wall_epoch = match self.start {
            Some(s) => parse_rfc3339(&s).ok_or_else(|| format!("scenario: start: expected YYYY-MM-DDTHH:MM:SSZ, got `{s}`"))?,
            None => SEED_EPOCH,
        };
        Ok(Scenario {
            name: self.name.unwrap_or_else(|| "custom".into()),
            description: self.description.unwrap_or_default(),
            seed: self.seed.unwrap_or(1),
            underlay,
            gateway,
            ingress_subnet: sw.ingress_subnet.as_deref().map(|c| parse_cidr(c, "swarm.ingress_subnet")).transpose()?.unwrap_or_else(|| cidr("10.0.0.0/24")),
            ingress_vni: sw.ingress_vni.unwrap_or(4096),
            ingress_id: None,
            data_path_port: sw.data_path_port.unwrap_or(4789),
            wall_epoch,
            nodes,
            hosts,
        })
    }
}

fn check_machine(
    name: &str,
    ip: Ipv4Addr,
    underlay: &Ipv4Cidr,
    names: &mut std::collections::BTreeSet<String>,
    ips: &mut std::collections::BTreeSet<Ipv4Addr>,
) -> Result<(), String> {
    if name.is_empty() || name.len() > 63 || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err(format!("scenario: `{name}` is not a valid host name"));
    }
    if !names.insert(name.to_string()) {
        return Err(format!("scenario: two machines are named `{name}`"));
    }
    if !underlay.contains(ip) || ip == underlay.network().addr || ip == underlay.broadcast() {
        return Err(format!("scenario: {name}: {ip} is not a host address of the underlay {underlay}"));
    }
    if !ips.insert(ip) {
        return Err(format!("scenario: {name}: {ip} is used twice"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_parse() {
        for (n, _) in Scenario::builtins() {
            assert!(Scenario::builtin(n).is_some(), "{n}");
        }
        assert_eq!(Scenario::builtin("three-nodes").unwrap().nodes.len(), 3);
    }

    #[test]
    fn bad_files_say_why() {
        let e = Scenario::from_toml("[underlay]\nsubnet = \"10.0.0.0/24\"\n[[node]]\nname = \"a\"\nip = \"10.0.1.1\"\nrole = \"manager\"\n").unwrap_err();
        assert_eq!(e, "scenario: a: 10.0.1.1 is not a host address of the underlay 10.0.0.0/24");
        assert!(Scenario::from_toml("[underlay]\nsubnet = \"10.0.0.0/24\"\nfoo = 1\n").unwrap_err().contains("unknown field"));
        let e = Scenario::from_toml("[underlay]\nsubnet = \"10.0.0.0/24\"\n[[node]]\nname = \"w\"\nip = \"10.0.0.2\"\nrole = \"worker\"\n").unwrap_err();
        assert!(e.contains("needs a manager"));
    }

    #[test]
    fn rfc3339() {
        assert_eq!(parse_rfc3339("2023-11-17T09:07:00Z"), Some(SEED_EPOCH));
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
    }
}
