//! Small value types shared by every layer: IPv4 prefixes, protocol numbers,
//! the netfilter hook points, and the connection tuple.

use std::fmt;
use std::net::Ipv4Addr;
use std::str::FromStr;

/// IP protocol numbers used across mesh.
pub mod proto {
    pub const ICMP: u8 = 1;
    pub const TCP: u8 = 6;
    pub const UDP: u8 = 17;
    pub const SCTP: u8 = 132;

    /// The name `/etc/protocols` gives a protocol number, as iptables and
    /// conntrack print it (`None` for numbers without a well-known name).
    pub fn name(p: u8) -> Option<&'static str> {
        match p {
            0 => Some("ip"),
            1 => Some("icmp"),
            2 => Some("igmp"),
            4 => Some("ipencap"),
            6 => Some("tcp"),
            17 => Some("udp"),
            41 => Some("ipv6"),
            47 => Some("gre"),
            50 => Some("esp"),
            51 => Some("ah"),
            58 => Some("ipv6-icmp"),
            132 => Some("sctp"),
            136 => Some("udplite"),
            _ => None,
        }
    }
}

/// An IPv4 address with a prefix length, e.g. `10.0.0.2/24`.
///
/// The address keeps its host bits (`10.0.0.2/24` is an interface address);
/// [`Ipv4Cidr::network`] clears them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct Ipv4Cidr {
    pub addr: Ipv4Addr,
    pub prefix_len: u8,
}

impl Ipv4Cidr {
    pub const fn new(addr: Ipv4Addr, prefix_len: u8) -> Ipv4Cidr {
        Ipv4Cidr { addr, prefix_len }
    }

    /// The netmask as a `u32` (`/24` → `0xffffff00`).
    pub fn mask_u32(&self) -> u32 {
        prefix_to_mask(self.prefix_len)
    }

    pub fn netmask(&self) -> Ipv4Addr {
        Ipv4Addr::from(self.mask_u32())
    }

    /// The same prefix with host bits cleared.
    pub fn network(&self) -> Ipv4Cidr {
        Ipv4Cidr { addr: Ipv4Addr::from(u32::from(self.addr) & self.mask_u32()), prefix_len: self.prefix_len }
    }

    /// The all-ones broadcast address of the prefix.
    pub fn broadcast(&self) -> Ipv4Addr {
        Ipv4Addr::from(u32::from(self.addr) | !self.mask_u32())
    }

    pub fn contains(&self, ip: Ipv4Addr) -> bool {
        (u32::from(ip) & self.mask_u32()) == (u32::from(self.addr) & self.mask_u32())
    }

    /// Whether the whole of `other` lies inside `self`.
    pub fn covers(&self, other: &Ipv4Cidr) -> bool {
        other.prefix_len >= self.prefix_len && self.contains(other.addr)
    }

    pub fn overlaps(&self, other: &Ipv4Cidr) -> bool {
        self.contains(other.addr) || other.contains(self.addr)
    }

    /// The `n`-th address of the prefix (`10.0.0.0/24`.nth(1) = `10.0.0.1`).
    pub fn nth(&self, n: u32) -> Ipv4Addr {
        Ipv4Addr::from((u32::from(self.addr) & self.mask_u32()).wrapping_add(n))
    }

    /// Number of addresses in the prefix (saturating at `u32::MAX`).
    pub fn size(&self) -> u32 {
        if self.prefix_len == 0 { u32::MAX } else { 1u32 << (32 - u32::from(self.prefix_len)) }
    }
}

/// `/n` → mask.
pub fn prefix_to_mask(prefix_len: u8) -> u32 {
    if prefix_len == 0 { 0 } else { u32::MAX << (32 - u32::from(prefix_len.min(32))) }
}

/// Mask → `/n` if the mask is contiguous.
pub fn mask_to_prefix(mask: Ipv4Addr) -> Option<u8> {
    let m = u32::from(mask);
    let ones = m.leading_ones();
    if m.checked_shl(ones).unwrap_or(0) == 0 { Some(ones as u8) } else { None }
}

impl fmt::Display for Ipv4Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix_len)
    }
}

impl FromStr for Ipv4Cidr {
    type Err = ();
    /// `A.B.C.D/N` or a bare address (taken as `/32`).
    fn from_str(s: &str) -> Result<Self, ()> {
        match s.split_once('/') {
            Some((a, p)) => {
                let addr: Ipv4Addr = a.parse().map_err(|_| ())?;
                let prefix_len: u8 = p.parse().map_err(|_| ())?;
                if prefix_len > 32 {
                    return Err(());
                }
                Ok(Ipv4Cidr { addr, prefix_len })
            }
            None => Ok(Ipv4Cidr { addr: s.parse().map_err(|_| ())?, prefix_len: 32 }),
        }
    }
}

/// The five netfilter hook points of the IPv4 path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum Hook {
    Prerouting,
    Input,
    Forward,
    Output,
    Postrouting,
}

impl Hook {
    pub const ALL: [Hook; 5] = [Hook::Prerouting, Hook::Input, Hook::Forward, Hook::Output, Hook::Postrouting];

    /// The built-in chain name for this hook.
    pub fn chain_name(self) -> &'static str {
        match self {
            Hook::Prerouting => "PREROUTING",
            Hook::Input => "INPUT",
            Hook::Forward => "FORWARD",
            Hook::Output => "OUTPUT",
            Hook::Postrouting => "POSTROUTING",
        }
    }
}

