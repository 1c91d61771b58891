//! The IPv4 path: input, routing decision, local delivery, forwarding,
//! local output and output, ICMP, and UDP.

use std::net::Ipv4Addr;

use super::frag::{Defrag, DefragUser, IP_MAX_MTU, PmtuDisc};
use super::nf::HookVerdict;
use super::{ETH_HLEN, Skb};
use crate::kernel::route::RouteType;
use crate::kernel::socket::{Datagram, PingEvent, SockKind};
use crate::kernel::{DevId, Errno, Kernel, NetnsId, Scope};
use crate::net::{Hook, proto};
use crate::sim::trace::HopKind;
use crate::wire::{IcmpPacket, IcmpRepr, Ipv4Packet, Ipv4Repr, L4, UdpPacket, UdpRepr};

/// Why a locally generated packet could not be sent.
pub type IpError = Errno;

/// Where the input routing decision sends a packet.
enum InputRoute {
    Local,
    Forward {
        dev: DevId,
        nexthop: Ipv4Addr,
        /// `IPSKB_DOREDIRECT`: back out of the input device, to a sender
        /// on that link (see `redirect.rs`).
        redirect: bool,
    },
    Drop(&'static str),
    /// No route (or an unreachable/prohibit route) while forwarding is on:
    /// an ICMP destination unreachable with this code.
    Unreachable(u8),
}

impl Kernel {
    /// ip_rcv: validate, PREROUTING, route.
    pub(crate) fn ip_rcv(&mut self, dev: DevId, mut skb: Skb, unicast_l2: bool) {
        let ns = self.dev(dev).netns;
        let l3 = skb.l3();
        let Ok(ip) = Ipv4Packet::new_checked(l3) else {
            self.hop(ns, Some(dev), HopKind::Drop, |_| "malformed IPv4 header".into(), &skb.buf, true);
            return;
        };
        if !ip.verify_checksum() {
            self.hop(ns, Some(dev), HopKind::Drop, |_| "bad IPv4 header checksum".into(), &skb.buf, true);
            return;
        }
        let is_fragment = ip.is_fragment();
        // Drop Ethernet padding beyond the IP total length.
        let total = ETH_HLEN + usize::from(ip.total_len());
        if skb.buf.len() > total {
            skb.buf.truncate(total);
        }
        let _ = unicast_l2;
        if !skb.br_prerouting_done {
            // nf_defrag_ipv4 (priority -400): conntrack sees whole datagrams.
            if is_fragment && self.ct_enabled(ns) {
                match self.ip_defrag(ns, skb, DefragUser::ConntrackIn, Some(dev)) {
                    Some(whole) => skb = whole,
                    None => return,
                }
            }
            match self.nf_hook(ns, Hook::Prerouting, &mut skb, Some(dev), None, None) {
                HookVerdict::Accept => {}
                _ => return,
            }
        }
        let Ok(ip) = Ipv4Packet::new_checked(skb.l3()) else { return };
        let (src, dst) = (ip.src_addr(), ip.dst_addr());
        match self.route_input(ns, dev, src, dst) {
            InputRoute::Local => self.ip_local_deliver(ns, dev, skb),
            InputRoute::Forward { dev: out, nexthop, redirect } => self.ip_forward(ns, dev, out, nexthop, redirect, skb),
            InputRoute::Drop(why) => {
                self.hop(ns, Some(dev), HopKind::Drop, |_| why.to_string(), skb.l3(), false);
            }
            InputRoute::Unreachable(code) => {
                self.hop(ns, Some(dev), HopKind::Drop, |_| format!("no route to {dst}: ICMP {}", icmp_name(3, code)), skb.l3(), false);
                let now = self.now;
                if self.netns_mut(ns).redirects.ip_error_allow(src, now) {
                    let l3 = skb.l3().to_vec();
                    self.icmp_send_error(ns, &l3, 3, code, 0, Some(dev));
                }
            }
        }
    }

    /// ip_route_input_slow: martians, local, broadcast, forwarding, rp_filter.
    fn route_input(&mut self, ns: NetnsId, dev: DevId, src: Ipv4Addr, dst: Ipv4Addr) -> InputRoute {
        let conf = crate::kernel::sysctl::effective(&self.netns(ns).sysctl.conf_all, &self.dev(dev).conf);
        let is_lo = self.dev(dev).is_loopback();
        if src.is_multicast() || (src == Ipv4Addr::BROADCAST) {
            return InputRoute::Drop("martian source");
        }
        if dst == Ipv4Addr::BROADCAST {
            return InputRoute::Local;
        }
        if !is_lo && (src.is_loopback() || dst.is_loopback()) && !conf.route_localnet {
            return InputRoute::Drop(if dst.is_loopback() {
                "martian destination (127.0.0.0/8 arriving on a non-loopback device; route_localnet=0)"
            } else {
                "martian source (127.0.0.0/8; route_localnet=0)"
            });
        }
        if dst.is_multicast() {
            return InputRoute::Local;
        }
        let Some(rt) = self.route_lookup(ns, dst, None) else {
            if !conf.forwarding {
                return InputRoute::Drop("no route, and forwarding is off");
            }
            return InputRoute::Unreachable(0);
        };
        // Source validation (fib_validate_source): a local source from outside is a martian.
        if !is_lo && !src.is_unspecified() && self.is_local_addr(ns, src) && !conf.accept_local {
            return InputRoute::Drop("martian source (a local address arriving from outside)");
        }
        if conf.rp_filter > 0 && !is_lo && !src.is_unspecified() {
            let back = self.route_lookup(ns, src, None);
            let ok = match back {
                None => false,
                Some(b) => conf.rp_filter == 2 || b.dev == Some(dev) || b.kind == RouteType::Local,
            };
            if !ok {
                return InputRoute::Drop("reverse path filter (rp_filter) rejected the source");
            }
        }
        match rt.kind {
            RouteType::Local | RouteType::Broadcast => InputRoute::Local,
            RouteType::Unicast => {
                if !conf.forwarding {
                    return InputRoute::Drop("not for this host and forwarding is off (ip_forward=0)");
                }
                match rt.dev {
                    Some(out) => {
                        let redirect = out == dev && conf.send_redirects && self.sender_on_link(ns, dev, src);
                        InputRoute::Forward { dev: out, nexthop: rt.gateway.unwrap_or(dst), redirect }
                    }
                    None => InputRoute::Drop("route without device"),
                }
            }
            RouteType::Blackhole => InputRoute::Drop("blackhole route"),
            _ if !conf.forwarding => InputRoute::Drop("no route, and forwarding is off"),
            RouteType::Unreachable => InputRoute::Unreachable(1),
            RouteType::Prohibit => InputRoute::Unreachable(13),
            RouteType::Throw => InputRoute::Unreachable(0),
            _ => InputRoute::Drop("unsupported route type"),
        }
    }

