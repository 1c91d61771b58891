//! Link level: transmitting on a device, receiving from one, and the Linux
//! bridge (learning, ageing, flooding, local delivery, br_netfilter).
//!
//! br_netfilter and fragments: when conntrack runs in the bridge's
//! namespace, bridged IPv4 fragments are reassembled before PREROUTING
//! (nf_defrag_ipv4), so iptables and conntrack see whole datagrams, and the
//! datagram is cut again before it leaves a port (`br_nf_dev_queue_xmit`),
//! to the size of its largest original fragment.

use super::nf::HookVerdict;
use super::{ETH_HLEN, LOOPBACK_DELAY, Skb, VETH_DELAY};
use crate::kernel::{DevId, DeviceKind, KEvent, Kernel, NetnsId};
use crate::net::Hook;
use crate::sim::trace::HopKind;
use crate::wire::{EtherType, EthernetAddress, EthernetFrame};

/// How far a frame may be bridged within one step before mesh calls it a
/// loop (a bridge loop without STP would otherwise never end).
const MAX_BRIDGE_DEPTH: u32 = 16;

impl Kernel {
    /// Send a complete frame out of a device.
    pub(crate) fn dev_xmit(&mut self, dev: DevId, frame: Vec<u8>, meta: super::PktMeta) {
        let mark = meta.mark;
        let Some(d) = self.dev_try(dev) else { return };
        let ns = d.netns;
        if !d.admin_up {
            self.dev_mut(dev).stats.tx_dropped += 1;
            self.hop(ns, Some(dev), HopKind::Drop, |_| "device is down".into(), &frame, true);
            return;
        }
        self.capture(dev, &frame, true);
        // A VXLAN device counts what it sends itself (vxlan_xmit, per copy).
        if !matches!(self.dev(dev).kind, DeviceKind::Vxlan(_)) {
            let st = &mut self.dev_mut(dev).stats;
            st.tx_packets += 1;
            st.tx_bytes += frame.len() as u64;
        }
        let kind_name = self.dev(dev).kind.name();
        match self.dev(dev).kind {
            DeviceKind::Loopback => {
                self.hop(ns, Some(dev), HopKind::Tx, |_| "sent on loopback".into(), &frame, true);
                self.schedule(LOOPBACK_DELAY, KEvent::Rx { dev, frame, meta });
            }
            DeviceKind::Veth { peer } => {
                let pd = self.dev(peer);
                let pns = pd.netns;
                let peer_up = pd.admin_up;
                let peer_mtu = pd.mtu as usize;
                self.hop(
                    ns,
                    Some(dev),
                    HopKind::Tx,
                    |k| {
                        let name = &k.dev(peer).name;
                        if pns == ns { format!("sent on veth to peer {name}") } else { format!("sent on veth to peer {name} in {}", k.netns_label(pns)) }
                    },
                    &frame,
                    true,
                );
                // is_skb_forwardable: a frame longer than the peer's MTU is dropped.
                if frame.len() > peer_mtu + ETH_HLEN {
                    self.dev_mut(dev).stats.tx_dropped += 1;
                    self.hop(
                        ns,
                        Some(dev),
                        HopKind::Drop,
                        |k| format!("frame of {} bytes exceeds the MTU {peer_mtu} of {}: dropped", frame.len() - ETH_HLEN, k.dev(peer).name),
                        &frame,
                        true,
                    );
                    return;
                }
                if peer_up {
                    // Crossing namespaces scrubs the mark (skb_scrub_packet).
                    let m = super::PktMeta { mark: if pns == ns { mark } else { 0 }, hash: meta.hash, ct: None };
                    self.schedule(VETH_DELAY, KEvent::Rx { dev: peer, frame, meta: m });
                } else {
                    self.dev_mut(dev).stats.tx_dropped += 1;
                }
            }
            DeviceKind::Bridge(_) => {
                self.hop(ns, Some(dev), HopKind::Tx, |_| "sent from the bridge device".into(), &frame, true);
                self.br_dev_xmit(dev, frame, meta);
            }
            DeviceKind::Vxlan(_) => self.vxlan_xmit(dev, frame, meta.hash),
            DeviceKind::Nic => {
                self.hop(ns, Some(dev), HopKind::Tx, |_| "sent on the wire".into(), &frame, true);
                let mut frame = frame;
                if frame.len() < 60 {
                    frame.resize(60, 0); // Ethernet minimum frame (padding added by the NIC)
                }
                self.schedule(crate::time::Duration::ZERO, KEvent::Wire { dev, frame });
            }
            DeviceKind::Dummy => {
                let _ = kind_name;
                self.hop(ns, Some(dev), HopKind::Drop, |_| "dummy device discards everything".into(), &frame, true);
            }
        }
    }

