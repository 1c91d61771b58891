//! IP Virtual Server: the kernel's layer-4 load balancer, one instance per
//! network namespace, and its admin tool `ipvsadm`.
//!
//! Docker Swarm's routing mesh programs IPVS in the `ingress_sbox` and `lb_*`
//! namespaces: one fwmark service per published service (`FWM 271 rr`) whose
//! real servers are the task addresses, forwarded by masquerading (NAT). This
//! module models what the kernel does with that configuration, following
//! `net/netfilter/ipvs/` of Linux 5.x/6.x:
//!
//! - **Control plane** (`ip_vs_ctl.c`): services keyed by protocol/address/
//!   port or firewall mark, their real servers ("destinations") in kernel
//!   list order — a new destination goes to the *head* of the list
//!   (`list_add_rcu`) — with weights, thresholds and forwarding methods, the
//!   errors the kernel returns (`EEXIST`, `ESRCH`, `ENOENT`, `EINVAL`,
//!   `ERANGE`), and the destination trash: a deleted real server lingers
//!   while connections use it and can be revived with its counters.
//! - **Schedulers** ([`sched`]): rr, wrr, lc, wlc, sed, nq, sh, dh and
//!   `none`, bit-exact including the rr cursor and the wrr weight walk.
//! - **Connections** ([`conn`]): the connection table, lookups in both
//!   directions (`ip_vs_conn_in_get`, `ip_vs_conn_out_get`), the TCP state
//!   table and per-state timeouts, UDP, persistence templates, and the
//!   active/inactive/persistent counters they drive.
//! - **The hook logic** ([`Ipvs::process_in`], [`Ipvs::process_out`]): what
//!   `ip_vs_in` (LOCAL_IN / LOCAL_OUT) and `ip_vs_out` (FORWARD, LOCAL_IN,
//!   LOCAL_OUT) decide for a packet, including `conn_reuse_mode`,
//!   `expire_nodest_conn` and ICMP-port-unreachable when no real server is
//!   left. The caller (the simulated kernel) rewrites the bytes: for a
//!   masqueraded connection the destination becomes `daddr:dport` on the way
//!   in and the source becomes `vaddr:vport` on the way back.
//! - **Statistics** ([`stats`]): counters and the 2-second rate estimator.
//!
//! Guarantees: deterministic (no randomness, no clock: every entry point
//! that changes state takes `now` and first runs every timer due by then, in
//! time order), no panics on any packet bytes or configuration, and failed
//! operations change nothing.
//!
//! Deliberately not modelled: IPv6 (this is a kernel without
//! `CONFIG_IP_VS_IPV6`: IPv6 requests fail with `EAFNOSUPPORT`), SCTP
//! connections (SCTP services can be configured and listed, SCTP packets are
//! not scheduled), ICMP errors relating to connections
//! (`ip_vs_in_icmp`/`ip_vs_out_icmp`), fragments other than the first, the
//! FTP and SIP helpers, the special case of replies from a local real
//! server at LOCAL_OUT, the sync daemon, the defence sysctls (`drop_entry`,
//! `secure_tcp` …), `cache_bypass`, `sloppy_tcp`, the schedulers `lblc`,
//! `lblcr`, `mh`, `fo`, `ovf`, `twos` (unknown, as if not built), and the
//! per-namespace total counters of `/proc/net/ip_vs_stats`.
//!
//! Where the kernel's behaviour depends on things a simulation cannot know,
//! fixed choices stand in: the connection table is listed in creation order
//! (the kernel walks its hash table, whose order depends on a random
//! per-boot seed); the service tables hash the namespace's address in as 0
//! (this decides the `--nosort` order); rates are sampled at multiples of
//! 2 s of virtual time (the kernel's timer phase is arbitrary).

pub mod conn;
pub mod ipvsadm;
pub mod sched;
mod services;
pub mod stats;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;

use crate::net::{Tuple, proto};
use crate::time::{Duration, Instant};

pub use conn::{Conn, ConnId, ConnState, Dir, TcpState};
pub use ipvsadm::{ipvsadm, ipvsadm_with_stdin};
pub use sched::{SchedKind, Scheduler};
pub use stats::{Rates, Stats};

use conn::Timeouts;
use sched::SchedPacket;

/// The version the kernel reports (`IP_VS_VERSION_CODE` 0x010201).
pub const VERSION: &str = "1.2.1";
/// Connection hash table size (`1 << CONFIG_IP_VS_TAB_BITS`, 12 bits).
pub const CONN_TAB_SIZE: u32 = 4096;

/// `IP_VS_SVC_F_PERSISTENT`: connections from one client network stick to
/// one real server.
pub const SVC_F_PERSISTENT: u32 = 0x0001;
/// `IP_VS_SVC_F_HASHED`: set by the kernel on every service in its table.
pub const SVC_F_HASHED: u32 = 0x0002;
/// `IP_VS_SVC_F_ONEPACKET`: one-packet scheduling (UDP).
pub const SVC_F_ONEPACKET: u32 = 0x0004;
/// `IP_VS_SVC_F_SCHED1` (`flag-1`; `sh-fallback` for sh).
pub const SVC_F_SCHED1: u32 = 0x0008;
/// `IP_VS_SVC_F_SCHED2` (`flag-2`; `sh-port` for sh).
pub const SVC_F_SCHED2: u32 = 0x0010;
/// `IP_VS_SVC_F_SCHED3` (`flag-3`).
pub const SVC_F_SCHED3: u32 = 0x0020;

const FTPPORT: u16 = 21;
const FTPDATA: u16 = 20;
/// `IP_VS_DEST_TRASH_PERIOD`: how long an unused deleted destination stays
/// revivable.
const DEST_TRASH_PERIOD: Duration = Duration::from_secs(120);
/// The estimator samples every 2 seconds.
const EST_PERIOD: Duration = Duration::from_secs(2);
/// A new connection's timer before its first state change (`3*HZ`).
const NEW_CONN_TIMEOUT: Duration = Duration::from_secs(3);
/// `ip_vs_conn_expire` puts off an entry that still controls others by 60 s.
const EXPIRE_LATER: Duration = Duration::from_secs(60);

/// What identifies a virtual service: protocol, virtual address and port —
/// or a firewall mark (`-f`), matching any packet carrying that skb mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ServiceKey {
    Tcp(Ipv4Addr, u16),
    Udp(Ipv4Addr, u16),
    Sctp(Ipv4Addr, u16),
    Fwmark(u32),
}

impl ServiceKey {
    /// The service's protocol. The kernel stores `IPPROTO_TCP` for fwmark
    /// services (netlink's `ip_vs_genl_parse_service`), although it matches
    /// packets of any protocol.
    pub fn protocol(&self) -> u8 {
        match self {
            ServiceKey::Tcp(..) | ServiceKey::Fwmark(_) => proto::TCP,
            ServiceKey::Udp(..) => proto::UDP,
            ServiceKey::Sctp(..) => proto::SCTP,
        }
    }

    /// The firewall mark, 0 for address-keyed services.
    pub fn fwmark(&self) -> u32 {
        match self {
            ServiceKey::Fwmark(m) => *m,
            _ => 0,
        }
    }

    /// Virtual address and port (`0.0.0.0:0` for fwmark services).
    pub fn addr_port(&self) -> (Ipv4Addr, u16) {
        match self {
            ServiceKey::Tcp(a, p) | ServiceKey::Udp(a, p) | ServiceKey::Sctp(a, p) => (*a, *p),
            ServiceKey::Fwmark(_) => (Ipv4Addr::UNSPECIFIED, 0),
        }
    }

    /// Position in the kernel's service tables, which is the order of
    /// `ipvsadm --nosort` and of the dump ipvsadm sorts: first the table
    /// hashed by `<protocol, addr, port>` (`ip_vs_svc_hashkey`), then the
    /// table hashed by fwmark (`ip_vs_svc_fwm_hashkey`), 256 buckets each.
    /// Both hashes also xor in the namespace's address, taken as 0 here.
    fn table_bucket(&self) -> (u8, u32) {
        match self {
            ServiceKey::Fwmark(m) => (1, m & 0xff),
            _ => {
                let (addr, port) = self.addr_port();
                let porth = u32::from(port);
                let hash = u32::from(self.protocol()) ^ u32::from(addr) ^ (porth >> 8) ^ porth;
                (0, hash & 0xff)
            }
        }
    }
}

