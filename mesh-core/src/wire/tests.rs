//! Cross-layer tests of the wire module against the real tools.
//!
//! `testdata/` holds captures taken from Linux 6.18 between network
//! namespaces (`curl.pcap`, `udp.pcap`, `icmp.pcap`, `vxlan.pcap`), edge-case
//! frames made by `malformed.py`, and for each the text the real tcpdump
//! 4.99.3 printed (`*.n.txt` for `tcpdump -n -r`, `*.ne.txt` for `-n -e`,
//! `*.nv.txt` for `-n -v`, `*.nev.txt` for `-n -e -v`).
//! `verbose.py` makes frames for what only `-v` shows (header fields, IP
//! options, checksums, quoted packets, RFC 4884 extensions, reset text).
//! `emitted.*` is the same for frames this crate builds (see
//! [`emitted_frames`]). None of these tests needs tcpdump installed.

use std::net::Ipv4Addr;

use super::*;

/// Frames and their capture times (microseconds since midnight) from a
/// classic little-endian microsecond pcap file, as `tcpdump -w` writes.
fn read_pcap(bytes: &[u8]) -> Vec<(u64, Vec<u8>)> {
    assert_eq!(&bytes[..4], &[0xd4, 0xc3, 0xb2, 0xa1], "little-endian microsecond pcap");
    let le32 = |at: usize| u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    let mut out = Vec::new();
    let mut at = 24;
    while at + 16 <= bytes.len() {
        let (secs, usecs, caplen) = (le32(at), le32(at + 4), le32(at + 8) as usize);
        let frame = bytes[at + 16..at + 16 + caplen].to_vec();
        out.push((u64::from(secs) % 86_400 * 1_000_000 + u64::from(usecs), frame));
        at += 16 + caplen;
    }
    out
}