    /// A frame arrives at a device (netif_receive_skb).
    pub fn netif_receive(&mut self, dev: DevId, frame: Vec<u8>, meta: super::PktMeta) {
        let Some(d) = self.dev_try(dev) else { return };
        let ns = d.netns;
        if !d.admin_up {
            return;
        }
        self.capture(dev, &frame, false);
        {
            // vxlan_rcv counts the inner frame after eth_type_trans pulled
            // its Ethernet header; other devices count the whole frame.
            let len = if matches!(self.dev(dev).kind, DeviceKind::Vxlan(_)) { frame.len().saturating_sub(ETH_HLEN) } else { frame.len() };
            let st = &mut self.dev_mut(dev).stats;
            st.rx_packets += 1;
            st.rx_bytes += len as u64;
        }
        self.hop(ns, Some(dev), HopKind::Rx, |_| "received".into(), &frame, true);
        let skb = Skb::with_meta(frame, meta);
        if let Some(br) = self.dev(dev).master {
            self.br_handle_frame(br, dev, skb, 0);
            return;
        }
        self.l2_deliver(dev, skb);
    }

    /// Hand a frame to the protocol layer of `dev` (eth_type_trans + dispatch).
    pub(crate) fn l2_deliver(&mut self, dev: DevId, skb: Skb) {
        let ns = self.dev(dev).netns;
        let Ok(eth) = EthernetFrame::new_checked(&skb.buf[..]) else {
            self.hop(ns, Some(dev), HopKind::Drop, |_| "runt frame".into(), &skb.buf, true);
            return;
        };
        let dst = eth.dst_addr();
        let my = self.dev(dev).mac;
        let is_lo = self.dev(dev).is_loopback();
        if !is_lo && dst.is_unicast() && dst != my && self.dev(dev).promisc == 0 {
            // PACKET_OTHERHOST: not for us.
            return;
        }
        match eth.ethertype() {
            EtherType::Arp => self.arp_rcv(dev, skb),
            EtherType::Ipv4 => {
                let mut skb = skb;
                skb.iif = Some(dev);
                self.ip_rcv(dev, skb, dst.is_unicast());
            }
            _ => {}
        }
    }

    // ----- bridge --------------------------------------------------------------------

    /// Whether br_netfilter runs iptables for this bridged frame.
    fn br_nf_active(&self, ns: NetnsId, skb: &Skb) -> bool {
        let s = &self.netns(ns).sysctl;
        s.br_netfilter && s.bridge_nf_call_iptables && skb.buf.len() >= ETH_HLEN + 20 && skb.buf[12..14] == [0x08, 0x00]
    }

