//! ICMP redirects: a router that forwards a packet back out of the device
//! it came in on tells the sender about the better next hop, and a host
//! that accepts the redirect sends there directly.
//!
//! Sending (`ip_rt_send_redirect`): the input route marks a packet
//! `IPSKB_DOREDIRECT` when it leaves through its input device, that device
//! has `send_redirects` (`all` or the device), and the sender is directly
//! connected there (fib_validate_source: the route back to the source is a
//! link route through that device). The redirect (type 5 code 1, "host")
//! names the route's next hop and quotes the packet after its TTL was
//! decremented; the packet is still forwarded. Per sender (`inet_peer`) the
//! first redirect goes at once, the next only after `20 ms << n` since the
//! last one, none after 9 until the sender has been quiet for 20.48 s
//! (`ip_rt_redirect_{load,number,silence}`).
//!
//! Receiving (`__ip_do_redirect`): accepted when it comes from the current
//! gateway of the quoted destination, `accept_redirects` allows it (a
//! forwarding device needs `all` and the device, a host either), and the
//! new gateway is a plain unicast address. The new gateway's neighbour
//! entry must be valid: if it is not, only its resolution starts (the next
//! redirect installs the exception). The exception (a `fib_nh_exception`)
//! sends packets for that destination to the new gateway for 300 s
//! (`ip_rt_gc_timeout`).
//!
//! The same per-sender state holds the ICMP error rate limit
//! (`inet_peer_xrlim_allow`): destination unreachable (but fragmentation
//! needed), source quench, time exceeded and parameter problem cost
//! `icmp_ratelimit` (1000 ms) of a bucket that refills with time and holds
//! at most six of them, so a burst gets six errors, then one a second. A
//! router's "no route" errors first pay `ip_error`'s own toll from the same
//! bucket (1 s of at most 5 s), so a burst of those gets two. Errors that
//! leave through a loopback device are never limited.
//!
//! Not modelled: `icmp_ratelimit`/`icmp_ratemask` as sysctls, the global
//! `icmp_msgs_per_sec` limit, `shared_media=0` and `secure_redirects`, network and TOS
//! redirects beyond treating them like host redirects, redirects for TCP
//! and UDP sockets (they update the same exception), and `ip route get`
//! showing `cache <redirected>`.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use crate::kernel::DevId;
use crate::time::{Duration, Instant};

/// `ip_rt_redirect_load`: HZ/50.
const REDIRECT_LOAD: Duration = Duration::from_millis(20);
/// `ip_rt_redirect_number`.
const REDIRECT_NUMBER: u32 = 9;
/// `ip_rt_redirect_silence`: (HZ/50) << (9 + 1).
const REDIRECT_SILENCE: Duration = Duration::from_millis(20 * 1024);
/// `icmp_ratelimit`: what one rate-limited ICMP error costs.
const ICMP_RATELIMIT: Duration = Duration::from_millis(1000);
/// `XRLIM_BURST_FACTOR`: the bucket holds this many errors.
const XRLIM_BURST_FACTOR: u64 = 6;
/// `ip_rt_error_cost` and `ip_rt_error_burst`.
const ERROR_COST: Duration = Duration::from_secs(1);
const ERROR_BURST: Duration = Duration::from_secs(5);

/// `ip_rt_gc_timeout`: how long an accepted redirect lasts.
const REDIRECT_EXPIRES: Duration = Duration::from_secs(300);

/// The redirect rate state kept per sender (`struct inet_peer`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Peer {
    n_redirects: u32,
    rate_last: Instant,
}

/// The ICMP error token bucket per destination host (`rate_tokens`, in ns).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Bucket {
    tokens: u64,
    last: Instant,
}

/// An accepted redirect: packets to the destination that would go to
/// `old_gw` on `dev` go to `new_gw` instead, until `expires`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RedirectEntry {
    pub dev: DevId,
    pub old_gw: Ipv4Addr,
    pub new_gw: Ipv4Addr,
    pub expires: Instant,
}

/// The redirect state of one namespace.
#[derive(Clone, Debug, Default)]
pub struct Redirects {
    peers: BTreeMap<Ipv4Addr, Peer>,
    buckets: BTreeMap<Ipv4Addr, Bucket>,
    entries: BTreeMap<Ipv4Addr, RedirectEntry>,
}

impl Redirects {
    /// Whether a redirect may be sent to `sender` now; counts it if so.
    pub fn may_send(&mut self, sender: Ipv4Addr, now: Instant) -> bool {
        let peer = self.peers.entry(sender).or_insert(Peer { n_redirects: 0, rate_last: now });
        if now > peer.rate_last + REDIRECT_SILENCE {
            peer.n_redirects = 0;
        }
        if peer.n_redirects >= REDIRECT_NUMBER {
            peer.rate_last = now;
            return false;
        }
        let wait = Duration::from_nanos(REDIRECT_LOAD.as_nanos().saturating_mul(1u64 << peer.n_redirects.min(32)));
        if peer.n_redirects == 0 || now > peer.rate_last + wait {
            peer.rate_last = now;
            peer.n_redirects += 1;
            return true;
        }
        false
    }

