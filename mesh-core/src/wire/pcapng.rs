//! pcapng capture files: a writer for exporting what crossed simulated
//! interfaces (open it in Wireshark or `tcpdump -r`) and a small reader.
//!
//! A pcapng file is a sequence of blocks (draft-ietf-opsawg-pcapng): one
//! Section Header Block, one Interface Description Block per capture point
//! (its index is the interface id packets refer to), then one Enhanced
//! Packet Block per frame. [`PcapngWriter`] writes little-endian files with
//! nanosecond timestamps (`if_tsresol` = 9) taken from the virtual clock, and
//! names each interface (`if_name`, e.g. `node1:docker_gwbridge`) and
//! describes it (`if_description`).
//!
//! [`PcapngFile::parse`] reads either byte order, several sections, Enhanced
//! and Simple Packet Blocks, and any `if_tsresol`; other block types
//! (name resolution, statistics, custom) are skipped.

use super::{Error, Result};
use crate::time::Instant;

const BLOCK_SHB: u32 = 0x0a0d_0d0a;
const BLOCK_IDB: u32 = 0x0000_0001;
const BLOCK_SPB: u32 = 0x0000_0003;
const BLOCK_EPB: u32 = 0x0000_0006;
const BYTE_ORDER_MAGIC: u32 = 0x1a2b_3c4d;

const OPT_END: u16 = 0;
const OPT_SHB_USERAPPL: u16 = 4;
const OPT_IF_NAME: u16 = 2;
const OPT_IF_DESCRIPTION: u16 = 3;
const OPT_IF_TSRESOL: u16 = 9;

/// LINKTYPE_ETHERNET.
pub const LINKTYPE_ETHERNET: u16 = 1;

/// Writes a pcapng file into memory.
#[derive(Clone, Debug)]
pub struct PcapngWriter {
    buf: Vec<u8>,
    epoch_unix_ns: u64,
    interfaces: u32,
}

impl PcapngWriter {
    /// Starts a file (Section Header Block). Packet timestamps are
    /// `epoch_unix_ns` (the wall-clock time of the virtual clock's zero, in
    /// nanoseconds since 1970) plus the packet's [`Instant`].
    pub fn new(epoch_unix_ns: u64) -> PcapngWriter {
        let mut w = PcapngWriter { buf: Vec::with_capacity(4096), epoch_unix_ns, interfaces: 0 };
        let mut body = Vec::with_capacity(32);
        body.extend_from_slice(&BYTE_ORDER_MAGIC.to_le_bytes());
        body.extend_from_slice(&1u16.to_le_bytes());
        body.extend_from_slice(&0u16.to_le_bytes());
        body.extend_from_slice(&(-1i64).to_le_bytes());
        push_option(&mut body, OPT_SHB_USERAPPL, b"mesh");
        push_option(&mut body, OPT_END, &[]);
        w.push_block(BLOCK_SHB, &body);
        w
    }

    /// Adds an Ethernet interface and returns its id for
    /// [`PcapngWriter::write_packet`].
    pub fn add_interface(&mut self, name: &str, description: &str) -> u32 {
        let mut body = Vec::with_capacity(16 + name.len() + description.len());
        body.extend_from_slice(&LINKTYPE_ETHERNET.to_le_bytes());
        body.extend_from_slice(&0u16.to_le_bytes());
        body.extend_from_slice(&0u32.to_le_bytes()); // snaplen: unlimited
        push_option(&mut body, OPT_IF_NAME, name.as_bytes());
        push_option(&mut body, OPT_IF_DESCRIPTION, description.as_bytes());
        push_option(&mut body, OPT_IF_TSRESOL, &[9]);
        push_option(&mut body, OPT_END, &[]);
        self.push_block(BLOCK_IDB, &body);
        self.interfaces += 1;
        self.interfaces - 1
    }

    /// Appends one captured frame. Errors if `interface_id` was not added.
    pub fn write_packet(&mut self, interface_id: u32, at: Instant, frame: &[u8]) -> Result<()> {
        if interface_id >= self.interfaces {
            return Err(Error);
        }
        let len = u32::try_from(frame.len()).map_err(|_| Error)?;
        let ts = self.epoch_unix_ns.saturating_add(at.as_nanos());
        let padded = frame.len().div_ceil(4) * 4;
        let total = 32 + padded as u32;
        self.buf.reserve(total as usize);
        self.buf.extend_from_slice(&BLOCK_EPB.to_le_bytes());
        self.buf.extend_from_slice(&total.to_le_bytes());
        self.buf.extend_from_slice(&interface_id.to_le_bytes());
        self.buf.extend_from_slice(&((ts >> 32) as u32).to_le_bytes());
        self.buf.extend_from_slice(&(ts as u32).to_le_bytes());
        self.buf.extend_from_slice(&len.to_le_bytes());
        self.buf.extend_from_slice(&len.to_le_bytes());
        self.buf.extend_from_slice(frame);
        self.buf.resize(self.buf.len() + padded - frame.len(), 0);
        self.buf.extend_from_slice(&total.to_le_bytes());
        Ok(())
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.buf
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }

