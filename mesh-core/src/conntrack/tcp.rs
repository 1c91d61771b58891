//! TCP connection tracking, transcribed from Linux 6.x
//! `net/netfilter/nf_conntrack_proto_tcp.c`.
//!
//! Conntrack sits in the middle of a TCP connection and guesses the state of
//! the current sender from the segments it sees: `tcp_conntracks[dir][flags]
//! [state]` gives the next state for a SYN, SYN/ACK, FIN, ACK, RST or
//! flag-less segment in each direction; `tcp_in_window` then checks the
//! segment against the sequence/ack windows it learned (Rooij's "Real
//! Stateful TCP Packet Filtering"). A segment can be accepted (state moves,
//! timeout refreshed), ignored (accepted, nothing learned: a possible resync)
//! or invalid (`ctstate INVALID`, conntrack never drops it itself).
//!
//! Sysctls are the kernel defaults: `nf_conntrack_tcp_loose = 1` (pick up
//! connections mid-stream, with liberal window checks for them),
//! `nf_conntrack_tcp_be_liberal = 0`, `nf_conntrack_tcp_max_retrans = 3`,
//! `nf_conntrack_tcp_ignore_invalid_rst = 0`. Not modelled: checksum
//! validation in PREROUTING (`nf_conntrack_checksum`; mesh packets carry
//! correct checksums), SYN proxy, sequence adjustment by helpers (offset 0),
//! and per-connection timeout policies (`CT --timeout`).

use crate::net::CtDir;
use crate::time::Duration;

use super::packet::Ipv4View;

/// The TCP states conntrack tracks (`enum tcp_conntrack`), printed by
/// `conntrack -L` after the timeout.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum TcpState {
    None,
    SynSent,
    SynRecv,
    Established,
    FinWait,
    CloseWait,
    LastAck,
    TimeWait,
    Close,
    /// SYN seen from the reply direction: simultaneous open.
    SynSent2,
}

impl TcpState {
    pub(crate) const ALL: [TcpState; 10] = [
        TcpState::None,
        TcpState::SynSent,
        TcpState::SynRecv,
        TcpState::Established,
        TcpState::FinWait,
        TcpState::CloseWait,
        TcpState::LastAck,
        TcpState::TimeWait,
        TcpState::Close,
        TcpState::SynSent2,
    ];

