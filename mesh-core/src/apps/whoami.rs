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
//! `net/http`'s headers and buffering (see [`crate::apps::http::GoResponse`]).
//!
//! Also served: `/health` (200, empty body), `/bench` (`1`, as text/plain
//! with `Connection: keep-alive`) and `/data?size=N&unit=KB` (`dataHandler`
//! and `content.go`): N units (KB, MB, GB, TB are powers of 1024, the unit
//! case-insensitive; a missing or unparsable size means 1, a negative one
//! 0) of a test pattern — `|`, then `-ABC…XYZ` repeated from `A`, the last
//! byte `|` — for fetching a response larger than one packet. The pattern
//! is produced by the same reader whoami uses, read in the same pieces
//! (512 bytes for Go's content sniffing, then 32 KiB copies), so its quirks
//! come out too: sizes 0 and 1 give an empty body, and a piece ending on the
//! second-to-last byte ends the body there one byte early.
//! `&attachment=true` serves it through `http.ServeContent` (a
//! `Content-Disposition: Attachment` download of size−1 bytes).
//!
//! The bytes reach the socket in the `write(2)` calls Go's buffers make
//! ([`GoResponse`]): a `/data` body of 512 bytes or more is chunked, and
//! its head and first 512 bytes leave in a write (a segment) of their own
//! before the rest — what lets a client behind a too-small MTU receive
//! exactly 512 bytes before the transfer stalls.
//!
//! `/api` answers the same facts as JSON (`apiHandler`: the `Data` struct
//! through `json.Encoder`, with the CORS headers `allowCors` sets).
//!
//! `?wait=DURATION` on the whoami page sleeps that long (Go's
//! `time.ParseDuration`) before answering.
//!
//! Not modelled: `/echo` (websocket), TLS, IPv6
//! addresses (mesh has no IPv6: no `::1`/`fe80::` lines, as on a host with
//! IPv6 disabled); for `/data`, `Range` requests on attachments, and
//! bodies over [`DATA_LIMIT`] bytes (refused with 500).

use crate::apps::http::{Exchange, GO_BAD_REQUEST, GoResponse, HttpServer, Reply, Request, go_request_write, http_date, wall_clock};
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
        Whoami { config, server: HttpServer::new(port, 4096) }
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
    devs.iter().flat_map(|d| d.addrs.iter().map(|a| a.local)).collect()
}

/// The body whoamiHandler writes for `req`, received from `peer`.
pub fn whoami_body(config: &WhoamiConfig, ips: &[std::net::Ipv4Addr], peer: (std::net::Ipv4Addr, u16), req: &Request) -> Vec<u8> {
    whoami_writes(config, ips, peer, req).concat()
}

/// whoamiHandler's `Write` calls: one per `fmt.Fprintln` line, and
/// `Request.Write`'s dump through its own 4096-byte `bufio.Writer`.
fn whoami_writes(config: &WhoamiConfig, ips: &[std::net::Ipv4Addr], peer: (std::net::Ipv4Addr, u16), req: &Request) -> Vec<Vec<u8>> {
    let mut lines = Vec::new();
    if let Some(n) = config.name.as_ref().filter(|n| !n.is_empty()) {
        lines.push(format!("Name: {n}\n"));
    }
    lines.push(format!("Hostname: {}\n", config.hostname));
    for ip in ips {
        lines.push(format!("IP: {ip}\n"));
    }
    lines.push(format!("RemoteAddr: {}:{}\n", peer.0, peer.1));
    let mut writes: Vec<Vec<u8>> = lines.into_iter().map(String::into_bytes).collect();
    writes.extend(go_request_write(req).chunks(4096).map(<[u8]>::to_vec));
    // strconv.ParseBool accepts 1, t, T, TRUE, true, True.
    if req.query_param("env").and_then(go_parse_bool) == Some(true) {
        for e in &config.env {
            writes.push(format!("{e}\n").into_bytes());
        }
    }
    writes
}

