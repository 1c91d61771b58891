//! busybox `nslookup` (the resolver-less implementation busybox has used
//! since 1.30, `networking/nslookup.c`): it builds its own queries, sends
//! them all from one UDP socket, and prints each reply as it arrives.
//!
//! Output (checked against busybox 1.35 on this machine): on the first reply
//! `Server:\t\t<server as given>` and `Address:\t<ip>:53` and a blank line;
//! per reply either `** server can't find <name>: <RCODE>` or
//! `Non-authoritative answer:` (when AA is clear) and one
//! `Name:\t<name>` / `Address: <ip>` pair per A record (`<name>\tname = <ptr>`
//! for PTR), each reply followed by a blank line. Without `-type`, a name is
//! asked for A and AAAA, an address gets a PTR query. Timing: the queries are
//! resent every 2.5 s for 5 s; a SERVFAIL is retried at once (up to twice
//! the number of queries per round). No reply at all prints
//! `;; connection timed out; no servers could be reached` and a blank line;
//! queries left unanswered print `*** Can't find <name>: No answer`. The exit
//! status is 1 when any query failed. An ICMP port unreachable fails the
//! next read (`nslookup: read: Connection refused` on stderr).
//!
//! Not modelled: `-debug`, `-port`, `-retry`, `-timeout`, several servers,
//! record types other than A, AAAA (printed like A) and PTR.

use std::net::Ipv4Addr;

use crate::apps::dns::{Message, RCODE_NOERROR, RCODE_SERVFAIL, RData, TYPE_AAAA, rcode_name};
use crate::kernel::app::{App, AppIo};
use crate::kernel::socket::SockId;
use crate::output::CmdOutput;
use crate::time::{Duration, Instant};

pub const TIMEOUT: Duration = Duration::from_secs(5);
pub const RETRY_INTERVAL: Duration = Duration::from_millis(2500);

#[derive(Debug)]
struct Query {
    name: String,
    qtype: u16,
    id: u16,
    answered: bool,
}

/// The nslookup program.
#[derive(Debug)]
pub struct Nslookup {
    /// The server as the user named it (or as resolv.conf has it).
    server_name: String,
    server: Ipv4Addr,
    queries: Vec<Query>,
    sock: Option<SockId>,
    start: Instant,
    sent: Instant,
    servfail_retry: usize,
    replies: usize,
    failed: bool,
    out: String,
    err: String,
    status: Option<i32>,
}

impl Nslookup {
    /// Look up `queries` (name, type) at `server`.
    pub fn new(server_name: &str, server: Ipv4Addr, queries: &[(String, u16)]) -> Nslookup {
        Nslookup {
            server_name: server_name.to_string(),
            server,
            queries: queries.iter().map(|(n, t)| Query { name: n.clone(), qtype: *t, id: 0, answered: false }).collect(),
            sock: None,
            start: Instant::ZERO,
            sent: Instant::ZERO,
            servfail_retry: 0,
            replies: 0,
            failed: false,
            out: String::new(),
            err: String::new(),
            status: None,
        }
    }

    fn send_round(&mut self, io: &mut AppIo<'_>, sock: SockId) {
        for q in self.queries.iter().filter(|q| !q.answered) {
            let _ = io.kernel.udp_sendto(io.netns, sock, (self.server, 53), &Message::query(q.id, &q.name, q.qtype).emit());
        }
        self.sent = io.now();
        self.servfail_retry = 2 * self.queries.len();
    }

    fn print_reply(&mut self, i: usize, m: &Message) {
        let name = self.queries[i].name.clone();
        if m.rcode() != RCODE_NOERROR {
            self.out.push_str(&format!("** server can't find {name}: {}\n", rcode_name(m.rcode())));
            self.failed = true;
        } else {
            if !m.authoritative() {
                self.out.push_str("Non-authoritative answer:\n");
            }
            for r in &m.answers {
                match &r.data {
                    RData::A(a) => self.out.push_str(&format!("Name:\t{}\nAddress: {a}\n", r.name)),
                    RData::Ptr(p) => self.out.push_str(&format!("{}\tname = {p}\n", r.name)),
                    RData::Other(d) if r.rtype == TYPE_AAAA && d.len() == 16 => {
                        let mut o = [0u8; 16];
                        o.copy_from_slice(d);
                        self.out.push_str(&format!("Name:\t{}\nAddress: {}\n", r.name, std::net::Ipv6Addr::from(o)));
                    }
                    RData::Other(_) => {}
                }
            }
        }
        self.out.push('\n');
    }

