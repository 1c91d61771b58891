//! A small but real TCP, close to Linux's behaviour on the wire.
//!
//! Modelled: the three-way handshake with Linux's SYN options (MSS from the
//! route MTU, SACK permitted, timestamps, window scale 7) and window values;
//! data transfer with segmentation to the effective MSS; ACKs sent at once in
//! quick-ack mode (the first segments of a connection) and delayed (40 ms)
//! after a FIN in ESTABLISHED (pingpong mode), so the application's FIN can
//! ride on the ACK; orderly release through FIN_WAIT/CLOSE_WAIT/LAST_ACK/
//! TIME_WAIT (60 s); RST for segments to closed ports and for close() with
//! unread data; retransmission with RTO (initial 1 s, min 200 ms, doubling)
//! on the virtual clock, giving up after tcp_syn_retries (6) for SYNs, 5 for
//! SYN-ACKs, 15 for data, with ETIMEDOUT; accept queues with backlog.
//!
//! Not modelled: congestion control (the window is all the sender needs for
//! lab-sized transfers), SACK blocks, out-of-order queues (out-of-order
//! segments are dropped and re-ACKed), Nagle, keepalive, urgent data,
//! TCP Fast Open, syncookies, window growth.

use std::collections::VecDeque;
use std::net::Ipv4Addr;

use super::dp::frag::PmtuDisc;
use super::socket::{SockId, SockKind};
use super::{Errno, KEvent, Kernel, NetnsId};
use crate::net::proto;
use crate::time::Duration;
use crate::wire::{Ipv4Packet, TcpFlags, TcpOptions, TcpPacket, TcpRepr};

/// TCP connection states.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TcpState {
    Closed,
    Listen,
    SynSent,
    SynRecv,
    Established,
    FinWait1,
    FinWait2,
    CloseWait,
    Closing,
    LastAck,
    TimeWait,
}

impl TcpState {
    /// The name `ss` prints.
    pub fn ss_name(self) -> &'static str {
        match self {
            TcpState::Closed => "UNCONN",
            TcpState::Listen => "LISTEN",
            TcpState::SynSent => "SYN-SENT",
            TcpState::SynRecv => "SYN-RECV",
            TcpState::Established => "ESTAB",
            TcpState::FinWait1 => "FIN-WAIT-1",
            TcpState::FinWait2 => "FIN-WAIT-2",
            TcpState::CloseWait => "CLOSE-WAIT",
            TcpState::Closing => "CLOSING",
            TcpState::LastAck => "LAST-ACK",
            TcpState::TimeWait => "TIME-WAIT",
        }
    }
}

pub const TCP_TIMEOUT_INIT: Duration = Duration::from_secs(1);
pub const TCP_RTO_MIN: Duration = Duration::from_millis(200);
pub const TCP_RTO_MAX: Duration = Duration::from_secs(120);
pub const TCP_DELACK: Duration = Duration::from_millis(40);
pub const TCP_TIMEWAIT: Duration = Duration::from_secs(60);
const SYNACK_RETRIES: u32 = 5;
const DATA_RETRIES: u32 = 15;
const MAX_QUICKACKS: u32 = 16;
/// Our window scale (from tcp_rmem[2] = 6 MiB: ilog2(6291456) - 15 = 7).
const RCV_WSCALE: u8 = 7;
/// tcp_win_from_space(tcp_rmem[1] = 131072) with tcp_adv_win_scale 1.
const RCV_SPACE: u32 = 65536;

/// Which TCP timer fired.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TcpTimer {
    Retransmit,
    DelayedAck,
    TimeWait,
}

/// One TCP socket (listener, connection, or TIME_WAIT remnant).
#[derive(Clone, Debug)]
pub struct TcpSock {
    pub state: TcpState,
    pub local: (Ipv4Addr, u16),
    pub remote: (Ipv4Addr, u16),
    /// The listener this connection came from, until accepted.
    pub parent: Option<SockId>,
    pub accept_queue: VecDeque<SockId>,
    pub backlog: u32,
    pub accepted: bool,
    pub iss: u32,
    pub snd_una: u32,
    pub snd_nxt: u32,
    pub snd_wnd: u32,
    pub snd_wscale: u8,
    /// Bytes from `snd_una` on: sent-but-unacknowledged, then unsent.
    pub send_buf: VecDeque<u8>,
    pub fin_queued: bool,
    pub fin_sent: bool,
    pub irs: u32,
    pub rcv_nxt: u32,
    pub rcv_wnd: u32,
    pub recv_buf: Vec<u8>,
    pub peer_fin: bool,
    pub advmss: u16,
    pub peer_mss: u16,
    /// The MSS the path MTU allows, once an ICMP fragmentation needed
    /// lowered it (`tcp_sync_mss`).
    pub path_mss: Option<u16>,
    pub ts_ok: bool,
    pub ts_recent: u32,
    pub ts_offset: u32,
    pub sack_ok: bool,
    pub wscale_ok: bool,
    pub rto: Duration,
    srtt_us: Option<u64>,
    rttvar_us: u64,
    rtt_probe: Option<(u32, crate::time::Instant)>,
    pub retries: u32,
    retrans_gen: u32,
    retrans_armed: bool,
    delack_gen: u32,
    pub ack_pending: bool,
    pub quick: u32,
    pub pingpong: bool,
    pub error: Option<Errno>,
    pub ip_id: u16,
    pub orphan: bool,
    /// `sk_txhash`: the random flow hash of this socket's packets.
    pub txhash: u32,
}

