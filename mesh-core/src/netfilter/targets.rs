//! Targets (`-j …`): the standard verdicts, jumps and gotos, and the target
//! extensions mesh implements, with their option parsing, their `-L` and
//! `-S` texts, and what they do to a packet.

use std::fmt::Write as _;
use std::net::Ipv4Addr;

use super::error::{Errno, Failure};
use super::ext::{self, ExtOpt, MAND, opt, opt_rel};
use super::matches::{ProtoCtx, hook_bit};
use super::names::{LOG_LEVEL_INPUT, LOG_LEVEL_OUTPUT, parse_c_ulong};
use super::{RejectWith, TableName};
use crate::net::{Hook, NatRange};

/// A rule's target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Target {
    /// No `-j`: the rule only counts packets.
    None,
    Accept,
    Drop,
    Return,
    /// `-j CHAIN`: push a return frame, continue in CHAIN.
    Jump(String),
    /// `-g CHAIN`: continue in CHAIN without a return frame.
    Goto(String),
    Reject(RejectWith),
    Dnat(NatRange),
    Snat(NatRange),
    /// Only the port fields and flags of the range are used.
    Masquerade(NatRange),
    Redirect(NatRange),
    /// `MARK`: `mark = (mark & !mask) ^ value`.
    Mark {
        value: u32,
        mask: u32,
    },
    Connmark(Connmark),
    Log(Log),
    Trace,
    /// `-j CT`, with `--notrack` or as a (not modelled) template.
    Ct {
        notrack: bool,
    },
    /// `-j NOTRACK` (the kernel's CT target in notrack mode).
    Notrack,
}

/// `CONNMARK` (revision 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Connmark {
    pub mode: ConnmarkMode,
    pub ctmark: u32,
    pub ctmask: u32,
    pub nfmask: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ConnmarkMode {
    Set,
    Save,
    Restore,
}

/// `LOG`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Log {
    pub level: u8,
    pub flags: u8,
    pub prefix: String,
}

pub(super) mod logflag {
    pub const TCPSEQ: u8 = 0x01;
    pub const TCPOPT: u8 = 0x02;
    pub const IPOPT: u8 = 0x04;
    pub const UID: u8 = 0x08;
    pub const MACDECODE: u8 = 0x20;
}

/// The target extensions mesh implements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TargetKind {
    /// ACCEPT, DROP, RETURN (libxt_standard: no options).
    Standard,
    Reject,
    Dnat,
    Snat,
    Masquerade,
    Redirect,
    Mark,
    Connmark,
    Log,
    Trace,
    Ct,
    Notrack,
}

