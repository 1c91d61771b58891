//! `iptables`, `iptables-save` and `iptables-restore` (legacy backend,
//! version 1.8.7): argument handling, the edits they make through a table
//! snapshot, and their byte-exact output and error messages.

use std::fmt::Write as _;

use super::cmdline::{
    self, CMD_APPEND, CMD_CHECK, CMD_DELETE, CMD_DELETE_CHAIN, CMD_DELETE_NUM, CMD_FLUSH, CMD_INSERT, CMD_LIST, CMD_LIST_RULES, CMD_NEW_CHAIN,
    CMD_RENAME_CHAIN, CMD_REPLACE, CMD_SET_POLICY, CMD_ZERO, CMD_ZERO_NUM, Cmd, Parsed,
};
use super::error::{Errno, Failure};
use super::rule::{ListFormat, Rule, SaveCounters, print_num};
use super::table::{Counters, Entry, Table};
use super::targets::Target;
use super::{Netfilter, TableName};
use crate::output::CmdOutput;

const VERSION: &str = "1.8.7";

/// What the tools need from their environment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ToolEnv {
    /// The wall-clock time in `ctime` form (`Fri Nov 17 09:10:00 2023`), for
    /// iptables-save's header and footer.
    pub date: String,
    /// Whether the caller is root; iptables refuses to touch the tables
    /// otherwise.
    pub root: bool,
}

/// The base help text of iptables (1.8.9's wording, printed by `-h`).
const HELP: &str = include_str!("help.txt");

/// Render a failure the way iptables (or iptables-restore at `line`)
/// prints it.
fn render(f: Failure, prog: &str, line: Option<usize>, stdout: String) -> CmdOutput {
    let try_help = |s: &mut String| {
        if let Some(l) = line {
            let _ = writeln!(s, "Error occurred at line: {l}");
        }
        let _ = writeln!(s, "Try `{prog} -h' or '{prog} --help' for more information.");
    };
    let mut stderr = String::new();
    let status = match f {
        Failure::Param(msg) => {
            let _ = writeln!(stderr, "{prog} v{VERSION} (legacy): {msg}");
            try_help(&mut stderr);
            2
        }
        Failure::BadArgument(a) => {
            let _ = writeln!(stderr, "Bad argument `{a}'");
            try_help(&mut stderr);
            2
        }
        Failure::Usage => {
            try_help(&mut stderr);
            2
        }
        Failure::NoTable(msg) => {
            let _ = writeln!(stderr, "{prog} v{VERSION} (legacy): {msg}");
            stderr.push_str("Perhaps iptables or your kernel needs to be upgraded.\n");
            3
        }
        Failure::Kernel(e) => {
            let _ = writeln!(stderr, "{}", e.message());
            1
        }
        Failure::Other(msg) => {
            let _ = writeln!(stderr, "{prog} v{VERSION} (legacy): {msg}");
            1
        }
        Failure::NotModelled(what) => {
            let _ = writeln!(stderr, "mesh: {prog} {what} is not modelled");
            if let Some(l) = line {
                let _ = writeln!(stderr, "Error occurred at line: {l}");
            }
            2
        }
    };
    CmdOutput { stdout, stderr, status, interleaved: None }
}

/// `iptables ARGS…` (`argv[0]` is the program name).
pub fn iptables(argv: &[String], nf: &mut Netfilter, env: &ToolEnv) -> CmdOutput {
    let cmd = match cmdline::parse(argv, false) {
        Ok(Parsed::Version) => return CmdOutput::ok(format!("iptables v{VERSION} (legacy)\n")),
        Ok(Parsed::Help) => return CmdOutput::ok(HELP.replace("@VERSION@", VERSION)),
        Ok(Parsed::Command(c)) => c,
        Err(f) => return render(f, "iptables", None, String::new()),
    };
    if !env.root {
        return CmdOutput::err(LOCK_DENIED, 4);
    }
    if cmd.table == "security" {
        return render(Failure::not_modelled("-t security"), "iptables", None, String::new());
    }
    let Some(name) = TableName::from_name(&cmd.table) else {
        let msg = format!("can't initialize iptables table `{}': Table does not exist (do you need to insmod?)", cmd.table);
        return render(Failure::NoTable(msg), "iptables", None, String::new());
    };
    let mut table = nf.snapshot(name);
    let mut out = Output::default();
    let result = execute(&mut table, &cmd, &mut out);
    let stdout = std::mem::take(&mut out.stdout);
    match result {
        Ok(changed) => {
            if changed && let Err(e) = nf.commit(table) {
                let mut o = render(Failure::Kernel(e), "iptables", None, stdout);
                o.stderr = out.stderr + &o.stderr;
                return o;
            }
            CmdOutput { stdout, stderr: out.stderr, status: 0, interleaved: None }
        }
        Err(f) => {
            let mut o = render(f, "iptables", None, stdout);
            o.stderr = out.stderr + &o.stderr;
            o
        }
    }
}