impl TcpSock {
    fn new(local: (Ipv4Addr, u16), remote: (Ipv4Addr, u16)) -> TcpSock {
        TcpSock {
            state: TcpState::Closed,
            local,
            remote,
            parent: None,
            accept_queue: VecDeque::new(),
            backlog: 0,
            accepted: false,
            iss: 0,
            snd_una: 0,
            snd_nxt: 0,
            snd_wnd: 0,
            snd_wscale: 0,
            send_buf: VecDeque::new(),
            fin_queued: false,
            fin_sent: false,
            irs: 0,
            rcv_nxt: 0,
            rcv_wnd: 0,
            recv_buf: Vec::new(),
            peer_fin: false,
            advmss: 536,
            peer_mss: 536,
            path_mss: None,
            ts_ok: false,
            ts_recent: 0,
            ts_offset: 0,
            sack_ok: false,
            wscale_ok: false,
            rto: TCP_TIMEOUT_INIT,
            srtt_us: None,
            rttvar_us: 0,
            rtt_probe: None,
            retries: 0,
            retrans_gen: 0,
            retrans_armed: false,
            delack_gen: 0,
            ack_pending: false,
            quick: 0,
            pingpong: false,
            error: None,
            ip_id: 0,
            orphan: false,
            txhash: 0,
        }
    }

    /// Effective MSS for sending data (peer MSS, path MTU, minus timestamp option).
    fn send_mss(&self) -> usize {
        let m = self.peer_mss.min(self.advmss).min(self.path_mss.unwrap_or(u16::MAX)) as usize;
        if self.ts_ok { m.saturating_sub(12).max(1) } else { m.max(1) }
    }

    /// The window field for a non-SYN segment.
    fn window_field(&self) -> u16 {
        let scale = if self.wscale_ok { RCV_WSCALE } else { 0 };
        let align = 1u32 << scale;
        let w = self.rcv_wnd.div_ceil(align) * align;
        (w >> scale).min(65535) as u16
    }

    /// Bytes in flight or queued that are not yet sent.
    fn unsent(&self) -> usize {
        let inflight = self.snd_nxt.wrapping_sub(self.snd_una) as usize;
        let inflight_data = if self.fin_sent { inflight.saturating_sub(1) } else { inflight };
        self.send_buf.len().saturating_sub(inflight_data)
    }
}

fn seq_lt(a: u32, b: u32) -> bool {
    (a.wrapping_sub(b) as i32) < 0
}
fn seq_le(a: u32, b: u32) -> bool {
    (a.wrapping_sub(b) as i32) <= 0
}

/// The initial receive window: the receive space rounded down to a multiple
/// of the MSS (tcp_select_initial_window), as the SYN and SYN-ACK carry it.
fn initial_window(mss: u32) -> u32 {
    let mss = mss.max(1);
    (RCV_SPACE / mss * mss).min(65535)
}

impl Kernel {
    fn tcp(&self, ns: NetnsId, s: SockId) -> Option<&TcpSock> {
        self.netns(ns).sockets.tcp(s)
    }
    fn tcp_mut(&mut self, ns: NetnsId, s: SockId) -> Option<&mut TcpSock> {
        self.netns_mut(ns).sockets.tcp_mut(s)
    }

    /// The advertised MSS for a connection to `dst` (ipv4_default_advmss):
    /// the output route's MTU − 40 — the learned path MTU if any, else the
    /// device's, so a local address (routed through `lo`) gets 65495 — at
    /// least `min_adv_mss` (256).
    fn tcp_advmss(&self, ns: NetnsId, dst: Ipv4Addr) -> u16 {
        let mtu = self.path_mtu(ns, dst).unwrap_or(1500);
        mtu.saturating_sub(40).clamp(256, 65495) as u16
    }

    /// tcp_v4_mtu_reduced: an ICMP fragmentation needed brought the path
    /// MTU under the connection's segment size. Later segments are smaller,
    /// and what is in flight is sent again at the new size
    /// (tcp_simple_retransmit).
    pub(crate) fn tcp_mtu_reduced(&mut self, ns: NetnsId, s: SockId, mtu: u32) {
        let Some(t) = self.tcp_mut(ns, s) else { return };
        if matches!(t.state, TcpState::Listen | TcpState::Closed) {
            return;
        }
        // tcp_mtu_to_mss: IP and TCP headers off, at least TCP_MIN_SND_MSS.
        let mss = mtu.saturating_sub(40).clamp(48, 65495) as u16;
        if mss >= t.peer_mss.min(t.advmss).min(t.path_mss.unwrap_or(u16::MAX)) {
            return;
        }
        t.path_mss = Some(mss);
        if matches!(t.state, TcpState::SynSent | TcpState::SynRecv) || t.snd_nxt == t.snd_una {
            return;
        }
        t.snd_nxt = t.snd_una;
        t.fin_sent = false;
        t.rtt_probe = None;
        self.tcp_output(ns, s);
    }

    // ----- the application side ------------------------------------------------

    /// listen() on `addr:port` (0.0.0.0 = any).
    pub fn tcp_listen(&mut self, ns: NetnsId, addr: Ipv4Addr, port: u16, backlog: u32) -> Result<SockId, Errno> {
        if !addr.is_unspecified() && !self.is_local_addr(ns, addr) {
            return Err(Errno::EADDRNOTAVAIL);
        }
        let socks = &mut self.netns_mut(ns).sockets;
        let clash = socks.tcp_listen.keys().any(|(a, p)| *p == port && (a.is_unspecified() || addr.is_unspecified() || *a == addr));
        if clash {
            return Err(Errno::EADDRINUSE);
        }
        let mut t = TcpSock::new((addr, port), (Ipv4Addr::UNSPECIFIED, 0));
        t.state = TcpState::Listen;
        t.backlog = backlog.max(1);
        let s = socks.insert(SockKind::Tcp(Box::new(t)), None);
        socks.tcp_listen.insert((addr, port), s);
        Ok(s)
    }

