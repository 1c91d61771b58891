//! The datapath: how frames move through one kernel.
//!
//! Entry points are [`Kernel::netif_receive`] (a frame arrives at a device),
//! the socket send paths (`ip_send_l4`), and timers. Processing within a
//! kernel is synchronous, as in a softirq; a frame leaving through a device
//! becomes an event the world delivers after the link's latency (veth,
//! loopback, the underlay wire), which bounds every loop by the world's event
//! budget.
//!
//! The IPv4 path calls netfilter at exactly the places Linux does
//! (`nf.rs`): PREROUTING in `ip_rcv`, INPUT in `ip_local_deliver`, FORWARD in
//! `ip_forward`, OUTPUT in `ip_local_out`, POSTROUTING in `ip_output`, and the
//! bridge path's PREROUTING/FORWARD/POSTROUTING when br_netfilter's
//! `bridge-nf-call-iptables` is on.
//!
//! Packets larger than the MTU are fragmented on output and reassembled
//! before local delivery and before conntrack (`frag.rs`); DF packets too
//! big for the next hop get ICMP fragmentation needed, and the path MTU
//! that comes back is cached per destination.
//!
//! A router forwarding a packet back out of its input device sends an ICMP
//! redirect, and hosts accept them (`redirect.rs`).
//!
//! Not modelled: IP options processing (they are carried), multicast
//! routing, GRO/GSO, qdiscs.

mod arp;
pub mod frag;
mod ip;
mod link;
pub mod nf;
pub mod redirect;
mod vxlan;

use super::{DevId, Kernel, NetnsId};
use crate::sim::trace::{Hop, HopDetail, HopKind};
use crate::time::{Duration, Instant};

pub use ip::{IpError, PingBind, PingSendError};

/// How long a veth takes to hand a frame to its peer.
pub const VETH_DELAY: Duration = Duration::from_micros(2);
/// Loopback delivery.
pub const LOOPBACK_DELAY: Duration = Duration::from_micros(1);
/// One hop across the underlay L2 segment (NIC, cable, switch, NIC).
pub const WIRE_DELAY: Duration = Duration::from_micros(100);
/// From a socket becoming ready to its application running.
pub const APP_WAKE_DELAY: Duration = Duration::from_micros(10);
/// Room in front of an IPv4 packet for its Ethernet header.
pub const ETH_HLEN: usize = 14;

/// What travels with a frame from one device to the next within a kernel:
/// the mark (kept inside one namespace), the flow hash a local socket set
/// (`sk_txhash`, which VXLAN uses for the outer source port), and on
/// loopback the conntrack entry (the packet never leaves the namespace).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PktMeta {
    pub mark: u32,
    pub hash: Option<u32>,
    pub ct: Option<nf::SkbCt>,
}

/// A packet in flight through one kernel, with the metadata Linux keeps in
/// an skb. `buf` always starts with room for (or the bytes of) an Ethernet
/// header; the IPv4 packet starts at [`ETH_HLEN`].
#[derive(Clone, Debug)]
pub struct Skb {
    pub buf: Vec<u8>,
    pub mark: u32,
    /// Conntrack entry of this packet in the current namespace.
    pub ct: Option<nf::SkbCt>,
    /// Set by IPVS on packets it handled (`-m ipvs --ipvs`).
    pub ipvs_property: bool,
    /// The IPVS connection of such a packet.
    pub ipvs: Option<crate::ipvs::ConnId>,
    /// `skb->nf_trace` (set by a TRACE rule).
    pub nf_trace: bool,
    /// Not to be tracked (raw `CT --notrack`, or IPVS without conntrack).
    pub notrack: bool,
    /// The flow hash set by the sending socket (`skb->hash`).
    pub hash: Option<u32>,
    /// br_netfilter already ran PREROUTING for this packet (ip_sabotage_in).
    pub br_prerouting_done: bool,
    /// The device the packet came in on (for ICMP errors and rp_filter).
    pub iif: Option<DevId>,
    /// Reassembled from fragments: the largest one's size
    /// (`IPCB(skb)->frag_max_size`); output refragments to it. 0 = not
    /// reassembled.
    pub frag_max_size: u16,
    /// Reassembled from DF fragments: refragment with DF (`IPSKB_FRAG_PMTU`).
    pub frag_pmtu: bool,
    /// DF may be ignored when fragmenting (`skb->ignore_df`): datagram
    /// sockets that only want PMTU discovery, and conntrack's reassembly.
    pub ignore_df: bool,
    /// Being forwarded (`IPSKB_FORWARDED`): the output MTU is the device's,
    /// not the learned path MTU.
    pub forwarded: bool,
}

