//! ipvsadm's listings: `-L` in all its formats, `-S` (save rules) and
//! `-L -c` (connections), byte for byte as ipvsadm 1.31 prints them
//! (`list_all`, `print_title`, `print_service_entry`, `print_largenum`,
//! `list_conn`, `print_conn`).
//!
//! ipvsadm reads services and real servers over generic netlink in the
//! kernel's table order and sorts them with glibc `qsort` (a merge sort)
//! using `ipvs_cmp_services` / `ipvs_cmp_dests`. Those comparators subtract
//! 32-bit addresses and cast to `int`, so addresses more than 2^31 apart
//! compare the "wrong" way round (192.168.1.1 sorts before 10.0.0.6); both
//! the merge sort and the comparators are reproduced.

use std::fmt::Write as _;
use std::net::Ipv4Addr;

use super::super::{
    Conn, Dest, FwdMethod, Ipvs, SVC_F_ONEPACKET, SVC_F_PERSISTENT, SVC_F_SCHED1, SVC_F_SCHED2, SVC_F_SCHED3, Service, ServiceKey, TunnelCsum, TunnelKind,
};
use super::libc::{addr_to_anyname, port_to_anyname};
use crate::net::proto;
use crate::time::Instant;

/// ipvsadm's `FMT_*` printing flags.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Format {
    pub numeric: bool,
    pub rule: bool,
    pub stats: bool,
    pub rate: bool,
    pub thresholds: bool,
    pub persistent_conn: bool,
    pub nosort: bool,
    pub exact: bool,
    pub tun_info: bool,
}

/// A service as the netlink dump hands it to ipvsadm: fwmark services carry
/// no protocol, address or port.
struct SvcEntry<'a> {
    svc: &'a Service,
    fwmark: u32,
    protocol: u8,
    addr: Ipv4Addr,
    port: u16,
}