    /// connect(): route, pick source address and port, send the SYN.
    pub fn tcp_connect(&mut self, ns: NetnsId, dst: Ipv4Addr, dport: u16, bind: Option<Ipv4Addr>) -> Result<SockId, Errno> {
        let (out_dev, _) = self.route_output(ns, dst, None)?;
        let Some(rt) = self.route_lookup(ns, dst, None) else {
            return Err(Errno::ENETUNREACH);
        };
        let _ = out_dev;
        let src = match bind.filter(|b| !b.is_unspecified()) {
            Some(b) => b,
            None => match rt.prefsrc.or_else(|| self.select_src(ns, rt.dev, dst, super::Scope::Link)) {
                Some(s) => s,
                None => return Err(Errno::EADDRNOTAVAIL),
            },
        };
        let sport = self.ephemeral_port(ns, proto::TCP)?;
        let advmss = self.tcp_advmss(ns, dst);
        let iss = self.port_rng.next_u32();
        let ts_offset = self.port_rng.next_u32();
        let ip_id = self.port_rng.next_u32() as u16;
        let sys = &self.netns(ns).sysctl;
        let (ts, sack, ws) = (sys.tcp_timestamps, sys.tcp_sack, sys.tcp_window_scaling);
        let mut t = TcpSock::new((src, sport), (dst, dport));
        t.state = TcpState::SynSent;
        t.iss = iss;
        t.snd_una = iss;
        t.snd_nxt = iss.wrapping_add(1);
        t.advmss = advmss;
        t.ts_ok = ts;
        t.sack_ok = sack;
        t.wscale_ok = ws;
        t.ts_offset = ts_offset;
        t.ip_id = ip_id;
        t.txhash = self.port_rng.next_u32();
        t.rcv_wnd = initial_window(u32::from(advmss));
        let socks = &mut self.netns_mut(ns).sockets;
        let s = socks.insert(SockKind::Tcp(Box::new(t)), None);
        socks.tcp_conns.insert((src, sport, dst, dport), s);
        self.tcp_send_syn(ns, s);
        self.tcp_arm_retrans(ns, s);
        Ok(s)
    }

    /// accept(): the next established connection of a listener.
    pub fn tcp_accept(&mut self, ns: NetnsId, listener: SockId) -> Option<SockId> {
        let s = self.tcp_mut(ns, listener)?.accept_queue.pop_front()?;
        if let Some(t) = self.tcp_mut(ns, s) {
            t.parent = None;
            t.accepted = true;
        }
        Some(s)
    }

    pub fn tcp_state(&self, ns: NetnsId, s: SockId) -> TcpState {
        self.tcp(ns, s).map(|t| t.state).unwrap_or(TcpState::Closed)
    }

    pub fn tcp_error(&self, ns: NetnsId, s: SockId) -> Option<Errno> {
        self.tcp(ns, s).and_then(|t| t.error)
    }

    /// Whether the peer has closed its side and everything was read.
    pub fn tcp_eof(&self, ns: NetnsId, s: SockId) -> bool {
        self.tcp(ns, s).is_none_or(|t| t.peer_fin && t.recv_buf.is_empty())
    }

    pub fn tcp_local(&self, ns: NetnsId, s: SockId) -> Option<(Ipv4Addr, u16)> {
        self.tcp(ns, s).map(|t| t.local)
    }

    pub fn tcp_peer(&self, ns: NetnsId, s: SockId) -> Option<(Ipv4Addr, u16)> {
        self.tcp(ns, s).map(|t| t.remote)
    }

    /// Queue bytes for sending; returns how many were accepted.
    pub fn tcp_send(&mut self, ns: NetnsId, s: SockId, data: &[u8]) -> usize {
        let Some(t) = self.tcp_mut(ns, s) else { return 0 };
        if !matches!(t.state, TcpState::Established | TcpState::CloseWait) || t.fin_queued {
            return 0;
        }
        t.send_buf.extend(data);
        self.tcp_output(ns, s);
        data.len()
    }

    /// Take everything received so far.
    pub fn tcp_recv(&mut self, ns: NetnsId, s: SockId) -> Vec<u8> {
        self.tcp_mut(ns, s).map(|t| std::mem::take(&mut t.recv_buf)).unwrap_or_default()
    }

    /// close(): FIN after pending data; RST if unread data remains; listeners
    /// reset their unaccepted connections.
    pub fn tcp_close(&mut self, ns: NetnsId, s: SockId) {
        let Some(t) = self.tcp_mut(ns, s) else { return };
        t.orphan = true;
        match t.state {
            TcpState::Listen => {
                let children: Vec<SockId> = t.accept_queue.drain(..).collect();
                let key = t.local;
                self.netns_mut(ns).sockets.tcp_listen.remove(&key);
                self.netns_mut(ns).sockets.remove(s);
                for c in children {
                    self.tcp_abort(ns, c);
                }
            }
            TcpState::SynSent | TcpState::Closed => self.tcp_destroy(ns, s),
            TcpState::SynRecv | TcpState::Established | TcpState::CloseWait => {
                if !t.recv_buf.is_empty() {
                    self.tcp_abort(ns, s);
                    return;
                }
                t.fin_queued = true;
                t.state = if t.state == TcpState::CloseWait { TcpState::LastAck } else { TcpState::FinWait1 };
                self.tcp_output(ns, s);
            }
            _ => {}
        }
    }

