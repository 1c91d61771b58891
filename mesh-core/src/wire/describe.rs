//! A per-layer decode of a frame for the hop inspector and `step`.
//!
//! [`describe_frame`] walks a frame the way Wireshark's packet details pane
//! does: one [`Layer`] per protocol header, outermost first, each with the
//! byte range it occupies in the frame and its fields as display strings
//! (`("Source", "10.0.0.2")`, `("Header Checksum", "0x1c46 [correct]")`,
//! `("Flags", "[S.]")`). A VXLAN frame (UDP destination port 4789 or 8472)
//! continues with the inner Ethernet frame's layers; an ICMP error continues
//! with the quoted packet's layers, whose checksums are `[unverified]` when
//! the quote is truncated. Malformed headers end the walk with a layer whose
//! `"Error"` field says what is wrong; nothing here panics.
//!
//! [`hexdump`] and [`changed_bytes`] show which bytes a hop rewrote (NAT,
//! TTL, MACs) by comparing a frame with its previous version.

use std::fmt::Write;
use std::net::Ipv4Addr;

use super::ethernet::Address as EthernetAddress;
use super::{be, checksum, icmp, tcp, vxlan};
use crate::net::proto;

/// One protocol header of a frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layer {
    /// "Ethernet II", "ARP", "IPv4", "TCP", "UDP", "ICMP" or "VXLAN".
    pub name: String,
    /// Byte offsets `[start, end)` of the header in the frame.
    pub range: (usize, usize),
    /// Field name and display value, in header order.
    pub fields: Vec<(String, String)>,
}

impl Layer {
    fn new(name: &str, start: usize, end: usize) -> Layer {
        Layer { name: name.to_string(), range: (start, end), fields: Vec::new() }
    }

    fn field(&mut self, name: &str, value: impl Into<String>) {
        self.fields.push((name.to_string(), value.into()));
    }

    fn error(mut self, message: impl Into<String>) -> Layer {
        self.field("Error", message);
        self
    }
}

/// Decodes every layer of an Ethernet frame.
pub fn describe_frame(frame: &[u8]) -> Vec<Layer> {
    let mut layers = Vec::new();
    ethernet(frame, 0, &mut layers);
    layers
}

fn ethernet(bytes: &[u8], base: usize, out: &mut Vec<Layer>) {
    let mut l = Layer::new("Ethernet II", base, base + bytes.len().min(14));
    if bytes.len() < 14 {
        out.push(l.error(format!("frame too short: {} bytes, an Ethernet header needs 14", bytes.len())));
        return;
    }
    let mac = |r: std::ops::Range<usize>| EthernetAddress::from_bytes(&bytes[r]).unwrap_or_default().to_string();
    let ethertype = be::u16_at(bytes, 12);
    l.field("Destination", mac(0..6));
    l.field("Source", mac(6..12));
    l.field("Type", format!("{} (0x{ethertype:04x})", ethertype_name(ethertype)));
    out.push(l);
    let payload = &bytes[14..];
    match ethertype {
        0x0800 => ipv4(payload, base + 14, out, false),
        0x0806 => arp(payload, base + 14, out),
        _ => {}
    }
}

fn ethertype_name(t: u16) -> &'static str {
    match t {
        0x0800 => "IPv4",
        0x0806 => "ARP",
        0x86dd => "IPv6",
        0x8100 => "802.1Q",
        _ => "Unknown",
    }
}

