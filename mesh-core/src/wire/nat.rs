//! In-place header rewrites, as netfilter NAT and IP forwarding apply them.
//!
//! Every function takes an IPv4 packet starting at offset 0 of the slice
//! (the L3 packet, not the Ethernet frame), changes one thing, and updates
//! every checksum that covers it *incrementally* (RFC 1624), exactly as
//! Linux does in `nf_nat_ipv4_manip_pkt` and the per-protocol `*_manip_pkt`
//! functions of `nf_nat_proto.c`:
//!
//! - an address change fixes the IPv4 header checksum, and the TCP or UDP
//!   checksum through the pseudo-header (ICMP has no pseudo-header; SCTP's
//!   CRC does not cover addresses);
//! - a port change fixes the TCP or UDP checksum; SCTP's CRC32c is
//!   recomputed (it cannot be updated incrementally);
//! - a UDP checksum of `0` means "none" and stays `0`; an update that comes
//!   out as `0` is stored as `0xffff`;
//! - for ICMP queries (echo…) the identifier acts as the source "port", and
//!   [`Manip::Dst`] changes nothing, as in Linux's `icmp_manip_pkt`.
//!
//! The functions also work on the *truncated* packet quoted inside an ICMP
//! error (see [`icmp_error_inner_mut`]): they only rely on the IP header
//! length, not on the total length, and they update an inner L4 checksum
//! only when the quote contains it (a full 20-byte TCP header, as Linux
//! requires, or the 8-byte UDP/ICMP header). After rewriting a quoted packet,
//! call [`refresh_icmp_checksum`] on the outer packet: Linux recomputes the
//! outer ICMP checksum in full there (`nf_nat_icmp_reply_translation`).
//!
//! Nothing here allocates. Malformed input returns [`Error`] and leaves the
//! bytes unchanged.

use std::net::Ipv4Addr;

use super::checksum;
use super::icmp;
use super::{Error, Result, be};
use crate::net::{Manip, proto};

/// What the rewrites need to know about a packet's IPv4 header.
struct Header {
    /// Header length in bytes.
    len: usize,
    protocol: u8,
    /// The L4 header is present (fragment offset zero).
    first_fragment: bool,
}

/// Checks the IPv4 header of `l3` (version 4, sane header length inside the
/// slice). The total length is deliberately not checked against the slice,
/// so quoted (truncated) packets pass.
fn header(l3: &[u8]) -> Result<Header> {
    let first = *l3.first().ok_or(Error)?;
    let len = usize::from(first & 0x0f) * 4;
    if first >> 4 != 4 || len < 20 || l3.len() < len {
        return Err(Error);
    }
    Ok(Header { len, protocol: l3[9], first_fragment: be::u16_at(l3, 6) & 0x1fff == 0 })
}

/// Where the IP payload ends: the total length, or the slice end if shorter.
fn payload_end(l3: &[u8], hdr: &Header) -> Result<usize> {
    let total = usize::from(be::u16_at(l3, 2));
    if total < hdr.len {
        return Err(Error);
    }
    Ok(total.min(l3.len()))
}

fn replace_checksum_u32(buf: &mut [u8], at: usize, old: u32, new: u32) {
    let c = be::u16_at(buf, at);
    be::put_u16(buf, at, checksum::update_u32(c, old, new));
}

fn replace_checksum_u16(buf: &mut [u8], at: usize, old: u16, new: u16) {
    let c = be::u16_at(buf, at);
    be::put_u16(buf, at, checksum::update_u16(c, old, new));
}

/// UDP: update only a present, nonzero checksum, and never store `0`.
fn replace_udp_checksum(buf: &mut [u8], at: usize, update: impl FnOnce(u16) -> u16) {
    let c = be::u16_at(buf, at);
    if c != 0 {
        let n = update(c);
        be::put_u16(buf, at, if n == 0 { 0xffff } else { n });
    }
}

