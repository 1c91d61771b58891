//! The IPVS schedulers: how a virtual service picks a real server for a new
//! connection (`ip_vs_rr.c`, `ip_vs_wrr.c`, `ip_vs_lc.c`, `ip_vs_wlc.c`,
//! `ip_vs_sed.c`, `ip_vs_nq.c`, `ip_vs_sh.c`, `ip_vs_dh.c`).
//!
//! Every scheduler walks the service's destination list in kernel order: a
//! new destination is inserted at the *head* (`list_add_rcu`), so the list
//! runs newest first. Destinations with weight 0 are *quiesced* (they keep
//! their connections but get no new ones) and `IP_VS_DEST_F_OVERLOAD`
//! destinations (over their upper connection threshold) are skipped.
//!
//! Not modelled: `lblc`, `lblcr`, `mh`, `fo`, `ovf`, `twos` — asking for them
//! fails as on a kernel built without those modules.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use super::{Dest, DestId, SVC_F_SCHED1, SVC_F_SCHED2};

/// A scheduling algorithm, by its module name (`ip_vs_<name>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SchedKind {
    /// Round robin.
    Rr,
    /// Weighted round robin.
    Wrr,
    /// Least connections.
    Lc,
    /// Weighted least connections (ipvsadm's default).
    Wlc,
    /// Source hashing.
    Sh,
    /// Destination hashing.
    Dh,
    /// Shortest expected delay.
    Sed,
    /// Never queue.
    Nq,
    /// `none`: the service has no scheduler and never schedules (new
    /// connections can only come from a sync daemon).
    None,
}

impl SchedKind {
    pub fn name(self) -> &'static str {
        match self {
            SchedKind::Rr => "rr",
            SchedKind::Wrr => "wrr",
            SchedKind::Lc => "lc",
            SchedKind::Wlc => "wlc",
            SchedKind::Sh => "sh",
            SchedKind::Dh => "dh",
            SchedKind::Sed => "sed",
            SchedKind::Nq => "nq",
            SchedKind::None => "none",
        }
    }

    /// `ip_vs_scheduler_get`: `None` when no such module exists.
    pub fn from_name(name: &str) -> Option<SchedKind> {
        [SchedKind::Rr, SchedKind::Wrr, SchedKind::Lc, SchedKind::Wlc, SchedKind::Sh, SchedKind::Dh, SchedKind::Sed, SchedKind::Nq, SchedKind::None]
            .into_iter()
            .find(|k| k.name() == name)
    }
}

/// A position in a destination list: the list head or one entry. The kernel
/// keeps schedulers' cursors as `struct list_head *`, which may point at the
/// head itself.
type Cursor = Option<DestId>;

/// The scheduler bound to a service, with its private state
/// (`svc->sched_data`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scheduler {
    kind: SchedKind,
    state: State,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum State {
    Stateless,
    /// `ip_vs_rr`: the last destination chosen (initially the list head).
    Rr {
        cursor: Cursor,
    },
    /// `struct ip_vs_wrr_mark`.
    Wrr {
        cl: Cursor,
        cw: i32,
        mw: i32,
        di: i32,
    },
}

/// What a scheduler may look at in the packet that opens a connection.
#[derive(Clone, Copy, Debug)]
pub(super) struct SchedPacket {
    pub saddr: Ipv4Addr,
    pub daddr: Ipv4Addr,
    pub sport: u16,
    /// The service flags (`sh-port`, `sh-fallback`).
    pub svc_flags: u32,
}

/// Size of the `sh`/`dh` bucket tables (`IP_VS_SH_TAB_BITS` = 8).
const TAB_SIZE: usize = 256;

impl Scheduler {
    /// Bind a scheduler to a service (`ip_vs_bind_scheduler` →
    /// `init_service`) whose destinations are `list`.
    pub(super) fn bind(kind: SchedKind, list: &[DestId], dests: &BTreeMap<DestId, Dest>) -> Scheduler {
        let state = match kind {
            SchedKind::Rr => State::Rr { cursor: None },
            SchedKind::Wrr => {
                let di = wrr_gcd_weight(list, dests);
                let mw = wrr_max_weight(list, dests) - (di - 1);
                State::Wrr { cl: None, cw: mw, mw, di }
            }
            _ => State::Stateless,
        };
        Scheduler { kind, state }
    }

    pub fn kind(&self) -> SchedKind {
        self.kind
    }

