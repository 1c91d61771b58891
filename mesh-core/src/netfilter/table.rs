//! One table (`raw`, `mangle`, `nat`, `filter`) of one namespace: its
//! chains, rules and counters; the libiptc-style edit operations the tools
//! use; the checks the kernel runs when a new table is loaded; and
//! `ipt_do_table`, the rule walk for a packet.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use super::error::Errno;
use super::log;
use super::matches::{self, MatchState, Outcome, hook_bit};
use super::packet::Ipv4;
use super::rule::{Rule, SaveCounters, addr_spec, iface_matches};
use super::targets::{self, ConnmarkMode, Target};
use super::{EvalCtx, NatTarget, NfEnv, NfPacket, NfResult, NfVerdict, RuleStep, TableName};
use crate::net::{CtState, Hook};

/// Packet and byte counters (bytes at layer 3).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Counters {
    pub packets: u64,
    pub bytes: u64,
}

impl Counters {
    fn add(&mut self, bytes: usize) {
        self.packets = self.packets.wrapping_add(1);
        self.bytes = self.bytes.wrapping_add(bytes as u64);
    }
}

/// A built-in chain's policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Policy {
    Accept,
    Drop,
}

impl Policy {
    pub(super) fn name(self) -> &'static str {
        match self {
            Policy::Accept => "ACCEPT",
            Policy::Drop => "DROP",
        }
    }
}

/// The policy of a built-in chain with its counters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct BuiltinPolicy {
    pub policy: Policy,
    pub counters: Counters,
    /// Counters given explicitly in this transaction (`-P … -c`, or
    /// iptables-restore `-c`); see [`Table::finish_commit`].
    pub counters_set: bool,
}

/// A rule in a chain, with its counters and match state.
#[derive(Clone, Debug)]
pub(super) struct Entry {
    pub rule: Rule,
    pub counters: Counters,
    pub state: Vec<MatchState>,
    /// The command that added the rule (provenance), stamped after it ran.
    pub origin: Option<std::sync::Arc<str>>,
}

impl Entry {
    pub(super) fn new(rule: Rule, counters: Counters) -> Entry {
        let state = rule.matches.iter().map(MatchState::initial).collect();
        Entry { rule, counters, state, origin: None }
    }
}

/// A chain: built-in (with a policy) or user-defined.
#[derive(Clone, Debug)]
pub(super) struct Chain {
    pub name: String,
    pub policy: Option<BuiltinPolicy>,
    /// Edit through [`Chain::rules_mut`], which drops the stale
    /// [`Chain::prefilter`].
    pub rules: Vec<Entry>,
    /// One [`Prefilter`] per rule, rebuilt by the walk when it is out of
    /// date (emptied by every edit).
    prefilter: Vec<Prefilter>,
}

impl Chain {
    fn new(name: String, policy: Option<BuiltinPolicy>) -> Chain {
        Chain { name, policy, rules: Vec::new(), prefilter: Vec::new() }
    }

    /// The rules, for an edit that adds, removes or changes one.
    pub(super) fn rules_mut(&mut self) -> &mut Vec<Entry> {
        self.prefilter.clear();
        &mut self.rules
    }

    /// Rebuild the prefilter of every rule if an edit emptied it.
    fn refresh_prefilter(&mut self) {
        if self.prefilter.len() != self.rules.len() {
            self.prefilter = self.rules.iter().map(|e| Prefilter::of(&e.rule)).collect();
        }
    }
}

/// The few fields of a packet a [`Prefilter`] compares, read once per
/// table run.
struct PacketKey {
    src: u32,
    dst: u32,
    proto: u8,
    /// Source and destination port when `-m tcp` would read them (not a
    /// later fragment, a whole 20-byte TCP header).
    tcp_ports: Option<(u16, u16)>,
    /// The same for `-m udp` (a whole 8-byte UDP header).
    udp_ports: Option<(u16, u16)>,
}

