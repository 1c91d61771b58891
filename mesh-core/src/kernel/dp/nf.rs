//! The netfilter hook glue: where the datapath calls the iptables tables,
//! connection tracking, NAT and IPVS, in Linux's priority order.
//!
//! | hook        | order (priority)                                                        |
//! |-------------|-------------------------------------------------------------------------|
//! | PREROUTING  | raw (-300), conntrack (-200), mangle (-150), nat/DNAT (-100)           |
//! | INPUT       | mangle (-150), filter (0), IPVS (98/99), nat/SNAT (100), confirm        |
//! | FORWARD     | mangle (-150), filter (0), IPVS replies (100)                           |
//! | OUTPUT      | raw, conntrack, mangle, nat/DNAT (-100), IPVS (-99/-98), filter (0)     |
//! | POSTROUTING | mangle (-150), nat/SNAT (100), confirm                                  |
//!
//! The nat table is consulted only for a connection's first packet
//! (`nf_nat_initialized`); later packets get the stored binding applied in
//! both directions. Connection tracking runs in a namespace only once
//! something there needs it — the nat table, a stateful match, or IPVS with
//! `net.ipv4.vs.conntrack=1` — as `nf_ct_netns_get` registers its hooks
//! on demand.

use std::net::Ipv4Addr;

use super::Skb;
use crate::conntrack::{Conntrack, Tracked};
use crate::kernel::route::TABLE_LOCAL;
use crate::kernel::{DevId, INIT_NETNS, Kernel, NetnsId, RouteType};
use crate::net::{CtDir, CtState, Hook, Manip, NatRange};
use crate::netfilter::{AddrType, CtInfo, NatTarget, NfEnv, NfPacket, NfVerdict, RejectWith, TableName};
use crate::sim::trace::{HopDetail, HopKind, RuleEval};

/// A packet's conntrack entry, as the skb carries it (`skb->_nfct`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SkbCt {
    pub id: crate::conntrack::CtId,
    pub dir: CtDir,
    pub state: CtState,
}

/// What a hook decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HookVerdict {
    Accept,
    Drop,
    /// Taken over (IPVS re-sends it itself).
    Stolen,
}

/// The route type of an address as `inet_addr_type` sees it: from the local
/// table, unicast when absent there.
pub fn addr_type(k: &Kernel, ns: NetnsId, ip: Ipv4Addr) -> AddrType {
    if ip.is_unspecified() || ip == Ipv4Addr::BROADCAST {
        return AddrType::Broadcast;
    }
    if ip.is_multicast() {
        return AddrType::Multicast;
    }
    let n = k.netns(ns);
    let mut best: Option<&crate::kernel::Route> = None;
    for r in n.routes.table(TABLE_LOCAL) {
        if r.dst.contains(ip) && best.is_none_or(|b| r.dst.prefix_len > b.dst.prefix_len) {
            best = Some(r);
        }
    }
    match best.map(|r| r.kind) {
        Some(RouteType::Local) => AddrType::Local,
        Some(RouteType::Broadcast) => AddrType::Broadcast,
        Some(RouteType::Multicast) => AddrType::Multicast,
        Some(RouteType::Blackhole) => AddrType::Blackhole,
        Some(RouteType::Unreachable) => AddrType::Unreachable,
        Some(RouteType::Prohibit) => AddrType::Prohibit,
        Some(RouteType::Anycast) => AddrType::Anycast,
        _ => AddrType::Unicast,
    }
}

impl Kernel {
    /// Whether conntrack runs in this namespace.
    pub(crate) fn ct_enabled(&self, ns: NetnsId) -> bool {
        let n = self.netns(ns);
        n.netfilter.uses_conntrack() || (n.sysctl.ip_vs && n.sysctl.vs_conntrack)
    }

