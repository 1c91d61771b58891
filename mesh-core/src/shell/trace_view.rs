//! Views of a trace: the numbered hop list, one hop in detail, the hex view
//! with changed bytes marked, JSON, and a pcapng export — plus the shell
//! built-ins that use them (`trace`, `hops`, `step`/`next`, `back`,
//! `hop N`, `hex N`).
//!
//! A trace ([`Trace`]) is what the datapath recorded while a command ran:
//! one [`Hop`] per point a learner may stop at (a device sending or
//! receiving, a bridge or route decision, a netfilter hook with its rule
//! walk, NAT, conntrack, IPVS, VXLAN, delivery, drops), each with the bytes
//! of the packet as they were at that point. Everything here is a pure
//! function of the trace, so the terminal and the browser show the same text.
//!
//! Conventions:
//! - API indices are 0-based; everything printed numbers hops from 1.
//! - Times are printed relative to the first hop, in seconds with
//!   microsecond precision (`0.000041`).
//! - "The previous version" of a hop's packet is the nearest earlier hop that
//!   carries the same packet: the same innermost IPv4 (protocol,
//!   identification) — which survives forwarding, NAT and VXLAN
//!   encapsulation — or, for ARP, the same (opcode, sender, target). Bytes are
//!   compared after aligning the two copies on that innermost header, so a
//!   NAT rewrite marks just the address, port and checksum bytes, and VXLAN
//!   encapsulation marks the new outer headers.
//!
//! Not modelled: a trace does not follow packets of other commands that
//! happen to be in flight, and `trace` does not capture what the packets of
//! the command cause more than [`TRACE_TAIL`] after the command returned.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{Exec, Session};
use crate::output::CmdOutput;
use crate::sim::trace::{Hop, HopKind, RuleEval, Trace};
use crate::time::Duration;
use crate::wire::describe::{Layer, describe_frame, hexdump};
use crate::wire::pcapng::PcapngWriter;

/// How long `trace` keeps recording after its command returned, so the
/// return path and teardown packets (FIN, final ACK, delayed ACKs) that the
/// command set in motion are part of the trace.
pub const TRACE_TAIL: Duration = Duration::from_millis(200);

/// The Ethernet header length.
const ETH_HLEN: usize = 14;

/// The last trace of a session and the hop being looked at.
#[derive(Clone, Debug, Default)]
pub struct TraceState {
    /// The last trace recorded by `trace`.
    pub last: Option<Trace>,
    /// The current hop (0-based) for `step`/`back`; `None` before the first step.
    pub current: Option<usize>,
}

/// Read-only views of a trace.
#[derive(Clone, Copy, Debug)]
pub struct TraceView<'a> {
    pub trace: &'a Trace,
}

