//! Connection tracking and NAT bindings for one network namespace, and the
//! `conntrack` tool.
//!
//! Linux remembers every flow it has seen as a *connection*: the tuple of
//! its first packet (the ORIGINAL direction) and the tuple its answers will
//! carry (the REPLY direction, `orig.invert()` until NAT changes it). Both
//! tuples are indexed, so any later packet finds its connection and
//! learns its direction; `-m conntrack --ctstate` then sees NEW (original
//! direction, nothing answered yet), ESTABLISHED (answered, or a reply),
//! RELATED (an ICMP error quoting a tracked packet) or INVALID (the tracker
//! rejected the packet; conntrack itself never drops it).
//!
//! The life of a packet, as the kernel's hooks drive it:
//! 1. PREROUTING / OUTPUT: [`Conntrack::track`] (`nf_conntrack_in`) finds
//!    the connection or creates an *unconfirmed* one and runs the protocol
//!    tracker ([`Conntrack::lookup`], [`Conntrack::create`],
//!    [`Conntrack::packet`], [`Conntrack::related`] are its steps).
//! 2. At each NAT hook, the nat table is consulted only while
//!    [`Conntrack::nat_done`] is false, i.e. for the first packet; a rule's
//!    verdict becomes a binding with [`Conntrack::setup_nat`], no rule with
//!    [`Conntrack::null_binding`]. Every packet is then rewritten with
//!    [`Conntrack::apply_nat`] (or [`Conntrack::apply_nat_related`] for ICMP
//!    errors).
//! 3. End of POSTROUTING / INPUT: [`Conntrack::confirm`] inserts a new
//!    connection in the table (or fails, dropping the packet) and delivers
//!    the events the packet caused.
//!
//! Guarantees: deterministic (ids in allocation order, listings in id
//! order, port choices from the caller's [`Rng`]); no panics on any bytes
//! (malformed packets are INVALID or untracked, truncated ones are not
//! rewritten); timeouts are on the virtual clock.
//!
//! Semantics follow Linux 6.x (`nf_conntrack_core.c`, `_proto_tcp.c`,
//! `_proto_udp.c`, `_proto_icmp.c`, `nf_nat_core.c`, `nf_nat_proto.c`) with
//! default sysctls, and were checked against a Linux 6.18 kernel (see the
//! tests and `testdata/`). Deliberately not modelled: IPv6, zones (all in
//! zone 0), helpers and expectations (FTP, SIP …), the SCTP/DCCP/GRE
//! trackers (those protocols are tracked generically), fragments (the
//! kernel reassembles first; a non-first fragment is untracked), checksum
//! validation of incoming packets, accounting counters, timestamps,
//! `NAT_CLASH` clash resolution at confirm time, and the hash-table order
//! of listings (mesh lists in creation order; the kernel's order depends on
//! a random hash seed).

mod csum;
mod hash;
mod nat;
mod packet;
mod tcp;
mod tool;
pub(crate) use tool::format_line;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::net::Ipv4Addr;

use crate::net::{CtDir, CtState, Manip, NatRange, Tuple, proto};
use crate::rng::Rng;
use crate::time::{Duration, Instant};

pub use nat::NatDrop;
pub use tcp::{TcpState, TcpTrack};
pub use tool::conntrack_tool;

use packet::Ipv4View;

/// A connection's stable identity, in allocation order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct CtId(pub u64);

impl fmt::Display for CtId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A connection's status bits (`enum ip_conntrack_status`, same values).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct Status(pub u32);

impl Status {
    /// Packets have been seen in both directions.
    pub const SEEN_REPLY: u32 = 1 << 1;
    /// A real connection (TCP handshake done, UDP stream): never evicted
    /// early when the table is full; printed `[ASSURED]`.
    pub const ASSURED: u32 = 1 << 2;
    /// In the table (after the first packet left POSTROUTING/INPUT).
    pub const CONFIRMED: u32 = 1 << 3;
    /// The source is translated (the reply tuple's destination differs).
    pub const SRC_NAT: u32 = 1 << 4;
    /// The destination is translated.
    pub const DST_NAT: u32 = 1 << 5;
    /// The source NAT decision has been taken (possibly a null binding).
    pub const SRC_NAT_DONE: u32 = 1 << 7;
    /// The destination NAT decision has been taken.
    pub const DST_NAT_DONE: u32 = 1 << 8;
    /// Killed; gone from the table.
    pub const DYING: u32 = 1 << 9;
    /// The timeout is not refreshed by packets.
    pub const FIXED_TIMEOUT: u32 = 1 << 10;

    pub fn has(self, bits: u32) -> bool {
        self.0 & bits == bits
    }
}

/// Protocol-specific tracking state.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ProtoState {
    Tcp(TcpTrack),
    /// UDP: a reply after `stream_after` (2 s after the first packet)
    /// makes the flow a stream (`nf_conntrack_udp_packet`).
    Udp {
        stream_after: Instant,
    },
    Icmp,
    Generic,
}

/// One tracked connection.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Conn {
    pub orig: Tuple,
    pub reply: Tuple,
    pub proto_state: ProtoState,
    pub status: Status,
    pub mark: u32,
    /// When the entry expires (meaningful once confirmed).
    pub timeout_at: Instant,
    pub created: Instant,
    pub zone: u16,
}

impl Conn {
    /// The tuple of direction `dir`.
    pub fn tuple(&self, dir: CtDir) -> &Tuple {
        match dir {
            CtDir::Original => &self.orig,
            CtDir::Reply => &self.reply,
        }
    }

    pub fn tcp_state(&self) -> Option<TcpState> {
        match &self.proto_state {
            ProtoState::Tcp(t) => Some(t.state()),
            _ => None,
        }
    }

    /// Whole seconds left at `now`, as the kernel reports them
    /// (`nf_ct_expires / HZ`).
    pub fn remaining_secs(&self, now: Instant) -> u64 {
        self.timeout_at.since(now).as_secs()
    }
}

/// What `conntrack -E` reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CtEventKind {
    New,
    Update,
    Destroy,
}