/// A classic pcap file of `frames` (for feeding the real tcpdump).
fn write_pcap(frames: &[(u64, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    for v in [0xa1b2_c3d4u32, 0x0004_0002, 0, 0, 262_144, 1] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    for (us, frame) in frames {
        for v in [(us / 1_000_000) as u32, (us % 1_000_000) as u32, frame.len() as u32, frame.len() as u32] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(frame);
    }
    out
}

#[track_caller]
fn check_transcript(frames: &[(u64, Vec<u8>)], options: TcpdumpOptions, expected: &str) {
    let mut fmt = TcpdumpFormatter::new(options);
    let got: Vec<String> = frames.iter().map(|(us, f)| fmt.format(f, *us)).collect();
    let got = got.join("\n") + "\n";
    if got != expected {
        for (i, (g, e)) in got.lines().zip(expected.lines()).enumerate() {
            assert_eq!(g, e, "first difference at line {}", i + 1);
        }
        assert_eq!(got, expected);
    }
}

/// Checks a real capture against what tcpdump printed for it with `-n`,
/// `-n -e` and, unless told otherwise, `-n -v` and `-n -e -v`.
macro_rules! real_capture_test {
    ($name:ident, $file:literal) => {
        real_capture_test!($name, $file, verbose: true);
    };
    ($name:ident, $file:literal, verbose: $verbose:literal) => {
        #[test]
        fn $name() {
            let frames = read_pcap(include_bytes!(concat!("testdata/", $file, ".pcap")));
            let plain = TcpdumpOptions::default();
            check_transcript(
                &frames,
                plain,
                include_str!(concat!("testdata/", $file, ".n.txt")),
            );
            let link = TcpdumpOptions {
                link_level: true,
                ..plain
            };
            check_transcript(
                &frames,
                link,
                include_str!(concat!("testdata/", $file, ".ne.txt")),
            );
            if $verbose {
                let verbose = TcpdumpOptions {
                    verbose: true,
                    ..plain
                };
                check_transcript(
                    &frames,
                    verbose,
                    include_str!(concat!("testdata/", $file, ".nv.txt")),
                );
                check_transcript(
                    &frames,
                    TcpdumpOptions {
                        link_level: true,
                        ..verbose
                    },
                    include_str!(concat!("testdata/", $file, ".nev.txt")),
                );
            }
        }
    };
}

real_capture_test!(tcpdump_matches_real_curl_capture, "curl");
real_capture_test!(tcpdump_matches_real_udp_capture, "udp");
real_capture_test!(tcpdump_matches_real_icmp_capture, "icmp");
real_capture_test!(tcpdump_matches_real_vxlan_capture, "vxlan");
real_capture_test!(tcpdump_matches_real_output_for_verbose_cases, "verbose");
// The verbose transcripts of the malformed frames are checked frame by
// frame below.
real_capture_test!(
    tcpdump_matches_real_output_for_malformed_frames,
    "malformed",
    verbose: false
);

/// The transcript of one frame: its timestamped line and the lines that
/// continue it.
fn per_frame(transcript: &str) -> Vec<String> {
    let mut frames: Vec<String> = Vec::new();
    for line in transcript.lines() {
        let timestamped = line.len() > 16 && line.as_bytes()[2] == b':' && line.as_bytes()[8] == b'.' && line.as_bytes()[15] == b' ';
        match frames.last_mut() {
            Some(frame) if !timestamped => {
                frame.push_str(line);
                frame.push('\n');
            }
            _ => frames.push(format!("{line}\n")),
        }
    }
    frames
}

/// With `-v`, tcpdump decodes the datagram an ICMP error quotes with the
/// quoted protocol's printer; two malformed frames quote GRE, whose printer
/// mesh does not model. Every other malformed frame must match.
#[test]
fn tcpdump_verbose_matches_real_output_for_malformed_frames() {
    let frames = read_pcap(include_bytes!("testdata/malformed.pcap"));
    let quotes_gre = |f: &[u8]| f.len() > 14 + 20 + 8 + 9 && f[14 + 9] == 1 && f[14 + 20 + 8 + 9] == 47;
    let kept: Vec<usize> = (0..frames.len()).filter(|&i| !quotes_gre(&frames[i].1)).collect();
    assert_eq!(kept.len(), frames.len() - 2);
    for (link_level, expected) in [(false, include_str!("testdata/malformed.nv.txt")), (true, include_str!("testdata/malformed.nev.txt"))] {
        let expected = per_frame(expected);
        assert_eq!(expected.len(), frames.len());
        let mut fmt = TcpdumpFormatter::new(TcpdumpOptions { link_level, verbose: true, ..TcpdumpOptions::default() });
        for &i in &kept {
            let (us, frame) = &frames[i];
            assert_eq!(format!("{}\n", fmt.format(frame, *us)), expected[i], "frame {i}, -e: {link_level}");
        }
    }
}

const CLIENT_MAC: EthernetAddress = EthernetAddress([0x52, 0x54, 0x00, 0x12, 0x34, 0x56]);
const NODE1_MAC: EthernetAddress = EthernetAddress([0x08, 0x00, 0x27, 0x00, 0x00, 0x11]);
const NODE2_MAC: EthernetAddress = EthernetAddress([0x08, 0x00, 0x27, 0x00, 0x00, 0x12]);
const CLIENT: Ipv4Addr = Ipv4Addr::new(192, 168, 56, 1);
const NODE1: Ipv4Addr = Ipv4Addr::new(192, 168, 56, 11);
const NODE2: Ipv4Addr = Ipv4Addr::new(192, 168, 56, 12);
const SANDBOX: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 2);
const TASK: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 5);

fn ip_repr(src: Ipv4Addr, dst: Ipv4Addr, ident: u16) -> Ipv4Repr {
    Ipv4Repr { src_addr: src, dst_addr: dst, protocol: 0, payload_len: 0, ttl: 64, ident, dont_frag: true, tos: 0 }
}

