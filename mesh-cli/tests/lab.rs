//! `mesh lab list|run|check`.

mod common;

use common::{Scratch, mesh};

const LAB: &str = "\
---
title: Two machines
summary: Reach the other machine.
scenario: seed
minutes: 3
---

Ping node2 from node1, then look at node2.

```console
$ hostname
node1
$ ping -c 1 172.19.188.123
PING 172.19.188.123 (172.19.188.123) 56(84) bytes of data.
64 bytes from 172.19.188.123: icmp_seq=1 ttl=64 time=[..] ms
...
node2$ hostname
node2
$ hostname
node1
```
";

#[test]
fn check_passes_a_good_lab() {
    let dir = Scratch::new("lab-good");
    let file = dir.write("01-two.md", LAB).to_string_lossy().into_owned();
    let r = mesh(&["lab", "check", &file], "");
    assert_eq!(r.stdout, format!("{file}: ok: 4 commands run, 4 checked, 0 differ\n"));
    assert_eq!(r.status, 0);
}

#[test]
fn check_fails_a_broken_copy_with_a_diff_at_the_line() {
    let dir = Scratch::new("lab-broken");
    let good = dir.write("01-two.md", LAB).to_string_lossy().into_owned();
    let broken = dir.write("02-broken.md", &LAB.replace("node2$ hostname\nnode2\n", "node2$ hostname\nnode3\n")).to_string_lossy().into_owned();
    let r = mesh(&["lab", "check", &good, &broken], "");
    assert_eq!(r.status, 1);
    assert_eq!(
        r.stdout,
        format!(
            "{good}: ok: 4 commands run, 4 checked, 0 differ\n\
             {broken}:17: the output of `node2$ hostname` differs (- expected, + actual, . matched by `...`):\n\
             \x20 18 - node3\n\
             \x20    + node2\n\
             {broken}: FAILED: 4 commands run, 4 checked, 1 differ\n"
        )
    );
}

#[test]
fn check_reports_unreadable_labs() {
    let dir = Scratch::new("lab-bad");
    let bad = dir.write("bad.md", "---\ntitle: x\nsummary: y\nscenario: seed\n---\n```console\noops\n```\n").to_string_lossy().into_owned();
    let r = mesh(&["lab", "check", &bad], "");
    assert_eq!((r.stderr, r.status), (format!("{bad}:7: output before the first `$ command` of the block\n"), 1));
    let r = mesh(&["lab", "check", "/nonexistent.md"], "");
    assert_eq!((r.stderr.as_str(), r.status), ("mesh: /nonexistent.md: No such file or directory (os error 2)\n", 1));
    let other = dir.write("other.md", &LAB.replace("scenario: seed", "scenario: nope")).to_string_lossy().into_owned();
    let r = mesh(&["lab", "check", &other], "");
    assert_eq!(r.status, 1);
    assert!(r.stdout.starts_with(&format!("{other}: cannot start the lab's session: unknown scenario `nope`")), "{}", r.stdout);
}

#[test]
fn list_and_run() {
    let dir = Scratch::new("lab-list");
    dir.write("01-two.md", LAB);
    dir.write("README.md", "# not a lab\n");
    dir.write("02-bad.md", "no front matter\n");
    let d = dir.0.to_string_lossy().into_owned();
    let r = mesh(&["lab", "list", "--dir", &d], "");
    assert_eq!(
        r.stdout,
        "01-two  3 min  Two machines\n02-bad         (cannot be read: line 1: a lab starts with front matter: a `---` line, `key: value` lines, and a `---` line)\n"
    );
    let r = mesh(&["lab", "run", "01", "--dir", &d, "--yes"], "");
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("Two machines\nReach the other machine.\nAbout 3 minutes.\n\n"), "{}", r.stdout);
    assert!(r.stdout.contains("Ping node2 from node1, then look at node2.\n"));
    assert!(r.stdout.contains("user@node1:~$ hostname\nnode1\nuser@node1:~$ ping -c 1 172.19.188.123\nPING 172.19.188.123"));
    assert!(r.stdout.contains("node2$ hostname\nnode2\n"));
    assert!(r.stdout.ends_with("Lab complete.\n"));
    // Without a terminal, run does not pause even without --yes.
    let r = mesh(&["lab", "run", &dir.path("01-two.md").to_string_lossy(), "--dir", "/nonexistent"], "");
    assert_eq!(r.status, 0);
}
