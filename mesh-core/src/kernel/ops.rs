//! The kernel operations behind `ip`, `bridge` and `sysctl` that the core
//! kernel module does not already offer: link attributes (alias, txqueuelen,
//! promiscuity), address flush, neighbour entries, the bridge and VXLAN
//! forwarding databases, namespace ids, and the network sysctls by their
//! `/proc/sys` names.
//!
//! Every operation checks everything first and changes state only when it
//! succeeds, with the errno (and extended-ack message) the real kernel gives.
//!
//! Semantics kept from Linux:
//! - Neighbours (`neigh_add`): `add` fails on an existing entry (EEXIST),
//!   `change` on a missing one (ENOENT), `replace` does both; a valid state
//!   (`permanent`, `noarp`, `reachable`, `stale` …) needs a link-layer
//!   address (`Error: No link layer address given.`). A `reachable` entry
//!   reads as `STALE` once its reachable time has passed (the kernel's timer
//!   does that transition; mesh evaluates it when the entry is looked at).
//! - Bridge FDB (`bridge_fdb_add`): `permanent` makes a local entry (frames to
//!   it are delivered to the bridge), `static` an entry that never ages,
//!   `dynamic` one that ages out after the bridge's `ageing_time`; `master`
//!   adds on the port's bridge, `self` on the bridge device itself.
//! - VXLAN FDB (`vxlan_fdb_add`): one entry per MAC with one or more remote
//!   VTEPs; `append` adds a remote only to the all-zeros or a multicast MAC
//!   (for a unicast MAC it changes nothing), `replace` rewrites the first
//!   remote, `del … dst IP` removes one remote.
//! - Sysctls: the keys of [`super::sysctl::Sysctl`] and [`super::DevConf`]
//!   under their `/proc/sys/net/…` names; which keys exist depends on the
//!   namespace (`net.nf_conntrack_max` only in the initial one,
//!   `net.netfilter.nf_conntrack_max` read-only elsewhere) and on the loaded
//!   modules (`net.bridge.*` with br_netfilter, `net.ipv4.vs.*` with ip_vs).
//!
//! Not modelled: the device unicast/multicast address lists beyond the
//! all-hosts groups (an FDB `self` entry on a veth or NIC), VLAN-aware FDB
//! entries, neighbour proxies (`ip neigh add proxy`), the empty `NONE`
//! neighbour entry Linux leaves behind when an add fails for want of a
//! link-layer address (mesh changes nothing), and sysctl values that
//! the typed fields cannot hold: flags read back as 0/1 (Linux keeps the
//! integer that was written, e.g. `ip_forward = 2`), and per-device integer
//! settings accept 0–255 only.

use std::net::Ipv4Addr;

use super::device::{FdbEntry, VxlanFdb};
use super::neigh::{BASE_REACHABLE_TIME, Neigh, NudState};
use super::sysctl::{DEVCONF_KEYS, DevConf, Sysctl, devconf_get, devconf_set};
use super::{DevId, DeviceKind, Errno, KResult, Kernel, KernelError, NetnsId};
use crate::wire::EthernetAddress;

/// How `ip neigh add|replace|change` treats an existing entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NeighMode {
    /// `add`: create; fail if it exists.
    Add,
    /// `replace`: create or overwrite.
    Replace,
    /// `change`: overwrite; fail if it does not exist.
    Change,
}

/// How `bridge fdb add|append|replace` treats an existing entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FdbMode {
    Add,
    Append,
    Replace,
}

/// The state an FDB entry is added with (`permanent`, `static`, `dynamic`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FdbState {
    /// Local: frames to this MAC are delivered to the bridge; never ages.
    Permanent,
    /// Forwarded to the port; never ages.
    Static,
    /// Forwarded to the port; ages out like a learned entry.
    Dynamic,
}

/// Why a sysctl could not be read or written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SysctlError {
    /// No such file under `/proc/sys` (ENOENT).
    NotFound,
    /// The value was refused (EINVAL).
    Invalid,
    /// The file exists but is read-only in this namespace (mode 0444).
    ReadOnly,
}

/// Multicast groups every IPv4 device joins when it comes up (224.0.0.1,
/// all hosts), as hardware addresses.
const ALL_HOSTS_MAC: EthernetAddress = EthernetAddress([0x01, 0x00, 0x5e, 0x00, 0x00, 0x01]);
/// The group an up bridge with multicast snooping joins (224.0.0.106, all
/// snoopers).
const ALL_SNOOPERS_MAC: EthernetAddress = EthernetAddress([0x01, 0x00, 0x5e, 0x00, 0x00, 0x6a]);
/// IPv6 all-nodes (ff02::1): every Ethernet device joins it when it
/// registers, even with `disable_ipv6` set.
const IPV6_ALL_NODES_MAC: EthernetAddress = EthernetAddress([0x33, 0x33, 0x00, 0x00, 0x00, 0x01]);
/// IPv6 all-snoopers (ff02::6a), joined by an up bridge like 224.0.0.106.
const IPV6_ALL_SNOOPERS_MAC: EthernetAddress = EthernetAddress([0x33, 0x33, 0x00, 0x00, 0x00, 0x6a]);

impl Kernel {
    // ----- link attributes ---------------------------------------------------

    /// `ip link set DEV alias NAME` (an empty name clears it).
    pub fn dev_set_alias(&mut self, id: DevId, alias: &str) -> KResult<()> {
        if alias.len() >= 128 {
            return Err(Errno::EINVAL.into());
        }
        self.dev_mut(id).alias = if alias.is_empty() { None } else { Some(alias.to_string()) };
        Ok(())
    }

