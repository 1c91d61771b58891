//! The bridge driver: docker0 and docker_gwbridge, their devices, addresses,
//! sysctls and iptables rules (§2.2), and the daemon's start.

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;

use super::{BridgeNet, Daemon};
use crate::kernel::{INIT_NETNS, IfAddr, LinkSpec, Scope};
use crate::net::Ipv4Cidr;
use crate::sim::World;
use crate::wire::EthernetAddress;

/// Local address pools for bridge networks (the daemon's default pools).
const LOCAL_POOLS: [&str; 6] = ["172.17.0.0/16", "172.18.0.0/16", "172.19.0.0/16", "172.20.0.0/16", "172.21.0.0/16", "172.22.0.0/16"];

impl Daemon {
    /// dockerd starts: IP forwarding, the bridge driver's chains, the default
    /// bridge. With `gwbridge_first` (a restarted daemon that has
    /// docker_gwbridge in its store) docker_gwbridge is programmed before
    /// docker0, which is what the seed's rule order shows.
    pub fn start(&mut self, w: &mut World, docker0: Ipv4Cidr, gwbridge: Option<Ipv4Cidr>, gwbridge_first: bool) {
        // setupIPForwarding: flipping ip_forward from 0 also sets FORWARD to DROP.
        let was_on = self.kernel(w, |k| k.netns(INIT_NETNS).sysctl.ip_forward());
        if !was_on {
            self.kernel(w, |k| {
                let _ = k.sysctl_set(INIT_NETNS, "net.ipv4.ip_forward", "1");
            });
            self.ipt(w, INIT_NETNS, &["-P", "FORWARD", "DROP"]);
        }
        // setupIPChains.
        self.ipt(w, INIT_NETNS, &["-t", "nat", "-N", "DOCKER"]);
        self.ipt(w, INIT_NETNS, &["-t", "filter", "-N", "DOCKER"]);
        self.ipt(w, INIT_NETNS, &["-t", "filter", "-N", "DOCKER-ISOLATION-STAGE-1"]);
        self.ipt(w, INIT_NETNS, &["-t", "filter", "-N", "DOCKER-ISOLATION-STAGE-2"]);
        self.ipt(w, INIT_NETNS, &["-t", "filter", "-A", "DOCKER-ISOLATION-STAGE-1", "-j", "RETURN"]);
        self.ipt(w, INIT_NETNS, &["-t", "filter", "-A", "DOCKER-ISOLATION-STAGE-2", "-j", "RETURN"]);
        if gwbridge_first {
            self.create_gwbridge(w, gwbridge);
            self.create_bridge_net(w, "bridge", "docker0", docker0, true);
        } else {
            self.create_bridge_net(w, "bridge", "docker0", docker0, true);
            self.gwbridge_subnet = gwbridge;
        }
    }

    /// The docker_gwbridge network (created lazily by the first sandbox that
    /// needs a default gateway, §2.2).
    pub(crate) fn ensure_gwbridge(&mut self, w: &mut World) {
        if !self.bridges.contains_key("docker_gwbridge") {
            let wanted = self.gwbridge_subnet;
            self.create_gwbridge(w, wanted);
        }
    }

    fn create_gwbridge(&mut self, w: &mut World, subnet: Option<Ipv4Cidr>) {
        let subnet = subnet.unwrap_or_else(|| self.next_local_pool(w));
        self.create_bridge_net(w, "docker_gwbridge", "docker_gwbridge", subnet, false);
        // enable_icc=false bridges need bridged traffic to go through iptables.
        self.kernel(w, |k| {
            let _ = k.sysctl_set(INIT_NETNS, "net.bridge.bridge-nf-call-iptables", "1");
        });
    }

    /// The first default pool not overlapping a local route or network.
    fn next_local_pool(&self, w: &World) -> Ipv4Cidr {
        let k = w.kernel(self.host);
        for p in LOCAL_POOLS {
            let Ok(c) = p.parse::<Ipv4Cidr>() else { continue };
            let used = self.bridges.values().any(|b| b.subnet.overlaps(&c))
                || k.netns(INIT_NETNS).routes.routes.iter().any(|r| r.dst.prefix_len > 0 && r.dst.overlaps(&c));
            if !used {
                return c;
            }
        }
        Ipv4Cidr::new(Ipv4Addr::new(172, 30, 0, 0), 16)
    }

