//! Docker Swarm: scenarios, the cluster (manager) model, and the per-node
//! agent that programs each simulated kernel as Docker 24 does.

pub mod agent;
pub mod build;
pub mod cluster;
pub mod docker_exec;
pub mod scenario;
