//! Arbitrary frames arriving at a host's devices: a bridge port, a routed
//! interface with NAT rules and conntrack, and a VXLAN underlay; the world
//! then runs what they cause, within its event budget.
#![no_main]
use mesh_core::kernel::INIT_NETNS;
use mesh_core::kernel::dp::PktMeta;
use mesh_core::sim::{DEFAULT_BUDGET, HostId};
use mesh_core::time::Duration;
use std::sync::OnceLock;

const SETUP: &str = "ip link add br0 type bridge
ip link add p0 type veth peer name c0
ip link add p1 type veth peer name c1
ip link set p0 master br0
ip link set p1 master br0
ip addr add 10.0.0.1/24 dev br0
ip link add vxlan0 type vxlan id 42 dstport 4789 remote 192.168.1.2 local 192.168.1.1
ip link set vxlan0 master br0
ip link add u0 type veth peer name u1
ip addr add 192.168.1.1/24 dev u0
ip link set br0 up
ip link set p0 up
ip link set c0 up
ip link set p1 up
ip link set c1 up
ip link set u0 up
ip link set u1 up
ip link set vxlan0 up
sysctl -w net.ipv4.ip_forward=1
iptables -t nat -A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 10.0.0.2:80
iptables -t nat -A POSTROUTING -o br0 -j MASQUERADE
iptables -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT";

static SCRIPT: OnceLock<Vec<String>> = OnceLock::new();

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if data.len() < 2 || data.len() > 9000 {
        return;
    }
    let script = SCRIPT.get_or_init(|| SETUP.lines().map(str::to_string).collect());
    let mut s = mesh_core::shell::Session::bare_host(1);
    for c in script {
        s.run(c);
    }
    let names = ["c0", "p0", "u1", "u0", "br0", "lo"];
    let which = names[usize::from(data[0]) % names.len()];
    let Some(dev) = s.world.kernel(HostId(0)).dev_by_name(INIT_NETNS, which) else { return };
    s.world.with_kernel(HostId(0), |k| k.netif_receive(dev, data[1..].to_vec(), PktMeta::default()));
    s.world.advance(Duration::from_secs(1), DEFAULT_BUDGET);
    mesh_fuzz::still_usable(&mut s);
});
