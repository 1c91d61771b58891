//! Fragmentation and reassembly against packets captured on Linux 6.18.
//!
//! The `.hex` files are IPv4 packets (one per line) captured with tcpdump on
//! a router `r` between `a` (MTU 1500) and `b` (MTU 1450):
//!
//! - `echo-1500.hex`: `ping -M dont -s 1472` from `a`, as it reached `r`;
//! - `echo-1500-frags-1450.hex`: the same request as `r` sent it on towards
//!   `b` (TTL 63, two fragments);
//! - `reply-frags-1450.hex`: `b`'s answer, fragmented by `b` itself;
//! - `rr-first-frag-1500.hex`: the first fragment of `ping -R -M dont -s
//!   1472` (a 1540-byte datagram with a record-route option that `a`
//!   fragmented), as it reached `r`;
//! - `rr-refrag-1450.hex`: that fragment as `r` refragmented it for `b`
//!   (record route filled in by `r`, options NOPed in the second piece, MF
//!   kept on both).

use super::*;
use proptest::prelude::*;

fn hex_lines(text: &str) -> Vec<Vec<u8>> {
    text.lines().filter(|l| !l.is_empty()).map(|l| (0..l.len()).step_by(2).map(|i| u8::from_str_radix(&l[i..i + 2], 16).unwrap()).collect()).collect()
}

fn echo_1500() -> Vec<u8> {
    hex_lines(include_str!("echo-1500.hex")).remove(0)
}

/// What `ip_forward` does to the header before fragmenting: TTL − 1.
fn forwarded(mut l3: Vec<u8>) -> Vec<u8> {
    let mut p = Ipv4Packet::new_unchecked(&mut l3[..]);
    p.set_ttl(p.ttl() - 1);
    p.fill_checksum();
    l3
}

fn reassemble_all(frags: &[Vec<u8>]) -> Defrag {
    let mut r = Reassembly::default();
    let mut last = Defrag::Dropped("nothing offered");
    for f in frags {
        last = r.add(f, DefragUser::LocalDeliver, None, IPFRAG_HIGH_THRESH);
    }
    last
}

/// A datagram of `payload_len` bytes with identification 7, DF as given.
fn datagram(payload_len: usize, df: bool) -> Vec<u8> {
    let repr = crate::wire::Ipv4Repr {
        src_addr: Ipv4Addr::new(10, 0, 1, 2),
        dst_addr: Ipv4Addr::new(10, 0, 2, 2),
        protocol: 17,
        payload_len,
        ttl: 64,
        ident: 7,
        dont_frag: df,
        tos: 0,
    };
    let mut b = vec![0u8; 20 + payload_len];
    repr.emit(&mut Ipv4Packet::new_unchecked(&mut b[..]));
    for (i, x) in b[20..].iter_mut().enumerate() {
        *x = i as u8;
    }
    b
}

#[test]
fn forwarding_fragments_like_linux() {
    let want = hex_lines(include_str!("echo-1500-frags-1450.hex"));
    let got = fragment(&forwarded(echo_1500()), 1450, false).unwrap();
    assert_eq!(got, want);
    let lens: Vec<usize> = got.iter().map(Vec::len).collect();
    assert_eq!(lens, [1444, 76]);
}

#[test]
fn local_fragments_like_linux() {
    // b fragmented its 1500-byte echo reply (no DF: the ICMP socket's
    // IP_PMTUDISC_DONT) to its own 1450 MTU.
    let frags = hex_lines(include_str!("reply-frags-1450.hex"));
    let Defrag::Complete(whole) = reassemble_all(&frags) else { panic!("incomplete") };
    assert_eq!(whole.packet.len(), 1500);
    assert_eq!(fragment(&whole.packet, 1450, false).unwrap(), frags);
}

#[test]
fn reassembles_linux_fragments_in_any_order() {
    let frags = hex_lines(include_str!("echo-1500-frags-1450.hex"));
    let want = forwarded(echo_1500());
    for order in [[0, 1], [1, 0]] {
        let ordered: Vec<Vec<u8>> = order.iter().map(|i| frags[*i].clone()).collect();
        let Defrag::Complete(r) = reassemble_all(&ordered) else { panic!("incomplete") };
        assert_eq!(r.packet, want);
        assert_eq!((r.frag_max_size, r.frag_pmtu), (1444, false));
    }
}