    /// fib_validate_source's answer for a redirect: the route back to
    /// `src` is a link route (no gateway) through `dev`.
    fn sender_on_link(&self, ns: NetnsId, dev: DevId, src: Ipv4Addr) -> bool {
        self.route_lookup(ns, src, None).is_some_and(|b| b.kind == RouteType::Unicast && b.dev == Some(dev) && b.gateway.is_none())
    }

    /// ip_local_deliver: reassembly, INPUT hook, then the protocol.
    fn ip_local_deliver(&mut self, ns: NetnsId, dev: DevId, mut skb: Skb) {
        if Ipv4Packet::new_checked(skb.l3()).is_ok_and(|ip| ip.is_fragment()) {
            match self.ip_defrag(ns, skb, DefragUser::LocalDeliver, Some(dev)) {
                Some(whole) => skb = whole,
                None => return,
            }
        }
        match self.nf_hook(ns, Hook::Input, &mut skb, Some(dev), None, None) {
            HookVerdict::Accept => {}
            _ => return,
        }
        let Ok(ip) = Ipv4Packet::new_checked(skb.l3()) else { return };
        let protocol = ip.protocol();
        let dst = ip.dst_addr();
        match protocol {
            proto::TCP => {
                // The delivery hop comes before whatever the socket sends in answer.
                let at = self.hops.len();
                let res = self.tcp_rcv(ns, skb.l3());
                let what = match res {
                    crate::kernel::tcp::TcpRcvResult::Delivered(_) => "delivered to a TCP socket",
                    crate::kernel::tcp::TcpRcvResult::NoSocket => "no TCP socket: answered with RST",
                    crate::kernel::tcp::TcpRcvResult::BacklogFull => "listen backlog full: SYN dropped",
                    crate::kernel::tcp::TcpRcvResult::BadChecksum => "bad TCP checksum: dropped",
                    crate::kernel::tcp::TcpRcvResult::Malformed => "malformed TCP segment: dropped",
                };
                let kind = if matches!(res, crate::kernel::tcp::TcpRcvResult::Delivered(_)) { HopKind::Deliver } else { HopKind::Drop };
                self.hop(ns, Some(dev), kind, |_| what.to_string(), skb.l3(), false);
                if self.tracing && self.hops.len() > at + 1 {
                    if let Some(h) = self.hops.pop() {
                        self.hops.insert(at, h);
                    }
                }
            }
            proto::UDP => self.udp_rcv(ns, dev, skb),
            proto::ICMP => self.icmp_rcv(ns, dev, skb),
            _ => {
                if !dst.is_multicast() {
                    let l3 = skb.l3().to_vec();
                    self.icmp_send_error(ns, &l3, 3, 2, 0, Some(dev));
                }
            }
        }
    }

    /// ip_forward: TTL, MTU, FORWARD hook, then output.
    fn ip_forward(&mut self, ns: NetnsId, in_dev: DevId, out: DevId, nexthop: Ipv4Addr, redirect: bool, mut skb: Skb) {
        let Ok(ip) = Ipv4Packet::new_checked(skb.l3()) else { return };
        if ip.ttl() <= 1 {
            self.hop(ns, Some(in_dev), HopKind::Drop, |_| "TTL exceeded in transit: ICMP time exceeded".into(), skb.l3(), false);
            let l3 = skb.l3().to_vec();
            self.icmp_send_error(ns, &l3, 11, 0, 0, Some(in_dev));
            return;
        }
        // ip_dst_mtu_maybe_forward: forwarding uses the device's MTU.
        let mtu = self.dev_ip_mtu(out);
        let len = usize::from(ip.total_len());
        if exceeds_mtu(&skb, ip.dont_frag(), len, mtu) {
            self.hop(
                ns,
                Some(in_dev),
                HopKind::Drop,
                |_| format!("packet of {len} bytes exceeds MTU {mtu} with DF set: ICMP fragmentation needed"),
                skb.l3(),
                false,
            );
            let l3 = skb.l3().to_vec();
            self.icmp_send_error(ns, &l3, 3, 4, mtu as u16, Some(in_dev));
            return;
        }
        let _ = crate::wire::nat::dec_ttl(skb.l3_mut());
        self.hop(
            ns,
            Some(in_dev),
            HopKind::Route,
            |k| format!("forwarding from {} to {} via {nexthop} (TTL decremented)", k.dev(in_dev).name, k.dev(out).name),
            skb.l3(),
            false,
        );
        // The redirect goes before the FORWARD hook, quoting the packet
        // with its decremented TTL.
        if redirect {
            let sender = Ipv4Packet::new_checked(skb.l3()).map(|p| p.src_addr()).unwrap_or(Ipv4Addr::UNSPECIFIED);
            let now = self.now;
            if self.netns_mut(ns).redirects.may_send(sender, now) {
                let l3 = skb.l3().to_vec();
                self.icmp_send_redirect(ns, &l3, nexthop);
            }
        }
        match self.nf_hook(ns, Hook::Forward, &mut skb, Some(in_dev), Some(out), None) {
            HookVerdict::Accept => {}
            _ => return,
        }
        skb.forwarded = true;
        self.ip_output(ns, out, nexthop, skb);
    }

