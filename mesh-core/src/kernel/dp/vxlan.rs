//! VXLAN (RFC 7348) devices: encapsulation on transmit, decapsulation on
//! receive, FDB learning, proxy ARP from the neighbour table.
//!
//! Linux behaviour kept: the outer UDP source port is a hash of the inner
//! flow mapped into the local port range (udp_flow_src_port), so one inner
//! flow and direction always uses one outer port; the outer UDP checksum is
//! computed; DF is not set; TTL is 64 unless configured; the encapsulated
//! packet leaves through the routing table and netfilter hooks of the
//! namespace the device was created in (its link namespace); with `proxy`
//! the device answers ARP requests itself from its neighbour entries and
//! never sends them over the tunnel; an unknown destination MAC uses the
//! all-zeros default entry, else (with `l2miss`) it is dropped.
//!
//! Path MTU (`skb_tunnel_check_pmtu`): an inner packet that would not fit
//! the underlay route's MTU once encapsulated (50 bytes more) is still
//! sent, the outer packet fragmented on the underlay (DF is not set) and
//! reassembled by the receiving VTEP — unless the device is a bridge port
//! and the inner packet has DF: then the device answers the sender itself
//! with ICMP fragmentation needed (`iptunnel_pmtud_build_icmp`, from the
//! inner destination, MTU = underlay MTU − 50) and drops the frame. The
//! outer `df` option (`set`, `inherit`) is not modelled: DF is never set.

use std::net::Ipv4Addr;

use super::{ETH_HLEN, Skb};
use crate::kernel::{DevId, KEvent, Kernel, NetnsId, NudState, VxlanFdb};
use crate::net::proto;
use crate::sim::trace::{HopDetail, HopKind};
use crate::wire::{ArpOperation, ArpPacket, ArpRepr, EtherType, EthernetAddress, EthernetFrame, Ipv4Packet, Ipv4Repr, L4, UdpRepr, VxlanRepr};

/// What VXLAN adds in front of an inner frame: outer IPv4, UDP, VXLAN
/// headers and the inner Ethernet header (`vxlan_headroom`).
const VXLAN_HEADROOM: usize = 20 + 8 + 8 + ETH_HLEN;

