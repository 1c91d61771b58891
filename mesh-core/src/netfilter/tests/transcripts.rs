//! Transcript tests: every `$ command` of a `testdata/*.t` file runs against
//! a fresh [`Netfilter`] per `=== section`, and its stdout, stderr and exit
//! status must equal what the real iptables-legacy printed (the file's
//! format is described in `testdata/record.py`).

use crate::netfilter::{Netfilter, ToolEnv, iptables, iptables_restore, iptables_save};
use crate::output::CmdOutput;

/// The date `record.py` writes into iptables-save headers.
pub(super) const DATE: &str = "Fri Nov 17 09:10:00 2023";

pub(super) fn env() -> ToolEnv {
    ToolEnv { date: DATE.to_string(), root: true }
}

/// Run one command line (with its stdin) like the shell would route it.
pub(super) fn run(nf: &mut Netfilter, line: &str, stdin: &str) -> CmdOutput {
    let argv = shell_words::split(line).expect("test command lines are valid shell words");
    match argv[0].as_str() {
        "iptables" => iptables(&argv, nf, &env()),
        "iptables-save" => iptables_save(&argv, nf, &env()),
        "iptables-restore" => iptables_restore(&argv, stdin, nf, &env()),
        other => panic!("transcripts only run iptables tools, not {other}"),
    }
}

/// The transcript form of a command's result.
fn render(o: &CmdOutput) -> String {
    let mut s = String::new();
    if !o.stdout.is_empty() {
        s.push_str(o.stdout.strip_suffix('\n').unwrap_or(&o.stdout));
        s.push('\n');
        if !o.stdout.ends_with('\n') {
            s.push_str("[no newline]\n");
        }
    }
    if !o.stderr.is_empty() {
        for l in o.stderr.strip_suffix('\n').unwrap_or(&o.stderr).split('\n') {
            s.push_str("stderr: ");
            s.push_str(l);
            s.push('\n');
        }
    }
    if o.status != 0 {
        s.push_str(&format!("[exit {}]\n", o.status));
    }
    s
}

struct Step {
    line_no: usize,
    command: String,
    stdin: String,
    expected: String,
}

/// Split a transcript into sections of steps.
fn parse(text: &str) -> Vec<(String, Vec<Step>)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut sections: Vec<(String, Vec<Step>)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        i += 1;
        if let Some(name) = l.strip_prefix("=== ") {
            sections.push((name.to_string(), Vec::new()));
        } else if let Some(cmd) = l.strip_prefix("$ ") {
            let line_no = i;
            let mut command = cmd.to_string();
            let mut stdin = String::new();
            if let Some(pos) = cmd.rfind("<<") {
                let tag = &cmd[pos + 2..];
                command = cmd[..pos].trim_end().to_string();
                while i < lines.len() && lines[i] != tag {
                    stdin.push_str(lines[i]);
                    stdin.push('\n');
                    i += 1;
                }
                i += 1;
            }
            let mut expected = String::new();
            while i < lines.len() && !lines[i].starts_with("$ ") && !lines[i].starts_with("=== ") {
                if !lines[i].starts_with("//") {
                    expected.push_str(lines[i]);
                    expected.push('\n');
                }
                i += 1;
            }
            let section = sections.last_mut().expect("a transcript starts with a === section");
            section.1.push(Step { line_no, command, stdin, expected });
        }
    }
    sections
}

#[track_caller]
fn check(file: &str, text: &str) {
    let mut failures = Vec::new();
    let mut count = 0;
    for (name, steps) in parse(text) {
        let mut nf = Netfilter::new();
        for s in steps {
            count += 1;
            let got = render(&run(&mut nf, &s.command, &s.stdin));
            if got != s.expected {
                failures.push(format!("{file}:{} [{name}] $ {}\n--- expected\n{}--- got\n{}", s.line_no, s.command, s.expected, got));
            }
        }
    }
    assert!(count > 0, "{file} has no commands");
    assert!(failures.is_empty(), "{} of {count} commands differ:\n\n{}", failures.len(), failures.join("\n"));
}

macro_rules! transcript {
    ($name:ident, $file:literal) => {
        #[test]
        fn $name() {
            check($file, include_str!(concat!("../testdata/", $file)));
        }
    };
}

transcript!(errors, "errors.t");
transcript!(commands, "commands.t");
transcript!(restore, "restore.t");
transcript!(formats, "formats.t");
transcript!(listing, "listing.t");
transcript!(docker, "docker.t");
transcript!(kernel, "kernel.t");
transcript!(qa, "qa.t");