    fn push_block(&mut self, block_type: u32, body: &[u8]) {
        let total = (12 + body.len()) as u32;
        self.buf.extend_from_slice(&block_type.to_le_bytes());
        self.buf.extend_from_slice(&total.to_le_bytes());
        self.buf.extend_from_slice(body);
        self.buf.extend_from_slice(&total.to_le_bytes());
    }
}

/// One option: code, length, value padded to 32 bits (values longer than an
/// option can hold are cut at 65535 bytes).
fn push_option(body: &mut Vec<u8>, code: u16, value: &[u8]) {
    let value = &value[..value.len().min(usize::from(u16::MAX))];
    body.extend_from_slice(&code.to_le_bytes());
    body.extend_from_slice(&(value.len() as u16).to_le_bytes());
    body.extend_from_slice(value);
    body.resize(body.len() + value.len().div_ceil(4) * 4 - value.len(), 0);
}

/// A capture interface read from an Interface Description Block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PcapngInterface {
    pub link_type: u16,
    pub snap_len: u32,
    pub name: Option<String>,
    pub description: Option<String>,
    /// The raw `if_tsresol` byte (6, i.e. microseconds, when absent).
    pub ts_resolution: u8,
}

/// A captured frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PcapngPacket {
    /// Index into [`PcapngFile::interfaces`].
    pub interface_id: usize,
    /// Nanoseconds since 1970 (0 for Simple Packet Blocks, which have none).
    pub timestamp_ns: u64,
    /// Length on the wire (may exceed `data.len()` if the capture was cut).
    pub original_len: u32,
    pub data: Vec<u8>,
}

/// The interfaces and packets of a pcapng file, all sections merged.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PcapngFile {
    pub interfaces: Vec<PcapngInterface>,
    pub packets: Vec<PcapngPacket>,
}

impl PcapngFile {
    /// Parses a whole file. Errors on anything that is not a well-formed
    /// pcapng file (bad magic, block lengths that do not add up, packets
    /// referring to undeclared interfaces).
    pub fn parse(bytes: &[u8]) -> Result<PcapngFile> {
        let mut file = PcapngFile::default();
        let mut order = Endian::Little;
        let mut section_base = 0usize;
        let mut at = 0usize;
        let mut seen_section = false;
        while at < bytes.len() {
            let head = bytes.get(at..at + 8).ok_or(Error)?;
            let block_type = u32::from_le_bytes([head[0], head[1], head[2], head[3]]);
            if block_type == BLOCK_SHB {
                let magic = bytes.get(at + 8..at + 12).ok_or(Error)?;
                order = match u32::from_le_bytes([magic[0], magic[1], magic[2], magic[3]]) {
                    BYTE_ORDER_MAGIC => Endian::Little,
                    0x4d3c_2b1a => Endian::Big,
                    _ => return Err(Error),
                };
                section_base = file.interfaces.len();
                seen_section = true;
            } else if !seen_section {
                return Err(Error);
            }
            let total = order.u32(head, 4) as usize;
            if total < 12 || !total.is_multiple_of(4) {
                return Err(Error);
            }
            let block = bytes.get(at..at.checked_add(total).ok_or(Error)?).ok_or(Error)?;
            if order.u32(block, total - 4) as usize != total {
                return Err(Error);
            }
            let body = &block[8..total - 4];
            match order.u32(block, 0) {
                BLOCK_IDB => file.interfaces.push(parse_idb(body, order)?),
                BLOCK_EPB => {
                    let local = order.u32(body, 0) as usize;
                    let interface_id = section_base + local;
                    let iface = file.interfaces.get(interface_id).ok_or(Error)?;
                    let raw = (u64::from(order.u32(body, 4)) << 32) | u64::from(order.u32(body, 8));
                    let caplen = order.u32(body, 12) as usize;
                    let data = body.get(20..20usize.checked_add(caplen).ok_or(Error)?).ok_or(Error)?;
                    file.packets.push(PcapngPacket {
                        interface_id,
                        timestamp_ns: to_nanos(raw, iface.ts_resolution),
                        original_len: order.u32(body, 16),
                        data: data.to_vec(),
                    });
                }
                BLOCK_SPB => {
                    let interface_id = section_base;
                    let iface = file.interfaces.get(interface_id).ok_or(Error)?;
                    let original_len = order.u32(body, 0);
                    let mut caplen = original_len as usize;
                    if iface.snap_len != 0 {
                        caplen = caplen.min(iface.snap_len as usize);
                    }
                    let data = body.get(4..4usize.checked_add(caplen).ok_or(Error)?).ok_or(Error)?;
                    file.packets.push(PcapngPacket { interface_id, timestamp_ns: 0, original_len, data: data.to_vec() });
                }
                _ => {}
            }
            at += total;
        }
        if !seen_section {
            return Err(Error);
        }
        Ok(file)
    }
}