impl Kernel {
    pub(crate) fn vxlan_xmit(&mut self, dev: DevId, frame: Vec<u8>, hash: Option<u32>) {
        let ns = self.dev(dev).netns;
        let Some(state) = self.dev(dev).vxlan() else { return };
        let Ok(eth) = EthernetFrame::new_checked(&frame[..]) else { return };
        let dst_mac = eth.dst_addr();
        // Proxy ARP (arp_reduce).
        if state.proxy && eth.ethertype() == EtherType::Arp {
            let l3miss = state.l3miss;
            self.vxlan_arp_reduce(dev, &frame, l3miss);
            return;
        }
        let now = self.now;
        let mut dsts: Vec<Ipv4Addr> =
            state.fdb.iter().filter(|e| e.mac == dst_mac && (e.permanent || now.since(e.updated) <= state.ageing)).map(|e| e.dst).collect();
        if dsts.is_empty() {
            dsts = state.fdb.iter().filter(|e| e.mac == EthernetAddress([0; 6])).map(|e| e.dst).collect();
        }
        // The device's settings, without its FDB (not needed from here on).
        let vx = crate::kernel::VxlanState { fdb: Vec::new(), ..*state };
        if dsts.is_empty() {
            if let Some(r) = vx.remote {
                dsts.push(r);
            }
        }
        if dsts.is_empty() {
            let l2miss = vx.l2miss;
            self.hop(
                ns,
                Some(dev),
                HopKind::Drop,
                |_| {
                    if l2miss {
                        format!("no FDB entry for {dst_mac} (L2 miss reported)")
                    } else {
                        format!("no FDB entry for {dst_mac} and no default destination")
                    }
                },
                &frame,
                true,
            );
            self.dev_mut(dev).stats.tx_dropped += 1;
            return;
        }
        let lns = if self.netns_exists(vx.link_netns) { vx.link_netns } else { ns };
        let (lo, hi) = self.netns(lns).sysctl.ip_local_port_range;
        let (min, max) = if vx.srcport_min == 0 && vx.srcport_max == 0 { (lo, hi) } else { (vx.srcport_min, vx.srcport_max) };
        let hash = hash.unwrap_or_else(|| flow_hash(&frame, self.hash_key));
        let sport = ((u64::from(hash) * u64::from(max.saturating_sub(min))) >> 32) as u16 + min;
        for dst in dsts {
            if self.vxlan_pmtud(dev, lns, dst, vx.link, &frame) {
                continue;
            }
            let src = match vx.local {
                Some(l) => l,
                None => match self.route_output(lns, dst, vx.link).ok().and_then(|(d, _)| {
                    self.route_lookup(lns, dst, None).and_then(|r| r.prefsrc).or_else(|| self.select_src(lns, Some(d), dst, crate::kernel::Scope::Global))
                }) {
                    Some(s) => s,
                    None => {
                        self.hop(ns, Some(dev), HopKind::Drop, |_| format!("no route to VTEP {dst}"), &frame, true);
                        continue;
                    }
                },
            };
            let ttl = if vx.ttl == 0 { 64 } else { vx.ttl };
            let mut inner = vec![0u8; 8 + frame.len()];
            VxlanRepr { vni: vx.vni }.emit(&mut crate::wire::VxlanPacket::new_unchecked(&mut inner[..8]));
            inner[8..].copy_from_slice(&frame);
            let udp = UdpRepr { src_port: sport, dst_port: vx.dstport };
            let l4 = L4::Udp(&udp, &inner);
            let id = self.port_rng.next_u32() as u16;
            let repr =
                Ipv4Repr { src_addr: src, dst_addr: dst, protocol: proto::UDP, payload_len: l4.buffer_len(), ttl, ident: id, dont_frag: false, tos: vx.tos };
            let mut outer = crate::wire::build::frame_ipv4(EthernetAddress([0; 6]), EthernetAddress([0; 6]), &repr, &l4);
            if !vx.udp_csum {
                let off = ETH_HLEN + 20 + 6;
                outer[off] = 0;
                outer[off + 1] = 0;
            }
            let (vni, dstport) = (vx.vni, vx.dstport);
            self.hop_detailed(ns, Some(dev), HopKind::Encap, &outer[ETH_HLEN..], false, |_| {
                let what = format!("VXLAN encapsulation: VNI {vni}, to VTEP {dst}:{dstport} from {src}:{sport}");
                (
                    what,
                    HopDetail {
                        before: crate::kernel::dp::flow_of(&frame, true),
                        after: crate::kernel::dp::flow_of(&outer[ETH_HLEN..], false),
                        ..HopDetail::default()
                    },
                )
            });
            {
                // iptunnel_xmit_stats, per copy sent: the inner packet from
                // its network header (without the inner Ethernet header).
                let st = &mut self.dev_mut(dev).stats;
                st.tx_packets += 1;
                st.tx_bytes += frame.len().saturating_sub(ETH_HLEN) as u64;
            }
            // Crossing into the link namespace scrubs the mark.
            let _ = self.ip_local_out(lns, Skb::from_frame(outer, 0), vx.link);
        }
    }

