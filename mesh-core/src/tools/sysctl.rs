//! `sysctl` from procps-ng 4.0.2, and `/proc/sys` reads and writes (`cat
//! /proc/sys/net/ipv4/ip_forward`, `echo 1 > …`), over the network sysctls the
//! simulated kernel models (see [`crate::kernel::sysctl`]).
//!
//! Keys are dotted (`net.ipv4.ip_forward`) or slashed (`net/ipv4/ip_forward`);
//! a directory (`net.ipv4.conf.eth0`) lists every modelled key below it.
//! `KEY=VALUE` writes (with or without `-w`) and echoes the value as given,
//! as procps does (so `ip_forward=2` echoes `2`). Errors are procps's:
//! `sysctl: cannot stat /proc/sys/…: No such file or directory`,
//! `sysctl: setting key "…": Invalid argument`; a read-only key (e.g.
//! `net.netfilter.nf_conntrack_max` outside the initial namespace) fails the
//! same way but, like procps, without a failing exit status.
//!
//! `sysctl -a` lists only the keys mesh models (a real kernel has hundreds
//! more, including all of IPv6, which mesh does not have). Not modelled
//! (explicit `mesh: … is not modelled` errors): `-p`/`--load`, `--system`,
//! `-r`/`--pattern`.

use crate::kernel::ops::SysctlError;
use crate::kernel::{Kernel, NetnsId};
use crate::output::CmdOutput;

const USAGE: &str = "
Usage:
 sysctl [options] [variable[=value] ...]

Options:
  -a, --all            display all variables
  -A                   alias of -a
  -X                   alias of -a
      --deprecated     include deprecated parameters to listing
      --dry-run        Print the key and values but do not write
  -b, --binary         print value without new line
  -e, --ignore         ignore unknown variables errors
  -N, --names          print variable names without values
  -n, --values         print only values of the given variable(s)
  -p, --load[=<file>]  read values from file
  -f                   alias of -p
      --system         read values from all system directories
  -r, --pattern <expression>
                       select setting that match expression
  -q, --quiet          do not echo variable set
  -w, --write          enable writing a value to variable
  -o                   does nothing
  -x                   does nothing
  -d                   alias of -h

 -h, --help     display this help and exit
 -V, --version  output version information and exit

For more details see sysctl(8).
";

#[derive(Default)]
struct Flags {
    all: bool,
    binary: bool,
    ignore: bool,
    names: bool,
    values: bool,
    quiet: bool,
    write: bool,
    dry_run: bool,
}

const LONG: [&str; 14] =
    ["all", "binary", "deprecated", "dry-run", "ignore", "load", "names", "values", "pattern", "quiet", "system", "write", "help", "version"];

