//! Rule-walk semantics with hand-made packets: the tables are built with
//! the iptables tool, then [`Netfilter::run`] walks them as the kernel's
//! `ipt_do_table` does.

use std::net::Ipv4Addr;

use super::transcripts::run as sh;
use crate::net::{CtDir, CtState, Hook, NatRange, Tuple, proto};
use crate::netfilter::{AddrType, CtInfo, CtStatus, IpvsConn, IpvsMethod, NatTarget, Netfilter, NfEnv, NfPacket, NfResult, NfVerdict, RejectWith, TableName};
use crate::rng::Rng;

const TCP_SYN: u8 = 0x02;
const TCP_ACK: u8 = 0x10;

/// An IPv4 header (ID 0x1c46, DF, TTL 64) and payload.
fn ipv4(src: [u8; 4], dst: [u8; 4], protocol: u8, payload: &[u8]) -> Vec<u8> {
    let len = (20 + payload.len()) as u16;
    let mut p = vec![0x45, 0x00];
    p.extend_from_slice(&len.to_be_bytes());
    p.extend_from_slice(&[0x1c, 0x46, 0x40, 0x00, 64, protocol, 0, 0]);
    p.extend_from_slice(&src);
    p.extend_from_slice(&dst);
    p.extend_from_slice(payload);
    p
}

fn tcp(src: [u8; 4], dst: [u8; 4], sport: u16, dport: u16, flags: u8) -> Vec<u8> {
    let mut t = Vec::new();
    t.extend_from_slice(&sport.to_be_bytes());
    t.extend_from_slice(&dport.to_be_bytes());
    t.extend_from_slice(&[0, 0, 0, 1, 0, 0, 0, 0, 0x50, flags, 0xfa, 0xf0, 0, 0, 0, 0]);
    ipv4(src, dst, proto::TCP, &t)
}

fn udp(src: [u8; 4], dst: [u8; 4], sport: u16, dport: u16) -> Vec<u8> {
    let mut u = Vec::new();
    u.extend_from_slice(&sport.to_be_bytes());
    u.extend_from_slice(&dport.to_be_bytes());
    u.extend_from_slice(&[0, 12, 0, 0, b'd', b'n', b's', b'!']);
    ipv4(src, dst, proto::UDP, &u)
}

fn icmp(src: [u8; 4], dst: [u8; 4], kind: u8, code: u8) -> Vec<u8> {
    ipv4(src, dst, proto::ICMP, &[kind, code, 0, 0, 0x12, 0x34, 0, 1])
}

fn packet(l3: &[u8]) -> NfPacket<'_> {
    NfPacket { l3, in_dev: None, out_dev: None, mac_header: None, mark: 0, ct: None, ipvs_property: false, ipvs_conn: None, nf_trace: false }
}

/// A namespace programmed with iptables command lines.
fn netfilter(lines: &[&str]) -> Netfilter {
    let mut nf = Netfilter::new();
    for l in lines {
        let o = sh(&mut nf, l, "");
        assert!(o.success(), "{l}: {o:?}");
    }
    nf
}

/// Addresses of the node in these tests: 192.168.56.11 and 172.18.0.1 are
/// local, 255.255.255.255 broadcast, the rest unicast.
fn addr_type(a: Ipv4Addr, _dev: Option<&str>) -> AddrType {
    match a.octets() {
        [192, 168, 56, 11] | [172, 18, 0, 1] | [127, ..] => AddrType::Local,
        [255, 255, 255, 255] => AddrType::Broadcast,
        _ => AddrType::Unicast,
    }
}

fn walk(nf: &mut Netfilter, table: TableName, hook: Hook, pkt: &NfPacket) -> NfResult {
    let mut rng = Rng::new(1, "netfilter-test");
    let mut env = NfEnv { addr_type: &addr_type, rng: &mut rng, trace: true };
    nf.run(table, hook, pkt, &mut env)
}

/// `(chain, rule_num, outcome)` of every step.
fn steps(r: &NfResult) -> Vec<(String, usize, String)> {
    r.walk.iter().map(|s| (s.chain.clone(), s.rule_num, s.outcome.clone())).collect()
}

fn st(chain: &str, n: usize, outcome: &str) -> (String, usize, String) {
    (chain.to_string(), n, outcome.to_string())
}

fn listing(nf: &mut Netfilter, cmd: &str) -> String {
    sh(nf, cmd, "").stdout
}

const CLIENT: [u8; 4] = [192, 168, 56, 1];
const NODE: [u8; 4] = [192, 168, 56, 11];

#[test]
fn jump_returns_to_the_next_rule_but_goto_returns_past_the_caller() {
    let mut nf = netfilter(&[
        "iptables -N J",
        "iptables -N G",
        "iptables -A J -j RETURN",
        "iptables -A G -j RETURN",
        "iptables -A INPUT -p tcp -j J",
        "iptables -A INPUT -p tcp -g G",
        "iptables -A INPUT -j DROP",
    ]);
    let p = tcp(CLIENT, NODE, 40000, 80, TCP_SYN);
    let r = walk(&mut nf, TableName::Filter, Hook::Input, &packet(&p));
    assert_eq!(
        steps(&r),
        [st("INPUT", 1, "jump J"), st("J", 1, "RETURN"), st("INPUT", 2, "goto G"), st("G", 1, "RETURN"), st("INPUT", 0, "ACCEPT"),],
        "RETURN from G has no frame to pop: INPUT's policy decides, rule 3 is skipped"
    );
    assert_eq!(r.verdict, NfVerdict::Accept);

    // Falling off the end of a user chain is a RETURN too.
    let mut nf = netfilter(&["iptables -N EMPTY", "iptables -A INPUT -j EMPTY", "iptables -A INPUT -j DROP"]);
    let r = walk(&mut nf, TableName::Filter, Hook::Input, &packet(&p));
    assert_eq!(steps(&r), [st("INPUT", 1, "jump EMPTY"), st("EMPTY", 0, "RETURN"), st("INPUT", 2, "DROP")]);
    assert_eq!(r.verdict, NfVerdict::Drop);
}

#[test]
fn goto_chains_nest_and_return_to_the_last_jump() {
    let mut nf = netfilter(&[
        "iptables -N A",
        "iptables -N B",
        "iptables -A A -g B",
        "iptables -A A -j DROP",
        "iptables -A B -j RETURN",
        "iptables -A INPUT -j A",
        "iptables -A INPUT -j LOG --log-prefix after-A",
    ]);
    let p = tcp(CLIENT, NODE, 40000, 80, TCP_SYN);
    let r = walk(&mut nf, TableName::Filter, Hook::Input, &packet(&p));
    assert_eq!(
        steps(&r),
        [st("INPUT", 1, "jump A"), st("A", 1, "goto B"), st("B", 1, "RETURN"), st("INPUT", 2, "LOG level warn prefix \"after-A\""), st("INPUT", 0, "ACCEPT"),],
        "RETURN from B (reached by goto from A) resumes after the jump to A"
    );
}