/// How packets reach a real server (`IP_VS_CONN_F_FWD_MASK`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum FwdMethod {
    /// NAT: the destination is rewritten; replies must come back through
    /// IPVS (`-m`, what Docker uses).
    Masq,
    /// The real server is this host (`IP_VS_CONN_F_LOCALNODE`).
    Local,
    /// IP-in-IP (or GUE/GRE) tunnelling (`-i`).
    Tunnel,
    /// Direct routing: only the MAC changes (`-g`, ipvsadm's default).
    #[default]
    Route,
}

impl FwdMethod {
    /// The name `ipvsadm -L` prints in the Forward column.
    pub fn name(self) -> &'static str {
        match self {
            FwdMethod::Masq => "Masq",
            FwdMethod::Local => "Local",
            FwdMethod::Tunnel => "Tunnel",
            FwdMethod::Route => "Route",
        }
    }
}

/// Encapsulation of a tunnelling real server (`--tun-type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TunnelKind {
    #[default]
    Ipip,
    Gue,
    Gre,
}

/// Checksum option of a GUE/GRE tunnel (`--tun-nocsum`, `--tun-csum`,
/// `--tun-remcsum`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TunnelCsum {
    #[default]
    NoCsum,
    Csum,
    RemCsum,
}

/// Tunnel parameters of a real server (kept for any forwarding method, used
/// only by tunnelling).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Tunnel {
    pub kind: TunnelKind,
    /// GUE destination port.
    pub port: u16,
    pub csum: TunnelCsum,
}

/// Handle of a service; never reused after the service is deleted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SvcId(u32);

/// Handle of a real server (destination), live or in the trash.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DestId(u32);

/// A virtual service (`struct ip_vs_service`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Service {
    pub id: SvcId,
    pub key: ServiceKey,
    /// The scheduler, `None` for the `none` scheduler.
    pub scheduler: Option<Scheduler>,
    /// `SVC_F_*` flags as userspace set them.
    pub flags: u32,
    /// Persistence timeout in seconds (meaningful with `SVC_F_PERSISTENT`).
    pub timeout: u32,
    /// Persistence granularity: client addresses are masked with it.
    pub netmask: Ipv4Addr,
    pub stats: Stats,
    /// Destinations in kernel list order, newest first.
    dests: Vec<DestId>,
}

impl Service {
    /// The persistence timeout in seconds, if the service is persistent.
    pub fn persistence(&self) -> Option<u32> {
        (self.flags & SVC_F_PERSISTENT != 0).then_some(self.timeout)
    }

    /// The scheduler's name as ipvsadm prints it.
    pub fn scheduler_name(&self) -> &'static str {
        self.scheduler.as_ref().map_or("none", Scheduler::name)
    }

    /// Number of real servers in the list.
    pub fn num_dests(&self) -> usize {
        self.dests.len()
    }
}

/// A real server of a service (`struct ip_vs_dest`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dest {
    pub id: DestId,
    pub addr: Ipv4Addr,
    pub port: u16,
    /// Capacity relative to the others; 0 quiesces the server.
    pub weight: i32,
    pub fwd: FwdMethod,
    /// Upper connection threshold: at `active + inactive >= u_threshold` the
    /// server is overloaded (0: no limit).
    pub u_threshold: u32,
    /// Lower threshold: below it an overloaded server becomes usable again
    /// (0: at three quarters of the upper threshold).
    pub l_threshold: u32,
    pub active_conns: u32,
    pub inact_conns: u32,
    /// Persistence templates bound to this server.
    pub persist_conns: u32,
    pub tunnel: Tunnel,
    pub stats: Stats,
    /// `IP_VS_DEST_F_AVAILABLE`: in a service's list (not in the trash).
    pub available: bool,
    /// `IP_VS_DEST_F_OVERLOAD`.
    pub overloaded: bool,
    /// The service this destination belongs (or belonged) to.
    svc_key: ServiceKey,
    svc: SvcId,
    /// When the trash timer first saw it unreferenced.
    idle_start: Option<Instant>,
}

impl Dest {
    /// `ip_vs_dest_conn_overhead`: active connections weigh 256 times more
    /// than inactive ones.
    fn conn_overhead(&self) -> u64 {
        (u64::from(self.active_conns) << 8) + u64::from(self.inact_conns)
    }
}

/// What userspace sends to create or change a service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceConfig {
    pub key: ServiceKey,
    /// Scheduler module name (`rr`, `wlc` …, or `none`).
    pub scheduler: String,
    pub flags: u32,
    pub timeout: u32,
    pub netmask: Ipv4Addr,
    /// Persistence engine (`--pe`); none is available in this kernel.
    pub pe_name: Option<String>,
}

impl ServiceConfig {
    /// A non-persistent service with the given scheduler.
    pub fn new(key: ServiceKey, scheduler: &str) -> ServiceConfig {
        ServiceConfig { key, scheduler: scheduler.into(), flags: 0, timeout: 0, netmask: Ipv4Addr::BROADCAST, pe_name: None }
    }
}

/// What userspace sends to add or change a real server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DestConfig {
    pub addr: Ipv4Addr,
    pub port: u16,
    pub fwd: FwdMethod,
    pub weight: i32,
    pub u_threshold: u32,
    pub l_threshold: u32,
    pub tunnel: Tunnel,
}

impl DestConfig {
    pub fn new(addr: Ipv4Addr, port: u16, fwd: FwdMethod, weight: i32) -> DestConfig {
        DestConfig { addr, port, fwd, weight, u_threshold: 0, l_threshold: 0, tunnel: Tunnel::default() }
    }
}

/// The errors the kernel returns to userspace (as errno values).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IpvsError {
    /// `EEXIST`: the service or destination already exists.
    Exists,
    /// `ESRCH`: no such service.
    NoService,
    /// `ENOENT`: no such scheduler, persistence engine or destination.
    NotFound,
    /// `EINVAL`: e.g. a destination address that is not unicast.
    Invalid,
    /// `ERANGE`: negative weight, lower threshold above upper threshold.
    Range,
    /// `EAFNOSUPPORT`: IPv6 (not built in this kernel).
    AfNotSupported,
}

impl IpvsError {
    pub fn errno(self) -> i32 {
        match self {
            IpvsError::Exists => 17,
            IpvsError::NoService => 3,
            IpvsError::NotFound => 2,
            IpvsError::Invalid => 22,
            IpvsError::Range => 34,
            IpvsError::AfNotSupported => 97,
        }
    }
}

/// The `net.ipv4.vs.*` sysctls that change behaviour here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IpvsSysctl {
    /// `conntrack`: keep netfilter conntrack entries for IPVS traffic
    /// (needed by `-m ipvs` and SNAT rules; Docker sets it to 1).
    pub conntrack: bool,
    /// `conn_reuse_mode` (default 1): bit 0 reschedules a SYN that reuses
    /// the tuple of a connection in TIME_WAIT or CLOSE; bit 1 also in
    /// FIN_WAIT for non-NAT methods. Docker sets 0.
    pub conn_reuse_mode: u8,
    /// `expire_nodest_conn`: connections of a deleted or quiesced real
    /// server are expired on their next packet instead of being kept.
    pub expire_nodest_conn: bool,
    /// `expire_quiescent_template`: persistence templates pointing at a
    /// weight-0 server are invalidated.
    pub expire_quiescent_template: bool,
}

impl Default for IpvsSysctl {
    fn default() -> Self {
        IpvsSysctl { conntrack: false, conn_reuse_mode: 1, expire_nodest_conn: false, expire_quiescent_template: false }
    }
}