/// What iptables 1.8.7 prints without root: it cannot take the xtables
/// lock, which it does before opening any table.
const LOCK_DENIED: &str = "Fatal: can't open lock file /run/xtables.lock: Permission denied\n";

/// What a command writes while it runs.
#[derive(Default)]
struct Output {
    stdout: String,
    stderr: String,
}

/// Run a parsed command against a table snapshot (`do_command4` after
/// `iptc_init`).  Returns whether the table changed and must be committed.
fn execute(t: &mut Table, cmd: &Cmd, out: &mut Output) -> Result<bool, Failure> {
    let chain = cmd.chain.as_deref();
    let command = cmd.command;
    let rule_cmd = command & (CMD_APPEND | CMD_DELETE | CMD_CHECK | CMD_INSERT | CMD_REPLACE) != 0;
    let mut rules: Vec<Rule> = Vec::new();
    if rule_cmd {
        let c = chain.unwrap_or("");
        if (c == "PREROUTING" || c == "INPUT") && cmd.has_interface_out {
            return Err(Failure::param(format!("Can't use -o with {c}\n")));
        }
        if (c == "POSTROUTING" || c == "OUTPUT") && cmd.has_interface_in {
            return Err(Failure::param(format!("Can't use -i with {c}\n")));
        }
        let target = resolve_target(t, cmd, out)?;
        for ((src, smask), (dst, dmask)) in &cmd.addrs {
            let mut ip = cmd.ip.clone();
            ip.src = *src;
            ip.src_mask = *smask;
            ip.dst = *dst;
            ip.dst_mask = *dmask;
            rules.push(Rule { ip, matches: cmd.matches.clone(), target: target.clone() });
        }
    }
    let counters = cmd.counters.map(|(packets, bytes)| Counters { packets, bytes }).unwrap_or_default();
    let verbose_rule = |out: &mut Output, r: &Rule| {
        if cmd.verbose {
            let f = ListFormat { numeric: true, verbose: true, exact: false, line_numbers: false, print_rule: true };
            out.stdout.push_str(&r.list_line(0, (0, 0), f));
            out.stdout.push('\n');
        }
    };
    let c = chain.unwrap_or("");
    let kernel = |r: Result<(), Errno>| r.map_err(Failure::Kernel);
    match command {
        CMD_APPEND | CMD_INSERT | CMD_DELETE | CMD_CHECK => {
            let mut last_err = None;
            for r in &rules {
                verbose_rule(out, r);
                let res = match command {
                    CMD_APPEND => t.append(c, Entry::new(r.clone(), counters)),
                    CMD_INSERT => t.insert(c, cmd.rulenum - 1, Entry::new(r.clone(), counters)),
                    CMD_DELETE => t.find(c, r).and_then(|i| t.delete_num(c, i)),
                    _ => t.find(c, r).map(|_| ()),
                };
                if let Err(e) = res {
                    last_err = Some(e);
                }
            }
            if let Some(e) = last_err {
                return Err(Failure::Kernel(e));
            }
            Ok(command != CMD_CHECK)
        }
        CMD_REPLACE => {
            if let Some(r) = rules.first() {
                verbose_rule(out, r);
                kernel(t.replace(c, cmd.rulenum - 1, Entry::new(r.clone(), counters)))?;
            }
            Ok(true)
        }
        CMD_DELETE_NUM => {
            kernel(t.delete_num(c, cmd.rulenum - 1))?;
            Ok(true)
        }
        CMD_FLUSH => {
            for_chains(t, chain, true, |t, name| {
                if cmd.verbose {
                    let _ = writeln!(out.stdout, "Flushing chain `{name}'");
                }
                t.flush(name)
            })?;
            Ok(true)
        }
        CMD_ZERO => {
            zero(t, chain, cmd.verbose, out)?;
            Ok(true)
        }
        CMD_ZERO_NUM => {
            kernel(t.zero_num(c, cmd.rulenum))?;
            Ok(true)
        }
        _ if command & (CMD_LIST | CMD_LIST_RULES) != 0 => {
            let listing = if command & CMD_LIST != 0 {
                let f = ListFormat { numeric: cmd.numeric, verbose: cmd.verbose, exact: cmd.exact, line_numbers: cmd.line_numbers, print_rule: false };
                list_entries(t, chain, cmd.rulenum, f)
            } else {
                list_rules(t, chain, cmd.rulenum, cmd.verbose)
            };
            out.stdout.push_str(&listing.map_err(Failure::Kernel)?);
            if command & CMD_ZERO != 0 {
                zero(t, chain, cmd.verbose, out)?;
                return Ok(true);
            }
            if command & CMD_ZERO_NUM != 0 {
                kernel(t.zero_num(c, cmd.rulenum))?;
                return Ok(true);
            }
            Ok(false)
        }
        CMD_NEW_CHAIN => {
            kernel(t.create_chain(c))?;
            Ok(true)
        }
        CMD_DELETE_CHAIN => {
            // `-X` with no user chain calls nothing: libiptc sees no change
            // and does not replace the table.
            let changed = chain.is_some() || t.chains().any(|c| c.policy.is_none());
            for_chains(t, chain, false, |t, name| {
                if cmd.verbose {
                    let _ = writeln!(out.stdout, "Deleting chain `{name}'");
                }
                t.delete_chain(name)
            })?;
            Ok(changed)
        }
        CMD_RENAME_CHAIN => {
            kernel(t.rename_chain(c, cmd.newname.as_deref().unwrap_or("")))?;
            Ok(true)
        }
        CMD_SET_POLICY => {
            let counters = cmd.counters.map(|(packets, bytes)| Counters { packets, bytes });
            kernel(t.set_policy(c, cmd.policy.as_deref().unwrap_or(""), counters))?;
            Ok(true)
        }
        _ => Err(Failure::param("no command specified")),
    }
}