    /// ip_output: POSTROUTING, then ip_finish_output: fragmentation when
    /// the packet is too big for the MTU (or was reassembled here), then
    /// the neighbour layer.
    pub(crate) fn ip_output(&mut self, ns: NetnsId, out: DevId, nexthop: Ipv4Addr, mut skb: Skb) {
        match self.nf_hook(ns, Hook::Postrouting, &mut skb, None, Some(out), None) {
            HookVerdict::Accept => {}
            _ => return,
        }
        let Ok(ip) = Ipv4Packet::new_checked(skb.l3()) else { return };
        let (len, df, dst) = (usize::from(ip.total_len()), ip.dont_frag(), ip.dst_addr());
        // ip_skb_dst_mtu: the device's MTU when forwarding, else the path MTU.
        let mtu = if skb.forwarded { self.dev_ip_mtu(out) } else { self.route_mtu(ns, dst, out, nexthop) };
        if len <= mtu && skb.frag_max_size == 0 {
            self.neigh_output(out, nexthop, skb);
            return;
        }
        // ip_fragment: a DF packet is only cut if DF may be ignored and its
        // original fragments fit.
        let frag_max = usize::from(skb.frag_max_size);
        if df && (!skb.ignore_df || frag_max > mtu) {
            self.hop(
                ns,
                Some(out),
                HopKind::Drop,
                |_| format!("packet of {len} bytes exceeds MTU {mtu} with DF set: ICMP fragmentation needed"),
                skb.l3(),
                false,
            );
            let l3 = skb.l3().to_vec();
            self.icmp_send_error(ns, &l3, 3, 4, mtu as u16, None);
            return;
        }
        self.ip_do_fragment(ns, out, nexthop, skb, mtu);
    }

    /// ip_do_fragment: cut to the MTU (or to the original fragments' size
    /// if the packet was reassembled here) and send each piece.
    fn ip_do_fragment(&mut self, ns: NetnsId, out: DevId, nexthop: Ipv4Addr, skb: Skb, mtu: usize) {
        let frag_max = usize::from(skb.frag_max_size);
        let mtu = if frag_max != 0 && frag_max < mtu { frag_max } else { mtu };
        let Some(pieces) = super::frag::fragment(skb.l3(), mtu, skb.frag_pmtu) else {
            self.hop(ns, Some(out), HopKind::Drop, |_| format!("cannot fragment to MTU {mtu}"), skb.l3(), false);
            return;
        };
        if self.tracing {
            let sizes: Vec<String> = pieces.iter().map(|p| p.len().to_string()).collect();
            let what = format!("fragmented for MTU {mtu} of {}: {} pieces ({} bytes)", self.dev(out).name, pieces.len(), sizes.join(" + "));
            self.hop(ns, Some(out), HopKind::Route, |_| what, skb.l3(), false);
        }
        let eth = skb.buf.get(..ETH_HLEN).map(<[u8]>::to_vec).unwrap_or_else(|| vec![0; ETH_HLEN]);
        for piece in pieces {
            let mut buf = eth.clone();
            buf.extend_from_slice(&piece);
            let mut f = skb.clone_meta(buf);
            f.frag_max_size = 0;
            self.neigh_output(out, nexthop, f);
        }
    }

    /// ip_defrag: queue a fragment; the whole datagram once complete.
    pub(super) fn ip_defrag(&mut self, ns: NetnsId, skb: Skb, user: DefragUser, dev: Option<DevId>) -> Option<Skb> {
        let high_thresh = usize::try_from(self.netns(ns).sysctl.ipfrag_high_thresh).unwrap_or(usize::MAX);
        let r = self.netns_mut(ns).frags.add(skb.l3(), user, dev, high_thresh);
        let by = match user {
            DefragUser::LocalDeliver => "for local delivery",
            DefragUser::ConntrackIn => "for conntrack (nf_defrag_ipv4)",
            DefragUser::ConntrackBridgeIn => "for conntrack on the bridge (br_netfilter)",
        };
        match r {
            Defrag::Complete(whole) => {
                let mut buf = skb.buf.get(..ETH_HLEN).map(<[u8]>::to_vec).unwrap_or_else(|| vec![0; ETH_HLEN]);
                buf.extend_from_slice(&whole.packet);
                let mut out = skb.clone_meta(buf);
                out.frag_max_size = whole.frag_max_size;
                out.frag_pmtu = whole.frag_pmtu;
                // nf_ct_ipv4_gather_frags: conntrack's reassembly may refragment.
                out.ignore_df = user != DefragUser::LocalDeliver;
                self.hop(ns, dev, HopKind::Route, |_| format!("fragments reassembled {by}: {} bytes", whole.packet.len()), out.l3(), false);
                Some(out)
            }
            Defrag::Queued { timer } => {
                if let Some(serial) = timer {
                    let secs = u64::try_from(self.netns(ns).sysctl.ipfrag_time).unwrap_or(0);
                    self.schedule(crate::time::Duration::from_secs(secs), crate::kernel::KEvent::FragTimer { ns, serial });
                }
                self.hop(ns, dev, HopKind::Route, |_| format!("fragment queued {by}"), skb.l3(), false);
                None
            }
            Defrag::Dropped(why) => {
                self.hop(ns, dev, HopKind::Drop, |_| format!("fragment dropped: {why}"), skb.l3(), false);
                None
            }
        }
    }

    /// ip_expire: a fragment queue's time ran out. An end host tells the
    /// sender if the first fragment had arrived.
    pub(crate) fn frag_timer(&mut self, ns: NetnsId, serial: u64) {
        if !self.netns_exists(ns) {
            return;
        }
        let Some(e) = self.netns_mut(ns).frags.expire(serial) else { return };
        let Some(first) = e.first else {
            self.hop(ns, e.iif, HopKind::Drop, |_| "fragment reassembly timed out (first fragment never arrived)".into(), &[], false);
            return;
        };
        self.hop(ns, e.iif, HopKind::Drop, |_| "fragment reassembly timed out".into(), &first, false);
        let Some(iif) = e.iif.filter(|d| self.dev_try(*d).is_some_and(|x| x.netns == ns)) else { return };
        if e.icmp_only_if_local && !self.is_local_addr(ns, e.key.dst) {
            return;
        }
        self.icmp_send_error(ns, &first, 11, 1, 0, Some(iif));
    }

    /// The IP MTU of a device (`min(dev->mtu, IP_MAX_MTU)`).
    fn dev_ip_mtu(&self, dev: DevId) -> usize {
        (self.dev(dev).mtu as usize).min(IP_MAX_MTU)
    }

    /// dst_mtu of the route to `dst` through `dev`/`nexthop`: the learned
    /// path MTU if there is one, else the device's.
    pub(crate) fn route_mtu(&self, ns: NetnsId, dst: Ipv4Addr, dev: DevId, nexthop: Ipv4Addr) -> usize {
        let gateway = (nexthop != dst).then_some(nexthop);
        match self.netns(ns).pmtu.get(dst, dev, gateway, self.now) {
            Some(e) => (e.mtu as usize).min(IP_MAX_MTU),
            None => self.dev_ip_mtu(dev),
        }
    }