    /// `ip link set DEV txqueuelen N`.
    pub fn dev_set_txqlen(&mut self, id: DevId, txqlen: u32) -> KResult<()> {
        if i32::try_from(txqlen).is_err() {
            return Err(Errno::EINVAL.into());
        }
        self.dev_mut(id).txqlen = txqlen;
        Ok(())
    }

    /// `ip link set DEV promisc on|off`: the user's promiscuity flag
    /// (IFF_PROMISC as `ip link` shows it); the count a bridge adds for its
    /// ports is separate (see [`Kernel::promiscuity`]).
    pub fn dev_set_promisc(&mut self, id: DevId, on: bool) {
        self.dev_mut(id).promisc = u32::from(on);
    }

    /// The device's promiscuity count (`ip -d link`): the user's flag plus
    /// one for being a bridge port.
    pub fn promiscuity(&self, id: DevId) -> u32 {
        let d = self.dev(id);
        d.promisc + u32::from(d.master.is_some())
    }

    /// The MTU Linux gives a new VXLAN device: its lower device's MTU minus
    /// the 50 bytes of encapsulation, or 1500 without a lower device.
    pub fn vxlan_default_mtu(&self, link: Option<DevId>) -> u32 {
        match link {
            Some(l) => self.dev(l).mtu.saturating_sub(50).max(68),
            None => 1500,
        }
    }

    /// Hardware multicast addresses the device is subscribed to, in the
    /// order it joined them (what `bridge fdb show` lists as `self
    /// permanent`), as on Linux with IPv6 disabled by sysctl: IPv6 still
    /// joins all-nodes (`33:33:00:00:00:01`) when the device registers (in a
    /// namespace, again after a move); bringing the device up joins
    /// 224.0.0.1, and a bridge first joins the multicast snoopers' groups
    /// (224.0.0.106 and ff02::6a, from its `ndo_open`); bringing it down
    /// leaves all of these but all-nodes. Loopback joins nothing; a VXLAN
    /// device's own FDB dump does not list its multicast addresses.
    pub fn dev_mc_list(&self, id: DevId) -> Vec<EthernetAddress> {
        let d = self.dev(id);
        let mut list = Vec::new();
        match d.kind {
            DeviceKind::Loopback | DeviceKind::Vxlan(_) => {}
            DeviceKind::Bridge(_) => {
                list.push(IPV6_ALL_NODES_MAC);
                if d.admin_up {
                    list.extend([ALL_SNOOPERS_MAC, IPV6_ALL_SNOOPERS_MAC, ALL_HOSTS_MAC]);
                }
            }
            DeviceKind::Veth { .. } | DeviceKind::Nic | DeviceKind::Dummy => {
                list.push(IPV6_ALL_NODES_MAC);
                if d.admin_up {
                    list.push(ALL_HOSTS_MAC);
                }
            }
        }
        list
    }

    /// br_mtu_auto_adjust: a bridge takes the smallest MTU of its ports
    /// (1500 with none). Not modelled: an MTU the user set on the bridge by
    /// hand stopping this.
    pub(super) fn bridge_mtu_auto(&mut self, br: DevId) {
        if !self.dev_exists(br) || !self.dev(br).is_bridge() {
            return;
        }
        let mtu = self.bridge_ports(br).map(|p| p.mtu).min().unwrap_or(1500);
        self.dev_mut(br).mtu = mtu;
    }

    /// The namespace a device's link lives in, when it is not the device's
    /// own (a veth's peer, a VXLAN device's underlay): what `ip link` shows
    /// as `link-netns`/`link-netnsid`.
    pub fn link_netns(&self, id: DevId) -> Option<NetnsId> {
        let d = self.dev(id);
        let other = match &d.kind {
            DeviceKind::Veth { peer } => self.dev(*peer).netns,
            DeviceKind::Vxlan(v) => v.link_netns,
            _ => return None,
        };
        (other != d.netns).then_some(other)
    }

    /// The id the device's namespace uses for the device's link namespace,
    /// allocating it as the kernel does whenever it reports the link
    /// (peernet2id_alloc in a dump or a notification).
    pub fn link_netnsid(&mut self, id: DevId) -> Option<u32> {
        let other = self.link_netns(id)?;
        let ns = self.dev(id).netns;
        Some(self.netns_mut(ns).netnsid_for(other))
    }

    // ----- addresses ---------------------------------------------------------

    /// `ip addr flush dev DEV`: delete every address of the device matching
    /// `keep_if_false`, the way iproute2 does (one delete per address; a
    /// primary takes its secondaries with it). Returns how many were deleted.
    pub fn addr_flush(&mut self, id: DevId, matches: &dyn Fn(&super::IfAddr) -> bool) -> usize {
        let mut deleted = 0;
        while let Some(a) = self.dev(id).addrs.iter().find(|a| matches(a)).cloned() {
            if self.addr_del(id, a.local, Some(a.prefix_len)).is_err() {
                break;
            }
            deleted += 1;
        }
        deleted
    }

    // ----- neighbours ----------------------------------------------------------

