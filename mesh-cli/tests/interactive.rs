//! The interactive shell in a real pseudo-terminal, driven through tmux:
//! prompt, Tab completion, Ctrl-C, `ssh`/`exit`, history (↑) kept across
//! runs in the data directory, colour only without `NO_COLOR`, Ctrl-D.
//!
//! Needs tmux (`apt-get install tmux`); set MESH_SKIP_PTY_TESTS=1 to skip.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

/// One tmux server of our own (its own socket), removed when dropped.
struct Tmux {
    socket: String,
    data: PathBuf,
}

const SESSION: &str = "mesh";

impl Tmux {
    fn new(name: &str) -> Tmux {
        let socket = format!("mesh-cli-test-{}-{name}", std::process::id());
        let data = std::env::temp_dir().join(format!("{socket}-data"));
        let _ = std::fs::remove_dir_all(&data);
        Tmux { socket, data }
    }

    fn tmux(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux").arg("-L").arg(&self.socket).args(args).output().expect("tmux runs")
    }

    /// Start `mesh` in a 120x40 terminal.
    fn start(&self, color: bool) {
        let color = if color { "-u NO_COLOR" } else { "NO_COLOR=1" };
        let cmd = format!("env {color} XDG_DATA_HOME={} {}", self.data.display(), env!("CARGO_BIN_EXE_mesh"));
        let out = self.tmux(&["new-session", "-d", "-s", SESSION, "-x", "120", "-y", "40", &cmd]);
        assert!(out.status.success(), "tmux new-session: {}", String::from_utf8_lossy(&out.stderr));
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", SESSION];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    /// Type literal text (no key names).
    fn type_text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", SESSION, "-l", text]);
    }

    fn screen(&self, escapes: bool) -> String {
        let args: &[&str] = if escapes { &["capture-pane", "-p", "-e", "-t", SESSION] } else { &["capture-pane", "-p", "-t", SESSION] };
        String::from_utf8_lossy(&self.tmux(args).stdout).into_owned()
    }

    /// The screen's non-empty lines.
    fn lines(&self) -> Vec<String> {
        self.screen(false).lines().map(|l| l.trim_end().to_string()).filter(|l| !l.is_empty()).collect()
    }

    /// Wait until the last non-empty line of the screen is `line`.
    #[track_caller]
    fn wait_last(&self, line: &str) {
        self.wait(|lines| lines.last().map(String::as_str) == Some(line), &format!("last line {line:?}"));
    }

