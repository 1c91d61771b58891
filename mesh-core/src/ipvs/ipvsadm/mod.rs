//! `ipvsadm` 1.31 (Debian 12's `1:1.31-1+b1`), the IPVS admin tool:
//! the same options, checks, messages, exit statuses and listings, acting
//! on a simulated [`Ipvs`] instead of the kernel.
//!
//! The structure follows `ipvsadm.c`: `parse_options` (libpopt, in the
//! `popt` submodule), `generic_opt_check` against the command/option table,
//! `process_options`, and the `libipvs` calls, whose kernel errors are
//! printed by `ipvs_strerror`. Exit statuses are C's: `fail()` exits 2,
//! usage errors and kernel errors 255 (`exit(-1)` / `return -1`), listing
//! errors 1. Without `-n` addresses are printed as numbers (reverse lookups
//! fail; `127.0.0.1` is `localhost`) and ports by their `/etc/services`
//! names. Debian's weight limit is `INT_MAX` (upstream: 65535).
//!
//! Not modelled: the connection synchronisation daemon (`--start-daemon`
//! says so; `--stop-daemon` finds none running, `-L --daemon` lists none).
//! `-R` reads the given standard input line by line like
//! `config_stream_read`; as in ipvsadm it is not atomic: lines before a
//! failing one stay applied.

mod libc;
mod list;
mod popt;

#[cfg(test)]
mod tests;

use std::net::Ipv4Addr;

use super::{
    DestConfig, FwdMethod, Ipvs, IpvsError, SVC_F_ONEPACKET, SVC_F_PERSISTENT, SVC_F_SCHED1, SVC_F_SCHED2, SVC_F_SCHED3, ServiceConfig, ServiceKey, Tunnel,
    TunnelCsum, TunnelKind,
};
use crate::net::proto;
use crate::output::CmdOutput;
use crate::time::Instant;
use libc::{atoi, host_to_addr, inet_aton, inet_pton4, inet_pton6, service_to_port, string_to_number, strtol_whole};
use list::Format;
use popt::{Context, Next, Tag};

const VERSION_LINE: &str = "ipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v1.2.1)\n";
const USAGE: &str = include_str!("usage.txt");
/// `MAX_TIMEOUT`: 31 days.
const MAX_TIMEOUT: i64 = 86400 * 31;
/// `IPVS_SVC_PERSISTENT_TIMEOUT`: `-p` without a value.
const DEFAULT_PERSISTENT_TIMEOUT: u32 = 6 * 60;
const INT_MAX: i64 = i32::MAX as i64;

/// Run `ipvsadm` with `argv` (`argv[0]` is the program name as typed) and
/// an empty standard input.
pub fn ipvsadm(argv: &[String], ipvs: &mut Ipvs, now: Instant) -> CmdOutput {
    ipvsadm_with_stdin(argv, "", ipvs, now)
}

/// Run `ipvsadm` with `stdin` as its standard input (read by `-R`).
pub fn ipvsadm_with_stdin(argv: &[String], stdin: &str, ipvs: &mut Ipvs, now: Instant) -> CmdOutput {
    let prog = argv.first().cloned().unwrap_or_else(|| "ipvsadm".into());
    // The kernel's timers have fired by the time the tool looks.
    ipvs.run_timers(now);
    let mut run = Run { ipvs, now, stdin: stdin.as_bytes(), stdin_pos: 0, prog, out: String::new(), err: String::new() };
    let status = if argv.len() <= 1 {
        run.out += &list::list_all(run.ipvs, Format::default());
        0
    } else {
        match run.process_options(argv, false) {
            Ok(r) => r,
            Err(Exit(code)) => code,
        }
    };
    CmdOutput { stdout: run.out, stderr: run.err, status: status & 0xff, interleaved: None }
}

/// A C `exit(status)`.
struct Exit(i32);

/// One ipvsadm process.
struct Run<'a> {
    ipvs: &'a mut Ipvs,
    now: Instant,
    stdin: &'a [u8],
    stdin_pos: usize,
    prog: String,
    out: String,
    err: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cmd {
    Add = 1,
    Edit,
    Del,
    Flush,
    List,
    AddDest,
    DelDest,
    EditDest,
    Timeout,
    StartDaemon,
    StopDaemon,
    Restore,
    Save,
    Zero,
}

const CMD_NAMES: [&str; 14] = [
    "add-service",
    "edit-service",
    "delete-service",
    "flush",
    "list",
    "add-server",
    "delete-server",
    "edit-server",
    "set",
    "start-daemon",
    "stop-daemon",
    "restore",
    "save",
    "zero",
];

