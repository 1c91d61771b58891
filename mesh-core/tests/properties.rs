//! Property tests (issue 9): NAT round trips, checksums after every
//! rewrite, and conntrack symmetry, driven through the public API the
//! datapath itself uses.
//!
//! A [`Router`] plays one network namespace's netfilter for a forwarded
//! packet exactly as `kernel::dp::nf` sequences it: `Conntrack::track` in
//! PREROUTING, the nat hook there (destination manip), the nat hook in
//! POSTROUTING (source manip), then `Conntrack::confirm`. At each nat hook a
//! connection's first packet consults the "nat table" ([`Rules`], standing
//! in for iptables DNAT/REDIRECT and SNAT/MASQUERADE rules, which the
//! datapath turns into a `NatRange` the same way) and gets a binding
//! (`setup_nat`) or a null binding (`null_binding`); every packet is then
//! rewritten by `apply_nat` (or `apply_nat_related` for ICMP errors).
//!
//! Every packet is checked with a reference one's-complement sum written
//! here (RFC 1071), independent of mesh's own checksum code. The strongest
//! checks are byte comparisons: a packet rewritten incrementally (RFC 1624)
//! must equal, byte for byte, the packet built from scratch with the
//! translated addresses and ports — which is what the kernel's arithmetic
//! guarantees, `0x0000`/`0xffff` included.
//!
//! Also here: targeted clash and checksum corner cases, the `wire::nat`
//! rewrites IPVS uses, wire round trips cross-checked by etherparse, and
//! one end-to-end property with iptables rules typed on a shell.
//!
//! Deterministic: every property runs from a fixed proptest seed
//! ([`config`]); the simulated kernel's own randomness is a seeded
//! [`Rng`].

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use mesh_core::conntrack::{Conntrack, CtId, Status, Tracked};
use mesh_core::net::{CtDir, CtState, Manip, NatRange, Tuple, proto};
use mesh_core::rng::Rng;
use mesh_core::time::{Duration, Instant};
use mesh_core::wire::build::{L4, ipv4_packet};
use mesh_core::wire::{icmp, ipv4, tcp, udp};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, RngSeed};

/// 256 cases per property from a fixed seed: the same cases on every run.
fn config() -> Config {
    Config {
        cases: 256,
        rng_seed: RngSeed::Fixed(0x6d65_7368),
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct("proptest-regressions/properties.txt"))),
        ..Config::default()
    }
}

// ---------------------------------------------------------------------
// Reference arithmetic: RFC 1071 over the bytes, nothing from mesh.
// ---------------------------------------------------------------------

/// The folded one's-complement sum of `bytes` (big-endian 16-bit words,
/// an odd last byte padded with zero).
fn ones_sum(bytes: &[u8]) -> u16 {
    let mut sum: u64 = bytes.chunks(2).map(|w| u64::from(u16::from_be_bytes([w[0], w.get(1).copied().unwrap_or(0)]))).sum();
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    sum as u16
}

/// A region whose checksum field is filled in sums to `0xffff` (negative
/// zero). Both `0x0000` and `0xffff` in the field pass, as for a receiver.
fn sums_to_zero(bytes: &[u8]) -> bool {
    ones_sum(bytes) == 0xffff
}

fn be16(b: &[u8], at: usize) -> u16 {
    u16::from_be_bytes([b[at], b[at + 1]])
}

fn addr(b: &[u8], at: usize) -> Ipv4Addr {
    Ipv4Addr::new(b[at], b[at + 1], b[at + 2], b[at + 3])
}

fn header_len(l3: &[u8]) -> usize {
    usize::from(l3[0] & 0x0f) * 4
}

/// The TCP/UDP pseudo-header followed by the segment.
fn with_pseudo_header(l3: &[u8], segment: &[u8]) -> Vec<u8> {
    let mut v = l3[12..20].to_vec();
    v.extend_from_slice(&[0, l3[9]]);
    v.extend_from_slice(&(segment.len() as u16).to_be_bytes());
    v.extend_from_slice(segment);
    v
}

/// Verifies every checksum of a whole IPv4 packet (`l3.len()` is its total
/// length): the IP header, the TCP/UDP checksum over the pseudo-header (a
/// UDP checksum of 0 means none), the ICMP checksum over the message, and
/// for an ICMP error the quoted packet's IP header and, when the quote holds
/// the whole quoted packet, its transport checksum too.
fn verify_checksums(l3: &[u8]) -> Result<(), String> {
    let hl = header_len(l3);
    if usize::from(be16(l3, 2)) != l3.len() {
        return Err(format!("total length {} != {} bytes", be16(l3, 2), l3.len()));
    }
    verify_checksums_of_quote(l3, hl)?;
    if l3[9] == proto::ICMP && matches!(l3[hl], 3 | 11) {
        let quote = &l3[hl + 8..];
        let inner_hl = header_len(quote);
        if !sums_to_zero(&quote[..inner_hl]) {
            return Err("quoted IP header checksum".into());
        }
        if usize::from(be16(quote, 2)) == quote.len() {
            verify_checksums_of_quote(quote, inner_hl).map_err(|e| format!("quoted packet: {e}"))?;
        }
    }
    Ok(())
}

fn verify_checksums_of_quote(l3: &[u8], hl: usize) -> Result<(), String> {
    if !sums_to_zero(&l3[..hl]) {
        return Err("IP header checksum".into());
    }
    let l4 = &l3[hl..];
    let ok = match l3[9] {
        proto::TCP => sums_to_zero(&with_pseudo_header(l3, l4)),
        proto::UDP => be16(l4, 6) == 0 || sums_to_zero(&with_pseudo_header(l3, l4)),
        proto::ICMP => sums_to_zero(l4),
        _ => true,
    };
    if ok { Ok(()) } else { Err(format!("protocol {} checksum", l3[9])) }
}

/// The conntrack tuple of a packet, read from its bytes.
fn tuple_of(l3: &[u8]) -> Tuple {
    let hl = header_len(l3);
    let (src_port, dst_port) = match l3[9] {
        proto::ICMP => (be16(l3, hl + 4), u16::from(l3[hl]) << 8 | u16::from(l3[hl + 1])),
        _ => (be16(l3, hl), be16(l3, hl + 2)),
    };
    Tuple { src: addr(l3, 12), dst: addr(l3, 16), proto: l3[9], src_port, dst_port }
}

// ---------------------------------------------------------------------
// Packets, built from scratch with mesh's emitters.
// ---------------------------------------------------------------------

/// What a packet carries beyond its tuple.
#[derive(Clone, Copy, Debug)]
enum Segment {
    Tcp {
        flags: tcp::Flags,
        seq: u32,
        ack: Option<u32>,
    },
    Udp {
        zero_checksum: bool,
    },
    /// An ICMP query: the type and identifier come from the tuple.
    Icmp {
        seq_no: u16,
    },
}

