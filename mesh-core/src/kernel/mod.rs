//! One simulated Linux kernel per host, with many network namespaces.
//!
//! The [`Kernel`] owns every namespace and device of one host and offers the
//! typed operations that `ip`, `bridge`, `sysctl` and the Swarm agent all use
//! (create a veth pair, move a device, add an address …). Each operation
//! keeps the derived state Linux keeps: adding an address installs its local,
//! broadcast and prefix routes; taking a device down removes routes through
//! it; enslaving a port adds its permanent FDB entry; deleting a namespace
//! destroys its veths and their peers.
//!
//! Every object created while [`Kernel::origin`] is set remembers that origin
//! (the command that created it), which `mesh` can show as provenance.
//!
//! Invariants: a device's `netns` always names a live namespace and it is in
//! that namespace's ifindex map; ifindexes are unique per namespace; a veth's
//! peer always exists (the pair is created and destroyed together).

pub mod addr;
pub mod app;
pub mod device;
pub mod dp;
pub mod errno;
mod ipvs_ops;
pub mod neigh;
pub mod ops;
pub mod route;
pub mod socket;
pub mod sysctl;
pub mod tcp;

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;
use std::sync::Arc;

pub use addr::{IfAddr, Scope};
pub use device::{BridgeState, DevStats, Device, DeviceKind, FdbEntry, OperState, VxlanFdb, VxlanState};
pub use errno::{Errno, KResult, KernelError};
pub use neigh::{Neigh, NeighTable, NudState};
pub use route::{Route, RouteResult, RouteTables, RouteType};
pub use sysctl::{DevConf, Sysctl};

use crate::net::Ipv4Cidr;
use crate::rng::Rng;
use crate::time::Instant;
use crate::wire::EthernetAddress;

/// A namespace of one kernel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NetnsId(pub u32);

/// A device of one kernel (stable across moves between namespaces).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DevId(pub u32);

/// The command that created an object (provenance), e.g.
/// `docker service create --name web -p 8080:80 …`.
pub type Origin = Arc<str>;

/// The initial namespace of every kernel.
pub const INIT_NETNS: NetnsId = NetnsId(0);

/// Where `ip netns add NAME` mounts a namespace.
pub const NETNS_RUN_DIR: &str = "/run/netns";

/// One network namespace.
#[derive(Clone, Debug)]
pub struct Netns {
    pub id: NetnsId,
    /// ifindex → device, in ifindex order.
    pub devs: BTreeMap<u32, DevId>,
    next_ifindex: u32,
    pub routes: RouteTables,
    pub neigh: NeighTable,
    pub sysctl: Sysctl,
    /// IDs this namespace has assigned to peer namespaces (`link-netnsid`),
    /// allocated from 0 in order of first need.
    pub netnsids: BTreeMap<NetnsId, u32>,
    pub sockets: socket::Sockets,
    /// iptables (ip_tables) state.
    pub netfilter: crate::netfilter::Netfilter,
    pub conntrack: crate::conntrack::Conntrack,
    pub ipvs: crate::ipvs::Ipvs,
    /// IPv4 fragment queues (ip_defrag).
    pub frags: dp::frag::Reassembly,
    /// Path MTUs learned from ICMP (route exceptions).
    pub pmtu: dp::frag::PmtuCache,
    /// ICMP redirects: the senders' rate state and accepted redirects.
    pub redirects: dp::redirect::Redirects,
    pub origin: Option<Origin>,
}

impl Netns {
    fn new(id: NetnsId, sysctl: Sysctl, origin: Option<Origin>) -> Netns {
        Netns {
            id,
            devs: BTreeMap::new(),
            next_ifindex: 1,
            routes: RouteTables::default(),
            neigh: NeighTable::default(),
            sysctl,
            netnsids: BTreeMap::new(),
            sockets: socket::Sockets::default(),
            netfilter: crate::netfilter::Netfilter::new(),
            conntrack: crate::conntrack::Conntrack::new(),
            ipvs: crate::ipvs::Ipvs::new(),
            frags: dp::frag::Reassembly::default(),
            pmtu: dp::frag::PmtuCache::default(),
            redirects: dp::redirect::Redirects::default(),
            origin,
        }
    }

    fn alloc_ifindex(&mut self, wanted: Option<u32>) -> u32 {
        if let Some(w) = wanted {
            if !self.devs.contains_key(&w) {
                return w;
            }
        }
        while self.devs.contains_key(&self.next_ifindex) {
            self.next_ifindex += 1;
        }
        let i = self.next_ifindex;
        self.next_ifindex += 1;
        i
    }

    pub(crate) fn set_next_ifindex(&mut self, next: u32) {
        self.next_ifindex = self.next_ifindex.max(next);
    }

    /// The id this namespace uses for `other`, allocating one if needed.
    pub fn netnsid_for(&mut self, other: NetnsId) -> u32 {
        let next = (0..).find(|i| !self.netnsids.values().any(|v| v == i)).unwrap_or(0);
        *self.netnsids.entry(other).or_insert(next)
    }
}

/// Specification of a new device for [`Kernel::link_add`].
#[derive(Clone, Debug)]
pub enum LinkSpec {
    Veth { peer_name: String, peer_netns: Option<NetnsId>, peer_mac: Option<EthernetAddress> },
    Bridge,
    Vxlan(Box<VxlanState>),
    Dummy,
    Nic,
}

/// One simulated Linux kernel.
#[derive(Debug)]
pub struct Kernel {
    pub hostname: String,
    netns: Vec<Option<Netns>>,
    devices: Vec<Option<Device>>,
    /// Bind-mounted namespace files: path (normalised to `/run/…`) → namespace.
    /// `ip netns add a` mounts `/run/netns/a`; Docker mounts `/run/docker/netns/…`.
    pub mounts: BTreeMap<String, NetnsId>,
    /// Directories namespace files were ever mounted in (`ip netns add`
    /// creates `/run/netns`, dockerd `/run/docker/netns`); they stay when
    /// emptied.
    pub mount_dirs: BTreeSet<String>,
    /// The kernel log (`dmesg`): time and text.
    pub dmesg: Vec<(Instant, String)>,
    /// The virtual time, set by the world before each operation.
    pub now: Instant,
    /// Provenance stamped on objects created from now on.
    pub origin: Option<Origin>,
    /// Every origin this kernel has worked for, in the order they first came.
    pub origins_seen: Vec<Origin>,
    /// Unix seconds at virtual time zero (for tools that print dates).
    pub wall_epoch: i64,
    mac_rng: Rng,
    /// Ephemeral ports, initial sequence numbers, timestamp offsets.
    pub(crate) port_rng: Rng,
    /// `-m statistic --mode random` and NAT port searches.
    pub(crate) nf_rng: Rng,
    /// Key of the flow hash (VXLAN source ports).
    pub(crate) hash_key: u64,
    pub(crate) apps: Vec<Option<app::AppSlot>>,
    /// Events this kernel wants the world to schedule.
    pub(crate) pending: Vec<Scheduled>,
    /// Applications to wake once the current step is done.
    pub(crate) wakes: std::collections::BTreeSet<app::AppId>,
    /// Whether hops are being recorded.
    pub tracing: bool,
    pub(crate) hops: Vec<crate::sim::trace::Hop>,
    /// Frames captured per (namespace, device) by `tcpdump`-style taps.
    pub(crate) taps: Vec<dp::Tap>,
}