/// Why [`Ipvs::schedule`] created no connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScheduleError {
    /// No such service.
    NoService,
    /// The packet is not scheduled and continues as if IPVS were not there
    /// (`*ignored = 1`): FTP data from port 20.
    Ignored,
    /// No real server can take it (`*ignored = 0`): `ip_vs_leave` answers
    /// ICMP port unreachable and drops the packet. Also a non-persistent
    /// service asked for another port.
    NoDestination,
    /// The protocol has no connection model here (SCTP, other protocols).
    Unsupported,
}

/// What `ip_vs_in` decides for a packet entering the hook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InVerdict {
    /// Not for IPVS: the packet continues unchanged.
    Accept,
    /// Silently dropped.
    Drop,
    /// Dropped after answering ICMP port unreachable (`ip_vs_leave`):
    /// the service has no usable real server.
    Reject,
    /// Forward on the connection: for [`FwdMethod::Masq`] rewrite the
    /// destination to the connection's `daddr:dport` and send it on. The
    /// packet is now IPVS property (`skb->ipvs_property`): iptables
    /// `-m ipvs --ipvs` matches it and later IPVS hooks let it pass.
    Forward { conn: ConnId, new: bool },
}

/// What `ip_vs_out` decides for a packet leaving a real server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutVerdict {
    /// Not an IPVS reply: continue unchanged.
    Accept,
    /// A reply of a masqueraded connection: rewrite the source to the
    /// connection's `vaddr:vport`. The packet is now IPVS property.
    Snat { conn: ConnId },
}

/// The tuple a connection is found by, packed into one integer so that
/// the index compares integers, not addresses byte by byte: protocol, then
/// source address and port, then destination address and port. From the
/// client's side `<proto, client, virtual service>`; from the real
/// server's side `<proto, real server, client>`.
type LookupKey = u128;

fn lookup_key(protocol: u8, src: Ipv4Addr, sport: u16, dst: Ipv4Addr, dport: u16) -> LookupKey {
    (u128::from(protocol) << 96) | (u128::from(u32::from(src)) << 64) | (u128::from(sport) << 48) | (u128::from(u32::from(dst)) << 16) | u128::from(dport)
}
/// A connection's place among the timers: when it fires, whether it still
/// controls other connections, and the connection.
type TimerKey = (Instant, bool, ConnId);

fn timer_key(c: &Conn) -> TimerKey {
    (c.expires, c.n_control > 0, c.id)
}

/// The IPVS state of one network namespace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ipvs {
    services: BTreeMap<SvcId, Service>,
    /// Services by their key (the kernel's service hash tables), kept in
    /// step with `services`.
    service_by_key: BTreeMap<ServiceKey, SvcId>,
    /// Every destination, live or in the trash.
    dests: BTreeMap<DestId, Dest>,
    /// The destination trash, newest first (`list_add`).
    trash: Vec<DestId>,
    conns: BTreeMap<ConnId, Conn>,
    /// Connections (not templates) by their client-side tuple, then id
    /// (creation order; the kernel's hash chains are searched newest first).
    by_in: BTreeSet<(LookupKey, ConnId)>,
    /// Connections (not templates) by their real-server-side tuple.
    by_out: BTreeSet<(LookupKey, ConnId)>,
    /// Every connection's timer in firing order: `(expires, controls
    /// others, id)` — among timers due at the same instant, connections
    /// controlling nothing go first. Kept in step with `conns` by
    /// [`Ipvs::retime`] wherever `expires` or `n_control` change.
    timers: BTreeSet<TimerKey>,
    next_svc: u32,
    next_dest: u32,
    next_conn: u64,
    pub sysctl: IpvsSysctl,
    timeouts: Timeouts,
    /// `ipvs->enable`: set by the first service, hooks do nothing before.
    enabled: bool,
    trash_timer: Option<Instant>,
    /// The last estimator sample (a multiple of 2 s).
    est_last: Instant,
    /// Whether some live counter may have moved, or some average may be
    /// non-zero, since the estimator last found every live stat idle. While
    /// it is false a sample would change nothing, so due samples are skipped
    /// without walking every service and server.
    est_stirred: bool,
    /// Connections removed by timers, not yet handed out by
    /// [`Ipvs::expire`].
    expired: Vec<Conn>,
}

impl Default for Ipvs {
    fn default() -> Self {
        Ipvs::new()
    }
}

/// The IPv4/TCP/UDP facts the hooks need from a packet.
struct L4 {
    proto: u8,
    saddr: Ipv4Addr,
    daddr: Ipv4Addr,
    sport: u16,
    dport: u16,
    tcp_flags: u8,
    len: u64,
}

/// `skb->len` of an IPv4 packet: its total length (the input path trims
/// link-layer padding), or the bytes given when the header says more.
fn ip_len(l3: &[u8]) -> u64 {
    let total = l3.get(2..4).map_or(0, |b| usize::from(u16::from_be_bytes([b[0], b[1]])));
    if (20..=l3.len()).contains(&total) { total as u64 } else { l3.len() as u64 }
}

/// Parse an IPv4 packet far enough for IPVS. `Err(())` for a TCP/UDP packet
/// whose ports are cut off (the kernel drops it), `Ok(None)` for anything
/// IPVS lets pass (other protocols, non-first fragments, non-IPv4).
fn parse_l4(l3: &[u8]) -> Result<Option<L4>, ()> {
    if l3.len() < 20 || l3[0] >> 4 != 4 {
        return Ok(None);
    }
    let ihl = usize::from(l3[0] & 0x0f) * 4;
    let frag_off = u16::from_be_bytes([l3[6], l3[7]]) & 0x1fff;
    let protocol = l3[9];
    if ihl < 20 || frag_off != 0 || !matches!(protocol, proto::TCP | proto::UDP) {
        return Ok(None);
    }
    let need = if protocol == proto::TCP { ihl + 20 } else { ihl + 8 };
    if l3.len() < need {
        return Err(());
    }
    let saddr = Ipv4Addr::new(l3[12], l3[13], l3[14], l3[15]);
    let daddr = Ipv4Addr::new(l3[16], l3[17], l3[18], l3[19]);
    let sport = u16::from_be_bytes([l3[ihl], l3[ihl + 1]]);
    let dport = u16::from_be_bytes([l3[ihl + 2], l3[ihl + 3]]);
    let tcp_flags = if protocol == proto::TCP { l3[ihl + 13] } else { 0 };
    Ok(Some(L4 { proto: protocol, saddr, daddr, sport, dport, tcp_flags, len: ip_len(l3) }))
}

impl Ipvs {
    pub fn new() -> Ipvs {
        Ipvs {
            services: BTreeMap::new(),
            service_by_key: BTreeMap::new(),
            dests: BTreeMap::new(),
            trash: Vec::new(),
            conns: BTreeMap::new(),
            by_in: BTreeSet::new(),
            by_out: BTreeSet::new(),
            timers: BTreeSet::new(),
            next_svc: 1,
            next_dest: 1,
            next_conn: 1,
            sysctl: IpvsSysctl::default(),
            timeouts: Timeouts::default(),
            enabled: false,
            trash_timer: None,
            est_last: Instant::ZERO,
            est_stirred: false,
            expired: Vec::new(),
        }
    }

    // ----- queries ---------------------------------------------------------

    /// Services in the kernel's table order (what `ipvsadm --nosort` shows):
    /// address-keyed services by hash bucket, then fwmark services by
    /// bucket; newest first within a bucket.
    pub fn services(&self) -> Vec<&Service> {
        let mut v: Vec<&Service> = self.services.values().collect();
        v.sort_by_key(|s| (s.key.table_bucket(), std::cmp::Reverse(s.id)));
        v
    }

    pub fn service(&self, id: SvcId) -> Option<&Service> {
        self.services.get(&id)
    }

    /// The service with exactly this key (`__ip_vs_service_find` /
    /// `__ip_vs_svc_fwm_find`).
    pub fn service_id(&self, key: &ServiceKey) -> Option<SvcId> {
        self.service_by_key.get(key).copied()
    }

