//! `docker …` argv → a typed [`DockerCmd`], with cobra's and docker's exact
//! help texts and errors.
//!
//! [`parse`] takes the words after `docker`. It either yields a command for
//! the integrator to run ([`Parsed::Run`]) or the finished output of the CLI
//! itself ([`Parsed::Print`]): help, `--version`, and every error the CLI
//! reports before talking to the daemon, with docker/cli 24's exit status:
//!
//! - flag errors (pflag's text, then `See 'docker … --help'.`): 125; on a
//!   management command cobra appends its usage;
//! - wrong number of arguments (`"docker service create" requires at least
//!   1 argument.` + usage line + description): 1;
//! - unknown command (`docker: 'foo' is not a docker command.`): 1;
//! - option values the CLI rejects before the API call (`Unknown mode`,
//!   `invalid scale specifier`, overlapping subnets, …): 1.
//!
//! Global options before the command (`-H`, `--context`, `-D`, `-l`, TLS
//! options) are accepted and ignored: mesh has one daemon per node.

use std::collections::BTreeMap;

use super::commands::{self, Args, Command, Group};
use super::flags::ROOT;
use super::format::version::CLIENT_VERSION_LINE;
use super::pflag::{self, Parsed as Flags, parse_go_duration};
use super::ports::{PortConfig, parse_publish};
use super::text::parse_uint;
use crate::output::CmdOutput;

/// What `docker …` asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Parsed {
    /// A command for the daemon (the integrator runs it).
    Run(Box<DockerCmd>),
    /// The CLI's own output: help, version, or an error. Print it as is.
    Print(CmdOutput),
}

/// A `KEY=VALUE` filter (`-f`/`--filter`); the key lower-cased and both
/// sides trimmed, as docker's `FilterOpt` stores them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter {
    pub key: String,
    pub value: String,
}

/// Options shared by the `ls`/`ps` listings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListOptions {
    pub quiet: bool,
    pub no_trunc: bool,
    pub filters: Vec<Filter>,
    /// `--format` as given (mesh renders the default table).
    pub format: Option<String>,
}

/// `--mode` of `service create`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServiceMode {
    /// `replicated`; `None` replicas = the default (1).
    Replicated {
        replicas: Option<u64>,
    },
    Global,
    ReplicatedJob {
        total_completions: Option<u64>,
        max_concurrent: Option<u64>,
    },
    GlobalJob,
}

/// `docker service create`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceCreate {
    pub name: Option<String>,
    pub image: String,
    /// The command and its arguments (`Spec.TaskTemplate.ContainerSpec.Args`).
    pub args: Vec<String>,
    pub mode: ServiceMode,
    /// `vip` or `dnsrr` (lower-cased; the daemon validates it).
    pub endpoint_mode: String,
    pub ports: Vec<PortConfig>,
    pub networks: Vec<String>,
    pub hostname: Option<String>,
    pub env: Vec<String>,
    pub labels: Vec<String>,
    pub container_labels: Vec<String>,
    pub constraints: Vec<String>,
    pub no_healthcheck: bool,
    pub init: bool,
    pub detach: bool,
    pub quiet: bool,
    pub update_policy: PolicyFlags,
    pub rollback_policy: PolicyFlags,
}

/// The `--update-*` (or `--rollback-*`) flags given, each `None` when not
/// given (docker/cli's `updateOptions`; only the flags changed are
/// applied, over swarmkit's defaults or the service's current policy).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PolicyFlags {
    pub parallelism: Option<u64>,
    pub delay_ns: Option<i64>,
    pub failure_action: Option<String>,
    pub monitor_ns: Option<i64>,
    /// As typed (a float pflag already accepted); parsed as Go's float32.
    pub max_failure_ratio: Option<String>,
    pub order: Option<String>,
}

impl PolicyFlags {
    pub fn any(&self) -> bool {
        *self != PolicyFlags::default()
    }
}

/// `--update-*` (`prefix` "update") or `--rollback-*` flags.
fn policy_flags(f: &Flags, prefix: &str) -> PolicyFlags {
    let name = |n: &str| format!("{prefix}-{n}");
    PolicyFlags {
        parallelism: uint(f, &name("parallelism")),
        delay_ns: f.get(&name("delay")).and_then(|v| parse_go_duration(v).ok()),
        failure_action: opt(f, &name("failure-action")),
        monitor_ns: f.get(&name("monitor")).and_then(|v| parse_go_duration(v).ok()),
        max_failure_ratio: opt(f, &name("max-failure-ratio")),
        order: opt(f, &name("order")),
    }
}

/// `docker service update`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServiceUpdate {
    pub service: String,
    pub replicas: Option<u64>,
    pub image: Option<String>,
    pub publish_add: Vec<PortConfig>,
    /// Ports to remove (matched on protocol, target port and publish mode).
    pub publish_rm: Vec<PortConfig>,
    pub env_add: Vec<String>,
    pub env_rm: Vec<String>,
    pub constraint_add: Vec<String>,
    pub constraint_rm: Vec<String>,
    pub network_add: Vec<String>,
    pub network_rm: Vec<String>,
    pub label_add: Vec<String>,
    pub label_rm: Vec<String>,
    pub container_label_add: Vec<String>,
    pub container_label_rm: Vec<String>,
    pub hostname: Option<String>,
    pub init: Option<bool>,
    pub no_healthcheck: Option<bool>,
    pub endpoint_mode: Option<String>,
    pub force: bool,
    pub rollback: bool,
    /// Flags other than `--rollback`, `--detach` and `--quiet` were given
    /// (docker refuses to combine them with `--rollback`).
    pub rollback_with_others: bool,
    pub detach: bool,
    pub quiet: bool,
    pub update_policy: PolicyFlags,
    pub rollback_policy: PolicyFlags,
}

/// One `SERVICE=REPLICAS` of `docker service scale`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScaleArg {
    pub service: String,
    /// The replica count, or the error docker prints for this service
    /// (`web: invalid replicas value x: strconv.ParseUint: …`).
    pub replicas: Result<u64, String>,
}

/// `docker network create`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetworkCreate {
    pub name: String,
    pub driver: String,
    pub attachable: bool,
    pub internal: bool,
    pub ingress: bool,
    pub ipv6: bool,
    pub scope: Option<String>,
    /// IPAM configs, one per `--subnet`, with their range and gateway.
    pub ipam: Vec<IpamConfig>,
    pub ipam_driver: String,
    pub options: BTreeMap<String, String>,
    pub labels: BTreeMap<String, String>,
}

