//! HTTP/1.1 for the simulated programs: parsing and writing messages, the
//! virtual wall clock that `Date:` headers show, and the connection loop the
//! modelled servers share.
//!
//! What is modelled: request and response heads (request line / status line,
//! headers in wire order), `Content-Length` and chunked bodies (written by
//! the Go server model, decoded by the clients), persistent connections
//! (HTTP/1.1 keeps the connection open after a response unless the request
//! said `Connection: close`; the client closes first and the server closes
//! when it reads end-of-file), Go `net/http`'s way of writing a response
//! (`HTTP/1.1 200 OK`, then the handler's own headers sorted, then `Date`,
//! `Content-Length`, `Content-Type` in that order — `extraHeader.Write` in
//! `net/http/server.go`), the buffers between a Go handler and the socket,
//! which decide the `write(2)` calls and so the segments ([`GoResponse`]),
//! and Go's way of dumping a request (`Request.Write`).
//!
//! Not modelled: pipelined requests beyond answering them in order,
//! `Expect: 100-continue`, sending trailers, HTTP/2.

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
/// headers `handler_headers`, wrote `body` in one `Write` and returned (see
/// [`GoResponse`]: up to 2048 bytes this is one write with a
/// `Content-Length`). `close` is a request's `Connection: close`; for a
/// HEAD request pass `head_only`: the head is the same, the body is not
/// sent.
pub fn go_response(http11: bool, status: u16, handler_headers: &[(String, String)], body: &[u8], date: &str, close: bool, head_only: bool) -> Vec<u8> {
    let mut w = GoResponse::with(http11, head_only, close, status, handler_headers, date);
    w.write(body);
    w.finish().bytes()
}

/// Go `net/http`'s path from a handler's writes to the socket, for one
/// response: the handler writes into `response.w`, a 2048-byte
/// `bufio.Writer` over the `chunkWriter`; the chunkWriter writes the head
/// when it sees its first bytes (computing `Content-Length` only if the
/// handler has already returned, otherwise choosing chunked encoding for
/// HTTP/1.1 or closing for HTTP/1.0) and frames chunks into the
/// connection's 4096-byte `bufio.Writer`, whose flushes are the `write(2)`
/// calls the socket sees. A response whose body fits the 2048-byte buffer
/// is therefore one write with a `Content-Length`; a bigger one starts
/// with a 2048-byte chunk; and `io.Copy` into the response
/// ([`GoResponse::read_from`], `response.ReadFrom`) sends the head with the
/// first 512 bytes (the content-sniffing read) as a write of its own.
///
/// The head: the status line in the request's version, the handler's
/// headers sorted by key (`Header.WriteSubset`), then `Date`,
/// `Content-Length`, `Content-Type` (sniffed from the first bytes when the
/// handler set none: all the modelled handlers write text, which Go's
/// `DetectContentType` calls `text/plain; charset=utf-8`), `Connection:
/// close` (an HTTP/1.1 request that asked for it), `Transfer-Encoding:
/// chunked` (`extraHeader.Write` in `net/http/server.go`). A HEAD request
/// gets the same head, and its body is eaten.
#[derive(Debug)]
pub struct GoResponse {
    http11: bool,
    head_only: bool,
    close_requested: bool,
    date: String,
    status: u16,
    handler_headers: Vec<(String, String)>,
    /// `response.w`, the handler's 2048-byte buffer.
    handler_buf: Vec<u8>,
    wrote_header: bool,
    chunking: bool,
    /// The body's end is the connection's end (HTTP/1.0 without a length).
    close_after: bool,
    handler_done: bool,
    /// `conn.bufw`, the connection's 4096-byte buffer.
    conn_buf: Vec<u8>,
    /// The socket writes so far.
    writes: Vec<Vec<u8>>,
}

/// `bufferBeforeChunkingSize` in `net/http/server.go`.
const GO_HANDLER_BUFFER: usize = 2048;
/// The connection's `bufio.Writer` (`newBufioWriterSize(…, 4<<10)`).
const GO_CONN_BUFFER: usize = 4096;
/// `sniffLen`: the bytes `http.DetectContentType` looks at.
const GO_SNIFF_LEN: usize = 512;
/// `io.Copy`'s buffer (32 KiB).
const GO_COPY_BUFFER: usize = 32 * 1024;