    /// A service's real servers in kernel list order (newest first).
    pub fn dests(&self, id: SvcId) -> Vec<&Dest> {
        self.services.get(&id).map(|s| s.dests.iter().filter_map(|d| self.dests.get(d)).collect()).unwrap_or_default()
    }

    /// All connections and templates, in creation order.
    pub fn conns(&self) -> impl Iterator<Item = &Conn> {
        self.conns.values()
    }

    pub fn conn(&self, id: ConnId) -> Option<&Conn> {
        self.conns.get(&id)
    }

    /// TCP ESTABLISHED, TCP FIN_WAIT and UDP timeouts in seconds, as
    /// `ipvsadm -L --timeout` shows them.
    pub fn timeouts(&self) -> (u32, u32, u32) {
        (self.timeouts.tcp[TcpState::Established as usize], self.timeouts.tcp[TcpState::FinWait as usize], self.timeouts.udp)
    }

    /// `ip_vs_set_timeout`: a zero leaves that timeout unchanged. Existing
    /// connections pick the new value up at their next state update.
    pub fn set_timeouts(&mut self, tcp: u32, tcp_fin: u32, udp: u32) {
        if tcp != 0 {
            self.timeouts.tcp[TcpState::Established as usize] = tcp;
        }
        if tcp_fin != 0 {
            self.timeouts.tcp[TcpState::FinWait as usize] = tcp_fin;
        }
        if udp != 0 {
            self.timeouts.udp = udp;
        }
    }

    // ----- control plane ---------------------------------------------------

    /// `IPVS_CMD_NEW_SERVICE` → `ip_vs_add_service`.
    pub fn add_service(&mut self, cfg: &ServiceConfig) -> Result<SvcId, IpvsError> {
        if self.service_id(&cfg.key).is_some() {
            return Err(IpvsError::Exists);
        }
        let kind = lookup_scheduler(&cfg.scheduler)?;
        check_pe(cfg)?;
        let id = SvcId(self.next_svc);
        self.next_svc += 1;
        let scheduler = kind.map(|k| Scheduler::bind(k, &[], &self.dests));
        self.services.insert(
            id,
            Service {
                id,
                key: cfg.key,
                scheduler,
                flags: cfg.flags & !SVC_F_HASHED,
                timeout: cfg.timeout,
                netmask: cfg.netmask,
                stats: Stats::default(),
                dests: Vec::new(),
            },
        );
        self.service_by_key.insert(cfg.key, id);
        self.enabled = true;
        Ok(id)
    }

    /// `IPVS_CMD_SET_SERVICE` → `ip_vs_edit_service`: flags, timeout and
    /// netmask are replaced; a different scheduler is bound afresh (its
    /// state restarts), the same scheduler keeps its state.
    pub fn edit_service(&mut self, cfg: &ServiceConfig) -> Result<(), IpvsError> {
        let id = self.service_id(&cfg.key).ok_or(IpvsError::NoService)?;
        let kind = lookup_scheduler(&cfg.scheduler)?;
        check_pe(cfg)?;
        let dests = &self.dests;
        let svc = self.services.get_mut(&id).ok_or(IpvsError::NoService)?;
        if svc.scheduler.as_ref().map(Scheduler::kind) != kind {
            svc.scheduler = kind.map(|k| Scheduler::bind(k, &svc.dests, dests));
        }
        svc.flags = cfg.flags & !SVC_F_HASHED;
        svc.timeout = cfg.timeout;
        svc.netmask = cfg.netmask;
        Ok(())
    }

    /// `IPVS_CMD_DEL_SERVICE`: the service goes away, its real servers move
    /// to the trash; connections using them stay until they expire.
    pub fn del_service(&mut self, key: &ServiceKey, now: Instant) -> Result<(), IpvsError> {
        let id = self.service_id(key).ok_or(IpvsError::NoService)?;
        self.run_timers(now);
        self.unlink_service(id, now);
        Ok(())
    }

    /// `IPVS_CMD_FLUSH` → `ip_vs_flush`: delete every service.
    pub fn flush(&mut self, now: Instant) {
        self.run_timers(now);
        let ids: Vec<SvcId> = self.services().iter().map(|s| s.id).collect();
        for id in ids {
            self.unlink_service(id, now);
        }
    }

    fn unlink_service(&mut self, id: SvcId, now: Instant) {
        let Some(svc) = self.services.remove(&id) else {
            return;
        };
        self.service_by_key.remove(&svc.key);
        for d in svc.dests {
            self.trash_dest(d, now);
        }
        self.expire_nodest_conns(now);
    }

    /// `IPVS_CMD_NEW_DEST` → `ip_vs_add_dest`: the server goes to the head
    /// of the list (revived from the trash, with its counters, if it was
    /// deleted from this service recently).
    pub fn add_dest(&mut self, key: &ServiceKey, d: &DestConfig, now: Instant) -> Result<(), IpvsError> {
        let svc_id = self.service_id(key).ok_or(IpvsError::NoService)?;
        check_dest_config(d)?;
        if self.lookup_dest(svc_id, d.addr, d.port).is_some() {
            return Err(IpvsError::Exists);
        }
        self.run_timers(now);
        let revived = self.trash.iter().position(|t| self.dests.get(t).is_some_and(|x| x.addr == d.addr && x.port == d.port && x.svc_key == *key));
        let dest_id = match revived {
            Some(pos) => {
                let id = self.trash.remove(pos);
                if self.trash.is_empty() {
                    self.trash_timer = None;
                }
                if let Some(dest) = self.dests.get_mut(&id) {
                    if dest.svc != svc_id {
                        dest.stats.zero();
                    }
                    dest.svc = svc_id;
                    dest.idle_start = None;
                }
                // Its counters come back with it: they may not be idle.
                self.est_stirred = true;
                id
            }
            None => {
                if !is_unicast(d.addr) {
                    return Err(IpvsError::Invalid);
                }
                let id = DestId(self.next_dest);
                self.next_dest += 1;
                self.dests.insert(
                    id,
                    Dest {
                        id,
                        addr: d.addr,
                        port: d.port,
                        weight: 0,
                        fwd: d.fwd,
                        u_threshold: 0,
                        l_threshold: 0,
                        active_conns: 0,
                        inact_conns: 0,
                        persist_conns: 0,
                        tunnel: d.tunnel,
                        stats: Stats::default(),
                        available: false,
                        overloaded: false,
                        svc_key: *key,
                        svc: svc_id,
                        idle_start: None,
                    },
                );
                id
            }
        };
        self.update_dest(dest_id, d);
        if let Some(svc) = self.services.get_mut(&svc_id) {
            svc.dests.insert(0, dest_id);
            if let Some(s) = svc.scheduler.as_mut() {
                s.dest_changed(&svc.dests, &self.dests);
            }
        }
        Ok(())
    }

    /// `IPVS_CMD_SET_DEST` → `ip_vs_edit_dest`: new weight, method,
    /// thresholds; the list position stays.
    pub fn edit_dest(&mut self, key: &ServiceKey, d: &DestConfig) -> Result<(), IpvsError> {
        let svc_id = self.service_id(key).ok_or(IpvsError::NoService)?;
        check_dest_config(d)?;
        let dest_id = self.lookup_dest(svc_id, d.addr, d.port).ok_or(IpvsError::NotFound)?;
        self.update_dest(dest_id, d);
        if let Some(svc) = self.services.get_mut(&svc_id)
            && let Some(s) = svc.scheduler.as_mut()
        {
            s.dest_changed(&svc.dests, &self.dests);
        }
        Ok(())
    }

