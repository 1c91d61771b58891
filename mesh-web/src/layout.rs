//! Where the topology drawing puts things: one column per host, its
//! namespaces stacked with the initial namespace at the bottom (nearest the
//! underlay its NICs plug into), devices as boxes two per row, and the lines
//! between them: veth pairs, bridge ports to their bridge, VXLAN devices to
//! their underlay device, NICs down to the underlay bar.

use std::collections::BTreeMap;

use mesh_core::view::{DeviceKindView, DevicePos, Topology};

pub const HOST_W: f64 = 430.0;
pub const GAP: f64 = 36.0;
pub const MARGIN: f64 = 16.0;
pub const NS_PAD: f64 = 10.0;
pub const NS_HEAD: f64 = 24.0;
pub const DEV_W: f64 = 190.0;
pub const DEV_H: f64 = 40.0;
pub const DEV_GAP: f64 = 10.0;
pub const HOST_HEAD: f64 = 30.0;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn center(&self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }
}

/// What a line between two devices stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkKind {
    Veth,
    BridgePort,
    VxlanUnderlay,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub hosts: Vec<Rect>,
    /// Per host, per namespace (topology order).
    pub namespaces: Vec<Vec<Rect>>,
    pub devices: BTreeMap<DevicePos, Rect>,
    pub links: Vec<(DevicePos, DevicePos, LinkKind)>,
    /// NICs plugged into the underlay.
    pub underlay_ports: Vec<DevicePos>,
    pub underlay_y: f64,
}

/// Lays out a topology.
pub fn layout(t: &Topology) -> Layout {
    let mut hosts = Vec::new();
    let mut namespaces = Vec::new();
    let mut devices = BTreeMap::new();
    let mut tallest: f64 = 0.0;
    for (hi, h) in t.hosts.iter().enumerate() {
        let x = MARGIN + hi as f64 * (HOST_W + GAP);
        let mut y = MARGIN + HOST_HEAD;
        let mut boxes = vec![Rect { x: 0.0, y: 0.0, w: 0.0, h: 0.0 }; h.namespaces.len()];
        // Other namespaces first, the initial one (index 0) last.
        let order = (1..h.namespaces.len()).chain((!h.namespaces.is_empty()).then_some(0));
        for ni in order {
            let ns = &h.namespaces[ni];
            let rows = ns.devices.len().div_ceil(2).max(1) as f64;
            let height = NS_HEAD + rows * (DEV_H + DEV_GAP) + NS_PAD - DEV_GAP + NS_PAD;
            let r = Rect { x: x + NS_PAD, y, w: HOST_W - 2.0 * NS_PAD, h: height };
            for (di, _) in ns.devices.iter().enumerate() {
                let col = (di % 2) as f64;
                let row = (di / 2) as f64;
                let dx = r.x + NS_PAD + col * (DEV_W + DEV_GAP);
                let dy = r.y + NS_HEAD + row * (DEV_H + DEV_GAP);
                devices.insert(DevicePos { host: hi, netns: ni, device: di }, Rect { x: dx, y: dy, w: DEV_W, h: DEV_H });
            }
            boxes[ni] = r;
            y += height + NS_PAD;
        }
        let host_h = y - MARGIN;
        hosts.push(Rect { x, y: MARGIN, w: HOST_W, h: host_h });
        tallest = tallest.max(host_h);
        namespaces.push(boxes);
    }
    let underlay_y = MARGIN + tallest + 30.0;
    let mut links = Vec::new();
    let mut underlay_ports = Vec::new();
    for (hi, h) in t.hosts.iter().enumerate() {
        for (ni, ns) in h.namespaces.iter().enumerate() {
            for (di, d) in ns.devices.iter().enumerate() {
                let here = DevicePos { host: hi, netns: ni, device: di };
                match &d.kind {
                    DeviceKindView::Veth { peer: Some(p) } => {
                        if let Some(there) = t.position(p)
                            && here < there
                        {
                            links.push((here, there, LinkKind::Veth));
                        }
                    }
                    DeviceKindView::Vxlan { link: Some(l), .. } => {
                        if let Some(there) = t.position(l) {
                            links.push((here, there, LinkKind::VxlanUnderlay));
                        }
                    }
                    DeviceKindView::Nic { on_underlay: true } => underlay_ports.push(here),
                    _ => {}
                }
                if let Some(m) = &d.master
                    && let Some(bi) = ns.devices.iter().position(|b| &b.name == m)
                {
                    links.push((here, DevicePos { host: hi, netns: ni, device: bi }, LinkKind::BridgePort));
                }
            }
        }
    }
    let n = t.hosts.len().max(1) as f64;
    Layout { width: 2.0 * MARGIN + n * HOST_W + (n - 1.0) * GAP, height: underlay_y + 30.0, hosts, namespaces, devices, links, underlay_ports, underlay_y }
}
