//! Carrying out `docker …` commands: the CLI's parse (`crate::docker`),
//! the cluster and the node agent (`cluster`, `agent`), and the CLI's
//! renderers, as the docker client and daemon of the current node.
//!
//! The daemon's side of the listings: containers are the node's task
//! containers (running ones from their sandboxes; with `ps -a` also the
//! exited containers of tasks the swarm stopped and keeps in its history),
//! newest first, with the image's entrypoint and command, the swarm
//! labels, exposed and host-published ports. Logs are what each
//! container's process wrote at start ([`super::agent::procs::startup_log`]).
//!
//! `service update` builds the new spec from the current one as docker/cli
//! does ([`updated_spec`]) and hands it to the manager; `--rollback` asks
//! the manager for the previous spec. `node update` sets availability, role
//! and labels, after which the manager re-places tasks. Waiting for a
//! service to converge (`create`, `update`, `scale` without `-d`) stops
//! after [`WAIT_SECONDS`] of virtual time: docker would wait until Ctrl-C,
//! so mesh prints what the CLI prints on Ctrl-C and says on stderr that it
//! stopped waiting (exit 0, as docker's, which catches the signal); while a
//! rolling update is still replacing tasks it keeps waiting. The progress
//! counts only up-to-date tasks, as the CLI's `_up-to-date` filter does.
//!
//! `service ps`, `node ps`, `node ls` and `service ls` apply their
//! `--filter`s as moby's `daemon/cluster/filters.go` does ([`task_filter`],
//! [`filter_nodes`]); `network ls` filters and `service ls` `mode`/`runtime`
//! say they are not modelled.
//!
//! Not modelled: `ps --size`, the `ps` filters other than `name` (a
//! substring, where docker takes a regular expression), `id`, `label`,
//! `status`, `is-task`, `network`; `logs --follow/--since/--until/--details`;
//! an exited container's start time (its creation time is shown); `docker
//! info`, `docker images` (they say so).

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;

use super::agent::{PortConfig, PublishMode};
use super::cluster::{Mode, ServiceSpec, Swarm, TaskState, UpdatePolicy};
use super::scenario::Role;
use crate::docker::format as f;
use crate::docker::format::templated as T;
use crate::docker::parse::{DockerCmd, Parsed};
use crate::docker::ports::{PortConfig as CliPort, Protocol, PublishMode as CliMode};
use crate::docker::text::natural_cmp;
use crate::net::proto;
use crate::output::CmdOutput;
use crate::shell::{Exec, Session};
use crate::sim::World;
use crate::time::Duration;

/// The terminal width mesh's docker CLI writes for (bars show above 110).
const TERMINAL_WIDTH: usize = 120;

fn to_cli_port(p: &PortConfig) -> CliPort {
    CliPort {
        name: String::new(),
        protocol: match p.protocol {
            proto::UDP => Protocol::Udp,
            proto::SCTP => Protocol::Sctp,
            _ => Protocol::Tcp,
        },
        target_port: u32::from(p.target),
        published_port: u32::from(p.published),
        publish_mode: if p.mode == PublishMode::Host { CliMode::Host } else { CliMode::Ingress },
    }
}

fn from_cli_port(p: &CliPort) -> PortConfig {
    PortConfig {
        protocol: match p.protocol {
            Protocol::Udp => proto::UDP,
            Protocol::Sctp => proto::SCTP,
            Protocol::Tcp => proto::TCP,
        },
        target: p.target_port as u16,
        published: p.published_port as u16,
        mode: if p.publish_mode == CliMode::Host { PublishMode::Host } else { PublishMode::Ingress },
    }
}

/// docker/cli's `updateConfigFromDefaults` then each `--update-*` (or
/// `--rollback-*`) flag given, over `policy`.
fn with_policy_flags(mut policy: UpdatePolicy, given: &crate::docker::parse::PolicyFlags) -> UpdatePolicy {
    if let Some(v) = given.parallelism {
        policy.parallelism = v;
    }
    if let Some(v) = given.delay_ns {
        policy.delay_ns = v;
    }
    if let Some(v) = &given.failure_action {
        policy.failure_action = v.clone();
    }
    if let Some(v) = given.monitor_ns {
        policy.monitor_ns = v;
    }
    if let Some(v) = &given.max_failure_ratio {
        // A float32 flag (`floatValue`), shown as Go prints it.
        policy.max_failure_ratio = v.trim().parse::<f32>().map(|x| x.to_string()).unwrap_or_else(|_| "0".into());
    }
    if let Some(v) = &given.order {
        policy.order = v.clone();
    }
    policy
}

/// `Error response from daemon: …` (exit 1).
fn daemon_err(msg: &str) -> CmdOutput {
    f::errors::daemon_error(msg)
}

/// The node a session context is on, if it runs Docker.
fn node_of(sw: &Swarm, exec: &Exec) -> Option<usize> {
    sw.nodes.iter().position(|n| sw.daemons[n.daemon].host == exec.host)
}

/// Run `docker ARGS…` in `exec`'s context.
pub fn docker(s: &mut Session, argv: &[String], exec: &Exec) -> CmdOutput {
    let Some(sw) = s.swarm.as_ref() else {
        return CmdOutput::err("-bash: docker: command not found\n", 127);
    };
    let Some(node) = node_of(sw, exec) else {
        return CmdOutput::err("-bash: docker: command not found\n", 127);
    };
    let cmd = match crate::docker::parse::parse(&argv[1..]) {
        Parsed::Print(out) => return out,
        Parsed::Run(c) => *c,
    };
    if !exec.root {
        return CmdOutput::err(
            "permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Get \"http://%2Fvar%2Frun%2Fdocker.sock/v1.43/version\": dial unix /var/run/docker.sock: connect: permission denied\n",
            1,
        );
    }
    if let DockerCmd::Exec { container, command, tty, .. } = &cmd {
        // Without -t the command's stdout is a pipe to the docker client,
        // not a terminal (curl shows its progress meter).
        let e = Exec { stdout_tty: *tty && exec.stdout_tty, ..exec.clone() };
        return docker_exec(s, node, container, command, &e);
    }
    let Some(mut sw) = s.swarm.take() else { return CmdOutput::default() };
    sw.origin = Some(std::sync::Arc::from(format!("docker {}", argv[1..].join(" ")).as_str()));
    let out = run(s, &mut sw, node, cmd, exec);
    sw.origin = None;
    s.swarm = Some(sw);
    out
}

/// Commands that need a swarm manager.
fn manager_check(sw: &Swarm, node: usize) -> Result<(), CmdOutput> {
    if !sw.nodes[node].in_swarm {
        return Err(f::errors::not_in_swarm());
    }
    if sw.nodes[node].role != Role::Manager {
        return Err(f::errors::not_a_manager());
    }
    Ok(())
}