impl TargetKind {
    pub(super) fn from_name(name: &str) -> Option<TargetKind> {
        Some(match name {
            "ACCEPT" | "DROP" | "RETURN" => TargetKind::Standard,
            "REJECT" => TargetKind::Reject,
            "DNAT" => TargetKind::Dnat,
            "SNAT" => TargetKind::Snat,
            "MASQUERADE" => TargetKind::Masquerade,
            "REDIRECT" => TargetKind::Redirect,
            "MARK" => TargetKind::Mark,
            "CONNMARK" => TargetKind::Connmark,
            "LOG" => TargetKind::Log,
            "TRACE" => TargetKind::Trace,
            "CT" => TargetKind::Ct,
            "NOTRACK" => TargetKind::Notrack,
            _ => return None,
        })
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            TargetKind::Standard => "standard",
            TargetKind::Reject => "REJECT",
            TargetKind::Dnat => "DNAT",
            TargetKind::Snat => "SNAT",
            TargetKind::Masquerade => "MASQUERADE",
            TargetKind::Redirect => "REDIRECT",
            TargetKind::Mark => "MARK",
            TargetKind::Connmark => "CONNMARK",
            TargetKind::Log => "LOG",
            TargetKind::Trace => "TRACE",
            TargetKind::Ct => "CT",
            TargetKind::Notrack => "NOTRACK",
        }
    }

    pub(super) fn options(self) -> &'static [ExtOpt] {
        match self {
            TargetKind::Standard | TargetKind::Trace | TargetKind::Notrack => &[],
            TargetKind::Reject => REJECT_OPTS,
            TargetKind::Dnat => DNAT_OPTS,
            TargetKind::Snat => SNAT_OPTS,
            TargetKind::Masquerade => MASQUERADE_OPTS,
            TargetKind::Redirect => REDIRECT_OPTS,
            TargetKind::Mark => MARK_OPTS,
            TargetKind::Connmark => CONNMARK_OPTS,
            TargetKind::Log => LOG_OPTS,
            TargetKind::Ct => CT_OPTS,
        }
    }

    /// The value `-j NAME` starts from.
    pub(super) fn initial(self, name: &str) -> Target {
        let empty = NatRange { flags: 0, min_addr: Ipv4Addr::UNSPECIFIED, max_addr: Ipv4Addr::UNSPECIFIED, min_port: 0, max_port: 0 };
        match self {
            TargetKind::Standard => match name {
                "ACCEPT" => Target::Accept,
                "DROP" => Target::Drop,
                _ => Target::Return,
            },
            TargetKind::Reject => Target::Reject(RejectWith::IcmpPortUnreachable),
            TargetKind::Dnat => Target::Dnat(empty),
            TargetKind::Snat => Target::Snat(empty),
            TargetKind::Masquerade => Target::Masquerade(empty),
            TargetKind::Redirect => Target::Redirect(empty),
            TargetKind::Mark => Target::Mark { value: 0, mask: 0 },
            TargetKind::Connmark => Target::Connmark(Connmark { mode: ConnmarkMode::Set, ctmark: 0, ctmask: u32::MAX, nfmask: u32::MAX }),
            TargetKind::Log => Target::Log(Log { level: 4, flags: 0, prefix: String::new() }),
            TargetKind::Trace => Target::Trace,
            TargetKind::Ct => Target::Ct { notrack: false },
            TargetKind::Notrack => Target::Notrack,
        }
    }
}

const REJECT_OPTS: &[ExtOpt] = &[opt("reject-with", 0, true, 0)];
const DNAT_OPTS: &[ExtOpt] = &[opt("to-destination", 0, true, MAND), opt("random", 1, false, 0), opt("persistent", 2, false, 0)];
const SNAT_OPTS: &[ExtOpt] = &[opt("to-source", 0, true, MAND), opt("random", 1, false, 0), opt("random-fully", 3, false, 0), opt("persistent", 2, false, 0)];
const MASQUERADE_OPTS: &[ExtOpt] = &[opt("to-ports", 0, true, 0), opt("random", 1, false, 0), opt("random-fully", 3, false, 0)];
const REDIRECT_OPTS: &[ExtOpt] = &[opt("to-ports", 0, true, 0), opt("random", 1, false, 0)];
/// MARK ids: set-mark 0, and 1, or 2, xor 3, set-xmark 4.
const MARK_ANY: u32 = 0b11111;
const MARK_OPTS: &[ExtOpt] = &[
    opt_rel("set-xmark", 4, true, 0, 0, MARK_ANY),
    opt_rel("set-mark", 0, true, 0, 0, MARK_ANY),
    opt_rel("and-mark", 1, true, 0, 0, MARK_ANY),
    opt_rel("or-mark", 2, true, 0, 0, MARK_ANY),
    opt_rel("xor-mark", 3, true, 0, 0, MARK_ANY),
];
/// CONNMARK ids: set-mark 0, save 1, restore 2, and 3, or 4, xor 5,
/// set-xmark 6, ctmask 7, nfmask 8, mask 9.
const CONNMARK_OPS: u32 = 0b111_1111;
const CONNMARK_OPTS: &[ExtOpt] = &[
    opt_rel("set-xmark", 6, true, 0, 0, CONNMARK_OPS),
    opt_rel("set-mark", 0, true, 0, 0, CONNMARK_OPS),
    opt_rel("and-mark", 3, true, 0, 0, CONNMARK_OPS),
    opt_rel("or-mark", 4, true, 0, 0, CONNMARK_OPS),
    opt_rel("xor-mark", 5, true, 0, 0, CONNMARK_OPS),
    opt_rel("save-mark", 1, false, 0, 0, CONNMARK_OPS),
    opt_rel("restore-mark", 2, false, 0, 0, CONNMARK_OPS),
    opt_rel("ctmask", 7, true, 0, 0, 1 << 9),
    opt_rel("nfmask", 8, true, 0, 0, 1 << 9),
    opt_rel("mask", 9, true, 0, 0, (1 << 7) | (1 << 8)),
];
const LOG_OPTS: &[ExtOpt] = &[
    opt("log-level", 0, true, 0),
    opt("log-prefix", 1, true, 0),
    opt("log-tcp-sequence", 2, false, 0),
    opt("log-tcp-options", 3, false, 0),
    opt("log-ip-options", 4, false, 0),
    opt("log-uid", 5, false, 0),
    opt("log-macdecode", 6, false, 0),
];
const CT_OPTS: &[ExtOpt] = &[opt("notrack", 0, false, 0)];

