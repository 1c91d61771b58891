//! IPv4 fragmentation, reassembly and the path MTU cache.
//!
//! **Fragmentation** ([`fragment`]) is `ip_do_fragment`: a packet longer
//! than the MTU is cut into pieces whose payloads are multiples of 8 bytes
//! (the offset field counts 8-byte units), every piece but the last with
//! More Fragments (MF) set. Each piece carries a copy of the original header
//! with its own total length, offset and checksum, and the same
//! identification, TTL and protocol. Only the first piece carries the
//! transport header, so a `tcpdump` of a later one can only say
//! `ip-proto-1`. Options without the copy bit travel in the first fragment
//! only; later fragments have them overwritten with NOPs
//! (`ip_options_fragment`), keeping the header length. Fragmenting a
//! fragment keeps its offset base and, if it had MF, MF on its last piece.
//!
//! **Reassembly** ([`Reassembly`]) is `ip_defrag`. Fragments are queued by
//! (source, destination, identification, protocol, user): the local
//! delivery path and conntrack's defragmentation (`nf_defrag_ipv4`, before
//! conntrack at PREROUTING; br_netfilter's bridge variant) each have their
//! own queues. Linux's rules since the FragmentSmack fixes are kept: a
//! fragment lying entirely inside data already queued is a duplicate and is
//! dropped alone; any other overlap throws the whole datagram away
//! (RFC 5722's rule, applied to IPv4 as well); a final fragment that ends
//! before data already seen, or a second final fragment with another end,
//! kills the queue; a datagram that would exceed 65535 bytes is dropped.
//! The reassembled packet takes the first fragment's header; it has DF only
//! if the largest fragment had DF, and remembers the largest fragment's size
//! (`frag_max_size`), which forwarding uses to refragment to the original
//! sizes and to refuse a DF datagram whose fragments were too big for the
//! next hop. A queue lives at most `ipfrag_time` (30 s) from its first
//! fragment; when it expires with its first fragment in it, an end host
//! answers ICMP time exceeded, fragment reassembly time exceeded (conntrack's
//! queues only if the datagram was for this host). New queues are refused
//! while the queued fragments use more than `ipfrag_high_thresh` bytes.
//!
//! **Path MTU** ([`PmtuCache`]): an ICMP "fragmentation needed" quoting one
//! of our packets lowers the MTU towards its destination for
//! `route/mtu_expires` (600 s): a route exception, shown by `ip route get`
//! as `cache expires 599sec mtu 1450`. A reported MTU below `min_pmtu`
//! (552) is clamped up to it and locked (`mtu lock 552`); a larger MTU
//! than the current one is ignored. [`PmtuDisc`] is a socket's
//! `IP_MTU_DISCOVER` setting, which decides DF and local fragmentation.
//!
//! Not modelled: `ipfrag_max_dist` (the per-source reordering limit),
//! memory accounting by `skb->truesize` (mesh counts fragment bytes, so it
//! reaches `ipfrag_high_thresh` later than Linux would), IPv6, and path MTU
//! exceptions of routes with an `mtu` metric.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use crate::kernel::DevId;
use crate::time::{Duration, Instant};
use crate::wire::Ipv4Packet;

/// The largest IPv4 packet (`IP_MAX_MTU`): the total length is 16 bits.
pub const IP_MAX_MTU: usize = 65535;
/// `net.ipv4.ipfrag_time`'s default: how long a fragment queue waits.
pub const IPFRAG_TIME: Duration = Duration::from_secs(30);
/// `net.ipv4.ipfrag_high_thresh`'s default (4 MiB).
pub const IPFRAG_HIGH_THRESH: usize = 4 * 1024 * 1024;
/// `net.ipv4.route.mtu_expires`: how long a learned path MTU is kept.
pub const MTU_EXPIRES: Duration = Duration::from_secs(600);
const MTU_EXPIRES_HALF: Duration = Duration::from_secs(300);
/// `net.ipv4.route.min_pmtu`: the smallest path MTU accepted from ICMP.
pub const MIN_PMTU: u32 = 552;

