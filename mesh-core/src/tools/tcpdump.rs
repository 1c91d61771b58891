//! `tcpdump`: captures on a device of the current namespace and prints
//! tcpdump 4.99's one-line format (`-n`, `-nn`, `-e`, `-l`, `-c N`, `-S`,
//! `-i IF|any`), with a subset of the pcap filter language: `tcp`, `udp`,
//! `icmp`, `arp`, `ip`, `[src|dst] host A`, `[src|dst] port N`,
//! `[src|dst] net A/N`, `and`/`&&`, `or`/`||`, `not`/`!`, parentheses.
//! Without `-c`, a capture runs until it is stopped (`kill %N`, or the end
//! of the command's time limit when in the foreground).

use std::net::Ipv4Addr;

use crate::net::Ipv4Cidr;
use crate::output::CmdOutput;
use crate::shell::jobs::{Capture, Launch};
use crate::shell::{Exec, Session};

/// A filter expression.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Expr {
    Proto(u8),
    Arp,
    Ip,
    Host(Dir, Ipv4Addr),
    Net(Dir, Ipv4Cidr),
    Port(Dir, u16),
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dir {
    Any,
    Src,
    Dst,
}

struct Parser<'a> {
    toks: &'a [String],
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&str> {
        self.toks.get(self.i).map(String::as_str)
    }
    fn next(&mut self) -> Option<String> {
        let t = self.toks.get(self.i).cloned();
        self.i += 1;
        t
    }
    fn expr(&mut self) -> Result<Expr, String> {
        let mut l = self.term()?;
        while matches!(self.peek(), Some("or" | "||")) {
            self.i += 1;
            l = Expr::Or(Box::new(l), Box::new(self.term()?));
        }
        Ok(l)
    }
    fn term(&mut self) -> Result<Expr, String> {
        let mut l = self.factor()?;
        loop {
            match self.peek() {
                Some("and" | "&&") => {
                    self.i += 1;
                    l = Expr::And(Box::new(l), Box::new(self.factor()?));
                }
                // Juxtaposition is not `and` in pcap; stop.
                _ => return Ok(l),
            }
        }
    }
    fn factor(&mut self) -> Result<Expr, String> {
        match self.next().as_deref() {
            Some("not" | "!") => Ok(Expr::Not(Box::new(self.factor()?))),
            Some("(") => {
                let e = self.expr()?;
                match self.next().as_deref() {
                    Some(")") => Ok(e),
                    _ => Err("syntax error".into()),
                }
            }
            Some("tcp") => self.proto_then(6),
            Some("udp") => self.proto_then(17),
            Some("icmp") => Ok(Expr::Proto(1)),
            Some("arp") => Ok(Expr::Arp),
            Some("ip") => Ok(Expr::Ip),
            Some(d @ ("src" | "dst")) => {
                let dir = if d == "src" { Dir::Src } else { Dir::Dst };
                self.qualified(dir)
            }
            Some("host" | "port" | "net") => {
                self.i -= 1;
                self.qualified(Dir::Any)
            }
            Some(other) => Err(format!("syntax error in filter expression: unknown token `{other}`")),
            None => Err("syntax error".into()),
        }
    }
    /// `tcp port 80` means `tcp and port 80`.
    fn proto_then(&mut self, p: u8) -> Result<Expr, String> {
        if matches!(self.peek(), Some("port" | "src" | "dst")) {
            let rest = self.factor()?;
            return Ok(Expr::And(Box::new(Expr::Proto(p)), Box::new(rest)));
        }
        Ok(Expr::Proto(p))
    }
    fn qualified(&mut self, dir: Dir) -> Result<Expr, String> {
        let kind = self.next().unwrap_or_default();
        let val = self.next().unwrap_or_default();
        match kind.as_str() {
            "host" => val.parse().map(|a| Expr::Host(dir, a)).map_err(|_| format!("syntax error in filter expression: bad host `{val}`")),
            "port" => val.parse().map(|p| Expr::Port(dir, p)).map_err(|_| format!("syntax error in filter expression: bad port `{val}`")),
            "net" => val.parse().map(|c: Ipv4Cidr| Expr::Net(dir, c)).map_err(|_| format!("syntax error in filter expression: bad net `{val}`")),
            _ => Err("syntax error".into()),
        }
    }
}