/// `network.IPAMConfig` as the CLI builds it from the flags.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IpamConfig {
    pub subnet: String,
    pub ip_range: String,
    pub gateway: String,
}

/// A docker command for the daemon, with its options.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DockerCmd {
    Version {
        format: Option<String>,
    },
    Info {
        format: Option<String>,
    },
    NodeLs(ListOptions),
    NodeInspect {
        nodes: Vec<String>,
        pretty: bool,
        format: Option<String>,
    },
    NodeUpdate {
        node: String,
        availability: Option<String>,
        role: Option<String>,
        label_add: Vec<String>,
        label_rm: Vec<String>,
    },
    NodePromote {
        nodes: Vec<String>,
    },
    NodeDemote {
        nodes: Vec<String>,
    },
    /// `docker node ps`; no node means `self`.
    NodePs {
        nodes: Vec<String>,
        no_resolve: bool,
        list: ListOptions,
    },
    NodeRm {
        nodes: Vec<String>,
        force: bool,
    },
    SwarmInit {
        advertise_addr: Option<String>,
        listen_addr: Option<String>,
        data_path_addr: Option<String>,
        data_path_port: Option<u32>,
        default_addr_pool: Vec<String>,
        default_addr_pool_mask_length: Option<u32>,
        availability: Option<String>,
        force_new_cluster: bool,
    },
    SwarmJoin {
        remote_addr: String,
        token: Option<String>,
        advertise_addr: Option<String>,
        listen_addr: Option<String>,
        data_path_addr: Option<String>,
        availability: Option<String>,
    },
    /// `docker swarm join-token worker|manager`.
    SwarmJoinToken {
        manager: bool,
        quiet: bool,
        rotate: bool,
    },
    SwarmLeave {
        force: bool,
    },
    ServiceCreate(ServiceCreate),
    ServiceLs(ListOptions),
    ServicePs {
        services: Vec<String>,
        no_resolve: bool,
        list: ListOptions,
    },
    ServiceInspect {
        services: Vec<String>,
        pretty: bool,
        format: Option<String>,
    },
    ServiceScale {
        scales: Vec<ScaleArg>,
        detach: bool,
    },
    ServiceUpdate(ServiceUpdate),
    ServiceRm {
        services: Vec<String>,
    },
    ServiceLogs {
        target: String,
        follow: bool,
        tail: String,
        timestamps: bool,
        no_trunc: bool,
        no_task_ids: bool,
        no_resolve: bool,
        raw: bool,
        details: bool,
        since: Option<String>,
    },
    NetworkLs(ListOptions),
    NetworkInspect {
        networks: Vec<String>,
        verbose: bool,
        format: Option<String>,
    },
    NetworkCreate(NetworkCreate),
    NetworkRm {
        networks: Vec<String>,
        force: bool,
    },
    Ps {
        all: bool,
        last: i64,
        latest: bool,
        size: bool,
        list: ListOptions,
    },
    Inspect {
        names: Vec<String>,
        kind: Option<String>,
        size: bool,
        format: Option<String>,
    },
    Exec {
        container: String,
        command: Vec<String>,
        detach: bool,
        interactive: bool,
        tty: bool,
        env: Vec<String>,
        user: Option<String>,
        workdir: Option<String>,
        privileged: bool,
    },
    Logs {
        container: String,
        follow: bool,
        tail: String,
        timestamps: bool,
        since: Option<String>,
        until: Option<String>,
        details: bool,
    },
    Images {
        reference: Option<String>,
        all: bool,
        digests: bool,
        list: ListOptions,
    },
    /// A real docker command mesh does not simulate (`docker run`,
    /// `docker swarm ca`, …), by its full path.
    NotModelled {
        command: String,
    },
}

fn stderr(text: String, status: i32) -> Parsed {
    Parsed::Print(CmdOutput::err(text, status))
}

/// cobra's `FlagErrorFunc` as docker 24 sets it: exit 125, and the usage
/// when the command has subcommands.
fn flag_error(command_path: &str, err: &str, group_usage: Option<String>) -> Parsed {
    let mut text = format!("{err}\nSee '{command_path} --help'.");
    if let Some(usage) = group_usage {
        text.push_str("\n\n");
        text.push_str(&usage);
    }
    text.push('\n');
    stderr(text, 125)
}

/// Help as `--help` prints it (stdout, exit 0): an empty line, then usage.
fn help(notices: &str, usage: String) -> Parsed {
    Parsed::Print(CmdOutput::ok(format!("{notices}\n{usage}")))
}

/// Parse the words after `docker`.
pub fn parse<S: AsRef<str>>(argv: &[S]) -> Parsed {
    let argv: Vec<String> = argv.iter().map(|s| s.as_ref().to_string()).collect();
    let global = match pflag::parse(ROOT, false, &argv) {
        Ok(global) => global,
        Err(err) => return flag_error("docker", &err, Some(commands::root_usage())),
    };
    if global.help {
        return help(&global.notices, commands::root_usage());
    }
    if global.bool("version") {
        return Parsed::Print(CmdOutput::ok(format!("{CLIENT_VERSION_LINE}\n")));
    }
    let Some((name, rest)) = global.args.split_first() else {
        // `docker` alone: the help, on stderr, and success.
        return Parsed::Print(CmdOutput { stdout: String::new(), stderr: format!("\n{}", commands::root_usage()), status: 0, interleaved: None });
    };
    if let Some(group) = commands::GROUPS.iter().find(|g| g.name == name) {
        return parse_group(group, rest);
    }
    if let Some(command) = commands::TOP.iter().find(|c| c.path == name) {
        return parse_leaf(command, rest);
    }
    if commands::is_known_top_level(name) {
        return Parsed::Run(Box::new(DockerCmd::NotModelled { command: format!("docker {name}") }));
    }
    stderr(format!("docker: '{name}' is not a docker command.\nSee 'docker --help'\n"), 1)
}

fn parse_group(group: &Group, rest: &[String]) -> Parsed {
    let path = format!("docker {}", group.name);
    let Some(first) = rest.first() else {
        return Parsed::Print(CmdOutput { stdout: String::new(), stderr: format!("\n{}", group.usage()), status: 0, interleaved: None });
    };
    let sub = group.commands.iter().find(|c| {
        let last = &c.path[group.name.len() + 1..];
        last == first || c.names.contains(&first.as_str())
    });
    if let Some(command) = sub {
        return parse_leaf(command, &rest[1..]);
    }
    // Flags of the management command itself: only --help exists.
    match pflag::parse(&[], true, rest) {
        Err(err) => flag_error(&path, &err, Some(group.usage())),
        Ok(flags) if flags.help => help(&flags.notices, group.usage()),
        Ok(flags) if flags.args.is_empty() => {
            Parsed::Print(CmdOutput { stdout: String::new(), stderr: format!("\n{}", group.usage()), status: 0, interleaved: None })
        }
        // cli.NoArgs on a command with subcommands: its usage, status 1.
        Ok(_) => stderr(format!("\n{}\n", group.usage().trim_end_matches('\n')), 1),
    }
}

