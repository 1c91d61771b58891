//! Behaviour tests of the IPVS model: the schedulers' exact choices, the
//! connection table's states, counters and timers, and the control plane's
//! errors. Expected sequences were worked out by hand from the kernel
//! sources cited in each module (and the sh/dh buckets with the kernel's
//! hash arithmetic done independently).

use std::net::Ipv4Addr;

use super::*;
use crate::time::{Duration, Instant};

const SYN: u8 = 0x02;
const ACK: u8 = 0x10;
const FIN: u8 = 0x01;
const RST: u8 = 0x04;

fn ip(s: &str) -> Ipv4Addr {
    s.parse().unwrap()
}

fn secs(s: u64) -> Instant {
    Instant::ZERO + Duration::from_secs(s)
}

/// An IPv4 packet with a 20-byte header around `l4` (checksums are not
/// looked at by IPVS).
fn ipv4(src: &str, dst: &str, protocol: u8, l4: &[u8]) -> Vec<u8> {
    let total = 20 + l4.len();
    let mut p = vec![0x45, 0, (total >> 8) as u8, total as u8, 0, 0, 0x40, 0, 64, protocol, 0, 0];
    p.extend(ip(src).octets());
    p.extend(ip(dst).octets());
    p.extend(l4);
    p
}

fn tcp(src: &str, sport: u16, dst: &str, dport: u16, flags: u8) -> Vec<u8> {
    let mut h = vec![0u8; 20];
    h[0..2].copy_from_slice(&sport.to_be_bytes());
    h[2..4].copy_from_slice(&dport.to_be_bytes());
    h[12] = 5 << 4;
    h[13] = flags;
    ipv4(src, dst, proto::TCP, &h)
}

fn udp(src: &str, sport: u16, dst: &str, dport: u16, payload: usize) -> Vec<u8> {
    let mut h = vec![0u8; 8 + payload];
    h[0..2].copy_from_slice(&sport.to_be_bytes());
    h[2..4].copy_from_slice(&dport.to_be_bytes());
    h[4..6].copy_from_slice(&((8 + payload) as u16).to_be_bytes());
    ipv4(src, dst, proto::UDP, &h)
}

const FWM: ServiceKey = ServiceKey::Fwmark(271);

/// An ingress_sbox-like IPVS: `FWM 271` with the given scheduler and masq
/// real servers added in the given order.
fn lb(sched: &str, servers: &[(&str, i32)]) -> Ipvs {
    let mut ipvs = Ipvs::new();
    ipvs.add_service(&ServiceConfig::new(FWM, sched)).unwrap();
    for (addr, w) in servers {
        ipvs.add_dest(&FWM, &DestConfig::new(ip(addr), 0, FwdMethod::Masq, *w), Instant::ZERO).unwrap();
    }
    ipvs
}

/// Open `n` TCP connections from distinct client ports (SYN through the
/// hook, as the kernel sees them) and return the chosen real servers.
fn open(ipvs: &mut Ipvs, from_port: u16, n: u16, now: Instant) -> Vec<String> {
    (0..n)
        .map(|i| match ipvs.process_in(&tcp("192.168.56.1", from_port + i, "172.18.0.2", 8080, SYN), 271, false, now) {
            InVerdict::Forward { conn, new: true } => ipvs.conn(conn).unwrap().daddr.to_string(),
            v => format!("{v:?}"),
        })
        .collect()
}

fn set_weight(ipvs: &mut Ipvs, addr: &str, w: i32) {
    ipvs.edit_dest(&FWM, &DestConfig::new(ip(addr), 0, FwdMethod::Masq, w)).unwrap();
}

// ----- schedulers ----------------------------------------------------------

/// The seed: 10.0.0.6 was added before 10.0.0.5, so 10.0.0.5 heads the
/// list and rr starts there.
#[test]
fn rr_seed_order_newest_destination_first() {
    let mut ipvs = lb("rr", &[("10.0.0.6", 1), ("10.0.0.5", 1)]);
    let addrs: Vec<_> = ipvs.dests(ipvs.service_id(&FWM).unwrap()).iter().map(|d| d.addr.to_string()).collect();
    assert_eq!(addrs, ["10.0.0.5", "10.0.0.6"]);
    assert_eq!(open(&mut ipvs, 40000, 5, Instant::ZERO), ["10.0.0.5", "10.0.0.6", "10.0.0.5", "10.0.0.6", "10.0.0.5"]);
}

#[test]
fn rr_added_destination_joins_at_the_head_after_the_wrap() {
    let mut ipvs = lb("rr", &[("10.0.0.6", 1), ("10.0.0.7", 1), ("10.0.0.8", 1)]);
    assert_eq!(open(&mut ipvs, 40000, 2, Instant::ZERO), ["10.0.0.8", "10.0.0.7"]);
    ipvs.add_dest(&FWM, &DestConfig::new(ip("10.0.0.9"), 0, FwdMethod::Masq, 1), Instant::ZERO).unwrap();
    // List is now .9 .8 .7 .6 with the cursor still on .7.
    assert_eq!(open(&mut ipvs, 40010, 5, Instant::ZERO), ["10.0.0.6", "10.0.0.9", "10.0.0.8", "10.0.0.7", "10.0.0.6"]);
}

#[test]
fn rr_skips_quiesced_destinations_and_keeps_their_connections() {
    let mut ipvs = lb("rr", &[("10.0.0.6", 1), ("10.0.0.7", 1), ("10.0.0.8", 1)]);
    assert_eq!(open(&mut ipvs, 40000, 1, Instant::ZERO), ["10.0.0.8"]);
    set_weight(&mut ipvs, "10.0.0.7", 0);
    assert_eq!(open(&mut ipvs, 40010, 4, Instant::ZERO), ["10.0.0.6", "10.0.0.8", "10.0.0.6", "10.0.0.8"]);
    set_weight(&mut ipvs, "10.0.0.6", 0);
    set_weight(&mut ipvs, "10.0.0.8", 0);
    // No usable server: ip_vs_leave answers ICMP port unreachable.
    assert_eq!(open(&mut ipvs, 40020, 1, Instant::ZERO), ["Reject"]);
    // The first connection's packets still reach 10.0.0.8.
    let v = ipvs.process_in(&tcp("192.168.56.1", 40000, "172.18.0.2", 8080, ACK), 271, false, Instant::ZERO);
    assert!(matches!(v, InVerdict::Forward { new: false, .. }), "{v:?}");
}

