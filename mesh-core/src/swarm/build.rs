//! Building the world of a scenario: machines with a NIC on the underlay,
//! addresses, routes, and (for Docker nodes) a started daemon.

use crate::kernel::{INIT_NETNS, IfAddr, LinkSpec, Scope};
use crate::sim::{HostId, World};
use crate::time::Duration;
use crate::wire::EthernetAddress;

use super::scenario::Scenario;

/// The MAC of a machine's NIC: QEMU's 52:54:00 prefix and the last three
/// bytes of its underlay address, so every run shows the same addresses.
pub fn nic_mac(ip: std::net::Ipv4Addr) -> EthernetAddress {
    let o = ip.octets();
    EthernetAddress([0x52, 0x54, 0x00, o[1], o[2], o[3]])
}

/// Create a machine: a kernel with `eth0` on the underlay, its address,
/// loopback up, and a default route when the scenario has a gateway.
pub fn add_machine(w: &mut World, scenario: &Scenario, name: &str, ip: std::net::Ipv4Addr) -> HostId {
    let h = w.add_host(name);
    let underlay = scenario.underlay;
    let gateway = scenario.gateway;
    let nic = w.with_kernel(h, |k| {
        let nic = match k.link_add(INIT_NETNS, "eth0", LinkSpec::Nic, Some(nic_mac(ip))) {
            Ok(d) => d,
            Err(_) => return None,
        };
        k.dev_mut(nic).txqlen = 1000;
        let _ = k.addr_add(
            nic,
            IfAddr {
                local: ip,
                prefix_len: underlay.prefix_len,
                broadcast: (underlay.prefix_len < 31).then(|| underlay.broadcast()),
                scope: Scope::Global,
                label: "eth0".into(),
                secondary: false,
                noprefixroute: false,
                origin: None,
            },
        );
        let _ = k.dev_set_up(nic, true);
        if let Some(gw) = gateway {
            let r = crate::kernel::Route {
                table: crate::kernel::route::TABLE_MAIN,
                dst: crate::net::Ipv4Cidr::new(std::net::Ipv4Addr::UNSPECIFIED, 0),
                kind: crate::kernel::RouteType::Unicast,
                tos: 0,
                metric: 0,
                gateway: Some(gw),
                dev: Some(nic),
                proto: crate::kernel::route::rtproto::BOOT,
                scope: Scope::Global,
                prefsrc: None,
                onlink: false,
                origin: None,
            };
            let _ = k.route_add(INIT_NETNS, r, crate::kernel::RouteAddMode::Add);
        }
        Some(nic)
    });
    if let Some(nic) = nic {
        w.plug(h, nic);
    }
    h
}

/// Let a freshly built world settle (nothing is queued yet, but keep the
/// clock moving the same way every time).
pub fn settle(w: &mut World) {
    w.advance(Duration::from_millis(1), crate::sim::DEFAULT_BUDGET);
}
