//! The neighbour (ARP) table.
//!
//! Entries move through the kernel's NUD states: `INCOMPLETE` while an ARP
//! request is outstanding (packets wait in a small queue), `REACHABLE` after a
//! reply, `STALE` once `reachable_time` has passed, `DELAY`/`PROBE` when a
//! stale entry is used again, `FAILED` after unanswered solicitations, and
//! `PERMANENT`/`NOARP` for entries that never change. Timers run on the virtual
//! clock (base_reachable_time 30 s with the kernel's random factor 0.5–1.5,
//! delay_first_probe_time 5 s, retrans_time 1 s, 3 solicitations).
//!
//! Not modelled: garbage-collection thresholds, gratuitous ARP on address
//! add, IPv6 neighbour discovery.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use super::{DevId, Origin};
use crate::time::{Duration, Instant};
use crate::wire::EthernetAddress;

/// Neighbour Unreachability Detection state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NudState {
    Incomplete,
    Reachable,
    Stale,
    Delay,
    Probe,
    Failed,
    Noarp,
    Permanent,
}

impl NudState {
    pub fn name(self) -> &'static str {
        match self {
            NudState::Incomplete => "INCOMPLETE",
            NudState::Reachable => "REACHABLE",
            NudState::Stale => "STALE",
            NudState::Delay => "DELAY",
            NudState::Probe => "PROBE",
            NudState::Failed => "FAILED",
            NudState::Noarp => "NOARP",
            NudState::Permanent => "PERMANENT",
        }
    }
    /// Whether the entry has a usable link-layer address.
    pub fn is_valid(self) -> bool {
        !matches!(self, NudState::Incomplete | NudState::Failed)
    }
}

pub const BASE_REACHABLE_TIME: Duration = Duration::from_secs(30);
pub const DELAY_FIRST_PROBE: Duration = Duration::from_secs(5);
pub const RETRANS_TIME: Duration = Duration::from_secs(1);
pub const MAX_SOLICIT: u8 = 3;
/// Packets queued per unresolved entry (Linux limits by bytes; mesh keeps
/// the last few packets, which is what a request/response workload sees).
pub const QUEUE_LEN: usize = 3;

/// A packet waiting for its next hop to be resolved.
#[derive(Clone, Debug)]
pub struct PendingPacket {
    /// The IPv4 packet (no link-layer header yet).
    pub l3: Vec<u8>,
    pub mark: u32,
    /// The sending socket's flow hash, kept while the packet waits.
    pub hash: Option<u32>,
}

/// One neighbour entry.
#[derive(Clone, Debug)]
pub struct Neigh {
    pub ip: Ipv4Addr,
    pub dev: DevId,
    pub lladdr: Option<EthernetAddress>,
    pub state: NudState,
    /// When the state last changed.
    pub updated: Instant,
    /// When reachability was last confirmed.
    /// `None`: never (a new entry's `confirmed` lies far in the past).
    pub confirmed: Option<Instant>,
    /// This entry's randomised reachable time.
    pub reachable_time: Duration,
    pub probes: u8,
    pub router: bool,
    pub queue: Vec<PendingPacket>,
    pub origin: Option<Origin>,
}

/// The neighbour table of one namespace, keyed by (device, address).
#[derive(Clone, Debug, Default)]
pub struct NeighTable {
    pub entries: BTreeMap<(DevId, Ipv4Addr), Neigh>,
}

impl NeighTable {
    pub fn get(&self, dev: DevId, ip: Ipv4Addr) -> Option<&Neigh> {
        self.entries.get(&(dev, ip))
    }
    pub fn get_mut(&mut self, dev: DevId, ip: Ipv4Addr) -> Option<&mut Neigh> {
        self.entries.get_mut(&(dev, ip))
    }
    pub fn remove_dev(&mut self, dev: DevId) {
        self.entries.retain(|(d, _), _| *d != dev);
    }
}