impl Skb {
    pub fn from_frame(frame: Vec<u8>, mark: u32) -> Skb {
        Skb {
            buf: frame,
            mark,
            ct: None,
            ipvs_property: false,
            ipvs: None,
            nf_trace: false,
            notrack: false,
            hash: None,
            br_prerouting_done: false,
            iif: None,
            frag_max_size: 0,
            frag_pmtu: false,
            ignore_df: false,
            forwarded: false,
        }
    }
    /// An skb for a received frame with its metadata.
    pub fn with_meta(frame: Vec<u8>, meta: PktMeta) -> Skb {
        let mut s = Skb::from_frame(frame, meta.mark);
        s.hash = meta.hash;
        s.ct = meta.ct;
        s
    }
    /// A packet with this one's metadata and other bytes (a fragment of
    /// it, or the datagram it completes).
    pub fn clone_meta(&self, buf: Vec<u8>) -> Skb {
        Skb {
            buf,
            mark: self.mark,
            ct: self.ct,
            ipvs_property: self.ipvs_property,
            ipvs: self.ipvs,
            nf_trace: self.nf_trace,
            notrack: self.notrack,
            hash: self.hash,
            br_prerouting_done: self.br_prerouting_done,
            iif: self.iif,
            frag_max_size: self.frag_max_size,
            frag_pmtu: self.frag_pmtu,
            ignore_df: self.ignore_df,
            forwarded: self.forwarded,
        }
    }
    /// The metadata to send along.
    pub fn meta(&self) -> PktMeta {
        PktMeta { mark: self.mark, hash: self.hash, ct: None }
    }
    /// The IPv4 packet.
    pub fn l3(&self) -> &[u8] {
        self.buf.get(ETH_HLEN..).unwrap_or(&[])
    }
    pub fn l3_mut(&mut self) -> &mut [u8] {
        self.buf.get_mut(ETH_HLEN..).unwrap_or(&mut [])
    }
}

/// A capture filter (a compiled `tcpdump` expression).
pub type TapFilter = std::sync::Arc<dyn Fn(&[u8]) -> bool>;

/// A capture point (what `tcpdump -i DEV` sees).
#[derive(Clone)]
pub struct Tap {
    pub id: u32,
    pub netns: NetnsId,
    /// `None` = every device of the namespace (`-i any`).
    pub dev: Option<DevId>,
    pub frames: Vec<Captured>,
    /// Only frames the filter accepts are captured.
    pub filter: Option<TapFilter>,
    /// Stop capturing after this many frames (`-c N`).
    pub limit: Option<usize>,
    /// Frames the filter accepted (`received by filter`).
    pub seen: u64,
}

impl std::fmt::Debug for Tap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tap")
            .field("id", &self.id)
            .field("netns", &self.netns)
            .field("dev", &self.dev)
            .field("frames", &self.frames.len())
            .field("limit", &self.limit)
            .finish()
    }
}

/// One captured frame.
#[derive(Clone, Debug)]
pub struct Captured {
    pub time: Instant,
    pub dev: DevId,
    pub outgoing: bool,
    pub frame: Vec<u8>,
}

/// A short description of a packet's flow for traces:
/// `tcp 10.0.0.2:51986 > 10.0.0.5:8080 [S]`.
pub fn flow_of(frame: &[u8], link: bool) -> Option<String> {
    let l3 = if link {
        let eth = crate::wire::EthernetFrame::new_checked(frame).ok()?;
        match eth.ethertype() {
            crate::wire::EtherType::Ipv4 => frame.get(ETH_HLEN..)?,
            crate::wire::EtherType::Arp => {
                let arp = crate::wire::ArpPacket::new_checked(frame.get(ETH_HLEN..)?).ok()?;
                let r = crate::wire::ArpRepr::parse(&arp).ok()?;
                return Some(match r.operation {
                    crate::wire::ArpOperation::Request => format!("arp who-has {} tell {}", r.target_protocol_addr, r.source_protocol_addr),
                    crate::wire::ArpOperation::Reply => format!("arp {} is-at {}", r.source_protocol_addr, r.source_hardware_addr),
                    _ => "arp".to_string(),
                });
            }
            other => return Some(format!("ethertype {other}")),
        }
    } else {
        frame
    };
    let ip = crate::wire::Ipv4Packet::new_checked(l3).ok()?;
    let (s, d) = (ip.src_addr(), ip.dst_addr());
    let p = ip.payload();
    Some(match ip.protocol() {
        crate::net::proto::TCP => match crate::wire::TcpPacket::new_checked(p) {
            Ok(t) => format!("tcp {s}:{} > {d}:{} [{}]", t.src_port(), t.dst_port(), t.flags()),
            Err(_) => format!("tcp {s} > {d}"),
        },
        crate::net::proto::UDP => match crate::wire::UdpPacket::new_checked(p) {
            Ok(u) => {
                if matches!(u.dst_port(), 4789 | 8472) {
                    if let Some(inner) = p.get(16..) {
                        if let Some(f) = flow_of(inner, true) {
                            return Some(format!("udp {s}:{} > {d}:{} vxlan [{f}]", u.src_port(), u.dst_port()));
                        }
                    }
                }
                format!("udp {s}:{} > {d}:{}", u.src_port(), u.dst_port())
            }
            Err(_) => format!("udp {s} > {d}"),
        },
        crate::net::proto::ICMP => match p.first() {
            Some(8) => format!("icmp {s} > {d} echo request"),
            Some(0) => format!("icmp {s} > {d} echo reply"),
            Some(3) => format!("icmp {s} > {d} unreachable"),
            Some(11) => format!("icmp {s} > {d} time exceeded"),
            _ => format!("icmp {s} > {d}"),
        },
        other => format!("proto {other} {s} > {d}"),
    })
}

