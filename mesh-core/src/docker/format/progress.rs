//! The convergence progress of `docker service create|update|scale`
//! (docker/cli `service/progress/progress.go`, rendered by moby's
//! `jsonmessage`).
//!
//! The CLI polls the service and its up-to-date tasks every 200 ms and
//! writes progress messages: `overall progress: N out of M tasks`, one bar
//! per replica slot (`1/2: running   [====…>] `, at most 20 bars) or per
//! node for global services (the node ID cut to 12), and once every task
//! runs, `verify: Waiting N seconds to verify that tasks are stable...`
//! until the monitor period (5 s) has passed, then `verify: Service
//! converged`.
//!
//! [`ServiceProgress`] replays that algorithm over polls the caller supplies
//! (task states at a virtual time), collecting the messages. They are shown
//! two ways, as the CLI does:
//! - on a terminal ([`ServiceProgress::terminal_screen`]) every message
//!   rewrites the line of its ID in place (cursor movements); mesh returns
//!   the settled screen — the last text of each line, each ending in the
//!   space jsonmessage prints before the (possibly empty) bar. This is what
//!   the seed shows and what mesh's terminal displays. The bars appear only
//!   when the terminal is wider than 110 columns (jsonmessage's rule).
//! - when stdout is not a terminal ([`ServiceProgress::plain_log`]), bars
//!   are dropped and every other message is printed on its own line, so the
//!   log repeats `overall progress` and `verify: Waiting …` lines.
//!
//! A rollback ([`ServiceProgress::rollback_started`]) first writes the
//! update status message (`rollback: manually requested rollback`), then
//! counts `overall progress: rolling back update: N out of M tasks`; the
//! bars fill left to right as for an update (docker/cli 20.10 and older
//! drew them reversed). The Ctrl-C text ([`ctrl_c_lines`]) is what the CLI
//! prints when the user stops waiting.
//!
//! Not modelled: paused updates and failure-triggered rollbacks, jobs.

use std::collections::{BTreeMap, BTreeSet};

use crate::docker::text::truncate_id;

/// The service mode, as the progress updater sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProgressMode {
    Replicated { replicas: u64 },
    Global,
}

/// One up-to-date task at a poll.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProgressTask {
    pub slot: u64,
    pub node_id: String,
    /// `DesiredState` and `Status.State` (`new` … `running`, `shutdown`, …).
    pub desired_state: String,
    pub state: String,
    /// `Status.Err`.
    pub err: String,
}

/// The order of task states (`numberedStates`); 0 for unknown states.
fn state_number(state: &str) -> u64 {
    match state {
        "new" => 1,
        "allocated" => 2,
        "pending" => 3,
        "assigned" => 4,
        "accepted" => 5,
        "preparing" => 6,
        "ready" => 7,
        "starting" => 8,
        "running" => 9,
        "complete" => 10,
        "shutdown" => 11,
        "failed" => 12,
        "rejected" => 13,
        _ => 0,
    }
}

fn terminal_state(state: &str) -> bool {
    state_number(state) > 9
}

/// The width states are padded to: the longest non-terminal state name
/// (plus `complete`), 9.
const LONGEST_STATE: usize = 9;
const MAX_PROGRESS_BARS: u64 = 20;
const MONITOR_NANOS: i64 = 5_000_000_000;

/// One progress message (moby `progress.Progress` written as JSON).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Message {
    id: String,
    action: String,
    /// `Current`/`Total` of a bar (total 9), if the message has one.
    bar: Option<u64>,
}

/// The progress of one service's convergence, fed poll by poll.
#[derive(Clone, Debug)]
pub struct ServiceProgress {
    mode: ProgressMode,
    messages: Vec<Message>,
    initialized: bool,
    done: bool,
    slot_map: BTreeMap<u64, u64>,
    converged: bool,
    converged_at: Option<i64>,
    finished: bool,
    rollback: bool,
    /// How long every task must stay running (the spec's
    /// `UpdateConfig.Monitor`, 5 s unless set).
    monitor_ns: i64,
}

/// What the CLI prints when Ctrl-C stops it waiting for a service that has
/// not converged (`Operation continuing in background.`, then where to
/// look); `service` is named as the user named it.
pub fn ctrl_c_lines(service: &str) -> String {
    format!("Operation continuing in background.\nUse `docker service ps {service}` to check progress.\n")
}