    /// `IPVS_CMD_DEL_DEST` → `ip_vs_del_dest`: unlink from the list (the rr
    /// cursor steps back if it was on it) and move to the trash.
    pub fn del_dest(&mut self, key: &ServiceKey, addr: Ipv4Addr, port: u16, now: Instant) -> Result<(), IpvsError> {
        let svc_id = self.service_id(key).ok_or(IpvsError::NoService)?;
        let dest_id = self.lookup_dest(svc_id, addr, port).ok_or(IpvsError::NotFound)?;
        self.run_timers(now);
        if let Some(svc) = self.services.get_mut(&svc_id)
            && let Some(pos) = svc.dests.iter().position(|d| *d == dest_id)
        {
            let prev = pos.checked_sub(1).map(|p| svc.dests[p]);
            svc.dests.remove(pos);
            if let Some(dest) = self.dests.get_mut(&dest_id) {
                dest.available = false;
            }
            if let Some(s) = svc.scheduler.as_mut() {
                s.dest_removed(dest_id, prev, &svc.dests, &self.dests);
            }
        }
        self.trash_dest(dest_id, now);
        self.expire_nodest_conns(now);
        Ok(())
    }

    /// `IPVS_CMD_ZERO`: zero the counters of one service and its real
    /// servers, or of everything.
    pub fn zero(&mut self, key: Option<&ServiceKey>) -> Result<(), IpvsError> {
        let ids: Vec<SvcId> = match key {
            Some(k) => vec![self.service_id(k).ok_or(IpvsError::NoService)?],
            None => self.services.keys().copied().collect(),
        };
        for id in ids {
            if let Some(svc) = self.services.get_mut(&id) {
                svc.stats.zero();
                for d in &svc.dests {
                    if let Some(dest) = self.dests.get_mut(d) {
                        dest.stats.zero();
                    }
                }
            }
        }
        Ok(())
    }

    fn lookup_dest(&self, svc: SvcId, addr: Ipv4Addr, port: u16) -> Option<DestId> {
        let svc = self.services.get(&svc)?;
        svc.dests.iter().copied().find(|d| self.dests.get(d).is_some_and(|x| x.addr == addr && x.port == port))
    }

    /// `__ip_vs_update_dest`: the part shared by add and edit.
    fn update_dest(&mut self, id: DestId, d: &DestConfig) {
        let Some(dest) = self.dests.get_mut(&id) else {
            return;
        };
        dest.weight = d.weight;
        dest.fwd = d.fwd;
        dest.tunnel = d.tunnel;
        dest.available = true;
        if d.u_threshold == 0 || d.u_threshold > dest.u_threshold {
            dest.overloaded = false;
        }
        dest.u_threshold = d.u_threshold;
        dest.l_threshold = d.l_threshold;
    }

    /// `__ip_vs_del_dest`: into the trash, arming the trash timer if the
    /// trash was empty.
    fn trash_dest(&mut self, id: DestId, now: Instant) {
        if let Some(dest) = self.dests.get_mut(&id) {
            dest.available = false;
            dest.idle_start = None;
        }
        if self.trash.is_empty() {
            self.trash_timer = now.0.checked_add(DEST_TRASH_PERIOD.0 / 2).map(Instant);
        }
        self.trash.insert(0, id);
    }

    /// `ip_vs_expire_nodest_conn_flush` (queued after a destination is
    /// deleted, when `expire_nodest_conn` is set): connections of servers
    /// that are no longer available go away, and so do templates left
    /// controlling nothing.
    fn expire_nodest_conns(&mut self, now: Instant) {
        if !self.sysctl.expire_nodest_conn {
            return;
        }
        let victims: Vec<ConnId> = self
            .conns
            .values()
            .filter(|c| c.n_control == 0 && c.dest.is_some_and(|d| self.dests.get(&d).is_some_and(|x| !x.available)))
            .map(|c| c.id)
            .collect();
        for id in victims {
            let control = self.conns.get(&id).and_then(|c| c.control);
            self.conn_expire(id, now);
            if let Some(ct) = control
                && self.conns.get(&ct).is_some_and(|t| t.n_control == 0)
            {
                self.conn_expire(ct, now);
            }
        }
    }

    // ----- datapath --------------------------------------------------------

    /// `ip_vs_service_find`: fwmark services first when the packet carries a
    /// mark, then `<protocol, addr, port>`, then a TCP FTP service (port 21)
    /// for FTP data (port 20 or unprivileged ports), then a port-zero
    /// service on the address.
    pub fn find_service(&self, protocol: u8, daddr: Ipv4Addr, dport: u16, fwmark: u32) -> Option<SvcId> {
        if fwmark != 0
            && let Some(id) = self.service_id(&ServiceKey::Fwmark(fwmark))
        {
            return Some(id);
        }
        let key = |port| match protocol {
            proto::TCP => Some(ServiceKey::Tcp(daddr, port)),
            proto::UDP => Some(ServiceKey::Udp(daddr, port)),
            proto::SCTP => Some(ServiceKey::Sctp(daddr, port)),
            _ => None,
        };
        let find = |port| key(port).and_then(|k| self.service_id(&k));
        find(dport).or_else(|| if protocol == proto::TCP && (dport == FTPDATA || dport >= 1024) { find(FTPPORT) } else { None }).or_else(|| find(0))
    }

    /// `ip_vs_conn_in_get`: the connection a client → virtual service packet
    /// belongs to (newest first when several match). Templates never match.
    pub fn conn_in(&self, t: &Tuple) -> Option<ConnId> {
        newest(&self.by_in, lookup_key(t.proto, t.src, t.src_port, t.dst, t.dst_port))
    }

    /// `ip_vs_conn_out_get`: the connection a real server → client packet
    /// belongs to.
    pub fn conn_out(&self, t: &Tuple) -> Option<ConnId> {
        newest(&self.by_out, lookup_key(t.proto, t.src, t.src_port, t.dst, t.dst_port))
    }

    /// `ip_vs_schedule`: choose a real server for the first packet `t` of a
    /// new connection to service `svc` and create the connection (and, for
    /// a persistent service, the template). The connection starts in state
    /// NONE; feed its packets through [`Ipvs::conn_packet`].
    pub fn schedule(&mut self, svc: SvcId, t: &Tuple, now: Instant) -> Result<ConnId, ScheduleError> {
        self.run_timers(now);
        let fwmark = self.services.get(&svc).map_or(0, |s| s.key.fwmark());
        self.schedule_packet(svc, t, fwmark, now)
    }

    fn schedule_packet(&mut self, svc_id: SvcId, t: &Tuple, fwmark: u32, now: Instant) -> Result<ConnId, ScheduleError> {
        let svc = self.services.get(&svc_id).ok_or(ScheduleError::NoService)?;
        if !matches!(t.proto, proto::TCP | proto::UDP) {
            return Err(ScheduleError::Unsupported);
        }
        // FTPDATA needs this check when using local real server.
        if t.src_port == FTPDATA {
            return Err(ScheduleError::Ignored);
        }
        if svc.flags & SVC_F_PERSISTENT != 0 {
            return self.sched_persist(svc_id, t, fwmark, now);
        }
        if svc.key.fwmark() == 0 && t.dst_port != svc.key.addr_port().1 {
            return Err(ScheduleError::NoDestination);
        }
        let dest_id = self.pick_dest(svc_id, t).ok_or(ScheduleError::NoDestination)?;
        let one_packet = self.one_packet(svc_id, t.proto);
        let dest = self.dests.get(&dest_id).ok_or(ScheduleError::NoDestination)?;
        let (daddr, dport) = (dest.addr, if dest.port != 0 { dest.port } else { t.dst_port });
        let id = self.conn_new(t.proto, t.src, t.src_port, t.dst, t.dst_port, daddr, dport, false, one_packet, dest_id, fwmark, now);
        self.conn_stats(dest_id, svc_id);
        Ok(id)
    }

    fn one_packet(&self, svc: SvcId, protocol: u8) -> bool {
        protocol == proto::UDP && self.services.get(&svc).is_some_and(|s| s.flags & SVC_F_ONEPACKET != 0)
    }

    fn pick_dest(&mut self, svc_id: SvcId, t: &Tuple) -> Option<DestId> {
        let svc = self.services.get_mut(&svc_id)?;
        let pkt = SchedPacket { saddr: t.src, daddr: t.dst, sport: t.src_port, svc_flags: svc.flags };
        svc.scheduler.as_mut()?.schedule(&svc.dests, &self.dests, &pkt)
    }

