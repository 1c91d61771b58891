//! ARP and neighbour resolution (arp_rcv, arp_process, neigh_resolve_output).
//!
//! Requests for a local address are answered as `arp_ignore` allows
//! (0: any local address; 1: only one configured on the receiving device;
//! 2: also in one subnet with the sender; 3: not of scope host; 8: none).
//! With `proxy_arp` on the receiving device and forwarding on, a request
//! for an address routed out of ANOTHER device is answered with our own
//! MAC, after a random delay below `proxy_delay` (0.8 s) for broadcast
//! requests (pneigh_enqueue) and at once for unicast ones. The source
//! address of our own requests follows `arp_announce` (0: the packet's
//! local source; 1: only if in the target's subnet; 2: always
//! inet_select_addr's primary address).
//!
//! Not modelled: `arp_filter`, `arp_accept` (gratuitous ARP creating
//! entries), proxy entries (`ip neigh add proxy`), `medium_id`.

use std::net::Ipv4Addr;

use super::{ETH_HLEN, Skb};
use crate::kernel::neigh::{DELAY_FIRST_PROBE, MAX_SOLICIT, PendingPacket, QUEUE_LEN, RETRANS_TIME};

/// `proxy_delay`: 80 jiffies (0.8 s) at most before a proxied reply.
const PROXY_DELAY: Duration = Duration::from_millis(800);
use crate::kernel::{DevId, DeviceKind, KEvent, Kernel, Neigh, NetnsId, NudState};
use crate::sim::trace::HopKind;
use crate::time::Duration;
use crate::wire::{ArpOperation, ArpPacket, ArpRepr, EtherType, EthernetAddress};

impl Kernel {
    /// An ARP frame received on `dev`.
    pub(crate) fn arp_rcv(&mut self, dev: DevId, skb: Skb) {
        self.arp_process(dev, skb, false);
    }

    /// A proxied request whose `proxy_delay` ran out (LOCALLY_ENQUEUED).
    pub(crate) fn arp_proxy_timer(&mut self, dev: DevId, frame: Vec<u8>) {
        if self.dev_try(dev).is_some() {
            self.arp_process(dev, Skb::from_frame(frame, 0), true);
        }
    }

    fn arp_process(&mut self, dev: DevId, skb: Skb, requeued: bool) {
        let ns = self.dev(dev).netns;
        let Some(payload) = skb.buf.get(ETH_HLEN..) else { return };
        let Ok(pkt) = ArpPacket::new_checked(payload) else { return };
        let Ok(arp) = ArpRepr::parse(&pkt) else { return };
        let (sip, sha, tip) = (arp.source_protocol_addr, arp.source_hardware_addr, arp.target_protocol_addr);
        if sip.is_unspecified() && arp.operation == ArpOperation::Request {
            return; // duplicate address detection probes are not answered here
        }
        match arp.operation {
            ArpOperation::Request => {
                if !self.is_local_addr(ns, tip) {
                    self.arp_proxy(dev, skb, sip, sha, tip, requeued);
                    return;
                }
                if !self.arp_should_answer(ns, dev, sip, tip) {
                    return;
                }
                // The sender will talk to us: remember it (neigh_event_ns → STALE).
                self.neigh_event(ns, dev, sip, sha, false);
                self.hop(ns, Some(dev), HopKind::Neigh, |_| format!("ARP: {tip} is ours, replying to {sip}"), &skb.buf, true);
                self.arp_reply(dev, tip, sip, sha);
            }
            ArpOperation::Reply => {
                self.neigh_event(ns, dev, sip, sha, true);
            }
            _ => {}
        }
    }

    /// arp_ignore (the larger of `all` and the device) for a request from
    /// `sip` for our `tip` (inet_confirm_addr's rules).
    fn arp_should_answer(&self, ns: NetnsId, dev: DevId, sip: Ipv4Addr, tip: Ipv4Addr) -> bool {
        let conf = crate::kernel::sysctl::effective(&self.netns(ns).sysctl.conf_all, &self.dev(dev).conf);
        if tip.is_loopback() {
            return false;
        }
        let addrs = &self.dev(dev).addrs;
        match conf.arp_ignore {
            1 => addrs.iter().any(|a| a.local == tip) && addrs.iter().any(|a| a.same_subnet(tip)),
            2 => addrs.iter().any(|a| a.local == tip) && addrs.iter().any(|a| a.same_subnet(tip) && a.same_subnet(sip)),
            3 => self.devs_in(ns).any(|d| d.addrs.iter().any(|a| a.local == tip && a.scope != crate::kernel::Scope::Host)),
            8 => false,
            _ => true,
        }
    }

