//! A rule as the kernel stores it (`struct ipt_entry`: the IP header part,
//! the matches, the target), and its two printed forms: the `-S` /
//! iptables-save line and the `-L` table line.

use std::fmt::Write as _;
use std::net::Ipv4Addr;

use super::matches::{ListCtx, Match};
use super::names::{self, parse_c_ulong};
use super::targets::Target;
use crate::net::mask_to_prefix;

/// `struct ipt_ip`: addresses with masks, interfaces, protocol, fragment
/// flag, each with its `!`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct IpMatch {
    /// Stored already masked, as iptables does (`-s 10.1.2.3/16` is
    /// `10.1.0.0/16`).
    pub src: Ipv4Addr,
    pub src_mask: u32,
    pub inv_src: bool,
    pub dst: Ipv4Addr,
    pub dst_mask: u32,
    pub inv_dst: bool,
    /// As given; a trailing `+` matches every name with that prefix.
    pub in_iface: String,
    pub inv_in: bool,
    pub out_iface: String,
    pub inv_out: bool,
    /// 0 means any protocol.
    pub proto: u8,
    pub inv_proto: bool,
    /// `-f`: second and later fragments only.
    pub frag: bool,
    pub inv_frag: bool,
}

impl Default for IpMatch {
    fn default() -> Self {
        IpMatch {
            src: Ipv4Addr::UNSPECIFIED,
            src_mask: 0,
            inv_src: false,
            dst: Ipv4Addr::UNSPECIFIED,
            dst_mask: 0,
            inv_dst: false,
            in_iface: String::new(),
            inv_in: false,
            out_iface: String::new(),
            inv_out: false,
            proto: 0,
            inv_proto: false,
            frag: false,
            inv_frag: false,
        }
    }
}

/// The kernel's `ifname_compare_aligned` with the mask iptables builds:
/// `eth+` compares the first three bytes, `eth0` the name and its NUL.
/// A packet without that device has the empty name.
pub(super) fn iface_matches(pattern: &str, dev: Option<&str>) -> bool {
    if pattern.is_empty() {
        return true;
    }
    let dev = dev.unwrap_or("");
    match pattern.strip_suffix('+') {
        Some(prefix) => dev.as_bytes().starts_with(prefix.as_bytes()),
        None => dev == pattern,
    }
}

/// A rule: what it matches and what it does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Rule {
    pub ip: IpMatch,
    pub matches: Vec<Match>,
    pub target: Target,
}

/// `/N`, `/dotted` for a non-contiguous mask, nothing for /32
/// (`xtables_ipmask_to_numeric`).
pub(super) fn mask_suffix(mask: u32) -> String {
    if mask == u32::MAX {
        return String::new();
    }
    match mask_to_prefix(Ipv4Addr::from(mask)) {
        Some(p) => format!("/{p}"),
        None => format!("/{}", Ipv4Addr::from(mask)),
    }
}

/// `addr/prefix` (or `addr/dotted-mask`) as `-S` prints `-s`/`-d`.
pub(super) fn addr_spec(addr: Ipv4Addr, mask: u32) -> String {
    match mask_to_prefix(Ipv4Addr::from(mask)) {
        Some(p) => format!("{addr}/{p}"),
        None => format!("{addr}/{}", Ipv4Addr::from(mask)),
    }
}

fn save_addr(out: &mut String, letter: char, addr: Ipv4Addr, mask: u32, invert: bool) {
    if mask == 0 && !invert && addr.is_unspecified() {
        return;
    }
    if invert {
        out.push_str(" !");
    }
    let _ = write!(out, " -{letter} {}", addr_spec(addr, mask));
}

/// Counters printed with `-S -v` (`-c P B`) or by iptables-save `-c`
/// (`[P:B] ` before the line).
#[derive(Clone, Copy, Debug)]
pub(super) enum SaveCounters {
    None,
    Inline(u64, u64),
    Prefix(u64, u64),
}

impl Rule {
    /// The rule in `-A CHAIN …` form (`print_rule4`).
    pub(super) fn save_line(&self, chain: &str, counters: SaveCounters) -> String {
        let mut out = String::new();
        if let SaveCounters::Prefix(p, b) = counters {
            let _ = write!(out, "[{p}:{b}] ");
        }
        let _ = write!(out, "-A {chain}");
        self.save_body(&mut out, counters);
        out
    }

