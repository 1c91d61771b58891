//! busybox `wget` (1.36) as a client program: one HTTP/1.1 GET with
//! `Connection: close`, the body to stdout or a file.
//!
//! Wording from busybox `networking/wget.c` and checked against busybox
//! 1.35 run on this machine (the messages did not change in 1.36):
//! `Connecting to <host[:port]> (<ip>:<port>)`, `writing to stdout`, the
//! progress bar line, `written to stdout`; errors `wget: can't connect to
//! remote host (<ip>): <strerror>`, `wget: error getting response[: <strerror>]`,
//! `wget: server returned error: <status line>`, `wget: bad address '<host>'`,
//! and with `-T` `wget: download timed out`; all exit 1. `-S` shows the
//! response's status line and headers on stderr, two spaces in, as they
//! are read (before the status is checked, so an error shows its status
//! line). The output file is opened after the headers: `-O FILE`
//! overwrites, the name taken from the URL must not exist yet (`wget: can't
//! open 'index.html': File exists`). The body is written to stdout as it
//! arrives (busybox writes unbuffered), between `writing to stdout` and the
//! progress bar. mesh's stderr is a terminal, so the progress bar is drawn
//! once, finished, behind a `\r`, as an 80-column terminal shows it after a
//! fast transfer (busybox leaves the `\r` out when stderr is not a tty).
//!
//! Chunked bodies are decoded (an end before the last chunk is `wget: error
//! getting response`, as busybox 1.35 says here).
//!
//! Not modelled: redirects, `-c`, `--spider`, HTTPS, FTP, proxies.

use std::cell::RefCell;
use std::net::Ipv4Addr;
use std::rc::Rc;

use crate::apps::curl::Target;
use crate::apps::dns::{StubPoll, StubResolver};
use crate::apps::http::{ChunkedDecoder, Parsed, ResponseHead, parse_response_head};
use crate::kernel::app::{App, AppIo};
use crate::kernel::socket::SockId;
use crate::kernel::tcp::TcpState;
use crate::output::{CmdOutput, Stream};
use crate::time::{Duration, Instant};

/// One wget run.
#[derive(Clone, Debug)]
pub struct WgetOpts {
    /// `host[:port]` as written in the URL (the `Host:` header and messages).
    pub host_port: String,
    pub port: u16,
    pub path: String,
    pub target: Target,
    pub quiet: bool,
    /// Where the body goes: `-` (stdout) or a file name, as progress shows it.
    pub output_name: String,
    /// `-T`: give up after this long.
    pub timeout: Option<Duration>,
    /// `-U` (`Wget`).
    pub user_agent: String,
    /// `--header`: extra header lines, sent after busybox's own; a `Host`
    /// or `User-Agent` among them replaces busybox's.
    pub headers: Vec<String>,
    /// `--spider`: stop after a 200 head (`remote file exists`).
    pub spider: bool,
    /// `-S`: show the response headers.
    pub show_response: bool,
    /// What opening the output file gives (an errno's text on failure).
    pub open: Result<(), String>,
    /// The output file's bytes once opened; the tool stores them.
    pub saved: Rc<RefCell<Option<Vec<u8>>>>,
}

/// busybox wget's idle timeout without `-T` (900 s).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(900);

#[derive(Debug)]
enum Phase {
    Start,
    Resolving(StubResolver),
    Connecting { sock: SockId, ip: Ipv4Addr },
    Transfer { sock: SockId, buf: Vec<u8>, head: Option<ResponseHead>, chunked: Option<ChunkedDecoder> },
    Done,
}

/// The wget program.
#[derive(Debug)]
pub struct Wget {
    o: WgetOpts,
    phase: Phase,
    start: Instant,
    /// Body bytes received.
    body: usize,
    /// What wget wrote, in order.
    pieces: Vec<(Stream, String)>,
    status: Option<i32>,
}

/// busybox's progress bar, finished, for `size` bytes on an 80-column terminal.
pub fn progress_line(name: &str, size: usize) -> String {
    let mut v = size as u64;
    let mut unit = 0usize;
    while v >= 100_000 {
        v >>= 10;
        unit += 1;
    }
    let units = [' ', 'k', 'M', 'G', 'T', 'P', 'E'];
    let short: String = name.chars().take(20).collect();
    format!("\r{short:<20}{:>4}% |{}|{v:>6}{} 0:00:00 ETA\n", 100, "*".repeat(32), units.get(unit).copied().unwrap_or('?'))
}

impl Wget {
    pub fn new(o: WgetOpts) -> Wget {
        Wget { o, phase: Phase::Start, start: Instant::ZERO, body: 0, pieces: Vec::new(), status: None }
    }

    fn emit(&mut self, stream: Stream, text: &str) {
        match self.pieces.last_mut() {
            Some((s, t)) if *s == stream => t.push_str(text),
            _ => self.pieces.push((stream, text.to_string())),
        }
    }

