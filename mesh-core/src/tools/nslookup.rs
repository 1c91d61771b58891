//! busybox `nslookup [-type=TYPE] HOST [SERVER]`: argument parsing; the
//! program is [`crate::apps::nslookup`].
//!
//! The default server is resolv.conf's first nameserver: 127.0.0.11 in a
//! container (Docker's embedded DNS); on a node, mesh assumes Ubuntu's
//! systemd-resolved stub, 127.0.0.53, which is not simulated, so a lookup
//! there times out.

use std::net::Ipv4Addr;

use crate::apps::dns::{TYPE_A, TYPE_AAAA, TYPE_MX, TYPE_PTR, ptr_name};
use crate::apps::nslookup::Nslookup;
use crate::output::CmdOutput;
use crate::shell::{Exec, Session};
use crate::time::Duration;

/// busybox's usage text for nslookup.
pub const USAGE: &str = "BusyBox v1.36.1 (2023-06-02 00:42:02 UTC) multi-call binary.

Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]

Query DNS about HOST

QUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any
";

/// Run nslookup in `exec`'s namespace.
pub fn run(s: &mut Session, argv: &[String], exec: &Exec) -> CmdOutput {
    let default = if exec.container.is_some() { Ipv4Addr::new(127, 0, 0, 11) } else { Ipv4Addr::new(127, 0, 0, 53) };
    run_with(s, argv, exec, default)
}

/// Run nslookup with `nameserver` as resolv.conf's first server.
pub fn run_with(s: &mut Session, argv: &[String], exec: &Exec, nameserver: Ipv4Addr) -> CmdOutput {
    let mut types: Vec<u16> = Vec::new();
    let mut args = argv.iter().skip(1).peekable();
    while let Some(a) = args.peek() {
        let Some(opt) = a.strip_prefix('-') else {
            break;
        };
        let (key, val) = opt.split_once('=').unwrap_or((opt, ""));
        match key {
            "type" | "querytype" => {
                let t = match val.to_ascii_lowercase().as_str() {
                    "a" => TYPE_A,
                    "aaaa" => TYPE_AAAA,
                    "ptr" => TYPE_PTR,
                    "mx" => TYPE_MX,
                    "soa" => 6,
                    "ns" => 2,
                    "cname" => 5,
                    "txt" => 16,
                    "srv" => 33,
                    "any" => 255,
                    _ => {
                        return CmdOutput::err(format!("nslookup: invalid query type \"{val}\"\n"), 1);
                    }
                };
                if !types.contains(&t) {
                    types.push(t);
                }
            }
            "debug" => {}
            _ => return CmdOutput::err(USAGE, 1),
        }
        args.next();
    }
    let rest: Vec<&String> = args.collect();
    let (host, server) = match rest.as_slice() {
        [h] => (h.as_str(), None),
        [h, srv] => (h.as_str(), Some(srv.as_str())),
        _ => return CmdOutput::err(USAGE, 1),
    };
    let (server_name, server_ip) = match server {
        None => (nameserver.to_string(), nameserver),
        Some(srv) => match srv.parse::<Ipv4Addr>() {
            Ok(ip) => (srv.to_string(), ip),
            Err(_) => return CmdOutput::err(format!("nslookup: bad address '{srv}'\n"), 1),
        },
    };
    let queries: Vec<(String, u16)> = if types.is_empty() {
        match host.parse::<Ipv4Addr>() {
            Ok(ip) => vec![(ptr_name(ip), TYPE_PTR)],
            Err(_) => vec![(host.to_string(), TYPE_A), (host.to_string(), TYPE_AAAA)],
        }
    } else {
        // busybox adds queries in its type table's order: soa ns a aaaa cname mx txt ptr srv any.
        let order = [6u16, 2, TYPE_A, TYPE_AAAA, 5, TYPE_MX, 16, TYPE_PTR, 33, 255];
        order.iter().filter(|t| types.contains(t)).map(|t| (host.to_string(), *t)).collect()
    };
    let h = exec.host;
    let app = s.world.with_kernel(h, |k| k.app_start(exec.netns, Box::new(Nslookup::new(&server_name, server_ip, &queries))));
    let end = s.world.now + crate::apps::nslookup::TIMEOUT + Duration::from_secs(1);
    s.world.run_until(|w| w.kernel(h).app_finished(app).is_some(), end, crate::sim::DEFAULT_BUDGET);
    let out = s.world.kernel(h).app_finished(app);
    s.world.with_kernel(h, |k| k.app_kill(app));
    out.unwrap_or_else(|| CmdOutput {
        stdout: ";; connection timed out; no servers could be reached\n\n".into(),
        stderr: String::new(),
        status: 1,
        interleaved: None,
    })
}

