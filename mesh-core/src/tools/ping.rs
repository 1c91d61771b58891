//! `ping` (iputils 20221126): argument parsing; the program is
//! [`crate::apps::ping`].
//!
//! Options are read the way glibc's getopt reads iputils' option string:
//! flags may be bundled (`-qc1`), an option's argument is the rest of its
//! word or the next word (`-Mdo`, `-M do`), operands may come anywhere and
//! `--` ends the options. Integers are parsed like iputils' `strtol_or_err`
//! (decimal, whole word, with its range messages). Modelled: `-c -i -W -w
//! -s -t -M -q -n -4 -I -b`. iputils' other options are refused with a `mesh: …
//! is not modelled` error; unknown letters get iputils' usage text.
//! Also modelled: `-I DEV|ADDR` (SO_BINDTODEVICE or a bound source
//! address) and `-b` (SO_BROADCAST).
//!
//! Inside an alpine or busybox container `ping` is busybox's applet
//! instead ([`busybox`]), which resolves names through the container's
//! resolver (Docker's embedded DNS).

use std::net::Ipv4Addr;

use crate::apps::ping::{Ping, PingInterface, PingOpts};
use crate::kernel::dp::frag::PmtuDisc;
use crate::output::CmdOutput;
use crate::shell::jobs::Launch;
use crate::shell::{Exec, Session};
use crate::time::Duration;

/// iputils 20221126's usage text, after an option error.
const USAGE: &str = concat!(
    "\n",
    "Usage\n",
    "  ping [options] <destination>\n",
    "\n",
    "Options:\n",
    "  <destination>      dns name or ip address\n",
    "  -a                 use audible ping\n",
    "  -A                 use adaptive ping\n",
    "  -B                 sticky source address\n",
    "  -c <count>         stop after <count> replies\n",
    "  -C                 call connect() syscall on socket creation\n",
    "  -D                 print timestamps\n",
    "  -d                 use SO_DEBUG socket option\n",
    "  -e <identifier>    define identifier for ping session, default is random for\n",
    "                     SOCK_RAW and kernel defined for SOCK_DGRAM\n",
    "                     Imply using SOCK_RAW (for IPv4 only for identifier 0)\n",
    "  -f                 flood ping\n",
    "  -h                 print help and exit\n",
    "  -I <interface>     either interface name or address\n",
    "  -i <interval>      seconds between sending each packet\n",
    "  -L                 suppress loopback of multicast packets\n",
    "  -l <preload>       send <preload> number of packages while waiting replies\n",
    "  -m <mark>          tag the packets going out\n",
    "  -M <pmtud opt>     define mtu discovery, can be one of <do|dont|want>\n",
    "  -n                 no dns name resolution\n",
    "  -O                 report outstanding replies\n",
    "  -p <pattern>       contents of padding byte\n",
    "  -q                 quiet output\n",
    "  -Q <tclass>        use quality of service <tclass> bits\n",
    "  -s <size>          use <size> as number of data bytes to be sent\n",
    "  -S <size>          use <size> as SO_SNDBUF socket option value\n",
    "  -t <ttl>           define time to live\n",
    "  -U                 print user-to-user latency\n",
    "  -v                 verbose output\n",
    "  -V                 print version and exit\n",
    "  -w <deadline>      reply wait <deadline> in seconds\n",
    "  -W <timeout>       time to wait for response\n",
    "\n",
    "IPv4 options:\n",
    "  -4                 use IPv4\n",
    "  -b                 allow pinging broadcast\n",
    "  -R                 record route\n",
    "  -T <timestamp>     define timestamp, can be one of <tsonly|tsandaddr|tsprespec>\n",
    "\n",
    "IPv6 options:\n",
    "  -6                 use IPv6\n",
    "  -F <flowlabel>     define flow label, default is random\n",
    "  -N <nodeinfo opt>  use icmp6 node info query, try <help> as argument\n",
    "\n",
    "For more details see ping(8).\n",
);

