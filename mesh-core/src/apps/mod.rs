//! The programs that run in the simulated hosts and containers: clients
//! the user runs as commands (`ping`, `curl`) and the servers Docker images
//! run (`whoami`, nginx, dockerd's port reservation, the embedded DNS).

pub mod curl;
pub mod dns;
pub mod http;
pub mod nettest;
pub mod nginx;
pub mod nslookup;
pub mod ping;
pub mod wget;
pub mod whoami;
