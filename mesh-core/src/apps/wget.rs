//! busybox `wget` (1.36) as a client program: one HTTP/1.1 GET with
//! `Connection: close`, the body to stdout or a file.
//!
//! Wording from busybox `networking/wget.c` and checked against busybox
//! 1.35 run on this machine (the messages did not change in 1.36):
//! `Connecting to <host[:port]> (<ip>:<port>)`, `writing to stdout`, the
//! progress bar line, `written to stdout`; errors `wget: can't connect to
//! remote host (<ip>): <strerror>`, `wget: error getting response[: <strerror>]`,
//! `wget: server returned error: <status line>`, `wget: bad address '<host>'`,
//! and with `-T` `wget: download timed out`; all exit 1. mesh output is a
//! terminal, so the progress bar is drawn once, finished, behind a `\r`, as
//! an 80-column terminal shows it after a fast transfer.
//!
//! Not modelled: redirects, `-c`, `--spider`, `-S`, HTTPS, FTP, proxies.

use std::net::Ipv4Addr;

use crate::apps::curl::Target;
use crate::apps::dns::{StubPoll, StubResolver};
use crate::apps::http::{Parsed, ResponseHead, parse_response_head};
use crate::kernel::app::{App, AppIo};
use crate::kernel::socket::SockId;
use crate::kernel::tcp::TcpState;
use crate::output::CmdOutput;
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
}

/// busybox wget's idle timeout without `-T` (900 s).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(900);

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
    },
    Done,
}

/// The wget program. Its stdout is the body (for a file, the tool stores it).
#[derive(Debug)]
pub struct Wget {
    o: WgetOpts,
    phase: Phase,
    start: Instant,
    body: Vec<u8>,
    err: String,
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
    format!(
        "\r{short:<20}{:>4}% |{}|{v:>6}{} 0:00:00 ETA\n",
        100,
        "*".repeat(32),
        units.get(unit).copied().unwrap_or('?')
    )
}

impl Wget {
    pub fn new(o: WgetOpts) -> Wget {
        Wget {
            o,
            phase: Phase::Start,
            start: Instant::ZERO,
            body: Vec::new(),
            err: String::new(),
            status: None,
        }
    }

    fn die(&mut self, io: &mut AppIo<'_>, msg: String) {
        self.err.push_str(&format!("wget: {msg}\n"));
        if let Phase::Connecting { sock, .. } | Phase::Transfer { sock, .. } = self.phase {
            io.kernel.sock_close(io.netns, sock);
        }
        self.phase = Phase::Done;
        self.status = Some(1);
    }

    fn connect(&mut self, io: &mut AppIo<'_>, ip: Ipv4Addr) {
        if !self.o.quiet {
            self.err.push_str(&format!(
                "Connecting to {} ({ip}:{})\n",
                self.o.host_port, self.o.port
            ));
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
        let Phase::Transfer { sock, buf, head } = &mut self.phase else {
            return;
        };
        let sock = *sock;
        buf.extend_from_slice(&io.kernel.tcp_recv(ns, sock));
        if head.is_none() {
            match parse_response_head(buf) {
                Parsed::Complete(h, n) => {
                    buf.drain(..n);
                    if h.status != 200 {
                        let line = h.status_line().to_string();
                        self.die(io, format!("server returned error: {line}"));
                        return;
                    }
                    *head = Some(h);
                    if !self.o.quiet {
                        let what = if self.o.output_name == "-" {
                            "writing to stdout".to_string()
                        } else {
                            format!("saving to '{}'", self.o.output_name)
                        };
                        self.err.push_str(&what);
                        self.err.push('\n');
                    }
                }
                Parsed::Invalid(_) => {
                    self.die(io, "error getting response".into());
                    return;
                }
                Parsed::Incomplete => {}
            }
        }
        let Phase::Transfer { buf, head, .. } = &mut self.phase else {
            return;
        };
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
        let take = want.map_or(buf.len(), |n| {
            buf.len().min(n.saturating_sub(self.body.len()))
        });
        self.body.extend(buf.drain(..take));
        let complete = want.is_some_and(|n| self.body.len() >= n) || io.kernel.tcp_eof(ns, sock);
        if let (TcpState::Closed, Some(e)) =
            (io.kernel.tcp_state(ns, sock), io.kernel.tcp_error(ns, sock))
            && !complete
        {
            self.die(io, format!("error getting response: {e}"));
            return;
        }
        if complete {
            if !self.o.quiet {
                self.err
                    .push_str(&progress_line(&self.o.output_name, self.body.len()));
                let done = if self.o.output_name == "-" {
                    "written to stdout".to_string()
                } else {
                    format!("'{}' saved", self.o.output_name)
                };
                self.err.push_str(&done);
                self.err.push('\n');
            }
            io.kernel.sock_close(ns, sock);
            self.phase = Phase::Done;
            self.status = Some(0);
        }
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
                    let host = self
                        .o
                        .host_port
                        .rsplit_once(':')
                        .map_or(self.o.host_port.as_str(), |(h, _)| h)
                        .to_string();
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
                    let req = format!(
                        "GET {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: {}\r\nConnection: close\r\n\r\n",
                        self.o.path, self.o.host_port, self.o.user_agent
                    );
                    io.kernel.tcp_send(io.netns, sock, req.as_bytes());
                    self.phase = Phase::Transfer {
                        sock,
                        buf: Vec::new(),
                        head: None,
                    };
                }
                TcpState::Closed => {
                    let e = io
                        .kernel
                        .tcp_error(io.netns, sock)
                        .unwrap_or(crate::kernel::Errno::ECONNREFUSED);
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
        self.status.map(|status| CmdOutput {
            stdout: String::from_utf8_lossy(&self.body).into_owned(),
            stderr: self.err.clone(),
            status, interleaved: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_bar_matches_busybox_on_80_columns() {
        assert_eq!(
            progress_line("-", 28),
            "\r-                    100% |********************************|    28  0:00:00 ETA\n"
        );
        assert_eq!(
            progress_line("index.html", 615),
            "\rindex.html           100% |********************************|   615  0:00:00 ETA\n"
        );
        assert_eq!(
            progress_line("big", 1_000_000),
            "\rbig                  100% |********************************|   976k 0:00:00 ETA\n"
        );
    }
}