fn zero(t: &mut Table, chain: Option<&str>, verbose: bool, out: &mut Output) -> Result<(), Failure> {
    for_chains(t, chain, true, |t, name| {
        if verbose {
            let _ = writeln!(out.stdout, "Zeroing chain `{name}'");
        }
        t.zero(name)
    })
}

/// Apply `f` to one chain, or to every chain (`builtins`: including the
/// built-in ones) like `for_each_chain4`: all are tried, the last error
/// wins.
fn for_chains(t: &mut Table, chain: Option<&str>, builtins: bool, mut f: impl FnMut(&mut Table, &str) -> Result<(), Errno>) -> Result<(), Failure> {
    if let Some(c) = chain {
        return f(t, c).map_err(Failure::Kernel);
    }
    let names: Vec<String> = t.chains().filter(|c| builtins || c.policy.is_none()).map(|c| c.name.clone()).collect();
    let mut last = None;
    for n in names {
        if let Err(e) = f(t, &n) {
            last = Some(e);
        }
    }
    last.map_or(Ok(()), |e| Err(Failure::Kernel(e)))
}

/// The rule's target once the table is known: an extension, a standard
/// verdict, a jump or goto to an existing chain, or nothing.
fn resolve_target(t: &Table, cmd: &Cmd, out: &mut Output) -> Result<Target, Failure> {
    let name = cmd.jumpto.as_str();
    let mut target = cmd.target.clone();
    let is_chain = !name.is_empty() && t.chain(name).is_some();
    if target.is_some() && is_chain && !matches!(name, "ACCEPT" | "DROP" | "RETURN") {
        let _ = writeln!(out.stderr, "Warning: using chain {name}, not extension");
        target = None;
    }
    if let Some(tg) = target {
        return Ok(tg);
    }
    if name.is_empty() {
        return Ok(Target::None);
    }
    if is_chain {
        if t.is_builtin(name) {
            // libiptc refuses a jump to a built-in chain.
            return Err(Failure::Kernel(Errno::Invalid));
        }
        return Ok(if cmd.goto { Target::Goto(name.to_string()) } else { Target::Jump(name.to_string()) });
    }
    if cmd.goto {
        return Err(Failure::param(format!("goto '{name}' is not a chain")));
    }
    Err(Failure::param(format!("Couldn't load target `{name}':No such file or directory\n")))
}

/// `print_header`.
fn header(out: &mut String, t: &Table, chain: &super::table::Chain, f: ListFormat) {
    let _ = write!(out, "Chain {}", chain.name);
    match &chain.policy {
        Some(p) => {
            let _ = write!(out, " (policy {}", p.policy.name());
            if f.verbose {
                out.push(' ');
                print_num(out, p.counters.packets, f.exact, true);
                out.push_str("packets, ");
                print_num(out, p.counters.bytes, f.exact, true);
                out.push_str("bytes");
            }
            out.push_str(")\n");
        }
        None => {
            let _ = writeln!(out, " ({} references)", t.references(&chain.name));
        }
    }
    if f.line_numbers {
        let _ = write!(out, "{:<4} ", "num");
    }
    if f.verbose {
        if f.exact {
            let _ = write!(out, "{:>8} {:>10} ", "pkts", "bytes");
        } else {
            let _ = write!(out, "{:>5} {:>5} ", "pkts", "bytes");
        }
    }
    let _ = write!(out, "{:<9} ", "target");
    out.push_str(" prot opt");
    if f.verbose {
        let _ = write!(out, " {:<6} {:<6} ", "in", "out");
    }
    let _ = writeln!(out, " {:<19}  {:<19} ", "source", "destination");
}