fn run(s: &mut Session, sw: &mut Swarm, node: usize, cmd: DockerCmd, _exec: &Exec) -> CmdOutput {
    let now = sw.wall_ns(&s.world);
    match cmd {
        DockerCmd::Version { .. } => CmdOutput::ok(f::version::render_version(&f::version::VersionInfo::docker_24_0_2())),
        DockerCmd::NodeLs(l) => {
            if let Err(e) = manager_check(sw, node) {
                return e;
            }
            let mut views: Vec<f::node::NodeView> = (0..sw.nodes.len()).filter(|i| sw.nodes[*i].in_swarm).map(|i| node_view(sw, i, node, now)).collect();
            views.extend(sw.departed.iter().map(|n| node_record_view(n, false)));
            if let Err(e) = filter_nodes(&mut views, &l.filters) {
                return e;
            }
            match T::list_format(l.format.as_deref()) {
                T::ListFormat::Default => CmdOutput::ok(f::node::render_node_ls(&views, l.quiet)),
                T::ListFormat::Template { text, table, .. } => {
                    views.sort_by(|a, b| crate::docker::text::natural_cmp(&a.hostname, &b.hostname));
                    let rows: Vec<_> = views.iter().map(f::node::NodeView::context).collect();
                    T::format_list(&text, table, &rows, &f::node::NODE_HEADER)
                }
            }
        }
        DockerCmd::NodeInspect { nodes, pretty, format } => {
            if let Err(e) = manager_check(sw, node) {
                return e;
            }
            let mut views = Vec::new();
            for n in &nodes {
                let i = if n == "self" { Some(node) } else { sw.node_index(n) };
                match i {
                    Some(i) => views.push(node_view(sw, i, node, now)),
                    None => return f::errors::node_not_found(n),
                }
            }
            if pretty {
                CmdOutput::ok(views.iter().map(f::node::render_node_pretty).collect::<Vec<_>>().join("\n"))
            } else if let Some(fmt) = format.filter(|x| !x.is_empty()) {
                let objects: Vec<_> = views.iter().map(|v| (v.to_value(), v.to_json())).collect();
                T::format_inspect(&fmt, &objects)
            } else {
                CmdOutput::ok(f::node::render_node_inspect(&views))
            }
        }
        DockerCmd::NodeUpdate { node: target, availability, role, label_add, label_rm } => {
            if let Err(e) = manager_check(sw, node) {
                return e;
            }
            let Some(i) = sw.member_index(&target) else { return f::errors::node_not_found(&target) };
            let mut labels = sw.nodes[i].labels.clone();
            labels.extend(kv_map(&label_add));
            for k in &label_rm {
                if labels.remove(k).is_none() {
                    return CmdOutput::err(format!("key {k} doesn't exist in node's labels\n"), 1);
                }
            }
            // The daemon converts the spec before anything else
            // (daemon/cluster/convert/node.go NodeSpecToGRPC): role, then
            // availability, each looked up upper-cased in swarmkit's enum.
            let manager = match role.as_ref().map(|r| r.to_ascii_uppercase()).as_deref() {
                None => None,
                Some("MANAGER") => Some(true),
                Some("WORKER") => Some(false),
                Some(_) => return daemon_err(&format!("invalid Role: {}", crate::docker::text::go_quote(role.as_deref().unwrap_or_default()))),
            };
            let drain = match availability.as_ref().map(|a| a.to_ascii_uppercase()).as_deref() {
                None => None,
                Some("DRAIN") => Some(true),
                Some("ACTIVE") => Some(false),
                Some("PAUSE") => return CmdOutput::err("mesh: availability pause is not modelled\n", 1),
                Some(_) => {
                    return daemon_err(&format!("invalid Availability: {}", crate::docker::text::go_quote(availability.as_deref().unwrap_or_default())));
                }
            };
            if let Some(d) = drain
                && let Err(e) = sw.node_availability(&mut s.world, &target, d)
            {
                return daemon_err(&e);
            }
            if let Some(m) = manager {
                match sw.node_set_role(&target, m) {
                    Ok(true) => sw.nodes_changed(&mut s.world),
                    Ok(false) => {}
                    Err(e) => return daemon_err(&e),
                }
            }
            if let Err(e) = sw.node_set_labels(&mut s.world, &target, labels) {
                return daemon_err(&e);
            }
            CmdOutput::ok(format!("{target}\n"))
        }
        DockerCmd::NodePs { nodes, list, .. } => {
            if let Err(e) = manager_check(sw, node) {
                return e;
            }
            let targets: Vec<usize> =
                if nodes.is_empty() { vec![node] } else { nodes.iter().filter_map(|n| if n == "self" { Some(node) } else { sw.node_index(n) }).collect() };
            let ids: BTreeSet<String> = targets.iter().map(|i| sw.nodes[*i].id.clone()).collect();
            let keep = match task_filter(sw, &list.filters) {
                Ok(keep) => keep,
                Err(e) => return e,
            };
            let views: Vec<f::task::TaskView> = sw.tasks.values().filter(|t| ids.contains(&t.node_id) && keep(t)).map(|t| task_view(sw, t)).collect();
            tasks_output(&views, &list, now)
        }
        DockerCmd::SwarmInit { advertise_addr, .. } => {
            if sw.nodes[node].in_swarm {
                return f::errors::already_in_swarm();
            }
            let addr = advertise_addr.and_then(|a| a.split(':').next().and_then(|x| x.parse::<Ipv4Addr>().ok())).unwrap_or(sw.nodes[node].addr);
            match sw.init(&mut s.world, node, addr) {
                Ok(()) => {
                    let id = sw.nodes[node].id.clone();
                    CmdOutput::ok(format!(
                        "Swarm initialized: current node ({id}) is now a manager.\n\nTo add a worker to this swarm, run the following command:\n\n    docker swarm join --token {} {addr}:2377\n\nTo add a manager to this swarm, run 'docker swarm join-token manager' and follow the instructions.\n\n",
                        sw.worker_token
                    ))
                }
                Err(e) => daemon_err(&e),
            }
        }
        DockerCmd::SwarmJoin { token, .. } => {
            if sw.nodes[node].in_swarm {
                return f::errors::already_in_swarm();
            }
            let role = match token.as_deref() {
                Some(t) if t == sw.manager_token => Role::Manager,
                Some(t) if t == sw.worker_token => Role::Worker,
                _ => return daemon_err("rpc error: code = InvalidArgument desc = A valid join token is necessary to join this cluster"),
            };
            match sw.join(&mut s.world, node, role) {
                Ok(()) => {
                    CmdOutput::ok(if role == Role::Manager { "This node joined a swarm as a manager.\n" } else { "This node joined a swarm as a worker.\n" })
                }
                Err(e) => daemon_err(&e),
            }
        }
        DockerCmd::SwarmJoinToken { manager, quiet, .. } => {
            if let Err(e) = manager_check(sw, node) {
                return e;
            }
            let token = if manager { &sw.manager_token } else { &sw.worker_token };
            if quiet {
                return CmdOutput::ok(format!("{token}\n"));
            }
            let addr = sw.nodes.iter().find(|n| n.leader).map(|n| n.addr).unwrap_or(sw.nodes[node].addr);
            let who = if manager { "manager" } else { "worker" };
            CmdOutput::ok(format!("To add a {who} to this swarm, run the following command:\n\n    docker swarm join --token {token} {addr}:2377\n\n"))
        }
        DockerCmd::SwarmLeave { force } => {
            if !sw.nodes[node].in_swarm {
                return f::errors::leave_not_in_swarm();
            }
            if sw.nodes[node].role == Role::Manager && !force {
                return f::errors::leave_manager_needs_force();
            }
            sw.leave(&mut s.world, node);
            CmdOutput::ok("Node left the swarm.\n")
        }
        DockerCmd::ServiceCreate(c) => {
            if let Err(e) = manager_check(sw, node) {
                return e;
            }
            let mode = match c.mode {
                crate::docker::parse::ServiceMode::Replicated { replicas } => Mode::Replicated(replicas.unwrap_or(1)),
                crate::docker::parse::ServiceMode::Global => Mode::Global,
                _ => return CmdOutput::err("mesh: service jobs are not modelled\n", 1),
            };
            if c.endpoint_mode != "vip" && c.endpoint_mode != "dnsrr" {
                return daemon_err(&format!("invalid resolution mode: {}", crate::docker::text::go_quote(&c.endpoint_mode)));
            }
            let name = c.name.clone().unwrap_or_else(|| random_name(&mut s.world, sw));
            let spec = ServiceSpec {
                name,
                image: c.image.clone(),
                mode,
                dnsrr: c.endpoint_mode == "dnsrr",
                ports: c.ports.iter().map(from_cli_port).collect(),
                networks: c.networks.clone(),
                hostname: c.hostname.clone(),
                env: c.env.clone(),
                args: c.args.clone(),
                labels: kv_map(&c.labels),
                container_labels: kv_map(&c.container_labels),
                constraints: c.constraints.clone(),
                init: c.init,
                no_healthcheck: c.no_healthcheck,
                force_update: 0,
                update_policy: with_policy_flags(UpdatePolicy::default(), &c.update_policy),
                rollback_policy: with_policy_flags(UpdatePolicy::default(), &c.rollback_policy),
            };
            let start = s.world.now;
            match sw.service_create(&mut s.world, spec) {
                Ok(id) => {
                    if c.detach {
                        return CmdOutput::ok(format!("{id}\n"));
                    }
                    let p = converge(s, sw, &id, start, false);
                    let screen = if c.quiet { String::new() } else { f::progress::render_create_output(&id, &p, TERMINAL_WIDTH) };
                    let head = if c.quiet { format!("{id}\n") } else { String::new() };
                    waited(format!("{head}{screen}"), &p, &id, c.quiet)
                }
                Err(e) => daemon_err(&e),
            }
        }
        DockerCmd::ServiceLs(l) => {
            if let Err(e) = manager_check(sw, node) {
                return e;
            }
            // moby's newListServicesFilters: these keys; `name` and `id`
            // match prefixes, `label` the service's labels.
            let mut by_key: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
            for flt in &l.filters {
                match flt.key.as_str() {
                    "name" | "id" | "label" => by_key.entry(flt.key.as_str()).or_default().push(flt.value.as_str()),
                    "mode" | "runtime" => return CmdOutput::err(format!("mesh: docker service ls --filter {} is not modelled\n", flt.key), 1),
                    other => return daemon_err(&format!("invalid filter '{other}'")),
                }
            }
            let keep = |sv: &super::cluster::Service| {
                by_key.iter().all(|(key, values)| {
                    values.iter().any(|v| match *key {
                        "name" => sv.spec.name.starts_with(v),
                        "id" => sv.id.starts_with(v),
                        _ => match v.split_once('=') {
                            Some((k, val)) => sv.spec.labels.get(k).is_some_and(|x| x == val),
                            None => sv.spec.labels.contains_key(*v),
                        },
                    })
                })
            };
            let views: Vec<f::service::ServiceView> = sw.services.values().filter(|sv| keep(sv)).map(|sv| service_view(sw, sv, now)).collect();
            match T::list_format(l.format.as_deref()) {
                T::ListFormat::Default => CmdOutput::ok(f::service::render_service_ls(&views, l.quiet)),
                T::ListFormat::Template { text, table, .. } => {
                    let rows: Vec<_> = f::service::sorted_services(&views).into_iter().map(f::service::ServiceView::context).collect();
                    T::format_list(&text, table, &rows, &f::service::SERVICE_HEADER)
                }
            }
        }
        DockerCmd::ServicePs { services, list, .. } => {
            if let Err(e) = manager_check(sw, node) {
                return e;
            }
            let mut ids = Vec::new();
            for r in &services {
                match sw.service_by_ref(r) {
                    Some(sv) => ids.push(sv.id.clone()),
                    None => return f::errors::service_not_found(r),
                }
            }
            let keep = match task_filter(sw, &list.filters) {
                Ok(keep) => keep,
                Err(e) => return e,
            };
            let views: Vec<f::task::TaskView> = sw.tasks.values().filter(|t| ids.contains(&t.service_id) && keep(t)).map(|t| task_view(sw, t)).collect();
            tasks_output(&views, &list, now)
        }
        DockerCmd::ServiceInspect { services, pretty, format } => {
            if let Err(e) = manager_check(sw, node) {
                return e;
            }
            let format = format.filter(|x| !x.is_empty());
            if pretty && format.is_some() {
                return CmdOutput::err("--format is incompatible with human friendly format\n", 1);
            }
            let mut views = Vec::new();
            for r in &services {
                match sw.service_by_ref(r) {
                    Some(sv) => views.push(service_view(sw, sv, now)),
                    None => return f::errors::service_inspect_not_found(r),
                }
            }
            if let Some(fmt) = format {
                let objects: Vec<_> = views.iter().map(|v| (v.to_value(), v.to_json())).collect();
                return T::format_inspect(&fmt, &objects);
            }
            CmdOutput::ok(if pretty { f::service::render_service_pretty(&views) } else { f::service::render_service_inspect(&views) })
        }
        DockerCmd::ServiceScale { scales, detach } => {
            if let Err(e) = manager_check(sw, node) {
                return e;
            }
            let mut out = String::new();
            let mut stop_notes = String::new();
            let mut errors = Vec::new();
            for sc in scales {
                match sc.replicas {
                    Err(e) => errors.push(e),
                    Ok(n) => {
                        let start = s.world.now;
                        match sw.service_scale(&mut s.world, &sc.service, n, detach) {
                            Ok(id) => {
                                out.push_str(&format!("{} scaled to {n}\n", sc.service));
                                if !detach {
                                    let p = converge(s, sw, &id, start, false);
                                    let w = waited(p.terminal_screen(TERMINAL_WIDTH), &p, &sc.service, false);
                                    out.push_str(&w.stdout);
                                    stop_notes.push_str(&w.stderr);
                                }
                            }
                            Err(e) if e.starts_with("scale can only") => errors.push(f::errors::scale_global(&sc.service)),
                            Err(e) => errors.push(format!("{}: Error response from daemon: {e}", sc.service)),
                        }
                    }
                }
            }
            if errors.is_empty() {
                let mut done = CmdOutput::ok(out);
                done.stderr = stop_notes;
                done
            } else {
                let mut e = f::errors::scale_errors(&errors);
                e.stdout = out;
                e
            }
        }
        DockerCmd::ServiceUpdate(u) => {
            if let Err(e) = manager_check(sw, node) {
                return e;
            }
            let Some(current) = sw.service_by_ref(&u.service).cloned() else { return f::errors::service_not_found(&u.service) };
            let start = s.world.now;
            let result = if u.rollback {
                if u.rollback_with_others {
                    return CmdOutput::err("other flags may not be combined with --rollback\n", 1);
                }
                sw.service_rollback(&mut s.world, &u.service)
            } else {
                let spec = match updated_spec(sw, &current, &u) {
                    Ok(spec) => spec,
                    Err(out) => return out,
                };
                sw.service_update(&mut s.world, &u.service, spec)
            };
            match result {
                Ok(id) => {
                    if u.detach {
                        return CmdOutput::ok(format!("{}\n", u.service));
                    }
                    let p = converge(s, sw, &id, start, u.rollback);
                    let screen = if u.quiet { String::new() } else { p.terminal_screen(TERMINAL_WIDTH) };
                    waited(format!("{}\n{screen}", u.service), &p, &u.service, u.quiet)
                }
                Err(e) => daemon_err(&e),
            }
        }
        DockerCmd::ServiceRm { services } => {
            if let Err(e) = manager_check(sw, node) {
                return e;
            }
            let mut out = CmdOutput::default();
            for r in services {
                match sw.service_rm(&mut s.world, &r) {
                    Ok(_) => out.stdout.push_str(&format!("{r}\n")),
                    Err(_) => {
                        let e = f::errors::service_not_found(&r);
                        out.stderr.push_str(&e.stderr);
                        out.status = 1;
                    }
                }
            }
            out
        }
        DockerCmd::ServiceLogs { target, timestamps, no_trunc, no_task_ids, raw, tail, details, follow, since, no_resolve } => {
            if let Err(e) = manager_check(sw, node) {
                return e;
            }
            if follow || since.is_some() || details || no_resolve {
                return CmdOutput::err("mesh: docker service logs --follow, --since, --details and --no-resolve are not modelled\n", 1);
            }
            let opts = LogOptions { timestamps, no_trunc, no_task_ids, raw, tail };
            service_logs(sw, &target, &opts)
        }
        DockerCmd::NetworkLs(l) => {
            if let Some(flt) = l.filters.first() {
                return CmdOutput::err(format!("mesh: docker network ls --filter {} is not modelled\n", flt.key), 1);
            }
            let views = network_views(s, sw, node, now);
            match T::list_format(l.format.as_deref()) {
                T::ListFormat::Default => CmdOutput::ok(f::network::render_network_ls(&views, l.quiet, l.no_trunc)),
                T::ListFormat::Template { text, table, .. } => {
                    let rows: Vec<_> = f::network::sorted_networks(&views).into_iter().map(|n| n.context(!l.no_trunc)).collect();
                    T::format_list(&text, table, &rows, &f::network::NETWORK_HEADER)
                }
            }
        }
        DockerCmd::NetworkInspect { networks, verbose, format } => {
            let views = network_views(s, sw, node, now);
            let mut picked = Vec::new();
            for r in &networks {
                match views.iter().find(|v| &v.name == r || v.id == *r || (r.len() >= 3 && v.id.starts_with(r.as_str()))) {
                    Some(v) => picked.push(v.clone()),
                    None => return f::errors::network_inspect_not_found(r),
                }
            }
            if let Some(fmt) = format.filter(|x| !x.is_empty()) {
                let objects: Vec<_> = picked.iter().map(|v| (v.to_value(verbose), v.to_json(verbose))).collect();
                return T::format_inspect(&fmt, &objects);
            }
            CmdOutput::ok(f::network::render_network_inspect(&picked, verbose))
        }
        DockerCmd::NetworkCreate(c) => {
            if c.driver != "overlay" {
                return CmdOutput::err("mesh: only overlay networks can be created (the bridge driver's user networks are not modelled)\n", 1);
            }
            // What mesh's overlay networks do not carry out says so rather
            // than being dropped: IPsec (`encrypted`), internal and ingress
            // networks, IPv6, labels, extra IPAM settings.
            let mut unmodelled: Vec<String> = c.options.keys().map(|k| format!("--opt {k}")).collect();
            for (given, flag) in [
                (c.internal, "--internal"),
                (c.ingress, "--ingress"),
                (c.ipv6, "--ipv6"),
                (!c.labels.is_empty(), "--label"),
                (c.scope.is_some(), "--scope"),
                (c.ipam_driver != "default", "--ipam-driver"),
                (c.ipam.len() > 1, "a second --subnet"),
                (c.ipam.iter().any(|i| !i.ip_range.is_empty()), "--ip-range"),
                (c.ipam.iter().any(|i| !i.gateway.is_empty()), "--gateway"),
            ] {
                if given {
                    unmodelled.push(flag.to_string());
                }
            }
            if !unmodelled.is_empty() {
                return CmdOutput::err(unmodelled.iter().map(|u| format!("mesh: docker network create {u} is not modelled\n")).collect::<String>(), 1);
            }
            if let Err(e) = manager_check(sw, node) {
                return e;
            }
            let subnet = c.ipam.first().and_then(|i| i.subnet.parse::<crate::net::Ipv4Cidr>().ok());
            if c.ipam.first().is_some_and(|i| !i.subnet.is_empty()) && subnet.is_none() {
                return daemon_err(&format!("invalid CIDR address: {}", c.ipam[0].subnet));
            }
            match sw.network_create(&mut s.world, &c.name, subnet, c.attachable) {
                Ok(id) => CmdOutput::ok(f::network::render_network_create(&id)),
                Err(e) if e.contains("already exists") => f::errors::network_exists(&c.name),
                Err(e) => daemon_err(&e),
            }
        }
        DockerCmd::NetworkRm { networks, .. } => {
            let mut out = CmdOutput::default();
            for r in networks {
                match sw.network_rm(&mut s.world, &r) {
                    Ok(_) => out.stdout.push_str(&format!("{r}\n")),
                    Err(e) if e.contains("not found") => {
                        let x = f::errors::network_not_found(&r);
                        out.stderr.push_str(&x.stderr);
                        out.status = 1;
                    }
                    Err(e) => {
                        out.stderr.push_str(&format!("Error response from daemon: {e}\n"));
                        out.status = 1;
                    }
                }
            }
            out
        }
        DockerCmd::Ps { list, all, last, latest, size } => {
            if size {
                return CmdOutput::err("mesh: docker ps --size is not modelled\n", 1);
            }
            let mut views = container_views(sw, node, now, all || last >= 0 || latest);
            for flt in &list.filters {
                match filter_containers(&mut views, flt) {
                    Ok(()) => {}
                    Err(e) => return e,
                }
            }
            if latest {
                views.truncate(1);
            } else if last >= 0 {
                views.truncate(last as usize);
            }
            let format = list.format.as_deref().filter(|_| !list.quiet).unwrap_or(if list.quiet { "{{.ID}}" } else { "" });
            match T::list_format(Some(format)) {
                T::ListFormat::Default => CmdOutput::ok(f::container::render_ps(&views, false, list.no_trunc, now)),
                T::ListFormat::Template { text, table, .. } => {
                    let rows: Vec<_> = views.iter().map(|c| c.context(!list.no_trunc, now)).collect();
                    T::format_list(&text, table, &rows, &f::container::CONTAINER_HEADER)
                }
            }
        }
        DockerCmd::Inspect { names, kind, format, .. } => inspect_any(s, sw, node, now, &names, kind.as_deref(), format.as_deref()),
        DockerCmd::Exec { .. } => CmdOutput::default(),
        DockerCmd::Logs { container, tail, timestamps, details, follow, since, until } => {
            if follow || since.is_some() || until.is_some() || details {
                return CmdOutput::err("mesh: docker logs --follow, --since, --until and --details are not modelled\n", 1);
            }
            let views = container_views(sw, node, now, true);
            let Some(c) = find_container(&views, &container) else { return f::errors::no_such_container(&container) };
            let lines = container_log(sw, node, &c.id);
            let opts = LogOptions { timestamps, no_trunc: false, no_task_ids: false, raw: true, tail };
            render_log(&opts, lines.into_iter().map(|l| (String::new(), l)).collect())
        }
        DockerCmd::NodeRm { nodes, force } => {
            if let Err(e) = manager_check(sw, node) {
                return e;
            }
            let mut out = CmdOutput::default();
            for n in &nodes {
                match sw.node_rm(&mut s.world, n, force) {
                    Ok(()) => out.stdout.push_str(&format!("{n}\n")),
                    Err(e) => {
                        out.stderr.push_str(&daemon_err(&e).stderr);
                        out.status = 1;
                    }
                }
            }
            out
        }
        DockerCmd::NodePromote { nodes } => match manager_check(sw, node) {
            Err(e) => e,
            Ok(()) => set_roles(&mut s.world, sw, &nodes, true),
        },
        DockerCmd::NodeDemote { nodes } => match manager_check(sw, node) {
            Err(e) => e,
            Ok(()) => set_roles(&mut s.world, sw, &nodes, false),
        },
        DockerCmd::Info { .. } => CmdOutput::err("mesh: docker info is not modelled\n", 1),
        DockerCmd::Images { .. } => CmdOutput::err("mesh: docker images is not modelled (mesh's images are built in and never pulled)\n", 1),
        DockerCmd::NotModelled { command } => {
            CmdOutput::err(format!("mesh: `{command}` is not modelled (mesh runs containers only as swarm service tasks)\n"), 1)
        }
    }
}

