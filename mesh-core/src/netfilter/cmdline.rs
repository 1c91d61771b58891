//! The iptables command line: a `getopt_long` emulation (short option
//! clusters, unique long-option prefixes, options that appear as
//! extensions load) and iptables 1.8's `do_parse`, with its checks and
//! messages in the same order.

use super::error::{Failure, UNMODELLED_MATCHES, UNMODELLED_TARGET_OPTIONS, UNMODELLED_TARGETS};
use super::ext::{self, ExtOpt};
use super::matches::{self, Match, MatchKind, OptCall, ProtoCtx};
use super::names;
use super::rule::IpMatch;
use super::targets::{self, Target, TargetCall, TargetKind};

pub(super) const CMD_INSERT: u32 = 1 << 0;
pub(super) const CMD_DELETE: u32 = 1 << 1;
pub(super) const CMD_DELETE_NUM: u32 = 1 << 2;
pub(super) const CMD_REPLACE: u32 = 1 << 3;
pub(super) const CMD_APPEND: u32 = 1 << 4;
pub(super) const CMD_LIST: u32 = 1 << 5;
pub(super) const CMD_FLUSH: u32 = 1 << 6;
pub(super) const CMD_ZERO: u32 = 1 << 7;
pub(super) const CMD_NEW_CHAIN: u32 = 1 << 8;
pub(super) const CMD_DELETE_CHAIN: u32 = 1 << 9;
pub(super) const CMD_SET_POLICY: u32 = 1 << 10;
pub(super) const CMD_RENAME_CHAIN: u32 = 1 << 11;
pub(super) const CMD_LIST_RULES: u32 = 1 << 12;
pub(super) const CMD_ZERO_NUM: u32 = 1 << 13;
pub(super) const CMD_CHECK: u32 = 1 << 14;
const CMD_CHARS: [char; 15] = ['I', 'D', 'D', 'R', 'A', 'L', 'F', 'Z', 'N', 'X', 'P', 'E', 'S', 'Z', 'C'];

/// Option bits, in the order of iptables' `optflags` (`-n -s -d -p -j -v
/// -x -i -o --line -c -f`).
const OPT_NUMERIC: u32 = 1 << 0;
const OPT_SOURCE: u32 = 1 << 1;
const OPT_DESTINATION: u32 = 1 << 2;
const OPT_PROTOCOL: u32 = 1 << 3;
const OPT_JUMP: u32 = 1 << 4;
const OPT_VERBOSE: u32 = 1 << 5;
const OPT_EXPANDED: u32 = 1 << 6;
const OPT_VIANAMEIN: u32 = 1 << 7;
const OPT_VIANAMEOUT: u32 = 1 << 8;
const OPT_LINENUMBERS: u32 = 1 << 9;
const OPT_COUNTERS: u32 = 1 << 10;
const OPT_FRAGMENT: u32 = 1 << 11;
const OPT_CHARS: [char; 12] = ['n', 's', 'd', 'p', 'j', 'v', 'x', 'i', 'o', '0', 'c', 'f'];

/// `commands_v_options`: which options each command rejects (`x`).
const COMMANDS_V_OPTIONS: [[u8; 12]; 15] = [
    //   -n    -s    -d    -p    -j    -v    -x    -i    -o  --line -c   -f
    [b'x', b' ', b' ', b' ', b' ', b' ', b'x', b' ', b' ', b'x', b' ', b' '], // INSERT
    [b'x', b' ', b' ', b' ', b' ', b' ', b'x', b' ', b' ', b'x', b'x', b' '], // DELETE
    [b'x', b'x', b'x', b'x', b'x', b' ', b'x', b'x', b'x', b'x', b'x', b'x'], // DELETE_NUM
    [b'x', b' ', b' ', b' ', b' ', b' ', b'x', b' ', b' ', b'x', b' ', b' '], // REPLACE
    [b'x', b' ', b' ', b' ', b' ', b' ', b'x', b' ', b' ', b'x', b' ', b' '], // APPEND
    [b' ', b'x', b'x', b'x', b'x', b' ', b' ', b'x', b'x', b' ', b'x', b'x'], // LIST
    [b'x', b'x', b'x', b'x', b'x', b' ', b'x', b'x', b'x', b'x', b'x', b'x'], // FLUSH
    [b'x', b'x', b'x', b'x', b'x', b' ', b'x', b'x', b'x', b'x', b'x', b'x'], // ZERO
    [b'x', b'x', b'x', b'x', b'x', b' ', b'x', b'x', b'x', b'x', b'x', b'x'], // NEW_CHAIN
    [b'x', b'x', b'x', b'x', b'x', b' ', b'x', b'x', b'x', b'x', b'x', b'x'], // DEL_CHAIN
    [b'x', b'x', b'x', b'x', b'x', b' ', b'x', b'x', b'x', b'x', b' ', b'x'], // SET_POLICY
    [b'x', b'x', b'x', b'x', b'x', b' ', b'x', b'x', b'x', b'x', b'x', b'x'], // RENAME
    [b'x', b'x', b'x', b'x', b'x', b' ', b'x', b'x', b'x', b'x', b'x', b'x'], // LIST_RULES
    [b'x', b'x', b'x', b'x', b'x', b' ', b'x', b'x', b'x', b'x', b'x', b'x'], // ZERO_NUM
    [b'x', b' ', b' ', b' ', b' ', b' ', b'x', b' ', b' ', b'x', b'x', b' '], // CHECK
];

