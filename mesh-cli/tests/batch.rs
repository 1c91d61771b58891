//! Script mode (stdin not a terminal) and `-c`.

mod common;

use common::mesh;

#[test]
fn reads_lines_like_sh_s_printing_only_outputs() {
    let script = "\
# a comment, then a blank line

hostname
whoami
ssh node2
hostname
exit
hostname
";
    let r = mesh(&[], script);
    assert_eq!(r.stdout, "node1\nuser\nnode2\nnode1\n");
    assert_eq!(r.stderr, "");
    assert_eq!(r.status, 0);
}

#[test]
fn the_exit_status_is_the_last_commands() {
    assert_eq!(mesh(&[], "false\ntrue\n").status, 0);
    let r = mesh(&[], "true\nnosuchtool --flag\n");
    assert_eq!(r.status, 127);
    assert_eq!(r.stderr, "-bash: nosuchtool: command not found\n");
    assert_eq!(mesh(&[], "exit 3\nhostname\n"), common::Run { stdout: String::new(), stderr: String::new(), status: 3 });
    assert_eq!(mesh(&[], "").status, 0);
}

#[test]
fn dash_e_stops_at_the_first_failure() {
    let r = mesh(&["-e"], "echo one\nfalse\necho two\n");
    assert_eq!((r.stdout.as_str(), r.status), ("one\n", 1));
    let r = mesh(&["-e"], "echo one\nping -c 1 -W 1 192.0.2.1\necho two\n");
    assert_eq!(r.stdout.lines().next(), Some("one"));
    assert!(!r.stdout.contains("two"));
    assert_ne!(r.status, 0);
    let r = mesh(&[], "false\necho two\n");
    assert_eq!((r.stdout.as_str(), r.status), ("two\n", 0), "without -e a failure does not stop the script");
}

#[test]
fn dash_x_echoes_each_command() {
    let r = mesh(&["-x"], "hostname\n\n# comment\necho a | grep a\n");
    assert_eq!(r.stdout, "$ hostname\nnode1\n$ echo a | grep a\na\n");
}

#[test]
fn here_documents_take_the_following_lines() {
    let r = mesh(&["-x"], "grep b <<EOF\na\nb\nEOF\nhostname\n");
    assert_eq!(r.stdout, "$ grep b <<EOF\na\nb\nEOF\nb\n$ hostname\nnode1\n");
}

#[test]
fn dash_c_runs_one_line() {
    let r = mesh(&["-c", "hostname; echo hi | wc -l"], "");
    assert_eq!((r.stdout.as_str(), r.status), ("node1\n1\n", 0));
    let r = mesh(&["-c", "ssh node2 && hostname && false"], "");
    assert_eq!((r.stdout.as_str(), r.status), ("node2\n", 1));
    let r = mesh(&["-c", "echo 'unclosed"], "");
    assert_eq!(r.stderr, "-bash: unexpected EOF while looking for matching `''\n");
    assert_eq!(r.status, 2);
}

#[test]
fn the_scenario_and_seed_choose_the_machines() {
    assert_eq!(mesh(&["--scenario", "bare", "-c", "hostname; whoami"], "").stdout, "host\nroot\n");
    assert_eq!(mesh(&["--scenario", "three-nodes", "-c", "hostname"], "").stdout, "manager1\n");
    let dir = common::Scratch::new("scenario");
    let file = dir.write(
        "two.toml",
        "name = \"two\"\n[underlay]\nsubnet = \"192.168.56.0/24\"\n[[host]]\nname = \"alpha\"\nip = \"192.168.56.10\"\n[[host]]\nname = \"beta\"\nip = \"192.168.56.20\"\n",
    );
    let file = file.to_string_lossy().into_owned();
    let r = mesh(&["--scenario", &file, "-c", "hostname; ping -c 1 192.168.56.20 | head -2"], "");
    assert_eq!(r.stdout, "alpha\nPING 192.168.56.20 (192.168.56.20) 56(84) bytes of data.\n64 bytes from 192.168.56.20: icmp_seq=1 ttl=64 time=0.400 ms\n");
    // The same seed gives the same run; ping's identifier comes from the seed.
    let trace = |seed: &str| mesh(&["--seed", seed, "trace", "--json", "--", "ping", "-c", "1", "172.19.188.123"], "").stdout;
    assert_eq!(trace("5"), trace("5"));
    assert_ne!(trace("5"), trace("6"));
}

#[test]
fn bad_scenarios_are_reported() {
    let r = mesh(&["--scenario", "nope", "-c", "true"], "");
    assert_eq!(r.stderr, "mesh: unknown scenario `nope` (built-in: seed, three-nodes, lan, bare; or a FILE.toml)\n");
    assert_eq!(r.status, 2);
    let r = mesh(&["--scenario", "/nonexistent/x.toml", "-c", "true"], "");
    assert_eq!(r.stderr, "mesh: /nonexistent/x.toml: No such file or directory (os error 2)\n");
    assert_eq!(r.status, 2);
}