impl GoResponse {
    /// A response to `req` by a handler that set `handler_headers` and the
    /// status `status`; `date` is the `Date:` value.
    pub fn new(req: &Request, status: u16, handler_headers: &[(String, String)], date: &str) -> GoResponse {
        GoResponse::with(req.is_http11(), req.method == "HEAD", !req.keep_alive(), status, handler_headers, date)
    }

    fn with(http11: bool, head_only: bool, close_requested: bool, status: u16, handler_headers: &[(String, String)], date: &str) -> GoResponse {
        GoResponse {
            http11,
            head_only,
            close_requested,
            date: date.to_string(),
            status,
            handler_headers: handler_headers.to_vec(),
            handler_buf: Vec::new(),
            wrote_header: false,
            chunking: false,
            close_after: false,
            handler_done: false,
            conn_buf: Vec::new(),
            writes: Vec::new(),
        }
    }

    /// `response.Write`: through the handler's buffer (`bufio.Writer.Write`:
    /// a write bigger than the free space either goes straight through, when
    /// the buffer is empty, or tops the buffer up and flushes it).
    pub fn write(&mut self, mut p: &[u8]) {
        while p.len() > GO_HANDLER_BUFFER - self.handler_buf.len() {
            if self.handler_buf.is_empty() {
                self.chunk_write(p);
                return;
            }
            let n = GO_HANDLER_BUFFER - self.handler_buf.len();
            self.handler_buf.extend_from_slice(&p[..n]);
            self.flush_handler();
            p = &p[n..];
        }
        self.handler_buf.extend_from_slice(p);
    }

    fn flush_handler(&mut self) {
        if !self.handler_buf.is_empty() {
            let buffered = std::mem::take(&mut self.handler_buf);
            self.chunk_write(&buffered);
        }
    }

    /// `chunkWriter.Write`.
    fn chunk_write(&mut self, p: &[u8]) {
        if !self.wrote_header {
            self.write_header(p);
        }
        if self.head_only {
            return;
        }
        if self.chunking {
            self.conn_write(format!("{:x}\r\n", p.len()).as_bytes());
        }
        self.conn_write(p);
        if self.chunking {
            self.conn_write(b"\r\n");
        }
    }

    /// `chunkWriter.writeHeader(p)`: `p` is the first body bytes.
    fn write_header(&mut self, p: &[u8]) {
        self.wrote_header = true;
        let has = |k: &str| self.handler_headers.iter().any(|(h, _)| h.eq_ignore_ascii_case(k));
        let body_allowed = !matches!(self.status, 100..=199 | 204 | 304);
        let mut content_length = None;
        if self.handler_done && body_allowed && !has("Content-Length") && (!self.head_only || !p.is_empty()) {
            content_length = Some(p.len());
        }
        let has_cl = has("Content-Length") || content_length.is_some();
        // A body of unknown length: chunked for HTTP/1.1, ended by closing
        // the connection for HTTP/1.0.
        if !self.head_only && body_allowed && !has_cl {
            if self.http11 {
                self.chunking = true;
            } else {
                self.close_after = true;
            }
        }
        let proto = if self.http11 { "HTTP/1.1" } else { "HTTP/1.0" };
        let mut s = format!("{proto} {} {}\r\n", self.status, go_status_text(self.status));
        // Closing after the reply replaces a handler's `Connection` header
        // that does not already say close.
        let handler_says_close =
            self.handler_headers.iter().any(|(k, v)| k.eq_ignore_ascii_case("Connection") && v.split(',').any(|t| t.trim().eq_ignore_ascii_case("close")));
        let replace_connection = self.close_requested && !handler_says_close;
        let mut sorted: Vec<&(String, String)> =
            self.handler_headers.iter().filter(|(k, _)| !(replace_connection && k.eq_ignore_ascii_case("Connection"))).collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        for (k, v) in sorted {
            s.push_str(&format!("{k}: {v}\r\n"));
        }
        s.push_str(&format!("Date: {}\r\n", self.date));
        if let Some(n) = content_length {
            s.push_str(&format!("Content-Length: {n}\r\n"));
        }
        if body_allowed && !p.is_empty() && !has("Content-Type") {
            s.push_str("Content-Type: text/plain; charset=utf-8\r\n");
        }
        if replace_connection && self.http11 {
            s.push_str("Connection: close\r\n");
        }
        if self.chunking {
            s.push_str("Transfer-Encoding: chunked\r\n");
        }
        s.push_str("\r\n");
        self.conn_write(s.as_bytes());
    }

