//! What runs inside sandboxes: the container's main process (by image), the
//! embedded DNS resolver (names from the service bindings this node knows),
//! dockerd's reservation of ingress ports, and host-mode publishing with
//! its `docker-proxy`.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::net::Ipv4Addr;
use std::rc::Rc;

use super::{Binding, ContainerSpec, Daemon, PortConfig};
use crate::apps::dns::{EmbeddedDns, NameSource, Upstream};
use crate::kernel::INIT_NETNS;
use crate::kernel::app::{App, AppIo};
use crate::kernel::socket::SockId;
use crate::sim::World;

/// Service discovery records of one node: network id → name → addresses.
#[derive(Debug, Default)]
pub struct DnsRecords {
    pub by_net: BTreeMap<String, BTreeMap<String, Vec<Ipv4Addr>>>,
}

/// Shared between the daemon (which updates it) and its resolvers.
pub type SharedDns = Rc<RefCell<DnsRecords>>;

/// The names a sandbox can resolve: those of its networks.
#[derive(Debug)]
struct SandboxNames {
    records: SharedDns,
    networks: Vec<String>,
}

impl NameSource for SandboxNames {
    fn lookup(&self, name: &str) -> Option<Vec<Ipv4Addr>> {
        let r = self.records.borrow();
        let mut found: Option<Vec<Ipv4Addr>> = None;
        for n in &self.networks {
            if let Some(ips) = r.by_net.get(n).and_then(|m| m.get(name)) {
                found.get_or_insert_with(Vec::new).extend(ips.iter().copied());
            }
        }
        found
    }
    fn reverse(&self, ip: Ipv4Addr) -> Option<String> {
        let r = self.records.borrow();
        for n in &self.networks {
            if let Some(m) = r.by_net.get(n) {
                for (name, ips) in m {
                    if !name.starts_with("tasks.") && ips.contains(&ip) {
                        return Some(name.clone());
                    }
                }
            }
        }
        None
    }
}

/// The port whoami listens on: `-port`/`--port`, else `WHOAMI_PORT_NUMBER`,
/// else 80.
fn whoami_port(c: &ContainerSpec) -> u16 {
    let mut port = c.env.iter().rev().find_map(|e| e.strip_prefix("WHOAMI_PORT_NUMBER=")).and_then(|p| p.parse().ok()).unwrap_or(80);
    let mut it = c.args.iter();
    while let Some(a) = it.next() {
        let value = match a.split_once('=') {
            Some(("--port" | "-port", v)) => Some(v.to_string()),
            None if a == "--port" || a == "-port" => it.next().cloned(),
            _ => None,
        };
        if let Some(p) = value.and_then(|p| p.parse().ok()) {
            port = p;
        }
    }
    port
}

/// One line a container wrote to its standard output or error, as the
/// daemon's log driver stored it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    /// When the daemon received it (Unix ns).
    pub time_ns: i64,
    pub stderr: bool,
    /// The line with its newline.
    pub text: String,
}

/// The kernel release the nodes report (`uname -r`), as nginx logs it.
pub const NODE_KERNEL_RELEASE: &str = "6.1.0-13-amd64";

/// What a container's main process writes as it starts, by image:
/// containous/whoami (v1.5) prints `Starting up on port 80` on stdout;
/// traefik/whoami (v1.10) logs it with Go's `log` (date and time, on
/// stderr); nginx 1.25.3 prints its entrypoint's notices on stdout, then
/// its error log's start-up notices on stderr. Shell images write
/// nothing.
///
/// Not modelled: anything written later (nginx's access log, whoami's
/// `-verbose` request log).
pub fn startup_log(c: &ContainerSpec, started_ns: i64) -> Vec<LogLine> {
    let stamp = go_log_time(started_ns);
    let line = |stderr: bool, text: String| LogLine { time_ns: started_ns, stderr, text: format!("{text}\n") };
    match crate::swarm::cluster::image_repo(&c.image) {
        "containous/whoami" => vec![line(false, format!("Starting up on port {}", whoami_port(c)))],
        "traefik/whoami" => vec![line(true, format!("{stamp} Starting up on port {}", whoami_port(c)))],
        "nginx" => {
            let mut v: Vec<LogLine> = [
                "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
                "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
                "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
                "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
                "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
                "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
                "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
                "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
                "/docker-entrypoint.sh: Configuration complete; ready for start up",
            ]
            .iter()
            .map(|t| line(false, t.to_string()))
            .collect();
            for notice in [
                "using the \"epoll\" event method".to_string(),
                crate::apps::nginx::NGINX_VER.to_string(),
                "built by gcc 12.2.0 (Debian 12.2.0-14) ".to_string(),
                format!("OS: Linux {NODE_KERNEL_RELEASE}"),
                "getrlimit(RLIMIT_NOFILE): 1048576:1048576".to_string(),
                "start worker processes".to_string(),
                "start worker process 29".to_string(),
                "start worker process 30".to_string(),
            ] {
                v.push(line(true, format!("{stamp} [notice] 1#1: {notice}")));
            }
            v
        }
        _ => Vec::new(),
    }
}