    /// skb_tunnel_check_pmtu for the tunnel to `dst`: whether the frame was
    /// answered with ICMP fragmentation needed instead of being sent.
    fn vxlan_pmtud(&mut self, dev: DevId, lns: NetnsId, dst: Ipv4Addr, link: Option<DevId>, frame: &[u8]) -> bool {
        let Some(inner) = frame.get(ETH_HLEN..) else { return false };
        let Ok((odev, nexthop)) = self.route_output(lns, dst, link) else { return false };
        let mtu = self.route_mtu(lns, dst, odev, nexthop).saturating_sub(VXLAN_HEADROOM);
        if inner.len() <= mtu || self.dev(dev).master.is_none() || frame.get(12..14) != Some(&[0x08, 0x00]) {
            return false;
        }
        // iptunnel_pmtud_check_icmp: only a plain DF packet (no fragment)
        // between ordinary unicast addresses, never about an ICMP error.
        let Ok(ip) = Ipv4Packet::new_checked(inner) else { return false };
        let (src, dst_ip) = (ip.src_addr(), ip.dst_addr());
        let icmp_error = ip.protocol() == proto::ICMP && ip.payload().first().is_some_and(|t| matches!(t, 3 | 4 | 5 | 11 | 12));
        let plain_df = ip.dont_frag() && !ip.more_frags() && ip.frag_offset() == 0 && !ip.reserved_flag();
        let odd = |a: Ipv4Addr| a.is_broadcast() || a.is_multicast();
        if mtu < 576 || !plain_df || odd(dst_ip) || odd(src) || src.is_unspecified() || src.is_loopback() || icmp_error {
            return false;
        }
        let Ok(eth) = EthernetFrame::new_checked(frame) else { return false };
        let original = crate::wire::IcmpRepr::error_quote(inner);
        let icmp = crate::wire::IcmpRepr::DstUnreachable { code: 4, mtu: mtu as u16, original };
        let l4 = L4::Icmp(&icmp);
        let repr =
            Ipv4Repr { src_addr: dst_ip, dst_addr: src, protocol: proto::ICMP, payload_len: l4.buffer_len(), ttl: ip.ttl(), ident: 0, dont_frag: true, tos: 0 };
        let reply = crate::wire::build::frame_ipv4(eth.dst_addr(), eth.src_addr(), &repr, &l4);
        let ns = self.dev(dev).netns;
        self.hop(
            ns,
            Some(dev),
            HopKind::Icmp,
            |_| {
                format!(
                    "inner packet of {} bytes does not fit the tunnel to {dst} (MTU {mtu}) with DF set: ICMP fragmentation needed sent back from {dst_ip}",
                    inner.len()
                )
            },
            frame,
            true,
        );
        // vxlan_encap_bypass: the answer is received on the device itself.
        self.schedule(crate::time::Duration::ZERO, KEvent::Rx { dev, frame: reply, meta: super::PktMeta::default() });
        true
    }

    /// Answer an ARP request from the neighbour table (vxlan proxy mode).
    fn vxlan_arp_reduce(&mut self, dev: DevId, frame: &[u8], l3miss: bool) {
        let ns = self.dev(dev).netns;
        let Some(payload) = frame.get(ETH_HLEN..) else { return };
        let Ok(pkt) = ArpPacket::new_checked(payload) else { return };
        let Ok(arp) = ArpRepr::parse(&pkt) else { return };
        if arp.operation != ArpOperation::Request {
            return;
        }
        let tip = arp.target_protocol_addr;
        let entry = self
            .netns(ns)
            .neigh
            .get(dev, tip)
            .filter(|n| matches!(n.state, NudState::Permanent | NudState::Noarp | NudState::Reachable | NudState::Stale | NudState::Delay | NudState::Probe))
            .and_then(|n| n.lladdr);
        match entry {
            Some(mac) => {
                self.hop(
                    ns,
                    Some(dev),
                    HopKind::Neigh,
                    |_| format!("VXLAN proxy ARP: {tip} is-at {mac} (from the neighbour table, not sent over the tunnel)"),
                    frame,
                    true,
                );
                let reply = ArpRepr {
                    operation: ArpOperation::Reply,
                    source_hardware_addr: mac,
                    source_protocol_addr: tip,
                    target_hardware_addr: arp.source_hardware_addr,
                    target_protocol_addr: arp.source_protocol_addr,
                };
                let out = super::arp::arp_frame(mac, arp.source_hardware_addr, &reply);
                self.schedule(crate::time::Duration::ZERO, KEvent::Rx { dev, frame: out, meta: super::PktMeta::default() });
            }
            None => {
                self.hop(
                    ns,
                    Some(dev),
                    HopKind::Drop,
                    |_| {
                        if l3miss {
                            format!("VXLAN proxy ARP: no neighbour entry for {tip} (L3 miss reported)")
                        } else {
                            format!("VXLAN proxy ARP: no neighbour entry for {tip}")
                        }
                    },
                    frame,
                    true,
                );
            }
        }
    }