#[test]
fn refragmenting_a_fragment_keeps_mf_and_copies_only_copied_options() {
    let mut first = hex_lines(include_str!("rr-first-frag-1500.hex")).remove(0);
    // What r's IP options processing did before forwarding: record its
    // outgoing address in the record-route option (NOP, RR len 39 ptr 8).
    assert_eq!(&first[20..24], &[0x01, 0x07, 0x27, 0x08]);
    first[28..32].copy_from_slice(&[10, 0, 2, 1]);
    first[23] = 12;
    let want = hex_lines(include_str!("rr-refrag-1450.hex"));
    let got = fragment(&forwarded(first), 1450, false).unwrap();
    assert_eq!(got, want);
    let second = Ipv4Packet::new_checked(&got[1][..]).unwrap();
    assert_eq!((second.frag_offset(), second.more_frags(), second.header_len()), (1384, true, 60));
    assert!(second.options().iter().all(|b| *b == 1));
}

#[test]
fn payloads_are_multiples_of_eight_but_the_last() {
    let frags = fragment(&datagram(3000, false), 1000, true).unwrap();
    let sizes: Vec<(u16, u16, bool, bool)> = frags
        .iter()
        .map(|f| {
            let p = Ipv4Packet::new_checked(&f[..]).unwrap();
            assert!(p.verify_checksum());
            (p.frag_offset(), p.total_len(), p.more_frags(), p.dont_frag())
        })
        .collect();
    assert_eq!(sizes, [(0, 996, true, true), (976, 996, true, true), (1952, 996, true, true), (2928, 92, false, true)]);
}

#[test]
fn mtu_without_room_for_eight_bytes_fails() {
    assert_eq!(fragment(&datagram(100, false), 27, false), None);
    assert!(fragment(&datagram(100, false), 28, false).is_some());
    assert_eq!(fragment(&[0x45, 0], 576, false), None);
}

#[test]
fn df_survives_reassembly_only_when_the_largest_fragment_had_it() {
    let mut frags = fragment(&datagram(2000, false), 1500, true).unwrap();
    let Defrag::Complete(r) = reassemble_all(&frags) else { panic!() };
    assert!(r.frag_pmtu && Ipv4Packet::new_checked(&r.packet[..]).unwrap().dont_frag());
    assert_eq!(r.frag_max_size, 1500);
    // The small last piece alone with DF: not enough.
    let mut p = Ipv4Packet::new_unchecked(&mut frags[0][..]);
    p.set_dont_frag(false);
    p.fill_checksum();
    let Defrag::Complete(r) = reassemble_all(&frags) else { panic!() };
    assert!(!r.frag_pmtu && !Ipv4Packet::new_checked(&r.packet[..]).unwrap().dont_frag());
}

#[test]
fn duplicates_are_dropped_alone_and_overlaps_kill_the_queue() {
    let frags = fragment(&datagram(3000, false), 1000, false).unwrap();
    let mut r = Reassembly::default();
    let add = |r: &mut Reassembly, f: &Vec<u8>| r.add(f, DefragUser::LocalDeliver, None, IPFRAG_HIGH_THRESH);
    assert_eq!(add(&mut r, &frags[0]), Defrag::Queued { timer: Some(1) });
    assert_eq!(add(&mut r, &frags[1]), Defrag::Queued { timer: None });
    assert_eq!(add(&mut r, &frags[0]), Defrag::Dropped("duplicate fragment"));
    assert_eq!(r.len(), 1);
    // A fragment starting inside queued data and reaching beyond it.
    let mut overlap = frags[2].clone();
    let mut p = Ipv4Packet::new_unchecked(&mut overlap[..]);
    p.set_frag_offset(1944);
    p.fill_checksum();
    assert_eq!(add(&mut r, &overlap), Defrag::Dropped("overlapping fragment"));
    assert!(r.is_empty());
    assert_eq!(r.mem(), 0);
}

#[test]
fn a_fragment_spanning_two_runs_is_an_overlap_even_if_all_data_is_there() {
    // Runs: [0,976) then [1952,2928) then [976,1952) inserted in the middle
    // (its own run): a copy of the whole datagram's first 2928 bytes is in
    // no single run.
    let frags = fragment(&datagram(3000, false), 1000, false).unwrap();
    let mut r = Reassembly::default();
    for i in [0, 2, 1] {
        r.add(&frags[i], DefragUser::LocalDeliver, None, IPFRAG_HIGH_THRESH);
    }
    let big = fragment(&datagram(3000, false), 2000, false).unwrap();
    assert_eq!(r.add(&big[0], DefragUser::LocalDeliver, None, IPFRAG_HIGH_THRESH), Defrag::Dropped("overlapping fragment"));
}

