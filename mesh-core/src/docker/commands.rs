//! The docker command tree (cobra commands) and cobra's usage text as
//! docker/cli 24 templates it.
//!
//! Each command has its cobra `Use` line, `Short` description, aliases,
//! positional-argument rule, whether flags may follow arguments, and its
//! flags ([`super::flags`]). Management commands (`node`, `service`, …) list
//! their subcommands, including ones mesh does not run (`node promote` is
//! run; `swarm ca`, … are listed in help so it reads as
//! the real one, and report themselves as not modelled).
//!
//! The usage template (`cli/cobra.go`): `Usage:  <use line>`, a blank line,
//! the description, then `Aliases:`, `Options:` (pflag's
//! `FlagUsagesWrapped(width - 1)` with the terminal width, 80 when stdout is
//! not a terminal — mesh uses 80), `Commands:` and the closing
//! `Run '… COMMAND --help' for more information on a command.`. `--help`
//! prints the template after an empty line (docker's help template starts
//! with a newline).
//!
//! Not modelled: hiding commands and flags the daemon does not support
//! (cobra annotations checked against the daemon's API version,
//! experimental and swarm-manager status): help shows what a swarm manager
//! running a non-experimental docker 24 daemon shows; CLI plugins.

use super::flags::*;
use super::pflag::{FlagSpec, flag_usages_wrapped};

/// How many positional arguments a command accepts (docker's `cli.NoArgs`,
/// `cli.ExactArgs(n)`, `cli.RequiresMinArgs(n)`, `cli.RequiresMaxArgs(n)`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Args {
    None,
    Exact(usize),
    Min(usize),
    Max(usize),
    Any,
}

/// One cobra command.
#[derive(Clone, Copy, Debug)]
pub struct Command {
    /// The command path without `docker`, e.g. `service create`.
    pub path: &'static str,
    /// cobra's `Use`, e.g. `create [OPTIONS] IMAGE [COMMAND] [ARG...]`.
    pub use_: &'static str,
    pub short: &'static str,
    /// The `Aliases:` line, when the command has aliases.
    pub aliases: Option<&'static str>,
    pub args: Args,
    /// Whether flags may follow positional arguments.
    pub interspersed: bool,
    pub flags: &'static [FlagSpec],
    /// Alternative names accepted for the last word of the path.
    pub names: &'static [&'static str],
    /// Run by mesh (false: listed in help only).
    pub modelled: bool,
}

const fn cmd(path: &'static str, use_: &'static str, short: &'static str, args: Args, flags: &'static [FlagSpec]) -> Command {
    Command { path, use_, short, aliases: None, args, interspersed: true, flags, names: &[], modelled: true }
}