/// Linux leaves DF off on ICMP replies and errors and on VXLAN's outer header.
fn ip_no_df(src: Ipv4Addr, dst: Ipv4Addr, ident: u16) -> Ipv4Repr {
    Ipv4Repr { dont_frag: false, ..ip_repr(src, dst, ident) }
}

fn linux_syn_options(mss: u16, tsval: u32, tsecr: u32) -> TcpOptions {
    TcpOptions { mss: Some(mss), sack_permitted: true, timestamps: Some((tsval, tsecr)), window_scale: Some(7), ..TcpOptions::default() }
}

fn ts(tsval: u32, tsecr: u32) -> TcpOptions {
    TcpOptions { timestamps: Some((tsval, tsecr)), ..TcpOptions::default() }
}

/// Frames this crate builds for a routing-mesh request, with capture times:
/// ARP, a client's SYN to a published port and its DNAT'd copy, the
/// connection re-sent over the overlay inside VXLAN, an HTTP exchange, ICMP
/// echo and errors, and a reset. `tcpdump -n -r` of these frames (written to
/// `testdata/emitted.pcap`) produced `testdata/emitted.n.txt`.
fn emitted_frames() -> Vec<(u64, Vec<u8>)> {
    let mut frames = Vec::new();
    let mut t = 9 * 3_600_000_000 + 10 * 60_000_000 + 123_456;
    let mut push = |frame: Vec<u8>| {
        frames.push((t, frame));
        t += 137;
    };

    // The client resolves node1 and opens a connection to the published port.
    let who_has = ArpRepr::request(CLIENT_MAC, CLIENT, NODE1);
    let mut arp = vec![0; 28];
    who_has.emit(&mut ArpPacket::new_unchecked(&mut arp));
    push(ethernet_frame(CLIENT_MAC, EthernetAddress::BROADCAST, EtherType::Arp, &arp));
    ArpRepr::reply_to(&who_has, NODE1_MAC).emit(&mut ArpPacket::new_unchecked(&mut arp));
    push(ethernet_frame(NODE1_MAC, CLIENT_MAC, EtherType::Arp, &arp));

    let syn = TcpRepr {
        src_port: 51986,
        dst_port: 8080,
        seq: 1234,
        ack: None,
        flags: TcpFlags::SYN,
        window: 64240,
        options: linux_syn_options(1460, 1, 0),
        payload: &[],
    };
    let syn_frame = frame_ipv4(CLIENT_MAC, NODE1_MAC, &ip_repr(CLIENT, NODE1, 0x1c46), &L4::Tcp(&syn));
    push(syn_frame.clone());

    // node1 DNATs it to the ingress sandbox (172.18.0.2) and forwards it.
    let mut dnat = syn_frame;
    let gwbridge_mac = EthernetAddress::from_ipv4(Ipv4Addr::new(172, 18, 0, 1));
    let sandbox_gw_mac = EthernetAddress::from_ipv4(Ipv4Addr::new(172, 18, 0, 2));
    EthernetRepr { src_addr: gwbridge_mac, dst_addr: sandbox_gw_mac, ethertype: EtherType::Ipv4 }.emit(&mut EthernetFrame::new_unchecked(&mut dnat));
    nat::set_addr(&mut dnat[14..], crate::net::Manip::Dst, Ipv4Addr::new(172, 18, 0, 2)).unwrap();
    nat::dec_ttl(&mut dnat[14..]).unwrap();
    push(dnat);

    // The sandbox sends the connection (SNAT'd to 10.0.0.2) over the overlay
    // to the task on node2: one VXLAN frame per segment.
    let vxlan_out =
        |inner: &[u8], sport: u16| frame_vxlan(NODE1_MAC, NODE2_MAC, &ip_no_df(NODE1, NODE2, 0), &UdpRepr { src_port: sport, dst_port: 4789 }, 4096, inner);
    let vxlan_back =
        |inner: &[u8], sport: u16| frame_vxlan(NODE2_MAC, NODE1_MAC, &ip_no_df(NODE2, NODE1, 0), &UdpRepr { src_port: sport, dst_port: 4789 }, 4096, inner);
    let sandbox_mac = EthernetAddress::from_ipv4(SANDBOX);
    let task_mac = EthernetAddress::from_ipv4(TASK);
    let inner_syn = TcpRepr { src_port: 51986, dst_port: 80, ..syn };
    let inner = frame_ipv4(sandbox_mac, task_mac, &ip_repr(SANDBOX, TASK, 0x3a01), &L4::Tcp(&inner_syn));
    push(vxlan_out(&inner, 41712));
    let syn_ack = TcpRepr {
        src_port: 80,
        dst_port: 51986,
        seq: 77_000,
        ack: Some(1235),
        flags: TcpFlags::SYN | TcpFlags::ACK,
        window: 64308,
        options: linux_syn_options(1410, 900, 1),
        payload: &[],
    };
    let inner = frame_ipv4(task_mac, sandbox_mac, &ip_repr(TASK, SANDBOX, 0), &L4::Tcp(&syn_ack));
    push(vxlan_back(&inner, 60001));
    let ack = TcpRepr { src_port: 51986, dst_port: 80, seq: 1235, ack: Some(77_001), flags: TcpFlags::ACK, window: 502, options: ts(2, 900), payload: &[] };
    let inner = frame_ipv4(sandbox_mac, task_mac, &ip_repr(SANDBOX, TASK, 0x3a02), &L4::Tcp(&ack));
    push(vxlan_out(&inner, 41712));
    let request = b"GET / HTTP/1.1\r\nHost: 192.168.56.11:8080\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n";
    let get = TcpRepr { flags: TcpFlags::PSH | TcpFlags::ACK, payload: request, ..ack };
    let inner = frame_ipv4(sandbox_mac, task_mac, &ip_repr(SANDBOX, TASK, 0x3a03), &L4::Tcp(&get));
    push(vxlan_out(&inner, 41712));
    let response = b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nhello\n";
    let reply = TcpRepr {
        src_port: 80,
        dst_port: 51986,
        seq: 77_001,
        ack: Some(1235 + request.len() as u32),
        flags: TcpFlags::PSH | TcpFlags::ACK,
        window: 503,
        options: ts(901, 2),
        payload: response,
    };
    let inner = frame_ipv4(task_mac, sandbox_mac, &ip_repr(TASK, SANDBOX, 0x5c00), &L4::Tcp(&reply));
    push(vxlan_back(&inner, 60001));
    let fin = TcpRepr { seq: 77_001 + response.len() as u32, flags: TcpFlags::FIN | TcpFlags::ACK, payload: &[], ..reply };
    let inner = frame_ipv4(task_mac, sandbox_mac, &ip_repr(TASK, SANDBOX, 0x5c01), &L4::Tcp(&fin));
    push(vxlan_back(&inner, 60001));

    // The published port's reply leg back to the client, un-NATed.
    let client_reply = TcpRepr { src_port: 8080, dst_port: 51986, seq: 5_000, ack: Some(1235), ..syn_ack };
    push(frame_ipv4(NODE1_MAC, CLIENT_MAC, &ip_repr(NODE1, CLIENT, 0), &L4::Tcp(&client_reply)));

    // A closed port answers with a reset.
    let probe = TcpRepr { dst_port: 81, ..syn };
    push(frame_ipv4(CLIENT_MAC, NODE1_MAC, &ip_repr(CLIENT, NODE1, 0x1c47), &L4::Tcp(&probe)));
    let rst = TcpRepr {
        src_port: 81,
        dst_port: 51986,
        seq: 0,
        ack: Some(1235),
        flags: TcpFlags::RST | TcpFlags::ACK,
        window: 0,
        options: TcpOptions::default(),
        payload: &[],
    };
    push(frame_ipv4(NODE1_MAC, CLIENT_MAC, &ip_repr(NODE1, CLIENT, 0), &L4::Tcp(&rst)));

    // ping, and the errors Linux sends.
    let data: Vec<u8> = (0..56).collect();
    let echo = IcmpRepr::EchoRequest { ident: 4242, seq_no: 1, data: &data };
    let echo_frame = frame_ipv4(CLIENT_MAC, NODE1_MAC, &ip_repr(CLIENT, NODE1, 0x2000), &L4::Icmp(&echo));
    push(echo_frame.clone());
    let echo_reply = IcmpRepr::EchoReply { ident: 4242, seq_no: 1, data: &data };
    push(frame_ipv4(NODE1_MAC, CLIENT_MAC, &ip_no_df(NODE1, CLIENT, 0x7000), &L4::Icmp(&echo_reply)));
    let error_ip = |src, dst| Ipv4Repr { tos: 0xc0, ..ip_no_df(src, dst, 0x7001) };
    let gossip = UdpRepr { src_port: 7946, dst_port: 7946 };
    let big = vec![0x5a; 1200];
    let udp_frame = frame_ipv4(CLIENT_MAC, NODE1_MAC, &ip_repr(CLIENT, NODE1, 0x2001), &L4::Udp(&gossip, &big));
    push(udp_frame.clone());
    let unreachable = IcmpRepr::DstUnreachable { code: icmp::unreachable::PORT, mtu: 0, original: IcmpRepr::error_quote(&udp_frame[14..]) };
    push(frame_ipv4(NODE1_MAC, CLIENT_MAC, &error_ip(NODE1, CLIENT), &L4::Icmp(&unreachable)));
    let mut ttl1 = echo_frame.clone();
    ttl1[14 + 8] = 1;
    Ipv4Packet::new_unchecked(&mut ttl1[14..]).fill_checksum();
    let exceeded = IcmpRepr::TimeExceeded { code: 0, original: IcmpRepr::error_quote(&ttl1[14..]) };
    push(frame_ipv4(NODE1_MAC, CLIENT_MAC, &error_ip(NODE1, CLIENT), &L4::Icmp(&exceeded)));
    let frag_needed = IcmpRepr::DstUnreachable { code: icmp::unreachable::FRAG_NEEDED, mtu: 1450, original: IcmpRepr::error_quote(&udp_frame[14..]) };
    push(frame_ipv4(NODE1_MAC, CLIENT_MAC, &error_ip(NODE1, CLIENT), &L4::Icmp(&frag_needed)));
    frames
}