impl Kernel {
    /// Record a hop while tracing. `what` explains it; it runs only while
    /// tracing, so that an untraced packet builds no text.
    pub(crate) fn hop(&mut self, ns: NetnsId, dev: Option<DevId>, kind: HopKind, what: impl FnOnce(&Kernel) -> String, bytes: &[u8], link: bool) {
        if self.tracing {
            self.hop_detailed(ns, dev, kind, bytes, link, |k| (what(k), HopDetail::default()));
        }
    }

    /// Record a hop with details (a rule walk, a flow before and after) while
    /// tracing; `explain` runs only then.
    pub(crate) fn hop_detailed(
        &mut self,
        ns: NetnsId,
        dev: Option<DevId>,
        kind: HopKind,
        bytes: &[u8],
        link: bool,
        explain: impl FnOnce(&Kernel) -> (String, HopDetail),
    ) {
        if !self.tracing {
            return;
        }
        let (what, detail) = explain(self);
        let hop = Hop {
            time: self.now,
            node: self.hostname.clone(),
            netns: self.netns_label(ns),
            dev: dev.and_then(|d| self.dev_try(d)).map(|d| d.name.clone()),
            kind,
            what,
            flow: flow_of(bytes, link),
            detail,
            bytes: bytes.to_vec(),
            link,
        };
        self.hops.push(hop);
    }

    /// Start capturing on a device (or every device of `ns`).
    pub fn tap_open(&mut self, ns: NetnsId, dev: Option<DevId>, filter: Option<TapFilter>, limit: Option<usize>) -> u32 {
        let id = self.taps.iter().map(|t| t.id + 1).max().unwrap_or(1);
        self.taps.push(Tap { id, netns: ns, dev, frames: Vec::new(), filter, limit, seen: 0 });
        id
    }

    /// How many frames a capture holds, and how many it saw.
    pub fn tap_count(&self, id: u32) -> Option<(usize, u64)> {
        self.taps.iter().find(|t| t.id == id).map(|t| (t.frames.len(), t.seen))
    }

    /// Stop a capture and return what it saw.
    pub fn tap_close(&mut self, id: u32) -> Option<Tap> {
        let i = self.taps.iter().position(|t| t.id == id)?;
        Some(self.taps.remove(i))
    }

    /// Take what a capture saw so far, leaving it open.
    pub fn tap_drain(&mut self, id: u32) -> Vec<Captured> {
        self.taps.iter_mut().find(|t| t.id == id).map(|t| std::mem::take(&mut t.frames)).unwrap_or_default()
    }

    fn capture(&mut self, dev: DevId, frame: &[u8], outgoing: bool) {
        if self.taps.is_empty() {
            return;
        }
        let ns = self.dev(dev).netns;
        let now = self.now;
        for t in &mut self.taps {
            if t.netns == ns && t.dev.is_none_or(|d| d == dev) {
                if t.limit.is_some_and(|l| t.frames.len() >= l) {
                    continue;
                }
                // The socket filter runs in the kernel: only frames it
                // accepts count as `received by filter`.
                if t.filter.as_ref().is_none_or(|f| f(frame)) {
                    t.seen += 1;
                    t.frames.push(Captured { time: now, dev, outgoing, frame: frame.to_vec() });
                }
            }
        }
    }
}
