//! The world: hosts (each a simulated Linux kernel) on an underlay L2
//! segment, one event queue on a virtual clock, and the trace.
//!
//! Events are ordered by (virtual time, sequence number), so equal-time
//! events run in the order they were scheduled and every run is
//! reproducible. Running a command advances the world until the command's
//! application finishes, the world is idle, a deadline passes, or the event
//! budget is spent — the last is reported, as a real timeout would be, and
//! bounds loops in the simulated network.

pub mod trace;

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::kernel::{DevId, KEvent, Kernel};
use crate::time::{Duration, Instant};
use trace::{Hop, Trace};

/// A host of the world.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct HostId(pub u32);

/// One machine: its kernel and its NICs on the underlay.
#[derive(Debug)]
pub struct Host {
    pub name: String,
    pub kernel: Kernel,
}

#[derive(Debug)]
struct Queued {
    at: Instant,
    seq: u64,
    host: HostId,
    event: KEvent,
}

impl PartialEq for Queued {
    fn eq(&self, o: &Self) -> bool {
        (self.at, self.seq) == (o.at, o.seq)
    }
}
impl Eq for Queued {}
impl PartialOrd for Queued {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Queued {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        (self.at, self.seq).cmp(&(o.at, o.seq))
    }
}

/// Why a run stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunEnd {
    /// The stop condition became true.
    Done,
    /// Nothing left to do before the deadline.
    Idle,
    /// The deadline passed.
    Deadline,
    /// The event budget was spent (a loop, or a flood).
    Budget,
}

/// The simulated world.
#[derive(Debug)]
pub struct World {
    pub now: Instant,
    pub hosts: Vec<Host>,
    queue: BinaryHeap<Reverse<Queued>>,
    /// Application continuations waiting for their host's softirq work
    /// (frames in flight inside it) to drain, in order.
    deferred: std::collections::VecDeque<(HostId, KEvent)>,
    seq: u64,
    /// NICs plugged into the underlay segment.
    pub segment: Vec<(HostId, DevId)>,
    pub tracing: bool,
    pub trace: Trace,
    /// Events processed since the world began.
    pub events: u64,
    pub seed: u64,
}

/// Events one command may cause before mesh stops it as a runaway.
pub const DEFAULT_BUDGET: u64 = 200_000;

impl World {
    pub fn new(seed: u64) -> World {
        World {
            now: Instant::ZERO,
            hosts: Vec::new(),
            queue: BinaryHeap::new(),
            deferred: Default::default(),
            seq: 0,
            segment: Vec::new(),
            tracing: false,
            trace: Trace::default(),
            events: 0,
            seed,
        }
    }

    /// Add a host with a fresh kernel.
    pub fn add_host(&mut self, name: &str) -> HostId {
        let id = HostId(self.hosts.len() as u32);
        let mut kernel = Kernel::new(name, self.seed);
        kernel.now = self.now;
        self.hosts.push(Host { name: name.to_string(), kernel });
        id
    }

    pub fn host(&self, id: HostId) -> &Host {
        &self.hosts[id.0 as usize]
    }

    pub fn host_by_name(&self, name: &str) -> Option<HostId> {
        self.hosts.iter().position(|h| h.name == name).map(|i| HostId(i as u32))
    }

    /// The kernel of a host, with its clock set to now, for an operation.
    /// Call [`World::collect`] afterwards (or use [`World::with_kernel`]).
    pub fn kernel_mut(&mut self, id: HostId) -> &mut Kernel {
        let now = self.now;
        let tracing = self.tracing;
        let k = &mut self.hosts[id.0 as usize].kernel;
        k.now = now;
        k.tracing = tracing;
        k
    }

    pub fn kernel(&self, id: HostId) -> &Kernel {
        &self.hosts[id.0 as usize].kernel
    }

    /// Run `f` on a host's kernel and schedule what it asked for.
    pub fn with_kernel<R>(&mut self, id: HostId, f: impl FnOnce(&mut Kernel) -> R) -> R {
        let r = f(self.kernel_mut(id));
        self.collect(id);
        r
    }

    /// Move a kernel's pending events into the queue and its hops into the trace.
    pub fn collect(&mut self, id: HostId) {
        let k = &mut self.hosts[id.0 as usize].kernel;
        for p in k.drain_pending() {
            if p.after_softirq {
                self.deferred.push_back((id, p.event));
            } else {
                self.seq += 1;
                self.queue.push(Reverse(Queued { at: self.now + p.delay, seq: self.seq, host: id, event: p.event }));
            }
        }
        let hops: Vec<Hop> = k.take_hops();
        if self.tracing {
            self.trace.hops.extend(hops);
        }
    }

    fn push(&mut self, at: Instant, host: HostId, event: KEvent) {
        self.seq += 1;
        self.queue.push(Reverse(Queued { at, seq: self.seq, host, event }));
    }