/// A conntrack event with the entry as it was when the event was delivered.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CtEvent {
    pub kind: CtEventKind,
    pub id: CtId,
    pub conn: Conn,
    pub at: Instant,
}

/// Why a connection could not be created for a packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NewError {
    /// The tuple has no reply form (an ICMP type without a reply): the
    /// packet stays untracked, `ctstate INVALID`.
    Untrackable,
    /// The protocol tracker refuses to start a connection with this packet
    /// (`ctstate INVALID`); the kernel's log reason.
    Invalid(&'static str),
    /// `nf_conntrack_max` reached and nothing could be evicted: the packet
    /// is dropped.
    TableFull,
}

impl NewError {
    /// The kernel log line for a drop (`None` when the packet is not
    /// dropped). Outside the initial namespace the kernel names it:
    /// `nf_conntrack: table full in netns <inum>, dropping packet`.
    pub fn kernel_log(&self, netns_inum: Option<u32>) -> Option<String> {
        match (self, netns_inum) {
            (NewError::TableFull, None) => Some("nf_conntrack: table full, dropping packet".to_string()),
            (NewError::TableFull, Some(n)) => Some(format!("nf_conntrack: table full in netns {n}, dropping packet")),
            _ => None,
        }
    }
}

impl fmt::Display for NewError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NewError::Untrackable => f.write_str("no reply tuple for this packet"),
            NewError::Invalid(reason) => f.write_str(reason),
            NewError::TableFull => f.write_str("nf_conntrack: table full, dropping packet"),
        }
    }
}

/// Why a new connection could not be inserted (`__nf_conntrack_confirm`);
/// the packet is dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfirmError {
    NoSuchEntry,
    /// Killed before it could be confirmed.
    Dying,
    /// Another connection already holds one of its tuples.
    Clash,
}

/// The tracker's verdict on one packet of a connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PacketState {
    /// Part of the connection; the state `-m conntrack --ctstate` sees.
    Tracked(CtState),
    /// Rejected by the protocol tracker: `ctstate INVALID`, no connection
    /// attached (the kernel's log reason). An unconfirmed connection is
    /// discarded.
    Invalid(&'static str),
    /// A SYN reopening a closed TCP connection: the old entry was deleted,
    /// track the packet again (`NF_REPEAT`).
    Reopen,
}

/// The outcome of [`Conntrack::track`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tracked {
    Conn {
        id: CtId,
        dir: CtDir,
        state: CtState,
    },
    /// Not part of any connection: `ctstate INVALID` (the reason).
    Invalid(&'static str),
}

impl Tracked {
    pub fn state(&self) -> CtState {
        match self {
            Tracked::Conn { state, .. } => *state,
            Tracked::Invalid(_) => CtState::Invalid,
        }
    }

    pub fn conn(&self) -> Option<(CtId, CtDir)> {
        match self {
            Tracked::Conn { id, dir, .. } => Some((*id, *dir)),
            Tracked::Invalid(_) => None,
        }
    }
}

/// The counters `conntrack -S` shows (one CPU).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stats {
    pub found: u32,
    pub invalid: u32,
    pub insert: u32,
    pub insert_failed: u32,
    pub drop: u32,
    pub early_drop: u32,
    pub error: u32,
    pub search_restart: u32,
    pub clash_resolve: u32,
    pub chaintoolong: u32,
}

#[derive(Clone, Debug)]
struct Entry {
    conn: Conn,
    /// Until confirmed, the timeout is relative (`ct->timeout` before
    /// `__nf_conntrack_confirm` adds the clock).
    pending_timeout: Duration,
    /// Events caused since the last delivery (`nf_conntrack_event_cache`).
    pending_update: bool,
}

/// `nf_conntrack_max` default.
pub const DEFAULT_MAX_ENTRIES: usize = 262_144;

const UDP_UNREPLIED: Duration = Duration::from_secs(30);
const UDP_STREAM: Duration = Duration::from_secs(120);
const UDP_STREAM_DELAY: Duration = Duration::from_secs(2);
const ICMP_TIMEOUT: Duration = Duration::from_secs(30);
const GENERIC_TIMEOUT: Duration = Duration::from_secs(600);

/// No timer: later than any instant.
const NEVER: Instant = Instant(u64::MAX);

/// The connection table of one network namespace.
///
/// Besides the entries (in id order, for listings), it keeps the indexes
/// that make a packet's work independent of the table's size, as the
/// kernel's hash tables and garbage collector do:
/// - `index`: both tuples of every confirmed, not killed connection, in a
///   hash table (lookup);
/// - `timers`: the same connections by timeout (expiry looks only at what
///   is due; `next_timeout` is the earliest);
/// - `alive`: how many entries are not killed (`nf_conntrack_count`
///   without walking the table);
/// - `dying`: killed entries still addressable by id until the next
///   [`Conntrack::expire`] purges them;
/// - `by_source`: connections whose source NAT was decided, by original
///   source (`nf_nat_bysource`, for `find_appropriate_src`).
#[derive(Clone, Debug)]
pub struct Conntrack {
    entries: BTreeMap<CtId, Entry>,
    index: hash::TupleMap<(CtId, CtDir)>,
    timers: BTreeSet<(Instant, CtId)>,
    next_timeout: Instant,
    alive: usize,
    dying: Vec<CtId>,
    by_source: BTreeSet<(u8, Ipv4Addr, u16, CtId)>,
    next_id: u64,
    /// The latest time the table was told about; entries whose timeout has
    /// passed are invisible to lookups, as `nf_ct_is_expired` makes them.
    clock: Instant,
    /// `net.netfilter.nf_conntrack_max` (0: unlimited).
    pub max_entries: usize,
    stats: Stats,
    events: Vec<CtEvent>,
}

impl Default for Conntrack {
    fn default() -> Self {
        Conntrack {
            entries: BTreeMap::new(),
            index: hash::TupleMap::default(),
            timers: BTreeSet::new(),
            next_timeout: NEVER,
            alive: 0,
            dying: Vec::new(),
            by_source: BTreeSet::new(),
            next_id: 1,
            clock: Instant::ZERO,
            max_entries: DEFAULT_MAX_ENTRIES,
            stats: Stats::default(),
            events: Vec::new(),
        }
    }
}