#[cfg(test)]
mod e2e {
    use crate::apps::dns::{EmbeddedDns, NameTable, Upstream};
    use crate::tools::curl::testbed::Lab;

    /// Docker's resolver on 127.0.0.11:53 in the server namespace, reached
    /// from the client namespace at 10.0.0.2 … or in the client's own.
    fn dns_lab(upstream: Upstream) -> Lab {
        let mut lab = Lab::new();
        let a = lab.a;
        lab.add_addr(a, "lo", "127.0.0.11/8");
        let mut t = NameTable::default();
        t.insert("tasks.web", &["10.0.0.5".parse().expect("ip"), "10.0.0.6".parse().expect("ip")]);
        t.insert("web", &["10.0.0.4".parse().expect("ip")]);
        t.reverse.insert("10.0.0.5".parse().expect("ip"), "web.1.q9s4ggh2oaq2xyz.ingress".into());
        lab.start(a, Box::new(EmbeddedDns::new("127.0.0.11".parse().expect("ip"), 53, 53, Box::new(t.clone()), upstream, 3)));
        let b = lab.b;
        lab.start(b, Box::new(EmbeddedDns::new("0.0.0.0".parse().expect("ip"), 53, 53, Box::new(t), upstream, 3)));
        lab
    }

    #[test]
    fn busybox_nslookup_against_the_embedded_dns() {
        let mut lab = dns_lab(Upstream::NxDomain);
        let out = lab.run("nslookup web", true);
        assert_eq!(
            (out.status, out.stdout.as_str()),
            (0, "Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\nNon-authoritative answer:\nName:\tweb\nAddress: 10.0.0.4\n\nNon-authoritative answer:\n\n")
        );
        let out = lab.run("nslookup tasks.web", true);
        assert_eq!(out.status, 0);
        let a = "Name:\ttasks.web\nAddress: 10.0.0.5\nName:\ttasks.web\nAddress: 10.0.0.6\n";
        let b = "Name:\ttasks.web\nAddress: 10.0.0.6\nName:\ttasks.web\nAddress: 10.0.0.5\n";
        let head = "Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\nNon-authoritative answer:\n";
        let tail = "\nNon-authoritative answer:\n\n";
        assert!(out.stdout == format!("{head}{a}{tail}") || out.stdout == format!("{head}{b}{tail}"), "{}", out.stdout);
        let out = lab.run("nslookup nope", true);
        assert_eq!(
            (out.status, out.stdout.as_str()),
            (1, "Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\n** server can't find nope: NXDOMAIN\n\n** server can't find nope: NXDOMAIN\n\n")
        );
        let out = lab.run("nslookup -type=a web 10.0.0.2", true);
        assert_eq!(out.stdout, "Server:\t\t10.0.0.2\nAddress:\t10.0.0.2:53\n\nNon-authoritative answer:\nName:\tweb\nAddress: 10.0.0.4\n\n");
        let out = lab.run("nslookup 10.0.0.5", true);
        assert_eq!(
            out.stdout,
            "Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\nNon-authoritative answer:\n5.0.0.10.in-addr.arpa\tname = web.1.q9s4ggh2oaq2xyz.ingress\n\n"
        );
        let out = lab.run("nslookup 10.0.0.9", true);
        assert_eq!(
            (out.status, out.stdout.as_str()),
            (1, "Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\n** server can't find 9.0.0.10.in-addr.arpa: NXDOMAIN\n\n")
        );
        let out = lab.run("nslookup", true);
        assert_eq!((out.status, out.stdout.as_str()), (1, ""));
        assert!(out.stderr.contains("Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n"));
    }

    #[test]
    fn unanswered_and_failing_lookups() {
        let mut lab = dns_lab(Upstream::None);
        let out = lab.run("nslookup nope", true);
        assert_eq!((out.status, out.stdout.as_str()), (1, ";; connection timed out; no servers could be reached\n\n"));
        let mut lab = dns_lab(Upstream::ServFail);
        let out = lab.run("nslookup nope", true);
        assert_eq!(
            (out.status, out.stdout.as_str()),
            (1, "Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\n** server can't find nope: SERVFAIL\n\n** server can't find nope: SERVFAIL\n\n")
        );
        // Nothing listens on 10.0.0.1 port 53 in the client namespace itself.
        let out = lab.run("nslookup web 10.0.0.1", true);
        assert_eq!((out.status, out.stdout.as_str()), (1, ";; connection timed out; no servers could be reached\n\n"));
        // wget and curl through the same resolver.
        let out = lab.run("wget -qO- nope", true);
        assert_eq!(out.stderr, "wget: bad address 'nope'\n");
    }
}