/// Rewrites the source or destination address (SNAT/MASQUERADE or DNAT).
pub fn set_addr(l3: &mut [u8], which: Manip, new: Ipv4Addr) -> Result<()> {
    let hdr = header(l3)?;
    let at = match which {
        Manip::Src => 12,
        Manip::Dst => 16,
    };
    let old = be::u32_at(l3, at);
    let new = u32::from(new);
    if old == new {
        return Ok(());
    }
    be::put_u32(l3, at, new);
    replace_checksum_u32(l3, 10, old, new);
    if !hdr.first_fragment {
        return Ok(());
    }
    let l4 = hdr.len;
    match hdr.protocol {
        proto::TCP if l3.len() >= l4 + 20 => replace_checksum_u32(l3, l4 + 16, old, new),
        proto::UDP if l3.len() >= l4 + 8 => {
            replace_udp_checksum(l3, l4 + 6, |c| checksum::update_u32(c, old, new));
        }
        _ => {}
    }
    Ok(())
}

/// Rewrites the source or destination port (TCP, UDP, SCTP), or for an ICMP
/// query with [`Manip::Src`] the identifier. Errors when the packet has no
/// ports (other protocols, non-first fragments, fewer than 4 L4 bytes).
pub fn set_port(l3: &mut [u8], which: Manip, new: u16) -> Result<()> {
    let hdr = header(l3)?;
    if !hdr.first_fragment {
        return Err(Error);
    }
    let l4 = hdr.len;
    let port_at = l4 + if which == Manip::Src { 0 } else { 2 };
    match hdr.protocol {
        proto::TCP | proto::UDP | proto::SCTP => {
            if l3.len() < l4 + 4 {
                return Err(Error);
            }
            let old = be::u16_at(l3, port_at);
            if old == new {
                return Ok(());
            }
            be::put_u16(l3, port_at, new);
            match hdr.protocol {
                proto::TCP if l3.len() >= l4 + 20 => replace_checksum_u16(l3, l4 + 16, old, new),
                proto::UDP if l3.len() >= l4 + 8 => {
                    replace_udp_checksum(l3, l4 + 6, |c| checksum::update_u16(c, old, new));
                }
                proto::SCTP if l3.len() >= l4 + 12 => {
                    let end = payload_end(l3, &hdr)?;
                    refresh_sctp_checksum(&mut l3[l4..end]);
                }
                _ => {}
            }
            Ok(())
        }
        proto::ICMP => {
            if l3.len() < l4 + icmp::HEADER_LEN {
                return Err(Error);
            }
            if which == Manip::Dst || !icmp::has_identifier(l3[l4]) {
                return Ok(());
            }
            let old = be::u16_at(l3, l4 + 4);
            be::put_u16(l3, l4 + 4, new);
            replace_checksum_u16(l3, l4 + 2, old, new);
            Ok(())
        }
        _ => Err(Error),
    }
}

/// Decrements the TTL as a forwarding router does and returns the new TTL.
/// The header checksum is adjusted with Linux's `ip_decrease_ttl` arithmetic
/// (bit-identical to the kernel's result). A TTL of 0 is an error; callers
/// check for 1 first, as `ip_forward` does before sending "time exceeded".
pub fn dec_ttl(l3: &mut [u8]) -> Result<u8> {
    header(l3)?;
    let ttl = l3[8];
    if ttl == 0 {
        return Err(Error);
    }
    l3[8] = ttl - 1;
    // Linux adds htons(0x0100) to the checksum as stored in memory and folds
    // the carry; on a little-endian CPU the stored value is byte-swapped.
    let stored = u16::from_le_bytes([l3[10], l3[11]]);
    let mut check = u32::from(stored) + 0x0001;
    check += u32::from(check >= 0xffff);
    l3[10..12].copy_from_slice(&(check as u16).to_le_bytes());
    Ok(ttl - 1)
}