/// `docker exec CONTAINER CMD…`: run a tool inside the task's namespace.
fn docker_exec(s: &mut Session, node: usize, container: &str, command: &[String], exec: &Exec) -> CmdOutput {
    let Some(sw) = s.swarm.as_ref() else { return CmdOutput::default() };
    let Some((d, sb_id)) = sw.container_on(node, container) else {
        return f::errors::no_such_container(container);
    };
    let Some(sb) = sw.daemons[d].sandboxes.get(&sb_id) else { return f::errors::no_such_container(container) };
    let Some(c) = sb.container.clone() else { return f::errors::no_such_container(container) };
    let netns = sb.netns;
    let repo = super::cluster::image_repo(&c.image).to_string();
    let Some(tool) = command.first() else { return CmdOutput::default() };
    if !image_has(&repo, tool) {
        return CmdOutput::err(
            format!("OCI runtime exec failed: exec failed: unable to start container process: exec: \"{tool}\": executable file not found in $PATH: unknown\n"),
            126,
        );
    }
    s.container_hostnames.insert(c.id.clone(), c.hostname.clone());
    let e = Exec { host: exec.host, netns, root: true, container: Some(c.id.clone()), stdout_tty: exec.stdout_tty };
    s.exec(command, "", &e)
}

/// Which tools an image ships (what `docker exec` can run): whoami is a
/// single static binary; nginx, debian and ubuntu have a shell and coreutils
/// (nginx also curl); alpine and busybox have busybox's applets (no curl);
/// netshoot has every network tool.
fn image_has(repo: &str, tool: &str) -> bool {
    let busybox =
        ["sh", "ls", "cat", "echo", "hostname", "ip", "ping", "wget", "nslookup", "sleep", "ps", "true", "false", "env", "grep", "head", "tail", "wc"];
    let coreutils = ["sh", "bash", "ls", "cat", "echo", "hostname", "sleep", "true", "false", "env", "grep", "head", "tail", "wc"];
    match repo {
        "nginx" => coreutils.contains(&tool) || tool == "curl",
        "debian" | "ubuntu" => coreutils.contains(&tool),
        "alpine" | "busybox" => busybox.contains(&tool),
        "nicolaka/netshoot" => true,
        _ => false,
    }
}

