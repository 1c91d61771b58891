//! tcpdump's packet format, as tcpdump 4.99 prints with `-n`.
//!
//! [`TcpdumpFormatter::format`] turns one captured frame into exactly the
//! text `tcpdump -n -r capture.pcap` prints for it (`-e`, `-S` and `-v` are
//! options; `-nn` prints the same as `-n` in 4.99). The formatter is stateful
//! like tcpdump itself: after it has seen a segment with ACK set for a TCP
//! connection, it prints that connection's sequence and acknowledgment
//! numbers relative to the first ones seen, which is why a capture shows
//! `seq 1:88, ack 1` after the handshake. Use one formatter per capture.
//!
//! With `-v` an IPv4 packet takes (at least) two lines: the header's fields
//! `IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto UDP (17), length
//! 33)`, then the addresses and the transport on a line indented by four
//! spaces. TCP and ICMP checksums are verified (`cksum 0x1c46 (correct)`;
//! veth captures show `incorrect` for locally sent TCP because the checksum
//! is offloaded), an ICMP error quotes the packet it is about on a
//! tab-indented line, printed like any packet, HTTP requests and responses
//! print every text line, ARP names its hardware and protocol types.
//!
//! The printers follow tcpdump's source (`print-ether.c`, `print-arp.c`,
//! `print-ip.c`, `print-tcp.c`, `print-udp.c`, `print-icmp.c`,
//! `print-vxlan.c`, `print-otv.c`, `util-print.c`) decision for decision,
//! including its messages for malformed packets (`truncated-ip - 27 bytes
//! missing!`, `[bad hdr length 16 - too short, < 20]`, ` [|tcp]`…). The
//! expected outputs in the tests were produced by the real tcpdump 4.99.3.
//!
//! # Not modelled
//!
//! Only Ethernet frames carrying ARP or IPv4 are decoded; other EtherTypes
//! (IPv6, VLAN, LLDP, 802.3/LLC) get tcpdump's generic hex dump. Inside IPv4
//! only TCP, UDP and ICMP are decoded; other protocols print tcpdump's
//! fallback `ip-proto-N` (also where tcpdump has a decoder, such as GRE or
//! IGMP). Application decoders: HTTP on port 80 and 8080 (the first request
//! or status line; every text line with `-v`), VXLAN on 4789 and OTV on
//! 8472. UDP and TCP payloads on other ports for which tcpdump has a decoder
//! (DNS, DHCP, NTP, SSH, BGP…) are printed as if it had none. TCP options
//! other than eol, nop, mss, wscale, sackOK, sack and TS print in the
//! generic `name 0xHEX` form. ATM and Frame Relay ARP are printed as
//! Ethernet ARP. Only one `-v` is modelled: `-vv` (UDP checksums, more TCP
//! detail) is not.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::net::Ipv4Addr;

use super::ethernet::Address as EthernetAddress;
use super::{be, checksum, vxlan};
use crate::net::proto;

/// tcpdump command-line flags that change the one-line format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TcpdumpOptions {
    /// `-e`: print the link-level header (MACs, EtherType, frame length).
    pub link_level: bool,
    /// `-S`: print absolute TCP sequence numbers.
    pub absolute_seq: bool,
    /// `-v`: the IPv4 header's fields on a line of their own, checksums
    /// verified, ICMP errors quoting the offending packet, full text
    /// protocol requests (tcpdump's `vflag` of 1; `-vv` is not modelled).
    pub verbose: bool,
}

/// One tcpdump process: options plus the per-connection state tcpdump keeps
/// for relative sequence numbers.
#[derive(Clone, Debug, Default)]
pub struct TcpdumpFormatter {
    options: TcpdumpOptions,
    tcp_seq: BTreeMap<FlowKey, SeqBase>,
}

/// tcpdump's `struct tha`: the connection with its endpoints in a canonical
/// order (the lower port first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct FlowKey {
    src: u32,
    dst: u32,
    ports: u32,
}

/// The initial sequence numbers of a connection, in canonical direction.
#[derive(Clone, Copy, Debug)]
struct SeqBase {
    seq: u32,
    ack: u32,
}

impl TcpdumpFormatter {
    pub fn new(options: TcpdumpOptions) -> TcpdumpFormatter {
        TcpdumpFormatter { options, tcp_seq: BTreeMap::new() }
    }

    pub fn options(&self) -> TcpdumpOptions {
        self.options
    }

    /// The text tcpdump prints for `frame` captured at `time_of_day_us`
    /// (microseconds since midnight; larger values wrap at 24 h). VXLAN
    /// frames take two lines (the inner frame on the second); there is no
    /// trailing newline.
    pub fn format(&mut self, frame: &[u8], time_of_day_us: u64) -> String {
        let us = time_of_day_us % 86_400_000_000;
        let secs = us / 1_000_000;
        let mut p = Printer { out: String::with_capacity(160), protocol: "ether", fmt: self };
        let _ = write!(p.out, "{:02}:{:02}:{:02}.{:06} ", secs / 3600, secs / 60 % 60, secs % 60, us % 1_000_000);
        if p.ether(frame).is_err() {
            p.trunc();
        }
        p.out
    }
}

/// tcpdump's `longjmp` on reading past the captured bytes: the printer stops
/// and ` [|proto]` is appended.
struct Trunc;

/// An IP option whose bytes were not all captured: `ip_optprint` returns -1
/// and `ip_print` ends the packet after ` [truncated-option]`.
struct OptionCut;

type Step = Result<(), Trunc>;

/// Bounds-checked big-endian reads that signal truncation.
fn u8_at(b: &[u8], at: usize) -> Result<u8, Trunc> {
    b.get(at).copied().ok_or(Trunc)
}

fn u16_at(b: &[u8], at: usize) -> Result<u16, Trunc> {
    be::get_u16(b, at).ok_or(Trunc)
}

fn u24_at(b: &[u8], at: usize) -> Result<u32, Trunc> {
    let s = b.get(at..at + 3).ok_or(Trunc)?;
    Ok(u32::from_be_bytes([0, s[0], s[1], s[2]]))
}

fn u32_at(b: &[u8], at: usize) -> Result<u32, Trunc> {
    be::get_u32(b, at).ok_or(Trunc)
}

fn ip_at(b: &[u8], at: usize) -> Result<Ipv4Addr, Trunc> {
    u32_at(b, at).map(Ipv4Addr::from)
}

/// What the transport printers need from the enclosing IPv4 header.
#[derive(Clone, Copy)]
struct IpInfo {
    src: Ipv4Addr,
    dst: Ipv4Addr,
    /// The destination the TCP/UDP pseudo-header uses: the last hop of a
    /// source route, if any (`ip_finddst`).
    pseudo_dst: Ipv4Addr,
    protocol: u8,
    /// More fragments follow (this is a first fragment).
    fragmented: bool,
}

