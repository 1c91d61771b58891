//! `ss` (iproute2 6.1): socket statistics over the kernel's real TCP and UDP
//! socket tables.
//!
//! Modelled: the TCP and UDP tables of a namespace (`-t`, `-u`, `-A`,
//! `-f inet|inet6`, `-4`, `-6`), the state selection (default: connected
//! sockets; `-l` listening and unconnected; `-a` all; `state`/`exclude`
//! filters), `-n`, `-H`, `-p`, `-s`, `-N NAME`/`--net`, and filter
//! expressions over ports and addresses (`sport = :80`, `dport != :8080`,
//! `src 10.0.0.0/24`, `dst 10.0.0.2:80`, `<`/`>`/`<=`/`>=`, `and`/`or`/
//! `not`, parentheses). Errors are ss's own text and status (getopt's
//! messages, then the usage on stderr, status 255).
//!
//! Columns follow ss's renderer: each column is as wide as its widest field
//! (the header included, unless `-H`), addresses right-aligned against their
//! ports, Recv-Q/Send-Q printed `%-6d`, the Netid column only when more than
//! one socket table is shown and the State column only when more than one
//! state can be. ss spreads the columns over the terminal's width when its
//! output is a terminal; mesh does not know the terminal's width and always
//! prints the compact layout ss prints into a pipe (`ss … | cat`).
//!
//! What the columns hold:
//! - LISTEN: Recv-Q is the accept queue (established, not yet accepted),
//!   Send-Q the backlog (4096 for Go programs: `somaxconn`).
//! - Connections: Recv-Q the bytes not yet read (a FIN the program has not
//!   read counts one, in CLOSE-WAIT), Send-Q the bytes not yet acknowledged
//!   (a queued FIN counts one). TIME-WAIT sockets and SYN-RECV requests show
//!   0 and 0 and belong to no process.
//! - UDP: UNCONN when not connected, ESTAB when connected; Recv-Q is the
//!   bytes queued (Linux counts the buffers' true size, which mesh does not
//!   model, so a non-empty queue reads smaller here).
//! - Ports are printed by service name (`/etc/services` of Debian's netbase)
//!   unless `-n` or the port is in `net.ipv4.ip_local_port_range`.
//!
//! IPv6: mesh has no IPv6, but Go programs (dockerd, whoami) listen with
//! `net.Listen(":PORT")`, which opens a dual-stack IPv6 socket. ss shows it
//! as `*:PORT` with peer `*:*`, and the connections it accepts with
//! IPv4-mapped addresses (`[::ffff:10.0.0.5]:80`); `-4` hides them, `-6`
//! shows only them. mesh marks a socket so when its program is one of those
//! and it is bound to the wildcard address (or was accepted from such a
//! listener). nginx's image also listens on `[::]:80`, and its master and
//! worker processes share the listener (`users:(("nginx",…),("nginx",…))`);
//! mesh models one IPv4 listener held by one nginx process.
//!
//! Processes (`-p`): mesh has no process table. Process ids are given per
//! kernel in start order from [`FIRST_PID`], one per program instance, except
//! that every dockerd part (port reservations, embedded DNS resolvers) is the
//! one dockerd process; file descriptors count from 3 in the order the
//! process took its sockets (Linux reuses the lowest free descriptor; mesh
//! never reuses one). Without root, ss cannot read other users' `/proc/PID/fd`
//! and shows no processes.
//!
//! Not modelled (a `mesh: ss … is not modelled` line, status 1): Unix,
//! netlink, packet, TIPC, vsock and XDP sockets (`-x`, `-0`, `-f unix`, …;
//! a plain `ss` or `ss -a` lists only TCP and UDP, where Linux would list
//! Unix and netlink sockets too). Raw, DCCP, SCTP and MPTCP tables (`-w`,
//! `-d`, `-S`, `-M`) are shown, empty: no modelled program opens such a
//! socket (ping's ICMP sockets are not in any table ss reads).
//! Also not modelled: timers (`-o`), `-e`, `-i`, `-m`, `-T`, `-b`, `-E`, `-K`, `-D`, `-F`, `-O`,
//! `-r`, and the filter terms `dev`, `fwmark`, `cgroup`, `autobound`. The
//! order of sockets: ss lists each table's IPv4 sockets, then its IPv6 ones,
//! and Linux lists hash buckets (keyed with a random secret); mesh lists
//! UDP by port, then TCP listeners, then other TCP sockets, each in
//! socket-table order.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use crate::kernel::app::AppId;
use crate::kernel::socket::{SockId, SockKind};
use crate::kernel::tcp::TcpState;
use crate::kernel::{Kernel, NetnsId};
use crate::output::CmdOutput;

/// The first process id mesh gives a program on a kernel.
pub const FIRST_PID: u32 = 1000;

/// Programs written in Go that mesh runs as servers: their wildcard
/// listeners are dual-stack IPv6 sockets.
const GO_SERVERS: &[&str] = &["dockerd", "whoami"];

/// Programs of which mesh runs several parts that are one process in Linux.
const SINGLE_PROCESS: &[&str] = &["dockerd"];

const USAGE: &str = "Usage: ss [ OPTIONS ]
       ss [ OPTIONS ] [ FILTER ]
   -h, --help          this message
   -V, --version       output version information
   -n, --numeric       don't resolve service names
   -r, --resolve       resolve host names
   -a, --all           display all sockets
   -l, --listening     display listening sockets
   -o, --options       show timer information
   -e, --extended      show detailed socket information
   -m, --memory        show socket memory usage
   -p, --processes     show process using socket
   -T, --threads       show thread using socket
   -i, --info          show internal TCP information
       --tipcinfo      show internal tipc socket information
   -s, --summary       show socket usage summary
       --tos           show tos and priority information
       --cgroup        show cgroup information
   -b, --bpf           show bpf filter socket information
   -E, --events        continually display sockets as they are destroyed
   -Z, --context       display task SELinux security contexts
   -z, --contexts      display task and socket SELinux security contexts
   -N, --net           switch to the specified network namespace name

   -4, --ipv4          display only IP version 4 sockets
   -6, --ipv6          display only IP version 6 sockets
   -0, --packet        display PACKET sockets
   -t, --tcp           display only TCP sockets
   -M, --mptcp         display only MPTCP sockets
   -S, --sctp          display only SCTP sockets
   -u, --udp           display only UDP sockets
   -d, --dccp          display only DCCP sockets
   -w, --raw           display only RAW sockets
   -x, --unix          display only Unix domain sockets
       --tipc          display only TIPC sockets
       --vsock         display only vsock sockets
       --xdp           display only XDP sockets
   -f, --family=FAMILY display sockets of type FAMILY
       FAMILY := {inet|inet6|link|unix|netlink|vsock|tipc|xdp|help}

   -K, --kill          forcibly close sockets, display what was closed
   -H, --no-header     Suppress header line
   -O, --oneline       socket's data printed on a single line
       --inet-sockopt  show various inet socket options

   -A, --query=QUERY, --socket=QUERY
       QUERY := {all|inet|tcp|mptcp|udp|raw|unix|unix_dgram|unix_stream|unix_seqpacket|packet|packet_raw|packet_dgram|netlink|dccp|sctp|vsock_stream|vsock_dgram|tipc|xdp}[,QUERY]

   -D, --diag=FILE     Dump raw information about TCP sockets to FILE
   -F, --filter=FILE   read filter information from FILE
       FILTER := [ state STATE-FILTER ] [ EXPRESSION ]
       STATE-FILTER := {all|connected|synchronized|bucket|big|TCP-STATES}
         TCP-STATES := {established|syn-sent|syn-recv|fin-wait-{1,2}|time-wait|closed|close-wait|last-ack|listening|closing}
          connected := {established|syn-sent|syn-recv|fin-wait-{1,2}|time-wait|close-wait|last-ack|closing}
       synchronized := {established|syn-recv|fin-wait-{1,2}|time-wait|close-wait|last-ack|closing}
             bucket := {syn-recv|time-wait}
                big := {established|syn-sent|fin-wait-{1,2}|closed|close-wait|last-ack|listening|closing}
";

// ----- socket tables, families and states, numbered as in ss.c ------------------

const TCP_DB: u32 = 0;
const MPTCP_DB: u32 = 1;
const DCCP_DB: u32 = 2;
const UDP_DB: u32 = 3;
const RAW_DB: u32 = 4;
const SCTP_DB: u32 = 11;
const INET_DBM: u32 = (1 << TCP_DB) | (1 << MPTCP_DB) | (1 << UDP_DB) | (1 << DCCP_DB) | (1 << SCTP_DB) | (1 << RAW_DB);

