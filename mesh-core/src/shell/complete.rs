//! Tab completion: which words may come next on a command line, and the
//! text of the `help` built-in.
//!
//! [`complete`] looks at the line up to the cursor the way bash's
//! programmable completion does: it finds the simple command the cursor is
//! in (after `|`, `;`, `&&`, `||`), looks through wrappers that run another
//! command (`sudo`, `trace`, `ip netns exec NS`, `nsenter … `, `docker exec
//! CONTAINER`, `ssh NODE`), and then offers, from a static table of the
//! tools mesh models, the command names, subcommands, flags or option
//! values that fit — or names the session knows ([`Names`]): machines,
//! network namespaces and their paths (`/run/docker/netns/…`,
//! `/run/netns/…`), devices, containers, services and networks.
//!
//! Not modelled: completion of file names, of variables, or of words inside
//! quotes; a word is completed as typed (no unquoting).

use std::collections::BTreeSet;

use super::Session;
use crate::kernel::INIT_NETNS;

/// Names the session knows, for completing arguments.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Names {
    /// Every machine (for `ssh`, `docker node …`).
    pub nodes: Vec<String>,
    /// Bind-mounted network namespaces of the current machine
    /// (`/run/docker/netns/ingress_sbox`, `/run/netns/blue`).
    pub netns_paths: Vec<String>,
    /// Names `ip netns` knows on the current machine.
    pub netns_names: Vec<String>,
    /// Devices of the current machine's initial namespace.
    pub devices: Vec<String>,
    /// Container names and IDs on the current machine (`docker exec`).
    pub containers: Vec<String>,
    /// Swarm service names.
    pub services: Vec<String>,
    /// Docker network names.
    pub networks: Vec<String>,
}

/// The candidates for the word that ends at the cursor.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Completion {
    /// Byte offset in the line where the word being completed starts.
    pub start: usize,
    /// Replacements for `line[start..cursor]`, sorted. A lone candidate that
    /// completes a whole word ends with a space, as in bash.
    pub candidates: Vec<String>,
}

/// What a positional argument is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Arg {
    Nothing,
    Commands,
    Nodes,
    Netns,
    Devices,
    Containers,
    Services,
    Networks,
    Words(&'static [&'static str]),
}

/// One command or subcommand of the table.
struct Spec {
    path: &'static [&'static str],
    subcommands: &'static [&'static str],
    flags: &'static [&'static str],
    args: Arg,
}

const fn spec(path: &'static [&'static str], subcommands: &'static [&'static str], flags: &'static [&'static str], args: Arg) -> Spec {
    Spec { path, subcommands, flags, args }
}