/// `ip_vs_rr_del_dest`: deleting the destination under the cursor moves
/// the cursor back, so the one after it is next.
#[test]
fn rr_delete_under_cursor_steps_back() {
    let mut ipvs = lb("rr", &[("10.0.0.6", 1), ("10.0.0.7", 1), ("10.0.0.8", 1)]);
    assert_eq!(open(&mut ipvs, 40000, 2, Instant::ZERO), ["10.0.0.8", "10.0.0.7"]);
    ipvs.del_dest(&FWM, ip("10.0.0.7"), 0, Instant::ZERO).unwrap();
    assert_eq!(open(&mut ipvs, 40010, 3, Instant::ZERO), ["10.0.0.6", "10.0.0.8", "10.0.0.6"]);
    // Deleting the head entry under the cursor rewinds to the list head.
    let mut ipvs = lb("rr", &[("10.0.0.6", 1), ("10.0.0.7", 1), ("10.0.0.8", 1)]);
    assert_eq!(open(&mut ipvs, 40000, 1, Instant::ZERO), ["10.0.0.8"]);
    ipvs.del_dest(&FWM, ip("10.0.0.8"), 0, Instant::ZERO).unwrap();
    assert_eq!(open(&mut ipvs, 40010, 2, Instant::ZERO), ["10.0.0.7", "10.0.0.6"]);
}

/// wrr walks the list lowering the current weight `cw` by the gcd after
/// each pass. Bound to a service that already has its servers, `cw` starts
/// at the maximum weight; grown one server at a time, `cw` is carried
/// through `ip_vs_wrr_dest_changed` and starts at 1, so the first pass
/// takes every server.
#[test]
fn wrr_steps_the_current_weight_by_the_gcd() {
    let (a, b, c) = ("10.0.0.6", "10.0.0.7", "10.0.0.8");
    let servers = [(a, 3), (b, 2), (c, 1)];
    // List [c(1), b(2), a(3)], scheduler bound afterwards: cw = 3, 2, 1, ...
    let mut ipvs = lb("rr", &servers);
    ipvs.edit_service(&ServiceConfig::new(FWM, "wrr")).unwrap();
    assert_eq!(open(&mut ipvs, 40000, 12, Instant::ZERO), [a, b, a, c, b, a, a, b, a, c, b, a]);
    // Same servers added to a wrr service: cw = 1, 3, 2, 1, ...
    let mut ipvs = lb("wrr", &servers);
    assert_eq!(open(&mut ipvs, 40000, 12, Instant::ZERO), [c, b, a, a, b, a, c, b, a, a, b, a]);
    // Weights 4 and 2: gcd 2, mw = 3, cw alternates 1 and 3: 2:1.
    let mut ipvs = lb("wrr", &[(a, 2), (b, 4)]);
    assert_eq!(open(&mut ipvs, 40000, 6, Instant::ZERO), [b, a, b, b, a, b]);
    // A quiesced server drops out; the walk restarts at the head.
    let mut ipvs = lb("wrr", &servers);
    assert_eq!(open(&mut ipvs, 40000, 1, Instant::ZERO), [c]);
    set_weight(&mut ipvs, a, 0);
    assert_eq!(open(&mut ipvs, 40010, 6, Instant::ZERO), [c, b, b, c, b, b]);
    // All quiesced: no destination.
    set_weight(&mut ipvs, b, 0);
    set_weight(&mut ipvs, c, 0);
    assert_eq!(open(&mut ipvs, 40020, 1, Instant::ZERO), ["Reject"]);
}

#[test]
fn wrr_with_all_servers_overloaded_terminates() {
    let mut ipvs = lb("wrr", &[("10.0.0.6", i32::MAX)]);
    ipvs.add_dest(&FWM, &DestConfig { u_threshold: 1, ..DestConfig::new(ip("10.0.0.7"), 0, FwdMethod::Masq, 1) }, Instant::ZERO).unwrap();
    ipvs.edit_dest(&FWM, &DestConfig { u_threshold: 1, ..DestConfig::new(ip("10.0.0.6"), 0, FwdMethod::Masq, i32::MAX) }).unwrap();
    // cw stayed 1 through the changes, so the head (10.0.0.7) comes first;
    // each connection overloads its server (threshold 1); then the walk over
    // 2^31 weight levels finds nothing and stops.
    assert_eq!(open(&mut ipvs, 40000, 3, Instant::ZERO), ["10.0.0.7", "10.0.0.6", "Reject"]);
}

/// lc ignores weights; wlc, sed and nq weigh them, each its own way. The
/// list is [B(w3), A(w1)]; every SYN makes its connection active.
#[test]
fn least_connection_family_sequences() {
    let (a, b) = ("10.0.0.6", "10.0.0.7");
    let servers = [(a, 1), (b, 3)];
    let mut lc = lb("lc", &servers);
    assert_eq!(open(&mut lc, 40000, 6, Instant::ZERO), [b, a, b, a, b, a]);
    let mut wlc = lb("wlc", &servers);
    assert_eq!(open(&mut wlc, 40000, 8, Instant::ZERO), [b, a, b, b, b, a, b, b]);
    let mut sed = lb("sed", &servers);
    assert_eq!(open(&mut sed, 40000, 8, Instant::ZERO), [b, b, b, a, b, b, b, a]);
    let mut nq = lb("nq", &servers);
    assert_eq!(open(&mut nq, 40000, 8, Instant::ZERO), [b, a, b, b, b, b, b, a]);
}

/// Overhead is active*256 + inactive: a server with many idle (inactive)
/// connections still beats one with a single active connection.
#[test]
fn lc_counts_inactive_connections_lightly() {
    let (a, b) = ("10.0.0.6", "10.0.0.7");
    let mut ipvs = lb("lc", &[(a, 1), (b, 1)]);
    assert_eq!(open(&mut ipvs, 40000, 1, Instant::ZERO), [b]);
    // Establish it, then reset it: CLOSE is inactive (overhead 1).
    ipvs.process_in(&tcp("192.168.56.1", 40000, "172.18.0.2", 8080, ACK), 271, false, Instant::ZERO);
    ipvs.process_in(&tcp("192.168.56.1", 40000, "172.18.0.2", 8080, RST), 271, false, Instant::ZERO);
    assert_eq!(open(&mut ipvs, 40010, 1, Instant::ZERO), [a]);
    // a: 1 active (256), b: 1 inactive (1): b again.
    assert_eq!(open(&mut ipvs, 40020, 1, Instant::ZERO), [b]);
    let d: Vec<_> = ipvs.dests(ipvs.service_id(&FWM).unwrap()).iter().map(|d| (d.active_conns, d.inact_conns)).collect();
    assert_eq!(d, [(1, 1), (1, 0)]);
}

