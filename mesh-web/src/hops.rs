//! What the stepper and the hop inspector derive from a trace's hops.
//!
//! These are pure functions over `mesh_core::sim::trace::Hop`, so they can
//! move to (or be replaced by) `mesh_core::shell::trace_view` when it lands.

use mesh_core::sim::trace::{Hop, HopKind};
use mesh_core::wire::describe::{Layer, changed_bytes, describe_frame};
use mesh_core::wire::pcapng::PcapngWriter;

const ETH_HLEN: usize = 14;
const ETHERTYPE_IPV4: [u8; 2] = [0x08, 0x00];
const ETHERTYPE_ARP: [u8; 2] = [0x08, 0x06];

/// A hop's bytes from the network layer on (the IPv4 packet or ARP message).
fn l3(hop: &Hop) -> &[u8] {
    if hop.link { hop.bytes.get(ETH_HLEN..).unwrap_or(&[]) } else { &hop.bytes }
}

fn ethertype(hop: &Hop) -> Option<[u8; 2]> {
    if hop.link { hop.bytes.get(12..14).map(|b| [b[0], b[1]]) } else { (hop.bytes.first().map(|b| b >> 4) == Some(4)).then_some(ETHERTYPE_IPV4) }
}

/// What identifies one packet along its path: for IPv4 the protocol and the
/// Identification field (which routing, NAT and bridging keep; VXLAN makes a
/// new outer packet with its own); for ARP the operation and the sender and
/// target addresses.
fn packet_key(hop: &Hop) -> Option<Vec<u8>> {
    let p = l3(hop);
    match ethertype(hop)? {
        ETHERTYPE_IPV4 => {
            let mut k = vec![4, *p.get(9)?];
            k.extend_from_slice(p.get(4..6)?);
            Some(k)
        }
        ETHERTYPE_ARP => {
            let mut k = vec![6];
            k.extend_from_slice(p.get(6..8)?);
            k.extend_from_slice(p.get(14..18)?);
            k.extend_from_slice(p.get(24..28)?);
            Some(k)
        }
        _ => None,
    }
}

/// The nearest earlier hop of the same packet (see [`packet_key`]), to
/// compare bytes with.
pub fn previous_of_same_packet(hops: &[Hop], i: usize) -> Option<usize> {
    let key = packet_key(hops.get(i)?)?;
    (0..i).rev().find(|&j| packet_key(&hops[j]).as_ref() == Some(&key))
}

/// Which of `hops[i].bytes` differ from the same packet at its previous hop
/// (aligned at the network layer when one of the two has an Ethernet header
/// and the other not; a new Ethernet header counts as changed). Empty when
/// there is no previous hop of that packet.
pub fn changed_since_previous(hops: &[Hop], i: usize) -> (Option<usize>, Vec<bool>) {
    let Some(j) = previous_of_same_packet(hops, i) else { return (None, Vec::new()) };
    let (prev, cur) = (&hops[j], &hops[i]);
    let marks = match (prev.link, cur.link) {
        (true, true) | (false, false) => changed_bytes(&prev.bytes, &cur.bytes),
        (true, false) => changed_bytes(l3(prev), &cur.bytes),
        (false, true) => {
            let mut m = vec![true; cur.bytes.len().min(ETH_HLEN)];
            m.extend(changed_bytes(&prev.bytes, l3(cur)));
            m
        }
    };
    (Some(j), marks)
}

/// The hop's bytes decoded per layer. A hop without an Ethernet header is
/// decoded from its IPv4 header on; layer ranges are offsets into `bytes`.
pub fn layers(hop: &Hop) -> Vec<Layer> {
    if hop.link {
        return describe_frame(&hop.bytes);
    }
    let mut frame = vec![0u8; 12];
    frame.extend_from_slice(&ETHERTYPE_IPV4);
    frame.extend_from_slice(&hop.bytes);
    let mut layers = describe_frame(&frame);
    if !layers.is_empty() {
        layers.remove(0);
    }
    for l in &mut layers {
        l.range = (l.range.0.saturating_sub(ETH_HLEN), l.range.1.saturating_sub(ETH_HLEN));
    }
    layers
}

/// A short label of a hop kind for the timeline.
pub fn kind_label(kind: HopKind) -> &'static str {
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

/// Time of a hop relative to the first one, as `+0.001234 s`.
pub fn relative_time(hops: &[Hop], i: usize) -> String {
    let (Some(first), Some(h)) = (hops.first(), hops.get(i)) else { return String::new() };
    let us = h.time.since(first.time).as_micros();
    format!("+{}.{:06} s", us / 1_000_000, us % 1_000_000)
}

/// A pcapng capture of the trace: the frames each device received or sent
/// (the `rx` and `tx` hops, which carry whole Ethernet frames), one
/// interface per (node, namespace, device) named `node:netns:device`, in
/// order of first appearance, with timestamps from the virtual clock.
/// Hops inside the stack (routing, netfilter, delivery) are not frames on a
/// wire and are left out.
pub fn to_pcapng(hops: &[Hop], epoch_unix_ns: u64) -> Vec<u8> {
    let mut w = PcapngWriter::new(epoch_unix_ns);
    let mut interfaces: Vec<(String, u32)> = Vec::new();
    for h in hops.iter().filter(|h| h.link && matches!(h.kind, HopKind::Rx | HopKind::Tx)) {
        let Some(dev) = &h.dev else { continue };
        let name = format!("{}:{}:{dev}", h.node, h.netns);
        let id = match interfaces.iter().find(|(n, _)| *n == name) {
            Some((_, id)) => *id,
            None => {
                let id = w.add_interface(&name, &format!("{dev} in netns {} on {}", h.netns, h.node));
                interfaces.push((name, id));
                id
            }
        };
        // The id was just added, so writing cannot fail.
        let _ = w.write_packet(id, h.time, &h.bytes);
    }
    w.into_bytes()
}