const AF_INET: u8 = 1;
const AF_INET6: u8 = 2;

const SS_ESTABLISHED: u32 = 1;
const SS_SYN_SENT: u32 = 2;
const SS_SYN_RECV: u32 = 3;
const SS_FIN_WAIT1: u32 = 4;
const SS_FIN_WAIT2: u32 = 5;
const SS_TIME_WAIT: u32 = 6;
const SS_CLOSE: u32 = 7;
const SS_CLOSE_WAIT: u32 = 8;
const SS_LAST_ACK: u32 = 9;
const SS_LISTEN: u32 = 10;
const SS_CLOSING: u32 = 11;
const SS_ALL: u32 = (1 << 12) - 1;
const SS_CONN: u32 = SS_ALL & !((1 << SS_LISTEN) | (1 << SS_CLOSE) | (1 << SS_TIME_WAIT) | (1 << SS_SYN_RECV));

/// The states each table shows by default (`default_dbs` in ss.c).
fn db_default_states(db: u32) -> u32 {
    match db {
        UDP_DB | RAW_DB => 1 << SS_ESTABLISHED,
        _ => SS_CONN,
    }
}

fn ss_state(s: TcpState) -> u32 {
    match s {
        TcpState::Closed => SS_CLOSE,
        TcpState::Listen => SS_LISTEN,
        TcpState::SynSent => SS_SYN_SENT,
        TcpState::SynRecv => SS_SYN_RECV,
        TcpState::Established => SS_ESTABLISHED,
        TcpState::FinWait1 => SS_FIN_WAIT1,
        TcpState::FinWait2 => SS_FIN_WAIT2,
        TcpState::CloseWait => SS_CLOSE_WAIT,
        TcpState::Closing => SS_CLOSING,
        TcpState::LastAck => SS_LAST_ACK,
        TcpState::TimeWait => SS_TIME_WAIT,
    }
}

/// `scan_state`: a state name of a `state`/`exclude` filter (any case).
fn scan_state(name: &str) -> Option<u32> {
    let l = name.to_ascii_lowercase();
    Some(match l.as_str() {
        "close" | "closed" | "unconnected" => 1 << SS_CLOSE,
        "syn-rcv" | "syn-recv" => 1 << SS_SYN_RECV,
        "established" => 1 << SS_ESTABLISHED,
        "all" => SS_ALL,
        "connected" => SS_ALL & !((1 << SS_CLOSE) | (1 << SS_LISTEN)),
        "synchronized" => SS_ALL & !((1 << SS_CLOSE) | (1 << SS_LISTEN) | (1 << SS_SYN_SENT)),
        "bucket" => (1 << SS_SYN_RECV) | (1 << SS_TIME_WAIT),
        "big" => SS_ALL & !((1 << SS_SYN_RECV) | (1 << SS_TIME_WAIT)),
        "unknown" => 1,
        "syn-sent" => 1 << SS_SYN_SENT,
        "fin-wait-1" => 1 << SS_FIN_WAIT1,
        "fin-wait-2" => 1 << SS_FIN_WAIT2,
        "time-wait" => 1 << SS_TIME_WAIT,
        "close-wait" => 1 << SS_CLOSE_WAIT,
        "last-ack" => 1 << SS_LAST_ACK,
        "listening" => 1 << SS_LISTEN,
        "closing" => 1 << SS_CLOSING,
        _ => return None,
    })
}

fn state_name(state: u32) -> &'static str {
    match state {
        SS_ESTABLISHED => "ESTAB",
        SS_SYN_SENT => "SYN-SENT",
        SS_SYN_RECV => "SYN-RECV",
        SS_FIN_WAIT1 => "FIN-WAIT-1",
        SS_FIN_WAIT2 => "FIN-WAIT-2",
        SS_TIME_WAIT => "TIME-WAIT",
        SS_CLOSE => "UNCONN",
        SS_CLOSE_WAIT => "CLOSE-WAIT",
        SS_LAST_ACK => "LAST-ACK",
        SS_LISTEN => "LISTEN",
        SS_CLOSING => "CLOSING",
        _ => "UNKNOWN",
    }
}

// ----- options ---------------------------------------------------------------

/// What the command line asked for.
#[derive(Debug, Default)]
struct Opts {
    dbs: u32,
    families: u8,
    do_default: bool,
    /// The states the chosen tables show by default (`filter.states`).
    db_states: u32,
    /// The states `-a`, `-l`, `-A` or a `state` filter asked for.
    state_filter: u32,
    numeric: bool,
    processes: bool,
    header: bool,
    summary: bool,
    netns: Option<NetnsId>,
}

/// A finished run (an error, `-h`, `-V` …) or the parsed options and the
/// remaining words (the filter).
enum Parsed {
    Done(CmdOutput),
    Run(Opts, Vec<String>),
}

/// A long option: name, takes an argument, and the short option it means
/// (`'\0'` for those without one).
const LONG_OPTS: &[(&str, bool, char)] = &[
    ("numeric", false, 'n'),
    ("resolve", false, 'r'),
    ("options", false, 'o'),
    ("extended", false, 'e'),
    ("memory", false, 'm'),
    ("info", false, 'i'),
    ("processes", false, 'p'),
    ("threads", false, 'T'),
    ("bpf", false, 'b'),
    ("events", false, 'E'),
    ("dccp", false, 'd'),
    ("tcp", false, 't'),
    ("sctp", false, 'S'),
    ("udp", false, 'u'),
    ("raw", false, 'w'),
    ("unix", false, 'x'),
    ("tipc", false, '\0'),
    ("vsock", false, '\0'),
    ("all", false, 'a'),
    ("listening", false, 'l'),
    ("ipv4", false, '4'),
    ("ipv6", false, '6'),
    ("packet", false, '0'),
    ("family", true, 'f'),
    ("socket", true, 'A'),
    ("query", true, 'A'),
    ("summary", false, 's'),
    ("diag", true, 'D'),
    ("filter", true, 'F'),
    ("version", false, 'V'),
    ("help", false, 'h'),
    ("context", false, 'Z'),
    ("contexts", false, 'z'),
    ("net", true, 'N'),
    ("tipcinfo", false, '\0'),
    ("tos", false, '\0'),
    ("cgroup", false, '\0'),
    ("kill", false, 'K'),
    ("no-header", false, 'H'),
    ("xdp", false, '\0'),
    ("mptcp", false, 'M'),
    ("oneline", false, 'O'),
    ("inet-sockopt", false, '\0'),
];

/// Short options that take an argument (`f:`, `A:`, `D:`, `F:`, `N:`).
const SHORT_WITH_ARG: &str = "fADFN";
/// Every short option ss 6.1 knows.
const SHORT_OPTS: &str = "dhaletuwxnro460spTbEfmMiADFvVzZNKHSO";

fn usage_error(msg: String) -> CmdOutput {
    CmdOutput::err(format!("{msg}{USAGE}"), 255)
}

fn not_modelled(spelling: &str) -> CmdOutput {
    CmdOutput::err(format!("mesh: ss {spelling} is not modelled\n"), 1)
}

/// One option as getopt_long delivers it: the short letter (or the long
/// name for options without one), its argument, and how it was spelled.
struct Opt {
    key: String,
    arg: Option<String>,
    spelling: String,
}

