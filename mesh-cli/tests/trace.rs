//! `mesh trace`: the hop list, JSON, pcapng and the hex view.

mod common;

use common::{Scratch, mesh};
use mesh_core::wire::PcapngFile;

const PING: &[&str] = &["trace", "--", "ping", "-c", "1", "172.19.188.123"];

#[test]
fn prints_the_output_then_every_hop_there_and_back() {
    let r = mesh(PING, "");
    assert_eq!(r.status, 0);
    let (output, hops) = r.stdout.split_once("\n21 hops:\n").unwrap_or_else(|| panic!("no hop list:\n{}", r.stdout));
    assert!(output.starts_with("PING 172.19.188.123 (172.19.188.123) 56(84) bytes of data.\n"));
    let lines: Vec<&str> = hops.lines().collect();
    assert_eq!(lines[0], "   #  TIME      NODE   NETNS  DEV   HOP        FLOW                                              WHAT");
    assert_eq!(
        lines[1],
        "   1  0.000000  node1  host   eth0  send       icmp 172.19.177.14 > 172.19.188.123 echo request  sent by a local socket, routed out eth0"
    );
    // Docker's nat table makes conntrack run on the nodes.
    assert_eq!(lines[2], "   2  0.000000  node1  host   -     conntrack  icmp 172.19.177.14 > 172.19.188.123 echo request  conntrack: new connection");
    assert_eq!(lines[6], "   6  0.000000  node1  host   eth0  tx         arp who-has 172.19.188.123 tell 172.19.177.14     sent on the wire");
    assert_eq!(lines[12], "  12  0.000300  node2  host   eth0  rx         icmp 172.19.177.14 > 172.19.188.123 echo request  received");
    assert_eq!(lines[21], "  21  0.000400  node1  host   eth0  deliver    icmp 172.19.188.123 > 172.19.177.14 echo reply    ICMP echo reply delivered to ping");
    assert_eq!(lines.len(), 22);
}

#[test]
fn json_has_the_command_its_output_and_the_hops() {
    let r = mesh(&["trace", "--json", "--", "ping", "-c", "1", "172.19.188.123"], "");
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).expect("--json prints JSON");
    assert_eq!(doc["command"], serde_json::json!(["ping", "-c", "1", "172.19.188.123"]));
    assert_eq!(doc["node"], "node1");
    assert_eq!(doc["status"], 0);
    assert!(doc["stdout"].as_str().unwrap_or_default().contains("1 received"));
    let hops = doc["hops"].as_array().cloned().unwrap_or_default();
    assert_eq!(hops.len(), 21);
    assert_eq!(hops[11]["node"], "node2");
    assert_eq!(hops[11]["kind"], "rx");
    assert_eq!(hops[11]["link"], true);
    assert!(hops[11]["bytes"].as_str().unwrap_or_default().starts_with("525400"));
}

#[test]
fn pcap_holds_the_frames_every_device_saw() {
    let dir = Scratch::new("pcap");
    let file = dir.path("ping.pcapng");
    let path = file.to_string_lossy().into_owned();
    let r = mesh(&["trace", "--pcap", &path, "--", "ping", "-c", "1", "172.19.188.123"], "");
    assert_eq!(r.status, 0, "{}", r.stderr);
    let bytes = std::fs::read(&file).expect("pcapng written");
    let pcap = PcapngFile::parse(&bytes).expect("pcapng parses back");
    let names: Vec<&str> = pcap.interfaces.iter().map(|i| i.name.as_deref().unwrap_or("")).collect();
    assert_eq!(names, ["node1:eth0", "node2:eth0"]);
    // ARP request, reply, echo request, reply: each sent by one NIC and received by the other.
    assert_eq!(pcap.packets.len(), 8);
    let on: Vec<usize> = pcap.packets.iter().map(|p| p.interface_id).collect();
    assert_eq!(on, [0, 1, 1, 0, 0, 1, 1, 0]);
    // 2023-11-17T09:07:00Z plus the millisecond the machines settled and
    // the millisecond a shell takes to start the command.
    assert_eq!(pcap.packets[0].timestamp_ns, 1_700_212_020_002_000_000);
    assert_eq!(pcap.packets[7].timestamp_ns - pcap.packets[0].timestamp_ns, 400_000);
    assert_eq!(&pcap.packets[4].data[12..14], &[0x08, 0x00]);
}

#[test]
fn hex_dumps_one_hop_with_changed_bytes_marked() {
    let r = mesh(&["trace", "--hex", "11", "--", "ping", "-c", "1", "172.19.188.123"], "");
    let hex = r.stdout.split_once("\nhop 11: ").map(|(_, h)| h).unwrap_or_else(|| panic!("no hex:\n{}", r.stdout));
    assert!(hex.starts_with("98 bytes, link level; 14 bytes changed since hop 5 are marked ^^\n0000  52 54 00 13 bc 7b 52 54  00 13 b1 0e 08 00 45 00  RT...{RT......E.\n      ^^ ^^"), "{hex}");
    let r = mesh(&["trace", "--hex", "99", "--", "ping", "-c", "1", "172.19.188.123"], "");
    assert_eq!((r.stderr.as_str(), r.status), ("mesh: --hex 99: the trace has hops 1 to 21\n", 2));
}

