//! End-to-end datapath tests through the public kernel API.

use std::net::Ipv4Addr;

use mesh_core::apps::ping::{Ping, PingOpts};
use mesh_core::kernel::{IfAddr, Kernel, LinkSpec, NetnsId, Scope};
use mesh_core::sim::{HostId, World};
use mesh_core::time::{Duration, Instant};

fn addr(k: &mut Kernel, ns: NetnsId, dev: &str, cidr: &str) {
    let c: mesh_core::net::Ipv4Cidr = cidr.parse().unwrap();
    let d = k.dev_by_name(ns, dev).unwrap();
    k.addr_add(
        d,
        IfAddr {
            local: c.addr,
            prefix_len: c.prefix_len,
            broadcast: None,
            scope: Scope::Global,
            label: String::new(),
            secondary: false,
            noprefixroute: false,
            origin: None,
        },
    )
    .unwrap();
}

fn up(k: &mut Kernel, ns: NetnsId, dev: &str) {
    let d = k.dev_by_name(ns, dev).unwrap();
    k.dev_set_up(d, true).unwrap();
}

fn ping(w: &mut World, h: HostId, ns: NetnsId, dst: &str, count: u32) -> mesh_core::output::CmdOutput {
    let dst: Ipv4Addr = dst.parse().unwrap();
    let opts = PingOpts {
        dst,
        target: dst.to_string(),
        count,
        interval: Duration::from_secs(1),
        wait: Duration::from_secs(1),
        size: 56,
        quiet: false,
        ident: 4242,
        ttl: None,
        pmtudisc: mesh_core::kernel::dp::frag::PmtuDisc::Want,
        interface: None,
        broadcast: false,
    };
    let app = w.with_kernel(h, |k| k.app_start(ns, Box::new(Ping::new(opts))));
    let deadline = w.now + Duration::from_secs(30);
    w.run_until(|w| w.kernel(h).app_finished(app).is_some(), deadline, 100_000);
    w.kernel(h).app_finished(app).expect("ping finished")
}

#[test]
fn two_namespaces_joined_by_veth_ping_each_other() {
    let mut w = World::new(1);
    let h = w.add_host("host");
    let (a, b) = w.with_kernel(h, |k| {
        let a = k.netns_create();
        let b = k.netns_create();
        k.link_add(a, "va", LinkSpec::Veth { peer_name: "vb".into(), peer_netns: Some(b), peer_mac: None }, None).unwrap();
        addr(k, a, "va", "10.0.0.1/24");
        addr(k, b, "vb", "10.0.0.2/24");
        for (ns, d) in [(a, "va"), (b, "vb"), (a, "lo"), (b, "lo")] {
            up(k, ns, d);
        }
        (a, b)
    });
    let out = ping(&mut w, h, a, "10.0.0.2", 2);
    assert_eq!(out.status, 0, "{out:?}");
    eprintln!("{}", out.stdout);
    assert!(out.stdout.starts_with("PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.\n64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time="), "{}", out.stdout);
    assert!(out.stdout.contains("2 packets transmitted, 2 received, 0% packet loss"), "{}", out.stdout);
    // The neighbour entries were learned by real ARP frames.
    let k = w.kernel(h);
    let vb = k.dev_by_name(b, "vb").unwrap();
    assert!(k.netns(b).neigh.get(vb, "10.0.0.1".parse().unwrap()).is_some());
    let _ = Instant::ZERO;
}

fn ns_with_veth(k: &mut Kernel, a: NetnsId, b: NetnsId, an: &str, bn: &str) {
    k.link_add(a, an, LinkSpec::Veth { peer_name: bn.into(), peer_netns: Some(b), peer_mac: None }, None).unwrap();
    up(k, a, an);
    up(k, b, bn);
}

fn route(k: &mut Kernel, ns: NetnsId, dst: &str, gw: &str) {
    let r = mesh_core::kernel::Route {
        table: mesh_core::kernel::route::TABLE_MAIN,
        dst: dst.parse().unwrap(),
        kind: mesh_core::kernel::RouteType::Unicast,
        tos: 0,
        metric: 0,
        gateway: Some(gw.parse().unwrap()),
        dev: None,
        proto: mesh_core::kernel::route::rtproto::BOOT,
        scope: Scope::Global,
        prefsrc: None,
        onlink: false,
        origin: None,
    };
    k.route_add(ns, r, mesh_core::kernel::RouteAddMode::Add).unwrap();
}