/// getopt_long over argv (GNU: options and operands may mix; `--` ends options).
fn getopt(argv: &[String]) -> Result<(Vec<Opt>, Vec<String>), CmdOutput> {
    let mut opts = Vec::new();
    let mut operands = Vec::new();
    let mut i = 1;
    while i < argv.len() {
        let a = &argv[i];
        i += 1;
        if a == "--" {
            operands.extend(argv[i..].iter().cloned());
            break;
        }
        if let Some(long) = a.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            let exact = LONG_OPTS.iter().find(|(n, _, _)| *n == name);
            let candidates: Vec<&(&str, bool, char)> = LONG_OPTS.iter().filter(|(n, _, _)| n.starts_with(name)).collect();
            let found = match exact {
                Some(o) => o,
                None => match candidates.as_slice() {
                    [one] => *one,
                    [] => return Err(usage_error(format!("ss: unrecognized option '--{name}'\n"))),
                    many => {
                        // Options that are one and the same (socket, query) are not ambiguous.
                        let first = many[0];
                        if many.iter().all(|o| o.1 == first.1 && o.2 == first.2 && o.2 != '\0') {
                            first
                        } else {
                            let list: String = many.iter().map(|o| format!(" '--{}'", o.0)).collect();
                            return Err(usage_error(format!("ss: option '--{name}' is ambiguous; possibilities:{list}\n")));
                        }
                    }
                },
            };
            let (full, takes_arg, short) = *found;
            let arg = if takes_arg {
                match inline {
                    Some(v) => Some(v),
                    None => match argv.get(i) {
                        Some(v) => {
                            i += 1;
                            Some(v.clone())
                        }
                        None => return Err(usage_error(format!("ss: option '--{full}' requires an argument\n"))),
                    },
                }
            } else if inline.is_some() {
                return Err(usage_error(format!("ss: option '--{full}' doesn't allow an argument\n")));
            } else {
                None
            };
            let key = if short == '\0' { full.to_string() } else { short.to_string() };
            opts.push(Opt { key, arg, spelling: format!("--{full}") });
            continue;
        }
        match a.strip_prefix('-') {
            Some(shorts) if !shorts.is_empty() => {
                let chars: Vec<char> = shorts.chars().collect();
                let mut j = 0;
                while j < chars.len() {
                    let c = chars[j];
                    j += 1;
                    if !SHORT_OPTS.contains(c) {
                        return Err(usage_error(format!("ss: invalid option -- '{c}'\n")));
                    }
                    let arg = if SHORT_WITH_ARG.contains(c) {
                        if j < chars.len() {
                            let rest: String = chars[j..].iter().collect();
                            j = chars.len();
                            Some(rest)
                        } else if let Some(v) = argv.get(i) {
                            i += 1;
                            Some(v.clone())
                        } else {
                            return Err(usage_error(format!("ss: option requires an argument -- '{c}'\n")));
                        }
                    } else {
                        None
                    };
                    opts.push(Opt { key: c.to_string(), arg, spelling: format!("-{c}") });
                }
            }
            _ => operands.push(a.clone()),
        }
    }
    Ok((opts, operands))
}

/// The socket tables a `-A` name selects (`filter_db_parse`); `None` if unknown.
fn db_names(name: &str) -> Option<Result<u32, ()>> {
    Some(match name {
        "all" | "inet" => Ok(INET_DBM),
        "tcp" => Ok(1 << TCP_DB),
        "udp" => Ok(1 << UDP_DB),
        "dccp" => Ok(1 << DCCP_DB),
        "mptcp" => Ok(1 << MPTCP_DB),
        "sctp" => Ok(1 << SCTP_DB),
        "raw" => Ok(1 << RAW_DB),
        "unix" | "unix_stream" | "u_str" | "unix_dgram" | "u_dgr" | "unix_seqpacket" | "u_seq" | "packet" | "packet_raw" | "p_raw" | "packet_dgram"
        | "p_dgr" | "netlink" | "tipc" | "vsock" | "vsock_stream" | "v_str" | "vsock_dgram" | "v_dgr" | "xdp" => Err(()),
        _ => return None,
    })
}

fn parse(argv: &[String], k: &Kernel, root: bool) -> Parsed {
    let (opts, operands) = match getopt(argv) {
        Ok(x) => x,
        Err(e) => return Parsed::Done(e),
    };
    let mut o = Opts { do_default: true, header: true, ..Opts::default() };
    let mut saw_query = false;
    for opt in &opts {
        let not = || Parsed::Done(not_modelled(&opt.spelling));
        match opt.key.as_str() {
            "n" => o.numeric = true,
            "p" => o.processes = true,
            "H" => o.header = false,
            "s" => o.summary = true,
            "a" => o.state_filter = SS_ALL,
            "l" => o.state_filter = (1 << SS_LISTEN) | (1 << SS_CLOSE),
            "t" => set_db(&mut o, TCP_DB),
            "u" => set_db(&mut o, UDP_DB),
            // Tables mesh's programs never open: shown, and empty.
            "d" => set_db(&mut o, DCCP_DB),
            "S" => set_db(&mut o, SCTP_DB),
            "M" => set_db(&mut o, MPTCP_DB),
            "w" => set_db(&mut o, RAW_DB),
            "4" => set_family(&mut o, AF_INET),
            "6" => set_family(&mut o, AF_INET6),
            "f" => match opt.arg.as_deref().unwrap_or_default() {
                "inet" => set_family(&mut o, AF_INET),
                "inet6" => set_family(&mut o, AF_INET6),
                "help" => return Parsed::Done(CmdOutput::ok(USAGE)),
                "link" | "unix" | "netlink" | "tipc" | "vsock" | "xdp" => {
                    return Parsed::Done(not_modelled(&format!("{} {}", opt.spelling, opt.arg.as_deref().unwrap_or_default())));
                }
                other => return Parsed::Done(usage_error(format!("ss: \"{other}\" is invalid family\n"))),
            },
            "A" => {
                if !saw_query {
                    o.dbs = 0;
                    if o.state_filter == 0 {
                        o.state_filter = SS_CONN;
                    }
                    saw_query = true;
                    o.do_default = false;
                }
                for name in opt.arg.as_deref().unwrap_or_default().split(',') {
                    let (enable, bare) = match name.strip_prefix('!') {
                        Some(b) => (false, b),
                        None => (true, name),
                    };
                    match db_names(bare) {
                        None => return Parsed::Done(usage_error(format!("ss: \"{name}\" is illegal socket table id\n"))),
                        Some(Err(())) => return Parsed::Done(not_modelled(&format!("{} {bare}", opt.spelling))),
                        Some(Ok(mask)) => {
                            for db in [TCP_DB, MPTCP_DB, DCCP_DB, UDP_DB, RAW_DB, SCTP_DB] {
                                if mask & (1 << db) != 0 {
                                    if enable {
                                        set_db(&mut o, db);
                                    } else {
                                        o.dbs &= !(1 << db);
                                    }
                                }
                            }
                        }
                    }
                }
            }
            "V" | "v" => return Parsed::Done(CmdOutput::ok("ss utility, iproute2-6.1.0\n")),
            "h" => return Parsed::Done(CmdOutput::ok(USAGE)),
            "Z" | "z" => return Parsed::Done(CmdOutput::err("ss: SELinux is not enabled.\n", 1)),
            "N" => {
                let name = opt.arg.clone().unwrap_or_default();
                match k.netns_by_name(&name) {
                    None => return Parsed::Done(CmdOutput::err(format!("Cannot open network namespace \"{name}\": No such file or directory\n"), 1)),
                    Some(_) if !root => {
                        return Parsed::Done(CmdOutput::err(format!("setting the network namespace \"{name}\" failed: Operation not permitted\n"), 1));
                    }
                    Some(id) => o.netns = Some(id),
                }
            }
            _ => return not(),
        }
    }
    Parsed::Run(o, operands)
}

/// `filter_db_set`: show a table, with its default states.
fn set_db(o: &mut Opts, db: u32) {
    o.dbs |= 1 << db;
    o.do_default = false;
    o.db_states |= db_default_states(db);
}

/// `filter_af_set`: show a family (`-4`, `-6`, `-f`).
fn set_family(o: &mut Opts, af: u8) {
    o.families |= af;
    o.db_states |= SS_CONN;
    o.do_default = false;
}

// ----- the sockets -------------------------------------------------------------

/// An address as ss prints it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Addr {
    V4(Ipv4Addr),
    /// The IPv6 wildcard of a dual-stack socket: `*`.
    V6Any,
    /// An IPv4 peer of a dual-stack socket: `[::ffff:a.b.c.d]`.
    Mapped(Ipv4Addr),
}

impl Addr {
    fn text(self) -> String {
        match self {
            Addr::V4(a) => a.to_string(),
            Addr::V6Any => "*".to_string(),
            Addr::Mapped(a) => format!("[::ffff:{a}]"),
        }
    }
    /// The IPv4 address inside, as ss's filters compare it (a mapped
    /// address matches an IPv4 rule; the IPv6 wildcard matches none but /0).
    fn v4(self) -> Option<Ipv4Addr> {
        match self {
            Addr::V4(a) | Addr::Mapped(a) => Some(a),
            Addr::V6Any => None,
        }
    }
}

/// One socket, as ss shows it.
#[derive(Clone, Debug)]
struct Row {
    db: u32,
    family: u8,
    state: u32,
    recv_q: usize,
    send_q: usize,
    local: Addr,
    lport: u16,
    remote: Addr,
    rport: u16,
    /// The process holding it: name, pid, fd.
    user: Option<(String, u32, usize)>,
}

