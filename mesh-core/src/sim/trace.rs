//! The trace: one structured record for every hop a frame makes.
//!
//! While tracing is on, the datapath appends a [`Hop`] at every point a
//! learner may want to stop at: a device receiving or sending a frame, a
//! bridge FDB decision, a route or neighbour lookup, each netfilter hook
//! (with the rule walk), a NAT rewrite, a conntrack entry created or found,
//! an IPVS scheduling decision, VXLAN encapsulation, delivery to a socket,
//! and every drop with its reason. Each hop carries the frame bytes as they
//! were at that point, so stepping, hex views and pcapng export all read the
//! same data.

use crate::time::Instant;

/// What kind of step a hop is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HopKind {
    /// A device received a frame.
    Rx,
    /// A device transmitted a frame.
    Tx,
    /// A bridge forwarded, flooded or delivered a frame up.
    Bridge,
    /// A routing decision.
    Route,
    /// A neighbour (ARP) lookup, request or reply.
    Neigh,
    /// A netfilter hook ran a table.
    Netfilter,
    /// Network address translation rewrote the packet.
    Nat,
    /// Connection tracking created or matched an entry.
    Conntrack,
    /// IPVS chose or followed a destination.
    Ipvs,
    /// VXLAN encapsulation.
    Encap,
    /// VXLAN decapsulation.
    Decap,
    /// Delivered to a local socket.
    Deliver,
    /// A socket sent a packet.
    Send,
    /// An ICMP error was generated.
    Icmp,
    /// The packet was dropped.
    Drop,
}

/// One evaluated rule of a netfilter walk.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RuleEval {
    pub table: String,
    pub chain: String,
    /// 1-based rule number in the chain; 0 = the chain policy.
    pub rule_num: usize,
    /// The rule in `iptables -S` form.
    pub spec: String,
    pub matched: bool,
    /// The first match that failed, in `-S` form (e.g. `--dport 8080`).
    pub failed_at: Option<String>,
    /// What happened: `ACCEPT`, `jump DOCKER-INGRESS`, `DNAT to:…`, `continue` …
    pub outcome: String,
}

/// Structured detail of a hop, by kind.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HopDetail {
    /// Netfilter: hook name, e.g. `PREROUTING`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hook: Option<String>,
    /// Netfilter: every rule evaluated, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<RuleEval>,
    /// Netfilter: the table's verdict.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<String>,
    /// NAT / VXLAN: the flow before and after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// Conntrack: the entry as `conntrack -L` prints it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conntrack: Option<String>,
    /// IPVS: service, scheduler and chosen destination.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ipvs: Option<String>,
}

/// One hop of a traced packet.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Hop {
    pub time: Instant,
    pub node: String,
    pub netns: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dev: Option<String>,
    pub kind: HopKind,
    /// One line saying what happened, for people.
    pub what: String,
    /// The packet's flow at this point (`tcp 10.0.0.2:51986 > 10.0.0.5:8080 [S]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flow: Option<String>,
    #[serde(skip_serializing_if = "HopDetail::is_empty")]
    pub detail: HopDetail,
    /// The frame as it was at this point (Ethernet frame when the hop is at
    /// link level, otherwise the IPv4 packet; see `link`).
    #[serde(with = "hex_bytes")]
    pub bytes: Vec<u8>,
    /// Whether `bytes` starts with an Ethernet header.
    pub link: bool,
}

impl HopDetail {
    pub fn is_empty(&self) -> bool {
        *self == HopDetail::default()
    }
}

mod hex_bytes {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(b: &[u8], s: S) -> Result<S::Ok, S::Error> {
        let mut out = String::with_capacity(b.len() * 2);
        for x in b {
            out.push_str(&format!("{x:02x}"));
        }
        s.serialize_str(&out)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let s = String::deserialize(d)?;
        let bytes = s.as_bytes();
        if bytes.len() % 2 != 0 {
            return Err(serde::de::Error::custom("odd hex length"));
        }
        bytes
            .chunks(2)
            .map(|c| std::str::from_utf8(c).ok().and_then(|h| u8::from_str_radix(h, 16).ok()).ok_or_else(|| serde::de::Error::custom("bad hex")))
            .collect()
    }
}

/// The hops recorded so far.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Trace {
    pub hops: Vec<Hop>,
}