/// A service name like docker's `namesgenerator` (adjective_surname).
fn random_name(w: &mut World, sw: &Swarm) -> String {
    const ADJ: [&str; 8] = ["admiring", "brave", "clever", "dreamy", "eager", "focused", "gallant", "happy"];
    const NAMES: [&str; 8] = ["hopper", "lovelace", "turing", "torvalds", "ritchie", "thompson", "knuth", "liskov"];
    let n = (w.now.as_nanos() as usize + sw.services.len()) % 64;
    format!("{}_{}", ADJ[n % 8], NAMES[n / 8])
}

/// Poll the service's tasks as the CLI's progress monitor does, every
/// 200 ms of virtual time, until it reports convergence.
fn converge(s: &mut Session, sw: &mut Swarm, id: &str, start: crate::time::Instant, rollback: bool) -> f::progress::ServiceProgress {
    let mode = match sw.services.get(id).map(|x| x.spec.mode) {
        Some(Mode::Global) => f::progress::ProgressMode::Global,
        Some(Mode::Replicated(n)) => f::progress::ProgressMode::Replicated { replicas: n },
        None => f::progress::ProgressMode::Replicated { replicas: 0 },
    };
    let mut p = f::progress::ServiceProgress::new(mode);
    // The CLI waits the spec's `UpdateConfig.Monitor` when one is set.
    if let Some(monitor) = sw.services.get(id).map(|x| x.spec.update_policy.monitor_ns).filter(|m| *m != 0) {
        p.set_monitor(monitor);
    }
    if rollback {
        p.rollback_started("manually requested rollback");
    }
    let active: BTreeSet<String> = sw.nodes.iter().filter(|n| n.in_swarm && !n.drain).map(|n| n.id.clone()).collect();
    let _ = start;
    // Docker waits as long as it takes; mesh gives up WAIT_SECONDS after
    // the last batch of a rolling update (an hour at most).
    let mut quiet_polls = 0;
    for _ in 0..3600 * 5 {
        if sw.rolling(id) {
            quiet_polls = 0;
        } else {
            quiet_polls += 1;
        }
        if quiet_polls > WAIT_SECONDS * 5 {
            break;
        }
        // The CLI lists the service's up-to-date tasks (`_up-to-date`).
        let tasks: Vec<f::progress::ProgressTask> = sw
            .tasks
            .values()
            .filter(|t| t.service_id == id && t.desired == TaskState::Running && sw.up_to_date(t))
            .map(|t| f::progress::ProgressTask {
                slot: t.slot,
                node_id: t.node_id.clone(),
                desired_state: "running".into(),
                state: t.state.name().into(),
                err: t.error.clone().unwrap_or_default(),
            })
            .collect();
        let now = sw.wall_ns(&s.world);
        if p.poll(now, &tasks, &active) {
            break;
        }
        sw.advance(&mut s.world, Duration::from_millis(200));
    }
    p
}

/// How long mesh waits for a service to converge ([`converge`] polls every
/// 200 ms).
const WAIT_SECONDS: u64 = 20;

/// The CLI's output after waiting for a service: `shown` (the progress
/// screen), and when the service never converged, what the CLI prints once
/// the user presses Ctrl-C. Docker would wait forever; mesh stops after
/// [`WAIT_SECONDS`] of virtual time, prints that text as if Ctrl-C had been
/// pressed (exit status 0, as docker's, which catches the signal) and says
/// so on stderr. With `--quiet` the CLI's progress, Ctrl-C text included,
/// goes nowhere.
fn waited(shown: String, p: &f::progress::ServiceProgress, service: &str, quiet: bool) -> CmdOutput {
    let mut out = CmdOutput::ok(shown);
    if !p.finished() {
        if !quiet {
            out.stdout.push_str(&f::progress::ctrl_c_lines(service));
        }
        out.stderr = format!("mesh: {service} did not converge in {WAIT_SECONDS} s; docker would wait until Ctrl-C, so mesh stopped waiting as Ctrl-C would\n");
    }
    out
}

/// docker's `ConvertKVStringsToMap`: `KEY=VALUE`, or `KEY` for an empty value.
fn kv_map(values: &[String]) -> BTreeMap<String, String> {
    values
        .iter()
        .map(|kv| match kv.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (kv.clone(), String::new()),
        })
        .collect()
}

/// `env`'s key (`KEY` of `KEY=VALUE`).
fn env_key(e: &str) -> &str {
    e.split_once('=').map_or(e, |(k, _)| k)
}

/// docker/cli's `updateService`: the new spec the CLI sends, built from
/// the current one and the flags. Errors are the CLI's own (exit 1) or the
/// daemon's answers to its network look-ups.
fn updated_spec(sw: &Swarm, current: &super::cluster::Service, u: &crate::docker::parse::ServiceUpdate) -> Result<ServiceSpec, CmdOutput> {
    let mut spec = current.spec.clone();
    for k in &u.label_rm {
        spec.labels.remove(k);
    }
    spec.labels.extend(kv_map(&u.label_add));
    for k in &u.container_label_rm {
        spec.container_labels.remove(k);
    }
    spec.container_labels.extend(kv_map(&u.container_label_add));
    if let Some(image) = &u.image {
        spec.image = image.clone();
    }
    // Removals first, then additions replace a variable of the same name
    // (docker rebuilds the list from a Go map, in random order; mesh keeps
    // the order the variables came in).
    spec.env.retain(|e| !u.env_rm.iter().any(|k| k == env_key(e)));
    for add in &u.env_add {
        match spec.env.iter_mut().find(|e| env_key(e) == env_key(add)) {
            Some(e) => *e = add.clone(),
            None => spec.env.push(add.clone()),
        }
    }
    if let Some(h) = &u.hostname {
        spec.hostname = Some(h.clone()).filter(|h| !h.is_empty());
    }
    if let Some(init) = u.init {
        spec.init = init;
    }
    if let Some(no_healthcheck) = u.no_healthcheck {
        spec.no_healthcheck = no_healthcheck;
    }
    spec.constraints.extend(u.constraint_add.iter().cloned());
    spec.constraints.retain(|c| !u.constraint_rm.contains(c));
    spec.constraints.sort();
    if !u.network_add.is_empty() || !u.network_rm.is_empty() {
        let lookup = |r: &str| sw.network_by_ref(r).map(|n| n.id.clone()).ok_or_else(|| daemon_err(&format!("network {r} not found")));
        let mut remove = Vec::new();
        for r in &u.network_rm {
            remove.push(lookup(r)?);
        }
        spec.networks.retain(|n| !remove.contains(n));
        for r in &u.network_add {
            let id = lookup(r)?;
            if spec.networks.contains(&id) {
                return Err(CmdOutput::err(format!("service is already attached to network {id}\n"), 1));
            }
            spec.networks.push(id);
        }
        spec.networks.sort();
    }
    if let Some(n) = u.replicas {
        if spec.mode == Mode::Global {
            return Err(CmdOutput::err("replicas can only be used with replicated mode\n", 1));
        }
        spec.mode = Mode::Replicated(n);
    }
    if let Some(mode) = &u.endpoint_mode {
        spec.dnsrr = match mode.as_str() {
            "vip" => false,
            "dnsrr" => true,
            other => return Err(daemon_err(&format!("invalid resolution mode: {}", crate::docker::text::go_quote(other)))),
        };
    }
    if !u.publish_add.is_empty() || !u.publish_rm.is_empty() {
        spec.ports = update_ports(&spec.ports, &u.publish_rm, &u.publish_add);
    }
    if u.force {
        spec.force_update += 1;
    }
    spec.update_policy = with_policy_flags(spec.update_policy, &u.update_policy);
    spec.rollback_policy = with_policy_flags(spec.rollback_policy, &u.rollback_policy);
    Ok(spec)
}