    /// The path MTU towards `dst` as a local socket sees it (`dst_mtu` of
    /// its output route).
    pub(crate) fn path_mtu(&self, ns: NetnsId, dst: Ipv4Addr) -> Result<usize, Errno> {
        let (dev, nexthop) = self.route_output(ns, dst, None)?;
        Ok(self.route_mtu(ns, dst, dev, nexthop))
    }

    /// The learned path MTU towards `dst` on its current route
    /// (`ip route get`'s `cache expires … mtu …`).
    pub fn pmtu_exception(&self, ns: NetnsId, dst: Ipv4Addr) -> Option<super::frag::PmtuEntry> {
        let (dev, nexthop) = self.route_output(ns, dst, None).ok()?;
        self.netns(ns).pmtu.get(dst, dev, (nexthop != dst).then_some(nexthop), self.now)
    }

    /// ipv4_update_pmtu: an ICMP fragmentation needed about a packet of
    /// ours to `dst` reported `mtu`.
    fn update_pmtu(&mut self, ns: NetnsId, dst: Ipv4Addr, mtu: u32) {
        let Ok((dev, nexthop)) = self.route_output(ns, dst, None) else { return };
        if self.dev(dev).is_loopback() {
            return;
        }
        let current = self.route_mtu(ns, dst, dev, nexthop) as u32;
        let now = self.now;
        self.netns_mut(ns).pmtu.update(dst, dev, (nexthop != dst).then_some(nexthop), current, mtu, now);
    }

    /// Route a locally generated packet (ip_route_output): (device, next hop).
    ///
    /// With an output device (`SO_BINDTODEVICE`, a vxlan `dev`), that device
    /// must be up (else ENETUNREACH), only routes through it count, and when
    /// none matches the destination is assumed to be on its link
    /// (ip_route_output_key_hash_rcu: "routing tables are wrong").
    pub(crate) fn route_output(&self, ns: NetnsId, dst: Ipv4Addr, oif: Option<DevId>) -> Result<(DevId, Ipv4Addr), Errno> {
        if let Some(o) = oif {
            if !self.dev_try(o).is_some_and(|d| d.admin_up) {
                return Err(Errno::ENETUNREACH);
            }
            if dst == Ipv4Addr::BROADCAST {
                return Ok((o, dst));
            }
        }
        let Some(rt) = self.route_lookup(ns, dst, oif) else {
            return match oif {
                Some(o) => Ok((o, dst)),
                None => Err(Errno::ENETUNREACH),
            };
        };
        // An accepted ICMP redirect replaces the route's gateway.
        if let (RouteType::Unicast, Some(d), Some(gw)) = (rt.kind, rt.dev, rt.gateway)
            && let Some(new_gw) = self.netns(ns).redirects.nexthop(dst, d, gw, self.now)
        {
            return Ok((d, new_gw));
        }
        match rt.kind {
            RouteType::Local => {
                let lo = self.dev_by_name(ns, "lo").ok_or(Errno::ENETUNREACH)?;
                Ok((lo, dst))
            }
            RouteType::Unicast | RouteType::Broadcast | RouteType::Multicast => match rt.dev {
                Some(d) => Ok((d, rt.gateway.unwrap_or(dst))),
                None => Err(Errno::ENETUNREACH),
            },
            RouteType::Unreachable => Err(Errno::EHOSTUNREACH),
            RouteType::Prohibit => Err(Errno::EACCES),
            RouteType::Blackhole => Err(Errno::EINVAL),
            _ => Err(Errno::ENETUNREACH),
        }
    }

    /// ip_local_out: route, OUTPUT hook (re-routing after DNAT), output.
    pub(crate) fn ip_local_out(&mut self, ns: NetnsId, mut skb: Skb, oif: Option<DevId>) -> Result<(), Errno> {
        let Ok(ip) = Ipv4Packet::new_checked(skb.l3()) else { return Err(Errno::EINVAL) };
        let dst = ip.dst_addr();
        let (dev, _) = self.route_output(ns, dst, oif)?;
        self.hop(ns, Some(dev), HopKind::Send, |k| format!("sent by a local socket, routed out {}", k.dev(dev).name), skb.l3(), false);
        match self.nf_hook(ns, Hook::Output, &mut skb, None, Some(dev), None) {
            HookVerdict::Accept => {}
            HookVerdict::Stolen => return Ok(()),
            _ => return Err(Errno::EPERM),
        }
        // ip_route_me_harder: the destination may have changed (DNAT).
        let Ok(ip) = Ipv4Packet::new_checked(skb.l3()) else { return Err(Errno::EINVAL) };
        let new_dst = ip.dst_addr();
        let (dev, nexthop) = self.route_output(ns, new_dst, if new_dst == dst { oif } else { None })?;
        if new_dst != dst {
            self.hop(ns, Some(dev), HopKind::Route, |k| format!("re-routed after NAT: {new_dst} is reached via {}", k.dev(dev).name), skb.l3(), false);
        }
        // __mkroute_output: a 127.0.0.0/8 source may only leave through a
        // loopback device, or one with route_localnet on.
        let src = ip.src_addr();
        let conf = crate::kernel::sysctl::effective(&self.netns(ns).sysctl.conf_all, &self.dev(dev).conf);
        if src.is_loopback() && !self.dev(dev).is_loopback() && !conf.route_localnet {
            self.hop(
                ns,
                Some(dev),
                HopKind::Drop,
                |k| format!("dropped: source {src} may not leave through {} (route_localnet=0)", k.dev(dev).name),
                skb.l3(),
                false,
            );
            return Err(Errno::EINVAL);
        }
        self.ip_output(ns, dev, nexthop, skb);
        Ok(())
    }

    /// Build an IPv4 packet around an L4 payload and send it from a local
    /// socket with its `IP_MTU_DISCOVER` setting. `src` unspecified =
    /// choose by route.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn ip_send_l4(
        &mut self,
        ns: NetnsId,
        src: Ipv4Addr,
        dst: Ipv4Addr,
        protocol: u8,
        l4: &L4<'_>,
        ident: u16,
        pmtudisc: PmtuDisc,
        tos: u8,
    ) -> Result<(), Errno> {
        self.ip_send_l4_ttl(ns, src, dst, protocol, l4, ident, pmtudisc, tos, None, None, None)
    }

