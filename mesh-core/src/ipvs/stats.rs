//! Per-service and per-real-server counters and the rate estimator
//! (`struct ip_vs_stats`, `ip_vs_est.c`).
//!
//! Counters grow with every connection scheduled and every packet IPVS
//! forwards in each direction (bytes are IP total lengths, `skb->len`). The
//! estimator samples them every two seconds and keeps an exponentially
//! weighted average, `avg += (rate - avg) / 4`, scaled by 2^10 for
//! connections and packets and by 2^5 for bytes; `ipvsadm --rate` shows the
//! averages per second.

/// Counters of one service or real server, as `ipvsadm --stats` shows them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub conns: u64,
    pub inpkts: u64,
    pub outpkts: u64,
    pub inbytes: u64,
    pub outbytes: u64,
    est: Estimator,
}

/// Averaged rates per second, as `ipvsadm --rate` shows them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rates {
    pub cps: u64,
    pub inpps: u64,
    pub outpps: u64,
    pub inbps: u64,
    pub outbps: u64,
}

/// `struct ip_vs_estimator`: the counters at the previous sample and the
/// scaled averages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Estimator {
    last_conns: u64,
    last_inpkts: u64,
    last_outpkts: u64,
    last_inbytes: u64,
    last_outbytes: u64,
    cps: i64,
    inpps: i64,
    outpps: i64,
    inbps: i64,
    outbps: i64,
}

/// One EWMA step: `avg += (rate - avg) >> 2` on signed 64-bit values.
fn ewma(avg: &mut i64, rate: u64) {
    let rate = i64::try_from(rate).unwrap_or(i64::MAX);
    *avg = avg.wrapping_add(rate.wrapping_sub(*avg) >> 2);
}

impl Stats {
    /// One estimator sample (`estimation_timer`, every 2 s): rates are the
    /// counter growth since the last sample, scaled by 2^9 (2^10 per second
    /// over two seconds) or 2^4 for bytes.
    pub(super) fn estimate(&mut self) {
        let e = &mut self.est;
        ewma(&mut e.cps, self.conns.wrapping_sub(e.last_conns) << 9);
        ewma(&mut e.inpps, self.inpkts.wrapping_sub(e.last_inpkts) << 9);
        ewma(&mut e.outpps, self.outpkts.wrapping_sub(e.last_outpkts) << 9);
        ewma(&mut e.inbps, self.inbytes.wrapping_sub(e.last_inbytes) << 4);
        ewma(&mut e.outbps, self.outbytes.wrapping_sub(e.last_outbytes) << 4);
        e.last_conns = self.conns;
        e.last_inpkts = self.inpkts;
        e.last_outpkts = self.outpkts;
        e.last_inbytes = self.inbytes;
        e.last_outbytes = self.outbytes;
    }

    /// Whether a sample would change nothing (all averages zero and no
    /// counter moved): the estimator may skip ahead.
    pub(super) fn estimator_idle(&self) -> bool {
        let e = &self.est;
        e.cps == 0
            && e.inpps == 0
            && e.outpps == 0
            && e.inbps == 0
            && e.outbps == 0
            && e.last_conns == self.conns
            && e.last_inpkts == self.inpkts
            && e.last_outpkts == self.outpkts
            && e.last_inbytes == self.inbytes
            && e.last_outbytes == self.outbytes
    }

    /// The decoded averages (`ip_vs_read_estimator`), rounded to nearest.
    pub fn rates(&self) -> Rates {
        let e = &self.est;
        let dec = |v: i64, round: i64, shift: u32| u64::try_from(v.wrapping_add(round) >> shift).unwrap_or(0);
        Rates {
            cps: dec(e.cps, 0x1FF, 10),
            inpps: dec(e.inpps, 0x1FF, 10),
            outpps: dec(e.outpps, 0x1FF, 10),
            inbps: dec(e.inbps, 0xF, 5),
            outbps: dec(e.outbps, 0xF, 5),
        }
    }

    /// `ip_vs_zero_stats`: counters restart from zero and the averages are
    /// cleared.
    pub(super) fn zero(&mut self) {
        *self = Stats::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steady_rate_converges_to_the_true_rate() {
        let mut s = Stats::default();
        for _ in 0..40 {
            // 10 connections, 100 packets, 6000 bytes every 2 seconds.
            s.conns += 10;
            s.inpkts += 100;
            s.inbytes += 6000;
            s.estimate();
        }
        let r = s.rates();
        assert_eq!((r.cps, r.inpps, r.inbps, r.outpps), (5, 50, 3000, 0));
    }

    #[test]
    fn first_sample_is_a_quarter_of_the_rate() {
        let mut s = Stats { conns: 8, ..Stats::default() };
        s.estimate();
        // 8 conns / 2 s = 4 cps; a quarter of it, rounded: 1.
        assert_eq!(s.rates().cps, 1);
        assert!(!s.estimator_idle());
        for _ in 0..200 {
            s.estimate();
        }
        assert_eq!(s.rates(), Rates::default());
        assert!(s.estimator_idle());
    }
}