    /// Everything after `-A CHAIN`.
    pub(super) fn save_body(&self, out: &mut String, counters: SaveCounters) {
        let ip = &self.ip;
        save_addr(out, 's', ip.src, ip.src_mask, ip.inv_src);
        save_addr(out, 'd', ip.dst, ip.dst_mask, ip.inv_dst);
        for (letter, name, inv) in [('i', &ip.in_iface, ip.inv_in), ('o', &ip.out_iface, ip.inv_out)] {
            if !name.is_empty() && name != "+" {
                if inv {
                    out.push_str(" !");
                }
                let _ = write!(out, " -{letter} {name}");
            }
        }
        if ip.proto != 0 {
            if ip.inv_proto {
                out.push_str(" !");
            }
            match names::protocol_name(ip.proto, false) {
                Some(n) => {
                    let _ = write!(out, " -p {n}");
                }
                None => {
                    let _ = write!(out, " -p {}", ip.proto);
                }
            }
        }
        if ip.frag {
            if ip.inv_frag {
                out.push_str(" !");
            }
            out.push_str(" -f");
        }
        for m in &self.matches {
            let _ = write!(out, " -m {}", m.save_name());
            m.save(out);
        }
        if let SaveCounters::Inline(p, b) = counters {
            let _ = write!(out, " -c {p} {b}");
        }
        self.target.save(out);
    }

    /// The criterion of the IP part that rejects a packet, in `-S` form.
    pub(super) fn describe_ip_part(letter: char, value: &str, invert: bool) -> String {
        if invert { format!("! -{letter} {value}") } else { format!("-{letter} {value}") }
    }
}

/// Format flags of `-L` (iptables' `FMT_*`).
#[derive(Clone, Copy, Debug)]
pub(super) struct ListFormat {
    pub numeric: bool,
    pub verbose: bool,
    /// `-x`: exact counters instead of K/M/G.
    pub exact: bool,
    pub line_numbers: bool,
    /// The one-line form of `-v -A`/`-D`/`-C`/`-R` (`FMT_PRINT_RULE`).
    pub print_rule: bool,
}

/// `xtables_print_num`: counters in 5 columns with K/M/G/T unless `-x`
/// (8 columns); the "table-less" form has no padding.
pub(super) fn print_num(out: &mut String, n: u64, exact: bool, notable: bool) {
    if exact {
        if notable {
            let _ = write!(out, "{n} ");
        } else {
            let _ = write!(out, "{n:8} ");
        }
        return;
    }
    if n <= 99999 {
        if notable {
            let _ = write!(out, "{n} ");
        } else {
            let _ = write!(out, "{n:5} ");
        }
        return;
    }
    let mut v = n;
    for unit in ['K', 'M', 'G'] {
        v = v.wrapping_add(500) / 1000;
        if v <= 9999 {
            if notable {
                let _ = write!(out, "{v}{unit} ");
            } else {
                let _ = write!(out, "{v:4}{unit} ");
            }
            return;
        }
    }
    v = v.wrapping_add(500) / 1000;
    if notable {
        let _ = write!(out, "{v}T ");
    } else {
        let _ = write!(out, "{v:4}T ");
    }
}

fn pad(out: &mut String, s: &str, width: usize) {
    let _ = write!(out, "{s:<width$}");
}

/// The address column text of `-L`.
fn list_addr(addr: Ipv4Addr, mask: u32, numeric: bool) -> String {
    if mask == 0 && !numeric {
        return "anywhere".into();
    }
    let mut s = if numeric { addr.to_string() } else { names::address_name(addr).map_or_else(|| addr.to_string(), str::to_string) };
    s.push_str(&mask_suffix(mask));
    s
}

impl Rule {
    /// One `-L` line (`print_firewall`), without the newline.
    pub(super) fn list_line(&self, num: usize, counters: (u64, u64), f: ListFormat) -> String {
        let mut out = String::new();
        let table = !f.print_rule;
        if f.line_numbers {
            if table {
                let _ = write!(out, "{num:<4} ");
            } else {
                let _ = write!(out, "{num} ");
            }
        }
        if f.verbose && !f.print_rule {
            print_num(&mut out, counters.0, f.exact, false);
            print_num(&mut out, counters.1, f.exact, false);
        }
        if table {
            let _ = write!(out, "{:<9} ", self.target.list_name());
        } else {
            let _ = write!(out, "{} ", self.target.list_name());
        }
        let ip = &self.ip;
        out.push(if ip.inv_proto { '!' } else { ' ' });
        let pname = names::protocol_name(ip.proto, f.numeric).map_or_else(|| ip.proto.to_string(), str::to_string);
        if table {
            pad(&mut out, &pname, 5);
        } else {
            let _ = write!(out, "{pname} ");
        }
        if !table {
            out.push_str("opt ");
        }
        out.push(if ip.inv_frag { '!' } else { '-' });
        out.push(if ip.frag { 'f' } else { '-' });
        out.push(' ');
        if f.verbose || f.print_rule {
            for (i, (name, inv)) in [(&ip.in_iface, ip.inv_in), (&ip.out_iface, ip.inv_out)].into_iter().enumerate() {
                let mut iface = String::new();
                if inv {
                    iface.push('!');
                }
                if !name.is_empty() {
                    iface.push_str(name);
                } else if f.numeric {
                    iface.push('*');
                } else {
                    iface.push_str("any");
                }
                match (table, i) {
                    (true, 0) => {
                        let _ = write!(out, " {iface:<6} ");
                    }
                    (true, _) => {
                        let _ = write!(out, "{iface:<6} ");
                    }
                    (false, 0) => {
                        let _ = write!(out, "in {iface} ");
                    }
                    (false, _) => {
                        let _ = write!(out, "out {iface} ");
                    }
                }
            }
        }
        out.push(if ip.inv_src { '!' } else { ' ' });
        let src = list_addr(ip.src, ip.src_mask, f.numeric);
        if table {
            let _ = write!(out, "{src:<19} ");
        } else {
            let _ = write!(out, "{src} ");
        }
        out.push(if ip.inv_dst { '!' } else { ' ' });
        let dst = list_addr(ip.dst, ip.dst_mask, f.numeric);
        if table {
            let _ = write!(out, "{dst:<19} ");
        } else {
            let _ = write!(out, "-> {dst}");
        }
        if !table {
            out.push_str("  ");
        }
        if matches!(self.target, Target::Goto(_)) {
            out.push_str("[goto] ");
        }
        let cx = ListCtx { numeric: f.numeric, proto: ip.proto };
        for m in &self.matches {
            m.list(&mut out, cx);
        }
        self.target.list(&mut out, f.numeric);
        out
    }
}

