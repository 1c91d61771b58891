//! The shell: a session of commands typed on simulated machines.
//!
//! A [`Session`] owns the world and a stack of contexts (the machine the
//! user is on, as which user; `ssh node2` pushes, `exit` pops). It parses a
//! line like a POSIX shell (see [`parse`]), runs each command with the
//! program of that name in the current machine and network namespace, and
//! returns what a terminal would show. Between commands the virtual clock
//! moves on by a short "typing" pause, so timers (ARP ageing, TIME_WAIT,
//! conntrack timeouts, "Running 5 seconds ago") behave as in a real session.

pub mod complete;
pub mod compound;
pub mod filters;
pub mod jobs;
pub mod parse;
pub mod trace_view;

use std::collections::BTreeMap;

use crate::kernel::{INIT_NETNS, NetnsId};
use crate::output::CmdOutput;
use crate::sim::{HostId, World};
use crate::time::Duration;

/// Where commands run: a machine, a user, a network namespace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Context {
    pub host: HostId,
    pub user: String,
    /// `sudo -i` (or logged in as root).
    pub root_shell: bool,
    /// Shell variables set with `NAME=value` or `export` (each shell its own).
    pub vars: BTreeMap<String, String>,
}

impl Context {
    fn new(host: HostId, user: &str, root_shell: bool) -> Context {
        Context { host, user: user.to_string(), root_shell, vars: BTreeMap::new() }
    }
}

/// One terminal's own shell state: where it is logged in (the `ssh` /
/// `sudo -i` stack) and `$?`. Several terminals share one [`Session`]'s
/// machines by swapping this in before each command
/// ([`Session::swap_terminal`]), as windows on a real lab share its hosts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TerminalState {
    stack: Vec<Context>,
    last_status: i32,
}

/// A command's environment while it runs.
#[derive(Clone, Debug)]
pub struct Exec {
    pub host: HostId,
    pub netns: NetnsId,
    pub root: bool,
    /// A container the command runs in (`docker exec`), by sandbox id.
    pub container: Option<String>,
    /// The command's stdout is the terminal, not a pipe or a file (curl
    /// shows its progress meter only when it is not).
    pub stdout_tty: bool,
}

/// The default virtual pause before each command line: a millisecond, about
/// what a real shell takes to start the next program — enough for what the
/// previous command left in flight at once (a connection's closing FIN and
/// ACK) to land, not for timers (delayed ACKs, ARP probes). `sleep N`
/// moves the clock on further.
pub const THINK_TIME: Duration = Duration::from_millis(1);

/// A shell session over a world.
pub struct Session {
    pub world: World,
    stack: Vec<Context>,
    pub last_status: i32,
    /// Files written with `>` (an in-memory filesystem per host).
    pub files: BTreeMap<(HostId, String), String>,
    /// The default user of the scenario (`user` unless it says `root`).
    pub default_user: String,
    /// Unix seconds at virtual time zero.
    pub wall_epoch: i64,
    /// Background jobs (`cmd &`).
    pub jobs: Vec<jobs::Job>,
    next_job: u32,
    /// curl version per machine.
    pub machine_curl: BTreeMap<HostId, String>,
    /// Machine names and underlay addresses (/etc/hosts).
    pub machine_addrs: Vec<(String, std::net::Ipv4Addr)>,
    /// Container id → hostname.
    pub container_hostnames: BTreeMap<String, String>,
    /// Virtual time that passes before each typed command.
    pub think_time: Duration,
    /// The Docker Swarm of the scenario, if it has Docker nodes.
    pub swarm: Option<crate::swarm::cluster::Swarm>,
    /// The last `trace` and the hop `step` is at.
    pub trace_state: trace_view::TraceState,
}

struct ShellVars<'a> {
    s: &'a Session,
}

impl parse::Vars for ShellVars<'_> {
    fn get(&self, name: &str) -> Option<String> {
        match name {
            "?" => Some(self.s.last_status.to_string()),
            "HOSTNAME" => Some(self.s.world.host(self.s.ctx().host).name.clone()),
            "USER" => Some(self.s.ctx().user.clone()),
            "HOME" => Some(if self.s.ctx().user == "root" { "/root".into() } else { format!("/home/{}", self.s.ctx().user) }),
            _ => self.s.ctx().vars.get(name).cloned(),
        }
    }
}

impl Session {
    /// A session over `world`, logged in on `host` as `user`.
    pub fn new(world: World, host: HostId, user: &str) -> Session {
        Session {
            world,
            stack: vec![Context::new(host, user, user == "root")],
            last_status: 0,
            files: BTreeMap::new(),
            default_user: user.to_string(),
            wall_epoch: crate::swarm::scenario::SEED_EPOCH,
            jobs: Vec::new(),
            next_job: 1,
            machine_curl: BTreeMap::new(),
            machine_addrs: Vec::new(),
            container_hostnames: BTreeMap::new(),
            think_time: THINK_TIME,
            trace_state: trace_view::TraceState::default(),
            swarm: None,
        }
    }

    /// One fresh Linux host named `host` with no network but loopback, as
    /// root — what `unshare --net` gives; the parity suite's scenarios run here.
    pub fn bare_host(seed: u64) -> Session {
        let mut w = World::new(seed);
        let h = w.add_host("host");
        Session::new(w, h, "root")
    }

