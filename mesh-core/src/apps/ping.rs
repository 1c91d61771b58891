//! `ping` (iputils 20221126): ICMP echo requests once a second from a raw
//! socket with `IP_RECVERR`, with iputils' output.
//!
//! As iputils does, ping first `connect()`s a UDP probe socket to the
//! destination (a route and a source address, no packet): failing that it
//! says `ping: connect: …` and exits 2 before printing anything. A `sendto`
//! that fails counts as transmitted; only a local error on the socket's
//! error queue is printed (`ping: local error: message too long, mtu=1450`
//! when `-M do` meets a smaller path MTU, or any datagram tops 65535 bytes)
//! and counted in `+N errors` (not with `-q`). ICMP errors quoting a
//! request are printed as `From … icmp_seq=N …` and always counted. Below
//! 16 bytes of data there is no room for the send time: replies print no
//! `time=` and there is no rtt summary.
//!
//! `-I DEV` binds both sockets to the device (`from SRC DEV:` in the
//! header), `-I ADDR` binds the raw socket to that source and skips the
//! probe (`from ADDR :`). A broadcast destination fails the probe's
//! `connect()` with EACCES: without `-b` ping stops with its hint, with it
//! it warns and sets `SO_BROADCAST`. A reply to a sequence already answered
//! is a duplicate (`(DUP!)`, `+N duplicates`). The statistics follow
//! iputils' `finish()`: the loss is printed with `%g` of a `float`, and
//! `pipe N` (the most requests outstanding when one was answered or
//! reported, see `acknowledge()`) when it is above 1.

use std::net::Ipv4Addr;

use crate::apps::dns::{StubPoll, StubResolver};
use crate::kernel::app::{App, AppIo};
use crate::kernel::dp::frag::PmtuDisc;
use crate::kernel::dp::{PingBind, PingSendError};
use crate::kernel::socket::{PingEvent, SockId};
use crate::output::{CmdOutput, Stream};
use crate::time::{Duration, Instant};

/// iputils measures round trips only if a `struct timeval` fits the data.
const TIMEVAL_LEN: usize = 16;

/// Options of one ping run.
#[derive(Clone, Debug)]
pub struct PingOpts {
    pub dst: Ipv4Addr,
    /// What the user typed as the destination (printed in the header).
    pub target: String,
    pub count: u32,
    pub interval: Duration,
    /// `-W`: how long to wait for the last reply.
    pub wait: Duration,
    /// `-s`: payload size (56).
    pub size: usize,
    pub quiet: bool,
    pub ident: u16,
    /// `-t`: the TTL of the requests.
    pub ttl: Option<u8>,
    /// `-M`: the socket's IP_MTU_DISCOVER (`want` unless given).
    pub pmtudisc: PmtuDisc,
    /// `-I`: a device or a source address.
    pub interface: Option<PingInterface>,
    /// `-b`: allow a broadcast destination (SO_BROADCAST).
    pub broadcast: bool,
}

/// What `-I` named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PingInterface {
    Device(String),
    Addr(Ipv4Addr),
}

#[derive(Debug)]
pub struct Ping {
    opts: PingOpts,
    sock: Option<SockId>,
    sent: u32,
    next_send: Instant,
    start: Option<Instant>,
    sent_at: Vec<Instant>,
    received: u32,
    /// Replies to a sequence already answered (`nrepeats`).
    duplicates: u32,
    /// The sequences answered so far (iputils' `rcvd_tbl`).
    answered: Vec<bool>,
    /// iputils' `pipesize` and `acked` (see [`Ping::acknowledge`]).
    pipesize: u32,
    acked: u16,
    bind: PingBind,
    errors: u32,
    rtts_us: Vec<u64>,
    /// What was printed, in order (stderr lines fall between stdout's).
    pieces: Vec<(Stream, String)>,
    done: Option<i32>,
    last_sent_at: Instant,
}