struct Printer<'f> {
    out: String,
    /// The protocol being printed, for the ` [|proto]` truncation marker.
    protocol: &'static str,
    fmt: &'f mut TcpdumpFormatter,
}

impl Printer<'_> {
    fn eflag(&self) -> bool {
        self.fmt.options.link_level
    }

    fn trunc(&mut self) {
        let _ = write!(self.out, " [|{}]", self.protocol);
    }

    /// `ether_print`: `length` is the frame length, all of it captured.
    fn ether(&mut self, frame: &[u8]) -> Step {
        self.protocol = "ether";
        if frame.len() < 14 {
            return Err(Trunc);
        }
        let dst = EthernetAddress::from_bytes(&frame[0..6]).unwrap_or_default();
        let src = EthernetAddress::from_bytes(&frame[6..12]).unwrap_or_default();
        let ethertype = u16::from_be_bytes([frame[12], frame[13]]);
        let payload = &frame[14..];
        if self.eflag() {
            let _ = write!(self.out, "{src} > {dst}, ethertype {} (0x{ethertype:04x}), length {}: ", ethertype_name(ethertype), frame.len());
        }
        match ethertype {
            0x0800 => self.ip(payload, payload.len()),
            0x0806 => self.arp(payload),
            _ => {
                if !self.eflag() {
                    let _ = write!(self.out, "{src} > {dst}, ethertype {} (0x{ethertype:04x}), length {}: ", ethertype_name(ethertype), frame.len());
                }
                self.hex_and_ascii(payload);
                Ok(())
            }
        }
    }

    /// `hex_and_ascii_print` with tcpdump's `"\n\t"` indent.
    fn hex_and_ascii(&mut self, bytes: &[u8]) {
        for (i, line) in bytes.chunks(16).enumerate() {
            let mut hex = String::with_capacity(40);
            let mut ascii = String::with_capacity(16);
            for pair in line.chunks(2) {
                hex.push(' ');
                for &b in pair {
                    let _ = write!(hex, "{b:02x}");
                    ascii.push(if b.is_ascii_graphic() { char::from(b) } else { '.' });
                }
            }
            let _ = write!(self.out, "\n\t0x{:04x}: {hex:<40}  {ascii}", i * 16);
        }
    }

    /// `arp_print` for Ethernet/IPv4 ARP (ATM ARP is not modelled).
    fn arp(&mut self, bp: &[u8]) -> Step {
        self.protocol = "arp";
        let length = bp.len();
        let hrd = u16_at(bp, 0)?;
        let pro = u16_at(bp, 2)?;
        let hln = usize::from(u8_at(bp, 4)?);
        let pln = usize::from(u8_at(bp, 5)?);
        let op = u16_at(bp, 6)?;
        let sha = 8;
        let spa = sha + hln;
        let tha = spa + pln;
        let tpa = tha + hln;
        if bp.len() < tpa + pln {
            return Err(Trunc);
        }
        if !self.eflag() {
            self.out.push_str("ARP, ");
        }
        let verbose = self.fmt.options.verbose;
        if (pro != 0x0800 && pro != 0x1000) || pln != 4 || hln == 0 || verbose {
            let _ = write!(self.out, "{} (len {hln}), {} (len {pln})", arp_hardware_name(hrd), arp_protocol_name(pro));
            // Without -v, tcpdump does not guess at unknown address formats.
            if !verbose {
                let _ = write!(self.out, ", length {length}");
                return Ok(());
            }
        }
        let _ = write!(self.out, "{}{} ", if verbose { ", " } else { "" }, arp_op_name(op));
        let link = |at: usize| link_addr(&bp[at..at + hln]);
        let ip = |at: usize| {
            if pro != 0x0800 && pro != 0x1000 {
                "<wrong proto type>".to_string()
            } else if pln != 4 {
                "<wrong len>".to_string()
            } else {
                Ipv4Addr::new(bp[at], bp[at + 1], bp[at + 2], bp[at + 3]).to_string()
            }
        };
        match op {
            1 => {
                let _ = write!(self.out, "who-has {}", ip(tpa));
                if bp[tha..tha + hln].iter().any(|&b| b != 0) {
                    let _ = write!(self.out, " ({})", link(tha));
                }
                let _ = write!(self.out, " tell {}", ip(spa));
            }
            2 => {
                let _ = write!(self.out, "{} is-at {}", ip(spa), link(sha));
            }
            3 | 8 => {
                let _ = write!(self.out, "who-is {} tell {}", link(tha), link(sha));
            }
            4 => {
                let _ = write!(self.out, "{} at {}", link(tha), ip(tpa));
            }
            9 => {
                let _ = write!(self.out, "{} at {}", link(sha), ip(spa));
            }
            _ => {
                self.hex_and_ascii(bp);
                return Ok(());
            }
        }
        let _ = write!(self.out, ", length {length}");
        Ok(())
    }

    /// `ip_print` (tcpdump 4.99.3 behaviour): `bp` holds the captured bytes,
    /// `length` the datagram's length as the enclosing layer knows it (the
    /// frame for Ethernet, the quoted header's total length inside an ICMP
    /// error, where fewer bytes may have been captured).
    fn ip(&mut self, bp: &[u8], length: usize) -> Step {
        self.protocol = "ip";
        let version = u8_at(bp, 0)? >> 4;
        if version != 4 {
            if version == 6 {
                self.out.push_str("IP6, wrong link-layer encapsulation");
            } else {
                let _ = write!(self.out, "IP{version}");
            }
            self.out.push_str(" (invalid)");
            return Ok(());
        }
        if !self.eflag() {
            self.out.push_str("IP ");
        }
        if bp.len() < 20 {
            return Err(Trunc);
        }
        if length < 20 {
            let _ = write!(self.out, "truncated-ip {length}");
            return Ok(());
        }
        let hlen = usize::from(bp[0] & 0x0f) * 4;
        if hlen < 20 {
            let _ = write!(self.out, "bad-hlen {hlen}");
            return Ok(());
        }
        let total = usize::from(u16_at(bp, 2)?);
        if length < total {
            let _ = write!(self.out, "truncated-ip - {} bytes missing! ", total - length);
        }
        if total < hlen {
            let _ = write!(self.out, "bad-len {total}");
            return Ok(());
        }
        // Bytes past the IP total length are not part of the packet: the
        // capture is cut there (`nd_push_snaplen`), and the transport
        // printers get the length the header claims.
        let bp = &bp[..total.min(bp.len())];
        let plen = total - hlen;
        let off = u16_at(bp, 6)?;
        let info = IpInfo { src: ip_at(bp, 12)?, dst: ip_at(bp, 16)?, pseudo_dst: ip_final_dst(bp, hlen), protocol: bp[9], fragmented: off & 0x2000 != 0 };
        if self.fmt.options.verbose && !self.ip_verbose_header(bp, hlen, off, info)? {
            return Ok(());
        }
        if off & 0x1fff != 0 {
            let _ = write!(self.out, "{} > {}: ip-proto-{}", info.src, info.dst, info.protocol);
            return Ok(());
        }
        if !matches!(info.protocol, proto::TCP | proto::UDP | proto::SCTP | 33) {
            let _ = write!(self.out, "{} > {}: ", info.src, info.dst);
        }
        if hlen > bp.len() {
            let _ = write!(self.out, " [remaining caplen({}) < header length({hlen})]", bp.len());
            return Err(Trunc);
        }
        let payload = &bp[hlen..];
        match info.protocol {
            proto::TCP => self.tcp(payload, plen, info),
            proto::UDP => self.udp(payload, plen, info),
            proto::ICMP => self.icmp(payload, plen, info),
            other => {
                let _ = write!(self.out, " ip-proto-{other} {plen}");
                Ok(())
            }
        }
    }

    /// The `-v` part of `ip_print`: `(tos 0x0, ttl 64, id 1, offset 0,
    /// flags [DF], proto UDP (17), length 33)` and the line break with its
    /// four-space indent. Returns `false` when the options were cut short
    /// (the packet then ends with the addresses and ` [|ip]`).
    fn ip_verbose_header(&mut self, bp: &[u8], hlen: usize, off: u16, info: IpInfo) -> Result<bool, Trunc> {
        let tos = bp[1];
        let _ = write!(self.out, "(tos 0x{tos:x}");
        self.out.push_str(match tos & 0x03 {
            1 => ",ECT(1)",
            2 => ",ECT(0)",
            3 => ",CE",
            _ => "",
        });
        let ttl = bp[8];
        if ttl >= 1 {
            let _ = write!(self.out, ", ttl {ttl}");
        }
        let mut flags = Vec::new();
        for (bit, name) in [(0x2000, "+"), (0x4000, "DF"), (0x8000, "rsvd")] {
            if off & bit != 0 {
                flags.push(name);
            }
        }
        let _ = write!(
            self.out,
            ", id {}, offset {}, flags [{}], proto {} ({}), length {}",
            u16_at(bp, 4)?,
            (off & 0x1fff) * 8,
            if flags.is_empty() { "none".to_string() } else { flags.join(", ") },
            ip_protocol_name(info.protocol),
            info.protocol,
            u16_at(bp, 2)?
        );
        let mut options_cut = false;
        if hlen > 20 {
            self.out.push_str(", options (");
            if self.ip_options(bp, 20, hlen - 20)?.is_some() {
                self.out.push_str(" [truncated-option]");
                options_cut = true;
            }
            self.out.push(')');
        }
        if let Some(header) = bp.get(..hlen) {
            let sum = checksum::checksum(header);
            if sum != 0 {
                let field = u16_at(bp, 10)?;
                let _ = write!(self.out, ", bad cksum {field:x} (->{:x})!", checksum_should_be(field, sum));
            }
        }
        self.out.push_str(")\n    ");
        if options_cut {
            let _ = write!(self.out, "{} > {}: ", info.src, info.dst);
            self.trunc();
            return Ok(false);
        }
        Ok(true)
    }

    /// `ip_optprint`: the options in `bp[at..at + length]`. `Err` is a cut
    /// in the middle of a read (the packet ends there); `OptionCut` an
    /// option whose bytes were not all captured (its `-1`).
    fn ip_options(&mut self, bp: &[u8], mut at: usize, mut length: usize) -> Result<Option<OptionCut>, Trunc> {
        let mut sep = "";
        while length > 0 {
            self.out.push_str(sep);
            sep = ",";
            let code = u8_at(bp, at)?;
            self.out.push_str(&ip_option_name(code));
            let option_len = if code == 0 || code == 1 {
                1
            } else {
                let option_len = usize::from(u8_at(bp, at + 1)?);
                if option_len < 2 {
                    let _ = write!(self.out, " [bad length {option_len}]");
                    return Ok(None);
                }
                option_len
            };
            if option_len > length {
                let _ = write!(self.out, " [bad length {option_len}]");
                return Ok(None);
            }
            if bp.len() < at + option_len {
                return Ok(Some(OptionCut));
            }
            let printed = match code {
                0 => return Ok(None),
                68 => self.ip_option_timestamp(bp, at, option_len as u32),
                7 | 131 | 137 => self.ip_option_route(bp, at, option_len as u32),
                148 => {
                    if option_len < 4 {
                        let _ = write!(self.out, " [bad length {option_len}]");
                    } else {
                        let value = be::u16_at(bp, at + 2);
                        if value != 0 {
                            let _ = write!(self.out, " value {value}");
                        }
                    }
                    Ok(())
                }
                _ => Ok(()),
            };
            if let Err(cut) = printed {
                return Ok(Some(cut));
            }
            at += option_len;
            length -= option_len;
        }
        Ok(None)
    }

    /// `ip_printroute` for the record-route and source-route options at
    /// `bp[at..at + length]`. Like tcpdump, it reads whole addresses even
    /// past the option's end; `Err` when one was not captured.
    fn ip_option_route(&mut self, bp: &[u8], at: usize, length: u32) -> Result<(), OptionCut> {
        if length < 3 {
            let _ = write!(self.out, " [bad length {length}]");
            return Ok(());
        }
        if (length + 1) & 3 != 0 {
            let _ = write!(self.out, " [bad length {length}]");
        }
        let pointer = bp.get(at + 2).copied().ok_or(OptionCut)?;
        let ptr = u32::from(pointer).wrapping_sub(1);
        if ptr < 3 || ptr.wrapping_add(1) & 3 != 0 || ptr > length + 1 {
            let _ = write!(self.out, " [bad ptr {pointer}]");
        }
        let mut len = 3;
        while len < length {
            let addr = ip_at(bp, at + len as usize).map_err(|_| OptionCut)?;
            let _ = write!(self.out, " {addr}");
            if ptr > len {
                self.out.push(',');
            }
            len += 4;
        }
        Ok(())
    }

    /// `ip_printts` for the timestamp option at `bp[at..at + length]`;
    /// `Err` when a hop's bytes were not captured.
    fn ip_option_timestamp(&mut self, bp: &[u8], at: usize, length: u32) -> Result<(), OptionCut> {
        let byte = |i: u32| bp.get(at + i as usize).copied().ok_or(OptionCut);
        if length < 4 {
            let _ = write!(self.out, "[bad length {length}]");
            return Ok(());
        }
        self.out.push_str(" TS{");
        let flag = byte(3)?;
        let hoplen: u32 = if flag & 0x0f != 0 { 8 } else { 4 };
        if (length - 4) & (hoplen - 1) != 0 {
            let _ = write!(self.out, "[bad length {length}]");
        }
        let pointer = byte(2)?;
        let ptr = u32::from(pointer).wrapping_sub(1);
        if ptr < 4 || ptr.wrapping_sub(4) & (hoplen - 1) != 0 || ptr > length + 1 {
            let _ = write!(self.out, "[bad ptr {pointer}]");
        }
        let mut len = 0;
        let kind_name = match flag & 0x0f {
            0 => Some("TSONLY"),
            1 => Some("TS+ADDR"),
            3 => Some("PRESPEC"),
            _ => None,
        };
        match kind_name {
            Some(name) => {
                self.out.push_str(name);
                let mut sep = " ";
                len = 4;
                while len < length {
                    if ptr == len {
                        sep = " ^ ";
                    }
                    let hop = at + len as usize;
                    if bp.len() < hop + hoplen as usize {
                        return Err(OptionCut);
                    }
                    let time = be::u32_at(bp, hop + hoplen as usize - 4);
                    let _ = write!(self.out, "{sep}{time}@");
                    if hoplen == 8 {
                        let _ = write!(self.out, "{}", Ipv4Addr::from(be::u32_at(bp, hop)));
                    }
                    sep = " ";
                    len += hoplen;
                }
            }
            None => {
                let _ = write!(self.out, "[bad ts type {}]", flag & 0x0f);
            }
        }
        if ptr == len {
            self.out.push_str(" ^ ");
        }
        if flag >> 4 != 0 {
            let _ = write!(self.out, " [{} hops not recorded]}} ", flag >> 4);
        } else {
            self.out.push('}');
        }
        Ok(())
    }

    /// `tcp_print`.
    fn tcp(&mut self, bp: &[u8], length: usize, ip: IpInfo) -> Step {
        self.protocol = "tcp";
        if bp.len() < 4 {
            let _ = write!(self.out, "{} > {}:", ip.src, ip.dst);
            return Err(Trunc);
        }
        let sport = u16_at(bp, 0)?;
        let dport = u16_at(bp, 2)?;
        let _ = write!(self.out, "{}.{sport} > {}.{dport}: ", ip.src, ip.dst);
        if bp.len() < 20 {
            return Err(Trunc);
        }
        let hlen = usize::from(bp[12] >> 4) * 4;
        if hlen < 20 {
            let _ = write!(self.out, " tcp {} [bad hdr length {hlen} - too short, < 20]", (length as u32).wrapping_sub(hlen as u32));
            return Ok(());
        }
        let mut seq = u32_at(bp, 4)?;
        let mut ack = u32_at(bp, 8)?;
        let flags = bp[13];
        let win = u16_at(bp, 14)?;
        let urp = u16_at(bp, 18)?;
        let _ = write!(self.out, "Flags [{}]", super::tcp::Flags(flags));
        const FIN: u8 = 0x01;
        const SYN: u8 = 0x02;
        const RST: u8 = 0x04;
        const ACK: u8 = 0x10;
        const URG: u8 = 0x20;
        // Relative sequence numbers: the first segment with ACK of a
        // connection records its ISNs; later segments print offsets.
        let mut rev = false;
        let mut base = SeqBase { seq: 0, ack: 0 };
        if !self.fmt.options.absolute_seq && flags & ACK != 0 {
            let (s, d) = (u32::from(ip.src), u32::from(ip.dst));
            rev = sport > dport || (sport == dport && ip.src.octets() > ip.dst.octets());
            let key = if rev {
                FlowKey { src: d, dst: s, ports: (u32::from(dport) << 16) | u32::from(sport) }
            } else {
                FlowKey { src: s, dst: d, ports: (u32::from(sport) << 16) | u32::from(dport) }
            };
            match self.fmt.tcp_seq.get(&key) {
                Some(b) if flags & SYN == 0 => {
                    base = *b;
                    if rev {
                        seq = seq.wrapping_sub(b.ack);
                        ack = ack.wrapping_sub(b.seq);
                    } else {
                        seq = seq.wrapping_sub(b.seq);
                        ack = ack.wrapping_sub(b.ack);
                    }
                }
                _ => {
                    base = if rev { SeqBase { seq: ack.wrapping_sub(1), ack: seq } } else { SeqBase { seq, ack: ack.wrapping_sub(1) } };
                    self.fmt.tcp_seq.insert(key, base);
                }
            }
        }
        if hlen > length {
            let _ = write!(self.out, " [bad hdr length {hlen} - too long, > {length}]");
            return Ok(());
        }
        if self.fmt.options.verbose
            && !ip.fragmented
            && let Some(segment) = bp.get(..length)
        {
            let field = be::u16_at(bp, 16);
            let sum = transport_checksum(ip, segment);
            let _ = write!(self.out, ", cksum 0x{field:04x}");
            if sum == 0 {
                self.out.push_str(" (correct)");
            } else {
                let _ = write!(self.out, " (incorrect -> 0x{:04x})", checksum_should_be(field, sum));
            }
        }
        let data_len = length - hlen;
        if data_len > 0 || flags & (SYN | FIN | RST) != 0 {
            let _ = write!(self.out, ", seq {seq}");
            if data_len > 0 {
                let _ = write!(self.out, ":{}", seq.wrapping_add(data_len as u32));
            }
        }
        if flags & ACK != 0 {
            let _ = write!(self.out, ", ack {ack}");
        }
        let _ = write!(self.out, ", win {win}");
        if flags & URG != 0 {
            let _ = write!(self.out, ", urg {urp}");
        }
        if hlen > 20 {
            self.out.push_str(", options [");
            match self.tcp_options(bp, hlen, rev, base) {
                OptionsEnd::Done => self.out.push(']'),
                OptionsEnd::Bad { printed } => {
                    self.out.push_str("[bad opt]");
                    if printed {
                        self.out.push(']');
                    }
                    return Ok(());
                }
                OptionsEnd::Truncated { printed } => {
                    self.trunc();
                    if printed {
                        self.out.push('>');
                    }
                    return Ok(());
                }
            }
        }
        let _ = write!(self.out, ", length {data_len}");
        if data_len == 0 {
            return Ok(());
        }
        if hlen > bp.len() {
            let _ = write!(self.out, " [remaining caplen({}) < header length({hlen})]", bp.len());
            return Err(Trunc);
        }
        let payload = &bp[hlen..];
        if flags & RST != 0 && self.fmt.options.verbose {
            self.tcp_rst_data(payload, data_len);
            return Ok(());
        }
        if [sport, dport].iter().any(|&p| p == 80 || p == 8080) {
            self.out.push_str(": ");
            self.http(payload, data_len)?;
        }
        Ok(())
    }

    /// `print_tcp_rst_data`: the text a reset carries (RFC 1122 4.2.2.12),
    /// at most 30 bytes, control and non-ASCII bytes escaped.
    fn tcp_rst_data(&mut self, data: &[u8], length: usize) {
        self.out.push_str(if data.len() >= length { " [RST" } else { " [!RST" });
        if length > 30 {
            self.out.push('+');
        }
        self.out.push(' ');
        for &byte in data.iter().take(length.min(30)) {
            let mut c = byte;
            if !c.is_ascii() {
                c &= 0x7f;
                self.out.push_str("M-");
            }
            if !(0x20..=0x7e).contains(&c) {
                c ^= 0x40;
                self.out.push('^');
            }
            self.out.push(char::from(c));
        }
        self.out.push(']');
    }

    /// The option list of `tcp_print`, replicating its length accounting.
    fn tcp_options(&mut self, bp: &[u8], hlen: usize, rev: bool, base: SeqBase) -> OptionsEnd {
        let mut left = hlen - 20;
        let mut cp = 20;
        let mut printed = false;
        while left > 0 {
            if printed {
                self.out.push(',');
            }
            let Some(&opt) = bp.get(cp) else {
                return OptionsEnd::Truncated { printed };
            };
            cp += 1;
            let len;
            if opt == 0 || opt == 1 {
                len = 1;
            } else {
                let Some(&l) = bp.get(cp) else {
                    return OptionsEnd::Truncated { printed };
                };
                cp += 1;
                len = usize::from(l);
                if len < 2 || len > left {
                    return OptionsEnd::Bad { printed };
                }
                left -= 1;
            }
            left -= 1;
            self.out.push_str(&tcp_option_name(opt));
            // LENCHECK: the option's data must fit the header and the capture.
            let check = |n: usize| -> Result<(), OptionsEnd> {
                if n > left {
                    Err(OptionsEnd::Bad { printed })
                } else if cp + n > bp.len() {
                    Err(OptionsEnd::Truncated { printed })
                } else {
                    Ok(())
                }
            };
            let datalen = match opt {
                2 => {
                    if let Err(e) = check(2) {
                        return e;
                    }
                    let _ = write!(self.out, " {}", be::u16_at(bp, cp));
                    2
                }
                3 => {
                    if let Err(e) = check(1) {
                        return e;
                    }
                    let _ = write!(self.out, " {}", bp[cp]);
                    1
                }
                5 => {
                    let datalen = len - 2;
                    if datalen % 8 != 0 {
                        self.out.push_str(" invalid sack");
                    } else {
                        let _ = write!(self.out, " {} ", datalen / 8);
                        for i in (0..datalen).step_by(8) {
                            if let Err(e) = check(i + 8) {
                                return e;
                            }
                            let mut s = be::u32_at(bp, cp + i);
                            let mut e = be::u32_at(bp, cp + i + 4);
                            let shift = if rev { base.seq } else { base.ack };
                            s = s.wrapping_sub(shift);
                            e = e.wrapping_sub(shift);
                            let _ = write!(self.out, "{{{s}:{e}}}");
                        }
                    }
                    datalen
                }
                8 => {
                    if let Err(e) = check(8) {
                        return e;
                    }
                    let _ = write!(self.out, " val {} ecr {}", be::u32_at(bp, cp), be::u32_at(bp, cp + 4));
                    8
                }
                0 | 1 | 4 => 0,
                _ => {
                    let datalen = len - 2;
                    if datalen > 0 {
                        self.out.push_str(" 0x");
                    }
                    for i in 0..datalen {
                        if let Err(e) = check(i + 1) {
                            return e;
                        }
                        let _ = write!(self.out, "{:02x}", bp[cp + i]);
                    }
                    datalen
                }
            };
            cp += datalen;
            left = left.saturating_sub(datalen);
            let spec = datalen + if opt == 0 || opt == 1 { 1 } else { 2 };
            if spec != len {
                let _ = write!(self.out, "[len {len}]");
            }
            printed = true;
            if opt == 0 {
                break;
            }
        }
        OptionsEnd::Done
    }

    /// `http_print`: `txtproto_print` with HTTP's request methods. A request
    /// or response prints its first line; with `-v`, the payload length and
    /// every text line, each on its own tab-indented line.
    fn http(&mut self, bp: &[u8], length: usize) -> Step {
        self.protocol = "http";
        let token_len = length.min(bp.len());
        let mut print_this = false;
        if let Some((token, idx)) = fetch_token(bp, 0, token_len) {
            if HTTP_METHODS.iter().any(|m| m.as_bytes().eq_ignore_ascii_case(token)) {
                print_this = true;
            }
            // A response: the second token is a three-digit status code.
            if let Some((code, _)) = fetch_token(bp, idx, token_len)
                && code.len() == 3
                && code.iter().all(u8::is_ascii_digit)
            {
                print_this = true;
            }
        }
        self.out.push_str("HTTP");
        if !print_this {
            return Ok(());
        }
        if !self.fmt.options.verbose {
            self.print_txt_line(": ", bp, 0, length)?;
            return Ok(());
        }
        let _ = write!(self.out, ", length: {length}");
        let mut idx = 0;
        while idx < length {
            match self.print_txt_line("\n\t", bp, idx, length)? {
                Some(eol) => idx = eol,
                None => break,
            }
        }
        Ok(())
    }

    /// `print_txt_line`: the text line of `bp[idx..len]` after `prefix`,
    /// and the index after its end of line; `None` (nothing printed) for
    /// binary data or a CR without LF at the end. A last line without an
    /// end of line is printed as cut (` [|http]`). Reading past what was
    /// captured ends the packet.
    fn print_txt_line(&mut self, prefix: &str, bp: &[u8], mut idx: usize, len: usize) -> Result<Option<usize>, Trunc> {
        let start = idx;
        while idx < len {
            match u8_at(bp, idx)? {
                b'\n' => {
                    self.push_line(prefix, &bp[start..idx]);
                    return Ok(Some(idx + 1));
                }
                b'\r' => {
                    if idx + 1 >= len {
                        return Ok(None);
                    }
                    if u8_at(bp, idx + 1)? == b'\n' {
                        self.push_line(prefix, &bp[start..idx]);
                        return Ok(Some(idx + 2));
                    }
                    return Ok(None);
                }
                b'\t' | 0x20..=0x7e => idx += 1,
                _ => return Ok(None),
            }
        }
        self.push_line(prefix, &bp[start..idx]);
        self.trunc();
        Ok(None)
    }

    fn push_line(&mut self, prefix: &str, line: &[u8]) {
        self.out.push_str(prefix);
        self.out.extend(line.iter().map(|&b| char::from(b)));
    }

    /// `udp_print` for IPv4.
    fn udp(&mut self, bp: &[u8], length: usize, ip: IpInfo) -> Step {
        self.protocol = "udp";
        if bp.len() < 4 {
            let _ = write!(self.out, "{} > {}: ", ip.src, ip.dst);
            return Err(Trunc);
        }
        let sport = u16_at(bp, 0)?;
        let dport = u16_at(bp, 2)?;
        let addrs = format!("{}.{sport} > {}.{dport}: ", ip.src, ip.dst);
        if length < 8 {
            let _ = write!(self.out, "{addrs}truncated-udp {length}");
            return Ok(());
        }
        let Ok(ulen) = u16_at(bp, 4) else {
            self.out.push_str(&addrs);
            return Err(Trunc);
        };
        let ulen = usize::from(ulen);
        if ulen < 8 {
            let _ = write!(self.out, "{addrs}truncated-udplength {ulen}");
            return Ok(());
        }
        let ulen = ulen - 8;
        let length = (length - 8).min(ulen);
        self.out.push_str(&addrs);
        if bp.len() < 8 {
            return Err(Trunc);
        }
        let payload = &bp[8..];
        if sport == vxlan::UDP_PORT || dport == vxlan::UDP_PORT {
            return self.vxlan(payload, length);
        }
        if sport == vxlan::LINUX_LEGACY_UDP_PORT || dport == vxlan::LINUX_LEGACY_UDP_PORT {
            return self.otv(payload, length);
        }
        if ulen > length && !ip.fragmented {
            let _ = write!(self.out, "UDP, bad length {ulen} > {length}");
        } else {
            let _ = write!(self.out, "UDP, length {ulen}");
        }
        Ok(())
    }

    /// `vxlan_print`: the header, then the inner frame on the next line.
    fn vxlan(&mut self, bp: &[u8], length: usize) -> Step {
        self.protocol = "vxlan";
        self.out.push_str("VXLAN");
        if length < vxlan::HEADER_LEN {
            self.out.push_str(" (invalid)");
            return Ok(());
        }
        let flags = u8_at(bp, 0)?;
        let _ = write!(self.out, ", flags [{}] (0x{flags:02x}), ", if flags & vxlan::FLAG_I != 0 { "I" } else { "invalid" });
        let vni = u24_at(bp, 4)?;
        let _ = writeln!(self.out, "vni {vni}");
        // tcpdump 4.99.3 reports a cut in the VXLAN header itself as
        // ` [|vxlan]`, after the VNI (observed, not derived from its source).
        let inner = bp.get(vxlan::HEADER_LEN..length.min(bp.len())).ok_or(Trunc)?;
        self.ether(inner)
    }

    /// `otv_print` (UDP 8472, which Linux also uses for VXLAN by default).
    fn otv(&mut self, bp: &[u8], length: usize) -> Step {
        self.protocol = "otv";
        self.out.push_str("OTV, ");
        if length < 8 {
            let _ = write!(self.out, "[length {length} < 8] (invalid)");
            return Ok(());
        }
        let flags = u8_at(bp, 0)?;
        let _ = write!(self.out, "flags [{}] (0x{flags:02x}), ", if flags & 0x08 != 0 { "I" } else { "." });
        let overlay = u24_at(bp, 1)?;
        let _ = write!(self.out, "overlay {overlay}, ");
        let instance = u24_at(bp, 4)?;
        let _ = writeln!(self.out, "instance {instance}");
        self.ether(bp.get(8..length.min(bp.len())).unwrap_or(&[]))
    }

    /// `icmp_print`: the message text is built first and only printed if
    /// every byte it needs was captured. With `-v`, the checksum is
    /// verified, an error's quoted packet follows on a tab-indented line and
    /// RFC 4884 extensions are decoded.
    fn icmp(&mut self, bp: &[u8], plen: usize, ip: IpInfo) -> Step {
        self.protocol = "icmp";
        let ty = u8_at(bp, 0)?;
        let code = u8_at(bp, 1)?;
        let text = match ty {
            0 | 8 => format!("echo {}, id {}, seq {}", if ty == 8 { "request" } else { "reply" }, u16_at(bp, 4)?, u16_at(bp, 6)?),
            3 => icmp_unreachable_text(bp, code)?,
            5 => {
                let (dst, gw) = (ip_at(bp, 24)?, ip_at(bp, 4)?);
                match code {
                    0 => format!("redirect {dst} to net {gw}"),
                    1 => format!("redirect {dst} to host {gw}"),
                    2 => format!("redirect-tos {dst} to net {gw}"),
                    3 => format!("redirect-tos {dst} to host {gw}"),
                    _ => format!("redirect-#{code} {dst} to {gw}"),
                }
            }
            9 => router_advertisement_text(bp)?,
            11 => {
                ip_at(bp, 24)?;
                match code {
                    0 => "time exceeded in-transit".to_string(),
                    1 => "ip reassembly time exceeded".to_string(),
                    _ => format!("time exceeded-#{code}"),
                }
            }
            12 => {
                if code != 0 {
                    format!("parameter problem - code {code}")
                } else {
                    format!("parameter problem - octet {}", u8_at(bp, 4)?)
                }
            }
            13 => format!("time stamp query id {} seq {}", u16_at(bp, 4)?, u16_at(bp, 6)?),
            14 => {
                u32_at(bp, 16)?;
                format!(
                    "time stamp reply id {} seq {}: org {}, recv {}, xmit {}",
                    u16_at(bp, 4)?,
                    u16_at(bp, 6)?,
                    icmp_tstamp(u32_at(bp, 8)?),
                    icmp_tstamp(u32_at(bp, 12)?),
                    icmp_tstamp(u32_at(bp, 16)?)
                )
            }
            18 => format!("address mask is 0x{:08x}", u32_at(bp, 8)?),
            4 => "source quench".to_string(),
            10 => "router solicitation".to_string(),
            15 => "information request".to_string(),
            16 => "information reply".to_string(),
            17 => "address mask request".to_string(),
            _ => format!("type-#{ty}"),
        };
        let _ = write!(self.out, "ICMP {text}, length {plen}");
        if !self.fmt.options.verbose {
            return Ok(());
        }
        if !ip.fragmented
            && let Some(message) = bp.get(..plen)
        {
            let sum = checksum::checksum(message);
            if sum != 0 {
                let field = be::u16_at(bp, 2);
                let _ = write!(self.out, " (wrong icmp cksum {field:x} (->{:x})!)", checksum_should_be(field, sum));
            }
        }
        let is_error = matches!(ty, 3 | 4 | 5 | 11 | 12);
        if is_error {
            // The quoted datagram, cut at its own total length.
            self.out.push_str("\n\t");
            let quoted_len = usize::from(u16_at(bp, 10)?);
            let quoted = bp.get(8..).unwrap_or_default();
            self.ip(&quoted[..quoted.len().min(quoted_len)], quoted_len)?;
            self.protocol = "icmp";
        }
        if plen > ICMP_EXTENSION_OFFSET && matches!(ty, 3 | 11 | 12) {
            self.icmp_extensions(bp, plen)?;
        }
        Ok(())
    }

    /// The RFC 4884 multi-part extension structure of an ICMP error whose
    /// message is longer than the 128-byte quote it starts after. A message
    /// without a length field only counts as extended when the would-be
    /// extension's checksum verifies.
    fn icmp_extensions(&mut self, bp: &[u8], plen: usize) -> Step {
        const START: usize = ICMP_EXTENSION_OFFSET;
        // `ND_TCHECK_SIZE(ext_dp)`: the fixed part of `struct icmp_ext_t`.
        if bp.len() < START + 5 {
            self.trunc();
            return Ok(());
        }
        if bp[5] == 0
            && let Some(extension) = bp.get(START..plen)
            && checksum::checksum(extension) != 0
        {
            return Ok(());
        }
        let version = bp[START] >> 4;
        let _ = write!(self.out, "\n\tICMP Multi-Part extension v{version}");
        if version != 2 {
            self.out.push_str(" packet not supported");
            return Ok(());
        }
        let mut left = (plen - START) as u32;
        if let Some(extension) = bp.get(START..plen) {
            let _ = write!(
                self.out,
                ", checksum 0x{:04x} ({}correct), length {left}",
                be::u16_at(bp, START + 2),
                if checksum::checksum(extension) != 0 { "in" } else { "" }
            );
        }
        left = left.wrapping_sub(4);
        let mut at = START + 4;
        while left > 4 {
            let Some(header) = bp.get(at..at + 4) else {
                self.trunc();
                return Ok(());
            };
            let object_len = be::u16_at(header, 0);
            let (class, ctype) = (header[2], header[3]);
            at += 4;
            let _ = write!(
                self.out,
                "\n\t  {} Object ({class}), Class-Type: {ctype}, length {object_len}",
                match class {
                    1 => "MPLS Stack Entry",
                    2 => "Interface Identification",
                    _ => "unknown",
                }
            );
            left -= 4;
            if class == 0 || object_len < 4 {
                return Ok(());
            }
            let data_len = u32::from(object_len - 4);
            if class == 1 && ctype == 1 {
                let entry = u32_at(bp, at)?;
                let _ = write!(self.out, "\n\t    label {}, tc {}", entry >> 12, (entry >> 9) & 0x7);
                if entry & 0x100 != 0 {
                    self.out.push_str(", [S]");
                }
                let _ = write!(self.out, ", ttl {}", entry & 0xff);
            } else {
                self.unknown_data(bp, at, data_len as usize, "\n\t    ");
            }
            if left < data_len {
                break;
            }
            left -= data_len;
            at += data_len as usize;
        }
        Ok(())
    }

    /// `print_unknown_data`: `hex_print` of what was captured of
    /// `bp[at..at + len]`.
    fn unknown_data(&mut self, bp: &[u8], at: usize, len: usize, indent: &str) {
        let Some(data) = bp.get(at..) else {
            let _ = write!(self.out, "{indent}Dissector error: print_unknown_data called with pointer past end of packet");
            return;
        };
        let data = &data[..len.min(data.len())];
        for (i, pair) in data.chunks(2).enumerate() {
            if i % 8 == 0 {
                let _ = write!(self.out, "{indent}0x{:04x}: ", i * 2);
            }
            for (j, byte) in pair.iter().enumerate() {
                let _ = write!(self.out, "{}{byte:02x}", if j == 0 { " " } else { "" });
            }
        }
    }
}