    fn finish(&mut self, io: &mut AppIo<'_>) {
        if self.replies == 0 {
            self.out.push_str(";; connection timed out; no servers could be reached\n\n");
            self.failed = true;
        } else {
            let mut missing = false;
            for q in self.queries.iter().filter(|q| !q.answered) {
                self.out.push_str(&format!("*** Can't find {}: No answer\n", q.name));
                missing = true;
            }
            if missing {
                self.out.push('\n');
                self.failed = true;
            }
        }
        if let Some(s) = self.sock.take() {
            io.kernel.sock_close(io.netns, s);
        }
        self.status = Some(i32::from(self.failed));
    }
}

impl App for Nslookup {
    fn name(&self) -> &str {
        "nslookup"
    }

    fn poll(&mut self, io: &mut AppIo<'_>) {
        if self.status.is_some() {
            return;
        }
        let ns = io.netns;
        let now = io.now();
        let sock = match self.sock {
            Some(s) => s,
            None => {
                let s = match io.kernel.udp_bind(ns, Ipv4Addr::UNSPECIFIED, 0) {
                    Ok(s) => s,
                    Err(e) => {
                        self.err.push_str(&format!("nslookup: bind: {e}\n"));
                        self.status = Some(1);
                        return;
                    }
                };
                io.own(s);
                // busybox connects its socket to the server, which is what
                // makes ICMP errors reach it.
                let _ = io.kernel.udp_connect(ns, s, (self.server, 53));
                self.sock = Some(s);
                self.start = now;
                for q in &mut self.queries {
                    q.id = io.kernel.port_rng_u16();
                }
                self.send_round(io, s);
                s
            }
        };
        // A port-unreachable error fails the next read: busybox reports it
        // (`nslookup: read: Connection refused`) and keeps polling. The
        // socket holds one pending error (`sk_err`), however many ICMP
        // errors arrived since the last read.
        let mut pending = None;
        while let Some(e) = io.kernel.udp_take_error(ns, sock) {
            pending = Some(e);
        }
        if let Some(e) = pending {
            self.err.push_str(&format!("nslookup: read: {e}\n"));
        }
        while let Some(d) = io.kernel.udp_recv(ns, sock) {
            if d.from.0 != self.server {
                continue;
            }
            if self.replies == 0 {
                self.out.push_str(&format!("Server:\t\t{}\nAddress:\t{}:53\n\n", self.server_name, self.server));
            }
            self.replies += 1;
            let Ok(m) = Message::parse(&d.data) else {
                continue;
            };
            let Some(i) = self.queries.iter().position(|q| q.id == m.id && !q.answered) else {
                continue;
            };
            if m.rcode() == RCODE_SERVFAIL && self.servfail_retry > 0 {
                self.servfail_retry -= 1;
                let q = &self.queries[i];
                let _ = io.kernel.udp_sendto(ns, sock, (self.server, 53), &Message::query(q.id, &q.name, q.qtype).emit());
                continue;
            }
            self.queries[i].answered = true;
            self.print_reply(i, &m);
        }
        if self.queries.iter().all(|q| q.answered) {
            self.finish(io);
            return;
        }
        if now >= self.start + TIMEOUT {
            self.finish(io);
            return;
        }
        if now >= self.sent + RETRY_INTERVAL {
            self.send_round(io, sock);
        }
        let next = (self.sent + RETRY_INTERVAL).min(self.start + TIMEOUT);
        io.set_timer(next.since(now));
    }

    fn finished(&self) -> Option<CmdOutput> {
        self.status.map(|status| CmdOutput { stdout: self.out.clone(), stderr: self.err.clone(), status, interleaved: None })
    }
}