/// sh: the bucket of the source address, 256 buckets filled from the list
/// head with `weight` buckets per server. Client → server mapping computed
/// with `hash_32(addr, 8)` (GOLDEN_RATIO_32) independently.
#[test]
fn sh_maps_clients_by_source_hash() {
    let servers = [("10.0.0.6", 1), ("10.0.0.7", 1), ("10.0.0.8", 1)];
    let mut ipvs = lb("sh", &servers);
    let pick = |ipvs: &mut Ipvs, client: &str, port: u16| match ipvs.process_in(&tcp(client, port, "172.18.0.2", 8080, SYN), 271, false, Instant::ZERO) {
        InVerdict::Forward { conn, .. } => ipvs.conn(conn).unwrap().daddr.to_string(),
        v => format!("{v:?}"),
    };
    let want = [("192.168.56.1", "10.0.0.7"), ("192.168.56.2", "10.0.0.8"), ("192.168.56.3", "10.0.0.7"), ("192.168.56.5", "10.0.0.8")];
    for (client, server) in want {
        assert_eq!(pick(&mut ipvs, client, 40000), server, "{client}");
        assert_eq!(pick(&mut ipvs, client, 40001), server, "{client} again");
    }
    // Weights give consecutive buckets: C(1) B(2) A(1) repeating.
    ipvs.edit_dest(&FWM, &DestConfig::new(ip("10.0.0.7"), 0, FwdMethod::Masq, 2)).unwrap();
    assert_eq!(pick(&mut ipvs, "192.168.56.2", 40100), "10.0.0.6");
    assert_eq!(pick(&mut ipvs, "192.168.56.4", 40100), "10.0.0.6");
    // A quiesced bucket owner means no server, unless sh-fallback.
    ipvs.edit_dest(&FWM, &DestConfig::new(ip("10.0.0.7"), 0, FwdMethod::Masq, 0)).unwrap();
    assert_eq!(pick(&mut ipvs, "192.168.56.1", 40200), "Reject");
    ipvs.edit_service(&ServiceConfig { flags: SVC_F_SCHED1, ..ServiceConfig::new(FWM, "sh") }).unwrap();
    assert_eq!(pick(&mut ipvs, "192.168.56.1", 40300), "10.0.0.6");
    // sh-port hashes source address + source port.
    let mut ipvs = lb("sh", &servers);
    ipvs.edit_service(&ServiceConfig { flags: SVC_F_SCHED2, ..ServiceConfig::new(FWM, "sh") }).unwrap();
    let got: Vec<_> = (40000..40004).map(|p| pick(&mut ipvs, "192.168.56.1", p)).collect();
    assert_eq!(got, ["10.0.0.6", "10.0.0.7", "10.0.0.6", "10.0.0.7"]);
}

#[test]
fn dh_maps_by_destination_address() {
    let mut ipvs = Ipvs::new();
    let key = ServiceKey::Tcp(ip("0.0.0.0"), 0);
    ipvs.add_service(&ServiceConfig { flags: SVC_F_PERSISTENT, timeout: 1, ..ServiceConfig::new(key, "dh") }).unwrap();
    for a in ["10.0.0.6", "10.0.0.7", "10.0.0.8"] {
        ipvs.add_dest(&key, &DestConfig::new(ip(a), 0, FwdMethod::Route, 1), Instant::ZERO).unwrap();
    }
    let svc = ipvs.service_id(&key).unwrap();
    for (dst, server) in [("10.0.0.100", "10.0.0.8"), ("10.0.0.101", "10.0.0.8"), ("10.0.0.102", "10.0.0.6"), ("10.0.0.103", "10.0.0.7")] {
        let t = Tuple { src: ip("192.168.56.1"), dst: ip(dst), proto: proto::TCP, src_port: 40000, dst_port: 80 };
        let id = ipvs.schedule(svc, &t, Instant::ZERO).unwrap();
        assert_eq!(ipvs.conn(id).unwrap().daddr.to_string(), server, "{dst}");
    }
}

#[test]
fn unknown_and_none_schedulers() {
    let mut ipvs = Ipvs::new();
    let key = ServiceKey::Tcp(ip("10.0.0.5"), 80);
    assert_eq!(ipvs.add_service(&ServiceConfig::new(key, "lblc")), Err(IpvsError::NotFound));
    assert!(ipvs.services().is_empty());
    ipvs.add_service(&ServiceConfig::new(key, "none")).unwrap();
    ipvs.add_dest(&key, &DestConfig::new(ip("10.0.0.6"), 80, FwdMethod::Masq, 1), Instant::ZERO).unwrap();
    assert_eq!(ipvs.process_in(&tcp("192.168.56.1", 40000, "10.0.0.5", 80, SYN), 0, false, Instant::ZERO), InVerdict::Reject);
}

// ----- connections -----------------------------------------------------------

/// A NAT connection through both hooks: states, counters, timers, and the
/// SNAT verdict for replies.
#[test]
fn tcp_connection_lifecycle_through_the_hooks() {
    let mut ipvs = lb("rr", &[("10.0.0.6", 1)]);
    let (c, v, d) = ("192.168.56.1", "172.18.0.2", "10.0.0.6");
    let t0 = secs(100);
    let InVerdict::Forward { conn, new: true } = ipvs.process_in(&tcp(c, 40000, v, 8080, SYN), 271, false, t0) else { panic!() };
    let state = |ipvs: &Ipvs| {
        let x = ipvs.conn(conn).unwrap();
        let dest = &ipvs.dests(ipvs.service_id(&FWM).unwrap())[0];
        (x.state.name(), x.expires, dest.active_conns, dest.inact_conns)
    };
    assert_eq!(state(&ipvs), ("SYN_RECV", t0 + Duration::from_secs(60), 1, 0));
    assert_eq!((ipvs.conn(conn).unwrap().daddr, ipvs.conn(conn).unwrap().dport), (ip(d), 8080));
    // The reply comes from the real server to the client.
    assert_eq!(ipvs.process_out(&tcp(d, 8080, c, 40000, SYN | ACK), t0), OutVerdict::Snat { conn });
    assert_eq!(ipvs.process_in(&tcp(c, 40000, v, 8080, ACK), 271, false, t0), InVerdict::Forward { conn, new: false });
    assert_eq!(state(&ipvs), ("ESTABLISHED", t0 + Duration::from_secs(900), 1, 0));
    ipvs.process_in(&tcp(c, 40000, v, 8080, FIN | ACK), 271, false, secs(110));
    assert_eq!(state(&ipvs), ("CLOSE_WAIT", secs(170), 0, 1));
    ipvs.process_out(&tcp(d, 8080, c, 40000, FIN | ACK), secs(110));
    assert_eq!(state(&ipvs), ("TIME_WAIT", secs(230), 0, 1));
    // Counters: 4 packets in, 2 out, 40 bytes each.
    let svc = ipvs.service(ipvs.service_id(&FWM).unwrap()).unwrap();
    assert_eq!((svc.stats.conns, svc.stats.inpkts, svc.stats.outpkts, svc.stats.inbytes, svc.stats.outbytes), (1, 3, 2, 120, 80));
    // TIME_WAIT lasts 120 s after the last packet.
    assert!(ipvs.expire(secs(229)).is_empty());
    let gone = ipvs.expire(secs(230));
    assert_eq!(gone.len(), 1);
    assert_eq!(gone[0].state.name(), "TIME_WAIT");
    assert!(ipvs.conn(conn).is_none());
    assert_eq!(state_counts(&ipvs), [(0, 0)]);
}