    /// Send RST and forget the connection.
    pub fn tcp_abort(&mut self, ns: NetnsId, s: SockId) {
        let Some(t) = self.tcp(ns, s) else { return };
        if matches!(t.state, TcpState::SynRecv | TcpState::Established | TcpState::CloseWait | TcpState::FinWait1 | TcpState::FinWait2) {
            let seq = t.snd_nxt;
            let ack = t.rcv_nxt;
            self.tcp_xmit(ns, s, TcpFlags::RST | TcpFlags::ACK, seq, Some(ack), &[], false);
        }
        self.tcp_destroy(ns, s);
    }

    fn tcp_destroy(&mut self, ns: NetnsId, s: SockId) {
        self.netns_mut(ns).sockets.remove(s);
    }

    // ----- transmit ------------------------------------------------------------------

    fn tcp_options(&self, t: &TcpSock, syn: bool, synack: bool) -> TcpOptions {
        let now_ms = self.now.as_millis() as u32;
        let mut o = TcpOptions::default();
        if syn {
            o.mss = Some(t.advmss);
            o.sack_permitted = t.sack_ok;
            if t.wscale_ok {
                o.window_scale = Some(RCV_WSCALE);
            }
        }
        if t.ts_ok {
            let ecr = if syn && !synack { 0 } else { t.ts_recent };
            o.timestamps = Some((now_ms.wrapping_add(t.ts_offset), ecr));
        }
        o
    }

    fn tcp_send_syn(&mut self, ns: NetnsId, s: SockId) {
        let Some(t) = self.tcp(ns, s) else { return };
        let seq = t.iss;
        let synack = t.state == TcpState::SynRecv;
        let ack = if synack { Some(t.rcv_nxt) } else { None };
        let flags = if synack { TcpFlags::SYN | TcpFlags::ACK } else { TcpFlags::SYN };
        self.tcp_xmit(ns, s, flags, seq, ack, &[], true);
    }

    /// Build and send one segment from a socket.
    #[allow(clippy::too_many_arguments)]
    fn tcp_xmit(&mut self, ns: NetnsId, s: SockId, flags: TcpFlags, seq: u32, ack: Option<u32>, payload: &[u8], syn_opts: bool) {
        let Some(t) = self.tcp(ns, s) else { return };
        let synack = flags.contains(TcpFlags::SYN) && flags.contains(TcpFlags::ACK);
        let options = self.tcp_options(t, syn_opts, synack);
        let window = if flags.contains(TcpFlags::SYN) {
            let mss = if synack && t.ts_ok { u32::from(t.advmss).saturating_sub(12) } else { u32::from(t.advmss) };
            initial_window(mss) as u16
        } else {
            t.window_field()
        };
        let (src, dst) = (t.local, t.remote);
        // Request sockets and resets go out with IP ID 0; connected sockets count up.
        let id = if synack || flags.contains(TcpFlags::RST) { 0 } else { t.ip_id };
        let repr = TcpRepr { src_port: src.1, dst_port: dst.1, seq, ack, flags, window, options, payload };
        if let Some(t) = self.tcp_mut(ns, s) {
            if !synack && !flags.contains(TcpFlags::RST) {
                t.ip_id = t.ip_id.wrapping_add(1);
            }
            if ack.is_some() {
                t.ack_pending = false;
            }
        }
        let txhash = self.tcp(ns, s).map(|t| t.txhash);
        let _ = self.ip_send_l4_ttl(ns, src.0, dst.0, proto::TCP, &crate::wire::L4::Tcp(&repr), id, PmtuDisc::Want, 0, None, txhash, None);
    }

    /// Send what the window allows: data segments, then the FIN.
    pub(crate) fn tcp_output(&mut self, ns: NetnsId, s: SockId) {
        loop {
            let Some(t) = self.tcp(ns, s) else { return };
            if !matches!(t.state, TcpState::Established | TcpState::CloseWait | TcpState::FinWait1 | TcpState::LastAck | TcpState::Closing) {
                return;
            }
            let unsent = t.unsent();
            let in_flight = t.snd_nxt.wrapping_sub(t.snd_una) as usize;
            let wnd = (t.snd_wnd as usize).max(1);
            if unsent > 0 && in_flight < wnd {
                let off = t.send_buf.len() - unsent;
                let n = unsent.min(t.send_mss()).min(wnd - in_flight);
                let payload: Vec<u8> = t.send_buf.iter().skip(off).take(n).copied().collect();
                let last = n == unsent;
                let with_fin = last && t.fin_queued && !t.fin_sent;
                let mut flags = TcpFlags::ACK;
                if last {
                    flags = flags | TcpFlags::PSH;
                }
                if with_fin {
                    flags = flags | TcpFlags::FIN;
                }
                let seq = t.snd_nxt;
                let ack = t.rcv_nxt;
                let now = self.now;
                if let Some(t) = self.tcp_mut(ns, s) {
                    t.snd_nxt = t.snd_nxt.wrapping_add(n as u32 + u32::from(with_fin));
                    if with_fin {
                        t.fin_sent = true;
                    }
                    if t.rtt_probe.is_none() {
                        t.rtt_probe = Some((t.snd_nxt, now));
                    }
                }
                self.tcp_xmit(ns, s, flags, seq, Some(ack), &payload, false);
                self.tcp_arm_retrans(ns, s);
                continue;
            }
            if unsent == 0 && t.fin_queued && !t.fin_sent {
                let seq = t.snd_nxt;
                let ack = t.rcv_nxt;
                if let Some(t) = self.tcp_mut(ns, s) {
                    t.snd_nxt = t.snd_nxt.wrapping_add(1);
                    t.fin_sent = true;
                }
                self.tcp_xmit(ns, s, TcpFlags::FIN | TcpFlags::ACK, seq, Some(ack), &[], false);
                self.tcp_arm_retrans(ns, s);
            }
            return;
        }
    }