const REJECT_NAMES: [(&str, &str, RejectWith); 8] = [
    ("icmp-net-unreachable", "net-unreach", RejectWith::IcmpNetUnreachable),
    ("icmp-host-unreachable", "host-unreach", RejectWith::IcmpHostUnreachable),
    ("icmp-proto-unreachable", "proto-unreach", RejectWith::IcmpProtoUnreachable),
    ("icmp-port-unreachable", "port-unreach", RejectWith::IcmpPortUnreachable),
    ("icmp-net-prohibited", "net-prohib", RejectWith::IcmpNetProhibited),
    ("icmp-host-prohibited", "host-prohib", RejectWith::IcmpHostProhibited),
    ("tcp-reset", "tcp-rst", RejectWith::TcpReset),
    ("icmp-admin-prohibited", "admin-prohib", RejectWith::IcmpAdminProhibited),
];

impl RejectWith {
    /// The `--reject-with` name iptables prints.
    pub fn name(self) -> &'static str {
        REJECT_NAMES.iter().find(|(_, _, w)| *w == self).map_or("", |(n, _, _)| n)
    }
}

/// One option occurrence for the target.
pub(super) struct TargetCall<'a> {
    pub opt: &'a ExtOpt,
    pub arg: &'a str,
    pub proto: ProtoCtx,
}

fn port_ok(p: ProtoCtx) -> bool {
    !p.invert && matches!(p.proto, 6 | 17 | 132 | 33 | 1)
}

/// libxt_NAT's `parse_ports` (also used by MASQUERADE and REDIRECT).
fn parse_nat_ports(arg: &str, portok: bool, r: &mut NatRange) -> Result<(), Failure> {
    if !portok {
        return Err(Failure::param("Need TCP, UDP, SCTP or DCCP with port specification"));
    }
    r.flags |= NatRange::PROTO_SPECIFIED;
    let split = |s: &str| -> (String, String) {
        let end = s.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(s.len());
        (s[..end].to_string(), s[end..].to_string())
    };
    let (first, rest) = split(arg);
    let port = parse_c_ulong(&first).filter(|p| *p <= u64::from(u16::MAX)).ok_or_else(|| Failure::param(format!("Port `{arg}' not valid")))? as u16;
    if rest.is_empty() {
        r.min_port = port;
        r.max_port = port;
        return Ok(());
    }
    let Some(after) = rest.strip_prefix('-') else {
        if rest.starts_with(':') {
            return Err(Failure::param("Invalid port:port syntax - use dash"));
        }
        return Err(Failure::param(format!("Garbage after port value: `{rest}'")));
    };
    let (second, tail) = split(after);
    let max = parse_c_ulong(&second).filter(|p| *p <= u64::from(u16::MAX)).ok_or_else(|| Failure::param(format!("Port `{after}' not valid")))? as u16;
    if max < port {
        return Err(Failure::param(format!("Port range `{after}' funky")));
    }
    if !tail.is_empty() {
        return Err(Failure::param(format!("Garbage after port range: `{tail}'")));
    }
    r.min_port = port;
    r.max_port = max;
    Ok(())
}