/// Go's `log` timestamp (`2006/01/02 15:04:05`, UTC).
fn go_log_time(unix_ns: i64) -> String {
    let rfc = crate::docker::text::rfc3339_nano(unix_ns);
    let date = rfc.get(..10).unwrap_or_default().replace('-', "/");
    let time = rfc.get(11..19).unwrap_or_default();
    format!("{date} {time}")
}

/// The exit code a container's main process ends with when the task is
/// stopped (SIGTERM, then SIGKILL after the grace period): a Go program
/// as PID 1 ignores the re-raised SIGTERM and exits with 2; nginx stops
/// on its STOPSIGNAL (SIGQUIT) with 0; a shell or `sleep` as PID 1
/// ignores SIGTERM and is killed (137).
pub fn stop_exit_code(image: &str) -> i32 {
    match crate::swarm::cluster::image_repo(image) {
        "containous/whoami" | "traefik/whoami" => 2,
        "nginx" => 0,
        _ => 137,
    }
}

/// dockerd holding an ingress port (net.ListenTCP without Accept).
#[derive(Debug)]
struct PortReservation {
    port: u16,
    sock: Option<SockId>,
}

impl App for PortReservation {
    fn name(&self) -> &str {
        "dockerd"
    }
    fn poll(&mut self, io: &mut AppIo<'_>) {
        if self.sock.is_none() {
            if let Ok(s) = io.kernel.tcp_listen(io.netns, Ipv4Addr::UNSPECIFIED, self.port, 4096) {
                io.own(s);
                self.sock = Some(s);
            }
        }
    }
}

/// A container process that only sleeps (shell images): `docker exec` runs tools beside it.
#[derive(Debug)]
struct Idle(String);

impl App for Idle {
    fn name(&self) -> &str {
        &self.0
    }
    fn poll(&mut self, _io: &mut AppIo<'_>) {}
}

/// `docker-proxy`: relays connections to a host port to the container.
#[derive(Debug)]
struct DockerProxy {
    port: u16,
    target: (Ipv4Addr, u16),
    listener: Option<SockId>,
    pairs: Vec<(SockId, SockId)>,
}

impl App for DockerProxy {
    fn name(&self) -> &str {
        "docker-proxy"
    }
    fn poll(&mut self, io: &mut AppIo<'_>) {
        let ns = io.netns;
        if self.listener.is_none() {
            if let Ok(s) = io.kernel.tcp_listen(ns, Ipv4Addr::UNSPECIFIED, self.port, 4096) {
                io.own(s);
                self.listener = Some(s);
            }
        }
        if let Some(l) = self.listener {
            while let Some(c) = io.kernel.tcp_accept(ns, l) {
                io.own(c);
                if let Ok(u) = io.kernel.tcp_connect(ns, self.target.0, self.target.1, None) {
                    io.own(u);
                    self.pairs.push((c, u));
                } else {
                    io.kernel.tcp_close(ns, c);
                }
            }
        }
        let mut keep = Vec::new();
        for (a, b) in std::mem::take(&mut self.pairs) {
            let up = io.kernel.tcp_state(ns, b) == crate::kernel::tcp::TcpState::Established
                || io.kernel.tcp_state(ns, b) == crate::kernel::tcp::TcpState::CloseWait;
            if up {
                let d = io.kernel.tcp_recv(ns, a);
                if !d.is_empty() {
                    io.kernel.tcp_send(ns, b, &d);
                }
            }
            let d = io.kernel.tcp_recv(ns, b);
            if !d.is_empty() {
                io.kernel.tcp_send(ns, a, &d);
            }
            let a_done = io.kernel.tcp_eof(ns, a);
            let b_done = io.kernel.tcp_eof(ns, b) || io.kernel.tcp_error(ns, b).is_some();
            if a_done && up {
                io.kernel.tcp_shutdown_write(ns, b);
            }
            if b_done {
                io.kernel.tcp_close(ns, a);
                if a_done {
                    io.kernel.tcp_close(ns, b);
                    continue;
                }
            }
            keep.push((a, b));
        }
        self.pairs = keep;
    }
}

impl Daemon {
    /// The resolver of a sandbox: Docker's embedded DNS on 127.0.0.11.
    pub(crate) fn start_resolver_app(&mut self, w: &mut World, sb_id: &str) {
        let Some(sb) = self.sandboxes.get(sb_id) else { return };
        let Some((udp, tcp)) = sb.resolver_ports else { return };
        let ns = sb.netns;
        let names = SandboxNames { records: self.dns.clone(), networks: Vec::new() };
        let seed = self.rng.next_u64();
        let app = self.kernel(w, |k| {
            k.app_start(ns, Box::new(EmbeddedDns::new(Ipv4Addr::new(127, 0, 0, 11), udp, tcp, Box::new(names), Upstream::ServFail, seed)) as Box<dyn App>)
        });
        if let Some(sb) = self.sandboxes.get_mut(sb_id) {
            sb.resolver_app = Some(app);
        }
    }