    /// A session on a scenario's machines: built, with the swarm formed as
    /// the scenario says, logged in on its first machine.
    pub fn from_scenario(scenario: &crate::swarm::scenario::Scenario, seed: u64) -> Session {
        if scenario.nodes.is_empty() && scenario.hosts.is_empty() {
            // No machines (`bare`): one host with nothing configured.
            let mut s = Session::bare_host(seed);
            s.wall_epoch = scenario.wall_epoch;
            return s;
        }
        let (world, swarm) = crate::swarm::cluster::Swarm::build(scenario, seed);
        let first = world.hosts.first().map(|_| HostId(0)).unwrap_or(HostId(0));
        let user =
            scenario.nodes.first().map(|n| n.user.clone()).or_else(|| scenario.hosts.first().map(|h| h.user.clone())).unwrap_or_else(|| "root".to_string());
        let mut s = Session::new(world, first, &user);
        s.wall_epoch = scenario.wall_epoch;
        for n in &scenario.nodes {
            if let Some(h) = s.world.host_by_name(&n.name) {
                s.machine_curl.insert(h, n.curl.clone());
            }
            s.machine_addrs.push((n.name.clone(), n.ip));
        }
        for m in &scenario.hosts {
            if let Some(h) = s.world.host_by_name(&m.name) {
                s.machine_curl.insert(h, m.curl.clone());
            }
            s.machine_addrs.push((m.name.clone(), m.ip));
        }
        if !scenario.nodes.is_empty() {
            s.swarm = Some(swarm);
        }
        s
    }

    /// A fresh terminal logged in on `host` as `user` (what `ssh user@host` opens).
    pub fn new_terminal(&self, host: HostId, user: &str) -> TerminalState {
        TerminalState { stack: vec![Context::new(host, user, user == "root")], last_status: 0 }
    }

    /// Make `t` the terminal commands run in; `t` receives the one that was.
    pub fn swap_terminal(&mut self, t: &mut TerminalState) {
        std::mem::swap(&mut self.stack, &mut t.stack);
        std::mem::swap(&mut self.last_status, &mut t.last_status);
    }

    fn ctx_mut(&mut self) -> &mut Context {
        let n = self.stack.len();
        &mut self.stack[n - 1]
    }

    pub fn ctx(&self) -> &Context {
        // The stack is never empty: `exit` on the last context ends the session instead.
        &self.stack[self.stack.len() - 1]
    }

    /// The prompt: `user@node1:~$ ` or `root@node1:~# `.
    pub fn prompt(&self) -> String {
        let c = self.ctx();
        let name = &self.world.host(c.host).name;
        if c.root_shell { format!("root@{name}:~# ") } else { format!("{}@{name}:~$ ", c.user) }
    }

    /// Whether the session has ended (`exit` on the first machine).
    pub fn ended(&self) -> bool {
        self.stack.is_empty()
    }

    /// Run one line (plus following lines a here-document needs); returns
    /// what a terminal would show and how many extra lines were consumed.
    pub fn run_with_more(&mut self, line: &str, more: &[&str]) -> (CmdOutput, usize) {
        // A `for` loop may go on over the next lines, as bash reads a script.
        let (joined, continued) = compound::join_continued_lines(line, more);
        let (out, used) = self.run_joined(&joined, &more[continued..]);
        (out, used + continued)
    }

    fn run_joined(&mut self, line: &str, more: &[&str]) -> (CmdOutput, usize) {
        // Like bash, read (and syntax-check) the whole line first ...
        let checked =
            parse::split_list(line).and_then(|items| parse::parse(line, more, &ShellVars { s: self }).map(|(list, used)| (items, list.items.is_empty(), used)));
        let (items, empty, used) = match checked {
            Ok(x) => x,
            Err(e) => {
                self.last_status = 2;
                return (CmdOutput::err(format!("-bash: {}\n", e.0), 2), 0);
            }
        };
        if empty {
            return (CmdOutput::default(), used);
        }
        let steps = match compound::group(items) {
            Ok(steps) => steps,
            Err(e) => {
                self.last_status = 2;
                return (CmdOutput::err(format!("{e}\n"), 2), used);
            }
        };
        if self.think_time > Duration::ZERO {
            self.world.advance(self.think_time, crate::sim::DEFAULT_BUDGET);
        }
        // ... then expand and run one list item at a time, so `$?` and
        // `$(…)` see what the items before them did.
        let mut out = CmdOutput::default();
        let mut offset = 0;
        self.run_steps(&steps, more, &mut offset, &mut out);
        (out, used)
    }

