//! Sandboxes: the network namespaces of tasks, of the ingress load balancer
//! (`ingress_sbox`) and of other overlays' load balancers (`lb_<net>`);
//! their default gateway leg on docker_gwbridge, the embedded DNS resolver's
//! rules, and the ingress redirect rules inside tasks (§1, §3).

use std::net::Ipv4Addr;

use super::overlay::move_into_sandbox;
use super::{Daemon, EndpointInfo, OverlayInfo, PortConfig};
use crate::kernel::app::AppId;
use crate::kernel::{INIT_NETNS, LinkSpec, NetnsId};
use crate::net::Ipv4Cidr;
use crate::sim::World;
use crate::wire::EthernetAddress;

/// A container the manager asks a node to run for a task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerSpec {
    /// 64 hex characters.
    pub id: String,
    /// `<service>.<slot>.<task id>`.
    pub name: String,
    pub hostname: String,
    pub image: String,
    pub env: Vec<String>,
    pub args: Vec<String>,
    pub service_id: String,
    pub service_name: String,
    pub task_id: String,
}

/// What a task needs from the network: its container and its attachments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskSandbox {
    pub container: ContainerSpec,
    /// Overlay networks in attachment order (ingress first), with the task's address.
    pub networks: Vec<(OverlayInfo, Ipv4Cidr)>,
    /// Ingress-mode ports (redirect rules inside the task).
    pub ingress_ports: Vec<PortConfig>,
    /// Host-mode ports.
    pub host_ports: Vec<PortConfig>,
}

/// One endpoint of a sandbox.
#[derive(Clone, Debug)]
pub struct SbEndpoint {
    /// Overlay network id, or the bridge network name.
    pub network: String,
    pub overlay: bool,
    pub ifname: String,
    pub ep: EndpointInfo,
}

/// A sandbox (one network namespace).
#[derive(Clone, Debug)]
pub struct Sandbox {
    /// `ingress_sbox`, `lb_<nid>`, or the 64-hex sandbox id of a task.
    pub id: String,
    /// The namespace file (`/run/docker/netns/…`).
    pub key: String,
    pub netns: NetnsId,
    pub container: Option<ContainerSpec>,
    pub endpoints: Vec<SbEndpoint>,
    pub resolver_ports: Option<(u16, u16)>,
    pub resolver_app: Option<AppId>,
    pub process: Option<AppId>,
    pub ingress: bool,
    pub lb_for: Option<String>,
    /// Host-mode ports published for this container.
    pub host_ports: Vec<PortConfig>,
}

impl Sandbox {
    fn next_ifname(&self) -> String {
        format!("eth{}", self.endpoints.len())
    }
    /// The endpoint on an overlay network.
    pub fn endpoint_on(&self, network: &str) -> Option<&SbEndpoint> {
        self.endpoints.iter().find(|e| e.network == network)
    }
}

impl Daemon {
    /// osl.NewSandbox: a namespace mounted at `/run/docker/netns/<key>`, loopback up.
    fn new_sandbox(&mut self, w: &mut World, id: &str, key_name: &str) -> Option<NetnsId> {
        let path = format!("/run/docker/netns/{key_name}");
        self.kernel(w, |k| {
            let ns = k.netns_create();
            k.netns_mount(&path, ns);
            let lo = k.dev_by_name(ns, "lo")?;
            let _ = k.dev_set_up(lo, true);
            Some(ns)
        })
        .inspect(|ns| {
            self.sandboxes.insert(
                id.to_string(),
                Sandbox {
                    id: id.to_string(),
                    key: path,
                    netns: *ns,
                    container: None,
                    endpoints: Vec::new(),
                    resolver_ports: None,
                    resolver_app: None,
                    process: None,
                    ingress: false,
                    lb_for: None,
                    host_ports: Vec::new(),
                },
            );
        })
    }

