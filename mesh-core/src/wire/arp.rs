//! ARP (RFC 826) for Ethernet and IPv4.
//!
//! A host that wants to send to an on-link IPv4 address it has no neighbour
//! entry for broadcasts a *request* ("who-has 10.0.0.5 tell 10.0.0.2"); the
//! owner answers with a unicast *reply* ("10.0.0.5 is-at 02:42:0a:00:00:05").
//! Linux leaves the target hardware address of a request zeroed.
//!
//! Only the Ethernet/IPv4 flavour exists here: hardware type 1, protocol type
//! 0x0800, address lengths 6 and 4, so a packet is always 28 bytes.
//! [`Repr::parse`] rejects every other combination; the [`Packet`] view can
//! still read the raw fields of one.

use std::fmt;
use std::net::Ipv4Addr;

use super::ethernet::Address as EthernetAddress;
use super::{Error, Field, Result, be};

/// Length of an Ethernet/IPv4 ARP packet.
pub const PACKET_LEN: usize = 28;

/// ARP hardware type for Ethernet.
pub const HARDWARE_ETHERNET: u16 = 1;

mod field {
    use super::Field;
    pub(super) const HTYPE: Field = 0..2;
    pub(super) const PTYPE: Field = 2..4;
    pub(super) const HLEN: usize = 4;
    pub(super) const PLEN: usize = 5;
    pub(super) const OPER: Field = 6..8;
    pub(super) const SHA: Field = 8..14;
    pub(super) const SPA: Field = 14..18;
    pub(super) const THA: Field = 18..24;
    pub(super) const TPA: Field = 24..28;
}

/// The ARP operation code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Operation {
    Request,
    Reply,
    Unknown(u16),
}

impl From<u16> for Operation {
    fn from(v: u16) -> Self {
        match v {
            1 => Operation::Request,
            2 => Operation::Reply,
            other => Operation::Unknown(other),
        }
    }
}

impl From<Operation> for u16 {
    fn from(op: Operation) -> u16 {
        match op {
            Operation::Request => 1,
            Operation::Reply => 2,
            Operation::Unknown(v) => v,
        }
    }
}

/// A view of an ARP packet in a buffer.
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

    /// The buffer holds the 8-byte fixed part and both address pairs at the
    /// lengths the packet itself declares.
    pub fn check_len(&self) -> Result<()> {
        let len = self.buffer.as_ref().len();
        if len < 8 {
            return Err(Error);
        }
        let need = 8 + 2 * (usize::from(self.hardware_len()) + usize::from(self.protocol_len()));
        if len < need { Err(Error) } else { Ok(()) }
    }

    pub fn into_inner(self) -> T {
        self.buffer
    }

    pub fn hardware_type(&self) -> u16 {
        be::u16_at(self.buffer.as_ref(), field::HTYPE.start)
    }

    pub fn protocol_type(&self) -> u16 {
        be::u16_at(self.buffer.as_ref(), field::PTYPE.start)
    }

    pub fn hardware_len(&self) -> u8 {
        self.buffer.as_ref().get(field::HLEN).copied().unwrap_or(0)
    }

    pub fn protocol_len(&self) -> u8 {
        self.buffer.as_ref().get(field::PLEN).copied().unwrap_or(0)
    }

    pub fn operation(&self) -> Operation {
        Operation::from(be::u16_at(self.buffer.as_ref(), field::OPER.start))
    }

    /// True when the packet is the Ethernet/IPv4 flavour, so the fixed
    /// 28-byte address layout below applies.
    pub fn is_ethernet_ipv4(&self) -> bool {
        self.hardware_type() == HARDWARE_ETHERNET && self.protocol_type() == 0x0800 && self.hardware_len() == 6 && self.protocol_len() == 4
    }

    pub fn source_hardware_addr(&self) -> EthernetAddress {
        self.mac(field::SHA)
    }

    pub fn source_protocol_addr(&self) -> Ipv4Addr {
        Ipv4Addr::from(be::u32_at(self.buffer.as_ref(), field::SPA.start))
    }

    pub fn target_hardware_addr(&self) -> EthernetAddress {
        self.mac(field::THA)
    }

    pub fn target_protocol_addr(&self) -> Ipv4Addr {
        Ipv4Addr::from(be::u32_at(self.buffer.as_ref(), field::TPA.start))
    }

    fn mac(&self, f: Field) -> EthernetAddress {
        self.buffer.as_ref().get(f).and_then(EthernetAddress::from_bytes).unwrap_or_default()
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Packet<T> {
    pub fn set_hardware_type(&mut self, v: u16) {
        be::put_u16(self.buffer.as_mut(), field::HTYPE.start, v);
    }

    pub fn set_protocol_type(&mut self, v: u16) {
        be::put_u16(self.buffer.as_mut(), field::PTYPE.start, v);
    }

    pub fn set_hardware_len(&mut self, v: u8) {
        if let Some(b) = self.buffer.as_mut().get_mut(field::HLEN) {
            *b = v;
        }
    }

    pub fn set_protocol_len(&mut self, v: u8) {
        if let Some(b) = self.buffer.as_mut().get_mut(field::PLEN) {
            *b = v;
        }
    }

    pub fn set_operation(&mut self, op: Operation) {
        be::put_u16(self.buffer.as_mut(), field::OPER.start, op.into());
    }

    pub fn set_source_hardware_addr(&mut self, a: EthernetAddress) {
        self.set_mac(field::SHA, a);
    }

    pub fn set_source_protocol_addr(&mut self, a: Ipv4Addr) {
        be::put_u32(self.buffer.as_mut(), field::SPA.start, a.into());
    }

    pub fn set_target_hardware_addr(&mut self, a: EthernetAddress) {
        self.set_mac(field::THA, a);
    }

    pub fn set_target_protocol_addr(&mut self, a: Ipv4Addr) {
        be::put_u32(self.buffer.as_mut(), field::TPA.start, a.into());
    }

    fn set_mac(&mut self, f: Field, a: EthernetAddress) {
        if let Some(b) = self.buffer.as_mut().get_mut(f) {
            b.copy_from_slice(&a.0);
        }
    }
}

/// The meaning of an Ethernet/IPv4 ARP packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Repr {
    pub operation: Operation,
    pub source_hardware_addr: EthernetAddress,
    pub source_protocol_addr: Ipv4Addr,
    pub target_hardware_addr: EthernetAddress,
    pub target_protocol_addr: Ipv4Addr,
}