/// libxt_NAT's `parse_to`: `[ip[-ip]][:port[-port]]`.
fn parse_nat_to(arg: &str, portok: bool, r: &mut NatRange) -> Result<(), Failure> {
    let mut addr_part = arg;
    if let Some(colon) = arg.find(':')
        && !arg[colon + 1..].contains(':')
    {
        parse_nat_ports(&arg[colon + 1..], portok, r)?;
        if colon == 0 {
            return Ok(());
        }
        addr_part = &arg[..colon];
    }
    r.flags |= NatRange::MAP_IPS;
    let (lo, hi) = match addr_part.split_once('-') {
        Some((a, b)) => (a, Some(b)),
        None => (addr_part, None),
    };
    let ip = |s: &str| s.parse::<Ipv4Addr>().map_err(|_| Failure::param(format!("Bad IP address \"{s}\"")));
    r.min_addr = ip(lo)?;
    r.max_addr = match hi {
        Some(h) => ip(h)?,
        None => r.min_addr,
    };
    Ok(())
}

/// Parse one option into the target.
pub(super) fn parse_option(t: &mut Target, c: &TargetCall) -> Result<(), Failure> {
    match t {
        Target::Reject(w) => {
            // libipt_REJECT compares with `strncasecmp(name, arg,
            // strlen(arg))`: any case-insensitive prefix of a name or alias
            // selects the first entry it fits (`icmp-port-unreach`, `host`,
            // even the empty string).
            let fits = |name: &str| name.len() >= c.arg.len() && name.as_bytes()[..c.arg.len()].eq_ignore_ascii_case(c.arg.as_bytes());
            *w = REJECT_NAMES
                .iter()
                .find(|(n, a, _)| fits(n) || fits(a))
                .map(|(_, _, w)| *w)
                .ok_or_else(|| Failure::param(format!("unknown reject type \"{}\"", c.arg)))?;
        }
        Target::Dnat(r) | Target::Snat(r) => match c.opt.id {
            0 => parse_nat_to(c.arg, port_ok(c.proto), r)?,
            1 => r.flags |= NatRange::PROTO_RANDOM,
            2 => r.flags |= NatRange::PERSISTENT,
            _ => r.flags |= NatRange::PROTO_RANDOM_FULLY,
        },
        Target::Masquerade(r) | Target::Redirect(r) => match c.opt.id {
            0 => parse_nat_ports(c.arg, port_ok(c.proto), r)?,
            1 => r.flags |= NatRange::PROTO_RANDOM,
            _ => r.flags |= NatRange::PROTO_RANDOM_FULLY,
        },
        Target::Mark { value, mask } => {
            let name = c.opt.name;
            match c.opt.id {
                4 => (*value, *mask) = ext::parse_markmask("MARK", name, c.arg)?,
                0 => {
                    let (v, m) = ext::parse_markmask("MARK", name, c.arg)?;
                    *value = v;
                    *mask = v | m;
                }
                1 => {
                    let v = ext::parse_u32("MARK", name, c.arg, 0, u32::MAX)?;
                    *value = 0;
                    *mask = !v;
                }
                2 => {
                    let v = ext::parse_u32("MARK", name, c.arg, 0, u32::MAX)?;
                    *value = v;
                    *mask = v;
                }
                _ => {
                    *value = ext::parse_u32("MARK", name, c.arg, 0, u32::MAX)?;
                    *mask = 0;
                }
            }
        }
        Target::Connmark(cm) => {
            let name = c.opt.name;
            let u32v = |arg: &str| ext::parse_u32("CONNMARK", name, arg, 0, u32::MAX);
            match c.opt.id {
                6 => {
                    (cm.ctmark, cm.ctmask) = ext::parse_markmask("CONNMARK", name, c.arg)?;
                    cm.mode = ConnmarkMode::Set;
                }
                0 => {
                    let (v, m) = ext::parse_markmask("CONNMARK", name, c.arg)?;
                    cm.ctmark = v;
                    cm.ctmask = v | m;
                    cm.mode = ConnmarkMode::Set;
                }
                3 => {
                    cm.ctmark = 0;
                    cm.ctmask = !u32v(c.arg)?;
                    cm.mode = ConnmarkMode::Set;
                }
                4 => {
                    cm.ctmark = u32v(c.arg)?;
                    cm.ctmask = cm.ctmark;
                    cm.mode = ConnmarkMode::Set;
                }
                5 => {
                    cm.ctmark = u32v(c.arg)?;
                    cm.ctmask = 0;
                    cm.mode = ConnmarkMode::Set;
                }
                1 => cm.mode = ConnmarkMode::Save,
                2 => cm.mode = ConnmarkMode::Restore,
                7 => cm.ctmask = u32v(c.arg)?,
                8 => cm.nfmask = u32v(c.arg)?,
                _ => {
                    let m = u32v(c.arg)?;
                    cm.ctmask = m;
                    cm.nfmask = m;
                }
            }
        }
        Target::Log(l) => match c.opt.id {
            0 => {
                l.level = parse_c_ulong(c.arg)
                    .filter(|v| *v <= 7)
                    .map(|v| v as u8)
                    .or_else(|| LOG_LEVEL_INPUT.iter().find(|(n, _)| *n == c.arg).map(|(_, v)| *v))
                    .ok_or_else(|| Failure::param(format!("log level \"{}\" unknown\n", c.arg)))?;
            }
            1 => {
                if c.arg.is_empty() {
                    return Err(Failure::param("Argument must have a minimum length of 1 characters\n"));
                }
                if c.arg.contains('\n') {
                    return Err(Failure::param("Newlines not allowed in --log-prefix"));
                }
                // struct ipt_log_info keeps 30 bytes with the NUL.
                l.prefix = c.arg.chars().take(29).collect();
            }
            2 => l.flags |= logflag::TCPSEQ,
            3 => l.flags |= logflag::TCPOPT,
            4 => l.flags |= logflag::IPOPT,
            5 => l.flags |= logflag::UID,
            _ => l.flags |= logflag::MACDECODE,
        },
        Target::Ct { notrack } => *notrack = true,
        Target::None | Target::Accept | Target::Drop | Target::Return | Target::Jump(_) | Target::Goto(_) | Target::Trace | Target::Notrack => {}
    }
    Ok(())
}