/// docker/cli 24's `updatePorts` (cli/command/service/update.go): the
/// current ports deduplicated by `published:target/proto/mode`; a
/// `--publish-rm` value removes every port with its protocol, TARGET port
/// and publish mode (the published port plays no part, so `--publish-rm
/// 8080` does not remove `8080:80`, and `--publish-rm 80` leaves a
/// `mode=host` port on 80 alone); a `--publish-add` whose key is already in
/// the CURRENT set is skipped (even if `--publish-rm` just removed it); the
/// result is sorted by that key as a string.
fn update_ports(current: &[PortConfig], remove: &[CliPort], add: &[CliPort]) -> Vec<PortConfig> {
    let key = |p: &PortConfig| format!("{}:{}/{}/{}", p.published, p.target, p.proto_name(), if p.mode == PublishMode::Host { "host" } else { "ingress" });
    let mut existing: BTreeMap<String, PortConfig> = BTreeMap::new();
    for p in current {
        existing.entry(key(p)).or_insert_with(|| p.clone());
    }
    let remove: Vec<PortConfig> = remove.iter().map(from_cli_port).collect();
    let mut ports: Vec<PortConfig> =
        existing.values().filter(|p| !remove.iter().any(|r| r.protocol == p.protocol && r.target == p.target && r.mode == p.mode)).cloned().collect();
    for p in add.iter().map(from_cli_port) {
        if !existing.contains_key(&key(&p)) {
            ports.push(p);
        }
    }
    ports.sort_by_key(|p| key(p));
    ports
}

/// `docker node promote|demote NODE…`, with docker/cli's messages; tasks
/// are re-placed for the new roles (`node.role` constraints).
fn set_roles(w: &mut World, sw: &mut Swarm, nodes: &[String], promote: bool) -> CmdOutput {
    let mut out = CmdOutput::default();
    for n in nodes {
        match sw.node_set_role(n, promote) {
            Ok(true) if promote => {
                sw.nodes_changed(w);
                out.stdout.push_str(&format!("Node {n} promoted to a manager in the swarm.\n"));
            }
            Ok(true) => {
                sw.nodes_changed(w);
                out.stdout.push_str(&format!("Manager {n} demoted in the swarm.\n"));
            }
            Ok(false) if promote => out.stdout.push_str(&format!("Node {n} is already a manager.\n")),
            Ok(false) => out.stdout.push_str(&format!("Node {n} is already a worker.\n")),
            Err(e) => {
                out.stderr.push_str(&daemon_err(&e).stderr);
                out.status = 1;
            }
        }
    }
    out
}

fn node_view(sw: &Swarm, i: usize, me: usize, now: i64) -> f::node::NodeView {
    let _ = now;
    node_record_view(&sw.nodes[i], i == me)
}

fn node_record_view(n: &super::cluster::Node, is_self: bool) -> f::node::NodeView {
    f::node::NodeView {
        id: n.id.clone(),
        version_index: 9,
        created_at: n.created_ns,
        updated_at: n.created_ns,
        labels: n.labels.clone(),
        role: if n.role == Role::Manager { "manager".into() } else { "worker".into() },
        availability: if n.drain { "drain".into() } else { "active".into() },
        hostname: n.hostname.clone(),
        architecture: "x86_64".into(),
        os: "linux".into(),
        nano_cpus: 2_000_000_000,
        memory_bytes: 4_123_181_056,
        engine_version: n.engine.clone(),
        state: if n.down { "down".into() } else { "ready".into() },
        addr: n.addr.to_string(),
        manager: (n.role == Role::Manager).then(|| f::node::ManagerStatus {
            leader: n.leader,
            reachability: if n.down { "unreachable".into() } else { "reachable".into() },
            addr: format!("{}:2377", n.addr),
        }),
        is_self,
    }
}

fn task_view(sw: &Swarm, t: &super::cluster::Task) -> f::task::TaskView {
    let svc = sw.services.get(&t.service_id);
    let node_name = sw.nodes.iter().chain(&sw.departed).find(|n| n.id == t.node_id).map(|n| n.hostname.clone()).unwrap_or_default();
    f::task::TaskView {
        id: t.id.clone(),
        service_name: svc.map(|s| s.spec.name.clone()).unwrap_or_default(),
        slot: t.slot,
        node_id: t.node_id.clone(),
        node_name,
        image: t.image.clone(),
        desired_state: match t.desired {
            TaskState::Remove | TaskState::Running => t.desired.name().into(),
            _ => "shutdown".into(),
        },
        state: t.state.name().into(),
        state_since: t.state_ns,
        err: t.error.clone().unwrap_or_default(),
        ports: svc.map(|s| s.ports.iter().filter(|p| p.mode == PublishMode::Host).map(to_cli_port).collect()).unwrap_or_default(),
        created_at: t.created_ns,
    }
}

/// A service as the API returns it; `now` is the wall clock (for how long
/// ago its last update ran).
fn service_view(sw: &Swarm, s: &super::cluster::Service, now: i64) -> f::service::ServiceView {
    let running = sw.tasks.values().filter(|t| t.service_id == s.id && t.live()).count() as u64;
    let desired = match s.spec.mode {
        Mode::Replicated(n) => n,
        Mode::Global => sw.nodes.iter().filter(|n| n.in_swarm && !n.drain).count() as u64,
    };
    f::service::ServiceView {
        id: s.id.clone(),
        version_index: 10 + s.version,
        created_at: s.created_ns,
        updated_at: s.updated_ns,
        name: s.spec.name.clone(),
        labels: s.spec.labels.clone(),
        image: s.spec.image.clone(),
        args: s.spec.args.clone(),
        hostname: s.spec.hostname.clone().unwrap_or_default(),
        env: s.spec.env.clone(),
        healthcheck: if s.spec.no_healthcheck { vec!["NONE".into()] } else { Vec::new() },
        container_labels: s.spec.container_labels.clone(),
        init: s.spec.init,
        force_update: s.spec.force_update,
        constraints: s.spec.constraints.clone(),
        platforms: vec![("amd64".into(), "linux".into())],
        networks: s.spec.networks.iter().map(|n| (n.clone(), String::new())).collect(),
        mode: match s.spec.mode {
            Mode::Replicated(n) => f::service::ServiceModeView::Replicated { replicas: n },
            Mode::Global => f::service::ServiceModeView::Global,
        },
        endpoint_mode: if s.spec.dnsrr { "dnsrr".into() } else { "vip".into() },
        spec_ports: s.spec.ports.iter().map(to_cli_port).collect(),
        ports: s.ports.iter().map(to_cli_port).collect(),
        virtual_ips: s.vips.iter().map(|(n, v)| (n.clone(), v.to_string())).collect(),
        running_tasks: running,
        desired_tasks: desired,
        previous: s
            .previous
            .as_ref()
            .map(|p| Box::new(service_view(sw, &super::cluster::Service { spec: p.clone(), previous: None, update_status: None, ..s.clone() }, now))),
        update_status: s.update_status.as_ref().map(|u| f::service::UpdateStatusView {
            state: u.state.into(),
            started_at: u.started_ns,
            completed_at: (u.completed_ns != 0).then_some(u.completed_ns),
            message: u.message.into(),
            now,
        }),
        update_config: s.spec.update_policy.clone(),
        rollback_config: s.spec.rollback_policy.clone(),
    }
}

