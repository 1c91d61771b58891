//! The real backend: runs scenario commands on this machine's Linux kernel,
//! fully isolated from the machine's own network configuration.
//!
//! Every [`RealBackend`] is a private sandbox made by
//! `unshare --mount --net --pid --fork --kill-child --mount-proc
//! --propagation private`:
//! - a fresh **network namespace** plays the scenario's "host", so
//!   `ip link add` without `ip netns exec` never touches the machine;
//! - a private **mount namespace** with a tmpfs on `/run` gives
//!   `ip netns add` its own `/run/netns` (names never collide with the
//!   machine's or another sandbox's) and iptables its own `xtables.lock`;
//! - a fresh **PID namespace** whose init is `cat` reading a pipe held by
//!   this process: when the backend is dropped, or this process dies in any
//!   way, the pipe closes, `cat` exits and the kernel kills every process of
//!   the scenario; the namespaces, devices and rules then vanish with them.
//!
//! Each command runs through `nsenter` into that sandbox with a clean
//! environment (`LC_ALL=C`) and a `PATH` whose first directory maps
//! `iptables`, `iptables-save` and `iptables-restore` to the `-legacy`
//! variants (the seed's listing semantics: legacy counts built-in policies)
//! and provides `nettest`. Every step is bounded in time.
//!
//! What the harness adds to a plain root shell, so both sides start equal
//! (mesh models neither IPv6 nor IGMP):
//! - in the sandbox's host namespace at start, and in every namespace right
//!   after a successful `ip netns add NAME`:
//!   `sysctl -w net.ipv6.conf.all.disable_ipv6=1
//!   net.ipv6.conf.default.disable_ipv6=1
//!   net.ipv4.igmp_link_local_mcast_reports=0` (no IPv6 router
//!   solicitations or MLD, no IGMPv3 reports for 224.0.0.106 when bridges
//!   come up);
//! - the host namespace's `lo` is up, as on a booted machine.

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::normalize::strip_netns_exec;
use crate::scenario::{Action, ShellCommand};
use crate::{Backend, Output};

/// Longest a foreground step may run before it is killed.
pub const STEP_TIMEOUT: Duration = Duration::from_secs(10);
/// Longest `wait` waits for one background job before stopping it.
pub const JOB_TIMEOUT: Duration = Duration::from_secs(10);
/// Longest a background job may take to become ready (socket bound,
/// capture started).
const READY_TIMEOUT: Duration = Duration::from_secs(3);
/// Settle time for background jobs without a readiness signal.
const SETTLE: Duration = Duration::from_millis(100);
const SANDBOX_START_TIMEOUT: Duration = Duration::from_secs(10);

const SANDBOX_PATH: &str = "/run/parity/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// The sysctls the harness sets in every namespace (see the module docs).
const NAMESPACE_SYSCTLS: [&str; 3] = ["net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1", "net.ipv4.igmp_link_local_mcast_reports=0"];

/// Prepares the sandbox, then becomes its init (`cat`, until stdin closes).
const SANDBOX_INIT: &str = r#"
set -e
for tool in iptables-legacy iptables-legacy-save iptables-legacy-restore ip bridge sysctl; do
    command -v "$tool" >/dev/null || { echo "parity sandbox: $tool not found" >&2; exit 1; }
done
mount -t tmpfs -o mode=755 parity /run
mkdir -p /run/netns /run/parity/bin /run/parity/ready
ln -s "$(command -v iptables-legacy)" /run/parity/bin/iptables
ln -s "$(command -v iptables-legacy-save)" /run/parity/bin/iptables-save
ln -s "$(command -v iptables-legacy-restore)" /run/parity/bin/iptables-restore
ln -s "$1" /run/parity/bin/nettest
ip link set lo up
sysctl -q -w "$2" "$3" "$4"
echo ready
exec cat >/dev/null
"#;