    /// The connection's `bufio.Writer.Write`.
    fn conn_write(&mut self, mut p: &[u8]) {
        while p.len() > GO_CONN_BUFFER - self.conn_buf.len() {
            if self.conn_buf.is_empty() {
                self.writes.push(p.to_vec());
                return;
            }
            let n = GO_CONN_BUFFER - self.conn_buf.len();
            self.conn_buf.extend_from_slice(&p[..n]);
            self.conn_flush();
            p = &p[n..];
        }
        self.conn_buf.extend_from_slice(p);
    }

    fn conn_flush(&mut self) {
        if !self.conn_buf.is_empty() {
            self.writes.push(std::mem::take(&mut self.conn_buf));
        }
    }

    /// `io.Copy(w, src)` from a handler: `response.ReadFrom`. The first
    /// 512 bytes are copied through the response (so that the head can be
    /// sniffed), then the head and those bytes are flushed to the socket;
    /// the rest is copied in 32 KiB reads, through the chunkWriter when
    /// chunking, else straight to the socket (`TCPConn.ReadFrom`). `read`
    /// is the source's `Read` into a buffer of the given size (`None` at
    /// EOF).
    pub fn read_from(&mut self, read: &mut dyn FnMut(usize) -> Option<Vec<u8>>) {
        if !self.wrote_header {
            let mut sniffed = 0;
            while sniffed < GO_SNIFF_LEN {
                let Some(piece) = read(GO_SNIFF_LEN - sniffed) else { break };
                sniffed += piece.len();
                self.write(&piece);
            }
            if sniffed < GO_SNIFF_LEN {
                return;
            }
        }
        self.flush_handler();
        if !self.wrote_header {
            self.write_header(&[]);
        }
        self.conn_flush();
        let direct = !self.chunking && !self.head_only && !matches!(self.status, 100..=199 | 204 | 304);
        while let Some(piece) = read(GO_COPY_BUFFER) {
            if direct {
                self.writes.push(piece);
            } else {
                self.write(&piece);
            }
        }
    }

    /// The handler returned (`response.finishRequest`): flush the handler's
    /// buffer (the head, with a `Content-Length` if nothing was written
    /// yet), end the chunks (`0\r\n\r\n`), flush the connection. Returns
    /// the socket writes and whether the connection closes after them.
    pub fn finish(mut self) -> Reply {
        self.handler_done = true;
        self.flush_handler();
        if !self.wrote_header {
            self.write_header(&[]);
        }
        if self.chunking {
            self.conn_write(b"0\r\n\r\n");
        }
        self.conn_flush();
        Reply { writes: self.writes, close: self.close_requested || self.close_after, delay: None }
    }
}

/// Where a [`ChunkedDecoder`] is in the body.
#[derive(Clone, Debug, PartialEq, Eq)]
enum ChunkState {
    /// Reading a chunk-size line (hex digits, then extensions up to the LF).
    Size {
        digits: usize,
        value: u64,
        in_ext: bool,
    },
    /// Inside a chunk's data: bytes left.
    Data(u64),
    /// After a chunk's data: expecting its CRLF.
    DataEnd {
        seen_cr: bool,
    },
    /// After the last chunk: trailer lines until an empty one.
    Trailer {
        line_len: usize,
    },
    Done,
}

/// A chunked transfer coding (RFC 9112 §7.1) decoded as it arrives, as a
/// client does: hex chunk sizes (extensions ignored), data, CRLF, then the
/// last chunk `0`, trailers and the final empty line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChunkedDecoder {
    state: ChunkState,
}

impl Default for ChunkedDecoder {
    fn default() -> Self {
        ChunkedDecoder { state: ChunkState::Size { digits: 0, value: 0, in_ext: false } }
    }
}