    pub fn name(&self) -> &'static str {
        self.kind.name()
    }

    /// `del_dest` hook, after `removed` was unlinked from `list`; `prev` is
    /// the entry that preceded it (`None`: it was first).
    ///
    /// rr (`ip_vs_rr_del_dest`): when the cursor sat on the removed entry it
    /// steps back to the previous one, so the entry after the removed one
    /// is next.
    pub(super) fn dest_removed(&mut self, removed: DestId, prev: Cursor, list: &[DestId], dests: &BTreeMap<DestId, Dest>) {
        if let State::Rr { cursor } = &mut self.state
            && *cursor == Some(removed)
        {
            *cursor = prev;
        }
        self.dest_changed(list, dests);
    }

    /// The `add_dest` and `upd_dest` hooks, after a destination was put at
    /// the head of `list` or changed its weight or thresholds. Only wrr
    /// keeps state that depends on them (`ip_vs_wrr_dest_changed`): its walk
    /// restarts at the head and the current weight is kept in step with the
    /// new gcd and maximum. (sh and dh rebuild their bucket tables from the
    /// list, which this model does at every scheduling.)
    pub(super) fn dest_changed(&mut self, list: &[DestId], dests: &BTreeMap<DestId, Dest>) {
        if let State::Wrr { cl, cw, mw, di } = &mut self.state {
            *cl = None;
            *di = wrr_gcd_weight(list, dests);
            *mw = wrr_max_weight(list, dests) - (*di - 1);
            if *cw > *mw || *cw == 0 {
                *cw = *mw;
            } else if *di > 1 {
                *cw = (*cw / *di) * *di + 1;
            }
        }
    }

    /// Choose a destination for a new connection, or `None` ("no
    /// destination available").
    pub(super) fn schedule(&mut self, list: &[DestId], dests: &BTreeMap<DestId, Dest>, pkt: &SchedPacket) -> Option<DestId> {
        let get = |id: &DestId| dests.get(id);
        match (&mut self.state, self.kind) {
            (State::Rr { cursor }, _) => rr_schedule(cursor, list, dests),
            (State::Wrr { cl, cw, mw, di }, _) => wrr_schedule(cl, cw, *mw, *di, list, dests),
            (State::Stateless, SchedKind::Lc) => {
                // ip_vs_lc_schedule: least overhead, first in list on ties.
                let mut least: Option<(DestId, u64)> = None;
                for id in list {
                    let Some(d) = get(id) else { continue };
                    if d.overloaded || d.weight == 0 {
                        continue;
                    }
                    let doh = d.conn_overhead();
                    if least.is_none_or(|(_, loh)| doh < loh) {
                        least = Some((*id, doh));
                    }
                }
                least.map(|(id, _)| id)
            }
            (State::Stateless, SchedKind::Wlc) => weighted_least(list, dests, Dest::conn_overhead),
            (State::Stateless, SchedKind::Sed) => weighted_least(list, dests, |d| u64::from(d.active_conns) + 1),
            (State::Stateless, SchedKind::Nq) => nq_schedule(list, dests),
            (State::Stateless, SchedKind::Sh) => sh_schedule(list, dests, pkt),
            (State::Stateless, SchedKind::Dh) => {
                // ip_vs_dh_schedule: bucket of the destination address.
                let id = *dh_table(list).get(dh_hashkey(pkt.daddr))?;
                let d = get(&id)?;
                (d.weight > 0 && !d.overloaded).then_some(id)
            }
            (State::Stateless, _) => None,
        }
    }
}

/// Positions after `from` up to the end of the list
/// (`list_for_each_entry_continue`).
fn after(from: Cursor, list: &[DestId]) -> std::ops::Range<usize> {
    let start = match from {
        None => 0,
        Some(id) => list.iter().position(|d| *d == id).map_or(list.len(), |i| i + 1),
    };
    start..list.len()
}

/// `ip_vs_rr_schedule`: the next entry after the cursor with weight > 0 and
/// not overloaded, wrapping once through the head back to the cursor.
fn rr_schedule(cursor: &mut Cursor, list: &[DestId], dests: &BTreeMap<DestId, Dest>) -> Option<DestId> {
    let usable = |id: &DestId| dests.get(id).is_some_and(|d| !d.overloaded && d.weight > 0);
    let last = *cursor;
    // First pass: after the cursor to the end of the list.
    for i in after(last, list) {
        if usable(&list[i]) {
            *cursor = Some(list[i]);
            return Some(list[i]);
        }
    }
    // From the head there is no second pass; otherwise wrap around up to and
    // including the cursor's own entry.
    let last = last?;
    for id in list {
        if usable(id) {
            *cursor = Some(*id);
            return Some(*id);
        }
        if *id == last {
            break;
        }
    }
    None
}