/// A scenario's private piece of the real kernel.
pub struct RealBackend {
    /// The `unshare` process; its only child is the sandbox's init.
    unshare: Child,
    /// Closing this ends the sandbox.
    init_stdin: Option<ChildStdin>,
    /// The sandbox init's PID as seen from here (the target of `nsenter`).
    init_pid: u32,
    jobs: Vec<Job>,
    step_timeout: Duration,
}

/// A background job (`command &`).
struct Job {
    command: String,
    process_group: u32,
    exit: mpsc::Receiver<ExitStatus>,
    stdout: Arc<Mutex<Vec<u8>>>,
    stderr: Arc<Mutex<Vec<u8>>>,
    readers: Vec<JoinHandle<()>>,
    status: Option<i32>,
    reported: bool,
}

impl RealBackend {
    /// Creates the sandbox. `nettest` is the traffic helper binary.
    ///
    /// Fails (with the tool's message) when namespaces cannot be created,
    /// e.g. without root.
    pub fn start(nettest: &Path) -> Result<RealBackend, String> {
        let nettest = nettest.canonicalize().map_err(|e| format!("nettest binary {}: {e}", nettest.display()))?;
        let mut unshare = Command::new("unshare")
            .args(["--mount", "--net", "--pid", "--fork", "--kill-child", "--mount-proc"])
            .args(["--propagation", "private"])
            .args(["--", "sh", "-c", SANDBOX_INIT, "parity-sandbox"])
            .arg(&nettest)
            .args(NAMESPACE_SYSCTLS)
            .env_clear()
            .env("PATH", SANDBOX_PATH)
            .env("LC_ALL", "C")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run unshare: {e}"))?;
        let init_stdin = unshare.stdin.take();
        let stdout = unshare.stdout.take().ok_or("unshare: no stdout")?;
        let stderr = collect(unshare.stderr.take());
        let (ready_tx, ready_rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = ready_tx.send(line);
        });
        let ready = ready_rx.recv_timeout(SANDBOX_START_TIMEOUT).unwrap_or_default();
        if ready.trim() != "ready" {
            let _ = unshare.kill();
            let _ = unshare.wait();
            let message = join_collected(stderr);
            return Err(format!("cannot create the parity sandbox: {}", message.trim()));
        }
        let children =
            std::fs::read_to_string(format!("/proc/{0}/task/{0}/children", unshare.id())).map_err(|e| format!("cannot find the sandbox init: {e}"))?;
        let init_pid = children.split_whitespace().next().and_then(|pid| pid.parse().ok()).ok_or("cannot find the sandbox init")?;
        Ok(RealBackend { unshare, init_stdin, init_pid, jobs: Vec::new(), step_timeout: STEP_TIMEOUT })
    }

    /// Overrides [`STEP_TIMEOUT`] (for tests of the harness itself).
    pub fn with_step_timeout(mut self, timeout: Duration) -> RealBackend {
        self.step_timeout = timeout;
        self
    }

    /// The PID (in this process's view) of the sandbox's init process.
    pub fn init_pid(&self) -> u32 {
        self.init_pid
    }

    fn command(&self, words: &[String]) -> Command {
        let mut command = Command::new("nsenter");
        command
            .arg("-t")
            .arg(self.init_pid.to_string())
            .args(["--mount", "--net", "--pid", "--"])
            .args(words)
            .env_clear()
            .env("PATH", SANDBOX_PATH)
            .env("LC_ALL", "C")
            .env("TZ", "UTC")
            .process_group(0);
        command
    }

    fn run_foreground(&mut self, words: &[String], stdin: Option<&str>) -> Output {
        let mut command = self.command(words);
        command.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() }).stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = match command.spawn() {
            Ok(child) => child,
            Err(e) => return Output::err(format!("parity: cannot run nsenter: {e}\n"), 127),
        };
        if let (Some(text), Some(mut pipe)) = (stdin, child.stdin.take()) {
            let text = text.to_string();
            std::thread::spawn(move || {
                let _ = pipe.write_all(text.as_bytes());
            });
        }
        let stdout = collect(child.stdout.take());
        let stderr = collect(child.stderr.take());
        let group = child.id();
        let exit = watch(child);
        let (status, note) = match exit.recv_timeout(self.step_timeout) {
            Ok(status) => (shell_status(status), String::new()),
            Err(_) => {
                signal_group(group, "KILL");
                let _ = exit.recv();
                (124, format!("parity: killed after {:?}\n", self.step_timeout))
            }
        };
        let mut output = Output { stdout: join_collected(stdout), stderr: join_collected(stderr), status, interleaved: None };
        output.stderr.push_str(&note);
        output
    }

    fn start_job(&mut self, command_text: &str, words: &[String]) -> Output {
        let number = self.jobs.len() + 1;
        let program = strip_netns_exec(words);
        let ready_file = match program {
            [nettest, sub, ..] if nettest == "nettest" && sub.ends_with("-listen") => Some(format!("/run/parity/ready/{number}")),
            _ => None,
        };
        let captures = program.first().is_some_and(|p| p == "tcpdump");
        let mut command = self.command(words);
        command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
        if let Some(file) = &ready_file {
            command.env("NETTEST_READY_FILE", file);
        }
        let mut child = match command.spawn() {
            Ok(child) => child,
            Err(e) => return Output::err(format!("parity: cannot run nsenter: {e}\n"), 127),
        };
        let (stdout, stdout_reader) = accumulate(child.stdout.take());
        let (stderr, stderr_reader) = accumulate(child.stderr.take());
        let process_group = child.id();
        let mut job = Job {
            command: command_text.to_string(),
            process_group,
            exit: watch(child),
            stdout,
            stderr,
            readers: vec![stdout_reader, stderr_reader],
            status: None,
            reported: false,
        };
        let host_view = ready_file.map(|file| PathBuf::from(format!("/proc/{}/root{file}", self.init_pid)));
        let deadline = Instant::now() + READY_TIMEOUT;
        if host_view.is_some() || captures {
            while Instant::now() < deadline && !job.finished() {
                let ready = match &host_view {
                    Some(path) => path.exists(),
                    None => lossy(&job.stderr).contains("listening on"),
                };
                if ready {
                    break;
                }
                std::thread::sleep(Duration::from_millis(2));
            }
        } else {
            std::thread::sleep(SETTLE);
        }
        self.jobs.push(job);
        Output::default()
    }

    fn wait(&mut self, which: Option<usize>) -> Output {
        let selected: Vec<usize> = match which {
            None => (0..self.jobs.len()).filter(|&i| !self.jobs[i].reported).collect(),
            Some(n) if n >= 1 && n <= self.jobs.len() && !self.jobs[n - 1].reported => vec![n - 1],
            Some(n) => return Output::err(format!("sh: wait: %{n}: no such job\n"), 127),
        };
        let mut output = Output::default();
        for index in selected {
            let job = &mut self.jobs[index];
            let status = job.finish(JOB_TIMEOUT);
            output.stdout.push_str(&lossy(&job.stdout));
            output.stderr.push_str(&lossy(&job.stderr));
            if status == 124 {
                output.stderr.push_str(&format!("parity: job `{}` stopped after {JOB_TIMEOUT:?}\n", job.command));
            }
            job.reported = true;
            if which.is_some() {
                output.status = status;
            }
        }
        output
    }

    /// What the harness does after `ip netns add NAME` succeeded.
    fn prepare_namespace(&mut self, name: &str) -> Option<String> {
        let mut words: Vec<String> = ["ip", "netns", "exec", name, "sysctl", "-q", "-w"].iter().map(|w| w.to_string()).collect();
        words.extend(NAMESPACE_SYSCTLS.iter().map(|s| s.to_string()));
        let setup = self.run_foreground(&words, None);
        (setup.status != 0).then(|| format!("parity: namespace setup failed: {}", setup.combined()))
    }
}