#[derive(Clone, Copy)]
enum Endian {
    Little,
    Big,
}

impl Endian {
    fn u32(self, b: &[u8], at: usize) -> u32 {
        let Some(s) = b.get(at..at + 4) else { return 0 };
        let a = [s[0], s[1], s[2], s[3]];
        match self {
            Endian::Little => u32::from_le_bytes(a),
            Endian::Big => u32::from_be_bytes(a),
        }
    }

    fn u16(self, b: &[u8], at: usize) -> u16 {
        let Some(s) = b.get(at..at + 2) else { return 0 };
        match self {
            Endian::Little => u16::from_le_bytes([s[0], s[1]]),
            Endian::Big => u16::from_be_bytes([s[0], s[1]]),
        }
    }
}

fn parse_idb(body: &[u8], order: Endian) -> Result<PcapngInterface> {
    if body.len() < 8 {
        return Err(Error);
    }
    let mut iface = PcapngInterface { link_type: order.u16(body, 0), snap_len: order.u32(body, 4), name: None, description: None, ts_resolution: 6 };
    let mut at = 8;
    while at + 4 <= body.len() {
        let code = order.u16(body, at);
        let len = usize::from(order.u16(body, at + 2));
        let value = body.get(at + 4..at + 4 + len).ok_or(Error)?;
        match code {
            OPT_END => break,
            OPT_IF_NAME => iface.name = Some(String::from_utf8_lossy(value).into_owned()),
            OPT_IF_DESCRIPTION => iface.description = Some(String::from_utf8_lossy(value).into_owned()),
            OPT_IF_TSRESOL => iface.ts_resolution = *value.first().ok_or(Error)?,
            _ => {}
        }
        at += 4 + len.div_ceil(4) * 4;
    }
    Ok(iface)
}