/// Options that take a value, per command, and what the value is.
const VALUE_OPTIONS: &[(&str, &str, Arg)] = &[
    ("ip", "-n", Arg::Netns),
    ("ip", "-netns", Arg::Netns),
    ("ip", "dev", Arg::Devices),
    ("ip", "master", Arg::Devices),
    ("iptables", "-t", Arg::Words(TABLES)),
    ("iptables", "-j", Arg::Words(TARGETS)),
    ("iptables", "-p", Arg::Words(PROTOCOLS)),
    ("iptables", "-i", Arg::Devices),
    ("iptables", "-o", Arg::Devices),
    ("iptables", "-s", Arg::Nothing),
    ("iptables", "-d", Arg::Nothing),
    ("iptables-save", "-t", Arg::Words(TABLES)),
    ("ipvsadm", "-s", Arg::Words(SCHEDULERS)),
    ("ipvsadm", "-t", Arg::Nothing),
    ("ipvsadm", "-u", Arg::Nothing),
    ("ipvsadm", "-f", Arg::Nothing),
    ("ipvsadm", "-r", Arg::Nothing),
    ("ipvsadm", "-w", Arg::Nothing),
    ("conntrack", "-p", Arg::Words(PROTOCOLS)),
    ("conntrack", "-s", Arg::Nothing),
    ("conntrack", "-d", Arg::Nothing),
    ("tcpdump", "-i", Arg::Devices),
    ("tcpdump", "-c", Arg::Nothing),
    ("tcpdump", "-w", Arg::Nothing),
    ("tcpdump", "-r", Arg::Nothing),
    ("ping", "-c", Arg::Nothing),
    ("ping", "-i", Arg::Nothing),
    ("ping", "-W", Arg::Nothing),
    ("ping", "-w", Arg::Nothing),
    ("ping", "-s", Arg::Nothing),
    ("curl", "-o", Arg::Nothing),
    ("curl", "-H", Arg::Nothing),
    ("curl", "-m", Arg::Nothing),
    ("curl", "--max-time", Arg::Nothing),
    ("curl", "--connect-timeout", Arg::Nothing),
    ("nsenter", "-t", Arg::Nothing),
    ("docker", "--network", Arg::Networks),
    ("docker", "--name", Arg::Nothing),
    ("docker", "--replicas", Arg::Nothing),
    ("docker", "-p", Arg::Nothing),
    ("docker", "--publish", Arg::Nothing),
    ("docker", "--publish-add", Arg::Nothing),
    ("docker", "--publish-rm", Arg::Nothing),
    ("docker", "--endpoint-mode", Arg::Words(&["dnsrr", "vip"])),
    ("docker", "--mode", Arg::Words(&["global", "replicated"])),
    ("docker", "--availability", Arg::Words(&["active", "drain", "pause"])),
    ("docker", "--format", Arg::Nothing),
    ("docker", "-f", Arg::Nothing),
    ("docker", "--filter", Arg::Nothing),
    ("docker", "--advertise-addr", Arg::Nothing),
    ("docker", "--token", Arg::Nothing),
    ("docker", "--subnet", Arg::Nothing),
    ("docker", "--driver", Arg::Words(&["bridge", "overlay"])),
    ("docker", "-d", Arg::Words(&["bridge", "overlay"])),
    ("docker", "--image", Arg::Nothing),
    ("sysctl", "-w", Arg::Words(SYSCTLS)),
];

const TABLES: &[&str] = &["filter", "mangle", "nat", "raw", "security"];
const TARGETS: &[&str] = &["ACCEPT", "DNAT", "DROP", "LOG", "MARK", "MASQUERADE", "REDIRECT", "REJECT", "RETURN", "SNAT"];
const PROTOCOLS: &[&str] = &["all", "icmp", "tcp", "udp"];
const SCHEDULERS: &[&str] = &["dh", "lblc", "lblcr", "lc", "nq", "rr", "sed", "sh", "wlc", "wrr"];
const SYSCTLS: &[&str] = &[
    "net.bridge.bridge-nf-call-iptables",
    "net.ipv4.conf.all.forwarding",
    "net.ipv4.conf.all.rp_filter",
    "net.ipv4.ip_forward",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.vs.conn_reuse_mode",
    "net.ipv4.vs.conntrack",
    "net.ipv4.vs.expire_nodest_conn",
    "net.ipv4.vs.expire_quiescent_template",
];

const IPTABLES_FLAGS: &[&str] = &[
    "--append",
    "--check",
    "--delete",
    "--delete-chain",
    "--dport",
    "--flush",
    "--insert",
    "--jump",
    "--line-numbers",
    "--list",
    "--list-rules",
    "--new-chain",
    "--numeric",
    "--policy",
    "--protocol",
    "--sport",
    "--table",
    "--to-destination",
    "--to-ports",
    "--to-source",
    "--verbose",
    "--zero",
    "-A",
    "-C",
    "-D",
    "-F",
    "-I",
    "-L",
    "-N",
    "-P",
    "-S",
    "-X",
    "-Z",
    "-d",
    "-i",
    "-j",
    "-m",
    "-n",
    "-o",
    "-p",
    "-s",
    "-t",
    "-v",
    "-x",
];