/// The reasons `icmp_error` gives; such packets count as `error`, not
/// `invalid`.
const ICMP_ERROR_REASONS: [&str; 4] = ["short packet", "invalid icmp type", "no related connection", "outer daddr != inner"];

enum IcmpError {
    NotAnError,
    Related(CtId, CtDir),
    Invalid(&'static str),
}

fn other(dir: CtDir) -> CtDir {
    match dir {
        CtDir::Original => CtDir::Reply,
        CtDir::Reply => CtDir::Original,
    }
}

fn nat_bit(manip: Manip) -> u32 {
    match manip {
        Manip::Src => Status::SRC_NAT,
        Manip::Dst => Status::DST_NAT,
    }
}

/// The NAT status bit that tells whether a packet of direction `dir` is
/// rewritten at a `manip` hook (`nf_nat_packet`): a reply is un-NATed at
/// the opposite kind of hook.
fn nat_bit_for(manip: Manip, dir: CtDir) -> u32 {
    let bit = nat_bit(manip);
    match dir {
        CtDir::Original => bit,
        CtDir::Reply => bit ^ (Status::SRC_NAT | Status::DST_NAT),
    }
}

impl Conntrack {
    pub fn new() -> Self {
        Self::default()
    }

    fn tick(&mut self, now: Instant) {
        self.clock = self.clock.max(now);
    }

    fn is_live(&self, e: &Entry) -> bool {
        !e.conn.status.has(Status::DYING) && (!e.conn.status.has(Status::CONFIRMED) || e.conn.timeout_at > self.clock)
    }

    /// The confirmed connection a tuple belongs to, and the direction it
    /// matches (`__nf_conntrack_find_get`). Every indexed connection is
    /// confirmed and not killed; it is live unless its timeout passed, which
    /// cannot be the case before the earliest timer.
    pub fn lookup(&self, t: &Tuple) -> Option<(CtId, CtDir)> {
        let (id, dir) = *self.index.get(&hash::key(t))?;
        if self.next_timeout > self.clock {
            return Some((id, dir));
        }
        let e = self.entries.get(&id)?;
        self.is_live(e).then_some((id, dir))
    }

    /// The connection with this id (confirmed or not, not yet purged).
    pub fn conn(&self, id: CtId) -> Option<&Conn> {
        self.entries.get(&id).map(|e| &e.conn)
    }

    /// Number of connections, confirmed or not (`nf_conntrack_count`):
    /// those not killed, less those whose timeout passed.
    pub fn count(&self) -> usize {
        if self.next_timeout > self.clock {
            return self.alive;
        }
        self.alive - self.timers.range(..=(self.clock, CtId(u64::MAX))).count()
    }

    fn timer_add(&mut self, at: Instant, id: CtId) {
        self.timers.insert((at, id));
        self.next_timeout = self.next_timeout.min(at);
    }

    fn timer_del(&mut self, at: Instant, id: CtId) {
        if self.timers.remove(&(at, id)) && at == self.next_timeout {
            self.next_timeout = self.timers.first().map_or(NEVER, |(t, _)| *t);
        }
    }

    /// Move a connection's timer after its timeout changed from `old`
    /// (only confirmed, live connections have one).
    fn sync_timer(&mut self, id: CtId, old: Instant) {
        let Some(e) = self.entries.get(&id) else {
            return;
        };
        let (s, new) = (e.conn.status, e.conn.timeout_at);
        if new != old && s.has(Status::CONFIRMED) && !s.has(Status::DYING) {
            self.timer_del(old, id);
            self.timer_add(new, id);
        }
    }

    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// Allocates an unconfirmed connection for a packet that matched no
    /// entry (`init_conntrack`): the reply tuple is `orig` inverted; then
    /// the table limit (evicting a non-assured entry if full,
    /// `early_drop`); then the protocol's rules for a first packet (TCP:
    /// SYN, or an ACK picked up mid-stream since `nf_conntrack_tcp_loose=1`;
    /// ICMP: a request type; UDP: a whole header).
    pub fn create(&mut self, orig: &Tuple, l3: &[u8], now: Instant) -> Result<CtId, NewError> {
        self.tick(now);
        let reply = packet::invert(orig).ok_or(NewError::Untrackable)?;
        if self.max_entries != 0 && self.count() >= self.max_entries && !self.early_drop() {
            self.stats.drop += 1;
            return Err(NewError::TableFull);
        }
        let ip = Ipv4View::parse(l3).ok_or(NewError::Invalid("not an IPv4 packet"))?;
        let proto_state = match orig.proto {
            proto::TCP => ProtoState::Tcp(tcp::new(&ip).map_err(NewError::Invalid)?),
            proto::UDP => {
                udp_error(&ip).map_err(NewError::Invalid)?;
                ProtoState::Udp { stream_after: now + UDP_STREAM_DELAY }
            }
            proto::ICMP => {
                if !matches!(orig.dst_port >> 8, 8 | 13 | 15 | 17) {
                    return Err(NewError::Invalid("icmp: can't create new conn with this type"));
                }
                ProtoState::Icmp
            }
            _ => ProtoState::Generic,
        };
        let id = CtId(self.next_id);
        self.next_id += 1;
        let conn = Conn { orig: *orig, reply, proto_state, status: Status::default(), mark: 0, timeout_at: now, created: now, zone: 0 };
        self.entries.insert(id, Entry { conn, pending_timeout: Duration::ZERO, pending_update: false });
        self.alive += 1;
        Ok(id)
    }

    /// `early_drop`: evict one confirmed connection that is not assured.
    /// The kernel samples a few hash buckets near the new tuple; mesh takes
    /// the oldest such entry.
    fn early_drop(&mut self) -> bool {
        let victim = self.entries.iter().find_map(|(id, e)| {
            let s = e.conn.status;
            (self.is_live(e) && s.has(Status::CONFIRMED) && !s.has(Status::ASSURED)).then_some(*id)
        });
        match victim {
            Some(id) => {
                self.kill(id);
                self.purge(id);
                self.stats.early_drop += 1;
                true
            }
            None => false,
        }
    }