fn forwarding(k: &mut Kernel, ns: NetnsId) {
    k.netns_mut(ns).sysctl.conf_all.forwarding = true;
    let devs: Vec<_> = k.devs_in(ns).map(|d| d.id).collect();
    for d in devs {
        k.dev_mut(d).conf.forwarding = true;
    }
}

#[test]
fn three_namespaces_on_a_bridge_learn_and_flood() {
    let mut w = World::new(2);
    let h = w.add_host("host");
    let (a, b, c, br_ns) = w.with_kernel(h, |k| {
        let (a, b, c, x) = (k.netns_create(), k.netns_create(), k.netns_create(), k.netns_create());
        let br = k.link_add(x, "br0", LinkSpec::Bridge, None).unwrap();
        for (ns, name, port, ip) in [(a, "eth0", "pa", "10.1.0.1/24"), (b, "eth0", "pb", "10.1.0.2/24"), (c, "eth0", "pc", "10.1.0.3/24")] {
            ns_with_veth(k, ns, x, name, port);
            let p = k.dev_by_name(x, port).unwrap();
            k.dev_set_master(p, Some(br)).unwrap();
            addr(k, ns, name, ip);
            up(k, ns, "lo");
        }
        k.dev_set_up(br, true).unwrap();
        (a, b, c, x)
    });
    let out = ping(&mut w, h, a, "10.1.0.2", 1);
    assert_eq!(out.status, 0, "{out:?}");
    let k = w.kernel(h);
    let br = k.dev_by_name(br_ns, "br0").unwrap();
    let fdb = &k.dev(br).bridge().unwrap().fdb;
    let mac_a = k.dev(k.dev_by_name(a, "eth0").unwrap()).mac;
    let mac_b = k.dev(k.dev_by_name(b, "eth0").unwrap()).mac;
    let pa = k.dev_by_name(br_ns, "pa").unwrap();
    let pb = k.dev_by_name(br_ns, "pb").unwrap();
    assert_eq!(fdb.get(&mac_a).map(|e| e.port), Some(pa));
    assert_eq!(fdb.get(&mac_b).map(|e| e.port), Some(pb));
    // The ARP request was flooded to c, which learned nothing about a's MAC
    // in its neighbour table (the request was not for it) but saw the frame.
    let ec = k.dev_by_name(c, "eth0").unwrap();
    assert!(k.dev(ec).stats.rx_packets >= 1, "c did not see the flooded ARP request");
    assert!(k.netns(c).neigh.get(ec, "10.1.0.1".parse().unwrap()).is_none());
}

#[test]
fn router_forwards_with_ttl_decrement_and_a_loop_ends_in_time_exceeded() {
    let mut w = World::new(3);
    let h = w.add_host("host");
    let (a, r) = w.with_kernel(h, |k| {
        let (a, r, b) = (k.netns_create(), k.netns_create(), k.netns_create());
        ns_with_veth(k, a, r, "eth0", "ra");
        ns_with_veth(k, r, b, "rb", "eth0");
        addr(k, a, "eth0", "10.1.0.2/24");
        addr(k, r, "ra", "10.1.0.1/24");
        addr(k, r, "rb", "10.2.0.1/24");
        addr(k, b, "eth0", "10.2.0.2/24");
        route(k, a, "0.0.0.0/0", "10.1.0.1");
        route(k, b, "0.0.0.0/0", "10.2.0.1");
        // A loop: 10.9.0.0/16 goes back and forth between r and b.
        route(k, r, "10.9.0.0/16", "10.2.0.2");
        route(k, b, "10.9.0.0/16", "10.2.0.1");
        forwarding(k, r);
        forwarding(k, b);
        (a, r)
    });
    let out = ping(&mut w, h, a, "10.2.0.2", 1);
    assert_eq!(out.status, 0, "{out:?}");
    assert!(out.stdout.contains("ttl=63"), "{}", out.stdout);
    let out = ping(&mut w, h, a, "10.9.1.1", 1);
    assert_eq!(out.status, 1, "{out:?}");
    assert!(out.stdout.contains("Time to live exceeded"), "{}", out.stdout);
    let _ = r;
}

#[test]
fn closed_tcp_port_answers_rst_and_connect_is_refused() {
    let mut w = World::new(4);
    let h = w.add_host("host");
    let (a, _b) = w.with_kernel(h, |k| {
        let (a, b) = (k.netns_create(), k.netns_create());
        ns_with_veth(k, a, b, "eth0", "eth0");
        addr(k, a, "eth0", "10.1.0.1/24");
        addr(k, b, "eth0", "10.1.0.2/24");
        (a, b)
    });
    let s = w.with_kernel(h, |k| k.tcp_connect(a, "10.1.0.2".parse().unwrap(), 80, None).unwrap());
    let deadline = w.now + Duration::from_secs(5);
    w.run_until(|w| w.kernel(h).tcp_error(a, s).is_some(), deadline, 10_000);
    assert_eq!(w.kernel(h).tcp_error(a, s), Some(mesh_core::kernel::Errno::ECONNREFUSED));
}

