//! busybox `wget`: argument parsing; the program is [`crate::apps::wget`].
//!
//! Options: `-q`, `-S`, `-O FILE` (`-` for stdout; `-qO-` combines),
//! `-T SEC`, `-U AGENT`, `-Y on|off` (accepted, no proxies), `--spider`,
//! `--header STR`, and the long forms of these (getopt_long: `--opt=value`,
//! unambiguous prefixes). Option errors are musl's getopt messages (Alpine):
//! `wget: unrecognized option: Z`, `wget: option requires an argument: O`.
//! `-c`, `-P`, `-o`, `--post-data`, `--post-file` are refused as not
//! modelled. Without `-O`
//! the body is saved under the URL's last path component, query included
//! (`index.html` for `/`), in the host's in-memory files, as busybox saves
//! it in the current directory; that file must not exist yet.

use std::cell::RefCell;
use std::net::Ipv4Addr;
use std::rc::Rc;

use crate::apps::curl::Target;
use crate::apps::wget::{Wget, WgetOpts};
use crate::output::CmdOutput;
use crate::shell::{Exec, Session};
use crate::time::Duration;

/// busybox's usage text for wget.
pub const USAGE: &str = "BusyBox v1.36.1 (2023-06-02 00:42:02 UTC) multi-call binary.

Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]
\t[--post-data STR | --post-file FILE] [-Y on/off]
\t[--no-check-certificate] [-P DIR] [-U AGENT] [-T SEC] URL...

Retrieve files via HTTP or FTP

\t--spider\tOnly check URL existence: $? is 0 if exists
\t--header STR\tAdd STR (of form 'header: value') to headers
\t--post-data STR\tSend STR using POST method
\t--post-file FILE\tSend FILE using POST method
\t--no-check-certificate\tDon't validate the server's certificate
\t-c\t\tContinue retrieval of aborted transfer
\t-q\t\tQuiet
\t-P DIR\t\tSave to DIR (default .)
\t-S    \t\tShow server response
\t-T SEC\t\tNetwork read timeout is SEC seconds
\t-O FILE\t\tSave to FILE ('-' for stdout)
\t-o LOGFILE\tLog messages to FILE
\t-U STR\t\tUse STR for User-Agent header
\t-Y on/off\tUse proxy
";

/// Run busybox `wget` in `exec`'s namespace; in a container names resolve
/// through Docker's embedded DNS (127.0.0.11).
pub fn run(s: &mut Session, argv: &[String], exec: &Exec) -> CmdOutput {
    let ns = exec.container.as_ref().map(|_| Ipv4Addr::new(127, 0, 0, 11));
    run_with(s, argv, exec, &crate::tools::curl::localhost_only, ns)
}