    #[track_caller]
    fn wait(&self, ok: impl Fn(&[String]) -> bool, what: &str) {
        let start = Instant::now();
        loop {
            let lines = self.lines();
            if ok(&lines) {
                return;
            }
            if start.elapsed() > Duration::from_secs(15) {
                panic!("timed out waiting for {what}; screen:\n{}", lines.join("\n"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn running(&self) -> bool {
        self.tmux(&["has-session", "-t", SESSION]).status.success()
    }

    #[track_caller]
    fn wait_exit(&self) {
        let start = Instant::now();
        while self.running() {
            assert!(start.elapsed() < Duration::from_secs(15), "mesh did not exit; screen:\n{}", self.screen(false));
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.tmux(&["kill-server"]);
        let _ = std::fs::remove_dir_all(&self.data);
    }
}

fn tmux_available() -> bool {
    if std::env::var_os("MESH_SKIP_PTY_TESTS").is_some() {
        return false;
    }
    let found = Command::new("tmux").arg("-V").output().is_ok_and(|o| o.status.success());
    assert!(found, "the interactive tests need tmux (apt-get install tmux); set MESH_SKIP_PTY_TESTS=1 to skip them");
    true
}

#[test]
fn an_interactive_session_in_a_terminal() {
    if !tmux_available() {
        return;
    }
    let t = Tmux::new("session");
    t.start(false);
    t.wait_last("user@node1:~$");
    let lines = t.lines();
    assert!(lines[0].starts_with("mesh: a shell on node1 of the `seed` scenario. Type help for what mesh models, trace CMD to follow"), "{lines:?}");
    assert!(!t.screen(true).contains("\x1b["), "NO_COLOR=1 means no colour");

    // Tab completes a command name.
    t.type_text("hostn");
    t.keys(&["Tab"]);
    t.wait_last("user@node1:~$ hostname");
    t.keys(&["Enter"]);
    t.wait(|l| l.len() >= 2 && l[l.len() - 2] == "node1" && l[l.len() - 1] == "user@node1:~$", "hostname's output");

    // Two candidates: a second Tab lists them.
    t.type_text("ssh no");
    t.keys(&["Tab", "Tab"]);
    t.wait(|l| l.iter().any(|x| x == "node1  node2"), "the node list");

    // Ctrl-C drops the line: the ssh never runs.
    t.keys(&["C-c"]);
    t.wait_last("user@node1:~$");
    t.type_text("hostname");
    t.keys(&["Enter"]);
    t.wait(|l| l.len() >= 2 && l[l.len() - 2] == "node1", "hostname after Ctrl-C");

    // ssh moves the prompt to node2; exit comes back.
    t.type_text("ssh node2");
    t.keys(&["Enter"]);
    t.wait_last("user@node2:~$");
    t.type_text("hostname");
    t.keys(&["Enter"]);
    t.wait(|l| l.len() >= 2 && l[l.len() - 2] == "node2" && l[l.len() - 1] == "user@node2:~$", "hostname on node2");

    // ↑ walks back through the history.
    t.keys(&["Up"]);
    t.wait_last("user@node2:~$ hostname");
    t.keys(&["Up"]);
    t.wait_last("user@node2:~$ ssh node2");
    t.keys(&["C-u"]);
    t.type_text("exit");
    t.keys(&["Enter"]);
    t.wait_last("user@node1:~$");

    // A here-document asks for its lines with `> `.
    t.type_text("grep b <<EOF");
    t.keys(&["Enter"]);
    t.wait_last(">");
    // Each next line only once its prompt is up: rustyline asks the
    // terminal where the cursor is, and may drop what is typed meanwhile.
    t.type_text("a");
    t.keys(&["Enter"]);
    t.wait_last(">");
    t.type_text("b");
    t.keys(&["Enter"]);
    t.wait_last(">");
    t.type_text("EOF");
    t.keys(&["Enter"]);
    t.wait(|l| l.len() >= 2 && l[l.len() - 2] == "b" && l[l.len() - 1] == "user@node1:~$", "the here-document's output");

    // So does a `for` loop until its `done`.
    t.type_text("for i in 1 2");
    t.keys(&["Enter"]);
    t.wait_last(">");
    t.type_text("do echo n$i");
    t.keys(&["Enter"]);
    t.wait_last(">");
    t.type_text("done");
    t.keys(&["Enter"]);
    t.wait(|l| l.len() >= 3 && l[l.len() - 3] == "n1" && l[l.len() - 2] == "n2" && l[l.len() - 1] == "user@node1:~$", "the loop's output");

    // Ctrl-D on node1 leaves mesh.
    t.keys(&["C-d"]);
    t.wait_exit();
    let history = std::fs::read_to_string(t.data.join("mesh/history")).expect("history saved in $XDG_DATA_HOME/mesh");
    assert!(history.contains("ssh node2\n"), "{history}");

    // The next session starts with that history, and colours its prompt.
    t.start(true);
    t.wait_last("user@node1:~$");
    assert!(t.screen(true).contains("\x1b["), "a terminal without NO_COLOR gets colour");
    t.keys(&["Up"]);
    t.wait(|l| l.last().is_some_and(|x| x.starts_with("user@node1:~$ ") && x.len() > "user@node1:~$ ".len()), "history from the last session");
    t.keys(&["C-u"]);
    t.type_text("exit");
    t.keys(&["Enter"]);
    t.wait_exit();
}