    fn tcp_send_ack(&mut self, ns: NetnsId, s: SockId) {
        let Some(t) = self.tcp(ns, s) else { return };
        let (seq, ack) = (t.snd_nxt, t.rcv_nxt);
        self.tcp_xmit(ns, s, TcpFlags::ACK, seq, Some(ack), &[], false);
    }

    fn tcp_arm_retrans(&mut self, ns: NetnsId, s: SockId) {
        let Some(t) = self.tcp_mut(ns, s) else { return };
        if t.retrans_armed {
            return;
        }
        t.retrans_armed = true;
        t.retrans_gen += 1;
        let (generation, rto) = (t.retrans_gen, t.rto);
        self.schedule(rto, KEvent::TcpTimer { ns, sock: s, timer: TcpTimer::Retransmit, generation });
    }

    fn tcp_rearm_retrans(&mut self, ns: NetnsId, s: SockId) {
        if let Some(t) = self.tcp_mut(ns, s) {
            t.retrans_armed = false;
            t.retrans_gen += 1;
            if t.snd_una == t.snd_nxt {
                return;
            }
        }
        self.tcp_arm_retrans(ns, s);
    }

    fn tcp_schedule_delack(&mut self, ns: NetnsId, s: SockId) {
        let Some(t) = self.tcp_mut(ns, s) else { return };
        t.ack_pending = true;
        t.delack_gen += 1;
        let generation = t.delack_gen;
        self.schedule(TCP_DELACK, KEvent::TcpTimer { ns, sock: s, timer: TcpTimer::DelayedAck, generation });
    }

    /// A TCP timer fired (stale generations are ignored).
    pub(crate) fn tcp_timer(&mut self, ns: NetnsId, s: SockId, timer: TcpTimer, generation: u32) {
        if !self.netns_exists(ns) {
            return;
        }
        let Some(t) = self.tcp(ns, s) else { return };
        match timer {
            TcpTimer::DelayedAck => {
                if t.delack_gen == generation && t.ack_pending {
                    self.tcp_send_ack(ns, s);
                }
            }
            TcpTimer::TimeWait => {
                if t.state == TcpState::TimeWait {
                    self.tcp_destroy(ns, s);
                }
            }
            TcpTimer::Retransmit => {
                if t.retrans_gen != generation || !t.retrans_armed {
                    return;
                }
                if t.snd_una == t.snd_nxt {
                    if let Some(t) = self.tcp_mut(ns, s) {
                        t.retrans_armed = false;
                    }
                    return;
                }
                let limit = match t.state {
                    TcpState::SynSent => u32::from(self.netns(ns).sysctl.tcp_syn_retries),
                    TcpState::SynRecv => SYNACK_RETRIES,
                    _ => DATA_RETRIES,
                };
                if t.retries >= limit {
                    let was_syn = t.state == TcpState::SynSent;
                    if let Some(t) = self.tcp_mut(ns, s) {
                        t.error = Some(Errno::ETIMEDOUT);
                        t.state = TcpState::Closed;
                    }
                    self.sock_wake(ns, s);
                    let orphan = self.tcp(ns, s).is_some_and(|t| t.orphan || t.parent.is_some());
                    if was_syn || orphan {
                        self.netns_mut(ns).sockets.tcp_conns.retain(|_, v| *v != s);
                        if orphan {
                            self.tcp_destroy(ns, s);
                        }
                    }
                    return;
                }
                if let Some(t) = self.tcp_mut(ns, s) {
                    t.retries += 1;
                    t.rto = Duration((t.rto.0 * 2).min(TCP_RTO_MAX.0));
                    t.retrans_armed = false;
                    t.rtt_probe = None;
                }
                self.tcp_retransmit(ns, s);
                self.tcp_arm_retrans(ns, s);
            }
        }
    }

    /// Resend the first unacknowledged segment.
    fn tcp_retransmit(&mut self, ns: NetnsId, s: SockId) {
        let Some(t) = self.tcp(ns, s) else { return };
        match t.state {
            TcpState::SynSent | TcpState::SynRecv => self.tcp_send_syn(ns, s),
            _ => {
                let n = t.send_buf.len().min(t.send_mss());
                let data_in_flight = t.snd_nxt.wrapping_sub(t.snd_una) as usize - usize::from(t.fin_sent);
                let n = n.min(data_in_flight);
                let payload: Vec<u8> = t.send_buf.iter().take(n).copied().collect();
                let fin = t.fin_sent && n == data_in_flight;
                let mut flags = TcpFlags::ACK;
                if n > 0 {
                    flags = flags | TcpFlags::PSH;
                }
                if fin {
                    flags = flags | TcpFlags::FIN;
                }
                let (seq, ack) = (t.snd_una, t.rcv_nxt);
                self.tcp_xmit(ns, s, flags, seq, Some(ack), &payload, false);
            }
        }
    }

    // ----- receive ---------------------------------------------------------------