    /// `ip neigh add|replace|change IP [lladdr MAC] nud STATE dev DEV`.
    pub fn neigh_add(&mut self, dev: DevId, ip: Ipv4Addr, lladdr: Option<EthernetAddress>, state: NudState, mode: NeighMode) -> KResult<()> {
        let ns = self.dev(dev).netns;
        let existing = self.netns(ns).neigh.get(dev, ip).map(|n| n.lladdr);
        match (mode, existing) {
            (NeighMode::Add, Some(_)) => return Err(Errno::EEXIST.into()),
            (NeighMode::Change, None) => return Err(Errno::ENOENT.into()),
            _ => {}
        }
        let lladdr = match lladdr {
            Some(m) => Some(m),
            None if state.is_valid() => match existing.flatten() {
                Some(m) => Some(m),
                None => return Err(KernelError::with_msg(Errno::EINVAL, "No link layer address given")),
            },
            None => None,
        };
        let now = self.now;
        let origin = self.origin.clone();
        // __neigh_update: only a NUD_CONNECTED state confirms reachability.
        let connected = matches!(state, NudState::Reachable | NudState::Permanent | NudState::Noarp);
        let table = &mut self.netns_mut(ns).neigh;
        match table.get_mut(dev, ip) {
            Some(n) => {
                n.lladdr = lladdr;
                n.state = state;
                n.updated = now;
                if connected {
                    n.confirmed = Some(now);
                }
                n.probes = 0;
            }
            None => {
                let n = Neigh {
                    ip,
                    dev,
                    lladdr,
                    state,
                    updated: now,
                    confirmed: connected.then_some(now),
                    reachable_time: BASE_REACHABLE_TIME,
                    probes: 0,
                    router: false,
                    queue: Vec::new(),
                    origin,
                };
                table.entries.insert((dev, ip), n);
            }
        }
        Ok(())
    }

    /// `ip neigh del IP dev DEV`.
    pub fn neigh_del(&mut self, dev: DevId, ip: Ipv4Addr) -> KResult<()> {
        let ns = self.dev(dev).netns;
        match self.netns_mut(ns).neigh.entries.remove(&(dev, ip)) {
            Some(_) => Ok(()),
            None => Err(Errno::ENOENT.into()),
        }
    }

    /// The state an entry is in now: a `REACHABLE` entry whose reachable
    /// time has run out without confirmation is `STALE`.
    pub fn neigh_state(&self, n: &Neigh) -> NudState {
        if n.state == NudState::Reachable && n.confirmed.is_none_or(|c| self.now.since(c) >= n.reachable_time) { NudState::Stale } else { n.state }
    }

    // ----- bridge forwarding database -----------------------------------------

    /// Whether a bridge FDB entry has aged out (learned and dynamic entries
    /// only; `ageing_time` 0 means never).
    pub fn fdb_expired(&self, br: DevId, e: &FdbEntry) -> bool {
        self.dev(br).bridge().is_some_and(|b| b.fdb_aged_out(e, self.now))
    }

    /// `bridge fdb add|append|replace MAC dev DEV master|self STATE` on a Linux
    /// bridge: `on_bridge` is the bridge, `port` the port the entry points to
    /// (the bridge itself for `self` on the bridge device).
    pub fn bridge_fdb_add(&mut self, br: DevId, port: DevId, mac: EthernetAddress, state: FdbState, mode: FdbMode) -> KResult<()> {
        if !self.dev(br).is_bridge() || (port != br && self.dev(port).master != Some(br)) {
            return Err(Errno::EINVAL.into());
        }
        if mac.0 == [0; 6] {
            return Err(Errno::EINVAL.into());
        }
        let exists = {
            let expired = self.dev(br).bridge().and_then(|b| b.fdb.get(&mac)).is_some_and(|e| self.fdb_expired(br, e));
            self.dev(br).bridge().is_some_and(|b| b.fdb.contains_key(&mac)) && !expired
        };
        // fdb_add_entry: a port that cannot learn (not forwarding: down, no
        // carrier, or its bridge down) takes only local and static entries.
        if state == FdbState::Dynamic && port != br && !self.bridge_port_forwarding(port) {
            return Err(Errno::EPERM.into());
        }
        if exists && mode == FdbMode::Add {
            return Err(Errno::EEXIST.into());
        }
        let now = self.now;
        let origin = self.origin.clone();
        let (is_local, is_static) = match state {
            FdbState::Permanent => (true, true),
            FdbState::Static => (false, true),
            FdbState::Dynamic => (false, false),
        };
        if let Some(b) = self.dev_mut(br).bridge_mut() {
            if exists {
                // fdb_add_entry: an existing entry is modified in place (it
                // keeps its place in the dump).
                if let Some(e) = b.fdb.get_mut(&mac) {
                    *e = FdbEntry { port, is_local, is_static, updated: now, used: now, origin, created: e.created };
                }
            } else {
                b.fdb_create(mac, port, state, now, origin);
            }
        }
        Ok(())
    }

    /// Whether a bridge port is in the forwarding state (STP is not
    /// modelled, so a port forwards as soon as it, its carrier and its
    /// bridge are up).
    pub fn bridge_port_forwarding(&self, port: DevId) -> bool {
        let d = self.dev(port);
        d.admin_up && d.master.is_some_and(|br| self.dev(br).admin_up) && self.carrier(port)
    }

    /// `bridge fdb del MAC dev DEV master|self` on a Linux bridge: the entry
    /// must point to `port`.
    pub fn bridge_fdb_del(&mut self, br: DevId, port: DevId, mac: EthernetAddress) -> KResult<()> {
        let found = self.dev(br).bridge().and_then(|b| b.fdb.get(&mac)).is_some_and(|e| e.port == port && !self.fdb_expired(br, e));
        if !found {
            return Err(Errno::ENOENT.into());
        }
        if let Some(b) = self.dev_mut(br).bridge_mut() {
            b.fdb.remove(&mac);
        }
        Ok(())
    }