    /// Runs the protocol tracker for a packet of connection `id` travelling
    /// in `dir` (`nf_conntrack_handle_packet` and the SEEN_REPLY update of
    /// `nf_conntrack_in`): moves the TCP state, refreshes the timeout,
    /// marks the connection SEEN_REPLY / ASSURED, and returns the state the
    /// packet carries.
    pub fn packet(&mut self, id: CtId, dir: CtDir, l3: &[u8], now: Instant) -> PacketState {
        self.tick(now);
        let Some(ip) = Ipv4View::parse(l3) else {
            return PacketState::Invalid("not an IPv4 packet");
        };
        let Some(e) = self.entries.get_mut(&id) else {
            return PacketState::Invalid("no such connection");
        };
        let status = e.conn.status;
        if status.has(Status::DYING) {
            return PacketState::Invalid("connection is dying");
        }
        let confirmed = status.has(Status::CONFIRMED);
        let old_timeout = e.conn.timeout_at;
        let state = if dir == CtDir::Reply || status.has(Status::SEEN_REPLY) { CtState::Established } else { CtState::New };
        let mut kill = false;
        let refresh = match &mut e.conn.proto_state {
            ProtoState::Tcp(track) => {
                let facts = tcp::ConnFacts {
                    seen_reply: status.has(Status::SEEN_REPLY),
                    assured: status.has(Status::ASSURED),
                    fixed_timeout: status.has(Status::FIXED_TIMEOUT),
                    expires_in: e.conn.timeout_at.since(now),
                };
                match track.packet(&ip, dir, &facts) {
                    tcp::Outcome::Accept { refresh, state_changed, assure, kill: k } => {
                        kill = k;
                        e.pending_update |= state_changed;
                        if assure {
                            e.conn.status.0 |= Status::ASSURED;
                            e.pending_update = true;
                        }
                        refresh
                    }
                    tcp::Outcome::Invalid { reason, shorten_to } => {
                        if let Some(t) = shorten_to {
                            e.conn.timeout_at = now + t;
                        }
                        self.sync_timer(id, old_timeout);
                        return self.invalid_packet(id, reason);
                    }
                    tcp::Outcome::Reopen => {
                        self.kill(id);
                        return PacketState::Reopen;
                    }
                }
            }
            ProtoState::Udp { stream_after } => {
                if let Err(reason) = udp_error(&ip) {
                    return self.invalid_packet(id, reason);
                }
                if !confirmed {
                    *stream_after = now + UDP_STREAM_DELAY;
                }
                if status.has(Status::SEEN_REPLY) {
                    let stream = now > *stream_after;
                    if stream && !status.has(Status::ASSURED) {
                        e.conn.status.0 |= Status::ASSURED;
                        e.pending_update = true;
                    }
                    Some(if stream { UDP_STREAM } else { UDP_UNREPLIED })
                } else {
                    Some(UDP_UNREPLIED)
                }
            }
            ProtoState::Icmp => Some(ICMP_TIMEOUT),
            ProtoState::Generic => Some(GENERIC_TIMEOUT),
        };
        if let Some(t) = refresh
            && !status.has(Status::FIXED_TIMEOUT)
        {
            if confirmed {
                e.conn.timeout_at = now + t;
            } else {
                e.pending_timeout = t;
                e.conn.timeout_at = now + t;
            }
        }
        self.sync_timer(id, old_timeout);
        if kill {
            // Reported as it was when killed: before SEEN_REPLY is set.
            self.kill(id);
        }
        if let Some(e) = self.entries.get_mut(&id)
            && dir == CtDir::Reply
            && !status.has(Status::SEEN_REPLY)
        {
            e.conn.status.0 |= Status::SEEN_REPLY;
            e.pending_update = true;
        }
        PacketState::Tracked(state)
    }

    fn invalid_packet(&mut self, id: CtId, reason: &'static str) -> PacketState {
        if self.entries.get(&id).is_some_and(|e| !e.conn.status.has(Status::CONFIRMED)) {
            self.purge(id);
        }
        PacketState::Invalid(reason)
    }

    /// `nf_confirm` at the end of POSTROUTING / INPUT, for every packet that
    /// has a connection. A new connection is inserted (`__nf_conntrack_
    /// confirm`: its timeout starts now; NEW event); a clash with an
    /// existing tuple fails (the packet is dropped). For a confirmed one,
    /// the events the packet caused are delivered (one UPDATE).
    pub fn confirm(&mut self, id: CtId, now: Instant) -> Result<(), ConfirmError> {
        self.tick(now);
        let clock = self.clock;
        let Some(e) = self.entries.get(&id) else {
            return Err(ConfirmError::NoSuchEntry);
        };
        if e.conn.status.has(Status::CONFIRMED) {
            // A connection killed by this very packet (an RST answering a
            // SYN) lets it pass; its events died with it.
            if e.pending_update && !e.conn.status.has(Status::DYING) {
                self.deliver(id, CtEventKind::Update);
            }
            return Ok(());
        }
        if e.conn.status.has(Status::DYING) {
            return Err(ConfirmError::Dying);
        }
        let (orig, reply) = (e.conn.orig, e.conn.reply);
        if self.claim_tuples(id, &orig, &reply) {
            if let Some(e) = self.entries.get_mut(&id) {
                e.conn.timeout_at = clock + e.pending_timeout;
                e.conn.status.0 |= Status::CONFIRMED;
                let at = e.conn.timeout_at;
                self.timer_add(at, id);
            }
            self.deliver(id, CtEventKind::New);
            return Ok(());
        }
        if self.lookup(&orig).is_some() || self.lookup(&reply).is_some() {
            self.stats.insert_failed += 1;
            self.stats.drop += 1;
            self.purge(id);
            return Err(ConfirmError::Clash);
        }
        if let Some(e) = self.entries.get_mut(&id) {
            e.conn.timeout_at = clock + e.pending_timeout;
            e.conn.status.0 |= Status::CONFIRMED;
            let at = e.conn.timeout_at;
            self.timer_add(at, id);
        }
        self.index.insert(hash::key(&orig), (id, CtDir::Original));
        self.index.insert(hash::key(&reply), (id, CtDir::Reply));
        self.deliver(id, CtEventKind::New);
        Ok(())
    }