#[test]
fn tcpdump_matches_real_output_for_emitted_frames() {
    let frames = emitted_frames();
    let pcap = write_pcap(&frames);
    // To regenerate after changing the frames:
    //   MESH_WIRE_WRITE_PCAP=$PWD/mesh-core/src/wire/testdata/emitted.pcap cargo test -p mesh-core emitted
    //   tcpdump -n -r emitted.pcap > emitted.n.txt; tcpdump -n -e -r emitted.pcap > emitted.ne.txt
    //   tcpdump -n -v -r emitted.pcap > emitted.nv.txt; tcpdump -n -e -v -r emitted.pcap > emitted.nev.txt
    if let Some(path) = std::env::var_os("MESH_WIRE_WRITE_PCAP") {
        std::fs::write(path, &pcap).unwrap();
    }
    assert!(pcap == include_bytes!("testdata/emitted.pcap"), "emitted frames changed; regenerate testdata/emitted.*");
    let plain = TcpdumpOptions::default();
    check_transcript(&frames, plain, include_str!("testdata/emitted.n.txt"));
    check_transcript(&frames, TcpdumpOptions { link_level: true, ..plain }, include_str!("testdata/emitted.ne.txt"));
    let verbose = TcpdumpOptions { verbose: true, ..plain };
    check_transcript(&frames, verbose, include_str!("testdata/emitted.nv.txt"));
    check_transcript(&frames, TcpdumpOptions { link_level: true, ..verbose }, include_str!("testdata/emitted.nev.txt"));
}

