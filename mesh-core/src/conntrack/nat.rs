//! NAT packet rewriting and the pure parts of tuple selection, from Linux
//! 6.x `net/netfilter/nf_nat_proto.c` and `nf_nat_core.c`.
//!
//! A NAT binding is a changed reply tuple: to make a packet of direction
//! `dir` look like the inverse of the other direction's tuple, the source
//! (SNAT, in POSTROUTING/INPUT) or the destination (DNAT, in
//! PREROUTING/OUTPUT) address and port are overwritten, and the IP header
//! and TCP/UDP checksums are adjusted incrementally (RFC 1624). Packets in
//! mesh carry complete checksums (no `CHECKSUM_PARTIAL` offload), so the
//! full-checksum variants of the kernel's helpers apply.

use std::net::Ipv4Addr;

use crate::net::{Manip, NatRange, Tuple, proto};

use super::csum;
use super::packet::Ipv4View;

/// The packet could not be rewritten (too short for the header NAT must
/// change): the kernel returns `NF_DROP`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NatDrop;

/// `l4proto_in_range`: is the manipulable part of the tuple (the source or
/// destination port, or the ICMP id) inside the range's ports?
pub(crate) fn l4_in_range(t: &Tuple, manip: Manip, range: &NatRange) -> bool {
    let (min, max) = (range.min_port, range.max_port);
    match t.proto {
        proto::ICMP => (min..=max).contains(&t.src_port),
        proto::TCP | proto::UDP | proto::SCTP | 136 | 47 => {
            let port = if manip == Manip::Src { t.src_port } else { t.dst_port };
            (min..=max).contains(&port)
        }
        _ => true,
    }
}

/// `nf_in_range`: would a source mapping of `t` meet the range?
pub(crate) fn in_range(t: &Tuple, range: &NatRange) -> bool {
    if range.has_addr() && !(range.min_addr..=range.max_addr).contains(&t.src) {
        return false;
    }
    !range.has_ports() || l4_in_range(t, Manip::Src, range)
}

/// Bob Jenkins' lookup3 `jhash2` of one 32-bit word (`include/linux/jhash.h`).
fn jhash2_1(k: u32, initval: u32) -> u32 {
    let mut a = 0xdead_beef_u32.wrapping_add(4).wrapping_add(initval);
    let mut b = a;
    let mut c = a;
    a = a.wrapping_add(k);
    c ^= b;
    c = c.wrapping_sub(b.rotate_left(14));
    a ^= c;
    a = a.wrapping_sub(c.rotate_left(11));
    b ^= a;
    b = b.wrapping_sub(a.rotate_left(25));
    c ^= b;
    c = c.wrapping_sub(b.rotate_left(16));
    a ^= c;
    a = a.wrapping_sub(c.rotate_left(4));
    b ^= a;
    b = b.wrapping_sub(a.rotate_left(14));
    c ^= b;
    c.wrapping_sub(b.rotate_left(24))
}

/// An address as the kernel's `__be32` reads on a little-endian CPU.
fn raw_be32(a: Ipv4Addr) -> u32 {
    u32::from_le_bytes(a.octets())
}

/// `find_best_ips_proto`: picks the address inside the range for this
/// source/destination pair by hashing them, so a client keeps getting the
/// same address (`--persistent` hashes the source only). Deterministic, as
/// in the kernel (x86 byte order assumed).
pub(crate) fn pick_address(t: &mut Tuple, range: &NatRange, manip: Manip, zone: u16) {
    if !range.has_addr() {
        return;
    }
    let var = if manip == Manip::Src { &mut t.src } else { &mut t.dst };
    if range.min_addr == range.max_addr {
        *var = range.min_addr;
        return;
    }
    let initval = if range.flags & NatRange::PERSISTENT != 0 { 0 } else { raw_be32(t.dst) ^ u32::from(zone) };
    let j = jhash2_1(raw_be32(t.src), initval);
    let minip = u32::from(range.min_addr);
    let dist = u32::from(range.max_addr).wrapping_sub(minip).wrapping_add(1);
    let scaled = ((u64::from(j) * u64::from(dist)) >> 32) as u32;
    let picked = Ipv4Addr::from(minip.wrapping_add(scaled));
    if manip == Manip::Src {
        t.src = picked;
    } else {
        t.dst = picked;
    }
}

fn need(l3: &[u8], len: usize) -> Result<(), NatDrop> {
    if l3.len() < len { Err(NatDrop) } else { Ok(()) }
}

/// Adjusts a transport checksum at `check_at` for the address change the
/// IP header at `iphdroff` is about to get (`nf_csum_update`).
fn pseudo_header_update(l3: &mut [u8], iphdroff: usize, check_at: usize, target: &Tuple, manip: Manip) {
    let field = iphdroff + if manip == Manip::Src { 12 } else { 16 };
    let old = [l3[field], l3[field + 1], l3[field + 2], l3[field + 3]];
    let new = if manip == Manip::Src { target.src } else { target.dst }.octets();
    csum::replace_at(l3, check_at, &old, &new);
}