/// Go's `encoding/json` string as `json.Encoder` writes it (HTML's `<`,
/// `>`, `&` escaped too): the same writer as docker's inspect output.
fn go_json_string(s: &str) -> String {
    use crate::docker::json::{HtmlEscape, Json};
    Json::String(s.to_string()).indent(HtmlEscape::On)
}

/// apiHandler's body: the `Data` struct through `json.NewEncoder(w).Encode`
/// (fields in declaration order, empty ones omitted, map keys sorted, a
/// final newline). `headers` is `r.Header`: canonical keys, values in wire
/// order, without `Host` (Go moves it to `r.Host`).
pub fn api_json(config: &WhoamiConfig, ips: &[std::net::Ipv4Addr], peer: (std::net::Ipv4Addr, u16), req: &Request) -> String {
    let mut fields = vec![format!("\"hostname\":{}", go_json_string(&config.hostname))];
    if !ips.is_empty() {
        let list: Vec<String> = ips.iter().map(|ip| go_json_string(&ip.to_string())).collect();
        fields.push(format!("\"ip\":[{}]", list.join(",")));
    }
    let mut headers: std::collections::BTreeMap<String, Vec<&str>> = std::collections::BTreeMap::new();
    for (k, v) in &req.headers {
        let key = crate::apps::http::go_canonical_key(k);
        if key != "Host" {
            headers.entry(key).or_default().push(v);
        }
    }
    if !headers.is_empty() {
        let entries: Vec<String> =
            headers.iter().map(|(k, vs)| format!("{}:[{}]", go_json_string(k), vs.iter().map(|v| go_json_string(v)).collect::<Vec<_>>().join(","))).collect();
        fields.push(format!("\"headers\":{{{}}}", entries.join(",")));
    }
    fields.push(format!("\"url\":{}", go_json_string(&req.target)));
    if let Some(h) = req.header("Host").filter(|h| !h.is_empty()) {
        fields.push(format!("\"host\":{}", go_json_string(h)));
    }
    fields.push(format!("\"method\":{}", go_json_string(&req.method)));
    if let Some(n) = config.name.as_ref().filter(|n| !n.is_empty()) {
        fields.push(format!("\"name\":{}", go_json_string(n)));
    }
    fields.push(format!("\"remoteAddr\":{}", go_json_string(&format!("{}:{}", peer.0, peer.1))));
    if req.query_param("env").and_then(go_parse_bool) == Some(true) {
        let environ: std::collections::BTreeMap<&str, &str> = config.env.iter().map(|e| e.split_once('=').unwrap_or((e.as_str(), ""))).collect();
        if !environ.is_empty() {
            let entries: Vec<String> = environ.iter().map(|(k, v)| format!("{}:{}", go_json_string(k), go_json_string(v))).collect();
            fields.push(format!("\"environ\":{{{}}}", entries.join(",")));
        }
    }
    format!("{{{}}}\n", fields.join(","))
}

impl Whoami {
    fn respond(config: &WhoamiConfig, ex: &Exchange<'_>, req: Result<&Request, &'static str>) -> Reply {
        let Ok(req) = req else {
            return Reply::whole(GO_BAD_REQUEST.as_bytes().to_vec(), true);
        };
        let date = http_date(wall_clock(ex.kernel));
        match req.path() {
            "/health" => GoResponse::new(req, 200, &[], &date).finish(),
            "/bench" => {
                let headers = [("Connection".to_string(), "keep-alive".to_string()), ("Content-Type".to_string(), "text/plain".to_string())];
                let mut w = GoResponse::new(req, 200, &headers, &date);
                w.write(b"1");
                w.finish()
            }
            "/data" => data_response(req, &date),
            "/api" => {
                let ips = interface_ips(ex.kernel, ex.netns);
                let headers = [
                    ("Access-Control-Allow-Methods".to_string(), "*".to_string()),
                    ("Access-Control-Allow-Origin".to_string(), "*".to_string()),
                    ("Content-Type".to_string(), "application/json".to_string()),
                ];
                let mut w = GoResponse::new(req, 200, &headers, &date);
                w.write(api_json(config, &ips, ex.peer, req).as_bytes());
                w.finish()
            }
            _ => {
                // `?wait=` sleeps first (time.ParseDuration; an invalid or
                // negative duration does not sleep); the Date is taken when
                // the head is written, after the sleep.
                let delay = req.query_param("wait").and_then(go_parse_duration).filter(|d| d.0 > 0);
                let date = match delay {
                    Some(d) => http_date(wall_clock(ex.kernel) + i64::try_from(d.as_secs()).unwrap_or(0)),
                    None => date,
                };
                let ips = interface_ips(ex.kernel, ex.netns);
                let mut w = GoResponse::new(req, 200, &[], &date);
                for piece in whoami_writes(config, &ips, ex.peer, req) {
                    w.write(&piece);
                }
                let mut reply = w.finish();
                reply.delay = delay;
                reply
            }
        }
    }
}