/// Process ids and file descriptors, derived from the kernel's start order.
struct Procs<'k> {
    /// Per application: its name and process id.
    apps: BTreeMap<AppId, (&'k str, u32)>,
    /// Per application: the first fd of its sockets.
    fd_base: BTreeMap<AppId, usize>,
    sockets: BTreeMap<AppId, &'k [SockId]>,
}

impl<'k> Procs<'k> {
    fn new(k: &'k Kernel) -> Procs<'k> {
        let mut apps = BTreeMap::new();
        let mut fd_base = BTreeMap::new();
        let mut sockets = BTreeMap::new();
        let mut shared: BTreeMap<&str, u32> = BTreeMap::new();
        let mut next_fd: BTreeMap<u32, usize> = BTreeMap::new();
        let mut next_pid = FIRST_PID;
        for (id, name, socks) in k.apps_started() {
            let pid = match shared.get(name) {
                Some(p) => *p,
                None => {
                    let p = next_pid;
                    next_pid += 1;
                    if SINGLE_PROCESS.contains(&name) {
                        shared.insert(name, p);
                    }
                    p
                }
            };
            let fd = next_fd.entry(pid).or_insert(3);
            fd_base.insert(id, *fd);
            *fd += socks.len();
            apps.insert(id, (name, pid));
            sockets.insert(id, socks);
        }
        Procs { apps, fd_base, sockets }
    }

    fn name(&self, app: AppId) -> &str {
        self.apps.get(&app).map_or("", |a| a.0)
    }

    /// `("name", pid, fd)` of a socket its application holds.
    fn user(&self, app: AppId, s: SockId) -> Option<(String, u32, usize)> {
        let (name, pid) = self.apps.get(&app)?;
        let pos = self.sockets.get(&app)?.iter().position(|x| *x == s)?;
        Some((name.to_string(), *pid, self.fd_base.get(&app)? + pos))
    }
}

/// The TCP and UDP sockets of a namespace, in the order ss lists them: UDP
/// (by port), then TCP listeners, then the other TCP sockets; in each
/// table IPv4 sockets before IPv6 ones.
fn collect(k: &Kernel, ns: NetnsId, procs: &Procs<'_>) -> Vec<Row> {
    let table = k.sockets(ns);
    let go = |owner: Option<AppId>| owner.is_some_and(|a| GO_SERVERS.contains(&procs.name(a)));
    let mut udp = Vec::new();
    let mut listen = Vec::new();
    let mut other = Vec::new();
    for (i, sock) in table.socks.iter().enumerate() {
        let Some(sock) = sock else { continue };
        let id = SockId(i as u32);
        let user = sock.owner.and_then(|a| procs.user(a, id));
        match &sock.kind {
            SockKind::Udp(u) => {
                let dual = go(sock.owner) && u.local.0.is_unspecified();
                // connect() binds an unbound socket to the source address of
                // the route to the peer (ip4_datagram_connect).
                let bound = match u.remote {
                    Some(r) if u.local.0.is_unspecified() => connected_source(k, ns, r.0).unwrap_or(u.local.0),
                    _ => u.local.0,
                };
                let (local, remote) = match (dual, u.remote) {
                    (true, None) => (Addr::V6Any, Addr::V6Any),
                    (true, Some(r)) => (Addr::Mapped(bound), Addr::Mapped(r.0)),
                    (false, r) => (Addr::V4(bound), Addr::V4(r.map_or(Ipv4Addr::UNSPECIFIED, |r| r.0))),
                };
                udp.push(Row {
                    db: UDP_DB,
                    family: if dual { AF_INET6 } else { AF_INET },
                    state: if u.remote.is_some() { SS_ESTABLISHED } else { SS_CLOSE },
                    recv_q: u.rx.iter().map(|d| d.data.len()).sum(),
                    send_q: 0,
                    local,
                    lport: u.local.1,
                    remote,
                    rport: u.remote.map_or(0, |r| r.1),
                    user,
                });
            }
            SockKind::Tcp(t) => {
                if t.state == TcpState::Closed {
                    continue; // unhashed: not in the tables ss reads
                }
                let state = ss_state(t.state);
                let dual = go(sock.owner)
                    && if t.state == TcpState::Listen {
                        t.local.0.is_unspecified()
                    } else {
                        t.accepted
                            && table.tcp_listen.get(&(Ipv4Addr::UNSPECIFIED, t.local.1)).and_then(|l| table.get(*l)).is_some_and(|l| l.owner == sock.owner)
                    };
                let addr = |a: Ipv4Addr| match (dual, a.is_unspecified()) {
                    (false, _) => Addr::V4(a),
                    (true, true) => Addr::V6Any,
                    (true, false) => Addr::Mapped(a),
                };
                let (recv_q, send_q) = match t.state {
                    TcpState::Listen => (t.accept_queue.len(), t.backlog as usize),
                    TcpState::TimeWait | TcpState::SynRecv => (0, 0),
                    // The SYN takes a sequence number: write_seq - snd_una = 1.
                    TcpState::SynSent => (0, t.send_buf.len() + 1),
                    s => (
                        t.recv_buf.len() + usize::from(s == TcpState::CloseWait && t.peer_fin),
                        t.send_buf.len() + usize::from(matches!(s, TcpState::FinWait1 | TcpState::Closing | TcpState::LastAck)),
                    ),
                };
                let held = !t.orphan && t.parent.is_none() && !matches!(t.state, TcpState::TimeWait | TcpState::SynRecv);
                let row = Row {
                    db: TCP_DB,
                    family: if dual { AF_INET6 } else { AF_INET },
                    state,
                    recv_q,
                    send_q,
                    local: addr(t.local.0),
                    lport: t.local.1,
                    remote: addr(t.remote.0),
                    rport: t.remote.1,
                    user: user.filter(|_| held),
                };
                if t.state == TcpState::Listen {
                    listen.push(row);
                } else {
                    other.push(row);
                }
            }
            SockKind::Ping(_) => {}
        }
    }
    // ss asks for IPv4 sockets, then IPv6 ones; the kernel lists listeners
    // before the other TCP sockets.
    udp.sort_by_key(|r| (r.family, r.lport));
    for family in [AF_INET, AF_INET6] {
        udp.extend(listen.iter().chain(&other).filter(|r| r.family == family).cloned());
    }
    udp
}

/// The source address connect() gives a UDP socket bound to the wildcard
/// address, as `Kernel::udp_connect` chooses it: the route's preferred
/// source, else the output device's address.
fn connected_source(k: &Kernel, ns: NetnsId, dst: Ipv4Addr) -> Option<Ipv4Addr> {
    let (dev, _) = k.route_output(ns, dst, None).ok()?;
    k.route_lookup(ns, dst, None).and_then(|r| r.prefsrc).or_else(|| k.select_src(ns, Some(dev), dst, crate::kernel::Scope::Link))
}

// ----- filter expressions ---------------------------------------------------------

/// An address/port condition (`src`, `dst`, `sport`, `dport`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct HostCond {
    prefix: Option<(Ipv4Addr, u8)>,
    port: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Expr {
    Src(HostCond),
    Dst(HostCond),
    SportGe(u32),
    SportLe(u32),
    DportGe(u32),
    DportLe(u32),
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
}

fn prefix_match(a: Addr, prefix: Option<(Ipv4Addr, u8)>) -> bool {
    match prefix {
        None => true,
        Some((_, 0)) => true,
        Some((p, len)) => a.v4().is_some_and(|a| {
            let mask = u32::MAX << (32 - u32::from(len.min(32)));
            u32::from(a) & mask == u32::from(p) & mask
        }),
    }
}

impl Expr {
    fn matches(&self, r: &Row) -> bool {
        match self {
            Expr::Src(c) => c.port.is_none_or(|p| p == u32::from(r.lport)) && prefix_match(r.local, c.prefix),
            Expr::Dst(c) => c.port.is_none_or(|p| p == u32::from(r.rport)) && prefix_match(r.remote, c.prefix),
            Expr::SportGe(p) => u32::from(r.lport) >= *p,
            Expr::SportLe(p) => u32::from(r.lport) <= *p,
            Expr::DportGe(p) => u32::from(r.rport) >= *p,
            Expr::DportLe(p) => u32::from(r.rport) <= *p,
            Expr::Not(e) => !e.matches(r),
            Expr::And(a, b) => a.matches(r) && b.matches(r),
            Expr::Or(a, b) => a.matches(r) || b.matches(r),
        }
    }
}

/// Why a filter did not parse: ss's message and status.
fn syntax_error() -> CmdOutput {
    usage_error("ss: bison bellows (while parsing filter): \"syntax error!\" Sorry.\n".to_string())
}

fn address_error(word: &str) -> CmdOutput {
    CmdOutput::err(format!("Error: an inet prefix is expected rather than \"{word}\".\nCannot parse dst/src address.\n"), 1)
}

/// A port: a number or a service name, after an optional `*` and `:`.
fn parse_port(word: &str) -> Result<u32, CmdOutput> {
    let p = word.strip_prefix('*').unwrap_or(word);
    let p = p.strip_prefix(':').unwrap_or(p);
    if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) {
        return p.parse::<u32>().map_err(|_| port_error(p));
    }
    SERVICES.iter().find(|(_, _, name)| *name == p).map(|(port, _, _)| u32::from(*port)).ok_or_else(|| port_error(p))
}