impl Repr {
    /// A request as Linux sends it: broadcast by the caller, target hardware
    /// address zero.
    pub fn request(sender_mac: EthernetAddress, sender_ip: Ipv4Addr, target_ip: Ipv4Addr) -> Repr {
        Repr {
            operation: Operation::Request,
            source_hardware_addr: sender_mac,
            source_protocol_addr: sender_ip,
            target_hardware_addr: EthernetAddress::default(),
            target_protocol_addr: target_ip,
        }
    }

    /// The reply to `request` from the owner of its target address.
    pub fn reply_to(request: &Repr, owner_mac: EthernetAddress) -> Repr {
        Repr {
            operation: Operation::Reply,
            source_hardware_addr: owner_mac,
            source_protocol_addr: request.target_protocol_addr,
            target_hardware_addr: request.source_hardware_addr,
            target_protocol_addr: request.source_protocol_addr,
        }
    }

    pub fn parse<T: AsRef<[u8]> + ?Sized>(packet: &Packet<&T>) -> Result<Repr> {
        packet.check_len()?;
        if !packet.is_ethernet_ipv4() {
            return Err(Error);
        }
        Ok(Repr {
            operation: packet.operation(),
            source_hardware_addr: packet.source_hardware_addr(),
            source_protocol_addr: packet.source_protocol_addr(),
            target_hardware_addr: packet.target_hardware_addr(),
            target_protocol_addr: packet.target_protocol_addr(),
        })
    }

    pub const fn buffer_len(&self) -> usize {
        PACKET_LEN
    }

    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, packet: &mut Packet<T>) {
        packet.set_hardware_type(HARDWARE_ETHERNET);
        packet.set_protocol_type(0x0800);
        packet.set_hardware_len(6);
        packet.set_protocol_len(4);
        packet.set_operation(self.operation);
        packet.set_source_hardware_addr(self.source_hardware_addr);
        packet.set_source_protocol_addr(self.source_protocol_addr);
        packet.set_target_hardware_addr(self.target_hardware_addr);
        packet.set_target_protocol_addr(self.target_protocol_addr);
    }
}