    /// The name libnetfilter_conntrack prints.
    pub fn name(self) -> &'static str {
        match self {
            TcpState::None => "NONE",
            TcpState::SynSent => "SYN_SENT",
            TcpState::SynRecv => "SYN_RECV",
            TcpState::Established => "ESTABLISHED",
            TcpState::FinWait => "FIN_WAIT",
            TcpState::CloseWait => "CLOSE_WAIT",
            TcpState::LastAck => "LAST_ACK",
            TcpState::TimeWait => "TIME_WAIT",
            TcpState::Close => "CLOSE",
            TcpState::SynSent2 => "SYN_SENT2",
        }
    }

    /// The default timeout of the state (`tcp_timeouts[]`,
    /// `net.netfilter.nf_conntrack_tcp_timeout_*`).
    pub fn timeout(self) -> Duration {
        Duration::from_secs(match self {
            TcpState::None => 0,
            TcpState::SynSent | TcpState::FinWait | TcpState::TimeWait | TcpState::SynSent2 => 120,
            TcpState::SynRecv | TcpState::CloseWait => 60,
            TcpState::Established => 432_000,
            TcpState::LastAck => 30,
            TcpState::Close => 10,
        })
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// `nf_conntrack_tcp_timeout_max_retrans` and `_unacknowledged`: 5 minutes.
pub(crate) const TIMEOUT_RETRANS: Duration = Duration::from_secs(300);
pub(crate) const TIMEOUT_UNACK: Duration = Duration::from_secs(300);
const MAX_RETRANS: u8 = 3;

// Per-direction flags (`IP_CT_TCP_FLAG_*`) and `last_flags` bits.
const F_WINDOW_SCALE: u8 = 0x01;
const F_SACK_PERM: u8 = 0x02;
const F_CLOSE_INIT: u8 = 0x04;
const F_BE_LIBERAL: u8 = 0x08;
const F_DATA_UNACKNOWLEDGED: u8 = 0x10;
const F_MAXACK_SET: u8 = 0x20;
const F_EXP_CHALLENGE_ACK: u8 = 0x40;
const F_SIMULTANEOUS_OPEN: u8 = 0x80;

// TCP header flag bits.
const FIN: u8 = 0x01;
const SYN: u8 = 0x02;
const RST: u8 = 0x04;
const PSH: u8 = 0x08;
const ACK: u8 = 0x10;
const URG: u8 = 0x20;
const ECE: u8 = 0x40;
const CWR: u8 = 0x80;

// Which row of the state table a segment uses (`enum tcp_bit_set`).
const I_SYN: u8 = 0;
const I_SYNACK: u8 = 1;
const I_FIN: u8 = 2;
const I_ACK: u8 = 3;
const I_RST: u8 = 4;
const I_NONE: u8 = 5;

// Table cells: a state, or invalid / ignore.
const SS: u8 = 1;
const SR: u8 = 2;
const ES: u8 = 3;
const FW: u8 = 4;
const CW: u8 = 5;
const LA: u8 = 6;
const TW: u8 = 7;
const CL: u8 = 8;
const S2: u8 = 9;
const IV: u8 = 10;
const IG: u8 = 11;

/// `tcp_conntracks[2][6][TCP_CONNTRACK_MAX]`, columns
/// sNO sSS sSR sES sFW sCW sLA sTW sCL sS2.
#[rustfmt::skip]
const TABLE: [[[u8; 10]; 6]; 2] = [
    [
        /* ORIGINAL */
        /*syn*/    [SS, SS, IG, IG, IG, IG, IG, SS, SS, S2],
        /*synack*/ [IV, IV, SR, IV, IV, IV, IV, IV, IV, SR],
        /*fin*/    [IV, IV, FW, FW, LA, LA, LA, TW, CL, IV],
        /*ack*/    [ES, IV, ES, ES, CW, CW, TW, TW, CL, IV],
        /*rst*/    [IV, CL, CL, CL, CL, CL, CL, CL, CL, CL],
        /*none*/   [IV, IV, IV, IV, IV, IV, IV, IV, IV, IV],
    ],
    [
        /* REPLY */
        /*syn*/    [IV, S2, IV, IV, IV, IV, IV, SS, IV, S2],
        /*synack*/ [IV, SR, IG, IG, IG, IG, IG, IG, IG, SR],
        /*fin*/    [IV, IV, FW, FW, LA, LA, LA, TW, CL, IV],
        /*ack*/    [IV, IG, SR, ES, CW, CW, TW, TW, CL, IG],
        /*rst*/    [IV, CL, CL, CL, CL, CL, CL, CL, CL, CL],
        /*none*/   [IV, IV, IV, IV, IV, IV, IV, IV, IV, IV],
    ],
];

fn state_of(cell: u8) -> TcpState {
    TcpState::ALL[usize::from(cell.min(S2))]
}

fn before(a: u32, b: u32) -> bool {
    (a.wrapping_sub(b) as i32) < 0
}

fn after(a: u32, b: u32) -> bool {
    before(b, a)
}

fn dir_index(dir: CtDir) -> usize {
    match dir {
        CtDir::Original => 0,
        CtDir::Reply => 1,
    }
}

/// One direction's view of the windows (`struct ip_ct_tcp_state`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Side {
    td_end: u32,
    td_maxend: u32,
    td_maxwin: u32,
    td_maxack: u32,
    td_scale: u8,
    flags: u8,
}

/// Per-connection TCP tracking state (`struct ip_ct_tcp`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TcpTrack {
    state: TcpState,
    seen: [Side; 2],
    last_dir: usize,
    retrans: u8,
    last_index: u8,
    last_seq: u32,
    last_ack: u32,
    last_end: u32,
    last_win: u16,
    last_wscale: u8,
    last_flags: u8,
}

