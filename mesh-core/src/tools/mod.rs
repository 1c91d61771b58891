//! The command-line tools a user types, with real syntax and byte-exact output.
//!
//! Each tool takes its argv (argv[0] is the tool name as typed) and the
//! state it works on, and returns a [`crate::output::CmdOutput`]. Tools never
//! panic on bad input: they print the real tool's error and exit status and
//! leave the state unchanged.

pub mod bridge;
pub mod nettest;
pub mod ping;
pub mod tcpdump;
pub mod ip;
pub mod sysctl;
pub mod curl;
pub mod wget;
pub mod nslookup;