    /// The common case of a confirmation, one hash probe per tuple: index
    /// both tuples of `id` when neither is in the table yet. Anything else
    /// (a clash, an expired entry not yet purged, a tuple equal to its
    /// reply) leaves the index unchanged and returns false for the full
    /// check.
    fn claim_tuples(&mut self, id: CtId, orig: &Tuple, reply: &Tuple) -> bool {
        use std::collections::hash_map::Entry as Slot;
        let orig_key = hash::key(orig);
        let Slot::Vacant(slot) = self.index.entry(orig_key) else {
            return false;
        };
        slot.insert((id, CtDir::Original));
        let Slot::Vacant(slot) = self.index.entry(hash::key(reply)) else {
            self.index.remove(&orig_key);
            return false;
        };
        slot.insert((id, CtDir::Reply));
        true
    }

    fn deliver(&mut self, id: CtId, kind: CtEventKind) {
        let at = self.clock;
        if let Some(e) = self.entries.get_mut(&id) {
            e.pending_update = false;
            // Keep a bounded history: `conntrack -E` shows the recent past.
            if self.events.len() >= 10_000 {
                self.events.drain(..1_000);
            }
            self.events.push(CtEvent { kind, id, conn: e.conn.clone(), at });
        }
    }

    /// Whether the NAT decision of this kind was taken
    /// (`nf_nat_initialized`): the nat table is consulted only while it
    /// was not, i.e. for a connection's first packet.
    pub fn nat_done(&self, id: CtId, manip: Manip) -> bool {
        let bit = match manip {
            Manip::Src => Status::SRC_NAT_DONE,
            Manip::Dst => Status::DST_NAT_DONE,
        };
        self.entries.get(&id).is_some_and(|e| e.conn.status.has(bit))
    }

    /// `nf_nat_setup_info`: binds an unconfirmed connection to a NAT
    /// mapping. Picks a tuple inside `range` that no other connection uses
    /// (`get_unique_tuple`: a source NAT keeps the original source port if
    /// it is free, else reuses an existing mapping of the same source, else
    /// searches the port range from an offset drawn from `rng`), changes the
    /// reply tuple so answers find the connection, and sets `SRC_NAT` /
    /// `DST_NAT` if anything changed and `*_NAT_DONE` in any case. Returns
    /// the original-direction tuple as it will look after NAT; `None` for an
    /// unknown id. Confirmed connections and repeated bindings are left as
    /// they are.
    pub fn setup_nat(&mut self, id: CtId, manip: Manip, range: &NatRange, rng: &mut Rng) -> Option<Tuple> {
        let e = self.entries.get(&id)?;
        let curr = e.conn.reply.invert();
        if e.conn.status.has(Status::CONFIRMED) || self.nat_done(id, manip) {
            return Some(curr);
        }
        let new = self.unique_tuple(&curr, range, id, manip, rng);
        let e = self.entries.get_mut(&id)?;
        if new != curr {
            e.conn.reply = new.invert();
            e.conn.status.0 |= nat_bit(manip);
        }
        e.conn.status.0 |= match manip {
            Manip::Src => Status::SRC_NAT_DONE,
            Manip::Dst => Status::DST_NAT_DONE,
        };
        if manip == Manip::Src {
            let o = e.conn.orig;
            self.by_source.insert((o.proto, o.src, o.src_port, id));
        }
        Some(new)
    }

    /// `nf_nat_alloc_null_binding`: no NAT rule matched the first packet;
    /// bind it to its own current address (which still moves the source
    /// port if the tuple is taken by another connection).
    pub fn null_binding(&mut self, id: CtId, manip: Manip, rng: &mut Rng) -> Option<Tuple> {
        let reply = self.entries.get(&id)?.conn.reply;
        let addr = match manip {
            Manip::Src => reply.dst,
            Manip::Dst => reply.src,
        };
        self.setup_nat(id, manip, &NatRange::addr(addr), rng)
    }

    /// `get_unique_tuple`.
    fn unique_tuple(&mut self, orig: &Tuple, range: &NatRange, id: CtId, manip: Manip, rng: &mut Rng) -> Tuple {
        let random_all = range.flags & (NatRange::PROTO_RANDOM | NatRange::PROTO_RANDOM_FULLY) != 0;
        if manip == Manip::Src && !random_all {
            if nat::in_range(orig, range) {
                if !self.used_tuple_new(orig, id) {
                    return *orig;
                }
            } else if let Some(t) = self.find_appropriate_src(orig, range, id)
                && !self.used_tuple(&t, id)
            {
                return t;
            }
        }
        let mut t = *orig;
        nat::pick_address(&mut t, range, manip, 0);
        if !random_all {
            if range.has_ports() {
                if nat::l4_in_range(&t, manip, range) && (range.min_port == range.max_port || !self.used_tuple(&t, id)) {
                    return t;
                }
            } else if !self.used_tuple(&t, id) {
                return t;
            }
        }
        self.unique_l4(&mut t, range, manip, id, rng);
        t
    }

    /// `nf_conntrack_tuple_taken`: does a confirmed connection other than
    /// `ignored` own `t` in either direction? Connections with the same
    /// original tuple do not count (the clash is resolved at confirm time).
    fn tuple_taken(&mut self, t: &Tuple, ignored: CtId) -> bool {
        let Some((cid, _)) = self.lookup(t) else {
            return false;
        };
        if cid == ignored {
            return false;
        }
        let same_orig = match (self.entries.get(&ignored), self.entries.get(&cid)) {
            (Some(a), Some(b)) => a.conn.orig == b.conn.orig,
            _ => false,
        };
        if same_orig {
            return false;
        }
        self.stats.found += 1;
        true
    }

