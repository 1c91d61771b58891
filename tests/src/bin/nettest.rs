//! `nettest`: the traffic helper of the parity harness.
//!
//! Real sockets, run inside a network namespace (`ip netns exec a nettest …`).
//! mesh implements a built-in `nettest` with byte-identical output, so the
//! contract below is the specification of both (also in
//! `tests/parity/README.md`):
//!
//! ```text
//! nettest tcp-listen PORT [--reply TEXT] [--count N] [--timeout MS]
//! nettest tcp-connect IP:PORT [--send TEXT] [--timeout MS]
//! nettest udp-listen PORT [--reply TEXT] [--count N] [--timeout MS]
//! nettest udp-send IP:PORT TEXT [--wait-reply MS]
//! ```
//!
//! Every exchange prints an address line and, where data arrived, a
//! `received "…"` line (bytes escaped as described at [`quote`]):
//!
//! - `tcp-listen` binds `0.0.0.0:PORT`, and for each of N connections
//!   (default 1) prints `accepted PEER -> LOCAL`, reads until the peer's FIN,
//!   prints `received "…"`, sends `--reply` (if any) and closes.
//! - `tcp-connect` prints `connected LOCAL -> PEER`, sends `--send`, shuts
//!   its sending side down, reads until the server closes and prints
//!   `received "…"`.
//! - `udp-listen` binds `0.0.0.0:PORT`, and for each of N datagrams prints
//!   `from PEER` and `received "…"`, answering `--reply` (if any).
//! - `udp-send` connects a UDP socket, sends TEXT, prints
//!   `sent LOCAL -> PEER`; with `--wait-reply MS` it then prints
//!   `received "…"` for the first answer.
//!
//! Errors go to stderr as `<step>: <strerror text>` (`connect: Connection
//! refused`, `recv: Connection refused` after an ICMP port unreachable,
//! `connect: Network is unreachable`), or `<step>: timed out`, with exit
//! status 1. Bad arguments print a usage message with exit status 2.
//!
//! Timeouts (milliseconds): `tcp-connect --timeout` bounds the connect and
//! then each read (default 1000); a listener gives up when no connection or
//! datagram arrives within `--timeout` (default 5000) and bounds each read of
//! an accepted connection by it; `udp-send --wait-reply` bounds the wait.
//!
//! Harness hook (not part of the output contract): when the environment
//! variable `NETTEST_READY_FILE` is set, a listener creates that file once its
//! socket is bound, so the harness knows the server is ready without
//! sleeping.

use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, Shutdown, SocketAddr, SocketAddrV4, TcpListener, TcpStream, UdpSocket};
use std::process::ExitCode;
use std::time::{Duration, Instant};

const USAGE: &str = "\
usage: nettest tcp-listen PORT [--reply TEXT] [--count N] [--timeout MS]
       nettest tcp-connect IP:PORT [--send TEXT] [--timeout MS]
       nettest udp-listen PORT [--reply TEXT] [--count N] [--timeout MS]
       nettest udp-send IP:PORT TEXT [--wait-reply MS]
";

const DEFAULT_CONNECT_TIMEOUT_MS: u64 = 1000;
const DEFAULT_LISTEN_TIMEOUT_MS: u64 = 5000;
/// How often a listener polls its non-blocking socket while waiting.
const POLL_INTERVAL: Duration = Duration::from_millis(2);

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match Command::parse(&args) {
        Ok(command) => command,
        Err(message) => {
            eprint!("nettest: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match command.run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("{failure}");
            ExitCode::from(1)
        }
    }
}

#[derive(Debug, PartialEq)]
enum Command {
    TcpListen { port: u16, reply: Option<String>, count: u32, timeout: Duration },
    TcpConnect { peer: SocketAddrV4, send: String, timeout: Duration },
    UdpListen { port: u16, reply: Option<String>, count: u32, timeout: Duration },
    UdpSend { peer: SocketAddrV4, text: String, wait_reply: Option<Duration> },
}

/// The options a subcommand accepts, parsed from `--name VALUE` pairs.
#[derive(Default)]
struct Options {
    reply: Option<String>,
    count: Option<u32>,
    timeout: Option<Duration>,
    send: Option<String>,
    wait_reply: Option<Duration>,
}