/// `iptables -L` (`list_entries`).
fn list_entries(t: &Table, chain: Option<&str>, rulenum: usize, f: ListFormat) -> Result<String, Errno> {
    let mut out = String::new();
    let mut found = false;
    for c in t.chains() {
        if chain.is_some_and(|want| want != c.name) {
            continue;
        }
        if found {
            out.push('\n');
        }
        if rulenum == 0 {
            header(&mut out, t, c, f);
        }
        for (i, e) in c.rules.iter().enumerate() {
            if rulenum == 0 || rulenum == i + 1 {
                out.push_str(&e.rule.list_line(i + 1, (e.counters.packets, e.counters.bytes), f));
                out.push('\n');
            }
        }
        found = true;
    }
    if found { Ok(out) } else { Err(Errno::NoChain) }
}

/// `iptables -S` (`list_rules`).
fn list_rules(t: &Table, chain: Option<&str>, rulenum: usize, counters: bool) -> Result<String, Errno> {
    let mut out = String::new();
    let wanted = |name: &str| chain.is_none_or(|c| c == name);
    if rulenum == 0 {
        for c in t.chains().filter(|c| wanted(&c.name)) {
            match &c.policy {
                Some(p) => {
                    let _ = write!(out, "-P {} {}", c.name, p.policy.name());
                    if counters {
                        let _ = write!(out, " -c {} {}", p.counters.packets, p.counters.bytes);
                    }
                    out.push('\n');
                }
                None => {
                    let _ = writeln!(out, "-N {}", c.name);
                }
            }
        }
    }
    let mut found = false;
    for c in t.chains().filter(|c| wanted(&c.name)) {
        for (i, e) in c.rules.iter().enumerate() {
            if rulenum == 0 || rulenum == i + 1 {
                let sc = if counters { SaveCounters::Inline(e.counters.packets, e.counters.bytes) } else { SaveCounters::None };
                out.push_str(&e.rule.save_line(&c.name, sc));
                out.push('\n');
            }
        }
        found = true;
    }
    if found { Ok(out) } else { Err(Errno::NoChain) }
}

/// The `*table` … `COMMIT` block of iptables-save.
fn save_table(out: &mut String, t: &Table, counters: bool, date: &str) {
    let _ = writeln!(out, "# Generated by iptables-save v{VERSION} on {date}");
    let _ = writeln!(out, "*{}", t.name.name());
    for c in t.chains() {
        match &c.policy {
            Some(p) => {
                let _ = writeln!(out, ":{} {} [{}:{}]", c.name, p.policy.name(), p.counters.packets, p.counters.bytes);
            }
            None => {
                let _ = writeln!(out, ":{} - [0:0]", c.name);
            }
        }
    }
    for c in t.chains() {
        for e in &c.rules {
            let sc = if counters { SaveCounters::Prefix(e.counters.packets, e.counters.bytes) } else { SaveCounters::None };
            out.push_str(&e.rule.save_line(&c.name, sc));
            out.push('\n');
        }
    }
    out.push_str("COMMIT\n");
    let _ = writeln!(out, "# Completed on {date}");
}

/// A `getopt` for the two helper programs: their short options, which
/// take an argument, and the long names.
struct SimpleOpts<'a> {
    prog: &'a str,
    short: &'a [(char, bool)],
    long: &'a [(&'a str, char, bool)],
}

enum SimpleItem {
    Opt(char, Option<String>),
    Arg(String),
    Bad(String),
}

impl SimpleOpts<'_> {
    /// Parse `argv[1..]`; GNU getopt permutes, so non-options are collected.
    fn parse(&self, argv: &[String]) -> Vec<SimpleItem> {
        let mut items = Vec::new();
        let mut i = 1;
        while i < argv.len() {
            let a = &argv[i];
            i += 1;
            if a == "--" {
                items.extend(argv[i..].iter().cloned().map(SimpleItem::Arg));
                break;
            }
            if let Some(body) = a.strip_prefix("--") {
                let (name, value) = match body.split_once('=') {
                    Some((n, v)) => (n, Some(v.to_string())),
                    None => (body, None),
                };
                let cands: Vec<&(&str, char, bool)> = self.long.iter().filter(|(n, _, _)| n.starts_with(name)).collect();
                let exact = self.long.iter().find(|(n, _, _)| *n == name);
                let Some((_, c, has_arg)) = exact.or(if cands.len() == 1 { cands.first().copied() } else { None }) else {
                    items.push(SimpleItem::Bad(format!("{}: unrecognized option '{a}'", self.prog)));
                    continue;
                };
                let value = if *has_arg && value.is_none() {
                    match argv.get(i) {
                        Some(v) => {
                            i += 1;
                            Some(v.clone())
                        }
                        None => {
                            items.push(SimpleItem::Bad(format!("{}: option '--{name}' requires an argument", self.prog)));
                            continue;
                        }
                    }
                } else {
                    value
                };
                items.push(SimpleItem::Opt(*c, value));
            } else if a.len() > 1 && a.starts_with('-') {
                let chars: Vec<char> = a[1..].chars().collect();
                let mut j = 0;
                while j < chars.len() {
                    let c = chars[j];
                    j += 1;
                    match self.short.iter().find(|(s, _)| *s == c) {
                        None => items.push(SimpleItem::Bad(format!("{}: invalid option -- '{c}'", self.prog))),
                        Some((_, true)) => {
                            let rest: String = chars[j..].iter().collect();
                            j = chars.len();
                            if !rest.is_empty() {
                                items.push(SimpleItem::Opt(c, Some(rest)));
                            } else if let Some(v) = argv.get(i) {
                                i += 1;
                                items.push(SimpleItem::Opt(c, Some(v.clone())));
                            } else {
                                items.push(SimpleItem::Bad(format!("{}: option requires an argument -- '{c}'", self.prog)));
                            }
                        }
                        Some((_, false)) => items.push(SimpleItem::Opt(c, None)),
                    }
                }
            } else {
                items.push(SimpleItem::Arg(a.clone()));
            }
        }
        items
    }
}

