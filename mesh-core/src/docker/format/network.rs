//! `docker network ls`, `docker network inspect [-v]`, `docker network
//! create`.
//!
//! `network ls`: sorted by name (natural order), `NETWORK ID` cut to 12
//! unless `--no-trunc`, columns NAME, DRIVER, SCOPE.
//!
//! `network inspect`: the daemon's `types.NetworkResource` JSON (encoded
//! without HTML escaping, so `<nil>` stays literal) re-indented by the CLI,
//! in the struct's field order: `Name, Id, Created, Scope, Driver,
//! EnableIPv6, IPAM{Driver, Options, Config[{Subnet, IPRange, Gateway,
//! AuxiliaryAddresses}]}, Internal, Attachable, Ingress, ConfigFrom{Network},
//! ConfigOnly, Containers, Options, Labels, Peers, Services` — `Peers` and
//! `Services` omitted when empty, `Services` present with `-v` on swarm
//! networks. Maps (`Containers`, `Options`, `Labels`, `Services`, a task's
//! `Info`) are printed with sorted keys, as Go marshals maps.

use std::collections::BTreeMap;

use crate::docker::goval::{Field, Method, Struct, Value, go_time_string};
use crate::docker::json::{HtmlEscape, Json, inspect_output};
use crate::docker::tabwriter::docker_table;
use crate::docker::text::{natural_cmp, rfc3339_nano, truncate_id};

/// `types.NetworkResource`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NetworkView {
    pub name: String,
    /// `Id`: 64 hex characters for local networks, 25 base-36 for swarm ones.
    pub id: String,
    /// `Created` (Unix ns).
    pub created: i64,
    /// `local` or `swarm`.
    pub scope: String,
    pub driver: String,
    pub enable_ipv6: bool,
    /// `IPAM.Driver`, `IPAM.Options` (`None` prints `null`), `IPAM.Config`.
    pub ipam_driver: String,
    pub ipam_options: Option<BTreeMap<String, String>>,
    pub ipam_config: Vec<IpamConfigView>,
    pub internal: bool,
    pub attachable: bool,
    pub ingress: bool,
    /// `ConfigFrom.Network`.
    pub config_from: String,
    pub config_only: bool,
    /// `Containers`, keyed by container (sandbox) ID: only endpoints on
    /// this node.
    pub containers: BTreeMap<String, EndpointView>,
    pub options: BTreeMap<String, String>,
    pub labels: BTreeMap<String, String>,
    /// `Peers`: the NetworkDB peers of a swarm network (node name, IP).
    pub peers: Vec<PeerView>,
    /// `Services` (only with `--verbose`).
    pub services: BTreeMap<String, ServiceInfoView>,
}

/// `network.IPAMConfig`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IpamConfigView {
    pub subnet: String,
    pub ip_range: String,
    pub gateway: String,
    pub aux_addresses: BTreeMap<String, String>,
}

/// `types.EndpointResource`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EndpointView {
    pub name: String,
    pub endpoint_id: String,
    pub mac_address: String,
    /// CIDR, e.g. `172.18.0.2/16`.
    pub ipv4_address: String,
    pub ipv6_address: String,
}

/// `network.PeerInfo`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PeerView {
    pub name: String,
    pub ip: String,
}

/// `network.ServiceInfo` (`network inspect -v`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServiceInfoView {
    /// `VIP`: `10.0.0.5`, or `<nil>` for load-balancer endpoints.
    pub vip: String,
    /// `Ports`: `Target: 80, Publish: 8080`.
    pub ports: Vec<String>,
    /// `LocalLBIndex`: the fwmark of the service on this node.
    pub local_lb_index: u64,
    pub tasks: Vec<ServiceTaskView>,
}

/// `network.Task`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServiceTaskView {
    pub name: String,
    pub endpoint_id: String,
    pub endpoint_ip: String,
    /// `Info`, e.g. `{"Host IP": "192.168.56.12"}`.
    pub info: BTreeMap<String, String>,
}

fn string_map(map: &BTreeMap<String, String>) -> Json {
    Json::sorted_object(map.iter().map(|(k, v)| (k.clone(), Json::str(v))))
}

