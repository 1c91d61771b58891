//! One-call frame construction for the datapath.
//!
//! Each function sizes its output exactly, allocates once, and writes every
//! layer with correct lengths and checksums. The IPv4 header's `protocol` and
//! `payload_len` are taken from the L4 content (except for [`L4::Raw`], which
//! keeps the repr's protocol), so a built packet can never contradict itself.

use super::ethernet::{self, Address as EthernetAddress, EtherType};
use super::icmp;
use super::ipv4;
use super::tcp;
use super::udp;
use super::vxlan;
use crate::net::proto;

/// The transport-layer content of an IPv4 packet.
#[derive(Clone, Copy, Debug)]
pub enum L4<'a> {
    Tcp(&'a tcp::Repr<'a>),
    /// A UDP header and its payload.
    Udp(&'a udp::Repr, &'a [u8]),
    Icmp(&'a icmp::Repr<'a>),
    /// Bytes copied verbatim after the IP header.
    Raw(&'a [u8]),
}

impl L4<'_> {
    pub fn buffer_len(&self) -> usize {
        match self {
            L4::Tcp(t) => t.buffer_len(),
            L4::Udp(u, payload) => u.buffer_len(payload.len()),
            L4::Icmp(i) => i.buffer_len(),
            L4::Raw(bytes) => bytes.len(),
        }
    }

    /// The IP protocol number this content implies (`None` for raw bytes).
    pub fn protocol(&self) -> Option<u8> {
        match self {
            L4::Tcp(_) => Some(proto::TCP),
            L4::Udp(..) => Some(proto::UDP),
            L4::Icmp(_) => Some(proto::ICMP),
            L4::Raw(_) => None,
        }
    }

    /// Writes the content (with its checksum) into `buf`, which must be
    /// `buffer_len()` bytes.
    fn emit(&self, buf: &mut [u8], ip: &ipv4::Repr) {
        match self {
            L4::Tcp(t) => t.emit(&mut tcp::Packet::new_unchecked(buf), ip.src_addr, ip.dst_addr),
            L4::Udp(u, payload) => u.emit(&mut udp::Packet::new_unchecked(buf), ip.src_addr, ip.dst_addr, payload),
            L4::Icmp(i) => i.emit(&mut icmp::Packet::new_unchecked(buf)),
            L4::Raw(bytes) => {
                let n = buf.len().min(bytes.len());
                buf[..n].copy_from_slice(&bytes[..n]);
            }
        }
    }
}

/// An Ethernet II frame around `payload`.
pub fn ethernet_frame(src: EthernetAddress, dst: EthernetAddress, ethertype: EtherType, payload: &[u8]) -> Vec<u8> {
    let mut out = vec![0; ethernet::HEADER_LEN + payload.len()];
    write_ethernet(&mut out, src, dst, ethertype);
    out[ethernet::HEADER_LEN..].copy_from_slice(payload);
    out
}

/// An IPv4 packet (20-byte header) carrying `l4`.
pub fn ipv4_packet(repr: &ipv4::Repr, l4: &L4<'_>) -> Vec<u8> {
    let mut out = vec![0; ipv4::HEADER_LEN + l4.buffer_len()];
    write_ipv4(&mut out, repr, l4);
    out
}

/// An Ethernet frame carrying an IPv4 packet carrying `l4`, in one
/// allocation.
pub fn frame_ipv4(src_mac: EthernetAddress, dst_mac: EthernetAddress, repr: &ipv4::Repr, l4: &L4<'_>) -> Vec<u8> {
    let mut out = vec![0; ethernet::HEADER_LEN + ipv4::HEADER_LEN + l4.buffer_len()];
    write_ethernet(&mut out, src_mac, dst_mac, EtherType::Ipv4);
    write_ipv4(&mut out[ethernet::HEADER_LEN..], repr, l4);
    out
}

/// A VXLAN-encapsulated frame: outer Ethernet, outer IPv4 (`outer`), UDP
/// (`udp`, usually destination port 4789), the VXLAN header for `vni`, then
/// `inner_frame` verbatim. One allocation; the outer UDP checksum is
/// computed (Linux's default for IPv4 VXLAN devices).
pub fn frame_vxlan(src_mac: EthernetAddress, dst_mac: EthernetAddress, outer: &ipv4::Repr, udp: &udp::Repr, vni: u32, inner_frame: &[u8]) -> Vec<u8> {
    let udp_len = udp::HEADER_LEN + vxlan::HEADER_LEN + inner_frame.len();
    let mut out = vec![0; ethernet::HEADER_LEN + ipv4::HEADER_LEN + udp_len];
    write_ethernet(&mut out, src_mac, dst_mac, EtherType::Ipv4);
    let ip_repr = ipv4::Repr { protocol: proto::UDP, payload_len: udp_len, ..*outer };
    let l3 = &mut out[ethernet::HEADER_LEN..];
    ip_repr.emit(&mut ipv4::Packet::new_unchecked(&mut *l3));
    let l4 = &mut l3[ipv4::HEADER_LEN..];
    {
        let vx = &mut l4[udp::HEADER_LEN..];
        vxlan::Repr { vni }.emit(&mut vxlan::Packet::new_unchecked(&mut *vx));
        vx[vxlan::HEADER_LEN..].copy_from_slice(inner_frame);
    }
    let mut packet = udp::Packet::new_unchecked(l4);
    packet.set_src_port(udp.src_port);
    packet.set_dst_port(udp.dst_port);
    packet.set_len(u16::try_from(udp_len).unwrap_or(u16::MAX));
    packet.fill_checksum(outer.src_addr, outer.dst_addr);
    out
}

