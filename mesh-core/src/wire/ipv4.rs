//! IPv4 (RFC 791) headers.
//!
//! The header is 20 bytes plus up to 40 bytes of options (`header_len` counts
//! them). `total_len` covers header and payload; bytes after it in the buffer
//! (Ethernet padding) are not payload. The header checksum covers the header
//! only, so every hop that decrements the TTL or NAT that rewrites an address
//! must fix it.
//!
//! Options are tolerated and kept by the [`Packet`] view ([`Packet::options`]);
//! [`Repr`] describes the common case Linux emits: a 20-byte header. Fragments
//! are readable through the view, but [`Repr::parse`] refuses them, because
//! nothing in mesh fragments (Docker's overlay sets its MTU so that VXLAN
//! never has to).

use std::fmt;
use std::net::Ipv4Addr;

use super::checksum;
use super::{Error, Field, Result, be};

/// Length of an IPv4 header without options.
pub const HEADER_LEN: usize = 20;

/// The `Don't Fragment` bit of the flags/fragment-offset word.
const FLAG_DF: u16 = 0x4000;
/// The `More Fragments` bit.
const FLAG_MF: u16 = 0x2000;
/// The reserved ("evil") bit.
const FLAG_RESERVED: u16 = 0x8000;

mod field {
    use super::Field;
    pub(super) const VER_IHL: usize = 0;
    pub(super) const TOS: usize = 1;
    pub(super) const LENGTH: Field = 2..4;
    pub(super) const IDENT: Field = 4..6;
    pub(super) const FLG_OFF: Field = 6..8;
    pub(super) const TTL: usize = 8;
    pub(super) const PROTOCOL: usize = 9;
    pub(super) const CHECKSUM: Field = 10..12;
    pub(super) const SRC_ADDR: Field = 12..16;
    pub(super) const DST_ADDR: Field = 16..20;
}