/// `xtables_numeric_to_ipaddr`: one to four dot-separated numbers (C
/// `strtoul` base 0), missing trailing bytes are zero (`10` is
/// `10.0.0.0`).
pub(super) fn parse_numeric_addr(s: &str) -> Option<Ipv4Addr> {
    let parts: Vec<&str> = s.split('.').collect();
    if parts.is_empty() || parts.len() > 4 {
        return None;
    }
    let mut b = [0u8; 4];
    for (i, p) in parts.iter().enumerate() {
        b[i] = u8::try_from(parse_c_ulong(p)?).ok()?;
    }
    Some(Ipv4Addr::from(b))
}

/// An address as iptables accepts it for `-s`/`-d`: numeric, or a host
/// name.  mesh has no resolver: the names are `localhost` and anything
/// `inet_aton` accepts (`0x0a000001`).
pub(super) fn parse_host(s: &str) -> Option<Ipv4Addr> {
    if let Some(a) = parse_numeric_addr(s) {
        return Some(a);
    }
    if s == "localhost" {
        return Some(Ipv4Addr::LOCALHOST);
    }
    inet_aton(s)
}

/// glibc `inet_aton`: `a`, `a.b`, `a.b.c` or `a.b.c.d`, where the last
/// part fills the remaining bytes.
fn inet_aton(s: &str) -> Option<Ipv4Addr> {
    let parts: Vec<u64> = s.split('.').map(parse_c_ulong).collect::<Option<Vec<_>>>()?;
    let v: u64 = match parts.as_slice() {
        [a] if *a <= 0xffff_ffff => *a,
        [a, b] if *a <= 255 && *b <= 0xff_ffff => (a << 24) | b,
        [a, b, c] if *a <= 255 && *b <= 255 && *c <= 0xffff => (a << 24) | (b << 16) | c,
        [a, b, c, d] if [a, b, c, d].iter().all(|x| **x <= 255) => (a << 24) | (b << 16) | (c << 8) | d,
        _ => return None,
    };
    Some(Ipv4Addr::from(v as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_use_kmg_with_half_up_rounding() {
        let f = |n: u64| {
            let mut s = String::new();
            print_num(&mut s, n, false, false);
            s
        };
        assert_eq!(f(99999), "99999 ");
        assert_eq!(f(100000), " 100K ");
        assert_eq!(f(123456), " 123K ");
        assert_eq!(f(9999499), "9999K ");
        assert_eq!(f(9999500), "  10M ");
        assert_eq!(f(999999999999), "1000G ");
        assert_eq!(f(u64::MAX), "   0K ", "n + 500 wraps like the C code");
    }

    #[test]
    fn interface_wildcards() {
        assert!(iface_matches("eth+", Some("eth0")));
        assert!(!iface_matches("eth+", None));
        assert!(iface_matches("", None));
        assert!(iface_matches("eth0", Some("eth0")));
        assert!(!iface_matches("eth0", Some("eth00")));
        assert!(iface_matches("eth0+x", Some("eth0+x")));
    }

    #[test]
    fn addresses_autocomplete() {
        assert_eq!(parse_host("10"), Some(Ipv4Addr::new(10, 0, 0, 0)));
        assert_eq!(parse_host("1.2.3"), Some(Ipv4Addr::new(1, 2, 3, 0)));
        assert_eq!(parse_host("0x0a000001"), Some(Ipv4Addr::new(10, 0, 0, 1)));
        assert_eq!(parse_host("1.2.3.400"), None);
        assert_eq!(parse_host(""), None);
    }
}