    /// Take `cost` from `peer`'s bucket (capped at `burst`), if it holds it.
    fn take(&mut self, peer: Ipv4Addr, now: Instant, cost: Duration, burst: Duration) -> bool {
        // A new peer's `rate_last` lies 60 s in the past: its bucket is full.
        let b = self.buckets.entry(peer).or_insert(Bucket { tokens: u64::MAX, last: now });
        let tokens = b.tokens.saturating_add(now.since(b.last).as_nanos()).min(burst.as_nanos());
        b.last = now;
        let allowed = tokens >= cost.as_nanos();
        b.tokens = if allowed { tokens - cost.as_nanos() } else { tokens };
        allowed
    }

    /// `ip_error`'s toll before a router's "no route" ICMP error.
    pub fn ip_error_allow(&mut self, peer: Ipv4Addr, now: Instant) -> bool {
        self.take(peer, now, ERROR_COST, ERROR_BURST)
    }

    /// `icmpv4_xrlim_allow`: whether an ICMP error of `icmp_type`/`code`
    /// may go to `peer` now.
    pub fn icmp_error_allow(&mut self, peer: Ipv4Addr, icmp_type: u8, code: u8, now: Instant) -> bool {
        let limited = matches!(icmp_type, 3 | 4 | 11 | 12) && !(icmp_type == 3 && code == 4);
        !limited || self.take(peer, now, ICMP_RATELIMIT, Duration::from_nanos(ICMP_RATELIMIT.as_nanos() * XRLIM_BURST_FACTOR))
    }

    /// Record an accepted redirect for `dst`.
    pub fn accept(&mut self, dst: Ipv4Addr, dev: DevId, old_gw: Ipv4Addr, new_gw: Ipv4Addr, now: Instant) {
        self.entries.insert(dst, RedirectEntry { dev, old_gw, new_gw, expires: now + REDIRECT_EXPIRES });
    }

    /// The next hop for `dst` when its route goes to `gw` on `dev`.
    pub fn nexthop(&self, dst: Ipv4Addr, dev: DevId, gw: Ipv4Addr, now: Instant) -> Option<Ipv4Addr> {
        self.entries.get(&dst).filter(|e| e.dev == dev && e.old_gw == gw && now < e.expires).map(|e| e.new_gw)
    }

    /// `ip route flush cache`: exceptions go, the rate state stays.
    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icmp_errors_come_six_in_a_burst_then_one_a_second() {
        let mut r = Redirects::default();
        let a = Ipv4Addr::new(10, 0, 0, 1);
        let t = |ms: u64| Instant::ZERO + Duration::from_millis(100_000 + ms);
        let sent = (0..10).filter(|i| r.icmp_error_allow(a, 3, 3, t(*i))).count();
        assert_eq!(sent, 6);
        assert!(!r.icmp_error_allow(a, 3, 3, t(900)));
        assert!(r.icmp_error_allow(a, 3, 3, t(1010)));
        // Fragmentation needed and echo replies are not limited.
        assert!(r.icmp_error_allow(a, 3, 4, t(1011)));
        assert!(r.icmp_error_allow(a, 0, 0, t(1011)));
        // ip_error and icmp_send share the bucket: two "no route" errors.
        let b = Ipv4Addr::new(10, 0, 0, 2);
        let sent = (0..10).filter(|i| r.ip_error_allow(b, t(*i)) && r.icmp_error_allow(b, 3, 0, t(*i))).count();
        assert_eq!(sent, 2);
    }

    #[test]
    fn redirects_back_off_exponentially_then_stop() {
        let mut r = Redirects::default();
        let a = Ipv4Addr::new(10, 0, 0, 1);
        let t = |ms: u64| Instant::ZERO + Duration::from_millis(1000 + ms);
        assert!(r.may_send(a, t(0)));
        // The second needs more than 40 ms, the third more than 80 ms.
        assert!(!r.may_send(a, t(40)));
        assert!(r.may_send(a, t(41)));
        assert!(!r.may_send(a, t(41 + 80)));
        assert!(r.may_send(a, t(41 + 81)));
        // Another sender has its own budget.
        assert!(r.may_send(Ipv4Addr::new(10, 0, 0, 2), t(42)));
        // Once a second apart: 9 in all, then silence while asked.
        let mut sent = 3;
        for s in 1..=20 {
            if r.may_send(a, t(41 + 81 + s * 1000)) {
                sent += 1;
            }
        }
        assert_eq!(sent, 9);
        // 20.48 s of quiet resets the count.
        assert!(r.may_send(a, t(41 + 81 + 20 * 1000 + 20_481)));
    }
}