    /// The ingress sandbox, created when the node joins the swarm (§1).
    pub fn create_ingress_sandbox(&mut self, w: &mut World, ingress: &OverlayInfo, lb_ip: Ipv4Cidr) {
        if self.sandboxes.contains_key("ingress_sbox") {
            return;
        }
        let Some(ns) = self.new_sandbox(w, "ingress_sbox", "ingress_sbox") else { return };
        if let Some(sb) = self.sandboxes.get_mut("ingress_sbox") {
            sb.ingress = true;
            sb.lb_for = Some(ingress.id.clone());
        }
        // The ingress endpoint joins first (eth0); it needs the resolver.
        self.start_resolver(w, "ingress_sbox");
        if let Some(ep) = self.overlay_join(w, ingress, "ingress-sbox", "ingress-endpoint", ns, "eth0", lb_ip) {
            if let Some(sb) = self.sandboxes.get_mut("ingress_sbox") {
                sb.endpoints.push(SbEndpoint { network: ingress.id.clone(), overlay: true, ifname: "eth0".into(), ep });
            }
        }
        // setupDefaultGW: docker_gwbridge as eth1, default route.
        self.ensure_gwbridge(w);
        self.join_bridge(w, "ingress_sbox", "docker_gwbridge", "ingress-sbox", "gateway_ingress-sbox");
        self.lb_sysctls(w, ns);
    }

    /// The load-balancer sandbox of a non-ingress overlay (§7.1).
    pub fn create_lb_sandbox(&mut self, w: &mut World, net: &OverlayInfo, lb_ip: Ipv4Cidr) {
        let id = format!("lb_{}", net.id.chars().take(9).collect::<String>());
        if self.sandboxes.contains_key(&id) {
            return;
        }
        let Some(ns) = self.new_sandbox(w, &id, &id) else { return };
        if let Some(sb) = self.sandboxes.get_mut(&id) {
            sb.lb_for = Some(net.id.clone());
        }
        self.start_resolver(w, &id);
        let key = format!("lb-{}", net.name);
        if let Some(ep) = self.overlay_join(w, net, &key, &format!("{}-endpoint", net.name), ns, "eth0", lb_ip) {
            if let Some(sb) = self.sandboxes.get_mut(&id) {
                sb.endpoints.push(SbEndpoint { network: net.id.clone(), overlay: true, ifname: "eth0".into(), ep });
            }
        }
        self.lb_sysctls(w, ns);
    }

    /// ApplyOSTweaks for load-balancer sandboxes.
    fn lb_sysctls(&mut self, w: &mut World, ns: NetnsId) {
        self.kernel(w, |k| {
            k.netns_mut(ns).sysctl.ip_vs = true;
            let _ = k.sysctl_set(ns, "net.ipv4.vs.conn_reuse_mode", "0");
            let _ = k.sysctl_set(ns, "net.ipv4.vs.expire_nodest_conn", "1");
            let _ = k.sysctl_set(ns, "net.ipv4.vs.expire_quiescent_template", "1");
        });
    }

    /// The sandbox's leg on a bridge network (the bridge driver's Join: a
    /// veth pair, one end on the bridge, the other the sandbox's next
    /// `ethN` with a MAC derived from its address) and its default route
    /// through the bridge's gateway: docker_gwbridge for the gateway of
    /// overlay sandboxes, docker0 (`bridge`) for a task with no network.
    fn join_bridge(&mut self, w: &mut World, sb_id: &str, net: &str, container_key: &str, ep_name: &str) {
        let Some(ip) = self.bridge_alloc(net) else { return };
        let Some(sb) = self.sandboxes.get(sb_id) else { return };
        let (ns, ifname) = (sb.netns, sb.next_ifname());
        let host_if = self.veth_name();
        let cont_if = self.veth_name();
        let mac = EthernetAddress::from_ipv4(ip.addr);
        let Some((gw, device)) = self.bridges.get(net).map(|b| (b.gateway, b.device.clone())) else { return };
        let ok = self.kernel(w, |k| {
            let br = k.dev_by_name(INIT_NETNS, &device)?;
            let h = k.link_add(INIT_NETNS, &host_if, LinkSpec::Veth { peer_name: cont_if.clone(), peer_netns: None, peer_mac: None }, None).ok()?;
            let c = k.dev_by_name(INIT_NETNS, &cont_if)?;
            k.dev_mut(h).txqlen = 0;
            k.dev_mut(c).txqlen = 0;
            let _ = k.dev_set_master(h, Some(br));
            let _ = k.dev_set_up(h, true);
            move_into_sandbox(k, c, ns, &ifname, mac, ip)?;
            let dev = k.dev_by_name(ns, &ifname)?;
            let r = crate::kernel::Route {
                table: crate::kernel::route::TABLE_MAIN,
                dst: Ipv4Cidr::new(Ipv4Addr::UNSPECIFIED, 0),
                kind: crate::kernel::RouteType::Unicast,
                tos: 0,
                metric: 0,
                gateway: Some(gw),
                dev: Some(dev),
                proto: crate::kernel::route::rtproto::BOOT,
                scope: crate::kernel::Scope::Global,
                prefsrc: None,
                onlink: false,
                origin: None,
            };
            let _ = k.route_add(ns, r, crate::kernel::RouteAddMode::Replace);
            Some(())
        });
        if ok.is_none() {
            return;
        }
        let id = self.random_id();
        let ep = EndpointInfo { name: ep_name.to_string(), id, mac, ip };
        if let Some(b) = self.bridges.get_mut(net) {
            b.endpoints.insert(container_key.to_string(), ep.clone());
        }
        if let Some(sb) = self.sandboxes.get_mut(sb_id) {
            sb.endpoints.push(SbEndpoint { network: net.into(), overlay: false, ifname, ep });
        }
    }

