//! The `conntrack` command of conntrack-tools 1.4.7 (Debian 12), over a
//! [`Conntrack`] table, with libnetfilter_conntrack 1.0.9's line format.
//!
//! Modelled: `-L`/`--dump`, `-D`/`--delete`, `-F`/`--flush`, `-E`/`--event`
//! (prints the events it is given, then the summary line a Ctrl-C would
//! print), `-C`/`--count`, `-S`/`--stats` (one CPU), `-V`, `-h`, the tables
//! `conntrack` and `expect` (always empty; so are `dying` and
//! `unconfirmed` between packets), the filters `-s -d -r -q -p -f -m -u -n
//! -g --zone --orig-zone --reply-zone` and, after `-p tcp|udp|icmp`, the
//! port / state / ICMP filters, `-o extended`, `-e`, and the real error
//! messages and exit statuses (checked on the real tool). getopt_long
//! behaviour is reproduced: unique prefixes of long options, attached or
//! separate arguments, protocol options known only after `-p`.
//!
//! Not modelled: `-I`, `-U`, `-G` (they answer with a mesh note), output
//! formats other than `extended`, labels, secmark, the `-b` buffer size.
//! Listings are in creation order (the kernel's is hash order).

use std::fmt::Write as _;
use std::net::Ipv4Addr;

use crate::net::proto;
use crate::output::CmdOutput;
use crate::time::Instant;

use super::{Conn, Conntrack, CtEvent, CtEventKind, ProtoState, Status, TcpState};

const PROG: &str = "conntrack v1.4.7 (conntrack-tools)";

/// Runs `conntrack` with `argv` (without the program name) on `ct` at
/// `now`. `events` is what `conntrack -E` would have received (see
/// [`Conntrack::take_events`]).
pub fn conntrack_tool(argv: &[String], ct: &mut Conntrack, now: Instant, events: &[CtEvent]) -> CmdOutput {
    match parse(argv) {
        Ok(inv) => {
            let mut out = run(&inv, ct, now, events);
            out.stderr.insert_str(0, &inv.warnings);
            out
        }
        Err(out) => out,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cmd {
    List,
    Delete,
    Event,
    Flush,
    Count,
    Stats,
    Version,
    Help,
    Get,
    Create,
    Update,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Table {
    Conntrack,
    Expect,
    /// `dying` and `unconfirmed`: empty between packets.
    Transient,
}

/// The options whose legality depends on the command, in the order the
/// real tool checks them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Opt {
    Src,
    Dst,
    ReplySrc,
    ReplyDst,
    Protonum,
    Timeout,
    Status,
    Zero,
    EventMask,
    Mark,
    Id,
    Family,
    SrcNat,
    DstNat,
    Output,
    Secmark,
    Zone,
    OrigZone,
    ReplyZone,
}

impl Opt {
    const ALL: [Opt; 19] = [
        Opt::Src,
        Opt::Dst,
        Opt::ReplySrc,
        Opt::ReplyDst,
        Opt::Protonum,
        Opt::Timeout,
        Opt::Status,
        Opt::Zero,
        Opt::EventMask,
        Opt::Mark,
        Opt::Id,
        Opt::Family,
        Opt::SrcNat,
        Opt::DstNat,
        Opt::Output,
        Opt::Secmark,
        Opt::Zone,
        Opt::OrigZone,
        Opt::ReplyZone,
    ];

    fn name(self) -> &'static str {
        match self {
            Opt::Src => "src",
            Opt::Dst => "dst",
            Opt::ReplySrc => "reply-src",
            Opt::ReplyDst => "reply-dst",
            Opt::Protonum => "protonum",
            Opt::Timeout => "timeout",
            Opt::Status => "status",
            Opt::Zero => "zero",
            Opt::EventMask => "event-mask",
            Opt::Mark => "mark",
            Opt::Id => "id",
            Opt::Family => "family",
            Opt::SrcNat => "src-nat",
            Opt::DstNat => "dst-nat",
            Opt::Output => "output",
            Opt::Secmark => "secmark",
            Opt::Zone => "zone",
            Opt::OrigZone => "orig-zone",
            Opt::ReplyZone => "reply-zone",
        }
    }

    /// Whether the option may be used with the command (observed on the
    /// real tool; `Illegal option` otherwise).
    fn legal(self, cmd: Cmd) -> bool {
        use Opt::*;
        match cmd {
            Cmd::List => !matches!(self, Timeout | EventMask | Id),
            Cmd::Delete => !matches!(self, Zero | EventMask | Secmark),
            Cmd::Event => !matches!(self, Timeout | Status | Zero | Id),
            Cmd::Update => !matches!(self, Zero | EventMask | Secmark | Zone | OrigZone | ReplyZone),
            Cmd::Flush => self == Family,
            Cmd::Get | Cmd::Create => !matches!(self, Zero | EventMask),
            Cmd::Help => self == Protonum,
            Cmd::Count | Cmd::Stats | Cmd::Version => false,
        }
    }
}

/// An address filter: an IPv4 prefix, or an IPv6 address (which matches
/// nothing in an IPv4-only table).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AddrFilter {
    V4(Ipv4Addr, u8),
    V6,
}

