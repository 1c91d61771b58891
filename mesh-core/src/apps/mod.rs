//! The programs that run in the simulated hosts and containers: clients
//! the user runs as commands (`ping`, `curl`) and the servers Docker images
//! run (`whoami`, nginx, dockerd's port reservation, the embedded DNS).

pub mod nettest;
pub mod ping;
pub mod http;
pub mod whoami;
pub mod nginx;
pub mod dns;
pub mod curl;
pub mod wget;
pub mod nslookup;