/// A socket's `IP_MTU_DISCOVER` (`ping -M`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PmtuDisc {
    /// `IP_PMTUDISC_DONT`: never set DF; fragment locally when needed.
    Dont,
    /// `IP_PMTUDISC_WANT` (the default with `ip_no_pmtu_disc=0`): DF on
    /// packets that fit the path MTU, local fragmentation (without DF) for
    /// the others.
    Want,
    /// `IP_PMTUDISC_DO`: always DF; a datagram over the path MTU fails
    /// with EMSGSIZE and a local error carrying the MTU.
    Do,
}

/// Cut `l3` (an IPv4 packet) into fragments of at most `mtu` bytes, in
/// order (`ip_do_fragment`). `df` sets DF on every fragment (a datagram
/// reassembled from DF fragments, `IPSKB_FRAG_PMTU`). `None` when the MTU
/// leaves no room for 8 bytes of payload or the packet is malformed.
pub fn fragment(l3: &[u8], mtu: usize, df: bool) -> Option<Vec<Vec<u8>>> {
    let ip = Ipv4Packet::new_checked(l3).ok()?;
    let hlen = usize::from(ip.header_len());
    let total = usize::from(ip.total_len());
    let room = mtu.checked_sub(hlen).filter(|r| *r >= 8)?;
    let base_offset = usize::from(ip.frag_offset());
    let not_last_frag = ip.more_frags();
    let mut header = l3.get(..hlen)?.to_vec();
    let payload = l3.get(hlen..total)?;
    let mut out = Vec::new();
    let mut at = 0usize;
    while at < payload.len() {
        let left = payload.len() - at;
        let mut len = left.min(room);
        if len < left {
            len &= !7;
        }
        let offset = base_offset + at;
        let more = at + len < payload.len() || not_last_frag;
        let mut frag = Vec::with_capacity(hlen + len);
        frag.extend_from_slice(&header);
        frag.extend_from_slice(payload.get(at..at + len)?);
        {
            let mut p = Ipv4Packet::new_unchecked(&mut frag[..]);
            p.set_total_len(u16::try_from(hlen + len).ok()?);
            p.set_frag_offset(u16::try_from(offset).ok()?);
            p.set_more_frags(more);
            p.set_dont_frag(df);
            p.fill_checksum();
        }
        out.push(frag);
        if at == 0 {
            options_fragment(&mut header);
        }
        at += len;
    }
    Some(out)
}

/// `ip_options_fragment`: options without the copy bit become NOPs in the
/// header that later fragments copy.
fn options_fragment(header: &mut [u8]) {
    const EOL: u8 = 0;
    const NOP: u8 = 1;
    let mut i = 20;
    while i < header.len() {
        match header[i] {
            EOL => return,
            NOP => i += 1,
            kind => {
                let Some(&len) = header.get(i + 1) else { return };
                let len = usize::from(len);
                if len < 2 || i + len > header.len() {
                    return;
                }
                if kind & 0x80 == 0 {
                    header[i..i + len].fill(NOP);
                }
                i += len;
            }
        }
    }
}

/// Who reassembles (`enum ip_defrag_users`): each keeps its own queues.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DefragUser {
    /// `IP_DEFRAG_LOCAL_DELIVER`: `ip_local_deliver`, before INPUT.
    LocalDeliver,
    /// `IP_DEFRAG_CONNTRACK_IN`: `nf_defrag_ipv4` at PREROUTING.
    ConntrackIn,
    /// `IP_DEFRAG_CONNTRACK_BRIDGE_IN`: br_netfilter's PREROUTING.
    ConntrackBridgeIn,
}

impl DefragUser {
    /// `frag_expire_skip_icmp`: conntrack's queues send no ICMP on timeout
    /// unless the datagram was for this host.
    fn icmp_only_if_local(self) -> bool {
        self != DefragUser::LocalDeliver
    }
}

/// What identifies a datagram being reassembled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FragKey {
    pub src: Ipv4Addr,
    pub dst: Ipv4Addr,
    pub ident: u16,
    pub protocol: u8,
    pub user: DefragUser,
}

