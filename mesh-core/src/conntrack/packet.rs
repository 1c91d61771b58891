//! The few header fields conntrack reads from an IPv4 packet, read straight
//! from the bytes (the `wire` module is built in parallel; this stays
//! private and small).

use std::net::Ipv4Addr;

use crate::net::{Tuple, proto};

/// ICMP types that report an error about another packet (`icmp_is_err`):
/// destination unreachable, source quench, redirect, time exceeded,
/// parameter problem.
pub(crate) fn icmp_is_err(ty: u8) -> bool {
    matches!(ty, 3 | 4 | 5 | 11 | 12)
}

/// The highest ICMP type conntrack knows (`NR_ICMP_TYPES`).
pub(crate) const NR_ICMP_TYPES: u8 = 18;

/// A validated view of an IPv4 header over a packet that starts with it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Ipv4View<'a> {
    /// The packet, cut to the header's total length (as `ip_rcv` trims).
    pub bytes: &'a [u8],
    /// Header length in bytes.
    pub hdr_len: usize,
    pub proto: u8,
    pub src: Ipv4Addr,
    pub dst: Ipv4Addr,
    /// Fragment offset in 8-byte units (0 for unfragmented and first fragments).
    pub frag_offset: u16,
}

impl<'a> Ipv4View<'a> {
    /// `None` unless `l3` holds a whole IPv4 header and the total length
    /// fits in the buffer.
    pub fn parse(l3: &'a [u8]) -> Option<Ipv4View<'a>> {
        let first = *l3.first()?;
        if first >> 4 != 4 {
            return None;
        }
        let hdr_len = usize::from(first & 0x0f) * 4;
        if hdr_len < 20 || l3.len() < hdr_len {
            return None;
        }
        let total = usize::from(u16::from_be_bytes([l3[2], l3[3]]));
        if total < hdr_len || total > l3.len() {
            return None;
        }
        Some(Ipv4View {
            bytes: &l3[..total],
            hdr_len,
            proto: l3[9],
            src: Ipv4Addr::new(l3[12], l3[13], l3[14], l3[15]),
            dst: Ipv4Addr::new(l3[16], l3[17], l3[18], l3[19]),
            frag_offset: u16::from_be_bytes([l3[6], l3[7]]) & 0x1fff,
        })
    }

    /// The transport header and payload.
    pub fn l4(&self) -> &'a [u8] {
        &self.bytes[self.hdr_len..]
    }
}

/// The conntrack tuple of a packet (`nf_ct_get_tuple`): addresses, protocol
/// and, for port protocols, the two ports (the first 4 bytes of the
/// transport header); for ICMP the echo id, type and code (the first 8
/// bytes). `None` when the transport header is too short to read them.
pub(crate) fn tuple_of(ip: &Ipv4View<'_>) -> Option<Tuple> {
    let l4 = ip.l4();
    let (src_port, dst_port) = match ip.proto {
        proto::TCP | proto::UDP | proto::SCTP | 136 => {
            let p = l4.get(..4)?;
            (u16::from_be_bytes([p[0], p[1]]), u16::from_be_bytes([p[2], p[3]]))
        }
        proto::ICMP => {
            let h = l4.get(..8)?;
            (u16::from_be_bytes([h[4], h[5]]), (u16::from(h[0]) << 8) | u16::from(h[1]))
        }
        _ => (0, 0),
    };
    Some(Tuple { src: ip.src, dst: ip.dst, proto: ip.proto, src_port, dst_port })
}

/// The reply tuple conntrack derives from an original one
/// (`nf_ct_invert_tuple`); `None` for ICMP types that have no reply
/// (`nf_conntrack_invert_icmp_tuple` knows only the request/reply pairs).
pub(crate) fn invert(t: &Tuple) -> Option<Tuple> {
    if t.proto == proto::ICMP && !matches!(t.dst_port >> 8, 0 | 8 | 13 | 14 | 15 | 16 | 17 | 18) {
        return None;
    }
    Some(t.invert())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_what_is_not_a_whole_ipv4_header() {
        assert!(Ipv4View::parse(&[]).is_none());
        assert!(Ipv4View::parse(&[0x60; 40]).is_none(), "IPv6");
        let mut h = [0u8; 20];
        h[0] = 0x45;
        h[3] = 40; // total length beyond the buffer
        assert!(Ipv4View::parse(&h).is_none());
        h[3] = 20;
        assert!(Ipv4View::parse(&h).is_some());
    }

    #[test]
    fn icmp_without_reply_type_cannot_be_inverted() {
        let t = Tuple { src: Ipv4Addr::LOCALHOST, dst: Ipv4Addr::LOCALHOST, proto: proto::ICMP, src_port: 1, dst_port: 9 << 8 };
        assert!(invert(&t).is_none());
        let echo = Tuple { dst_port: 8 << 8, ..t };
        assert_eq!(invert(&echo).map(|r| r.dst_port), Some(0));
    }
}