    /// Run every registered function at `hook` for `skb` in `ns`.
    /// `physdev` is the bridge port when br_netfilter calls the hook.
    pub(crate) fn nf_hook(
        &mut self,
        ns: NetnsId,
        hook: Hook,
        skb: &mut Skb,
        in_dev: Option<DevId>,
        out_dev: Option<DevId>,
        physdev: Option<DevId>,
    ) -> HookVerdict {
        let _ = physdev;
        let v = match hook {
            Hook::Prerouting => self
                .table(ns, TableName::Raw, hook, skb, in_dev, out_dev)
                .and_then(|_| self.ct_in(ns, skb))
                .and_then(|_| self.table(ns, TableName::Mangle, hook, skb, in_dev, out_dev))
                .and_then(|_| self.nat_hook(ns, Manip::Dst, hook, skb, in_dev, out_dev)),
            Hook::Input => self
                .table(ns, TableName::Mangle, hook, skb, in_dev, out_dev)
                .and_then(|_| self.table(ns, TableName::Filter, hook, skb, in_dev, out_dev))
                .and_then(|_| self.ipvs_local_in(ns, skb, in_dev))
                .and_then(|_| self.nat_hook(ns, Manip::Src, hook, skb, in_dev, out_dev))
                .and_then(|_| self.ct_confirm(ns, skb)),
            Hook::Forward => self
                .table(ns, TableName::Mangle, hook, skb, in_dev, out_dev)
                .and_then(|_| self.table(ns, TableName::Filter, hook, skb, in_dev, out_dev))
                .and_then(|_| self.ipvs_forward(ns, skb)),
            Hook::Output => self
                .table(ns, TableName::Raw, hook, skb, in_dev, out_dev)
                .and_then(|_| self.ct_in(ns, skb))
                .and_then(|_| self.table(ns, TableName::Mangle, hook, skb, in_dev, out_dev))
                .and_then(|_| self.nat_hook(ns, Manip::Dst, hook, skb, in_dev, out_dev))
                .and_then(|_| self.table(ns, TableName::Filter, hook, skb, in_dev, out_dev)),
            Hook::Postrouting => self
                .table(ns, TableName::Mangle, hook, skb, in_dev, out_dev)
                .and_then(|_| self.nat_hook(ns, Manip::Src, hook, skb, in_dev, out_dev))
                .and_then(|_| self.ct_confirm(ns, skb)),
        };
        match v {
            Ok(()) => HookVerdict::Accept,
            Err(v) => {
                if v == HookVerdict::Drop {
                    self.ct_drop_unconfirmed(ns, skb);
                }
                v
            }
        }
    }

    fn ct_info(&self, ns: NetnsId, skb: &Skb) -> Option<CtInfo> {
        let Some(c) = skb.ct else {
            // A packet raw's NOTRACK (or IPVS without conntrack) exempted
            // carries the kernel's untracked entry: -m state/conntrack see
            // UNTRACKED, not INVALID.
            return skb.notrack.then(CtInfo::untracked);
        };
        let conn = self.netns(ns).conntrack.conn(c.id)?;
        Some(CtInfo {
            state: c.state,
            dir: c.dir,
            orig: conn.orig,
            reply: conn.reply,
            status: conn.status.0,
            mark: conn.mark,
            expires_secs: conn.remaining_secs(self.now) as u32,
        })
    }

    /// Run one table's chain; apply MARK/CONNMARK/LOG; turn DROP/REJECT into
    /// an error. NAT targets are returned to `nat_hook` through `last_nat`.
    fn table(&mut self, ns: NetnsId, table: TableName, hook: Hook, skb: &mut Skb, in_dev: Option<DevId>, out_dev: Option<DevId>) -> Result<(), HookVerdict> {
        self.table_run(ns, table, hook, skb, in_dev, out_dev).map(|_| ())
    }

