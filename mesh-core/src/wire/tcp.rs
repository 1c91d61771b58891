//! TCP segments (RFC 9293) and the options Linux uses.
//!
//! The header is 20 bytes plus up to 40 bytes of options; `header_len` (the
//! data offset) counts both. The checksum covers an IPv4 pseudo-header, the
//! header and the payload, so NAT of an address or a port must update it.
//!
//! # Options as Linux writes them
//!
//! Linux (`tcp_options_write`) lays out the four options it negotiates in a
//! fixed order, padding with NOPs so that every option group is 32-bit
//! aligned. With timestamps on (the default), a SYN or SYN-ACK is
//! `mss(4) sackOK(2) TS(10) nop(1) wscale(3)`: 20 option bytes, a 40-byte TCP
//! header, a 60-byte IP packet. Every later segment carries `nop nop TS`:
//! 12 option bytes, a 32-byte header, a 52-byte IP packet for a bare ACK.
//! Without timestamps a SYN is `mss nop nop sackOK nop wscale`.
//! [`Repr::emit`] reproduces exactly these layouts (checked against segments
//! captured from Linux 6.18 in the tests below).
//!
//! Options this model does not interpret (SACK blocks, MD5, MPTCP, fast
//! open…) are kept verbatim in [`Options::unknown`] and re-emitted after the
//! known ones, padded with zeros (EOL) to a 4-byte boundary. The NOPs that
//! aligned them are not kept. The urgent pointer and the NS bit are readable
//! through [`Packet`] but are not part of [`Repr`].

use std::fmt;
use std::net::Ipv4Addr;
use std::ops::BitOr;

use super::checksum;
use super::{Error, Field, Result, be};
use crate::net::proto;

/// Length of the TCP header without options.
pub const HEADER_LEN: usize = 20;

/// The most option bytes a header can carry (data offset 15 × 4 − 20).
pub const MAX_OPTIONS_LEN: usize = 40;

mod field {
    use super::Field;
    pub(super) const SRC_PORT: Field = 0..2;
    pub(super) const DST_PORT: Field = 2..4;
    pub(super) const SEQ_NUM: Field = 4..8;
    pub(super) const ACK_NUM: Field = 8..12;
    pub(super) const DATA_OFF: usize = 12;
    pub(super) const FLAGS: usize = 13;
    pub(super) const WIN_SIZE: Field = 14..16;
    pub(super) const CHECKSUM: Field = 16..18;
    pub(super) const URGENT: Field = 18..20;
}

mod option_kind {
    pub(super) const EOL: u8 = 0;
    pub(super) const NOP: u8 = 1;
    pub(super) const MSS: u8 = 2;
    pub(super) const WINDOW_SCALE: u8 = 3;
    pub(super) const SACK_PERMITTED: u8 = 4;
    pub(super) const TIMESTAMPS: u8 = 8;
}

/// The eight TCP flag bits, as a set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Flags(pub u8);

impl Flags {
    pub const FIN: Flags = Flags(0x01);
    pub const SYN: Flags = Flags(0x02);
    pub const RST: Flags = Flags(0x04);
    pub const PSH: Flags = Flags(0x08);
    pub const ACK: Flags = Flags(0x10);
    pub const URG: Flags = Flags(0x20);
    pub const ECE: Flags = Flags(0x40);
    pub const CWR: Flags = Flags(0x80);

    pub const fn empty() -> Flags {
        Flags(0)
    }

    pub const fn bits(self) -> u8 {
        self.0
    }

    /// All flags of `other` are set in `self`.
    pub const fn contains(self, other: Flags) -> bool {
        self.0 & other.0 == other.0
    }

    pub const fn intersects(self, other: Flags) -> bool {
        self.0 & other.0 != 0
    }

    pub const fn union(self, other: Flags) -> Flags {
        Flags(self.0 | other.0)
    }

    pub const fn difference(self, other: Flags) -> Flags {
        Flags(self.0 & !other.0)
    }
}

