//! Netfilter's IPv4 packet filter (`ip_tables`) of one network namespace,
//! and the tools that program it: `iptables`, `iptables-save` and
//! `iptables-restore` in their `iptables-legacy` 1.8.7 flavour.
//!
//! # The model
//!
//! A [`Netfilter`] holds the four tables Docker uses — `raw` (PREROUTING,
//! OUTPUT), `mangle` (all five hooks), `nat` (PREROUTING, INPUT, OUTPUT,
//! POSTROUTING) and `filter` (INPUT, FORWARD, OUTPUT) — with their built-in
//! chains and policies, user chains, rules, and per-rule and per-policy
//! packet/byte counters.  Bytes are the IPv4 total length, as the kernel
//! counts at layer 3.
//!
//! Like a real namespace, a table exists only once a tool has touched it
//! (`iptables -t nat …` instantiates `nat`); until then its hooks are not
//! registered and packets pass untouched and uncounted.  iptables-save
//! lists the loaded tables most recently loaded first, as the kernel's
//! `/proc/net/ip_tables_names` does.
//!
//! Every change replaces a whole table at once, as iptables-legacy does
//! with `IPT_SO_SET_REPLACE`, after the kernel's own checks: jump loops
//! reachable from a built-in chain (`Too many levels of symbolic links`),
//! targets used outside their table or hooks (`DNAT` only in `nat`
//! PREROUTING/OUTPUT, `REJECT` only in `filter` …), protocol matches
//! without their protocol.  A refused change leaves the table as it was and
//! leaves the kernel's explanation in [`Netfilter::take_kernel_log`].  Two
//! libiptc/kernel side effects of a replace are reproduced: the built-in
//! chains' policy counters restart from zero (unless set with `-c`), and
//! per-rule match state (`-m statistic --mode nth`) starts over.
//!
//! [`Netfilter::run`] is `ipt_do_table`: the datapath calls it at a hook
//! with the packet's bytes and metadata, and gets the verdict, the new
//! `skb->mark`, conntrack mark and notrack requests, `LOG`/`TRACE` lines,
//! and — when asked — every rule it evaluated with the reason it did not
//! match.  Jumps push a return frame, `-g` does not; RETURN goes back to the
//! rule after the last jump, or to the built-in chain's policy when there is
//! none (so a RETURN in a chain reached by `-g` from INPUT ends in INPUT's
//! policy); falling off a user chain is a RETURN; falling off a built-in
//! chain applies and counts the policy.  A match that cannot read the
//! header it needs (a truncated TCP header) drops the packet, as the
//! kernel's "hotdrop" does.  NAT targets end the table with
//! [`NfVerdict::Nat`] and the caller (conntrack) sets up the binding.
//!
//! # The tools
//!
//! [`iptables`], [`iptables_save`] and [`iptables_restore`] take the
//! command line and print what iptables-legacy 1.8.7 prints, byte for byte:
//! listings with their column widths, K/M/G counters and trailing spaces,
//! `-S`/save forms, every error message with its exit status.  They were
//! checked against iptables-legacy 1.8.9 (the transcripts in `testdata/`,
//! recorded with `testdata/record.py`), whose output differs from 1.8.7's
//! only in its version string and in printing protocol numbers with `-n`.
//! A failed command changes nothing (but, like the real one, may have
//! instantiated its table).  iptables-restore commits each table at its
//! `COMMIT` line: an error discards the table being built and leaves the
//! tables committed before it in place, as iptables-legacy-restore does.
//!
//! # Not modelled
//!
//! IPv6; tables other than the four above (`security`); match and target
//! extensions other than tcp, udp, icmp, multiport, addrtype, state,
//! conntrack, mark, connmark, ipvs, comment, statistic, limit and ACCEPT,
//! DROP, RETURN, REJECT, DNAT, SNAT, MASQUERADE, REDIRECT, MARK, CONNMARK,
//! LOG, TRACE, CT, NOTRACK: one that iptables 1.8 ships (`-m iprange`,
//! `-m physdev`, `-p sctp --dport`, `-j TCPMSS`, `-j CT --zone`,
//! `-t security` …) is refused with `mesh: iptables -m iprange is not
//! modelled` (exit 2, nothing changes), any other name fails to load as a
//! missing `.so` does on the real tool; `-m limit` is parsed, printed and
//! checked but always matches; reverse DNS (`-L` without `-n`
//! names only `localhost`, `loopback`, `default` and `link-local`); host
//! names other than `localhost` in addresses; the xtables lock (`-w` is
//! accepted and ignored); `--help` prints iptables 1.8.9's base usage text,
//! without extension help.  `LOG` and `TRACE` lines are those of the
//! kernel's syslog logger (`TRACE: raw:PREROUTING:rule:1 IN=…`, as
//! iptables-legacy traces; not `xtables-monitor`'s nftables form) without
//! `UID=`, `PHYSIN=`/`PHYSOUT=` or AH/ESP details; they are produced in
//! every namespace, while a real kernel prints them outside the initial
//! namespace only when `net.netfilter.nf_log_all_netns=1`, which the caller
//! decides.

