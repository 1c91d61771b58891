//! The swarm manager: nodes, overlay networks with serial IPAM, services,
//! tasks, the spread scheduler, and the dispatch of every change to the
//! node agents in the order gossip would deliver it.
//!
//! Modelled from swarmkit: IDs (25 base-36 characters), VIPs and task
//! addresses allocated serially from each overlay (`.1` is the gateway;
//! node load-balancer addresses are allocated as nodes join), VNIs serially
//! from 4096, tasks placed on the eligible node with the fewest tasks of the
//! service (then fewest tasks overall, then lowest node ID), a drained node's
//! tasks shut down and rescheduled, ingress ports allocated from
//! 30000–32767 when not given. Changes reach the agents synchronously: the
//! task's own node first (local binding), then every other node (gossip).
//!
//! Placement constraints (swarmkit's `constraint` package,
//! [`crate::docker::constraint`]) filter the nodes a task may go to; a task
//! no node can take stays `Pending` with the scheduler's explanation
//! (`no suitable node (scheduling constraints not satisfied on 2 nodes)`)
//! and is placed as soon as a node qualifies (labels, availability, role).
//! A running task whose node no longer meets its constraints is rejected
//! (`assigned node no longer meets constraints`, as the constraint enforcer
//! does) and replaced. An update replaces exactly the tasks swarmkit finds
//! dirty: a changed task template or endpoint; a change of constraints
//! alone spares tasks whose node still meets them; labels and replicas
//! replace nothing. Like swarmkit's task reaper, each slot keeps at most
//! five tasks (the running one and its newest history).
//!
//! Updates roll as swarmkit's updater rolls them (`update/updater.go`):
//! the dirty tasks, in slot order, are replaced `Parallelism` at a time (0:
//! all at once); `stop-first` stops the old task (weight 0 everywhere, the
//! 2 s gossip delay, removal) before its replacement starts, `start-first`
//! starts the replacement first, so for a moment both serve (both are IPVS
//! destinations); each batch waits `Delay` after its tasks run; after the
//! last batch the updater watches for `Monitor` before the update status
//! says `completed`. All of it happens on the virtual clock: work that is
//! due later sits in [`Swarm::pending`] and runs when the clock passes it
//! ([`Swarm::advance`], [`Swarm::catch_up`]), so a detached command
//! (`-d`) returns while its tasks are still stopping or updating.
//!
//! Not modelled: raft and leader election, secrets/configs, update failures
//! (tasks never fail, so failure actions and ratios are stored and shown but
//! never act), health checks, placement preferences, restart policies.

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;

use super::agent::{Binding, ContainerSpec, Daemon, OverlayInfo, PortConfig, PublishMode, TaskSandbox};
use super::scenario::{Role, Scenario};
use crate::docker::constraint::{self, NodeFacts};
use crate::net::Ipv4Cidr;
use crate::rng::Rng;
use crate::sim::World;
use crate::time::Duration;

/// A node as the manager sees it.
#[derive(Clone, Debug)]
pub struct Node {
    pub id: String,
    pub hostname: String,
    pub daemon: usize,
    pub role: Role,
    pub leader: bool,
    pub drain: bool,
    pub addr: Ipv4Addr,
    pub engine: String,
    pub created_ns: i64,
    pub in_swarm: bool,
    /// `down` once the node has left (kept in `node ls` until `node rm`).
    pub down: bool,
    /// Network attachments: network id → the node's LB address.
    pub attachments: BTreeMap<String, Ipv4Cidr>,
    /// `Spec.Labels` (`docker node update --label-add`).
    pub labels: BTreeMap<String, String>,
}

/// An overlay network.
#[derive(Clone, Debug)]
pub struct Network {
    pub id: String,
    pub name: String,
    pub subnet: Ipv4Cidr,
    pub gateway: Ipv4Addr,
    pub vni: u32,
    pub ingress: bool,
    pub attachable: bool,
    pub created_ns: i64,
    /// Serial IPAM: the last offset handed out.
    last: u32,
    pub allocated: BTreeSet<Ipv4Addr>,
}

impl Network {
    pub fn info(&self) -> OverlayInfo {
        OverlayInfo { id: self.id.clone(), name: self.name.clone(), subnet: self.subnet, gateway: self.gateway, vni: self.vni, ingress: self.ingress }
    }

    /// Serial allocation: the next free address after the last one handed out.
    fn alloc(&mut self) -> Option<Ipv4Cidr> {
        let size = self.subnet.size();
        for step in 1..size {
            let off = (self.last + step) % size;
            if off == 0 || off == size - 1 {
                continue;
            }
            let ip = self.subnet.nth(off);
            if ip == self.gateway || self.allocated.contains(&ip) {
                continue;
            }
            self.last = off;
            self.allocated.insert(ip);
            return Some(Ipv4Cidr::new(ip, self.subnet.prefix_len));
        }
        None
    }

    fn release(&mut self, ip: Ipv4Addr) {
        self.allocated.remove(&ip);
    }
}

/// Service mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Replicated(u64),
    Global,
}

/// What the user asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceSpec {
    pub name: String,
    pub image: String,
    pub mode: Mode,
    pub dnsrr: bool,
    pub ports: Vec<PortConfig>,
    /// Network names or ids as given.
    pub networks: Vec<String>,
    pub hostname: Option<String>,
    pub env: Vec<String>,
    pub args: Vec<String>,
    /// `Spec.Labels` (`--label`).
    pub labels: BTreeMap<String, String>,
    /// `TaskTemplate.ContainerSpec.Labels` (`--container-label`).
    pub container_labels: BTreeMap<String, String>,
    /// `TaskTemplate.Placement.Constraints`, as given.
    pub constraints: Vec<String>,
    /// `ContainerSpec.Init` (`--init`).
    pub init: bool,
    /// `ContainerSpec.Healthcheck.Test = ["NONE"]` (`--no-healthcheck`).
    pub no_healthcheck: bool,
    /// `TaskTemplate.ForceUpdate`, counted up by `update --force`.
    pub force_update: u64,
    /// `UpdateConfig` (`--update-*`).
    pub update_policy: UpdatePolicy,
    /// `RollbackConfig` (`--rollback-*`).
    pub rollback_policy: UpdatePolicy,
}

/// `UpdateConfig` / `RollbackConfig` with swarmkit's defaults inserted
/// (`api/defaults`: parallelism 1, no delay, `pause` on failure, a 5 s
/// monitor, failure ratio 0, `stop-first`), as `service inspect` shows it:
/// the same type the renderer shows.
pub use crate::docker::format::service::UpdateConfigView as UpdatePolicy;

impl UpdatePolicy {
    pub fn start_first(&self) -> bool {
        self.order == "start-first"
    }

    /// What the daemon refuses before storing a spec: moby's
    /// `updateConfigToGRPC` (daemon/cluster/convert/service.go), then
    /// swarmkit's `validateUpdate` (manager/controlapi/service.go).
    pub fn validate(&self) -> Result<(), String> {
        if !matches!(self.failure_action.as_str(), "pause" | "continue" | "rollback" | "") {
            return Err(format!("unrecognized update failure action {}", self.failure_action));
        }
        if !matches!(self.order.as_str(), "stop-first" | "start-first" | "") {
            return Err(format!("unrecognized update order {}", self.order));
        }
        if self.delay_ns < 0 {
            return Err("rpc error: code = InvalidArgument desc = TaskSpec: update-delay cannot be negative".into());
        }
        if self.monitor_ns < 0 {
            return Err("rpc error: code = InvalidArgument desc = TaskSpec: update-monitor cannot be negative".into());
        }
        let ratio: f32 = self.max_failure_ratio.parse().unwrap_or(0.0);
        if !(0.0..=1.0).contains(&ratio) {
            return Err("rpc error: code = InvalidArgument desc = TaskSpec: update-maxfailureratio cannot be less than 0 or bigger than 1".into());
        }
        Ok(())
    }
}

impl ServiceSpec {
    /// What a task is made from: the spec without the service-level
    /// fields (name, mode, labels) and without the constraints, which
    /// [`Swarm::task_dirty`] weighs separately.
    fn task_template(&self) -> ServiceSpec {
        ServiceSpec {
            name: String::new(),
            mode: Mode::Global,
            labels: BTreeMap::new(),
            constraints: Vec::new(),
            update_policy: UpdatePolicy::default(),
            rollback_policy: UpdatePolicy::default(),
            ..self.clone()
        }
    }
}

/// A service.
#[derive(Clone, Debug)]
pub struct Service {
    pub id: String,
    pub spec: ServiceSpec,
    pub previous: Option<ServiceSpec>,
    pub version: u64,
    pub created_ns: i64,
    pub updated_ns: i64,
    /// Network ids the service is attached to (ingress first when it publishes in ingress mode).
    pub networks: Vec<String>,
    /// VIPs per network id.
    pub vips: BTreeMap<String, Ipv4Cidr>,
    /// Ports with published numbers assigned.
    pub ports: Vec<PortConfig>,
    /// The last update's status, when it replaced tasks or was a rollback.
    pub update_status: Option<UpdateStatus>,
}

