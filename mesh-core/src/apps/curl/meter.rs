//! curl's progress meter (libcurl `lib/progress.c`), the table curl writes
//! to stderr when the body does not go to the terminal:
//!
//! ```text
//!   % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current
//!                                  Dload  Upload   Total   Spent    Left  Speed
//! \r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0\r100   175  100   175 …
//! ```
//!
//! libcurl recomputes the speeds on every update (every pass of its state
//! machine: socket activity, timers, and at least once a second because the
//! curl tool waits in `poll` with a 1000 ms timeout), but draws a new line
//! only when the clock's second (`tv_sec` of CLOCK_MONOTONIC) changed since
//! the last drawing, and once more, forced, when the transfer is done
//! (`Curl_pgrsDone`), followed by a newline. Each line starts with `\r`, so
//! a terminal shows the last one; a file or pipe keeps them all.
//!
//! mesh's virtual clock stands in for CLOCK_MONOTONIC: `tv_sec`/`tv_usec`
//! are its whole seconds and microseconds.
//!
//! The two versions differ in the average speed: 7.58.0 divides by the
//! milliseconds spent ("progress: calculate transfer speed on milliseconds
//! if possible", 7.58.0), 7.88.1 by the microseconds (`trspeed`, 7.77.0).
//! The table's format and the "current speed" (bytes moved over the last
//! five seconds of drawn samples) are the same in both.

use super::CurlVersion;
use crate::time::Instant;

/// `struct curltime`: the monotonic clock as seconds and microseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct CurlTime {
    sec: i64,
    usec: i64,
}

impl CurlTime {
    pub(super) fn of(t: Instant) -> CurlTime {
        let ns = t.as_nanos();
        CurlTime { sec: (ns / 1_000_000_000) as i64, usec: ((ns % 1_000_000_000) / 1000) as i64 }
    }

    /// `Curl_timediff_us`.
    pub(super) fn us_since(self, older: CurlTime) -> i64 {
        (self.sec - older.sec) * 1_000_000 + (self.usec - older.usec)
    }

    /// `Curl_timediff`: whole seconds times 1000 plus the microsecond
    /// difference divided (truncating, as C does) by 1000.
    pub(super) fn ms_since(self, older: CurlTime) -> i64 {
        (self.sec - older.sec) * 1000 + (self.usec - older.usec) / 1000
    }
}

/// `CURR_TIME`: samples kept for the current speed (five seconds).
const CURR_TIME: usize = 5 + 1;

/// The meter's two heading lines.
pub(super) const HEADER: &str = "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n";

/// The transfer counters and the meter's state for one transfer.
#[derive(Debug)]
pub(super) struct Meter {
    version: CurlVersion,
    /// Whether the meter is drawn (not `-s`, not to a terminal).
    visible: bool,
    start: CurlTime,
    /// The second of the last drawing; `None` forces the next one (curl's 0).
    lastshow: Option<i64>,
    speeder: [(i64, CurlTime); CURR_TIME],
    speeder_c: usize,
    current_speed: i64,
    headers_out: bool,
    /// Microseconds since the start, as of the last update.
    pub(super) timespent_us: i64,
    pub(super) dlspeed: i64,
    pub(super) ulspeed: i64,
    /// Expected sizes (`Content-Length`, the `-d` body), when known.
    pub(super) size_dl: Option<i64>,
    pub(super) size_ul: Option<i64>,
    pub(super) downloaded: i64,
    pub(super) uploaded: i64,
}

/// `max5data`: a byte count in at most five columns.
pub(super) fn max5data(bytes: i64) -> String {
    const K: i64 = 1024;
    const M: i64 = K * K;
    const G: i64 = M * K;
    const T: i64 = G * K;
    const P: i64 = T * K;
    if bytes < 100_000 {
        format!("{bytes:>5}")
    } else if bytes < 10_000 * K {
        format!("{:>4}k", bytes / K)
    } else if bytes < 100 * M {
        format!("{:>2}.{}M", bytes / M, (bytes % M) / (M / 10))
    } else if bytes < 10_000 * M {
        format!("{:>4}M", bytes / M)
    } else if bytes < 100 * G {
        format!("{:>2}.{}G", bytes / G, (bytes % G) / (G / 10))
    } else if bytes < 10_000 * G {
        format!("{:>4}G", bytes / G)
    } else if bytes < 10_000 * T {
        format!("{:>4}T", bytes / T)
    } else {
        format!("{:>4}P", bytes / P)
    }
}