#[test]
fn last_fragments_must_agree_on_the_end() {
    let frags = fragment(&datagram(3000, false), 1000, false).unwrap();
    let mut r = Reassembly::default();
    r.add(&frags[1], DefragUser::LocalDeliver, None, IPFRAG_HIGH_THRESH);
    // A "last" fragment ending before data already queued.
    let mut short_last = frags[0].clone();
    let mut p = Ipv4Packet::new_unchecked(&mut short_last[..]);
    p.set_more_frags(false);
    p.fill_checksum();
    assert_eq!(r.add(&short_last, DefragUser::LocalDeliver, None, IPFRAG_HIGH_THRESH), Defrag::Dropped("last fragment disagrees with the datagram's length"));
    assert!(r.is_empty());
}

#[test]
fn queues_are_per_user() {
    let frags = fragment(&datagram(3000, false), 1000, false).unwrap();
    let mut r = Reassembly::default();
    assert!(matches!(r.add(&frags[0], DefragUser::ConntrackIn, None, IPFRAG_HIGH_THRESH), Defrag::Queued { timer: Some(_) }));
    assert!(matches!(r.add(&frags[1], DefragUser::LocalDeliver, None, IPFRAG_HIGH_THRESH), Defrag::Queued { timer: Some(_) }));
    assert_eq!(r.len(), 2);
}

#[test]
fn oversized_datagrams_are_dropped() {
    // [0, 8) + [8, 65520) + [65520, 65536): 20 + 65536 > 65535.
    let mut r = Reassembly::default();
    let mut first = datagram(8, false);
    Ipv4Packet::new_unchecked(&mut first[..]).set_more_frags(true);
    Ipv4Packet::new_unchecked(&mut first[..]).fill_checksum();
    let mut filler = datagram(65512, false);
    let mut p = Ipv4Packet::new_unchecked(&mut filler[..]);
    p.set_frag_offset(8);
    p.set_more_frags(true);
    p.fill_checksum();
    let mut last = datagram(16, false);
    let mut p = Ipv4Packet::new_unchecked(&mut last[..]);
    p.set_frag_offset(65520);
    p.fill_checksum();
    for f in [&first, &filler] {
        assert!(matches!(r.add(f, DefragUser::LocalDeliver, None, IPFRAG_HIGH_THRESH), Defrag::Queued { .. }));
    }
    assert_eq!(r.add(&last, DefragUser::LocalDeliver, None, IPFRAG_HIGH_THRESH), Defrag::Dropped("oversized IP packet"));
    assert!(r.is_empty());
}

#[test]
fn expiry_returns_the_first_fragment_to_quote() {
    let frags = fragment(&datagram(3000, false), 1000, false).unwrap();
    let mut r = Reassembly::default();
    let Defrag::Queued { timer: Some(serial) } = r.add(&frags[0], DefragUser::LocalDeliver, Some(DevId(3)), IPFRAG_HIGH_THRESH) else { panic!() };
    let e = r.expire(serial).unwrap();
    assert_eq!(e.first.as_deref(), Some(&frags[0][..]));
    assert_eq!((e.iif, e.icmp_only_if_local), (Some(DevId(3)), false));
    assert_eq!(r.expire(serial), None);
    // Without its first fragment, nothing to quote.
    let Defrag::Queued { timer: Some(serial) } = r.add(&frags[1], DefragUser::ConntrackIn, None, IPFRAG_HIGH_THRESH) else { panic!() };
    let e = r.expire(serial).unwrap();
    assert_eq!((e.first, e.icmp_only_if_local), (None, true));
    // A completed datagram's timer finds nothing.
    let mut r = Reassembly::default();
    let Defrag::Queued { timer: Some(serial) } = r.add(&frags[0], DefragUser::LocalDeliver, None, IPFRAG_HIGH_THRESH) else { panic!() };
    for f in &frags[1..] {
        r.add(f, DefragUser::LocalDeliver, None, IPFRAG_HIGH_THRESH);
    }
    assert_eq!(r.expire(serial), None);
}