    /// [`Kernel::ip_send_l4`] with an explicit TTL.
    ///
    /// TCP builds its own segments (`ip_queue_xmit`): DF unless the socket
    /// said `IP_PMTUDISC_DONT`, and never fragmented locally. Datagram
    /// sockets go through `ip_append_data` ([`Kernel::ip_datagram_df`]).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn ip_send_l4_ttl(
        &mut self,
        ns: NetnsId,
        src: Ipv4Addr,
        dst: Ipv4Addr,
        protocol: u8,
        l4: &L4<'_>,
        ident: u16,
        pmtudisc: PmtuDisc,
        tos: u8,
        ttl: Option<u8>,
        hash: Option<u32>,
        oif: Option<DevId>,
    ) -> Result<(), Errno> {
        let src = if src.is_unspecified() { self.output_src(ns, dst, oif)? } else { src };
        let len = 20 + l4.buffer_len();
        let dont_frag =
            if protocol == proto::TCP { pmtudisc != PmtuDisc::Dont } else { self.ip_datagram_df(ns, dst, len, pmtudisc).map_err(|_| Errno::EMSGSIZE)? };
        let ttl = ttl.unwrap_or(self.netns(ns).sysctl.ip_default_ttl);
        let repr = Ipv4Repr { src_addr: src, dst_addr: dst, protocol, payload_len: l4.buffer_len(), ttl, ident, dont_frag, tos };
        let frame = crate::wire::build::frame_ipv4(crate::wire::EthernetAddress([0; 6]), crate::wire::EthernetAddress([0; 6]), &repr, l4);
        let mut skb = Skb::from_frame(frame, 0);
        skb.hash = hash;
        // ip_sk_ignore_df: only IP_PMTUDISC_DO (and TCP) insist on DF.
        skb.ignore_df = protocol != proto::TCP && pmtudisc != PmtuDisc::Do;
        self.ip_local_out(ns, skb, oif)
    }

    /// ip_append_data's size check for a datagram of `len` bytes (header
    /// included) to `dst`: whether it gets DF, or `Err(mtu)`, the path MTU
    /// `ip_local_error` reports with EMSGSIZE. Without `IP_PMTUDISC_DO`
    /// anything up to 65535 bytes goes (fragmented if needed, then without
    /// DF).
    pub(crate) fn ip_datagram_df(&self, ns: NetnsId, dst: Ipv4Addr, len: usize, pmtudisc: PmtuDisc) -> Result<bool, usize> {
        let mtu = self.path_mtu(ns, dst).unwrap_or(IP_MAX_MTU);
        let max = if pmtudisc == PmtuDisc::Do { mtu } else { IP_MAX_MTU };
        if len > max {
            return Err(mtu);
        }
        Ok(pmtudisc == PmtuDisc::Do || (pmtudisc == PmtuDisc::Want && len <= mtu))
    }

    // ----- ICMP ----------------------------------------------------------------------

    fn icmp_rcv(&mut self, ns: NetnsId, dev: DevId, skb: Skb) {
        let Ok(ip) = Ipv4Packet::new_checked(skb.l3()) else { return };
        let (src, dst, ttl) = (ip.src_addr(), ip.dst_addr(), ip.ttl());
        let Ok(icmp) = IcmpPacket::new_checked(ip.payload()) else { return };
        if !icmp.verify_checksum() {
            return;
        }
        let Ok(repr) = IcmpRepr::parse(&icmp) else { return };
        let now = self.now;
        match repr {
            IcmpRepr::EchoRequest { ident, seq_no, data } => {
                // icmp_rcv: with icmp_echo_ignore_broadcasts, echo requests to
                // any broadcast (255.255.255.255 or a subnet's) or multicast
                // address are dropped.
                let to_broadcast = dst.is_multicast() || self.is_broadcast_route(ns, dst, None);
                if self.netns(ns).sysctl.icmp_echo_ignore_all || (to_broadcast && self.netns(ns).sysctl.icmp_echo_ignore_broadcasts) {
                    return;
                }
                self.hop(ns, Some(dev), HopKind::Deliver, |_| "ICMP echo request: answering".into(), skb.l3(), false);
                let reply = IcmpRepr::EchoReply { ident, seq_no, data };
                let rsrc = if self.is_local_addr(ns, dst) { dst } else { Ipv4Addr::UNSPECIFIED };
                let id = self.port_rng.next_u32() as u16;
                // The ICMP socket is IP_PMTUDISC_DONT: big replies are fragmented.
                let _ = self.ip_send_l4(ns, rsrc, src, proto::ICMP, &L4::Icmp(&reply), id, PmtuDisc::Dont, 0);
            }
            IcmpRepr::EchoReply { ident, seq_no, data } => {
                if let Some(&s) = self.netns(ns).sockets.ping.get(&ident) {
                    if let Some(SockKind::Ping(p)) = self.netns_mut(ns).sockets.get_mut(s).map(|x| &mut x.kind) {
                        p.rx.push_back(PingEvent::Reply { from: src, seq: seq_no, ttl, len: data.len() + 8, at: now });
                    }
                    self.hop(ns, Some(dev), HopKind::Deliver, |_| "ICMP echo reply delivered to ping".into(), skb.l3(), false);
                    self.sock_wake(ns, s);
                }
            }
            IcmpRepr::DstUnreachable { code, mtu, original } => self.icmp_error_to_socket(ns, src, 3, code, u32::from(mtu), original),
            // icmp_unreach: a reassembly timeout is never reported to sockets.
            IcmpRepr::TimeExceeded { code: 1, .. } => {}
            IcmpRepr::TimeExceeded { code, original } => self.icmp_error_to_socket(ns, src, 11, code, 0, original),
            IcmpRepr::Other { msg_type: crate::wire::icmp::TYPE_REDIRECT, code, rest } => self.icmp_rcv_redirect(ns, dev, src, code, rest),
            _ => {}
        }
    }

    /// Report an ICMP error to the socket whose packet it quotes (`info`:
    /// the next-hop MTU of a fragmentation needed). Fragmentation needed
    /// also lowers the path MTU to the quoted destination: always for ICMP
    /// (icmp_err), for UDP and TCP when a socket owns the packet.
    fn icmp_error_to_socket(&mut self, ns: NetnsId, from: Ipv4Addr, icmp_type: u8, code: u8, info: u32, original: &[u8]) {
        if original.len() < 20 {
            return;
        }
        let inner = Ipv4Packet::new_unchecked(original);
        let hl = usize::from(inner.header_len());
        if hl < 20 || hl > original.len() {
            return;
        }
        let (isrc, idst, iproto) = (inner.src_addr(), inner.dst_addr(), inner.protocol());
        let l4 = original.get(hl..).unwrap_or(&[]);
        let now = self.now;
        let frag_needed = icmp_type == 3 && code == 4;
        match iproto {
            proto::ICMP if l4.len() >= 8 => {
                if frag_needed {
                    self.update_pmtu(ns, idst, info);
                }
                let ident = u16::from_be_bytes([l4[4], l4[5]]);
                let seq = u16::from_be_bytes([l4[6], l4[7]]);
                let ping = if l4[0] == 8 { self.netns(ns).sockets.ping.get(&ident).copied() } else { None };
                if let Some(s) = ping {
                    if let Some(SockKind::Ping(p)) = self.netns_mut(ns).sockets.get_mut(s).map(|x| &mut x.kind) {
                        p.rx.push_back(PingEvent::Error { from, seq, icmp_type, code, info, at: now });
                    }
                    self.sock_wake(ns, s);
                }
            }
            proto::UDP if l4.len() >= 4 => {
                let (sport, dport) = (u16::from_be_bytes([l4[0], l4[1]]), u16::from_be_bytes([l4[2], l4[3]]));
                // __udp4_lib_err without IP_RECVERR: only connected sockets
                // hear about errors, and only fatal ones (host/net
                // unreachable and time exceeded are soft: ignored);
                // fragmentation needed is EMSGSIZE for a socket doing PMTU
                // discovery (UDP sockets default to IP_PMTUDISC_WANT).
                let (errno, fatal) = icmp_errno(icmp_type, code);
                let hard = icmp_type == 3 && (fatal || frag_needed);
                let s = self.netns(ns).sockets.udp_lookup(isrc, sport);
                if let Some(s) = s {
                    if frag_needed {
                        self.update_pmtu(ns, idst, info);
                    }
                    if let Some(SockKind::Udp(u)) = self.netns_mut(ns).sockets.get_mut(s).map(|x| &mut x.kind) {
                        if hard && u.remote == Some((idst, dport)) {
                            u.errors.push_back(errno);
                        }
                    }
                    self.sock_wake(ns, s);
                }
            }
            proto::TCP if l4.len() >= 4 => {
                let (sport, dport) = (u16::from_be_bytes([l4[0], l4[1]]), u16::from_be_bytes([l4[2], l4[3]]));
                let key = (isrc, sport, idst, dport);
                if let Some(&s) = self.netns(ns).sockets.tcp_conns.get(&key) {
                    if frag_needed {
                        self.update_pmtu(ns, idst, info);
                        let mtu = self.path_mtu(ns, idst).unwrap_or(IP_MAX_MTU) as u32;
                        self.tcp_mtu_reduced(ns, s, mtu);
                        return;
                    }
                    // tcp_v4_err: any destination unreachable (but fragmentation
                    // needed, a PMTU update) or time exceeded aborts a
                    // connection still opening; an established one only
                    // records it as a soft error, which mesh does not model.
                    let aborts = (icmp_type == 3 && code != 4 && code <= 15) || icmp_type == 11;
                    if let Some(t) = self.netns_mut(ns).sockets.tcp_mut(s) {
                        let opening = t.state == crate::kernel::tcp::TcpState::SynSent;
                        if opening && aborts {
                            t.error = Some(icmp_errno(icmp_type, code).0);
                            t.state = crate::kernel::tcp::TcpState::Closed;
                        }
                    }
                    self.sock_wake(ns, s);
                }
            }
            _ => {}
        }
    }

    /// icmp_send: an ICMP error about `orig_l3`, sent back to its source.
    /// ip_rt_send_redirect's icmp_send: a host redirect to `gateway` for
    /// the forwarded packet `orig_l3`, from the router's address towards
    /// its sender.
    fn icmp_send_redirect(&mut self, ns: NetnsId, orig_l3: &[u8], gateway: Ipv4Addr) {
        let Ok(ip) = Ipv4Packet::new_checked(orig_l3) else { return };
        let (src, dst) = (ip.src_addr(), ip.dst_addr());
        if src.is_unspecified() || src.is_multicast() || dst.is_multicast() || dst == Ipv4Addr::BROADCAST || ip.frag_offset() != 0 {
            return;
        }
        let mut rest = gateway.octets().to_vec();
        rest.extend_from_slice(IcmpRepr::error_quote(orig_l3));
        let repr = IcmpRepr::Other { msg_type: crate::wire::icmp::TYPE_REDIRECT, code: 1, rest: &rest };
        let id = self.port_rng.next_u32() as u16;
        self.hop(ns, None, HopKind::Icmp, |_| format!("ICMP redirect sent to {src}: {dst} is reached via {gateway}"), orig_l3, false);
        let _ = self.ip_send_l4(ns, Ipv4Addr::UNSPECIFIED, src, proto::ICMP, &L4::Icmp(&repr), id, PmtuDisc::Dont, 0xc0);
    }

    /// icmp_redirect: tell ping's raw socket (it reads redirects quoting
    /// its requests as packets) and let the route take the new gateway
    /// (__ip_do_redirect, see `redirect.rs`).
    fn icmp_rcv_redirect(&mut self, ns: NetnsId, dev: DevId, from: Ipv4Addr, code: u8, rest: &[u8]) {
        let Some((gw, original)) = rest.split_first_chunk::<4>() else { return };
        let new_gw = Ipv4Addr::from(*gw);
        let Ok(quoted) = Ipv4Packet::new_checked(original) else { return };
        let dst = quoted.dst_addr();
        let l4 = original.get(usize::from(quoted.header_len())..).unwrap_or(&[]);
        if quoted.protocol() == proto::ICMP && l4.len() >= 8 && l4[0] == crate::wire::icmp::TYPE_ECHO_REQUEST {
            let ident = u16::from_be_bytes([l4[4], l4[5]]);
            let seq = u16::from_be_bytes([l4[6], l4[7]]);
            if let Some(&s) = self.netns(ns).sockets.ping.get(&ident) {
                if let Some(SockKind::Ping(p)) = self.netns_mut(ns).sockets.get_mut(s).map(|x| &mut x.kind) {
                    p.rx.push_back(PingEvent::Redirect { from, dst, seq, code, gateway: new_gw });
                }
                self.sock_wake(ns, s);
            }
        }
        if code > 3 {
            return;
        }
        // The redirect must come from the gateway we use for `dst`.
        let Ok((out, old_gw)) = self.route_output(ns, dst, None) else { return };
        if old_gw != from || old_gw == dst {
            return;
        }
        let all = self.netns(ns).sysctl.conf_all;
        let conf = self.dev(dev).conf;
        let forwarding = crate::kernel::sysctl::effective(&all, &conf).forwarding;
        let accept = if forwarding { all.accept_redirects && conf.accept_redirects } else { all.accept_redirects || conf.accept_redirects };
        let unicast = !new_gw.is_unspecified()
            && !new_gw.is_multicast()
            && new_gw != Ipv4Addr::BROADCAST
            && !self.is_local_addr(ns, new_gw)
            && !self.is_broadcast_route(ns, new_gw, None);
        if new_gw == old_gw || !accept || !unicast {
            self.hop(ns, Some(dev), HopKind::Drop, |_| format!("ICMP redirect from {from} to {new_gw} ignored"), original, false);
            return;
        }
        if !self.neigh_valid(ns, out, new_gw) {
            self.hop(ns, Some(out), HopKind::Neigh, |_| format!("ICMP redirect to {new_gw}: resolving it first"), original, false);
            self.neigh_resolve(out, new_gw);
            return;
        }
        let now = self.now;
        self.netns_mut(ns).redirects.accept(dst, out, old_gw, new_gw, now);
        self.hop(ns, Some(dev), HopKind::Route, |_| format!("ICMP redirect accepted: {dst} is now reached via {new_gw}"), original, false);
    }

    pub(crate) fn icmp_send_error(&mut self, ns: NetnsId, orig_l3: &[u8], icmp_type: u8, code: u8, mtu: u16, in_dev: Option<DevId>) {
        let Ok(ip) = Ipv4Packet::new_checked(orig_l3) else { return };
        let (src, dst) = (ip.src_addr(), ip.dst_addr());
        // Never about ICMP errors, broadcasts, multicasts or non-first fragments.
        if src.is_unspecified() || src.is_multicast() || dst.is_multicast() || dst == Ipv4Addr::BROADCAST || ip.frag_offset() != 0 {
            return;
        }
        if ip.protocol() == proto::ICMP {
            if let Some(t) = ip.payload().first() {
                if !matches!(*t, 0 | 8 | 13 | 14 | 15 | 16 | 17 | 18) {
                    return;
                }
            }
        }
        let original = IcmpRepr::error_quote(orig_l3);
        let repr = match icmp_type {
            11 => IcmpRepr::TimeExceeded { code, original },
            _ => IcmpRepr::DstUnreachable { code, mtu, original },
        };
        // icmpv4_xrlim_allow: limited per destination, unless it leaves
        // through a loopback device.
        let via_loopback = self.route_output(ns, src, None).is_ok_and(|(d, _)| self.dev(d).is_loopback());
        let now = self.now;
        if !via_loopback && !self.netns_mut(ns).redirects.icmp_error_allow(src, icmp_type, code, now) {
            self.hop(ns, None, HopKind::Drop, |_| format!("ICMP {} to {src} rate-limited", icmp_name(icmp_type, code)), orig_l3, false);
            return;
        }
        // Source: the destination if it is ours, else chosen by route towards the sender.
        let esrc = if self.is_local_addr(ns, dst) { dst } else { Ipv4Addr::UNSPECIFIED };
        let _ = in_dev;
        let id = self.port_rng.next_u32() as u16;
        self.hop(ns, None, HopKind::Icmp, |_| format!("ICMP {} sent to {src}", icmp_name(icmp_type, code)), orig_l3, false);
        let _ = self.ip_send_l4(ns, esrc, src, proto::ICMP, &L4::Icmp(&repr), id, PmtuDisc::Dont, 0xc0);
    }

    // ----- UDP ---------------------------------------------------------------------

    fn udp_rcv(&mut self, ns: NetnsId, dev: DevId, skb: Skb) {
        let Ok(ip) = Ipv4Packet::new_checked(skb.l3()) else { return };
        let (src, dst) = (ip.src_addr(), ip.dst_addr());
        let Ok(udp) = UdpPacket::new_checked(ip.payload()) else { return };
        if !udp.verify_checksum(src, dst) {
            self.hop(ns, Some(dev), HopKind::Drop, |_| "bad UDP checksum".into(), skb.l3(), false);
            return;
        }
        let (sport, dport) = (udp.src_port(), udp.dst_port());
        if self.vxlan_rcv(ns, skb.l3()) {
            return;
        }
        match self.netns(ns).sockets.udp_lookup(dst, dport) {
            Some(s) => {
                let data = udp.payload().to_vec();
                if let Some(SockKind::Udp(u)) = self.netns_mut(ns).sockets.get_mut(s).map(|x| &mut x.kind) {
                    u.rx.push_back(Datagram { from: (src, sport), to: (dst, dport), data });
                }
                self.hop(ns, Some(dev), HopKind::Deliver, |_| format!("delivered to the UDP socket on port {dport}"), skb.l3(), false);
                self.sock_wake(ns, s);
            }
            None => {
                if dst == Ipv4Addr::BROADCAST
                    || dst.is_multicast()
                    || self.netns(ns).routes.table(crate::kernel::route::TABLE_LOCAL).any(|r| r.kind == RouteType::Broadcast && r.dst.addr == dst)
                {
                    return;
                }
                self.hop(ns, Some(dev), HopKind::Drop, |_| format!("no UDP socket on port {dport}: ICMP port unreachable"), skb.l3(), false);
                let l3 = skb.l3().to_vec();
                self.icmp_send_error(ns, &l3, 3, 3, 0, Some(dev));
            }
        }
    }

    /// Send a UDP datagram from `local` (address may be unspecified).
    pub(crate) fn udp_output(&mut self, ns: NetnsId, local: (Ipv4Addr, u16), dst: (Ipv4Addr, u16), data: &[u8]) -> Result<(), Errno> {
        let repr = UdpRepr { src_port: local.1, dst_port: dst.1 };
        let id = self.port_rng.next_u32() as u16;
        self.ip_send_l4(ns, local.0, dst.0, proto::UDP, &L4::Udp(&repr, data), id, PmtuDisc::Want, 0)
    }

    /// The source address of a packet to `dst` from a socket bound to no
    /// address (the route's `src`, else inet_select_addr on its device).
    fn output_src(&self, ns: NetnsId, dst: Ipv4Addr, oif: Option<DevId>) -> Result<Ipv4Addr, Errno> {
        let (dev, _) = self.route_output(ns, dst, oif)?;
        let rt = self.route_lookup(ns, dst, oif);
        rt.and_then(|r| r.prefsrc).or_else(|| self.select_src(ns, Some(dev), dst, Scope::Link)).ok_or(Errno::EADDRNOTAVAIL)
    }

    /// Whether `dst` is a broadcast for a socket (RTCF_BROADCAST: the
    /// limited broadcast, or a `broadcast` route such as a subnet's).
    fn is_broadcast_route(&self, ns: NetnsId, dst: Ipv4Addr, oif: Option<DevId>) -> bool {
        dst == Ipv4Addr::BROADCAST || self.route_lookup(ns, dst, oif).is_some_and(|r| r.kind == RouteType::Broadcast)
    }

    /// The destination check ping makes before it starts: `connect()` on a
    /// UDP probe socket (a route and a source address, no packet), bound to
    /// `oif` (`-I DEV`) and allowed to reach a broadcast address only with
    /// `SO_BROADCAST` (`-b`; without it, EACCES). Returns the source address
    /// the kernel chose.
    pub fn ping_connect(&self, ns: NetnsId, dst: Ipv4Addr, oif: Option<DevId>, so_broadcast: bool) -> Result<Ipv4Addr, Errno> {
        let src = self.output_src(ns, dst, oif)?;
        if !so_broadcast && self.is_broadcast_route(ns, dst, oif) {
            return Err(Errno::EACCES);
        }
        Ok(src)
    }

    /// Send an ICMP echo request from ping's raw socket (with `ttl`, `-t`,
    /// and `pmtudisc`, `-M`).
    #[allow(clippy::too_many_arguments)]
    pub fn ping_send(
        &mut self,
        ns: NetnsId,
        bind: PingBind,
        ident: u16,
        dst: Ipv4Addr,
        seq_no: u16,
        data: &[u8],
        ttl: Option<u8>,
        pmtudisc: PmtuDisc,
    ) -> Result<(), PingSendError> {
        // raw_sendmsg: more than 65535 bytes of ICMP is refused outright.
        if 8 + data.len() > IP_MAX_MTU {
            return Err(PingSendError::Failed(Errno::EMSGSIZE));
        }
        if let Err(mtu) = self.ip_datagram_df(ns, dst, 28 + data.len(), pmtudisc) {
            return Err(PingSendError::MessageTooLong { mtu });
        }
        let repr = IcmpRepr::EchoRequest { ident, seq_no, data };
        let id = self.port_rng.next_u32() as u16;
        self.ip_send_l4_ttl(ns, bind.src, dst, proto::ICMP, &L4::Icmp(&repr), id, pmtudisc, 0, ttl, None, bind.oif).map_err(PingSendError::Failed)
    }

    /// ping's `-I ADDR`: bind the raw socket to a local address (inet_bind
    /// and raw_bind accept local, broadcast and multicast addresses only).
    pub fn ping_bind_addr(&self, ns: NetnsId, addr: Ipv4Addr) -> Result<(), Errno> {
        if addr.is_unspecified() || addr.is_multicast() || self.is_local_addr(ns, addr) || self.is_broadcast_route(ns, addr, None) {
            Ok(())
        } else {
            Err(Errno::EADDRNOTAVAIL)
        }
    }
}

