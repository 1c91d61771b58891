//! curl as a client program: resolve, connect, send one HTTP/1.1 request,
//! read the response, print what curl prints, where curl prints it.
//!
//! Two versions, because their wording differs: 7.58.0 (Ubuntu 18.04, the
//! seed's nodes) and 7.88.1 (Debian 12). Everything 7.88.1 prints here was
//! captured from the real 7.88.1 on Linux 6.18 (refused, no route, network
//! unreachable, kernel SYN timeout, `--connect-timeout`, `-m` while
//! connecting and while waiting, empty reply, reset, `-v`, `-I`, `-i`, `-d`,
//! `-H`, and with stdout on a pipe: the progress meter, the `{ [N bytes
//! data]` lines, `-o`, `-O`, `-w`, `-D`). 7.58.0's wording comes from its
//! source (`lib/connect.c`, `lib/url.c`, `lib/http.c`, `lib/multi.c`,
//! `lib/progress.c`, `src/tool_*.c`) and published 7.5x transcripts:
//! `* Rebuilt URL to: …/`, `*   Trying IP...`, `* TCP_NODELAY set`,
//! `Failed to connect to H port P: <strerror>` (exit 7, also for a kernel
//! timeout), `* stopped the pause stream!` when a transfer ends early,
//! `* Connection #0 to host H left intact` even after an empty reply.
//!
//! Where the output goes:
//! - The body (and with `-i`/`-I` the headers) goes to stdout, or to a file
//!   with `-o`/`-O` (created at the first byte written, or empty at the end
//!   of a successful transfer with no body). stdout is buffered by the C
//!   library: line by line on a terminal, in 4096-byte blocks on a pipe or
//!   a file (so with `2>&1 | …` the body arrives after curl's stderr lines),
//!   not at all with `-N`.
//! - stderr (unbuffered) carries the `-v` trace, warnings, the `curl: (N)`
//!   error line and, when the body does not go to the terminal, the
//!   progress meter ([`meter`]). With `-v` and the body not on the
//!   terminal, the trace says `{ [N bytes data]` where body bytes arrived
//!   (`} [N bytes data]` for a `-d` body sent).
//! - `-w` ([`writeout`]) writes after the transfer, `-D` dumps the headers.
//!
//! 7.88.1 would print `-i`/`-I` header names in bold on a terminal; mesh's
//! terminal has no styles, so they print plain (as with a pipe or
//! `--no-styled-output`).
//!
//! Chunked responses are decoded (the trace counts the bytes read, the
//! meter and `size_download` the body).
//!
//! Not modelled: HTTPS, redirects (`-L`), connection reuse across
//! URLs, multiple URLs, IPv6, happy eyeballs across several addresses
//! (the first address is tried), the `Binary output can mess up your
//! terminal` check (mesh's servers send text).

mod meter;
pub mod writeout;

use std::cell::RefCell;
use std::net::Ipv4Addr;
use std::rc::Rc;

use self::meter::{CurlTime, Meter};
use self::writeout::{TransferInfo, write_out};
use crate::apps::dns::{StubPoll, StubResolver};
use crate::apps::http::{ChunkedDecoder, Parsed, ResponseHead, parse_response_head};
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
    /// The most one read takes: libcurl's 16 KiB buffer, the 100 KiB one
    /// curl 7.88.1's tool asks for.
    fn read_size(self) -> usize {
        match self {
            CurlVersion::V7_58_0 => 16 * 1024,
            CurlVersion::V7_88_1 => 100 * 1024,
        }
    }
}

/// How the URL's host becomes an address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Known already (a literal address, or a hosts-file name).
    Addr(Ipv4Addr),
    /// Ask this DNS server (`nameserver` of resolv.conf).
    Dns { server: (Ipv4Addr, u16) },
    /// Not in the hosts file and no nameserver: the lookup fails.
    Unresolvable,
    /// A URL curl cannot use: it gives up before connecting.
    Invalid { code: i32, message: String },
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

/// Where the response (the body, and the headers with `-i`/`-I`) goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Output {
    Stdout,
    /// A file (`-o`, `-O`): `open` is what creating it gives, an errno's
    /// text when it cannot be created.
    File {
        name: String,
        open: Result<(), String>,
    },
}

/// Where `-D` dumps the response headers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeaderDump {
    Stdout,
    /// The file the tool opened (its bytes go to [`CurlFiles::headers`]).
    File,
}

/// How the C library buffers curl's stdout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StdoutMode {
    /// A terminal: written at each newline.
    Line,
    /// A pipe or a file: written in 4096-byte blocks and at exit.
    Full,
    /// `-N`/`--no-buffer`: flushed after every write.
    Unbuffered,
}

