//! IPVS connection entries and the per-protocol state machines that drive
//! their timeouts (`ip_vs_conn.c`, `ip_vs_proto_tcp.c`, `ip_vs_proto_udp.c`).
//!
//! A connection (`struct ip_vs_conn`) remembers which real server a client
//! flow was given: client `caddr:cport`, virtual `vaddr:vport`, destination
//! `daddr:dport`. Its timer is re-armed with the timeout of its current state
//! after every packet (`ip_vs_conn_put`); when it fires the entry goes away.
//! A *template* is the connection-shaped record persistence uses to pin a
//! client network to a real server (`IP_VS_CONN_F_TEMPLATE`).

use std::net::Ipv4Addr;

use super::FwdMethod;
use crate::net::proto;
use crate::time::{Duration, Instant};

/// Handle of a connection in one [`super::Ipvs`] table. Handles are never
/// reused, and increase with creation order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ConnId(pub(super) u64);

/// Which way a packet of a connection travels (`IP_VS_DIR_INPUT` /
/// `IP_VS_DIR_OUTPUT`): client → virtual service, or real server → client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    Input,
    Output,
}

/// The IPVS TCP states (`IP_VS_TCP_S_*`). They are IPVS's own view of the
/// flow, not the endpoints' TCP states: IPVS sees both directions only for
/// NAT (masquerading); for direct routing and tunnelling it sees the client
/// side only and uses the INPUT-ONLY row of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TcpState {
    None = 0,
    Established = 1,
    SynSent = 2,
    SynRecv = 3,
    FinWait = 4,
    TimeWait = 5,
    Close = 6,
    CloseWait = 7,
    LastAck = 8,
    Listen = 9,
    SynAck = 10,
}

impl TcpState {
    const ALL: [TcpState; 11] = [
        TcpState::None,
        TcpState::Established,
        TcpState::SynSent,
        TcpState::SynRecv,
        TcpState::FinWait,
        TcpState::TimeWait,
        TcpState::Close,
        TcpState::CloseWait,
        TcpState::LastAck,
        TcpState::Listen,
        TcpState::SynAck,
    ];

    /// `tcp_state_name_table`, as `/proc/net/ip_vs_conn` and `ipvsadm -Lnc`
    /// print it.
    pub fn name(self) -> &'static str {
        match self {
            TcpState::None => "NONE",
            TcpState::Established => "ESTABLISHED",
            TcpState::SynSent => "SYN_SENT",
            TcpState::SynRecv => "SYN_RECV",
            TcpState::FinWait => "FIN_WAIT",
            TcpState::TimeWait => "TIME_WAIT",
            TcpState::Close => "CLOSE",
            TcpState::CloseWait => "CLOSE_WAIT",
            TcpState::LastAck => "LAST_ACK",
            TcpState::Listen => "LISTEN",
            TcpState::SynAck => "SYNACK",
        }
    }

    /// `tcp_state_active_table`: states counted in a real server's
    /// ActiveConn; every other state counts in InActConn.
    pub fn is_active(self) -> bool {
        matches!(self, TcpState::Established | TcpState::SynSent | TcpState::SynRecv | TcpState::SynAck)
    }

    /// `tcp_timeouts`, in seconds: the default time a connection may stay
    /// idle in each state.
    pub fn default_timeout_secs(self) -> u32 {
        match self {
            TcpState::None => 2,
            TcpState::Established => 15 * 60,
            TcpState::SynSent => 2 * 60,
            TcpState::SynRecv => 60,
            TcpState::FinWait => 2 * 60,
            TcpState::TimeWait => 2 * 60,
            TcpState::Close => 10,
            TcpState::CloseWait => 60,
            TcpState::LastAck => 30,
            TcpState::Listen => 2 * 60,
            TcpState::SynAck => 120,
        }
    }
}

use TcpState::{Close as CL, CloseWait as CW, Established as ES, FinWait as FW, LastAck as LA, Listen as LI, SynRecv as SR, SynSent as SS, TimeWait as TW};

