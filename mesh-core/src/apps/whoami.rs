//! traefik/whoami (formerly containous/whoami): the tiny Go web server the
//! seed deploys, which answers with who it is and what it received.
//!
//! The body (`whoamiHandler` in traefik/whoami `app.go`), lines ending in
//! `\n`: an optional `Name:` line (`WHOAMI_NAME`), `Hostname:`, one `IP:`
//! line per IPv4 address of every interface in ifindex order (`lo` first,
//! addresses in the kernel's list order, read from the namespace the server
//! runs in), `RemoteAddr: ip:port` (the peer of the accepted socket — after
//! Swarm's NAT, the ingress sandbox's address), then Go's `Request.Write`
//! dump of the request with `\r\n` line ends, then with `?env=true` the
//! environment, one `KEY=value` per line. The response carries Go
//! `net/http`'s headers (see [`crate::apps::http::go_response`]).
//!
//! Also served: `/health` (200, empty body) and `/bench` (`1`, as text/plain
//! with `Connection: keep-alive`). Not modelled: `/api` (JSON), `/data`,
//! `/echo` (websocket), `?wait=`, TLS, IPv6 addresses (mesh has no IPv6:
//! no `::1`/`fe80::` lines, as on a host with IPv6 disabled).

use crate::apps::http::{
    Exchange, GO_BAD_REQUEST, HttpServer, Reply, Request, go_request_write, go_response, http_date,
    wall_clock,
};
use crate::kernel::app::{App, AppIo};
use crate::kernel::{Kernel, NetnsId};

/// How a whoami container was started.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WhoamiConfig {
    /// `os.Hostname()`: the container's hostname (12 hex digits of its ID).
    pub hostname: String,
    /// `-port` / `WHOAMI_PORT_NUMBER` (80).
    pub port: u16,
    /// `-name` / `WHOAMI_NAME`.
    pub name: Option<String>,
    /// The process environment, `KEY=value`, in `os.Environ()` order.
    pub env: Vec<String>,
}

impl WhoamiConfig {
    /// The image's defaults for a container with this hostname.
    pub fn new(hostname: &str) -> WhoamiConfig {
        WhoamiConfig {
            hostname: hostname.to_string(),
            port: 80,
            name: None,
            env: vec![
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_string(),
                format!("HOSTNAME={hostname}"),
                "HOME=/root".to_string(),
            ],
        }
    }
}

/// The whoami server program.
#[derive(Debug)]
pub struct Whoami {
    config: WhoamiConfig,
    server: HttpServer,
}

impl Whoami {
    pub fn new(config: WhoamiConfig) -> Whoami {
        let port = config.port;
        Whoami {
            config,
            server: HttpServer::new(port, 4096),
        }
    }

    /// Why the server could not listen, if it could not (Go would exit with
    /// `listen tcp :80: bind: address already in use`).
    pub fn listen_error(&self) -> Option<crate::kernel::Errno> {
        self.server.listen_error
    }
}

/// Every IPv4 address of every interface of `ns`, interfaces in ifindex
/// order, addresses in kernel order (Go's `net.Interfaces()` + `Addrs()`).
pub fn interface_ips(k: &Kernel, ns: NetnsId) -> Vec<std::net::Ipv4Addr> {
    let mut devs: Vec<_> = k.devs_in(ns).collect();
    devs.sort_by_key(|d| d.ifindex);
    devs.iter()
        .flat_map(|d| d.addrs.iter().map(|a| a.local))
        .collect()
}