#[test]
fn counters_count_layer3_bytes_and_policies_count_every_fall_through() {
    let mut nf = netfilter(&["iptables -A INPUT -p udp -j ACCEPT", "iptables -A INPUT -p tcp --dport 22 -j DROP"]);
    let syn = tcp(CLIENT, NODE, 40000, 80, TCP_SYN);
    let dns = udp(CLIENT, NODE, 5353, 53);
    for _ in 0..3 {
        walk(&mut nf, TableName::Filter, Hook::Input, &packet(&syn));
    }
    walk(&mut nf, TableName::Filter, Hook::Input, &packet(&dns));
    assert_eq!(
        listing(&mut nf, "iptables -vnL INPUT"),
        "Chain INPUT (policy ACCEPT 3 packets, 120 bytes)\n \
         pkts bytes target     prot opt in     out     source               destination         \n    \
         1    32 ACCEPT     udp  --  *      *       0.0.0.0/0            0.0.0.0/0           \n    \
         0     0 DROP       tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:22\n"
    );
    // Any change replaces the table: libiptc zeroes the policy counters,
    // rule counters survive.
    sh(&mut nf, "iptables -A FORWARD -j ACCEPT", "");
    let l = listing(&mut nf, "iptables -vnL INPUT");
    assert!(l.starts_with("Chain INPUT (policy ACCEPT 0 packets, 0 bytes)\n"), "{l}");
    assert!(l.contains("    1    32 ACCEPT"), "{l}");
}

#[test]
fn tables_no_tool_touched_do_nothing() {
    let mut nf = Netfilter::new();
    assert!(nf.is_empty(TableName::Nat, Hook::Prerouting));
    let p = tcp(CLIENT, NODE, 40000, 80, TCP_SYN);
    let r = walk(&mut nf, TableName::Nat, Hook::Prerouting, &packet(&p));
    assert_eq!((r.verdict, r.walk.len()), (NfVerdict::Accept, 0));
    sh(&mut nf, "iptables -t nat -S", "");
    assert!(!nf.is_empty(TableName::Nat, Hook::Prerouting));
    assert!(nf.is_empty(TableName::Nat, Hook::Forward), "nat has no FORWARD chain");
    walk(&mut nf, TableName::Nat, Hook::Prerouting, &packet(&p));
    assert!(listing(&mut nf, "iptables -t nat -vnL PREROUTING").starts_with("Chain PREROUTING (policy ACCEPT 1 packets, 40 bytes)"));
}

#[test]
fn bytes_that_are_not_ipv4_are_dropped_untouched() {
    let mut nf = netfilter(&["iptables -A INPUT -j ACCEPT"]);
    for junk in [&[][..], &[0x45, 0, 0][..], &[0x60; 40][..], &[0x4f; 20][..]] {
        let r = walk(&mut nf, TableName::Filter, Hook::Input, &packet(junk));
        assert_eq!(r.verdict, NfVerdict::Drop);
    }
    assert!(listing(&mut nf, "iptables -vnL INPUT").contains("    0     0 ACCEPT"));
}

#[test]
fn mark_targets_do_the_xmark_arithmetic() {
    let mut nf = netfilter(&[
        "iptables -t mangle -A PREROUTING -j MARK --set-mark 0x10f",
        "iptables -t mangle -A PREROUTING -m mark --mark 0x10f -j MARK --or-mark 0x3000",
        "iptables -t mangle -A PREROUTING -j MARK --and-mark 0xff0f",
        "iptables -t mangle -A PREROUTING -j MARK --xor-mark 0x1",
        "iptables -t mangle -A PREROUTING -j MARK --set-xmark 0x20/0xf0",
    ]);
    let p = tcp(CLIENT, NODE, 40000, 8080, TCP_SYN);
    let mut pkt = packet(&p);
    pkt.mark = 0xdead_0000;
    let r = walk(&mut nf, TableName::Mangle, Hook::Prerouting, &pkt);
    // 0x10f → | 0x3000 = 0x310f → & 0xff0f = 0x310f → ^ 1 = 0x310e
    // → (& !0xf0) ^ 0x20 = 0x312e
    assert_eq!(r.mark, 0x312e);
    let mut m = 0u32;
    for (v, mask) in [(0x10fu32, u32::MAX), (0x3000, 0x3000), (0, !0xff0f), (1, 0), (0x20, 0xf0)] {
        m = (m & !mask) ^ v;
    }
    assert_eq!(m, r.mark);
}

#[test]
fn connmark_saves_and_restores_through_the_conntrack_mark() {
    let mut nf = netfilter(&[
        "iptables -t mangle -A PREROUTING -m connmark --mark 0 -j CONNMARK --set-mark 0x7",
        "iptables -t mangle -A PREROUTING -j MARK --set-mark 0x100",
        "iptables -t mangle -A PREROUTING -j CONNMARK --save-mark --mask 0xf00",
        "iptables -t mangle -A PREROUTING -m connmark --mark 0x107 -j CONNMARK --restore-mark --mask 0xff",
    ]);
    let p = tcp(CLIENT, NODE, 40000, 8080, TCP_SYN);
    let mut pkt = packet(&p);
    pkt.ct = Some(ct(CtState::New, CtDir::Original, 0));
    let r = walk(&mut nf, TableName::Mangle, Hook::Prerouting, &pkt);
    assert_eq!(r.ctmark, Some(0x107), "set 0x7, then save the 0x100 of the packet under 0xf00");
    assert_eq!(r.mark, 0x107, "restore copies the low byte of the conntrack mark");

    // Without a conntrack entry CONNMARK does nothing and connmark never matches.
    let r = walk(&mut nf, TableName::Mangle, Hook::Prerouting, &packet(&p));
    assert_eq!((r.ctmark, r.mark), (None, 0x100));
}

fn ct(state: CtState, dir: CtDir, status: u32) -> CtInfo {
    let orig = Tuple { src: Ipv4Addr::new(192, 168, 56, 1), dst: Ipv4Addr::new(192, 168, 56, 11), proto: proto::TCP, src_port: 51000, dst_port: 8080 };
    let reply = Tuple { src: Ipv4Addr::new(172, 18, 0, 2), dst: orig.src, proto: proto::TCP, src_port: 8080, dst_port: 51000 };
    CtInfo { state, dir, orig, reply, status, mark: 0, expires_secs: 117 }
}