/// The IPv4 packet with tuple `t`, built from scratch.
fn build(t: &Tuple, segment: Segment, payload: &[u8], ip_ident: u16) -> Vec<u8> {
    let ip = ipv4::Repr { src_addr: t.src, dst_addr: t.dst, protocol: t.proto, payload_len: 0, ttl: 64, ident: ip_ident, dont_frag: true, tos: 0 };
    match segment {
        Segment::Tcp { flags, seq, ack } => {
            let repr = tcp::Repr {
                src_port: t.src_port,
                dst_port: t.dst_port,
                seq,
                ack,
                flags,
                window: 64240,
                options: tcp::Options { mss: Some(1460), ..Default::default() },
                payload,
            };
            ipv4_packet(&ip, &L4::Tcp(&repr))
        }
        Segment::Udp { zero_checksum } => {
            let repr = udp::Repr { src_port: t.src_port, dst_port: t.dst_port };
            let mut p = ipv4_packet(&ip, &L4::Udp(&repr, payload));
            if zero_checksum {
                p[26..28].fill(0);
            }
            p
        }
        Segment::Icmp { seq_no } => {
            let (ident, data) = (t.src_port, payload);
            let repr = if t.dst_port >> 8 == 8 { icmp::Repr::EchoRequest { ident, seq_no, data } } else { icmp::Repr::EchoReply { ident, seq_no, data } };
            ipv4_packet(&ip, &L4::Icmp(&repr))
        }
    }
}

/// A "port unreachable" from `src` to `dst` quoting `about`, as Linux
/// sends one (quote cut to keep the error within 576 bytes).
fn port_unreachable(src: Ipv4Addr, dst: Ipv4Addr, about: &[u8]) -> Vec<u8> {
    let err = icmp::Repr::DstUnreachable { code: 3, mtu: 0, original: icmp::Repr::error_quote(about) };
    let ip = ipv4::Repr { src_addr: src, dst_addr: dst, protocol: proto::ICMP, payload_len: 0, ttl: 64, ident: 0x4242, dont_frag: false, tos: 0xc0 };
    ipv4_packet(&ip, &L4::Icmp(&err))
}

// ---------------------------------------------------------------------
// The router: one namespace's conntrack and nat hooks.
// ---------------------------------------------------------------------

/// The nat table's verdict for a connection's first packet, by hook.
#[derive(Clone, Debug, Default)]
struct Rules {
    /// PREROUTING: DNAT or REDIRECT, for packets to `(vip, vport)` (any
    /// port for ICMP).
    dnat: Option<(Ipv4Addr, u16, NatRange)>,
    /// POSTROUTING: SNAT or MASQUERADE, for packets (after DNAT) to one of
    /// these destinations.
    snat: Option<(Vec<Ipv4Addr>, NatRange)>,
}

impl Rules {
    /// The range the matching rule gives `t`'s first packet. A rule with
    /// ports exists only for TCP/UDP (`-p tcp`); ICMP gets the same
    /// addresses from its own rule, without ports.
    fn verdict(&self, manip: Manip, t: &Tuple) -> Option<NatRange> {
        let mut range = self.rule(manip, t)?;
        if t.proto == proto::ICMP {
            range.flags &= !NatRange::PROTO_SPECIFIED;
            (range.min_port, range.max_port) = (0, 0);
        }
        Some(range)
    }

    fn rule(&self, manip: Manip, t: &Tuple) -> Option<NatRange> {
        match manip {
            Manip::Dst => {
                let (vip, vport, range) = self.dnat.as_ref()?;
                (t.dst == *vip && (t.proto == proto::ICMP || t.dst_port == *vport)).then_some(*range)
            }
            Manip::Src => {
                let (dsts, range) = self.snat.as_ref()?;
                dsts.contains(&t.dst).then_some(*range)
            }
        }
    }
}

struct Router {
    ct: Conntrack,
    rng: Rng,
    now: Instant,
    /// The range each connection's first packet got at the destination
    /// and source nat hooks (`None`: null binding).
    bindings: BTreeMap<CtId, [Option<NatRange>; 2]>,
}