/// Run with a hosts table and an optional nameserver.
pub fn run_with(s: &mut Session, argv: &[String], exec: &Exec, hosts: &dyn Fn(&str) -> Option<Ipv4Addr>, nameserver: Option<Ipv4Addr>) -> CmdOutput {
    let mut quiet = false;
    let mut show_response = false;
    let mut spider = false;
    let mut headers: Vec<String> = Vec::new();
    let mut output: Option<String> = None;
    let mut timeout = None;
    let mut agent = "Wget".to_string();
    let mut url: Option<String> = None;
    let mut it = argv.iter().skip(1);
    // Alpine's busybox parses with musl's getopt_long, whose messages
    // these are.
    let unrecognized = |what: &str| CmdOutput::err(format!("wget: unrecognized option: {what}\n{USAGE}"), 1);
    let not_modelled = |what: &str| CmdOutput::err(format!("mesh: wget {what} is not modelled\n"), 1);
    while let Some(a) = it.next() {
        if let Some(long) = a.strip_prefix("--") {
            if long.is_empty() {
                // `--` ends the options.
                if let Some(u) = it.next() {
                    url.get_or_insert_with(|| u.clone());
                }
                continue;
            }
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            const WITH_ARG: [&str; 10] =
                ["header", "output-document", "timeout", "user-agent", "proxy", "post-data", "post-file", "directory-prefix", "output-file", "method"];
            const FLAGS: [&str; 5] = ["spider", "quiet", "server-response", "no-check-certificate", "continue"];
            // getopt_long accepts an unambiguous prefix.
            let matches: Vec<&str> = WITH_ARG.iter().chain(FLAGS.iter()).copied().filter(|o| o.starts_with(name)).collect();
            let full = match matches.as_slice() {
                [one] => *one,
                _ if matches.contains(&name) => name,
                [] => return unrecognized(long),
                _ => return CmdOutput::err(format!("wget: option is ambiguous: {long}\n{USAGE}"), 1),
            };
            let value = if WITH_ARG.contains(&full) {
                match inline.or_else(|| it.next().cloned()) {
                    Some(v) => Some(v),
                    None => return CmdOutput::err(format!("wget: option requires an argument: {full}\n{USAGE}"), 1),
                }
            } else {
                None
            };
            match (full, value) {
                ("spider", _) => spider = true,
                ("quiet", _) => quiet = true,
                ("server-response", _) => show_response = true,
                ("no-check-certificate", _) => {}
                ("header", Some(v)) => headers.push(v),
                ("output-document", Some(v)) => output = Some(v),
                ("user-agent", Some(v)) => agent = v,
                ("proxy", _) => {}
                ("timeout", Some(v)) => match v.parse::<u32>() {
                    Ok(n) => timeout = Some(Duration::from_secs(u64::from(n))),
                    Err(_) => return CmdOutput::err(format!("wget: invalid number '{v}'\n"), 1),
                },
                (other, _) => return not_modelled(&format!("--{other}")),
            }
            continue;
        }
        if !a.starts_with('-') || a == "-" {
            url.get_or_insert_with(|| a.clone());
            continue;
        }
        for (i, c) in a[1..].char_indices() {
            let rest = &a[1 + i + c.len_utf8()..];
            let mut param = || {
                if rest.is_empty() { it.next().cloned() } else { Some(rest.to_string()) }
            };
            match c {
                'q' => quiet = true,
                'S' => show_response = true,
                'O' | 'T' | 'U' | 'Y' | 'P' | 'o' => {
                    let Some(p) = param() else {
                        return CmdOutput::err(format!("wget: option requires an argument: {c}\n{USAGE}"), 1);
                    };
                    match c {
                        'O' => output = Some(p),
                        'T' => match p.parse::<u32>() {
                            Ok(n) => timeout = Some(Duration::from_secs(u64::from(n))),
                            Err(_) => {
                                return CmdOutput::err(format!("wget: invalid number '{p}'\n"), 1);
                            }
                        },
                        'U' => agent = p,
                        'P' | 'o' => return not_modelled(&format!("-{c}")),
                        _ => {}
                    }
                    break;
                }
                'c' => return not_modelled("-c"),
                _ => return unrecognized(&c.to_string()),
            }
        }
    }
    let Some(url) = url else {
        return CmdOutput::err(USAGE, 1);
    };
    let rest = url.strip_prefix("http://").unwrap_or(&url);
    // busybox's parse_url: the host ends at the first `/`, `?` or `#`; a
    // `/` starts the path, a `?` or `#` right after the host is dropped
    // and what follows is the path (`host?x=1` asks for `/x=1`).
    let split = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let path = match rest[split..].chars().next() {
        None => "/".to_string(),
        Some('/') => rest[split..].to_string(),
        Some(_) => format!("/{}", &rest[split + 1..]),
    };
    let host_port = &rest[..split];
    let path = path.as_str();
    let (host, port) = match host_port.rsplit_once(':') {
        Some((h, p)) => match p.parse::<u16>() {
            Ok(n) => (h, n),
            Err(_) => return CmdOutput::err(format!("wget: bad port '{p}'\n"), 1),
        },
        None => (host_port, 80),
    };
    let target = match host.parse::<Ipv4Addr>().ok().or_else(|| hosts(host)) {
        Some(ip) => Target::Addr(ip),
        None => match nameserver {
            Some(n) => Target::Dns { server: (n, 53) },
            None => return CmdOutput::err(format!("wget: bad address '{host_port}'\n"), 1),
        },
    };
    let file = match output.as_deref() {
        Some(o) => o.to_string(),
        None => path.rsplit('/').next().filter(|n| !n.is_empty()).unwrap_or("index.html").to_string(),
    };
    // -O FILE overwrites; a name from the URL is created exclusively.
    let open = if file == "-" {
        Ok(())
    } else if output.is_none() && s.files.contains_key(&(exec.host, file.clone())) {
        Err("File exists".to_string())
    } else {
        s.check_write(&file, exec)
    };
    let saved = Rc::new(RefCell::new(None));
    let opts = WgetOpts {
        host_port: host_port.to_string(),
        port,
        path: path.to_string(),
        target,
        quiet,
        output_name: file.clone(),
        timeout,
        user_agent: agent,
        headers,
        spider,
        show_response,
        open,
        saved: Rc::clone(&saved),
    };
    let h = exec.host;
    let app = s.world.with_kernel(h, |k| k.app_start(exec.netns, Box::new(Wget::new(opts))));
    let end = s.world.now + timeout.unwrap_or(crate::apps::wget::DEFAULT_TIMEOUT) + Duration::from_secs(1);
    s.world.run_until(|w| w.kernel(h).app_finished(app).is_some(), end, crate::sim::DEFAULT_BUDGET);
    let out = s.world.kernel(h).app_finished(app);
    s.world.with_kernel(h, |k| k.app_kill(app));
    let out = out.unwrap_or_else(|| CmdOutput::err("wget: download timed out\n", 1));
    // The file was opened (created, emptied): it keeps what arrived.
    if let Some(body) = saved.borrow().as_ref() {
        let _ = s.write_file(&file, &String::from_utf8_lossy(body), false, exec);
    }
    out
}

