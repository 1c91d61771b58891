//! curl as a client program: resolve, connect, send one HTTP/1.1 request,
//! read the response, print what curl prints.
//!
//! Two versions, because their wording differs: 7.58.0 (Ubuntu 18.04, the
//! seed's nodes) and 7.88.1 (Debian 12). Everything 7.88.1 prints here was
//! captured from the real 7.88.1 on Linux 6.18 (refused, no route, network
//! unreachable, kernel SYN timeout, `--connect-timeout`, `-m` while
//! connecting and while waiting, empty reply, reset, `-v`, `-I`, `-i`, `-d`,
//! `-H`). 7.58.0's wording comes from its source (`lib/connect.c`
//! `Curl_is_connected`/`singleipconnect`, `lib/url.c`, `lib/http.c`) and
//! published 7.58.0 transcripts: `* Rebuilt URL to: …/`, `*   Trying IP...`,
//! `* TCP_NODELAY set`, `Failed to connect to H port P: <strerror>` (exit 7,
//! also for a kernel timeout), `* stopped the pause stream!` after transfer
//! errors, `* Connection #0 to host H left intact` even after an empty reply.
//!
//! Verbose `>`/`<` lines are the header bytes as sent and received, so they
//! end in `\r\n` exactly as curl writes them. Output goes to a terminal in
//! mesh: no progress meter (curl shows it only when stdout is redirected);
//! 7.88.1 would print `-i`/`-I` header names in bold on a terminal, mesh's
//! terminal has no styles, so they print plain (as with a pipe or
//! `--no-styled-output`).
//!
//! Not modelled: HTTPS, redirects (`-L`), chunked responses (the body is
//! whatever arrives until the connection closes), connection reuse across
//! URLs, multiple URLs, IPv6, happy eyeballs across several addresses
//! (the first address is tried), `-o`/`-w`.

use std::net::Ipv4Addr;

use crate::apps::dns::{StubPoll, StubResolver};
use crate::apps::http::{Parsed, ResponseHead, parse_response_head};
use crate::kernel::Errno;
use crate::kernel::app::{App, AppIo};
use crate::kernel::socket::SockId;
use crate::kernel::tcp::TcpState;
use crate::output::{CmdOutput, Stream};
use crate::time::{Duration, Instant};

/// The curl release being imitated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CurlVersion {
    /// Ubuntu 18.04.
    V7_58_0,
    /// Debian 12.
    V7_88_1,
}

impl CurlVersion {
    pub fn as_str(self) -> &'static str {
        match self {
            CurlVersion::V7_58_0 => "7.58.0",
            CurlVersion::V7_88_1 => "7.88.1",
        }
    }
    fn old(self) -> bool {
        self == CurlVersion::V7_58_0
    }
}

/// How the URL's host becomes an address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Known already (a literal address, or a hosts-file name).
    Addr(Ipv4Addr),
    /// Ask this DNS server (`nameserver` of resolv.conf).
    Dns { server: (Ipv4Addr, u16) },
}

/// A custom header from `-H`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CustomHeader {
    /// `Name: value`: sent.
    Set(String, String),
    /// `Name:`: the internal header of that name is not sent.
    Remove(String),
    /// `Name;`: sent with an empty value.
    Empty(String),
}

impl CustomHeader {
    fn name(&self) -> &str {
        match self {
            CustomHeader::Set(n, _) | CustomHeader::Remove(n) | CustomHeader::Empty(n) => n,
        }
    }
}

/// One curl run.
#[derive(Clone, Debug)]
pub struct CurlOpts {
    pub version: CurlVersion,
    /// The host as written in the URL.
    pub host: String,
    pub port: u16,
    /// The request target (`/`, `/path?q`).
    pub path: String,
    /// 7.58.0 says `* Rebuilt URL to: <url>/` when the URL had no path.
    pub rebuilt_url: Option<String>,
    pub target: Target,
    pub method: String,
    /// `-I`: HEAD, print the headers.
    pub head: bool,
    /// `-i`: print the headers before the body.
    pub include: bool,
    pub headers: Vec<CustomHeader>,
    /// `-d`: a POST body.
    pub data: Option<String>,
    pub verbose: bool,
    pub silent: bool,
    pub show_error: bool,
    /// `-f`: HTTP errors (≥ 400) fail with exit 22.
    pub fail: bool,
    pub max_time: Option<Duration>,
    pub connect_timeout: Option<Duration>,
    /// `-4`: only A lookups.
    pub ipv4_only: bool,
}

