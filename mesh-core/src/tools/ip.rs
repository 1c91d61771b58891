//! `ip` from iproute2 6.1 over the simulated kernel: `link`, `address`,
//! `route`, `rule` (listing), `neighbour` and `netns`, with iproute2's option
//! and keyword prefix matching (`ip a`, `ip addr sh`, `ip -n x r`, `ip --netns
//! x l`), its exact output (column widths, trailing spaces, `-o`, `-br`,
//! `-d`, `-s`, `-4`/`-0`/`-6`/`-f`), and its exact errors and exit statuses:
//! 1 for most usage errors and `Cannot find device`, 2 for kernel
//! (`RTNETLINK answers: …`, `Error: ….`) errors, 255 for `Error: argument …
//! is wrong`, duplicate or unknown keywords and `ip netns exec` failures.
//!
//! Every output and error text was captured from iproute2 6.1 on a Linux 6.18
//! kernel; the transcript tests at the end of this file replay those
//! sessions. `ip netns exec NS CMD…` does not run anything itself: it hands
//! `CMD…` and the namespace back to the shell ([`IpOutcome::Exec`]).
//!
//! A failing command leaves the kernel as it was: multi-attribute changes run
//! on a copy that is kept only on success (Linux applies `ip link set`
//! attributes one by one and can stop half way). Like Linux, a namespace
//! gets an id for a link's peer namespace when it first reports the link
//! (`link-netnsid`), and `link-netns NAME` is shown when that namespace has a
//! name under /run/netns.
//!
//! mesh models a host with IPv6 disabled (`disable_ipv6=1`, as the parity
//! harness sets it): no `inet6` lines, `ip -6 …` lists nothing, but every
//! device has the IPv6 state Linux creates regardless (`addrgenmode eui64`
//! in `ip -d link`).
//!
//! Listing orders: links by ifindex; addresses in the kernel's list order;
//! routes in FIB walk order (table id, then address); neighbours by device
//! ifindex then address (the kernel's hash order is not reproducible);
//! `ip netns list` newest first, as a tmpfs /run lists them.
//!
//! Known differences: the operational state of an up veth without carrier is
//! evaluated when listed (`LOWERLAYERDOWN` if the device holding the peer's
//! ifindex in this namespace has no carrier, else `DOWN`); Linux keeps the
//! value from the device's last link event, so after moving veth ends
//! between namespaces it can show the other of the two. `ip -d` timers show
//! their steady state (port forward-delay timers at 0.00; the bridge
//! garbage-collection timer on a 300 s cycle of the virtual clock) and bridge
//! port numbers follow ifindex order rather than enslave order.
//!
//! Not modelled, answered with an explicit `mesh: … is not modelled` error
//! rather than made-up output: JSON (`-j`), colour (`-c`, `-c=always`;
//! `-c=never` and `-c=auto` print plain text), name resolution
//! (`-r`), batch mode, `-s -s` (carrier transitions are not counted),
//! human-readable counters, `help` texts, the objects other than those above
//! (`ip maddress`, `ip tunnel` …), link types other than veth, bridge, vxlan
//! and dummy, policy rules beyond the three defaults, multipath routes, route
//! metrics (`mtu`, `advmss` …), address scopes other than the named ones,
//! neighbour proxies and the `router` flag, `ip -s neigh`, and processes
//! (`ip netns pids` lists none; `identify PID`).

use std::fmt::Write as _;
use std::net::Ipv4Addr;

use crate::kernel::neigh::NudState;
use crate::kernel::ops::{FdbMode, NeighMode};
use crate::kernel::route::{self, RouteType, rtproto};
use crate::kernel::{DevId, DeviceKind, Errno, IfAddr, Kernel, KernelError, LinkSpec, NETNS_RUN_DIR, NetnsId, Route, Scope, VxlanState};
use crate::kernel::{RouteAddMode, RouteSelector};
use crate::net::Ipv4Cidr;
use crate::output::CmdOutput;
use crate::wire::EthernetAddress;

/// What `ip` did: printed something, or (`ip netns exec NS CMD …`) asks the
/// shell to run `CMD …` inside namespace `NS`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IpOutcome {
    Done(CmdOutput),
    Exec { netns: NetnsId, argv: Vec<String> },
}

/// Run `ip` (`argv[0]` is `"ip"`) in namespace `ns` of kernel `k`.
pub fn ip(argv: &[String], k: &mut Kernel, ns: NetnsId) -> IpOutcome {
    if !k.netns_exists(ns) {
        return IpOutcome::Done(gone_netns());
    }
    let mut cmd = Ip { k, ns, opt: Opts::default(), out: String::new(), err: String::new() };
    let args: Vec<String> = argv.iter().skip(1).cloned().collect();
    let result = cmd.main(Args::new(args));
    let (mut stdout, mut stderr) = (cmd.out, cmd.err);
    match result {
        Ok(Next::Done) => IpOutcome::Done(CmdOutput { stdout, stderr, status: 0, interleaved: None }),
        Ok(Next::Exec { netns, argv }) => IpOutcome::Exec { netns, argv },
        Err(f) => {
            stdout.push_str(&f.out);
            stderr.push_str(&f.err);
            IpOutcome::Done(CmdOutput { stdout, stderr, status: f.status, interleaved: None })
        }
    }
}

/// What a tool answers when the namespace it runs in has been deleted
/// (mesh destroys a namespace when its last mount goes; no process keeps it).
pub(crate) fn gone_netns() -> CmdOutput {
    CmdOutput::err("mesh: this network namespace no longer exists\n", 1)
}

// ----- shared parsing helpers (also used by `bridge`) ----------------------

/// A failed command: what it prints and its exit status.
#[derive(Debug)]
pub(crate) struct Fail {
    pub out: String,
    pub err: String,
    pub status: i32,
}

pub(crate) type Res<T = ()> = Result<T, Fail>;

impl Fail {
    pub fn new(err: impl Into<String>, status: i32) -> Fail {
        Fail { out: String::new(), err: err.into(), status }
    }
    /// `Error: argument "ARG" is wrong: MSG` (iproute2's `invarg`).
    pub fn invarg(msg: &str, arg: &str) -> Fail {
        Fail::new(format!("Error: argument \"{arg}\" is wrong: {msg}\n"), 255)
    }
    /// `Error: either "KEY" is duplicate, or "ARG" is a garbage.` (`duparg2`).
    pub fn duparg2(key: &str, arg: &str) -> Fail {
        Fail::new(format!("Error: either \"{key}\" is duplicate, or \"{arg}\" is a garbage.\n"), 255)
    }
    /// `Error: duplicate "KEY": "ARG" is the second value.` (`duparg`).
    pub fn duparg(key: &str, arg: &str) -> Fail {
        Fail::new(format!("Error: duplicate \"{key}\": \"{arg}\" is the second value.\n"), 255)
    }
    pub fn incomplete() -> Fail {
        Fail::new("Command line is not complete. Try option \"help\"\n", 255)
    }
    pub fn nodev(name: &str, status: i32) -> Fail {
        Fail::new(format!("Cannot find device \"{name}\"\n"), status)
    }
    /// A kernel error as iproute2 prints it (`RTNETLINK answers: …` or the
    /// extended-ack `Error: ….`).
    pub fn kernel(e: KernelError, status: i32) -> Fail {
        Fail::new(format!("{e}\n"), status)
    }
    pub fn not_modelled(what: &str) -> Fail {
        Fail::new(format!("mesh: {what} is not modelled\n"), 1)
    }
}

/// iproute2's `matches(arg, keyword)`: `arg` is a non-empty prefix of `keyword`.
pub(crate) fn matches(arg: &str, keyword: &str) -> bool {
    !arg.is_empty() && keyword.starts_with(arg)
}

/// The remaining words of a command line.
pub(crate) struct Args {
    v: Vec<String>,
    i: usize,
}

impl Args {
    pub fn new(v: Vec<String>) -> Args {
        Args { v, i: 0 }
    }
    pub fn peek(&self) -> Option<&str> {
        self.v.get(self.i).map(String::as_str)
    }
    pub fn next(&mut self) -> Option<String> {
        let a = self.v.get(self.i).cloned();
        if a.is_some() {
            self.i += 1;
        }
        a
    }
    /// The value after a keyword (`NEXT_ARG`): incomplete command if none.
    pub fn value(&mut self) -> Res<String> {
        self.next().ok_or_else(Fail::incomplete)
    }
    pub fn rest(&mut self) -> Vec<String> {
        let r = self.v[self.i.min(self.v.len())..].to_vec();
        self.i = self.v.len();
        r
    }
}

/// iproute2's `get_addr_ipv4`: one to four dotted decimal parts, missing
/// trailing parts are zero (`10.1` is 10.1.0.0).
pub(crate) fn parse_ipv4(s: &str) -> Option<Ipv4Addr> {
    let parts: Vec<&str> = s.split('.').collect();
    if parts.is_empty() || parts.len() > 4 {
        return None;
    }
    let mut b = [0u8; 4];
    for (i, p) in parts.iter().enumerate() {
        if p.is_empty() || p.len() > 3 || !p.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        b[i] = p.parse().ok()?;
    }
    Some(Ipv4Addr::from(b))
}

/// `get_prefix`: `ADDR[/LEN]`, `default`/`any`/`all` (0.0.0.0/0). The
/// boolean says whether a length was given.
pub(crate) fn parse_prefix(s: &str) -> Option<(Ipv4Cidr, bool)> {
    if matches!(s, "default" | "any" | "all") {
        return Some((Ipv4Cidr::new(Ipv4Addr::UNSPECIFIED, 0), true));
    }
    match s.split_once('/') {
        Some((a, l)) => {
            let addr = parse_ipv4(a)?;
            if l.is_empty() || !l.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            let len: u8 = l.parse().ok()?;
            (len <= 32).then_some((Ipv4Cidr::new(addr, len), true))
        }
        None => Some((Ipv4Cidr::new(parse_ipv4(s)?, 32), false)),
    }
}

/// `ll_addr_a2n`: hex bytes separated by colons, of any count.
pub(crate) fn parse_lladdr(s: &str) -> Option<Vec<u8>> {
    s.split(':').map(|p| if (1..=2).contains(&p.len()) { u8::from_str_radix(p, 16).ok() } else { None }).collect()
}

/// A MAC address for `bridge fdb` (`ether_aton`: exactly six hex bytes).
pub(crate) fn parse_mac(s: &str) -> Option<EthernetAddress> {
    let b = parse_lladdr(s)?;
    <[u8; 6]>::try_from(b.as_slice()).ok().map(EthernetAddress)
}

/// C `strtol(s, NULL, 0)` that must consume the whole word: decimal, `0x` hex
/// or leading-zero octal, optionally signed.
pub(crate) fn parse_c_int(s: &str) -> Option<i64> {
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let v = if let Some(h) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        i64::from_str_radix(h, 16).ok()?
    } else if body.len() > 1 && body.starts_with('0') {
        i64::from_str_radix(&body[1..], 8).ok()?
    } else {
        if body.is_empty() || !body.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        body.parse().ok()?
    };
    Some(if neg { -v } else { v })
}

/// `ip route get … mark MARK`: the lookup's firewall mark, printed (when not
/// zero) at the end of the route line, before `uid 0`; in decimal below 16,
/// in hex from 16 on. A mark selects policy rules (`ip rule … fwmark`); mesh
/// has only the three default rules, which match any mark, so the route
/// found does not depend on it.
fn with_mark(text: String, mark: u32) -> String {
    if mark == 0 {
        return text;
    }
    let shown = if mark < 16 { format!("mark {mark} ") } else { format!("mark {mark:#x} ") };
    let (first, rest) = text.split_once('\n').unwrap_or((&text, ""));
    let first = match first.strip_suffix("uid 0 ") {
        Some(head) => format!("{head}{shown}uid 0 "),
        None => format!("{first}{shown}"),
    };
    format!("{first}\n{rest}")
}

/// `get_unsigned`/`get_u32`: a non-negative C integer that fits.
fn parse_u32(s: &str) -> Option<u32> {
    if s.starts_with('-') {
        return None;
    }
    parse_c_int(s).and_then(|v| u32::try_from(v).ok())
}

/// The `ip` usage text (`ip`, `ip help`, `ip -help`), printed on stderr.
const IP_USAGE: &str = "Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }
       ip [ -force ] -batch filename
where  OBJECT := { address | addrlabel | amt | fou | help | ila | ioam | l2tp |
                   link | macsec | maddress | monitor | mptcp | mroute | mrule |
                   neighbor | neighbour | netconf | netns | nexthop | ntable |
                   ntbl | route | rule | sr | tap | tcpmetrics |
                   token | tunnel | tuntap | vrf | xfrm }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[esolve] |
                    -h[uman-readable] | -iec | -j[son] | -p[retty] |
                    -f[amily] { inet | inet6 | mpls | bridge | link } |
                    -4 | -6 | -M | -B | -0 |
                    -l[oops] { maximum-addr-flush-attempts } | -br[ief] |
                    -o[neline] | -t[imestamp] | -ts[hort] | -b[atch] [filename] |
                    -rc[vbuf] [size] | -n[etns] name | -N[umeric] | -a[ll] |
                    -c[olor]}
";

const ROUTE_USAGE: &str = concat!(
    "Usage: ip route { list | flush } SELECTOR\n",
    "       ip route save SELECTOR\n",
    "       ip route restore\n",
    "       ip route showdump\n",
    "       ip route get [ ROUTE_GET_FLAGS ] ADDRESS\n",
    "                            [ from ADDRESS iif STRING ]\n",
    "                            [ oif STRING ] [ tos TOS ]\n",
    "                            [ mark NUMBER ] [ vrf NAME ]\n",
    "                            [ uid NUMBER ] [ ipproto PROTOCOL ]\n",
    "                            [ sport NUMBER ] [ dport NUMBER ]\n",
    "       ip route { add | del | change | append | replace } ROUTE\n",
    "SELECTOR := [ root PREFIX ] [ match PREFIX ] [ exact PREFIX ]\n",
    "            [ table TABLE_ID ] [ vrf NAME ] [ proto RTPROTO ]\n",
    "            [ type TYPE ] [ scope SCOPE ]\n",
    "ROUTE := NODE_SPEC [ INFO_SPEC ]\n",
    "NODE_SPEC := [ TYPE ] PREFIX [ tos TOS ]\n",
    "             [ table TABLE_ID ] [ proto RTPROTO ]\n",
    "             [ scope SCOPE ] [ metric METRIC ]\n",
    "             [ ttl-propagate { enabled | disabled } ]\n",
    "INFO_SPEC := { NH | nhid ID } OPTIONS FLAGS [ nexthop NH ]...\n",
    "NH := [ encap ENCAPTYPE ENCAPHDR ] [ via [ FAMILY ] ADDRESS ]\n",
    "      [ dev STRING ] [ weight NUMBER ] NHFLAGS\n",
    "FAMILY := [ inet | inet6 | mpls | bridge | link ]\n",
    "OPTIONS := FLAGS [ mtu NUMBER ] [ advmss NUMBER ] [ as [ to ] ADDRESS ]\n",
    "           [ rtt TIME ] [ rttvar TIME ] [ reordering NUMBER ]\n",
    "           [ window NUMBER ] [ cwnd NUMBER ] [ initcwnd NUMBER ]\n",
    "           [ ssthresh NUMBER ] [ realms REALM ] [ src ADDRESS ]\n",
    "           [ rto_min TIME ] [ hoplimit NUMBER ] [ initrwnd NUMBER ]\n",
    "           [ features FEATURES ] [ quickack BOOL ] [ congctl NAME ]\n",
    "           [ pref PREF ] [ expires TIME ] [ fastopen_no_cookie BOOL ]\n",
    "TYPE := { unicast | local | broadcast | multicast | throw |\n",
    "          unreachable | prohibit | blackhole | nat }\n",
    "TABLE_ID := [ local | main | default | all | NUMBER ]\n",
    "SCOPE := [ host | link | global | NUMBER ]\n",
    "NHFLAGS := [ onlink | pervasive ]\n",
    "RTPROTO := [ kernel | boot | static | NUMBER ]\n",
    "PREF := [ low | medium | high ]\n",
    "TIME := NUMBER[s|ms]\n",
    "BOOL := [1|0]\n",
    "FEATURES := ecn\n",
    "ENCAPTYPE := [ mpls | ip | ip6 | seg6 | seg6local | rpl | ioam6 | xfrm ]\n",
    "ENCAPHDR := [ MPLSLABEL | SEG6HDR | SEG6LOCAL | IOAM6HDR | XFRMINFO ]\n",
    "SEG6HDR := [ mode SEGMODE ] segs ADDR1,ADDRi,ADDRn [hmac HMACKEYID] [cleanup]\n",
    "SEGMODE := [ encap | encap.red | inline | l2encap | l2encap.red ]\n",
    "SEG6LOCAL := action ACTION [ OPTIONS ] [ count ]\n",
    "ACTION := { End | End.X | End.T | End.DX2 | End.DX6 | End.DX4 |\n",
    "            End.DT6 | End.DT4 | End.DT46 | End.B6 | End.B6.Encaps |\n",
    "            End.BM | End.S | End.AS | End.AM | End.BPF }\n",
    "OPTIONS := OPTION [ OPTIONS ]\n",
    "OPTION := { flavors FLAVORS | srh SEG6HDR | nh4 ADDR | nh6 ADDR | iif DEV | oif DEV |\n",
    "            table TABLEID | vrftable TABLEID | endpoint PROGNAME }\n",
    "FLAVORS := { FLAVOR[,FLAVOR] }\n",
    "FLAVOR := { psp | usp | usd | next-csid }\n",
    "IOAM6HDR := trace prealloc type IOAM6_TRACE_TYPE ns IOAM6_NAMESPACE size IOAM6_TRACE_SIZE\n",
    "XFRMINFO := if_id IF_ID [ link_dev LINK ]\n",
    "ROUTE_GET_FLAGS := [ fibmatch ]\n",
);

const VXLAN_USAGE: &str = concat!(
    "Usage: ... vxlan id VNI\n",
    "\t\t[ { group | remote } IP_ADDRESS ]\n",
    "\t\t[ local ADDR ]\n",
    "\t\t[ ttl TTL ]\n",
    "\t\t[ tos TOS ]\n",
    "\t\t[ df DF ]\n",
    "\t\t[ flowlabel LABEL ]\n",
    "\t\t[ dev PHYS_DEV ]\n",
    "\t\t[ dstport PORT ]\n",
    "\t\t[ srcport MIN MAX ]\n",
    "\t\t[ [no]learning ]\n",
    "\t\t[ [no]proxy ]\n",
    "\t\t[ [no]rsc ]\n",
    "\t\t[ [no]l2miss ]\n",
    "\t\t[ [no]l3miss ]\n",
    "\t\t[ ageing SECONDS ]\n",
    "\t\t[ maxaddress NUMBER ]\n",
    "\t\t[ [no]udpcsum ]\n",
    "\t\t[ [no]udp6zerocsumtx ]\n",
    "\t\t[ [no]udp6zerocsumrx ]\n",
    "\t\t[ [no]remcsumtx ] [ [no]remcsumrx ]\n",
    "\t\t[ [no]external ] [ gbp ] [ gpe ]\n",
    "\t\t[ [no]vnifilter ]\n",
    "\n",
    "Where:\tVNI\t:= 0-16777215\n",
    "\tADDR\t:= { IP_ADDRESS | any }\n",
    "\tTOS\t:= { NUMBER | inherit }\n",
    "\tTTL\t:= { 1..255 | auto | inherit }\n",
    "\tDF\t:= { unset | set | inherit }\n",
    "\tLABEL := 0-1048575\n",
);

const BRIDGE_TYPE_USAGE: &str = concat!(
    "Usage: ... bridge [ fdb_flush ]\n",
    "\t\t  [ forward_delay FORWARD_DELAY ]\n",
    "\t\t  [ hello_time HELLO_TIME ]\n",
    "\t\t  [ max_age MAX_AGE ]\n",
    "\t\t  [ ageing_time AGEING_TIME ]\n",
    "\t\t  [ stp_state STP_STATE ]\n",
    "\t\t  [ priority PRIORITY ]\n",
    "\t\t  [ group_fwd_mask MASK ]\n",
    "\t\t  [ group_address ADDRESS ]\n",
    "\t\t  [ no_linklocal_learn NO_LINKLOCAL_LEARN ]\n",
    "\t\t  [ vlan_filtering VLAN_FILTERING ]\n",
    "\t\t  [ vlan_protocol VLAN_PROTOCOL ]\n",
    "\t\t  [ vlan_default_pvid VLAN_DEFAULT_PVID ]\n",
    "\t\t  [ vlan_stats_enabled VLAN_STATS_ENABLED ]\n",
    "\t\t  [ vlan_stats_per_port VLAN_STATS_PER_PORT ]\n",
    "\t\t  [ mcast_snooping MULTICAST_SNOOPING ]\n",
    "\t\t  [ mcast_vlan_snooping MULTICAST_VLAN_SNOOPING ]\n",
    "\t\t  [ mcast_router MULTICAST_ROUTER ]\n",
    "\t\t  [ mcast_query_use_ifaddr MCAST_QUERY_USE_IFADDR ]\n",
    "\t\t  [ mcast_querier MULTICAST_QUERIER ]\n",
    "\t\t  [ mcast_hash_elasticity HASH_ELASTICITY ]\n",
    "\t\t  [ mcast_hash_max HASH_MAX ]\n",
    "\t\t  [ mcast_last_member_count LAST_MEMBER_COUNT ]\n",
    "\t\t  [ mcast_startup_query_count STARTUP_QUERY_COUNT ]\n",
    "\t\t  [ mcast_last_member_interval LAST_MEMBER_INTERVAL ]\n",
    "\t\t  [ mcast_membership_interval MEMBERSHIP_INTERVAL ]\n",
    "\t\t  [ mcast_querier_interval QUERIER_INTERVAL ]\n",
    "\t\t  [ mcast_query_interval QUERY_INTERVAL ]\n",
    "\t\t  [ mcast_query_response_interval QUERY_RESPONSE_INTERVAL ]\n",
    "\t\t  [ mcast_startup_query_interval STARTUP_QUERY_INTERVAL ]\n",
    "\t\t  [ mcast_stats_enabled MCAST_STATS_ENABLED ]\n",
    "\t\t  [ mcast_igmp_version IGMP_VERSION ]\n",
    "\t\t  [ mcast_mld_version MLD_VERSION ]\n",
    "\t\t  [ nf_call_iptables NF_CALL_IPTABLES ]\n",
    "\t\t  [ nf_call_ip6tables NF_CALL_IP6TABLES ]\n",
    "\t\t  [ nf_call_arptables NF_CALL_ARPTABLES ]\n",
    "\n",
    "Where: VLAN_PROTOCOL := { 802.1Q | 802.1ad }\n",
);

// ----- the command -----------------------------------------------------------

/// Address family selected by `-4`, `-6`, `-0`, `-f FAMILY`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Family {
    #[default]
    Unspec,
    Inet,
    Inet6,
    Link,
}

/// Global options.
#[derive(Clone, Copy, Debug, Default)]
struct Opts {
    family: Family,
    stats: u8,
    details: u8,
    oneline: bool,
    brief: bool,
    all: bool,
}

enum Next {
    Done,
    Exec { netns: NetnsId, argv: Vec<String> },
}

struct Ip<'a> {
    k: &'a mut Kernel,
    ns: NetnsId,
    opt: Opts,
    out: String,
    err: String,
}

impl Ip<'_> {
    fn main(&mut self, mut a: Args) -> Res<Next> {
        while let Some(word) = a.peek() {
            if !word.starts_with('-') {
                break;
            }
            let word = a.next().unwrap_or_default();
            if word == "--" {
                break;
            }
            let o = if word.starts_with("--") { &word[1..] } else { word.as_str() };
            if matches(o, "-loops") {
                a.next().ok_or_else(|| Fail::new(IP_USAGE, 255))?;
            } else if matches(o, "-family") {
                let f = a.next().ok_or_else(|| Fail::new(IP_USAGE, 255))?;
                self.opt.family = match f.as_str() {
                    "inet" => Family::Inet,
                    "inet6" => Family::Inet6,
                    "link" => Family::Link,
                    "help" => return Err(Fail::new(IP_USAGE, 255)),
                    "mpls" | "bridge" => return Err(Fail::not_modelled(&format!("\"ip -family {f}\""))),
                    _ => return Err(Fail::invarg("invalid protocol family", &f)),
                };
            } else if o == "-4" {
                self.opt.family = Family::Inet;
            } else if o == "-6" {
                self.opt.family = Family::Inet6;
            } else if o == "-0" {
                self.opt.family = Family::Link;
            } else if o == "-M" || o == "-B" {
                return Err(Fail::not_modelled(&format!("\"ip {o}\"")));
            } else if matches(o, "-human") || matches(o, "-human-readable") || matches(o, "-iec") {
                return Err(Fail::not_modelled("human-readable output (\"ip -h\", \"ip -iec\")"));
            } else if matches(o, "-stats") || matches(o, "-statistics") {
                self.opt.stats = self.opt.stats.saturating_add(1);
            } else if matches(o, "-details") {
                self.opt.details = self.opt.details.saturating_add(1);
            } else if matches(o, "-resolve") {
                return Err(Fail::not_modelled("name resolution (\"ip -resolve\")"));
            } else if matches(o, "-oneline") {
                self.opt.oneline = true;
            } else if matches(o, "-timestamp") || matches(o, "-tshort") || matches(o, "-force") || matches(o, "-pretty") {
                // Only change `ip monitor`, batch mode and JSON output.
            } else if matches(o, "-Version") {
                self.out.push_str("ip utility, iproute2-6.1.0, libbpf 1.1.2\n");
                return Ok(Next::Done);
            } else if matches(o, "-batch") {
                return Err(Fail::not_modelled("batch mode (\"ip -batch\")"));
            } else if matches(o, "-brief") {
                self.opt.brief = true;
            } else if matches(o, "-json") {
                return Err(Fail::not_modelled("JSON output (\"ip -json\")"));
            } else if matches(o, "-rcvbuf") {
                a.next().ok_or_else(|| Fail::new(IP_USAGE, 255))?;
            } else if matches(o.split('=').next().unwrap_or(o), "-color") || matches(o.split('=').next().unwrap_or(o), "-colour") {
                // `-c` alone means `-c=always`; `auto` colours only a
                // terminal, and mesh's output is not one.
                match o.split_once('=').map(|(_, v)| v) {
                    Some("never" | "auto") => {}
                    None | Some("always") => return Err(Fail::not_modelled("colour output (\"ip -color\")")),
                    Some(_) => return Err(Fail::new(format!("Option \"{o}\" is unknown, try \"ip -help\".\n"), 255)),
                }
            } else if matches(o, "-help") {
                return Err(Fail::new(IP_USAGE, 255));
            } else if matches(o, "-netns") {
                let name = a.next();
                let target = match name.as_deref() {
                    Some(n) => self.open_netns(n)?,
                    None => return Err(Fail::new("Cannot open network namespace \"(null)\": No such file or directory\n", 255)),
                };
                self.ns = target;
            } else if matches(o, "-Numeric") {
                return Err(Fail::not_modelled("numeric output (\"ip -Numeric\")"));
            } else if matches(o, "-all") {
                self.opt.all = true;
            } else {
                return Err(Fail::new(format!("Option \"{o}\" is unknown, try \"ip -help\".\n"), 255));
            }
        }
        let Some(object) = a.next() else {
            return Err(Fail::new(IP_USAGE, 255));
        };
        const OBJECTS: [&str; 34] = [
            "address",
            "addrlabel",
            "maddress",
            "route",
            "rule",
            "neighbor",
            "neighbour",
            "ntable",
            "ntbl",
            "link",
            "l2tp",
            "fou",
            "ila",
            "macsec",
            "tunnel",
            "tunl",
            "tuntap",
            "tap",
            "token",
            "tcpmetrics",
            "tcp_metrics",
            "monitor",
            "xfrm",
            "mroute",
            "mrule",
            "netns",
            "netconf",
            "vrf",
            "sr",
            "nexthop",
            "mptcp",
            "ioam",
            "help",
            "stats",
        ];
        let Some(obj) = OBJECTS.iter().find(|o| matches(&object, o)) else {
            return Err(Fail::new(format!("Object \"{object}\" is unknown, try \"ip help\".\n"), 1));
        };
        match *obj {
            "address" => self.do_addr(a).map(|()| Next::Done),
            "route" => self.do_route(a).map(|()| Next::Done),
            "rule" => self.do_rule(a).map(|()| Next::Done),
            "neighbor" | "neighbour" => self.do_neigh(a).map(|()| Next::Done),
            "link" => self.do_link(a).map(|()| Next::Done),
            "netns" => self.do_netns(a),
            "help" => Err(Fail::new(IP_USAGE, 255)),
            other => Err(Fail::not_modelled(&format!("\"ip {other}\""))),
        }
    }

    /// `netns_switch`: a name under /run/netns, or a path.
    fn open_netns(&self, name: &str) -> Res<NetnsId> {
        let path = if name.contains('/') { name.to_string() } else { format!("{NETNS_RUN_DIR}/{name}") };
        self.k.netns_by_path(&path).ok_or_else(|| Fail::new(format!("Cannot open network namespace \"{name}\": No such file or directory\n"), 255))
    }

    fn dev_named(&self, name: &str) -> Option<DevId> {
        self.k.dev_by_name(self.ns, name)
    }

    /// Run a change on the kernel; on failure put everything back.
    fn atomically(&mut self, f: impl FnOnce(&mut Kernel) -> Res) -> Res {
        let saved = self.k.save_net();
        let r = f(self.k);
        if r.is_err() {
            self.k.restore_net(saved);
        }
        r
    }

    /// Create a device, then set its attributes; if setting them fails the
    /// device is gone again. A failed creation keeps what the kernel did
    /// (a veth whose peer registered first has used up an ifindex).
    fn create(&mut self, make: impl FnOnce(&mut Kernel) -> Result<DevId, KernelError>, then: impl FnOnce(&mut Kernel, DevId) -> Res) -> Res {
        let saved = self.k.save_net();
        let dev = make(self.k).map_err(|e| Fail::kernel(e, 2))?;
        let r = then(self.k, dev);
        if r.is_err() {
            self.k.restore_net(saved);
        }
        r
    }
}

// ----- ip link ---------------------------------------------------------------

/// The attributes of `ip link add|set|delete` (iplink_parse).
#[derive(Default)]
struct LinkReq {
    dev: Option<String>,
    name: Option<String>,
    up: Option<bool>,
    mtu: Option<i64>,
    txqlen: Option<i64>,
    address: Option<(String, Vec<u8>)>,
    netns: Option<NetnsId>,
    master: Option<Option<DevId>>,
    alias: Option<String>,
    promisc: Option<bool>,
    kind: Option<String>,
    /// Arguments after `type KIND`.
    kind_args: Vec<String>,
}

impl Ip<'_> {
    fn do_link(&mut self, mut a: Args) -> Res {
        let Some(cmd) = a.next() else {
            return self.link_list(a, true);
        };
        if matches(&cmd, "add") {
            self.link_add(a)
        } else if matches(&cmd, "set") || matches(&cmd, "change") {
            self.link_set(a)
        } else if matches(&cmd, "replace") {
            Err(Fail::not_modelled("\"ip link replace\""))
        } else if matches(&cmd, "delete") {
            self.link_del(a)
        } else if matches(&cmd, "show") || matches(&cmd, "lst") || matches(&cmd, "list") {
            self.link_list(a, true)
        } else if matches(&cmd, "xstats") || matches(&cmd, "afstats") || matches(&cmd, "property") {
            Err(Fail::not_modelled(&format!("\"ip link {cmd}\"")))
        } else if matches(&cmd, "help") {
            Err(Fail::not_modelled("\"ip link help\""))
        } else {
            Err(Fail::new(format!("Command \"{cmd}\" is unknown, try \"ip link help\".\n"), 255))
        }
    }

    /// iplink_parse: the generic link attributes, up to `type KIND`.
    fn link_parse(&self, a: &mut Args) -> Res<LinkReq> {
        let mut r = LinkReq::default();
        while let Some(w) = a.next() {
            if w == "up" {
                r.up = Some(true);
            } else if w == "down" {
                r.up = Some(false);
            } else if w == "name" {
                let v = a.value()?;
                if r.name.is_some() {
                    return Err(Fail::duparg("name", &v));
                }
                if v.is_empty() || v.len() >= 16 || v.bytes().any(|b| b == b'/' || b.is_ascii_whitespace()) {
                    return Err(Fail::invarg("\"name\" not a valid ifname", &v));
                }
                if r.dev.is_none() {
                    r.dev = Some(v.clone());
                }
                r.name = Some(v);
            } else if matches(&w, "address") {
                let v = a.value()?;
                let bytes = parse_lladdr(&v).ok_or_else(|| Fail::new(format!("\"{v}\" is invalid lladdr.\n"), 1))?;
                r.address = Some((v, bytes));
            } else if matches(&w, "txqueuelen") || w == "qlen" || matches(&w, "txqlen") {
                let v = a.value()?;
                if r.txqlen.is_some() {
                    return Err(Fail::duparg("txqueuelen", &v));
                }
                r.txqlen = Some(parse_c_int(&v).filter(|x| i32::try_from(*x).is_ok()).ok_or_else(|| Fail::invarg("Invalid \"txqueuelen\" value\n", &v))?);
            } else if w == "mtu" {
                let v = a.value()?;
                if r.mtu.is_some() {
                    return Err(Fail::duparg("mtu", &v));
                }
                r.mtu = Some(parse_c_int(&v).filter(|x| i32::try_from(*x).is_ok()).ok_or_else(|| Fail::invarg("Invalid \"mtu\" value\n", &v))?);
            } else if w == "netns" {
                let v = a.value()?;
                if r.netns.is_some() {
                    return Err(Fail::duparg("netns", &v));
                }
                let path = if v.contains('/') { v.clone() } else { format!("{NETNS_RUN_DIR}/{v}") };
                r.netns = Some(match self.k.netns_by_path(&path) {
                    Some(n) => n,
                    // A process id: mesh models processes only as "pid 1 is in the initial namespace".
                    None => match parse_c_int(&v) {
                        Some(1) => crate::kernel::INIT_NETNS,
                        Some(_) => return Err(Fail::kernel(Errno::ESRCH.into(), 2)),
                        None => return Err(Fail::invarg("Invalid \"netns\" value\n", &v)),
                    },
                });
            } else if w == "promisc" {
                let v = a.value()?;
                r.promisc = Some(match v.as_str() {
                    "on" => true,
                    "off" => false,
                    _ => return Err(Fail::new(format!("Error: argument of \"promisc\" must be \"on\" or \"off\", not \"{v}\"\n"), 1)),
                });
            } else if w == "master" {
                let v = a.value()?;
                let m = self.dev_named(&v).ok_or_else(|| Fail::invarg("Device does not exist\n", &v))?;
                r.master = Some(Some(m));
            } else if w == "nomaster" {
                r.master = Some(None);
            } else if matches(&w, "alias") {
                let v = a.value()?;
                if v.len() >= 256 {
                    return Err(Fail::invarg("alias too long\n", &v));
                }
                r.alias = Some(v);
            } else if matches(&w, "type") {
                r.kind = Some(a.value()?);
                r.kind_args = a.rest();
                break;
            } else if [
                "index",
                "link",
                "broadcast",
                "brd",
                "multicast",
                "allmulticast",
                "trailers",
                "arp",
                "carrier",
                "dynamic",
                "vf",
                "xdp",
                "xdpgeneric",
                "xdpdrv",
                "xdpoffload",
                "vrf",
                "group",
                "mode",
                "state",
                "numtxqueues",
                "numrxqueues",
                "addrgenmode",
                "link-netns",
                "link-netnsid",
                "protodown",
                "protodown_reason",
                "gso_max_size",
                "gso_max_segs",
                "gro_max_size",
                "parentdev",
            ]
            .contains(&w.as_str())
            {
                return Err(Fail::not_modelled(&format!("\"ip link … {w}\"")));
            } else {
                let v = if w == "dev" { a.value()? } else { w };
                if r.dev.is_some() {
                    return Err(Fail::duparg2("dev", &v));
                }
                if v.is_empty() || v.len() >= 128 || v.bytes().any(|b| b == b'/' || b.is_ascii_whitespace()) {
                    return Err(Fail::invarg("\"dev\" not a valid ifname", &v));
                }
                r.dev = Some(v);
            }
        }
        Ok(r)
    }

    fn link_set(&mut self, mut a: Args) -> Res {
        let r = self.link_parse(&mut a)?;
        let Some(devname) = r.dev.clone() else {
            return Err(Fail::new("Not enough information: \"dev\" argument is required.\n", 255));
        };
        let dev = self.dev_named(&devname).ok_or_else(|| Fail::nodev(&devname, 1))?;
        let bridge_opts = match r.kind.as_deref() {
            None => None,
            Some("bridge") if self.k.dev(dev).is_bridge() => Some(self.bridge_opts(&r.kind_args)?),
            Some(other) => return Err(Fail::not_modelled(&format!("\"ip link set … type {other}\""))),
        };
        if let Some((text, bytes)) = &r.address {
            if bytes.len() != 6 {
                return Err(Fail::new(format!("Invalid address length {} - must be 6 bytes\n", bytes.len()), 1));
            }
            let _ = text;
        }
        let ns = self.ns;
        self.atomically(|k| {
            let kerr = |e| Fail::kernel(e, 2);
            // do_setlink's order: namespace, address, mtu, name, alias, flags, master, txqlen.
            if let Some(target) = r.netns {
                k.dev_set_netns(dev, target).map_err(kerr)?;
                k.link_netnsid(dev);
            }
            if let Some((_, bytes)) = &r.address {
                let mac = <[u8; 6]>::try_from(bytes.as_slice()).map(EthernetAddress).map_err(|_| Fail::kernel(Errno::EINVAL.into(), 2))?;
                k.dev_set_mac(dev, mac).map_err(kerr)?;
            }
            if let Some(mtu) = r.mtu {
                let mtu = u32::try_from(mtu).map_err(|_| Fail::kernel(KernelError::with_msg(Errno::EINVAL, "mtu less than device minimum"), 2))?;
                k.dev_set_mtu(dev, mtu).map_err(kerr)?;
            }
            if let Some(name) = &r.name
                && k.dev(dev).name != *name
            {
                k.dev_rename(dev, name).map_err(kerr)?;
            }
            if let Some(alias) = &r.alias {
                k.dev_set_alias(dev, alias).map_err(kerr)?;
            }
            if let Some(p) = r.promisc {
                k.dev_set_promisc(dev, p);
            }
            if let Some(up) = r.up {
                k.dev_set_up(dev, up).map_err(kerr)?;
            }
            if let Some(m) = r.master {
                k.dev_set_master(dev, m).map_err(kerr)?;
            }
            if let Some(q) = r.txqlen {
                let q = u32::try_from(q).map_err(|_| Fail::kernel(Errno::EINVAL.into(), 2))?;
                k.dev_set_txqlen(dev, q).map_err(kerr)?;
            }
            if let Some(b) = bridge_opts {
                b.apply(k, dev);
            }
            if k.dev(dev).netns == ns {
                k.link_netnsid(dev);
            }
            Ok(())
        })
    }

    fn link_del(&mut self, mut a: Args) -> Res {
        let r = self.link_parse(&mut a)?;
        let Some(devname) = r.dev else {
            return Err(Fail::new("Not enough information: \"dev\" argument is required.\n", 255));
        };
        let dev = self.dev_named(&devname).ok_or_else(|| Fail::nodev(&devname, 1))?;
        self.k.dev_delete(dev).map_err(|e| Fail::kernel(e, 2))
    }

    /// The lowest free `PREFIX%d` name in a namespace (the kernel's default names).
    fn free_name(&self, ns: NetnsId, prefix: &str) -> String {
        (0..).map(|i| format!("{prefix}{i}")).find(|n| self.k.dev_by_name(ns, n).is_none()).unwrap_or_default()
    }

    fn link_add(&mut self, mut a: Args) -> Res {
        let r = self.link_parse(&mut a)?;
        let Some(kind) = r.kind.clone() else {
            return Err(Fail::new("Not enough information: \"type\" argument is required\n", 1));
        };
        let src_ns = self.ns;
        let ns = r.netns.unwrap_or(src_ns);
        let mac = match &r.address {
            Some((_, b)) => Some(<[u8; 6]>::try_from(b.as_slice()).map(EthernetAddress).map_err(|_| Fail::kernel(Errno::EINVAL.into(), 2))?),
            None => None,
        };
        let name = r.name.clone().or(r.dev.clone());
        match kind.as_str() {
            "veth" => {
                let mut pa = Args::new(r.kind_args.clone());
                let peer = match pa.next() {
                    // Without `peer`, veth_newlink builds the peer from the
                    // device's own attributes: its namespace, MTU and queue
                    // length (not its address, flags or alias).
                    None => LinkReq { netns: r.netns, mtu: r.mtu, txqlen: r.txqlen, ..LinkReq::default() },
                    Some(p) if p == "peer" => {
                        let pr = self.link_parse(&mut pa)?;
                        if pr.kind.is_some() {
                            return Err(Fail::duparg("type", &pr.kind.clone().unwrap_or_default()));
                        }
                        pr
                    }
                    Some(_) => {
                        let mut f = Fail::new("", 1);
                        f.out = "Usage: ip link <options> type veth [peer <options>]\nTo get <options> type 'ip link add help'\n".to_string();
                        return Err(f);
                    }
                };
                let peer_mac = match &peer.address {
                    Some((_, b)) => Some(<[u8; 6]>::try_from(b.as_slice()).map(EthernetAddress).map_err(|_| Fail::kernel(Errno::EINVAL.into(), 2))?),
                    None => None,
                };
                let peer_ns = peer.netns.unwrap_or(src_ns);
                let free = |k: &Kernel, ns: NetnsId, skip: Option<&str>| {
                    (0..).map(|i| format!("veth{i}")).find(|n| k.dev_by_name(ns, n).is_none() && Some(n.as_str()) != skip).unwrap_or_default()
                };
                let peer_name = match peer.name.clone().or(peer.dev.clone()) {
                    Some(n) => n,
                    None => free(self.k, peer_ns, None),
                };
                let name = match &name {
                    Some(n) => n.clone(),
                    None => free(self.k, ns, (peer_ns == ns).then_some(peer_name.as_str())),
                };
                let spec = LinkSpec::Veth { peer_name, peer_netns: Some(peer_ns), peer_mac };
                self.create(
                    |k| k.link_add(ns, &name, spec, mac),
                    |k, dev| {
                        let peer_dev = k.dev(dev).veth_peer().ok_or_else(|| Fail::kernel(Errno::EINVAL.into(), 2))?;
                        Self::apply_new_link(k, dev, &r)?;
                        Self::apply_new_link(k, peer_dev, &peer)
                    },
                )
            }
            "bridge" => {
                let opts = self.bridge_opts(&r.kind_args)?;
                let name = name.unwrap_or_else(|| self.free_name(ns, "bridge"));
                self.create(
                    |k| k.link_add(ns, &name, LinkSpec::Bridge, mac),
                    |k, dev| {
                        opts.apply(k, dev);
                        Self::apply_new_link(k, dev, &r)
                    },
                )
            }
            "dummy" => {
                if let Some(w) = r.kind_args.first() {
                    return Err(Fail::new(format!("Garbage instead of arguments \"{w} ...\". Try \"ip link help\".\n"), 255));
                }
                let name = name.unwrap_or_else(|| self.free_name(ns, "dummy"));
                self.create(|k| k.link_add(ns, &name, LinkSpec::Dummy, mac), |k, dev| Self::apply_new_link(k, dev, &r))
            }
            "vxlan" => {
                let v = self.vxlan_parse(&r.kind_args, src_ns)?;
                let Some(mut state) = v.state else {
                    return Err(Fail::kernel(KernelError::with_msg(Errno::EINVAL, "Required attributes not provided to perform the operation"), 2));
                };
                if !v.dstport_given {
                    self.err.push_str("vxlan: destination port not specified\nWill use Linux kernel default (non-standard value)\nUse 'dstport 4789' to get the IANA assigned value\nUse 'dstport 0' to get default and quiet this message\n");
                }
                state.link_netns = src_ns;
                let remote = state.remote;
                let link = state.link;
                let name = name.unwrap_or_else(|| self.free_name(ns, "vxlan"));
                let mtu = self.k.vxlan_default_mtu(link);
                self.create(
                    |k| k.link_add(ns, &name, LinkSpec::Vxlan(state), mac),
                    |k, dev| {
                        k.dev_mut(dev).mtu = mtu;
                        if let Some(rem) = remote {
                            k.vxlan_fdb_add(dev, EthernetAddress([0; 6]), rem, true, FdbMode::Add).map_err(|e| Fail::kernel(e, 2))?;
                            // The default destination sends by the device's `dev`.
                            if let Some(entry) = k.dev_mut(dev).vxlan_mut().and_then(|v| v.fdb.iter_mut().find(|f| f.mac == EthernetAddress([0; 6]))) {
                                entry.via = link;
                            }
                        }
                        Self::apply_new_link(k, dev, &r)
                    },
                )
            }
            "vlan" | "macvlan" | "macvtap" | "ipvlan" | "ipvtap" | "bond" | "team" | "vrf" | "gre" | "gretap" | "ipip" | "sit" | "geneve" | "bareudp"
            | "vcan" | "vxcan" | "ifb" | "nlmon" | "ip6tnl" | "ip6gre" | "ip6gretap" | "erspan" | "ip6erspan" | "vti" | "xfrm" | "wireguard" | "macsec"
            | "hsr" | "netdevsim" | "amt" | "gtp" | "rmnet" | "virt_wifi" | "wwan" | "dsa" | "ipoib" | "can" | "batadv" | "netkit" => {
                Err(Fail::not_modelled(&format!("link type \"{kind}\"")))
            }
            _ => {
                if let Some(w) = r.kind_args.first() {
                    return Err(Fail::new(format!("Garbage instead of arguments \"{w} ...\". Try \"ip link help\".\n"), 255));
                }
                Err(Fail::kernel(KernelError::with_msg(Errno::EOPNOTSUPP, "Unknown device type"), 2))
            }
        }
    }

    /// The attributes `ip link add` sets on the new device after creating it.
    fn apply_new_link(k: &mut Kernel, dev: DevId, r: &LinkReq) -> Res {
        let kerr = |e| Fail::kernel(e, 2);
        if let Some(mtu) = r.mtu {
            let mtu = u32::try_from(mtu).map_err(|_| Fail::kernel(KernelError::with_msg(Errno::EINVAL, "mtu less than device minimum"), 2))?;
            k.dev_set_mtu(dev, mtu).map_err(kerr)?;
        }
        if let Some(q) = r.txqlen {
            let q = u32::try_from(q).map_err(|_| Fail::kernel(Errno::EINVAL.into(), 2))?;
            k.dev_set_txqlen(dev, q).map_err(kerr)?;
        }
        if let Some(alias) = &r.alias {
            k.dev_set_alias(dev, alias).map_err(kerr)?;
        }
        if let Some(p) = r.promisc {
            k.dev_set_promisc(dev, p);
        }
        if let Some(m) = r.master {
            k.dev_set_master(dev, m).map_err(kerr)?;
        }
        if let Some(up) = r.up {
            k.dev_set_up(dev, up).map_err(kerr)?;
        }
        Ok(())
    }

    /// `type bridge` options: `ageing_time` (centiseconds) and `stp_state`.
    fn bridge_opts(&self, args: &[String]) -> Res<BridgeOpts> {
        let mut a = Args::new(args.to_vec());
        let mut o = BridgeOpts::default();
        while let Some(w) = a.next() {
            match w.as_str() {
                "ageing_time" => {
                    let v = a.value()?;
                    o.ageing_cs = Some(parse_u32(&v).ok_or_else(|| Fail::invarg("invalid ageing_time", &v))?);
                }
                "stp_state" => {
                    let v = a.value()?;
                    o.stp = Some(parse_u32(&v).ok_or_else(|| Fail::invarg("invalid stp_state", &v))? != 0);
                }
                "fdb_flush"
                | "forward_delay"
                | "hello_time"
                | "max_age"
                | "priority"
                | "group_fwd_mask"
                | "group_address"
                | "no_linklocal_learn"
                | "vlan_filtering"
                | "vlan_protocol"
                | "vlan_default_pvid"
                | "vlan_stats_enabled"
                | "vlan_stats_per_port"
                | "mcast_snooping"
                | "mcast_vlan_snooping"
                | "mcast_router"
                | "mcast_query_use_ifaddr"
                | "mcast_querier"
                | "mcast_hash_elasticity"
                | "mcast_hash_max"
                | "mcast_last_member_count"
                | "mcast_startup_query_count"
                | "mcast_last_member_interval"
                | "mcast_membership_interval"
                | "mcast_querier_interval"
                | "mcast_query_interval"
                | "mcast_query_response_interval"
                | "mcast_startup_query_interval"
                | "mcast_stats_enabled"
                | "mcast_igmp_version"
                | "mcast_mld_version"
                | "nf_call_iptables"
                | "nf_call_ip6tables"
                | "nf_call_arptables" => {
                    return Err(Fail::not_modelled(&format!("bridge option \"{w}\"")));
                }
                _ => return Err(Fail::new(format!("bridge: unknown command \"{w}\"?\n{BRIDGE_TYPE_USAGE}"), 1)),
            }
        }
        Ok(o)
    }

    /// `type vxlan` options (iplink_vxlan.c).
    fn vxlan_parse(&self, args: &[String], src_ns: NetnsId) -> Res<VxlanParse> {
        let mut a = Args::new(args.to_vec());
        let mut v = VxlanState::new(0, src_ns);
        let mut vni = None;
        let mut dstport_given = false;
        let addr = |s: &str| parse_ipv4(s).ok_or_else(|| Fail::new(format!("Error: any valid address is expected rather than \"{s}\".\n"), 1));
        while let Some(w) = a.next() {
            if matches(&w, "id") || matches(&w, "vni") {
                let x = a.value()?;
                if vni.is_some() {
                    return Err(Fail::duparg("id", &x));
                }
                vni = Some(parse_u32(&x).filter(|n| *n < 1 << 24).ok_or_else(|| Fail::invarg("invalid id", &x))?);
            } else if matches(&w, "group") {
                return Err(Fail::not_modelled("VXLAN multicast groups"));
            } else if matches(&w, "remote") {
                let x = a.value()?;
                let ip = addr(&x)?;
                if ip.is_multicast() {
                    return Err(Fail::invarg("invalid remote address", &x));
                }
                v.remote = Some(ip);
            } else if matches(&w, "local") {
                let x = a.value()?;
                let ip = addr(&x)?;
                if ip.is_multicast() {
                    return Err(Fail::invarg("invalid local address", &x));
                }
                v.local = Some(ip);
            } else if matches(&w, "dev") {
                let x = a.value()?;
                v.link = Some(self.dev_named(&x).ok_or_else(|| Fail::nodev(&x, 255))?);
            } else if matches(&w, "ttl") || matches(&w, "hoplimit") {
                let x = a.value()?;
                v.ttl = match x.as_str() {
                    "auto" => 0,
                    "inherit" => return Err(Fail::not_modelled("\"ttl inherit\"")),
                    _ => {
                        let n = parse_u32(&x).ok_or_else(|| Fail::invarg("invalid TTL", &x))?;
                        u8::try_from(n).map_err(|_| Fail::invarg("TTL must be <= 255", &x))?
                    }
                };
            } else if matches(&w, "tos") || matches(&w, "dsfield") {
                let x = a.value()?;
                v.tos = match x.as_str() {
                    "inherit" => 1,
                    _ => u8::try_from(parse_u32(&x).ok_or_else(|| Fail::invarg("bad TOS value", &x))?).map_err(|_| Fail::invarg("bad TOS value", &x))?,
                };
            } else if matches(&w, "ageing") {
                let x = a.value()?;
                v.ageing = match x.as_str() {
                    "none" => crate::time::Duration::ZERO,
                    _ => crate::time::Duration::from_secs(u64::from(parse_u32(&x).ok_or_else(|| Fail::invarg("ageing timer", &x))?)),
                };
            } else if matches(&w, "port") || matches(&w, "srcport") {
                let lo = a.value()?;
                let min = parse_u32(&lo).and_then(|n| u16::try_from(n).ok()).ok_or_else(|| Fail::invarg("min port", &lo))?;
                let hi = a.value()?;
                let max = parse_u32(&hi).and_then(|n| u16::try_from(n).ok()).ok_or_else(|| Fail::invarg("max port", &hi))?;
                v.srcport_min = min;
                v.srcport_max = max;
            } else if matches(&w, "dstport") {
                let x = a.value()?;
                let p = parse_u32(&x).and_then(|n| u16::try_from(n).ok()).ok_or_else(|| Fail::invarg("dst port", &x))?;
                v.dstport = if p == 0 { 8472 } else { p };
                dstport_given = true;
            } else if matches(&w, "nolearning") {
                v.learning = false;
            } else if matches(&w, "learning") {
                v.learning = true;
            } else if matches(&w, "noproxy") {
                v.proxy = false;
            } else if matches(&w, "proxy") {
                v.proxy = true;
            } else if matches(&w, "nol2miss") {
                v.l2miss = false;
            } else if matches(&w, "l2miss") {
                v.l2miss = true;
            } else if matches(&w, "nol3miss") {
                v.l3miss = false;
            } else if matches(&w, "l3miss") {
                v.l3miss = true;
            } else if matches(&w, "noudpcsum") {
                v.udp_csum = false;
            } else if matches(&w, "udpcsum") {
                v.udp_csum = true;
            } else if [
                "df",
                "flowlabel",
                "label",
                "maxaddress",
                "norsc",
                "rsc",
                "udp6zerocsumtx",
                "noudp6zerocsumtx",
                "udp6zerocsumrx",
                "noudp6zerocsumrx",
                "remcsumtx",
                "noremcsumtx",
                "remcsumrx",
                "noremcsumrx",
                "external",
                "noexternal",
                "gbp",
                "gpe",
                "vnifilter",
                "novnifilter",
                "localbypass",
                "nolocalbypass",
            ]
            .contains(&w.as_str())
            {
                return Err(Fail::not_modelled(&format!("VXLAN option \"{w}\"")));
            } else {
                return Err(Fail::new(format!("vxlan: unknown command \"{w}\"?\n{VXLAN_USAGE}"), 1));
            }
        }
        Ok(VxlanParse {
            state: vni.map(|n| {
                v.vni = n;
                Box::new(v)
            }),
            dstport_given,
        })
    }
}

struct VxlanParse {
    state: Option<Box<VxlanState>>,
    dstport_given: bool,
}

/// `ip link add|set … type bridge` options mesh models.
#[derive(Clone, Copy, Default)]
struct BridgeOpts {
    ageing_cs: Option<u32>,
    stp: Option<bool>,
}

impl BridgeOpts {
    fn apply(self, k: &mut Kernel, dev: DevId) {
        if let Some(b) = k.dev_mut(dev).bridge_mut() {
            if let Some(cs) = self.ageing_cs {
                b.ageing_time = crate::time::Duration::from_millis(u64::from(cs) * 10);
            }
            if let Some(stp) = self.stp {
                b.stp = stp;
            }
        }
    }
}

// ----- listing links and addresses -------------------------------------------

/// The selection of `ip link show` / `ip addr show|flush`
/// (ipaddr_list_flush_or_save).
#[derive(Default)]
struct LinkFilter {
    dev: Option<DevId>,
    up: bool,
    master: Option<DevId>,
    nomaster: bool,
    kind: Option<String>,
    slave_kind: Option<String>,
    label: Option<String>,
    /// `scope S` (None = any, also `scope all`).
    scope: Option<Scope>,
    to: Option<Ipv4Cidr>,
    /// Address flag tests (`primary`, `secondary`, `permanent` …).
    flags: Vec<fn(&IfAddr) -> bool>,
    /// Whether any argument was given (flush needs one).
    any: bool,
}

impl LinkFilter {
    fn addr_matches(&self, a: &IfAddr) -> bool {
        self.scope.is_none_or(|s| s == a.scope)
            // `to PREFIX` tests the local address alone (inet_addr_match), not
            // the address's own prefix length.
            && self.to.is_none_or(|p| p.contains(a.local))
            && self.label.as_ref().is_none_or(|l| l == &a.label)
            && self.flags.iter().all(|f| f(a))
    }
}

impl Ip<'_> {
    fn link_filter(&self, a: &mut Args, family: &mut Family) -> Res<LinkFilter> {
        let mut f = LinkFilter::default();
        let mut dev_name: Option<String> = None;
        while let Some(w) = a.next() {
            f.any = true;
            match w.as_str() {
                "to" => {
                    let v = a.value()?;
                    let (p, _) = parse_prefix(&v).ok_or_else(|| Fail::new(format!("Error: any valid prefix is expected rather than \"{v}\".\n"), 1))?;
                    f.to = Some(p);
                    if *family == Family::Unspec {
                        *family = Family::Inet;
                    }
                }
                "scope" => {
                    let v = a.value()?;
                    f.scope = match v.as_str() {
                        "all" => None,
                        _ => Some(
                            Scope::parse(&v)
                                .filter(|s| s.name() == v || s.value().to_string() == v || (v == "universe" && *s == Scope::Global))
                                .ok_or_else(|| Fail::invarg("invalid \"scope\"\n", &v))?,
                        ),
                    };
                }
                "up" => f.up = true,
                "primary" => f.flags.push(|a| !a.secondary),
                "secondary" | "temporary" => f.flags.push(|a| a.secondary),
                "-secondary" | "-temporary" | "-primary" => return Err(Fail::not_modelled(&format!("address flag filter \"{w}\""))),
                "permanent" | "-dynamic" | "-tentative" | "-deprecated" | "-dadfailed" | "-home" | "-nodad" | "-mngtmpaddr" | "-autojoin" => {
                    f.flags.push(|_| true)
                }
                "dynamic" | "tentative" | "deprecated" | "dadfailed" | "home" | "nodad" | "mngtmpaddr" | "autojoin" => f.flags.push(|_| false),
                "noprefixroute" => f.flags.push(|a| a.noprefixroute),
                "-noprefixroute" => f.flags.push(|a| !a.noprefixroute),
                "label" => f.label = Some(a.value()?),
                "group" => {
                    let v = a.value()?;
                    if v != "default" && v != "0" {
                        return Err(Fail::invarg("Invalid \"group\" value\n", &v));
                    }
                }
                "master" => {
                    let v = a.value()?;
                    f.master = Some(self.dev_named(&v).ok_or_else(|| Fail::invarg("Device does not exist\n", &v))?);
                }
                "nomaster" => f.nomaster = true,
                "vrf" => return Err(Fail::not_modelled("VRFs")),
                "type" => {
                    let v = a.value()?;
                    match v.strip_suffix("_slave") {
                        Some(k) => f.slave_kind = Some(k.to_string()),
                        None => f.kind = Some(v),
                    }
                }
                _ => {
                    let v = if w == "dev" { a.value()? } else { w };
                    if dev_name.is_some() {
                        return Err(Fail::duparg2("dev", &v));
                    }
                    dev_name = Some(v);
                }
            }
        }
        if let Some(n) = dev_name {
            f.dev = Some(self.dev_named(&n).ok_or_else(|| Fail::new(format!("Device \"{n}\" does not exist.\n"), 1))?);
        }
        Ok(f)
    }

    /// The devices a link filter selects, in ifindex order.
    fn select_links(&self, f: &LinkFilter) -> Vec<DevId> {
        let k = &*self.k;
        k.devs_in(self.ns)
            .filter(|d| f.dev.is_none_or(|x| x == d.id))
            .filter(|d| !f.up || d.admin_up)
            .filter(|d| f.master.is_none_or(|m| d.master == Some(m)))
            .filter(|d| !f.nomaster || d.master.is_none())
            .filter(|d| f.kind.as_ref().is_none_or(|kind| link_kind(&d.kind) == Some(kind.as_str())))
            .filter(|d| f.slave_kind.as_ref().is_none_or(|sk| sk == "bridge" && d.master.is_some()))
            .map(|d| d.id)
            .collect()
    }

    fn link_list(&mut self, mut a: Args, do_link: bool) -> Res {
        let mut family = if do_link { Family::Link } else { self.opt.family };
        let f = self.link_filter(&mut a, &mut family)?;
        if !do_link && family == Family::Inet6 {
            return Ok(());
        }
        if self.opt.stats > 1 {
            return Err(Fail::not_modelled("\"ip -s -s\" (error counters and carrier transitions)"));
        }
        for id in self.select_links(&f) {
            if do_link {
                let rec = if self.opt.brief { self.link_brief(id) } else { self.link_record(id, true, family) };
                self.emit(rec);
                if self.opt.stats > 0 && !self.opt.brief {
                    let s = self.stats_text(id)?;
                    self.emit_into_last(s);
                }
                continue;
            }
            let addrs: Vec<IfAddr> =
                if family == Family::Link { Vec::new() } else { self.k.dev(id).addrs.iter().filter(|x| f.addr_matches(x)).cloned().collect() };
            let has_any = !self.k.dev(id).addrs.is_empty();
            if family != Family::Link && addrs.is_empty() && (has_any || family == Family::Inet) {
                continue;
            }
            if self.opt.brief {
                let line = self.addr_brief(id, &addrs);
                self.out.push_str(&line);
                continue;
            }
            let no_link = self.opt.oneline || f.label.is_some();
            let mut rec = String::new();
            if !no_link {
                rec = self.link_record(id, false, family);
            }
            for x in &addrs {
                let line = self.addr_line(id, x);
                if self.opt.oneline {
                    // With -o each address is a record of its own.
                    self.out.push_str(&line);
                } else {
                    rec.push_str(&line);
                }
            }
            if !no_link && self.opt.stats > 0 {
                rec.push_str(&self.stats_text(id)?);
            }
            if !rec.is_empty() {
                self.emit(rec);
            }
        }
        Ok(())
    }

    /// Print one record; with `-o` its inner line breaks become `\`.
    fn emit(&mut self, rec: String) {
        if self.opt.oneline {
            let body = rec.strip_suffix('\n').unwrap_or(&rec);
            self.out.push_str(&body.replace('\n', "\\"));
            self.out.push('\n');
        } else {
            self.out.push_str(&rec);
        }
    }

    /// Continue the last record (stats after `ip link` lines).
    fn emit_into_last(&mut self, more: String) {
        if self.opt.oneline {
            if self.out.ends_with('\n') {
                self.out.pop();
            }
            self.out.push('\\');
            self.emit(more);
        } else {
            self.out.push_str(&more);
        }
    }

    /// `name@peer`: a veth shows its peer's name when the peer is in the same
    /// namespace, else `if<peer ifindex>`. A VXLAN device has no link of its
    /// own (its iflink is its ifindex, so nothing is shown), but a device
    /// whose link namespace is another one always reports IFLA_LINK (as
    /// Linux 6.18 does): a moved VXLAN device shows `@if<its own ifindex>`,
    /// whatever its lower device (`dev eth0` never shows).
    fn link_name(&self, id: DevId) -> (String, bool) {
        let k = &*self.k;
        let d = k.dev(id);
        match d.veth_peer() {
            Some(p) => {
                let peer = k.dev(p);
                if peer.netns == d.netns { (format!("{}@{}", d.name, peer.name), !peer.admin_up) } else { (format!("{}@if{}", d.name, peer.ifindex), false) }
            }
            None if d.vxlan().is_some() && k.link_netns(id).is_some() => (format!("{}@if{}", d.name, d.ifindex), false),
            None => (d.name.clone(), false),
        }
    }

    /// The `ip link` record of a device (print_linkinfo).
    fn link_record(&mut self, id: DevId, do_link: bool, family: Family) -> String {
        let nsid = self.k.link_netnsid(id);
        let k = &*self.k;
        let d = k.dev(id);
        let (name, mdown) = self.link_name(id);
        let mut s = String::new();
        let _ = write!(s, "{}: {}: {} mtu {} qdisc {} ", d.ifindex, name, link_flags(k, id, mdown), d.mtu, if d.qdisc_attached { "noqueue" } else { "noop" });
        if let Some(m) = d.master {
            let _ = write!(s, "master {} ", k.dev(m).name);
        }
        let _ = write!(s, "state {} ", k.oper_state(id).as_str());
        if do_link {
            s.push_str("mode DEFAULT ");
        }
        s.push_str("group default ");
        if d.txqlen > 0 {
            let _ = write!(s, "qlen {}", d.txqlen);
        }
        if do_link || matches!(family, Family::Unspec | Family::Link) {
            let (kind, brd) = if d.is_loopback() { ("loopback", "00:00:00:00:00:00") } else { ("ether", "ff:ff:ff:ff:ff:ff") };
            let _ = write!(s, "\n    link/{kind} {} brd {brd}", d.mac);
        }
        if let (Some(other), Some(nsid)) = (k.link_netns(id), nsid) {
            match k.named_netns().into_iter().find(|(_, n)| *n == other) {
                Some((nm, _)) => {
                    let _ = write!(s, " link-netns {nm}");
                }
                None => {
                    let _ = write!(s, " link-netnsid {nsid}");
                }
            }
        }
        if self.opt.details > 0 {
            s.push_str(&link_details(k, id, do_link));
        }
        if let Some(alias) = d.alias.as_ref().filter(|_| do_link || self.opt.details > 0) {
            let _ = write!(s, "\n    alias {alias}");
        }
        s.push('\n');
        s
    }

    fn link_brief(&mut self, id: DevId) -> String {
        let k = &*self.k;
        let d = k.dev(id);
        let (name, mdown) = self.link_name(id);
        format!("{name:<16} {:<14} {} {} \n", k.oper_state(id).as_str(), d.mac, link_flags(k, id, mdown))
    }

    fn addr_brief(&self, id: DevId, addrs: &[IfAddr]) -> String {
        let k = &*self.k;
        let (name, _) = self.link_name(id);
        let mut s = format!("{name:<16} {:<14} ", k.oper_state(id).as_str());
        for a in addrs {
            let _ = write!(s, "{}/{} ", a.local, a.prefix_len);
        }
        s.push('\n');
        s
    }

    /// One `inet` address (print_addrinfo).
    fn addr_line(&self, id: DevId, a: &IfAddr) -> String {
        let d = self.k.dev(id);
        let mut s = String::new();
        if self.opt.oneline {
            let _ = write!(s, "{}: {}", d.ifindex, d.name);
        }
        let _ = write!(s, "    inet {}/{} ", a.local, a.prefix_len);
        if let Some(b) = a.broadcast {
            let _ = write!(s, "brd {b} ");
        }
        let _ = write!(s, "scope {} ", a.scope.name());
        if a.secondary {
            s.push_str("secondary ");
        }
        if a.noprefixroute {
            s.push_str("noprefixroute ");
        }
        s.push_str(&a.label);
        s.push('\n');
        s.push_str("       valid_lft forever preferred_lft forever\n");
        if self.opt.oneline {
            // An address is one record of its own.
            s = s.replacen('\n', "\\", 1);
        }
        s
    }

    /// `ip -s link`: the RX/TX counter block, columns as wide as needed.
    fn stats_text(&self, id: DevId) -> Res<String> {
        let st = self.k.dev(id).stats;
        let rx = [st.rx_bytes, st.rx_packets, 0, st.rx_dropped, 0, 0];
        let tx = [st.tx_bytes, st.tx_packets, 0, st.tx_dropped, 0, 0];
        let mut cols = [10usize, 7, 6, 7, 7, 7];
        for (i, c) in cols.iter_mut().enumerate() {
            *c = (*c).max(rx[i].to_string().len()).max(tx[i].to_string().len());
        }
        let mut s = String::new();
        let _ = writeln!(
            s,
            "    RX: {:>w0$} {:>w1$} {:>w2$} {:>w3$} {:>w4$} {:>w5$} {:>10}",
            "bytes",
            "packets",
            "errors",
            "dropped",
            "missed",
            "mcast",
            "",
            w0 = cols[0] - 4,
            w1 = cols[1],
            w2 = cols[2],
            w3 = cols[3],
            w4 = cols[4],
            w5 = cols[5]
        );
        s.push_str("    ");
        for (i, v) in rx.iter().enumerate() {
            let _ = write!(s, "{:>w$} ", v, w = cols[i]);
        }
        s.push('\n');
        let _ = writeln!(
            s,
            "    TX: {:>w0$} {:>w1$} {:>w2$} {:>w3$} {:>w4$} {:>w5$} {:>10}",
            "bytes",
            "packets",
            "errors",
            "dropped",
            "carrier",
            "collsns",
            "",
            w0 = cols[0] - 4,
            w1 = cols[1],
            w2 = cols[2],
            w3 = cols[3],
            w4 = cols[4],
            w5 = cols[5]
        );
        s.push_str("    ");
        for (i, v) in tx.iter().enumerate() {
            let _ = write!(s, "{:>w$} ", v, w = cols[i]);
        }
        s.push('\n');
        Ok(s)
    }
}

/// The `ip -d link` kind name (`type` filter), none for loopback and NICs.
fn link_kind(kind: &DeviceKind) -> Option<&'static str> {
    match kind {
        DeviceKind::Loopback | DeviceKind::Nic => None,
        other => Some(other.name()),
    }
}

/// `<FLAGS>` as iproute2 prints them: NO-CARRIER first, then the IFF_ flags
/// in their fixed order, then M-DOWN (a same-namespace veth peer is down).
pub(crate) fn link_flags(k: &Kernel, id: DevId, mdown: bool) -> String {
    let d = k.dev(id);
    let up = d.admin_up;
    let running = up && matches!(k.oper_state(id), crate::kernel::OperState::Up | crate::kernel::OperState::Unknown);
    let mut v: Vec<&str> = Vec::new();
    if up && !running {
        v.push("NO-CARRIER");
    }
    match d.kind {
        DeviceKind::Loopback => v.push("LOOPBACK"),
        DeviceKind::Dummy => v.extend(["BROADCAST", "NOARP"]),
        _ => v.extend(["BROADCAST", "MULTICAST"]),
    }
    if d.promisc > 0 {
        v.push("PROMISC");
    }
    if up {
        v.push("UP");
        if k.carrier(id) {
            v.push("LOWER_UP");
        }
    }
    if mdown {
        v.push("M-DOWN");
    }
    format!("<{}>", v.join(","))
}

/// `bridge_id`/`designated_root`: priority 8000 and the MAC without zero padding.
/// A bridge's STP identifier, `8000.` and its address: the address given at
/// creation or set by hand, else the one the ports gave it; zero for a bridge
/// created with a random address that no port has joined yet.
fn bridge_id(d: &crate::kernel::Device) -> String {
    let unset = d.bridge().is_some_and(|b| !b.had_port && !b.mac_fixed);
    let b = if unset { [0; 6] } else { d.mac.0 };
    format!("8000.{:x}:{:x}:{:x}:{:x}:{:x}:{:x}", b[0], b[1], b[2], b[3], b[4], b[5])
}

/// A device's `tso_max_size`: TSO_MAX_SIZE (524280) for veth and loopback;
/// the legacy 65536 for a VXLAN device without a lower device and for a
/// bridge no port has joined yet; afterwards the bridge's is its ports'
/// minimum (br_set_gso_limits), 524280 again once they have all left.
fn tso_max_size(k: &Kernel, id: DevId) -> u32 {
    let d = k.dev(id);
    match &d.kind {
        DeviceKind::Vxlan(v) => v.link.filter(|l| k.dev_exists(*l)).map_or(65536, |_| 524_280),
        DeviceKind::Bridge(b) if !b.had_port => 65536,
        DeviceKind::Bridge(_) => k.bridge_ports(id).filter(|p| !p.is_bridge()).map(|p| tso_max_size(k, p.id)).min().unwrap_or(524_280),
        _ => 524_280,
    }
}

/// What `ip -d link` adds after the link/ether line: the common attributes,
/// the kind's attributes, the bridge-port attributes. Values mesh does not
/// model are the kernel's defaults; timers are shown in their steady state
/// (the bridge garbage-collection timer runs on a 300 s cycle of the
/// virtual clock).
///
/// `ip link` (`with_af_spec`) also prints the IPv6 part of the link's
/// `IFLA_AF_SPEC`, `addrgenmode eui64`: the kernel creates every device's
/// IPv6 state even with `disable_ipv6=1` (the addresses are what it
/// withholds); `ip address` asks for the link without it.
fn link_details(k: &Kernel, id: DevId, with_af_spec: bool) -> String {
    let d = k.dev(id);
    let mut s = String::new();
    let (minmtu, maxmtu) = match d.kind {
        DeviceKind::Loopback | DeviceKind::Dummy => (0, 0),
        DeviceKind::Nic => (68, 9000),
        _ => (68, 65535),
    };
    let _ = write!(s, " promiscuity {}  allmulti {} minmtu {minmtu} maxmtu {maxmtu} ", k.promiscuity(id), u8::from(d.master.is_some()));
    let tso = tso_max_size(k, id);
    let mut queues = 1;
    match &d.kind {
        DeviceKind::Veth { .. } => {
            s.push_str("\n    veth ");
            queues = 2;
        }
        DeviceKind::Dummy => s.push_str("\n    dummy "),
        DeviceKind::Bridge(b) => {
            let gc = if d.admin_up { 300.0 - (k.now.as_millis() % 300_000) as f64 / 1000.0 } else { 0.0 };
            let _ = write!(
                s,
                "\n    bridge forward_delay 1500 hello_time 200 max_age 2000 ageing_time {} stp_state {} priority 32768 vlan_filtering 0 bridge_id {id} designated_root {id} root_port 0 root_path_cost 0 topology_change 0 topology_change_detected 0 hello_timer    0.00 tcn_timer    0.00 topology_change_timer    0.00 gc_timer {gc:7.2} group_fwd_mask 0 group_address 01:80:c2:00:00:00 mcast_snooping 1 no_linklocal_learn 0 mcast_vlan_snooping 0 mcast_router 1 mcast_query_use_ifaddr 0 mcast_querier 0 mcast_hash_elasticity 16 mcast_hash_max 4096 mcast_last_member_count 2 mcast_startup_query_count 2 mcast_last_member_interval 100 mcast_membership_interval 26000 mcast_querier_interval 25500 mcast_query_interval 12500 mcast_query_response_interval 1000 mcast_startup_query_interval 3124 mcast_stats_enabled 0 mcast_igmp_version 2 mcast_mld_version 1 nf_call_iptables 0 nf_call_ip6tables 0 nf_call_arptables 0 ",
                b.ageing_time.as_millis() / 10,
                u8::from(b.stp),
                id = bridge_id(d),
            );
        }
        DeviceKind::Vxlan(v) => {
            let _ = write!(s, "\n    vxlan id {} ", v.vni);
            if let Some(r) = v.remote {
                let _ = write!(s, "remote {r} ");
            }
            if let Some(l) = v.local {
                let _ = write!(s, "local {l} ");
            }
            if let Some(l) = v.link.and_then(|l| k.dev_try(l)) {
                let _ = write!(s, "dev {} ", l.name);
            }
            let _ = write!(s, "srcport {} {} dstport {} ", v.srcport_min, v.srcport_max, v.dstport);
            if !v.learning {
                s.push_str("nolearning ");
            }
            if v.proxy {
                s.push_str("proxy ");
            }
            if v.l2miss {
                s.push_str("l2miss ");
            }
            if v.l3miss {
                s.push_str("l3miss ");
            }
            if v.tos == 1 {
                s.push_str("tos inherit ");
            } else if v.tos != 0 {
                let _ = write!(s, "tos {:#x} ", v.tos);
            }
            if v.ttl == 0 {
                s.push_str("ttl auto ");
            } else {
                let _ = write!(s, "ttl {} ", v.ttl);
            }
            let _ = write!(s, "ageing {} ", v.ageing.as_secs());
            s.push_str(if v.udp_csum { "udpcsum " } else { "noudpcsum " });
            s.push_str("noudp6zerocsumtx noudp6zerocsumrx ");
        }
        DeviceKind::Loopback | DeviceKind::Nic => {}
    }
    if let Some(br) = d.master {
        let brd = k.dev(br);
        let port_no = k.bridge_ports(br).position(|p| p.id == id).map_or(1, |i| i + 1);
        let state = if d.admin_up && brd.admin_up && k.carrier(id) { "forwarding" } else { "disabled" };
        let cost = if matches!(d.kind, DeviceKind::Veth { .. }) { 2 } else { 100 };
        let _ = write!(
            s,
            "\n    bridge_slave state {state} priority 32 cost {cost} hairpin off guard off root_block off fastleave off learning on flood on port_id {:#x} port_no {:#x} designated_port {} designated_cost 0 designated_bridge {id} designated_root {id} hold_timer    0.00 message_age_timer    0.00 forward_delay_timer    0.00 topology_change_ack 0 config_pending 0 proxy_arp off proxy_arp_wifi off mcast_router 1 mcast_fast_leave off mcast_flood on bcast_flood on mcast_to_unicast off neigh_suppress off group_fwd_mask 0 group_fwd_mask_str 0x0 vlan_tunnel off isolated off locked off ",
            0x8000 + port_no,
            port_no,
            0x8000 + port_no,
            id = bridge_id(brd),
        );
    }
    if with_af_spec {
        s.push_str("addrgenmode eui64 ");
    }
    let _ =
        write!(s, "numtxqueues {queues} numrxqueues {queues} gso_max_size 65536 gso_max_segs 65535 tso_max_size {tso} tso_max_segs 65535 gro_max_size 65536 ");
    s
}

// ----- ip address ------------------------------------------------------------

/// `ip address add`, `change`/`replace`, `delete`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum AddrOp {
    Add,
    Replace,
    Delete,
}

impl Ip<'_> {
    fn do_addr(&mut self, mut a: Args) -> Res {
        let Some(cmd) = a.next() else {
            return self.link_list(a, false);
        };
        if matches(&cmd, "add") {
            self.addr_modify(a, AddrOp::Add)
        } else if matches(&cmd, "change") || matches(&cmd, "replace") {
            self.addr_modify(a, AddrOp::Replace)
        } else if matches(&cmd, "delete") {
            self.addr_modify(a, AddrOp::Delete)
        } else if matches(&cmd, "list") || matches(&cmd, "show") || matches(&cmd, "lst") {
            self.link_list(a, false)
        } else if matches(&cmd, "flush") {
            self.addr_flush(a)
        } else if matches(&cmd, "save") || matches(&cmd, "showdump") || matches(&cmd, "restore") {
            Err(Fail::not_modelled(&format!("\"ip address {cmd}\"")))
        } else if matches(&cmd, "help") {
            Err(Fail::not_modelled("\"ip address help\""))
        } else {
            Err(Fail::new(format!("Command \"{cmd}\" is unknown, try \"ip address help\".\n"), 255))
        }
    }

    /// `ip addr add|del IFADDR dev IFNAME` (ipaddr_modify).
    fn addr_modify(&mut self, mut a: Args, op: AddrOp) -> Res {
        let delete = op == AddrOp::Delete;
        let mut local: Option<(Ipv4Cidr, bool, String)> = None;
        let mut brd: Option<String> = None;
        let mut scope: Option<u8> = None;
        let mut dev: Option<String> = None;
        let mut label: Option<String> = None;
        let mut noprefixroute = false;
        while let Some(w) = a.next() {
            if matches(&w, "broadcast") || matches(&w, "brd") {
                let v = a.value()?;
                if brd.is_some() {
                    return Err(Fail::duparg("broadcast", &v));
                }
                if v != "+" && v != "-" && parse_ipv4(&v).is_none() {
                    return Err(Fail::new(format!("Error: inet address is expected rather than \"{v}\".\n"), 1));
                }
                brd = Some(v);
            } else if w == "scope" {
                let v = a.value()?;
                let n = match v.as_str() {
                    "global" | "universe" => 0,
                    "site" => 200,
                    "link" => 253,
                    "host" => 254,
                    "nowhere" => 255,
                    _ => parse_u32(&v).and_then(|n| u8::try_from(n).ok()).ok_or_else(|| Fail::invarg("invalid scope value.", &v))?,
                };
                scope = Some(n);
            } else if w == "dev" {
                dev = Some(a.value()?);
            } else if w == "label" {
                label = Some(a.value()?);
            } else if w == "noprefixroute" {
                noprefixroute = true;
            } else if ["home", "nodad", "mngtmpaddr", "optimistic"].contains(&w.as_str()) {
                // IPv6 address flags: iproute2 warns and leaves them out.
                let _ = writeln!(self.err, "Warning: {w} option can be set only for IPv6 addresses");
            } else if ["peer", "remote", "anycast", "metric", "priority", "preference", "valid_lft", "preferred_lft", "autojoin", "proto"].contains(&w.as_str())
            {
                return Err(Fail::not_modelled(&format!("\"ip address … {w}\"")));
            } else {
                let v = if w == "local" { a.value()? } else { w };
                if local.is_some() {
                    return Err(Fail::duparg2("local", &v));
                }
                let (p, has_len) = parse_prefix(&v).ok_or_else(|| Fail::new(format!("Error: any valid prefix is expected rather than \"{v}\".\n"), 1))?;
                local = Some((p, has_len, v));
            }
        }
        let Some(devname) = dev else {
            return Err(Fail::new("Not enough information: \"dev\" argument is required.\n", 1));
        };
        if let (true, Some((p, false, _))) = (delete, &local) {
            self.err.push_str(&format!(
                "Warning: Executing wildcard deletion to stay compatible with old scripts.\n         Explicitly specify the prefix length ({}/32) to avoid this warning.\n         This special behaviour is likely to disappear in further releases,\n         fix your scripts!\n",
                p.addr
            ));
        }
        let id = self.dev_named(&devname).ok_or_else(|| Fail::nodev(&devname, 1))?;
        let Some((p, has_len, _)) = local else {
            return Err(Fail::kernel(Errno::EOPNOTSUPP.into(), 2));
        };
        if delete {
            return self.k.addr_del(id, p.addr, has_len.then_some(p.prefix_len)).map_err(|e| Fail::kernel(e, 2));
        }
        let broadcast = match brd.as_deref() {
            None => None,
            Some(_) if p.prefix_len > 30 => None,
            Some("+") => Some(p.broadcast()),
            Some("-") => Some(p.network().addr),
            Some(b) => parse_ipv4(b),
        };
        // iproute2's default scope: host for 127/8, else global.
        let scope = match scope {
            None if p.addr.octets()[0] == 127 => Scope::Host,
            None => Scope::Global,
            Some(n) if Scope::from_value(n).value() == n => Scope::from_value(n),
            Some(_) => {
                // A scope mesh cannot represent: the kernel still refuses it
                // for a secondary address (its primary's scope differs).
                let secondary = self.k.dev(id).addrs.iter().any(|x| !x.secondary && x.prefix_len == p.prefix_len && x.same_subnet(p.addr));
                return Err(if secondary {
                    Fail::kernel(KernelError::with_msg(Errno::EINVAL, "ipv4: Invalid scope value"), 2)
                } else {
                    Fail::not_modelled("address scopes other than global, site, link, host")
                });
            }
        };
        // `change` and `replace` (NLM_F_REPLACE) on an existing address only
        // update its lifetimes, metric and protocol, which mesh does not
        // model; on a missing one they add it.
        if op == AddrOp::Replace && self.k.dev(id).addrs.iter().any(|x| x.local == p.addr && x.prefix_len == p.prefix_len) {
            return Ok(());
        }
        let addr = IfAddr {
            local: p.addr,
            prefix_len: p.prefix_len,
            broadcast,
            scope,
            label: label.unwrap_or_default(),
            secondary: false,
            noprefixroute,
            origin: None,
        };
        self.k.addr_add(id, addr).map_err(|e| Fail::kernel(e, 2))
    }

    fn addr_flush(&mut self, mut a: Args) -> Res {
        let mut family = self.opt.family;
        let f = self.link_filter(&mut a, &mut family)?;
        if !f.any {
            return Err(Fail::new("Flush requires arguments.\n", 1));
        }
        if family == Family::Inet6 || family == Family::Link {
            return Ok(());
        }
        for id in self.select_links(&f) {
            self.k.addr_flush(id, &|x| f.addr_matches(x));
        }
        Ok(())
    }
}

// ----- ip route --------------------------------------------------------------

/// `table NAME|ID` (rt_tables): local, main, default, unspec/all (0), numbers.
fn parse_table(s: &str) -> Option<u32> {
    match s {
        "local" => Some(route::TABLE_LOCAL),
        "main" => Some(route::TABLE_MAIN),
        "default" => Some(route::TABLE_DEFAULT),
        "unspec" | "all" => Some(0),
        _ => parse_u32(s),
    }
}

fn table_name(t: u32) -> String {
    match t {
        route::TABLE_LOCAL => "local".into(),
        route::TABLE_MAIN => "main".into(),
        route::TABLE_DEFAULT => "default".into(),
        n => n.to_string(),
    }
}

/// The protocol names of /etc/iproute2/rt_protos.
const RT_PROTOS: [(u8, &str); 23] = [
    (0, "unspec"),
    (1, "redirect"),
    (2, "kernel"),
    (3, "boot"),
    (4, "static"),
    (8, "gated"),
    (9, "ra"),
    (10, "mrt"),
    (11, "zebra"),
    (12, "bird"),
    (13, "dnrouted"),
    (14, "xorp"),
    (15, "ntk"),
    (16, "dhcp"),
    (18, "keepalived"),
    (42, "babel"),
    (99, "openr"),
    (186, "bgp"),
    (187, "isis"),
    (188, "ospf"),
    (189, "rip"),
    (192, "eigrp"),
    (255, "255"),
];

fn proto_name(p: u8) -> String {
    RT_PROTOS.iter().find(|(n, _)| *n == p).map_or_else(|| p.to_string(), |(_, s)| (*s).to_string())
}

fn parse_proto(s: &str) -> Option<u8> {
    RT_PROTOS.iter().find(|(_, n)| *n == s).map(|(p, _)| *p).or_else(|| parse_u32(s).and_then(|v| u8::try_from(v).ok()))
}

/// Route scope words (rt_scopes); numbers only for the scopes mesh models.
fn parse_rt_scope(s: &str) -> Option<Scope> {
    match s {
        "global" | "universe" => Some(Scope::Global),
        "site" => Some(Scope::Site),
        "link" => Some(Scope::Link),
        "host" => Some(Scope::Host),
        "nowhere" => Some(Scope::Nowhere),
        _ => parse_u32(s).and_then(|v| u8::try_from(v).ok()).map(Scope::from_value).filter(|sc| sc.value().to_string() == s),
    }
}

/// Route types (rtnl_rtntype_a2n).
fn parse_rt_type(s: &str) -> Option<RouteType> {
    match s {
        "brd" => Some(RouteType::Broadcast),
        _ => RouteType::parse(s),
    }
}

/// Which routes `ip route show|flush` selects by destination.
#[derive(Clone, Copy)]
enum DstMatch {
    Any,
    /// `PREFIX` / `exact PREFIX`: this very prefix.
    Exact(Ipv4Cidr),
    /// `root PREFIX`: routes inside the prefix.
    Root(Ipv4Cidr),
    /// `match PREFIX`: routes that cover the prefix.
    Match(Ipv4Cidr),
}

struct RouteFilter {
    /// None = all tables.
    table: Option<u32>,
    proto: Option<u8>,
    scope: Option<Scope>,
    kind: Option<RouteType>,
    dev: Option<DevId>,
    gw: Option<Ipv4Addr>,
    src: Option<Ipv4Cidr>,
    metric: Option<u32>,
    dst: DstMatch,
    any: bool,
    /// `cache` (`cached`, `cloned`): the route exceptions (learned path MTUs).
    cloned: bool,
}

impl RouteFilter {
    fn matches(&self, r: &Route) -> bool {
        self.table.is_none_or(|t| t == r.table)
            && self.proto.is_none_or(|p| p == r.proto)
            && self.scope.is_none_or(|s| s == r.scope)
            && self.kind.is_none_or(|t| t == r.kind)
            && self.dev.is_none_or(|d| Some(d) == r.dev)
            && self.gw.is_none_or(|g| Some(g) == r.gateway)
            && self.src.is_none_or(|p| r.prefsrc.is_some_and(|s| p.contains(s)))
            && self.metric.is_none_or(|m| m == r.metric)
            && match self.dst {
                DstMatch::Any => true,
                DstMatch::Exact(p) => r.dst == p.network(),
                DstMatch::Root(p) => r.dst.prefix_len >= p.prefix_len && p.contains(r.dst.addr),
                DstMatch::Match(p) => r.dst.prefix_len <= p.prefix_len && r.dst.contains(p.addr),
            }
    }
}

/// What `ip route add|del …` asked for.
struct RouteSpec {
    kind: Option<RouteType>,
    dst: Option<Ipv4Cidr>,
    gateway: Option<Ipv4Addr>,
    dev: Option<String>,
    prefsrc: Option<Ipv4Addr>,
    metric: Option<u32>,
    scope: Option<Scope>,
    proto: Option<u8>,
    table: Option<u32>,
    onlink: bool,
}

impl Ip<'_> {
    fn do_route(&mut self, mut a: Args) -> Res {
        if self.opt.family == Family::Inet6 || self.opt.family == Family::Link {
            // No IPv6 routes on this host.
            return Ok(());
        }
        let Some(cmd) = a.next() else {
            return self.route_list(a, false);
        };
        if matches(&cmd, "add") {
            self.route_modify(a, Some(RouteAddMode::Add))
        } else if matches(&cmd, "change") || cmd == "chg" {
            self.route_modify(a, Some(RouteAddMode::Change))
        } else if matches(&cmd, "replace") {
            self.route_modify(a, Some(RouteAddMode::Replace))
        } else if matches(&cmd, "prepend") {
            self.route_modify(a, Some(RouteAddMode::Prepend))
        } else if matches(&cmd, "append") {
            self.route_modify(a, Some(RouteAddMode::Append))
        } else if matches(&cmd, "test") {
            Err(Fail::not_modelled("\"ip route test\""))
        } else if matches(&cmd, "delete") {
            self.route_modify(a, None)
        } else if matches(&cmd, "list") || matches(&cmd, "show") || matches(&cmd, "lst") {
            self.route_list(a, false)
        } else if matches(&cmd, "get") {
            self.route_get(a)
        } else if matches(&cmd, "flush") {
            self.route_list(a, true)
        } else if matches(&cmd, "save") || matches(&cmd, "restore") || matches(&cmd, "showdump") {
            Err(Fail::not_modelled(&format!("\"ip route {cmd}\"")))
        } else if matches(&cmd, "help") {
            Err(Fail::new(ROUTE_USAGE, 255))
        } else {
            Err(Fail::new(format!("Command \"{cmd}\" is unknown, try \"ip route help\".\n"), 255))
        }
    }

    /// iproute_modify's argument loop.
    fn route_parse(&self, a: &mut Args) -> Res<RouteSpec> {
        let mut r =
            RouteSpec { kind: None, dst: None, gateway: None, dev: None, prefsrc: None, metric: None, scope: None, proto: None, table: None, onlink: false };
        let inet = |v: &str| parse_ipv4(v).ok_or_else(|| Fail::new(format!("Error: inet address is expected rather than \"{v}\".\n"), 1));
        while let Some(w) = a.next() {
            if w == "src" {
                r.prefsrc = Some(inet(&a.value()?)?);
            } else if w == "via" {
                let v = a.value()?;
                let v = if v == "inet" { a.value()? } else { v };
                r.gateway = Some(inet(&v)?);
            } else if matches(&w, "metric") || matches(&w, "priority") || w == "preference" {
                let v = a.value()?;
                r.metric = Some(parse_u32(&v).ok_or_else(|| Fail::invarg("\"metric\" value is invalid\n", &v))?);
            } else if w == "scope" {
                let v = a.value()?;
                r.scope = Some(parse_rt_scope(&v).ok_or_else(|| Fail::invarg("invalid \"scope\" value\n", &v))?);
            } else if w == "onlink" {
                r.onlink = true;
            } else if matches(&w, "protocol") {
                let v = a.value()?;
                r.proto = Some(parse_proto(&v).ok_or_else(|| Fail::invarg("\"protocol\" value is invalid\n", &v))?);
            } else if matches(&w, "table") {
                let v = a.value()?;
                r.table = Some(parse_table(&v).ok_or_else(|| Fail::invarg("\"table\" value is invalid\n", &v))?);
            } else if w == "dev" || w == "oif" {
                r.dev = Some(a.value()?);
            } else if [
                "as",
                "from",
                "tos",
                "dsfield",
                "expires",
                "mtu",
                "hoplimit",
                "advmss",
                "reordering",
                "rtt",
                "rttvar",
                "rto_min",
                "window",
                "cwnd",
                "ssthresh",
                "realms",
                "initcwnd",
                "initrwnd",
                "features",
                "quickack",
                "congctl",
                "pref",
                "nexthop",
                "nhid",
                "vrf",
                "pervasive",
                "encap",
                "ttl-propagate",
                "fastopen_no_cookie",
                "lock",
            ]
            .contains(&w.as_str())
            {
                return Err(Fail::not_modelled(&format!("\"ip route … {w}\"")));
            } else {
                let mut v = if w == "to" { a.value()? } else { w };
                if !v.starts_with(|c: char| c.is_ascii_digit()) {
                    if let Some(t) = parse_rt_type(&v) {
                        r.kind = Some(t);
                        v = a.value()?;
                    } else if v == "nat" || v == "xresolve" {
                        return Err(Fail::not_modelled(&format!("route type \"{v}\"")));
                    }
                }
                if matches(&v, "help") {
                    return Err(Fail::new(ROUTE_USAGE, 255));
                }
                if r.dst.is_some() {
                    return Err(Fail::duparg2("to", &v));
                }
                let (p, _) = parse_prefix(&v).ok_or_else(|| Fail::new(format!("Error: any valid prefix is expected rather than \"{v}\".\n"), 1))?;
                r.dst = Some(p);
            }
        }
        Ok(r)
    }

    fn route_modify(&mut self, mut a: Args, mode: Option<RouteAddMode>) -> Res {
        let r = self.route_parse(&mut a)?;
        let Some(dst) = r.dst else {
            return Err(Fail::new(ROUTE_USAGE, 255));
        };
        let dev = match &r.dev {
            Some(n) => Some(self.dev_named(n).ok_or_else(|| Fail::nodev(n, 1))?),
            None => None,
        };
        let kerr = |e| Fail::kernel(e, 2);
        let kind = r.kind.unwrap_or(RouteType::Unicast);
        let table = r.table.unwrap_or(if matches!(kind, RouteType::Local | RouteType::Broadcast | RouteType::Anycast) {
            route::TABLE_LOCAL
        } else {
            route::TABLE_MAIN
        });
        let Some(mode) = mode else {
            let sel =
                RouteSelector { table, dst: Some(dst), kind: r.kind, gateway: r.gateway, dev, metric: r.metric, tos: None, proto: r.proto, scope: r.scope };
            return self.k.route_del(self.ns, &sel).map(|_| ()).map_err(kerr);
        };
        let scope = r.scope.unwrap_or(match kind {
            RouteType::Local => Scope::Host,
            RouteType::Broadcast | RouteType::Multicast | RouteType::Anycast => Scope::Link,
            RouteType::Unicast if r.gateway.is_none() => Scope::Link,
            _ => Scope::Global,
        });
        // fib_table_insert / fib_create_info checks.
        if dst != dst.network() {
            return Err(kerr(KernelError::with_msg(Errno::EINVAL, "Invalid prefix for given prefix length")));
        }
        if matches!(kind, RouteType::Blackhole | RouteType::Unreachable | RouteType::Prohibit | RouteType::Throw) && (dev.is_some() || r.gateway.is_some()) {
            return Err(kerr(KernelError::with_msg(Errno::EINVAL, "Gateway, device and multipath can not be specified for this route type")));
        }
        if r.gateway.is_some() && scope.value() >= Scope::Link.value() {
            return Err(kerr(KernelError::with_msg(Errno::EINVAL, "Nexthop has invalid gateway")));
        }
        if let Some(src) = r.prefsrc {
            let local_dst = kind == RouteType::Local && dst.prefix_len == 32 && dst.addr == src;
            if !local_dst && !self.k.is_local_addr(self.ns, src) {
                return Err(kerr(KernelError::with_msg(Errno::EINVAL, "Invalid prefsrc address")));
            }
        }
        let route = Route {
            table,
            dst,
            kind,
            tos: 0,
            metric: r.metric.unwrap_or(0),
            gateway: r.gateway,
            dev,
            proto: r.proto.unwrap_or(rtproto::BOOT),
            scope,
            prefsrc: r.prefsrc,
            onlink: r.onlink,
            origin: None,
        };
        self.k.route_add(self.ns, route, mode).map_err(kerr)
    }

    fn route_filter(&self, a: &mut Args) -> Res<RouteFilter> {
        let mut f = RouteFilter {
            table: Some(route::TABLE_MAIN),
            proto: None,
            scope: None,
            kind: None,
            dev: None,
            gw: None,
            src: None,
            metric: None,
            dst: DstMatch::Any,
            any: false,
            cloned: false,
        };
        let prefix =
            |v: &str| parse_prefix(v).map(|(p, _)| p).ok_or_else(|| Fail::new(format!("Error: any valid prefix is expected rather than \"{v}\".\n"), 1));
        while let Some(w) = a.next() {
            f.any = true;
            if matches(&w, "table") {
                let v = a.value()?;
                if v == "cache" {
                    f.cloned = true;
                    continue;
                }
                let t = parse_table(&v).ok_or_else(|| Fail::invarg("table id value is invalid\n", &v))?;
                f.table = (t != 0).then_some(t);
            } else if matches(&w, "protocol") {
                let v = a.value()?;
                f.proto = if v == "all" { None } else { Some(parse_proto(&v).ok_or_else(|| Fail::invarg("invalid \"protocol\"\n", &v))?) };
            } else if w == "scope" {
                let v = a.value()?;
                f.scope = if v == "all" { None } else { Some(parse_rt_scope(&v).ok_or_else(|| Fail::invarg("invalid \"scope\"\n", &v))?) };
            } else if w == "type" {
                let v = a.value()?;
                f.kind = Some(parse_rt_type(&v).ok_or_else(|| Fail::invarg("node type value is invalid\n", &v))?);
            } else if w == "dev" || w == "oif" {
                let v = a.value()?;
                f.dev = Some(self.dev_named(&v).ok_or_else(|| Fail::nodev(&v, 1))?);
            } else if matches(&w, "metric") || matches(&w, "priority") || w == "preference" {
                let v = a.value()?;
                f.metric = Some(parse_u32(&v).ok_or_else(|| Fail::invarg("\"metric\" value is invalid\n", &v))?);
            } else if w == "via" {
                let v = a.value()?;
                f.gw = Some(parse_ipv4(&v).ok_or_else(|| Fail::new(format!("Error: inet address is expected rather than \"{v}\".\n"), 1))?);
            } else if w == "src" {
                f.src = Some(prefix(&a.value()?)?);
            } else if w.len() >= 5 && (matches(&w, "cached") || matches(&w, "cloned")) {
                f.cloned = true;
            } else if ["iif", "mark", "tos", "dsfield", "realms", "realm", "from", "vrf"].contains(&w.as_str()) || matches(&w, "realms") {
                return Err(Fail::not_modelled(&format!("\"ip route show … {w}\"")));
            } else {
                // `[to] [root|match|exact] PREFIX`: `to` may precede the kind.
                let v = if w == "to" { a.value()? } else { w };
                f.dst = if v == "root" {
                    DstMatch::Root(prefix(&a.value()?)?)
                } else if v == "match" {
                    DstMatch::Match(prefix(&a.value()?)?)
                } else if v == "exact" {
                    DstMatch::Exact(prefix(&a.value()?)?)
                } else {
                    DstMatch::Exact(prefix(&v)?)
                };
            }
        }
        Ok(f)
    }

    fn route_list(&mut self, mut a: Args, flush: bool) -> Res {
        let f = self.route_filter(&mut a)?;
        if flush && !f.any {
            return Err(Fail::new("\"ip route flush\" requires arguments.\n", 1));
        }
        if let Some(t) = f.table {
            let exists =
                matches!(t, route::TABLE_LOCAL | route::TABLE_MAIN | route::TABLE_DEFAULT) || self.k.netns(self.ns).routes.routes.iter().any(|r| r.table == t);
            if !exists {
                let end = if flush { "Flush terminated" } else { "Dump terminated" };
                return Err(Fail::new(format!("Error: ipv4: FIB table does not exist.\n{end}\n"), 2));
            }
        }
        if f.cloned {
            return self.route_cache_list(&f, flush);
        }
        if flush {
            self.k.netns_mut(self.ns).routes.routes.retain(|r| !f.matches(r));
            return Ok(());
        }
        let routes: Vec<Route> = self.k.netns(self.ns).routes.routes.iter().filter(|r| f.matches(r)).cloned().collect();
        for r in &routes {
            let line = self.route_line(r, &f);
            self.out.push_str(&line);
        }
        Ok(())
    }

    /// `ip route show cache`: the route exceptions, here the path MTUs
    /// learned from ICMP. `ip route flush cache` forgets them all (it writes
    /// `route/flush`, whatever the filter).
    fn route_cache_list(&mut self, f: &RouteFilter, flush: bool) -> Res {
        if flush {
            self.k.netns_mut(self.ns).pmtu.clear();
            return Ok(());
        }
        let now = self.k.now;
        let entries: Vec<_> = self.k.netns(self.ns).pmtu.iter(now).collect();
        for (dst, e) in entries {
            let as_route = Route {
                table: route::TABLE_MAIN,
                dst: Ipv4Cidr { addr: dst, prefix_len: 32 },
                kind: RouteType::Unicast,
                tos: 0,
                metric: 0,
                gateway: e.gateway,
                dev: Some(e.dev),
                proto: rtproto::BOOT,
                scope: Scope::Global,
                prefsrc: None,
                onlink: false,
                origin: None,
            };
            if !f.matches(&as_route) {
                continue;
            }
            let via = e.gateway.filter(|_| f.gw.is_none()).map(|g| format!("via {g} ")).unwrap_or_default();
            let dev = self.k.dev_try(e.dev).filter(|_| f.dev.is_none()).map(|d| format!("dev {} ", d.name)).unwrap_or_default();
            let line = format!("{dst} {via}{dev}\n    cache {}\n", pmtu_text(&e, now));
            self.out.push_str(&line);
        }
        Ok(())
    }

    /// One route as `ip route show` prints it (print_route); with `-d` also the `unicast` type,
    /// `table main` (when no table was asked for), `proto boot` and
    /// `scope global`, which it otherwise leaves out.
    fn route_line(&self, r: &Route, f: &RouteFilter) -> String {
        let k = &*self.k;
        let details = self.opt.details > 0;
        let mut s = String::new();
        if r.kind != RouteType::Unicast || details {
            let _ = write!(s, "{} ", r.kind.name());
        }
        if r.dst.prefix_len == 0 && r.dst.addr.is_unspecified() {
            s.push_str("default ");
        } else if r.dst.prefix_len == 32 {
            let _ = write!(s, "{} ", r.dst.addr);
        } else {
            let _ = write!(s, "{} ", r.dst);
        }
        if let Some(gw) = r.gateway.filter(|_| f.gw.is_none()) {
            let _ = write!(s, "via {gw} ");
        }
        if let Some(d) = r.dev.filter(|_| f.dev.is_none()).and_then(|d| k.dev_try(d)) {
            let _ = write!(s, "dev {} ", d.name);
        }
        if f.table.is_none() && (r.table != route::TABLE_MAIN || details) {
            let _ = write!(s, "table {} ", table_name(r.table));
        }
        if (r.proto != rtproto::BOOT || details) && f.proto.is_none() {
            let _ = write!(s, "proto {} ", proto_name(r.proto));
        }
        if (r.scope != Scope::Global || details) && f.scope.is_none() {
            let _ = write!(s, "scope {} ", r.scope.name());
        }
        if let Some(src) = r.prefsrc.filter(|_| f.src.is_none()) {
            let _ = write!(s, "src {src} ");
        }
        if r.metric != 0 && f.metric.is_none() {
            let _ = write!(s, "metric {} ", r.metric);
        }
        if r.onlink {
            s.push_str("onlink ");
        }
        if let Some(d) = r.dev.and_then(|d| k.dev_try(d))
            && r.scope != Scope::Host
            && d.admin_up
            && !k.carrier(d.id)
        {
            s.push_str("linkdown ");
        }
        s.push('\n');
        s
    }

    /// `ip route get ADDRESS [from ADDRESS] [iif DEV] [oif DEV] [mark MARK]`.
    fn route_get(&mut self, mut a: Args) -> Res {
        let mut dst: Option<Ipv4Cidr> = None;
        let mut from: Option<Ipv4Addr> = None;
        let mut iif: Option<String> = None;
        let mut oif: Option<String> = None;
        let mut family_known = false;
        let mut mark = 0;
        let mut uid = 0;
        while let Some(w) = a.next() {
            let bad = |v: &str, known: bool| {
                Fail::new(format!("Error: {} is expected rather than \"{v}\".\n", if known { "inet prefix" } else { "any valid prefix" }), 1)
            };
            if matches(&w, "from") {
                let v = a.value()?;
                let (p, _) = parse_prefix(&v).ok_or_else(|| bad(&v, family_known))?;
                family_known = true;
                from = Some(p.addr);
            } else if matches(&w, "iif") {
                iif = Some(a.value()?);
            } else if matches(&w, "oif") || w == "dev" {
                oif = Some(a.value()?);
            } else if w == "mark" {
                let v = a.value()?;
                mark = parse_u32(&v).ok_or_else(|| Fail::invarg("invalid mark value", &v))?;
            } else if w == "uid" {
                let v = a.value()?;
                uid = parse_u32(&v).ok_or_else(|| Fail::invarg("invalid UID\n", &v))?;
            } else if ["tos", "dsfield", "sport", "dport", "ipproto"].contains(&w.as_str()) {
                // Selectors for policy rules and multipath hashing, which
                // mesh does not have (only the three default rules): they
                // change neither the route found nor what is printed.
                let v = a.value()?;
                let (ok, msg) = match w.as_str() {
                    "tos" | "dsfield" => (parse_u32(&v).is_some_and(|n| n <= 255), "TOS value is invalid\n"),
                    "sport" => (parse_u32(&v).is_some_and(|n| n <= 65535), "invalid sport\n"),
                    "dport" => (parse_u32(&v).is_some_and(|n| n <= 65535), "invalid dport\n"),
                    _ => (["tcp", "udp", "icmp", "sctp"].contains(&v.as_str()) || parse_u32(&v).is_some_and(|n| n <= 255), "Invalid \"ipproto\" value\n"),
                };
                if !ok {
                    return Err(Fail::invarg(msg, &v));
                }
            } else if ["notify", "connected", "vrf", "fibmatch", "as"].contains(&w.as_str()) {
                return Err(Fail::not_modelled(&format!("\"ip route get … {w}\"")));
            } else {
                let v = if w == "to" { a.value()? } else { w };
                let (p, _) = parse_prefix(&v).ok_or_else(|| bad(&v, family_known))?;
                family_known = true;
                dst = Some(p);
            }
        }
        let Some(dst) = dst else {
            return Err(Fail::new("need at least a destination address\n", 1));
        };
        let iif = match iif {
            Some(n) => Some(self.dev_named(&n).ok_or_else(|| Fail::nodev(&n, 1))?),
            None => None,
        };
        let oif = match oif {
            Some(n) => Some(self.dev_named(&n).ok_or_else(|| Fail::nodev(&n, 1))?),
            None => None,
        };
        let result = match iif {
            Some(i) => self.route_get_input(dst.addr, from.unwrap_or(Ipv4Addr::UNSPECIFIED), i),
            None => self.route_get_output(dst.addr, from, oif),
        };
        if dst.prefix_len != 32 {
            self.err.push_str(&format!("Warning: /{} as prefix is invalid, only /32 (or none) is supported.\n", dst.prefix_len));
        }
        let text = result?;
        let mut text = with_mark(text, mark);
        if uid != 0 {
            text = text.replacen("uid 0 ", &format!("uid {uid} "), 1);
        }
        if self.opt.oneline {
            // print_route ends its first line with `\` under `-o`.
            text = text.replacen("\n    ", "\\    ", 1);
        }
        self.out.push_str(&text);
        Ok(())
    }

    /// The error a route type gives a lookup (RTNETLINK answers: …).
    fn route_error(kind: RouteType) -> Option<Fail> {
        let msg = match kind {
            RouteType::Blackhole => Errno::EINVAL.strerror(),
            RouteType::Unreachable => Errno::EHOSTUNREACH.strerror(),
            RouteType::Prohibit => "Permission denied",
            _ => return None,
        };
        Some(Fail::new(format!("RTNETLINK answers: {msg}\n"), 2))
    }

    fn route_get_output(&self, dst: Ipv4Addr, from: Option<Ipv4Addr>, oif: Option<DevId>) -> Res<String> {
        let k = &*self.k;
        let unreachable = || Fail::kernel(Errno::ENETUNREACH.into(), 2);
        let from_txt = from.map(|f| format!("from {f} ")).unwrap_or_default();
        if dst.is_unspecified() {
            let src = from.unwrap_or(Ipv4Addr::LOCALHOST);
            return Ok(format!("local 0.0.0.0 {from_txt}dev lo src {src} uid 0 \n    cache <local> \n"));
        }
        if let Some(f) = from {
            if f.is_multicast() || f.is_broadcast() {
                return Err(Fail::kernel(Errno::EINVAL.into(), 2));
            }
            if !k.is_local_addr(self.ns, f) {
                return Err(unreachable());
            }
        }
        if let Some(o) = oif
            && !k.dev(o).admin_up
        {
            return Err(unreachable());
        }
        let src_txt = |src: Option<Ipv4Addr>| match (from, src) {
            (None, Some(s)) => format!("src {s} "),
            _ => String::new(),
        };
        let Some(res) = k.route_lookup(self.ns, dst, oif) else {
            // With an output device and no route, Linux assumes the
            // destination is on that link.
            let Some(o) = oif else {
                return Err(unreachable());
            };
            let d = k.dev(o);
            let src = k.select_src(self.ns, Some(o), Ipv4Addr::UNSPECIFIED, Scope::Link);
            let flags = if d.is_loopback() { "<local> " } else { "" };
            return Ok(format!("{dst} {from_txt}dev {} {}uid 0 \n    cache {flags}\n", d.name, src_txt(src)));
        };
        if let Some(e) = Self::route_error(res.kind) {
            return Err(e);
        }
        let dev = res.dev.and_then(|d| k.dev_try(d));
        match res.kind {
            RouteType::Local => {
                let src = res.prefsrc.unwrap_or(dst);
                Ok(format!("local {dst} {from_txt}dev lo {}uid 0 \n    cache <local> \n", src_txt(Some(src))))
            }
            _ if res.kind == RouteType::Broadcast || dst.is_broadcast() => {
                let Some(d) = dev else {
                    return Err(unreachable());
                };
                let src = res.prefsrc.or_else(|| k.select_src(self.ns, Some(d.id), Ipv4Addr::UNSPECIFIED, Scope::Link));
                Ok(format!("broadcast {dst} {from_txt}dev {} {}uid 0 \n    cache <local,brd> \n", d.name, src_txt(src)))
            }
            _ => {
                let Some(d) = dev else {
                    return Err(unreachable());
                };
                let src = res.prefsrc.or_else(|| k.select_src(self.ns, Some(d.id), res.gateway.unwrap_or(Ipv4Addr::UNSPECIFIED), res.scope));
                let via = res.gateway.map(|g| format!("via {g} ")).unwrap_or_default();
                let pmtu = k.pmtu_exception(self.ns, dst).map(|e| pmtu_text(&e, k.now)).unwrap_or_default();
                Ok(format!("{dst} {from_txt}{via}dev {} {}uid 0 \n    cache {pmtu}\n", d.name, src_txt(src)))
            }
        }
    }

    fn route_get_input(&self, dst: Ipv4Addr, src: Ipv4Addr, iif: DevId) -> Res<String> {
        let k = &*self.k;
        let in_dev = k.dev(iif);
        let einval = || Fail::kernel(Errno::EINVAL.into(), 2);
        // Martian sources.
        if src.is_unspecified() || src.is_loopback() || src.is_multicast() || src.is_broadcast() {
            return Err(einval());
        }
        let iif_name = &in_dev.name;
        let Some(res) = k.route_lookup(self.ns, dst, None) else {
            return Err(Fail::kernel(Errno::ENETUNREACH.into(), 2));
        };
        if let Some(e) = Self::route_error(res.kind) {
            return Err(e);
        }
        match res.kind {
            RouteType::Local => Ok(format!("local {dst} from {src} dev lo \n    cache <local> iif {iif_name} \n")),
            RouteType::Broadcast => Ok(format!("broadcast {dst} from {src} dev {iif_name} \n    cache <local,brd> iif {iif_name} \n")),
            _ => {
                let fwd = crate::kernel::sysctl::effective(&k.netns(self.ns).sysctl.conf_all, &in_dev.conf);
                if !fwd.forwarding {
                    return Err(Fail::kernel(Errno::EHOSTUNREACH.into(), 2));
                }
                let Some(out) = res.dev.and_then(|d| k.dev_try(d)) else {
                    return Err(Fail::kernel(Errno::ENETUNREACH.into(), 2));
                };
                let redirect = out.id == iif && fwd.send_redirects;
                let via = res.gateway.map(|g| format!("via {g} ")).unwrap_or_default();
                Ok(format!("{dst} from {src} {via}dev {} \n    cache {}iif {iif_name} \n", out.name, if redirect { "<redirect> " } else { "" }))
            }
        }
    }

    // ----- ip rule ------------------------------------------------------------

    fn do_rule(&mut self, mut a: Args) -> Res {
        let cmd = a.next();
        match cmd.as_deref() {
            None => {}
            Some(c) if matches(c, "list") || matches(c, "show") || matches(c, "lst") => {
                if let Some(w) = a.next() {
                    return Err(Fail::not_modelled(&format!("\"ip rule show … {w}\"")));
                }
            }
            Some(c) => return Err(Fail::not_modelled(&format!("\"ip rule {c}\" (mesh has only the three default rules)"))),
        }
        if self.opt.family != Family::Inet6 {
            self.out.push_str("0:\tfrom all lookup local\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default\n");
        }
        Ok(())
    }
}

// ----- ip neigh ------------------------------------------------------------------

/// A route exception's cache info and metrics as print_route shows them:
/// `expires 599sec mtu 1450 ` (`mtu lock 552 ` below `min_pmtu`).
fn pmtu_text(e: &crate::kernel::dp::frag::PmtuEntry, now: crate::time::Instant) -> String {
    // rta_expires counts clock ticks (1/100 s); iproute2 prints whole seconds.
    let ticks = e.expires.since(now).as_millis() / 10;
    let expires = if ticks > 0 { format!("expires {}sec ", ticks / 100) } else { String::new() };
    format!("{expires}mtu {}{} ", if e.locked { "lock " } else { "" }, e.mtu)
}

/// `nud STATE` words; `all` is every state.
fn parse_nud(s: &str) -> Option<Option<NudState>> {
    Some(Some(match s {
        "permanent" => NudState::Permanent,
        "reachable" => NudState::Reachable,
        "noarp" => NudState::Noarp,
        "stale" => NudState::Stale,
        "incomplete" => NudState::Incomplete,
        "delay" => NudState::Delay,
        "probe" => NudState::Probe,
        "failed" => NudState::Failed,
        "all" => return Some(None),
        _ => return None,
    }))
}

impl Ip<'_> {
    fn do_neigh(&mut self, mut a: Args) -> Res {
        if self.opt.family == Family::Inet6 || self.opt.family == Family::Link {
            return Ok(());
        }
        let Some(cmd) = a.next() else {
            return self.neigh_list(a, false);
        };
        if matches(&cmd, "add") {
            self.neigh_modify(a, Some(NeighMode::Add))
        } else if matches(&cmd, "change") || cmd == "chg" {
            self.neigh_modify(a, Some(NeighMode::Change))
        } else if matches(&cmd, "replace") {
            self.neigh_modify(a, Some(NeighMode::Replace))
        } else if matches(&cmd, "delete") {
            self.neigh_modify(a, None)
        } else if matches(&cmd, "get") {
            self.neigh_get(a)
        } else if matches(&cmd, "show") || matches(&cmd, "list") || matches(&cmd, "lst") {
            self.neigh_list(a, false)
        } else if matches(&cmd, "flush") {
            self.neigh_list(a, true)
        } else if matches(&cmd, "help") {
            Err(Fail::not_modelled("\"ip neigh help\""))
        } else {
            Err(Fail::new(format!("Command \"{cmd}\" is unknown, try \"ip neigh help\".\n"), 255))
        }
    }

    fn neigh_modify(&mut self, mut a: Args, mode: Option<NeighMode>) -> Res {
        let mut lladdr: Option<String> = None;
        let mut state = NudState::Permanent;
        let mut dev: Option<String> = None;
        let mut dst: Option<Ipv4Addr> = None;
        while let Some(w) = a.next() {
            if matches(&w, "lladdr") {
                let v = a.value()?;
                if lladdr.is_some() {
                    return Err(Fail::duparg("lladdr", &v));
                }
                lladdr = Some(v);
            } else if w == "nud" {
                let v = a.value()?;
                state = match parse_nud(&v) {
                    Some(Some(s)) => s,
                    _ if v == "none" => return Err(Fail::not_modelled("neighbour state \"none\"")),
                    _ => return Err(Fail::invarg("nud state is bad", &v)),
                };
            } else if matches(&w, "router") {
                return Err(Fail::not_modelled("\"ip neigh … router\""));
            } else if ["proxy", "managed", "extern_learn", "use", "protocol"].iter().any(|k| matches(&w, k)) {
                return Err(Fail::not_modelled(&format!("\"ip neigh … {w}\"")));
            } else if w == "dev" {
                dev = Some(a.value()?);
            } else {
                let v = if w == "to" { a.value()? } else { w };
                if dst.is_some() {
                    return Err(Fail::duparg2("to", &v));
                }
                dst = Some(parse_ipv4(&v).ok_or_else(|| Fail::new(format!("Error: any valid address is expected rather than \"{v}\".\n"), 1))?);
            }
        }
        let (Some(devname), Some(dst)) = (dev, dst) else {
            return Err(Fail::new("Device and destination are required arguments.\n", 255));
        };
        let mac = match lladdr {
            Some(l) => {
                let bytes = parse_lladdr(&l).ok_or_else(|| Fail::new(format!("\"{l}\" is invalid lladdr.\n"), 1))?;
                Some(<[u8; 6]>::try_from(bytes.as_slice()).map(EthernetAddress).map_err(|_| Fail::kernel(Errno::EINVAL.into(), 2))?)
            }
            None => None,
        };
        let id = self.dev_named(&devname).ok_or_else(|| Fail::nodev(&devname, 1))?;
        let kerr = |e| Fail::kernel(e, 2);
        match mode {
            Some(m) => self.k.neigh_add(id, dst, mac, state, m).map_err(kerr),
            None => self.k.neigh_del(id, dst).map_err(kerr),
        }
    }

    /// `ip neigh show|flush`. Entries are listed by device ifindex, then address.
    /// `ip neigh get [to] ADDRESS dev DEV`: the kernel's entry (any state),
    /// printed as `ip neigh` prints it; `proxy ADDRESS` asks the proxy table,
    /// which mesh keeps empty.
    fn neigh_get(&mut self, mut a: Args) -> Res {
        let mut dev_name: Option<String> = None;
        let mut dst: Option<Ipv4Addr> = None;
        let mut proxy = false;
        while let Some(w) = a.next() {
            let v = if w == "dev" {
                dev_name = Some(a.value()?);
                continue;
            } else if matches(&w, "proxy") {
                proxy = true;
                let v = a.value()?;
                if dst.is_some() {
                    return Err(Fail::duparg("address", &v));
                }
                v
            } else {
                let v = if w == "to" { a.value()? } else { w };
                if dst.is_some() {
                    return Err(Fail::duparg2("to", &v));
                }
                v
            };
            let family = if self.opt.family == Family::Inet { "inet" } else { "any valid" };
            dst = Some(parse_ipv4(&v).ok_or_else(|| Fail::new(format!("Error: {family} address is expected rather than \"{v}\".\n"), 1))?);
        }
        let (Some(name), Some(dst)) = (dev_name, dst) else {
            return Err(Fail::new("Device and address are required arguments.\n", 1));
        };
        let dev = self.dev_named(&name).ok_or_else(|| Fail::nodev(&name, 1))?;
        let k = &*self.k;
        let found = if proxy { None } else { k.netns(self.ns).neigh.get(dev, dst) };
        let Some(n) = found else {
            let what = if proxy { "Proxy neighbour entry not found" } else { "Neighbour entry not found" };
            return Err(Fail::kernel(KernelError::with_msg(Errno::ENOENT, what), 2));
        };
        let _ = write!(self.out, "{dst} dev {} ", k.dev(dev).name);
        if let Some(m) = n.lladdr {
            let _ = write!(self.out, "lladdr {m} ");
        }
        if n.router {
            self.out.push_str("router ");
        }
        let _ = writeln!(self.out, "{} ", k.neigh_state(n).name());
        Ok(())
    }

    fn neigh_list(&mut self, mut a: Args, flush: bool) -> Res {
        let mut dev_name: Option<String> = None;
        let mut states: Option<Vec<NudState>> = None;
        let mut all_states = false;
        let mut to: Option<Ipv4Cidr> = None;
        let mut any = false;
        let mut proxy = false;
        while let Some(w) = a.next() {
            any = true;
            if w == "dev" {
                dev_name = Some(a.value()?);
            } else if w == "nud" {
                let v = a.value()?;
                match parse_nud(&v) {
                    Some(Some(s)) => states.get_or_insert_with(Vec::new).push(s),
                    Some(None) => all_states = true,
                    None if v == "none" => {
                        states.get_or_insert_with(Vec::new);
                    }
                    None => return Err(Fail::invarg("nud state is bad", &v)),
                };
            } else if w == "proxy" && !flush {
                // mesh has no proxy entries (`ip neigh add proxy` is not
                // modelled): the proxy table is empty.
                proxy = true;
            } else if ["master", "vrf", "unused", "proxy", "protocol"].iter().any(|k| w == *k) {
                return Err(Fail::not_modelled(&format!("\"ip neigh show … {w}\"")));
            } else {
                let v = if w == "to" { a.value()? } else { w };
                to = Some(parse_prefix(&v).map(|(p, _)| p).ok_or_else(|| Fail::invarg("to value is invalid\n", &v))?);
            }
        }
        let dev = match dev_name {
            Some(n) => Some(self.dev_named(&n).ok_or_else(|| Fail::nodev(&n, 1))?),
            None => None,
        };
        if flush && !any {
            return Err(Fail::new("Flush requires arguments.\n", 1));
        }
        if proxy {
            return Ok(());
        }
        let wanted = |s: NudState| -> bool {
            if flush && s == NudState::Noarp {
                return false;
            }
            if all_states {
                return true;
            }
            match &states {
                Some(v) => v.contains(&s),
                None => s != NudState::Noarp && (!flush || s != NudState::Permanent),
            }
        };
        let k = &*self.k;
        let mut picked: Vec<(u32, Ipv4Addr, DevId)> = k
            .netns(self.ns)
            .neigh
            .entries
            .values()
            .filter(|n| dev.is_none_or(|d| d == n.dev))
            .filter(|n| to.is_none_or(|p| p.contains(n.ip)))
            .filter(|n| wanted(k.neigh_state(n)))
            .filter_map(|n| k.dev_try(n.dev).map(|d| (d.ifindex, n.ip, n.dev)))
            .collect();
        picked.sort();
        if flush {
            for (_, ip, d) in picked {
                let _ = self.k.neigh_del(d, ip);
            }
            return Ok(());
        }
        if self.opt.stats > 0 {
            return Err(Fail::not_modelled("\"ip -s neigh\" (use counters)"));
        }
        let mut text = String::new();
        for (_, ip, d) in picked {
            let Some(n) = k.netns(self.ns).neigh.get(d, ip) else { continue };
            let devname = &k.dev(d).name;
            if self.opt.brief {
                let _ = writeln!(text, "{:<40}{:<17}{}", ip, devname, n.lladdr.map(|m| m.to_string()).unwrap_or_default());
                continue;
            }
            let _ = write!(text, "{ip} ");
            if dev.is_none() {
                let _ = write!(text, "dev {devname} ");
            }
            if let Some(m) = n.lladdr {
                let _ = write!(text, "lladdr {m} ");
            }
            if n.router {
                text.push_str("router ");
            }
            let _ = writeln!(text, "{} ", k.neigh_state(n).name());
        }
        self.out.push_str(&text);
        Ok(())
    }

    // ----- ip netns -------------------------------------------------------------

    fn do_netns(&mut self, mut a: Args) -> Res<Next> {
        let Some(cmd) = a.next() else {
            return self.netns_list().map(|()| Next::Done);
        };
        if let Some(name) = a.peek()
            && !self.opt.all
            && (name.is_empty() || name.contains('/') || name == "." || name == "..")
        {
            return Err(Fail::new(format!("Invalid netns name \"{name}\"\n"), 255));
        }
        let name_or = |a: &mut Args| a.next().ok_or_else(|| Fail::new("No netns name specified\n", 1));
        if matches(&cmd, "list") || matches(&cmd, "show") || matches(&cmd, "lst") {
            self.netns_list().map(|()| Next::Done)
        } else if matches(&cmd, "list-id") {
            self.netns_list_id().map(|()| Next::Done)
        } else if matches(&cmd, "help") {
            Err(Fail::not_modelled("\"ip netns help\""))
        } else if matches(&cmd, "add") {
            let name = name_or(&mut a)?;
            let path = format!("{NETNS_RUN_DIR}/{name}");
            if self.k.netns_by_path(&path).is_some() {
                return Err(Fail::new(format!("Cannot create namespace file \"{path}\": File exists\n"), 1));
            }
            let id = self.k.netns_create();
            self.k.netns_mount(&path, id);
            Ok(Next::Done)
        } else if matches(&cmd, "set") {
            let name = name_or(&mut a)?;
            let id = a.next().ok_or_else(|| Fail::new("No nsid specified\n", 1))?;
            let peer = self.open_netns(&name)?;
            let nsid = parse_u32(&id).filter(|v| i32::try_from(*v).is_ok()).ok_or_else(|| Fail::invarg("Invalid \"netnsid\" value", &id))?;
            self.k.netnsid_set(self.ns, peer, nsid).map_err(|e| Fail::kernel(e, 2))?;
            Ok(Next::Done)
        } else if matches(&cmd, "delete") {
            if self.opt.all {
                return Err(Fail::not_modelled("\"ip -all netns delete\""));
            }
            let name = name_or(&mut a)?;
            let path = format!("{NETNS_RUN_DIR}/{name}");
            self.k.netns_unmount(&path).map_err(|_| Fail::new(format!("Cannot remove namespace file \"{path}\": No such file or directory\n"), 1))?;
            Ok(Next::Done)
        } else if matches(&cmd, "identify") {
            if let Some(pid) = a.next() {
                if !pid.bytes().all(|b| b.is_ascii_digit()) || pid.is_empty() {
                    return Err(Fail::new(format!("Specified string '{pid}' is not a pid\n"), 1));
                }
                return Err(Fail::not_modelled("processes (\"ip netns identify PID\")"));
            }
            let names: Vec<String> = self.k.named_netns().into_iter().filter(|(_, id)| *id == self.ns).map(|(n, _)| n).collect();
            if names.is_empty() {
                self.out.push('\n');
            }
            for n in names {
                self.out.push_str(&n);
                self.out.push('\n');
            }
            Ok(Next::Done)
        } else if matches(&cmd, "pids") {
            let name = name_or(&mut a)?;
            if a.peek().is_some() {
                return Err(Fail::new("extra arguments specified\n", 1));
            }
            if self.k.netns_by_name(&name).is_none() {
                return Err(Fail::new("Cannot open network namespace: No such file or directory\n", 1));
            }
            // mesh models no processes: none to list.
            Ok(Next::Done)
        } else if matches(&cmd, "exec") {
            if self.opt.all {
                return Err(Fail::not_modelled("\"ip -all netns exec\""));
            }
            let name = name_or(&mut a)?;
            let argv = a.rest();
            if argv.is_empty() {
                return Err(Fail::new("No command specified\n", 1));
            }
            let netns = self.open_netns(&name)?;
            Ok(Next::Exec { netns, argv })
        } else if matches(&cmd, "monitor") || matches(&cmd, "attach") {
            Err(Fail::not_modelled(&format!("\"ip netns {cmd}\"")))
        } else {
            Err(Fail::new(format!("Command \"{cmd}\" is unknown, try \"ip netns help\".\n"), 255))
        }
    }

    /// `ip netns list`: every name under /run/netns, with the id the current
    /// namespace has for it, in the directory's order: a tmpfs lists the
    /// newest entry first (dcache_readdir walks d_subdirs, where new dentries
    /// go to the head). mesh takes a namespace's creation as the time its
    /// name was made, which holds for names made by `ip netns add`.
    fn netns_list(&mut self) -> Res {
        let mut names = self.k.named_netns();
        names.sort_by(|(an, a), (bn, b)| b.cmp(a).then_with(|| an.cmp(bn)));
        let ids = &self.k.netns(self.ns).netnsids;
        for (name, id) in names {
            match ids.get(&id) {
                Some(n) => {
                    let _ = writeln!(self.out, "{name} (id: {n})");
                }
                None => {
                    let _ = writeln!(self.out, "{name}");
                }
            }
        }
        Ok(())
    }

    fn netns_list_id(&mut self) -> Res {
        let names = self.k.named_netns();
        let mut ids: Vec<(u32, NetnsId)> = self.k.netns(self.ns).netnsids.iter().map(|(ns, id)| (*id, *ns)).collect();
        ids.sort();
        for (id, ns) in ids {
            match names.iter().find(|(_, n)| *n == ns) {
                Some((name, _)) => {
                    let _ = writeln!(self.out, "nsid {id} (iproute2 netns name: {name})");
                }
                None => {
                    let _ = writeln!(self.out, "nsid {id} ");
                }
            }
        }
        Ok(())
    }
}

/// Replaying transcripts captured from the real tools against the simulator.
///
/// A transcript is the real session: `$ CMD` lines, then what CMD printed
/// (plain lines on stdout, `!`-prefixed lines on stderr, `?N` for a non-zero
/// exit status). `#CMD` lines are set-up run without checking (on the real
/// machine they also disabled IPv6 in the namespaces); `@sleep S` advances
/// the virtual clock as the real session slept. Like the real sessions, mesh
/// models a host with IPv6 disabled by sysctl: no IPv6 addresses, but the
/// per-device IPv6 state (`addrgenmode eui64` in `ip -d link`, the `33:33:…`
/// multicast FDB entries) is there.
#[cfg(test)]
pub(crate) mod transcript {
    use super::{IpOutcome, ip};
    use crate::kernel::{INIT_NETNS, Kernel, NetnsId};
    use crate::output::CmdOutput;
    use crate::time::Duration;

    /// Run one command line as the mesh shell would (`ip netns exec` included).
    pub(crate) fn run(k: &mut Kernel, ns: NetnsId, argv: &[String]) -> Option<CmdOutput> {
        match argv.first().map(String::as_str) {
            Some("ip") => match ip(argv, k, ns) {
                IpOutcome::Done(o) => Some(o),
                IpOutcome::Exec { netns, argv } => run(k, netns, &argv),
            },
            Some("bridge") => Some(crate::tools::bridge::bridge(argv, k, ns)),
            Some("sysctl") => Some(crate::tools::sysctl::sysctl(argv, k, ns)),
            _ => None,
        }
    }

    /// Whether a command's output order is the kernel's hash order (compared
    /// as a set of lines).
    fn unordered(argv: &[String]) -> bool {
        let obj = argv.iter().skip(1).find(|a| !a.starts_with('-') && !a.starts_with("ipr-"));
        obj.is_some_and(|o| "neighbour".starts_with(o.as_str()) && o.starts_with('n') && o != "netns")
    }

    /// Replay `script` on a fresh kernel; panic listing every mismatch.
    pub(crate) fn replay(script: &str) {
        let mut k = Kernel::new("test", 1);
        let mut failures = Vec::new();
        let mut lines = script.lines().peekable();
        let mut checked = 0;
        while let Some(line) = lines.next() {
            if let Some(s) = line.strip_prefix("@sleep ") {
                let secs: f64 = s.trim().parse().unwrap_or(0.0);
                k.now += Duration::from_millis((secs * 1000.0) as u64);
                continue;
            }
            if let Some(cmd) = line.strip_prefix('#') {
                if let Ok(argv) = shell_words::split(cmd) {
                    let _ = run(&mut k, INIT_NETNS, &argv);
                }
                continue;
            }
            let Some(cmd) = line.strip_prefix("$ ") else { continue };
            let (mut out, mut err, mut status) = (String::new(), String::new(), 0);
            while let Some(next) = lines.peek() {
                if next.starts_with("$ ") || next.starts_with("@sleep") || next.starts_with('#') {
                    break;
                }
                let l = lines.next().unwrap_or_default();
                if let Some(e) = l.strip_prefix('!') {
                    err.push_str(e);
                    err.push('\n');
                } else if let Some(s) = l.strip_prefix('?') {
                    status = s.parse().unwrap_or(-1);
                } else {
                    out.push_str(l);
                    out.push('\n');
                }
            }
            let argv = shell_words::split(cmd).expect("command line");
            let Some(got) = run(&mut k, INIT_NETNS, &argv) else { continue };
            checked += 1;
            let (mut want_out, mut got_out) = (out, got.stdout.clone());
            if unordered(&argv) {
                let sort = |s: &str| {
                    let mut v: Vec<&str> = s.lines().collect();
                    v.sort_unstable();
                    v.join("\n")
                };
                want_out = sort(&want_out);
                got_out = sort(&got_out);
            }
            if want_out != got_out || err != got.stderr || status != got.status {
                failures.push(format!("$ {cmd}\n--- expected (status {status})\n{want_out}{err}--- got (status {})\n{got_out}{}", got.status, got.stderr));
            }
        }
        assert!(checked > 0, "no command was checked");
        assert!(failures.is_empty(), "{} of {checked} commands differ:\n\n{}", failures.len(), failures.join("\n"));
    }

    /// The captured sessions, one per scenario.
    pub(crate) mod real {
        /// Captured from iproute2 6.1 / procps 4.0.2 on Linux 6.18 (scenario `veth`).
        pub(crate) const VETH: &str = r##"#ip netns add ipr-a
#ip netns add ipr-b
#ip netns exec ipr-a sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
#ip netns exec ipr-b sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
$ ip -n ipr-a link add veth0 address 02:00:00:00:00:01 type veth peer name veth1 address 02:00:00:00:00:02 netns ipr-b
$ ip -n ipr-a link
1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: veth0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-b
$ ip -n ipr-b link show
1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: veth1@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:00:02 brd ff:ff:ff:ff:ff:ff link-netns ipr-a
$ ip -n ipr-a addr
1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: veth0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN group default qlen 1000
    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-b
$ ip -n ipr-a route show table all
$ ip -n ipr-a link set lo up
$ ip -n ipr-a addr
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
2: veth0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN group default qlen 1000
    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-b
$ ip -n ipr-a route show table all
local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 
local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 
broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1 
$ ip -n ipr-a link set veth0 up
$ ip -n ipr-a link
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: veth0@if2: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-b
$ ip -n ipr-a -br link
lo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP> 
veth0@if2        DOWN           02:00:00:00:00:01 <NO-CARRIER,BROADCAST,MULTICAST,UP> 
$ ip -n ipr-b link set veth1 up
@sleep 1.1
$ ip -n ipr-a link
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: veth0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-b
$ ip -n ipr-b link
1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: veth1@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:00:02 brd ff:ff:ff:ff:ff:ff link-netns ipr-a
$ ip -n ipr-a addr add 10.0.0.1/24 dev veth0
$ ip -n ipr-b addr add 10.0.0.2/24 brd + dev veth1
$ ip -n ipr-a addr
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
2: veth0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-b
    inet 10.0.0.1/24 scope global veth0
       valid_lft forever preferred_lft forever
$ ip -n ipr-b address show
1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: veth1@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    link/ether 02:00:00:00:00:02 brd ff:ff:ff:ff:ff:ff link-netns ipr-a
    inet 10.0.0.2/24 brd 10.0.0.255 scope global veth1
       valid_lft forever preferred_lft forever
$ ip -n ipr-a route
10.0.0.0/24 dev veth0 proto kernel scope link src 10.0.0.1 
$ ip -n ipr-a route show table all
10.0.0.0/24 dev veth0 proto kernel scope link src 10.0.0.1 
local 10.0.0.1 dev veth0 table local proto kernel scope host src 10.0.0.1 
broadcast 10.0.0.255 dev veth0 table local proto kernel scope link src 10.0.0.1 
local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 
local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 
broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1 
$ ip -n ipr-b route show table all
10.0.0.0/24 dev veth1 proto kernel scope link src 10.0.0.2 
local 10.0.0.2 dev veth1 table local proto kernel scope host src 10.0.0.2 
broadcast 10.0.0.255 dev veth1 table local proto kernel scope link src 10.0.0.2 
$ ip -n ipr-a -o addr
1: lo    inet 127.0.0.1/8 scope host lo\       valid_lft forever preferred_lft forever
2: veth0    inet 10.0.0.1/24 scope global veth0\       valid_lft forever preferred_lft forever
$ ip -n ipr-a -o link
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: veth0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-b
$ ip -n ipr-a -br addr
lo               UNKNOWN        127.0.0.1/8 
veth0@if2        UP             10.0.0.1/24 
$ ip -n ipr-a -br link
lo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP> 
veth0@if2        UP             02:00:00:00:00:01 <BROADCAST,MULTICAST,UP,LOWER_UP> 
$ ip -n ipr-a -4 addr
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
2: veth0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000 link-netns ipr-b
    inet 10.0.0.1/24 scope global veth0
       valid_lft forever preferred_lft forever
$ ip -n ipr-a -4 -o addr
1: lo    inet 127.0.0.1/8 scope host lo\       valid_lft forever preferred_lft forever
2: veth0    inet 10.0.0.1/24 scope global veth0\       valid_lft forever preferred_lft forever
$ ip -n ipr-a -0 addr
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: veth0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-b
$ ip -n ipr-a -f link addr show dev veth0
2: veth0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-b
$ ip -n ipr-a -6 addr
$ ip -n ipr-a -d link show veth0
2: veth0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-b promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 
    veth addrgenmode eui64 numtxqueues 2 numrxqueues 2 gso_max_size 65536 gso_max_segs 65535 tso_max_size 524280 tso_max_segs 65535 gro_max_size 65536 
$ ip -n ipr-a -d link show lo
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00 promiscuity 0  allmulti 0 minmtu 0 maxmtu 0 addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 tso_max_size 524280 tso_max_segs 65535 gro_max_size 65536 
$ ip -n ipr-a -d addr show veth0
2: veth0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-b promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 
    veth numtxqueues 2 numrxqueues 2 gso_max_size 65536 gso_max_segs 65535 tso_max_size 524280 tso_max_segs 65535 gro_max_size 65536 
    inet 10.0.0.1/24 scope global veth0
       valid_lft forever preferred_lft forever
$ ip -n ipr-a -s link show veth0
2: veth0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-b
    RX:  bytes packets errors dropped  missed   mcast           
             0       0      0       0       0       0 
    TX:  bytes packets errors dropped carrier collsns           
             0       0      0       0       0       0 
$ ip -n ipr-a -s addr show veth0
2: veth0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-b
    inet 10.0.0.1/24 scope global veth0
       valid_lft forever preferred_lft forever
    RX:  bytes packets errors dropped  missed   mcast           
             0       0      0       0       0       0 
    TX:  bytes packets errors dropped carrier collsns           
             0       0      0       0       0       0 
$ ip -n ipr-a -br -4 addr
lo               UNKNOWN        127.0.0.1/8 
veth0@if2        UP             10.0.0.1/24 
$ ip -n ipr-a route get 10.0.0.2
10.0.0.2 dev veth0 src 10.0.0.1 uid 0 
    cache 
$ ip -n ipr-a route get 10.0.0.1
local 10.0.0.1 dev lo src 10.0.0.1 uid 0 
    cache <local> 
$ ip -n ipr-a route get 127.0.0.1
local 127.0.0.1 dev lo src 127.0.0.1 uid 0 
    cache <local> 
$ ip -n ipr-a route get 8.8.8.8
!RTNETLINK answers: Network is unreachable
?2
$ ip -n ipr-a route get 10.0.0.255
broadcast 10.0.0.255 dev veth0 src 10.0.0.1 uid 0 
    cache <local,brd> 
$ ip -n ipr-a neigh
$ ip -n ipr-b link set veth1 down
@sleep 1.1
$ ip -n ipr-a link
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: veth0@if2: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-b
$ ip -n ipr-a -br addr
lo               UNKNOWN        127.0.0.1/8 
veth0@if2        DOWN           10.0.0.1/24 
$ ip -n ipr-a route show table all
10.0.0.0/24 dev veth0 proto kernel scope link src 10.0.0.1 linkdown 
local 10.0.0.1 dev veth0 table local proto kernel scope host src 10.0.0.1 
broadcast 10.0.0.255 dev veth0 table local proto kernel scope link src 10.0.0.1 linkdown 
local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 
local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 
broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1 
$ ip -n ipr-a link set veth0 down
$ ip -n ipr-a link show dev veth0
2: veth0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noqueue state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-b
$ ip -n ipr-a route show table all
local 10.0.0.1 dev veth0 table local proto kernel scope host src 10.0.0.1 
local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 
local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 
broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1 
$ ip -n ipr-a link del veth0
$ ip -n ipr-a link
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
$ ip -n ipr-b link
1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
$ ip -n ipr-a route show table all
local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 
local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 
broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1 
#ip netns del ipr-a
#ip netns del ipr-b
"##;

        /// Captured from iproute2 6.1 / procps 4.0.2 on Linux 6.18 (scenario `link`).
        pub(crate) const LINK: &str = r##"#ip netns add ipr-l
#ip netns add ipr-l2
#ip netns exec ipr-l sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
#ip netns exec ipr-l2 sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
$ ip -n ipr-l link add v0 address 02:00:00:00:07:01 type veth peer name v1 address 02:00:00:00:07:02
$ ip -n ipr-l link set v0 alias "my link"
$ ip -n ipr-l link show v0
3: v0@v1: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:07:01 brd ff:ff:ff:ff:ff:ff
    alias my link
$ ip -n ipr-l -d link show v0
3: v0@v1: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:07:01 brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 
    veth addrgenmode eui64 numtxqueues 2 numrxqueues 2 gso_max_size 65536 gso_max_segs 65535 tso_max_size 524280 tso_max_segs 65535 gro_max_size 65536 
    alias my link
$ ip -n ipr-l -o link show v0
3: v0@v1: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\    link/ether 02:00:00:00:07:01 brd ff:ff:ff:ff:ff:ff\    alias my link
$ ip -n ipr-l addr show v0
3: v0@v1: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN group default qlen 1000
    link/ether 02:00:00:00:07:01 brd ff:ff:ff:ff:ff:ff
$ ip -n ipr-l link set v0 alias ""
$ ip -n ipr-l link show v0
3: v0@v1: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:07:01 brd ff:ff:ff:ff:ff:ff
$ ip -n ipr-l link set v0 txqueuelen 0
$ ip -n ipr-l link show v0
3: v0@v1: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default 
    link/ether 02:00:00:00:07:01 brd ff:ff:ff:ff:ff:ff
$ ip -n ipr-l link set v0 txqueuelen 500
$ ip -n ipr-l link set v0 qlen 42
$ ip -n ipr-l link show v0
3: v0@v1: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 42
    link/ether 02:00:00:00:07:01 brd ff:ff:ff:ff:ff:ff
$ ip -n ipr-l link set v0 promisc on
$ ip -n ipr-l link show v0
3: v0@v1: <BROADCAST,MULTICAST,PROMISC,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 42
    link/ether 02:00:00:00:07:01 brd ff:ff:ff:ff:ff:ff
$ ip -n ipr-l -d link show v0
3: v0@v1: <BROADCAST,MULTICAST,PROMISC,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 42
    link/ether 02:00:00:00:07:01 brd ff:ff:ff:ff:ff:ff promiscuity 1  allmulti 0 minmtu 68 maxmtu 65535 
    veth addrgenmode eui64 numtxqueues 2 numrxqueues 2 gso_max_size 65536 gso_max_segs 65535 tso_max_size 524280 tso_max_segs 65535 gro_max_size 65536 
$ ip -n ipr-l link set v0 promisc off
$ ip -n ipr-l link set v0 promisc maybe
!Error: argument of "promisc" must be "on" or "off", not "maybe"
?1
$ ip -n ipr-l link set v0 mtu 1400
$ ip -n ipr-l link set dev v0 mtu 1450 address 02:00:00:00:07:99 name w0 up
$ ip -n ipr-l link
1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: v1@w0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:07:02 brd ff:ff:ff:ff:ff:ff
3: w0@v1: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> mtu 1450 qdisc noqueue state LOWERLAYERDOWN mode DEFAULT group default qlen 42
    link/ether 02:00:00:00:07:99 brd ff:ff:ff:ff:ff:ff
$ ip -n ipr-l link set w0 name v0
$ ip -n ipr-l link set v0 down
$ ip -n ipr-l link set v1 up
$ ip -n ipr-l link
1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: v1@v0: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> mtu 1500 qdisc noqueue state LOWERLAYERDOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:07:02 brd ff:ff:ff:ff:ff:ff
3: v0@v1: <BROADCAST,MULTICAST> mtu 1450 qdisc noqueue state DOWN mode DEFAULT group default qlen 42
    link/ether 02:00:00:00:07:99 brd ff:ff:ff:ff:ff:ff
$ ip -n ipr-l link set v0 mtu 40
!Error: mtu less than device minimum.
?2
$ ip -n ipr-l link set v0 mtu 70000
!Error: mtu greater than device maximum.
?2
$ ip -n ipr-l link set v0 mtu abc
!Error: argument "abc" is wrong: Invalid "mtu" value
!
?255
$ ip -n ipr-l link set v0 mtu 1300 mtu 1200
!Error: duplicate "mtu": "1200" is the second value.
?255
$ ip -n ipr-l link set v0 address zz
!"zz" is invalid lladdr.
?1
$ ip -n ipr-l link set v0 address 01:00:00:00:00:01
!RTNETLINK answers: Cannot assign requested address
?2
$ ip -n ipr-l link set v0 address 02:00:00:00:07
!Invalid address length 5 - must be 6 bytes
?1
$ ip -n ipr-l link set v0 name lo
!RTNETLINK answers: File exists
?2
$ ip -n ipr-l link set v0 name abcdefghijklmnopq
!Error: argument "abcdefghijklmnopq" is wrong: "name" not a valid ifname
?255
$ ip -n ipr-l link set v0 name "a b"
!Error: argument "a b" is wrong: "name" not a valid ifname
?255
$ ip -n ipr-l link set v0 master v1
!RTNETLINK answers: Operation not supported
?2
$ ip -n ipr-l link set v0 master nope
!Error: argument "nope" is wrong: Device does not exist
!
?255
$ ip -n ipr-l link set v0 netns nope
!Error: argument "nope" is wrong: Invalid "netns" value
!
?255
$ ip -n ipr-l link set lo netns ipr-l2
!Error: The interface netns is immutable.
?2
$ ip -n ipr-l link set v0 bogus
!Error: either "dev" is duplicate, or "bogus" is a garbage.
?255
$ ip -n ipr-l link set
!Not enough information: "dev" argument is required.
?255
$ ip -n ipr-l link set v9
!Cannot find device "v9"
?1
$ ip -n ipr-l link set v9 up
!Cannot find device "v9"
?1
$ ip -n ipr-l link set v0
$ ip -n ipr-l link set v0 txqueuelen x
!Error: argument "x" is wrong: Invalid "txqueuelen" value
!
?255
$ ip -n ipr-l link set v0 alias
!Command line is not complete. Try option "help"
?255
$ ip -n ipr-l link set lo down
$ ip -n ipr-l link del lo
!RTNETLINK answers: Operation not supported
?2
$ ip -n ipr-l link del
!Not enough information: "dev" argument is required.
?255
$ ip -n ipr-l link del v9
!Cannot find device "v9"
?1
$ ip -n ipr-l link delete dev v9
!Cannot find device "v9"
?1
$ ip -n ipr-l link show v9
!Device "v9" does not exist.
?1
$ ip -n ipr-l link show dev v9
!Device "v9" does not exist.
?1
$ ip -n ipr-l link show v0 v1
!Error: either "dev" is duplicate, or "v1" is a garbage.
?255
$ ip -n ipr-l link xyz
!Command "xyz" is unknown, try "ip link help".
?255
$ ip -n ipr-l link add v0 type veth peer name x1
!RTNETLINK answers: File exists
?2
$ ip -n ipr-l link add v5 type veth peer name v5
!RTNETLINK answers: File exists
?2
$ ip -n ipr-l link add foo type bogus
!Error: Unknown device type.
?2
$ ip -n ipr-l link add foo
!Not enough information: "type" argument is required
?1
$ ip -n ipr-l link add foo type
!Command line is not complete. Try option "help"
?255
$ ip -n ipr-l link add name abcdefghijklmnopq type veth
!Error: argument "abcdefghijklmnopq" is wrong: "name" not a valid ifname
?255
$ ip -n ipr-l link add z2 address 02:00:00:00:07:03 type veth peer z3 address 02:00:00:00:07:04
$ ip -n ipr-l link add z4 address 02:00:00:00:07:05 mtu 1400 txqueuelen 0 type veth peer name z5 address 02:00:00:00:07:06 mtu 1300
$ ip -n ipr-l link add name z6 address 02:00:00:00:07:07 type bridge
$ ip -n ipr-l link add dev z7 address 02:00:00:00:07:08 type bridge
$ ip -n ipr-l link add z8 address 02:00:00:00:07:09 mtu 1400 txqueuelen 0 type bridge
$ ip -n ipr-l link add z9 address 02:00:00:00:07:0a type veth peer name y9 address 02:00:00:00:07:0b netns ipr-l2
$ ip -n ipr-l link add z10 type veth peer name y10 netns nope
!Error: argument "nope" is wrong: Invalid "netns" value
!
?255
$ ip -n ipr-l link add z11 type veth peer bogus bogus
!Error: either "dev" is duplicate, or "bogus" is a garbage.
?255
$ ip -n ipr-l link add z12 type veth bogus
Usage: ip link <options> type veth [peer <options>]
To get <options> type 'ip link add help'
?1
$ ip -n ipr-l link add z13 type vxlan
!Error: Required attributes not provided to perform the operation.
?2
$ ip -n ipr-l link add z13 type vxlan id 99999999
!Error: argument "99999999" is wrong: invalid id
?255
$ ip -n ipr-l link add z13 type vxlan id 5 dev nope
!Cannot find device "nope"
?255
$ ip -n ipr-l link add z13 type vxlan id 5 bogus
!vxlan: unknown command "bogus"?
!Usage: ... vxlan id VNI
!		[ { group | remote } IP_ADDRESS ]
!		[ local ADDR ]
!		[ ttl TTL ]
!		[ tos TOS ]
!		[ df DF ]
!		[ flowlabel LABEL ]
!		[ dev PHYS_DEV ]
!		[ dstport PORT ]
!		[ srcport MIN MAX ]
!		[ [no]learning ]
!		[ [no]proxy ]
!		[ [no]rsc ]
!		[ [no]l2miss ]
!		[ [no]l3miss ]
!		[ ageing SECONDS ]
!		[ maxaddress NUMBER ]
!		[ [no]udpcsum ]
!		[ [no]udp6zerocsumtx ]
!		[ [no]udp6zerocsumrx ]
!		[ [no]remcsumtx ] [ [no]remcsumrx ]
!		[ [no]external ] [ gbp ] [ gpe ]
!		[ [no]vnifilter ]
!
!Where:	VNI	:= 0-16777215
!	ADDR	:= { IP_ADDRESS | any }
!	TOS	:= { NUMBER | inherit }
!	TTL	:= { 1..255 | auto | inherit }
!	DF	:= { unset | set | inherit }
!	LABEL := 0-1048575
?1
$ ip -n ipr-l link add z13 type vxlan id 5 remote zz
!Error: any valid address is expected rather than "zz".
?1
$ ip -n ipr-l link add z13 type vxlan id 5 ttl 300
!Error: argument "300" is wrong: TTL must be <= 255
?255
$ ip -n ipr-l link add z13 type vxlan id 5 dstport x
!Error: argument "x" is wrong: dst port
?255
$ ip -n ipr-l link add z13 mtu 40 type bridge
!Error: mtu less than device minimum.
?2
$ ip -n ipr-l link add z13 type bridge bogus
!bridge: unknown command "bogus"?
!Usage: ... bridge [ fdb_flush ]
!		  [ forward_delay FORWARD_DELAY ]
!		  [ hello_time HELLO_TIME ]
!		  [ max_age MAX_AGE ]
!		  [ ageing_time AGEING_TIME ]
!		  [ stp_state STP_STATE ]
!		  [ priority PRIORITY ]
!		  [ group_fwd_mask MASK ]
!		  [ group_address ADDRESS ]
!		  [ no_linklocal_learn NO_LINKLOCAL_LEARN ]
!		  [ vlan_filtering VLAN_FILTERING ]
!		  [ vlan_protocol VLAN_PROTOCOL ]
!		  [ vlan_default_pvid VLAN_DEFAULT_PVID ]
!		  [ vlan_stats_enabled VLAN_STATS_ENABLED ]
!		  [ vlan_stats_per_port VLAN_STATS_PER_PORT ]
!		  [ mcast_snooping MULTICAST_SNOOPING ]
!		  [ mcast_vlan_snooping MULTICAST_VLAN_SNOOPING ]
!		  [ mcast_router MULTICAST_ROUTER ]
!		  [ mcast_query_use_ifaddr MCAST_QUERY_USE_IFADDR ]
!		  [ mcast_querier MULTICAST_QUERIER ]
!		  [ mcast_hash_elasticity HASH_ELASTICITY ]
!		  [ mcast_hash_max HASH_MAX ]
!		  [ mcast_last_member_count LAST_MEMBER_COUNT ]
!		  [ mcast_startup_query_count STARTUP_QUERY_COUNT ]
!		  [ mcast_last_member_interval LAST_MEMBER_INTERVAL ]
!		  [ mcast_membership_interval MEMBERSHIP_INTERVAL ]
!		  [ mcast_querier_interval QUERIER_INTERVAL ]
!		  [ mcast_query_interval QUERY_INTERVAL ]
!		  [ mcast_query_response_interval QUERY_RESPONSE_INTERVAL ]
!		  [ mcast_startup_query_interval STARTUP_QUERY_INTERVAL ]
!		  [ mcast_stats_enabled MCAST_STATS_ENABLED ]
!		  [ mcast_igmp_version IGMP_VERSION ]
!		  [ mcast_mld_version MLD_VERSION ]
!		  [ nf_call_iptables NF_CALL_IPTABLES ]
!		  [ nf_call_ip6tables NF_CALL_IP6TABLES ]
!		  [ nf_call_arptables NF_CALL_ARPTABLES ]
!
!Where: VLAN_PROTOCOL := { 802.1Q | 802.1ad }
?1
$ ip -n ipr-l link
1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: v1@v0: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> mtu 1500 qdisc noqueue state LOWERLAYERDOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:07:02 brd ff:ff:ff:ff:ff:ff
3: v0@v1: <BROADCAST,MULTICAST> mtu 1450 qdisc noqueue state DOWN mode DEFAULT group default qlen 42
    link/ether 02:00:00:00:07:99 brd ff:ff:ff:ff:ff:ff
5: z3@z2: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:07:04 brd ff:ff:ff:ff:ff:ff
6: z2@z3: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:07:03 brd ff:ff:ff:ff:ff:ff
7: z5@z4: <BROADCAST,MULTICAST,M-DOWN> mtu 1300 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:07:06 brd ff:ff:ff:ff:ff:ff
8: z4@z5: <BROADCAST,MULTICAST,M-DOWN> mtu 1400 qdisc noop state DOWN mode DEFAULT group default 
    link/ether 02:00:00:00:07:05 brd ff:ff:ff:ff:ff:ff
9: z6: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:07:07 brd ff:ff:ff:ff:ff:ff
10: z7: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:07:08 brd ff:ff:ff:ff:ff:ff
11: z8: <BROADCAST,MULTICAST> mtu 1400 qdisc noop state DOWN mode DEFAULT group default 
    link/ether 02:00:00:00:07:09 brd ff:ff:ff:ff:ff:ff
12: z9@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:07:0a brd ff:ff:ff:ff:ff:ff link-netns ipr-l2
$ ip -n ipr-l link set z6 up
$ ip -n ipr-l link set z2 master z6
$ ip -n ipr-l link set z2 master z6
$ ip -n ipr-l link set z6 master z2
!RTNETLINK answers: Operation not supported
?2
$ ip -n ipr-l link set z6 master z6
!Error: Can not enslave a bridge to a bridge.
?2
$ ip -n ipr-l link set lo master z6
!RTNETLINK answers: Invalid argument
?2
$ ip -n ipr-l link show master z6
6: z2@z3: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop master z6 state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:07:03 brd ff:ff:ff:ff:ff:ff
$ ip -n ipr-l link set z4 master z6
$ ip -n ipr-l link set z2 nomaster
$ ip -n ipr-l link set z2 nomaster
$ ip -n ipr-l link show master z6
8: z4@z5: <BROADCAST,MULTICAST,M-DOWN> mtu 1400 qdisc noop master z6 state DOWN mode DEFAULT group default 
    link/ether 02:00:00:00:07:05 brd ff:ff:ff:ff:ff:ff
$ ip -n ipr-l link show master nope
!Error: argument "nope" is wrong: Device does not exist
!
?255
$ ip -n ipr-l link show type nope
$ ip -n ipr-l link show group default
1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: v1@v0: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> mtu 1500 qdisc noqueue state LOWERLAYERDOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:07:02 brd ff:ff:ff:ff:ff:ff
3: v0@v1: <BROADCAST,MULTICAST> mtu 1450 qdisc noqueue state DOWN mode DEFAULT group default qlen 42
    link/ether 02:00:00:00:07:99 brd ff:ff:ff:ff:ff:ff
5: z3@z2: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:07:04 brd ff:ff:ff:ff:ff:ff
6: z2@z3: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:07:03 brd ff:ff:ff:ff:ff:ff
7: z5@z4: <BROADCAST,MULTICAST,M-DOWN> mtu 1300 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:07:06 brd ff:ff:ff:ff:ff:ff
8: z4@z5: <BROADCAST,MULTICAST,M-DOWN> mtu 1400 qdisc noop master z6 state DOWN mode DEFAULT group default 
    link/ether 02:00:00:00:07:05 brd ff:ff:ff:ff:ff:ff
9: z6: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1400 qdisc noqueue state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:07:07 brd ff:ff:ff:ff:ff:ff
10: z7: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:07:08 brd ff:ff:ff:ff:ff:ff
11: z8: <BROADCAST,MULTICAST> mtu 1400 qdisc noop state DOWN mode DEFAULT group default 
    link/ether 02:00:00:00:07:09 brd ff:ff:ff:ff:ff:ff
12: z9@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:07:0a brd ff:ff:ff:ff:ff:ff link-netns ipr-l2
$ ip -n ipr-l link show up
2: v1@v0: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> mtu 1500 qdisc noqueue state LOWERLAYERDOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:07:02 brd ff:ff:ff:ff:ff:ff
9: z6: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1400 qdisc noqueue state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:07:07 brd ff:ff:ff:ff:ff:ff
$ ip -n ipr-l link del dev z6
$ ip -n ipr-l link show z4
8: z4@z5: <BROADCAST,MULTICAST,M-DOWN> mtu 1400 qdisc noop state DOWN mode DEFAULT group default 
    link/ether 02:00:00:00:07:05 brd ff:ff:ff:ff:ff:ff
$ ip -n ipr-l link del z5
$ ip -n ipr-l link set lo name lo2
$ ip -n ipr-l link
1: lo2: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: v1@v0: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> mtu 1500 qdisc noqueue state LOWERLAYERDOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:07:02 brd ff:ff:ff:ff:ff:ff
3: v0@v1: <BROADCAST,MULTICAST> mtu 1450 qdisc noqueue state DOWN mode DEFAULT group default qlen 42
    link/ether 02:00:00:00:07:99 brd ff:ff:ff:ff:ff:ff
5: z3@z2: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:07:04 brd ff:ff:ff:ff:ff:ff
6: z2@z3: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:07:03 brd ff:ff:ff:ff:ff:ff
10: z7: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:07:08 brd ff:ff:ff:ff:ff:ff
11: z8: <BROADCAST,MULTICAST> mtu 1400 qdisc noop state DOWN mode DEFAULT group default 
    link/ether 02:00:00:00:07:09 brd ff:ff:ff:ff:ff:ff
12: z9@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:07:0a brd ff:ff:ff:ff:ff:ff link-netns ipr-l2
#ip netns del ipr-l
#ip netns del ipr-l2
"##;

        /// Captured from iproute2 6.1 / procps 4.0.2 on Linux 6.18 (scenario `addr`).
        pub(crate) const ADDR: &str = r##"#ip netns add ipr-x
#ip netns exec ipr-x sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
#ip -n ipr-x link add v0 address 02:00:00:00:08:01 type veth peer name v1 address 02:00:00:00:08:02
#ip -n ipr-x link set lo up
#ip -n ipr-x link set v0 up
#ip -n ipr-x link set v1 up
$ ip -n ipr-x addr add 10.0.0.1/24 dev v0
$ ip -n ipr-x addr add 10.0.0.1/24 dev v0
!Error: ipv4: Address already assigned.
?2
$ ip -n ipr-x addr add 10.0.0.1/25 dev v0
$ ip -n ipr-x addr add 10.0.0.2 dev v0
$ ip -n ipr-x addr add 10.0.0.3/24 dev v0 label v0:x
$ ip -n ipr-x addr add 10.0.0.4/24 dev v0 label foo
$ ip -n ipr-x addr add 10.0.0.5/24 dev v0 scope host
!Error: ipv4: Invalid scope value.
?2
$ ip -n ipr-x addr add 10.0.0.6/24 dev v0 scope 100
!Error: ipv4: Invalid scope value.
?2
$ ip -n ipr-x addr add local 10.0.0.7/24 dev v0
$ ip -n ipr-x addr add 10.0.0.8/24 broadcast 10.0.0.200 dev v0
$ ip -n ipr-x addr add 10.0.0.9/24 dev v0 noprefixroute
$ ip -n ipr-x addr add 10.2.0.9/24 dev v0 noprefixroute
$ ip -n ipr-x addr
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
2: v1@v0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    link/ether 02:00:00:00:08:02 brd ff:ff:ff:ff:ff:ff
3: v0@v1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    link/ether 02:00:00:00:08:01 brd ff:ff:ff:ff:ff:ff
    inet 10.0.0.1/24 scope global v0
       valid_lft forever preferred_lft forever
    inet 10.0.0.1/25 scope global v0
       valid_lft forever preferred_lft forever
    inet 10.0.0.2/32 scope global v0
       valid_lft forever preferred_lft forever
    inet 10.2.0.9/24 scope global noprefixroute v0
       valid_lft forever preferred_lft forever
    inet 10.0.0.3/24 scope global secondary v0:x
       valid_lft forever preferred_lft forever
    inet 10.0.0.4/24 scope global secondary foo
       valid_lft forever preferred_lft forever
    inet 10.0.0.7/24 scope global secondary v0
       valid_lft forever preferred_lft forever
    inet 10.0.0.8/24 brd 10.0.0.200 scope global secondary v0
       valid_lft forever preferred_lft forever
    inet 10.0.0.9/24 scope global secondary noprefixroute v0
       valid_lft forever preferred_lft forever
$ ip -n ipr-x addr show dev v0 primary
3: v0@v1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    link/ether 02:00:00:00:08:01 brd ff:ff:ff:ff:ff:ff
    inet 10.0.0.1/24 scope global v0
       valid_lft forever preferred_lft forever
    inet 10.0.0.1/25 scope global v0
       valid_lft forever preferred_lft forever
    inet 10.0.0.2/32 scope global v0
       valid_lft forever preferred_lft forever
    inet 10.2.0.9/24 scope global noprefixroute v0
       valid_lft forever preferred_lft forever
$ ip -n ipr-x addr show dev v0 secondary
3: v0@v1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    link/ether 02:00:00:00:08:01 brd ff:ff:ff:ff:ff:ff
    inet 10.0.0.3/24 scope global secondary v0:x
       valid_lft forever preferred_lft forever
    inet 10.0.0.4/24 scope global secondary foo
       valid_lft forever preferred_lft forever
    inet 10.0.0.7/24 scope global secondary v0
       valid_lft forever preferred_lft forever
    inet 10.0.0.8/24 brd 10.0.0.200 scope global secondary v0
       valid_lft forever preferred_lft forever
    inet 10.0.0.9/24 scope global secondary noprefixroute v0
       valid_lft forever preferred_lft forever
$ ip -n ipr-x addr show label v0:x
    inet 10.0.0.3/24 scope global secondary v0:x
       valid_lft forever preferred_lft forever
$ ip -n ipr-x addr show to 10.0.0.0/24
3: v0@v1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    inet 10.0.0.1/24 scope global v0
       valid_lft forever preferred_lft forever
    inet 10.0.0.1/25 scope global v0
       valid_lft forever preferred_lft forever
    inet 10.0.0.2/32 scope global v0
       valid_lft forever preferred_lft forever
    inet 10.0.0.3/24 scope global secondary v0:x
       valid_lft forever preferred_lft forever
    inet 10.0.0.4/24 scope global secondary foo
       valid_lft forever preferred_lft forever
    inet 10.0.0.7/24 scope global secondary v0
       valid_lft forever preferred_lft forever
    inet 10.0.0.8/24 brd 10.0.0.200 scope global secondary v0
       valid_lft forever preferred_lft forever
    inet 10.0.0.9/24 scope global secondary noprefixroute v0
       valid_lft forever preferred_lft forever
$ ip -n ipr-x addr show scope link
2: v1@v0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    link/ether 02:00:00:00:08:02 brd ff:ff:ff:ff:ff:ff
$ ip -n ipr-x addr show scope global
2: v1@v0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    link/ether 02:00:00:00:08:02 brd ff:ff:ff:ff:ff:ff
3: v0@v1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    link/ether 02:00:00:00:08:01 brd ff:ff:ff:ff:ff:ff
    inet 10.0.0.1/24 scope global v0
       valid_lft forever preferred_lft forever
    inet 10.0.0.1/25 scope global v0
       valid_lft forever preferred_lft forever
    inet 10.0.0.2/32 scope global v0
       valid_lft forever preferred_lft forever
    inet 10.2.0.9/24 scope global noprefixroute v0
       valid_lft forever preferred_lft forever
    inet 10.0.0.3/24 scope global secondary v0:x
       valid_lft forever preferred_lft forever
    inet 10.0.0.4/24 scope global secondary foo
       valid_lft forever preferred_lft forever
    inet 10.0.0.7/24 scope global secondary v0
       valid_lft forever preferred_lft forever
    inet 10.0.0.8/24 brd 10.0.0.200 scope global secondary v0
       valid_lft forever preferred_lft forever
    inet 10.0.0.9/24 scope global secondary noprefixroute v0
       valid_lft forever preferred_lft forever
$ ip -n ipr-x -o addr show v0
3: v0    inet 10.0.0.1/24 scope global v0\       valid_lft forever preferred_lft forever
3: v0    inet 10.0.0.1/25 scope global v0\       valid_lft forever preferred_lft forever
3: v0    inet 10.0.0.2/32 scope global v0\       valid_lft forever preferred_lft forever
3: v0    inet 10.2.0.9/24 scope global noprefixroute v0\       valid_lft forever preferred_lft forever
3: v0    inet 10.0.0.3/24 scope global secondary v0:x\       valid_lft forever preferred_lft forever
3: v0    inet 10.0.0.4/24 scope global secondary foo\       valid_lft forever preferred_lft forever
3: v0    inet 10.0.0.7/24 scope global secondary v0\       valid_lft forever preferred_lft forever
3: v0    inet 10.0.0.8/24 brd 10.0.0.200 scope global secondary v0\       valid_lft forever preferred_lft forever
3: v0    inet 10.0.0.9/24 scope global secondary noprefixroute v0\       valid_lft forever preferred_lft forever
$ ip -n ipr-x route show table all
10.0.0.0/25 dev v0 proto kernel scope link src 10.0.0.1 
10.0.0.0/24 dev v0 proto kernel scope link src 10.0.0.1 
local 10.0.0.1 dev v0 table local proto kernel scope host src 10.0.0.1 
local 10.0.0.2 dev v0 table local proto kernel scope host src 10.0.0.2 
local 10.0.0.3 dev v0 table local proto kernel scope host src 10.0.0.1 
local 10.0.0.4 dev v0 table local proto kernel scope host src 10.0.0.1 
local 10.0.0.7 dev v0 table local proto kernel scope host src 10.0.0.1 
local 10.0.0.8 dev v0 table local proto kernel scope host src 10.0.0.1 
local 10.0.0.9 dev v0 table local proto kernel scope host src 10.0.0.1 
broadcast 10.0.0.127 dev v0 table local proto kernel scope link src 10.0.0.1 
broadcast 10.0.0.200 dev v0 table local proto kernel scope link src 10.0.0.1 
broadcast 10.0.0.255 dev v0 table local proto kernel scope link src 10.0.0.1 
local 10.2.0.9 dev v0 table local proto kernel scope host src 10.2.0.9 
broadcast 10.2.0.255 dev v0 table local proto kernel scope link src 10.2.0.9 
local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 
local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 
broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1 
$ ip -n ipr-x addr add 10.0.0.1/24 xyz dev v0
!Error: either "local" is duplicate, or "xyz" is a garbage.
?255
$ ip -n ipr-x addr add 10.0.0.300/24 dev v0
!Error: any valid prefix is expected rather than "10.0.0.300/24".
?1
$ ip -n ipr-x addr add 10.0.0.3/40 dev v0
!Error: any valid prefix is expected rather than "10.0.0.3/40".
?1
$ ip -n ipr-x addr add dev v0
!RTNETLINK answers: Operation not supported
?2
$ ip -n ipr-x addr add 10.0.0.7/24
!Not enough information: "dev" argument is required.
?1
$ ip -n ipr-x addr add 10.0.0.7/24 dev v9
!Cannot find device "v9"
?1
$ ip -n ipr-x addr add 10.0.0.7/24 dev v0 scope bogus
!Error: argument "bogus" is wrong: invalid scope value.
?255
$ ip -n ipr-x addr add 10.0.0.7/24 dev v0 brd zz
!Error: inet address is expected rather than "zz".
?1
$ ip -n ipr-x addr add 10.0.0.7/24 dev v0 label x
!Error: ipv4: Address already assigned.
?2
$ ip -n ipr-x addr del 10.0.0.77/24 dev v0
!Error: ipv4: Address not found.
?2
$ ip -n ipr-x addr del 10.0.0.3/25 dev v0
!Error: ipv4: Address not found.
?2
$ ip -n ipr-x addr del 10.0.0.7/24
!Not enough information: "dev" argument is required.
?1
$ ip -n ipr-x addr del dev v0
!RTNETLINK answers: Operation not supported
?2
$ ip -n ipr-x addr flush
!Flush requires arguments.
?1
$ ip -n ipr-x addr flush dev v9
!Device "v9" does not exist.
?1
$ ip -n ipr-x addr foo
!Command "foo" is unknown, try "ip address help".
?255
$ ip -n ipr-x addr show dev v9
!Device "v9" does not exist.
?1
$ ip -n ipr-x addr show v9
!Device "v9" does not exist.
?1
$ ip -n ipr-x addr show scope bogus
!Error: argument "bogus" is wrong: invalid "scope"
!
?255
$ ip -n ipr-x addr del 10.0.0.1/24 dev v0
$ ip -n ipr-x addr
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
2: v1@v0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    link/ether 02:00:00:00:08:02 brd ff:ff:ff:ff:ff:ff
3: v0@v1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    link/ether 02:00:00:00:08:01 brd ff:ff:ff:ff:ff:ff
    inet 10.0.0.1/25 scope global v0
       valid_lft forever preferred_lft forever
    inet 10.0.0.2/32 scope global v0
       valid_lft forever preferred_lft forever
    inet 10.2.0.9/24 scope global noprefixroute v0
       valid_lft forever preferred_lft forever
$ ip -n ipr-x addr flush dev v0 label v0:x
$ ip -n ipr-x addr flush dev v0 scope global
$ ip -n ipr-x addr
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
2: v1@v0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    link/ether 02:00:00:00:08:02 brd ff:ff:ff:ff:ff:ff
3: v0@v1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    link/ether 02:00:00:00:08:01 brd ff:ff:ff:ff:ff:ff
$ ip -n ipr-x addr flush dev v0
$ ip -n ipr-x addr show v0
3: v0@v1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    link/ether 02:00:00:00:08:01 brd ff:ff:ff:ff:ff:ff
$ ip -n ipr-x route show table all
local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 
local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 
broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1 
$ ip -n ipr-x addr add 10.3.0.1/24 dev v0
$ ip -n ipr-x addr add 10.4.0.1/24 dev v0
$ ip -n ipr-x addr flush to 10.3.0.0/16
$ ip -n ipr-x addr show v0
3: v0@v1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    link/ether 02:00:00:00:08:01 brd ff:ff:ff:ff:ff:ff
    inet 10.4.0.1/24 scope global v0
       valid_lft forever preferred_lft forever
#ip netns del ipr-x
"##;

        /// Captured from iproute2 6.1 / procps 4.0.2 on Linux 6.18 (scenario `updown`).
        pub(crate) const UPDOWN: &str = r##"#ip netns add ipr-u
#ip netns add ipr-u2
#ip netns exec ipr-u sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
#ip netns exec ipr-u2 sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
$ ip -n ipr-u link add eth0 address 02:00:00:00:04:01 type veth peer name eth0 address 02:00:00:00:04:02 netns ipr-u2
$ ip -n ipr-u addr add 192.168.1.10/24 dev eth0
$ ip -n ipr-u route show table all
local 192.168.1.10 dev eth0 table local proto kernel scope host src 192.168.1.10 
$ ip -n ipr-u addr show eth0
2: eth0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN group default qlen 1000
    link/ether 02:00:00:00:04:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-u2
    inet 192.168.1.10/24 scope global eth0
       valid_lft forever preferred_lft forever
$ ip -n ipr-u link set lo up
$ ip -n ipr-u link set eth0 up
$ ip -n ipr-u2 link set eth0 up
@sleep 1.1
$ ip -n ipr-u route show table all
192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.10 
local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 
local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 
broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1 
local 192.168.1.10 dev eth0 table local proto kernel scope host src 192.168.1.10 
broadcast 192.168.1.255 dev eth0 table local proto kernel scope link src 192.168.1.10 
$ ip -n ipr-u addr add 192.168.1.11/24 dev eth0
$ ip -n ipr-u addr add 10.10.0.1/16 dev eth0 label eth0:1
$ ip -n ipr-u addr add 172.16.0.1/32 dev eth0
$ ip -n ipr-u addr add 172.16.0.2/31 dev eth0 scope link
$ ip -n ipr-u addr add 172.17.0.1/24 brd 172.17.0.128 dev eth0
$ ip -n ipr-u addr add 172.18.0.1/16 broadcast + dev eth0
$ ip -n ipr-u addr add 172.19.0.1/24 brd - dev eth0
$ ip -n ipr-u addr add 192.168.1.12/24 dev eth0
$ ip -n ipr-u addr show dev eth0
2: eth0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    link/ether 02:00:00:00:04:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-u2
    inet 172.16.0.2/31 scope link eth0
       valid_lft forever preferred_lft forever
    inet 192.168.1.10/24 scope global eth0
       valid_lft forever preferred_lft forever
    inet 10.10.0.1/16 scope global eth0:1
       valid_lft forever preferred_lft forever
    inet 172.16.0.1/32 scope global eth0
       valid_lft forever preferred_lft forever
    inet 172.17.0.1/24 brd 172.17.0.128 scope global eth0
       valid_lft forever preferred_lft forever
    inet 172.18.0.1/16 brd 172.18.255.255 scope global eth0
       valid_lft forever preferred_lft forever
    inet 172.19.0.1/24 brd 172.19.0.0 scope global eth0
       valid_lft forever preferred_lft forever
    inet 192.168.1.11/24 scope global secondary eth0
       valid_lft forever preferred_lft forever
    inet 192.168.1.12/24 scope global secondary eth0
       valid_lft forever preferred_lft forever
$ ip -n ipr-u route show table all
10.10.0.0/16 dev eth0 proto kernel scope link src 10.10.0.1 
172.16.0.2/31 dev eth0 proto kernel scope link src 172.16.0.2 
172.17.0.0/24 dev eth0 proto kernel scope link src 172.17.0.1 
172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.1 
172.19.0.0/24 dev eth0 proto kernel scope link src 172.19.0.1 
192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.10 
local 10.10.0.1 dev eth0 table local proto kernel scope host src 10.10.0.1 
broadcast 10.10.255.255 dev eth0 table local proto kernel scope link src 10.10.0.1 
local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 
local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 
broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1 
local 172.16.0.1 dev eth0 table local proto kernel scope host src 172.16.0.1 
local 172.16.0.2 dev eth0 table local proto kernel scope host src 172.16.0.2 
local 172.17.0.1 dev eth0 table local proto kernel scope host src 172.17.0.1 
broadcast 172.17.0.128 dev eth0 table local proto kernel scope link src 172.17.0.1 
broadcast 172.17.0.255 dev eth0 table local proto kernel scope link src 172.17.0.1 
local 172.18.0.1 dev eth0 table local proto kernel scope host src 172.18.0.1 
broadcast 172.18.255.255 dev eth0 table local proto kernel scope link src 172.18.0.1 
broadcast 172.19.0.0 dev eth0 table local proto kernel scope link src 172.19.0.1 
local 172.19.0.1 dev eth0 table local proto kernel scope host src 172.19.0.1 
broadcast 172.19.0.255 dev eth0 table local proto kernel scope link src 172.19.0.1 
local 192.168.1.10 dev eth0 table local proto kernel scope host src 192.168.1.10 
local 192.168.1.11 dev eth0 table local proto kernel scope host src 192.168.1.10 
local 192.168.1.12 dev eth0 table local proto kernel scope host src 192.168.1.10 
broadcast 192.168.1.255 dev eth0 table local proto kernel scope link src 192.168.1.10 
$ ip -n ipr-u route add default via 192.168.1.1
$ ip -n ipr-u route add 10.20.0.0/16 via 192.168.1.2 table 100
$ ip -n ipr-u route add blackhole 10.40.0.0/16
$ ip -n ipr-u route add local 10.46.0.1 dev eth0
$ ip -n ipr-u route show table all
10.20.0.0/16 via 192.168.1.2 dev eth0 table 100 
default via 192.168.1.1 dev eth0 
10.10.0.0/16 dev eth0 proto kernel scope link src 10.10.0.1 
blackhole 10.40.0.0/16 
172.16.0.2/31 dev eth0 proto kernel scope link src 172.16.0.2 
172.17.0.0/24 dev eth0 proto kernel scope link src 172.17.0.1 
172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.1 
172.19.0.0/24 dev eth0 proto kernel scope link src 172.19.0.1 
192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.10 
local 10.10.0.1 dev eth0 table local proto kernel scope host src 10.10.0.1 
broadcast 10.10.255.255 dev eth0 table local proto kernel scope link src 10.10.0.1 
local 10.46.0.1 dev eth0 table local scope host 
local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 
local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 
broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1 
local 172.16.0.1 dev eth0 table local proto kernel scope host src 172.16.0.1 
local 172.16.0.2 dev eth0 table local proto kernel scope host src 172.16.0.2 
local 172.17.0.1 dev eth0 table local proto kernel scope host src 172.17.0.1 
broadcast 172.17.0.128 dev eth0 table local proto kernel scope link src 172.17.0.1 
broadcast 172.17.0.255 dev eth0 table local proto kernel scope link src 172.17.0.1 
local 172.18.0.1 dev eth0 table local proto kernel scope host src 172.18.0.1 
broadcast 172.18.255.255 dev eth0 table local proto kernel scope link src 172.18.0.1 
broadcast 172.19.0.0 dev eth0 table local proto kernel scope link src 172.19.0.1 
local 172.19.0.1 dev eth0 table local proto kernel scope host src 172.19.0.1 
broadcast 172.19.0.255 dev eth0 table local proto kernel scope link src 172.19.0.1 
local 192.168.1.10 dev eth0 table local proto kernel scope host src 192.168.1.10 
local 192.168.1.11 dev eth0 table local proto kernel scope host src 192.168.1.10 
local 192.168.1.12 dev eth0 table local proto kernel scope host src 192.168.1.10 
broadcast 192.168.1.255 dev eth0 table local proto kernel scope link src 192.168.1.10 
$ ip -n ipr-u link set eth0 down
$ ip -n ipr-u route show table all
blackhole 10.40.0.0/16 
local 10.10.0.1 dev eth0 table local proto kernel scope host src 10.10.0.1 
local 10.46.0.1 dev eth0 table local scope host 
local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 
local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 
broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1 
local 172.16.0.1 dev eth0 table local proto kernel scope host src 172.16.0.1 
local 172.16.0.2 dev eth0 table local proto kernel scope host src 172.16.0.2 
local 172.17.0.1 dev eth0 table local proto kernel scope host src 172.17.0.1 
local 172.18.0.1 dev eth0 table local proto kernel scope host src 172.18.0.1 
local 172.19.0.1 dev eth0 table local proto kernel scope host src 172.19.0.1 
local 192.168.1.10 dev eth0 table local proto kernel scope host src 192.168.1.10 
local 192.168.1.11 dev eth0 table local proto kernel scope host src 192.168.1.10 
local 192.168.1.12 dev eth0 table local proto kernel scope host src 192.168.1.10 
$ ip -n ipr-u addr show eth0
2: eth0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noqueue state DOWN group default qlen 1000
    link/ether 02:00:00:00:04:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-u2
    inet 172.16.0.2/31 scope link eth0
       valid_lft forever preferred_lft forever
    inet 192.168.1.10/24 scope global eth0
       valid_lft forever preferred_lft forever
    inet 10.10.0.1/16 scope global eth0:1
       valid_lft forever preferred_lft forever
    inet 172.16.0.1/32 scope global eth0
       valid_lft forever preferred_lft forever
    inet 172.17.0.1/24 brd 172.17.0.128 scope global eth0
       valid_lft forever preferred_lft forever
    inet 172.18.0.1/16 brd 172.18.255.255 scope global eth0
       valid_lft forever preferred_lft forever
    inet 172.19.0.1/24 brd 172.19.0.0 scope global eth0
       valid_lft forever preferred_lft forever
    inet 192.168.1.11/24 scope global secondary eth0
       valid_lft forever preferred_lft forever
    inet 192.168.1.12/24 scope global secondary eth0
       valid_lft forever preferred_lft forever
$ ip -n ipr-u link set eth0 up
@sleep 1.1
$ ip -n ipr-u route show table all
10.10.0.0/16 dev eth0 proto kernel scope link src 10.10.0.1 
blackhole 10.40.0.0/16 
172.16.0.2/31 dev eth0 proto kernel scope link src 172.16.0.2 
172.17.0.0/24 dev eth0 proto kernel scope link src 172.17.0.1 
172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.1 
172.19.0.0/24 dev eth0 proto kernel scope link src 172.19.0.1 
192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.10 
local 10.10.0.1 dev eth0 table local proto kernel scope host src 10.10.0.1 
broadcast 10.10.255.255 dev eth0 table local proto kernel scope link src 10.10.0.1 
local 10.46.0.1 dev eth0 table local scope host 
local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 
local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 
broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1 
local 172.16.0.1 dev eth0 table local proto kernel scope host src 172.16.0.1 
local 172.16.0.2 dev eth0 table local proto kernel scope host src 172.16.0.2 
local 172.17.0.1 dev eth0 table local proto kernel scope host src 172.17.0.1 
broadcast 172.17.0.128 dev eth0 table local proto kernel scope link src 172.17.0.1 
broadcast 172.17.0.255 dev eth0 table local proto kernel scope link src 172.17.0.1 
local 172.18.0.1 dev eth0 table local proto kernel scope host src 172.18.0.1 
broadcast 172.18.255.255 dev eth0 table local proto kernel scope link src 172.18.0.1 
broadcast 172.19.0.0 dev eth0 table local proto kernel scope link src 172.19.0.1 
local 172.19.0.1 dev eth0 table local proto kernel scope host src 172.19.0.1 
broadcast 172.19.0.255 dev eth0 table local proto kernel scope link src 172.19.0.1 
local 192.168.1.10 dev eth0 table local proto kernel scope host src 192.168.1.10 
local 192.168.1.11 dev eth0 table local proto kernel scope host src 192.168.1.10 
local 192.168.1.12 dev eth0 table local proto kernel scope host src 192.168.1.10 
broadcast 192.168.1.255 dev eth0 table local proto kernel scope link src 192.168.1.10 
$ ip -n ipr-u addr del 192.168.1.11/24 dev eth0
$ ip -n ipr-u route show table all
10.10.0.0/16 dev eth0 proto kernel scope link src 10.10.0.1 
blackhole 10.40.0.0/16 
172.16.0.2/31 dev eth0 proto kernel scope link src 172.16.0.2 
172.17.0.0/24 dev eth0 proto kernel scope link src 172.17.0.1 
172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.1 
172.19.0.0/24 dev eth0 proto kernel scope link src 172.19.0.1 
192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.10 
local 10.10.0.1 dev eth0 table local proto kernel scope host src 10.10.0.1 
broadcast 10.10.255.255 dev eth0 table local proto kernel scope link src 10.10.0.1 
local 10.46.0.1 dev eth0 table local scope host 
local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 
local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 
broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1 
local 172.16.0.1 dev eth0 table local proto kernel scope host src 172.16.0.1 
local 172.16.0.2 dev eth0 table local proto kernel scope host src 172.16.0.2 
local 172.17.0.1 dev eth0 table local proto kernel scope host src 172.17.0.1 
broadcast 172.17.0.128 dev eth0 table local proto kernel scope link src 172.17.0.1 
broadcast 172.17.0.255 dev eth0 table local proto kernel scope link src 172.17.0.1 
local 172.18.0.1 dev eth0 table local proto kernel scope host src 172.18.0.1 
broadcast 172.18.255.255 dev eth0 table local proto kernel scope link src 172.18.0.1 
broadcast 172.19.0.0 dev eth0 table local proto kernel scope link src 172.19.0.1 
local 172.19.0.1 dev eth0 table local proto kernel scope host src 172.19.0.1 
broadcast 172.19.0.255 dev eth0 table local proto kernel scope link src 172.19.0.1 
local 192.168.1.10 dev eth0 table local proto kernel scope host src 192.168.1.10 
local 192.168.1.12 dev eth0 table local proto kernel scope host src 192.168.1.10 
broadcast 192.168.1.255 dev eth0 table local proto kernel scope link src 192.168.1.10 
$ ip -n ipr-u addr del 192.168.1.10/24 dev eth0
$ ip -n ipr-u addr show eth0
2: eth0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    link/ether 02:00:00:00:04:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-u2
    inet 172.16.0.2/31 scope link eth0
       valid_lft forever preferred_lft forever
    inet 10.10.0.1/16 scope global eth0:1
       valid_lft forever preferred_lft forever
    inet 172.16.0.1/32 scope global eth0
       valid_lft forever preferred_lft forever
    inet 172.17.0.1/24 brd 172.17.0.128 scope global eth0
       valid_lft forever preferred_lft forever
    inet 172.18.0.1/16 brd 172.18.255.255 scope global eth0
       valid_lft forever preferred_lft forever
    inet 172.19.0.1/24 brd 172.19.0.0 scope global eth0
       valid_lft forever preferred_lft forever
$ ip -n ipr-u route show table all
10.10.0.0/16 dev eth0 proto kernel scope link src 10.10.0.1 
blackhole 10.40.0.0/16 
172.16.0.2/31 dev eth0 proto kernel scope link src 172.16.0.2 
172.17.0.0/24 dev eth0 proto kernel scope link src 172.17.0.1 
172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.1 
172.19.0.0/24 dev eth0 proto kernel scope link src 172.19.0.1 
local 10.10.0.1 dev eth0 table local proto kernel scope host src 10.10.0.1 
broadcast 10.10.255.255 dev eth0 table local proto kernel scope link src 10.10.0.1 
local 10.46.0.1 dev eth0 table local scope host 
local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 
local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 
broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1 
local 172.16.0.1 dev eth0 table local proto kernel scope host src 172.16.0.1 
local 172.16.0.2 dev eth0 table local proto kernel scope host src 172.16.0.2 
local 172.17.0.1 dev eth0 table local proto kernel scope host src 172.17.0.1 
broadcast 172.17.0.128 dev eth0 table local proto kernel scope link src 172.17.0.1 
broadcast 172.17.0.255 dev eth0 table local proto kernel scope link src 172.17.0.1 
local 172.18.0.1 dev eth0 table local proto kernel scope host src 172.18.0.1 
broadcast 172.18.255.255 dev eth0 table local proto kernel scope link src 172.18.0.1 
broadcast 172.19.0.0 dev eth0 table local proto kernel scope link src 172.19.0.1 
local 172.19.0.1 dev eth0 table local proto kernel scope host src 172.19.0.1 
broadcast 172.19.0.255 dev eth0 table local proto kernel scope link src 172.19.0.1 
$ ip -n ipr-u addr add 192.168.1.10/24 dev eth0
$ ip -n ipr-u addr add 192.168.1.11/24 dev eth0
$ ip -n ipr-u addr del 192.168.1.10/24 dev eth0
$ ip -n ipr-u addr show eth0
2: eth0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    link/ether 02:00:00:00:04:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-u2
    inet 172.16.0.2/31 scope link eth0
       valid_lft forever preferred_lft forever
    inet 10.10.0.1/16 scope global eth0:1
       valid_lft forever preferred_lft forever
    inet 172.16.0.1/32 scope global eth0
       valid_lft forever preferred_lft forever
    inet 172.17.0.1/24 brd 172.17.0.128 scope global eth0
       valid_lft forever preferred_lft forever
    inet 172.18.0.1/16 brd 172.18.255.255 scope global eth0
       valid_lft forever preferred_lft forever
    inet 172.19.0.1/24 brd 172.19.0.0 scope global eth0
       valid_lft forever preferred_lft forever
$ ip -n ipr-u addr del 172.16.0.1 dev eth0
!Warning: Executing wildcard deletion to stay compatible with old scripts.
!         Explicitly specify the prefix length (172.16.0.1/32) to avoid this warning.
!         This special behaviour is likely to disappear in further releases,
!         fix your scripts!
$ ip -n ipr-u addr del 10.10.0.1 dev eth0
!Warning: Executing wildcard deletion to stay compatible with old scripts.
!         Explicitly specify the prefix length (10.10.0.1/32) to avoid this warning.
!         This special behaviour is likely to disappear in further releases,
!         fix your scripts!
$ ip -n ipr-u addr show eth0
2: eth0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    link/ether 02:00:00:00:04:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-u2
    inet 172.16.0.2/31 scope link eth0
       valid_lft forever preferred_lft forever
    inet 172.17.0.1/24 brd 172.17.0.128 scope global eth0
       valid_lft forever preferred_lft forever
    inet 172.18.0.1/16 brd 172.18.255.255 scope global eth0
       valid_lft forever preferred_lft forever
    inet 172.19.0.1/24 brd 172.19.0.0 scope global eth0
       valid_lft forever preferred_lft forever
$ ip -n ipr-u link set lo down
$ ip -n ipr-u addr show lo
1: lo: <LOOPBACK> mtu 65536 qdisc noqueue state DOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
$ ip -n ipr-u link show lo
1: lo: <LOOPBACK> mtu 65536 qdisc noqueue state DOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
$ ip -n ipr-u route show table all
blackhole 10.40.0.0/16 
172.16.0.2/31 dev eth0 proto kernel scope link src 172.16.0.2 
172.17.0.0/24 dev eth0 proto kernel scope link src 172.17.0.1 
172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.1 
172.19.0.0/24 dev eth0 proto kernel scope link src 172.19.0.1 
local 10.46.0.1 dev eth0 table local scope host 
local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 
local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 
local 172.16.0.2 dev eth0 table local proto kernel scope host src 172.16.0.2 
local 172.17.0.1 dev eth0 table local proto kernel scope host src 172.17.0.1 
broadcast 172.17.0.128 dev eth0 table local proto kernel scope link src 172.17.0.1 
broadcast 172.17.0.255 dev eth0 table local proto kernel scope link src 172.17.0.1 
local 172.18.0.1 dev eth0 table local proto kernel scope host src 172.18.0.1 
broadcast 172.18.255.255 dev eth0 table local proto kernel scope link src 172.18.0.1 
broadcast 172.19.0.0 dev eth0 table local proto kernel scope link src 172.19.0.1 
local 172.19.0.1 dev eth0 table local proto kernel scope host src 172.19.0.1 
broadcast 172.19.0.255 dev eth0 table local proto kernel scope link src 172.19.0.1 
$ ip -n ipr-u link set lo up
$ ip -n ipr-u route show table all
blackhole 10.40.0.0/16 
172.16.0.2/31 dev eth0 proto kernel scope link src 172.16.0.2 
172.17.0.0/24 dev eth0 proto kernel scope link src 172.17.0.1 
172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.1 
172.19.0.0/24 dev eth0 proto kernel scope link src 172.19.0.1 
local 10.46.0.1 dev eth0 table local scope host 
local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 
local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 
broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1 
local 172.16.0.2 dev eth0 table local proto kernel scope host src 172.16.0.2 
local 172.17.0.1 dev eth0 table local proto kernel scope host src 172.17.0.1 
broadcast 172.17.0.128 dev eth0 table local proto kernel scope link src 172.17.0.1 
broadcast 172.17.0.255 dev eth0 table local proto kernel scope link src 172.17.0.1 
local 172.18.0.1 dev eth0 table local proto kernel scope host src 172.18.0.1 
broadcast 172.18.255.255 dev eth0 table local proto kernel scope link src 172.18.0.1 
broadcast 172.19.0.0 dev eth0 table local proto kernel scope link src 172.19.0.1 
local 172.19.0.1 dev eth0 table local proto kernel scope host src 172.19.0.1 
broadcast 172.19.0.255 dev eth0 table local proto kernel scope link src 172.19.0.1 
$ ip -n ipr-u addr flush dev eth0
$ ip -n ipr-u addr show eth0
2: eth0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    link/ether 02:00:00:00:04:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-u2
$ ip -n ipr-u route show table all
blackhole 10.40.0.0/16 
local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 
local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 
broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1 
$ ip -n ipr-u addr flush dev lo
$ ip -n ipr-u route show table all
blackhole 10.40.0.0/16 
$ ip -n ipr-u link set lo down
$ ip -n ipr-u link set lo up
$ ip -n ipr-u addr show lo
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
$ ip -n ipr-u route show table all
blackhole 10.40.0.0/16 
local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 
local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 
broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1 
#ip netns del ipr-u
#ip netns del ipr-u2
"##;

        /// Captured from iproute2 6.1 / procps 4.0.2 on Linux 6.18 (scenario `routes`).
        pub(crate) const ROUTES: &str = r##"#ip netns add ipr-r
#ip netns add ipr-r2
#ip netns exec ipr-r sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
#ip netns exec ipr-r2 sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
#ip -n ipr-r link add eth0 address 02:00:00:00:04:01 type veth peer name eth0 address 02:00:00:00:04:02 netns ipr-r2
#ip -n ipr-r link add eth1 address 02:00:00:00:04:03 type veth peer name eth1 address 02:00:00:00:04:04 netns ipr-r2
#ip -n ipr-r link set lo up
#ip -n ipr-r link set eth0 up
#ip -n ipr-r link set eth1 up
#ip -n ipr-r2 link set eth0 up
#ip -n ipr-r2 link set eth1 up
#ip -n ipr-r addr add 192.168.1.10/24 dev eth0
#ip -n ipr-r addr add 10.10.0.1/16 dev eth1
@sleep 1.1
$ ip -n ipr-r route add default via 192.168.1.1
$ ip -n ipr-r route add 10.20.0.0/16 via 192.168.1.2 metric 100
$ ip -n ipr-r route add 10.20.0.0/16 via 192.168.1.3 metric 50
$ ip -n ipr-r route add 10.30.0.0/16 dev eth0 proto static
$ ip -n ipr-r route add 10.31.0.0/16 dev eth0 scope link src 192.168.1.10
$ ip -n ipr-r route add blackhole 10.40.0.0/16
$ ip -n ipr-r route add unreachable 10.41.0.0/16
$ ip -n ipr-r route add prohibit 10.42.0.0/16
$ ip -n ipr-r route add throw 10.43.0.0/16
$ ip -n ipr-r route add 10.44.0.0/16 via 9.9.9.9 dev eth0 onlink
$ ip -n ipr-r route add 10.45.0.0/16 via 192.168.1.4 table 100
$ ip -n ipr-r route add local 10.46.0.1 dev eth0
$ ip -n ipr-r route add broadcast 10.47.0.255 dev eth0 table local
$ ip -n ipr-r route add 10.48.0.0/16 dev eth0 proto 42
$ ip -n ipr-r route add 10.49.0.0/16 dev eth0 proto boot
$ ip -n ipr-r route add 10.50.0.0/16 dev eth1 metric 7 proto kernel
$ ip -n ipr-r route add to 10.51.0.0/16 dev eth1
$ ip -n ipr-r route add 10.52.0.0/16 via 10.10.0.5
$ ip -n ipr-r route add 10.53.0.1 dev eth1
$ ip -n ipr-r route add 10.54.0.0/16 dev eth1 table main
$ ip -n ipr-r route add 10.55.0.0/16 dev eth1 table 253
$ ip -n ipr-r route add 10.56.0.0/16 via 192.168.1.7 dev eth0 src 10.10.0.1
$ ip -n ipr-r route
default via 192.168.1.1 dev eth0 
10.10.0.0/16 dev eth1 proto kernel scope link src 10.10.0.1 
10.20.0.0/16 via 192.168.1.3 dev eth0 metric 50 
10.20.0.0/16 via 192.168.1.2 dev eth0 metric 100 
10.30.0.0/16 dev eth0 proto static scope link 
10.31.0.0/16 dev eth0 scope link src 192.168.1.10 
blackhole 10.40.0.0/16 
unreachable 10.41.0.0/16 
prohibit 10.42.0.0/16 
throw 10.43.0.0/16 
10.44.0.0/16 via 9.9.9.9 dev eth0 onlink 
10.48.0.0/16 dev eth0 proto babel scope link 
10.49.0.0/16 dev eth0 scope link 
10.50.0.0/16 dev eth1 proto kernel scope link metric 7 
10.51.0.0/16 dev eth1 scope link 
10.52.0.0/16 via 10.10.0.5 dev eth1 
10.53.0.1 dev eth1 scope link 
10.54.0.0/16 dev eth1 scope link 
10.56.0.0/16 via 192.168.1.7 dev eth0 src 10.10.0.1 
192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.10 
$ ip -n ipr-r route show
default via 192.168.1.1 dev eth0 
10.10.0.0/16 dev eth1 proto kernel scope link src 10.10.0.1 
10.20.0.0/16 via 192.168.1.3 dev eth0 metric 50 
10.20.0.0/16 via 192.168.1.2 dev eth0 metric 100 
10.30.0.0/16 dev eth0 proto static scope link 
10.31.0.0/16 dev eth0 scope link src 192.168.1.10 
blackhole 10.40.0.0/16 
unreachable 10.41.0.0/16 
prohibit 10.42.0.0/16 
throw 10.43.0.0/16 
10.44.0.0/16 via 9.9.9.9 dev eth0 onlink 
10.48.0.0/16 dev eth0 proto babel scope link 
10.49.0.0/16 dev eth0 scope link 
10.50.0.0/16 dev eth1 proto kernel scope link metric 7 
10.51.0.0/16 dev eth1 scope link 
10.52.0.0/16 via 10.10.0.5 dev eth1 
10.53.0.1 dev eth1 scope link 
10.54.0.0/16 dev eth1 scope link 
10.56.0.0/16 via 192.168.1.7 dev eth0 src 10.10.0.1 
192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.10 
$ ip -n ipr-r route list
default via 192.168.1.1 dev eth0 
10.10.0.0/16 dev eth1 proto kernel scope link src 10.10.0.1 
10.20.0.0/16 via 192.168.1.3 dev eth0 metric 50 
10.20.0.0/16 via 192.168.1.2 dev eth0 metric 100 
10.30.0.0/16 dev eth0 proto static scope link 
10.31.0.0/16 dev eth0 scope link src 192.168.1.10 
blackhole 10.40.0.0/16 
unreachable 10.41.0.0/16 
prohibit 10.42.0.0/16 
throw 10.43.0.0/16 
10.44.0.0/16 via 9.9.9.9 dev eth0 onlink 
10.48.0.0/16 dev eth0 proto babel scope link 
10.49.0.0/16 dev eth0 scope link 
10.50.0.0/16 dev eth1 proto kernel scope link metric 7 
10.51.0.0/16 dev eth1 scope link 
10.52.0.0/16 via 10.10.0.5 dev eth1 
10.53.0.1 dev eth1 scope link 
10.54.0.0/16 dev eth1 scope link 
10.56.0.0/16 via 192.168.1.7 dev eth0 src 10.10.0.1 
192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.10 
$ ip -n ipr-r route show table 100
10.45.0.0/16 via 192.168.1.4 dev eth0 
$ ip -n ipr-r route show table main
default via 192.168.1.1 dev eth0 
10.10.0.0/16 dev eth1 proto kernel scope link src 10.10.0.1 
10.20.0.0/16 via 192.168.1.3 dev eth0 metric 50 
10.20.0.0/16 via 192.168.1.2 dev eth0 metric 100 
10.30.0.0/16 dev eth0 proto static scope link 
10.31.0.0/16 dev eth0 scope link src 192.168.1.10 
blackhole 10.40.0.0/16 
unreachable 10.41.0.0/16 
prohibit 10.42.0.0/16 
throw 10.43.0.0/16 
10.44.0.0/16 via 9.9.9.9 dev eth0 onlink 
10.48.0.0/16 dev eth0 proto babel scope link 
10.49.0.0/16 dev eth0 scope link 
10.50.0.0/16 dev eth1 proto kernel scope link metric 7 
10.51.0.0/16 dev eth1 scope link 
10.52.0.0/16 via 10.10.0.5 dev eth1 
10.53.0.1 dev eth1 scope link 
10.54.0.0/16 dev eth1 scope link 
10.56.0.0/16 via 192.168.1.7 dev eth0 src 10.10.0.1 
192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.10 
$ ip -n ipr-r route show table local
local 10.10.0.1 dev eth1 proto kernel scope host src 10.10.0.1 
broadcast 10.10.255.255 dev eth1 proto kernel scope link src 10.10.0.1 
local 10.46.0.1 dev eth0 scope host 
broadcast 10.47.0.255 dev eth0 scope link 
local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1 
local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1 
broadcast 127.255.255.255 dev lo proto kernel scope link src 127.0.0.1 
local 192.168.1.10 dev eth0 proto kernel scope host src 192.168.1.10 
broadcast 192.168.1.255 dev eth0 proto kernel scope link src 192.168.1.10 
$ ip -n ipr-r route show table default
10.55.0.0/16 dev eth1 scope link 
$ ip -n ipr-r route show table all
10.45.0.0/16 via 192.168.1.4 dev eth0 table 100 
10.55.0.0/16 dev eth1 table default scope link 
default via 192.168.1.1 dev eth0 
10.10.0.0/16 dev eth1 proto kernel scope link src 10.10.0.1 
10.20.0.0/16 via 192.168.1.3 dev eth0 metric 50 
10.20.0.0/16 via 192.168.1.2 dev eth0 metric 100 
10.30.0.0/16 dev eth0 proto static scope link 
10.31.0.0/16 dev eth0 scope link src 192.168.1.10 
blackhole 10.40.0.0/16 
unreachable 10.41.0.0/16 
prohibit 10.42.0.0/16 
throw 10.43.0.0/16 
10.44.0.0/16 via 9.9.9.9 dev eth0 onlink 
10.48.0.0/16 dev eth0 proto babel scope link 
10.49.0.0/16 dev eth0 scope link 
10.50.0.0/16 dev eth1 proto kernel scope link metric 7 
10.51.0.0/16 dev eth1 scope link 
10.52.0.0/16 via 10.10.0.5 dev eth1 
10.53.0.1 dev eth1 scope link 
10.54.0.0/16 dev eth1 scope link 
10.56.0.0/16 via 192.168.1.7 dev eth0 src 10.10.0.1 
192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.10 
local 10.10.0.1 dev eth1 table local proto kernel scope host src 10.10.0.1 
broadcast 10.10.255.255 dev eth1 table local proto kernel scope link src 10.10.0.1 
local 10.46.0.1 dev eth0 table local scope host 
broadcast 10.47.0.255 dev eth0 table local scope link 
local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 
local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 
broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1 
local 192.168.1.10 dev eth0 table local proto kernel scope host src 192.168.1.10 
broadcast 192.168.1.255 dev eth0 table local proto kernel scope link src 192.168.1.10 
$ ip -n ipr-r route show table 0
10.45.0.0/16 via 192.168.1.4 dev eth0 table 100 
10.55.0.0/16 dev eth1 table default scope link 
default via 192.168.1.1 dev eth0 
10.10.0.0/16 dev eth1 proto kernel scope link src 10.10.0.1 
10.20.0.0/16 via 192.168.1.3 dev eth0 metric 50 
10.20.0.0/16 via 192.168.1.2 dev eth0 metric 100 
10.30.0.0/16 dev eth0 proto static scope link 
10.31.0.0/16 dev eth0 scope link src 192.168.1.10 
blackhole 10.40.0.0/16 
unreachable 10.41.0.0/16 
prohibit 10.42.0.0/16 
throw 10.43.0.0/16 
10.44.0.0/16 via 9.9.9.9 dev eth0 onlink 
10.48.0.0/16 dev eth0 proto babel scope link 
10.49.0.0/16 dev eth0 scope link 
10.50.0.0/16 dev eth1 proto kernel scope link metric 7 
10.51.0.0/16 dev eth1 scope link 
10.52.0.0/16 via 10.10.0.5 dev eth1 
10.53.0.1 dev eth1 scope link 
10.54.0.0/16 dev eth1 scope link 
10.56.0.0/16 via 192.168.1.7 dev eth0 src 10.10.0.1 
192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.10 
local 10.10.0.1 dev eth1 table local proto kernel scope host src 10.10.0.1 
broadcast 10.10.255.255 dev eth1 table local proto kernel scope link src 10.10.0.1 
local 10.46.0.1 dev eth0 table local scope host 
broadcast 10.47.0.255 dev eth0 table local scope link 
local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 
local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 
broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1 
local 192.168.1.10 dev eth0 table local proto kernel scope host src 192.168.1.10 
broadcast 192.168.1.255 dev eth0 table local proto kernel scope link src 192.168.1.10 
$ ip -n ipr-r route show dev eth0
default via 192.168.1.1 
10.20.0.0/16 via 192.168.1.3 metric 50 
10.20.0.0/16 via 192.168.1.2 metric 100 
10.30.0.0/16 proto static scope link 
10.31.0.0/16 scope link src 192.168.1.10 
10.44.0.0/16 via 9.9.9.9 onlink 
10.48.0.0/16 proto babel scope link 
10.49.0.0/16 scope link 
10.56.0.0/16 via 192.168.1.7 src 10.10.0.1 
192.168.1.0/24 proto kernel scope link src 192.168.1.10 
$ ip -n ipr-r route show dev eth1 table all
10.55.0.0/16 table default scope link 
10.10.0.0/16 proto kernel scope link src 10.10.0.1 
10.50.0.0/16 proto kernel scope link metric 7 
10.51.0.0/16 scope link 
10.52.0.0/16 via 10.10.0.5 
10.53.0.1 scope link 
10.54.0.0/16 scope link 
local 10.10.0.1 table local proto kernel scope host src 10.10.0.1 
broadcast 10.10.255.255 table local proto kernel scope link src 10.10.0.1 
$ ip -n ipr-r route show 10.20.0.0/16
10.20.0.0/16 via 192.168.1.3 dev eth0 metric 50 
10.20.0.0/16 via 192.168.1.2 dev eth0 metric 100 
$ ip -n ipr-r route show 10.20.0.0/17
$ ip -n ipr-r route show root 10.0.0.0/8
10.10.0.0/16 dev eth1 proto kernel scope link src 10.10.0.1 
10.20.0.0/16 via 192.168.1.3 dev eth0 metric 50 
10.20.0.0/16 via 192.168.1.2 dev eth0 metric 100 
10.30.0.0/16 dev eth0 proto static scope link 
10.31.0.0/16 dev eth0 scope link src 192.168.1.10 
blackhole 10.40.0.0/16 
unreachable 10.41.0.0/16 
prohibit 10.42.0.0/16 
throw 10.43.0.0/16 
10.44.0.0/16 via 9.9.9.9 dev eth0 onlink 
10.48.0.0/16 dev eth0 proto babel scope link 
10.49.0.0/16 dev eth0 scope link 
10.50.0.0/16 dev eth1 proto kernel scope link metric 7 
10.51.0.0/16 dev eth1 scope link 
10.52.0.0/16 via 10.10.0.5 dev eth1 
10.53.0.1 dev eth1 scope link 
10.54.0.0/16 dev eth1 scope link 
10.56.0.0/16 via 192.168.1.7 dev eth0 src 10.10.0.1 
$ ip -n ipr-r route show match 10.20.1.1
default via 192.168.1.1 dev eth0 
10.20.0.0/16 via 192.168.1.3 dev eth0 metric 50 
10.20.0.0/16 via 192.168.1.2 dev eth0 metric 100 
$ ip -n ipr-r route show exact 10.20.0.0/16
10.20.0.0/16 via 192.168.1.3 dev eth0 metric 50 
10.20.0.0/16 via 192.168.1.2 dev eth0 metric 100 
$ ip -n ipr-r route show proto kernel
10.10.0.0/16 dev eth1 scope link src 10.10.0.1 
10.50.0.0/16 dev eth1 scope link metric 7 
192.168.1.0/24 dev eth0 scope link src 192.168.1.10 
$ ip -n ipr-r route show proto static
10.30.0.0/16 dev eth0 scope link 
$ ip -n ipr-r route show type blackhole
blackhole 10.40.0.0/16 
$ ip -n ipr-r route show type unicast
default via 192.168.1.1 dev eth0 
10.10.0.0/16 dev eth1 proto kernel scope link src 10.10.0.1 
10.20.0.0/16 via 192.168.1.3 dev eth0 metric 50 
10.20.0.0/16 via 192.168.1.2 dev eth0 metric 100 
10.30.0.0/16 dev eth0 proto static scope link 
10.31.0.0/16 dev eth0 scope link src 192.168.1.10 
10.44.0.0/16 via 9.9.9.9 dev eth0 onlink 
10.48.0.0/16 dev eth0 proto babel scope link 
10.49.0.0/16 dev eth0 scope link 
10.50.0.0/16 dev eth1 proto kernel scope link metric 7 
10.51.0.0/16 dev eth1 scope link 
10.52.0.0/16 via 10.10.0.5 dev eth1 
10.53.0.1 dev eth1 scope link 
10.54.0.0/16 dev eth1 scope link 
10.56.0.0/16 via 192.168.1.7 dev eth0 src 10.10.0.1 
192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.10 
$ ip -n ipr-r route show scope link
10.10.0.0/16 dev eth1 proto kernel src 10.10.0.1 
10.30.0.0/16 dev eth0 proto static 
10.31.0.0/16 dev eth0 src 192.168.1.10 
10.48.0.0/16 dev eth0 proto babel 
10.49.0.0/16 dev eth0 
10.50.0.0/16 dev eth1 proto kernel metric 7 
10.51.0.0/16 dev eth1 
10.53.0.1 dev eth1 
10.54.0.0/16 dev eth1 
192.168.1.0/24 dev eth0 proto kernel src 192.168.1.10 
$ ip -n ipr-r route show scope host table local
local 10.10.0.1 dev eth1 proto kernel src 10.10.0.1 
local 10.46.0.1 dev eth0 
local 127.0.0.0/8 dev lo proto kernel src 127.0.0.1 
local 127.0.0.1 dev lo proto kernel src 127.0.0.1 
local 192.168.1.10 dev eth0 proto kernel src 192.168.1.10 
$ ip -n ipr-r route show default
default via 192.168.1.1 dev eth0 
$ ip -n ipr-r route show via 192.168.1.2
10.20.0.0/16 dev eth0 metric 100 
$ ip -n ipr-r route show src 192.168.1.10
10.31.0.0/16 dev eth0 scope link 
192.168.1.0/24 dev eth0 proto kernel scope link 
$ ip -n ipr-r route show metric 50
10.20.0.0/16 via 192.168.1.3 dev eth0 
$ ip -n ipr-r -o route
default via 192.168.1.1 dev eth0 
10.10.0.0/16 dev eth1 proto kernel scope link src 10.10.0.1 
10.20.0.0/16 via 192.168.1.3 dev eth0 metric 50 
10.20.0.0/16 via 192.168.1.2 dev eth0 metric 100 
10.30.0.0/16 dev eth0 proto static scope link 
10.31.0.0/16 dev eth0 scope link src 192.168.1.10 
blackhole 10.40.0.0/16 
unreachable 10.41.0.0/16 
prohibit 10.42.0.0/16 
throw 10.43.0.0/16 
10.44.0.0/16 via 9.9.9.9 dev eth0 onlink 
10.48.0.0/16 dev eth0 proto babel scope link 
10.49.0.0/16 dev eth0 scope link 
10.50.0.0/16 dev eth1 proto kernel scope link metric 7 
10.51.0.0/16 dev eth1 scope link 
10.52.0.0/16 via 10.10.0.5 dev eth1 
10.53.0.1 dev eth1 scope link 
10.54.0.0/16 dev eth1 scope link 
10.56.0.0/16 via 192.168.1.7 dev eth0 src 10.10.0.1 
192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.10 
$ ip -n ipr-r -4 route
default via 192.168.1.1 dev eth0 
10.10.0.0/16 dev eth1 proto kernel scope link src 10.10.0.1 
10.20.0.0/16 via 192.168.1.3 dev eth0 metric 50 
10.20.0.0/16 via 192.168.1.2 dev eth0 metric 100 
10.30.0.0/16 dev eth0 proto static scope link 
10.31.0.0/16 dev eth0 scope link src 192.168.1.10 
blackhole 10.40.0.0/16 
unreachable 10.41.0.0/16 
prohibit 10.42.0.0/16 
throw 10.43.0.0/16 
10.44.0.0/16 via 9.9.9.9 dev eth0 onlink 
10.48.0.0/16 dev eth0 proto babel scope link 
10.49.0.0/16 dev eth0 scope link 
10.50.0.0/16 dev eth1 proto kernel scope link metric 7 
10.51.0.0/16 dev eth1 scope link 
10.52.0.0/16 via 10.10.0.5 dev eth1 
10.53.0.1 dev eth1 scope link 
10.54.0.0/16 dev eth1 scope link 
10.56.0.0/16 via 192.168.1.7 dev eth0 src 10.10.0.1 
192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.10 
$ ip -n ipr-r route get 10.20.1.1
10.20.1.1 via 192.168.1.3 dev eth0 src 192.168.1.10 uid 0 
    cache 
$ ip -n ipr-r route get 10.40.1.1
!RTNETLINK answers: Invalid argument
?2
$ ip -n ipr-r route get 10.41.1.1
!RTNETLINK answers: No route to host
?2
$ ip -n ipr-r route get 10.42.1.1
!RTNETLINK answers: Permission denied
?2
$ ip -n ipr-r route get 10.43.1.1
!RTNETLINK answers: Network is unreachable
?2
$ ip -n ipr-r route get 10.44.1.1
10.44.1.1 via 9.9.9.9 dev eth0 src 192.168.1.10 uid 0 
    cache 
$ ip -n ipr-r route get 10.46.0.1
local 10.46.0.1 dev lo src 10.46.0.1 uid 0 
    cache <local> 
$ ip -n ipr-r route get 10.53.0.1
10.53.0.1 dev eth1 src 10.10.0.1 uid 0 
    cache 
$ ip -n ipr-r route get 10.56.0.1
10.56.0.1 via 192.168.1.7 dev eth0 src 10.10.0.1 uid 0 
    cache 
$ ip -n ipr-r route get 10.10.3.3
10.10.3.3 dev eth1 src 10.10.0.1 uid 0 
    cache 
$ ip -n ipr-r route get 8.8.8.8
8.8.8.8 via 192.168.1.1 dev eth0 src 192.168.1.10 uid 0 
    cache 
$ ip -n ipr-r route get 8.8.8.8 from 10.10.0.1
8.8.8.8 from 10.10.0.1 via 192.168.1.1 dev eth0 uid 0 
    cache 
$ ip -n ipr-r route get 8.8.8.8 from 1.1.1.1
!RTNETLINK answers: Network is unreachable
?2
$ ip -n ipr-r route get 8.8.8.8 oif eth0
8.8.8.8 via 192.168.1.1 dev eth0 src 192.168.1.10 uid 0 
    cache 
$ ip -n ipr-r route get 8.8.8.8 oif eth1
8.8.8.8 dev eth1 src 10.10.0.1 uid 0 
    cache 
$ ip -n ipr-r route get 10.10.3.3 oif eth0
10.10.3.3 via 192.168.1.1 dev eth0 src 192.168.1.10 uid 0 
    cache 
$ ip -n ipr-r route get 8.8.8.8 oif eth9
!Cannot find device "eth9"
?1
$ ip -n ipr-r route get 192.168.1.255
broadcast 192.168.1.255 dev eth0 src 192.168.1.10 uid 0 
    cache <local,brd> 
$ ip -n ipr-r route get 192.168.1.10
local 192.168.1.10 dev lo src 192.168.1.10 uid 0 
    cache <local> 
$ ip -n ipr-r route get to 192.168.1.9
192.168.1.9 dev eth0 src 192.168.1.10 uid 0 
    cache 
$ ip -n ipr-r route get 192.168.1.9/24
192.168.1.9 dev eth0 src 192.168.1.10 uid 0 
    cache 
!Warning: /24 as prefix is invalid, only /32 (or none) is supported.
$ ip -n ipr-r route get 255.255.255.255
broadcast 255.255.255.255 dev eth0 src 192.168.1.10 uid 0 
    cache <local,brd> 
$ ip -n ipr-r route get 127.0.0.5
local 127.0.0.5 dev lo src 127.0.0.1 uid 0 
    cache <local> 
$ ip -n ipr-r route get 10.20.1.1 from 192.168.1.50 iif eth0
!RTNETLINK answers: No route to host
?2
$ ip -n ipr-r route get 192.168.1.10 from 192.168.1.50 iif eth0
local 192.168.1.10 from 192.168.1.50 dev lo 
    cache <local> iif eth0 
$ ip -n ipr-r route get 10.20.1.1 iif eth0
!RTNETLINK answers: Invalid argument
?2
#ip netns exec ipr-r sysctl -qw net.ipv4.ip_forward=1
$ ip -n ipr-r route get 10.20.1.1 from 192.168.1.50 iif eth0
10.20.1.1 from 192.168.1.50 via 192.168.1.3 dev eth0 
    cache <redirect> iif eth0 
$ ip -n ipr-r route get 10.10.3.3 from 192.168.1.50 iif eth0
10.10.3.3 from 192.168.1.50 dev eth1 
    cache iif eth0 
$ ip -n ipr-r route get 192.168.1.9 from 192.168.1.50 iif eth0
192.168.1.9 from 192.168.1.50 dev eth0 
    cache <redirect> iif eth0 
$ ip -n ipr-r route get 10.40.1.1 from 192.168.1.50 iif eth0
!RTNETLINK answers: Invalid argument
?2
$ ip -n ipr-r route add 10.20.0.0/16 via 192.168.1.2 metric 100
!RTNETLINK answers: File exists
?2
$ ip -n ipr-r route replace 10.20.0.0/16 via 192.168.1.9 metric 100
$ ip -n ipr-r route replace 10.60.0.0/16 via 192.168.1.9
$ ip -n ipr-r route append 10.60.0.0/16 via 192.168.1.8
$ ip -n ipr-r route append 10.60.0.0/16 via 192.168.1.8
!RTNETLINK answers: File exists
?2
$ ip -n ipr-r route prepend 10.60.0.0/16 via 192.168.1.7
$ ip -n ipr-r route change 10.61.0.0/16 via 192.168.1.7
!RTNETLINK answers: No such file or directory
?2
$ ip -n ipr-r route change 10.60.0.0/16 via 192.168.1.6
$ ip -n ipr-r route show 10.60.0.0/16
10.60.0.0/16 via 192.168.1.6 dev eth0 
10.60.0.0/16 via 192.168.1.9 dev eth0 
10.60.0.0/16 via 192.168.1.8 dev eth0 
$ ip -n ipr-r route show 10.20.0.0/16
10.20.0.0/16 via 192.168.1.3 dev eth0 metric 50 
10.20.0.0/16 via 192.168.1.9 dev eth0 metric 100 
$ ip -n ipr-r route del 10.60.0.0/16 via 192.168.1.8
$ ip -n ipr-r route show 10.60.0.0/16
10.60.0.0/16 via 192.168.1.6 dev eth0 
10.60.0.0/16 via 192.168.1.9 dev eth0 
$ ip -n ipr-r route del 10.20.0.0/16
$ ip -n ipr-r route show 10.20.0.0/16
10.20.0.0/16 via 192.168.1.9 dev eth0 metric 100 
$ ip -n ipr-r route del 10.20.0.0/16 metric 100
$ ip -n ipr-r route del 10.30.0.0/16 dev eth1
!RTNETLINK answers: No such process
?2
$ ip -n ipr-r route del 10.30.0.0/16 dev eth0
$ ip -n ipr-r route del blackhole 10.40.0.0/16
$ ip -n ipr-r route del 10.41.0.0/16
$ ip -n ipr-r route del default
$ ip -n ipr-r route del 10.45.0.0/16
!RTNETLINK answers: No such process
?2
$ ip -n ipr-r route del 10.45.0.0/16 table 100
$ ip -n ipr-r route del 10.7.0.0/16
!RTNETLINK answers: No such process
?2
$ ip -n ipr-r route
10.10.0.0/16 dev eth1 proto kernel scope link src 10.10.0.1 
10.31.0.0/16 dev eth0 scope link src 192.168.1.10 
prohibit 10.42.0.0/16 
throw 10.43.0.0/16 
10.44.0.0/16 via 9.9.9.9 dev eth0 onlink 
10.48.0.0/16 dev eth0 proto babel scope link 
10.49.0.0/16 dev eth0 scope link 
10.50.0.0/16 dev eth1 proto kernel scope link metric 7 
10.51.0.0/16 dev eth1 scope link 
10.52.0.0/16 via 10.10.0.5 dev eth1 
10.53.0.1 dev eth1 scope link 
10.54.0.0/16 dev eth1 scope link 
10.56.0.0/16 via 192.168.1.7 dev eth0 src 10.10.0.1 
10.60.0.0/16 via 192.168.1.6 dev eth0 
10.60.0.0/16 via 192.168.1.9 dev eth0 
192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.10 
$ ip -n ipr-r route flush dev eth1
$ ip -n ipr-r route
10.31.0.0/16 dev eth0 scope link src 192.168.1.10 
prohibit 10.42.0.0/16 
throw 10.43.0.0/16 
10.44.0.0/16 via 9.9.9.9 dev eth0 onlink 
10.48.0.0/16 dev eth0 proto babel scope link 
10.49.0.0/16 dev eth0 scope link 
10.56.0.0/16 via 192.168.1.7 dev eth0 src 10.10.0.1 
10.60.0.0/16 via 192.168.1.6 dev eth0 
10.60.0.0/16 via 192.168.1.9 dev eth0 
192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.10 
$ ip -n ipr-r route flush proto 42
$ ip -n ipr-r route flush table main
$ ip -n ipr-r route show table all
10.55.0.0/16 dev eth1 table default scope link 
local 10.10.0.1 dev eth1 table local proto kernel scope host src 10.10.0.1 
broadcast 10.10.255.255 dev eth1 table local proto kernel scope link src 10.10.0.1 
local 10.46.0.1 dev eth0 table local scope host 
broadcast 10.47.0.255 dev eth0 table local scope link 
local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 
local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 
broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1 
local 192.168.1.10 dev eth0 table local proto kernel scope host src 192.168.1.10 
broadcast 192.168.1.255 dev eth0 table local proto kernel scope link src 192.168.1.10 
$ ip -n ipr-r route flush table all
$ ip -n ipr-r route show table all
#ip netns del ipr-r
#ip netns del ipr-r2
"##;

        /// Captured from iproute2 6.1 / procps 4.0.2 on Linux 6.18 (scenario `routeerr`).
        pub(crate) const ROUTEERR: &str = r##"#ip netns add ipr-re
#ip netns add ipr-re2
#ip netns exec ipr-re sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
#ip -n ipr-re link add eth0 address 02:00:00:00:04:01 type veth peer name eth0 address 02:00:00:00:04:02 netns ipr-re2
#ip -n ipr-re link add eth1 address 02:00:00:00:04:03 type veth peer name eth1 address 02:00:00:00:04:04 netns ipr-re2
#ip -n ipr-re link set lo up
#ip -n ipr-re link set eth0 up
#ip -n ipr-re addr add 192.168.1.10/24 dev eth0
$ ip -n ipr-re route add 10.9.0.0/16 via 10.0.0.2
!Error: Nexthop has invalid gateway.
?2
$ ip -n ipr-re route add 10.9.0.0/16 via 192.168.1.1
$ ip -n ipr-re route add 10.9.0.0/16 via 192.168.1.1
!RTNETLINK answers: File exists
?2
$ ip -n ipr-re route add 10.9.0.0/16 via 192.168.1.10
!RTNETLINK answers: File exists
?2
$ ip -n ipr-re route add 10.8.0.0/16 dev eth9
!Cannot find device "eth9"
?1
$ ip -n ipr-re route add 10.8.0.0/16 dev eth1
!Error: Device for nexthop is not up.
?2
$ ip -n ipr-re route add 10.8.0.0/16 via 192.168.1.1 dev eth1
!Error: Nexthop has invalid gateway.
?2
$ ip -n ipr-re route add 10.8.0.0/16 via 9.9.9.9 onlink
!Error: Nexthop device required for onlink.
?2
$ ip -n ipr-re route add 10.8.0.0/16 xyz
!Error: either "to" is duplicate, or "xyz" is a garbage.
?255
$ ip -n ipr-re route add 10.8.0.0/33 dev eth0
!Error: any valid prefix is expected rather than "10.8.0.0/33".
?1
$ ip -n ipr-re route add 10.8.0.1/16 dev eth0
!Error: Invalid prefix for given prefix length.
?2
$ ip -n ipr-re route add 10.8.0.0/16
!RTNETLINK answers: No such device
?2
$ ip -n ipr-re route add
!Usage: ip route { list | flush } SELECTOR
!       ip route save SELECTOR
!       ip route restore
!       ip route showdump
!       ip route get [ ROUTE_GET_FLAGS ] ADDRESS
!                            [ from ADDRESS iif STRING ]
!                            [ oif STRING ] [ tos TOS ]
!                            [ mark NUMBER ] [ vrf NAME ]
!                            [ uid NUMBER ] [ ipproto PROTOCOL ]
!                            [ sport NUMBER ] [ dport NUMBER ]
!       ip route { add | del | change | append | replace } ROUTE
!SELECTOR := [ root PREFIX ] [ match PREFIX ] [ exact PREFIX ]
!            [ table TABLE_ID ] [ vrf NAME ] [ proto RTPROTO ]
!            [ type TYPE ] [ scope SCOPE ]
!ROUTE := NODE_SPEC [ INFO_SPEC ]
!NODE_SPEC := [ TYPE ] PREFIX [ tos TOS ]
!             [ table TABLE_ID ] [ proto RTPROTO ]
!             [ scope SCOPE ] [ metric METRIC ]
!             [ ttl-propagate { enabled | disabled } ]
!INFO_SPEC := { NH | nhid ID } OPTIONS FLAGS [ nexthop NH ]...
!NH := [ encap ENCAPTYPE ENCAPHDR ] [ via [ FAMILY ] ADDRESS ]
!      [ dev STRING ] [ weight NUMBER ] NHFLAGS
!FAMILY := [ inet | inet6 | mpls | bridge | link ]
!OPTIONS := FLAGS [ mtu NUMBER ] [ advmss NUMBER ] [ as [ to ] ADDRESS ]
!           [ rtt TIME ] [ rttvar TIME ] [ reordering NUMBER ]
!           [ window NUMBER ] [ cwnd NUMBER ] [ initcwnd NUMBER ]
!           [ ssthresh NUMBER ] [ realms REALM ] [ src ADDRESS ]
!           [ rto_min TIME ] [ hoplimit NUMBER ] [ initrwnd NUMBER ]
!           [ features FEATURES ] [ quickack BOOL ] [ congctl NAME ]
!           [ pref PREF ] [ expires TIME ] [ fastopen_no_cookie BOOL ]
!TYPE := { unicast | local | broadcast | multicast | throw |
!          unreachable | prohibit | blackhole | nat }
!TABLE_ID := [ local | main | default | all | NUMBER ]
!SCOPE := [ host | link | global | NUMBER ]
!NHFLAGS := [ onlink | pervasive ]
!RTPROTO := [ kernel | boot | static | NUMBER ]
!PREF := [ low | medium | high ]
!TIME := NUMBER[s|ms]
!BOOL := [1|0]
!FEATURES := ecn
!ENCAPTYPE := [ mpls | ip | ip6 | seg6 | seg6local | rpl | ioam6 | xfrm ]
!ENCAPHDR := [ MPLSLABEL | SEG6HDR | SEG6LOCAL | IOAM6HDR | XFRMINFO ]
!SEG6HDR := [ mode SEGMODE ] segs ADDR1,ADDRi,ADDRn [hmac HMACKEYID] [cleanup]
!SEGMODE := [ encap | encap.red | inline | l2encap | l2encap.red ]
!SEG6LOCAL := action ACTION [ OPTIONS ] [ count ]
!ACTION := { End | End.X | End.T | End.DX2 | End.DX6 | End.DX4 |
!            End.DT6 | End.DT4 | End.DT46 | End.B6 | End.B6.Encaps |
!            End.BM | End.S | End.AS | End.AM | End.BPF }
!OPTIONS := OPTION [ OPTIONS ]
!OPTION := { flavors FLAVORS | srh SEG6HDR | nh4 ADDR | nh6 ADDR | iif DEV | oif DEV |
!            table TABLEID | vrftable TABLEID | endpoint PROGNAME }
!FLAVORS := { FLAVOR[,FLAVOR] }
!FLAVOR := { psp | usp | usd | next-csid }
!IOAM6HDR := trace prealloc type IOAM6_TRACE_TYPE ns IOAM6_NAMESPACE size IOAM6_TRACE_SIZE
!XFRMINFO := if_id IF_ID [ link_dev LINK ]
!ROUTE_GET_FLAGS := [ fibmatch ]
?255
$ ip -n ipr-re route add 10.8.0.0/16 dev
!Command line is not complete. Try option "help"
?255
$ ip -n ipr-re route add 10.8.0.0/16 via
!Command line is not complete. Try option "help"
?255
$ ip -n ipr-re route add 10.8.0.0/16 via 1.2.3
!Error: Nexthop has invalid gateway.
?2
$ ip -n ipr-re route add 10.8.0.0/16 via zz
!Error: inet address is expected rather than "zz".
?1
$ ip -n ipr-re route add 10.8.0.0/16 dev eth0 metric x
!Error: argument "x" is wrong: "metric" value is invalid
!
?255
$ ip -n ipr-re route add 10.8.0.0/16 dev eth0 table x
!Error: argument "x" is wrong: "table" value is invalid
!
?255
$ ip -n ipr-re route add 10.8.0.0/16 dev eth0 proto x
!Error: argument "x" is wrong: "protocol" value is invalid
!
?255
$ ip -n ipr-re route add 10.8.0.0/16 dev eth0 scope x
!Error: argument "x" is wrong: invalid "scope" value
!
?255
$ ip -n ipr-re route add 10.8.0.0/16 dev eth0 src 1.2.3.4
!Error: Invalid prefsrc address.
?2
$ ip -n ipr-re route add 10.8.0.0/16 dev eth0 src zz
!Error: inet address is expected rather than "zz".
?1
$ ip -n ipr-re route add 10.8.0.0/16 dev eth0 dev eth0
$ ip -n ipr-re route add 10.8.0.0/16 10.9.0.0/16 dev eth0
!Error: either "to" is duplicate, or "10.9.0.0/16" is a garbage.
?255
$ ip -n ipr-re route add blackhole 10.8.0.0/16 dev eth0
!Error: Gateway, device and multipath can not be specified for this route type.
?2
$ ip -n ipr-re route add local 10.8.0.1
!RTNETLINK answers: No such device
?2
$ ip -n ipr-re route add 10.8.0.0/16 dev eth0 scope host
!RTNETLINK answers: File exists
?2
$ ip -n ipr-re route add 10.8.0.0/16 via 192.168.1.1 scope link
!Error: Nexthop has invalid gateway.
?2
$ ip -n ipr-re route del 10.7.0.0/16
!RTNETLINK answers: No such process
?2
$ ip -n ipr-re route del
!Usage: ip route { list | flush } SELECTOR
!       ip route save SELECTOR
!       ip route restore
!       ip route showdump
!       ip route get [ ROUTE_GET_FLAGS ] ADDRESS
!                            [ from ADDRESS iif STRING ]
!                            [ oif STRING ] [ tos TOS ]
!                            [ mark NUMBER ] [ vrf NAME ]
!                            [ uid NUMBER ] [ ipproto PROTOCOL ]
!                            [ sport NUMBER ] [ dport NUMBER ]
!       ip route { add | del | change | append | replace } ROUTE
!SELECTOR := [ root PREFIX ] [ match PREFIX ] [ exact PREFIX ]
!            [ table TABLE_ID ] [ vrf NAME ] [ proto RTPROTO ]
!            [ type TYPE ] [ scope SCOPE ]
!ROUTE := NODE_SPEC [ INFO_SPEC ]
!NODE_SPEC := [ TYPE ] PREFIX [ tos TOS ]
!             [ table TABLE_ID ] [ proto RTPROTO ]
!             [ scope SCOPE ] [ metric METRIC ]
!             [ ttl-propagate { enabled | disabled } ]
!INFO_SPEC := { NH | nhid ID } OPTIONS FLAGS [ nexthop NH ]...
!NH := [ encap ENCAPTYPE ENCAPHDR ] [ via [ FAMILY ] ADDRESS ]
!      [ dev STRING ] [ weight NUMBER ] NHFLAGS
!FAMILY := [ inet | inet6 | mpls | bridge | link ]
!OPTIONS := FLAGS [ mtu NUMBER ] [ advmss NUMBER ] [ as [ to ] ADDRESS ]
!           [ rtt TIME ] [ rttvar TIME ] [ reordering NUMBER ]
!           [ window NUMBER ] [ cwnd NUMBER ] [ initcwnd NUMBER ]
!           [ ssthresh NUMBER ] [ realms REALM ] [ src ADDRESS ]
!           [ rto_min TIME ] [ hoplimit NUMBER ] [ initrwnd NUMBER ]
!           [ features FEATURES ] [ quickack BOOL ] [ congctl NAME ]
!           [ pref PREF ] [ expires TIME ] [ fastopen_no_cookie BOOL ]
!TYPE := { unicast | local | broadcast | multicast | throw |
!          unreachable | prohibit | blackhole | nat }
!TABLE_ID := [ local | main | default | all | NUMBER ]
!SCOPE := [ host | link | global | NUMBER ]
!NHFLAGS := [ onlink | pervasive ]
!RTPROTO := [ kernel | boot | static | NUMBER ]
!PREF := [ low | medium | high ]
!TIME := NUMBER[s|ms]
!BOOL := [1|0]
!FEATURES := ecn
!ENCAPTYPE := [ mpls | ip | ip6 | seg6 | seg6local | rpl | ioam6 | xfrm ]
!ENCAPHDR := [ MPLSLABEL | SEG6HDR | SEG6LOCAL | IOAM6HDR | XFRMINFO ]
!SEG6HDR := [ mode SEGMODE ] segs ADDR1,ADDRi,ADDRn [hmac HMACKEYID] [cleanup]
!SEGMODE := [ encap | encap.red | inline | l2encap | l2encap.red ]
!SEG6LOCAL := action ACTION [ OPTIONS ] [ count ]
!ACTION := { End | End.X | End.T | End.DX2 | End.DX6 | End.DX4 |
!            End.DT6 | End.DT4 | End.DT46 | End.B6 | End.B6.Encaps |
!            End.BM | End.S | End.AS | End.AM | End.BPF }
!OPTIONS := OPTION [ OPTIONS ]
!OPTION := { flavors FLAVORS | srh SEG6HDR | nh4 ADDR | nh6 ADDR | iif DEV | oif DEV |
!            table TABLEID | vrftable TABLEID | endpoint PROGNAME }
!FLAVORS := { FLAVOR[,FLAVOR] }
!FLAVOR := { psp | usp | usd | next-csid }
!IOAM6HDR := trace prealloc type IOAM6_TRACE_TYPE ns IOAM6_NAMESPACE size IOAM6_TRACE_SIZE
!XFRMINFO := if_id IF_ID [ link_dev LINK ]
!ROUTE_GET_FLAGS := [ fibmatch ]
?255
$ ip -n ipr-re route del 10.7.0.0/16 dev eth9
!Cannot find device "eth9"
?1
$ ip -n ipr-re route foo
!Command "foo" is unknown, try "ip route help".
?255
$ ip -n ipr-re route get
!need at least a destination address
?1
$ ip -n ipr-re route get 1.2.3.x
!Error: any valid prefix is expected rather than "1.2.3.x".
?1
$ ip -n ipr-re route get 1.2.3.4 from 5.6.7.x
!Error: inet prefix is expected rather than "5.6.7.x".
?1
$ ip -n ipr-re route get 1.2.3.4 iif eth9
!Cannot find device "eth9"
?1
$ ip -n ipr-re route get 1.2.3.4 bogus
!Error: inet prefix is expected rather than "bogus".
?1
$ ip -n ipr-re route get 10.8.0.1 oif eth1
!RTNETLINK answers: Network is unreachable
?2
$ ip -n ipr-re route show table
!Command line is not complete. Try option "help"
?255
$ ip -n ipr-re route show table bogus
!Error: argument "bogus" is wrong: table id value is invalid
!
?255
$ ip -n ipr-re route show bogus
!Error: any valid prefix is expected rather than "bogus".
?1
$ ip -n ipr-re route show dev eth9
!Cannot find device "eth9"
?1
$ ip -n ipr-re route show type bogus
!Error: argument "bogus" is wrong: node type value is invalid
!
?255
$ ip -n ipr-re route show proto bogus
!Error: argument "bogus" is wrong: invalid "protocol"
!
?255
$ ip -n ipr-re route flush
!"ip route flush" requires arguments.
?1
$ ip -n ipr-re route flush table 42
!Error: ipv4: FIB table does not exist.
!Flush terminated
?2
$ ip -n ipr-re route show table 42
!Error: ipv4: FIB table does not exist.
!Dump terminated
?2
$ ip -n ipr-re route
10.8.0.0/16 dev eth0 scope link linkdown 
10.9.0.0/16 via 192.168.1.1 dev eth0 linkdown 
192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.10 linkdown 
#ip netns del ipr-re
#ip netns del ipr-re2
"##;

        /// Captured from iproute2 6.1 / procps 4.0.2 on Linux 6.18 (scenario `neigh`).
        pub(crate) const NEIGH: &str = r##"#ip netns add ipr-g
#ip netns add ipr-g2
#ip netns exec ipr-g sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
#ip -n ipr-g link add eth0 address 02:00:00:00:06:01 type veth peer name eth0 address 02:00:00:00:06:02 netns ipr-g2
#ip -n ipr-g link add eth1 address 02:00:00:00:06:03 type veth peer name eth1 address 02:00:00:00:06:04 netns ipr-g2
#ip -n ipr-g link set eth0 up
#ip -n ipr-g link set eth1 up
#ip -n ipr-g addr add 10.1.0.2/24 dev eth0
$ ip -n ipr-g neigh
$ ip -n ipr-g neigh add 10.1.0.9 lladdr 02:00:00:00:00:09 dev eth0
$ ip -n ipr-g neigh add 10.1.0.10 lladdr 02:00:00:00:00:0a dev eth0 nud reachable
$ ip -n ipr-g neigh add 10.1.0.11 lladdr 02:00:00:00:00:0b dev eth0 nud stale
$ ip -n ipr-g neigh add 10.1.0.13 lladdr 02:00:00:00:00:0d dev eth0 nud noarp
$ ip -n ipr-g neigh add 10.1.0.14 lladdr 02:00:00:00:00:0e dev eth0 nud permanent
$ ip -n ipr-g neigh add 10.1.0.5 lladdr 02:00:00:00:00:05 dev eth1 nud permanent
$ ip -n ipr-g neigh show nud all
10.1.0.13 dev eth0 lladdr 02:00:00:00:00:0d NOARP 
10.1.0.14 dev eth0 lladdr 02:00:00:00:00:0e PERMANENT 
10.1.0.11 dev eth0 lladdr 02:00:00:00:00:0b STALE 
10.1.0.9 dev eth0 lladdr 02:00:00:00:00:09 PERMANENT 
10.1.0.5 dev eth1 lladdr 02:00:00:00:00:05 PERMANENT 
10.1.0.10 dev eth0 lladdr 02:00:00:00:00:0a REACHABLE 
$ ip -n ipr-g neigh show nud noarp
10.1.0.13 dev eth0 lladdr 02:00:00:00:00:0d NOARP 
$ ip -n ipr-g neigh show nud permanent
10.1.0.14 dev eth0 lladdr 02:00:00:00:00:0e PERMANENT 
10.1.0.9 dev eth0 lladdr 02:00:00:00:00:09 PERMANENT 
10.1.0.5 dev eth1 lladdr 02:00:00:00:00:05 PERMANENT 
$ ip -n ipr-g neigh show nud stale
10.1.0.11 dev eth0 lladdr 02:00:00:00:00:0b STALE 
$ ip -n ipr-g neigh show dev eth1
10.1.0.5 lladdr 02:00:00:00:00:05 PERMANENT 
$ ip -n ipr-g neigh show 10.1.0.9
10.1.0.9 dev eth0 lladdr 02:00:00:00:00:09 PERMANENT 
$ ip -n ipr-g neigh show to 10.1.0.0/24
10.1.0.14 dev eth0 lladdr 02:00:00:00:00:0e PERMANENT 
10.1.0.11 dev eth0 lladdr 02:00:00:00:00:0b STALE 
10.1.0.9 dev eth0 lladdr 02:00:00:00:00:09 PERMANENT 
10.1.0.5 dev eth1 lladdr 02:00:00:00:00:05 PERMANENT 
10.1.0.10 dev eth0 lladdr 02:00:00:00:00:0a REACHABLE 
$ ip -n ipr-g neigh show 10.1.0.99
$ ip -n ipr-g neigh add 10.1.0.9 lladdr 02:00:00:00:00:09 dev eth0
!RTNETLINK answers: File exists
?2
$ ip -n ipr-g neigh replace 10.1.0.9 lladdr 02:00:00:00:00:19 dev eth0
$ ip -n ipr-g neigh replace 10.1.0.30 lladdr 02:00:00:00:00:1e dev eth0 nud stale
$ ip -n ipr-g neigh change 10.1.0.99 lladdr 02:00:00:00:00:19 dev eth0
!RTNETLINK answers: No such file or directory
?2
$ ip -n ipr-g neigh change 10.1.0.30 lladdr 02:00:00:00:00:1f dev eth0
$ ip -n ipr-g neigh show 10.1.0.30
10.1.0.30 dev eth0 lladdr 02:00:00:00:00:1f PERMANENT 
$ ip -n ipr-g neigh del 10.1.0.99 dev eth0
!RTNETLINK answers: No such file or directory
?2
$ ip -n ipr-g neigh del 10.1.0.10 dev eth0
$ ip -n ipr-g neigh delete 10.1.0.11 dev eth0
$ ip -n ipr-g neigh show 10.1.0.9
10.1.0.9 dev eth0 lladdr 02:00:00:00:00:19 PERMANENT 
$ ip -n ipr-g neigh flush dev eth0
$ ip -n ipr-g neigh show nud all
10.1.0.13 dev eth0 lladdr 02:00:00:00:00:0d NOARP 
10.1.0.14 dev eth0 lladdr 02:00:00:00:00:0e PERMANENT 
10.1.0.9 dev eth0 lladdr 02:00:00:00:00:19 PERMANENT 
10.1.0.30 dev eth0 lladdr 02:00:00:00:00:1f PERMANENT 
10.1.0.5 dev eth1 lladdr 02:00:00:00:00:05 PERMANENT 
$ ip -n ipr-g neigh flush all
$ ip -n ipr-g neigh show nud all
10.1.0.13 dev eth0 lladdr 02:00:00:00:00:0d NOARP 
10.1.0.14 dev eth0 lladdr 02:00:00:00:00:0e PERMANENT 
10.1.0.9 dev eth0 lladdr 02:00:00:00:00:19 PERMANENT 
10.1.0.30 dev eth0 lladdr 02:00:00:00:00:1f PERMANENT 
10.1.0.5 dev eth1 lladdr 02:00:00:00:00:05 PERMANENT 
$ ip -n ipr-g neigh flush nud permanent
$ ip -n ipr-g neigh show nud all
10.1.0.13 dev eth0 lladdr 02:00:00:00:00:0d NOARP 
$ ip -n ipr-g neigh flush dev eth1 nud all
$ ip -n ipr-g neigh show nud all
10.1.0.13 dev eth0 lladdr 02:00:00:00:00:0d NOARP 
$ ip -n ipr-g neigh flush nud all
$ ip -n ipr-g neigh show nud all
10.1.0.13 dev eth0 lladdr 02:00:00:00:00:0d NOARP 
$ ip -n ipr-g neigh del 10.1.0.9
!Device and destination are required arguments.
?255
$ ip -n ipr-g neigh add 10.1.0.9 lladdr 02:00:00:00:00:09
!Device and destination are required arguments.
?255
$ ip -n ipr-g neigh add lladdr 02:00:00:00:00:09 dev eth0
!Device and destination are required arguments.
?255
$ ip -n ipr-g neigh add 10.1.0.9 lladdr zz dev eth0
!"zz" is invalid lladdr.
?1
$ ip -n ipr-g neigh add 10.1.0.9 dev eth9
!Cannot find device "eth9"
?1
$ ip -n ipr-g neigh add 10.1.0.9 dev eth0 nud foo
!Error: argument "foo" is wrong: nud state is bad
?255
$ ip -n ipr-g neigh add 10.1.0.x dev eth0
!Error: any valid address is expected rather than "10.1.0.x".
?1
$ ip -n ipr-g neigh add 10.1.0.9 dev eth0 bogus
!Error: either "to" is duplicate, or "bogus" is a garbage.
?255
$ ip -n ipr-g neigh show dev eth9
!Cannot find device "eth9"
?1
$ ip -n ipr-g neigh show nud bogus
!Error: argument "bogus" is wrong: nud state is bad
?255
$ ip -n ipr-g neigh foo
!Command "foo" is unknown, try "ip neigh help".
?255
$ ip -n ipr-g neigh flush
!Flush requires arguments.
?1
$ ip -n ipr-g neigh show
#ip netns del ipr-g
#ip netns del ipr-g2
"##;

        /// Captured from iproute2 6.1 / procps 4.0.2 on Linux 6.18 (scenario `netns`).
        pub(crate) const NETNS: &str = r##"$ ip netns add ipr-n1
$ ip netns add ipr-n2
$ ip netns add ipr-n3
#for n in ipr-n1 ipr-n2 ipr-n3; do ip netns exec $n sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1; done
$ ip -n ipr-n1 link add a2 address 02:00:00:00:05:01 type veth peer name b1 address 02:00:00:00:05:02 netns ipr-n2
$ ip -n ipr-n1 link add a3 address 02:00:00:00:05:03 type veth peer name c1 address 02:00:00:00:05:04 netns ipr-n3
$ ip -n ipr-n2 link add b3 address 02:00:00:00:05:05 type veth peer name c2 address 02:00:00:00:05:06 netns ipr-n3
$ ip -n ipr-n1 link add x0 address 02:00:00:00:05:07 type veth peer name x1 address 02:00:00:00:05:08
$ ip -n ipr-n1 link
1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: a2@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:05:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-n2
3: a3@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:05:03 brd ff:ff:ff:ff:ff:ff link-netns ipr-n3
4: x1@x0: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:05:08 brd ff:ff:ff:ff:ff:ff
5: x0@x1: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:05:07 brd ff:ff:ff:ff:ff:ff
$ ip -n ipr-n2 link
1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: b1@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:05:02 brd ff:ff:ff:ff:ff:ff link-netns ipr-n1
3: b3@if3: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:05:05 brd ff:ff:ff:ff:ff:ff link-netns ipr-n3
$ ip -n ipr-n3 link
1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: c1@if3: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:05:04 brd ff:ff:ff:ff:ff:ff link-netns ipr-n1
3: c2@if3: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:05:06 brd ff:ff:ff:ff:ff:ff link-netns ipr-n2
$ ip -n ipr-n1 netns list-id
nsid 0 (iproute2 netns name: ipr-n2)
nsid 1 (iproute2 netns name: ipr-n3)
$ ip -n ipr-n3 netns list-id
nsid 0 (iproute2 netns name: ipr-n1)
nsid 1 (iproute2 netns name: ipr-n2)
$ ip -n ipr-n1 netns identify
ipr-n1
$ ip netns identify ipr-n1
!Specified string 'ipr-n1' is not a pid
?1
$ ip netns pids ipr-n1
$ ip -n ipr-n1 link
1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: a2@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:05:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-n2
3: a3@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:05:03 brd ff:ff:ff:ff:ff:ff link-netns ipr-n3
4: x1@x0: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:05:08 brd ff:ff:ff:ff:ff:ff
5: x0@x1: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:05:07 brd ff:ff:ff:ff:ff:ff
$ ip -n ipr-n1 link set x1 netns ipr-n2
$ ip -n ipr-n1 link
1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: a2@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:05:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-n2
3: a3@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:05:03 brd ff:ff:ff:ff:ff:ff link-netns ipr-n3
5: x0@if4: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:05:07 brd ff:ff:ff:ff:ff:ff link-netns ipr-n2
$ ip -n ipr-n2 link
1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: b1@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:05:02 brd ff:ff:ff:ff:ff:ff link-netns ipr-n1
3: b3@if3: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:05:05 brd ff:ff:ff:ff:ff:ff link-netns ipr-n3
4: x1@if5: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:05:08 brd ff:ff:ff:ff:ff:ff link-netns ipr-n1
$ ip -n ipr-n2 netns list-id
nsid 0 (iproute2 netns name: ipr-n3)
nsid 1 (iproute2 netns name: ipr-n1)
$ ip -n ipr-n3 link set c1 netns ipr-n2
$ ip -n ipr-n2 link
1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: b1@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:05:02 brd ff:ff:ff:ff:ff:ff link-netns ipr-n1
3: b3@if3: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:05:05 brd ff:ff:ff:ff:ff:ff link-netns ipr-n3
4: x1@if5: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:05:08 brd ff:ff:ff:ff:ff:ff link-netns ipr-n1
5: c1@if3: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:05:04 brd ff:ff:ff:ff:ff:ff link-netns ipr-n1
$ ip -n ipr-n2 link set c1 netns ipr-n3
$ ip -n ipr-n3 link set c2 netns ipr-n2
$ ip -n ipr-n2 link
1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: b1@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:05:02 brd ff:ff:ff:ff:ff:ff link-netns ipr-n1
3: b3@c2: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:05:05 brd ff:ff:ff:ff:ff:ff
4: x1@if5: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:05:08 brd ff:ff:ff:ff:ff:ff link-netns ipr-n1
6: c2@b3: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:05:06 brd ff:ff:ff:ff:ff:ff
$ ip -n ipr-n2 link set b3 name b4
$ ip -n ipr-n2 link set c2 name c3
$ ip -n ipr-n2 link show c3
6: c3@b4: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:05:06 brd ff:ff:ff:ff:ff:ff
$ ip -n ipr-n2 link set c3 name c2
$ ip -n ipr-n2 link set c2 netns ipr-n3
$ ip -n ipr-n3 addr add 10.5.0.1/24 dev c2
$ ip -n ipr-n3 link set c2 up
@sleep 1.1
$ ip -n ipr-n3 addr
1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
5: c1@if3: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN group default qlen 1000
    link/ether 02:00:00:00:05:04 brd ff:ff:ff:ff:ff:ff link-netns ipr-n1
6: c2@if3: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN group default qlen 1000
    link/ether 02:00:00:00:05:06 brd ff:ff:ff:ff:ff:ff link-netns ipr-n2
    inet 10.5.0.1/24 scope global c2
       valid_lft forever preferred_lft forever
$ ip -n ipr-n3 link set c2 netns ipr-n2
$ ip -n ipr-n2 addr show c2
6: c2@b4: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN group default qlen 1000
    link/ether 02:00:00:00:05:06 brd ff:ff:ff:ff:ff:ff
$ ip netns del ipr-n1
$ ip -n ipr-n2 link
1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
3: b4@c2: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:05:05 brd ff:ff:ff:ff:ff:ff
6: c2@b4: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:05:06 brd ff:ff:ff:ff:ff:ff
$ ip -n ipr-n3 link
1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
$ ip -n ipr-n2 netns list-id
nsid 0 (iproute2 netns name: ipr-n3)
$ ip -n ipr-n1 link
!Cannot open network namespace "ipr-n1": No such file or directory
?255
$ ip netns add ipr-n1
$ ip -n ipr-n2 link add y0 type veth peer name y1 netns ipr-n1
$ ip -n ipr-n2 netns list-id
nsid 0 (iproute2 netns name: ipr-n3)
nsid 1 (iproute2 netns name: ipr-n1)
$ ip netns del ipr-n1
$ ip netns del ipr-n1
!Cannot remove namespace file "/run/netns/ipr-n1": No such file or directory
?1
$ ip netns add ipr-n2
!Cannot create namespace file "/run/netns/ipr-n2": File exists
?1
$ ip netns add
!No netns name specified
?1
$ ip netns add a/b
!Invalid netns name "a/b"
?255
$ ip netns add ""
!Invalid netns name ""
?255
$ ip netns del
!No netns name specified
?1
$ ip netns exec ipr-nonexist true
!Cannot open network namespace "ipr-nonexist": No such file or directory
?255
$ ip netns exec ipr-n2
!No command specified
?1
$ ip netns exec
!No netns name specified
?1
$ ip netns foo
!Command "foo" is unknown, try "ip netns help".
?255
$ ip -n nonexist link
!Cannot open network namespace "nonexist": No such file or directory
?255
$ ip -n nonexist netns exec ipr-n2 true
!Cannot open network namespace "nonexist": No such file or directory
?255
$ ip netns del ipr-n2
$ ip netns del ipr-n3
"##;

        /// Captured from iproute2 6.1 / procps 4.0.2 on Linux 6.18 (scenario `vxlan`).
        pub(crate) const VXLAN: &str = r##"#ip netns add ipr-v
#ip netns exec ipr-v sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
$ ip -n ipr-v link add vx0 address 02:00:00:00:03:00 type vxlan id 42 dstport 4789
$ ip -n ipr-v -d link show vx0
2: vx0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:03:00 brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 
    vxlan id 42 srcport 0 0 dstport 4789 ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 tso_max_size 65536 tso_max_segs 65535 gro_max_size 65536 
$ ip -n ipr-v link add vx1 address 02:00:00:00:03:01 type vxlan id 43
!vxlan: destination port not specified
!Will use Linux kernel default (non-standard value)
!Use 'dstport 4789' to get the IANA assigned value
!Use 'dstport 0' to get default and quiet this message
$ ip -n ipr-v -d link show vx1
3: vx1: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:03:01 brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 
    vxlan id 43 srcport 0 0 dstport 8472 ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 tso_max_size 65536 tso_max_segs 65535 gro_max_size 65536 
$ ip -n ipr-v link add vx2 address 02:00:00:00:03:02 type vxlan id 44 dstport 4789 local 192.168.56.11 remote 192.168.56.12 nolearning proxy l2miss l3miss ttl 5
$ ip -n ipr-v -d link show vx2
4: vx2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:03:02 brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 
    vxlan id 44 remote 192.168.56.12 local 192.168.56.11 srcport 0 0 dstport 4789 nolearning proxy l2miss l3miss ttl 5 ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 tso_max_size 65536 tso_max_segs 65535 gro_max_size 65536 
$ ip -n ipr-v link add vx3 address 02:00:00:00:03:03 mtu 1450 txqueuelen 0 type vxlan id 4096 dstport 4789 proxy l2miss l3miss
$ ip -n ipr-v link
1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: vx0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:03:00 brd ff:ff:ff:ff:ff:ff
3: vx1: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:03:01 brd ff:ff:ff:ff:ff:ff
4: vx2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:03:02 brd ff:ff:ff:ff:ff:ff
5: vx3: <BROADCAST,MULTICAST> mtu 1450 qdisc noop state DOWN mode DEFAULT group default 
    link/ether 02:00:00:00:03:03 brd ff:ff:ff:ff:ff:ff
$ ip -n ipr-v -d link show vx3
5: vx3: <BROADCAST,MULTICAST> mtu 1450 qdisc noop state DOWN mode DEFAULT group default 
    link/ether 02:00:00:00:03:03 brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 
    vxlan id 4096 srcport 0 0 dstport 4789 proxy l2miss l3miss ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 tso_max_size 65536 tso_max_segs 65535 gro_max_size 65536 
$ ip -n ipr-v link add veth0 address 02:00:00:00:03:20 mtu 9000 type veth peer name veth1 address 02:00:00:00:03:21
$ ip -n ipr-v link add vx4 address 02:00:00:00:03:04 type vxlan id 45 dev veth0 dstport 0
$ ip -n ipr-v link show vx4
8: vx4: <BROADCAST,MULTICAST> mtu 8950 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:03:04 brd ff:ff:ff:ff:ff:ff
$ ip -n ipr-v -d link show vx4
8: vx4: <BROADCAST,MULTICAST> mtu 8950 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:03:04 brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 
    vxlan id 45 dev veth0 srcport 0 0 dstport 8472 ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 tso_max_size 524280 tso_max_segs 65535 gro_max_size 65536 
$ ip -n ipr-v link add br0 address 02:00:00:00:03:10 type bridge
$ ip -n ipr-v link set vx0 master br0
$ ip -n ipr-v link set vx0 up
$ ip -n ipr-v link set br0 up
@sleep 15.5
$ ip -n ipr-v link
1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: vx0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UNKNOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:03:00 brd ff:ff:ff:ff:ff:ff
3: vx1: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:03:01 brd ff:ff:ff:ff:ff:ff
4: vx2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:03:02 brd ff:ff:ff:ff:ff:ff
5: vx3: <BROADCAST,MULTICAST> mtu 1450 qdisc noop state DOWN mode DEFAULT group default 
    link/ether 02:00:00:00:03:03 brd ff:ff:ff:ff:ff:ff
6: veth1@veth0: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:03:21 brd ff:ff:ff:ff:ff:ff
7: veth0@veth1: <BROADCAST,MULTICAST,M-DOWN> mtu 9000 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:03:20 brd ff:ff:ff:ff:ff:ff
8: vx4: <BROADCAST,MULTICAST> mtu 8950 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:03:04 brd ff:ff:ff:ff:ff:ff
9: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:03:10 brd ff:ff:ff:ff:ff:ff
$ ip -n ipr-v -d link show vx0
2: vx0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UNKNOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:03:00 brd ff:ff:ff:ff:ff:ff promiscuity 1  allmulti 1 minmtu 68 maxmtu 65535 
    vxlan id 42 srcport 0 0 dstport 4789 ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx 
    bridge_slave state forwarding priority 32 cost 100 hairpin off guard off root_block off fastleave off learning on flood on port_id 0x8001 port_no 0x1 designated_port 32769 designated_cost 0 designated_bridge 8000.2:0:0:0:3:10 designated_root 8000.2:0:0:0:3:10 hold_timer    0.00 message_age_timer    0.00 forward_delay_timer    0.00 topology_change_ack 0 config_pending 0 proxy_arp off proxy_arp_wifi off mcast_router 1 mcast_fast_leave off mcast_flood on bcast_flood on mcast_to_unicast off neigh_suppress off group_fwd_mask 0 group_fwd_mask_str 0x0 vlan_tunnel off isolated off locked off addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 tso_max_size 65536 tso_max_segs 65535 gro_max_size 65536 
$ ip netns exec ipr-v bridge fdb show
02:00:00:00:03:00 dev vx0 master br0 permanent
00:00:00:00:00:00 dev vx2 dst 192.168.56.12 self permanent
33:33:00:00:00:01 dev veth1 self permanent
33:33:00:00:00:01 dev veth0 self permanent
33:33:00:00:00:01 dev br0 self permanent
01:00:5e:00:00:6a dev br0 self permanent
33:33:00:00:00:6a dev br0 self permanent
01:00:5e:00:00:01 dev br0 self permanent
02:00:00:00:03:10 dev br0 master br0 permanent
$ ip netns exec ipr-v bridge fdb add 02:42:0a:00:00:07 dev vx0 dst 192.168.56.12 self permanent
$ ip netns exec ipr-v bridge fdb add 02:42:0a:00:00:07 dev vx0 dst 192.168.56.12 self permanent
!RTNETLINK answers: File exists
?255
$ ip netns exec ipr-v bridge fdb append 02:42:0a:00:00:07 dev vx0 dst 192.168.56.13 self permanent
$ ip netns exec ipr-v bridge fdb append 00:00:00:00:00:00 dev vx0 dst 192.168.56.14
$ ip netns exec ipr-v bridge fdb append 00:00:00:00:00:00 dev vx0 dst 192.168.56.15
$ ip netns exec ipr-v bridge fdb add 02:42:0a:00:00:08 dev vx0 dst 192.168.56.13
$ ip netns exec ipr-v bridge fdb add 02:42:0a:00:00:09 dev vx0 master
$ ip netns exec ipr-v bridge fdb add 02:42:0a:00:00:0a dev vx0 master static
$ ip netns exec ipr-v bridge fdb add 02:42:0a:00:00:0b dev vx0 master dynamic
$ ip netns exec ipr-v bridge fdb add 02:42:0a:00:00:0c dev vx0 master permanent
$ ip netns exec ipr-v bridge fdb show
02:42:0a:00:00:0c dev vx0 master br0 permanent
02:42:0a:00:00:0b dev vx0 master br0 
02:42:0a:00:00:0a dev vx0 master br0 static
02:42:0a:00:00:09 dev vx0 master br0 permanent
02:00:00:00:03:00 dev vx0 master br0 permanent
02:42:0a:00:00:08 dev vx0 dst 192.168.56.13 self permanent
00:00:00:00:00:00 dev vx0 dst 192.168.56.14 self permanent
00:00:00:00:00:00 dev vx0 dst 192.168.56.15 self permanent
02:42:0a:00:00:07 dev vx0 dst 192.168.56.12 self permanent
00:00:00:00:00:00 dev vx2 dst 192.168.56.12 self permanent
33:33:00:00:00:01 dev veth1 self permanent
33:33:00:00:00:01 dev veth0 self permanent
33:33:00:00:00:01 dev br0 self permanent
01:00:5e:00:00:6a dev br0 self permanent
33:33:00:00:00:6a dev br0 self permanent
01:00:5e:00:00:01 dev br0 self permanent
02:00:00:00:03:10 dev br0 master br0 permanent
$ ip netns exec ipr-v bridge fdb show dev vx0
02:42:0a:00:00:0c master br0 permanent
02:42:0a:00:00:0b master br0 
02:42:0a:00:00:0a master br0 static
02:42:0a:00:00:09 master br0 permanent
02:00:00:00:03:00 master br0 permanent
02:42:0a:00:00:08 dst 192.168.56.13 self permanent
00:00:00:00:00:00 dst 192.168.56.14 self permanent
00:00:00:00:00:00 dst 192.168.56.15 self permanent
02:42:0a:00:00:07 dst 192.168.56.12 self permanent
$ ip netns exec ipr-v bridge fdb show br br0
02:42:0a:00:00:0c dev vx0 master br0 permanent
02:42:0a:00:00:0b dev vx0 master br0 
02:42:0a:00:00:0a dev vx0 master br0 static
02:42:0a:00:00:09 dev vx0 master br0 permanent
02:00:00:00:03:00 dev vx0 master br0 permanent
02:42:0a:00:00:08 dev vx0 dst 192.168.56.13 self permanent
00:00:00:00:00:00 dev vx0 dst 192.168.56.14 self permanent
00:00:00:00:00:00 dev vx0 dst 192.168.56.15 self permanent
02:42:0a:00:00:07 dev vx0 dst 192.168.56.12 self permanent
33:33:00:00:00:01 dev br0 self permanent
01:00:5e:00:00:6a dev br0 self permanent
33:33:00:00:00:6a dev br0 self permanent
01:00:5e:00:00:01 dev br0 self permanent
02:00:00:00:03:10 dev br0 master br0 permanent
$ ip netns exec ipr-v bridge fdb show dev vx2
00:00:00:00:00:00 dst 192.168.56.12 self permanent
$ ip netns exec ipr-v bridge fdb del 02:42:0a:00:00:07 dev vx0 dst 192.168.56.13 self
$ ip netns exec ipr-v bridge fdb del 00:00:00:00:00:00 dev vx0 dst 192.168.56.14
$ ip netns exec ipr-v bridge fdb show dev vx0
02:42:0a:00:00:0c master br0 permanent
02:42:0a:00:00:0b master br0 
02:42:0a:00:00:0a master br0 static
02:42:0a:00:00:09 master br0 permanent
02:00:00:00:03:00 master br0 permanent
02:42:0a:00:00:08 dst 192.168.56.13 self permanent
00:00:00:00:00:00 dst 192.168.56.15 self permanent
02:42:0a:00:00:07 dst 192.168.56.12 self permanent
$ ip netns exec ipr-v bridge fdb replace 02:42:0a:00:00:07 dev vx0 dst 192.168.56.16 self permanent
$ ip netns exec ipr-v bridge fdb replace 02:42:0a:00:00:0a dev vx0 master permanent
$ ip netns exec ipr-v bridge fdb replace 02:42:0a:00:00:0d dev vx0 master
$ ip netns exec ipr-v bridge fdb show dev vx0
02:42:0a:00:00:0d master br0 permanent
02:42:0a:00:00:0c master br0 permanent
02:42:0a:00:00:0b master br0 
02:42:0a:00:00:0a master br0 permanent
02:42:0a:00:00:09 master br0 permanent
02:00:00:00:03:00 master br0 permanent
02:42:0a:00:00:08 dst 192.168.56.13 self permanent
00:00:00:00:00:00 dst 192.168.56.15 self permanent
02:42:0a:00:00:07 dst 192.168.56.16 self permanent
$ ip netns exec ipr-v bridge fdb del 02:42:0a:00:00:99 dev vx0
!RTNETLINK answers: No such file or directory
?255
$ ip netns exec ipr-v bridge fdb del 02:42:0a:00:00:99 dev vx0 master
!RTNETLINK answers: No such file or directory
?255
$ ip netns exec ipr-v bridge fdb del 02:42:0a:00:00:09 dev vx0 master
$ ip netns exec ipr-v bridge fdb del 02:42:0a:00:00:08 dev vx0
$ ip netns exec ipr-v bridge fdb show dev vx0
02:42:0a:00:00:0d master br0 permanent
02:42:0a:00:00:0c master br0 permanent
02:42:0a:00:00:0b master br0 
02:42:0a:00:00:0a master br0 permanent
02:00:00:00:03:00 master br0 permanent
00:00:00:00:00:00 dst 192.168.56.15 self permanent
02:42:0a:00:00:07 dst 192.168.56.16 self permanent
$ ip netns exec ipr-v bridge fdb append 02:42:0a:00:00:0e dev br0
$ ip netns exec ipr-v bridge fdb add 02:42:0a:00:00:0e dev br0
!RTNETLINK answers: File exists
?255
$ ip netns exec ipr-v bridge fdb add 02:42:0a:00:00:0f dev br0 self
$ ip netns exec ipr-v bridge fdb del 02:42:0a:00:00:0f dev br0
$ ip netns exec ipr-v bridge fdb add 02:42:0a:00:00:0f dev vx9
!Cannot find device "vx9"
?255
$ ip netns exec ipr-v bridge fdb add zz dev vx0
!Invalid mac address zz
?255
$ ip netns exec ipr-v bridge fdb add 02:42:0a:00:00:0f
!Device and address are required arguments.
?255
$ ip netns exec ipr-v bridge fdb add 02:42:0a:00:00:0f dev vx0 bogus
!Error: either "to" is duplicate, or "bogus" is a garbage.
?255
$ ip netns exec ipr-v bridge fdb add 02:42:0a:00:00:0f dev vx1 master
!RTNETLINK answers: Operation not supported
?255
$ ip netns exec ipr-v bridge fdb add 02:42:0a:00:00:0f dev vx0 dst 1.2.3.4 master
$ ip netns exec ipr-v bridge fdb add 03:00:00:00:00:05 dev vx0 master
$ ip netns exec ipr-v bridge fdb show
03:00:00:00:00:05 dev vx0 master br0 permanent
02:42:0a:00:00:0f dev vx0 master br0 permanent
02:42:0a:00:00:0d dev vx0 master br0 permanent
02:42:0a:00:00:0c dev vx0 master br0 permanent
02:42:0a:00:00:0b dev vx0 master br0 
02:42:0a:00:00:0a dev vx0 master br0 permanent
02:00:00:00:03:00 dev vx0 master br0 permanent
00:00:00:00:00:00 dev vx0 dst 192.168.56.15 self permanent
02:42:0a:00:00:07 dev vx0 dst 192.168.56.16 self permanent
00:00:00:00:00:00 dev vx2 dst 192.168.56.12 self permanent
33:33:00:00:00:01 dev veth1 self permanent
33:33:00:00:00:01 dev veth0 self permanent
33:33:00:00:00:01 dev br0 self permanent
01:00:5e:00:00:6a dev br0 self permanent
33:33:00:00:00:6a dev br0 self permanent
01:00:5e:00:00:01 dev br0 self permanent
02:42:0a:00:00:0e dev br0 master br0 permanent
02:00:00:00:03:10 dev br0 master br0 permanent
$ ip netns exec ipr-v bridge foo
!Object "foo" is unknown, try "bridge help".
?255
$ ip netns exec ipr-v bridge fdb foo
!Command "foo" is unknown, try "bridge fdb help".
?255
$ ip netns exec ipr-v bridge link foo
!Command "foo" is unknown, try "bridge link help".
?255
$ ip netns exec ipr-v bridge link show dev vx0
2: vx0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state forwarding priority 32 cost 100 
$ ip netns exec ipr-v bridge fdb show dev vx9
!Cannot find device "vx9"
?255
$ ip netns exec ipr-v bridge fdb show br vx9
!Cannot find bridge device "vx9"
?255
$ ip netns exec ipr-v bridge fdb show br vx0
$ ip -n ipr-v neigh add 10.0.0.7 lladdr 02:42:0a:00:00:07 dev vx0 nud permanent
$ ip -n ipr-v neigh add 10.0.0.8 lladdr 02:42:0a:00:00:08 dev vx0
$ ip -n ipr-v neigh show dev vx0
10.0.0.7 lladdr 02:42:0a:00:00:07 PERMANENT 
10.0.0.8 lladdr 02:42:0a:00:00:08 PERMANENT 
$ ip -n ipr-v neigh
10.0.0.7 dev vx0 lladdr 02:42:0a:00:00:07 PERMANENT 
10.0.0.8 dev vx0 lladdr 02:42:0a:00:00:08 PERMANENT 
$ ip -n ipr-v link set vx0 nomaster
$ ip netns exec ipr-v bridge fdb show
00:00:00:00:00:00 dev vx0 dst 192.168.56.15 self permanent
02:42:0a:00:00:07 dev vx0 dst 192.168.56.16 self permanent
00:00:00:00:00:00 dev vx2 dst 192.168.56.12 self permanent
33:33:00:00:00:01 dev veth1 self permanent
33:33:00:00:00:01 dev veth0 self permanent
33:33:00:00:00:01 dev br0 self permanent
01:00:5e:00:00:6a dev br0 self permanent
33:33:00:00:00:6a dev br0 self permanent
01:00:5e:00:00:01 dev br0 self permanent
02:42:0a:00:00:0e dev br0 master br0 permanent
02:00:00:00:03:10 dev br0 master br0 permanent
$ ip -n ipr-v link del vx0
@sleep 1.1
$ ip -n ipr-v link
1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
3: vx1: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:03:01 brd ff:ff:ff:ff:ff:ff
4: vx2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:03:02 brd ff:ff:ff:ff:ff:ff
5: vx3: <BROADCAST,MULTICAST> mtu 1450 qdisc noop state DOWN mode DEFAULT group default 
    link/ether 02:00:00:00:03:03 brd ff:ff:ff:ff:ff:ff
6: veth1@veth0: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:03:21 brd ff:ff:ff:ff:ff:ff
7: veth0@veth1: <BROADCAST,MULTICAST,M-DOWN> mtu 9000 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:03:20 brd ff:ff:ff:ff:ff:ff
8: vx4: <BROADCAST,MULTICAST> mtu 8950 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:03:04 brd ff:ff:ff:ff:ff:ff
9: br0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:03:10 brd ff:ff:ff:ff:ff:ff
$ ip -n ipr-v neigh
#ip netns del ipr-v
"##;

        /// Captured from iproute2 6.1 / procps 4.0.2 on Linux 6.18 (scenario `bridge3`).
        pub(crate) const BRIDGE3: &str = r##"#ip netns add ipr-br
#ip netns add ipr-c
#ip netns add ipr-d
#ip netns add ipr-e
#for n in ipr-br ipr-c ipr-d ipr-e; do ip netns exec $n sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1; done
$ ip -n ipr-br link add br0 address 02:00:00:00:01:00 type bridge
$ ip -n ipr-br link
1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: br0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:01:00 brd ff:ff:ff:ff:ff:ff
$ ip -n ipr-br -d link show br0
2: br0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:01:00 brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 
    bridge forward_delay 1500 hello_time 200 max_age 2000 ageing_time 30000 stp_state 0 priority 32768 vlan_filtering 0 bridge_id 8000.2:0:0:0:1:0 designated_root 8000.2:0:0:0:1:0 root_port 0 root_path_cost 0 topology_change 0 topology_change_detected 0 hello_timer    0.00 tcn_timer    0.00 topology_change_timer    0.00 gc_timer    0.00 group_fwd_mask 0 group_address 01:80:c2:00:00:00 mcast_snooping 1 no_linklocal_learn 0 mcast_vlan_snooping 0 mcast_router 1 mcast_query_use_ifaddr 0 mcast_querier 0 mcast_hash_elasticity 16 mcast_hash_max 4096 mcast_last_member_count 2 mcast_startup_query_count 2 mcast_last_member_interval 100 mcast_membership_interval 26000 mcast_querier_interval 25500 mcast_query_interval 12500 mcast_query_response_interval 1000 mcast_startup_query_interval 3124 mcast_stats_enabled 0 mcast_igmp_version 2 mcast_mld_version 1 nf_call_iptables 0 nf_call_ip6tables 0 nf_call_arptables 0 addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 tso_max_size 65536 tso_max_segs 65535 gro_max_size 65536 
$ ip -n ipr-br link add vb-c address 02:00:00:00:01:01 type veth peer name eth0 address 02:00:00:00:02:01 netns ipr-c
$ ip -n ipr-br link add vb-d address 02:00:00:00:01:02 type veth peer name eth0 address 02:00:00:00:02:02 netns ipr-d
$ ip -n ipr-br link add vb-e address 02:00:00:00:01:03 type veth peer name eth0 address 02:00:00:00:02:03 netns ipr-e
$ ip -n ipr-br link set vb-c master br0
$ ip -n ipr-br link set vb-d master br0
$ ip -n ipr-br link set vb-e master br0
$ ip -n ipr-br link
1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: br0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:01:00 brd ff:ff:ff:ff:ff:ff
3: vb-c@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop master br0 state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:01:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-c
4: vb-d@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop master br0 state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:01:02 brd ff:ff:ff:ff:ff:ff link-netns ipr-d
5: vb-e@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop master br0 state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:01:03 brd ff:ff:ff:ff:ff:ff link-netns ipr-e
$ ip netns exec ipr-br bridge link
3: vb-c@br0: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 master br0 state disabled priority 32 cost 2 
4: vb-d@br0: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 master br0 state disabled priority 32 cost 2 
5: vb-e@br0: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 master br0 state disabled priority 32 cost 2 
$ ip netns exec ipr-br bridge fdb show
33:33:00:00:00:01 dev br0 self permanent
02:00:00:00:01:00 dev br0 master br0 permanent
02:00:00:00:01:01 dev vb-c master br0 permanent
33:33:00:00:00:01 dev vb-c self permanent
02:00:00:00:01:02 dev vb-d master br0 permanent
33:33:00:00:00:01 dev vb-d self permanent
02:00:00:00:01:03 dev vb-e master br0 permanent
33:33:00:00:00:01 dev vb-e self permanent
$ ip -n ipr-br link set br0 up
$ ip -n ipr-br link set vb-c up
$ ip -n ipr-br link set vb-d up
$ ip -n ipr-br link set vb-e up
@sleep 1.1
$ ip -n ipr-br link
1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: br0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:01:00 brd ff:ff:ff:ff:ff:ff
3: vb-c@if2: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue master br0 state LOWERLAYERDOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:01:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-c
4: vb-d@if2: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue master br0 state LOWERLAYERDOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:01:02 brd ff:ff:ff:ff:ff:ff link-netns ipr-d
5: vb-e@if2: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue master br0 state LOWERLAYERDOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:01:03 brd ff:ff:ff:ff:ff:ff link-netns ipr-e
$ ip netns exec ipr-br bridge link show
3: vb-c@br0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 master br0 state disabled priority 32 cost 2 
4: vb-d@br0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 master br0 state disabled priority 32 cost 2 
5: vb-e@br0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 master br0 state disabled priority 32 cost 2 
$ ip -n ipr-c link set eth0 up
$ ip -n ipr-d link set eth0 up
$ ip -n ipr-e link set eth0 up
@sleep 1.1
$ ip -n ipr-br link
1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:01:00 brd ff:ff:ff:ff:ff:ff
3: vb-c@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:01:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-c
4: vb-d@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:01:02 brd ff:ff:ff:ff:ff:ff link-netns ipr-d
5: vb-e@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:01:03 brd ff:ff:ff:ff:ff:ff link-netns ipr-e
$ ip -n ipr-br link show master br0
3: vb-c@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:01:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-c
4: vb-d@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:01:02 brd ff:ff:ff:ff:ff:ff link-netns ipr-d
5: vb-e@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:01:03 brd ff:ff:ff:ff:ff:ff link-netns ipr-e
$ ip -n ipr-br link show type bridge
2: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:01:00 brd ff:ff:ff:ff:ff:ff
$ ip -n ipr-br link show type veth
3: vb-c@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:01:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-c
4: vb-d@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:01:02 brd ff:ff:ff:ff:ff:ff link-netns ipr-d
5: vb-e@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:01:03 brd ff:ff:ff:ff:ff:ff link-netns ipr-e
$ ip -n ipr-br link show type bridge_slave
3: vb-c@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:01:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-c
4: vb-d@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:01:02 brd ff:ff:ff:ff:ff:ff link-netns ipr-d
5: vb-e@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:01:03 brd ff:ff:ff:ff:ff:ff link-netns ipr-e
$ ip -n ipr-br link show up
2: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:01:00 brd ff:ff:ff:ff:ff:ff
3: vb-c@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:01:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-c
4: vb-d@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:01:02 brd ff:ff:ff:ff:ff:ff link-netns ipr-d
5: vb-e@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:01:03 brd ff:ff:ff:ff:ff:ff link-netns ipr-e
$ ip -n ipr-br addr add 10.1.0.1/24 dev br0
$ ip -n ipr-br addr
1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    link/ether 02:00:00:00:01:00 brd ff:ff:ff:ff:ff:ff
    inet 10.1.0.1/24 scope global br0
       valid_lft forever preferred_lft forever
3: vb-c@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP group default qlen 1000
    link/ether 02:00:00:00:01:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-c
4: vb-d@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP group default qlen 1000
    link/ether 02:00:00:00:01:02 brd ff:ff:ff:ff:ff:ff link-netns ipr-d
5: vb-e@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP group default qlen 1000
    link/ether 02:00:00:00:01:03 brd ff:ff:ff:ff:ff:ff link-netns ipr-e
$ ip -n ipr-br -br link
lo               DOWN           00:00:00:00:00:00 <LOOPBACK> 
br0              UP             02:00:00:00:01:00 <BROADCAST,MULTICAST,UP,LOWER_UP> 
vb-c@if2         UP             02:00:00:00:01:01 <BROADCAST,MULTICAST,UP,LOWER_UP> 
vb-d@if2         UP             02:00:00:00:01:02 <BROADCAST,MULTICAST,UP,LOWER_UP> 
vb-e@if2         UP             02:00:00:00:01:03 <BROADCAST,MULTICAST,UP,LOWER_UP> 
$ ip -n ipr-br -br addr
lo               DOWN           
br0              UP             10.1.0.1/24 
vb-c@if2         UP             
vb-d@if2         UP             
vb-e@if2         UP             
$ ip -n ipr-c addr add 10.1.0.2/24 dev eth0
$ ip -n ipr-d addr add 10.1.0.3/24 dev eth0
$ ip -n ipr-e addr add 10.1.0.4/24 dev eth0
$ ip -n ipr-c route add default via 10.1.0.1
$ ip -n ipr-c route
default via 10.1.0.1 dev eth0 
10.1.0.0/24 dev eth0 proto kernel scope link src 10.1.0.2 
$ ip -n ipr-c addr
1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: eth0@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    link/ether 02:00:00:00:02:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-br
    inet 10.1.0.2/24 scope global eth0
       valid_lft forever preferred_lft forever
$ ip -n ipr-br route show table all
10.1.0.0/24 dev br0 proto kernel scope link src 10.1.0.1 
local 10.1.0.1 dev br0 table local proto kernel scope host src 10.1.0.1 
broadcast 10.1.0.255 dev br0 table local proto kernel scope link src 10.1.0.1 
$ ip netns exec ipr-br bridge fdb show
33:33:00:00:00:01 dev br0 self permanent
01:00:5e:00:00:6a dev br0 self permanent
33:33:00:00:00:6a dev br0 self permanent
01:00:5e:00:00:01 dev br0 self permanent
02:00:00:00:01:00 dev br0 master br0 permanent
02:00:00:00:01:01 dev vb-c master br0 permanent
33:33:00:00:00:01 dev vb-c self permanent
01:00:5e:00:00:01 dev vb-c self permanent
02:00:00:00:01:02 dev vb-d master br0 permanent
33:33:00:00:00:01 dev vb-d self permanent
01:00:5e:00:00:01 dev vb-d self permanent
02:00:00:00:01:03 dev vb-e master br0 permanent
33:33:00:00:00:01 dev vb-e self permanent
01:00:5e:00:00:01 dev vb-e self permanent
$ ip netns exec ipr-br bridge fdb show br br0
33:33:00:00:00:01 dev br0 self permanent
01:00:5e:00:00:6a dev br0 self permanent
33:33:00:00:00:6a dev br0 self permanent
01:00:5e:00:00:01 dev br0 self permanent
02:00:00:00:01:00 dev br0 master br0 permanent
02:00:00:00:01:01 dev vb-c master br0 permanent
33:33:00:00:00:01 dev vb-c self permanent
01:00:5e:00:00:01 dev vb-c self permanent
02:00:00:00:01:02 dev vb-d master br0 permanent
33:33:00:00:00:01 dev vb-d self permanent
01:00:5e:00:00:01 dev vb-d self permanent
02:00:00:00:01:03 dev vb-e master br0 permanent
33:33:00:00:00:01 dev vb-e self permanent
01:00:5e:00:00:01 dev vb-e self permanent
$ ip netns exec ipr-br bridge fdb show dev vb-c
02:00:00:00:01:01 master br0 permanent
33:33:00:00:00:01 self permanent
01:00:5e:00:00:01 self permanent
$ ip netns exec ipr-br bridge fdb
33:33:00:00:00:01 dev br0 self permanent
01:00:5e:00:00:6a dev br0 self permanent
33:33:00:00:00:6a dev br0 self permanent
01:00:5e:00:00:01 dev br0 self permanent
02:00:00:00:01:00 dev br0 master br0 permanent
02:00:00:00:01:01 dev vb-c master br0 permanent
33:33:00:00:00:01 dev vb-c self permanent
01:00:5e:00:00:01 dev vb-c self permanent
02:00:00:00:01:02 dev vb-d master br0 permanent
33:33:00:00:00:01 dev vb-d self permanent
01:00:5e:00:00:01 dev vb-d self permanent
02:00:00:00:01:03 dev vb-e master br0 permanent
33:33:00:00:00:01 dev vb-e self permanent
01:00:5e:00:00:01 dev vb-e self permanent
$ ip netns exec ipr-c bridge fdb show
33:33:00:00:00:01 dev eth0 self permanent
01:00:5e:00:00:01 dev eth0 self permanent
$ ip netns exec ipr-br bridge link
3: vb-c@br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state forwarding priority 32 cost 2 
4: vb-d@br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state forwarding priority 32 cost 2 
5: vb-e@br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state forwarding priority 32 cost 2 
$ ip netns exec ipr-br bridge link show dev vb-d
4: vb-d@br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state forwarding priority 32 cost 2 
$ ip netns exec ipr-br bridge -d link show dev vb-d
4: vb-d@br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state forwarding priority 32 cost 2 
    hairpin off guard off root_block off fastleave off learning on flood on mcast_flood on bcast_flood on mcast_router 1 mcast_to_unicast off neigh_suppress off vlan_tunnel off isolated off locked off 
$ ip -n ipr-br link set vb-e down
$ ip netns exec ipr-br bridge link
3: vb-c@br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state forwarding priority 32 cost 2 
4: vb-d@br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state forwarding priority 32 cost 2 
5: vb-e@br0: <BROADCAST,MULTICAST> mtu 1500 master br0 state disabled priority 32 cost 2 
$ ip netns exec ipr-br bridge fdb show dev vb-e
02:00:00:00:01:03 master br0 permanent
33:33:00:00:00:01 self permanent
$ ip -n ipr-br link set vb-e nomaster
$ ip netns exec ipr-br bridge link
3: vb-c@br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state forwarding priority 32 cost 2 
4: vb-d@br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state forwarding priority 32 cost 2 
$ ip -n ipr-br link show vb-e
5: vb-e@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noqueue state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:01:03 brd ff:ff:ff:ff:ff:ff link-netns ipr-e
$ ip -n ipr-br link set br0 down
$ ip netns exec ipr-br bridge link
3: vb-c@br0: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 master br0 state disabled priority 32 cost 2 
4: vb-d@br0: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 master br0 state disabled priority 32 cost 2 
$ ip -n ipr-br link
1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: br0: <BROADCAST,MULTICAST> mtu 1500 qdisc noqueue state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:01:00 brd ff:ff:ff:ff:ff:ff
3: vb-c@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:01:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-c
4: vb-d@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:01:02 brd ff:ff:ff:ff:ff:ff link-netns ipr-d
5: vb-e@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noqueue state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:01:03 brd ff:ff:ff:ff:ff:ff link-netns ipr-e
$ ip -n ipr-br link del br0
$ ip -n ipr-br link
1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
3: vb-c@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:01:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-c
4: vb-d@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:01:02 brd ff:ff:ff:ff:ff:ff link-netns ipr-d
5: vb-e@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noqueue state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:01:03 brd ff:ff:ff:ff:ff:ff link-netns ipr-e
$ ip netns exec ipr-br bridge link
#for n in ipr-br ipr-c ipr-d ipr-e; do ip netns del $n; done
"##;

        /// Captured from iproute2 6.1 / procps 4.0.2 on Linux 6.18 (scenario `sysctl`).
        pub(crate) const SYSCTL: &str = r##"#ip netns add ipr-s
#ip netns exec ipr-s sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
#ip -n ipr-s link add v0 address 02:00:00:00:09:01 type veth peer name v1 address 02:00:00:00:09:02
$ ip netns exec ipr-s sysctl net.ipv4.ip_forward
net.ipv4.ip_forward = 0
$ ip netns exec ipr-s sysctl -n net.ipv4.ip_forward
0
$ ip netns exec ipr-s sysctl net/ipv4/ip_forward
net.ipv4.ip_forward = 0
$ ip netns exec ipr-s sysctl net.ipv4.conf.v0.forwarding net.ipv4.conf.all.forwarding net.ipv4.conf.default.forwarding
net.ipv4.conf.v0.forwarding = 0
net.ipv4.conf.all.forwarding = 0
net.ipv4.conf.default.forwarding = 0
$ ip netns exec ipr-s sysctl -w net.ipv4.ip_forward=1
net.ipv4.ip_forward = 1
$ ip netns exec ipr-s sysctl net.ipv4.conf.v0.forwarding net.ipv4.conf.all.forwarding net.ipv4.conf.default.forwarding net.ipv4.conf.lo.forwarding
net.ipv4.conf.v0.forwarding = 1
net.ipv4.conf.all.forwarding = 1
net.ipv4.conf.default.forwarding = 1
net.ipv4.conf.lo.forwarding = 1
$ ip netns exec ipr-s sysctl net.ipv4.ip_forward=0
net.ipv4.ip_forward = 0
$ ip netns exec ipr-s sysctl net.ipv4.conf.v1.forwarding
net.ipv4.conf.v1.forwarding = 0
$ ip netns exec ipr-s sysctl -w net.ipv4.conf.v1.forwarding=1
net.ipv4.conf.v1.forwarding = 1
$ ip netns exec ipr-s sysctl net.ipv4.ip_forward net.ipv4.conf.v1.forwarding net.ipv4.conf.v0.forwarding
net.ipv4.ip_forward = 0
net.ipv4.conf.v1.forwarding = 1
net.ipv4.conf.v0.forwarding = 0
$ ip netns exec ipr-s sysctl -w net.ipv4.conf.all.forwarding=1
net.ipv4.conf.all.forwarding = 1
$ ip netns exec ipr-s sysctl net.ipv4.ip_forward net.ipv4.conf.v0.forwarding
net.ipv4.ip_forward = 1
net.ipv4.conf.v0.forwarding = 1
$ ip netns exec ipr-s sysctl -w net.ipv4.conf.default.forwarding=0
net.ipv4.conf.default.forwarding = 0
$ ip netns exec ipr-s sysctl net.ipv4.ip_forward net.ipv4.conf.default.forwarding
net.ipv4.ip_forward = 1
net.ipv4.conf.default.forwarding = 0
$ ip netns exec ipr-s sysctl -w net.ipv4.ip_forward
!sysctl: command line(0): invalid syntax, continuing...
?1
$ ip netns exec ipr-s sysctl -w net.ipv4.ip_forward=abc
!sysctl: setting key "net.ipv4.ip_forward": Invalid argument
?1
$ ip netns exec ipr-s sysctl -w net.ipv4.ip_forward=" 1"
net.ipv4.ip_forward = 1
$ ip netns exec ipr-s sysctl -w net.ipv4.conf.all.rp_filter=2
net.ipv4.conf.all.rp_filter = 2
$ ip netns exec ipr-s sysctl -w net.ipv4.conf.all.route_localnet=1
net.ipv4.conf.all.route_localnet = 1
$ ip netns exec ipr-s sysctl -w net.ipv4.conf.v0.rp_filter=1 net.ipv4.conf.v0.arp_ignore=1
net.ipv4.conf.v0.rp_filter = 1
net.ipv4.conf.v0.arp_ignore = 1
$ ip netns exec ipr-s sysctl net.ipv4.conf.v0.rp_filter net.ipv4.conf.v0.arp_ignore
net.ipv4.conf.v0.rp_filter = 1
net.ipv4.conf.v0.arp_ignore = 1
$ ip netns exec ipr-s sysctl net.ipv4.foo
!sysctl: cannot stat /proc/sys/net/ipv4/foo: No such file or directory
?1
$ ip netns exec ipr-s sysctl -e net.ipv4.foo
$ ip netns exec ipr-s sysctl -q net.ipv4.foo
!sysctl: cannot stat /proc/sys/net/ipv4/foo: No such file or directory
?1
$ ip netns exec ipr-s sysctl -w net.ipv4.foo=1
!sysctl: cannot stat /proc/sys/net/ipv4/foo: No such file or directory
?1
$ ip netns exec ipr-s sysctl -e -w net.ipv4.foo=1
$ ip netns exec ipr-s sysctl -q -w net.ipv4.ip_forward=1
$ ip netns exec ipr-s sysctl net.ipv4.ip_local_port_range
net.ipv4.ip_local_port_range = 32768	60999
$ ip netns exec ipr-s sysctl -n net.ipv4.ip_local_port_range
32768	60999
$ ip netns exec ipr-s sysctl -w net.ipv4.ip_local_port_range="1024 65000"
net.ipv4.ip_local_port_range = 1024 65000
$ ip netns exec ipr-s sysctl net.ipv4.ip_local_port_range
net.ipv4.ip_local_port_range = 1024	65000
$ ip netns exec ipr-s sysctl -w net.ipv4.ip_local_port_range="2000 1000"
!sysctl: setting key "net.ipv4.ip_local_port_range": Invalid argument
?1
$ ip netns exec ipr-s sysctl net.ipv4.conf.eth9.forwarding
!sysctl: cannot stat /proc/sys/net/ipv4/conf/eth9/forwarding: No such file or directory
?1
$ ip netns exec ipr-s sysctl -x
!sysctl: no variables specified
!Try `sysctl --help' for more information.
?1
$ ip netns exec ipr-s sysctl -n
!sysctl: no variables specified
!Try `sysctl --help' for more information.
?1
$ ip netns exec ipr-s sysctl ""
!sysctl: "" is an unknown key
?255
$ ip netns exec ipr-s sysctl net.ipv4.ip_forward net.ipv4.nope net.ipv4.ip_default_ttl
net.ipv4.ip_forward = 1
net.ipv4.ip_default_ttl = 64
!sysctl: cannot stat /proc/sys/net/ipv4/nope: No such file or directory
?1
$ ip netns exec ipr-s sysctl -w net.ipv4.ip_default_ttl=0
!sysctl: setting key "net.ipv4.ip_default_ttl": Invalid argument
?1
$ ip netns exec ipr-s sysctl -w net.ipv4.ip_default_ttl=256
!sysctl: setting key "net.ipv4.ip_default_ttl": Invalid argument
?1
$ ip netns exec ipr-s sysctl -w net.ipv4.ip_default_ttl=255
net.ipv4.ip_default_ttl = 255
$ ip netns exec ipr-s sysctl net.ipv4.ip_default_ttl
net.ipv4.ip_default_ttl = 255
$ ip netns exec ipr-s sysctl net.bridge.bridge-nf-call-iptables net.bridge.bridge-nf-call-ip6tables net.bridge.bridge-nf-call-arptables
net.bridge.bridge-nf-call-iptables = 1
net.bridge.bridge-nf-call-ip6tables = 1
net.bridge.bridge-nf-call-arptables = 1
$ ip netns exec ipr-s sysctl -w net.bridge.bridge-nf-call-iptables=0
net.bridge.bridge-nf-call-iptables = 0
$ ip netns exec ipr-s sysctl -w net.bridge.bridge-nf-call-iptables=5
net.bridge.bridge-nf-call-iptables = 5
$ ip netns exec ipr-s sysctl net.bridge.bridge-nf-call-iptables
net.bridge.bridge-nf-call-iptables = 1
$ ip netns exec ipr-s sysctl net.netfilter.nf_conntrack_max
net.netfilter.nf_conntrack_max = 262144
$ ip netns exec ipr-s sysctl -w net.netfilter.nf_conntrack_max=1000
!sysctl: setting key "net.netfilter.nf_conntrack_max": Invalid argument
$ ip netns exec ipr-s sysctl net.nf_conntrack_max
!sysctl: cannot stat /proc/sys/net/nf_conntrack_max: No such file or directory
?1
$ ip netns exec ipr-s sysctl net.core.somaxconn
net.core.somaxconn = 4096
$ ip netns exec ipr-s sysctl net.ipv4.tcp_fin_timeout net.ipv4.tcp_syn_retries net.ipv4.tcp_timestamps net.ipv4.tcp_sack net.ipv4.tcp_window_scaling net.ipv4.icmp_echo_ignore_all net.ipv4.icmp_echo_ignore_broadcasts
net.ipv4.tcp_fin_timeout = 60
net.ipv4.tcp_syn_retries = 6
net.ipv4.tcp_timestamps = 1
net.ipv4.tcp_sack = 1
net.ipv4.tcp_window_scaling = 1
net.ipv4.icmp_echo_ignore_all = 0
net.ipv4.icmp_echo_ignore_broadcasts = 1
$ ip netns exec ipr-s sysctl net.netfilter.nf_conntrack_tcp_loose net.netfilter.nf_conntrack_acct
net.netfilter.nf_conntrack_tcp_loose = 1
net.netfilter.nf_conntrack_acct = 0
$ ip netns exec ipr-s sysctl -w net.ipv4.tcp_syn_retries=0
!sysctl: setting key "net.ipv4.tcp_syn_retries": Invalid argument
?1
$ ip netns exec ipr-s sysctl -w net.ipv4.tcp_syn_retries=128
!sysctl: setting key "net.ipv4.tcp_syn_retries": Invalid argument
?1
$ ip netns exec ipr-s sysctl -w net.ipv4.tcp_syn_retries=7
net.ipv4.tcp_syn_retries = 7
$ ip netns exec ipr-s sysctl -w net.ipv4.icmp_echo_ignore_all=5
!sysctl: setting key "net.ipv4.icmp_echo_ignore_all": Invalid argument
?1
$ ip netns exec ipr-s sysctl -w net.ipv4.icmp_echo_ignore_all=1
net.ipv4.icmp_echo_ignore_all = 1
$ ip netns exec ipr-s sysctl -w net.core.somaxconn=-1
!sysctl: setting key "net.core.somaxconn": Invalid argument
?1
$ ip netns exec ipr-s sysctl -w net.core.somaxconn=1024
net.core.somaxconn = 1024
$ ip netns exec ipr-s sysctl -w net.netfilter.nf_conntrack_tcp_loose=0
net.netfilter.nf_conntrack_tcp_loose = 0
$ ip netns exec ipr-s sysctl -w net.ipv4.tcp_timestamps=0 net.ipv4.tcp_sack=0
net.ipv4.tcp_timestamps = 0
net.ipv4.tcp_sack = 0
$ ip netns exec ipr-s sysctl -n net.ipv4.tcp_timestamps net.ipv4.tcp_sack net.core.somaxconn
0
0
1024
$ ip netns exec ipr-s sysctl -N net.ipv4.ip_forward
net.ipv4.ip_forward
$ ip netns exec ipr-s sysctl -w net.ipv4.ip_forward=1 -w net.ipv4.ip_default_ttl=63
net.ipv4.ip_forward = 1
net.ipv4.ip_default_ttl = 63
$ ip netns exec ipr-s sysctl -wq net.ipv4.ip_forward=0
$ ip netns exec ipr-s sysctl -nw net.ipv4.ip_forward=1
1
$ ip netns exec ipr-s sysctl net.ipv4.ip_forward net.ipv4.ip_default_ttl
net.ipv4.ip_forward = 1
net.ipv4.ip_default_ttl = 63
$ ip netns exec ipr-s sysctl --values net.ipv4.ip_forward
1
$ ip netns exec ipr-s sysctl --write net.ipv4.ip_forward=0
net.ipv4.ip_forward = 0
$ ip netns exec ipr-s sysctl --quiet --write net.ipv4.ip_forward=1
$ ip netns exec ipr-s sysctl --ignore net.ipv4.nope
$ ip netns exec ipr-s sysctl -Z net.ipv4.ip_forward

Usage:
 sysctl [options] [variable[=value] ...]

Options:
  -a, --all            display all variables
  -A                   alias of -a
  -X                   alias of -a
      --deprecated     include deprecated parameters to listing
      --dry-run        Print the key and values but do not write
  -b, --binary         print value without new line
  -e, --ignore         ignore unknown variables errors
  -N, --names          print variable names without values
  -n, --values         print only values of the given variable(s)
  -p, --load[=<file>]  read values from file
  -f                   alias of -p
      --system         read values from all system directories
  -r, --pattern <expression>
                       select setting that match expression
  -q, --quiet          do not echo variable set
  -w, --write          enable writing a value to variable
  -o                   does nothing
  -x                   does nothing
  -d                   alias of -h

 -h, --help     display this help and exit
 -V, --version  output version information and exit

For more details see sysctl(8).
!sysctl: invalid option -- 'Z'
$ ip netns exec ipr-s sysctl --bogus net.ipv4.ip_forward

Usage:
 sysctl [options] [variable[=value] ...]

Options:
  -a, --all            display all variables
  -A                   alias of -a
  -X                   alias of -a
      --deprecated     include deprecated parameters to listing
      --dry-run        Print the key and values but do not write
  -b, --binary         print value without new line
  -e, --ignore         ignore unknown variables errors
  -N, --names          print variable names without values
  -n, --values         print only values of the given variable(s)
  -p, --load[=<file>]  read values from file
  -f                   alias of -p
      --system         read values from all system directories
  -r, --pattern <expression>
                       select setting that match expression
  -q, --quiet          do not echo variable set
  -w, --write          enable writing a value to variable
  -o                   does nothing
  -x                   does nothing
  -d                   alias of -h

 -h, --help     display this help and exit
 -V, --version  output version information and exit

For more details see sysctl(8).
!sysctl: unrecognized option '--bogus'
$ ip netns exec ipr-s sysctl net.ipv4.ip_forward=1=2
!sysctl: setting key "net.ipv4.ip_forward": Invalid argument
?1
$ ip netns exec ipr-s sysctl =1
!sysctl: Path is not under /proc/sys/: /proc/sys/
?1
#ip netns del ipr-s
"##;

        /// Captured from iproute2 6.1 / procps 4.0.2 on Linux 6.18 (scenario `misc`).
        pub(crate) const MISC: &str = r##"#ip netns add ipr-m
#ip netns add ipr-m2
#ip netns exec ipr-m sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
#ip -n ipr-m link add v0 address 02:00:00:00:0b:01 type veth peer name v1 address 02:00:00:00:0b:02 netns ipr-m2
#ip -n ipr-m link set lo up
$ ip -n ipr-m
!Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }
!       ip [ -force ] -batch filename
!where  OBJECT := { address | addrlabel | amt | fou | help | ila | ioam | l2tp |
!                   link | macsec | maddress | monitor | mptcp | mroute | mrule |
!                   neighbor | neighbour | netconf | netns | nexthop | ntable |
!                   ntbl | route | rule | sr | tap | tcpmetrics |
!                   token | tunnel | tuntap | vrf | xfrm }
!       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[esolve] |
!                    -h[uman-readable] | -iec | -j[son] | -p[retty] |
!                    -f[amily] { inet | inet6 | mpls | bridge | link } |
!                    -4 | -6 | -M | -B | -0 |
!                    -l[oops] { maximum-addr-flush-attempts } | -br[ief] |
!                    -o[neline] | -t[imestamp] | -ts[hort] | -b[atch] [filename] |
!                    -rc[vbuf] [size] | -n[etns] name | -N[umeric] | -a[ll] |
!                    -c[olor]}
?255
$ ip -n
!Cannot open network namespace "(null)": No such file or directory
?255
$ ip -n ipr-m -V
ip utility, iproute2-6.1.0, libbpf 1.1.2
$ ip -n ipr-m foo
!Object "foo" is unknown, try "ip help".
?1
$ ip -n ipr-m neti
!Object "neti" is unknown, try "ip help".
?1
$ ip -n ipr-m -x link
!Option "-x" is unknown, try "ip -help".
?255
$ ip -n ipr-m -foo link
!Option "-foo" is unknown, try "ip -help".
?255
$ ip --bogus link
!Option "-bogus" is unknown, try "ip -help".
?255
$ ip -n ipr-m -f bogus a
!Error: argument "bogus" is wrong: invalid protocol family
?255
$ ip -n ipr-m help
!Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }
!       ip [ -force ] -batch filename
!where  OBJECT := { address | addrlabel | amt | fou | help | ila | ioam | l2tp |
!                   link | macsec | maddress | monitor | mptcp | mroute | mrule |
!                   neighbor | neighbour | netconf | netns | nexthop | ntable |
!                   ntbl | route | rule | sr | tap | tcpmetrics |
!                   token | tunnel | tuntap | vrf | xfrm }
!       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[esolve] |
!                    -h[uman-readable] | -iec | -j[son] | -p[retty] |
!                    -f[amily] { inet | inet6 | mpls | bridge | link } |
!                    -4 | -6 | -M | -B | -0 |
!                    -l[oops] { maximum-addr-flush-attempts } | -br[ief] |
!                    -o[neline] | -t[imestamp] | -ts[hort] | -b[atch] [filename] |
!                    -rc[vbuf] [size] | -n[etns] name | -N[umeric] | -a[ll] |
!                    -c[olor]}
?255
$ ip -n ipr-m a
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
2: v0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN group default qlen 1000
    link/ether 02:00:00:00:0b:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-m2
$ ip -n ipr-m ad
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
2: v0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN group default qlen 1000
    link/ether 02:00:00:00:0b:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-m2
$ ip -n ipr-m addr sh
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
2: v0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN group default qlen 1000
    link/ether 02:00:00:00:0b:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-m2
$ ip -n ipr-m addr s
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
2: v0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN group default qlen 1000
    link/ether 02:00:00:00:0b:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-m2
$ ip -n ipr-m addr l
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
2: v0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN group default qlen 1000
    link/ether 02:00:00:00:0b:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-m2
$ ip -n ipr-m addr lst
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
2: v0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN group default qlen 1000
    link/ether 02:00:00:00:0b:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-m2
$ ip -n ipr-m r
$ ip -n ipr-m ro
$ ip -n ipr-m ru
0:	from all lookup local
32766:	from all lookup main
32767:	from all lookup default
$ ip -n ipr-m n
$ ip -n ipr-m ne
$ ip -n ipr-m neighbour
$ ip -n ipr-m l
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: v0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:0b:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-m2
$ ip -n ipr-m li
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: v0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:0b:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-m2
$ ip -n ipr-m link sh
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: v0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:0b:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-m2
$ ip -n ipr-m link l
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: v0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:0b:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-m2
$ ip --netns ipr-m l
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: v0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:0b:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-m2
$ ip -netns ipr-m l
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: v0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:0b:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-m2
$ ip -ne ipr-m l
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: v0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:0b:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-m2
$ ip -net ipr-m l
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: v0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:0b:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-m2
$ ip --n ipr-m l
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: v0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:0b:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-m2
$ ip -n ipr-m -st l
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    RX:  bytes packets errors dropped  missed   mcast           
             0       0      0       0       0       0 
    TX:  bytes packets errors dropped carrier collsns           
             0       0      0       0       0       0 
2: v0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:0b:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-m2
    RX:  bytes packets errors dropped  missed   mcast           
             0       0      0       0       0       0 
    TX:  bytes packets errors dropped carrier collsns           
             0       0      0       0       0       0 
$ ip -n ipr-m -de l
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00 promiscuity 0  allmulti 0 minmtu 0 maxmtu 0 addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 tso_max_size 524280 tso_max_segs 65535 gro_max_size 65536 
2: v0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:0b:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-m2 promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 
    veth addrgenmode eui64 numtxqueues 2 numrxqueues 2 gso_max_size 65536 gso_max_segs 65535 tso_max_size 524280 tso_max_segs 65535 gro_max_size 65536 
$ ip -n ipr-m -br l
lo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP> 
v0@if2           DOWN           02:00:00:00:0b:01 <BROADCAST,MULTICAST> 
$ ip -n ipr-m -bri l
lo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP> 
v0@if2           DOWN           02:00:00:00:0b:01 <BROADCAST,MULTICAST> 
$ ip -n ipr-m -o l
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: v0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\    link/ether 02:00:00:00:0b:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-m2
$ ip -n ipr-m -f inet a
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
$ ip -n ipr-m -f link a
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: v0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN group default qlen 1000
    link/ether 02:00:00:00:0b:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-m2
$ ip -n ipr-m -f inet6 a
$ ip -n ipr-m -0 a
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: v0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN group default qlen 1000
    link/ether 02:00:00:00:0b:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-m2
$ ip -n ipr-m -6 a
$ ip -n ipr-m -6 r
$ ip -n ipr-m -4 r
$ ip -n ipr-m -4 n
$ ip -n ipr-m -t l
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: v0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:0b:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-m2
$ ip -n ipr-m -- l
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: v0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:0b:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-m2
$ ip -n ipr-m rule
0:	from all lookup local
32766:	from all lookup main
32767:	from all lookup default
$ ip -n ipr-m rule show
0:	from all lookup local
32766:	from all lookup main
32767:	from all lookup default
$ ip -n ipr-m ru list
0:	from all lookup local
32766:	from all lookup main
32767:	from all lookup default
$ ip -n ipr-m link show lo up
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
$ ip -n ipr-m link show dev lo type veth
$ ip -n ipr-m addr show lo up
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
$ ip -n ipr-m addr show label lo
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
$ ip -n ipr-m addr show to 127.0.0.0/8
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
$ ip -n ipr-m addr show primary
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
2: v0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN group default qlen 1000
    link/ether 02:00:00:00:0b:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-m2
$ ip -n ipr-m addr show secondary
2: v0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN group default qlen 1000
    link/ether 02:00:00:00:0b:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-m2
$ ip -n ipr-m addr show bogus
!Device "bogus" does not exist.
?1
$ ip -n ipr-m link show bogus bogus
!Error: either "dev" is duplicate, or "bogus" is a garbage.
?255
$ ip -n ipr-m addr show dev lo scope host
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
$ ip -n ipr-m addr show dev lo scope global
$ ip -n ipr-m route list table local type local
local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1 
local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1 
$ ip -n ipr-m route show table local 127.0.0.1
local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1 
$ ip -n ipr-m route show table local root 127.0.0.0/8
local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1 
local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1 
broadcast 127.255.255.255 dev lo proto kernel scope link src 127.0.0.1 
$ ip -n ipr-m route show table local match 127.0.0.1
local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1 
local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1 
$ ip -n ipr-m route show table local exact 127.0.0.0/8
local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1 
$ ip -n ipr-m route show table local default
$ ip -n ipr-m route get 0.0.0.0
local 0.0.0.0 dev lo src 127.0.0.1 uid 0 
    cache <local> 
$ ip -n ipr-m route get 127.0.0.5
local 127.0.0.5 dev lo src 127.0.0.1 uid 0 
    cache <local> 
$ ip -n ipr-m route get 8.8.8.8 oif lo
8.8.8.8 dev lo uid 0 
    cache <local> 
$ ip -n ipr-m netns identify
ipr-m
$ ip -n ipr-m2 link
1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: v1@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:0b:02 brd ff:ff:ff:ff:ff:ff link-netns ipr-m
$ ip -n ipr-m2 link show dev v1
2: v1@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:0b:02 brd ff:ff:ff:ff:ff:ff link-netns ipr-m
$ ip -n ipr-m link
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: v0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:0b:01 brd ff:ff:ff:ff:ff:ff link-netns ipr-m2
$ ip -n ipr-m netns set ipr-m2 7
!Error: Peer netns already has a nsid assigned.
?2
$ ip -n ipr-m netns set ipr-m2 8
!Error: Peer netns already has a nsid assigned.
?2
$ ip -n ipr-m netns set ipr-m2
!No nsid specified
?1
$ ip -n ipr-m netns set ipr-m2 x
!Error: argument "x" is wrong: Invalid "netnsid" value
?255
$ ip -n ipr-m netns list-id
nsid 0 (iproute2 netns name: ipr-m2)
$ ip -n ipr-m2 netns list-id
nsid 0 (iproute2 netns name: ipr-m)
#ip netns del ipr-m
#ip netns del ipr-m2
"##;
    }
}

#[cfg(test)]
mod tests {
    use super::transcript::{real, replay};

    #[test]
    fn two_namespaces_joined_by_a_veth() {
        replay(real::VETH);
    }

    #[test]
    fn links_and_their_attributes() {
        replay(real::LINK);
    }

    #[test]
    fn addresses_add_delete_flush() {
        replay(real::ADDR);
    }

    #[test]
    fn routes_follow_links_and_addresses() {
        replay(real::UPDOWN);
    }

    #[test]
    fn routes_add_show_get_delete_flush() {
        replay(real::ROUTES);
    }

    #[test]
    fn route_errors() {
        replay(real::ROUTEERR);
    }

    #[test]
    fn neighbours() {
        replay(real::NEIGH);
    }

    #[test]
    fn namespaces_and_veths_that_die_with_them() {
        replay(real::NETNS);
    }

    #[test]
    fn vxlan_devices() {
        replay(real::VXLAN);
    }

    #[test]
    fn three_namespaces_on_a_bridge() {
        replay(real::BRIDGE3);
    }

    #[test]
    fn options_objects_prefixes_and_usage() {
        replay(real::MISC);
    }
}

#[cfg(test)]
mod behaviour {
    use super::transcript::run;
    use super::*;
    use crate::kernel::INIT_NETNS;
    use crate::rng::Rng;

    fn sh(k: &mut Kernel, line: &str) -> CmdOutput {
        let argv = shell_words::split(line).expect("command line");
        run(k, INIT_NETNS, &argv).expect("a modelled tool")
    }

    fn ok(k: &mut Kernel, line: &str) -> String {
        let out = sh(k, line);
        assert!(out.success(), "{line}: {out:?}");
        out.stdout
    }

    #[test]
    fn netns_list_shows_the_ids_the_current_namespace_assigned() {
        let mut k = Kernel::new("t", 1);
        for n in ["b", "a", "c"] {
            ok(&mut k, &format!("ip netns add {n}"));
        }
        ok(&mut k, "ip -n a link add v0 type veth peer name v1 netns c");
        // Newest first, as a tmpfs /run/netns lists them (Linux 6.18).
        assert_eq!(ok(&mut k, "ip netns list"), "c\na\nb\n");
        assert_eq!(ok(&mut k, "ip -n a netns list"), "c (id: 0)\na\nb\n");
        // c gets an id for a only once it reports the link.
        assert_eq!(ok(&mut k, "ip -n c netns"), "c\na\nb\n");
        ok(&mut k, "ip -n c link");
        assert_eq!(ok(&mut k, "ip -n c netns"), "c\na (id: 0)\nb\n");
        assert_eq!(ok(&mut k, "ip -n c netns identify"), "c\n");
        assert_eq!(ok(&mut k, "ip netns identify"), "\n");
    }

    #[test]
    fn tools_in_a_deleted_namespace_answer_without_panicking() {
        let mut k = Kernel::new("t", 1);
        ok(&mut k, "ip netns add a");
        let a = k.netns_by_name("a").unwrap();
        ok(&mut k, "ip netns del a");
        for line in ["ip link", "bridge fdb", "sysctl net.ipv4.ip_forward"] {
            let argv = shell_words::split(line).unwrap();
            let out = run(&mut k, a, &argv).unwrap();
            assert_eq!((out.stderr.as_str(), out.status), ("mesh: this network namespace no longer exists\n", 1), "{line}");
        }
    }

    #[test]
    fn netns_exec_hands_the_command_to_the_shell() {
        let mut k = Kernel::new("t", 1);
        ok(&mut k, "ip netns add a");
        ok(&mut k, "ip netns add b");
        let a = k.netns_by_name("a").unwrap();
        let b = k.netns_by_name("b").unwrap();
        let argv: Vec<String> = ["ip", "netns", "exec", "a", "curl", "-s", "10.0.0.5"].map(String::from).to_vec();
        assert_eq!(ip(&argv, &mut k, INIT_NETNS), IpOutcome::Exec { netns: a, argv: ["curl", "-s", "10.0.0.5"].map(String::from).to_vec() });
        let argv: Vec<String> = ["ip", "-n", "a", "netns", "exec", "b", "ip", "link"].map(String::from).to_vec();
        assert!(matches!(ip(&argv, &mut k, INIT_NETNS), IpOutcome::Exec { netns, .. } if netns == b));
    }

    #[test]
    fn docker_namespaces_show_link_netnsid() {
        // Docker mounts its namespaces under /run/docker/netns, not /run/netns.
        let mut k = Kernel::new("t", 1);
        let sbox = k.netns_create();
        k.netns_mount("/var/run/docker/netns/ingress_sbox", sbox);
        ok(&mut k, "ip link add veth9 address 02:42:ac:12:00:09 txqueuelen 0 type veth peer name eth1 address 02:42:ac:12:00:02");
        ok(&mut k, "ip link set eth1 netns /var/run/docker/netns/ingress_sbox");
        ok(&mut k, "ip link set veth9 up");
        ok(&mut k, "ip -n /run/docker/netns/ingress_sbox link set eth1 up");
        ok(&mut k, "ip -n /run/docker/netns/ingress_sbox addr add 172.18.0.2/16 brd + dev eth1");
        assert_eq!(
            ok(&mut k, "ip -n /run/docker/netns/ingress_sbox addr show eth1"),
            "2: eth1@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\n    link/ether 02:42:ac:12:00:02 brd ff:ff:ff:ff:ff:ff link-netnsid 0\n    inet 172.18.0.2/16 brd 172.18.255.255 scope global eth1\n       valid_lft forever preferred_lft forever\n"
        );
        assert_eq!(
            ok(&mut k, "ip link show veth9"),
            "3: veth9@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default \n    link/ether 02:42:ac:12:00:09 brd ff:ff:ff:ff:ff:ff link-netnsid 0\n"
        );
    }

    #[test]
    fn stats_columns_widen_for_large_counters() {
        let mut k = Kernel::new("t", 1);
        let lo = k.dev_by_name(INIT_NETNS, "lo").unwrap();
        k.dev_mut(lo).stats.rx_bytes = 12_345_678_901;
        k.dev_mut(lo).stats.rx_packets = 12_345_678;
        k.dev_mut(lo).stats.tx_bytes = 5;
        k.dev_mut(lo).stats.tx_dropped = 3;
        // iproute2 6.1 sizes each column to its widest number (size_columns).
        assert_eq!(
            ok(&mut k, "ip -s link show lo"),
            "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n    RX:   bytes  packets errors dropped  missed   mcast           \n    12345678901 12345678      0       0       0       0 \n    TX:   bytes  packets errors dropped carrier collsns           \n              5        0      0       3       0       0 \n"
        );
    }

    #[test]
    fn failed_commands_change_nothing() {
        let mut k = Kernel::new("t", 1);
        ok(&mut k, "ip link add v0 address 02:00:00:00:00:01 type veth peer name v1 address 02:00:00:00:00:02");
        ok(&mut k, "ip link add br0 address 02:00:00:00:00:03 type bridge");
        ok(&mut k, "ip link set v0 up");
        ok(&mut k, "ip addr add 10.0.0.1/24 dev v0");
        let before = format!("{k:?}");
        for bad in [
            "ip link set v0 mtu 1400 master v1",
            "ip link set v0 mtu 1400 name lo",
            "ip link set v0 down mtu 40",
            "ip link add b2 mtu 40 type bridge",
            "ip link add w0 mtu 70000 type veth peer name w1",
            "ip addr add 10.0.0.1/24 dev v0",
            "ip addr add 10.0.0.9/24 dev v0 scope link",
            "ip addr del 10.0.0.7/24 dev v0",
            "ip route add 10.9.0.0/16 via 10.5.0.1",
            "ip route add 10.9.0.1/16 dev v0",
            "ip route add 10.9.0.0/16 dev v0 src 10.0.0.9",
            "ip route del 10.9.0.0/16",
            "ip neigh add 10.0.0.9 dev v0",
            "ip neigh del 10.0.0.9 dev v0",
            "ip netns del nope",
            "ip link del lo",
            "bridge fdb add 02:00:00:00:00:09 dev v0 master",
            "bridge fdb del 02:00:00:00:00:09 dev br0",
            "sysctl -w net.ipv4.ip_default_ttl=0",
            "ip link add x type vlan",
            "ip -j link",
        ] {
            let out = sh(&mut k, bad);
            assert!(!out.success(), "{bad} should fail");
            assert_eq!(format!("{k:?}"), before, "{bad} changed the kernel");
        }
    }

    #[test]
    fn unmodelled_features_say_so() {
        let mut k = Kernel::new("t", 1);
        ok(&mut k, "ip link add v0 type veth peer name v1");
        for cmd in [
            "ip -j link",
            "ip -c link",
            "ip maddress",
            "ip -s -s link",
            "ip link add x type vlan",
            "ip route add 10.1.0.0/24 dev v0 mtu 1400",
            "ip rule add from 1.2.3.4 lookup 100",
            "bridge vlan",
            "bridge fdb add 02:00:00:00:00:09 dev v0 self",
            "ip -6 route add ::1/128 dev lo",
        ] {
            let out = sh(&mut k, cmd);
            if cmd.starts_with("ip -6") {
                // IPv6 does not exist on this host: nothing happens, nothing is listed.
                continue;
            }
            assert!(out.stderr.starts_with("mesh: ") && out.stderr.ends_with(" is not modelled\n"), "{cmd}: {out:?}");
            assert_eq!(out.status, 1, "{cmd}");
        }
    }

    #[test]
    fn route_get_through_a_bridge_port_and_a_gateway() {
        let mut k = Kernel::new("t", 1);
        ok(&mut k, "ip link add br0 address 02:00:00:00:00:03 type bridge");
        ok(&mut k, "ip link add v0 type veth peer name v1");
        ok(&mut k, "ip link set v0 master br0");
        for l in ["br0", "v0", "v1"] {
            ok(&mut k, &format!("ip link set {l} up"));
        }
        ok(&mut k, "ip addr add 172.18.0.1/16 brd + dev br0");
        ok(&mut k, "ip route add 10.0.0.0/24 via 172.18.0.2");
        assert_eq!(ok(&mut k, "ip route get 10.0.0.5"), "10.0.0.5 via 172.18.0.2 dev br0 src 172.18.0.1 uid 0 \n    cache \n");
        assert_eq!(ok(&mut k, "ip route get 172.18.255.255"), "broadcast 172.18.255.255 dev br0 src 172.18.0.1 uid 0 \n    cache <local,brd> \n");
        assert_eq!(sh(&mut k, "ip route get 10.1.0.1").stderr, "RTNETLINK answers: Network is unreachable\n");
        // The bridge takes the smallest port MTU.
        ok(&mut k, "ip link set v0 mtu 1450");
        assert!(ok(&mut k, "ip link show br0").contains(" mtu 1450 "));
    }

    /// Random command lines from iproute2's vocabulary never panic, and a
    /// failing one never changes the kernel.
    #[test]
    fn garbage_never_panics() {
        const WORDS: [&str; 64] = [
            "ip",
            "bridge",
            "sysctl",
            "link",
            "addr",
            "route",
            "neigh",
            "netns",
            "rule",
            "fdb",
            "show",
            "add",
            "del",
            "set",
            "flush",
            "get",
            "exec",
            "list",
            "dev",
            "v0",
            "v1",
            "br0",
            "vx0",
            "lo",
            "up",
            "down",
            "mtu",
            "address",
            "name",
            "master",
            "nomaster",
            "type",
            "veth",
            "bridge",
            "vxlan",
            "id",
            "peer",
            "via",
            "table",
            "all",
            "10.0.0.1/24",
            "10.0.0.0/8",
            "default",
            "1.2.3",
            "02:00:00:00:00:01",
            "zz",
            "-n",
            "a",
            "-d",
            "-s",
            "-o",
            "-br",
            "-4",
            "lladdr",
            "nud",
            "permanent",
            "self",
            "dst",
            "=",
            "net.ipv4.ip_forward=1",
            "",
            "4294967296",
            "-1",
            "0x10",
        ];
        let mut k = Kernel::new("t", 7);
        ok(&mut k, "ip netns add a");
        ok(&mut k, "ip link add v0 type veth peer name v1");
        ok(&mut k, "ip link add br0 type bridge");
        ok(&mut k, "ip link add vx0 type vxlan id 42 dstport 4789");
        let mut rng = Rng::new(7, "garbage");
        for _ in 0..4000 {
            let n = 1 + rng.below(8) as usize;
            let mut argv: Vec<String> = vec![["ip", "bridge", "sysctl"][rng.below(3) as usize].to_string()];
            argv.extend((0..n).map(|_| WORDS[rng.below(WORDS.len() as u64) as usize].to_string()));
            let before = format!("{k:?}");
            if let Some(out) = run(&mut k, INIT_NETNS, &argv) {
                let creates_veth = argv.iter().any(|a| a == "veth");
                if !out.success() && !creates_veth && out.stdout.is_empty() {
                    assert_eq!(format!("{k:?}"), before, "{argv:?} failed but changed the kernel: {out:?}");
                }
            }
        }
    }
}