#[cfg(test)]
mod e2e {
    use crate::apps::nginx::{INDEX_HTML, Nginx};
    use crate::apps::whoami::{Whoami, WhoamiConfig};
    use crate::tools::curl::testbed::{BadServer, Lab, Misbehave};

    #[test]
    fn busybox_wget_outputs_and_errors() {
        let mut lab = Lab::new();
        let b = lab.b;
        lab.start(b, Box::new(Nginx::new(80)));
        lab.start(b, Box::new(Whoami::new(WhoamiConfig { port: 8080, ..WhoamiConfig::new("abc") })));
        lab.start(b, Box::new(BadServer::new(81, Misbehave::Close)));
        lab.start(b, Box::new(BadServer::new(82, Misbehave::Reset)));
        lab.start(b, Box::new(BadServer::new(83, Misbehave::Hold)));
        let out = lab.run("wget -qO- http://10.0.0.2/", true);
        assert_eq!((out.status, out.stdout.as_str(), out.stderr.as_str()), (0, INDEX_HTML, ""));
        let out = lab.run("wget -O - 10.0.0.2", true);
        assert_eq!(
            out.stderr,
            "Connecting to 10.0.0.2 (10.0.0.2:80)\nwriting to stdout\n\r-                    100% |********************************|   615  0:00:00 ETA\nwritten to stdout\n"
        );
        let out = lab.run("wget -qO- 10.0.0.2:8080/", true);
        assert!(out.stdout.ends_with("GET / HTTP/1.1\r\nHost: 10.0.0.2:8080\r\nUser-Agent: Wget\r\nConnection: close\r\n\r\n"), "{}", out.stdout);
        let out = lab.run("wget -qO- 10.0.0.2:90", true);
        assert_eq!((out.status, out.stderr.as_str()), (1, "wget: can't connect to remote host (10.0.0.2): Connection refused\n"));
        let out = lab.run("wget -O- 10.0.0.2:90", true);
        assert_eq!(out.stderr, "Connecting to 10.0.0.2:90 (10.0.0.2:90)\nwget: can't connect to remote host (10.0.0.2): Connection refused\n");
        let out = lab.run("wget -qO- 10.0.0.2:81", true);
        assert_eq!(out.stderr, "wget: error getting response\n");
        let out = lab.run("wget -qO- 10.0.0.2:82", true);
        assert_eq!(out.stderr, "wget: error getting response: Connection reset by peer\n");
        let out = lab.run("wget -qO- 10.0.0.2/nope", true);
        assert_eq!((out.status, out.stderr.as_str()), (1, "wget: server returned error: HTTP/1.1 404 Not Found\n"));
        let out = lab.run("wget -qO- 10.99.0.9", true);
        assert_eq!(out.stderr, "wget: can't connect to remote host (10.99.0.9): Network is unreachable\n");
        let out = lab.run("wget -qO- 10.0.0.9", true);
        assert_eq!(out.stderr, "wget: can't connect to remote host (10.0.0.9): No route to host\n");
        let out = lab.run("wget -T 2 -qO- 10.0.0.2:83", true);
        assert_eq!((out.status, out.stderr.as_str()), (1, "wget: download timed out\n"));
        let out = lab.run("wget -qO- foo:81/x", false);
        assert_eq!(out.stderr, "wget: bad address 'foo:81'\n");
        let out = lab.run("wget -qO- http://10.0.0.1:abc/", false);
        assert_eq!((out.status, out.stderr.as_str()), (1, "wget: bad port 'abc'\n"));
        let out = lab.run("wget -qO- foo", false);
        assert_eq!(out.stderr, "wget: bad address 'foo'\n");
        let out = lab.run("wget 10.0.0.2", true);
        assert_eq!(
            out.stderr,
            "Connecting to 10.0.0.2 (10.0.0.2:80)\nsaving to 'index.html'\n\rindex.html           100% |********************************|   615  0:00:00 ETA\n'index.html' saved\n"
        );
        assert_eq!(lab.s.files.get(&(lab.s.ctx().host, "index.html".to_string())).map(String::as_str), Some(INDEX_HTML));
        // Without -O the name from the URL must be new; -O overwrites.
        let out = lab.run("wget 10.0.0.2", true);
        assert_eq!((out.status, out.stderr.as_str()), (1, "Connecting to 10.0.0.2 (10.0.0.2:80)\nwget: can't open 'index.html': File exists\n"));
        let out = lab.run("wget -q -O index.html 10.0.0.2", true);
        assert_eq!((out.status, out.stderr.as_str()), (0, ""));
    }

