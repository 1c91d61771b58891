//! DNS: the RFC 1035 message format, Docker's embedded resolver (the server
//! on 127.0.0.11 in every container), and the stub resolver a C library
//! runs inside a client program.
//!
//! Wire format: header, questions, answer/authority/additional records;
//! names are parsed with compression pointers (RFC 1035 §4.1.4, pointers must
//! point backwards, so loops are impossible) and written uncompressed, as
//! Docker writes its own answers (miekg/dns with `Compress` false). A and
//! PTR data are decoded; other record data is kept as bytes.
//!
//! The embedded resolver follows libnetwork `resolver.go` (`ServeDNS`,
//! `handleIPQuery`): an A query for a name Docker knows is answered with all
//! its addresses, TTL 600, shuffled when there are several (`shuffleAddr`),
//! with RA set and RD copied, not authoritative; an AAAA (or MX) query for a
//! known name gets an empty NOERROR answer; a PTR query for a known address
//! gets the name. Any other query is forwarded to the host's external DNS:
//! mesh does not simulate that forwarding on the wire but answers as the
//! configured [`Upstream`] would — NXDOMAIN (an upstream that knows none of
//! the lab's names), no answer at all (no external server is configured:
//! `ServeDNS` then returns without replying), or SERVFAIL (a sandbox that
//! does not proxy). It serves UDP and TCP (2-byte length prefix).
//!
//! The stub resolver models glibc's `res_send` as `getaddrinfo` uses it: A
//! and AAAA queries sent together from one UDP socket, 5 s timeout, 2
//! attempts, a port-unreachable error ends the lookup at once.
//!
//! Not modelled: EDNS0, truncation and TCP fallback in the stub, search
//! domains and ndots (containers get `ndots:0`), SRV answers, caching.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use crate::kernel::Errno;
use crate::kernel::app::{App, AppIo};
use crate::kernel::socket::SockId;
use crate::rng::Rng;
use crate::time::{Duration, Instant};

pub const TYPE_A: u16 = 1;
pub const TYPE_PTR: u16 = 12;
pub const TYPE_MX: u16 = 15;
pub const TYPE_AAAA: u16 = 28;
pub const CLASS_IN: u16 = 1;

pub const RCODE_NOERROR: u8 = 0;
pub const RCODE_SERVFAIL: u8 = 2;
pub const RCODE_NXDOMAIN: u8 = 3;

/// The rcode names busybox and bind print.
pub fn rcode_name(rcode: u8) -> &'static str {
    const NAMES: [&str; 17] = [
        "NOERROR",
        "FORMERR",
        "SERVFAIL",
        "NXDOMAIN",
        "NOTIMP",
        "REFUSED",
        "YXDOMAIN",
        "YXRRSET",
        "NXRRSET",
        "NOTAUTH",
        "NOTZONE",
        "RESERVED11",
        "RESERVED12",
        "RESERVED13",
        "RESERVED14",
        "RESERVED15",
        "BADVERS",
    ];
    NAMES.get(usize::from(rcode)).copied().unwrap_or("UNKNOWN")
}

/// Header flag bits (RFC 1035 §4.1.1).
pub mod flags {
    pub const QR: u16 = 0x8000;
    pub const AA: u16 = 0x0400;
    pub const TC: u16 = 0x0200;
    pub const RD: u16 = 0x0100;
    pub const RA: u16 = 0x0080;
}

/// Why bytes are not a DNS message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DnsError {
    Truncated,
    BadName,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    /// Without the trailing dot; the root is the empty string.
    pub name: String,
    pub qtype: u16,
    pub qclass: u16,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RData {
    A(Ipv4Addr),
    Ptr(String),
    Other(Vec<u8>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub name: String,
    pub rtype: u16,
    pub class: u16,
    pub ttl: u32,
    pub data: RData,
}

/// A DNS message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub id: u16,
    /// QR, opcode, AA, TC, RD, RA, Z and RCODE as on the wire.
    pub flags: u16,
    pub questions: Vec<Question>,
    pub answers: Vec<Record>,
    pub authority: Vec<Record>,
    pub additional: Vec<Record>,
}