impl Command {
    fn parse(args: &[String]) -> Result<Command, String> {
        let (sub, rest) = args.split_first().ok_or("missing subcommand")?;
        let (positional, options) = split_options(sub, rest)?;
        let only = |n: usize| -> Result<(), String> {
            if positional.len() == n { Ok(()) } else { Err(format!("{sub}: expected {n} argument(s), got {}", positional.len())) }
        };
        match sub.as_str() {
            "tcp-listen" | "udp-listen" => {
                only(1)?;
                let port = parse_port(&positional[0])?;
                let reply = options.reply;
                let count = options.count.unwrap_or(1);
                let timeout = options.timeout.unwrap_or(Duration::from_millis(DEFAULT_LISTEN_TIMEOUT_MS));
                Ok(if sub == "tcp-listen" { Command::TcpListen { port, reply, count, timeout } } else { Command::UdpListen { port, reply, count, timeout } })
            }
            "tcp-connect" => {
                only(1)?;
                Ok(Command::TcpConnect {
                    peer: parse_peer(&positional[0])?,
                    send: options.send.unwrap_or_default(),
                    timeout: options.timeout.unwrap_or(Duration::from_millis(DEFAULT_CONNECT_TIMEOUT_MS)),
                })
            }
            "udp-send" => {
                only(2)?;
                Ok(Command::UdpSend { peer: parse_peer(&positional[0])?, text: positional[1].clone(), wait_reply: options.wait_reply })
            }
            other => Err(format!("unknown subcommand '{other}'")),
        }
    }

    fn run(self) -> Result<(), Failure> {
        match self {
            Command::TcpListen { port, reply, count, timeout } => tcp_listen(port, reply.as_deref(), count, timeout),
            Command::TcpConnect { peer, send, timeout } => tcp_connect(peer, &send, timeout),
            Command::UdpListen { port, reply, count, timeout } => udp_listen(port, reply.as_deref(), count, timeout),
            Command::UdpSend { peer, text, wait_reply } => udp_send(peer, &text, wait_reply),
        }
    }
}

/// Separates positional arguments from the `--option VALUE` pairs that `sub`
/// accepts.
fn split_options(sub: &str, rest: &[String]) -> Result<(Vec<String>, Options), String> {
    let allowed: &[&str] = match sub {
        "tcp-listen" | "udp-listen" => &["--reply", "--count", "--timeout"],
        "tcp-connect" => &["--send", "--timeout"],
        "udp-send" => &["--wait-reply"],
        _ => &[],
    };
    let mut positional = Vec::new();
    let mut options = Options::default();
    let mut iter = rest.iter();
    while let Some(arg) = iter.next() {
        if !arg.starts_with("--") {
            positional.push(arg.clone());
            continue;
        }
        if !allowed.contains(&arg.as_str()) {
            return Err(format!("{sub}: unknown option '{arg}'"));
        }
        let value = iter.next().ok_or_else(|| format!("{sub}: option '{arg}' needs a value"))?;
        match arg.as_str() {
            "--reply" => options.reply = Some(value.clone()),
            "--send" => options.send = Some(value.clone()),
            "--count" => options.count = Some(parse_number(arg, value)?),
            "--timeout" => options.timeout = Some(parse_millis(arg, value)?),
            "--wait-reply" => options.wait_reply = Some(parse_millis(arg, value)?),
            _ => return Err(format!("{sub}: unknown option '{arg}'")),
        }
    }
    Ok((positional, options))
}

fn parse_number(option: &str, value: &str) -> Result<u32, String> {
    match value.parse::<u32>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("invalid value '{value}' for {option}")),
    }
}

fn parse_millis(option: &str, value: &str) -> Result<Duration, String> {
    parse_number(option, value).map(|ms| Duration::from_millis(u64::from(ms)))
}

fn parse_port(text: &str) -> Result<u16, String> {
    match text.parse::<u16>() {
        Ok(port) if port > 0 => Ok(port),
        _ => Err(format!("invalid port '{text}'")),
    }
}

fn parse_peer(text: &str) -> Result<SocketAddrV4, String> {
    let (ip, port) = text.rsplit_once(':').ok_or_else(|| format!("invalid address '{text}'"))?;
    let ip: Ipv4Addr = ip.parse().map_err(|_| format!("invalid address '{text}'"))?;
    Ok(SocketAddrV4::new(ip, parse_port(port)?))
}