/// The emitted frames as a pcapng file: the client-facing frames on
/// `node1:eth0`, the VXLAN frames on `node1:eth1`, epoch 2023-11-14T22:13:20Z.
fn emitted_pcapng() -> Vec<u8> {
    let mut w = PcapngWriter::new(1_700_000_000_000_000_000);
    let eth0 = w.add_interface("node1:eth0", "node1 eth0 (client side)");
    let eth1 = w.add_interface("node1:eth1", "node1 eth1 (underlay, VXLAN)");
    for (i, (_, frame)) in emitted_frames().iter().enumerate() {
        let vxlan = describe_frame(frame).iter().any(|l| l.name == "VXLAN");
        w.write_packet(if vxlan { eth1 } else { eth0 }, crate::time::Instant(i as u64 * 1_000 + 7), frame).unwrap();
    }
    w.into_bytes()
}

#[test]
fn pcapng_reads_back_what_was_written() {
    let file = PcapngFile::parse(&emitted_pcapng()).unwrap();
    let frames = emitted_frames();
    assert_eq!(file.packets.len(), frames.len());
    assert_eq!(file.interfaces[1].name.as_deref(), Some("node1:eth1"));
    for (i, (p, (_, f))) in file.packets.iter().zip(&frames).enumerate() {
        assert_eq!(&p.data, f);
        assert_eq!(p.timestamp_ns, 1_700_000_000_000_000_000 + i as u64 * 1_000 + 7);
    }
}