fn args_error(command: &Command, what: &str) -> Parsed {
    stderr(format!("\"{path}\" {what}.\nSee '{path} --help'.\n\nUsage:  {}\n\n{}\n", command.use_line(), command.short, path = command.command_path()), 1)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "argument" } else { "arguments" }
}

fn parse_leaf(command: &Command, rest: &[String]) -> Parsed {
    if !command.modelled {
        return Parsed::Run(Box::new(DockerCmd::NotModelled { command: command.command_path() }));
    }
    let flags = match pflag::parse(command.flags, command.interspersed, rest) {
        Ok(flags) => flags,
        Err(err) => return flag_error(&command.command_path(), &err, None),
    };
    if flags.help {
        return help(&flags.notices, command.usage());
    }
    let n = flags.args.len();
    let wrong = match command.args {
        Args::None if n > 0 => Some("accepts no arguments".to_string()),
        Args::Exact(k) if n != k => Some(format!("requires exactly {k} {}", plural(k))),
        Args::Min(k) if n < k => Some(format!("requires at least {k} {}", plural(k))),
        Args::Max(k) if n > k => Some(format!("requires at most {k} {}", plural(k))),
        _ => None,
    };
    if let Some(what) = wrong {
        return args_error(command, &what);
    }
    match build(command, &flags) {
        Ok(cmd) => Parsed::Run(Box::new(cmd)),
        Err(parsed) => parsed,
    }
}

fn opt(flags: &Flags, name: &str) -> Option<String> {
    flags.get(name).map(str::to_string)
}

fn filters(flags: &Flags) -> Vec<Filter> {
    flags
        .all("filter")
        .into_iter()
        .filter(|f| !f.is_empty())
        .filter_map(|f| f.split_once('=').map(|(k, v)| Filter { key: k.trim().to_lowercase(), value: v.trim().to_string() }))
        .collect()
}

fn list_options(flags: &Flags) -> ListOptions {
    ListOptions { quiet: flags.bool("quiet"), no_trunc: flags.bool("no-trunc"), filters: filters(flags), format: opt(flags, "format") }
}

/// Every value of a port flag, expanded (already validated by pflag).
fn ports(flags: &Flags, name: &str) -> Vec<PortConfig> {
    flags.all(name).iter().filter_map(|v| parse_publish(v).ok()).flatten().collect()
}

fn uint(flags: &Flags, name: &str) -> Option<u64> {
    flags.get(name).and_then(|v| parse_uint(v, false, 64).ok())
}

fn uint32(flags: &Flags, name: &str) -> Option<u32> {
    flags.get(name).and_then(|v| parse_uint(v, true, 32).ok()).map(|v| v as u32)
}

/// `KEY=VALUE` list options (`--opt`, `--label`) into a map; a bare key maps
/// to the empty string.
fn key_values(values: Vec<String>) -> BTreeMap<String, String> {
    values
        .into_iter()
        .map(|kv| match kv.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (kv, String::new()),
        })
        .collect()
}