/// iputils' option letters that take an argument (`optstring`'s `x:`).
const WITH_ARGUMENT: &str = "ceIilmMpQsStTwWFN";
/// iputils' options mesh does not model.
const NOT_MODELLED: &str = "aABCdDefhHlLmOpQrRSTUvV6FN";

/// `strtol_or_err(optarg, "invalid argument", min, max)`.
fn strtol(v: &str, min: i64, max: i64) -> Result<i64, CmdOutput> {
    let bad = |why: &str| CmdOutput::err(format!("ping: invalid argument: '{v}'{why}\n"), 1);
    let digits = v.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    let body = digits.strip_prefix(['+', '-']).unwrap_or(digits);
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad(""));
    }
    let n = digits.parse::<i64>().map_err(|_| bad(": Numerical result out of range"))?;
    if n < min || n > max {
        return Err(CmdOutput::err(format!("ping: invalid argument: '{v}': out of range: {min} <= value <= {max}\n"), 1));
    }
    Ok(n)
}

/// One piece of a command line as getopt(3) hands it over.
enum Arg {
    /// A short option and its value, if it takes one.
    Opt(char, Option<String>),
    /// A word that is not an option (the destination).
    Operand(String),
    /// An option that takes a value came last.
    MissingValue(char),
}

/// getopt(3) over short options, as both pings parse theirs: letters
/// bundled (`-qc3`), a value attached or in the next word, `--` ending
/// the options, operands anywhere.
struct ShortOpts<'a> {
    words: std::iter::Skip<std::slice::Iter<'a, String>>,
    takes_value: &'static str,
    bundle: Vec<char>,
    next_letter: usize,
    options_done: bool,
}

impl<'a> ShortOpts<'a> {
    fn new(argv: &'a [String], takes_value: &'static str) -> ShortOpts<'a> {
        ShortOpts { words: argv.iter().skip(1), takes_value, bundle: Vec::new(), next_letter: 0, options_done: false }
    }
}

impl Iterator for ShortOpts<'_> {
    type Item = Arg;
    fn next(&mut self) -> Option<Arg> {
        loop {
            if let Some(&c) = self.bundle.get(self.next_letter) {
                self.next_letter += 1;
                if !self.takes_value.contains(c) {
                    return Some(Arg::Opt(c, None));
                }
                let rest: String = self.bundle[self.next_letter..].iter().collect();
                self.next_letter = self.bundle.len();
                if !rest.is_empty() {
                    return Some(Arg::Opt(c, Some(rest)));
                }
                return Some(match self.words.next() {
                    Some(v) => Arg::Opt(c, Some(v.clone())),
                    None => Arg::MissingValue(c),
                });
            }
            let word = self.words.next()?;
            if self.options_done || !word.starts_with('-') || word == "-" {
                return Some(Arg::Operand(word.clone()));
            }
            if word == "--" {
                self.options_done = true;
                continue;
            }
            self.bundle = word.chars().skip(1).collect();
            self.next_letter = 0;
        }
    }
}

