//! What the stepper and the hop inspector take from a trace beyond
//! `mesh_core::shell::trace_view::TraceView` (which gives the hop list,
//! the layers, the previous version of a packet and the hex dump, so the
//! page and the CLI's `hops`, `step` and `hex` say the same): the hex dump's
//! marked bytes, to highlight them; and whether a command's hops only finish
//! the connections of the trace already shown (see [`continues`]).

use std::collections::BTreeSet;

use mesh_core::sim::trace::Hop;

/// The TCP connection a hop's flow belongs to, as its two endpoints in
/// order, and whether the segment is a SYN (which opens one). A VXLAN
/// packet belongs to its inner flow's connection. `None` for anything else.
fn tcp_connection(flow: &str) -> Option<((String, String), bool)> {
    let inner = match flow.split_once(" vxlan [") {
        Some((_, rest)) => rest.strip_suffix(']')?,
        None => flow,
    };
    let mut words = inner.split_whitespace();
    let (Some("tcp"), Some(a), Some(">"), Some(b), Some(flags)) = (words.next(), words.next(), words.next(), words.next(), words.next()) else {
        return None;
    };
    let pair = if a <= b { (a.to_string(), b.to_string()) } else { (b.to_string(), a.to_string()) };
    Some((pair, flags.contains('S')))
}

/// The TCP connections of a trace's hops.
fn connections(hops: &[Hop]) -> BTreeSet<(String, String)> {
    hops.iter().filter_map(|h| tcp_connection(h.flow.as_deref()?)).map(|(pair, _)| pair).collect()
}

/// Whether a hop carries a segment (not a SYN) of one of `known`.
fn finishes(known: &BTreeSet<(String, String)>, hop: &Hop) -> bool {
    hop.flow.as_deref().and_then(tcp_connection).is_some_and(|(pair, syn)| !syn && known.contains(&pair))
}

/// Whether `next` (the hops of a later command) only carries on the TCP
/// connections of `shown`: the last segments of a connection (FIN, the
/// final ACKs) that were still in flight when the command that opened it
/// returned, and that the next command's time delivers. Such hops belong
/// to the shown trace, not to a new one. ARP hops are neutral; any other
/// packet, a SYN, or a connection `shown` does not have makes it new.
pub fn continues(shown: &[Hop], next: &[Hop]) -> bool {
    let known = connections(shown);
    let mut carried = false;
    for hop in next {
        match hop.flow.as_deref() {
            None => {}
            Some(flow) if flow.starts_with("arp") => {}
            Some(_) if finishes(&known, hop) => carried = true,
            Some(_) => return false,
        }
    }
    carried
}

/// The hops of `next` that are new traffic: without those that only finish
/// the connections of `shown` (delivered while the new command ran, they
/// would otherwise open its trace with another connection's FIN).
pub fn new_traffic(shown: &[Hop], next: &[Hop]) -> Vec<Hop> {
    let known = connections(shown);
    next.iter().filter(|h| !finishes(&known, h)).cloned().collect()
}

/// One line of a hex dump, cut into runs of characters that belong to
/// marked bytes (their two hex digits and their ASCII character) or not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HexLine {
    pub runs: Vec<(String, bool)>,
    /// The `^^` line under a data row (kept, so the text is the CLI's).
    pub marker: bool,
}

/// Where a row's hex digits of byte `k` start (`0000  ` then `xx ` per byte
/// and one more space after the eighth).
fn hex_column(k: usize) -> usize {
    6 + 3 * k + usize::from(k >= 8)
}

/// Where a row's ASCII character of byte `k` is.
fn ascii_column(k: usize) -> usize {
    6 + 49 + 1 + k
}

/// Splits a `hexdump` (rows of 16 bytes, each followed by a `^^` marker row
/// when it holds changed bytes) into lines with the marked bytes' characters
/// flagged. Lines it does not recognise are kept unmarked.
pub fn hex_lines(dump: &str) -> Vec<HexLine> {
    let lines: Vec<&str> = dump.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let marker_row = line.starts_with("      ") && line.contains('^');
        if marker_row {
            out.push(HexLine { runs: vec![(line.to_string(), false)], marker: true });
            continue;
        }
        let marks = lines.get(i + 1).filter(|n| n.starts_with("      ") && n.contains('^')).copied().unwrap_or("");
        let marker_bytes = marks.as_bytes();
        let mut lit = vec![false; line.chars().count()];
        for k in 0..16 {
            let h = hex_column(k);
            if marker_bytes.get(h..h + 2) == Some(b"^^") {
                for c in [h, h + 1, ascii_column(k)] {
                    if let Some(slot) = lit.get_mut(c) {
                        *slot = true;
                    }
                }
            }
        }
        let mut runs: Vec<(String, bool)> = Vec::new();
        for (ch, on) in line.chars().zip(lit) {
            match runs.last_mut() {
                Some((text, state)) if *state == on => text.push(ch),
                _ => runs.push((ch.to_string(), on)),
            }
        }
        out.push(HexLine { runs, marker: false });
    }
    out
}