    /// Plug a NIC into the underlay segment.
    pub fn plug(&mut self, host: HostId, nic: DevId) {
        self.segment.push((host, nic));
    }

    /// The time of the next event.
    pub fn next_event_at(&self) -> Option<Instant> {
        if !self.deferred.is_empty() {
            return Some(self.now);
        }
        self.queue.peek().map(|Reverse(q)| q.at)
    }

    pub fn is_idle(&self) -> bool {
        self.queue.is_empty() && self.deferred.is_empty()
    }

    /// Process one event. Returns false if there was none.
    ///
    /// An application continuation deferred until its kernel's receive
    /// work drains runs as soon as the next queued event is not a frame
    /// arriving on that same host (the softirq loop has run dry there).
    pub fn step(&mut self) -> bool {
        if let Some(&(h, _)) = self.deferred.front() {
            let softirq_pending = self.queue.peek().is_some_and(|Reverse(q)| q.host == h && matches!(q.event, KEvent::Rx { .. }));
            if !softirq_pending {
                if let Some((h, ev)) = self.deferred.pop_front() {
                    self.events += 1;
                    self.dispatch(h, ev);
                }
                return true;
            }
        }
        let Some(Reverse(q)) = self.queue.pop() else { return false };
        if q.at > self.now {
            self.now = q.at;
        }
        self.events += 1;
        self.dispatch(q.host, q.event);
        true
    }

    fn dispatch(&mut self, host: HostId, event: KEvent) {
        match event {
            KEvent::Wire { dev, frame } => self.wire_deliver(host, dev, frame),
            ev => {
                let k = self.kernel_mut(host);
                match ev {
                    KEvent::Rx { dev, frame, meta } => k.netif_receive(dev, frame, meta),
                    KEvent::TcpTimer { ns, sock, timer, generation } => k.tcp_timer(ns, sock, timer, generation),
                    KEvent::NeighTimer { ns, dev, ip, generation } => k.neigh_timer(ns, dev, ip, generation),
                    KEvent::AppWake(a) => k.app_poll(a),
                    KEvent::AppTimer { app, generation } => k.app_timer(app, generation),
                    KEvent::FragTimer { ns, serial } => k.frag_timer(ns, serial),
                    KEvent::ProxyArp { dev, frame } => k.arp_proxy_timer(dev, frame),
                    KEvent::Wire { .. } => {}
                }
                self.collect(host);
            }
        }
    }

    /// The underlay: deliver a frame from one NIC to the NICs it is for.
    fn wire_deliver(&mut self, from_host: HostId, from_dev: DevId, mut frame: Vec<u8>) {
        let Some(dst) = frame.get(0..6) else { return };
        let broadcast = dst[0] & 1 == 1;
        let targets: Vec<(HostId, DevId)> = self
            .segment
            .iter()
            .copied()
            .filter(|&(h, d)| (h, d) != (from_host, from_dev))
            .filter(|&(h, d)| {
                let dev = self.hosts[h.0 as usize].kernel.dev_try(d);
                dev.is_some_and(|x| broadcast || x.mac.0 == dst || x.promisc > 0)
            })
            .collect();
        let mut targets = targets.into_iter().peekable();
        while let Some((h, d)) = targets.next() {
            // The last receiver gets the frame itself, the others copies.
            let f = if targets.peek().is_none() { std::mem::take(&mut frame) } else { frame.clone() };
            self.push(self.now + crate::kernel::dp::WIRE_DELAY, h, KEvent::Rx { dev: d, frame: f, meta: crate::kernel::dp::PktMeta::default() });
        }
    }

    /// Run until `done` holds, the world is idle, `deadline` passes, or
    /// `budget` events were processed. Time advances to the last event run
    /// (or to the deadline when it passes).
    pub fn run_until(&mut self, mut done: impl FnMut(&World) -> bool, deadline: Instant, budget: u64) -> RunEnd {
        let mut n = 0u64;
        loop {
            if done(self) {
                return RunEnd::Done;
            }
            match self.next_event_at() {
                None => return RunEnd::Idle,
                Some(t) if t > deadline => {
                    self.now = self.now.max(deadline);
                    return RunEnd::Deadline;
                }
                Some(_) => {}
            }
            if n >= budget {
                return RunEnd::Budget;
            }
            self.step();
            n += 1;
        }
    }

    /// Let everything due within `window` happen (the quiet tail of a
    /// command: teardown packets, delayed ACKs), leaving later timers queued.
    pub fn settle(&mut self, window: Duration, budget: u64) -> RunEnd {
        let deadline = self.now + window;
        let end = self.run_until(|_| false, deadline, budget);
        if end == RunEnd::Deadline || end == RunEnd::Idle {
            self.now = self.now.max(deadline);
        }
        end
    }

    /// Advance the clock by `d`, running every event due on the way.
    pub fn advance(&mut self, d: Duration, budget: u64) -> RunEnd {
        self.settle(d, budget)
    }
}