impl NetworkView {
    /// The JSON the daemon returns, in field order (`verbose`: include
    /// `Services`).
    pub fn to_json(&self, verbose: bool) -> Json {
        let configs = self
            .ipam_config
            .iter()
            .map(|c| {
                let mut m = Vec::new();
                for (key, value) in [("Subnet", &c.subnet), ("IPRange", &c.ip_range), ("Gateway", &c.gateway)] {
                    if !value.is_empty() {
                        m.push((key, Json::str(value)));
                    }
                }
                if !c.aux_addresses.is_empty() {
                    m.push(("AuxiliaryAddresses", string_map(&c.aux_addresses)));
                }
                Json::object(m)
            })
            .collect();
        let containers = Json::sorted_object(self.containers.iter().map(|(key, e)| {
            (
                key.clone(),
                Json::object([
                    ("Name", Json::str(&e.name)),
                    ("EndpointID", Json::str(&e.endpoint_id)),
                    ("MacAddress", Json::str(&e.mac_address)),
                    ("IPv4Address", Json::str(&e.ipv4_address)),
                    ("IPv6Address", Json::str(&e.ipv6_address)),
                ]),
            )
        }));
        let mut m = vec![
            ("Name", Json::str(&self.name)),
            ("Id", Json::str(&self.id)),
            ("Created", Json::str(rfc3339_nano(self.created))),
            ("Scope", Json::str(&self.scope)),
            ("Driver", Json::str(&self.driver)),
            ("EnableIPv6", Json::Bool(self.enable_ipv6)),
            (
                "IPAM",
                Json::object([
                    ("Driver", Json::str(&self.ipam_driver)),
                    ("Options", Json::string_map(self.ipam_options.as_ref())),
                    ("Config", Json::Array(configs)),
                ]),
            ),
            ("Internal", Json::Bool(self.internal)),
            ("Attachable", Json::Bool(self.attachable)),
            ("Ingress", Json::Bool(self.ingress)),
            ("ConfigFrom", Json::object([("Network", Json::str(&self.config_from))])),
            ("ConfigOnly", Json::Bool(self.config_only)),
            ("Containers", containers),
            ("Options", string_map(&self.options)),
            ("Labels", string_map(&self.labels)),
        ];
        if !self.peers.is_empty() {
            m.push(("Peers", Json::Array(self.peers.iter().map(|p| Json::object([("Name", Json::str(&p.name)), ("IP", Json::str(&p.ip))])).collect())));
        }
        if verbose && !self.services.is_empty() {
            m.push((
                "Services",
                Json::sorted_object(self.services.iter().map(|(name, s)| {
                    let tasks = s
                        .tasks
                        .iter()
                        .map(|t| {
                            Json::object([
                                ("Name", Json::str(&t.name)),
                                ("EndpointID", Json::str(&t.endpoint_id)),
                                ("EndpointIP", Json::str(&t.endpoint_ip)),
                                ("Info", string_map(&t.info)),
                            ])
                        })
                        .collect();
                    (
                        name.clone(),
                        Json::object([
                            ("VIP", Json::str(&s.vip)),
                            ("Ports", Json::Array(s.ports.iter().map(Json::str).collect())),
                            ("LocalLBIndex", Json::num(s.local_lb_index)),
                            ("Tasks", Json::Array(tasks)),
                        ]),
                    )
                })),
            ));
        }
        Json::object(m)
    }
}