#[test]
fn addrtype_asks_the_routing_tables() {
    let seen = std::cell::RefCell::new(Vec::new());
    let lookup = |a: Ipv4Addr, dev: Option<&str>| {
        seen.borrow_mut().push((a, dev.map(str::to_string)));
        addr_type(a, dev)
    };
    let mut nf = netfilter(&[
        "iptables -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j RETURN",
        "iptables -t nat -A PREROUTING -m addrtype --dst-type BROADCAST,MULTICAST --limit-iface-in -j RETURN",
        "iptables -t nat -A PREROUTING -m addrtype ! --src-type UNICAST -j RETURN",
    ]);
    let mut rng = Rng::new(1, "t");
    let mut env = NfEnv { addr_type: &lookup, rng: &mut rng, trace: true };
    let to_node = tcp(CLIENT, NODE, 1, 2, TCP_SYN);
    let r = nf.run(TableName::Nat, Hook::Prerouting, &packet(&to_node), &mut env);
    assert_eq!(r.walk[0].outcome, "RETURN");

    let bcast = udp(CLIENT, [255, 255, 255, 255], 68, 67);
    let mut pkt = packet(&bcast);
    pkt.in_dev = Some("eth0");
    seen.borrow_mut().clear();
    let r = nf.run(TableName::Nat, Hook::Prerouting, &pkt, &mut env);
    assert_eq!(r.walk[0].failed_at.as_deref(), Some("--dst-type LOCAL"));
    assert_eq!(r.walk[1].outcome, "RETURN");
    assert_eq!(
        seen.borrow().clone(),
        [(Ipv4Addr::BROADCAST, None), (Ipv4Addr::BROADCAST, Some("eth0".to_string()))],
        "--limit-iface-in asks about the input device"
    );

    let from_local = tcp([127, 0, 0, 1], [10, 0, 0, 9], 1, 2, TCP_SYN);
    let r = nf.run(TableName::Nat, Hook::Prerouting, &packet(&from_local), &mut env);
    assert_eq!(
        steps(&r)[2..],
        [st("PREROUTING", 3, "RETURN"), st("PREROUTING", 0, "ACCEPT")],
        "! --src-type UNICAST matches LOCAL; RETURN in a built-in chain applies its policy"
    );
}

#[test]
fn statistic_nth_counts_per_rule_and_restarts_with_the_table() {
    let mut nf = netfilter(&[
        "iptables -N EVERY3",
        "iptables -A EVERY3 -m statistic --mode nth --every 3 --packet 0 -j MARK --set-mark 1",
        "iptables -A EVERY3 -m statistic --mode nth --every 3 --packet 2 -j MARK --set-mark 2",
        "iptables -t mangle -A PREROUTING -m statistic --mode nth --every 2 --packet 1 -j MARK --set-mark 9",
        "iptables -A INPUT -j EVERY3",
    ]);
    let p = tcp(CLIENT, NODE, 1, 2, TCP_SYN);
    let marks: Vec<u32> = (0..7).map(|_| walk(&mut nf, TableName::Filter, Hook::Input, &packet(&p)).mark).collect();
    // count starts at every-1-packet; each packet advances it, the rule
    // matches when it reaches --packet.
    assert_eq!(marks, [1, 2, 0, 1, 2, 0, 1]);
    let mangle: Vec<u32> = (0..4).map(|_| walk(&mut nf, TableName::Mangle, Hook::Prerouting, &packet(&p)).mark).collect();
    assert_eq!(mangle, [9, 0, 9, 0]);

    // Replacing the filter table (any iptables change) restarts its counters.
    sh(&mut nf, "iptables -A FORWARD -j ACCEPT", "");
    assert_eq!(walk(&mut nf, TableName::Filter, Hook::Input, &packet(&p)).mark, 1);
}

#[test]
fn statistic_random_draws_from_the_world_rng() {
    let mut nf = netfilter(&["iptables -A INPUT -m statistic --mode random --probability 0.25 -j DROP"]);
    let p = tcp(CLIENT, NODE, 1, 2, TCP_SYN);
    let mut rng = Rng::new(42, "lb");
    let mut env = NfEnv { addr_type: &addr_type, rng: &mut rng, trace: false };
    let drops = (0..4000).filter(|_| nf.run(TableName::Filter, Hook::Input, &packet(&p), &mut env).verdict == NfVerdict::Drop).count();
    assert!((850..1150).contains(&drops), "{drops} of 4000 dropped");
    // The same seed gives the same draws.
    let mut nf2 = netfilter(&["iptables -A INPUT -m statistic --mode random --probability 0.25 -j DROP"]);
    let mut rng2 = Rng::new(42, "lb");
    let mut env2 = NfEnv { addr_type: &addr_type, rng: &mut rng2, trace: false };
    let drops2 = (0..4000).filter(|_| nf2.run(TableName::Filter, Hook::Input, &packet(&p), &mut env2).verdict == NfVerdict::Drop).count();
    assert_eq!(drops, drops2);
}

#[test]
fn multiport_matches_lists_and_ranges() {
    let mut nf = netfilter(&[
        "iptables -A INPUT -p tcp -m multiport --dports 22,80,8000:8080 -j ACCEPT",
        "iptables -A INPUT -p udp -m multiport --ports 53 -j ACCEPT",
        "iptables -A INPUT -p tcp -m multiport ! --sports 1024:65535 -j REJECT",
        "iptables -A INPUT -j DROP",
    ]);
    let verdict = |nf: &mut Netfilter, l3: Vec<u8>| walk(nf, TableName::Filter, Hook::Input, &packet(&l3)).verdict;
    assert_eq!(verdict(&mut nf, tcp(CLIENT, NODE, 40000, 80, TCP_SYN)), NfVerdict::Accept);
    assert_eq!(verdict(&mut nf, tcp(CLIENT, NODE, 40000, 8000, TCP_SYN)), NfVerdict::Accept);
    assert_eq!(verdict(&mut nf, tcp(CLIENT, NODE, 40000, 8080, TCP_SYN)), NfVerdict::Accept);
    assert_eq!(verdict(&mut nf, tcp(CLIENT, NODE, 40000, 8081, TCP_SYN)), NfVerdict::Drop);
    assert_eq!(verdict(&mut nf, udp(CLIENT, NODE, 53, 40000)), NfVerdict::Accept, "--ports matches either port");
    assert_eq!(verdict(&mut nf, tcp(CLIENT, NODE, 111, 9, TCP_SYN)), NfVerdict::Reject(RejectWith::IcmpPortUnreachable));
}

