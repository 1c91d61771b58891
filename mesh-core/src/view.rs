//! Read-only views of the world for frontends: what a drawing of the lab
//! and a "live tables" pane need.
//!
//! [`topology`] takes a snapshot of every host: its network namespaces (with
//! the label the trace uses, so a [`crate::sim::trace::Hop`] can be placed on
//! the drawing), and per namespace its devices in ifindex order with kind,
//! MAC, state and addresses, the bridge each port is enslaved to, the other
//! end of each veth (which may live in another namespace), and for VXLAN
//! devices the VNI and the underlay device the tunnel leaves through. NICs
//! plugged into the underlay segment are listed once more in
//! [`Topology::underlay`].
//!
//! Tables are not re-implemented here: [`Session::netns_table`] runs the real
//! listing tool (`iptables -t nat -nvL`, `ip route` …) in the namespace
//! through the session's `exec`, exactly as if the user had typed it there as
//! root, so a frontend shows the CLI's text byte for byte. That also means a
//! listing has the tool's side effects, as on Linux: `ip link` assigns a
//! peer namespace its `link-netnsid` the first time it reports it.
//!
//! Guarantees: a snapshot never panics, whatever the world looks like (a
//! device whose peer or master vanished is shown without it), and its order
//! is deterministic (hosts in creation order, namespaces in creation order,
//! devices by ifindex).
//!
//! Not modelled here: layout (coordinates are the frontend's job), and any
//! change to the world — every function here only reads, except that the
//! listing tools run by [`Session::netns_table`] behave as the real ones.

use std::net::Ipv4Addr;

use crate::kernel::{DevId, DeviceKind, Kernel, NetnsId};
use crate::output::CmdOutput;
use crate::shell::{Exec, Session};
use crate::sim::{HostId, World};

/// A snapshot of every host, namespace and device of the world.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Topology {
    pub hosts: Vec<HostView>,
    /// The NICs plugged into the underlay L2 segment, in plug order.
    pub underlay: Vec<DeviceRef>,
}

/// One machine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostView {
    pub id: HostId,
    pub name: String,
    /// The initial namespace first, then the others in creation order.
    pub namespaces: Vec<NetnsView>,
}

/// One network namespace of a host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetnsView {
    pub id: NetnsId,
    /// `host` for the initial namespace, else its `ip netns` name or the last
    /// part of its mount path (`ingress_sbox`, `1-m4np8jn3j5`) — the same
    /// label the trace records in [`crate::sim::trace::Hop::netns`].
    pub label: String,
    /// Where it is bind-mounted (`/run/netns/blue`, `/run/docker/netns/…`).
    pub mounts: Vec<String>,
    /// Devices in ifindex order.
    pub devices: Vec<DeviceView>,
}

/// One network device.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceView {
    pub name: String,
    pub ifindex: u32,
    pub kind: DeviceKindView,
    /// `02:42:0a:00:00:02`.
    pub mac: String,
    /// `ip link set … up` was done (IFF_UP).
    pub admin_up: bool,
    /// The operational state as `ip link` prints it: `UP`, `DOWN`,
    /// `LOWERLAYERDOWN` or `UNKNOWN`.
    pub oper_state: String,
    /// IPv4 addresses as `10.0.0.2/24`, in the kernel's list order.
    pub addresses: Vec<String>,
    /// The bridge this device is a port of (always in the same namespace).
    pub master: Option<String>,
}

/// What kind of device, with what a drawing needs of its kind's state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeviceKindView {
    Loopback,
    /// One end of a veth pair; `peer` is the other end, wherever it is.
    Veth {
        peer: Option<DeviceRef>,
    },
    /// A Linux bridge and the names of its ports, in ifindex order.
    Bridge {
        ports: Vec<String>,
    },
    /// A VXLAN device: its VNI and UDP port, the local and default remote
    /// VTEPs when set, and the underlay device its packets leave through
    /// (`dev` at creation; on Docker's overlay, none, and routing picks it).
    Vxlan {
        vni: u32,
        dstport: u16,
        local: Option<Ipv4Addr>,
        remote: Option<Ipv4Addr>,
        link: Option<DeviceRef>,
    },
    /// A physical NIC; `on_underlay` when it is plugged into the segment.
    Nic {
        on_underlay: bool,
    },
    Dummy,
}

impl DeviceKindView {
    /// The `ip -d link` kind name (`veth`, `bridge`, `vxlan`; `loopback`,
    /// `ether` and `dummy` for the others).
    pub fn name(&self) -> &'static str {
        match self {
            DeviceKindView::Loopback => "loopback",
            DeviceKindView::Veth { .. } => "veth",
            DeviceKindView::Bridge { .. } => "bridge",
            DeviceKindView::Vxlan { .. } => "vxlan",
            DeviceKindView::Nic { .. } => "ether",
            DeviceKindView::Dummy => "dummy",
        }
    }
}