#[test]
fn tcp_exchange_delivers_data_both_ways_and_closes() {
    let mut w = World::new(5);
    let h = w.add_host("host");
    let (a, b) = w.with_kernel(h, |k| {
        let (a, b) = (k.netns_create(), k.netns_create());
        ns_with_veth(k, a, b, "eth0", "eth0");
        addr(k, a, "eth0", "10.1.0.1/24");
        addr(k, b, "eth0", "10.1.0.2/24");
        (a, b)
    });
    let l = w.with_kernel(h, |k| k.tcp_listen(b, "0.0.0.0".parse().unwrap(), 80, 16).unwrap());
    let c = w.with_kernel(h, |k| k.tcp_connect(a, "10.1.0.2".parse().unwrap(), 80, None).unwrap());
    let d = w.now + Duration::from_secs(1);
    w.run_until(|w| w.kernel(h).tcp_state(a, c) == mesh_core::kernel::tcp::TcpState::Established, d, 10_000);
    w.settle(Duration::from_millis(1), 10_000);
    let srv = w.with_kernel(h, |k| k.tcp_accept(b, l)).expect("accepted");
    w.with_kernel(h, |k| k.tcp_send(a, c, b"hello"));
    w.settle(Duration::from_millis(10), 10_000);
    assert_eq!(w.with_kernel(h, |k| k.tcp_recv(b, srv)), b"hello");
    w.with_kernel(h, |k| k.tcp_send(b, srv, &vec![7u8; 5000]));
    w.settle(Duration::from_millis(10), 10_000);
    assert_eq!(w.with_kernel(h, |k| k.tcp_recv(a, c)).len(), 5000);
    w.with_kernel(h, |k| k.tcp_close(a, c));
    w.settle(Duration::from_millis(10), 10_000);
    assert!(w.kernel(h).tcp_eof(b, srv));
    w.with_kernel(h, |k| k.tcp_close(b, srv));
    w.settle(Duration::from_millis(100), 10_000);
    assert_eq!(w.kernel(h).tcp_state(a, c), mesh_core::kernel::tcp::TcpState::TimeWait);
    assert_eq!(w.kernel(h).tcp_state(b, srv), mesh_core::kernel::tcp::TcpState::Closed);
}

#[test]
fn two_hosts_exchange_traffic_over_vxlan_with_static_fdb_entries() {
    let mut w = World::new(6);
    let h = w.add_host("host");
    let (a, _b) = w.with_kernel(h, |k| {
        // Two "hosts" (namespaces) on an underlay veth, each with a vxlan device in an overlay bridge.
        let (ua, ub) = (k.netns_create(), k.netns_create());
        ns_with_veth(k, ua, ub, "eth0", "eth0");
        addr(k, ua, "eth0", "192.168.0.1/24");
        addr(k, ub, "eth0", "192.168.0.2/24");
        for (ns, local, remote, ip) in [(ua, "192.168.0.1", "192.168.0.2", "10.0.0.1/24"), (ub, "192.168.0.2", "192.168.0.1", "10.0.0.2/24")] {
            let mut v = mesh_core::kernel::VxlanState::new(42, ns);
            v.dstport = 4789;
            v.local = Some(local.parse().unwrap());
            v.fdb.push(mesh_core::kernel::VxlanFdb {
                mac: mesh_core::wire::EthernetAddress([0; 6]),
                dst: remote.parse().unwrap(),
                permanent: true,
                updated: Instant::ZERO,
                origin: None,
                via: None,
            });
            let d = k.link_add(ns, "vx0", LinkSpec::Vxlan(Box::new(v)), None).unwrap();
            k.dev_set_up(d, true).unwrap();
            addr(k, ns, "vx0", ip);
        }
        (ua, ub)
    });
    w.tracing = true;
    let out = ping(&mut w, h, a, "10.0.0.2", 2);
    assert_eq!(out.status, 0, "{out:?}");
    let encaps = w.trace.hops.iter().filter(|h| h.kind == mesh_core::sim::trace::HopKind::Encap).count();
    let decaps = w.trace.hops.iter().filter(|h| h.kind == mesh_core::sim::trace::HopKind::Decap).count();
    assert!(encaps >= 4 && decaps >= 4, "encap {encaps} decap {decaps}");
}
