//! The name tables iptables consults: protocols (`/etc/protocols` and
//! libxtables' built-in list), services (`/etc/services`), the hosts and
//! networks files that `-L` without `-n` prints, ICMP type names, address
//! types and syslog levels.

use std::net::Ipv4Addr;

use super::services::SERVICES;
use crate::net::proto;

/// libxtables' `xtables_chain_protos`: the names iptables knows without
/// `/etc/protocols`, and the only ones `-L -n` prints.
const CHAIN_PROTOS: &[(&str, u8)] = &[
    ("tcp", 6),
    ("sctp", 132),
    ("udp", 17),
    ("udplite", 136),
    ("icmp", 1),
    ("icmpv6", 58),
    ("ipv6-icmp", 58),
    ("esp", 50),
    ("ah", 51),
    ("ipv6-mh", 135),
    ("mh", 135),
    ("all", 0),
];

/// `-p` argument → protocol number, as `xtables_parse_protocol` does:
/// a number 0‥255, a name from `/etc/protocols`, or a libxtables name.
/// The caller lower-cases the argument first (iptables does).
pub(super) fn parse_protocol(s: &str) -> Option<u8> {
    if let Some(n) = parse_c_ulong(s) {
        return u8::try_from(n).ok();
    }
    if s == "all" {
        return Some(0);
    }
    (0..=255u8).find(|p| proto::name(*p) == Some(s)).or_else(|| CHAIN_PROTOS.iter().find(|(n, _)| *n == s).map(|(_, p)| *p))
}

/// The protocol name iptables prints: with `numeric` only libxtables' own
/// list (so `-n` shows `47` for GRE), otherwise `/etc/protocols` first.
pub(super) fn protocol_name(p: u8, numeric: bool) -> Option<&'static str> {
    if p != 0
        && !numeric
        && let Some(n) = proto::name(p)
    {
        return Some(n);
    }
    CHAIN_PROTOS.iter().find(|(_, n)| *n == p).map(|(name, _)| *name)
}

/// `getservbyname(name, proto)`.
pub(super) fn service_port(name: &str, proto_name: &str) -> Option<u16> {
    SERVICES.iter().find(|(n, _, p, aliases)| *p == proto_name && (*n == name || aliases.contains(&name))).map(|(_, port, _, _)| *port)
}

/// `xtables_getportbyname`: `getaddrinfo(NULL, name)`, which takes a
/// decimal number (kept to 16 bits, as `htons` does) or a service of any
/// protocol.
pub(super) fn getportbyname(name: &str) -> Option<u16> {
    if !name.is_empty() && name.bytes().all(|b| b.is_ascii_digit()) {
        return name.parse::<u64>().ok().map(|v| v as u16);
    }
    SERVICES.iter().find(|(n, _, _, aliases)| *n == name || aliases.contains(&name)).map(|(_, port, _, _)| *port)
}

/// `getservbyport(port, proto)`: the first entry's name.
pub(super) fn service_name(port: u16, proto_name: &str) -> Option<&'static str> {
    SERVICES.iter().find(|(_, p, pr, _)| *p == port && *pr == proto_name).map(|(n, _, _, _)| *n)
}

/// `xtables_parse_port`: a number (C `strtoul` base 0) or a service name.
pub(super) fn parse_port(s: &str, proto_name: &str) -> Option<u16> {
    if let Some(n) = parse_c_ulong(s) {
        return u16::try_from(n).ok();
    }
    service_port(s, proto_name)
}

/// The name `-L` (without `-n`) prints for an address: the hosts file, then
/// the networks file (`gethostbyaddr`, then `getnetbyaddr`).  mesh resolves
/// no DNS, so only the standard entries of a Debian host are known.
pub(super) fn address_name(a: Ipv4Addr) -> Option<&'static str> {
    match a.octets() {
        [127, 0, 0, 1] => Some("localhost"),
        [0, 0, 0, 0] => Some("default"),
        [127, 0, 0, 0] => Some("loopback"),
        [169, 254, 0, 0] => Some("link-local"),
        _ => None,
    }
}

/// A number as C's `strtoul(s, &end, 0)` reads a whole string: decimal,
/// `0x` hex or leading-`0` octal.  `None` for anything else (including a
/// sign, which `xtables_strtoui` rejects for the values iptables parses).
pub(super) fn parse_c_ulong(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    let (digits, radix) = if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        (h, 16)
    } else if s.len() > 1 && s.starts_with('0') {
        (&s[1..], 8)
    } else {
        (s, 10)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    u64::from_str_radix(digits, radix).ok()
}