/// The networks `docker network ls` shows on a node.
fn network_views(s: &Session, sw: &Swarm, node: usize, now: i64) -> Vec<f::network::NetworkView> {
    let _ = now;
    let d = &sw.daemons[sw.nodes[node].daemon];
    let mut v = Vec::new();
    for b in d.bridges.values() {
        let mut options = BTreeMap::new();
        if b.name == "bridge" {
            options.insert("com.docker.network.bridge.default_bridge".into(), "true".into());
            options.insert("com.docker.network.bridge.enable_icc".into(), "true".into());
            options.insert("com.docker.network.bridge.enable_ip_masquerade".into(), "true".into());
            options.insert("com.docker.network.bridge.host_binding_ipv4".into(), "0.0.0.0".into());
            options.insert("com.docker.network.bridge.name".into(), "docker0".into());
            options.insert("com.docker.network.driver.mtu".into(), "1500".into());
        } else {
            options.insert("com.docker.network.bridge.enable_icc".into(), "false".into());
            options.insert("com.docker.network.bridge.enable_ip_masquerade".into(), "true".into());
            options.insert("com.docker.network.bridge.name".into(), b.device.clone());
        }
        let containers = b.endpoints.iter().map(|(k, e)| (k.clone(), endpoint_view(e))).collect();
        v.push(f::network::NetworkView {
            name: b.name.clone(),
            id: b.id.clone(),
            created: b.created_ns,
            scope: "local".into(),
            driver: "bridge".into(),
            ipam_driver: "default".into(),
            ipam_options: None,
            ipam_config: vec![f::network::IpamConfigView {
                subnet: b.subnet.to_string(),
                ip_range: String::new(),
                gateway: b.gateway.to_string(),
                aux_addresses: BTreeMap::new(),
            }],
            containers,
            options,
            ..Default::default()
        });
    }
    for (name, driver) in [("host", "host"), ("none", "null")] {
        v.push(f::network::NetworkView {
            name: name.into(),
            id: d.local_net_id(name),
            created: d.wall_epoch * 1_000_000_000 + d.clock_fraction_ns(),
            scope: "local".into(),
            driver: driver.into(),
            ipam_driver: "default".into(),
            ..Default::default()
        });
    }
    let manager = sw.nodes[node].role == Role::Manager && sw.nodes[node].in_swarm;
    for n in sw.networks.values() {
        let local = d.overlays.get(&n.id);
        if local.is_none() && !manager {
            continue;
        }
        let mut containers = BTreeMap::new();
        if let Some(o) = local {
            for (k, e) in &o.endpoints {
                containers.insert(k.clone(), endpoint_view(e));
            }
        }
        let mut peers = Vec::new();
        if local.is_some() {
            for (i, other) in sw.daemons.iter().enumerate() {
                if other.overlays.contains_key(&n.id) {
                    peers.push(f::network::PeerView { name: sw.daemons[i].networkdb_id.clone(), ip: other.addr.to_string() });
                }
            }
        }
        let mut options = BTreeMap::new();
        options.insert("com.docker.network.driver.overlay.vxlanid_list".into(), n.vni.to_string());
        let services = if local.is_some() { verbose_services(sw, d, n) } else { BTreeMap::new() };
        v.push(f::network::NetworkView {
            name: n.name.clone(),
            id: n.id.clone(),
            created: n.created_ns,
            scope: "swarm".into(),
            driver: "overlay".into(),
            ipam_driver: "default".into(),
            ipam_options: None,
            ipam_config: vec![f::network::IpamConfigView {
                subnet: n.subnet.to_string(),
                ip_range: String::new(),
                gateway: n.gateway.to_string(),
                aux_addresses: BTreeMap::new(),
            }],
            internal: false,
            attachable: n.attachable,
            ingress: n.ingress,
            containers: if local.is_some() { containers } else { BTreeMap::new() },
            options,
            peers,
            services,
            ..Default::default()
        });
    }
    let _ = s;
    v
}

/// `network inspect -v`: services with their local fwmark and tasks.
fn verbose_services(sw: &Swarm, d: &super::agent::Daemon, n: &super::cluster::Network) -> BTreeMap<String, f::network::ServiceInfoView> {
    let mut out = BTreeMap::new();
    for ((key, net), lb) in &d.lbs {
        if net != &n.id {
            continue;
        }
        let svc_id = key.split('|').next().unwrap_or("");
        let Some(svc) = sw.services.get(svc_id) else { continue };
        let tasks = sw
            .tasks
            .values()
            .filter(|t| t.service_id == svc.id && t.live())
            .filter_map(|t| {
                let ip = t.networks.iter().find(|(nid, _)| nid == &n.id)?.1;
                let host = sw.nodes.iter().find(|x| x.id == t.node_id)?.addr;
                Some(f::network::ServiceTaskView {
                    name: sw.task_name(t),
                    endpoint_id: String::new(),
                    endpoint_ip: ip.addr.to_string(),
                    info: BTreeMap::from([("Host IP".to_string(), host.to_string())]),
                })
            })
            .collect();
        out.insert(
            svc.spec.name.clone(),
            f::network::ServiceInfoView {
                vip: lb.vip.map(|v| v.to_string()).unwrap_or_else(|| "<nil>".into()),
                ports: lb.ports.iter().map(|p| format!("Target: {}, Publish: {}", p.target, p.published)).collect(),
                local_lb_index: u64::from(lb.fwmark),
                tasks,
            },
        );
    }
    out
}

fn endpoint_view(e: &super::agent::EndpointInfo) -> f::network::EndpointView {
    f::network::EndpointView {
        name: e.name.clone(),
        endpoint_id: e.id.clone(),
        mac_address: e.mac.to_string(),
        ipv4_address: e.ip.to_string(),
        ipv6_address: String::new(),
    }
}

/// A running container's sandbox, as `docker ps`/`inspect` need it.
struct SandboxInfo {
    id: String,
    key: String,
    endpoints: Vec<EndpointRef>,
}

/// One endpoint of a sandbox: its network (overlay ID or bridge network
/// name), ID, address and MAC.
struct EndpointRef {
    network: String,
    overlay: bool,
    endpoint_id: String,
    ip: crate::net::Ipv4Cidr,
    mac: crate::wire::EthernetAddress,
}

/// What an image's configuration gives a container (`docker image
/// inspect`'s `Config`): entrypoint, command, exposed ports, stop signal,
/// labels.
struct ImageConfig {
    entrypoint: &'static [&'static str],
    cmd: &'static [&'static str],
    exposed: &'static [&'static str],
    stop_signal: &'static str,
    labels: &'static [(&'static str, &'static str)],
}

/// The configuration of the images mesh runs (their Dockerfiles).
fn image_config(image: &str) -> ImageConfig {
    let base = ImageConfig { entrypoint: &[], cmd: &[], exposed: &[], stop_signal: "", labels: &[] };
    match super::cluster::image_repo(image) {
        "containous/whoami" | "traefik/whoami" => ImageConfig { entrypoint: &["/whoami"], exposed: &["80/tcp"], ..base },
        "nginx" => ImageConfig {
            entrypoint: &["/docker-entrypoint.sh"],
            cmd: &["nginx", "-g", "daemon off;"],
            exposed: &["80/tcp"],
            stop_signal: "SIGQUIT",
            labels: &[("maintainer", "NGINX Docker Maintainers <docker-maint@nginx.com>")],
        },
        "alpine" => ImageConfig { cmd: &["/bin/sh"], ..base },
        "busybox" => ImageConfig { cmd: &["sh"], ..base },
        "nicolaka/netshoot" => ImageConfig { cmd: &["zsh"], ..base },
        "ubuntu" => ImageConfig { cmd: &["/bin/bash"], ..base },
        _ => ImageConfig { cmd: &["bash"], ..base },
    }
}

/// A task's container as the daemon lists it: the image's configuration
/// with the service's arguments in place of the image's command, the
/// swarm labels, the exposed and host-published ports, the networks
/// (docker_gwbridge is the sandbox's gateway, not a network of the
/// container).
fn task_container_view(sw: &Swarm, node: usize, t: &super::cluster::Task, sb: Option<&SandboxInfo>, now: i64) -> f::container::ContainerView {
    let svc = sw.services.get(&t.service_id);
    let img = image_config(&t.image);
    let args: Vec<String> = svc.map(|s| s.spec.args.clone()).unwrap_or_default();
    let entrypoint: Vec<String> = img.entrypoint.iter().map(|x| x.to_string()).collect();
    let cmd: Vec<String> = if args.is_empty() { img.cmd.iter().map(|x| x.to_string()).collect() } else { args };
    let mut whole = entrypoint.clone();
    whole.extend(cmd.iter().cloned());
    let (path, rest) = match whole.split_first() {
        Some((p, r)) => (p.clone(), r.to_vec()),
        None => (String::new(), Vec::new()),
    };
    let host_ports: Vec<PortConfig> = svc.map(|s| s.ports.iter().filter(|p| p.mode == PublishMode::Host).cloned().collect()).unwrap_or_default();
    let mut exposed: Vec<String> = img.exposed.iter().map(|x| x.to_string()).collect();
    for p in &host_ports {
        let key = format!("{}/{}", p.target, p.proto_name());
        if !exposed.contains(&key) {
            exposed.push(key);
        }
    }
    exposed.sort();
    let mut ports: Vec<f::container::PortView> = Vec::new();
    let running = sb.is_some();
    for e in &exposed {
        let (port, proto) = e.split_once('/').unwrap_or((e, "tcp"));
        let private: u16 = port.parse().unwrap_or(0);
        let bound: Vec<&PortConfig> = host_ports.iter().filter(|p| p.target == private && p.proto_name() == proto).collect();
        if bound.is_empty() || !running {
            if running {
                ports.push(f::container::PortView { ip: String::new(), private_port: private, public_port: 0, protocol: proto.into() });
            }
            continue;
        }
        for p in bound {
            ports.push(f::container::PortView { ip: "0.0.0.0".into(), private_port: private, public_port: p.published, protocol: proto.into() });
        }
    }
    let mut labels: BTreeMap<String, String> = img.labels.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    labels.extend(t.spec.container_labels.clone());
    let node_id = sw.nodes.get(node).map(|n| n.id.clone()).unwrap_or_default();
    labels.insert("com.docker.swarm.node.id".into(), node_id);
    labels.insert("com.docker.swarm.service.id".into(), t.service_id.clone());
    labels.insert("com.docker.swarm.service.name".into(), svc.map(|s| s.spec.name.clone()).unwrap_or_default());
    labels.insert("com.docker.swarm.task".into(), String::new());
    labels.insert("com.docker.swarm.task.id".into(), t.id.clone());
    labels.insert("com.docker.swarm.task.name".into(), sw.task_name(t));
    let hostname = svc.and_then(|s| s.spec.hostname.clone()).unwrap_or_else(|| t.container_id.chars().take(12).collect());
    let mut networks = BTreeMap::new();
    if let Some(sb) = sb {
        for e in &sb.endpoints {
            if e.network == "docker_gwbridge" {
                continue;
            }
            let d = &sw.daemons[sw.nodes[node].daemon];
            let (name, nid, gw, ipam) = match sw.networks.get(&e.network) {
                Some(n) => (n.name.clone(), n.id.clone(), String::new(), e.ip.addr.to_string()),
                None => match d.bridges.get(&e.network) {
                    Some(b) => (b.name.clone(), b.id.clone(), b.gateway.to_string(), String::new()),
                    None => continue,
                },
            };
            let aliases = if e.overlay { vec![hostname.clone()] } else { Vec::new() };
            networks.insert(
                name,
                f::container::EndpointSettingsView {
                    aliases,
                    network_id: nid,
                    endpoint_id: e.endpoint_id.clone(),
                    gateway: gw,
                    ip_address: e.ip.addr.to_string(),
                    ip_prefix_len: e.ip.prefix_len,
                    mac_address: e.mac.to_string(),
                    ipam_ipv4: ipam,
                },
            );
        }
    }
    let (state, status, exit_code, started, finished) = if running {
        ("running", format!("Up {}", crate::docker::text::human_duration(now.saturating_sub(t.state_ns).max(0) as u64)), 0, Some(t.state_ns), None)
    } else {
        let code = super::agent::procs::stop_exit_code(&t.image);
        (
            "exited",
            format!("Exited ({code}) {} ago", crate::docker::text::human_duration(now.saturating_sub(t.state_ns).max(0) as u64)),
            code,
            Some(t.created_ns),
            Some(t.state_ns),
        )
    };
    f::container::ContainerView {
        id: t.container_id.clone(),
        name: sw.task_name(t),
        image: t.image.clone(),
        image_id: String::new(),
        path,
        args: rest,
        entrypoint,
        cmd,
        stop_signal: img.stop_signal.to_string(),
        created: t.created_ns,
        state: state.into(),
        pid: 0,
        exit_code,
        started_at: started,
        finished_at: finished,
        status,
        ports,
        hostname,
        env: svc.map(|s| s.spec.env.clone()).unwrap_or_default(),
        labels,
        exposed_ports: exposed,
        sandbox_id: sb.map(|s| s.id.clone()).unwrap_or_default(),
        sandbox_key: sb.map(|s| format!("/var{}", s.key)).unwrap_or_default(),
        networks,
    }
}