/// `UpdateStatus` as swarmkit's updater sets it: `updating` with `update
/// in progress` (or `rollback_started` with `manually requested rollback`)
/// while it rolls, then `completed` with `update completed` (or
/// `rollback_completed` with `rollback completed`). `completed_ns` is 0
/// while it rolls.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpdateStatus {
    pub state: &'static str,
    pub started_ns: i64,
    pub completed_ns: i64,
    pub message: &'static str,
}

/// Work due later on the virtual clock.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Deferred {
    /// The second half of a graceful stop (after the weight-0 window),
    /// then what the stop was for.
    FinishStop { task_id: String, bindings: Vec<Binding>, then: AfterStop },
    /// The next batch (or the end of the monitor period) of a rolling update.
    RolloutStep { service_id: String },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AfterStop {
    Nothing,
    /// A scaled-down slot: its tasks leave `service ps`, history included.
    RemoveSlot,
    /// A stop-first update: the slot's replacement starts.
    Replace,
}

/// A rolling update in progress (swarmkit's `Updater`).
#[derive(Clone, Debug)]
struct Rollout {
    /// The old tasks still to replace, in slot order.
    queue: std::collections::VecDeque<String>,
    policy: UpdatePolicy,
    rollback: bool,
    started_ns: i64,
    /// Replacements of the current batch still to start (stop-first).
    in_flight: usize,
    /// Every batch ran; the monitor period is under way.
    monitoring: bool,
    /// Each old task's bindings as it was started (the service's ports and
    /// VIPs may have changed since).
    old_bindings: BTreeMap<String, Vec<Binding>>,
}

/// Task states (the ones mesh uses).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TaskState {
    New,
    /// No node can take the task yet (its error says why).
    Pending,
    Running,
    Shutdown,
    Rejected,
    /// A desired state only: a scaled-down slot's task (swarmkit's
    /// `TaskStateRemove`), shown until it stopped and the slot went.
    Remove,
}

impl TaskState {
    pub fn name(self) -> &'static str {
        match self {
            TaskState::New => "new",
            TaskState::Pending => "pending",
            TaskState::Running => "running",
            TaskState::Shutdown => "shutdown",
            TaskState::Rejected => "rejected",
            TaskState::Remove => "remove",
        }
    }
}

/// A task.
#[derive(Clone, Debug)]
pub struct Task {
    pub id: String,
    pub service_id: String,
    /// Replicated slot, or 0 for global tasks (named by node).
    pub slot: u64,
    /// Empty while the task is `Pending`.
    pub node_id: String,
    pub desired: TaskState,
    pub state: TaskState,
    pub state_ns: i64,
    pub created_ns: i64,
    pub container_id: String,
    pub networks: Vec<(String, Ipv4Cidr)>,
    pub error: Option<String>,
    pub image: String,
    /// The task's node left the swarm while it ran: the manager never
    /// heard it stop, so `service ps` keeps showing it as running.
    pub orphaned: bool,
    /// The service spec the task was made from.
    pub spec: ServiceSpec,
}

impl Task {
    /// Running on a node that is still in the swarm.
    pub fn live(&self) -> bool {
        self.state == TaskState::Running && !self.orphaned
    }
}

/// The manager's whole state, plus the node agents.
pub struct Swarm {
    pub scenario: Scenario,
    pub cluster_id: Option<String>,
    pub created_ns: i64,
    pub nodes: Vec<Node>,
    pub daemons: Vec<Daemon>,
    pub networks: BTreeMap<String, Network>,
    pub services: BTreeMap<String, Service>,
    pub tasks: BTreeMap<String, Task>,
    rng: Rng,
    next_vni: u32,
    next_subnet: u32,
    pub worker_token: String,
    pub manager_token: String,
    /// The command being carried out (provenance for kernel objects).
    pub origin: Option<crate::kernel::Origin>,
    /// Nodes that left the swarm, as the manager still lists them (`Down`).
    pub departed: Vec<Node>,
    /// What gossip already carried, per network: (receiving daemon, sending
    /// daemon) → the sender's `endpoint_gen` and the receiver's
    /// `peer_loss_gen` when the receiver last learned every endpoint of the
    /// sender. While both are unchanged, a new exchange would add nothing.
    peer_sync: BTreeMap<String, BTreeMap<(usize, usize), (u64, u64)>>,
    /// Work due later, by (time, order queued).
    pending: BTreeMap<(crate::time::Instant, u64), Deferred>,
    pending_seq: u64,
    /// Rolling updates in progress, by service id.
    rollouts: BTreeMap<String, Rollout>,
    /// Scale-downs leave their tasks stopping (`docker service scale -d`).
    scale_down_later: bool,
}

/// How long a stopping task's destinations stay at weight 0 before the
/// container stops (libnetwork's `defaultGossipConvergeDelay`).
const STOP_DELAY: Duration = Duration::from_secs(2);

/// How many tasks a slot keeps (`docker swarm init --task-history-limit`,
/// default 5), the running one included.
const TASK_HISTORY_LIMIT: usize = 5;

/// Images mesh can run (no pulling).
pub const KNOWN_IMAGES: [&str; 8] = ["containous/whoami", "traefik/whoami", "nginx", "alpine", "busybox", "nicolaka/netshoot", "ubuntu", "debian"];

/// The repository part of an image reference (`nginx:1.25` → `nginx`).
pub fn image_repo(image: &str) -> &str {
    let no_digest = image.split('@').next().unwrap_or(image);
    match no_digest.rsplit_once(':') {
        Some((repo, tag)) if !tag.contains('/') => repo,
        _ => no_digest,
    }
}

/// `image:latest` unless a tag was given.
pub fn image_with_tag(image: &str) -> String {
    if image_repo(image) == image && !image.contains('@') { format!("{image}:latest") } else { image.to_string() }
}

impl Swarm {
    /// Build the world of a scenario: machines, daemons, and the swarm as
    /// the scenario describes it.
    pub fn build(scenario: &Scenario, seed: u64) -> (World, Swarm) {
        let mut w = World::new(seed);
        let mut sw = Swarm {
            scenario: scenario.clone(),
            cluster_id: None,
            created_ns: 0,
            nodes: Vec::new(),
            daemons: Vec::new(),
            networks: BTreeMap::new(),
            services: BTreeMap::new(),
            tasks: BTreeMap::new(),
            rng: Rng::new(seed, "swarm"),
            next_vni: scenario.ingress_vni,
            next_subnet: 1,
            worker_token: String::new(),
            manager_token: String::new(),
            origin: None,
            departed: Vec::new(),
            peer_sync: BTreeMap::new(),
            pending: BTreeMap::new(),
            pending_seq: 0,
            rollouts: BTreeMap::new(),
            scale_down_later: false,
        };
        for n in &scenario.nodes {
            let h = super::build::add_machine(&mut w, scenario, &n.name, n.ip);
            let id = n.id.clone().unwrap_or_else(|| sw.rng.base36(25));
            let mut d = Daemon::new(&n.name, h, n.ip, &n.engine, n.fwmark_start, seed, scenario.wall_epoch, scenario.data_path_port);
            d.origin = Some(crate::kernel::Origin::from("dockerd (the daemon starting)"));
            d.start(&mut w, n.docker0, n.gwbridge, n.restarted);
            d.origin = None;
            if n.restarted {
                // A long-running host: its interface counter is far along.
                w.with_kernel(h, |k| k.set_next_ifindex(crate::kernel::INIT_NETNS, 118));
            }
            sw.nodes.push(Node {
                id,
                hostname: n.name.clone(),
                daemon: sw.daemons.len(),
                role: n.role,
                leader: false,
                drain: n.drain,
                addr: n.ip,
                engine: n.engine.clone(),
                created_ns: 0,
                in_swarm: false,
                down: false,
                attachments: BTreeMap::new(),
                labels: BTreeMap::new(),
            });
            sw.daemons.push(d);
        }
        for h in &scenario.hosts {
            super::build::add_machine(&mut w, scenario, &h.name, h.ip);
        }
        // Form the swarm: the first manager initialises, the others join.
        if let Some(first) = sw.nodes.iter().position(|n| n.role == Role::Manager) {
            let addr = sw.nodes[first].addr;
            sw.origin = Some(crate::kernel::Origin::from(format!("docker swarm init --advertise-addr {addr}").as_str()));
            let _ = sw.init(&mut w, first, addr);
            for i in 0..sw.nodes.len() {
                if i != first && sw.nodes[i].role != Role::None {
                    let role = sw.nodes[i].role;
                    let token = if role == Role::Manager { "SWMTKN-1-…(manager)" } else { "SWMTKN-1-…(worker)" };
                    sw.origin = Some(crate::kernel::Origin::from(format!("docker swarm join --token {token} {addr}:2377").as_str()));
                    let _ = sw.join(&mut w, i, role);
                }
            }
            sw.origin = None;
        }
        super::build::settle(&mut w);
        (w, sw)
    }

    pub fn wall_ns(&self, w: &World) -> i64 {
        self.scenario.wall_epoch * 1_000_000_000 + w.now.as_nanos() as i64
    }

    pub fn node_index_by_host(&self, host: crate::sim::HostId) -> Option<usize> {
        self.daemons.iter().position(|d| d.host == host)
    }