impl Ping {
    pub fn new(opts: PingOpts) -> Ping {
        Ping {
            opts,
            sock: None,
            sent: 0,
            next_send: Instant::ZERO,
            start: None,
            sent_at: Vec::new(),
            received: 0,
            duplicates: 0,
            answered: Vec::new(),
            pipesize: 0,
            acked: 0,
            bind: PingBind::NONE,
            errors: 0,
            rtts_us: Vec::new(),
            pieces: Vec::new(),
            done: None,
            last_sent_at: Instant::ZERO,
        }
    }

    fn print(&mut self, stream: Stream, text: String) {
        match self.pieces.last_mut() {
            Some((s, t)) if *s == stream => t.push_str(&text),
            _ => self.pieces.push((stream, text)),
        }
    }

    /// iputils' `acknowledge()`: a reply or an ICMP error for `seq` shows
    /// how many requests were in flight.
    fn acknowledge(&mut self, seq: u16) {
        let transmitted = self.sent as u16;
        let diff = transmitted.wrapping_sub(seq);
        if diff <= 0x7fff {
            self.pipesize = self.pipesize.max(u32::from(diff) + 1);
            if (seq.wrapping_sub(self.acked) as i16) > 0 || transmitted.wrapping_sub(self.acked) > 0x7fff {
                self.acked = seq;
            }
        }
    }

    fn finish(&mut self, now: Instant) {
        let o = &self.opts;
        // iputils prints the time from the first probe to the last one sent
        // (`cur_time` moves with each send), not to the end of the wait:
        // one unanswered probe reports `time 0ms`.
        let _ = now;
        let elapsed = self.start.map(|s| self.last_sent_at.since(s)).unwrap_or_default();
        let mut out = format!("\n--- {} ping statistics ---\n", o.target);
        out.push_str(&format!("{} packets transmitted, {} received", self.sent, self.received));
        if self.duplicates > 0 {
            out.push_str(&format!(", +{} duplicates", self.duplicates));
        }
        if self.errors > 0 {
            out.push_str(&format!(", +{} errors", self.errors));
        }
        if self.sent > 0 {
            // `(float)(lost * 100.0 / transmitted)` printed with `%g`.
            let loss = ((f64::from(self.sent.saturating_sub(self.received)) * 100.0) / f64::from(self.sent)) as f32;
            out.push_str(&format!(", {}% packet loss, time {}ms", format_g(f64::from(loss)), (elapsed.as_micros() + 500) / 1000));
        }
        out.push('\n');
        let mut tail = Vec::new();
        if self.received > 0 && !self.rtts_us.is_empty() {
            let n = self.rtts_us.len() as u64;
            let min = *self.rtts_us.iter().min().unwrap_or(&0);
            let max = *self.rtts_us.iter().max().unwrap_or(&0);
            let sum: u64 = self.rtts_us.iter().sum();
            let sum2: u128 = self.rtts_us.iter().map(|x| u128::from(*x) * u128::from(*x)).sum();
            let avg = sum / n;
            let var = (sum2 / u128::from(n)).saturating_sub(u128::from(avg) * u128::from(avg));
            let mdev = (var as f64).sqrt() as u64;
            let f = |us: u64| format!("{}.{:03}", us / 1000, us % 1000);
            tail.push(format!("rtt min/avg/max/mdev = {}/{}/{}/{} ms", f(min), f(avg), f(max), f(mdev)));
        }
        if self.pipesize > 1 {
            tail.push(format!("pipe {}", self.pipesize));
        }
        // The last line is printed even when empty.
        out.push_str(&tail.join(", "));
        out.push('\n');
        self.print(Stream::Stdout, out);
        self.done = Some(if self.received > 0 { 0 } else { 1 });
    }
}