fn state_counts(ipvs: &Ipvs) -> Vec<(u32, u32)> {
    ipvs.dests(ipvs.service_id(&FWM).unwrap()).iter().map(|d| (d.active_conns, d.inact_conns)).collect()
}

#[test]
fn udp_connections_are_inactive_and_last_300_seconds() {
    let mut ipvs = Ipvs::new();
    let key = ServiceKey::Udp(ip("10.0.0.5"), 53);
    ipvs.add_service(&ServiceConfig::new(key, "rr")).unwrap();
    ipvs.add_dest(&key, &DestConfig::new(ip("10.0.0.7"), 53, FwdMethod::Masq, 1), Instant::ZERO).unwrap();
    let InVerdict::Forward { conn, .. } = ipvs.process_in(&udp("192.168.56.1", 5353, "10.0.0.5", 53, 30), 0, false, secs(1)) else { panic!() };
    let c = ipvs.conn(conn).unwrap();
    assert_eq!((c.state.name(), c.expires), ("UDP", secs(301)));
    let d = &ipvs.dests(ipvs.service_id(&key).unwrap())[0];
    assert_eq!((d.active_conns, d.inact_conns, d.stats.inbytes), (0, 1, 58));
    ipvs.set_timeouts(0, 0, 10);
    assert_eq!(ipvs.timeouts(), (900, 120, 10));
    ipvs.process_out(&udp("10.0.0.7", 53, "192.168.56.1", 5353, 100), secs(2));
    assert_eq!(ipvs.conn(conn).unwrap().expires, secs(12));
    assert_eq!(ipvs.expire(secs(12)).len(), 1);
}

/// A packet that is neither for a service nor of a connection passes; a
/// TCP packet without SYN does not open a connection; truncated headers
/// are dropped; before any service exists IPVS does nothing at all.
#[test]
fn hook_passes_what_is_not_ipvs_traffic() {
    let mut fresh = Ipvs::new();
    assert_eq!(fresh.process_in(&tcp("1.1.1.1", 1, "2.2.2.2", 2, SYN), 271, false, Instant::ZERO), InVerdict::Accept);
    let mut ipvs = lb("rr", &[("10.0.0.6", 1)]);
    assert_eq!(ipvs.process_in(&tcp("1.1.1.1", 1, "2.2.2.2", 2, SYN), 0, false, Instant::ZERO), InVerdict::Accept);
    assert_eq!(ipvs.process_in(&tcp("1.1.1.1", 1, "2.2.2.2", 2, ACK), 271, false, Instant::ZERO), InVerdict::Accept);
    let mut short = tcp("1.1.1.1", 1, "2.2.2.2", 2, SYN);
    short.truncate(30);
    assert_eq!(ipvs.process_in(&short, 271, false, Instant::ZERO), InVerdict::Drop);
    for junk in [&[][..], &[0x45][..], &[0x60; 40][..], &[0x4f; 20][..]] {
        assert_eq!(ipvs.process_in(junk, 271, false, Instant::ZERO), InVerdict::Accept);
        assert_eq!(ipvs.process_out(junk, Instant::ZERO), OutVerdict::Accept);
    }
    assert_eq!(ipvs.conns().count(), 0);
}

/// Without `expire_nodest_conn`, packets of a deleted server's connection
/// are dropped while the entry lives on; with it, the entry is expired
/// at deletion and a new SYN is scheduled elsewhere.
#[test]
fn deleted_destination_connections() {
    let (c, v) = ("192.168.56.1", "172.18.0.2");
    let mut ipvs = lb("rr", &[("10.0.0.6", 1), ("10.0.0.7", 1)]);
    assert_eq!(open(&mut ipvs, 40000, 1, Instant::ZERO), ["10.0.0.7"]);
    ipvs.del_dest(&FWM, ip("10.0.0.7"), 0, Instant::ZERO).unwrap();
    assert_eq!(ipvs.process_in(&tcp(c, 40000, v, 8080, ACK), 271, false, Instant::ZERO), InVerdict::Drop);
    assert_eq!(ipvs.conns().count(), 1);

    let mut ipvs = lb("rr", &[("10.0.0.6", 1), ("10.0.0.7", 1)]);
    ipvs.sysctl.expire_nodest_conn = true;
    ipvs.sysctl.conntrack = true;
    assert_eq!(open(&mut ipvs, 40000, 1, Instant::ZERO), ["10.0.0.7"]);
    ipvs.del_dest(&FWM, ip("10.0.0.7"), 0, secs(1)).unwrap();
    let gone = ipvs.expire(secs(1));
    assert_eq!((gone.len(), gone[0].nfct, gone[0].daddr), (1, true, ip("10.0.0.7")));
    assert_eq!(open(&mut ipvs, 40000, 1, secs(2)), ["10.0.0.6"]);
}

/// `conn_reuse_mode`: a SYN reusing the tuple of a TIME_WAIT connection is
/// rescheduled in mode 1 (here to the next rr server) but continues the old
/// connection in Docker's mode 0.
#[test]
fn conn_reuse_mode_reschedules_time_wait_tuples() {
    for (mode, second) in [(1u8, "10.0.0.6"), (0u8, "10.0.0.7")] {
        let mut ipvs = lb("rr", &[("10.0.0.6", 1), ("10.0.0.7", 1)]);
        ipvs.sysctl.conn_reuse_mode = mode;
        let (c, v, d) = ("192.168.56.1", "172.18.0.2", "10.0.0.7");
        assert_eq!(open(&mut ipvs, 40000, 1, Instant::ZERO), [d]);
        ipvs.process_out(&tcp(d, 8080, c, 40000, SYN | ACK), Instant::ZERO);
        ipvs.process_in(&tcp(c, 40000, v, 8080, ACK), 271, false, Instant::ZERO);
        ipvs.process_in(&tcp(c, 40000, v, 8080, FIN | ACK), 271, false, Instant::ZERO);
        ipvs.process_out(&tcp(d, 8080, c, 40000, FIN | ACK), Instant::ZERO);
        ipvs.process_in(&tcp(c, 40000, v, 8080, ACK), 271, false, Instant::ZERO);
        let v2 = ipvs.process_in(&tcp(c, 40000, v, 8080, SYN), 271, false, secs(1));
        let InVerdict::Forward { conn, new } = v2 else { panic!("{v2:?}") };
        assert_eq!((ipvs.conn(conn).unwrap().daddr.to_string().as_str(), new), (second, mode == 1), "mode {mode}");
    }
}