    /// `ip_vs_sched_persist`: reuse the real server of the client network's
    /// template, or schedule one and create the template
    /// `<proto, caddr & netmask, 0, vaddr, vport, daddr, dport>` (for fwmark
    /// services `<IP, caddr & netmask, 0, fwmark, 0, daddr, 0>`).
    fn sched_persist(&mut self, svc_id: SvcId, t: &Tuple, fwmark: u32, now: Instant) -> Result<ConnId, ScheduleError> {
        let svc = self.services.get(&svc_id).ok_or(ScheduleError::NoService)?;
        let (svc_port, svc_fwmark, svc_timeout) = (svc.key.addr_port().1, svc.key.fwmark(), svc.timeout);
        let snet = Ipv4Addr::from(u32::from(t.src) & u32::from(svc.netmask));
        let (tpl_proto, tpl_vaddr, tpl_vport) = if t.dst_port == svc_port {
            (t.proto, t.dst, if svc_port != FTPPORT { t.dst_port } else { 0 })
        } else if svc_fwmark != 0 {
            (0, Ipv4Addr::from(svc_fwmark), 0)
        } else {
            (t.proto, t.dst, 0)
        };
        let existing = self
            .conns
            .values()
            .rev()
            .find(|c| c.is_template() && c.proto == tpl_proto && c.caddr == snet && c.cport == 0 && c.vaddr == tpl_vaddr && c.vport == tpl_vport)
            .map(|c| c.id);
        let template = match existing {
            Some(ct) if self.check_template(ct) => ct,
            _ => {
                let dest_id = self.pick_dest(svc_id, t).ok_or(ScheduleError::NoDestination)?;
                let dest = self.dests.get(&dest_id).ok_or(ScheduleError::NoDestination)?;
                let dport = if t.dst_port == svc_port && svc_port != FTPPORT { dest.port } else { 0 };
                let daddr = dest.addr;
                let ct = self.conn_new(tpl_proto, snet, 0, tpl_vaddr, tpl_vport, daddr, dport, true, false, dest_id, fwmark, now);
                if let Some(c) = self.conns.get_mut(&ct) {
                    c.timeout = Duration::from_secs(u64::from(svc_timeout));
                }
                ct
            }
        };
        let dest_id = self.conns.get(&template).and_then(|c| c.dest).ok_or(ScheduleError::NoDestination)?;
        let dest = self.dests.get(&dest_id).ok_or(ScheduleError::NoDestination)?;
        let dport = if t.dst_port == svc_port && dest.port != 0 { dest.port } else { t.dst_port };
        let daddr = dest.addr;
        let one_packet = self.one_packet(svc_id, t.proto);
        let id = self.conn_new(t.proto, t.src, t.src_port, t.dst, t.dst_port, daddr, dport, false, one_packet, dest_id, fwmark, now);
        // ip_vs_control_add, then ip_vs_conn_put(ct) restarts its timer.
        if let Some(c) = self.conns.get_mut(&id) {
            c.control = Some(template);
        }
        self.retime(template, |ct| {
            ct.n_control += 1;
            ct.expires = now + ct.timeout;
        });
        self.conn_stats(dest_id, svc_id);
        Ok(id)
    }

    /// `ip_vs_check_template`: a template whose server is gone, or quiesced
    /// with `expire_quiescent_template`, is invalidated — its ports become
    /// 65535 so it matches no client, and it waits for its timer.
    fn check_template(&mut self, ct: ConnId) -> bool {
        let Some(c) = self.conns.get(&ct) else {
            return false;
        };
        let ok = c.dest.and_then(|d| self.dests.get(&d)).is_some_and(|d| d.available && !(self.sysctl.expire_quiescent_template && d.weight == 0));
        if !ok
            && let Some(c) = self.conns.get_mut(&ct)
            && c.vport != 0xffff
        {
            c.dport = 0xffff;
            c.vport = 0xffff;
            c.cport = 0;
        }
        ok
    }

    /// `ip_vs_conn_new` + `ip_vs_bind_dest`.
    #[allow(clippy::too_many_arguments)]
    fn conn_new(
        &mut self,
        protocol: u8,
        caddr: Ipv4Addr,
        cport: u16,
        vaddr: Ipv4Addr,
        vport: u16,
        daddr: Ipv4Addr,
        dport: u16,
        template: bool,
        one_packet: bool,
        dest_id: DestId,
        fwmark: u32,
        now: Instant,
    ) -> ConnId {
        let id = ConnId(self.next_conn);
        self.next_conn += 1;
        let fwd = self.dests.get(&dest_id).map_or(FwdMethod::Masq, |d| d.fwd);
        let state = if template {
            ConnState::Template { assured: false }
        } else if protocol == proto::TCP {
            ConnState::Tcp(TcpState::None)
        } else {
            ConnState::Udp
        };
        let conn = Conn {
            id,
            proto: protocol,
            caddr,
            cport,
            vaddr,
            vport,
            daddr,
            dport,
            fwd,
            state,
            timeout: NEW_CONN_TIMEOUT,
            expires: now + NEW_CONN_TIMEOUT,
            fwmark,
            nfct: self.sysctl.conntrack,
            inactive: true,
            no_output: fwd != FwdMethod::Masq,
            one_packet,
            dest: Some(dest_id),
            control: None,
            n_control: 0,
        };
        if let Some(d) = self.dests.get_mut(&dest_id) {
            if template {
                d.persist_conns = d.persist_conns.saturating_add(1);
            } else {
                d.inact_conns = d.inact_conns.saturating_add(1);
            }
            if d.u_threshold != 0 && d.active_conns.saturating_add(d.inact_conns) >= d.u_threshold {
                d.overloaded = true;
            }
        }
        self.timers.insert(timer_key(&conn));
        if !template {
            self.by_in.insert((lookup_key(protocol, caddr, cport, vaddr, vport), id));
            self.by_out.insert((lookup_key(protocol, daddr, dport, caddr, cport), id));
        }
        self.conns.insert(id, conn);
        id
    }

    /// Change a connection's `expires` or `n_control`, keeping its place
    /// among the timers right. Unknown ids are ignored.
    fn retime(&mut self, id: ConnId, change: impl FnOnce(&mut Conn)) {
        let Some(c) = self.conns.get_mut(&id) else {
            return;
        };
        self.timers.remove(&timer_key(c));
        change(c);
        self.timers.insert(timer_key(c));
    }

    /// `ip_vs_conn_stats`: one more connection for the server and service.
    fn conn_stats(&mut self, dest: DestId, svc: SvcId) {
        self.est_stirred = true;
        if let Some(d) = self.dests.get_mut(&dest) {
            d.stats.conns = d.stats.conns.wrapping_add(1);
        }
        if let Some(s) = self.services.get_mut(&svc) {
            s.stats.conns = s.stats.conns.wrapping_add(1);
        }
    }

    /// Account a packet of connection `id` travelling `dir`, advance its
    /// state (`ip_vs_set_state`) and re-arm its timer with the timeout of
    /// the new state (`ip_vs_conn_put`). `l3` is the IPv4 packet; its length
    /// is what the byte counters add. Unknown ids are ignored.
    pub fn conn_packet(&mut self, id: ConnId, dir: Dir, l3: &[u8], now: Instant) {
        self.run_timers(now);
        let tcp_flags = match parse_l4(l3) {
            Ok(Some(p)) if p.proto == proto::TCP => Some(p.tcp_flags),
            _ => None,
        };
        self.account_packet(id, dir, ip_len(l3), tcp_flags, now);
    }