    /// arp_process's proxy branch (arp_fwd_proxy): forwarding and
    /// `proxy_arp` on `dev`, and `tip` routed (as from `sip`) out of another
    /// device. A broadcast request waits a random time below `proxy_delay`
    /// and is processed again; a requeued or unicast one is answered.
    fn arp_proxy(&mut self, dev: DevId, skb: Skb, sip: Ipv4Addr, sha: EthernetAddress, tip: Ipv4Addr, requeued: bool) {
        let ns = self.dev(dev).netns;
        let conf = crate::kernel::sysctl::effective(&self.netns(ns).sysctl.conf_all, &self.dev(dev).conf);
        if !conf.proxy_arp || !conf.forwarding || tip.is_multicast() || tip.is_loopback() || tip.is_unspecified() {
            return;
        }
        let routed_elsewhere =
            self.route_lookup(ns, tip, None).is_some_and(|r| r.kind == crate::kernel::route::RouteType::Unicast && r.dev.is_some_and(|d| d != dev));
        if !routed_elsewhere {
            return;
        }
        self.neigh_event(ns, dev, sip, sha, false);
        let broadcast = skb.buf.get(0..6).is_some_and(|d| d == EthernetAddress::BROADCAST.0.as_slice());
        if broadcast && !requeued {
            let delay = Duration::from_micros(self.port_rng.below(PROXY_DELAY.as_micros()));
            self.hop(ns, Some(dev), HopKind::Neigh, |_| format!("proxy ARP for {tip}: answering {sip} after {} ms", delay.as_millis()), &skb.buf, true);
            self.schedule(delay, KEvent::ProxyArp { dev, frame: skb.buf });
            return;
        }
        self.hop(ns, Some(dev), HopKind::Neigh, |_| format!("proxy ARP: {tip} is routed elsewhere, replying to {sip} with our MAC"), &skb.buf, true);
        self.arp_reply(dev, tip, sip, sha);
    }

    /// Answer `sip` (at `sha`) that `tip` is at `dev`'s MAC.
    fn arp_reply(&mut self, dev: DevId, tip: Ipv4Addr, sip: Ipv4Addr, sha: EthernetAddress) {
        let my = self.dev(dev).mac;
        let reply = ArpRepr {
            operation: ArpOperation::Reply,
            source_hardware_addr: my,
            source_protocol_addr: tip,
            target_hardware_addr: sha,
            target_protocol_addr: sip,
        };
        self.dev_xmit(dev, arp_frame(my, sha, &reply), super::PktMeta::default());
    }

    /// Learn `ip` → `mac` on `dev`. A reply confirms reachability; a request
    /// only creates or refreshes a STALE entry.
    fn neigh_event(&mut self, ns: NetnsId, dev: DevId, ip: Ipv4Addr, mac: EthernetAddress, reply: bool) {
        let now = self.now;
        let reachable = self.reachable_time();
        let origin = self.origin.clone();
        let table = &mut self.netns_mut(ns).neigh;
        let queue = match table.get_mut(dev, ip) {
            Some(n) => {
                if matches!(n.state, NudState::Permanent | NudState::Noarp) {
                    return;
                }
                let changed = n.lladdr != Some(mac);
                if reply {
                    n.lladdr = Some(mac);
                    n.state = NudState::Reachable;
                    n.confirmed = Some(now);
                    n.updated = now;
                    n.probes = 0;
                    n.reachable_time = reachable;
                } else if changed || n.state == NudState::Incomplete || n.state == NudState::Failed {
                    n.lladdr = Some(mac);
                    n.state = NudState::Stale;
                    n.updated = now;
                }
                std::mem::take(&mut n.queue)
            }
            None => {
                if !reply {
                    // A new entry was never confirmed (__neigh_create sets
                    // `confirmed` twice the base reachable time in the past).
                    let confirmed = None;
                    table.entries.insert(
                        (dev, ip),
                        Neigh {
                            ip,
                            dev,
                            lladdr: Some(mac),
                            state: NudState::Stale,
                            updated: now,
                            confirmed,
                            reachable_time: reachable,
                            probes: 0,
                            router: false,
                            queue: Vec::new(),
                            origin,
                        },
                    );
                }
                Vec::new()
            }
        };
        for p in queue {
            self.neigh_xmit(dev, mac, p.l3, p.mark, p.hash);
        }
    }