    /// A TCP segment delivered locally (after INPUT). `l3` is the IPv4 packet.
    pub(crate) fn tcp_rcv(&mut self, ns: NetnsId, l3: &[u8]) -> TcpRcvResult {
        let Ok(ip) = Ipv4Packet::new_checked(l3) else { return TcpRcvResult::Malformed };
        let (src, dst) = (ip.src_addr(), ip.dst_addr());
        let Ok(tcp) = TcpPacket::new_checked(ip.payload()) else { return TcpRcvResult::Malformed };
        if !tcp.verify_checksum(src, dst) {
            return TcpRcvResult::BadChecksum;
        }
        let Ok(seg) = TcpRepr::parse(&tcp, src, dst) else { return TcpRcvResult::Malformed };
        let key = (dst, seg.dst_port, src, seg.src_port);
        if let Some(&s) = self.netns(ns).sockets.tcp_conns.get(&key) {
            self.tcp_segment(ns, s, &seg);
            return TcpRcvResult::Delivered(s);
        }
        if seg.flags.contains(TcpFlags::SYN) && !seg.flags.contains(TcpFlags::ACK) && !seg.flags.contains(TcpFlags::RST) {
            if let Some(l) = self.netns(ns).sockets.tcp_listener(dst, seg.dst_port) {
                return match self.tcp_new_child(ns, l, (dst, seg.dst_port), (src, seg.src_port), &seg) {
                    Some(c) => TcpRcvResult::Delivered(c),
                    None => TcpRcvResult::BacklogFull,
                };
            }
        }
        if !seg.flags.contains(TcpFlags::RST) {
            self.tcp_send_reset(ns, dst, src, &seg);
        }
        TcpRcvResult::NoSocket
    }

    /// REJECT --reject-with tcp-reset (nf_send_reset): a reset answering `l3`.
    pub(crate) fn nf_send_reset(&mut self, ns: NetnsId, l3: &[u8]) {
        let Ok(ip) = Ipv4Packet::new_checked(l3) else { return };
        let (src, dst) = (ip.src_addr(), ip.dst_addr());
        let Ok(tcp) = TcpPacket::new_checked(ip.payload()) else { return };
        let Ok(seg) = TcpRepr::parse(&tcp, src, dst) else { return };
        if seg.flags.contains(TcpFlags::RST) {
            return;
        }
        self.tcp_send_reset(ns, dst, src, &seg);
    }

    /// tcp_v4_send_reset: answer a segment that has no socket.
    fn tcp_send_reset(&mut self, ns: NetnsId, local: Ipv4Addr, remote: Ipv4Addr, seg: &TcpRepr<'_>) {
        let (seq, ack, flags) = match seg.ack {
            Some(a) if seg.flags.contains(TcpFlags::ACK) => (a, None, TcpFlags::RST),
            _ => {
                let len = seg.payload.len() as u32 + u32::from(seg.flags.contains(TcpFlags::SYN)) + u32::from(seg.flags.contains(TcpFlags::FIN));
                (0, Some(seg.seq.wrapping_add(len)), TcpFlags::RST | TcpFlags::ACK)
            }
        };
        let repr = TcpRepr { src_port: seg.dst_port, dst_port: seg.src_port, seq, ack, flags, window: 0, options: TcpOptions::default(), payload: &[] };
        let _ = self.ip_send_l4(ns, local, remote, proto::TCP, &crate::wire::L4::Tcp(&repr), 0, PmtuDisc::Want, 0);
    }

    fn tcp_new_child(&mut self, ns: NetnsId, l: SockId, local: (Ipv4Addr, u16), remote: (Ipv4Addr, u16), seg: &TcpRepr<'_>) -> Option<SockId> {
        let lt = self.tcp(ns, l)?;
        let pending = self.netns(ns).sockets.tcp_conns.values().filter(|c| self.tcp(ns, **c).is_some_and(|t| t.parent == Some(l))).count();
        if pending as u32 >= lt.backlog {
            return None;
        }
        let advmss = self.tcp_advmss(ns, remote.0);
        let sys = self.netns(ns).sysctl.clone();
        let mut t = TcpSock::new(local, remote);
        t.state = TcpState::SynRecv;
        t.parent = Some(l);
        t.irs = seg.seq;
        t.rcv_nxt = seg.seq.wrapping_add(1);
        t.iss = self.port_rng.next_u32();
        t.snd_una = t.iss;
        t.snd_nxt = t.iss.wrapping_add(1);
        t.advmss = advmss;
        t.peer_mss = seg.options.mss.unwrap_or(536);
        t.ts_ok = sys.tcp_timestamps && seg.options.timestamps.is_some();
        t.ts_recent = seg.options.timestamps.map(|x| x.0).unwrap_or(0);
        t.sack_ok = sys.tcp_sack && seg.options.sack_permitted;
        t.wscale_ok = sys.tcp_window_scaling && seg.options.window_scale.is_some();
        t.snd_wscale = if t.wscale_ok { seg.options.window_scale.unwrap_or(0).min(14) } else { 0 };
        t.snd_wnd = u32::from(seg.window);
        t.ts_offset = self.port_rng.next_u32();
        t.ip_id = self.port_rng.next_u32() as u16;
        t.txhash = self.port_rng.next_u32();
        let mss_w = if t.ts_ok { u32::from(advmss) - 12 } else { u32::from(advmss) };
        t.rcv_wnd = initial_window(mss_w);
        let socks = &mut self.netns_mut(ns).sockets;
        let c = socks.insert(SockKind::Tcp(Box::new(t)), None);
        socks.tcp_conns.insert((local.0, local.1, remote.0, remote.1), c);
        self.tcp_send_syn(ns, c);
        self.tcp_arm_retrans(ns, c);
        Some(c)
    }