impl Message {
    /// A recursive query (`res_mkquery`): RD set, one question.
    pub fn query(id: u16, name: &str, qtype: u16) -> Message {
        Message {
            id,
            flags: flags::RD,
            questions: vec![Question { name: trim_dot(name).to_string(), qtype, qclass: CLASS_IN }],
            answers: Vec::new(),
            authority: Vec::new(),
            additional: Vec::new(),
        }
    }
    pub fn is_response(&self) -> bool {
        self.flags & flags::QR != 0
    }
    pub fn rcode(&self) -> u8 {
        (self.flags & 0x000f) as u8
    }
    pub fn authoritative(&self) -> bool {
        self.flags & flags::AA != 0
    }
    /// miekg/dns `SetReply` + `RecursionAvailable`: QR, opcode and RD from
    /// the query, RA set, the question copied.
    pub fn reply_to(query: &Message, rcode: u8) -> Message {
        let f = flags::QR | (query.flags & 0x7800) | (query.flags & flags::RD) | flags::RA | u16::from(rcode & 0xf);
        Message {
            id: query.id,
            flags: f,
            questions: query.questions.iter().take(1).cloned().collect(),
            answers: Vec::new(),
            authority: Vec::new(),
            additional: Vec::new(),
        }
    }
    /// The IPv4 addresses in the answer section.
    pub fn a_records(&self) -> Vec<Ipv4Addr> {
        self.answers.iter().filter_map(|r| if let RData::A(a) = r.data { Some(a) } else { None }).collect()
    }

    /// The message on the wire, names uncompressed.
    pub fn emit(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(512);
        for v in [self.id, self.flags, self.questions.len() as u16, self.answers.len() as u16, self.authority.len() as u16, self.additional.len() as u16] {
            b.extend_from_slice(&v.to_be_bytes());
        }
        for q in &self.questions {
            emit_name(&mut b, &q.name);
            b.extend_from_slice(&q.qtype.to_be_bytes());
            b.extend_from_slice(&q.qclass.to_be_bytes());
        }
        for r in self.answers.iter().chain(&self.authority).chain(&self.additional) {
            emit_name(&mut b, &r.name);
            b.extend_from_slice(&r.rtype.to_be_bytes());
            b.extend_from_slice(&r.class.to_be_bytes());
            b.extend_from_slice(&r.ttl.to_be_bytes());
            let data = match &r.data {
                RData::A(a) => a.octets().to_vec(),
                RData::Ptr(n) => {
                    let mut d = Vec::new();
                    emit_name(&mut d, n);
                    d
                }
                RData::Other(d) => d.clone(),
            };
            b.extend_from_slice(&(data.len() as u16).to_be_bytes());
            b.extend_from_slice(&data);
        }
        b
    }

    /// Parse a message; compression pointers are followed.
    pub fn parse(buf: &[u8]) -> Result<Message, DnsError> {
        let u16_at = |i: usize| -> Result<u16, DnsError> { buf.get(i..i + 2).map(|s| u16::from_be_bytes([s[0], s[1]])).ok_or(DnsError::Truncated) };
        let (id, fl, qd, an, ns, ar) = (u16_at(0)?, u16_at(2)?, u16_at(4)?, u16_at(6)?, u16_at(8)?, u16_at(10)?);
        let mut pos = 12;
        let mut questions = Vec::new();
        for _ in 0..qd {
            let (name, next) = parse_name(buf, pos)?;
            questions.push(Question { name, qtype: u16_at(next)?, qclass: u16_at(next + 2)? });
            pos = next + 4;
        }
        let mut sections = [Vec::new(), Vec::new(), Vec::new()];
        for (sec, count) in sections.iter_mut().zip([an, ns, ar]) {
            for _ in 0..count {
                let (name, next) = parse_name(buf, pos)?;
                let rtype = u16_at(next)?;
                let class = u16_at(next + 2)?;
                let ttl = u32::from(u16_at(next + 4)?) << 16 | u32::from(u16_at(next + 6)?);
                let len = usize::from(u16_at(next + 8)?);
                let start = next + 10;
                let raw = buf.get(start..start + len).ok_or(DnsError::Truncated)?;
                let data = match (rtype, len) {
                    (TYPE_A, 4) => RData::A(Ipv4Addr::new(raw[0], raw[1], raw[2], raw[3])),
                    (TYPE_PTR, _) => RData::Ptr(parse_name(buf, start)?.0),
                    _ => RData::Other(raw.to_vec()),
                };
                sec.push(Record { name, rtype, class, ttl, data });
                pos = start + len;
            }
        }
        let [answers, authority, additional] = sections;
        Ok(Message { id, flags: fl, questions, answers, authority, additional })
    }
}

