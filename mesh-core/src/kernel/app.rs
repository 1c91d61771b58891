//! Applications: the programs that own sockets.
//!
//! An application is a small poll-driven state machine (like a smoltcp
//! socket user): it is woken when one of its sockets has news or one of its
//! timers fires, looks at its sockets through [`AppIo`], and acts. Servers
//! (whoami, nginx, dockerd's port reservation, the embedded DNS resolver) run
//! forever; client commands (curl, ping, nettest) finish and leave an output
//! for the shell.
//!
//! Waking happens as a separate event after the datapath step that caused
//! it, as process context follows softirq in Linux: an ACK the kernel sends
//! at once goes out before the application's answer.

use super::socket::SockId;
use super::{DevId, Kernel, NetnsId};
use crate::output::CmdOutput;
use crate::time::Duration;

/// An application instance on one kernel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AppId(pub u32);

/// A program running in a namespace.
pub trait App: std::fmt::Debug {
    /// The process name (`whoami`, `curl`, `dockerd` …).
    fn name(&self) -> &str;
    /// Called once at start and on every wake-up.
    fn poll(&mut self, io: &mut AppIo<'_>);
    /// For client commands: the result once finished.
    fn finished(&self) -> Option<CmdOutput> {
        None
    }
}

/// One running application.
#[derive(Debug)]
pub struct AppSlot {
    pub netns: NetnsId,
    /// `None` while the application is being polled.
    pub app: Option<Box<dyn App>>,
    pub sockets: Vec<SockId>,
    /// Set when the application has exited (its sockets are closed).
    pub exited: bool,
    timer_gen: u32,
}

/// What an application may do during a poll: use its sockets, set a timer.
pub struct AppIo<'a> {
    pub kernel: &'a mut Kernel,
    pub app: AppId,
    pub netns: NetnsId,
}

impl AppIo<'_> {
    pub fn now(&self) -> crate::time::Instant {
        self.kernel.now
    }
    /// Wake this application after `delay`.
    pub fn set_timer(&mut self, delay: Duration) {
        let generation = self.kernel.apps.get_mut(self.app.0 as usize).and_then(Option::as_mut).map(|s| {
            s.timer_gen += 1;
            s.timer_gen
        });
        if let Some(g) = generation {
            self.kernel.schedule(delay, super::KEvent::AppTimer { app: self.app, generation: g });
        }
    }
    /// Wake this application again once the packets its system calls just
    /// sent have been processed as far as they go at this instant. Linux
    /// runs the receive softirq when a transmitting syscall re-enables
    /// bottom halves, so a packet crossing veth pairs and bridges in one
    /// kernel — up to the peer's immediate ACK — is handled before the
    /// process makes its next syscall (`send(); shutdown();` puts the peer's
    /// ACK on the wire before the FIN).
    pub fn continue_after_softirq(&mut self) {
        let generation = self.kernel.apps.get_mut(self.app.0 as usize).and_then(Option::as_mut).map(|s| {
            s.timer_gen += 1;
            s.timer_gen
        });
        if let Some(g) = generation {
            self.kernel.pending.push(super::Scheduled {
                delay: Duration::ZERO,
                event: super::KEvent::AppTimer { app: self.app, generation: g },
                after_softirq: true,
            });
        }
    }
    /// Remember a socket as belonging to this application.
    pub fn own(&mut self, s: SockId) {
        if let Some(slot) = self.kernel.apps.get_mut(self.app.0 as usize).and_then(Option::as_mut) {
            if !slot.sockets.contains(&s) {
                slot.sockets.push(s);
            }
        }
        self.kernel.sock_set_owner(self.netns, s, Some(self.app));
    }
    /// The primary address of a device by name in this namespace.
    pub fn dev_by_name(&self, name: &str) -> Option<DevId> {
        self.kernel.dev_by_name(self.netns, name)
    }
}

impl Kernel {
    /// Start an application in `ns`; it is polled at once.
    pub fn app_start(&mut self, ns: NetnsId, app: Box<dyn App>) -> AppId {
        let id = AppId(self.apps.len() as u32);
        self.apps.push(Some(AppSlot { netns: ns, app: Some(app), sockets: Vec::new(), exited: false, timer_gen: 0 }));
        self.app_poll(id);
        id
    }

    /// Poll an application (on wake-up).
    pub fn app_poll(&mut self, id: AppId) {
        let Some(slot) = self.apps.get_mut(id.0 as usize).and_then(Option::as_mut) else {
            return;
        };
        if slot.exited {
            return;
        }
        let ns = slot.netns;
        let Some(mut app) = slot.app.take() else {
            return;
        };
        if !self.netns_exists(ns) {
            return;
        }
        {
            let mut io = AppIo { kernel: self, app: id, netns: ns };
            app.poll(&mut io);
        }
        if let Some(slot) = self.apps.get_mut(id.0 as usize).and_then(Option::as_mut) {
            slot.app = Some(app);
        }
    }

    /// A timer wake-up; stale timers (superseded by a later `set_timer`) are ignored.
    pub(crate) fn app_timer(&mut self, id: AppId, generation: u32) {
        let current = self.apps.get(id.0 as usize).and_then(Option::as_ref).map(|s| s.timer_gen);
        if current == Some(generation) {
            self.app_poll(id);
        }
    }

    /// The application's result, if it is a finished client command.
    pub fn app_finished(&self, id: AppId) -> Option<CmdOutput> {
        self.apps.get(id.0 as usize).and_then(Option::as_ref).and_then(|s| s.app.as_ref()).and_then(|a| a.finished())
    }

    /// Stop an application and close (abort) its sockets.
    pub fn app_kill(&mut self, id: AppId) {
        let Some(slot) = self.apps.get_mut(id.0 as usize).and_then(Option::as_mut) else {
            return;
        };
        slot.exited = true;
        let ns = slot.netns;
        let socks = std::mem::take(&mut slot.sockets);
        for s in socks {
            // Socket ids are reused: close only what this application still owns.
            if self.netns_exists(ns) && self.netns(ns).sockets.get(s).is_some_and(|x| x.owner == Some(id)) {
                self.sock_close(ns, s);
            }
        }
    }

    /// Every application started on this kernel, in start order, exited
    /// ones too: id, process name, and the sockets it took ownership of, in
    /// the order it took them (what `ss -p` numbers processes and file
    /// descriptors by).
    pub fn apps_started(&self) -> impl Iterator<Item = (AppId, &str, &[SockId])> + '_ {
        self.apps.iter().enumerate().filter_map(|(i, s)| s.as_ref().map(|s| (AppId(i as u32), s.app.as_ref().map_or("", |a| a.name()), s.sockets.as_slice())))
    }

    /// Live applications: id, namespace, name.
    pub fn app_list(&self) -> Vec<(AppId, NetnsId, String)> {
        self.apps
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                s.as_ref().filter(|s| !s.exited).map(|s| (AppId(i as u32), s.netns, s.app.as_ref().map(|a| a.name().to_string()).unwrap_or_default()))
            })
            .collect()
    }
}