    /// A frame arrives on a bridge port (br_handle_frame).
    fn br_handle_frame(&mut self, br: DevId, port: DevId, mut skb: Skb, depth: u32) {
        let ns = self.dev(br).netns;
        if !self.dev(br).admin_up {
            return;
        }
        if depth > MAX_BRIDGE_DEPTH {
            self.hop(ns, Some(br), HopKind::Drop, |_| "bridge loop: frame bridged too many times".into(), &skb.buf, true);
            return;
        }
        let Ok(eth) = EthernetFrame::new_checked(&skb.buf[..]) else { return };
        let (src, dst) = (eth.src_addr(), eth.dst_addr());
        let now = self.now;
        // Learning.
        if src.is_unicast() && src != EthernetAddress([0; 6]) {
            let origin = self.origin.clone();
            let b = self.dev_mut(br).bridge_mut().map(|b| {
                let e = b.fdb_learn(src, port, now, origin);
                if !e.is_local && !e.is_static {
                    e.port = port;
                    e.updated = now;
                }
            });
            let _ = b;
        }
        // br_netfilter PREROUTING, once, at ingress.
        if self.br_nf_active(ns, &skb) {
            let fragment = crate::wire::Ipv4Packet::new_checked(skb.l3()).is_ok_and(|ip| ip.is_fragment());
            if fragment && self.ct_enabled(ns) {
                match self.ip_defrag(ns, skb, super::frag::DefragUser::ConntrackBridgeIn, Some(port)) {
                    Some(whole) => skb = whole,
                    None => return,
                }
            }
            let before_dst = ip_dst(&skb);
            match self.nf_hook(ns, Hook::Prerouting, &mut skb, Some(br), None, Some(port)) {
                HookVerdict::Accept => {}
                _ => return,
            }
            skb.br_prerouting_done = true;
            // DNAT to a local address: the frame is for us now.
            if ip_dst(&skb) != before_dst && ip_dst(&skb).is_some_and(|d| self.is_local_addr(ns, d)) {
                let mac = self.dev(br).mac;
                skb.buf[0..6].copy_from_slice(&mac.0);
                self.br_pass_up(br, skb);
                return;
            }
        }
        let target = self.br_fdb_lookup(br, dst);
        match target {
            Some(FdbHit { port: p, local: true }) => {
                let _ = p;
                self.hop(ns, Some(br), HopKind::Bridge, |k| format!("{dst} is local: passed up to {}", k.dev(br).name), &skb.buf, true);
                self.br_pass_up(br, skb);
            }
            Some(FdbHit { port: p, local: false }) => {
                if p == port {
                    return; // would go back where it came from
                }
                self.hop(ns, Some(br), HopKind::Bridge, |k| format!("FDB: {dst} is on port {}", k.dev(p).name), &skb.buf, true);
                self.br_forward(br, port, p, skb, depth);
            }
            None => {
                let multi = dst.is_multicast();
                let ports: Vec<DevId> = self.bridge_ports(br).filter(|d| d.id != port && d.admin_up).map(|d| d.id).collect();
                self.hop(
                    ns,
                    Some(br),
                    HopKind::Bridge,
                    |k| {
                        let names: Vec<String> = ports.iter().map(|p| k.dev(*p).name.clone()).collect();
                        if multi {
                            format!("{dst} is broadcast/multicast: flooded to {}", list_or_none(&names))
                        } else {
                            format!("FDB has no entry for {dst}: flooded to {}", list_or_none(&names))
                        }
                    },
                    &skb.buf,
                    true,
                );
                for p in ports {
                    self.br_forward(br, port, p, skb.clone(), depth);
                }
                if multi {
                    self.br_pass_up(br, skb);
                }
            }
        }
    }

    /// Forward a frame from one port to another, through br_netfilter's
    /// FORWARD and POSTROUTING when active.
    fn br_forward(&mut self, br: DevId, in_port: DevId, out_port: DevId, mut skb: Skb, depth: u32) {
        let ns = self.dev(br).netns;
        if self.br_nf_active(ns, &skb) {
            if !skb.br_prerouting_done {
                return;
            }
            match self.nf_hook(ns, Hook::Forward, &mut skb, Some(br), Some(br), Some(in_port)) {
                HookVerdict::Accept => {}
                _ => return,
            }
            match self.nf_hook(ns, Hook::Postrouting, &mut skb, None, Some(br), Some(out_port)) {
                HookVerdict::Accept => {}
                _ => return,
            }
        }
        let _ = depth;
        if skb.frag_max_size != 0 {
            self.br_nf_refragment(br, out_port, skb);
            return;
        }
        self.br_dev_queue_push_xmit(out_port, skb);
    }

    /// br_nf_dev_queue_xmit for a datagram br_netfilter reassembled: sent
    /// whole if it fits the port and its original fragments, else cut to
    /// the largest original fragment (at most the bridge's MTU), each piece
    /// with the datagram's Ethernet header.
    fn br_nf_refragment(&mut self, br: DevId, out_port: DevId, skb: Skb) {
        let ns = self.dev(br).netns;
        let frag_max = usize::from(skb.frag_max_size);
        let port_mtu = self.dev(out_port).mtu as usize;
        if skb.l3().len() <= port_mtu.min(frag_max) {
            self.br_dev_queue_push_xmit(out_port, skb);
            return;
        }
        let br_mtu = self.dev(br).mtu as usize;
        let df = crate::wire::Ipv4Packet::new_checked(skb.l3()).is_ok_and(|ip| ip.dont_frag());
        let pieces = if (df && !skb.ignore_df) || frag_max > br_mtu { None } else { super::frag::fragment(skb.l3(), frag_max.min(br_mtu), skb.frag_pmtu) };
        let Some(pieces) = pieces else {
            self.hop(
                ns,
                Some(out_port),
                HopKind::Drop,
                |k| format!("reassembled datagram of {} bytes cannot be refragmented for {}", skb.l3().len(), k.dev(out_port).name),
                &skb.buf,
                true,
            );
            return;
        };
        let eth = skb.buf.get(..ETH_HLEN).map(<[u8]>::to_vec).unwrap_or_else(|| vec![0; ETH_HLEN]);
        for piece in pieces {
            let mut buf = eth.clone();
            buf.extend_from_slice(&piece);
            let mut f = skb.clone_meta(buf);
            f.frag_max_size = 0;
            self.br_dev_queue_push_xmit(out_port, f);
        }
    }