    /// Whether a node can run manager commands.
    pub fn is_manager(&self, node: usize) -> bool {
        self.nodes.get(node).is_some_and(|n| n.in_swarm && n.role == Role::Manager)
    }

    fn set_origin(&mut self) {
        let o = self.origin.clone();
        for d in &mut self.daemons {
            d.origin = o.clone();
        }
    }

    // ----- swarm membership -------------------------------------------------------

    /// `docker swarm init`: the cluster, the ingress network, this node's attachment.
    pub fn init(&mut self, w: &mut World, node: usize, advertise: Ipv4Addr) -> Result<(), String> {
        if self.nodes[node].in_swarm {
            return Err("This node is already part of a swarm. Use \"docker swarm leave\" to leave this swarm and join another one.".into());
        }
        self.set_origin();
        self.cluster_id = Some(self.rng.base36(25));
        self.created_ns = self.wall_ns(w);
        let ca = self.rng.base36(50);
        self.worker_token = format!("SWMTKN-1-{ca}-{}", self.rng.base36(25));
        self.manager_token = format!("SWMTKN-1-{ca}-{}", self.rng.base36(25));
        let id = self.scenario.ingress_id.clone().unwrap_or_else(|| self.rng.base36(25));
        let subnet = self.scenario.ingress_subnet.network();
        let vni = self.next_vni;
        self.next_vni += 1;
        let now = self.wall_ns(w);
        self.networks.insert(
            id.clone(),
            Network {
                id,
                name: "ingress".into(),
                subnet,
                gateway: subnet.nth(1),
                vni,
                ingress: true,
                attachable: false,
                created_ns: now,
                last: 1,
                allocated: BTreeSet::from([subnet.nth(1)]),
            },
        );
        let n = &mut self.nodes[node];
        n.in_swarm = true;
        n.role = Role::Manager;
        n.leader = true;
        n.addr = advertise;
        n.created_ns = now;
        self.attach_ingress(w, node);
        Ok(())
    }

    /// `docker swarm join`.
    pub fn join(&mut self, w: &mut World, node: usize, role: Role) -> Result<(), String> {
        if self.nodes[node].in_swarm {
            return Err("This node is already part of a swarm. Use \"docker swarm leave\" to leave this swarm and join another one.".into());
        }
        if self.cluster_id.is_none() {
            return Err("Timeout was reached before node joined. The attempt to join the swarm will continue in the background. Use the \"docker info\" command to see the current swarm status of your node.".into());
        }
        self.set_origin();
        let now = self.wall_ns(w);
        let n = &mut self.nodes[node];
        n.in_swarm = true;
        n.role = role;
        n.created_ns = now;
        self.attach_ingress(w, node);
        // The new node learns every existing service binding on its networks.
        let bindings = self.all_bindings();
        for b in bindings {
            if self.node_has_network(node, &b.network_id) {
                let d = self.nodes[node].daemon;
                self.daemons[d].add_service_binding(w, &b);
            }
        }
        Ok(())
    }

    /// `docker swarm leave [--force]`: the node's tasks stop and its
    /// daemon tears down everything swarm-scoped (ingress and LB sandboxes,
    /// overlay namespaces, the host's ingress rules); the other nodes forget
    /// its overlay peers; the manager lists it as `Down` and reschedules its
    /// tasks. When the last manager leaves, the cluster's state is erased
    /// (workers keep running what they run, as with Docker, until they
    /// leave too).
    pub fn leave(&mut self, w: &mut World, node: usize) {
        self.set_origin();
        let node_id = self.nodes[node].id.clone();
        let nd = self.nodes[node].daemon;
        let vtep = self.daemons[nd].addr;
        let ran: Vec<Task> = self.tasks.values().filter(|t| t.node_id == node_id && t.live()).cloned().collect();
        for t in &ran {
            self.stop_task(w, &t.id);
            if let Some(x) = self.tasks.get_mut(&t.id) {
                x.state = TaskState::Running;
                x.state_ns = t.state_ns;
                x.orphaned = true;
            }
        }
        self.daemons[nd].leave_swarm(w);
        for d in 0..self.daemons.len() {
            if d == nd {
                continue;
            }
            let gone: Vec<(String, Ipv4Addr, crate::wire::EthernetAddress)> = self.daemons[d]
                .overlays
                .iter()
                .flat_map(|(net, o)| o.peers.iter().filter(|p| p.2 == vtep).map(|p| (net.clone(), p.0, p.1)).collect::<Vec<_>>())
                .collect();
            for (net, ip, mac) in gone {
                self.daemons[d].peer_del(w, &net, ip, mac, vtep);
            }
        }
        let was_manager = self.nodes[node].role == Role::Manager;
        let mut gone = self.nodes[node].clone();
        gone.down = true;
        gone.leader = false;
        let n = &mut self.nodes[node];
        n.in_swarm = false;
        n.leader = false;
        n.role = Role::None;
        n.drain = false;
        n.attachments.clear();
        n.labels.clear();
        n.id = self.rng.base36(25);
        let managers_left = self.nodes.iter().any(|n| n.in_swarm && n.role == Role::Manager);
        if was_manager && !managers_left {
            // The last manager: the cluster's state goes with it.
            self.cluster_id = None;
            self.services.clear();
            self.tasks.clear();
            self.pending.clear();
            self.rollouts.clear();
            self.networks.clear();
            self.departed.clear();
            self.worker_token.clear();
            self.manager_token.clear();
            return;
        }
        if gone.leader {
            if let Some(m) = self.nodes.iter_mut().find(|n| n.in_swarm && n.role == Role::Manager) {
                m.leader = true;
            }
        }
        self.departed.push(gone);
        let svcs: Vec<String> = self.services.keys().cloned().collect();
        for s in svcs {
            self.reconcile(w, &s);
        }
    }

    /// `docker node rm`: a departed node leaves the list; a live one only with `--force`.
    pub fn node_rm(&mut self, w: &mut World, r: &str, force: bool) -> Result<(), String> {
        if let Some(i) = self.departed.iter().position(|n| n.id == r || n.hostname == r || (r.len() >= 1 && n.id.starts_with(r))) {
            let gone = self.departed.remove(i);
            if let Some(ing) = self.ingress_id() {
                for (net, ip) in &gone.attachments {
                    if *net == ing || self.networks.contains_key(net) {
                        if let Some(n) = self.networks.get_mut(net) {
                            n.release(ip.addr);
                        }
                    }
                }
            }
            return Ok(());
        }
        let Some(i) = self.member_index(r) else { return Err(format!("node {r} not found")) };
        if !force {
            return Err(format!("rpc error: code = FailedPrecondition desc = node {} is not down and can't be removed", self.nodes[i].id));
        }
        if self.nodes[i].role == Role::Manager {
            return Err(format!(
                "rpc error: code = FailedPrecondition desc = node {} is a cluster manager and is a member of the raft cluster. It must be demoted to worker before removal",
                self.nodes[i].id
            ));
        }
        self.leave(w, i);
        if let Some(p) = self.departed.iter().position(|n| n.hostname == self.nodes[i].hostname) {
            self.departed.remove(p);
        }
        Ok(())
    }

    /// `docker node promote|demote`: `Ok(false)` when the node already has the role.
    pub fn node_set_role(&mut self, r: &str, manager: bool) -> Result<bool, String> {
        let Some(i) = self.member_index(r) else { return Err(format!("node {r} not found")) };
        let want = if manager { Role::Manager } else { Role::Worker };
        if self.nodes[i].role == want {
            return Ok(false);
        }
        if !manager && self.nodes.iter().filter(|n| n.in_swarm && n.role == Role::Manager).count() == 1 {
            return Err("rpc error: code = FailedPrecondition desc = attempting to demote the last manager of the swarm".into());
        }
        self.nodes[i].role = want;
        if !manager && self.nodes[i].leader {
            self.nodes[i].leader = false;
            if let Some(m) = self.nodes.iter_mut().find(|n| n.in_swarm && n.role == Role::Manager) {
                m.leader = true;
            }
        }
        Ok(true)
    }

    /// A node of the swarm (not one that left) by ID, ID prefix or hostname.
    pub fn member_index(&self, r: &str) -> Option<usize> {
        self.node_index(r).filter(|&i| self.nodes[i].in_swarm)
    }

    /// Allocate a node's ingress attachment and create its ingress sandbox;
    /// exchange overlay peers with the other nodes.
    fn attach_ingress(&mut self, w: &mut World, node: usize) {
        let Some(ingress_id) = self.ingress_id() else { return };
        let Some(lb_ip) = self.networks.get_mut(&ingress_id).and_then(Network::alloc) else { return };
        self.nodes[node].attachments.insert(ingress_id.clone(), lb_ip);
        let info = self.networks[&ingress_id].info();
        let d = self.nodes[node].daemon;
        self.daemons[d].in_swarm = true;
        self.daemons[d].create_ingress_sandbox(w, &info, lb_ip);
        self.exchange_peers(w, node, &ingress_id);
    }