/// Where an RFC 4884 extension structure starts in an ICMP message: after
/// the 8-byte header and the 128-byte original datagram field.
const ICMP_EXTENSION_OFFSET: usize = 136;

enum OptionsEnd {
    Done,
    Bad { printed: bool },
    Truncated { printed: bool },
}

fn icmp_unreachable_text(bp: &[u8], code: u8) -> Result<String, Trunc> {
    let dst = || ip_at(bp, 24);
    Ok(match code {
        0 => format!("net {} unreachable", dst()?),
        1 => format!("host {} unreachable", dst()?),
        2 => format!("{} protocol {} unreachable", dst()?, u8_at(bp, 17)?),
        3 => {
            let ip_proto = u8_at(bp, 17)?;
            let hlen = usize::from(u8_at(bp, 8)? & 0x0f) * 4;
            let dport = u16_at(bp, 8 + hlen + 2)?;
            match ip_proto {
                proto::TCP => format!("{} tcp port {dport} unreachable", dst()?),
                proto::UDP => format!("{} udp port {dport} unreachable", dst()?),
                _ => format!("{} protocol {ip_proto} port {dport} unreachable", dst()?),
            }
        }
        4 => {
            let mtu = u16_at(bp, 6)?;
            if mtu != 0 { format!("{} unreachable - need to frag (mtu {mtu})", dst()?) } else { format!("{} unreachable - need to frag", dst()?) }
        }
        5 => format!("{} unreachable - source route failed", dst()?),
        6 => format!("net {} unreachable - unknown", dst()?),
        7 => format!("host {} unreachable - unknown", dst()?),
        8 => format!("{} unreachable - source host isolated", dst()?),
        9 => format!("net {} unreachable - admin prohibited", dst()?),
        10 => format!("host {} unreachable - admin prohibited", dst()?),
        11 => format!("net {} unreachable - tos prohibited", dst()?),
        12 => format!("host {} unreachable - tos prohibited", dst()?),
        13 => format!("host {} unreachable - admin prohibited filter", dst()?),
        14 => format!("host {} unreachable - host precedence violation", dst()?),
        15 => format!("host {} unreachable - precedence cutoff", dst()?),
        _ => format!("{} unreachable - #{code}", dst()?),
    })
}