/// A view of an IPv4 packet in a buffer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Packet<T> {
    pub const fn new_unchecked(buffer: T) -> Packet<T> {
        Packet { buffer }
    }

    pub fn new_checked(buffer: T) -> Result<Packet<T>> {
        let p = Self::new_unchecked(buffer);
        p.check_len()?;
        Ok(p)
    }

    /// The buffer holds the fixed header, the declared header length is at
    /// least 20 and inside the buffer, and the declared total length is at
    /// least the header length and inside the buffer.
    pub fn check_len(&self) -> Result<()> {
        let len = self.buffer.as_ref().len();
        if len < HEADER_LEN {
            return Err(Error);
        }
        let header_len = usize::from(self.header_len());
        let total_len = usize::from(self.total_len());
        if header_len < HEADER_LEN || header_len > len || total_len < header_len || total_len > len {
            return Err(Error);
        }
        Ok(())
    }

    pub fn into_inner(self) -> T {
        self.buffer
    }

    fn byte(&self, at: usize) -> u8 {
        self.buffer.as_ref().get(at).copied().unwrap_or(0)
    }

    pub fn version(&self) -> u8 {
        self.byte(field::VER_IHL) >> 4
    }

    /// Header length in bytes, options included (IHL × 4).
    pub fn header_len(&self) -> u8 {
        (self.byte(field::VER_IHL) & 0x0f) * 4
    }

    /// The whole type-of-service byte (DSCP << 2 | ECN).
    pub fn tos(&self) -> u8 {
        self.byte(field::TOS)
    }

    pub fn dscp(&self) -> u8 {
        self.tos() >> 2
    }

    pub fn ecn(&self) -> u8 {
        self.tos() & 0x03
    }

    pub fn total_len(&self) -> u16 {
        be::u16_at(self.buffer.as_ref(), field::LENGTH.start)
    }

    pub fn ident(&self) -> u16 {
        be::u16_at(self.buffer.as_ref(), field::IDENT.start)
    }

    fn flags_offset(&self) -> u16 {
        be::u16_at(self.buffer.as_ref(), field::FLG_OFF.start)
    }

    pub fn reserved_flag(&self) -> bool {
        self.flags_offset() & FLAG_RESERVED != 0
    }

    pub fn dont_frag(&self) -> bool {
        self.flags_offset() & FLAG_DF != 0
    }

    pub fn more_frags(&self) -> bool {
        self.flags_offset() & FLAG_MF != 0
    }

    /// Fragment offset in bytes (the field counts 8-byte units).
    pub fn frag_offset(&self) -> u16 {
        (self.flags_offset() & 0x1fff) << 3
    }

    /// True for any fragment of a fragmented datagram (MF set or offset > 0).
    pub fn is_fragment(&self) -> bool {
        self.more_frags() || self.frag_offset() != 0
    }

    pub fn ttl(&self) -> u8 {
        self.byte(field::TTL)
    }

    /// The IP protocol number of the payload (see `crate::net::proto`).
    pub fn protocol(&self) -> u8 {
        self.byte(field::PROTOCOL)
    }

    pub fn checksum(&self) -> u16 {
        be::u16_at(self.buffer.as_ref(), field::CHECKSUM.start)
    }

    pub fn src_addr(&self) -> Ipv4Addr {
        Ipv4Addr::from(be::u32_at(self.buffer.as_ref(), field::SRC_ADDR.start))
    }

    pub fn dst_addr(&self) -> Ipv4Addr {
        Ipv4Addr::from(be::u32_at(self.buffer.as_ref(), field::DST_ADDR.start))
    }

    /// The header checksum verifies.
    pub fn verify_checksum(&self) -> bool {
        let hl = usize::from(self.header_len());
        self.buffer.as_ref().get(..hl).is_some_and(checksum::verify)
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> Packet<&'a T> {
    /// The option bytes between the fixed header and `header_len`.
    pub fn options(&self) -> &'a [u8] {
        let hl = usize::from(self.header_len());
        self.buffer.as_ref().get(HEADER_LEN..hl).unwrap_or(&[])
    }

    /// The payload: from `header_len` to `total_len` (never past the buffer).
    pub fn payload(&self) -> &'a [u8] {
        let buf = self.buffer.as_ref();
        let hl = usize::from(self.header_len());
        let end = usize::from(self.total_len()).min(buf.len());
        buf.get(hl..end).unwrap_or(&[])
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Packet<T> {
    fn set_byte(&mut self, at: usize, v: u8) {
        if let Some(b) = self.buffer.as_mut().get_mut(at) {
            *b = v;
        }
    }

    pub fn set_version(&mut self, v: u8) {
        let ihl = self.byte(field::VER_IHL) & 0x0f;
        self.set_byte(field::VER_IHL, (v << 4) | ihl);
    }

    /// Sets the header length in bytes (must be a multiple of 4).
    pub fn set_header_len(&mut self, len: u8) {
        let ver = self.byte(field::VER_IHL) & 0xf0;
        self.set_byte(field::VER_IHL, ver | ((len / 4) & 0x0f));
    }

    pub fn set_tos(&mut self, tos: u8) {
        self.set_byte(field::TOS, tos);
    }

    pub fn set_dscp(&mut self, dscp: u8) {
        let ecn = self.ecn();
        self.set_tos((dscp << 2) | ecn);
    }

    pub fn set_ecn(&mut self, ecn: u8) {
        let tos = self.tos() & !0x03;
        self.set_tos(tos | (ecn & 0x03));
    }

    pub fn set_total_len(&mut self, len: u16) {
        be::put_u16(self.buffer.as_mut(), field::LENGTH.start, len);
    }

    pub fn set_ident(&mut self, v: u16) {
        be::put_u16(self.buffer.as_mut(), field::IDENT.start, v);
    }

    fn set_flags_offset(&mut self, v: u16) {
        be::put_u16(self.buffer.as_mut(), field::FLG_OFF.start, v);
    }

    pub fn set_dont_frag(&mut self, on: bool) {
        let v = self.flags_offset();
        self.set_flags_offset(if on { v | FLAG_DF } else { v & !FLAG_DF });
    }

    pub fn set_more_frags(&mut self, on: bool) {
        let v = self.flags_offset();
        self.set_flags_offset(if on { v | FLAG_MF } else { v & !FLAG_MF });
    }

    /// Sets the fragment offset in bytes (rounded down to 8-byte units).
    pub fn set_frag_offset(&mut self, offset: u16) {
        let v = self.flags_offset() & 0xe000;
        self.set_flags_offset(v | ((offset >> 3) & 0x1fff));
    }

    pub fn set_ttl(&mut self, v: u8) {
        self.set_byte(field::TTL, v);
    }

    pub fn set_protocol(&mut self, v: u8) {
        self.set_byte(field::PROTOCOL, v);
    }

    pub fn set_checksum(&mut self, v: u16) {
        be::put_u16(self.buffer.as_mut(), field::CHECKSUM.start, v);
    }

    pub fn set_src_addr(&mut self, a: Ipv4Addr) {
        be::put_u32(self.buffer.as_mut(), field::SRC_ADDR.start, a.into());
    }

    pub fn set_dst_addr(&mut self, a: Ipv4Addr) {
        be::put_u32(self.buffer.as_mut(), field::DST_ADDR.start, a.into());
    }

    /// Computes and stores the header checksum.
    pub fn fill_checksum(&mut self) {
        self.set_checksum(0);
        let hl = usize::from(self.header_len());
        let c = self.buffer.as_ref().get(..hl).map(checksum::checksum).unwrap_or(0);
        self.set_checksum(c);
    }

    /// The payload, writable (bounded like [`Packet::payload`]).
    pub fn payload_mut(&mut self) -> &mut [u8] {
        let hl = usize::from(self.header_len());
        let end = usize::from(self.total_len()).min(self.buffer.as_ref().len());
        self.buffer.as_mut().get_mut(hl..end).unwrap_or(&mut [])
    }
}

