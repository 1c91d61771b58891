//! Renderers from plain view values to docker/cli 24's exact output.
//!
//! The view structs mirror the Docker API types (`swarm.Node`,
//! `swarm.Service`, `swarm.Task`, `types.NetworkResource`,
//! `types.Container`/`ContainerJSON`); each field's doc names the Go field it
//! stands for. Times are Unix nanoseconds on the virtual wall clock, and
//! every renderer that prints a relative time takes `now` the same way.

pub mod container;
pub mod errors;
pub mod network;
pub mod node;
pub mod progress;
pub mod service;
pub mod task;
pub mod templated;
pub mod version;