/// The extension's own final check.
pub(super) fn check(t: &Target, seen: u32) -> Result<(), Failure> {
    match t {
        Target::Mark { .. } if seen & MARK_ANY == 0 => Err(Failure::param("MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required")),
        Target::Connmark(_) if seen & CONNMARK_OPS == 0 => Err(Failure::param("CONNMARK target: No operation specified")),
        _ => Ok(()),
    }
}

/// The kernel's `checkentry` for the target, given the table and the hooks
/// the rule is reachable from.
pub(super) fn kernel_check(t: &Target, table: TableName, hooks: u8, rule_proto: u8, inv_proto: bool, log: &mut Vec<String>) -> Result<(), Errno> {
    let (name, only_table, allowed): (&str, Option<TableName>, u8) = match t {
        Target::Dnat(_) => ("DNAT", Some(TableName::Nat), hook_bit(Hook::Prerouting) | hook_bit(Hook::Output)),
        Target::Snat(_) => ("SNAT", Some(TableName::Nat), hook_bit(Hook::Postrouting) | hook_bit(Hook::Input)),
        Target::Masquerade(_) => ("MASQUERADE", Some(TableName::Nat), hook_bit(Hook::Postrouting)),
        Target::Redirect(_) => ("REDIRECT", Some(TableName::Nat), hook_bit(Hook::Prerouting) | hook_bit(Hook::Output)),
        Target::Reject(_) => ("REJECT", Some(TableName::Filter), hook_bit(Hook::Input) | hook_bit(Hook::Forward) | hook_bit(Hook::Output)),
        Target::Trace => ("TRACE", Some(TableName::Raw), 0xff),
        Target::Ct { .. } | Target::Notrack => ("CT", Some(TableName::Raw), 0xff),
        _ => return Ok(()),
    };
    if let Some(want) = only_table
        && want != table
    {
        log.push(format!("x_tables: ip_tables: {name} target: only valid in {} table, not {}", want.name(), table.name()));
        return Err(Errno::Invalid);
    }
    if hooks & !allowed != 0 {
        log.push(format!("x_tables: ip_tables: {name} target: used from hooks {}, but only usable from {}", hook_names(hooks), hook_names(allowed)));
        return Err(Errno::Invalid);
    }
    if let Target::Reject(RejectWith::TcpReset) = t
        && (rule_proto != 6 || inv_proto)
    {
        log.push("ipt_REJECT: TCP_RESET invalid for non-tcp".into());
        return Err(Errno::Invalid);
    }
    Ok(())
}

