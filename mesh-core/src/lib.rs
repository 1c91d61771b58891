//! mesh-core: a deterministic simulation of the Linux networking that Docker
//! Swarm's ingress routing mesh programs, over real frame bytes.
//!
//! Layers, bottom up (see ARCHITECTURE.md):
//! - [`wire`]: frames as bytes (Ethernet, ARP, IPv4, ICMP, UDP, TCP, VXLAN).
//! - [`kernel`]: one simulated Linux per host: network namespaces, devices,
//!   addresses, routes, neighbours, sockets, and the IPv4 datapath with its
//!   netfilter hook points.
//! - [`netfilter`], [`conntrack`], [`ipvs`]: the packet-filtering, NAT and
//!   load-balancing subsystems the datapath calls at those hooks.
//! - [`sim`]: the world: hosts on an underlay, the event queue, the trace.
//! - [`swarm`]: the Docker Swarm control plane and the per-node agent.
//! - [`tools`]: `ip`, `iptables`, `ipvsadm`, `docker`, `curl` … with real
//!   syntax and byte-exact output.
//!
//! The crate does no I/O, reads no clock and draws no OS randomness.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod apps;
pub mod conntrack;
pub mod docker;
pub mod ipvs;
pub mod kernel;
pub mod lab;
pub mod net;
pub mod netfilter;
pub mod output;
pub mod rng;
pub mod shell;
pub mod sim;
pub mod swarm;
pub mod time;
pub mod tools;
pub mod view;
pub mod wire;