/// The packet quoted inside an ICMP error (destination unreachable, time
/// exceeded, …), as a mutable slice starting at its IP header, so that the
/// rewrites above can be applied to it. `None` unless `l3` is an ICMP error
/// whose quote starts with a valid IPv4 header.
pub fn icmp_error_inner_mut(l3: &mut [u8]) -> Option<&mut [u8]> {
    let hdr = header(l3).ok()?;
    if hdr.protocol != proto::ICMP || !hdr.first_fragment {
        return None;
    }
    let end = payload_end(l3, &hdr).ok()?;
    let quote_start = hdr.len + icmp::HEADER_LEN;
    if end < quote_start || !icmp::is_error_type(l3[hdr.len]) {
        return None;
    }
    let inner = &mut l3[quote_start..end];
    header(inner).ok()?;
    Some(inner)
}

/// Recomputes the ICMP checksum of `l3` over the whole message.
pub fn refresh_icmp_checksum(l3: &mut [u8]) -> Result<()> {
    let hdr = header(l3)?;
    if hdr.protocol != proto::ICMP {
        return Err(Error);
    }
    let end = payload_end(l3, &hdr)?;
    let msg = l3.get_mut(hdr.len..end).ok_or(Error)?;
    if msg.len() < icmp::HEADER_LEN {
        return Err(Error);
    }
    icmp::Packet::new_unchecked(msg).fill_checksum();
    Ok(())
}

/// SCTP's checksum: CRC32c over the SCTP packet with the checksum field
/// zeroed, stored little-endian (RFC 9260 appendix A, Linux
/// `sctp_compute_cksum`).
fn refresh_sctp_checksum(sctp: &mut [u8]) {
    if sctp.len() < 12 {
        return;
    }
    sctp[8..12].fill(0);
    let crc = crc32c(sctp);
    sctp[8..12].copy_from_slice(&crc.to_le_bytes());
}

/// CRC-32C (Castagnoli, reflected polynomial 0x82f63b78).
pub(crate) fn crc32c(data: &[u8]) -> u32 {
    !data.iter().fold(!0u32, |crc, &b| CRC32C_TABLE[((crc ^ u32::from(b)) & 0xff) as usize] ^ (crc >> 8))
}

const CRC32C_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 { (c >> 1) ^ 0x82f6_3b78 } else { c >> 1 };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

#[cfg(test)]
mod test {
    use super::*;
    use crate::wire::build::{L4, ipv4_packet};
    use crate::wire::{icmp, ipv4, tcp, udp};
    use proptest::prelude::*;