impl ChunkedDecoder {
    /// Decode `input`, appending the body bytes to `out`. Bytes after the
    /// end are ignored. `Err` is curl's description of the error
    /// (`Curl_chunked_strerror`).
    pub fn feed(&mut self, input: &[u8], out: &mut Vec<u8>) -> Result<(), &'static str> {
        let mut i = 0;
        while i < input.len() {
            let b = input[i];
            match &mut self.state {
                ChunkState::Size { digits, value, in_ext } => {
                    if b == b'\n' {
                        if *digits == 0 {
                            return Err("Illegal or missing hexadecimal sequence");
                        }
                        self.state = if *value == 0 { ChunkState::Trailer { line_len: 0 } } else { ChunkState::Data(*value) };
                    } else if *in_ext || b == b'\r' {
                        *in_ext = true;
                    } else if let Some(d) = char::from(b).to_digit(16) {
                        if *digits >= 16 {
                            return Err("Too long hexadecimal number");
                        }
                        *digits += 1;
                        *value = *value * 16 + u64::from(d);
                    } else if *digits > 0 && matches!(b, b';' | b' ' | b'\t') {
                        *in_ext = true;
                    } else {
                        return Err("Illegal or missing hexadecimal sequence");
                    }
                    i += 1;
                }
                ChunkState::Data(left) => {
                    let n = usize::try_from(*left).unwrap_or(usize::MAX).min(input.len() - i);
                    out.extend_from_slice(&input[i..i + n]);
                    *left -= n as u64;
                    if *left == 0 {
                        self.state = ChunkState::DataEnd { seen_cr: false };
                    }
                    i += n;
                }
                ChunkState::DataEnd { seen_cr } => {
                    match (b, *seen_cr) {
                        (b'\r', false) => *seen_cr = true,
                        (b'\n', _) => self.state = ChunkState::Size { digits: 0, value: 0, in_ext: false },
                        _ => return Err("Malformed encoding found"),
                    }
                    i += 1;
                }
                ChunkState::Trailer { line_len } => {
                    if b == b'\n' {
                        if *line_len == 0 {
                            self.state = ChunkState::Done;
                        } else {
                            *line_len = 0;
                        }
                    } else if b != b'\r' {
                        *line_len += 1;
                    }
                    i += 1;
                }
                ChunkState::Done => return Ok(()),
            }
        }
        Ok(())
    }

    /// The last chunk and the trailers have arrived.
    pub fn done(&self) -> bool {
        self.state == ChunkState::Done
    }
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
    /// A reply whose handler is still sleeping: sent at that time.
    pending: Option<(crate::time::Instant, Reply, bool)>,
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

/// A server's answer to one request: the bytes to send, as the program's
/// `write(2)` calls (each one goes out as soon as the window allows, so
/// the writes decide where segments end), and whether to close the
/// connection afterwards.
#[derive(Debug)]
pub struct Reply {
    pub writes: Vec<Vec<u8>>,
    pub close: bool,
    /// The handler slept this long before writing (whoami's `?wait=`).
    pub delay: Option<crate::time::Duration>,
}

impl Reply {
    /// The whole answer written at once.
    pub fn whole(bytes: Vec<u8>, close: bool) -> Reply {
        Reply { writes: vec![bytes], close, delay: None }
    }

    /// Everything sent, concatenated.
    pub fn bytes(&self) -> Vec<u8> {
        self.writes.concat()
    }
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
            self.conns.push(ServerConn { sock: c, buf: Vec::new(), pending: None });
        }
        let mut keep = Vec::new();
        for mut conn in std::mem::take(&mut self.conns) {
            let data = io.kernel.tcp_recv(ns, conn.sock);
            conn.buf.extend_from_slice(&data);
            let mut closed = false;
            let now = io.now();
            if let Some((at, _, _)) = &conn.pending {
                if now < *at {
                    let wait = at.since(now);
                    io.set_timer(wait);
                    keep.push(conn);
                    continue;
                }
                if let Some((_, reply, bad)) = conn.pending.take() {
                    for write in &reply.writes {
                        io.kernel.tcp_send(ns, conn.sock, write);
                    }
                    if reply.close || bad {
                        io.kernel.tcp_close(ns, conn.sock);
                        continue;
                    }
                }
            }
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
                if let Some(d) = reply.delay {
                    // The handler sleeps; the connection waits with it.
                    io.set_timer(d);
                    conn.pending = Some((now + d, reply, req.is_err()));
                    break;
                }
                for write in &reply.writes {
                    io.kernel.tcp_send(ns, conn.sock, write);
                }
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