/// curl's DEFAULT_CONNECT_TIMEOUT.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(300);

#[derive(Debug)]
enum Phase {
    Start,
    Resolving(StubResolver),
    Connecting {
        sock: SockId,
        ip: Ipv4Addr,
    },
    Transfer {
        sock: SockId,
        buf: Vec<u8>,
        head: Option<ResponseHead>,
        body: usize,
    },
    Done,
}

/// The curl program.
#[derive(Debug)]
pub struct Curl {
    o: CurlOpts,
    phase: Phase,
    start: Instant,
    /// What curl wrote, in order: the body on stdout, the verbose trace
    /// and errors on stderr.
    pieces: Vec<(Stream, Vec<u8>)>,
    status: Option<i32>,
}

impl Curl {
    pub fn new(o: CurlOpts) -> Curl {
        Curl {
            o,
            phase: Phase::Start,
            start: Instant::ZERO,
            pieces: Vec::new(),
            status: None,
        }
    }

    fn emit(&mut self, stream: Stream, bytes: &[u8]) {
        match self.pieces.last_mut() {
            Some((s, b)) if *s == stream => b.extend_from_slice(bytes),
            _ => self.pieces.push((stream, bytes.to_vec())),
        }
    }

    fn emit_out(&mut self, bytes: &[u8]) {
        self.emit(Stream::Stdout, bytes);
    }

    fn emit_err(&mut self, text: &str) {
        self.emit(Stream::Stderr, text.as_bytes());
    }

    fn info(&mut self, line: &str) {
        if self.o.verbose {
            self.emit_err("* ");
            self.emit_err(line);
            self.emit_err("\n");
        }
    }

    fn elapsed_ms(&self, now: Instant) -> u64 {
        now.since(self.start).as_millis()
    }

    /// failf: the error traced, then the end of the transfer.
    fn fail(&mut self, io: &mut AppIo<'_>, code: i32, msg: String, close_note: &str) {
        self.info(&msg);
        self.end_with_error(io, code, &msg, close_note);
    }

    /// The connection teardown note, the `curl: (N)` line, the exit code.
    fn end_with_error(&mut self, io: &mut AppIo<'_>, code: i32, msg: &str, close_note: &str) {
        if !close_note.is_empty() {
            self.info(close_note);
        }
        if !self.o.silent || self.o.show_error {
            self.emit_err(&format!("curl: ({code}) {msg}\n"));
        }
        self.close(io, true);
        self.status = Some(code);
    }

    fn close(&mut self, io: &mut AppIo<'_>, abort: bool) {
        let sock = match &self.phase {
            Phase::Connecting { sock, .. } | Phase::Transfer { sock, .. } => Some(*sock),
            _ => None,
        };
        if let Some(s) = sock {
            if abort && io.kernel.tcp_state(io.netns, s) != TcpState::Closed {
                io.kernel.tcp_abort(io.netns, s);
            } else {
                io.kernel.sock_close(io.netns, s);
            }
        }
        self.phase = Phase::Done;
    }

    fn connect_deadline(&self) -> (Instant, bool) {
        let ct = self.start + self.o.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
        match self.o.max_time {
            Some(m) if self.start + m <= ct => (self.start + m, false),
            _ => (ct, self.o.connect_timeout.is_some()),
        }
    }

