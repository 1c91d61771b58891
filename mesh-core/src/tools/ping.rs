//! `ping` (iputils): argument parsing; the program is [`crate::apps::ping`].

use std::net::Ipv4Addr;

use crate::apps::ping::{Ping, PingOpts};
use crate::output::CmdOutput;
use crate::shell::jobs::Launch;
use crate::shell::{Exec, Session};
use crate::time::Duration;

const USAGE: &str = "\nUsage\n  ping [options] <destination>\n";

/// Parse `ping`'s arguments and start it in `exec`'s namespace.
pub fn launch(s: &mut Session, argv: &[String], exec: &Exec) -> Launch {
    let mut count: Option<u32> = None;
    let mut interval = Duration::from_secs(1);
    let mut wait = Duration::from_secs(10);
    let mut deadline: Option<Duration> = None;
    let mut size = 56usize;
    let mut quiet = false;
    let mut ttl: Option<u8> = None;
    let mut target: Option<String> = None;
    let mut it = argv.iter().skip(1);
    let num = |v: Option<&String>, opt: &str| -> Result<f64, CmdOutput> {
        v.and_then(|x| x.parse::<f64>().ok()).filter(|x| *x >= 0.0).ok_or_else(|| CmdOutput::err(format!("ping: invalid argument: '{}'\n", v.map(String::as_str).unwrap_or(opt)), 1))
    };
    while let Some(a) = it.next() {
        match a.as_str() {
            "-c" => match num(it.next(), "-c") {
                Ok(v) if v >= 1.0 => count = Some(v as u32),
                Ok(_) => return Launch::Done(CmdOutput::err("ping: invalid argument: '0': out of range: 1 <= value <= 9223372036854775807\n", 1)),
                Err(e) => return Launch::Done(e),
            },
            "-i" => match num(it.next(), "-i") {
                Ok(v) => interval = Duration::from_micros((v * 1e6) as u64),
                Err(e) => return Launch::Done(e),
            },
            "-W" => match num(it.next(), "-W") {
                Ok(v) => wait = Duration::from_micros((v * 1e6) as u64),
                Err(e) => return Launch::Done(e),
            },
            "-w" => match num(it.next(), "-w") {
                Ok(v) => deadline = Some(Duration::from_micros((v * 1e6) as u64)),
                Err(e) => return Launch::Done(e),
            },
            "-s" => match num(it.next(), "-s") {
                Ok(v) => size = v as usize,
                Err(e) => return Launch::Done(e),
            },
            "-q" => quiet = true,
            "-t" => match it.next().and_then(|v| v.parse::<u8>().ok()) {
                Some(t) if t > 0 => ttl = Some(t),
                _ => return Launch::Done(CmdOutput::err("ping: invalid argument: ttl out of range\n", 1)),
            },
            "-n" | "-4" => {}
            s if s.starts_with('-') && s.len() > 1 => {
                let c = s.chars().nth(1).unwrap_or('?');
                if let Some(rest) = s.strip_prefix("-c") {
                    match rest.parse::<u32>() {
                        Ok(v) if v >= 1 => count = Some(v),
                        _ => return Launch::Done(CmdOutput::err(format!("ping: invalid argument: '{rest}'\n"), 1)),
                    }
                    continue;
                }
                return Launch::Done(CmdOutput::err(format!("ping: invalid option -- '{c}'{USAGE}"), 2));
            }
            s => target = Some(s.to_string()),
        }
    }
    let Some(target) = target else {
        return Launch::Done(CmdOutput::err(format!("ping: usage error: Destination address required\n"), 1));
    };
    let Ok(dst) = target.parse::<Ipv4Addr>() else {
        return Launch::Done(CmdOutput::err(format!("ping: {target}: Name or service not known\n"), 2));
    };
    // Without -c, a real ping runs until interrupted; mesh stops after 4 (say so once).
    let (count, note) = match count {
        Some(c) => (c, None),
        None => (4, Some("mesh: ping without -c would run until Ctrl-C; sending 4 requests\n")),
    };
    let ident = s.world.with_kernel(exec.host, |k| k.port_rng_u16());
    let _ = note;
    let opts = PingOpts { dst, target, count, interval, wait: if count == 1 { wait } else { wait.min(Duration::from_secs(10)) }, size, quiet, ident, ttl };
    let app = s.world.with_kernel(exec.host, |k| k.app_start(exec.netns, Box::new(Ping::new(opts))));
    let limit = deadline.unwrap_or(Duration::from_secs(u64::from(count) + 20));
    Launch::App { host: exec.host, app, limit }
}
