//! Sockets: TCP (see `tcp.rs`), UDP and ICMP echo ("ping") sockets, the
//! per-namespace socket tables, and ephemeral port allocation.
//!
//! Ephemeral ports come from `net.ipv4.ip_local_port_range` (32768–60999):
//! like Linux's `__inet_hash_connect`, connect() starts at a pseudo-random
//! offset (here from the kernel's seeded port stream) and prefers even
//! ports, leaving odd ones for bind(0).
//!
//! Not modelled: socket options beyond what the modelled programs use,
//! SO_REUSEPORT groups, raw sockets other than ICMP echo, IPv6.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::Ipv4Addr;

use super::app::AppId;
use super::tcp::TcpSock;
use super::{Errno, Kernel, NetnsId};
use crate::time::Instant;

/// A socket in one namespace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SockId(pub u32);

/// A received UDP datagram.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Datagram {
    pub from: (Ipv4Addr, u16),
    pub to: (Ipv4Addr, u16),
    pub data: Vec<u8>,
}

#[derive(Clone, Debug)]
pub struct UdpSock {
    pub local: (Ipv4Addr, u16),
    pub remote: Option<(Ipv4Addr, u16)>,
    pub rx: VecDeque<Datagram>,
    /// Errors reported by ICMP (ECONNREFUSED for a port unreachable).
    pub errors: VecDeque<Errno>,
}

/// What an ICMP echo socket received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PingEvent {
    Reply {
        from: Ipv4Addr,
        seq: u16,
        ttl: u8,
        len: usize,
        at: Instant,
    },
    /// An ICMP error quoting one of our requests: type, code, sender, and
    /// `info` (`ee_info`: the next-hop MTU of a fragmentation needed).
    Error {
        from: Ipv4Addr,
        seq: u16,
        icmp_type: u8,
        code: u8,
        info: u32,
        at: Instant,
    },
    /// An ICMP redirect quoting one of our requests to `dst`: raw sockets
    /// receive it as a packet (it is no error), and ping prints it.
    Redirect {
        from: Ipv4Addr,
        dst: Ipv4Addr,
        seq: u16,
        code: u8,
        gateway: Ipv4Addr,
    },
}

#[derive(Clone, Debug)]
pub struct PingSock {
    pub ident: u16,
    pub rx: VecDeque<PingEvent>,
}

#[derive(Clone, Debug)]
pub enum SockKind {
    Tcp(Box<TcpSock>),
    Udp(UdpSock),
    Ping(PingSock),
}

#[derive(Clone, Debug)]
pub struct Sock {
    pub kind: SockKind,
    pub owner: Option<AppId>,
}

/// The socket tables of one namespace.
#[derive(Clone, Debug, Default)]
pub struct Sockets {
    pub socks: Vec<Option<Sock>>,
    /// Connected TCP sockets (incl. SYN_RECV children and TIME_WAIT) by
    /// (local addr, local port, remote addr, remote port).
    pub tcp_conns: HashMap<(Ipv4Addr, u16, Ipv4Addr, u16), SockId>,
    /// Listening TCP sockets by (bound address or 0.0.0.0, port).
    pub tcp_listen: BTreeMap<(Ipv4Addr, u16), SockId>,
    /// Bound UDP sockets by (bound address or 0.0.0.0, port).
    pub udp: BTreeMap<(Ipv4Addr, u16), SockId>,
    pub ping: BTreeMap<u16, SockId>,
}