/// Parse `ping`'s arguments and start it in `exec`'s namespace: busybox's
/// ping in an alpine or busybox container, iputils' everywhere else.
pub fn launch(s: &mut Session, argv: &[String], exec: &Exec) -> Launch {
    if runs_busybox(s, exec) {
        return busybox::launch(s, argv, exec);
    }
    let mut count: Option<u32> = None;
    let mut interval = Duration::from_secs(1);
    let mut wait = Duration::from_secs(10);
    let mut deadline: Option<Duration> = None;
    let mut size = 56usize;
    let mut quiet = false;
    let mut ttl: Option<u8> = None;
    let mut pmtudisc = PmtuDisc::Want;
    let mut target: Option<String> = None;
    let mut interface: Option<PingInterface> = None;
    let mut broadcast = false;
    let num = |v: &str| -> Result<f64, CmdOutput> {
        v.parse::<f64>().ok().filter(|x| *x >= 0.0).ok_or_else(|| CmdOutput::err(format!("ping: invalid argument: '{v}'\n"), 1))
    };
    for arg in ShortOpts::new(argv, WITH_ARGUMENT) {
        let (c, value) = match arg {
            Arg::Operand(word) => {
                target = Some(word);
                continue;
            }
            Arg::MissingValue(c) => return Launch::Done(CmdOutput::err(format!("ping: option requires an argument -- '{c}'\n{USAGE}"), 2)),
            Arg::Opt(c, value) => (c, value),
        };
        let v = value.as_deref().unwrap_or("");
        let parsed: Result<(), CmdOutput> = match c {
            'c' => strtol(v, 1, i64::MAX).map(|n| count = Some(u32::try_from(n).unwrap_or(u32::MAX))),
            'i' => num(v).map(|x| interval = Duration::from_micros((x * 1e6) as u64)),
            'W' => num(v).map(|x| wait = Duration::from_micros((x * 1e6) as u64)),
            'w' => num(v).map(|x| deadline = Some(Duration::from_micros((x * 1e6) as u64))),
            's' => strtol(v, 0, i64::from(i32::MAX)).map(|n| size = n as usize),
            't' => match strtol(v, 0, 255) {
                Ok(0) => Err(CmdOutput::err("ping: cannot set unicast time-to-live: Invalid argument\n", 2)),
                Ok(n) => {
                    ttl = u8::try_from(n).ok();
                    Ok(())
                }
                Err(e) => Err(e),
            },
            'M' => match v {
                "do" | "dont" | "want" => {
                    pmtudisc = match v {
                        "do" => PmtuDisc::Do,
                        "dont" => PmtuDisc::Dont,
                        _ => PmtuDisc::Want,
                    };
                    Ok(())
                }
                other => Err(CmdOutput::err(format!("ping: invalid -M argument: {other}\n"), 2)),
            },
            'q' => {
                quiet = true;
                Ok(())
            }
            'b' => {
                broadcast = true;
                Ok(())
            }
            // iputils: an IPv4 address is a source address, anything
            // else names a device.
            'I' => {
                interface = Some(match v.parse::<Ipv4Addr>() {
                    Ok(a) => PingInterface::Addr(a),
                    Err(_) => PingInterface::Device(v.to_string()),
                });
                Ok(())
            }
            'n' | '4' => Ok(()),
            c if NOT_MODELLED.contains(c) => Err(CmdOutput::err(format!("mesh: ping -{c} is not modelled\n"), 1)),
            c => Err(CmdOutput::err(format!("ping: invalid option -- '{c}'\n{USAGE}"), 2)),
        };
        if let Err(e) = parsed {
            return Launch::Done(e);
        }
    }
    let Some(target) = target else {
        return Launch::Done(CmdOutput::err("ping: usage error: Destination address required\n", 1));
    };
    let Ok(dst) = target.parse::<Ipv4Addr>() else {
        return Launch::Done(CmdOutput::err(format!("ping: {target}: Name or service not known\n"), 2));
    };
    // Without -c, a real ping runs until interrupted; mesh stops after 4.
    let count = count.unwrap_or(4);
    let ident = s.world.with_kernel(exec.host, |k| k.port_rng_u16());
    let opts = PingOpts {
        dst,
        target,
        count,
        interval,
        wait: if count == 1 { wait } else { wait.min(Duration::from_secs(10)) },
        size,
        quiet,
        ident,
        ttl,
        pmtudisc,
        interface,
        broadcast,
    };
    let app = s.world.with_kernel(exec.host, |k| k.app_start(exec.netns, Box::new(Ping::new(opts))));
    let limit = deadline.unwrap_or(Duration::from_secs(u64::from(count) + 20));
    Launch::App { host: exec.host, app, limit }
}

/// Whether `exec` runs in a container whose image ships busybox's applets
/// (alpine, busybox); netshoot and the hosts have iputils.
fn runs_busybox(s: &Session, exec: &Exec) -> bool {
    let (Some(id), Some(sw)) = (exec.container.as_deref(), s.swarm.as_ref()) else { return false };
    sw.daemons
        .iter()
        .flat_map(|d| d.sandboxes.values())
        .filter_map(|sb| sb.container.as_ref())
        .any(|c| c.id == id && matches!(crate::swarm::cluster::image_repo(&c.image), "alpine" | "busybox"))
}