fn program(argv: &[String], default: &str) -> String {
    argv.first().cloned().unwrap_or_else(|| default.to_string())
}

/// `iptables-save [-c] [-t table]`.  Saving a table that is not loaded
/// loads it, as the real `iptc_init` does.
pub fn iptables_save(argv: &[String], nf: &mut Netfilter, env: &ToolEnv) -> CmdOutput {
    let prog = program(argv, "iptables-save");
    let opts = SimpleOpts {
        prog: &prog,
        short: &[('b', false), ('c', false), ('d', false), ('t', true), ('M', true), ('V', false)],
        long: &[("binary", 'b', false), ("counters", 'c', false), ("dump", 'd', false), ("table", 't', true), ("modprobe", 'M', true), ("version", 'V', false)],
    };
    let mut counters = false;
    let mut table: Option<String> = None;
    for item in opts.parse(argv) {
        match item {
            SimpleItem::Bad(msg) => {
                return CmdOutput::err(format!("{msg}\nLook at manual page `iptables-save.8' for more information.\n"), 1);
            }
            SimpleItem::Arg(_) => {
                return CmdOutput::err("Unknown arguments found on commandline\n", 1);
            }
            SimpleItem::Opt('c', _) => counters = true,
            SimpleItem::Opt('t', v) => table = v,
            SimpleItem::Opt('V', _) => {
                return CmdOutput::ok(format!("iptables-save v{VERSION} (legacy)\n"));
            }
            SimpleItem::Opt(..) => {}
        }
    }
    let cannot = |why: &str| CmdOutput::err(format!("iptables-save v{VERSION} (legacy): Cannot initialize: {why}\n"), 1);
    if !env.root {
        return match table {
            Some(_) => cannot("Permission denied (you must be root)"),
            None => CmdOutput::err("Failed to list table names in /proc/net/ip_tables_names: Permission denied\n", 1),
        };
    }
    let mut out = String::new();
    match table {
        Some(name) => {
            if name == "security" {
                return render(Failure::not_modelled("-t security"), "iptables-save", None, String::new());
            }
            let Some(t) = TableName::from_name(&name) else {
                return cannot("Table does not exist (do you need to insmod?)");
            };
            let t = nf.load(t);
            save_table(&mut out, t, counters, &env.date);
        }
        None => {
            for name in nf.load_order.iter().rev() {
                if let Some(t) = nf.tables.get(name) {
                    save_table(&mut out, t, counters, &env.date);
                }
            }
        }
    }
    CmdOutput::ok(out)
}

const RESTORE_USAGE: &str = "Usage: iptables-restore [-c] [-v] [-V] [-t] [-h] [-n] [-w secs] [-W usecs] [-T table] [-M command] [file]\n\t   [ --counters ]\n\t   [ --verbose ]\n\t   [ --version]\n\t   [ --test ]\n\t   [ --help ]\n\t   [ --noflush ]\n\t   [ --wait=<seconds>\n\t   [ --table=<TABLE> ]\n\t   [ --modprobe=<command> ]\n";

