//! The benchmark workloads of issue 9 (BM1–BM6, BM8), shared by the
//! criterion benches (`benches/mesh.rs`) and the wasm runner
//! (`benches/wasm/`), so native and wasm32 time exactly the same code.
//!
//! Each workload is built once and then stepped: [`Workload::step`] is the
//! timed unit (one frame, one first packet, one new connection, one curl),
//! [`Workload::maintain`] is untimed housekeeping the harness calls after
//! every [`Workload::chunk`] steps (emptying the conntrack or IPVS tables a
//! stream of new flows fills, or starting a fresh lab), so that every step
//! sees the state the benchmark names and not one that grows with the
//! number of iterations.
//!
//! Workloads use only mesh-core's public API and do no I/O, so they build
//! for wasm32-unknown-unknown.

#![allow(dead_code)] // each harness uses its own subset

use std::net::Ipv4Addr;

use mesh_core::conntrack::{Conntrack, CtId, Tracked};
use mesh_core::ipvs::{DestConfig, FwdMethod, InVerdict, Ipvs, ServiceConfig, ServiceKey};
use mesh_core::kernel::dp::PktMeta;
use mesh_core::kernel::{DevId, INIT_NETNS, Kernel, NetnsId};
use mesh_core::net::{Tuple, proto};
use mesh_core::shell::Session;
use mesh_core::sim::HostId;
use mesh_core::swarm::scenario::{NodeSpec, Role, Scenario};
use mesh_core::time::{Duration, Instant};

/// A benchmark body: a timed step and untimed upkeep.
pub trait Workload {
    /// One unit of work (the thing the figure is "per").
    fn step(&mut self);
    /// Steps the harness may run before it must call [`Workload::maintain`].
    fn chunk(&self) -> u64 {
        u64::MAX
    }
    /// Untimed upkeep between chunks.
    fn maintain(&mut self) {}
}

// ----- frames ------------------------------------------------------------------

/// TCP flag bits.
pub const SYN: u8 = 0x02;
pub const ACK: u8 = 0x10;