    /// `nf_nat_used_tuple`: would a connection whose original direction,
    /// after NAT, is `t` collide with an existing reply tuple?
    fn used_tuple(&mut self, t: &Tuple, ignored: CtId) -> bool {
        self.tuple_taken(&t.invert(), ignored)
    }

    /// `nf_nat_used_tuple_new`: as `used_tuple` for an unaltered tuple, but
    /// a UDP clash with the same flow seen from the other side (two packets
    /// crossing) is left to confirm time.
    fn used_tuple_new(&mut self, t: &Tuple, ignored: CtId) -> bool {
        if !self.used_tuple(t, ignored) {
            return false;
        }
        if t.proto != proto::UDP && t.proto != 136 {
            return true; // only UDP allows clashes
        }
        let Some(me) = self.entries.get(&ignored) else {
            return true;
        };
        let uses_nat = Status::SRC_NAT | Status::DST_NAT;
        if me.conn.status.0 & uses_nat != 0 {
            return true;
        }
        let (my_orig, my_reply) = (me.conn.orig, me.conn.reply);
        let Some((cid, dir)) = self.lookup(t).or_else(|| self.lookup(&t.invert())) else {
            return false;
        };
        if dir != CtDir::Reply {
            return true;
        }
        match self.entries.get(&cid) {
            Some(c) if c.conn.status.0 & uses_nat == 0 => !(c.conn.orig == my_reply && c.conn.reply == my_orig),
            _ => true,
        }
    }

    /// `find_appropriate_src`: reuse the mapping of another connection from
    /// the same source address and port (newest first), so a client keeps
    /// its translated port across connections.
    fn find_appropriate_src(&self, orig: &Tuple, range: &NatRange, ignored: CtId) -> Option<Tuple> {
        let (p, a, port) = (orig.proto, orig.src, orig.src_port);
        let same_src = self.by_source.range((p, a, port, CtId(0))..=(p, a, port, CtId(u64::MAX)));
        same_src.rev().find_map(|&(_, _, _, id)| {
            let e = self.entries.get(&id)?;
            if id == ignored || !self.is_live(e) {
                return None;
            }
            let mut result = e.conn.reply.invert();
            result.dst = orig.dst;
            result.dst_port = orig.dst_port;
            nat::in_range(&result, range).then_some(result)
        })
    }

    /// `nf_nat_l4proto_unique_tuple`: search the port (or ICMP id) range
    /// for a free tuple, starting at a random offset (destination NAT
    /// starts at the range's first port), up to 128 tries, then halving
    /// rounds from new offsets. Gives up with the last candidate (the
    /// packet will then fail at confirm).
    fn unique_l4(&mut self, t: &mut Tuple, range: &NatRange, manip: Manip, id: CtId, rng: &mut Rng) {
        let random_all = range.flags & (NatRange::PROTO_RANDOM | NatRange::PROTO_RANDOM_FULLY) != 0;
        let src = manip == Manip::Src;
        let (min, size): (u32, u32) = match t.proto {
            proto::ICMP => {
                if range.has_ports() {
                    (u32::from(range.min_port), u32::from(range.max_port.wrapping_sub(range.min_port)) + 1)
                } else {
                    (0, 65_536)
                }
            }
            proto::TCP | proto::UDP | proto::SCTP | 136 => {
                if range.has_ports() {
                    let (lo, hi) = (range.min_port.min(range.max_port), range.min_port.max(range.max_port));
                    (u32::from(lo), u32::from(hi - lo) + 1)
                } else {
                    if !src {
                        return; // a destination port is never changed without a range
                    }
                    match if src { t.src_port } else { t.dst_port } {
                        p if p < 512 => (1, 511),
                        p if p < 1024 => (600, 424),
                        _ => (1024, 64_512),
                    }
                }
            }
            _ => return,
        };
        let set = |t: &mut Tuple, v: u16| {
            if t.proto == proto::ICMP || src {
                t.src_port = v;
            } else {
                t.dst_port = v;
            }
        };
        let mut off: u16 = if random_all || src { rng.next_u32() as u16 } else { 0 };
        let mut attempts = size.min(128);
        loop {
            for i in 0..attempts {
                set(t, (min + u32::from(off) % size) as u16);
                if !self.used_tuple_harder(t, id, attempts - i) {
                    return;
                }
                off = off.wrapping_add(1);
            }
            if attempts >= size || attempts < 16 {
                return;
            }
            attempts /= 2;
            off = rng.next_u32() as u16;
        }
    }

    /// `nf_nat_used_tuple_harder`: in the last tries for a TCP SYN, a
    /// colliding source-NATed connection in TIME_WAIT (or later) whose
    /// sequence numbers the new connection has passed is evicted.
    fn used_tuple_harder(&mut self, t: &Tuple, id: CtId, attempts_left: u32) -> bool {
        let reply = t.invert();
        let my_end = match self.entries.get(&id).map(|e| &e.conn.proto_state) {
            Some(ProtoState::Tcp(track)) if track.state() == TcpState::SynSent => track.orig_end(),
            _ => return self.tuple_taken(&reply, id),
        };
        if attempts_left > 32 || t.proto != proto::TCP {
            return self.tuple_taken(&reply, id);
        }
        let Some((cid, dir)) = self.lookup(&reply) else {
            return false;
        };
        if dir == CtDir::Original || cid == id {
            return true;
        }
        let evictable = self.entries.get(&cid).is_some_and(|e| {
            let s = e.conn.status;
            let old = match &e.conn.proto_state {
                ProtoState::Tcp(track) => track,
                _ => return false,
            };
            old.state() >= TcpState::TimeWait && !s.has(Status::FIXED_TIMEOUT) && s.has(Status::SRC_NAT) && (my_end.wrapping_sub(old.orig_end()) as i32) > 0
        });
        if evictable {
            self.kill(cid);
            self.purge(cid);
        }
        !evictable
    }

