//! IPv4 interface addresses.
//!
//! Linux keeps a device's addresses in one list: primaries first (a new
//! primary goes after the last primary of equal or wider scope), then
//! secondaries (an address inside the subnet of an existing primary with the
//! same mask). Adding an address also installs routes (see
//! `Kernel::addr_add`): a `local` route in table local always, and when the
//! device is up a `broadcast` route for the broadcast address (prefix < 31)
//! and the prefix route in table main — exactly as `fib_add_ifaddr` does.

use std::net::Ipv4Addr;

use super::Origin;
use crate::net::Ipv4Cidr;

/// Address scope (`scope global|link|host`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// RT_SCOPE_UNIVERSE (0)
    Global,
    /// RT_SCOPE_SITE (200)
    Site,
    /// RT_SCOPE_LINK (253)
    Link,
    /// RT_SCOPE_HOST (254)
    Host,
    /// RT_SCOPE_NOWHERE (255)
    Nowhere,
}

impl Scope {
    pub fn value(self) -> u8 {
        match self {
            Scope::Global => 0,
            Scope::Site => 200,
            Scope::Link => 253,
            Scope::Host => 254,
            Scope::Nowhere => 255,
        }
    }
    pub fn from_value(v: u8) -> Scope {
        match v {
            0 => Scope::Global,
            200 => Scope::Site,
            253 => Scope::Link,
            254 => Scope::Host,
            _ => Scope::Nowhere,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Scope::Global => "global",
            Scope::Site => "site",
            Scope::Link => "link",
            Scope::Host => "host",
            Scope::Nowhere => "nowhere",
        }
    }
    pub fn parse(s: &str) -> Option<Scope> {
        Some(match s {
            "global" | "universe" => Scope::Global,
            "site" => Scope::Site,
            "link" => Scope::Link,
            "host" => Scope::Host,
            "nowhere" => Scope::Nowhere,
            _ => Scope::from_value(s.parse::<u8>().ok()?),
        })
    }
}

/// One IPv4 address on a device.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IfAddr {
    pub local: Ipv4Addr,
    pub prefix_len: u8,
    /// Only when set explicitly (`brd`, or `brd +`, or by Docker's netlink
    /// library for prefixes shorter than /31).
    pub broadcast: Option<Ipv4Addr>,
    pub scope: Scope,
    pub label: String,
    pub secondary: bool,
    pub noprefixroute: bool,
    pub origin: Option<Origin>,
}

impl IfAddr {
    pub fn cidr(&self) -> Ipv4Cidr {
        Ipv4Cidr::new(self.local, self.prefix_len)
    }
    /// Whether `ip` is in this address's subnet.
    pub fn same_subnet(&self, ip: Ipv4Addr) -> bool {
        self.cidr().contains(ip)
    }
}