/// Where a device is: enough to find it in a [`Topology`] or a trace.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct DeviceRef {
    pub host: String,
    pub netns: NetnsId,
    /// The namespace's label (see [`NetnsView::label`]).
    pub netns_label: String,
    pub name: String,
    pub ifindex: u32,
}

/// Indices of a device in a [`Topology`]: host, namespace, device.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DevicePos {
    pub host: usize,
    pub netns: usize,
    pub device: usize,
}

impl Topology {
    /// The host, namespace and (when named) device a trace hop happened at:
    /// `node` is the host name, `netns` the namespace label, `dev` the device
    /// name. Returns the namespace's position with `device` = `usize::MAX`
    /// when `dev` is `None` or not found in that namespace; `None` when the
    /// host or namespace is unknown (it may have been deleted since).
    pub fn locate(&self, node: &str, netns: &str, dev: Option<&str>) -> Option<DevicePos> {
        let host = self.hosts.iter().position(|h| h.name == node)?;
        let ns_idx = self.hosts[host].namespaces.iter().position(|n| n.label == netns)?;
        let ns = &self.hosts[host].namespaces[ns_idx];
        let device = dev.and_then(|d| ns.devices.iter().position(|x| x.name == d)).unwrap_or(usize::MAX);
        Some(DevicePos { host, netns: ns_idx, device })
    }

    /// The position of the device a [`DeviceRef`] names.
    pub fn position(&self, r: &DeviceRef) -> Option<DevicePos> {
        let host = self.hosts.iter().position(|h| h.name == r.host)?;
        let netns = self.hosts[host].namespaces.iter().position(|n| n.id == r.netns)?;
        let device = self.hosts[host].namespaces[netns].devices.iter().position(|d| d.ifindex == r.ifindex)?;
        Some(DevicePos { host, netns, device })
    }
}

/// A snapshot of the world's hosts, namespaces and devices.
pub fn topology(world: &World) -> Topology {
    let hosts = world
        .hosts
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let k = &h.kernel;
            let namespaces = k.netns_ids().map(|ns| netns_view(world, HostId(i as u32), k, ns)).collect();
            HostView { id: HostId(i as u32), name: h.name.clone(), namespaces }
        })
        .collect();
    let underlay = world.segment.iter().filter_map(|&(h, d)| device_ref(world, h, d)).collect();
    Topology { hosts, underlay }
}

fn netns_view(world: &World, host: HostId, k: &Kernel, ns: NetnsId) -> NetnsView {
    let mounts = k.mounts.iter().filter(|(_, v)| **v == ns).map(|(p, _)| p.clone()).collect();
    let devices = k.devs_in(ns).map(|d| device_view(world, host, k, d.id)).collect();
    NetnsView { id: ns, label: k.netns_label(ns), mounts, devices }
}

fn device_view(world: &World, host: HostId, k: &Kernel, id: DevId) -> DeviceView {
    let d = k.dev(id);
    let kind = match &d.kind {
        DeviceKind::Loopback => DeviceKindView::Loopback,
        DeviceKind::Veth { peer } => DeviceKindView::Veth { peer: device_ref(world, host, *peer) },
        DeviceKind::Bridge(_) => DeviceKindView::Bridge { ports: k.bridge_ports(id).map(|p| p.name.clone()).collect() },
        DeviceKind::Vxlan(v) => {
            DeviceKindView::Vxlan { vni: v.vni, dstport: v.dstport, local: v.local, remote: v.remote, link: v.link.and_then(|l| device_ref(world, host, l)) }
        }
        DeviceKind::Nic => DeviceKindView::Nic { on_underlay: world.segment.contains(&(host, id)) },
        DeviceKind::Dummy => DeviceKindView::Dummy,
    };
    DeviceView {
        name: d.name.clone(),
        ifindex: d.ifindex,
        kind,
        mac: d.mac.to_string(),
        admin_up: d.admin_up,
        oper_state: k.oper_state(id).as_str().to_string(),
        addresses: d.addrs.iter().map(|a| a.cidr().to_string()).collect(),
        master: d.master.and_then(|m| k.dev_try(m)).map(|m| m.name.clone()),
    }
}

fn device_ref(world: &World, host: HostId, id: DevId) -> Option<DeviceRef> {
    let h = world.hosts.get(host.0 as usize)?;
    let d = h.kernel.dev_try(id)?;
    Some(DeviceRef { host: h.name.clone(), netns: d.netns, netns_label: h.kernel.netns_label(d.netns), name: d.name.clone(), ifindex: d.ifindex })
}