impl<'a> SvcEntry<'a> {
    fn new(svc: &'a Service) -> SvcEntry<'a> {
        match svc.key {
            ServiceKey::Fwmark(m) => SvcEntry { svc, fwmark: m, protocol: 0, addr: Ipv4Addr::UNSPECIFIED, port: 0 },
            k => {
                let (addr, port) = k.addr_port();
                SvcEntry { svc, fwmark: 0, protocol: k.protocol(), addr, port }
            }
        }
    }
}

/// glibc's `msort_with_tmp`: top-down merge sort that takes from the left
/// run while `cmp(left, right) <= 0`.
fn glibc_msort<T: Clone>(v: &mut [T], cmp: &impl Fn(&T, &T) -> i32) {
    let n = v.len();
    if n <= 1 {
        return;
    }
    let n1 = n / 2;
    glibc_msort(&mut v[..n1], cmp);
    glibc_msort(&mut v[n1..], cmp);
    let (left, right) = (v[..n1].to_vec(), v[n1..].to_vec());
    let (mut i, mut j) = (0, 0);
    for slot in v.iter_mut() {
        let take_left = j >= right.len() || (i < left.len() && cmp(&left[i], &right[j]) <= 0);
        if take_left {
            *slot = left[i].clone();
            i += 1;
        } else {
            *slot = right[j].clone();
            j += 1;
        }
    }
}

/// `ntohl(a) - ntohl(b)` assigned to an `int`.
fn addr_diff(a: Ipv4Addr, b: Ipv4Addr) -> i32 {
    u32::from(a).wrapping_sub(u32::from(b)) as i32
}

/// libipvs `ipvs_cmp_services`: fwmark, address family, protocol, address,
/// port.
fn cmp_services(a: &SvcEntry, b: &SvcEntry) -> i32 {
    let r = a.fwmark.wrapping_sub(b.fwmark) as i32;
    if r != 0 {
        return r;
    }
    let r = i32::from(a.protocol) - i32::from(b.protocol);
    if r != 0 {
        return r;
    }
    let r = addr_diff(a.addr, b.addr);
    if r != 0 {
        return r;
    }
    i32::from(a.port) - i32::from(b.port)
}

/// libipvs `ipvs_cmp_dests`: address, then port.
fn cmp_dests(a: &&Dest, b: &&Dest) -> i32 {
    let r = addr_diff(a.addr, b.addr);
    if r != 0 {
        return r;
    }
    i32::from(a.port) - i32::from(b.port)
}

/// `addrport_to_anyname`.
fn addrport(addr: Ipv4Addr, port: u16, protocol: u8, f: Format) -> String {
    if f.numeric { format!("{addr}:{port}") } else { format!("{}:{}", addr_to_anyname(addr), port_to_anyname(port, protocol)) }
}

/// Cut a string at a byte position, as ipvsadm does with `buf[n] = '\0'`.
fn truncate(mut s: String, n: usize) -> String {
    if s.len() > n {
        let mut cut = n;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
    }
    s
}

/// `print_largenum`.
fn largenum(out: &mut String, i: u64, f: Format) {
    if f.exact {
        let len = i.to_string().len();
        let width = if len <= 8 { 9 } else { len + 1 };
        let _ = write!(out, "{i:>width$}");
        return;
    }
    let _ = match i {
        0..100_000_000 => write!(out, "{i:>9}"),
        100_000_000..1_000_000_000 => write!(out, "{:>8}K", i / 1000),
        1_000_000_000..100_000_000_000 => write!(out, "{:>8}M", i / 1_000_000),
        100_000_000_000..100_000_000_000_000 => write!(out, "{:>8}G", i / 1_000_000_000),
        _ => write!(out, "{:>8}T", i / 1_000_000_000_000),
    };
}

/// `print_title`.
fn title(out: &mut String, f: Format) {
    if f.stats {
        let _ = writeln!(out, "{:<33} {:>8} {:>8} {:>8} {:>8} {:>8}", "Prot LocalAddress:Port", "Conns", "InPkts", "OutPkts", "InBytes", "OutBytes");
        out.push_str("  -> RemoteAddress:Port\n");
    } else if f.rate {
        let _ = writeln!(out, "{:<33} {:>8} {:>8} {:>8} {:>8} {:>8}", "Prot LocalAddress:Port", "CPS", "InPPS", "OutPPS", "InBPS", "OutBPS");
        out.push_str("  -> RemoteAddress:Port\n");
    } else if f.thresholds {
        let _ = writeln!(out, "{:<33} {:<10} {:<10} {:<10} {:<10}", "Prot LocalAddress:Port", "Uthreshold", "Lthreshold", "ActiveConn", "InActConn");
        out.push_str("  -> RemoteAddress:Port\n");
    } else if f.persistent_conn {
        let _ = writeln!(out, "{:<33} {:<9} {:<11} {:<10} {:<10}", "Prot LocalAddress:Port", "Weight", "PersistConn", "ActiveConn", "InActConn");
        out.push_str("  -> RemoteAddress:Port\n");
    } else if f.tun_info {
        out.push_str("Prot LocalAddress:Port Scheduler Flags\n");
        out.push_str("  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn\n");
    } else if !f.rule {
        out.push_str("Prot LocalAddress:Port Scheduler Flags\n");
        out.push_str("  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n");
    }
}

/// `print_sched_flags`: the names of the scheduler flags, comma separated.
fn sched_flags(sched: &str, flags: u32) -> String {
    let names: [(u32, &str); 3] = if sched == "sh" {
        [(SVC_F_SCHED1, "sh-fallback"), (SVC_F_SCHED2, "sh-port"), (0, "")]
    } else if sched == "mh" {
        [(SVC_F_SCHED1, "mh-fallback"), (SVC_F_SCHED2, "mh-port"), (0, "")]
    } else {
        [(SVC_F_SCHED1, "flag-1"), (SVC_F_SCHED2, "flag-2"), (SVC_F_SCHED3, "flag-3")]
    };
    names.iter().filter(|(bit, _)| flags & bit != 0).map(|(_, n)| *n).collect::<Vec<_>>().join(",")
}

fn fwd_switch(fwd: FwdMethod) -> &'static str {
    match fwd {
        FwdMethod::Masq => "-m",
        FwdMethod::Tunnel => "-i",
        FwdMethod::Local | FwdMethod::Route => "-g",
    }
}

fn tun_name(k: TunnelKind) -> &'static str {
    match k {
        TunnelKind::Ipip => "ipip",
        TunnelKind::Gue => "gue",
        TunnelKind::Gre => "gre",
    }
}

fn tun_flag(c: TunnelCsum) -> &'static str {
    match c {
        TunnelCsum::NoCsum => "-c",
        TunnelCsum::Csum => "+c",
        TunnelCsum::RemCsum => "r+c",
    }
}

fn tun_flag_opt(c: TunnelCsum) -> &'static str {
    match c {
        TunnelCsum::NoCsum => "--tun-nocsum",
        TunnelCsum::Csum => "--tun-csum",
        TunnelCsum::RemCsum => "--tun-remcsum",
    }
}

/// `fwd_tun_info`: the TunnelInfo column.
fn tun_info(d: &Dest) -> String {
    if d.fwd != FwdMethod::Tunnel {
        return "n/a".into();
    }
    let t = d.tunnel;
    let s = match t.kind {
        TunnelKind::Ipip => "ipip".to_string(),
        TunnelKind::Gue => format!("gue:{}:{}", t.port, tun_flag(t.csum)),
        TunnelKind::Gre => format!("gre:{}", tun_flag(t.csum)),
    };
    truncate(s, 15)
}

