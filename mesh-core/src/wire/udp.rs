//! UDP (RFC 768).
//!
//! Eight bytes: source port, destination port, length (header + payload) and
//! a checksum over a pseudo-header (addresses, protocol, length), the header
//! and the payload. Over IPv4 the checksum is optional: a received `0` means
//! "no checksum", so a sender whose computed checksum is `0` transmits
//! `0xffff` instead (the other one's-complement zero). Linux keeps that rule
//! when NAT updates a checksum incrementally.

use std::fmt;
use std::net::Ipv4Addr;

use super::checksum;
use super::{Error, Field, Result, be};
use crate::net::proto;

/// Length of the UDP header.
pub const HEADER_LEN: usize = 8;

mod field {
    use super::Field;
    pub(super) const SRC_PORT: Field = 0..2;
    pub(super) const DST_PORT: Field = 2..4;
    pub(super) const LENGTH: Field = 4..6;
    pub(super) const CHECKSUM: Field = 6..8;
}

/// A view of a UDP datagram in a buffer (the IP payload).
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

    /// The buffer holds the header, and the length field is at least 8 and
    /// inside the buffer.
    pub fn check_len(&self) -> Result<()> {
        let buf_len = self.buffer.as_ref().len();
        if buf_len < HEADER_LEN {
            return Err(Error);
        }
        let len = usize::from(self.len());
        if len < HEADER_LEN || len > buf_len { Err(Error) } else { Ok(()) }
    }

    pub fn into_inner(self) -> T {
        self.buffer
    }

    pub fn src_port(&self) -> u16 {
        be::u16_at(self.buffer.as_ref(), field::SRC_PORT.start)
    }

    pub fn dst_port(&self) -> u16 {
        be::u16_at(self.buffer.as_ref(), field::DST_PORT.start)
    }

    /// The length field: header plus payload.
    #[allow(clippy::len_without_is_empty)] // a header field, not a container length
    pub fn len(&self) -> u16 {
        be::u16_at(self.buffer.as_ref(), field::LENGTH.start)
    }

    pub fn checksum(&self) -> u16 {
        be::u16_at(self.buffer.as_ref(), field::CHECKSUM.start)
    }

    /// True when the checksum is absent (`0`) or verifies against the
    /// pseudo-header of `src`/`dst`.
    pub fn verify_checksum(&self, src: Ipv4Addr, dst: Ipv4Addr) -> bool {
        if self.checksum() == 0 {
            return true;
        }
        let len = usize::from(self.len()).min(self.buffer.as_ref().len());
        let data = self.buffer.as_ref().get(..len).unwrap_or(&[]);
        checksum::combine(&[checksum::pseudo_header(src, dst, proto::UDP, self.len()), checksum::sum(data)]) == 0xffff
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> Packet<&'a T> {
    /// The payload, bounded by the length field.
    pub fn payload(&self) -> &'a [u8] {
        let buf = self.buffer.as_ref();
        let end = usize::from(self.len()).min(buf.len());
        buf.get(HEADER_LEN..end).unwrap_or(&[])
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Packet<T> {
    pub fn set_src_port(&mut self, v: u16) {
        be::put_u16(self.buffer.as_mut(), field::SRC_PORT.start, v);
    }

    pub fn set_dst_port(&mut self, v: u16) {
        be::put_u16(self.buffer.as_mut(), field::DST_PORT.start, v);
    }

    pub fn set_len(&mut self, v: u16) {
        be::put_u16(self.buffer.as_mut(), field::LENGTH.start, v);
    }

    pub fn set_checksum(&mut self, v: u16) {
        be::put_u16(self.buffer.as_mut(), field::CHECKSUM.start, v);
    }

    /// Computes and stores the checksum (a computed `0` is sent as `0xffff`).
    pub fn fill_checksum(&mut self, src: Ipv4Addr, dst: Ipv4Addr) {
        self.set_checksum(0);
        let len = usize::from(self.len()).min(self.buffer.as_ref().len());
        let data = self.buffer.as_ref().get(..len).unwrap_or(&[]);
        let c = !checksum::combine(&[checksum::pseudo_header(src, dst, proto::UDP, self.len()), checksum::sum(data)]);
        self.set_checksum(if c == 0 { 0xffff } else { c });
    }

    pub fn payload_mut(&mut self) -> &mut [u8] {
        let end = usize::from(self.len()).min(self.buffer.as_ref().len());
        self.buffer.as_mut().get_mut(HEADER_LEN..end).unwrap_or(&mut [])
    }
}

impl<T: AsRef<[u8]>> fmt::Display for Packet<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UDP src={} dst={} len={}", self.src_port(), self.dst_port(), self.len())
    }
}

/// The meaning of a UDP header (the payload travels separately).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Repr {
    pub src_port: u16,
    pub dst_port: u16,
}

impl Repr {
    /// Parses a datagram whose checksum is absent or correct for the given
    /// addresses (Linux `udp_rcv` drops the others).
    pub fn parse<T: AsRef<[u8]> + ?Sized>(packet: &Packet<&T>, src: Ipv4Addr, dst: Ipv4Addr) -> Result<Repr> {
        packet.check_len()?;
        if !packet.verify_checksum(src, dst) {
            return Err(Error);
        }
        Ok(Repr { src_port: packet.src_port(), dst_port: packet.dst_port() })
    }