/// `tshark -V` decodes the pcapng: interface names, nanosecond timestamps,
/// the outer and the inner layers of a VXLAN frame, and good checksums.
#[test]
fn tshark_decodes_pcapng_with_vxlan() {
    let version = std::process::Command::new("tshark").arg("--version").output();
    if !version.is_ok_and(|o| o.status.success()) {
        println!("skipping tshark_decodes_pcapng_with_vxlan: tshark is not installed");
        return;
    }
    let path = std::env::temp_dir().join(format!("mesh-wire-{}.pcapng", std::process::id()));
    std::fs::write(&path, emitted_pcapng()).unwrap();
    let out = std::process::Command::new("tshark")
        .env("TZ", "UTC")
        .args(["-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE"])
        .arg("-V")
        .arg("-r")
        .arg(&path)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&path);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "tshark failed: {}", String::from_utf8_lossy(&out.stderr));
    for needle in [
        "Interface id: 1 (node1:eth1)",
        "Interface description: node1 eth1 (underlay, VXLAN)",
        "Epoch Time: 1700000000.000004007 seconds",
        "User Datagram Protocol, Src Port: 41712, Dst Port: 4789",
        "Virtual eXtensible Local Area Network",
        "VXLAN Network Identifier (VNI): 4096",
        "Ethernet II, Src: 02:42:0a:00:00:02 (02:42:0a:00:00:02), Dst: 02:42:0a:00:00:05 (02:42:0a:00:00:05)",
        "Internet Protocol Version 4, Src: 10.0.0.2, Dst: 10.0.0.5",
        "Transmission Control Protocol, Src Port: 51986, Dst Port: 80, Seq: 0, Len: 0",
        "Hypertext Transfer Protocol",
        "Internet Control Message Protocol",
    ] {
        assert!(text.contains(needle), "tshark -V output lacks {needle:?}:\n{text}");
    }
    assert!(text.contains("[Checksum Status: Good]"));
    assert!(!text.contains("[Checksum Status: Bad]"), "a checksum tshark considers bad:\n{text}");
}

fn render(layers: &[Layer]) -> String {
    let mut out = String::new();
    for l in layers {
        out.push_str(&format!("{} [{}..{})\n", l.name, l.range.0, l.range.1));
        for (k, v) in &l.fields {
            out.push_str(&format!("  {k}: {v}\n"));
        }
    }
    out
}

