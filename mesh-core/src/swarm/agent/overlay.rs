//! The overlay driver: the per-network overlay namespace with br0 and
//! vxlan0, endpoint joins over veth pairs, and peers from gossip (§4).

use std::net::Ipv4Addr;

use super::{Daemon, EndpointInfo, OverlayInfo, OverlayNs};
use crate::kernel::{DevId, INIT_NETNS, IfAddr, LinkSpec, NetnsId, NudState, Scope, VxlanState};
use crate::net::Ipv4Cidr;
use crate::sim::World;
use crate::wire::EthernetAddress;

/// The MTU of overlay interfaces: 1500 − 50 bytes of VXLAN encapsulation.
pub const OVERLAY_MTU: u32 = 1450;

impl Daemon {
    /// The overlay namespace of a network, created on first need
    /// (joinSandbox → setupSubnetSandbox).
    pub(crate) fn overlay_ensure(&mut self, w: &mut World, info: &OverlayInfo) -> Option<NetnsId> {
        if let Some(o) = self.overlays.get(&info.id) {
            return Some(o.netns);
        }
        let short: String = info.id.chars().take(10).collect();
        let name = format!("1-{short}");
        let path = format!("/run/docker/netns/{name}");
        let vni = info.vni;
        let port = self.data_path_port;
        let vx_src = format!("vx-{:06x}-{}", vni, &info.id.chars().take(5).collect::<String>());
        let br_src = format!("ov-{:06x}-{}", vni, &info.id.chars().take(5).collect::<String>());
        let gw = Ipv4Cidr::new(info.gateway, info.subnet.prefix_len);
        let created = self.kernel(w, |k| {
            let ns = k.netns_create();
            k.netns_mount(&path, ns);
            let lo = k.dev_by_name(ns, "lo")?;
            let _ = k.dev_set_up(lo, true);
            // The bridge is created inside the namespace and renamed br0.
            let br = k.link_add(ns, &br_src, LinkSpec::Bridge, None).ok()?;
            k.dev_mut(br).txqlen = 0;
            let _ = k.dev_rename(br, "br0");
            let _ = k.addr_add(
                br,
                IfAddr {
                    local: gw.addr,
                    prefix_len: gw.prefix_len,
                    broadcast: Some(gw.broadcast()),
                    scope: Scope::Global,
                    label: "br0".into(),
                    secondary: false,
                    noprefixroute: false,
                    origin: None,
                },
            );
            let _ = k.dev_set_mtu(br, OVERLAY_MTU);
            // vxlan is created in the host namespace (its UDP socket lives
            // there), then moved in, renamed vxlan0 and enslaved to br0.
            let mut vx = VxlanState::new(vni, INIT_NETNS);
            vx.dstport = port;
            vx.learning = true;
            vx.proxy = true;
            vx.l2miss = true;
            vx.l3miss = true;
            let v = k.link_add(INIT_NETNS, &vx_src, LinkSpec::Vxlan(Box::new(vx)), None).ok()?;
            k.dev_mut(v).txqlen = 0;
            let _ = k.dev_set_mtu(v, OVERLAY_MTU);
            k.dev_set_netns(v, ns).ok()?;
            let _ = k.dev_rename(v, "vxlan0");
            let _ = k.dev_set_master(v, Some(br));
            let _ = k.dev_set_up(v, true);
            let _ = k.dev_set_up(br, true);
            Some((ns, br, v))
        });
        let (ns, br0, vxlan0) = created?;
        self.peer_loss_gen += 1;
        self.overlays.insert(
            info.id.clone(),
            OverlayNs {
                info: info.clone(),
                netns: ns,
                name,
                br0,
                vxlan0,
                next_veth: 0,
                endpoints: Default::default(),
                peers: Default::default(),
                peers_by_fdb: Default::default(),
            },
        );
        Some(ns)
    }

