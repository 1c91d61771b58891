//! Match extensions (`-m …`, and the protocol matches `-p tcp` loads): how
//! each parses its options, prints itself in `-L` and `-S`/save form, and
//! decides on a packet the way its kernel module does.

use std::fmt::Write as _;
use std::net::Ipv4Addr;

use super::error::{Errno, Failure};
use super::ext::{self, ExtOpt, INVERT, LEGACY, MAND, opt, opt_rel};
use super::names::{self, ADDRTYPE_NAMES, ICMP_NAMES, parse_c_ulong};
use super::packet::Ipv4;
use super::{CtStatus, EvalCtx, IpvsMethod};
use crate::net::{CtDir, CtState, Hook, proto};

/// The match extensions mesh implements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum MatchKind {
    Tcp,
    Udp,
    Icmp,
    Multiport,
    Addrtype,
    State,
    Conntrack,
    Mark,
    Connmark,
    Ipvs,
    Comment,
    Statistic,
    Limit,
}

impl MatchKind {
    /// `-m NAME` → extension (the names are the `libxt_NAME.so` files).
    pub(super) fn from_name(name: &str) -> Option<MatchKind> {
        Some(match name {
            "tcp" => MatchKind::Tcp,
            "udp" => MatchKind::Udp,
            "icmp" => MatchKind::Icmp,
            "multiport" => MatchKind::Multiport,
            "addrtype" => MatchKind::Addrtype,
            "state" => MatchKind::State,
            "conntrack" => MatchKind::Conntrack,
            "mark" => MatchKind::Mark,
            "connmark" => MatchKind::Connmark,
            "ipvs" => MatchKind::Ipvs,
            "comment" => MatchKind::Comment,
            "statistic" => MatchKind::Statistic,
            "limit" => MatchKind::Limit,
            _ => return None,
        })
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            MatchKind::Tcp => "tcp",
            MatchKind::Udp => "udp",
            MatchKind::Icmp => "icmp",
            MatchKind::Multiport => "multiport",
            MatchKind::Addrtype => "addrtype",
            MatchKind::State => "state",
            MatchKind::Conntrack => "conntrack",
            MatchKind::Mark => "mark",
            MatchKind::Connmark => "connmark",
            MatchKind::Ipvs => "ipvs",
            MatchKind::Comment => "comment",
            MatchKind::Statistic => "statistic",
            MatchKind::Limit => "limit",
        }
    }

    pub(super) fn options(self) -> &'static [ExtOpt] {
        match self {
            MatchKind::Tcp => TCP_OPTS,
            MatchKind::Udp => UDP_OPTS,
            MatchKind::Icmp => ICMP_OPTS,
            MatchKind::Multiport => MULTIPORT_OPTS,
            MatchKind::Addrtype => ADDRTYPE_OPTS,
            MatchKind::State => STATE_OPTS,
            MatchKind::Conntrack => CONNTRACK_OPTS,
            MatchKind::Mark | MatchKind::Connmark => MARK_OPTS,
            MatchKind::Ipvs => IPVS_OPTS,
            MatchKind::Comment => COMMENT_OPTS,
            MatchKind::Statistic => STATISTIC_OPTS,
            MatchKind::Limit => LIMIT_OPTS,
        }
    }

    /// The blank value `-m NAME` starts from (what the extension's init
    /// function sets).
    pub(super) fn initial(self) -> Match {
        match self {
            MatchKind::Tcp => Match::Tcp(Tcp::default()),
            MatchKind::Udp => Match::Udp(Ports::default()),
            MatchKind::Icmp => Match::Icmp(Icmp { kind: 0xFF, code_min: 0, code_max: 0xFF, invert: false }),
            MatchKind::Multiport => Match::Multiport(Multiport::default()),
            MatchKind::Addrtype => Match::Addrtype(Addrtype::default()),
            MatchKind::State => Match::Conntrack(Conntrack { state_alias: true, ..Conntrack::default() }),
            MatchKind::Conntrack => Match::Conntrack(Conntrack::default()),
            MatchKind::Mark => Match::Mark(MarkMatch::default()),
            MatchKind::Connmark => Match::Connmark(MarkMatch::default()),
            MatchKind::Ipvs => Match::Ipvs(Ipvs::default()),
            MatchKind::Comment => Match::Comment(String::new()),
            MatchKind::Statistic => Match::Statistic(Statistic::default()),
            MatchKind::Limit => Match::Limit(Limit { avg: 10000 * 60 * 60 / 3, burst: 5 }),
        }
    }
}

/// A parsed match, as the kernel stores it in the rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Match {
    Tcp(Tcp),
    Udp(Ports),
    Icmp(Icmp),
    Multiport(Multiport),
    Addrtype(Addrtype),
    /// `-m conntrack`, and `-m state` (the same kernel match with the
    /// state-alias flag).
    Conntrack(Conntrack),
    Mark(MarkMatch),
    Connmark(MarkMatch),
    Ipvs(Ipvs),
    Comment(String),
    Statistic(Statistic),
    Limit(Limit),
}

/// A port range with its `!`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct PortRange {
    pub lo: u16,
    pub hi: u16,
    pub invert: bool,
}

impl Default for PortRange {
    fn default() -> Self {
        PortRange { lo: 0, hi: u16::MAX, invert: false }
    }
}

impl PortRange {
    fn contains(&self, p: u16) -> bool {
        (p >= self.lo && p <= self.hi) ^ self.invert
    }
    fn is_any(&self) -> bool {
        self.lo == 0 && self.hi == u16::MAX
    }
}

/// `-m udp`: source and destination port ranges.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Ports {
    pub src: PortRange,
    pub dst: PortRange,
}

/// `-m tcp` (`xt_tcp`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Tcp {
    pub ports: Ports,
    pub option: u8,
    pub inv_option: bool,
    pub flg_mask: u8,
    pub flg_cmp: u8,
    pub inv_flags: bool,
}

/// `-m icmp --icmp-type` (`ipt_icmp`); type 0xFF means any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Icmp {
    pub kind: u8,
    pub code_min: u8,
    pub code_max: u8,
    pub invert: bool,
}

/// Which ports `-m multiport` compares.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) enum MultiportDir {
    #[default]
    Source,
    Destination,
    Either,
}

/// `-m multiport` (revision 1: up to 15 slots, a range takes two).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Multiport {
    pub dir: MultiportDir,
    /// Single ports (`lo == hi`) and ranges, in the order given.
    pub ports: Vec<(u16, u16, bool)>,
    pub invert: bool,
}

/// `-m addrtype` (revision 1); type masks use bit `1 << AddrType`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Addrtype {
    pub src: u16,
    pub dst: u16,
    pub inv_src: bool,
    pub inv_dst: bool,
    pub limit_in: bool,
    pub limit_out: bool,
}

/// Conntrack states as `--ctstate` names them.
pub(super) mod st {
    pub const INVALID: u16 = 1;
    pub const NEW: u16 = 2;
    pub const RELATED: u16 = 4;
    pub const ESTABLISHED: u16 = 8;
    pub const UNTRACKED: u16 = 16;
    pub const SNAT: u16 = 32;
    pub const DNAT: u16 = 64;
    /// Print order of `ctstate`, whatever order they were given in.
    pub const NAMES: [(&str, u16); 7] =
        [("INVALID", INVALID), ("NEW", NEW), ("RELATED", RELATED), ("ESTABLISHED", ESTABLISHED), ("UNTRACKED", UNTRACKED), ("SNAT", SNAT), ("DNAT", DNAT)];
}

/// An address with mask as `-m conntrack` keeps it (not masked).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct AddrMask {
    pub addr: Ipv4Addr,
    pub mask: u32,
    pub invert: bool,
}

impl AddrMask {
    fn matches(&self, a: Ipv4Addr) -> bool {
        ((u32::from(a) ^ u32::from(self.addr)) & self.mask == 0) ^ self.invert
    }
}