impl BitOr for Flags {
    type Output = Flags;
    fn bitor(self, rhs: Flags) -> Flags {
        self.union(rhs)
    }
}

impl fmt::Display for Flags {
    /// tcpdump's notation inside `Flags [...]`: one letter per flag in the
    /// order F S R P . U E W (`.` is ACK), or `none`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == 0 {
            return f.write_str("none");
        }
        for (flag, c) in [
            (Flags::FIN, 'F'),
            (Flags::SYN, 'S'),
            (Flags::RST, 'R'),
            (Flags::PSH, 'P'),
            (Flags::ACK, '.'),
            (Flags::URG, 'U'),
            (Flags::ECE, 'E'),
            (Flags::CWR, 'W'),
        ] {
            if self.contains(flag) {
                write!(f, "{c}")?;
            }
        }
        Ok(())
    }
}

/// Option bytes this model does not interpret, kept verbatim as
/// `kind, length, data` sequences in wire order.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct RawOptions {
    len: u8,
    bytes: [u8; MAX_OPTIONS_LEN],
}

impl RawOptions {
    pub const fn new() -> RawOptions {
        RawOptions { len: 0, bytes: [0; MAX_OPTIONS_LEN] }
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len).min(MAX_OPTIONS_LEN)]
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Appends one option's bytes; options that no longer fit are dropped.
    pub fn push(&mut self, option: &[u8]) {
        let start = usize::from(self.len);
        let end = start + option.len();
        if let Some(dst) = self.bytes.get_mut(start..end) {
            dst.copy_from_slice(option);
            self.len = end as u8;
        }
    }
}

impl Default for RawOptions {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for RawOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RawOptions({:02x?})", self.as_bytes())
    }
}

/// The TCP options of a segment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Options {
    /// Maximum segment size (SYN and SYN-ACK only).
    pub mss: Option<u16>,
    /// SACK permitted (SYN and SYN-ACK only).
    pub sack_permitted: bool,
    /// Timestamps: (TSval, TSecr).
    pub timestamps: Option<(u32, u32)>,
    /// Window scale shift count (SYN and SYN-ACK only).
    pub window_scale: Option<u8>,
    /// Everything else, verbatim.
    pub unknown: RawOptions,
}

impl Options {
    /// Reads options the way Linux's `tcp_parse_options` does: stop at EOL,
    /// skip NOPs, and stop silently at a malformed length. Known options with
    /// the wrong length are ignored.
    pub fn parse(mut bytes: &[u8]) -> Options {
        let mut opts = Options::default();
        while let Some((&kind, rest)) = bytes.split_first() {
            match kind {
                option_kind::EOL => break,
                option_kind::NOP => {
                    bytes = rest;
                    continue;
                }
                _ => {}
            }
            let Some(&len) = rest.first() else { break };
            let len = usize::from(len);
            if len < 2 || len > bytes.len() {
                break;
            }
            let data = &bytes[2..len];
            match (kind, data.len()) {
                (option_kind::MSS, 2) => opts.mss = Some(u16::from_be_bytes([data[0], data[1]])),
                (option_kind::WINDOW_SCALE, 1) => opts.window_scale = Some(data[0]),
                (option_kind::SACK_PERMITTED, 0) => opts.sack_permitted = true,
                (option_kind::TIMESTAMPS, 8) => {
                    opts.timestamps = Some((be::u32_at(data, 0), be::u32_at(data, 4)));
                }
                (option_kind::MSS | option_kind::WINDOW_SCALE | option_kind::SACK_PERMITTED | option_kind::TIMESTAMPS, _) => {}
                _ => opts.unknown.push(&bytes[..len]),
            }
            bytes = &bytes[len..];
        }
        opts
    }

    /// Bytes [`Options::emit`] writes: a multiple of 4, at most 40.
    pub fn buffer_len(&self) -> usize {
        let mut n = 0;
        if self.mss.is_some() {
            n += 4;
        }
        if self.timestamps.is_some() {
            n += 12;
        } else if self.sack_permitted {
            n += 4;
        }
        if self.window_scale.is_some() {
            n += 4;
        }
        let unknown = self.unknown.as_bytes().len().div_ceil(4) * 4;
        (n + unknown).min(MAX_OPTIONS_LEN)
    }