/// The tools and built-ins mesh knows, with one line of help each.
pub const COMMANDS: &[(&str, &str)] = &[
    ("back", "show the previous hop of the last trace"),
    ("bridge", "show bridge ports and forwarding databases (iproute2)"),
    ("cat", "print standard input or a file"),
    ("conntrack", "list, watch and delete connection tracking entries"),
    ("curl", "make an HTTP request"),
    ("cut", "select fields of each line"),
    ("dmesg", "the kernel log (LOG and TRACE rules write here)"),
    ("docker", "the Docker CLI: swarm, node, service, network, container, exec"),
    ("echo", "print its arguments"),
    ("exit", "leave this machine (back to the previous one)"),
    ("false", "fail"),
    ("grep", "print lines that match"),
    ("head", "print the first lines"),
    ("help", "this help"),
    ("hex", "the bytes of a hop, changed bytes marked"),
    ("hop", "jump to hop N of the last trace"),
    ("hops", "the hop list of the last trace again"),
    ("hostname", "the machine's name"),
    ("ip", "addresses, links, routes, neighbours and namespaces (iproute2)"),
    ("iptables", "netfilter rules: list, add, delete"),
    ("iptables-restore", "load netfilter rules"),
    ("iptables-save", "dump netfilter rules"),
    ("ipvsadm", "IPVS virtual services and their real servers"),
    ("jobs", "list background jobs (`CMD &`); `wait`, `fg`, `kill %N`"),
    ("less", "page through standard input"),
    ("ls", "list a directory (/run/netns, /run/docker/netns)"),
    ("nettest", "open raw TCP/UDP connections and listeners"),
    ("next", "show the next hop of the last trace"),
    ("nsenter", "run a command in another namespace"),
    ("nslookup", "query DNS (in containers: Docker's embedded DNS)"),
    ("origin", "which command created each kernel object here (provenance)"),
    ("ping", "send ICMP echo requests"),
    ("seq", "print a sequence of numbers"),
    ("sleep", "let virtual time pass"),
    ("sort", "sort lines"),
    ("ss", "list sockets: listeners, connections, their processes (iproute2)"),
    ("ssh", "log in to another machine"),
    ("step", "show the next hop of the last trace"),
    ("sudo", "run a command as root; `sudo -i` for a root shell"),
    ("sysctl", "read and set kernel parameters"),
    ("tail", "print the last lines"),
    ("tcpdump", "capture packets on a device"),
    ("trace", "run a command and record every hop its packets make"),
    ("true", "succeed"),
    ("uniq", "drop repeated lines"),
    ("wc", "count lines, words and bytes"),
    ("wget", "fetch a URL"),
    ("whoami", "the current user"),
];