impl ServiceProgress {
    pub fn new(mode: ProgressMode) -> ServiceProgress {
        ServiceProgress {
            mode,
            messages: Vec::new(),
            initialized: false,
            done: false,
            slot_map: BTreeMap::new(),
            converged: false,
            converged_at: None,
            finished: false,
            rollback: false,
            monitor_ns: MONITOR_NANOS,
        }
    }

    /// The monitor period, from the service's `UpdateConfig.Monitor`.
    pub fn set_monitor(&mut self, nanos: i64) {
        self.monitor_ns = nanos;
    }

    /// The service's update status turned to `rollback_started` with
    /// `message`: the CLI writes it once, and counts tasks as rolling back.
    pub fn rollback_started(&mut self, message: &str) {
        if !self.rollback && !message.is_empty() {
            self.write("rollback", message, None);
        }
        self.rollback = true;
    }

    /// Whether `verify: Service converged` has been written (the command
    /// returns).
    pub fn finished(&self) -> bool {
        self.finished
    }

    fn write(&mut self, id: impl Into<String>, action: impl Into<String>, bar: Option<u64>) {
        self.messages.push(Message { id: id.into(), action: action.into(), bar });
    }

    fn overall(&mut self, running: u64, total: u64) {
        let rolling_back = if self.rollback { "rolling back update: " } else { "" };
        self.write("overall progress", format!("{rolling_back}{running} out of {total} tasks"), None);
    }

    /// One poll at virtual time `now` (ns): the service's up-to-date tasks
    /// and the nodes that are not down. Returns [`Self::finished`].
    pub fn poll(&mut self, now: i64, tasks: &[ProgressTask], active_nodes: &BTreeSet<String>) -> bool {
        if self.finished {
            return true;
        }
        if let Some(at) = self.converged_at
            && self.converged
            && now.saturating_sub(at) >= self.monitor_ns
        {
            self.write("verify", "Service converged", None);
            self.finished = true;
            return true;
        }
        self.converged = match self.mode {
            ProgressMode::Replicated { replicas } => self.update_replicated(replicas, tasks, active_nodes),
            ProgressMode::Global => self.update_global(tasks, active_nodes),
        };
        if self.converged {
            let at = *self.converged_at.get_or_insert(now);
            let wait = self.monitor_ns - now.saturating_sub(at);
            if wait >= 0 {
                // Real time always moves a little between polls, so Go sees
                // just under a whole number of seconds: round up.
                self.write("verify", format!("Waiting {} seconds to verify that tasks are stable...", (wait - 1) / 1_000_000_000 + 1), None);
            }
        } else {
            if self.converged_at.is_some() {
                self.write("verify", "Detected task failure", None);
            }
            self.converged_at = None;
        }
        false
    }