/// What ping's raw socket is bound to: a source address (`-I ADDR`,
/// unspecified = chosen per packet) and a device (`-I DEV`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PingBind {
    pub src: Ipv4Addr,
    pub oif: Option<DevId>,
}

impl PingBind {
    /// Not bound: the route chooses device and source.
    pub const NONE: PingBind = PingBind { src: Ipv4Addr::UNSPECIFIED, oif: None };
}

/// Why ping's `sendto` failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PingSendError {
    /// EMSGSIZE, with a local error on the socket's error queue
    /// (`IP_RECVERR`) carrying the path MTU: `ping: local error: message
    /// too long, mtu=1450`.
    MessageTooLong { mtu: usize },
    /// Any other failure: nothing on the error queue.
    Failed(Errno),
}

/// ip_exceeds_mtu: a forwarded packet over the MTU must be refused
/// (fragmentation needed) only with DF, and then unless it was reassembled
/// here from fragments that each fit (`ignore_df`, `frag_max_size`).
fn exceeds_mtu(skb: &Skb, df: bool, len: usize, mtu: usize) -> bool {
    if len <= mtu || !df {
        return false;
    }
    usize::from(skb.frag_max_size) > mtu || !skb.ignore_df
}

/// The errno an ICMP error becomes on a socket, and whether it is fatal
/// (`icmp_err_convert` in net/ipv4/icmp.c; time exceeded is EHOSTUNREACH,
/// not fatal).
fn icmp_errno(icmp_type: u8, code: u8) -> (Errno, bool) {
    match (icmp_type, code) {
        (3, 0) => (Errno::ENETUNREACH, false),
        (3, 1) => (Errno::EHOSTUNREACH, false),
        (3, 2) => (Errno::ENOPROTOOPT, true),
        (3, 3) => (Errno::ECONNREFUSED, true),
        (3, 4) => (Errno::EMSGSIZE, false),
        (3, 5) => (Errno::EOPNOTSUPP, false),
        (3, 6) => (Errno::ENETUNREACH, true),
        (3, 7) => (Errno::EHOSTDOWN, true),
        (3, 8) => (Errno::ENONET, true),
        (3, 9) => (Errno::ENETUNREACH, true),
        (3, 10) => (Errno::EHOSTUNREACH, true),
        (3, 11) => (Errno::ENETUNREACH, false),
        (3, 12) => (Errno::EHOSTUNREACH, false),
        (3, 13..=15) => (Errno::EHOSTUNREACH, true),
        _ => (Errno::EHOSTUNREACH, false),
    }
}

pub(crate) fn icmp_name(t: u8, c: u8) -> &'static str {
    match (t, c) {
        (3, 0) => "net unreachable",
        (3, 1) => "host unreachable",
        (3, 2) => "protocol unreachable",
        (3, 3) => "port unreachable",
        (3, 4) => "fragmentation needed",
        (3, 9) => "net prohibited",
        (3, 10) => "host prohibited",
        (3, 13) => "administratively prohibited",
        (11, 0) => "time exceeded in transit",
        (11, 1) => "fragment reassembly time exceeded",
        _ => "error",
    }
}
