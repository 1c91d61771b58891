//! Network devices: loopback, veth pairs, Linux bridges, VXLAN devices,
//! physical NICs on the underlay, and dummies.
//!
//! A device lives in one network namespace, has a per-namespace ifindex,
//! a name, a MAC, an MTU, an administrative state and (for bridge ports) a
//! master. Its operational state follows Linux: a veth has carrier only when
//! its peer is up; a bridge has carrier when at least one port is up and has
//! carrier; loopback and VXLAN report `UNKNOWN`.
//!
//! Not modelled: VLANs, bonding, macvlan/ipvlan, qdiscs (every device shows
//! `qdisc noqueue`), IPv6 addresses (mesh models IPv4 only; interfaces show no
//! `inet6` lines, as on a host with IPv6 disabled), GSO/GRO.

use std::collections::btree_map::Entry;
use std::net::Ipv4Addr;

use super::addr::IfAddr;
use super::ops::FdbState;
use super::{DevId, NetnsId, Origin};
use crate::time::{Duration, Instant};
use crate::wire::EthernetAddress;

/// What kind of device this is, with the kind-specific state.
#[derive(Clone, Debug)]
pub enum DeviceKind {
    Loopback,
    /// One end of a veth pair; frames sent here arrive at `peer`.
    Veth {
        peer: DevId,
    },
    Bridge(Box<BridgeState>),
    Vxlan(Box<VxlanState>),
    /// A physical Ethernet NIC plugged into the underlay segment.
    Nic,
    Dummy,
}

impl DeviceKind {
    /// The `ip -d link` kind name (`veth`, `bridge`, `vxlan`, `dummy`).
    pub fn name(&self) -> &'static str {
        match self {
            DeviceKind::Loopback => "loopback",
            DeviceKind::Veth { .. } => "veth",
            DeviceKind::Bridge(_) => "bridge",
            DeviceKind::Vxlan(_) => "vxlan",
            DeviceKind::Nic => "ether",
            DeviceKind::Dummy => "dummy",
        }
    }
}

/// Packet and byte counters (`ip -s link`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DevStats {
    pub rx_packets: u64,
    pub rx_bytes: u64,
    pub rx_dropped: u64,
    pub tx_packets: u64,
    pub tx_bytes: u64,
    pub tx_dropped: u64,
}

/// A network device.
#[derive(Clone, Debug)]
pub struct Device {
    pub id: DevId,
    pub netns: NetnsId,
    pub ifindex: u32,
    pub name: String,
    pub kind: DeviceKind,
    pub mac: EthernetAddress,
    /// `ip link set … up` (IFF_UP).
    pub admin_up: bool,
    pub mtu: u32,
    /// Transmit queue length; Docker creates its devices with 0, which
    /// `ip link` then does not print.
    pub txqlen: u32,
    /// The bridge this device is a port of.
    pub master: Option<DevId>,
    /// IPv4 addresses in the kernel's list order (primaries first).
    pub addrs: Vec<IfAddr>,
    pub stats: DevStats,
    pub promisc: u32,
    /// Whether the device has been up since it was created or moved: Linux
    /// attaches its default qdisc (`noqueue` for virtual devices) on the
    /// first `up`; before that `ip link` shows `qdisc noop`.
    pub qdisc_attached: bool,
    /// `ip link set … alias`.
    pub alias: Option<String>,
    /// Per-device IPv4 sysctls (`net.ipv4.conf.<dev>.*`).
    pub conf: super::sysctl::DevConf,
    /// Which command created this device.
    pub origin: Option<Origin>,
}

impl Device {
    pub fn is_loopback(&self) -> bool {
        matches!(self.kind, DeviceKind::Loopback)
    }
    pub fn is_bridge(&self) -> bool {
        matches!(self.kind, DeviceKind::Bridge(_))
    }
    pub fn bridge(&self) -> Option<&BridgeState> {
        match &self.kind {
            DeviceKind::Bridge(b) => Some(b),
            _ => None,
        }
    }
    pub fn bridge_mut(&mut self) -> Option<&mut BridgeState> {
        match &mut self.kind {
            DeviceKind::Bridge(b) => Some(b),
            _ => None,
        }
    }
    pub fn vxlan(&self) -> Option<&VxlanState> {
        match &self.kind {
            DeviceKind::Vxlan(v) => Some(v),
            _ => None,
        }
    }
    pub fn vxlan_mut(&mut self) -> Option<&mut VxlanState> {
        match &mut self.kind {
            DeviceKind::Vxlan(v) => Some(v),
            _ => None,
        }
    }
    pub fn veth_peer(&self) -> Option<DevId> {
        match self.kind {
            DeviceKind::Veth { peer } => Some(peer),
            _ => None,
        }
    }
    /// Primary IPv4 address (the first non-secondary one).
    pub fn primary_addr(&self) -> Option<&IfAddr> {
        self.addrs.iter().find(|a| !a.secondary)
    }
}