/// With conntrack holding a confirmed entry for the reused tuple, the SYN
/// is dropped instead (the client retransmits) and the old entry goes.
#[test]
fn reuse_over_a_confirmed_conntrack_entry_drops_the_syn() {
    let mut ipvs = lb("rr", &[("10.0.0.6", 1)]);
    ipvs.sysctl.conntrack = true;
    let (c, v) = ("192.168.56.1", "172.18.0.2");
    open(&mut ipvs, 40000, 1, Instant::ZERO);
    ipvs.process_in(&tcp(c, 40000, v, 8080, ACK), 271, false, Instant::ZERO);
    ipvs.process_in(&tcp(c, 40000, v, 8080, RST), 271, false, Instant::ZERO);
    assert_eq!(ipvs.conns().next().unwrap().state.name(), "CLOSE");
    assert_eq!(ipvs.process_in(&tcp(c, 40000, v, 8080, SYN), 271, true, secs(1)), InVerdict::Drop);
    let gone = ipvs.expire(secs(1));
    assert_eq!((gone.len(), gone[0].nfct), (1, true));
    assert!(matches!(ipvs.process_in(&tcp(c, 40000, v, 8080, SYN), 271, false, secs(2)), InVerdict::Forward { new: true, .. }));
}

/// `expire_nodest_conn` also reschedules a SYN of a connection whose server
/// was quiesced (what Docker relies on when a task stops).
#[test]
fn quiesced_server_syn_is_rescheduled_with_expire_nodest_conn() {
    let mut ipvs = lb("rr", &[("10.0.0.6", 1), ("10.0.0.7", 1)]);
    ipvs.sysctl.expire_nodest_conn = true;
    ipvs.sysctl.conn_reuse_mode = 0;
    assert_eq!(open(&mut ipvs, 40000, 1, Instant::ZERO), ["10.0.0.7"]);
    set_weight(&mut ipvs, "10.0.0.7", 0);
    assert_eq!(open(&mut ipvs, 40000, 1, secs(1)), ["10.0.0.6"]);
    assert_eq!(state_counts(&ipvs), [(0, 0), (1, 0)]);
}

/// Persistence: the template pins the client network to one server; it
/// outlives its connections by the persistence timeout.
#[test]
fn persistent_fwmark_service_uses_a_template() {
    let mut ipvs = Ipvs::new();
    ipvs.add_service(&ServiceConfig { flags: SVC_F_PERSISTENT, timeout: 360, netmask: ip("255.255.255.0"), ..ServiceConfig::new(FWM, "rr") }).unwrap();
    for a in ["10.0.0.6", "10.0.0.7"] {
        ipvs.add_dest(&FWM, &DestConfig::new(ip(a), 0, FwdMethod::Masq, 1), Instant::ZERO).unwrap();
    }
    assert_eq!(open(&mut ipvs, 40000, 3, Instant::ZERO), ["10.0.0.7", "10.0.0.7", "10.0.0.7"]);
    let tpl: Vec<_> = ipvs.conns().filter(|c| c.is_template()).collect();
    assert_eq!(tpl.len(), 1);
    let t = tpl[0];
    assert_eq!((t.proto, t.caddr, t.cport, t.vaddr, t.vport, t.daddr, t.dport), (0, ip("192.168.56.0"), 0, ip("0.0.1.15"), 0, ip("10.0.0.7"), 0));
    assert_eq!((t.state.name(), t.expires), ("NONE", secs(360)));
    let d = &ipvs.dests(ipvs.service_id(&FWM).unwrap())[0];
    assert_eq!((d.addr, d.persist_conns, d.active_conns), (ip("10.0.0.7"), 1, 3));
    // Another client network gets the next rr server.
    let v = ipvs.process_in(&tcp("192.168.57.1", 1, "172.18.0.2", 8080, SYN), 271, false, Instant::ZERO);
    let InVerdict::Forward { conn, .. } = v else { panic!() };
    assert_eq!(ipvs.conn(conn).unwrap().daddr, ip("10.0.0.6"));
    // Connections in SYN_RECV expire after 60 s; the template stays to 360 s,
    // then goes too.
    assert_eq!(ipvs.expire(secs(60)).len(), 4);
    assert_eq!(ipvs.conns().count(), 2);
    assert_eq!(ipvs.expire(secs(360)).len(), 2);
}

/// `expire_quiescent_template`: a template of a quiesced server is
/// invalidated (ports 65535) and new connections go elsewhere.
#[test]
fn quiescent_template_is_invalidated() {
    let mut ipvs = Ipvs::new();
    ipvs.sysctl.expire_quiescent_template = true;
    ipvs.add_service(&ServiceConfig { flags: SVC_F_PERSISTENT, timeout: 360, ..ServiceConfig::new(FWM, "rr") }).unwrap();
    for a in ["10.0.0.6", "10.0.0.7"] {
        ipvs.add_dest(&FWM, &DestConfig::new(ip(a), 0, FwdMethod::Masq, 1), Instant::ZERO).unwrap();
    }
    assert_eq!(open(&mut ipvs, 40000, 1, Instant::ZERO), ["10.0.0.7"]);
    set_weight(&mut ipvs, "10.0.0.7", 0);
    assert_eq!(open(&mut ipvs, 40001, 1, Instant::ZERO), ["10.0.0.6"]);
    let ports: Vec<_> = ipvs.conns().filter(|c| c.is_template()).map(|c| (c.daddr, c.vport, c.dport)).collect();
    assert_eq!(ports, [(ip("10.0.0.7"), 0xffff, 0xffff), (ip("10.0.0.6"), 0, 0)]);
}