    /// Writes the options in Linux's layout into `out` (which should be
    /// `buffer_len()` bytes; shorter buffers get a truncated write).
    pub fn emit(&self, out: &mut [u8]) {
        let mut w = Writer { out, at: 0 };
        if let Some(mss) = self.mss {
            let m = mss.to_be_bytes();
            w.put(&[option_kind::MSS, 4, m[0], m[1]]);
        }
        if let Some((val, ecr)) = self.timestamps {
            if self.sack_permitted {
                w.put(&[option_kind::SACK_PERMITTED, 2]);
            } else {
                w.put(&[option_kind::NOP, option_kind::NOP]);
            }
            w.put(&[option_kind::TIMESTAMPS, 10]);
            w.put(&val.to_be_bytes());
            w.put(&ecr.to_be_bytes());
        } else if self.sack_permitted {
            w.put(&[option_kind::NOP, option_kind::NOP, option_kind::SACK_PERMITTED, 2]);
        }
        if let Some(shift) = self.window_scale {
            w.put(&[option_kind::NOP, option_kind::WINDOW_SCALE, 3, shift]);
        }
        w.put(self.unknown.as_bytes());
        while !w.at.is_multiple_of(4) && w.at < w.out.len() {
            w.put(&[option_kind::EOL]);
        }
    }
}

struct Writer<'a> {
    out: &'a mut [u8],
    at: usize,
}

impl Writer<'_> {
    fn put(&mut self, bytes: &[u8]) {
        let end = (self.at + bytes.len()).min(self.out.len());
        let n = end.saturating_sub(self.at);
        if let Some(dst) = self.out.get_mut(self.at..end) {
            dst.copy_from_slice(&bytes[..n]);
        }
        self.at = end;
    }
}