/// Operational state, as `ip link` prints it after `state`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperState {
    Unknown,
    Down,
    LowerLayerDown,
    Up,
}

impl OperState {
    pub fn as_str(self) -> &'static str {
        match self {
            OperState::Unknown => "UNKNOWN",
            OperState::Down => "DOWN",
            OperState::LowerLayerDown => "LOWERLAYERDOWN",
            OperState::Up => "UP",
        }
    }
}

/// One bridge forwarding-database entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FdbEntry {
    pub port: DevId,
    /// The bridge's or a port's own address (`permanent`, delivered locally).
    pub is_local: bool,
    /// Added by hand (`static` / `permanent`), never aged out.
    pub is_static: bool,
    /// Learned or refreshed last at this time (for ageing and `bridge -s fdb`).
    pub updated: Instant,
    pub used: Instant,
    pub origin: Option<Origin>,
    /// Creation sequence number within the bridge. Linux keeps a bridge's
    /// entries on one list, each new entry at its head (`fdb_create`), and
    /// `bridge fdb show` walks that list: newest created first. Refreshing
    /// or modifying an entry keeps its place; an entry that aged out is
    /// deleted and comes back as a new one.
    pub created: u64,
}

/// State of a Linux bridge.
#[derive(Clone, Debug)]
pub struct BridgeState {
    /// MAC → entry (one VLAN; VLAN filtering is not modelled).
    pub fdb: std::collections::BTreeMap<EthernetAddress, FdbEntry>,
    /// The last creation sequence number given to an entry.
    pub fdb_created: u64,
    /// `ageing_time`: learned entries older than this are forgotten (300 s).
    pub ageing_time: Duration,
    /// STP is not modelled; a loop of bridges floods until the event budget ends.
    pub stp: bool,
    /// Whether the bridge's MAC was set by hand (otherwise it follows the
    /// lowest port MAC, as Linux does).
    pub mac_fixed: bool,
    pub default_pvid: u16,
    /// Whether a port ever joined: the bridge starts with the legacy TSO
    /// limit (65536); from the first join on, br_set_gso_limits keeps it at
    /// the ports' minimum (TSO_MAX_SIZE, 524280, with no ports).
    pub had_port: bool,
}

impl Default for BridgeState {
    fn default() -> Self {
        BridgeState {
            fdb: Default::default(),
            fdb_created: 0,
            ageing_time: Duration::from_secs(300),
            stp: false,
            mac_fixed: false,
            default_pvid: 1,
            had_port: false,
        }
    }
}

impl BridgeState {
    /// Whether an entry has aged out: learned and `dynamic` entries not
    /// refreshed within `ageing_time` (0 means never). Linux's garbage
    /// collector deletes such an entry within about a second.
    pub fn fdb_aged_out(&self, entry: &FdbEntry, now: Instant) -> bool {
        aged_out(entry, self.ageing_time, now)
    }

    /// Creates the entry for `mac` (`fdb_create`), replacing any previous
    /// one: it becomes the newest.
    pub fn fdb_create(&mut self, mac: EthernetAddress, port: DevId, state: FdbState, now: Instant, origin: Option<Origin>) -> &mut FdbEntry {
        self.fdb_created += 1;
        let entry = FdbEntry::new(port, state, now, origin, self.fdb_created);
        match self.fdb.entry(mac) {
            Entry::Occupied(mut slot) => {
                slot.insert(entry);
                slot.into_mut()
            }
            Entry::Vacant(slot) => slot.insert(entry),
        }
    }

    /// The entry learning updates for a frame from `mac` on `port`
    /// (`br_fdb_update`): the existing entry, or a new `dynamic` one when
    /// there is none or it aged out.
    pub fn fdb_learn(&mut self, mac: EthernetAddress, port: DevId, now: Instant, origin: Option<Origin>) -> &mut FdbEntry {
        let ageing_time = self.ageing_time;
        match self.fdb.entry(mac) {
            Entry::Occupied(slot) if !aged_out(slot.get(), ageing_time, now) => slot.into_mut(),
            slot => {
                self.fdb_created += 1;
                let entry = FdbEntry::new(port, FdbState::Dynamic, now, origin, self.fdb_created);
                match slot {
                    Entry::Occupied(mut slot) => {
                        slot.insert(entry);
                        slot.into_mut()
                    }
                    Entry::Vacant(slot) => slot.insert(entry),
                }
            }
        }
    }
}