impl NetworkView {
    /// `types.NetworkResource` as a Go value (`network inspect --format`).
    pub fn to_value(&self, verbose: bool) -> Value {
        let s = |t: &str, f: Vec<Field>| Value::structure(t, f);
        let configs = self
            .ipam_config
            .iter()
            .map(|c| {
                s(
                    "network.IPAMConfig",
                    vec![
                        Field::new("Subnet", Value::str(&c.subnet)).omitempty(),
                        Field::new("IPRange", Value::str(&c.ip_range)).omitempty(),
                        Field::new("Gateway", Value::str(&c.gateway)).omitempty(),
                        Field::renamed("AuxAddress", "AuxiliaryAddresses", Value::string_map((!c.aux_addresses.is_empty()).then_some(&c.aux_addresses)))
                            .omitempty(),
                    ],
                )
            })
            .collect();
        let containers = self
            .containers
            .iter()
            .map(|(k, e)| {
                (
                    k.clone(),
                    s(
                        "types.EndpointResource",
                        vec![
                            Field::new("Name", Value::str(&e.name)),
                            Field::new("EndpointID", Value::str(&e.endpoint_id)),
                            Field::new("MacAddress", Value::str(&e.mac_address)),
                            Field::new("IPv4Address", Value::str(&e.ipv4_address)),
                            Field::new("IPv6Address", Value::str(&e.ipv6_address)),
                        ],
                    ),
                )
            })
            .collect();
        let peers = if self.peers.is_empty() {
            Value::List(None)
        } else {
            Value::List(Some(
                self.peers.iter().map(|p| s("network.PeerInfo", vec![Field::new("Name", Value::str(&p.name)), Field::new("IP", Value::str(&p.ip))])).collect(),
            ))
        };
        let services = if !verbose || self.services.is_empty() {
            Value::Map(None)
        } else {
            Value::Map(Some(
                self.services
                    .iter()
                    .map(|(name, si)| {
                        let tasks = si
                            .tasks
                            .iter()
                            .map(|t| {
                                s(
                                    "network.Task",
                                    vec![
                                        Field::new("Name", Value::str(&t.name)),
                                        Field::new("EndpointID", Value::str(&t.endpoint_id)),
                                        Field::new("EndpointIP", Value::str(&t.endpoint_ip)),
                                        Field::new("Info", Value::string_map(Some(&t.info))),
                                    ],
                                )
                            })
                            .collect();
                        (
                            name.clone(),
                            s(
                                "network.ServiceInfo",
                                vec![
                                    Field::new("VIP", Value::str(&si.vip)),
                                    Field::new("Ports", Value::strings(&si.ports, false)),
                                    Field::new("LocalLBIndex", Value::Int(si.local_lb_index as i64)),
                                    Field::new("Tasks", Value::List(Some(tasks))),
                                ],
                            ),
                        )
                    })
                    .collect(),
            ))
        };
        s(
            "types.NetworkResource",
            vec![
                Field::new("Name", Value::str(&self.name)),
                Field::renamed("ID", "Id", Value::str(&self.id)),
                Field::new("Created", Value::Time(self.created)),
                Field::new("Scope", Value::str(&self.scope)),
                Field::new("Driver", Value::str(&self.driver)),
                Field::new("EnableIPv6", Value::Bool(self.enable_ipv6)),
                Field::new(
                    "IPAM",
                    s(
                        "network.IPAM",
                        vec![
                            Field::new("Driver", Value::str(&self.ipam_driver)),
                            Field::new("Options", Value::string_map(self.ipam_options.as_ref())),
                            Field::new("Config", Value::List(Some(configs))),
                        ],
                    ),
                ),
                Field::new("Internal", Value::Bool(self.internal)),
                Field::new("Attachable", Value::Bool(self.attachable)),
                Field::new("Ingress", Value::Bool(self.ingress)),
                Field::new("ConfigFrom", s("network.ConfigReference", vec![Field::new("Network", Value::str(&self.config_from))])),
                Field::new("ConfigOnly", Value::Bool(self.config_only)),
                Field::new("Containers", Value::Map(Some(containers))),
                Field::new("Options", Value::string_map(Some(&self.options))),
                Field::new("Labels", Value::string_map(Some(&self.labels))),
                Field::new("Peers", peers).omitempty(),
                Field::new("Services", services).omitempty(),
            ],
        )
    }

    /// The row `network ls --format` sees (docker/cli `networkContext`).
    pub fn context(&self, trunc: bool) -> Value {
        let labels: Vec<String> = self.labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
        Value::Struct(Struct {
            type_name: "*network.networkContext".into(),
            context: true,
            fields: vec![
                Field::new("ID", Value::str(if trunc { truncate_id(&self.id) } else { self.id.clone() })),
                Field::new("Name", Value::str(&self.name)),
                Field::new("Driver", Value::str(&self.driver)),
                Field::new("Scope", Value::str(&self.scope)),
                Field::new("IPv6", Value::str(self.enable_ipv6.to_string())),
                Field::new("Internal", Value::str(self.internal.to_string())),
                Field::new("Labels", Value::str(labels.join(","))),
                Field::new("Label", Value::Method(Method::Label(self.labels.clone()))),
                Field::new("CreatedAt", Value::str(go_time_string(self.created))),
            ],
        })
    }
}

/// `network ls --format` column titles.
pub const NETWORK_HEADER: [(&str, &str); 8] = [
    ("ID", "NETWORK ID"),
    ("Name", "NAME"),
    ("Driver", "DRIVER"),
    ("Scope", "SCOPE"),
    ("IPv6", "IPV6"),
    ("Internal", "INTERNAL"),
    ("Labels", "LABELS"),
    ("CreatedAt", "CREATED AT"),
];

