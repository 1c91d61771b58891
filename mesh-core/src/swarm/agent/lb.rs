//! Service load balancing: bindings from tasks (local and gossiped), the
//! per-node fwmark counter, IPVS services in the LB sandbox, the MARK and
//! SNAT rules (configureFWMark), the host's ingress rules (programIngress,
//! refcounted per port) and dockerd's port reservation (§1.3–§2.1, §7.5).

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use super::Daemon;
use crate::kernel::INIT_NETNS;
use crate::net::proto;
use crate::sim::World;

/// How a port is published.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PublishMode {
    Ingress,
    Host,
}

/// A published port (swarmkit's PortConfig).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PortConfig {
    pub protocol: u8,
    pub target: u16,
    pub published: u16,
    pub mode: PublishMode,
}

impl PortConfig {
    pub fn proto_name(&self) -> &'static str {
        match self.protocol {
            proto::UDP => "udp",
            proto::SCTP => "sctp",
            _ => "tcp",
        }
    }
}

/// Ports as swarmkit's `PortConfigs.String()` joins them (the service key).
pub fn ports_key(ports: &[PortConfig]) -> String {
    ports.iter().map(|p| format!("{}:{}/{}", p.published, p.target, p.proto_name().to_uppercase())).collect::<Vec<_>>().join(",")
}

/// One backend of a service on a network, as gossiped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    pub service_id: String,
    pub service_name: String,
    pub network_id: String,
    pub ingress: bool,
    pub vip: Option<Ipv4Addr>,
    /// Ingress ports (only on the ingress network).
    pub ports: Vec<PortConfig>,
    pub backend: Ipv4Addr,
    /// The task's container name (DNS `tasks.` records, inspect).
    pub task_name: String,
    pub aliases: Vec<String>,
}

/// A load balancer: one (service, ports, network) on this node.
#[derive(Clone, Debug)]
pub struct LoadBalancer {
    pub fwmark: u32,
    pub vip: Option<Ipv4Addr>,
    pub ports: Vec<PortConfig>,
    pub service_name: String,
    /// Backend address → disabled (weight 0).
    pub backends: BTreeMap<Ipv4Addr, bool>,
    pub ingress: bool,
}

/// The key of the host's ingress rules refcount (filterPortConfigs).
pub(crate) type IngressKey = (u8, u16, u16, String);

impl Daemon {
    fn lb_sandbox_for(&self, network_id: &str) -> Option<(String, crate::kernel::NetnsId, Ipv4Addr, String)> {
        let sb = self.sandboxes.values().find(|s| s.lb_for.as_deref() == Some(network_id))?;
        let ep = sb.endpoint_on(network_id)?;
        Some((sb.id.clone(), sb.netns, ep.ep.ip.addr, ep.ifname.clone()))
    }

    /// addServiceBinding: a backend appears (a local task started, or
    /// gossip about a remote one).
    pub fn add_service_binding(&mut self, w: &mut World, b: &Binding) {
        let key = (format!("{}|{}", b.service_id, ports_key(&b.ports)), b.network_id.clone());
        if !self.lbs.contains_key(&key) {
            let fwmark = self.fwmark_ctr;
            self.fwmark_ctr += 1;
            self.lbs.insert(
                key.clone(),
                LoadBalancer {
                    fwmark,
                    vip: b.vip,
                    ports: b.ports.clone(),
                    service_name: b.service_name.clone(),
                    backends: BTreeMap::new(),
                    ingress: b.ingress,
                },
            );
        }
        let already = self.lbs.get(&key).is_some_and(|lb| lb.backends.get(&b.backend) == Some(&false));
        if already {
            return;
        }
        if let Some(lb) = self.lbs.get_mut(&key) {
            lb.backends.insert(b.backend, false);
        }
        self.dns_add(b);
        if let Some(lb) = self.lbs.get(&key).cloned() {
            self.add_lb_backend(w, &b.network_id, b.backend, &lb);
        }
    }

    /// addLBBackend: create the IPVS service on first use, then add the destination.
    fn add_lb_backend(&mut self, w: &mut World, network_id: &str, backend: Ipv4Addr, lb: &LoadBalancer) {
        let Some(vip) = lb.vip else { return };
        let Some((_, ns, eip, ifname)) = self.lb_sandbox_for(network_id) else { return };
        let present = self.kernel(w, |k| k.ipvs_fwmark_present(ns, lb.fwmark));
        if !present {
            let prefix = self.overlays.get(network_id).map(|o| o.info.subnet).unwrap_or_else(|| crate::net::Ipv4Cidr::new(eip, 24));
            self.kernel(w, |k| {
                if let Some(dev) = k.dev_by_name(ns, &ifname) {
                    let _ = k.addr_add(
                        dev,
                        crate::kernel::IfAddr {
                            local: vip,
                            prefix_len: 32,
                            broadcast: None,
                            scope: crate::kernel::Scope::Global,
                            label: ifname.clone(),
                            secondary: false,
                            noprefixroute: false,
                            origin: None,
                        },
                    );
                }
            });
            if lb.ingress {
                let gw_ip = self.sandboxes.get("ingress_sbox").and_then(|s| s.endpoint_on("docker_gwbridge")).map(|e| e.ep.ip.addr);
                if let Some(g) = gw_ip {
                    self.program_ingress(w, g, &lb.ports, false);
                }
            }
            self.configure_fwmark(w, ns, vip, lb.fwmark, &lb.ports, crate::net::Ipv4Cidr::new(eip, prefix.prefix_len), false);
            self.kernel(w, |k| k.ipvs_fwmark_service_add(ns, lb.fwmark));
        }
        self.kernel(w, |k| k.ipvs_fwmark_dest_add(ns, lb.fwmark, backend, 1));
    }

