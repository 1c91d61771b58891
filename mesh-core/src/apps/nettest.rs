//! `nettest`: the parity suite's traffic helper (`tests/src/bin/nettest.rs`
//! on the real side), built in with byte-identical output. See
//! `tests/parity/README.md` for the contract.

use std::net::Ipv4Addr;

use crate::kernel::Errno;
use crate::kernel::app::{App, AppIo};
use crate::kernel::socket::SockId;
use crate::kernel::tcp::TcpState;
use crate::output::CmdOutput;
use crate::time::{Duration, Instant};

/// What to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    TcpListen { port: u16, reply: Option<String>, count: u32, timeout: Duration },
    TcpConnect { dst: Ipv4Addr, port: u16, send: String, timeout: Duration },
    UdpListen { port: u16, reply: Option<String>, count: u32, timeout: Duration },
    UdpSend { dst: Ipv4Addr, port: u16, text: String, wait_reply: Option<Duration> },
}

/// The data as nettest quotes it: printable ASCII, `\\ \" \n \r \t`, `\xNN`.
pub fn quote(data: &[u8]) -> String {
    let mut s = String::from("\"");
    for &b in data {
        match b {
            b'\\' => s.push_str("\\\\"),
            b'"' => s.push_str("\\\""),
            b'\n' => s.push_str("\\n"),
            b'\r' => s.push_str("\\r"),
            b'\t' => s.push_str("\\t"),
            0x20..=0x7e => s.push(char::from(b)),
            _ => s.push_str(&format!("\\x{b:02x}")),
        }
    }
    s.push('"');
    s
}

#[derive(Debug)]
enum Phase {
    Start,
    Listening {
        sock: SockId,
        deadline: Instant,
        served: u32,
    },
    Serving {
        listener: SockId,
        conn: SockId,
        data: Vec<u8>,
        deadline: Instant,
        served: u32,
    },
    Connecting {
        sock: SockId,
        deadline: Instant,
    },
    /// Sent the data; shuts down writing in its next system call.
    Sent {
        sock: SockId,
    },
    Reading {
        sock: SockId,
        data: Vec<u8>,
        deadline: Instant,
    },
    UdpWaiting {
        sock: SockId,
        deadline: Instant,
        served: u32,
    },
    Done,
}

#[derive(Debug)]
pub struct Nettest {
    mode: Mode,
    phase: Phase,
    out: String,
    err: String,
    status: Option<i32>,
}

impl Nettest {
    pub fn new(mode: Mode) -> Nettest {
        Nettest { mode, phase: Phase::Start, out: String::new(), err: String::new(), status: None }
    }

    fn fail(&mut self, step: &str, reason: &str) {
        self.err.push_str(&format!("{step}: {reason}\n"));
        self.status = Some(1);
        self.phase = Phase::Done;
    }

    fn finish(&mut self) {
        self.status = Some(0);
        self.phase = Phase::Done;
    }
}

fn addr(a: (Ipv4Addr, u16)) -> String {
    format!("{}:{}", a.0, a.1)
}

impl App for Nettest {
    fn name(&self) -> &str {
        "nettest"
    }