    fn reachable_time(&mut self) -> Duration {
        // neigh_rand_reach_time: uniform in [base/2, 3*base/2).
        let base = crate::kernel::neigh::BASE_REACHABLE_TIME.as_millis();
        Duration::from_millis(base / 2 + self.port_rng.below(base))
    }

    /// Send an IPv4 packet (at `skb.buf[14..]`) to `nexthop` out of `dev`,
    /// resolving the link-layer address (neigh_output).
    pub(crate) fn neigh_output(&mut self, dev: DevId, nexthop: Ipv4Addr, skb: Skb) {
        let d = self.dev(dev);
        let ns = d.netns;
        let mut skb = skb;
        if d.is_loopback() {
            skb.buf[0..12].fill(0);
            skb.buf[12..14].copy_from_slice(&[0x08, 0x00]);
            // The packet stays in this namespace: its conntrack entry goes with it.
            let meta = super::PktMeta { ct: skb.ct, ..skb.meta() };
            self.dev_xmit(dev, skb.buf, meta);
            return;
        }
        if nexthop == Ipv4Addr::BROADCAST || d.addrs.iter().any(|a| a.prefix_len < 31 && a.cidr().broadcast() == nexthop) {
            self.neigh_xmit_frame(dev, EthernetAddress::BROADCAST, skb);
            return;
        }
        if nexthop.is_multicast() {
            let o = nexthop.octets();
            self.neigh_xmit_frame(dev, EthernetAddress([0x01, 0x00, 0x5e, o[1] & 0x7f, o[2], o[3]]), skb);
            return;
        }
        if matches!(d.kind, DeviceKind::Vxlan(_)) && self.netns(ns).neigh.get(dev, nexthop).is_none() {
            // A vxlan device without a neighbour entry: the frame is built with
            // the broadcast address and vxlan's own FDB decides (NOARP-like).
        }
        let now = self.now;
        let state = self.netns(ns).neigh.get(dev, nexthop).map(|n| (self.neigh_state(n), n.lladdr));
        match state {
            Some((NudState::Permanent | NudState::Noarp | NudState::Reachable | NudState::Delay | NudState::Probe, Some(mac))) => {
                self.neigh_xmit_frame(dev, mac, skb);
            }
            Some((NudState::Stale, Some(mac))) => {
                if let Some(n) = self.netns_mut(ns).neigh.get_mut(dev, nexthop) {
                    n.state = NudState::Delay;
                    n.updated = now;
                    n.probes = 0;
                }
                self.neigh_schedule(ns, dev, nexthop, DELAY_FIRST_PROBE);
                self.neigh_xmit_frame(dev, mac, skb);
            }
            Some((NudState::Incomplete, _)) => {
                if let Some(n) = self.netns_mut(ns).neigh.get_mut(dev, nexthop) {
                    if n.queue.len() >= QUEUE_LEN {
                        n.queue.remove(0);
                    }
                    n.queue.push(PendingPacket { l3: skb.buf[ETH_HLEN..].to_vec(), mark: skb.mark, hash: skb.hash });
                }
            }
            _ => {
                // No entry (or FAILED): start resolution.
                let pending = PendingPacket { l3: skb.buf[ETH_HLEN..].to_vec(), mark: skb.mark, hash: skb.hash };
                let src_hint = crate::wire::Ipv4Packet::new_checked(skb.l3()).ok().map(|p| p.src_addr());
                self.hop(ns, Some(dev), HopKind::Neigh, |_| format!("no neighbour entry for {nexthop}: ARP who-has {nexthop}"), &skb.buf[ETH_HLEN..], false);
                self.neigh_start(dev, nexthop, vec![pending], src_hint);
            }
        }
    }