    /// Run grouped list items in order, honouring `&&`/`||`; `offset`
    /// counts the here-document lines consumed from `more`. Returns false
    /// once the shell has exited.
    fn run_steps(&mut self, steps: &[compound::Step], more: &[&str], offset: &mut usize, out: &mut CmdOutput) -> bool {
        for step in steps {
            let join = match step {
                compound::Step::Item(join, _) | compound::Step::For { join, .. } => *join,
            };
            let run = match join {
                parse::Join::Seq => true,
                parse::Join::And => self.last_status == 0,
                parse::Join::Or => self.last_status != 0,
            };
            let rest = more.get(*offset..).unwrap_or_default();
            match step {
                compound::Step::Item(_, text) if !run => {
                    // A skipped item still owns its here-document lines.
                    *offset += parse::parse(text, rest, &ShellVars { s: self }).map(|(_, u)| u).unwrap_or(0);
                }
                compound::Step::For { .. } if !run => {}
                compound::Step::Item(_, text) => {
                    let r = match self.substitute_commands(text) {
                        Ok((text, sub_stderr)) => {
                            out.stderr.push_str(&sub_stderr);
                            match parse::parse(&text, rest, &ShellVars { s: self }) {
                                Ok((list, u)) => {
                                    *offset += u;
                                    let mut last = CmdOutput::default();
                                    for (_, pipeline) in &list.items {
                                        last = self.run_pipeline(pipeline);
                                    }
                                    last
                                }
                                Err(e) => CmdOutput::err(format!("-bash: {}\n", e.0), 2),
                            }
                        }
                        Err(e) => CmdOutput::err(format!("-bash: {e}\n"), 2),
                    };
                    self.last_status = r.status;
                    out.append(r);
                    if self.stack.is_empty() {
                        return false;
                    }
                }
                compound::Step::For { var, words, body, .. } => {
                    if !is_var_name(var) {
                        self.last_status = 1;
                        out.append(CmdOutput::err(format!("-bash: `{var}': not a valid identifier\n"), 1));
                        continue;
                    }
                    let values = match self.loop_words(words.as_deref().unwrap_or("")) {
                        Ok((values, sub_stderr)) => {
                            out.stderr.push_str(&sub_stderr);
                            values
                        }
                        Err(e) => {
                            self.last_status = 2;
                            out.append(CmdOutput::err(format!("-bash: {e}\n"), 2));
                            continue;
                        }
                    };
                    self.last_status = 0;
                    for (i, v) in values.into_iter().enumerate() {
                        // Each pass starts its programs anew, as the typed line did.
                        if i > 0 && self.think_time > Duration::ZERO {
                            self.world.advance(self.think_time, crate::sim::DEFAULT_BUDGET);
                        }
                        self.ctx_mut().vars.insert(var.clone(), v);
                        let mut no_offset = 0;
                        if !self.run_steps(body, &[], &mut no_offset, out) {
                            return false;
                        }
                    }
                }
            }
        }
        true
    }

    /// The words a `for` loop iterates over: variables and `$(…)` expanded,
    /// split into words, brace sequences expanded (`{1..5}`).
    fn loop_words(&mut self, words: &str) -> Result<(Vec<String>, String), String> {
        // Brace expansion comes first in bash, on the unexpanded words.
        let braced: Vec<String> =
            words.split_whitespace().flat_map(|w| if w.contains(['\'', '"']) { vec![w.to_string()] } else { compound::expand_braces(w) }).collect();
        let (text, sub_stderr) = self.substitute_commands(&braced.join(" "))?;
        if text.trim().is_empty() {
            return Ok((Vec::new(), sub_stderr));
        }
        let (list, _) = parse::parse(&format!("for {text}"), &[], &ShellVars { s: self }).map_err(|e| e.0)?;
        let argv = list.items.first().and_then(|(_, p)| p.cmds.first()).map(|c| c.argv[1..].to_vec()).unwrap_or_default();
        Ok((argv, sub_stderr))
    }

    /// Command substitution, `$(COMMAND)`: the command runs (in a copy of
    /// the current shell) and its output, trailing newlines removed, takes
    /// its place — as separate words unless it stands in double quotes.
    /// Returns the new line and what the substituted commands wrote to stderr.
    fn substitute_commands(&mut self, line: &str) -> Result<(String, String), String> {
        if !line.contains("$(") {
            return Ok((line.to_string(), String::new()));
        }
        let chars: Vec<char> = line.chars().collect();
        let (mut out, mut err) = (String::new(), String::new());
        let (mut i, mut in_sq, mut in_dq) = (0, false, false);
        while i < chars.len() {
            let c = chars[i];
            if in_sq {
                out.push(c);
                in_sq = c != '\'';
                i += 1;
                continue;
            }
            match c {
                '\\' => {
                    out.push(c);
                    if let Some(n) = chars.get(i + 1) {
                        out.push(*n);
                    }
                    i += 2;
                }
                '\'' if !in_dq => {
                    in_sq = true;
                    out.push(c);
                    i += 1;
                }
                '"' => {
                    in_dq = !in_dq;
                    out.push(c);
                    i += 1;
                }
                '#' if !in_dq && (i == 0 || chars[i - 1].is_whitespace()) => {
                    out.extend(&chars[i..]);
                    break;
                }
                '$' if chars.get(i + 1) == Some(&'(') && chars.get(i + 2) != Some(&'(') => {
                    let start = i + 2;
                    let (mut depth, mut j, mut quote) = (1, start, None::<char>);
                    while j < chars.len() {
                        let d = chars[j];
                        match quote {
                            Some(q) if d == q => quote = None,
                            Some('"') if d == '\\' => j += 1,
                            Some(_) => {}
                            None => match d {
                                '\'' | '"' => quote = Some(d),
                                '\\' => j += 1,
                                '(' => depth += 1,
                                ')' => {
                                    depth -= 1;
                                    if depth == 0 {
                                        break;
                                    }
                                }
                                _ => {}
                            },
                        }
                        j += 1;
                    }
                    if j >= chars.len() {
                        return Err("unexpected EOF while looking for matching `)'".into());
                    }
                    let inner: String = chars[start..j].iter().collect();
                    let saved = self.stack.clone();
                    let r = self.run(&inner);
                    self.stack = saved;
                    err.push_str(&r.stderr);
                    self.last_status = r.status;
                    let text = r.stdout.trim_end_matches('\n');
                    if in_dq {
                        for ch in text.chars() {
                            if matches!(ch, '"' | '\\' | '$' | '`') {
                                out.push('\\');
                            }
                            out.push(ch);
                        }
                    } else {
                        let words: Vec<String> = text.split_whitespace().map(|w| format!("'{}'", w.replace('\'', "'\\''"))).collect();
                        out.push_str(&words.join(" "));
                    }
                    i = j + 1;
                }
                _ => {
                    out.push(c);
                    i += 1;
                }
            }
        }
        Ok((out, err))
    }

