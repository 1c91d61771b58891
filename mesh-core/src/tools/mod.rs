//! The command-line tools a user types, with real syntax and byte-exact output.
//!
//! Each tool takes its argv (argv[0] is the tool name as typed) and the
//! state it works on, and returns a [`crate::output::CmdOutput`]. Tools never
//! panic on bad input: they print the real tool's error and exit status and
//! leave the state unchanged.

pub mod bridge;
pub mod curl;
pub mod fs;
pub mod ip;
pub mod nettest;
pub mod nslookup;
pub mod origin;
pub mod ping;
pub mod ss;
pub mod sysctl;
pub mod tcpdump;
pub mod wget;

use crate::output::CmdOutput;
use crate::shell::{Exec, Session};

/// Run a tool that finishes at once, by name; `None` if no such program.
/// What it creates in the kernel remembers the command line as its origin
/// (unless a docker command already set a more telling one).
pub fn run(s: &mut Session, argv: &[String], stdin: &str, exec: &Exec) -> Option<CmdOutput> {
    let line: crate::kernel::Origin = std::sync::Arc::from(argv.join(" ").as_str());
    let set = s.world.with_kernel(exec.host, |k| {
        let set = k.origin.is_none();
        if set {
            k.set_origin(Some(line.clone()));
        }
        set
    });
    let out = run_tool(s, argv, stdin, exec);
    if set {
        s.world.with_kernel(exec.host, |k| k.origin = None);
    }
    out
}

fn run_tool(s: &mut Session, argv: &[String], stdin: &str, exec: &Exec) -> Option<CmdOutput> {
    let name = argv.first()?.as_str();
    let host = exec.host;
    let ns = exec.netns;
    let root = exec.root;
    Some(match name {
        "ip" => {
            if !root && ip_modifies(argv) {
                return Some(CmdOutput::err("RTNETLINK answers: Operation not permitted\n", 2));
            }
            let out = s.world.with_kernel(host, |k| ip::ip(argv, k, ns));
            match out {
                ip::IpOutcome::Done(o) => o,
                ip::IpOutcome::Exec { netns, argv } => {
                    let e = Exec { netns, ..exec.clone() };
                    return Some(s.exec(&argv, stdin, &e));
                }
            }
        }
        "bridge" => {
            if !root && ip_modifies(argv) {
                return Some(CmdOutput::err("RTNETLINK answers: Operation not permitted\n", 255));
            }
            s.world.with_kernel(host, |k| bridge::bridge(argv, k, ns))
        }
        "sysctl" => {
            if !root && argv.iter().any(|a| a.contains('=')) {
                let key = argv.iter().find(|a| a.contains('=')).and_then(|a| a.split('=').next()).unwrap_or("");
                return Some(CmdOutput::err(format!("sysctl: permission denied on key \"{key}\"\n"), 1));
            }
            s.world.with_kernel(host, |k| sysctl::sysctl(argv, k, ns))
        }
        "iptables" | "iptables-legacy" | "iptables-save" | "iptables-legacy-save" | "iptables-restore" | "iptables-legacy-restore" => {
            let date = crate::time::ctime(s.world.kernel(host).wall_secs());
            let env = crate::netfilter::ToolEnv { date, root };
            s.world.with_kernel(host, |k| {
                let mut nf = std::mem::take(&mut k.netns_mut(ns).netfilter);
                nf.seal_origins();
                let out = if name.ends_with("-save") {
                    crate::netfilter::iptables_save(argv, &mut nf, &env)
                } else if name.ends_with("-restore") {
                    crate::netfilter::iptables_restore(argv, stdin, &mut nf, &env)
                } else {
                    crate::netfilter::iptables(argv, &mut nf, &env)
                };
                if let Some(o) = &k.origin {
                    nf.stamp_origin(o);
                }
                k.netns_mut(ns).netfilter = nf;
                let log = k.netns_mut(ns).netfilter.take_kernel_log();
                let now = k.now;
                for l in log {
                    k.dmesg.push((now, l));
                }
                out
            })
        }
        "ipvsadm" => {
            if !root {
                return Some(CmdOutput::err(
                    "Can't initialize ipvs: Permission denied (you must be root)\nAre you sure that IP Virtual Server is built in the kernel or as module?\n",
                    1,
                ));
            }
            s.world.with_kernel(host, |k| {
                // libipvs loads ip_vs (modprobe) when its netlink family is
                // missing; the module then serves every namespace.
                let all: Vec<_> = k.netns_ids().collect();
                for n in all {
                    k.netns_mut(n).sysctl.ip_vs = true;
                }
                k.ipvs_sync_sysctl(ns);
                let now = k.now;
                if argv.iter().any(|a| a == "-R" || a == "--restore") {
                    crate::ipvs::ipvsadm_with_stdin(argv, stdin, &mut k.netns_mut(ns).ipvs, now)
                } else {
                    crate::ipvs::ipvsadm(argv, &mut k.netns_mut(ns).ipvs, now)
                }
            })
        }
        "origin" => s.world.with_kernel(host, |k| origin::origin(argv, k)),
        "ss" => ss::ss(argv, s.world.kernel(host), ns, root),
        "conntrack" => {
            if !root {
                return Some(CmdOutput::err("conntrack v1.4.7 (conntrack-tools): Operation failed: Operation not permitted\n", 1));
            }
            s.world.with_kernel(host, |k| {
                let now = k.now;
                let ct = &mut k.netns_mut(ns).conntrack;
                ct.expire(now);
                let events = ct.take_events();
                crate::conntrack::conntrack_tool(argv, ct, now, &events)
            })
        }
        "curl" => {
            let version = s.curl_version(host, exec);
            let hosts = s.hosts_table(host);
            let lookup = move |n: &str| hosts.iter().find(|(h, _)| h.eq_ignore_ascii_case(n)).map(|(_, a)| *a);
            let nameserver = exec.container.as_ref().map(|_| std::net::Ipv4Addr::new(127, 0, 0, 11));
            curl::run_with(s, argv, exec, &curl::CurlEnv { version, hosts: &lookup, nameserver })
        }
        "wget" => {
            let hosts = s.hosts_table(host);
            let lookup = move |n: &str| hosts.iter().find(|(h, _)| h.eq_ignore_ascii_case(n)).map(|(_, a)| *a);
            let nameserver = exec.container.as_ref().map(|_| std::net::Ipv4Addr::new(127, 0, 0, 11));
            wget::run_with(s, argv, exec, &lookup, nameserver)
        }
        "nslookup" => nslookup::run(s, argv, exec),
        "dmesg" => {
            if !root {
                return Some(CmdOutput::err("dmesg: read kernel buffer failed: Operation not permitted\n", 1));
            }
            let k = s.world.kernel(host);
            let mut out = String::new();
            for (t, line) in &k.dmesg {
                out.push_str(&format!("[{:>5}.{:06}] {line}\n", t.as_secs(), (t.as_micros() % 1_000_000)));
            }
            CmdOutput::ok(out)
        }
        "cat" | "ls" => fs::run(s, argv, exec),
        "docker" => crate::swarm::docker_exec::docker(s, argv, exec),
        _ => return None,
    })
}

/// Whether an `ip`/`bridge` command line changes something (needs root).
fn ip_modifies(argv: &[String]) -> bool {
    argv.iter()
        .skip(1)
        .any(|a| matches!(a.as_str(), "add" | "a" | "del" | "delete" | "d" | "set" | "replace" | "change" | "flush" | "append" | "prepend" | "exec" | "e"))
        && !argv.iter().skip(1).any(|a| matches!(a.as_str(), "show" | "list" | "get"))
}