fn build(command: &Command, f: &Flags) -> Result<DockerCmd, Parsed> {
    let args = f.args.clone();
    let first = || args.first().cloned().unwrap_or_default();
    let fail = |msg: String| stderr(format!("{msg}\n"), 1);
    Ok(match command.path {
        "version" => DockerCmd::Version { format: opt(f, "format") },
        "info" => DockerCmd::Info { format: opt(f, "format") },
        "node ls" => DockerCmd::NodeLs(list_options(f)),
        "node inspect" => DockerCmd::NodeInspect { nodes: args, pretty: f.bool("pretty"), format: opt(f, "format") },
        "node update" => DockerCmd::NodeUpdate {
            node: first(),
            availability: opt(f, "availability"),
            role: opt(f, "role"),
            label_add: f.all("label-add"),
            label_rm: f.all("label-rm"),
        },
        "node promote" => DockerCmd::NodePromote { nodes: args },
        "node demote" => DockerCmd::NodeDemote { nodes: args },
        "node ps" => DockerCmd::NodePs { nodes: args, no_resolve: f.bool("no-resolve"), list: list_options(f) },
        "node rm" => DockerCmd::NodeRm { nodes: args, force: f.bool("force") },
        "swarm init" => DockerCmd::SwarmInit {
            advertise_addr: opt(f, "advertise-addr"),
            listen_addr: opt(f, "listen-addr"),
            data_path_addr: opt(f, "data-path-addr"),
            data_path_port: uint32(f, "data-path-port"),
            default_addr_pool: f.all("default-addr-pool").iter().flat_map(|v| v.split(',').map(str::to_string).collect::<Vec<_>>()).collect(),
            default_addr_pool_mask_length: uint32(f, "default-addr-pool-mask-length"),
            availability: opt(f, "availability"),
            force_new_cluster: f.bool("force-new-cluster"),
        },
        "swarm join" => DockerCmd::SwarmJoin {
            remote_addr: first(),
            token: opt(f, "token"),
            advertise_addr: opt(f, "advertise-addr"),
            listen_addr: opt(f, "listen-addr"),
            data_path_addr: opt(f, "data-path-addr"),
            availability: opt(f, "availability"),
        },
        "swarm join-token" => {
            let role = first();
            if role != "worker" && role != "manager" {
                return Err(fail(format!("unknown role {role}")));
            }
            DockerCmd::SwarmJoinToken { manager: role == "manager", quiet: f.bool("quiet"), rotate: f.bool("rotate") }
        }
        "swarm leave" => DockerCmd::SwarmLeave { force: f.bool("force") },
        "service create" => {
            let create = service_create(f).map_err(fail)?;
            not_modelled(command, f, SERVICE_CREATE_MODELLED)?;
            DockerCmd::ServiceCreate(create)
        }
        "service ls" => DockerCmd::ServiceLs(list_options(f)),
        "service ps" => DockerCmd::ServicePs { services: args, no_resolve: f.bool("no-resolve"), list: list_options(f) },
        "service inspect" => DockerCmd::ServiceInspect { services: args, pretty: f.bool("pretty"), format: opt(f, "format") },
        "service scale" => {
            for arg in &args {
                if !matches!(arg.split_once('='), Some((k, v)) if !k.is_empty() && !v.is_empty()) {
                    return Err(stderr(
                        format!(
                            "Invalid scale specifier '{arg}'.\nSee '{path} --help'.\n\nUsage:  {}\n\n{}\n",
                            command.use_line(),
                            command.short,
                            path = command.command_path()
                        ),
                        1,
                    ));
                }
            }
            let scales = args
                .iter()
                .filter_map(|arg| arg.split_once('='))
                .map(|(service, value)| ScaleArg {
                    service: service.to_string(),
                    replicas: parse_uint(value, false, 64).map_err(|e| format!("{service}: invalid replicas value {value}: {e}")),
                })
                .collect();
            DockerCmd::ServiceScale { scales, detach: f.bool("detach") }
        }
        "service update" => {
            no_healthcheck_conflict(f).map_err(fail)?;
            let rollback = f.bool("rollback");
            if !rollback {
                not_modelled(command, f, SERVICE_UPDATE_MODELLED)?;
            }
            DockerCmd::ServiceUpdate(ServiceUpdate {
                service: first(),
                replicas: uint(f, "replicas"),
                image: opt(f, "image"),
                publish_add: ports(f, "publish-add"),
                publish_rm: ports(f, "publish-rm"),
                env_add: f.all("env-add"),
                env_rm: f.all("env-rm"),
                constraint_add: f.all("constraint-add"),
                constraint_rm: f.all("constraint-rm"),
                network_add: f.all("network-add"),
                network_rm: f.all("network-rm"),
                label_add: f.all("label-add"),
                label_rm: f.all("label-rm"),
                container_label_add: f.all("container-label-add"),
                container_label_rm: f.all("container-label-rm"),
                hostname: opt(f, "hostname"),
                init: f.changed("init").then(|| f.bool("init")),
                no_healthcheck: f.changed("no-healthcheck").then(|| f.bool("no-healthcheck")),
                endpoint_mode: opt(f, "endpoint-mode"),
                force: f.bool("force"),
                rollback,
                rollback_with_others: f.values.iter().any(|(n, _)| !matches!(*n, "rollback" | "detach" | "quiet")),
                detach: f.bool("detach"),
                quiet: f.bool("quiet"),
                update_policy: policy_flags(f, "update"),
                rollback_policy: policy_flags(f, "rollback"),
            })
        }
        // `docker service rollback` is `service update --rollback`.
        "service rollback" => DockerCmd::ServiceUpdate(ServiceUpdate {
            service: first(),
            rollback: true,
            detach: f.bool("detach"),
            quiet: f.bool("quiet"),
            ..ServiceUpdate::default()
        }),
        "service rm" => DockerCmd::ServiceRm { services: args },
        "service logs" => DockerCmd::ServiceLogs {
            target: first(),
            follow: f.bool("follow"),
            tail: opt(f, "tail").unwrap_or_else(|| "all".to_string()),
            timestamps: f.bool("timestamps"),
            no_trunc: f.bool("no-trunc"),
            no_task_ids: f.bool("no-task-ids"),
            no_resolve: f.bool("no-resolve"),
            raw: f.bool("raw"),
            details: f.bool("details"),
            since: opt(f, "since"),
        },
        "network ls" => DockerCmd::NetworkLs(list_options(f)),
        "network inspect" => DockerCmd::NetworkInspect { networks: args, verbose: f.bool("verbose"), format: opt(f, "format") },
        "network create" => DockerCmd::NetworkCreate(network_create(first(), f).map_err(fail)?),
        "network rm" => DockerCmd::NetworkRm { networks: args, force: f.bool("force") },
        "ps" => DockerCmd::Ps {
            all: f.bool("all"),
            last: f.get("last").and_then(|v| super::text::parse_int(v).ok()).unwrap_or(-1),
            latest: f.bool("latest"),
            size: f.bool("size"),
            list: list_options(f),
        },
        "inspect" => DockerCmd::Inspect { names: args, kind: opt(f, "type"), size: f.bool("size"), format: opt(f, "format") },
        "exec" => DockerCmd::Exec {
            container: first(),
            command: args[1..].to_vec(),
            detach: f.bool("detach"),
            interactive: f.bool("interactive"),
            tty: f.bool("tty"),
            env: f.all("env"),
            user: opt(f, "user"),
            workdir: opt(f, "workdir"),
            privileged: f.bool("privileged"),
        },
        "logs" => DockerCmd::Logs {
            container: first(),
            follow: f.bool("follow"),
            tail: opt(f, "tail").unwrap_or_else(|| "all".to_string()),
            timestamps: f.bool("timestamps"),
            since: opt(f, "since"),
            until: opt(f, "until"),
            details: f.bool("details"),
        },
        "images" => DockerCmd::Images { reference: args.first().cloned(), all: f.bool("all"), digests: f.bool("digests"), list: list_options(f) },
        other => DockerCmd::NotModelled { command: format!("docker {other}") },
    })
}

/// The `service create` flags mesh carries out. `--no-resolve-image` and
/// `--with-registry-auth` are accepted without effect: mesh never pulls, and
/// its images never show a digest, which is what `--no-resolve-image` asks
/// for. `--max-concurrent` belongs to jobs, which say they are not modelled.
const SERVICE_CREATE_MODELLED: &[&str] = &[
    "constraint",
    "container-label",
    "detach",
    "endpoint-mode",
    "env",
    "hostname",
    "init",
    "label",
    "max-concurrent",
    "mode",
    "name",
    "network",
    "no-healthcheck",
    "no-resolve-image",
    "publish",
    "quiet",
    "replicas",
    "rollback-delay",
    "rollback-failure-action",
    "rollback-max-failure-ratio",
    "rollback-monitor",
    "rollback-order",
    "rollback-parallelism",
    "update-delay",
    "update-failure-action",
    "update-max-failure-ratio",
    "update-monitor",
    "update-order",
    "update-parallelism",
    "with-registry-auth",
];

/// The `service update` flags mesh carries out (see
/// [`SERVICE_CREATE_MODELLED`] for the two accepted without effect).
const SERVICE_UPDATE_MODELLED: &[&str] = &[
    "constraint-add",
    "constraint-rm",
    "container-label-add",
    "container-label-rm",
    "detach",
    "endpoint-mode",
    "env-add",
    "env-rm",
    "force",
    "hostname",
    "image",
    "init",
    "label-add",
    "label-rm",
    "network-add",
    "network-rm",
    "no-healthcheck",
    "no-resolve-image",
    "publish-add",
    "publish-rm",
    "quiet",
    "replicas",
    "rollback",
    "rollback-delay",
    "rollback-failure-action",
    "rollback-max-failure-ratio",
    "rollback-monitor",
    "rollback-order",
    "rollback-parallelism",
    "update-delay",
    "update-failure-action",
    "update-max-failure-ratio",
    "update-monitor",
    "update-order",
    "update-parallelism",
    "with-registry-auth",
];