/// `XT_EXTENSION_MAXNAMELEN`.
const MAXNAMELEN: usize = 29;

/// A parsed iptables command line, before the table is opened.
#[derive(Clone, Debug)]
pub(super) struct Cmd {
    pub command: u32,
    pub table: String,
    pub chain: Option<String>,
    /// 1-based rule number (0: none).
    pub rulenum: usize,
    pub newname: Option<String>,
    pub policy: Option<String>,
    pub verbose: bool,
    pub numeric: bool,
    pub exact: bool,
    pub line_numbers: bool,
    pub ip: IpMatch,
    /// Every source × destination address pair (iptables adds one rule per
    /// pair for comma-separated lists).
    pub addrs: Vec<((std::net::Ipv4Addr, u32), (std::net::Ipv4Addr, u32))>,
    pub matches: Vec<Match>,
    /// `-j`/`-g` argument, empty if none.
    pub jumpto: String,
    pub goto: bool,
    /// The target extension `-j` loaded (None for a chain name or nothing).
    pub target: Option<Target>,
    pub counters: Option<(u64, u64)>,
    pub has_interface_in: bool,
    pub has_interface_out: bool,
}

/// What a command line asks for.
#[derive(Clone, Debug)]
pub(super) enum Parsed {
    Version,
    Help,
    Command(Box<Cmd>),
}

/// Who an option belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Owner {
    Base(char),
    Match(MatchKind),
    Target(TargetKind),
}

#[derive(Clone, Copy, Debug)]
struct LongOpt {
    name: &'static str,
    /// 0 none, 1 required, 2 optional.
    has_arg: u8,
    owner: Owner,
    /// Index into the extension's option table.
    index: usize,
}

const fn base(name: &'static str, has_arg: u8, c: char) -> LongOpt {
    LongOpt { name, has_arg, owner: Owner::Base(c), index: 0 }
}

const BASE_OPTS: &[LongOpt] = &[
    base("append", 1, 'A'),
    base("delete", 1, 'D'),
    base("check", 1, 'C'),
    base("insert", 1, 'I'),
    base("replace", 1, 'R'),
    base("list", 2, 'L'),
    base("list-rules", 2, 'S'),
    base("flush", 2, 'F'),
    base("zero", 2, 'Z'),
    base("new-chain", 1, 'N'),
    base("delete-chain", 2, 'X'),
    base("rename-chain", 1, 'E'),
    base("policy", 1, 'P'),
    base("source", 1, 's'),
    base("destination", 1, 'd'),
    base("src", 1, 's'),
    base("dst", 1, 'd'),
    base("protocol", 1, 'p'),
    base("in-interface", 1, 'i'),
    base("jump", 1, 'j'),
    base("table", 1, 't'),
    base("match", 1, 'm'),
    base("numeric", 0, 'n'),
    base("out-interface", 1, 'o'),
    base("verbose", 0, 'v'),
    base("wait", 2, 'w'),
    base("wait-interval", 2, 'W'),
    base("exact", 0, 'x'),
    base("fragments", 0, 'f'),
    base("version", 0, 'V'),
    base("help", 2, 'h'),
    base("line-numbers", 0, '0'),
    base("modprobe", 1, 'M'),
    base("set-counters", 1, 'c'),
    base("goto", 1, 'g'),
    base("ipv4", 0, '4'),
    base("ipv6", 0, '6'),
];

/// The short options (`-:A:C:D:E:F::I:L::M:N:P:VX::Z::c:d:i:j:o:p:s:t:R:S::W::46fg:h::m:nvw::x`).
fn short_has_arg(c: char) -> Option<u8> {
    Some(match c {
        'A' | 'C' | 'D' | 'E' | 'I' | 'M' | 'N' | 'P' | 'c' | 'd' | 'i' | 'j' | 'o' | 'p' | 's' | 't' | 'R' | 'g' | 'm' => 1,
        'F' | 'L' | 'X' | 'Z' | 'S' | 'W' | 'h' | 'w' => 2,
        'V' | '4' | '6' | 'f' | 'n' | 'v' | 'x' => 0,
        _ => return None,
    })
}