/// A failed step: printed as `<step>: <reason>` on stderr.
struct Failure {
    step: &'static str,
    reason: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.step, self.reason)
    }
}

/// Describes an I/O error the way C tools do: the bare `strerror` text
/// (`Connection refused`), or `timed out` for an expired timeout.
fn failure(step: &'static str, error: &io::Error) -> Failure {
    let reason = match error.kind() {
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => "timed out".to_string(),
        _ => {
            let text = error.to_string();
            match text.find(" (os error ") {
                Some(cut) => text[..cut].to_string(),
                None => text,
            }
        }
    };
    Failure { step, reason }
}

fn timed_out(step: &'static str) -> Failure {
    Failure { step, reason: "timed out".to_string() }
}

/// Escapes received bytes into one printable line: printable ASCII as is,
/// `\\`, `\"`, `\n`, `\r`, `\t`, and `\xNN` for every other byte.
fn quote(bytes: &[u8]) -> String {
    let mut out = String::from("\"");
    for &b in bytes {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'"' => out.push_str("\\\""),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x20..=0x7e => out.push(char::from(b)),
            _ => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out.push('"');
    out
}

fn signal_ready() {
    if let Some(path) = std::env::var_os("NETTEST_READY_FILE") {
        // Best effort: the harness falls back to a timeout if it never appears.
        let _ = std::fs::write(path, b"");
    }
}

fn print_line(line: &str) {
    let mut stdout = io::stdout().lock();
    let _ = writeln!(stdout, "{line}");
    let _ = stdout.flush();
}

fn tcp_listen(port: u16, reply: Option<&str>, count: u32, timeout: Duration) -> Result<(), Failure> {
    let any = SocketAddr::from((Ipv4Addr::UNSPECIFIED, port));
    let listener = TcpListener::bind(any).map_err(|e| failure("bind", &e))?;
    listener.set_nonblocking(true).map_err(|e| failure("listen", &e))?;
    signal_ready();
    for _ in 0..count {
        let (mut stream, peer) = accept_within(&listener, timeout)?;
        stream.set_nonblocking(false).map_err(|e| failure("accept", &e))?;
        let local = stream.local_addr().map_err(|e| failure("accept", &e))?;
        print_line(&format!("accepted {peer} -> {local}"));
        stream.set_read_timeout(Some(timeout)).map_err(|e| failure("recv", &e))?;
        let received = read_to_end(&mut stream)?;
        print_line(&format!("received {}", quote(&received)));
        if let Some(reply) = reply {
            stream.write_all(reply.as_bytes()).map_err(|e| failure("send", &e))?;
        }
        // Dropping the stream closes it (FIN).
    }
    Ok(())
}

fn accept_within(listener: &TcpListener, timeout: Duration) -> Result<(TcpStream, SocketAddr), Failure> {
    let deadline = Instant::now() + timeout;
    loop {
        match listener.accept() {
            Ok(accepted) => return Ok(accepted),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                if Instant::now() >= deadline {
                    return Err(timed_out("accept"));
                }
                std::thread::sleep(POLL_INTERVAL);
            }
            Err(e) => return Err(failure("accept", &e)),
        }
    }
}

fn read_to_end(stream: &mut TcpStream) -> Result<Vec<u8>, Failure> {
    let mut received = Vec::new();
    stream.read_to_end(&mut received).map_err(|e| failure("recv", &e))?;
    Ok(received)
}

fn tcp_connect(peer: SocketAddrV4, send: &str, timeout: Duration) -> Result<(), Failure> {
    let mut stream = TcpStream::connect_timeout(&SocketAddr::V4(peer), timeout).map_err(|e| failure("connect", &e))?;
    let local = stream.local_addr().map_err(|e| failure("connect", &e))?;
    print_line(&format!("connected {local} -> {peer}"));
    stream.write_all(send.as_bytes()).map_err(|e| failure("send", &e))?;
    stream.shutdown(Shutdown::Write).map_err(|e| failure("send", &e))?;
    stream.set_read_timeout(Some(timeout)).map_err(|e| failure("recv", &e))?;
    let received = read_to_end(&mut stream)?;
    print_line(&format!("received {}", quote(&received)));
    Ok(())
}

/// Large enough for any datagram a scenario sends.
const DATAGRAM_BUFFER: usize = 65536;

