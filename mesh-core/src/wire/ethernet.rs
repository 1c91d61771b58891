//! Ethernet II frames and MAC addresses.
//!
//! An Ethernet II header is 14 bytes: destination MAC, source MAC, EtherType.
//! The frame check sequence is not part of what Linux hands to tcpdump or to
//! the stack, so it is not modelled; neither is the 60-byte minimum (veth and
//! bridges do not pad) nor 802.1Q tags.
//!
//! Docker derives a container's MAC from its IPv4 address: `02:42` (a locally
//! administered unicast prefix) followed by the four address bytes, so
//! `10.0.0.5` gets `02:42:0a:00:00:05` ([`Address::from_ipv4`]).

use std::fmt;
use std::net::Ipv4Addr;
use std::str::FromStr;

use super::{Error, Field, Rest, Result, be};

/// Length of the Ethernet II header.
pub const HEADER_LEN: usize = 14;

mod field {
    use super::{Field, Rest};
    pub(super) const DESTINATION: Field = 0..6;
    pub(super) const SOURCE: Field = 6..12;
    pub(super) const ETHERTYPE: Field = 12..14;
    pub(super) const PAYLOAD: Rest = 14..;
}

/// A 48-bit MAC address.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Address(pub [u8; 6]);

impl Address {
    /// `ff:ff:ff:ff:ff:ff`.
    pub const BROADCAST: Address = Address([0xff; 6]);

    /// The MAC Docker gives an endpoint with IPv4 address `ip`:
    /// `02:42:` followed by the address bytes.
    pub fn from_ipv4(ip: Ipv4Addr) -> Address {
        let o = ip.octets();
        Address([0x02, 0x42, o[0], o[1], o[2], o[3]])
    }

    pub fn from_bytes(b: &[u8]) -> Option<Address> {
        Some(Address(b.try_into().ok()?))
    }

    pub fn as_bytes(&self) -> &[u8; 6] {
        &self.0
    }

    pub fn is_broadcast(&self) -> bool {
        *self == Self::BROADCAST
    }

    /// The group bit (least significant bit of the first byte) is set.
    /// Broadcast is a multicast address.
    pub fn is_multicast(&self) -> bool {
        self.0[0] & 0x01 != 0
    }

    pub fn is_unicast(&self) -> bool {
        !self.is_multicast()
    }

    pub fn is_zero(&self) -> bool {
        self.0 == [0; 6]
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = &self.0;
        write!(f, "{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}", b[0], b[1], b[2], b[3], b[4], b[5])
    }
}

impl FromStr for Address {
    type Err = Error;
    /// Six colon-separated hex bytes, as `ip link` prints them. One or two
    /// hex digits per byte are accepted, like iproute2's `ll_addr_a2n`.
    fn from_str(s: &str) -> Result<Address> {
        let mut out = [0u8; 6];
        let mut parts = s.split(':');
        for byte in &mut out {
            let p = parts.next().ok_or(Error)?;
            if p.is_empty() || p.len() > 2 || !p.bytes().all(|c| c.is_ascii_hexdigit()) {
                return Err(Error);
            }
            *byte = u8::from_str_radix(p, 16).map_err(|_| Error)?;
        }
        if parts.next().is_some() {
            return Err(Error);
        }
        Ok(Address(out))
    }
}

/// The EtherType: which protocol the frame's payload is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EtherType {
    Ipv4,
    Arp,
    Ipv6,
    Unknown(u16),
}

impl From<u16> for EtherType {
    fn from(v: u16) -> Self {
        match v {
            0x0800 => EtherType::Ipv4,
            0x0806 => EtherType::Arp,
            0x86dd => EtherType::Ipv6,
            other => EtherType::Unknown(other),
        }
    }
}

impl From<EtherType> for u16 {
    fn from(t: EtherType) -> u16 {
        match t {
            EtherType::Ipv4 => 0x0800,
            EtherType::Arp => 0x0806,
            EtherType::Ipv6 => 0x86dd,
            EtherType::Unknown(v) => v,
        }
    }
}

impl fmt::Display for EtherType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EtherType::Ipv4 => f.write_str("IPv4"),
            EtherType::Arp => f.write_str("ARP"),
            EtherType::Ipv6 => f.write_str("IPv6"),
            EtherType::Unknown(v) => write!(f, "0x{v:04x}"),
        }
    }
}

/// A view of an Ethernet II frame in a buffer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Frame<T> {
    /// Wraps a buffer without checking its length (for emitting).
    pub const fn new_unchecked(buffer: T) -> Frame<T> {
        Frame { buffer }
    }

    /// Wraps a buffer after [`Frame::check_len`].
    pub fn new_checked(buffer: T) -> Result<Frame<T>> {
        let frame = Self::new_unchecked(buffer);
        frame.check_len()?;
        Ok(frame)
    }

    /// The buffer holds at least a full header.
    pub fn check_len(&self) -> Result<()> {
        if self.buffer.as_ref().len() < HEADER_LEN { Err(Error) } else { Ok(()) }
    }

    pub fn into_inner(self) -> T {
        self.buffer
    }

    pub fn dst_addr(&self) -> Address {
        self.buffer.as_ref().get(field::DESTINATION).and_then(Address::from_bytes).unwrap_or_default()
    }

    pub fn src_addr(&self) -> Address {
        self.buffer.as_ref().get(field::SOURCE).and_then(Address::from_bytes).unwrap_or_default()
    }

    pub fn ethertype(&self) -> EtherType {
        EtherType::from(be::u16_at(self.buffer.as_ref(), field::ETHERTYPE.start))
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> Frame<&'a T> {
    /// Everything after the 14-byte header.
    pub fn payload(&self) -> &'a [u8] {
        self.buffer.as_ref().get(field::PAYLOAD).unwrap_or(&[])
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Frame<T> {
    pub fn set_dst_addr(&mut self, a: Address) {
        if let Some(b) = self.buffer.as_mut().get_mut(field::DESTINATION) {
            b.copy_from_slice(&a.0);
        }
    }

    pub fn set_src_addr(&mut self, a: Address) {
        if let Some(b) = self.buffer.as_mut().get_mut(field::SOURCE) {
            b.copy_from_slice(&a.0);
        }
    }

    pub fn set_ethertype(&mut self, t: EtherType) {
        be::put_u16(self.buffer.as_mut(), field::ETHERTYPE.start, t.into());
    }

    pub fn payload_mut(&mut self) -> &mut [u8] {
        self.buffer.as_mut().get_mut(field::PAYLOAD).unwrap_or(&mut [])
    }
}

impl<T: AsRef<[u8]>> fmt::Display for Frame<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EthernetII src={} dst={} type={}", self.src_addr(), self.dst_addr(), self.ethertype())
    }
}