    /// Header plus payload.
    pub const fn buffer_len(&self, payload_len: usize) -> usize {
        HEADER_LEN + payload_len
    }

    /// Writes header, payload and checksum into a buffer of exactly
    /// `buffer_len(payload.len())` bytes.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, packet: &mut Packet<T>, src: Ipv4Addr, dst: Ipv4Addr, payload: &[u8]) {
        packet.set_src_port(self.src_port);
        packet.set_dst_port(self.dst_port);
        packet.set_len(u16::try_from(HEADER_LEN + payload.len()).unwrap_or(u16::MAX));
        let out = packet.payload_mut();
        let n = out.len().min(payload.len());
        out[..n].copy_from_slice(&payload[..n]);
        packet.fill_checksum(src, dst);
    }
}

impl fmt::Display for Repr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UDP src={} dst={}", self.src_port, self.dst_port)
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use proptest::prelude::*;

    const SRC: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 2);
    const DST: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 5);

    // `sendto(b"hello")` from 10.0.0.2:40000 to 10.0.0.5:9999, captured from
    // Linux 6.18 with checksum offload off.
    static PACKET_BYTES: [u8; 13] = [0x9c, 0x40, 0x27, 0x0f, 0x00, 0x0d, 0xe4, 0xab, b'h', b'e', b'l', b'l', b'o'];

    #[test]
    fn test_deconstruct() {
        let p = Packet::new_checked(&PACKET_BYTES[..]).unwrap();
        assert_eq!(p.src_port(), 40000);
        assert_eq!(p.dst_port(), 9999);
        assert_eq!(p.len(), 13);
        assert_eq!(p.checksum(), 0xe4ab);
        assert!(p.verify_checksum(SRC, DST));
        assert_eq!(p.payload(), b"hello");
        assert_eq!(Repr::parse(&p, SRC, DST), Ok(Repr { src_port: 40000, dst_port: 9999 }));
        assert_eq!(Repr::parse(&p, SRC, Ipv4Addr::new(10, 0, 0, 6)), Err(Error));
    }

    #[test]
    fn test_construct() {
        let repr = Repr { src_port: 40000, dst_port: 9999 };
        let mut bytes = vec![0xa5; repr.buffer_len(5)];
        repr.emit(&mut Packet::new_unchecked(&mut bytes), SRC, DST, b"hello");
        assert_eq!(&bytes[..], &PACKET_BYTES[..]);
    }

    #[test]
    fn zero_checksum_means_none() {
        let mut bytes = PACKET_BYTES;
        bytes[6] = 0;
        bytes[7] = 0;
        let p = Packet::new_checked(&bytes[..]).unwrap();
        assert!(p.verify_checksum(SRC, Ipv4Addr::new(1, 2, 3, 4)));
    }

    #[test]
    fn computed_zero_is_sent_as_ffff() {
        // Find a payload word that makes the sum come out to zero.
        let repr = Repr { src_port: 1, dst_port: 2 };
        let mut bytes = vec![0u8; 10];
        repr.emit(&mut Packet::new_unchecked(&mut bytes), SRC, DST, &[0, 0]);
        let c = Packet::new_unchecked(&bytes[..]).checksum();
        // Adding the old checksum value as payload makes the new sum 0xffff.
        let word = c.to_be_bytes();
        repr.emit(&mut Packet::new_unchecked(&mut bytes), SRC, DST, &word);
        let p = Packet::new_unchecked(&bytes[..]);
        assert_eq!(p.checksum(), 0xffff);
        assert!(p.verify_checksum(SRC, DST));
    }

    #[test]
    fn length_field_is_checked() {
        let mut bytes = PACKET_BYTES;
        bytes[5] = 14;
        assert_eq!(Packet::new_checked(&bytes[..]), Err(Error));
        bytes[5] = 7;
        assert_eq!(Packet::new_checked(&bytes[..]), Err(Error));
        assert_eq!(Packet::new_checked(&PACKET_BYTES[..7]), Err(Error));
    }

    proptest! {
        #[test]
        fn round_trip_and_oracle(sp in any::<u16>(), dp in any::<u16>(), src in any::<u32>(), dst in any::<u32>(),
                                 payload in proptest::collection::vec(any::<u8>(), 0..200)) {
            let (src, dst) = (Ipv4Addr::from(src), Ipv4Addr::from(dst));
            let repr = Repr { src_port: sp, dst_port: dp };
            let mut bytes = vec![0xa5; repr.buffer_len(payload.len())];
            repr.emit(&mut Packet::new_unchecked(&mut bytes), src, dst, &payload);
            let p = Packet::new_checked(&bytes[..]).unwrap();
            prop_assert_eq!(Repr::parse(&p, src, dst), Ok(repr));
            prop_assert_eq!(p.payload(), &payload[..]);
            let oracle = etherparse::UdpHeader::with_ipv4_checksum(sp, dp,
                &etherparse::Ipv4Header::new(0, 64, etherparse::IpNumber::UDP, src.octets(), dst.octets()).unwrap(),
                &payload).unwrap();
            prop_assert_eq!(oracle.checksum, p.checksum());
        }

        #[test]
        fn parse_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
            let p = Packet::new_unchecked(&bytes[..]);
            let _ = (p.payload(), p.verify_checksum(SRC, DST));
            if let Ok(p) = Packet::new_checked(&bytes[..]) {
                let _ = Repr::parse(&p, SRC, DST);
            }
        }
    }
}