impl Ping {
    /// ping4_run before the first request: `-I DEV` (SO_BINDTODEVICE),
    /// the probe `connect()` (a route and a source; EACCES for a broadcast
    /// unless `-b`), or `-I ADDR` (bind). Returns how the raw socket is
    /// bound, or what ping prints before exiting with status 2.
    fn setup(&mut self, io: &mut AppIo<'_>) -> Result<PingBind, String> {
        let ns = io.netns;
        let dst = self.opts.dst;
        let oif = match &self.opts.interface {
            Some(PingInterface::Device(name)) => {
                Some(io.kernel.dev_by_name(ns, name).ok_or_else(|| format!("ping: SO_BINDTODEVICE {name}: No such device\n"))?)
            }
            Some(PingInterface::Addr(addr)) => {
                io.kernel.ping_bind_addr(ns, *addr).map_err(|e| format!("ping: bind: {e}\n"))?;
                return Ok(PingBind { src: *addr, oif: None });
            }
            None => None,
        };
        let src = match io.kernel.ping_connect(ns, dst, oif, false) {
            Ok(src) => src,
            Err(crate::kernel::Errno::EACCES) => {
                if !self.opts.broadcast {
                    return Err("ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules\n".to_string());
                }
                self.print(Stream::Stderr, "WARNING: pinging broadcast address\n".to_string());
                io.kernel.ping_connect(ns, dst, oif, true).map_err(|e| format!("ping: connect: {e}\n"))?
            }
            Err(e) => return Err(format!("ping: connect: {e}\n")),
        };
        Ok(PingBind { src: if oif.is_some() { src } else { Ipv4Addr::UNSPECIFIED }, oif })
    }
}

/// C's `printf("%g", v)` for a non-negative value: six significant digits,
/// trailing zeros removed, exponent form below 1e-4 or from 1e6.
fn format_g(v: f64) -> String {
    if v == 0.0 {
        return "0".to_string();
    }
    let strip = |t: String| -> String { if t.contains('.') { t.trim_end_matches('0').trim_end_matches('.').to_string() } else { t } };
    // The exponent after rounding to six significant digits.
    let sci = format!("{v:.5e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if (-4..6).contains(&exp) {
        strip(format!("{v:.prec$}", prec = (5 - exp) as usize))
    } else {
        format!("{}e{}{:02}", strip(mantissa.to_string()), if exp < 0 { '-' } else { '+' }, exp.abs())
    }
}

/// iputils' reply time format: 3 significant decimals below 1 ms, fewer above.
fn triptime(us: u64) -> String {
    if us >= 100_000 {
        format!("{}", us / 1000)
    } else if us >= 10_000 {
        format!("{}.{}", us / 1000, (us % 1000) / 100)
    } else if us >= 1000 {
        format!("{}.{:02}", us / 1000, (us % 1000) / 10)
    } else {
        format!("0.{:03}", us)
    }
}

impl App for Ping {
    fn name(&self) -> &str {
        "ping"
    }