mod cmdline;
mod direct;
mod error;
mod ext;
mod log;
mod matches;
mod names;
mod packet;
mod rule;
mod services;
mod table;
mod targets;
mod tool;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use crate::net::{CtDir, CtState, Hook, NatRange, Tuple};
use crate::rng::Rng;

pub use tool::{ToolEnv, iptables, iptables_restore, iptables_save};

use table::Table;

/// The four IPv4 tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TableName {
    Raw,
    Mangle,
    Nat,
    Filter,
}

impl TableName {
    pub const ALL: [TableName; 4] = [TableName::Raw, TableName::Mangle, TableName::Nat, TableName::Filter];

    /// The name `-t` takes.
    pub fn name(self) -> &'static str {
        match self {
            TableName::Raw => "raw",
            TableName::Mangle => "mangle",
            TableName::Nat => "nat",
            TableName::Filter => "filter",
        }
    }

    pub fn from_name(s: &str) -> Option<TableName> {
        TableName::ALL.into_iter().find(|t| t.name() == s)
    }

    /// The hooks the table registers, in hook order (its built-in chains).
    pub fn hooks(self) -> &'static [Hook] {
        match self {
            TableName::Raw => &[Hook::Prerouting, Hook::Output],
            TableName::Mangle => &Hook::ALL,
            TableName::Nat => &[Hook::Prerouting, Hook::Input, Hook::Output, Hook::Postrouting],
            TableName::Filter => &[Hook::Input, Hook::Forward, Hook::Output],
        }
    }
}

/// The route type of an address, as `inet_dev_addr_type` answers it from
/// the routing tables (`RTN_*`); what `-m addrtype` compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AddrType {
    Unspec = 0,
    Unicast = 1,
    Local = 2,
    Broadcast = 3,
    Anycast = 4,
    Multicast = 5,
    Blackhole = 6,
    Unreachable = 7,
    Prohibit = 8,
    Throw = 9,
    Nat = 10,
    Xresolve = 11,
}

/// Conntrack status bits (`IPS_*`) that `-m conntrack --ctstatus` and the
/// SNAT/DNAT pseudo-states look at.
#[derive(Clone, Copy, Debug)]
pub struct CtStatus;

impl CtStatus {
    pub const EXPECTED: u32 = 1 << 0;
    pub const SEEN_REPLY: u32 = 1 << 1;
    pub const ASSURED: u32 = 1 << 2;
    pub const CONFIRMED: u32 = 1 << 3;
    pub const SRC_NAT: u32 = 1 << 4;
    pub const DST_NAT: u32 = 1 << 5;
}

