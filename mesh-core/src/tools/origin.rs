//! `origin`: provenance — which command created each kernel object on this
//! machine. mesh's own tool (no Linux counterpart): every namespace, link,
//! address, route, neighbour, FDB entry and iptables rule remembers the
//! command that made it, whether a `docker …` command (through the node's
//! dockerd, which programs the kernel as libnetwork does), dockerd's start,
//! or a command typed by hand (`ip link add …`).
//!
//! `origin` lists the objects grouped by that command, in the order the
//! commands ran, across every namespace of the machine; `origin PATTERN`
//! keeps the objects whose namespace, text or command contains PATTERN;
//! `-a` adds what has no recorded origin (the machine's own setup, what
//! the kernel learned by itself). Learned entries (dynamic neighbours and
//! FDB entries, kernel routes) are left out without `-a`.

use std::collections::BTreeMap;

use crate::kernel::{Kernel, NudState, Origin, RouteType};
use crate::output::CmdOutput;

const USAGE: &str = "usage: origin [-a] [PATTERN]\n";

/// One listed object: namespace label, kind, text.
struct Object {
    netns: String,
    kind: &'static str,
    text: String,
    origin: Option<Origin>,
}

pub fn origin(argv: &[String], k: &Kernel) -> CmdOutput {
    let mut all = false;
    let mut pattern: Option<&str> = None;
    for a in &argv[1..] {
        match a.as_str() {
            "-a" | "--all" => all = true,
            "-h" | "--help" => return CmdOutput::ok(USAGE),
            p if p.starts_with('-') => return CmdOutput::err(format!("origin: unknown option {p}\n{USAGE}"), 2),
            p if pattern.is_none() => pattern = Some(p),
            _ => return CmdOutput::err(USAGE, 2),
        }
    }
    let objects = collect(k, all);
    // Group by command, in order of first appearance.
    let mut order: Vec<Option<Origin>> = Vec::new();
    let mut groups: BTreeMap<usize, Vec<&Object>> = BTreeMap::new();
    for o in &objects {
        if let Some(p) = pattern {
            if !o.text.contains(p) && !o.netns.contains(p) && !o.origin.as_deref().is_some_and(|c| c.contains(p)) {
                continue;
            }
        }
        let i = match order.iter().position(|x| *x == o.origin) {
            Some(i) => i,
            None => {
                order.push(o.origin.clone());
                order.len() - 1
            }
        };
        groups.entry(i).or_default().push(o);
    }
    let ns_w = objects.iter().map(|o| o.netns.len()).max().unwrap_or(0);
    let mut out = String::new();
    // In the order the commands ran; objects with no recorded origin last.
    let mut idx: Vec<usize> = (0..order.len()).collect();
    idx.sort_by_key(|i| match &order[*i] {
        Some(o) => k.origins_seen.iter().position(|x| x == o).unwrap_or(usize::MAX - 1),
        None => usize::MAX,
    });
    for i in idx {
        if !out.is_empty() {
            out.push('\n');
        }
        match &order[i] {
            Some(c) => out.push_str(&format!("# {c}\n")),
            None => out.push_str("# (no recorded origin: the machine's setup, or learned by the kernel)\n"),
        }
        for o in groups.get(&i).into_iter().flatten() {
            out.push_str(&format!("{:ns_w$}  {:<8}  {}\n", o.netns, o.kind, o.text));
        }
    }
    CmdOutput::ok(out)
}

fn collect(k: &Kernel, all: bool) -> Vec<Object> {
    let mut v = Vec::new();
    let keep = |o: &Option<Origin>| all || o.is_some();
    for ns in k.netns_ids().collect::<Vec<_>>() {
        let label = k.netns_label(ns);
        let n = k.netns(ns);
        if keep(&n.origin) && ns != crate::kernel::INIT_NETNS {
            let paths: Vec<&str> = k.mounts.iter().filter(|(_, id)| **id == ns).map(|(p, _)| p.as_str()).collect();
            v.push(Object {
                netns: label.clone(),
                kind: "netns",
                text: if paths.is_empty() { label.clone() } else { paths.join(" ") },
                origin: n.origin.clone(),
            });
        }
        let name = |d| k.dev(d).name.clone();
        for d in k.devs_in(ns) {
            if keep(&d.origin) && !d.is_loopback() {
                let master = d.master.map(|m| format!(" master {}", name(m))).unwrap_or_default();
                v.push(Object { netns: label.clone(), kind: "link", text: format!("{} ({}){master}", d.name, d.kind.name()), origin: d.origin.clone() });
            }
            for a in &d.addrs {
                if keep(&a.origin) && !d.is_loopback() {
                    v.push(Object {
                        netns: label.clone(),
                        kind: "addr",
                        text: format!("{}/{} dev {}", a.local, a.prefix_len, d.name),
                        origin: a.origin.clone(),
                    });
                }
            }
            if let Some(b) = d.bridge() {
                for (mac, e) in &b.fdb {
                    if (e.is_static && !e.is_local && keep(&e.origin)) || (all && !e.is_local) {
                        v.push(Object {
                            netns: label.clone(),
                            kind: "fdb",
                            text: format!("{mac} dev {} master {}", name(e.port), d.name),
                            origin: e.origin.clone(),
                        });
                    }
                }
            }
            if let Some(x) = d.vxlan() {
                for e in &x.fdb {
                    if (e.permanent && keep(&e.origin)) || all {
                        v.push(Object { netns: label.clone(), kind: "fdb", text: format!("{} dev {} dst {}", e.mac, d.name, e.dst), origin: e.origin.clone() });
                    }
                }
            }
        }
        for r in &n.routes.routes {
            let learned = r.table == crate::kernel::route::TABLE_LOCAL || r.proto == crate::kernel::route::rtproto::KERNEL;
            if (keep(&r.origin) && !learned) || (all && !learned) {
                let dst = if r.dst.prefix_len == 0 { "default".to_string() } else { r.dst.to_string() };
                let kind = match r.kind {
                    RouteType::Unicast => String::new(),
                    other => format!("{} ", other.name()),
                };
                let via = r.gateway.map(|g| format!(" via {g}")).unwrap_or_default();
                let dev = r.dev.map(|d| format!(" dev {}", name(d))).unwrap_or_default();
                v.push(Object { netns: label.clone(), kind: "route", text: format!("{kind}{dst}{via}{dev}"), origin: r.origin.clone() });
            }
        }
        for e in n.neigh.entries.values() {
            if (e.state == NudState::Permanent && keep(&e.origin)) || all {
                let ll = e.lladdr.map(|m| format!(" lladdr {m}")).unwrap_or_default();
                v.push(Object {
                    netns: label.clone(),
                    kind: "neigh",
                    text: format!("{} dev {}{ll} {}", e.ip, name(e.dev), e.state.name()),
                    origin: e.origin.clone(),
                });
            }
        }
        for (table, rule, o) in n.netfilter.rules_with_origin() {
            if keep(&o) {
                let t = if table.name() == "filter" { String::new() } else { format!("-t {} ", table.name()) };
                v.push(Object { netns: label.clone(), kind: "iptables", text: format!("{t}{rule}"), origin: o });
            }
        }
    }
    v
}
