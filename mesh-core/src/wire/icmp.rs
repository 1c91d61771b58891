//! ICMP for IPv4 (RFC 792): echo, destination unreachable, time exceeded.
//!
//! Every ICMP message starts with type, code and a checksum over the whole
//! message (ICMP has no pseudo-header, so NAT of the outer addresses leaves
//! it alone). Echo messages carry an identifier and a sequence number; the
//! identifier plays the role of a port for conntrack and NAT.
//!
//! Error messages (destination unreachable, time exceeded) quote the packet
//! that caused them, starting at its IP header. How much is quoted is Linux's
//! rule from `icmp_send`: as much of the original as keeps the whole ICMP
//! error IP packet within 576 bytes ([`Repr::error_quote`]). The quoted packet
//! is usually truncated, so its IP total length is larger than what follows.
//!
//! Other types (redirects, timestamps, parameter problems…) are kept verbatim
//! as [`Repr::Other`] so they survive a round trip.

use std::fmt;

use super::checksum;
use super::ipv4;
use super::{Error, Field, Rest, Result, be};

/// Length of the ICMP header (type, code, checksum, 4 type-specific bytes).
pub const HEADER_LEN: usize = 8;

/// The largest IP packet an ICMP error may be (RFC 1812 4.3.2.3, Linux
/// `icmp_send`).
pub const ERROR_MAX_IP_LEN: usize = 576;

pub const TYPE_ECHO_REPLY: u8 = 0;
pub const TYPE_DST_UNREACHABLE: u8 = 3;
pub const TYPE_SOURCE_QUENCH: u8 = 4;
pub const TYPE_REDIRECT: u8 = 5;
pub const TYPE_ECHO_REQUEST: u8 = 8;
pub const TYPE_TIME_EXCEEDED: u8 = 11;
pub const TYPE_PARAMETER_PROBLEM: u8 = 12;

/// Destination-unreachable codes Linux sends.
pub mod unreachable {
    pub const NET: u8 = 0;
    pub const HOST: u8 = 1;
    pub const PROTOCOL: u8 = 2;
    pub const PORT: u8 = 3;
    pub const FRAG_NEEDED: u8 = 4;
    pub const NET_PROHIBITED: u8 = 9;
    pub const HOST_PROHIBITED: u8 = 10;
    pub const ADMIN_PROHIBITED: u8 = 13;
}

/// Time-exceeded codes.
pub mod time_exceeded {
    pub const TTL: u8 = 0;
    pub const REASSEMBLY: u8 = 1;
}

/// True for the types that quote an offending packet (Linux `icmp_is_err`),
/// which conntrack treats as RELATED to the quoted connection.
pub fn is_error_type(msg_type: u8) -> bool {
    matches!(msg_type, TYPE_DST_UNREACHABLE | TYPE_SOURCE_QUENCH | TYPE_REDIRECT | TYPE_TIME_EXCEEDED | TYPE_PARAMETER_PROBLEM)
}

/// True for query types whose bytes 4..6 are an identifier (Linux
/// `icmp_manip_pkt`): echo, timestamp, information and address-mask
/// requests and replies.
pub fn has_identifier(msg_type: u8) -> bool {
    matches!(msg_type, 0 | 8 | 13 | 14 | 15 | 16 | 17 | 18)
}

mod field {
    use super::{Field, Rest};
    pub(super) const TYPE: usize = 0;
    pub(super) const CODE: usize = 1;
    pub(super) const CHECKSUM: Field = 2..4;
    pub(super) const UNUSED: Field = 4..8;
    pub(super) const ECHO_IDENT: Field = 4..6;
    pub(super) const ECHO_SEQNO: Field = 6..8;
    pub(super) const MTU: Field = 6..8;
    pub(super) const DATA: Rest = 8..;
}