/// What netfilter knows of a packet's connection (`nf_ct_get`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CtInfo {
    /// `Invalid`/`Untracked` behave like "no conntrack entry" except for
    /// the state they report.
    pub state: CtState,
    /// Direction of this packet.
    pub dir: CtDir,
    pub orig: Tuple,
    pub reply: Tuple,
    /// `IPS_*` bits, see [`CtStatus`].
    pub status: u32,
    pub mark: u32,
    /// Seconds until the entry times out (`--ctexpire`).
    pub expires_secs: u32,
}

impl CtInfo {
    /// The template an untracked packet points at (`IP_CT_UNTRACKED`): no
    /// tuples, status, mark or timeout of its own.
    pub fn untracked() -> CtInfo {
        let none = Tuple { src: Ipv4Addr::UNSPECIFIED, dst: Ipv4Addr::UNSPECIFIED, proto: 0, src_port: 0, dst_port: 0 };
        CtInfo { state: CtState::Untracked, dir: CtDir::Original, orig: none, reply: none, status: 0, mark: 0, expires_secs: 0 }
    }
}

/// IPVS forwarding method of a connection (`--vmethod`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IpvsMethod {
    Masq,
    Gate,
    Ipip,
}

/// The IPVS connection a packet belongs to, for `-m ipvs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IpvsConn {
    /// Protocol, address and port of the virtual service.
    pub proto: u8,
    pub vaddr: Ipv4Addr,
    pub vport: u16,
    pub method: IpvsMethod,
    /// Virtual port of the controlling connection (FTP data), if any.
    pub vportctl: Option<u16>,
}

/// A packet at a hook.
#[derive(Clone, Debug)]
pub struct NfPacket<'a> {
    /// The IPv4 packet as it is at this hook.
    pub l3: &'a [u8],
    /// `-i`: the input device (None at OUTPUT/POSTROUTING).
    pub in_dev: Option<&'a str>,
    /// `-o`: the output device (None at PREROUTING/INPUT).
    pub out_dev: Option<&'a str>,
    /// The link-layer header the packet arrived with (for `LOG`'s `MAC=`);
    /// None for devices without one.
    pub mac_header: Option<&'a [u8]>,
    /// `skb->mark`.
    pub mark: u32,
    /// None: no conntrack entry (ctstate INVALID).
    pub ct: Option<CtInfo>,
    /// `skb->ipvs_property`: IPVS handled the packet (`-m ipvs --ipvs`).
    pub ipvs_property: bool,
    /// The IPVS connection, for `--vproto/--vaddr/--vport/--vmethod/
    /// --vportctl`; without it those options do not match.
    pub ipvs_conn: Option<IpvsConn>,
    /// `skb->nf_trace`: set by a `TRACE` rule, carried with the packet.
    pub nf_trace: bool,
}

/// The environment a rule walk consults.
pub struct NfEnv<'a> {
    /// The route type of an address, optionally restricted to a device's
    /// routing domain (`--limit-iface-in/out`); from the routing tables.
    pub addr_type: &'a dyn Fn(Ipv4Addr, Option<&str>) -> AddrType,
    /// For `-m statistic --mode random`.
    pub rng: &'a mut Rng,
    /// Record every rule evaluated in [`NfResult::walk`].
    pub trace: bool,
}

/// `--reject-with`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RejectWith {
    IcmpNetUnreachable,
    IcmpHostUnreachable,
    IcmpProtoUnreachable,
    IcmpPortUnreachable,
    IcmpNetProhibited,
    IcmpHostProhibited,
    IcmpAdminProhibited,
    TcpReset,
}

/// A NAT binding for conntrack to set up.  For `Masquerade` and `Redirect`
/// only the ports and `PROTO_RANDOM*` flags of the range are meaningful
/// (the address is the outgoing interface's, or the local one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NatTarget {
    Dnat(NatRange),
    Snat(NatRange),
    Masquerade(NatRange),
    Redirect(NatRange),
}

/// How a table disposed of a packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NfVerdict {
    Accept,
    Drop,
    /// Drop, and answer with this error (the caller builds it).
    Reject(RejectWith),
    /// Accept with this NAT binding (the caller applies it).
    Nat(NatTarget),
}