impl Backend for RealBackend {
    fn run(&mut self, command: &str) -> Output {
        let parsed = match ShellCommand::parse(command) {
            Ok(parsed) => parsed,
            Err(e) => return Output::err(format!("parity: {e}\n"), 2),
        };
        match parsed.action {
            Action::Wait(which) => self.wait(which),
            Action::Exec { words, background: true, .. } => self.start_job(command, &words),
            Action::Exec { words, stdin, background: false } => {
                let mut output = self.run_foreground(&words, stdin.as_deref());
                if let [ip, netns, add, name] = words.as_slice()
                    && ip == "ip"
                    && netns == "netns"
                    && add == "add"
                    && output.status == 0
                    && let Some(problem) = self.prepare_namespace(name)
                {
                    output.stderr.push_str(&problem);
                }
                output
            }
        }
    }
}

impl Drop for RealBackend {
    fn drop(&mut self) {
        for job in &mut self.jobs {
            if !job.finished() {
                signal_group(job.process_group, "KILL");
            }
        }
        // Closing the init's stdin ends the sandbox and everything in it.
        drop(self.init_stdin.take());
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.unshare.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let _ = self.unshare.kill();
        let _ = self.unshare.wait();
    }
}

impl Job {
    fn finished(&mut self) -> bool {
        if self.status.is_none()
            && let Ok(status) = self.exit.try_recv()
        {
            self.status = Some(shell_status(status));
        }
        self.status.is_some()
    }