fn arp(bytes: &[u8], base: usize, out: &mut Vec<Layer>) {
    let mut l = Layer::new("ARP", base, base + bytes.len().min(28));
    if bytes.len() < 28 {
        out.push(l.error(format!("truncated: {} bytes, Ethernet/IPv4 ARP needs 28", bytes.len())));
        return;
    }
    let hrd = be::u16_at(bytes, 0);
    let pro = be::u16_at(bytes, 2);
    let op = be::u16_at(bytes, 6);
    l.field("Hardware type", format!("{} ({hrd})", if hrd == 1 { "Ethernet" } else { "Unknown" }));
    l.field("Protocol type", format!("{} (0x{pro:04x})", ethertype_name(pro)));
    l.field("Hardware size", bytes[4].to_string());
    l.field("Protocol size", bytes[5].to_string());
    let op_name = match op {
        1 => "request",
        2 => "reply",
        _ => "unknown",
    };
    l.field("Opcode", format!("{op_name} ({op})"));
    if bytes[4] != 6 || bytes[5] != 4 {
        out.push(l.error("only Ethernet/IPv4 addresses (sizes 6 and 4) are decoded"));
        return;
    }
    let mac = |at: usize| EthernetAddress::from_bytes(&bytes[at..at + 6]).unwrap_or_default().to_string();
    let ip = |at: usize| Ipv4Addr::from(be::u32_at(bytes, at)).to_string();
    l.field("Sender MAC address", mac(8));
    l.field("Sender IP address", ip(14));
    l.field("Target MAC address", mac(18));
    l.field("Target IP address", ip(24));
    out.push(l);
}

fn checksum_status(stored: u16, ok: Option<bool>, correct: impl FnOnce() -> u16) -> String {
    match ok {
        Some(true) => format!("0x{stored:04x} [correct]"),
        Some(false) => format!("0x{stored:04x} [incorrect, should be 0x{:04x}]", correct()),
        None => format!("0x{stored:04x} [unverified]"),
    }
}

/// Decodes an IPv4 packet at `base`. `quoted` packets (inside ICMP errors)
/// may be truncated: their total length is not checked against the bytes.
fn ipv4(bytes: &[u8], base: usize, out: &mut Vec<Layer>, quoted: bool) {
    let mut l = Layer::new("IPv4", base, base + bytes.len().min(20));
    if bytes.len() < 20 {
        out.push(l.error(format!("truncated: {} bytes, an IPv4 header needs 20", bytes.len())));
        return;
    }
    let version = bytes[0] >> 4;
    let hl = usize::from(bytes[0] & 0x0f) * 4;
    l.field("Version", version.to_string());
    l.field("Header Length", format!("{hl} bytes ({})", hl / 4));
    if version != 4 {
        out.push(l.error(format!("version {version} is not IPv4")));
        return;
    }
    if hl < 20 || hl > bytes.len() {
        out.push(l.error(format!("header length {hl} is outside 20..={}", bytes.len().min(60))));
        return;
    }
    l.range = (base, base + hl);
    let tos = bytes[1];
    l.field("Differentiated Services", format!("0x{tos:02x} (DSCP: {}, ECN: {})", dscp_name(tos >> 2), ecn_name(tos & 3)));
    let total = usize::from(be::u16_at(bytes, 2));
    l.field("Total Length", total.to_string());
    let ident = be::u16_at(bytes, 4);
    l.field("Identification", format!("0x{ident:04x} ({ident})"));
    let flags_off = be::u16_at(bytes, 6);
    let flags = flags_off >> 13;
    let mut flag_names = Vec::new();
    if flags & 0b100 != 0 {
        flag_names.push("Reserved bit");
    }
    if flags & 0b010 != 0 {
        flag_names.push("Don't fragment");
    }
    if flags & 0b001 != 0 {
        flag_names.push("More fragments");
    }
    let mut flags_text = format!("0x{flags:x}");
    if !flag_names.is_empty() {
        let _ = write!(flags_text, ", {}", flag_names.join(", "));
    }
    l.field("Flags", flags_text);
    let frag_offset = (flags_off & 0x1fff) * 8;
    l.field("Fragment Offset", frag_offset.to_string());
    l.field("Time to Live", bytes[8].to_string());
    let protocol = bytes[9];
    l.field("Protocol", format!("{} ({protocol})", protocol_name(protocol)));
    let stored = be::u16_at(bytes, 10);
    let ok = checksum::verify(&bytes[..hl]);
    l.field(
        "Header Checksum",
        checksum_status(stored, Some(ok), || {
            let mut h = bytes[..hl].to_vec();
            h[10..12].fill(0);
            checksum::checksum(&h)
        }),
    );
    let (src, dst) = (Ipv4Addr::from(be::u32_at(bytes, 12)), Ipv4Addr::from(be::u32_at(bytes, 16)));
    l.field("Source", src.to_string());
    l.field("Destination", dst.to_string());
    if hl > 20 {
        l.field("Options", format!("{} bytes", hl - 20));
    }
    if !quoted && (total < hl || total > bytes.len()) {
        out.push(l.error(format!("total length {total} does not fit the {} bytes present", bytes.len())));
        return;
    }
    out.push(l);
    if frag_offset != 0 {
        return;
    }
    let end = total.clamp(hl, bytes.len());
    let payload = &bytes[hl..end];
    // A quoted packet is complete only if every byte it claims is present.
    let complete = total <= bytes.len();
    let ip = IpAddrs { src, dst, complete };
    match protocol {
        proto::TCP => tcp(payload, base + hl, out, ip),
        proto::UDP => udp(payload, base + hl, out, ip),
        proto::ICMP => icmp(payload, base + hl, out, complete),
        _ => {}
    }
}