    fn table_run(
        &mut self,
        ns: NetnsId,
        table: TableName,
        hook: Hook,
        skb: &mut Skb,
        in_dev: Option<DevId>,
        out_dev: Option<DevId>,
    ) -> Result<Option<NatTarget>, HookVerdict> {
        if self.netns(ns).netfilter.is_empty(table, hook) {
            return Ok(None);
        }
        let ct = self.ct_info(ns, skb);
        let mac_header = if in_dev.is_some_and(|d| !self.dev(d).is_loopback()) { skb.buf.get(..super::ETH_HLEN) } else { None };
        let ipvs = self.ipvs_conn_of(ns, skb);
        let mut nf = std::mem::take(&mut self.netns_mut(ns).netfilter);
        let mut rng = std::mem::replace(&mut self.nf_rng, crate::rng::Rng::new(0, ""));
        let tracing = self.tracing;
        let res = {
            let me: &Kernel = self;
            let at = |ip: Ipv4Addr, _dev: Option<&str>| addr_type(me, ns, ip);
            let name = |d: Option<DevId>| d.and_then(|d| me.dev_try(d)).map(|d| d.name.as_str());
            let pkt = NfPacket {
                l3: skb.l3(),
                in_dev: name(in_dev),
                out_dev: name(out_dev),
                mac_header,
                mark: skb.mark,
                ct,
                ipvs_property: skb.ipvs_property,
                ipvs_conn: ipvs,
                nf_trace: skb.nf_trace,
            };
            let mut env = NfEnv { addr_type: &at, rng: &mut rng, trace: tracing };
            nf.run(table, hook, &pkt, &mut env)
        };
        self.nf_rng = rng;
        self.netns_mut(ns).netfilter = nf;
        skb.mark = res.mark;
        skb.nf_trace = res.nf_trace;
        if let (Some(m), Some(c)) = (res.ctmark, skb.ct) {
            self.netns_mut(ns).conntrack.set_mark(c.id, m);
        }
        if res.notrack {
            skb.notrack = true;
        }
        let now = self.now;
        for l in res.log.iter().chain(res.trace_lines.iter()) {
            self.dmesg.push((now, l.clone()));
        }
        if self.tracing && (res.walk.iter().any(|s| s.rule_num > 0) || res.verdict != NfVerdict::Accept) {
            let verdict = match res.verdict {
                NfVerdict::Accept => "ACCEPT".to_string(),
                NfVerdict::Drop => "DROP".to_string(),
                NfVerdict::Reject(r) => format!("REJECT ({r:?})"),
                NfVerdict::Nat(n) => nat_text(&n),
            };
            let matched: Vec<String> = res.walk.iter().filter(|s| s.matched && s.rule_num > 0).map(|s| s.spec.clone()).collect();
            let what = if matched.is_empty() {
                format!("{} {}: no rule matched, {}", table.name(), hook.chain_name(), verdict)
            } else {
                format!("{} {}: {} ({})", table.name(), hook.chain_name(), verdict, matched.join("; "))
            };
            let rules = res
                .walk
                .iter()
                .map(|s| RuleEval {
                    table: s.table.name().to_string(),
                    chain: s.chain.clone(),
                    rule_num: s.rule_num,
                    spec: s.spec.clone(),
                    matched: s.matched,
                    failed_at: s.failed_at.clone(),
                    outcome: s.outcome.clone(),
                })
                .collect();
            let detail = HopDetail { hook: Some(hook.chain_name().to_string()), rules, verdict: Some(verdict), ..HopDetail::default() };
            self.hop_detailed(ns, in_dev.or(out_dev), HopKind::Netfilter, skb.l3(), false, |_| (what, detail));
        }
        match res.verdict {
            NfVerdict::Accept => Ok(None),
            NfVerdict::Nat(t) => Ok(Some(t)),
            NfVerdict::Drop => {
                self.hop(ns, in_dev.or(out_dev), HopKind::Drop, |_| format!("dropped by {} {}", table.name(), hook.chain_name()), skb.l3(), false);
                Err(HookVerdict::Drop)
            }
            NfVerdict::Reject(with) => {
                self.hop(ns, in_dev.or(out_dev), HopKind::Drop, |_| format!("rejected by {} {} ({with:?})", table.name(), hook.chain_name()), skb.l3(), false);
                self.send_reject(ns, skb, with, in_dev);
                Err(HookVerdict::Drop)
            }
        }
    }