/// What curl wrote into files; the tool stores them when curl exits.
#[derive(Debug, Default)]
pub struct CurlFiles {
    /// The output file's bytes, once it was created.
    pub body: Option<Vec<u8>>,
    /// `-D FILE`: the headers dumped.
    pub headers: Vec<u8>,
}

/// One curl run.
#[derive(Clone, Debug)]
pub struct CurlOpts {
    pub version: CurlVersion,
    /// The URL as given.
    pub url: String,
    /// The URL curl reports (`http://` and the `/` added): `%{url_effective}`.
    pub url_effective: String,
    /// The host as written in the URL.
    pub host: String,
    pub port: u16,
    /// The request target (`/`, `/path?q`).
    pub path: String,
    /// 7.58.0 says `* Rebuilt URL to: <url>/` when the URL had no path.
    pub rebuilt_url: Option<String>,
    /// `-A`: replaces `curl/VERSION` (empty: no User-Agent line).
    pub user_agent: Option<String>,
    /// `--resolve` entries put in the DNS cache (`Added H:P:A to DNS cache`).
    pub resolve_added: Vec<String>,
    /// The address came from the DNS cache (`Hostname H was found in DNS cache`).
    pub from_cache: bool,
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
    pub output: Output,
    pub stdout_mode: StdoutMode,
    /// The progress meter is drawn: not `-s`, not `--no-progress-meter`,
    /// and the body does not go to the terminal.
    pub meter: bool,
    /// The body goes to the terminal (curl's `isatty`): the `-v` trace
    /// does not announce the data it does not show.
    pub body_on_terminal: bool,
    /// `-w FORMAT`.
    pub write_out: Option<String>,
    /// `-D`.
    pub dump_header: Option<HeaderDump>,
    pub files: Rc<RefCell<CurlFiles>>,
}

/// curl's DEFAULT_CONNECT_TIMEOUT.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(300);

/// How often curl wakes up without news: the tool polls with a 1000 ms
/// timeout, and each wake-up updates the progress meter.
const IDLE_WAKE: Duration = Duration::from_secs(1);

/// The glibc buffer size for a pipe or a file (their `st_blksize`), and for
/// a pseudo-terminal.
const PIPE_BLOCK: usize = 4096;
const TTY_BLOCK: usize = 1024;

/// glibc's buffering of stdout (`_IO_new_file_xsputn`): what each `fwrite`
/// puts on the file descriptor at once, and what waits for the next write
/// or the exit.
#[derive(Debug)]
struct StdoutBuffer {
    mode: StdoutMode,
    held: Vec<u8>,
    /// The buffer exists (glibc allocates it at the first write, which
    /// therefore goes through the "buffer full" path).
    allocated: bool,
}

impl StdoutBuffer {
    fn new(mode: StdoutMode) -> StdoutBuffer {
        StdoutBuffer { mode, held: Vec::new(), allocated: false }
    }

    /// `fwrite`: the bytes that reach the descriptor now.
    fn write(&mut self, data: &[u8]) -> Vec<u8> {
        match self.mode {
            StdoutMode::Unbuffered => data.to_vec(),
            StdoutMode::Line => {
                self.held.extend_from_slice(data);
                let lines = self.held.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
                let rest = self.held.len() - lines;
                let cut = lines + (rest - rest % TTY_BLOCK);
                self.held.drain(..cut).collect()
            }
            StdoutMode::Full => {
                let space = if self.allocated { PIPE_BLOCK - self.held.len() } else { 0 };
                let fits = space.min(data.len());
                self.held.extend_from_slice(&data[..fits]);
                let rest = &data[fits..];
                if rest.is_empty() {
                    return Vec::new();
                }
                // The full buffer goes out, whole blocks of the rest follow
                // directly, the remainder waits in the buffer.
                self.allocated = true;
                let mut out = std::mem::take(&mut self.held);
                let direct = rest.len() - rest.len() % PIPE_BLOCK;
                out.extend_from_slice(&rest[..direct]);
                self.held.extend_from_slice(&rest[direct..]);
                out
            }
        }
    }

    /// `fflush`/exit.
    fn flush(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.held)
    }
}

/// The curl tool's `warnf` (`voutf`): `Warning: ` before each line, the
/// message broken at a blank so that lines stay within 79 columns.
pub fn warning(message: &str) -> String {
    voutf("Warning: ", message)
}