/// The decode of a VXLAN frame captured on Linux 6.18; values agree with
/// `tshark -V` on the same frame.
#[test]
fn describe_real_vxlan_frame() {
    let frames = read_pcap(include_bytes!("testdata/vxlan.pcap"));
    let expected = "\
Ethernet II [0..14)
  Destination: 02:42:0a:00:00:05
  Source: 02:42:0a:00:00:02
  Type: IPv4 (0x0800)
IPv4 [14..34)
  Version: 4
  Header Length: 20 bytes (5)
  Differentiated Services: 0x00 (DSCP: CS0, ECN: Not-ECT)
  Total Length: 110
  Identification: 0x3489 (13449)
  Flags: 0x0
  Fragment Offset: 0
  Time to Live: 64
  Protocol: UDP (17)
  Header Checksum: 0x31f0 [correct]
  Source: 10.0.0.2
  Destination: 10.0.0.5
UDP [34..42)
  Source Port: 45252
  Destination Port: 4789
  Length: 90
  Checksum: 0x1354 [correct]
  Payload: 82 bytes
VXLAN [42..50)
  Flags: 0x08 (VNI valid)
  VNI: 4096
Ethernet II [50..64)
  Destination: 02:42:0a:ff:00:05
  Source: 02:42:0a:ff:00:02
  Type: IPv4 (0x0800)
IPv4 [64..84)
  Version: 4
  Header Length: 20 bytes (5)
  Differentiated Services: 0x00 (DSCP: CS0, ECN: Not-ECT)
  Total Length: 60
  Identification: 0x0cff (3327)
  Flags: 0x2, Don't fragment
  Fragment Offset: 0
  Time to Live: 64
  Protocol: TCP (6)
  Header Checksum: 0x17b9 [correct]
  Source: 10.255.0.2
  Destination: 10.255.0.5
TCP [84..124)
  Source Port: 39690
  Destination Port: 80
  Sequence Number: 908009753
  Header Length: 40 bytes (10)
  Flags: [S]
  Window: 65280
  Checksum: 0xef1f [correct]
  Urgent Pointer: 0
  Options: mss 1360,sackOK,TS val 1468660255 ecr 0,nop,wscale 10
  Payload: 0 bytes
";
    assert_eq!(render(&describe_frame(&frames[2].1)), expected);
}

/// A real "need to frag" error: the quoted echo request is truncated, so its
/// ICMP checksum cannot be verified.
#[test]
fn describe_real_icmp_error() {
    let frames = read_pcap(include_bytes!("testdata/icmp.pcap"));
    let expected = "\
Ethernet II [0..14)
  Destination: 02:42:0a:00:00:02
  Source: 02:42:0a:00:00:05
  Type: IPv4 (0x0800)
IPv4 [14..34)
  Version: 4
  Header Length: 20 bytes (5)
  Differentiated Services: 0xc0 (DSCP: CS6, ECN: Not-ECT)
  Total Length: 576
  Identification: 0x72e9 (29417)
  Flags: 0x0
  Fragment Offset: 0
  Time to Live: 64
  Protocol: ICMP (1)
  Header Checksum: 0xf10d [correct]
  Source: 10.0.0.5
  Destination: 10.0.0.2
ICMP [34..42)
  Type: 3 (Destination unreachable)
  Code: 4 (Fragmentation needed)
  Checksum: 0x0ec9 [correct]
  MTU of next hop: 1280
IPv4 [42..62)
  Version: 4
  Header Length: 20 bytes (5)
  Differentiated Services: 0x00 (DSCP: CS0, ECN: Not-ECT)
  Total Length: 1428
  Identification: 0x0000 (0)
  Flags: 0x2, Don't fragment
  Fragment Offset: 0
  Time to Live: 64
  Protocol: ICMP (1)
  Header Checksum: 0x215c [correct]
  Source: 10.0.0.2
  Destination: 10.3.0.9
ICMP [62..70)
  Type: 8 (Echo (ping) request)
  Code: 0
  Checksum: 0x8c04 [unverified]
  Identifier: 14844 (0x39fc)
  Sequence Number: 1
  Data: 520 bytes
";
    assert_eq!(render(&describe_frame(&frames[9].1)), expected);
}