    /// deactivateServiceBinding: a task is stopping; its destination gets
    /// weight 0 on every node and its DNS records go.
    pub fn disable_service_binding(&mut self, w: &mut World, b: &Binding) {
        let key = (format!("{}|{}", b.service_id, ports_key(&b.ports)), b.network_id.clone());
        let Some(lb) = self.lbs.get_mut(&key) else { return };
        if lb.backends.get(&b.backend) != Some(&false) {
            return;
        }
        lb.backends.insert(b.backend, true);
        let lb = lb.clone();
        self.dns_remove(b);
        if lb.vip.is_none() {
            return;
        }
        if let Some((_, ns, _, _)) = self.lb_sandbox_for(&b.network_id) {
            self.kernel(w, |k| k.ipvs_fwmark_dest_add(ns, lb.fwmark, b.backend, 0));
        }
    }

    /// rmServiceBinding: the backend is gone; with the last one, the IPVS
    /// service, MARK rules, VIP alias and host ingress rules go too (the
    /// SNAT rule stays, §1.3).
    pub fn remove_service_binding(&mut self, w: &mut World, b: &Binding) {
        let key = (format!("{}|{}", b.service_id, ports_key(&b.ports)), b.network_id.clone());
        let Some(lb) = self.lbs.get_mut(&key) else { return };
        if lb.backends.remove(&b.backend).is_none() {
            return;
        }
        let last = lb.backends.is_empty();
        let lb = lb.clone();
        self.dns_remove(b);
        if let (Some(vip), Some((_, ns, eip, ifname))) = (lb.vip, self.lb_sandbox_for(&b.network_id)) {
            self.kernel(w, |k| k.ipvs_fwmark_dest_del(ns, lb.fwmark, b.backend));
            if last {
                self.kernel(w, |k| k.ipvs_fwmark_service_del(ns, lb.fwmark));
                let prefix = self.overlays.get(&b.network_id).map(|o| o.info.subnet.prefix_len).unwrap_or(24);
                self.configure_fwmark(w, ns, vip, lb.fwmark, &lb.ports, crate::net::Ipv4Cidr::new(eip, prefix), true);
                self.kernel(w, |k| {
                    if let Some(dev) = k.dev_by_name(ns, &ifname) {
                        let _ = k.addr_del(dev, vip, Some(32));
                    }
                });
                if lb.ingress {
                    let gw_ip = self.sandboxes.get("ingress_sbox").and_then(|s| s.endpoint_on("docker_gwbridge")).map(|e| e.ep.ip.addr);
                    if let Some(g) = gw_ip {
                        self.program_ingress(w, g, &lb.ports, true);
                    }
                }
            }
        }
        if last {
            self.lbs.remove(&key);
        }
    }

    /// configureFWMark (v24, in-process): MARK rules for the ingress ports in
    /// mangle PREROUTING, the SNAT of IPVS traffic (once per subnet) and the
    /// VIP's MARK in mangle INPUT.
    #[allow(clippy::too_many_arguments)]
    fn configure_fwmark(
        &mut self,
        w: &mut World,
        ns: crate::kernel::NetnsId,
        vip: Ipv4Addr,
        fwmark: u32,
        ports: &[PortConfig],
        eip: crate::net::Ipv4Cidr,
        delete: bool,
    ) {
        let mark = fwmark.to_string();
        let op = if delete { "-D" } else { "-A" };
        let mut rules: Vec<Vec<String>> = Vec::new();
        for p in ports {
            rules.push(
                ["-t", "mangle", op, "PREROUTING", "-p", p.proto_name(), "--dport", &p.published.to_string(), "-j", "MARK", "--set-mark", &mark]
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
            );
        }
        if !delete {
            let subnet = eip.network().to_string();
            let src = eip.addr.to_string();
            let params = ["-m", "ipvs", "--ipvs", "-d", &subnet, "-j", "SNAT", "--to-source", &src];
            if !self.ipt_exists(w, ns, "nat", "POSTROUTING", &params) {
                let mut r: Vec<String> = ["-t", "nat", "-A", "POSTROUTING"].iter().map(|s| s.to_string()).collect();
                r.extend(params.iter().map(|s| s.to_string()));
                rules.push(r);
                self.kernel(w, |k| {
                    let _ = k.sysctl_set(ns, "net.ipv4.vs.conntrack", "1");
                });
            }
        }
        let vip32 = format!("{vip}/32");
        rules.push(["-t", "mangle", op, "INPUT", "-d", &vip32, "-j", "MARK", "--set-mark", &mark].iter().map(|s| s.to_string()).collect());
        for r in rules {
            let refs: Vec<&str> = r.iter().map(String::as_str).collect();
            self.ipt(w, ns, &refs);
        }
    }