#[test]
fn icmp_types_and_codes() {
    let mut nf = netfilter(&[
        "iptables -A INPUT -p icmp --icmp-type echo-request -j ACCEPT",
        "iptables -A INPUT -p icmp --icmp-type 3/4 -j ACCEPT",
        "iptables -A INPUT -p icmp ! --icmp-type destination-unreachable -j DROP",
        "iptables -A INPUT -j REJECT --reject-with icmp-admin-prohibited",
    ]);
    let verdict = |nf: &mut Netfilter, l3: Vec<u8>| walk(nf, TableName::Filter, Hook::Input, &packet(&l3)).verdict;
    assert_eq!(verdict(&mut nf, icmp(CLIENT, NODE, 8, 0)), NfVerdict::Accept);
    assert_eq!(verdict(&mut nf, icmp(CLIENT, NODE, 3, 4)), NfVerdict::Accept);
    assert_eq!(verdict(&mut nf, icmp(CLIENT, NODE, 0, 0)), NfVerdict::Drop);
    assert_eq!(verdict(&mut nf, icmp(CLIENT, NODE, 3, 3)), NfVerdict::Reject(RejectWith::IcmpAdminProhibited));
}

#[test]
fn tcp_flags_and_syn() {
    let mut nf = netfilter(&[
        "iptables -A INPUT -p tcp --syn -j LOG --log-prefix syn",
        "iptables -A INPUT -p tcp ! --syn -j LOG --log-prefix not-syn",
        "iptables -A INPUT -p tcp --tcp-flags ALL NONE -j DROP",
    ]);
    let logs = |nf: &mut Netfilter, flags: u8| {
        let p = tcp(CLIENT, NODE, 1, 2, flags);
        let r = walk(nf, TableName::Filter, Hook::Input, &packet(&p));
        (r.log.iter().map(|l| l.split("IN=").next().unwrap_or("").to_string()).collect::<Vec<_>>(), r.verdict)
    };
    assert_eq!(logs(&mut nf, TCP_SYN), (vec!["syn".to_string()], NfVerdict::Accept));
    assert_eq!(logs(&mut nf, TCP_SYN | TCP_ACK), (vec!["not-syn".to_string()], NfVerdict::Accept));
    assert_eq!(logs(&mut nf, 0), (vec!["not-syn".to_string()], NfVerdict::Drop), "a NULL scan");
}

#[test]
fn truncated_headers_are_hot_dropped() {
    let mut nf = netfilter(&["iptables -A INPUT -p tcp --dport 80 -j ACCEPT"]);
    let short = ipv4(CLIENT, NODE, proto::TCP, &[0x9c, 0x40, 0, 80, 0, 0]);
    let r = walk(&mut nf, TableName::Filter, Hook::Input, &packet(&short));
    assert_eq!(r.verdict, NfVerdict::Drop);
    assert_eq!(r.walk[0].outcome, "DROP (hotdrop: truncated TCP header)");
    assert!(listing(&mut nf, "iptables -vnL INPUT").starts_with("Chain INPUT (policy ACCEPT 0 packets"), "nothing counted");
}

#[test]
fn fragments_match_only_f_rules() {
    let mut nf = netfilter(&["iptables -A INPUT -p tcp --dport 80 -j ACCEPT", "iptables -A INPUT -f -j DROP"]);
    let mut frag = tcp(CLIENT, NODE, 1, 80, TCP_SYN);
    frag[6] = 0x00;
    frag[7] = 0x10; // offset 16 × 8 bytes
    let r = walk(&mut nf, TableName::Filter, Hook::Input, &packet(&frag));
    assert_eq!(steps(&r), [st("INPUT", 1, "continue"), st("INPUT", 2, "DROP")]);
}

#[test]
fn conntrack_states_status_and_direction() {
    let mut nf = netfilter(&[
        "iptables -A FORWARD -m conntrack --ctstate INVALID -j DROP",
        "iptables -A FORWARD -m state --state UNTRACKED -j ACCEPT",
        "iptables -A FORWARD -m conntrack --ctstate NEW --ctorigdst 192.168.56.11 --ctorigdstport 8080 -j MARK --set-mark 1",
        "iptables -A FORWARD -m conntrack --ctstate DNAT --ctdir REPLY -j MARK --set-mark 2",
        "iptables -A FORWARD -m conntrack --ctstatus ASSURED ! --ctexpire 0:60 -j MARK --set-mark 3",
        "iptables -A FORWARD -m state --state RELATED,ESTABLISHED -j ACCEPT",
        "iptables -A FORWARD -j REJECT",
    ]);
    let p = tcp(CLIENT, [172, 18, 0, 2], 51000, 8080, TCP_SYN);
    let mut pkt = packet(&p);
    assert_eq!(walk(&mut nf, TableName::Filter, Hook::Forward, &pkt).verdict, NfVerdict::Drop, "no entry is INVALID");

    pkt.ct = Some(ct(CtState::Untracked, CtDir::Original, 0));
    assert_eq!(walk(&mut nf, TableName::Filter, Hook::Forward, &pkt).verdict, NfVerdict::Accept);

    pkt.ct = Some(ct(CtState::New, CtDir::Original, CtStatus::DST_NAT));
    let r = walk(&mut nf, TableName::Filter, Hook::Forward, &pkt);
    assert_eq!((r.mark, r.verdict), (1, NfVerdict::Reject(RejectWith::IcmpPortUnreachable)), "NEW is not ESTABLISHED");

    pkt.ct = Some(ct(CtState::Established, CtDir::Reply, CtStatus::DST_NAT | CtStatus::ASSURED));
    let r = walk(&mut nf, TableName::Filter, Hook::Forward, &pkt);
    assert_eq!((r.mark, r.verdict), (3, NfVerdict::Accept), "DNAT+REPLY marks 2, ASSURED with 117 s left marks 3");
    assert!(r.walk.iter().any(|s| s.outcome == "MARK set 0x2"));

    pkt.ct = Some(ct(CtState::Established, CtDir::Original, 0));
    let r = walk(&mut nf, TableName::Filter, Hook::Forward, &pkt);
    assert_eq!(r.walk[3].failed_at.as_deref(), Some("--ctstate DNAT --ctdir REPLY"));
    assert_eq!(r.verdict, NfVerdict::Accept);
}

/// The host rules of a swarm node (libnetwork's order, see `docker.t`).
fn docker_host() -> Netfilter {
    let mut nf = Netfilter::new();
    for l in include_str!("../testdata/docker.t").lines().filter_map(|l| l.strip_prefix("$ ")) {
        if l.ends_with("-nvL") {
            break;
        }
        sh(&mut nf, l, "");
    }
    nf
}