impl Sockets {
    pub fn get(&self, s: SockId) -> Option<&Sock> {
        self.socks.get(s.0 as usize).and_then(Option::as_ref)
    }
    pub fn get_mut(&mut self, s: SockId) -> Option<&mut Sock> {
        self.socks.get_mut(s.0 as usize).and_then(Option::as_mut)
    }
    pub fn tcp(&self, s: SockId) -> Option<&TcpSock> {
        match self.get(s).map(|x| &x.kind) {
            Some(SockKind::Tcp(t)) => Some(t),
            _ => None,
        }
    }
    pub fn tcp_mut(&mut self, s: SockId) -> Option<&mut TcpSock> {
        match self.get_mut(s).map(|x| &mut x.kind) {
            Some(SockKind::Tcp(t)) => Some(t),
            _ => None,
        }
    }
    pub fn insert(&mut self, kind: SockKind, owner: Option<AppId>) -> SockId {
        if let Some(i) = self.socks.iter().position(Option::is_none) {
            self.socks[i] = Some(Sock { kind, owner });
            return SockId(i as u32);
        }
        self.socks.push(Some(Sock { kind, owner }));
        SockId(self.socks.len() as u32 - 1)
    }
    pub fn remove(&mut self, s: SockId) {
        if let Some(slot) = self.socks.get_mut(s.0 as usize) {
            *slot = None;
        }
        self.tcp_conns.retain(|_, v| *v != s);
        self.tcp_listen.retain(|_, v| *v != s);
        self.udp.retain(|_, v| *v != s);
        self.ping.retain(|_, v| *v != s);
    }
    /// The listening socket for a TCP SYN to `dst:port` (specific address first).
    pub fn tcp_listener(&self, dst: Ipv4Addr, port: u16) -> Option<SockId> {
        self.tcp_listen.get(&(dst, port)).or_else(|| self.tcp_listen.get(&(Ipv4Addr::UNSPECIFIED, port))).copied()
    }
    pub fn udp_lookup(&self, dst: Ipv4Addr, port: u16) -> Option<SockId> {
        self.udp.get(&(dst, port)).or_else(|| self.udp.get(&(Ipv4Addr::UNSPECIFIED, port))).copied()
    }
    fn port_in_use(&self, proto: u8, port: u16) -> bool {
        match proto {
            crate::net::proto::TCP => self.tcp_listen.keys().any(|(_, p)| *p == port) || self.tcp_conns.keys().any(|(_, p, _, _)| *p == port),
            _ => self.udp.keys().any(|(_, p)| *p == port),
        }
    }
}

impl Kernel {
    pub fn sockets(&self, ns: NetnsId) -> &Sockets {
        &self.netns(ns).sockets
    }

    pub(crate) fn sock_set_owner(&mut self, ns: NetnsId, s: SockId, owner: Option<AppId>) {
        if let Some(x) = self.netns_mut(ns).sockets.get_mut(s) {
            x.owner = owner;
        }
    }

    /// Wake the owner of a socket (after this datapath step).
    pub(crate) fn sock_wake(&mut self, ns: NetnsId, s: SockId) {
        if let Some(owner) = self.netns(ns).sockets.get(s).and_then(|x| x.owner) {
            self.wake_app(owner);
        }
    }

    /// Pick an ephemeral port for `proto`: connect() style, from a random
    /// start, even ports first.
    pub(crate) fn ephemeral_port(&mut self, ns: NetnsId, proto: u8) -> Result<u16, Errno> {
        let (lo, hi) = self.netns(ns).sysctl.ip_local_port_range;
        let (lo, hi) = (u32::from(lo), u32::from(hi));
        if hi < lo {
            return Err(Errno::EADDRNOTAVAIL);
        }
        let span = hi - lo + 1;
        let start = self.port_rng.below(u64::from(span)) as u32;
        for parity in [0u32, 1] {
            for i in 0..span {
                let p = lo + (start + i) % span;
                if p % 2 != parity {
                    continue;
                }
                if !self.netns(ns).sockets.port_in_use(proto, p as u16) {
                    return Ok(p as u16);
                }
            }
        }
        Err(Errno::EADDRNOTAVAIL)
    }

    // ----- UDP ------------------------------------------------------------------