/// Run `sysctl` (`argv[0]` is `"sysctl"`) in namespace `ns` of kernel `k`.
pub fn sysctl(argv: &[String], k: &mut Kernel, ns: NetnsId) -> CmdOutput {
    if !k.netns_exists(ns) {
        return crate::tools::ip::gone_netns();
    }
    let mut f = Flags::default();
    let mut operands: Vec<&str> = Vec::new();
    let usage_bad = |msg: String| CmdOutput { stdout: USAGE.to_string(), stderr: msg, status: 0, interleaved: None };
    let mut i = 1;
    let mut only_operands = false;
    // GNU getopt: options may come anywhere, `--` ends them.
    while i < argv.len() {
        let a = argv[i].as_str();
        i += 1;
        if only_operands || a == "-" || !a.starts_with('-') {
            operands.push(a);
            continue;
        }
        if a == "--" {
            only_operands = true;
            continue;
        }
        if let Some(long) = a.strip_prefix("--") {
            let name = long.split('=').next().unwrap_or(long);
            let found: Vec<&str> = LONG.iter().copied().filter(|l| l.starts_with(name) && !name.is_empty()).collect();
            let opt = match (found.as_slice(), LONG.contains(&name)) {
                (_, true) => name,
                ([one], false) => one,
                _ => return usage_bad(format!("sysctl: unrecognized option '{a}'\n")),
            };
            match opt {
                "all" => f.all = true,
                "binary" => f.binary = true,
                "deprecated" => {}
                "dry-run" => f.dry_run = true,
                "ignore" => f.ignore = true,
                "names" => f.names = true,
                "values" => f.values = true,
                "quiet" => f.quiet = true,
                "write" => f.write = true,
                "help" => return CmdOutput::ok(USAGE),
                "version" => return CmdOutput::ok("sysctl from procps-ng 4.0.2\n"),
                other => return not_modelled(&format!("\"sysctl --{other}\"")),
            }
            continue;
        }
        for c in a.chars().skip(1) {
            match c {
                'a' | 'A' | 'X' => f.all = true,
                'b' => f.binary = true,
                'e' => f.ignore = true,
                'N' => f.names = true,
                'n' => f.values = true,
                'q' => f.quiet = true,
                'w' => f.write = true,
                'o' | 'x' => {}
                'h' | 'd' => return CmdOutput::ok(USAGE),
                'V' => return CmdOutput::ok("sysctl from procps-ng 4.0.2\n"),
                'p' | 'f' => return not_modelled("\"sysctl -p\" (loading settings from files)"),
                'r' => return not_modelled("\"sysctl -r\" (patterns)"),
                other => return usage_bad(format!("sysctl: invalid option -- '{other}'\n")),
            }
        }
    }
    let mut run = Run { k, ns, f, out: String::new(), err: String::new(), status: 0 };
    if run.f.all {
        for key in run.k.sysctl_keys(ns) {
            run.read(&key);
        }
        return run.finish();
    }
    if operands.is_empty() {
        if argv.len() <= 1 {
            return CmdOutput::err(USAGE, 1);
        }
        return CmdOutput::err("sysctl: no variables specified\nTry `sysctl --help' for more information.\n", 1);
    }
    for op in operands {
        if op.is_empty() {
            run.err.push_str("sysctl: \"\" is an unknown key\n");
            run.status = 255;
            continue;
        }
        match op.split_once('=') {
            Some(("", _)) => {
                run.err.push_str("sysctl: Path is not under /proc/sys/: /proc/sys/\n");
                run.fail(1);
            }
            // procps strips the blanks around `=` (`"net.ipv4.ip_forward = 1"`).
            Some((key, value)) => run.write(key.trim_end(), value.trim()),
            None if run.f.write => {
                run.err.push_str("sysctl: command line(0): invalid syntax, continuing...\n");
                run.fail(1);
            }
            None => {
                let name = dotted(op);
                let below: Vec<String> = run.k.sysctl_keys(ns).into_iter().filter(|k| k.starts_with(&format!("{name}."))).collect();
                if below.is_empty() {
                    run.read(&name);
                } else {
                    for key in below {
                        run.read(&key);
                    }
                }
            }
        }
    }
    run.finish()
}

fn not_modelled(what: &str) -> CmdOutput {
    CmdOutput::err(format!("mesh: {what} is not modelled\n"), 1)
}

/// `net/ipv4/ip_forward` → `net.ipv4.ip_forward`.
fn dotted(key: &str) -> String {
    if key.contains('/') { key.trim_start_matches('/').replace('/', ".") } else { key.to_string() }
}

/// `net.ipv4.ip_forward` → `/proc/sys/net/ipv4/ip_forward`.
fn proc_path(name: &str) -> String {
    format!("/proc/sys/{}", name.replace('.', "/"))
}

struct Run<'a> {
    k: &'a mut Kernel,
    ns: NetnsId,
    f: Flags,
    out: String,
    err: String,
    status: i32,
}

impl Run<'_> {
    fn fail(&mut self, status: i32) {
        if self.status == 0 {
            self.status = status;
        }
    }

    fn show(&mut self, name: &str, value: &str) {
        if self.f.names {
            self.out.push_str(name);
            self.out.push('\n');
        } else if self.f.values {
            self.out.push_str(value);
            if !self.f.binary {
                self.out.push('\n');
            }
        } else if self.f.binary {
            self.out.push_str(value);
        } else {
            self.out.push_str(&format!("{name} = {value}\n"));
        }
    }

    fn not_found(&mut self, name: &str) {
        if !self.f.ignore {
            self.err.push_str(&format!("sysctl: cannot stat {}: No such file or directory\n", proc_path(name)));
            self.fail(1);
        }
    }

    fn read(&mut self, name: &str) {
        match self.k.sysctl_get(self.ns, name) {
            Ok(v) => self.show(name, &v),
            Err(_) => self.not_found(name),
        }
    }

    fn write(&mut self, key: &str, value: &str) {
        let name = dotted(key);
        let result = if self.f.dry_run { self.k.sysctl_get(self.ns, &name).map(|_| ()) } else { self.k.sysctl_set(self.ns, &name, value) };
        match result {
            Ok(()) => {
                if !self.f.quiet {
                    self.show(&name, value);
                }
            }
            Err(SysctlError::NotFound) => self.not_found(&name),
            Err(SysctlError::Invalid) => {
                self.err.push_str(&format!("sysctl: setting key \"{name}\": Invalid argument\n"));
                self.fail(1);
            }
            // procps reports a read-only key with a stale errno and no failure status.
            Err(SysctlError::ReadOnly) => self.err.push_str(&format!("sysctl: setting key \"{name}\": Invalid argument\n")),
        }
    }

    fn finish(self) -> CmdOutput {
        CmdOutput { stdout: self.out, stderr: self.err, status: self.status, interleaved: None }
    }
}