/// A deleted server waits in the trash while connections use it; added back
/// it returns with its counters. Unused for 120 s after the trash timer
/// noticed, it is freed.
#[test]
fn destination_trash_revival_and_expiry() {
    let mut ipvs = lb("rr", &[("10.0.0.6", 1)]);
    open(&mut ipvs, 40000, 2, Instant::ZERO);
    ipvs.del_dest(&FWM, ip("10.0.0.6"), 0, secs(1)).unwrap();
    assert!(ipvs.dests(ipvs.service_id(&FWM).unwrap()).is_empty());
    ipvs.add_dest(&FWM, &DestConfig::new(ip("10.0.0.6"), 0, FwdMethod::Masq, 5), secs(2)).unwrap();
    let d = &ipvs.dests(ipvs.service_id(&FWM).unwrap())[0];
    assert_eq!((d.weight, d.active_conns, d.stats.conns), (5, 2, 2));
    // Deleted again; its connections expire at 60 s (SYN_RECV).
    ipvs.del_dest(&FWM, ip("10.0.0.6"), 0, secs(3)).unwrap();
    // Trash timer at 63 s sees it unused, frees it 120 s later (the 183 s tick).
    ipvs.expire(secs(182));
    ipvs.add_dest(&FWM, &DestConfig::new(ip("10.0.0.6"), 0, FwdMethod::Masq, 1), secs(182)).unwrap();
    assert_eq!(ipvs.dests(ipvs.service_id(&FWM).unwrap())[0].stats.conns, 2);
    // Deleted at 182: ticks at 242 (idle from now), 302, 362 (freed).
    ipvs.del_dest(&FWM, ip("10.0.0.6"), 0, secs(182)).unwrap();
    ipvs.add_dest(&FWM, &DestConfig::new(ip("10.0.0.6"), 0, FwdMethod::Masq, 1), secs(361)).unwrap();
    assert_eq!(ipvs.dests(ipvs.service_id(&FWM).unwrap())[0].stats.conns, 2);
    ipvs.del_dest(&FWM, ip("10.0.0.6"), 0, secs(361)).unwrap();
    ipvs.add_dest(&FWM, &DestConfig::new(ip("10.0.0.6"), 0, FwdMethod::Masq, 1), secs(600)).unwrap();
    assert_eq!(ipvs.dests(ipvs.service_id(&FWM).unwrap())[0].stats.conns, 0);
}

#[test]
fn one_packet_udp_connections_go_after_their_packet() {
    let mut ipvs = Ipvs::new();
    let key = ServiceKey::Udp(ip("10.0.0.5"), 53);
    ipvs.add_service(&ServiceConfig { flags: SVC_F_ONEPACKET, ..ServiceConfig::new(key, "rr") }).unwrap();
    for a in ["10.0.0.6", "10.0.0.7"] {
        ipvs.add_dest(&key, &DestConfig::new(ip(a), 53, FwdMethod::Masq, 1), Instant::ZERO).unwrap();
    }
    let mut servers = Vec::new();
    for _ in 0..3 {
        let InVerdict::Forward { conn, new: true } = ipvs.process_in(&udp("192.168.56.1", 5353, "10.0.0.5", 53, 10), 0, false, secs(1)) else { panic!() };
        servers.push(ipvs.expire(secs(1)).iter().find(|c| c.id == conn).map(|c| c.daddr.to_string()));
    }
    assert_eq!(servers, [Some("10.0.0.7".to_string()), Some("10.0.0.6".to_string()), Some("10.0.0.7".to_string())]);
}

#[test]
fn rate_estimator_samples_every_two_seconds() {
    let mut ipvs = lb("rr", &[("10.0.0.6", 1)]);
    for s in 0..40u64 {
        // 4 new connections per 2 seconds.
        open(&mut ipvs, 10000 + (s as u16) * 2, 2, secs(s));
    }
    ipvs.expire(secs(40));
    let r = ipvs.service(ipvs.service_id(&FWM).unwrap()).unwrap().stats.rates();
    assert_eq!((r.cps, r.inpps, r.inbps), (2, 2, 80));
}

/// A server deleted before any sample keeps its counters in the trash;
/// revived after the service's own averages have decayed to nothing, it is
/// sampled again at the next tick (the estimator's shortcut for "nothing
/// moved" must not skip it).
#[test]
fn revived_server_is_sampled_after_an_idle_spell() {
    let mut ipvs = lb("rr", &[("10.0.0.6", 1)]);
    open(&mut ipvs, 10000, 4, secs(1));
    ipvs.del_dest(&FWM, ip("10.0.0.6"), 0, secs(1)).unwrap();
    ipvs.expire(secs(100));
    assert!(ipvs.service(ipvs.service_id(&FWM).unwrap()).unwrap().stats.estimator_idle());
    ipvs.add_dest(&FWM, &DestConfig::new(ip("10.0.0.6"), 0, FwdMethod::Masq, 1), secs(100)).unwrap();
    let dest_stats = |ipvs: &Ipvs| ipvs.dests.values().find(|d| d.addr == ip("10.0.0.6")).unwrap().stats.clone();
    let revived = dest_stats(&ipvs);
    assert!(!revived.estimator_idle());
    let mut sampled = revived.clone();
    sampled.estimate();
    ipvs.expire(secs(102));
    assert_eq!(dest_stats(&ipvs), sampled);
}

// ----- control plane ---------------------------------------------------------

#[test]
fn control_plane_errors_change_nothing() {
    let mut ipvs = lb("rr", &[("10.0.0.6", 1)]);
    let before = ipvs.clone();
    let d = |a: &str, w| DestConfig::new(ip(a), 0, FwdMethod::Masq, w);
    let other = ServiceKey::Fwmark(272);
    assert_eq!(ipvs.add_service(&ServiceConfig::new(FWM, "rr")), Err(IpvsError::Exists));
    assert_eq!(ipvs.add_service(&ServiceConfig::new(other, "bogus")), Err(IpvsError::NotFound));
    assert_eq!(ipvs.add_service(&ServiceConfig { pe_name: Some("sip".into()), ..ServiceConfig::new(other, "rr") }), Err(IpvsError::NotFound));
    assert_eq!(ipvs.edit_service(&ServiceConfig::new(other, "rr")), Err(IpvsError::NoService));
    assert_eq!(ipvs.edit_service(&ServiceConfig::new(FWM, "bogus")), Err(IpvsError::NotFound));
    assert_eq!(ipvs.del_service(&other, Instant::ZERO), Err(IpvsError::NoService));
    assert_eq!(ipvs.add_dest(&other, &d("10.0.0.7", 1), Instant::ZERO), Err(IpvsError::NoService));
    assert_eq!(ipvs.add_dest(&FWM, &d("10.0.0.6", 1), Instant::ZERO), Err(IpvsError::Exists));
    assert_eq!(ipvs.add_dest(&FWM, &d("10.0.0.7", -1), Instant::ZERO), Err(IpvsError::Range));
    assert_eq!(ipvs.add_dest(&FWM, &DestConfig { l_threshold: 2, ..d("10.0.0.7", 1) }, Instant::ZERO), Err(IpvsError::Range));
    for bad in ["0.0.0.0", "255.255.255.255", "224.0.0.1", "0.1.2.3"] {
        assert_eq!(ipvs.add_dest(&FWM, &d(bad, 1), Instant::ZERO), Err(IpvsError::Invalid), "{bad}");
    }
    let gue = Tunnel { kind: TunnelKind::Gue, port: 0, csum: TunnelCsum::NoCsum };
    assert_eq!(ipvs.add_dest(&FWM, &DestConfig { tunnel: gue, ..d("10.0.0.7", 1) }, Instant::ZERO), Err(IpvsError::Invalid));
    assert_eq!(ipvs.edit_dest(&FWM, &d("10.0.0.7", 1)), Err(IpvsError::NotFound));
    assert_eq!(ipvs.del_dest(&FWM, ip("10.0.0.7"), 0, Instant::ZERO), Err(IpvsError::NotFound));
    assert_eq!(ipvs.zero(Some(&other)), Err(IpvsError::NoService));
    assert_eq!(ipvs, before);
}