    /// Prefer, per key, the task with the lowest desired state, then the
    /// lowest observed state (restarts and start-first updates).
    fn pick<'a, K: Ord>(tasks: impl Iterator<Item = (K, &'a ProgressTask)>) -> BTreeMap<K, &'a ProgressTask> {
        let mut by_key: BTreeMap<K, &ProgressTask> = BTreeMap::new();
        for (key, task) in tasks {
            if state_number(&task.desired_state) == 0 || state_number(&task.state) == 0 {
                continue;
            }
            if let Some(existing) = by_key.get(&key) {
                let (ed, td) = (state_number(&existing.desired_state), state_number(&task.desired_state));
                if ed < td || (ed == td && state_number(&existing.state) <= state_number(&task.state)) {
                    continue;
                }
            }
            by_key.insert(key, task);
        }
        by_key
    }

    fn task_message(&mut self, id: String, task: &ProgressTask) {
        if !task.err.is_empty() {
            self.write(id, trunc_error(&task.err), None);
        } else if !terminal_state(&task.desired_state) && !terminal_state(&task.state) {
            self.write(id, format!("{:<LONGEST_STATE$}", task.state), Some(state_number(&task.state)));
        }
    }

    fn update_replicated(&mut self, replicas: u64, tasks: &[ProgressTask], active_nodes: &BTreeSet<String>) -> bool {
        if !self.initialized {
            self.overall(0, replicas);
            if replicas <= MAX_PROGRESS_BARS {
                for i in 1..=replicas {
                    self.write(format!("{i}/{replicas}"), " ", None);
                }
            }
            self.initialized = true;
        }
        let usable = tasks.iter().filter(|t| t.node_id.is_empty() || active_nodes.contains(&t.node_id));
        let by_slot = Self::pick(usable.map(|t| (t.slot, t)));
        if self.done && by_slot.values().any(|t| t.state != "running") {
            self.done = false;
        }
        let mut running = 0;
        for (slot, task) in by_slot {
            let next = self.slot_map.len() as u64 + 1;
            let mapped = *self.slot_map.entry(slot).or_insert(next);
            if !terminal_state(&task.desired_state) && task.state == "running" {
                running += 1;
            }
            if !self.done && replicas <= MAX_PROGRESS_BARS && mapped <= replicas {
                self.task_message(format!("{mapped}/{replicas}"), task);
            }
        }
        if !self.done {
            self.overall(running, replicas);
            if running == replicas {
                self.done = true;
            }
        }
        running == replicas
    }

    fn update_global(&mut self, tasks: &[ProgressTask], active_nodes: &BTreeSet<String>) -> bool {
        let by_node = Self::pick(tasks.iter().map(|t| (t.node_id.clone(), t)));
        let node_count = by_node.len() as u64;
        if !self.initialized {
            if node_count == 0 {
                self.write("overall progress", "waiting for new tasks", None);
                return false;
            }
            self.overall(0, node_count);
            self.initialized = true;
        }
        if self.done && by_node.values().any(|t| t.state != "running") {
            self.done = false;
        }
        let mut running = 0;
        for (node, task) in by_node {
            if !active_nodes.contains(&node) {
                continue;
            }
            if !terminal_state(&task.desired_state) && task.state == "running" {
                running += 1;
            }
            if !self.done && node_count <= MAX_PROGRESS_BARS {
                self.task_message(truncate_id(&node), task);
            }
        }
        if !self.done {
            self.overall(running, node_count);
            if running == node_count {
                self.done = true;
            }
        }
        running == node_count
    }

    /// The settled terminal screen (one line per progress ID, in order of
    /// first appearance). `width` is the terminal width: bars need > 110.
    pub fn terminal_screen(&self, width: usize) -> String {
        let mut lines: Vec<(String, String)> = Vec::new();
        for m in &self.messages {
            let text = format!("{}: {} {}", m.id, m.action, m.bar.map_or(String::new(), |n| bar(n, width)));
            match lines.iter_mut().find(|(id, _)| *id == m.id) {
                Some(line) => line.1 = text,
                None => lines.push((m.id.clone(), text)),
            }
        }
        lines.into_iter().map(|(_, text)| text + "\n").collect()
    }

    /// What the CLI prints when stdout is not a terminal.
    pub fn plain_log(&self) -> String {
        self.messages.iter().filter(|m| m.bar.is_none()).map(|m| format!("{}: {}\n", m.id, m.action)).collect()
    }
}

/// `JSONProgress.String()` for a bar of `current` out of 9 with hidden
/// counts: `[===…>   ] ` when the terminal is wider than 110 columns.
fn bar(current: u64, width: usize) -> String {
    if width <= 110 {
        return String::new();
    }
    let percentage = ((current * 100) / 9 / 2).min(50) as usize;
    format!("[{}>{}] ", "=".repeat(percentage), " ".repeat(50 - percentage))
}

/// `truncError`: newlines flattened, cut to 75 bytes.
fn trunc_error(err: &str) -> String {
    let flat = err.replace('\n', " ");
    if flat.len() <= 75 {
        return flat;
    }
    let mut cut = 74;
    while !flat.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}…", &flat[..cut])
}