    /// Waits for the job to end by itself, else stops it (SIGTERM, then
    /// SIGKILL) and reports 124. Returns the shell's view of its status.
    fn finish(&mut self, timeout: Duration) -> i32 {
        if self.status.is_none() {
            self.status = Some(match self.exit.recv_timeout(timeout) {
                Ok(status) => shell_status(status),
                Err(_) => {
                    signal_group(self.process_group, "TERM");
                    if self.exit.recv_timeout(Duration::from_secs(1)).is_err() {
                        signal_group(self.process_group, "KILL");
                        let _ = self.exit.recv();
                    }
                    124
                }
            });
        }
        for reader in self.readers.drain(..) {
            let _ = reader.join();
        }
        self.status.unwrap_or(124)
    }
}

/// The exit status a shell reports: the code, or 128 + the signal.
fn shell_status(status: ExitStatus) -> i32 {
    status.code().unwrap_or_else(|| 128 + status.signal().unwrap_or(0))
}

/// Waits for `child` on a thread; the receiver gets its exit status.
fn watch(mut child: Child) -> mpsc::Receiver<ExitStatus> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        if let Ok(status) = child.wait() {
            let _ = tx.send(status);
        }
    });
    rx
}

/// Sends a signal to a whole process group (the `nsenter` and everything it
/// started inside the sandbox).
fn signal_group(group: u32, signal: &str) {
    let _ = Command::new("kill").args(["-s", signal, "--", &format!("-{group}")]).stderr(Stdio::null()).status();
}

/// Reads a pipe to its end on a thread.
fn collect(pipe: Option<impl Read + Send + 'static>) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        bytes
    })
}

fn join_collected(reader: JoinHandle<Vec<u8>>) -> String {
    String::from_utf8_lossy(&reader.join().unwrap_or_default()).into_owned()
}

/// Reads a pipe on a thread into a buffer that can be looked at meanwhile.
fn accumulate(pipe: Option<impl Read + Send + 'static>) -> (Arc<Mutex<Vec<u8>>>, JoinHandle<()>) {
    let buffer = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&buffer);
    let reader = std::thread::spawn(move || {
        let Some(mut pipe) = pipe else { return };
        let mut chunk = [0u8; 4096];
        while let Ok(n) = pipe.read(&mut chunk) {
            if n == 0 {
                break;
            }
            if let Ok(mut buffer) = sink.lock() {
                buffer.extend_from_slice(&chunk[..n]);
            }
        }
    });
    (buffer, reader)
}

fn lossy(buffer: &Mutex<Vec<u8>>) -> String {
    buffer.lock().map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default()
}