    /// Gossip of `overlay_peer_table`: the node learns every remote endpoint
    /// of the network, and every other node learns the node's endpoints.
    fn exchange_peers(&mut self, w: &mut World, node: usize, net_id: &str) {
        let me = self.nodes[node].daemon;
        let my_vtep = self.daemons[me].addr;
        let endpoints = |o: &crate::swarm::agent::OverlayNs| o.endpoints.values().map(|e| (e.ip.addr, e.mac)).collect::<Vec<_>>();
        let mine: Vec<(Ipv4Addr, crate::wire::EthernetAddress)> = self.daemons[me].overlays.get(net_id).map(endpoints).unwrap_or_default();
        let mut synced = self.peer_sync.remove(net_id).unwrap_or_default();
        // Whether `to` learned every endpoint of `from` and neither side
        // changed since.
        let in_sync = |daemons: &[Daemon], synced: &BTreeMap<(usize, usize), (u64, u64)>, to: usize, from: usize| {
            synced.get(&(to, from)) == Some(&(daemons[from].endpoint_gen, daemons[to].peer_loss_gen))
        };
        for other in 0..self.daemons.len() {
            if other == me {
                continue;
            }
            let Some(their_overlay) = self.daemons[other].overlays.get(net_id) else { continue };
            let vtep = self.daemons[other].addr;
            if !in_sync(&self.daemons, &synced, me, other) {
                // Only what a side does not know yet: `peer_add` ignores the rest.
                let my_peers = self.daemons[me].overlays.get(net_id).map(|o| &o.peers);
                let theirs: Vec<(Ipv4Addr, crate::wire::EthernetAddress)> = their_overlay
                    .endpoints
                    .values()
                    .map(|e| (e.ip.addr, e.mac))
                    .filter(|(ip, mac)| !my_peers.is_some_and(|p| p.contains(&(*ip, *mac, vtep))))
                    .collect();
                for (ip, mac) in theirs {
                    self.daemons[me].peer_add(w, net_id, ip, mac, vtep);
                }
                synced.insert((me, other), (self.daemons[other].endpoint_gen, self.daemons[me].peer_loss_gen));
            }
            if !in_sync(&self.daemons, &synced, other, me) {
                for (ip, mac) in &mine {
                    let known = self.daemons[other].overlays.get(net_id).is_some_and(|o| o.peers.contains(&(*ip, *mac, my_vtep)));
                    if !known {
                        self.daemons[other].peer_add(w, net_id, *ip, *mac, my_vtep);
                    }
                }
                synced.insert((other, me), (self.daemons[me].endpoint_gen, self.daemons[other].peer_loss_gen));
            }
        }
        self.peer_sync.insert(net_id.to_string(), synced);
    }

    pub fn ingress_id(&self) -> Option<String> {
        self.networks.values().find(|n| n.ingress).map(|n| n.id.clone())
    }

    fn node_has_network(&self, node: usize, net_id: &str) -> bool {
        let d = self.nodes[node].daemon;
        self.daemons[d].overlays.contains_key(net_id)
    }

    /// Every binding of every running (or stopping) task.
    fn all_bindings(&self) -> Vec<Binding> {
        let mut v = Vec::new();
        for t in self.tasks.values().filter(|t| t.live()) {
            v.extend(self.task_bindings(t));
        }
        v
    }

    fn task_bindings(&self, t: &Task) -> Vec<Binding> {
        let Some(s) = self.services.get(&t.service_id) else { return Vec::new() };
        t.networks
            .iter()
            .filter_map(|(net_id, ip)| {
                let net = self.networks.get(net_id)?;
                let ports = if net.ingress { s.ports.iter().filter(|p| p.mode == PublishMode::Ingress).cloned().collect() } else { Vec::new() };
                Some(Binding {
                    service_id: s.id.clone(),
                    service_name: s.spec.name.clone(),
                    network_id: net_id.clone(),
                    ingress: net.ingress,
                    vip: if s.spec.dnsrr { None } else { s.vips.get(net_id).map(|v| v.addr) },
                    ports,
                    backend: ip.addr,
                    task_name: self.task_name(t),
                    aliases: Vec::new(),
                })
            })
            .collect()
    }

    /// `<service>.<slot>.<task id>` (or `<service>.<node id>.<task id>`).
    pub fn task_name(&self, t: &Task) -> String {
        let svc = self.services.get(&t.service_id).map(|s| s.spec.name.as_str()).unwrap_or("");
        if t.slot > 0 { format!("{svc}.{}.{}", t.slot, t.id) } else { format!("{svc}.{}.{}", t.node_id, t.id) }
    }