    /// `bridge fdb add|append|replace MAC dev VXLAN dst IP self`.
    pub fn vxlan_fdb_add(&mut self, dev: DevId, mac: EthernetAddress, dst: Ipv4Addr, permanent: bool, mode: FdbMode) -> KResult<()> {
        let Some(v) = self.dev(dev).vxlan() else {
            return Err(Errno::EOPNOTSUPP.into());
        };
        let exists = v.fdb.iter().any(|f| f.mac == mac);
        let group_mac = mac.0 == [0; 6] || mac.is_multicast();
        let now = self.now;
        let origin = self.origin.clone();
        let entry = VxlanFdb { mac, dst, permanent, updated: now, origin, via: None };
        let Some(v) = self.dev_mut(dev).vxlan_mut() else {
            return Err(Errno::EOPNOTSUPP.into());
        };
        match (mode, exists) {
            (FdbMode::Add, true) => return Err(Errno::EEXIST.into()),
            // vxlan_fdb_update: `replace` changes unicast entries only, and
            // never creates an all-zeros or multicast one.
            (FdbMode::Replace, true) if group_mac => {
                return Err(KernelError::with_msg(Errno::EOPNOTSUPP, "Cannot replace non-unicast fdb entries"));
            }
            (FdbMode::Replace, false) if group_mac => return Err(Errno::EOPNOTSUPP.into()),
            (_, false) => v.fdb.push(entry),
            (FdbMode::Append, true) => {
                if group_mac && !v.fdb.iter().any(|f| f.mac == mac && f.dst == dst) {
                    // A new remote goes after the entry's existing remotes.
                    let last = v.fdb.iter().rposition(|f| f.mac == mac).map_or(v.fdb.len(), |i| i + 1);
                    v.fdb.insert(last, entry);
                }
            }
            (FdbMode::Replace, true) => {
                if let Some(f) = v.fdb.iter_mut().find(|f| f.mac == mac) {
                    f.dst = dst;
                    f.permanent = permanent;
                    f.via = None;
                    f.updated = now;
                }
            }
        }
        Ok(())
    }

    /// `bridge fdb del MAC dev VXLAN [dst IP] self`: without `dst` every
    /// remote of the MAC goes; with a `dst` that is not a remote of the MAC
    /// nothing changes (and it is not an error, as in Linux).
    pub fn vxlan_fdb_del(&mut self, dev: DevId, mac: EthernetAddress, dst: Option<Ipv4Addr>) -> KResult<()> {
        let Some(v) = self.dev_mut(dev).vxlan_mut() else {
            return Err(Errno::EOPNOTSUPP.into());
        };
        if !v.fdb.iter().any(|f| f.mac == mac) {
            return Err(Errno::ENOENT.into());
        }
        v.fdb.retain(|f| f.mac != mac || dst.is_some_and(|d| d != f.dst));
        Ok(())
    }

    // ----- namespace ids -------------------------------------------------------

    /// `ip netns set NAME ID`: give `peer` the id `id` in namespace `ns`.
    pub fn netnsid_set(&mut self, ns: NetnsId, peer: NetnsId, id: u32) -> KResult<()> {
        let n = self.netns(ns);
        if n.netnsids.contains_key(&peer) {
            return Err(KernelError::with_msg(Errno::EEXIST, "Peer netns already has a nsid assigned"));
        }
        if n.netnsids.values().any(|v| *v == id) {
            return Err(KernelError::with_msg(Errno::EEXIST, "The specified nsid is already used"));
        }
        self.netns_mut(ns).netnsids.insert(peer, id);
        Ok(())
    }

    // ----- sysctls ---------------------------------------------------------------

    /// Every modelled sysctl of a namespace, as dotted names in the order a
    /// walk of `/proc/sys` lists them (each directory sorted by name).
    pub fn sysctl_keys(&self, ns: NetnsId) -> Vec<String> {
        let n = self.netns(ns);
        let s = &n.sysctl;
        let mut keys: Vec<Vec<String>> = Vec::new();
        let mut add = |k: &str| keys.push(k.split('.').map(str::to_string).collect());
        for k in SCALAR_KEYS {
            if scalar_exists(k.name, s, ns) {
                add(k.name);
            }
        }
        let mut conf_dirs = vec!["all".to_string(), "default".to_string()];
        conf_dirs.extend(self.devs_in(ns).map(|d| d.name.clone()));
        for dir in &conf_dirs {
            for key in DEVCONF_KEYS {
                add(&format!("net.ipv4.conf.{dir}.{key}"));
            }
        }
        keys.sort();
        keys.into_iter().map(|k| k.join(".")).collect()
    }

    /// Read a sysctl by its dotted name (`net.ipv4.ip_forward`) as
    /// `/proc/sys` shows it, without the trailing newline.
    pub fn sysctl_get(&self, ns: NetnsId, key: &str) -> Result<String, SysctlError> {
        let n = self.netns(ns);
        let s = &n.sysctl;
        if let Some((dir, name)) = conf_key(key) {
            return self.devconf_ref(ns, dir).and_then(|c| devconf_get(&c, name)).ok_or(SysctlError::NotFound);
        }
        let k = SCALAR_KEYS.iter().find(|k| k.name == key).ok_or(SysctlError::NotFound)?;
        if !scalar_exists(k.name, s, ns) {
            return Err(SysctlError::NotFound);
        }
        Ok((k.get)(s))
    }

