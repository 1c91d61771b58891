//! `curl`: argument and URL parsing like curl's tool and URL parser; the
//! program is [`crate::apps::curl`].
//!
//! Options: `-s`/`--silent`, `-S`/`--show-error`, `-v`/`--verbose`,
//! `-I`/`--head`, `-i`/`--include`, `-f`/`--fail`, `-H`/`--header`,
//! `-X`/`--request`, `-d`/`--data`/`--data-raw`/`--data-binary`,
//! `-m`/`--max-time`, `--connect-timeout`, `-4`, `-o`/`--output FILE`,
//! `-O`/`--remote-name`, `-w`/`--write-out FORMAT` (or `@FILE`),
//! `-D`/`--dump-header FILE`, `-N`/`--no-buffer`, `-A`/`--user-agent`,
//! `--resolve HOST:PORT:ADDR`, and on 7.88.1
//! `--output-dir DIR` and `--no-progress-meter`; the accepted no-ops
//! `-k`/`--insecure` (no TLS here), `-L`/`--location` (no redirect is
//! followed: the modelled servers never redirect). Short options combine
//! (`-sSv`, `-XPOST`, `-so /dev/null`). Only the first URL is fetched.
//!
//! Names: a literal IPv4 address, a name from the caller's hosts table, or
//! (where a nameserver is configured, as in containers) a DNS lookup over
//! the simulated network.
//!
//! Files (`-o`, `-O`, `-D`) are written to the session's in-memory files
//! with the shell's permission rules when curl exits; `/dev/null` discards.
//! Not modelled: `-w @-` (the format from stdin), `--create-dirs` (every
//! directory exists in mesh's file store); other real options (`-u`, `-x`,
//! `-F`, `-Z`, `--http2` … [`UNMODELLED_OPTIONS`]) are refused by name
//! (`mesh: curl -u is not modelled`, exit 2); other protocols than HTTP
//! (`ftp://` …) are refused as not modelled.

use std::cell::RefCell;
use std::net::Ipv4Addr;
use std::rc::Rc;

use crate::apps::curl::{Curl, CurlFiles, CurlOpts, CurlVersion, CustomHeader, HeaderDump, Output, StdoutMode, Target, warning};
use crate::output::{CmdOutput, Stream};
use crate::shell::{Exec, Session};
use crate::time::Duration;

const TRY_HELP: &str = "curl: try 'curl --help' or 'curl --manual' for more information\n";

/// Where curl runs: which release, how names resolve.
pub struct CurlEnv<'a> {
    pub version: CurlVersion,
    /// The hosts table (`/etc/hosts`): name → address.
    pub hosts: &'a dyn Fn(&str) -> Option<Ipv4Addr>,
    /// resolv.conf's nameserver, if DNS is available.
    pub nameserver: Option<Ipv4Addr>,
}

/// `localhost` only: what every /etc/hosts has.
pub fn localhost_only(name: &str) -> Option<Ipv4Addr> {
    name.eq_ignore_ascii_case("localhost").then_some(Ipv4Addr::LOCALHOST)
}

/// Run `curl` in `exec`'s namespace: 7.58.0 on a node (the seed's Ubuntu
/// 18.04), 7.88.1 in a container, whose resolv.conf names Docker's
/// embedded DNS (127.0.0.11).
pub fn run(s: &mut Session, argv: &[String], exec: &Exec) -> CmdOutput {
    let (version, nameserver) = match exec.container {
        Some(_) => (CurlVersion::V7_88_1, Some(Ipv4Addr::new(127, 0, 0, 11))),
        None => (CurlVersion::V7_58_0, None),
    };
    run_with(s, argv, exec, &CurlEnv { version, hosts: &localhost_only, nameserver })
}

/// A parsed URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Url {
    pub host: String,
    pub port: u16,
    /// The request target, `/` when the URL had no path.
    pub path: String,
    /// The URL with `/` added, when it had no path (7.58.0 prints it).
    pub rebuilt: Option<String>,
    /// The URL curl reports as used: scheme (`http://` when none was
    /// given), the `/` added, no fragment.
    pub effective: String,
}

/// Why a URL was refused, worded per version.
fn url_error(v: CurlVersion, old_msg: String) -> (i32, String) {
    match v {
        CurlVersion::V7_58_0 => (3, old_msg),
        CurlVersion::V7_88_1 => (3, "URL using bad/illegal format or missing URL".to_string()),
    }
}

/// Parse a URL as curl does for http (scheme optional, defaults to http).
pub fn parse_url(v: CurlVersion, url: &str) -> Result<Url, (i32, String)> {
    let (scheme, rest) = match url.split_once("://") {
        Some((s, r)) => (s.to_ascii_lowercase(), r),
        None => ("http".to_string(), url),
    };
    if scheme == "https" {
        return Err((1, "mesh: HTTPS is not modelled (no TLS); use http://".to_string()));
    }
    // The other protocols Debian's and Ubuntu's libcurl speak.
    const OTHER_PROTOCOLS: [&str; 24] = [
        "dict", "file", "ftp", "ftps", "gopher", "gophers", "imap", "imaps", "ldap", "ldaps", "mqtt", "pop3", "pop3s", "rtmp", "rtsp", "scp", "sftp", "smb",
        "smbs", "smtp", "smtps", "telnet", "tftp", "ws",
    ];
    if OTHER_PROTOCOLS.contains(&scheme.as_str()) {
        return Err((1, format!("mesh: curl's {} protocol is not modelled; use http://", scheme.to_ascii_uppercase())));
    }
    if scheme != "http" {
        return Err((1, format!("Protocol \"{scheme}\" not supported or disabled in libcurl")));
    }
    let rest = rest.split('#').next().unwrap_or("");
    let split_at = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(split_at);
    let authority = authority.rsplit('@').next().unwrap_or("");
    if authority.starts_with('[') {
        return Err((1, "mesh: IPv6 is not modelled (the machines have IPv4 only)".to_string()));
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => {
            if p.is_empty() {
                (h, 80)
            } else if let Some(bad) = p.chars().find(|c| !c.is_ascii_digit()) {
                return Err(url_error(v, format!("Port number ended with '{bad}'")));
            } else {
                match p.parse::<u32>() {
                    // Port 0 is a valid URL port: connecting to it is refused.
                    Ok(n) if n <= 65535 => (h, n as u16),
                    _ => return Err(url_error(v, format!("Port number too large: {p}"))),
                }
            }
        }
        None => (authority, 80),
    };
    if host.is_empty() {
        return Err(url_error(v, "<url> malformed".to_string()));
    }
    let without_fragment = url.split('#').next().unwrap_or("");
    let (path, rebuilt) = if tail.starts_with('/') {
        (tail.to_string(), None)
    } else {
        let base = &without_fragment[..without_fragment.len() - tail.len()];
        (format!("/{tail}"), Some(format!("{base}/{tail}")))
    };
    let used = rebuilt.as_deref().unwrap_or(without_fragment);
    let after_scheme = used.split_once("://").map_or(used, |(_, r)| r);
    let effective = format!("{scheme}://{after_scheme}");
    Ok(Url { host: host.to_string(), port, path, rebuilt, effective })
}

/// The remote file name `-O` saves under: the URL's last path segment
/// (7.88.1 takes the path without query; 7.58.0 whatever follows the
/// last `/` of the URL as written).
pub fn remote_name(v: CurlVersion, url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let text = match v {
        CurlVersion::V7_58_0 => rest,
        CurlVersion::V7_88_1 => {
            let rest = rest.split(['?', '#']).next().unwrap_or("");
            match rest.find('/') {
                Some(i) => &rest[i..],
                None => "",
            }
        }
    };
    let after_slash = text.rsplit_once('/').map_or("", |(_, name)| name);
    after_slash.rsplit('\\').next().unwrap_or("").to_string()
}

fn parse_secs(opt: &str, v: Option<&String>, positive: bool) -> Result<Duration, CmdOutput> {
    let Some(v) = v else {
        return Err(missing_parameter(opt));
    };
    match v.parse::<f64>() {
        Ok(x) if x >= 0.0 && x.is_finite() => Ok(Duration::from_micros((x * 1e6) as u64)),
        Ok(_) if positive => Err(CmdOutput::err(format!("curl: option {opt}: expected a positive numerical parameter\n{TRY_HELP}"), 2)),
        _ => Err(CmdOutput::err(format!("curl: option {opt}: expected a proper numerical parameter\n{TRY_HELP}"), 2)),
    }
}