fn eval(e: &Expr, f: &[u8]) -> bool {
    let ethertype = f.get(12..14).map(|b| u16::from_be_bytes([b[0], b[1]]));
    let ip = if ethertype == Some(0x0800) { f.get(14..) } else { None };
    let (proto, src, dst) = match ip {
        Some(p) if p.len() >= 20 => (p[9], Ipv4Addr::new(p[12], p[13], p[14], p[15]), Ipv4Addr::new(p[16], p[17], p[18], p[19])),
        _ => (0, Ipv4Addr::UNSPECIFIED, Ipv4Addr::UNSPECIFIED),
    };
    let ports = ip.and_then(|p| {
        let hl = usize::from(p[0] & 0x0f) * 4;
        let frag = u16::from_be_bytes([p[6], p[7]]) & 0x1fff;
        if matches!(proto, 6 | 17 | 132) && frag == 0 && p.len() >= hl + 4 {
            Some((u16::from_be_bytes([p[hl], p[hl + 1]]), u16::from_be_bytes([p[hl + 2], p[hl + 3]])))
        } else {
            None
        }
    });
    match e {
        Expr::Proto(p) => ip.is_some() && proto == *p,
        Expr::Arp => ethertype == Some(0x0806),
        Expr::Ip => ip.is_some(),
        Expr::Host(d, a) => ip.is_some() && ((*d != Dir::Dst && src == *a) || (*d != Dir::Src && dst == *a)),
        Expr::Net(d, c) => ip.is_some() && ((*d != Dir::Dst && c.contains(src)) || (*d != Dir::Src && c.contains(dst))),
        Expr::Port(d, n) => ports.is_some_and(|(s, t)| (*d != Dir::Dst && s == *n) || (*d != Dir::Src && t == *n)),
        Expr::Not(x) => !eval(x, f),
        Expr::And(a, b) => eval(a, f) && eval(b, f),
        Expr::Or(a, b) => eval(a, f) || eval(b, f),
    }
}

/// Parse argv and start the capture.
pub fn launch(s: &mut Session, argv: &[String], exec: &Exec) -> Launch {
    if !exec.root {
        return Launch::Done(CmdOutput::err(
            "tcpdump: eth0: You don't have permission to perform this capture on that device\n(socket: Operation not permitted)\n",
            1,
        ));
    }
    let mut iface: Option<String> = None;
    let mut count: Option<usize> = None;
    let mut link_level = false;
    let mut absolute = false;
    let mut verbose = false;
    let mut no_time = false;
    let mut expr: Vec<String> = Vec::new();
    let mut it = argv.iter().skip(1);
    while let Some(a) = it.next() {
        if a.starts_with('-') && a.len() > 1 && expr.is_empty() {
            let mut chars = a[1..].chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    'n' | 'l' | 'q' | 'p' | 'N' => {}
                    'e' => link_level = true,
                    't' => no_time = true,
                    'S' => absolute = true,
                    'v' if verbose => return Launch::Done(CmdOutput::err("mesh: tcpdump -vv and -vvv are not modelled (-v is)\n", 1)),
                    'v' => verbose = true,
                    'i' | 'c' => {
                        let rest: String = chars.by_ref().collect();
                        let v = if rest.is_empty() { it.next().cloned() } else { Some(rest) };
                        let Some(v) = v else {
                            return Launch::Done(CmdOutput::err(format!("tcpdump: option requires an argument -- '{c}'\n"), 1));
                        };
                        if c == 'i' {
                            iface = Some(v);
                        } else {
                            match v.parse::<usize>() {
                                Ok(n) if n > 0 => count = Some(n),
                                _ => return Launch::Done(CmdOutput::err(format!("tcpdump: invalid packet count {v}\n"), 1)),
                            }
                        }
                        break;
                    }
                    _ => return Launch::Done(CmdOutput::err(format!("tcpdump: invalid option -- '{c}'\n"), 1)),
                }
            }
        } else {
            expr.push(a.clone());
        }
    }
    let toks: Vec<String> = expr.iter().flat_map(|w| split_parens(w)).collect();
    let filter = if toks.is_empty() {
        None
    } else {
        let mut p = Parser { toks: &toks, i: 0 };
        match p.expr() {
            Ok(e) if p.i >= toks.len() => Some(e),
            Ok(_) => return Launch::Done(CmdOutput::err("tcpdump: syntax error in filter expression: syntax error\n", 1)),
            Err(m) => return Launch::Done(CmdOutput::err(format!("tcpdump: {m}\n"), 1)),
        }
    };
    let k = s.world.kernel(exec.host);
    let (dev, dev_name) = match iface.as_deref() {
        None | Some("any") if iface.as_deref() == Some("any") => (None, "any".to_string()),
        None => match k.devs_in(exec.netns).find(|d| !d.is_loopback() && d.admin_up) {
            Some(d) => (Some(d.id), d.name.clone()),
            None => return Launch::Done(CmdOutput::err("tcpdump: no suitable device found\n", 1)),
        },
        Some(name) => match k.dev_by_name(exec.netns, name) {
            Some(d) => (Some(d), name.to_string()),
            None => return Launch::Done(CmdOutput::err(format!("tcpdump: {name}: No such device exists\n(No such device exists)\n"), 1)),
        },
    };
    if let Some(d) = dev {
        if !k.dev(d).admin_up {
            return Launch::Done(CmdOutput::err(format!("tcpdump: {dev_name}: That device is not up\n"), 1));
        }
    }
    let link = if dev.is_some_and(|d| k.dev(d).is_loopback()) {
        "EN10MB (Ethernet)"
    } else if dev.is_none() {
        "LINUX_SLL2 (Linux cooked v2)"
    } else {
        "EN10MB (Ethernet)"
    };
    let mut banner = String::new();
    if !verbose {
        banner.push_str("tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n");
        banner.push_str(&format!("listening on {dev_name}, link-type {link}, snapshot length 262144 bytes\n"));
    } else {
        banner.push_str(&format!("tcpdump: listening on {dev_name}, link-type {link}, snapshot length 262144 bytes\n"));
    }
    let f: Option<crate::kernel::dp::TapFilter> = filter.map(|e| std::sync::Arc::new(move |fr: &[u8]| eval(&e, fr)) as crate::kernel::dp::TapFilter);
    let ns = exec.netns;
    let tap = s.world.with_kernel(exec.host, |k| k.tap_open(ns, dev, f, count));
    let formatter = crate::wire::tcpdump::TcpdumpFormatter::new(crate::wire::tcpdump::TcpdumpOptions { link_level, absolute_seq: absolute, verbose });
    Launch::Capture(Box::new(Capture {
        host: exec.host,
        tap,
        count,
        formatter,
        wall_epoch: s.wall_epoch,
        no_time,
        verbose,
        banner,
        printed: 0,
        out: String::new(),
        started: s.world.now,
    }))
}