    fn account_packet(&mut self, id: ConnId, dir: Dir, len: u64, tcp_flags: Option<u8>, now: Instant) {
        let Some(c) = self.conns.get(&id) else { return };
        let dest_id = c.dest;
        // ip_vs_in_stats / ip_vs_out_stats count only for available servers.
        if let Some(d) = dest_id.and_then(|d| self.dests.get_mut(&d))
            && d.available
        {
            let svc = d.svc;
            self.est_stirred = true;
            let (p, b) = match dir {
                Dir::Input => (&mut d.stats.inpkts, &mut d.stats.inbytes),
                Dir::Output => (&mut d.stats.outpkts, &mut d.stats.outbytes),
            };
            *p += 1;
            *b += len;
            if let Some(s) = self.services.get_mut(&svc) {
                let (p, b) = match dir {
                    Dir::Input => (&mut s.stats.inpkts, &mut s.stats.inbytes),
                    Dir::Output => (&mut s.stats.outpkts, &mut s.stats.outbytes),
                };
                *p = p.wrapping_add(1);
                *b = b.wrapping_add(len);
            }
        }
        self.set_state(id, dir, tcp_flags);
        // ip_vs_conn_put: one-packet connections expire as soon as the packet
        // is sent (here: at the next timer run).
        self.retime(id, |c| c.expires = if c.one_packet { now } else { now + c.timeout });
    }

    /// `tcp_state_transition` / `udp_state_transition`.
    fn set_state(&mut self, id: ConnId, dir: Dir, tcp_flags: Option<u8>) {
        let Some(c) = self.conns.get_mut(&id) else {
            return;
        };
        match c.state {
            ConnState::Tcp(state) => {
                let Some(flags) = tcp_flags else { return };
                let mut input_only = false;
                if c.no_output {
                    if dir == Dir::Output {
                        c.no_output = false;
                    } else {
                        input_only = true;
                    }
                }
                let new = conn::tcp_next_state(state, dir, input_only, flags);
                if new != state
                    && let Some(d) = c.dest.and_then(|d| self.dests.get_mut(&d))
                {
                    if !c.inactive && !new.is_active() {
                        d.active_conns = d.active_conns.saturating_sub(1);
                        d.inact_conns += 1;
                        c.inactive = true;
                    } else if c.inactive && new.is_active() {
                        d.active_conns += 1;
                        d.inact_conns = d.inact_conns.saturating_sub(1);
                        c.inactive = false;
                    }
                }
                c.state = ConnState::Tcp(new);
                c.timeout = self.timeouts.tcp(new);
                let assure = new == TcpState::Established && new != state;
                let control = c.control;
                if assure {
                    self.assure_template(control);
                }
            }
            ConnState::Udp => {
                c.timeout = self.timeouts.udp();
                let control = c.control;
                if dir == Dir::Output {
                    self.assure_template(control);
                }
            }
            ConnState::Template { .. } => {}
        }
    }

    /// `ip_vs_control_assure_ct`.
    fn assure_template(&mut self, control: Option<ConnId>) {
        if let Some(ct) = control.and_then(|ct| self.conns.get_mut(&ct))
            && let ConnState::Template { assured } = &mut ct.state
        {
            *assured = true;
        }
    }

    /// What `ip_vs_in` does with a packet addressed to this host at LOCAL_IN
    /// (or locally generated, at LOCAL_OUT) that is not already IPVS
    /// property: find its connection, or schedule a new
    /// one for a TCP SYN / any UDP packet to a virtual service (`fwmark` is
    /// the skb mark, set by iptables `MARK` rules in mangle PREROUTING or
    /// INPUT), count it, advance the state and tell the caller where it goes.
    ///
    /// `ct_confirmed` says whether the packet belongs to a confirmed
    /// netfilter conntrack entry (an old one, since this packet is a SYN
    /// reusing its tuple). A SYN that must be rescheduled over such an entry
    /// is dropped instead (`ip_vs_conn_uses_old_conntrack`, Linux 5.9+): the
    /// old IPVS connection expires at once, taking its conntrack entry with
    /// it when it has `nfct`, and the client's retransmitted SYN gets a fresh
    /// one.
    pub fn process_in(&mut self, l3: &[u8], fwmark: u32, ct_confirmed: bool, now: Instant) -> InVerdict {
        self.run_timers(now);
        if !self.enabled {
            return InVerdict::Accept;
        }
        let p = match parse_l4(l3) {
            Ok(Some(p)) => p,
            Ok(None) => return InVerdict::Accept,
            Err(()) => return InVerdict::Drop,
        };
        let t = Tuple { src: p.saddr, dst: p.daddr, proto: p.proto, src_port: p.sport, dst_port: p.dport };
        let is_syn = p.proto == proto::TCP && p.tcp_flags & 0x02 != 0;
        let mut cp = self.conn_in(&t);

        if let (Some(id), true) = (cp, is_syn)
            && let Some(c) = self.conns.get(&id)
        {
            let dest_weight = c.dest.and_then(|d| self.dests.get(&d)).map(|d| d.weight);
            let mode = self.sysctl.conn_reuse_mode;
            let old_ct = ct_confirmed;
            let resched = if self.sysctl.expire_nodest_conn && dest_weight == Some(0) {
                true
            } else if mode != 0 && is_new_conn_expected(c, mode) {
                c.n_control == 0 || !old_ct
            } else {
                false
            };
            if resched {
                let n_control = c.n_control;
                if let Some(c) = self.conns.get_mut(&id)
                    && !old_ct
                {
                    c.nfct = false;
                }
                if n_control == 0 {
                    self.conn_expire(id, now);
                }
                if old_ct {
                    return InVerdict::Drop;
                }
                cp = None;
            }
        }

        // Check the server status.
        if let Some(id) = cp {
            let unavailable = self.conns.get(&id).and_then(|c| c.dest).and_then(|d| self.dests.get(&d)).is_some_and(|d| !d.available);
            if unavailable {
                if !self.sysctl.expire_nodest_conn {
                    return InVerdict::Drop;
                }
                let old_ct = ct_confirmed;
                if let Some(c) = self.conns.get_mut(&id)
                    && !old_ct
                {
                    c.nfct = false;
                }
                self.conn_expire(id, now);
                if old_ct {
                    return InVerdict::Drop;
                }
                cp = None;
            }
        }

        let new = cp.is_none();
        let id = match cp {
            Some(id) => id,
            None => {
                // tcp_conn_schedule: only a SYN without RST opens a connection.
                if p.proto == proto::TCP && (p.tcp_flags & 0x04 != 0 || !is_syn) {
                    return InVerdict::Accept;
                }
                let Some(svc) = self.find_service(p.proto, p.daddr, p.dport, fwmark) else {
                    return InVerdict::Accept;
                };
                match self.schedule_packet(svc, &t, fwmark, now) {
                    Ok(id) => id,
                    Err(ScheduleError::NoDestination) => {
                        // ip_vs_leave: other ports on an FTP VIP pass.
                        let svc_port = self.services.get(&svc).map_or(0, |s| s.key.addr_port().1);
                        return if svc_port == FTPPORT && p.dport != FTPPORT { InVerdict::Accept } else { InVerdict::Reject };
                    }
                    Err(_) => return InVerdict::Accept,
                }
            }
        };
        self.account_packet(id, Dir::Input, p.len, (p.proto == proto::TCP).then_some(p.tcp_flags), now);
        InVerdict::Forward { conn: id, new }
    }

    /// What `ip_vs_out` does with a packet from a real server (FORWARD,
    /// LOCAL_IN or LOCAL_OUT): a reply of a masqueraded connection is
    /// counted, advances the state and must be source-NATed back to the
    /// virtual address; everything else passes.
    pub fn process_out(&mut self, l3: &[u8], now: Instant) -> OutVerdict {
        self.run_timers(now);
        if !self.enabled {
            return OutVerdict::Accept;
        }
        let Ok(Some(p)) = parse_l4(l3) else {
            return OutVerdict::Accept;
        };
        let t = Tuple { src: p.saddr, dst: p.daddr, proto: p.proto, src_port: p.sport, dst_port: p.dport };
        let Some(id) = self.conn_out(&t) else {
            return OutVerdict::Accept;
        };
        if self.conns.get(&id).is_none_or(|c| c.fwd != FwdMethod::Masq) {
            return OutVerdict::Accept;
        }
        self.account_packet(id, Dir::Output, p.len, (p.proto == proto::TCP).then_some(p.tcp_flags), now);
        OutVerdict::Snat { conn: id }
    }

