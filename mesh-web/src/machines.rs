//! The machines of a lab and one shell per terminal tab.
//!
//! There is one [`Session`]: the machines, the swarm, the files, the last
//! `trace` — everything that is machine-wide, as on a real lab. Each tab is
//! a terminal logged in on one machine, with its own context stack (`ssh`,
//! `sudo -i`, `exit` stay in that tab) and its own `$?`: a
//! [`TerminalState`] swapped into the session for exactly the command typed
//! in that tab ([`Session::swap_terminal`]). So a tab prints what
//! `Session::run` prints for the same line in a session logged in where the
//! tab is, and one tab is the CLI.
//!
//! Every command runs with the datapath recording hops (the same recording
//! the `trace` built-in turns on), and the hops it caused while it ran come
//! back with its output, for the stepper. Recording changes nothing in the
//! simulation. Unlike `trace CMD`, the clock is not moved on afterwards to
//! catch the packets still in flight (a FIN's last ACK), because the next
//! command must see the world exactly as the CLI would: a typed command's
//! hops are those of `trace CMD` up to the moment the command returned.

use std::collections::BTreeMap;

use mesh_core::kernel::NetnsId;
use mesh_core::output::CmdOutput;
use mesh_core::shell::{Session, TerminalState};
use mesh_core::sim::trace::Hop;
use mesh_core::sim::{HostId, World};

/// A lab as booted: its session, and who logs in on each machine.
pub struct Booted {
    pub session: Session,
    /// The login user of machines by name; the others log in as the
    /// session's default user.
    pub users: BTreeMap<String, String>,
}

/// Builds a lab's session from a scenario name and a seed, or says why it
/// cannot.
pub type BootFn = dyn Fn(&str, u64) -> Result<Booted, String>;

/// What one command did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ran {
    /// The prompt the command was typed at.
    pub prompt: String,
    pub output: CmdOutput,
    /// The hops its packets made while it ran (empty when it sent nothing).
    pub hops: Vec<Hop>,
    /// The line ran the `trace` built-in: the session's last trace is new.
    pub traced: bool,
    /// The hop `step`, `back` or `hop N` moved to, if the line moved it.
    pub stepped_to: Option<usize>,
}

/// The shared machines and the tabs' terminals.
pub struct Machines {
    session: Session,
    terminals: Vec<Terminal>,
}

/// One tab: a terminal that logged in on one machine.
pub struct Terminal {
    /// The machine's name, shown on the tab.
    pub home_name: String,
    state: TerminalState,
    prompt: String,
    ended: bool,
}

impl Machines {
    /// The machines of a booted lab, with one tab per machine (in the
    /// scenario's order), each logged in there as that machine's user.
    pub fn new(booted: Booted) -> Machines {
        let Booted { session, users } = booted;
        let terminals = session
            .world
            .hosts
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let home = HostId(i as u32);
                let user = users.get(&h.name).unwrap_or(&session.default_user);
                Terminal { home_name: h.name.clone(), state: session.new_terminal(home, user), prompt: String::new(), ended: false }
            })
            .collect();
        let mut machines = Machines { session, terminals };
        machines.refresh();
        machines
    }

    pub fn world(&self) -> &World {
        &self.session.world
    }

    /// The shared session (its last trace, its clock's epoch …).
    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn terminals(&self) -> &[Terminal] {
        &self.terminals
    }

    /// The tab whose terminal logged in on the machine named `name`.
    pub fn tab_of(&self, name: &str) -> Option<usize> {
        self.terminals.iter().position(|t| t.home_name == name)
    }

    /// The prompt of a tab (empty for an unknown tab or an ended shell).
    pub fn prompt(&self, tab: usize) -> &str {
        self.terminals.get(tab).map(|t| t.prompt.as_str()).unwrap_or_default()
    }

    /// Whether the tab's shell has ended (`exit` on its own machine).
    pub fn ended(&self, tab: usize) -> bool {
        self.terminals.get(tab).is_none_or(|t| t.ended)
    }

    /// Run `f` on the session with the tab's terminal swapped in.
    fn in_terminal<R>(&mut self, tab: usize, f: impl FnOnce(&mut Session) -> R) -> Option<R> {
        let t = self.terminals.get_mut(tab)?;
        self.session.swap_terminal(&mut t.state);
        let r = f(&mut self.session);
        self.session.swap_terminal(&mut t.state);
        Some(r)
    }

    /// Re-reads every tab's prompt (a command may end a shell).
    fn refresh(&mut self) {
        for tab in 0..self.terminals.len() {
            if let Some((prompt, ended)) = self.in_terminal(tab, |s| (if s.ended() { String::new() } else { s.prompt() }, s.ended())) {
                self.terminals[tab].prompt = prompt;
                self.terminals[tab].ended = ended;
            }
        }
    }

    /// Run what was typed in a tab (a line, or a line and the lines of its
    /// here-document). An unknown tab or an ended shell runs nothing.
    pub fn run(&mut self, tab: usize, text: &str) -> Ran {
        let nothing = Ran { prompt: String::new(), output: CmdOutput::default(), hops: Vec::new(), traced: false, stepped_to: None };
        if self.ended(tab) {
            return nothing;
        }
        let ran = self.in_terminal(tab, |s| {
            let prompt = s.prompt();
            let cursor = s.trace_state.current;
            s.world.trace.hops.clear();
            s.world.tracing = true;
            let output = s.run(text);
            // Only the `trace` built-in turns recording off (and keeps its own trace).
            let traced = !s.world.tracing;
            s.world.tracing = false;
            let hops = std::mem::take(&mut s.world.trace.hops);
            // `step`, `back` and `hop N` print the hop they move to (even when
            // it is the one they were at, which the stepper may have left).
            let stepping = matches!(text.split_whitespace().next(), Some("step" | "next" | "back" | "hop")) && output.status == 0;
            let stepped_to = s.trace_state.current.filter(|c| cursor != Some(*c) || stepping);
            Ran { prompt, output, hops, traced, stepped_to }
        });
        self.refresh();
        ran.unwrap_or(nothing)
    }

    /// Tab completion of `line` up to byte `cursor`, with what the tab's
    /// machine knows (see `mesh_core::shell::complete`).
    pub fn complete(&mut self, tab: usize, line: &str, cursor: usize) -> mesh_core::shell::complete::Completion {
        if self.ended(tab) {
            return mesh_core::shell::complete::Completion::default();
        }
        self.in_terminal(tab, |s| s.complete(line, cursor)).unwrap_or_default()
    }

    /// A listing tool's output in a namespace (see `Session::netns_table`).
    pub fn netns_table(&mut self, host: HostId, netns: NetnsId, command: &str) -> CmdOutput {
        self.session.netns_table(host, netns, command)
    }
}