impl PacketKey {
    fn of(ip: &Ipv4) -> PacketKey {
        let whole = ip.frag_offset() == 0;
        let ports = ip.ports();
        PacketKey {
            src: u32::from(ip.src()),
            dst: u32::from(ip.dst()),
            proto: ip.protocol(),
            tcp_ports: ports.filter(|_| whole && ip.tcp().is_some()),
            udp_ports: ports.filter(|_| whole && ip.payload().len() >= 8),
        }
    }
}

/// Which transport match a rule starts with, for its port check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PortMatch {
    None,
    Tcp,
    Udp,
}

/// A compact copy of the criteria that make most rules miss (addresses,
/// protocol, and the ports of a leading `-m tcp`/`-m udp`), laid out
/// contiguously so a walk past thousands of rules that cannot match reads
/// a few bytes each. It only ever says "this rule certainly does not
/// match, and evaluating it would change nothing" (the IP part fails, or
/// the first match fails on a port before reading anything else); every
/// other rule takes the full path, so the verdict, counters and match
/// state are those of the full walk.
#[derive(Clone, Copy, Debug)]
struct Prefilter {
    src: u32,
    src_mask: u32,
    dst: u32,
    dst_mask: u32,
    sport: (u16, u16),
    dport: (u16, u16),
    proto: u8,
    inv_src: bool,
    inv_dst: bool,
    inv_proto: bool,
    inv_sport: bool,
    inv_dport: bool,
    ports: PortMatch,
}

impl Prefilter {
    fn of(r: &Rule) -> Prefilter {
        let m = &r.ip;
        let (ports, range) = match r.matches.first() {
            Some(matches::Match::Tcp(t)) => (PortMatch::Tcp, t.ports),
            Some(matches::Match::Udp(p)) => (PortMatch::Udp, *p),
            _ => (PortMatch::None, matches::Ports::default()),
        };
        Prefilter {
            src: u32::from(m.src),
            src_mask: m.src_mask,
            dst: u32::from(m.dst),
            dst_mask: m.dst_mask,
            sport: (range.src.lo, range.src.hi),
            dport: (range.dst.lo, range.dst.hi),
            proto: m.proto,
            inv_src: m.inv_src,
            inv_dst: m.inv_dst,
            inv_proto: m.inv_proto,
            inv_sport: range.src.invert,
            inv_dport: range.dst.invert,
            ports,
        }
    }

    /// True when the rule certainly does not match `k` (see the type).
    #[inline]
    fn rejects(&self, k: &PacketKey) -> bool {
        if ((k.src & self.src_mask) == self.src) == self.inv_src || ((k.dst & self.dst_mask) == self.dst) == self.inv_dst {
            return true;
        }
        if self.proto != 0 && (k.proto == self.proto) == self.inv_proto {
            return true;
        }
        let ports = match self.ports {
            PortMatch::None => return false,
            PortMatch::Tcp => k.tcp_ports,
            PortMatch::Udp => k.udp_ports,
        };
        let Some((sp, dp)) = ports else {
            return false;
        };
        let within = |p: u16, (lo, hi): (u16, u16)| p >= lo && p <= hi;
        within(sp, self.sport) == self.inv_sport || within(dp, self.dport) == self.inv_dport
    }
}

/// A table: its built-in chains in hook order, then its user chains sorted
/// by name (the order libiptc lists them in).
#[derive(Clone, Debug)]
pub(super) struct Table {
    pub name: TableName,
    pub builtin: Vec<(Hook, Chain)>,
    pub user: BTreeMap<String, Chain>,
}

impl Table {
    pub(super) fn new(name: TableName) -> Table {
        let builtin = name
            .hooks()
            .iter()
            .map(|h| {
                (*h, Chain::new(h.chain_name().to_string(), Some(BuiltinPolicy { policy: Policy::Accept, counters: Counters::default(), counters_set: false })))
            })
            .collect();
        Table { name, builtin, user: BTreeMap::new() }
    }

    /// Every chain in listing order.
    pub(super) fn chains(&self) -> impl Iterator<Item = &Chain> {
        self.builtin.iter().map(|(_, c)| c).chain(self.user.values())
    }