/// What happened to a forwarded packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Forwarded {
    Passed {
        id: CtId,
        dir: CtDir,
        state: CtState,
    },
    /// Conntrack marked it INVALID (it passes untouched, as without rules).
    Invalid(&'static str),
    /// Dropped: a NAT rewrite failed or the insert clashed.
    Dropped(&'static str),
}

impl Router {
    fn new(seed: u64) -> Router {
        Router { ct: Conntrack::new(), rng: Rng::new(seed, "nat"), now: Instant(1_000_000_000_000), bindings: BTreeMap::new() }
    }

    fn advance(&mut self, secs: u64) {
        self.now += Duration::from_secs(secs);
    }

    /// PREROUTING (conntrack, nat: destination), POSTROUTING (nat:
    /// source, confirm), with every checksum verified after each hook.
    fn forward(&mut self, l3: &mut [u8], rules: &Rules) -> Result<Forwarded, String> {
        let tracked = self.ct.track(l3, self.now).map_err(|e| format!("track: {e}"))?;
        let (id, dir, state) = match tracked {
            Tracked::Conn { id, dir, state } => (id, dir, state),
            Tracked::Invalid(reason) => return Ok(Forwarded::Invalid(reason)),
        };
        for manip in [Manip::Dst, Manip::Src] {
            let rewritten = if state == CtState::Related {
                self.ct.apply_nat_related(id, dir, manip, l3)
            } else {
                if state == CtState::New && dir == CtDir::Original && !self.ct.nat_done(id, manip) {
                    let verdict = rules.verdict(manip, &tuple_of(l3));
                    match verdict {
                        Some(range) => self.ct.setup_nat(id, manip, &range, &mut self.rng),
                        None => self.ct.null_binding(id, manip, &mut self.rng),
                    };
                    self.bindings.entry(id).or_default()[usize::from(manip == Manip::Src)] = verdict;
                }
                self.ct.apply_nat(id, dir, manip, l3)
            };
            if rewritten.is_err() {
                if !self.ct.conn(id).is_some_and(|c| c.status.has(Status::CONFIRMED)) {
                    self.ct.delete(id);
                }
                return Ok(Forwarded::Dropped("nat"));
            }
            verify_checksums(l3).map_err(|e| format!("after the {manip:?} nat hook: {e}"))?;
        }
        if self.ct.confirm(id, self.now).is_err() {
            return Ok(Forwarded::Dropped("confirm"));
        }
        if state != CtState::Related {
            // What NAT is: a packet leaves as the inverse of the other
            // direction's tuple.
            let conn = self.ct.conn(id).ok_or("confirmed connection vanished")?;
            let expected = conn.tuple(other(dir)).invert();
            if tuple_of(l3) != expected {
                return Err(format!("{dir:?} packet left as {} instead of {expected}", tuple_of(l3)));
            }
        }
        Ok(Forwarded::Passed { id, dir, state })
    }
}

fn other(dir: CtDir) -> CtDir {
    match dir {
        CtDir::Original => CtDir::Reply,
        CtDir::Reply => CtDir::Original,
    }
}

// ---------------------------------------------------------------------
// Strategies.
// ---------------------------------------------------------------------

fn any_addr() -> impl Strategy<Value = Ipv4Addr> {
    // Unicast-looking addresses; 0.0.0.0 and the like are fine for
    // conntrack but make no sense as a flow's endpoints.
    (1u32..0xe000_0000).prop_map(Ipv4Addr::from)
}

/// A port range `lo..=hi` of up to 64 ports, or a single port.
fn any_port_range() -> impl Strategy<Value = (u16, u16)> {
    (1u16.., 0u16..64).prop_map(|(lo, n)| (lo, lo.saturating_add(n)))
}

/// The flags iptables' targets can set on a range.
fn any_flags() -> impl Strategy<Value = u8> {
    prop_oneof![
        3 => Just(0),
        1 => Just(NatRange::PROTO_RANDOM),
        1 => Just(NatRange::PROTO_RANDOM_FULLY),
        1 => Just(NatRange::PERSISTENT),
    ]
}

/// How the packet's protocol is chosen: the first packet of a flow.
#[derive(Clone, Copy, Debug)]
enum Kind {
    Tcp,
    Udp { zero_checksum: bool },
    Icmp,
}

fn any_kind() -> impl Strategy<Value = Kind> {
    prop_oneof![Just(Kind::Tcp), any::<bool>().prop_map(|zero_checksum| Kind::Udp { zero_checksum }), Just(Kind::Icmp),]
}

impl Kind {
    fn proto(self) -> u8 {
        match self {
            Kind::Tcp => proto::TCP,
            Kind::Udp { .. } => proto::UDP,
            Kind::Icmp => proto::ICMP,
        }
    }

    fn has_ports(self) -> bool {
        !matches!(self, Kind::Icmp)
    }
}

/// A NAT binding as one iptables target produces it.
#[derive(Clone, Copy, Debug)]
enum Target {
    /// `-j DNAT --to-destination A[-B][:P[-Q]]`
    Dnat { first: Ipv4Addr, count: u32, ports: Option<(u16, u16)>, flags: u8 },
    /// `-j REDIRECT [--to-ports P[-Q]]`: the incoming interface's address.
    Redirect { local: Ipv4Addr, ports: Option<(u16, u16)>, flags: u8 },
    /// `-j SNAT --to-source A[-B][:P[-Q]]`
    Snat { first: Ipv4Addr, count: u32, ports: Option<(u16, u16)>, flags: u8 },
    /// `-j MASQUERADE [--to-ports P[-Q]]`: the outgoing interface's address.
    Masquerade { local: Ipv4Addr, ports: Option<(u16, u16)>, flags: u8 },
}

impl Target {
    /// The range the datapath hands to `setup_nat`. Ports need `-p tcp` or
    /// `-p udp` in iptables, so ICMP rules never carry them.
    fn range(self, kind: Kind) -> NatRange {
        let (first, count, ports, flags) = match self {
            Target::Dnat { first, count, ports, flags } | Target::Snat { first, count, ports, flags } => (first, count, ports, flags),
            Target::Redirect { local, ports, flags } | Target::Masquerade { local, ports, flags } => (local, 1, ports, flags),
        };
        let last = Ipv4Addr::from(u32::from(first).saturating_add(count - 1));
        let mut range = NatRange { flags: flags | NatRange::MAP_IPS, min_addr: first, max_addr: last, min_port: 0, max_port: 0 };
        if let Some((lo, hi)) = ports.filter(|_| kind.has_ports()) {
            range.flags |= NatRange::PROTO_SPECIFIED;
            (range.min_port, range.max_port) = (lo, hi);
        }
        range
    }
}

fn any_dnat() -> impl Strategy<Value = Option<Target>> {
    prop_oneof![
        1 => Just(None),
        2 => (any_addr(), 1u32..5, proptest::option::of(any_port_range()), any_flags())
            .prop_map(|(first, count, ports, flags)| Some(Target::Dnat { first, count, ports, flags })),
        1 => (any_addr(), proptest::option::of(any_port_range()), any_flags())
            .prop_map(|(local, ports, flags)| Some(Target::Redirect { local, ports, flags })),
    ]
}

fn any_snat() -> impl Strategy<Value = Option<Target>> {
    prop_oneof![
        1 => Just(None),
        2 => (any_addr(), 1u32..5, proptest::option::of(any_port_range()), any_flags())
            .prop_map(|(first, count, ports, flags)| Some(Target::Snat { first, count, ports, flags })),
        1 => (any_addr(), proptest::option::of(any_port_range()), any_flags())
            .prop_map(|(local, ports, flags)| Some(Target::Masquerade { local, ports, flags })),
    ]
}

/// Payloads: mostly small, sometimes long enough that an ICMP error quotes
/// only part of the packet (548 bytes).
fn any_payload() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => proptest::collection::vec(any::<u8>(), 0..48),
        1 => proptest::collection::vec(any::<u8>(), 520..700),
    ]
}

/// A flow's first packet: its tuple and content.
#[derive(Clone, Debug)]
struct FirstPacket {
    kind: Kind,
    tuple: Tuple,
    payload: Vec<u8>,
    seq: u32,
    ip_ident: u16,
}

fn any_first_packet() -> impl Strategy<Value = FirstPacket> {
    (any_kind(), any_addr(), any_addr(), any::<u16>(), any::<u16>(), any_payload(), any::<u32>(), any::<u16>())
        .prop_filter("two distinct hosts", |(_, a, b, ..)| a != b)
        .prop_map(|(kind, src, dst, sport, dport, payload, seq, ip_ident)| {
            let (src_port, dst_port) = match kind {
                Kind::Icmp => (sport, 8 << 8),
                _ => (sport, dport),
            };
            FirstPacket { kind, tuple: Tuple { src, dst, proto: kind.proto(), src_port, dst_port }, payload, seq, ip_ident }
        })
}

impl FirstPacket {
    fn segment(&self) -> Segment {
        match self.kind {
            Kind::Tcp => Segment::Tcp { flags: tcp::Flags::SYN, seq: self.seq, ack: None },
            Kind::Udp { zero_checksum } => Segment::Udp { zero_checksum },
            Kind::Icmp => Segment::Icmp { seq_no: 1 },
        }
    }

    fn bytes(&self) -> Vec<u8> {
        build(&self.tuple, self.segment(), &self.payload, self.ip_ident)
    }

    /// The first packet as the server received it (tuple `t`).
    fn bytes_as_received(&self, t: &Tuple) -> Vec<u8> {
        build(t, self.segment(), &self.payload, self.ip_ident)
    }

    /// The answer of the host the packet reached, to the tuple `received`
    /// it carried there: a SYN-ACK, a datagram, an echo reply.
    fn answer(&self, received: &Tuple, server_seq: u32) -> Vec<u8> {
        let segment = match self.kind {
            Kind::Tcp => Segment::Tcp { flags: tcp::Flags::SYN, seq: server_seq, ack: Some(self.seq.wrapping_add(1).wrapping_add(self.payload.len() as u32)) },
            Kind::Udp { zero_checksum } => Segment::Udp { zero_checksum },
            Kind::Icmp => Segment::Icmp { seq_no: 1 },
        };
        build(&received.invert(), segment, &self.payload, self.ip_ident ^ 0x5555)
    }

    /// The flow's second packet in the original direction, with tuple `t`.
    fn follow_up(&self, t: &Tuple, server_seq: u32) -> Vec<u8> {
        let segment = match self.kind {
            Kind::Tcp => Segment::Tcp {
                flags: tcp::Flags::empty(),
                seq: self.seq.wrapping_add(1).wrapping_add(self.payload.len() as u32),
                ack: Some(server_seq.wrapping_add(1)),
            },
            Kind::Udp { zero_checksum } => Segment::Udp { zero_checksum },
            Kind::Icmp => Segment::Icmp { seq_no: 2 },
        };
        build(t, segment, b"second", self.ip_ident.wrapping_add(1))
    }
}