    fn err(&mut self, text: &str) {
        self.emit(Stream::Stderr, text);
    }

    /// Body bytes: to stdout, or into the opened file.
    fn write_body(&mut self, bytes: &[u8]) {
        self.body += bytes.len();
        if self.o.output_name == "-" {
            self.emit(Stream::Stdout, &String::from_utf8_lossy(bytes));
        } else if let Some(f) = self.o.saved.borrow_mut().as_mut() {
            f.extend_from_slice(bytes);
        }
    }

    fn die(&mut self, io: &mut AppIo<'_>, msg: String) {
        self.err(&format!("wget: {msg}\n"));
        if let Phase::Connecting { sock, .. } | Phase::Transfer { sock, .. } = self.phase {
            io.kernel.sock_close(io.netns, sock);
        }
        self.phase = Phase::Done;
        self.status = Some(1);
    }

    /// busybox's request: `Host`, `User-Agent`, `Connection: close`, then
    /// the `--header` lines.
    fn request(&self) -> String {
        let custom = |name: &str| self.o.headers.iter().any(|h| h.split_once(':').is_some_and(|(n, _)| n.trim().eq_ignore_ascii_case(name)));
        let mut req = format!("GET {} HTTP/1.1\r\n", self.o.path);
        if !custom("Host") {
            req.push_str(&format!("Host: {}\r\n", self.o.host_port));
        }
        if !custom("User-Agent") {
            req.push_str(&format!("User-Agent: {}\r\n", self.o.user_agent));
        }
        req.push_str("Connection: close\r\n");
        for h in &self.o.headers {
            req.push_str(h);
            req.push_str("\r\n");
        }
        req.push_str("\r\n");
        req
    }

    fn connect(&mut self, io: &mut AppIo<'_>, ip: Ipv4Addr) {
        if !self.o.quiet {
            let line = format!("Connecting to {} ({ip}:{})\n", self.o.host_port, self.o.port);
            self.err(&line);
        }
        match io.kernel.tcp_connect(io.netns, ip, self.o.port, None) {
            Ok(sock) => {
                io.own(sock);
                self.phase = Phase::Connecting { sock, ip };
            }
            Err(e) => self.die(io, format!("can't connect to remote host ({ip}): {e}")),
        }
    }

    fn transfer(&mut self, io: &mut AppIo<'_>) {
        let ns = io.netns;
        let Phase::Transfer { sock, buf, head, .. } = &mut self.phase else {
            return;
        };
        let sock = *sock;
        buf.extend_from_slice(&io.kernel.tcp_recv(ns, sock));
        if head.is_none() {
            match parse_response_head(buf) {
                Parsed::Complete(h, n) => {
                    buf.drain(..n);
                    *head = Some(h.clone());
                    let lines: Vec<String> = h.raw_lines().iter().map(|l| l.trim_end_matches(['\r', '\n']).to_string()).collect();
                    let (status_line, header_lines) = lines.split_first().map_or(("", &[][..]), |(s, r)| (s.as_str(), r));
                    if self.o.show_response {
                        self.err(&format!("  {status_line}\n"));
                    }
                    if h.status != 200 {
                        self.die(io, format!("server returned error: {status_line}"));
                        return;
                    }
                    if self.o.show_response {
                        for l in header_lines {
                            self.err(&format!("  {l}\n"));
                        }
                    }
                    if self.o.spider {
                        if !self.o.quiet {
                            self.err("remote file exists\n");
                        }
                        io.kernel.sock_close(ns, sock);
                        self.phase = Phase::Done;
                        self.status = Some(0);
                        return;
                    }
                    if self.o.output_name != "-" {
                        if let Err(e) = self.o.open.clone() {
                            self.die(io, format!("can't open '{}': {e}", self.o.output_name));
                            return;
                        }
                        *self.o.saved.borrow_mut() = Some(Vec::new());
                    }
                    if !self.o.quiet {
                        let what = if self.o.output_name == "-" { "writing to stdout\n".to_string() } else { format!("saving to '{}'\n", self.o.output_name) };
                        self.err(&what);
                    }
                }
                Parsed::Invalid(_) => {
                    self.die(io, "error getting response".into());
                    return;
                }
                Parsed::Incomplete => {}
            }
        }
        let Phase::Transfer { buf, head, chunked, .. } = &mut self.phase else {
            return;
        };
        if chunked.is_none()
            && let Some(h) = head.as_ref()
            && h.header("Transfer-Encoding").is_some_and(|te| te.eq_ignore_ascii_case("chunked"))
        {
            *chunked = Some(ChunkedDecoder::default());
        }
        if let Some(dec) = chunked {
            let raw = std::mem::take(buf);
            let mut body = Vec::new();
            let result = dec.feed(&raw, &mut body);
            let done = dec.done();
            self.write_body(&body);
            if result.is_err() || (!done && (io.kernel.tcp_eof(ns, sock) || io.kernel.tcp_state(ns, sock) == TcpState::Closed)) {
                // A bad chunk size, or the end before the last chunk.
                self.die(io, "error getting response".into());
                return;
            }
            if done {
                self.saved(io, sock);
            }
            return;
        }
        let Some(h) = head.as_ref() else {
            let state = io.kernel.tcp_state(ns, sock);
            if let (TcpState::Closed, Some(e)) = (state, io.kernel.tcp_error(ns, sock)) {
                self.die(io, format!("error getting response: {e}"));
            } else if io.kernel.tcp_eof(ns, sock) {
                self.die(io, "error getting response".into());
            }
            return;
        };
        let want = h.content_length();
        let take = want.map_or(buf.len(), |n| buf.len().min(n.saturating_sub(self.body)));
        let chunk: Vec<u8> = buf.drain(..take).collect();
        self.write_body(&chunk);
        let complete = want.is_some_and(|n| self.body >= n) || io.kernel.tcp_eof(ns, sock);
        if let (TcpState::Closed, Some(e)) = (io.kernel.tcp_state(ns, sock), io.kernel.tcp_error(ns, sock))
            && !complete
        {
            self.die(io, format!("error getting response: {e}"));
            return;
        }
        if complete {
            self.saved(io, sock);
        }
    }