    /// createNetwork of the bridge driver: device, address, rules (§2.2).
    fn create_bridge_net(&mut self, w: &mut World, name: &str, device: &str, subnet: Ipv4Cidr, icc: bool) {
        let subnet = subnet.network();
        let gw = subnet.nth(1);
        let mut mac = [0u8; 6];
        self.rng.fill(&mut mac);
        let mac = EthernetAddress([0x02, 0x42, mac[2], mac[3], mac[4], mac[5]]);
        let dev = self.kernel(w, |k| {
            let d = k.link_add(INIT_NETNS, device, LinkSpec::Bridge, None).ok()?;
            k.dev_mut(d).txqlen = 0;
            let _ = k.dev_set_mac(d, mac);
            let _ = k.addr_add(
                d,
                IfAddr {
                    local: gw,
                    prefix_len: subnet.prefix_len,
                    broadcast: Some(subnet.broadcast()),
                    scope: Scope::Global,
                    label: device.to_string(),
                    secondary: false,
                    noprefixroute: false,
                    origin: None,
                },
            );
            let _ = k.dev_set_up(d, true);
            Some(d)
        });
        if dev.is_none() {
            return;
        }
        let br = device;
        let s = subnet.to_string();
        // 1. masquerade
        self.ipt(w, INIT_NETNS, &["-t", "nat", "-I", "POSTROUTING", "-s", &s, "!", "-o", br, "-j", "MASQUERADE"]);
        // 2. not hairpin: return early from DOCKER for traffic from the bridge
        self.ipt(w, INIT_NETNS, &["-t", "nat", "-I", "DOCKER", "-i", br, "-j", "RETURN"]);
        // 3. icc
        if icc {
            self.ipt(w, INIT_NETNS, &["-I", "FORWARD", "-i", br, "-o", br, "-j", "ACCEPT"]);
        } else {
            self.ipt(w, INIT_NETNS, &["-A", "FORWARD", "-i", br, "-o", br, "-j", "DROP"]);
        }
        // 4. outgoing
        self.ipt(w, INIT_NETNS, &["-I", "FORWARD", "-i", br, "!", "-o", br, "-j", "ACCEPT"]);
        // 5. ProgramChain nat, once
        if !self.nat_chain_programmed {
            self.nat_chain_programmed = true;
            self.ipt(w, INIT_NETNS, &["-t", "nat", "-A", "PREROUTING", "-m", "addrtype", "--dst-type", "LOCAL", "-j", "DOCKER"]);
            self.ipt(w, INIT_NETNS, &["-t", "nat", "-A", "OUTPUT", "-m", "addrtype", "--dst-type", "LOCAL", "-j", "DOCKER", "!", "--dst", "127.0.0.0/8"]);
        }
        // 6. ProgramChain filter
        self.ipt(w, INIT_NETNS, &["-I", "FORWARD", "-o", br, "-j", "DOCKER"]);
        self.ipt(w, INIT_NETNS, &["-I", "FORWARD", "-o", br, "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT"]);
        // 7. EnsureJumpRule FORWARD → DOCKER-ISOLATION-STAGE-1 at the top
        self.ensure_jump_top(w, "FORWARD", "DOCKER-ISOLATION-STAGE-1");
        // 8. setINC
        self.ipt(w, INIT_NETNS, &["-I", "DOCKER-ISOLATION-STAGE-1", "-i", br, "!", "-o", br, "-j", "DOCKER-ISOLATION-STAGE-2"]);
        self.ipt(w, INIT_NETNS, &["-I", "DOCKER-ISOLATION-STAGE-2", "-o", br, "-j", "DROP"]);
        // 9. arrangeUserFilterRule
        self.arrange_user_filter_rule(w);
        if self.ingress_once {
            // arrangeIngressFilterRule after a network creation keeps DOCKER-INGRESS second.
            self.ensure_jump_top(w, "FORWARD", "DOCKER-INGRESS");
            self.arrange_user_filter_rule(w);
        }
        let id = self.random_id();
        let created_ns = self.clock_ns(w);
        self.bridges.insert(
            name.to_string(),
            BridgeNet {
                name: name.to_string(),
                id,
                device: device.to_string(),
                subnet,
                gateway: gw,
                icc,
                masquerade: true,
                created_ns,
                allocated: BTreeSet::new(),
                endpoints: BTreeMap::new(),
            },
        );
    }

    /// The daemon's clock (Unix ns): what `time.Now()` returns in dockerd
    /// when it stamps a network's `Created`. The host's clock is the
    /// world's wall clock plus a fixed fraction of a second of its own (the
    /// daemon did its work partway through a second), so the stamps carry
    /// nanoseconds as Docker's do.
    pub fn clock_ns(&self, w: &World) -> i64 {
        self.wall_ns(w) + self.clock_fraction_ns()
    }

    /// The sub-second part of the daemon's clock, fixed per daemon.
    pub fn clock_fraction_ns(&self) -> i64 {
        (crate::rng::fnv1a(format!("{}/{}", self.node, self.networkdb_id).as_bytes()) % 1_000_000_000) as i64
    }

    /// Delete (if present) and insert `-j target` at the top of `chain`.
    pub(crate) fn ensure_jump_top(&mut self, w: &mut World, chain: &str, target: &str) {
        if self.ipt_exists(w, INIT_NETNS, "filter", chain, &["-j", target]) {
            self.ipt(w, INIT_NETNS, &["-D", chain, "-j", target]);
        }
        self.ipt(w, INIT_NETNS, &["-I", chain, "-j", target]);
    }

    /// The DOCKER-USER chain with its RETURN, jumped to first from FORWARD.
    pub(crate) fn arrange_user_filter_rule(&mut self, w: &mut World) {
        let exists = self.ipt_query(w, INIT_NETNS, &["-t", "filter", "-n", "-L", "DOCKER-USER"]);
        if !exists {
            self.ipt(w, INIT_NETNS, &["-t", "filter", "-N", "DOCKER-USER"]);
        }
        if !self.ipt_exists(w, INIT_NETNS, "filter", "DOCKER-USER", &["-j", "RETURN"]) {
            self.ipt(w, INIT_NETNS, &["-t", "filter", "-A", "DOCKER-USER", "-j", "RETURN"]);
        }
        self.ensure_jump_top(w, "FORWARD", "DOCKER-USER");
    }

    /// Allocate the next free address of a bridge network (first free after
    /// the gateway, reusing released addresses as libnetwork's bitmap does).
    pub(crate) fn bridge_alloc(&mut self, net: &str) -> Option<Ipv4Cidr> {
        let b = self.bridges.get_mut(net)?;
        let size = b.subnet.size();
        for n in 2..size.saturating_sub(1) {
            let ip = b.subnet.nth(n);
            if !b.allocated.contains(&ip) {
                b.allocated.insert(ip);
                return Some(Ipv4Cidr::new(ip, b.subnet.prefix_len));
            }
        }
        None
    }
}
