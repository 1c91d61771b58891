//! Routing tables and route lookup.
//!
//! Tables are numbered as in Linux (255 local, 254 main, 253 default); the
//! policy rules are the three fixed defaults (`0: from all lookup local`,
//! `32766: from all lookup main`, `32767: from all lookup default`). Lookup
//! is longest prefix match, then lowest metric, skipping routes whose device
//! is down; `local` and `broadcast` routes decide local delivery.
//! Source selection follows `inet_select_addr`.
//!
//! Listing order is the kernel's FIB trie walk: by destination address,
//! longer prefixes before shorter ones at the same address, then by metric.
//!
//! Not modelled: policy routing rules beyond the defaults, multipath, route
//! caching and PMTU exceptions, IPv6.

use std::net::Ipv4Addr;

use super::addr::Scope;
use super::{DevId, Origin};
use crate::net::Ipv4Cidr;

pub const TABLE_LOCAL: u32 = 255;
pub const TABLE_MAIN: u32 = 254;
pub const TABLE_DEFAULT: u32 = 253;

/// Route protocol numbers (`proto kernel|boot|static`).
pub mod rtproto {
    pub const UNSPEC: u8 = 0;
    pub const REDIRECT: u8 = 1;
    pub const KERNEL: u8 = 2;
    pub const BOOT: u8 = 3;
    pub const STATIC: u8 = 4;
    pub const DHCP: u8 = 16;

    pub fn name(p: u8) -> Option<&'static str> {
        Some(match p {
            0 => "unspec",
            1 => "redirect",
            2 => "kernel",
            3 => "boot",
            4 => "static",
            16 => "dhcp",
            _ => return None,
        })
    }
}

/// Route type (`unicast`, `local`, `broadcast`, `blackhole` …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RouteType {
    Unicast,
    Local,
    Broadcast,
    Anycast,
    Multicast,
    Blackhole,
    Unreachable,
    Prohibit,
    Throw,
}

impl RouteType {
    pub fn name(self) -> &'static str {
        match self {
            RouteType::Unicast => "unicast",
            RouteType::Local => "local",
            RouteType::Broadcast => "broadcast",
            RouteType::Anycast => "anycast",
            RouteType::Multicast => "multicast",
            RouteType::Blackhole => "blackhole",
            RouteType::Unreachable => "unreachable",
            RouteType::Prohibit => "prohibit",
            RouteType::Throw => "throw",
        }
    }
    pub fn parse(s: &str) -> Option<RouteType> {
        Some(match s {
            "unicast" => RouteType::Unicast,
            "local" => RouteType::Local,
            "broadcast" => RouteType::Broadcast,
            "anycast" => RouteType::Anycast,
            "multicast" => RouteType::Multicast,
            "blackhole" => RouteType::Blackhole,
            "unreachable" => RouteType::Unreachable,
            "prohibit" => RouteType::Prohibit,
            "throw" => RouteType::Throw,
            _ => return None,
        })
    }
}

/// One route.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub table: u32,
    /// Destination prefix, host bits cleared.
    pub dst: Ipv4Cidr,
    pub kind: RouteType,
    pub tos: u8,
    pub metric: u32,
    pub gateway: Option<Ipv4Addr>,
    pub dev: Option<DevId>,
    pub proto: u8,
    pub scope: Scope,
    pub prefsrc: Option<Ipv4Addr>,
    pub onlink: bool,
    pub origin: Option<Origin>,
}

impl Route {
    /// The trie-walk sort key (see the module docs).
    pub fn sort_key(&self) -> (u32, u32, std::cmp::Reverse<u8>, u8, u32) {
        (self.table, u32::from(self.dst.addr), std::cmp::Reverse(self.dst.prefix_len), self.tos, self.metric)
    }
    /// Whether two routes are "the same route" for `ip route del`/`replace`
    /// purposes: table, prefix, tos and metric (fib key).
    pub fn same_key(&self, other: &Route) -> bool {
        self.table == other.table && self.dst == other.dst && self.tos == other.tos && self.metric == other.metric
    }
}

/// All routing tables of one namespace.
#[derive(Clone, Debug, Default)]
pub struct RouteTables {
    /// Kept sorted by [`Route::sort_key`] (stable for equal keys).
    pub routes: Vec<Route>,
}

/// The result of a route lookup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteResult {
    pub kind: RouteType,
    pub table: u32,
    pub dst: Ipv4Cidr,
    pub gateway: Option<Ipv4Addr>,
    pub dev: Option<DevId>,
    pub prefsrc: Option<Ipv4Addr>,
    pub scope: Scope,
    pub index: usize,
}

impl RouteTables {
    /// Insert keeping trie order; routes with an equal key go after existing ones.
    pub fn insert(&mut self, r: Route) {
        let key = r.sort_key();
        let pos = self.routes.partition_point(|x| x.sort_key() <= key);
        self.routes.insert(pos, r);
    }

    pub fn table(&self, table: u32) -> impl Iterator<Item = &Route> {
        self.routes.iter().filter(move |r| r.table == table)
    }

    /// Longest-prefix lookup in one table. `dev_ok` says whether a route's
    /// device is usable (up); routes through unusable devices are skipped.
    pub fn lookup_table(&self, table: u32, dst: Ipv4Addr, oif: Option<DevId>, dev_ok: &dyn Fn(DevId) -> bool) -> Option<RouteResult> {
        let mut best: Option<(usize, &Route)> = None;
        for (i, r) in self.routes.iter().enumerate() {
            if r.table != table || !r.dst.contains(dst) {
                continue;
            }
            if let Some(d) = r.dev {
                if !dev_ok(d) {
                    continue;
                }
                if let Some(o) = oif {
                    if o != d && r.kind != RouteType::Local {
                        continue;
                    }
                }
            }
            let better = match best {
                None => true,
                Some((_, b)) => r.dst.prefix_len > b.dst.prefix_len || (r.dst.prefix_len == b.dst.prefix_len && r.metric < b.metric),
            };
            if better {
                best = Some((i, r));
            }
        }
        best.map(|(i, r)| RouteResult {
            kind: r.kind,
            table: r.table,
            dst: r.dst,
            gateway: r.gateway,
            dev: r.dev,
            prefsrc: r.prefsrc,
            scope: r.scope,
            index: i,
        })
    }

    /// Policy lookup with the default rules: local, then main, then default.
    /// A `throw` route ends the table and continues with the next rule.
    pub fn lookup(&self, dst: Ipv4Addr, oif: Option<DevId>, dev_ok: &dyn Fn(DevId) -> bool) -> Option<RouteResult> {
        for t in [TABLE_LOCAL, TABLE_MAIN, TABLE_DEFAULT] {
            if let Some(r) = self.lookup_table(t, dst, oif, dev_ok) {
                if r.kind == RouteType::Throw {
                    continue;
                }
                return Some(r);
            }
        }
        None
    }

    /// Remove every route through `dev` (device down or deleted). With
    /// `only_kernel`, keep routes the user added (not used: Linux removes
    /// both on NETDEV_DOWN).
    pub fn remove_dev(&mut self, dev: DevId) {
        self.routes.retain(|r| r.dev != Some(dev));
    }
}