/// `time2str`: eight columns, `--:--:--` for nothing yet.
pub(super) fn time2str(seconds: i64) -> String {
    if seconds <= 0 {
        return "--:--:--".to_string();
    }
    let h = seconds / 3600;
    if h <= 99 {
        let m = (seconds - h * 3600) / 60;
        let s = seconds - h * 3600 - m * 60;
        format!("{h:>2}:{m:02}:{s:02}")
    } else {
        let d = seconds / 86400;
        let h = (seconds - d * 86400) / 3600;
        if d <= 999 { format!("{d:>3}d {h:02}h") } else { format!("{d:>7}d") }
    }
}

/// A percentage of `part` in `whole` as curl computes it (integer, and for
/// more than 10000 bytes by hundredths of the whole).
fn percent(part: i64, whole: i64) -> i64 {
    if whole > 10_000 {
        part / (whole / 100)
    } else if whole > 0 {
        part * 100 / whole
    } else {
        0
    }
}

impl Meter {
    pub(super) fn new(version: CurlVersion, visible: bool, start: Instant) -> Meter {
        let start = CurlTime::of(start);
        Meter {
            version,
            visible,
            start,
            lastshow: None,
            speeder: [(0, start); CURR_TIME],
            speeder_c: 0,
            current_speed: 0,
            headers_out: false,
            timespent_us: 0,
            dlspeed: 0,
            ulspeed: 0,
            size_dl: None,
            size_ul: None,
            downloaded: 0,
            uploaded: 0,
        }
    }

    /// The average speed of `size` bytes over the time spent.
    fn speed(&self, size: i64) -> i64 {
        let us = self.timespent_us;
        match self.version {
            CurlVersion::V7_58_0 => {
                let ms = us / 1000;
                if size < i64::MAX / 1000 { size * 1000 / ms.max(1) } else { size / (us / 1_000_000).max(1) }
            }
            CurlVersion::V7_88_1 => {
                if us < 1 {
                    size.saturating_mul(1_000_000)
                } else if size < i64::MAX / 1_000_000 {
                    size * 1_000_000 / us
                } else if us >= 1_000_000 {
                    size / (us / 1_000_000)
                } else {
                    i64::MAX
                }
            }
        }
    }

    /// `Curl_pgrsUpdate`: recompute, and return the line to draw (with the
    /// heading the first time) when the second changed and the meter shows.
    pub(super) fn update(&mut self, now: Instant) -> String {
        let now = CurlTime::of(now);
        self.timespent_us = now.us_since(self.start);
        self.dlspeed = self.speed(self.downloaded);
        self.ulspeed = self.speed(self.uploaded);
        if self.lastshow == Some(now.sec) {
            return String::new();
        }
        self.lastshow = Some(now.sec);
        let nowindex = self.speeder_c % CURR_TIME;
        self.speeder[nowindex] = (self.downloaded + self.uploaded, now);
        self.speeder_c += 1;
        let countindex = self.speeder_c.min(CURR_TIME) - 1;
        self.current_speed = if countindex > 0 {
            let checkindex = if self.speeder_c >= CURR_TIME { self.speeder_c % CURR_TIME } else { 0 };
            let span_ms = match now.ms_since(self.speeder[checkindex].1) {
                0 => 1,
                ms => ms,
            };
            let amount = self.speeder[nowindex].0 - self.speeder[checkindex].0;
            if amount > 4_294_967 { (amount as f64 / (span_ms as f64 / 1000.0)) as i64 } else { amount * 1000 / span_ms }
        } else {
            self.ulspeed + self.dlspeed
        };
        if !self.visible {
            return String::new();
        }
        let mut out = String::new();
        if !self.headers_out {
            out.push_str(HEADER);
            self.headers_out = true;
        }
        out.push_str(&self.line());
        out
    }

    /// `Curl_pgrsDone`: a last, forced update and the newline after it.
    pub(super) fn done(&mut self, now: Instant) -> String {
        self.lastshow = None;
        let mut out = self.update(now);
        if self.visible {
            out.push('\n');
        }
        out
    }