/// A view of a TCP segment in a buffer (the IP payload).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Packet<T> {
    pub const fn new_unchecked(buffer: T) -> Packet<T> {
        Packet { buffer }
    }

    pub fn new_checked(buffer: T) -> Result<Packet<T>> {
        let p = Self::new_unchecked(buffer);
        p.check_len()?;
        Ok(p)
    }

    /// The buffer holds the fixed header, and the data offset is at least 20
    /// and inside the buffer.
    pub fn check_len(&self) -> Result<()> {
        let len = self.buffer.as_ref().len();
        if len < HEADER_LEN {
            return Err(Error);
        }
        let hl = usize::from(self.header_len());
        if hl < HEADER_LEN || hl > len { Err(Error) } else { Ok(()) }
    }

    pub fn into_inner(self) -> T {
        self.buffer
    }

    fn byte(&self, at: usize) -> u8 {
        self.buffer.as_ref().get(at).copied().unwrap_or(0)
    }

    pub fn src_port(&self) -> u16 {
        be::u16_at(self.buffer.as_ref(), field::SRC_PORT.start)
    }

    pub fn dst_port(&self) -> u16 {
        be::u16_at(self.buffer.as_ref(), field::DST_PORT.start)
    }

    pub fn seq_number(&self) -> u32 {
        be::u32_at(self.buffer.as_ref(), field::SEQ_NUM.start)
    }

    pub fn ack_number(&self) -> u32 {
        be::u32_at(self.buffer.as_ref(), field::ACK_NUM.start)
    }

    /// Header length in bytes, options included (data offset × 4).
    pub fn header_len(&self) -> u8 {
        (self.byte(field::DATA_OFF) >> 4) * 4
    }

    /// The nonce-sum bit (RFC 3540, historic); Linux sends it as zero.
    pub fn ns(&self) -> bool {
        self.byte(field::DATA_OFF) & 0x01 != 0
    }

    pub fn flags(&self) -> Flags {
        Flags(self.byte(field::FLAGS))
    }

    pub fn window_len(&self) -> u16 {
        be::u16_at(self.buffer.as_ref(), field::WIN_SIZE.start)
    }

    pub fn checksum(&self) -> u16 {
        be::u16_at(self.buffer.as_ref(), field::CHECKSUM.start)
    }

    pub fn urgent_at(&self) -> u16 {
        be::u16_at(self.buffer.as_ref(), field::URGENT.start)
    }

    /// The checksum verifies for the pseudo-header of `src`/`dst`, over the
    /// whole buffer (which must be exactly the segment: IP payload).
    pub fn verify_checksum(&self, src: Ipv4Addr, dst: Ipv4Addr) -> bool {
        let data = self.buffer.as_ref();
        let Ok(len) = u16::try_from(data.len()) else {
            return false;
        };
        checksum::combine(&[checksum::pseudo_header(src, dst, proto::TCP, len), checksum::sum(data)]) == 0xffff
    }

    /// Sequence space the segment occupies: payload plus one each for SYN
    /// and FIN.
    pub fn segment_len(&self) -> usize {
        let payload = self.buffer.as_ref().len().saturating_sub(usize::from(self.header_len()));
        payload + usize::from(self.flags().contains(Flags::SYN)) + usize::from(self.flags().contains(Flags::FIN))
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> Packet<&'a T> {
    /// The raw option bytes.
    pub fn options(&self) -> &'a [u8] {
        let hl = usize::from(self.header_len());
        self.buffer.as_ref().get(HEADER_LEN..hl).unwrap_or(&[])
    }

    pub fn payload(&self) -> &'a [u8] {
        let hl = usize::from(self.header_len());
        self.buffer.as_ref().get(hl..).unwrap_or(&[])
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Packet<T> {
    fn set_byte(&mut self, at: usize, v: u8) {
        if let Some(b) = self.buffer.as_mut().get_mut(at) {
            *b = v;
        }
    }

    pub fn set_src_port(&mut self, v: u16) {
        be::put_u16(self.buffer.as_mut(), field::SRC_PORT.start, v);
    }

    pub fn set_dst_port(&mut self, v: u16) {
        be::put_u16(self.buffer.as_mut(), field::DST_PORT.start, v);
    }

    pub fn set_seq_number(&mut self, v: u32) {
        be::put_u32(self.buffer.as_mut(), field::SEQ_NUM.start, v);
    }

    pub fn set_ack_number(&mut self, v: u32) {
        be::put_u32(self.buffer.as_mut(), field::ACK_NUM.start, v);
    }

    /// Sets the header length in bytes (a multiple of 4); clears the NS bit.
    pub fn set_header_len(&mut self, len: u8) {
        self.set_byte(field::DATA_OFF, (len / 4) << 4);
    }

    pub fn set_flags(&mut self, flags: Flags) {
        self.set_byte(field::FLAGS, flags.0);
    }

    pub fn set_window_len(&mut self, v: u16) {
        be::put_u16(self.buffer.as_mut(), field::WIN_SIZE.start, v);
    }

    pub fn set_checksum(&mut self, v: u16) {
        be::put_u16(self.buffer.as_mut(), field::CHECKSUM.start, v);
    }

    pub fn set_urgent_at(&mut self, v: u16) {
        be::put_u16(self.buffer.as_mut(), field::URGENT.start, v);
    }

    /// Computes and stores the checksum over the whole buffer.
    pub fn fill_checksum(&mut self, src: Ipv4Addr, dst: Ipv4Addr) {
        self.set_checksum(0);
        let data = self.buffer.as_ref();
        let len = u16::try_from(data.len()).unwrap_or(u16::MAX);
        let c = !checksum::combine(&[checksum::pseudo_header(src, dst, proto::TCP, len), checksum::sum(data)]);
        self.set_checksum(c);
    }

    pub fn options_mut(&mut self) -> &mut [u8] {
        let hl = usize::from(self.header_len());
        self.buffer.as_mut().get_mut(HEADER_LEN..hl).unwrap_or(&mut [])
    }

    pub fn payload_mut(&mut self) -> &mut [u8] {
        let hl = usize::from(self.header_len());
        self.buffer.as_mut().get_mut(hl..).unwrap_or(&mut [])
    }
}