    /// The transfer completed: the finished bar and the last line.
    fn saved(&mut self, io: &mut AppIo<'_>, sock: SockId) {
        if !self.o.quiet {
            // The bar names the file's last path component.
            let name = self.o.output_name.rsplit('/').next().unwrap_or("");
            let bar = progress_line(name, self.body);
            self.err(&bar);
            let done = if self.o.output_name == "-" { "written to stdout\n".to_string() } else { format!("'{}' saved\n", self.o.output_name) };
            self.err(&done);
        }
        io.kernel.sock_close(io.netns, sock);
        self.phase = Phase::Done;
        self.status = Some(0);
    }
}

impl App for Wget {
    fn name(&self) -> &str {
        "wget"
    }

    fn poll(&mut self, io: &mut AppIo<'_>) {
        if self.status.is_some() {
            return;
        }
        let now = io.now();
        if let Phase::Start = self.phase {
            self.start = now;
            match self.o.target.clone() {
                Target::Addr(ip) => self.connect(io, ip),
                Target::Unresolvable | Target::Invalid { .. } => {
                    self.die(io, format!("bad address '{}'", self.o.host_port));
                    return;
                }
                Target::Dns { server } => {
                    let host = self.o.host_port.rsplit_once(':').map_or(self.o.host_port.as_str(), |(h, _)| h).to_string();
                    self.phase = Phase::Resolving(StubResolver::new(&host, server, true));
                }
            }
        }
        let deadline = self.start + self.o.timeout.unwrap_or(DEFAULT_TIMEOUT);
        if let Phase::Resolving(r) = &mut self.phase {
            match r.poll(io) {
                StubPoll::Done(Ok(ips)) => match ips.first() {
                    Some(ip) => self.connect(io, *ip),
                    None => self.die(io, format!("bad address '{}'", self.o.host_port)),
                },
                StubPoll::Done(Err(_)) => {
                    self.die(io, format!("bad address '{}'", self.o.host_port));
                    return;
                }
                StubPoll::Pending { wake_at } => {
                    io.set_timer(wake_at.since(now));
                    return;
                }
            }
        }
        if let Phase::Connecting { sock, ip } = self.phase {
            match io.kernel.tcp_state(io.netns, sock) {
                TcpState::Established | TcpState::CloseWait => {
                    let req = self.request();
                    io.kernel.tcp_send(io.netns, sock, req.as_bytes());
                    self.phase = Phase::Transfer { sock, buf: Vec::new(), head: None, chunked: None };
                }
                TcpState::Closed => {
                    let e = io.kernel.tcp_error(io.netns, sock).unwrap_or(crate::kernel::Errno::ECONNREFUSED);
                    self.die(io, format!("can't connect to remote host ({ip}): {e}"));
                    return;
                }
                _ => {}
            }
        }
        if let Phase::Transfer { .. } = self.phase {
            self.transfer(io);
        }
        if self.status.is_none() {
            if now >= deadline {
                self.die(io, "download timed out".into());
                return;
            }
            io.set_timer(deadline.since(now));
        }
    }

    fn finished(&self) -> Option<CmdOutput> {
        self.status.map(|status| CmdOutput::from_pieces(self.pieces.clone(), status))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_bar_matches_busybox_on_80_columns() {
        assert_eq!(progress_line("-", 28), "\r-                    100% |********************************|    28  0:00:00 ETA\n");
        assert_eq!(progress_line("index.html", 615), "\rindex.html           100% |********************************|   615  0:00:00 ETA\n");
        assert_eq!(progress_line("big", 1_000_000), "\rbig                  100% |********************************|   976k 0:00:00 ETA\n");
    }
}