/// `print_service_entry`.
fn service_entry(out: &mut String, ipvs: &Ipvs, se: &SvcEntry, f: Format) {
    let svc = se.svc;
    let sched = svc.scheduler_name();
    let svc_name = if se.fwmark != 0 {
        if f.rule { format!("-f {}", se.fwmark) } else { format!("FWM  {}", se.fwmark) }
    } else {
        let vname = addrport(se.addr, se.port, se.protocol, f);
        if f.rule {
            let stype = match se.protocol {
                proto::TCP => "-t",
                proto::UDP => "-u",
                proto::SCTP => "--sctp-service",
                _ => "--xxx-service",
            };
            format!("{stype} {vname}")
        } else {
            let stype = match se.protocol {
                proto::TCP => "TCP",
                proto::UDP => "UDP",
                proto::SCTP => "SCTP",
                _ => "?",
            };
            truncate(format!("{stype:<4} {vname}"), 33)
        }
    };
    let flags = svc.flags;
    let has_sched_flags = flags & (SVC_F_SCHED1 | SVC_F_SCHED2 | SVC_F_SCHED3) != 0;
    if f.rule {
        let _ = write!(out, "-A {svc_name} -s {sched}");
        if flags & SVC_F_PERSISTENT != 0 {
            let _ = write!(out, " -p {}", svc.timeout);
            if svc.netmask != Ipv4Addr::BROADCAST {
                let _ = write!(out, " -M {}", svc.netmask);
            }
        }
        if flags & SVC_F_ONEPACKET != 0 {
            out.push_str(" -o");
        }
        if has_sched_flags {
            let _ = write!(out, " -b {}", sched_flags(sched, flags));
        }
    } else if f.stats {
        let _ = write!(out, "{svc_name:<33}");
        let s = &svc.stats;
        for v in [s.conns, s.inpkts, s.outpkts, s.inbytes, s.outbytes] {
            largenum(out, v, f);
        }
    } else if f.rate {
        let _ = write!(out, "{svc_name:<33}");
        let r = svc.stats.rates();
        for v in [r.cps, r.inpps, r.outpps, r.inbps, r.outbps] {
            largenum(out, v, f);
        }
    } else {
        let _ = write!(out, "{svc_name} {sched}");
        if has_sched_flags {
            let _ = write!(out, " ({})", sched_flags(sched, flags));
        }
        if flags & SVC_F_PERSISTENT != 0 {
            let _ = write!(out, " persistent {}", svc.timeout);
            if svc.netmask != Ipv4Addr::BROADCAST {
                let _ = write!(out, " mask {}", svc.netmask);
            }
        }
        if flags & SVC_F_ONEPACKET != 0 {
            out.push_str(" ops");
        }
    }
    out.push('\n');

    let mut dests = ipvs.dests(svc.id);
    if !f.nosort {
        glibc_msort(&mut dests, &cmp_dests);
    }
    for d in dests {
        let dname = addrport(d.addr, d.port, se.protocol, f);
        if f.rule {
            let _ = write!(out, "-a {svc_name} -r {dname} {} -w {}", fwd_switch(d.fwd), d.weight);
            if d.fwd == FwdMethod::Tunnel {
                let t = d.tunnel;
                let _ = write!(out, " --tun-type {}", tun_name(t.kind));
                match t.kind {
                    TunnelKind::Ipip => {}
                    TunnelKind::Gue => {
                        let _ = write!(out, " --tun-port {} {}", t.port, tun_flag_opt(t.csum));
                    }
                    TunnelKind::Gre => {
                        let _ = write!(out, " {}", tun_flag_opt(t.csum));
                    }
                }
            }
            out.push('\n');
            continue;
        }
        let dname = truncate(dname, 28);
        if f.stats {
            let _ = write!(out, "  -> {dname:<28}");
            let s = &d.stats;
            for v in [s.conns, s.inpkts, s.outpkts, s.inbytes, s.outbytes] {
                largenum(out, v, f);
            }
            out.push('\n');
        } else if f.rate {
            let r = d.stats.rates();
            let _ = write!(out, "  -> {dname:<28} {:>8} {:>8} {:>8}", r.cps, r.inpps, r.outpps);
            largenum(out, r.inbps, f);
            largenum(out, r.outbps, f);
            out.push('\n');
        } else if f.thresholds {
            let _ = writeln!(out, "  -> {dname:<28} {:<10} {:<10} {:<10} {:<10}", d.u_threshold, d.l_threshold, d.active_conns, d.inact_conns);
        } else if f.persistent_conn {
            let _ = writeln!(out, "  -> {dname:<28} {:<9} {:<11} {:<10} {:<10}", d.weight, d.persist_conns, d.active_conns, d.inact_conns);
        } else if f.tun_info {
            let _ = writeln!(out, "  -> {dname:<28} {:<7} {:<13} {:<6} {:<10} {:<10}", d.fwd.name(), tun_info(d), d.weight, d.active_conns, d.inact_conns);
        } else {
            let _ = writeln!(out, "  -> {dname:<28} {:<7} {:<6} {:<10} {:<10}", d.fwd.name(), d.weight, d.active_conns, d.inact_conns);
        }
    }
}