fn hook_names(mask: u8) -> String {
    Hook::ALL.iter().filter(|h| mask & hook_bit(**h) != 0).map(|h| h.chain_name()).collect::<Vec<_>>().join("/")
}

fn nat_range_text(r: &NatRange) -> String {
    let mut s = String::new();
    if r.flags & NatRange::MAP_IPS != 0 {
        s.push_str(&r.min_addr.to_string());
        if r.max_addr != r.min_addr {
            let _ = write!(s, "-{}", r.max_addr);
        }
    }
    if r.flags & NatRange::PROTO_SPECIFIED != 0 {
        let _ = write!(s, ":{}", r.min_port);
        if r.max_port != r.min_port {
            let _ = write!(s, "-{}", r.max_port);
        }
    }
    s
}

fn ports_text(r: &NatRange) -> String {
    if r.max_port != r.min_port { format!("{}-{}", r.min_port, r.max_port) } else { r.min_port.to_string() }
}

impl Target {
    /// The name in the `target` column of `-L`.
    pub(super) fn list_name(&self) -> &str {
        match self {
            Target::None => "",
            Target::Accept => "ACCEPT",
            Target::Drop => "DROP",
            Target::Return => "RETURN",
            Target::Jump(c) | Target::Goto(c) => c,
            Target::Reject(_) => "REJECT",
            Target::Dnat(_) => "DNAT",
            Target::Snat(_) => "SNAT",
            Target::Masquerade(_) => "MASQUERADE",
            Target::Redirect(_) => "REDIRECT",
            Target::Mark { .. } => "MARK",
            Target::Connmark(_) => "CONNMARK",
            Target::Log(_) => "LOG",
            Target::Trace => "TRACE",
            Target::Ct { .. } | Target::Notrack => "CT",
        }
    }