#[test]
fn find_service_prefers_fwmark_then_exact_then_ftp_then_port_zero() {
    let mut ipvs = Ipvs::new();
    let vip = ip("10.0.0.5");
    for key in [FWM, ServiceKey::Tcp(vip, 80), ServiceKey::Tcp(vip, 21)] {
        ipvs.add_service(&ServiceConfig::new(key, "rr")).unwrap();
    }
    ipvs.add_service(&ServiceConfig { flags: SVC_F_PERSISTENT, timeout: 60, ..ServiceConfig::new(ServiceKey::Udp(vip, 0), "rr") }).unwrap();
    let id = |k| ipvs.service_id(&k);
    assert_eq!(ipvs.find_service(proto::TCP, vip, 80, 271), id(FWM));
    assert_eq!(ipvs.find_service(proto::UDP, vip, 80, 271), id(FWM));
    assert_eq!(ipvs.find_service(proto::TCP, vip, 80, 5), id(ServiceKey::Tcp(vip, 80)));
    assert_eq!(ipvs.find_service(proto::TCP, vip, 20, 0), id(ServiceKey::Tcp(vip, 21)));
    assert_eq!(ipvs.find_service(proto::TCP, vip, 5000, 0), id(ServiceKey::Tcp(vip, 21)));
    assert_eq!(ipvs.find_service(proto::TCP, vip, 443, 0), None);
    assert_eq!(ipvs.find_service(proto::UDP, vip, 53, 0), id(ServiceKey::Udp(vip, 0)));
    assert_eq!(ipvs.find_service(proto::UDP, ip("10.0.0.9"), 53, 0), None);
}

#[test]
fn flush_and_service_table_order() {
    let mut ipvs = Ipvs::new();
    let keys = [ServiceKey::Fwmark(300), ServiceKey::Tcp(ip("10.0.0.5"), 80), ServiceKey::Fwmark(44), ServiceKey::Udp(ip("10.0.0.5"), 53)];
    for k in keys {
        ipvs.add_service(&ServiceConfig::new(k, "rr")).unwrap();
    }
    // Address table first: tcp 80 -> (6^0x0a000005^0^80)&255 = 0x53, udp 53 -> 0x21;
    // then fwmarks 300 (bucket 44) and 44 (bucket 44, newer first).
    let order: Vec<_> = ipvs.services().iter().map(|s| s.key).collect();
    assert_eq!(order, [keys[3], keys[1], keys[2], keys[0]]);
    ipvs.flush(Instant::ZERO);
    assert!(ipvs.services().is_empty());
}