    /// REJECT: an ICMP error or a TCP reset back to the sender.
    fn send_reject(&mut self, ns: NetnsId, skb: &Skb, with: RejectWith, in_dev: Option<DevId>) {
        let l3 = skb.l3().to_vec();
        let code = match with {
            RejectWith::IcmpNetUnreachable => 0,
            RejectWith::IcmpHostUnreachable => 1,
            RejectWith::IcmpProtoUnreachable => 2,
            RejectWith::IcmpPortUnreachable => 3,
            RejectWith::IcmpNetProhibited => 9,
            RejectWith::IcmpHostProhibited => 10,
            RejectWith::IcmpAdminProhibited => 13,
            RejectWith::TcpReset => {
                self.nf_send_reset(ns, &l3);
                return;
            }
        };
        self.icmp_send_error(ns, &l3, 3, code, 0, in_dev);
    }

    /// conntrack's hook at PREROUTING and OUTPUT (nf_conntrack_in).
    fn ct_in(&mut self, ns: NetnsId, skb: &mut Skb) -> Result<(), HookVerdict> {
        if skb.ct.is_some() || skb.notrack || !self.ct_enabled(ns) {
            return Ok(());
        }
        let now = self.now;
        // nf_conntrack_max is global: the initial namespace's value limits every table.
        let max = self.netns(INIT_NETNS).sysctl.nf_conntrack_max as usize;
        self.netns_mut(ns).conntrack.max_entries = max;
        let r = self.netns_mut(ns).conntrack.track(skb.l3(), now);
        match r {
            Ok(Tracked::Conn { id, dir, state }) => {
                skb.ct = Some(SkbCt { id, dir, state });
                if self.tracing {
                    let entry = self.netns(ns).conntrack.conn(id).map(|c| crate::conntrack::format_line(c, Some(c.remaining_secs(now)), false, None));
                    let what = match state {
                        CtState::New => "conntrack: new connection".to_string(),
                        CtState::Established => {
                            format!("conntrack: established connection ({} direction)", if dir == CtDir::Original { "original" } else { "reply" })
                        }
                        CtState::Related => "conntrack: related to a tracked connection".to_string(),
                        other => format!("conntrack: {other:?}"),
                    };
                    self.hop_detailed(ns, skb.iif, HopKind::Conntrack, skb.l3(), false, |_| (what, HopDetail { conntrack: entry, ..HopDetail::default() }));
                }
                Ok(())
            }
            Ok(Tracked::Invalid(reason)) => {
                self.hop(ns, skb.iif, HopKind::Conntrack, |_| format!("conntrack: INVALID ({reason})"), skb.l3(), false);
                Ok(())
            }
            Err(e) => {
                if let Some(line) = e.kernel_log(None) {
                    self.hop(ns, skb.iif, HopKind::Drop, |_| line.clone(), skb.l3(), false);
                    self.dmesg.push((now, line));
                }
                Err(HookVerdict::Drop)
            }
        }
    }

    /// nf_confirm at the end of INPUT and POSTROUTING.
    fn ct_confirm(&mut self, ns: NetnsId, skb: &mut Skb) -> Result<(), HookVerdict> {
        let Some(c) = skb.ct else { return Ok(()) };
        let now = self.now;
        match self.netns_mut(ns).conntrack.confirm(c.id, now) {
            Ok(()) => Ok(()),
            Err(crate::conntrack::ConfirmError::Clash) => {
                self.hop(ns, None, HopKind::Drop, |_| "conntrack: insert clash, dropped".into(), skb.l3(), false);
                Err(HookVerdict::Drop)
            }
            Err(_) => Ok(()),
        }
    }

