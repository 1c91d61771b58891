//! The kernel log lines of the `LOG` and `TRACE` targets, as
//! `nf_log_syslog.c` formats them (`IN=eth0 OUT= MAC=… SRC=… DST=… LEN=…`),
//! without the syslog level and timestamp.
//!
//! Not modelled: `UID=`/`GID=` (mesh packets carry no socket owner), the
//! AH/ESP details, and bridge `PHYSIN=`/`PHYSOUT=`.

use std::fmt::Write as _;

use super::packet::Ipv4;
use super::targets::{Log, logflag};
use super::{NfPacket, TableName};

/// The line a `LOG` rule writes for this packet.
pub(super) fn log_line(l: &Log, ip: &Ipv4, pkt: &NfPacket, mark: u32) -> String {
    let mut out = l.prefix.clone();
    dump(&mut out, l.flags, ip, pkt, mark);
    out
}

/// The line `TRACE` writes for each rule a traced packet matches:
/// `TRACE: table:chain:rule|return|policy:N ` and the packet.
pub(super) fn trace_line(table: TableName, chain: &str, comment: &str, num: usize, ip: &Ipv4, pkt: &NfPacket, mark: u32) -> String {
    let mut out = format!("TRACE: {}:{chain}:{comment}:{num} ", table.name());
    // The trace logger uses NF_LOG_DEFAULT_MASK (sequence numbers, TCP and
    // IP options).
    dump(&mut out, logflag::TCPSEQ | logflag::TCPOPT | logflag::IPOPT, ip, pkt, mark);
    out
}

fn dump(out: &mut String, flags: u8, ip: &Ipv4, pkt: &NfPacket, mark: u32) {
    let _ = write!(out, "IN={} OUT={} ", pkt.in_dev.unwrap_or(""), pkt.out_dev.unwrap_or(""));
    if pkt.in_dev.is_some() {
        dump_mac(out, flags, pkt.mac_header);
    }
    dump_ipv4(out, flags, ip, true);
    if mark != 0 {
        let _ = write!(out, "MARK=0x{mark:x} ");
    }
}

fn dump_mac(out: &mut String, flags: u8, mac: Option<&[u8]>) {
    match mac {
        Some(h) if flags & logflag::MACDECODE != 0 && h.len() >= 14 => {
            let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<Vec<_>>().join(":");
            let _ = write!(out, "MACSRC={} MACDST={} MACPROTO={:02x}{:02x} ", hex(&h[6..12]), hex(&h[0..6]), h[12], h[13]);
        }
        Some(h) if !h.is_empty() => {
            let hex: Vec<String> = h.iter().map(|x| format!("{x:02x}")).collect();
            let _ = write!(out, "MAC={} ", hex.join(":"));
        }
        _ => out.push_str("MAC= "),
    }
}

fn hex_upper(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02X}")).collect()
}

/// `dump_ipv4_packet`; `outer` is false for the packet quoted in an ICMP
/// error (printed once, inside `[ … ]`).
fn dump_ipv4(out: &mut String, flags: u8, ip: &Ipv4, outer: bool) {
    let _ = write!(out, "SRC={} DST={} ", ip.src(), ip.dst());
    let _ = write!(out, "LEN={} TOS=0x{:02X} PREC=0x{:02X} TTL={} ID={} ", ip.total_len_field(), ip.tos() & 0x1E, ip.tos() & 0xE0, ip.ttl(), ip.id());
    let frag = ip.frag_word();
    if frag & 0x8000 != 0 {
        out.push_str("CE ");
    }
    if frag & 0x4000 != 0 {
        out.push_str("DF ");
    }
    if frag & 0x2000 != 0 {
        out.push_str("MF ");
    }
    let offset = frag & 0x1fff;
    if offset != 0 {
        let _ = write!(out, "FRAG:{offset} ");
    }
    if flags & logflag::IPOPT != 0 && ip.header_len() > 20 {
        let _ = write!(out, "OPT ({}) ", hex_upper(&ip.header()[20..]));
    }
    let payload = ip.payload();
    match ip.protocol() {
        6 => {
            out.push_str("PROTO=TCP ");
            if offset != 0 {
                return;
            }
            let Some(t) = ip.tcp() else {
                let _ = write!(out, "INCOMPLETE [{} bytes] ", payload.len());
                return;
            };
            let _ = write!(out, "SPT={} DPT={} ", t.src_port(), t.dst_port());
            if flags & logflag::TCPSEQ != 0 {
                let _ = write!(out, "SEQ={} ACK={} ", t.seq(), t.ack());
            }
            let _ = write!(out, "WINDOW={} ", t.window());
            let _ = write!(out, "RES=0x{:02x} ", t.reserved() << 2);
            for (bit, name) in [(0x80, "CWR"), (0x40, "ECE"), (0x20, "URG"), (0x10, "ACK"), (0x08, "PSH"), (0x04, "RST"), (0x02, "SYN"), (0x01, "FIN")] {
                if t.flags() & bit != 0 {
                    let _ = write!(out, "{name} ");
                }
            }
            let _ = write!(out, "URGP={} ", t.urgent());
            if flags & logflag::TCPOPT != 0
                && t.header_len() > 20
                && let Some(opts) = t.options()
            {
                let _ = write!(out, "OPT ({}) ", hex_upper(opts));
            }
        }
        17 | 136 => {
            out.push_str(if ip.protocol() == 17 { "PROTO=UDP " } else { "PROTO=UDPLITE " });
            if offset != 0 {
                return;
            }
            if payload.len() < 8 {
                let _ = write!(out, "INCOMPLETE [{} bytes] ", payload.len());
                return;
            }
            let w = |i: usize| u16::from_be_bytes([payload[i], payload[i + 1]]);
            let _ = write!(out, "SPT={} DPT={} LEN={} ", w(0), w(2), w(4));
        }
        1 => {
            out.push_str("PROTO=ICMP ");
            if offset != 0 {
                return;
            }
            if payload.len() < 8 {
                let _ = write!(out, "INCOMPLETE [{} bytes] ", payload.len());
                return;
            }
            let (ty, code) = (payload[0], payload[1]);
            let _ = write!(out, "TYPE={ty} CODE={code} ");
            let required = match ty {
                0 | 8 => 4,
                3 | 4 | 5 | 11 | 12 => 8 + 20,
                13 | 14 => 20,
                17 | 18 => 12,
                _ => 0,
            };
            if payload.len() < required {
                let _ = write!(out, "INCOMPLETE [{} bytes] ", payload.len());
                return;
            }
            let w = |i: usize| u16::from_be_bytes([payload[i], payload[i + 1]]);
            match ty {
                0 | 8 => {
                    let _ = write!(out, "ID={} SEQ={} ", w(4), w(6));
                }
                12 => {
                    let _ = write!(out, "PARAMETER={} ", payload[4]);
                }
                3 | 4 | 5 | 11 => {
                    if ty == 5 {
                        let _ = write!(out, "GATEWAY={}.{}.{}.{} ", payload[4], payload[5], payload[6], payload[7]);
                    }
                    if outer {
                        out.push('[');
                        match Ipv4::parse(&payload[8..]) {
                            Some(inner) => dump_ipv4(out, flags, &inner, false),
                            None => out.push_str("TRUNCATED"),
                        }
                        out.push_str("] ");
                    }
                    if ty == 3 && code == 4 {
                        let _ = write!(out, "MTU={} ", w(6));
                    }
                }
                _ => {}
            }
        }
        p => {
            let _ = write!(out, "PROTO={p} ");
        }
    }
}