/// The network configuration of a kernel (namespaces and devices), saved
/// so a failed command can be undone.
#[derive(Clone, Debug)]
pub struct NetState {
    netns: Vec<Option<Netns>>,
    devices: Vec<Option<Device>>,
    mounts: BTreeMap<String, NetnsId>,
    mac_rng: Rng,
}

/// Something a kernel asks the world to do later.
#[derive(Debug)]
pub enum KEvent {
    /// A frame arrives at a device.
    Rx {
        dev: DevId,
        frame: Vec<u8>,
        meta: dp::PktMeta,
    },
    /// A NIC put a frame on the underlay.
    Wire {
        dev: DevId,
        frame: Vec<u8>,
    },
    TcpTimer {
        ns: NetnsId,
        sock: socket::SockId,
        timer: tcp::TcpTimer,
        generation: u32,
    },
    NeighTimer {
        ns: NetnsId,
        dev: DevId,
        ip: Ipv4Addr,
        generation: u32,
    },
    AppWake(app::AppId),
    AppTimer {
        app: app::AppId,
        generation: u32,
    },
    /// A fragment queue's `ipfrag_time` ran out.
    FragTimer {
        ns: NetnsId,
        serial: u64,
    },
    /// A broadcast ARP request held for `proxy_delay` before proxy ARP
    /// answers it (pneigh_enqueue).
    ProxyArp {
        dev: DevId,
        frame: Vec<u8>,
    },
}

/// A kernel event with its delay from now.
#[derive(Debug)]
pub struct Scheduled {
    pub delay: crate::time::Duration,
    pub event: KEvent,
    /// Deliver once the host's frames in flight are processed (see
    /// [`AppIo::continue_after_softirq`](app::AppIo::continue_after_softirq)); `delay` is then unused.
    pub after_softirq: bool,
}

/// `/var/run/x` and `/run/x` are the same place; strip trailing slashes.
pub fn normalise_path(path: &str) -> String {
    let p = path.trim_end_matches('/');
    match p.strip_prefix("/var/run/") {
        Some(rest) => format!("/run/{rest}"),
        None => p.to_string(),
    }
}

impl Kernel {
    /// A kernel with its initial namespace holding only `lo` (up, 127.0.0.1/8).
    pub fn new(hostname: &str, seed: u64) -> Kernel {
        let mut k = Kernel {
            hostname: hostname.to_string(),
            netns: Vec::new(),
            devices: Vec::new(),
            mounts: BTreeMap::new(),
            mount_dirs: BTreeSet::new(),
            dmesg: Vec::new(),
            now: Instant::ZERO,
            origin: None,
            origins_seen: Vec::new(),
            wall_epoch: crate::swarm::scenario::SEED_EPOCH,
            mac_rng: Rng::new(seed, &format!("mac/{hostname}")),
            port_rng: Rng::new(seed, &format!("ports/{hostname}")),
            nf_rng: Rng::new(seed, &format!("netfilter/{hostname}")),
            hash_key: Rng::new(seed, &format!("hash/{hostname}")).next_u64(),
            apps: Vec::new(),
            pending: Vec::new(),
            wakes: Default::default(),
            tracing: false,
            hops: Vec::new(),
            taps: Vec::new(),
        };
        let init = k.netns_create_with(Sysctl::default());
        debug_assert_eq!(init, INIT_NETNS);
        k
    }

    /// The wall-clock time now, in Unix seconds.
    pub fn wall_secs(&self) -> i64 {
        self.wall_epoch + self.now.as_secs() as i64
    }

    /// Run `iptables ARGS…` in a namespace as root (the Docker agent's way
    /// in); true when it succeeded. Failures are recorded in the kernel log.
    pub fn iptables_args(&mut self, ns: NetnsId, args: &[&str]) -> bool {
        let out = self.iptables_run(ns, args);
        if !out.success() {
            let now = self.now;
            self.dmesg.push((now, format!("mesh: iptables {} failed: {}", args.join(" "), out.stderr.trim_end())));
        }
        out.success()
    }

    /// Like [`Kernel::iptables_args`], for checks (`-C`, `-L CHAIN`): no log.
    pub fn iptables_args_quiet(&mut self, ns: NetnsId, args: &[&str]) -> bool {
        self.iptables_run(ns, args).success()
    }

    fn iptables_run(&mut self, ns: NetnsId, args: &[&str]) -> crate::output::CmdOutput {
        let mut argv = vec!["iptables".to_string()];
        argv.extend(args.iter().map(|a| a.to_string()));
        let env = crate::netfilter::ToolEnv { date: crate::time::ctime(self.wall_secs()), root: true };
        let mut nf = std::mem::take(&mut self.netns_mut(ns).netfilter);
        nf.seal_origins();
        let out = crate::netfilter::iptables(&argv, &mut nf, &env);
        if let Some(o) = &self.origin {
            nf.stamp_origin(o);
        }
        self.netns_mut(ns).netfilter = nf;
        out
    }

    /// Keep IPVS's view of its sysctls in step with the namespace's.
    pub(crate) fn ipvs_sync_sysctl(&mut self, ns: NetnsId) {
        let n = self.netns_mut(ns);
        n.ipvs.sysctl.conntrack = n.sysctl.vs_conntrack;
        n.ipvs.sysctl.conn_reuse_mode = n.sysctl.vs_conn_reuse_mode;
        n.ipvs.sysctl.expire_nodest_conn = n.sysctl.vs_expire_nodest_conn;
        n.ipvs.sysctl.expire_quiescent_template = n.sysctl.vs_expire_quiescent_template;
    }

    /// Save the network configuration (see [`NetState`]).
    pub fn save_net(&self) -> NetState {
        NetState { netns: self.netns.clone(), devices: self.devices.clone(), mounts: self.mounts.clone(), mac_rng: self.mac_rng.clone() }
    }

    /// Put back a configuration saved by [`Kernel::save_net`].
    pub fn restore_net(&mut self, s: NetState) {
        self.netns = s.netns;
        self.devices = s.devices;
        self.mounts = s.mounts;
        self.mac_rng = s.mac_rng;
    }

    /// Ask the world to deliver `event` after `delay`.
    pub(crate) fn schedule(&mut self, delay: crate::time::Duration, event: KEvent) {
        self.pending.push(Scheduled { delay, event, after_softirq: false });
    }