#[test]
fn routing_mesh_host_rules_dnat_and_forward_the_published_port() {
    let mut nf = docker_host();
    // A client's SYN to the node's published port, entering eth0.
    let syn = tcp(CLIENT, NODE, 51000, 8080, TCP_SYN);
    let mut pkt = packet(&syn);
    pkt.in_dev = Some("eth0");
    pkt.ct = Some(ct(CtState::New, CtDir::Original, 0));
    let r = walk(&mut nf, TableName::Nat, Hook::Prerouting, &pkt);
    assert_eq!(steps(&r), [st("PREROUTING", 1, "jump DOCKER-INGRESS"), st("DOCKER-INGRESS", 1, "DNAT to:172.18.0.2:8080")]);
    assert_eq!(r.walk[1].spec, "-A DOCKER-INGRESS -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.18.0.2:8080");
    let to = NatRange::addr_port(Ipv4Addr::new(172, 18, 0, 2), 8080);
    assert_eq!(r.verdict, NfVerdict::Nat(NatTarget::Dnat(to)));

    // After the DNAT (conntrack rewrote it) the SYN is forwarded to
    // docker_gwbridge: DOCKER-USER returns, DOCKER-INGRESS accepts.
    let dnated = tcp(CLIENT, [172, 18, 0, 2], 51000, 8080, TCP_SYN);
    let mut fwd = packet(&dnated);
    fwd.in_dev = Some("eth0");
    fwd.out_dev = Some("docker_gwbridge");
    fwd.ct = Some(ct(CtState::New, CtDir::Original, CtStatus::DST_NAT));
    let r = walk(&mut nf, TableName::Filter, Hook::Forward, &fwd);
    assert_eq!(
        steps(&r),
        [st("FORWARD", 1, "jump DOCKER-USER"), st("DOCKER-USER", 1, "RETURN"), st("FORWARD", 2, "jump DOCKER-INGRESS"), st("DOCKER-INGRESS", 1, "ACCEPT"),]
    );

    // The reply comes back from the sandbox: the state rule accepts it.
    let reply = tcp([172, 18, 0, 2], CLIENT, 8080, 51000, TCP_SYN | TCP_ACK);
    let mut back = packet(&reply);
    back.in_dev = Some("docker_gwbridge");
    back.out_dev = Some("eth0");
    back.ct = Some(ct(CtState::Established, CtDir::Reply, CtStatus::DST_NAT | CtStatus::SEEN_REPLY));
    let r = walk(&mut nf, TableName::Filter, Hook::Forward, &back);
    assert_eq!(r.walk[3].failed_at.as_deref(), Some("--dport 8080"));
    assert_eq!(r.walk[4].spec, "-A DOCKER-INGRESS -p tcp -m state --state RELATED,ESTABLISHED -m tcp --sport 8080 -j ACCEPT");
    assert_eq!(r.verdict, NfVerdict::Accept);

    // Another port to the node falls through both chains to the policy.
    let ssh = tcp(CLIENT, NODE, 51001, 22, TCP_SYN);
    let mut pkt = packet(&ssh);
    pkt.in_dev = Some("eth0");
    let r = walk(&mut nf, TableName::Nat, Hook::Prerouting, &pkt);
    assert_eq!(
        steps(&r),
        [
            st("PREROUTING", 1, "jump DOCKER-INGRESS"),
            st("DOCKER-INGRESS", 1, "continue"),
            st("DOCKER-INGRESS", 2, "RETURN"),
            st("PREROUTING", 2, "jump DOCKER"),
            st("DOCKER", 1, "continue"),
            st("DOCKER", 2, "continue"),
            st("DOCKER", 0, "RETURN"),
            st("PREROUTING", 0, "ACCEPT"),
        ]
    );
    assert_eq!(r.walk[4].failed_at.as_deref(), Some("-i docker_gwbridge"));

    // Counters: the seed's listing shape.
    let l = listing(&mut nf, "iptables -t nat -nvL DOCKER-INGRESS");
    assert!(l.contains("    1    40 DNAT       tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:8080 to:172.18.0.2:8080\n"), "{l}");
    assert!(l.contains("    1    40 RETURN"), "{l}");
}

#[test]
fn ingress_sandbox_marks_and_snats_ipvs_traffic() {
    let mut nf = netfilter(&[
        "iptables -t mangle -A PREROUTING -p tcp --dport 8080 -j MARK --set-mark 271",
        "iptables -t nat -A POSTROUTING -m ipvs --ipvs -d 10.0.0.0/24 -j SNAT --to-source 10.0.0.2",
        "iptables -t nat -A POSTROUTING -m ipvs --vaddr 10.0.0.5 --vport 8080 --vmethod MASQ -j ACCEPT",
    ]);
    let p = tcp(CLIENT, [172, 18, 0, 2], 51000, 8080, TCP_SYN);
    assert_eq!(walk(&mut nf, TableName::Mangle, Hook::Prerouting, &packet(&p)).mark, 0x10f);

    let to_task = tcp(CLIENT, [10, 0, 0, 7], 51000, 8080, TCP_SYN);
    let mut pkt = packet(&to_task);
    let r = walk(&mut nf, TableName::Nat, Hook::Postrouting, &pkt);
    assert_eq!(r.walk[0].failed_at.as_deref(), Some("--ipvs"), "not IPVS traffic: no SNAT");
    pkt.ipvs_property = true;
    pkt.ipvs_conn = Some(IpvsConn { proto: proto::TCP, vaddr: Ipv4Addr::new(10, 0, 0, 5), vport: 8080, method: IpvsMethod::Masq, vportctl: None });
    let r = walk(&mut nf, TableName::Nat, Hook::Postrouting, &pkt);
    assert_eq!(r.verdict, NfVerdict::Nat(NatTarget::Snat(NatRange::addr(Ipv4Addr::new(10, 0, 0, 2)))));
    sh(&mut nf, "iptables -t nat -D POSTROUTING 1", "");
    let r = walk(&mut nf, TableName::Nat, Hook::Postrouting, &pkt);
    assert_eq!(steps(&r), [st("POSTROUTING", 1, "ACCEPT")]);
    pkt.ipvs_conn = None;
    let r = walk(&mut nf, TableName::Nat, Hook::Postrouting, &pkt);
    assert_eq!(r.walk[0].failed_at.as_deref(), Some("--vaddr 10.0.0.5 --vport 8080 --vmethod MASQ"), "no connection details: no match");
    assert_eq!(
        listing(&mut nf, "iptables -t nat -S POSTROUTING"),
        "-P POSTROUTING ACCEPT\n-A POSTROUTING -m ipvs --vaddr 10.0.0.5 --vport 8080 --vmethod MASQ -j ACCEPT\n"
    );
    assert!(listing(&mut nf, "iptables -t nat -nL POSTROUTING").contains(" vaddr 10.0.0.5 vport 8080 vmethod MASQ\n"));
}