    fn request_bytes(&self) -> Vec<u8> {
        let o = &self.o;
        let custom = |name: &str| {
            o.headers
                .iter()
                .any(|h| h.name().eq_ignore_ascii_case(name))
        };
        let mut s = format!("{} {} HTTP/1.1\r\n", o.method, o.path);
        let host_value = if o.port == 80 {
            o.host.clone()
        } else {
            format!("{}:{}", o.host, o.port)
        };
        // 7.88.1 writes a custom Host in the Host position; 7.58.0 among the custom headers.
        match o
            .headers
            .iter()
            .find(|h| h.name().eq_ignore_ascii_case("Host"))
        {
            None => s.push_str(&format!("Host: {host_value}\r\n")),
            Some(CustomHeader::Set(n, v)) if !o.version.old() => {
                s.push_str(&format!("{n}: {v}\r\n"))
            }
            Some(_) => {}
        }
        if !custom("User-Agent") {
            s.push_str(&format!("User-Agent: curl/{}\r\n", o.version.as_str()));
        }
        if !custom("Accept") {
            s.push_str("Accept: */*\r\n");
        }
        for h in &o.headers {
            if h.name().eq_ignore_ascii_case("Host") && !o.version.old() {
                continue;
            }
            match h {
                CustomHeader::Set(n, v) => s.push_str(&format!("{n}: {v}\r\n")),
                CustomHeader::Empty(n) => s.push_str(&format!("{n}:\r\n")),
                CustomHeader::Remove(_) => {}
            }
        }
        if let Some(d) = &o.data {
            if !custom("Content-Length") {
                s.push_str(&format!("Content-Length: {}\r\n", d.len()));
            }
            if !custom("Content-Type") {
                s.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
            }
        }
        s.push_str("\r\n");
        let mut b = s.into_bytes();
        if let Some(d) = &o.data {
            b.extend_from_slice(d.as_bytes());
        }
        b
    }

    fn start_connect(&mut self, io: &mut AppIo<'_>, ip: Ipv4Addr) {
        let port = self.o.port;
        if self.o.version.old() {
            self.info(&format!("  Trying {ip}..."));
            self.info("TCP_NODELAY set");
        } else {
            self.info(&format!("  Trying {ip}:{port}..."));
        }
        match io.kernel.tcp_connect(io.netns, ip, port, None) {
            Ok(sock) => {
                io.own(sock);
                self.phase = Phase::Connecting { sock, ip };
            }
            Err(e) => {
                self.info(&format!("Immediate connect fail for {ip}: {e}"));
                let ms = self.elapsed_ms(io.now());
                let msg = self.connect_failure(e, ms);
                self.fail(io, 7, msg, "Closing connection 0");
            }
        }
    }

    /// The `Failed to connect` message of each version.
    fn connect_failure(&self, e: Errno, ms: u64) -> String {
        if self.o.version.old() {
            format!(
                "Failed to connect to {} port {}: {e}",
                self.o.host, self.o.port
            )
        } else {
            format!(
                "Failed to connect to {} port {} after {ms} ms: Couldn't connect to server",
                self.o.host, self.o.port
            )
        }
    }

    /// An error after the connection was made: 7.58.0's HTTP/2-aware
    /// `Curl_http2_done` notes the premature end of the stream.
    fn transfer_error(&mut self, io: &mut AppIo<'_>, code: i32, msg: String) {
        self.info(&msg);
        if self.o.version.old() {
            self.info("stopped the pause stream!");
        }
        self.end_with_error(io, code, &msg, "Closing connection 0");
    }

