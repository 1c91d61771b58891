//! VXLAN (RFC 7348): Ethernet frames tunnelled in UDP.
//!
//! Docker's overlay networks carry each container frame inside
//! `outer Ethernet / outer IPv4 / UDP (dst 4789) / VXLAN / inner Ethernet…`.
//! The 8-byte VXLAN header holds a flags byte (only `I`, 0x08: "the VNI is
//! valid"), three reserved bytes, the 24-bit VXLAN Network Identifier (one
//! per overlay network; Docker allocates from 4096 up) and a reserved byte.
//! The sender picks the outer UDP source port by hashing the inner flow, so
//! that one inner connection always takes the same underlay path.
//!
//! Linux's default port for VXLAN devices created without `dstport` is 8472
//! (the pre-IANA port); Docker always asks for 4789.

use std::fmt;

use super::{Error, Field, Rest, Result, be};

/// Length of the VXLAN header.
pub const HEADER_LEN: usize = 8;

/// The IANA VXLAN UDP port, the one Docker uses.
pub const UDP_PORT: u16 = 4789;

/// The port Linux uses for VXLAN when none is configured.
pub const LINUX_LEGACY_UDP_PORT: u16 = 8472;

/// The "VNI valid" flag.
pub const FLAG_I: u8 = 0x08;

mod field {
    use super::{Field, Rest};
    pub(super) const FLAGS: usize = 0;
    pub(super) const RESERVED1: Field = 1..4;
    pub(super) const VNI: Field = 4..7;
    pub(super) const RESERVED2: usize = 7;
    pub(super) const PAYLOAD: Rest = 8..;
}

/// A view of a VXLAN header and its inner frame (the UDP payload).
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

    pub fn check_len(&self) -> Result<()> {
        if self.buffer.as_ref().len() < HEADER_LEN { Err(Error) } else { Ok(()) }
    }

    pub fn into_inner(self) -> T {
        self.buffer
    }

    pub fn flags(&self) -> u8 {
        self.buffer.as_ref().get(field::FLAGS).copied().unwrap_or(0)
    }

    /// The 24-bit VXLAN Network Identifier.
    pub fn vni(&self) -> u32 {
        be::u32_at(self.buffer.as_ref(), field::VNI.start) >> 8
    }

    /// The reserved bits are all zero (RFC 7348 requires it of senders).
    pub fn reserved_is_zero(&self) -> bool {
        let b = self.buffer.as_ref();
        b.get(field::RESERVED1).is_some_and(|r| r == [0, 0, 0]) && b.get(field::RESERVED2) == Some(&0)
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> Packet<&'a T> {
    /// The inner Ethernet frame.
    pub fn payload(&self) -> &'a [u8] {
        self.buffer.as_ref().get(field::PAYLOAD).unwrap_or(&[])
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Packet<T> {
    pub fn set_flags(&mut self, v: u8) {
        if let Some(b) = self.buffer.as_mut().get_mut(field::FLAGS) {
            *b = v;
        }
    }

    /// Writes the VNI (the low 24 bits of `vni`) and zeroes the reserved bytes.
    pub fn set_vni(&mut self, vni: u32) {
        let buf = self.buffer.as_mut();
        if let Some(r) = buf.get_mut(field::RESERVED1) {
            r.fill(0);
        }
        be::put_u32(buf, field::VNI.start, (vni & 0x00ff_ffff) << 8);
    }

    pub fn payload_mut(&mut self) -> &mut [u8] {
        self.buffer.as_mut().get_mut(field::PAYLOAD).unwrap_or(&mut [])
    }
}

impl<T: AsRef<[u8]>> fmt::Display for Packet<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VXLAN flags=0x{:02x} vni={}", self.flags(), self.vni())
    }
}

/// The meaning of a VXLAN header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Repr {
    pub vni: u32,
}

impl Repr {
    /// Parses a header with the I flag set (Linux's `vxlan_rcv` drops
    /// packets without it). Other flag bits and reserved bytes are ignored,
    /// as Linux does for a device without extensions.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(packet: &Packet<&T>) -> Result<Repr> {
        packet.check_len()?;
        if packet.flags() & FLAG_I == 0 {
            return Err(Error);
        }
        Ok(Repr { vni: packet.vni() })
    }

    pub const fn buffer_len(&self) -> usize {
        HEADER_LEN
    }

    /// Writes the header: flags `I`, zero reserved bytes, the VNI.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, packet: &mut Packet<T>) {
        packet.set_flags(FLAG_I);
        packet.set_vni(self.vni);
    }
}

impl fmt::Display for Repr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VXLAN vni={}", self.vni)
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use proptest::prelude::*;

    // The VXLAN header Linux 6.18 wrote for VNI 4096 (captured), followed by
    // the first bytes of the inner broadcast frame.
    static PACKET_BYTES: [u8; 14] = [0x08, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];

    #[test]
    fn test_deconstruct() {
        let p = Packet::new_checked(&PACKET_BYTES[..]).unwrap();
        assert_eq!(p.flags(), FLAG_I);
        assert_eq!(p.vni(), 4096);
        assert!(p.reserved_is_zero());
        assert_eq!(p.payload(), &[0xff; 6]);
        assert_eq!(Repr::parse(&p), Ok(Repr { vni: 4096 }));
    }

    #[test]
    fn test_construct() {
        let mut bytes = vec![0xa5; 14];
        let mut p = Packet::new_unchecked(&mut bytes);
        Repr { vni: 4096 }.emit(&mut p);
        p.payload_mut().copy_from_slice(&[0xff; 6]);
        assert_eq!(&bytes[..], &PACKET_BYTES[..]);
    }

    #[test]
    fn without_i_flag_is_refused() {
        let mut bytes = PACKET_BYTES;
        bytes[0] = 0;
        assert_eq!(Repr::parse(&Packet::new_checked(&bytes[..]).unwrap()), Err(Error));
        assert_eq!(Packet::new_checked(&bytes[..7]), Err(Error));
    }

    proptest! {
        #[test]
        fn round_trip(vni in 0u32..(1 << 24)) {
            let mut bytes = vec![0xa5; 8];
            Repr { vni }.emit(&mut Packet::new_unchecked(&mut bytes));
            prop_assert_eq!(Repr::parse(&Packet::new_checked(&bytes[..]).unwrap()), Ok(Repr { vni }));
            prop_assert!(Packet::new_unchecked(&bytes[..]).reserved_is_zero());
        }
    }
}
