//! Cross-layer tests of the wire module against the real tools.
//!
//! `testdata/` holds captures taken from Linux 6.18 between network
//! namespaces (`curl.pcap`, `udp.pcap`, `icmp.pcap`, `vxlan.pcap`), edge-case
//! frames made by `malformed.py`, and for each the text the real tcpdump
//! 4.99.3 printed (`*.n.txt` for `tcpdump -n -r`, `*.ne.txt` for `-n -e`).
//! `emitted.*` is the same for frames this crate builds (see
//! [`emitted_frames`]). None of these tests needs tcpdump installed.

use std::net::Ipv4Addr;

use super::*;
use crate::net::proto;

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

macro_rules! real_capture_test {
    ($name:ident, $file:literal) => {
        #[test]
        fn $name() {
            let frames = read_pcap(include_bytes!(concat!("testdata/", $file, ".pcap")));
            let plain = TcpdumpOptions::default();
            check_transcript(&frames, plain, include_str!(concat!("testdata/", $file, ".n.txt")));
            let link = TcpdumpOptions { link_level: true, ..plain };
            check_transcript(&frames, link, include_str!(concat!("testdata/", $file, ".ne.txt")));
        }
    };
}

real_capture_test!(tcpdump_matches_real_curl_capture, "curl");
real_capture_test!(tcpdump_matches_real_udp_capture, "udp");
real_capture_test!(tcpdump_matches_real_icmp_capture, "icmp");
real_capture_test!(tcpdump_matches_real_vxlan_capture, "vxlan");
real_capture_test!(tcpdump_matches_real_output_for_malformed_frames, "malformed");