fn wrr_gcd_weight(list: &[DestId], dests: &BTreeMap<DestId, Dest>) -> i32 {
    fn gcd(a: i32, b: i32) -> i32 {
        if b == 0 { a } else { gcd(b, a % b) }
    }
    let mut g = 0;
    for d in list.iter().filter_map(|id| dests.get(id)) {
        if d.weight > 0 {
            g = if g > 0 { gcd(d.weight, g) } else { d.weight };
        }
    }
    if g == 0 { 1 } else { g }
}

fn wrr_max_weight(list: &[DestId], dests: &BTreeMap<DestId, Dest>) -> i32 {
    list.iter().filter_map(|id| dests.get(id)).map(|d| d.weight).fold(0, i32::max)
}

/// `ip_vs_wrr_schedule`: walk the list repeatedly, lowering the current
/// weight `cw` by the gcd `di` after each full pass, and take the next
/// destination whose weight is at least `cw`. The kernel's passes that
/// cannot find anything (every usable weight below `cw`) are skipped in one
/// step; they change nothing but `cw`.
fn wrr_schedule(cl: &mut Cursor, cw: &mut i32, mw: i32, di: i32, list: &[DestId], dests: &BTreeMap<DestId, Dest>) -> Option<DestId> {
    if mw == 0 {
        return None;
    }
    let weight_ok = |id: &DestId, cw: i32| dests.get(id).is_some_and(|d| !d.overloaded && d.weight >= cw);
    let best_usable = list.iter().filter_map(|id| dests.get(id)).filter(|d| !d.overloaded).map(|d| d.weight).fold(0, i32::max);
    let last = *cl;
    let mut dest: Cursor = *cl;
    let mut stop: Cursor = None;
    let mut last_pass = false;
    let mut restarted = false;
    loop {
        for i in after(dest, list) {
            dest = Some(list[i]);
            if weight_ok(&list[i], *cw) {
                *cl = dest;
                return dest;
            }
            if stop.is_some() && dest == stop {
                *cl = dest;
                return None;
            }
        }
        dest = None;
        if stop.is_none() {
            let floor = best_usable.max(di);
            if *cw - di > floor {
                *cw -= ((*cw - floor - 1) / di) * di;
            }
        }
        *cw -= di;
        if *cw <= 0 {
            *cw = mw;
            if last_pass || last.is_none() {
                *cl = None;
                return None;
            }
            restarted = true;
        }
        last_pass = *cw <= di;
        if last_pass && restarted && last.is_some() {
            stop = last;
        }
    }
}

/// The weighted-least pattern of `wlc` and `sed`: the first usable entry,
/// then any later one with a strictly lower `overhead / weight`
/// (compared as `loh * w > doh * w_least` in 64 bits).
fn weighted_least(list: &[DestId], dests: &BTreeMap<DestId, Dest>, overhead: impl Fn(&Dest) -> u64) -> Option<DestId> {
    let mut iter = list.iter().filter_map(|id| dests.get(id).map(|d| (*id, d)));
    let (mut least_id, mut least) = iter.by_ref().find(|(_, d)| !d.overloaded && d.weight > 0)?;
    let mut loh = overhead(least);
    for (id, d) in iter {
        if d.overloaded {
            continue;
        }
        let doh = overhead(d);
        if i128::from(loh) * i128::from(d.weight) > i128::from(doh) * i128::from(least.weight) {
            least_id = id;
            least = d;
            loh = doh;
        }
    }
    Some(least_id)
}

/// `ip_vs_nq_schedule`: an idle server (no active connections) is taken at
/// once; otherwise the shortest expected delay.
fn nq_schedule(list: &[DestId], dests: &BTreeMap<DestId, Dest>) -> Option<DestId> {
    let mut least: Option<(DestId, &Dest, u64)> = None;
    for id in list {
        let Some(d) = dests.get(id) else { continue };
        if d.overloaded || d.weight == 0 {
            continue;
        }
        let doh = u64::from(d.active_conns) + 1;
        if d.active_conns == 0 {
            return Some(*id);
        }
        let better = match least {
            None => true,
            Some((_, l, loh)) => i128::from(loh) * i128::from(d.weight) > i128::from(doh) * i128::from(l.weight),
        };
        if better {
            least = Some((*id, d, doh));
        }
    }
    least.map(|(id, _, _)| id)
}