    /// A UDP packet for a VXLAN socket of this namespace: decapsulate.
    /// Returns whether a VXLAN device took it.
    pub(crate) fn vxlan_rcv(&mut self, ns: NetnsId, l3: &[u8]) -> bool {
        let Ok(ip) = Ipv4Packet::new_checked(l3) else { return false };
        let (osrc, odst) = (ip.src_addr(), ip.dst_addr());
        let udp = ip.payload();
        if udp.len() < 16 {
            return false;
        }
        let dport = u16::from_be_bytes([udp[2], udp[3]]);
        let vni = crate::wire::VxlanPacket::new_checked(&udp[8..16]).ok().and_then(|h| VxlanRepr::parse(&h).ok()).map(|r| r.vni);
        // The devices listening on this port (in namespace and ifindex
        // order), and the first of them with the packet's VNI.
        let (mut listening, mut found) = (false, None);
        for n in self.netns_ids() {
            for &d in self.netns(n).devs.values() {
                if self.dev(d).vxlan().is_some_and(|v| v.link_netns == ns && v.dstport == dport && v.local.is_none_or(|l| l == odst)) {
                    listening = true;
                    if found.is_none() && self.dev(d).vxlan().is_some_and(|v| Some(v.vni) == vni) {
                        found = Some(d);
                    }
                }
            }
        }
        if !listening {
            return false;
        }
        let Some(vni) = vni else { return true };
        let Some(dev) = found else {
            self.hop(ns, None, HopKind::Drop, |_| format!("VXLAN: no device for VNI {vni}"), l3, false);
            return true;
        };
        let inner = udp[16..].to_vec();
        let Ok(eth) = EthernetFrame::new_checked(&inner[..]) else { return true };
        let src_mac = eth.src_addr();
        let now = self.now;
        let origin = self.origin.clone();
        let dns = self.dev(dev).netns;
        if !self.dev(dev).admin_up {
            return true;
        }
        if let Some(v) = self.dev_mut(dev).vxlan_mut() {
            if v.learning && src_mac.is_unicast() {
                match v.fdb.iter_mut().find(|e| e.mac == src_mac) {
                    Some(e) if !e.permanent => {
                        e.dst = osrc;
                        e.updated = now;
                    }
                    Some(_) => {}
                    None => v.fdb.push(VxlanFdb { mac: src_mac, dst: osrc, permanent: false, updated: now, origin, via: None }),
                }
            }
        }
        self.hop_detailed(ns, None, HopKind::Decap, l3, false, |k| {
            let what = format!("VXLAN decapsulation: VNI {vni} from VTEP {osrc}, inner frame to {} in {}", k.dev(dev).name, k.netns_label(dns));
            (what, HopDetail { before: crate::kernel::dp::flow_of(l3, false), after: crate::kernel::dp::flow_of(&inner, true), ..HopDetail::default() })
        });
        self.schedule(crate::time::Duration::ZERO, KEvent::Rx { dev, frame: inner, meta: super::PktMeta::default() });
        true
    }
}

/// A flow hash of an Ethernet frame (the kernel's skb_get_hash over the
/// flow dissector's keys, keyed per boot, made direction-independent by
/// `__flow_hash_consistentify`): IPv4 addresses, protocol and ports. For
/// other frames (ARP) the default dissector keeps only the EtherType, so
/// every ARP frame of a boot hashes alike. Both directions of a flow hash alike.
fn flow_hash(frame: &[u8], key: u64) -> u32 {
    let mut h = key ^ 0x9e37_79b9_7f4a_7c15;
    let mut mix = |v: u64| {
        h ^= v;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
    };
    if frame.len() >= ETH_HLEN + 20 && frame[12..14] == [0x08, 0x00] {
        let ip = &frame[ETH_HLEN..];
        let hl = usize::from(ip[0] & 0x0f) * 4;
        let a = u32::from_be_bytes([ip[12], ip[13], ip[14], ip[15]]);
        let b = u32::from_be_bytes([ip[16], ip[17], ip[18], ip[19]]);
        let (mut pa, mut pb) = (0u16, 0u16);
        if matches!(ip[9], 6 | 17 | 132) && ip.len() >= hl + 4 {
            pa = u16::from_be_bytes([ip[hl], ip[hl + 1]]);
            pb = u16::from_be_bytes([ip[hl + 2], ip[hl + 3]]);
        }
        let ((a, pa), (b, pb)) = if (a, pa) <= (b, pb) { ((a, pa), (b, pb)) } else { ((b, pb), (a, pa)) };
        mix(u64::from(a));
        mix(u64::from(b));
        mix(u64::from(ip[9]));
        mix((u64::from(pa) << 16) | u64::from(pb));
    } else if frame.len() >= ETH_HLEN {
        mix(u64::from(u16::from_be_bytes([frame[12], frame[13]])));
    }
    (h >> 32) as u32
}