/// A view of an ICMP message in a buffer (the IP payload).
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

    /// The buffer holds the 8-byte header.
    pub fn check_len(&self) -> Result<()> {
        if self.buffer.as_ref().len() < HEADER_LEN { Err(Error) } else { Ok(()) }
    }

    pub fn into_inner(self) -> T {
        self.buffer
    }

    pub fn msg_type(&self) -> u8 {
        self.buffer.as_ref().get(field::TYPE).copied().unwrap_or(0)
    }

    pub fn msg_code(&self) -> u8 {
        self.buffer.as_ref().get(field::CODE).copied().unwrap_or(0)
    }

    pub fn checksum(&self) -> u16 {
        be::u16_at(self.buffer.as_ref(), field::CHECKSUM.start)
    }

    /// Bytes 4..8 as one word (`unused`, or identifier and sequence).
    pub fn rest_of_header(&self) -> u32 {
        be::u32_at(self.buffer.as_ref(), field::UNUSED.start)
    }

    /// The echo identifier (bytes 4..6 of a query message).
    pub fn echo_ident(&self) -> u16 {
        be::u16_at(self.buffer.as_ref(), field::ECHO_IDENT.start)
    }

    pub fn echo_seq_no(&self) -> u16 {
        be::u16_at(self.buffer.as_ref(), field::ECHO_SEQNO.start)
    }

    /// The next-hop MTU of a "fragmentation needed" error (RFC 1191).
    pub fn next_hop_mtu(&self) -> u16 {
        be::u16_at(self.buffer.as_ref(), field::MTU.start)
    }

    /// The checksum over the whole message verifies.
    pub fn verify_checksum(&self) -> bool {
        checksum::verify(self.buffer.as_ref())
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> Packet<&'a T> {
    /// Everything after the 8-byte header: echo data, or the quoted packet of
    /// an error.
    pub fn data(&self) -> &'a [u8] {
        self.buffer.as_ref().get(field::DATA).unwrap_or(&[])
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Packet<T> {
    pub fn set_msg_type(&mut self, v: u8) {
        if let Some(b) = self.buffer.as_mut().get_mut(field::TYPE) {
            *b = v;
        }
    }

    pub fn set_msg_code(&mut self, v: u8) {
        if let Some(b) = self.buffer.as_mut().get_mut(field::CODE) {
            *b = v;
        }
    }

    pub fn set_checksum(&mut self, v: u16) {
        be::put_u16(self.buffer.as_mut(), field::CHECKSUM.start, v);
    }

    pub fn set_rest_of_header(&mut self, v: u32) {
        be::put_u32(self.buffer.as_mut(), field::UNUSED.start, v);
    }

    pub fn set_echo_ident(&mut self, v: u16) {
        be::put_u16(self.buffer.as_mut(), field::ECHO_IDENT.start, v);
    }

    pub fn set_echo_seq_no(&mut self, v: u16) {
        be::put_u16(self.buffer.as_mut(), field::ECHO_SEQNO.start, v);
    }

    pub fn set_next_hop_mtu(&mut self, v: u16) {
        be::put_u16(self.buffer.as_mut(), field::MTU.start, v);
    }

    pub fn data_mut(&mut self) -> &mut [u8] {
        self.buffer.as_mut().get_mut(field::DATA).unwrap_or(&mut [])
    }

    /// Computes and stores the checksum over the whole buffer.
    pub fn fill_checksum(&mut self) {
        self.set_checksum(0);
        let c = checksum::checksum(self.buffer.as_ref());
        self.set_checksum(c);
    }
}

impl<T: AsRef<[u8]>> fmt::Display for Packet<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ICMP type={} code={} len={}", self.msg_type(), self.msg_code(), self.buffer.as_ref().len())
    }
}

/// The meaning of an ICMP message. Borrowed data points into the buffer it
/// was parsed from (or the caller's buffer when emitting).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Repr<'a> {
    EchoRequest {
        ident: u16,
        seq_no: u16,
        data: &'a [u8],
    },
    EchoReply {
        ident: u16,
        seq_no: u16,
        data: &'a [u8],
    },
    /// `mtu` is the next-hop MTU of code 4 (fragmentation needed) and zero
    /// otherwise. `original` is the quoted packet, from its IP header.
    DstUnreachable {
        code: u8,
        mtu: u16,
        original: &'a [u8],
    },
    TimeExceeded {
        code: u8,
        original: &'a [u8],
    },
    /// Any other message: `rest` is everything after the checksum.
    Other {
        msg_type: u8,
        code: u8,
        rest: &'a [u8],
    },
}