/// busybox 1.36 `ping` (Alpine's build): argument parsing; the program is
/// [`crate::apps::ping::BusyboxPing`].
///
/// getopt32 with `qvAc:+s:t:+w:+W:+I:np:i:46` and exactly one operand:
/// flags bundle, an option's argument is the rest of its word or the next
/// word, operands may come anywhere. Errors are musl getopt's messages
/// followed by busybox's usage (exit 1), and busybox's number checks
/// (`ping: invalid number 'x'`, `ping: number 70000 is not in 0..65535
/// range`). Modelled: `-c -s -t -w -W -I -i -q -n -4`; `-v -A -p -6` are
/// refused as not modelled. `-i` takes seconds with a fraction (busybox
/// also takes `m`/`h`/`d` suffixes, not modelled).
pub mod busybox {
    use std::net::Ipv4Addr;

    use super::{Arg, ShortOpts};
    use crate::apps::ping::{BusyboxPing, BusyboxPingOpts, PingInterface};
    use crate::output::CmdOutput;
    use crate::shell::jobs::Launch;
    use crate::shell::{Exec, Session};
    use crate::time::Duration;

    /// busybox's usage text for ping (1.36.1 as Alpine ships it).
    pub const USAGE: &str = "BusyBox v1.36.1 (2023-06-02 00:42:02 UTC) multi-call binary.

Usage: ping [OPTIONS] HOST

Send ICMP ECHO_REQUESTs to HOST

\t-4,-6\t\tForce IP or IPv6 name resolution
\t-c CNT\t\tSend only CNT pings
\t-s SIZE\t\tSend SIZE data bytes in packets (default 56)
\t-i SECS\t\tInterval
\t-A\t\tPing as soon as reply is received
\t-t TTL\t\tSet TTL
\t-I IFACE/IP\tSource interface or IP address
\t-W SEC\t\tSeconds to wait for the first response (default 10)
\t\t\t(after all -c CNT packets are sent)
\t-w SEC\t\tSeconds until ping exits (default:infinite)
\t\t\t(can exit earlier with -c CNT)
\t-q\t\tQuiet, only display output at start/finish
\t-p HEXBYTE\tPayload pattern
";

    /// Option letters that take an argument.
    const WITH_ARGUMENT: &str = "cstwWIpi";
    /// Where mesh runs busybox ping without `-c` or `-w`, it stops after
    /// this many requests (the real one runs until interrupted).
    const UNLIMITED_SENDS: u32 = 4;

    fn usage() -> CmdOutput {
        CmdOutput::err(USAGE, 1)
    }

    /// busybox's `xatou_range(v, 0, max)`: decimal digits only.
    fn number(v: &str, max: u64) -> Result<u64, CmdOutput> {
        let invalid = || CmdOutput::err(format!("ping: invalid number '{v}'\n"), 1);
        if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        let n = v.parse::<u64>().map_err(|_| invalid())?;
        if n > max {
            return Err(CmdOutput::err(format!("ping: number {v} is not in 0..{max} range\n"), 1));
        }
        Ok(n)
    }

    /// `-i`: seconds, possibly with a fraction (`0.2`).
    fn seconds(v: &str) -> Result<Duration, CmdOutput> {
        let invalid = || CmdOutput::err(format!("ping: invalid number '{v}'\n"), 1);
        let (whole, frac) = v.split_once('.').unwrap_or((v, ""));
        let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() && frac.is_empty() || !digits(whole) || !digits(frac) {
            return Err(invalid());
        }
        let secs: f64 = format!("0{whole}.{frac}0").parse().map_err(|_| invalid())?;
        // busybox caps the interval at INT_MAX / 1e6 seconds.
        Ok(Duration::from_micros((secs.min(2147.0) * 1e6) as u64))
    }

