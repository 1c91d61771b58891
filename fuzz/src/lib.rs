//! Helpers the fuzz targets share: turning fuzzer bytes into command lines
//! and running them on a fresh simulated host, as a user would type them.
//!
//! Every target asserts what issue 9 asks of any input: no panic, and the
//! session still answers afterwards (a command typed next runs normally).

use mesh_core::kernel::INIT_NETNS;
use mesh_core::shell::{Exec, Session};

/// Inputs larger than this are ignored (the interesting structure is small,
/// and huge inputs only slow the fuzzer down).
pub const MAX_INPUT: usize = 4096;

/// The fuzzer's bytes as text (tools take UTF-8 argv; invalid bytes become
/// U+FFFD as a terminal would show them).
pub fn text(data: &[u8]) -> Option<String> {
    (data.len() <= MAX_INPUT).then(|| String::from_utf8_lossy(data).into_owned())
}

/// One argv per line: `tool` then the line's words split on spaces (empty
/// words kept, so empty arguments are reachable).
pub fn lines_as_argv(tool: &str, text: &str) -> Vec<Vec<String>> {
    text.lines().take(16).map(|l| std::iter::once(tool.to_string()).chain(l.split(' ').map(str::to_string)).collect()).collect()
}

/// Root in the initial namespace of the session's first host.
pub fn root(s: &Session) -> Exec {
    Exec { host: s.ctx().host, netns: INIT_NETNS, root: true, container: None, stdout_tty: true }
}

/// A bare host with a little network to work on (a bridge, a veth pair,
/// an address), so commands that need devices reach deeper code.
pub fn small_host() -> Session {
    let mut s = Session::bare_host(1);
    for c in [
        "ip link add br0 type bridge",
        "ip link add veth0 type veth peer name veth1",
        "ip link set veth0 master br0",
        "ip addr add 10.0.0.1/24 dev br0",
        "ip link set br0 up",
        "ip link set veth0 up",
        "ip link set veth1 up",
        "ip netns add ns1",
    ] {
        s.run(c);
    }
    s
}

/// Run each argv as root, then check the session still works.
pub fn run_all(s: &mut Session, argvs: &[Vec<String>], stdin: &str) {
    let exec = root(s);
    for argv in argvs {
        let _ = s.exec(argv, stdin, &exec);
        if s.ended() {
            return;
        }
    }
    still_usable(s);
}

/// A plain command still runs and answers as it should.
pub fn still_usable(s: &mut Session) {
    if s.ended() {
        return;
    }
    let exec = root(s);
    let out = s.exec(&["echo".to_string(), "ok".to_string()], "", &exec);
    assert_eq!(out.stdout, "ok\n", "the session stopped answering");
    let ip = s.exec(&["ip".to_string(), "link".to_string(), "show".to_string(), "lo".to_string()], "", &exec);
    assert_eq!(ip.status, 0, "ip link show lo failed afterwards: {}", ip.stderr);
}
