//! `nettest` argument parsing (the program is [`crate::apps::nettest`]).

use std::net::Ipv4Addr;

use crate::apps::nettest::{Mode, Nettest};
use crate::output::CmdOutput;
use crate::shell::jobs::Launch;
use crate::shell::{Exec, Session};
use crate::time::Duration;

const USAGE: &str = "usage:\n  nettest tcp-listen PORT [--reply TEXT] [--count N] [--timeout MS]\n  nettest tcp-connect IP:PORT [--send TEXT] [--timeout MS]\n  nettest udp-listen PORT [--reply TEXT] [--count N] [--timeout MS]\n  nettest udp-send IP:PORT TEXT [--wait-reply MS]\n";

fn usage(msg: &str) -> Launch {
    Launch::Done(CmdOutput::err(format!("nettest: {msg}\n{USAGE}"), 2))
}

fn endpoint(s: &str) -> Option<(Ipv4Addr, u16)> {
    let (a, p) = s.rsplit_once(':')?;
    Some((a.parse().ok()?, p.parse().ok()?))
}

pub fn launch(s: &mut Session, argv: &[String], exec: &Exec) -> Launch {
    let Some(cmd) = argv.get(1) else { return usage("missing command") };
    let mut pos: Vec<String> = Vec::new();
    let (mut reply, mut send, mut count, mut timeout, mut wait): (Option<String>, Option<String>, u32, Option<u64>, Option<u64>) = (None, None, 1, None, None);
    let mut it = argv.iter().skip(2);
    while let Some(a) = it.next() {
        let mut val = |name: &str| it.next().cloned().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "--reply" => match val("--reply") {
                Ok(v) => reply = Some(v),
                Err(e) => return usage(&e),
            },
            "--send" => match val("--send") {
                Ok(v) => send = Some(v),
                Err(e) => return usage(&e),
            },
            "--count" => match val("--count").map(|v| v.parse::<u32>()) {
                Ok(Ok(n)) if n > 0 => count = n,
                _ => return usage("bad --count"),
            },
            "--timeout" => match val("--timeout").map(|v| v.parse::<u64>()) {
                Ok(Ok(n)) => timeout = Some(n),
                _ => return usage("bad --timeout"),
            },
            "--wait-reply" => match val("--wait-reply").map(|v| v.parse::<u64>()) {
                Ok(Ok(n)) => wait = Some(n),
                _ => return usage("bad --wait-reply"),
            },
            o if o.starts_with("--") => return usage(&format!("unknown option {o}")),
            _ => pos.push(a.clone()),
        }
    }
    let mode = match cmd.as_str() {
        "tcp-listen" | "udp-listen" => {
            let Some(port) = pos.first().and_then(|p| p.parse::<u16>().ok()) else { return usage("bad PORT") };
            let t = Duration::from_millis(timeout.unwrap_or(5000));
            if cmd == "tcp-listen" { Mode::TcpListen { port, reply, count, timeout: t } } else { Mode::UdpListen { port, reply, count, timeout: t } }
        }
        "tcp-connect" => {
            let Some((dst, port)) = pos.first().and_then(|p| endpoint(p)) else { return usage("bad IP:PORT") };
            Mode::TcpConnect { dst, port, send: send.unwrap_or_default(), timeout: Duration::from_millis(timeout.unwrap_or(1000)) }
        }
        "udp-send" => {
            let Some((dst, port)) = pos.first().and_then(|p| endpoint(p)) else { return usage("bad IP:PORT") };
            let Some(text) = pos.get(1).cloned() else { return usage("missing TEXT") };
            Mode::UdpSend { dst, port, text, wait_reply: wait.map(Duration::from_millis) }
        }
        other => return usage(&format!("unknown command {other}")),
    };
    let app = s.world.with_kernel(exec.host, |k| k.app_start(exec.netns, Box::new(Nettest::new(mode))));
    Launch::App { host: exec.host, app, limit: Duration::from_secs(600) }
}
