//! The C library behaviour ipvsadm's parsing and printing rely on, so that
//! odd input is accepted or rejected exactly as on a glibc system:
//! `strtol`, `atoi`, `inet_aton`, `inet_pton`, `getservbyname`/`getservbyport`
//! (through [`super::super::services`]) and the resolver.
//!
//! Name resolution: the simulated host has no DNS for its addresses, so
//! reverse lookups fail and ipvsadm falls back to numbers — except the
//! `/etc/hosts` entry every host has, `127.0.0.1 localhost`.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::super::services;
use crate::net::proto;

/// `isspace` in the C locale.
fn is_c_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// `strtol(s, &end, 10)` required to consume the whole string: leading
/// white space, an optional sign, at least one digit, nothing after.
/// `None` for anything else, including overflow of a 64-bit `long`
/// (`ERANGE`).
pub(super) fn strtol_whole(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && is_c_space(b[i]) {
        i += 1;
    }
    let negative = match b.get(i) {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    let digits = &b[i..];
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut v: i64 = 0;
    for d in digits {
        let d = i64::from(d - b'0');
        v = v.checked_mul(10)?;
        v = if negative { v.checked_sub(d)? } else { v.checked_add(d)? };
    }
    Some(v)
}

/// ipvsadm's `string_to_number`: a whole base-10 number within
/// `min..=max`.
pub(super) fn string_to_number(s: &str, min: i64, max: i64) -> Option<i64> {
    strtol_whole(s).filter(|n| (min..=max).contains(n))
}

/// `atoi`: leading white space, optional sign, digits up to the first
/// non-digit; 0 if there are none.
pub(super) fn atoi(s: &str) -> i64 {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && is_c_space(b[i]) {
        i += 1;
    }
    let negative = b.get(i) == Some(&b'-');
    if matches!(b.get(i), Some(b'-' | b'+')) {
        i += 1;
    }
    let mut v: i64 = 0;
    while let Some(d) = b.get(i).filter(|d| d.is_ascii_digit()) {
        v = v.saturating_mul(10).saturating_add(i64::from(d - b'0'));
        i += 1;
    }
    if negative { -v } else { v }
}

/// `strtoul(s, &end, 0)` from the start of `s` (which starts with a digit):
/// the value and the number of bytes consumed. Base 16 after `0x`, 8 after
/// a leading `0`, else 10. `None` on overflow.
fn strtoul0(s: &[u8]) -> Option<(u64, usize)> {
    let (base, start) = if s.len() > 2 && s[0] == b'0' && (s[1] | 0x20) == b'x' && s[2].is_ascii_hexdigit() {
        (16, 2)
    } else if s.first() == Some(&b'0') {
        (8, 0)
    } else {
        (10, 0)
    };
    let mut v: u64 = 0;
    let mut i = start;
    while let Some(d) = s.get(i).and_then(|c| (*c as char).to_digit(base)) {
        v = v.checked_mul(u64::from(base))?.checked_add(u64::from(d))?;
        i += 1;
    }
    Some((v, i))
}

/// glibc `inet_aton`: one to four numbers separated by dots, each in C
/// notation (`0x1f`, `017`, `31`); the last fills the remaining bytes
/// (`10.1` is 10.0.0.1). Trailing white space and anything after it are
/// ignored.
pub(super) fn inet_aton(s: &str) -> Option<Ipv4Addr> {
    let b = s.as_bytes();
    let mut parts: Vec<u32> = Vec::with_capacity(4);
    let mut i = 0;
    let last: u64 = loop {
        if !b.get(i).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        let (v, n) = strtoul0(&b[i..])?;
        if v > 0xffff_ffff {
            return None;
        }
        i += n;
        if b.get(i) == Some(&b'.') {
            if parts.len() > 2 || v > 0xff {
                return None;
            }
            parts.push(v as u32);
            i += 1;
        } else {
            break v;
        }
    };
    if let Some(c) = b.get(i)
        && (!c.is_ascii() || !is_c_space(*c))
    {
        return None;
    }
    let max: [u64; 4] = [0xffff_ffff, 0xff_ffff, 0xffff, 0xff];
    if last > max[parts.len()] {
        return None;
    }
    let mut word: u32 = 0;
    for (k, p) in parts.iter().enumerate() {
        word |= p << (24 - 8 * k);
    }
    Some(Ipv4Addr::from(word | last as u32))
}

/// `inet_pton(AF_INET, …)`: a strict dotted quad.
pub(super) fn inet_pton4(s: &str) -> Option<Ipv4Addr> {
    s.parse().ok()
}

/// `inet_pton(AF_INET6, …)`.
pub(super) fn inet_pton6(s: &str) -> Option<Ipv6Addr> {
    s.parse().ok()
}

/// `gethostbyname` for names that are not numeric: only `/etc/hosts`'
/// `localhost`.
pub(super) fn host_to_addr(name: &str) -> Option<Ipv4Addr> {
    (name == "localhost").then_some(Ipv4Addr::LOCALHOST)
}

/// ipvsadm's `addr_to_anyname`: the reverse name, or the number.
pub(super) fn addr_to_anyname(a: Ipv4Addr) -> String {
    if a == Ipv4Addr::LOCALHOST { "localhost".into() } else { a.to_string() }
}

/// ipvsadm's `service_to_port`: port names of TCP, UDP and SCTP.
pub(super) fn service_to_port(name: &str, protocol: u8) -> Option<u16> {
    match protocol {
        proto::TCP | proto::UDP | proto::SCTP => services::name_to_port(name, protocol),
        _ => None,
    }
}

/// ipvsadm's `port_to_anyname`: the service name, or the number.
pub(super) fn port_to_anyname(port: u16, protocol: u8) -> String {
    match protocol {
        proto::TCP | proto::UDP | proto::SCTP => services::port_to_name(port, protocol).map(str::to_string),
        _ => None,
    }
    .unwrap_or_else(|| port.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strtol_accepts_what_glibc_accepts() {
        assert_eq!(strtol_whole(" 5"), Some(5));
        assert_eq!(strtol_whole("+5"), Some(5));
        assert_eq!(strtol_whole("-0"), Some(0));
        assert_eq!(strtol_whole("05"), Some(5));
        assert_eq!(strtol_whole("0x10"), None);
        assert_eq!(strtol_whole(""), None);
        assert_eq!(strtol_whole("5 "), None);
        assert_eq!(strtol_whole("99999999999999999999"), None);
        assert_eq!(string_to_number("2147483648", 0, i64::from(i32::MAX)), None);
        assert_eq!(atoi(" 12abc"), 12);
        assert_eq!(atoi("x"), 0);
    }

    #[test]
    fn inet_aton_matches_glibc() {
        let ok = [
            ("10.0.0.1", "10.0.0.1"),
            ("10.1", "10.0.0.1"),
            ("1.2.3", "1.2.0.3"),
            ("0x0a000001", "10.0.0.1"),
            ("012.1.1.1", "10.1.1.1"),
            ("24", "0.0.0.24"),
            ("1.2.3.4 junk", "1.2.3.4"),
            ("4294967295", "255.255.255.255"),
        ];
        for (s, want) in ok {
            assert_eq!(inet_aton(s).map(|a| a.to_string()).as_deref(), Some(want), "{s}");
        }
        for s in ["", " 1.2.3.4", "256.1.1.1", "1.2.3.4.5", "1.2.3.4:80", "08", "1..2", "1.2.3.4.", "0x", "4294967296", "1.2.65536"] {
            assert_eq!(inet_aton(s), None, "{s}");
        }
    }
}