/// The largest `/data` body mesh produces (16 MiB). Real whoami streams any
/// size; a simulated transfer of more than this would take the simulator
/// long enough to look hung, so larger sizes are answered with whoami's own
/// error path instead (500 and the reason, as `http.Error` writes it).
pub const DATA_LIMIT: i64 = 16 << 20;

/// Go's `time.ParseDuration` (the parser docker's flags use); negative
/// durations come back as zero (a sleep that returns at once).
pub fn go_parse_duration(s: &str) -> Option<crate::time::Duration> {
    crate::docker::pflag::parse_go_duration(s).ok().map(|nanos| crate::time::Duration(nanos.max(0) as u64))
}

/// Go's `strconv.ParseBool`.
fn go_parse_bool(s: &str) -> Option<bool> {
    crate::docker::text::parse_bool(s).ok()
}

/// The size `/data` serves: `strconv.ParseInt(size, 10, 64)` (1 on any
/// error, 0 if negative) times the unit (`kb`, `mb`, `gb`, `tb`, any case;
/// powers of 1024), with Go's wrapping int64 multiplication.
pub fn data_size(size: Option<&str>, unit: Option<&str>) -> i64 {
    let size = size.unwrap_or("");
    let digits = size.strip_prefix(['+', '-']).unwrap_or(size);
    let parsed = if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) { None } else { size.parse::<i64>().ok() };
    let n = parsed.unwrap_or(1).max(0);
    let shift = match unit.unwrap_or("").to_ascii_lowercase().as_str() {
        "kb" => 10,
        "mb" => 20,
        "gb" => 30,
        "tb" => 40,
        _ => 0,
    };
    n.wrapping_mul(1 << shift)
}

/// whoami's `contentReader` (content.go): position 0 is `|`, position i is
/// `-ABCDEFGHIJKLMNOPQRSTUVWXYZ`[i % 27], and whenever a read ends at or
/// past position size−1 its last byte is replaced with `|`.
struct ContentReader {
    size: i64,
    cur: i64,
}

impl ContentReader {
    const CHARSET: &'static [u8] = b"-ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /// One `Read` into a buffer of `len` bytes; `None` at EOF.
    fn read(&mut self, len: usize, out: &mut Vec<u8>) -> Option<usize> {
        let last = self.size - 1;
        if self.cur >= last {
            return None;
        }
        let start = out.len();
        if self.cur == 0 {
            out.push(b'|');
            self.cur += 1;
        }
        while out.len() - start < len && self.cur <= last {
            let i = usize::try_from(self.cur).unwrap_or(0) % Self::CHARSET.len();
            out.push(Self::CHARSET[i]);
            self.cur += 1;
        }
        if self.cur >= last
            && let Some(b) = out.last_mut()
        {
            *b = b'|';
        }
        Some(out.len() - start)
    }
}

/// The body `io.Copy(w, &contentReader{size})` sends: Go's
/// `response.ReadFrom` first copies at most 512 bytes (for content
/// sniffing), then the rest in 32 KiB reads.
pub fn data_body(size: i64) -> Vec<u8> {
    let mut reader = ContentReader { size, cur: 0 };
    let mut out = Vec::new();
    let mut sniffed = 0;
    while sniffed < 512 {
        match reader.read(512 - sniffed, &mut out) {
            Some(n) => sniffed += n,
            None => return out,
        }
    }
    while reader.read(32 * 1024, &mut out).is_some() {}
    out
}