impl fmt::Display for Repr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.operation {
            Operation::Request => {
                write!(f, "ARP who-has {} tell {}", self.target_protocol_addr, self.source_protocol_addr)
            }
            Operation::Reply => write!(f, "ARP {} is-at {}", self.source_protocol_addr, self.source_hardware_addr),
            Operation::Unknown(op) => write!(f, "ARP op={op} {} > {}", self.source_protocol_addr, self.target_protocol_addr),
        }
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use proptest::prelude::*;

    // "Reply 10.0.0.5 is-at 02:42:0a:00:00:05", captured from Linux on a veth
    // (the Ethernet header stripped).
    static PACKET_BYTES: [u8; 28] = [
        0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x02, 0x02, 0x42, 0x0a, 0x00, 0x00, 0x05, 0x0a, 0x00, 0x00, 0x05, 0x02, 0x42, 0x0a, 0x00, 0x00, 0x02, 0x0a,
        0x00, 0x00, 0x02,
    ];

    fn reply() -> Repr {
        Repr {
            operation: Operation::Reply,
            source_hardware_addr: EthernetAddress([0x02, 0x42, 0x0a, 0, 0, 5]),
            source_protocol_addr: Ipv4Addr::new(10, 0, 0, 5),
            target_hardware_addr: EthernetAddress([0x02, 0x42, 0x0a, 0, 0, 2]),
            target_protocol_addr: Ipv4Addr::new(10, 0, 0, 2),
        }
    }

    #[test]
    fn test_deconstruct() {
        let p = Packet::new_checked(&PACKET_BYTES[..]).unwrap();
        assert_eq!(p.hardware_type(), 1);
        assert_eq!(p.protocol_type(), 0x0800);
        assert_eq!(p.hardware_len(), 6);
        assert_eq!(p.protocol_len(), 4);
        assert_eq!(p.operation(), Operation::Reply);
        assert_eq!(p.source_hardware_addr(), EthernetAddress([0x02, 0x42, 0x0a, 0, 0, 5]));
        assert_eq!(p.source_protocol_addr(), Ipv4Addr::new(10, 0, 0, 5));
        assert_eq!(p.target_hardware_addr(), EthernetAddress([0x02, 0x42, 0x0a, 0, 0, 2]));
        assert_eq!(p.target_protocol_addr(), Ipv4Addr::new(10, 0, 0, 2));
        assert_eq!(Repr::parse(&p).unwrap(), reply());
        assert_eq!(reply().to_string(), "ARP 10.0.0.5 is-at 02:42:0a:00:00:05");
    }

    #[test]
    fn test_construct() {
        let mut bytes = vec![0xa5; 28];
        reply().emit(&mut Packet::new_unchecked(&mut bytes));
        assert_eq!(&bytes[..], &PACKET_BYTES[..]);
    }

    #[test]
    fn request_and_reply_constructors() {
        let req = Repr::request(EthernetAddress([0x02, 0x42, 0x0a, 0, 0, 2]), Ipv4Addr::new(10, 0, 0, 2), Ipv4Addr::new(10, 0, 0, 5));
        assert!(req.target_hardware_addr.is_zero());
        assert_eq!(Repr::reply_to(&req, EthernetAddress([0x02, 0x42, 0x0a, 0, 0, 5])), reply());
    }

    #[test]
    fn rejects_other_flavours() {
        let mut bytes = PACKET_BYTES;
        bytes[1] = 6; // IEEE 802 hardware
        assert_eq!(Repr::parse(&Packet::new_checked(&bytes[..]).unwrap()), Err(Error));
        assert_eq!(Packet::new_checked(&PACKET_BYTES[..27]), Err(Error));
        // Declared lengths larger than the buffer.
        let mut big = PACKET_BYTES;
        big[4] = 200;
        assert_eq!(Packet::new_checked(&big[..]), Err(Error));
    }

    #[test]
    fn oracle_etherparse() {
        let slice = etherparse::ArpPacketSlice::from_slice(&PACKET_BYTES).unwrap();
        assert_eq!(slice.operation(), etherparse::ArpOperation::REPLY);
        assert_eq!(slice.sender_protocol_addr(), &[10, 0, 0, 5]);
        assert_eq!(slice.target_hw_addr(), &[0x02, 0x42, 0x0a, 0, 0, 2]);
    }

    proptest! {
        #[test]
        fn round_trip(op in any::<u16>(), sha in any::<[u8; 6]>(), spa in any::<u32>(), tha in any::<[u8; 6]>(), tpa in any::<u32>()) {
            let repr = Repr {
                operation: Operation::from(op),
                source_hardware_addr: EthernetAddress(sha),
                source_protocol_addr: Ipv4Addr::from(spa),
                target_hardware_addr: EthernetAddress(tha),
                target_protocol_addr: Ipv4Addr::from(tpa),
            };
            let mut bytes = vec![0u8; repr.buffer_len()];
            repr.emit(&mut Packet::new_unchecked(&mut bytes));
            prop_assert_eq!(Repr::parse(&Packet::new_checked(&bytes[..]).unwrap()), Ok(repr));
        }

        #[test]
        fn parse_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            if let Ok(p) = Packet::new_checked(&bytes[..]) {
                let _ = Repr::parse(&p);
                let _ = (p.source_hardware_addr(), p.target_protocol_addr());
            }
        }
    }
}