impl<T: AsRef<[u8]>> fmt::Display for Packet<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "TCP src={} dst={} [{}] seq={} ack={} win={} len={}",
            self.src_port(),
            self.dst_port(),
            self.flags(),
            self.seq_number(),
            self.ack_number(),
            self.window_len(),
            self.buffer.as_ref().len().saturating_sub(usize::from(self.header_len()))
        )
    }
}

/// The meaning of a TCP segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Repr<'a> {
    pub src_port: u16,
    pub dst_port: u16,
    pub seq: u32,
    /// The acknowledgment number; `Some` exactly when the ACK flag is set.
    pub ack: Option<u32>,
    /// All flags. On emit the ACK bit follows `ack`, whatever is here.
    pub flags: Flags,
    /// The raw window field (not scaled).
    pub window: u16,
    pub options: Options,
    pub payload: &'a [u8],
}

impl<'a> Repr<'a> {
    /// Parses a segment (the whole IP payload) whose checksum is correct for
    /// `src`/`dst` (Linux drops the others before TCP sees them).
    pub fn parse<T: AsRef<[u8]> + ?Sized>(packet: &Packet<&'a T>, src: Ipv4Addr, dst: Ipv4Addr) -> Result<Repr<'a>> {
        packet.check_len()?;
        if !packet.verify_checksum(src, dst) {
            return Err(Error);
        }
        let flags = packet.flags();
        Ok(Repr {
            src_port: packet.src_port(),
            dst_port: packet.dst_port(),
            seq: packet.seq_number(),
            ack: flags.contains(Flags::ACK).then(|| packet.ack_number()),
            flags,
            window: packet.window_len(),
            options: Options::parse(packet.options()),
            payload: packet.payload(),
        })
    }

    /// Header length: 20 plus the options' length.
    pub fn header_len(&self) -> usize {
        HEADER_LEN + self.options.buffer_len()
    }

    pub fn buffer_len(&self) -> usize {
        self.header_len() + self.payload.len()
    }

    /// Writes header, options, payload and checksum into a buffer of exactly
    /// `buffer_len()` bytes.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, packet: &mut Packet<T>, src: Ipv4Addr, dst: Ipv4Addr) {
        packet.set_src_port(self.src_port);
        packet.set_dst_port(self.dst_port);
        packet.set_seq_number(self.seq);
        packet.set_ack_number(self.ack.unwrap_or(0));
        packet.set_header_len(self.header_len() as u8);
        let flags = match self.ack {
            Some(_) => self.flags | Flags::ACK,
            None => self.flags.difference(Flags::ACK),
        };
        packet.set_flags(flags);
        packet.set_window_len(self.window);
        packet.set_urgent_at(0);
        self.options.emit(packet.options_mut());
        let out = packet.payload_mut();
        let n = out.len().min(self.payload.len());
        out[..n].copy_from_slice(&self.payload[..n]);
        packet.fill_checksum(src, dst);
    }
}