    /// br_dev_queue_push_xmit: frames longer than the port's MTU are dropped.
    fn br_dev_queue_push_xmit(&mut self, out_port: DevId, skb: Skb) {
        let ns = self.dev(out_port).netns;
        let mtu = self.dev(out_port).mtu as usize;
        if skb.buf.len() > mtu + ETH_HLEN {
            self.dev_mut(out_port).stats.tx_dropped += 1;
            self.hop(
                ns,
                Some(out_port),
                HopKind::Drop,
                |k| format!("frame of {} bytes exceeds the MTU {mtu} of port {}: dropped by the bridge", skb.buf.len() - ETH_HLEN, k.dev(out_port).name),
                &skb.buf,
                true,
            );
            return;
        }
        let meta = skb.meta();
        self.dev_xmit(out_port, skb.buf, meta);
    }

    /// Deliver a frame to the bridge device itself.
    fn br_pass_up(&mut self, br: DevId, skb: Skb) {
        self.capture(br, &skb.buf, false);
        {
            // br_pass_frame_up counts the frame after the port's
            // eth_type_trans pulled the Ethernet header: without its 14 bytes.
            let st = &mut self.dev_mut(br).stats;
            st.rx_packets += 1;
            st.rx_bytes += skb.buf.len().saturating_sub(ETH_HLEN) as u64;
        }
        let Ok(eth) = EthernetFrame::new_checked(&skb.buf[..]) else { return };
        let dst = eth.dst_addr();
        let ethertype = eth.ethertype();
        let br_prerouting_done = skb.br_prerouting_done;
        let mut skb = skb;
        skb.iif = Some(br);
        match ethertype {
            EtherType::Arp => self.arp_rcv(br, skb),
            EtherType::Ipv4 => {
                skb.br_prerouting_done = br_prerouting_done;
                self.ip_rcv(br, skb, dst.is_unicast());
            }
            _ => {}
        }
    }

    /// A frame sent by the bridge device itself (br_dev_xmit): no netfilter.
    fn br_dev_xmit(&mut self, br: DevId, frame: Vec<u8>, meta: super::PktMeta) {
        let Ok(eth) = EthernetFrame::new_checked(&frame[..]) else { return };
        let dst = eth.dst_addr();
        match self.br_fdb_lookup(br, dst) {
            Some(FdbHit { local: true, .. }) => {}
            Some(FdbHit { port, local: false }) => self.dev_xmit(port, frame, meta),
            None => {
                let ports: Vec<DevId> = self.bridge_ports(br).filter(|d| d.admin_up).map(|d| d.id).collect();
                for p in ports {
                    self.dev_xmit(p, frame.clone(), meta);
                }
            }
        }
    }

    /// FDB lookup with ageing: learned entries older than `ageing_time` are gone.
    fn br_fdb_lookup(&mut self, br: DevId, mac: EthernetAddress) -> Option<FdbHit> {
        let now = self.now;
        let b = self.dev_mut(br).bridge_mut()?;
        let ageing = b.ageing_time;
        let e = b.fdb.get_mut(&mac)?;
        if e.is_local || e.is_static || now.since(e.updated) <= ageing {
            e.used = now;
            return Some(FdbHit { port: e.port, local: e.is_local });
        }
        b.fdb.remove(&mac);
        None
    }
}

#[derive(Clone, Copy, Debug)]
struct FdbHit {
    port: DevId,
    local: bool,
}

fn ip_dst(skb: &Skb) -> Option<std::net::Ipv4Addr> {
    crate::wire::Ipv4Packet::new_checked(skb.l3()).ok().map(|p| p.dst_addr())
}

fn list_or_none(names: &[String]) -> String {
    if names.is_empty() { "no other port".to_string() } else { names.join(", ") }
}