impl FdbEntry {
    fn new(port: DevId, state: FdbState, now: Instant, origin: Option<Origin>, created: u64) -> FdbEntry {
        let (is_local, is_static) = match state {
            FdbState::Permanent => (true, true),
            FdbState::Static => (false, true),
            FdbState::Dynamic => (false, false),
        };
        FdbEntry { port, is_local, is_static, updated: now, used: now, origin, created }
    }
}

fn aged_out(entry: &FdbEntry, ageing_time: Duration, now: Instant) -> bool {
    !entry.is_static && ageing_time != Duration::ZERO && now.since(entry.updated) > ageing_time
}

/// One VXLAN forwarding entry: frames for `mac` go to VTEP `dst`
/// (`00:00:00:00:00:00` is the default destination for unknown and
/// broadcast MACs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VxlanFdb {
    pub mac: EthernetAddress,
    pub dst: Ipv4Addr,
    /// Added by hand / by Docker (`permanent`), or learned (`reachable`, ages).
    pub permanent: bool,
    pub updated: Instant,
    pub origin: Option<Origin>,
    /// The underlay device to send by (`via DEV`, the remote's ifindex): the
    /// device's `dev` for the default entry `remote` creates, else none.
    pub via: Option<DevId>,
}

/// State of a VXLAN device (RFC 7348 over UDP).
#[derive(Clone, Debug)]
pub struct VxlanState {
    pub vni: u32,
    /// UDP destination port (Linux's default for `ip link add … type vxlan`
    /// without `dstport` is 8472; Docker uses 4789).
    pub dstport: u16,
    pub local: Option<Ipv4Addr>,
    /// `remote` or `group`: default destination.
    pub remote: Option<Ipv4Addr>,
    /// `dev`: the underlay device for the tunnel.
    pub link: Option<DevId>,
    /// The namespace whose sockets and routes carry the encapsulated packets:
    /// the namespace the device was created in (`link-netnsid` once moved).
    pub link_netns: NetnsId,
    pub learning: bool,
    pub proxy: bool,
    pub l2miss: bool,
    pub l3miss: bool,
    /// 0 = inherit (`ttl auto`, then 64 on the wire as ip4_dst_hoplimit gives).
    pub ttl: u8,
    pub tos: u8,
    pub ageing: Duration,
    pub udp_csum: bool,
    /// Outer UDP source port range (`srcport MIN MAX`); 0,0 = the kernel's
    /// default of the local port range.
    pub srcport_min: u16,
    pub srcport_max: u16,
    pub fdb: Vec<VxlanFdb>,
}

impl VxlanState {
    pub fn new(vni: u32, link_netns: NetnsId) -> Self {
        VxlanState {
            vni,
            dstport: 8472,
            local: None,
            remote: None,
            link: None,
            link_netns,
            learning: true,
            proxy: false,
            l2miss: false,
            l3miss: false,
            ttl: 0,
            tos: 0,
            ageing: Duration::from_secs(300),
            udp_csum: true,
            srcport_min: 0,
            srcport_max: 0,
            fdb: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mac(last: u8) -> EthernetAddress {
        EthernetAddress([2, 0, 0, 0, 0, last])
    }

    /// MACs newest created first, as `bridge fdb show` lists them.
    fn dump_order(b: &BridgeState) -> Vec<u8> {
        let mut entries: Vec<(&EthernetAddress, &FdbEntry)> = b.fdb.iter().collect();
        entries.sort_by_key(|e| std::cmp::Reverse(e.1.created));
        entries.into_iter().map(|(m, _)| m.0[5]).collect()
    }

    #[test]
    fn learning_refreshes_in_place_and_recreates_after_ageing() {
        let mut b = BridgeState::default();
        let (port, other) = (DevId(3), DevId(4));
        b.fdb_learn(mac(1), port, Instant(0), None);
        b.fdb_learn(mac(2), port, Instant(0), None);
        b.fdb_create(mac(3), other, FdbState::Static, Instant(0), None);
        assert_eq!(dump_order(&b), [3, 2, 1]);
        // A frame from a known MAC refreshes its entry where it is.
        let later = Instant(0) + Duration::from_secs(200);
        b.fdb_learn(mac(1), port, later, None).updated = later;
        assert_eq!(dump_order(&b), [3, 2, 1]);
        // Past ageing_time, mac 2 was deleted: learning makes a new entry.
        let aged = Instant(0) + Duration::from_secs(301);
        assert!(b.fdb_aged_out(&b.fdb[&mac(2)], aged));
        assert!(!b.fdb_aged_out(&b.fdb[&mac(3)], aged), "static entries never age");
        let e = b.fdb_learn(mac(2), other, aged, None);
        assert_eq!((e.port, e.is_static), (other, false));
        assert_eq!(dump_order(&b), [2, 3, 1]);
    }
}
