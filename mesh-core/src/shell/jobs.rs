//! Long-running programs: how a command that starts an application or a
//! capture runs in the foreground (until it finishes) or as a background
//! job (`cmd &`, then `wait`, `jobs`, `fg`, `kill %N`).

use crate::kernel::app::AppId;
use crate::output::CmdOutput;
use crate::sim::HostId;
use crate::time::{Duration, Instant};

/// How long a foreground program may run before mesh stops it as a real
/// terminal's user would with Ctrl-C (it says so).
pub const FOREGROUND_LIMIT: Duration = Duration::from_secs(600);

/// What a tool started.
pub enum Launch {
    /// Finished at once.
    Done(CmdOutput),
    /// An application that finishes by itself.
    App { host: HostId, app: AppId, limit: Duration },
    /// A packet capture.
    Capture(Box<Capture>),
}

/// A running `tcpdump`.
pub struct Capture {
    pub host: HostId,
    pub tap: u32,
    pub count: Option<usize>,
    pub formatter: crate::wire::tcpdump::TcpdumpFormatter,
    /// Unix seconds at virtual time zero (for time-of-day stamps).
    pub wall_epoch: i64,
    /// `-t`: lines without a timestamp.
    pub no_time: bool,
    pub verbose: bool,
    /// What tcpdump prints on stderr when it starts.
    pub banner: String,
    pub printed: usize,
    pub out: String,
    pub started: Instant,
}

/// A background job.
pub struct Job {
    pub id: u32,
    pub cmdline: String,
    pub kind: JobKind,
}

pub enum JobKind {
    App { host: HostId, app: AppId, deadline: Instant },
    Capture(Box<Capture>),
}