fn missing_parameter(opt: &str) -> CmdOutput {
    CmdOutput::err(format!("curl: option {opt}: requires parameter\n{TRY_HELP}"), 2)
}

fn custom_header(h: &str) -> Option<CustomHeader> {
    if let Some((n, v)) = h.split_once(':') {
        let v = v.trim();
        return Some(if v.is_empty() { CustomHeader::Remove(n.to_string()) } else { CustomHeader::Set(n.to_string(), v.to_string()) });
    }
    h.strip_suffix(';').map(|n| CustomHeader::Empty(n.to_string()))
}

/// The command line, parsed.
#[derive(Default)]
struct Args {
    silent: bool,
    show_error: bool,
    verbose: bool,
    head: bool,
    include: bool,
    fail: bool,
    ipv4_only: bool,
    no_buffer: bool,
    no_progress_meter: bool,
    remote_name: bool,
    headers: Vec<CustomHeader>,
    method: Option<String>,
    data: Option<String>,
    max_time: Option<Duration>,
    connect_timeout: Option<Duration>,
    output: Option<String>,
    output_dir: Option<String>,
    write_out: Option<String>,
    dump_header: Option<String>,
    /// `--resolve HOST:PORT:ADDR` entries, as given.
    resolve: Vec<String>,
    /// `-A`: the User-Agent (empty: none).
    user_agent: Option<String>,
    urls: Vec<String>,
}

/// Real curl options mesh does not carry out: refused by name rather than
/// called unknown.
const UNMODELLED_OPTIONS: [&str; 44] = [
    "-u",
    "--user",
    "-e",
    "--referer",
    "-b",
    "--cookie",
    "-c",
    "--cookie-jar",
    "-x",
    "--proxy",
    "-r",
    "--range",
    "-T",
    "--upload-file",
    "-F",
    "--form",
    "-G",
    "--get",
    "-Z",
    "--parallel",
    "-C",
    "--continue-at",
    "-K",
    "--config",
    "-n",
    "--netrc",
    "-z",
    "--time-cond",
    "-0",
    "--http1.0",
    "--http2",
    "--compressed",
    "--retry",
    "--limit-rate",
    "-#",
    "--progress-bar",
    "-6",
    "--ipv6",
    "-j",
    "--junk-session-cookies",
    "-R",
    "--remote-time",
    "--interface",
    "--local-port",
];

/// Parse curl's options; `Err` is curl's own complaint.
fn parse_args(v: CurlVersion, argv: &[String]) -> Result<Args, CmdOutput> {
    let new = v == CurlVersion::V7_88_1;
    let mut a = Args::default();
    let mut args = argv.iter().skip(1).peekable();
    while let Some(arg) = args.next() {
        // Long options, then groups of short ones.
        let names: Vec<String> = if arg.starts_with("--") {
            vec![arg.clone()]
        } else if arg.starts_with('-') && arg.len() > 1 {
            arg.chars().skip(1).map(|c| format!("-{c}")).collect()
        } else {
            a.urls.push(arg.clone());
            continue;
        };
        let mut i = 0;
        while i < names.len() {
            let opt = names[i].as_str();
            let long_or_rest: Option<String> =
                if opt.starts_with("--") { None } else { Some(names[i + 1..].iter().map(|x| &x[1..]).collect::<String>()).filter(|r| !r.is_empty()) };
            // An option's parameter: the rest of a short group, or the next argument.
            let mut used_rest = false;
            let mut param = || -> Result<String, CmdOutput> {
                used_rest = true;
                match &long_or_rest {
                    Some(r) => Ok(r.clone()),
                    None => args.next().cloned().ok_or_else(|| missing_parameter(opt)),
                }
            };
            match opt {
                "-s" | "--silent" => a.silent = true,
                "-S" | "--show-error" => a.show_error = true,
                "-v" | "--verbose" => a.verbose = true,
                "-I" | "--head" => a.head = true,
                "-i" | "--include" => a.include = true,
                "-f" | "--fail" => a.fail = true,
                "-4" | "--ipv4" => a.ipv4_only = true,
                "-N" | "--no-buffer" => a.no_buffer = true,
                "-O" | "--remote-name" => a.remote_name = true,
                "--no-progress-meter" if new => a.no_progress_meter = true,
                "-k" | "--insecure" | "-L" | "--location" => {}
                "-H" | "--header" => a.headers.extend(custom_header(&param()?)),
                "-X" | "--request" => a.method = Some(param()?),
                "-d" | "--data" | "--data-raw" | "--data-binary" | "--data-ascii" => {
                    let d = param()?;
                    a.data = Some(match a.data.take() {
                        Some(prev) => format!("{prev}&{d}"),
                        None => d,
                    });
                }
                "-o" | "--output" => {
                    let o = param()?;
                    a.output.get_or_insert(o);
                }
                "--output-dir" if new => a.output_dir = Some(param()?),
                "-w" | "--write-out" => a.write_out = Some(param()?),
                "-D" | "--dump-header" => a.dump_header = Some(param()?),
                "-m" | "--max-time" => a.max_time = Some(parse_secs(opt, param().ok().as_ref(), false)?),
                "--connect-timeout" => a.connect_timeout = Some(parse_secs(opt, param().ok().as_ref(), true)?),
                "-A" | "--user-agent" => {
                    a.user_agent = Some(param()?);
                }
                "--resolve" => a.resolve.push(param()?),
                _ if UNMODELLED_OPTIONS.contains(&opt) => return Err(CmdOutput::err(format!("mesh: curl {opt} is not modelled\n"), 2)),
                _ => return Err(CmdOutput::err(format!("curl: option {arg}: is unknown\n{TRY_HELP}"), 2)),
            }
            if used_rest && long_or_rest.is_some() {
                break;
            }
            i += 1;
        }
    }
    Ok(a)
}

/// `-w @FILE`: the format read as curl's `file2string` does (each line
/// without its line end), or the warning for a file that is not there.
fn read_format(s: &Session, exec: &Exec, arg: &str, silent: bool) -> Result<(Option<String>, String), CmdOutput> {
    let Some(name) = arg.strip_prefix('@') else {
        return Ok((Some(arg.to_string()), String::new()));
    };
    if name == "-" {
        return Err(CmdOutput::err("mesh: curl -w @- (the format from stdin) is not modelled\n", 2));
    }
    match s.files.get(&(exec.host, name.to_string())) {
        Some(text) if !text.is_empty() => Ok((Some(text.split('\n').map(|l| l.split('\r').next().unwrap_or("")).collect()), String::new())),
        _ => {
            // warnf without a newline, as curl writes it.
            let w = if silent { String::new() } else { format!("Warning: Failed to read {name}") };
            Ok((None, w))
        }
    }
}