    /// As busybox 1.35 prints them on this machine (`-S`, a file it cannot
    /// open, the body between `writing to stdout` and the bar).
    #[test]
    fn busybox_wget_server_response_files_and_order() {
        let mut lab = Lab::new();
        let b = lab.b;
        lab.start(b, Box::new(Nginx::new(80)));
        let out = lab.run("wget -S -q -O - 10.0.0.2/nope", true);
        assert_eq!((out.status, out.stderr.as_str()), (1, "  HTTP/1.1 404 Not Found\nwget: server returned error: HTTP/1.1 404 Not Found\n"));
        let out = lab.run("wget -S -q -O /dev/null 10.0.0.2", true);
        let h = lab.s.ctx().host;
        let date = crate::apps::http::http_date(crate::apps::http::wall_clock(lab.s.world.kernel(h)));
        assert_eq!(
            out.stderr,
            format!(
                "  HTTP/1.1 200 OK\n  Server: nginx/1.25.3\n  Date: {date}\n  Content-Type: text/html\n  Content-Length: 615\n  Last-Modified: Tue, 24 Oct 2023 13:46:47 GMT\n  Connection: close\n  ETag: \"6537cac7-267\"\n  Accept-Ranges: bytes\n  \n"
            )
        );
        let mut lab2 = Lab::new();
        lab2.s.default_user = "user".into();
        let exec = crate::shell::Exec { root: false, ..lab2.exec(true) };
        let b = lab2.b;
        lab2.start(b, Box::new(Nginx::new(80)));
        let argv: Vec<String> = ["wget", "-O", "/etc/x", "10.0.0.2"].iter().map(|a| a.to_string()).collect();
        let out = super::run(&mut lab2.s, &argv, &exec);
        assert_eq!((out.status, out.stderr.as_str()), (1, "Connecting to 10.0.0.2 (10.0.0.2:80)\nwget: can't open '/etc/x': Permission denied\n"));
        let out = lab.run("wget -O - 10.0.0.2", true);
        let order: Vec<_> = out.pieces().into_iter().map(|(s, _)| s).collect();
        use crate::output::Stream::{Stderr, Stdout};
        assert_eq!(order, vec![Stderr, Stdout, Stderr]);
        assert!(out.combined().starts_with("Connecting to 10.0.0.2 (10.0.0.2:80)\nwriting to stdout\n<!DOCTYPE html>"));
        let out = lab.run("wget -q -O /tmp/dir/page.html 10.0.0.2/", true);
        assert_eq!(out.status, 0);
        assert_eq!(lab.s.files.get(&(h, "/tmp/dir/page.html".to_string())).map(String::as_str), Some(INDEX_HTML));
        let out = lab.run("wget '10.0.0.2/?a=1'", true);
        assert!(out.stderr.contains("saving to '?a=1'\n"), "{}", out.stderr);
    }
}
