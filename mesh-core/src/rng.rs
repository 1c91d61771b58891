//! Deterministic randomness.
//!
//! The world owns one [`Rng`] per concern (MAC addresses, ephemeral ports,
//! IDs, schedulers …), each derived from the scenario seed and a stream name,
//! so that one more draw in one concern never shifts the values of another.
//! The generator is SplitMix64 seeding a xoshiro256** state: small, fast, the
//! same on every target (no `getrandom`, no OS entropy).

/// A seeded pseudo-random generator (xoshiro256**).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Rng {
    s: [u64; 4],
}

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// FNV-1a, used to turn a stream name into a number.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

impl Rng {
    /// A generator for `stream` under `seed`.
    pub fn new(seed: u64, stream: &str) -> Rng {
        let mut st = seed ^ fnv1a(stream.as_bytes());
        let s = [splitmix64(&mut st), splitmix64(&mut st), splitmix64(&mut st), splitmix64(&mut st)];
        Rng { s }
    }

    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    pub fn next_u32(&mut self) -> u32 {
        (self.next_u64() >> 32) as u32
    }

    /// Uniform in `0..n` (`n` > 0), without modulo bias worth caring about.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    pub fn range_inclusive(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below(hi - lo + 1)
    }

    /// `n` characters from `alphabet`.
    pub fn string_from(&mut self, alphabet: &[u8], n: usize) -> String {
        (0..n).map(|_| char::from(alphabet[self.below(alphabet.len() as u64) as usize])).collect()
    }

    /// `n` lower-case hex digits (Docker container/sandbox IDs).
    pub fn hex(&mut self, n: usize) -> String {
        self.string_from(b"0123456789abcdef", n)
    }

    /// `n` base-36 characters (swarmkit object IDs).
    pub fn base36(&mut self, n: usize) -> String {
        self.string_from(b"0123456789abcdefghijklmnopqrstuvwxyz", n)
    }

    /// Fill a byte slice.
    pub fn fill(&mut self, out: &mut [u8]) {
        for chunk in out.chunks_mut(8) {
            let v = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_independent_and_reproducible() {
        let mut a = Rng::new(7, "mac");
        let mut b = Rng::new(7, "mac");
        let mut c = Rng::new(7, "ports");
        let va: Vec<u64> = (0..4).map(|_| a.next_u64()).collect();
        let vb: Vec<u64> = (0..4).map(|_| b.next_u64()).collect();
        let vc: Vec<u64> = (0..4).map(|_| c.next_u64()).collect();
        assert_eq!(va, vb);
        assert_ne!(va, vc);
    }

    #[test]
    fn below_stays_in_range() {
        let mut r = Rng::new(1, "t");
        for n in [1u64, 2, 3, 10, 28233] {
            for _ in 0..1000 {
                assert!(r.below(n) < n);
            }
        }
    }
}