    fn poll(&mut self, io: &mut AppIo<'_>) {
        if self.done.is_some() {
            return;
        }
        let now = io.now();
        let ns = io.netns;
        let sock = match self.sock {
            Some(s) => s,
            None => {
                let bound = match self.setup(io) {
                    Ok(b) => b,
                    Err(text) => {
                        self.print(Stream::Stderr, text);
                        self.done = Some(2);
                        return;
                    }
                };
                self.bind = bound;
                let s = io.kernel.ping_open(ns, self.opts.ident);
                io.own(s);
                self.sock = Some(s);
                self.start = Some(now);
                self.next_send = now;
                let o = &self.opts;
                let from = match &o.interface {
                    Some(PingInterface::Device(d)) => format!("from {} {d}: ", bound.src),
                    Some(PingInterface::Addr(a)) => format!("from {a} : "),
                    None => String::new(),
                };
                let header = format!("PING {} ({}) {from}{}({}) bytes of data.\n", o.target, o.dst, o.size, o.size + 28);
                self.print(Stream::Stdout, header);
                s
            }
        };
        let timing = self.opts.size >= TIMEVAL_LEN;
        while let Some(ev) = io.kernel.ping_recv(ns, sock) {
            match ev {
                PingEvent::Reply { from, seq, ttl, len, at } => {
                    let Some(sent) = self.sent_at.get(usize::from(seq).wrapping_sub(1)).copied() else { continue };
                    self.acknowledge(seq);
                    let index = usize::from(seq);
                    if self.answered.len() <= index {
                        self.answered.resize(index + 1, false);
                    }
                    let duplicate = std::mem::replace(&mut self.answered[index], true);
                    if duplicate {
                        self.duplicates += 1;
                    } else {
                        self.received += 1;
                    }
                    let time = if timing {
                        let rtt = at.since(sent).as_micros();
                        self.rtts_us.push(rtt);
                        format!(" time={} ms", triptime(rtt))
                    } else {
                        String::new()
                    };
                    // iputils hides (DUP!) for multicast destinations only.
                    let dup = if duplicate && !self.opts.dst.is_multicast() { " (DUP!)" } else { "" };
                    if !self.opts.quiet {
                        self.print(Stream::Stdout, format!("{len} bytes from {from}: icmp_seq={seq} ttl={ttl}{time}{dup}\n"));
                    }
                }
                // ping4_parse_reply: a redirect quoting one of our requests
                // (to our destination) is printed, not counted.
                PingEvent::Redirect { from, dst, seq, code, gateway } => {
                    if dst == self.opts.dst && !self.opts.quiet {
                        let what = match code {
                            0 => "Redirect Network",
                            1 => "Redirect Host",
                            2 => "Redirect Type of Service and Network",
                            3 => "Redirect Type of Service and Host",
                            _ => "Redirect, Bad Code",
                        };
                        let what = if code > 3 { format!("{what}: {code}") } else { what.to_string() };
                        self.print(Stream::Stdout, format!("From {from}: icmp_seq={seq} {what}(New nexthop: {gateway})\n"));
                    }
                }
                PingEvent::Error { from, seq, icmp_type, code, info, .. } => {
                    self.acknowledge(seq);
                    self.errors += 1;
                    if !self.opts.quiet {
                        let what = match (icmp_type, code) {
                            (3, 0) => "Destination Net Unreachable".to_string(),
                            (3, 1) => "Destination Host Unreachable".to_string(),
                            (3, 2) => "Destination Protocol Unreachable".to_string(),
                            (3, 3) => "Destination Port Unreachable".to_string(),
                            (3, 4) => format!("Frag needed and DF set (mtu = {info})"),
                            (3, 9) => "Destination Net Prohibited".to_string(),
                            (3, 10) => "Destination Host Prohibited".to_string(),
                            (3, 13) => "Packet filtered".to_string(),
                            (11, 0) => "Time to live exceeded".to_string(),
                            (11, _) => "Frag reassembly time exceeded".to_string(),
                            _ => "Bad ICMP type".to_string(),
                        };
                        self.print(Stream::Stdout, format!("From {from} icmp_seq={seq} {what}\n"));
                    }
                }
            }
        }
        if self.sent < self.opts.count && now >= self.next_send {
            self.sent += 1;
            let seq = self.sent as u16;
            self.sent_at.push(now);
            self.last_sent_at = now;
            // More than an IP datagram can carry is refused by the kernel
            // before anything is built (and never allocated here).
            let o = &self.opts;
            let sent = if o.size + 8 > crate::kernel::dp::frag::IP_MAX_MTU {
                Err(PingSendError::Failed(crate::kernel::Errno::EMSGSIZE))
            } else {
                io.kernel.ping_send(ns, self.bind, o.ident, o.dst, seq, &vec![0u8; o.size], o.ttl, o.pmtudisc)
            };
            // A failed sendto is a transmitted packet; only a local error
            // queued on the socket is reported (receive_error_msg).
            if let Err(PingSendError::MessageTooLong { mtu }) = sent
                && !self.opts.quiet
            {
                self.errors += 1;
                self.print(Stream::Stderr, format!("ping: local error: message too long, mtu={mtu}\n"));
            }
            self.next_send = now + self.opts.interval;
        }
        let all_answered = self.received + self.errors >= self.sent;
        if self.sent >= self.opts.count && (all_answered || now >= self.last_sent_at + self.opts.wait) {
            self.finish(now);
            return;
        }
        let wake = if self.sent < self.opts.count { self.next_send } else { self.last_sent_at + self.opts.wait };
        io.set_timer(wake.since(now));
    }