    /// Write a sysctl (the text written to its `/proc/sys` file). The value
    /// is parsed as the kernel's proc handler does: integers separated by
    /// white space, checked against the key's range.
    pub fn sysctl_set(&mut self, ns: NetnsId, key: &str, value: &str) -> Result<(), SysctlError> {
        if let Some((dir, name)) = conf_key(key) {
            let mut conf = self.devconf_ref(ns, dir).ok_or(SysctlError::NotFound)?;
            if devconf_get(&conf, name).is_none() {
                return Err(SysctlError::NotFound);
            }
            let first = parse_ints(value).and_then(|v| v.first().copied()).ok_or(SysctlError::Invalid)?;
            let text = first.to_string();
            devconf_set(&mut conf, name, &text).map_err(|()| SysctlError::Invalid)?;
            self.devconf_store(ns, dir, name, conf);
            return Ok(());
        }
        let k = SCALAR_KEYS.iter().find(|k| k.name == key).ok_or(SysctlError::NotFound)?;
        if !scalar_exists(k.name, &self.netns(ns).sysctl, ns) {
            return Err(SysctlError::NotFound);
        }
        if k.init_only_write && ns != super::INIT_NETNS {
            return Err(SysctlError::ReadOnly);
        }
        let ints = parse_ints(value).ok_or(SysctlError::Invalid)?;
        let mut s = self.netns(ns).sysctl.clone();
        (k.set)(&mut s, &ints).ok_or(SysctlError::Invalid)?;
        let forwarding = s.conf_all.forwarding;
        self.netns_mut(ns).sysctl = s;
        if key == "net.ipv4.ip_forward" {
            // ip_forward is conf.all.forwarding: it sets every device and default.
            self.set_forwarding_everywhere(ns, forwarding);
        }
        Ok(())
    }

    /// `net.ipv4.conf.DIR` values: `all`, `default`, or a device of the namespace.
    fn devconf_ref(&self, ns: NetnsId, dir: &str) -> Option<DevConf> {
        let s = &self.netns(ns).sysctl;
        match dir {
            "all" => Some(s.conf_all),
            "default" => Some(s.conf_default),
            dev => self.dev_by_name(ns, dev).map(|d| self.dev(d).conf),
        }
    }

    fn devconf_store(&mut self, ns: NetnsId, dir: &str, key: &str, conf: DevConf) {
        match dir {
            "all" => {
                self.netns_mut(ns).sysctl.conf_all = conf;
                if key == "forwarding" {
                    self.set_forwarding_everywhere(ns, conf.forwarding);
                }
            }
            "default" => self.netns_mut(ns).sysctl.conf_default = conf,
            dev => {
                if let Some(d) = self.dev_by_name(ns, dev) {
                    self.dev_mut(d).conf = conf;
                }
            }
        }
    }

    /// devinet_forward: `conf.all.forwarding` is copied to `default` and to
    /// every device of the namespace.
    fn set_forwarding_everywhere(&mut self, ns: NetnsId, on: bool) {
        let devs: Vec<DevId> = self.devs_in(ns).map(|d| d.id).collect();
        for d in devs {
            self.dev_mut(d).conf.forwarding = on;
        }
        let s = &mut self.netns_mut(ns).sysctl;
        s.conf_all.forwarding = on;
        s.conf_default.forwarding = on;
    }
}

/// `net.ipv4.conf.DIR.KEY` → (DIR, KEY).
fn conf_key(key: &str) -> Option<(&str, &str)> {
    let rest = key.strip_prefix("net.ipv4.conf.")?;
    let (dir, name) = rest.rsplit_once('.')?;
    Some((dir, name))
}

/// Integers separated by white space (`proc_dointvec`); `None` if any word
/// is not an integer or there is none.
fn parse_ints(value: &str) -> Option<Vec<i64>> {
    let v: Vec<i64> = value.split_whitespace().map(|w| w.parse::<i64>().ok()).collect::<Option<Vec<i64>>>()?;
    if v.is_empty() { None } else { Some(v) }
}

/// One namespace-wide sysctl: its name, how to read and write it.
struct ScalarKey {
    name: &'static str,
    get: fn(&Sysctl) -> String,
    /// Store the parsed integers; `None` = EINVAL (out of range).
    set: fn(&mut Sysctl, &[i64]) -> Option<()>,
    /// Writable only in the initial namespace (mode 0444 elsewhere).
    init_only_write: bool,
}

fn flag(v: bool) -> String {
    u8::from(v).to_string()
}

/// Any integer, stored as a flag (proc_dointvec).
fn any_int_flag(v: &[i64]) -> Option<bool> {
    v.first().map(|x| *x != 0)
}

/// An integer in `lo..=hi` (proc_dointvec_minmax / proc_dou8vec_minmax).
fn ranged(v: &[i64], lo: i64, hi: i64) -> Option<i64> {
    v.first().copied().filter(|x| (lo..=hi).contains(x))
}

