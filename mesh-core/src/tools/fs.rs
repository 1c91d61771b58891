//! The few files a learner reads on these machines: `/proc/sys/net/…`
//! (live sysctls), the namespace directories `/run/netns` and
//! `/run/docker/netns` (also under `/var/run`), `/etc/hostname`,
//! `/etc/hosts`, `/etc/resolv.conf`, and files written with `>`.

use crate::output::CmdOutput;
use crate::shell::{Exec, Session};

/// `cat` and `ls`.
pub fn run(s: &mut Session, argv: &[String], exec: &Exec) -> CmdOutput {
    let name = argv[0].as_str();
    let paths: Vec<&String> = argv.iter().skip(1).filter(|a| !a.starts_with('-')).collect();
    let long = argv.iter().skip(1).any(|a| a.starts_with('-') && a.contains('l'));
    let mut out = CmdOutput::default();
    if name == "ls" && paths.is_empty() {
        return CmdOutput::default();
    }
    for p in paths {
        let r = if name == "cat" { cat(s, p, exec) } else { ls(s, p, exec, long) };
        match r {
            Ok(text) => out.stdout.push_str(&text),
            Err(e) => {
                out.stderr.push_str(&format!("{name}: {e}\n"));
                out.status = if name == "ls" { 2 } else { 1 };
            }
        }
    }
    out
}

fn cat(s: &Session, path: &str, exec: &Exec) -> Result<String, String> {
    let k = s.world.kernel(exec.host);
    if path.starts_with("/proc/sys/") {
        return crate::tools::sysctl::proc_sys_read(k, exec.netns, path).ok_or_else(|| format!("{path}: No such file or directory"));
    }
    match path {
        "/etc/hostname" => return Ok(format!("{}\n", s.hostname_of(exec))),
        "/etc/hosts" => {
            let mut t = String::from("127.0.0.1\tlocalhost\n");
            if exec.container.is_none() {
                for (h, a) in s.hosts_table(exec.host) {
                    if h != "localhost" {
                        t.push_str(&format!("{a}\t{h}\n"));
                    }
                }
            }
            return Ok(t);
        }
        "/etc/resolv.conf" => {
            return Ok(if exec.container.is_some() {
                "search .\nnameserver 127.0.0.11\noptions ndots:0\n".to_string()
            } else {
                "nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch .\n".to_string()
            });
        }
        _ => {}
    }
    s.files.get(&(exec.host, path.to_string())).cloned().ok_or_else(|| format!("{path}: No such file or directory"))
}

fn ls(s: &Session, path: &str, exec: &Exec, long: bool) -> Result<String, String> {
    let k = s.world.kernel(exec.host);
    let norm = crate::kernel::normalise_path(path);
    let dir = match norm.as_str() {
        "/run/netns" | "/run/docker/netns" => norm.clone(),
        _ => {
            return if s.files.contains_key(&(exec.host, path.to_string())) {
                Ok(format!("{path}\n"))
            } else {
                Err(format!("cannot access '{path}': No such file or directory"))
            };
        }
    };
    if dir == "/run/docker/netns" && !exec.root {
        return Err(format!("cannot open directory '{path}': Permission denied"));
    }
    let prefix = format!("{dir}/");
    let names: Vec<String> = k.mounts.keys().filter_map(|p| p.strip_prefix(&prefix)).filter(|n| !n.contains('/')).map(str::to_string).collect();
    if names.is_empty() && !k.mount_dirs.contains(&dir) {
        return Err(format!("cannot access '{path}': No such file or directory"));
    }
    if long {
        let mut t = format!("total 0\n");
        for n in &names {
            t.push_str(&format!("-r--r--r-- 1 root root 0 Nov 17 09:07 {n}\n"));
        }
        return Ok(t);
    }
    // ls on a terminal lays names out in columns; mesh's terminal is 80
    // columns wide, and these short lists fit on one line.
    Ok(if names.is_empty() { String::new() } else { format!("{}\n", names.join("  ")) })
}
