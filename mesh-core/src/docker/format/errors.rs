//! The daemon's error messages as the CLI prints them, so the integrator
//! uses the exact words.
//!
//! An API error reaches the terminal as `Error response from daemon:
//! <message>` on stderr with exit status 1. Swarm-manager errors carry the
//! gRPC wrapping of swarmkit (`rpc error: code = … desc = …`). A few
//! commands word their own errors (`service inspect`'s
//! `Status: Error: no such service: x, Code: 1`, `inspect`'s `Error: No such
//! object: x`). Each constructor returns the finished [`CmdOutput`].

use crate::output::CmdOutput;

/// `Error response from daemon: <message>`, exit 1.
pub fn daemon_error(message: &str) -> CmdOutput {
    CmdOutput::err(format!("Error response from daemon: {message}\n"), 1)
}

/// Swarm commands on a node that is not in a swarm.
pub fn not_in_swarm() -> CmdOutput {
    daemon_error("This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again.")
}

/// Manager-only commands on a worker.
pub fn not_a_manager() -> CmdOutput {
    daemon_error(
        "This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run this command on a manager node or promote the current node to a manager.",
    )
}

/// `docker swarm init` / `join` on a node already in a swarm.
pub fn already_in_swarm() -> CmdOutput {
    daemon_error("This node is already part of a swarm. Use \"docker swarm leave\" to leave this swarm and join another one.")
}

/// `docker swarm leave` on a manager without `--force`.
pub fn leave_manager_needs_force() -> CmdOutput {
    daemon_error(
        "You are attempting to leave the swarm on a node that is participating as a manager. Removing the last manager erases all current state of the swarm. Use `--force` to ignore this message.",
    )
}

/// `docker swarm leave` on a node not in a swarm.
pub fn leave_not_in_swarm() -> CmdOutput {
    daemon_error("This node is not part of a swarm")
}

/// `docker service ps|rm|update|scale|logs` of an unknown service
/// (`scale` prefixes `<name>: `, see [`scale_errors`]).
pub fn service_not_found(name: &str) -> CmdOutput {
    daemon_error(&format!("service {name} not found"))
}

/// `docker service inspect` of an unknown service: the empty array on
/// stdout, then the CLI's doubly wrapped status error.
pub fn service_inspect_not_found(name: &str) -> CmdOutput {
    CmdOutput { stdout: "[]\n".into(), stderr: format!("Status: Error: no such service: {name}, Code: 1\n"), status: 1, interleaved: None }
}

/// `docker node inspect|update|rm|ps` of an unknown node.
pub fn node_not_found(name: &str) -> CmdOutput {
    daemon_error(&format!("node {name} not found"))
}

/// `docker network inspect` of an unknown network (the empty array first).
pub fn network_inspect_not_found(name: &str) -> CmdOutput {
    CmdOutput { stdout: "[]\n".into(), stderr: format!("Error response from daemon: network {name} not found\n"), status: 1, interleaved: None }
}

/// `docker network rm` of an unknown network.
pub fn network_not_found(name: &str) -> CmdOutput {
    daemon_error(&format!("network {name} not found"))
}

/// `docker network create` of an existing name.
pub fn network_exists(name: &str) -> CmdOutput {
    daemon_error(&format!("network with name {name} already exists"))
}

/// `docker network rm` of a network still in use.
pub fn network_in_use(name: &str) -> CmdOutput {
    daemon_error(&format!("rpc error: code = FailedPrecondition desc = network {name} is in use by service {name}"))
}

/// `docker exec|logs` of an unknown container.
pub fn no_such_container(name: &str) -> CmdOutput {
    daemon_error(&format!("No such container: {name}"))
}

/// `docker inspect` of a name that matches nothing.
pub fn inspect_no_such_object(name: &str) -> CmdOutput {
    CmdOutput { stdout: "[]\n".into(), stderr: format!("Error: No such object: {name}\n"), status: 1, interleaved: None }
}

/// `docker service create -p P` when another service already publishes P
/// on the routing mesh.
pub fn port_in_use(port: u32, service_name: &str, service_id: &str) -> CmdOutput {
    daemon_error(&format!(
        "rpc error: code = InvalidArgument desc = port '{port}' is already in use by service '{service_name}' ({service_id}) as an ingress port"
    ))
}

/// `docker service create --name N` when N exists.
pub fn service_name_conflict(name: &str) -> CmdOutput {
    daemon_error(&format!("rpc error: code = AlreadyExists desc = name conflicts with an existing object: service {name} already exists"))
}

/// An ingress-mode port with `--endpoint-mode dnsrr`.
pub fn dnsrr_with_ingress_port() -> CmdOutput {
    daemon_error("rpc error: code = InvalidArgument desc = EndpointSpec: port published with ingress mode can't be used with dnsrr mode")
}

/// `docker service scale` of a global service (per service, prefixed).
pub fn scale_global(service: &str) -> String {
    format!("{service}: scale can only be used with replicated or replicated-job mode")
}

/// `docker service scale`'s closing error: the per-service errors, one per
/// line, exit 1 (after the `… scaled to N` lines of the successful ones).
pub fn scale_errors(errors: &[String]) -> CmdOutput {
    CmdOutput::err(format!("{}\n", errors.join("\n")), 1)
}

/// `docker node rm` of a node that is still up.
pub fn node_rm_not_down(node_id: &str) -> CmdOutput {
    daemon_error(&format!("rpc error: code = FailedPrecondition desc = node {node_id} is not down and can't be removed"))
}

/// `docker node demote` of the last manager.
pub fn demote_last_manager() -> CmdOutput {
    daemon_error("rpc error: code = FailedPrecondition desc = attempting to demote the last manager of the swarm")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_briefs_messages_word_for_word() {
        assert_eq!(
            not_a_manager().stderr,
            "Error response from daemon: This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run this command on a manager node or promote the current node to a manager.\n"
        );
        assert_eq!(service_not_found("web"), CmdOutput::err("Error response from daemon: service web not found\n", 1));
        assert_eq!(no_such_container("x").stderr, "Error response from daemon: No such container: x\n");
        assert_eq!(network_exists("x").stderr, "Error response from daemon: network with name x already exists\n");
        assert_eq!(
            port_in_use(8080, "web", "j2bzt3mi7yedm4um6g5o96ndd").stderr,
            "Error response from daemon: rpc error: code = InvalidArgument desc = port '8080' is already in use by service 'web' (j2bzt3mi7yedm4um6g5o96ndd) as an ingress port\n"
        );
        assert_eq!(
            service_inspect_not_found("x"),
            CmdOutput { stdout: "[]\n".into(), stderr: "Status: Error: no such service: x, Code: 1\n".into(), status: 1, interleaved: None }
        );
    }
}