    fn finished(&self) -> Option<CmdOutput> {
        self.done.map(|status| CmdOutput::from_pieces(self.pieces.clone(), status))
    }
}

/// Options of one busybox ping run.
#[derive(Clone, Debug)]
pub struct BusyboxPingOpts {
    /// What the user typed as the destination (header and statistics).
    pub target: String,
    /// The destination when it was an address (or a hosts-file name);
    /// `None` asks `nameserver`.
    pub dst: Option<Ipv4Addr>,
    /// resolv.conf's nameserver (Docker's embedded DNS in a container).
    pub nameserver: (Ipv4Addr, u16),
    /// `-4`: ask for A records only (`AF_INET`); otherwise `AF_UNSPEC`
    /// asks for A and AAAA.
    pub ipv4_only: bool,
    /// `-c`: busybox's `pingcount` (0: until interrupted or `-w`).
    pub count: u32,
    /// How many requests mesh sends at most (see the tool: 4 without `-c`
    /// or `-w`, where the real one runs until interrupted).
    pub send_limit: Option<u32>,
    pub interval: Duration,
    /// `-W`: seconds to wait after the last request when nothing was
    /// answered (10).
    pub timeout_secs: u64,
    /// `-w`: seconds after which the next send ends the run instead.
    pub deadline: Option<Duration>,
    /// `-s`: data bytes (56).
    pub size: usize,
    pub quiet: bool,
    /// `-t`: the TTL (a value outside 1..=255 is ignored, as the kernel
    /// refuses it and busybox does not check).
    pub ttl: Option<u8>,
    /// `-I`: a device (found at option time) or a source address.
    pub interface: Option<PingInterface>,
    pub ident: u16,
}

/// busybox ping's counters when it prints its statistics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BusyboxStats {
    pub transmitted: u32,
    pub received: u32,
    /// Replies to a sequence already answered (`nrepeats`).
    pub repeats: u32,
    /// `tmin`, `tmax`, `tsum` in µs, once a timed reply came in.
    pub times: Option<(u64, u64, u64)>,
}

impl BusyboxStats {
    /// `print_stats_and_exit`: the loss is an integer percentage rounded
    /// down, the average divides the time sum by replies plus duplicates.
    pub fn summary(&self, target: &str) -> String {
        let mut out = format!("\n--- {target} ping statistics ---\n{} packets transmitted, {} packets received, ", self.transmitted, self.received);
        if self.repeats > 0 {
            out.push_str(&format!("{} duplicates, ", self.repeats));
        }
        let tx = u64::from(self.transmitted);
        let loss = (tx.saturating_sub(u64::from(self.received)) * 100).checked_div(tx).unwrap_or(0);
        out.push_str(&format!("{loss}% packet loss\n"));
        if let Some((min, max, sum)) = self.times {
            let avg = sum / (u64::from(self.received) + u64::from(self.repeats)).max(1);
            let f = |us: u64| format!("{}.{:03}", us / 1000, us % 1000);
            out.push_str(&format!("round-trip min/avg/max = {}/{}/{} ms\n", f(min), f(avg), f(max)));
        }
        out
    }
}

#[derive(Debug)]
enum BusyboxPhase {
    Start,
    Resolving(StubResolver),
    Pinging { sock: SockId, dst: Ipv4Addr },
}