#[test]
fn describe_real_arp_request() {
    let frames = read_pcap(include_bytes!("testdata/curl.pcap"));
    let expected = "\
Ethernet II [0..14)
  Destination: ff:ff:ff:ff:ff:ff
  Source: 02:42:0a:00:00:02
  Type: ARP (0x0806)
ARP [14..42)
  Hardware type: Ethernet (1)
  Protocol type: IPv4 (0x0800)
  Hardware size: 6
  Protocol size: 4
  Opcode: request (1)
  Sender MAC address: 02:42:0a:00:00:02
  Sender IP address: 10.0.0.2
  Target MAC address: 00:00:00:00:00:00
  Target IP address: 10.0.0.5
";
    assert_eq!(render(&describe_frame(&frames[0].1)), expected);
}

#[test]
fn describe_flags_bad_checksums_and_nat_changes() {
    let frames = emitted_frames();
    let (before, after) = (&frames[2].1, &frames[3].1);
    let mut corrupt = after.clone();
    corrupt[14 + 10] ^= 0xff;
    let layers = describe_frame(&corrupt);
    let ip = &layers[1];
    let sum = &ip.fields.iter().find(|(k, _)| k == "Header Checksum").unwrap().1;
    assert!(sum.starts_with("0x") && sum.ends_with(&format!("[incorrect, should be 0x{:02x}{:02x}]", after[24], after[25])), "{sum}");
    // DNAT changed the MACs, the TTL, the destination, and both checksums.
    let changed: Vec<usize> = changed_bytes(before, after).iter().enumerate().filter(|(_, c)| **c).map(|(i, _)| i).collect();
    // (MAC bytes 4 and 9 happen to be equal in both frames.)
    assert_eq!(changed, vec![0, 1, 2, 3, 5, 6, 7, 8, 10, 11, 22, 24, 25, 30, 31, 32, 33, 50, 51]);
}

proptest::proptest! {
    #[test]
    fn describe_and_tcpdump_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..120)) {
        let _ = describe_frame(&bytes);
        let _ = hexdump(&bytes, &[true, false, true]);
        for verbose in [false, true] {
            let mut fmt = TcpdumpFormatter::new(TcpdumpOptions { link_level: true, absolute_seq: false, verbose });
            let _ = fmt.format(&bytes, u64::MAX);
        }
    }

    /// Random damage to real frames reaches the deeper decoders.
    #[test]
    fn damaged_real_frames_never_panic(which in 0usize..64, at in 0usize..200, value in proptest::prelude::any::<u8>(), cut in 0usize..200) {
        let mut all = read_pcap(include_bytes!("testdata/vxlan.pcap"));
        all.extend(read_pcap(include_bytes!("testdata/icmp.pcap")));
        all.extend(read_pcap(include_bytes!("testdata/curl.pcap")));
        let mut frame = all[which % all.len()].1.clone();
        let i = at % frame.len();
        frame[i] = value;
        frame.truncate(frame.len() - cut % frame.len());
        let _ = describe_frame(&frame);
        let mut fmt = TcpdumpFormatter::default();
        let _ = fmt.format(&frame, 0);
        let mut verbose = TcpdumpFormatter::new(TcpdumpOptions { verbose: true, ..TcpdumpOptions::default() });
        let _ = verbose.format(&frame, 0);
        let mut l3 = frame.get(14..).unwrap_or(&[]).to_vec();
        let _ = nat::set_addr(&mut l3, crate::net::Manip::Src, SANDBOX);
        let _ = nat::set_port(&mut l3, crate::net::Manip::Dst, 1);
        if let Some(inner) = nat::icmp_error_inner_mut(&mut l3) {
            let _ = nat::set_port(inner, crate::net::Manip::Src, 2);
        }
    }
}