/// Router advertisement (RFC 1256): lifetime and the address list.
fn router_advertisement_text(bp: &[u8]) -> Result<String, Trunc> {
    let mut s = String::from("router advertisement lifetime ");
    let lifetime = u16_at(bp, 6)?;
    let _ = match lifetime {
        0..60 => write!(s, "{lifetime}"),
        60..3600 => write!(s, "{}:{:02}", lifetime / 60, lifetime % 60),
        _ => write!(s, "{}:{:02}:{:02}", lifetime / 3600, lifetime % 3600 / 60, lifetime % 60),
    };
    let num = u8_at(bp, 4)?;
    let _ = write!(s, " {num}:");
    let size = u8_at(bp, 5)?;
    if size != 2 {
        let _ = write!(s, " [size {size}]");
        return Ok(s);
    }
    for i in 0..usize::from(num) {
        let at = 8 + i * 8;
        let _ = write!(s, " {{{} {}}}", ip_at(bp, at)?, u32_at(bp, at + 4)?);
    }
    Ok(s)
}

/// Milliseconds since midnight UTC as `HH:MM:SS.mmm` (`icmp_tstamp_print`).
fn icmp_tstamp(ms: u32) -> String {
    let (msec, sec) = (ms % 1000, ms / 1000);
    let (min, sec) = (sec / 60, sec % 60);
    let (hrs, min) = (min / 60, min % 60);
    format!("{hrs:02}:{min:02}:{sec:02}.{msec:03}")
}