impl<'a> Repr<'a> {
    /// How much of `original_l3` (an IP packet, from its header) an ICMP
    /// error quotes: all of it up to its IP total length, cut so that the
    /// error's IP packet (20-byte header + 8-byte ICMP header + quote) stays
    /// within 576 bytes, i.e. at most 548 bytes.
    pub fn error_quote(original_l3: &[u8]) -> &[u8] {
        let declared = ipv4::Packet::new_unchecked(original_l3).total_len();
        let len = if original_l3.len() >= ipv4::HEADER_LEN && usize::from(declared) >= ipv4::HEADER_LEN {
            usize::from(declared).min(original_l3.len())
        } else {
            original_l3.len()
        };
        let room = ERROR_MAX_IP_LEN - ipv4::HEADER_LEN - HEADER_LEN;
        original_l3.get(..len.min(room)).unwrap_or(original_l3)
    }

    /// Parses a message whose checksum verifies (Linux `icmp_rcv` drops the
    /// others). Destination-unreachable and time-exceeded messages whose
    /// unused bytes are not zero are returned as [`Repr::Other`], so that no
    /// byte is lost.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(packet: &Packet<&'a T>) -> Result<Repr<'a>> {
        packet.check_len()?;
        if !packet.verify_checksum() {
            return Err(Error);
        }
        let code = packet.msg_code();
        let repr = match packet.msg_type() {
            TYPE_ECHO_REQUEST if code == 0 => Repr::EchoRequest { ident: packet.echo_ident(), seq_no: packet.echo_seq_no(), data: packet.data() },
            TYPE_ECHO_REPLY if code == 0 => Repr::EchoReply { ident: packet.echo_ident(), seq_no: packet.echo_seq_no(), data: packet.data() },
            TYPE_DST_UNREACHABLE if packet.rest_of_header() >> 16 == 0 => Repr::DstUnreachable { code, mtu: packet.next_hop_mtu(), original: packet.data() },
            TYPE_TIME_EXCEEDED if packet.rest_of_header() == 0 => Repr::TimeExceeded { code, original: packet.data() },
            msg_type => Repr::Other { msg_type, code, rest: packet.buffer.as_ref().get(field::UNUSED.start..).unwrap_or(&[]) },
        };
        Ok(repr)
    }

    pub fn msg_type(&self) -> u8 {
        match self {
            Repr::EchoRequest { .. } => TYPE_ECHO_REQUEST,
            Repr::EchoReply { .. } => TYPE_ECHO_REPLY,
            Repr::DstUnreachable { .. } => TYPE_DST_UNREACHABLE,
            Repr::TimeExceeded { .. } => TYPE_TIME_EXCEEDED,
            Repr::Other { msg_type, .. } => *msg_type,
        }
    }

    pub fn buffer_len(&self) -> usize {
        match self {
            Repr::EchoRequest { data, .. } | Repr::EchoReply { data, .. } => HEADER_LEN + data.len(),
            Repr::DstUnreachable { original, .. } | Repr::TimeExceeded { original, .. } => HEADER_LEN + original.len(),
            Repr::Other { rest, .. } => 4 + rest.len(),
        }
    }

    /// Writes the message and its checksum into a buffer of exactly
    /// `buffer_len()` bytes.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, packet: &mut Packet<T>) {
        match *self {
            Repr::EchoRequest { ident, seq_no, data } | Repr::EchoReply { ident, seq_no, data } => {
                packet.set_msg_type(self.msg_type());
                packet.set_msg_code(0);
                packet.set_echo_ident(ident);
                packet.set_echo_seq_no(seq_no);
                copy_into(packet.data_mut(), data);
            }
            Repr::DstUnreachable { code, mtu, original } => {
                packet.set_msg_type(TYPE_DST_UNREACHABLE);
                packet.set_msg_code(code);
                packet.set_rest_of_header(u32::from(mtu));
                copy_into(packet.data_mut(), original);
            }
            Repr::TimeExceeded { code, original } => {
                packet.set_msg_type(TYPE_TIME_EXCEEDED);
                packet.set_msg_code(code);
                packet.set_rest_of_header(0);
                copy_into(packet.data_mut(), original);
            }
            Repr::Other { msg_type, code, rest } => {
                packet.set_msg_type(msg_type);
                packet.set_msg_code(code);
                if let Some(b) = packet.buffer.as_mut().get_mut(field::UNUSED.start..) {
                    copy_into(b, rest);
                }
            }
        }
        packet.fill_checksum();
    }
}