/// Run `curl` with an explicit environment.
pub fn run_with(s: &mut Session, argv: &[String], exec: &Exec, env: &CurlEnv<'_>) -> CmdOutput {
    let version = env.version;
    let old = version == CurlVersion::V7_58_0;
    let a = match parse_args(version, argv) {
        Ok(a) => a,
        Err(e) => return e,
    };
    let Some(url) = a.urls.first().cloned() else {
        // `curl` alone only points at the help; with options but no URL
        // the tool says so (`operate` in src/tool_operate.c, both versions).
        let msg = if argv.len() > 1 { format!("curl: no URL specified!\n{TRY_HELP}") } else { TRY_HELP.to_string() };
        return CmdOutput::err(msg, 2);
    };
    // Written by the tool while it reads its arguments, before any transfer.
    let mut preamble = String::new();
    let inferred = if a.data.is_some() {
        "POST"
    } else if a.head {
        "HEAD"
    } else {
        "GET"
    };
    if let Some(m) = a.method.as_ref().filter(|_| !a.silent) {
        if m == inferred && a.verbose {
            preamble.push_str(&format!("Note: Unnecessary use of -X or --request, {m} is already inferred.\n"));
        } else if m == "HEAD" {
            preamble
                .push_str(&warning("Setting custom HTTP method to HEAD with -X/--request may not work the way you want. Consider using -I/--head instead.\n"));
        }
    }
    let write_out = match a.write_out.as_deref().map(|w| read_format(s, exec, w, a.silent)) {
        Some(Ok((format, w))) => {
            preamble.push_str(&w);
            format
        }
        Some(Err(e)) => return e,
        None => None,
    };
    let shows_errors = !a.silent || a.show_error;
    // The output file: -o's name, or the URL's (-O), in --output-dir.
    let out_name = match (&a.output, a.remote_name) {
        (Some(o), _) if o != "-" => Some(o.clone()),
        (Some(_), _) => None,
        (None, true) => {
            let name = remote_name(version, &url);
            if name.is_empty() {
                let mut err = preamble;
                if old {
                    err.push_str(&format!("curl: Remote file name has no length!\n{TRY_HELP}"));
                } else {
                    if !a.silent {
                        err.push_str("curl: Remote file name has no length!\n");
                    }
                    if shows_errors {
                        err.push_str("curl: (23) Failed writing received data to disk/application\n");
                    }
                }
                return CmdOutput::err(err, 23);
            }
            Some(name)
        }
        (None, false) => None,
    };
    let out_path = out_name.map(|n| match &a.output_dir {
        Some(d) if !d.is_empty() => format!("{d}/{n}"),
        _ => n,
    });
    let output = match &out_path {
        Some(p) => Output::File { name: p.clone(), open: s.check_write(p, exec) },
        None => Output::Stdout,
    };
    // -D FILE is opened (emptied) before the transfer.
    let dump_header = match a.dump_header.as_deref() {
        None => None,
        Some("-") => Some(HeaderDump::Stdout),
        Some(file) => match s.write_file(file, "", false, exec) {
            Ok(()) => Some(HeaderDump::File),
            Err(_) => {
                let mut err = preamble;
                if !a.silent {
                    err.push_str(&warning(&format!("Failed to open {file}\n")));
                }
                if !old && shows_errors {
                    err.push_str("curl: (23) Failed writing received data to disk/application\n");
                }
                return CmdOutput::err(err, 23);
            }
        },
    };
    let body_on_terminal = output == Output::Stdout && exec.stdout_tty;
    // `--resolve HOST:PORT:ADDR` fills libcurl's DNS cache; an entry that
    // does not parse fails 7.88.1's transfer (CURLE_SETOPT_OPTION_SYNTAX),
    // 7.58.0 skips it.
    let mut resolve_added = Vec::new();
    let mut resolve_error = None;
    let mut cache: Vec<(String, u16, Ipv4Addr)> = Vec::new();
    for entry in &a.resolve {
        let parsed = entry.split_once(':').and_then(|(h, rest)| {
            let (p, addr) = rest.split_once(':')?;
            Some((h.to_string(), p.parse::<u16>().ok()?, addr.parse::<Ipv4Addr>().ok()?))
        });
        match parsed {
            Some(e) => {
                resolve_added.push(format!("Added {entry} to DNS cache"));
                cache.push(e);
            }
            None if !old => {
                resolve_error.get_or_insert_with(|| format!("Couldn't parse CURLOPT_RESOLVE entry '{entry}'"));
            }
            None => {}
        }
    }
    let mut from_cache = false;
    let (host, port, path, rebuilt_url, url_effective, target) = match parse_url(version, &url) {
        Err((code, message)) => (String::new(), 0, String::new(), None, url.clone(), Target::Invalid { code, message }),
        Ok(u) if resolve_error.is_some() => {
            let message = resolve_error.clone().unwrap_or_default();
            (u.host, u.port, u.path, u.rebuilt, u.effective, Target::Invalid { code: 49, message })
        }
        Ok(u) if cache.iter().any(|(h, p, _)| h.eq_ignore_ascii_case(&u.host) && *p == u.port) => {
            from_cache = true;
            let ip = cache.iter().find(|(h, p, _)| h.eq_ignore_ascii_case(&u.host) && *p == u.port).map_or(Ipv4Addr::UNSPECIFIED, |e| e.2);
            (u.host, u.port, u.path, u.rebuilt, u.effective, Target::Addr(ip))
        }
        Ok(u) => {
            let target = match u.host.parse::<Ipv4Addr>() {
                Ok(ip) => Target::Addr(ip),
                Err(_) => match ((env.hosts)(&u.host), env.nameserver) {
                    (Some(ip), _) => Target::Addr(ip),
                    (None, Some(ns)) => Target::Dns { server: (ns, 53) },
                    (None, None) => Target::Unresolvable,
                },
            };
            (u.host, u.port, u.path, u.rebuilt, u.effective, target)
        }
    };
    let files = Rc::new(RefCell::new(CurlFiles::default()));
    let opts = CurlOpts {
        version,
        url: url.clone(),
        url_effective,
        host,
        port,
        path,
        rebuilt_url,
        resolve_added,
        from_cache,
        user_agent: a.user_agent,
        target,
        method: a.method.clone().unwrap_or_else(|| inferred.to_string()),
        head: a.head,
        include: a.include,
        headers: a.headers,
        data: a.data,
        verbose: a.verbose,
        silent: a.silent,
        show_error: a.show_error,
        fail: a.fail,
        max_time: a.max_time,
        connect_timeout: a.connect_timeout,
        ipv4_only: a.ipv4_only,
        output,
        stdout_mode: if a.no_buffer {
            StdoutMode::Unbuffered
        } else if exec.stdout_tty {
            StdoutMode::Line
        } else {
            StdoutMode::Full
        },
        meter: !a.silent && !a.no_progress_meter && !body_on_terminal,
        body_on_terminal,
        write_out,
        dump_header,
        files: Rc::clone(&files),
    };
    let h = exec.host;
    let app = s.world.with_kernel(h, |k| k.app_start(exec.netns, Box::new(Curl::new(opts))));
    // Without -m, curl would wait as long as the server keeps the connection
    // open; mesh stops waiting after ten virtual minutes.
    let limit = a.max_time.map(|m| m + Duration::from_secs(1)).unwrap_or(Duration::from_secs(600));
    let end = s.world.now + limit;
    s.world.run_until(|w| w.kernel(h).app_finished(app).is_some(), end, crate::sim::DEFAULT_BUDGET);
    let out = s.world.kernel(h).app_finished(app);
    s.world.with_kernel(h, |k| k.app_kill(app));
    let out = out.unwrap_or_else(|| CmdOutput::err("mesh: curl was still waiting after 600 s and was stopped (as with Ctrl-C)\n", 130));
    // What curl left in files, as it closes them at exit.
    let files = files.borrow();
    if let (Some(p), Some(body)) = (&out_path, &files.body) {
        // The file could be created, so the store takes it.
        let _ = s.write_file(p, &String::from_utf8_lossy(body), false, exec);
    }
    if let (Some(HeaderDump::File), Some(file)) = (dump_header, &a.dump_header) {
        let _ = s.write_file(file, &String::from_utf8_lossy(&files.headers), true, exec);
    }
    if preamble.is_empty() {
        return out;
    }
    let mut pieces = vec![(Stream::Stderr, preamble)];
    pieces.extend(out.pieces().into_iter().map(|(st, t)| (st, t.to_string())));
    CmdOutput::from_pieces(pieces, out.status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_like_curl() {
        let v = CurlVersion::V7_58_0;
        let u = parse_url(v, "172.19.177.14:8080").expect("url");
        assert_eq!((u.host.as_str(), u.port, u.path.as_str(), u.rebuilt.as_deref()), ("172.19.177.14", 8080, "/", Some("172.19.177.14:8080/")));
        let u = parse_url(v, "http://web/x?y=1#frag").expect("url");
        assert_eq!((u.host.as_str(), u.port, u.path.as_str(), u.rebuilt), ("web", 80, "/x?y=1", None));
        let u = parse_url(v, "http://10.0.0.5?env=true").expect("url");
        assert_eq!((u.path.as_str(), u.rebuilt.as_deref()), ("/?env=true", Some("http://10.0.0.5/?env=true")));
        assert_eq!(parse_url(v, "http://10.0.0.5:8x/"), Err((3, "Port number ended with 'x'".into())));
        assert_eq!(parse_url(v, "http://10.0.0.5:99999/"), Err((3, "Port number too large: 99999".into())));
        assert_eq!(parse_url(CurlVersion::V7_88_1, "http://"), Err((3, "URL using bad/illegal format or missing URL".into())));
        assert_eq!(parse_url(v, "ftp2://x"), Err((1, "Protocol \"ftp2\" not supported or disabled in libcurl".into())));
        assert_eq!(parse_url(v, "ftp://x"), Err((1, "mesh: curl's FTP protocol is not modelled; use http://".into())));
        let port0 = parse_url(v, "http://x:0/").expect("port 0 parses");
        assert_eq!(port0.port, 0);
        assert_eq!(parse_url(v, "https://x"), Err((1, "mesh: HTTPS is not modelled (no TLS); use http://".into())));
        assert_eq!(parse_url(v, "http://[::1]:80/"), Err((1, "mesh: IPv6 is not modelled (the machines have IPv4 only)".into())));
    }
}

/// A two-namespace lab for the client tools' tests: the client in `a`
/// (10.0.0.1/24 on `va`), servers in `b` (10.0.0.2/24 on `vb`).
#[cfg(test)]
pub(crate) mod testbed {
    use std::net::Ipv4Addr;

    use crate::kernel::app::{App, AppIo};
    use crate::kernel::socket::SockId;
    use crate::kernel::{IfAddr, Kernel, LinkSpec, NetnsId, Scope};
    use crate::shell::{Exec, Session};

    pub struct Lab {
        pub s: Session,
        pub a: NetnsId,
        pub b: NetnsId,
    }

    fn addr(k: &mut Kernel, ns: NetnsId, dev: &str, cidr: &str) {
        let c: crate::net::Ipv4Cidr = cidr.parse().expect("cidr");
        let d = k.dev_by_name(ns, dev).expect("dev");
        k.addr_add(
            d,
            IfAddr {
                local: c.addr,
                prefix_len: c.prefix_len,
                broadcast: None,
                scope: if c.addr.is_loopback() { Scope::Host } else { Scope::Global },
                label: String::new(),
                secondary: false,
                noprefixroute: false,
                origin: None,
            },
        )
        .expect("addr");
    }

    impl Lab {
        pub fn new() -> Lab {
            let mut s = Session::bare_host(7);
            let h = s.ctx().host;
            let (a, b) = s.world.with_kernel(h, |k| {
                let a = k.netns_create();
                let b = k.netns_create();
                k.link_add(a, "va", LinkSpec::Veth { peer_name: "vb".into(), peer_netns: Some(b), peer_mac: None }, None).expect("veth");
                addr(k, a, "va", "10.0.0.1/24");
                addr(k, b, "vb", "10.0.0.2/24");
                for (ns, d) in [(a, "va"), (b, "vb"), (a, "lo"), (b, "lo")] {
                    let id = k.dev_by_name(ns, d).expect("dev");
                    k.dev_set_up(id, true).expect("up");
                }
                (a, b)
            });
            Lab { s, a, b }
        }
        /// The client's context (a node's shell, or a container's with DNS).
        pub fn exec(&self, container: bool) -> Exec {
            Exec { host: self.s.ctx().host, netns: self.a, root: true, container: container.then(|| "c0ffee".to_string()), stdout_tty: true }
        }
        pub fn start(&mut self, ns: NetnsId, app: Box<dyn App>) {
            let h = self.s.ctx().host;
            self.s.world.with_kernel(h, |k| k.app_start(ns, app));
        }
        pub fn add_addr(&mut self, ns: NetnsId, dev: &str, cidr: &str) {
            let h = self.s.ctx().host;
            self.s.world.with_kernel(h, |k| addr(k, ns, dev, cidr));
        }
        pub fn run(&mut self, line: &str, container: bool) -> crate::output::CmdOutput {
            let exec = self.exec(container);
            self.run_exec(line, &exec)
        }
        /// Run with stdout on a pipe or a file (`… | cat`, `… > f`).
        pub fn run_piped(&mut self, line: &str, container: bool) -> crate::output::CmdOutput {
            let exec = Exec { stdout_tty: false, ..self.exec(container) };
            self.run_exec(line, &exec)
        }
        fn run_exec(&mut self, line: &str, exec: &Exec) -> crate::output::CmdOutput {
            let argv = shell_words::split(line).expect("words");
            let exec = exec.clone();
            match argv[0].as_str() {
                "curl" => super::run(&mut self.s, &argv, &exec),
                "wget" => crate::tools::wget::run(&mut self.s, &argv, &exec),
                "nslookup" => crate::tools::nslookup::run(&mut self.s, &argv, &exec),
                other => panic!("{other}"),
            }
        }
        /// A permanent neighbour entry for an address nobody owns: frames
        /// leave, nothing answers.
        pub fn ghost_neighbour(&mut self, ip: &str) {
            let h = self.s.ctx().host;
            let a = self.a;
            self.s.world.with_kernel(h, |k| {
                let dev = k.dev_by_name(a, "va").expect("va");
                let ip: Ipv4Addr = ip.parse().expect("ip");
                let now = k.now;
                k.netns_mut(a).neigh.entries.insert(
                    (dev, ip),
                    crate::kernel::Neigh {
                        ip,
                        dev,
                        lladdr: Some(crate::wire::EthernetAddress([2, 0, 0, 0, 0, 7])),
                        state: crate::kernel::NudState::Permanent,
                        updated: now,
                        confirmed: Some(now),
                        reachable_time: crate::time::Duration::from_secs(30),
                        probes: 0,
                        router: false,
                        queue: Vec::new(),
                        origin: None,
                    },
                );
            });
        }
    }

    /// What a misbehaving test server does with each connection.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Misbehave {
        /// Close without answering (an empty reply).
        Close,
        /// Reset the connection.
        Reset,
        /// Read the request and never answer.
        Hold,
        /// Send a head announcing 100 bytes, 3 bytes, then reset.
        ResetMidBody,
    }

    #[derive(Debug)]
    pub struct BadServer {
        pub port: u16,
        pub how: Misbehave,
        pub listener: Option<SockId>,
        pub conns: Vec<SockId>,
    }

    impl BadServer {
        pub fn new(port: u16, how: Misbehave) -> BadServer {
            BadServer { port, how, listener: None, conns: Vec::new() }
        }
    }

    impl App for BadServer {
        fn name(&self) -> &str {
            "bad"
        }
        fn poll(&mut self, io: &mut AppIo<'_>) {
            let ns = io.netns;
            if self.listener.is_none() {
                let l = io.kernel.tcp_listen(ns, Ipv4Addr::UNSPECIFIED, self.port, 16).expect("listen");
                io.own(l);
                self.listener = Some(l);
            }
            let Some(l) = self.listener else { return };
            while let Some(c) = io.kernel.tcp_accept(ns, l) {
                io.own(c);
                self.conns.push(c);
            }
            for c in self.conns.clone() {
                let got = io.kernel.tcp_recv(ns, c);
                if got.is_empty() {
                    continue;
                }
                match self.how {
                    Misbehave::Close => io.kernel.tcp_close(ns, c),
                    Misbehave::Reset => io.kernel.tcp_abort(ns, c),
                    Misbehave::Hold => {}
                    Misbehave::ResetMidBody => {
                        io.kernel.tcp_send(ns, c, b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc");
                        io.kernel.tcp_abort(ns, c);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod e2e {
    use super::testbed::{BadServer, Lab, Misbehave};
    use crate::apps::whoami::{Whoami, WhoamiConfig};

    fn whoami_lab() -> Lab {
        let mut lab = Lab::new();
        let mut c = WhoamiConfig::new("3a0d0ab2c13b");
        c.port = 8080;
        let b = lab.b;
        lab.start(b, Box::new(Whoami::new(c)));
        lab
    }

    /// The client port whoami saw, from its `RemoteAddr:` line.
    fn remote_port(body: &str) -> u16 {
        let line = body.lines().find(|l| l.starts_with("RemoteAddr: 10.0.0.1:")).expect("RemoteAddr");
        line["RemoteAddr: 10.0.0.1:".len()..].parse().expect("port")
    }

    const DATE: &str = "Fri, 17 Nov 2023 09:10:";

    #[test]
    fn curl_7_58_gets_the_whoami_body() {
        let mut lab = whoami_lab();
        let out = lab.run("curl 10.0.0.2:8080", false);
        assert_eq!((out.status, out.stderr.as_str()), (0, ""));
        let port = remote_port(&out.stdout);
        assert!((32768..=60999).contains(&port) && port.is_multiple_of(2), "{port}");
        let expected = format!(
            "Hostname: 3a0d0ab2c13b\nIP: 127.0.0.1\nIP: 10.0.0.2\nRemoteAddr: 10.0.0.1:{port}\nGET / HTTP/1.1\r\nHost: 10.0.0.2:8080\r\nUser-Agent: curl/7.58.0\r\nAccept: */*\r\n\r\n"
        );
        assert_eq!(out.stdout, expected);
    }

    #[test]
    fn curl_verbose_traces_of_both_versions() {
        let mut lab = whoami_lab();
        let out = lab.run("curl -v 10.0.0.2:8080", false);
        let len = out.stdout.len();
        let date_line = out.stderr.lines().find(|l| l.starts_with("< Date: ")).expect("date").to_string();
        assert!(date_line.starts_with(&format!("< Date: {DATE}")), "{date_line}");
        let expected = format!(
            "* Rebuilt URL to: 10.0.0.2:8080/\n*   Trying 10.0.0.2...\n* TCP_NODELAY set\n* Connected to 10.0.0.2 (10.0.0.2) port 8080 (#0)\n> GET / HTTP/1.1\r\n> Host: 10.0.0.2:8080\r\n> User-Agent: curl/7.58.0\r\n> Accept: */*\r\n> \r\n< HTTP/1.1 200 OK\r\n{date_line}\r\n< Content-Length: {len}\r\n< Content-Type: text/plain; charset=utf-8\r\n< \r\n* Connection #0 to host 10.0.0.2 left intact\n"
        );
        assert_eq!(out.stderr, expected);
        let out = lab.run("curl -v -s http://10.0.0.2:8080/", true);
        let len = out.stdout.len();
        let date_line = out.stderr.lines().find(|l| l.starts_with("< Date: ")).expect("date").to_string();
        let expected = format!(
            "*   Trying 10.0.0.2:8080...\n* Connected to 10.0.0.2 (10.0.0.2) port 8080 (#0)\n> GET / HTTP/1.1\r\n> Host: 10.0.0.2:8080\r\n> User-Agent: curl/7.88.1\r\n> Accept: */*\r\n> \r\n< HTTP/1.1 200 OK\r\n{date_line}\r\n< Content-Length: {len}\r\n< Content-Type: text/plain; charset=utf-8\r\n< \r\n* Connection #0 to host 10.0.0.2 left intact\n"
        );
        assert_eq!(out.stderr, expected);
    }

    #[test]
    fn curl_head_and_include_print_the_header_block() {
        let mut lab = whoami_lab();
        let out = lab.run("curl -I 10.0.0.2:8080", false);
        assert_eq!(out.status, 0);
        let lines: Vec<&str> = out.stdout.split_inclusive('\n').collect();
        assert_eq!(lines.len(), 5, "{:?}", out.stdout);
        assert_eq!(lines[0], "HTTP/1.1 200 OK\r\n");
        assert!(lines[1].starts_with(&format!("Date: {DATE}")) && lines[1].ends_with(" GMT\r\n"));
        assert!(lines[2].starts_with("Content-Length: ") && lines[2].ends_with("\r\n"));
        assert_eq!((lines[3], lines[4]), ("Content-Type: text/plain; charset=utf-8\r\n", "\r\n"));
        let out = lab.run("curl -i 10.0.0.2:8080/x", true);
        assert!(out.stdout.starts_with("HTTP/1.1 200 OK\r\nDate: "));
        assert!(out.stdout.contains("\r\n\r\nHostname: 3a0d0ab2c13b\n"));
        assert!(out.stdout.ends_with("GET /x HTTP/1.1\r\nHost: 10.0.0.2:8080\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n"));
    }

    #[test]
    fn curl_post_with_headers_is_echoed_by_whoami() {
        let mut lab = whoami_lab();
        let out = lab.run("curl -s -d a=b -H 'X-Foo: bar' 10.0.0.2:8080", true);
        assert!(out.stdout.ends_with("POST / HTTP/1.1\r\nHost: 10.0.0.2:8080\r\nUser-Agent: curl/7.88.1\r\nContent-Length: 3\r\nAccept: */*\r\nContent-Type: application/x-www-form-urlencoded\r\nX-Foo: bar\r\n\r\na=b"), "{}", out.stdout);
        let out = lab.run("curl -v -d a=b 10.0.0.2:8080", false);
        assert!(out.stderr.contains("> Content-Length: 3\r\n> Content-Type: application/x-www-form-urlencoded\r\n> \r\n* upload completely sent off: 3 out of 3 bytes\n< HTTP/1.1 200 OK\r\n"), "{}", out.stderr);
    }

    #[test]
    fn connection_refused() {
        let mut lab = Lab::new();
        let out = lab.run("curl 10.0.0.2:81", false);
        assert_eq!((out.status, out.stderr.as_str()), (7, "curl: (7) Failed to connect to 10.0.0.2 port 81: Connection refused\n"));
        let out = lab.run("curl -v 10.0.0.2:81", false);
        assert_eq!(
            out.stderr,
            "* Rebuilt URL to: 10.0.0.2:81/\n*   Trying 10.0.0.2...\n* TCP_NODELAY set\n* connect to 10.0.0.2 port 81 failed: Connection refused\n* Failed to connect to 10.0.0.2 port 81: Connection refused\n* Closing connection 0\ncurl: (7) Failed to connect to 10.0.0.2 port 81: Connection refused\n"
        );
        let out = lab.run("curl -v 10.0.0.2:81", true);
        assert_eq!(
            out.stderr,
            "*   Trying 10.0.0.2:81...\n* connect to 10.0.0.2 port 81 failed: Connection refused\n* Failed to connect to 10.0.0.2 port 81 after 0 ms: Couldn't connect to server\n* Closing connection 0\ncurl: (7) Failed to connect to 10.0.0.2 port 81 after 0 ms: Couldn't connect to server\n"
        );
        let out = lab.run("curl -s 10.0.0.2:81", true);
        assert_eq!((out.status, out.stderr.as_str()), (7, ""));
        let out = lab.run("curl -sS 10.0.0.2:81", true);
        assert_eq!(out.stderr, "curl: (7) Failed to connect to 10.0.0.2 port 81 after 0 ms: Couldn't connect to server\n");
    }

    #[test]
    fn arp_failure_is_no_route_to_host() {
        let mut lab = Lab::new();
        let out = lab.run("curl 10.0.0.9", false);
        assert_eq!((out.status, out.stderr.as_str()), (7, "curl: (7) Failed to connect to 10.0.0.9 port 80: No route to host\n"));
        let out = lab.run("curl -v 10.0.0.8", true);
        assert_eq!(out.status, 7);
        assert_eq!(
            out.stderr,
            "*   Trying 10.0.0.8:80...\n* connect to 10.0.0.8 port 80 failed: No route to host\n* Failed to connect to 10.0.0.8 port 80 after 3000 ms: Couldn't connect to server\n* Closing connection 0\ncurl: (7) Failed to connect to 10.0.0.8 port 80 after 3000 ms: Couldn't connect to server\n"
        );
    }

    #[test]
    fn no_route_at_all_is_network_unreachable() {
        let mut lab = Lab::new();
        let out = lab.run("curl -v 10.99.0.9", false);
        assert_eq!(
            out.stderr,
            "* Rebuilt URL to: 10.99.0.9/\n*   Trying 10.99.0.9...\n* TCP_NODELAY set\n* Immediate connect fail for 10.99.0.9: Network is unreachable\n* Failed to connect to 10.99.0.9 port 80: Network is unreachable\n* Closing connection 0\ncurl: (7) Failed to connect to 10.99.0.9 port 80: Network is unreachable\n"
        );
        let out = lab.run("curl 10.99.0.9", true);
        assert_eq!((out.status, out.stderr.as_str()), (7, "curl: (7) Failed to connect to 10.99.0.9 port 80 after 0 ms: Couldn't connect to server\n"));
    }

    #[test]
    fn connect_timeouts() {
        let mut lab = Lab::new();
        lab.ghost_neighbour("10.0.0.7");
        let out = lab.run("curl --connect-timeout 1.5 10.0.0.7", true);
        assert_eq!((out.status, out.stderr.as_str()), (28, "curl: (28) Failed to connect to 10.0.0.7 port 80 after 1500 ms: Timeout was reached\n"));
        let out = lab.run("curl -v --connect-timeout 1.5 10.0.0.7", true);
        assert_eq!(
            out.stderr,
            "*   Trying 10.0.0.7:80...\n* ipv4 connect timeout after 1500ms, move on!\n* Failed to connect to 10.0.0.7 port 80 after 1500 ms: Timeout was reached\n* Closing connection 0\ncurl: (28) Failed to connect to 10.0.0.7 port 80 after 1500 ms: Timeout was reached\n"
        );
        let out = lab.run("curl --connect-timeout 1.5 10.0.0.7", false);
        assert_eq!((out.status, out.stderr.as_str()), (28, "curl: (28) Connection timed out after 1500 milliseconds\n"));
        let out = lab.run("curl -m 2 10.0.0.7", true);
        assert_eq!((out.status, out.stderr.as_str()), (28, "curl: (28) Connection timed out after 2000 milliseconds\n"));
    }

    #[test]
    fn kernel_syn_timeout() {
        let mut lab = Lab::new();
        lab.ghost_neighbour("10.0.0.7");
        let out = lab.run("curl 10.0.0.7", false);
        assert_eq!((out.status, out.stderr.as_str()), (7, "curl: (7) Failed to connect to 10.0.0.7 port 80: Connection timed out\n"));
        let out = lab.run("curl 10.0.0.7", true);
        assert_eq!(out.status, 28);
        assert_eq!(out.stderr, "curl: (28) Failed to connect to 10.0.0.7 port 80 after 127000 ms: Couldn't connect to server\n");
    }

    #[test]
    fn empty_reply_reset_and_max_time() {
        let mut lab = Lab::new();
        let b = lab.b;
        lab.start(b, Box::new(BadServer::new(81, Misbehave::Close)));
        lab.start(b, Box::new(BadServer::new(82, Misbehave::Reset)));
        lab.start(b, Box::new(BadServer::new(83, Misbehave::Hold)));
        lab.start(b, Box::new(BadServer::new(85, Misbehave::ResetMidBody)));
        let out = lab.run("curl 10.0.0.2:81", false);
        assert_eq!((out.status, out.stderr.as_str()), (52, "curl: (52) Empty reply from server\n"));
        let out = lab.run("curl -v 10.0.0.2:81", false);
        assert!(
            out.stderr.ends_with("> \r\n* Empty reply from server\n* Connection #0 to host 10.0.0.2 left intact\ncurl: (52) Empty reply from server\n"),
            "{}",
            out.stderr
        );
        let out = lab.run("curl -v 10.0.0.2:81", true);
        assert!(out.stderr.ends_with("> \r\n* Empty reply from server\n* Closing connection 0\ncurl: (52) Empty reply from server\n"), "{}", out.stderr);
        let out = lab.run("curl 10.0.0.2:82", true);
        assert_eq!((out.status, out.stderr.as_str()), (56, "curl: (56) Recv failure: Connection reset by peer\n"));
        let out = lab.run("curl -v 10.0.0.2:82", false);
        assert!(out.stderr.ends_with("> \r\n* Recv failure: Connection reset by peer\n* stopped the pause stream!\n* Closing connection 0\ncurl: (56) Recv failure: Connection reset by peer\n"), "{}", out.stderr);
        let out = lab.run("curl 10.0.0.2:85", true);
        assert_eq!((out.status, out.stdout.as_str(), out.stderr.as_str()), (56, "abc", "curl: (56) Recv failure: Connection reset by peer\n"));
        let out = lab.run("curl -m 2 10.0.0.2:83", true);
        assert_eq!((out.status, out.stderr.as_str()), (28, "curl: (28) Operation timed out after 2000 milliseconds with 0 bytes received\n"));
        let out = lab.run("curl -v -m 2 10.0.0.2:83", true);
        assert!(out.stderr.ends_with("> \r\n* Operation timed out after 2000 milliseconds with 0 bytes received\n* Closing connection 0\ncurl: (28) Operation timed out after 2000 milliseconds with 0 bytes received\n"), "{}", out.stderr);
    }

    #[test]
    fn names_urls_and_options() {
        let mut lab = Lab::new();
        let out = lab.run("curl foo", false);
        assert_eq!((out.status, out.stderr.as_str()), (6, "curl: (6) Could not resolve host: foo\n"));
        let out = lab.run("curl -v foo", false);
        assert_eq!(out.stderr, "* Rebuilt URL to: foo/\n* Could not resolve host: foo\n* Closing connection 0\ncurl: (6) Could not resolve host: foo\n");
        let out = lab.run("curl http://", true);
        assert_eq!((out.status, out.stderr.as_str()), (3, "curl: (3) URL using bad/illegal format or missing URL\n"));
        let out = lab.run("curl -v http://", true);
        assert_eq!(out.stderr, "* Closing connection -1\ncurl: (3) URL using bad/illegal format or missing URL\n");
        let out = lab.run("curl", true);
        assert_eq!((out.status, out.stderr.as_str()), (2, "curl: try 'curl --help' or 'curl --manual' for more information\n"));
        let out = lab.run("curl --bogus 10.0.0.2", true);
        assert_eq!(
            (out.status, out.stderr.as_str()),
            (2, "curl: option --bogus: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n")
        );
        let out = lab.run("curl -m abc 10.0.0.2", true);
        assert_eq!(out.stderr, "curl: option -m: expected a proper numerical parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n");
        let out = lab.run("curl -m", true);
        assert_eq!(out.stderr, "curl: option -m: requires parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n");
        let out = lab.run("curl --connect-timeout -1 10.0.0.2", true);
        assert_eq!(
            out.stderr,
            "curl: option --connect-timeout: expected a positive numerical parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n"
        );
        let out = lab.run("curl ftp2://x", true);
        assert_eq!((out.status, out.stderr.as_str()), (1, "curl: (1) Protocol \"ftp2\" not supported or disabled in libcurl\n"));
        // The note is voutf's, which -s silences (checked on 7.88.1).
        let out = lab.run("curl -sv -XGET 10.99.0.1", true);
        assert!(out.stderr.starts_with("*   Trying 10.99.0.1:80...\n"), "{}", out.stderr);
        let out = lab.run("curl -v -XGET 10.99.0.1", true);
        assert!(out.stderr.starts_with("Note: Unnecessary use of -X or --request, GET is already inferred.\n*   Trying 10.99.0.1:80...\n"), "{}", out.stderr);
    }

    #[test]
    fn names_resolve_through_the_embedded_dns_in_a_container() {
        use crate::apps::dns::{EmbeddedDns, NameTable, Upstream};
        let mut lab = whoami_lab();
        let a = lab.a;
        lab.add_addr(a, "lo", "127.0.0.11/8");
        let mut t = NameTable::default();
        t.insert("web", &["10.0.0.2".parse().expect("ip")]);
        lab.start(a, Box::new(EmbeddedDns::new("127.0.0.11".parse().expect("ip"), 53, 53, Box::new(t), Upstream::NxDomain, 1)));
        let out = lab.run("curl -s http://web:8080/", true);
        assert_eq!(out.status, 0, "{out:?}");
        assert!(out.stdout.contains("Host: web:8080\r\n"));
        let out = lab.run("curl http://nope:8080/", true);
        assert_eq!((out.status, out.stderr.as_str()), (6, "curl: (6) Could not resolve host: nope\n"));
    }

    #[test]
    fn nginx_default_page_through_curl() {
        use crate::apps::http::{http_date, wall_clock};
        use crate::apps::nginx::{INDEX_HTML, Nginx};
        let mut lab = Lab::new();
        let b = lab.b;
        lab.start(b, Box::new(Nginx::new(80)));
        let out = lab.run("curl -I 10.0.0.2", false);
        let h = lab.s.ctx().host;
        let date = http_date(wall_clock(lab.s.world.kernel(h)));
        assert_eq!(
            out.stdout,
            format!(
                "HTTP/1.1 200 OK\r\nServer: nginx/1.25.3\r\nDate: {date}\r\nContent-Type: text/html\r\nContent-Length: 615\r\nLast-Modified: Tue, 24 Oct 2023 13:46:47 GMT\r\nConnection: keep-alive\r\nETag: \"6537cac7-267\"\r\nAccept-Ranges: bytes\r\n\r\n"
            )
        );
        let out = lab.run("curl -s 10.0.0.2/", false);
        assert_eq!(out.stdout, INDEX_HTML);
        let out = lab.run("curl -sf 10.0.0.2/missing", false);
        assert_eq!((out.status, out.stdout.as_str()), (22, ""));
        let out = lab.run("curl -f 10.0.0.2/missing", false);
        assert_eq!(out.stderr, "curl: (22) The requested URL returned error: 404 Not Found\n");
        let out = lab.run("curl -f 10.0.0.2/missing", true);
        assert_eq!(out.stderr, "curl: (22) The requested URL returned error: 404\n");
        let out = lab.run("curl 10.0.0.2/missing", true);
        assert_eq!(out.status, 0);
        assert!(out.stdout.starts_with("<html>\r\n<head><title>404 Not Found</title></head>"));
    }

    #[test]
    fn keep_alive_the_client_closes_first_and_the_server_follows() {
        use crate::kernel::tcp::TcpState;
        let mut lab = whoami_lab();
        let out = lab.run("curl -s 10.0.0.2:8080", true);
        assert_eq!(out.status, 0);
        lab.s.world.advance(crate::time::Duration::from_secs(1), crate::sim::DEFAULT_BUDGET);
        let h = lab.s.ctx().host;
        let k = lab.s.world.kernel(h);
        let states = |ns| -> Vec<TcpState> {
            k.sockets(ns)
                .socks
                .iter()
                .flatten()
                .filter_map(|x| if let crate::kernel::socket::SockKind::Tcp(t) = &x.kind { Some(t.state) } else { None })
                .collect()
        };
        // The client holds TIME_WAIT; the server is back to its listener only.
        assert_eq!(states(lab.a), vec![TcpState::TimeWait]);
        assert_eq!(states(lab.b), vec![TcpState::Listen]);
        // Asking for close: Go answers `Connection: close` and curl does not keep the connection.
        let out = lab.run("curl -sv -H 'Connection: close' 10.0.0.2:8080", true);
        assert!(out.stderr.ends_with("< Content-Type: text/plain; charset=utf-8\r\n< Connection: close\r\n< \r\n* Closing connection 0\n"), "{}", out.stderr);
        assert!(out.stdout.ends_with("Accept: */*\r\nConnection: close\r\n\r\n"), "{}", out.stdout);
    }
}

/// curl with stdout on a pipe or in a file, and its output options. The
/// shapes (which lines, in which order, where `\r` and `\n` fall) are the
/// ones curl 7.88.1 wrote here with `curl … 2>err | cat` against a local
/// server; the numbers are mesh's virtual clock's.
#[cfg(test)]
mod piped {
    use super::testbed::{BadServer, Lab, Misbehave};
    use crate::apps::whoami::{Whoami, WhoamiConfig};
    use crate::output::Stream;

    const HEAD: &str = "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n";
    const ZERO: &str = "\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0";

    fn lab() -> Lab {
        let mut lab = Lab::new();
        let mut c = WhoamiConfig::new("3a0d0ab2c13b");
        c.port = 8080;
        let b = lab.b;
        lab.start(b, Box::new(Whoami::new(c)));
        lab.start(b, Box::new(BadServer::new(83, Misbehave::Hold)));
        lab.start(b, Box::new(BadServer::new(85, Misbehave::ResetMidBody)));
        lab
    }

    #[test]
    fn the_meter_when_the_body_goes_to_a_pipe() {
        let mut lab = lab();
        let out = lab.run_piped("curl 10.0.0.2:8080", true);
        assert_eq!(out.stderr, format!("{HEAD}{ZERO}\r100   154  100   154    0     0  3580k      0 --:--:-- --:--:-- --:--:--  150k\n"));
        assert!(out.stdout.starts_with("Hostname: 3a0d0ab2c13b\n"));
        // 7.58.0 divides by whole milliseconds (at least one).
        let out = lab.run_piped("curl 10.0.0.2:8080", false);
        assert_eq!(out.stderr, format!("{HEAD}{ZERO}\r100   154  100   154    0     0   150k      0 --:--:-- --:--:-- --:--:--  150k\n"));
        // -s, a terminal, --no-progress-meter: no meter.
        assert_eq!(lab.run_piped("curl -s 10.0.0.2:8080", true).stderr, "");
        assert_eq!(lab.run("curl 10.0.0.2:8080", true).stderr, "");
        assert_eq!(lab.run_piped("curl --no-progress-meter 10.0.0.2:8080", true).stderr, "");
        assert_eq!(
            lab.run_piped("curl --no-progress-meter 10.0.0.2:8080", false).stderr,
            "curl: option --no-progress-meter: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n"
        );
    }

    /// Failures: 7.88.1 ends the meter line before the error; 7.58.0 leaves
    /// it open after a failed connect, and the error line follows on it.
    #[test]
    fn the_meter_on_failures() {
        let mut lab = lab();
        let out = lab.run_piped("curl 10.0.0.2:81", true);
        assert_eq!(out.stderr, format!("{HEAD}{ZERO}{ZERO}\ncurl: (7) Failed to connect to 10.0.0.2 port 81 after 0 ms: Couldn't connect to server\n"));
        let out = lab.run_piped("curl 10.0.0.2:81", false);
        assert_eq!(out.stderr, format!("{HEAD}{ZERO}curl: (7) Failed to connect to 10.0.0.2 port 81: Connection refused\n"));
        let out = lab.run_piped("curl nosuchhost", false);
        assert_eq!(out.stderr, format!("{HEAD}{ZERO}curl: (6) Could not resolve host: nosuchhost\n"));
        // An immediate failure of a literal address: 7.58.0 never drew.
        let out = lab.run_piped("curl 10.99.0.1", false);
        assert_eq!(out.stderr, "curl: (7) Failed to connect to 10.99.0.1 port 80: Network is unreachable\n");
        // A line a second while waiting, then the forced one.
        let out = lab.run_piped("curl -m 2 10.0.0.2:83", true);
        assert_eq!(
            out.stderr,
            format!(
                "{HEAD}{ZERO}\r  0     0    0     0    0     0      0      0 --:--:--  0:00:01 --:--:--     0\r  0     0    0     0    0     0      0      0 --:--:--  0:00:02 --:--:--     0\ncurl: (28) Operation timed out after 2000 milliseconds with 0 bytes received\n"
            )
        );
        // URL errors come before any transfer.
        assert_eq!(lab.run_piped("curl http://", true).stderr, "curl: (3) URL using bad/illegal format or missing URL\n");
    }

    /// `-v` with the body on a pipe: the meter and the trace interleave,
    /// data is announced, and stdout (block-buffered) comes last with 2>&1.
    #[test]
    fn verbose_data_lines_and_the_meter() {
        let mut lab = lab();
        let mut out = lab.run_piped("curl -v 10.0.0.2:85", false);
        assert_eq!(
            out.stderr,
            format!(
                "* Rebuilt URL to: 10.0.0.2:85/\n*   Trying 10.0.0.2...\n* TCP_NODELAY set\n{HEAD}{ZERO}* Connected to 10.0.0.2 (10.0.0.2) port 85 (#0)\n> GET / HTTP/1.1\r\n> Host: 10.0.0.2:85\r\n> User-Agent: curl/7.58.0\r\n> Accept: */*\r\n> \r\n< HTTP/1.1 200 OK\r\n< Content-Length: 100\r\n< \r\n{{ [3 bytes data]\n* Recv failure: Connection reset by peer\n* stopped the pause stream!\n\r  3   100    3     3    0     0   3000      0 --:--:-- --:--:-- --:--:--  3000\n* Closing connection 0\ncurl: (56) Recv failure: Connection reset by peer\n"
            )
        );
        out.stderr_into_stdout();
        assert!(out.stdout.ends_with("curl: (56) Recv failure: Connection reset by peer\nabc"), "{}", out.stdout);
        let out = lab.run_piped("curl -v -d a=b 10.0.0.2:8080", true);
        assert!(out.stderr.contains("> \r\n} [3 bytes data]\n< HTTP/1.1 200 OK\r\n"), "{}", out.stderr);
        assert!(out.stderr.contains("< \r\n{ [226 bytes data]\n\r100   229  100   226  100     3"), "{}", out.stderr);
        // On a terminal the data is shown, not announced.
        let out = lab.run("curl -v -d a=b 10.0.0.2:8080", true);
        assert!(!out.stderr.contains("bytes data]"), "{}", out.stderr);
        // Piped, 7.58.0 announces the upload, then says it is sent off.
        let out = lab.run_piped("curl -v -d a=b 10.0.0.2:8080", false);
        assert!(out.stderr.contains("> \r\n} [3 bytes data]\n* upload completely sent off: 3 out of 3 bytes\n"), "{}", out.stderr);
    }

    /// -f with -v: 7.58.0 fails on the status line (no `<` line, the
    /// reason in the message); 7.88.1 traces all but the blank line.
    #[test]
    fn fail_on_http_errors_by_version() {
        let mut lab = lab();
        let b = lab.b;
        lab.start(b, Box::new(crate::apps::nginx::Nginx::new(80)));
        let out = lab.run("curl -v -f 10.0.0.2/nope", false);
        assert!(out.stderr.ends_with("> \r\n* The requested URL returned error: 404 Not Found\n* stopped the pause stream!\n* Closing connection 0\ncurl: (22) The requested URL returned error: 404 Not Found\n"), "{}", out.stderr);
        let out = lab.run("curl -v -f 10.0.0.2/nope", true);
        assert!(out.stderr.ends_with("< Connection: keep-alive\r\n* The requested URL returned error: 404\n* Closing connection 0\ncurl: (22) The requested URL returned error: 404\n"), "{}", out.stderr);
        // -i still gets the whole head from 7.88.1, nothing from 7.58.0.
        let out = lab.run("curl -s -i -f 10.0.0.2/nope", true);
        assert!(out.stdout.starts_with("HTTP/1.1 404 Not Found\r\n") && out.stdout.ends_with("\r\n\r\n"), "{}", out.stdout);
        assert_eq!(lab.run("curl -s -i -f 10.0.0.2/nope", false).stdout, "");
        let out = lab.run_piped("curl -f 10.0.0.2/nope", true);
        assert!(
            out.stderr.ends_with(
                "\r  0   153    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0\ncurl: (22) The requested URL returned error: 404\n"
            ),
            "{}",
            out.stderr
        );
    }

    #[test]
    fn output_files() {
        let mut lab = lab();
        let h = lab.s.ctx().host;
        let file = |lab: &Lab, name: &str| lab.s.files.get(&(h, name.to_string())).cloned();
        // -o: the meter shows although stdout is the terminal.
        let out = lab.run("curl -o page.txt 10.0.0.2:8080", true);
        assert_eq!((out.status, out.stdout.as_str()), (0, ""));
        assert!(out.stderr.starts_with(HEAD));
        assert!(file(&lab, "page.txt").is_some_and(|b| b.starts_with("Hostname: 3a0d0ab2c13b\n")));
        let out = lab.run("curl -s -O 10.0.0.2:8080/data.txt", true);
        assert_eq!(out.status, 0);
        assert!(file(&lab, "data.txt").is_some());
        let out = lab.run("curl -s --output-dir /tmp -O 10.0.0.2:8080/x/y.txt?q=1", true);
        assert_eq!(out.status, 0);
        assert!(file(&lab, "/tmp/y.txt").is_some());
        assert!(lab.run("curl -s -O 10.0.0.2:8080/x/y.txt?q=1", false).status == 0);
        assert!(file(&lab, "y.txt?q=1").is_some(), "7.58.0 keeps the query");
        // -O without a name.
        let out = lab.run("curl -O 10.0.0.2:8080/", true);
        assert_eq!(
            (out.status, out.stderr.as_str()),
            (23, "curl: Remote file name has no length!\ncurl: (23) Failed writing received data to disk/application\n")
        );
        assert_eq!(lab.run("curl -sO 10.0.0.2:8080", true).stderr, "");
        assert_eq!(lab.run("curl -sSO 10.0.0.2:8080", true).stderr, "curl: (23) Failed writing received data to disk/application\n");
        let out = lab.run("curl -sO 10.0.0.2:8080", false);
        assert_eq!(
            (out.status, out.stderr.as_str()),
            (23, "curl: Remote file name has no length!\ncurl: try 'curl --help' or 'curl --manual' for more information\n")
        );
        // A file that cannot be created: the warning at the first byte.
        let mut exec = lab.exec(true);
        exec.root = false;
        let argv: Vec<String> = ["curl", "-o", "/etc/x", "10.0.0.2:8080"].iter().map(|a| a.to_string()).collect();
        let out = super::run(&mut lab.s, &argv, &exec);
        assert_eq!(out.status, 23);
        assert!(
            out.stderr.starts_with(&format!("{HEAD}{ZERO}Warning: Failed to open the file /etc/x: Permission denied\n\r100   154  100   154")),
            "{}",
            out.stderr
        );
        assert!(out.stderr.ends_with("\ncurl: (23) Failure writing output to destination\n"), "{}", out.stderr);
        assert_eq!(file(&lab, "/etc/x"), None);
        exec.container = None;
        let out = super::run(&mut lab.s, &["curl".to_string(), "-so".into(), "/etc/x".into(), "10.0.0.2:8080".into()], &exec);
        assert_eq!((out.status, out.stderr.as_str()), (23, ""));
        // A refused connection leaves no file.
        assert_eq!(lab.run("curl -s -o gone.txt 10.0.0.2:81", true).status, 7);
        assert_eq!(file(&lab, "gone.txt"), None);
        // -D: the head into a file or onto stdout.
        let out = lab.run("curl -s -D head.txt -o /dev/null 10.0.0.2:8080", true);
        assert_eq!((out.status, out.stdout.as_str()), (0, ""));
        assert!(file(&lab, "head.txt").is_some_and(|hd| hd.starts_with("HTTP/1.1 200 OK\r\n") && hd.ends_with("\r\n\r\n")));
        let out = lab.run("curl -s -D - 10.0.0.2:8080", true);
        assert!(out.stdout.starts_with("HTTP/1.1 200 OK\r\nDate: ") && out.stdout.contains("\r\n\r\nHostname: "), "{}", out.stdout);
    }

    #[test]
    fn write_out() {
        let mut lab = lab();
        let out = lab
            .run("curl -s -o /dev/null -w '%{http_code} %{size_download} %{remote_ip}:%{remote_port} %{num_connects} %{url_effective}\\n' 10.0.0.2:8080", true);
        assert_eq!(out.stdout, "200 154 10.0.0.2:8080 1 http://10.0.0.2:8080/\n");
        let out = lab
            .run("curl -s -o /dev/null -w '%{time_namelookup} %{time_connect} %{time_starttransfer} %{time_total} %{speed_download}\\n' 10.0.0.2:8080", false);
        assert_eq!(out.stdout, "0.000001 0.000014 0.000038 0.000038 154000.000\n");
        // After a failure: zeros, and on 7.88.1 the error itself.
        let out = lab.run("curl -s -w '%{http_code} [%{remote_ip}] %{exitcode} %{errormsg}\\n' 10.0.0.2:81", true);
        assert_eq!((out.status, out.stdout.as_str()), (7, "000 [] 7 Failed to connect to 10.0.0.2 port 81 after 0 ms: Couldn't connect to server\n"));
        // 7.88.1 prints the error first, then -w; 7.58.0 the other way round.
        let out = lab.run("curl -w '%{http_code}\\n' 10.0.0.2:81", true);
        assert_eq!(
            out.pieces(),
            vec![(Stream::Stderr, "curl: (7) Failed to connect to 10.0.0.2 port 81 after 0 ms: Couldn't connect to server\n"), (Stream::Stdout, "000\n")]
        );
        let out = lab.run("curl -w '%{http_code}\\n' 10.0.0.2:81", false);
        assert_eq!(out.combined(), "000\ncurl: (7) Failed to connect to 10.0.0.2 port 81: Connection refused\n");
        let out = lab.run("curl -s -w '%{http_code}\\n' http://", true);
        assert_eq!((out.status, out.stdout.as_str()), (3, "000\n"));
        let out = lab.run("curl -s -o /dev/null -w '%{stderr}%{http_code}%{stdout}.' 10.0.0.2:8080", true);
        assert_eq!((out.stdout.as_str(), out.stderr.as_str()), (".", "200"));
        let out = lab.run("curl -s -o /dev/null -w '%{stderr}%{http_code}' 10.0.0.2:8080", false);
        assert_eq!(out.stderr, "curl: unknown --write-out variable: 'stderr'\n");
        // -w @FILE reads the format without its line ends.
        let h = lab.s.ctx().host;
        lab.s.files.insert((h, "fmt".into()), "%{http_code}\n\nX".into());
        assert_eq!(lab.run("curl -s -o /dev/null -w @fmt 10.0.0.2:8080", true).stdout, "200X");
        let out = lab.run("curl -o /dev/null -w @nofmt 10.0.0.2:8080", true);
        assert!(out.stderr.starts_with("Warning: Failed to read nofmt  % Total"), "{}", out.stderr);
    }
}