    /// programIngress: the host's DOCKER-INGRESS chains and per-port rules,
    /// refcounted across services (§2.1).
    pub(crate) fn program_ingress(&mut self, w: &mut World, gw_ip: Ipv4Addr, ports: &[PortConfig], delete: bool) {
        let ns = INIT_NETNS;
        let nat_exists = self.ipt_query(w, ns, &["-t", "nat", "-n", "-L", "DOCKER-INGRESS"]);
        let filter_exists = self.ipt_query(w, ns, &["-t", "filter", "-n", "-L", "DOCKER-INGRESS"]);
        if !self.ingress_once {
            self.ingress_once = true;
            if nat_exists {
                self.ipt(w, ns, &["-t", "nat", "-F", "DOCKER-INGRESS"]);
            }
            if filter_exists {
                self.ipt(w, ns, &["-F", "DOCKER-INGRESS"]);
            }
        }
        if !delete {
            if !nat_exists {
                self.ipt(w, ns, &["-t", "nat", "-N", "DOCKER-INGRESS"]);
            }
            if !filter_exists {
                self.ipt(w, ns, &["-N", "DOCKER-INGRESS"]);
            }
            if !self.ipt_exists(w, ns, "nat", "DOCKER-INGRESS", &["-j", "RETURN"]) {
                self.ipt(w, ns, &["-t", "nat", "-A", "DOCKER-INGRESS", "-j", "RETURN"]);
            }
            if !self.ipt_exists(w, ns, "filter", "DOCKER-INGRESS", &["-j", "RETURN"]) {
                self.ipt(w, ns, &["-A", "DOCKER-INGRESS", "-j", "RETURN"]);
            }
            for chain in ["OUTPUT", "PREROUTING"] {
                if !self.ipt_exists(w, ns, "nat", chain, &["-m", "addrtype", "--dst-type", "LOCAL", "-j", "DOCKER-INGRESS"]) {
                    self.ipt(w, ns, &["-t", "nat", "-I", chain, "-m", "addrtype", "--dst-type", "LOCAL", "-j", "DOCKER-INGRESS"]);
                }
            }
            if !self.ipt_exists(w, ns, "filter", "FORWARD", &["-j", "DOCKER-INGRESS"]) {
                self.ipt(w, ns, &["-I", "FORWARD", "-j", "DOCKER-INGRESS"]);
                self.arrange_user_filter_rule(w);
            }
            // findOIFName: the device towards the sandbox's gateway leg.
            let oif = w.kernel(self.host).route_lookup(ns, gw_ip, None).and_then(|r| r.dev).map(|d| w.kernel(self.host).dev(d).name.clone());
            if let Some(oif) = oif {
                self.kernel(w, |k| {
                    let _ = k.sysctl_set(ns, &format!("net.ipv4.conf.{oif}.route_localnet"), "1");
                });
                let rule = ["-m", "addrtype", "--src-type", "LOCAL", "-o", oif.as_str(), "-j", "MASQUERADE"];
                if !self.ipt_exists(w, ns, "nat", "POSTROUTING", &rule) {
                    let mut a = vec!["-t", "nat", "-I", "POSTROUTING"];
                    a.extend_from_slice(&rule);
                    self.ipt(w, ns, &a);
                }
            }
        }
        let op = if delete { "-D" } else { "-I" };
        for p in ports.iter().filter(|p| p.mode == PublishMode::Ingress) {
            let key: IngressKey = (p.protocol, p.target, p.published, String::new());
            let count = self.ingress_refs.entry(key.clone()).or_insert(0);
            if delete {
                if *count == 0 {
                    continue;
                }
                *count -= 1;
                if *count > 0 {
                    continue;
                }
                self.ingress_refs.remove(&key);
            } else {
                *count += 1;
                if *count > 1 {
                    continue;
                }
            }
            let (proto, publ) = (p.proto_name(), p.published.to_string());
            let to = format!("{gw_ip}:{publ}");
            self.ipt(w, ns, &["-t", "nat", op, "DOCKER-INGRESS", "-p", proto, "--dport", &publ, "-j", "DNAT", "--to-destination", &to]);
            self.ipt(w, ns, &[op, "DOCKER-INGRESS", "-m", "state", "-p", proto, "--sport", &publ, "--state", "ESTABLISHED,RELATED", "-j", "ACCEPT"]);
            self.ipt(w, ns, &[op, "DOCKER-INGRESS", "-p", proto, "--dport", &publ, "-j", "ACCEPT"]);
            self.plumb_proxy(w, p, delete);
        }
    }
}