/// The part of a tuple a manip changes: the address, and the port (the
/// ICMP identifier for either manip) when the protocol has one.
fn manip_part(t: &Tuple, manip: Manip) -> (Ipv4Addr, u16) {
    match (manip, t.proto) {
        (_, proto::ICMP) => (if manip == Manip::Src { t.src } else { t.dst }, t.src_port),
        (Manip::Src, _) => (t.src, t.src_port),
        (Manip::Dst, _) => (t.dst, t.dst_port),
    }
}

/// The translated part lies inside the range.
fn check_in_range(part: (Ipv4Addr, u16), range: &NatRange, what: &str) -> Result<(), TestCaseError> {
    prop_assert!((range.min_addr..=range.max_addr).contains(&part.0), "{what}: address {} outside {}-{}", part.0, range.min_addr, range.max_addr);
    if range.has_ports() {
        prop_assert!((range.min_port..=range.max_port).contains(&part.1), "{what}: port {} outside {}-{}", part.1, range.min_port, range.max_port);
    }
    Ok(())
}

// ---------------------------------------------------------------------
// 1 + 2: NAT round trips, and checksums after every rewrite.
// ---------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    /// A flow's first packet crosses a router with a random DNAT/REDIRECT
    /// and SNAT/MASQUERADE binding; the answer, a follow-up, and ICMP
    /// errors in both directions cross it back.
    ///
    /// - the first packet leaves with exactly the tuple the connection's
    ///   reply tuple expects, inside the bindings' ranges, and is
    ///   byte-identical to that packet built from scratch (so every
    ///   incremental checksum equals a full recomputation);
    /// - the answer is found in the reply direction and leaves with the
    ///   original tuple inverted, again byte-identical to a fresh build;
    /// - a second original-direction packet gets the same translation;
    /// - an ICMP error from the server about the packet it received reaches
    ///   the client as an error from the address the client talked to,
    ///   quoting the client's own packet byte for byte;
    /// - an ICMP error from the client about the answer reaches the server
    ///   quoting the answer as the server sent it.
    #[test]
    fn nat_round_trip_restores_every_byte(
        first in any_first_packet(),
        dnat in any_dnat(),
        snat in any_snat(),
        server_seq in any::<u32>(),
        seed in any::<u64>(),
    ) {
        let client = first.tuple;
        let dnat_range = dnat.map(|t| t.range(first.kind));
        let snat_range = snat.map(|t| t.range(first.kind));
        // SNAT whatever leaves towards the server, wherever DNAT sent it.
        let backends: Vec<Ipv4Addr> = match dnat_range {
            Some(d) => (u32::from(d.min_addr)..=u32::from(d.max_addr)).map(Ipv4Addr::from).collect(),
            None => vec![client.dst],
        };
        let rules = Rules {
            dnat: dnat_range.map(|r| (client.dst, client.dst_port, r)),
            snat: snat_range.map(|r| (backends, r)),
        };
        let mut router = Router::new(seed);

        // The first packet.
        let mut pkt = first.bytes();
        prop_assert_eq!(verify_checksums(&pkt), Ok(()));
        let fwd = router.forward(&mut pkt, &rules).map_err(TestCaseError::fail)?;
        let Forwarded::Passed { id, dir: CtDir::Original, state: CtState::New } = fwd else {
            return Err(TestCaseError::fail(format!("first packet: {fwd:?}")));
        };
        let conn = router.ct.conn(id).cloned().ok_or_else(|| TestCaseError::fail("no conn"))?;
        prop_assert_eq!(conn.orig, client);
        let sent = tuple_of(&pkt);
        prop_assert_eq!(sent, conn.reply.invert(), "the packet leaves as the reply tuple expects");
        prop_assert_eq!(&pkt, &build(&sent, first.segment(), &first.payload, first.ip_ident),
            "the rewritten packet equals the packet built from scratch");
        match dnat_range {
            Some(r) => check_in_range(manip_part(&sent, Manip::Dst), &r, "DNAT")?,
            None => prop_assert_eq!(sent.dst, client.dst),
        }
        let random = |r: Option<NatRange>| r.is_some_and(|r| r.flags & (NatRange::PROTO_RANDOM | NatRange::PROTO_RANDOM_FULLY) != 0);
        match snat_range {
            Some(r) => check_in_range(manip_part(&sent, Manip::Src), &r, "SNAT")?,
            None => prop_assert_eq!(sent.src, client.src),
        }
        if first.kind.has_ports() {
            if dnat_range.is_none_or(|r| !r.has_ports()) {
                prop_assert_eq!(sent.dst_port, client.dst_port, "a destination port changes only with a port range");
            }
            if snat_range.is_none_or(|r| !r.has_ports()) && !random(snat_range) {
                prop_assert_eq!(sent.src_port, client.src_port, "a free source port is kept");
            }
        }
        if first.kind.has_ports() {
            prop_assert_eq!(conn.status.has(Status::DST_NAT), (sent.dst, sent.dst_port) != (client.dst, client.dst_port),
                "DST_NAT is set exactly when the destination changed");
            prop_assert_eq!(conn.status.has(Status::SRC_NAT), (sent.src, sent.src_port) != (client.src, client.src_port),
                "SRC_NAT is set exactly when the source changed");
        }

        // The answer.
        let mut answer = first.answer(&sent, server_seq);
        let fwd = router.forward(&mut answer, &rules).map_err(TestCaseError::fail)?;
        prop_assert_eq!(fwd, Forwarded::Passed { id, dir: CtDir::Reply, state: CtState::Established });
        let back = tuple_of(&answer);
        prop_assert_eq!(back, client.invert(), "the answer arrives as the client's packet inverted");
        prop_assert_eq!(&answer, &first.answer(&client, server_seq), "un-NAT restores every byte");

        // A second packet of the flow.
        let mut again = first.follow_up(&client, server_seq);
        let fwd = router.forward(&mut again, &rules).map_err(TestCaseError::fail)?;
        prop_assert_eq!(fwd, Forwarded::Passed { id, dir: CtDir::Original, state: CtState::Established });
        prop_assert_eq!(&again, &first.follow_up(&sent, server_seq), "the same translation for every packet");

        // The server refuses the first packet: the error and its quote are
        // un-NATed like the connection's replies.
        let mut error = port_unreachable(sent.dst, sent.src, &first.bytes_as_received(&sent));
        prop_assert_eq!(verify_checksums(&error), Ok(()));
        let fwd = router.forward(&mut error, &rules).map_err(TestCaseError::fail)?;
        prop_assert_eq!(fwd, Forwarded::Passed { id, dir: CtDir::Reply, state: CtState::Related });
        prop_assert_eq!(&error, &port_unreachable(client.dst, client.src, &first.bytes()),
            "the error reaches the client from the address it talked to, quoting its own packet");

        // The client refuses the answer.
        let mut error = port_unreachable(client.src, client.dst, &first.answer(&client, server_seq));
        let fwd = router.forward(&mut error, &rules).map_err(TestCaseError::fail)?;
        prop_assert_eq!(fwd, Forwarded::Passed { id, dir: CtDir::Original, state: CtState::Related });
        prop_assert_eq!(&error, &port_unreachable(sent.src, sent.dst, &first.answer(&sent, server_seq)),
            "the error reaches the server quoting the answer it sent");
    }
}