    /// Join an endpoint of `info` to the sandbox namespace `sb_ns` as
    /// `ifname` (overlay Join + the sandbox's interface move).
    pub(crate) fn overlay_join(
        &mut self,
        w: &mut World,
        info: &OverlayInfo,
        key: &str,
        ep_name: &str,
        sb_ns: NetnsId,
        ifname: &str,
        ip: Ipv4Cidr,
    ) -> Option<EndpointInfo> {
        let ovns = self.overlay_ensure(w, info)?;
        let br0 = self.overlays.get(&info.id)?.br0;
        let n = self.overlays.get(&info.id)?.next_veth;
        let name1 = self.veth_name();
        let name2 = self.veth_name();
        let mac = EthernetAddress::from_ipv4(ip.addr);
        let inner = format!("veth{n}");
        let ok = self.kernel(w, |k| {
            // name1 (overlay side) with name2 as its peer: the peer is registered first.
            let v1 = k.link_add(INIT_NETNS, &name1, LinkSpec::Veth { peer_name: name2.clone(), peer_netns: None, peer_mac: None }, None).ok()?;
            let v2 = k.dev_by_name(INIT_NETNS, &name2)?;
            k.dev_mut(v1).txqlen = 0;
            k.dev_mut(v2).txqlen = 0;
            let _ = k.dev_set_mtu(v1, OVERLAY_MTU);
            let _ = k.dev_set_mtu(v2, OVERLAY_MTU);
            k.dev_set_netns(v1, ovns).ok()?;
            let _ = k.dev_rename(v1, &inner);
            let _ = k.dev_set_master(v1, Some(br0));
            let _ = k.dev_set_up(v1, true);
            move_into_sandbox(k, v2, sb_ns, ifname, mac, ip)?;
            Some(())
        });
        ok?;
        let id = self.random_id();
        let ep = EndpointInfo { name: ep_name.to_string(), id, mac, ip };
        if let Some(o) = self.overlays.get_mut(&info.id) {
            o.next_veth += 1;
            o.endpoints.insert(key.to_string(), ep.clone());
            self.endpoint_gen += 1;
        }
        Some(ep)
    }

    /// A remote endpoint learned from gossip (addNeighbor): a permanent
    /// neighbour entry and a permanent FDB entry pointing at its VTEP.
    pub fn peer_add(&mut self, w: &mut World, net_id: &str, ip: Ipv4Addr, mac: EthernetAddress, vtep: Ipv4Addr) {
        if vtep == self.addr {
            return;
        }
        let Some(o) = self.overlays.get(net_id) else { return };
        if o.peers.contains(&(ip, mac, vtep)) {
            return;
        }
        let vx = o.vxlan0;
        let fdb_refs = o.peers_by_fdb.get(&(mac, vtep)).copied().unwrap_or(0);
        self.kernel(w, |k| {
            let _ = k.neigh_add(vx, ip, Some(mac), NudState::Permanent, crate::kernel::ops::NeighMode::Replace);
            if fdb_refs == 0 {
                let _ = k.vxlan_fdb_add(vx, mac, vtep, true, crate::kernel::ops::FdbMode::Replace);
            }
        });
        if let Some(o) = self.overlays.get_mut(net_id) {
            o.peers.insert((ip, mac, vtep));
            *o.peers_by_fdb.entry((mac, vtep)).or_insert(0) += 1;
        }
    }

    /// A remote endpoint went away (deleteNeighbor).
    pub fn peer_del(&mut self, w: &mut World, net_id: &str, ip: Ipv4Addr, mac: EthernetAddress, vtep: Ipv4Addr) {
        let Some(o) = self.overlays.get_mut(net_id) else { return };
        if !o.peers.remove(&(ip, mac, vtep)) {
            return;
        }
        self.peer_loss_gen += 1;
        let still = match o.peers_by_fdb.get_mut(&(mac, vtep)) {
            Some(n) if *n > 1 => {
                *n -= 1;
                true
            }
            _ => {
                o.peers_by_fdb.remove(&(mac, vtep));
                false
            }
        };
        let vx = o.vxlan0;
        self.kernel(w, |k| {
            let _ = k.neigh_del(vx, ip);
            if !still {
                let _ = k.vxlan_fdb_del(vx, mac, Some(vtep));
            }
        });
    }

    /// Remove a local endpoint: its veth pair goes with the sandbox side.
    pub(crate) fn overlay_leave(&mut self, net_id: &str, key: &str) {
        if let Some(o) = self.overlays.get_mut(net_id) {
            o.endpoints.remove(key);
        }
    }
}

/// osl AddInterface for a container interface: move into the sandbox,
/// rename, set the MAC and address (with broadcast below /31), bring up.
pub(crate) fn move_into_sandbox(k: &mut crate::kernel::Kernel, dev: DevId, sb_ns: NetnsId, ifname: &str, mac: EthernetAddress, ip: Ipv4Cidr) -> Option<()> {
    k.dev_set_netns(dev, sb_ns).ok()?;
    let _ = k.dev_rename(dev, ifname);
    let _ = k.dev_set_mac(dev, mac);
    let brd = (ip.prefix_len < 31).then(|| ip.broadcast());
    let _ = k.addr_add(
        dev,
        IfAddr {
            local: ip.addr,
            prefix_len: ip.prefix_len,
            broadcast: brd,
            scope: Scope::Global,
            label: ifname.to_string(),
            secondary: false,
            noprefixroute: false,
            origin: None,
        },
    );
    let _ = k.dev_set_up(dev, true);
    Some(())
}
