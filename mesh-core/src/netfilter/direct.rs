//! The Docker agent's direct way into a namespace's tables: the same
//! `iptables` argument lists libnetwork runs, applied to the live table
//! instead of a copy.
//!
//! The `iptables` tool ([`super::iptables`]) works as iptables-legacy
//! does: it takes a copy of the whole table, edits it, has the kernel check
//! the whole new table and swaps it in.  Correct, but every rule change then
//! costs as much as the table is long, and a node's ingress programming —
//! a few rules per published port — grows with the square of the number of
//! services.  [`Netfilter::iptables_direct`] carries out the commands the
//! agent issues by the thousand (`-A`, `-I`, `-D` of a rule, `-C`, `-L
//! CHAIN` as an existence test) in time independent of the table's length
//! (up to a walk of the jump graph), with the same outcome as the tool:
//!
//! - the arguments go through the iptables parser, so a rule is stored
//!   exactly as the tool would store it and lists identically;
//! - the table is instantiated on first use, as the tool does;
//! - a change has a replace's side effects ([`Table::finish_commit`]): the
//!   built-in chains' policy counters restart from zero and every rule's
//!   match state starts over;
//! - the kernel's load checks are run for the rule added, with a superset
//!   of the hooks that reach its chain (the checks only ever refuse a hook,
//!   so passing with more hooks means passing with the exact ones); adding
//!   a rule that is not a jump only ever narrows which hooks reach other
//!   rules, and the live table passed those checks when it was loaded;
//! - the rule added carries the given origin, as the tool's
//!   `seal_origins`/`stamp_origin` pair would leave it.
//!
//! Whatever could fail, print, or change which hooks reach other rules —
//! parse errors, `-v`, jumps and gotos added or deleted, an unconditional
//! verdict deleted, several addresses in one command, a missing chain or
//! rule, a check refusing the rule — is left to the tool
//! (`None`), which gives the real message and exit status and changes
//! nothing; a failing `-C` or `-L CHAIN` is answered here (`Some(false)`).
//!
//! Not done here: chain commands (`-N`, `-F`, `-X`, `-E`, `-P`, `-Z`),
//! `-R`, listings with their output, `iptables-restore`.

use std::sync::Arc;

use super::cmdline::{self, CMD_APPEND, CMD_CHECK, CMD_DELETE, CMD_INSERT, CMD_LIST, Cmd, Parsed};
use super::matches::{self, Match, MatchState, hook_bit};
use super::rule::{IpMatch, Rule};
use super::table::{Counters, Entry, Table};
use super::targets::{self, Target};
use super::{Netfilter, TableName};

impl Netfilter {
    /// Carry out `iptables ARGS…` (as root, `args` without the program
    /// name) directly on the live table when that gives what the tool would
    /// give with no output: `Some(true)` when it succeeded (rules added
    /// carry `origin`), `Some(false)` for a `-C` or `-L CHAIN` that fails
    /// (nothing changed). `None`: the command is left to the tool — nothing
    /// was changed, and [`super::iptables`] must run it.
    pub fn iptables_direct(&mut self, args: &[&str], origin: Option<&Arc<str>>) -> Option<bool> {
        let argv: Vec<String> = std::iter::once("iptables").chain(args.iter().copied()).map(str::to_string).collect();
        let Ok(Parsed::Command(cmd)) = cmdline::parse(&argv, false) else {
            return None;
        };
        let name = TableName::from_name(&cmd.table)?;
        if cmd.verbose {
            return None;
        }
        let chain = cmd.chain.clone()?;
        match cmd.command {
            CMD_LIST if cmd.rulenum == 0 => Some(self.load(name).chain(&chain).is_some()),
            CMD_CHECK => {
                let t = self.load(name);
                let rule = single_rule(t, &chain, &cmd, true)?;
                Some(t.find(&chain, &rule).is_ok())
            }
            CMD_APPEND | CMD_INSERT => {
                let t = self.load(name);
                let rule = single_rule(t, &chain, &cmd, false)?;
                let len = t.chain(&chain)?.rules.len();
                let at = if cmd.command == CMD_APPEND { len } else { cmd.rulenum.checked_sub(1).filter(|i| *i <= len)? };
                if !passes_load_checks(t, &chain, &rule) {
                    return None;
                }
                let counters = cmd.counters.map(|(packets, bytes)| Counters { packets, bytes }).unwrap_or_default();
                let needs_conntrack = Self::rule_uses_conntrack(&rule);
                let mut entry = Entry::new(rule, counters);
                entry.origin = origin.cloned();
                t.chain_mut(&chain)?.rules_mut().insert(at, entry);
                after_replace(t);
                self.uses_conntrack |= needs_conntrack;
                Some(true)
            }
            CMD_DELETE => {
                let t = self.load(name);
                let rule = single_rule(t, &chain, &cmd, false)?;
                let widens = is_unconditional(&rule) && matches!(rule.target, Target::Accept | Target::Drop | Target::Return);
                if widens {
                    return None;
                }
                let at = t.find(&chain, &rule).ok()?;
                let removed = t.chain_mut(&chain)?.rules_mut().remove(at);
                after_replace(t);
                if Self::rule_uses_conntrack(&removed.rule) {
                    self.uses_conntrack = self.rules_use_conntrack();
                }
                Some(true)
            }
            _ => None,
        }
    }
}