impl fmt::Display for Repr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TCP src={} dst={} [{}] seq={}", self.src_port, self.dst_port, self.flags, self.seq)?;
        if let Some(ack) = self.ack {
            write!(f, " ack={ack}")?;
        }
        write!(f, " win={} len={}", self.window, self.payload.len())
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use proptest::prelude::*;

    const CLIENT: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 2);
    const SERVER: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 5);

    // The three segments of a handshake captured from Linux 6.18 between two
    // network namespaces (`curl 10.0.0.5:8080`, MTU 1450, offload off).
    static SYN_BYTES: [u8; 40] = [
        0x82, 0x5e, 0x1f, 0x90, 0x67, 0xf5, 0x50, 0x1a, 0x00, 0x00, 0x00, 0x00, 0xa0, 0x02, 0xfd, 0x5c, 0x60, 0xb1, 0x00, 0x00, 0x02, 0x04, 0x05, 0x82, 0x04,
        0x02, 0x08, 0x0a, 0x2f, 0xa3, 0x4c, 0x79, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x0a,
    ];
    static SYN_ACK_BYTES: [u8; 40] = [
        0x1f, 0x90, 0x82, 0x5e, 0xfd, 0x6f, 0x93, 0xed, 0x67, 0xf5, 0x50, 0x1b, 0xa0, 0x12, 0xfb, 0x34, 0x10, 0x7c, 0x00, 0x00, 0x02, 0x04, 0x05, 0x82, 0x04,
        0x02, 0x08, 0x0a, 0x4d, 0x22, 0x73, 0xcc, 0x2f, 0xa3, 0x4c, 0x79, 0x01, 0x03, 0x03, 0x0a,
    ];
    static ACK_BYTES: [u8; 32] = [
        0x82, 0x5e, 0x1f, 0x90, 0x67, 0xf5, 0x50, 0x1b, 0xfd, 0x6f, 0x93, 0xee, 0x80, 0x10, 0x00, 0x40, 0x3a, 0x0e, 0x00, 0x00, 0x01, 0x01, 0x08, 0x0a, 0x2f,
        0xa3, 0x4c, 0x79, 0x4d, 0x22, 0x73, 0xcc,
    ];

    fn syn() -> Repr<'static> {
        Repr {
            src_port: 33374,
            dst_port: 8080,
            seq: 1744130074,
            ack: None,
            flags: Flags::SYN,
            window: 64860,
            options: Options { mss: Some(1410), sack_permitted: true, timestamps: Some((799231097, 0)), window_scale: Some(10), unknown: RawOptions::new() },
            payload: &[],
        }
    }

    fn syn_ack() -> Repr<'static> {
        Repr {
            src_port: 8080,
            dst_port: 33374,
            seq: 4251948013,
            ack: Some(1744130075),
            flags: Flags::SYN | Flags::ACK,
            window: 64308,
            options: Options {
                mss: Some(1410),
                sack_permitted: true,
                timestamps: Some((1294103500, 799231097)),
                window_scale: Some(10),
                unknown: RawOptions::new(),
            },
            payload: &[],
        }
    }

    fn ack() -> Repr<'static> {
        Repr {
            src_port: 33374,
            dst_port: 8080,
            seq: 1744130075,
            ack: Some(4251948014),
            flags: Flags::ACK,
            window: 64,
            options: Options { timestamps: Some((799231097, 1294103500)), ..Options::default() },
            payload: &[],
        }
    }

    #[test]
    fn test_deconstruct() {
        let p = Packet::new_checked(&SYN_BYTES[..]).unwrap();
        assert_eq!(p.src_port(), 33374);
        assert_eq!(p.dst_port(), 8080);
        assert_eq!(p.seq_number(), 1744130074);
        assert_eq!(p.ack_number(), 0);
        assert_eq!(p.header_len(), 40);
        assert!(!p.ns());
        assert_eq!(p.flags(), Flags::SYN);
        assert_eq!(p.window_len(), 64860);
        assert_eq!(p.checksum(), 0x60b1);
        assert_eq!(p.urgent_at(), 0);
        assert_eq!(p.options().len(), 20);
        assert!(p.payload().is_empty());
        assert_eq!(p.segment_len(), 1);
        assert!(p.verify_checksum(CLIENT, SERVER));
        assert_eq!(Repr::parse(&p, CLIENT, SERVER).unwrap(), syn());
        let p = Packet::new_checked(&SYN_ACK_BYTES[..]).unwrap();
        assert_eq!(Repr::parse(&p, SERVER, CLIENT).unwrap(), syn_ack());
        let p = Packet::new_checked(&ACK_BYTES[..]).unwrap();
        assert_eq!(Repr::parse(&p, CLIENT, SERVER).unwrap(), ack());
    }

    #[test]
    fn test_construct_linux_layouts() {
        for (repr, bytes, src, dst) in
            [(syn(), &SYN_BYTES[..], CLIENT, SERVER), (syn_ack(), &SYN_ACK_BYTES[..], SERVER, CLIENT), (ack(), &ACK_BYTES[..], CLIENT, SERVER)]
        {
            let mut out = vec![0xa5; repr.buffer_len()];
            repr.emit(&mut Packet::new_unchecked(&mut out), src, dst);
            assert_eq!(&out[..], bytes, "{repr}");
        }
        // 40-byte SYN header (60-byte IP packet); 32-byte ACK header (52).
        assert_eq!(syn().header_len(), 40);
        assert_eq!(ack().header_len(), 32);
    }

    // A SYN from the same namespaces with net.ipv4.tcp_timestamps=0.
    static SYN_NO_TS_BYTES: [u8; 32] = [
        0xdb, 0x6a, 0x1f, 0x90, 0xc3, 0xf8, 0xa1, 0x87, 0x00, 0x00, 0x00, 0x00, 0x80, 0x02, 0xfd, 0x5c, 0xfd, 0x61, 0x00, 0x00, 0x02, 0x04, 0x05, 0x82, 0x01,
        0x01, 0x04, 0x02, 0x01, 0x03, 0x03, 0x0a,
    ];

    #[test]
    fn layout_without_timestamps() {
        let repr = Repr {
            src_port: 56170,
            dst_port: 8080,
            seq: 3287851399,
            ack: None,
            flags: Flags::SYN,
            window: 64860,
            options: Options { mss: Some(1410), sack_permitted: true, window_scale: Some(10), ..Options::default() },
            payload: &[],
        };
        let p = Packet::new_checked(&SYN_NO_TS_BYTES[..]).unwrap();
        assert_eq!(Repr::parse(&p, CLIENT, SERVER), Ok(repr));
        let mut out = vec![0xa5; repr.buffer_len()];
        repr.emit(&mut Packet::new_unchecked(&mut out), CLIENT, SERVER);
        assert_eq!(&out[..], &SYN_NO_TS_BYTES[..]);
    }

    #[test]
    fn unknown_options_are_kept() {
        // nop nop sack(1 block) as Linux sends after loss.
        let raw = [1, 1, 5, 10, 0, 0, 0, 1, 0, 0, 0, 2];
        let opts = Options::parse(&raw);
        assert_eq!(opts.unknown.as_bytes(), &raw[2..]);
        let mut out = vec![0xa5; opts.buffer_len()];
        opts.emit(&mut out);
        assert_eq!(out, [5, 10, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0]);
        assert_eq!(Options::parse(&out), opts);
    }

    #[test]
    fn malformed_options_stop_parsing() {
        assert_eq!(Options::parse(&[2, 4, 0x05]), Options::default());
        assert_eq!(Options::parse(&[3, 1, 7]), Options::default());
        assert_eq!(Options::parse(&[0, 2, 4, 5, 0]).mss, None);
        // A known kind with a wrong length is ignored, parsing continues.
        assert!(Options::parse(&[2, 3, 0, 4, 2]).sack_permitted);
    }

    #[test]
    fn flags_display_like_tcpdump() {
        assert_eq!(Flags::SYN.to_string(), "S");
        assert_eq!((Flags::SYN | Flags::ACK).to_string(), "S.");
        assert_eq!((Flags::FIN | Flags::ACK).to_string(), "F.");
        assert_eq!((Flags::PSH | Flags::ACK).to_string(), "P.");
        assert_eq!((Flags::RST | Flags::ACK).to_string(), "R.");
        assert_eq!(Flags(0xff).to_string(), "FSRP.UEW");
        assert_eq!(Flags::empty().to_string(), "none");
    }

    #[test]
    fn ack_bit_follows_ack_field() {
        let mut r = syn();
        r.flags = Flags::SYN | Flags::ACK;
        let mut out = vec![0; r.buffer_len()];
        r.emit(&mut Packet::new_unchecked(&mut out), CLIENT, SERVER);
        assert_eq!(Packet::new_unchecked(&out[..]).flags(), Flags::SYN);
    }

    #[test]
    fn bad_checksum_and_offsets_are_refused() {
        let p = Packet::new_checked(&SYN_BYTES[..]).unwrap();
        // The pseudo-header sum is symmetric in the addresses; change one.
        assert_eq!(Repr::parse(&p, CLIENT, Ipv4Addr::new(10, 0, 0, 6)), Err(Error));
        let mut short = SYN_BYTES;
        short[12] = 0x40;
        assert_eq!(Packet::new_checked(&short[..]), Err(Error));
        assert_eq!(Packet::new_checked(&SYN_BYTES[..39]), Err(Error));
    }

    #[test]
    fn oracle_etherparse() {
        let (h, _) = etherparse::TcpHeader::from_slice(&SYN_BYTES).unwrap();
        assert_eq!(h.calc_checksum_ipv4_raw(CLIENT.octets(), SERVER.octets(), &[]).unwrap(), 0x60b1);
        let opts: Vec<_> = h.options_iterator().collect::<std::result::Result<_, _>>().unwrap();
        use etherparse::TcpOptionElement::*;
        assert_eq!(opts, vec![MaximumSegmentSize(1410), SelectiveAcknowledgementPermitted, Timestamp(799231097, 0), Noop, WindowScale(10)]);
    }

    fn arb_options() -> impl Strategy<Value = Options> {
        (
            proptest::option::of(any::<u16>()),
            any::<bool>(),
            proptest::option::of(any::<(u32, u32)>()),
            proptest::option::of(any::<u8>()),
            proptest::option::of(proptest::collection::vec(any::<u8>(), 0..6)),
        )
            .prop_map(|(mss, sack_permitted, timestamps, window_scale, unknown_data)| {
                let mut unknown = RawOptions::new();
                if let Some(d) = unknown_data {
                    let mut opt = vec![99, (d.len() + 2) as u8];
                    opt.extend_from_slice(&d);
                    unknown.push(&opt);
                }
                Options { mss, sack_permitted, timestamps, window_scale, unknown }
            })
    }

    proptest! {
        #[test]
        fn round_trip(sp in any::<u16>(), dp in any::<u16>(), seq in any::<u32>(), ack in proptest::option::of(any::<u32>()),
                      flags in any::<u8>(), window in any::<u16>(), options in arb_options(),
                      payload in proptest::collection::vec(any::<u8>(), 0..100)) {
            let flags = if ack.is_some() { Flags(flags) | Flags::ACK } else { Flags(flags).difference(Flags::ACK) };
            let repr = Repr { src_port: sp, dst_port: dp, seq, ack, flags, window, options, payload: &payload };
            let mut out = vec![0xa5; repr.buffer_len()];
            repr.emit(&mut Packet::new_unchecked(&mut out), CLIENT, SERVER);
            let p = Packet::new_checked(&out[..]).unwrap();
            prop_assert_eq!(Repr::parse(&p, CLIENT, SERVER), Ok(repr));
            let (h, _) = etherparse::TcpHeader::from_slice(&out).unwrap();
            prop_assert_eq!(h.calc_checksum_ipv4_raw(CLIENT.octets(), SERVER.octets(), &payload).unwrap(), p.checksum());
        }

        #[test]
        fn parse_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..80)) {
            let p = Packet::new_unchecked(&bytes[..]);
            let _ = (p.options(), p.payload(), p.segment_len(), p.to_string());
            let _ = Options::parse(&bytes);
            if let Ok(p) = Packet::new_checked(&bytes[..]) {
                let _ = Repr::parse(&p, CLIENT, SERVER);
            }
        }

        #[test]
        fn options_emit_fits_buffer_len(options in arb_options()) {
            let n = options.buffer_len();
            prop_assert!(n % 4 == 0 && n <= MAX_OPTIONS_LEN);
            let mut out = vec![0xa5; n];
            options.emit(&mut out);
            prop_assert_eq!(Options::parse(&out), options);
        }
    }
}