/// `iptables-restore [-c] [-n] [-t] [-T table]`, reading the rules from
/// `stdin`.  Each table is loaded at its `COMMIT` line; an error stops the
/// restore, leaving the tables committed before it in place and
/// discarding the one being built (iptables-legacy-restore is atomic per
/// table, not per file).
pub fn iptables_restore(argv: &[String], stdin: &str, nf: &mut Netfilter, env: &ToolEnv) -> CmdOutput {
    let prog = program(argv, "iptables-restore");
    let opts = SimpleOpts {
        prog: &prog,
        short: &[
            ('b', false),
            ('c', false),
            ('v', false),
            ('V', false),
            ('t', false),
            ('h', false),
            ('n', false),
            ('w', false),
            ('W', false),
            ('M', true),
            ('T', true),
        ],
        long: &[
            ("binary", 'b', false),
            ("counters", 'c', false),
            ("verbose", 'v', false),
            ("version", 'V', false),
            ("test", 't', false),
            ("help", 'h', false),
            ("noflush", 'n', false),
            ("wait", 'w', false),
            ("wait-interval", 'W', false),
            ("modprobe", 'M', true),
            ("table", 'T', true),
        ],
    };
    let param = |msg: &str| render(Failure::param(msg), "iptables-restore", Some(0), String::new());
    let mut flags = RestoreFlags { counters: false, verbose: false, test: false, noflush: false, only: None };
    let mut files = Vec::new();
    let (mut wait, mut wait_interval) = (false, false);
    let mut items = opts.parse(argv).into_iter().peekable();
    while let Some(item) = items.next() {
        // `-w`/`-W` take their value attached (`--wait=5`) or, as xtables'
        // `xs_has_arg` does, from the next word unless it starts with `-`
        // or `!`.
        let mut value_of = |v: Option<String>| {
            v.or_else(|| match items.peek() {
                Some(SimpleItem::Arg(a)) if !a.starts_with(['-', '!']) => match items.next() {
                    Some(SimpleItem::Arg(a)) => Some(a),
                    _ => None,
                },
                _ => None,
            })
        };
        match item {
            SimpleItem::Opt('w', v) => {
                wait = true;
                if let Some(v) = value_of(v)
                    && !v.trim_start().starts_with(|ch: char| ch.is_ascii_digit() || ch == '-' || ch == '+')
                {
                    return param("wait seconds not numeric");
                }
            }
            SimpleItem::Opt('W', v) => {
                wait_interval = true;
                let Some(v) = value_of(v) else {
                    return param("wait interval value required");
                };
                match scanf_unsigned(&v) {
                    Some(usec) if usec > 999_999 => return param(&format!("too long usec wait {usec} > 999999 usec")),
                    Some(_) => {}
                    None => return param("wait interval not numeric"),
                }
            }
            SimpleItem::Bad(msg) => {
                return CmdOutput::err(format!("{msg}\nTry `iptables-restore -h' for more information.\n"), 1);
            }
            SimpleItem::Arg(a) => files.push(a),
            SimpleItem::Opt('c', _) => flags.counters = true,
            SimpleItem::Opt('v', _) => flags.verbose = true,
            SimpleItem::Opt('t', _) => flags.test = true,
            SimpleItem::Opt('n', _) => flags.noflush = true,
            SimpleItem::Opt('T', v) => flags.only = v,
            SimpleItem::Opt('V', _) => {
                return CmdOutput::ok(format!("iptables-restore v{VERSION} (legacy)\n"));
            }
            SimpleItem::Opt('h', _) => return CmdOutput { stdout: String::new(), stderr: RESTORE_USAGE.to_string(), status: 0, interleaved: None },
            SimpleItem::Opt(..) => {}
        }
    }
    let mut notice = String::new();
    if wait_interval {
        notice.push_str("Ignoring deprecated --wait-interval option.\n");
        if !wait {
            notice.push_str("Option --wait-interval requires option --wait\n");
            return CmdOutput::err(notice, 1);
        }
    }
    let mut out = match files.as_slice() {
        [] => restore(stdin, nf, env, &flags),
        [f] => CmdOutput::err(format!("Can't open {f}: No such file or directory\n"), 1),
        _ => CmdOutput::err("Unknown arguments found on commandline\n", 1),
    };
    out.stderr.insert_str(0, &notice);
    out
}

/// iptables-restore's `[PACKETS:BYTES]` prefix, split as it does with
/// `strtok(buffer + 1, ":")` then `strtok(NULL, "]")` over the whole line
/// (`after` is the line after `[`, `close` the first `]` in it).  strtok
/// skips leading delimiters and cuts the line where it ends a token, so
/// `[12] -A …` lacks its `]` and a `:` after the `]` cuts the rule.
/// Returns the two counter texts and the rule, or which delimiter is
/// missing.
fn strtok_counters(after: &str, close: usize) -> Result<(&str, &str, &str), char> {
    let start = after.len() - after.trim_start_matches(':').len();
    if start == after.len() {
        return Err(':');
    }
    let Some(colon) = after[start..].find(':').map(|i| start + i) else {
        return Err(']');
    };
    let rest = &after[colon + 1..];
    let b_start = colon + 1 + (rest.len() - rest.trim_start_matches(']').len());
    if b_start == after.len() {
        return Err(']');
    }
    let b_end = after[b_start..].find(']').map_or(after.len(), |i| b_start + i);
    // The rule starts after the first `]`; the NULs strtok wrote end it.
    let cut = [colon, b_end].into_iter().filter(|&i| i > close).min().unwrap_or(after.len());
    let body = after.get(close + 1..cut).unwrap_or("");
    Ok((&after[start..colon], &after[b_start..b_end], body))
}

