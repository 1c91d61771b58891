//! Help, version, scenarios and completion scripts.

mod common;

use common::mesh;

#[test]
fn help_covers_every_option_and_subcommand() {
    let r = mesh(&["--help"], "");
    assert_eq!(r.status, 0);
    for word in ["--scenario", "--seed", "--list-scenarios", "-c <COMMAND>", "-e", "-x", "trace", "lab", "completions", "Examples:"] {
        assert!(r.stdout.contains(word), "--help lacks {word}:\n{}", r.stdout);
    }
    for (args, words) in [
        (&["trace", "--help"][..], &["--on", "--setup", "--setup-cmd", "--json", "--pcap", "--hex", "-- <COMMAND>..."][..]),
        (&["lab", "--help"], &["list", "run", "check"]),
        (&["lab", "run", "--help"], &["--yes", "NAME|FILE", "--dir"]),
        (&["lab", "check", "--help"], &["<FILE>..."]),
        (&["lab", "list", "--help"], &["--dir", "MESH_LABS"]),
        (&["completions", "--help"], &["bash", "zsh", "fish"]),
    ] {
        let r = mesh(args, "");
        assert_eq!(r.status, 0, "{args:?}");
        for w in words {
            assert!(r.stdout.contains(w), "{args:?} lacks {w}:\n{}", r.stdout);
        }
    }
}

#[test]
fn lists_the_scenarios() {
    let r = mesh(&["--list-scenarios"], "");
    let names: Vec<&str> = r.stdout.lines().filter_map(|l| l.split_whitespace().next()).collect();
    assert_eq!(names, ["seed", "three-nodes", "lan", "bare"]);
    assert!(r.stdout.starts_with("seed         The seed walkthrough"));
}

#[test]
fn prints_completion_scripts() {
    for shell in ["bash", "zsh", "fish"] {
        let r = mesh(&["completions", shell], "");
        assert_eq!(r.status, 0);
        assert!(r.stdout.contains("mesh"), "{shell}");
        assert!(r.stdout.contains("list-scenarios"), "{shell}");
    }
    let r = mesh(&["completions", "tcsh"], "");
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains("invalid value 'tcsh'"));
}

#[test]
fn unknown_options_fail_like_clap() {
    let r = mesh(&["--frobnicate"], "");
    assert_eq!(r.status, 2);
    assert!(r.stderr.starts_with("error: unexpected argument '--frobnicate' found"));
}