    pub(super) fn chain(&self, name: &str) -> Option<&Chain> {
        self.builtin.iter().map(|(_, c)| c).find(|c| c.name == name).or_else(|| self.user.get(name))
    }

    pub(super) fn chain_mut(&mut self, name: &str) -> Option<&mut Chain> {
        if let Some(i) = self.builtin.iter().position(|(_, c)| c.name == name) {
            return Some(&mut self.builtin[i].1);
        }
        self.user.get_mut(name)
    }

    pub(super) fn is_builtin(&self, name: &str) -> bool {
        self.builtin.iter().any(|(_, c)| c.name == name)
    }

    fn builtin_for(&self, hook: Hook) -> Option<&Chain> {
        self.builtin.iter().find(|(h, _)| *h == hook).map(|(_, c)| c)
    }

    /// How many rules jump or go to `name`.
    pub(super) fn references(&self, name: &str) -> usize {
        self.chains().flat_map(|c| c.rules.iter()).filter(|e| matches!(&e.rule.target, Target::Jump(t) | Target::Goto(t) if t == name)).count()
    }

    // ------------------------------------------------------------ editing

    fn rules_mut(&mut self, chain: &str) -> Result<&mut Vec<Entry>, Errno> {
        self.chain_mut(chain).map(Chain::rules_mut).ok_or(Errno::NoChain)
    }

    pub(super) fn append(&mut self, chain: &str, e: Entry) -> Result<(), Errno> {
        self.rules_mut(chain)?.push(e);
        Ok(())
    }

    /// Insert before rule `idx` (0-based); `idx == len` appends.
    pub(super) fn insert(&mut self, chain: &str, idx: usize, e: Entry) -> Result<(), Errno> {
        let rules = self.rules_mut(chain)?;
        if idx > rules.len() {
            return Err(Errno::IndexInsert);
        }
        rules.insert(idx, e);
        Ok(())
    }

    pub(super) fn replace(&mut self, chain: &str, idx: usize, e: Entry) -> Result<(), Errno> {
        let rules = self.rules_mut(chain)?;
        let slot = rules.get_mut(idx).ok_or(Errno::IndexReplace)?;
        *slot = e;
        Ok(())
    }

    pub(super) fn delete_num(&mut self, chain: &str, idx: usize) -> Result<(), Errno> {
        let rules = self.rules_mut(chain)?;
        if idx >= rules.len() {
            return Err(Errno::IndexDelete);
        }
        rules.remove(idx);
        Ok(())
    }

    /// The first rule equal to `rule` (counters are not compared).
    pub(super) fn find(&self, chain: &str, rule: &Rule) -> Result<usize, Errno> {
        // What iptables reports for a missing rule depends on its target:
        // a verdict (or none) gives "Bad rule", a chain or an extension
        // target gives ENOENT's generic text (observed on iptables-legacy).
        let not_found = match rule.target {
            Target::None | Target::Accept | Target::Drop | Target::Return => Errno::BadRule,
            _ => Errno::NoChain,
        };
        let c = self.chain(chain).ok_or(Errno::BadRule)?;
        c.rules.iter().position(|e| e.rule == *rule).ok_or(not_found)
    }

    pub(super) fn flush(&mut self, chain: &str) -> Result<(), Errno> {
        self.rules_mut(chain)?.clear();
        Ok(())
    }

    pub(super) fn zero(&mut self, chain: &str) -> Result<(), Errno> {
        let c = self.chain_mut(chain).ok_or(Errno::NoChain)?;
        for e in &mut c.rules {
            e.counters = Counters::default();
        }
        if let Some(p) = &mut c.policy {
            p.counters = Counters::default();
        }
        Ok(())
    }

    /// Zero rule `num` (1-based).
    pub(super) fn zero_num(&mut self, chain: &str, num: usize) -> Result<(), Errno> {
        let rules = self.rules_mut(chain)?;
        let e = num.checked_sub(1).and_then(|i| rules.get_mut(i)).ok_or(Errno::IndexCounter)?;
        e.counters = Counters::default();
        Ok(())
    }