    /// Process a segment for an existing connection.
    fn tcp_segment(&mut self, ns: NetnsId, s: SockId, seg: &TcpRepr<'_>) {
        let Some(t) = self.tcp(ns, s) else { return };
        let f = seg.flags;
        if let (true, Some((val, _))) = (t.ts_ok, seg.options.timestamps) {
            if let Some(t) = self.tcp_mut(ns, s) {
                t.ts_recent = val;
            }
        }
        let Some(t) = self.tcp(ns, s) else { return };
        match t.state {
            TcpState::SynSent => {
                if f.contains(TcpFlags::ACK) && seg.ack != Some(t.snd_nxt) {
                    if !f.contains(TcpFlags::RST) {
                        let (local, remote) = (t.local.0, t.remote.0);
                        self.tcp_send_reset(ns, local, remote, seg);
                    }
                    return;
                }
                if f.contains(TcpFlags::RST) {
                    if f.contains(TcpFlags::ACK) {
                        if let Some(t) = self.tcp_mut(ns, s) {
                            t.error = Some(Errno::ECONNREFUSED);
                            t.state = TcpState::Closed;
                        }
                        self.netns_mut(ns).sockets.tcp_conns.retain(|_, v| *v != s);
                        self.sock_wake(ns, s);
                    }
                    return;
                }
                if f.contains(TcpFlags::SYN) && f.contains(TcpFlags::ACK) {
                    let sys_ts = t.ts_ok;
                    if let Some(t) = self.tcp_mut(ns, s) {
                        t.irs = seg.seq;
                        t.rcv_nxt = seg.seq.wrapping_add(1);
                        t.snd_una = seg.ack.unwrap_or(t.snd_una);
                        t.peer_mss = seg.options.mss.unwrap_or(536);
                        t.ts_ok = sys_ts && seg.options.timestamps.is_some();
                        t.sack_ok = t.sack_ok && seg.options.sack_permitted;
                        t.wscale_ok = t.wscale_ok && seg.options.window_scale.is_some();
                        t.snd_wscale = if t.wscale_ok { seg.options.window_scale.unwrap_or(0).min(14) } else { 0 };
                        t.snd_wnd = u32::from(seg.window) << t.snd_wscale;
                        t.state = TcpState::Established;
                        t.retries = 0;
                        t.quick = MAX_QUICKACKS;
                        t.rto = TCP_TIMEOUT_INIT;
                    }
                    self.tcp_rearm_retrans(ns, s);
                    self.tcp_send_ack(ns, s);
                    self.sock_wake(ns, s);
                }
            }
            TcpState::SynRecv if f.contains(TcpFlags::SYN) && !f.contains(TcpFlags::ACK) => {
                // A retransmitted SYN: answer with the SYN-ACK again.
                self.tcp_send_syn(ns, s);
            }
            TcpState::TimeWait => {
                if f.contains(TcpFlags::RST) {
                    return;
                }
                if f.contains(TcpFlags::FIN) {
                    self.tcp_send_ack(ns, s); // the peer lost our last ACK
                }
            }
            _ => self.tcp_segment_synchronized(ns, s, seg),
        }
    }