/// `sscanf(s, "%u")`: blanks, an optional sign, decimal digits; a negative
/// number wraps around as C's conversion to `unsigned int` does.
fn scanf_unsigned(s: &str) -> Option<u32> {
    let s = s.trim_start();
    let (negative, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let end = digits.find(|c: char| !c.is_ascii_digit()).unwrap_or(digits.len());
    if end == 0 {
        return None;
    }
    let n = digits[..end].parse::<u64>().unwrap_or(u64::MAX).min(u64::from(u32::MAX)) as u32;
    Some(if negative { n.wrapping_neg() } else { n })
}

struct RestoreFlags {
    counters: bool,
    verbose: bool,
    test: bool,
    noflush: bool,
    only: Option<String>,
}

/// xtables' `add_param_to_argv`: split a rule line on blanks, honouring
/// double quotes and backslash escapes inside them.
fn split_rule_line(s: &str) -> Vec<String> {
    let mut argv = Vec::new();
    let mut param = String::new();
    let mut quote_open = false;
    let mut escaped = false;
    for c in s.chars() {
        if quote_open {
            if escaped {
                param.push(c);
                escaped = false;
                continue;
            } else if c == '\\' {
                escaped = true;
                continue;
            } else if c == '"' {
                quote_open = false;
            } else {
                param.push(c);
                continue;
            }
        } else if c == '"' {
            quote_open = true;
            continue;
        }
        match c {
            '"' => {}
            ' ' | '\t' | '\n' => {
                if param.is_empty() {
                    continue;
                }
            }
            _ => {
                param.push(c);
                continue;
            }
        }
        argv.push(std::mem::take(&mut param));
    }
    if !param.is_empty() {
        argv.push(param);
    }
    argv
}

fn restore(input: &str, nf: &mut Netfilter, env: &ToolEnv, flags: &RestoreFlags) -> CmdOutput {
    let prog = "iptables-restore";
    // iptables-legacy-restore 1.8 is silent with --noflush, even with -v.
    let verbose = flags.verbose && !flags.noflush;
    let mut stdout = String::new();
    let fail_line = |stdout: String, line: usize| CmdOutput { stdout, stderr: format!("{prog}: line {line} failed\n"), status: 1, interleaved: None };
    let mut current: Option<Table> = None;
    let mut curtable = String::new();
    let mut in_table = false;
    let mut line = 0usize;
    let mut rest = input;
    while !rest.is_empty() {
        let (raw, has_nl) = match rest.find('\n') {
            Some(i) => {
                let l = &rest[..i];
                rest = &rest[i + 1..];
                (l, true)
            }
            None => {
                let l = rest;
                rest = "";
                (l, false)
            }
        };
        line += 1;
        let skip_other = |curtable: &str| flags.only.as_deref().is_some_and(|o| o != curtable);
        let ok: bool;
        if raw.is_empty() && has_nl {
            continue;
        } else if raw.starts_with('#') {
            if verbose {
                stdout.push_str(raw);
                stdout.push('\n');
            }
            continue;
        } else if raw == "COMMIT" && has_nl && in_table {
            ok = match current.take() {
                Some(t) if !flags.test => nf.commit(t).is_ok(),
                _ => true,
            };
            in_table = false;
        } else if raw.starts_with('*') && !in_table {
            let Some(name) = raw[1..].split([' ', '\t']).find(|s| !s.is_empty()) else {
                let msg = format!("{prog}: line {line} table name invalid");
                return render(Failure::param(msg), prog, Some(line), stdout);
            };
            curtable = name.chars().take(32).collect();
            if skip_other(&curtable) {
                continue;
            }
            if !env.root {
                return CmdOutput { stdout, stderr: LOCK_DENIED.to_string(), status: 4, interleaved: None };
            }
            if name == "security" {
                return render(Failure::not_modelled("*security"), prog, Some(line), stdout);
            }
            let Some(tn) = TableName::from_name(name) else {
                let msg = format!("{prog}: unable to initialize table '{name}'");
                return render(Failure::param(msg), prog, Some(line), stdout);
            };
            let mut t = nf.snapshot(tn);
            if !flags.noflush {
                let names: Vec<String> = t.chains().map(|c| c.name.clone()).collect();
                for n in &names {
                    if verbose {
                        let _ = writeln!(stdout, "Flushing chain `{n}'");
                    }
                    let _ = t.flush(n);
                }
                let user: Vec<String> = names.iter().filter(|n| !t.is_builtin(n)).cloned().collect();
                for n in &user {
                    if verbose {
                        let _ = writeln!(stdout, "Deleting chain `{n}'");
                    }
                    let _ = t.delete_chain(n);
                }
            }
            current = Some(t);
            in_table = true;
            ok = true;
        } else if raw.starts_with(':') && in_table {
            let Some(t) = current.as_mut() else {
                return fail_line(stdout, line);
            };
            match restore_chain_line(raw, line, t, flags) {
                Ok(()) => ok = true,
                Err(f) => return render(f, prog, Some(line), stdout),
            }
        } else if in_table {
            let Some(t) = current.as_mut() else {
                return fail_line(stdout, line);
            };
            let (counters, body) = if let Some(after) = raw.strip_prefix('[') {
                let Some(close) = after.find(']') else {
                    return render(Failure::param(format!("Bad line {line}: need ]")), prog, Some(line), stdout);
                };
                match strtok_counters(after, close) {
                    Ok((p, b, body)) => (Some((p.to_string(), b.to_string())), body),
                    Err(need) => return render(Failure::param(format!("Bad line {line}: need {need}")), prog, Some(line), stdout),
                }
            } else {
                (None, raw)
            };
            let mut argv = vec!["iptables".to_string(), "-t".to_string(), curtable.clone()];
            if flags.counters
                && let Some((p, b)) = counters
            {
                argv.extend(["--set-counters".to_string(), p, b]);
            }
            argv.extend(split_rule_line(body));
            let mut cmd = match cmdline::parse(&argv, true) {
                Ok(Parsed::Command(c)) => c,
                Ok(Parsed::Version) => {
                    stdout.push_str(&format!("iptables v{VERSION} (legacy)\n"));
                    return CmdOutput { stdout, stderr: String::new(), status: 0, interleaved: None };
                }
                Ok(Parsed::Help) => {
                    stdout.push_str(&HELP.replace("@VERSION@", VERSION));
                    return CmdOutput { stdout, stderr: String::new(), status: 0, interleaved: None };
                }
                Err(f) => return render(f, prog, Some(line), stdout),
            };
            cmd.verbose |= verbose;
            let mut out = Output::default();
            let res = execute(t, &cmd, &mut out);
            stdout.push_str(&out.stdout);
            match res {
                Ok(_) => ok = true,
                Err(Failure::Kernel(_)) => {
                    let mut o = fail_line(stdout, line);
                    o.stderr = out.stderr + &o.stderr;
                    return o;
                }
                Err(f) => {
                    let mut o = render(f, prog, Some(line), stdout);
                    o.stderr = out.stderr + &o.stderr;
                    return o;
                }
            }
        } else {
            ok = false;
        }
        if skip_other(&curtable) {
            continue;
        }
        if !ok {
            return fail_line(stdout, line);
        }
    }
    if in_table {
        return CmdOutput { stdout, stderr: format!("{prog}: COMMIT expected at line {}\n", line + 1), status: 1, interleaved: None };
    }
    CmdOutput { stdout, stderr: String::new(), status: 0, interleaved: None }
}

/// `:CHAIN POLICY [packets:bytes]`.
fn restore_chain_line(raw: &str, line: usize, t: &mut Table, flags: &RestoreFlags) -> Result<(), Failure> {
    let prog = "iptables-restore";
    let mut words = raw[1..].split([' ', '\t']).filter(|s| !s.is_empty());
    let Some(chain) = words.next() else {
        return Err(Failure::param(format!("{prog}: line {line} chain name invalid")));
    };
    if chain.len() >= 29 {
        return Err(Failure::param(format!("Invalid chain name `{chain}' (28 chars max)")));
    }
    if !t.is_builtin(chain) {
        if flags.noflush && t.chain(chain).is_some() {
            t.flush(chain).map_err(|e| Failure::param(format!("error flushing chain '{chain}':{}", e.plain())))?;
        } else {
            t.create_chain(chain).map_err(|e| {
                let why = match e {
                    Errno::ChainExists => "File exists",
                    _ => "Invalid argument",
                };
                Failure::param(format!("error creating chain '{chain}':{why}"))
            })?;
        }
    }
    let Some(policy) = words.next() else {
        return Err(Failure::param(format!("{prog}: line {line} policy invalid")));
    };
    if policy == "-" {
        return Ok(());
    }
    let counters = if flags.counters {
        let parsed = words.next().and_then(|c| {
            let inner = c.strip_prefix('[')?.strip_suffix(']')?;
            let (p, b) = inner.split_once(':')?;
            Some(Counters { packets: p.parse().ok()?, bytes: b.parse().ok()? })
        });
        match parsed {
            Some(c) => Some(c),
            None => {
                return Err(Failure::param(format!("invalid policy counters for chain '{chain}'")));
            }
        }
    } else {
        None
    };
    t.set_policy(chain, policy, counters).map_err(|e| Failure::Other(format!("Can't set policy `{policy}' on `{chain}' line {line}: {}", e.plain())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_lines_split_like_xtables() {
        assert_eq!(split_rule_line(r#"-A INPUT -m comment --comment "a b" -j ACCEPT"#), ["-A", "INPUT", "-m", "comment", "--comment", "a b", "-j", "ACCEPT"]);
        assert_eq!(split_rule_line(r#"--comment "e \"f\" g""#), ["--comment", r#"e "f" g"#]);
        assert_eq!(split_rule_line(r#"--comment "x"y"#), ["--comment", "x", "y"]);
        assert_eq!(split_rule_line("  -A   INPUT\t-j ACCEPT"), ["-A", "INPUT", "-j", "ACCEPT"]);
        assert_eq!(split_rule_line(r#"--comment """#), ["--comment", ""], "a quoted empty word is kept");
    }
}