/// An ICMP type name of libxt_icmp: `(name, type, code_min, code_max)`.
/// Order matters: printing picks the first entry that fits.
pub(super) const ICMP_NAMES: &[(&str, u8, u8, u8)] = &[
    ("any", 0xFF, 0, 0xFF),
    ("echo-reply", 0, 0, 0xFF),
    ("pong", 0, 0, 0xFF),
    ("destination-unreachable", 3, 0, 0xFF),
    ("network-unreachable", 3, 0, 0),
    ("host-unreachable", 3, 1, 1),
    ("protocol-unreachable", 3, 2, 2),
    ("port-unreachable", 3, 3, 3),
    ("fragmentation-needed", 3, 4, 4),
    ("source-route-failed", 3, 5, 5),
    ("network-unknown", 3, 6, 6),
    ("host-unknown", 3, 7, 7),
    ("network-prohibited", 3, 9, 9),
    ("host-prohibited", 3, 10, 10),
    ("TOS-network-unreachable", 3, 11, 11),
    ("TOS-host-unreachable", 3, 12, 12),
    ("communication-prohibited", 3, 13, 13),
    ("host-precedence-violation", 3, 14, 14),
    ("precedence-cutoff", 3, 15, 15),
    ("source-quench", 4, 0, 0xFF),
    ("redirect", 5, 0, 0xFF),
    ("network-redirect", 5, 0, 0),
    ("host-redirect", 5, 1, 1),
    ("TOS-network-redirect", 5, 2, 2),
    ("TOS-host-redirect", 5, 3, 3),
    ("echo-request", 8, 0, 0xFF),
    ("ping", 8, 0, 0xFF),
    ("router-advertisement", 9, 0, 0xFF),
    ("router-solicitation", 10, 0, 0xFF),
    ("time-exceeded", 11, 0, 0xFF),
    ("ttl-exceeded", 11, 0, 0xFF),
    ("ttl-zero-during-transit", 11, 0, 0),
    ("ttl-zero-during-reassembly", 11, 1, 1),
    ("parameter-problem", 12, 0, 0xFF),
    ("ip-header-bad", 12, 0, 0),
    ("required-option-missing", 12, 1, 1),
    ("timestamp-request", 13, 0, 0xFF),
    ("timestamp-reply", 14, 0, 0xFF),
    ("address-mask-request", 17, 0, 0xFF),
    ("address-mask-reply", 18, 0, 0xFF),
];

/// The routing address types of `-m addrtype`, in bit order
/// (`XT_ADDRTYPE_UNSPEC` = bit 0 … `XT_ADDRTYPE_XRESOLVE` = bit 11).
pub(super) const ADDRTYPE_NAMES: [&str; 12] =
    ["UNSPEC", "UNICAST", "LOCAL", "BROADCAST", "ANYCAST", "MULTICAST", "BLACKHOLE", "UNREACHABLE", "PROHIBIT", "THROW", "NAT", "XRESOLVE"];

/// syslog level names `--log-level` accepts (libxt_LOG's parse table).
pub(super) const LOG_LEVEL_INPUT: &[(&str, u8)] =
    &[("alert", 1), ("crit", 2), ("debug", 7), ("emerg", 0), ("error", 3), ("info", 6), ("notice", 5), ("panic", 0), ("warning", 4)];

/// The names `-L` prints for syslog levels 0‥7.
pub(super) const LOG_LEVEL_OUTPUT: [&str; 8] = ["emerg", "alert", "crit", "err", "warn", "notice", "info", "debug"];

/// Every target name the real iptables can load (the standard verdicts and
/// the `libxt_*`/`libipt_*` target extensions of iptables 1.8).  A user
/// chain may not be called like one of them, and `-j` resolves these before
/// chain names.
pub(super) const KNOWN_TARGETS: &[&str] = &[
    "ACCEPT",
    "DROP",
    "QUEUE",
    "RETURN",
    "AUDIT",
    "CHECKSUM",
    "CLASSIFY",
    "CLUSTERIP",
    "CONNMARK",
    "CONNSECMARK",
    "CT",
    "DNAT",
    "DSCP",
    "ECN",
    "HMARK",
    "IDLETIMER",
    "LED",
    "LOG",
    "MARK",
    "MASQUERADE",
    "NETMAP",
    "NFLOG",
    "NFQUEUE",
    "NOTRACK",
    "RATEEST",
    "REDIRECT",
    "REJECT",
    "SECMARK",
    "SET",
    "SNAT",
    "SYNPROXY",
    "TCPMSS",
    "TCPOPTSTRIP",
    "TEE",
    "TOS",
    "TPROXY",
    "TRACE",
    "TTL",
    "ULOG",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocols_resolve_like_libxtables() {
        assert_eq!(parse_protocol("tcp"), Some(6));
        assert_eq!(parse_protocol("all"), Some(0));
        assert_eq!(parse_protocol("0"), Some(0));
        assert_eq!(parse_protocol("gre"), Some(47));
        assert_eq!(parse_protocol("0x11"), Some(17));
        assert_eq!(parse_protocol("256"), None);
        assert_eq!(parse_protocol("ip"), Some(0), "/etc/protocols names number 0 `ip'");
        assert_eq!(protocol_name(47, true), None);
        assert_eq!(protocol_name(47, false), Some("gre"));
        assert_eq!(protocol_name(0, false), Some("all"));
    }

    #[test]
    fn services_follow_etc_services_order() {
        assert_eq!(service_name(80, "tcp"), Some("http"));
        assert_eq!(service_name(8080, "tcp"), Some("http-alt"));
        assert_eq!(service_name(8080, "udp"), None);
        assert_eq!(service_port("www", "tcp"), Some(80));
        assert_eq!(parse_port("010", "tcp"), Some(8), "strtoul base 0 reads octal");
        assert_eq!(parse_port("70000", "tcp"), None);
    }
}
