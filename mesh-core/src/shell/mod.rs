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
pub mod filters;
pub mod parse;
pub mod trace_view;

use std::collections::BTreeMap;

use crate::kernel::{NetnsId, INIT_NETNS};
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
}

/// A command's environment while it runs.
#[derive(Clone, Debug)]
pub struct Exec {
    pub host: HostId,
    pub netns: NetnsId,
    pub root: bool,
    /// A container the command runs in (`docker exec`), by sandbox id.
    pub container: Option<String>,
}

/// The virtual pause between two typed commands.
pub const THINK_TIME: Duration = Duration::from_secs(1);

/// A shell session over a world.
pub struct Session {
    pub world: World,
    stack: Vec<Context>,
    pub last_status: i32,
    /// Files written with `>` (an in-memory filesystem per host).
    pub files: BTreeMap<(HostId, String), String>,
    /// The default user of the scenario (`user` unless it says `root`).
    pub default_user: String,
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
            _ => None,
        }
    }
}

impl Session {
    /// A session over `world`, logged in on `host` as `user`.
    pub fn new(world: World, host: HostId, user: &str) -> Session {
        Session {
            world,
            stack: vec![Context { host, user: user.to_string(), root_shell: user == "root" }],
            last_status: 0,
            files: BTreeMap::new(),
            default_user: user.to_string(),
            trace_state: trace_view::TraceState::default(),
        }
    }

    /// One fresh Linux host named `host` with no network but loopback, as
    /// root — what `unshare --net` gives; the parity suite's scenarios run here.
    pub fn bare_host(seed: u64) -> Session {
        let mut w = World::new(seed);
        let h = w.add_host("host");
        Session::new(w, h, "root")
    }

    pub fn ctx(&self) -> &Context {
        // The stack is never empty: `exit` on the last context ends the session instead.
        &self.stack[self.stack.len() - 1]
    }

    /// The prompt: `user@node1:~$ ` or `root@node1:~# `.
    pub fn prompt(&self) -> String {
        let c = self.ctx();
        let name = &self.world.host(c.host).name;
        if c.root_shell {
            format!("root@{name}:~# ")
        } else {
            format!("{}@{name}:~$ ", c.user)
        }
    }

    /// Whether the session has ended (`exit` on the first machine).
    pub fn ended(&self) -> bool {
        self.stack.is_empty()
    }

    /// Run one line (plus following lines a here-document needs); returns
    /// what a terminal would show and how many extra lines were consumed.
    pub fn run_with_more(&mut self, line: &str, more: &[&str]) -> (CmdOutput, usize) {
        let parsed = parse::parse(line, more, &ShellVars { s: self });
        let (list, used) = match parsed {
            Ok(x) => x,
            Err(e) => {
                self.last_status = 2;
                return (CmdOutput::err(format!("-bash: {}\n", e.0), 2), 0);
            }
        };
        if list.items.is_empty() {
            return (CmdOutput::default(), used);
        }
        self.world.advance(THINK_TIME, crate::sim::DEFAULT_BUDGET);
        let mut out = CmdOutput::default();
        for (join, pipeline) in &list.items {
            let run = match join {
                parse::Join::Seq => true,
                parse::Join::And => self.last_status == 0,
                parse::Join::Or => self.last_status != 0,
            };
            if !run {
                continue;
            }
            let r = self.run_pipeline(pipeline);
            out.stdout.push_str(&r.stdout);
            out.stderr.push_str(&r.stderr);
            self.last_status = r.status;
            out.status = r.status;
            if self.stack.is_empty() {
                break;
            }
        }
        (out, used)
    }

