//! IPVS operations as libnetwork performs them over netlink (moby/ipvs):
//! fwmark services with the rr scheduler and Masq destinations.

use std::net::Ipv4Addr;

use super::{Kernel, NetnsId};
use crate::ipvs::{DestConfig, FwdMethod, ServiceConfig, ServiceKey};

impl Kernel {
    /// Whether the fwmark service exists (`IsServicePresent`).
    pub fn ipvs_fwmark_present(&self, ns: NetnsId, fwmark: u32) -> bool {
        self.netns(ns).ipvs.service_id(&ServiceKey::Fwmark(fwmark)).is_some()
    }

    /// `NewService`: `FWM <mark> rr`.
    pub fn ipvs_fwmark_service_add(&mut self, ns: NetnsId, fwmark: u32) {
        self.netns_mut(ns).sysctl.ip_vs = true;
        let _ = self.netns_mut(ns).ipvs.add_service(&ServiceConfig::new(ServiceKey::Fwmark(fwmark), "rr"));
    }

    /// `DelService`.
    pub fn ipvs_fwmark_service_del(&mut self, ns: NetnsId, fwmark: u32) {
        let now = self.now;
        let _ = self.netns_mut(ns).ipvs.del_service(&ServiceKey::Fwmark(fwmark), now);
    }

    /// `NewDestination` (or `UpdateDestination` when it exists): `-> ip:0 Masq weight`.
    pub fn ipvs_fwmark_dest_add(&mut self, ns: NetnsId, fwmark: u32, addr: Ipv4Addr, weight: i32) {
        let now = self.now;
        let key = ServiceKey::Fwmark(fwmark);
        let d = DestConfig::new(addr, 0, FwdMethod::Masq, weight);
        let ipvs = &mut self.netns_mut(ns).ipvs;
        if ipvs.add_dest(&key, &d, now).is_err() {
            let _ = ipvs.edit_dest(&key, &d);
        }
    }

    /// `DelDestination`.
    pub fn ipvs_fwmark_dest_del(&mut self, ns: NetnsId, fwmark: u32, addr: Ipv4Addr) {
        let now = self.now;
        let _ = self.netns_mut(ns).ipvs.del_dest(&ServiceKey::Fwmark(fwmark), addr, 0, now);
    }

    /// Continue numbering new interfaces of a namespace from `next` (a host
    /// that has run for a while has created and destroyed many).
    pub fn set_next_ifindex(&mut self, ns: NetnsId, next: u32) {
        self.netns_mut(ns).set_next_ifindex(next);
    }
}
