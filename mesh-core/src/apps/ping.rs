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

use std::net::Ipv4Addr;

use crate::kernel::app::{App, AppIo};
use crate::kernel::dp::PingSendError;
use crate::kernel::dp::frag::PmtuDisc;
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

    fn finish(&mut self, now: Instant) {
        let o = &self.opts;
        // iputils prints the time from the first probe to the last one sent
        // (`cur_time` moves with each send), not to the end of the wait:
        // one unanswered probe reports `time 0ms`.
        let _ = now;
        let elapsed = self.start.map(|s| self.last_sent_at.since(s)).unwrap_or_default();
        let loss = if self.sent == 0 { 0 } else { (u64::from(self.sent - self.received) * 100) / u64::from(self.sent) };
        let mut out = format!("\n--- {} ping statistics ---\n", o.target);
        let errors = if self.errors > 0 { format!(", +{} errors", self.errors) } else { String::new() };
        out.push_str(&format!(
            "{} packets transmitted, {} received{errors}, {loss}% packet loss, time {}ms\n",
            self.sent,
            self.received,
            (elapsed.as_micros() + 500) / 1000
        ));
        if !self.rtts_us.is_empty() {
            let n = self.rtts_us.len() as u64;
            let min = *self.rtts_us.iter().min().unwrap_or(&0);
            let max = *self.rtts_us.iter().max().unwrap_or(&0);
            let sum: u64 = self.rtts_us.iter().sum();
            let sum2: u128 = self.rtts_us.iter().map(|x| u128::from(*x) * u128::from(*x)).sum();
            let avg = sum / n;
            let var = (sum2 / u128::from(n)).saturating_sub(u128::from(avg) * u128::from(avg));
            let mdev = (var as f64).sqrt() as u64;
            let f = |us: u64| format!("{}.{:03}", us / 1000, us % 1000);
            out.push_str(&format!("rtt min/avg/max/mdev = {}/{}/{}/{} ms\n", f(min), f(avg), f(max), f(mdev)));
        } else {
            // iputils ends with an empty line when there is no rtt summary.
            out.push('\n');
        }
        self.print(Stream::Stdout, out);
        self.done = Some(if self.received > 0 { 0 } else { 1 });
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
                if let Err(e) = io.kernel.ping_connect(ns, self.opts.dst) {
                    let text = if e == crate::kernel::Errno::EACCES {
                        "ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules\n".to_string()
                    } else {
                        format!("ping: connect: {e}\n")
                    };
                    self.print(Stream::Stderr, text);
                    self.done = Some(2);
                    return;
                }
                let s = io.kernel.ping_open(ns, self.opts.ident);
                io.own(s);
                self.sock = Some(s);
                self.start = Some(now);
                self.next_send = now;
                let o = &self.opts;
                let header = format!("PING {} ({}) {}({}) bytes of data.\n", o.target, o.dst, o.size, o.size + 28);
                self.print(Stream::Stdout, header);
                s
            }
        };
        let timing = self.opts.size >= TIMEVAL_LEN;
        while let Some(ev) = io.kernel.ping_recv(ns, sock) {
            match ev {
                PingEvent::Reply { from, seq, ttl, len, at } => {
                    let Some(sent) = self.sent_at.get(usize::from(seq).wrapping_sub(1)).copied() else { continue };
                    self.received += 1;
                    let time = if timing {
                        let rtt = at.since(sent).as_micros();
                        self.rtts_us.push(rtt);
                        format!(" time={} ms", triptime(rtt))
                    } else {
                        String::new()
                    };
                    if !self.opts.quiet {
                        self.print(Stream::Stdout, format!("{len} bytes from {from}: icmp_seq={seq} ttl={ttl}{time}\n"));
                    }
                }
                PingEvent::Error { from, seq, icmp_type, code, info, .. } => {
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
                io.kernel.ping_send(ns, o.ident, o.dst, seq, &vec![0u8; o.size], o.ttl, o.pmtudisc)
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