fn dscp_name(dscp: u8) -> String {
    match dscp {
        0 => "CS0".into(),
        46 => "EF".into(),
        d if d % 8 == 0 => format!("CS{}", d / 8),
        d => d.to_string(),
    }
}

fn ecn_name(ecn: u8) -> &'static str {
    match ecn {
        0 => "Not-ECT",
        1 => "ECT(1)",
        2 => "ECT(0)",
        _ => "CE",
    }
}

fn protocol_name(p: u8) -> String {
    match p {
        proto::ICMP => "ICMP".into(),
        proto::TCP => "TCP".into(),
        proto::UDP => "UDP".into(),
        other => proto::name(other).map(str::to_uppercase).unwrap_or_else(|| "Unknown".into()),
    }
}

#[derive(Clone, Copy)]
struct IpAddrs {
    src: Ipv4Addr,
    dst: Ipv4Addr,
    /// The whole L4 segment is present, so its checksum can be verified.
    complete: bool,
}

/// The ports, present in any TCP/UDP fragment of at least 4 bytes.
fn ports(l: &mut Layer, bytes: &[u8]) -> bool {
    if bytes.len() < 4 {
        return false;
    }
    l.field("Source Port", be::u16_at(bytes, 0).to_string());
    l.field("Destination Port", be::u16_at(bytes, 2).to_string());
    true
}

fn tcp(bytes: &[u8], base: usize, out: &mut Vec<Layer>, ip: IpAddrs) {
    let mut l = Layer::new("TCP", base, base + bytes.len().min(20));
    if !ports(&mut l, bytes) {
        out.push(l.error(format!("truncated: {} bytes", bytes.len())));
        return;
    }
    if bytes.len() >= 8 {
        l.field("Sequence Number", be::u32_at(bytes, 4).to_string());
    }
    if bytes.len() < 20 {
        out.push(l.error(format!("truncated: {} bytes, a TCP header needs 20", bytes.len())));
        return;
    }
    let packet = tcp::Packet::new_unchecked(bytes);
    let flags = packet.flags();
    if flags.contains(tcp::Flags::ACK) {
        l.field("Acknowledgment Number", packet.ack_number().to_string());
    }
    let hl = usize::from(packet.header_len());
    l.field("Header Length", format!("{hl} bytes ({})", hl / 4));
    l.field("Flags", format!("[{flags}]"));
    l.field("Window", packet.window_len().to_string());
    let ok = ip.complete.then(|| packet.verify_checksum(ip.src, ip.dst));
    l.field(
        "Checksum",
        checksum_status(packet.checksum(), ok, || {
            let mut seg = bytes.to_vec();
            tcp::Packet::new_unchecked(&mut seg[..]).fill_checksum(ip.src, ip.dst);
            tcp::Packet::new_unchecked(&seg[..]).checksum()
        }),
    );
    l.field("Urgent Pointer", packet.urgent_at().to_string());
    if hl < 20 || hl > bytes.len() {
        out.push(l.error(format!("header length {hl} is outside 20..={}", bytes.len().min(60))));
        return;
    }
    l.range = (base, base + hl);
    if hl > 20 {
        l.field("Options", tcp_options_text(&bytes[20..hl]));
    }
    l.field("Payload", format!("{} bytes", bytes.len() - hl));
    out.push(l);
}