    /// `nf_conntrack_alter_reply`, as IPVS uses it with
    /// `net.ipv4.vs.conntrack=1`: the connection's reply tuple becomes
    /// `new_reply` (real server → client), without NAT status bits, since
    /// IPVS rewrites the packets itself. Only before confirmation; returns
    /// whether it applied.
    pub fn alter_reply(&mut self, id: CtId, new_reply: Tuple) -> bool {
        match self.entries.get_mut(&id) {
            Some(e) if !e.conn.status.has(Status::CONFIRMED) && !e.conn.status.has(Status::DYING) => {
                e.conn.reply = new_reply;
                true
            }
            _ => false,
        }
    }

    /// `nf_nat_packet`: rewrites a packet of direction `dir` at a hook of
    /// kind `manip` (PREROUTING/OUTPUT: destination; POSTROUTING/INPUT:
    /// source) so it looks like the inverse of the other direction's tuple.
    /// `Ok(true)` if the binding applied, `Ok(false)` if there is nothing
    /// to do here, `Err` if the packet is too short to rewrite (dropped).
    pub fn apply_nat(&self, id: CtId, dir: CtDir, manip: Manip, l3: &mut [u8]) -> Result<bool, NatDrop> {
        let Some(e) = self.entries.get(&id) else {
            return Ok(false);
        };
        if !e.conn.status.has(nat_bit_for(manip, dir)) {
            return Ok(false);
        }
        let target = e.conn.tuple(other(dir)).invert();
        nat::manip_pkt(l3, 0, &target, manip)?;
        Ok(true)
    }

    /// The connection an ICMP error is about (`nf_conntrack_icmpv4_error`):
    /// the packet quoted inside, inverted, must match a connection whose
    /// tuple in that direction is addressed to the error's destination.
    /// `None` if `l3` is not an ICMP error or quotes nothing tracked.
    pub fn related(&self, l3: &[u8]) -> Option<(CtId, CtDir)> {
        match self.icmp_error(l3) {
            IcmpError::Related(id, dir) => Some((id, dir)),
            _ => None,
        }
    }

    fn icmp_error(&self, l3: &[u8]) -> IcmpError {
        let Some(ip) = Ipv4View::parse(l3) else {
            return IcmpError::NotAnError;
        };
        if ip.proto != proto::ICMP {
            return IcmpError::NotAnError;
        }
        let Some(icmp) = ip.l4().get(..8) else {
            return IcmpError::Invalid("short packet");
        };
        if icmp[0] > packet::NR_ICMP_TYPES {
            return IcmpError::Invalid("invalid icmp type");
        }
        if !packet::icmp_is_err(icmp[0]) {
            return IcmpError::NotAnError;
        }
        let inner = ip.l4().get(8..).and_then(|rest| {
            // The quoted header may claim a longer packet than was quoted.
            let hdr_len = usize::from(rest.first()? & 0x0f) * 4;
            let mut quoted = rest.to_vec();
            let len = u16::try_from(quoted.len()).ok()?;
            if quoted.len() < 20 || hdr_len < 20 {
                return None;
            }
            quoted[2..4].copy_from_slice(&len.to_be_bytes());
            let view = Ipv4View::parse(&quoted)?;
            if view.frag_offset != 0 {
                return None;
            }
            packet::tuple_of(&view)
        });
        let Some(quoted) = inner else {
            return IcmpError::Invalid("no related connection");
        };
        let Some(inverted) = packet::invert(&quoted) else {
            return IcmpError::Invalid("no related connection");
        };
        let Some((id, dir)) = self.lookup(&inverted) else {
            return IcmpError::Invalid("no related connection");
        };
        match self.entries.get(&id) {
            Some(e) if e.conn.tuple(dir).dst == ip.dst => IcmpError::Related(id, dir),
            _ => IcmpError::Invalid("outer daddr != inner"),
        }
    }

    /// `nf_nat_icmp_reply_translation`: an ICMP error RELATED to connection
    /// `id` (direction `dir`) at a hook of kind `manip` gets the packet it
    /// quotes un-NATed like its connection's packets, its ICMP checksum
    /// recomputed, and its outer header rewritten. A bad ICMP checksum, or
    /// a redirect about a NATed connection, drops it.
    pub fn apply_nat_related(&self, id: CtId, dir: CtDir, manip: Manip, l3: &mut [u8]) -> Result<bool, NatDrop> {
        let Some(e) = self.entries.get(&id) else {
            return Ok(false);
        };
        let ip = Ipv4View::parse(l3).ok_or(NatDrop)?;
        let hdrlen = ip.hdr_len;
        if ip.bytes.len() < hdrlen + 8 + 20 || csum::checksum(ip.l4()) != 0 {
            return Err(NatDrop);
        }
        let status = e.conn.status;
        if ip.l4()[0] == 5 {
            let done = Status::SRC_NAT_DONE | Status::DST_NAT_DONE;
            if !status.has(done) || status.0 & (Status::SRC_NAT | Status::DST_NAT) != 0 {
                return Err(NatDrop);
            }
        }
        if !status.has(nat_bit_for(manip, dir)) {
            return Ok(false);
        }
        nat::icmp_reply_translation(l3, e.conn.tuple(other(dir)), manip)?;
        Ok(true)
    }

    /// Deletes connections whose timeout passed by `now` (DESTROY events)
    /// and forgets killed ones; returns how many timed out.
    /// Timed-out connections are killed in id order (their DESTROY
    /// events in that order), then every killed entry is purged.
    pub fn expire(&mut self, now: Instant) -> usize {
        self.tick(now);
        if self.next_timeout > self.clock && self.dying.is_empty() {
            return 0;
        }
        let mut due: Vec<CtId> = self.timers.range(..=(self.clock, CtId(u64::MAX))).map(|(_, id)| *id).collect();
        due.sort_unstable();
        for id in &due {
            self.kill(*id);
        }
        for id in std::mem::take(&mut self.dying) {
            self.purge(id);
        }
        due.len()
    }