/// `-m conntrack` (revision 3) and `-m state`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Conntrack {
    /// Written as `-m state --state …` (prints `state`, saves `-m state`).
    pub state_alias: bool,
    pub state: Option<(u16, bool)>,
    pub proto: Option<(u8, bool)>,
    pub orig_src: Option<AddrMask>,
    pub orig_dst: Option<AddrMask>,
    pub repl_src: Option<AddrMask>,
    pub repl_dst: Option<AddrMask>,
    pub orig_src_port: Option<PortRange>,
    pub orig_dst_port: Option<PortRange>,
    pub repl_src_port: Option<PortRange>,
    pub repl_dst_port: Option<PortRange>,
    pub status: Option<(u32, bool)>,
    pub expires: Option<(u32, u32, bool)>,
    /// `--ctdir`: the direction that matches.
    pub dir: Option<CtDir>,
}

/// `-m mark` / `-m connmark`: `(value & mask) == mark`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct MarkMatch {
    pub mark: u32,
    pub mask: u32,
    pub invert: bool,
}

/// `-m ipvs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Ipvs {
    /// `XT_IPVS_*` bits given, and which are inverted.
    pub bitmask: u8,
    pub invert: u8,
    pub proto: u8,
    pub vaddr: Ipv4Addr,
    pub vmask: u32,
    pub vport: u16,
    pub method: Option<IpvsMethod>,
    pub vportctl: u16,
}

mod ipvs_bit {
    pub const PROPERTY: u8 = 1 << 0;
    pub const PROTO: u8 = 1 << 1;
    pub const VADDR: u8 = 1 << 2;
    pub const VPORT: u8 = 1 << 3;
    pub const DIR: u8 = 1 << 4;
    pub const METHOD: u8 = 1 << 5;
    pub const VPORTCTL: u8 = 1 << 6;
}

impl Default for Ipvs {
    fn default() -> Self {
        Ipvs { bitmask: 0, invert: 0, proto: 0, vaddr: Ipv4Addr::UNSPECIFIED, vmask: 0, vport: 0, method: None, vportctl: 0 }
    }
}

/// `-m statistic`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Statistic {
    pub nth: bool,
    pub invert: bool,
    /// Random mode: probability × 2³¹.
    pub probability: u32,
    /// Nth mode: `--every` − 1 and `--packet`, as the kernel keeps them.
    pub every: u32,
    pub packet: u32,
}

/// `-m limit`: the average in `XT_LIMIT_SCALE` (1/10000 s) units per packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Limit {
    pub avg: u32,
    pub burst: u32,
}

// ---------------------------------------------------------------- options

const TCP_OPTS: &[ExtOpt] = &[
    opt("source-port", 0, true, LEGACY),
    opt("sport", 0, true, LEGACY),
    opt("destination-port", 1, true, LEGACY),
    opt("dport", 1, true, LEGACY),
    opt("syn", 2, false, LEGACY),
    opt("tcp-flags", 3, true, LEGACY),
    opt("tcp-option", 4, true, LEGACY),
];
const UDP_OPTS: &[ExtOpt] =
    &[opt("source-port", 0, true, INVERT), opt("sport", 0, true, INVERT), opt("destination-port", 1, true, INVERT), opt("dport", 1, true, INVERT)];
const ICMP_OPTS: &[ExtOpt] = &[opt("icmp-type", 0, true, INVERT | MAND)];
const MULTIPORT_OPTS: &[ExtOpt] = &[
    opt_rel("source-ports", 0, true, INVERT, 0, 0b110),
    opt_rel("sports", 0, true, INVERT, 0, 0b110),
    opt_rel("destination-ports", 1, true, INVERT, 0, 0b101),
    opt_rel("dports", 1, true, INVERT, 0, 0b101),
    opt_rel("ports", 2, true, INVERT, 0, 0b011),
];
const ADDRTYPE_OPTS: &[ExtOpt] = &[
    opt("src-type", 0, true, INVERT),
    opt("dst-type", 1, true, INVERT),
    opt_rel("limit-iface-in", 2, false, 0, 0, 1 << 3),
    opt_rel("limit-iface-out", 3, false, 0, 0, 1 << 2),
];
const STATE_OPTS: &[ExtOpt] = &[opt("state", 0, true, INVERT | MAND)];
const CONNTRACK_OPTS: &[ExtOpt] = &[
    opt("ctstate", 0, true, INVERT),
    opt("ctproto", 1, true, INVERT),
    opt("ctorigsrc", 2, true, INVERT),
    opt("ctorigdst", 3, true, INVERT),
    opt("ctreplsrc", 4, true, INVERT),
    opt("ctrepldst", 5, true, INVERT),
    opt("ctstatus", 6, true, INVERT),
    opt("ctexpire", 7, true, INVERT),
    opt("ctorigsrcport", 8, true, INVERT),
    opt("ctorigdstport", 9, true, INVERT),
    opt("ctreplsrcport", 10, true, INVERT),
    opt("ctrepldstport", 11, true, INVERT),
    opt("ctdir", 12, true, 0),
];
const MARK_OPTS: &[ExtOpt] = &[opt("mark", 0, true, INVERT | MAND)];
const IPVS_OPTS: &[ExtOpt] = &[
    opt("ipvs", 0, false, INVERT),
    opt("vproto", 1, true, INVERT),
    opt("vaddr", 2, true, INVERT),
    opt("vport", 3, true, INVERT),
    opt("vdir", 4, true, 0),
    opt("vmethod", 5, true, INVERT),
    opt("vportctl", 6, true, INVERT),
];
const COMMENT_OPTS: &[ExtOpt] = &[opt("comment", 0, true, MAND)];
const STATISTIC_OPTS: &[ExtOpt] = &[
    opt("mode", 0, true, MAND),
    opt_rel("probability", 1, true, INVERT, 0, 0b1100),
    opt_rel("every", 2, true, INVERT, 0b1000, 0b0010),
    opt_rel("packet", 3, true, 0, 0b0100, 0b0010),
];
const LIMIT_OPTS: &[ExtOpt] = &[opt("limit", 0, true, 0), opt("limit-burst", 1, true, 0)];

/// The protocol `-p` had when an option was parsed (some extensions look).
#[derive(Clone, Copy, Debug)]
pub(super) struct ProtoCtx {
    pub proto: u8,
    pub invert: bool,
}

/// One option occurrence handed to an extension.
pub(super) struct OptCall<'a> {
    pub opt: &'a ExtOpt,
    pub arg: &'a str,
    pub invert: bool,
    /// The argument after this option's, for `--tcp-flags MASK COMP`.
    pub next: Option<&'a str>,
    pub proto: ProtoCtx,
}

/// Parse one option into `m`.  Returns how many extra argv words it took.
pub(super) fn parse_option(m: &mut Match, c: &OptCall, seen: u32) -> Result<usize, Failure> {
    match m {
        Match::Tcp(t) => return parse_tcp(t, c, seen),
        Match::Udp(u) => {
            let range = ext::parse_port_range("udp", c.opt.name, c.arg)?;
            let pr = PortRange { lo: range.0, hi: range.1, invert: c.invert };
            if c.opt.id == 0 {
                u.src = pr;
            } else {
                u.dst = pr;
            }
        }
        Match::Icmp(i) => parse_icmp(i, c)?,
        Match::Multiport(mp) => parse_multiport(mp, c)?,
        Match::Addrtype(a) => {
            let mask = if c.opt.id <= 1 { parse_addrtypes(c.arg)? } else { 0 };
            match c.opt.id {
                0 => {
                    a.src = mask;
                    a.inv_src = c.invert;
                }
                1 => {
                    a.dst = mask;
                    a.inv_dst = c.invert;
                }
                2 => a.limit_in = true,
                _ => a.limit_out = true,
            }
        }
        Match::Conntrack(ct) => parse_conntrack(ct, c)?,
        Match::Mark(mm) => {
            let (mark, mask) = ext::parse_markmask("mark", c.opt.name, c.arg)?;
            *mm = MarkMatch { mark, mask, invert: c.invert };
        }
        Match::Connmark(mm) => {
            let (mark, mask) = ext::parse_markmask("connmark", c.opt.name, c.arg)?;
            *mm = MarkMatch { mark, mask, invert: c.invert };
        }
        Match::Ipvs(i) => parse_ipvs(i, c)?,
        Match::Comment(s) => {
            // XT_MAX_COMMENT_LEN is 256 with the terminating NUL.
            *s = c.arg.chars().take(255).collect();
        }
        Match::Statistic(s) => parse_statistic(s, c)?,
        Match::Limit(l) => {
            if c.opt.id == 0 {
                l.avg = parse_rate(c.arg)?;
            } else {
                l.burst = ext::parse_u32("limit", c.opt.name, c.arg, 0, 10000)?;
            }
        }
    }
    Ok(0)
}