fn split_parens(w: &str) -> Vec<String> {
    let mut v = Vec::new();
    let mut cur = String::new();
    for c in w.chars() {
        if c == '(' || c == ')' {
            if !cur.is_empty() {
                v.push(std::mem::take(&mut cur));
            }
            v.push(c.to_string());
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        v.push(cur);
    }
    v
}

impl Capture {
    /// Format frames captured since the last call.
    pub fn drain(&mut self, s: &mut Session) {
        let frames = s.world.with_kernel(self.host, |k| k.tap_drain(self.tap));
        for c in frames {
            let tod = ((self.wall_epoch.rem_euclid(86_400) as u64) * 1_000_000 + c.time.as_micros()) % 86_400_000_000;
            let line = self.formatter.format(&c.frame, tod);
            // `-t`: no timestamp (the formatter's first 16 characters).
            let line = if self.no_time { line.get(16..).unwrap_or_default().to_string() } else { line };
            self.out.push_str(&line);
            if !line.ends_with('\n') {
                self.out.push('\n');
            }
            self.printed += 1;
        }
    }

    /// Whether `-c N` frames were captured.
    pub fn complete(&self, s: &Session) -> bool {
        let n = s.world.kernel(self.host).tap_count(self.tap).map(|(n, _)| n).unwrap_or(0);
        self.count.is_some_and(|c| n >= c)
    }

    /// Stop: close the tap and print the statistics.
    pub fn finish(mut self, s: &mut Session) -> CmdOutput {
        self.drain(s);
        let seen = s.world.with_kernel(self.host, |k| k.tap_close(self.tap)).map(|t| t.seen).unwrap_or(0);
        let n = self.printed;
        let mut err = self.banner.clone();
        err.push_str(&format!("{n} packet{} captured\n", if n == 1 { "" } else { "s" }));
        err.push_str(&format!("{seen} packet{} received by filter\n", if seen == 1 { "" } else { "s" }));
        err.push_str("0 packets dropped by kernel\n");
        CmdOutput { stdout: self.out, stderr: err, status: 0, interleaved: None }
    }
}