    /// One line of the table.
    fn line(&self) -> String {
        let timespent = self.timespent_us / 1_000_000;
        let (mut ulestimate, mut ulpercen) = (0, 0);
        if let Some(size) = self.size_ul.filter(|_| self.ulspeed > 0) {
            ulestimate = size / self.ulspeed;
            ulpercen = percent(self.uploaded, size);
        }
        let (mut dlestimate, mut dlpercen) = (0, 0);
        if let Some(size) = self.size_dl.filter(|_| self.dlspeed > 0) {
            dlestimate = size / self.dlspeed;
            dlpercen = percent(self.downloaded, size);
        }
        let total_estimate = ulestimate.max(dlestimate);
        let time_left = time2str(if total_estimate > 0 { total_estimate - timespent } else { 0 });
        let expected = self.size_ul.unwrap_or(self.uploaded) + self.size_dl.unwrap_or(self.downloaded);
        let total_percen = percent(self.downloaded + self.uploaded, expected);
        format!(
            "\r{total_percen:>3} {}  {dlpercen:>3} {}  {ulpercen:>3} {}  {}  {} {} {} {} {}",
            max5data(expected),
            max5data(self.downloaded),
            max5data(self.uploaded),
            max5data(self.dlspeed),
            max5data(self.ulspeed),
            time2str(total_estimate),
            time2str(timespent),
            time_left,
            max5data(self.current_speed),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Duration;

    fn at(start: Instant, us: u64) -> Instant {
        start + Duration::from_micros(us)
    }

    #[test]
    fn columns_like_max5data_and_time2str() {
        assert_eq!(max5data(0), "    0");
        assert_eq!(max5data(99_999), "99999");
        assert_eq!(max5data(100_000), "  97k");
        assert_eq!(max5data(300_000), " 292k");
        assert_eq!(max5data(32_700_000), "31.1M");
        assert_eq!(max5data(200 * 1024 * 1024), " 200M");
        assert_eq!(time2str(0), "--:--:--");
        assert_eq!(time2str(2), " 0:00:02");
        assert_eq!(time2str(3661), " 1:01:01");
        assert_eq!(time2str(100 * 3600), "  4d 04h");
    }

    /// `curl 127.0.0.1:8000/hello.txt | cat` with 7.88.1: the heading and a
    /// first line a millisecond after the start, the forced last line 8005
    /// µs after the start (12 bytes: the average over 8005 µs, the current
    /// speed over the 7 ms between the two samples).
    #[test]
    fn a_quick_transfer_draws_two_lines() {
        let start = Instant::ZERO + Duration::from_millis(5_200);
        let mut m = Meter::new(CurlVersion::V7_88_1, true, start);
        assert_eq!(m.update(at(start, 1000)), format!("{HEADER}\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0"));
        m.size_dl = Some(12);
        m.downloaded = 12;
        assert_eq!(m.update(at(start, 4000)), "", "same second: no new line");
        assert_eq!(m.done(at(start, 8005)), "\r100    12  100    12    0     0   1499      0 --:--:-- --:--:-- --:--:--  1714\n");
    }

    /// The slow server (5 bytes, 2.5 s, 5 more) as 7.88.1 drew it: a line a
    /// second with the estimates, then the forced one.
    #[test]
    fn a_slow_transfer_draws_a_line_each_second() {
        let start = Instant::ZERO + Duration::from_millis(10_900);
        let mut m = Meter::new(CurlVersion::V7_88_1, true, start);
        m.update(start);
        m.size_dl = Some(10);
        m.downloaded = 5;
        assert_eq!(m.update(at(start, 20_000)), "");
        assert_eq!(m.update(at(start, 1_150_000)), "\r 50    10   50     5    0     0      4      0  0:00:02  0:00:01  0:00:01     4");
        assert_eq!(m.update(at(start, 2_150_000)), "\r 50    10   50     5    0     0      2      0  0:00:05  0:00:02  0:00:03     2");
        m.downloaded = 10;
        assert_eq!(m.done(at(start, 2_520_000)), "\r100    10  100    10    0     0      3      0  0:00:03  0:00:02  0:00:01     3\n");
    }

    #[test]
    fn speeds_by_version() {
        let start = Instant::ZERO + Duration::from_secs(3);
        let mut old = Meter::new(CurlVersion::V7_58_0, false, start);
        let mut new = Meter::new(CurlVersion::V7_88_1, false, start);
        for m in [&mut old, &mut new] {
            m.downloaded = 175;
            m.update(at(start, 1500));
        }
        // 7.58.0: 175 bytes over 1 ms; 7.88.1: over 1500 µs.
        assert_eq!((old.dlspeed, new.dlspeed), (175_000, 116_666));
        assert_eq!(old.update(start), "", "hidden meters draw nothing");
    }
}