/// The options in tcpdump's notation (`mss 1410,sackOK,TS val 1 ecr 0,...`).
fn tcp_options_text(mut opts: &[u8]) -> String {
    let mut parts = Vec::new();
    while let Some((&kind, rest)) = opts.split_first() {
        if kind == 0 || kind == 1 {
            parts.push(if kind == 0 { "eol".to_string() } else { "nop".to_string() });
            opts = rest;
            if kind == 0 {
                break;
            }
            continue;
        }
        let len = usize::from(rest.first().copied().unwrap_or(0));
        if len < 2 || len > opts.len() {
            parts.push("[bad opt]".to_string());
            break;
        }
        let data = &opts[2..len];
        parts.push(match (kind, data.len()) {
            (2, 2) => format!("mss {}", be::u16_at(data, 0)),
            (3, 1) => format!("wscale {}", data[0]),
            (4, 0) => "sackOK".to_string(),
            (8, 8) => format!("TS val {} ecr {}", be::u32_at(data, 0), be::u32_at(data, 4)),
            (5, n) if n % 8 == 0 => {
                let blocks: Vec<String> = data.chunks(8).map(|b| format!("{{{}:{}}}", be::u32_at(b, 0), be::u32_at(b, 4))).collect();
                format!("sack {} {}", n / 8, blocks.concat())
            }
            _ => {
                let mut s = format!("opt-{kind}");
                if !data.is_empty() {
                    s.push_str(" 0x");
                    for b in data {
                        let _ = write!(s, "{b:02x}");
                    }
                }
                s
            }
        });
        opts = &opts[len..];
    }
    parts.join(",")
}

fn udp(bytes: &[u8], base: usize, out: &mut Vec<Layer>, ip: IpAddrs) {
    let mut l = Layer::new("UDP", base, base + bytes.len().min(8));
    if !ports(&mut l, bytes) || bytes.len() < 8 {
        out.push(l.error(format!("truncated: {} bytes, a UDP header needs 8", bytes.len())));
        return;
    }
    let len = usize::from(be::u16_at(bytes, 4));
    l.field("Length", len.to_string());
    let stored = be::u16_at(bytes, 6);
    let packet = super::udp::Packet::new_unchecked(bytes);
    let value = if stored == 0 {
        "0x0000 [none]".to_string()
    } else {
        let ok = (ip.complete && len == bytes.len()).then(|| packet.verify_checksum(ip.src, ip.dst));
        checksum_status(stored, ok, || {
            let mut d = bytes.to_vec();
            super::udp::Packet::new_unchecked(&mut d[..]).fill_checksum(ip.src, ip.dst);
            be::u16_at(&d, 6)
        })
    };
    l.field("Checksum", value);
    if len < 8 || len > bytes.len() {
        l.field("Payload", format!("{} bytes", bytes.len() - 8));
        if ip.complete {
            out.push(l.error(format!("length field {len} does not fit the {} bytes present", bytes.len())));
        } else {
            out.push(l);
        }
        return;
    }
    l.field("Payload", format!("{} bytes", len - 8));
    out.push(l);
    let dport = be::u16_at(bytes, 2);
    if dport == vxlan::UDP_PORT || dport == vxlan::LINUX_LEGACY_UDP_PORT {
        vxlan(&bytes[8..len], base + 8, out);
    }
}