fn trim_dot(name: &str) -> &str {
    name.strip_suffix('.').unwrap_or(name)
}

fn emit_name(b: &mut Vec<u8>, name: &str) {
    for label in trim_dot(name).split('.').filter(|l| !l.is_empty()) {
        let bytes = &label.as_bytes()[..label.len().min(63)];
        b.push(bytes.len() as u8);
        b.extend_from_slice(bytes);
    }
    b.push(0);
}

/// A name at `pos`: the dotted name and the offset after it (after the
/// first pointer when compressed).
fn parse_name(buf: &[u8], mut pos: usize) -> Result<(String, usize), DnsError> {
    let mut labels: Vec<String> = Vec::new();
    let mut end: Option<usize> = None;
    let mut total = 0usize;
    loop {
        let len = *buf.get(pos).ok_or(DnsError::Truncated)?;
        match len & 0xc0 {
            0x00 => {
                if len == 0 {
                    let after = end.unwrap_or(pos + 1);
                    return Ok((labels.join("."), after));
                }
                let l = usize::from(len);
                let label = buf.get(pos + 1..pos + 1 + l).ok_or(DnsError::Truncated)?;
                total += l + 1;
                if total > 255 {
                    return Err(DnsError::BadName);
                }
                labels.push(String::from_utf8_lossy(label).into_owned());
                pos += 1 + l;
            }
            0xc0 => {
                let lo = *buf.get(pos + 1).ok_or(DnsError::Truncated)?;
                let target = usize::from(len & 0x3f) << 8 | usize::from(lo);
                // Only backward pointers: this bounds the walk.
                if target >= pos {
                    return Err(DnsError::BadName);
                }
                end.get_or_insert(pos + 2);
                pos = target;
            }
            _ => return Err(DnsError::BadName),
        }
    }
}

/// `d.c.b.a.in-addr.arpa` for `a.b.c.d`.
pub fn ptr_name(ip: Ipv4Addr) -> String {
    let o = ip.octets();
    format!("{}.{}.{}.{}.in-addr.arpa", o[3], o[2], o[1], o[0])
}

fn parse_ptr_name(name: &str) -> Option<Ipv4Addr> {
    let rest = trim_dot(name).to_ascii_lowercase();
    let rest = rest.strip_suffix(".in-addr.arpa")?;
    let mut o: Vec<u8> = rest.split('.').map(|x| x.parse::<u8>().ok()).collect::<Option<Vec<u8>>>()?;
    if o.len() != 4 {
        return None;
    }
    o.reverse();
    Some(Ipv4Addr::new(o[0], o[1], o[2], o[3]))
}

/// The names Docker's resolver knows for one sandbox (service names, VIPs,
/// `tasks.<svc>`, container names …), supplied by the integrator.
pub trait NameSource: std::fmt::Debug {
    /// The IPv4 addresses of `name` (no trailing dot, lower case), or `None`
    /// if the name is not Docker's.
    fn lookup(&self, name: &str) -> Option<Vec<Ipv4Addr>>;
    /// The name of an address (`ResolveIP`), for PTR queries.
    fn reverse(&self, ip: Ipv4Addr) -> Option<String>;
}

/// A fixed name table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NameTable {
    pub names: BTreeMap<String, Vec<Ipv4Addr>>,
    pub reverse: BTreeMap<Ipv4Addr, String>,
}

impl NameTable {
    pub fn insert(&mut self, name: &str, ips: &[Ipv4Addr]) {
        self.names.insert(name.to_ascii_lowercase(), ips.to_vec());
    }
}

