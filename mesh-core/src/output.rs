//! What running a command produces.

/// Which stream a piece of output went to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// The result of one command line: what it printed and its exit status,
/// exactly as a terminal would show them.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CmdOutput {
    pub stdout: String,
    pub stderr: String,
    pub status: i32,
    /// The order the two streams were written in, when it is not "all of
    /// stdout, then all of stderr" (`curl -v` writes its trace, then the
    /// body, then more trace). A terminal shows the pieces in this order
    /// and `2>&1` keeps it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interleaved: Option<Vec<(Stream, String)>>,
}

impl CmdOutput {
    pub fn ok(stdout: impl Into<String>) -> CmdOutput {
        CmdOutput { stdout: stdout.into(), ..CmdOutput::default() }
    }
    pub fn err(stderr: impl Into<String>, status: i32) -> CmdOutput {
        CmdOutput { stderr: stderr.into(), status, ..CmdOutput::default() }
    }
    /// Output written as `pieces`, in that order.
    pub fn from_pieces(pieces: Vec<(Stream, String)>, status: i32) -> CmdOutput {
        let mut o = CmdOutput { status, ..CmdOutput::default() };
        for (s, t) in &pieces {
            match s {
                Stream::Stdout => o.stdout.push_str(t),
                Stream::Stderr => o.stderr.push_str(t),
            }
        }
        let alternations = pieces.iter().filter(|(_, t)| !t.is_empty()).map(|(s, _)| *s).collect::<Vec<_>>();
        let plain = alternations.windows(2).all(|w| !(w[0] == Stream::Stderr && w[1] == Stream::Stdout));
        if !plain {
            o.interleaved = Some(pieces.into_iter().filter(|(_, t)| !t.is_empty()).collect());
        }
        o
    }
    pub fn success(&self) -> bool {
        self.status == 0
    }
    /// The pieces in the order a terminal shows them.
    pub fn pieces(&self) -> Vec<(Stream, &str)> {
        match &self.interleaved {
            Some(p) => p.iter().map(|(s, t)| (*s, t.as_str())).collect(),
            None => vec![(Stream::Stdout, self.stdout.as_str()), (Stream::Stderr, self.stderr.as_str())],
        }
    }
    /// Both streams as a terminal shows them.
    pub fn combined(&self) -> String {
        self.pieces().into_iter().map(|(_, t)| t).collect()
    }
    /// `2>&1`: stderr joins stdout, in the order they were written.
    pub fn stderr_into_stdout(&mut self) {
        self.stdout = self.combined();
        self.stderr.clear();
        self.interleaved = None;
    }
    /// Stdout goes elsewhere (a pipe, a file): what stays on the terminal
    /// is stderr alone, so the order no longer matters.
    pub fn forget_order(&mut self) {
        self.interleaved = None;
    }
    /// Output of a later command after this one's; the status becomes its.
    ///
    /// The order survives: once stderr text is followed by stdout text (`echo
    /// a; ls /nope; echo b`), the pieces are kept in the order written.
    pub fn append(&mut self, o: CmdOutput) {
        let out_of_plain_order = !self.stderr.is_empty() && !o.stdout.is_empty();
        if self.interleaved.is_some() || o.interleaved.is_some() || out_of_plain_order {
            let mut p = match self.interleaved.take() {
                Some(p) => p,
                None => vec![(Stream::Stdout, self.stdout.clone()), (Stream::Stderr, self.stderr.clone())],
            };
            p.extend(o.pieces().into_iter().map(|(s, t)| (s, t.to_string())));
            p.retain(|(_, t)| !t.is_empty());
            self.interleaved = Some(p);
        }
        self.stdout.push_str(&o.stdout);
        self.stderr.push_str(&o.stderr);
        self.status = o.status;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appending_keeps_the_order_a_terminal_shows() {
        let mut o = CmdOutput::ok("a\n");
        o.append(CmdOutput::err("ls: cannot access '/nope'\n", 2));
        assert_eq!(o.interleaved, None, "stdout then stderr is the plain order");
        o.append(CmdOutput::ok("b\n"));
        assert_eq!(o.combined(), "a\nls: cannot access '/nope'\nb\n");
        assert_eq!((o.stdout.as_str(), o.stderr.as_str(), o.status), ("a\nb\n", "ls: cannot access '/nope'\n", 0));
        o.append(CmdOutput::err("late\n", 1));
        assert_eq!(o.pieces().len(), 4);
        assert_eq!(o.combined(), "a\nls: cannot access '/nope'\nb\nlate\n");
    }

    #[test]
    fn redirecting_stderr_keeps_the_written_order() {
        let mut o = CmdOutput::err("first\n", 1);
        o.append(CmdOutput::ok("second\n"));
        o.stderr_into_stdout();
        assert_eq!((o.stdout.as_str(), o.stderr.as_str(), o.interleaved.is_none()), ("first\nsecond\n", "", true));
    }
}