fn vxlan(bytes: &[u8], base: usize, out: &mut Vec<Layer>) {
    let mut l = Layer::new("VXLAN", base, base + bytes.len().min(8));
    if bytes.len() < 8 {
        out.push(l.error(format!("truncated: {} bytes, a VXLAN header needs 8", bytes.len())));
        return;
    }
    let packet = vxlan::Packet::new_unchecked(bytes);
    let flags = packet.flags();
    l.field("Flags", format!("0x{flags:02x}{}", if flags & vxlan::FLAG_I != 0 { " (VNI valid)" } else { "" }));
    l.field("VNI", packet.vni().to_string());
    out.push(l);
    ethernet(&bytes[8..], base + 8, out);
}

fn icmp(bytes: &[u8], base: usize, out: &mut Vec<Layer>, complete: bool) {
    let mut l = Layer::new("ICMP", base, base + bytes.len().min(8));
    if bytes.len() < 8 {
        out.push(l.error(format!("truncated: {} bytes, an ICMP header needs 8", bytes.len())));
        return;
    }
    let packet = icmp::Packet::new_unchecked(bytes);
    let (ty, code) = (packet.msg_type(), packet.msg_code());
    l.field("Type", format!("{ty} ({})", icmp_type_name(ty)));
    let code_text = match ty {
        icmp::TYPE_DST_UNREACHABLE => format!("{code} ({})", unreachable_code_name(code)),
        icmp::TYPE_TIME_EXCEEDED => format!(
            "{code} ({})",
            match code {
                0 => "Time to live exceeded in transit",
                1 => "Fragment reassembly time exceeded",
                _ => "Unknown",
            }
        ),
        _ => code.to_string(),
    };
    l.field("Code", code_text);
    let ok = complete.then(|| packet.verify_checksum());
    l.field(
        "Checksum",
        checksum_status(packet.checksum(), ok, || {
            let mut d = bytes.to_vec();
            icmp::Packet::new_unchecked(&mut d[..]).fill_checksum();
            be::u16_at(&d, 2)
        }),
    );
    if icmp::has_identifier(ty) {
        let ident = packet.echo_ident();
        l.field("Identifier", format!("{ident} (0x{ident:04x})"));
        l.field("Sequence Number", packet.echo_seq_no().to_string());
        l.field("Data", format!("{} bytes", bytes.len() - 8));
    }
    if ty == icmp::TYPE_DST_UNREACHABLE && code == icmp::unreachable::FRAG_NEEDED {
        l.field("MTU of next hop", packet.next_hop_mtu().to_string());
    }
    out.push(l);
    if icmp::is_error_type(ty) {
        ipv4(&bytes[8..], base + 8, out, true);
    }
}

fn icmp_type_name(ty: u8) -> &'static str {
    match ty {
        0 => "Echo (ping) reply",
        3 => "Destination unreachable",
        4 => "Source quench",
        5 => "Redirect",
        8 => "Echo (ping) request",
        11 => "Time-to-live exceeded",
        12 => "Parameter problem",
        13 => "Timestamp request",
        14 => "Timestamp reply",
        _ => "Unknown",
    }
}

fn unreachable_code_name(code: u8) -> &'static str {
    match code {
        0 => "Network unreachable",
        1 => "Host unreachable",
        2 => "Protocol unreachable",
        3 => "Port unreachable",
        4 => "Fragmentation needed",
        9 => "Network administratively prohibited",
        10 => "Host administratively prohibited",
        13 => "Communication administratively filtered",
        _ => "Unknown",
    }
}

/// Which bytes of `next` differ from `prev` (bytes past the end of `prev`
/// count as changed). The result has `next.len()` entries.
pub fn changed_bytes(prev: &[u8], next: &[u8]) -> Vec<bool> {
    next.iter().enumerate().map(|(i, b)| prev.get(i) != Some(b)).collect()
}