    /// Wake an application after the current step.
    pub(crate) fn wake_app(&mut self, app: app::AppId) {
        self.wakes.insert(app);
    }

    /// Work on behalf of `origin` from now on (provenance of the objects
    /// created); returns the previous one to restore.
    pub fn set_origin(&mut self, origin: Option<Origin>) -> Option<Origin> {
        if let Some(o) = &origin {
            if !self.origins_seen.contains(o) {
                self.origins_seen.push(o.clone());
            }
        }
        std::mem::replace(&mut self.origin, origin)
    }

    /// Hand over what this kernel wants scheduled (wake-ups included).
    pub fn take_pending(&mut self) -> Vec<Scheduled> {
        self.queue_wakes();
        std::mem::take(&mut self.pending)
    }

    /// The same as [`Kernel::take_pending`], keeping the buffer for the next
    /// step.
    pub(crate) fn drain_pending(&mut self) -> std::vec::Drain<'_, Scheduled> {
        self.queue_wakes();
        self.pending.drain(..)
    }

    fn queue_wakes(&mut self) {
        if self.wakes.is_empty() {
            return;
        }
        let wakes = std::mem::take(&mut self.wakes);
        for a in wakes {
            self.pending.push(Scheduled { delay: dp::APP_WAKE_DELAY, event: KEvent::AppWake(a), after_softirq: false });
        }
    }

    /// Hand over the hops recorded since the last call.
    pub fn take_hops(&mut self) -> Vec<crate::sim::trace::Hop> {
        std::mem::take(&mut self.hops)
    }

    // ----- namespaces -------------------------------------------------------

    fn netns_create_with(&mut self, sysctl: Sysctl) -> NetnsId {
        let id = NetnsId(self.netns.len() as u32);
        self.netns.push(Some(Netns::new(id, sysctl, self.origin.clone())));
        let lo = self.insert_device(id, "lo".to_string(), DeviceKind::Loopback, EthernetAddress([0; 6]), 65536, 1000, None);
        // Loopback gets 127.0.0.1/8 when it first comes up (see dev_set_up).
        if id == INIT_NETNS {
            let _ = self.dev_set_up(lo, true);
        }
        id
    }

    /// A new, unnamed namespace (`unshare --net`); `lo` is down, as in Linux.
    pub fn netns_create(&mut self) -> NetnsId {
        let inherited = Sysctl::inherit(&self.netns(INIT_NETNS).sysctl);
        self.netns_create_with(inherited)
    }

    pub fn netns(&self, id: NetnsId) -> &Netns {
        match self.netns.get(id.0 as usize).and_then(Option::as_ref) {
            Some(n) => n,
            None => panic!("namespace {id:?} does not exist"),
        }
    }

    pub fn netns_mut(&mut self, id: NetnsId) -> &mut Netns {
        match self.netns.get_mut(id.0 as usize).and_then(Option::as_mut) {
            Some(n) => n,
            None => panic!("namespace {id:?} does not exist"),
        }
    }

    pub fn netns_exists(&self, id: NetnsId) -> bool {
        matches!(self.netns.get(id.0 as usize), Some(Some(_)))
    }

    /// Every live namespace, in creation order.
    pub fn netns_ids(&self) -> impl Iterator<Item = NetnsId> + '_ {
        self.netns.iter().flatten().map(|n| n.id)
    }

    /// The namespace a bind-mounted file refers to.
    pub fn netns_by_path(&self, path: &str) -> Option<NetnsId> {
        self.mounts.get(&normalise_path(path)).copied()
    }

    /// The namespace `ip netns` knows as `name`.
    pub fn netns_by_name(&self, name: &str) -> Option<NetnsId> {
        self.netns_by_path(&format!("{NETNS_RUN_DIR}/{name}"))
    }

    /// Names under `/run/netns` (what `ip netns list` shows), sorted.
    pub fn named_netns(&self) -> Vec<(String, NetnsId)> {
        let prefix = format!("{NETNS_RUN_DIR}/");
        self.mounts.iter().filter_map(|(p, id)| p.strip_prefix(&prefix).map(|n| (n.to_string(), *id))).filter(|(n, _)| !n.contains('/')).collect()
    }

    /// Bind-mount a namespace at `path`.
    pub fn netns_mount(&mut self, path: &str, id: NetnsId) {
        let path = normalise_path(path);
        if let Some((dir, _)) = path.rsplit_once('/') {
            self.mount_dirs.insert(dir.to_string());
        }
        self.mounts.insert(path, id);
    }

    /// Remove a mount; when no mount refers to the namespace any more, it is
    /// destroyed (mesh models no processes pinning a namespace).
    pub fn netns_unmount(&mut self, path: &str) -> KResult<()> {
        let key = normalise_path(path);
        let Some(id) = self.mounts.remove(&key) else {
            return Err(Errno::ENOENT.into());
        };
        if id != INIT_NETNS && !self.mounts.values().any(|v| *v == id) {
            self.netns_destroy(id);
        }
        Ok(())
    }

    /// A short human name for a namespace: `host` for the initial one, else
    /// its `ip netns` name or the last part of its mount path.
    pub fn netns_label(&self, id: NetnsId) -> String {
        if id == INIT_NETNS {
            return "host".to_string();
        }
        let mut best: Option<&str> = None;
        for (p, v) in &self.mounts {
            if *v == id {
                if p.starts_with("/run/netns/") {
                    best = Some(p.as_str());
                    break;
                }
                best.get_or_insert(p.as_str());
            }
        }
        match best {
            Some(p) => p.rsplit('/').next().unwrap_or(p).to_string(),
            None => format!("netns{}", id.0),
        }
    }

    fn netns_destroy(&mut self, id: NetnsId) {
        let devs: Vec<DevId> = self.netns(id).devs.values().copied().collect();
        for d in devs {
            if !self.dev_exists(d) {
                continue; // a veth peer already removed with its pair
            }
            let dev = self.dev(d);
            if matches!(dev.kind, DeviceKind::Nic) {
                // Physical devices return to the initial namespace.
                let _ = self.dev_set_netns(d, INIT_NETNS);
            } else if !dev.is_loopback() {
                let _ = self.dev_delete(d);
            }
        }
        // Loopback dies with the namespace.
        let rest: Vec<DevId> = self.netns(id).devs.values().copied().collect();
        for d in rest {
            self.devices[d.0 as usize] = None;
        }
        for n in self.netns.iter_mut().flatten() {
            n.netnsids.remove(&id);
        }
        self.netns[id.0 as usize] = None;
    }

    // ----- devices ------------------------------------------------------------

    pub fn dev_exists(&self, id: DevId) -> bool {
        matches!(self.devices.get(id.0 as usize), Some(Some(_)))
    }

    pub fn dev(&self, id: DevId) -> &Device {
        match self.devices.get(id.0 as usize).and_then(Option::as_ref) {
            Some(d) => d,
            None => panic!("device {id:?} does not exist"),
        }
    }

    pub fn dev_mut(&mut self, id: DevId) -> &mut Device {
        match self.devices.get_mut(id.0 as usize).and_then(Option::as_mut) {
            Some(d) => d,
            None => panic!("device {id:?} does not exist"),
        }
    }

    pub fn dev_try(&self, id: DevId) -> Option<&Device> {
        self.devices.get(id.0 as usize).and_then(Option::as_ref)
    }

    /// Devices of a namespace in ifindex order.
    pub fn devs_in(&self, ns: NetnsId) -> impl Iterator<Item = &Device> + '_ {
        self.netns(ns).devs.values().map(move |d| self.dev(*d))
    }

    pub fn dev_by_name(&self, ns: NetnsId, name: &str) -> Option<DevId> {
        self.devs_in(ns).find(|d| d.name == name).map(|d| d.id)
    }

    pub fn dev_by_ifindex(&self, ns: NetnsId, ifindex: u32) -> Option<DevId> {
        self.netns(ns).devs.get(&ifindex).copied()
    }

    /// A random locally administered unicast MAC (eth_random_addr).
    pub fn random_mac(&mut self) -> EthernetAddress {
        let mut b = [0u8; 6];
        self.mac_rng.fill(&mut b);
        b[0] &= 0xfe; // unicast
        b[0] |= 0x02; // locally administered
        EthernetAddress(b)
    }

    #[allow(clippy::too_many_arguments)]
    fn insert_device(&mut self, ns: NetnsId, name: String, kind: DeviceKind, mac: EthernetAddress, mtu: u32, txqlen: u32, ifindex: Option<u32>) -> DevId {
        let id = DevId(self.devices.len() as u32);
        let conf = self.netns(ns).sysctl.conf_default;
        let idx = self.netns_mut(ns).alloc_ifindex(ifindex);
        self.netns_mut(ns).devs.insert(idx, id);
        self.devices.push(Some(Device {
            id,
            netns: ns,
            ifindex: idx,
            name,
            kind,
            mac,
            admin_up: false,
            mtu,
            txqlen,
            master: None,
            addrs: Vec::new(),
            stats: DevStats::default(),
            promisc: 0,
            qdisc_attached: false,
            alias: None,
            conf,
            origin: self.origin.clone(),
        }));
        id
    }

    /// Valid interface name: 1..=15 bytes, no '/', ':' or whitespace, not "." or "..".
    pub fn valid_ifname(name: &str) -> bool {
        !name.is_empty() && name.len() < 16 && name != "." && name != ".." && !name.bytes().any(|b| b == b'/' || b == b':' || b.is_ascii_whitespace())
    }

    /// `ip link add NAME type …`. A veth's peer is registered first, so it
    /// gets the lower ifindex (as the kernel does).
    pub fn link_add(&mut self, ns: NetnsId, name: &str, spec: LinkSpec, mac: Option<EthernetAddress>) -> KResult<DevId> {
        if !Self::valid_ifname(name) {
            return Err(Errno::EINVAL.into());
        }
        if self.dev_by_name(ns, name).is_some() {
            return Err(Errno::EEXIST.into());
        }
        let mac_given = mac.is_some();
        let mac = match mac {
            Some(m) => m,
            None => self.random_mac(),
        };
        let id = match spec {
            LinkSpec::Veth { peer_name, peer_netns, peer_mac } => {
                let pns = peer_netns.unwrap_or(ns);
                if !Self::valid_ifname(&peer_name) {
                    return Err(Errno::EINVAL.into());
                }
                if self.dev_by_name(pns, &peer_name).is_some() {
                    return Err(Errno::EEXIST.into());
                }
                if pns == ns && peer_name == name {
                    // The peer registers (taking an ifindex) before the name clash shows.
                    self.netns_mut(ns).alloc_ifindex(None);
                    return Err(Errno::EEXIST.into());
                }
                let pmac = match peer_mac {
                    Some(m) => m,
                    None => self.random_mac(),
                };
                let placeholder = DevId(u32::MAX);
                let peer = self.insert_device(pns, peer_name, DeviceKind::Veth { peer: placeholder }, pmac, 1500, 1000, None);
                let me = self.insert_device(ns, name.to_string(), DeviceKind::Veth { peer }, mac, 1500, 1000, None);
                self.dev_mut(peer).kind = DeviceKind::Veth { peer: me };
                // The peer registers before `me` exists, so only the creating
                // namespace gets an id for the peer's (the peer's namespace
                // allocates one when it first reports the link).
                if pns != ns {
                    self.netns_mut(ns).netnsid_for(pns);
                }
                me
            }
            LinkSpec::Bridge => self.insert_device(ns, name.to_string(), DeviceKind::Bridge(Box::default()), mac, 1500, 1000, None),
            LinkSpec::Vxlan(v) => {
                // vxlan_config_validate: one VNI per UDP port among the
                // VXLAN devices created from a namespace (its vxlan_list).
                let clash =
                    self.devices.iter().flatten().filter_map(Device::vxlan).any(|o| o.link_netns == v.link_netns && o.vni == v.vni && o.dstport == v.dstport);
                if clash {
                    return Err(KernelError::with_msg(Errno::EEXIST, "A VXLAN device with the specified VNI already exists"));
                }
                let mtu = 1450;
                self.insert_device(ns, name.to_string(), DeviceKind::Vxlan(v), mac, mtu, 1000, None)
            }
            LinkSpec::Dummy => self.insert_device(ns, name.to_string(), DeviceKind::Dummy, mac, 1500, 1000, None),
            LinkSpec::Nic => self.insert_device(ns, name.to_string(), DeviceKind::Nic, mac, 1500, 1000, None),
        };
        if let Some(b) = self.dev_mut(id).bridge_mut() {
            // An address given at creation is never replaced by a port's.
            b.mac_fixed = mac_given;
        }
        if self.dev(id).is_bridge() {
            self.bridge_add_local_entry(id, id);
        }
        Ok(id)
    }

    /// Whether a device has carrier (lower layer up).
    pub fn carrier(&self, id: DevId) -> bool {
        let d = self.dev(id);
        match &d.kind {
            // veth_open/veth_close: carrier only while both ends are up.
            DeviceKind::Veth { peer } => d.admin_up && self.dev(*peer).admin_up,
            DeviceKind::Bridge(_) => self.bridge_ports(id).any(|p| p.admin_up && self.carrier(p.id)),
            _ => true,
        }
    }

    /// Administratively up and with carrier: frames can flow.
    pub fn dev_running(&self, id: DevId) -> bool {
        self.dev(id).admin_up && self.carrier(id)
    }

    /// `state …` as `ip link` prints it.
    pub fn oper_state(&self, id: DevId) -> OperState {
        let d = self.dev(id);
        if !d.admin_up {
            return OperState::Down;
        }
        match &d.kind {
            DeviceKind::Loopback | DeviceKind::Vxlan(_) | DeviceKind::Dummy => OperState::Unknown,
            DeviceKind::Veth { peer } => {
                // default_operstate: without carrier, LOWERLAYERDOWN when the
                // device with the peer's ifindex *in this namespace* has no
                // carrier either, else DOWN.
                if self.carrier(id) {
                    return OperState::Up;
                }
                let iflink = self.dev(*peer).ifindex;
                match self.dev_by_ifindex(d.netns, iflink) {
                    Some(l) if iflink != d.ifindex && !self.carrier(l) => OperState::LowerLayerDown,
                    _ => OperState::Down,
                }
            }
            DeviceKind::Bridge(_) => {
                if self.carrier(id) {
                    OperState::Up
                } else {
                    OperState::Down
                }
            }
            DeviceKind::Nic => OperState::Up,
        }
    }

    /// The ports of a bridge, in ifindex order.
    pub fn bridge_ports(&self, br: DevId) -> impl Iterator<Item = &Device> + '_ {
        let ns = self.dev(br).netns;
        self.devs_in(ns).filter(move |d| d.master == Some(br))
    }

    /// `ip link set DEV up|down`. Going up installs the prefix and broadcast
    /// routes of the device's addresses; going down removes every route
    /// through it and flushes its neighbours (fib_disable_ip).
    pub fn dev_set_up(&mut self, id: DevId, up: bool) -> KResult<()> {
        let d = self.dev(id);
        if d.admin_up == up {
            return Ok(());
        }
        let ns = d.netns;
        // Bridge ports whose forwarding state this change can touch: the
        // device itself, a bridge's ports, a veth's peer (its carrier).
        let mut ports: Vec<DevId> = vec![id];
        if self.dev(id).is_bridge() {
            ports.extend(self.bridge_ports(id).map(|p| p.id));
        }
        if let DeviceKind::Veth { peer } = self.dev(id).kind {
            ports.push(peer);
        }
        ports.retain(|p| self.dev(*p).master.is_some_and(|m| self.dev(m).is_bridge()));
        let forwarding: Vec<bool> = ports.iter().map(|p| self.bridge_port_forwarding(*p)).collect();
        self.dev_mut(id).admin_up = up;
        if up {
            self.dev_mut(id).qdisc_attached = true;
        }
        // br_stp_disable_port: a port that stops forwarding loses the
        // entries learned on it (br_fdb_delete_by_port, static ones kept).
        for (p, was) in ports.into_iter().zip(forwarding) {
            if was && !self.bridge_port_forwarding(p) {
                if let Some(br) = self.dev(p).master {
                    if let Some(b) = self.dev_mut(br).bridge_mut() {
                        b.fdb.retain(|_, e| e.port != p || e.is_static || e.is_local);
                    }
                }
            }
        }
        if up && self.dev(id).is_loopback() && !self.dev(id).addrs.iter().any(|a| a.local == Ipv4Addr::LOCALHOST) {
            // inetdev_event(NETDEV_UP) gives loopback 127.0.0.1/8 (kept when it goes down).
            let lo_addr = IfAddr {
                local: Ipv4Addr::LOCALHOST,
                prefix_len: 8,
                broadcast: None,
                scope: Scope::Host,
                label: self.dev(id).name.clone(),
                secondary: false,
                noprefixroute: false,
                origin: None,
            };
            self.dev_mut(id).addrs.insert(0, lo_addr);
        }
        if up {
            let addrs = self.dev(id).addrs.clone();
            for a in &addrs {
                self.add_ifaddr_routes(id, a, true);
            }
        } else {
            // fib_disable_ip: routes through the device go, except `local`
            // routes (the addresses stay local while the link is down).
            let n = self.netns_mut(ns);
            n.routes.routes.retain(|r| r.dev != Some(id) || r.kind == RouteType::Local);
            n.neigh.remove_dev(id);
        }
        Ok(())
    }

    pub fn dev_set_mtu(&mut self, id: DevId, mtu: u32) -> KResult<()> {
        let d = self.dev(id);
        let (min, max) = match d.kind {
            DeviceKind::Loopback => (68, u32::MAX),
            DeviceKind::Bridge(_) => (68, 65535),
            DeviceKind::Veth { .. } => (68, 65535),
            DeviceKind::Vxlan(_) => (68, 65535),
            _ => (68, 9000),
        };
        if mtu < min || mtu > max {
            return Err(KernelError::with_msg(Errno::EINVAL, if mtu < min { "mtu less than device minimum" } else { "mtu greater than device maximum" }));
        }
        self.dev_mut(id).mtu = mtu;
        if let Some(br) = self.dev(id).master {
            self.bridge_mtu_auto(br);
        }
        Ok(())
    }

    pub fn dev_set_mac(&mut self, id: DevId, mac: EthernetAddress) -> KResult<()> {
        if mac.is_multicast() {
            return Err(Errno::EADDRNOTAVAIL.into());
        }
        let old = self.dev(id).mac;
        self.dev_mut(id).mac = mac;
        if let Some(b) = self.dev_mut(id).bridge_mut() {
            b.mac_fixed = true;
        }
        // Keep the bridge's local FDB entries in step.
        if let Some(br) = self.dev(id).master.or(if self.dev(id).is_bridge() { Some(id) } else { None }) {
            if let Some(b) = self.dev_mut(br).bridge_mut() {
                if b.fdb.get(&old).is_some_and(|e| e.is_local && e.port == id) {
                    b.fdb.remove(&old);
                }
            }
            self.bridge_add_local_entry(br, id);
            if br != id {
                self.bridge_update_mac(br);
            }
        }
        Ok(())
    }

    pub fn dev_rename(&mut self, id: DevId, name: &str) -> KResult<()> {
        if !Self::valid_ifname(name) {
            return Err(Errno::EINVAL.into());
        }
        let d = self.dev(id);
        if d.name == name {
            return Ok(());
        }
        if self.dev_by_name(d.netns, name).is_some() {
            return Err(Errno::EEXIST.into());
        }
        let dev = self.dev_mut(id);
        for a in &mut dev.addrs {
            if a.label == dev.name {
                a.label = name.to_string();
            }
        }
        dev.name = name.to_string();
        Ok(())
    }

    /// `ip link set DEV master BR` / `nomaster`.
    pub fn dev_set_master(&mut self, id: DevId, master: Option<DevId>) -> KResult<()> {
        if let Some(br) = master {
            let b = self.dev(br);
            if !b.is_bridge() {
                return Err(Errno::EOPNOTSUPP.into());
            }
            // br_add_if: loopback and invalid (zero, multicast) addresses
            // are refused before bridges.
            let port = self.dev(id);
            if b.netns != port.netns || port.is_loopback() || port.mac.is_multicast() || port.mac == EthernetAddress([0; 6]) {
                return Err(Errno::EINVAL.into());
            }
            if port.is_bridge() {
                return Err(KernelError::with_msg(Errno::ELOOP, "Can not enslave a bridge to a bridge"));
            }
            if self.dev(id).master == Some(br) {
                return Ok(());
            }
        }
        if let Some(old) = self.dev(id).master {
            self.bridge_remove_port_entries(old, id);
        }
        let old = self.dev(id).master;
        self.dev_mut(id).master = master;
        if let Some(br) = master {
            self.bridge_add_local_entry(br, id);
            self.bridge_update_mac(br);
            if let Some(b) = self.dev_mut(br).bridge_mut() {
                b.had_port = true;
            }
        }
        if let Some(br) = old.filter(|o| Some(*o) != master) {
            self.bridge_update_mac(br);
        }
        for br in [old, master].into_iter().flatten() {
            self.bridge_mtu_auto(br);
        }
        Ok(())
    }

    /// Linux bridges take the lowest port MAC unless one was set by hand
    /// (br_stp_recalculate_bridge_id, run when a port joins, leaves or
    /// changes its address); a bridge whose last port left has the zero MAC
    /// (and no local FDB entry for it) until a port joins again.
    fn bridge_update_mac(&mut self, br: DevId) {
        let fixed = self.dev(br).bridge().is_some_and(|b| b.mac_fixed);
        if fixed {
            return;
        }
        let m = self.bridge_ports(br).map(|p| p.mac).min().unwrap_or(EthernetAddress([0; 6]));
        let old = self.dev(br).mac;
        if m == old {
            return;
        }
        self.dev_mut(br).mac = m;
        if let Some(b) = self.dev_mut(br).bridge_mut() {
            if b.fdb.get(&old).is_some_and(|e| e.is_local && e.port == br) {
                b.fdb.remove(&old);
            }
            b.mac_fixed = false;
        }
        // br_fdb_change_mac_address → fdb_add_local: a port's local entry for
        // the same address stays the port's; the zero address gets none.
        if m != EthernetAddress([0; 6]) && !self.dev(br).bridge().is_some_and(|b| b.fdb.get(&m).is_some_and(|e| e.is_local)) {
            self.bridge_add_local_entry(br, br);
        }
    }

    fn bridge_add_local_entry(&mut self, br: DevId, port: DevId) {
        let mac = self.dev(port).mac;
        let now = self.now;
        let origin = self.origin.clone();
        if let Some(b) = self.dev_mut(br).bridge_mut() {
            b.fdb_create(mac, port, crate::kernel::ops::FdbState::Permanent, now, origin);
        }
    }

    fn bridge_remove_port_entries(&mut self, br: DevId, port: DevId) {
        if let Some(b) = self.dev_mut(br).bridge_mut() {
            b.fdb.retain(|_, e| e.port != port);
        }
    }

    /// `ip link set DEV netns NS`: the device keeps its ifindex when it is free
    /// in the target, loses its addresses and routes, and goes down.
    pub fn dev_set_netns(&mut self, id: DevId, target: NetnsId) -> KResult<()> {
        let d = self.dev(id);
        if d.is_loopback() {
            return Err(KernelError::with_msg(Errno::EINVAL, "The interface netns is immutable"));
        }
        let from = d.netns;
        if from == target {
            return Ok(());
        }
        if self.dev_by_name(target, &d.name).is_some() {
            return Err(KernelError::with_msg(Errno::EEXIST, "An interface with the same name exists in the target netns"));
        }
        if let Some(m) = d.master {
            self.bridge_remove_port_entries(m, id);
            self.dev_mut(id).master = None;
            self.bridge_update_mac(m);
            self.bridge_mtu_auto(m);
        }
        // Ports of a bridge that moves lose their master.
        if self.dev(id).is_bridge() {
            let ports: Vec<DevId> = self.bridge_ports(id).map(|p| p.id).collect();
            for p in ports {
                self.dev_mut(p).master = None;
            }
        }
        let _ = self.dev_set_up(id, false);
        {
            let n = self.netns_mut(from);
            n.routes.routes.retain(|r| r.dev != Some(id));
            n.neigh.remove_dev(id);
            n.devs.retain(|_, v| *v != id);
        }
        let old_index = self.dev(id).ifindex;
        let conf = self.netns(target).sysctl.conf_default;
        let idx = self.netns_mut(target).alloc_ifindex(Some(old_index));
        self.netns_mut(target).devs.insert(idx, id);
        let dev = self.dev_mut(id);
        dev.netns = target;
        dev.ifindex = idx;
        dev.addrs.clear();
        dev.conf = conf;
        dev.qdisc_attached = false;
        if let Some(peer) = self.dev(id).veth_peer() {
            let pns = self.dev(peer).netns;
            if pns != target {
                self.netns_mut(target).netnsid_for(pns);
                self.netns_mut(pns).netnsid_for(target);
            }
        }
        if let Some(v) = self.dev(id).vxlan() {
            let lns = v.link_netns;
            if lns != target {
                self.netns_mut(target).netnsid_for(lns);
            }
        }
        Ok(())
    }

    /// `ip link del DEV`: a veth takes its peer with it; a bridge releases its ports.
    pub fn dev_delete(&mut self, id: DevId) -> KResult<()> {
        let d = self.dev(id);
        if d.is_loopback() || matches!(d.kind, DeviceKind::Nic) {
            return Err(Errno::EOPNOTSUPP.into());
        }
        let peer = d.veth_peer();
        if d.is_bridge() {
            let ports: Vec<DevId> = self.bridge_ports(id).map(|p| p.id).collect();
            for p in ports {
                self.dev_mut(p).master = None;
            }
        }
        self.remove_device(id);
        if let Some(p) = peer {
            if self.dev_exists(p) {
                self.remove_device(p);
            }
        }
        Ok(())
    }

    fn remove_device(&mut self, id: DevId) {
        let d = self.dev(id);
        let ns = d.netns;
        let master = d.master;
        if let Some(m) = master {
            self.bridge_remove_port_entries(m, id);
        }
        let n = self.netns_mut(ns);
        n.routes.routes.retain(|r| r.dev != Some(id));
        n.neigh.remove_dev(id);
        n.devs.retain(|_, v| *v != id);
        self.devices[id.0 as usize] = None;
        if let Some(m) = master.filter(|m| self.dev_exists(*m)) {
            self.bridge_update_mac(m);
            self.bridge_mtu_auto(m);
        }
    }

    // ----- addresses ----------------------------------------------------------

    /// `ip addr add`: insert in Linux's list order, mark secondaries, add routes.
    pub fn addr_add(&mut self, id: DevId, mut a: IfAddr) -> KResult<()> {
        let d = self.dev(id);
        if d.addrs.iter().any(|x| x.local == a.local && x.prefix_len == a.prefix_len) {
            return Err(KernelError::with_msg(Errno::EEXIST, "ipv4: Address already assigned"));
        }
        if a.label.is_empty() {
            a.label = d.name.clone();
        }
        if a.origin.is_none() {
            a.origin = self.origin.clone();
        }
        let mask = crate::net::prefix_to_mask(a.prefix_len);
        let mut last_primary = 0usize;
        a.secondary = false;
        for (i, x) in d.addrs.iter().enumerate() {
            if !x.secondary && a.scope.value() <= x.scope.value() {
                last_primary = i + 1;
            }
            if !x.secondary && x.prefix_len == a.prefix_len && (u32::from(x.local) & mask) == (u32::from(a.local) & mask) {
                // A secondary must have its primary's scope.
                if x.scope != a.scope {
                    return Err(KernelError::with_msg(Errno::EINVAL, "ipv4: Invalid scope value"));
                }
                a.secondary = true;
            }
        }
        let pos = if a.secondary { d.addrs.len() } else { last_primary };
        let up = d.admin_up;
        self.dev_mut(id).addrs.insert(pos, a.clone());
        self.add_ifaddr_routes(id, &a, up);
        Ok(())
    }

    /// `ip addr del`: deleting a primary also deletes its secondaries (Linux's
    /// default without `promote_secondaries`).
    pub fn addr_del(&mut self, id: DevId, local: Ipv4Addr, prefix_len: Option<u8>) -> KResult<()> {
        let d = self.dev(id);
        let Some(pos) = d.addrs.iter().position(|x| x.local == local && prefix_len.is_none_or(|p| p == x.prefix_len)) else {
            return Err(KernelError::with_msg(Errno::EADDRNOTAVAIL, "ipv4: Address not found"));
        };
        let removed = self.dev_mut(id).addrs.remove(pos);
        let mut gone = vec![removed.clone()];
        if !removed.secondary {
            let cidr = removed.cidr();
            let dev = self.dev_mut(id);
            let (sec, keep): (Vec<IfAddr>, Vec<IfAddr>) =
                dev.addrs.drain(..).partition(|x| x.secondary && x.prefix_len == cidr.prefix_len && cidr.contains(x.local));
            dev.addrs = keep;
            gone.extend(sec);
        }
        let ns = self.dev(id).netns;
        for g in &gone {
            self.remove_ifaddr_routes(ns, id, g);
        }
        if self.dev(id).addrs.is_empty() {
            // The last address is gone: fib_disable_ip removes every route
            // through the device and its neighbours.
            let n = self.netns_mut(ns);
            n.routes.remove_dev(id);
            n.neigh.remove_dev(id);
        }
        Ok(())
    }

    fn kernel_route(&self, table: u32, dst: Ipv4Cidr, kind: RouteType, dev: DevId, scope: Scope, src: Ipv4Addr) -> Route {
        Route {
            table,
            dst,
            kind,
            tos: 0,
            metric: 0,
            gateway: None,
            dev: Some(dev),
            proto: route::rtproto::KERNEL,
            scope,
            prefsrc: Some(src),
            onlink: false,
            origin: self.origin.clone(),
        }
    }

    /// The source a route of this address uses: the primary address of the
    /// subnet for a secondary.
    fn ifaddr_prim(&self, id: DevId, a: &IfAddr) -> Ipv4Addr {
        if !a.secondary {
            return a.local;
        }
        self.dev(id).addrs.iter().find(|x| !x.secondary && x.prefix_len == a.prefix_len && x.same_subnet(a.local)).map(|x| x.local).unwrap_or(a.local)
    }

    fn add_local_route(&mut self, id: DevId, a: &IfAddr) {
        let prim = self.ifaddr_prim(id, a);
        let ns = self.dev(id).netns;
        let r = self.kernel_route(route::TABLE_LOCAL, Ipv4Cidr::new(a.local, 32), RouteType::Local, id, Scope::Host, prim);
        self.insert_route_unique(ns, r);
    }

    /// fib_add_ifaddr.
    fn add_ifaddr_routes(&mut self, id: DevId, a: &IfAddr, dev_up: bool) {
        self.add_local_route(id, a);
        if !dev_up {
            return;
        }
        let prim = self.ifaddr_prim(id, a);
        let ns = self.dev(id).netns;
        let is_lo = self.dev(id).is_loopback();
        if let Some(b) = a.broadcast {
            if b != Ipv4Addr::BROADCAST {
                let r = self.kernel_route(route::TABLE_LOCAL, Ipv4Cidr::new(b, 32), RouteType::Broadcast, id, Scope::Link, prim);
                self.insert_route_unique(ns, r);
            }
        }
        let prefix = a.cidr().network();
        if u32::from(prefix.addr) != 0 && !a.secondary && (prefix.addr != a.local || a.prefix_len < 32) {
            if !a.noprefixroute {
                let (table, kind, scope) =
                    if is_lo { (route::TABLE_LOCAL, RouteType::Local, Scope::Host) } else { (route::TABLE_MAIN, RouteType::Unicast, Scope::Link) };
                let r = self.kernel_route(table, prefix, kind, id, scope, prim);
                self.insert_route_unique(ns, r);
            }
            if a.prefix_len < 31 {
                let r = self.kernel_route(route::TABLE_LOCAL, Ipv4Cidr::new(a.cidr().broadcast(), 32), RouteType::Broadcast, id, Scope::Link, prim);
                self.insert_route_unique(ns, r);
            }
        }
    }

    /// fib_del_ifaddr: remove the routes an address installed, unless another
    /// address on the namespace still needs them.
    fn remove_ifaddr_routes(&mut self, ns: NetnsId, id: DevId, a: &IfAddr) {
        let still_local = self.devs_in(ns).any(|d| d.addrs.iter().any(|x| x.local == a.local));
        let prefix = a.cidr().network();
        let bcast = a.cidr().broadcast();
        let other_in_prefix = self.dev(id).addrs.iter().any(|x| x.prefix_len == a.prefix_len && prefix.contains(x.local));
        let n = self.netns_mut(ns);
        n.routes.routes.retain(|r| {
            if r.proto != route::rtproto::KERNEL || r.dev != Some(id) {
                return true;
            }
            match r.kind {
                RouteType::Local if r.dst.prefix_len == 32 && r.dst.addr == a.local => still_local,
                RouteType::Local | RouteType::Unicast if r.dst == prefix && !a.secondary => other_in_prefix,
                RouteType::Broadcast if r.dst.addr == bcast || Some(r.dst.addr) == a.broadcast => other_in_prefix,
                _ => true,
            }
        });
    }

    fn insert_route_unique(&mut self, ns: NetnsId, r: Route) {
        let n = self.netns_mut(ns);
        if n.routes.routes.iter().any(|x| x.same_key(&r) && x.kind == r.kind && x.dev == r.dev && x.gateway == r.gateway) {
            return;
        }
        n.routes.insert(r);
    }

    // ----- routes -------------------------------------------------------------

    /// `ip route add|replace|append`. Gateways must be reachable on-link
    /// (`Error: Nexthop has invalid gateway.`) unless `onlink` is given.
    pub fn route_add(&mut self, ns: NetnsId, mut r: Route, mode: RouteAddMode) -> KResult<()> {
        r.dst = r.dst.network();
        if r.origin.is_none() {
            r.origin = self.origin.clone();
        }
        if let Some(gw) = r.gateway {
            if !r.onlink {
                // A gateway behind a link without carrier is still valid
                // (its routes are only marked `linkdown`).
                let dev_ok = |d: DevId| self.dev(d).admin_up;
                let via = self.netns(ns).routes.lookup(gw, r.dev, &dev_ok);
                match via {
                    // fib_check_nh_v4_gw: the gateway must be on a connected
                    // (or local) route.
                    Some(v) if matches!(v.kind, RouteType::Unicast | RouteType::Local) && v.gateway.is_none() && v.dev.is_some() => {
                        if r.dev.is_none() {
                            r.dev = v.dev;
                        }
                    }
                    _ => return Err(KernelError::with_msg(Errno::EINVAL, "Nexthop has invalid gateway")),
                }
            } else if r.dev.is_none() {
                return Err(KernelError::with_msg(Errno::EINVAL, "Nexthop device required for onlink"));
            }
        }
        if let Some(d) = r.dev {
            if !self.dev(d).admin_up {
                return Err(KernelError::with_msg(Errno::ENETDOWN, "Device for nexthop is not up"));
            }
        }
        if matches!(r.kind, RouteType::Unicast | RouteType::Local | RouteType::Broadcast) && r.dev.is_none() {
            return Err(Errno::ENODEV.into());
        }
        let routes = &mut self.netns_mut(ns).routes;
        let existing = routes.routes.iter().position(|x| x.same_key(&r));
        let identical = routes.routes.iter().any(|x| x.same_key(&r) && x.kind == r.kind && x.gateway == r.gateway && x.dev == r.dev);
        match (mode, existing) {
            (RouteAddMode::Add, Some(_)) => Err(Errno::EEXIST.into()),
            (RouteAddMode::Change, None) => Err(Errno::ENOENT.into()),
            (RouteAddMode::Replace | RouteAddMode::Change, Some(i)) => {
                routes.routes[i] = r;
                Ok(())
            }
            (RouteAddMode::Append | RouteAddMode::Prepend, Some(_)) if identical => Err(Errno::EEXIST.into()),
            (RouteAddMode::Prepend, Some(i)) => {
                routes.routes.insert(i, r);
                Ok(())
            }
            _ => {
                routes.insert(r);
                Ok(())
            }
        }
    }

    /// `ip route del`: the first route matching every given field.
    pub fn route_del(&mut self, ns: NetnsId, sel: &RouteSelector) -> KResult<Route> {
        let routes = &mut self.netns_mut(ns).routes;
        let pos = routes.routes.iter().position(|r| sel.matches(r));
        match pos {
            Some(i) => Ok(routes.routes.remove(i)),
            None => Err(Errno::ESRCH.into()),
        }
    }

    /// Route lookup from this namespace (`ip route get`, the datapath).
    pub fn route_lookup(&self, ns: NetnsId, dst: Ipv4Addr, oif: Option<DevId>) -> Option<RouteResult> {
        let dev_ok = |d: DevId| self.dev_try(d).is_some_and(|x| x.admin_up);
        self.netns(ns).routes.lookup(dst, oif, &dev_ok)
    }

    /// Whether `ip` is an address of this namespace (a `local` route).
    pub fn is_local_addr(&self, ns: NetnsId, ip: Ipv4Addr) -> bool {
        self.netns(ns).routes.table(route::TABLE_LOCAL).any(|r| r.kind == RouteType::Local && r.dst.contains(ip))
    }

    /// inet_select_addr: the source address for sending out `dev` towards
    /// `dst` with at most `scope`.
    pub fn select_src(&self, ns: NetnsId, dev: Option<DevId>, dst: Ipv4Addr, scope: Scope) -> Option<Ipv4Addr> {
        if let Some(d) = dev {
            let dv = self.dev(d);
            let mut any = None;
            for a in dv.addrs.iter().filter(|a| !a.secondary && a.scope.value() <= scope.value()) {
                if a.same_subnet(dst) {
                    return Some(a.local);
                }
                any.get_or_insert(a.local);
            }
            if let Some(a) = any {
                return Some(a);
            }
        }
        // Any address of the namespace with a suitable scope (loopback last).
        let mut lo_addr = None;
        for d in self.devs_in(ns) {
            for a in d.addrs.iter().filter(|a| !a.secondary && a.scope.value() <= scope.value() && a.scope != Scope::Host) {
                if d.is_loopback() {
                    lo_addr.get_or_insert(a.local);
                } else {
                    return Some(a.local);
                }
            }
        }
        lo_addr
    }
}