/// mesh's refusal of flags docker accepts but mesh would ignore: one line
/// per flag, in the order given, exit 1, nothing done.
fn not_modelled(command: &Command, f: &Flags, modelled: &[&str]) -> Result<(), Parsed> {
    let mut ignored: Vec<&str> = Vec::new();
    for (name, _) in &f.values {
        if !modelled.contains(name) && !ignored.contains(name) {
            ignored.push(name);
        }
    }
    if ignored.is_empty() {
        return Ok(());
    }
    let text = ignored.iter().map(|name| format!("mesh: docker {} --{name} is not modelled\n", command.path)).collect();
    Err(stderr(text, 1))
}

/// `--no-healthcheck` with any `--health-*` option (docker/cli's
/// `toHealthConfig` and `updateHealthcheck`).
fn no_healthcheck_conflict(f: &Flags) -> Result<(), String> {
    let health = ["health-cmd", "health-interval", "health-retries", "health-timeout", "health-start-period"];
    if f.bool("no-healthcheck") && health.iter().any(|h| f.changed(h)) {
        return Err("--no-healthcheck conflicts with --health-* options".to_string());
    }
    Ok(())
}

/// `serviceOptions.ToServiceMode` and the rest of what `service create`
/// checks before calling the daemon.
fn service_create(f: &Flags) -> Result<ServiceCreate, String> {
    let mode_name = f.get("mode").unwrap_or("replicated");
    let replicas = uint(f, "replicas");
    let max_concurrent = uint(f, "max-concurrent");
    let max_per_node = f.get("replicas-max-per-node").and_then(|v| parse_uint(v, true, 64).ok()).unwrap_or(0);
    let mode = match mode_name {
        "global" => {
            if f.changed("replicas") {
                return Err("replicas can only be used with replicated or replicated-job mode".to_string());
            }
            if max_per_node > 0 {
                return Err("replicas-max-per-node can only be used with replicated or replicated-job mode".to_string());
            }
            if f.changed("max-concurrent") {
                return Err("max-concurrent can only be used with replicated-job mode".to_string());
            }
            ServiceMode::Global
        }
        "replicated" => {
            if f.changed("max-concurrent") {
                return Err("max-concurrent can only be used with replicated-job mode".to_string());
            }
            ServiceMode::Replicated { replicas }
        }
        "replicated-job" => ServiceMode::ReplicatedJob { total_completions: replicas, max_concurrent },
        "global-job" => {
            if f.changed("replicas") {
                return Err("replicas can only be used with replicated or replicated-job mode".to_string());
            }
            if f.changed("max-concurrent") {
                return Err("max-concurrent can only be used with replicated-job mode".to_string());
            }
            ServiceMode::GlobalJob
        }
        other => {
            return Err(format!("Unknown mode: {other}, only replicated and global supported"));
        }
    };
    no_healthcheck_conflict(f)?;
    let (image, args) = match f.args.split_first() {
        Some((image, args)) => (image.clone(), args.to_vec()),
        None => (String::new(), Vec::new()),
    };
    Ok(ServiceCreate {
        name: opt(f, "name"),
        image,
        args,
        mode,
        endpoint_mode: f.get("endpoint-mode").unwrap_or("vip").to_lowercase(),
        labels: f.all("label"),
        ports: ports(f, "publish"),
        networks: f.all("network"),
        hostname: opt(f, "hostname"),
        env: f.all("env"),
        container_labels: f.all("container-label"),
        constraints: f.all("constraint"),
        no_healthcheck: f.bool("no-healthcheck"),
        init: f.bool("init"),
        detach: f.bool("detach"),
        quiet: f.bool("quiet"),
        update_policy: policy_flags(f, "update"),
        rollback_policy: policy_flags(f, "rollback"),
    })
}

/// An IPv4 or IPv6 CIDR as Go's `net.ParseCIDR` accepts it.
fn parse_cidr(s: &str) -> Result<(std::net::IpAddr, u8), String> {
    let invalid = || format!("invalid CIDR address: {s}");
    let (addr, len) = s.split_once('/').ok_or_else(invalid)?;
    let addr: std::net::IpAddr = addr.parse().map_err(|_| invalid())?;
    let max = if addr.is_ipv4() { 32 } else { 128 };
    let len: u8 = len.parse().ok().filter(|l| *l <= max && !len.starts_with('+')).ok_or_else(invalid)?;
    Ok((addr, len))
}

/// `subnetMatches(subnet, data)`: whether `data` (an IP or CIDR) lies in
/// `subnet`.
fn subnet_matches(subnet: &str, data: &str) -> Result<bool, String> {
    let (net, len) = parse_cidr(subnet).map_err(|e| format!("invalid subnet: {e}"))?;
    let ip: std::net::IpAddr = if data.contains('/') {
        parse_cidr(data)?.0
    } else {
        match data.parse() {
            Ok(ip) => ip,
            // net.ParseIP gives nil, which no subnet contains.
            Err(_) => return Ok(false),
        }
    };
    Ok(match (net, ip) {
        (std::net::IpAddr::V4(n), std::net::IpAddr::V4(i)) => {
            let mask = if len == 0 { 0 } else { u32::MAX << (32 - u32::from(len)) };
            u32::from(n) & mask == u32::from(i) & mask
        }
        (std::net::IpAddr::V6(n), std::net::IpAddr::V6(i)) => {
            let mask = if len == 0 { 0 } else { u128::MAX << (128 - u32::from(len)) };
            u128::from(n) & mask == u128::from(i) & mask
        }
        _ => false,
    })
}