/// The body whoamiHandler writes for `req`, received from `peer`.
pub fn whoami_body(
    config: &WhoamiConfig,
    ips: &[std::net::Ipv4Addr],
    peer: (std::net::Ipv4Addr, u16),
    req: &Request,
) -> Vec<u8> {
    let mut s = String::new();
    if let Some(n) = config.name.as_ref().filter(|n| !n.is_empty()) {
        s.push_str(&format!("Name: {n}\n"));
    }
    s.push_str(&format!("Hostname: {}\n", config.hostname));
    for ip in ips {
        s.push_str(&format!("IP: {ip}\n"));
    }
    s.push_str(&format!("RemoteAddr: {}:{}\n", peer.0, peer.1));
    let mut out = s.into_bytes();
    out.extend_from_slice(&go_request_write(req));
    // strconv.ParseBool accepts 1, t, T, TRUE, true, True.
    if matches!(
        req.query_param("env"),
        Some("1" | "t" | "T" | "TRUE" | "true" | "True")
    ) {
        for e in &config.env {
            out.extend_from_slice(e.as_bytes());
            out.push(b'\n');
        }
    }
    out
}

impl Whoami {
    fn respond(
        config: &WhoamiConfig,
        ex: &Exchange<'_>,
        req: Result<&Request, &'static str>,
    ) -> Reply {
        let Ok(req) = req else {
            return Reply {
                bytes: GO_BAD_REQUEST.as_bytes().to_vec(),
                close: true,
            };
        };
        let date = http_date(wall_clock(ex.kernel));
        let close = !req.keep_alive();
        let head = req.method == "HEAD";
        let http11 = req.is_http11();
        let bytes = match req.path() {
            "/health" => go_response(http11, 200, &[], b"", &date, close, head),
            "/bench" => go_response(
                http11,
                200,
                &[
                    ("Connection".into(), "keep-alive".into()),
                    ("Content-Type".into(), "text/plain".into()),
                ],
                b"1",
                &date,
                close,
                head,
            ),
            _ => {
                let ips = interface_ips(ex.kernel, ex.netns);
                let body = whoami_body(config, &ips, ex.peer, req);
                go_response(http11, 200, &[], &body, &date, close, head)
            }
        };
        Reply { bytes, close }
    }
}

impl App for Whoami {
    fn name(&self) -> &str {
        "whoami"
    }

    fn poll(&mut self, io: &mut AppIo<'_>) {
        let config = &self.config;
        self.server
            .poll(io, &mut |ex, req| Whoami::respond(config, ex, req));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apps::http::{Parsed, parse_request};

    #[test]
    fn the_seed_body_comes_out_byte_for_byte() {
        let wire = b"GET / HTTP/1.1\r\nHost: 172.19.177.14:8080\r\nUser-Agent: curl/7.58.0\r\nAccept: */*\r\n\r\n";
        let Parsed::Complete(req, _) = parse_request(wire) else {
            panic!("request")
        };
        let ips = ["127.0.0.1", "10.0.0.5", "172.20.0.3"].map(|s| s.parse().expect("ip"));
        let body = whoami_body(
            &WhoamiConfig::new("3a0d0ab2c13b"),
            &ips,
            ("10.0.0.2".parse().expect("ip"), 51986),
            &req,
        );
        let expected = "Hostname: 3a0d0ab2c13b\nIP: 127.0.0.1\nIP: 10.0.0.5\nIP: 172.20.0.3\nRemoteAddr: 10.0.0.2:51986\nGET / HTTP/1.1\r\nHost: 172.19.177.14:8080\r\nUser-Agent: curl/7.58.0\r\nAccept: */*\r\n\r\n";
        assert_eq!(String::from_utf8_lossy(&body), expected);
    }

    #[test]
    fn env_and_name_lines() {
        let Parsed::Complete(req, _) = parse_request(b"GET /?env=true HTTP/1.1\r\nHost: x\r\n\r\n")
        else {
            panic!("request")
        };
        let mut c = WhoamiConfig::new("abc");
        c.name = Some("svc".into());
        c.env = vec!["A=1".into()];
        let body = whoami_body(&c, &[], ("10.0.0.9".parse().expect("ip"), 1), &req);
        assert_eq!(
            String::from_utf8_lossy(&body),
            "Name: svc\nHostname: abc\nRemoteAddr: 10.0.0.9:1\nGET /?env=true HTTP/1.1\r\nHost: x\r\nUser-Agent: Go-http-client/1.1\r\n\r\nA=1\n"
        );
    }
}