/// Converts a raw timestamp in units of `if_tsresol` to nanoseconds
/// (saturating). The high bit selects a power of two instead of ten.
fn to_nanos(raw: u64, resolution: u8) -> u64 {
    let exp = u32::from(resolution & 0x7f);
    let ns = if resolution & 0x80 == 0 {
        if exp <= 9 { u128::from(raw) * 10u128.pow(9 - exp) } else { u128::from(raw) / 10u128.checked_pow(exp - 9).unwrap_or(u128::MAX) }
    } else {
        (u128::from(raw) * 1_000_000_000) >> exp.min(127)
    };
    u64::try_from(ns).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod test {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn test_construct_blocks() {
        let mut w = PcapngWriter::new(1_700_000_000_000_000_000);
        assert_eq!(w.add_interface("n1:eth0", "node1 eth0"), 0);
        w.write_packet(0, Instant(1_500), &[1, 2, 3, 4, 5]).unwrap();
        let b = w.into_bytes();
        // Section Header Block: type, length 40, magic, version 1.0,
        // unspecified section length, shb_userappl "mesh", end of options.
        assert_eq!(&b[..8], &[0x0a, 0x0d, 0x0d, 0x0a, 40, 0, 0, 0]);
        assert_eq!(&b[8..16], &[0x4d, 0x3c, 0x2b, 0x1a, 1, 0, 0, 0]);
        assert_eq!(&b[16..24], &[0xff; 8]);
        assert_eq!(&b[24..32], &[4, 0, 4, 0, b'm', b'e', b's', b'h']);
        assert_eq!(&b[32..40], &[0, 0, 0, 0, 40, 0, 0, 0]);
        // Interface Description Block with if_tsresol = 9.
        let idb = &b[40..];
        assert_eq!(&idb[..4], &[1, 0, 0, 0]);
        let idb_len = u32::from_le_bytes([idb[4], idb[5], idb[6], idb[7]]) as usize;
        assert!(idb.windows(8).any(|w| w == [9, 0, 1, 0, 9, 0, 0, 0]), "if_tsresol option");
        // Enhanced Packet Block: 5 bytes padded to 8, timestamp in ns.
        let epb = &idb[idb_len..];
        assert_eq!(&epb[..8], &[6, 0, 0, 0, 40, 0, 0, 0]);
        let ts = 1_700_000_000_000_001_500u64;
        assert_eq!(&epb[12..16], &((ts >> 32) as u32).to_le_bytes());
        assert_eq!(&epb[16..20], &(ts as u32).to_le_bytes());
        assert_eq!(&epb[20..28], &[5, 0, 0, 0, 5, 0, 0, 0]);
        assert_eq!(&epb[28..36], &[1, 2, 3, 4, 5, 0, 0, 0]);
        assert_eq!(&epb[36..40], &[40, 0, 0, 0]);
        assert_eq!(epb.len(), 40);
    }

    #[test]
    fn round_trip() {
        let mut w = PcapngWriter::new(10);
        let a = w.add_interface("n1:eth0", "underlay");
        let b = w.add_interface("n2:vxlan0", "");
        w.write_packet(b, Instant(5), &[0xaa; 60]).unwrap();
        w.write_packet(a, Instant(7), &[0xbb; 3]).unwrap();
        assert_eq!(w.write_packet(2, Instant(9), &[]), Err(Error));
        let f = PcapngFile::parse(w.as_bytes()).unwrap();
        assert_eq!(f.interfaces.len(), 2);
        assert_eq!(f.interfaces[0].name.as_deref(), Some("n1:eth0"));
        assert_eq!(f.interfaces[0].description.as_deref(), Some("underlay"));
        assert_eq!(f.interfaces[1].description.as_deref(), Some(""));
        assert_eq!(f.interfaces[1].ts_resolution, 9);
        assert_eq!(
            f.packets,
            vec![
                PcapngPacket { interface_id: 1, timestamp_ns: 15, original_len: 60, data: vec![0xaa; 60] },
                PcapngPacket { interface_id: 0, timestamp_ns: 17, original_len: 3, data: vec![0xbb; 3] },
            ]
        );
    }

    #[test]
    fn timestamp_resolutions() {
        assert_eq!(to_nanos(1_500_000, 6), 1_500_000_000);
        assert_eq!(to_nanos(7, 9), 7);
        assert_eq!(to_nanos(12_345, 12), 12);
        assert_eq!(to_nanos(3, 0x80 | 1), 1_500_000_000);
        assert_eq!(to_nanos(u64::MAX, 0), u64::MAX);
        assert_eq!(to_nanos(1, 127), 0);
    }

    #[test]
    fn reads_big_endian_sections() {
        // A big-endian SHB, an IDB without options (microseconds) and an EPB.
        let mut b = Vec::new();
        b.extend_from_slice(&[0x0a, 0x0d, 0x0d, 0x0a, 0, 0, 0, 28, 0x1a, 0x2b, 0x3c, 0x4d, 0, 1, 0, 0]);
        b.extend_from_slice(&[0xff; 8]);
        b.extend_from_slice(&[0, 0, 0, 28]);
        b.extend_from_slice(&[0, 0, 0, 1, 0, 0, 0, 20, 0, 1, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 20]);
        b.extend_from_slice(&[0, 0, 0, 6, 0, 0, 0, 36, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 4, 0, 0, 0, 4]);
        b.extend_from_slice(&[9, 8, 7, 6, 0, 0, 0, 36]);
        let f = PcapngFile::parse(&b).unwrap();
        assert_eq!(f.interfaces[0].snap_len, 65535);
        assert_eq!(f.packets[0].timestamp_ns, 2_000);
        assert_eq!(f.packets[0].data, vec![9, 8, 7, 6]);
    }

    #[test]
    fn rejects_malformed_files() {
        let mut w = PcapngWriter::new(0);
        w.add_interface("x", "y");
        w.write_packet(0, Instant(0), &[1, 2, 3]).unwrap();
        let good = w.into_bytes();
        assert!(PcapngFile::parse(&good).is_ok());
        assert_eq!(PcapngFile::parse(&[]), Err(Error));
        assert_eq!(PcapngFile::parse(&good[..good.len() - 1]), Err(Error));
        let mut bad_trailer = good.clone();
        let n = bad_trailer.len();
        bad_trailer[n - 4] ^= 4;
        assert_eq!(PcapngFile::parse(&bad_trailer), Err(Error));
        let mut bad_magic = good.clone();
        bad_magic[8] = 0;
        assert_eq!(PcapngFile::parse(&bad_magic), Err(Error));
        // A packet before any interface.
        let mut w = PcapngWriter::new(0);
        w.interfaces = 1;
        w.write_packet(0, Instant(0), &[1]).unwrap();
        assert_eq!(PcapngFile::parse(w.as_bytes()), Err(Error));
    }

    proptest! {
        #[test]
        fn parse_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = PcapngFile::parse(&bytes);
        }

        #[test]
        fn parse_never_panics_on_mutated_files(flip in 0usize..200, value in any::<u8>()) {
            let mut w = PcapngWriter::new(0);
            w.add_interface("eth0", "d");
            w.write_packet(0, Instant(1), &[7; 33]).unwrap();
            let mut b = w.into_bytes();
            let i = flip % b.len();
            b[i] = value;
            let _ = PcapngFile::parse(&b);
        }
    }
}