/// `OPTC_*`: bit positions of the options in the legality table.
mod optc {
    pub const NUMERIC: usize = 0;
    pub const CONNECTION: usize = 1;
    pub const SERVICE: usize = 2;
    pub const SCHEDULER: usize = 3;
    pub const PERSISTENT: usize = 4;
    pub const NETMASK: usize = 5;
    pub const SERVER: usize = 6;
    pub const FORWARD: usize = 7;
    pub const WEIGHT: usize = 8;
    pub const UTHRESHOLD: usize = 9;
    pub const LTHRESHOLD: usize = 10;
    pub const MCAST: usize = 11;
    pub const TIMEOUT: usize = 12;
    pub const DAEMON: usize = 13;
    pub const STATS: usize = 14;
    pub const RATE: usize = 15;
    pub const THRESHOLDS: usize = 16;
    pub const PERSISTENTCONN: usize = 17;
    pub const NOSORT: usize = 18;
    pub const SYNCID: usize = 19;
    pub const EXACT: usize = 20;
    pub const ONEPACKET: usize = 21;
    pub const PERSISTENCE_ENGINE: usize = 22;
    pub const SCHED_FLAGS: usize = 23;
    pub const MCAST_GROUP: usize = 24;
    pub const MCAST_PORT: usize = 25;
    pub const MCAST_TTL: usize = 26;
    pub const SYNC_MAXLEN: usize = 27;
    pub const TUN_INFO: usize = 28;
    pub const TUN_TYPE: usize = 29;
    pub const TUN_PORT: usize = 30;
    pub const TUN_NOCSUM: usize = 31;
    pub const TUN_CSUM: usize = 32;
    pub const TUN_REMCSUM: usize = 33;
}

const OPT_NAMES: [&str; 34] = [
    "numeric",
    "connection",
    "service-address",
    "scheduler",
    "persistent",
    "netmask",
    "real-server",
    "forwarding-method",
    "weight",
    "u-threshold",
    "l-threshold",
    "mcast-interface",
    "timeout",
    "daemon",
    "stats",
    "rate",
    "thresholds",
    "persistent-conn",
    "nosort",
    "syncid",
    "exact",
    "ops",
    "pe",
    "sched-flags",
    "mcast-group",
    "mcast-port",
    "mcast-ttl",
    "sync-maxlen",
    "tun-info",
    "tun-type",
    "tun-port",
    "tun-nocsum",
    "tun-csum",
    "tun-remcsum",
];

/// `commands_v_options`: per command, per option: `+` compulsory, `x`
/// illegal, `1` at most one of these, ` ` optional.
#[rustfmt::skip]
const COMMANDS_V_OPTIONS: [&[u8; 34]; 14] = [
    //  -n -c svc -s -p -M -r fwd -w -x -y -mc tot dmn -st -rt thr -pc srt sid -ex ops -pe -b grp port ttl size tinf type tprt nocs csum remc
    b"xx+   xxxxxxxxxxxxxxx   xxxxxxxxxx", // ADD
    b"xx+   xxxxxxxxxxxxxxx   xxxxxxxxxx", // EDIT
    b"xx+xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", // DEL
    b"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", // FLUSH
    b" 11xxxxxxxxx11       xxxxxxx xxxxx", // LIST
    b"xx+xxx+    xxxxxxxxxxxxxxxxxx     ", // ADDSRV
    b"xx+xxx+xxxxxxxxxxxxxxxxxxxxxxxxxxx", // DELSRV
    b"xx+xxx+    xxxxxxxxxxxxxxxxxx     ", // EDITSRV
    b"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", // TIMEOUT
    b"xxxxxxxxxxx xxxxxxx xxxx    xxxxxx", // STARTD
    b"xxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxx", // STOPD
    b"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", // RESTORE
    b" xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", // SAVE
    b"xx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", // ZERO
];

/// `tunnel_types_v_options` over `--tun-port`, `--tun-nocsum`,
/// `--tun-csum`, `--tun-remcsum`.
const TUNNEL_OPTS: [usize; 4] = [optc::TUN_PORT, optc::TUN_NOCSUM, optc::TUN_CSUM, optc::TUN_REMCSUM];
const TUNNEL_TYPES_V_OPTIONS: [&[u8; 4]; 3] = [b"xxxx", b"+111", b"x11x"];

/// Address family of a parsed address (`AF_INET` / `AF_INET6`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Af {
    #[default]
    Unset,
    V4,
    V6,
}

/// `ipvs_service_t` as ipvsadm fills it.
#[derive(Clone, Debug)]
struct SvcSpec {
    af: Af,
    protocol: u8,
    addr: Ipv4Addr,
    port: u16,
    fwmark: u32,
    sched_name: String,
    flags: u32,
    timeout: u32,
    /// IPv4 netmask, or the IPv6 prefix length.
    netmask: u32,
    pe_name: String,
}

/// `ipvs_dest_t` as ipvsadm fills it.
#[derive(Clone, Debug)]
struct DestSpec {
    af: Af,
    addr: Ipv4Addr,
    port: u16,
    fwd: FwdMethod,
    weight: i32,
    u_threshold: u32,
    l_threshold: u32,
    tunnel: Tunnel,
}

/// `struct ipvs_command_entry` plus the parse results.
struct CommandEntry {
    cmd: Option<Cmd>,
    svc: SvcSpec,
    dest: DestSpec,
    timeouts: (u32, u32, u32),
    options: u64,
    format: Format,
}

/// The libipvs call whose error is being reported (`ipvs_func`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Func {
    AddService,
    UpdateService,
    DelService,
    ZeroService,
    AddDest,
    UpdateDest,
    DelDest,
    StopDaemon,
    GetService,
}