fn udp_listen(port: u16, reply: Option<&str>, count: u32, timeout: Duration) -> Result<(), Failure> {
    let any = SocketAddr::from((Ipv4Addr::UNSPECIFIED, port));
    let socket = UdpSocket::bind(any).map_err(|e| failure("bind", &e))?;
    socket.set_read_timeout(Some(timeout)).map_err(|e| failure("recv", &e))?;
    signal_ready();
    let mut buffer = vec![0u8; DATAGRAM_BUFFER];
    for _ in 0..count {
        let (len, peer) = socket.recv_from(&mut buffer).map_err(|e| failure("recv", &e))?;
        print_line(&format!("from {peer}"));
        print_line(&format!("received {}", quote(&buffer[..len])));
        if let Some(reply) = reply {
            socket.send_to(reply.as_bytes(), peer).map_err(|e| failure("send", &e))?;
        }
    }
    Ok(())
}

fn udp_send(peer: SocketAddrV4, text: &str, wait_reply: Option<Duration>) -> Result<(), Failure> {
    let socket = UdpSocket::bind(SocketAddr::from((Ipv4Addr::UNSPECIFIED, 0))).map_err(|e| failure("bind", &e))?;
    socket.connect(SocketAddr::V4(peer)).map_err(|e| failure("connect", &e))?;
    let local = socket.local_addr().map_err(|e| failure("connect", &e))?;
    socket.send(text.as_bytes()).map_err(|e| failure("send", &e))?;
    print_line(&format!("sent {local} -> {peer}"));
    if let Some(wait) = wait_reply {
        socket.set_read_timeout(Some(wait)).map_err(|e| failure("recv", &e))?;
        let mut buffer = vec![0u8; DATAGRAM_BUFFER];
        let len = socket.recv(&mut buffer).map_err(|e| failure("recv", &e))?;
        print_line(&format!("received {}", quote(&buffer[..len])));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn parses_every_subcommand() {
        assert_eq!(
            Command::parse(&args("tcp-listen 80 --reply hi --count 2 --timeout 300")),
            Ok(Command::TcpListen { port: 80, reply: Some("hi".into()), count: 2, timeout: Duration::from_millis(300) })
        );
        assert_eq!(
            Command::parse(&args("tcp-connect 10.0.0.2:80 --send x")),
            Ok(Command::TcpConnect { peer: "10.0.0.2:80".parse().unwrap(), send: "x".into(), timeout: Duration::from_millis(DEFAULT_CONNECT_TIMEOUT_MS) })
        );
        assert_eq!(
            Command::parse(&args("udp-listen 53")),
            Ok(Command::UdpListen { port: 53, reply: None, count: 1, timeout: Duration::from_millis(DEFAULT_LISTEN_TIMEOUT_MS) })
        );
        assert_eq!(
            Command::parse(&args("udp-send 10.0.0.2:53 ping --wait-reply 200")),
            Ok(Command::UdpSend { peer: "10.0.0.2:53".parse().unwrap(), text: "ping".into(), wait_reply: Some(Duration::from_millis(200)) })
        );
    }

    #[test]
    fn rejects_bad_arguments() {
        for bad in [
            "",
            "tcp-listen",
            "tcp-listen 0",
            "tcp-listen 70000",
            "tcp-listen 80 --send x",
            "tcp-listen 80 --count",
            "tcp-listen 80 --count 0",
            "tcp-connect 10.0.0.2",
            "tcp-connect host:80",
            "udp-send 10.0.0.2:53",
            "udp-send 10.0.0.2:53 a b",
            "frobnicate 1",
        ] {
            assert!(Command::parse(&args(bad)).is_err(), "accepted {bad:?}");
        }
    }

    #[test]
    fn quote_escapes_everything_unprintable() {
        assert_eq!(quote(b"GET / \"x\"\\\r\n\t\x00\xff"), r#""GET / \"x\"\\\r\n\t\x00\xff""#);
        assert_eq!(quote(b""), r#""""#);
    }

    #[test]
    fn failure_prints_bare_strerror() {
        let refused = io::Error::from_raw_os_error(111);
        assert_eq!(failure("connect", &refused).to_string(), "connect: Connection refused");
        let timeout = io::Error::from(io::ErrorKind::WouldBlock);
        assert_eq!(failure("recv", &timeout).to_string(), "recv: timed out");
    }
}