/// tcpdump's `fetch_token`: the printable-ASCII token at `idx` and the index
/// of the next token on the line (whitespace skipped), or `None`.
fn fetch_token(bp: &[u8], mut idx: usize, len: usize) -> Option<(&[u8], usize)> {
    let start = idx;
    while idx < len {
        let c = bp[idx];
        if !c.is_ascii() {
            return None;
        }
        if matches!(c, b' ' | b'\t' | b'\r' | b'\n') {
            break;
        }
        if !(0x20..=0x7e).contains(&c) || idx - start + 2 > 129 {
            return None;
        }
        idx += 1;
    }
    if idx == start {
        return None;
    }
    let token = &bp[start..idx];
    while idx < len {
        let c = bp[idx];
        if c == b'\r' || c == b'\n' || !(0x20..=0x7e).contains(&c) || (c != b' ' && c != b'\t') {
            break;
        }
        idx += 1;
    }
    Some((token, idx))
}

/// The request methods `print-http.c` recognises (WebDAV included).
const HTTP_METHODS: [&str; 38] = [
    "GET",
    "PUT",
    "COPY",
    "HEAD",
    "LOCK",
    "MOVE",
    "POLL",
    "POST",
    "BCOPY",
    "BMOVE",
    "MKCOL",
    "TRACE",
    "LABEL",
    "MERGE",
    "DELETE",
    "SEARCH",
    "UNLOCK",
    "REPORT",
    "UPDATE",
    "NOTIFY",
    "BDELETE",
    "CONNECT",
    "OPTIONS",
    "CHECKIN",
    "PROPFIND",
    "CHECKOUT",
    "CCM_POST",
    "SUBSCRIBE",
    "PROPPATCH",
    "BPROPFIND",
    "BPROPPATCH",
    "UNCHECKOUT",
    "MKACTIVITY",
    "MKWORKSPACE",
    "UNSUBSCRIBE",
    "RPC_CONNECT",
    "VERSION-CONTROL",
    "BASELINE-CONTROL",
];