/// Containers of a node (`docker ps [-a]`, `docker inspect`), newest
/// first as the daemon lists them: the running task containers, and with
/// `all` the exited containers of the tasks the swarm stopped but keeps in
/// its history.
fn container_views(sw: &Swarm, node: usize, now: i64, all: bool) -> Vec<f::container::ContainerView> {
    let Some(n) = sw.nodes.get(node) else { return Vec::new() };
    let d = &sw.daemons[n.daemon];
    let mut v = Vec::new();
    for sb in d.sandboxes.values() {
        let Some(c) = &sb.container else { continue };
        let Some(t) = sw.tasks.get(&c.task_id) else { continue };
        let info = SandboxInfo {
            id: sb.id.clone(),
            key: sb.key.clone(),
            endpoints: sb
                .endpoints
                .iter()
                .map(|e| EndpointRef { network: e.network.clone(), overlay: e.overlay, endpoint_id: e.ep.id.clone(), ip: e.ep.ip, mac: e.ep.mac })
                .collect(),
        };
        v.push(task_container_view(sw, node, t, Some(&info), now));
    }
    if all {
        for t in sw.tasks.values() {
            if t.node_id == n.id && t.state == TaskState::Shutdown && !v.iter().any(|c| c.id == t.container_id) {
                v.push(task_container_view(sw, node, t, None, now));
            }
        }
    }
    v.sort_by(|a, b| b.created.cmp(&a.created).then(a.name.cmp(&b.name)));
    v
}

/// A container by ID prefix or name.
fn find_container<'a>(views: &'a [f::container::ContainerView], key: &str) -> Option<&'a f::container::ContainerView> {
    if key.is_empty() {
        return None;
    }
    let key = key.trim_start_matches('/');
    views.iter().find(|v| v.id == key || v.name == key).or_else(|| views.iter().find(|v| v.id.starts_with(key)))
}

/// The `--filter`s of `service ps` / `node ps` as the daemon applies them
/// (moby `daemon/cluster/filters.go` newListTasksFilters and swarmkit's
/// ListTasks): values of one key are alternatives, keys must all match;
/// `id` and `name` (the task name `web.1.<id>`) match prefixes, `node` a
/// node's ID or hostname, `service` a service's ID or name,
/// `desired-state` any task state name (upper-cased look-up). Tasks carry
/// no labels, so a `label` filter keeps none.
fn task_filter<'a>(sw: &'a Swarm, filters: &[crate::docker::parse::Filter]) -> Result<impl Fn(&super::cluster::Task) -> bool + 'a, CmdOutput> {
    const KEYS: [&str; 8] = ["name", "id", "label", "service", "node", "desired-state", "_up-to-date", "runtime"];
    const STATES: [&str; 14] = [
        "new",
        "pending",
        "assigned",
        "accepted",
        "preparing",
        "ready",
        "starting",
        "running",
        "complete",
        "shutdown",
        "failed",
        "rejected",
        "remove",
        "orphaned",
    ];
    let mut by_key: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for flt in filters {
        if !KEYS.contains(&flt.key.as_str()) {
            return Err(daemon_err(&format!("invalid filter '{}'", flt.key)));
        }
        if flt.key == "desired-state" && !flt.value.is_empty() && !STATES.contains(&flt.value.to_ascii_lowercase().as_str()) {
            return Err(daemon_err(&format!("Invalid desired-state filter: '{}'", flt.value)));
        }
        by_key.entry(flt.key.clone()).or_default().push(flt.value.clone());
    }
    Ok(move |t: &super::cluster::Task| {
        by_key.iter().all(|(key, values)| {
            values.iter().any(|v| match key.as_str() {
                "id" => t.id.starts_with(v.as_str()),
                "name" => sw.task_name(t).starts_with(v.as_str()),
                "node" => sw.node_index(v).is_some_and(|i| sw.nodes[i].id == t.node_id),
                "service" => sw.service_by_ref(v).is_some_and(|s| s.id == t.service_id),
                "desired-state" => v.is_empty() || t.desired.name() == v.to_ascii_lowercase(),
                "_up-to-date" => sw.up_to_date(t),
                "runtime" => v == "container",
                _ => false,
            })
        })
    })
}

/// `docker node ls --filter`: moby's newListNodeFilters keys; `id` and
/// `name` match prefixes, `role` and `membership` are looked up upper-cased
/// (`Invalid role filter: 'x'`), `label` matches engine labels, which mesh's
/// nodes have none of; `node.label` matches the node's own labels.
fn filter_nodes(views: &mut Vec<f::node::NodeView>, filters: &[crate::docker::parse::Filter]) -> Result<(), CmdOutput> {
    let mut by_key: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for flt in filters {
        let v = flt.value.to_ascii_lowercase();
        match flt.key.as_str() {
            "name" | "id" | "label" | "node.label" => {}
            "role" if v.is_empty() || v == "worker" || v == "manager" => {}
            "role" => return Err(daemon_err(&format!("Invalid role filter: '{}'", flt.value))),
            "membership" if v.is_empty() || v == "accepted" || v == "pending" => {}
            "membership" => return Err(daemon_err(&format!("Invalid membership filter: '{}'", flt.value))),
            other => return Err(daemon_err(&format!("invalid filter '{other}'"))),
        }
        by_key.entry(flt.key.clone()).or_default().push(flt.value.clone());
    }
    views.retain(|n| {
        by_key.iter().all(|(key, values)| {
            values.iter().any(|v| match key.as_str() {
                "id" => n.id.starts_with(v.as_str()),
                "name" => n.hostname.starts_with(v.as_str()),
                "role" => v.is_empty() || n.role == v.to_ascii_lowercase(),
                "membership" => v.is_empty() || v.eq_ignore_ascii_case("accepted"),
                "node.label" => match v.split_once('=') {
                    Some((k, val)) => n.labels.get(k).is_some_and(|x| x == val),
                    None => n.labels.contains_key(v.as_str()),
                },
                _ => false,
            })
        })
    });
    Ok(())
}

/// `docker ps --filter KEY=VALUE`: the filters the daemon applies that
/// mesh models (`name` matches a substring; docker matches a regular
/// expression, which a plain name is).
fn filter_containers(views: &mut Vec<f::container::ContainerView>, flt: &crate::docker::parse::Filter) -> Result<(), CmdOutput> {
    let v = flt.value.as_str();
    match flt.key.as_str() {
        "name" => views.retain(|c| c.name.contains(v.trim_start_matches('/'))),
        "id" => views.retain(|c| c.id.starts_with(v)),
        "label" => views.retain(|c| match v.split_once('=') {
            Some((k, val)) => c.labels.get(k).is_some_and(|x| x == val),
            None => c.labels.contains_key(v),
        }),
        "status" => {
            const STATES: [&str; 7] = ["created", "restarting", "running", "removing", "paused", "exited", "dead"];
            if !STATES.contains(&v) {
                return Err(f::errors::daemon_error(&format!("Invalid filter 'status={v}'")));
            }
            views.retain(|c| c.state == v);
        }
        "is-task" => match v {
            "true" => {}
            "false" => views.clear(),
            _ => return Err(f::errors::daemon_error(&format!("Invalid filter 'is-task={v}'"))),
        },
        "network" => views.retain(|c| c.networks.iter().any(|(name, e)| name == v || e.network_id.starts_with(v))),
        "ancestor" | "before" | "since" | "volume" | "publish" | "expose" | "health" | "exited" | "isolation" => {
            return Err(CmdOutput::err(format!("mesh: docker ps --filter {} is not modelled\n", flt.key), 1));
        }
        other => return Err(f::errors::daemon_error(&format!("Invalid filter '{other}'"))),
    }
    Ok(())
}

