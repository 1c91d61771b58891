//! HTTP/1.1 for the simulated programs: parsing and writing messages, the
//! virtual wall clock that `Date:` headers show, and the connection loop the
//! modelled servers share.
//!
//! What is modelled: request and response heads (request line / status line,
//! headers in wire order), `Content-Length` bodies, persistent connections
//! (HTTP/1.1 keeps the connection open after a response unless the request
//! said `Connection: close`; the client closes first and the server closes
//! when it reads end-of-file), Go `net/http`'s way of writing a response
//! (`HTTP/1.1 200 OK`, then the handler's own headers sorted, then `Date`,
//! `Content-Length`, `Content-Type` in that order — `extraHeader.Write` in
//! `net/http/server.go`) and of dumping a request (`Request.Write`).
//!
//! Not modelled: chunked transfer encoding (the modelled servers always know
//! their body length; Go would switch to chunked for handler output over
//! 2048 bytes, mesh keeps `Content-Length`), pipelined requests beyond
//! answering them in order, `Expect: 100-continue`, trailers, HTTP/2.

use std::net::Ipv4Addr;

use crate::kernel::app::AppIo;
use crate::kernel::socket::SockId;
use crate::kernel::{Errno, Kernel, NetnsId};

/// Unix time at virtual time 0: 2023-11-17 09:10:00 UTC, the day of the seed
/// walkthrough.
pub const SEED_WALL_EPOCH: i64 = 1_700_212_200;

/// The wall-clock time (Unix seconds) the programs in kernel `k` read now.
pub fn wall_clock(k: &Kernel) -> i64 {
    SEED_WALL_EPOCH + i64::try_from(k.now.as_secs()).unwrap_or(i64::MAX / 2)
}

/// Days since 1970-01-01 → (year, month 1–12, day 1–31) in the proleptic
/// Gregorian calendar (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// An HTTP date (RFC 7231 IMF-fixdate, Go's `http.TimeFormat`, nginx's
/// `ngx_http_time`): `Fri, 17 Nov 2023 09:10:00 GMT`.
pub fn http_date(unix: i64) -> String {
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let wd = WEEKDAYS[days.rem_euclid(7) as usize];
    let mon = MONTHS[(m as usize).saturating_sub(1).min(11)];
    format!("{wd}, {d:02} {mon} {y} {:02}:{:02}:{:02} GMT", secs / 3600, (secs / 60) % 60, secs % 60)
}

/// The result of trying to parse a message from the bytes received so far.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Parsed<T> {
    /// More bytes are needed.
    Incomplete,
    /// A whole message, and how many bytes it used.
    Complete(T, usize),
    /// The bytes cannot be an HTTP message.
    Invalid(&'static str),
}

/// An HTTP request as received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The request target as sent (`/`, `/?env=true`).
    pub target: String,
    /// `HTTP/1.1` or `HTTP/1.0`.
    pub version: String,
    /// Header fields in wire order, names as sent.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        header_value(&self.headers, name)
    }
    /// The path part of the target.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }
    /// The query string (after `?`), empty if none.
    pub fn query(&self) -> &str {
        self.target.split_once('?').map(|(_, q)| q).unwrap_or("")
    }
    /// The value of a query parameter (first occurrence, not unescaped).
    pub fn query_param(&self, key: &str) -> Option<&str> {
        self.query().split('&').filter_map(|kv| kv.split_once('=').or(Some((kv, "")))).find(|(k, _)| *k == key).map(|(_, v)| v)
    }
    pub fn is_http11(&self) -> bool {
        self.version == "HTTP/1.1"
    }
    /// Whether the connection stays open after the response (RFC 7230 §6.3).
    pub fn keep_alive(&self) -> bool {
        let conn = self.header("Connection").unwrap_or("").to_ascii_lowercase();
        let has = |t: &str| conn.split(',').any(|x| x.trim() == t);
        if self.is_http11() { !has("close") } else { has("keep-alive") }
    }
    /// The request on the wire.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut s = format!("{} {} {}\r\n", self.method, self.target, self.version);
        for (k, v) in &self.headers {
            s.push_str(&format!("{k}: {v}\r\n"));
        }
        s.push_str("\r\n");
        let mut b = s.into_bytes();
        b.extend_from_slice(&self.body);
        b
    }
}