/// One item `getopt_long` returns.
enum Item {
    NonOption(String),
    Opt(Owner, usize, Option<String>),
    /// `?`: unknown or ambiguous option; the text is `argv[optind-1]`.
    Unknown(String),
    /// `:`: a required argument is missing.
    MissingArg(String),
}

struct Getopt<'a> {
    args: &'a [String],
    optind: usize,
    /// Position inside a short-option cluster (0: not in one).
    nextchar: usize,
    /// The previous `optind`, to re-read an option after loading an
    /// extension.
    last_optind: usize,
}

impl<'a> Getopt<'a> {
    fn new(args: &'a [String]) -> Getopt<'a> {
        Getopt { args, optind: 1, nextchar: 0, last_optind: 1 }
    }

    fn prev_arg(&self) -> String {
        self.args.get(self.optind.wrapping_sub(1)).cloned().unwrap_or_default()
    }

    /// `argv[optind]` if it is an argument (not an option, not `!`):
    /// iptables' `xs_has_arg`.
    fn take_arg(&mut self) -> Option<String> {
        let a = self.args.get(self.optind)?;
        if a.starts_with('-') || a.starts_with('!') {
            return None;
        }
        self.optind += 1;
        Some(a.clone())
    }

    fn peek(&self) -> Option<&str> {
        self.args.get(self.optind).map(String::as_str)
    }

    /// Re-read the last long option (after an extension was loaded).
    fn unread(&mut self) {
        self.optind = self.last_optind;
        self.nextchar = 0;
    }

    fn next(&mut self, longs: &[LongOpt]) -> Option<Item> {
        if self.nextchar == 0 {
            let arg = self.args.get(self.optind)?;
            self.last_optind = self.optind;
            if arg == "--" {
                self.optind += 1;
                return None;
            }
            if !arg.starts_with('-') || arg == "-" {
                self.optind += 1;
                return Some(Item::NonOption(arg.clone()));
            }
            if let Some(body) = arg.strip_prefix("--") {
                self.optind += 1;
                let (name, value) = match body.split_once('=') {
                    Some((n, v)) => (n, Some(v.to_string())),
                    None => (body, None),
                };
                let exact = longs.iter().find(|o| o.name == name);
                let found = match exact {
                    Some(o) => Some(*o),
                    None => {
                        let cands: Vec<&LongOpt> = longs.iter().filter(|o| o.name.starts_with(name)).collect();
                        match cands.first() {
                            Some(first) if cands.iter().all(|c| c.has_arg == first.has_arg && c.owner == first.owner && c.index == first.index) => {
                                Some(**first)
                            }
                            _ => None,
                        }
                    }
                };
                let Some(o) = found else {
                    return Some(Item::Unknown(self.prev_arg()));
                };
                return Some(match (o.has_arg, value) {
                    (0, Some(_)) => Item::Unknown(self.prev_arg()),
                    (0, None) | (2, None) => Item::Opt(o.owner, o.index, None),
                    (_, Some(v)) => Item::Opt(o.owner, o.index, Some(v)),
                    (_, None) => match self.args.get(self.optind) {
                        Some(v) => {
                            self.optind += 1;
                            Item::Opt(o.owner, o.index, Some(v.clone()))
                        }
                        None => Item::MissingArg(self.prev_arg()),
                    },
                });
            }
            self.nextchar = 1;
        }
        let arg = &self.args[self.optind];
        let c = arg[self.nextchar..].chars().next().unwrap_or('?');
        self.nextchar += c.len_utf8();
        let at_end = self.nextchar >= arg.len();
        let rest = arg[self.nextchar..].to_string();
        if at_end {
            self.optind += 1;
            self.nextchar = 0;
        }
        let Some(has_arg) = short_has_arg(c) else {
            return Some(Item::Unknown(self.prev_arg()));
        };
        Some(match has_arg {
            0 => Item::Opt(Owner::Base(c), 0, None),
            2 => {
                if at_end {
                    Item::Opt(Owner::Base(c), 0, None)
                } else {
                    self.optind += 1;
                    self.nextchar = 0;
                    Item::Opt(Owner::Base(c), 0, Some(rest))
                }
            }
            _ => {
                if !at_end {
                    self.optind += 1;
                    self.nextchar = 0;
                    Item::Opt(Owner::Base(c), 0, Some(rest))
                } else if let Some(v) = self.args.get(self.optind) {
                    self.optind += 1;
                    Item::Opt(Owner::Base(c), 0, Some(v.clone()))
                } else {
                    Item::MissingArg(self.prev_arg())
                }
            }
        })
    }
}

/// A match being built from the command line.
struct MatchInst {
    kind: MatchKind,
    value: Match,
    seen: u32,
    completed: bool,
}

/// Parser state (`struct iptables_command_state` and `xt_cmd_parse`).
struct State {
    cmd: Cmd,
    options: u32,
    matches: Vec<MatchInst>,
    /// Extensions whose options are merged, oldest first.
    loaded: Vec<Owner>,
    target_kind: Option<TargetKind>,
    target_seen: u32,
    protocol: Option<String>,
    proto_used: bool,
    src: Option<String>,
    dst: Option<String>,
    table_set: bool,
    restore: bool,
}

fn set_option(st: &mut State, opt: u32, invert: bool) -> Result<(), Failure> {
    let i = opt.trailing_zeros() as usize;
    if st.options & opt != 0 {
        return Err(Failure::param(format!("multiple -{} flags not allowed", OPT_CHARS[i])));
    }
    st.options |= opt;
    if invert {
        let ip = &mut st.cmd.ip;
        match opt {
            OPT_SOURCE => ip.inv_src = true,
            OPT_DESTINATION => ip.inv_dst = true,
            OPT_PROTOCOL => ip.inv_proto = true,
            OPT_VIANAMEIN => ip.inv_in = true,
            OPT_VIANAMEOUT => ip.inv_out = true,
            OPT_FRAGMENT => ip.inv_frag = true,
            _ => {
                return Err(Failure::param(format!("cannot have ! before -{}", OPT_CHARS[i])));
            }
        }
    }
    Ok(())
}

fn cmd_char(cmd: u32) -> char {
    // The highest bit set, as iptables' cmd2char walks.
    let idx = 31 - cmd.leading_zeros() as usize;
    CMD_CHARS.get(idx).copied().unwrap_or('?')
}

fn add_command(st: &mut State, newcmd: u32, others: u32, invert: bool) -> Result<(), Failure> {
    if invert {
        return Err(Failure::param("unexpected '!' flag"));
    }
    if st.cmd.command & !others != 0 {
        return Err(Failure::param(format!("Cannot use -{} with -{}", cmd_char(newcmd), cmd_char(st.cmd.command & !others))));
    }
    st.cmd.command |= newcmd;
    Ok(())
}

fn parse_rulenumber(s: &str) -> Result<usize, Failure> {
    names::parse_c_ulong(s).filter(|n| *n >= 1 && *n <= i32::MAX as u64).map(|n| n as usize).ok_or_else(|| Failure::param(format!("Invalid rule number `{s}'")))
}

/// `parse_chain` (for `-N`).
fn parse_chain(name: &str) -> Result<(), Failure> {
    if name.len() >= MAXNAMELEN {
        return Err(Failure::param(format!("chain name `{name}' too long (must be under {MAXNAMELEN} chars)")));
    }
    if let Some(c) = name.chars().next().filter(|c| *c == '-' || *c == '!') {
        return Err(Failure::param(format!("chain name not allowed to start with `{c}'")));
    }
    if names::KNOWN_TARGETS.contains(&name) {
        return Err(Failure::param("chain name may not clash with target name"));
    }
    if name.chars().any(char::is_whitespace) {
        return Err(Failure::param(format!("Invalid chain name `{name}'")));
    }
    Ok(())
}

/// `xt_parse_target`: the `-j`/`-g` name.
fn parse_target_name(name: &str) -> Result<String, Failure> {
    if name.is_empty() {
        return Err(Failure::param("Invalid target name (too short)"));
    }
    if name.len() >= MAXNAMELEN {
        return Err(Failure::param(format!("Invalid target name `{name}' ({} chars max)", MAXNAMELEN - 1)));
    }
    Ok(name.to_string())
}

fn parse_counter(s: &str, what: &str) -> Result<u64, Failure> {
    // sscanf("%llu"): leading digits.
    let digits: String = s.trim_start().chars().take_while(char::is_ascii_digit).collect();
    digits.parse().map_err(|_| Failure::param(format!("-c {what} counter not numeric")))
}

impl State {
    fn long_options(&self) -> Vec<LongOpt> {
        let mut v: Vec<LongOpt> = BASE_OPTS.to_vec();
        for owner in self.loaded.iter().rev() {
            let table: &[ExtOpt] = match owner {
                Owner::Match(k) => k.options(),
                Owner::Target(k) => k.options(),
                Owner::Base(_) => &[],
            };
            for (i, o) in table.iter().enumerate() {
                v.push(LongOpt { name: o.name, has_arg: u8::from(o.has_arg), owner: *owner, index: i });
            }
        }
        v
    }