#[test]
fn task_redirect_and_notrack_and_reject_verdicts() {
    let mut nf = netfilter(&[
        "iptables -t nat -A PREROUTING -d 10.0.0.6 -p tcp --dport 8080 -j REDIRECT --to-port 80",
        "iptables -t raw -A PREROUTING -p udp --dport 4789 -j CT --notrack",
        "iptables -A OUTPUT -p tcp -j REJECT --reject-with tcp-reset",
    ]);
    let p = tcp(CLIENT, [10, 0, 0, 6], 51000, 8080, TCP_SYN);
    let ports = NatRange { flags: NatRange::PROTO_SPECIFIED, min_addr: Ipv4Addr::UNSPECIFIED, max_addr: Ipv4Addr::UNSPECIFIED, min_port: 80, max_port: 80 };
    assert_eq!(walk(&mut nf, TableName::Nat, Hook::Prerouting, &packet(&p)).verdict, NfVerdict::Nat(NatTarget::Redirect(ports)));
    let vxlan = udp(CLIENT, NODE, 40000, 4789);
    let r = walk(&mut nf, TableName::Raw, Hook::Prerouting, &packet(&vxlan));
    assert!(r.notrack);
    assert_eq!(r.verdict, NfVerdict::Accept);
    assert_eq!(walk(&mut nf, TableName::Filter, Hook::Output, &packet(&p)).verdict, NfVerdict::Reject(RejectWith::TcpReset));
}

/// A 60-byte SYN as curl sends it (MSS, SACK, timestamps, window scale).
fn curl_syn() -> Vec<u8> {
    let mut t = vec![0xc7, 0x38, 0x1f, 0x90, 0, 0, 0, 1, 0, 0, 0, 0, 0xa0, 0x02, 0xfa, 0xf0, 0, 0, 0, 0];
    t.extend_from_slice(&[2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7]);
    ipv4(CLIENT, NODE, proto::TCP, &t)
}

#[test]
fn log_lines_have_the_kernel_format() {
    let mut nf = netfilter(&[
        "iptables -A INPUT -j LOG --log-prefix \"IN: \"",
        "iptables -A INPUT -j LOG --log-tcp-sequence --log-tcp-options --log-macdecode",
        "iptables -A OUTPUT -j LOG",
    ]);
    let syn = curl_syn();
    let mac = [0x02, 0x42, 0xac, 0x11, 0, 2, 0x02, 0x42, 0xac, 0x11, 0, 1, 8, 0];
    let mut pkt = packet(&syn);
    pkt.in_dev = Some("eth0");
    pkt.mac_header = Some(&mac);
    pkt.mark = 0x10f;
    let r = walk(&mut nf, TableName::Filter, Hook::Input, &pkt);
    assert_eq!(
        r.log,
        [
            "IN: IN=eth0 OUT= MAC=02:42:ac:11:00:02:02:42:ac:11:00:01:08:00 SRC=192.168.56.1 DST=192.168.56.11 LEN=60 \
             TOS=0x00 PREC=0x00 TTL=64 ID=7238 DF PROTO=TCP SPT=51000 DPT=8080 WINDOW=64240 RES=0x00 SYN URGP=0 MARK=0x10f ",
            "IN=eth0 OUT= MACSRC=02:42:ac:11:00:01 MACDST=02:42:ac:11:00:02 MACPROTO=0800 SRC=192.168.56.1 \
             DST=192.168.56.11 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=7238 DF PROTO=TCP SPT=51000 DPT=8080 SEQ=1 ACK=0 \
             WINDOW=64240 RES=0x00 SYN URGP=0 OPT (020405B40402080A000000010000000001030307) MARK=0x10f ",
        ]
    );
    let ping = icmp(NODE, CLIENT, 8, 0);
    let r = walk(&mut nf, TableName::Filter, Hook::Output, &packet(&ping));
    assert_eq!(r.log, ["IN= OUT= SRC=192.168.56.11 DST=192.168.56.1 LEN=28 TOS=0x00 PREC=0x00 TTL=64 ID=7238 DF PROTO=ICMP TYPE=8 CODE=0 ID=4660 SEQ=1 "]);
    // An ICMP error quotes the packet that caused it.
    let quoted = &udp(CLIENT, NODE, 5353, 53)[..28];
    let mut err = vec![3, 3, 0, 0, 0, 0, 0, 0];
    err.extend_from_slice(quoted);
    let unreach = ipv4(NODE, CLIENT, proto::ICMP, &err);
    let r = walk(&mut nf, TableName::Filter, Hook::Output, &packet(&unreach));
    assert_eq!(
        r.log,
        ["IN= OUT= SRC=192.168.56.11 DST=192.168.56.1 LEN=56 TOS=0x00 PREC=0x00 TTL=64 ID=7238 DF PROTO=ICMP TYPE=3 CODE=3 \
          [SRC=192.168.56.1 DST=192.168.56.11 LEN=32 TOS=0x00 PREC=0x00 TTL=64 ID=7238 DF PROTO=UDP SPT=5353 DPT=53 LEN=12 ] "]
    );
}

#[test]
fn trace_follows_the_packet_through_later_tables() {
    let mut nf = netfilter(&[
        "iptables -t raw -A PREROUTING -p tcp --dport 8080 -j TRACE",
        "iptables -N CHECK",
        "iptables -A CHECK -p udp -j DROP",
        "iptables -A INPUT -j CHECK",
        "iptables -A INPUT -p tcp -j ACCEPT",
    ]);
    let syn = curl_syn();
    let mut pkt = packet(&syn);
    pkt.in_dev = Some("eth0");
    let raw = walk(&mut nf, TableName::Raw, Hook::Prerouting, &pkt);
    assert!(raw.nf_trace);
    assert_eq!(raw.trace_lines.len(), 1, "the TRACE rule itself is not traced, the policy is");
    assert!(raw.trace_lines[0].starts_with("TRACE: raw:PREROUTING:policy:2 IN=eth0 OUT= MAC= SRC=192.168.56.1 "));
    pkt.nf_trace = raw.nf_trace;
    let filter = walk(&mut nf, TableName::Filter, Hook::Input, &pkt);
    let heads: Vec<&str> = filter.trace_lines.iter().map(|l| l.split(" IN=").next().unwrap_or("")).collect();
    assert_eq!(heads, ["TRACE: filter:INPUT:rule:1", "TRACE: filter:CHECK:return:2", "TRACE: filter:INPUT:rule:2"]);
    assert!(filter.trace_lines[0].contains(" SEQ=1 ACK=0 WINDOW=64240 RES=0x00 SYN URGP=0 OPT (020405B4"));
}