fn copy_into(dst: &mut [u8], src: &[u8]) {
    let n = dst.len().min(src.len());
    dst[..n].copy_from_slice(&src[..n]);
}

impl fmt::Display for Repr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Repr::EchoRequest { ident, seq_no, data } => {
                write!(f, "ICMP echo request id={ident} seq={seq_no} len={}", data.len())
            }
            Repr::EchoReply { ident, seq_no, data } => {
                write!(f, "ICMP echo reply id={ident} seq={seq_no} len={}", data.len())
            }
            Repr::DstUnreachable { code, mtu, original } => {
                write!(f, "ICMP destination unreachable code={code}")?;
                if *code == unreachable::FRAG_NEEDED {
                    write!(f, " mtu={mtu}")?;
                }
                write!(f, " quoting {} bytes", original.len())
            }
            Repr::TimeExceeded { code, original } => {
                write!(f, "ICMP time exceeded code={code} quoting {} bytes", original.len())
            }
            Repr::Other { msg_type, code, rest } => {
                write!(f, "ICMP type={msg_type} code={code} len={}", 4 + rest.len())
            }
        }
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use proptest::prelude::*;

    // An echo request with the identifier and sequence number of a captured
    // Linux `ping` (id 13339, seq 1), its data shortened to 8 bytes.
    static ECHO_BYTES: [u8; 16] = [0x08, 0x00, 0xb3, 0xcf, 0x34, 0x1b, 0x00, 0x01, 1, 2, 3, 4, 5, 6, 7, 8];

    #[test]
    fn test_deconstruct_echo() {
        let p = Packet::new_checked(&ECHO_BYTES[..]).unwrap();
        assert_eq!(p.msg_type(), 8);
        assert_eq!(p.msg_code(), 0);
        assert_eq!(p.echo_ident(), 13339);
        assert_eq!(p.echo_seq_no(), 1);
        assert!(p.verify_checksum(), "checksum {:04x}", p.checksum());
        assert_eq!(p.data(), &[1, 2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(Repr::parse(&p).unwrap(), Repr::EchoRequest { ident: 13339, seq_no: 1, data: &[1, 2, 3, 4, 5, 6, 7, 8] });
    }

    #[test]
    fn test_construct_echo() {
        let repr = Repr::EchoRequest { ident: 13339, seq_no: 1, data: &[1, 2, 3, 4, 5, 6, 7, 8] };
        let mut bytes = vec![0xa5; repr.buffer_len()];
        repr.emit(&mut Packet::new_unchecked(&mut bytes));
        assert_eq!(&bytes[..], &ECHO_BYTES[..]);
    }

    // The header of a "need to frag (mtu 1280)" error as Linux sends it; the
    // quote is shortened to 8 bytes of the offending 1428-byte packet.
    #[test]
    fn frag_needed_carries_mtu() {
        let quoted = [0x45, 0x00, 0x05, 0x94, 0x00, 0x00, 0x40, 0x00];
        let repr = Repr::DstUnreachable { code: unreachable::FRAG_NEEDED, mtu: 1280, original: &quoted };
        let mut bytes = vec![0xa5; repr.buffer_len()];
        repr.emit(&mut Packet::new_unchecked(&mut bytes));
        assert_eq!(&bytes[..8], &[3, 4, 0x6d, 0x67, 0, 0, 0x05, 0x00]);
        let p = Packet::new_checked(&bytes[..]).unwrap();
        assert!(p.verify_checksum());
        assert_eq!(p.next_hop_mtu(), 1280);
        assert_eq!(Repr::parse(&p).unwrap(), repr);
    }

    #[test]
    fn error_quote_follows_linux() {
        // A 1428-byte packet: the quote is 548 bytes (576 - 20 - 8), as the
        // real kernel's 556-byte ICMP payload showed.
        let mut big = vec![0u8; 1428];
        crate::wire::ipv4::Packet::new_unchecked(&mut big[..]).set_version(4);
        crate::wire::ipv4::Packet::new_unchecked(&mut big[..]).set_header_len(20);
        crate::wire::ipv4::Packet::new_unchecked(&mut big[..]).set_total_len(1428);
        assert_eq!(Repr::error_quote(&big).len(), 548);
        // An 84-byte echo request is quoted whole (ICMP length 92 on the wire).
        let mut small = big[..84].to_vec();
        crate::wire::ipv4::Packet::new_unchecked(&mut small[..]).set_total_len(84);
        assert_eq!(Repr::error_quote(&small).len(), 84);
        // Ethernet padding after total_len is not quoted.
        let mut padded = small.clone();
        padded.extend_from_slice(&[0; 10]);
        assert_eq!(Repr::error_quote(&padded).len(), 84);
        // Garbage shorter than a header is quoted as is.
        assert_eq!(Repr::error_quote(&[1, 2, 3]), &[1, 2, 3]);
    }

    #[test]
    fn nonzero_unused_bytes_stay_verbatim() {
        // RFC 4884 length field set: not a plain DstUnreachable any more.
        let mut bytes = vec![3, 1, 0, 0, 0, 7, 0, 0, 0x45, 0];
        Packet::new_unchecked(&mut bytes[..]).fill_checksum();
        let repr = Repr::parse(&Packet::new_checked(&bytes[..]).unwrap()).unwrap();
        assert!(matches!(repr, Repr::Other { msg_type: 3, code: 1, .. }));
        let mut out = vec![0; repr.buffer_len()];
        repr.emit(&mut Packet::new_unchecked(&mut out));
        assert_eq!(out, bytes);
    }

    #[test]
    fn bad_checksum_is_refused() {
        let mut bytes = ECHO_BYTES;
        bytes[9] ^= 0xff;
        assert_eq!(Repr::parse(&Packet::new_checked(&bytes[..]).unwrap()), Err(Error));
        assert_eq!(Packet::new_checked(&ECHO_BYTES[..7]), Err(Error));
    }

    #[test]
    fn oracle_etherparse() {
        let s = etherparse::Icmpv4Slice::from_slice(&ECHO_BYTES).unwrap();
        match s.icmp_type() {
            etherparse::Icmpv4Type::EchoRequest(h) => assert_eq!((h.id, h.seq), (13339, 1)),
            other => panic!("{other:?}"),
        }
        assert_eq!(s.checksum(), 0xb3cf);
    }

    fn arb_repr() -> impl Strategy<Value = (u8, u8, u32, Vec<u8>)> {
        (any::<u8>(), any::<u8>(), any::<u32>(), proptest::collection::vec(any::<u8>(), 0..64))
    }

    proptest! {
        #[test]
        fn any_message_round_trips((ty, code, rest, data) in arb_repr()) {
            let mut bytes = vec![0u8; 8 + data.len()];
            bytes[0] = ty;
            bytes[1] = code;
            bytes[4..8].copy_from_slice(&rest.to_be_bytes());
            bytes[8..].copy_from_slice(&data);
            Packet::new_unchecked(&mut bytes[..]).fill_checksum();
            let repr = Repr::parse(&Packet::new_checked(&bytes[..]).unwrap()).unwrap();
            let mut out = vec![0xa5; repr.buffer_len()];
            repr.emit(&mut Packet::new_unchecked(&mut out));
            prop_assert_eq!(out, bytes);
        }

        #[test]
        fn parse_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
            if let Ok(p) = Packet::new_checked(&bytes[..]) {
                let _ = Repr::parse(&p).map(|r| r.to_string());
            }
            let _ = Repr::error_quote(&bytes);
        }
    }
}