/// `ipvs_strerror`.
fn ipvs_strerror(func: Func, err: i32) -> &'static str {
    use Func::*;
    const ESRCH: i32 = 3;
    const ENOENT: i32 = 2;
    const EEXIST: i32 = 17;
    match (func, err) {
        (AddService, EEXIST) => "Service already exists",
        (AddService | UpdateService, ENOENT) => "Scheduler or persistence engine not found",
        (UpdateService | DelService | ZeroService | GetService, ESRCH) => "No such service",
        (AddDest | UpdateDest | DelDest, ESRCH) => "Service not defined",
        (AddDest, EEXIST) => "Destination already exists",
        (UpdateDest | DelDest, ENOENT) => "No such destination",
        (StopDaemon, ESRCH) => "No daemon is running",
        (_, 22) => "Invalid operation.  Possibly wrong module version, address not unicast, ...",
        (_, 97) => "Operation not supported with specified address family",
        (_, ENOENT) => "No such file or directory",
        (_, EEXIST) => "File exists",
        (_, ESRCH) => "No such process",
        (_, 34) => "Numerical result out of range",
        _ => "Unknown error",
    }
}

fn option_to_protocol(tag: Tag) -> u8 {
    match tag {
        Tag::TcpService => proto::TCP,
        Tag::UdpService => proto::UDP,
        Tag::SctpService => proto::SCTP,
        _ => 0,
    }
}

/// What `parse_service` found: `SERVICE_ADDR` and `SERVICE_PORT`.
struct Parsed {
    addr: bool,
    port: bool,
}

/// ipvsadm's `parse_service`: `host[:port]` or `[ipv6]:port`, updating
/// `svc` as the C code does (also when it fails half way).
fn parse_service(buf: &str, svc: &mut SvcSpec) -> Parsed {
    let none = Parsed { addr: false, port: false };
    if buf.bytes().all(|b| b.is_ascii_digit()) {
        return none;
    }
    let mut host = buf;
    let mut port_text: Option<&str> = None;
    if let Some(inner) = buf.strip_prefix('[') {
        let Some(close) = inner.find(']') else {
            return none;
        };
        let Some(after) = inner[close + 1..].strip_prefix(':') else {
            return none;
        };
        host = &inner[..close];
        port_text = Some(after);
    }
    if inet_pton6(host).is_some() {
        svc.af = Af::V6;
        svc.netmask = 128;
    } else {
        port_text = None;
        if let Some(i) = host.rfind(':') {
            port_text = Some(&host[i + 1..]);
            host = &host[..i];
        }
        let Some(a) = inet_aton(host).or_else(|| host_to_addr(host)) else {
            return none;
        };
        svc.addr = a;
        svc.af = Af::V4;
    }
    let Some(p) = port_text else {
        return Parsed { addr: true, port: false };
    };
    match string_to_number(p, 0, 65535).and_then(|n| u16::try_from(n).ok()).or_else(|| service_to_port(p, svc.protocol)) {
        Some(n) => {
            svc.port = n;
            Parsed { addr: true, port: true }
        }
        None => none,
    }
}