    fn proto_ctx(&self) -> ProtoCtx {
        ProtoCtx { proto: self.cmd.ip.proto, invert: self.cmd.ip.inv_proto }
    }

    /// `-m NAME` (or the protocol match loaded implicitly).
    fn add_match(&mut self, kind: MatchKind) {
        for m in self.matches.iter_mut().filter(|m| m.kind == kind) {
            m.completed = true;
        }
        self.matches.push(MatchInst { kind, value: kind.initial(), seen: 0, completed: false });
        if !self.loaded.contains(&Owner::Match(kind)) {
            self.loaded.push(Owner::Match(kind));
        }
    }

    /// `-j CT --zone 1`: an option the loaded target really has but mesh
    /// does not model, as the refusal's `-j TARGET --OPTION` text.
    fn unmodelled_target_option(&self, text: &str) -> Option<String> {
        let name = text.strip_prefix("--")?;
        let name = name.split_once('=').map_or(name, |(n, _)| n);
        let target = self.target_kind?.name();
        let (_, options) = UNMODELLED_TARGET_OPTIONS.iter().find(|(t, _)| *t == target)?;
        options.contains(&name).then(|| format!("-j {target} --{name}"))
    }

    /// `load_proto`: after an unknown option, load the match named like
    /// the `-p` protocol, once.  A protocol whose match iptables ships but
    /// mesh does not model (`-p sctp --dport 80`) is refused as not
    /// modelled.
    fn load_proto(&mut self) -> Result<bool, Failure> {
        let Some(p) = &self.protocol else {
            return Ok(false);
        };
        let name = match names::parse_protocol(p) {
            Some(n) => match n {
                6 => "tcp",
                17 => "udp",
                1 => "icmp",
                _ => match names::protocol_name(n, true) {
                    Some(name) if UNMODELLED_MATCHES.contains(&name) => return Err(Failure::not_modelled(format!("-p {name} (its match)"))),
                    _ => return Ok(false),
                },
            },
            None => return Ok(false),
        };
        let Some(kind) = MatchKind::from_name(name) else {
            return Ok(false);
        };
        let loaded = self.loaded.contains(&Owner::Match(kind));
        if loaded && self.proto_used {
            return Ok(false);
        }
        self.proto_used = true;
        self.add_match(kind);
        Ok(true)
    }
}

/// Parse an iptables command line (`argv[0]` included).  `restore` is true
/// when the line comes from iptables-restore (which passes `-t TABLE`).
pub(super) fn parse(argv: &[String], restore: bool) -> Result<Parsed, Failure> {
    let mut st = State {
        cmd: Cmd {
            command: 0,
            table: "filter".into(),
            chain: None,
            rulenum: 0,
            newname: None,
            policy: None,
            verbose: false,
            numeric: false,
            exact: false,
            line_numbers: false,
            ip: IpMatch::default(),
            addrs: Vec::new(),
            matches: Vec::new(),
            jumpto: String::new(),
            goto: false,
            target: None,
            counters: None,
            has_interface_in: false,
            has_interface_out: false,
        },
        options: 0,
        matches: Vec::new(),
        loaded: Vec::new(),
        target_kind: None,
        target_seen: 0,
        protocol: None,
        proto_used: false,
        src: None,
        dst: None,
        table_set: false,
        restore,
    };
    let mut g = Getopt::new(argv);
    let mut invert = false;
    loop {
        let longs = st.long_options();
        let Some(item) = g.next(&longs) else { break };
        match item {
            Item::NonOption(a) => {
                if a == "!" {
                    if invert {
                        return Err(Failure::param("multiple consecutive ! not allowed"));
                    }
                    invert = true;
                    continue;
                }
                return Err(Failure::BadArgument(a));
            }
            Item::Opt(Owner::Base(c), _, optarg) => {
                base_option(&mut st, &mut g, c, optarg, invert)?;
                if let Some(p) = early_exit(c) {
                    return Ok(p);
                }
            }
            Item::Opt(Owner::Match(kind), index, optarg) => {
                let Some(inst) = st.matches.iter().position(|m| m.kind == kind && !m.completed) else {
                    // Options of a match whose instances are all complete:
                    // iptables reports them as unknown.
                    return Err(Failure::param(format!("unknown option \"{}\"", g.prev_arg())));
                };
                let opt = canonical(kind.options(), index);
                let proto = st.proto_ctx();
                let m = &mut st.matches[inst];
                ext::pre_check(kind.name(), opt, m.seen, invert)?;
                let next = g.peek().map(str::to_string);
                let call = OptCall { opt, arg: optarg.as_deref().unwrap_or(""), invert, next: next.as_deref(), proto };
                let extra = matches::parse_option(&mut m.value, &call, m.seen)?;
                m.seen |= 1 << opt.id;
                g.optind += extra;
            }
            Item::Opt(Owner::Target(kind), index, optarg) => {
                let opt = canonical(kind.options(), index);
                ext::pre_check(kind.name(), opt, st.target_seen, invert)?;
                let proto = st.proto_ctx();
                if let Some(t) = st.cmd.target.as_mut() {
                    targets::parse_option(t, &TargetCall { opt, arg: optarg.as_deref().unwrap_or(""), proto })?;
                }
                st.target_seen |= 1 << opt.id;
            }
            Item::Unknown(text) | Item::MissingArg(text) if st.load_proto()? => {
                let _ = text;
                g.unread();
                continue;
            }
            Item::Unknown(text) => {
                if let Some(option) = st.unmodelled_target_option(&text) {
                    return Err(Failure::not_modelled(option));
                }
                return Err(Failure::param(format!("unknown option \"{text}\"")));
            }
            Item::MissingArg(text) => {
                return Err(Failure::param(format!("option \"{text}\" requires an argument")));
            }
        }
        invert = false;
    }

    if st.cmd.table == "nat" && (st.cmd.policy.as_deref() == Some("DROP") || st.cmd.jumpto == "DROP") {
        return Err(Failure::param("\nThe \"nat\" table is not intended for filtering, the use of DROP is therefore inhibited.\n\n"));
    }
    for m in &mut st.matches {
        matches::check(&mut m.value, m.seen)?;
        ext::final_check(m.kind.name(), m.kind.options(), m.seen)?;
    }
    if let (Some(kind), Some(t)) = (st.target_kind, st.cmd.target.as_ref()) {
        targets::check(t, st.target_seen)?;
        ext::final_check(kind.name(), kind.options(), st.target_seen)?;
    }
    if g.optind < argv.len() {
        return Err(Failure::param("unknown arguments found on commandline"));
    }
    if st.cmd.command == 0 {
        return Err(Failure::param("no command specified"));
    }
    if invert {
        return Err(Failure::param("nothing appropriate following !"));
    }
    let cmd = st.cmd.command;
    if cmd & (CMD_REPLACE | CMD_INSERT | CMD_DELETE | CMD_APPEND | CMD_CHECK) != 0 {
        let srcs = parse_addresses(st.src.as_deref().unwrap_or("0.0.0.0/0"))?;
        let dsts = parse_addresses(st.dst.as_deref().unwrap_or("0.0.0.0/0"))?;
        if (srcs.len() > 1 || dsts.len() > 1) && (st.cmd.ip.inv_src || st.cmd.ip.inv_dst) {
            return Err(Failure::param("! not allowed with multiple source or destination IP addresses"));
        }
        if cmd == CMD_REPLACE && (srcs.len() != 1 || dsts.len() != 1) {
            return Err(Failure::param("Replacement rule does not specify a unique address"));
        }
        for s in &srcs {
            for d in &dsts {
                st.cmd.addrs.push((*s, *d));
            }
        }
    }
    generic_opt_check(cmd, st.options)?;
    if let Some(c) = &st.cmd.chain
        && c.len() >= MAXNAMELEN
    {
        return Err(Failure::param(format!("chain name `{c}' too long (must be under {MAXNAMELEN} chars)")));
    }
    st.cmd.verbose = st.options & OPT_VERBOSE != 0;
    st.cmd.numeric = st.options & OPT_NUMERIC != 0;
    st.cmd.exact = st.options & OPT_EXPANDED != 0;
    st.cmd.line_numbers = st.options & OPT_LINENUMBERS != 0;
    st.cmd.has_interface_in = st.options & OPT_VIANAMEIN != 0;
    st.cmd.has_interface_out = st.options & OPT_VIANAMEOUT != 0;
    st.cmd.matches = st.matches.into_iter().map(|m| m.value).collect();
    Ok(Parsed::Command(Box::new(st.cmd)))
}

/// libxtables reports an option by the first entry with its id
/// (`--dport` is named `--destination-port` in messages).
fn canonical(table: &[ExtOpt], index: usize) -> &ExtOpt {
    let id = table[index].id;
    table.iter().find(|o| o.id == id).unwrap_or(&table[index])
}

fn early_exit(c: char) -> Option<Parsed> {
    match c {
        'V' => Some(Parsed::Version),
        'h' => Some(Parsed::Help),
        _ => None,
    }
}

fn base_option(st: &mut State, g: &mut Getopt, c: char, optarg: Option<String>, invert: bool) -> Result<(), Failure> {
    // iptables reads the value of -p, -s, -d, -i, -o and -j as
    // `argv[optind-1]` (a leftover of the old `-s ! addr` syntax): the
    // separate word, but the whole word when attached (`-s10.0.0.1`).
    let arg = match c {
        'p' | 's' | 'd' | 'i' | 'o' | 'j' => g.prev_arg(),
        _ => optarg.clone().unwrap_or_default(),
    };
    match c {
        'A' => {
            add_command(st, CMD_APPEND, 0, invert)?;
            st.cmd.chain = Some(arg);
        }
        'C' => {
            add_command(st, CMD_CHECK, 0, invert)?;
            st.cmd.chain = Some(arg);
        }
        'D' => {
            add_command(st, CMD_DELETE, 0, invert)?;
            st.cmd.chain = Some(arg);
            if let Some(n) = g.take_arg() {
                st.cmd.rulenum = parse_rulenumber(&n)?;
                st.cmd.command = CMD_DELETE_NUM;
            }
        }
        'R' => {
            add_command(st, CMD_REPLACE, 0, invert)?;
            st.cmd.chain = Some(arg);
            match g.take_arg() {
                Some(n) => st.cmd.rulenum = parse_rulenumber(&n)?,
                None => return Err(Failure::param("-R requires a rule number")),
            }
        }
        'I' => {
            add_command(st, CMD_INSERT, 0, invert)?;
            st.cmd.chain = Some(arg);
            st.cmd.rulenum = match g.take_arg() {
                Some(n) => parse_rulenumber(&n)?,
                None => 1,
            };
        }
        'L' | 'S' => {
            let this = if c == 'L' { CMD_LIST } else { CMD_LIST_RULES };
            add_command(st, this, CMD_ZERO | CMD_ZERO_NUM, invert)?;
            st.cmd.chain = optarg.or_else(|| g.take_arg()).or(st.cmd.chain.take());
            if let Some(n) = g.take_arg() {
                st.cmd.rulenum = parse_rulenumber(&n)?;
            }
        }
        'F' => {
            add_command(st, CMD_FLUSH, 0, invert)?;
            st.cmd.chain = optarg.or_else(|| g.take_arg());
        }
        'Z' => {
            add_command(st, CMD_ZERO, CMD_LIST | CMD_LIST_RULES, invert)?;
            if let Some(chain) = optarg.or_else(|| g.take_arg()) {
                st.cmd.chain = Some(chain);
            }
            if let Some(n) = g.take_arg() {
                st.cmd.rulenum = parse_rulenumber(&n)?;
                st.cmd.command = CMD_ZERO_NUM;
            }
        }
        'N' => {
            parse_chain(&arg)?;
            add_command(st, CMD_NEW_CHAIN, 0, invert)?;
            st.cmd.chain = Some(arg);
        }
        'X' => {
            add_command(st, CMD_DELETE_CHAIN, 0, invert)?;
            st.cmd.chain = optarg.or_else(|| g.take_arg());
        }
        'E' => {
            add_command(st, CMD_RENAME_CHAIN, 0, invert)?;
            st.cmd.chain = Some(arg);
            match g.take_arg() {
                Some(n) => st.cmd.newname = Some(n),
                None => {
                    return Err(Failure::param("-E requires old-chain-name and new-chain-name"));
                }
            }
        }
        'P' => {
            add_command(st, CMD_SET_POLICY, 0, invert)?;
            st.cmd.chain = Some(arg);
            match g.take_arg() {
                Some(p) => st.cmd.policy = Some(p),
                None => return Err(Failure::param("-P requires a chain and a policy")),
            }
        }
        'V' | 'h' => {}
        'p' => {
            set_option(st, OPT_PROTOCOL, invert)?;
            let lower = arg.to_ascii_lowercase();
            let p = names::parse_protocol(&lower).ok_or_else(|| Failure::param(format!("unknown protocol \"{lower}\" specified")))?;
            if p == 0 && st.cmd.ip.inv_proto {
                return Err(Failure::param("rule would never match protocol"));
            }
            st.cmd.ip.proto = p;
            st.protocol = Some(lower);
        }
        's' => {
            set_option(st, OPT_SOURCE, invert)?;
            st.src = Some(arg);
        }
        'd' => {
            set_option(st, OPT_DESTINATION, invert)?;
            st.dst = Some(arg);
        }
        'g' => {
            set_option(st, OPT_JUMP, invert)?;
            st.cmd.goto = true;
            st.cmd.jumpto = parse_target_name(&arg)?;
        }
        'j' => {
            set_option(st, OPT_JUMP, invert)?;
            st.cmd.jumpto = parse_target_name(&arg)?;
            if UNMODELLED_TARGETS.contains(&arg.as_str()) {
                return Err(Failure::not_modelled(format!("-j {arg}")));
            }
            if let Some(kind) = TargetKind::from_name(&arg) {
                st.target_kind = Some(kind);
                st.cmd.target = Some(kind.initial(&arg));
                st.loaded.push(Owner::Target(kind));
            }
        }
        'i' | 'o' => {
            if arg.is_empty() {
                return Err(Failure::param("Empty interface is likely to be undesired"));
            }
            set_option(st, if c == 'i' { OPT_VIANAMEIN } else { OPT_VIANAMEOUT }, invert)?;
            if arg.len() >= 16 {
                return Err(Failure::param(format!("interface name `{arg}' must be shorter than IFNAMSIZ (15)")));
            }
            if c == 'i' {
                st.cmd.ip.in_iface = arg;
            } else {
                st.cmd.ip.out_iface = arg;
            }
        }
        'f' => {
            set_option(st, OPT_FRAGMENT, invert)?;
            st.cmd.ip.frag = true;
        }
        'v' => {
            if st.options & OPT_VERBOSE == 0 {
                set_option(st, OPT_VERBOSE, invert)?;
            }
        }
        'm' => {
            if invert {
                return Err(Failure::param("unexpected ! flag before --match"));
            }
            match MatchKind::from_name(&arg) {
                Some(kind) => st.add_match(kind),
                None if UNMODELLED_MATCHES.contains(&arg.as_str()) => return Err(Failure::not_modelled(format!("-m {arg}"))),
                None => {
                    return Err(Failure::param(format!("Couldn't load match `{arg}':No such file or directory\n")));
                }
            }
        }
        'n' => set_option(st, OPT_NUMERIC, invert)?,
        't' => {
            if invert {
                return Err(Failure::param("unexpected ! flag before --table"));
            }
            if st.restore && st.table_set {
                return Err(Failure::param("The -t option cannot be used in iptables-restore.\n"));
            }
            st.cmd.table = arg;
            st.table_set = true;
        }
        'x' => set_option(st, OPT_EXPANDED, invert)?,
        'w' | 'W' => {
            if st.restore {
                return Err(Failure::param(format!("You cannot use `-{c}' from iptables-restore")));
            }
            let value = optarg.or_else(|| g.take_arg());
            if let Some(v) = value
                && !v.trim_start().starts_with(|ch: char| ch.is_ascii_digit() || ch == '-' || ch == '+')
            {
                return Err(Failure::param(if c == 'w' { "wait seconds not numeric" } else { "wait interval not numeric" }));
            }
        }
        '0' => set_option(st, OPT_LINENUMBERS, invert)?,
        'M' | '4' => {}
        '6' => return Err(Failure::Usage),
        'c' => {
            set_option(st, OPT_COUNTERS, invert)?;
            let (p, b) = match arg.split_once(',') {
                Some((p, b)) => (p.to_string(), Some(b.to_string())),
                None => (arg.clone(), None),
            };
            let b = match b.or_else(|| g.take_arg()) {
                Some(b) => b,
                None => return Err(Failure::param("-c requires packet and byte counter")),
            };
            st.cmd.counters = Some((parse_counter(&p, "packet")?, parse_counter(&b, "byte")?));
        }
        _ => {
            return Err(Failure::param(format!("unknown option \"{}\"", g.prev_arg())));
        }
    }
    Ok(())
}

fn generic_opt_check(command: u32, options: u32) -> Result<(), Failure> {
    for (i, ch) in OPT_CHARS.iter().enumerate() {
        let mut legal = 0i8;
        for (j, row) in COMMANDS_V_OPTIONS.iter().enumerate() {
            if command & (1 << j) == 0 || options & (1 << i) == 0 {
                continue;
            }
            if row[i] != b'x' {
                legal = 1;
            } else if legal == 0 {
                legal = -1;
            }
        }
        if legal == -1 {
            return Err(Failure::param(format!("Illegal option `-{ch}' with this command")));
        }
    }
    Ok(())
}

/// `xtables_ipparse_multiple`: comma-separated `host[/mask]` items, each
/// masked.
fn parse_addresses(spec: &str) -> Result<Vec<(std::net::Ipv4Addr, u32)>, Failure> {
    let mut out = Vec::new();
    for item in spec.split(',') {
        let (host, mask) = match item.rsplit_once('/') {
            Some((h, m)) => (h, Some(m)),
            None => (item, None),
        };
        let mask = match mask {
            None => u32::MAX,
            Some(m) if m.contains('.') => {
                let parts: Vec<&str> = m.split('.').collect();
                if parts.len() != 4 {
                    return Err(Failure::param(format!("invalid mask `{m}' specified")));
                }
                super::rule::parse_numeric_addr(m).map(u32::from).ok_or_else(|| Failure::param(format!("invalid mask `{m}' specified")))?
            }
            Some(m) => {
                let bits = names::parse_c_ulong(m).filter(|b| *b <= 32).ok_or_else(|| Failure::param(format!("invalid mask `{m}' specified")))?;
                crate::net::prefix_to_mask(bits as u8)
            }
        };
        let addr = if mask == 0 {
            std::net::Ipv4Addr::UNSPECIFIED
        } else {
            super::rule::parse_host(host).ok_or_else(|| Failure::param(format!("host/network `{host}' not found")))?
        };
        out.push((std::net::Ipv4Addr::from(u32::from(addr) & mask), mask));
    }
    Ok(out)
}