    /// bind() a UDP socket; port 0 picks an ephemeral port.
    pub fn udp_bind(&mut self, ns: NetnsId, addr: Ipv4Addr, port: u16) -> Result<SockId, Errno> {
        if !addr.is_unspecified() && !self.is_local_addr(ns, addr) {
            return Err(Errno::EADDRNOTAVAIL);
        }
        let port = if port == 0 { self.ephemeral_port(ns, crate::net::proto::UDP)? } else { port };
        let socks = &mut self.netns_mut(ns).sockets;
        if socks.udp.contains_key(&(addr, port))
            || (addr.is_unspecified() && socks.udp.keys().any(|(_, p)| *p == port))
            || socks.udp.contains_key(&(Ipv4Addr::UNSPECIFIED, port))
        {
            return Err(Errno::EADDRINUSE);
        }
        let s = socks.insert(SockKind::Udp(UdpSock { local: (addr, port), remote: None, rx: VecDeque::new(), errors: VecDeque::new() }), None);
        socks.udp.insert((addr, port), s);
        Ok(s)
    }

    /// sendto() on a UDP socket.
    pub fn udp_sendto(&mut self, ns: NetnsId, s: SockId, dst: (Ipv4Addr, u16), data: &[u8]) -> Result<(), Errno> {
        let local = match self.netns(ns).sockets.get(s).map(|x| &x.kind) {
            Some(SockKind::Udp(u)) => u.local,
            _ => return Err(Errno::EINVAL),
        };
        self.udp_output(ns, local, dst, data)
    }

    pub fn udp_recv(&mut self, ns: NetnsId, s: SockId) -> Option<Datagram> {
        match self.netns_mut(ns).sockets.get_mut(s).map(|x| &mut x.kind) {
            Some(SockKind::Udp(u)) => u.rx.pop_front(),
            _ => None,
        }
    }

    pub fn udp_take_error(&mut self, ns: NetnsId, s: SockId) -> Option<Errno> {
        match self.netns_mut(ns).sockets.get_mut(s).map(|x| &mut x.kind) {
            Some(SockKind::Udp(u)) => u.errors.pop_front(),
            _ => None,
        }
    }

    // ----- ICMP echo ------------------------------------------------------------

    /// An ICMP echo socket with identifier `ident`.
    pub fn ping_open(&mut self, ns: NetnsId, ident: u16) -> SockId {
        let socks = &mut self.netns_mut(ns).sockets;
        let s = socks.insert(SockKind::Ping(PingSock { ident, rx: VecDeque::new() }), None);
        socks.ping.insert(ident, s);
        s
    }

    pub fn ping_recv(&mut self, ns: NetnsId, s: SockId) -> Option<PingEvent> {
        match self.netns_mut(ns).sockets.get_mut(s).map(|x| &mut x.kind) {
            Some(SockKind::Ping(p)) => p.rx.pop_front(),
            _ => None,
        }
    }

    /// Close any socket: TCP closes gracefully (FIN), others go away at once.
    pub fn sock_close(&mut self, ns: NetnsId, s: SockId) {
        let is_tcp = self.netns(ns).sockets.tcp(s).is_some();
        if is_tcp {
            self.tcp_close(ns, s);
        } else {
            self.netns_mut(ns).sockets.remove(s);
        }
    }
}

impl Kernel {
    /// A pseudo-random 16-bit value from the kernel's port stream (ping ids).
    pub fn port_rng_u16(&mut self) -> u16 {
        self.port_rng.next_u32() as u16
    }
}

impl Kernel {
    /// connect() on a UDP socket: fix the peer, choose the source address.
    pub fn udp_connect(&mut self, ns: NetnsId, s: SockId, dst: (Ipv4Addr, u16)) -> Result<(Ipv4Addr, u16), Errno> {
        let (dev, _) = self.route_output(ns, dst.0, None)?;
        let src = self
            .route_lookup(ns, dst.0, None)
            .and_then(|r| r.prefsrc)
            .or_else(|| self.select_src(ns, Some(dev), dst.0, super::Scope::Link))
            .ok_or(Errno::EADDRNOTAVAIL)?;
        match self.netns_mut(ns).sockets.get_mut(s).map(|x| &mut x.kind) {
            Some(SockKind::Udp(u)) => {
                u.remote = Some(dst);
                if u.local.0.is_unspecified() { Ok((src, u.local.1)) } else { Ok(u.local) }
            }
            _ => Err(Errno::EINVAL),
        }
    }
}
