//! The Internet checksum (RFC 1071) and its incremental update (RFC 1624).
//!
//! IPv4, ICMP, UDP and TCP all protect their bytes with the same 16-bit
//! one's-complement sum. A sender stores the complement of the sum of the
//! covered 16-bit words, so a receiver summing everything *including* the
//! checksum field gets `0xffff` when nothing was corrupted.
//!
//! UDP and TCP also cover a *pseudo-header* (source address, destination
//! address, protocol, L4 length) that is never sent: that is why rewriting an
//! address (NAT) must fix the L4 checksum too.
//!
//! When NAT changes one field, the kernel does not re-sum the whole packet; it
//! adjusts the old checksum with RFC 1624's equation 3,
//! `HC' = ~(~HC + ~m + m')`, where `m` is the old and `m'` the new 16-bit
//! value ([`update_u16`], [`update_u32`]). Linux does exactly this in
//! `csum_replace2`/`csum_replace4`/`inet_proto_csum_replace4`. A consequence
//! worth knowing: a checksum that was wrong before the rewrite stays wrong
//! by the same amount afterwards.

use std::net::Ipv4Addr;

/// The one's-complement sum of `data` as 16-bit big-endian words (an odd
/// trailing byte is padded with a zero), folded to 16 bits. Not complemented.
pub fn sum(data: &[u8]) -> u16 {
    fold(sum_u32(data))
}

/// The Internet checksum of `data`: the complement of [`sum`]. Writing this
/// into a zeroed checksum field makes the data verify.
pub fn checksum(data: &[u8]) -> u16 {
    !sum(data)
}

/// Combines partial sums (from [`sum`] or [`pseudo_header`]) into one.
pub fn combine(parts: &[u16]) -> u16 {
    fold(parts.iter().map(|&p| u32::from(p)).sum())
}

/// The sum of the IPv4 pseudo-header that UDP and TCP checksums cover:
/// source and destination address, zero, protocol, and the L4 length
/// (header plus payload).
pub fn pseudo_header(src: Ipv4Addr, dst: Ipv4Addr, protocol: u8, l4_len: u16) -> u16 {
    let s = u32::from(src);
    let d = u32::from(dst);
    fold((s >> 16) + (s & 0xffff) + (d >> 16) + (d & 0xffff) + u32::from(protocol) + u32::from(l4_len))
}

/// True when `data` (which includes its checksum field) sums to `0xffff`.
pub fn verify(data: &[u8]) -> bool {
    sum(data) == 0xffff
}

/// RFC 1624 equation 3: the checksum after one covered 16-bit word changed
/// from `old` to `new`.
pub fn update_u16(checksum: u16, old: u16, new: u16) -> u16 {
    !fold(u32::from(!checksum) + u32::from(!old) + u32::from(new))
}

/// [`update_u16`] for a 32-bit field (an IPv4 address), as two words.
pub fn update_u32(checksum: u16, old: u32, new: u32) -> u16 {
    let sum = u32::from(!checksum) + u32::from(!(old >> 16) as u16) + u32::from(!(old as u16)) + (new >> 16) + (new & 0xffff);
    !fold(sum)
}

fn sum_u32(data: &[u8]) -> u32 {
    let mut acc: u64 = 0;
    let mut chunks = data.chunks_exact(2);
    for c in &mut chunks {
        acc += u64::from(u16::from_be_bytes([c[0], c[1]]));
    }
    if let [last] = chunks.remainder() {
        acc += u64::from(u16::from_be_bytes([*last, 0]));
    }
    while acc > 0xffff_ffff {
        acc = (acc & 0xffff_ffff) + (acc >> 32);
    }
    acc as u32
}

/// Folds a 32-bit accumulator to 16 bits with end-around carry.
fn fold(mut acc: u32) -> u16 {
    while acc > 0xffff {
        acc = (acc & 0xffff) + (acc >> 16);
    }
    acc as u16
}

#[cfg(test)]
mod test {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn rfc1071_example() {
        // RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum to ddf2.
        assert_eq!(sum(&[0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7]), 0xddf2);
        assert_eq!(checksum(&[0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7]), 0x220d);
    }

    #[test]
    fn odd_length_pads_with_zero() {
        assert_eq!(sum(&[0x12, 0x34, 0x56]), 0x1234 + 0x5600);
    }

    #[test]
    fn real_ip_header_verifies() {
        // The IPv4 header of a SYN captured from Linux 6.18 (checksum cc9a).
        let hdr = [0x45, 0x00, 0x00, 0x3c, 0x5a, 0x1b, 0x40, 0x00, 0x40, 0x06, 0xcc, 0x9a, 0x0a, 0x00, 0x00, 0x02, 0x0a, 0x00, 0x00, 0x05];
        assert!(verify(&hdr));
        let mut zeroed = hdr;
        zeroed[10] = 0;
        zeroed[11] = 0;
        assert_eq!(checksum(&zeroed), 0xcc9a);
    }

    #[test]
    fn pseudo_header_matches_manual_sum() {
        let src = Ipv4Addr::new(10, 0, 0, 2);
        let dst = Ipv4Addr::new(10, 0, 0, 5);
        let bytes = [10, 0, 0, 2, 10, 0, 0, 5, 0, 6, 0, 40];
        assert_eq!(pseudo_header(src, dst, 6, 40), sum(&bytes));
    }

    proptest! {
        #[test]
        fn incremental_u16_equals_recompute(mut data in proptest::collection::vec(any::<u8>(), 4..64),
                                            at in 0usize..30, new in any::<u16>()) {
            // Words 0..2 hold the checksum; `at` picks another word.
            let words = data.len() / 2;
            prop_assume!(words >= 2);
            let idx = 1 + at % (words - 1);
            data[0] = 0;
            data[1] = 0;
            let c = checksum(&data);
            data[0..2].copy_from_slice(&c.to_be_bytes());
            let old = u16::from_be_bytes([data[2 * idx], data[2 * idx + 1]]);
            let updated = update_u16(c, old, new);
            data[2 * idx..2 * idx + 2].copy_from_slice(&new.to_be_bytes());
            data[0..2].copy_from_slice(&[0, 0]);
            let full = checksum(&data);
            // One's complement has two zeros; they only differ when the data
            // sums to zero, which a nonzero word rules out.
            if data.iter().any(|&b| b != 0) {
                prop_assert_eq!(updated, full);
            }
        }

        #[test]
        fn incremental_u32_equals_recompute(mut data in proptest::collection::vec(any::<u8>(), 8..64), new in any::<u32>()) {
            data[0] = 0;
            data[1] = 0;
            let c = checksum(&data);
            let old = u32::from_be_bytes([data[2], data[3], data[4], data[5]]);
            let updated = update_u32(c, old, new);
            data[2..6].copy_from_slice(&new.to_be_bytes());
            let full = checksum(&data);
            if data.iter().any(|&b| b != 0) {
                prop_assert_eq!(updated, full);
            }
        }

        #[test]
        fn combine_is_sum_of_concatenation(a in proptest::collection::vec(any::<u8>(), 0..40).prop_map(|mut v| { if v.len() % 2 == 1 { v.pop(); } v }),
                                           b in proptest::collection::vec(any::<u8>(), 0..40)) {
            let mut all = a.clone();
            all.extend_from_slice(&b);
            let s = sum(&all);
            let c = combine(&[sum(&a), sum(&b)]);
            // Equal as one's-complement numbers (0 and 0xffff both mean zero).
            prop_assert!(s == c || (s == 0 && c == 0xffff) || (s == 0xffff && c == 0));
        }
    }
}