/// `list_all`: every service (sorted unless `--nosort`); with `-S` as
/// rules.
pub(super) fn list_all(ipvs: &Ipvs, f: Format) -> String {
    let mut out = String::new();
    if !f.rule {
        let _ = writeln!(out, "IP Virtual Server version {} (size={})", super::super::VERSION, super::super::CONN_TAB_SIZE);
    }
    let mut entries: Vec<SvcEntry> = ipvs.services().into_iter().map(SvcEntry::new).collect();
    if !f.nosort {
        let cmp = |a: &SvcEntry, b: &SvcEntry| cmp_services(a, b);
        let mut idx: Vec<usize> = (0..entries.len()).collect();
        glibc_msort(&mut idx, &|a: &usize, b: &usize| cmp(&entries[*a], &entries[*b]));
        let mut sorted: Vec<Option<SvcEntry>> = entries.into_iter().map(Some).collect();
        entries = idx.into_iter().filter_map(|i| sorted.get_mut(i).and_then(Option::take)).collect();
    }
    title(&mut out, f);
    for se in &entries {
        service_entry(&mut out, ipvs, se, f);
    }
    out
}

/// `list_service`: one service, with the title but without the version
/// line.
pub(super) fn list_service(ipvs: &Ipvs, svc: &Service, f: Format) -> String {
    let mut out = String::new();
    title(&mut out, f);
    service_entry(&mut out, ipvs, &SvcEntry::new(svc), f);
    out
}

/// `list_conn`: `/proc/net/ip_vs_conn` as ipvsadm prints it.
pub(super) fn list_conn(ipvs: &Ipvs, now: Instant, f: Format) -> String {
    let mut out = String::from("IPVS connection entries\n");
    if f.persistent_conn {
        let _ = writeln!(out, "pro expire {:<11} {:<18} {:<18} {:<18} {:<16} pe_data", "state", "source", "virtual", "destination", "pe name");
    } else {
        let _ = writeln!(out, "pro expire {:<11} {:<18} {:<18} destination", "state", "source", "virtual");
    }
    for c in ipvs.conns().filter(|c| c.expires > now) {
        conn_line(&mut out, c, now, f);
    }
    out
}

/// `print_conn` of one `/proc/net/ip_vs_conn` line.
fn conn_line(out: &mut String, c: &Conn, now: Instant, f: Format) {
    let name = c.proto_name();
    let naming_proto = match c.proto {
        proto::TCP | proto::UDP | proto::SCTP => c.proto,
        _ => 0,
    };
    let cname = addrport(c.caddr, c.cport, naming_proto, f);
    let vname = addrport(c.vaddr, c.vport, naming_proto, f);
    let dname = addrport(c.daddr, c.dport, naming_proto, f);
    let secs = c.expires_in_secs(now);
    let expire = format!("{:02}:{:02}", secs / 60, secs % 60);
    let _ = writeln!(out, "{name:<3} {expire:<6} {:<11} {cname:<18} {vname:<18} {dname}", c.state.name());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn largenum_scales_and_truncates() {
        let f = Format::default();
        let cases = [
            (0, "        0"),
            (99_999_999, " 99999999"),
            (100_000_000, "  100000K"),
            (123_456_789, "  123456K"),
            (9_876_543_210, "    9876M"),
            (100_000_000_000, "     100G"),
            (100_000_000_000_000, "     100T"),
        ];
        for (v, want) in cases {
            let mut s = String::new();
            largenum(&mut s, v, f);
            assert_eq!(s, want, "{v}");
        }
        let mut s = String::new();
        largenum(&mut s, 9_876_543_210, Format { exact: true, ..f });
        assert_eq!(s, " 9876543210");
    }

    #[test]
    fn merge_sort_with_the_int_cast_comparator_reproduces_ipvsadm_order() {
        let mut v = vec![Ipv4Addr::new(10, 0, 0, 6), Ipv4Addr::new(192, 168, 1, 1), Ipv4Addr::new(10, 0, 0, 5)];
        glibc_msort(&mut v, &|a: &Ipv4Addr, b: &Ipv4Addr| addr_diff(*a, *b));
        assert_eq!(v, [Ipv4Addr::new(192, 168, 1, 1), Ipv4Addr::new(10, 0, 0, 5), Ipv4Addr::new(10, 0, 0, 6)]);
    }
}