/// Networks sorted as `network ls` lists them.
pub fn sorted_networks(networks: &[NetworkView]) -> Vec<&NetworkView> {
    let mut networks: Vec<&NetworkView> = networks.iter().collect();
    networks.sort_by(|a, b| natural_cmp(&a.name, &b.name));
    networks
}

/// `docker network inspect [-v] NETWORK…`.
pub fn render_network_inspect(networks: &[NetworkView], verbose: bool) -> String {
    inspect_output(networks.iter().map(|n| n.to_json(verbose)).collect(), HtmlEscape::Off)
}

/// `docker network ls` (and `-q`, `--no-trunc`).
pub fn render_network_ls(networks: &[NetworkView], quiet: bool, no_trunc: bool) -> String {
    let mut networks: Vec<&NetworkView> = networks.iter().collect();
    networks.sort_by(|a, b| natural_cmp(&a.name, &b.name));
    let id = |n: &NetworkView| {
        if no_trunc { n.id.clone() } else { truncate_id(&n.id) }
    };
    if quiet {
        return networks.iter().map(|n| format!("{}\n", id(n))).collect();
    }
    let mut rows = vec![["NETWORK ID", "NAME", "DRIVER", "SCOPE"].map(String::from).to_vec()];
    for n in networks {
        rows.push(vec![id(n), n.name.clone(), n.driver.clone(), n.scope.clone()]);
    }
    docker_table(&rows)
}