    fn poll_transfer(&mut self, io: &mut AppIo<'_>) {
        let ns = io.netns;
        let now = io.now();
        let Phase::Transfer {
            sock,
            buf,
            head,
            body,
        } = &mut self.phase
        else {
            return;
        };
        let sock = *sock;
        buf.extend_from_slice(&io.kernel.tcp_recv(ns, sock));
        let mut newly: Option<ResponseHead> = None;
        if head.is_none() {
            match parse_response_head(buf) {
                Parsed::Complete(h, n) => {
                    buf.drain(..n);
                    *head = Some(h.clone());
                    newly = Some(h);
                }
                Parsed::Invalid(_) => {
                    if self.o.version.old() {
                        // HTTP/0.9: 7.58.0 takes the bytes as the body.
                        let b = std::mem::take(buf);
                        *body += b.len();
                        self.emit_out(&b);
                    } else {
                        self.fail(
                            io,
                            1,
                            "Received HTTP/0.9 when not allowed".into(),
                            "Closing connection 0",
                        );
                        return;
                    }
                }
                Parsed::Incomplete => {}
            }
        }
        if let Some(h) = &newly {
            if self.o.verbose {
                for l in h.raw_lines() {
                    self.emit_err("< ");
                    self.emit_err(l);
                }
            }
            if self.o.include || self.o.head {
                self.emit_out(h.raw.as_bytes());
            }
            if self.o.fail && h.status >= 400 {
                let msg = if self.o.version.old() {
                    format!(
                        "The requested URL returned error: {} {}",
                        h.status, h.reason
                    )
                } else {
                    format!("The requested URL returned error: {}", h.status)
                };
                self.fail(io, 22, msg, "Closing connection 0");
                return;
            }
        }
        let Phase::Transfer {
            buf, head, body, ..
        } = &mut self.phase
        else {
            return;
        };
        let expected = head.as_ref().map(|h| {
            if self.o.head || h.status == 204 || h.status == 304 {
                Some(0)
            } else {
                h.content_length()
            }
        });
        let take = match expected {
            Some(Some(n)) => buf.len().min(n.saturating_sub(*body)),
            Some(None) => buf.len(),
            None => 0,
        };
        let chunk: Vec<u8> = buf.drain(..take).collect();
        *body += chunk.len();
        let got = *body;
        let had_head = head.is_some();
        let closes = head.as_ref().is_some_and(ResponseHead::closes);
        self.emit_out(&chunk);
        if let Some(Some(n)) = expected
            && got >= n
        {
            if closes {
                self.info("Closing connection 0");
            } else {
                self.info(&format!(
                    "Connection #0 to host {} left intact",
                    self.o.host
                ));
            }
            self.close(io, false);
            self.status = Some(0);
            return;
        }
        if io.kernel.tcp_state(ns, sock) == TcpState::Closed
            && let Some(e) = io.kernel.tcp_error(ns, sock)
        {
            self.transfer_error(io, 56, format!("Recv failure: {e}"));
            return;
        }
        if io.kernel.tcp_eof(ns, sock) {
            match (had_head, expected) {
                (false, _) if got == 0 => {
                    let note = if self.o.version.old() {
                        format!("Connection #0 to host {} left intact", self.o.host)
                    } else {
                        "Closing connection 0".to_string()
                    };
                    self.fail(io, 52, "Empty reply from server".into(), &note);
                }
                (true, Some(Some(n))) => self.transfer_error(
                    io,
                    18,
                    format!("transfer closed with {} bytes remaining to read", n - got),
                ),
                _ => {
                    self.info("Closing connection 0");
                    self.close(io, false);
                    self.status = Some(0);
                }
            }
            return;
        }
        if let Some(m) = self.o.max_time {
            let deadline = self.start + m;
            if now >= deadline {
                let ms = self.elapsed_ms(now);
                let msg = match expected {
                    Some(Some(n)) => format!(
                        "Operation timed out after {ms} milliseconds with {got} out of {n} bytes received"
                    ),
                    _ => format!(
                        "Operation timed out after {ms} milliseconds with {got} bytes received"
                    ),
                };
                self.transfer_error(io, 28, msg);
                return;
            }
            io.set_timer(deadline.since(now));
        }
    }
}

impl App for Curl {
    fn name(&self) -> &str {
        "curl"
    }