/// One rule looked at during a walk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleStep {
    pub table: TableName,
    pub chain: String,
    /// 1-based; 0 for the policy or the end of a user chain.
    pub rule_num: usize,
    /// The rule in `iptables -S` form, `-P CHAIN POLICY` for a policy.
    pub spec: String,
    pub matched: bool,
    /// The first criterion that failed, in `-S` form (`--dport 8080`,
    /// `-i docker0`, `--dst-type LOCAL`).
    pub failed_at: Option<String>,
    /// What happened next: `continue`, `jump X`, `goto X`, `RETURN`,
    /// `ACCEPT`, `DROP`, or the target's `-L` text (`DNAT to:…`, `MARK set …`).
    pub outcome: String,
}

/// The result of running a table's chain on a packet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NfResult {
    pub verdict: NfVerdict,
    /// `skb->mark` after MARK/CONNMARK targets.
    pub mark: u32,
    /// The conntrack mark, when CONNMARK changed it.
    pub ctmark: Option<u32>,
    /// A `CT --notrack`/`NOTRACK` rule asked not to track the packet.
    pub notrack: bool,
    /// `skb->nf_trace` after this table (a `TRACE` rule sets it).
    pub nf_trace: bool,
    /// `LOG` lines (kernel log text without level and timestamp).
    pub log: Vec<String>,
    /// Lines of a traced packet: `TRACE: table:chain:rule:N IN=…`.
    pub trace_lines: Vec<String>,
    /// Every rule evaluated, when [`NfEnv::trace`] is set.
    pub walk: Vec<RuleStep>,
}

impl NfResult {
    fn pass(pkt: &NfPacket) -> NfResult {
        NfResult {
            verdict: NfVerdict::Accept,
            mark: pkt.mark,
            ctmark: None,
            notrack: false,
            nf_trace: pkt.nf_trace,
            log: Vec::new(),
            trace_lines: Vec::new(),
            walk: Vec::new(),
        }
    }
}

/// What matches and targets see while a rule walk runs.
pub(crate) struct EvalCtx<'p, 'e, 'a> {
    pkt: &'p NfPacket<'p>,
    env: &'e mut NfEnv<'a>,
    /// `skb->mark`, as MARK targets change it.
    mark: u32,
    /// The conntrack mark, as CONNMARK changes it (None: no entry).
    ct_mark: Option<u32>,
}

/// The ip_tables state of one network namespace.
#[derive(Clone, Debug, Default)]
pub struct Netfilter {
    tables: BTreeMap<TableName, Table>,
    /// Loaded tables, oldest first.
    load_order: Vec<TableName>,
    /// Kernel log lines explaining refused table loads.
    kernel_log: Vec<String>,
    /// Whether a loaded rule needs connection tracking: recomputed at each
    /// commit, the only way rules change, so that packets need not look at
    /// every rule (see [`Netfilter::uses_conntrack`]).
    uses_conntrack: bool,
}

impl Netfilter {
    pub fn new() -> Netfilter {
        Netfilter::default()
    }

    /// Run `table`'s built-in chain for `hook` on a packet and update the
    /// counters.  A table that is not loaded, or has no chain at that hook,
    /// accepts without counting.
    pub fn run(&mut self, table: TableName, hook: Hook, pkt: &NfPacket, env: &mut NfEnv) -> NfResult {
        match self.tables.get_mut(&table) {
            Some(t) => t.run(hook, pkt, env),
            None => NfResult::pass(pkt),
        }
    }

    /// Whether `run` would do nothing at all: the table is not loaded (or
    /// has no chain at this hook).  A loaded table is never empty, because
    /// iptables-legacy counts every packet that reaches a built-in chain's
    /// policy, rules or not (the seed's listings show it).
    pub fn is_empty(&self, table: TableName, hook: Hook) -> bool {
        self.tables.get(&table).is_none_or(|t| !t.name.hooks().contains(&hook))
    }

