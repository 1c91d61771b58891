//! The tuple hash table behind [`super::Conntrack::lookup`]: the kernel
//! finds a connection by hashing its tuple (`hash_conntrack_raw`), so
//! mesh does too, instead of walking an ordered tree.
//!
//! A tuple packs into 104 bits (two addresses, protocol, two ports), so the
//! table is keyed by that packed `u128` and hashed with one folded
//! multiplication — a few nanoseconds, where std's SipHash costs tens. The
//! hash has no random seed (mesh is deterministic) and the table is never
//! iterated, so nothing the user sees depends on its order.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::net::Tuple;

/// A map from tuples (packed with [`key`]) to `V`.
pub(super) type TupleMap<V> = HashMap<u128, V, BuildHasherDefault<TupleHasher>>;

/// The packed form of a tuple: equal tuples, equal keys, and no two
/// different tuples share one.
pub(super) fn key(t: &Tuple) -> u128 {
    (u128::from(u32::from(t.src)) << 72)
        | (u128::from(u32::from(t.dst)) << 40)
        | (u128::from(t.proto) << 32)
        | (u128::from(t.src_port) << 16)
        | u128::from(t.dst_port)
}

/// Multiplies and folds the 128-bit product: every input bit reaches both
/// the low bits (the bucket) and the high bits (hashbrown's tag).
fn fold_mul(a: u64, b: u64) -> u64 {
    let p = u128::from(a) * u128::from(b);
    (p as u64) ^ ((p >> 64) as u64)
}

const SEED_LO: u64 = 0x243f_6a88_85a3_08d3;
const SEED_HI: u64 = 0x1319_8a2e_0370_7344;

/// The hasher of [`TupleMap`]; other key types fall back to a byte loop.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct TupleHasher(u64);

impl Hasher for TupleHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = fold_mul(self.0 ^ u64::from(*b), SEED_LO);
        }
    }

    fn write_u128(&mut self, v: u128) {
        self.0 = fold_mul((v as u64) ^ SEED_LO ^ self.0, ((v >> 64) as u64) ^ SEED_HI);
    }
}

#[cfg(test)]
mod tests {
    use std::hash::BuildHasher;
    use std::net::Ipv4Addr;

    use super::*;

    fn tuple(src: u32, dst: u32, proto: u8, sp: u16, dp: u16) -> Tuple {
        Tuple { src: Ipv4Addr::from(src), dst: Ipv4Addr::from(dst), proto, src_port: sp, dst_port: dp }
    }

    #[test]
    fn keys_are_distinct_for_every_field() {
        let base = tuple(0x0a00_0001, 0x0a00_0002, 6, 1000, 80);
        let variants = [
            tuple(0x0a00_0003, 0x0a00_0002, 6, 1000, 80),
            tuple(0x0a00_0001, 0x0a00_0003, 6, 1000, 80),
            tuple(0x0a00_0001, 0x0a00_0002, 17, 1000, 80),
            tuple(0x0a00_0001, 0x0a00_0002, 6, 1001, 80),
            tuple(0x0a00_0001, 0x0a00_0002, 6, 1000, 81),
            // Swapped fields must not collide either.
            tuple(0x0a00_0002, 0x0a00_0001, 6, 80, 1000),
        ];
        for v in variants {
            assert_ne!(key(&base), key(&v), "{v:?}");
        }
        assert_eq!(key(&base), key(&base.clone()));
    }

    #[test]
    fn sequential_flows_spread_over_buckets_and_tags() {
        // Flows differing only in their source port (a client's
        // connections) must not pile into a few buckets: count distinct
        // low 10 bits and high 7 bits over 4096 flows.
        let build = BuildHasherDefault::<TupleHasher>::default();
        let hashes: Vec<u64> = (0..4096u16).map(|p| build.hash_one(key(&tuple(0x0a00_0001, 0x0a00_0002, 6, 1024 + p, 80)))).collect();
        let buckets: std::collections::BTreeSet<u64> = hashes.iter().map(|h| h & 1023).collect();
        let tags: std::collections::BTreeSet<u64> = hashes.iter().map(|h| h >> 57).collect();
        assert!(buckets.len() > 900, "only {} of 1024 buckets used", buckets.len());
        assert_eq!(tags.len(), 128);
    }
}