const SCALAR_KEYS: &[ScalarKey] = &[
    ScalarKey {
        name: "net.bridge.bridge-nf-call-arptables",
        get: |s| flag(s.bridge_nf_call_arptables),
        set: |s, v| {
            s.bridge_nf_call_arptables = any_int_flag(v)?;
            Some(())
        },
        init_only_write: false,
    },
    ScalarKey {
        name: "net.bridge.bridge-nf-call-ip6tables",
        get: |s| flag(s.bridge_nf_call_ip6tables),
        set: |s, v| {
            s.bridge_nf_call_ip6tables = any_int_flag(v)?;
            Some(())
        },
        init_only_write: false,
    },
    ScalarKey {
        name: "net.bridge.bridge-nf-call-iptables",
        get: |s| flag(s.bridge_nf_call_iptables),
        set: |s, v| {
            s.bridge_nf_call_iptables = any_int_flag(v)?;
            Some(())
        },
        init_only_write: false,
    },
    ScalarKey {
        name: "net.core.somaxconn",
        get: |s| s.somaxconn.to_string(),
        set: |s, v| {
            s.somaxconn = u32::try_from(ranged(v, 0, i64::from(i32::MAX))?).ok()?;
            Some(())
        },
        init_only_write: false,
    },
    ScalarKey {
        name: "net.ipv4.icmp_echo_ignore_all",
        get: |s| flag(s.icmp_echo_ignore_all),
        set: |s, v| {
            s.icmp_echo_ignore_all = ranged(v, 0, 1)? == 1;
            Some(())
        },
        init_only_write: false,
    },
    ScalarKey {
        name: "net.ipv4.icmp_echo_ignore_broadcasts",
        get: |s| flag(s.icmp_echo_ignore_broadcasts),
        set: |s, v| {
            s.icmp_echo_ignore_broadcasts = ranged(v, 0, 1)? == 1;
            Some(())
        },
        init_only_write: false,
    },
    ScalarKey {
        name: "net.ipv4.ip_default_ttl",
        get: |s| s.ip_default_ttl.to_string(),
        set: |s, v| {
            s.ip_default_ttl = u8::try_from(ranged(v, 1, 255)?).ok()?;
            Some(())
        },
        init_only_write: false,
    },
    ScalarKey {
        name: "net.ipv4.ip_forward",
        get: |s| flag(s.conf_all.forwarding),
        set: |s, v| {
            s.conf_all.forwarding = any_int_flag(v)?;
            Some(())
        },
        init_only_write: false,
    },
    ScalarKey {
        name: "net.ipv4.ip_local_port_range",
        get: |s| format!("{}\t{}", s.ip_local_port_range.0, s.ip_local_port_range.1),
        set: |s, v| {
            // ipv4_local_port_range: both ends in 1..=65535, low <= high; a
            // single number changes only the low end.
            let low = u16::try_from(ranged(v, 1, 65535)?).ok()?;
            let high = match v.get(1) {
                Some(h) => u16::try_from(ranged(&[*h], 1, 65535)?).ok()?,
                None => s.ip_local_port_range.1,
            };
            if low > high {
                return None;
            }
            s.ip_local_port_range = (low, high);
            Some(())
        },
        init_only_write: false,
    },
    ScalarKey {
        name: "net.ipv4.ipfrag_high_thresh",
        get: |s| s.ipfrag_high_thresh.to_string(),
        set: |s, v| {
            // proc_doulongvec_minmax, at least ipfrag_low_thresh (3145728).
            s.ipfrag_high_thresh = u64::try_from(ranged(v, 3 * 1024 * 1024, i64::MAX)?).ok()?;
            Some(())
        },
        init_only_write: false,
    },
    ScalarKey {
        name: "net.ipv4.ipfrag_time",
        get: |s| s.ipfrag_time.to_string(),
        set: |s, v| {
            // proc_dointvec_jiffies: any int.
            s.ipfrag_time = ranged(v, i64::from(i32::MIN), i64::from(i32::MAX))?;
            Some(())
        },
        init_only_write: false,
    },
    ScalarKey {
        name: "net.ipv4.tcp_fin_timeout",
        get: |s| s.tcp_fin_timeout.to_string(),
        set: |s, v| {
            s.tcp_fin_timeout = u32::try_from(ranged(v, 0, i64::from(i32::MAX))?).ok()?;
            Some(())
        },
        init_only_write: false,
    },
    ScalarKey {
        name: "net.ipv4.tcp_sack",
        get: |s| flag(s.tcp_sack),
        set: |s, v| {
            s.tcp_sack = any_int_flag(v)?;
            Some(())
        },
        init_only_write: false,
    },
    ScalarKey {
        name: "net.ipv4.tcp_syn_retries",
        get: |s| s.tcp_syn_retries.to_string(),
        set: |s, v| {
            s.tcp_syn_retries = u8::try_from(ranged(v, 1, 127)?).ok()?;
            Some(())
        },
        init_only_write: false,
    },
    ScalarKey {
        name: "net.ipv4.tcp_timestamps",
        get: |s| flag(s.tcp_timestamps),
        set: |s, v| {
            s.tcp_timestamps = ranged(v, 0, 2)? != 0;
            Some(())
        },
        init_only_write: false,
    },
    ScalarKey {
        name: "net.ipv4.tcp_window_scaling",
        get: |s| flag(s.tcp_window_scaling),
        set: |s, v| {
            s.tcp_window_scaling = ranged(v, 0, 1)? == 1;
            Some(())
        },
        init_only_write: false,
    },
    ScalarKey {
        name: "net.ipv4.vs.conn_reuse_mode",
        get: |s| s.vs_conn_reuse_mode.to_string(),
        set: |s, v| {
            s.vs_conn_reuse_mode = u8::try_from(ranged(v, 0, 255)?).ok()?;
            Some(())
        },
        init_only_write: false,
    },
    ScalarKey {
        name: "net.ipv4.vs.conntrack",
        get: |s| flag(s.vs_conntrack),
        set: |s, v| {
            s.vs_conntrack = any_int_flag(v)?;
            Some(())
        },
        init_only_write: false,
    },
    ScalarKey {
        name: "net.ipv4.vs.expire_nodest_conn",
        get: |s| flag(s.vs_expire_nodest_conn),
        set: |s, v| {
            s.vs_expire_nodest_conn = any_int_flag(v)?;
            Some(())
        },
        init_only_write: false,
    },
    ScalarKey {
        name: "net.ipv4.vs.expire_quiescent_template",
        get: |s| flag(s.vs_expire_quiescent_template),
        set: |s, v| {
            s.vs_expire_quiescent_template = any_int_flag(v)?;
            Some(())
        },
        init_only_write: false,
    },
    ScalarKey {
        name: "net.netfilter.nf_conntrack_acct",
        get: |s| flag(s.nf_conntrack_acct),
        set: |s, v| {
            s.nf_conntrack_acct = ranged(v, 0, 1)? == 1;
            Some(())
        },
        init_only_write: false,
    },
    ScalarKey {
        name: "net.netfilter.nf_conntrack_max",
        get: |s| s.nf_conntrack_max.to_string(),
        set: |s, v| {
            s.nf_conntrack_max = u32::try_from(ranged(v, 0, i64::from(i32::MAX))?).ok()?;
            Some(())
        },
        init_only_write: true,
    },
    ScalarKey {
        name: "net.netfilter.nf_conntrack_tcp_loose",
        get: |s| flag(s.nf_conntrack_tcp_loose),
        set: |s, v| {
            s.nf_conntrack_tcp_loose = ranged(v, 0, 1)? == 1;
            Some(())
        },
        init_only_write: false,
    },
    ScalarKey {
        name: "net.nf_conntrack_max",
        get: |s| s.nf_conntrack_max.to_string(),
        set: |s, v| {
            s.nf_conntrack_max = u32::try_from(ranged(v, 0, i64::from(i32::MAX))?).ok()?;
            Some(())
        },
        init_only_write: true,
    },
];