/// A connection tuple as conntrack keys it. For TCP/UDP/SCTP the ports; for
/// ICMP `src_port` holds the echo identifier and `dst_port` is
/// `type << 8 | code` (as conntrack prints `type=8 code=0 id=…`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct Tuple {
    pub src: Ipv4Addr,
    pub dst: Ipv4Addr,
    pub proto: u8,
    pub src_port: u16,
    pub dst_port: u16,
}

impl Tuple {
    /// The tuple of the answer to a packet with this tuple (addresses and
    /// ports swapped; for ICMP echo the reply type).
    pub fn invert(&self) -> Tuple {
        if self.proto == proto::ICMP {
            let ty = (self.dst_port >> 8) as u8;
            let code = self.dst_port & 0xff;
            let rty: u8 = match ty {
                8 => 0,
                0 => 8,
                13 => 14,
                14 => 13,
                15 => 16,
                16 => 15,
                17 => 18,
                18 => 17,
                other => other,
            };
            return Tuple { src: self.dst, dst: self.src, proto: self.proto, src_port: self.src_port, dst_port: (u16::from(rty) << 8) | code };
        }
        Tuple { src: self.dst, dst: self.src, proto: self.proto, src_port: self.dst_port, dst_port: self.src_port }
    }
}

impl fmt::Display for Tuple {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = proto::name(self.proto).map(str::to_string).unwrap_or_else(|| self.proto.to_string());
        if self.proto == proto::ICMP {
            write!(f, "{p} {} > {} type={} code={} id={}", self.src, self.dst, self.dst_port >> 8, self.dst_port & 0xff, self.src_port)
        } else {
            write!(f, "{p} {}:{} > {}:{}", self.src, self.src_port, self.dst, self.dst_port)
        }
    }
}

/// Connection-tracking state of a packet (`ctstate`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum CtState {
    Invalid,
    New,
    Related,
    Established,
    Untracked,
}

/// Which way a packet travels relative to the connection's first packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum CtDir {
    Original,
    Reply,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidr_arithmetic() {
        let c: Ipv4Cidr = "10.0.0.2/24".parse().unwrap();
        assert_eq!(c.network().to_string(), "10.0.0.0/24");
        assert_eq!(c.broadcast(), Ipv4Addr::new(10, 0, 0, 255));
        assert!(c.contains(Ipv4Addr::new(10, 0, 0, 200)));
        assert!(!c.contains(Ipv4Addr::new(10, 0, 1, 1)));
        assert_eq!(mask_to_prefix(Ipv4Addr::new(255, 255, 0, 0)), Some(16));
        assert_eq!(mask_to_prefix(Ipv4Addr::new(255, 0, 255, 0)), None);
        let z: Ipv4Cidr = "0.0.0.0/0".parse().unwrap();
        assert!(z.contains(Ipv4Addr::new(1, 2, 3, 4)));
        assert!("1.2.3.4/33".parse::<Ipv4Cidr>().is_err());
    }

    #[test]
    fn tuple_inversion() {
        let t = Tuple { src: Ipv4Addr::new(1, 1, 1, 1), dst: Ipv4Addr::new(2, 2, 2, 2), proto: proto::ICMP, src_port: 7, dst_port: 8 << 8 };
        assert_eq!(t.invert().dst_port, 0);
        assert_eq!(t.invert().invert(), t);
    }
}

/// A NAT target's range (`--to-destination 172.18.0.2:8080`,
/// `--to-source 10.0.0.2`, `--to-ports 80`), as netfilter's
/// `nf_nat_range2` holds it. Address fields are meaningful when
/// [`NatRange::MAP_IPS`] is set, ports when [`NatRange::PROTO_SPECIFIED`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct NatRange {
    pub flags: u8,
    pub min_addr: Ipv4Addr,
    pub max_addr: Ipv4Addr,
    pub min_port: u16,
    pub max_port: u16,
}

impl NatRange {
    pub const MAP_IPS: u8 = 1;
    pub const PROTO_SPECIFIED: u8 = 2;
    pub const PROTO_RANDOM: u8 = 4;
    pub const PERSISTENT: u8 = 8;
    pub const PROTO_RANDOM_FULLY: u8 = 16;

    /// A single address, ports untouched.
    pub fn addr(a: Ipv4Addr) -> NatRange {
        NatRange { flags: Self::MAP_IPS, min_addr: a, max_addr: a, min_port: 0, max_port: 0 }
    }
    /// A single address and port.
    pub fn addr_port(a: Ipv4Addr, port: u16) -> NatRange {
        NatRange { flags: Self::MAP_IPS | Self::PROTO_SPECIFIED, min_addr: a, max_addr: a, min_port: port, max_port: port }
    }
    pub fn has_addr(&self) -> bool {
        self.flags & Self::MAP_IPS != 0
    }
    pub fn has_ports(&self) -> bool {
        self.flags & Self::PROTO_SPECIFIED != 0
    }
}

/// Which half of a tuple a NAT rewrites: the source (SNAT, MASQUERADE) or the
/// destination (DNAT, REDIRECT).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum Manip {
    Src,
    Dst,
}