    pub(super) fn create_chain(&mut self, name: &str) -> Result<(), Errno> {
        if self.chain(name).is_some() || matches!(name, "ACCEPT" | "DROP" | "QUEUE" | "RETURN") {
            return Err(Errno::ChainExists);
        }
        if name.len() > 31 {
            return Err(Errno::Invalid);
        }
        self.user.insert(name.to_string(), Chain::new(name.to_string(), None));
        Ok(())
    }

    pub(super) fn delete_chain(&mut self, name: &str) -> Result<(), Errno> {
        if self.chain(name).is_none() {
            return Err(Errno::NoChain);
        }
        if self.is_builtin(name) {
            return Err(Errno::Invalid);
        }
        if self.references(name) > 0 {
            return Err(Errno::TooManyLinks);
        }
        if self.user.get(name).is_some_and(|c| !c.rules.is_empty()) {
            return Err(Errno::NotEmpty);
        }
        self.user.remove(name);
        Ok(())
    }

    /// Rename a user chain, moving every reference to it.
    pub(super) fn rename_chain(&mut self, old: &str, new: &str) -> Result<(), Errno> {
        if self.chain(new).is_some() || matches!(new, "ACCEPT" | "DROP" | "QUEUE" | "RETURN") {
            return Err(Errno::FileExists);
        }
        if self.chain(old).is_none() || self.is_builtin(old) {
            return Err(Errno::NoChain);
        }
        if new.len() > 31 {
            return Err(Errno::Invalid);
        }
        let Some(mut c) = self.user.remove(old) else {
            return Err(Errno::NoChain);
        };
        c.name = new.to_string();
        self.user.insert(new.to_string(), c);
        for chain in self.builtin.iter_mut().map(|(_, c)| c).chain(self.user.values_mut()) {
            for e in &mut chain.rules {
                if let Target::Jump(t) | Target::Goto(t) = &mut e.rule.target
                    && t == old
                {
                    *t = new.to_string();
                }
            }
        }
        Ok(())
    }

    pub(super) fn set_policy(&mut self, chain: &str, policy: &str, counters: Option<Counters>) -> Result<(), Errno> {
        let c = self.chain_mut(chain).ok_or(Errno::BadBuiltin)?;
        let p = c.policy.as_mut().ok_or(Errno::BadBuiltin)?;
        p.policy = match policy {
            "ACCEPT" => Policy::Accept,
            "DROP" => Policy::Drop,
            _ => return Err(Errno::BadPolicy),
        };
        // libiptc maps a policy set without counters to "no counters".
        p.counters = counters.unwrap_or_default();
        p.counters_set = true;
        Ok(())
    }

    // ------------------------------------------------------------ loading

    /// The checks `translate_table` runs before the kernel swaps in a new
    /// table: jump loops reachable from a built-in chain (`ELOOP`), then every
    /// rule's match and target `checkentry` with the set of hooks the rule is
    /// reachable from (`EINVAL`, explained in the kernel log).
    pub(super) fn validate(&self, dmesg: &mut Vec<String>) -> Result<(), Errno> {
        let mut hooks_of: BTreeMap<(String, usize), u8> = BTreeMap::new();
        for (hook, chain) in &self.builtin {
            let mut visited = BTreeSet::new();
            let mut on_path = Vec::new();
            self.mark(&chain.name, *hook, &mut on_path, &mut visited, &mut hooks_of)?;
        }
        for c in self.chains() {
            for (i, e) in c.rules.iter().enumerate() {
                let hooks = hooks_of.get(&(c.name.clone(), i)).copied().unwrap_or(0);
                let ip = &e.rule.ip;
                for m in &e.rule.matches {
                    matches::kernel_check(m, ip.proto, ip.inv_proto, hooks, dmesg)?;
                }
                targets::kernel_check(&e.rule.target, self.name, hooks, ip.proto, ip.inv_proto, dmesg)?;
            }
        }
        Ok(())
    }