    /// A new INCOMPLETE entry holding `queue`: the first ARP request now,
    /// the next ones from the timer.
    fn neigh_start(&mut self, dev: DevId, nexthop: Ipv4Addr, queue: Vec<PendingPacket>, src_hint: Option<Ipv4Addr>) {
        let ns = self.dev(dev).netns;
        let now = self.now;
        let reachable = self.reachable_time();
        let origin = self.origin.clone();
        self.netns_mut(ns).neigh.entries.insert(
            (dev, nexthop),
            Neigh {
                ip: nexthop,
                dev,
                lladdr: None,
                state: NudState::Incomplete,
                updated: now,
                confirmed: None,
                reachable_time: reachable,
                probes: 1,
                router: false,
                queue,
                origin,
            },
        );
        self.arp_solicit(dev, nexthop, src_hint, None);
        self.neigh_schedule(ns, dev, nexthop, RETRANS_TIME);
    }

    /// Whether `ip` has a usable link-layer address on `dev` (NUD_VALID).
    pub(crate) fn neigh_valid(&self, ns: NetnsId, dev: DevId, ip: Ipv4Addr) -> bool {
        self.netns(ns).neigh.get(dev, ip).is_some_and(|n| {
            n.lladdr.is_some()
                && matches!(
                    self.neigh_state(n),
                    NudState::Permanent | NudState::Noarp | NudState::Reachable | NudState::Stale | NudState::Delay | NudState::Probe
                )
        })
    }

    /// neigh_event_send without a packet: start resolving `ip` unless it is
    /// already being resolved or known.
    pub(crate) fn neigh_resolve(&mut self, dev: DevId, ip: Ipv4Addr) {
        let ns = self.dev(dev).netns;
        let state = self.netns(ns).neigh.get(dev, ip).map(|n| self.neigh_state(n));
        if matches!(state, None | Some(NudState::Failed)) {
            self.neigh_start(dev, ip, Vec::new(), None);
        }
    }

    fn neigh_xmit_frame(&mut self, dev: DevId, dst: EthernetAddress, mut skb: Skb) {
        let src = self.dev(dev).mac;
        skb.buf[0..6].copy_from_slice(&dst.0);
        skb.buf[6..12].copy_from_slice(&src.0);
        skb.buf[12..14].copy_from_slice(&[0x08, 0x00]);
        let meta = skb.meta();
        self.dev_xmit(dev, skb.buf, meta);
    }

    fn neigh_xmit(&mut self, dev: DevId, dst: EthernetAddress, l3: Vec<u8>, mark: u32, hash: Option<u32>) {
        let mut buf = vec![0u8; ETH_HLEN];
        buf.extend_from_slice(&l3);
        let mut skb = Skb::from_frame(buf, mark);
        skb.hash = hash;
        self.neigh_xmit_frame(dev, dst, skb);
    }

    /// Send an ARP request for `target` (broadcast, or unicast to `to` when probing).
    fn arp_solicit(&mut self, dev: DevId, target: Ipv4Addr, src_hint: Option<Ipv4Addr>, to: Option<EthernetAddress>) {
        let ns = self.dev(dev).netns;
        let conf = crate::kernel::sysctl::effective(&self.netns(ns).sysctl.conf_all, &self.dev(dev).conf);
        // arp_announce: which packet source may be announced.
        let on_link = |s: &Ipv4Addr| self.dev(dev).addrs.iter().any(|a| !a.secondary && a.same_subnet(target) && a.same_subnet(*s));
        let sip = src_hint
            .filter(|s| self.is_local_addr(ns, *s) && !s.is_loopback())
            .filter(|s| match conf.arp_announce {
                0 => true,
                1 => on_link(s),
                _ => false,
            })
            .or_else(|| self.select_src(ns, Some(dev), target, crate::kernel::Scope::Link))
            .unwrap_or(Ipv4Addr::UNSPECIFIED);
        let my = self.dev(dev).mac;
        let req = ArpRepr {
            operation: ArpOperation::Request,
            source_hardware_addr: my,
            source_protocol_addr: sip,
            target_hardware_addr: EthernetAddress([0; 6]),
            target_protocol_addr: target,
        };
        let frame = arp_frame(my, to.unwrap_or(EthernetAddress::BROADCAST), &req);
        self.dev_xmit(dev, frame, super::PktMeta::default());
    }