    /// Whether a rule needs connection tracking (a conntrack/state or
    /// connmark match, a NAT or CONNMARK target): conntrack's hooks run in a
    /// namespace only then (`nf_ct_netns_get`).
    pub fn uses_conntrack(&self) -> bool {
        self.uses_conntrack
    }

    fn rules_use_conntrack(&self) -> bool {
        self.tables
            .values()
            .any(|t| t.builtin.iter().map(|(_, c)| c).chain(t.user.values()).any(|c| c.rules.iter().any(|e| Self::rule_uses_conntrack(&e.rule))))
    }

    /// Whether this rule alone needs connection tracking.
    fn rule_uses_conntrack(rule: &rule::Rule) -> bool {
        rule.matches.iter().any(|m| matches!(m, matches::Match::Conntrack(_) | matches::Match::Connmark(_)))
            || matches!(
                rule.target,
                targets::Target::Dnat(_)
                    | targets::Target::Snat(_)
                    | targets::Target::Masquerade(_)
                    | targets::Target::Redirect(_)
                    | targets::Target::Connmark(_)
            )
    }

    /// Provenance: mark the rules the command that just ran added (those
    /// with no origin yet) as added by `origin`. Run
    /// [`Netfilter::seal_origins`] before the command, so that older rules
    /// of unknown origin are not taken for new ones.
    pub fn stamp_origin(&mut self, origin: &std::sync::Arc<str>) {
        self.for_each_unstamped(|e| e.origin = Some(origin.clone()));
    }

    /// Give rules of unknown origin an empty one (listed as unknown).
    pub fn seal_origins(&mut self) {
        let unknown: std::sync::Arc<str> = std::sync::Arc::from("");
        self.for_each_unstamped(|e| e.origin = Some(unknown.clone()));
    }

    fn for_each_unstamped(&mut self, mut f: impl FnMut(&mut table::Entry)) {
        for t in self.tables.values_mut() {
            for c in t.builtin.iter_mut().map(|(_, c)| c).chain(t.user.values_mut()) {
                for e in c.rules.iter_mut().filter(|e| e.origin.is_none()) {
                    f(e);
                }
            }
        }
    }

    /// Every rule in `iptables -S` form with its table and origin, tables
    /// in load order, chains as `iptables -S` lists them.
    pub fn rules_with_origin(&self) -> Vec<(TableName, String, Option<std::sync::Arc<str>>)> {
        let mut v = Vec::new();
        for name in &self.load_order {
            let Some(t) = self.tables.get(name) else { continue };
            for c in t.builtin.iter().map(|(_, c)| c).chain(t.user.values()) {
                for e in &c.rules {
                    let origin = e.origin.clone().filter(|o| !o.is_empty());
                    v.push((*name, e.rule.save_line(&c.name, rule::SaveCounters::None), origin));
                }
            }
        }
        v
    }

    /// Whether a tool has instantiated `table` in this namespace.
    pub fn is_loaded(&self, table: TableName) -> bool {
        self.tables.contains_key(&table)
    }

    /// Drain the kernel log lines (`dmesg`) left by refused table loads.
    pub fn take_kernel_log(&mut self) -> Vec<String> {
        std::mem::take(&mut self.kernel_log)
    }

    /// The table, instantiating it on first use.
    fn load(&mut self, name: TableName) -> &mut Table {
        if !self.load_order.contains(&name) {
            self.load_order.push(name);
        }
        self.tables.entry(name).or_insert_with(|| Table::new(name))
    }

    /// A copy of the table to edit (instantiating it).
    fn snapshot(&mut self, name: TableName) -> Table {
        self.load(name).clone()
    }

    /// Load an edited table the way the kernel does: refuse it if a check
    /// fails, else swap it in.
    fn commit(&mut self, mut t: Table) -> Result<(), error::Errno> {
        t.validate(&mut self.kernel_log)?;
        t.finish_commit();
        self.tables.insert(t.name, t);
        self.uses_conntrack = self.rules_use_conntrack();
        Ok(())
    }
}