const SPECS: &[Spec] = &[
    spec(&["sudo"], &[], &["-i", "-s", "-u"], Arg::Commands),
    spec(&["trace"], &[], &[], Arg::Commands),
    spec(&["ssh"], &[], &[], Arg::Nodes),
    spec(&["help"], &[], &[], Arg::Nothing),
    spec(
        &["ip"],
        &["address", "addr", "link", "neigh", "netns", "route", "rule"],
        &["-4", "-br", "-brief", "-c", "-d", "-details", "-j", "-n", "-netns", "-o", "-p", "-s"],
        Arg::Nothing,
    ),
    spec(&["ip", "address"], &["add", "del", "flush", "show"], &[], Arg::Nothing),
    spec(&["ip", "addr"], &["add", "del", "flush", "show"], &[], Arg::Nothing),
    spec(&["ip", "link"], &["add", "del", "set", "show"], &[], Arg::Nothing),
    spec(&["ip", "link", "show"], &[], &[], Arg::Devices),
    spec(&["ip", "link", "set"], &[], &[], Arg::Devices),
    spec(&["ip", "link", "del"], &[], &[], Arg::Devices),
    spec(&["ip", "route"], &["add", "del", "flush", "get", "replace", "show"], &[], Arg::Nothing),
    spec(&["ip", "neigh"], &["add", "del", "flush", "replace", "show"], &[], Arg::Nothing),
    spec(&["ip", "netns"], &["add", "del", "exec", "identify", "list", "pids", "set"], &[], Arg::Nothing),
    spec(&["ip", "netns", "del"], &[], &[], Arg::Netns),
    spec(&["ip", "netns", "exec"], &[], &[], Arg::Netns),
    spec(&["ip", "rule"], &["add", "del", "show"], &[], Arg::Nothing),
    spec(&["bridge"], &["fdb", "link", "vlan"], &["-d", "-s"], Arg::Nothing),
    spec(&["bridge", "fdb"], &["add", "append", "del", "replace", "show"], &[], Arg::Nothing),
    spec(&["bridge", "link"], &["show"], &[], Arg::Nothing),
    spec(&["bridge", "vlan"], &["show"], &[], Arg::Nothing),
    spec(&["iptables"], &[], IPTABLES_FLAGS, Arg::Nothing),
    spec(&["iptables-save"], &[], &["-c", "-t"], Arg::Nothing),
    spec(
        &["ipvsadm"],
        &[],
        &[
            "--list",
            "--numeric",
            "--rate",
            "--stats",
            "-A",
            "-C",
            "-D",
            "-E",
            "-L",
            "-Z",
            "-a",
            "-d",
            "-e",
            "-f",
            "-g",
            "-i",
            "-l",
            "-m",
            "-n",
            "-r",
            "-s",
            "-t",
            "-u",
            "-w",
        ],
        Arg::Nothing,
    ),
    spec(&["conntrack"], &[], &["--dport", "--dst-nat", "--sport", "--src-nat", "-C", "-D", "-E", "-F", "-L", "-S", "-d", "-n", "-p", "-s"], Arg::Nothing),
    spec(&["nsenter"], &[], &["--net", "--net=", "-n", "-t"], Arg::Commands),
    spec(&["tcpdump"], &[], &["-c", "-e", "-i", "-l", "-n", "-nn", "-q", "-r", "-v", "-vv", "-w"], Arg::Nothing),
    spec(&["curl"], &[], &["--connect-timeout", "--max-time", "-H", "-I", "-m", "-o", "-s", "-v"], Arg::Nothing),
    spec(&["ping"], &[], &["-W", "-c", "-i", "-n", "-q", "-s", "-w"], Arg::Nothing),
    spec(&["ss"], &[], &["-4", "-6", "-H", "-N", "-a", "-l", "-n", "-p", "-s", "-t", "-u"], Arg::Nothing),
    spec(&["sysctl"], &[], &["-a", "-w"], Arg::Words(SYSCTLS)),
    spec(
        &["docker"],
        &["container", "exec", "info", "inspect", "logs", "network", "node", "ps", "service", "swarm", "version"],
        &["--help", "--version"],
        Arg::Nothing,
    ),
    spec(&["docker", "container"], &["exec", "inspect", "logs", "ls", "ps"], &[], Arg::Nothing),
    spec(&["docker", "container", "inspect"], &[], &["--format", "-f"], Arg::Containers),
    spec(&["docker", "container", "exec"], &[], &["-i", "-t", "-it"], Arg::Containers),
    spec(&["docker", "container", "logs"], &[], &[], Arg::Containers),
    spec(&["docker", "container", "ls"], &[], &["--all", "--format", "--no-trunc", "--quiet", "-a", "-q"], Arg::Nothing),
    spec(&["docker", "ps"], &[], &["--all", "--format", "--no-trunc", "--quiet", "-a", "-q"], Arg::Nothing),
    spec(&["docker", "exec"], &[], &["-i", "-t", "-it"], Arg::Containers),
    spec(&["docker", "inspect"], &[], &["--format", "-f"], Arg::Containers),
    spec(&["docker", "logs"], &[], &[], Arg::Containers),
    spec(&["docker", "network"], &["create", "inspect", "ls", "rm"], &[], Arg::Nothing),
    spec(&["docker", "network", "create"], &[], &["--attachable", "--driver", "--subnet", "-d"], Arg::Nothing),
    spec(&["docker", "network", "inspect"], &[], &["--format", "-f"], Arg::Networks),
    spec(&["docker", "network", "ls"], &[], &["--filter", "--format", "--no-trunc", "--quiet", "-f", "-q"], Arg::Nothing),
    spec(&["docker", "network", "rm"], &[], &[], Arg::Networks),
    spec(&["docker", "node"], &["demote", "inspect", "ls", "promote", "ps", "rm", "update"], &[], Arg::Nothing),
    spec(&["docker", "node", "demote"], &[], &[], Arg::Nodes),
    spec(&["docker", "node", "inspect"], &[], &["--format", "--pretty", "-f"], Arg::Nodes),
    spec(&["docker", "node", "ls"], &[], &["--filter", "--format", "--quiet", "-f", "-q"], Arg::Nothing),
    spec(&["docker", "node", "promote"], &[], &[], Arg::Nodes),
    spec(&["docker", "node", "ps"], &[], &["--filter", "--format", "--no-trunc", "-f"], Arg::Nodes),
    spec(&["docker", "node", "rm"], &[], &["--force"], Arg::Nodes),
    spec(&["docker", "node", "update"], &[], &["--availability"], Arg::Nodes),
    spec(&["docker", "service"], &["create", "inspect", "logs", "ls", "ps", "rm", "scale", "update"], &[], Arg::Nothing),
    spec(
        &["docker", "service", "create"],
        &[],
        &["--detach", "--endpoint-mode", "--mode", "--name", "--network", "--publish", "--replicas", "-d", "-p"],
        Arg::Nothing,
    ),
    spec(&["docker", "service", "inspect"], &[], &["--format", "--pretty", "-f"], Arg::Services),
    spec(&["docker", "service", "logs"], &[], &[], Arg::Services),
    spec(&["docker", "service", "ls"], &[], &["--filter", "--format", "--quiet", "-f", "-q"], Arg::Nothing),
    spec(&["docker", "service", "ps"], &[], &["--filter", "--format", "--no-trunc", "-f"], Arg::Services),
    spec(&["docker", "service", "rm"], &[], &[], Arg::Services),
    spec(&["docker", "service", "scale"], &[], &["--detach", "-d"], Arg::Services),
    spec(&["docker", "service", "update"], &[], &["--detach", "--image", "--publish-add", "--publish-rm", "--replicas", "-d"], Arg::Services),
    spec(&["docker", "swarm"], &["init", "join", "join-token", "leave"], &[], Arg::Nothing),
    spec(&["docker", "swarm", "init"], &[], &["--advertise-addr"], Arg::Nothing),
    spec(&["docker", "swarm", "join"], &[], &["--token"], Arg::Nothing),
    spec(&["docker", "swarm", "join-token"], &[], &["--quiet", "-q"], Arg::Words(&["manager", "worker"])),
    spec(&["docker", "swarm", "leave"], &[], &["--force", "-f"], Arg::Nothing),
];