    /// `mark_source_chains`: walk the chain as the kernel does, recording
    /// which hooks reach each rule.  An unconditional ACCEPT/DROP/RETURN ends
    /// the walk of a chain (later rules are unreachable), a rule already
    /// visited from this hook is not walked again, and jumping into a chain
    /// that is on the current path is a loop.
    fn mark(
        &self,
        chain: &str,
        hook: Hook,
        on_path: &mut Vec<String>,
        visited: &mut BTreeSet<(String, usize)>,
        hooks_of: &mut BTreeMap<(String, usize), u8>,
    ) -> Result<(), Errno> {
        if on_path.iter().any(|c| c == chain) {
            return Err(Errno::Loop);
        }
        let Some(c) = self.chain(chain) else {
            return Ok(());
        };
        on_path.push(chain.to_string());
        for (i, e) in c.rules.iter().enumerate() {
            let key = (chain.to_string(), i);
            if !visited.insert(key.clone()) {
                break;
            }
            *hooks_of.entry(key).or_insert(0) |= hook_bit(hook);
            if is_unconditional(&e.rule) && matches!(e.rule.target, Target::Accept | Target::Drop | Target::Return) {
                break;
            }
            if let Target::Jump(t) | Target::Goto(t) = &e.rule.target {
                self.mark(t, hook, on_path, visited, hooks_of)?;
            }
        }
        on_path.pop();
        Ok(())
    }

    /// Bookkeeping of a successful load: libiptc maps the built-in chains'
    /// policy counters as "zeroed" on every commit, so each change to a table
    /// resets them (unless given explicitly); and every match's private
    /// state is reallocated (a `-m statistic --mode nth` counter starts over).
    pub(super) fn finish_commit(&mut self) {
        for (_, c) in &mut self.builtin {
            if let Some(p) = &mut c.policy {
                if !p.counters_set {
                    p.counters = Counters::default();
                }
                p.counters_set = false;
            }
        }
        for c in self.builtin.iter_mut().map(|(_, c)| c).chain(self.user.values_mut()) {
            for e in &mut c.rules {
                e.state = e.rule.matches.iter().map(MatchState::initial).collect();
            }
        }
    }
}

/// A rule with no condition at all (the kernel's `unconditional()`).
fn is_unconditional(r: &Rule) -> bool {
    r.matches.is_empty() && r.ip == super::rule::IpMatch::default()
}

/// The criterion of a rule's IP part that failed a packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum IpMiss {
    Src,
    Dst,
    InIface,
    OutIface,
    Proto,
    Frag,
}

impl IpMiss {
    /// The criterion in `-S` form (`-d 10.0.0.2/32`, `! -i docker0`).
    fn describe(self, r: &Rule) -> String {
        let m = &r.ip;
        match self {
            IpMiss::Src => Rule::describe_ip_part('s', &addr_spec(m.src, m.src_mask), m.inv_src),
            IpMiss::Dst => Rule::describe_ip_part('d', &addr_spec(m.dst, m.dst_mask), m.inv_dst),
            IpMiss::InIface => Rule::describe_ip_part('i', &m.in_iface, m.inv_in),
            IpMiss::OutIface => Rule::describe_ip_part('o', &m.out_iface, m.inv_out),
            IpMiss::Proto => {
                let name = super::names::protocol_name(m.proto, false).map_or_else(|| m.proto.to_string(), str::to_string);
                Rule::describe_ip_part('p', &name, m.inv_proto)
            }
            IpMiss::Frag => (if m.inv_frag { "! -f" } else { "-f" }).to_string(),
        }
    }
}