    /// A dropped packet takes its unconfirmed connection with it.
    fn ct_drop_unconfirmed(&mut self, ns: NetnsId, skb: &Skb) {
        if let Some(c) = skb.ct {
            let ct = &mut self.netns_mut(ns).conntrack;
            if ct.conn(c.id).is_some_and(|x| !x.status.has(crate::conntrack::Status::CONFIRMED)) {
                ct.delete(c.id);
            }
        }
    }

    /// The nat hooks (nf_nat_inet_fn): decide the binding on a connection's
    /// first packet, then rewrite every packet.
    fn nat_hook(&mut self, ns: NetnsId, manip: Manip, hook: Hook, skb: &mut Skb, in_dev: Option<DevId>, out_dev: Option<DevId>) -> Result<(), HookVerdict> {
        let Some(c) = skb.ct else { return Ok(()) };
        if !self.netns(ns).netfilter.is_loaded(TableName::Nat) {
            return Ok(());
        }
        if c.state == CtState::Related {
            let mut l3 = skb.l3().to_vec();
            let r = self.netns(ns).conntrack.apply_nat_related(c.id, c.dir, manip, &mut l3);
            return match r {
                Ok(true) => {
                    let before = skb.l3().to_vec();
                    skb.l3_mut().copy_from_slice(&l3);
                    self.hop_detailed(ns, in_dev.or(out_dev), HopKind::Nat, skb.l3(), false, |_| {
                        let (before, after) = (super::flow_of(&before, false), super::flow_of(&l3, false));
                        ("NAT of an ICMP error and the packet it quotes".into(), HopDetail { before, after, ..HopDetail::default() })
                    });
                    Ok(())
                }
                Ok(false) => Ok(()),
                Err(_) => Err(HookVerdict::Drop),
            };
        }
        if c.state == CtState::New && c.dir == CtDir::Original && !self.netns(ns).conntrack.nat_done(c.id, manip) {
            let target = self.table_run(ns, TableName::Nat, hook, skb, in_dev, out_dev)?;
            let range = match target {
                Some(NatTarget::Dnat(r)) | Some(NatTarget::Snat(r)) => Some(r),
                Some(NatTarget::Masquerade(r)) => match self.masquerade_addr(ns, skb, out_dev) {
                    Some(a) => Some(NatRange { flags: r.flags | NatRange::MAP_IPS, min_addr: a, max_addr: a, ..r }),
                    None => return Err(HookVerdict::Drop),
                },
                Some(NatTarget::Redirect(r)) => match self.redirect_addr(ns, hook, in_dev) {
                    Some(a) => Some(NatRange { flags: r.flags | NatRange::MAP_IPS, min_addr: a, max_addr: a, ..r }),
                    None => return Err(HookVerdict::Drop),
                },
                None => None,
            };
            let mut rng = std::mem::replace(&mut self.nf_rng, crate::rng::Rng::new(0, ""));
            let ct: &mut Conntrack = &mut self.netns_mut(ns).conntrack;
            match range {
                Some(r) => {
                    ct.setup_nat(c.id, manip, &r, &mut rng);
                }
                None => {
                    ct.null_binding(c.id, manip, &mut rng);
                }
            }
            self.nf_rng = rng;
        }
        let before = if self.tracing { super::flow_of(skb.l3(), false) } else { None };
        let ns_ct = &self.netns(ns).conntrack;
        let mut l3 = std::mem::take(&mut skb.buf);
        let r = ns_ct.apply_nat(c.id, c.dir, manip, &mut l3[super::ETH_HLEN..]);
        skb.buf = l3;
        match r {
            Ok(true) => {
                if self.tracing {
                    let after = super::flow_of(skb.l3(), false);
                    let what = match (manip, c.dir) {
                        (Manip::Dst, CtDir::Original) => "NAT: destination rewritten (DNAT)",
                        (Manip::Src, CtDir::Original) => "NAT: source rewritten (SNAT)",
                        (Manip::Dst, CtDir::Reply) => "NAT: reply's destination restored (un-SNAT)",
                        (Manip::Src, CtDir::Reply) => "NAT: reply's source restored (un-DNAT)",
                    };
                    let entry = self.netns(ns).conntrack.conn(c.id).map(|x| crate::conntrack::format_line(x, Some(x.remaining_secs(self.now)), false, None));
                    self.hop_detailed(ns, in_dev.or(out_dev), HopKind::Nat, skb.l3(), false, |_| {
                        (what.into(), HopDetail { before, after, conntrack: entry, ..HopDetail::default() })
                    });
                }
                Ok(())
            }
            Ok(false) => Ok(()),
            Err(_) => Err(HookVerdict::Drop),
        }
    }