/// The `help` built-in's text.
pub fn help_text() -> String {
    let mut out = String::from(
        "mesh: Docker Swarm's ingress routing mesh, simulated packet by packet.\n\
         \n\
         You are in a shell on a simulated Linux machine. mesh models network\n\
         namespaces, veth pairs, Linux bridges, VXLAN, routing and ARP, netfilter\n\
         (iptables), connection tracking and NAT, IPVS, a small TCP, and the Docker\n\
         Swarm control plane that programs them. Every packet is real bytes, and\n\
         the tools print what the real tools print.\n\
         \n\
         Commands:\n",
    );
    let width = COMMANDS.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
    for (name, what) in COMMANDS {
        out.push_str(&format!("  {name:<width$}  {what}\n"));
    }
    out.push_str(
        "\n\
         Tracing a request:\n\
         \x20 trace curl 172.19.177.14:8080   run the command, then list every hop its packets made\n\
         \x20 step (or next), back           walk the hops: headers, rules, NAT, conntrack, IPVS\n\
         \x20 hop N, hops, hex N             jump to a hop, list them again, show a hop's bytes\n\
         \n\
         The shell: `ssh NODE` logs in to another machine and `exit` comes back;\n\
         `sudo -i` gives a root shell; pipes, `;`, `&&`, `||`, redirections,\n\
         here-documents, `$(…)` and `for i in $(seq 5); do …; done` loops work.\n\
         Tab completes commands, options and names.\n",
    );
    out
}