/// `ip_finddst`: the final destination of a valid source route in the
/// options of the header `bp[..hlen]`, else the header's destination.
fn ip_final_dst(bp: &[u8], hlen: usize) -> Ipv4Addr {
    let header_dst = Ipv4Addr::from(be::get_u32(bp, 16).unwrap_or(0));
    let mut at = 20;
    let mut length = hlen.saturating_sub(20);
    while length != 0 {
        let Some(&code) = bp.get(at) else {
            break;
        };
        let len = match code {
            0 => break,
            1 => 1,
            _ => match bp.get(at + 1) {
                Some(&len) if len >= 2 => usize::from(len),
                _ => break,
            },
        };
        if length < len || bp.len() < at + len {
            break;
        }
        if matches!(code, 131 | 137) && len >= 7 {
            return Ipv4Addr::from(be::u32_at(bp, at + len - 4));
        }
        at += len;
        length -= len;
    }
    header_dst
}

/// The checksum field value that would have verified: the field plus the
/// computed complement, in one's-complement arithmetic
/// (`in_cksum_shouldbe`).
fn checksum_should_be(field: u16, computed: u16) -> u16 {
    let mut sum = u32::from(field) + u32::from(computed);
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    sum as u16
}

/// The checksum tcpdump computes over a TCP or UDP segment and its
/// pseudo-header: zero when it verifies.
fn transport_checksum(ip: IpInfo, segment: &[u8]) -> u16 {
    !checksum::combine(&[checksum::pseudo_header(ip.src, ip.pseudo_dst, ip.protocol, segment.len() as u16), checksum::sum(segment)])
}