// ---------------------------------------------------------------------
// 3: conntrack symmetry under clashes.
// ---------------------------------------------------------------------

/// Small address and port pools, so that flows collide: the same client
/// port towards the same server, two clients behind one SNAT address,
/// backends talking to the router's own address.
const CLIENTS: [Ipv4Addr; 2] = [Ipv4Addr::new(10, 0, 0, 2), Ipv4Addr::new(10, 0, 0, 3)];
const VIP: Ipv4Addr = Ipv4Addr::new(10, 255, 0, 5);
const VPORT: u16 = 80;
const BACKENDS: [Ipv4Addr; 2] = [Ipv4Addr::new(10, 0, 1, 2), Ipv4Addr::new(10, 0, 1, 3)];
const ROUTER: Ipv4Addr = Ipv4Addr::new(10, 0, 1, 254);
/// One port of each class Linux keeps a source port in (1-511, 600-1023,
/// 1024-65535), a class boundary, and the service ports.
const PORTS: [u16; 7] = [80, 510, 1000, 1023, 40000, 40001, 8080];

#[derive(Clone, Debug)]
enum Op {
    /// A flow's first packet from `SOURCES[src]` to `DESTINATIONS[dst]`.
    Flow { kind: Kind, src: usize, dst: usize, sport: usize, dport: usize, seq: u32, ident: u16 },
    /// The server answers the `n`-th flow that passed (if still alive).
    Answer(usize),
    /// `conntrack -D` of the `n`-th listed connection.
    Delete(usize),
    /// Time passes (timeouts run out).
    Advance(u64),
}

const SOURCES: [Ipv4Addr; 4] = [CLIENTS[0], CLIENTS[1], BACKENDS[0], BACKENDS[1]];
const DESTINATIONS: [Ipv4Addr; 6] = [VIP, VIP, BACKENDS[0], BACKENDS[1], ROUTER, CLIENTS[0]];

fn any_op() -> impl Strategy<Value = Op> {
    prop_oneof![
        8 => (any_kind(), 0..SOURCES.len(), 0..DESTINATIONS.len(), 0..PORTS.len(), 0..PORTS.len(), any::<u32>(), any::<u16>())
            .prop_map(|(kind, src, dst, sport, dport, seq, ident)| Op::Flow { kind, src, dst, sport, dport, seq, ident }),
        3 => (0usize..64).prop_map(Op::Answer),
        1 => (0usize..64).prop_map(Op::Delete),
        1 => prop_oneof![0u64..5, 25u64..35, 55u64..125].prop_map(Op::Advance),
    ]
}

/// The router's rules: DNAT of the VIP's port to the backends (optionally
/// with a port range), SNAT (or MASQUERADE) of whatever goes to a backend
/// to one or two router addresses, optionally with a tiny port range.
fn any_router_rules() -> impl Strategy<Value = Rules> {
    let dnat = proptest::option::of((1u32..3, proptest::option::of(0u16..3), any_flags()).prop_map(|(count, ports, flags)| {
        let mut r = NatRange { flags: flags | NatRange::MAP_IPS, min_addr: BACKENDS[0], max_addr: BACKENDS[(count - 1) as usize], min_port: 0, max_port: 0 };
        if let Some(n) = ports {
            r.flags |= NatRange::PROTO_SPECIFIED;
            (r.min_port, r.max_port) = (8080, 8080 + n);
        }
        (VIP, VPORT, r)
    }));
    let snat = proptest::option::weighted(
        0.8,
        (1u32..3, proptest::option::weighted(0.6, (0usize..PORTS.len(), 0u16..3)), any_flags()).prop_map(|(count, ports, flags)| {
            let last = Ipv4Addr::from(u32::from(ROUTER) + count - 1);
            let mut r = NatRange { flags: flags | NatRange::MAP_IPS, min_addr: ROUTER, max_addr: last, min_port: 0, max_port: 0 };
            if let Some((p, n)) = ports {
                r.flags |= NatRange::PROTO_SPECIFIED;
                (r.min_port, r.max_port) = (PORTS[p], PORTS[p].saturating_add(n));
            }
            (BACKENDS.to_vec(), r)
        }),
    );
    (dnat, snat).prop_map(|(dnat, snat)| Rules { dnat, snat })
}

/// The ports Linux searches when it must move a source port and no range
/// was given (`nf_nat_l4proto_unique_tuple`): the original port's class.
fn port_class(port: u16) -> std::ops::RangeInclusive<u16> {
    match port {
        0..512 => 1..=511,
        512..1024 => 600..=1023,
        _ => 1024..=65535,
    }
}