    /// `-j NAME …` / `-g CHAIN` as `-S` prints it (with a leading space),
    /// or nothing for a rule without target.
    pub(super) fn save(&self, out: &mut String) {
        match self {
            Target::None => {}
            Target::Goto(c) => {
                let _ = write!(out, " -g {c}");
            }
            Target::Notrack => out.push_str(" -j NOTRACK"),
            _ => {
                let _ = write!(out, " -j {}", self.list_name());
            }
        }
        match self {
            Target::Reject(w) => {
                let _ = write!(out, " --reject-with {}", w.name());
            }
            Target::Dnat(r) | Target::Snat(r) => {
                let opt = if matches!(self, Target::Dnat(_)) { "--to-destination" } else { "--to-source" };
                if r.flags & (NatRange::MAP_IPS | NatRange::PROTO_SPECIFIED) != 0 {
                    let _ = write!(out, " {opt} {}", nat_range_text(r));
                }
                if r.flags & NatRange::PROTO_RANDOM != 0 {
                    out.push_str(" --random");
                }
                if r.flags & NatRange::PROTO_RANDOM_FULLY != 0 {
                    out.push_str(" --random-fully");
                }
                if r.flags & NatRange::PERSISTENT != 0 {
                    out.push_str(" --persistent");
                }
            }
            Target::Masquerade(r) | Target::Redirect(r) => {
                if r.flags & NatRange::PROTO_SPECIFIED != 0 {
                    let _ = write!(out, " --to-ports {}", ports_text(r));
                }
                if r.flags & NatRange::PROTO_RANDOM != 0 {
                    out.push_str(" --random");
                }
                if r.flags & NatRange::PROTO_RANDOM_FULLY != 0 {
                    out.push_str(" --random-fully");
                }
            }
            Target::Mark { value, mask } => {
                let _ = write!(out, " --set-xmark 0x{value:x}/0x{mask:x}");
            }
            Target::Connmark(c) => {
                let _ = match c.mode {
                    ConnmarkMode::Set => {
                        write!(out, " --set-xmark 0x{:x}/0x{:x}", c.ctmark, c.ctmask)
                    }
                    ConnmarkMode::Save => write!(out, " --save-mark --nfmask 0x{:x} --ctmask 0x{:x}", c.nfmask, c.ctmask),
                    ConnmarkMode::Restore => {
                        write!(out, " --restore-mark --nfmask 0x{:x} --ctmask 0x{:x}", c.nfmask, c.ctmask)
                    }
                };
            }
            Target::Log(l) => {
                if !l.prefix.is_empty() {
                    out.push_str(" --log-prefix");
                    ext::save_string(out, &l.prefix);
                }
                if l.level != 4 {
                    let _ = write!(out, " --log-level {}", l.level);
                }
                for (bit, name) in LOG_FLAG_NAMES {
                    if l.flags & bit != 0 {
                        let _ = write!(out, " --log-{name}");
                    }
                }
            }
            Target::Ct { notrack: true } => out.push_str(" --notrack"),
            _ => {}
        }
    }