impl TcpTrack {
    pub fn state(&self) -> TcpState {
        self.state
    }

    /// The original direction's highest sequence end seen
    /// (`seen[0].td_end`), used by NAT to decide whether a TIME_WAIT entry
    /// may be evicted for a new connection (`nf_seq_has_advanced`).
    pub(crate) fn orig_end(&self) -> u32 {
        self.seen[0].td_end
    }
}

/// A TCP segment's fields, read from the packet.
struct Segment<'a> {
    seq: u32,
    ack_seq: u32,
    win: u16,
    flags: u8,
    /// TCP header length in bytes.
    doff: usize,
    options: &'a [u8],
    /// IP total length and IP header length (`skb->len`, `dataoff`).
    skb_len: usize,
    dataoff: usize,
}

impl Segment<'_> {
    fn has(&self, f: u8) -> bool {
        self.flags & f != 0
    }

    fn index(&self) -> u8 {
        if self.has(RST) {
            I_RST
        } else if self.has(SYN) {
            if self.has(ACK) { I_SYNACK } else { I_SYN }
        } else if self.has(FIN) {
            I_FIN
        } else if self.has(ACK) {
            I_ACK
        } else {
            I_NONE
        }
    }

    /// `segment_seq_plus_len`: the sequence number after this segment.
    fn end(&self) -> u32 {
        let payload = self.skb_len.saturating_sub(self.dataoff).saturating_sub(self.doff) as u32;
        self.seq.wrapping_add(payload).wrapping_add(u32::from(self.has(SYN))).wrapping_add(u32::from(self.has(FIN)))
    }
}

/// Reads the segment and applies `tcp_error`'s checks (whole header,
/// valid flag combination). `Err` carries the kernel's log reason.
fn parse<'a>(ip: &Ipv4View<'a>) -> Result<Segment<'a>, &'static str> {
    let l4 = ip.l4();
    let h = l4.get(..20).ok_or("truncated packet")?;
    let doff = usize::from(h[12] >> 4) * 4;
    if doff < 20 || l4.len() < doff {
        return Err("truncated packet");
    }
    let flags = h[13];
    // tcp_valid_flags[]: PUSH, ECE and CWR are always valid.
    let f = flags & !(ECE | CWR | PSH);
    const VALID: [u8; 9] = [SYN, SYN | URG, SYN | ACK, RST, RST | ACK, FIN | ACK, FIN | ACK | URG, ACK, ACK | URG];
    if !VALID.contains(&f) {
        return Err("invalid tcp flag combination");
    }
    Ok(Segment {
        seq: u32::from_be_bytes([h[4], h[5], h[6], h[7]]),
        ack_seq: u32::from_be_bytes([h[8], h[9], h[10], h[11]]),
        win: u16::from_be_bytes([h[14], h[15]]),
        flags,
        doff,
        options: &l4[20..doff],
        skb_len: ip.bytes.len(),
        dataoff: ip.hdr_len,
    })
}

/// `tcp_options`: window scale and SACK-permitted from a SYN's options.
fn read_options(seg: &Segment<'_>, side: &mut Side) {
    if seg.options.is_empty() {
        return;
    }
    side.td_scale = 0;
    side.flags &= F_BE_LIBERAL;
    let mut opts = seg.options;
    while let Some((&kind, rest)) = opts.split_first() {
        match kind {
            0 => return,
            1 => opts = rest,
            _ => {
                let Some(&size) = rest.first() else { return };
                let size = usize::from(size);
                if size < 2 || size > opts.len() {
                    return;
                }
                if kind == 4 && size == 2 {
                    side.flags |= F_SACK_PERM;
                } else if kind == 3 && size == 3 {
                    side.td_scale = opts[2].min(14);
                    side.flags |= F_WINDOW_SCALE;
                }
                opts = &opts[size..];
            }
        }
    }
}