/// `consolidateIpam`: pair every `--ip-range` and `--gateway` with its
/// `--subnet`.
fn consolidate_ipam(subnets: &[String], ranges: &[String], gateways: &[String]) -> Result<Vec<IpamConfig>, String> {
    if subnets.len() < ranges.len() || subnets.len() < gateways.len() {
        return Err("every ip-range or gateway must have a corresponding subnet".to_string());
    }
    let mut configs: Vec<IpamConfig> = Vec::new();
    for s in subnets {
        for existing in &configs {
            if subnet_matches(s, &existing.subnet)? || subnet_matches(&existing.subnet, s)? {
                return Err("multiple overlapping subnet configuration is not supported".to_string());
            }
        }
        configs.push(IpamConfig { subnet: s.clone(), ..IpamConfig::default() });
    }
    for r in ranges {
        let mut matched = false;
        for config in configs.iter_mut() {
            if !subnet_matches(&config.subnet, r)? {
                continue;
            }
            if !config.ip_range.is_empty() {
                return Err(format!("cannot configure multiple ranges ({r}, {}) on the same subnet ({})", config.ip_range, config.subnet));
            }
            config.ip_range = r.clone();
            matched = true;
        }
        if !matched {
            return Err(format!("no matching subnet for range {r}"));
        }
    }
    for g in gateways {
        let mut matched = false;
        for config in configs.iter_mut() {
            if !subnet_matches(&config.subnet, g)? {
                continue;
            }
            if !config.gateway.is_empty() {
                return Err(format!("cannot configure multiple gateways ({g}, {}) for the same subnet ({})", config.gateway, config.subnet));
            }
            config.gateway = g.clone();
            matched = true;
        }
        if !matched {
            return Err(format!("no matching subnet for gateway {g}"));
        }
    }
    Ok(configs)
}

/// pflag `StringSlice` values: each occurrence is a comma-separated list.
fn string_slice(f: &Flags, name: &str) -> Vec<String> {
    f.all(name).iter().flat_map(|v| v.split(',').map(str::to_string).collect::<Vec<_>>()).filter(|s| !s.is_empty()).collect()
}