#[test]
fn setup_commands_run_first_and_on_chooses_the_machine() {
    let dir = Scratch::new("setup");
    let setup = dir.write("setup.sh", "# warm the ARP caches\nping -c 1 172.19.188.123\n");
    let setup = setup.to_string_lossy().into_owned();
    let r = mesh(&["trace", "--setup", &setup, "--on", "node2", "--", "ping", "-c", "1", "172.19.177.14"], "");
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(r.stdout.contains("\n15 hops:\n"), "no ARP after the setup:\n{}", r.stdout);
    assert!(r.stdout.contains("\n   1  0.000000  node2  host   eth0  send"));
    let r = mesh(&["trace", "--setup-cmd", "ssh node2", "--", "hostname"], "");
    assert_eq!(r.stdout, "node2\n\nthe command sent no packets\n");
    let r = mesh(&["trace", "--setup-cmd", "false", "--", "hostname"], "");
    assert_eq!((r.stderr.as_str(), r.status), ("mesh: setup command `false` failed with status 1:\n", 1));
    let r = mesh(&["trace", "--on", "node9", "--", "hostname"], "");
    assert_eq!((r.stderr.as_str(), r.status), ("mesh: --on node9: no such machine (machines: node1, node2)\n", 2));
    let r = mesh(&["trace", "--", "ping", "-c", "1", "-W", "1", "172.19.1.1"], "");
    assert_eq!(r.status, 1, "the command's status is mesh's");
    assert!(r.stdout.contains("no ARP reply from 172.19.1.1: host unreachable") || r.stdout.contains("ARP who-has 172.19.1.1"), "{}", r.stdout);
}

#[test]
fn the_shell_builtin_traces_and_steps_in_script_mode() {
    let r = mesh(&[], "trace ping -c 1 172.19.188.123\nstep\nhop 12\nback\nhops\n");
    assert!(r.stdout.contains("\n21 hops (`step` walks them, `hop N` jumps, `hex N` shows the bytes):\n"));
    assert!(r.stdout.contains("\nhop 1 of 21  at 0.000000 s  on node1  netns host  dev eth0  [send]\n"));
    assert!(r.stdout.contains("\nhop 12 of 21  at 0.000300 s  on node2  netns host  dev eth0  [rx]\nreceived\n"));
    assert!(r.stdout.contains("\nhop 11 of 21  at 0.000200 s  on node1  netns host  dev eth0  [tx]\n"));
    assert!(r.stdout.contains("\n> 11  0.000200  node1"));
}

#[test]
fn the_seeds_curl_shows_every_step_of_the_routing_mesh_there_and_back() {
    let r = mesh(
        &["trace", "--setup-cmd", "sudo docker service create --name web -p 8080:80 --replicas 2 containous/whoami", "--", "curl", "-s", "172.19.177.14:8080"],
        "",
    );
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(r.stdout.contains("RemoteAddr: 10.0.0.2:"), "{}", r.stdout);
    let hops = r.stdout.split_once(" hops:\n").map(|(_, h)| h).unwrap_or_else(|| panic!("no hop list:\n{}", r.stdout));
    let has = |node: &str, netns: &str, kind: &str, what: &str| {
        hops.lines().any(|l| l.contains(&format!("  {node}  ")) && l.contains(netns) && l.contains(&format!(" {kind} ")) && l.contains(what))
    };
    // Forward path.
    assert!(has("node1", "host", "netfilter", "nat OUTPUT: DNAT to:172.18.0.2:8080"), "DNAT in the host");
    assert!(has("node1", "host", "netfilter", "MASQUERADE"), "MASQUERADE towards docker_gwbridge");
    assert!(has("node1", "ingress_sbox", "netfilter", "mangle PREROUTING: ACCEPT (-A PREROUTING -p tcp -m tcp --dport 8080 -j MARK"), "MARK in ingress_sbox");
    assert!(has("node1", "ingress_sbox", "ipvs", "IPVS FWM 271: new connection scheduled → real server 10.0.0.5:8080 (Masq)"), "IPVS");
    assert!(has("node1", "ingress_sbox", "netfilter", "nat POSTROUTING: SNAT to:10.0.0.2"), "SNAT of IPVS traffic");
    assert!(has("node1", "1-m4np8jn3j5", "encap", "VXLAN encapsulation: VNI 4096, to VTEP 172.19.188.123:4789"), "VXLAN encap");
    assert!(has("node2", "host", "decap", "VXLAN decapsulation: VNI 4096 from VTEP 172.19.177.14"), "VXLAN decap");
    assert!(has("node2", "", "netfilter", "nat PREROUTING: REDIRECT to port 80"), "REDIRECT in the task");
    // Return path: the NATs undone.
    assert!(has("node2", "", "nat", "NAT: reply's source restored (un-DNAT)"), "un-REDIRECT in the task");
    assert!(has("node1", "ingress_sbox", "nat", "NAT: reply's destination restored (un-SNAT)"), "un-SNAT in ingress_sbox");
    assert!(
        has("node1", "ingress_sbox", "ipvs", "IPVS: reply from real server 10.0.0.5:8080, source restored to the virtual address 172.18.0.2:8080"),
        "IPVS reply"
    );
    assert!(has("node1", "host", "nat", "NAT: reply's destination restored (un-SNAT)"), "un-MASQUERADE in the host");
    assert!(has("node1", "host", "nat", "NAT: reply's source restored (un-DNAT)"), "un-DNAT in the host");
}