    /// MASQUERADE: the source address the route out of `out_dev` would pick.
    fn masquerade_addr(&self, ns: NetnsId, skb: &Skb, out_dev: Option<DevId>) -> Option<Ipv4Addr> {
        let dst = crate::wire::Ipv4Packet::new_checked(skb.l3()).ok()?.dst_addr();
        let rt = self.route_lookup(ns, dst, out_dev);
        let nexthop = rt.as_ref().and_then(|r| r.gateway).unwrap_or(dst);
        self.select_src(ns, out_dev.or(rt.and_then(|r| r.dev)), nexthop, crate::kernel::Scope::Global)
    }

    /// REDIRECT: the primary address of the incoming device, or 127.0.0.1
    /// for locally generated packets.
    fn redirect_addr(&self, _ns: NetnsId, hook: Hook, in_dev: Option<DevId>) -> Option<Ipv4Addr> {
        if hook == Hook::Output {
            return Some(Ipv4Addr::LOCALHOST);
        }
        in_dev.and_then(|d| self.dev(d).addrs.first()).map(|a| a.local)
    }
}

fn nat_text(n: &NatTarget) -> String {
    let range = |r: &NatRange| {
        let mut s = String::new();
        if r.has_addr() {
            s.push_str(&r.min_addr.to_string());
            if r.max_addr != r.min_addr {
                s.push_str(&format!("-{}", r.max_addr));
            }
        }
        if r.has_ports() {
            s.push_str(&format!(":{}", r.min_port));
            if r.max_port != r.min_port {
                s.push_str(&format!("-{}", r.max_port));
            }
        }
        s
    };
    match n {
        NatTarget::Dnat(r) => format!("DNAT to:{}", range(r)),
        NatTarget::Snat(r) => format!("SNAT to:{}", range(r)),
        NatTarget::Masquerade(_) => "MASQUERADE".into(),
        NatTarget::Redirect(r) => format!("REDIRECT to port {}", r.min_port),
    }
}

// ----- IPVS ------------------------------------------------------------------------

impl Kernel {
    /// `-m ipvs` sees the IPVS connection of packets IPVS handled.
    fn ipvs_conn_of(&self, ns: NetnsId, skb: &Skb) -> Option<crate::netfilter::IpvsConn> {
        let id = skb.ipvs?;
        let c = self.netns(ns).ipvs.conn(id)?;
        let method = match c.fwd {
            crate::ipvs::FwdMethod::Route => crate::netfilter::IpvsMethod::Gate,
            crate::ipvs::FwdMethod::Tunnel => crate::netfilter::IpvsMethod::Ipip,
            _ => crate::netfilter::IpvsMethod::Masq,
        };
        Some(crate::netfilter::IpvsConn { proto: c.proto, vaddr: c.vaddr, vport: c.vport, method, vportctl: None })
    }