fn network_create(name: String, f: &Flags) -> Result<NetworkCreate, String> {
    let ipam = consolidate_ipam(&string_slice(f, "subnet"), &string_slice(f, "ip-range"), &string_slice(f, "gateway"))?;
    Ok(NetworkCreate {
        name,
        driver: f.get("driver").unwrap_or("bridge").to_string(),
        attachable: f.bool("attachable"),
        internal: f.bool("internal"),
        ingress: f.bool("ingress"),
        ipv6: f.bool("ipv6"),
        scope: opt(f, "scope"),
        ipam,
        ipam_driver: f.get("ipam-driver").unwrap_or("default").to_string(),
        options: key_values(f.all("opt")),
        labels: key_values(f.all("label")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docker::ports::{Protocol, PublishMode};

    fn run(line: &str) -> Parsed {
        let words = shell_words::split(line).unwrap();
        parse(&words)
    }

    fn cmd(line: &str) -> DockerCmd {
        match run(line) {
            Parsed::Run(cmd) => *cmd,
            other => panic!("{line}: {other:?}"),
        }
    }

    fn printed(line: &str) -> CmdOutput {
        match run(line) {
            Parsed::Print(out) => out,
            other => panic!("{line}: {other:?}"),
        }
    }

    /// `docker … --help` prints the usage captured from a real docker CLI
    /// (with the flags added after 24.0 removed), after an empty line.
    #[test]
    fn help_is_the_real_usage_text() {
        let cases: &[(&str, &str)] = &[
            ("--help", include_str!("testdata/help/help_.txt")),
            ("node --help", include_str!("testdata/help/help_node.txt")),
            ("node ls --help", include_str!("testdata/help/help_node_ls.txt")),
            ("node list --help", include_str!("testdata/help/help_node_ls.txt")),
            ("node inspect --help", include_str!("testdata/help/help_node_inspect.txt")),
            ("node update --help", include_str!("testdata/help/help_node_update.txt")),
            ("node ps --help", include_str!("testdata/help/help_node_ps.txt")),
            ("node rm --help", include_str!("testdata/help/help_node_rm.txt")),
            ("swarm --help", include_str!("testdata/help/help_swarm.txt")),
            ("swarm init --help", include_str!("testdata/help/help_swarm_init.txt")),
            ("swarm join --help", include_str!("testdata/help/help_swarm_join.txt")),
            ("swarm join-token --help", include_str!("testdata/help/help_swarm_join-token.txt")),
            ("swarm leave --help", include_str!("testdata/help/help_swarm_leave.txt")),
            ("service --help", include_str!("testdata/help/help_service.txt")),
            ("service create --help", include_str!("testdata/help/help_service_create.txt")),
            ("service ls --help", include_str!("testdata/help/help_service_ls.txt")),
            ("service ps --help", include_str!("testdata/help/help_service_ps.txt")),
            ("service inspect --help", include_str!("testdata/help/help_service_inspect.txt")),
            ("service scale --help", include_str!("testdata/help/help_service_scale.txt")),
            ("service update --help", include_str!("testdata/help/help_service_update.txt")),
            ("service rollback --help", include_str!("testdata/help/help_service_rollback.txt")),
            ("service rm --help", include_str!("testdata/help/help_service_rm.txt")),
            ("service logs --help", include_str!("testdata/help/help_service_logs.txt")),
            ("network --help", include_str!("testdata/help/help_network.txt")),
            ("network ls --help", include_str!("testdata/help/help_network_ls.txt")),
            ("network inspect --help", include_str!("testdata/help/help_network_inspect.txt")),
            ("network create --help", include_str!("testdata/help/help_network_create.txt")),
            ("network rm --help", include_str!("testdata/help/help_network_rm.txt")),
            ("ps --help", include_str!("testdata/help/help_ps.txt")),
            ("inspect --help", include_str!("testdata/help/help_inspect.txt")),
            ("exec --help", include_str!("testdata/help/help_exec.txt")),
            ("logs --help", include_str!("testdata/help/help_logs.txt")),
            ("images --help", include_str!("testdata/help/help_images.txt")),
            ("version --help", include_str!("testdata/help/help_version.txt")),
            ("info --help", include_str!("testdata/help/help_info.txt")),
        ];
        for (line, usage) in cases {
            assert_eq!(printed(line), CmdOutput::ok(format!("\n{usage}")), "docker {line}");
        }
        // --help wins over missing arguments; -h is deprecated but works.
        assert_eq!(printed("service create --help").status, 0);
        let out = printed("service ls -h");
        assert!(out.stdout.starts_with("Flag shorthand -h has been deprecated, please use --help\n\nUsage:  docker service ls [OPTIONS]\n"));
    }

    #[test]
    fn flag_errors_exit_125() {
        let cases: &[(&str, &str)] = &[
            ("service create --foo img", "unknown flag: --foo\nSee 'docker service create --help'.\n"),
            ("service ls -x", "unknown shorthand flag: 'x' in -x\nSee 'docker service ls --help'.\n"),
            ("service create --name", "flag needs an argument: --name\nSee 'docker service create --help'.\n"),
            ("service create -p x img", "invalid argument \"x\" for \"-p, --publish\" flag: Invalid containerPort: x\nSee 'docker service create --help'.\n"),
            (
                "service create --replicas two img",
                "invalid argument \"two\" for \"--replicas\" flag: strconv.ParseUint: parsing \"two\": invalid syntax\nSee 'docker service create --help'.\n",
            ),
            (
                "service create -p published=8080 img",
                "invalid argument \"published=8080\" for \"-p, --publish\" flag: missing mandatory field \"target\"\nSee 'docker service create --help'.\n",
            ),
            (
                "node ls --filter role",
                "invalid argument \"role\" for \"-f, --filter\" flag: bad format of filter (expected name=value)\nSee 'docker node ls --help'.\n",
            ),
            (
                "swarm init --data-path-port x",
                "invalid argument \"x\" for \"--data-path-port\" flag: strconv.ParseUint: parsing \"x\": invalid syntax\nSee 'docker swarm init --help'.\n",
            ),
        ];
        for (line, want) in cases {
            assert_eq!(printed(line), CmdOutput::err(*want, 125), "docker {line}");
        }
        // On a command with subcommands, cobra appends the usage.
        let out = printed("service --foo");
        assert_eq!(out.status, 125);
        assert_eq!(out.stderr, format!("unknown flag: --foo\nSee 'docker service --help'.\n\n{}\n", include_str!("testdata/help/help_service.txt")));
        let out = printed("--foo ps");
        assert_eq!(out.stderr, format!("unknown flag: --foo\nSee 'docker --help'.\n\n{}\n", include_str!("testdata/help/help_.txt")));
    }

    #[test]
    fn argument_errors_exit_1() {
        let cases: &[(&str, &str)] = &[
            (
                "service create",
                "\"docker service create\" requires at least 1 argument.\nSee 'docker service create --help'.\n\nUsage:  docker service create [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nCreate a new service\n",
            ),
            (
                "service ls extra",
                "\"docker service ls\" accepts no arguments.\nSee 'docker service ls --help'.\n\nUsage:  docker service ls [OPTIONS]\n\nList services\n",
            ),
            (
                "network create",
                "\"docker network create\" requires exactly 1 argument.\nSee 'docker network create --help'.\n\nUsage:  docker network create [OPTIONS] NETWORK\n\nCreate a network\n",
            ),
            (
                "exec c1",
                "\"docker exec\" requires at least 2 arguments.\nSee 'docker exec --help'.\n\nUsage:  docker exec [OPTIONS] CONTAINER COMMAND [ARG...]\n\nExecute a command in a running container\n",
            ),
            (
                "images a b",
                "\"docker images\" requires at most 1 argument.\nSee 'docker images --help'.\n\nUsage:  docker images [OPTIONS] [REPOSITORY[:TAG]]\n\nList images\n",
            ),
            (
                "service scale web",
                "Invalid scale specifier 'web'.\nSee 'docker service scale --help'.\n\nUsage:  docker service scale SERVICE=REPLICAS [SERVICE=REPLICAS...]\n\nScale one or multiple replicated services\n",
            ),
            ("foo", "docker: 'foo' is not a docker command.\nSee 'docker --help'\n"),
            ("swarm join-token admin", "unknown role admin\n"),
            ("service create --mode foo img", "Unknown mode: foo, only replicated and global supported\n"),
            ("service create --mode global --replicas 2 img", "replicas can only be used with replicated or replicated-job mode\n"),
            ("network create --subnet 10.0.0.0/16 --subnet 10.0.1.0/24 n", "multiple overlapping subnet configuration is not supported\n"),
            ("network create --gateway 10.0.0.1 n", "every ip-range or gateway must have a corresponding subnet\n"),
            ("network create --subnet 10.0.0.0/24 --gateway 10.1.0.1 n", "no matching subnet for gateway 10.1.0.1\n"),
        ];
        for (line, want) in cases {
            assert_eq!(printed(line), CmdOutput::err(*want, 1), "docker {line}");
        }
        let out = printed("service foo");
        assert_eq!(out, CmdOutput::err(format!("\n{}", include_str!("testdata/help/help_service.txt")), 1));
    }

    #[test]
    fn bare_commands_print_help_on_stderr_successfully() {
        let out = printed("");
        assert_eq!((out.stdout.as_str(), out.status), ("", 0));
        assert_eq!(out.stderr, format!("\n{}", include_str!("testdata/help/help_.txt")));
        let out = printed("node");
        assert_eq!(out.stderr, format!("\n{}", include_str!("testdata/help/help_node.txt")));
        assert_eq!(printed("--version"), CmdOutput::ok("Docker version 24.0.2, build cb74dfc\n"));
    }

    #[test]
    fn service_create_from_the_seed() {
        let DockerCmd::ServiceCreate(sc) = cmd("service create --name web -p 8080:80 --replicas 2 containous/whoami") else { panic!() };
        assert_eq!(sc.name.as_deref(), Some("web"));
        assert_eq!(sc.image, "containous/whoami");
        assert_eq!(sc.mode, ServiceMode::Replicated { replicas: Some(2) });
        assert_eq!(sc.endpoint_mode, "vip");
        assert_eq!(
            sc.ports,
            [PortConfig { name: String::new(), protocol: Protocol::Tcp, target_port: 80, published_port: 8080, publish_mode: PublishMode::Ingress }]
        );
        assert!(!sc.detach);
    }

    #[test]
    fn service_create_stops_parsing_flags_at_the_image() {
        let DockerCmd::ServiceCreate(sc) = cmd(
            "-H tcp://x:2375 service create -d --mode global --network ov -e A=1 --publish published=53,target=53,protocol=udp,mode=host alpine ping -c 1 --x",
        ) else {
            panic!()
        };
        assert_eq!(sc.mode, ServiceMode::Global);
        assert_eq!(sc.args, ["ping", "-c", "1", "--x"]);
        assert_eq!(sc.networks, ["ov"]);
        assert_eq!(sc.env, ["A=1"]);
        assert_eq!(sc.ports[0].publish_mode, PublishMode::Host);
        assert_eq!(sc.ports[0].protocol, Protocol::Udp);
        assert!(sc.detach);
    }

    #[test]
    fn other_commands_parse_to_their_options() {
        assert_eq!(cmd("node ls -q"), DockerCmd::NodeLs(ListOptions { quiet: true, ..ListOptions::default() }));
        assert_eq!(
            cmd("node update --availability drain node2"),
            DockerCmd::NodeUpdate { node: "node2".into(), availability: Some("drain".into()), role: None, label_add: vec![], label_rm: vec![] }
        );
        assert_eq!(cmd("swarm join-token -q worker"), DockerCmd::SwarmJoinToken { manager: false, quiet: true, rotate: false });
        assert_eq!(
            cmd("service ps web --no-trunc -f desired-state=running"),
            DockerCmd::ServicePs {
                services: vec!["web".into()],
                no_resolve: false,
                list: ListOptions { no_trunc: true, filters: vec![Filter { key: "desired-state".into(), value: "running".into() }], ..ListOptions::default() }
            }
        );
        let DockerCmd::ServiceScale { scales, detach } = cmd("service scale web=3 api=x -d") else { panic!() };
        assert!(detach);
        assert_eq!(scales[0], ScaleArg { service: "web".into(), replicas: Ok(3) });
        assert_eq!(scales[1].replicas, Err("api: invalid replicas value x: strconv.ParseUint: parsing \"x\": invalid syntax".to_string()));
        let DockerCmd::ServiceUpdate(up) = cmd("service update --publish-add 9090:80 --publish-rm 80 --replicas 3 -d web") else { panic!() };
        assert_eq!((up.service.as_str(), up.replicas, up.publish_add.len(), up.publish_rm[0].target_port, up.detach), ("web", Some(3), 1, 80, true));
        let DockerCmd::NetworkCreate(nc) = cmd("network create -d overlay --attachable --subnet 10.0.9.0/24 --gateway 10.0.9.1 -o encrypted my-net") else {
            panic!()
        };
        assert_eq!((nc.driver.as_str(), nc.attachable, nc.name.as_str()), ("overlay", true, "my-net"));
        assert_eq!(nc.ipam, [IpamConfig { subnet: "10.0.9.0/24".into(), ip_range: String::new(), gateway: "10.0.9.1".into() }]);
        assert_eq!(nc.options.get("encrypted").map(String::as_str), Some(""));
        assert_eq!(
            cmd("exec -it web.1.abc sh -c ls"),
            DockerCmd::Exec {
                container: "web.1.abc".into(),
                command: vec!["sh".into(), "-c".into(), "ls".into()],
                detach: false,
                interactive: true,
                tty: true,
                env: vec![],
                user: None,
                workdir: None,
                privileged: false
            }
        );
        assert_eq!(cmd("network inspect -v ingress"), DockerCmd::NetworkInspect { networks: vec!["ingress".into()], verbose: true, format: None });
        assert_eq!(cmd("run alpine"), DockerCmd::NotModelled { command: "docker run".into() });
        assert_eq!(cmd("swarm ca --rotate"), DockerCmd::NotModelled { command: "docker swarm ca".into() });
    }

    /// Flags docker accepts but mesh would ignore are refused, one line
    /// each; the two without a visible effect pass.
    #[test]
    fn flags_mesh_does_not_carry_out_say_so() {
        let out = printed("service create --cap-add NET_ADMIN --dns 1.1.1.1 --cap-add SYS_ADMIN nginx");
        assert_eq!(
            (out.stderr.as_str(), out.status),
            ("mesh: docker service create --cap-add is not modelled\nmesh: docker service create --dns is not modelled\n", 1)
        );
        assert_eq!(printed("service update --health-cmd true web").stderr, "mesh: docker service update --health-cmd is not modelled\n");
        assert!(matches!(run("service create --no-resolve-image --with-registry-auth nginx"), Parsed::Run(_)));
        assert!(matches!(run("service update --no-resolve-image --with-registry-auth web"), Parsed::Run(_)));
        assert_eq!(printed("service create --no-healthcheck --health-interval 5s nginx").stderr, "--no-healthcheck conflicts with --health-* options\n");
        for name in SERVICE_CREATE_MODELLED {
            assert!(crate::docker::flags::SERVICE_CREATE.iter().any(|f| f.name == *name), "{name}");
        }
        for name in SERVICE_UPDATE_MODELLED {
            assert!(crate::docker::flags::SERVICE_UPDATE.iter().any(|f| f.name == *name), "{name}");
        }
    }

    #[test]
    fn service_update_carries_every_modelled_flag() {
        let DockerCmd::ServiceUpdate(up) =
            cmd("service update --network-add a --network-rm b --env-add K=V --env-rm X --constraint-add node.role==worker --constraint-rm c \
             --label-add l=1 --label-rm m --container-label-add n=2 --container-label-rm o --hostname h --init --no-healthcheck=false \
             --endpoint-mode dnsrr --force web")
        else {
            panic!()
        };
        assert_eq!((up.network_add, up.network_rm), (vec!["a".to_string()], vec!["b".to_string()]));
        assert_eq!((up.env_add, up.env_rm), (vec!["K=V".to_string()], vec!["X".to_string()]));
        assert_eq!((up.constraint_add, up.constraint_rm), (vec!["node.role==worker".to_string()], vec!["c".to_string()]));
        assert_eq!((up.label_add, up.label_rm), (vec!["l=1".to_string()], vec!["m".to_string()]));
        assert_eq!((up.container_label_add, up.container_label_rm), (vec!["n=2".to_string()], vec!["o".to_string()]));
        assert_eq!((up.hostname.as_deref(), up.init, up.no_healthcheck), (Some("h"), Some(true), Some(false)));
        assert_eq!((up.endpoint_mode.as_deref(), up.force, up.rollback), (Some("dnsrr"), true, false));
        // --rollback refuses company other than -d and -q (after the
        // service lookup, so the parser only notes it).
        let DockerCmd::ServiceUpdate(up) = cmd("service update --rollback --cap-add X web") else { panic!() };
        assert!(up.rollback && up.rollback_with_others);
        let DockerCmd::ServiceUpdate(up) = cmd("service update --rollback -d -q web") else { panic!() };
        assert!(up.rollback && !up.rollback_with_others);
    }

    proptest::proptest! {
        /// Any argv, however malformed, yields a command or the CLI's own
        /// output: never a panic.
        #[test]
        fn never_panics(words in proptest::collection::vec(proptest::sample::select(vec![
            "service", "create", "ls", "ps", "scale", "update", "node", "network", "swarm", "join-token",
            "inspect", "exec", "-p", "--publish", "8080:80", "x=", "=", "web=x", "-", "--", "-h", "--help",
            "-qx", "--replicas", "-1", "--mode", "global", "--subnet", "10.0.0.0/8", "--gateway", "é", "-é",
            "--=", "---", "published=1,target=0", "80-70:1", "::", "/", "-d=", "--filter", "a",
        ]), 0..10)) {
            let _ = parse(&words);
        }
    }
}