    pub fn node_index(&self, id_or_name: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.id == id_or_name || n.hostname == id_or_name).or_else(|| {
            let m: Vec<usize> = self.nodes.iter().enumerate().filter(|(_, n)| n.id.starts_with(id_or_name)).map(|(i, _)| i).collect();
            if m.len() == 1 { Some(m[0]) } else { None }
        })
    }

    // ----- networks --------------------------------------------------------------

    /// `docker network create -d overlay NAME`.
    pub fn network_create(&mut self, w: &mut World, name: &str, subnet: Option<Ipv4Cidr>, attachable: bool) -> Result<String, String> {
        if self.networks.values().any(|n| n.name == name) || name == "bridge" || name == "host" || name == "none" || name == "docker_gwbridge" {
            return Err(format!("network with name {name} already exists"));
        }
        let subnet = match subnet {
            Some(s) => s.network(),
            None => loop {
                let c = Ipv4Cidr::new(Ipv4Addr::new(10, 0, self.next_subnet as u8, 0), 24);
                self.next_subnet += 1;
                if !self.networks.values().any(|n| n.subnet.overlaps(&c)) {
                    break c;
                }
            },
        };
        if self.networks.values().any(|n| n.subnet.overlaps(&subnet)) {
            return Err(format!("invalid pool request: Pool overlaps with other one on this address space"));
        }
        let id = self.rng.base36(25);
        let vni = self.next_vni;
        self.next_vni += 1;
        let now = self.wall_ns(w);
        let gw = subnet.nth(1);
        self.networks.insert(
            id.clone(),
            Network {
                id: id.clone(),
                name: name.to_string(),
                subnet,
                gateway: gw,
                vni,
                ingress: false,
                attachable,
                created_ns: now,
                last: 1,
                allocated: BTreeSet::from([gw]),
            },
        );
        Ok(id)
    }

    pub fn network_by_ref(&self, r: &str) -> Option<&Network> {
        self.networks.values().find(|n| n.name == r || n.id == r).or_else(|| {
            let m: Vec<&Network> = self.networks.values().filter(|n| n.id.starts_with(r)).collect();
            if m.len() == 1 { Some(m[0]) } else { None }
        })
    }

    /// `docker network rm`.
    pub fn network_rm(&mut self, w: &mut World, r: &str) -> Result<String, String> {
        let Some(net) = self.network_by_ref(r).cloned() else {
            return Err(format!("network {r} not found"));
        };
        if net.ingress && self.services.values().any(|s| s.ports.iter().any(|p| p.mode == PublishMode::Ingress)) {
            return Err("rpc error: code = FailedPrecondition desc = ingress network cannot be removed because service(s) are using it".into());
        }
        if self.services.values().any(|s| s.networks.contains(&net.id)) {
            let users: Vec<String> = self.services.values().filter(|s| s.networks.contains(&net.id)).map(|s| s.id.clone()).collect();
            return Err(format!("rpc error: code = FailedPrecondition desc = network {} is in use by service {}", net.id, users.join(", ")));
        }
        self.networks.remove(&net.id);
        let _ = w;
        Ok(r.to_string())
    }

    // ----- services --------------------------------------------------------------

    pub fn service_by_ref(&self, r: &str) -> Option<&Service> {
        self.services.values().find(|s| s.id == r || s.spec.name == r).or_else(|| {
            let m: Vec<&Service> = self.services.values().filter(|s| s.id.starts_with(r)).collect();
            if m.len() == 1 { Some(m[0]) } else { None }
        })
    }

    /// Validate and assign published ports (random from 30000–32767 when 0).
    fn assign_ports(&mut self, mut ports: Vec<PortConfig>, except: Option<&str>) -> Result<Vec<PortConfig>, String> {
        let mut used: BTreeSet<(u8, u16)> = BTreeSet::new();
        for s in self.services.values().filter(|s| Some(s.id.as_str()) != except) {
            for p in s.ports.iter().filter(|p| p.mode == PublishMode::Ingress) {
                used.insert((p.protocol, p.published));
            }
        }
        for p in ports.iter_mut().filter(|p| p.mode == PublishMode::Ingress) {
            if p.published == 0 {
                let mut port = 30000u16;
                while used.contains(&(p.protocol, port)) && port < 32767 {
                    port += 1;
                }
                p.published = port;
            } else if used.contains(&(p.protocol, p.published)) {
                let owner = self
                    .services
                    .values()
                    .find(|s| s.ports.iter().any(|q| q.mode == PublishMode::Ingress && q.protocol == p.protocol && q.published == p.published));
                let (name, id) = owner.map(|s| (s.spec.name.clone(), s.id.clone())).unwrap_or_default();
                return Err(format!(
                    "rpc error: code = InvalidArgument desc = port '{}' is already in use by service '{name}' ({id}) as an ingress port",
                    p.published
                ));
            }
            used.insert((p.protocol, p.published));
        }
        Ok(ports)
    }

    /// `docker service create`: allocate, schedule, start, converge.
    pub fn service_create(&mut self, w: &mut World, spec: ServiceSpec) -> Result<String, String> {
        if self.services.values().any(|s| s.spec.name == spec.name) {
            return Err(format!("rpc error: code = AlreadyExists desc = name conflicts with an existing object: service {} already exists", spec.name));
        }
        let (nets, spec_networks) = self.validate_spec(&spec)?;
        let ports = self.assign_ports(spec.ports.clone(), None)?;
        self.set_origin();
        let id = self.rng.base36(25);
        let now = self.wall_ns(w);
        let mut vips = BTreeMap::new();
        if !spec.dnsrr {
            for n in &nets {
                if let Some(v) = self.networks.get_mut(n).and_then(Network::alloc) {
                    vips.insert(n.clone(), v);
                }
            }
        }
        let image = image_with_tag(&spec.image);
        let mut spec = spec;
        spec.image = image;
        spec.networks = spec_networks;
        self.services.insert(
            id.clone(),
            Service { id: id.clone(), spec, previous: None, version: 1, created_ns: now, updated_ns: now, networks: nets, vips, ports, update_status: None },
        );
        self.reconcile(w, &id);
        Ok(id)
    }

    /// What the daemon checks of a spec before storing it (create and
    /// update): a known image, valid constraints, an endpoint mode that
    /// fits the ports, networks that exist and are not ingress. Returns the
    /// service's networks (ingress first when it publishes there) and the
    /// spec's own networks, both as IDs.
    fn validate_spec(&self, spec: &ServiceSpec) -> Result<(Vec<String>, Vec<String>), String> {
        spec.update_policy.validate()?;
        spec.rollback_policy.validate()?;
        if !KNOWN_IMAGES.contains(&image_repo(&spec.image)) {
            return Err(format!("mesh: image {} is not available (mesh runs {}; it never pulls)", spec.image, KNOWN_IMAGES.join(", ")));
        }
        if let Err(e) = constraint::parse(&spec.constraints) {
            return Err(format!("rpc error: code = Unknown desc = {e}"));
        }
        if spec.dnsrr && spec.ports.iter().any(|p| p.mode == PublishMode::Ingress) {
            return Err("rpc error: code = InvalidArgument desc = EndpointSpec: port published with ingress mode can't be used with dnsrr mode".into());
        }
        let mut nets = Vec::new();
        if spec.ports.iter().any(|p| p.mode == PublishMode::Ingress)
            && let Some(i) = self.ingress_id()
        {
            nets.push(i);
        }
        let mut own = Vec::new();
        for n in &spec.networks {
            match self.network_by_ref(n) {
                Some(net) if net.ingress => {
                    return Err("rpc error: code = InvalidArgument desc = service cannot be explicitly attached to the ingress network \"ingress\"".into());
                }
                Some(net) => {
                    nets.push(net.id.clone());
                    own.push(net.id.clone());
                }
                None => return Err(format!("network {n} not found")),
            }
        }
        Ok((nets, own))
    }

    /// What a placement constraint sees of a node.
    fn node_facts<'a>(n: &'a Node) -> NodeFacts<'a> {
        NodeFacts {
            id: &n.id,
            hostname: &n.hostname,
            addr: n.addr,
            role: if n.role == Role::Manager { "manager" } else { "worker" },
            os: "linux",
            arch: "x86_64",
            labels: &n.labels,
        }
    }

    /// Whether a node meets a spec's placement constraints (validated when
    /// the spec was stored).
    fn meets_constraints(n: &Node, spec: &ServiceSpec) -> bool {
        let constraints = constraint::parse(&spec.constraints).unwrap_or_default();
        constraint::node_matches(&constraints, &Self::node_facts(n))
    }

    /// Nodes that may run new tasks of a spec: ready, active, and meeting
    /// its constraints.
    fn eligible_nodes(&self, spec: &ServiceSpec) -> Vec<usize> {
        (0..self.nodes.len()).filter(|&i| self.nodes[i].in_swarm && !self.nodes[i].drain && Self::meets_constraints(&self.nodes[i], spec)).collect()
    }

    /// The scheduler's `Status.Err` for a task no node can take: each
    /// filter's count of the nodes it turned away (a node counts for the
    /// first filter it fails), most first, as swarmkit's pipeline explains.
    fn no_suitable_node(&self, spec: &ServiceSpec) -> String {
        let members = self.nodes.iter().filter(|n| n.in_swarm);
        let (mut unavailable, mut unsatisfied) = (self.departed.len(), 0);
        for n in members {
            if n.drain {
                unavailable += 1;
            } else if !Self::meets_constraints(n, spec) {
                unsatisfied += 1;
            }
        }
        let nodes = |k: usize| if k == 1 { "1 node".to_string() } else { format!("{k} nodes") };
        let mut reasons = vec![
            (unavailable, format!("{} not available for new tasks", nodes(unavailable))),
            (unsatisfied, format!("scheduling constraints not satisfied on {}", nodes(unsatisfied))),
        ];
        reasons.retain(|(k, _)| *k > 0);
        reasons.sort_by_key(|r| std::cmp::Reverse(r.0));
        let text: Vec<String> = reasons.into_iter().map(|(_, r)| r).collect();
        if text.is_empty() { "no suitable node".to_string() } else { format!("no suitable node ({})", text.join("; ")) }
    }

    /// The spread scheduler's choice for one more task of `svc`.
    /// Nodes are ranked by their running tasks of `svc`, then by all
    /// their running tasks, then by ID; the first lowest wins.
    fn pick_node(&self, svc: &str) -> Option<usize> {
        // node ID → (running tasks of `svc`, running tasks).
        let mut live: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for t in self.tasks.values().filter(|t| t.desired == TaskState::Running) {
            let counts = live.entry(t.node_id.as_str()).or_default();
            counts.0 += usize::from(t.service_id == svc);
            counts.1 += 1;
        }
        let rank = |i: usize| {
            let id = self.nodes[i].id.as_str();
            let (of_svc, all) = live.get(id).copied().unwrap_or_default();
            (of_svc, all, id)
        };
        let spec = &self.services.get(svc)?.spec;
        self.eligible_nodes(spec).into_iter().min_by(|&a, &b| rank(a).cmp(&rank(b)))
    }

    /// Bring a service's tasks to its desired state: create missing tasks,
    /// stop surplus ones, then let the world settle.
    fn reconcile(&mut self, w: &mut World, svc_id: &str) {
        let Some(svc) = self.services.get(svc_id).cloned() else { return };
        let running: Vec<Task> = self.tasks.values().filter(|t| t.service_id == svc_id && t.desired == TaskState::Running).cloned().collect();
        let mut new_tasks = Vec::new();
        match svc.spec.mode {
            Mode::Replicated(n) => {
                // Pending tasks get a node as soon as one qualifies.
                for t in running.iter().filter(|t| t.state == TaskState::Pending) {
                    let reason = self.no_suitable_node(&t.spec);
                    let node = self.pick_node(svc_id).map(|i| self.nodes[i].id.clone());
                    if let Some(x) = self.tasks.get_mut(&t.id) {
                        match node {
                            Some(node_id) => {
                                x.node_id = node_id;
                                x.state = TaskState::New;
                                x.error = None;
                                new_tasks.push(t.id.clone());
                            }
                            None => x.error = Some(reason),
                        }
                    }
                }
                let slots: BTreeSet<u64> = running.iter().map(|t| t.slot).collect();
                for slot in 1..=n {
                    if !slots.contains(&slot) {
                        match self.pick_node(svc_id) {
                            Some(node) => new_tasks.push(self.new_task(w, &svc, slot, Some(node))),
                            None => {
                                self.new_task(w, &svc, slot, None);
                            }
                        }
                    }
                }
                let mut surplus: Vec<Task> = running.iter().filter(|t| t.slot > n).cloned().collect();
                surplus.sort_by_key(|t| t.slot);
                if self.scale_down_later {
                    // `service scale -d`: the command returns while they stop.
                    for t in surplus {
                        let bindings = self.task_bindings(&t);
                        self.stop_task_later(w, &t.id, bindings, AfterStop::RemoveSlot);
                    }
                    self.start_tasks(w, &new_tasks);
                    self.reap_history(svc_id);
                    return;
                }
                for t in surplus {
                    // Scaled-down slots are removed (desired state REMOVE): once
                    // stopped, their tasks leave `service ps`, history included.
                    self.stop_task(w, &t.id);
                    let slot = t.slot;
                    self.tasks.retain(|_, x| !(x.service_id == svc_id && x.slot == slot));
                }
            }
            Mode::Global => {
                let eligible = self.eligible_nodes(&svc.spec);
                for &node in &eligible {
                    if !running.iter().any(|t| t.node_id == self.nodes[node].id) {
                        new_tasks.push(self.new_task(w, &svc, 0, Some(node)));
                    }
                }
                let gone: Vec<String> =
                    running.iter().filter(|t| self.node_index(&t.node_id).is_none_or(|i| !eligible.contains(&i))).map(|t| t.id.clone()).collect();
                for t in gone {
                    self.stop_task(w, &t);
                }
            }
        }
        self.start_tasks(w, &new_tasks);
        self.reap_history(svc_id);
    }

    /// swarmkit's task reaper: a slot (a node, for global services) keeps
    /// at most [`TASK_HISTORY_LIMIT`] tasks; the oldest finished ones go
    /// (shut down, rejected, or never started and no longer wanted).
    fn reap_history(&mut self, svc_id: &str) {
        let finished = |t: &Task| t.state > TaskState::Running || (t.state < TaskState::Running && t.desired != TaskState::Running);
        let mut slots: BTreeMap<(u64, &str), Vec<&Task>> = BTreeMap::new();
        for t in self.tasks.values().filter(|t| t.service_id == svc_id) {
            let key = if t.slot > 0 { (t.slot, "") } else { (0, t.node_id.as_str()) };
            slots.entry(key).or_default().push(t);
        }
        let mut reaped = Vec::new();
        for mut tasks in slots.into_values() {
            let mut excess = tasks.len().saturating_sub(TASK_HISTORY_LIMIT);
            tasks.sort_by(|a, b| (a.state_ns, &a.id).cmp(&(b.state_ns, &b.id)));
            for t in tasks {
                if excess == 0 {
                    break;
                }
                if finished(t) {
                    reaped.push(t.id.clone());
                    excess -= 1;
                }
            }
        }
        for id in reaped {
            self.tasks.remove(&id);
        }
    }

    /// A new task of `svc`: assigned to `node`, or `Pending` with the
    /// scheduler's explanation when no node can take it.
    fn new_task(&mut self, w: &World, svc: &Service, slot: u64, node: Option<usize>) -> String {
        let id = self.rng.base36(25);
        let container_id = self.rng.hex(64);
        let mut nets = Vec::new();
        for n in &svc.networks {
            if let Some(ip) = self.networks.get_mut(n).and_then(Network::alloc) {
                nets.push((n.clone(), ip));
            }
        }
        let now = self.wall_ns(w);
        self.tasks.insert(
            id.clone(),
            Task {
                id: id.clone(),
                service_id: svc.id.clone(),
                slot,
                node_id: node.map(|i| self.nodes[i].id.clone()).unwrap_or_default(),
                desired: TaskState::Running,
                state: if node.is_some() { TaskState::New } else { TaskState::Pending },
                state_ns: now,
                created_ns: now,
                container_id,
                networks: nets,
                error: node.is_none().then(|| self.no_suitable_node(&svc.spec)),
                image: svc.spec.image.clone(),
                orphaned: false,
                spec: svc.spec.clone(),
            },
        );
        id
    }

    /// Start tasks on their nodes, then gossip their bindings and peers.
    fn start_tasks(&mut self, w: &mut World, ids: &[String]) {
        if ids.is_empty() {
            return;
        }
        // Containers start a moment after the tasks are assigned.
        w.advance(Duration::from_millis(500), crate::sim::DEFAULT_BUDGET);
        for id in ids {
            let Some(t) = self.tasks.get(id).cloned() else { continue };
            let Some(svc) = self.services.get(&t.service_id).cloned() else { continue };
            let Some(node) = self.node_index(&t.node_id) else { continue };
            let d = self.nodes[node].daemon;
            // The node gets an attachment (LB address) on every network of the task.
            for (net_id, _) in &t.networks {
                self.ensure_attachment(w, node, net_id);
            }
            let name = self.task_name(&t);
            let hostname = svc.spec.hostname.clone().unwrap_or_else(|| t.container_id.chars().take(12).collect());
            let ts = TaskSandbox {
                container: ContainerSpec {
                    id: t.container_id.clone(),
                    name,
                    hostname,
                    image: t.image.clone(),
                    env: svc.spec.env.clone(),
                    args: svc.spec.args.clone(),
                    service_id: svc.id.clone(),
                    service_name: svc.spec.name.clone(),
                    task_id: t.id.clone(),
                },
                networks: t.networks.iter().filter_map(|(n, ip)| self.networks.get(n).map(|net| (net.info(), *ip))).collect(),
                ingress_ports: svc.ports.iter().filter(|p| p.mode == PublishMode::Ingress).cloned().collect(),
                host_ports: svc.ports.iter().filter(|p| p.mode == PublishMode::Host).cloned().collect(),
            };
            self.set_origin();
            self.daemons[d].task_start(w, &ts);
            let now = self.wall_ns(w);
            if let Some(t) = self.tasks.get_mut(id) {
                t.state = TaskState::Running;
                t.state_ns = now;
            }
            // Local binding first.
            let bindings = self.tasks.get(id).map(|t| self.task_bindings(t)).unwrap_or_default();
            for b in &bindings {
                self.daemons[d].add_service_binding(w, b);
            }
        }
        // Gossip: peers and bindings reach every other node on each network.
        for id in ids {
            let Some(t) = self.tasks.get(id).cloned() else { continue };
            if t.state != TaskState::Running {
                continue;
            }
            let Some(node) = self.node_index(&t.node_id) else { continue };
            for (net_id, _) in &t.networks {
                self.exchange_peers(w, node, net_id);
            }
            let bindings = self.task_bindings(&t);
            for other in 0..self.nodes.len() {
                if other == node {
                    continue;
                }
                for b in &bindings {
                    if self.node_has_network(other, &b.network_id) {
                        let d = self.nodes[other].daemon;
                        self.daemons[d].add_service_binding(w, b);
                    }
                }
            }
        }
    }

    /// A node joins a non-ingress overlay: attachment address and LB sandbox.
    fn ensure_attachment(&mut self, w: &mut World, node: usize, net_id: &str) {
        if self.nodes[node].attachments.contains_key(net_id) {
            return;
        }
        let Some(net) = self.networks.get(net_id).map(Network::info) else { return };
        if net.ingress {
            return;
        }
        let Some(ip) = self.networks.get_mut(net_id).and_then(Network::alloc) else { return };
        self.nodes[node].attachments.insert(net_id.to_string(), ip);
        let d = self.nodes[node].daemon;
        self.daemons[d].create_lb_sandbox(w, &net, ip);
        self.exchange_peers(w, node, net_id);
        // The node now hears about every existing binding on this network.
        let bindings: Vec<Binding> = self.all_bindings().into_iter().filter(|b| b.network_id == net_id).collect();
        for b in bindings {
            self.daemons[d].add_service_binding(w, &b);
        }
    }

    /// Stop a task gracefully, now: disable its bindings everywhere
    /// (weight 0), wait the gossip converge delay, stop the container,
    /// remove bindings, peers and addresses (§7.5). Its desired state
    /// becomes `Shutdown`.
    fn stop_task(&mut self, w: &mut World, task_id: &str) {
        let Some(t) = self.tasks.get(task_id).cloned() else { return };
        if let Some(x) = self.tasks.get_mut(task_id) {
            x.desired = TaskState::Shutdown;
        }
        if !t.live() {
            return;
        }
        let bindings = self.task_bindings(&t);
        self.disable_bindings(w, &bindings);
        w.advance(STOP_DELAY, crate::sim::DEFAULT_BUDGET);
        self.finish_stop(w, task_id, &bindings);
    }

    /// Every node sets the destinations of `bindings` to weight 0.
    fn disable_bindings(&mut self, w: &mut World, bindings: &[Binding]) {
        self.set_origin();
        for d in 0..self.daemons.len() {
            for b in bindings {
                self.daemons[d].disable_service_binding(w, b);
            }
        }
    }

    /// The same stop, with the second half left for the clock: the task's
    /// destinations go to weight 0 now (desired state `Shutdown`, still
    /// running), and [`STOP_DELAY`] later the container stops, then `then`.
    /// `bindings` are the ones the task was started with.
    fn stop_task_later(&mut self, w: &mut World, task_id: &str, bindings: Vec<Binding>, then: AfterStop) {
        let Some(t) = self.tasks.get_mut(task_id) else { return };
        t.desired = if then == AfterStop::RemoveSlot { TaskState::Remove } else { TaskState::Shutdown };
        if t.live() {
            self.disable_bindings(w, &bindings);
            self.defer(w.now + STOP_DELAY, Deferred::FinishStop { task_id: task_id.to_string(), bindings, then });
        } else {
            self.defer(w.now, Deferred::FinishStop { task_id: task_id.to_string(), bindings, then });
        }
    }

    /// The second half of a graceful stop: the container stops, its
    /// bindings, overlay peers and addresses go (nothing if it already stopped).
    fn finish_stop(&mut self, w: &mut World, task_id: &str, bindings: &[Binding]) {
        let Some(t) = self.tasks.get(task_id).cloned() else { return };
        if !t.live() {
            return;
        }
        self.set_origin();
        let Some(node) = self.node_index(&t.node_id) else { return };
        let nd = self.nodes[node].daemon;
        let vtep = self.daemons[nd].addr;
        let endpoints: Vec<(String, Ipv4Addr, crate::wire::EthernetAddress)> = t
            .networks
            .iter()
            .filter_map(|(n, _)| self.daemons[nd].overlays.get(n).and_then(|o| o.endpoints.get(&t.container_id)).map(|e| (n.clone(), e.ip.addr, e.mac)))
            .collect();
        self.daemons[nd].task_remove(w, &t.container_id);
        for d in 0..self.daemons.len() {
            for b in bindings {
                self.daemons[d].remove_service_binding(w, b);
            }
            if d != nd {
                for (n, ip, mac) in &endpoints {
                    self.daemons[d].peer_del(w, n, *ip, *mac, vtep);
                }
            }
        }
        for (n, ip) in &t.networks {
            if let Some(net) = self.networks.get_mut(n) {
                net.release(ip.addr);
            }
        }
        let now = self.wall_ns(w);
        if let Some(t) = self.tasks.get_mut(task_id) {
            t.state = TaskState::Shutdown;
            t.state_ns = now;
            if t.desired == TaskState::Running {
                t.desired = TaskState::Shutdown;
            }
        }
    }

    // ----- work on the virtual clock ---------------------------------------------

    fn defer(&mut self, due: crate::time::Instant, work: Deferred) {
        self.pending_seq += 1;
        self.pending.insert((due, self.pending_seq), work);
    }

    /// Whether work is waiting for the clock (a stop's second half, a
    /// rolling update).
    pub fn busy(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Run the work that came due while the clock moved without the
    /// manager (a tool that let time pass). Work that falls due because
    /// this work itself takes time (a container starting) waits for the
    /// next look at the clock.
    pub fn catch_up(&mut self, w: &mut World) {
        let now = w.now;
        while let Some((&key, _)) = self.pending.first_key_value() {
            if key.0 > now {
                break;
            }
            let Some(work) = self.pending.remove(&key) else { break };
            self.run_deferred(w, work);
        }
    }

    /// Let `d` of virtual time pass, running each piece of work when it is due.
    pub fn advance(&mut self, w: &mut World, d: Duration) {
        let end = w.now + d;
        while let Some((&key, _)) = self.pending.first_key_value() {
            if key.0 > end {
                break;
            }
            if key.0 > w.now {
                w.advance(key.0 - w.now, crate::sim::DEFAULT_BUDGET);
            }
            let Some(work) = self.pending.remove(&key) else { break };
            self.run_deferred(w, work);
        }
        if w.now < end {
            w.advance(end - w.now, crate::sim::DEFAULT_BUDGET);
        }
    }

    fn run_deferred(&mut self, w: &mut World, work: Deferred) {
        match work {
            Deferred::FinishStop { task_id, bindings, then } => {
                let task = self.tasks.get(&task_id).cloned();
                self.finish_stop(w, &task_id, &bindings);
                let Some(t) = task else { return };
                match then {
                    AfterStop::Nothing => {}
                    AfterStop::RemoveSlot => {
                        // Unless the service grew back over the slot meanwhile.
                        let surplus = self.services.get(&t.service_id).is_none_or(|s| matches!(s.spec.mode, Mode::Replicated(n) if t.slot > n));
                        if surplus {
                            self.tasks.retain(|_, x| !(x.service_id == t.service_id && x.slot == t.slot));
                        }
                    }
                    AfterStop::Replace => {
                        if let Some(id) = self.replacement(w, &t) {
                            self.start_tasks(w, &[id]);
                        }
                        self.reap_history(&t.service_id);
                        let delay = match self.rollouts.get_mut(&t.service_id) {
                            Some(r) if r.in_flight > 0 => {
                                r.in_flight = r.in_flight.saturating_sub(1);
                                (r.in_flight == 0).then(|| Duration::from_nanos(r.policy.delay_ns.max(0) as u64))
                            }
                            _ => None,
                        };
                        if let Some(delay) = delay {
                            self.defer(w.now + delay, Deferred::RolloutStep { service_id: t.service_id.clone() });
                        }
                    }
                }
            }
            Deferred::RolloutStep { service_id } => self.rollout_step(w, &service_id),
        }
    }

    /// A new task for the slot (or node, for a global service) of `old`,
    /// unless the slot is gone or already has one; `None` also when no node
    /// can take it yet (it waits `Pending`).
    fn replacement(&mut self, w: &World, old: &Task) -> Option<String> {
        let svc = self.services.get(&old.service_id)?.clone();
        let wanted = |t: &Task| t.service_id == svc.id && t.desired == TaskState::Running;
        match svc.spec.mode {
            Mode::Replicated(n) => {
                if old.slot > n || self.tasks.values().any(|t| wanted(t) && t.slot == old.slot) {
                    return None;
                }
                let node = self.pick_node(&svc.id);
                let id = self.new_task(w, &svc, old.slot, node);
                node.map(|_| id)
            }
            Mode::Global => {
                let node = self.node_index(&old.node_id)?;
                if !self.eligible_nodes(&svc.spec).contains(&node) || self.tasks.values().any(|t| wanted(t) && t.node_id == old.node_id) {
                    return None;
                }
                Some(self.new_task(w, &svc, 0, Some(node)))
            }
        }
    }

    /// One step of a rolling update: the next batch of `Parallelism` tasks
    /// (stop-first: stop, then replace; start-first: replace, then stop),
    /// or, after the last batch, the monitor period, then completion.
    fn rollout_step(&mut self, w: &mut World, svc_id: &str) {
        let Some(r) = self.rollouts.get_mut(svc_id) else { return };
        if r.queue.is_empty() {
            if !r.monitoring {
                r.monitoring = true;
                let due = w.now + Duration::from_nanos(r.policy.monitor_ns.max(0) as u64);
                self.defer(due, Deferred::RolloutStep { service_id: svc_id.to_string() });
                return;
            }
            let Some(r) = self.rollouts.remove(svc_id) else { return };
            let completed_ns = self.wall_ns(w);
            let (state, message) = if r.rollback { ("rollback_completed", "rollback completed") } else { ("completed", "update completed") };
            if let Some(svc) = self.services.get_mut(svc_id) {
                svc.update_status = Some(UpdateStatus { state, started_ns: r.started_ns, completed_ns, message });
            }
            return;
        }
        let take = if r.policy.parallelism == 0 { r.queue.len() } else { (r.policy.parallelism as usize).min(r.queue.len()) };
        let ids: Vec<String> = r.queue.drain(..take).collect();
        let start_first = r.policy.start_first();
        let delay = Duration::from_nanos(r.policy.delay_ns.max(0) as u64);
        let mut batch: Vec<(Task, Vec<Binding>)> = Vec::new();
        for id in &ids {
            let Some(t) = self.tasks.get(id) else { continue };
            // Tasks stopped meanwhile (drained, scaled away) need nothing.
            if t.desired != TaskState::Running {
                continue;
            }
            let bindings = r.old_bindings.remove(id).unwrap_or_default();
            batch.push((t.clone(), bindings));
        }
        if batch.is_empty() {
            self.defer(w.now, Deferred::RolloutStep { service_id: svc_id.to_string() });
            return;
        }
        if start_first {
            let mut fresh = Vec::new();
            for (t, _) in &batch {
                if let Some(id) = self.replacement_alongside(w, t) {
                    fresh.push(id);
                }
            }
            self.start_tasks(w, &fresh);
            for (t, bindings) in batch {
                self.stop_task_later(w, &t.id, bindings, AfterStop::Nothing);
            }
            self.defer(w.now + delay, Deferred::RolloutStep { service_id: svc_id.to_string() });
        } else {
            r.in_flight = batch.len();
            for (t, bindings) in batch {
                self.stop_task_later(w, &t.id, bindings, AfterStop::Replace);
            }
        }
        self.reap_history(svc_id);
    }

    /// start-first: the replacement of `old` while `old` still runs.
    fn replacement_alongside(&mut self, w: &World, old: &Task) -> Option<String> {
        let svc = self.services.get(&old.service_id)?.clone();
        match svc.spec.mode {
            Mode::Replicated(n) if old.slot <= n => {
                let node = self.pick_node(&svc.id);
                let id = self.new_task(w, &svc, old.slot, node);
                node.map(|_| id)
            }
            Mode::Replicated(_) => None,
            Mode::Global => {
                let node = self.node_index(&old.node_id).filter(|i| self.eligible_nodes(&svc.spec).contains(i))?;
                Some(self.new_task(w, &svc, 0, Some(node)))
            }
        }
    }

    /// `docker service scale S=N` / `update --replicas N`. With `detach`,
    /// surplus tasks are left stopping: at weight 0 for the 2 s before
    /// their containers stop, which the clock then carries out.
    pub fn service_scale(&mut self, w: &mut World, r: &str, replicas: u64, detach: bool) -> Result<String, String> {
        let Some(s) = self.service_by_ref(r).cloned() else { return Err(format!("service {r} not found")) };
        if s.spec.mode == Mode::Global {
            return Err(format!("scale can only be used with replicated mode"));
        }
        let now = self.wall_ns(w);
        if let Some(svc) = self.services.get_mut(&s.id) {
            svc.previous = Some(svc.spec.clone());
            svc.spec.mode = Mode::Replicated(replicas);
            svc.version += 1;
            svc.updated_ns = now;
            svc.update_status = None;
        }
        self.scale_down_later = detach;
        self.reconcile(w, &s.id);
        self.scale_down_later = false;
        Ok(s.id)
    }

    /// `docker service update`, the daemon's side: `spec` is the whole new
    /// spec, as the CLI built it from the current one. The old spec becomes
    /// the previous one; the dirty tasks are replaced.
    pub fn service_update(&mut self, w: &mut World, r: &str, spec: ServiceSpec) -> Result<String, String> {
        let Some(s) = self.service_by_ref(r).cloned() else { return Err(format!("service {r} not found")) };
        self.apply_spec(w, &s, spec, false)?;
        Ok(s.id)
    }

    /// `docker service update --rollback` (and `docker service rollback`):
    /// the previous spec comes back, and the current one becomes the
    /// previous (a second rollback undoes the first).
    pub fn service_rollback(&mut self, w: &mut World, r: &str) -> Result<String, String> {
        let Some(s) = self.service_by_ref(r).cloned() else { return Err(format!("service {r} not found")) };
        let Some(previous) = s.previous.clone() else {
            return Err(format!("rpc error: code = FailedPrecondition desc = service {} does not have a previous spec", s.id));
        };
        self.apply_spec(w, &s, previous, true)?;
        Ok(s.id)
    }

    /// Store a new spec for `s`: the tasks it makes dirty are shut down
    /// (while the service still has the bindings they were started with),
    /// networks, VIPs and ports follow the spec, and the service is
    /// reconciled. The update status says how it went (none when no task
    /// needed replacing, unless it was a rollback).
    fn apply_spec(&mut self, w: &mut World, s: &Service, spec: ServiceSpec, rollback: bool) -> Result<(), String> {
        let (nets, spec_networks) = self.validate_spec(&spec)?;
        let ports = self.assign_ports(spec.ports.clone(), Some(&s.id))?;
        self.set_origin();
        let mut spec = spec;
        spec.image = image_with_tag(&spec.image);
        spec.networks = spec_networks;
        spec.ports = ports.clone();
        let mut dirty: Vec<&Task> =
            self.tasks.values().filter(|t| t.service_id == s.id && t.desired == TaskState::Running && self.task_dirty(&spec, t)).collect();
        dirty.sort_by(|a, b| (a.slot, &a.node_id).cmp(&(b.slot, &b.node_id)));
        // The bindings the old tasks were started with, before the service changes.
        let old_bindings: BTreeMap<String, Vec<Binding>> = dirty.iter().map(|t| (t.id.clone(), self.task_bindings(t))).collect();
        let dirty: Vec<String> = dirty.iter().map(|t| t.id.clone()).collect();
        let started_ns = self.wall_ns(w);
        let policy = if rollback { spec.rollback_policy.clone() } else { spec.update_policy.clone() };
        let mut vips = s.vips.clone();
        vips.retain(|n, v| {
            let keep = !spec.dnsrr && nets.contains(n);
            if !keep && let Some(net) = self.networks.get_mut(n) {
                net.release(v.addr);
            }
            keep
        });
        if !spec.dnsrr {
            for n in &nets {
                if !vips.contains_key(n)
                    && let Some(v) = self.networks.get_mut(n).and_then(Network::alloc)
                {
                    vips.insert(n.clone(), v);
                }
            }
        }
        let now = self.wall_ns(w);
        let (state, message) = match (rollback, dirty.is_empty()) {
            (true, true) => ("rollback_completed", "rollback completed"),
            (true, false) => ("rollback_started", "manually requested rollback"),
            (false, _) => ("updating", "update in progress"),
        };
        if let Some(svc) = self.services.get_mut(&s.id) {
            svc.previous = Some(std::mem::replace(&mut svc.spec, spec));
            svc.ports = ports;
            svc.networks = nets;
            svc.vips = vips;
            svc.version += 1;
            svc.updated_ns = now;
            // No task to replace: no update to roll (a rollback still says so).
            svc.update_status =
                (rollback || !dirty.is_empty()).then(|| UpdateStatus { state, started_ns, completed_ns: if dirty.is_empty() { now } else { 0 }, message });
        }
        // A new update takes over from one still rolling: what it had not
        // replaced yet is dirty again, and in `dirty`.
        self.rollouts.remove(&s.id);
        if !dirty.is_empty() {
            let rollout = Rollout { queue: dirty.into(), policy, rollback, started_ns, in_flight: 0, monitoring: false, old_bindings };
            self.rollouts.insert(s.id.clone(), rollout);
        }
        self.reconcile(w, &s.id);
        self.rollout_step(w, &s.id);
        Ok(())
    }

    /// Whether a task was made from the service's current spec (the
    /// `_up-to-date` task filter the CLI's progress uses).
    pub fn up_to_date(&self, t: &Task) -> bool {
        self.services.get(&t.service_id).is_some_and(|s| !self.task_dirty(&s.spec, t))
    }

    /// Whether a rolling update of the service is under way.
    pub fn rolling(&self, service_id: &str) -> bool {
        self.rollouts.contains_key(service_id)
    }

    /// swarmkit's `IsTaskDirty`: the task's template or endpoint differs
    /// from the spec's; when only the constraints changed, the task stays
    /// if its node still meets them.
    fn task_dirty(&self, spec: &ServiceSpec, t: &Task) -> bool {
        if spec.task_template() != t.spec.task_template() {
            return true;
        }
        if spec.constraints == t.spec.constraints {
            return false;
        }
        let node = self.nodes.iter().find(|n| !t.node_id.is_empty() && n.id == t.node_id);
        !node.is_some_and(|n| Self::meets_constraints(n, spec))
    }

    /// A node's labels, role or availability changed: tasks on nodes that
    /// no longer meet their service's constraints are rejected (swarmkit's
    /// constraint enforcer), then every service is reconciled, which places
    /// pending tasks and global tasks on newly eligible nodes.
    pub fn nodes_changed(&mut self, w: &mut World) {
        let misplaced: Vec<String> = self
            .tasks
            .values()
            .filter(|t| t.live() && t.desired == TaskState::Running)
            .filter(|t| self.nodes.iter().find(|n| n.id == t.node_id).is_some_and(|n| !Self::meets_constraints(n, &t.spec)))
            .map(|t| t.id.clone())
            .collect();
        for id in &misplaced {
            self.stop_task(w, id);
            if let Some(t) = self.tasks.get_mut(id) {
                t.state = TaskState::Rejected;
                t.error = Some("assigned node no longer meets constraints".into());
            }
        }
        let svcs: Vec<String> = self.services.keys().cloned().collect();
        for s in svcs {
            self.reconcile(w, &s);
        }
    }

    /// `docker node update --label-add/--label-rm`: the node's new labels.
    pub fn node_set_labels(&mut self, w: &mut World, r: &str, labels: BTreeMap<String, String>) -> Result<(), String> {
        let Some(i) = self.member_index(r) else { return Err(format!("node {r} not found")) };
        if self.nodes[i].labels != labels {
            self.nodes[i].labels = labels;
            self.nodes_changed(w);
        }
        Ok(())
    }

    /// `docker service rm`.
    pub fn service_rm(&mut self, w: &mut World, r: &str) -> Result<String, String> {
        let Some(s) = self.service_by_ref(r).cloned() else { return Err(format!("service {r} not found")) };
        let live: Vec<String> = self.tasks.values().filter(|t| t.service_id == s.id && t.live()).map(|t| t.id.clone()).collect();
        for t in &live {
            self.stop_task(w, t);
        }
        for (n, v) in &s.vips {
            if let Some(net) = self.networks.get_mut(n) {
                net.release(v.addr);
            }
        }
        self.tasks.retain(|_, t| t.service_id != s.id);
        self.services.remove(&s.id);
        self.rollouts.remove(&s.id);
        Ok(r.to_string())
    }

    /// `docker node update --availability active|drain`.
    pub fn node_availability(&mut self, w: &mut World, r: &str, drain: bool) -> Result<String, String> {
        let Some(i) = self.node_index(r) else { return Err(format!("node {r} not found")) };
        if self.nodes[i].drain == drain {
            return Ok(r.to_string());
        }
        self.nodes[i].drain = drain;
        if drain {
            let node_id = self.nodes[i].id.clone();
            let victims: Vec<(String, String)> =
                self.tasks.values().filter(|t| t.node_id == node_id && t.desired == TaskState::Running).map(|t| (t.id.clone(), t.service_id.clone())).collect();
            for (t, _) in &victims {
                self.stop_task(w, t);
            }
            let svcs: BTreeSet<String> = victims.into_iter().map(|(_, s)| s).collect();
            for s in svcs {
                self.reconcile(w, &s);
            }
        } else {
            // Global services gain a task there; pending tasks may fit now.
            let svcs: Vec<String> = self.services.keys().cloned().collect();
            for s in svcs {
                self.reconcile(w, &s);
            }
        }
        Ok(r.to_string())
    }

    /// The container a name or id prefix refers to on a node: (daemon, sandbox id).
    pub fn container_on(&self, node: usize, key: &str) -> Option<(usize, String)> {
        let d = self.nodes.get(node)?.daemon;
        let sb = self.daemons[d].sandbox_of_container(key)?;
        Some((d, sb.id.clone()))
    }
}