/// busybox 1.36 `ping` (FEATURE_FANCY_PING, as Alpine builds it): a raw
/// ICMP socket, requests numbered from 0, its own output format.
///
/// The name resolves through musl's resolver (resolv.conf's nameserver,
/// A and AAAA unless `-4`); the first A record is pinged, and a failure is
/// `ping: bad address 'NAME'` (exit 1) before anything else. Then the
/// header `PING NAME (ADDR)[ from SRC]: N data bytes`. A reply prints
/// `64 bytes from ADDR: seq=N ttl=T time=X.XXX ms` (no time below 4 data
/// bytes, where the send timestamp does not fit). busybox matches packets
/// on the raw socket by its identifier, which an ICMP error does not
/// carry where it looks, and skips short ones: unreachable hosts, TTL
/// expiry and redirects print nothing, the run ends with 100% loss.
/// A `sendto` that fails ends the run: `ping: sendto: Network is
/// unreachable`, exit 1, no statistics.
///
/// After the last request it waits `-W` seconds if nothing was answered,
/// else about two round trips (at least a second); it stops as soon as
/// `-c` replies are in. `-w` is checked only when a request is due. The
/// exit status is 1 when nothing was received, or with `-w` fewer than
/// `-c`.
#[derive(Debug)]
pub struct BusyboxPing {
    opts: BusyboxPingOpts,
    phase: BusyboxPhase,
    start: Instant,
    bind: PingBind,
    sent_at: Vec<Instant>,
    answered: Vec<bool>,
    stats: BusyboxStats,
    next_send: Instant,
    /// When the wait after the last request ends (set once it is sent).
    end_at: Option<Instant>,
    pieces: Vec<(Stream, String)>,
    done: Option<i32>,
}

impl BusyboxPing {
    pub fn new(opts: BusyboxPingOpts) -> BusyboxPing {
        BusyboxPing {
            opts,
            phase: BusyboxPhase::Start,
            start: Instant::ZERO,
            bind: PingBind::NONE,
            sent_at: Vec::new(),
            answered: Vec::new(),
            stats: BusyboxStats::default(),
            next_send: Instant::ZERO,
            end_at: None,
            pieces: Vec::new(),
            done: None,
        }
    }

    fn print(&mut self, stream: Stream, text: String) {
        match self.pieces.last_mut() {
            Some((s, t)) if *s == stream => t.push_str(&text),
            _ => self.pieces.push((stream, text)),
        }
    }

    fn die(&mut self, text: String) {
        self.print(Stream::Stderr, text);
        self.done = Some(1);
    }

    fn finish(&mut self) {
        let summary = self.stats.summary(&self.opts.target);
        self.print(Stream::Stdout, summary);
        let short = self.opts.deadline.is_some() && self.stats.received < self.opts.count;
        self.done = Some(if self.stats.received == 0 || short { 1 } else { 0 });
    }

    /// The header, then the socket: `-I DEV` binds it to the device,
    /// `-I ADDR` sets the multicast source (refused for an address not
    /// configured here) and binds it.
    fn open(&mut self, io: &mut AppIo<'_>, dst: Ipv4Addr) -> Result<SockId, String> {
        let o = &self.opts;
        let from = match &o.interface {
            Some(PingInterface::Addr(a)) => format!(" from {a}"),
            _ => String::new(),
        };
        let header = format!("PING {} ({dst}){from}: {} data bytes\n", o.target, o.size);
        self.print(Stream::Stdout, header);
        let ns = io.netns;
        self.bind = match self.opts.interface.clone() {
            Some(PingInterface::Addr(a)) => {
                io.kernel.ping_bind_addr(ns, a).map_err(|_| "ping: can't set multicast source interface\n".to_string())?;
                PingBind { src: a, oif: None }
            }
            Some(PingInterface::Device(name)) => {
                let oif = io.kernel.dev_by_name(ns, &name).ok_or_else(|| format!("ping: can't bind to interface {name}: No such device\n"))?;
                let src = io.kernel.ping_connect(ns, dst, Some(oif), true).map_err(|e| format!("ping: sendto: {e}\n"))?;
                PingBind { src, oif: Some(oif) }
            }
            None => PingBind::NONE,
        };
        let s = io.kernel.ping_open(ns, self.opts.ident);
        io.own(s);
        Ok(s)
    }