/// The meaning of an Ethernet II header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Repr {
    pub src_addr: Address,
    pub dst_addr: Address,
    pub ethertype: EtherType,
}

impl Repr {
    pub fn parse<T: AsRef<[u8]> + ?Sized>(frame: &Frame<&T>) -> Result<Repr> {
        frame.check_len()?;
        Ok(Repr { src_addr: frame.src_addr(), dst_addr: frame.dst_addr(), ethertype: frame.ethertype() })
    }

    pub const fn buffer_len(&self) -> usize {
        HEADER_LEN
    }

    /// Writes the header; the payload is the caller's.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, frame: &mut Frame<T>) {
        frame.set_src_addr(self.src_addr);
        frame.set_dst_addr(self.dst_addr);
        frame.set_ethertype(self.ethertype);
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use proptest::prelude::*;

    // An ARP request broadcast by 02:42:0a:00:00:02, captured on a veth.
    static FRAME_BYTES: [u8; 42] = [
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x42, 0x0a, 0x00, 0x00, 0x02, 0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01, 0x02, 0x42, 0x0a,
        0x00, 0x00, 0x02, 0x0a, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x05,
    ];

    #[test]
    fn test_deconstruct() {
        let frame = Frame::new_checked(&FRAME_BYTES[..]).unwrap();
        assert_eq!(frame.dst_addr(), Address::BROADCAST);
        assert_eq!(frame.src_addr(), Address([0x02, 0x42, 0x0a, 0x00, 0x00, 0x02]));
        assert_eq!(frame.ethertype(), EtherType::Arp);
        assert_eq!(frame.payload(), &FRAME_BYTES[14..]);
        assert_eq!(frame.to_string(), "EthernetII src=02:42:0a:00:00:02 dst=ff:ff:ff:ff:ff:ff type=ARP");
    }

    #[test]
    fn test_construct() {
        let mut bytes = vec![0xa5; 42];
        let mut frame = Frame::new_unchecked(&mut bytes);
        let repr = Repr { src_addr: Address([0x02, 0x42, 0x0a, 0x00, 0x00, 0x02]), dst_addr: Address::BROADCAST, ethertype: EtherType::Arp };
        repr.emit(&mut frame);
        frame.payload_mut().copy_from_slice(&FRAME_BYTES[14..]);
        assert_eq!(&bytes[..], &FRAME_BYTES[..]);
        assert_eq!(Repr::parse(&Frame::new_checked(&bytes[..]).unwrap()).unwrap(), repr);
    }

    #[test]
    fn too_short_is_an_error() {
        assert_eq!(Frame::new_checked(&FRAME_BYTES[..13]), Err(Error));
        assert!(Frame::new_checked(&FRAME_BYTES[..14]).unwrap().payload().is_empty());
    }

    #[test]
    fn address_classes() {
        assert!(Address::BROADCAST.is_broadcast());
        assert!(Address::BROADCAST.is_multicast());
        assert!(Address([0x01, 0x00, 0x5e, 0, 0, 0x6a]).is_multicast());
        assert!(Address([0x02, 0x42, 0x0a, 0, 0, 2]).is_unicast());
        assert_eq!(Address::from_ipv4(Ipv4Addr::new(172, 18, 0, 2)).to_string(), "02:42:ac:12:00:02");
    }

    #[test]
    fn address_parsing() {
        assert_eq!("02:42:AC:12:0:2".parse::<Address>(), Ok(Address([2, 0x42, 0xac, 0x12, 0, 2])));
        for bad in ["", "02:42:ac:12:00", "02:42:ac:12:00:02:03", "02:42:ac:12:00:0g", "002:42:ac:12:00:02", "02::ac:12:00:02"] {
            assert_eq!(bad.parse::<Address>(), Err(Error), "{bad}");
        }
    }

    #[test]
    fn ethertype_round_trips() {
        for v in [0x0800u16, 0x0806, 0x86dd, 0x88cc, 0] {
            assert_eq!(u16::from(EtherType::from(v)), v);
        }
    }

    proptest! {
        #[test]
        fn parse_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
            if let Ok(frame) = Frame::new_checked(&bytes[..]) {
                let repr = Repr::parse(&frame).unwrap();
                let mut out = bytes.clone();
                repr.emit(&mut Frame::new_unchecked(&mut out));
                prop_assert_eq!(out, bytes);
            }
        }

        #[test]
        fn display_parse_round_trip(b in any::<[u8; 6]>()) {
            prop_assert_eq!(Address(b).to_string().parse::<Address>(), Ok(Address(b)));
        }
    }
}