/// `nf_nat_ipv4_manip_pkt`: rewrite the IPv4 packet whose header starts at
/// `iphdroff` (0, or the packet quoted inside an ICMP error) so that its
/// source (SNAT) or destination (DNAT) matches `target`, fixing checksums.
pub(crate) fn manip_pkt(l3: &mut [u8], iphdroff: usize, target: &Tuple, manip: Manip) -> Result<(), NatDrop> {
    need(l3, iphdroff + 20)?;
    let hdroff = iphdroff + usize::from(l3[iphdroff] & 0x0f) * 4;
    let src = manip == Manip::Src;
    let new_port = if src { target.src_port } else { target.dst_port }.to_be_bytes();
    let port_at = hdroff + if src { 0 } else { 2 };
    match target.proto {
        proto::TCP => {
            // Only 8 bytes are guaranteed inside an ICMP error; the
            // checksum is fixed when the whole header is there.
            let whole = l3.len() >= hdroff + 20;
            need(l3, hdroff + 8)?;
            let old_port = [l3[port_at], l3[port_at + 1]];
            l3[port_at..port_at + 2].copy_from_slice(&new_port);
            if whole {
                pseudo_header_update(l3, iphdroff, hdroff + 16, target, manip);
                csum::replace_at(l3, hdroff + 16, &old_port, &new_port);
            }
        }
        proto::UDP => {
            need(l3, hdroff + 8)?;
            let old_port = [l3[port_at], l3[port_at + 1]];
            if l3[hdroff + 6..hdroff + 8] != [0, 0] {
                pseudo_header_update(l3, iphdroff, hdroff + 6, target, manip);
                csum::replace_at(l3, hdroff + 6, &old_port, &new_port);
                if l3[hdroff + 6..hdroff + 8] == [0, 0] {
                    l3[hdroff + 6..hdroff + 8].copy_from_slice(&[0xff, 0xff]); // CSUM_MANGLED_0
                }
            }
            l3[port_at..port_at + 2].copy_from_slice(&new_port);
        }
        proto::ICMP => {
            need(l3, hdroff + 8)?;
            if matches!(l3[hdroff], 0 | 8 | 13 | 14 | 15 | 16 | 17 | 18) {
                let old_id = [l3[hdroff + 4], l3[hdroff + 5]];
                let new_id = target.src_port.to_be_bytes();
                csum::replace_at(l3, hdroff + 2, &old_id, &new_id);
                l3[hdroff + 4..hdroff + 6].copy_from_slice(&new_id);
            }
        }
        _ => {}
    }
    let field = iphdroff + if src { 12 } else { 16 };
    let old = [l3[field], l3[field + 1], l3[field + 2], l3[field + 3]];
    let new = if src { target.src } else { target.dst }.octets();
    csum::replace_at(l3, iphdroff + 10, &old, &new);
    l3[field..field + 4].copy_from_slice(&new);
    Ok(())
}

/// `nf_nat_icmp_reply_translation`, once the caller established that the
/// binding applies: fix the packet quoted inside the ICMP error with the
/// *other* direction's tuple and the opposite manip, recompute the ICMP
/// checksum, then rewrite the outer header like the reply to that
/// direction. `other` is `tuplehash[!dir]`.
pub(crate) fn icmp_reply_translation(l3: &mut [u8], other: &Tuple, manip: Manip) -> Result<(), NatDrop> {
    let ip = Ipv4View::parse(l3).ok_or(NatDrop)?;
    let (hdrlen, total) = (ip.hdr_len, ip.bytes.len());
    let opposite = if manip == Manip::Src { Manip::Dst } else { Manip::Src };
    manip_pkt(&mut l3[..total], hdrlen + 8, other, opposite)?;
    l3[hdrlen + 2..hdrlen + 4].copy_from_slice(&[0, 0]);
    let c = csum::checksum(&l3[hdrlen..total]);
    l3[hdrlen + 2..hdrlen + 4].copy_from_slice(&c.to_be_bytes());
    let mut target = other.invert();
    target.proto = proto::ICMP;
    manip_pkt(&mut l3[..total], 0, &target, manip)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jhash_matches_the_kernel() {
        // Values of lookup3 hashword() for one word, initval 0.
        assert_eq!(jhash2_1(0, 0), 0x049396b8);
        assert_eq!(jhash2_1(1, 0), 0x72a82a9b);
    }

    #[test]
    fn single_address_range_needs_no_hash() {
        let mut t = Tuple { src: Ipv4Addr::new(1, 1, 1, 1), dst: Ipv4Addr::new(2, 2, 2, 2), proto: 6, src_port: 1, dst_port: 2 };
        pick_address(&mut t, &NatRange::addr(Ipv4Addr::new(9, 9, 9, 9)), Manip::Dst, 0);
        assert_eq!(t.dst, Ipv4Addr::new(9, 9, 9, 9));
    }
}