impl<T: AsRef<[u8]>> fmt::Display for Packet<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IPv4 src={} dst={} proto={} ttl={} len={}", self.src_addr(), self.dst_addr(), self.protocol(), self.ttl(), self.total_len())
    }
}

/// The meaning of an (unfragmented) IPv4 header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Repr {
    pub src_addr: Ipv4Addr,
    pub dst_addr: Ipv4Addr,
    /// The IP protocol number of the payload (see `crate::net::proto`).
    pub protocol: u8,
    /// Length of the payload in bytes (at most 65515).
    pub payload_len: usize,
    pub ttl: u8,
    pub ident: u16,
    pub dont_frag: bool,
    /// The type-of-service byte (DSCP and ECN).
    pub tos: u8,
}

impl Repr {
    /// Parses a packet the way Linux's `ip_rcv` accepts one: version 4, a
    /// sane header length, a total length inside the buffer, a correct header
    /// checksum. Fragments are refused (see the module docs).
    pub fn parse<T: AsRef<[u8]> + ?Sized>(packet: &Packet<&T>) -> Result<Repr> {
        packet.check_len()?;
        if packet.version() != 4 || !packet.verify_checksum() || packet.is_fragment() {
            return Err(Error);
        }
        Ok(Repr {
            src_addr: packet.src_addr(),
            dst_addr: packet.dst_addr(),
            protocol: packet.protocol(),
            payload_len: usize::from(packet.total_len()) - usize::from(packet.header_len()),
            ttl: packet.ttl(),
            ident: packet.ident(),
            dont_frag: packet.dont_frag(),
            tos: packet.tos(),
        })
    }

    /// The header length `emit` writes: always 20.
    pub const fn buffer_len(&self) -> usize {
        HEADER_LEN
    }