    fn poll(&mut self, io: &mut AppIo<'_>) {
        let ns = io.netns;
        let now = io.now();
        loop {
            let phase = std::mem::replace(&mut self.phase, Phase::Done);
            match phase {
                Phase::Done => return,
                Phase::Start => match self.mode.clone() {
                    Mode::TcpListen { port, timeout, .. } => match io.kernel.tcp_listen(ns, Ipv4Addr::UNSPECIFIED, port, 128) {
                        Ok(s) => {
                            io.own(s);
                            self.phase = Phase::Listening { sock: s, deadline: now + timeout, served: 0 };
                        }
                        Err(e) => return self.fail("bind", e.strerror()),
                    },
                    Mode::TcpConnect { dst, port, timeout, .. } => match io.kernel.tcp_connect(ns, dst, port, None) {
                        Ok(s) => {
                            io.own(s);
                            self.phase = Phase::Connecting { sock: s, deadline: now + timeout };
                        }
                        Err(e) => return self.fail("connect", e.strerror()),
                    },
                    Mode::UdpListen { port, timeout, .. } => match io.kernel.udp_bind(ns, Ipv4Addr::UNSPECIFIED, port) {
                        Ok(s) => {
                            io.own(s);
                            self.phase = Phase::UdpWaiting { sock: s, deadline: now + timeout, served: 0 };
                        }
                        Err(e) => return self.fail("bind", e.strerror()),
                    },
                    Mode::UdpSend { dst, port, text, wait_reply } => {
                        let s = match io.kernel.udp_bind(ns, Ipv4Addr::UNSPECIFIED, 0) {
                            Ok(s) => s,
                            Err(e) => return self.fail("bind", e.strerror()),
                        };
                        io.own(s);
                        let local = match io.kernel.udp_connect(ns, s, (dst, port)) {
                            Ok(l) => l,
                            Err(e) => return self.fail("connect", e.strerror()),
                        };
                        if let Err(e) = io.kernel.udp_sendto(ns, s, (dst, port), text.as_bytes()) {
                            return self.fail("send", e.strerror());
                        }
                        self.out.push_str(&format!("sent {} -> {}:{port}\n", addr(local), dst));
                        match wait_reply {
                            None => return self.finish(),
                            Some(d) => self.phase = Phase::UdpWaiting { sock: s, deadline: now + d, served: 0 },
                        }
                    }
                },
                Phase::Listening { sock, deadline, served } => {
                    if let Some(c) = io.kernel.tcp_accept(ns, sock) {
                        io.own(c);
                        let peer = io.kernel.tcp_peer(ns, c).unwrap_or((Ipv4Addr::UNSPECIFIED, 0));
                        let local = io.kernel.tcp_local(ns, c).unwrap_or((Ipv4Addr::UNSPECIFIED, 0));
                        self.out.push_str(&format!("accepted {} -> {}\n", addr(peer), addr(local)));
                        let timeout = match &self.mode {
                            Mode::TcpListen { timeout, .. } => *timeout,
                            _ => Duration::from_secs(5),
                        };
                        self.phase = Phase::Serving { listener: sock, conn: c, data: Vec::new(), deadline: now + timeout, served };
                        continue;
                    }
                    if now >= deadline {
                        return self.fail("accept", "timed out");
                    }
                    self.phase = Phase::Listening { sock, deadline, served };
                    io.set_timer(deadline.since(now));
                    return;
                }
                Phase::Serving { listener, conn, mut data, deadline, served } => {
                    data.extend(io.kernel.tcp_recv(ns, conn));
                    if let Some(e) = io.kernel.tcp_error(ns, conn) {
                        return self.fail("recv", e.strerror());
                    }
                    if io.kernel.tcp_eof(ns, conn) {
                        self.out.push_str(&format!("received {}\n", quote(&data)));
                        if let Mode::TcpListen { reply: Some(r), .. } = &self.mode {
                            io.kernel.tcp_send(ns, conn, r.as_bytes());
                        }
                        io.kernel.tcp_close(ns, conn);
                        let count = match &self.mode {
                            Mode::TcpListen { count, .. } => *count,
                            _ => 1,
                        };
                        let served = served + 1;
                        if served >= count {
                            io.kernel.tcp_close(ns, listener);
                            return self.finish();
                        }
                        let timeout = match &self.mode {
                            Mode::TcpListen { timeout, .. } => *timeout,
                            _ => Duration::from_secs(5),
                        };
                        self.phase = Phase::Listening { sock: listener, deadline: now + timeout, served };
                        continue;
                    }
                    if now >= deadline {
                        return self.fail("recv", "timed out");
                    }
                    self.phase = Phase::Serving { listener, conn, data, deadline, served };
                    io.set_timer(deadline.since(now));
                    return;
                }
                Phase::Connecting { sock, deadline } => {
                    if let Some(e) = io.kernel.tcp_error(ns, sock) {
                        return self.fail("connect", e.strerror());
                    }
                    if io.kernel.tcp_state(ns, sock) == TcpState::Established || io.kernel.tcp_state(ns, sock) == TcpState::CloseWait {
                        let local = io.kernel.tcp_local(ns, sock).unwrap_or((Ipv4Addr::UNSPECIFIED, 0));
                        let peer = io.kernel.tcp_peer(ns, sock).unwrap_or((Ipv4Addr::UNSPECIFIED, 0));
                        self.out.push_str(&format!("connected {} -> {}\n", addr(local), addr(peer)));
                        if let Mode::TcpConnect { send, .. } = &self.mode {
                            if !send.is_empty() {
                                io.kernel.tcp_send(ns, sock, send.as_bytes());
                                self.phase = Phase::Sent { sock };
                                io.continue_after_softirq();
                                return;
                            }
                        }
                        self.phase = Phase::Sent { sock };
                        continue;
                    }
                    if now >= deadline {
                        return self.fail("connect", "timed out");
                    }
                    self.phase = Phase::Connecting { sock, deadline };
                    io.set_timer(deadline.since(now));
                    return;
                }
                Phase::Sent { sock } => {
                    io.kernel.tcp_shutdown_write(ns, sock);
                    let timeout = match &self.mode {
                        Mode::TcpConnect { timeout, .. } => *timeout,
                        _ => Duration::from_secs(1),
                    };
                    self.phase = Phase::Reading { sock, data: Vec::new(), deadline: now + timeout };
                    continue;
                }
                Phase::Reading { sock, mut data, deadline } => {
                    let got = io.kernel.tcp_recv(ns, sock);
                    let fresh = !got.is_empty();
                    data.extend(got);
                    if let Some(e) = io.kernel.tcp_error(ns, sock) {
                        return self.fail("recv", e.strerror());
                    }
                    if io.kernel.tcp_eof(ns, sock) {
                        self.out.push_str(&format!("received {}\n", quote(&data)));
                        io.kernel.tcp_close(ns, sock);
                        return self.finish();
                    }
                    if now >= deadline {
                        return self.fail("recv", "timed out");
                    }
                    let timeout = match &self.mode {
                        Mode::TcpConnect { timeout, .. } => *timeout,
                        _ => Duration::from_secs(1),
                    };
                    let deadline = if fresh { now + timeout } else { deadline };
                    self.phase = Phase::Reading { sock, data, deadline };
                    io.set_timer(deadline.since(now));
                    return;
                }
                Phase::UdpWaiting { sock, deadline, served } => {
                    if let Some(e) = io.kernel.udp_take_error(ns, sock) {
                        return self.fail("recv", e.strerror());
                    }
                    if let Some(d) = io.kernel.udp_recv(ns, sock) {
                        match self.mode.clone() {
                            Mode::UdpListen { reply, count, .. } => {
                                self.out.push_str(&format!("from {}\nreceived {}\n", addr(d.from), quote(&d.data)));
                                if let Some(r) = reply {
                                    let _ = io.kernel.udp_sendto(ns, sock, d.from, r.as_bytes());
                                }
                                let served = served + 1;
                                if served >= count {
                                    return self.finish();
                                }
                                self.phase = Phase::UdpWaiting { sock, deadline, served };
                                continue;
                            }
                            _ => {
                                self.out.push_str(&format!("received {}\n", quote(&d.data)));
                                return self.finish();
                            }
                        }
                    }
                    if now >= deadline {
                        return self.fail("recv", "timed out");
                    }
                    self.phase = Phase::UdpWaiting { sock, deadline, served };
                    io.set_timer(deadline.since(now));
                    return;
                }
            }
        }
    }

    fn finished(&self) -> Option<CmdOutput> {
        self.status.map(|status| CmdOutput { stdout: self.out.clone(), stderr: self.err.clone(), status, interleaved: None })
    }
}

/// errno text helper for callers.
pub fn errno_text(e: Errno) -> &'static str {
    e.strerror()
}