impl<'a> TraceView<'a> {
    pub fn new(trace: &'a Trace) -> TraceView<'a> {
        TraceView { trace }
    }

    pub fn len(&self) -> usize {
        self.trace.hops.len()
    }

    pub fn is_empty(&self) -> bool {
        self.trace.hops.is_empty()
    }

    /// The numbered hop list: one line per hop with its time, node, network
    /// namespace, device, kind, the packet's flow at that point and what
    /// happened. Columns are as wide as their widest entry; `current` (if
    /// any) is marked with `>` in the first column.
    ///
    /// ```text
    ///   #  TIME      NODE  NETNS  DEV  HOP      FLOW                                     WHAT
    ///   1  0.000000  host  host   lo   send     icmp 127.0.0.1 > 127.0.0.1 echo request  sent by a local socket, routed out lo
    /// > 2  0.000000  host  host   lo   tx       icmp 127.0.0.1 > 127.0.0.1 echo request  sent on loopback
    /// ```
    pub fn hop_list(&self, current: Option<usize>) -> String {
        let header = ["#", "TIME", "NODE", "NETNS", "DEV", "HOP", "FLOW", "WHAT"].map(String::from);
        let mut rows = vec![header];
        for (i, hop) in self.trace.hops.iter().enumerate() {
            rows.push([
                (i + 1).to_string(),
                self.relative_time(i),
                hop.node.clone(),
                hop.netns.clone(),
                hop.dev.clone().unwrap_or_else(|| "-".into()),
                kind_name(hop.kind).to_string(),
                hop.flow.clone().unwrap_or_else(|| "-".into()),
                hop.what.clone(),
            ]);
        }
        let mut widths = [0usize; 8];
        for row in &rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let mut out = String::new();
        for (r, row) in rows.iter().enumerate() {
            let marker = if r > 0 && current == Some(r - 1) { '>' } else { ' ' };
            let mut line = format!("{marker} {:>w$}", row[0], w = widths[0]);
            for (c, cell) in row.iter().enumerate().skip(1) {
                let _ = write!(line, "  {cell:<w$}", w = widths[c]);
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }

    /// The time of hop `i` since the first hop, as seconds with µs precision.
    pub fn relative_time(&self, i: usize) -> String {
        let (Some(first), Some(hop)) = (self.trace.hops.first(), self.trace.hops.get(i)) else {
            return String::new();
        };
        let us = hop.time.since(first.time).as_micros();
        format!("{}.{:06}", us / 1_000_000, us % 1_000_000)
    }

    /// Hop `i` in detail: where it happened, what happened, the rule walk
    /// with matched and failed rules, NAT before → after, the conntrack
    /// entry, the IPVS choice, and the packet's headers layer by layer.
    /// `None` if there is no hop `i`.
    pub fn hop_detail(&self, i: usize) -> Option<String> {
        let hop = self.trace.hops.get(i)?;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "hop {} of {}  at {} s  on {}  netns {}  dev {}  [{}]",
            i + 1,
            self.len(),
            self.relative_time(i),
            hop.node,
            hop.netns,
            hop.dev.as_deref().unwrap_or("-"),
            kind_name(hop.kind)
        );
        let _ = writeln!(out, "{}", hop.what);
        if let Some(flow) = &hop.flow {
            let _ = writeln!(out, "flow: {flow}");
        }
        let d = &hop.detail;
        if let Some(hook) = &d.hook {
            let _ = writeln!(out, "hook: {hook}");
        }
        if !d.rules.is_empty() {
            let _ = writeln!(out, "rules evaluated:");
            out.push_str(&rule_walk(&d.rules));
        }
        if let Some(verdict) = &d.verdict {
            let _ = writeln!(out, "verdict: {verdict}");
        }
        match (&d.before, &d.after) {
            (Some(b), Some(a)) => {
                let _ = writeln!(out, "before: {b}\nafter:  {a}");
            }
            (Some(b), None) => {
                let _ = writeln!(out, "before: {b}");
            }
            (None, Some(a)) => {
                let _ = writeln!(out, "after:  {a}");
            }
            (None, None) => {}
        }
        if let Some(ct) = &d.conntrack {
            let _ = writeln!(out, "conntrack: {ct}");
        }
        if let Some(ipvs) = &d.ipvs {
            let _ = writeln!(out, "ipvs: {ipvs}");
        }
        let level = if hop.link { "frame" } else { "packet (no link-level header at this point)" };
        let _ = writeln!(out, "\n{} bytes, {level}:", hop.bytes.len());
        for layer in layers_of(hop) {
            out.push_str(&layer_text(&layer));
        }
        Some(out)
    }

    /// The bytes of hop `i` as a hex dump, with the bytes that changed since
    /// the previous version of the same packet marked `^^`. `None` if there
    /// is no hop `i`.
    pub fn hex(&self, i: usize) -> Option<String> {
        let hop = self.trace.hops.get(i)?;
        let mut out = String::new();
        let level = if hop.link { "link level" } else { "from the IPv4 header" };
        let (marks, note) = match self.previous_version(i) {
            Some(p) => {
                let prev = &self.trace.hops[p];
                let marks = aligned_changes(prev, hop);
                let n = marks.iter().filter(|m| **m).count();
                (marks, format!("{n} bytes changed since hop {} are marked ^^", p + 1))
            }
            None => (Vec::new(), "first sight of this packet: nothing to compare with".to_string()),
        };
        let _ = writeln!(out, "hop {}: {} bytes, {level}; {note}", i + 1, hop.bytes.len());
        out.push_str(&hexdump(&hop.bytes, &marks));
        Some(out)
    }

    /// The nearest earlier hop carrying the same packet as hop `i` (see the
    /// module docs), if any.
    pub fn previous_version(&self, i: usize) -> Option<usize> {
        let key = packet_key(self.trace.hops.get(i)?)?;
        (0..i).rev().find(|&j| packet_key(&self.trace.hops[j]).as_ref() == Some(&key))
    }

    /// The trace as JSON: `{"hops": [...]}`, each hop with its fields as in
    /// [`Hop`] (bytes as a hex string).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self.trace).unwrap_or_default()
    }

    /// The trace as a pcapng file with one interface per (node, netns,
    /// device) that a frame crossed, in order of first use, named
    /// `node:netns:dev` (`node:dev` in the initial namespace).
    ///
    /// What is exported is what a capture on each device would have seen:
    /// every `rx` and `tx` hop (link-level frames, as is), and for a VXLAN
    /// encapsulation the inner frame as sent on the VXLAN device. In-stack
    /// hops (routing, netfilter, NAT, delivery …) carry no new frame and are
    /// skipped, as are L3-only hops. Timestamps are `epoch_unix_ns` plus the
    /// virtual time.
    pub fn to_pcapng(&self, epoch_unix_ns: u64) -> Vec<u8> {
        let mut w = PcapngWriter::new(epoch_unix_ns);
        let mut interfaces: BTreeMap<(String, String, String), u32> = BTreeMap::new();
        for hop in &self.trace.hops {
            let Some(frame) = captured_frame(hop) else { continue };
            let Some(dev) = &hop.dev else { continue };
            let key = (hop.node.clone(), hop.netns.clone(), dev.clone());
            let id = match interfaces.get(&key) {
                Some(id) => *id,
                None => {
                    let (name, description) = if hop.netns == "host" {
                        (format!("{}:{dev}", hop.node), format!("{dev} on {}", hop.node))
                    } else {
                        (format!("{}:{}:{dev}", hop.node, hop.netns), format!("{dev} in network namespace {} on {}", hop.netns, hop.node))
                    };
                    let id = w.add_interface(&name, &description);
                    interfaces.insert(key, id);
                    id
                }
            };
            // The interface was just added, so writing cannot fail.
            let _ = w.write_packet(id, hop.time, frame);
        }
        w.into_bytes()
    }
}

/// The frame a capture on the hop's device would have seen, if any.
fn captured_frame(hop: &Hop) -> Option<&[u8]> {
    match hop.kind {
        HopKind::Rx | HopKind::Tx if hop.link => Some(&hop.bytes),
        // The Encap hop holds the outer IPv4 packet; the inner frame follows
        // the IPv4 header, 8 bytes of UDP and 8 of VXLAN.
        HopKind::Encap if !hop.link => {
            let ihl = usize::from(hop.bytes.first()? & 0x0f) * 4;
            hop.bytes.get(ihl + 16..).filter(|f| f.len() >= ETH_HLEN)
        }
        _ => None,
    }
}

/// The short name of a hop kind, as in the JSON.
pub fn kind_name(kind: HopKind) -> &'static str {
    match kind {
        HopKind::Rx => "rx",
        HopKind::Tx => "tx",
        HopKind::Bridge => "bridge",
        HopKind::Route => "route",
        HopKind::Neigh => "neigh",
        HopKind::Netfilter => "netfilter",
        HopKind::Nat => "nat",
        HopKind::Conntrack => "conntrack",
        HopKind::Ipvs => "ipvs",
        HopKind::Encap => "encap",
        HopKind::Decap => "decap",
        HopKind::Deliver => "deliver",
        HopKind::Send => "send",
        HopKind::Icmp => "icmp",
        HopKind::Drop => "drop",
    }
}