    /// Writes a 20-byte header (no options) with its checksum. The payload
    /// follows in the same buffer and is the caller's.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, packet: &mut Packet<T>) {
        packet.set_version(4);
        packet.set_header_len(HEADER_LEN as u8);
        packet.set_tos(self.tos);
        let total = u16::try_from(HEADER_LEN + self.payload_len).unwrap_or(u16::MAX);
        packet.set_total_len(total);
        packet.set_ident(self.ident);
        packet.set_flags_offset(if self.dont_frag { FLAG_DF } else { 0 });
        packet.set_ttl(self.ttl);
        packet.set_protocol(self.protocol);
        packet.set_src_addr(self.src_addr);
        packet.set_dst_addr(self.dst_addr);
        packet.fill_checksum();
    }
}

impl fmt::Display for Repr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IPv4 src={} dst={} proto={} ttl={} payload_len={}", self.src_addr, self.dst_addr, self.protocol, self.ttl, self.payload_len)
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use proptest::prelude::*;

    // The SYN of `curl 10.0.0.5:8080` from 10.0.0.2, captured on Linux 6.18
    // (IPv4 header and 40-byte TCP header).
    static PACKET_BYTES: [u8; 60] = [
        0x45, 0x00, 0x00, 0x3c, 0x5a, 0x1b, 0x40, 0x00, 0x40, 0x06, 0xcc, 0x9a, 0x0a, 0x00, 0x00, 0x02, 0x0a, 0x00, 0x00, 0x05, 0x82, 0x5e, 0x1f, 0x90, 0x67,
        0xf5, 0x50, 0x1a, 0x00, 0x00, 0x00, 0x00, 0xa0, 0x02, 0xfd, 0x5c, 0x60, 0xb1, 0x00, 0x00, 0x02, 0x04, 0x05, 0x82, 0x04, 0x02, 0x08, 0x0a, 0x2f, 0xa3,
        0x4c, 0x79, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x0a,
    ];

    fn repr() -> Repr {
        Repr {
            src_addr: Ipv4Addr::new(10, 0, 0, 2),
            dst_addr: Ipv4Addr::new(10, 0, 0, 5),
            protocol: 6,
            payload_len: 40,
            ttl: 64,
            ident: 0x5a1b,
            dont_frag: true,
            tos: 0,
        }
    }

    #[test]
    fn test_deconstruct() {
        let p = Packet::new_checked(&PACKET_BYTES[..]).unwrap();
        assert_eq!(p.version(), 4);
        assert_eq!(p.header_len(), 20);
        assert_eq!(p.tos(), 0);
        assert_eq!((p.dscp(), p.ecn()), (0, 0));
        assert_eq!(p.total_len(), 60);
        assert_eq!(p.ident(), 0x5a1b);
        assert!(p.dont_frag());
        assert!(!p.more_frags());
        assert!(!p.reserved_flag());
        assert_eq!(p.frag_offset(), 0);
        assert_eq!(p.ttl(), 64);
        assert_eq!(p.protocol(), 6);
        assert_eq!(p.checksum(), 0xcc9a);
        assert_eq!(p.src_addr(), Ipv4Addr::new(10, 0, 0, 2));
        assert_eq!(p.dst_addr(), Ipv4Addr::new(10, 0, 0, 5));
        assert!(p.verify_checksum());
        assert!(p.options().is_empty());
        assert_eq!(p.payload(), &PACKET_BYTES[20..]);
        assert_eq!(Repr::parse(&p).unwrap(), repr());
    }

    #[test]
    fn test_construct() {
        let mut bytes = vec![0xa5; 60];
        let mut p = Packet::new_unchecked(&mut bytes);
        repr().emit(&mut p);
        p.payload_mut().copy_from_slice(&PACKET_BYTES[20..]);
        assert_eq!(&bytes[..], &PACKET_BYTES[..]);
    }

    #[test]
    fn payload_stops_at_total_len() {
        let mut padded = PACKET_BYTES.to_vec();
        padded.extend_from_slice(&[0; 6]);
        let p = Packet::new_checked(&padded[..]).unwrap();
        assert_eq!(p.payload().len(), 40);
    }

    #[test]
    fn options_are_kept() {
        // A header with one 4-byte option (router alert, RFC 2113).
        let mut bytes = vec![0u8; 28];
        bytes[20..24].copy_from_slice(&[0x94, 0x04, 0x00, 0x00]);
        let mut p = Packet::new_unchecked(&mut bytes);
        p.set_version(4);
        p.set_header_len(24);
        p.set_total_len(28);
        p.set_ttl(1);
        p.set_protocol(2);
        p.fill_checksum();
        let p = Packet::new_checked(&bytes[..]).unwrap();
        assert_eq!(p.options(), &[0x94, 0x04, 0x00, 0x00]);
        assert_eq!(p.payload().len(), 4);
        let r = Repr::parse(&p).unwrap();
        assert_eq!(r.payload_len, 4);
    }

    #[test]
    fn parse_rejects_what_ip_rcv_drops() {
        let mut bad_sum = PACKET_BYTES;
        bad_sum[11] ^= 1;
        assert_eq!(Repr::parse(&Packet::new_checked(&bad_sum[..]).unwrap()), Err(Error));
        let mut v6 = PACKET_BYTES;
        v6[0] = 0x65;
        assert_eq!(Repr::parse(&Packet::new_unchecked(&v6[..])), Err(Error));
        let mut short_ihl = PACKET_BYTES;
        short_ihl[0] = 0x44;
        assert_eq!(Packet::new_checked(&short_ihl[..]), Err(Error));
        assert_eq!(Packet::new_checked(&PACKET_BYTES[..59]), Err(Error));
        let mut frag = PACKET_BYTES;
        Packet::new_unchecked(&mut frag[..]).set_more_frags(true);
        Packet::new_unchecked(&mut frag[..]).fill_checksum();
        assert_eq!(Repr::parse(&Packet::new_checked(&frag[..]).unwrap()), Err(Error));
    }

    #[test]
    fn fragment_fields() {
        let mut b = PACKET_BYTES;
        let mut p = Packet::new_unchecked(&mut b[..]);
        p.set_dont_frag(false);
        p.set_more_frags(true);
        p.set_frag_offset(1424);
        assert_eq!((p.dont_frag(), p.more_frags(), p.frag_offset()), (false, true, 1424));
        assert!(p.is_fragment());
    }

    #[test]
    fn oracle_etherparse() {
        let (h, _) = etherparse::Ipv4Header::from_slice(&PACKET_BYTES).unwrap();
        assert_eq!(h.header_checksum, 0xcc9a);
        assert_eq!(h.calc_header_checksum(), 0xcc9a);
        assert_eq!(h.identification, 0x5a1b);
        assert!(h.dont_fragment);
    }

    proptest! {
        #[test]
        fn round_trip(src in any::<u32>(), dst in any::<u32>(), protocol in any::<u8>(), payload_len in 0usize..2000,
                      ttl in any::<u8>(), ident in any::<u16>(), dont_frag in any::<bool>(), tos in any::<u8>()) {
            let repr = Repr { src_addr: src.into(), dst_addr: dst.into(), protocol, payload_len, ttl, ident, dont_frag, tos };
            let mut bytes = vec![0u8; repr.buffer_len() + payload_len];
            repr.emit(&mut Packet::new_unchecked(&mut bytes));
            prop_assert_eq!(Repr::parse(&Packet::new_checked(&bytes[..]).unwrap()), Ok(repr));
            // etherparse agrees on the checksum.
            let (h, _) = etherparse::Ipv4Header::from_slice(&bytes).unwrap();
            prop_assert_eq!(h.calc_header_checksum(), h.header_checksum);
        }

        #[test]
        fn parse_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..80)) {
            let p = Packet::new_unchecked(&bytes[..]);
            let _ = (p.version(), p.options(), p.payload(), p.verify_checksum(), p.to_string());
            if let Ok(p) = Packet::new_checked(&bytes[..]) {
                let _ = Repr::parse(&p);
            }
        }
    }
}
