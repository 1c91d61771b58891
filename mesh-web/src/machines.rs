//! The machines of a lab and one shell per terminal tab.
//!
//! Each tab is its own [`Session`] logged in on one host: its own context
//! stack (`ssh`, `sudo -i`, `exit` stay in that tab) and its own `$?`, as two
//! terminal windows on a real lab are two shells. The machines themselves —
//! the [`World`] and the per-host files — exist once and are handed to the
//! tab that runs a command, for exactly that command. So a tab's output is
//! what `Session::run` prints for the same line in a one-tab session over
//! the same world, and a session with one tab is the CLI.
//!
//! Every command runs with tracing on; the hops it caused are returned with
//! its output so the stepper can show the last command that sent traffic
//! (the CLI's `trace CMD` records the same hops).

use std::collections::BTreeMap;

use mesh_core::output::CmdOutput;
use mesh_core::shell::Session;
use mesh_core::sim::trace::Hop;
use mesh_core::sim::{HostId, World};

/// Builds the first shell of a lab (its world included) from a scenario name
/// and a seed, or says why it cannot.
pub type BootFn = dyn Fn(&str, u64) -> Result<Session, String>;

/// What one command did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ran {
    /// The prompt the command was typed at.
    pub prompt: String,
    pub output: CmdOutput,
    /// The hops its packets made (empty when it sent nothing).
    pub hops: Vec<Hop>,
}

/// The shared machines and the tabs' shells.
pub struct Machines {
    /// The world while no command runs (a tab holds it only while running one).
    world: World,
    files: BTreeMap<(HostId, String), String>,
    shells: Vec<Shell>,
}

/// One tab: a shell that started on `home`.
pub struct Shell {
    pub home: HostId,
    /// The host name shown on the tab.
    pub home_name: String,
    session: Session,
}

impl Machines {
    /// The machines of `first`'s world, with one tab per host: the first
    /// host's tab is `first` itself, the others are fresh logins as the
    /// scenario's default user.
    pub fn new(mut first: Session) -> Machines {
        let world = std::mem::replace(&mut first.world, World::new(0));
        let files = std::mem::take(&mut first.files);
        let home = first.ctx().host;
        let mut shells = vec![Shell { home, home_name: world.host(home).name.clone(), session: first }];
        for i in 0..world.hosts.len() as u32 {
            let h = HostId(i);
            if h != home {
                let user = shells[0].session.default_user.clone();
                shells.push(Shell { home: h, home_name: world.host(h).name.clone(), session: Session::new(World::new(0), h, &user) });
            }
        }
        Machines { world, files, shells }
    }

    pub fn world(&self) -> &World {
        &self.world
    }

    pub fn shells(&self) -> &[Shell] {
        &self.shells
    }

    /// The tab whose shell started on the host named `name`.
    pub fn tab_of(&self, name: &str) -> Option<usize> {
        self.shells.iter().position(|s| s.home_name == name)
    }

    /// The prompt of a tab (empty for an unknown tab or an ended shell).
    pub fn prompt(&mut self, tab: usize) -> String {
        if self.ended(tab) {
            return String::new();
        }
        self.with_session(tab, |s| s.prompt()).unwrap_or_default()
    }

    /// Whether the tab's shell has ended (`exit` on its first machine).
    pub fn ended(&self, tab: usize) -> bool {
        self.shells.get(tab).is_none_or(|s| s.session.ended())
    }

    /// Run one command line in a tab. An unknown tab or an ended shell runs nothing.
    pub fn run(&mut self, tab: usize, line: &str) -> Ran {
        let Some(shell) = self.shells.get_mut(tab) else {
            return Ran { prompt: String::new(), output: CmdOutput::default(), hops: Vec::new() };
        };
        let s = &mut shell.session;
        if s.ended() {
            return Ran { prompt: String::new(), output: CmdOutput::default(), hops: Vec::new() };
        }
        std::mem::swap(&mut s.world, &mut self.world);
        std::mem::swap(&mut s.files, &mut self.files);
        let prompt = s.prompt();
        let was_tracing = s.world.tracing;
        let first_hop = s.world.trace.hops.len();
        s.world.tracing = true;
        let output = s.run(line);
        // A command may have cleared the trace itself (the `trace` built-in).
        let hops = match s.world.trace.hops.get(first_hop..) {
            None => Vec::new(),
            Some(new) if was_tracing => new.to_vec(),
            Some(_) => s.world.trace.hops.split_off(first_hop),
        };
        s.world.tracing = was_tracing;
        std::mem::swap(&mut s.world, &mut self.world);
        std::mem::swap(&mut s.files, &mut self.files);
        Ran { prompt, output, hops }
    }

    /// Run `f` on a tab's session with the machines in place (for views
    /// that run listing tools, see `mesh_core::view`).
    pub fn with_session<R>(&mut self, tab: usize, f: impl FnOnce(&mut Session) -> R) -> Option<R> {
        let shell = self.shells.get_mut(tab)?;
        let s = &mut shell.session;
        std::mem::swap(&mut s.world, &mut self.world);
        std::mem::swap(&mut s.files, &mut self.files);
        let r = f(s);
        std::mem::swap(&mut s.world, &mut self.world);
        std::mem::swap(&mut s.files, &mut self.files);
        Some(r)
    }
}