    /// The resolver learns the sandbox's networks as endpoints join.
    pub(crate) fn resolver_networks(&mut self, w: &mut World, sb_id: &str) {
        let Some(sb) = self.sandboxes.get(sb_id) else { return };
        let (Some((udp, tcp)), Some(old)) = (sb.resolver_ports, sb.resolver_app) else { return };
        let ns = sb.netns;
        let nets: Vec<String> = sb.endpoints.iter().filter(|e| e.overlay).map(|e| e.network.clone()).collect();
        let names = SandboxNames { records: self.dns.clone(), networks: nets };
        let seed = self.rng.next_u64();
        let app = self.kernel(w, |k| {
            k.app_kill(old);
            k.app_start(ns, Box::new(EmbeddedDns::new(Ipv4Addr::new(127, 0, 0, 11), udp, tcp, Box::new(names), Upstream::ServFail, seed)) as Box<dyn App>)
        });
        if let Some(sb) = self.sandboxes.get_mut(sb_id) {
            sb.resolver_app = Some(app);
        }
    }

    /// The container's main process, by image.
    pub(crate) fn start_process(&mut self, w: &mut World, sb_id: &str) {
        self.start_main_process(w, sb_id);
    }

    fn start_main_process(&mut self, w: &mut World, sb_id: &str) {
        self.resolver_networks(w, sb_id);
        let Some(sb) = self.sandboxes.get(sb_id) else { return };
        let Some(c) = sb.container.clone() else { return };
        let ns = sb.netns;
        let repo = crate::swarm::cluster::image_repo(&c.image).to_string();
        let app: Box<dyn App> = match repo.as_str() {
            "containous/whoami" | "traefik/whoami" => {
                let mut cfg = crate::apps::whoami::WhoamiConfig::new(&c.hostname);
                for e in &c.env {
                    if let Some(n) = e.strip_prefix("WHOAMI_NAME=") {
                        cfg.name = Some(n.to_string());
                    }
                    cfg.env.push(e.clone());
                }
                cfg.port = whoami_port(&c);
                Box::new(crate::apps::whoami::Whoami::new(cfg))
            }
            "nginx" => Box::new(crate::apps::nginx::Nginx::new(80)),
            other => Box::new(Idle(other.rsplit('/').next().unwrap_or(other).to_string())),
        };
        let id = self.kernel(w, |k| k.app_start(ns, app));
        if let Some(sb) = self.sandboxes.get_mut(sb_id) {
            sb.process = Some(id);
        }
    }

    /// plumbProxy: dockerd listens on an ingress port (or stops).
    pub(crate) fn plumb_proxy(&mut self, w: &mut World, p: &PortConfig, delete: bool) {
        let key = (p.protocol, p.published);
        if delete {
            if let Some(app) = self.port_listeners.remove(&key) {
                self.kernel(w, |k| k.app_kill(app));
            }
            return;
        }
        if p.protocol != crate::net::proto::TCP || self.port_listeners.contains_key(&key) {
            return;
        }
        let app = self.kernel(w, |k| k.app_start(INIT_NETNS, Box::new(PortReservation { port: p.published, sock: None })));
        self.port_listeners.insert(key, app);
    }

    /// The bridge endpoint that carries a container's port mappings (its
    /// gateway endpoint): on docker_gwbridge for a task on overlays, on
    /// docker0 for a task with no network; with the bridge's device.
    fn gateway_endpoint(&self, sb: &super::sandbox::Sandbox) -> Option<(Ipv4Addr, String)> {
        let e = sb.endpoint_on("docker_gwbridge").or_else(|| sb.endpoint_on("bridge"))?;
        let device = self.bridges.get(&e.network)?.device.clone();
        Some((e.ep.ip.addr, device))
    }