/// `hash_32(val, 8)` of `<linux/hash.h>`: the top 8 bits of
/// `val * GOLDEN_RATIO_32`.
fn hash_32(val: u32, bits: u32) -> u32 {
    val.wrapping_mul(0x61C8_8647) >> (32 - bits)
}

/// `ip_vs_sh_hashkey`: `(offset + hash_32(port + addr, 8)) & 255`, with the
/// port only when the service has the `sh-port` flag.
fn sh_hashkey(addr: Ipv4Addr, port: u16, offset: usize) -> usize {
    let h = hash_32(u32::from(port).wrapping_add(u32::from(addr)), 8) as usize;
    (offset + h) & (TAB_SIZE - 1)
}

/// `ip_vs_sh_reassign`: fill the 256 buckets walking the list from the
/// head, giving each destination `weight` consecutive buckets (at least
/// one, even at weight 0) and wrapping as often as needed.
fn sh_table(list: &[DestId], dests: &BTreeMap<DestId, Dest>) -> Vec<DestId> {
    let mut table = Vec::with_capacity(TAB_SIZE);
    if list.is_empty() {
        return table;
    }
    let mut i = 0;
    let mut count = 0;
    while table.len() < TAB_SIZE {
        let id = list[i % list.len()];
        table.push(id);
        count += 1;
        let weight = dests.get(&id).map_or(0, |d| d.weight);
        if count >= weight {
            i += 1;
            count = 0;
        }
    }
    table
}

/// `ip_vs_sh_schedule`: the bucket of the source address (and source port
/// with `sh-port`); with `sh-fallback` an unusable bucket falls back to the
/// next buckets in hash order (`ip_vs_sh_get_fallback`).
fn sh_schedule(list: &[DestId], dests: &BTreeMap<DestId, Dest>, pkt: &SchedPacket) -> Option<DestId> {
    let table = sh_table(list, dests);
    let port = if pkt.svc_flags & SVC_F_SCHED2 != 0 { pkt.sport } else { 0 };
    let unusable = |id: &DestId| dests.get(id).is_none_or(|d| d.weight <= 0 || d.overloaded);
    let ihash = sh_hashkey(pkt.saddr, port, 0);
    let first = *table.get(ihash)?;
    if !unusable(&first) {
        return Some(first);
    }
    if pkt.svc_flags & SVC_F_SCHED1 == 0 {
        return None;
    }
    for offset in 0..TAB_SIZE {
        let roffset = (offset + ihash) % TAB_SIZE;
        let id = *table.get(sh_hashkey(pkt.saddr, port, roffset))?;
        if !unusable(&id) {
            return Some(id);
        }
    }
    None
}

/// `ip_vs_dh_hashkey`: `(addr * 2654435761) & 255`.
fn dh_hashkey(addr: Ipv4Addr) -> usize {
    (u64::from(u32::from(addr)).wrapping_mul(2_654_435_761) & (TAB_SIZE as u64 - 1)) as usize
}

/// `ip_vs_dh_reassign`: one bucket per destination in list order,
/// repeated; weights do not matter.
fn dh_table(list: &[DestId]) -> Vec<DestId> {
    if list.is_empty() {
        return Vec::new();
    }
    (0..TAB_SIZE).map(|i| list[i % list.len()]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_functions_match_the_kernel_arithmetic() {
        // hash_32(10.0.0.2, 8): 0x0a000002 * 0x61c88647 = 0x...c390_8c8e -> top byte
        let v = 0x0a00_0002u32.wrapping_mul(0x61C8_8647);
        assert_eq!(hash_32(0x0a00_0002, 8), v >> 24);
        assert_eq!(sh_hashkey(Ipv4Addr::new(10, 0, 0, 2), 0, 0), (v >> 24) as usize);
        // dh: low byte of the product.
        assert_eq!(dh_hashkey(Ipv4Addr::new(0, 0, 0, 1)), 2_654_435_761u64 as usize & 255);
        assert_eq!(SchedKind::from_name("wlc"), Some(SchedKind::Wlc));
        assert_eq!(SchedKind::from_name("lblc"), None);
    }
}