/// Without root, iptables cannot take the xtables lock (recorded with
/// `setpriv --reuid=65534` on iptables-legacy).
#[test]
fn unprivileged_users_are_refused() {
    let env = ToolEnv { date: DATE.to_string(), root: false };
    let mut nf = Netfilter::new();
    let argv = |s: &str| shell_words::split(s).expect("valid words");
    let lock = CmdOutput::err("Fatal: can't open lock file /run/xtables.lock: Permission denied\n", 4);
    assert_eq!(iptables(&argv("iptables -L"), &mut nf, &env), lock);
    assert_eq!(iptables(&argv("iptables -A INPUT -j FOO"), &mut nf, &env), lock);
    assert_eq!(
        iptables(&argv("iptables --foo"), &mut nf, &env),
        CmdOutput::err("iptables v1.8.7 (legacy): unknown option \"--foo\"\nTry `iptables -h' or 'iptables --help' for more information.\n", 2),
        "the command line is parsed before the lock is taken"
    );
    assert_eq!(iptables(&argv("iptables -V"), &mut nf, &env), CmdOutput::ok("iptables v1.8.7 (legacy)\n"));
    assert_eq!(
        iptables_save(&argv("iptables-save"), &mut nf, &env),
        CmdOutput::err("Failed to list table names in /proc/net/ip_tables_names: Permission denied\n", 1)
    );
    assert_eq!(
        iptables_save(&argv("iptables-save -t nat"), &mut nf, &env),
        CmdOutput::err("iptables-save v1.8.7 (legacy): Cannot initialize: Permission denied (you must be root)\n", 1)
    );
    assert_eq!(iptables_restore(&argv("iptables-restore"), "*filter\nCOMMIT\n", &mut nf, &env), lock);
    assert!(!nf.is_loaded(crate::netfilter::TableName::Filter), "nothing was loaded");
}

/// Extensions and options the real iptables 1.8 has but mesh does not
/// model are refused with a `mesh: … is not modelled` line (exit 2, nothing
/// changes), not mistaken for a missing `.so` nor accepted silently.  Each
/// of these commands succeeds on iptables-legacy 1.8.9.
#[test]
fn unmodelled_extensions_are_refused_as_not_modelled() {
    let cases = [
        ("iptables -A INPUT -m iprange --src-range 10.0.0.1-10.0.0.9 -j ACCEPT", "mesh: iptables -m iprange is not modelled\n"),
        ("iptables -A FORWARD -m physdev --physdev-is-bridged -j ACCEPT", "mesh: iptables -m physdev is not modelled\n"),
        ("iptables -A INPUT -m mac --mac-source 00:11:22:33:44:55 -j ACCEPT", "mesh: iptables -m mac is not modelled\n"),
        ("iptables -A OUTPUT -m owner --uid-owner 0 -j ACCEPT", "mesh: iptables -m owner is not modelled\n"),
        ("iptables -A INPUT -m recent --name x --set", "mesh: iptables -m recent is not modelled\n"),
        ("iptables -A INPUT -p sctp --dport 80 -j ACCEPT", "mesh: iptables -p sctp (its match) is not modelled\n"),
        ("iptables -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu", "mesh: iptables -j TCPMSS is not modelled\n"),
        ("iptables -A INPUT -j NFQUEUE --queue-num 1", "mesh: iptables -j NFQUEUE is not modelled\n"),
        ("iptables -t nat -A POSTROUTING -j NETMAP --to 10.0.0.0/24", "mesh: iptables -j NETMAP is not modelled\n"),
        ("iptables -t raw -A PREROUTING -j CT --zone 1", "mesh: iptables -j CT --zone is not modelled\n"),
        ("iptables -t raw -A PREROUTING -j CT --helper=ftp", "mesh: iptables -j CT --helper is not modelled\n"),
        ("iptables -t security -A INPUT -j ACCEPT", "mesh: iptables -t security is not modelled\n"),
        ("iptables-save -t security", "mesh: iptables-save -t security is not modelled\n"),
    ];
    let mut nf = Netfilter::new();
    run(&mut nf, "iptables -A INPUT -s 10.0.0.1 -j ACCEPT", "");
    let before = run(&mut nf, "iptables-save", "");
    for (line, stderr) in cases {
        assert_eq!(run(&mut nf, line, ""), CmdOutput::err(stderr, 2), "{line}");
    }
    let restore = "*filter\n-A INPUT -j ACCEPT\n-A INPUT -m iprange --dst-range 10.0.0.1-10.0.0.2 -j DROP\nCOMMIT\n";
    assert_eq!(run(&mut nf, "iptables-restore", restore), CmdOutput::err("mesh: iptables-restore -m iprange is not modelled\nError occurred at line: 3\n", 2));
    assert_eq!(
        run(&mut nf, "iptables-restore", "*security\nCOMMIT\n"),
        CmdOutput::err("mesh: iptables-restore *security is not modelled\nError occurred at line: 1\n", 2)
    );
    assert_eq!(run(&mut nf, "iptables-save", ""), before, "a refused command changes nothing");
}