/// `ipproto_values`.
fn ip_protocol_name(protocol: u8) -> &'static str {
    match protocol {
        0 => "Options",
        1 => "ICMP",
        2 => "IGMP",
        4 => "IPIP",
        6 => "TCP",
        8 => "EGP",
        9 => "IGRP",
        17 => "UDP",
        33 => "DCCP",
        41 => "IPv6",
        43 => "Routing",
        44 => "Fragment",
        46 => "RSVP",
        47 => "GRE",
        50 => "ESP",
        51 => "AH",
        55 => "Mobile IP",
        58 => "ICMPv6",
        62 => "Mobile IP (old)",
        88 => "EIGRP",
        89 => "OSPF",
        103 => "PIM",
        108 => "Compressed IP",
        112 => "VRRP",
        113 => "PGM",
        132 => "SCTP",
        135 => "Mobility",
        143 => "Ethernet",
        _ => "unknown",
    }
}

/// `ip_option_values`.
fn ip_option_name(code: u8) -> String {
    match code {
        0 => "EOL".into(),
        1 => "NOP".into(),
        7 => "RR".into(),
        68 => "timestamp".into(),
        82 => "traceroute".into(),
        130 => "security".into(),
        131 => "LSRR".into(),
        137 => "SSRR".into(),
        148 => "RA".into(),
        other => format!("unknown {other}"),
    }
}