// ----- properties ------------------------------------------------------------

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// One step of a random workload.
    #[derive(Clone, Debug)]
    enum Op {
        AddDest(u8, i32),
        EditDest(u8, i32, u32),
        DelDest(u8),
        Sched(&'static str, bool),
        In(u8, u16, u8, bool),
        Out(u8, u8, u16, u8),
        Advance(u64),
        Sysctl(bool, u8, bool),
    }

    fn op() -> impl Strategy<Value = Op> {
        let sched = prop::sample::select(vec!["rr", "wrr", "lc", "wlc", "sed", "nq", "sh", "dh", "none"]);
        let flags = prop::sample::select(vec![0x02u8, 0x12, 0x10, 0x11, 0x04, 0x18, 0x00, 0x14]);
        prop_oneof![
            (0u8..4, 0i32..4).prop_map(|(d, w)| Op::AddDest(d, w)),
            (0u8..4, 0i32..4, 0u32..3).prop_map(|(d, w, u)| Op::EditDest(d, w, u)),
            (0u8..4).prop_map(Op::DelDest),
            (sched, any::<bool>()).prop_map(|(s, p)| Op::Sched(s, p)),
            (0u8..4, 0u16..4, flags.clone(), any::<bool>()).prop_map(|(c, p, f, ct)| Op::In(c, p, f, ct)),
            (0u8..4, 0u8..4, 0u16..4, flags).prop_map(|(d, c, p, f)| Op::Out(d, c, p, f)),
            prop::sample::select(vec![0u64, 1, 30, 61, 121, 400, 1000]).prop_map(Op::Advance),
            (any::<bool>(), 0u8..4, any::<bool>()).prop_map(|(a, b, c)| Op::Sysctl(a, b, c)),
        ]
    }

    /// ActiveConn/InActConn/PersistConn always equal what the connection
    /// table holds, and every connection's server exists.
    fn check_counters(ipvs: &Ipvs) {
        for (id, d) in &ipvs.dests {
            let mine: Vec<&Conn> = ipvs.conns.values().filter(|c| c.dest == Some(*id)).collect();
            let persist = mine.iter().filter(|c| c.is_template()).count() as u32;
            let active = mine.iter().filter(|c| !c.is_template() && !c.inactive).count() as u32;
            let inact = mine.iter().filter(|c| !c.is_template() && c.inactive).count() as u32;
            assert_eq!((d.active_conns, d.inact_conns, d.persist_conns), (active, inact, persist), "{}", d.addr);
        }
        for c in ipvs.conns.values() {
            assert!(c.dest.is_some_and(|d| ipvs.dests.contains_key(&d)));
            if let Some(ct) = c.control {
                assert!(ipvs.conns.contains_key(&ct));
            }
            let controlled = ipvs.conns.values().filter(|x| x.control == Some(c.id)).count() as u32;
            assert_eq!(c.n_control, controlled);
        }
        for svc in ipvs.services.values() {
            for d in &svc.dests {
                assert!(ipvs.dests.get(d).is_some_and(|x| x.available));
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

        #[test]
        fn random_workloads_keep_the_counters_true(ops in prop::collection::vec(op(), 1..60)) {
            let mut ipvs = lb("rr", &[("10.0.0.6", 1)]);
            let mut now = Instant::ZERO;
            let dest = |d: u8| Ipv4Addr::new(10, 0, 0, 6 + d);
            let client = |c: u8| format!("192.168.56.{}", c + 1);
            for op in ops {
                match op {
                    Op::AddDest(d, w) => { let _ = ipvs.add_dest(&FWM, &DestConfig::new(dest(d), 0, FwdMethod::Masq, w), now); }
                    Op::EditDest(d, w, u) => { let _ = ipvs.edit_dest(&FWM, &DestConfig { u_threshold: u, ..DestConfig::new(dest(d), 0, FwdMethod::Masq, w) }); }
                    Op::DelDest(d) => { let _ = ipvs.del_dest(&FWM, dest(d), 0, now); }
                    Op::Sched(s, p) => {
                        let flags = if p { SVC_F_PERSISTENT } else { 0 };
                        ipvs.edit_service(&ServiceConfig { flags, timeout: 100, ..ServiceConfig::new(FWM, s) }).unwrap();
                    }
                    Op::In(c, p, f, ct) => { ipvs.process_in(&tcp(&client(c), 40000 + p, "172.18.0.2", 8080, f), 271, ct, now); }
                    Op::Out(d, c, p, f) => { ipvs.process_out(&tcp(&dest(d).to_string(), 8080, &client(c), 40000 + p, f), now); }
                    Op::Advance(s) => { now += Duration::from_secs(s); ipvs.expire(now); }
                    Op::Sysctl(ct, reuse, nodest) => {
                        ipvs.sysctl.conntrack = ct;
                        ipvs.sysctl.conn_reuse_mode = reuse;
                        ipvs.sysctl.expire_nodest_conn = nodest;
                    }
                }
                check_counters(&ipvs);
                check_indexes(&ipvs);
            }
            // Everything drains: connections, templates, and the trash.
            ipvs.expire(now + Duration::from_secs(3600));
            prop_assert_eq!(ipvs.conns().count(), 0);
            prop_assert!(ipvs.trash.is_empty());
            check_counters(&ipvs);
        }

        #[test]
        fn arbitrary_packets_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..80), mark in 0u32..300) {
            let mut ipvs = lb("rr", &[("10.0.0.6", 1)]);
            ipvs.process_in(&bytes, mark, false, Instant::ZERO);
            ipvs.process_out(&bytes, Instant::ZERO);
            let t = Tuple { src: ip("1.1.1.1"), dst: ip("2.2.2.2"), proto: bytes.first().copied().unwrap_or(6), src_port: 1, dst_port: 2 };
            let svc = ipvs.service_id(&FWM).unwrap();
            if let Ok(id) = ipvs.schedule(svc, &t, Instant::ZERO) {
                ipvs.conn_packet(id, Dir::Input, &bytes, Instant::ZERO);
                ipvs.conn_packet(id, Dir::Output, &bytes, Instant::ZERO);
            }
            check_counters(&ipvs);
        }
    }

    /// The end of virtual time neither hangs nor panics.
    #[test]
    fn timers_at_the_end_of_time_terminate() {
        let mut ipvs = Ipvs::new();
        ipvs.add_service(&ServiceConfig { flags: SVC_F_PERSISTENT, timeout: 360, ..ServiceConfig::new(FWM, "rr") }).unwrap();
        ipvs.add_dest(&FWM, &DestConfig::new(ip("10.0.0.6"), 0, FwdMethod::Masq, 1), Instant::ZERO).unwrap();
        let end = Instant(u64::MAX);
        ipvs.process_in(&tcp("192.168.56.1", 1, "172.18.0.2", 8080, SYN), 271, false, end);
        ipvs.del_dest(&FWM, ip("10.0.0.6"), 0, end).unwrap();
        ipvs.expire(end);
        assert_eq!(ipvs.conns().count(), 0);
    }
}

/// Byte counters add the IP total length (`skb->len`), not link padding.
#[test]
fn byte_counters_ignore_padding_after_the_ip_packet() {
    let mut ipvs = lb("rr", &[("10.0.0.6", 1)]);
    let mut p = tcp("192.168.56.1", 40000, "172.18.0.2", 8080, SYN);
    p.extend([0u8; 6]);
    ipvs.process_in(&p, 271, false, Instant::ZERO);
    assert_eq!(ipvs.service(ipvs.service_id(&FWM).unwrap()).unwrap().stats.inbytes, 40);
}

/// The lookup indexes, the timers and the service index always agree
/// with the tables.
fn check_indexes(ipvs: &Ipvs) {
    let mut by_in = std::collections::BTreeSet::new();
    let mut by_out = std::collections::BTreeSet::new();
    for c in ipvs.conns.values().filter(|c| !c.is_template()) {
        by_in.insert((lookup_key(c.proto, c.caddr, c.cport, c.vaddr, c.vport), c.id));
        by_out.insert((lookup_key(c.proto, c.daddr, c.dport, c.caddr, c.cport), c.id));
    }
    assert_eq!(ipvs.by_in, by_in);
    assert_eq!(ipvs.by_out, by_out);
    let timers: std::collections::BTreeSet<_> = ipvs.conns.values().map(|c| (c.expires, c.n_control > 0, c.id)).collect();
    assert_eq!(ipvs.timers, timers);
    let keys: std::collections::BTreeMap<_, _> = ipvs.services.values().map(|s| (s.key, s.id)).collect();
    assert_eq!(ipvs.service_by_key, keys);
}

/// A service is found by its key from its creation until it is deleted or
/// flushed; a freed key can be used again.
#[test]
fn services_are_found_by_key_until_deleted() {
    let mut ipvs = Ipvs::new();
    let web = ServiceKey::Tcp(ip("10.0.0.1"), 80);
    let a = ipvs.add_service(&ServiceConfig::new(FWM, "rr")).unwrap();
    let b = ipvs.add_service(&ServiceConfig::new(web, "wlc")).unwrap();
    assert_eq!(ipvs.add_service(&ServiceConfig::new(FWM, "rr")), Err(IpvsError::Exists));
    assert_eq!((ipvs.service_id(&FWM), ipvs.service_id(&web)), (Some(a), Some(b)));
    check_indexes(&ipvs);
    ipvs.del_service(&FWM, Instant::ZERO).unwrap();
    assert_eq!((ipvs.service_id(&FWM), ipvs.service_id(&web)), (None, Some(b)));
    assert_eq!(ipvs.del_service(&FWM, Instant::ZERO), Err(IpvsError::NoService));
    let c = ipvs.add_service(&ServiceConfig::new(FWM, "rr")).unwrap();
    assert_eq!(ipvs.service_id(&FWM), Some(c));
    assert_ne!(c, a);
    ipvs.flush(Instant::ZERO);
    assert_eq!((ipvs.service_id(&FWM), ipvs.service_id(&web)), (None, None));
    check_indexes(&ipvs);
}
