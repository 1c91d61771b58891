//! Internet checksum arithmetic for NAT rewrites (RFC 1071, RFC 1624).
//!
//! The kernel never recomputes a TCP/UDP checksum when NAT changes an
//! address or a port: it adjusts the old checksum by the difference
//! (`csum_replace4`, `inet_proto_csum_replace2/4`), which is RFC 1624's
//! equation 3, `HC' = ~(~HC + ~m + m')`, in one's-complement arithmetic.
//! The one's-complement sum is byte-order independent, so working on
//! big-endian 16-bit words gives the same bytes as the kernel's native-word
//! code.
//!
//! Private to conntrack for now; `wire::nat::{set_addr, set_port}` has the
//! same semantics and will replace it.

/// Adds `bytes` (big-endian 16-bit words, odd trailing byte padded with
/// zero) to a 32-bit one's-complement accumulator.
pub(crate) fn add_bytes(mut acc: u32, bytes: &[u8]) -> u32 {
    let mut chunks = bytes.chunks_exact(2);
    for w in &mut chunks {
        acc = add16(acc, u16::from_be_bytes([w[0], w[1]]));
    }
    if let [last] = chunks.remainder() {
        acc = add16(acc, u16::from_be_bytes([*last, 0]));
    }
    acc
}

fn add16(acc: u32, w: u16) -> u32 {
    let s = acc + u32::from(w);
    (s & 0xffff) + (s >> 16)
}

/// Folds the accumulator and complements it: the value to store in a
/// checksum field.
pub(crate) fn finish(acc: u32) -> u16 {
    let mut s = acc;
    while s > 0xffff {
        s = (s & 0xffff) + (s >> 16);
    }
    !(s as u16)
}

/// The checksum of `bytes` (for a header whose checksum field is zeroed).
pub(crate) fn checksum(bytes: &[u8]) -> u16 {
    finish(add_bytes(0, bytes))
}

/// RFC 1624 eqn. 3: the checksum `check` after the 16-bit words `old` were
/// replaced by `new` (equal lengths, even). The kernel's `csum_replace*`.
pub(crate) fn replace(check: u16, old: &[u8], new: &[u8]) -> u16 {
    let mut acc = u32::from(!check);
    for w in old.chunks_exact(2) {
        acc = add16(acc, !u16::from_be_bytes([w[0], w[1]]));
    }
    acc = add_bytes(acc, new);
    finish(acc)
}

/// Reads the 16-bit checksum at `at`, adjusts it for `old` → `new` and
/// writes it back. Caller guarantees `at + 2 <= buf.len()`.
pub(crate) fn replace_at(buf: &mut [u8], at: usize, old: &[u8], new: &[u8]) {
    let check = u16::from_be_bytes([buf[at], buf[at + 1]]);
    buf[at..at + 2].copy_from_slice(&replace(check, old, new).to_be_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_matches_full_recompute() {
        // An IPv4 header (RFC 1071 example-like), checksum at 10..12.
        let mut h: [u8; 20] = [0x45, 0, 0, 0x3c, 0x1c, 0x46, 0x40, 0, 0x40, 0x06, 0, 0, 0xac, 0x10, 0x0a, 0x63, 0xac, 0x10, 0x0a, 0x0c];
        let c = checksum(&h);
        h[10..12].copy_from_slice(&c.to_be_bytes());
        assert_eq!(checksum(&h), 0, "a valid header sums to zero");
        let old = [h[12], h[13], h[14], h[15]];
        let new = [10, 0, 0, 2];
        h[12..16].copy_from_slice(&new);
        replace_at(&mut h, 10, &old, &new);
        assert_eq!(checksum(&h), 0);
    }

    #[test]
    fn odd_length_is_zero_padded() {
        assert_eq!(add_bytes(0, &[0x12]), 0x1200);
    }
}