/// Whether a namespace-wide key exists in this namespace.
fn scalar_exists(name: &str, s: &Sysctl, ns: NetnsId) -> bool {
    if name.starts_with("net.bridge.") {
        s.br_netfilter
    } else if name.starts_with("net.ipv4.vs.") {
        s.ip_vs
    } else if name == "net.nf_conntrack_max" {
        ns == super::INIT_NETNS
    } else {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::{INIT_NETNS, LinkSpec};
    use crate::time::Duration;

    fn mac(last: u8) -> EthernetAddress {
        EthernetAddress([2, 0, 0, 0, 0, last])
    }

    #[test]
    fn neighbour_modes_follow_the_kernel() {
        let mut k = Kernel::new("t", 1);
        let d = k.link_add(INIT_NETNS, "v0", LinkSpec::Veth { peer_name: "v1".into(), peer_netns: None, peer_mac: None }, None).unwrap();
        let ip = Ipv4Addr::new(10, 0, 0, 9);
        assert_eq!(k.neigh_add(d, ip, None, NudState::Permanent, NeighMode::Add).unwrap_err().extack, Some("No link layer address given"));
        assert_eq!(k.neigh_add(d, ip, Some(mac(9)), NudState::Permanent, NeighMode::Change).unwrap_err().errno, Errno::ENOENT);
        k.neigh_add(d, ip, Some(mac(9)), NudState::Reachable, NeighMode::Add).unwrap();
        assert_eq!(k.neigh_add(d, ip, Some(mac(9)), NudState::Permanent, NeighMode::Add).unwrap_err().errno, Errno::EEXIST);
        // Replace may omit the address of an entry that has one.
        k.neigh_add(d, ip, None, NudState::Stale, NeighMode::Replace).unwrap();
        assert_eq!(k.netns(INIT_NETNS).neigh.get(d, ip).unwrap().lladdr, Some(mac(9)));
        k.neigh_del(d, ip).unwrap();
        assert_eq!(k.neigh_del(d, ip).unwrap_err().errno, Errno::ENOENT);
    }

    #[test]
    fn reachable_goes_stale_after_its_reachable_time() {
        let mut k = Kernel::new("t", 1);
        let d = k.link_add(INIT_NETNS, "v0", LinkSpec::Veth { peer_name: "v1".into(), peer_netns: None, peer_mac: None }, None).unwrap();
        let ip = Ipv4Addr::new(10, 0, 0, 9);
        k.neigh_add(d, ip, Some(mac(9)), NudState::Reachable, NeighMode::Add).unwrap();
        let state = |k: &Kernel| k.neigh_state(k.netns(INIT_NETNS).neigh.get(d, ip).unwrap());
        assert_eq!(state(&k), NudState::Reachable);
        k.now += BASE_REACHABLE_TIME;
        assert_eq!(state(&k), NudState::Stale);
    }

    #[test]
    fn vxlan_append_adds_remotes_only_to_the_default_entry() {
        let mut k = Kernel::new("t", 1);
        let vx = k.link_add(INIT_NETNS, "vx0", LinkSpec::Vxlan(Box::new(crate::kernel::VxlanState::new(42, INIT_NETNS))), None).unwrap();
        let a = Ipv4Addr::new(192, 168, 56, 12);
        let b = Ipv4Addr::new(192, 168, 56, 13);
        let zero = EthernetAddress([0; 6]);
        k.vxlan_fdb_add(vx, mac(7), a, true, FdbMode::Add).unwrap();
        assert_eq!(k.vxlan_fdb_add(vx, mac(7), b, true, FdbMode::Add).unwrap_err().errno, Errno::EEXIST);
        k.vxlan_fdb_add(vx, mac(7), b, true, FdbMode::Append).unwrap();
        k.vxlan_fdb_add(vx, zero, a, true, FdbMode::Append).unwrap();
        k.vxlan_fdb_add(vx, zero, b, true, FdbMode::Append).unwrap();
        let remotes = |k: &Kernel, m: EthernetAddress| k.dev(vx).vxlan().unwrap().fdb.iter().filter(|f| f.mac == m).map(|f| f.dst).collect::<Vec<_>>();
        assert_eq!(remotes(&k, mac(7)), vec![a]);
        assert_eq!(remotes(&k, zero), vec![a, b]);
        k.vxlan_fdb_del(vx, zero, Some(a)).unwrap();
        assert_eq!(remotes(&k, zero), vec![b]);
        k.vxlan_fdb_del(vx, mac(7), Some(b)).unwrap();
        assert_eq!(remotes(&k, mac(7)), vec![a], "deleting a remote the entry does not have changes nothing");
        assert_eq!(k.vxlan_fdb_del(vx, mac(8), None).unwrap_err().errno, Errno::ENOENT);
    }

    #[test]
    fn dynamic_fdb_entries_age_out() {
        let mut k = Kernel::new("t", 1);
        let br = k.link_add(INIT_NETNS, "br0", LinkSpec::Bridge, Some(mac(1))).unwrap();
        let p = k.link_add(INIT_NETNS, "v0", LinkSpec::Veth { peer_name: "v1".into(), peer_netns: None, peer_mac: None }, None).unwrap();
        k.dev_set_master(p, Some(br)).unwrap();
        // A port that cannot learn takes no dynamic entry.
        assert!(k.bridge_fdb_add(br, p, mac(5), FdbState::Dynamic, FdbMode::Add).is_err());
        let peer = k.dev(p).veth_peer().unwrap();
        for d in [br, p, peer] {
            k.dev_set_up(d, true).unwrap();
        }
        k.bridge_fdb_add(br, p, mac(5), FdbState::Dynamic, FdbMode::Add).unwrap();
        k.bridge_fdb_add(br, p, mac(6), FdbState::Static, FdbMode::Add).unwrap();
        k.now += Duration::from_secs(301);
        let live: Vec<EthernetAddress> = k.dev(br).bridge().unwrap().fdb.iter().filter(|(_, e)| !k.fdb_expired(br, e)).map(|(m, _)| *m).collect();
        assert!(!live.contains(&mac(5)));
        assert!(live.contains(&mac(6)));
        // An expired entry can be added again, as a new (the newest) entry.
        let before = k.dev(br).bridge().unwrap().fdb[&mac(6)].created;
        k.bridge_fdb_add(br, p, mac(5), FdbState::Dynamic, FdbMode::Add).unwrap();
        assert!(k.dev(br).bridge().unwrap().fdb[&mac(5)].created > before);
    }

    #[test]
    fn sysctls_by_name() {
        let mut k = Kernel::new("t", 1);
        let ns = k.netns_create();
        assert_eq!(k.sysctl_get(ns, "net.ipv4.ip_local_port_range").unwrap(), "32768\t60999");
        k.sysctl_set(ns, "net.ipv4.ip_forward", "1").unwrap();
        assert_eq!(k.sysctl_get(ns, "net.ipv4.conf.lo.forwarding").unwrap(), "1");
        assert_eq!(k.sysctl_get(ns, "net.ipv4.conf.default.forwarding").unwrap(), "1");
        assert_eq!(k.sysctl_get(INIT_NETNS, "net.ipv4.ip_forward").unwrap(), "0");
        assert_eq!(k.sysctl_set(ns, "net.ipv4.ip_default_ttl", "0"), Err(SysctlError::Invalid));
        assert_eq!(k.sysctl_set(ns, "net.ipv4.ip_local_port_range", "2000 1000"), Err(SysctlError::Invalid));
        assert_eq!(k.sysctl_set(ns, "net.netfilter.nf_conntrack_max", "5"), Err(SysctlError::ReadOnly));
        assert_eq!(k.sysctl_get(ns, "net.nf_conntrack_max"), Err(SysctlError::NotFound));
        assert_eq!(k.sysctl_get(ns, "net.ipv4.vs.conntrack"), Err(SysctlError::NotFound));
        assert_eq!(k.sysctl_get(ns, "net.ipv4.conf.eth9.forwarding"), Err(SysctlError::NotFound));
        let keys = k.sysctl_keys(ns);
        let pos = |name: &str| keys.iter().position(|x| x == name).unwrap();
        assert!(pos("net.bridge.bridge-nf-call-iptables") < pos("net.core.somaxconn"));
        assert!(pos("net.ipv4.conf.all.accept_local") < pos("net.ipv4.conf.default.accept_local"));
        assert!(pos("net.ipv4.conf.lo.send_redirects") < pos("net.ipv4.icmp_echo_ignore_all"));
        assert!(pos("net.ipv4.tcp_window_scaling") < pos("net.netfilter.nf_conntrack_acct"));
        assert!(!keys.iter().any(|x| x == "net.nf_conntrack_max"));
    }
}