/// Completion candidates for the word ending at byte `cursor` of `line`.
pub fn complete(line: &str, cursor: usize, names: &Names) -> Completion {
    let cursor = floor_char_boundary(line, cursor);
    let before = &line[..cursor];
    let (words, start) = current_command(before);
    let current = &before[start..];
    let mut candidates: BTreeSet<String> = BTreeSet::new();
    let rest = unwrap_command(&words);
    if let Some(value) = current.strip_prefix("--net=") {
        candidates.extend(names.netns_paths.iter().filter(|p| p.starts_with(value)).map(|p| format!("--net={p}")));
    } else if current.starts_with('/') {
        candidates.extend(names.netns_paths.iter().filter(|p| p.starts_with(current)).cloned());
    } else if rest.is_empty() {
        candidates.extend(COMMANDS.iter().map(|(n, _)| n.to_string()).filter(|n| n.starts_with(current)));
    } else {
        let cmd = rest[0];
        let (spec, positional, pending) = resolve(cmd, &rest[1..]);
        let arg = match pending {
            Some(value_kind) => value_kind,
            None if current.starts_with('-') => {
                let flags = spec.map(|s| s.flags).unwrap_or(&[]);
                candidates.extend(flags.iter().filter(|f| f.starts_with(current)).map(|f| f.to_string()));
                Arg::Nothing
            }
            None => match spec {
                Some(s) if positional == 0 && !s.subcommands.is_empty() => Arg::Words(s.subcommands),
                Some(s) => s.args,
                None => Arg::Nothing,
            },
        };
        candidates.extend(arg_values(arg, names).into_iter().filter(|v| v.starts_with(current)));
    }
    let mut candidates: Vec<String> = candidates.into_iter().collect();
    if let [only] = candidates.as_mut_slice()
        && !only.ends_with('=')
        && !only.ends_with('/')
    {
        only.push(' ');
    }
    Completion { start, candidates }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The finished words of the simple command the cursor is in, and where
/// the word under the cursor starts.
fn current_command(before: &str) -> (Vec<&str>, usize) {
    let mut words: Vec<&str> = Vec::new();
    let mut word_start: Option<usize> = None;
    let mut quote: Option<char> = None;
    for (i, c) in before.char_indices() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' => {
                quote = Some(c);
                word_start.get_or_insert(i);
            }
            ' ' | '\t' => {
                if let Some(s) = word_start.take() {
                    words.push(&before[s..i]);
                }
            }
            '|' | ';' | '&' => {
                word_start = None;
                words.clear();
            }
            _ => {
                word_start.get_or_insert(i);
            }
        }
    }
    // The word under the cursor is not finished yet.
    (words, word_start.unwrap_or(before.len()))
}