/// ECN codepoints seen among a datagram's fragments (`IPFRAG_ECN_*`).
const ECN_NOT_ECT: u8 = 1;
const ECN_ECT_1: u8 = 2;
const ECN_ECT_0: u8 = 4;
const ECN_CE: u8 = 8;

/// One datagram being reassembled (`struct ipq`).
#[derive(Clone, Debug)]
struct FragQueue {
    /// Payload pieces by offset, never overlapping.
    frags: BTreeMap<usize, Vec<u8>>,
    /// Runs of fragments that arrived contiguously, start → end
    /// (`FRAG_CB(skb)->frag_run_len`): what duplicates are judged against.
    runs: BTreeMap<usize, usize>,
    /// The first fragment's header (once it arrived).
    first_header: Option<Vec<u8>>,
    /// The end of the datagram's payload: known once the last fragment
    /// arrived, else the furthest end seen.
    len: usize,
    last_in: bool,
    /// Payload bytes queued.
    meat: usize,
    /// Bytes charged against `ipfrag_high_thresh`.
    mem: usize,
    /// The largest fragment (header included), and the largest with DF.
    max_size: usize,
    max_df_size: usize,
    ecn: u8,
    iif: Option<DevId>,
    /// Identifies this queue's timer.
    serial: u64,
}

/// Result of offering a fragment to [`Reassembly::add`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Defrag {
    /// The datagram is complete.
    Complete(Reassembled),
    /// Kept until the rest arrives. `timer` is set when the fragment opened
    /// a new queue: the caller arms the `ipfrag_time` timer for it.
    Queued { timer: Option<u64> },
    /// The fragment was dropped (and with it, for some reasons, the queue).
    Dropped(&'static str),
}

/// A reassembled datagram.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reassembled {
    pub packet: Vec<u8>,
    /// The largest fragment's size (`IPCB(skb)->frag_max_size`).
    pub frag_max_size: u16,
    /// DF was kept because the largest fragment had it (`IPSKB_FRAG_PMTU`).
    pub frag_pmtu: bool,
}

/// What an expired queue leaves behind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expired {
    pub key: FragKey,
    /// The first fragment (header and payload), if it had arrived: the
    /// packet an ICMP time exceeded quotes.
    pub first: Option<Vec<u8>>,
    pub iif: Option<DevId>,
    /// Whether an ICMP is sent only when the datagram was for this host.
    pub icmp_only_if_local: bool,
}

/// The fragment queues of one namespace.
#[derive(Clone, Debug, Default)]
pub struct Reassembly {
    queues: BTreeMap<FragKey, FragQueue>,
    mem: usize,
    next_serial: u64,
}

impl Reassembly {
    /// Datagrams waiting for fragments.
    pub fn len(&self) -> usize {
        self.queues.len()
    }

    pub fn is_empty(&self) -> bool {
        self.queues.is_empty()
    }

    /// Bytes the queues hold (what `ipfrag_high_thresh` limits).
    pub fn mem(&self) -> usize {
        self.mem
    }