/// The rule walk, one line per evaluated rule:
/// `  match  nat DOCKER-INGRESS 1  -A DOCKER-INGRESS … -> DNAT to:…`.
fn rule_walk(rules: &[RuleEval]) -> String {
    let place = |r: &RuleEval| {
        if r.rule_num == 0 { format!("{} {} policy", r.table, r.chain) } else { format!("{} {} {}", r.table, r.chain, r.rule_num) }
    };
    let width = rules.iter().map(|r| place(r).chars().count()).max().unwrap_or(0);
    let mut out = String::new();
    for r in rules {
        let result = if r.matched { "match" } else { "miss " };
        let mut line = format!("  {result}  {:<width$}  {}", place(r), r.spec);
        if r.matched {
            let _ = write!(line, "  -> {}", r.outcome);
        } else if let Some(f) = &r.failed_at {
            let _ = write!(line, "  (fails at {f})");
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The layers of a hop's bytes; an L3-only packet is decoded from its IPv4
/// header (offsets relative to it).
pub fn layers_of(hop: &Hop) -> Vec<Layer> {
    if hop.link {
        return describe_frame(&hop.bytes);
    }
    let mut framed = Vec::with_capacity(ETH_HLEN + hop.bytes.len());
    framed.extend_from_slice(&[0; 12]);
    framed.extend_from_slice(&[0x08, 0x00]);
    framed.extend_from_slice(&hop.bytes);
    describe_frame(&framed)
        .into_iter()
        .skip(1)
        .map(|mut l| {
            l.range = (l.range.0.saturating_sub(ETH_HLEN), l.range.1.saturating_sub(ETH_HLEN));
            l
        })
        .collect()
}

fn layer_text(layer: &Layer) -> String {
    let (start, end) = layer.range;
    let mut out = if end > start { format!("{} (bytes {start}-{})\n", layer.name, end - 1) } else { format!("{}\n", layer.name) };
    let width = layer.fields.iter().map(|(n, _)| n.chars().count()).max().unwrap_or(0);
    for (name, value) in &layer.fields {
        let _ = writeln!(out, "  {name:<width$}  {value}");
    }
    out
}

/// Where the innermost IPv4 header (or the ARP header) starts in the hop's
/// bytes: the last one before any ICMP layer, so an ICMP error's quoted
/// packet does not count.
fn innermost_offset(hop: &Hop) -> Option<(usize, &'static str)> {
    let mut found = None;
    for layer in layers_of(hop) {
        match layer.name.as_str() {
            "ICMP" => break,
            "IPv4" => found = Some((layer.range.0, "IPv4")),
            "ARP" => found = Some((layer.range.0, "ARP")),
            _ => {}
        }
    }
    found
}

/// What identifies a packet across its hops.
fn packet_key(hop: &Hop) -> Option<Vec<u8>> {
    let (off, kind) = innermost_offset(hop)?;
    let b = &hop.bytes;
    match kind {
        // Protocol and identification.
        "IPv4" => Some([b"ip".as_slice(), b.get(off + 9..off + 10)?, b.get(off + 4..off + 6)?].concat()),
        // Opcode, sender and target protocol addresses.
        _ => Some([b"arp".as_slice(), b.get(off + 6..off + 8)?, b.get(off + 14..off + 18)?, b.get(off + 24..off + 28)?].concat()),
    }
}

/// Which bytes of `next` differ from `prev` once both are aligned on their
/// innermost header; bytes with no counterpart in `prev` count as changed.
fn aligned_changes(prev: &Hop, next: &Hop) -> Vec<bool> {
    let (Some((p, _)), Some((n, _))) = (innermost_offset(prev), innermost_offset(next)) else {
        return next.bytes.iter().enumerate().map(|(i, b)| prev.bytes.get(i) != Some(b)).collect();
    };
    next.bytes
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let j = (i + p).checked_sub(n);
            j.and_then(|j| prev.bytes.get(j)) != Some(b)
        })
        .collect()
}

const TRACE_USAGE: &str = "trace: usage: trace COMMAND [ARGUMENT]...\n";
const NO_TRACE: &str = "no trace yet: run a command with `trace`, e.g. `trace ping -c 1 127.0.0.1`\n";

impl Session {
    /// The `trace` built-in: run `argv[1..]` with tracing on, print its
    /// output followed by the hop list, and remember the trace for
    /// `step`, `back`, `hop`, `hops` and `hex`.
    pub(super) fn trace_builtin(&mut self, argv: &[String], stdin: &str, exec: &Exec) -> CmdOutput {
        if argv.len() < 2 {
            return CmdOutput::err(TRACE_USAGE, 2);
        }
        let (mut out, trace) = self.exec_traced(&argv[1..], stdin, exec);
        let view = TraceView::new(&trace);
        if view.is_empty() {
            out.stderr.push_str("trace: the command sent no packets\n");
        } else {
            let _ = writeln!(out.stdout, "\n{} hops (`step` walks them, `hop N` jumps, `hex N` shows the bytes):", view.len());
            out.stdout.push_str(&view.hop_list(None));
        }
        self.trace_state = TraceState { last: Some(trace), current: None };
        out
    }

    /// Run one program with the datapath recording every hop, including what
    /// its packets cause within [`TRACE_TAIL`] after it returned.
    pub fn exec_traced(&mut self, argv: &[String], stdin: &str, exec: &Exec) -> (CmdOutput, Trace) {
        self.world.trace.hops.clear();
        self.world.tracing = true;
        let out = self.exec(argv, stdin, exec);
        let deadline = self.world.now + TRACE_TAIL;
        self.world.run_until(|_| false, deadline, crate::sim::DEFAULT_BUDGET);
        self.world.tracing = false;
        let trace = std::mem::take(&mut self.world.trace);
        (out, trace)
    }

    /// The trace a later `step` walks (the last `trace`), if any.
    pub fn last_trace(&self) -> Option<&Trace> {
        self.trace_state.last.as_ref()
    }

    /// `hops`: the hop list again, the current hop marked.
    pub(super) fn hops_builtin(&mut self) -> CmdOutput {
        match &self.trace_state.last {
            None => CmdOutput::err(NO_TRACE, 1),
            Some(t) => CmdOutput::ok(TraceView::new(t).hop_list(self.trace_state.current)),
        }
    }

    /// `step`/`next` (forward), `back` (backward) and `hop N` (jump): move
    /// the current hop and show it; `--hex` shows the bytes instead.
    pub(super) fn step_builtin(&mut self, argv: &[String]) -> CmdOutput {
        let Some(trace) = &self.trace_state.last else { return CmdOutput::err(NO_TRACE, 1) };
        let name = argv.first().map(String::as_str).unwrap_or("step");
        let mut hex = false;
        let mut number = None;
        for a in argv.iter().skip(1) {
            match a.as_str() {
                "--hex" | "-x" => hex = true,
                n if name == "hop" && number.is_none() => match n.parse::<usize>() {
                    Ok(v) => number = Some(v),
                    Err(_) => return CmdOutput::err(format!("hop: {n}: not a hop number\n"), 2),
                },
                other => return CmdOutput::err(format!("{name}: unknown argument {other}\n"), 2),
            }
        }
        let len = trace.hops.len();
        let target = match (name, self.trace_state.current) {
            ("hop", _) => match number {
                Some(n) if (1..=len).contains(&n) => n - 1,
                Some(n) => return CmdOutput::err(format!("hop: no hop {n}: the trace has hops 1 to {len}\n"), 1),
                None => return CmdOutput::err("hop: usage: hop N [--hex]\n", 2),
            },
            ("back", None | Some(0)) => return CmdOutput::err("back: already at the first hop\n", 1),
            ("back", Some(c)) => c - 1,
            (_, None) => 0,
            (_, Some(c)) if c + 1 >= len => return CmdOutput::err(format!("{name}: no more hops: this was hop {len} of {len}\n"), 1),
            (_, Some(c)) => c + 1,
        };
        let view = TraceView::new(trace);
        let text = if hex { view.hex(target) } else { view.hop_detail(target) };
        self.trace_state.current = Some(target);
        match text {
            Some(t) => CmdOutput::ok(t),
            None => CmdOutput::err(format!("{name}: the trace has no hops\n"), 1),
        }
    }

    /// `hex [N]`: the bytes of hop N (default: the current hop).
    pub(super) fn hex_builtin(&mut self, argv: &[String]) -> CmdOutput {
        let Some(trace) = &self.trace_state.last else { return CmdOutput::err(NO_TRACE, 1) };
        let len = trace.hops.len();
        let target = match argv.get(1) {
            None => match self.trace_state.current {
                Some(c) => c,
                None => return CmdOutput::err("hex: usage: hex N (or `step` first)\n", 2),
            },
            Some(a) => match a.parse::<usize>() {
                Ok(n) if (1..=len).contains(&n) => n - 1,
                Ok(n) => return CmdOutput::err(format!("hex: no hop {n}: the trace has hops 1 to {len}\n"), 1),
                Err(_) => return CmdOutput::err(format!("hex: {a}: not a hop number\n"), 2),
            },
        };
        match TraceView::new(trace).hex(target) {
            Some(t) => CmdOutput::ok(t),
            None => CmdOutput::err("hex: the trace has no hops\n", 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::net::Ipv4Addr;

    use super::*;
    use crate::sim::trace::HopDetail;
    use crate::time::Instant;
    use crate::wire::pcapng::PcapngFile;
    use crate::wire::{EthernetAddress, IcmpRepr, Ipv4Repr, L4, UdpRepr, frame_ipv4, frame_vxlan};

    const MAC_A: EthernetAddress = EthernetAddress([2, 0x42, 10, 0, 0, 2]);
    const MAC_B: EthernetAddress = EthernetAddress([2, 0x42, 10, 0, 0, 5]);

    /// An echo request frame from 10.0.0.2 to `dst` with IP ID 0x1234.
    fn echo_frame(dst: [u8; 4]) -> Vec<u8> {
        let icmp = IcmpRepr::EchoRequest { ident: 7, seq_no: 1, data: b"mesh" };
        let ip = Ipv4Repr {
            src_addr: Ipv4Addr::new(10, 0, 0, 2),
            dst_addr: Ipv4Addr::from(dst),
            protocol: 1,
            payload_len: icmp.buffer_len(),
            ttl: 64,
            ident: 0x1234,
            dont_frag: true,
            tos: 0,
        };
        frame_ipv4(MAC_A, MAC_B, &ip, &L4::Icmp(&icmp))
    }

    fn hop(kind: HopKind, node: &str, netns: &str, dev: Option<&str>, bytes: Vec<u8>, link: bool, us: u64) -> Hop {
        Hop {
            time: Instant(us * 1_000),
            node: node.into(),
            netns: netns.into(),
            dev: dev.map(str::to_string),
            kind,
            what: format!("{} here", kind_name(kind)),
            flow: None,
            detail: HopDetail::default(),
            bytes,
            link,
        }
    }

    fn traced_loopback_ping() -> Session {
        let mut s = Session::bare_host(1);
        let out = s.run("trace ping -c 1 127.0.0.1");
        assert_eq!(out.status, 0, "{out:?}");
        s
    }

    #[test]
    fn trace_prints_the_output_then_the_hop_list() {
        let mut s = Session::bare_host(1);
        let out = s.run("trace ping -c 1 127.0.0.1");
        let expected = "\
PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.
64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.002 ms

--- 127.0.0.1 ping statistics ---
1 packets transmitted, 1 received, 0% packet loss, time 0ms
rtt min/avg/max/mdev = 0.002/0.002/0.002/0.000 ms

8 hops (`step` walks them, `hop N` jumps, `hex N` shows the bytes):
  #  TIME      NODE  NETNS  DEV  HOP      FLOW                                     WHAT
  1  0.000000  host  host   lo   send     icmp 127.0.0.1 > 127.0.0.1 echo request  sent by a local socket, routed out lo
  2  0.000000  host  host   lo   tx       icmp 127.0.0.1 > 127.0.0.1 echo request  sent on loopback
  3  0.000001  host  host   lo   rx       icmp 127.0.0.1 > 127.0.0.1 echo request  received
  4  0.000001  host  host   lo   deliver  icmp 127.0.0.1 > 127.0.0.1 echo request  ICMP echo request: answering
  5  0.000001  host  host   lo   send     icmp 127.0.0.1 > 127.0.0.1 echo reply    sent by a local socket, routed out lo
  6  0.000001  host  host   lo   tx       icmp 127.0.0.1 > 127.0.0.1 echo reply    sent on loopback
  7  0.000002  host  host   lo   rx       icmp 127.0.0.1 > 127.0.0.1 echo reply    received
  8  0.000002  host  host   lo   deliver  icmp 127.0.0.1 > 127.0.0.1 echo reply    ICMP echo reply delivered to ping
";
        assert_eq!(out.stdout, expected);
        assert_eq!(out.stderr, "");
        // Tracing is off again, and `hops` reprints the same list.
        assert!(!s.world.tracing);
        let list = s.run("hops").stdout;
        assert!(expected.ends_with(&list), "{list}");
    }

    #[test]
    fn step_back_and_hop_move_the_current_hop() {
        let mut s = traced_loopback_ping();
        let first_line = |s: &mut Session, cmd: &str| s.run(cmd).combined().lines().next().unwrap_or_default().to_string();
        assert_eq!(first_line(&mut s, "step"), "hop 1 of 8  at 0.000000 s  on host  netns host  dev lo  [send]");
        assert_eq!(first_line(&mut s, "next"), "hop 2 of 8  at 0.000000 s  on host  netns host  dev lo  [tx]");
        assert_eq!(first_line(&mut s, "back"), "hop 1 of 8  at 0.000000 s  on host  netns host  dev lo  [send]");
        assert_eq!(first_line(&mut s, "back"), "back: already at the first hop");
        assert_eq!(s.last_status, 1);
        assert_eq!(first_line(&mut s, "hop 8"), "hop 8 of 8  at 0.000002 s  on host  netns host  dev lo  [deliver]");
        assert_eq!(first_line(&mut s, "step"), "step: no more hops: this was hop 8 of 8");
        assert!(s.run("hops").stdout.contains("\n> 8  0.000002"));
        assert_eq!(first_line(&mut s, "hop 3 --hex"), "hop 3: 98 bytes, link level; 0 bytes changed since hop 2 are marked ^^");
        assert_eq!(first_line(&mut s, "hex"), "hop 3: 98 bytes, link level; 0 bytes changed since hop 2 are marked ^^");
    }

    #[test]
    fn bad_arguments_explain_themselves_and_change_nothing() {
        let mut s = Session::bare_host(1);
        let cases = [
            ("step", "no trace yet: run a command with `trace`, e.g. `trace ping -c 1 127.0.0.1`\n", 1),
            ("hops", "no trace yet: run a command with `trace`, e.g. `trace ping -c 1 127.0.0.1`\n", 1),
            ("hex 1", "no trace yet: run a command with `trace`, e.g. `trace ping -c 1 127.0.0.1`\n", 1),
            ("trace", "trace: usage: trace COMMAND [ARGUMENT]...\n", 2),
        ];
        for (cmd, err, status) in cases {
            assert_eq!(s.run(cmd), CmdOutput::err(err, status), "{cmd}");
        }
        let mut s = traced_loopback_ping();
        s.run("hop 2");
        let cases = [
            ("hop 0", "hop: no hop 0: the trace has hops 1 to 8\n", 1),
            ("hop 9", "hop: no hop 9: the trace has hops 1 to 8\n", 1),
            ("hop x", "hop: x: not a hop number\n", 2),
            ("hop -1", "hop: -1: not a hop number\n", 2),
            ("hop", "hop: usage: hop N [--hex]\n", 2),
            ("step now", "step: unknown argument now\n", 2),
            ("hex 0", "hex: no hop 0: the trace has hops 1 to 8\n", 1),
            ("hex 18446744073709551616", "hex: 18446744073709551616: not a hop number\n", 2),
        ];
        for (cmd, err, status) in cases {
            assert_eq!(s.run(cmd), CmdOutput::err(err, status), "{cmd}");
        }
        assert_eq!(s.trace_state.current, Some(1), "a failed move leaves the current hop alone");
        let out = s.run("trace true");
        assert_eq!(out, CmdOutput::err("trace: the command sent no packets\n", 0));
    }

    #[test]
    fn nat_rewrite_marks_only_the_rewritten_bytes() {
        let before = echo_frame([10, 0, 0, 5]);
        let after = echo_frame([10, 0, 0, 9]);
        // The packet before, without its Ethernet header (an in-stack hop).
        let l3 = before[ETH_HLEN..].to_vec();
        let prev = hop(HopKind::Route, "node1", "host", Some("eth0"), l3, false, 0);
        let next = hop(HopKind::Tx, "node1", "host", Some("eth0"), after.clone(), true, 1);
        let marks = aligned_changes(&prev, &next);
        let marked: Vec<usize> = (0..marks.len()).filter(|&i| marks[i]).collect();
        let checksum: Vec<usize> = [24, 25].into_iter().filter(|&i| before[i] != after[i]).collect();
        let expected: Vec<usize> = (0..ETH_HLEN).chain(checksum).chain([33]).collect();
        assert_eq!(marked, expected);
    }

    #[test]
    fn vxlan_encapsulation_marks_the_new_outer_headers() {
        let inner = echo_frame([10, 0, 0, 5]);
        let outer_ip = Ipv4Repr {
            src_addr: Ipv4Addr::new(172, 19, 177, 14),
            dst_addr: Ipv4Addr::new(172, 19, 188, 123),
            protocol: 17,
            payload_len: 0,
            ttl: 64,
            ident: 99,
            dont_frag: false,
            tos: 0,
        };
        let outer = frame_vxlan(MAC_A, MAC_B, &outer_ip, &UdpRepr { src_port: 40000, dst_port: 4789 }, 4096, &inner);
        let t = Trace {
            hops: vec![
                hop(HopKind::Tx, "node1", "lb-ingress", Some("veth0"), inner.clone(), true, 0),
                hop(HopKind::Encap, "node1", "1-ingress", Some("vxlan0"), outer[ETH_HLEN..].to_vec(), false, 1),
                hop(HopKind::Tx, "node1", "host", Some("eth0"), outer.clone(), true, 2),
            ],
        };
        let view = TraceView::new(&t);
        assert_eq!(view.previous_version(1), Some(0), "the inner packet identifies the encapsulated one");
        let marks = aligned_changes(&t.hops[0], &t.hops[1]);
        let outer_headers = 20 + 8 + 8;
        assert!(marks[..outer_headers].iter().all(|m| *m));
        assert!(marks[outer_headers..].iter().all(|m| !*m));
        let hex = view.hex(2).unwrap_or_default();
        assert!(hex.starts_with("hop 3: 96 bytes, link level; 14 bytes changed since hop 2 are marked ^^\n"), "{hex}");
    }

    #[test]
    fn arp_packets_are_followed_by_opcode_and_addresses() {
        let mut s = Session::bare_host(1);
        // 127.0.0.2 is local on lo, so no ARP; an ARP exchange needs two hosts:
        // reuse a recorded who-has instead.
        let who_has: Vec<u8> = [
            &[0xff; 6][..],
            &[0x52, 0x54, 0, 0x13, 0xb1, 0x0e],
            &[8, 6, 0, 1, 8, 0, 6, 4, 0, 1],
            &[0x52, 0x54, 0, 0x13, 0xb1, 0x0e, 172, 19, 177, 14],
            &[0; 6],
            &[172, 19, 188, 123],
        ]
        .concat();
        let mut padded = who_has.clone();
        padded.resize(60, 0);
        s.trace_state.last = Some(Trace {
            hops: vec![hop(HopKind::Tx, "node1", "host", Some("eth0"), who_has, true, 0), hop(HopKind::Rx, "node2", "host", Some("eth0"), padded, true, 100)],
        });
        let out = s.run("hex 2").stdout;
        assert_eq!(
            out,
            "\
hop 2: 60 bytes, link level; 18 bytes changed since hop 1 are marked ^^
0000  ff ff ff ff ff ff 52 54  00 13 b1 0e 08 06 00 01  ......RT........
0010  08 00 06 04 00 01 52 54  00 13 b1 0e ac 13 b1 0e  ......RT........
0020  00 00 00 00 00 00 ac 13  bc 7b 00 00 00 00 00 00  .........{......
                                     ^^ ^^ ^^ ^^ ^^ ^^            ^^^^^^
0030  00 00 00 00 00 00 00 00  00 00 00 00              ............
      ^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^  ^^ ^^ ^^ ^^              ^^^^^^^^^^^^
"
        );
    }

    #[test]
    fn hop_detail_shows_rules_nat_conntrack_and_ipvs() {
        let mut h = hop(HopKind::Netfilter, "node1", "ingress_sbox", Some("eth0"), echo_frame([10, 0, 0, 5])[ETH_HLEN..].to_vec(), false, 0);
        h.what = "mangle PREROUTING: MARK set 0x100".into();
        h.flow = Some("icmp 10.0.0.2 > 10.0.0.5 echo request".into());
        h.detail = HopDetail {
            hook: Some("PREROUTING".into()),
            rules: vec![
                RuleEval {
                    table: "mangle".into(),
                    chain: "PREROUTING".into(),
                    rule_num: 1,
                    spec: "-A PREROUTING -p tcp -m tcp --dport 8080 -j MARK --set-xmark 0x100/0xffffffff".into(),
                    matched: false,
                    failed_at: Some("-p tcp".into()),
                    outcome: "continue".into(),
                },
                RuleEval {
                    table: "mangle".into(),
                    chain: "PREROUTING".into(),
                    rule_num: 0,
                    spec: "-P PREROUTING ACCEPT".into(),
                    matched: true,
                    failed_at: None,
                    outcome: "ACCEPT".into(),
                },
            ],
            verdict: Some("ACCEPT".into()),
            before: Some("tcp 10.0.0.2:40000 > 172.18.0.2:8080".into()),
            after: Some("tcp 10.0.0.2:40000 > 10.0.0.5:8080".into()),
            conntrack: Some("tcp 6 120 SYN_SENT src=10.0.0.2 dst=172.18.0.2 sport=40000 dport=8080".into()),
            ipvs: Some("FWM 256 rr -> 10.0.0.5:0 Masq".into()),
        };
        let t = Trace { hops: vec![h] };
        let detail = TraceView::new(&t).hop_detail(0).unwrap_or_default();
        let head: Vec<&str> = detail.lines().take(14).collect();
        assert_eq!(
            head,
            [
                "hop 1 of 1  at 0.000000 s  on node1  netns ingress_sbox  dev eth0  [netfilter]",
                "mangle PREROUTING: MARK set 0x100",
                "flow: icmp 10.0.0.2 > 10.0.0.5 echo request",
                "hook: PREROUTING",
                "rules evaluated:",
                "  miss   mangle PREROUTING 1       -A PREROUTING -p tcp -m tcp --dport 8080 -j MARK --set-xmark 0x100/0xffffffff  (fails at -p tcp)",
                "  match  mangle PREROUTING policy  -P PREROUTING ACCEPT  -> ACCEPT",
                "verdict: ACCEPT",
                "before: tcp 10.0.0.2:40000 > 172.18.0.2:8080",
                "after:  tcp 10.0.0.2:40000 > 10.0.0.5:8080",
                "conntrack: tcp 6 120 SYN_SENT src=10.0.0.2 dst=172.18.0.2 sport=40000 dport=8080",
                "ipvs: FWM 256 rr -> 10.0.0.5:0 Masq",
                "",
                "32 bytes, packet (no link-level header at this point):",
            ]
        );
        assert!(detail.contains("\nIPv4 (bytes 0-19)\n"), "{detail}");
        assert!(detail.contains("\nICMP (bytes 20-27)\n"), "{detail}");
        assert_eq!(TraceView::new(&t).hop_detail(1), None);
    }

    #[test]
    fn pcapng_has_one_interface_per_device_and_the_frames_devices_saw() {
        let inner = echo_frame([10, 0, 0, 5]);
        let outer_ip = Ipv4Repr {
            src_addr: Ipv4Addr::new(172, 19, 177, 14),
            dst_addr: Ipv4Addr::new(172, 19, 188, 123),
            protocol: 17,
            payload_len: 0,
            ttl: 64,
            ident: 99,
            dont_frag: false,
            tos: 0,
        };
        let outer = frame_vxlan(MAC_A, MAC_B, &outer_ip, &UdpRepr { src_port: 40000, dst_port: 4789 }, 4096, &inner);
        let t = Trace {
            hops: vec![
                hop(HopKind::Send, "node1", "ingress_sbox", Some("eth0"), inner[ETH_HLEN..].to_vec(), false, 0),
                hop(HopKind::Tx, "node1", "ingress_sbox", Some("eth0"), inner.clone(), true, 1),
                hop(HopKind::Rx, "node1", "1-ingress", Some("veth0"), inner.clone(), true, 2),
                hop(HopKind::Encap, "node1", "1-ingress", Some("vxlan0"), outer[ETH_HLEN..].to_vec(), false, 3),
                hop(HopKind::Route, "node1", "host", Some("eth0"), outer[ETH_HLEN..].to_vec(), false, 4),
                hop(HopKind::Tx, "node1", "host", Some("eth0"), outer.clone(), true, 5),
                hop(HopKind::Rx, "node2", "host", Some("eth0"), outer.clone(), true, 105),
                hop(HopKind::Decap, "node2", "host", None, outer[ETH_HLEN..].to_vec(), false, 106),
                hop(HopKind::Rx, "node2", "1-ingress", Some("vxlan0"), inner.clone(), true, 107),
            ],
        };
        let bytes = TraceView::new(&t).to_pcapng(1_700_212_020_000_000_000);
        let file = PcapngFile::parse(&bytes).expect("mesh's pcapng parses back");
        let names: Vec<&str> = file.interfaces.iter().map(|i| i.name.as_deref().unwrap_or("")).collect();
        assert_eq!(names, ["node1:ingress_sbox:eth0", "node1:1-ingress:veth0", "node1:1-ingress:vxlan0", "node1:eth0", "node2:eth0", "node2:1-ingress:vxlan0"]);
        assert_eq!(file.interfaces[3].description.as_deref(), Some("eth0 on node1"));
        let packets: Vec<(usize, u64, &[u8])> = file.packets.iter().map(|p| (p.interface_id, p.timestamp_ns, p.data.as_slice())).collect();
        let at = |us: u64| 1_700_212_020_000_000_000 + us * 1_000;
        assert_eq!(
            packets,
            [
                (0, at(1), inner.as_slice()),
                (1, at(2), inner.as_slice()),
                (2, at(3), inner.as_slice()),
                (3, at(5), outer.as_slice()),
                (4, at(105), outer.as_slice()),
                (5, at(107), inner.as_slice()),
            ]
        );
        assert_eq!(PcapngFile::parse(&TraceView::new(&Trace::default()).to_pcapng(0)).map(|f| f.packets.len()).ok(), Some(0));
    }

    #[test]
    fn json_has_every_hop_with_its_bytes() {
        let s = traced_loopback_ping();
        let Some(trace) = s.last_trace() else { panic!("no trace") };
        let json: serde_json::Value = serde_json::from_str(&TraceView::new(trace).to_json()).expect("valid JSON");
        let hops = json["hops"].as_array().cloned().unwrap_or_default();
        assert_eq!(hops.len(), 8);
        assert_eq!(hops[3]["kind"], "deliver");
        assert_eq!(hops[3]["dev"], "lo");
        assert_eq!(hops[3]["flow"], "icmp 127.0.0.1 > 127.0.0.1 echo request");
        let hex: String = trace.hops[3].bytes.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hops[3]["bytes"], hex.as_str());
        assert_eq!(hops[3]["link"], false);
        assert_eq!(hops[2]["link"], true);
    }
}