    /// Host-mode ports: the bridge driver's port mapping on the container's
    /// gateway bridge (§2.3) and a docker-proxy.
    pub(crate) fn publish_host_ports(&mut self, w: &mut World, sb_id: &str, ports: &[PortConfig]) {
        let Some((ip, br)) = self.sandboxes.get(sb_id).and_then(|s| self.gateway_endpoint(s)) else { return };
        let ctr = ip.to_string();
        for p in ports {
            let (proto, host, target) = (p.proto_name(), p.published.to_string(), p.target.to_string());
            let to = format!("{ctr}:{target}");
            self.ipt(
                w,
                INIT_NETNS,
                &["-t", "nat", "-A", "DOCKER", "-p", proto, "-d", "0/0", "--dport", &host, "-j", "DNAT", "--to-destination", &to, "!", "-i", &br],
            );
            self.ipt(w, INIT_NETNS, &["-t", "filter", "-A", "DOCKER", "!", "-i", &br, "-o", &br, "-p", proto, "-d", &ctr, "--dport", &target, "-j", "ACCEPT"]);
            self.ipt(w, INIT_NETNS, &["-t", "nat", "-A", "POSTROUTING", "-p", proto, "-s", &ctr, "-d", &ctr, "--dport", &target, "-j", "MASQUERADE"]);
            if p.protocol == crate::net::proto::TCP {
                let app = self.kernel(w, |k| {
                    k.app_start(INIT_NETNS, Box::new(DockerProxy { port: p.published, target: (ip, p.target), listener: None, pairs: Vec::new() }))
                });
                self.host_proxies.insert(sb_id.to_string(), app);
            }
        }
        if let Some(sb) = self.sandboxes.get_mut(sb_id) {
            sb.host_ports = ports.to_vec();
        }
    }

    pub(crate) fn unpublish_host_ports(&mut self, w: &mut World, sb: &super::sandbox::Sandbox) {
        let Some((ip, br)) = self.gateway_endpoint(sb) else { return };
        let ctr = ip.to_string();
        for p in &sb.host_ports {
            let (proto, host, target) = (p.proto_name(), p.published.to_string(), p.target.to_string());
            let to = format!("{ctr}:{target}");
            self.ipt(
                w,
                INIT_NETNS,
                &["-t", "nat", "-D", "DOCKER", "-p", proto, "-d", "0/0", "--dport", &host, "-j", "DNAT", "--to-destination", &to, "!", "-i", &br],
            );
            self.ipt(w, INIT_NETNS, &["-t", "filter", "-D", "DOCKER", "!", "-i", &br, "-o", &br, "-p", proto, "-d", &ctr, "--dport", &target, "-j", "ACCEPT"]);
            self.ipt(w, INIT_NETNS, &["-t", "nat", "-D", "POSTROUTING", "-p", proto, "-s", &ctr, "-d", &ctr, "--dport", &target, "-j", "MASQUERADE"]);
        }
        if let Some(app) = self.host_proxies.remove(&sb.id) {
            self.kernel(w, |k| k.app_kill(app));
        }
    }

    /// Service discovery records for a binding (not on ingress, which is a
    /// routing-only network): `<svc>` → VIP (or the tasks with dnsrr),
    /// `tasks.<svc>` → tasks, the task's container name → its address.
    pub(crate) fn dns_add(&mut self, b: &Binding) {
        if b.ingress {
            return;
        }
        let mut r = self.dns.borrow_mut();
        let m = r.by_net.entry(b.network_id.clone()).or_default();
        let svc = m.entry(b.service_name.clone()).or_default();
        let svc_ip = b.vip.unwrap_or(b.backend);
        if !svc.contains(&svc_ip) {
            svc.push(svc_ip);
        }
        let tasks = m.entry(format!("tasks.{}", b.service_name)).or_default();
        if !tasks.contains(&b.backend) {
            tasks.push(b.backend);
        }
        m.insert(b.task_name.clone(), vec![b.backend]);
    }

    pub(crate) fn dns_remove(&mut self, b: &Binding) {
        if b.ingress {
            return;
        }
        let mut r = self.dns.borrow_mut();
        let Some(m) = r.by_net.get_mut(&b.network_id) else { return };
        if let Some(t) = m.get_mut(&format!("tasks.{}", b.service_name)) {
            t.retain(|ip| *ip != b.backend);
            if t.is_empty() {
                m.remove(&format!("tasks.{}", b.service_name));
                m.remove(&b.service_name);
            }
        }
        if b.vip.is_none() {
            if let Some(s) = m.get_mut(&b.service_name) {
                s.retain(|ip| *ip != b.backend);
                if s.is_empty() {
                    m.remove(&b.service_name);
                }
            }
        }
        m.remove(&b.task_name);
    }
}
