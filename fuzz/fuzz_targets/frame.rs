//! Frame parsing: every wire parser on the bytes, the trace view's
//! layer-by-layer description, the hex dump, and tcpdump's one-line format.
#![no_main]
use mesh_core::wire::*;
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if data.len() > 9000 {
        return;
    }
    let _ = describe_frame(data);
    let _ = hexdump(data, &changed_bytes(data, &data[..data.len() / 2]));
    for (link_level, verbose) in [(false, false), (true, false), (false, true), (true, true)] {
        let mut f = TcpdumpFormatter::new(TcpdumpOptions { link_level, absolute_seq: !link_level, verbose });
        let _ = f.format(data, 0);
    }
    let _ = PcapngFile::parse(data);
    if let Ok(eth) = EthernetFrame::new_checked(data) {
        let _ = EthernetRepr::parse(&eth);
        let l3 = eth.payload();
        if let Ok(arp) = ArpPacket::new_checked(l3) {
            let _ = ArpRepr::parse(&arp);
        }
        if let Ok(ip) = Ipv4Packet::new_checked(l3) {
            let _ = Ipv4Repr::parse(&ip);
            let (src, dst) = (ip.src_addr(), ip.dst_addr());
            let l4 = ip.payload();
            if let Ok(t) = TcpPacket::new_checked(l4) {
                let _ = TcpRepr::parse(&t, src, dst);
            }
            if let Ok(u) = UdpPacket::new_checked(l4) {
                let _ = UdpRepr::parse(&u, src, dst);
                if let Ok(v) = VxlanPacket::new_checked(u.payload()) {
                    let _ = VxlanRepr::parse(&v);
                }
            }
            if let Ok(i) = IcmpPacket::new_checked(l4) {
                let _ = IcmpRepr::parse(&i);
            }
        }
    }
});