/// The tables a "live tables" pane shows for a namespace: a title and the
/// command that prints it, run as root in that namespace.
pub const NETNS_TABLES: &[(&str, &str)] = &[
    ("Addresses", "ip addr"),
    ("Routes", "ip route"),
    ("Neighbours", "ip neigh"),
    ("Bridge FDB", "bridge fdb show"),
    ("iptables filter", "iptables -nvL"),
    ("iptables nat", "iptables -t nat -nvL"),
    ("iptables mangle", "iptables -t mangle -nvL"),
    ("IPVS", "ipvsadm -Ln"),
    ("Conntrack", "conntrack -L"),
];

impl Session {
    /// Run one listing command (e.g. `iptables -t nat -nvL`) as root in
    /// `netns` of `host`, as typed after `ip netns exec`, and return exactly
    /// what the tool printed. The session's context, `$?` and clock are left
    /// alone; the tool itself behaves as the real one (including its side
    /// effects, see the module docs). Unknown hosts or namespaces give the
    /// message `ip netns exec` would.
    pub fn netns_table(&mut self, host: HostId, netns: NetnsId, command: &str) -> CmdOutput {
        let known = self.world.hosts.get(host.0 as usize).is_some_and(|h| h.kernel.netns_exists(netns));
        if !known {
            return CmdOutput::err("Cannot open network namespace: No such file or directory\n", 1);
        }
        let argv: Vec<String> = command.split_whitespace().map(str::to_string).collect();
        self.exec(&argv, "", &Exec { host, netns, root: true, container: None, stdout_tty: true })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::{INIT_NETNS, IfAddr, LinkSpec, Scope, VxlanState};

    fn addr(k: &mut Kernel, dev: DevId, cidr: &str) {
        let c: crate::net::Ipv4Cidr = cidr.parse().unwrap();
        let a = IfAddr {
            local: c.addr,
            prefix_len: c.prefix_len,
            broadcast: None,
            scope: Scope::Global,
            label: String::new(),
            secondary: false,
            noprefixroute: false,
            origin: None,
        };
        k.addr_add(dev, a).unwrap();
    }

    /// A host with a NIC on the underlay, a bridge `br0` with a veth port
    /// whose peer `eth0` is in namespace `blue`, and a VXLAN device over the NIC.
    fn lab() -> (World, HostId, NetnsId) {
        let mut w = World::new(7);
        let h = w.add_host("node1");
        let (blue, nic) = w.with_kernel(h, |k| {
            let blue = k.netns_create();
            k.netns_mount("/run/netns/blue", blue);
            let nic = k.link_add(INIT_NETNS, "eth0", LinkSpec::Nic, None).unwrap();
            addr(k, nic, "192.168.56.10/24");
            let br = k.link_add(INIT_NETNS, "br0", LinkSpec::Bridge, None).unwrap();
            let veth = k.link_add(INIT_NETNS, "veth1", LinkSpec::Veth { peer_name: "eth0".into(), peer_netns: Some(blue), peer_mac: None }, None).unwrap();
            k.dev_set_master(veth, Some(br)).unwrap();
            let peer = k.dev_by_name(blue, "eth0").unwrap();
            addr(k, peer, "10.0.0.2/24");
            let mut vx = VxlanState::new(42, INIT_NETNS);
            vx.link = Some(nic);
            vx.dstport = 4789;
            k.link_add(INIT_NETNS, "vxlan0", LinkSpec::Vxlan(Box::new(vx)), None).unwrap();
            (blue, nic)
        });
        w.plug(h, nic);
        (w, h, blue)
    }

    #[test]
    fn topology_lists_namespaces_devices_and_links() {
        let (w, _, blue) = lab();
        let t = topology(&w);
        assert_eq!(t.hosts.len(), 1);
        let host = &t.hosts[0];
        assert_eq!(host.name, "node1");
        let labels: Vec<&str> = host.namespaces.iter().map(|n| n.label.as_str()).collect();
        assert_eq!(labels, ["host", "blue"]);
        assert_eq!(host.namespaces[1].mounts, ["/run/netns/blue"]);

        let init = &host.namespaces[0];
        let names: Vec<(&str, &str)> = init.devices.iter().map(|d| (d.name.as_str(), d.kind.name())).collect();
        assert_eq!(names, [("lo", "loopback"), ("eth0", "ether"), ("br0", "bridge"), ("veth1", "veth"), ("vxlan0", "vxlan")]);
        let ifindexes: Vec<u32> = init.devices.iter().map(|d| d.ifindex).collect();
        assert!(ifindexes.windows(2).all(|w| w[0] < w[1]), "{ifindexes:?}");

        let eth0 = &init.devices[1];
        assert_eq!(eth0.addresses, ["192.168.56.10/24"]);
        assert_eq!(eth0.kind, DeviceKindView::Nic { on_underlay: true });
        assert_eq!(init.devices[2].kind, DeviceKindView::Bridge { ports: vec!["veth1".into()] });

        let veth1 = &init.devices[3];
        assert_eq!(veth1.master.as_deref(), Some("br0"));
        let DeviceKindView::Veth { peer: Some(peer) } = &veth1.kind else { panic!("{:?}", veth1.kind) };
        assert_eq!((peer.host.as_str(), peer.netns, peer.netns_label.as_str(), peer.name.as_str()), ("node1", blue, "blue", "eth0"));
        // A new namespace has its own `lo` first.
        assert_eq!(t.position(peer), Some(DevicePos { host: 0, netns: 1, device: 1 }));
        assert_eq!(host.namespaces[1].devices[0].name, "lo");
        let inside = &host.namespaces[1].devices[1];
        assert_eq!((inside.name.as_str(), inside.addresses.as_slice()), ("eth0", &["10.0.0.2/24".to_string()][..]));
        // The peer is down, so the veth has no carrier.
        assert_eq!(veth1.oper_state, "DOWN");

        let DeviceKindView::Vxlan { vni, dstport, link: Some(link), .. } = &init.devices[4].kind else { panic!() };
        assert_eq!((*vni, *dstport, link.name.as_str(), link.netns), (42, 4789, "eth0", INIT_NETNS));
        assert_eq!(t.underlay.len(), 1);
        assert_eq!(t.underlay[0].name, "eth0");
    }

    #[test]
    fn locate_places_a_hop_by_node_netns_and_device() {
        let (w, _, _) = lab();
        let t = topology(&w);
        assert_eq!(t.locate("node1", "blue", Some("eth0")), Some(DevicePos { host: 0, netns: 1, device: 1 }));
        assert_eq!(t.locate("node1", "host", Some("eth0")), Some(DevicePos { host: 0, netns: 0, device: 1 }));
        assert_eq!(t.locate("node1", "blue", None), Some(DevicePos { host: 0, netns: 1, device: usize::MAX }));
        assert_eq!(t.locate("node1", "blue", Some("gone")), Some(DevicePos { host: 0, netns: 1, device: usize::MAX }));
        assert_eq!(t.locate("node2", "host", None), None);
        assert_eq!(t.locate("node1", "red", None), None);
    }

    #[test]
    fn snapshot_follows_changes_to_the_world() {
        let (mut w, h, blue) = lab();
        w.with_kernel(h, |k| {
            let veth = k.dev_by_name(INIT_NETNS, "veth1").unwrap();
            k.dev_delete(veth).unwrap();
            let _ = blue;
        });
        let t = topology(&w);
        let init = &t.hosts[0].namespaces[0];
        assert!(init.devices.iter().all(|d| d.name != "veth1"));
        assert_eq!(init.devices.iter().find(|d| d.name == "br0").unwrap().kind, DeviceKindView::Bridge { ports: vec![] });
        // The peer went with its pair; `lo` stays.
        let left: Vec<&str> = t.hosts[0].namespaces[1].devices.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(left, ["lo"]);
    }

    #[test]
    fn netns_table_runs_the_tool_in_that_namespace_as_root() {
        let (w, h, blue) = lab();
        let mut s = Session::new(w, h, "user");
        s.world.with_kernel(h, |k| {
            for (ns, d) in [(blue, "eth0"), (blue, "lo")] {
                let id = k.dev_by_name(ns, d).unwrap();
                k.dev_set_up(id, true).unwrap();
            }
        });
        s.last_status = 3;
        let prompt = s.prompt();
        // The address is only in `blue`: ping finds it there and not in the initial namespace.
        let inside = s.netns_table(h, blue, "ping -c 1 10.0.0.2");
        assert_eq!(inside.status, 0, "{inside:?}");
        assert!(inside.stdout.starts_with("PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.\n64 bytes from 10.0.0.2: icmp_seq=1 ttl=64"), "{}", inside.stdout);
        let outside = s.netns_table(h, INIT_NETNS, "ping -c 1 -W 1 10.0.0.2");
        assert_ne!(outside.status, 0, "{outside:?}");
        assert_eq!(s.netns_table(h, blue, "whoami").stdout, "root\n");
        assert_eq!(s.netns_table(h, NetnsId(99), "ip addr"), CmdOutput::err("Cannot open network namespace: No such file or directory\n", 1));
        assert_eq!(s.netns_table(HostId(5), blue, "ip addr").status, 1);
        // The session itself is untouched.
        assert_eq!((s.prompt(), s.last_status), (prompt, 3));
    }
}