fn header_value<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// Find the end of a message head (`\r\n\r\n`, or a bare `\n\n`): the
/// offset just past it.
fn head_end(buf: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i < buf.len() {
        if buf[i] == b'\n' {
            if buf.get(i + 1) == Some(&b'\n') {
                return Some(i + 2);
            }
            if buf.get(i + 1) == Some(&b'\r') && buf.get(i + 2) == Some(&b'\n') {
                return Some(i + 3);
            }
        }
        i += 1;
    }
    None
}

/// Split a head into lines without their line ends.
fn head_lines(head: &str) -> impl Iterator<Item = &str> {
    head.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l))
}

fn parse_header_lines<'a>(lines: impl Iterator<Item = &'a str>) -> Result<Vec<(String, String)>, &'static str> {
    let mut headers = Vec::new();
    for line in lines {
        if line.is_empty() {
            break;
        }
        let Some((k, v)) = line.split_once(':') else {
            return Err("malformed MIME header line");
        };
        if k.is_empty() || k.bytes().any(|b| b == b' ' || b == b'\t') {
            return Err("malformed MIME header line");
        }
        headers.push((k.to_string(), v.trim_matches(|c| c == ' ' || c == '\t').to_string()));
    }
    Ok(headers)
}

/// Parse one request (head and `Content-Length` body) from the start of `buf`.
pub fn parse_request(buf: &[u8]) -> Parsed<Request> {
    let Some(end) = head_end(buf) else {
        return if buf.len() > 1 << 20 { Parsed::Invalid("request header too large") } else { Parsed::Incomplete };
    };
    let Ok(head) = std::str::from_utf8(&buf[..end]) else {
        return Parsed::Invalid("malformed request");
    };
    let mut lines = head_lines(head);
    let first = lines.next().unwrap_or("");
    let mut parts = first.split(' ');
    let (Some(method), Some(target), Some(version), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Parsed::Invalid("malformed HTTP request");
    };
    if method.is_empty() || !target.starts_with('/') && target != "*" || !matches!(version, "HTTP/1.0" | "HTTP/1.1") {
        return Parsed::Invalid("malformed HTTP request");
    }
    let headers = match parse_header_lines(lines) {
        Ok(h) => h,
        Err(e) => return Parsed::Invalid(e),
    };
    let len = match header_value(&headers, "Content-Length").map(|v| v.parse::<usize>()) {
        None => 0,
        Some(Ok(n)) => n,
        Some(Err(_)) => return Parsed::Invalid("bad Content-Length"),
    };
    if buf.len() < end + len {
        return Parsed::Incomplete;
    }
    let req = Request { method: method.to_string(), target: target.to_string(), version: version.to_string(), headers, body: buf[end..end + len].to_vec() };
    Parsed::Complete(req, end + len)
}

/// A response's head as received by a client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseHead {
    pub version: String,
    pub status: u16,
    pub reason: String,
    pub headers: Vec<(String, String)>,
    /// The head's bytes exactly as received, through the blank line.
    pub raw: String,
}

impl ResponseHead {
    pub fn header(&self, name: &str) -> Option<&str> {
        header_value(&self.headers, name)
    }
    pub fn content_length(&self) -> Option<usize> {
        self.header("Content-Length").and_then(|v| v.parse().ok())
    }
    /// The status line without its line end (`HTTP/1.1 404 Not Found`).
    pub fn status_line(&self) -> &str {
        head_lines(&self.raw).next().unwrap_or("")
    }
    /// The raw head split into lines, each with its original line end.
    pub fn raw_lines(&self) -> Vec<&str> {
        self.raw.split_inclusive('\n').collect()
    }
    /// Whether the server will close the connection after this response.
    pub fn closes(&self) -> bool {
        let conn = self.header("Connection").unwrap_or("").to_ascii_lowercase();
        conn.split(',').any(|t| t.trim() == "close") || (self.version == "HTTP/1.0" && !conn.split(',').any(|t| t.trim() == "keep-alive"))
    }
}