fn port_error(p: &str) -> CmdOutput {
    CmdOutput::err(format!("Error: \"{p}\" does not look like a port.\nCannot parse dst/src address.\n"), 1)
}

/// `ADDR[/LEN][:PORT]`, `*`, `*:PORT`.
fn parse_hostcond(word: &str) -> Result<HostCond, CmdOutput> {
    let (addr, port) = match word.rsplit_once(':') {
        Some((a, p)) => (a, Some(parse_port(p)?)),
        None => (word, None),
    };
    if addr == "*" || addr.is_empty() {
        return Ok(HostCond { prefix: None, port });
    }
    let (ip, len) = match addr.split_once('/') {
        Some((ip, len)) => (ip, len.parse::<u8>().ok().filter(|l| *l <= 32).ok_or_else(|| address_error(word))?),
        None => (addr, 32),
    };
    let ip: Ipv4Addr = ip.parse().map_err(|_| address_error(word))?;
    Ok(HostCond { prefix: Some((ip, len)), port })
}

/// A recursive-descent reading of ss's filter grammar (`ssfilter.y`):
/// terms joined by `and`/`&&`/`&`, `or`/`||`/`|` or nothing (and), left to
/// right, `not`/`!`, parentheses as separate words.
struct FilterParser<'a> {
    words: &'a [String],
    pos: usize,
}

impl<'a> FilterParser<'a> {
    fn peek(&self) -> Option<&'a str> {
        self.words.get(self.pos).map(String::as_str)
    }
    fn next(&mut self) -> Option<&'a str> {
        let w = self.words.get(self.pos).map(String::as_str);
        self.pos += 1;
        w
    }

    fn list(&mut self) -> Result<Expr, CmdOutput> {
        let mut e = self.term()?;
        loop {
            match self.peek() {
                None | Some(")") => return Ok(e),
                Some("or" | "||" | "|") => {
                    self.pos += 1;
                    e = Expr::Or(Box::new(e), Box::new(self.term()?));
                }
                Some("and" | "&&" | "&") => {
                    self.pos += 1;
                    e = Expr::And(Box::new(e), Box::new(self.term()?));
                }
                Some(_) => e = Expr::And(Box::new(e), Box::new(self.term()?)),
            }
        }
    }

    fn term(&mut self) -> Result<Expr, CmdOutput> {
        let Some(w) = self.next() else { return Err(syntax_error()) };
        match w {
            "(" => {
                let e = self.list()?;
                if self.next() != Some(")") {
                    return Err(syntax_error());
                }
                Ok(e)
            }
            "!" | "not" => Ok(Expr::Not(Box::new(self.term()?))),
            "src" | "dst" => {
                let Some(h) = self.next() else { return Err(syntax_error()) };
                let c = parse_hostcond(h)?;
                Ok(if w == "src" { Expr::Src(c) } else { Expr::Dst(c) })
            }
            "sport" | "dport" => {
                let src = w == "sport";
                let op = match self.peek() {
                    Some(o @ ("=" | "==" | "eq" | "!=" | "ne" | "<" | "lt" | ">" | "gt" | "<=" | "le" | ">=" | "ge")) => {
                        self.pos += 1;
                        o
                    }
                    _ => "=",
                };
                let Some(h) = self.next() else { return Err(syntax_error()) };
                let port = parse_port(h)?;
                let cond = HostCond { prefix: None, port: Some(port) };
                let eq = if src { Expr::Src(cond) } else { Expr::Dst(cond) };
                let ge = if src { Expr::SportGe(port) } else { Expr::DportGe(port) };
                let le = if src { Expr::SportLe(port) } else { Expr::DportLe(port) };
                Ok(match op {
                    "!=" | "ne" => Expr::Not(Box::new(eq)),
                    "<" | "lt" => Expr::Not(Box::new(ge)),
                    ">" | "gt" => Expr::Not(Box::new(le)),
                    "<=" | "le" => le,
                    ">=" | "ge" => ge,
                    _ => eq,
                })
            }
            "dev" | "fwmark" | "cgroup" | "autobound" => Err(not_modelled(&format!("filter '{w}'"))),
            ")" | "or" | "||" | "|" | "and" | "&&" | "&" => Err(syntax_error()),
            other => {
                parse_hostcond(other)?;
                Err(syntax_error())
            }
        }
    }
}

fn parse_filter(words: &[String]) -> Result<Option<Expr>, CmdOutput> {
    let words: Vec<String> = words.iter().flat_map(|w| w.split_whitespace().map(str::to_string).collect::<Vec<_>>()).collect();
    if words.is_empty() {
        return Ok(None);
    }
    let mut p = FilterParser { words: &words, pos: 0 };
    let e = p.list()?;
    if p.pos < words.len() {
        return Err(syntax_error());
    }
    Ok(Some(e))
}

// ----- the command ----------------------------------------------------------------

/// Run `ss` in namespace `ns` of kernel `k` (`root`: whether the caller may
/// read other users' processes and switch namespaces).
pub fn ss(argv: &[String], k: &Kernel, ns: NetnsId, root: bool) -> CmdOutput {
    let (mut o, operands) = match parse(argv, k, root) {
        Parsed::Done(out) => return out,
        Parsed::Run(o, rest) => (o, rest),
    };
    let ns = o.netns.unwrap_or(ns);
    let mut stdout = String::new();
    if o.summary {
        stdout.push_str(&summary(k, ns));
        if o.do_default && operands.is_empty() {
            return CmdOutput::ok(stdout);
        }
    }
    // `state X` / `exclude X` before the expression.
    let mut saw_states = false;
    let mut rest = operands.as_slice();
    while let Some(first) = rest.first() {
        let exclude = match first.as_str() {
            "state" => false,
            "exclude" | "excl" => true,
            _ => break,
        };
        let Some(name) = rest.get(1) else {
            return CmdOutput { stdout, stderr: "Command line is not complete. Try option \"help\"\n".into(), status: 255, interleaved: None };
        };
        let Some(bits) = scan_state(name) else {
            return CmdOutput { stdout, stderr: format!("ss: wrong state name: {name}\n"), status: 255, interleaved: None };
        };
        if exclude {
            if !saw_states {
                o.state_filter = SS_ALL;
            }
            o.state_filter &= !bits;
        } else {
            if !saw_states {
                o.state_filter = 0;
            }
            o.state_filter |= bits;
        }
        saw_states = true;
        rest = &rest[2..];
    }
    if o.do_default {
        if o.state_filter == 0 {
            o.state_filter = SS_CONN;
        }
        // `-A all`: every table (only TCP and UDP are listed).
        o.dbs = u32::MAX >> 16;
    }
    let states = if o.state_filter != 0 { o.state_filter } else { o.db_states };
    // filter_merge_defaults: tables bring their families and families their tables.
    let mut families = o.families;
    let mut dbs = o.dbs;
    if dbs & INET_DBM != 0 && families & (AF_INET | AF_INET6) == 0 {
        families |= AF_INET | AF_INET6;
    }
    if families != 0 && dbs & INET_DBM == 0 {
        dbs |= INET_DBM;
    }
    let fail = |msg: &str| CmdOutput { stdout: stdout.clone(), stderr: msg.to_string(), status: 0, interleaved: None };
    if dbs == 0 {
        return fail("ss: no socket tables to show with such filter.\n");
    }
    if families == 0 {
        return fail("ss: no families to show with such filter.\n");
    }
    if states == 0 {
        return fail("ss: no socket states to show with such filter.\n");
    }
    let expr = match parse_filter(rest) {
        Ok(e) => e,
        Err(e) => return CmdOutput { stdout, ..e },
    };
    let procs = Procs::new(k);
    let (lo, hi) = k.netns(ns).sysctl.ip_local_port_range;
    let service = |port: u16, db: u32| -> String {
        if port == 0 {
            return "*".to_string();
        }
        if !o.numeric && !(lo..=hi).contains(&port) {
            let tcp = db == TCP_DB;
            if let Some((_, _, name)) = SERVICES.iter().find(|(p, t, _)| *p == port && *t == tcp) {
                return (*name).to_string();
            }
        }
        port.to_string()
    };
    let rows: Vec<Row> = collect(k, ns, &procs)
        .into_iter()
        .filter(|r| dbs & (1 << r.db) != 0 && families & r.family != 0 && states & (1 << r.state) != 0)
        .filter(|r| expr.as_ref().is_none_or(|e| e.matches(r)))
        .collect();
    let show_netid = dbs & dbs.wrapping_sub(1) != 0;
    let show_state = states & states.wrapping_sub(1) != 0;
    let mut table: Vec<[String; 9]> = Vec::new();
    if o.header {
        table.push(HEADERS.map(str::to_string));
    }
    for r in &rows {
        let user = match (&r.user, o.processes && root) {
            (Some((name, pid, fd)), true) => format!(" users:((\"{name}\",pid={pid},fd={fd}))"),
            _ => String::new(),
        };
        table.push([
            if r.db == TCP_DB { "tcp" } else { "udp" }.to_string(),
            state_name(r.state).to_string(),
            format!("{:<6}", r.recv_q),
            format!("{:<6}", r.send_q),
            format!("{}:", r.local.text()),
            service(r.lport, r.db),
            format!("{}:", r.remote.text()),
            service(r.rport, r.db),
            user,
        ]);
    }
    let enabled = [show_netid, show_state, true, true, true, true, true, true, true];
    stdout.push_str(&render(&table, &enabled));
    CmdOutput::ok(stdout)
}