    // ----- timers ------------------------------------------------------------

    /// Run every timer due by `now` and hand out the connections (and
    /// templates) removed since the previous call — with `nfct` set, their
    /// conntrack entries must be dropped too (`ip_vs_conn_drop_conntrack`).
    pub fn expire(&mut self, now: Instant) -> Vec<Conn> {
        self.run_timers(now);
        std::mem::take(&mut self.expired)
    }

    /// Fire connection timers, the trash timer and estimator samples due by
    /// `now`, earliest first.
    ///
    /// Among connections due at the same instant, those controlling nothing
    /// go first, so that templates are released by their connections
    /// before their own timers run.
    fn run_timers(&mut self, now: Instant) {
        loop {
            let conn_due = self.timers.first().copied().filter(|n| n.0 <= now);
            let trash_due = self.trash_timer.filter(|t| *t <= now);
            let est_due = self.est_last.0.checked_add(EST_PERIOD.0).map(Instant).filter(|t| *t <= now);
            let next = [conn_due.map(|c| c.0), trash_due, est_due].into_iter().flatten().min();
            let Some(at) = next else { break };
            if let Some((t, _, id)) = conn_due.filter(|c| c.0 == at) {
                self.conn_expire(id, t);
            } else if trash_due == Some(at) {
                self.trash_tick(at);
            } else if self.est_stirred {
                self.estimator_tick(at, now);
            } else {
                self.estimator_skip(now);
            }
        }
    }

    /// `ip_vs_conn_expire`: an entry still controlling others is put off by
    /// 60 s; otherwise it is removed and releases its server and template.
    fn conn_expire(&mut self, id: ConnId, at: Instant) {
        let Some(c) = self.conns.get(&id) else {
            return;
        };
        if c.n_control > 0 {
            self.retime(id, |c| {
                c.timeout = EXPIRE_LATER;
                c.expires = at + EXPIRE_LATER;
            });
            return;
        }
        let Some(c) = self.conns.remove(&id) else {
            return;
        };
        self.timers.remove(&timer_key(&c));
        if !c.is_template() {
            self.by_in.remove(&(lookup_key(c.proto, c.caddr, c.cport, c.vaddr, c.vport), id));
            self.by_out.remove(&(lookup_key(c.proto, c.daddr, c.dport, c.caddr, c.cport), id));
        }
        if let Some(ct) = c.control {
            self.retime(ct, |ct| ct.n_control = ct.n_control.saturating_sub(1));
        }
        if let Some(d) = c.dest.and_then(|d| self.dests.get_mut(&d)) {
            // ip_vs_unbind_dest
            if c.is_template() {
                d.persist_conns = d.persist_conns.saturating_sub(1);
            } else if c.inactive {
                d.inact_conns = d.inact_conns.saturating_sub(1);
            } else {
                d.active_conns = d.active_conns.saturating_sub(1);
            }
            let total = d.active_conns.saturating_add(d.inact_conns);
            if d.l_threshold != 0 {
                if total < d.l_threshold {
                    d.overloaded = false;
                }
            } else if d.u_threshold != 0 {
                if u64::from(total) * 4 < u64::from(d.u_threshold) * 3 {
                    d.overloaded = false;
                }
            } else {
                d.overloaded = false;
            }
        }
        self.expired.push(c);
    }

    /// `ip_vs_dest_trash_expire`, every 60 s while the trash is not empty: a
    /// destination no connection uses is freed once it has been idle for
    /// `IP_VS_DEST_TRASH_PERIOD`.
    fn trash_tick(&mut self, at: Instant) {
        let mut keep = Vec::with_capacity(self.trash.len());
        for id in std::mem::take(&mut self.trash) {
            let referenced = self.conns.values().any(|c| c.dest == Some(id));
            let Some(d) = self.dests.get_mut(&id) else {
                continue;
            };
            if referenced {
                keep.push(id);
                continue;
            }
            match d.idle_start {
                Some(start) if at >= start + DEST_TRASH_PERIOD => {
                    self.dests.remove(&id);
                }
                Some(_) => keep.push(id),
                None => {
                    d.idle_start = Some(at);
                    keep.push(id);
                }
            }
        }
        self.trash = keep;
        // (A timer that would run past the end of time never fires.)
        self.trash_timer = if self.trash.is_empty() { None } else { at.0.checked_add(DEST_TRASH_PERIOD.0 / 2).map(Instant) };
    }

    /// Every sample due by `now` would change nothing: move to the last.
    fn estimator_skip(&mut self, now: Instant) {
        let periods = now.since(self.est_last).as_nanos() / EST_PERIOD.as_nanos();
        self.est_last += Duration::from_nanos(periods * EST_PERIOD.as_nanos());
    }

    /// One estimator sample for every service and live real server; when
    /// nothing would change, skip to the last sample due by `now`.
    fn estimator_tick(&mut self, at: Instant, now: Instant) {
        let live: Vec<DestId> = self.services.values().flat_map(|s| s.dests.iter().copied()).collect();
        let idle = self.services.values().all(|s| s.stats.estimator_idle()) && live.iter().filter_map(|d| self.dests.get(d)).all(|d| d.stats.estimator_idle());
        if idle {
            self.est_stirred = false;
            self.estimator_skip(now);
            return;
        }
        for s in self.services.values_mut() {
            s.stats.estimate();
        }
        for d in live {
            if let Some(d) = self.dests.get_mut(&d) {
                d.stats.estimate();
            }
        }
        self.est_last = at;
    }
}

/// The newest connection (the highest id: ids grow with creation) with
/// this key in a lookup index.
fn newest(index: &BTreeSet<(LookupKey, ConnId)>, key: LookupKey) -> Option<ConnId> {
    index.range((key, ConnId(0))..=(key, ConnId(u64::MAX))).next_back().map(|(_, id)| *id)
}

/// `is_new_conn_expected`: a SYN reusing the tuple of a finished
/// connection opens a new one.
fn is_new_conn_expected(c: &Conn, mode: u8) -> bool {
    if c.control.is_some() {
        return false;
    }
    match c.state {
        ConnState::Tcp(s) => s == TcpState::TimeWait || s == TcpState::Close || (mode & 2 != 0 && s == TcpState::FinWait && c.no_output),
        _ => false,
    }
}

/// `ip_vs_scheduler_get` (`Ok(None)` for `none`).
fn lookup_scheduler(name: &str) -> Result<Option<SchedKind>, IpvsError> {
    match SchedKind::from_name(name) {
        Some(SchedKind::None) => Ok(None),
        Some(k) => Ok(Some(k)),
        None => Err(IpvsError::NotFound),
    }
}

/// No persistence engine module (`ip_vs_pe_sip`) is available.
fn check_pe(cfg: &ServiceConfig) -> Result<(), IpvsError> {
    match &cfg.pe_name {
        Some(pe) if !pe.is_empty() => Err(IpvsError::NotFound),
        _ => Ok(()),
    }
}

/// The checks `ip_vs_add_dest` / `ip_vs_edit_dest` make before looking
/// anything up.
fn check_dest_config(d: &DestConfig) -> Result<(), IpvsError> {
    if d.weight < 0 || d.l_threshold > d.u_threshold {
        return Err(IpvsError::Range);
    }
    if d.tunnel.kind == TunnelKind::Gue && d.tunnel.port == 0 {
        return Err(IpvsError::Invalid);
    }
    Ok(())
}

/// `inet_addr_type(addr) == RTN_UNICAST || RTN_LOCAL` as far as the address
/// alone decides: 0.0.0.0/8 and 255.255.255.255 are broadcast, 224.0.0.0/4
/// multicast. (Subnet broadcast addresses depend on the routing table and
/// are accepted here.)
fn is_unicast(a: Ipv4Addr) -> bool {
    a.octets()[0] != 0 && !a.is_broadcast() && !a.is_multicast()
}