/// `tcp_sack`: the highest right edge of the SACK blocks, if above `sack`.
fn read_sack(seg: &Segment<'_>, sack: &mut u32) {
    let mut opts = seg.options;
    // Fast path for the timestamp-only option layout.
    if opts.len() == 12 && opts[..4] == [1, 1, 8, 10] {
        return;
    }
    while let Some((&kind, rest)) = opts.split_first() {
        match kind {
            0 => return,
            1 => opts = rest,
            _ => {
                let Some(&size) = rest.first() else { return };
                let size = usize::from(size);
                if size < 2 || size > opts.len() {
                    return;
                }
                if kind == 5 && size >= 10 && (size - 2) % 8 == 0 {
                    for block in opts[2..size].chunks_exact(8) {
                        let right = u32::from_be_bytes([block[4], block[5], block[6], block[7]]);
                        if after(right, *sack) {
                            *sack = right;
                        }
                    }
                    return;
                }
                opts = &opts[size..];
            }
        }
    }
}

/// `tcp_new`: the first segment of a connection. A SYN starts it in NONE
/// (moving to SYN_SENT); with `tcp_loose` an ACK picks an established
/// connection up mid-stream, with liberal window checks. Anything else is
/// "invalid new". `Err` carries the kernel's log reason.
pub(crate) fn new(ip: &Ipv4View<'_>) -> Result<TcpTrack, &'static str> {
    let seg = parse(ip)?;
    let next = TABLE[0][usize::from(seg.index())][TcpState::None.index()];
    if next >= IV {
        return Err("invalid new");
    }
    let mut track = TcpTrack {
        state: TcpState::None,
        seen: [Side::default(); 2],
        last_dir: 0,
        retrans: 0,
        last_index: I_NONE,
        last_seq: 0,
        last_ack: 0,
        last_end: 0,
        last_win: 0,
        last_wscale: 0,
        last_flags: 0,
    };
    let s0 = &mut track.seen[0];
    s0.td_end = seg.end();
    s0.td_maxwin = u32::from(seg.win).max(1);
    if next == SS {
        s0.td_maxend = s0.td_end;
        read_options(&seg, s0);
    } else {
        s0.td_maxend = s0.td_end.wrapping_add(s0.td_maxwin);
        track.seen[0].flags = F_SACK_PERM | F_BE_LIBERAL;
        track.seen[1].flags = F_SACK_PERM | F_BE_LIBERAL;
    }
    Ok(track)
}

/// What the connection knows that the TCP tracker reads.
pub(crate) struct ConnFacts {
    pub seen_reply: bool,
    pub assured: bool,
    pub fixed_timeout: bool,
    /// Time left before the entry expires (`nf_ct_expires`).
    pub expires_in: Duration,
}

/// The tracker's decision for one segment (`nf_conntrack_tcp_packet`).
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Accepted as part of the connection.
    Accept {
        /// New timeout, or `None` to leave it (ignored segments, SYN
        /// retransmits before any reply).
        refresh: Option<Duration>,
        /// The TCP state changed (`IPCT_PROTOINFO` event).
        state_changed: bool,
        /// Set ASSURED (`IPCT_ASSURED` event).
        assure: bool,
        /// An RST before any reply: delete the entry now (`nf_ct_kill_acct`).
        kill: bool,
    },
    /// `ctstate INVALID`; the timeout may be shortened
    /// (`nf_tcp_handle_invalid`).
    Invalid { reason: &'static str, shorten_to: Option<Duration> },
    /// A SYN reopening a closed connection: delete the entry and track the
    /// packet again (`nf_ct_kill` + `NF_REPEAT`).
    Reopen,
}

const ACCEPT_ONLY: Outcome = Outcome::Accept { refresh: None, state_changed: false, assure: false, kill: false };

enum Window {
    Accept,
    Ignore,
    Invalid(&'static str),
}

fn pair(seen: &mut [Side; 2], dir: usize) -> (&mut Side, &mut Side) {
    let (a, b) = seen.split_at_mut(1);
    if dir == 0 { (&mut a[0], &mut b[0]) } else { (&mut b[0], &mut a[0]) }
}

impl TcpTrack {
    /// `nf_conntrack_tcp_packet` for a segment in direction `dir`.
    pub(crate) fn packet(&mut self, ip: &Ipv4View<'_>, dir: CtDir, facts: &ConnFacts) -> Outcome {
        let seg = match parse(ip) {
            Ok(seg) => seg,
            Err(reason) => {
                return Outcome::Invalid { reason, shorten_to: None };
            }
        };
        let d = dir_index(dir);
        let mut old_state = self.state;
        let index = seg.index();
        let cell = TABLE[d][usize::from(index)][old_state.index()];
        let mut new_state = state_of(cell);
        let mut skip_window = false;

        let mut ignore = cell == IG;
        if cell == SS && old_state >= TcpState::TimeWait {
            // RFC 1122 reopen from TIME_WAIT (or after an abort).
            if (self.seen[d].flags | self.seen[1 - d].flags) & F_CLOSE_INIT != 0 || (self.last_dir == d && self.last_index == I_RST) {
                return Outcome::Reopen;
            }
            ignore = true;
        }
        if ignore {
            if index == I_SYNACK && self.last_index == I_SYN && self.last_dir != d && seg.ack_seq == self.last_end {
                // b) The SYN/ACK answers a SYN we ignored: client and server
                // are in sync, we are not. Get in sync from the annotations.
                let ld = self.last_dir;
                let last = &mut self.seen[ld];
                last.td_end = self.last_end;
                last.td_maxend = self.last_end;
                last.td_maxwin = u32::from(self.last_win).max(1);
                last.td_scale = self.last_wscale;
                self.last_flags &= !F_EXP_CHALLENGE_ACK;
                last.flags = self.last_flags;
                let me = &mut self.seen[d];
                me.td_end = 0;
                me.td_maxend = 0;
                me.td_maxwin = 0;
                me.td_maxack = 0;
                me.td_scale = 0;
                me.flags &= F_BE_LIBERAL;
                old_state = TcpState::SynSent;
                new_state = TcpState::SynRecv;
            } else {
                self.last_index = index;
                self.last_dir = d;
                self.last_seq = seg.seq;
                self.last_end = seg.end();
                self.last_win = seg.win;
                if index == I_SYN && dir == CtDir::Original {
                    // a) A SYN in ORIGINAL: annotate its options, let it go.
                    let mut seen = Side::default();
                    self.last_flags = 0;
                    self.last_wscale = 0;
                    read_options(&seg, &mut seen);
                    if seen.flags & F_WINDOW_SCALE != 0 {
                        self.last_flags |= F_WINDOW_SCALE;
                        self.last_wscale = seen.td_scale;
                    }
                    if seen.flags & F_SACK_PERM != 0 {
                        self.last_flags |= F_SACK_PERM;
                    }
                    if old_state == TcpState::LastAck {
                        self.last_flags |= F_EXP_CHALLENGE_ACK;
                    }
                }
                if old_state == TcpState::SynSent && index == I_ACK && dir == CtDir::Reply {
                    self.last_ack = seg.ack_seq;
                }
                return ACCEPT_ONLY;
            }
        } else if cell == IV {
            return Outcome::Invalid { reason: "invalid state transition", shorten_to: None };
        } else {
            match new_state {
                TcpState::TimeWait
                    if old_state == TcpState::LastAck
                        && index == I_ACK
                        && self.last_dir != d
                        && self.last_index == I_SYN
                        && self.last_flags & F_EXP_CHALLENGE_ACK != 0 =>
                {
                    // RFC 5961 challenge ACK: not the last ACK.
                    self.last_flags &= !F_EXP_CHALLENGE_ACK;
                    return ACCEPT_ONLY;
                }
                TcpState::SynSent2 => self.last_flags |= F_SIMULTANEOUS_OPEN,
                TcpState::SynRecv if dir == CtDir::Reply && index == I_ACK && self.last_flags & F_SIMULTANEOUS_OPEN != 0 => {
                    new_state = TcpState::Established;
                }
                TcpState::Close if index == I_RST => match self.check_rst(&seg, d, old_state, facts) {
                    None => {
                        return Outcome::Invalid { reason: "invalid rst", shorten_to: None };
                    }
                    Some(check) => {
                        if check.keep_state {
                            new_state = old_state;
                        }
                        skip_window = check.skip_window;
                    }
                },
                _ => {}
            }
        }

        if !skip_window {
            match self.in_window(d, index, &seg) {
                Window::Accept => {}
                Window::Ignore => return ACCEPT_ONLY,
                Window::Invalid(reason) => {
                    let shorten_to = self.handle_invalid(d, index, facts);
                    return Outcome::Invalid { reason, shorten_to };
                }
            }
        }

        // in_window: from now on we have got in-window packets.
        self.last_index = index;
        self.last_dir = d;
        self.state = new_state;
        if old_state != new_state && new_state == TcpState::FinWait {
            self.seen[d].flags |= F_CLOSE_INIT;
        }
        let state_timeout = new_state.timeout();
        let unacked = (self.seen[0].flags | self.seen[1].flags) & F_DATA_UNACKNOWLEDGED != 0;
        let mut timeout = if self.retrans >= MAX_RETRANS && state_timeout > TIMEOUT_RETRANS {
            TIMEOUT_RETRANS
        } else if index == I_RST {
            TcpState::Close.timeout()
        } else if unacked && state_timeout > TIMEOUT_UNACK {
            TIMEOUT_UNACK
        } else if self.last_win == 0 && state_timeout > TIMEOUT_RETRANS {
            TIMEOUT_RETRANS
        } else {
            state_timeout
        };
        let state_changed = new_state != old_state;
        let mut assure = false;
        if !facts.seen_reply {
            if seg.has(RST) {
                // The only reply is an RST: not a connection, delete it now.
                return Outcome::Accept { refresh: None, state_changed, assure, kill: true };
            }
            if index == I_SYN && old_state == TcpState::SynSent {
                // A SYN retransmit does not renew the timeout.
                return Outcome::Accept { refresh: None, state_changed, assure, kill: false };
            }
            if new_state == TcpState::Established && timeout > TIMEOUT_UNACK {
                // Picked up mid-stream, not answered yet.
                timeout = TIMEOUT_UNACK;
            }
        } else if !facts.assured && matches!(old_state, TcpState::SynRecv | TcpState::Established) && new_state == TcpState::Established {
            assure = true;
        }
        Outcome::Accept { refresh: Some(timeout), state_changed, assure, kill: false }
    }

    /// The `TCP_CONNTRACK_CLOSE` case of `nf_conntrack_tcp_packet`: is this
    /// RST believable? `None`: an invalid RST (its sequence number is below
    /// what the peer already acknowledged).
    fn check_rst(&self, seg: &Segment<'_>, d: usize, old_state: TcpState, facts: &ConnFacts) -> Option<RstCheck> {
        let window = RstCheck { keep_state: false, skip_window: false };
        // tcp_can_early_drop: in closing states the tuple may already be
        // reused; skip validation.
        if matches!(old_state, TcpState::FinWait | TcpState::LastAck | TcpState::TimeWait | TcpState::Close | TcpState::CloseWait) {
            return Some(RstCheck { keep_state: false, skip_window: true });
        }
        let mut keep_state = false;
        let peer = &self.seen[1 - d];
        if peer.flags & F_MAXACK_SET != 0 && self.last_index != I_SYN {
            let seq = seg.seq;
            // nf_conntrack_tcp_established
            let established = old_state == TcpState::Established && facts.assured;
            if seq == 0 && !established {
                return Some(window);
            }
            if before(seq, peer.td_maxack) {
                return None;
            }
            if !established || seq == peer.td_maxack {
                return Some(window);
            }
            if self.last_index == I_ACK && self.last_dir == d && seq == self.last_end {
                return Some(window); // RST closing a train of data
            }
            // Not an exact match: keep the state for a possible challenge ACK.
            keep_state = true;
        }
        let skip_window = (((facts.seen_reply && self.last_index == I_SYN) || (!facts.assured && self.last_index == I_ACK)) && seg.ack_seq == self.last_end)
            || (old_state == TcpState::SynSent && self.last_index == I_ACK && self.last_dir == 1 && seg.seq == self.last_ack);
        Some(RstCheck { keep_state, skip_window })
    }

    /// `tcp_init_sender`: a SYN/ACK answering a SYN, or a SYN from the reply
    /// direction in a simultaneous open.
    fn init_sender(&mut self, d: usize, seg: &Segment<'_>, end: u32, win: u32) {
        let (sender, receiver) = pair(&mut self.seen, d);
        sender.td_end = end;
        sender.td_maxend = end;
        sender.td_maxwin = win.max(1);
        read_options(seg, sender);
        if d == 1 && !(sender.flags & F_WINDOW_SCALE != 0 && receiver.flags & F_WINDOW_SCALE != 0) {
            sender.td_scale = 0;
            receiver.td_scale = 0;
        }
    }

    /// `tcp_in_window`: the sequence and acknowledgement checks.
    fn in_window(&mut self, d: usize, index: u8, seg: &Segment<'_>) -> Window {
        let mut seq = seg.seq;
        let mut ack = seg.ack_seq;
        let mut sack = ack;
        let win_raw = seg.win;
        let mut win = u32::from(win_raw);
        let mut end = seg.end();
        if self.seen[1 - d].flags & F_SACK_PERM != 0 {
            read_sack(seg, &mut sack);
        }
        let state = self.state;
        if self.seen[d].td_maxwin == 0 {
            if seg.has(SYN) {
                self.init_sender(d, seg, end, win);
                if !seg.has(ACK) {
                    return Window::Accept; // simultaneous open
                }
            } else {
                // Mid-connection: its history is lost for us.
                let (sender, receiver) = pair(&mut self.seen, d);
                sender.td_end = end;
                let swin = win << sender.td_scale;
                sender.td_maxwin = swin.max(1);
                sender.td_maxend = end.wrapping_add(sender.td_maxwin);
                if receiver.td_maxwin == 0 {
                    receiver.td_end = sack;
                    receiver.td_maxend = sack;
                } else if sack == receiver.td_end.wrapping_add(1) {
                    receiver.td_end = receiver.td_end.wrapping_add(1); // keepalive reply
                }
            }
        } else if seg.has(SYN) && after(end, self.seen[d].td_end) && matches!(state, TcpState::SynSent | TcpState::SynRecv) {
            // RFC 793: a reinitialised sender uses higher sequence numbers.
            self.init_sender(d, seg, end, win);
            if d == 1 && !seg.has(ACK) {
                return Window::Accept;
            }
        }

        let (sender, receiver) = pair(&mut self.seen, d);
        let liberal = sender.flags & F_BE_LIBERAL != 0;
        let log = |w: Window| if liberal { Window::Accept } else { w };
        if !seg.has(ACK) {
            ack = receiver.td_end;
            sack = ack;
        } else if seg.flags & (ACK | RST) == (ACK | RST) && ack == 0 {
            // Broken stacks that set ACK in RST with a zero ack.
            ack = receiver.td_end;
            sack = ack;
        }
        if seg.has(RST) && seq == 0 && state == TcpState::SynSent {
            // RST answering a SYN.
            seq = sender.td_end;
            end = sender.td_end;
        }
        let max_ack_window = sender.td_maxwin.max(66_000);
        if !before(seq, sender.td_maxend.wrapping_add(1)) {
            let overshot = end.wrapping_sub(sender.td_maxend).wrapping_add(1);
            let ack_ok = after(sack, receiver.td_end.wrapping_sub(max_ack_window).wrapping_sub(1));
            let in_recv_win = receiver.td_maxwin != 0 && after(end, sender.td_end.wrapping_sub(receiver.td_maxwin).wrapping_sub(1));
            if in_recv_win && ack_ok && overshot <= receiver.td_maxwin && before(sack, receiver.td_end.wrapping_add(1)) {
                // A sender overshooting the receive window by a little.
                sender.td_end = end;
                sender.flags |= F_DATA_UNACKNOWLEDGED;
                return log(Window::Ignore);
            }
            return log(Window::Invalid("SEQ is over upper bound (over the window of the receiver)"));
        }
        if !before(sack, receiver.td_end.wrapping_add(1)) {
            return log(Window::Invalid("ACK is over upper bound (ACKed data not seen yet)"));
        }
        let in_recv_win = receiver.td_maxwin == 0 || after(end, sender.td_end.wrapping_sub(receiver.td_maxwin).wrapping_sub(1));
        if !in_recv_win {
            return log(Window::Ignore); // already ACKed data retransmitted
        }
        if !after(sack, receiver.td_end.wrapping_sub(max_ack_window).wrapping_sub(1)) {
            return log(Window::Ignore); // ACK under lower bound (overly delayed)
        }
        if !seg.has(SYN) {
            win <<= sender.td_scale;
        }
        let swin = win.wrapping_add(sack.wrapping_sub(ack));
        if sender.td_maxwin < swin {
            sender.td_maxwin = swin;
        }
        if after(end, sender.td_end) {
            sender.td_end = end;
            sender.flags |= F_DATA_UNACKNOWLEDGED;
        }
        if seg.has(ACK) {
            if sender.flags & F_MAXACK_SET == 0 {
                sender.td_maxack = ack;
                sender.flags |= F_MAXACK_SET;
            } else if after(ack, sender.td_maxack) {
                sender.td_maxack = ack;
            }
        }
        if receiver.td_maxwin != 0 && after(end, sender.td_maxend) {
            receiver.td_maxwin = receiver.td_maxwin.wrapping_add(end.wrapping_sub(sender.td_maxend));
        }
        if after(sack.wrapping_add(win), receiver.td_maxend.wrapping_sub(1)) {
            receiver.td_maxend = sack.wrapping_add(win);
            if win == 0 {
                receiver.td_maxend = receiver.td_maxend.wrapping_add(1);
            }
        }
        if ack == receiver.td_end {
            receiver.flags &= !F_DATA_UNACKNOWLEDGED;
        }
        if index == I_ACK {
            if self.last_dir == d && self.last_seq == seq && self.last_ack == ack && self.last_end == end && self.last_win == win_raw {
                self.retrans = self.retrans.saturating_add(1);
            } else {
                self.last_dir = d;
                self.last_seq = seq;
                self.last_ack = ack;
                self.last_end = end;
                self.last_win = win_raw;
                self.retrans = 0;
            }
        }
        Window::Accept
    }

    /// `nf_tcp_handle_invalid`: an out-of-window FIN/RST answering the
    /// peer's FIN/RST shortens an assured connection's timeout to the
    /// unacknowledged timeout, so dead connections go away.
    fn handle_invalid(&mut self, d: usize, index: u8, facts: &ConnFacts) -> Option<Duration> {
        if !facts.assured || facts.fixed_timeout || !matches!(index, I_RST | I_FIN) {
            return None;
        }
        if self.last_dir != d && matches!(self.last_index, I_FIN | I_RST) {
            if facts.expires_in < Duration::from_secs(120) {
                return None;
            }
            return (facts.expires_in > TIMEOUT_UNACK).then_some(TIMEOUT_UNACK);
        }
        self.last_index = index;
        self.last_dir = d;
        None
    }
}

/// How an RST that moves to CLOSE continues.
struct RstCheck {
    /// Stay in the current state (a challenge ACK may follow).
    keep_state: bool,
    /// Skip `tcp_in_window` (an RST answering a segment we let through).
    skip_window: bool,
}