/// The extension's own final check (`x6_fcheck`), run before the generic one.
pub(super) fn check(m: &mut Match, seen: u32) -> Result<(), Failure> {
    match m {
        Match::Multiport(_) if seen == 0 => Err(Failure::param("multiport expection an option")),
        Match::Addrtype(a) if a.src == 0 && a.dst == 0 => Err(Failure::param("addrtype: you must specify --src-type or --dst-type")),
        Match::Conntrack(ct) if !ct.state_alias && seen == 0 => Err(Failure::param("conntrack: At least one option is required")),
        Match::Ipvs(i) => {
            if seen == 0 {
                return Err(Failure::param("IPVS: At least one option is required"));
            }
            if i.bitmask & !ipvs_bit::PROPERTY != 0 {
                if i.invert & ipvs_bit::PROPERTY != 0 {
                    return Err(Failure::param("! --ipvs cannot be together with other options"));
                }
                i.bitmask |= ipvs_bit::PROPERTY;
            }
            Ok(())
        }
        Match::Statistic(s) => {
            if !s.nth && seen & 0b10 == 0 {
                return Err(Failure::param("--probability must be specified when using random mode"));
            }
            if s.nth && seen & 0b1100 == 0 {
                return Err(Failure::param("--every and --packet must be specified when using nth mode"));
            }
            if s.packet > s.every {
                return Err(Failure::param("the --packet p must be 0 <= p <= n-1"));
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Checks the kernel module does when the table is loaded (`checkentry`).
/// `hooks` is the set of hooks the rule is reachable from.
pub(super) fn kernel_check(m: &Match, rule_proto: u8, inv_proto: bool, hooks: u8, log: &mut Vec<String>) -> Result<(), Errno> {
    let needs = |want: u8, name: &str, log: &mut Vec<String>| {
        if rule_proto != want || inv_proto {
            log.push(format!("x_tables: ip_tables: {name} match: only valid for protocol {want}"));
            Err(Errno::Invalid)
        } else {
            Ok(())
        }
    };
    match m {
        Match::Tcp(_) => needs(proto::TCP, "tcp", log),
        Match::Udp(_) => needs(proto::UDP, "udp", log),
        Match::Icmp(_) => needs(proto::ICMP, "icmp", log),
        Match::Addrtype(a) => {
            let incoming = hook_bit(Hook::Prerouting) | hook_bit(Hook::Input);
            let outgoing = hook_bit(Hook::Postrouting) | hook_bit(Hook::Output);
            if a.limit_out && hooks & incoming != 0 {
                log.push("xt_addrtype: output interface limitation not valid in PREROUTING and INPUT".into());
                return Err(Errno::Invalid);
            }
            if a.limit_in && hooks & outgoing != 0 {
                log.push("xt_addrtype: input interface limitation not valid in POSTROUTING and OUTPUT".into());
                return Err(Errno::Invalid);
            }
            Ok(())
        }
        Match::Limit(l) => {
            if l.burst == 0 || user2credits(l.avg.wrapping_mul(l.burst)) < user2credits(l.avg) {
                log.push(format!("xt_limit: Overflow, try lower: {}/{}", l.avg, l.burst));
                return Err(Errno::Range);
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// xt_limit's credit conversion (HZ × CREDITS_PER_JIFFY is 32000 for both
/// HZ=250 and HZ=1000).
fn user2credits(user: u32) -> u32 {
    const HZ_CPJ: u32 = 32000;
    if user > u32::MAX / HZ_CPJ { (user / 10000).wrapping_mul(HZ_CPJ) } else { user * HZ_CPJ / 10000 }
}

pub(super) fn hook_bit(h: Hook) -> u8 {
    1 << (h as u8)
}

// ---------------------------------------------------------------- parsing

fn parse_tcp(t: &mut Tcp, c: &OptCall, seen: u32) -> Result<usize, Failure> {
    let once = |bit: u32, what: &str| -> Result<(), Failure> {
        if seen & (1 << bit) != 0 {
            return Err(Failure::param(format!("Only one `{what}' allowed")));
        }
        Ok(())
    };
    match c.opt.id {
        0 | 1 => {
            let (bit, what) = if c.opt.id == 0 { (0, "--source-port") } else { (1, "--destination-port") };
            once(bit, what)?;
            let r = parse_tcp_ports(c.arg)?;
            let pr = PortRange { lo: r.0, hi: r.1, invert: c.invert };
            if c.opt.id == 0 {
                t.ports.src = pr;
            } else {
                t.ports.dst = pr;
            }
            Ok(0)
        }
        2 => {
            if seen & 0b1100 != 0 {
                return Err(Failure::param("Only one of `--syn' or `--tcp-flags'  allowed"));
            }
            t.flg_mask = 0x17; // SYN,RST,ACK,FIN
            t.flg_cmp = 0x02;
            t.inv_flags = c.invert;
            Ok(0)
        }
        3 => {
            if seen & 0b1100 != 0 {
                return Err(Failure::param("Only one of `--syn' or `--tcp-flags'  allowed"));
            }
            let comp = match c.next {
                Some(n) if !n.starts_with('-') && !n.starts_with('!') => n,
                _ => return Err(Failure::param("--tcp-flags requires two args.")),
            };
            t.flg_mask = parse_tcp_flag_list(c.arg)?;
            t.flg_cmp = parse_tcp_flag_list(comp)?;
            t.inv_flags = c.invert;
            Ok(1)
        }
        _ => {
            once(4, "--tcp-option")?;
            let v = parse_c_ulong(c.arg).filter(|v| (1..=255).contains(v));
            let Some(v) = v else {
                return Err(Failure::param(format!("Bad TCP option \"{}\"", c.arg)));
            };
            t.option = v as u8;
            t.inv_option = c.invert;
            Ok(0)
        }
    }
}

/// libxt_tcp's `parse_tcp_ports`: `port`, `lo:hi`, `:hi`, `lo:`.
fn parse_tcp_ports(arg: &str) -> Result<(u16, u16), Failure> {
    let port = |s: &str| names::parse_port(s, "tcp").ok_or_else(|| Failure::param(format!("invalid port/service `{s}' specified")));
    match arg.split_once(':') {
        None => {
            let p = port(arg)?;
            Ok((p, p))
        }
        Some((lo, hi)) => {
            let lo = if lo.is_empty() { 0 } else { port(lo)? };
            let hi = if hi.is_empty() { u16::MAX } else { port(hi)? };
            if lo > hi {
                return Err(Failure::param("invalid portrange (min > max)"));
            }
            Ok((lo, hi))
        }
    }
}

const TCP_FLAG_NAMES: [(&str, u8); 8] = [("FIN", 0x01), ("SYN", 0x02), ("RST", 0x04), ("PSH", 0x08), ("ACK", 0x10), ("URG", 0x20), ("ALL", 0x3F), ("NONE", 0)];

fn parse_tcp_flag_list(s: &str) -> Result<u8, Failure> {
    let mut v = 0;
    for f in s.split(',').filter(|f| !f.is_empty()) {
        match TCP_FLAG_NAMES.iter().find(|(n, _)| n.eq_ignore_ascii_case(f)) {
            Some((_, bit)) => v |= bit,
            None => return Err(Failure::param(format!("Unknown TCP flag `{f}'"))),
        }
    }
    Ok(v)
}

fn print_tcp_flags(out: &mut String, mut flags: u8) {
    let mut any = false;
    while flags != 0 {
        let Some((name, bit)) = TCP_FLAG_NAMES.iter().find(|(_, b)| flags & b != 0) else {
            break;
        };
        if any {
            out.push(',');
        }
        out.push_str(name);
        any = true;
        flags &= !bit;
    }
    if !any {
        out.push_str("NONE");
    }
}

fn parse_icmp(i: &mut Icmp, c: &OptCall) -> Result<(), Failure> {
    let arg = c.arg;
    let lower = arg.to_ascii_lowercase();
    let mut found: Option<usize> = None;
    for (idx, (name, ..)) in ICMP_NAMES.iter().enumerate() {
        if name.to_ascii_lowercase().starts_with(&lower) {
            if let Some(prev) = found {
                return Err(Failure::param(format!("Ambiguous ICMP type `{arg}': `{}' or `{name}'?", ICMP_NAMES[prev].0)));
            }
            found = Some(idx);
        }
    }
    let (kind, lo, hi) = match found {
        Some(idx) if !arg.is_empty() => {
            let (_, t, lo, hi) = ICMP_NAMES[idx];
            (t, lo, hi)
        }
        _ => {
            let (t, code) = match arg.split_once('/') {
                Some((t, c)) => (t, Some(c)),
                None => (arg, None),
            };
            let t = parse_c_ulong(t).filter(|v| *v <= 255).ok_or_else(|| Failure::param(format!("Unknown ICMP type `{arg}'")))? as u8;
            match code {
                Some(c) => {
                    let c = parse_c_ulong(c).filter(|v| *v <= 255).ok_or_else(|| Failure::param(format!("Unknown ICMP code `{arg}'")))? as u8;
                    (t, c, c)
                }
                None => (t, 0, 0xFF),
            }
        }
    };
    *i = Icmp { kind, code_min: lo, code_max: hi, invert: c.invert };
    Ok(())
}

fn parse_multiport(mp: &mut Multiport, c: &OptCall) -> Result<(), Failure> {
    let proto_name = match (c.proto.invert, c.proto.proto) {
        (true, _) => {
            return Err(Failure::param("multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP"));
        }
        (_, 6) => "tcp",
        (_, 17) => "udp",
        (_, 136) => "udplite",
        (_, 132) => "sctp",
        (_, 33) => "dccp",
        (_, 0) => {
            return Err(Failure::param("multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'"));
        }
        _ => {
            return Err(Failure::param("multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP"));
        }
    };
    let port = |s: &str| names::parse_port(s, proto_name).ok_or_else(|| Failure::param(format!("invalid port/service `{s}' specified")));
    let mut ports = Vec::new();
    let mut slots = 0;
    for item in c.arg.split(',') {
        if slots >= 15 {
            return Err(Failure::param("too many ports specified"));
        }
        match item.split_once(':') {
            Some((lo, hi)) => {
                if slots + 1 >= 15 {
                    return Err(Failure::param("too many ports specified"));
                }
                let lo = port(lo)?;
                let hi = port(hi)?;
                if lo >= hi {
                    return Err(Failure::param("invalid portrange specified"));
                }
                ports.push((lo, hi, true));
                slots += 2;
            }
            None => {
                let p = port(item)?;
                ports.push((p, p, false));
                slots += 1;
            }
        }
    }
    mp.dir = match c.opt.id {
        0 => MultiportDir::Source,
        1 => MultiportDir::Destination,
        _ => MultiportDir::Either,
    };
    mp.ports = ports;
    mp.invert = c.invert;
    Ok(())
}

fn parse_addrtypes(arg: &str) -> Result<u16, Failure> {
    let mut mask = 0u16;
    for t in arg.split(',') {
        match ADDRTYPE_NAMES.iter().position(|n| n.eq_ignore_ascii_case(t)) {
            Some(bit) => mask |= 1 << bit,
            None => return Err(Failure::param(format!("addrtype: bad type \"{t}\""))),
        }
    }
    Ok(mask)
}

fn parse_states(arg: &str, alias: bool) -> Result<u16, Failure> {
    let mut mask = 0u16;
    if alias && (arg.is_empty() || arg.ends_with(',')) {
        return Err(Failure::param("\"--state\" requires a list of states with no spaces, e.g. ESTABLISHED,RELATED"));
    }
    for s in arg.split(',') {
        let names: &[(&str, u16)] = if alias { &st::NAMES[..5] } else { &st::NAMES };
        match names.iter().find(|(n, _)| n.eq_ignore_ascii_case(s)) {
            Some((_, bit)) => mask |= bit,
            None if alias => return Err(Failure::param(format!("Bad state \"{s}\""))),
            None => return Err(Failure::param(format!("Bad ctstate \"{s}\""))),
        }
    }
    Ok(mask)
}

const CT_STATUS_NAMES: [(&str, u32); 5] =
    [("NONE", 0), ("EXPECTED", CtStatus::EXPECTED), ("SEEN_REPLY", CtStatus::SEEN_REPLY), ("ASSURED", CtStatus::ASSURED), ("CONFIRMED", CtStatus::CONFIRMED)];

fn parse_conntrack(ct: &mut Conntrack, c: &OptCall) -> Result<(), Failure> {
    let inv = c.invert;
    let addr = |arg: &str| -> Result<(Ipv4Addr, u32), Failure> { parse_hostmask(arg) };
    let ports = |arg: &str, name: &str| -> Result<PortRange, Failure> {
        let (lo, hi) = ext::parse_port_range("conntrack", name, arg)?;
        Ok(PortRange { lo, hi, invert: inv })
    };
    match (ct.state_alias, c.opt.id) {
        (true, _) | (false, 0) => ct.state = Some((parse_states(c.arg, ct.state_alias)?, inv)),
        (false, 1) => {
            let p = names::parse_protocol(&c.arg.to_ascii_lowercase()).ok_or_else(|| Failure::param(format!("unknown protocol \"{}\" specified", c.arg)))?;
            ct.proto = Some((p, inv));
        }
        (false, 2..=5) => {
            let (a, m) = addr(c.arg)?;
            let v = Some(AddrMask { addr: a, mask: m, invert: inv });
            match c.opt.id {
                2 => ct.orig_src = v,
                3 => ct.orig_dst = v,
                4 => ct.repl_src = v,
                _ => ct.repl_dst = v,
            }
        }
        (false, 6) => {
            let mut mask = 0;
            for s in c.arg.split(',') {
                match CT_STATUS_NAMES.iter().find(|(n, _)| n.eq_ignore_ascii_case(s)) {
                    Some((_, bit)) => mask |= bit,
                    None => return Err(Failure::param(format!("Bad ctstatus \"{s}\""))),
                }
            }
            ct.status = Some((mask, inv));
        }
        (false, 7) => {
            let (lo, hi) = ext::parse_u32_range("conntrack", "ctexpire", c.arg)?;
            ct.expires = Some((lo, hi, inv));
        }
        (false, 8..=11) => {
            let r = Some(ports(c.arg, c.opt.name)?);
            match c.opt.id {
                8 => ct.orig_src_port = r,
                9 => ct.orig_dst_port = r,
                10 => ct.repl_src_port = r,
                _ => ct.repl_dst_port = r,
            }
        }
        _ => {
            ct.dir = Some(if c.arg.eq_ignore_ascii_case("ORIGINAL") {
                CtDir::Original
            } else if c.arg.eq_ignore_ascii_case("REPLY") {
                CtDir::Reply
            } else {
                return Err(Failure::param(format!("conntrack: Bad value for \"--ctdir\" option: \"{}\"", c.arg)));
            });
        }
    }
    Ok(())
}

/// XTTYPE_HOSTMASK as libxtables parses it for family-independent matches:
/// an address, and a prefix length or dotted mask (lengths above 32 are
/// accepted and mean all ones).
fn parse_hostmask(arg: &str) -> Result<(Ipv4Addr, u32), Failure> {
    let (host, mask) = match arg.split_once('/') {
        Some((h, m)) => (h, Some(m)),
        None => (arg, None),
    };
    let addr = super::rule::parse_host(host).ok_or_else(|| Failure::param("getaddrinfo: Name or service not known\n"))?;
    let mask = match mask {
        None => u32::MAX,
        Some(m) => {
            if let Some(n) = parse_c_ulong(m).filter(|n| *n <= 128) {
                crate::net::prefix_to_mask(n.min(32) as u8)
            } else if let Ok(dotted) = m.parse::<Ipv4Addr>() {
                u32::from(dotted)
            } else {
                return Err(Failure::param(format!("conntrack: bad value for option \"--{arg}\"\n")));
            }
        }
    };
    Ok((addr, mask))
}

fn parse_ipvs(i: &mut Ipvs, c: &OptCall) -> Result<(), Failure> {
    use ipvs_bit::*;
    let bit = match c.opt.id {
        0 => PROPERTY,
        1 => {
            i.proto = names::parse_protocol(&c.arg.to_ascii_lowercase()).ok_or_else(|| Failure::param(format!("unknown protocol \"{}\" specified", c.arg)))?;
            PROTO
        }
        2 => {
            let (a, m) = parse_hostmask(c.arg)?;
            i.vaddr = a;
            i.vmask = m;
            VADDR
        }
        3 | 6 => {
            let p = names::getportbyname(c.arg).ok_or_else(|| Failure::param(format!("Port \"{}\" does not resolve to anything.\n", c.arg)))?;
            if c.opt.id == 3 {
                i.vport = p;
                VPORT
            } else {
                i.vportctl = p;
                VPORTCTL
            }
        }
        4 => {
            if c.arg.eq_ignore_ascii_case("ORIGINAL") {
                i.bitmask |= DIR;
                i.invert &= !DIR;
            } else if c.arg.eq_ignore_ascii_case("REPLY") {
                i.bitmask |= DIR;
                i.invert |= DIR;
            } else {
                return Err(Failure::param(format!("ipvs: Bad value for \"--vdir\" option: \"{}\"", c.arg)));
            }
            return Ok(());
        }
        _ => {
            i.method = Some(if c.arg.eq_ignore_ascii_case("GATE") {
                IpvsMethod::Gate
            } else if c.arg.eq_ignore_ascii_case("IPIP") {
                IpvsMethod::Ipip
            } else if c.arg.eq_ignore_ascii_case("MASQ") {
                IpvsMethod::Masq
            } else {
                return Err(Failure::param(format!("ipvs: Bad value for \"--vmethod\" option: \"{}\"", c.arg)));
            });
            METHOD
        }
    };
    i.bitmask |= bit;
    if c.invert {
        i.invert |= bit;
    }
    Ok(())
}

fn parse_statistic(s: &mut Statistic, c: &OptCall) -> Result<(), Failure> {
    match c.opt.id {
        0 => {
            s.nth = match c.arg {
                "random" => false,
                "nth" => true,
                _ => return Err(Failure::param(format!("Bad mode \"{}\"", c.arg))),
            }
        }
        1 => {
            let p: f64 = c
                .arg
                .parse()
                .ok()
                .filter(|p: &f64| (0.0..=1.0).contains(p))
                .ok_or_else(|| Failure::param("statistic: bad value for option \"--probability\", or out of range (0-1).\n"))?;
            // lround(0x80000000 * p)
            s.probability = (2147483648.0 * p).round() as u32;
            if c.invert {
                s.invert = true;
            }
        }
        2 => {
            s.every = ext::parse_u32("statistic", "every", c.arg, 1, u32::MAX)? - 1;
            if c.invert {
                s.invert = true;
            }
        }
        _ => s.packet = ext::parse_u32("statistic", "packet", c.arg, 0, u32::MAX)?,
    }
    Ok(())
}

const RATE_UNITS: [(&str, u32); 4] = [("day", 24 * 60 * 60), ("hour", 60 * 60), ("min", 60), ("sec", 1)];

/// libxt_limit's `parse_rate`: `N[/second|/minute|/hour|/day]` (any prefix
/// of the unit) into XT_LIMIT_SCALE units.
fn parse_rate(arg: &str) -> Result<u32, Failure> {
    let bad = || Failure::param(format!("bad rate \"{arg}\"'"));
    let (num, unit) = match arg.split_once('/') {
        Some((n, u)) => (n, Some(u)),
        None => (arg, None),
    };
    let mult: u32 = match unit {
        None => 1,
        Some(u) => {
            let u = u.to_ascii_lowercase();
            if u.is_empty() {
                return Err(bad());
            }
            if "second".starts_with(&u) {
                1
            } else if "minute".starts_with(&u) {
                60
            } else if "hour".starts_with(&u) {
                3600
            } else if "day".starts_with(&u) {
                86400
            } else {
                return Err(bad());
            }
        }
    };
    let rate: u32 = num.parse().ok().filter(|r| *r > 0).ok_or_else(bad)?;
    let r = 10000u64 * u64::from(mult) / u64::from(rate);
    if r == 0 {
        return Err(Failure::param(format!("Rate too fast \"{arg}\"")));
    }
    Ok(r as u32)
}

// ---------------------------------------------------------------- printing

/// Print context for `-L`.
#[derive(Clone, Copy, Debug)]
pub(super) struct ListCtx {
    pub numeric: bool,
    /// The rule's `-p`, for service names.
    pub proto: u8,
}

fn proto_service_name(p: u8) -> &'static str {
    match p {
        17 => "udp",
        132 => "sctp",
        _ => "tcp",
    }
}

fn port_text(port: u16, numeric: bool, proto_name: &str) -> String {
    match (numeric, names::service_name(port, proto_name)) {
        (false, Some(n)) => n.to_string(),
        _ => port.to_string(),
    }
}

fn print_port_range(out: &mut String, label: &str, r: &PortRange, numeric: bool, proto_name: &str) {
    if r.is_any() && !r.invert {
        return;
    }
    let inv = if r.invert { "!" } else { "" };
    if r.lo == r.hi {
        let _ = write!(out, " {label}:{inv}{}", port_text(r.lo, numeric, proto_name));
    } else {
        let _ = write!(out, " {label}s:{inv}{}:{}", port_text(r.lo, numeric, proto_name), port_text(r.hi, numeric, proto_name));
    }
}

fn save_port_range(out: &mut String, opt: &str, r: &PortRange) {
    if r.is_any() {
        return;
    }
    if r.invert {
        out.push_str(" !");
    }
    if r.lo == r.hi {
        let _ = write!(out, " --{opt} {}", r.lo);
    } else {
        let _ = write!(out, " --{opt} {}:{}", r.lo, r.hi);
    }
}

fn addr_text(a: Ipv4Addr, mask: u32, numeric: bool) -> String {
    let mut s = if numeric { a.to_string() } else { names::address_name(a).map_or_else(|| a.to_string(), str::to_string) };
    s.push_str(&super::rule::mask_suffix(mask));
    s
}

fn addrtype_list(mask: u16) -> String {
    let mut v = Vec::new();
    for (bit, name) in ADDRTYPE_NAMES.iter().enumerate() {
        if mask & (1 << bit) != 0 {
            v.push(*name);
        }
    }
    v.join(",")
}

fn state_list(mask: u16) -> String {
    st::NAMES.iter().filter(|(_, b)| mask & b != 0).map(|(n, _)| *n).collect::<Vec<_>>().join(",")
}

fn status_list(mask: u32) -> String {
    if mask == 0 {
        return "NONE".into();
    }
    CT_STATUS_NAMES[1..].iter().filter(|(_, b)| mask & b != 0).map(|(n, _)| *n).collect::<Vec<_>>().join(",")
}

fn mark_text(mark: u32, mask: u32) -> String {
    if mask == u32::MAX { format!("0x{mark:x}") } else { format!("0x{mark:x}/0x{mask:x}") }
}

fn rate_text(avg: u32) -> String {
    let period = avg;
    let mut i = 1;
    let rates: Vec<(&str, u32)> = RATE_UNITS.iter().map(|(n, m)| (*n, m * 10000)).collect();
    while i < rates.len() {
        if period > rates[i].1 || rates[i].1 / period.max(1) < rates[i].1 % period.max(1) {
            break;
        }
        i += 1;
    }
    let (name, mult) = rates[i - 1];
    format!("{}/{}", mult / period.max(1), name)
}

impl Match {
    /// The `-m` name in `-S`/save form.
    pub(super) fn save_name(&self) -> &'static str {
        match self {
            Match::Tcp(_) => "tcp",
            Match::Udp(_) => "udp",
            Match::Icmp(_) => "icmp",
            Match::Multiport(_) => "multiport",
            Match::Addrtype(_) => "addrtype",
            Match::Conntrack(c) if c.state_alias => "state",
            Match::Conntrack(_) => "conntrack",
            Match::Mark(_) => "mark",
            Match::Connmark(_) => "connmark",
            Match::Ipvs(_) => "ipvs",
            Match::Comment(_) => "comment",
            Match::Statistic(_) => "statistic",
            Match::Limit(_) => "limit",
        }
    }

    /// The text after ` -m NAME` in `-S` and iptables-save output.
    pub(super) fn save(&self, out: &mut String) {
        match self {
            Match::Tcp(t) => {
                save_port_range(out, "sport", &t.ports.src);
                save_port_range(out, "dport", &t.ports.dst);
                if t.option != 0 || t.inv_option {
                    if t.inv_option {
                        out.push_str(" !");
                    }
                    let _ = write!(out, " --tcp-option {}", t.option);
                }
                if t.flg_mask != 0 || t.inv_flags {
                    if t.inv_flags {
                        out.push_str(" !");
                    }
                    out.push_str(" --tcp-flags ");
                    print_tcp_flags(out, t.flg_mask);
                    out.push(' ');
                    print_tcp_flags(out, t.flg_cmp);
                }
            }
            Match::Udp(u) => {
                save_port_range(out, "sport", &u.src);
                save_port_range(out, "dport", &u.dst);
            }
            Match::Icmp(i) => {
                if i.invert {
                    out.push_str(" !");
                }
                if i.kind == 0xFF {
                    out.push_str(" --icmp-type any");
                } else {
                    let _ = write!(out, " --icmp-type {}", i.kind);
                    if i.code_min != 0 || i.code_max != 0xFF {
                        let _ = write!(out, "/{}", i.code_min);
                    }
                }
            }
            Match::Multiport(m) => {
                if m.invert {
                    out.push_str(" !");
                }
                out.push_str(match m.dir {
                    MultiportDir::Source => " --sports ",
                    MultiportDir::Destination => " --dports ",
                    MultiportDir::Either => " --ports ",
                });
                let list: Vec<String> = m.ports.iter().map(|(lo, hi, range)| if *range { format!("{lo}:{hi}") } else { lo.to_string() }).collect();
                out.push_str(&list.join(","));
            }
            Match::Addrtype(a) => {
                if a.src != 0 {
                    if a.inv_src {
                        out.push_str(" !");
                    }
                    let _ = write!(out, " --src-type {}", addrtype_list(a.src));
                }
                if a.dst != 0 {
                    if a.inv_dst {
                        out.push_str(" !");
                    }
                    let _ = write!(out, " --dst-type {}", addrtype_list(a.dst));
                }
                if a.limit_in {
                    out.push_str(" --limit-iface-in");
                }
                if a.limit_out {
                    out.push_str(" --limit-iface-out");
                }
            }
            Match::Conntrack(c) => conntrack_dump(out, c, "--", true),
            Match::Mark(m) => {
                if m.invert {
                    out.push_str(" !");
                }
                let _ = write!(out, " --mark {}", mark_text(m.mark, m.mask));
            }
            Match::Connmark(m) => {
                if m.invert {
                    out.push_str(" !");
                }
                let _ = write!(out, " --mark {}", mark_text(m.mark, m.mask));
            }
            Match::Ipvs(i) => ipvs_dump(out, i, "--", true),
            Match::Comment(s) => {
                out.push_str(" --comment");
                ext::save_string(out, s);
            }
            Match::Statistic(s) => statistic_dump(out, s, "--"),
            Match::Limit(l) => {
                let _ = write!(out, " --limit {}", rate_text(l.avg));
                if l.burst != 5 {
                    let _ = write!(out, " --limit-burst {}", l.burst);
                }
            }
        }
    }

    /// The text `-L` prints for this match (with its leading space).
    pub(super) fn list(&self, out: &mut String, cx: ListCtx) {
        let numeric = cx.numeric;
        match self {
            Match::Tcp(t) => {
                out.push_str(" tcp");
                print_port_range(out, "spt", &t.ports.src, numeric, "tcp");
                print_port_range(out, "dpt", &t.ports.dst, numeric, "tcp");
                if t.option != 0 || t.inv_option {
                    let _ = write!(out, " option={}{}", if t.inv_option { "!" } else { "" }, t.option);
                }
                if t.flg_mask != 0 || t.inv_flags {
                    let _ = write!(out, " flags:{}", if t.inv_flags { "!" } else { "" });
                    if numeric {
                        let _ = write!(out, "0x{:02X}/0x{:02X}", t.flg_mask, t.flg_cmp);
                    } else {
                        print_tcp_flags(out, t.flg_mask);
                        out.push('/');
                        print_tcp_flags(out, t.flg_cmp);
                    }
                }
            }
            Match::Udp(u) => {
                out.push_str(" udp");
                print_port_range(out, "spt", &u.src, numeric, "udp");
                print_port_range(out, "dpt", &u.dst, numeric, "udp");
            }
            Match::Icmp(i) => {
                out.push_str(" icmp");
                if !numeric && let Some((name, ..)) = ICMP_NAMES.iter().find(|(_, t, lo, hi)| *t == i.kind && *lo == i.code_min && *hi == i.code_max) {
                    let _ = write!(out, " {}{name}", if i.invert { "!" } else { "" });
                    return;
                }
                if i.invert {
                    out.push_str(" !");
                }
                let _ = write!(out, "type {}", i.kind);
                if i.code_min == i.code_max {
                    let _ = write!(out, " code {}", i.code_min);
                } else if i.code_min != 0 || i.code_max != 0xFF {
                    let _ = write!(out, " codes {}-{}", i.code_min, i.code_max);
                }
            }
            Match::Multiport(m) => {
                out.push_str(match m.dir {
                    MultiportDir::Source => " multiport sports ",
                    MultiportDir::Destination => " multiport dports ",
                    MultiportDir::Either => " multiport ports ",
                });
                if m.invert {
                    out.push_str(" !");
                }
                let pn = proto_service_name(cx.proto);
                let list: Vec<String> = m
                    .ports
                    .iter()
                    .map(
                        |(lo, hi, range)| {
                            if *range { format!("{}:{}", port_text(*lo, numeric, pn), port_text(*hi, numeric, pn)) } else { port_text(*lo, numeric, pn) }
                        },
                    )
                    .collect();
                out.push_str(&list.join(","));
            }
            Match::Addrtype(a) => {
                out.push_str(" ADDRTYPE match");
                if a.src != 0 {
                    let _ = write!(out, " src-type {}{}", if a.inv_src { "!" } else { "" }, addrtype_list(a.src));
                }
                if a.dst != 0 {
                    let _ = write!(out, " dst-type {}{}", if a.inv_dst { "!" } else { "" }, addrtype_list(a.dst));
                }
                if a.limit_in {
                    out.push_str(" limit-in");
                }
                if a.limit_out {
                    out.push_str(" limit-out");
                }
            }
            Match::Conntrack(c) => conntrack_dump(out, c, "", numeric),
            Match::Mark(m) => {
                out.push_str(" mark match");
                if m.invert {
                    out.push_str(" !");
                }
                let _ = write!(out, " {}", mark_text(m.mark, m.mask));
            }
            Match::Connmark(m) => {
                out.push_str(" connmark match ");
                if m.invert {
                    out.push('!');
                }
                let _ = write!(out, " {}", mark_text(m.mark, m.mask));
            }
            Match::Ipvs(i) => ipvs_dump(out, i, "", numeric),
            Match::Comment(s) => {
                let _ = write!(out, " /* {s} */");
            }
            Match::Statistic(s) => {
                out.push_str(" statistic");
                statistic_dump(out, s, "");
            }
            Match::Limit(l) => {
                let _ = write!(out, " limit: avg {} burst {}", rate_text(l.avg), l.burst);
            }
        }
    }
}

fn conntrack_dump(out: &mut String, c: &Conntrack, prefix: &str, numeric: bool) {
    let inv = |out: &mut String, i: bool| {
        if i {
            out.push_str(" !");
        }
    };
    if let Some((mask, i)) = c.state {
        inv(out, i);
        let _ = write!(out, " {prefix}{} {}", if c.state_alias { "state" } else { "ctstate" }, state_list(mask));
    }
    if let Some((p, i)) = c.proto {
        inv(out, i);
        let _ = write!(out, " {prefix}ctproto {p}");
    }
    for (name, a) in [("ctorigsrc", c.orig_src), ("ctorigdst", c.orig_dst), ("ctreplsrc", c.repl_src), ("ctrepldst", c.repl_dst)] {
        if let Some(a) = a {
            inv(out, a.invert);
            let _ = write!(out, " {prefix}{name}");
            if !numeric && u32::from(a.addr) == 0 {
                out.push_str(" anywhere");
            } else {
                let _ = write!(out, " {}", addr_text(a.addr, a.mask, numeric));
            }
        }
    }
    for (name, r) in
        [("ctorigsrcport", c.orig_src_port), ("ctorigdstport", c.orig_dst_port), ("ctreplsrcport", c.repl_src_port), ("ctrepldstport", c.repl_dst_port)]
    {
        if let Some(r) = r {
            inv(out, r.invert);
            if r.lo == r.hi {
                let _ = write!(out, " {prefix}{name} {}", r.lo);
            } else {
                let _ = write!(out, " {prefix}{name} {}:{}", r.lo, r.hi);
            }
        }
    }
    if let Some((mask, i)) = c.status {
        inv(out, i);
        let _ = write!(out, " {prefix}ctstatus {}", status_list(mask));
    }
    if let Some((lo, hi, i)) = c.expires {
        inv(out, i);
        if lo == hi {
            let _ = write!(out, " {prefix}ctexpire {lo}");
        } else {
            let _ = write!(out, " {prefix}ctexpire {lo}:{hi}");
        }
    }
    if let Some(d) = c.dir {
        let _ = write!(out, " {prefix}ctdir {}", if d == CtDir::Reply { "REPLY" } else { "ORIGINAL" });
    }
}

fn ipvs_dump(out: &mut String, i: &Ipvs, prefix: &str, numeric: bool) {
    use ipvs_bit::*;
    let inv = |out: &mut String, bit: u8| {
        if i.invert & bit != 0 {
            out.push_str(" !");
        }
    };
    if i.bitmask == PROPERTY {
        inv(out, PROPERTY);
        let _ = write!(out, " {prefix}ipvs");
    }
    if i.bitmask & PROTO != 0 {
        inv(out, PROTO);
        // libxt_ipvs prints "proto" here (also with the "--" prefix).
        let _ = write!(out, " {prefix}proto {}", i.proto);
    }
    if i.bitmask & VADDR != 0 {
        inv(out, VADDR);
        let _ = write!(out, " {prefix}vaddr");
        if !numeric && u32::from(i.vaddr) == 0 {
            out.push_str(" anywhere");
        } else {
            let _ = write!(out, " {}", addr_text(i.vaddr, i.vmask, numeric));
        }
    }
    if i.bitmask & VPORT != 0 {
        inv(out, VPORT);
        let _ = write!(out, " {prefix}vport {}", i.vport);
    }
    if i.bitmask & DIR != 0 {
        let _ = write!(out, " {prefix}vdir {}", if i.invert & DIR != 0 { "REPLY" } else { "ORIGINAL" });
    }
    if i.bitmask & METHOD != 0 {
        inv(out, METHOD);
        let name = match i.method {
            Some(IpvsMethod::Gate) => "GATE",
            Some(IpvsMethod::Ipip) => "IPIP",
            Some(IpvsMethod::Masq) => "MASQ",
            None => "UNKNOWN",
        };
        let _ = write!(out, " {prefix}vmethod {name}");
    }
    if i.bitmask & VPORTCTL != 0 {
        inv(out, VPORTCTL);
        let _ = write!(out, " {prefix}vportctl {}", i.vportctl);
    }
}

fn statistic_dump(out: &mut String, s: &Statistic, prefix: &str) {
    let inv = if s.invert { " !" } else { "" };
    if s.nth {
        let _ = write!(out, " {prefix}mode nth{inv} {prefix}every {}", u64::from(s.every) + 1);
        if s.packet != 0 || !prefix.is_empty() {
            let _ = write!(out, " {prefix}packet {}", s.packet);
        }
    } else {
        let p = f64::from(s.probability) / 2147483648.0;
        let _ = write!(out, " {prefix}mode random{inv} {prefix}probability {p:.11}");
    }
}

// ---------------------------------------------------------------- evaluation

/// Per-rule runtime state of a match (the kernel's `xt_statistic_priv`):
/// reset whenever the table is replaced, as `checkentry` reallocates it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct MatchState {
    pub nth_count: u32,
}

impl MatchState {
    pub(super) fn initial(m: &Match) -> MatchState {
        match m {
            Match::Statistic(s) => MatchState { nth_count: s.every.wrapping_sub(s.packet) },
            _ => MatchState::default(),
        }
    }
}

/// The verdict of one match on one packet.
pub(super) enum Outcome {
    Match,
    /// No match; which criterion failed (see [`Miss::describe`]).
    NoMatch(Miss),
    /// The module could not read the headers it needs and drops the packet
    /// (`par->hotdrop`).
    Hotdrop(&'static str),
}

/// Which criterion of a match failed a packet. Cheap to return on every
/// rule a packet passes by; turned into text only when a trace asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Miss {
    /// A non-first fragment: the match needs the transport header.
    Fragment,
    /// `--sport` (tcp, udp).
    SrcPort,
    /// `--dport` (tcp, udp).
    DstPort,
    /// `--tcp-flags`.
    TcpFlags,
    /// `--tcp-option`.
    TcpOption,
    /// The match as a whole.
    Whole,
}

impl Miss {
    /// The failed criterion of `m` in `-S` form (`--dport 8080`,
    /// `--tcp-flags FIN,SYN,RST,ACK SYN`, `--dst-type LOCAL`).
    pub(super) fn describe(self, m: &Match) -> String {
        let mut s = String::new();
        match (self, m) {
            (Miss::Fragment, _) => return "(fragment)".into(),
            (Miss::SrcPort, Match::Tcp(Tcp { ports, .. }) | Match::Udp(ports)) => save_port_range(&mut s, "sport", &ports.src),
            (Miss::DstPort, Match::Tcp(Tcp { ports, .. }) | Match::Udp(ports)) => save_port_range(&mut s, "dport", &ports.dst),
            (Miss::TcpFlags, Match::Tcp(t)) => {
                if t.inv_flags {
                    s.push_str("! ");
                }
                s.push_str("--tcp-flags ");
                print_tcp_flags(&mut s, t.flg_mask);
                s.push(' ');
                print_tcp_flags(&mut s, t.flg_cmp);
                return s;
            }
            (Miss::TcpOption, Match::Tcp(t)) => return format!("{}--tcp-option {}", if t.inv_option { "! " } else { "" }, t.option),
            _ => m.save(&mut s),
        }
        s.trim_start().to_string()
    }
}

impl Match {
    pub(super) fn eval(&self, state: &mut MatchState, ip: &Ipv4, cx: &mut EvalCtx) -> Outcome {
        let fail = Outcome::NoMatch(Miss::Whole);
        match self {
            Match::Tcp(t) => {
                if ip.frag_offset() != 0 {
                    if ip.frag_offset() == 1 {
                        return Outcome::Hotdrop("TCP fragment at offset 8");
                    }
                    return Outcome::NoMatch(Miss::Fragment);
                }
                let Some(tcp) = ip.tcp() else {
                    return Outcome::Hotdrop("truncated TCP header");
                };
                if !t.ports.src.contains(tcp.src_port()) {
                    return Outcome::NoMatch(Miss::SrcPort);
                }
                if !t.ports.dst.contains(tcp.dst_port()) {
                    return Outcome::NoMatch(Miss::DstPort);
                }
                if ((tcp.flags() & t.flg_mask) == t.flg_cmp) == t.inv_flags {
                    return Outcome::NoMatch(Miss::TcpFlags);
                }
                if t.option != 0 {
                    if tcp.header_len() < 20 {
                        return Outcome::Hotdrop("bad TCP data offset");
                    }
                    let Some(opts) = tcp.options() else {
                        return Outcome::Hotdrop("truncated TCP options");
                    };
                    if find_tcp_option(opts, t.option) == t.inv_option {
                        return Outcome::NoMatch(Miss::TcpOption);
                    }
                }
                Outcome::Match
            }
            Match::Udp(u) => {
                if ip.frag_offset() != 0 {
                    return Outcome::NoMatch(Miss::Fragment);
                }
                let Some((sp, dp)) = ip.ports() else {
                    return Outcome::Hotdrop("truncated UDP header");
                };
                if ip.payload().len() < 8 {
                    return Outcome::Hotdrop("truncated UDP header");
                }
                if !u.src.contains(sp) {
                    return Outcome::NoMatch(Miss::SrcPort);
                }
                if !u.dst.contains(dp) {
                    return Outcome::NoMatch(Miss::DstPort);
                }
                Outcome::Match
            }
            Match::Icmp(i) => {
                if ip.frag_offset() != 0 {
                    return Outcome::NoMatch(Miss::Fragment);
                }
                let Some((t, c)) = ip.icmp_type_code() else {
                    return Outcome::Hotdrop("truncated ICMP header");
                };
                let hit = i.kind == 0xFF || (t == i.kind && c >= i.code_min && c <= i.code_max);
                if hit != i.invert { Outcome::Match } else { fail }
            }
            Match::Multiport(m) => {
                if ip.frag_offset() != 0 {
                    return Outcome::NoMatch(Miss::Fragment);
                }
                let Some((sp, dp)) = ip.ports() else {
                    return Outcome::Hotdrop("truncated transport header");
                };
                let hit = m.ports.iter().any(|(lo, hi, _)| {
                    let inr = |p: u16| p >= *lo && p <= *hi;
                    match m.dir {
                        MultiportDir::Source => inr(sp),
                        MultiportDir::Destination => inr(dp),
                        MultiportDir::Either => inr(sp) || inr(dp),
                    }
                });
                if hit != m.invert { Outcome::Match } else { fail }
            }
            Match::Addrtype(a) => {
                let dev = if a.limit_in {
                    cx.pkt.in_dev
                } else if a.limit_out {
                    cx.pkt.out_dev
                } else {
                    None
                };
                let type_bit = |addr: Ipv4Addr, cx: &mut EvalCtx| 1u16 << (cx.env.addr_type)(addr, dev) as u16;
                if a.src != 0 && ((a.src & type_bit(ip.src(), cx) != 0) == a.inv_src) {
                    return fail;
                }
                if a.dst != 0 && ((a.dst & type_bit(ip.dst(), cx) != 0) == a.inv_dst) {
                    return fail;
                }
                Outcome::Match
            }
            Match::Conntrack(c) => {
                if conntrack_matches(c, cx) {
                    Outcome::Match
                } else {
                    fail
                }
            }
            Match::Mark(m) => {
                if ((cx.mark & m.mask) == m.mark) != m.invert {
                    Outcome::Match
                } else {
                    fail
                }
            }
            Match::Connmark(m) => match cx.ct_mark {
                Some(ctm) if ((ctm & m.mask) == m.mark) != m.invert => Outcome::Match,
                _ => fail,
            },
            Match::Ipvs(i) => {
                if ipvs_matches(i, ip, cx) {
                    Outcome::Match
                } else {
                    fail
                }
            }
            Match::Comment(_) | Match::Limit(_) => Outcome::Match,
            Match::Statistic(s) => {
                let hit = if s.nth {
                    state.nth_count = if state.nth_count == s.every { 0 } else { state.nth_count + 1 };
                    state.nth_count == s.packet
                } else {
                    (cx.env.rng.next_u32() & 0x7FFF_FFFF) < s.probability
                };
                if hit != s.invert { Outcome::Match } else { fail }
            }
        }
    }
}

/// `tcp_find_option` of xt_tcp.
fn find_tcp_option(opts: &[u8], want: u8) -> bool {
    let mut i = 0;
    while i < opts.len() {
        if opts[i] == want {
            return true;
        }
        if opts[i] < 2 {
            i += 1;
        } else {
            let l = opts.get(i + 1).copied().unwrap_or(0);
            i += if l == 0 { 1 } else { usize::from(l) };
        }
    }
    false
}

/// `conntrack_mt` (xt_conntrack.c).
fn conntrack_matches(c: &Conntrack, cx: &EvalCtx) -> bool {
    let ct = cx.pkt.ct.as_ref().filter(|ct| !matches!(ct.state, CtState::Invalid | CtState::Untracked));
    if let Some((mask, inv)) = c.state {
        let mut bits = match (ct, cx.pkt.ct.as_ref().map(|c| c.state)) {
            (Some(ct), _) => match ct.state {
                CtState::New => st::NEW,
                CtState::Related => st::RELATED,
                _ => st::ESTABLISHED,
            },
            (None, Some(CtState::Untracked)) => st::UNTRACKED,
            (None, _) => st::INVALID,
        };
        if let Some(ct) = ct
            && !c.state_alias
        {
            if ct.status & CtStatus::SRC_NAT != 0 {
                bits |= st::SNAT;
            }
            if ct.status & CtStatus::DST_NAT != 0 {
                bits |= st::DNAT;
            }
        }
        if (mask & bits != 0) == inv {
            return false;
        }
    }
    let Some(ct) = ct else {
        return c.state.is_some();
    };
    if let Some(d) = c.dir
        && ct.dir != d
    {
        return false;
    }
    for (am, a) in [(c.orig_src, ct.orig.src), (c.orig_dst, ct.orig.dst), (c.repl_src, ct.reply.src), (c.repl_dst, ct.reply.dst)] {
        if let Some(am) = am
            && !am.matches(a)
        {
            return false;
        }
    }
    if let Some((p, inv)) = c.proto
        && (ct.orig.proto == p) == inv
    {
        return false;
    }
    for (r, p) in
        [(c.orig_src_port, ct.orig.src_port), (c.orig_dst_port, ct.orig.dst_port), (c.repl_src_port, ct.reply.src_port), (c.repl_dst_port, ct.reply.dst_port)]
    {
        if let Some(r) = r
            && !r.contains(p)
        {
            return false;
        }
    }
    if let Some((mask, inv)) = c.status
        && (mask & ct.status != 0) == inv
    {
        return false;
    }
    if let Some((lo, hi, inv)) = c.expires {
        let e = ct.expires_secs;
        if (e >= lo && e <= hi) == inv {
            return false;
        }
    }
    true
}

/// `ipvs_mt` (xt_ipvs.c).
fn ipvs_matches(i: &Ipvs, ip: &Ipv4, cx: &EvalCtx) -> bool {
    use ipvs_bit::*;
    let property = cx.pkt.ipvs_property;
    let m = property != (i.invert & PROPERTY != 0);
    if i.bitmask == PROPERTY || !m {
        return m;
    }
    let Some(conn) = cx.pkt.ipvs_conn.as_ref() else {
        return false;
    };
    let inv = |bit: u8| i.invert & bit != 0;
    if i.bitmask & PROTO != 0 && (conn.proto == i.proto) == inv(PROTO) {
        return false;
    }
    if i.bitmask & VADDR != 0 && ((u32::from(conn.vaddr) ^ u32::from(i.vaddr)) & i.vmask == 0) == inv(VADDR) {
        return false;
    }
    if i.bitmask & VPORT != 0 && (conn.vport == i.vport) == inv(VPORT) {
        return false;
    }
    if i.bitmask & DIR != 0 {
        let original = cx.pkt.ct.as_ref().is_none_or(|ct| ct.dir == CtDir::Original);
        if original == inv(DIR) {
            return false;
        }
    }
    if i.bitmask & METHOD != 0 && (Some(conn.method) == i.method) == inv(METHOD) {
        return false;
    }
    if i.bitmask & VPORTCTL != 0 && (conn.vportctl == Some(i.vportctl)) == inv(VPORTCTL) {
        return false;
    }
    let _ = ip;
    true
}