/// How `route_add` treats an existing route with the same key (table,
/// prefix, tos, metric), as the netlink flags of `ip route add|replace|
/// change|append|prepend` ask.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RouteAddMode {
    /// Fail if one exists (EEXIST).
    Add,
    /// Overwrite the first one in place, or create.
    Replace,
    /// Overwrite the first one in place; fail if none (ENOENT).
    Change,
    /// Add after the existing ones (EEXIST for an identical route).
    Append,
    /// Add before the existing ones (EEXIST for an identical route).
    Prepend,
}

/// Fields that select a route for deletion (`ip route del …`); `None` = any.
#[derive(Clone, Debug, Default)]
pub struct RouteSelector {
    pub table: u32,
    pub dst: Option<Ipv4Cidr>,
    pub kind: Option<RouteType>,
    pub gateway: Option<Ipv4Addr>,
    pub dev: Option<DevId>,
    pub metric: Option<u32>,
    pub tos: Option<u8>,
    pub proto: Option<u8>,
    pub scope: Option<Scope>,
}

impl RouteSelector {
    pub fn matches(&self, r: &Route) -> bool {
        r.table == self.table
            && self.dst.is_none_or(|d| d.network() == r.dst)
            && self.kind.is_none_or(|k| k == r.kind)
            && self.gateway.is_none_or(|g| Some(g) == r.gateway)
            && self.dev.is_none_or(|d| Some(d) == r.dev)
            && self.metric.is_none_or(|m| m == r.metric)
            && self.tos.is_none_or(|t| t == r.tos)
            && self.proto.is_none_or(|p| p == r.proto)
            && self.scope.is_none_or(|s| s == r.scope)
    }
}