#[test]
fn walk_reports_the_first_failing_criterion() {
    let mut nf = netfilter(&[
        "iptables -A FORWARD -s 10.0.0.0/8 -j ACCEPT",
        "iptables -A FORWARD ! -i docker0 -o docker0 -j ACCEPT",
        "iptables -A FORWARD -p udp -j ACCEPT",
        "iptables -A FORWARD -p tcp --sport 1:1023 --dport 80 -j ACCEPT",
        "iptables -A FORWARD -p tcp -m comment --comment web -m mark --mark 0x1/0xf -j ACCEPT",
    ]);
    let p = tcp(CLIENT, [172, 17, 0, 2], 40000, 80, TCP_SYN);
    let mut pkt = packet(&p);
    pkt.in_dev = Some("docker0");
    pkt.out_dev = Some("docker0");
    let r = walk(&mut nf, TableName::Filter, Hook::Forward, &pkt);
    let failed: Vec<Option<&str>> = r.walk.iter().map(|s| s.failed_at.as_deref()).collect();
    assert_eq!(failed, [Some("-s 10.0.0.0/8"), Some("! -i docker0"), Some("-p udp"), Some("--sport 1:1023"), Some("--mark 0x1/0xf"), None]);
    assert_eq!(r.walk.last().map(|s| (s.rule_num, s.spec.as_str())), Some((0, "-P FORWARD ACCEPT")));
}

/// The explanation of a mismatch is built only when a trace asks for it;
/// each kind of criterion is described in its `-S` form.
#[test]
fn walk_describes_every_kind_of_mismatch() {
    let mut nf = netfilter(&[
        "iptables -A FORWARD -d 10.9.0.0/16 -j ACCEPT",
        "iptables -A FORWARD -o eth1 -j ACCEPT",
        "iptables -A FORWARD -f -j ACCEPT",
        "iptables -A FORWARD -p tcp ! --dport 80 -j ACCEPT",
        "iptables -A FORWARD -p tcp --tcp-flags SYN,ACK ACK -j ACCEPT",
        "iptables -A FORWARD -p tcp ! --tcp-flags SYN,ACK SYN -j ACCEPT",
        "iptables -A FORWARD -p tcp --tcp-option 8 -j ACCEPT",
        "iptables -A FORWARD -p tcp -m multiport --dports 1:2,9 -j ACCEPT",
        "iptables -A FORWARD -p tcp -m addrtype --dst-type LOCAL -j ACCEPT",
    ]);
    let p = tcp(CLIENT, [172, 17, 0, 2], 40000, 80, TCP_SYN);
    let mut pkt = packet(&p);
    pkt.out_dev = Some("eth0");
    let r = walk(&mut nf, TableName::Filter, Hook::Forward, &pkt);
    let failed: Vec<Option<&str>> = r.walk.iter().map(|s| s.failed_at.as_deref()).collect();
    assert_eq!(
        failed,
        [
            Some("-d 10.9.0.0/16"),
            Some("-o eth1"),
            Some("-f"),
            Some("! --dport 80"),
            Some("--tcp-flags SYN,ACK ACK"),
            Some("! --tcp-flags SYN,ACK SYN"),
            Some("--tcp-option 8"),
            Some("--dports 1:2,9"),
            Some("--dst-type LOCAL"),
            None
        ]
    );
    // A non-first fragment passes the port match by, and a UDP port too.
    let mut nf = netfilter(&["iptables -A INPUT -p udp --sport 53 -j ACCEPT", "iptables -A INPUT -p tcp --dport 80 -j ACCEPT"]);
    let u = udp(CLIENT, NODE, 5353, 53);
    let r = walk(&mut nf, TableName::Filter, Hook::Input, &packet(&u));
    assert_eq!(r.walk[0].failed_at.as_deref(), Some("--sport 53"));
    let mut frag = tcp(CLIENT, NODE, 40000, 80, TCP_SYN);
    frag[6..8].copy_from_slice(&[0x00, 0x10]);
    let r = walk(&mut nf, TableName::Filter, Hook::Input, &packet(&frag));
    assert_eq!(r.walk[1].failed_at.as_deref(), Some("(fragment)"));
    // Without a trace, the same walk records nothing and decides the same.
    let mut rng = Rng::new(1, "netfilter-test");
    let mut env = NfEnv { addr_type: &addr_type, rng: &mut rng, trace: false };
    let quiet = nf.run(TableName::Filter, Hook::Input, &packet(&frag), &mut env);
    assert!(quiet.walk.is_empty());
    assert_eq!(quiet.verdict, r.verdict);
}

/// Every mismatch reason a walk can give, each variant of the rule's IP part
/// and of the matches, inverted or not, in the `-S` form of the criterion
/// that failed: one rule per reason, all missed by the same packet.
#[test]
fn every_mismatch_reason_is_described_in_save_form() {
    let cases: [(&str, &str); 17] = [
        ("-s 10.0.0.0/8", "-s 10.0.0.0/8"),
        ("! -s 192.168.56.0/24", "! -s 192.168.56.0/24"),
        ("-d 10.9.0.0/16", "-d 10.9.0.0/16"),
        ("! -d 172.17.0.2", "! -d 172.17.0.2/32"),
        ("-i docker0", "-i docker0"),
        ("! -i eth0", "! -i eth0"),
        ("-o eth+", "-o eth+"),
        ("! -o veth+", "! -o veth+"),
        ("-p udp", "-p udp"),
        ("-p 200", "-p 200"),
        ("! -p tcp", "! -p tcp"),
        ("-f", "-f"),
        ("-p tcp --sport 1:1023", "--sport 1:1023"),
        ("-p tcp --dport 443", "--dport 443"),
        ("-p tcp --tcp-flags ALL NONE", "--tcp-flags FIN,SYN,RST,PSH,ACK,URG NONE"),
        ("-p tcp ! --tcp-option 8", "! --tcp-option 8"),
        ("-p tcp -m addrtype ! --src-type UNICAST", "! --src-type UNICAST"),
    ];
    let lines: Vec<String> = cases.iter().map(|(rule, _)| format!("iptables -A FORWARD {rule} -j ACCEPT")).collect();
    let mut nf = netfilter(&lines.iter().map(String::as_str).collect::<Vec<_>>());
    let mut p = tcp(CLIENT, [172, 17, 0, 2], 40000, 80, TCP_SYN);
    p.splice(40..40, [8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1]); // a timestamp option, padded
    p[32] = 0x80; // data offset 8 words
    p[3] += 12;
    let mut pkt = packet(&p);
    pkt.in_dev = Some("eth0");
    pkt.out_dev = Some("veth12");
    let r = walk(&mut nf, TableName::Filter, Hook::Forward, &pkt);
    let failed: Vec<(&str, Option<&str>)> = r.walk.iter().zip(cases.iter()).map(|(s, (rule, _))| (*rule, s.failed_at.as_deref())).collect();
    let expected: Vec<(&str, Option<&str>)> = cases.iter().map(|(rule, why)| (*rule, Some(*why))).collect();
    assert_eq!(failed, expected);
    assert_eq!(r.walk.len(), cases.len() + 1, "the policy decides");

    // A match that needs the transport header misses a non-first fragment;
    // `! -f` misses a first one; a UDP port and an ICMP type fail as a whole.
    let mut nf = netfilter(&[
        "iptables -A INPUT -p tcp --dport 80 -j ACCEPT",
        "iptables -A INPUT ! -f -j ACCEPT",
        "iptables -A INPUT -p udp --dport 53 -j ACCEPT",
        "iptables -A INPUT -p icmp --icmp-type echo-request -j ACCEPT",
    ]);
    let mut frag = tcp(CLIENT, NODE, 40000, 80, TCP_SYN);
    frag[6..8].copy_from_slice(&[0x00, 0x10]);
    let r = walk(&mut nf, TableName::Filter, Hook::Input, &packet(&frag));
    assert_eq!(r.walk.iter().map(|s| s.failed_at.as_deref()).collect::<Vec<_>>(), [Some("(fragment)"), Some("! -f"), Some("-p udp"), Some("-p icmp"), None]);
    let u = udp(CLIENT, NODE, 5353, 5353);
    let r = walk(&mut nf, TableName::Filter, Hook::Input, &packet(&u));
    assert_eq!(r.walk.iter().map(|s| s.failed_at.as_deref()).collect::<Vec<_>>(), [Some("-p tcp"), None]);
    assert_eq!(r.walk[1].outcome, "ACCEPT");
    let mut nf = netfilter(&["iptables -A INPUT -p udp --dport 53 -j ACCEPT", "iptables -A INPUT -p icmp --icmp-type echo-request -j ACCEPT"]);
    let r = walk(&mut nf, TableName::Filter, Hook::Input, &packet(&u));
    assert_eq!(r.walk[0].failed_at.as_deref(), Some("--dport 53"));
    let reply = icmp(CLIENT, NODE, 0, 0);
    let r = walk(&mut nf, TableName::Filter, Hook::Input, &packet(&reply));
    assert_eq!(r.walk[1].failed_at.as_deref(), Some("--icmp-type 8"));
}