/// `tcp_states[]` of `ip_vs_proto_tcp.c`: rows INPUT, OUTPUT and INPUT-ONLY,
/// each with the packet kinds syn, fin, ack, rst; columns are the current
/// state in `TcpState` order.
#[rustfmt::skip]
const TCP_STATES: [[[TcpState; 11]; 4]; 3] = [
    // INPUT:      sNO sES sSS sSR sFW sTW sCL sCW sLA sLI sSA
    [
        /* syn */ [SR, ES, ES, SR, SR, SR, SR, SR, SR, SR, SR],
        /* fin */ [CL, CW, SS, TW, TW, TW, CL, CW, LA, LI, TW],
        /* ack */ [ES, ES, SS, ES, FW, TW, CL, CW, CL, LI, ES],
        /* rst */ [CL, CL, CL, SR, CL, CL, CL, CL, LA, LI, SR],
    ],
    // OUTPUT
    [
        /* syn */ [SS, ES, SS, SR, SS, SS, SS, SS, SS, LI, SR],
        /* fin */ [TW, FW, SS, TW, FW, TW, CL, TW, LA, LI, TW],
        /* ack */ [ES, ES, SS, ES, FW, TW, CL, CW, LA, ES, ES],
        /* rst */ [CL, CL, SS, CL, CL, TW, CL, CL, CL, CL, CL],
    ],
    // INPUT-ONLY
    [
        /* syn */ [SR, ES, ES, SR, SR, SR, SR, SR, SR, SR, SR],
        /* fin */ [CL, FW, SS, TW, FW, TW, CL, CW, LA, LI, TW],
        /* ack */ [ES, ES, SS, ES, FW, TW, CL, CW, CL, LI, ES],
        /* rst */ [CL, CL, CL, SR, CL, CL, CL, CL, LA, LI, CL],
    ],
];

const TCP_FIN: u8 = 0x01;
const TCP_SYN: u8 = 0x02;
const TCP_RST: u8 = 0x04;
const TCP_ACK: u8 = 0x10;

/// `set_tcp_state`'s lookup: the state after a packet with `tcp_flags`
/// arrives in `state`. `input_only` selects the INPUT-ONLY row (the
/// connection has never seen a packet from the real server). A segment with
/// none of SYN, FIN, ACK, RST moves the connection to CLOSE
/// (`tcp_state_idx` returns -1 and `new_state` keeps its CLOSE default).
pub(super) fn tcp_next_state(state: TcpState, dir: Dir, input_only: bool, tcp_flags: u8) -> TcpState {
    let row = match (dir, input_only) {
        (Dir::Output, _) => 1,
        (Dir::Input, false) => 0,
        (Dir::Input, true) => 2,
    };
    let kind = if tcp_flags & TCP_RST != 0 {
        3
    } else if tcp_flags & TCP_SYN != 0 {
        0
    } else if tcp_flags & TCP_FIN != 0 {
        1
    } else if tcp_flags & TCP_ACK != 0 {
        2
    } else {
        return TcpState::Close;
    };
    TCP_STATES[row][kind][state as usize]
}

/// The state an entry is in, as `ip_vs_state_name` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConnState {
    Tcp(TcpState),
    /// UDP has a single state, `IP_VS_UDP_S_NORMAL`, printed `UDP`.
    Udp,
    /// A persistence template: `NONE` until one of the connections it
    /// controls is confirmed (TCP ESTABLISHED, or a UDP reply), then
    /// `ASSURED` (`ip_vs_control_assure_ct`).
    Template {
        assured: bool,
    },
}

impl ConnState {
    pub fn name(self) -> &'static str {
        match self {
            ConnState::Tcp(s) => s.name(),
            ConnState::Udp => "UDP",
            ConnState::Template { assured: false } => "NONE",
            ConnState::Template { assured: true } => "ASSURED",
        }
    }
}

/// One IPVS connection entry (or persistence template).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conn {
    pub id: ConnId,
    /// IP protocol; `0` (`IPPROTO_IP`) for fwmark persistence templates.
    pub proto: u8,
    pub caddr: Ipv4Addr,
    pub cport: u16,
    /// Virtual address; for an fwmark template, the mark itself
    /// (`htonl(fwmark)`, so mark 271 reads `0.0.1.15`).
    pub vaddr: Ipv4Addr,
    pub vport: u16,
    pub daddr: Ipv4Addr,
    pub dport: u16,
    /// Forwarding method inherited from the real server when bound.
    pub fwd: FwdMethod,
    pub state: ConnState,
    /// Timeout of the current state; the timer is re-armed with it after
    /// every packet.
    pub timeout: Duration,
    /// When the timer fires.
    pub expires: Instant,
    /// The skb mark of the packet that created the entry.
    pub fwmark: u32,
    /// `IP_VS_CONN_F_NFCT`: netfilter conntrack is kept for this entry
    /// (`net.ipv4.vs.conntrack=1` when it was created); the conntrack entry
    /// is dropped when this entry expires.
    pub nfct: bool,
    /// `IP_VS_CONN_F_INACTIVE`: counted in InActConn, not ActiveConn.
    pub(super) inactive: bool,
    /// `IP_VS_CONN_F_NOOUTPUT`: no packet from the real server seen (set for
    /// every non-NAT method, cleared by the first OUTPUT packet).
    pub(super) no_output: bool,
    /// `IP_VS_CONN_F_ONE_PACKET`: one-packet scheduling (UDP `-o`).
    pub(super) one_packet: bool,
    pub(super) dest: Option<super::DestId>,
    /// The template controlling this connection (persistence).
    pub(super) control: Option<ConnId>,
    /// How many connections this entry controls.
    pub(super) n_control: u32,
}