/// `docker service create` on a terminal once converged: the service ID,
/// then the settled progress screen.
pub fn render_create_output(service_id: &str, progress: &ServiceProgress, width: usize) -> String {
    format!("{service_id}\n{}", progress.terminal_screen(width))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEC: i64 = 1_000_000_000;

    fn task(slot: u64, node: &str, state: &str) -> ProgressTask {
        ProgressTask { slot, node_id: node.into(), desired_state: "running".into(), state: state.into(), err: String::new() }
    }

    fn nodes() -> BTreeSet<String> {
        ["n1", "n2"].map(String::from).into_iter().collect()
    }

    fn seed_progress() -> ServiceProgress {
        let mut p = ServiceProgress::new(ProgressMode::Replicated { replicas: 2 });
        let polls = [
            (0, vec![task(1, "n2", "preparing"), task(2, "n1", "assigned")]),
            (SEC, vec![task(1, "n2", "running"), task(2, "n1", "starting")]),
            (2 * SEC, vec![task(1, "n2", "running"), task(2, "n1", "running")]),
            (4 * SEC, vec![task(1, "n2", "running"), task(2, "n1", "running")]),
            (7 * SEC, vec![task(1, "n2", "running"), task(2, "n1", "running")]),
        ];
        for (at, tasks) in polls {
            p.poll(at, &tasks, &nodes());
        }
        p
    }

    /// The seed's `service create` output, with the real spacing (the
    /// space jsonmessage leaves after the status, the bar's trailing space).
    #[test]
    fn terminal_screen_matches_the_seed() {
        let p = seed_progress();
        assert!(p.finished());
        let want = "\
j2bzt3mi7yedm4um6g5o96ndd
overall progress: 2 out of 2 tasks 
1/2: running   [==================================================>] 
2/2: running   [==================================================>] 
verify: Service converged 
";
        assert_eq!(render_create_output("j2bzt3mi7yedm4um6g5o96ndd", &p, 200), want);
        // A narrow terminal gets no bars.
        assert!(p.terminal_screen(80).contains("1/2: running   \n"));
    }

    #[test]
    fn plain_log_repeats_status_lines_without_bars() {
        let want = "\
overall progress: 0 out of 2 tasks
1/2:  
2/2:  
overall progress: 0 out of 2 tasks
overall progress: 1 out of 2 tasks
overall progress: 2 out of 2 tasks
verify: Waiting 5 seconds to verify that tasks are stable...
verify: Waiting 3 seconds to verify that tasks are stable...
verify: Service converged
";
        assert_eq!(seed_progress().plain_log(), want);
    }

    #[test]
    fn intermediate_bars_and_failures() {
        let mut p = ServiceProgress::new(ProgressMode::Replicated { replicas: 1 });
        p.poll(0, &[task(1, "n1", "preparing")], &nodes());
        assert_eq!(p.terminal_screen(200), "overall progress: 0 out of 1 tasks \n1/1: preparing [=================================>                 ] \n");
        let mut failed = task(1, "n1", "rejected");
        failed.err = "no suitable node (scheduling constraints not satisfied on 2 nodes)".into();
        p.poll(SEC, &[failed], &nodes());
        assert!(p.terminal_screen(200).contains("1/1: no suitable node (scheduling constraints not satisfied on 2 nodes) \n"));
        assert!(!p.finished());
    }

    /// `docker service rollback` as docker 24 prints it: the status message
    /// first, bars filling as for an update.
    #[test]
    fn rollback_says_so() {
        let mut p = ServiceProgress::new(ProgressMode::Replicated { replicas: 1 });
        p.rollback_started("manually requested rollback");
        for at in [0, 7 * SEC] {
            p.poll(at, &[task(1, "n1", "running")], &nodes());
        }
        let want = "\
rollback: manually requested rollback 
overall progress: rolling back update: 1 out of 1 tasks 
1/1: running   [==================================================>] 
verify: Service converged 
";
        assert_eq!(p.terminal_screen(200), want);
    }

    #[test]
    fn global_services_show_one_line_per_node() {
        let mut p = ServiceProgress::new(ProgressMode::Global);
        p.poll(0, &[], &nodes());
        assert_eq!(p.plain_log(), "overall progress: waiting for new tasks\n");
        let tasks = [task(0, "u36el9nkyamqgihcwj5yk4cwe", "running"), task(0, "0e8q2v9glvt56jbk9mpbkhc9l", "running")];
        let active: BTreeSet<String> = tasks.iter().map(|t| t.node_id.clone()).collect();
        for at in [SEC, 7 * SEC] {
            p.poll(at, &tasks, &active);
        }
        let want = "\
overall progress: 2 out of 2 tasks 
0e8q2v9glvt5: running   [==================================================>] 
u36el9nkyamq: running   [==================================================>] 
verify: Service converged 
";
        assert_eq!(p.terminal_screen(200), want);
    }
}