impl AddrFilter {
    fn matches(&self, a: Ipv4Addr) -> bool {
        match *self {
            AddrFilter::V4(net, len) => crate::net::Ipv4Cidr::new(net, len).contains(a),
            AddrFilter::V6 => false,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct NatFilter {
    addr: Option<Ipv4Addr>,
    port: Option<u16>,
}

#[derive(Clone, Debug, Default)]
struct Invocation {
    cmd: Option<Cmd>,
    table: Option<Table>,
    used: Vec<Opt>,
    orig_src: Option<AddrFilter>,
    orig_dst: Option<AddrFilter>,
    reply_src: Option<AddrFilter>,
    reply_dst: Option<AddrFilter>,
    proto: Option<u8>,
    ipv6: bool,
    mark: Option<(u32, u32)>,
    status: Option<u32>,
    /// Status bits `-u UNREPLIED` wants clear (`SEEN_REPLY`): a mask bit
    /// without a value bit (so a `SEEN_REPLY` in the same list wins), which
    /// only the listing's kernel-side filter honours (`-D -u UNREPLIED`
    /// deletes every entry, as 1.4.7 does).
    status_unset: u32,
    src_nat: Option<NatFilter>,
    dst_nat: Option<NatFilter>,
    /// `-j`/`--any-nat`: either translation will do (`-n` with `-g` wants
    /// both).
    any_nat: bool,
    extended: bool,
    /// An output format mesh does not print.
    other_output: Option<String>,
    /// Printed on stderr before the command's own output.
    warnings: String,
    event_mask: Option<u32>,
    zone: Option<u16>,
    orig_sport: Option<u16>,
    orig_dport: Option<u16>,
    reply_sport: Option<u16>,
    reply_dport: Option<u16>,
    tcp_state: Option<TcpState>,
    icmp_type: Option<u8>,
    icmp_code: Option<u8>,
    icmp_id: Option<u16>,
}

fn param_problem(msg: &str) -> CmdOutput {
    CmdOutput::err(format!("{PROG}: {msg}\nTry `conntrack -h' or 'conntrack --help' for more information.\n"), 2)
}

/// How an option takes its argument.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Arg {
    None,
    Required,
    /// getopt's optional argument; the tool also takes the next word if it
    /// does not start with `-` or `!`.
    Optional,
    /// A command letter: no argument, but the next word may name a table.
    Table,
}

/// Long options: name, short equivalent (or a proto-option code), argument.
const LONG: &[(&str, char, Arg)] = &[
    ("dump", 'L', Arg::Optional),
    ("create", 'I', Arg::Optional),
    ("delete", 'D', Arg::Optional),
    ("update", 'U', Arg::Optional),
    ("get", 'G', Arg::Optional),
    ("flush", 'F', Arg::Optional),
    ("event", 'E', Arg::Optional),
    ("counter", 'C', Arg::Optional),
    ("stats", 'S', Arg::Optional),
    ("version", 'V', Arg::None),
    ("help", 'h', Arg::None),
    ("orig-src", 's', Arg::Required),
    ("src", 's', Arg::Required),
    ("orig-dst", 'd', Arg::Required),
    ("dst", 'd', Arg::Required),
    ("reply-src", 'r', Arg::Required),
    ("reply-dst", 'q', Arg::Required),
    ("protonum", 'p', Arg::Required),
    ("timeout", 't', Arg::Required),
    ("status", 'u', Arg::Required),
    ("zero", 'z', Arg::None),
    ("event-mask", 'e', Arg::Required),
    ("tuple-src", '[', Arg::Required),
    ("tuple-dst", ']', Arg::Required),
    ("mask-src", '{', Arg::Required),
    ("mask-dst", '}', Arg::Required),
    ("mark", 'm', Arg::Required),
    ("secmark", 'c', Arg::Required),
    ("id", 'i', Arg::Optional),
    ("family", 'f', Arg::Required),
    ("src-nat", 'n', Arg::Optional),
    ("dst-nat", 'g', Arg::Optional),
    ("output", 'o', Arg::Required),
    ("buffer-size", 'b', Arg::Required),
    ("any-nat", 'j', Arg::Optional),
    ("zone", 'w', Arg::Required),
    ("orig-zone", '(', Arg::Required),
    ("reply-zone", ')', Arg::Required),
    ("label", 'l', Arg::Required),
];

/// Options added by `-p tcp|udp` (codes are private) and by `-p icmp`.
const PORT_OPTS: &[(&str, char, Arg)] = &[
    ("orig-port-src", '1', Arg::Required),
    ("orig-port-dst", '2', Arg::Required),
    ("reply-port-src", '3', Arg::Required),
    ("reply-port-dst", '4', Arg::Required),
    ("mask-port-src", '5', Arg::Required),
    ("mask-port-dst", '6', Arg::Required),
    ("tuple-port-src", '7', Arg::Required),
    ("tuple-port-dst", '8', Arg::Required),
    ("sport", '1', Arg::Required),
    ("dport", '2', Arg::Required),
];
const TCP_OPTS: &[(&str, char, Arg)] = &[("state", '9', Arg::Required)];
const ICMP_OPTS: &[(&str, char, Arg)] = &[("icmp-type", 'T', Arg::Required), ("icmp-code", 'K', Arg::Required), ("icmp-id", 'Y', Arg::Required)];

fn short_arg(c: char) -> Option<Arg> {
    Some(match c {
        'i' | 'n' | 'g' | 'j' => Arg::Optional,
        // Commands take no attached argument: `-Lp tcp` is `-L -p tcp`;
        // their table is the next word (`check_type`).
        'L' | 'I' | 'U' | 'D' | 'G' | 'E' | 'F' | 'C' | 'S' => Arg::Table,
        'V' | 'h' | 'z' => Arg::None,
        's' | 'd' | 'r' | 'q' | 'p' | 't' | 'u' | 'e' | 'm' | 'c' | 'f' | 'o' | 'b' | 'w' | 'l' => Arg::Required,
        _ => return None,
    })
}

fn long_options(proto: Option<u8>) -> Vec<(&'static str, char, Arg)> {
    let mut v = LONG.to_vec();
    match proto {
        Some(proto::TCP) => {
            v.extend_from_slice(PORT_OPTS);
            v.extend_from_slice(TCP_OPTS);
        }
        Some(proto::UDP) | Some(136) | Some(proto::SCTP) | Some(33) => v.extend_from_slice(PORT_OPTS),
        Some(proto::ICMP) => v.extend_from_slice(ICMP_OPTS),
        _ => {}
    }
    v
}

/// getopt_long over `argv`: yields (option code, long name or `-c`, argument).
fn parse(argv: &[String]) -> Result<Invocation, CmdOutput> {
    let mut inv = Invocation::default();
    if argv.is_empty() {
        inv.cmd = Some(Cmd::Help);
        return Ok(inv);
    }
    let mut i = 0;
    while i < argv.len() {
        let word = &argv[i];
        i += 1;
        if word == "--" {
            break;
        }
        if let Some(body) = word.strip_prefix("--") {
            let (name, attached) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let opts = long_options(inv.proto);
            let exact = opts.iter().find(|(n, _, _)| *n == name);
            let found = match exact {
                Some(o) => Some(*o),
                None => {
                    let cands: Vec<_> = opts.iter().filter(|(n, _, _)| n.starts_with(name)).collect();
                    let first_code = cands.first().map(|c| c.1);
                    // Prefixes of aliases of one option are not ambiguous.
                    if !name.is_empty() && !cands.is_empty() && cands.iter().all(|c| Some(c.1) == first_code) { Some(*cands[0]) } else { None }
                }
            };
            let Some((lname, code, arg)) = found else {
                return Err(param_problem(&format!("unknown option `{word}'")));
            };
            let value = match arg {
                Arg::None => None,
                Arg::Required => match attached {
                    Some(v) => Some(v),
                    None => match argv.get(i) {
                        Some(v) => {
                            i += 1;
                            Some(v.clone())
                        }
                        None => {
                            return Err(param_problem(&format!("option `--{lname}' requires an argument")));
                        }
                    },
                },
                Arg::Optional | Arg::Table => attached.or_else(|| take_word(argv, &mut i)),
            };
            apply(&mut inv, code, value)?;
        } else if let Some(cluster) = word.strip_prefix('-').filter(|c| !c.is_empty()) {
            let chars: Vec<char> = cluster.chars().collect();
            let mut k = 0;
            while k < chars.len() {
                let c = chars[k];
                k += 1;
                let Some(arg) = short_arg(c) else {
                    return Err(param_problem(&format!("unknown option `-{c}'")));
                };
                let rest: String = chars[k..].iter().collect();
                let value = match arg {
                    Arg::None => None,
                    Arg::Table => {
                        if rest.is_empty() {
                            take_word(argv, &mut i)
                        } else {
                            None
                        }
                    }
                    Arg::Required => {
                        if !rest.is_empty() {
                            k = chars.len();
                            Some(rest)
                        } else if let Some(v) = argv.get(i) {
                            i += 1;
                            Some(v.clone())
                        } else {
                            return Err(param_problem(&format!("option `-{c}' requires an argument")));
                        }
                    }
                    Arg::Optional => {
                        if !rest.is_empty() {
                            k = chars.len();
                            Some(rest)
                        } else {
                            take_word(argv, &mut i)
                        }
                    }
                };
                apply(&mut inv, c, value)?;
            }
        }
        // Other words are operands getopt moves to the end; ignored.
    }
    check_legal(&inv)?;
    Ok(inv)
}

/// The tool's fix for optional arguments: take the next word unless it
/// looks like an option.
fn take_word(argv: &[String], i: &mut usize) -> Option<String> {
    let w = argv.get(*i)?;
    if w.starts_with('-') || w.starts_with('!') {
        return None;
    }
    *i += 1;
    Some(w.clone())
}

fn set_cmd(inv: &mut Invocation, cmd: Cmd, table: Option<String>) -> Result<(), CmdOutput> {
    if inv.cmd.is_some() {
        return Err(param_problem("Invalid commands combination"));
    }
    inv.cmd = Some(cmd);
    if let Some(t) = table {
        inv.table = Some(if t.starts_with("expect") {
            Table::Expect
        } else if t.starts_with("conntrack") {
            Table::Conntrack
        } else if t.starts_with("dying") || t.starts_with("unconfirmed") {
            Table::Transient
        } else {
            return Err(param_problem(&format!("unknown type `{t}'")));
        });
    }
    Ok(())
}

fn use_opt(inv: &mut Invocation, o: Opt) {
    if !inv.used.contains(&o) {
        inv.used.push(o);
    }
}

fn apply(inv: &mut Invocation, code: char, value: Option<String>) -> Result<(), CmdOutput> {
    let v = value.clone().unwrap_or_default();
    match code {
        'L' => set_cmd(inv, Cmd::List, value)?,
        'D' => set_cmd(inv, Cmd::Delete, value)?,
        'E' => set_cmd(inv, Cmd::Event, value)?,
        'F' => set_cmd(inv, Cmd::Flush, value)?,
        'C' => set_cmd(inv, Cmd::Count, value)?,
        'S' => set_cmd(inv, Cmd::Stats, value)?,
        'G' => set_cmd(inv, Cmd::Get, value)?,
        'I' => set_cmd(inv, Cmd::Create, value)?,
        'U' => set_cmd(inv, Cmd::Update, value)?,
        'V' => set_cmd(inv, Cmd::Version, None)?,
        'h' => set_cmd(inv, Cmd::Help, None)?,
        's' => {
            use_opt(inv, Opt::Src);
            inv.orig_src = Some(parse_addr(&v)?);
        }
        'd' => {
            use_opt(inv, Opt::Dst);
            inv.orig_dst = Some(parse_addr(&v)?);
        }
        'r' => {
            use_opt(inv, Opt::ReplySrc);
            inv.reply_src = Some(parse_addr(&v)?);
        }
        'q' => {
            use_opt(inv, Opt::ReplyDst);
            inv.reply_dst = Some(parse_addr(&v)?);
        }
        'p' => {
            use_opt(inv, Opt::Protonum);
            inv.proto = Some(parse_proto(&v).ok_or_else(|| param_problem(&format!("`{v}' unsupported protocol")))?);
        }
        'f' => {
            use_opt(inv, Opt::Family);
            match v.as_str() {
                "ipv4" => inv.ipv6 = false,
                "ipv6" => inv.ipv6 = true,
                _ => return Err(param_problem(&format!("`{v}' unsupported protocol"))),
            }
        }
        't' => use_opt(inv, Opt::Timeout),
        'z' => use_opt(inv, Opt::Zero),
        'i' => use_opt(inv, Opt::Id),
        'c' => use_opt(inv, Opt::Secmark),
        'b' | 'l' | '[' | ']' | '{' | '}' => {}
        'u' => {
            use_opt(inv, Opt::Status);
            inv.status = Some(inv.status.unwrap_or(0) | parse_list(inv, &v, STATUS_NAMES)?);
        }
        'e' => {
            use_opt(inv, Opt::EventMask);
            inv.event_mask = Some(inv.event_mask.unwrap_or(0) | parse_list(inv, &v, EVENT_NAMES)?);
        }
        'o' => {
            use_opt(inv, Opt::Output);
            let bits = parse_list(inv, &v, OUTPUT_NAMES)?;
            inv.extended |= bits & OUTPUT_EXTENDED != 0;
            if let Some((name, _)) = OUTPUT_NAMES.iter().find(|(_, b)| *b != OUTPUT_EXTENDED && bits & b != 0) {
                inv.other_output = Some((*name).to_string());
            }
        }
        'm' => {
            use_opt(inv, Opt::Mark);
            let (m, mask) = match v.split_once('/') {
                Some((m, mask)) => (strtoul(m), strtoul(mask)),
                None => (strtoul(&v), u32::MAX),
            };
            inv.mark = Some((m, mask));
        }
        'n' | 'g' | 'j' => {
            let f = match value {
                Some(v) => parse_nat(&v)?,
                None => NatFilter::default(),
            };
            if code != 'g' {
                use_opt(inv, Opt::SrcNat);
                inv.src_nat = Some(f);
            }
            if code != 'n' {
                use_opt(inv, Opt::DstNat);
                inv.dst_nat = Some(f);
            }
            inv.any_nat |= code == 'j';
        }
        'w' | '(' | ')' => {
            use_opt(
                inv,
                if code == 'w' {
                    Opt::Zone
                } else if code == '(' {
                    Opt::OrigZone
                } else {
                    Opt::ReplyZone
                },
            );
            inv.zone = Some(strtoul(&v) as u16);
        }
        '1' => inv.orig_sport = Some(atoi_port(&v)),
        '2' => inv.orig_dport = Some(atoi_port(&v)),
        '3' => inv.reply_sport = Some(atoi_port(&v)),
        '4' => inv.reply_dport = Some(atoi_port(&v)),
        '5'..='8' => {}
        '9' => {
            let st = TcpState::ALL.iter().find(|s| s.name() == v).copied().or((v == "LISTEN").then_some(TcpState::SynSent2));
            inv.tcp_state = Some(st.ok_or_else(|| param_problem(&format!("unknown TCP state `{v}'")))?);
        }
        'T' => inv.icmp_type = Some(atoi(&v) as u8),
        'K' => inv.icmp_code = Some(atoi(&v) as u8),
        'Y' => inv.icmp_id = Some(atoi(&v) as u16),
        _ => return Err(param_problem(&format!("unknown option `-{code}'"))),
    }
    Ok(())
}

const STATUS_NAMES: &[(&str, u32)] =
    &[("ASSURED", Status::ASSURED), ("SEEN_REPLY", Status::SEEN_REPLY), ("UNSET", 0), ("FIXED_TIMEOUT", Status::FIXED_TIMEOUT)];
const EVENT_NAMES: &[(&str, u32)] = &[("ALL", 7), ("NEW", 1), ("UPDATES", 2), ("DESTROY", 4)];
const OUTPUT_EXTENDED: u32 = 2;
const OUTPUT_NAMES: &[(&str, u32)] =
    &[("xml", 1), ("extended", OUTPUT_EXTENDED), ("timestamp", 4), ("id", 8), ("ktimestamp", 16), ("labels", 32), ("userspace", 64)];

/// `parse_parameter`: a comma list of case-insensitive prefixes. The NAT
/// status names are skipped with a warning.
fn parse_list(inv: &mut Invocation, arg: &str, names: &[(&str, u32)]) -> Result<u32, CmdOutput> {
    let mut value = 0;
    let mut rest = arg;
    loop {
        let (part, more) = match rest.split_once(',') {
            Some((p, m)) => (p, Some(m)),
            None => (rest, None),
        };
        let n = part.len();
        // conntrack 1.4.7 tests `strncmp(part, "UNREPLIED", 9)` before the
        // names: case-sensitive, and anything after the nine letters is
        // ignored.
        if names == STATUS_NAMES && part.starts_with("UNREPLIED") {
            inv.status_unset |= Status::SEEN_REPLY;
            match more {
                Some(m) => {
                    rest = m;
                    continue;
                }
                None => return Ok(value),
            }
        }
        let hit = names.iter().find(|(name, _)| n > 0 && name.len() >= n && name[..n].eq_ignore_ascii_case(part));
        match hit {
            Some((_, v)) => value |= v,
            None => {
                let nat = ["SRC_NAT", "DST_NAT"].into_iter().find(|name| n > 0 && name.len() >= n && name[..n].eq_ignore_ascii_case(part));
                match nat {
                    Some(name) => {
                        let flag = if name == "SRC_NAT" { "--src-nat" } else { "--dst-nat" };
                        let _ = writeln!(inv.warnings, "WARNING: ignoring {name}, use {flag} instead");
                    }
                    None => return Err(param_problem(&format!("Bad parameter `{rest}'"))),
                }
            }
        }
        match more {
            Some(m) => rest = m,
            None => return Ok(value),
        }
    }
}

/// C `atoi`: optional sign and leading digits, 0 if none.
fn atoi(s: &str) -> i64 {
    let t = s.trim_start();
    let (neg, digits) = match t.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let mut v: i64 = 0;
    for c in digits.chars().take_while(char::is_ascii_digit) {
        v = v.saturating_mul(10).saturating_add(i64::from(c as u8 - b'0'));
    }
    if neg { -v } else { v }
}

/// A port as `htons(atoi(arg))` keeps it: the low 16 bits.
fn atoi_port(s: &str) -> u16 {
    atoi(s) as u16
}

/// C `strtoul(s, NULL, 0)` truncated to 32 bits: hex `0x`, octal `0`,
/// decimal; stops at the first bad digit; a minus sign negates.
fn strtoul(s: &str) -> u32 {
    let t = s.trim_start();
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let (radix, digits) = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        (16, h)
    } else if t.starts_with('0') {
        (8, t)
    } else {
        (10, t)
    };
    let mut v: u64 = 0;
    for c in digits.chars() {
        let Some(d) = c.to_digit(radix) else { break };
        v = v.saturating_mul(u64::from(radix)).saturating_add(u64::from(d));
    }
    let v = if neg { v.wrapping_neg() } else { v };
    v as u32
}

/// `inet_aton`: 1 to 4 dot-separated numbers (decimal, `0x` hex, `0`
/// octal), the last filling the remaining bytes.
fn inet_aton(s: &str) -> Option<Ipv4Addr> {
    let parts: Vec<&str> = s.split('.').collect();
    if parts.is_empty() || parts.len() > 4 {
        return None;
    }
    let mut nums = Vec::with_capacity(parts.len());
    for p in &parts {
        let (radix, digits) = if let Some(h) = p.strip_prefix("0x").or_else(|| p.strip_prefix("0X")) {
            (16, h)
        } else if p.len() > 1 && p.starts_with('0') {
            (8, &p[1..])
        } else {
            (10, *p)
        };
        if digits.is_empty() && radix != 16 {
            return None;
        }
        nums.push(u64::from_str_radix(if digits.is_empty() { "0" } else { digits }, radix).ok()?);
    }
    let (last, head) = nums.split_last()?;
    let mut value: u64 = 0;
    for (k, n) in head.iter().enumerate() {
        if *n > 255 {
            return None;
        }
        value |= n << (24 - 8 * k);
    }
    let room = 32 - 8 * head.len();
    if *last >= (1u64 << room) {
        return None;
    }
    Some(Ipv4Addr::from((value | last) as u32))
}

fn parse_addr(s: &str) -> Result<AddrFilter, CmdOutput> {
    let bad = || param_problem(&format!("Invalid IP address `{s}'."));
    let (addr, mask) = match s.split_once('/') {
        Some((a, m)) => (a, Some(m)),
        None => (s, None),
    };
    if let Some(a) = inet_aton(addr) {
        let len = match mask {
            None => 32,
            Some(m) => match m.parse::<u8>() {
                Ok(l) if l <= 32 => l,
                _ => inet_aton(m).and_then(crate::net::mask_to_prefix).ok_or_else(bad)?,
            },
        };
        return Ok(AddrFilter::V4(a, len));
    }
    if addr.parse::<std::net::Ipv6Addr>().is_ok() {
        return Ok(AddrFilter::V6);
    }
    Err(bad())
}

fn parse_nat(s: &str) -> Result<NatFilter, CmdOutput> {
    let (ip, port) = match s.split_once(':') {
        Some((ip, port)) => (ip, Some(port)),
        None => (s, None),
    };
    let port = match port {
        Some(p) if p.contains(':') => {
            return Err(param_problem(&format!("Invalid IP address `{s}'")));
        }
        Some(p) => match p.parse::<u16>() {
            Ok(0) => None,
            Ok(n) => Some(n),
            Err(_) => return Err(param_problem(&format!("Invalid port `{p}'"))),
        },
        None => None,
    };
    let addr = inet_aton(ip).ok_or_else(|| param_problem(&format!("Invalid IP address `{ip}'")))?;
    Ok(NatFilter { addr: Some(addr), port })
}

fn parse_proto(s: &str) -> Option<u8> {
    if let Ok(n) = s.parse::<u16>() {
        return u8::try_from(n).ok();
    }
    match s {
        "icmpv6" => Some(58),
        "udplite" => Some(136),
        "dccp" => Some(33),
        _ => (0..=255u8).find(|p| proto::name(*p) == Some(s)),
    }
}

/// Without a command every option is illegal; a bare `conntrack` (or one
/// naming only a table) prints the usage and succeeds, as conntrack 1.4.7
/// does.
fn check_legal(inv: &Invocation) -> Result<(), CmdOutput> {
    for o in Opt::ALL {
        if inv.used.contains(&o) && !inv.cmd.is_some_and(|cmd| o.legal(cmd)) {
            return Err(param_problem(&format!("Illegal option `--{}' with this command", o.name())));
        }
    }
    if matches!(inv.cmd, Some(Cmd::Get | Cmd::Create)) && !inv.used.contains(&Opt::Protonum) {
        return Err(param_problem("You need to supply the `--protonum' option for this command"));
    }
    Ok(())
}

const HELP: &str = include_str!("testdata/help.txt");

fn run(inv: &Invocation, ct: &mut Conntrack, now: Instant, events: &[CtEvent]) -> CmdOutput {
    let Some(cmd) = inv.cmd else {
        return CmdOutput::ok(HELP);
    };
    if let Some(fmt) = &inv.other_output {
        return CmdOutput::err(format!("mesh: conntrack -o {fmt} is not modelled\n"), 1);
    }
    let table = inv.table.unwrap_or(Table::Conntrack);
    match cmd {
        Cmd::Help => CmdOutput::ok(HELP),
        Cmd::Version => CmdOutput::ok(format!("{PROG}\n")),
        Cmd::Get | Cmd::Create | Cmd::Update => CmdOutput::err("mesh: conntrack -G, -I and -U are not modelled; use -L with filters\n", 1),
        Cmd::Count => match table {
            Table::Conntrack => CmdOutput::ok(format!("{}\n", ct.count())),
            _ => CmdOutput::ok("0\n"),
        },
        Cmd::Stats => {
            let s = ct.stats();
            CmdOutput::ok(format!(
                "cpu={:<4}\tfound={} invalid={} insert={} insert_failed={} drop={} early_drop={} error={} search_restart={} clash_resolve={} chaintoolong={} \n",
                0, s.found, s.invalid, s.insert, s.insert_failed, s.drop, s.early_drop, s.error, s.search_restart, s.clash_resolve, s.chaintoolong
            ))
        }
        Cmd::Flush => {
            if table == Table::Expect {
                return CmdOutput::err(format!("{PROG}: expectation table has been emptied.\n"), 0);
            }
            ct.flush();
            CmdOutput::err(format!("{PROG}: connection tracking table has been emptied.\n"), 0)
        }
        Cmd::List => {
            if table == Table::Expect {
                return CmdOutput::err(format!("{PROG}: 0 expectations have been shown.\n"), 0);
            }
            if inv.status == Some(0) && inv.status_unset == 0 {
                return CmdOutput::err(format!("{PROG}: Operation failed: invalid parameters\n"), 1);
            }
            let mut out = String::new();
            let mut n = 0;
            if table == Table::Conntrack {
                for (_, c) in ct.iter().filter(|(_, c)| matches(inv, c) && c.status.0 & inv.status_unset & !inv.status.unwrap_or(0) == 0) {
                    out.push_str(&format_line(c, Some(c.remaining_secs(now)), inv.extended, None));
                    out.push('\n');
                    n += 1;
                }
            }
            CmdOutput { stdout: out, stderr: format!("{PROG}: {n} flow entries have been shown.\n"), status: 0, interleaved: None }
        }
        Cmd::Delete => {
            let ids: Vec<_> = ct.iter().filter(|(_, c)| matches(inv, c)).map(|(id, _)| id).collect();
            let mut out = String::new();
            for id in &ids {
                if let Some(c) = ct.conn(*id) {
                    out.push_str(&format_line(c, Some(c.remaining_secs(now)), inv.extended, None));
                    out.push('\n');
                }
                ct.delete(*id);
            }
            let n = ids.len();
            let status = if n == 0 { 1 } else { 0 };
            CmdOutput { stdout: out, stderr: format!("{PROG}: {n} flow entries have been deleted.\n"), status, interleaved: None }
        }
        Cmd::Event => {
            let mask = inv.event_mask.unwrap_or(7);
            let mut out = String::new();
            let mut n = 0;
            for ev in events {
                let bit = match ev.kind {
                    CtEventKind::New => 1,
                    CtEventKind::Update => 2,
                    CtEventKind::Destroy => 4,
                };
                if mask & bit == 0 || !matches(inv, &ev.conn) {
                    continue;
                }
                out.push_str(&format_event(ev, inv.extended));
                out.push('\n');
                n += 1;
            }
            CmdOutput { stdout: out, stderr: format!("{PROG}: {n} flow events have been shown.\n"), status: 0, interleaved: None }
        }
    }
}

/// Does a connection pass the filters of the command line?
fn matches(inv: &Invocation, c: &Conn) -> bool {
    if inv.ipv6 {
        return false;
    }
    let addr_ok = |f: &Option<AddrFilter>, a: Ipv4Addr| f.is_none_or(|f| f.matches(a));
    if !(addr_ok(&inv.orig_src, c.orig.src)
        && addr_ok(&inv.orig_dst, c.orig.dst)
        && addr_ok(&inv.reply_src, c.reply.src)
        && addr_ok(&inv.reply_dst, c.reply.dst))
    {
        return false;
    }
    if inv.proto.is_some_and(|p| p != c.orig.proto) {
        return false;
    }
    let port_ok = |f: Option<u16>, p: u16| f.is_none_or(|f| f == p);
    if c.orig.proto != proto::ICMP
        && !(port_ok(inv.orig_sport, c.orig.src_port)
            && port_ok(inv.orig_dport, c.orig.dst_port)
            && port_ok(inv.reply_sport, c.reply.src_port)
            && port_ok(inv.reply_dport, c.reply.dst_port))
    {
        return false;
    }
    if inv.tcp_state.is_some() && inv.tcp_state != c.tcp_state() {
        return false;
    }
    if c.orig.proto == proto::ICMP
        && !(inv.icmp_type.is_none_or(|t| u16::from(t) == c.orig.dst_port >> 8)
            && inv.icmp_code.is_none_or(|k| u16::from(k) == c.orig.dst_port & 0xff)
            && inv.icmp_id.is_none_or(|id| id == c.orig.src_port))
    {
        return false;
    }
    if inv.mark.is_some_and(|(m, mask)| c.mark & mask != m & mask) {
        return false;
    }
    if inv.status.is_some_and(|s| c.status.0 & s != s) {
        return false;
    }
    if inv.zone.is_some_and(|z| z != c.zone) {
        return false;
    }
    nat_matches(inv, c)
}

/// `filter_nat` with libnetfilter_conntrack's `IS_SNAT`/`IS_SPAT`/
/// `IS_DNAT`/`IS_DPAT` tests. They compare raw tuple unions, so an ICMP
/// connection (id vs. type/code) counts as port-translated.
fn nat_matches(inv: &Invocation, c: &Conn) -> bool {
    let snat_done = c.status.has(Status::SRC_NAT_DONE);
    let dnat_done = c.status.has(Status::DST_NAT_DONE);
    let is_snat = snat_done && c.orig.src != c.reply.dst;
    let is_spat = snat_done && c.orig.src_port != c.reply.dst_port;
    let is_dnat = dnat_done && c.orig.dst != c.reply.src;
    let is_dpat = dnat_done && c.orig.dst_port != c.reply.src_port;
    let side = |f: &NatFilter, is_nat: bool, is_pat: bool, addr: Ipv4Addr, port: u16| -> bool {
        let mut has = false;
        if let Some(a) = f.addr {
            has = is_nat && a == addr;
        }
        if let Some(p) = f.port {
            let ret = is_pat && p == port;
            if f.addr.is_some() && has && !ret {
                has = false;
            }
            if f.addr.is_none() && ret {
                has = true;
            }
        }
        if f.addr.is_none() && f.port.is_none() && (is_nat || is_pat) {
            has = true;
        }
        has
    };
    let src = inv.src_nat.map(|f| side(&f, is_snat, is_spat, c.reply.dst, c.reply.dst_port));
    let dst = inv.dst_nat.map(|f| side(&f, is_dnat, is_dpat, c.reply.src, c.reply.src_port));
    match (src, dst) {
        (Some(s), Some(d)) if inv.any_nat => s || d,
        (Some(s), Some(d)) => s && d,
        (Some(s), None) => s,
        (None, Some(d)) => d,
        (None, None) => true,
    }
}

/// libnetfilter_conntrack's protocol names (`proto2str`).
fn proto_name(p: u8) -> &'static str {
    match p {
        proto::TCP => "tcp",
        proto::UDP => "udp",
        136 => "udplite",
        proto::ICMP => "icmp",
        58 => "icmpv6",
        proto::SCTP => "sctp",
        47 => "gre",
        33 => "dccp",
        _ => "unknown",
    }
}