/// The table-wide invariants: every entry is found by each of its tuples in
/// its direction, no tuple belongs to two entries, the count agrees with the
/// listing, the NAT status bits agree with the tuples, and every
/// translation lies where its rule (or the null binding) allows.
fn check_table(router: &Router) -> Result<(), TestCaseError> {
    let ct = &router.ct;
    let mut owners: BTreeMap<Tuple, CtId> = BTreeMap::new();
    let mut listed = 0;
    for (id, conn) in ct.iter() {
        listed += 1;
        prop_assert_eq!(ct.lookup(&conn.orig), Some((id, CtDir::Original)), "{} original {}", id, conn.orig);
        prop_assert_eq!(ct.lookup(&conn.reply), Some((id, CtDir::Reply)), "{} reply {}", id, conn.reply);
        for t in [conn.orig, conn.reply] {
            if let Some(other) = owners.insert(t, id) {
                return Err(TestCaseError::fail(format!("{t} belongs to {other} and {id}")));
            }
        }
        let (orig, reply) = (conn.orig, conn.reply);
        let [dnat, snat] = router.bindings.get(&id).copied().unwrap_or_default();
        let ports = orig.proto != proto::ICMP;
        let dst_part = (reply.src, if ports { reply.src_port } else { 0 });
        let src_part = (reply.dst, if ports { reply.dst_port } else { 0 });
        let (orig_dst, orig_src) = ((orig.dst, if ports { orig.dst_port } else { 0 }), (orig.src, if ports { orig.src_port } else { 0 }));
        if ports {
            prop_assert_eq!(conn.status.has(Status::DST_NAT), dst_part != orig_dst, "{} DST_NAT bit", id);
            prop_assert_eq!(conn.status.has(Status::SRC_NAT), src_part != orig_src, "{} SRC_NAT bit", id);
        }
        match dnat {
            Some(r) => check_in_range(manip_part(&reply.invert(), Manip::Dst), &r, "DNAT")?,
            None => prop_assert_eq!(reply.src, orig.dst, "{} no DNAT rule", id),
        }
        if ports && dnat.is_none_or(|r| !r.has_ports()) {
            prop_assert_eq!(reply.src_port, orig.dst_port, "{} a destination port moves only into a range", id);
        }
        match snat {
            Some(r) => check_in_range(manip_part(&reply.invert(), Manip::Src), &r, "SNAT")?,
            None => prop_assert_eq!(reply.dst, orig.src, "{} no SNAT rule", id),
        }
        if ports && snat.is_none_or(|r| !r.has_ports()) {
            prop_assert!(
                reply.dst_port == orig.src_port || port_class(orig.src_port).contains(&reply.dst_port),
                "{} source port {} moved out of its class to {}",
                id,
                orig.src_port,
                reply.dst_port
            );
        }
    }
    prop_assert_eq!(ct.count(), listed, "count() agrees with the listing");
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    /// Random flows through a router whose small address and port pools
    /// force NAT clashes (port reallocation, exhausted ranges failing at
    /// confirm), with answers, deletions and timeouts in between: after
    /// every step the table is symmetric ([`check_table`]) and every packet
    /// that passed left as the inverse of its connection's other tuple
    /// (checked in [`Router::forward`]).
    #[test]
    fn conntrack_stays_symmetric_through_clashes(
        rules in any_router_rules(),
        ops in proptest::collection::vec(any_op(), 1..40),
        seed in any::<u64>(),
    ) {
        let mut router = Router::new(seed);
        let mut passed: Vec<(CtId, FirstPacket, Tuple)> = Vec::new();
        let mut answered: Vec<CtId> = Vec::new();
        for op in ops {
            match op {
                Op::Flow { kind, src, dst, sport, dport, seq, ident } => {
                    let (src, dst) = (SOURCES[src], DESTINATIONS[dst]);
                    if src == dst {
                        continue;
                    }
                    let dst_port = if matches!(kind, Kind::Icmp) { 8 << 8 } else { PORTS[dport] };
                    let tuple = Tuple { src, dst, proto: kind.proto(), src_port: PORTS[sport], dst_port };
                    let first = FirstPacket { kind, tuple, payload: b"hello".to_vec(), seq, ip_ident: ident };
                    let mut pkt = first.bytes();
                    let fwd = router.forward(&mut pkt, &rules).map_err(TestCaseError::fail)?;
                    if let Forwarded::Passed { id, dir: CtDir::Original, state: CtState::New } = fwd {
                        passed.push((id, first, tuple_of(&pkt)));
                    }
                }
                Op::Answer(n) => {
                    let Some((id, first, sent)) = passed.get(n).cloned() else { continue };
                    if answered.contains(&id) || !router.ct.iter().any(|(i, _)| i == id) {
                        continue;
                    }
                    answered.push(id);
                    let mut answer = first.answer(&sent, 7);
                    let fwd = router.forward(&mut answer, &rules).map_err(TestCaseError::fail)?;
                    prop_assert_eq!(fwd, Forwarded::Passed { id, dir: CtDir::Reply, state: CtState::Established });
                    prop_assert_eq!(tuple_of(&answer), first.tuple.invert());
                }
                Op::Delete(n) => {
                    let ids: Vec<CtId> = router.ct.iter().map(|(id, _)| id).collect();
                    if let Some(id) = ids.get(n % ids.len().max(1)) {
                        prop_assert!(router.ct.delete(*id));
                        prop_assert_eq!(router.ct.conn(*id).is_some_and(|c| router.ct.lookup(&c.orig).is_some()), false);
                    }
                }
                Op::Advance(secs) => {
                    router.advance(secs);
                    router.ct.expire(router.now);
                }
            }
            check_table(&router)?;
        }
    }
}

/// A flow from `client` through a router that SNATs everything to
/// `ROUTER` with `range`; returns what passed and the tuple it left with.
fn snat_flow(router: &mut Router, rules: &Rules, client: Tuple) -> (Forwarded, Tuple) {
    let first = FirstPacket { kind: Kind::Tcp, tuple: client, payload: Vec::new(), seq: 1, ip_ident: 1 };
    let mut pkt = first.bytes();
    let fwd = router.forward(&mut pkt, rules).expect("checksums and NAT invariants");
    (fwd, tuple_of(&pkt))
}

fn snat_rules(range: NatRange) -> Rules {
    Rules { dnat: None, snat: Some((BACKENDS.to_vec(), range)) }
}

#[test]
fn a_clashing_source_port_moves_within_its_class() {
    // Two clients, same source port, same server, one SNAT address: the
    // second connection's reply tuple would equal the first's, so its port
    // moves (nf_nat_l4proto_unique_tuple), within 600-1023 for port 1000.
    // Linux 6.18 did the same for two UDP clients here (1000 became 846;
    // the kernel's pick is random, the class is not).
    let mut router = Router::new(1);
    let rules = snat_rules(NatRange::addr(ROUTER));
    let a = Tuple { src: CLIENTS[0], dst: BACKENDS[0], proto: proto::TCP, src_port: 1000, dst_port: 80 };
    let b = Tuple { src: CLIENTS[1], ..a };
    let (fwd_a, sent_a) = snat_flow(&mut router, &rules, a);
    let (fwd_b, sent_b) = snat_flow(&mut router, &rules, b);
    assert!(matches!(fwd_a, Forwarded::Passed { dir: CtDir::Original, .. }), "{fwd_a:?}");
    assert!(matches!(fwd_b, Forwarded::Passed { dir: CtDir::Original, .. }), "{fwd_b:?}");
    assert_eq!((sent_a.src, sent_a.src_port), (ROUTER, 1000), "a free port is kept");
    assert_eq!(sent_b.src, ROUTER);
    assert_ne!(sent_b.src_port, 1000);
    assert!((600..=1023).contains(&sent_b.src_port), "{}", sent_b.src_port);
    // Each answer finds its own connection.
    for (client, sent) in [(a, sent_a), (b, sent_b)] {
        let first = FirstPacket { kind: Kind::Tcp, tuple: client, payload: Vec::new(), seq: 1, ip_ident: 1 };
        let mut answer = first.answer(&sent, 9);
        let fwd = router.forward(&mut answer, &rules).expect("answer");
        assert!(matches!(fwd, Forwarded::Passed { dir: CtDir::Reply, .. }), "{fwd:?}");
        assert_eq!(tuple_of(&answer), client.invert());
    }
    check_table(&router).expect("symmetric");
}

#[test]
fn an_exhausted_single_port_range_fails_at_confirm() {
    // `--to-source ROUTER:5000`: one port, so the second client's only
    // candidate clashes and its packet is dropped when confirmed; the table
    // keeps the first connection only.
    let mut router = Router::new(1);
    let rules = snat_rules(NatRange::addr_port(ROUTER, 5000));
    let a = Tuple { src: CLIENTS[0], dst: BACKENDS[0], proto: proto::TCP, src_port: 40000, dst_port: 80 };
    let b = Tuple { src: CLIENTS[1], ..a };
    let (fwd_a, sent_a) = snat_flow(&mut router, &rules, a);
    assert!(matches!(fwd_a, Forwarded::Passed { .. }), "{fwd_a:?}");
    assert_eq!((sent_a.src, sent_a.src_port), (ROUTER, 5000));
    let (fwd_b, _) = snat_flow(&mut router, &rules, b);
    assert_eq!(fwd_b, Forwarded::Dropped("confirm"));
    assert_eq!(router.ct.iter().count(), 1);
    assert_eq!(router.ct.stats().insert_failed, 1);
}

