//! The per-node Docker daemon: what libnetwork (Docker 24) programs into one
//! node's kernel, in its order and with its names.
//!
//! Everything is done through the same operations the tools use — kernel
//! link/address/route operations for what libnetwork does over netlink, and
//! real `iptables` / `ipvsadm`-equivalent argument lists for its iptables and
//! IPVS calls — with the origin (the docker command that caused it) stamped
//! on every object. The facts followed are in
//! `../shared/reference/libnetwork-facts.md`; the section numbers below refer
//! to it.
//!
//! Not modelled: IPv6, encrypted overlays, DSR mode, the userland proxy for
//! docker0 port mappings, plugins, daemon restarts after start.

mod bridge;
mod lb;
mod overlay;
pub mod procs;
mod sandbox;

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;

use crate::kernel::app::AppId;
use crate::kernel::{DevId, NetnsId, Origin};
use crate::net::Ipv4Cidr;
use crate::rng::Rng;
use crate::sim::{HostId, World};
use crate::wire::EthernetAddress;

pub use lb::{Binding, PortConfig, PublishMode};
pub use sandbox::{ContainerSpec, TaskSandbox};

/// An overlay network as the manager describes it to a node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OverlayInfo {
    pub id: String,
    pub name: String,
    pub subnet: Ipv4Cidr,
    pub gateway: Ipv4Addr,
    pub vni: u32,
    pub ingress: bool,
}

/// A local bridge network (docker0 = `bridge`, `docker_gwbridge`).
#[derive(Clone, Debug)]
pub struct BridgeNet {
    pub name: String,
    pub id: String,
    pub device: String,
    pub subnet: Ipv4Cidr,
    pub gateway: Ipv4Addr,
    pub icc: bool,
    pub masquerade: bool,
    pub created_ns: i64,
    /// Allocated addresses (beyond the gateway).
    pub allocated: BTreeSet<Ipv4Addr>,
    /// Endpoints: container key (`ingress-sbox` or container id) → endpoint.
    pub endpoints: BTreeMap<String, EndpointInfo>,
}

/// An endpoint as `docker network inspect` lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointInfo {
    pub name: String,
    pub id: String,
    pub mac: EthernetAddress,
    pub ip: Ipv4Cidr,
}

/// The overlay sandbox of one network on this node (`1-<netid>`).
#[derive(Clone, Debug)]
pub struct OverlayNs {
    pub info: OverlayInfo,
    pub netns: NetnsId,
    pub name: String,
    pub br0: DevId,
    pub vxlan0: DevId,
    pub next_veth: u32,
    /// Local endpoints: key → endpoint.
    pub endpoints: BTreeMap<String, EndpointInfo>,
    /// Remote peers programmed: (ip, mac, vtep).
    pub peers: BTreeSet<(Ipv4Addr, EthernetAddress, Ipv4Addr)>,
    /// How many of `peers` share each (mac, vtep) FDB entry.
    peers_by_fdb: BTreeMap<(EthernetAddress, Ipv4Addr), u32>,
}

/// dockerd on one node.
#[derive(Debug)]
pub struct Daemon {
    pub node: String,
    pub host: HostId,
    pub addr: Ipv4Addr,
    pub engine: String,
    pub data_path_port: u16,
    rng: Rng,
    /// The process-wide fwmark counter (`fwMarkCtr`), §1.5.
    pub fwmark_ctr: u32,
    pub bridges: BTreeMap<String, BridgeNet>,
    pub overlays: BTreeMap<String, OverlayNs>,
    pub sandboxes: BTreeMap<String, sandbox::Sandbox>,
    pub lbs: BTreeMap<(String, String), lb::LoadBalancer>,
    ingress_refs: BTreeMap<lb::IngressKey, u32>,
    ingress_once: bool,
    nat_chain_programmed: bool,
    /// dockerd's listening sockets for ingress ports: (proto, port) → app.
    pub port_listeners: BTreeMap<(u8, u16), AppId>,
    /// The command being carried out (provenance).
    pub origin: Option<Origin>,
    pub wall_epoch: i64,
    pub in_swarm: bool,
    /// docker_gwbridge's subnet when it is created later.
    pub gwbridge_subnet: Option<Ipv4Cidr>,
    /// Bumped whenever a local overlay endpoint is added: what peers
    /// learned from this daemon may be incomplete once it moves.
    pub(crate) endpoint_gen: u64,
    /// Bumped whenever this daemon forgets peers (a peer removed, an
    /// overlay created or all dropped): what it learned may be incomplete.
    pub(crate) peer_loss_gen: u64,
    /// Service discovery records, shared with the sandboxes' resolvers.
    pub dns: procs::SharedDns,
    /// docker-proxy processes of host-mode ports, by sandbox.
    pub host_proxies: BTreeMap<String, AppId>,
    /// This daemon's NetworkDB node name (12 hex, random per start).
    pub networkdb_id: String,
    /// IDs of the `host` and `none` networks.
    local_ids: BTreeMap<String, String>,
}