fn fold(mut sum: u32) -> u16 {
    while sum >> 16 != 0 {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}

fn sum_words(data: &[u8]) -> u32 {
    let mut sum = 0u32;
    let mut chunks = data.chunks_exact(2);
    for c in &mut chunks {
        sum += u32::from(u16::from_be_bytes([c[0], c[1]]));
    }
    if let [last] = chunks.remainder() {
        sum += u32::from(*last) << 8;
    }
    sum
}

/// An IPv4 packet carrying a TCP segment with `payload_len` zero bytes,
/// checksums correct.
#[allow(clippy::too_many_arguments)]
pub fn tcp_packet(src: Ipv4Addr, dst: Ipv4Addr, sport: u16, dport: u16, flags: u8, seq: u32, ack: u32, payload_len: usize) -> Vec<u8> {
    let tcp_len = 20 + payload_len;
    let total = 20 + tcp_len;
    let mut p = vec![0u8; total];
    p[0] = 0x45;
    p[2..4].copy_from_slice(&(total as u16).to_be_bytes());
    p[6] = 0x40; // DF
    p[8] = 64;
    p[9] = proto::TCP;
    p[12..16].copy_from_slice(&src.octets());
    p[16..20].copy_from_slice(&dst.octets());
    let c = fold(sum_words(&p[..20]));
    p[10..12].copy_from_slice(&c.to_be_bytes());
    {
        let t = &mut p[20..];
        t[0..2].copy_from_slice(&sport.to_be_bytes());
        t[2..4].copy_from_slice(&dport.to_be_bytes());
        t[4..8].copy_from_slice(&seq.to_be_bytes());
        t[8..12].copy_from_slice(&ack.to_be_bytes());
        t[12] = 5 << 4;
        t[13] = flags;
        t[14..16].copy_from_slice(&64240u16.to_be_bytes());
    }
    let mut pseudo = sum_words(&src.octets()) + sum_words(&dst.octets()) + u32::from(proto::TCP) + tcp_len as u32;
    pseudo += sum_words(&p[20..]);
    let c = fold(pseudo);
    p[36..38].copy_from_slice(&c.to_be_bytes());
    p
}

/// An Ethernet II frame around an IPv4 packet.
pub fn ether(src: [u8; 6], dst: [u8; 6], ipv4: &[u8]) -> Vec<u8> {
    let mut f = Vec::with_capacity(14 + ipv4.len());
    f.extend_from_slice(&dst);
    f.extend_from_slice(&src);
    f.extend_from_slice(&[0x08, 0x00]);
    f.extend_from_slice(ipv4);
    f
}

/// An Ethernet frame of exactly `len` bytes (≥ 54) carrying TCP.
pub fn tcp_frame_of_len(src: [u8; 6], dst: [u8; 6], len: usize) -> Vec<u8> {
    let payload = len.saturating_sub(14 + 40);
    ether(src, dst, &tcp_packet(Ipv4Addr::new(10, 9, 0, 1), Ipv4Addr::new(10, 9, 0, 2), 40000, 80, ACK, 1, 1, payload))
}

/// Set the TCP source port of a frame (Ethernet + 20-byte IPv4 header),
/// fixing the TCP checksum incrementally (RFC 1624).
pub fn set_sport(frame: &mut [u8], l3_off: usize, port: u16) {
    let t = l3_off + 20;
    let old = u16::from_be_bytes([frame[t], frame[t + 1]]);
    frame[t..t + 2].copy_from_slice(&port.to_be_bytes());
    let c = u16::from_be_bytes([frame[t + 16], frame[t + 17]]);
    let sum = u32::from(!c) + u32::from(!old) + u32::from(port);
    let c = fold(sum);
    frame[t + 16..t + 18].copy_from_slice(&c.to_be_bytes());
}

// ----- labs built with the real commands ----------------------------------------

/// A bare host set up by typing `commands` (each must succeed).
fn host_with(commands: &[&str]) -> Session {
    let mut s = Session::bare_host(1);
    for c in commands {
        let o = s.run(c);
        assert_eq!(o.status, 0, "setup command failed: {c}\n{}", o.stderr);
    }
    s
}

fn dev(s: &Session, ns: NetnsId, name: &str) -> DevId {
    s.world.kernel(HostId(0)).dev_by_name(ns, name).unwrap_or_else(|| panic!("no device {name}"))
}

fn mac(s: &Session, d: DevId) -> [u8; 6] {
    s.world.kernel(HostId(0)).dev(d).mac.0
}

fn kernel(s: &mut Session) -> &mut Kernel {
    s.world.kernel_mut(HostId(0))
}

/// Drop what the kernel scheduled (the frame handed to the next device).
fn discard_pending(k: &mut Kernel) -> usize {
    k.take_pending().len()
}

// ----- BM1 ------------------------------------------------------------------------

/// BM1: a frame arriving on one port of a Linux bridge whose FDB has
/// learned the destination MAC on another port; the bridge forwards it
/// (learning, FDB lookup, transmit on the egress veth).
pub struct BridgeForward {
    s: Session,
    port_in: DevId,
    frame: Vec<u8>,
}

impl BridgeForward {
    pub fn new(frame_len: usize) -> BridgeForward {
        let mut s = host_with(&[
            "ip link add br0 type bridge",
            "ip link add p1 type veth peer name c1",
            "ip link add p2 type veth peer name c2",
            "ip link set p1 master br0",
            "ip link set p2 master br0",
            "ip link set br0 up",
            "ip link set p1 up",
            "ip link set c1 up",
            "ip link set p2 up",
            "ip link set c2 up",
        ]);
        let (p1, p2, c1, c2) = (dev(&s, INIT_NETNS, "p1"), dev(&s, INIT_NETNS, "p2"), dev(&s, INIT_NETNS, "c1"), dev(&s, INIT_NETNS, "c2"));
        let (a, b) = (mac(&s, c1), mac(&s, c2));
        // The bridge learns b on p2 from one frame b sends.
        let learn = tcp_frame_of_len(b, a, 64);
        let k = kernel(&mut s);
        k.netif_receive(p2, learn, PktMeta::default());
        discard_pending(k);
        let frame = tcp_frame_of_len(a, b, frame_len);
        let mut w = BridgeForward { s, port_in: p1, frame };
        // The frame must leave on p2 (one event: its arrival at c2).
        let k = kernel(&mut w.s);
        k.netif_receive(w.port_in, w.frame.clone(), PktMeta::default());
        assert_eq!(discard_pending(k), 1, "the bridge did not forward the frame");
        w
    }
}

impl Workload for BridgeForward {
    fn step(&mut self) {
        let k = kernel(&mut self.s);
        k.netif_receive(self.port_in, self.frame.clone(), PktMeta::default());
        discard_pending(k);
    }
}

// ----- BM2 ------------------------------------------------------------------------

/// The address the clients of BM2/BM5 come from and the published port.
const CLIENT: Ipv4Addr = Ipv4Addr::new(192, 168, 1, 2);
const LOCAL: Ipv4Addr = Ipv4Addr::new(192, 168, 1, 1);

/// The `iptables-restore` input for BM2: `rules` non-matching per-port
/// DNAT rules (as Docker writes one per published port) in nat PREROUTING,
/// then the DNAT that matches the benchmark's packets.
pub fn nat_chain_ruleset(rules: usize) -> String {
    let mut t = String::with_capacity(rules * 80 + 200);
    t.push_str("*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n");
    for i in 0..rules {
        let port = 10_000 + (i % 50_000);
        let host = 2 + (i % 250);
        t.push_str(&format!("-A PREROUTING -d 192.168.1.1/32 -p tcp -m tcp --dport {port} -j DNAT --to-destination 10.1.0.{host}:80\n"));
    }
    t.push_str("-A PREROUTING -d 192.168.1.1/32 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.1.0.2:80\nCOMMIT\n");
    t
}

/// BM2: the first packet of a connection (a SYN to 192.168.1.1:8080)
/// entering a router whose nat PREROUTING chain holds `rules` rules that do
/// not match before the DNAT that does; the packet is tracked, DNATed to
/// 10.1.0.2:80, routed, forwarded and sent. Each step uses a new source
/// port; the conntrack table is emptied every 16 packets.
pub struct NatChain {
    s: Session,
    dev_in: DevId,
    frame: Vec<u8>,
    port: u16,
}

impl NatChain {
    pub fn new(rules: usize) -> NatChain {
        let mut s = host_with(&[
            "ip link add in0 type veth peer name in1",
            "ip link add out0 type veth peer name out1",
            "ip addr add 192.168.1.1/24 dev in0",
            "ip addr add 10.1.0.1/24 dev out0",
            "ip link set in0 up",
            "ip link set in1 up",
            "ip link set out0 up",
            "ip link set out1 up",
            "sysctl -w net.ipv4.ip_forward=1",
            "ip neigh add 10.1.0.2 lladdr 02:00:00:00:00:02 dev out0 nud permanent",
            "ip neigh add 192.168.1.2 lladdr 02:00:00:00:00:03 dev in0 nud permanent",
        ]);
        let mut restore = String::from("iptables-restore <<'EOF'\n");
        restore.push_str(&nat_chain_ruleset(rules));
        restore.push_str("EOF");
        let o = s.run(&restore);
        assert_eq!(o.status, 0, "iptables-restore failed: {}", o.stderr);
        let dev_in = dev(&s, INIT_NETNS, "in0");
        let dst = mac(&s, dev_in);
        let frame = ether([2, 0, 0, 0, 0, 3], dst, &tcp_packet(CLIENT, LOCAL, 1024, 8080, SYN, 1, 0, 0));
        let mut w = NatChain { s, dev_in, frame, port: 1024 };
        w.step();
        assert_eq!(discard_pending(kernel(&mut w.s)), 0);
        let n = kernel(&mut w.s).netns(INIT_NETNS).conntrack.count();
        assert_eq!(n, 1, "the SYN was not tracked");
        let forwarded = w.s.run("iptables -t nat -S PREROUTING -v");
        assert!(forwarded.stdout.contains("--dport 8080 -c 1 "), "the DNAT rule did not match:\n{}", forwarded.stdout);
        w.maintain();
        w
    }
}

impl Workload for NatChain {
    fn step(&mut self) {
        self.port = if self.port >= 60_000 { 1024 } else { self.port + 1 };
        let mut f = self.frame.clone();
        set_sport(&mut f, 14, self.port);
        let k = kernel(&mut self.s);
        k.netif_receive(self.dev_in, f, PktMeta::default());
        // The SYN leaves on out0 (arrives at out1 later): drop that event.
        discard_pending(k);
    }
    fn chunk(&self) -> u64 {
        16
    }
    fn maintain(&mut self) {
        kernel(&mut self.s).netns_mut(INIT_NETNS).conntrack.flush();
        let _ = kernel(&mut self.s).netns_mut(INIT_NETNS).conntrack.take_events();
    }
}

// ----- BM3 ------------------------------------------------------------------------

/// BM3: IPVS in an ingress sandbox with `services` fwmark services (one
/// per published port, as Docker programs them: `-f MARK -s rr`, one
/// masqueraded real server each): a SYN marked for one of them is
/// scheduled and gets a new connection (`ip_vs_in`). New source port per
/// step; the connection table is emptied every 1024 steps.
pub struct IpvsDispatch {
    ipvs: Ipvs,
    mark: u32,
    packet: Vec<u8>,
    port: u16,
    now: Instant,
}

impl IpvsDispatch {
    pub fn new(services: u32) -> IpvsDispatch {
        let mut ipvs = Ipvs::new();
        for i in 0..services {
            let key = ServiceKey::Fwmark(256 + i);
            ipvs.add_service(&ServiceConfig::new(key, "rr")).expect("add service");
            let real = Ipv4Addr::from(0x0a00_0000 + 5 + i);
            ipvs.add_dest(&key, &DestConfig::new(real, 0, FwdMethod::Masq, 1), Instant::ZERO).expect("add dest");
        }
        let mark = 256 + services / 2;
        let packet = tcp_packet(CLIENT, Ipv4Addr::new(10, 0, 0, 4), 1024, 8080, SYN, 1, 0, 0);
        let mut w = IpvsDispatch { ipvs, mark, packet, port: 1024, now: Instant::ZERO + Duration::from_secs(1) };
        let v = w.ipvs.process_in(&w.packet, w.mark, false, w.now);
        assert!(matches!(v, InVerdict::Forward { new: true, .. }), "IPVS did not schedule: {v:?}");
        w.maintain();
        w
    }
}

impl Workload for IpvsDispatch {
    fn step(&mut self) {
        self.port = if self.port >= 60_000 { 1024 } else { self.port + 1 };
        let mut p = self.packet.clone();
        set_sport(&mut p, 0, self.port);
        let v = self.ipvs.process_in(&p, self.mark, false, self.now);
        debug_assert!(matches!(v, InVerdict::Forward { new: true, .. }));
    }
    fn chunk(&self) -> u64 {
        1024
    }
    fn maintain(&mut self) {
        // Let every connection time out (SYN_RECV: 60 s), then move on.
        self.now += Duration::from_secs(600);
        let _ = self.ipvs.expire(self.now);
        assert_eq!(self.ipvs.conns().count(), 0);
    }
}

// ----- BM4 ------------------------------------------------------------------------

fn flow_packet(i: u32, flags: u8) -> Vec<u8> {
    let src = Ipv4Addr::from(0x0a40_0000 + (i >> 14));
    let sport = 1024 + (i & 0x3fff) as u16;
    tcp_packet(src, Ipv4Addr::new(10, 0, 0, 4), sport, 8080, flags, 1, if flags & ACK != 0 { 1 } else { 0 }, 0)
}

fn tuple_of(i: u32) -> Tuple {
    let src = Ipv4Addr::from(0x0a40_0000 + (i >> 14));
    Tuple { src, dst: Ipv4Addr::new(10, 0, 0, 4), proto: proto::TCP, src_port: 1024 + (i & 0x3fff) as u16, dst_port: 8080 }
}

/// A conntrack table holding `entries` confirmed TCP connections (SYN
/// seen), with `nf_conntrack_max` at twice that (at least the default).
pub fn conntrack_with(entries: u32) -> Conntrack {
    let mut ct = Conntrack::new();
    ct.max_entries = 0; // filling: no limit check
    let now = Instant::ZERO + Duration::from_secs(1);
    for i in 0..entries {
        let p = flow_packet(i, SYN);
        let id = ct.create(&tuple_of(i), &p, now).expect("create");
        let _ = ct.packet(id, mesh_core::net::CtDir::Original, &p, now);
        ct.confirm(id, now).expect("confirm");
        if i % 4096 == 0 {
            let _ = ct.take_events();
        }
    }
    let _ = ct.take_events();
    ct.max_entries = (2 * entries as usize).max(mesh_core::conntrack::DEFAULT_MAX_ENTRIES);
    assert_eq!(ct.count(), entries as usize);
    ct
}

/// BM4 (new): `nf_conntrack_in` + confirm for the SYN of a new flow, in a
/// table of `entries` connections; the new entries are deleted every 64.
pub struct ConntrackNew {
    ct: Conntrack,
    base: u32,
    next: u32,
    created: Vec<CtId>,
    now: Instant,
}

impl ConntrackNew {
    pub fn new(entries: u32) -> ConntrackNew {
        let ct = conntrack_with(entries);
        ConntrackNew { ct, base: entries, next: entries, created: Vec::with_capacity(64), now: Instant::ZERO + Duration::from_secs(1) }
    }
}

impl Workload for ConntrackNew {
    fn step(&mut self) {
        let p = flow_packet(self.next, SYN);
        self.next += 1;
        if let Ok(Tracked::Conn { id, .. }) = self.ct.track(&p, self.now) {
            let _ = self.ct.confirm(id, self.now);
            self.created.push(id);
        }
    }
    fn chunk(&self) -> u64 {
        64
    }
    fn maintain(&mut self) {
        for id in self.created.drain(..) {
            self.ct.delete(id);
        }
        let _ = self.ct.take_events();
        if self.next > self.base + 1_000_000 {
            self.next = self.base;
        }
    }
}

/// BM4 (established, lookup): `__nf_conntrack_find_get` of a known tuple
/// in a table of `entries` connections.
pub struct ConntrackLookup {
    ct: Conntrack,
    tuples: Vec<Tuple>,
    i: usize,
}

impl ConntrackLookup {
    pub fn new(entries: u32) -> ConntrackLookup {
        let ct = conntrack_with(entries);
        // Spread the probes over the table, in a scrambled order.
        let tuples: Vec<Tuple> = (0..1024u32).map(|k| tuple_of((k.wrapping_mul(2_654_435_761) >> 7) % entries.max(1))).collect();
        ConntrackLookup { ct, tuples, i: 0 }
    }
}

impl Workload for ConntrackLookup {
    fn step(&mut self) {
        self.i = (self.i + 1) & 1023;
        let hit = self.ct.lookup(&self.tuples[self.i]);
        debug_assert!(hit.is_some());
        std::hint::black_box(hit);
    }
}

/// BM4 (established, whole packet): `nf_conntrack_in` for an ACK of a known
/// connection (lookup, TCP state machine, timeout refresh).
pub struct ConntrackEstablished {
    ct: Conntrack,
    packets: Vec<Vec<u8>>,
    i: usize,
    now: Instant,
}

impl ConntrackEstablished {
    pub fn new(entries: u32) -> ConntrackEstablished {
        let ct = conntrack_with(entries);
        let packets: Vec<Vec<u8>> = (0..64u32).map(|k| flow_packet((k.wrapping_mul(2_654_435_761) >> 7) % entries.max(1), ACK)).collect();
        ConntrackEstablished { ct, packets, i: 0, now: Instant::ZERO + Duration::from_secs(1) }
    }
}

impl Workload for ConntrackEstablished {
    fn step(&mut self) {
        self.i = (self.i + 1) & 63;
        let r = self.ct.track(&self.packets[self.i], self.now);
        std::hint::black_box(r.is_ok());
    }
    fn chunk(&self) -> u64 {
        4096
    }
    fn maintain(&mut self) {
        let _ = self.ct.take_events();
    }
}

// ----- BM5 ------------------------------------------------------------------------

/// Two overlay namespaces `a` and `b` joined by an underlay veth; in each
/// a bridge `br0` with a VXLAN port (VNI 4096, port 4789, static FDB entry
/// for the far container) and a container veth.
fn vxlan_lab() -> Session {
    host_with(&[
        "ip netns add a",
        "ip netns add b",
        "ip link add u0 netns a type veth peer name u0 netns b",
        "ip -n a addr add 192.168.56.11/24 dev u0",
        "ip -n b addr add 192.168.56.12/24 dev u0",
        "ip -n a link set u0 address 02:00:00:00:56:11",
        "ip -n b link set u0 address 02:00:00:00:56:12",
        "ip -n a link set u0 up",
        "ip -n b link set u0 up",
        "ip -n a neigh add 192.168.56.12 lladdr 02:00:00:00:56:12 dev u0 nud permanent",
        "ip -n b neigh add 192.168.56.11 lladdr 02:00:00:00:56:11 dev u0 nud permanent",
        "ip -n a link add br0 type bridge",
        "ip -n b link add br0 type bridge",
        "ip -n a link add vxlan0 type vxlan id 4096 dstport 4789 local 192.168.56.11",
        "ip -n b link add vxlan0 type vxlan id 4096 dstport 4789 local 192.168.56.12",
        "ip -n a link add v0 type veth peer name eth0",
        "ip -n b link add v0 type veth peer name eth0",
        "ip -n a link set eth0 address 02:42:0a:00:00:02",
        "ip -n b link set eth0 address 02:42:0a:00:00:05",
        "ip -n a link set vxlan0 master br0",
        "ip -n b link set vxlan0 master br0",
        "ip -n a link set v0 master br0",
        "ip -n b link set v0 master br0",
        "bridge -n a fdb add 02:42:0a:00:00:05 dev vxlan0 dst 192.168.56.12 self permanent",
        "bridge -n a fdb add 02:42:0a:00:00:05 dev vxlan0 master static",
        "bridge -n b fdb add 02:42:0a:00:00:02 dev vxlan0 dst 192.168.56.11 self permanent",
        "bridge -n b fdb add 02:42:0a:00:00:02 dev vxlan0 master static",
        "ip -n a link set br0 up",
        "ip -n b link set br0 up",
        "ip -n a link set vxlan0 up",
        "ip -n b link set vxlan0 up",
        "ip -n a link set v0 up",
        "ip -n b link set v0 up",
        "ip -n a link set eth0 up",
        "ip -n b link set eth0 up",
    ])
}

/// The frames of one direction of the BM5 overlay: what container a sends
/// (entering bridge a on v0) and what arrives on b's underlay device.
struct VxlanPath {
    s: Session,
    a_v0: DevId,
    b_u0: DevId,
    inner: Vec<u8>,
    outer: Vec<u8>,
}

fn vxlan_path(inner_len: usize) -> VxlanPath {
    let mut s = vxlan_lab();
    let k = s.world.kernel(HostId(0));
    let (a, b) = (k.netns_by_name("a").expect("netns a"), k.netns_by_name("b").expect("netns b"));
    let a_v0 = dev(&s, a, "v0");
    let b_u0 = dev(&s, b, "u0");
    let b_v0 = dev(&s, b, "v0");
    let inner = tcp_frame_of_len([2, 0x42, 10, 0, 0, 2], [2, 0x42, 10, 0, 0, 5], inner_len);
    let k = kernel(&mut s);
    k.netif_receive(a_v0, inner.clone(), PktMeta::default());
    let mut pending = k.take_pending();
    assert_eq!(pending.len(), 1, "encapsulation did not send one frame");
    let outer = match pending.pop().map(|p| p.event) {
        Some(mesh_core::kernel::KEvent::Rx { dev: d, frame, .. }) if d == b_u0 => frame,
        other => panic!("unexpected event after encapsulation: {other:?}"),
    };
    assert_eq!(outer.len(), inner.len() + 50, "not a VXLAN frame");
    k.netif_receive(b_u0, outer.clone(), PktMeta::default());
    let pending = k.take_pending();
    assert!(
        pending.iter().any(|p| matches!(&p.event, mesh_core::kernel::KEvent::Rx { frame, .. } if frame[..] == inner[..])
            || matches!(&p.event, mesh_core::kernel::KEvent::Rx { dev, .. } if *dev != b_v0)),
        "decapsulation did not deliver the inner frame"
    );
    VxlanPath { s, a_v0, b_u0, inner, outer }
}

/// BM5 (encap): a frame from container a crosses bridge a to the VXLAN
/// port and leaves encapsulated on the underlay (bridge, FDB, VXLAN
/// header, outer UDP/IPv4 with checksums, route, transmit).
pub struct VxlanEncap(VxlanPath);

impl VxlanEncap {
    pub fn new(inner_len: usize) -> VxlanEncap {
        VxlanEncap(vxlan_path(inner_len))
    }
}

impl Workload for VxlanEncap {
    fn step(&mut self) {
        let p = &mut self.0;
        let k = kernel(&mut p.s);
        k.netif_receive(p.a_v0, p.inner.clone(), PktMeta::default());
        discard_pending(k);
    }
}

/// BM5 (decap): the encapsulated frame arrives on b's underlay device: IP
/// input, UDP 4789 to the VXLAN socket, decapsulation, FDB learning,
/// bridge b, out to container b.
pub struct VxlanDecap(VxlanPath);

impl VxlanDecap {
    pub fn new(inner_len: usize) -> VxlanDecap {
        VxlanDecap(vxlan_path(inner_len))
    }
}

impl Workload for VxlanDecap {
    fn step(&mut self) {
        let p = &mut self.0;
        let k = kernel(&mut p.s);
        k.netif_receive(p.b_u0, p.outer.clone(), PktMeta::default());
        discard_pending(k);
    }
}

// ----- BM6 and BM8 ------------------------------------------------------------------

/// The seed lab with the walkthrough's service created.
pub fn seed_lab() -> Session {
    let mut s = Session::from_scenario(&Scenario::seed(), 1);
    let o = s.run("sudo docker service create --name web -p 8080:80 --replicas 2 containous/whoami");
    assert_eq!(o.status, 0, "service create failed: {}", o.stderr);
    s
}

/// BM6: the seed's `curl 172.19.177.14:8080` typed on node1, end to end
/// (DNS-free connect, handshake, request, whoami's answer, teardown,
/// across both nodes through DNAT, MARK, IPVS, SNAT, VXLAN and REDIRECT),
/// with the trace recorder on or off. A fresh lab every 100 curls.
pub struct SeedCurl {
    s: Session,
    tracing: bool,
    build: fn() -> Session,
    command: String,
    expect: String,
}

pub const CURLS_PER_LAB: u64 = 100;

impl SeedCurl {
    pub fn new(tracing: bool) -> SeedCurl {
        SeedCurl::with_lab(tracing, seed_lab, "curl 172.19.177.14:8080", "RemoteAddr: 10.0.0.2:")
    }

    pub fn with_lab(tracing: bool, build: fn() -> Session, command: &str, expect: &str) -> SeedCurl {
        let mut w = SeedCurl { s: build(), tracing, build, command: command.to_string(), expect: expect.to_string() };
        w.maintain();
        let o = w.s.run(&w.command);
        assert!(o.status == 0 && o.stdout.contains(&w.expect), "{} failed: {o:?}", w.command);
        w
    }
}

impl Workload for SeedCurl {
    fn step(&mut self) {
        let o = self.s.run(&self.command);
        debug_assert_eq!(o.status, 0);
        if self.tracing {
            self.s.world.trace = Default::default();
        }
    }
    fn chunk(&self) -> u64 {
        CURLS_PER_LAB
    }
    fn maintain(&mut self) {
        self.s = (self.build)();
        self.s.world.tracing = self.tracing;
        // The first curl of a lab resolves ARP on every hop: warm it up.
        let _ = self.s.run(&self.command);
        self.s.world.trace = Default::default();
    }
}

/// BM8's cluster: `nodes` Docker nodes (node1 the manager) on one
/// underlay.
pub fn big_scenario(nodes: u32) -> Scenario {
    let mut sc = Scenario::seed();
    sc.name = format!("scale-{nodes}");
    // 1 000 tasks need more than the default /24 (as `docker network
    // create --ingress --subnet 10.0.0.0/16` would give).
    sc.ingress_subnet = "10.0.0.0/16".parse().expect("subnet");
    let template = sc.nodes[0].clone();
    sc.nodes = (0..nodes)
        .map(|i| NodeSpec {
            name: format!("node{}", i + 1),
            ip: Ipv4Addr::new(172, 19, 100 + (i / 250) as u8, 1 + (i % 250) as u8),
            role: if i == 0 { Role::Manager } else { Role::Worker },
            id: None,
            gwbridge: Some("172.18.0.0/16".parse().expect("subnet")),
            ..template.clone()
        })
        .collect();
    sc
}

/// BM8: build a `nodes`-node swarm and create `services` services of
/// `replicas` replicas, each published on its own port (8000 + k); returns
/// the lab once every service has converged.
pub fn scale_lab(nodes: u32, services: u32, replicas: u32) -> Session {
    let mut s = Session::from_scenario(&big_scenario(nodes), 1);
    for k in 0..services {
        let o = s.run(&format!("sudo docker service create --name svc{k} -p {}:80 --replicas {replicas} containous/whoami", 8000 + k));
        assert_eq!(o.status, 0, "service {k} did not converge: {}", o.stderr);
    }
    s
}

/// BM8's size (issue 9): 100 nodes, 100 services of 10 replicas.
pub const SCALE: (u32, u32, u32) = (100, 100, 10);

pub fn scale_lab_full() -> Session {
    scale_lab(SCALE.0, SCALE.1, SCALE.2)
}