    /// Run what the user typed: one line, or several (a here-document's
    /// body follows its command); the outputs are joined as a terminal
    /// shows them, the status is the last command's.
    pub fn run(&mut self, text: &str) -> CmdOutput {
        let lines: Vec<&str> = text.split('\n').collect();
        let mut out = CmdOutput::default();
        let mut i = 0;
        while i < lines.len() && !self.ended() {
            let line = lines[i];
            i += 1;
            if line.trim().is_empty() && lines.len() > 1 {
                continue;
            }
            let (o, used) = self.run_with_more(line, &lines[i..]);
            i += used;
            out.append(o);
        }
        out
    }

    /// Run a whole script (lines, here-documents, comments): one output per command line.
    pub fn run_script(&mut self, text: &str) -> Vec<(String, CmdOutput)> {
        let lines: Vec<&str> = text.lines().collect();
        let mut i = 0;
        let mut outs = Vec::new();
        while i < lines.len() && !self.ended() {
            let line = lines[i];
            i += 1;
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let (o, used) = self.run_with_more(line, &lines[i..]);
            i += used;
            outs.push((line.to_string(), o));
        }
        outs
    }

    fn run_pipeline(&mut self, p: &parse::Pipeline) -> CmdOutput {
        if p.background {
            return self.run_background(p);
        }
        let mut stdin = String::new();
        let mut stderr = String::new();
        let mut last = CmdOutput::default();
        for (i, cmd) in p.cmds.iter().enumerate() {
            let input = match (&cmd.heredoc, &cmd.stdin_from) {
                (Some(h), _) => h.clone(),
                (None, Some(f)) => match self.read_file(f) {
                    Ok(s) => s,
                    Err(e) => {
                        stderr.push_str(&format!("-bash: {f}: {e}\n"));
                        last = CmdOutput { status: 1, ..CmdOutput::default() };
                        continue;
                    }
                },
                (None, None) => std::mem::take(&mut stdin),
            };
            let ctx = self.ctx().clone();
            let stdout_tty = i + 1 == p.cmds.len() && cmd.stdout_to.is_none();
            let exec = Exec { host: ctx.host, netns: INIT_NETNS, root: ctx.root_shell, container: None, stdout_tty };
            let mut r = self.exec(&cmd.argv, &input, &exec);
            if cmd.stderr_null {
                r.stderr.clear();
                r.forget_order();
            }
            if cmd.stderr_to_stdout {
                r.stderr_into_stdout();
            }
            if let Some((path, append)) = &cmd.stdout_to {
                r.forget_order();
                let data = std::mem::take(&mut r.stdout);
                if let Err(e) = self.write_file(path, &data, *append, &exec) {
                    r.stderr.push_str(&format!("-bash: {path}: {e}\n"));
                    r.status = 1;
                }
            }
            stderr.push_str(&r.stderr);
            if i + 1 < p.cmds.len() {
                r.forget_order();
                stdin = std::mem::take(&mut r.stdout);
            }
            last = r;
            if self.stack.is_empty() {
                break;
            }
        }
        if p.cmds.len() > 1 {
            // Earlier commands' stderr reached the terminal first.
            last.forget_order();
            last.stderr = stderr;
        }
        last
    }