/// The column headers (Netid … Process).
const HEADERS: [&str; 9] = ["Netid", "State", "Recv-Q", "Send-Q", "Local Address:", "Port", "Peer Address:", "Port", "Process"];
/// Whether a column is right-aligned (the addresses, against their ports).
const RIGHT: [bool; 9] = [false, false, false, false, true, false, true, false, false];
/// What ss prints before a column that does not start a line.
const LDELIM: [&str; 9] = ["", " ", " ", " ", " ", "", " ", "", ""];

/// ss's renderer without a terminal: each column as wide as its widest
/// field plus its delimiter, fields padded to it.
fn render(table: &[[String; 9]], enabled: &[bool; 9]) -> String {
    let mut width = [0usize; 9];
    let mut first = true;
    for c in 0..9 {
        if !enabled[c] {
            continue;
        }
        let max = table.iter().map(|row| row[c].len()).max().unwrap_or(0);
        width[c] = if !first && max > 0 { max + LDELIM[c].len() } else { max };
        if width[c] > 0 {
            first = false;
        }
    }
    let mut out = String::new();
    for row in table {
        let mut started = false;
        for c in (0..9).filter(|c| enabled[*c]) {
            let mut printed = 0;
            if started {
                out.push_str(LDELIM[c]);
                printed = LDELIM[c].len();
            }
            started = true;
            let text = &row[c];
            if RIGHT[c] && width[c] > 0 {
                let pad = width[c].saturating_sub(text.len() + printed);
                out.push_str(&" ".repeat(pad));
                printed += pad;
            }
            out.push_str(text);
            printed += text.len();
            if !RIGHT[c] && width[c] > printed {
                out.push_str(&" ".repeat(width[c] - printed));
            }
        }
        out.push('\n');
    }
    out
}

/// `ss -s`: /proc/net/sockstat and the TCP counters. TCP allocations and
/// orphans are counted over the whole kernel (all namespaces), as Linux
/// does, the rest in the namespace (Linux's Total counts Unix and netlink
/// sockets too, which mesh does not have).
fn summary(k: &Kernel, ns: NetnsId) -> String {
    let procs = Procs::new(k);
    let mut total = 0usize;
    let mut tcp_alloc = 0usize;
    let mut orphans = 0usize;
    for n in k.netns_ids() {
        for sock in k.sockets(n).socks.iter().flatten() {
            let full = match &sock.kind {
                SockKind::Tcp(t) if t.state == TcpState::TimeWait || (t.parent.is_some() && t.state == TcpState::SynRecv) => false,
                SockKind::Tcp(t) => {
                    tcp_alloc += 1;
                    orphans += usize::from(t.orphan);
                    true
                }
                _ => true,
            };
            total += usize::from(full && n == ns);
        }
    }
    let rows = collect(k, ns, &procs);
    let count = |db: u32, fam: u8| rows.iter().filter(|r| r.db == db && r.family == fam && r.state != SS_TIME_WAIT && r.state != SS_SYN_RECV).count();
    let tws = rows.iter().filter(|r| r.state == SS_TIME_WAIT).count();
    let estab = rows.iter().filter(|r| r.db == TCP_DB && (r.state == SS_ESTABLISHED || r.state == SS_CLOSE_WAIT)).count();
    let (tcp4, tcp6, udp4, udp6) = (count(TCP_DB, AF_INET), count(TCP_DB, AF_INET6), count(UDP_DB, AF_INET), count(UDP_DB, AF_INET6));
    let closed = tcp_alloc.saturating_sub((tcp4 + tcp6).saturating_sub(tws));
    let line = |name: &str, all: usize, v4: usize, v6: usize| format!("{name}\t  {all:<9} {v4:<9} {v6:<9}\n");
    let mut s = format!("Total: {total}\nTCP:   {} (estab {estab}, closed {closed}, orphaned {orphans}, timewait {tws})\n\n", tcp_alloc + tws);
    s.push_str("Transport Total     IP        IPv6\n");
    s.push_str(&line("RAW", 0, 0, 0));
    s.push_str(&line("UDP", udp4 + udp6, udp4, udp6));
    s.push_str(&line("TCP", tcp4 + tcp6, tcp4, tcp6));
    s.push_str(&line("INET", udp4 + udp6 + tcp4 + tcp6, udp4 + tcp4, udp6 + tcp6));
    s.push_str(&line("FRAG", 0, 0, 0));
    s.push('\n');
    s
}

// ----- /etc/services (Debian netbase), the tcp and udp entries --------------------

const TCP: bool = true;
const UDP: bool = false;