/// `docker network create`: the new network's ID.
pub fn render_network_create(id: &str) -> String {
    format!("{id}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gwbridge() -> NetworkView {
        let endpoint = |name: &str, id: &str, mac: &str, ip: &str| EndpointView {
            name: name.into(),
            endpoint_id: id.into(),
            mac_address: mac.into(),
            ipv4_address: ip.into(),
            ipv6_address: String::new(),
        };
        NetworkView {
            name: "docker_gwbridge".into(),
            id: "06c86fd2ac810906cc53669d4a1f01c0036fb3b7a35863f23a898a7a7faa5dfd".into(),
            created: 1_700_212_020_959_710_462,
            scope: "local".into(),
            driver: "bridge".into(),
            ipam_driver: "default".into(),
            ipam_config: vec![IpamConfigView { subnet: "172.18.0.0/16".into(), gateway: "172.18.0.1".into(), ..IpamConfigView::default() }],
            containers: BTreeMap::from([
                (
                    "ingress-sbox".into(),
                    endpoint("gateway_ingress-sbox", "5011de467d80ba0f1bc9b97b6625f2dc6104cc4913495fe84af9e27661df0730", "02:42:ac:12:00:02", "172.18.0.2/16"),
                ),
                (
                    "1356383a5cdcd023acb9fc5090d983be4717161ef6e8416b38070f84e2d38b72".into(),
                    endpoint("gateway_7e04894d7701", "9cda42b1d59f9643905169f92fd2d24c62c8d451096c4c002c8c5c0733d3c50e", "02:42:ac:12:00:03", "172.18.0.3/16"),
                ),
            ]),
            options: BTreeMap::from([
                ("com.docker.network.bridge.name".into(), "docker_gwbridge".into()),
                ("com.docker.network.bridge.enable_icc".into(), "false".into()),
                ("com.docker.network.bridge.enable_ip_masquerade".into(), "true".into()),
            ]),
            ..NetworkView::default()
        }
    }

    /// The seed's `docker network inspect docker_gwbridge`, with the real
    /// CLI's indentation.
    #[test]
    fn network_inspect_of_the_seed() {
        let want = r#"[
    {
        "Name": "docker_gwbridge",
        "Id": "06c86fd2ac810906cc53669d4a1f01c0036fb3b7a35863f23a898a7a7faa5dfd",
        "Created": "2023-11-17T09:07:00.959710462Z",
        "Scope": "local",
        "Driver": "bridge",
        "EnableIPv6": false,
        "IPAM": {
            "Driver": "default",
            "Options": null,
            "Config": [
                {
                    "Subnet": "172.18.0.0/16",
                    "Gateway": "172.18.0.1"
                }
            ]
        },
        "Internal": false,
        "Attachable": false,
        "Ingress": false,
        "ConfigFrom": {
            "Network": ""
        },
        "ConfigOnly": false,
        "Containers": {
            "1356383a5cdcd023acb9fc5090d983be4717161ef6e8416b38070f84e2d38b72": {
                "Name": "gateway_7e04894d7701",
                "EndpointID": "9cda42b1d59f9643905169f92fd2d24c62c8d451096c4c002c8c5c0733d3c50e",
                "MacAddress": "02:42:ac:12:00:03",
                "IPv4Address": "172.18.0.3/16",
                "IPv6Address": ""
            },
            "ingress-sbox": {
                "Name": "gateway_ingress-sbox",
                "EndpointID": "5011de467d80ba0f1bc9b97b6625f2dc6104cc4913495fe84af9e27661df0730",
                "MacAddress": "02:42:ac:12:00:02",
                "IPv4Address": "172.18.0.2/16",
                "IPv6Address": ""
            }
        },
        "Options": {
            "com.docker.network.bridge.enable_icc": "false",
            "com.docker.network.bridge.enable_ip_masquerade": "true",
            "com.docker.network.bridge.name": "docker_gwbridge"
        },
        "Labels": {}
    }
]
"#;
        assert_eq!(render_network_inspect(&[gwbridge()], false), want);
    }

    #[test]
    fn verbose_inspect_adds_peers_and_services() {
        let mut ingress = NetworkView {
            name: "ingress".into(),
            id: "m4np8jn3j5xq6k1v0p2z7y9wc".into(),
            scope: "swarm".into(),
            driver: "overlay".into(),
            ingress: true,
            ..NetworkView::default()
        };
        ingress.peers = vec![PeerView { name: "4f3c1b2a9d8e".into(), ip: "192.168.56.11".into() }];
        ingress.services.insert(
            "web".into(),
            ServiceInfoView {
                vip: "10.0.0.5".into(),
                ports: vec!["Target: 80, Publish: 8080".into()],
                local_lb_index: 271,
                tasks: vec![ServiceTaskView {
                    name: "web.1.q9s4ggh2oaq2".into(),
                    endpoint_id: "e1".into(),
                    endpoint_ip: "10.0.0.6".into(),
                    info: BTreeMap::from([("Host IP".into(), "192.168.56.12".into())]),
                }],
            },
        );
        ingress.services.insert("".into(), ServiceInfoView { vip: "<nil>".into(), ..ServiceInfoView::default() });
        let plain = render_network_inspect(std::slice::from_ref(&ingress), false);
        assert!(plain.contains("        \"Peers\": [\n            {\n                \"Name\": \"4f3c1b2a9d8e\",\n                \"IP\": \"192.168.56.11\"\n            }\n        ]\n    }\n]\n"));
        assert!(!plain.contains("Services"));
        let verbose = render_network_inspect(&[ingress], true);
        assert!(verbose.contains("        \"Services\": {\n            \"\": {\n                \"VIP\": \"<nil>\",\n                \"Ports\": [],\n                \"LocalLBIndex\": 0,\n                \"Tasks\": []\n            },\n            \"web\": {\n                \"VIP\": \"10.0.0.5\",\n                \"Ports\": [\n                    \"Target: 80, Publish: 8080\"\n                ],\n                \"LocalLBIndex\": 271,\n                \"Tasks\": [\n                    {\n                        \"Name\": \"web.1.q9s4ggh2oaq2\",\n                        \"EndpointID\": \"e1\",\n                        \"EndpointIP\": \"10.0.0.6\",\n                        \"Info\": {\n                            \"Host IP\": \"192.168.56.12\"\n                        }\n                    }\n                ]\n            }\n        }\n"), "{verbose}");
    }

    #[test]
    fn network_ls_sorted_by_name() {
        let nets = [
            NetworkView {
                name: "ingress".into(),
                id: "m4np8jn3j5xq6k1v0p2z7y9wc".into(),
                driver: "overlay".into(),
                scope: "swarm".into(),
                ..NetworkView::default()
            },
            gwbridge(),
            NetworkView {
                name: "bridge".into(),
                id: "9f2c5b1a7e3d4c6b8a0f1e2d3c4b5a69".into(),
                driver: "bridge".into(),
                scope: "local".into(),
                ..NetworkView::default()
            },
        ];
        let want = "\
NETWORK ID     NAME              DRIVER    SCOPE
9f2c5b1a7e3d   bridge            bridge    local
06c86fd2ac81   docker_gwbridge   bridge    local
m4np8jn3j5xq   ingress           overlay   swarm
";
        assert_eq!(render_network_ls(&nets, false, false), want);
        assert_eq!(render_network_ls(&nets, true, false), "9f2c5b1a7e3d\n06c86fd2ac81\nm4np8jn3j5xq\n");
    }
}