impl Run<'_> {
    /// `fail()`: print the message and exit.
    fn fail(&mut self, code: i32, msg: &str) -> Exit {
        self.err.push_str(msg);
        self.err.push('\n');
        Exit(code)
    }

    /// `tryhelp_exit`.
    fn tryhelp(&mut self) -> Exit {
        let p = self.prog.clone();
        self.err.push_str(&format!("Try `{p} -h' or '{p} --help' for more information.\n"));
        Exit(-1)
    }

    fn set_command(&mut self, ce: &mut CommandEntry, cmd: Cmd) -> Result<(), Exit> {
        if ce.cmd.is_some() {
            return Err(self.fail(2, "multiple commands specified"));
        }
        ce.cmd = Some(cmd);
        Ok(())
    }

    fn set_option(&mut self, ce: &mut CommandEntry, optc: usize) -> Result<(), Exit> {
        let bit = 1u64 << optc;
        if ce.options & bit != 0 {
            return Err(self.fail(2, &format!("multiple '{}' options specified", OPT_NAMES[optc])));
        }
        ce.options |= bit;
        Ok(())
    }

    /// `parse_options`. `Ok(false)` is its `return -1` after a popt error.
    fn parse_options(&mut self, argv: &[String], ce: &mut CommandEntry) -> Result<bool, Exit> {
        let mut ctx = Context::new(argv);
        let mut sched_flags_arg = String::new();
        match ctx.next_opt() {
            Next::Opt(tag, arg) => match tag {
                Tag::AddService => self.set_command(ce, Cmd::Add)?,
                Tag::EditService => self.set_command(ce, Cmd::Edit)?,
                Tag::DeleteService => self.set_command(ce, Cmd::Del)?,
                Tag::AddServer => self.set_command(ce, Cmd::AddDest)?,
                Tag::EditServer => self.set_command(ce, Cmd::EditDest)?,
                Tag::DeleteServer => self.set_command(ce, Cmd::DelDest)?,
                Tag::Clear => self.set_command(ce, Cmd::Flush)?,
                Tag::List => self.set_command(ce, Cmd::List)?,
                Tag::Zero => self.set_command(ce, Cmd::Zero)?,
                Tag::Set => self.set_command(ce, Cmd::Timeout)?,
                Tag::Restore => self.set_command(ce, Cmd::Restore)?,
                Tag::Save => self.set_command(ce, Cmd::Save)?,
                Tag::StartDaemon | Tag::StopDaemon => {
                    let start = tag == Tag::StartDaemon;
                    self.set_command(ce, if start { Cmd::StartDaemon } else { Cmd::StopDaemon })?;
                    let arg = arg.unwrap_or_default();
                    if arg != "master" && arg != "backup" {
                        let msg = if start { "illegal start-daemon parameter specified" } else { "illegal start_daemon specified" };
                        return Err(self.fail(2, msg));
                    }
                }
                Tag::Help => {
                    self.out += VERSION_LINE;
                    self.out += &USAGE.replace("{PROG}", &self.prog);
                    return Err(Exit(0));
                }
                Tag::Version => {
                    self.out += VERSION_LINE;
                    return Err(Exit(0));
                }
                _ => return Err(self.tryhelp()),
            },
            Next::Error(_) | Next::End => return Err(self.tryhelp()),
        }

        let end = loop {
            let (tag, optarg) = match ctx.next_opt() {
                Next::Opt(tag, optarg) => (tag, optarg),
                other => break other,
            };
            let arg = optarg.clone().unwrap_or_default();
            match tag {
                Tag::TcpService | Tag::UdpService | Tag::SctpService => {
                    self.set_option(ce, optc::SERVICE)?;
                    ce.svc.protocol = option_to_protocol(tag);
                    if !parse_service(&arg, &mut ce.svc).addr {
                        return Err(self.fail(2, "illegal virtual server address[:port] specified"));
                    }
                }
                Tag::FwmarkService => {
                    self.set_option(ce, optc::SERVICE)?;
                    ce.svc.af = Af::V4;
                    ce.svc.protocol = proto::TCP;
                    match strtol_whole(&arg).filter(|l| *l > 0).and_then(|l| u32::try_from(l).ok()) {
                        Some(m) => ce.svc.fwmark = m,
                        None => {
                            return Err(self.fail(2, &format!("invalid fwmark value `{arg}' specified")));
                        }
                    }
                }
                Tag::Scheduler => {
                    self.set_option(ce, optc::SCHEDULER)?;
                    ce.svc.sched_name = c_strncpy(&arg, 15);
                }
                Tag::Persistent => {
                    self.set_option(ce, optc::PERSISTENT)?;
                    ce.svc.flags |= SVC_F_PERSISTENT;
                    ce.svc.timeout = match &optarg {
                        None => DEFAULT_PERSISTENT_TIMEOUT,
                        Some(t) => self.parse_timeout(t, 1, MAX_TIMEOUT)?,
                    };
                }
                Tag::Netmask => {
                    self.set_option(ce, optc::NETMASK)?;
                    if ce.svc.af != Af::V6 {
                        match inet_aton(&arg).or_else(|| host_to_addr(&arg)) {
                            Some(m) => ce.svc.netmask = u32::from(m),
                            None => {
                                return Err(self.fail(2, "illegal virtual server persistent mask specified"));
                            }
                        }
                    } else {
                        let n = atoi(&arg);
                        if !(1..=128).contains(&n) {
                            return Err(self.fail(2, "illegal ipv6 netmask specified"));
                        }
                        ce.svc.netmask = n as u32;
                    }
                }
                Tag::RealServer => {
                    self.set_option(ce, optc::SERVER)?;
                    let mut t = ce.svc.clone();
                    let parsed = parse_service(&arg, &mut t);
                    ce.dest.af = t.af;
                    ce.dest.addr = t.addr;
                    ce.dest.port = t.port;
                    if !parsed.addr {
                        return Err(self.fail(2, "illegal real server address[:port] specified"));
                    }
                    if !parsed.port {
                        ce.dest.port = ce.svc.port;
                    }
                }
                Tag::Ipip | Tag::Gatewaying | Tag::Masquerading => {
                    self.set_option(ce, optc::FORWARD)?;
                    ce.dest.fwd = match tag {
                        Tag::Ipip => FwdMethod::Tunnel,
                        Tag::Gatewaying => FwdMethod::Route,
                        _ => FwdMethod::Masq,
                    };
                }
                Tag::Weight => {
                    self.set_option(ce, optc::WEIGHT)?;
                    match string_to_number(&arg, 0, INT_MAX) {
                        Some(w) => ce.dest.weight = w as i32,
                        None => return Err(self.fail(2, "illegal weight specified")),
                    }
                }
                Tag::UThreshold | Tag::LThreshold => {
                    let upper = tag == Tag::UThreshold;
                    self.set_option(ce, if upper { optc::UTHRESHOLD } else { optc::LTHRESHOLD })?;
                    match string_to_number(&arg, 0, INT_MAX) {
                        Some(v) if upper => ce.dest.u_threshold = v as u32,
                        Some(v) => ce.dest.l_threshold = v as u32,
                        None => {
                            let msg = if upper { "illegal u_threshold specified" } else { "illegal l_threshold specified" };
                            return Err(self.fail(2, msg));
                        }
                    }
                }
                Tag::Connection => self.set_option(ce, optc::CONNECTION)?,
                Tag::Numeric => {
                    self.set_option(ce, optc::NUMERIC)?;
                    ce.format.numeric = true;
                }
                Tag::McastInterface => self.set_option(ce, optc::MCAST)?,
                Tag::Syncid => {
                    self.set_option(ce, optc::SYNCID)?;
                    if string_to_number(&arg, 0, 255).is_none() {
                        return Err(self.fail(2, "illegal syncid specified"));
                    }
                }
                Tag::Timeout => self.set_option(ce, optc::TIMEOUT)?,
                Tag::Daemon => self.set_option(ce, optc::DAEMON)?,
                Tag::Stats => {
                    self.set_option(ce, optc::STATS)?;
                    ce.format.stats = true;
                }
                Tag::Rate => {
                    self.set_option(ce, optc::RATE)?;
                    ce.format.rate = true;
                }
                Tag::Thresholds => {
                    self.set_option(ce, optc::THRESHOLDS)?;
                    ce.format.thresholds = true;
                }
                Tag::PersistentConn => {
                    self.set_option(ce, optc::PERSISTENTCONN)?;
                    ce.format.persistent_conn = true;
                }
                Tag::NoSort => {
                    self.set_option(ce, optc::NOSORT)?;
                    ce.format.nosort = true;
                }
                // Sorting is the default: a no-op kept for compatibility.
                Tag::Sort => {}
                Tag::Exact => {
                    self.set_option(ce, optc::EXACT)?;
                    ce.format.exact = true;
                }
                Tag::Ipv6 => {
                    if ce.svc.fwmark == 0 {
                        return Err(self.fail(2, "-6 used before -f\n"));
                    }
                    ce.svc.af = Af::V6;
                    ce.svc.netmask = 128;
                }
                Tag::Ops => {
                    self.set_option(ce, optc::ONEPACKET)?;
                    ce.svc.flags |= SVC_F_ONEPACKET;
                }
                Tag::Pe => {
                    self.set_option(ce, optc::PERSISTENCE_ENGINE)?;
                    ce.svc.pe_name = c_strncpy(&arg, 16);
                }
                Tag::SchedFlags => {
                    self.set_option(ce, optc::SCHED_FLAGS)?;
                    sched_flags_arg = c_strncpy(&arg, 127);
                }
                Tag::McastGroup => {
                    self.set_option(ce, optc::MCAST_GROUP)?;
                    if arg.contains(':') {
                        if !inet_pton6(&arg).is_some_and(|a| a.is_multicast()) {
                            return Err(self.fail(2, &format!("invalid IPv6 mcast-group `{arg}'")));
                        }
                    } else if !inet_pton4(&arg).is_some_and(|a| a.is_multicast()) {
                        return Err(self.fail(2, &format!("invalid IPv4 mcast-group `{arg}'")));
                    }
                }
                Tag::McastPort => {
                    self.set_option(ce, optc::MCAST_PORT)?;
                    if string_to_number(&arg, 1, 65535).is_none() {
                        return Err(self.fail(2, "illegal mcast-port specified"));
                    }
                }
                Tag::McastTtl => {
                    self.set_option(ce, optc::MCAST_TTL)?;
                    if string_to_number(&arg, 1, 255).is_none() {
                        return Err(self.fail(2, "illegal mcast-ttl specified"));
                    }
                }
                Tag::SyncMaxlen => {
                    self.set_option(ce, optc::SYNC_MAXLEN)?;
                    if string_to_number(&arg, 1, 65535 - 20 - 8).is_none() {
                        return Err(self.fail(2, "illegal sync-maxlen specified"));
                    }
                }
                Tag::TunInfo => {
                    self.set_option(ce, optc::TUN_INFO)?;
                    ce.format.tun_info = true;
                }
                Tag::TunType => {
                    self.set_option(ce, optc::TUN_TYPE)?;
                    ce.dest.tunnel.kind = match arg.as_str() {
                        "ipip" => TunnelKind::Ipip,
                        "gue" => TunnelKind::Gue,
                        "gre" => TunnelKind::Gre,
                        _ => return Err(self.fail(2, "illegal tunnel type specified")),
                    };
                }
                Tag::TunPort => {
                    self.set_option(ce, optc::TUN_PORT)?;
                    match string_to_number(&arg, 1, 65535) {
                        Some(p) => ce.dest.tunnel.port = p as u16,
                        None => return Err(self.fail(2, "illegal tunnel port specified")),
                    }
                }
                Tag::TunNocsum => self.set_option(ce, optc::TUN_NOCSUM)?,
                // ipvsadm ORs the flags together; tunnel_opt_check rejects
                // more than one before the kernel sees them.
                Tag::TunCsum => {
                    self.set_option(ce, optc::TUN_CSUM)?;
                    ce.dest.tunnel.csum = TunnelCsum::Csum;
                }
                Tag::TunRemcsum => {
                    self.set_option(ce, optc::TUN_REMCSUM)?;
                    ce.dest.tunnel.csum = TunnelCsum::RemCsum;
                }
                _ => {
                    let bad = ctx.bad_option().to_string();
                    return Err(self.fail(2, &format!("invalid option `{bad}'")));
                }
            }
        };

        if let Next::Error(e) = end {
            let bad = ctx.bad_option().to_string();
            self.err.push_str(&format!("{bad}: {}\n", e.message()));
            return Ok(false);
        }

        if ce.cmd == Some(Cmd::Timeout) {
            match (ctx.get_arg(), ctx.get_arg(), ctx.get_arg()) {
                (Some(a), Some(b), Some(c)) => {
                    ce.timeouts = (self.parse_timeout(&a, 0, MAX_TIMEOUT)?, self.parse_timeout(&b, 0, MAX_TIMEOUT)?, self.parse_timeout(&c, 0, MAX_TIMEOUT)?);
                }
                _ => return Err(self.fail(2, "--set option requires 3 timeout values")),
            }
        }
        if let Some(a) = ctx.get_arg() {
            return Err(self.fail(2, &format!("unexpected argument {a}")));
        }
        if !sched_flags_arg.is_empty() {
            ce.svc.flags &= !(SVC_F_SCHED1 | SVC_F_SCHED2 | SVC_F_SCHED3);
            ce.svc.flags |= self.parse_sched_flags(&ce.svc.sched_name, &sched_flags_arg)?;
        }
        Ok(true)
    }

    /// `parse_timeout`.
    fn parse_timeout(&mut self, buf: &str, min: i64, max: i64) -> Result<u32, Exit> {
        match string_to_number(buf, min, max) {
            Some(t) => Ok(t as u32),
            None => Err(self.fail(2, &format!("invalid timeout value `{buf}' specified"))),
        }
    }

    /// `parse_sched_flags` (the scheduler defaults to wlc when none was
    /// given). A list of nothing but commas makes ipvsadm dereference the
    /// NULL that `strtok` returns.
    fn parse_sched_flags(&mut self, sched: &str, arg: &str) -> Result<u32, Exit> {
        let sched = if sched.is_empty() { "wlc" } else { sched };
        let mut flags = 0;
        let mut any = false;
        for flag in arg.split(',').filter(|f| !f.is_empty()) {
            any = true;
            let (bit, needs) = match flag {
                "flag-1" => (SVC_F_SCHED1, None),
                "flag-2" => (SVC_F_SCHED2, None),
                "flag-3" => (SVC_F_SCHED3, None),
                "sh-fallback" => (SVC_F_SCHED1, Some("sh")),
                "sh-port" => (SVC_F_SCHED2, Some("sh")),
                "mh-fallback" => (SVC_F_SCHED1, Some("mh")),
                "mh-port" => (SVC_F_SCHED2, Some("mh")),
                _ => return Err(self.fail(2, &format!("invalid scheduler flag `{flag}'"))),
            };
            flags |= bit;
            if needs.is_some_and(|s| s != sched) {
                return Err(self.fail(2, &format!("incompatible scheduler flag `{flag}'")));
            }
        }
        if !any {
            self.err.push_str("Segmentation fault\n");
            return Err(Exit(139));
        }
        Ok(flags)
    }

    /// `generic_opt_check`.
    fn generic_opt_check(&mut self, cmd: Cmd, options: u64) -> Result<(), Exit> {
        let i = cmd as usize - 1;
        let row = COMMANDS_V_OPTIONS[i];
        let mut last = 0;
        let mut count = 0;
        for (j, rule) in row.iter().enumerate() {
            if options & (1 << j) == 0 {
                if *rule == b'+' {
                    let msg = format!("You need to supply the '{}' option for the '{}' command", OPT_NAMES[j], CMD_NAMES[i]);
                    return Err(self.fail(2, &msg));
                }
            } else {
                if *rule == b'x' {
                    return Err(self.fail(2, &format!("Illegal '{}' option with the '{}' command", OPT_NAMES[j], CMD_NAMES[i])));
                }
                if *rule == b'1' {
                    count += 1;
                    if count == 1 {
                        last = j;
                        continue;
                    }
                    let msg = format!("The option '{}' conflicts with the '{}' option in the '{}' command", OPT_NAMES[j], OPT_NAMES[last], CMD_NAMES[i]);
                    return Err(self.fail(2, &msg));
                }
            }
        }
        Ok(())
    }

    /// `tunnel_opt_check`.
    fn tunnel_opt_check(&mut self, kind: TunnelKind, options: u64) -> Result<(), Exit> {
        let (i, name) = match kind {
            TunnelKind::Ipip => (0, "ipip"),
            TunnelKind::Gue => (1, "gue"),
            TunnelKind::Gre => (2, "gre"),
        };
        let mut last = 0;
        let mut count = 0;
        for (j, k) in TUNNEL_OPTS.iter().enumerate() {
            let rule = TUNNEL_TYPES_V_OPTIONS[i][j];
            if options & (1 << k) == 0 {
                if rule == b'+' {
                    let msg = format!("You need to supply the '{}' option for the '{name}' tunnel type", OPT_NAMES[*k]);
                    return Err(self.fail(2, &msg));
                }
            } else {
                if rule == b'x' {
                    return Err(self.fail(2, &format!("Illegal '{}' option with the '{name}' tunnel type", OPT_NAMES[*k])));
                }
                if rule == b'1' {
                    count += 1;
                    if count == 1 {
                        last = *k;
                        continue;
                    }
                    let msg = format!("The option '{}' conflicts with the '{}' option in the '{name}' tunnel type", OPT_NAMES[*k], OPT_NAMES[last]);
                    return Err(self.fail(2, &msg));
                }
            }
        }
        Ok(())
    }

    /// `process_options`: `Ok` carries its return value (0, or -1 after a
    /// kernel error or popt error).
    fn process_options(&mut self, argv: &[String], reading_stdin: bool) -> Result<i32, Exit> {
        let mut ce = CommandEntry {
            cmd: None,
            svc: SvcSpec {
                af: Af::Unset,
                protocol: 0,
                addr: Ipv4Addr::UNSPECIFIED,
                port: 0,
                fwmark: 0,
                sched_name: String::new(),
                flags: 0,
                timeout: 0,
                netmask: u32::MAX,
                pe_name: String::new(),
            },
            dest: DestSpec {
                af: Af::Unset,
                addr: Ipv4Addr::UNSPECIFIED,
                port: 0,
                fwd: FwdMethod::Route,
                weight: 1,
                u_threshold: 0,
                l_threshold: 0,
                tunnel: Tunnel::default(),
            },
            timeouts: (0, 0, 0),
            options: 0,
            format: Format::default(),
        };
        if !self.parse_options(argv, &mut ce)? {
            return Ok(-1);
        }
        let Some(cmd) = ce.cmd else {
            return Err(self.tryhelp());
        };
        self.generic_opt_check(cmd, ce.options)?;

        if matches!(cmd, Cmd::Add | Cmd::Edit) {
            if ce.svc.fwmark == 0 && ce.svc.port == 0 && ce.svc.flags & SVC_F_PERSISTENT == 0 {
                return Err(self.fail(2, "Zero port specified for non-persistent service"));
            }
            if ce.svc.flags & SVC_F_ONEPACKET != 0 && ce.svc.fwmark == 0 && ce.svc.protocol != proto::UDP {
                return Err(self.fail(2, "One-Packet Scheduling is only for UDP virtual services"));
            }
            if ce.svc.sched_name.is_empty() {
                ce.svc.sched_name = "wlc".into();
            }
        }
        if matches!(cmd, Cmd::AddDest | Cmd::EditDest) {
            let fwd = ce.dest.fwd;
            if ce.svc.fwmark == 0 && matches!(fwd, FwdMethod::Tunnel | FwdMethod::Route) {
                ce.dest.port = ce.svc.port;
            }
            if ce.dest.af != ce.svc.af && fwd != FwdMethod::Tunnel {
                return Err(self.fail(2, "Different address family is allowed only for tunneling servers"));
            }
            let tun_opts = [optc::TUN_TYPE, optc::TUN_PORT, optc::TUN_NOCSUM, optc::TUN_CSUM, optc::TUN_REMCSUM];
            if tun_opts.iter().any(|o| ce.options & (1 << o) != 0) && fwd != FwdMethod::Tunnel {
                return Err(self.fail(2, "Tunnel options conflict with forward method"));
            }
            self.tunnel_opt_check(ce.dest.tunnel.kind, ce.options)?;
        }

        let has = |o: usize| ce.options & (1 << o) != 0;
        let result = match cmd {
            Cmd::List => {
                let conflict = ((has(optc::CONNECTION) || has(optc::TIMEOUT) || has(optc::DAEMON))
                    && (has(optc::STATS) || has(optc::RATE) || has(optc::THRESHOLDS)))
                    || ((has(optc::TIMEOUT) || has(optc::DAEMON)) && has(optc::PERSISTENTCONN));
                if conflict {
                    return Err(self.fail(2, "options conflicts in the list command"));
                }
                if has(optc::CONNECTION) {
                    self.out += &list::list_conn(self.ipvs, self.now, ce.format);
                } else if has(optc::SERVICE) {
                    let found = svc_key(&ce.svc).and_then(|k| self.ipvs.service_id(&k).ok_or(IpvsError::NoService));
                    let text = found.and_then(|id| self.ipvs.service(id).map(|svc| list::list_service(self.ipvs, svc, ce.format)).ok_or(IpvsError::NoService));
                    match text {
                        Ok(text) => self.out += &text,
                        Err(e) => {
                            return Err(self.fail(1, ipvs_strerror(Func::GetService, e.errno())));
                        }
                    }
                } else if has(optc::TIMEOUT) {
                    let (tcp, fin, udp) = self.ipvs.timeouts();
                    self.out += &format!("Timeout (tcp tcpfin udp): {tcp} {fin} {udp}\n");
                } else if !has(optc::DAEMON) {
                    self.out += &list::list_all(self.ipvs, ce.format);
                }
                return Ok(0);
            }
            Cmd::Restore => {
                if reading_stdin {
                    return Err(self.tryhelp());
                }
                return self.restore_table(argv);
            }
            Cmd::Save => {
                self.out += &list::list_all(self.ipvs, Format { rule: true, ..ce.format });
                return Ok(0);
            }
            Cmd::Flush => {
                self.ipvs.flush(self.now);
                Ok(())
            }
            Cmd::Timeout => {
                let (a, b, c) = ce.timeouts;
                self.ipvs.set_timeouts(a, b, c);
                Ok(())
            }
            Cmd::Add => svc_key(&ce.svc).and_then(|k| self.ipvs.add_service(&svc_config(k, &ce.svc)).map(|_| ())).map_err(|e| (Func::AddService, e)),
            Cmd::Edit => svc_key(&ce.svc).and_then(|k| self.ipvs.edit_service(&svc_config(k, &ce.svc))).map_err(|e| (Func::UpdateService, e)),
            Cmd::Del => svc_key(&ce.svc).and_then(|k| self.ipvs.del_service(&k, self.now)).map_err(|e| (Func::DelService, e)),
            Cmd::Zero => {
                let all = ce.svc.fwmark == 0 && ce.svc.af != Af::V6 && ce.svc.addr.is_unspecified() && ce.svc.port == 0;
                if all { self.ipvs.zero(None) } else { svc_key(&ce.svc).and_then(|k| self.ipvs.zero(Some(&k))) }.map_err(|e| (Func::ZeroService, e))
            }
            Cmd::AddDest => dest_call(&ce, |k, d| self.ipvs.add_dest(&k, &d, self.now)).map_err(|e| (Func::AddDest, e)),
            Cmd::EditDest => dest_call(&ce, |k, d| self.ipvs.edit_dest(&k, &d)).map_err(|e| (Func::UpdateDest, e)),
            Cmd::DelDest => dest_call(&ce, |k, d| self.ipvs.del_dest(&k, d.addr, d.port, self.now)).map_err(|e| (Func::DelDest, e)),
            Cmd::StartDaemon => {
                self.err.push_str("ipvsadm: the connection synchronization daemon is not modelled in mesh\n");
                return Ok(-1);
            }
            Cmd::StopDaemon => Err((Func::StopDaemon, IpvsError::NoService)),
        };
        match result {
            Ok(()) => Ok(0),
            Err((func, e)) => {
                self.err.push_str(ipvs_strerror(func, e.errno()));
                self.err.push('\n');
                Ok(-1)
            }
        }
    }

    /// `restore_table`: one command per line of standard input.
    fn restore_table(&mut self, argv: &[String]) -> Result<i32, Exit> {
        let first = argv.first().cloned().unwrap_or_default();
        let mut result = 0;
        while let Some(line) = self.config_stream_read(&first) {
            if line.len() > 1 {
                result = self.process_options(&line, true)?;
            }
        }
        Ok(result)
    }

    /// `config_stream_read`: the next line as words (`%[^ \t\n\r]` tokens),
    /// `argv[0]` first and words `ipvsadm` dropped. `None` at the end of
    /// input — also, as in the C code, when the input ends inside white
    /// space after the last word of an unterminated line.
    fn config_stream_read(&mut self, first: &str) -> Option<Vec<String>> {
        let is_sep = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
        let mut words = vec![first.to_string()];
        let mut ntoken = 0;
        loop {
            let input = self.stdin;
            let Some(&c) = input.get(self.stdin_pos) else {
                break;
            };
            if is_sep(c) {
                // fscanf matched nothing: skip blanks up to a newline.
                loop {
                    let &c = input.get(self.stdin_pos)?;
                    self.stdin_pos += 1;
                    match c {
                        b'\n' => return Some(words),
                        b'\t' | b'\r' | b' ' => {}
                        _ => {
                            self.stdin_pos -= 1;
                            break;
                        }
                    }
                }
                continue;
            }
            let start = self.stdin_pos;
            while input.get(self.stdin_pos).is_some_and(|b| !is_sep(*b)) {
                self.stdin_pos += 1;
            }
            let token = String::from_utf8_lossy(&input[start..self.stdin_pos]).into_owned();
            let tail = input.get(self.stdin_pos).copied();
            if tail.is_some() {
                self.stdin_pos += 1;
            }
            if token != "ipvsadm" {
                ntoken += 1;
                words.push(token);
            }
            if tail == Some(b'\n') {
                return Some(words);
            }
        }
        (ntoken > 0).then_some(words)
    }
}