impl NameSource for NameTable {
    fn lookup(&self, name: &str) -> Option<Vec<Ipv4Addr>> {
        self.names.get(&name.to_ascii_lowercase()).cloned()
    }
    fn reverse(&self, ip: Ipv4Addr) -> Option<String> {
        self.reverse.get(&ip).cloned()
    }
}

/// What the host's external DNS does with a name Docker does not know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Upstream {
    /// It answers NXDOMAIN (the name does not exist anywhere).
    NxDomain,
    /// No external server is configured: the query gets no reply.
    None,
    /// The sandbox does not proxy DNS: SERVFAIL.
    ServFail,
}

/// Docker's answer to `query`, or `None` when no reply is sent.
pub fn embedded_answer(names: &dyn NameSource, upstream: Upstream, rng: &mut Rng, query: &Message) -> Option<Message> {
    let q = query.questions.first()?;
    if query.is_response() {
        return None;
    }
    let name = trim_dot(&q.name).to_ascii_lowercase();
    let local = match q.qtype {
        TYPE_A => names.lookup(&name).map(|mut ips| {
            for i in (1..ips.len()).rev() {
                let r = rng.below(i as u64 + 1) as usize;
                ips.swap(i, r);
            }
            let mut m = Message::reply_to(query, RCODE_NOERROR);
            m.answers = ips
                .into_iter()
                .map(|ip| Record { name: trim_dot(&q.name).to_string(), rtype: TYPE_A, class: CLASS_IN, ttl: 600, data: RData::A(ip) })
                .collect();
            m
        }),
        TYPE_AAAA | TYPE_MX => names.lookup(&name).map(|_| Message::reply_to(query, RCODE_NOERROR)),
        TYPE_PTR => parse_ptr_name(&name).and_then(|ip| names.reverse(ip)).map(|host| {
            let mut m = Message::reply_to(query, RCODE_NOERROR);
            m.answers.push(Record { name: trim_dot(&q.name).to_string(), rtype: TYPE_PTR, class: CLASS_IN, ttl: 600, data: RData::Ptr(host) });
            m
        }),
        _ => None,
    };
    match (local, upstream) {
        (Some(m), _) => Some(m),
        (None, Upstream::NxDomain) => Some(Message::reply_to(query, RCODE_NXDOMAIN)),
        (None, Upstream::ServFail) => Some(Message::reply_to(query, RCODE_SERVFAIL)),
        (None, Upstream::None) => None,
    }
}

/// Docker's embedded DNS server of one sandbox.
#[derive(Debug)]
pub struct EmbeddedDns {
    listen: Ipv4Addr,
    udp_port: u16,
    tcp_port: u16,
    names: Box<dyn NameSource>,
    upstream: Upstream,
    rng: Rng,
    udp: Option<SockId>,
    tcp: Option<SockId>,
    conns: Vec<(SockId, Vec<u8>)>,
    /// Why binding failed, if it did.
    pub bind_error: Option<Errno>,
}

impl EmbeddedDns {
    /// A resolver on `listen:udp_port` (UDP) and `listen:tcp_port` (TCP);
    /// `seed` drives the answer shuffling.
    pub fn new(listen: Ipv4Addr, udp_port: u16, tcp_port: u16, names: Box<dyn NameSource>, upstream: Upstream, seed: u64) -> EmbeddedDns {
        EmbeddedDns {
            listen,
            udp_port,
            tcp_port,
            names,
            upstream,
            rng: Rng::new(seed, "dns-shuffle"),
            udp: None,
            tcp: None,
            conns: Vec::new(),
            bind_error: None,
        }
    }
}

impl App for EmbeddedDns {
    fn name(&self) -> &str {
        "dockerd"
    }