#[test]
fn a_udp_checksum_that_comes_out_zero_is_sent_as_ffff() {
    // A nonzero UDP checksum that NAT turns into 0 must be stored as
    // 0xffff (CSUM_MANGLED_0): 0 would mean "no checksum". Find the DNAT
    // port for which a fresh build has to store 0xffff, then NAT to it.
    let client = Tuple { src: CLIENTS[0], dst: VIP, proto: proto::UDP, src_port: 40000, dst_port: VPORT };
    let first = FirstPacket { kind: Kind::Udp { zero_checksum: false }, tuple: client, payload: b"hello".to_vec(), seq: 0, ip_ident: 7 };
    let target = |port: u16| Tuple { dst: BACKENDS[0], dst_port: port, ..client };
    let port = (1..=u16::MAX).find(|&p| be16(&first.bytes_as_received(&target(p)), 26) == 0xffff).expect("some port makes the checksum come out zero");
    let rules = Rules { dnat: Some((VIP, VPORT, NatRange::addr_port(BACKENDS[0], port))), snat: None };
    let mut router = Router::new(1);
    let mut pkt = first.bytes();
    let fwd = router.forward(&mut pkt, &rules).expect("forwarded");
    assert!(matches!(fwd, Forwarded::Passed { .. }), "{fwd:?}");
    assert_eq!(be16(&pkt, 26), 0xffff);
    assert_eq!(pkt, first.bytes_as_received(&target(port)));
    // And back: the answer's checksum comes out as the client's fresh one.
    let mut answer = first.answer(&target(port), 0);
    router.forward(&mut answer, &rules).expect("answer");
    assert_eq!(answer, first.answer(&client, 0));
}

// ---------------------------------------------------------------------
// 2 (continued): the in-place rewrites of wire::nat, which IPVS uses.
// ---------------------------------------------------------------------