    /// Queue one fragment (`ip_defrag`); `l3` must be a fragment.
    pub fn add(&mut self, l3: &[u8], user: DefragUser, iif: Option<DevId>, high_thresh: usize) -> Defrag {
        let Ok(ip) = Ipv4Packet::new_checked(l3) else { return Defrag::Dropped("malformed fragment") };
        let key = FragKey { src: ip.src_addr(), dst: ip.dst_addr(), ident: ip.ident(), protocol: ip.protocol(), user };
        let ihl = usize::from(ip.header_len());
        let offset = usize::from(ip.frag_offset());
        let mut end = offset + ip.payload().len();
        let ecn = match ip.ecn() {
            0 => ECN_NOT_ECT,
            1 => ECN_ECT_1,
            2 => ECN_ECT_0,
            _ => ECN_CE,
        };
        let mut timer = None;
        if !self.queues.contains_key(&key) {
            // inet_frag_find: no new queue above the memory limit.
            if high_thresh == 0 || self.mem > high_thresh {
                return Defrag::Dropped("fragment queues over ipfrag_high_thresh");
            }
            self.next_serial += 1;
            let q = FragQueue {
                frags: BTreeMap::new(),
                runs: BTreeMap::new(),
                first_header: None,
                len: 0,
                last_in: false,
                meat: 0,
                mem: 0,
                max_size: 0,
                max_df_size: 0,
                ecn: 0,
                iif,
                serial: self.next_serial,
            };
            self.queues.insert(key, q);
            timer = Some(self.next_serial);
        }
        let Some(q) = self.queues.get_mut(&key) else { return Defrag::Dropped("no fragment queue") };
        // ip_frag_queue: where this fragment goes, and whether it is sane.
        if !ip.more_frags() {
            if end < q.len || (q.last_in && end != q.len) {
                return self.kill(key, "last fragment disagrees with the datagram's length");
            }
            q.last_in = true;
            q.len = end;
        } else {
            end &= !7;
            if end > q.len {
                if q.last_in {
                    return self.kill(key, "fragment beyond the datagram's end");
                }
                q.len = end;
            }
        }
        if end == offset {
            return self.kill(key, "empty fragment");
        }
        let Some(data) = ip.payload().get(..end - offset) else { return self.kill(key, "malformed fragment") };
        match insert_run(&mut q.runs, offset, end) {
            Placement::Duplicate => return Defrag::Dropped("duplicate fragment"),
            Placement::Overlap => return self.kill(key, "overlapping fragment"),
            Placement::Inserted => {}
        }
        q.frags.insert(offset, data.to_vec());
        if iif.is_some() {
            q.iif = iif;
        }
        q.meat += data.len();
        q.ecn |= ecn;
        let charge = ihl + data.len();
        q.mem += charge;
        self.mem += charge;
        if offset == 0 {
            q.first_header = l3.get(..ihl).map(<[u8]>::to_vec);
        }
        let fragsize = ihl + data.len();
        q.max_size = q.max_size.max(fragsize);
        if ip.dont_frag() {
            q.max_df_size = q.max_df_size.max(fragsize);
        }
        if q.first_header.is_some() && q.last_in && q.meat == q.len {
            return self.reassemble(key);
        }
        Defrag::Queued { timer }
    }

    /// Drop a queue and the fragment that condemned it.
    fn kill(&mut self, key: FragKey, why: &'static str) -> Defrag {
        if let Some(q) = self.queues.remove(&key) {
            self.mem -= q.mem;
        }
        Defrag::Dropped(why)
    }

    /// ip_frag_reasm.
    fn reassemble(&mut self, key: FragKey) -> Defrag {
        let Some(q) = self.queues.remove(&key) else { return Defrag::Dropped("no fragment queue") };
        self.mem -= q.mem;
        let Some(mut packet) = q.first_header else { return Defrag::Dropped("no first fragment") };
        let ihl = packet.len();
        if ihl + q.len > IP_MAX_MTU {
            return Defrag::Dropped("oversized IP packet");
        }
        // ip_frag_ecn_table: Not-ECT mixed with ECT or CE is invalid; CE
        // among ECT fragments marks the whole datagram.
        let ecn = if q.ecn & ECN_NOT_ECT != 0 && q.ecn & (ECN_ECT_0 | ECN_ECT_1 | ECN_CE) != 0 {
            return Defrag::Dropped("fragments disagree on ECN");
        } else if q.ecn & ECN_CE != 0 {
            3
        } else {
            0
        };
        for data in q.frags.into_values() {
            packet.extend_from_slice(&data);
        }
        let frag_pmtu = q.max_df_size == q.max_size;
        {
            let mut p = Ipv4Packet::new_unchecked(&mut packet[..]);
            p.set_total_len((ihl + q.len) as u16);
            p.set_tos(p.tos() | ecn);
            p.set_frag_offset(0);
            p.set_more_frags(false);
            p.set_dont_frag(frag_pmtu);
            p.fill_checksum();
        }
        let frag_max_size = q.max_size.max(q.max_df_size) as u16;
        Defrag::Complete(Reassembled { packet, frag_max_size, frag_pmtu })
    }