fn voutf(prefix: &str, message: &str) -> String {
    let width = 79 - prefix.len();
    let mut rest = message.as_bytes();
    let mut out = Vec::new();
    while !rest.is_empty() {
        out.extend_from_slice(prefix.as_bytes());
        if rest.len() > width {
            let mut cut = width - 1;
            while cut > 0 && !matches!(rest[cut], b' ' | b'\t') {
                cut -= 1;
            }
            if cut == 0 {
                cut = width - 1;
            }
            out.extend_from_slice(&rest[..=cut]);
            out.push(b'\n');
            rest = &rest[cut + 1..];
        } else {
            out.extend_from_slice(rest);
            rest = &[];
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[derive(Debug)]
enum Phase {
    Start,
    Resolving(StubResolver),
    Connecting { sock: SockId, ip: Ipv4Addr },
    Transfer { sock: SockId, buf: Vec<u8>, head: Option<ResponseHead>, body: usize, chunked: Option<ChunkedDecoder> },
    Done,
}

/// How a failed transfer is torn down, which decides what the trace and
/// the meter show last.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Teardown {
    /// `multi_done`: the protocol's done handler (7.58.0 says `stopped the
    /// pause stream!` when the transfer ended early), the meter's last line,
    /// then the connection note.
    Done { premature: bool },
    /// The connection is dropped without `multi_done` (a failed lookup;
    /// with 7.58.0 also a failed connect): the meter's line stays
    /// unfinished and the error line follows it on the same line.
    Drop,
}

/// The curl program.
#[derive(Debug)]
pub struct Curl {
    o: CurlOpts,
    phase: Phase,
    start: Instant,
    meter: Meter,
    /// What curl wrote, in order, as it reached the descriptors.
    pieces: Vec<(Stream, Vec<u8>)>,
    stdout: StdoutBuffer,
    /// The trace announced data since its last text (curl's `traced_data`).
    traced_data: bool,
    info: TransferInfo,
    status: Option<i32>,
}

impl Curl {
    pub fn new(o: CurlOpts) -> Curl {
        let meter = Meter::new(o.version, o.meter, Instant::ZERO);
        let stdout = StdoutBuffer::new(o.stdout_mode);
        let info = TransferInfo {
            url: o.url.clone(),
            url_effective: o.url_effective.clone(),
            method: o.method.clone(),
            filename: match &o.output {
                Output::File { name, .. } => Some(name.clone()),
                Output::Stdout => None,
            },
            ..TransferInfo::default()
        };
        Curl { o, phase: Phase::Start, start: Instant::ZERO, meter, pieces: Vec::new(), stdout, traced_data: false, info, status: None }
    }

    fn emit(&mut self, stream: Stream, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        match self.pieces.last_mut() {
            Some((s, b)) if *s == stream => b.extend_from_slice(bytes),
            _ => self.pieces.push((stream, bytes.to_vec())),
        }
    }

    fn emit_err(&mut self, text: &str) {
        self.emit(Stream::Stderr, text.as_bytes());
    }

    /// A write to stdout, through the C library's buffer.
    fn write_stdout(&mut self, bytes: &[u8]) {
        let now = self.stdout.write(bytes);
        self.emit(Stream::Stdout, &now);
    }

    fn flush_stdout(&mut self) {
        let held = self.stdout.flush();
        self.emit(Stream::Stdout, &held);
    }

    /// An informational trace line (`* …`).
    fn info(&mut self, line: &str) {
        if self.o.verbose {
            self.emit_err("* ");
            self.emit_err(line);
            self.emit_err("\n");
            self.traced_data = false;
        }
    }

    /// A header line received (`< …`), with its own line end.
    fn trace_header_in(&mut self, line: &str) {
        if self.o.verbose {
            self.emit_err("< ");
            self.emit_err(line);
            self.traced_data = false;
        }
    }

    /// `{ [N bytes data]` (received) or `} [N bytes data]` (sent): once per
    /// run of data, and only when the body does not go to the terminal.
    fn trace_data(&mut self, mark: char, n: usize) {
        if self.o.verbose && !self.o.body_on_terminal && !self.traced_data {
            self.emit_err(&format!("{mark} [{n} bytes data]\n"));
            self.traced_data = true;
        }
    }

    fn warn(&mut self, message: &str) {
        if !self.o.silent {
            let w = warning(message);
            self.emit_err(&w);
        }
    }

    /// A progress update (`Curl_pgrsUpdate`).
    fn tick(&mut self, now: Instant) {
        let line = self.meter.update(now);
        self.emit_err(&line);
    }

    /// Microseconds since the start for a `Curl_pgrsTime` mark (at least one).
    fn mark(&self, now: Instant) -> i64 {
        CurlTime::of(now).us_since(CurlTime::of(self.start)).max(1)
    }

    fn elapsed_ms(&self, now: Instant) -> u64 {
        now.since(self.start).as_millis()
    }

    /// Bytes of the response for the output (the body; headers with
    /// `-i`/`-I`). The output file is created at its first byte; when it
    /// cannot be, the transfer fails with exit 23.
    fn write_response(&mut self, io: &mut AppIo<'_>, bytes: &[u8]) -> bool {
        match self.o.output.clone() {
            Output::Stdout => {
                self.write_stdout(bytes);
                true
            }
            Output::File { name, open } => {
                let created = self.o.files.borrow().body.is_some();
                if !created && let Err(e) = open {
                    self.open_failed(&name, &e);
                    let msg = if self.o.version.old() {
                        format!("Failed writing body (0 != {})", bytes.len())
                    } else {
                        "Failure writing output to destination".to_string()
                    };
                    self.fail(io, 23, msg, Teardown::Done { premature: true }, "Closing connection 0");
                    return false;
                }
                self.o.files.borrow_mut().body.get_or_insert_with(Vec::new).extend_from_slice(bytes);
                true
            }
        }
    }

    /// The tool's warning when the output file cannot be created.
    fn open_failed(&mut self, name: &str, error: &str) {
        let message =
            if self.o.version.old() { format!("Failed to create the file {name}: {error}\n") } else { format!("Failed to open the file {name}: {error}\n") };
        self.warn(&message);
    }

    /// failf: the error traced, then the end of the transfer.
    fn fail(&mut self, io: &mut AppIo<'_>, code: i32, msg: String, teardown: Teardown, note: &str) {
        self.info(&msg);
        self.finish(io, code, Some(msg), teardown, note);
    }

    /// The end of the transfer: the teardown's trace and meter line, the
    /// connection note, the error line, `-w`, stdout's last bytes.
    fn finish(&mut self, io: &mut AppIo<'_>, code: i32, msg: Option<String>, teardown: Teardown, note: &str) {
        let now = io.now();
        if let Teardown::Done { premature } = teardown {
            if premature && self.o.version.old() {
                self.info("stopped the pause stream!");
            }
            let last = self.meter.done(now);
            self.emit_err(&last);
        }
        if !note.is_empty() {
            self.info(note);
        }
        self.close(io, code != 0);
        let mut code = code;
        let error_line = match &msg {
            Some(m) if code != 0 && (!self.o.silent || self.o.show_error) => format!("curl: ({code}) {m}\n"),
            _ => String::new(),
        };
        let old = self.o.version.old();
        if old {
            self.write_out(code, msg.as_deref());
        }
        self.emit_err(&error_line);
        // A successful transfer without a body still leaves its file.
        if let (0, Output::File { name, open }) = (code, self.o.output.clone())
            && self.o.files.borrow().body.is_none()
        {
            match open {
                Ok(()) => self.o.files.borrow_mut().body = Some(Vec::new()),
                Err(e) => {
                    self.open_failed(&name, &e);
                    code = 23;
                }
            }
        }
        self.flush_stdout();
        if !old {
            self.write_out(code, msg.as_deref());
            self.flush_stdout();
        }
        self.status = Some(code);
    }

    /// `-w`, with what the transfer measured.
    fn write_out(&mut self, code: i32, msg: Option<&str>) {
        let Some(format) = self.o.write_out.clone() else {
            return;
        };
        self.info.exitcode = code;
        self.info.errormsg = msg.filter(|_| code != 0).map(str::to_string);
        self.info.size_download = self.meter.downloaded;
        self.info.size_upload = self.meter.uploaded;
        self.info.speed_download = self.meter.dlspeed;
        self.info.speed_upload = self.meter.ulspeed;
        self.info.time_total = self.meter.timespent_us;
        for (stream, text) in write_out(self.o.version, &format, &self.info) {
            match stream {
                Stream::Stdout => self.write_stdout(text.as_bytes()),
                Stream::Stderr => self.emit_err(&text),
            }
        }
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
        let custom = |name: &str| o.headers.iter().any(|h| h.name().eq_ignore_ascii_case(name));
        let mut s = format!("{} {} HTTP/1.1\r\n", o.method, o.path);
        let host_value = if o.port == 80 { o.host.clone() } else { format!("{}:{}", o.host, o.port) };
        // 7.88.1 writes a custom Host in the Host position; 7.58.0 among the custom headers.
        match o.headers.iter().find(|h| h.name().eq_ignore_ascii_case("Host")) {
            None => s.push_str(&format!("Host: {host_value}\r\n")),
            Some(CustomHeader::Set(n, v)) if !o.version.old() => s.push_str(&format!("{n}: {v}\r\n")),
            Some(_) => {}
        }
        if !custom("User-Agent") {
            match o.user_agent.as_deref() {
                None => s.push_str(&format!("User-Agent: curl/{}\r\n", o.version.as_str())),
                Some("") => {}
                Some(ua) => s.push_str(&format!("User-Agent: {ua}\r\n")),
            }
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
                let teardown = self.connect_teardown();
                self.fail(io, 7, msg, teardown, "Closing connection 0");
            }
        }
    }

    /// A failed connect: 7.58.0 drops the connection at once, 7.88.1 goes
    /// through `multi_done`.
    fn connect_teardown(&self) -> Teardown {
        if self.o.version.old() { Teardown::Drop } else { Teardown::Done { premature: true } }
    }

    /// The `Failed to connect` message of each version.
    fn connect_failure(&self, e: Errno, ms: u64) -> String {
        if self.o.version.old() {
            format!("Failed to connect to {} port {}: {e}", self.o.host, self.o.port)
        } else {
            format!("Failed to connect to {} port {} after {ms} ms: Couldn't connect to server", self.o.host, self.o.port)
        }
    }

    fn resolve_failed(&mut self, io: &mut AppIo<'_>) {
        let msg = format!("Could not resolve host: {}", self.o.host);
        self.fail(io, 6, msg, Teardown::Drop, "Closing connection 0");
    }

    /// An error after the connection was made.
    fn transfer_error(&mut self, io: &mut AppIo<'_>, code: i32, msg: String) {
        self.fail(io, code, msg, Teardown::Done { premature: true }, "Closing connection 0");
    }

    /// The response head arrived: trace it, dump it, show it (`-i`/`-I`),
    /// or fail on it (`-f`). Returns false when the transfer ended.
    fn on_head(&mut self, io: &mut AppIo<'_>, h: &ResponseHead) -> bool {
        let old = self.o.version.old();
        let fails = self.o.fail && h.status >= 400;
        self.info.http_code = h.status;
        self.info.http_version = h.version.strip_prefix("HTTP/1.").and_then(|m| m.parse::<u8>().ok()).map(|minor| (1, minor));
        if fails && old {
            // 7.58.0 gives up on the status line, before anything of the
            // response is traced or written.
            let msg = format!("The requested URL returned error: {} {}", h.status, h.reason);
            self.fail(io, 22, msg, Teardown::Done { premature: true }, "Closing connection 0");
            return false;
        }
        self.info.content_type = h.header("Content-Type").map(str::to_string);
        self.info.headers = h.headers.clone();
        self.info.size_header = h.raw.len() as i64;
        if let Some(n) = h.content_length() {
            self.meter.size_dl = Some(n as i64);
        }
        let lines: Vec<String> = h.raw_lines().into_iter().map(str::to_string).collect();
        let last = lines.len().saturating_sub(1);
        for (i, line) in lines.iter().enumerate() {
            // 7.88.1 fails after writing the blank line, before tracing it.
            if !(fails && i == last) {
                self.trace_header_in(line);
            }
            match self.o.dump_header {
                Some(HeaderDump::Stdout) => self.write_stdout(line.as_bytes()),
                Some(HeaderDump::File) => self.o.files.borrow_mut().headers.extend_from_slice(line.as_bytes()),
                None => {}
            }
            if (self.o.include || self.o.head) && !self.write_response(io, line.as_bytes()) {
                return false;
            }
        }
        if fails {
            let msg = format!("The requested URL returned error: {}", h.status);
            self.fail(io, 22, msg, Teardown::Done { premature: true }, "Closing connection 0");
            return false;
        }
        true
    }

    /// Read what arrived; returns the next deadline to wake at, if any.
    fn poll_transfer(&mut self, io: &mut AppIo<'_>) -> Option<Instant> {
        let ns = io.netns;
        let now = io.now();
        let read_size = self.o.version.read_size();
        let Phase::Transfer { sock, buf, head, .. } = &mut self.phase else {
            return None;
        };
        let sock = *sock;
        let arrived = io.kernel.tcp_recv(ns, sock);
        let first_bytes = buf.is_empty() && head.is_none() && !arrived.is_empty();
        buf.extend_from_slice(&arrived);
        if first_bytes {
            self.info.time_starttransfer = self.mark(now);
        }
        let mut newly: Option<ResponseHead> = None;
        let mut http09: Option<Vec<u8>> = None;
        if let Phase::Transfer { buf, head, .. } = &mut self.phase
            && head.is_none()
        {
            match parse_response_head(buf) {
                Parsed::Complete(h, n) => {
                    buf.drain(..n);
                    *head = Some(h.clone());
                    newly = Some(h);
                }
                Parsed::Invalid(_) => http09 = Some(std::mem::take(buf)),
                Parsed::Incomplete => {}
            }
        }
        if let Some(bytes) = http09 {
            if !self.o.version.old() {
                self.fail(io, 1, "Received HTTP/0.9 when not allowed".into(), Teardown::Done { premature: true }, "Closing connection 0");
                return None;
            }
            // HTTP/0.9: 7.58.0 takes the bytes as the body.
            if let Phase::Transfer { body, .. } = &mut self.phase {
                *body += bytes.len();
            }
            self.meter.downloaded += bytes.len() as i64;
            self.trace_data('{', bytes.len());
            if !self.write_response(io, &bytes) {
                return None;
            }
        }
        if let Some(h) = &newly
            && !self.on_head(io, h)
        {
            return None;
        }
        let head_only = self.o.head;
        let Phase::Transfer { buf, head, body, chunked, .. } = &mut self.phase else {
            return None;
        };
        let no_body = |h: &ResponseHead| head_only || h.status == 204 || h.status == 304;
        if let Some(h) = &newly
            && !no_body(h)
            && h.header("Transfer-Encoding").is_some_and(|te| te.to_ascii_lowercase().split(',').any(|t| t.trim() == "chunked"))
        {
            *chunked = Some(ChunkedDecoder::default());
        }
        let expected = head.as_ref().map(|h| if no_body(h) { Some(0) } else { h.content_length() });
        // The bytes read (what the trace announces) and the body they carry.
        let (raw_len, chunk, chunk_error, chunks_done) = match chunked {
            Some(dec) => {
                let raw: Vec<u8> = std::mem::take(buf);
                let mut decoded = Vec::new();
                let result = dec.feed(&raw, &mut decoded);
                (raw.len(), decoded, result.err(), dec.done())
            }
            None => {
                let take = match expected {
                    Some(Some(n)) => buf.len().min(n.saturating_sub(*body)),
                    Some(None) => buf.len(),
                    None => 0,
                };
                let chunk: Vec<u8> = buf.drain(..take).collect();
                (chunk.len(), chunk, None, false)
            }
        };
        let is_chunked = chunked.is_some();
        *body += chunk.len();
        let got = *body;
        let had_head = head.is_some();
        let closes = head.as_ref().is_some_and(ResponseHead::closes);
        if raw_len > 0 {
            self.trace_data('{', raw_len.min(read_size));
        }
        if !chunk.is_empty() {
            self.meter.downloaded += chunk.len() as i64;
            if !self.write_response(io, &chunk) {
                return None;
            }
        }
        if let Some(e) = chunk_error {
            self.transfer_error(io, 56, format!("{e} in chunked-encoding"));
            return None;
        }
        if chunks_done {
            let note = if closes { "Closing connection 0".to_string() } else { format!("Connection #0 to host {} left intact", self.o.host) };
            self.finish(io, 0, None, Teardown::Done { premature: false }, &note);
            return None;
        }
        if let Some(Some(n)) = expected
            && got >= n
        {
            let note = if closes { "Closing connection 0".to_string() } else { format!("Connection #0 to host {} left intact", self.o.host) };
            self.finish(io, 0, None, Teardown::Done { premature: false }, &note);
            return None;
        }
        if io.kernel.tcp_state(ns, sock) == TcpState::Closed
            && let Some(e) = io.kernel.tcp_error(ns, sock)
        {
            self.transfer_error(io, 56, format!("Recv failure: {e}"));
            return None;
        }
        if io.kernel.tcp_eof(ns, sock) {
            if had_head && got == 0 {
                // The read that returns 0 is traced as empty data.
                self.trace_data('{', 0);
            }
            match (had_head, expected) {
                (false, _) if got == 0 => {
                    let note =
                        if self.o.version.old() { format!("Connection #0 to host {} left intact", self.o.host) } else { "Closing connection 0".to_string() };
                    self.fail(io, 52, "Empty reply from server".into(), Teardown::Done { premature: false }, &note);
                }
                (true, Some(Some(n))) => self.transfer_error(io, 18, format!("transfer closed with {} bytes remaining to read", n - got)),
                (true, _) if is_chunked => self.transfer_error(io, 18, "transfer closed with outstanding read data remaining".into()),
                _ => self.finish(io, 0, None, Teardown::Done { premature: false }, "Closing connection 0"),
            }
            return None;
        }
        let deadline = self.start + self.o.max_time?;
        if now >= deadline {
            let ms = self.elapsed_ms(now);
            let msg = match expected {
                Some(Some(n)) => format!("Operation timed out after {ms} milliseconds with {got} out of {n} bytes received"),
                _ => format!("Operation timed out after {ms} milliseconds with {got} bytes received"),
            };
            self.transfer_error(io, 28, msg);
            return None;
        }
        Some(deadline)
    }

    /// The connection is up: send the request.
    fn send_request(&mut self, io: &mut AppIo<'_>, sock: SockId, ip: Ipv4Addr) {
        let ns = io.netns;
        let now = io.now();
        self.info.time_connect = self.mark(now);
        self.info.time_pretransfer = self.mark(now);
        self.info.num_connects = 1;
        self.info.remote = io.kernel.tcp_peer(ns, sock);
        self.info.local = io.kernel.tcp_local(ns, sock);
        self.info(&format!("Connected to {} ({ip}) port {} (#0)", self.o.host, self.o.port));
        let req = self.request_bytes();
        io.kernel.tcp_send(ns, sock, &req);
        self.info.size_request = req.len() as i64;
        let body_len = self.o.data.as_ref().map_or(0, String::len);
        if self.o.verbose {
            let head = String::from_utf8_lossy(&req[..req.len() - body_len]).into_owned();
            for l in head.split_inclusive('\n') {
                self.emit_err("> ");
                self.emit_err(l);
            }
            self.traced_data = false;
        }
        if self.o.data.is_some() {
            self.meter.size_ul = Some(body_len as i64);
            self.meter.uploaded = body_len as i64;
            self.trace_data('}', body_len);
            if self.o.version.old() {
                self.info(&format!("upload completely sent off: {body_len} out of {body_len} bytes"));
            }
        }
        self.phase = Phase::Transfer { sock, buf: Vec::new(), head: None, body: 0, chunked: None };
    }

    /// One pass of curl's state machine; returns the next deadline.
    fn step(&mut self, io: &mut AppIo<'_>) -> Option<Instant> {
        let now = io.now();
        if let Phase::Start = self.phase {
            self.start = now;
            self.meter = Meter::new(self.o.version, self.o.meter, now);
            for note in self.o.resolve_added.clone() {
                self.info(&note);
            }
            if let Some(u) = self.o.rebuilt_url.clone().filter(|_| self.o.version.old()) {
                self.info(&format!("Rebuilt URL to: {u}"));
            }
            match self.o.target.clone() {
                Target::Addr(ip) => {
                    self.info.time_namelookup = self.mark(now);
                    if self.o.from_cache {
                        let line = format!("Hostname {} was found in DNS cache", self.o.host);
                        self.info(&line);
                    }
                    // 7.88.1 connects in a later pass than the one that set
                    // the transfer up and drew the meter; 7.58.0 at once.
                    if !self.o.version.old() {
                        self.tick(now);
                    }
                    self.start_connect(io, ip);
                }
                Target::Dns { server } => self.phase = Phase::Resolving(StubResolver::new(&self.o.host, server, !self.o.ipv4_only)),
                Target::Unresolvable => {
                    // The lookup runs in a thread: the meter is drawn first.
                    self.tick(now);
                    self.resolve_failed(io);
                }
                Target::Invalid { code, message } => {
                    // libcurl's failf traces the message, except 7.88.1's
                    // URL parser's (`CURLE_URL_MALFORMAT`); no connection
                    // existed (its id is -1) and no meter was drawn.
                    if self.o.version.old() || code != 3 {
                        self.info(&message);
                    }
                    self.finish(io, code, Some(message), Teardown::Drop, "Closing connection -1");
                }
            }
        }
        if let Phase::Resolving(r) = &mut self.phase {
            match r.poll(io) {
                StubPoll::Done(Ok(ips)) => match ips.first() {
                    Some(ip) => {
                        self.info.time_namelookup = self.mark(now);
                        self.start_connect(io, *ip)
                    }
                    None => self.resolve_failed(io),
                },
                StubPoll::Done(Err(_)) => self.resolve_failed(io),
                StubPoll::Pending { wake_at } => {
                    if self.o.max_time.is_some_and(|m| now >= self.start + m) {
                        let ms = self.elapsed_ms(now);
                        self.fail(io, 28, format!("Resolving timed out after {ms} milliseconds"), Teardown::Done { premature: true }, "Closing connection 0");
                        return None;
                    }
                    let limit = self.o.max_time.map(|m| self.start + m).unwrap_or(wake_at);
                    return Some(wake_at.min(limit));
                }
            }
        }
        if let Phase::Connecting { sock, ip } = self.phase {
            let ns = io.netns;
            match io.kernel.tcp_state(ns, sock) {
                TcpState::Established | TcpState::CloseWait => self.send_request(io, sock, ip),
                TcpState::Closed => {
                    let e = io.kernel.tcp_error(ns, sock).unwrap_or(Errno::ECONNREFUSED);
                    self.info(&format!("connect to {ip} port {} failed: {e}", self.o.port));
                    let ms = self.elapsed_ms(now);
                    let msg = self.connect_failure(e, ms);
                    let code = if e == Errno::ETIMEDOUT && !self.o.version.old() { 28 } else { 7 };
                    let teardown = self.connect_teardown();
                    self.fail(io, code, msg, teardown, "Closing connection 0");
                    return None;
                }
                _ => {
                    let (deadline, is_connect_timeout) = self.connect_deadline();
                    if now < deadline {
                        return Some(deadline);
                    }
                    let ms = self.elapsed_ms(now);
                    if is_connect_timeout && !self.o.version.old() {
                        self.info(&format!("ipv4 connect timeout after {ms}ms, move on!"));
                        let msg = format!("Failed to connect to {} port {} after {ms} ms: Timeout was reached", self.o.host, self.o.port);
                        self.fail(io, 28, msg, Teardown::Done { premature: true }, "Closing connection 0");
                    } else {
                        self.fail(io, 28, format!("Connection timed out after {ms} milliseconds"), Teardown::Done { premature: true }, "Closing connection 0");
                    }
                    return None;
                }
            }
        }
        if let Phase::Transfer { .. } = self.phase {
            return self.poll_transfer(io);
        }
        None
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
        let deadline = self.step(io);
        if self.status.is_some() {
            return;
        }
        // Every pass of the state machine updates the meter.
        let now = io.now();
        self.tick(now);
        let idle = self.o.meter.then(|| now + IDLE_WAKE);
        let wake = match (deadline, idle) {
            (Some(d), Some(i)) => Some(d.min(i)),
            (d, i) => d.or(i),
        };
        if let Some(w) = wake {
            io.set_timer(w.since(now));
        }
    }

    fn finished(&self) -> Option<CmdOutput> {
        self.status.map(|status| {
            let pieces = self.pieces.iter().map(|(s, b)| (*s, String::from_utf8_lossy(b).into_owned())).collect();
            CmdOutput::from_pieces(pieces, status)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdout_is_line_buffered_on_a_terminal() {
        let mut b = StdoutBuffer::new(StdoutMode::Line);
        assert_eq!(b.write(b"Hostname: x\r\nIP: 1"), b"Hostname: x\r\n");
        assert_eq!(b.write(b"0.0.0.5\r\n"), b"IP: 10.0.0.5\r\n");
        assert_eq!(b.write(b"tail"), b"");
        assert_eq!(b.flush(), b"tail");
    }

    /// glibc allocates the buffer at the first write, keeps up to 4096
    /// bytes, and writes whole blocks past a full buffer directly.
    #[test]
    fn stdout_is_block_buffered_on_a_pipe() {
        let mut b = StdoutBuffer::new(StdoutMode::Full);
        assert_eq!(b.write(b"hello\n"), b"");
        assert_eq!(b.write(&[b'x'; 4090]), b"");
        // The full buffer, then one whole block of the rest; 904 bytes wait.
        assert_eq!(b.write(&[b'y'; 5000]).len(), 8192);
        assert_eq!(b.flush().len(), 904);
        let mut b = StdoutBuffer::new(StdoutMode::Full);
        assert_eq!(b.write(&[b'z'; 9000]).len(), 8192, "first write: whole blocks go out at once");
        assert_eq!(b.flush().len(), 808);
    }

    #[test]
    fn warnings_wrap_at_79_columns_like_voutf() {
        assert_eq!(
            warning("Failed to open the file /nonexist/x: No such file or directory\n"),
            "Warning: Failed to open the file /nonexist/x: No such file or directory\n"
        );
        assert_eq!(
            warning(
                "Binary output can mess up your terminal. Use \"--output -\" to tell curl to output it to your terminal anyway, or consider \"--output <FILE>\" to save to a file.\n"
            ),
            "Warning: Binary output can mess up your terminal. Use \"--output -\" to tell \nWarning: curl to output it to your terminal anyway, or consider \"--output \nWarning: <FILE>\" to save to a file.\n"
        );
    }
}