/// Parse a response head from the start of `buf`.
pub fn parse_response_head(buf: &[u8]) -> Parsed<ResponseHead> {
    let Some(end) = head_end(buf) else {
        if buf.len() >= 5 && !buf.starts_with(b"HTTP/") {
            return Parsed::Invalid("Unsupported HTTP version in response");
        }
        return Parsed::Incomplete;
    };
    let raw = String::from_utf8_lossy(&buf[..end]).into_owned();
    let mut lines = head_lines(&raw);
    let first = lines.next().unwrap_or("");
    let mut parts = first.splitn(3, ' ');
    let version = parts.next().unwrap_or("");
    let Some(status) = parts.next().and_then(|s| s.parse::<u16>().ok()) else {
        return Parsed::Invalid("malformed status line");
    };
    if !version.starts_with("HTTP/1.") {
        return Parsed::Invalid("Unsupported HTTP version in response");
    }
    let reason = parts.next().unwrap_or("").to_string();
    let version = version.to_string();
    let headers = match parse_header_lines(lines) {
        Ok(h) => h,
        Err(e) => return Parsed::Invalid(e),
    };
    Parsed::Complete(ResponseHead { version, status, reason, headers, raw }, end)
}

/// Go's `textproto.CanonicalMIMEHeaderKey`: `x-forwarded-for` → `X-Forwarded-For`.
/// Keys with characters outside the token set are returned unchanged.
pub fn go_canonical_key(key: &str) -> String {
    let valid = key.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if !valid {
        return key.to_string();
    }
    let mut upper = true;
    key.chars()
        .map(|c| {
            let out = if upper { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() };
            upper = c == '-';
            out
        })
        .collect()
}