#[test]
fn no_new_queue_over_the_memory_limit() {
    let frags = fragment(&datagram(3000, false), 1000, false).unwrap();
    let mut r = Reassembly::default();
    r.add(&frags[0], DefragUser::LocalDeliver, None, 100);
    assert_eq!(r.mem(), 996);
    // The open queue still takes fragments; a new datagram is refused.
    assert!(matches!(r.add(&frags[1], DefragUser::LocalDeliver, None, 100), Defrag::Queued { timer: None }));
    let other = fragment(&datagram(2000, false), 1000, false).unwrap();
    let mut other0 = other[0].clone();
    Ipv4Packet::new_unchecked(&mut other0[..]).set_ident(8);
    Ipv4Packet::new_unchecked(&mut other0[..]).fill_checksum();
    assert_eq!(r.add(&other0, DefragUser::LocalDeliver, None, 100), Defrag::Dropped("fragment queues over ipfrag_high_thresh"));
}

#[test]
fn ecn_not_ect_mixed_with_ce_is_dropped() {
    let mut frags = fragment(&datagram(2000, false), 1000, false).unwrap();
    let mut p = Ipv4Packet::new_unchecked(&mut frags[1][..]);
    p.set_ecn(3);
    p.fill_checksum();
    assert_eq!(reassemble_all(&frags), Defrag::Dropped("fragments disagree on ECN"));
    for f in [0, 2] {
        let mut p = Ipv4Packet::new_unchecked(&mut frags[f][..]);
        p.set_ecn(2);
        p.fill_checksum();
    }
    let Defrag::Complete(r) = reassemble_all(&frags) else { panic!() };
    assert_eq!(Ipv4Packet::new_checked(&r.packet[..]).unwrap().ecn(), 3);
}

#[test]
fn pmtu_updates_follow_linux() {
    let dev = DevId(2);
    let gw = Some(Ipv4Addr::new(10, 0, 1, 1));
    let dst = Ipv4Addr::new(10, 0, 2, 2);
    let t0 = Instant::ZERO;
    let mut c = PmtuCache::default();
    c.update(dst, dev, gw, 1500, 1450, t0);
    let e = c.get(dst, dev, gw, t0).unwrap();
    assert_eq!((e.mtu, e.locked, e.expires), (1450, false, t0 + MTU_EXPIRES));
    // Larger than the current path MTU: ignored.
    c.update(dst, dev, gw, 1450, 1480, t0);
    assert_eq!(c.get(dst, dev, gw, t0).unwrap().mtu, 1450);
    // Below min_pmtu: clamped and locked.
    c.update(dst, dev, gw, 1450, 300, t0);
    let e = c.get(dst, dev, gw, t0).unwrap();
    assert_eq!((e.mtu, e.locked), (552, true));
    // Another next hop does not see it; it expires.
    assert_eq!(c.get(dst, DevId(9), gw, t0), None);
    assert_eq!(c.get(dst, dev, gw, t0 + MTU_EXPIRES), None);
    assert_eq!(c.iter(t0).count(), 1);
    c.clear();
    assert_eq!(c.iter(t0).count(), 0);
}

proptest! {
    #[test]
    fn fragments_reassemble_in_any_order(len in 1usize..6000, mtu in 28usize..1600, df in any::<bool>(), seed in any::<u64>()) {
        let original = datagram(len, df);
        let frags = fragment(&original, mtu, df).unwrap();
        for f in &frags {
            prop_assert!(f.len() <= mtu);
        }
        let mut order: Vec<usize> = (0..frags.len()).collect();
        let mut rng = crate::rng::Rng::new(seed, "frag");
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i as u64 + 1) as usize);
        }
        let shuffled: Vec<Vec<u8>> = order.iter().map(|i| frags[*i].clone()).collect();
        if frags.len() == 1 {
            prop_assert_eq!(&frags[0], &original);
        } else {
            let Defrag::Complete(r) = reassemble_all(&shuffled) else { panic!("incomplete") };
            prop_assert_eq!(r.packet, original);
        }
    }

    #[test]
    fn arbitrary_fragments_never_panic(packets in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..120), 0..8), mtu in 0usize..200) {
        let mut r = Reassembly::default();
        for p in &packets {
            let _ = fragment(p, mtu, false);
            if Ipv4Packet::new_checked(&p[..]).is_ok_and(|x| x.is_fragment()) {
                let _ = r.add(p, DefragUser::LocalDeliver, None, IPFRAG_HIGH_THRESH);
            }
        }
        for serial in 0..10 {
            let _ = r.expire(serial);
        }
        prop_assert_eq!(r.is_empty(), r.mem() == 0);
    }
}