    /// The embedded DNS resolver's NAT rules (§3.3); the resolver listens on
    /// random ports of 127.0.0.11.
    fn start_resolver(&mut self, w: &mut World, sb_id: &str) {
        let Some(sb) = self.sandboxes.get(sb_id) else { return };
        let ns = sb.netns;
        let udp = 32768 + (self.rng.below(28232) as u16);
        let tcp = 32768 + (self.rng.below(28232) as u16);
        let (u, t) = (udp.to_string(), tcp.to_string());
        self.ipt(w, ns, &["-t", "nat", "-N", "DOCKER_OUTPUT"]);
        self.ipt(w, ns, &["-t", "nat", "-I", "OUTPUT", "-d", "127.0.0.11", "-j", "DOCKER_OUTPUT"]);
        self.ipt(w, ns, &["-t", "nat", "-N", "DOCKER_POSTROUTING"]);
        self.ipt(w, ns, &["-t", "nat", "-I", "POSTROUTING", "-d", "127.0.0.11", "-j", "DOCKER_POSTROUTING"]);
        let ud = format!("127.0.0.11:{u}");
        let td = format!("127.0.0.11:{t}");
        self.ipt(w, ns, &["-t", "nat", "-I", "DOCKER_OUTPUT", "-d", "127.0.0.11", "-p", "udp", "--dport", "53", "-j", "DNAT", "--to-destination", &ud]);
        self.ipt(w, ns, &["-t", "nat", "-I", "DOCKER_POSTROUTING", "-s", "127.0.0.11", "-p", "udp", "--sport", &u, "-j", "SNAT", "--to-source", ":53"]);
        self.ipt(w, ns, &["-t", "nat", "-I", "DOCKER_OUTPUT", "-d", "127.0.0.11", "-p", "tcp", "--dport", "53", "-j", "DNAT", "--to-destination", &td]);
        self.ipt(w, ns, &["-t", "nat", "-I", "DOCKER_POSTROUTING", "-s", "127.0.0.11", "-p", "tcp", "--sport", &t, "-j", "SNAT", "--to-source", ":53"]);
        if let Some(sb) = self.sandboxes.get_mut(sb_id) {
            sb.resolver_ports = Some((udp, tcp));
        }
        self.start_resolver_app(w, sb_id);
    }

    /// addRedirectRules: inside a task, the published port is redirected to
    /// the target port, and the task's ingress address accepts nothing else (§3.2).
    fn add_redirect_rules(&mut self, w: &mut World, ns: NetnsId, ip: Ipv4Addr, ports: &[PortConfig]) {
        let ip = ip.to_string();
        for p in ports {
            let proto = p.proto_name();
            let (publ, target) = (p.published.to_string(), p.target.to_string());
            self.ipt(w, ns, &["-t", "nat", "-A", "PREROUTING", "-d", &ip, "-p", proto, "--dport", &publ, "-j", "REDIRECT", "--to-port", &target]);
            self.ipt(w, ns, &["-I", "INPUT", "-d", &ip, "-p", proto, "--dport", &target, "-m", "conntrack", "--ctstate", "NEW,ESTABLISHED", "-j", "ACCEPT"]);
            self.ipt(w, ns, &["-I", "OUTPUT", "-s", &ip, "-p", proto, "--sport", &target, "-m", "conntrack", "--ctstate", "ESTABLISHED", "-j", "ACCEPT"]);
        }
        if ports.is_empty() {
            return;
        }
        for proto in ["sctp", "udp", "tcp"] {
            if !self.ipt_exists(w, ns, "filter", "INPUT", &["-d", &ip, "-p", proto, "-j", "DROP"]) {
                self.ipt(w, ns, &["-A", "INPUT", "-d", &ip, "-p", proto, "-j", "DROP"]);
            }
            if !self.ipt_exists(w, ns, "filter", "OUTPUT", &["-s", &ip, "-p", proto, "-j", "DROP"]) {
                self.ipt(w, ns, &["-A", "OUTPUT", "-s", &ip, "-p", proto, "-j", "DROP"]);
            }
        }
    }