/// A hex dump, 16 bytes per row: offset, hex (a gap after 8 bytes), ASCII.
/// Rows containing a `highlight`ed byte are followed by a marker row with
/// `^^` under each such byte's hex and `^` under its character. `highlight`
/// may be shorter than `bytes` (missing entries are not highlighted).
///
/// ```text
/// 0000  02 42 0a 00 00 05 02 42  0a 00 00 02 08 00 45 00  .B.....B......E.
///                   ^^                                         ^
/// ```
pub fn hexdump(bytes: &[u8], highlight: &[bool]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(16) * 76);
    for (row, chunk) in bytes.chunks(16).enumerate() {
        let start = row * 16;
        let mut hex = String::with_capacity(49);
        let mut marks = String::with_capacity(49);
        let mut ascii = String::with_capacity(16);
        let mut ascii_marks = String::with_capacity(16);
        for (i, &b) in chunk.iter().enumerate() {
            if i == 8 {
                hex.push(' ');
                marks.push(' ');
            }
            let lit = highlight.get(start + i).copied().unwrap_or(false);
            let _ = write!(hex, "{b:02x} ");
            marks.push_str(if lit { "^^ " } else { "   " });
            ascii.push(if b.is_ascii_graphic() || b == b' ' { char::from(b) } else { '.' });
            ascii_marks.push(if lit { '^' } else { ' ' });
        }
        let _ = writeln!(out, "{start:04x}  {hex:<49} {ascii}");
        if ascii_marks.contains('^') {
            let line = format!("      {marks:<49} {ascii_marks}");
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod test {
    use super::*;

    fn field<'a>(layer: &'a Layer, name: &str) -> &'a str {
        layer.fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str()).unwrap_or_else(|| panic!("no {name} in {layer:?}"))
    }

    #[test]
    fn hexdump_marks_changed_bytes() {
        let prev: Vec<u8> = (0u8..20).collect();
        let mut next = prev.clone();
        next[3] = 0xff;
        next[17] = b'A';
        let dump = hexdump(&next, &changed_bytes(&prev, &next));
        let expected = "\
0000  00 01 02 ff 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f  ................
               ^^                                          ^
0010  10 41 12 13                                       .A..
         ^^                                              ^
";
        assert_eq!(dump, expected);
        assert_eq!(hexdump(b"GET / HTTP/1.1\r\n", &[]), "0000  47 45 54 20 2f 20 48 54  54 50 2f 31 2e 31 0d 0a  GET / HTTP/1.1..\n");
        assert_eq!(hexdump(&[], &[true]), "");
    }

    #[test]
    fn changed_bytes_handles_lengths() {
        assert_eq!(changed_bytes(&[1, 2, 3], &[1, 9]), vec![false, true]);
        assert_eq!(changed_bytes(&[1], &[1, 2]), vec![false, true]);
        assert!(changed_bytes(&[1, 2], &[]).is_empty());
    }

    #[test]
    fn short_frames_explain_themselves() {
        let layers = describe_frame(&[1, 2, 3]);
        assert_eq!(layers.len(), 1);
        assert_eq!(layers[0].range, (0, 3));
        assert!(field(&layers[0], "Error").contains("needs 14"));
    }

    #[test]
    fn tcp_options_notation() {
        let syn_opts = [2, 4, 5, 0x82, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7];
        assert_eq!(tcp_options_text(&syn_opts), "mss 1410,sackOK,TS val 1 ecr 0,nop,wscale 7");
        assert_eq!(tcp_options_text(&[1, 1, 5, 10, 0, 0, 0, 1, 0, 0, 0, 2]), "nop,nop,sack 1 {1:2}");
        assert_eq!(tcp_options_text(&[99, 3, 7, 0]), "opt-99 0x07,eol");
        assert_eq!(tcp_options_text(&[2, 9, 0]), "[bad opt]");
    }
}