/// Rewrites `l3` (or, for an ICMP error, the packet it quotes) to carry
/// tuple `to`'s addresses and ports with `wire::nat`, as IPVS does.
fn wire_rewrite(l3: &mut [u8], to: &Tuple) -> Result<(), TestCaseError> {
    let fail = |what: &str| TestCaseError::fail(format!("wire::nat refused {what}"));
    use mesh_core::wire::nat;
    nat::set_addr(l3, Manip::Src, to.src).map_err(|_| fail("source address"))?;
    nat::set_addr(l3, Manip::Dst, to.dst).map_err(|_| fail("destination address"))?;
    nat::set_port(l3, Manip::Src, to.src_port).map_err(|_| fail("source port"))?;
    if to.proto != proto::ICMP {
        nat::set_port(l3, Manip::Dst, to.dst_port).map_err(|_| fail("destination port"))?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    /// `wire::nat::{set_addr, set_port}` move a packet to any tuple and back:
    /// each step is byte-identical to a fresh build (so its incremental
    /// checksums equal full ones, a zero UDP checksum stays zero), and so
    /// is the same rewrite of the packet quoted inside an ICMP error once
    /// `refresh_icmp_checksum` ran.
    #[test]
    fn wire_rewrites_equal_fresh_builds(
        first in any_first_packet(),
        src in any_addr(), dst in any_addr(), sport in any::<u16>(), dport in any::<u16>(),
    ) {
        use mesh_core::wire::nat;
        let from = first.tuple;
        let to = Tuple { src, dst, src_port: sport, dst_port: if from.proto == proto::ICMP { from.dst_port } else { dport }, ..from };
        let mut pkt = first.bytes();
        wire_rewrite(&mut pkt, &to)?;
        prop_assert_eq!(&pkt, &first.bytes_as_received(&to));
        wire_rewrite(&mut pkt, &from)?;
        prop_assert_eq!(&pkt, &first.bytes());

        let mut error = port_unreachable(Ipv4Addr::new(192, 0, 2, 1), from.src, &first.bytes());
        let inner = nat::icmp_error_inner_mut(&mut error).ok_or_else(|| TestCaseError::fail("no quote"))?;
        wire_rewrite(inner, &to)?;
        nat::refresh_icmp_checksum(&mut error).map_err(|_| TestCaseError::fail("refresh"))?;
        prop_assert_eq!(verify_checksums(&error), Ok(()));
        prop_assert_eq!(&error, &port_unreachable(Ipv4Addr::new(192, 0, 2, 1), from.src, &first.bytes_as_received(&to)));
    }
}

// ---------------------------------------------------------------------
// 4: wire round trips, cross-checked by etherparse.
// ---------------------------------------------------------------------

fn any_tcp_options() -> impl Strategy<Value = tcp::Options> {
    (proptest::option::of(any::<u16>()), any::<bool>(), proptest::option::of((any::<u32>(), any::<u32>())), proptest::option::of(0u8..15))
        .prop_map(|(mss, sack_permitted, timestamps, window_scale)| tcp::Options { mss, sack_permitted, timestamps, window_scale, ..Default::default() })
}

proptest! {
    #![proptest_config(config())]

    /// An IPv4 packet built from reprs parses back to the same reprs, and
    /// etherparse (an independent implementation) reads the same fields
    /// and computes the same checksums.
    #[test]
    fn wire_parse_of_emit_is_identity(
        src in any_addr(), dst in any_addr(), ttl in 1u8.., ident in any::<u16>(), dont_frag in any::<bool>(), tos in any::<u8>(),
        sport in any::<u16>(), dport in any::<u16>(), seq in any::<u32>(), ack in proptest::option::of(any::<u32>()),
        flags in any::<u8>(), window in any::<u16>(), options in any_tcp_options(),
        payload in proptest::collection::vec(any::<u8>(), 0..64), which in 0u8..3,
    ) {
        let ip = ipv4::Repr { src_addr: src, dst_addr: dst, protocol: 0, payload_len: 0, ttl, ident, dont_frag, tos };
        // The ACK bit and the acknowledgment number go together.
        let ack_bit = tcp::Flags::ACK.bits();
        let flags = tcp::Flags(if ack.is_some() { flags | ack_bit } else { flags & !ack_bit });
        let t = tcp::Repr { src_port: sport, dst_port: dport, seq, ack, flags, window, options, payload: &payload };
        let u = udp::Repr { src_port: sport, dst_port: dport };
        let i = icmp::Repr::EchoRequest { ident: sport, seq_no: dport, data: &payload };
        let l4 = match which {
            0 => L4::Tcp(&t),
            1 => L4::Udp(&u, &payload),
            _ => L4::Icmp(&i),
        };
        let bytes = ipv4_packet(&ip, &l4);
        prop_assert_eq!(verify_checksums(&bytes), Ok(()));

        let packet = ipv4::Packet::new_checked(&bytes[..]).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let parsed = ipv4::Repr::parse(&packet).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(parsed, ipv4::Repr { protocol: l4.protocol().unwrap_or(0), payload_len: l4.buffer_len(), ..ip });
        let body = packet.payload();

        let (eip, _) = etherparse::Ipv4Header::from_slice(&bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!((eip.source, eip.destination, eip.time_to_live, eip.identification), (src.octets(), dst.octets(), ttl, ident));
        prop_assert_eq!(eip.header_checksum, eip.calc_header_checksum());

        match which {
            0 => {
                let seg = tcp::Packet::new_checked(body).map_err(|e| TestCaseError::fail(e.to_string()))?;
                let back = tcp::Repr::parse(&seg, src, dst).map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(&back, &t);
                let (eh, rest) = etherparse::TcpHeader::from_slice(body).map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!((eh.source_port, eh.destination_port, eh.sequence_number, eh.window_size), (sport, dport, seq, window));
                prop_assert_eq!(rest, &payload[..]);
                prop_assert_eq!(Ok(eh.checksum), eh.calc_checksum_ipv4(&eip, rest).map_err(|e| e.to_string()));
            }
            1 => {
                let dgram = udp::Packet::new_checked(body).map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(udp::Repr::parse(&dgram, src, dst), Ok(u));
                prop_assert_eq!(dgram.payload(), &payload[..]);
                let (eh, rest) = etherparse::UdpHeader::from_slice(body).map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!((eh.source_port, eh.destination_port), (sport, dport));
                prop_assert_eq!(Ok(eh.checksum), eh.calc_checksum_ipv4(&eip, rest).map_err(|e| e.to_string()));
            }
            _ => {
                let msg = icmp::Packet::new_checked(body).map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(icmp::Repr::parse(&msg), Ok(i));
            }
        }
    }
}

// ---------------------------------------------------------------------
// 1 (end to end): iptables rules typed on a shell, real sockets.
// ---------------------------------------------------------------------

/// The source translation on the router's way out to `b`.
#[derive(Clone, Copy, Debug)]
enum SourceRule {
    None,
    Snat { ports: Option<(u16, u16)> },
    Masquerade { ports: Option<(u16, u16)> },
}

fn any_source_rule() -> impl Strategy<Value = SourceRule> {
    let ports = proptest::option::of((1024u16..60000, 0u16..100).prop_map(|(lo, n)| (lo, lo + n)));
    prop_oneof![Just(SourceRule::None), ports.clone().prop_map(|ports| SourceRule::Snat { ports }), ports.prop_map(|ports| SourceRule::Masquerade { ports }),]
}

fn run_ok(s: &mut mesh_core::shell::Session, line: &str) -> String {
    let out = s.run(line);
    assert_eq!(out.status, 0, "`{line}`: {}{}", out.stdout, out.stderr);
    out.stdout
}

proptest! {
    #![proptest_config(Config { cases: 32, ..config() })]

    /// The 14-dnat/15-snat parity topology (a — r — b) with a random DNAT
    /// of `10.0.1.1:vport` to `10.0.2.2:bport` and a random SNAT or
    /// MASQUERADE on r, all typed as iptables commands: the server sees the
    /// translated source, the client sees its answer come from the address
    /// it talked to, and r's `conntrack -L` shows the same tuples.
    #[test]
    fn iptables_nat_round_trip_end_to_end(
        udp in any::<bool>(),
        vport in 1u16..,
        bport in 1u16..,
        source in any_source_rule(),
        seed in any::<u64>(),
    ) {
        let mut s = mesh_core::shell::Session::bare_host(seed);
        for line in [
            "ip netns add a", "ip netns add r", "ip netns add b",
            "ip link add eth0 netns a type veth peer name eth0 netns r",
            "ip link add eth1 netns r type veth peer name eth0 netns b",
            "ip -n a addr add 10.0.1.2/24 dev eth0", "ip -n r addr add 10.0.1.1/24 dev eth0",
            "ip -n r addr add 10.0.2.1/24 dev eth1", "ip -n b addr add 10.0.2.2/24 dev eth0",
            "ip -n a link set eth0 up", "ip -n r link set eth0 up", "ip -n r link set eth1 up", "ip -n b link set eth0 up",
            "ip netns exec r sysctl -w net.ipv4.ip_forward=1",
            "ip -n a route add default via 10.0.1.1", "ip -n b route add default via 10.0.2.1",
        ] {
            run_ok(&mut s, line);
        }
        let p = if udp { "udp" } else { "tcp" };
        run_ok(&mut s, &format!("ip netns exec r iptables -t nat -A PREROUTING -d 10.0.1.1/32 -p {p} --dport {vport} -j DNAT --to-destination 10.0.2.2:{bport}"));
        let range = |ports: Option<(u16, u16)>, flag: &str| ports.map_or(String::new(), |(lo, hi)| format!("{flag}{lo}-{hi}"));
        match source {
            SourceRule::None => {}
            SourceRule::Snat { ports } => {
                run_ok(&mut s, &format!("ip netns exec r iptables -t nat -A POSTROUTING -o eth1 -p {p} -j SNAT --to-source 10.0.2.1{}", range(ports, ":")));
            }
            SourceRule::Masquerade { ports } => {
                run_ok(&mut s, &format!("ip netns exec r iptables -t nat -A POSTROUTING -o eth1 -p {p} -j MASQUERADE{}", range(ports, " --to-ports ")));
            }
        }
        // Without source NAT b answers a directly: it has a route back.
        let mut out = run_ok(&mut s, &format!("ip netns exec b nettest {p}-listen {bport} --reply pong &"));
        out += &run_ok(&mut s, &if udp {
            format!("ip netns exec a nettest udp-send 10.0.1.1:{vport} ping --wait-reply 500")
        } else {
            format!("ip netns exec a nettest tcp-connect 10.0.1.1:{vport} --send ping")
        });
        out += &run_ok(&mut s, "wait");
        let conntrack = run_ok(&mut s, "ip netns exec r conntrack -L");

        let verb = if udp { "sent" } else { "connected" };
        let client = regex::Regex::new(&format!(r#"{verb} 10\.0\.1\.2:(\d+) -> 10\.0\.1\.1:{vport}\nreceived "pong"\n"#)).expect("regex");
        let eph: u16 = client.captures(&out).and_then(|c| c[1].parse().ok())
            .ok_or_else(|| TestCaseError::fail(format!("client output:\n{out}")))?;
        let server = if udp {
            regex::Regex::new(r#"from ([\d.]+):(\d+)\nreceived "ping"\n"#)
        } else {
            regex::Regex::new(&format!(r#"accepted ([\d.]+):(\d+) -> 10\.0\.2\.2:{bport}\nreceived "ping"\n"#))
        }.expect("regex");
        let caps = server.captures(&out).ok_or_else(|| TestCaseError::fail(format!("server output:\n{out}")))?;
        let (seen_addr, seen_port): (String, u16) = (caps[1].to_string(), caps[2].parse().map_err(|_| TestCaseError::fail("port"))?);
        let (want_addr, ports) = match source {
            SourceRule::None => ("10.0.1.2", None),
            SourceRule::Snat { ports } | SourceRule::Masquerade { ports } => ("10.0.2.1", ports),
        };
        prop_assert_eq!(seen_addr.as_str(), want_addr);
        match ports {
            Some((lo, hi)) => prop_assert!((lo..=hi).contains(&seen_port), "{} outside {}-{}", seen_port, lo, hi),
            None => prop_assert_eq!(seen_port, eph, "a free source port is kept"),
        }
        let entry = format!(
            "src=10.0.1.2 dst=10.0.1.1 sport={eph} dport={vport} src=10.0.2.2 dst={want_addr} sport={bport} dport={seen_port} "
        );
        prop_assert!(conntrack.lines().filter(|l| l.starts_with(p)).count() == 1 && conntrack.contains(&entry),
            "r's conntrack -L lacks `{}`:\n{}", entry, conntrack);
    }
}