fn push_tuple(s: &mut String, t: &crate::net::Tuple) {
    let _ = write!(s, "src={} dst={} ", t.src, t.dst);
    match t.proto {
        proto::TCP | proto::UDP | 136 | proto::SCTP | 33 => {
            let _ = write!(s, "sport={} dport={} ", t.src_port, t.dst_port);
        }
        proto::ICMP => {
            let _ = write!(s, "type={} code={} id={} ", t.dst_port >> 8, t.dst_port & 0xff, t.src_port);
        }
        _ => {}
    }
}

/// One entry in `conntrack -L` form (`nfct_snprintf`, default output):
/// `event` adds the `-E` prefix and drops the `mark=`/`use=` fields the
/// kernel does not send in events.
pub(crate) fn format_line(c: &Conn, timeout: Option<u64>, extended: bool, event: Option<CtEventKind>) -> String {
    let mut s = String::new();
    if let Some(kind) = event {
        let tag = match kind {
            CtEventKind::New => "[NEW]",
            CtEventKind::Update => "[UPDATE]",
            CtEventKind::Destroy => "[DESTROY]",
        };
        let _ = write!(s, "{tag:>9} ");
    }
    if extended {
        s.push_str("ipv4     2 ");
    }
    let _ = write!(s, "{:<8} {} ", proto_name(c.orig.proto), c.orig.proto);
    if let Some(t) = timeout {
        let _ = write!(s, "{t} ");
    }
    if let ProtoState::Tcp(track) = &c.proto_state {
        let _ = write!(s, "{} ", track.state().name());
    }
    push_tuple(&mut s, &c.orig);
    if !c.status.has(Status::SEEN_REPLY) {
        s.push_str("[UNREPLIED] ");
    }
    push_tuple(&mut s, &c.reply);
    if c.status.has(Status::ASSURED) {
        s.push_str("[ASSURED] ");
    }
    if event.is_none() || c.mark != 0 {
        let _ = write!(s, "mark={} ", c.mark);
    }
    if c.zone != 0 {
        let _ = write!(s, "zone={} ", c.zone);
    }
    if event.is_none() {
        s.push_str("use=1");
    }
    s.truncate(s.trim_end().len());
    s
}

/// One `conntrack -E` line. A DESTROY carries a timeout only when the
/// entry was killed before it expired.
pub(crate) fn format_event(ev: &CtEvent, extended: bool) -> String {
    let left = ev.conn.remaining_secs(ev.at);
    let timeout = match ev.kind {
        CtEventKind::Destroy if left == 0 => None,
        _ => Some(left),
    };
    format_line(&ev.conn, timeout, extended, Some(ev.kind))
}
