//! What running a command produces.

/// The result of one command line: what it printed and its exit status,
/// exactly as a terminal would show them.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CmdOutput {
    pub stdout: String,
    pub stderr: String,
    pub status: i32,
}

impl CmdOutput {
    pub fn ok(stdout: impl Into<String>) -> CmdOutput {
        CmdOutput { stdout: stdout.into(), stderr: String::new(), status: 0 }
    }
    pub fn err(stderr: impl Into<String>, status: i32) -> CmdOutput {
        CmdOutput { stdout: String::new(), stderr: stderr.into(), status }
    }
    pub fn success(&self) -> bool {
        self.status == 0
    }
    /// stdout then stderr, the way a terminal interleaves short outputs.
    pub fn combined(&self) -> String {
        let mut s = self.stdout.clone();
        s.push_str(&self.stderr);
        s
    }
}