/// The one rule a rule command describes, its target resolved against the
/// table as the tool resolves it; None for what the tool must handle
/// (several addresses, `-o`/`-i` where the chain forbids them, a target
/// that is neither an extension nor a verdict — jumps and gotos only for a
/// check, which changes nothing).
fn single_rule(t: &Table, chain: &str, cmd: &Cmd, checking: bool) -> Option<Rule> {
    let [((src, src_mask), (dst, dst_mask))] = cmd.addrs.as_slice() else {
        return None;
    };
    let incoming = chain == "PREROUTING" || chain == "INPUT";
    let outgoing = chain == "POSTROUTING" || chain == "OUTPUT";
    if incoming && cmd.has_interface_out || outgoing && cmd.has_interface_in {
        return None;
    }
    let name = cmd.jumpto.as_str();
    let is_chain = !name.is_empty() && t.chain(name).is_some();
    let target = match &cmd.target {
        Some(target) if !is_chain || matches!(name, "ACCEPT" | "DROP" | "RETURN") => target.clone(),
        Some(_) => return None,
        None if name.is_empty() => Target::None,
        None if checking && is_chain && !t.is_builtin(name) => {
            if cmd.goto {
                Target::Goto(name.to_string())
            } else {
                Target::Jump(name.to_string())
            }
        }
        None => return None,
    };
    let ip = IpMatch { src: *src, src_mask: *src_mask, dst: *dst, dst_mask: *dst_mask, ..cmd.ip.clone() };
    Some(Rule { ip, matches: cmd.matches.clone(), target })
}

/// The kernel's `checkentry` of every match and of the target of `rule`,
/// placed in `chain`, with every hook that can reach that chain.
fn passes_load_checks(t: &Table, chain: &str, rule: &Rule) -> bool {
    let hooks = hooks_reaching(t, chain);
    let mut ignored_log = Vec::new();
    let ip = &rule.ip;
    rule.matches.iter().all(|m| matches::kernel_check(m, ip.proto, ip.inv_proto, hooks, &mut ignored_log).is_ok())
        && targets::kernel_check(&rule.target, t.name, hooks, ip.proto, ip.inv_proto, &mut ignored_log).is_ok()
}

/// The hooks whose built-in chain reaches `chain` through jumps and gotos
/// (a superset of the kernel's `mark_source_chains`, which also stops at
/// an unconditional verdict).
fn hooks_reaching(t: &Table, chain: &str) -> u8 {
    if let Some((hook, _)) = t.builtin.iter().find(|(_, c)| c.name == chain) {
        return hook_bit(*hook);
    }
    let mut hooks = 0;
    for (hook, builtin) in &t.builtin {
        let mut seen = Vec::new();
        if reaches(t, &builtin.name, chain, &mut seen) {
            hooks |= hook_bit(*hook);
        }
    }
    hooks
}

/// Whether a jump or goto path leads from chain `from` to chain `to`.
fn reaches<'t>(t: &'t Table, from: &str, to: &str, seen: &mut Vec<&'t str>) -> bool {
    let Some(c) = t.chain(from) else { return false };
    c.rules.iter().any(|e| match &e.rule.target {
        Target::Jump(next) | Target::Goto(next) => {
            if next == to {
                return true;
            }
            if seen.contains(&next.as_str()) {
                return false;
            }
            seen.push(next);
            reaches(t, next, to, seen)
        }
        _ => false,
    })
}

/// A rule with no condition at all (the kernel's `unconditional()`).
fn is_unconditional(r: &Rule) -> bool {
    r.matches.is_empty() && r.ip == IpMatch::default()
}