/// Conntrack is wanted while a rule needs it, whichever command adds or
/// removes that rule; a refused load changes nothing.
#[test]
fn conntrack_is_wanted_exactly_while_a_rule_needs_it() {
    let mut nf = Netfilter::new();
    let steps: [(&str, &str, bool); 10] = [
        ("iptables -A INPUT -p tcp --dport 22 -j ACCEPT", "", false),
        ("iptables -A INPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT", "", true),
        ("iptables -D INPUT 2", "", false),
        ("iptables -t nat -N DOCKER", "", false),
        ("iptables -t nat -A DOCKER -p tcp --dport 80 -j DNAT --to-destination 172.17.0.2:80", "", true),
        ("iptables -t nat -F DOCKER", "", false),
        ("iptables -t mangle -A PREROUTING -j CONNMARK --set-mark 1", "", true),
        ("iptables -t mangle -F", "", false),
        ("iptables-restore", "*nat\n:POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -o eth0 -j MASQUERADE\nCOMMIT\n", true),
        ("iptables-restore", "*nat\n:POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -j NOSUCHCHAIN\nCOMMIT\n", true),
    ];
    for (line, stdin, wanted) in steps {
        sh(&mut nf, line, stdin);
        assert_eq!(nf.uses_conntrack(), wanted, "after {line} {stdin:?}");
    }
}

/// The untraced walk skips rules through a prefilter; a traced walk takes
/// the full path. Both must give the same verdict and counters for rules
/// the prefilter rejects (addresses, protocol, leading ports, inverted
/// ones) and for packets it must leave to the full path (fragments,
/// truncated headers: hotdrop), and a later edit must not be missed.
#[test]
fn untraced_walks_decide_and_count_as_traced_ones() {
    let rules = [
        "iptables -A INPUT -s 10.0.0.0/8 -j DROP",
        "iptables -A INPUT ! -d 192.168.56.11/32 -j DROP",
        "iptables -A INPUT -p udp --dport 53 -j DROP",
        "iptables -A INPUT -p tcp ! --dport 80 -j DROP",
        "iptables -A INPUT -p tcp --sport 1000:2000 --dport 80 -j REJECT",
        "iptables -A INPUT -p udp ! --sport 5353 -j ACCEPT",
        "iptables -A INPUT -f -j DROP",
    ];
    let mut frag = tcp(CLIENT, NODE, 1, 80, TCP_SYN);
    frag[7] = 0x10;
    let mut frag1 = tcp(CLIENT, NODE, 1, 80, TCP_SYN);
    frag1[7] = 0x01;
    let packets = [
        tcp(CLIENT, NODE, 1500, 80, TCP_SYN),
        tcp(CLIENT, NODE, 2500, 80, TCP_SYN),
        tcp(CLIENT, NODE, 2500, 81, TCP_SYN),
        tcp([10, 1, 2, 3], NODE, 2500, 80, TCP_SYN),
        tcp(CLIENT, [192, 168, 56, 12], 2500, 80, TCP_SYN),
        udp(CLIENT, NODE, 5353, 53),
        udp(CLIENT, NODE, 5353, 54),
        udp(CLIENT, NODE, 5000, 54),
        ipv4(CLIENT, NODE, proto::TCP, &[0x9c, 0x40, 0, 80, 0, 0]),
        ipv4(CLIENT, NODE, proto::UDP, &[0x13, 0xe9, 0, 54]),
        frag,
        frag1,
        icmp(CLIENT, NODE, 8, 0),
    ];
    let mut traced = netfilter(&rules);
    let mut untraced = netfilter(&rules);
    let mut rng = Rng::new(1, "netfilter-test");
    for (round, p) in packets.iter().chain(packets.iter()).enumerate() {
        if round == packets.len() {
            // An edit between walks: the prefilter must follow it.
            for nf in [&mut traced, &mut untraced] {
                assert!(sh(nf, "iptables -R INPUT 4 -p tcp ! --dport 81 -j DROP", "").success());
            }
        }
        let want = walk(&mut traced, TableName::Filter, Hook::Input, &packet(p));
        let mut env = NfEnv { addr_type: &addr_type, rng: &mut rng, trace: false };
        let got = untraced.run(TableName::Filter, Hook::Input, &packet(p), &mut env);
        assert_eq!(got.verdict, want.verdict, "packet {round}");
    }
    assert_eq!(listing(&mut untraced, "iptables -vnxL INPUT"), listing(&mut traced, "iptables -vnxL INPUT"));
    assert_eq!(listing(&mut untraced, "iptables -vnxL INPUT").lines().count(), 9);
}