    /// `nf_ct_delete`: takes a connection out of the table and reports it
    /// destroyed. The entry stays addressable by id (the packet that killed
    /// it still carries it) until the next [`Conntrack::expire`].
    fn kill(&mut self, id: CtId) {
        let Some(e) = self.entries.get_mut(&id) else {
            return;
        };
        if e.conn.status.has(Status::DYING) {
            return;
        }
        let confirmed = e.conn.status.has(Status::CONFIRMED);
        e.conn.status.0 |= Status::DYING;
        let (orig, reply, timeout) = (e.conn.orig, e.conn.reply, e.conn.timeout_at);
        self.alive -= 1;
        self.dying.push(id);
        if confirmed {
            self.timer_del(timeout, id);
        }
        for t in [orig, reply] {
            let k = hash::key(&t);
            if self.index.get(&k).is_some_and(|(cid, _)| *cid == id) {
                self.index.remove(&k);
            }
        }
        if confirmed {
            self.deliver(id, CtEventKind::Destroy);
        }
    }

    /// Forgets a killed connection (or an unconfirmed one, which no index
    /// holds): the entry, and its place in the counters, timers and source
    /// index.
    fn purge(&mut self, id: CtId) {
        let Some(e) = self.entries.remove(&id) else {
            return;
        };
        let s = e.conn.status;
        if !s.has(Status::DYING) {
            self.alive -= 1;
            if s.has(Status::CONFIRMED) {
                self.timer_del(e.conn.timeout_at, id);
            }
        }
        if s.has(Status::SRC_NAT_DONE) {
            let o = e.conn.orig;
            self.by_source.remove(&(o.proto, o.src, o.src_port, id));
        }
    }

    /// Deletes one connection (`conntrack -D`); `false` if unknown.
    pub fn delete(&mut self, id: CtId) -> bool {
        if !self.entries.contains_key(&id) {
            return false;
        }
        self.kill(id);
        self.purge(id);
        true
    }

    /// Deletes every connection (`conntrack -F`).
    pub fn flush(&mut self) {
        let ids: Vec<CtId> = self.entries.keys().copied().collect();
        for id in ids {
            self.delete(id);
        }
    }

    /// Sets the connection mark (`CONNMARK`, `ctnetlink`); a change on a
    /// confirmed connection is reported with the packet's other events.
    pub fn set_mark(&mut self, id: CtId, mark: u32) {
        if let Some(e) = self.entries.get_mut(&id)
            && e.conn.mark != mark
        {
            e.conn.mark = mark;
            e.pending_update = true;
        }
    }

    /// Confirmed, live connections in id order (what `conntrack -L` lists).
    pub fn iter(&self) -> impl Iterator<Item = (CtId, &Conn)> {
        self.entries.iter().filter(|(_, e)| e.conn.status.has(Status::CONFIRMED) && self.is_live(e)).map(|(id, e)| (*id, &e.conn))
    }

    /// The events delivered since the last call, oldest first.
    pub fn take_events(&mut self) -> Vec<CtEvent> {
        std::mem::take(&mut self.events)
    }

    /// `nf_conntrack_in`, for PREROUTING and OUTPUT: attaches the packet to
    /// its connection, creating one if needed, and runs the tracker. ICMP
    /// errors are RELATED to the connection they quote, or INVALID. A TCP
    /// reopen deletes the old entry and tracks the packet again. `Err` only
    /// when the table is full (the packet is dropped). Expired entries are
    /// removed first.
    pub fn track(&mut self, l3: &[u8], now: Instant) -> Result<Tracked, NewError> {
        self.expire(now);
        match self.track_inner(l3, now) {
            Err(NewError::TableFull) => Err(NewError::TableFull),
            Err(NewError::Invalid(reason)) => Ok(Tracked::Invalid(reason)),
            Err(NewError::Untrackable) => Ok(Tracked::Invalid("no reply tuple for this packet")),
            Ok(t) => Ok(t),
        }
    }

    /// `nf_conntrack_in` proper; counts INVALID packets (an ICMP error
    /// about nothing counts as an error instead).
    fn track_inner(&mut self, l3: &[u8], now: Instant) -> Result<Tracked, NewError> {
        let result = self.resolve(l3, now);
        let icmp_error = matches!(result, Ok(Tracked::Invalid(r)) if ICMP_ERROR_REASONS.contains(&r));
        if !icmp_error && matches!(result, Ok(Tracked::Invalid(_)) | Err(NewError::Invalid(_) | NewError::Untrackable)) {
            self.stats.invalid += 1;
        }
        result
    }

    fn resolve(&mut self, l3: &[u8], now: Instant) -> Result<Tracked, NewError> {
        let Some(ip) = Ipv4View::parse(l3) else {
            return Ok(Tracked::Invalid("not an IPv4 packet"));
        };
        if ip.frag_offset != 0 {
            return Ok(Tracked::Invalid("non-first fragment"));
        }
        let Some(tuple) = packet::tuple_of(&ip) else {
            return Ok(Tracked::Invalid("truncated transport header"));
        };
        if ip.proto == proto::ICMP {
            match self.icmp_error(l3) {
                IcmpError::NotAnError => {}
                IcmpError::Related(id, dir) => {
                    return Ok(Tracked::Conn { id, dir, state: CtState::Related });
                }
                IcmpError::Invalid(reason) => {
                    self.stats.error += 1;
                    return Ok(Tracked::Invalid(reason));
                }
            }
        }
        // A reopen deletes the old entry; the second round creates anew.
        for _ in 0..2 {
            let (id, dir) = match self.lookup(&tuple) {
                Some(found) => found,
                None => (self.create(&tuple, l3, now)?, CtDir::Original),
            };
            match self.packet(id, dir, l3, now) {
                PacketState::Tracked(state) => return Ok(Tracked::Conn { id, dir, state }),
                PacketState::Invalid(reason) => return Ok(Tracked::Invalid(reason)),
                PacketState::Reopen => continue,
            }
        }
        Ok(Tracked::Invalid("reopened twice"))
    }
}

/// `udp_error`: the header must be whole and its length field consistent.
fn udp_error(ip: &Ipv4View<'_>) -> Result<(), &'static str> {
    let l4 = ip.l4();
    let h = l4.get(..8).ok_or("short packet")?;
    let len = usize::from(u16::from_be_bytes([h[4], h[5]]));
    if len > l4.len() || len < 8 {
        return Err("truncated/malformed packet");
    }
    Ok(())
}