impl Conn {
    pub fn is_template(&self) -> bool {
        matches!(self.state, ConnState::Template { .. })
    }

    /// The protocol name `ip_vs_proto_name` gives, as the first column of
    /// `ipvsadm -Lnc` shows it.
    pub fn proto_name(&self) -> String {
        match self.proto {
            proto::TCP => "TCP".into(),
            proto::UDP => "UDP".into(),
            proto::SCTP => "SCTP".into(),
            proto::ICMP => "ICMP".into(),
            0 => "IP".into(),
            p => format!("IP_{p}"),
        }
    }

    /// Whole seconds until the timer fires, as `/proc/net/ip_vs_conn`
    /// prints them (`(timer.expires - jiffies) / HZ`).
    pub fn expires_in_secs(&self, now: Instant) -> u64 {
        self.expires.since(now).as_secs()
    }
}

/// The per-namespace timeout tables (`pd->timeout_table` of TCP and UDP),
/// in seconds; `ipvsadm --set` changes ESTABLISHED, FIN_WAIT and UDP.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Timeouts {
    pub tcp: [u32; 11],
    pub udp: u32,
}

impl Default for Timeouts {
    fn default() -> Self {
        let mut tcp = [0; 11];
        for s in TcpState::ALL {
            tcp[s as usize] = s.default_timeout_secs();
        }
        Timeouts { tcp, udp: 5 * 60 }
    }
}

impl Timeouts {
    pub fn tcp(&self, s: TcpState) -> Duration {
        Duration::from_secs(u64::from(self.tcp[s as usize]))
    }
    pub fn udp(&self) -> Duration {
        Duration::from_secs(u64::from(self.udp))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A NAT connection's handshake and close as IPVS sees both directions.
    #[test]
    fn nat_handshake_and_close_follow_the_input_and_output_rows() {
        let syn = TCP_SYN;
        let synack = TCP_SYN | TCP_ACK;
        let ack = TCP_ACK;
        let fin = TCP_FIN | TCP_ACK;
        let mut s = TcpState::None;
        let steps = [
            (Dir::Input, syn, TcpState::SynRecv),
            (Dir::Output, synack, TcpState::SynRecv),
            (Dir::Input, ack, TcpState::Established),
            (Dir::Input, fin, TcpState::CloseWait),
            (Dir::Output, fin, TcpState::TimeWait),
            (Dir::Input, ack, TcpState::TimeWait),
        ];
        for (dir, flags, want) in steps {
            s = tcp_next_state(s, dir, false, flags);
            assert_eq!(s, want, "{dir:?} {flags:#x}");
        }
    }

    #[test]
    fn input_only_fin_goes_to_fin_wait_and_bare_segment_closes() {
        assert_eq!(tcp_next_state(TcpState::Established, Dir::Input, true, TCP_FIN), TcpState::FinWait);
        assert_eq!(tcp_next_state(TcpState::Established, Dir::Input, false, TCP_FIN), TcpState::CloseWait);
        assert_eq!(tcp_next_state(TcpState::Established, Dir::Input, false, 0), TcpState::Close);
        assert_eq!(tcp_next_state(TcpState::SynRecv, Dir::Input, false, TCP_RST | TCP_SYN), TcpState::SynRecv);
    }

    #[test]
    fn default_timeouts_match_the_kernel_table() {
        let t = Timeouts::default();
        let secs: Vec<u32> = TcpState::ALL.iter().map(|s| t.tcp[*s as usize]).collect();
        assert_eq!(secs, [2, 900, 120, 60, 120, 120, 10, 60, 30, 120, 120]);
        assert_eq!(t.udp, 300);
    }
}