    /// The target's text at the end of a `-L` line (with its leading space).
    pub(super) fn list(&self, out: &mut String, numeric: bool) {
        match self {
            Target::Reject(w) => {
                let _ = write!(out, " reject-with {}", w.name());
            }
            Target::Dnat(r) | Target::Snat(r) => {
                if r.flags & (NatRange::MAP_IPS | NatRange::PROTO_SPECIFIED) != 0 {
                    let _ = write!(out, " to:{}", nat_range_text(r));
                }
                if r.flags & NatRange::PROTO_RANDOM != 0 {
                    out.push_str(" random");
                }
                if r.flags & NatRange::PROTO_RANDOM_FULLY != 0 {
                    out.push_str(" random-fully");
                }
                if r.flags & NatRange::PERSISTENT != 0 {
                    out.push_str(" persistent");
                }
            }
            Target::Masquerade(r) | Target::Redirect(r) => {
                if r.flags & NatRange::PROTO_SPECIFIED != 0 {
                    let label = if matches!(self, Target::Masquerade(_)) { "masq ports:" } else { "redir ports" };
                    let _ = write!(out, " {label} {}", ports_text(r));
                }
                if r.flags & NatRange::PROTO_RANDOM != 0 {
                    out.push_str(" random");
                }
                if r.flags & NatRange::PROTO_RANDOM_FULLY != 0 {
                    out.push_str(" random-fully");
                }
            }
            Target::Mark { value, mask } => {
                let (v, m) = (*value, *mask);
                let _ = if v == 0 {
                    write!(out, " MARK and 0x{:x}", !m)
                } else if v == m {
                    write!(out, " MARK or 0x{v:x}")
                } else if m == 0 {
                    write!(out, " MARK xor 0x{v:x}")
                } else if m == u32::MAX {
                    write!(out, " MARK set 0x{v:x}")
                } else {
                    write!(out, " MARK xset 0x{v:x}/0x{m:x}")
                };
            }
            Target::Connmark(c) => {
                let _ = match c.mode {
                    ConnmarkMode::Set => {
                        let (v, m) = (c.ctmark, c.ctmask);
                        if v == 0 {
                            write!(out, " CONNMARK and 0x{:x}", !m)
                        } else if v == m {
                            write!(out, " CONNMARK or 0x{v:x}")
                        } else if m == 0 {
                            write!(out, " CONNMARK xor 0x{v:x}")
                        } else if m == u32::MAX {
                            write!(out, " CONNMARK set 0x{v:x}")
                        } else {
                            write!(out, " CONNMARK xset 0x{v:x}/0x{m:x}")
                        }
                    }
                    ConnmarkMode::Save => {
                        if c.nfmask == u32::MAX && c.ctmask == u32::MAX {
                            write!(out, " CONNMARK save")
                        } else if c.nfmask == c.ctmask {
                            write!(out, " CONNMARK save mask 0x{:x}", c.nfmask)
                        } else {
                            write!(out, " CONNMARK save nfmask 0x{:x} ctmask ~0x{:x}", c.nfmask, c.ctmask)
                        }
                    }
                    ConnmarkMode::Restore => {
                        if c.nfmask == u32::MAX && c.ctmask == u32::MAX {
                            write!(out, " CONNMARK restore")
                        } else if c.nfmask == c.ctmask {
                            write!(out, " CONNMARK restore mask 0x{:x}", c.ctmask)
                        } else {
                            write!(out, " CONNMARK restore ctmask 0x{:x} nfmask ~0x{:x}", c.ctmask, c.nfmask)
                        }
                    }
                };
            }
            Target::Log(l) => {
                out.push_str(" LOG");
                if numeric {
                    let _ = write!(out, " flags {} level {}", l.flags, l.level);
                } else {
                    match LOG_LEVEL_OUTPUT.get(usize::from(l.level)) {
                        Some(n) => {
                            let _ = write!(out, " level {n}");
                        }
                        None => {
                            let _ = write!(out, " UNKNOWN level {}", l.level);
                        }
                    }
                    for (bit, name) in LOG_FLAG_NAMES {
                        if l.flags & bit != 0 {
                            let _ = write!(out, " {name}");
                        }
                    }
                }
                if !l.prefix.is_empty() {
                    let _ = write!(out, " prefix \"{}\"", l.prefix);
                }
            }
            Target::Ct { notrack } => {
                out.push_str(if *notrack { " CT notrack" } else { " CT" });
            }
            Target::Notrack => out.push_str(" NOTRACK"),
            _ => {}
        }
    }
}

const LOG_FLAG_NAMES: [(u8, &str); 5] = [
    (logflag::TCPSEQ, "tcp-sequence"),
    (logflag::TCPOPT, "tcp-options"),
    (logflag::IPOPT, "ip-options"),
    (logflag::UID, "uid"),
    (logflag::MACDECODE, "macdecode"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn nat(arg: &str, portok: bool) -> Result<NatRange, Failure> {
        let mut r = NatRange { flags: 0, min_addr: Ipv4Addr::UNSPECIFIED, max_addr: Ipv4Addr::UNSPECIFIED, min_port: 0, max_port: 0 };
        parse_nat_to(arg, portok, &mut r).map(|_| r)
    }

    #[test]
    fn nat_ranges_parse_like_libxt_nat() {
        assert_eq!(nat("172.18.0.2:8080", true).ok(), Some(NatRange::addr_port(Ipv4Addr::new(172, 18, 0, 2), 8080)));
        let ports_only = nat(":53", true).ok();
        assert_eq!(ports_only.map(|r| (r.flags, r.min_port)), Some((NatRange::PROTO_SPECIFIED, 53)));
        assert_eq!(nat("1.2.3.4:80", false), Err(Failure::param("Need TCP, UDP, SCTP or DCCP with port specification")));
        assert_eq!(nat("1.2.3.4:90-80", true), Err(Failure::param("Port range `80' funky")));
        assert_eq!(nat("1.2.3.4:80/90", true), Err(Failure::param("Garbage after port value: `/90'")));
        assert_eq!(nat("1.2.3.4-", true), Err(Failure::param("Bad IP address \"\"")));
    }
}