    /// Run one line.
    pub fn run(&mut self, line: &str) -> CmdOutput {
        self.run_with_more(line, &[]).0
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
                        last = CmdOutput { stdout: String::new(), stderr: String::new(), status: 1 };
                        continue;
                    }
                },
                (None, None) => std::mem::take(&mut stdin),
            };
            let ctx = self.ctx().clone();
            let exec = Exec { host: ctx.host, netns: INIT_NETNS, root: ctx.root_shell, container: None };
            let mut r = self.exec(&cmd.argv, &input, &exec);
            if cmd.stderr_null {
                r.stderr.clear();
            }
            if cmd.stderr_to_stdout {
                let e = std::mem::take(&mut r.stderr);
                r.stdout.push_str(&e);
            }
            if let Some((path, append)) = &cmd.stdout_to {
                let data = std::mem::take(&mut r.stdout);
                if let Err(e) = self.write_file(path, &data, *append, &exec) {
                    r.stderr.push_str(&format!("-bash: {path}: {e}\n"));
                    r.status = 1;
                }
            }
            stderr.push_str(&r.stderr);
            if i + 1 < p.cmds.len() {
                stdin = std::mem::take(&mut r.stdout);
            }
            last = r;
            if self.stack.is_empty() {
                break;
            }
        }
        last.stderr = stderr;
        last
    }

    fn read_file(&self, path: &str) -> Result<String, &'static str> {
        let h = self.ctx().host;
        if let Some(rest) = path.strip_prefix("/proc/sys/") {
            let _ = rest;
        }
        self.files.get(&(h, path.to_string())).cloned().ok_or("No such file or directory")
    }

    fn write_file(&mut self, path: &str, data: &str, append: bool, exec: &Exec) -> Result<(), String> {
        if path == "/dev/null" {
            return Ok(());
        }
        if path.starts_with("/proc/") || path.starts_with("/sys/") {
            return Err("Permission denied".into());
        }
        if !exec.root && !(path.starts_with("/tmp/") || !path.starts_with('/')) {
            return Err("Permission denied".into());
        }
        let key = (exec.host, path.to_string());
        let entry = self.files.entry(key).or_default();
        if !append {
            entry.clear();
        }
        entry.push_str(data);
        Ok(())
    }

    /// Run one program with its argv in `exec`'s context.
    pub fn exec(&mut self, argv: &[String], stdin: &str, exec: &Exec) -> CmdOutput {
        let Some(name) = argv.first() else { return CmdOutput::default() };
        match name.as_str() {
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
            "hostname" => CmdOutput::ok(format!("{}\n", self.world.host(exec.host).name)),
            "whoami" if exec.container.is_none() => CmdOutput::ok(format!("{}\n", if exec.root { "root" } else { &self.ctx().user })),
            "sleep" => {
                let secs: f64 = argv.get(1).and_then(|s| s.trim_end_matches('s').parse().ok()).unwrap_or(-1.0);
                if secs < 0.0 {
                    return CmdOutput::err(format!("sleep: invalid time interval ‘{}’\nTry 'sleep --help' for more information.\n", argv.get(1).map(String::as_str).unwrap_or("")), 1);
                }
                self.world.advance(Duration::from_micros((secs * 1e6) as u64), crate::sim::DEFAULT_BUDGET);
                CmdOutput::default()
            }
            "grep" => filters::grep(argv, stdin),
            "head" => filters::head(argv, stdin),
            "tail" => filters::tail(argv, stdin),
            "wc" => filters::wc(argv, stdin),
            "sort" => filters::sort(argv, stdin),
            "uniq" => filters::uniq(stdin),
            "cut" => filters::cut(argv, stdin),
            "cat" if argv.len() == 1 => CmdOutput::ok(stdin),
            "less" | "more" => CmdOutput::ok(stdin),
            "ping" => crate::tools::ping::run(self, argv, exec),
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
            _ => CmdOutput::err(format!("{name}: command not found\n"), 127),
        }
    }

    fn sudo(&mut self, argv: &[String], stdin: &str, exec: &Exec) -> CmdOutput {
        match argv.get(1).map(String::as_str) {
            None => CmdOutput::err("usage: sudo -h | -K | -k | -V\nusage: sudo -v [-ABknS] [-g group] [-h host] [-p prompt] [-u user]\nusage: sudo -l [-ABknS] [-g group] [-h host] [-p prompt] [-U user] [-u user] [command]\nusage: sudo [-ABbEHknPS] [-r role] [-t type] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] [VAR=value] [-i|-s] [<command>]\nusage: sudo -e [-ABknS] [-r role] [-t type] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] file ...\n", 1),
            Some("-i") | Some("-s") | Some("su") if argv.len() == 2 => {
                let host = self.ctx().host;
                self.stack.push(Context { host, user: "root".into(), root_shell: true });
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
            return CmdOutput::err("usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface]\n           [-b bind_address] [-c cipher_spec] [-D [bind_address:]port]\n           [-E log_file] [-e escape_char] [-F configfile] [-I pkcs11]\n           [-i identity_file] [-J [user@]host[:port]] [-L address]\n           [-l login_name] [-m mac_spec] [-O ctl_cmd] [-o option] [-p port]\n           [-Q query_option] [-R address] [-S ctl_path] [-W host:port]\n           [-w local_tun[:remote_tun]] destination [command [argument ...]]\n", 255);
        };
        let (user, host) = match target.split_once('@') {
            Some((u, h)) => (u.to_string(), h.to_string()),
            None => (self.default_user.clone(), target.clone()),
        };
        let found = self.world.host_by_name(&host).or_else(|| self.host_by_address(&host));
        match found {
            Some(h) => {
                self.stack.push(Context { host: h, user: user.clone(), root_shell: user == "root" });
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
