//! BM7: the seed's request through a real-kernel copy of the path on this
//! machine, measured in the same run as mesh's BM6.
//!
//! The copy is the parity suite's scenario
//! `tests/parity/scenarios/28-ingress-two-nodes.scn` (everything before
//! its traffic section): two "nodes" as network namespaces on a LAN
//! bridge, each with docker_gwbridge, the ingress overlay (bridge + VXLAN
//! VNI 4096), an ingress_sbox (MARK, SNAT, and a DNAT standing in for
//! IPVS, which this kernel lacks) and a task with Docker's REDIRECT rules.
//! A client in the `ext` namespace asks node1's 192.168.56.11:8080; node1
//! DNATs to its ingress_sbox, which sends the request over VXLAN to the
//! task on node2 — the seed's path, both nodes, both directions.
//!
//! It all runs in a private sandbox (`unshare --mount --net --pid --fork
//! --kill-child`, a tmpfs on /run): when the client (the sandbox's init)
//! exits, or this process dies, the kernel kills the servers and the
//! namespaces, devices and rules vanish with them. Nothing is left on the
//! machine. Needs root; otherwise BM7 is skipped with one line.
//!
//! The client and server are this bench binary in another role (see
//! `ROLE_VAR`): a request is connect, send a `GET` like curl's, read the
//! whoami-style answer to EOF (the server closes), close — handshake,
//! request, response and teardown over real sockets, no process start.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

const SCENARIO: &str = include_str!("../../../tests/parity/scenarios/28-ingress-two-nodes.scn");

/// Where the client sends its requests (node1's published port).
const TARGET: &str = "192.168.56.11:8080";

const REQUEST: &[u8] = b"GET / HTTP/1.1\r\nHost: 192.168.56.11:8080\r\nUser-Agent: curl/7.58.0\r\nAccept: */*\r\n\r\n";

/// The setup commands: the scenario up to its traffic, run by `sh -e`.
fn setup_script() -> String {
    let mut s = String::from(
        "set -e\n\
         exec 3>&1 1>/dev/null\n\
         mount -t tmpfs -o mode=755 bm7 /run\n\
         mkdir -p /run/netns /run/bm7\n\
         ln -s \"$(command -v iptables-legacy)\" /run/bm7/iptables\n\
         export PATH=/run/bm7:$PATH\n\
         ip link set lo up\n",
    );
    for line in SCENARIO.lines() {
        if line.starts_with("# ---- traffic") {
            break;
        }
        s.push_str(line);
        s.push('\n');
        if let Some(ns) = line.strip_prefix("ip netns add ") {
            s.push_str(&format!("ip netns exec {ns} sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1\n"));
        }
    }
    s.push_str(&format!("ip netns exec task1 env {}=bm7-server \"$1\" 3>&- &\n", super::ROLE_VAR));
    s.push_str(&format!("ip netns exec task2 env {}=bm7-server \"$1\" 3>&- &\n", super::ROLE_VAR));
    s.push_str(&format!("exec ip netns exec ext env {}=bm7-client \"$1\" >&3\n", super::ROLE_VAR));
    s
}

/// A running copy of the path and its client.
pub struct KernelPath {
    child: Child,
    to: ChildStdin,
    from: BufReader<ChildStdout>,
}

impl KernelPath {
    pub fn start() -> Result<KernelPath, String> {
        if !is_root() {
            return Err("not root (BM7 needs network namespaces)".into());
        }
        let exe = std::env::current_exe().map_err(|e| e.to_string())?;
        let mut child = Command::new("unshare")
            .args(["--mount", "--net", "--pid", "--fork", "--kill-child", "--mount-proc", "--propagation", "private", "sh", "-c", &setup_script(), "sh"])
            .arg(exe)
            .env("LC_ALL", "C")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("unshare: {e}"))?;
        let to = child.stdin.take().ok_or("no stdin")?;
        let from = BufReader::new(child.stdout.take().ok_or("no stdout")?);
        let mut p = KernelPath { child, to, from };
        let mut line = String::new();
        p.from.read_line(&mut line).map_err(|e| e.to_string())?;
        if line.trim() != "ready" {
            return Err(format!("the kernel path did not come up (client said {:?})", line.trim()));
        }
        Ok(p)
    }

    /// Time `n` requests.
    pub fn requests(&mut self, n: u64) -> Duration {
        let mut line = String::new();
        if writeln!(self.to, "{n}").and_then(|_| self.to.flush()).is_err() || self.from.read_line(&mut line).is_err() {
            panic!("BM7 client died");
        }
        Duration::from_nanos(line.trim().parse().unwrap_or_else(|_| panic!("BM7 client said {line:?}")))
    }
}

impl Drop for KernelPath {
    fn drop(&mut self) {
        let _ = writeln!(self.to, "q");
        let _ = self.child.wait();
    }
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("Uid:")).and_then(|l| l.split_whitespace().nth(2).map(|u| u == "0")))
        .unwrap_or(false)
}

fn one_request(to: SocketAddr) -> std::io::Result<usize> {
    let mut s = TcpStream::connect_timeout(&to, Duration::from_secs(2))?;
    s.set_nodelay(true)?;
    s.set_read_timeout(Some(Duration::from_secs(2)))?;
    s.write_all(REQUEST)?;
    let mut buf = [0u8; 2048];
    let mut got = 0;
    loop {
        let n = s.read(&mut buf)?;
        if n == 0 {
            return Ok(got);
        }
        got += n;
    }
}

/// Client role (in `ext`): wait for the path, say `ready`, then for each
/// line `N` on stdin make N requests and answer the total nanoseconds.
pub fn client() -> i32 {
    let Ok(to) = TARGET.parse::<SocketAddr>() else { return 2 };
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match one_request(to) {
            Ok(n) if n > 0 => break,
            _ if Instant::now() > deadline => {
                println!("no answer from {TARGET}");
                return 1;
            }
            _ => std::thread::sleep(Duration::from_millis(50)),
        }
    }
    println!("ready");
    let stdin = std::io::stdin();
    let mut out = std::io::stdout();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        let Ok(n) = line.trim().parse::<u64>() else { break };
        let t = Instant::now();
        for _ in 0..n {
            if one_request(to).map_or(true, |got| got == 0) {
                let _ = writeln!(out, "request failed");
                return 1;
            }
        }
        let _ = writeln!(out, "{}", t.elapsed().as_nanos());
        let _ = out.flush();
    }
    0
}

/// Server role (in a task): answer each connection like whoami, then close.
pub fn server() -> i32 {
    let Ok(l) = TcpListener::bind("0.0.0.0:80") else { return 1 };
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
    for conn in l.incoming() {
        let Ok(mut c) = conn else { continue };
        let _ = c.set_nodelay(true);
        let mut req = Vec::with_capacity(256);
        let mut buf = [0u8; 1024];
        while !req.windows(4).any(|w| w == b"\r\n\r\n") {
            match c.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => req.extend_from_slice(&buf[..n]),
            }
        }
        let peer = c.peer_addr().map(|a| a.to_string()).unwrap_or_default();
        let body = format!("Hostname: {}\nIP: 127.0.0.1\nRemoteAddr: {peer}\n{}", host.trim(), String::from_utf8_lossy(&req));
        let resp = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n{body}", body.len());
        let _ = c.write_all(resp.as_bytes());
    }
    0
}