    /// `sendping4` and `sendping_tail`.
    fn send(&mut self, io: &mut AppIo<'_>, dst: Ipv4Addr, now: Instant) {
        if let Some(d) = self.opts.deadline
            && now >= self.start + d
        {
            self.finish();
            return;
        }
        let seq = self.stats.transmitted as u16;
        let index = usize::from(seq);
        if self.answered.len() <= index {
            self.answered.resize(index + 1, false);
        }
        self.answered[index] = false;
        if self.sent_at.len() <= index {
            self.sent_at.resize(index + 1, now);
        }
        self.sent_at[index] = now;
        self.stats.transmitted += 1;
        let o = &self.opts;
        let sent = io.kernel.ping_send(io.netns, self.bind, o.ident, dst, seq, &vec![0u8; o.size], o.ttl, PmtuDisc::Want);
        let errno = match sent {
            Ok(()) => None,
            Err(PingSendError::Failed(e)) => Some(e),
            Err(PingSendError::MessageTooLong { .. }) => Some(crate::kernel::Errno::EMSGSIZE),
        };
        if let Some(e) = errno {
            self.die(format!("ping: sendto: {e}\n"));
            return;
        }
        let more = self.opts.send_limit.is_none_or(|limit| self.stats.transmitted < limit);
        if more {
            self.next_send = now + self.opts.interval;
        } else {
            // Two round trips in seconds (tmax / 512 Ki µs), at least one.
            let expire = match self.stats.times {
                Some((_, max, _)) if self.stats.received > 0 => (max / (512 * 1024)).max(1),
                _ if self.stats.received > 0 => 1,
                _ => self.opts.timeout_secs,
            };
            self.end_at = Some(now + Duration::from_secs(expire));
        }
    }
}

impl App for BusyboxPing {
    fn name(&self) -> &str {
        "ping"
    }

    fn poll(&mut self, io: &mut AppIo<'_>) {
        if self.done.is_some() {
            return;
        }
        let now = io.now();
        if let BusyboxPhase::Start = self.phase {
            self.start = now;
            match self.opts.dst {
                Some(dst) => self.begin(io, dst, now),
                None => self.phase = BusyboxPhase::Resolving(StubResolver::new(&self.opts.target, self.opts.nameserver, !self.opts.ipv4_only)),
            }
            if self.done.is_some() {
                return;
            }
        }
        if let BusyboxPhase::Resolving(r) = &mut self.phase {
            match r.poll(io) {
                StubPoll::Done(Ok(ips)) if !ips.is_empty() => {
                    let dst = ips[0];
                    self.begin(io, dst, now);
                    if self.done.is_some() {
                        return;
                    }
                }
                StubPoll::Done(_) => {
                    let text = format!("ping: bad address '{}'\n", self.opts.target);
                    self.die(text);
                    return;
                }
                StubPoll::Pending { wake_at } => {
                    io.set_timer(wake_at.since(now));
                    return;
                }
            }
        }
        let BusyboxPhase::Pinging { sock, dst } = self.phase else { return };
        let timed = self.opts.size >= 4;
        while let Some(ev) = io.kernel.ping_recv(io.netns, sock) {
            // ICMP errors and redirects never match busybox's identifier.
            let PingEvent::Reply { from, seq, ttl, len, at } = ev else { continue };
            let Some(sent) = self.sent_at.get(usize::from(seq)).copied() else { continue };
            let time = if timed {
                let rtt = at.since(sent).as_micros();
                let (min, max, sum) = self.stats.times.unwrap_or((u64::MAX, 0, 0));
                self.stats.times = Some((min.min(rtt), max.max(rtt), sum + rtt));
                format!(" time={}.{:03} ms", rtt / 1000, rtt % 1000)
            } else {
                String::new()
            };
            let index = usize::from(seq);
            let duplicate = self.answered.get(index).copied().unwrap_or(false);
            if duplicate {
                self.stats.repeats += 1;
            } else {
                if let Some(a) = self.answered.get_mut(index) {
                    *a = true;
                }
                self.stats.received += 1;
            }
            if !self.opts.quiet {
                let dup = if duplicate { " (DUP!)" } else { "" };
                self.print(Stream::Stdout, format!("{len} bytes from {from}: seq={seq} ttl={ttl}{time}{dup}\n"));
            }
            if self.opts.count > 0 && self.stats.received >= self.opts.count {
                self.finish();
                return;
            }
        }
        if self.end_at.is_none() && now >= self.next_send {
            self.send(io, dst, now);
            if self.done.is_some() {
                return;
            }
        }
        match self.end_at {
            Some(end) if now >= end => self.finish(),
            Some(end) => io.set_timer(end.since(now)),
            None => io.set_timer(self.next_send.since(now)),
        }
    }