    /// Parse busybox ping's arguments and start it in `exec`'s namespace.
    pub fn launch(s: &mut Session, argv: &[String], exec: &Exec) -> Launch {
        match parse(s, argv, exec) {
            Ok(opts) => {
                let deadline = opts.deadline;
                let sends = opts.send_limit.unwrap_or(u32::MAX);
                let app = s.world.with_kernel(exec.host, |k| k.app_start(exec.netns, Box::new(BusyboxPing::new(opts))));
                // Name resolution, the sends and the last wait, bounded.
                let limit = deadline.unwrap_or(Duration::from_secs(u64::from(sends.min(3600)) + 40)) + Duration::from_secs(20);
                Launch::App { host: exec.host, app, limit }
            }
            Err(out) => Launch::Done(out),
        }
    }

    fn parse(s: &mut Session, argv: &[String], exec: &Exec) -> Result<BusyboxPingOpts, CmdOutput> {
        let mut count = 0u32;
        let mut size = 56usize;
        let mut ttl: Option<u8> = None;
        let mut deadline: Option<Duration> = None;
        let mut timeout_secs = 10u64;
        let mut interface: Option<String> = None;
        let mut interval = Duration::from_secs(1);
        let mut quiet = false;
        let mut ipv4_only = false;
        let mut operands: Vec<String> = Vec::new();
        for arg in ShortOpts::new(argv, WITH_ARGUMENT) {
            let (c, v) = match arg {
                Arg::Operand(word) => {
                    operands.push(word);
                    continue;
                }
                Arg::MissingValue(c) => return Err(CmdOutput::err(format!("ping: option requires an argument: {c}\n{USAGE}"), 1)),
                Arg::Opt(c, value) => (c, value.unwrap_or_default()),
            };
            match c {
                'c' => count = u32::try_from(number(&v, i32::MAX as u64)?).unwrap_or(u32::MAX),
                's' => size = number(&v, 65535)? as usize,
                // The kernel refuses a TTL above 255 and busybox does
                // not check; 0 means "not set".
                't' => ttl = u8::try_from(number(&v, i32::MAX as u64)?).ok().filter(|t| *t > 0),
                'w' => deadline = Some(Duration::from_secs(number(&v, i32::MAX as u64)?.min(2147))),
                'W' => timeout_secs = number(&v, i32::MAX as u64)?,
                'I' => interface = Some(v),
                'i' => interval = seconds(&v)?,
                'q' => quiet = true,
                'n' => {}
                '4' => ipv4_only = true,
                'v' | 'A' | 'p' | '6' => return Err(CmdOutput::err(format!("mesh: ping -{c} is not modelled\n"), 1)),
                c => return Err(CmdOutput::err(format!("ping: unrecognized option: {c}\n{USAGE}"), 1)),
            }
        }
        let [target] = operands.as_slice() else { return Err(usage()) };
        // `if_nametoindex`, else a numeric address (or `bad address`).
        let interface = match interface {
            None => None,
            Some(name) => {
                if s.world.kernel(exec.host).dev_by_name(exec.netns, &name).is_some() {
                    Some(PingInterface::Device(name))
                } else {
                    match name.parse::<Ipv4Addr>() {
                        Ok(a) => Some(PingInterface::Addr(a)),
                        Err(_) => return Err(CmdOutput::err(format!("ping: bad address '{name}'\n"), 1)),
                    }
                }
            }
        };
        let dst = target.parse::<Ipv4Addr>().ok().or_else(|| crate::tools::curl::localhost_only(target));
        let send_limit = match (count, deadline) {
            (0, None) => Some(UNLIMITED_SENDS),
            (0, Some(_)) => None,
            (n, _) => Some(n),
        };
        let ident = s.world.with_kernel(exec.host, |k| k.port_rng_u16());
        Ok(BusyboxPingOpts {
            target: target.clone(),
            dst,
            nameserver: (Ipv4Addr::new(127, 0, 0, 11), 53),
            ipv4_only,
            count,
            send_limit,
            interval,
            timeout_secs,
            deadline,
            size,
            quiet,
            ttl,
            interface,
            ident,
        })
    }
}