/// Whether the IP part of a rule fails, and where (`ip_packet_match`).
fn ip_part_fails(r: &Rule, ip: &Ipv4, pkt: &NfPacket) -> Option<IpMiss> {
    let m = &r.ip;
    let addr_ok = |a: std::net::Ipv4Addr, want: std::net::Ipv4Addr, mask: u32, inv: bool| ((u32::from(a) & mask) == u32::from(want)) != inv;
    if !addr_ok(ip.src(), m.src, m.src_mask, m.inv_src) {
        return Some(IpMiss::Src);
    }
    if !addr_ok(ip.dst(), m.dst, m.dst_mask, m.inv_dst) {
        return Some(IpMiss::Dst);
    }
    if iface_matches(&m.in_iface, pkt.in_dev) == m.inv_in {
        return Some(IpMiss::InIface);
    }
    if iface_matches(&m.out_iface, pkt.out_dev) == m.inv_out {
        return Some(IpMiss::OutIface);
    }
    if m.proto != 0 && (ip.protocol() == m.proto) == m.inv_proto {
        return Some(IpMiss::Proto);
    }
    if m.frag && (ip.frag_offset() != 0) == m.inv_frag {
        return Some(IpMiss::Frag);
    }
    None
}

/// Where the walk is: a chain and a rule index in it. A built-in chain's
/// name is its hook's (they cannot be renamed), so walking one copies no
/// name.
struct Frame {
    chain: Cow<'static, str>,
    idx: usize,
}

/// Where a chain's walk goes next.
enum Next {
    /// The verdict is decided: the walk ends.
    Done,
    /// Continue at another place (a jump, goto or RETURN).
    To(Frame),
}