/// `/proc/sys/…` path → dotted sysctl name, if it is under /proc/sys.
fn proc_name(path: &str) -> Option<String> {
    let rest = path.strip_prefix("/proc/sys/")?;
    let rest = rest.trim_end_matches('/');
    (!rest.is_empty()).then(|| rest.replace('/', "."))
}

/// The contents of a `/proc/sys` file (`cat /proc/sys/net/ipv4/ip_forward`
/// gives `"1\n"`); `None` if no such file.
pub fn proc_sys_read(k: &Kernel, ns: NetnsId, path: &str) -> Option<String> {
    if !k.netns_exists(ns) {
        return None;
    }
    let name = proc_name(path)?;
    k.sysctl_get(ns, &name).ok().map(|v| format!("{v}\n"))
}

/// Write to a `/proc/sys` file (`echo 1 > /proc/sys/net/ipv4/ip_forward`).
/// The error is the `strerror` text the shell reports.
pub fn proc_sys_write(k: &mut Kernel, ns: NetnsId, path: &str, value: &str) -> Result<(), String> {
    if !k.netns_exists(ns) {
        return Err("No such file or directory".to_string());
    }
    let name = proc_name(path).ok_or_else(|| "No such file or directory".to_string())?;
    k.sysctl_set(ns, &name, value).map_err(|e| {
        match e {
            SysctlError::NotFound => "No such file or directory",
            SysctlError::Invalid => "Invalid argument",
            SysctlError::ReadOnly => "Permission denied",
        }
        .to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::INIT_NETNS;
    use crate::tools::ip::transcript::{real, replay};

    fn run(k: &mut Kernel, ns: NetnsId, line: &str) -> CmdOutput {
        let argv = shell_words::split(line).unwrap();
        sysctl(&argv, k, ns)
    }

    #[test]
    fn procps_transcript() {
        replay(real::SYSCTL);
    }

    #[test]
    fn proc_sys_files() {
        let mut k = Kernel::new("t", 1);
        assert_eq!(proc_sys_read(&k, INIT_NETNS, "/proc/sys/net/ipv4/ip_forward").as_deref(), Some("0\n"));
        assert_eq!(proc_sys_read(&k, INIT_NETNS, "/proc/sys/net/ipv4/ip_local_port_range").as_deref(), Some("32768\t60999\n"));
        assert_eq!(proc_sys_read(&k, INIT_NETNS, "/proc/sys/net/ipv4"), None);
        assert_eq!(proc_sys_read(&k, INIT_NETNS, "/etc/passwd"), None);
        proc_sys_write(&mut k, INIT_NETNS, "/proc/sys/net/ipv4/ip_forward", "1\n").unwrap();
        assert_eq!(proc_sys_read(&k, INIT_NETNS, "/proc/sys/net/ipv4/conf/lo/forwarding").as_deref(), Some("1\n"));
        assert_eq!(proc_sys_write(&mut k, INIT_NETNS, "/proc/sys/net/ipv4/ip_forward", "abc"), Err("Invalid argument".to_string()));
        assert_eq!(proc_sys_write(&mut k, INIT_NETNS, "/proc/sys/net/ipv4/nope", "1"), Err("No such file or directory".to_string()));
        let ns = k.netns_create();
        assert_eq!(proc_sys_write(&mut k, ns, "/proc/sys/net/netfilter/nf_conntrack_max", "1"), Err("Permission denied".to_string()));
        // A new namespace inherited ip_forward from the initial one.
        assert_eq!(proc_sys_read(&k, ns, "/proc/sys/net/ipv4/ip_forward").as_deref(), Some("1\n"));
    }

    #[test]
    fn all_lists_only_modelled_keys_in_proc_order() {
        let mut k = Kernel::new("t", 1);
        let out = run(&mut k, INIT_NETNS, "sysctl -a");
        assert!(out.success());
        let keys: Vec<&str> = out.stdout.lines().map(|l| l.split(" = ").next().unwrap()).collect();
        assert_eq!(keys.first(), Some(&"net.bridge.bridge-nf-call-arptables"));
        assert_eq!(keys.last(), Some(&"net.nf_conntrack_max"));
        let pos = |k: &str| keys.iter().position(|x| *x == k).unwrap();
        assert!(pos("net.ipv4.conf.all.accept_local") < pos("net.ipv4.conf.default.accept_local"));
        assert!(pos("net.ipv4.conf.default.send_redirects") < pos("net.ipv4.conf.lo.accept_local"));
        assert!(pos("net.ipv4.conf.lo.send_redirects") < pos("net.ipv4.icmp_echo_ignore_all"));
        assert!(out.stdout.contains("net.ipv4.ip_local_port_range = 32768\t60999\n"));
        assert!(!out.stdout.contains("net.ipv4.vs."), "ip_vs is not loaded");
        let names = run(&mut k, INIT_NETNS, "sysctl -aN");
        assert_eq!(names.stdout.lines().count(), keys.len());
        assert!(names.stdout.starts_with("net.bridge.bridge-nf-call-arptables\n"));
    }

    #[test]
    fn module_keys_appear_with_their_modules() {
        let mut k = Kernel::new("t", 1);
        let out = run(&mut k, INIT_NETNS, "sysctl net.ipv4.vs.conntrack");
        assert_eq!(out.stderr, "sysctl: cannot stat /proc/sys/net/ipv4/vs/conntrack: No such file or directory\n");
        assert_eq!(out.status, 1);
        k.netns_mut(INIT_NETNS).sysctl.ip_vs = true;
        let out = run(&mut k, INIT_NETNS, "sysctl -w net.ipv4.vs.conntrack=1 net.ipv4.vs.conn_reuse_mode=0");
        assert_eq!(out.stdout, "net.ipv4.vs.conntrack = 1\nnet.ipv4.vs.conn_reuse_mode = 0\n");
        assert!(k.netns(INIT_NETNS).sysctl.vs_conntrack);
        assert_eq!(k.netns(INIT_NETNS).sysctl.vs_conn_reuse_mode, 0);
        k.netns_mut(INIT_NETNS).sysctl.br_netfilter = false;
        assert_eq!(run(&mut k, INIT_NETNS, "sysctl net.bridge").stdout, "");
        // The initial namespace has the global conntrack limit, writable.
        let out = run(&mut k, INIT_NETNS, "sysctl -w net.nf_conntrack_max=1024");
        assert_eq!(out, CmdOutput::ok("net.nf_conntrack_max = 1024\n"));
        assert_eq!(run(&mut k, INIT_NETNS, "sysctl -n net.netfilter.nf_conntrack_max").stdout, "1024\n");
    }

    #[test]
    fn usage_and_unmodelled_options() {
        let mut k = Kernel::new("t", 1);
        let out = run(&mut k, INIT_NETNS, "sysctl");
        assert_eq!((out.stdout.as_str(), out.stderr.as_str(), out.status), ("", USAGE, 1));
        assert_eq!(run(&mut k, INIT_NETNS, "sysctl -h"), CmdOutput::ok(USAGE));
        assert_eq!(run(&mut k, INIT_NETNS, "sysctl --version"), CmdOutput::ok("sysctl from procps-ng 4.0.2\n"));
        assert_eq!(run(&mut k, INIT_NETNS, "sysctl -p").status, 1);
        assert_eq!(run(&mut k, INIT_NETNS, "sysctl -b net.ipv4.ip_forward").stdout, "0");
        let dry = run(&mut k, INIT_NETNS, "sysctl --dry-run -w net.ipv4.ip_forward=1");
        assert_eq!(dry.stdout, "net.ipv4.ip_forward = 1\n");
        assert!(!k.netns(INIT_NETNS).sysctl.ip_forward());
    }
}