    fn neigh_schedule(&mut self, ns: NetnsId, dev: DevId, ip: Ipv4Addr, after: Duration) {
        let generation = self.netns(ns).neigh.get(dev, ip).map(|n| n.updated.0 as u32 ^ u32::from(n.probes)).unwrap_or(0);
        self.schedule(after, KEvent::NeighTimer { ns, dev, ip, generation });
    }

    /// The neighbour timer (neigh_timer_handler): retransmit solicitations,
    /// move DELAY → PROBE → FAILED/REACHABLE.
    pub(crate) fn neigh_timer(&mut self, ns: NetnsId, dev: DevId, ip: Ipv4Addr, generation: u32) {
        if !self.netns_exists(ns) || !self.dev_exists(dev) {
            return;
        }
        let now = self.now;
        let Some(n) = self.netns(ns).neigh.get(dev, ip) else { return };
        if (n.updated.0 as u32 ^ u32::from(n.probes)) != generation {
            return;
        }
        match n.state {
            NudState::Incomplete | NudState::Probe => {
                if n.probes >= MAX_SOLICIT {
                    let queue = self.netns_mut(ns).neigh.get_mut(dev, ip).map(|n| {
                        n.state = NudState::Failed;
                        n.updated = now;
                        std::mem::take(&mut n.queue)
                    });
                    // arp_error_report: each queued packet earns its sender an ICMP host unreachable.
                    for p in queue.unwrap_or_default() {
                        self.hop(ns, Some(dev), HopKind::Drop, |_| format!("no ARP reply from {ip}: host unreachable"), &p.l3, false);
                        self.icmp_send_error(ns, &p.l3, 3, 1, 0, None);
                    }
                    return;
                }
                let lladdr = n.lladdr;
                let unicast = if n.state == NudState::Probe { lladdr } else { None };
                // neigh_probe: the source of the newest queued packet.
                let src_hint = n.queue.last().and_then(|p| crate::wire::Ipv4Packet::new_checked(&p.l3[..]).ok()).map(|p| p.src_addr());
                if let Some(n) = self.netns_mut(ns).neigh.get_mut(dev, ip) {
                    n.probes += 1;
                    n.updated = now;
                }
                self.arp_solicit(dev, ip, src_hint, unicast);
                self.neigh_schedule(ns, dev, ip, RETRANS_TIME);
            }
            NudState::Delay => {
                // Confirmed (by a reply, or TCP's dst_confirm) within the
                // delay: reachable again without a probe.
                if n.confirmed.is_some_and(|c| now.since(c) <= DELAY_FIRST_PROBE) {
                    if let Some(n) = self.netns_mut(ns).neigh.get_mut(dev, ip) {
                        n.state = NudState::Reachable;
                        n.updated = now;
                    }
                    return;
                }
                let lladdr = n.lladdr;
                if let Some(n) = self.netns_mut(ns).neigh.get_mut(dev, ip) {
                    n.state = NudState::Probe;
                    n.probes = 1;
                    n.updated = now;
                }
                self.arp_solicit(dev, ip, None, lladdr);
                self.neigh_schedule(ns, dev, ip, RETRANS_TIME);
            }
            _ => {}
        }
    }
}

/// An Ethernet frame carrying an ARP packet.
pub(crate) fn arp_frame(src: EthernetAddress, dst: EthernetAddress, arp: &ArpRepr) -> Vec<u8> {
    let mut payload = vec![0u8; arp.buffer_len()];
    let mut p = ArpPacket::new_unchecked(&mut payload[..]);
    arp.emit(&mut p);
    crate::wire::build::ethernet_frame(src, dst, EtherType::Arp, &payload)
}