/// Port, whether TCP (else UDP), name: the first name `/etc/services` gives
/// each port and protocol, as `getservbyport` returns it.
const SERVICES: &[(u16, bool, &str)] = &[
    (1, TCP, "tcpmux"),
    (7, TCP, "echo"),
    (7, UDP, "echo"),
    (9, TCP, "discard"),
    (9, UDP, "discard"),
    (11, TCP, "systat"),
    (13, TCP, "daytime"),
    (13, UDP, "daytime"),
    (15, TCP, "netstat"),
    (17, TCP, "qotd"),
    (19, TCP, "chargen"),
    (19, UDP, "chargen"),
    (20, TCP, "ftp-data"),
    (21, TCP, "ftp"),
    (21, UDP, "fsp"),
    (22, TCP, "ssh"),
    (23, TCP, "telnet"),
    (25, TCP, "smtp"),
    (37, TCP, "time"),
    (37, UDP, "time"),
    (43, TCP, "whois"),
    (49, TCP, "tacacs"),
    (49, UDP, "tacacs"),
    (53, TCP, "domain"),
    (53, UDP, "domain"),
    (67, UDP, "bootps"),
    (68, UDP, "bootpc"),
    (69, UDP, "tftp"),
    (70, TCP, "gopher"),
    (79, TCP, "finger"),
    (80, TCP, "http"),
    (88, TCP, "kerberos"),
    (88, UDP, "kerberos"),
    (102, TCP, "iso-tsap"),
    (104, TCP, "acr-nema"),
    (106, TCP, "poppassd"),
    (110, TCP, "pop3"),
    (111, TCP, "sunrpc"),
    (111, UDP, "sunrpc"),
    (113, TCP, "auth"),
    (119, TCP, "nntp"),
    (123, UDP, "ntp"),
    (135, TCP, "epmap"),
    (137, UDP, "netbios-ns"),
    (138, UDP, "netbios-dgm"),
    (139, TCP, "netbios-ssn"),
    (143, TCP, "imap2"),
    (161, TCP, "snmp"),
    (161, UDP, "snmp"),
    (162, TCP, "snmp-trap"),
    (162, UDP, "snmp-trap"),
    (163, TCP, "cmip-man"),
    (163, UDP, "cmip-man"),
    (164, TCP, "cmip-agent"),
    (164, UDP, "cmip-agent"),
    (174, TCP, "mailq"),
    (177, UDP, "xdmcp"),
    (179, TCP, "bgp"),
    (199, TCP, "smux"),
    (209, TCP, "qmtp"),
    (210, TCP, "z3950"),
    (213, UDP, "ipx"),
    (319, UDP, "ptp-event"),
    (320, UDP, "ptp-general"),
    (345, TCP, "pawserv"),
    (346, TCP, "zserv"),
    (369, TCP, "rpc2portmap"),
    (369, UDP, "rpc2portmap"),
    (370, TCP, "codaauth2"),
    (370, UDP, "codaauth2"),
    (371, UDP, "clearcase"),
    (389, TCP, "ldap"),
    (389, UDP, "ldap"),
    (427, TCP, "svrloc"),
    (427, UDP, "svrloc"),
    (443, TCP, "https"),
    (443, UDP, "https"),
    (444, TCP, "snpp"),
    (445, TCP, "microsoft-ds"),
    (464, TCP, "kpasswd"),
    (464, UDP, "kpasswd"),
    (465, TCP, "submissions"),
    (487, TCP, "saft"),
    (500, UDP, "isakmp"),
    (512, TCP, "exec"),
    (512, UDP, "biff"),
    (513, TCP, "login"),
    (513, UDP, "who"),
    (514, TCP, "shell"),
    (514, UDP, "syslog"),
    (515, TCP, "printer"),
    (517, UDP, "talk"),
    (518, UDP, "ntalk"),
    (520, UDP, "route"),
    (538, TCP, "gdomap"),
    (538, UDP, "gdomap"),
    (540, TCP, "uucp"),
    (543, TCP, "klogin"),
    (544, TCP, "kshell"),
    (546, UDP, "dhcpv6-client"),
    (547, UDP, "dhcpv6-server"),
    (548, TCP, "afpovertcp"),
    (554, TCP, "rtsp"),
    (554, UDP, "rtsp"),
    (563, TCP, "nntps"),
    (587, TCP, "submission"),
    (607, TCP, "nqs"),
    (623, UDP, "asf-rmcp"),
    (628, TCP, "qmqp"),
    (631, TCP, "ipp"),
    (636, TCP, "ldaps"),
    (636, UDP, "ldaps"),
    (646, TCP, "ldp"),
    (646, UDP, "ldp"),
    (655, TCP, "tinc"),
    (655, UDP, "tinc"),
    (706, TCP, "silc"),
    (749, TCP, "kerberos-adm"),
    (750, UDP, "kerberos4"),
    (750, TCP, "kerberos4"),
    (751, UDP, "kerberos-master"),
    (751, TCP, "kerberos-master"),
    (752, UDP, "passwd-server"),
    (754, TCP, "krb-prop"),
    (775, TCP, "moira-db"),
    (777, TCP, "moira-update"),
    (779, UDP, "moira-ureg"),
    (783, TCP, "spamd"),
    (853, TCP, "domain-s"),
    (853, UDP, "domain-s"),
    (871, TCP, "supfilesrv"),
    (873, TCP, "rsync"),
    (989, TCP, "ftps-data"),
    (990, TCP, "ftps"),
    (992, TCP, "telnets"),
    (993, TCP, "imaps"),
    (995, TCP, "pop3s"),
    (1080, TCP, "socks"),
    (1093, TCP, "proofd"),
    (1094, TCP, "rootd"),
    (1099, TCP, "rmiregistry"),
    (1127, TCP, "supfiledbg"),
    (1178, TCP, "skkserv"),
    (1194, TCP, "openvpn"),
    (1194, UDP, "openvpn"),
    (1210, UDP, "predict"),
    (1236, TCP, "rmtcfg"),
    (1313, TCP, "xtel"),
    (1314, TCP, "xtelw"),
    (1352, TCP, "lotusnote"),
    (1433, TCP, "ms-sql-s"),
    (1434, UDP, "ms-sql-m"),
    (1524, TCP, "ingreslock"),
    (1645, TCP, "datametrics"),
    (1645, UDP, "datametrics"),
    (1646, TCP, "sa-msg-port"),
    (1646, UDP, "sa-msg-port"),
    (1649, TCP, "kermit"),
    (1677, TCP, "groupwise"),
    (1701, UDP, "l2f"),
    (1812, TCP, "radius"),
    (1812, UDP, "radius"),
    (1813, TCP, "radius-acct"),
    (1813, UDP, "radius-acct"),
    (2000, TCP, "cisco-sccp"),
    (2049, TCP, "nfs"),
    (2049, UDP, "nfs"),
    (2086, TCP, "gnunet"),
    (2086, UDP, "gnunet"),
    (2101, TCP, "rtcm-sc104"),
    (2101, UDP, "rtcm-sc104"),
    (2102, UDP, "zephyr-srv"),
    (2103, UDP, "zephyr-clt"),
    (2104, UDP, "zephyr-hm"),
    (2119, TCP, "gsigatekeeper"),
    (2121, TCP, "iprop"),
    (2135, TCP, "gris"),
    (2401, TCP, "cvspserver"),
    (2430, TCP, "venus"),
    (2430, UDP, "venus"),
    (2431, TCP, "venus-se"),
    (2431, UDP, "venus-se"),
    (2432, TCP, "codasrv"),
    (2432, UDP, "codasrv"),
    (2433, TCP, "codasrv-se"),
    (2433, UDP, "codasrv-se"),
    (2583, TCP, "mon"),
    (2583, UDP, "mon"),
    (2600, TCP, "zebrasrv"),
    (2601, TCP, "zebra"),
    (2602, TCP, "ripd"),
    (2603, TCP, "ripngd"),
    (2604, TCP, "ospfd"),
    (2605, TCP, "bgpd"),
    (2606, TCP, "ospf6d"),
    (2607, TCP, "ospfapi"),
    (2608, TCP, "isisd"),
    (2628, TCP, "dict"),
    (2792, TCP, "f5-globalsite"),
    (2811, TCP, "gsiftp"),
    (2947, TCP, "gpsd"),
    (3050, TCP, "gds-db"),
    (3130, UDP, "icpv2"),
    (3205, TCP, "isns"),
    (3205, UDP, "isns"),
    (3260, TCP, "iscsi-target"),
    (3306, TCP, "mysql"),
    (3389, TCP, "ms-wbt-server"),
    (3493, TCP, "nut"),
    (3493, UDP, "nut"),
    (3632, TCP, "distcc"),
    (3689, TCP, "daap"),
    (3690, TCP, "svn"),
    (4031, TCP, "suucp"),
    (4094, TCP, "sysrqd"),
    (4190, TCP, "sieve"),
    (4353, TCP, "f5-iquery"),
    (4369, TCP, "epmd"),
    (4373, TCP, "remctl"),
    (4460, TCP, "ntske"),
    (4500, UDP, "ipsec-nat-t"),
    (4557, TCP, "fax"),
    (4559, TCP, "hylafax"),
    (4569, UDP, "iax"),
    (4691, TCP, "mtn"),
    (4899, TCP, "radmin-port"),
    (4949, TCP, "munin"),
    (5060, TCP, "sip"),
    (5060, UDP, "sip"),
    (5061, TCP, "sip-tls"),
    (5061, UDP, "sip-tls"),
    (5222, TCP, "xmpp-client"),
    (5269, TCP, "xmpp-server"),
    (5308, TCP, "cfengine"),
    (5353, UDP, "mdns"),
    (5432, TCP, "postgresql"),
    (5555, UDP, "rplay"),
    (5556, TCP, "freeciv"),
    (5666, TCP, "nrpe"),
    (5667, TCP, "nsca"),
    (5671, TCP, "amqps"),
    (5672, TCP, "amqp"),
    (5680, TCP, "canna"),
    (6000, TCP, "x11"),
    (6001, TCP, "x11-1"),
    (6002, TCP, "x11-2"),
    (6003, TCP, "x11-3"),
    (6004, TCP, "x11-4"),
    (6005, TCP, "x11-5"),
    (6006, TCP, "x11-6"),
    (6007, TCP, "x11-7"),
    (6346, TCP, "gnutella-svc"),
    (6346, UDP, "gnutella-svc"),
    (6347, TCP, "gnutella-rtr"),
    (6347, UDP, "gnutella-rtr"),
    (6379, TCP, "redis"),
    (6444, TCP, "sge-qmaster"),
    (6445, TCP, "sge-execd"),
    (6446, TCP, "mysql-proxy"),
    (6514, TCP, "syslog-tls"),
    (6566, TCP, "sane-port"),
    (6667, TCP, "ircd"),
    (6696, UDP, "babel"),
    (6697, TCP, "ircs-u"),
    (7000, TCP, "bbs"),
    (7000, UDP, "afs3-fileserver"),
    (7001, UDP, "afs3-callback"),
    (7002, UDP, "afs3-prserver"),
    (7003, UDP, "afs3-vlserver"),
    (7004, UDP, "afs3-kaserver"),
    (7005, UDP, "afs3-volser"),
    (7007, UDP, "afs3-bos"),
    (7008, UDP, "afs3-update"),
    (7009, UDP, "afs3-rmtsys"),
    (7100, TCP, "font-service"),
    (8021, TCP, "zope-ftp"),
    (8080, TCP, "http-alt"),
    (8081, TCP, "tproxy"),
    (8088, TCP, "omniorb"),
    (8140, TCP, "puppet"),
    (8990, TCP, "clc-build-daemon"),
    (9098, TCP, "xinetd"),
    (9101, TCP, "bacula-dir"),
    (9102, TCP, "bacula-fd"),
    (9103, TCP, "bacula-sd"),
    (9418, TCP, "git"),
    (9667, TCP, "xmms2"),
    (9673, TCP, "zope"),
    (10000, TCP, "webmin"),
    (10050, TCP, "zabbix-agent"),
    (10051, TCP, "zabbix-trapper"),
    (10080, TCP, "amanda"),
    (10081, TCP, "kamanda"),
    (10082, TCP, "amandaidx"),
    (10083, TCP, "amidxtape"),
    (10809, TCP, "nbd"),
    (11112, TCP, "dicom"),
    (11371, TCP, "hkp"),
    (17001, UDP, "sgi-cmsd"),
    (17002, UDP, "sgi-crsd"),
    (17003, UDP, "sgi-gcd"),
    (17004, TCP, "sgi-cad"),
    (17500, TCP, "db-lsp"),
    (22125, TCP, "dcap"),
    (22128, TCP, "gsidcap"),
    (22273, TCP, "wnn6"),
    (24554, TCP, "binkp"),
    (27374, TCP, "asp"),
    (27374, UDP, "asp"),
    (30865, TCP, "csync2"),
    (57000, TCP, "dircproxy"),
    (60177, TCP, "tfido"),
    (60179, TCP, "fido"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn row(fields: [&str; 9]) -> [String; 9] {
        fields.map(str::to_string)
    }

    fn user(fd: u32) -> String {
        format!(" users:((\"python3\",pid=3027,fd={fd}))")
    }

    /// `ss -tuanp | cat -A` from ss 6.1 (Python sockets in a namespace).
    #[test]
    fn render_matches_ss_on_a_pipe() {
        let u = |fd| user(fd);
        let table = vec![
            row(HEADERS),
            row(["udp", "UNCONN", "0     ", "0     ", "0.0.0.0:", "53", "0.0.0.0:", "*", &u(6)]),
            row(["udp", "UNCONN", "0     ", "0     ", "127.0.0.11:", "53999", "0.0.0.0:", "*", &u(5)]),
            row(["udp", "ESTAB", "0     ", "0     ", "127.0.0.1:", "57670", "127.0.0.11:", "53999", &u(9)]),
            row(["tcp", "LISTEN", "0     ", "4096  ", "0.0.0.0:", "8080", "0.0.0.0:", "*", &u(3)]),
            row(["tcp", "LISTEN", "0     ", "128   ", "127.0.0.11:", "41234", "0.0.0.0:", "*", &u(4)]),
            row(["tcp", "ESTAB", "0     ", "0     ", "127.0.0.1:", "60774", "127.0.0.1:", "8080", &u(7)]),
            row(["tcp", "CLOSE-WAIT", "1     ", "0     ", "127.0.0.1:", "60778", "127.0.0.1:", "8080", &u(11)]),
            row(["tcp", "FIN-WAIT-2", "0     ", "0     ", "127.0.0.1:", "8080", "127.0.0.1:", "60778", ""]),
            row(["tcp", "ESTAB", "5     ", "0     ", "127.0.0.1:", "8080", "127.0.0.1:", "60774", &u(8)]),
        ];
        let expected = "\
Netid State      Recv-Q Send-Q Local Address:Port  Peer Address:Port Process                            
udp   UNCONN     0      0            0.0.0.0:53         0.0.0.0:*     users:((\"python3\",pid=3027,fd=6)) 
udp   UNCONN     0      0         127.0.0.11:53999      0.0.0.0:*     users:((\"python3\",pid=3027,fd=5)) 
udp   ESTAB      0      0          127.0.0.1:57670   127.0.0.11:53999 users:((\"python3\",pid=3027,fd=9)) 
tcp   LISTEN     0      4096         0.0.0.0:8080       0.0.0.0:*     users:((\"python3\",pid=3027,fd=3)) 
tcp   LISTEN     0      128       127.0.0.11:41234      0.0.0.0:*     users:((\"python3\",pid=3027,fd=4)) 
tcp   ESTAB      0      0          127.0.0.1:60774    127.0.0.1:8080  users:((\"python3\",pid=3027,fd=7)) 
tcp   CLOSE-WAIT 1      0          127.0.0.1:60778    127.0.0.1:8080  users:((\"python3\",pid=3027,fd=11))
tcp   FIN-WAIT-2 0      0          127.0.0.1:8080     127.0.0.1:60778                                   
tcp   ESTAB      5      0          127.0.0.1:8080     127.0.0.1:60774 users:((\"python3\",pid=3027,fd=8)) 
";
        assert_eq!(render(&table, &[true; 9]), expected);
        // -H with the Netid and State columns off (`ss -tlnH state listening` shape).
        let listen = vec![row(["tcp", "LISTEN", "0     ", "4096  ", "0.0.0.0:", "8080", "0.0.0.0:", "*", ""])];
        let mut enabled = [true; 9];
        enabled[0] = false;
        enabled[1] = false;
        assert_eq!(render(&listen, &enabled), "0      4096   0.0.0.0:8080 0.0.0.0:*\n");
    }

    fn words(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn filters_parse_as_ss_does() {
        let e = parse_filter(&words("sport = :80 or dport != :http")).expect("parses").expect("an expression");
        let r = Row {
            db: TCP_DB,
            family: AF_INET,
            state: SS_ESTABLISHED,
            recv_q: 0,
            send_q: 0,
            local: Addr::V4(Ipv4Addr::new(10, 0, 0, 1)),
            lport: 40000,
            remote: Addr::Mapped(Ipv4Addr::new(10, 0, 0, 2)),
            rport: 80,
            user: None,
        };
        assert!(!e.matches(&r));
        assert!(parse_filter(&words("dst 10.0.0.0/8")).expect("parses").expect("expr").matches(&r));
        assert!(!parse_filter(&words("src *:40001")).expect("parses").expect("expr").matches(&r));
        assert!(parse_filter(&words("( dport >= :80 ) and not sport < :1024")).expect("parses").expect("expr").matches(&r));
        assert_eq!(parse_filter(&[]).expect("empty is fine"), None);
        let err = |s: &str| parse_filter(&words(s)).expect_err("an error");
        assert_eq!(err("sport = :80 or").status, 255);
        assert!(err("sport = :80 or").stderr.starts_with("ss: bison bellows (while parsing filter): \"syntax error!\" Sorry.\nUsage: ss"));
        assert_eq!(err("10.0.0.1").status, 255);
        assert_eq!(err("dst 10.0.0.1/33").stderr, "Error: an inet prefix is expected rather than \"10.0.0.1/33\".\nCannot parse dst/src address.\n");
        assert_eq!(err("dport = :80x").stderr, "Error: \"80x\" does not look like a port.\nCannot parse dst/src address.\n");
        assert_eq!(err("( dport = :80").status, 255);
    }

    #[test]
    fn services_are_netbase_first_names() {
        let name = |port: u16, tcp: bool| SERVICES.iter().find(|(p, t, _)| *p == port && *t == tcp).map(|x| x.2);
        assert_eq!(name(8080, TCP), Some("http-alt"));
        assert_eq!(name(80, TCP), Some("http"));
        assert_eq!(name(53, UDP), Some("domain"));
        assert_eq!(name(4789, UDP), None);
        assert!(SERVICES.windows(2).all(|w| w[0].0 <= w[1].0), "sorted by port");
    }
}