/// whoami's answer to `/data`: `io.Copy(w, content)`, or for an attachment
/// `http.ServeContent`, which sets `Content-Length` to the reader's size as
/// `Seek(0, SeekEnd)` reports it (size−1) and copies that many bytes with
/// `io.CopyN`, so the reads end exactly at the last position.
fn data_response(req: &Request, date: &str) -> Reply {
    let size = data_size(req.query_param("size"), req.query_param("unit"));
    if size > DATA_LIMIT {
        // What `http.Error` writes; mesh's own limit, see DATA_LIMIT.
        let body = format!("mesh: /data is limited to {DATA_LIMIT} bytes\n");
        let headers = [("Content-Type".to_string(), "text/plain; charset=utf-8".to_string()), ("X-Content-Type-Options".to_string(), "nosniff".to_string())];
        let mut w = GoResponse::new(req, 500, &headers, date);
        w.write(body.as_bytes());
        return w.finish();
    }
    let mut reader = ContentReader { size, cur: 0 };
    let attachment = req.query_param("attachment").and_then(go_parse_bool) == Some(true);
    if attachment {
        let length = (size - 1).max(0);
        let headers = [
            ("Accept-Ranges".to_string(), "bytes".to_string()),
            ("Content-Disposition".to_string(), "Attachment".to_string()),
            ("Content-Length".to_string(), length.to_string()),
            ("Content-Type".to_string(), "text/plain; charset=utf-8".to_string()),
            ("Last-Modified".to_string(), date.to_string()),
        ];
        let mut w = GoResponse::new(req, 200, &headers, date);
        let mut left = length;
        w.read_from(&mut |want| {
            let want = usize::try_from(left).unwrap_or(usize::MAX).min(want);
            if want == 0 {
                return None;
            }
            let mut out = Vec::new();
            let n = reader.read(want, &mut out)?;
            left -= i64::try_from(n).unwrap_or(left);
            Some(out)
        });
        return w.finish();
    }
    let mut w = GoResponse::new(req, 200, &[], date);
    w.read_from(&mut |want| {
        let mut out = Vec::new();
        reader.read(want, &mut out).map(|_| out)
    });
    w.finish()
}

impl App for Whoami {
    fn name(&self) -> &str {
        "whoami"
    }