    /// The `ipfrag_time` timer of the queue `serial` fired (ip_expire).
    /// `None` if that queue was completed or dropped meanwhile.
    pub fn expire(&mut self, serial: u64) -> Option<Expired> {
        let key = *self.queues.iter().find(|(_, q)| q.serial == serial)?.0;
        let q = self.queues.remove(&key)?;
        self.mem -= q.mem;
        let first = match (q.first_header, q.frags.get(&0)) {
            (Some(mut h), Some(data)) => {
                h.extend_from_slice(data);
                Some(h)
            }
            _ => None,
        };
        Some(Expired { key, first, iif: q.iif, icmp_only_if_local: key.user.icmp_only_if_local() })
    }
}

enum Placement {
    Inserted,
    Duplicate,
    Overlap,
}

/// inet_frag_queue_insert: a fragment that continues the last run extends
/// it; one inside a single run is a duplicate; one that overlaps queued
/// data otherwise is an overlap; any other starts a run of its own.
fn insert_run(runs: &mut BTreeMap<usize, usize>, offset: usize, end: usize) -> Placement {
    let tail = runs.iter().next_back().map(|(s, e)| (*s, *e));
    match tail {
        Some((tail_start, tail_end)) if tail_end < end => {
            if offset < tail_end {
                return Placement::Overlap;
            }
            if offset == tail_end {
                runs.insert(tail_start, end);
                return Placement::Inserted;
            }
        }
        Some(_) => {
            for (&s, &e) in runs.iter() {
                if offset < e && end > s {
                    return if offset >= s && end <= e { Placement::Duplicate } else { Placement::Overlap };
                }
            }
        }
        None => {}
    }
    runs.insert(offset, end);
    Placement::Inserted
}

/// One learned path MTU (a route exception, `struct fib_nh_exception`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PmtuEntry {
    pub mtu: u32,
    /// Set when the reported MTU was below `min_pmtu` (`mtu lock`).
    pub locked: bool,
    pub expires: Instant,
    /// The next hop the exception belongs to: the route's device and gateway.
    pub dev: DevId,
    pub gateway: Option<Ipv4Addr>,
}

/// The path MTU exceptions of one namespace, by destination.
#[derive(Clone, Debug, Default)]
pub struct PmtuCache {
    entries: BTreeMap<Ipv4Addr, PmtuEntry>,
}

impl PmtuCache {
    /// The live exception for `dst` through `dev`/`gateway`.
    pub fn get(&self, dst: Ipv4Addr, dev: DevId, gateway: Option<Ipv4Addr>, now: Instant) -> Option<PmtuEntry> {
        self.entries.get(&dst).copied().filter(|e| e.dev == dev && e.gateway == gateway && now < e.expires)
    }

    /// `__ip_rt_update_pmtu`: `reported` from an ICMP fragmentation needed,
    /// `current` the path MTU in use now.
    pub fn update(&mut self, dst: Ipv4Addr, dev: DevId, gateway: Option<Ipv4Addr>, current: u32, reported: u32, now: Instant) {
        if current < reported {
            return;
        }
        if self.get(dst, dev, gateway, now).is_some_and(|e| e.locked) {
            return;
        }
        let (mtu, locked) = if reported < MIN_PMTU { (current.min(MIN_PMTU), true) } else { (reported, false) };
        if let Some(e) = self.get(dst, dev, gateway, now) {
            // An unchanged MTU refreshes the timer only in its second half.
            if e.mtu == mtu && !locked && now + MTU_EXPIRES_HALF < e.expires {
                return;
            }
        }
        self.entries.insert(dst, PmtuEntry { mtu, locked, expires: now + MTU_EXPIRES, dev, gateway });
    }

    /// Live exceptions, by destination (`ip route show cache`).
    pub fn iter(&self, now: Instant) -> impl Iterator<Item = (Ipv4Addr, PmtuEntry)> + '_ {
        self.entries.iter().filter(move |(_, e)| now < e.expires).map(|(d, e)| (*d, *e))
    }

    /// `ip route flush cache`.
    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

#[cfg(test)]
mod tests;