impl Table {
    /// `ipt_do_table`: run the built-in chain of `hook` on a packet.
    ///
    /// The walk costs a few comparisons per rule that does not match: a
    /// rule's explanation (its `-S` form, the criterion that failed, the
    /// target's text) is only built when [`NfEnv::trace`] asks for it.
    pub(super) fn run(&mut self, hook: Hook, pkt: &NfPacket, env: &mut NfEnv) -> NfResult {
        let mut res = NfResult::pass(pkt);
        if self.builtin_for(hook).is_none() {
            return res;
        }
        let start = hook.chain_name();
        let Some(ip) = Ipv4::parse(pkt.l3) else {
            res.verdict = NfVerdict::Drop;
            return res;
        };
        let len = ip.len();
        let key = PacketKey::of(&ip);
        let table = self.name;
        let tracing = env.trace;
        let mut cx = EvalCtx {
            pkt,
            env,
            mark: pkt.mark,
            ct_mark: pkt.ct.as_ref().filter(|c| !matches!(c.state, CtState::Invalid | CtState::Untracked)).map(|c| c.mark),
        };
        let mut stack: Vec<Frame> = Vec::new();
        let mut here = Frame { chain: Cow::Borrowed(start), idx: 0 };
        // Each chain can be entered at most once per path (the kernel
        // rejects loops), so the stack never exceeds the number of chains;
        // the bound keeps a corrupted table from looping forever.
        let max_depth = self.user.len() + 1;
        let mut steps = 0usize;
        loop {
            let Some(chain) = self.chain_mut(&here.chain) else {
                res.verdict = NfVerdict::Drop;
                break;
            };
            let mut next = None;
            if !tracing {
                chain.refresh_prefilter();
            }
            loop {
                if !tracing {
                    // Skip the rules that certainly miss, a few compares
                    // each; a trace explains every rule, so it takes the
                    // full path.
                    while let Some(p) = chain.prefilter.get(here.idx)
                        && p.rejects(&key)
                    {
                        here.idx += 1;
                        steps += 1;
                    }
                }
                let Some(entry) = chain.rules.get_mut(here.idx) else {
                    break;
                };
                steps += 1;
                let num = here.idx + 1;
                let spec = |e: &Entry| e.rule.save_line(&here.chain, SaveCounters::None);
                let skip = |e: &Entry, failed_at: String| RuleStep {
                    table,
                    chain: here.chain.to_string(),
                    rule_num: num,
                    spec: spec(e),
                    matched: false,
                    failed_at: Some(failed_at),
                    outcome: "continue".into(),
                };
                if let Some(miss) = ip_part_fails(&entry.rule, &ip, pkt) {
                    if tracing {
                        res.walk.push(skip(entry, miss.describe(&entry.rule)));
                    }
                    here.idx += 1;
                    continue;
                }
                let mut verdict = Outcome::Match;
                let mut failed_match = None;
                for (m, st) in entry.rule.matches.iter().zip(entry.state.iter_mut()) {
                    verdict = m.eval(st, &ip, &mut cx);
                    if !matches!(verdict, Outcome::Match) {
                        failed_match = Some(m);
                        break;
                    }
                }
                match (verdict, failed_match) {
                    (Outcome::NoMatch(miss), Some(m)) => {
                        if tracing {
                            res.walk.push(skip(entry, miss.describe(m)));
                        }
                        here.idx += 1;
                        continue;
                    }
                    (Outcome::Hotdrop(why), _) => {
                        if tracing {
                            res.walk.push(RuleStep {
                                table,
                                chain: here.chain.to_string(),
                                rule_num: num,
                                spec: spec(entry),
                                matched: false,
                                failed_at: Some(why.to_string()),
                                outcome: format!("DROP (hotdrop: {why})"),
                            });
                        }
                        res.verdict = NfVerdict::Drop;
                        next = Some(Next::Done);
                        break;
                    }
                    _ => {}
                }
                entry.counters.add(len);
                if res.nf_trace {
                    let standard_end = is_unconditional(&entry.rule) && matches!(entry.rule.target, Target::Accept | Target::Drop | Target::Return);
                    let comment = match (standard_end, here.chain == start) {
                        (false, _) => "rule",
                        (true, true) => "policy",
                        (true, false) => "return",
                    };
                    res.trace_lines.push(log::trace_line(table, &here.chain, comment, num, &ip, pkt, cx.mark));
                }
                let target = &entry.rule.target;
                let step = match target {
                    Target::None => None,
                    Target::Accept => {
                        res.verdict = NfVerdict::Accept;
                        Some(Next::Done)
                    }
                    Target::Drop => {
                        res.verdict = NfVerdict::Drop;
                        Some(Next::Done)
                    }
                    Target::Return => Some(Next::To(pop(&mut stack, start))),
                    Target::Jump(c) => {
                        if stack.len() >= max_depth || steps > 100_000 {
                            res.verdict = NfVerdict::Drop;
                            Some(Next::Done)
                        } else {
                            stack.push(Frame { chain: here.chain.clone(), idx: here.idx });
                            Some(Next::To(Frame { chain: Cow::Owned(c.clone()), idx: 0 }))
                        }
                    }
                    Target::Goto(c) => {
                        if steps > 100_000 {
                            res.verdict = NfVerdict::Drop;
                            Some(Next::Done)
                        } else {
                            Some(Next::To(Frame { chain: Cow::Owned(c.clone()), idx: 0 }))
                        }
                    }
                    Target::Reject(w) => {
                        res.verdict = NfVerdict::Reject(*w);
                        Some(Next::Done)
                    }
                    Target::Dnat(r) => {
                        res.verdict = NfVerdict::Nat(NatTarget::Dnat(*r));
                        Some(Next::Done)
                    }
                    Target::Snat(r) => {
                        res.verdict = NfVerdict::Nat(NatTarget::Snat(*r));
                        Some(Next::Done)
                    }
                    Target::Masquerade(r) => {
                        res.verdict = NfVerdict::Nat(NatTarget::Masquerade(*r));
                        Some(Next::Done)
                    }
                    Target::Redirect(r) => {
                        res.verdict = NfVerdict::Nat(NatTarget::Redirect(*r));
                        Some(Next::Done)
                    }
                    Target::Mark { value, mask } => {
                        cx.mark = (cx.mark & !mask) ^ value;
                        None
                    }
                    Target::Connmark(cm) => {
                        if let Some(ctm) = cx.ct_mark {
                            match cm.mode {
                                ConnmarkMode::Set => cx.ct_mark = Some((ctm & !cm.ctmask) ^ cm.ctmark),
                                ConnmarkMode::Save => cx.ct_mark = Some((ctm & !cm.ctmask) ^ (cx.mark & cm.nfmask)),
                                ConnmarkMode::Restore => cx.mark = (cx.mark & !cm.nfmask) ^ (ctm & cm.ctmask),
                            }
                        }
                        None
                    }
                    Target::Log(l) => {
                        res.log.push(log::log_line(l, &ip, pkt, cx.mark));
                        None
                    }
                    Target::Trace => {
                        res.nf_trace = true;
                        None
                    }
                    Target::Ct { notrack } => {
                        if *notrack {
                            res.notrack = true;
                        }
                        None
                    }
                    Target::Notrack => {
                        res.notrack = true;
                        None
                    }
                };
                if tracing {
                    let outcome = outcome_text(target);
                    res.walk.push(RuleStep { table, chain: here.chain.to_string(), rule_num: num, spec: spec(entry), matched: true, failed_at: None, outcome });
                }
                if step.is_some() {
                    next = step;
                    break;
                }
                here.idx += 1;
            }
            match next {
                Some(Next::Done) => break,
                Some(Next::To(f)) => {
                    here = f;
                    continue;
                }
                None => {}
            }
            // Off the end of the chain.
            steps += 1;
            let n = chain.rules.len() + 1;
            if let Some(p) = &mut chain.policy {
                // The policy entry at the chain's foot.
                p.counters.add(len);
                let policy = p.policy;
                if res.nf_trace {
                    res.trace_lines.push(log::trace_line(table, &here.chain, "policy", n, &ip, pkt, cx.mark));
                }
                if tracing {
                    res.walk.push(RuleStep {
                        table,
                        chain: here.chain.to_string(),
                        rule_num: 0,
                        spec: format!("-P {} {}", here.chain, policy.name()),
                        matched: true,
                        failed_at: None,
                        outcome: policy.name().to_string(),
                    });
                }
                res.verdict = match policy {
                    Policy::Accept => NfVerdict::Accept,
                    Policy::Drop => NfVerdict::Drop,
                };
                break;
            }
            // The implicit RETURN at the end of a user chain.
            if res.nf_trace {
                res.trace_lines.push(log::trace_line(table, &here.chain, "return", n, &ip, pkt, cx.mark));
            }
            if tracing {
                res.walk.push(RuleStep {
                    table,
                    chain: here.chain.to_string(),
                    rule_num: 0,
                    spec: format!("(end of {})", here.chain),
                    matched: true,
                    failed_at: None,
                    outcome: "RETURN".into(),
                });
            }
            here = pop(&mut stack, start);
        }
        res.mark = cx.mark;
        if let (Some(before), Some(after)) = (pkt.ct.as_ref().map(|c| c.mark), cx.ct_mark)
            && before != after
        {
            res.ctmark = Some(after);
        }
        res
    }
}