    fn poll(&mut self, io: &mut AppIo<'_>) {
        let config = &self.config;
        self.server.poll(io, &mut |ex, req| Whoami::respond(config, ex, req));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apps::http::{Parsed, parse_request};

    #[test]
    fn the_seed_body_comes_out_byte_for_byte() {
        let wire = b"GET / HTTP/1.1\r\nHost: 172.19.177.14:8080\r\nUser-Agent: curl/7.58.0\r\nAccept: */*\r\n\r\n";
        let Parsed::Complete(req, _) = parse_request(wire) else { panic!("request") };
        let ips = ["127.0.0.1", "10.0.0.5", "172.20.0.3"].map(|s| s.parse().expect("ip"));
        let body = whoami_body(&WhoamiConfig::new("3a0d0ab2c13b"), &ips, ("10.0.0.2".parse().expect("ip"), 51986), &req);
        let expected = "Hostname: 3a0d0ab2c13b\nIP: 127.0.0.1\nIP: 10.0.0.5\nIP: 172.20.0.3\nRemoteAddr: 10.0.0.2:51986\nGET / HTTP/1.1\r\nHost: 172.19.177.14:8080\r\nUser-Agent: curl/7.58.0\r\nAccept: */*\r\n\r\n";
        assert_eq!(String::from_utf8_lossy(&body), expected);
    }

    #[test]
    fn env_and_name_lines() {
        let Parsed::Complete(req, _) = parse_request(b"GET /?env=true HTTP/1.1\r\nHost: x\r\n\r\n") else { panic!("request") };
        let mut c = WhoamiConfig::new("abc");
        c.name = Some("svc".into());
        c.env = vec!["A=1".into()];
        let body = whoami_body(&c, &[], ("10.0.0.9".parse().expect("ip"), 1), &req);
        assert_eq!(
            String::from_utf8_lossy(&body),
            "Name: svc\nHostname: abc\nRemoteAddr: 10.0.0.9:1\nGET /?env=true HTTP/1.1\r\nHost: x\r\nUser-Agent: Go-http-client/1.1\r\n\r\nA=1\n"
        );
    }

    #[test]
    fn api_is_the_data_struct_as_go_encodes_it() {
        let Parsed::Complete(req, _) =
            parse_request(b"GET /api?env=1 HTTP/1.1\r\nHost: api\r\nuser-agent: curl/7.88.1\r\nAccept: */*\r\nX-A: <1>\r\nx-a: 2\r\n\r\n")
        else {
            panic!("request")
        };
        let mut c = WhoamiConfig::new("abc");
        c.env = vec!["PATH=/bin".into(), "HOME=/root".into()];
        let json = api_json(&c, &["127.0.0.1".parse().expect("ip")], ("10.0.1.9".parse().expect("ip"), 4242), &req);
        assert_eq!(
            json,
            "{\"hostname\":\"abc\",\"ip\":[\"127.0.0.1\"],\"headers\":{\"Accept\":[\"*/*\"],\"User-Agent\":[\"curl/7.88.1\"],\"X-A\":[\"\\u003c1\\u003e\",\"2\"]},\"url\":\"/api?env=1\",\"host\":\"api\",\"method\":\"GET\",\"remoteAddr\":\"10.0.1.9:4242\",\"environ\":{\"HOME\":\"/root\",\"PATH\":\"/bin\"}}\n"
        );
    }

    #[test]
    fn wait_parses_as_go_parses_durations() {
        let d = |s| go_parse_duration(s).map(|d| d.0);
        assert_eq!(d("100ms"), Some(100_000_000));
        assert_eq!(d("1.5s"), Some(1_500_000_000));
        assert_eq!(d("1h2m"), Some(3_720_000_000_000));
        assert_eq!(d("0"), Some(0));
        assert_eq!(d("-2s"), Some(0));
        assert_eq!(d("5"), None);
        assert_eq!(d("1x"), None);
        assert_eq!(d(""), None);
    }

    #[test]
    fn data_is_whoamis_test_pattern() {
        // content_test.go's case.
        assert_eq!(data_body(40), b"|ABCDEFGHIJKLMNOPQRSTUVWXYZ-ABCDEFGHIJK|");
        let four_kb = data_body(data_size(Some("4"), Some("KB")));
        assert_eq!(four_kb.len(), 4096);
        assert_eq!(&four_kb[..4], b"|ABC");
        assert_eq!(&four_kb[4090..], b"MNOPQ|");
        assert_eq!(data_body(data_size(Some("1"), Some("mb"))).len(), 1 << 20);
    }

    #[test]
    fn data_sizes_parse_as_whoami_parses_them() {
        assert_eq!(data_size(None, None), 1);
        assert_eq!(data_size(Some("x"), Some("KB")), 1024);
        assert_eq!(data_size(Some("-5"), Some("kb")), 0);
        assert_eq!(data_size(Some("+3"), Some("Kb")), 3072);
        assert_eq!(data_size(Some("2"), Some("GB")), 2 << 30);
        assert_eq!(data_size(Some("7"), Some("bytes")), 7);
        assert_eq!(data_size(Some("99999999999999999999"), None), 1);
        // A missing size is 1 byte, and one byte is an empty body.
        assert_eq!(data_body(1), b"");
        assert_eq!(data_body(0), b"");
        assert_eq!(data_body(2), b"||");
    }

    #[test]
    fn a_read_ending_on_the_second_to_last_byte_ends_the_body_early() {
        // The sniffing read of 512 bytes ends at position 511 = size - 2.
        let b = data_body(513);
        assert_eq!(b.len(), 512);
        assert_eq!(b.last(), Some(&b'|'));
        assert_eq!(data_body(514).len(), 514);
    }

    #[test]
    fn data_over_http() {
        let get = |target: &str| {
            let wire = format!("GET {target} HTTP/1.1\r\nHost: x\r\n\r\n");
            let Parsed::Complete(req, _) = parse_request(wire.as_bytes()) else { panic!("request") };
            String::from_utf8_lossy(&data_response(&req, "Fri, 17 Nov 2023 09:10:00 GMT").bytes()).into_owned()
        };
        assert_eq!(
            get("/data?size=40"),
            "HTTP/1.1 200 OK\r\nDate: Fri, 17 Nov 2023 09:10:00 GMT\r\nContent-Length: 40\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n|ABCDEFGHIJKLMNOPQRSTUVWXYZ-ABCDEFGHIJK|"
        );
        assert_eq!(get("/data"), "HTTP/1.1 200 OK\r\nDate: Fri, 17 Nov 2023 09:10:00 GMT\r\nContent-Length: 0\r\n\r\n");
        assert_eq!(
            get("/data?size=40&attachment=true"),
            "HTTP/1.1 200 OK\r\nAccept-Ranges: bytes\r\nContent-Disposition: Attachment\r\nContent-Length: 39\r\nContent-Type: text/plain; charset=utf-8\r\nLast-Modified: Fri, 17 Nov 2023 09:10:00 GMT\r\nDate: Fri, 17 Nov 2023 09:10:00 GMT\r\n\r\n|ABCDEFGHIJKLMNOPQRSTUVWXYZ-ABCDEFGHIJ|"
        );
        assert!(get("/data?size=1&unit=TB").starts_with("HTTP/1.1 500 Internal Server Error\r\n"));
    }

    /// Go's ReadFrom: the head and the 512 sniffed bytes as the first
    /// chunk, flushed alone; the other 3584 bytes and the last chunk in
    /// one write when the handler returns.
    #[test]
    fn four_kb_of_data_leave_in_two_writes_the_first_with_512_bytes() {
        let Parsed::Complete(req, _) = parse_request(b"GET /data?size=4&unit=KB HTTP/1.1\r\nHost: x\r\n\r\n") else { panic!("request") };
        let reply = data_response(&req, "Fri, 17 Nov 2023 09:10:00 GMT");
        let head = "HTTP/1.1 200 OK\r\nDate: Fri, 17 Nov 2023 09:10:00 GMT\r\nContent-Type: text/plain; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n";
        assert_eq!(reply.writes.len(), 2);
        assert_eq!(reply.writes[0].len(), head.len() + 5 + 512 + 2);
        assert!(reply.writes[0].starts_with(format!("{head}200\r\n|ABC").as_bytes()));
        assert!(reply.writes[0].ends_with(b"\r\n"));
        assert_eq!(reply.writes[1].len(), 5 + 3584 + 2 + 5);
        assert!(reply.writes[1].starts_with(b"e00\r\n"));
        assert!(reply.writes[1].ends_with(b"MNOPQ|\r\n0\r\n\r\n"));
        assert!(!reply.close);
        // The body decodes to the same 4096 bytes as before.
        let mut dec = crate::apps::http::ChunkedDecoder::default();
        let mut body = Vec::new();
        dec.feed(&reply.bytes()[head.len()..], &mut body).expect("chunked");
        assert!(dec.done());
        assert_eq!(body, data_body(4096));
        // HTTP/1.0: no chunks; the rest goes straight to the socket and the
        // connection closes.
        let Parsed::Complete(req, _) = parse_request(b"GET /data?size=4&unit=KB HTTP/1.0\r\n\r\n") else { panic!("request") };
        let reply = data_response(&req, "D");
        assert_eq!(reply.writes.iter().map(Vec::len).collect::<Vec<_>>(), vec![69 + 512, 3584]);
        assert!(reply.close);
        // HEAD: the head alone, without a length.
        let Parsed::Complete(req, _) = parse_request(b"HEAD /data?size=4&unit=KB HTTP/1.1\r\nHost: x\r\n\r\n") else { panic!("request") };
        assert_eq!(String::from_utf8_lossy(&data_response(&req, "D").bytes()), "HTTP/1.1 200 OK\r\nDate: D\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n");
    }
}