    /// Create a task's sandbox and start its container. Returns the sandbox
    /// id. The container's startup log is stamped with the daemon's clock.
    pub fn task_start(&mut self, w: &mut World, t: &TaskSandbox) -> Option<String> {
        let sb_id = self.random_id();
        let short: String = sb_id.chars().take(12).collect();
        let ns = self.new_sandbox(w, &sb_id, &short)?;
        let mut first_overlay = true;
        for (net, ip) in &t.networks {
            let ifname = self.sandboxes.get(&sb_id).map(Sandbox::next_ifname).unwrap_or_default();
            if first_overlay {
                self.start_resolver(w, &sb_id);
            }
            let ep_name = t.container.name.clone();
            if let Some(ep) = self.overlay_join(w, net, &t.container.id, &ep_name, ns, &ifname, *ip) {
                if let Some(sb) = self.sandboxes.get_mut(&sb_id) {
                    sb.endpoints.push(SbEndpoint { network: net.id.clone(), overlay: true, ifname, ep });
                }
            }
            if net.ingress {
                self.add_redirect_rules(w, ns, ip.addr, &t.ingress_ports);
            }
            if first_overlay {
                first_overlay = false;
                let gw_name = format!("gateway_{short}");
                self.ensure_gwbridge(w);
                self.join_bridge(w, &sb_id, "docker_gwbridge", &t.container.id, &gw_name);
            }
        }
        if t.networks.is_empty() {
            // No swarm network: the executor leaves NetworkMode empty, so the
            // container is on the default bridge (docker0) under its own name.
            self.join_bridge(w, &sb_id, "bridge", &t.container.id, &t.container.name);
        }
        if let Some(sb) = self.sandboxes.get_mut(&sb_id) {
            sb.container = Some(t.container.clone());
        }
        self.publish_host_ports(w, &sb_id, &t.host_ports);
        self.start_process(w, &sb_id);
        Some(sb_id)
    }

    /// The sandbox of a container (by id prefix or name).
    pub fn sandbox_of_container(&self, key: &str) -> Option<&Sandbox> {
        self.sandboxes
            .values()
            .find(|s| s.container.as_ref().is_some_and(|c| c.id.starts_with(key) && key.len() >= 1 || c.name == key || c.name.starts_with(&format!("{key}."))))
    }

    /// Stop a task's container and remove its sandbox (endpoint leave,
    /// veth pairs gone, gateway address released).
    pub fn task_remove(&mut self, w: &mut World, container_id: &str) {
        let Some(sb_id) = self.sandboxes.iter().find(|(_, s)| s.container.as_ref().is_some_and(|c| c.id == container_id)).map(|(k, _)| k.clone()) else {
            return;
        };
        self.sandbox_remove(w, &sb_id);
    }

    /// Remove a sandbox: its processes stop, its endpoints leave their
    /// networks (gateway address released), its namespace is unmounted —
    /// which destroys it and, with it, the veth pairs it held.
    pub(crate) fn sandbox_remove(&mut self, w: &mut World, sb_id: &str) {
        let Some(sb) = self.sandboxes.remove(sb_id) else { return };
        // The endpoint key the sandbox joined its networks under.
        let key_name = match (&sb.container, sb.ingress, &sb.lb_for) {
            (Some(c), _, _) => c.id.clone(),
            (None, true, _) => "ingress-sbox".to_string(),
            (None, false, Some(net)) => format!("lb-{}", self.overlays.get(net).map(|o| o.info.name.as_str()).unwrap_or_default()),
            (None, false, None) => String::new(),
        };
        for app in [sb.process, sb.resolver_app].into_iter().flatten() {
            self.kernel(w, |k| k.app_kill(app));
        }
        for e in &sb.endpoints {
            if e.overlay {
                self.overlay_leave(&e.network, &key_name);
            } else if let Some(b) = self.bridges.get_mut(&e.network) {
                b.endpoints.remove(&key_name);
                b.allocated.remove(&e.ep.ip.addr);
            }
        }
        self.unpublish_host_ports(w, &sb);
        let key = sb.key.clone();
        self.kernel(w, |k| {
            let _ = k.netns_unmount(&key);
        });
    }
}