/// Look through commands that run another command; what remains is the
/// command whose arguments are being typed (empty: a command name is).
fn unwrap_command<'a>(words: &'a [&'a str]) -> &'a [&'a str] {
    let mut rest = words;
    loop {
        let next = match rest {
            ["sudo", tail @ ..] if !tail.is_empty() => skip_options(tail, &["-u"]),
            ["trace", tail @ ..] => tail,
            ["ip", "netns", "exec", _ns, tail @ ..] => tail,
            ["nsenter", tail @ ..] if !tail.is_empty() => skip_options(tail, &["-t"]),
            ["docker", "exec" | "container", ..] => match docker_exec_tail(rest) {
                Some(t) => t,
                None => return rest,
            },
            ["ssh", _node, tail @ ..] => tail,
            _ => return rest,
        };
        if next.len() == rest.len() {
            return rest;
        }
        rest = next;
    }
}

/// The words after `docker exec [OPTIONS] CONTAINER`, once the container
/// has been typed.
fn docker_exec_tail<'a>(words: &'a [&'a str]) -> Option<&'a [&'a str]> {
    let tail = match words {
        ["docker", "exec", tail @ ..] | ["docker", "container", "exec", tail @ ..] => tail,
        _ => return None,
    };
    let tail = skip_options(tail, &["-e", "-u", "-w"]);
    match tail {
        [_container, cmd @ ..] => Some(cmd),
        [] => None,
    }
}

/// Drop leading options (and the values of those in `with_value`).
fn skip_options<'a>(mut words: &'a [&'a str], with_value: &[&str]) -> &'a [&'a str] {
    while let [first, tail @ ..] = words {
        if !first.starts_with('-') {
            break;
        }
        words = if with_value.contains(first) && !tail.is_empty() { &tail[1..] } else { tail };
    }
    words
}

/// Find the deepest subcommand of `cmd` named by `args`; returns it, how
/// many positional arguments follow it, and — when the last word is an
/// option that takes a value — what that value is.
fn resolve(cmd: &str, args: &[&str]) -> (Option<&'static Spec>, usize, Option<Arg>) {
    let mut path: Vec<&str> = vec![cmd];
    let mut spec = find_spec(&path);
    let mut positional = 0;
    let mut i = 0;
    while i < args.len() {
        let w = args[i];
        if let Some(kind) = value_option(cmd, w) {
            if i + 1 == args.len() {
                return (spec, positional, Some(kind));
            }
            i += 2;
            continue;
        }
        if !w.starts_with('-') {
            path.push(w);
            match find_spec(&path) {
                Some(s) if positional == 0 => spec = Some(s),
                _ => {
                    path.pop();
                    positional += 1;
                }
            }
        }
        i += 1;
    }
    (spec, positional, None)
}

fn find_spec(path: &[&str]) -> Option<&'static Spec> {
    SPECS.iter().find(|s| s.path == path)
}

/// What value the option `word` of `cmd` takes, if any; in a cluster of
/// short options (`-ni`) the last one may take the value.
fn value_option(cmd: &str, word: &str) -> Option<Arg> {
    let find = |w: &str| VALUE_OPTIONS.iter().find(|(c, o, _)| *c == cmd && *o == w).map(|(_, _, a)| *a);
    find(word).or_else(|| {
        let cluster = word.strip_prefix('-').filter(|w| w.len() > 1 && w.chars().all(|c| c.is_ascii_alphabetic()))?;
        find(&format!("-{}", cluster.chars().last()?))
    })
}

fn arg_values(arg: Arg, names: &Names) -> Vec<String> {
    let own = |v: &[String]| v.to_vec();
    match arg {
        Arg::Nothing => Vec::new(),
        Arg::Commands => COMMANDS.iter().map(|(n, _)| n.to_string()).collect(),
        Arg::Nodes => own(&names.nodes),
        Arg::Netns => own(&names.netns_names),
        Arg::Devices => own(&names.devices),
        Arg::Containers => own(&names.containers),
        Arg::Services => own(&names.services),
        Arg::Networks => own(&names.networks),
        Arg::Words(w) => w.iter().map(|s| s.to_string()).collect(),
    }
}

impl Session {
    /// What completion may offer on the current machine: every machine's
    /// name, the current machine's namespace mounts, `ip netns` names and
    /// devices. Containers, services and networks are listed once the
    /// session runs Docker.
    pub fn completion_names(&self) -> Names {
        let mut names = Names { nodes: self.world.hosts.iter().map(|h| h.name.clone()).collect(), ..Names::default() };
        if self.ended() {
            return names;
        }
        let k = self.world.kernel(self.ctx().host);
        names.netns_paths = k.mounts.keys().cloned().collect();
        names.netns_names = k.named_netns().into_iter().map(|(n, _)| n).collect();
        names.devices = k.devs_in(INIT_NETNS).map(|d| d.name.clone()).collect();
        names
    }

    /// [`complete`] with what this session knows.
    pub fn complete(&self, line: &str, cursor: usize) -> Completion {
        complete(line, cursor, &self.completion_names())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Names {
            nodes: v(&["node1", "node2"]),
            netns_paths: v(&["/run/docker/netns/1-m4np8jn3j5", "/run/docker/netns/ingress_sbox", "/run/netns/blue"]),
            netns_names: v(&["blue"]),
            devices: v(&["docker0", "docker_gwbridge", "eth0", "lo"]),
            containers: v(&["web.1.abc123", "web.2.def456"]),
            services: v(&["web", "whoami"]),
            networks: v(&["ingress", "mynet"]),
        }
    }

    /// `line` has `|` where the cursor is (the end when absent).
    #[track_caller]
    fn check(line: &str, expected: &[&str]) {
        let (text, cursor) = match line.find('|') {
            Some(i) if !line[i + 1..].contains('|') && !line.contains(" | ") => (line.replacen('|', "", 1), i),
            _ => (line.to_string(), line.len()),
        };
        let c = complete(&text, cursor, &names());
        let word = &text[c.start..cursor];
        assert_eq!(c.candidates, expected, "completing {word:?} in {text:?}");
    }

    #[test]
    fn completes_command_names() {
        check("ip", &["ip", "iptables", "iptables-restore", "iptables-save", "ipvsadm"]);
        check("iptables-", &["iptables-restore", "iptables-save"]);
        check("ho", &["hop", "hops", "hostname"]);
        check("zz", &[]);
        check("", &COMMANDS.iter().map(|(n, _)| *n).collect::<Vec<_>>());
    }

    #[test]
    fn completes_subcommands_and_flags() {
        check("docker s", &["service", "swarm"]);
        check("docker service ", &["create", "inspect", "logs", "ls", "ps", "rm", "scale", "update"]);
        check("docker service create --n", &["--name", "--network"]);
        check("docker service create --name web --network ", &["ingress", "mynet"]);
        check("docker service create --publish 8080:80 --re", &["--replicas "]);
        check("ip netns ", &["add", "del", "exec", "identify", "list", "pids", "set"]);
        check("ip -br a", &["addr", "address"]);
        check("ip -n blue addr s", &["show "]);
        check("iptables -t ", &["filter", "mangle", "nat", "raw", "security"]);
        check("iptables -t nat -nvL --line", &["--line-numbers "]);
        check("iptables -A INPUT -j DR", &["DROP "]);
        check("ipvsadm -A -f 256 -s ", &["dh", "lblc", "lblcr", "lc", "nq", "rr", "sed", "sh", "wlc", "wrr"]);
        check("sysctl net.ipv4.ip_f", &["net.ipv4.ip_forward "]);
    }

    #[test]
    fn completes_names_the_session_knows() {
        check("ssh n", &["node1", "node2"]);
        check("ssh node2 host", &["hostname "]);
        check("docker node update --availability drain ", &["node1", "node2"]);
        check("docker node update --availability d", &["drain "]);
        check("docker service ps w", &["web", "whoami"]);
        check("docker service scale web", &["web "]);
        check("docker exec -it web", &["web.1.abc123", "web.2.def456"]);
        check("docker exec web.1.abc123 ip a", &["addr", "address"]);
        check("docker network inspect i", &["ingress "]);
        check("ip netns exec b", &["blue "]);
        check("ip netns exec blue ip l", &["link "]);
        check("ip link set dev d", &["docker0", "docker_gwbridge"]);
        check("tcpdump -ni e", &["eth0 "]);
        check("tcpdump -n -i e", &["eth0 "]);
    }

    #[test]
    fn completes_namespace_paths() {
        check("nsenter --net=/run/docker/netns/i", &["--net=/run/docker/netns/ingress_sbox "]);
        check("nsenter --net=", &["--net=/run/docker/netns/1-m4np8jn3j5", "--net=/run/docker/netns/ingress_sbox", "--net=/run/netns/blue"]);
        check("sudo nsenter --net=/run/docker/netns/ingress_sbox ipt", &["iptables", "iptables-restore", "iptables-save"]);
        check("ls /run/n", &["/run/netns/blue "]);
    }

    #[test]
    fn looks_through_wrappers_and_operators() {
        check("sudo ipv", &["ipvsadm "]);
        check("sudo -i", &["-i "]);
        check("trace cu", &["curl", "cut"]);
        check("iptables -nvL | gr", &["grep "]);
        check("ip a; docker n", &["network", "node"]);
        check("true && ho", &["hop", "hops", "hostname"]);
        check("echo 'a | b' ; whoa", &["whoami "]);
    }

    #[test]
    fn the_cursor_may_be_inside_the_line() {
        check("docker ser| ls", &["service "]);
        // A cursor past the end or inside a multibyte character is clamped.
        let c = complete("écho", 1, &names());
        assert_eq!(c.start, 0);
        assert_eq!(complete("ip", 99, &names()).candidates.len(), 5);
    }

    proptest::proptest! {
        #[test]
        fn completing_any_line_at_any_cursor_never_panics(line in "[ -~é|;&'\"]{0,40}", cursor in 0usize..50) {
            let c = complete(&line, cursor, &names());
            proptest::prop_assert!(c.start <= line.len());
        }
    }

    #[test]
    fn help_lists_every_command() {
        let help = help_text();
        let width = COMMANDS.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
        for (name, what) in COMMANDS {
            assert!(help.contains(&format!("  {name:<width$}  {what}\n")), "{name} missing from help");
        }
        assert!(help.contains("trace curl 172.19.177.14:8080"));
    }

    #[test]
    fn the_session_reports_its_machines_namespaces_and_devices() {
        let mut s = Session::bare_host(1);
        let blue = s.world.with_kernel(s.ctx().host, |k| k.netns_create());
        s.world.with_kernel(s.ctx().host, |k| k.netns_mount("/run/netns/blue", blue));
        let n = s.completion_names();
        assert_eq!(n.nodes, ["host"]);
        assert_eq!(n.netns_paths, ["/run/netns/blue"]);
        assert_eq!(n.netns_names, ["blue"]);
        assert_eq!(n.devices, ["lo"]);
        assert_eq!(s.complete("ip netns exec b", 15).candidates, ["blue "]);
        assert_eq!(s.run("help").stdout, help_text());
    }
}