    fn finished(&self) -> Option<CmdOutput> {
        self.done.map(|status| CmdOutput::from_pieces(self.pieces.clone(), status))
    }
}

impl BusyboxPing {
    /// The destination is known: header, socket, first request.
    fn begin(&mut self, io: &mut AppIo<'_>, dst: Ipv4Addr, now: Instant) {
        match self.open(io, dst) {
            Ok(sock) => {
                self.phase = BusyboxPhase::Pinging { sock, dst };
                self.next_send = now;
            }
            Err(text) => self.die(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{BusyboxStats, format_g};

    #[test]
    fn busybox_summary_matches_busybox_1_35_output() {
        // Captured from busybox 1.35 ping between two namespaces.
        let two = BusyboxStats { transmitted: 2, received: 2, repeats: 0, times: Some((203, 363, 566)) };
        assert_eq!(
            two.summary("10.77.0.2"),
            "\n--- 10.77.0.2 ping statistics ---\n2 packets transmitted, 2 packets received, 0% packet loss\nround-trip min/avg/max = 0.203/0.283/0.363 ms\n"
        );
        let lost = BusyboxStats { transmitted: 2, received: 0, repeats: 0, times: None };
        assert_eq!(lost.summary("10.77.0.9"), "\n--- 10.77.0.9 ping statistics ---\n2 packets transmitted, 0 packets received, 100% packet loss\n");
    }

    #[test]
    fn busybox_loss_rounds_down_and_average_counts_duplicates() {
        let line = |s: BusyboxStats| s.summary("h").lines().nth(2).unwrap_or_default().to_string();
        let rtt = |s: BusyboxStats| s.summary("h").lines().nth(3).unwrap_or_default().to_string();
        assert_eq!(line(BusyboxStats { transmitted: 3, received: 1, ..Default::default() }), "3 packets transmitted, 1 packets received, 66% packet loss");
        assert_eq!(line(BusyboxStats { transmitted: 3, received: 2, ..Default::default() }), "3 packets transmitted, 2 packets received, 33% packet loss");
        assert_eq!(line(BusyboxStats { transmitted: 0, received: 0, ..Default::default() }), "0 packets transmitted, 0 packets received, 0% packet loss");
        let dup = BusyboxStats { transmitted: 2, received: 2, repeats: 1, times: Some((1000, 2500, 4500)) };
        assert_eq!(line(dup), "2 packets transmitted, 2 packets received, 1 duplicates, 0% packet loss");
        // tsum / (nreceived + nrepeats): 4500 / 3 µs.
        assert_eq!(rtt(dup), "round-trip min/avg/max = 1.000/1.500/2.500 ms");
        // Integer division of µs: 1999 / 2 = 999.
        assert_eq!(
            rtt(BusyboxStats { transmitted: 2, received: 2, repeats: 0, times: Some((1, 1998, 1999)) }),
            "round-trip min/avg/max = 0.001/0.999/1.998 ms"
        );
    }

    #[test]
    fn loss_is_printed_like_printf_g() {
        // Values as iputils computes them: (float)(lost * 100.0 / sent).
        let loss = |lost: u32, sent: u32| format_g(f64::from(((f64::from(lost) * 100.0) / f64::from(sent)) as f32));
        assert_eq!(loss(0, 3), "0");
        assert_eq!(loss(1, 3), "33.3333");
        assert_eq!(loss(2, 3), "66.6667");
        assert_eq!(loss(1, 2), "50");
        assert_eq!(loss(3, 3), "100");
        assert_eq!(loss(1, 7), "14.2857");
        assert_eq!(loss(1, 101), "0.990099");
        assert_eq!(loss(1, 1_000_000), "0.0001");
        assert_eq!(loss(1, 10_000_000), "1e-05");
    }
}