/// The reason phrase Go's `http.StatusText` gives.
pub fn go_status_text(code: u16) -> &'static str {
    match code {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// A response written by Go's `net/http` server for a handler that set the
/// headers `handler_headers`, wrote `body` (at most 2048 bytes, so Go
/// computes `Content-Length`) and returned. `date` is the `Date:` value.
/// A non-empty body without a `Content-Type` is sniffed as text
/// (`text/plain; charset=utf-8`, all the modelled handlers write text).
/// `close` adds `Connection: close` (the request asked for it, HTTP/1.1).
/// For a HEAD request pass `head_only`: the headers are the same, the body
/// is not sent.
pub fn go_response(http11: bool, status: u16, handler_headers: &[(String, String)], body: &[u8], date: &str, close: bool, head_only: bool) -> Vec<u8> {
    let proto = if http11 { "HTTP/1.1" } else { "HTTP/1.0" };
    let mut s = format!("{proto} {status} {}\r\n", go_status_text(status));
    let mut sorted: Vec<&(String, String)> = handler_headers.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    for (k, v) in sorted {
        s.push_str(&format!("{k}: {v}\r\n"));
    }
    s.push_str(&format!("Date: {date}\r\n"));
    let has_cl = handler_headers.iter().any(|(k, _)| k == "Content-Length");
    if !has_cl && (!head_only || !body.is_empty()) {
        s.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    if !body.is_empty() && !handler_headers.iter().any(|(k, _)| k == "Content-Type") {
        s.push_str("Content-Type: text/plain; charset=utf-8\r\n");
    }
    if close && http11 {
        s.push_str("Connection: close\r\n");
    }
    s.push_str("\r\n");
    let mut out = s.into_bytes();
    if !head_only {
        out.extend_from_slice(body);
    }
    out
}

/// What Go's server answers to bytes that are not a valid request, before
/// closing the connection.
pub const GO_BAD_REQUEST: &str = "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request";

/// Go's `Request.Write` of a request received by a server: request line,
/// `Host`, `User-Agent` (Go's default when absent), `Content-Length` when
/// there is a body, the remaining headers by canonical key in sorted order
/// (Host, User-Agent, Content-Length, Transfer-Encoding and Trailer
/// excluded), a blank line, then the body. Lines end in `\r\n`.
pub fn go_request_write(req: &Request) -> Vec<u8> {
    let mut s = format!("{} {} HTTP/1.1\r\n", req.method, req.target);
    s.push_str(&format!("Host: {}\r\n", req.header("Host").unwrap_or("")));
    let ua = match req.header("User-Agent") {
        Some(v) => v.trim().to_string(),
        None => "Go-http-client/1.1".to_string(),
    };
    if !ua.is_empty() {
        s.push_str(&format!("User-Agent: {ua}\r\n"));
    }
    if !req.body.is_empty() {
        s.push_str(&format!("Content-Length: {}\r\n", req.body.len()));
    }
    let excluded = ["Host", "User-Agent", "Content-Length", "Transfer-Encoding", "Trailer"];
    let mut rest: Vec<(String, &str)> =
        req.headers.iter().map(|(k, v)| (go_canonical_key(k), v.as_str())).filter(|(k, _)| !excluded.contains(&k.as_str())).collect();
    // A stable sort keeps the wire order of repeated keys, as Go's value slices do.
    rest.sort_by(|a, b| a.0.cmp(&b.0));
    for (k, v) in rest {
        s.push_str(&format!("{k}: {}\r\n", v.replace(['\r', '\n'], " ").trim()));
    }
    s.push_str("\r\n");
    let mut out = s.into_bytes();
    out.extend_from_slice(&req.body);
    out
}

/// What a server's handler sees of one exchange.
pub struct Exchange<'a> {
    pub kernel: &'a Kernel,
    pub netns: NetnsId,
    /// The client's address and port as the server's socket sees them.
    pub peer: (Ipv4Addr, u16),
    /// The server's own address and port of the connection.
    pub local: (Ipv4Addr, u16),
}

/// One accepted connection of a server.
#[derive(Debug)]
struct ServerConn {
    sock: SockId,
    buf: Vec<u8>,
}

/// The accept/read/respond loop every modelled HTTP server runs: listen on
/// `0.0.0.0:port`, accept connections, answer each complete request in
/// order, keep the connection open unless the request (or the reply) says
/// close, and close when the client has closed its side.
#[derive(Debug)]
pub struct HttpServer {
    port: u16,
    backlog: u32,
    listener: Option<SockId>,
    conns: Vec<ServerConn>,
    /// Why listening failed (EADDRINUSE …), if it did.
    pub listen_error: Option<Errno>,
}

/// A server's answer to one request: the bytes to send and whether to close
/// the connection afterwards.
pub struct Reply {
    pub bytes: Vec<u8>,
    pub close: bool,
}

impl HttpServer {
    pub fn new(port: u16, backlog: u32) -> HttpServer {
        HttpServer { port, backlog, listener: None, conns: Vec::new(), listen_error: None }
    }

    /// The listening port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Run one round: listen if not yet, accept, read, answer through
    /// `respond` (`Err(reason)` for bytes that are not a request), close.
    pub fn poll(&mut self, io: &mut AppIo<'_>, respond: &mut dyn FnMut(&Exchange<'_>, Result<&Request, &'static str>) -> Reply) {
        let ns = io.netns;
        if self.listen_error.is_some() {
            return;
        }
        let listener = match self.listener {
            Some(l) => l,
            None => match io.kernel.tcp_listen(ns, Ipv4Addr::UNSPECIFIED, self.port, self.backlog) {
                Ok(l) => {
                    io.own(l);
                    self.listener = Some(l);
                    l
                }
                Err(e) => {
                    self.listen_error = Some(e);
                    return;
                }
            },
        };
        while let Some(c) = io.kernel.tcp_accept(ns, listener) {
            io.own(c);
            self.conns.push(ServerConn { sock: c, buf: Vec::new() });
        }
        let mut keep = Vec::new();
        for mut conn in std::mem::take(&mut self.conns) {
            let data = io.kernel.tcp_recv(ns, conn.sock);
            conn.buf.extend_from_slice(&data);
            let mut closed = false;
            loop {
                let parsed = parse_request(&conn.buf);
                let (req, used) = match parsed {
                    Parsed::Incomplete => break,
                    Parsed::Complete(r, n) => (Ok(r), n),
                    Parsed::Invalid(e) => (Err(e), conn.buf.len()),
                };
                conn.buf.drain(..used);
                let (Some(peer), Some(local)) = (io.kernel.tcp_peer(ns, conn.sock), io.kernel.tcp_local(ns, conn.sock)) else {
                    closed = true;
                    break;
                };
                let reply = {
                    let ex = Exchange { kernel: &*io.kernel, netns: ns, peer, local };
                    respond(&ex, req.as_ref().map_err(|e| *e))
                };
                io.kernel.tcp_send(ns, conn.sock, &reply.bytes);
                if reply.close || req.is_err() {
                    io.kernel.tcp_close(ns, conn.sock);
                    closed = true;
                    break;
                }
            }
            if closed {
                continue;
            }
            let state = io.kernel.tcp_state(ns, conn.sock);
            if state == crate::kernel::tcp::TcpState::Closed || io.kernel.tcp_eof(ns, conn.sock) {
                // The client closed (or reset): close our side too.
                io.kernel.tcp_close(ns, conn.sock);
                continue;
            }
            keep.push(conn);
        }
        self.conns = keep;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_date_formats_the_seed_day_and_leap_years() {
        assert_eq!(http_date(SEED_WALL_EPOCH), "Fri, 17 Nov 2023 09:10:00 GMT");
        assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(http_date(1_698_155_207), "Tue, 24 Oct 2023 13:46:47 GMT");
        assert_eq!(http_date(951_782_400), "Tue, 29 Feb 2000 00:00:00 GMT");
    }

    #[test]
    fn parses_a_request_in_pieces_and_with_a_body() {
        let wire = b"POST /x?env=true HTTP/1.1\r\nHost: a:8080\r\nContent-Length: 3\r\n\r\na=bGET";
        assert_eq!(parse_request(&wire[..20]), Parsed::Incomplete);
        assert_eq!(parse_request(&wire[..wire.len() - 5]), Parsed::Incomplete);
        let Parsed::Complete(r, used) = parse_request(wire) else { panic!("complete") };
        assert_eq!(used, wire.len() - 3);
        assert_eq!((r.method.as_str(), r.path(), r.query_param("env")), ("POST", "/x", Some("true")));
        assert_eq!(r.body, b"a=b");
        assert_eq!(r.header("host"), Some("a:8080"));
        assert!(r.keep_alive());
        assert!(matches!(parse_request(b"GARBAGE\r\n\r\n"), Parsed::Invalid(_)));
        assert!(matches!(parse_request(b"GET / HTTP/1.1\r\nBad Header\r\n\r\n"), Parsed::Invalid(_)));
    }

    #[test]
    fn go_request_write_sorts_the_remaining_headers_by_canonical_key() {
        let req = Request {
            method: "GET".into(),
            target: "/".into(),
            version: "HTTP/1.1".into(),
            headers: vec![("Host".into(), "h".into()), ("x-b".into(), "2".into()), ("Accept".into(), "*/*".into()), ("X-A".into(), "1".into())],
            body: Vec::new(),
        };
        assert_eq!(
            String::from_utf8_lossy(&go_request_write(&req)),
            "GET / HTTP/1.1\r\nHost: h\r\nUser-Agent: Go-http-client/1.1\r\nAccept: */*\r\nX-A: 1\r\nX-B: 2\r\n\r\n"
        );
    }

    #[test]
    fn go_response_header_order_is_date_length_type() {
        let r = go_response(true, 200, &[], b"hi\n", "Fri, 17 Nov 2023 09:10:00 GMT", false, false);
        assert_eq!(
            String::from_utf8_lossy(&r),
            "HTTP/1.1 200 OK\r\nDate: Fri, 17 Nov 2023 09:10:00 GMT\r\nContent-Length: 3\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhi\n"
        );
        let empty = go_response(true, 200, &[], b"", "D", true, false);
        assert_eq!(String::from_utf8_lossy(&empty), "HTTP/1.1 200 OK\r\nDate: D\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    }

    #[test]
    fn parses_a_response_head() {
        let Parsed::Complete(h, n) = parse_response_head(b"HTTP/1.1 404 Not Found\r\nContent-Length: 19\r\n\r\nbody") else { panic!("head") };
        assert_eq!((h.status, h.reason.as_str(), h.content_length(), n), (404, "Not Found", Some(19), 46));
        assert_eq!(h.status_line(), "HTTP/1.1 404 Not Found");
        assert_eq!(h.raw_lines(), vec!["HTTP/1.1 404 Not Found\r\n", "Content-Length: 19\r\n", "\r\n"]);
        assert!(matches!(parse_response_head(b"SSH-2.0-OpenSSH\r\n\r\n"), Parsed::Invalid(_)));
    }
}