/// What loading the edited table does besides the edit (see
/// [`Table::finish_commit`]), without reallocating every rule's state.
fn after_replace(t: &mut Table) {
    for (_, c) in &mut t.builtin {
        if let Some(p) = &mut c.policy {
            if !p.counters_set {
                p.counters = Counters::default();
            }
            p.counters_set = false;
        }
    }
    // Only a statistic match keeps state (its nth counter); the others'
    // stays at the initial value, so only rules with one need a reset.
    for c in t.builtin.iter_mut().map(|(_, c)| c).chain(t.user.values_mut()) {
        for e in c.rules.iter_mut().filter(|e| e.rule.matches.iter().any(|m| matches!(m, Match::Statistic(_)))) {
            for (state, m) in e.state.iter_mut().zip(&e.rule.matches) {
                *state = MatchState::initial(m);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::super::{Netfilter, ToolEnv, iptables, iptables_save};

    fn env() -> ToolEnv {
        ToolEnv { date: "Fri Nov 17 09:10:00 2023".into(), root: true }
    }

    fn tool(nf: &mut Netfilter, args: &[&str], origin: Option<&Arc<str>>) -> bool {
        let argv: Vec<String> = std::iter::once("iptables").chain(args.iter().copied()).map(str::to_string).collect();
        nf.seal_origins();
        let ok = iptables(&argv, nf, &env()).success();
        if let Some(o) = origin {
            nf.stamp_origin(o);
        }
        ok
    }

    /// Everything a user can see of the tables: `iptables-save -c` and
    /// each rule's origin.
    fn visible(nf: &Netfilter) -> String {
        let mut copy = nf.clone();
        let save = iptables_save(&["iptables-save".to_string(), "-c".to_string()], &mut copy, &env()).stdout;
        let save: String = save.lines().filter(|l| !l.starts_with('#')).map(|l| format!("{l}\n")).collect();
        format!("{save}{:?}", nf.rules_with_origin())
    }

    /// Each command, run directly (falling back to the tool as the agent
    /// does) and through the tool alone, must leave the same tables and
    /// succeed alike; `direct` is what the direct path must answer.
    fn same_as_tool(script: &[(&[&str], Option<bool>)]) {
        let origin: Arc<str> = Arc::from("docker service create web");
        let mut direct = Netfilter::new();
        let mut reference = Netfilter::new();
        for (args, expected) in script {
            let answer = direct.iptables_direct(args, Some(&origin));
            assert_eq!(answer, *expected, "direct answer to {args:?}");
            let ok = match answer {
                Some(true) => true,
                _ => tool(&mut direct, args, Some(&origin)),
            };
            assert_eq!(ok, tool(&mut reference, args, Some(&origin)), "status of {args:?}");
            assert_eq!(visible(&direct), visible(&reference), "after {args:?}");
            assert_eq!(direct.uses_conntrack(), reference.uses_conntrack(), "whether conntrack is wanted after {args:?}");
        }
    }

    #[test]
    fn conntrack_is_wanted_while_a_direct_rule_needs_it() {
        let dnat: &[&str] = &["-t", "nat", "-A", "PREROUTING", "-p", "tcp", "--dport", "80", "-j", "DNAT", "--to-destination", "10.0.0.2"];
        let mut nf = Netfilter::new();
        assert_eq!(nf.iptables_direct(&["-t", "filter", "-A", "INPUT", "-p", "tcp", "-j", "ACCEPT"], None), Some(true));
        assert!(!nf.uses_conntrack());
        assert_eq!(nf.iptables_direct(dnat, None), Some(true));
        assert!(nf.uses_conntrack());
        let delete: Vec<&str> = dnat.iter().map(|a| if *a == "-A" { "-D" } else { a }).collect();
        assert_eq!(nf.iptables_direct(&delete, None), Some(true));
        assert!(!nf.uses_conntrack());
    }

    #[test]
    fn agent_rules_land_as_the_tool_puts_them() {
        same_as_tool(&[
            (&["-t", "nat", "-n", "-L", "DOCKER-INGRESS"], Some(false)),
            (&["-t", "nat", "-N", "DOCKER-INGRESS"], None),
            (&["-t", "nat", "-n", "-L", "DOCKER-INGRESS"], Some(true)),
            (&["-t", "nat", "-C", "DOCKER-INGRESS", "-j", "RETURN"], Some(false)),
            (&["-t", "nat", "-A", "DOCKER-INGRESS", "-j", "RETURN"], Some(true)),
            (&["-t", "nat", "-C", "DOCKER-INGRESS", "-j", "RETURN"], Some(true)),
            (&["-t", "nat", "-C", "PREROUTING", "-m", "addrtype", "--dst-type", "LOCAL", "-j", "DOCKER-INGRESS"], Some(false)),
            (&["-t", "nat", "-I", "PREROUTING", "-m", "addrtype", "--dst-type", "LOCAL", "-j", "DOCKER-INGRESS"], None),
            (&["-t", "nat", "-C", "PREROUTING", "-m", "addrtype", "--dst-type", "LOCAL", "-j", "DOCKER-INGRESS"], Some(true)),
            (&["-t", "nat", "-I", "DOCKER-INGRESS", "-p", "tcp", "--dport", "8080", "-j", "DNAT", "--to-destination", "172.18.0.2:8080"], Some(true)),
            (&["-t", "nat", "-I", "DOCKER-INGRESS", "-p", "tcp", "--dport", "8081", "-j", "DNAT", "--to-destination", "172.18.0.2:8081"], Some(true)),
            (&["-t", "nat", "-I", "DOCKER-INGRESS", "2", "-p", "udp", "--dport", "53", "-j", "DNAT", "--to-destination", "172.18.0.2"], Some(true)),
            (&["-t", "nat", "-I", "POSTROUTING", "-m", "addrtype", "--src-type", "LOCAL", "-o", "docker_gwbridge", "-j", "MASQUERADE"], Some(true)),
            (&["-t", "nat", "-D", "DOCKER-INGRESS", "-p", "tcp", "--dport", "8080", "-j", "DNAT", "--to-destination", "172.18.0.2:8080"], Some(true)),
            (&["-t", "mangle", "-A", "PREROUTING", "-p", "tcp", "--dport", "8080", "-j", "MARK", "--set-mark", "256"], Some(true)),
            (&["-t", "mangle", "-A", "INPUT", "-d", "10.0.0.2/32", "-j", "MARK", "--set-mark", "256"], Some(true)),
            (&["-I", "DOCKER-INGRESS", "-m", "state", "-p", "tcp", "--sport", "8080", "--state", "ESTABLISHED,RELATED", "-j", "ACCEPT"], None),
            (&["-N", "DOCKER-INGRESS"], None),
            (&["-A", "DOCKER-INGRESS", "-j", "RETURN"], Some(true)),
            (&["-I", "DOCKER-INGRESS", "-m", "state", "-p", "tcp", "--sport", "8080", "--state", "ESTABLISHED,RELATED", "-j", "ACCEPT"], Some(true)),
            (&["-I", "DOCKER-INGRESS", "-p", "tcp", "--dport", "8080", "-j", "ACCEPT"], Some(true)),
            (&["-C", "FORWARD", "-j", "DOCKER-INGRESS"], Some(false)),
            (&["-I", "FORWARD", "-j", "DOCKER-INGRESS"], None),
            (&["-C", "FORWARD", "-j", "DOCKER-INGRESS"], Some(true)),
        ]);
    }

    #[test]
    fn what_the_tool_must_answer_is_left_to_it() {
        same_as_tool(&[
            // A parse error, -v output, a missing chain, an out-of-range
            // insert, a rule that is not there.
            (&["-A", "INPUT", "--bogus"], None),
            (&["-v", "-A", "INPUT", "-j", "ACCEPT"], None),
            (&["-A", "NOPE", "-j", "ACCEPT"], None),
            (&["-I", "INPUT", "5", "-j", "ACCEPT"], None),
            (&["-D", "INPUT", "-p", "tcp", "--dport", "22", "-j", "ACCEPT"], None),
            // Several addresses, -o in INPUT, an unknown target.
            (&["-A", "INPUT", "-s", "10.0.0.1,10.0.0.2", "-j", "ACCEPT"], None),
            (&["-A", "INPUT", "-o", "eth0", "-j", "ACCEPT"], None),
            (&["-A", "INPUT", "-j", "NOSUCHTARGET"], None),
            // The kernel refuses a DNAT in a chain reached from POSTROUTING …
            (&["-t", "nat", "-N", "X"], None),
            (&["-t", "nat", "-A", "POSTROUTING", "-j", "X"], None),
            (&["-t", "nat", "-A", "X", "-p", "tcp", "-j", "DNAT", "--to-destination", "10.0.0.1"], None),
            // … and takes it in a chain reached from nowhere.
            (&["-t", "nat", "-N", "Y"], None),
            (&["-t", "nat", "-A", "Y", "-p", "tcp", "-j", "DNAT", "--to-destination", "10.0.0.1"], Some(true)),
            // Deleting an unconditional verdict would uncover the rules
            // after it; deleting a jump changes what the hooks reach.
            (&["-A", "INPUT", "-j", "ACCEPT"], Some(true)),
            (&["-D", "INPUT", "-j", "ACCEPT"], None),
            (&["-t", "nat", "-D", "POSTROUTING", "-j", "X"], None),
            // A check with a -o the chain does not allow is the tool's error.
            (&["-C", "INPUT", "-o", "eth0", "-j", "ACCEPT"], None),
        ]);
    }

    #[test]
    fn a_direct_change_resets_policy_counters_like_a_replace() {
        same_as_tool(&[
            (&["-P", "INPUT", "ACCEPT", "-c", "5", "300"], None),
            (&["-C", "INPUT", "-j", "ACCEPT"], Some(false)),
            (&["-A", "INPUT", "-p", "tcp", "--dport", "22", "-c", "7", "420", "-j", "ACCEPT"], Some(true)),
        ]);
    }

    #[test]
    fn rules_added_directly_carry_the_origin_and_the_old_ones_keep_theirs() {
        let first: Arc<str> = Arc::from("first");
        let second: Arc<str> = Arc::from("second");
        let mut nf = Netfilter::new();
        assert_eq!(nf.iptables_direct(&["-A", "INPUT", "-p", "tcp", "--dport", "1", "-j", "ACCEPT"], Some(&first)), Some(true));
        assert_eq!(nf.iptables_direct(&["-A", "INPUT", "-p", "tcp", "--dport", "2", "-j", "ACCEPT"], None), Some(true));
        assert_eq!(nf.iptables_direct(&["-I", "INPUT", "-p", "tcp", "--dport", "3", "-j", "ACCEPT"], Some(&second)), Some(true));
        let origins: Vec<(String, Option<String>)> = nf.rules_with_origin().into_iter().map(|(_, rule, o)| (rule, o.map(|o| o.to_string()))).collect();
        assert_eq!(
            origins,
            [
                ("-A INPUT -p tcp -m tcp --dport 3 -j ACCEPT".to_string(), Some("second".to_string())),
                ("-A INPUT -p tcp -m tcp --dport 1 -j ACCEPT".to_string(), Some("first".to_string())),
                ("-A INPUT -p tcp -m tcp --dport 2 -j ACCEPT".to_string(), None),
            ]
        );
    }

    #[test]
    fn a_direct_change_restarts_nth_counters_like_a_replace() {
        let mut nf = Netfilter::new();
        assert_eq!(
            nf.iptables_direct(&["-A", "INPUT", "-m", "statistic", "--mode", "nth", "--every", "2", "--packet", "0", "-j", "MARK", "--set-mark", "1"], None),
            Some(true)
        );
        // A UDP packet 192.168.56.1 → 192.168.56.11.
        let mut l3 = vec![0x45, 0, 0, 28, 0, 0, 0x40, 0, 64, 17, 0, 0, 192, 168, 56, 1, 192, 168, 56, 11];
        l3.extend_from_slice(&[0x30, 0x39, 0, 53, 0, 8, 0, 0]);
        let mark_of_next_packet = |nf: &mut Netfilter| {
            let pkt = crate::netfilter::NfPacket {
                l3: &l3,
                in_dev: None,
                out_dev: None,
                mac_header: None,
                mark: 0,
                ct: None,
                ipvs_property: false,
                ipvs_conn: None,
                nf_trace: false,
            };
            let mut rng = crate::rng::Rng::new(1, "direct-test");
            let mut env = crate::netfilter::NfEnv { addr_type: &|_, _| crate::netfilter::AddrType::Local, rng: &mut rng, trace: false };
            nf.run(crate::netfilter::TableName::Filter, crate::net::Hook::Input, &pkt, &mut env).mark
        };
        assert_eq!([mark_of_next_packet(&mut nf), mark_of_next_packet(&mut nf), mark_of_next_packet(&mut nf)], [1, 0, 1]);
        assert_eq!(nf.iptables_direct(&["-A", "FORWARD", "-j", "ACCEPT"], None), Some(true));
        assert_eq!(mark_of_next_packet(&mut nf), 1, "the counter starts over after a change, as after a replace");
    }
}
