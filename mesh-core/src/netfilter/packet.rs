//! The few IPv4/TCP/UDP/ICMP header fields netfilter reads, straight from
//! the bytes (the `wire` module is built in parallel; this stays private).
//!
//! Like the kernel's `skb_header_pointer`, every transport accessor returns
//! `None` when the bytes are not there, and the caller decides (usually a
//! "hotdrop", as `tcp_mt` does for a truncated header).

use std::net::Ipv4Addr;

/// A validated view of an IPv4 header over the packet bytes.
#[derive(Clone, Copy, Debug)]
pub(super) struct Ipv4<'a> {
    bytes: &'a [u8],
    header_len: usize,
    len: usize,
}

impl<'a> Ipv4<'a> {
    /// `None` unless the bytes start with a well-formed IPv4 header (the
    /// packets `ip_rcv` would have dropped never reach a hook).
    pub(super) fn parse(bytes: &'a [u8]) -> Option<Ipv4<'a>> {
        if bytes.len() < 20 || bytes[0] >> 4 != 4 {
            return None;
        }
        let header_len = usize::from(bytes[0] & 0x0f) * 4;
        if header_len < 20 || header_len > bytes.len() {
            return None;
        }
        let total = usize::from(u16::from_be_bytes([bytes[2], bytes[3]]));
        let len = if total >= header_len && total <= bytes.len() { total } else { bytes.len() };
        Some(Ipv4 { bytes, header_len, len })
    }

    /// `skb->len` at layer 3: what rule and policy counters add as bytes.
    pub(super) fn len(&self) -> usize {
        self.len
    }
    pub(super) fn header_len(&self) -> usize {
        self.header_len
    }
    pub(super) fn header(&self) -> &'a [u8] {
        &self.bytes[..self.header_len]
    }
    pub(super) fn tos(&self) -> u8 {
        self.bytes[1]
    }
    pub(super) fn total_len_field(&self) -> u16 {
        u16::from_be_bytes([self.bytes[2], self.bytes[3]])
    }
    pub(super) fn id(&self) -> u16 {
        u16::from_be_bytes([self.bytes[4], self.bytes[5]])
    }
    /// The flags-and-offset word (`frag_off`).
    pub(super) fn frag_word(&self) -> u16 {
        u16::from_be_bytes([self.bytes[6], self.bytes[7]])
    }
    /// The fragment offset in 8-byte units; non-zero for every fragment but
    /// the first (what `-f` matches).
    pub(super) fn frag_offset(&self) -> u16 {
        self.frag_word() & 0x1fff
    }
    pub(super) fn ttl(&self) -> u8 {
        self.bytes[8]
    }
    pub(super) fn protocol(&self) -> u8 {
        self.bytes[9]
    }
    pub(super) fn src(&self) -> Ipv4Addr {
        Ipv4Addr::new(self.bytes[12], self.bytes[13], self.bytes[14], self.bytes[15])
    }
    pub(super) fn dst(&self) -> Ipv4Addr {
        Ipv4Addr::new(self.bytes[16], self.bytes[17], self.bytes[18], self.bytes[19])
    }
    /// The bytes after the IP header, up to the IP total length.
    pub(super) fn payload(&self) -> &'a [u8] {
        &self.bytes[self.header_len..self.len]
    }
    /// Source and destination port (TCP, UDP, SCTP…: the first four bytes).
    pub(super) fn ports(&self) -> Option<(u16, u16)> {
        let p = self.payload();
        (p.len() >= 4).then(|| (u16::from_be_bytes([p[0], p[1]]), u16::from_be_bytes([p[2], p[3]])))
    }
    /// The fixed 20-byte TCP header, if present.
    pub(super) fn tcp(&self) -> Option<Tcp<'a>> {
        let p = self.payload();
        (p.len() >= 20).then_some(Tcp { bytes: p })
    }
    /// ICMP type and code, if present.
    pub(super) fn icmp_type_code(&self) -> Option<(u8, u8)> {
        let p = self.payload();
        (p.len() >= 2).then(|| (p[0], p[1]))
    }
}

/// A TCP header (at least the fixed 20 bytes).
#[derive(Clone, Copy, Debug)]
pub(super) struct Tcp<'a> {
    bytes: &'a [u8],
}

impl<'a> Tcp<'a> {
    pub(super) fn src_port(&self) -> u16 {
        u16::from_be_bytes([self.bytes[0], self.bytes[1]])
    }
    pub(super) fn dst_port(&self) -> u16 {
        u16::from_be_bytes([self.bytes[2], self.bytes[3]])
    }
    pub(super) fn seq(&self) -> u32 {
        u32::from_be_bytes([self.bytes[4], self.bytes[5], self.bytes[6], self.bytes[7]])
    }
    pub(super) fn ack(&self) -> u32 {
        u32::from_be_bytes([self.bytes[8], self.bytes[9], self.bytes[10], self.bytes[11]])
    }
    /// Header length in bytes (data offset × 4).
    pub(super) fn header_len(&self) -> usize {
        usize::from(self.bytes[12] >> 4) * 4
    }
    /// Byte 13: CWR ECE URG ACK PSH RST SYN FIN.
    pub(super) fn flags(&self) -> u8 {
        self.bytes[13]
    }
    /// The four reserved bits of byte 12.
    pub(super) fn reserved(&self) -> u8 {
        self.bytes[12] & 0x0f
    }
    pub(super) fn window(&self) -> u16 {
        u16::from_be_bytes([self.bytes[14], self.bytes[15]])
    }
    pub(super) fn urgent(&self) -> u16 {
        u16::from_be_bytes([self.bytes[18], self.bytes[19]])
    }
    /// The option bytes, if the header length is sane and they are present.
    pub(super) fn options(&self) -> Option<&'a [u8]> {
        let hl = self.header_len();
        if hl < 20 {
            return None;
        }
        self.bytes.get(20..hl)
    }
}
