//! Frames as bytes: the on-wire formats of every packet mesh moves.
//!
//! Everything the simulated kernel forwards is a real Ethernet frame in a
//! byte buffer. This module reads and writes those bytes, one file per
//! protocol (Ethernet, ARP, IPv4, ICMP, UDP, TCP, VXLAN), plus the NAT
//! rewrites netfilter applies in place, a per-layer decoder for the hop
//! inspector, tcpdump's one-line format, and a pcapng writer/reader.
//!
//! # The pattern (after smoltcp's `wire`)
//!
//! Each protocol has two views of the same header:
//!
//! - a *packet* type (`Ipv4Packet<T: AsRef<[u8]>>`) that wraps any buffer and
//!   reads or writes fields at fixed byte ranges. It never allocates and never
//!   copies. Getters work on `&[u8]`; setters need `AsMut<[u8]>`.
//! - a *repr* type (`Ipv4Repr`) holding the already-validated meaning of the
//!   header, with `parse` (packet → repr), `buffer_len` and `emit`
//!   (repr → bytes).
//!
//! # Guarantees
//!
//! - Parsing untrusted bytes goes through `new_checked`, which verifies that
//!   every fixed field the accessors read is inside the buffer. After it
//!   succeeds no getter panics. Nothing in this module panics on any input.
//! - `Repr::emit` into a buffer of exactly `buffer_len()` bytes never panics
//!   and always writes correct checksums.
//! - Protocol numbers are open enums with an `Unknown(..)` variant, so an
//!   unknown value survives a parse/emit round trip.
//!
//! # Not modelled
//!
//! IPv6 (recognised as an EtherType only), IP fragmentation and reassembly
//! (fragments are readable through [`Ipv4Packet`] but [`Ipv4Repr::parse`]
//! refuses them), VLAN tags, and any TCP option other than MSS, SACK-permitted,
//! timestamps and window scale (those are kept verbatim as raw bytes).

use std::fmt;
use std::ops::{Range, RangeFrom};

pub mod arp;
pub mod build;
pub mod checksum;
pub mod describe;
pub mod ethernet;
pub mod icmp;
pub mod ipv4;
pub mod nat;
pub mod pcapng;
pub mod tcp;
pub mod tcpdump;
pub mod udp;
pub mod vxlan;

#[cfg(test)]
mod tests;

pub use self::arp::{Operation as ArpOperation, Packet as ArpPacket, Repr as ArpRepr};
pub use self::build::{L4, ethernet_frame, frame_ipv4, frame_vxlan, ipv4_packet};
pub use self::describe::{Layer, changed_bytes, describe_frame, hexdump};
pub use self::ethernet::{Address as EthernetAddress, EtherType, Frame as EthernetFrame, HEADER_LEN as ETHERNET_HEADER_LEN, Repr as EthernetRepr};
pub use self::icmp::{Packet as IcmpPacket, Repr as IcmpRepr};
pub use self::ipv4::{HEADER_LEN as IPV4_HEADER_LEN, Packet as Ipv4Packet, Repr as Ipv4Repr};
pub use self::pcapng::{PcapngFile, PcapngInterface, PcapngPacket, PcapngWriter};
pub use self::tcp::{Flags as TcpFlags, HEADER_LEN as TCP_HEADER_LEN, Options as TcpOptions, Packet as TcpPacket, Repr as TcpRepr};
pub use self::tcpdump::{TcpdumpFormatter, TcpdumpOptions};
pub use self::udp::{HEADER_LEN as UDP_HEADER_LEN, Packet as UdpPacket, Repr as UdpRepr};
pub use self::vxlan::{HEADER_LEN as VXLAN_HEADER_LEN, Packet as VxlanPacket, Repr as VxlanRepr, UDP_PORT as VXLAN_UDP_PORT};

/// A fixed-position field: a byte range inside a header.
pub(crate) type Field = Range<usize>;
/// Everything from a byte offset to the end of the buffer.
pub(crate) type Rest = RangeFrom<usize>;

/// The bytes could not be read as the expected protocol: too short, a length
/// field pointing outside the buffer, a bad checksum or an unsupported value.
///
/// Deliberately carries no detail: the datapath drops such frames, and tools
/// that explain a drop re-inspect the bytes with [`describe_frame`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Error;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("malformed packet")
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

/// Big-endian reads and writes at a byte offset. Callers check bounds first
/// (every `Packet` does so in `check_len`); the `get` helpers return `None`
/// instead of panicking so that parsers of truncated data stay panic-free.
pub(crate) mod be {
    pub(crate) fn get_u16(buf: &[u8], at: usize) -> Option<u16> {
        let b = buf.get(at..at.checked_add(2)?)?;
        Some(u16::from_be_bytes([b[0], b[1]]))
    }

    pub(crate) fn get_u32(buf: &[u8], at: usize) -> Option<u32> {
        let b = buf.get(at..at.checked_add(4)?)?;
        Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub(crate) fn u16_at(buf: &[u8], at: usize) -> u16 {
        get_u16(buf, at).unwrap_or(0)
    }

    pub(crate) fn u32_at(buf: &[u8], at: usize) -> u32 {
        get_u32(buf, at).unwrap_or(0)
    }

    pub(crate) fn put_u16(buf: &mut [u8], at: usize, value: u16) {
        if let Some(b) = buf.get_mut(at..at + 2) {
            b.copy_from_slice(&value.to_be_bytes());
        }
    }

    pub(crate) fn put_u32(buf: &mut [u8], at: usize, value: u32) {
        if let Some(b) = buf.get_mut(at..at + 4) {
            b.copy_from_slice(&value.to_be_bytes());
        }
    }
}