    const A: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 2);
    const B: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 5);

    fn ip(protocol: u8) -> ipv4::Repr {
        ipv4::Repr { src_addr: A, dst_addr: B, protocol, payload_len: 0, ttl: 64, ident: 0x1234, dont_frag: true, tos: 0 }
    }

    fn tcp_packet(payload: &[u8]) -> Vec<u8> {
        let t = tcp::Repr {
            src_port: 33374,
            dst_port: 8080,
            seq: 1,
            ack: Some(2),
            flags: tcp::Flags::PSH,
            window: 502,
            options: tcp::Options { timestamps: Some((1, 2)), ..Default::default() },
            payload,
        };
        ipv4_packet(&ip(proto::TCP), &L4::Tcp(&t))
    }

    fn udp_packet(payload: &[u8]) -> Vec<u8> {
        ipv4_packet(&ip(proto::UDP), &L4::Udp(&udp::Repr { src_port: 40000, dst_port: 53 }, payload))
    }

    /// Every checksum in the packet equals a full recomputation.
    fn assert_checksums_fresh(l3: &[u8]) {
        let p = ipv4::Packet::new_checked(l3).unwrap();
        let mut fresh = l3.to_vec();
        ipv4::Packet::new_unchecked(&mut fresh[..]).fill_checksum();
        assert_eq!(p.checksum(), ipv4::Packet::new_unchecked(&fresh[..]).checksum(), "IP checksum");
        let hl = usize::from(p.header_len());
        let (src, dst) = (p.src_addr(), p.dst_addr());
        match p.protocol() {
            proto::TCP => {
                let seg = &mut fresh[hl..];
                tcp::Packet::new_unchecked(&mut *seg).fill_checksum(src, dst);
                assert_eq!(tcp::Packet::new_unchecked(p.payload()).checksum(), tcp::Packet::new_unchecked(&*seg).checksum());
            }
            proto::UDP => {
                let got = udp::Packet::new_unchecked(p.payload()).checksum();
                if got != 0 {
                    let seg = &mut fresh[hl..];
                    udp::Packet::new_unchecked(&mut *seg).fill_checksum(src, dst);
                    assert_eq!(got, udp::Packet::new_unchecked(&*seg).checksum());
                }
            }
            proto::ICMP => {
                let end = usize::from(p.total_len());
                let msg = &mut fresh[hl..end];
                icmp::Packet::new_unchecked(&mut *msg).fill_checksum();
                assert_eq!(icmp::Packet::new_unchecked(p.payload()).checksum(), icmp::Packet::new_unchecked(&*msg).checksum());
            }
            _ => {}
        }
    }

    #[test]
    fn dnat_tcp_rewrites_address_port_and_checksums() {
        let mut pkt = tcp_packet(b"GET / HTTP/1.1\r\n");
        set_addr(&mut pkt, Manip::Dst, Ipv4Addr::new(10, 0, 0, 7)).unwrap();
        set_port(&mut pkt, Manip::Dst, 80).unwrap();
        let p = ipv4::Packet::new_checked(&pkt[..]).unwrap();
        assert_eq!(p.dst_addr(), Ipv4Addr::new(10, 0, 0, 7));
        assert_eq!(tcp::Packet::new_unchecked(p.payload()).dst_port(), 80);
        assert_checksums_fresh(&pkt);
    }

    #[test]
    fn snat_udp_keeps_zero_checksum_zero() {
        let mut pkt = udp_packet(b"hello");
        pkt[26..28].fill(0);
        set_addr(&mut pkt, Manip::Src, Ipv4Addr::new(172, 18, 0, 1)).unwrap();
        set_port(&mut pkt, Manip::Src, 1024).unwrap();
        assert_eq!(&pkt[26..28], &[0, 0]);
        assert!(ipv4::Packet::new_checked(&pkt[..]).unwrap().verify_checksum());
    }

    #[test]
    fn udp_update_never_stores_zero() {
        // Search for a source port whose rewrite makes the checksum come out
        // as zero, then check it is stored as 0xffff and still verifies.
        let base = udp_packet(b"hi");
        let c = be::u16_at(&base, 26);
        let old_port = be::u16_at(&base, 20);
        // HC' = ~(~HC + ~m + m') = 0  <=>  ~HC + ~m + m' = 0xffff  <=>  m' = m - ~HC (mod 0xffff)
        let target = (u32::from(old_port) + 0xffff - u32::from(!c)) % 0xffff;
        let mut pkt = base.clone();
        set_port(&mut pkt, Manip::Src, target as u16).unwrap();
        assert_eq!(be::u16_at(&pkt, 26), 0xffff);
        let p = ipv4::Packet::new_checked(&pkt[..]).unwrap();
        assert!(udp::Packet::new_unchecked(p.payload()).verify_checksum(A, B));
    }

    #[test]
    fn icmp_echo_identifier_is_the_source_port() {
        let echo = icmp::Repr::EchoRequest { ident: 13339, seq_no: 1, data: &[7; 56] };
        let mut pkt = ipv4_packet(&ip(proto::ICMP), &L4::Icmp(&echo));
        let before = pkt.clone();
        set_port(&mut pkt, Manip::Dst, 99).unwrap();
        assert_eq!(pkt, before, "Manip::Dst changes nothing for ICMP");
        set_port(&mut pkt, Manip::Src, 4242).unwrap();
        set_addr(&mut pkt, Manip::Src, Ipv4Addr::new(192, 168, 1, 1)).unwrap();
        let p = ipv4::Packet::new_checked(&pkt[..]).unwrap();
        assert_eq!(icmp::Packet::new_unchecked(p.payload()).echo_ident(), 4242);
        assert_checksums_fresh(&pkt);
    }

    #[test]
    fn dec_ttl_matches_linux_and_full_recompute() {
        let mut pkt = tcp_packet(b"");
        assert_eq!(dec_ttl(&mut pkt), Ok(63));
        assert_checksums_fresh(&pkt);
        pkt[8] = 0;
        ipv4::Packet::new_unchecked(&mut pkt[..]).fill_checksum();
        let before = pkt.clone();
        assert_eq!(dec_ttl(&mut pkt), Err(Error));
        assert_eq!(pkt, before);
    }

    #[test]
    fn dec_ttl_on_a_real_header() {
        // The SYN header captured on Linux (ttl 64, checksum cc9a); the next
        // hop's copy has ttl 63 and checksum cd9a.
        let mut hdr = [0x45, 0x00, 0x00, 0x3c, 0x5a, 0x1b, 0x40, 0x00, 0x40, 0x06, 0xcc, 0x9a, 0x0a, 0x00, 0x00, 0x02, 0x0a, 0x00, 0x00, 0x05];
        assert_eq!(dec_ttl(&mut hdr), Ok(63));
        assert_eq!(&hdr[8..12], &[0x3f, 0x06, 0xcd, 0x9a]);
    }

    /// A "port unreachable" error from B quoting `original` (as Linux sends).
    fn port_unreachable(original: &[u8]) -> Vec<u8> {
        let quote = icmp::Repr::error_quote(original);
        let err = icmp::Repr::DstUnreachable { code: icmp::unreachable::PORT, mtu: 0, original: quote };
        ipv4_packet(&ipv4::Repr { src_addr: B, dst_addr: A, tos: 0xc0, dont_frag: false, ..ip(proto::ICMP) }, &L4::Icmp(&err))
    }

    #[test]
    fn related_nat_on_a_quoted_udp_packet() {
        let mut original = udp_packet(&[0x55; 1000]);
        // The original had been DNATed; un-NAT the quote: dst 10.0.0.5 -> 10.0.0.9, port 53 -> 5353.
        let mut err = port_unreachable(&original);
        let inner = icmp_error_inner_mut(&mut err).unwrap();
        assert_eq!(inner.len(), 548);
        set_addr(inner, Manip::Dst, Ipv4Addr::new(10, 0, 0, 9)).unwrap();
        set_port(inner, Manip::Dst, 5353).unwrap();
        refresh_icmp_checksum(&mut err).unwrap();
        // The same rewrite on the full original gives the same first 548 bytes.
        set_addr(&mut original, Manip::Dst, Ipv4Addr::new(10, 0, 0, 9)).unwrap();
        set_port(&mut original, Manip::Dst, 5353).unwrap();
        assert_eq!(&err[28..], &original[..548]);
        assert_checksums_fresh(&err);
    }

    #[test]
    fn truncated_tcp_quote_updates_ports_but_not_checksum() {
        let original = tcp_packet(b"");
        // Quote only 8 bytes of TCP, like RFC 792's minimum.
        let err_src = icmp::Repr::DstUnreachable { code: 3, mtu: 0, original: &original[..28] };
        let mut err = ipv4_packet(&ip(proto::ICMP), &L4::Icmp(&err_src));
        let inner = icmp_error_inner_mut(&mut err).unwrap();
        assert_eq!(inner.len(), 28);
        set_port(inner, Manip::Src, 1).unwrap();
        set_addr(inner, Manip::Src, Ipv4Addr::new(1, 1, 1, 1)).unwrap();
        assert_eq!(be::u16_at(inner, 20), 1);
        assert!(ipv4::Packet::new_unchecked(&inner[..]).verify_checksum());
        refresh_icmp_checksum(&mut err).unwrap();
        assert_checksums_fresh(&err);
        // Only 2 bytes of L4: no ports to rewrite.
        let mut tiny = original[..22].to_vec();
        assert_eq!(set_port(&mut tiny, Manip::Src, 5), Err(Error));
    }

    #[test]
    fn not_an_icmp_error() {
        let echo = icmp::Repr::EchoRequest { ident: 1, seq_no: 1, data: &[0; 40] };
        let mut pkt = ipv4_packet(&ip(proto::ICMP), &L4::Icmp(&echo));
        assert!(icmp_error_inner_mut(&mut pkt).is_none());
        let mut u = udp_packet(b"x");
        assert!(icmp_error_inner_mut(&mut u).is_none());
        assert_eq!(refresh_icmp_checksum(&mut u), Err(Error));
    }

    #[test]
    fn malformed_input_is_refused_and_unchanged() {
        for mut bytes in [vec![], vec![0x45; 10], vec![0x65; 40], vec![0x46; 22], vec![0x44; 40]] {
            let before = bytes.clone();
            assert_eq!(set_addr(&mut bytes, Manip::Src, A), Err(Error));
            assert_eq!(set_port(&mut bytes, Manip::Src, 1), Err(Error));
            assert_eq!(dec_ttl(&mut bytes), Err(Error));
            assert!(icmp_error_inner_mut(&mut bytes).is_none());
            assert_eq!(bytes, before);
        }
        let mut gre = ipv4_packet(&ip(47), &L4::Raw(&[0; 8]));
        assert_eq!(set_port(&mut gre, Manip::Src, 1), Err(Error));
        set_addr(&mut gre, Manip::Src, B).unwrap();
        assert_checksums_fresh(&gre);
    }

    #[test]
    fn sctp_port_rewrite_recomputes_crc32c() {
        // RFC 3720 B.4 test vector: 32 bytes of zeros -> 0x8a9136aa.
        assert_eq!(crc32c(&[0; 32]), 0x8a91_36aa);
        assert_eq!(crc32c(b"123456789"), 0xe306_9283);
        let mut sctp = vec![0u8; 28];
        sctp[0..2].copy_from_slice(&5000u16.to_be_bytes());
        sctp[2..4].copy_from_slice(&36412u16.to_be_bytes());
        refresh_sctp_checksum(&mut sctp);
        let mut pkt = ipv4_packet(&ip(proto::SCTP), &L4::Raw(&sctp));
        set_port(&mut pkt, Manip::Dst, 9).unwrap();
        let body = &mut pkt[20..].to_vec();
        let stored = u32::from_le_bytes([body[8], body[9], body[10], body[11]]);
        body[8..12].fill(0);
        assert_eq!(stored, crc32c(body));
        assert_eq!(be::u16_at(body, 2), 9);
    }

    proptest! {
        #[test]
        fn every_rewrite_keeps_checksums_fresh(
            kind in 0u8..3, payload in proptest::collection::vec(any::<u8>(), 0..64),
            ops in proptest::collection::vec((0u8..4, any::<u32>()), 1..6)) {
            let mut pkt = match kind {
                0 => tcp_packet(&payload),
                1 => udp_packet(&payload),
                _ => ipv4_packet(&ip(proto::ICMP), &L4::Icmp(&icmp::Repr::EchoReply { ident: 1, seq_no: 2, data: &payload })),
            };
            for (op, v) in ops {
                match op {
                    0 => set_addr(&mut pkt, Manip::Src, Ipv4Addr::from(v)).unwrap(),
                    1 => set_addr(&mut pkt, Manip::Dst, Ipv4Addr::from(v)).unwrap(),
                    2 => set_port(&mut pkt, if v & 1 == 0 { Manip::Src } else { Manip::Dst }, (v >> 8) as u16).unwrap(),
                    _ => { if pkt[8] > 0 { dec_ttl(&mut pkt).unwrap(); } }
                }
                assert_checksums_fresh(&pkt);
            }
        }

        #[test]
        fn rewrites_never_panic(mut bytes in proptest::collection::vec(any::<u8>(), 0..80), v in any::<u32>()) {
            let _ = set_addr(&mut bytes, Manip::Dst, Ipv4Addr::from(v));
            let _ = set_port(&mut bytes, Manip::Src, v as u16);
            let _ = dec_ttl(&mut bytes);
            if let Some(inner) = icmp_error_inner_mut(&mut bytes) {
                let _ = set_addr(inner, Manip::Src, Ipv4Addr::from(v));
                let _ = set_port(inner, Manip::Dst, v as u16);
            }
            let _ = refresh_icmp_checksum(&mut bytes);
        }
    }
}