/// What a matching rule's target did, for a trace: `continue`, `jump X`,
/// `goto X`, `RETURN`, `ACCEPT`, `DROP`, or the target's `-L` text
/// (`DNAT to:…`, `MARK set 0x10f`).
fn outcome_text(target: &Target) -> String {
    match target {
        Target::None => return "continue".into(),
        Target::Accept => return "ACCEPT".into(),
        Target::Drop => return "DROP".into(),
        Target::Return => return "RETURN".into(),
        Target::Jump(c) => return format!("jump {c}"),
        Target::Goto(c) => return format!("goto {c}"),
        _ => {}
    }
    let mut s = String::new();
    target.list(&mut s, false);
    let text = s.trim_start();
    let name = target.list_name();
    if text.starts_with(name) || text.is_empty() && name.is_empty() {
        text.to_string()
    } else if text.is_empty() {
        name.to_string()
    } else {
        format!("{name} {text}")
    }
}

/// RETURN: back to the rule after the last jump, or, with no jump to
/// return to (the built-in chain itself, or a chain reached only by
/// `-g`), to the built-in chain's policy.
fn pop(stack: &mut Vec<Frame>, start: &'static str) -> Frame {
    match stack.pop() {
        Some(f) => Frame { chain: f.chain, idx: f.idx + 1 },
        None => Frame { chain: Cow::Borrowed(start), idx: usize::MAX },
    }
}