    fn poll(&mut self, io: &mut AppIo<'_>) {
        let ns = io.netns;
        if self.bind_error.is_some() {
            return;
        }
        if self.udp.is_none() {
            let udp = match io.kernel.udp_bind(ns, self.listen, self.udp_port) {
                Ok(u) => u,
                Err(e) => {
                    self.bind_error = Some(e);
                    return;
                }
            };
            io.own(udp);
            self.udp = Some(udp);
            match io.kernel.tcp_listen(ns, self.listen, self.tcp_port, 4096) {
                Ok(t) => {
                    io.own(t);
                    self.tcp = Some(t);
                }
                Err(e) => {
                    self.bind_error = Some(e);
                    return;
                }
            }
        }
        let (Some(udp), Some(tcp)) = (self.udp, self.tcp) else {
            return;
        };
        while let Some(d) = io.kernel.udp_recv(ns, udp) {
            let Ok(q) = Message::parse(&d.data) else {
                continue;
            };
            if let Some(mut r) = embedded_answer(self.names.as_ref(), self.upstream, &mut self.rng, &q) {
                let mut wire = r.emit();
                if wire.len() > 512 {
                    // truncateResp: drop answers until it fits, set TC.
                    r.flags |= flags::TC;
                    while r.emit().len() > 512 && r.answers.pop().is_some() {}
                    wire = r.emit();
                }
                let _ = io.kernel.udp_sendto(ns, udp, d.from, &wire);
            }
        }
        while let Some(c) = io.kernel.tcp_accept(ns, tcp) {
            io.own(c);
            self.conns.push((c, Vec::new()));
        }
        let mut keep = Vec::new();
        for (c, mut buf) in std::mem::take(&mut self.conns) {
            buf.extend_from_slice(&io.kernel.tcp_recv(ns, c));
            while buf.len() >= 2 {
                let len = usize::from(u16::from_be_bytes([buf[0], buf[1]]));
                if buf.len() < 2 + len {
                    break;
                }
                let msg: Vec<u8> = buf.drain(..2 + len).skip(2).collect();
                if let Some(r) = Message::parse(&msg).ok().and_then(|q| embedded_answer(self.names.as_ref(), self.upstream, &mut self.rng, &q)) {
                    let wire = r.emit();
                    let mut framed = (wire.len() as u16).to_be_bytes().to_vec();
                    framed.extend_from_slice(&wire);
                    io.kernel.tcp_send(ns, c, &framed);
                }
            }
            if io.kernel.tcp_eof(ns, c) || io.kernel.tcp_state(ns, c) == crate::kernel::tcp::TcpState::Closed {
                io.kernel.tcp_close(ns, c);
                continue;
            }
            keep.push((c, buf));
        }
        self.conns = keep;
    }
}

/// Why a name could not be resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LookupError {
    /// NXDOMAIN, or no IPv4 address for the name.
    NotFound,
    /// The server failed (SERVFAIL and other error codes).
    ServerFailure,
    /// No reply within the attempts.
    Timeout,
    /// The query could not be sent or was refused (ICMP error).
    Unreachable(Errno),
}

/// Progress of a [`StubResolver`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StubPoll {
    /// Poll again on socket news or at `wake_at`.
    Pending {
        wake_at: Instant,
    },
    Done(Result<Vec<Ipv4Addr>, LookupError>),
}

/// glibc's stub resolver inside a client program, as a state machine the
/// program drives from its own `poll`.
#[derive(Debug)]
pub struct StubResolver {
    name: String,
    server: (Ipv4Addr, u16),
    qtypes: Vec<u16>,
    sock: Option<SockId>,
    ids: Vec<u16>,
    replies: Vec<Option<Message>>,
    attempt: u32,
    deadline: Instant,
}

/// glibc's RES_TIMEOUT and RES_DFLRETRY.
pub const RES_TIMEOUT: Duration = Duration::from_secs(5);
pub const RES_ATTEMPTS: u32 = 2;

impl StubResolver {
    /// Resolve `name` through the server at `server` (resolv.conf's
    /// nameserver, port 53); `aaaa` also asks for IPv6 as `AF_UNSPEC` does.
    pub fn new(name: &str, server: (Ipv4Addr, u16), aaaa: bool) -> StubResolver {
        let qtypes = if aaaa { vec![TYPE_A, TYPE_AAAA] } else { vec![TYPE_A] };
        let n = qtypes.len();
        StubResolver { name: name.to_string(), server, qtypes, sock: None, ids: Vec::new(), replies: vec![None; n], attempt: 0, deadline: Instant::ZERO }
    }