impl Daemon {
    pub fn new(node: &str, host: HostId, addr: Ipv4Addr, engine: &str, fwmark_start: u32, seed: u64, wall_epoch: i64, data_path_port: u16) -> Daemon {
        Daemon {
            node: node.to_string(),
            host,
            addr,
            engine: engine.to_string(),
            data_path_port,
            rng: Rng::new(seed, &format!("dockerd/{node}")),
            fwmark_ctr: fwmark_start,
            bridges: BTreeMap::new(),
            overlays: BTreeMap::new(),
            sandboxes: BTreeMap::new(),
            lbs: BTreeMap::new(),
            ingress_refs: BTreeMap::new(),
            ingress_once: false,
            nat_chain_programmed: false,
            port_listeners: BTreeMap::new(),
            origin: None,
            wall_epoch,
            in_swarm: false,
            gwbridge_subnet: None,
            endpoint_gen: 0,
            peer_loss_gen: 0,
            dns: Default::default(),
            host_proxies: BTreeMap::new(),
            networkdb_id: String::new(),
            local_ids: BTreeMap::new(),
        }
        .with_ids()
    }

    fn with_ids(mut self) -> Daemon {
        self.networkdb_id = self.rng.hex(12);
        for n in ["host", "none"] {
            let id = self.rng.hex(64);
            self.local_ids.insert(n.to_string(), id);
        }
        self
    }

    /// The ID of a predefined local network (`host`, `none`).
    pub fn local_net_id(&self, name: &str) -> String {
        self.local_ids.get(name).cloned().unwrap_or_default()
    }

    /// 64 random hex characters (`stringid.GenerateRandomID`).
    pub fn random_id(&mut self) -> String {
        self.rng.hex(64)
    }

    /// A veth name as libnetwork makes them: `veth` + 7 hex characters.
    fn veth_name(&mut self) -> String {
        format!("veth{}", self.rng.hex(7))
    }

    /// The wall-clock time now, in Unix nanoseconds.
    pub fn wall_ns(&self, w: &World) -> i64 {
        self.wall_epoch * 1_000_000_000 + w.now.as_nanos() as i64
    }

    /// Run an iptables command (argv without the leading `iptables`) in a
    /// namespace of this node, as libnetwork's iptables package does. The
    /// common rule edits go straight to the live table
    /// ([`crate::netfilter::Netfilter::iptables_direct`]); the rest, and
    /// every failure, through the `iptables` tool, which logs why.
    pub(crate) fn ipt(&self, w: &mut World, ns: NetnsId, args: &[&str]) -> bool {
        let origin = self.origin.clone();
        w.with_kernel(self.host, |k| {
            let saved = k.set_origin(origin);
            let stamp = k.origin.clone();
            let ok = match k.netns_mut(ns).netfilter.iptables_direct(args, stamp.as_ref()) {
                Some(true) => true,
                Some(false) | None => k.iptables_args(ns, args),
            };
            k.origin = saved;
            ok
        })
    }

    /// Whether an iptables query succeeds, without a log line on failure:
    /// `-C` (the rule exists) or `-n -L CHAIN` (the chain exists).
    fn ipt_query(&self, w: &mut World, ns: NetnsId, args: &[&str]) -> bool {
        w.with_kernel(self.host, |k| {
            let stamp = k.origin.clone();
            match k.netns_mut(ns).netfilter.iptables_direct(args, stamp.as_ref()) {
                Some(ok) => ok,
                None => k.iptables_args_quiet(ns, args),
            }
        })
    }

    /// Whether an iptables rule exists (`iptables -C`).
    pub(crate) fn ipt_exists(&self, w: &mut World, ns: NetnsId, table: &str, chain: &str, rule: &[&str]) -> bool {
        let mut a = vec!["-t", table, "-C", chain];
        a.extend_from_slice(rule);
        self.ipt_query(w, ns, &a)
    }

    /// Run kernel operations with this daemon's provenance.
    pub(crate) fn kernel<R>(&self, w: &mut World, f: impl FnOnce(&mut crate::kernel::Kernel) -> R) -> R {
        let origin = self.origin.clone();
        w.with_kernel(self.host, |k| {
            let saved = k.set_origin(origin);
            let r = f(k);
            k.origin = saved;
            r
        })
    }
}

impl Daemon {
    /// `docker swarm leave` on this node (the cluster agent stops): task
    /// containers are removed, the host's ingress rules and dockerd's port
    /// reservations go with the load balancers, the ingress and
    /// load-balancer sandboxes and the overlay namespaces are deleted.
    /// `docker_gwbridge` and `docker0` stay, as do the chains Docker
    /// created (DOCKER-INGRESS keeps its RETURN rule).
    pub fn leave_swarm(&mut self, w: &mut World) {
        let tasks: Vec<String> = self.sandboxes.values().filter_map(|s| s.container.as_ref().map(|c| c.id.clone())).collect();
        for c in tasks {
            self.task_remove(w, &c);
        }
        let gw_ip = self.sandboxes.get("ingress_sbox").and_then(|s| s.endpoint_on("docker_gwbridge")).map(|e| e.ep.ip.addr);
        let ingress_lbs: Vec<lb::LoadBalancer> = self.lbs.values().filter(|l| l.ingress && l.vip.is_some()).cloned().collect();
        if let Some(g) = gw_ip {
            for l in &ingress_lbs {
                self.program_ingress(w, g, &l.ports, true);
            }
        }
        self.lbs.clear();
        self.dns.borrow_mut().by_net.clear();
        let sandboxes: Vec<String> = self.sandboxes.keys().cloned().collect();
        for sb in sandboxes {
            self.sandbox_remove(w, &sb);
        }
        let overlays: Vec<String> = self.overlays.values().map(|o| format!("/run/docker/netns/{}", o.name)).collect();
        self.kernel(w, |k| {
            for path in overlays {
                let _ = k.netns_unmount(&path);
            }
        });
        self.overlays.clear();
        self.peer_loss_gen += 1;
        self.in_swarm = false;
    }
}