fn write_ethernet(out: &mut [u8], src: EthernetAddress, dst: EthernetAddress, ethertype: EtherType) {
    ethernet::Repr { src_addr: src, dst_addr: dst, ethertype }.emit(&mut ethernet::Frame::new_unchecked(out));
}

fn write_ipv4(out: &mut [u8], repr: &ipv4::Repr, l4: &L4<'_>) {
    let header = ipv4::Repr { protocol: l4.protocol().unwrap_or(repr.protocol), payload_len: l4.buffer_len(), ..*repr };
    header.emit(&mut ipv4::Packet::new_unchecked(&mut *out));
    l4.emit(&mut out[ipv4::HEADER_LEN..], &header);
}

#[cfg(test)]
mod test {
    use super::*;
    use std::net::Ipv4Addr;

    fn ip(src: [u8; 4], dst: [u8; 4]) -> ipv4::Repr {
        ipv4::Repr { src_addr: Ipv4Addr::from(src), dst_addr: Ipv4Addr::from(dst), protocol: 0, payload_len: 0, ttl: 64, ident: 1, dont_frag: true, tos: 0 }
    }

    #[test]
    fn frame_ipv4_udp_is_consistent_for_etherparse() {
        let udp = udp::Repr { src_port: 40000, dst_port: 9999 };
        let frame = frame_ipv4(
            EthernetAddress([2, 0x42, 10, 0, 0, 2]),
            EthernetAddress([2, 0x42, 10, 0, 0, 5]),
            &ip([10, 0, 0, 2], [10, 0, 0, 5]),
            &L4::Udp(&udp, b"hello"),
        );
        assert_eq!(frame.len(), 14 + 20 + 8 + 5);
        let p = etherparse::SlicedPacket::from_ethernet(&frame).unwrap();
        let Some(etherparse::NetSlice::Ipv4(ip4)) = p.net else { panic!("not IPv4") };
        assert_eq!(ip4.header().protocol(), etherparse::IpNumber::UDP);
        assert_eq!(ip4.header().total_len(), 33);
        let Some(etherparse::TransportSlice::Udp(u)) = p.transport else { panic!("not UDP") };
        assert_eq!(u.payload(), b"hello");
        let expected = u.to_header().calc_checksum_ipv4(&ip4.header().to_header(), b"hello").unwrap();
        assert_eq!(u.checksum(), expected);
    }

    #[test]
    fn ipv4_packet_takes_protocol_and_length_from_l4() {
        let echo = icmp::Repr::EchoRequest { ident: 7, seq_no: 1, data: b"abc" };
        let mut r = ip([10, 0, 0, 2], [10, 0, 0, 5]);
        r.protocol = 17;
        r.payload_len = 999;
        let bytes = ipv4_packet(&r, &L4::Icmp(&echo));
        let p = ipv4::Packet::new_checked(&bytes[..]).unwrap();
        assert_eq!((p.protocol(), p.total_len()), (1, 31));
        assert!(p.verify_checksum());
        let raw = ipv4_packet(&r, &L4::Raw(&[1, 2, 3]));
        assert_eq!(ipv4::Packet::new_unchecked(&raw[..]).protocol(), 17);
    }

    #[test]
    fn ethernet_frame_wraps_payload() {
        let f = ethernet_frame(EthernetAddress([1; 6]), EthernetAddress::BROADCAST, EtherType::Arp, &[9; 28]);
        assert_eq!(&f[..14], &[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 1, 1, 1, 1, 1, 8, 6]);
        assert_eq!(&f[14..], &[9; 28]);
    }

    #[test]
    fn frame_vxlan_nests_inner_frame() {
        let inner = ethernet_frame(EthernetAddress([2; 6]), EthernetAddress([4; 6]), EtherType::Arp, &[0; 28]);
        let udp = udp::Repr { src_port: 40702, dst_port: vxlan::UDP_PORT };
        let outer = ip([192, 168, 56, 11], [192, 168, 56, 12]);
        let f = frame_vxlan(EthernetAddress([6; 6]), EthernetAddress([8; 6]), &outer, &udp, 4096, &inner);
        assert_eq!(f.len(), 14 + 20 + 8 + 8 + inner.len());
        let l3 = &f[14..];
        let ip4 = ipv4::Packet::new_checked(l3).unwrap();
        assert!(ip4.verify_checksum());
        assert_eq!(ip4.protocol(), proto::UDP);
        let u = udp::Packet::new_checked(ip4.payload()).unwrap();
        assert!(u.checksum() != 0 && u.verify_checksum(outer.src_addr, outer.dst_addr));
        let vx = vxlan::Packet::new_checked(u.payload()).unwrap();
        assert_eq!(vx.vni(), 4096);
        assert_eq!(vx.payload(), &inner[..]);
    }
}