/// `docker inspect NAME…`: containers, then networks, nodes and services
/// (what `--type` allows), as the CLI tries them.
fn inspect_any(s: &Session, sw: &Swarm, node: usize, now: i64, names: &[String], kind: Option<&str>, format: Option<&str>) -> CmdOutput {
    if let Some(k) = kind.filter(|k| !["container", "network", "node", "service"].contains(k)) {
        if ["config", "image", "plugin", "secret", "task", "volume"].contains(&k) {
            return CmdOutput::err(format!("mesh: docker inspect --type {k} is not modelled\n"), 1);
        }
        return CmdOutput::err(format!("\"{k}\" is not a valid value for --type\n"), 1);
    }
    let allowed = |k: &str| kind.is_none_or(|x| x == k);
    let containers = container_views(sw, node, now, true);
    let networks = network_views(s, sw, node, now);
    let manager = sw.is_manager(node);
    let mut objects: Vec<(crate::docker::goval::Value, crate::docker::json::Json)> = Vec::new();
    let mut errors = Vec::new();
    for name in names {
        if let Some(c) = find_container(&containers, name).filter(|_| allowed("container")) {
            objects.push((c.to_value(), c.to_json()));
            continue;
        }
        if let Some(n) =
            networks.iter().find(|v| &v.name == name || v.id == *name || (name.len() >= 3 && v.id.starts_with(name.as_str()))).filter(|_| allowed("network"))
        {
            objects.push((n.to_value(false), n.to_json(false)));
            continue;
        }
        if manager && allowed("node") {
            let i = if name == "self" { Some(node) } else { sw.member_index(name) };
            if let Some(i) = i {
                let v = node_view(sw, i, node, now);
                objects.push((v.to_value(), v.to_json()));
                continue;
            }
        }
        if manager
            && allowed("service")
            && let Some(sv) = sw.service_by_ref(name)
        {
            let v = service_view(sw, sv, now);
            objects.push((v.to_value(), v.to_json()));
            continue;
        }
        errors.push(format!("Error: No such object: {name}"));
    }
    let mut out = match format.filter(|x| !x.is_empty()) {
        Some(fmt) => {
            let o = T::format_inspect(fmt, &objects);
            if o.status == 64 {
                return o;
            }
            o
        }
        None => CmdOutput::ok(crate::docker::json::inspect_output(objects.into_iter().map(|(_, j)| j).collect(), crate::docker::json::HtmlEscape::Off)),
    };
    if !errors.is_empty() {
        let mut all: Vec<String> = out.stderr.lines().map(str::to_string).collect();
        all.extend(errors);
        out.stderr = format!("{}\n", all.join("\n"));
        out.status = 1;
    }
    out
}

/// `docker service ps` / `docker node ps` with `-q`, `--no-trunc`, `--format`.
fn tasks_output(views: &[f::task::TaskView], list: &crate::docker::parse::ListOptions, now: i64) -> CmdOutput {
    match T::list_format(list.format.as_deref()) {
        T::ListFormat::Default => CmdOutput::ok(f::task::render_tasks(views, list.no_trunc, list.quiet, now)),
        T::ListFormat::Template { text, table, .. } => {
            let rows = f::task::task_contexts(views, list.no_trunc, table, now);
            T::format_list(&text, table, &rows, &f::task::TASK_HEADER)
        }
    }
}

/// The options of `docker logs` / `docker service logs` mesh models.
struct LogOptions {
    timestamps: bool,
    no_trunc: bool,
    no_task_ids: bool,
    raw: bool,
    tail: String,
}

/// The log of a container of this node: what its process wrote at start.
fn container_log(sw: &Swarm, node: usize, container_id: &str) -> Vec<super::agent::procs::LogLine> {
    let Some(t) = sw.tasks.values().find(|t| t.container_id == container_id && sw.nodes.get(node).is_some_and(|n| n.id == t.node_id)) else {
        return Vec::new();
    };
    task_log(sw, t)
}

fn task_log(sw: &Swarm, t: &super::cluster::Task) -> Vec<super::agent::procs::LogLine> {
    let Some(svc) = sw.services.get(&t.service_id) else { return Vec::new() };
    let started = if t.state == TaskState::Running { t.state_ns } else { t.created_ns };
    let spec = super::agent::ContainerSpec {
        id: t.container_id.clone(),
        name: sw.task_name(t),
        hostname: String::new(),
        image: t.image.clone(),
        env: svc.spec.env.clone(),
        args: svc.spec.args.clone(),
        service_id: svc.id.clone(),
        service_name: svc.spec.name.clone(),
        task_id: t.id.clone(),
    };
    super::agent::procs::startup_log(&spec, started)
}

/// `docker service logs SERVICE|TASK`: every task's container log, each
/// line under `<service>.<slot>.<task id>@<node>` padded to the widest
/// slot number, in the order the lines were written.
fn service_logs(sw: &Swarm, target: &str, opts: &LogOptions) -> CmdOutput {
    let (tasks, max_len): (Vec<&super::cluster::Task>, usize) = match sw.service_by_ref(target) {
        Some(svc) => {
            let width = match svc.spec.mode {
                Mode::Replicated(n) => n.to_string().len(),
                Mode::Global => 1,
            };
            (sw.tasks.values().filter(|t| t.service_id == svc.id && !t.orphaned && t.state != TaskState::New).collect(), width)
        }
        None => match sw.tasks.values().find(|t| t.id == target || (!target.is_empty() && t.id.starts_with(target))) {
            Some(t) => (vec![t], t.slot.to_string().len()),
            None => return CmdOutput::err(format!("no such task or service: {target}\n"), 1),
        },
    };
    let mut lines = Vec::new();
    for t in tasks {
        let svc_name = sw.services.get(&t.service_id).map(|s| s.spec.name.clone()).unwrap_or_default();
        let node_name = sw.nodes.iter().chain(&sw.departed).find(|n| n.id == t.node_id).map(|n| n.hostname.clone()).unwrap_or_else(|| t.node_id.clone());
        let mut name = format!("{svc_name}.{}", t.slot);
        if !opts.no_task_ids {
            name.push('.');
            name.push_str(&if opts.no_trunc { t.id.clone() } else { crate::docker::text::truncate_id(&t.id) });
        }
        let pad = max_len.saturating_sub(t.slot.to_string().len());
        let context = format!("{name}@{node_name}{}", " ".repeat(pad));
        for l in tail(task_log(sw, t), &opts.tail) {
            lines.push((context.clone(), l));
        }
    }
    if let Some(e) = tail_error(&opts.tail) {
        return e;
    }
    // In the order written; lines of the same instant by task (the
    // earlier slot's container started first).
    lines.sort_by(|a, b| a.1.time_ns.cmp(&b.1.time_ns).then_with(|| natural_cmp(&a.0, &b.0)));
    render_log(opts, lines)
}

/// The last `n` lines (`--tail`), or all.
fn tail(lines: Vec<super::agent::procs::LogLine>, n: &str) -> Vec<super::agent::procs::LogLine> {
    match n.parse::<i64>() {
        Ok(n) if n >= 0 => {
            let skip = lines.len().saturating_sub(n as usize);
            lines.into_iter().skip(skip).collect()
        }
        _ => lines,
    }
}

fn tail_error(n: &str) -> Option<CmdOutput> {
    if n == "all" || n.parse::<i64>().is_ok() {
        return None;
    }
    Some(f::errors::daemon_error(&format!("invalid value for \"tail\": {}", crate::docker::text::strconv_error("Atoi", n, false))))
}

/// Log lines as the CLI writes them: stdout's to stdout, stderr's to
/// stderr, each after its timestamp (`-t`, RFC 3339 with nine decimals)
/// and, for service logs, its task context (`… | `) unless `--raw`.
fn render_log(opts: &LogOptions, lines: Vec<(String, super::agent::procs::LogLine)>) -> CmdOutput {
    if let Some(e) = tail_error(&opts.tail) {
        return e;
    }
    let lines = if opts.raw && lines.iter().all(|(c, _)| c.is_empty()) {
        tail(lines.into_iter().map(|(_, l)| l).collect(), &opts.tail).into_iter().map(|l| (String::new(), l)).collect()
    } else {
        lines
    };
    let mut pieces = Vec::new();
    for (context, l) in lines {
        let mut text = String::new();
        if opts.timestamps {
            text.push_str(&rfc3339_nano_fixed(l.time_ns));
            text.push(' ');
        }
        if !opts.raw {
            text.push_str(&context);
            text.push_str("    | ");
        }
        text.push_str(&l.text);
        pieces.push((if l.stderr { crate::output::Stream::Stderr } else { crate::output::Stream::Stdout }, text));
    }
    CmdOutput::from_pieces(pieces, 0)
}

/// `jsonmessage.RFC3339NanoFixed`: always nine decimals.
fn rfc3339_nano_fixed(unix_ns: i64) -> String {
    let secs = unix_ns.div_euclid(1_000_000_000);
    let frac = unix_ns.rem_euclid(1_000_000_000);
    let whole = crate::docker::text::rfc3339_nano(secs * 1_000_000_000);
    format!("{}.{frac:09}Z", whole.trim_end_matches('Z'))
}