fn ethertype_name(t: u16) -> &'static str {
    match t {
        0x0800 => "IPv4",
        0x0806 => "ARP",
        0x86dd => "IPv6",
        0x8100 => "802.1Q",
        0x88a8 => "802.1Q-QinQ",
        0x88cc => "LLDP",
        0x8035 => "Reverse ARP",
        0x8847 => "MPLS unicast",
        0x8848 => "MPLS multicast",
        0x888e => "EAPOL",
        _ => "Unknown",
    }
}

fn arp_op_name(op: u16) -> String {
    match op {
        1 => "Request".into(),
        2 => "Reply".into(),
        3 => "Reverse Request".into(),
        4 => "Reverse Reply".into(),
        8 => "Inverse Request".into(),
        9 => "Inverse Reply".into(),
        10 => "NACK Reply".into(),
        other => format!("Unknown ({other})"),
    }
}

fn arp_hardware_name(hrd: u16) -> String {
    match hrd {
        1 => "Ethernet".into(),
        6 => "TokenRing".into(),
        15 => "FrameRelay".into(),
        24 => "IEEE1394".into(),
        other => format!("Unknown Hardware ({other})"),
    }
}

fn arp_protocol_name(pro: u16) -> String {
    match ethertype_name(pro) {
        "Unknown" => format!("Unknown Protocol (0x{pro:04x})"),
        name => name.to_string(),
    }
}

/// tcpdump's `linkaddr_string`: colon-separated hex, `<empty>` for none.
fn link_addr(bytes: &[u8]) -> String {
    if bytes.is_empty() {
        return "<empty>".into();
    }
    let mut s = String::with_capacity(bytes.len() * 3);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            s.push(':');
        }
        let _ = write!(s, "{b:02x}");
    }
    s
}

fn tcp_option_name(kind: u8) -> String {
    match kind {
        0 => "eol".into(),
        1 => "nop".into(),
        2 => "mss".into(),
        3 => "wscale".into(),
        4 => "sackOK".into(),
        5 => "sack".into(),
        6 => "echo".into(),
        7 => "echoreply".into(),
        8 => "TS".into(),
        11 => "cc".into(),
        12 => "ccnew".into(),
        13 => String::new(),
        19 => "md5".into(),
        20 => "scps".into(),
        28 => "uto".into(),
        29 => "tcp-ao".into(),
        30 => "mptcp".into(),
        34 => "tfo".into(),
        254 => "exp".into(),
        other => format!("unknown-{other}"),
    }
}