const fn aliased(c: Command, aliases: &'static str, names: &'static [&'static str]) -> Command {
    Command { aliases: Some(aliases), names, ..c }
}

const fn not_interspersed(c: Command) -> Command {
    Command { interspersed: false, ..c }
}

const fn listed_only(path: &'static str, use_: &'static str, short: &'static str) -> Command {
    Command { path, use_, short, aliases: None, args: Args::Any, interspersed: true, flags: NONE, names: &[], modelled: false }
}

/// A management command: `docker node`, `docker service`, …
#[derive(Clone, Copy, Debug)]
pub struct Group {
    pub name: &'static str,
    pub short: &'static str,
    pub commands: &'static [Command],
}

pub const NODE: Group = Group {
    name: "node",
    short: "Manage Swarm nodes",
    commands: &[
        cmd("node demote", "demote NODE [NODE...]", "Demote one or more nodes from manager in the swarm", Args::Min(1), NONE),
        cmd("node inspect", "inspect [OPTIONS] self|NODE [NODE...]", "Display detailed information on one or more nodes", Args::Min(1), NODE_INSPECT),
        aliased(cmd("node ls", "ls [OPTIONS]", "List nodes in the swarm", Args::None, NODE_LS), "docker node ls, docker node list", &["list"]),
        cmd("node promote", "promote NODE [NODE...]", "Promote one or more nodes to manager in the swarm", Args::Min(1), NONE),
        cmd("node ps", "ps [OPTIONS] [NODE...]", "List tasks running on one or more nodes, defaults to current node", Args::Any, NODE_PS),
        aliased(
            cmd("node rm", "rm [OPTIONS] NODE [NODE...]", "Remove one or more nodes from the swarm", Args::Min(1), NODE_RM),
            "docker node rm, docker node remove",
            &["remove"],
        ),
        cmd("node update", "update [OPTIONS] NODE", "Update a node", Args::Exact(1), NODE_UPDATE),
    ],
};

pub const SWARM: Group = Group {
    name: "swarm",
    short: "Manage Swarm",
    commands: &[
        listed_only("swarm ca", "ca [OPTIONS]", "Display and rotate the root CA"),
        cmd("swarm init", "init [OPTIONS]", "Initialize a swarm", Args::None, SWARM_INIT),
        cmd("swarm join", "join [OPTIONS] HOST:PORT", "Join a swarm as a node and/or manager", Args::Exact(1), SWARM_JOIN),
        cmd("swarm join-token", "join-token [OPTIONS] (worker|manager)", "Manage join tokens", Args::Exact(1), SWARM_JOIN_TOKEN),
        cmd("swarm leave", "leave [OPTIONS]", "Leave the swarm", Args::None, SWARM_LEAVE),
        listed_only("swarm unlock", "unlock", "Unlock swarm"),
        listed_only("swarm unlock-key", "unlock-key [OPTIONS]", "Manage the unlock key"),
        listed_only("swarm update", "update [OPTIONS]", "Update the swarm"),
    ],
};

pub const SERVICE: Group = Group {
    name: "service",
    short: "Manage Swarm services",
    commands: &[
        not_interspersed(cmd("service create", "create [OPTIONS] IMAGE [COMMAND] [ARG...]", "Create a new service", Args::Min(1), SERVICE_CREATE)),
        cmd("service inspect", "inspect [OPTIONS] SERVICE [SERVICE...]", "Display detailed information on one or more services", Args::Min(1), SERVICE_INSPECT),
        cmd("service logs", "logs [OPTIONS] SERVICE|TASK", "Fetch the logs of a service or task", Args::Exact(1), SERVICE_LOGS),
        aliased(cmd("service ls", "ls [OPTIONS]", "List services", Args::None, SERVICE_LS), "docker service ls, docker service list", &["list"]),
        cmd("service ps", "ps [OPTIONS] SERVICE [SERVICE...]", "List the tasks of one or more services", Args::Min(1), SERVICE_PS),
        aliased(
            cmd("service rm", "rm SERVICE [SERVICE...]", "Remove one or more services", Args::Min(1), NONE),
            "docker service rm, docker service remove",
            &["remove"],
        ),
        cmd("service rollback", "rollback [OPTIONS] SERVICE", "Revert changes to a service's configuration", Args::Exact(1), SERVICE_ROLLBACK),
        cmd("service scale", "scale SERVICE=REPLICAS [SERVICE=REPLICAS...]", "Scale one or multiple replicated services", Args::Min(1), SERVICE_SCALE),
        cmd("service update", "update [OPTIONS] SERVICE", "Update a service", Args::Exact(1), SERVICE_UPDATE),
    ],
};

pub const NETWORK: Group = Group {
    name: "network",
    short: "Manage networks",
    commands: &[
        listed_only("network connect", "connect [OPTIONS] NETWORK CONTAINER", "Connect a container to a network"),
        cmd("network create", "create [OPTIONS] NETWORK", "Create a network", Args::Exact(1), NETWORK_CREATE),
        listed_only("network disconnect", "disconnect [OPTIONS] NETWORK CONTAINER", "Disconnect a container from a network"),
        cmd("network inspect", "inspect [OPTIONS] NETWORK [NETWORK...]", "Display detailed information on one or more networks", Args::Min(1), NETWORK_INSPECT),
        aliased(cmd("network ls", "ls [OPTIONS]", "List networks", Args::None, NETWORK_LS), "docker network ls, docker network list", &["list"]),
        listed_only("network prune", "prune [OPTIONS]", "Remove all unused networks"),
        aliased(
            cmd("network rm", "rm NETWORK [NETWORK...]", "Remove one or more networks", Args::Min(1), NETWORK_RM),
            "docker network rm, docker network remove",
            &["remove"],
        ),
    ],
};

pub const GROUPS: [Group; 4] = [NODE, SWARM, SERVICE, NETWORK];

/// The top-level commands mesh runs.
pub const TOP: &[Command] = &[
    not_interspersed(aliased(
        cmd("exec", "exec [OPTIONS] CONTAINER COMMAND [ARG...]", "Execute a command in a running container", Args::Min(2), EXEC),
        "docker container exec, docker exec",
        &[],
    )),
    aliased(
        cmd("images", "images [OPTIONS] [REPOSITORY[:TAG]]", "List images", Args::Max(1), IMAGES),
        "docker image ls, docker image list, docker images",
        &[],
    ),
    aliased(cmd("info", "info [OPTIONS]", "Display system-wide information", Args::None, INFO), "docker system info, docker info", &[]),
    cmd("inspect", "inspect [OPTIONS] NAME|ID [NAME|ID...]", "Return low-level information on Docker objects", Args::Min(1), INSPECT),
    aliased(cmd("logs", "logs [OPTIONS] CONTAINER", "Fetch the logs of a container", Args::Exact(1), LOGS), "docker container logs, docker logs", &[]),
    aliased(cmd("ps", "ps [OPTIONS]", "List containers", Args::None, PS), "docker container ls, docker container list, docker container ps, docker ps", &[]),
    cmd("version", "version [OPTIONS]", "Show the Docker version information", Args::None, VERSION),
];

impl Command {
    /// `docker service create`.
    pub fn command_path(&self) -> String {
        format!("docker {}", self.path)
    }
    /// cobra's `UseLine()`: the parent path and `Use`.
    pub fn use_line(&self) -> String {
        let parent = self.path.rsplit_once(' ').map_or("docker".to_string(), |(p, _)| format!("docker {p}"));
        format!("{parent} {}", self.use_)
    }
    /// The usage template's output for this (leaf) command.
    pub fn usage(&self) -> String {
        let mut out = format!("Usage:  {}\n\n{}\n", self.use_line(), self.short);
        if let Some(aliases) = self.aliases {
            out.push_str(&format!("\nAliases:\n  {aliases}\n"));
        }
        if !self.flags.is_empty() {
            out.push_str("\nOptions:\n");
            out.push_str(flag_usages_wrapped(self.flags, 79).trim_end());
            out.push('\n');
        }
        out
    }
}

impl Group {
    /// The usage template's output for a management command.
    pub fn usage(&self) -> String {
        let mut out = format!("Usage:  docker {} COMMAND\n\n{}\n\nCommands:\n", self.name, self.short);
        let pad = self.commands.iter().map(|c| c.path.len() - self.name.len() - 1).max().unwrap_or(0).max(11);
        for c in self.commands {
            let name = &c.path[self.name.len() + 1..];
            out.push_str(&format!("  {name:<pad$} {}\n", c.short));
        }
        out.push_str(&format!("\nRun 'docker {} COMMAND --help' for more information on a command.\n", self.name));
        out
    }
}

/// `docker --help` (also printed, to stderr, by `docker` alone).
pub fn root_usage() -> String {
    let mut out = String::from("Usage:  docker [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers\n");
    let sections: [(&str, &[(&str, &str)]); 4] =
        [("Common Commands", COMMON_COMMANDS), ("Management Commands", MANAGEMENT_COMMANDS), ("Swarm Commands", SWARM_COMMANDS), ("Commands", OTHER_COMMANDS)];
    for (title, commands) in sections {
        out.push_str(&format!("\n{title}:\n"));
        for (name, short) in commands {
            out.push_str(&format!("  {name:<11} {short}\n"));
        }
    }
    out.push_str("\nGlobal Options:\n");
    out.push_str(flag_usages_wrapped(ROOT, 79).trim_end());
    out.push_str("\n\nRun 'docker COMMAND --help' for more information on a command.\n\nFor more help on how to use Docker, head to https://docs.docker.com/go/guides/\n");
    out
}

const COMMON_COMMANDS: &[(&str, &str)] = &[
    ("run", "Create and run a new container from an image"),
    ("exec", "Execute a command in a running container"),
    ("ps", "List containers"),
    ("build", "Build an image from a Dockerfile"),
    ("pull", "Download an image from a registry"),
    ("push", "Upload an image to a registry"),
    ("images", "List images"),
    ("login", "Log in to a registry"),
    ("logout", "Log out from a registry"),
    ("search", "Search Docker Hub for images"),
    ("version", "Show the Docker version information"),
    ("info", "Display system-wide information"),
];

const MANAGEMENT_COMMANDS: &[(&str, &str)] = &[
    ("builder", "Manage builds"),
    ("container", "Manage containers"),
    ("context", "Manage contexts"),
    ("image", "Manage images"),
    ("manifest", "Manage Docker image manifests and manifest lists"),
    ("network", "Manage networks"),
    ("plugin", "Manage plugins"),
    ("system", "Manage Docker"),
    ("trust", "Manage trust on Docker images"),
    ("volume", "Manage volumes"),
];

const SWARM_COMMANDS: &[(&str, &str)] = &[
    ("config", "Manage Swarm configs"),
    ("node", "Manage Swarm nodes"),
    ("secret", "Manage Swarm secrets"),
    ("service", "Manage Swarm services"),
    ("stack", "Manage Swarm stacks"),
    ("swarm", "Manage Swarm"),
];

const OTHER_COMMANDS: &[(&str, &str)] = &[
    ("attach", "Attach local standard input, output, and error streams to a running container"),
    ("commit", "Create a new image from a container's changes"),
    ("cp", "Copy files/folders between a container and the local filesystem"),
    ("create", "Create a new container"),
    ("diff", "Inspect changes to files or directories on a container's filesystem"),
    ("events", "Get real time events from the server"),
    ("export", "Export a container's filesystem as a tar archive"),
    ("history", "Show the history of an image"),
    ("import", "Import the contents from a tarball to create a filesystem image"),
    ("inspect", "Return low-level information on Docker objects"),
    ("kill", "Kill one or more running containers"),
    ("load", "Load an image from a tar archive or STDIN"),
    ("logs", "Fetch the logs of a container"),
    ("pause", "Pause all processes within one or more containers"),
    ("port", "List port mappings or a specific mapping for the container"),
    ("rename", "Rename a container"),
    ("restart", "Restart one or more containers"),
    ("rm", "Remove one or more containers"),
    ("rmi", "Remove one or more images"),
    ("save", "Save one or more images to a tar archive (streamed to STDOUT by default)"),
    ("start", "Start one or more stopped containers"),
    ("stats", "Display a live stream of container(s) resource usage statistics"),
    ("stop", "Stop one or more running containers"),
    ("tag", "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE"),
    ("top", "Display the running processes of a container"),
    ("unpause", "Unpause all processes within one or more containers"),
    ("update", "Update configuration of one or more containers"),
    ("wait", "Block until one or more containers stop, then print their exit codes"),
];

/// Whether `name` is a docker command mesh does not model (so the error is
/// "not modelled" rather than "not a docker command").
pub fn is_known_top_level(name: &str) -> bool {
    [COMMON_COMMANDS, MANAGEMENT_COMMANDS, SWARM_COMMANDS, OTHER_COMMANDS].iter().any(|list| list.iter().any(|(n, _)| *n == name))
}