/// `strncpy` into a fixed buffer of `n` usable bytes.
fn c_strncpy(s: &str, n: usize) -> String {
    let mut cut = s.len().min(n);
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    s[..cut].to_string()
}

/// The service a command names, as the kernel's netlink parser accepts it.
fn svc_key(s: &SvcSpec) -> Result<ServiceKey, IpvsError> {
    if s.af == Af::V6 {
        return Err(IpvsError::AfNotSupported);
    }
    if s.fwmark != 0 {
        return Ok(ServiceKey::Fwmark(s.fwmark));
    }
    match s.protocol {
        proto::UDP => Ok(ServiceKey::Udp(s.addr, s.port)),
        proto::SCTP => Ok(ServiceKey::Sctp(s.addr, s.port)),
        _ => Ok(ServiceKey::Tcp(s.addr, s.port)),
    }
}

fn svc_config(key: ServiceKey, s: &SvcSpec) -> ServiceConfig {
    ServiceConfig {
        key,
        scheduler: s.sched_name.clone(),
        flags: s.flags,
        timeout: s.timeout,
        netmask: Ipv4Addr::from(s.netmask),
        pe_name: (!s.pe_name.is_empty()).then(|| s.pe_name.clone()),
    }
}

/// A destination command: IPv6 anywhere is refused by this kernel.
fn dest_call(ce: &CommandEntry, call: impl FnOnce(ServiceKey, DestConfig) -> Result<(), IpvsError>) -> Result<(), IpvsError> {
    let key = svc_key(&ce.svc)?;
    if ce.dest.af == Af::V6 {
        return Err(IpvsError::AfNotSupported);
    }
    let d = &ce.dest;
    let config =
        DestConfig { addr: d.addr, port: d.port, fwd: d.fwd, weight: d.weight, u_threshold: d.u_threshold, l_threshold: d.l_threshold, tunnel: d.tunnel };
    call(key, config)
}
