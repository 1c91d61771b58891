//! End-to-end datapath tests through the public kernel API.

use std::net::Ipv4Addr;

use mesh_core::apps::ping::{Ping, PingOpts};
use mesh_core::kernel::{IfAddr, Kernel, LinkSpec, NetnsId, Scope};
use mesh_core::sim::{HostId, World};
use mesh_core::time::{Duration, Instant};

fn addr(k: &mut Kernel, ns: NetnsId, dev: &str, cidr: &str) {
    let c: mesh_core::net::Ipv4Cidr = cidr.parse().unwrap();
    let d = k.dev_by_name(ns, dev).unwrap();
    k.addr_add(d, IfAddr { local: c.addr, prefix_len: c.prefix_len, broadcast: None, scope: Scope::Global, label: String::new(), secondary: false, noprefixroute: false, origin: None }).unwrap();
}

fn up(k: &mut Kernel, ns: NetnsId, dev: &str) {
    let d = k.dev_by_name(ns, dev).unwrap();
    k.dev_set_up(d, true).unwrap();
}

fn ping(w: &mut World, h: HostId, ns: NetnsId, dst: &str, count: u32) -> mesh_core::output::CmdOutput {
    let dst: Ipv4Addr = dst.parse().unwrap();
    let opts = PingOpts { dst, target: dst.to_string(), count, interval: Duration::from_secs(1), wait: Duration::from_secs(1), size: 56, quiet: false, ident: 4242 };
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
