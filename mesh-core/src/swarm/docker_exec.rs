//! Carrying out `docker …` commands: the CLI's parse (`crate::docker`),
//! the cluster and the node agent (`cluster`, `agent`), and the CLI's
//! renderers, as the docker client and daemon of the current node.

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;

use super::agent::{PortConfig, PublishMode};
use super::cluster::{Mode, ServiceSpec, Swarm, TaskState};
use super::scenario::Role;
use crate::docker::format as f;
use crate::docker::parse::{DockerCmd, Parsed};
use crate::docker::ports::{PortConfig as CliPort, Protocol, PublishMode as CliMode};
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
        return CmdOutput::err("permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Get \"http://%2Fvar%2Frun%2Fdocker.sock/v1.43/version\": dial unix /var/run/docker.sock: connect: permission denied\n", 1);
    }
    if let DockerCmd::Exec { container, command, .. } = &cmd {
        return docker_exec(s, node, container, command, exec);
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
            CmdOutput::ok(f::node::render_node_ls(&views, l.quiet))
        }
        DockerCmd::NodeInspect { nodes, pretty, .. } => {
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
            } else {
                CmdOutput::ok(f::node::render_node_inspect(&views))
            }
        }
        DockerCmd::NodeUpdate { node: target, availability, .. } => {
            if let Err(e) = manager_check(sw, node) {
                return e;
            }
            let drain = match availability.as_deref() {
                Some("drain") => Some(true),
                Some("active") => Some(false),
                Some("pause") => return CmdOutput::err("mesh: availability pause is not modelled\n", 1),
                _ => None,
            };
            if let Some(d) = drain {
                if let Err(e) = sw.node_availability(&mut s.world, &target, d) {
                    return daemon_err(&e);
                }
            } else if sw.node_index(&target).is_none() {
                return f::errors::node_not_found(&target);
            }
            CmdOutput::ok(format!("{target}\n"))
        }
        DockerCmd::NodePs { nodes, list, .. } => {
            if let Err(e) = manager_check(sw, node) {
                return e;
            }
            let targets: Vec<usize> = if nodes.is_empty() { vec![node] } else { nodes.iter().filter_map(|n| if n == "self" { Some(node) } else { sw.node_index(n) }).collect() };
            let ids: BTreeSet<String> = targets.iter().map(|i| sw.nodes[*i].id.clone()).collect();
            let views: Vec<f::task::TaskView> = sw.tasks.values().filter(|t| ids.contains(&t.node_id)).map(|t| task_view(sw, t)).collect();
            CmdOutput::ok(f::task::render_tasks(&views, list.no_trunc, list.quiet, now))
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
                Ok(()) => CmdOutput::ok(if role == Role::Manager { "This node joined a swarm as a manager.\n" } else { "This node joined a swarm as a worker.\n" }),
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
            };
            let start = s.world.now;
            match sw.service_create(&mut s.world, spec) {
                Ok(id) => {
                    if c.detach {
                        return CmdOutput::ok(format!("{id}\n"));
                    }
                    if c.quiet {
                        converge(s, sw, &id, start);
                        return CmdOutput::ok(format!("{id}\n"));
                    }
                    let p = converge(s, sw, &id, start);
                    CmdOutput::ok(f::progress::render_create_output(&id, &p, TERMINAL_WIDTH))
                }
                Err(e) => daemon_err(&e),
            }
        }
        DockerCmd::ServiceLs(l) => {
            if let Err(e) = manager_check(sw, node) {
                return e;
            }
            let views: Vec<f::service::ServiceView> = sw.services.values().map(|sv| service_view(sw, sv)).collect();
            CmdOutput::ok(f::service::render_service_ls(&views, l.quiet))
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
            let views: Vec<f::task::TaskView> = sw.tasks.values().filter(|t| ids.contains(&t.service_id)).map(|t| task_view(sw, t)).collect();
            CmdOutput::ok(f::task::render_tasks(&views, list.no_trunc, list.quiet, now))
        }
        DockerCmd::ServiceInspect { services, pretty, .. } => {
            if let Err(e) = manager_check(sw, node) {
                return e;
            }
            let mut views = Vec::new();
            for r in &services {
                match sw.service_by_ref(r) {
                    Some(sv) => views.push(service_view(sw, sv)),
                    None => return f::errors::service_inspect_not_found(r),
                }
            }
            CmdOutput::ok(if pretty { f::service::render_service_pretty(&views) } else { f::service::render_service_inspect(&views) })
        }
        DockerCmd::ServiceScale { scales, detach } => {
            if let Err(e) = manager_check(sw, node) {
                return e;
            }
            let mut out = String::new();
            let mut errors = Vec::new();
            for sc in scales {
                match sc.replicas {
                    Err(e) => errors.push(e),
                    Ok(n) => {
                        let start = s.world.now;
                        match sw.service_scale(&mut s.world, &sc.service, n) {
                            Ok(id) => {
                                out.push_str(&format!("{} scaled to {n}\n", sc.service));
                                if !detach {
                                    let p = converge(s, sw, &id, start);
                                    out.push_str(&p.terminal_screen(TERMINAL_WIDTH));
                                }
                            }
                            Err(e) if e.starts_with("scale can only") => errors.push(f::errors::scale_global(&sc.service)),
                            Err(e) => errors.push(format!("{}: Error response from daemon: {e}", sc.service)),
                        }
                    }
                }
            }
            if errors.is_empty() {
                CmdOutput::ok(out)
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
            let add: Vec<PortConfig> = u.publish_add.iter().map(from_cli_port).collect();
            let rm: Vec<(u8, u16)> = u.publish_rm.iter().map(|p| (from_cli_port(p).protocol, p.target_port as u16)).collect();
            let start = s.world.now;
            match sw.service_update(&mut s.world, &u.service, u.image.clone(), add, rm, u.replicas) {
                Ok(id) => {
                    if u.detach || u.quiet {
                        return CmdOutput::ok(format!("{}\n", u.service));
                    }
                    let p = converge(s, sw, &id, start);
                    CmdOutput::ok(format!("{}\n{}", u.service, p.terminal_screen(TERMINAL_WIDTH)))
                }
                Err(e) if e.contains("not found") => f::errors::service_not_found(&u.service),
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
        DockerCmd::ServiceLogs { target, .. } => {
            if let Err(e) = manager_check(sw, node) {
                return e;
            }
            match sw.service_by_ref(&target) {
                Some(_) => CmdOutput::default(),
                None => f::errors::service_not_found(&target),
            }
        }
        DockerCmd::NetworkLs(l) => {
            let views = network_views(s, sw, node, now);
            CmdOutput::ok(f::network::render_network_ls(&views, l.quiet, l.no_trunc))
        }
        DockerCmd::NetworkInspect { networks, verbose, .. } => {
            let views = network_views(s, sw, node, now);
            let mut picked = Vec::new();
            for r in &networks {
                match views.iter().find(|v| &v.name == r || v.id == *r || (r.len() >= 3 && v.id.starts_with(r.as_str()))) {
                    Some(v) => picked.push(v.clone()),
                    None => return f::errors::network_inspect_not_found(r),
                }
            }
            CmdOutput::ok(f::network::render_network_inspect(&picked, verbose))
        }
        DockerCmd::NetworkCreate(c) => {
            if c.driver != "overlay" {
                return CmdOutput::err("mesh: only overlay networks can be created (the bridge driver's user networks are not modelled)\n", 1);
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
        DockerCmd::Ps { list, all, .. } => {
            let views = container_views(s, sw, node, now, all);
            CmdOutput::ok(f::container::render_ps(&views, list.quiet, list.no_trunc, now))
        }
        DockerCmd::Inspect { names, .. } => {
            let views = container_views(s, sw, node, now, true);
            let mut picked = Vec::new();
            for n in &names {
                match views.iter().find(|v| v.id.starts_with(n.as_str()) || v.name == *n || v.name.trim_start_matches('/') == n) {
                    Some(v) => picked.push(v.clone()),
                    None => return f::errors::inspect_no_such_object(n),
                }
            }
            CmdOutput::ok(f::container::render_container_inspect(&picked))
        }
        DockerCmd::Exec { .. } => CmdOutput::default(),
        DockerCmd::Logs { container, .. } => match sw.container_on(node, &container) {
            Some(_) => CmdOutput::default(),
            None => f::errors::no_such_container(&container),
        },
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
            Ok(()) => set_roles(sw, &nodes, true),
        },
        DockerCmd::NodeDemote { nodes } => match manager_check(sw, node) {
            Err(e) => e,
            Ok(()) => set_roles(sw, &nodes, false),
        },
        DockerCmd::Info { .. } | DockerCmd::Images { .. } => {
            CmdOutput::err("mesh: this docker command is parsed but not modelled\n", 1)
        }
        DockerCmd::NotModelled { command } => CmdOutput::err(format!("mesh: `{command}` is not modelled (mesh runs containers only as swarm service tasks)\n"), 1),
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
        return CmdOutput::err(format!("OCI runtime exec failed: exec failed: unable to start container process: exec: \"{tool}\": executable file not found in $PATH: unknown\n"), 126);
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
    let busybox = ["sh", "ls", "cat", "echo", "hostname", "ip", "ping", "wget", "nslookup", "sleep", "ps", "true", "false", "env", "grep", "head", "tail", "wc"];
    let coreutils = ["sh", "bash", "ls", "cat", "echo", "hostname", "sleep", "true", "false", "env", "grep", "head", "tail", "wc"];
    match repo {
        "nginx" => coreutils.contains(&tool) || tool == "curl",
        "debian" | "ubuntu" => coreutils.contains(&tool),
        "alpine" | "busybox" => busybox.contains(&tool),
        "nicolaka/netshoot" => true,
        _ => false,
    }
}

/// An image's entrypoint and default command (`docker ps` COMMAND).
fn image_entrypoint(image: &str) -> (String, Vec<String>) {
    match super::cluster::image_repo(image) {
        "containous/whoami" | "traefik/whoami" => ("/whoami".into(), Vec::new()),
        "nginx" => ("/docker-entrypoint.sh".into(), vec!["nginx".into(), "-g".into(), "daemon off;".into()]),
        "nicolaka/netshoot" => ("zsh".into(), Vec::new()),
        "alpine" => ("/bin/sh".into(), Vec::new()),
        "busybox" => ("sh".into(), Vec::new()),
        _ => ("bash".into(), Vec::new()),
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
fn converge(s: &mut Session, sw: &mut Swarm, id: &str, start: crate::time::Instant) -> f::progress::ServiceProgress {
    let mode = match sw.services.get(id).map(|x| x.spec.mode) {
        Some(Mode::Global) => f::progress::ProgressMode::Global,
        Some(Mode::Replicated(n)) => f::progress::ProgressMode::Replicated { replicas: n },
        None => f::progress::ProgressMode::Replicated { replicas: 0 },
    };
    let mut p = f::progress::ServiceProgress::new(mode);
    let active: BTreeSet<String> = sw.nodes.iter().filter(|n| n.in_swarm && !n.drain).map(|n| n.id.clone()).collect();
    let _ = start;
    for _ in 0..100 {
        let tasks: Vec<f::progress::ProgressTask> = sw
            .tasks
            .values()
            .filter(|t| t.service_id == id && t.desired == TaskState::Running)
            .map(|t| f::progress::ProgressTask { slot: t.slot, node_id: t.node_id.clone(), desired_state: "running".into(), state: t.state.name().into(), err: t.error.clone().unwrap_or_default() })
            .collect();
        let now = sw.wall_ns(&s.world);
        if p.poll(now, &tasks, &active) {
            break;
        }
        s.world.advance(Duration::from_millis(200), crate::sim::DEFAULT_BUDGET);
    }
    p
}

/// `docker node promote|demote NODE…`, with docker/cli's messages.
fn set_roles(sw: &mut Swarm, nodes: &[String], promote: bool) -> CmdOutput {
    let mut out = CmdOutput::default();
    for n in nodes {
        match sw.node_set_role(n, promote) {
            Ok(true) if promote => out.stdout.push_str(&format!("Node {n} promoted to a manager in the swarm.\n")),
            Ok(true) => out.stdout.push_str(&format!("Manager {n} demoted in the swarm.\n")),
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
        labels: BTreeMap::new(),
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
        desired_state: if t.desired == TaskState::Running { "running".into() } else { "shutdown".into() },
        state: t.state.name().into(),
        state_since: t.state_ns,
        err: t.error.clone().unwrap_or_default(),
        ports: svc.map(|s| s.ports.iter().filter(|p| p.mode == PublishMode::Host).map(to_cli_port).collect()).unwrap_or_default(),
        created_at: t.created_ns,
    }
}

fn service_view(sw: &Swarm, s: &super::cluster::Service) -> f::service::ServiceView {
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
        labels: BTreeMap::new(),
        image: s.spec.image.clone(),
        args: s.spec.args.clone(),
        hostname: s.spec.hostname.clone().unwrap_or_default(),
        env: s.spec.env.clone(),
        healthcheck: Vec::new(),
        constraints: Vec::new(),
        platforms: vec![("amd64".into(), "linux".into())],
        networks: s.networks.iter().filter(|n| sw.networks.get(*n).is_some_and(|x| !x.ingress)).map(|n| (n.clone(), String::new())).collect(),
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
            ipam_config: vec![f::network::IpamConfigView { subnet: b.subnet.to_string(), ip_range: String::new(), gateway: b.gateway.to_string(), aux_addresses: BTreeMap::new() }],
            containers,
            options,
            ..Default::default()
        });
    }
    for (name, driver) in [("host", "host"), ("none", "null")] {
        v.push(f::network::NetworkView { name: name.into(), id: d.local_net_id(name), created: d.wall_epoch * 1_000_000_000, scope: "local".into(), driver: driver.into(), ipam_driver: "default".into(), ..Default::default() });
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
            ipam_config: vec![f::network::IpamConfigView { subnet: n.subnet.to_string(), ip_range: String::new(), gateway: n.gateway.to_string(), aux_addresses: BTreeMap::new() }],
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
                Some(f::network::ServiceTaskView { name: sw.task_name(t), endpoint_id: String::new(), endpoint_ip: ip.addr.to_string(), info: BTreeMap::from([("Host IP".to_string(), host.to_string())]) })
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
    f::network::EndpointView { name: e.name.clone(), endpoint_id: e.id.clone(), mac_address: e.mac.to_string(), ipv4_address: e.ip.to_string(), ipv6_address: String::new() }
}

/// Containers of a node (`docker ps`, `docker inspect`).
fn container_views(s: &Session, sw: &Swarm, node: usize, now: i64, _all: bool) -> Vec<f::container::ContainerView> {
    let _ = s;
    let d = &sw.daemons[sw.nodes[node].daemon];
    let mut v = Vec::new();
    for sb in d.sandboxes.values() {
        let Some(c) = &sb.container else { continue };
        let task = sw.tasks.get(&c.task_id);
        let started = task.map(|t| t.state_ns).unwrap_or(0);
        let mut networks = BTreeMap::new();
        for e in &sb.endpoints {
            let (name, nid, gw) = match sw.networks.get(&e.network) {
                Some(n) => (n.name.clone(), n.id.clone(), String::new()),
                None => (e.network.clone(), d.bridges.get(&e.network).map(|b| b.id.clone()).unwrap_or_default(), d.bridges.get(&e.network).map(|b| b.gateway.to_string()).unwrap_or_default()),
            };
            networks.insert(
                name,
                f::container::EndpointSettingsView { aliases: vec![c.id.chars().take(12).collect()], network_id: nid, endpoint_id: e.ep.id.clone(), gateway: gw, ip_address: e.ep.ip.addr.to_string(), ip_prefix_len: e.ep.ip.prefix_len, mac_address: e.ep.mac.to_string(), ipam_ipv4: String::new() },
            );
        }
        v.push(f::container::ContainerView {
            id: c.id.clone(),
            name: c.name.clone(),
            image: c.image.clone(),
            image_id: String::new(),
            path: image_entrypoint(&c.image).0,
            args: if c.args.is_empty() { image_entrypoint(&c.image).1 } else { c.args.clone() },
            created: task.map(|t| t.created_ns).unwrap_or(0),
            state: "running".into(),
            pid: 0,
            exit_code: 0,
            started_at: Some(started),
            finished_at: None,
            status: format!("Up {}", crate::docker::text::human_duration(now.saturating_sub(started).max(0) as u64)),
            ports: Vec::new(),
            hostname: c.hostname.clone(),
            env: c.env.clone(),
            labels: BTreeMap::new(),
            exposed_ports: Vec::new(),
            sandbox_id: sb.id.clone(),
            sandbox_key: format!("/var{}", sb.key),
            networks,
        });
    }
    v
}