    fn send(&mut self, io: &mut AppIo<'_>) -> Result<(), Errno> {
        let Some(sock) = self.sock else {
            return Err(Errno::EINVAL);
        };
        for (i, t) in self.qtypes.iter().enumerate() {
            if self.replies[i].is_some() {
                continue;
            }
            let id = self.ids.get(i).copied().unwrap_or(0);
            io.kernel.udp_sendto(io.netns, sock, self.server, &Message::query(id, &self.name, *t).emit())?;
        }
        self.attempt += 1;
        self.deadline = io.now() + RES_TIMEOUT;
        Ok(())
    }

    fn finish(&mut self, io: &mut AppIo<'_>, r: Result<Vec<Ipv4Addr>, LookupError>) -> StubPoll {
        if let Some(s) = self.sock.take() {
            io.kernel.sock_close(io.netns, s);
        }
        StubPoll::Done(r)
    }

    /// Drive the lookup.
    pub fn poll(&mut self, io: &mut AppIo<'_>) -> StubPoll {
        let ns = io.netns;
        if self.sock.is_none() {
            let s = match io.kernel.udp_bind(ns, Ipv4Addr::UNSPECIFIED, 0) {
                Ok(s) => s,
                Err(e) => return StubPoll::Done(Err(LookupError::Unreachable(e))),
            };
            io.own(s);
            self.sock = Some(s);
            self.ids = self.qtypes.iter().map(|_| io.kernel.port_rng_u16()).collect();
            if let Err(e) = self.send(io) {
                return self.finish(io, Err(LookupError::Unreachable(e)));
            }
        }
        let Some(sock) = self.sock else {
            return StubPoll::Done(Err(LookupError::Timeout));
        };
        if let Some(e) = io.kernel.udp_take_error(ns, sock) {
            return self.finish(io, Err(LookupError::Unreachable(e)));
        }
        while let Some(d) = io.kernel.udp_recv(ns, sock) {
            let Ok(m) = Message::parse(&d.data) else {
                continue;
            };
            if d.from != self.server || !m.is_response() {
                continue;
            }
            if let Some(i) = self.ids.iter().position(|id| *id == m.id) {
                self.replies[i] = Some(m);
            }
        }
        // The A answer decides; glibc still waits for the AAAA reply.
        if self.replies.iter().all(Option::is_some) {
            let r = match self.replies.first().and_then(Option::as_ref) {
                Some(a) if a.rcode() == RCODE_NOERROR && !a.a_records().is_empty() => Ok(a.a_records()),
                Some(a) if a.rcode() == RCODE_NOERROR || a.rcode() == RCODE_NXDOMAIN => Err(LookupError::NotFound),
                _ => Err(LookupError::ServerFailure),
            };
            return self.finish(io, r);
        }
        if io.now() >= self.deadline {
            if self.attempt >= RES_ATTEMPTS {
                return self.finish(io, Err(LookupError::Timeout));
            }
            if let Err(e) = self.send(io) {
                return self.finish(io, Err(LookupError::Unreachable(e)));
            }
        }
        StubPoll::Pending { wake_at: self.deadline }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_bytes_are_res_mkquery() {
        let q = Message::query(0x1234, "tasks.web", TYPE_A);
        assert_eq!(q.emit(), b"\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x05tasks\x03web\x00\x00\x01\x00\x01".to_vec());
        assert_eq!(Message::parse(&q.emit()), Ok(q));
    }

    #[test]
    fn answers_round_trip_and_compressed_names_parse() {
        let q = Message::query(7, "Tasks.Web.", TYPE_A);
        let mut t = NameTable::default();
        t.insert("tasks.web", &["10.0.0.5".parse().expect("ip"), "10.0.0.6".parse().expect("ip")]);
        let mut rng = Rng::new(1, "t");
        let r = embedded_answer(&t, Upstream::NxDomain, &mut rng, &q).expect("answer");
        assert_eq!(r.flags, 0x8180);
        assert_eq!(r.answers.len(), 2);
        assert!(r.answers.iter().all(|a| a.name == "Tasks.Web" && a.ttl == 600));
        let mut ips = r.a_records();
        ips.sort();
        assert_eq!(ips, vec!["10.0.0.5".parse::<Ipv4Addr>().expect("ip"), "10.0.0.6".parse().expect("ip")]);
        assert_eq!(Message::parse(&r.emit()), Ok(r));
        // A compressed answer (as Python's or bind's servers send).
        let wire =
            b"\x00\x07\x81\x80\x00\x01\x00\x01\x00\x00\x00\x00\x03web\x00\x00\x01\x00\x01\xc0\x0c\x00\x01\x00\x01\x00\x00\x02\x58\x00\x04\x0a\x00\x00\x04";
        let m = Message::parse(wire).expect("parse");
        assert_eq!(m.answers[0].name, "web");
        assert_eq!(m.a_records(), vec!["10.0.0.4".parse::<Ipv4Addr>().expect("ip")]);
    }

    #[test]
    fn unknown_names_follow_the_upstream_and_known_names_have_no_aaaa() {
        let t = NameTable::default();
        let mut rng = Rng::new(1, "t");
        let q = Message::query(9, "nope", TYPE_A);
        assert_eq!(embedded_answer(&t, Upstream::NxDomain, &mut rng, &q).map(|m| m.rcode()), Some(RCODE_NXDOMAIN));
        assert_eq!(embedded_answer(&t, Upstream::ServFail, &mut rng, &q).map(|m| m.rcode()), Some(RCODE_SERVFAIL));
        assert_eq!(embedded_answer(&t, Upstream::None, &mut rng, &q), None);
        let mut t = NameTable::default();
        t.insert("web", &["10.0.0.4".parse().expect("ip")]);
        let r = embedded_answer(&t, Upstream::None, &mut rng, &Message::query(3, "web", TYPE_AAAA)).expect("reply");
        assert_eq!((r.rcode(), r.answers.len()), (RCODE_NOERROR, 0));
    }

    #[test]
    fn malformed_messages_are_errors_not_panics() {
        assert_eq!(Message::parse(b"\x00\x01"), Err(DnsError::Truncated));
        // A pointer to itself.
        assert_eq!(Message::parse(b"\x00\x01\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\xc0\x0c\x00\x01\x00\x01"), Err(DnsError::BadName));
        // A label running past the end.
        assert_eq!(Message::parse(b"\x00\x01\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x3fab"), Err(DnsError::Truncated));
        for n in 0..40 {
            let junk: Vec<u8> = (0..n).map(|i| (i * 37 + 11) as u8).collect();
            let _ = Message::parse(&junk);
        }
    }

    #[test]
    fn the_embedded_dns_answers_over_tcp_with_length_prefixes() {
        let mut lab = crate::tools::curl::testbed::Lab::new();
        let mut t = NameTable::default();
        t.insert("web", &["10.0.0.4".parse().expect("ip")]);
        let b = lab.b;
        lab.start(b, Box::new(EmbeddedDns::new(Ipv4Addr::UNSPECIFIED, 5353, 5354, Box::new(t), Upstream::NxDomain, 1)));
        let (h, a) = (lab.s.ctx().host, lab.a);
        let sock = lab.s.world.with_kernel(h, |k| k.tcp_connect(a, "10.0.0.2".parse().expect("ip"), 5354, None)).expect("connect");
        lab.s.world.advance(Duration::from_millis(10), 1000);
        let q = Message::query(0x4242, "web", TYPE_A).emit();
        let mut framed = (q.len() as u16).to_be_bytes().to_vec();
        framed.extend_from_slice(&q);
        lab.s.world.with_kernel(h, |k| k.tcp_send(a, sock, &framed));
        lab.s.world.advance(Duration::from_millis(10), 1000);
        let got = lab.s.world.with_kernel(h, |k| k.tcp_recv(a, sock));
        let len = usize::from(u16::from_be_bytes([got[0], got[1]]));
        assert_eq!(len, got.len() - 2);
        let r = Message::parse(&got[2..]).expect("reply");
        assert_eq!((r.id, r.rcode(), r.a_records()), (0x4242, RCODE_NOERROR, vec!["10.0.0.4".parse::<Ipv4Addr>().expect("ip")]));
        // Docker writes its own answers uncompressed: the name appears twice in full.
        assert_eq!(got[2..].windows(5).filter(|w| *w == b"\x03web\x00").count(), 2);
    }
}