    /// Connections IPVS expired take their conntrack entries with them
    /// (ip_vs_conn_drop_conntrack).
    fn ipvs_reap(&mut self, ns: NetnsId) {
        let now = self.now;
        let gone = self.netns_mut(ns).ipvs.expire(now);
        for c in gone {
            if !c.nfct {
                continue;
            }
            let t = crate::net::Tuple { src: c.caddr, dst: c.vaddr, proto: c.proto, src_port: c.cport, dst_port: c.vport };
            let ct = &mut self.netns_mut(ns).conntrack;
            if let Some((id, _)) = ct.lookup(&t) {
                ct.delete(id);
            }
        }
    }

    /// ip_vs_remote_request4 at LOCAL_IN: schedule or follow a connection,
    /// rewrite the destination (Masq), and re-send the packet through
    /// LOCAL_OUT (the packet is stolen from local delivery).
    fn ipvs_local_in(&mut self, ns: NetnsId, skb: &mut Skb, in_dev: Option<DevId>) -> Result<(), HookVerdict> {
        if skb.ipvs.is_some() || !self.netns(ns).sysctl.ip_vs {
            return Ok(());
        }
        self.ipvs_sync_sysctl(ns);
        self.ipvs_reap(ns);
        let confirmed = skb.ct.and_then(|c| self.netns(ns).conntrack.conn(c.id)).is_some_and(|c| c.status.has(crate::conntrack::Status::CONFIRMED));
        let now = self.now;
        let v = self.netns_mut(ns).ipvs.process_in(skb.l3(), skb.mark, confirmed, now);
        match v {
            crate::ipvs::InVerdict::Accept => Ok(()),
            crate::ipvs::InVerdict::Drop => {
                self.hop(ns, in_dev, HopKind::Drop, |_| "IPVS dropped the packet".into(), skb.l3(), false);
                Err(HookVerdict::Drop)
            }
            crate::ipvs::InVerdict::Reject => {
                self.hop(ns, in_dev, HopKind::Drop, |_| "IPVS: no usable real server, ICMP port unreachable".into(), skb.l3(), false);
                let l3 = skb.l3().to_vec();
                self.icmp_send_error(ns, &l3, 3, 3, 0, in_dev);
                Err(HookVerdict::Drop)
            }
            crate::ipvs::InVerdict::Forward { conn, new } => {
                let Some(c) = self.netns(ns).ipvs.conn(conn).cloned() else { return Err(HookVerdict::Drop) };
                if c.fwd != crate::ipvs::FwdMethod::Masq {
                    // Route/Tunnel need no rewrite of the packet in mesh's model: not modelled.
                    self.hop(ns, in_dev, HopKind::Drop, |_| format!("IPVS forwarding method {:?} is not modelled", c.fwd), skb.l3(), false);
                    return Err(HookVerdict::Drop);
                }
                // __ip_vs_get_out_rt: the route to the real server first.
                let Ok((dev, nexthop)) = self.route_output(ns, c.daddr, None) else {
                    self.hop(ns, in_dev, HopKind::Drop, |_| format!("IPVS: no route to real server {}", c.daddr), skb.l3(), false);
                    return Err(HookVerdict::Drop);
                };
                // decrement_ttl (__ip_vs_get_out_rt): a packet IPVS sends on
                // to a remote real server is forwarded, so its TTL drops.
                if !self.is_local_addr(ns, c.daddr) {
                    let ttl = skb.l3().get(8).copied().unwrap_or(0);
                    if ttl <= 1 {
                        self.hop(ns, in_dev, HopKind::Drop, |_| "IPVS: TTL exceeded on the way to the real server: ICMP time exceeded".into(), skb.l3(), false);
                        let l3 = skb.l3().to_vec();
                        self.icmp_send_error(ns, &l3, 11, 0, 0, in_dev);
                        return Err(HookVerdict::Drop);
                    }
                    let _ = crate::wire::nat::dec_ttl(skb.l3_mut());
                }
                let before = if self.tracing { super::flow_of(skb.l3(), false) } else { None };
                let dport = if c.dport == 0 { c.vport } else { c.dport };
                let l3 = skb.l3_mut();
                let _ = crate::wire::nat::set_addr(l3, Manip::Dst, c.daddr);
                if dport != c.vport {
                    let _ = crate::wire::nat::set_port(l3, Manip::Dst, dport);
                }
                skb.ipvs = Some(conn);
                skb.ipvs_property = true;
                // ip_vs_update_conntrack: the reply now comes from the real server.
                if c.nfct {
                    if let Some(sc) = skb.ct {
                        let ct = &mut self.netns_mut(ns).conntrack;
                        if let Some(orig) = ct.conn(sc.id).map(|x| x.orig) {
                            let reply = crate::net::Tuple { src: c.daddr, dst: orig.src, proto: orig.proto, src_port: dport, dst_port: orig.src_port };
                            ct.alter_reply(sc.id, reply);
                        }
                    }
                } else {
                    skb.ct = None;
                    skb.notrack = true;
                }
                if self.tracing {
                    let svc = if c.fwmark != 0 && self.netns(ns).ipvs.service_id(&crate::ipvs::ServiceKey::Fwmark(c.fwmark)).is_some() {
                        format!("FWM {}", c.fwmark)
                    } else {
                        format!("{} {}:{}", crate::net::proto::name(c.proto).unwrap_or("?").to_uppercase(), c.vaddr, c.vport)
                    };
                    let what = format!(
                        "IPVS {}: {} → real server {}:{} (Masq)",
                        svc,
                        if new { "new connection scheduled" } else { "existing connection" },
                        c.daddr,
                        dport
                    );
                    let after = super::flow_of(skb.l3(), false);
                    let detail = HopDetail { ipvs: Some(format!("{svc} -> {}:{}", c.daddr, c.dport)), before, after, ..HopDetail::default() };
                    self.hop_detailed(ns, in_dev, HopKind::Ipvs, skb.l3(), false, |_| (what, detail));
                }
                // ip_vs_nat_send_or_cont: route to the real server and send through LOCAL_OUT.
                let mut out = std::mem::replace(skb, Skb::from_frame(Vec::new(), 0));
                if self.nf_hook(ns, Hook::Output, &mut out, None, Some(dev), None) == HookVerdict::Accept {
                    self.ip_output(ns, dev, nexthop, out);
                }
                Err(HookVerdict::Stolen)
            }
        }
    }