    fn tcp_segment_synchronized(&mut self, ns: NetnsId, s: SockId, seg: &TcpRepr<'_>) {
        let Some(t) = self.tcp(ns, s) else { return };
        let f = seg.flags;
        let seg_len = seg.payload.len() as u32 + u32::from(f.contains(TcpFlags::FIN));
        // Sequence acceptability (RFC 793 / tcp_sequence): old duplicates and
        // segments beyond the window get a duplicate ACK.
        let in_window = seq_le(t.rcv_nxt, seg.seq.wrapping_add(seg_len)) && seq_lt(seg.seq, t.rcv_nxt.wrapping_add(t.rcv_wnd.max(1)));
        if f.contains(TcpFlags::RST) {
            if seg.seq == t.rcv_nxt {
                let state = t.state;
                let parent = t.parent;
                if let Some(t) = self.tcp_mut(ns, s) {
                    t.error = Some(if state == TcpState::CloseWait { Errno::EPIPE } else { Errno::ECONNRESET });
                    t.state = TcpState::Closed;
                }
                self.netns_mut(ns).sockets.tcp_conns.retain(|_, v| *v != s);
                if parent.is_some() || self.tcp(ns, s).is_some_and(|t| t.orphan) {
                    self.tcp_destroy(ns, s);
                } else {
                    self.sock_wake(ns, s);
                }
            }
            return;
        }
        if !in_window {
            if seg_len > 0 || f.contains(TcpFlags::SYN) {
                self.tcp_send_ack(ns, s);
            }
            return;
        }
        if !f.contains(TcpFlags::ACK) {
            return;
        }
        let ack = seg.ack.unwrap_or(0);
        // ----- ACK processing
        if t.state == TcpState::SynRecv {
            if ack != t.snd_nxt {
                let (l, r) = (t.local.0, t.remote.0);
                self.tcp_send_reset(ns, l, r, seg);
                return;
            }
            let parent = t.parent;
            if let Some(t) = self.tcp_mut(ns, s) {
                t.state = TcpState::Established;
                t.snd_una = ack;
                t.retries = 0;
                t.snd_wnd = u32::from(seg.window) << t.snd_wscale;
                t.quick = MAX_QUICKACKS;
            }
            self.tcp_rearm_retrans(ns, s);
            if let Some(p) = parent {
                if let Some(pt) = self.tcp_mut(ns, p) {
                    pt.accept_queue.push_back(s);
                }
                self.sock_wake(ns, p);
            }
        } else if seq_lt(t.snd_una, ack) && seq_le(ack, t.snd_nxt) {
            let acked = ack.wrapping_sub(t.snd_una) as usize;
            let now = self.now;
            if let Some(t) = self.tcp_mut(ns, s) {
                let fin_acked = t.fin_sent && ack == t.snd_nxt;
                let data_acked = acked - usize::from(fin_acked);
                let drain = data_acked.min(t.send_buf.len());
                t.send_buf.drain(..drain);
                t.snd_una = ack;
                t.retries = 0;
                t.snd_wnd = u32::from(seg.window) << t.snd_wscale;
                if let Some((end, sent)) = t.rtt_probe {
                    if seq_le(end, ack) {
                        let sample = now.since(sent).as_micros();
                        let (srtt, rttvar) = match t.srtt_us {
                            None => (sample, sample / 2),
                            Some(srtt) => {
                                let var = (3 * t.rttvar_us + srtt.abs_diff(sample)) / 4;
                                ((7 * srtt + sample) / 8, var)
                            }
                        };
                        t.srtt_us = Some(srtt);
                        t.rttvar_us = rttvar;
                        t.rto = Duration::from_micros(srtt + 4 * rttvar.max(TCP_RTO_MIN.as_micros() / 4)).max(TCP_RTO_MIN);
                        t.rtt_probe = None;
                    }
                }
                if fin_acked {
                    t.state = match t.state {
                        TcpState::FinWait1 => TcpState::FinWait2,
                        TcpState::Closing => TcpState::TimeWait,
                        TcpState::LastAck => TcpState::Closed,
                        other => other,
                    };
                }
            }
            self.tcp_rearm_retrans(ns, s);
            match self.tcp_state(ns, s) {
                TcpState::Closed => {
                    self.tcp_destroy(ns, s);
                    return;
                }
                TcpState::TimeWait => self.tcp_enter_timewait(ns, s),
                _ => {}
            }
            self.sock_wake(ns, s);
        } else if let Some(t) = self.tcp_mut(ns, s) {
            t.snd_wnd = u32::from(seg.window) << t.snd_wscale;
        }
        // ----- data and FIN
        let Some(t) = self.tcp(ns, s) else { return };
        let mut got = false;
        if !seg.payload.is_empty() && matches!(t.state, TcpState::Established | TcpState::FinWait1 | TcpState::FinWait2) {
            if seg.seq == t.rcv_nxt {
                if let Some(t) = self.tcp_mut(ns, s) {
                    t.recv_buf.extend_from_slice(seg.payload);
                    t.rcv_nxt = t.rcv_nxt.wrapping_add(seg.payload.len() as u32);
                }
                got = true;
            } else {
                self.tcp_send_ack(ns, s);
                return;
            }
        }
        let Some(t) = self.tcp(ns, s) else { return };
        let fin_here = f.contains(TcpFlags::FIN) && seg.seq.wrapping_add(seg.payload.len() as u32) == t.rcv_nxt && !t.peer_fin;
        if fin_here {
            let state = t.state;
            if let Some(t) = self.tcp_mut(ns, s) {
                t.rcv_nxt = t.rcv_nxt.wrapping_add(1);
                t.peer_fin = true;
                t.state = match state {
                    TcpState::Established | TcpState::SynRecv => TcpState::CloseWait,
                    TcpState::FinWait1 => TcpState::Closing,
                    TcpState::FinWait2 => TcpState::TimeWait,
                    other => other,
                };
                if state == TcpState::Established {
                    t.pingpong = true;
                }
            }
            match state {
                TcpState::Established => self.tcp_schedule_delack(ns, s),
                TcpState::FinWait1 => self.tcp_send_ack(ns, s),
                TcpState::FinWait2 => {
                    self.tcp_send_ack(ns, s);
                    self.tcp_enter_timewait(ns, s);
                }
                _ => {}
            }
            self.sock_wake(ns, s);
        } else if got {
            let quick = self.tcp(ns, s).is_some_and(|t| t.quick > 0 && !t.pingpong);
            if quick {
                if let Some(t) = self.tcp_mut(ns, s) {
                    t.quick -= 1;
                }
                self.tcp_send_ack(ns, s);
            } else {
                self.tcp_schedule_delack(ns, s);
            }
        }
        if got {
            self.sock_wake(ns, s);
        }
        self.tcp_output(ns, s);
    }

    fn tcp_enter_timewait(&mut self, ns: NetnsId, s: SockId) {
        if let Some(t) = self.tcp_mut(ns, s) {
            t.state = TcpState::TimeWait;
            t.retrans_armed = false;
            t.retrans_gen += 1;
        }
        self.schedule(TCP_TIMEWAIT, KEvent::TcpTimer { ns, sock: s, timer: TcpTimer::TimeWait, generation: 0 });
    }
}

/// What became of a locally delivered TCP segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TcpRcvResult {
    Delivered(SockId),
    NoSocket,
    BacklogFull,
    BadChecksum,
    Malformed,
}

impl Kernel {
    /// shutdown(SHUT_WR): send FIN after pending data, keep reading.
    pub fn tcp_shutdown_write(&mut self, ns: NetnsId, s: SockId) {
        let Some(t) = self.tcp_mut(ns, s) else { return };
        match t.state {
            TcpState::Established => t.state = TcpState::FinWait1,
            TcpState::CloseWait => t.state = TcpState::LastAck,
            _ => return,
        }
        t.fin_queued = true;
        self.tcp_output(ns, s);
    }
}