    fn read_file(&self, path: &str) -> Result<String, &'static str> {
        let h = self.ctx().host;
        if let Some(rest) = path.strip_prefix("/proc/sys/") {
            let _ = rest;
        }
        self.files.get(&(h, path.to_string())).cloned().ok_or("No such file or directory")
    }

    /// Whether `exec` may open `path` for writing (what [`Session::write_file`]
    /// would refuse), without writing anything.
    pub(crate) fn check_write(&self, path: &str, exec: &Exec) -> Result<(), String> {
        let writable = match path {
            "/dev/null" => true,
            p if p.starts_with("/proc/sys/") => exec.root,
            p if p.starts_with("/proc/") || p.starts_with("/sys/") => false,
            p => exec.root || p.starts_with("/tmp/") || !p.starts_with('/'),
        };
        if writable { Ok(()) } else { Err("Permission denied".into()) }
    }

    pub(crate) fn write_file(&mut self, path: &str, data: &str, append: bool, exec: &Exec) -> Result<(), String> {
        self.check_write(path, exec)?;
        if path == "/dev/null" {
            return Ok(());
        }
        if path.starts_with("/proc/sys/") {
            let ns = exec.netns;
            return self.world.with_kernel(exec.host, |k| crate::tools::sysctl::proc_sys_write(k, ns, path, data.trim_end()));
        }
        let key = (exec.host, path.to_string());
        let entry = self.files.entry(key).or_default();
        if !append {
            entry.clear();
        }
        entry.push_str(data);
        Ok(())
    }

    /// Start `cmd &` as a background job. Like a non-interactive shell, it
    /// prints nothing; the job's output appears at `wait`, `fg` or `kill`.
    fn run_background(&mut self, p: &parse::Pipeline) -> CmdOutput {
        let Some(cmd) = p.cmds.first() else { return CmdOutput::default() };
        let ctx = self.ctx().clone();
        let exec = Exec { host: ctx.host, netns: INIT_NETNS, root: ctx.root_shell, container: None, stdout_tty: true };
        let input = cmd.heredoc.clone().unwrap_or_default();
        let cmdline = cmd.argv.join(" ");
        let kind = match self.launch(&cmd.argv, &input, &exec) {
            jobs::Launch::Done(out) => return out,
            jobs::Launch::App { host, app, limit } => jobs::JobKind::App { host, app, deadline: self.world.now + limit },
            jobs::Launch::Capture(c) => jobs::JobKind::Capture(c),
        };
        let id = self.next_job;
        self.next_job += 1;
        self.jobs.push(jobs::Job { id, cmdline, kind });
        CmdOutput::default()
    }

    /// Run something a tool started until it finishes (the foreground).
    fn foreground(&mut self, l: jobs::Launch) -> CmdOutput {
        match l {
            jobs::Launch::Done(out) => out,
            jobs::Launch::App { host, app, limit } => {
                let end = self.world.now + limit.min(jobs::FOREGROUND_LIMIT);
                let r = self.world.run_until(|w| w.kernel(host).app_finished(app).is_some(), end, crate::sim::DEFAULT_BUDGET);
                let out = self.world.kernel(host).app_finished(app);
                self.world.with_kernel(host, |k| k.app_kill(app));
                // The quiet tail: teardown packets and delayed ACKs that follow at once.
                self.world.settle(Duration::from_millis(50), crate::sim::DEFAULT_BUDGET);
                match (out, r) {
                    (Some(o), _) => o,
                    (None, crate::sim::RunEnd::Budget) => {
                        CmdOutput::err("mesh: stopped: the simulated network did not settle within the event budget (a loop or a flood?)\n", 130)
                    }
                    (None, _) => CmdOutput::err("^C\n", 130),
                }
            }
            jobs::Launch::Capture(mut c) => {
                let end = self.world.now + jobs::FOREGROUND_LIMIT;
                let host = c.host;
                let tap = c.tap;
                let limit = c.count;
                self.world.run_until(
                    |w| limit.is_some_and(|n| w.kernel(host).tap_count(tap).is_some_and(|(got, _)| got >= n)),
                    end,
                    crate::sim::DEFAULT_BUDGET,
                );
                c.drain(self);
                c.finish(self)
            }
        }
    }

    /// Finish background jobs (`wait`): run the world until they end (or
    /// nothing more can happen), and print their output in job order.
    fn wait_jobs(&mut self, which: Option<u32>) -> CmdOutput {
        let deadline = self.world.now + Duration::from_secs(60);
        let mut out = CmdOutput::default();
        let ids: Vec<u32> = self.jobs.iter().map(|j| j.id).filter(|id| which.is_none_or(|w| w == *id)).collect();
        if let Some(w) = which {
            if ids.is_empty() {
                return CmdOutput::err(format!("-bash: wait: %{w}: no such job\n"), 127);
            }
        }
        for id in ids {
            let Some(pos) = self.jobs.iter().position(|j| j.id == id) else { continue };
            let job = self.jobs.remove(pos);
            let r = match job.kind {
                jobs::JobKind::App { host, app, deadline: d } => {
                    let end = d.min(deadline);
                    self.world.run_until(|w| w.kernel(host).app_finished(app).is_some(), end, crate::sim::DEFAULT_BUDGET);
                    let o = self.world.kernel(host).app_finished(app);
                    self.world.with_kernel(host, |k| k.app_kill(app));
                    o.unwrap_or_else(|| CmdOutput { stdout: String::new(), stderr: String::new(), status: 143, interleaved: None })
                }
                jobs::JobKind::Capture(mut c) => {
                    let (host, tap, limit) = (c.host, c.tap, c.count);
                    self.world.run_until(
                        |w| limit.is_some_and(|n| w.kernel(host).tap_count(tap).is_some_and(|(got, _)| got >= n)),
                        deadline,
                        crate::sim::DEFAULT_BUDGET,
                    );
                    c.drain(self);
                    c.finish(self)
                }
            };
            out.stdout.push_str(&r.stdout);
            out.stderr.push_str(&r.stderr);
            out.status = r.status;
        }
        if which.is_none() {
            out.status = 0;
        }
        out
    }

    /// Stop a job (`kill %N`): captures print their statistics.
    fn kill_job(&mut self, argv: &[String]) -> CmdOutput {
        let Some(spec) = argv.iter().skip(1).find(|a| !a.starts_with('-') || a.starts_with("-%")) else {
            return CmdOutput::err("kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n", 2);
        };
        let Some(id) = spec.strip_prefix('%').and_then(|n| n.parse::<u32>().ok()) else {
            return CmdOutput::err(format!("-bash: kill: ({spec}) - No such process\n"), 1);
        };
        let Some(pos) = self.jobs.iter().position(|j| j.id == id) else {
            return CmdOutput::err(format!("-bash: kill: %{id}: no such job\n"), 1);
        };
        let job = self.jobs.remove(pos);
        match job.kind {
            jobs::JobKind::App { host, app, .. } => {
                self.world.with_kernel(host, |k| k.app_kill(app));
                CmdOutput::default()
            }
            jobs::JobKind::Capture(c) => c.finish(self),
        }
    }

    /// `jobs`.
    fn list_jobs(&self) -> CmdOutput {
        let n = self.jobs.len();
        let mut s = String::new();
        for (i, j) in self.jobs.iter().enumerate() {
            let mark = if i + 1 == n {
                '+'
            } else if i + 2 == n {
                '-'
            } else {
                ' '
            };
            s.push_str(&format!("[{}]{mark}  Running                 {} &\n", j.id, j.cmdline));
        }
        CmdOutput::ok(s)
    }

    /// Start a program: builtins and wrappers (`sudo`, `nsenter`, `ip netns
    /// exec`) resolve the context; long-running tools return what they started.
    pub fn launch(&mut self, argv: &[String], stdin: &str, exec: &Exec) -> jobs::Launch {
        let Some(name) = argv.first() else { return jobs::Launch::Done(CmdOutput::default()) };
        match name.as_str() {
            "sudo" if argv.len() > 1 && !argv[1].starts_with('-') => {
                let mut e = exec.clone();
                e.root = true;
                let l = self.launch(&argv[1..], stdin, &e);
                not_found_as(l, &argv[1], |c| CmdOutput::err(format!("sudo: {c}: command not found\n"), 1))
            }
            "nsenter" => match self.nsenter_target(argv, exec) {
                Ok((e, rest)) => {
                    let l = self.launch(&rest, stdin, &e);
                    not_found_as(l, &rest[0], |c| CmdOutput::err(format!("nsenter: failed to execute {c}: No such file or directory\n"), 127))
                }
                Err(out) => jobs::Launch::Done(out),
            },
            "ip" if argv.get(1).map(String::as_str) == Some("netns") && argv.get(2).is_some_and(|a| a == "exec" || a == "e") => {
                let Some(nsname) = argv.get(3) else { return jobs::Launch::Done(CmdOutput::err("No netns name specified\n", 1)) };
                if argv.len() < 5 {
                    return jobs::Launch::Done(CmdOutput::err("No command specified\n", 1));
                }
                if !exec.root {
                    return jobs::Launch::Done(CmdOutput::err(format!("mount --make-rslave /: Permission denied\n"), 1));
                }
                match self.world.kernel(exec.host).netns_by_name(nsname) {
                    Some(ns) => {
                        let e = Exec { netns: ns, ..exec.clone() };
                        let l = self.launch(&argv[4..], stdin, &e);
                        not_found_as(l, &argv[4], |c| CmdOutput::err(format!("exec of \"{c}\" failed: No such file or directory\n"), 1))
                    }
                    None => jobs::Launch::Done(CmdOutput::err(format!("Cannot open network namespace \"{nsname}\": No such file or directory\n"), 255)),
                }
            }
            "ping" => crate::tools::ping::launch(self, argv, exec),
            "nettest" => crate::tools::nettest::launch(self, argv, exec),
            "tcpdump" => crate::tools::tcpdump::launch(self, argv, exec),
            _ => jobs::Launch::Done(self.exec_simple(argv, stdin, exec)),
        }
    }

    /// `nsenter --net=PATH CMD…` (also `-n PATH`, `--net PATH`).
    fn nsenter_target(&self, argv: &[String], exec: &Exec) -> Result<(Exec, Vec<String>), CmdOutput> {
        let mut path: Option<String> = None;
        let mut i = 1;
        while i < argv.len() {
            let a = &argv[i];
            if let Some(p) = a.strip_prefix("--net=").or_else(|| a.strip_prefix("-n").filter(|p| !p.is_empty())) {
                path = Some(p.to_string());
            } else if a == "--net" || a == "-n" {
                i += 1;
                path = argv.get(i).cloned();
            } else if a.starts_with('-') {
                return Err(CmdOutput::err(format!("nsenter: unrecognized option '{a}'\nTry 'nsenter --help' for more information.\n"), 1));
            } else {
                break;
            }
            i += 1;
        }
        if !exec.root {
            return Err(CmdOutput::err(format!("nsenter: cannot open {}: Permission denied\n", path.unwrap_or_default()), 1));
        }
        let Some(path) = path else {
            return Err(CmdOutput::err("nsenter: neither filename nor target pid supplied for ns/net\n", 1));
        };
        let ns = self
            .world
            .kernel(exec.host)
            .netns_by_path(&path)
            .ok_or_else(|| CmdOutput::err(format!("nsenter: cannot open {path}: No such file or directory\n"), 1))?;
        let rest: Vec<String> = argv[i..].to_vec();
        let rest = if rest.is_empty() { vec!["bash".to_string()] } else { rest };
        Ok((Exec { netns: ns, ..exec.clone() }, rest))
    }

    /// Run one program with its argv in `exec`'s context, in the foreground.
    pub fn exec(&mut self, argv: &[String], stdin: &str, exec: &Exec) -> CmdOutput {
        let l = self.launch(argv, stdin, exec);
        self.foreground(l)
    }

    /// Programs that finish at once.
    fn exec_simple(&mut self, argv: &[String], stdin: &str, exec: &Exec) -> CmdOutput {
        let Some(name) = argv.first() else { return CmdOutput::default() };
        // Swarm work that came due while a tool let time pass happens first.
        if let Some(sw) = self.swarm.as_mut() {
            sw.catch_up(&mut self.world);
        }
        match name.as_str() {
            "wait" => {
                let which = argv.get(1).and_then(|a| a.trim_start_matches('%').parse::<u32>().ok());
                self.wait_jobs(which)
            }
            "jobs" => self.list_jobs(),
            "kill" => self.kill_job(argv),
            "fg" => {
                let which = argv.get(1).and_then(|a| a.trim_start_matches('%').parse::<u32>().ok()).or_else(|| self.jobs.last().map(|j| j.id));
                match which {
                    Some(w) => self.wait_jobs(Some(w)),
                    None => CmdOutput::err("-bash: fg: current: no such job\n", 1),
                }
            }
            "export" | "unset" if exec.container.is_none() => {
                for a in &argv[1..] {
                    if name == "unset" {
                        self.ctx_mut().vars.remove(a);
                    } else if let Some((k, v)) = a.split_once('=') {
                        if !is_var_name(k) {
                            return CmdOutput::err(format!("-bash: export: `{a}': not a valid identifier\n"), 1);
                        }
                        self.ctx_mut().vars.insert(k.to_string(), v.to_string());
                    }
                }
                CmdOutput::default()
            }
            a if a.split_once('=').is_some_and(|(k, _)| is_var_name(k)) && exec.container.is_none() => {
                // `NAME=value` alone sets a shell variable; before a command it is
                // that command's environment, which no simulated tool reads.
                let Some((k, v)) = a.split_once('=') else { return CmdOutput::default() };
                if argv.len() == 1 {
                    self.ctx_mut().vars.insert(k.to_string(), v.to_string());
                    return CmdOutput::default();
                }
                self.exec_simple(&argv[1..], stdin, exec)
            }
            "true" | ":" => CmdOutput::default(),
            "false" => CmdOutput { status: 1, ..CmdOutput::default() },
            "echo" => {
                let (newline, words) = match argv.get(1).map(String::as_str) {
                    Some("-n") => (false, &argv[2..]),
                    _ => (true, &argv[1..]),
                };
                let mut s = words.join(" ");
                if newline {
                    s.push('\n');
                }
                CmdOutput::ok(s)
            }
            "hostname" => CmdOutput::ok(format!("{}\n", self.hostname_of(exec))),
            "whoami" if exec.container.is_none() => CmdOutput::ok(format!("{}\n", if exec.root { "root" } else { &self.ctx().user })),
            "sleep" => {
                let secs: f64 = argv.get(1).and_then(|s| s.trim_end_matches('s').parse().ok()).unwrap_or(-1.0);
                if secs < 0.0 {
                    return CmdOutput::err(
                        format!("sleep: invalid time interval ‘{}’\nTry 'sleep --help' for more information.\n", argv.get(1).map(String::as_str).unwrap_or("")),
                        1,
                    );
                }
                let d = Duration::from_micros((secs * 1e6) as u64);
                match self.swarm.as_mut() {
                    // Swarm work due meanwhile (a task's stop, a rolling update) happens on time.
                    Some(sw) => sw.advance(&mut self.world, d),
                    None => {
                        self.world.advance(d, crate::sim::DEFAULT_BUDGET);
                    }
                }
                CmdOutput::default()
            }
            "grep" => filters::grep(argv, stdin),
            "head" => filters::head(argv, stdin),
            "tail" => filters::tail(argv, stdin),
            "wc" => filters::wc(argv, stdin),
            "sort" => filters::sort(argv, stdin),
            "uniq" => filters::uniq(stdin),
            "seq" => compound::seq(argv),
            "cut" => filters::cut(argv, stdin),
            "cat" if argv.len() == 1 => CmdOutput::ok(stdin),
            "less" | "more" => CmdOutput::ok(stdin),
            "trace" => self.trace_builtin(argv, stdin, exec),
            "hops" => self.hops_builtin(),
            "step" | "next" | "back" | "hop" => self.step_builtin(argv),
            "hex" => self.hex_builtin(argv),
            "help" => CmdOutput::ok(complete::help_text()),
            "sudo" => self.sudo(argv, stdin, exec),
            "ssh" => self.ssh(argv),
            "exit" | "logout" => {
                let code = argv.get(1).and_then(|s| s.parse().ok()).unwrap_or(self.last_status);
                self.stack.pop();
                CmdOutput { status: code, ..CmdOutput::default() }
            }
            _ => match crate::tools::run(self, argv, stdin, exec) {
                Some(out) => out,
                None => CmdOutput::err(format!("-bash: {name}: command not found\n"), 127),
            },
        }
    }

    /// The curl version installed on a machine (or in a container).
    pub fn curl_version(&self, host: HostId, exec: &Exec) -> crate::apps::curl::CurlVersion {
        if exec.container.is_some() {
            return crate::apps::curl::CurlVersion::V7_88_1;
        }
        match self.machine_curl.get(&host).map(String::as_str) {
            Some("7.58.0") => crate::apps::curl::CurlVersion::V7_58_0,
            _ => crate::apps::curl::CurlVersion::V7_88_1,
        }
    }

    /// A machine's /etc/hosts: localhost and every machine of the scenario.
    pub fn hosts_table(&self, _host: HostId) -> Vec<(String, std::net::Ipv4Addr)> {
        let mut v = vec![("localhost".to_string(), std::net::Ipv4Addr::LOCALHOST)];
        for (name, ip) in &self.machine_addrs {
            v.push((name.clone(), *ip));
        }
        v
    }

    /// The hostname a command sees (the container's inside one).
    pub fn hostname_of(&self, exec: &Exec) -> String {
        match &exec.container {
            Some(c) => self.container_hostnames.get(c).cloned().unwrap_or_else(|| c.chars().take(12).collect()),
            None => self.world.host(exec.host).name.clone(),
        }
    }

    fn sudo(&mut self, argv: &[String], stdin: &str, exec: &Exec) -> CmdOutput {
        match argv.get(1).map(String::as_str) {
            None => CmdOutput::err(
                "usage: sudo -h | -K | -k | -V\nusage: sudo -v [-ABknS] [-g group] [-h host] [-p prompt] [-u user]\nusage: sudo -l [-ABknS] [-g group] [-h host] [-p prompt] [-U user] [-u user] [command]\nusage: sudo [-ABbEHknPS] [-r role] [-t type] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] [VAR=value] [-i|-s] [<command>]\nusage: sudo -e [-ABknS] [-r role] [-t type] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] file ...\n",
                1,
            ),
            Some("-i") | Some("-s") | Some("su") if argv.len() == 2 => {
                let host = self.ctx().host;
                self.stack.push(Context::new(host, "root", true));
                CmdOutput::default()
            }
            Some(_) => {
                let mut e = exec.clone();
                e.root = true;
                self.exec(&argv[1..], stdin, &e)
            }
        }
    }

    fn ssh(&mut self, argv: &[String]) -> CmdOutput {
        let Some(target) = argv.iter().skip(1).find(|a| !a.starts_with('-')) else {
            return CmdOutput::err(
                "usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface]\n           [-b bind_address] [-c cipher_spec] [-D [bind_address:]port]\n           [-E log_file] [-e escape_char] [-F configfile] [-I pkcs11]\n           [-i identity_file] [-J [user@]host[:port]] [-L address]\n           [-l login_name] [-m mac_spec] [-O ctl_cmd] [-o option] [-p port]\n           [-Q query_option] [-R address] [-S ctl_path] [-W host:port]\n           [-w local_tun[:remote_tun]] destination [command [argument ...]]\n",
                255,
            );
        };
        let (user, host) = match target.split_once('@') {
            Some((u, h)) => (u.to_string(), h.to_string()),
            None => (self.default_user.clone(), target.clone()),
        };
        let found = self.world.host_by_name(&host).or_else(|| self.host_by_address(&host));
        match found {
            Some(h) => {
                self.stack.push(Context::new(h, &user, user == "root"));
                // `ssh HOST COMMAND…`: run it there and come back.
                let at = argv.iter().position(|a| a == target).map_or(argv.len(), |i| i + 1);
                if at < argv.len() {
                    let line = argv[at..].join(" ");
                    let depth = self.stack.len();
                    let out = self.run(&line);
                    if self.stack.len() >= depth {
                        self.stack.truncate(depth - 1);
                    }
                    return out;
                }
                CmdOutput::default()
            }
            None => CmdOutput::err(format!("ssh: Could not resolve hostname {host}: Name or service not known\n"), 255),
        }
    }

    /// A host owning `addr` in its initial namespace.
    fn host_by_address(&self, addr: &str) -> Option<HostId> {
        let ip: std::net::Ipv4Addr = addr.parse().ok()?;
        (0..self.world.hosts.len() as u32).map(HostId).find(|h| {
            let k = self.world.kernel(*h);
            k.is_local_addr(INIT_NETNS, ip) && !ip.is_loopback()
        })
    }
}

/// A shell variable name: a letter or `_`, then letters, digits, `_`.
fn is_var_name(s: &str) -> bool {
    let mut c = s.chars();
    c.next().is_some_and(|f| f.is_ascii_alphabetic() || f == '_') && c.all(|x| x.is_ascii_alphanumeric() || x == '_')
}

/// A wrapper (`sudo`, `nsenter`, `ip netns exec`) reports a program that
/// does not exist in its own words, not bash's.
fn not_found_as(l: jobs::Launch, cmd: &str, says: impl Fn(&str) -> CmdOutput) -> jobs::Launch {
    match l {
        jobs::Launch::Done(out) if out.status == 127 && out.stderr == format!("-bash: {cmd}: command not found\n") => jobs::Launch::Done(says(cmd)),
        other => other,
    }
}