    /// ip_vs_reply4 at FORWARD: a real server's reply gets the virtual
    /// address back as its source.
    fn ipvs_forward(&mut self, ns: NetnsId, skb: &mut Skb) -> Result<(), HookVerdict> {
        if skb.ipvs.is_some() || !self.netns(ns).sysctl.ip_vs {
            return Ok(());
        }
        self.ipvs_sync_sysctl(ns);
        let now = self.now;
        let v = self.netns_mut(ns).ipvs.process_out(skb.l3(), now);
        if let crate::ipvs::OutVerdict::Snat { conn } = v {
            let Some(c) = self.netns(ns).ipvs.conn(conn).cloned() else { return Ok(()) };
            let before = if self.tracing { super::flow_of(skb.l3(), false) } else { None };
            let l3 = skb.l3_mut();
            let _ = crate::wire::nat::set_addr(l3, Manip::Src, c.vaddr);
            let _ = crate::wire::nat::set_port(l3, Manip::Src, c.vport);
            skb.ipvs = Some(conn);
            skb.ipvs_property = true;
            if self.tracing {
                let after = super::flow_of(skb.l3(), false);
                let what = format!("IPVS: reply from real server {}:{}, source restored to the virtual address {}:{}", c.daddr, c.dport, c.vaddr, c.vport);
                self.hop_detailed(ns, None, HopKind::Ipvs, skb.l3(), false, |_| (what, HopDetail { before, after, ..HopDetail::default() }));
            }
        }
        Ok(())
    }
}