    fn poll(&mut self, io: &mut AppIo<'_>) {
        if self.status.is_some() {
            return;
        }
        let now = io.now();
        if let Phase::Start = self.phase {
            self.start = now;
            if let Some(u) = self.o.rebuilt_url.clone().filter(|_| self.o.version.old()) {
                self.info(&format!("Rebuilt URL to: {u}"));
            }
            match self.o.target.clone() {
                Target::Addr(ip) => self.start_connect(io, ip),
                Target::Dns { server } => {
                    self.phase =
                        Phase::Resolving(StubResolver::new(&self.o.host, server, !self.o.ipv4_only))
                }
            }
        }
        if let Phase::Resolving(r) = &mut self.phase {
            match r.poll(io) {
                StubPoll::Done(Ok(ips)) => match ips.first() {
                    Some(ip) => self.start_connect(io, *ip),
                    None => self.fail(
                        io,
                        6,
                        format!("Could not resolve host: {}", self.o.host),
                        "Closing connection 0",
                    ),
                },
                StubPoll::Done(Err(_)) => self.fail(
                    io,
                    6,
                    format!("Could not resolve host: {}", self.o.host),
                    "Closing connection 0",
                ),
                StubPoll::Pending { wake_at } => {
                    if self.o.max_time.is_some_and(|m| now >= self.start + m) {
                        let ms = self.elapsed_ms(now);
                        self.fail(
                            io,
                            28,
                            format!("Resolving timed out after {ms} milliseconds"),
                            "Closing connection 0",
                        );
                        return;
                    }
                    let limit = self.o.max_time.map(|m| self.start + m).unwrap_or(wake_at);
                    io.set_timer(wake_at.min(limit).since(now));
                    return;
                }
            }
        }
        if let Phase::Connecting { sock, ip } = self.phase {
            let ns = io.netns;
            match io.kernel.tcp_state(ns, sock) {
                TcpState::Established | TcpState::CloseWait => {
                    self.info(&format!(
                        "Connected to {} ({ip}) port {} (#0)",
                        self.o.host, self.o.port
                    ));
                    let req = self.request_bytes();
                    io.kernel.tcp_send(ns, sock, &req);
                    if self.o.verbose {
                        let body_len = self.o.data.as_ref().map_or(0, String::len);
                        let head =
                            String::from_utf8_lossy(&req[..req.len() - body_len]).into_owned();
                        for l in head.split_inclusive('\n') {
                            self.emit_err("> ");
                            self.emit_err(l);
                        }
                    }
                    if let (Some(d), true) = (&self.o.data, self.o.version.old()) {
                        let n = d.len();
                        self.info(&format!("upload completely sent off: {n} out of {n} bytes"));
                    }
                    self.phase = Phase::Transfer {
                        sock,
                        buf: Vec::new(),
                        head: None,
                        body: 0,
                    };
                }
                TcpState::Closed => {
                    let e = io.kernel.tcp_error(ns, sock).unwrap_or(Errno::ECONNREFUSED);
                    self.info(&format!("connect to {ip} port {} failed: {e}", self.o.port));
                    let ms = self.elapsed_ms(now);
                    let msg = self.connect_failure(e, ms);
                    let code = if e == Errno::ETIMEDOUT && !self.o.version.old() {
                        28
                    } else {
                        7
                    };
                    self.fail(io, code, msg, "Closing connection 0");
                    return;
                }
                _ => {
                    let (deadline, is_connect_timeout) = self.connect_deadline();
                    if now >= deadline {
                        let ms = self.elapsed_ms(now);
                        if is_connect_timeout && !self.o.version.old() {
                            self.info(&format!("ipv4 connect timeout after {ms}ms, move on!"));
                            let msg = format!(
                                "Failed to connect to {} port {} after {ms} ms: Timeout was reached",
                                self.o.host, self.o.port
                            );
                            self.fail(io, 28, msg, "Closing connection 0");
                        } else {
                            self.fail(
                                io,
                                28,
                                format!("Connection timed out after {ms} milliseconds"),
                                "Closing connection 0",
                            );
                        }
                        return;
                    }
                    io.set_timer(deadline.since(now));
                    return;
                }
            }
        }
        if let Phase::Transfer { .. } = self.phase {
            self.poll_transfer(io);
        }
    }

    fn finished(&self) -> Option<CmdOutput> {
        self.status.map(|status| {
            let pieces = self.pieces.iter().map(|(s, b)| (*s, String::from_utf8_lossy(b).into_owned())).collect();
            CmdOutput::from_pieces(pieces, status)
        })
    }
}
