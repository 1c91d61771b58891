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
use crate::wire::describe::{describe_frame, hexdump, Layer};
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
        if r.rule_num == 0 {
            format!("{} {} policy", r.table, r.chain)
        } else {
            format!("{} {} {}", r.table, r.chain, r.rule_num)
        }
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
