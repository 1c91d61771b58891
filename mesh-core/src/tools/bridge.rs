//! `bridge` from iproute2 6.1: `bridge fdb show|add|append|replace|del` and
//! `bridge link show`, over the simulated kernel's bridge and VXLAN
//! forwarding databases, with the real output and errors (every error exits
//! with status 255, as `bridge` does).
//!
//! `bridge fdb show` walks the devices in ifindex order as the kernel's dump
//! does: for a bridge port first the bridge's entries for that port
//! (`master br0`), then the device's own entries: a VXLAN device's
//! forwarding entries (`dst … self`), a bridge's multicast groups and local
//! addresses, and for other devices the multicast groups they joined (`self
//! permanent`: `33:33:00:00:00:01` from registration, as Linux joins IPv6
//! all-nodes even with IPv6 disabled, then `01:00:5e:00:00:01` while up; an
//! up bridge first joins the snoopers' `01:00:5e:00:00:6a` and
//! `33:33:00:00:00:6a`). A bridge's entries are listed newest created
//! first (Linux adds each new entry at the head of the bridge's one list;
//! a `replace` or a refresh keeps the entry's place), VXLAN entries newest
//! first too (the device's `fdb_list`), each entry's remotes in the order
//! they were added, with `link-netnsid N` when the device's UDP socket
//! lives in another namespace. Learned and `dynamic` entries that have
//! aged out (`ageing_time`, on the virtual clock) are gone, as Linux's
//! garbage collector deletes them within a second (so `stale` never shows).
//!
//! Filters as iproute2 applies them to the kernel's states: `dynamic` hides
//! only `permanent` entries (static ones stay), `state STATE` keeps entries
//! sharing a state bit (bridge entries have one: permanent, static or
//! reachable; a VXLAN entry added `permanent` is permanent and static), and
//! `vlan N` keeps nothing, mesh's entries having no VLAN. A `dynamic` entry
//! is refused (`Operation not permitted`) on a port that cannot learn.
//!
//! Not modelled (explicit `mesh: … is not modelled` errors): `bridge mdb`,
//! `bridge vlan`, `bridge monitor`, VLAN-tagged FDB entries, `self` entries on
//! devices other than bridges and VXLAN devices, `static` VXLAN entries,
//! JSON output and `bridge link set`. The default-destination entry
//! `ip link add … remote IP` creates is `permanent` like one `bridge fdb
//! add` makes; Linux marks it reachable rather than static, which only a
//! `state` filter could tell.

use std::fmt::Write as _;
use std::net::Ipv4Addr;

use crate::kernel::ops::{FdbMode, FdbState};
use crate::kernel::{DevId, DeviceKind, Errno, Kernel, NETNS_RUN_DIR, NetnsId};
use crate::output::CmdOutput;
use crate::tools::ip::{Args, Fail, Res, link_flags, matches, parse_ipv4, parse_mac};
use crate::wire::EthernetAddress;

/// Run `bridge` (`argv[0]` is `"bridge"`) in namespace `ns` of kernel `k`.
pub fn bridge(argv: &[String], k: &mut Kernel, ns: NetnsId) -> CmdOutput {
    if !k.netns_exists(ns) {
        return crate::tools::ip::gone_netns();
    }
    let mut b = Bridge { k, ns, stats: false, details: false, out: String::new() };
    let args: Vec<String> = argv.iter().skip(1).cloned().collect();
    match b.main(Args::new(args)) {
        Ok(()) => CmdOutput::ok(b.out),
        Err(f) => CmdOutput { stdout: b.out + &f.out, stderr: f.err, status: f.status, interleaved: None },
    }
}

const USAGE: &str = "Usage: bridge [ OPTIONS ] OBJECT { COMMAND | help }
       bridge [ -force ] -batch filename
where  OBJECT := { link | fdb | mdb | vlan | monitor }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] |
                    -o[neline] | -t[imestamp] | -n[etns] name |
                    -c[ompressvlans] -color -p[retty] -j[son] }
";

struct Bridge<'a> {
    k: &'a mut Kernel,
    ns: NetnsId,
    stats: bool,
    details: bool,
    out: String,
}

/// Fail with bridge's exit status (it exits -1 on every error).
fn fail(msg: impl Into<String>) -> Fail {
    Fail::new(msg, 255)
}

impl Bridge<'_> {
    fn main(&mut self, mut a: Args) -> Res {
        while let Some(w) = a.peek() {
            if !w.starts_with('-') {
                break;
            }
            let w = a.next().unwrap_or_default();
            let o = if w.starts_with("--") { &w[1..] } else { w.as_str() };
            if matches(o, "-help") {
                return Err(fail(USAGE));
            } else if matches(o, "-Version") {
                self.out.push_str("bridge utility, 6.1.0\n");
                return Ok(());
            } else if matches(o, "-stats") {
                self.stats = true;
            } else if matches(o, "-details") {
                self.details = true;
            } else if matches(o, "-oneline") || matches(o, "-timestamp") || matches(o, "-force") || matches(o, "-pretty") || matches(o, "-compressvlans") {
                // No effect on what mesh lists.
            } else if matches(o, "-netns") {
                let name = a.next().unwrap_or_default();
                let path = if name.contains('/') { name.clone() } else { format!("{NETNS_RUN_DIR}/{name}") };
                self.ns = self.k.netns_by_path(&path).ok_or_else(|| fail(format!("Cannot open network namespace \"{name}\": No such file or directory\n")))?;
            } else if matches(o, "-json") || matches(o, "-color") || matches(o, "-batch") || matches(o, "-family") || o == "-4" || o == "-6" {
                return Err(Fail::not_modelled(&format!("\"bridge {o}\"")));
            } else {
                return Err(fail(format!("Option \"{o}\" is unknown, try \"bridge help\".\n")));
            }
        }
        let Some(object) = a.next() else {
            return Err(fail(USAGE));
        };
        if matches(&object, "link") {
            self.do_link(a)
        } else if matches(&object, "fdb") {
            self.do_fdb(a)
        } else if matches(&object, "mdb") || matches(&object, "vlan") || matches(&object, "monitor") {
            Err(Fail::not_modelled(&format!("\"bridge {object}\"")))
        } else if matches(&object, "help") {
            Err(fail(USAGE))
        } else {
            Err(fail(format!("Object \"{object}\" is unknown, try \"bridge help\".\n")))
        }
    }

    fn dev_named(&self, name: &str) -> Option<DevId> {
        self.k.dev_by_name(self.ns, name)
    }

    // ----- bridge link ---------------------------------------------------------

    fn do_link(&mut self, mut a: Args) -> Res {
        match a.next() {
            None => self.link_show(a),
            Some(c) if matches(&c, "show") || matches(&c, "lst") || matches(&c, "list") => self.link_show(a),
            Some(c) if matches(&c, "set") || matches(&c, "change") => Err(Fail::not_modelled("\"bridge link set\"")),
            Some(c) if matches(&c, "help") => Err(Fail::not_modelled("\"bridge link help\"")),
            Some(c) => Err(fail(format!("Command \"{c}\" is unknown, try \"bridge link help\".\n"))),
        }
    }

    /// `bridge link show [dev DEV]`: the bridge ports of the namespace.
    fn link_show(&mut self, mut a: Args) -> Res {
        let mut filter: Option<DevId> = None;
        while let Some(w) = a.next() {
            if w == "dev" {
                let n = a.value()?;
                filter = Some(self.dev_named(&n).ok_or_else(|| Fail::nodev(&n, 255))?);
            } else if matches(&w, "help") {
                return Err(Fail::not_modelled("\"bridge link help\""));
            }
        }
        let k = &*self.k;
        let ports: Vec<DevId> =
            k.devs_in(self.ns).filter(|d| d.master.is_some_and(|m| k.dev(m).is_bridge())).filter(|d| filter.is_none_or(|f| f == d.id)).map(|d| d.id).collect();
        for id in ports {
            let d = k.dev(id);
            let Some(br) = d.master else { continue };
            // bridge resolves a veth's peer ifindex in its own namespace (it
            // ignores link-netnsid): the name and the M-DOWN flag come from
            // whatever device has that index here.
            let (link, mdown) = match d.veth_peer() {
                Some(p) => {
                    let idx = k.dev(p).ifindex;
                    match k.dev_by_ifindex(self.ns, idx) {
                        Some(x) => (format!("@{}", k.dev(x).name), !k.dev(x).admin_up),
                        None => (format!("@if{idx}"), true),
                    }
                }
                None => (String::new(), false),
            };
            let flags = link_flags(k, id, mdown);
            let state = if k.bridge_port_forwarding(id) { "forwarding" } else { "disabled" };
            let cost = if matches!(d.kind, DeviceKind::Veth { .. }) { 2 } else { 100 };
            let _ =
                writeln!(self.out, "{}: {}{link}: {} mtu {} master {} state {state} priority 32 cost {cost} ", d.ifindex, d.name, flags, d.mtu, k.dev(br).name);
            if self.details {
                self.out.push_str("    hairpin off guard off root_block off fastleave off learning on flood on mcast_flood on bcast_flood on mcast_router 1 mcast_to_unicast off neigh_suppress off vlan_tunnel off isolated off locked off \n");
            }
        }
        Ok(())
    }

    // ----- bridge fdb ----------------------------------------------------------

    fn do_fdb(&mut self, mut a: Args) -> Res {
        match a.next() {
            None => self.fdb_show(a),
            Some(c) if matches(&c, "add") => self.fdb_modify(a, Some(FdbMode::Add)),
            Some(c) if matches(&c, "append") => self.fdb_modify(a, Some(FdbMode::Append)),
            Some(c) if matches(&c, "replace") => self.fdb_modify(a, Some(FdbMode::Replace)),
            Some(c) if matches(&c, "delete") => self.fdb_modify(a, None),
            Some(c) if matches(&c, "show") || matches(&c, "lst") || matches(&c, "list") => self.fdb_show(a),
            Some(c) if matches(&c, "get") || matches(&c, "flush") => Err(Fail::not_modelled(&format!("\"bridge fdb {c}\""))),
            Some(c) if matches(&c, "help") => Err(Fail::not_modelled("\"bridge fdb help\"")),
            Some(c) => Err(fail(format!("Command \"{c}\" is unknown, try \"bridge fdb help\".\n"))),
        }
    }

    /// `bridge fdb add|append|replace|del MAC dev DEV [dst IP] [self] [master]
    /// [permanent|static|dynamic]` (fdb_modify; `self` is the default).
    fn fdb_modify(&mut self, mut a: Args, mode: Option<FdbMode>) -> Res {
        let mut dev: Option<String> = None;
        let mut dst: Option<Ipv4Addr> = None;
        let mut mac: Option<String> = None;
        let (mut self_flag, mut master) = (false, false);
        let (mut permanent, mut reachable, mut noarp) = (false, false, true);
        while let Some(w) = a.next() {
            if w == "dev" {
                dev = Some(a.value()?);
            } else if w == "dst" {
                let v = a.value()?;
                if dst.is_some() {
                    return Err(Fail::duparg2("dst", &v));
                }
                dst = Some(parse_ipv4(&v).ok_or_else(|| Fail::new(format!("Error: any valid address is expected rather than \"{v}\".\n"), 1))?);
            } else if w == "self" {
                self_flag = true;
            } else if matches(&w, "master") {
                master = true;
            } else if matches(&w, "local") || matches(&w, "permanent") {
                permanent = true;
            } else if matches(&w, "temp") || matches(&w, "static") {
                reachable = true;
            } else if matches(&w, "dynamic") {
                reachable = true;
                noarp = false;
            } else if ["nhid", "port", "vni", "src_vni", "via", "router", "vlan", "use", "extern_learn", "sticky"].iter().any(|k| w == *k || matches(&w, k)) {
                return Err(Fail::not_modelled(&format!("\"bridge fdb … {w}\"")));
            } else {
                let v = if w == "to" { a.value()? } else { w };
                if mac.is_some() {
                    return Err(Fail::duparg2("to", &v));
                }
                mac = Some(v);
            }
        }
        let (Some(devname), Some(mac)) = (dev, mac) else {
            return Err(fail("Device and address are required arguments.\n"));
        };
        if !self_flag && !master {
            self_flag = true;
        }
        if !permanent && !reachable {
            permanent = true;
        }
        let state = if permanent {
            FdbState::Permanent
        } else if noarp {
            FdbState::Static
        } else {
            FdbState::Dynamic
        };
        let addr = parse_mac(&mac).ok_or_else(|| fail(format!("Invalid mac address {mac}\n")))?;
        let id = self.dev_named(&devname).ok_or_else(|| Fail::nodev(&devname, 255))?;
        let saved = self.k.save_net();
        let result = self.fdb_apply(id, addr, dst, state, mode, self_flag, master);
        if result.is_err() {
            self.k.restore_net(saved);
        }
        result
    }

    /// rtnl_fdb_add/del: the port's bridge for `master`, the device itself for `self`.
    #[allow(clippy::too_many_arguments)]
    fn fdb_apply(
        &mut self,
        id: DevId,
        mac: EthernetAddress,
        dst: Option<Ipv4Addr>,
        state: FdbState,
        mode: Option<FdbMode>,
        self_flag: bool,
        master: bool,
    ) -> Res {
        let kerr = |e| Fail::kernel(e, 255);
        let mut done = false;
        let port_of = self.k.dev(id).master.filter(|m| self.k.dev(*m).is_bridge());
        if let (true, Some(br)) = (master, port_of) {
            match mode {
                Some(m) => self.k.bridge_fdb_add(br, id, mac, state, m).map_err(kerr)?,
                None => self.k.bridge_fdb_del(br, id, mac).map_err(kerr)?,
            }
            done = true;
        }
        if self_flag {
            let d = self.k.dev(id);
            if d.is_bridge() {
                match mode {
                    Some(m) => self.k.bridge_fdb_add(id, id, mac, state, m).map_err(kerr)?,
                    None => self.k.bridge_fdb_del(id, id, mac).map_err(kerr)?,
                }
            } else if d.vxlan().is_some() {
                match mode {
                    Some(m) => {
                        let permanent = match state {
                            FdbState::Permanent => true,
                            FdbState::Dynamic => false,
                            FdbState::Static => return Err(Fail::not_modelled("static VXLAN forwarding entries")),
                        };
                        let dst = dst.ok_or_else(|| Fail::not_modelled("VXLAN forwarding entries without \"dst\""))?;
                        self.k.vxlan_fdb_add(id, mac, dst, permanent, m).map_err(kerr)?;
                    }
                    None => self.k.vxlan_fdb_del(id, mac, dst).map_err(kerr)?,
                }
            } else {
                return Err(Fail::not_modelled("FDB \"self\" entries on devices other than bridges and VXLAN devices"));
            }
            done = true;
        }
        if done { Ok(()) } else { Err(kerr(Errno::EOPNOTSUPP.into())) }
    }

    /// `bridge fdb show [dev DEV] [br BRIDGE] [vlan VID] [state STATE]
    /// [dynamic]` (fdb_show and print_fdb).
    fn fdb_show(&mut self, mut a: Args) -> Res {
        let mut dev_name: Option<String> = None;
        let mut br_name: Option<String> = None;
        let mut dynamic_only = false;
        let mut state_filter: u32 = 0;
        let mut vlan_filter: i64 = 0;
        while let Some(w) = a.next() {
            if w == "brport" || w == "dev" {
                dev_name = Some(a.value()?);
            } else if w == "br" {
                br_name = Some(a.value()?);
            } else if w == "vlan" {
                let v = a.value()?;
                if vlan_filter != 0 {
                    return Err(fail(format!("Error: duplicate \"vlan\": \"{v}\" is the second value.\n")));
                }
                vlan_filter = atoi(&v);
            } else if w == "state" {
                let v = a.value()?;
                state_filter |= nud_state_a2n(&v).ok_or_else(|| fail(format!("Error: argument \"{v}\" is wrong: invalid state\n")))?;
            } else if w == "dynamic" {
                dynamic_only = true;
            } else if matches(&w, "help") {
                return Err(Fail::not_modelled("\"bridge fdb help\""));
            }
        }
        let br = match br_name {
            Some(n) => Some(self.dev_named(&n).ok_or_else(|| fail(format!("Cannot find bridge device \"{n}\"\n")))?),
            None => None,
        };
        let dev = match dev_name {
            Some(n) => Some(self.dev_named(&n).ok_or_else(|| Fail::nodev(&n, 255))?),
            None => None,
        };
        // mesh models no VLANs: every entry has VLAN 0, which a VLAN filter
        // never matches.
        if vlan_filter != 0 {
            return Ok(());
        }
        let k = &*self.k;
        let devs: Vec<DevId> = k
            .devs_in(self.ns)
            .filter(|d| dev.is_none_or(|x| x == d.id))
            .filter(|d| br.is_none_or(|b| k.dev(b).is_bridge() && (d.id == b || d.master == Some(b))))
            .map(|d| d.id)
            .collect();
        let mut text = String::new();
        for id in devs {
            for e in self.fdb_entries(id) {
                if state_filter != 0 && u32::from(e.nud) & state_filter == 0 {
                    continue;
                }
                if dynamic_only && e.nud & NUD_PERMANENT != 0 {
                    continue;
                }
                text.push_str(&e.mac.to_string());
                text.push(' ');
                if dev.is_none() {
                    let _ = write!(text, "dev {} ", k.dev(id).name);
                }
                if let Some(d) = e.dst {
                    let _ = write!(text, "dst {d} ");
                }
                if let Some(via) = &e.via {
                    let _ = write!(text, "via {via} ");
                }
                if let Some(nsid) = e.link_netnsid {
                    let _ = write!(text, "link-netnsid {nsid} ");
                }
                if let (true, Some((used, updated))) = (self.stats, e.ages) {
                    let _ = write!(text, "used {used}/{updated} ");
                }
                if e.is_self {
                    text.push_str("self ");
                }
                if let Some(m) = e.master {
                    let _ = write!(text, "master {} ", k.dev(m).name);
                }
                text.push_str(&nud_state_n2a(e.nud));
                text.push('\n');
            }
        }
        self.out.push_str(&text);
        Ok(())
    }

    /// One device's entries in dump order (see the module docs).
    fn fdb_entries(&self, id: DevId) -> Vec<FdbLine> {
        let k = &*self.k;
        let d = k.dev(id);
        let now = k.now;
        let mut lines = Vec::new();
        let bridge_lines = |br: DevId, port: DevId| -> Vec<FdbLine> {
            let Some(b) = k.dev(br).bridge() else { return Vec::new() };
            let mut v: Vec<(&EthernetAddress, &crate::kernel::FdbEntry)> = b.fdb.iter().filter(|(_, e)| e.port == port && !k.fdb_expired(br, e)).collect();
            v.sort_by_key(|e| std::cmp::Reverse(e.1.created));
            v.into_iter()
                .map(|(mac, e)| FdbLine {
                    mac: *mac,
                    dst: None,
                    via: None,
                    link_netnsid: None,
                    ages: Some((now.since(e.used).as_secs(), now.since(e.updated).as_secs())),
                    is_self: false,
                    master: Some(br),
                    // fdb_to_nud
                    nud: if e.is_local {
                        NUD_PERMANENT
                    } else if e.is_static {
                        NUD_NOARP
                    } else {
                        NUD_REACHABLE
                    },
                })
                .collect()
        };
        if let Some(br) = d.master.filter(|m| k.dev(*m).is_bridge()) {
            lines.extend(bridge_lines(br, id));
        }
        let mc = |lines: &mut Vec<FdbLine>| {
            for m in k.dev_mc_list(id) {
                lines.push(FdbLine { mac: m, dst: None, via: None, link_netnsid: None, ages: None, is_self: true, master: None, nud: NUD_PERMANENT });
            }
        };
        match &d.kind {
            DeviceKind::Bridge(_) => {
                mc(&mut lines);
                lines.extend(bridge_lines(id, id));
            }
            DeviceKind::Vxlan(v) => {
                // vxlan_fdb_info: the id this namespace gives the socket's
                // namespace, or -1 (NETNSA_NSID_NOT_ASSIGNED).
                let link_netnsid = (v.link_netns != d.netns).then(|| k.netns(d.netns).netnsids.get(&v.link_netns).map_or(-1, |&nsid| i64::from(nsid)));
                // Newest entry first; an entry's remotes in the order added.
                let mut macs: Vec<EthernetAddress> = Vec::new();
                for f in &v.fdb {
                    if !macs.contains(&f.mac) {
                        macs.push(f.mac);
                    }
                }
                for mac in macs.into_iter().rev() {
                    for f in v.fdb.iter().filter(|f| f.mac == mac) {
                        if !f.permanent && v.ageing != crate::time::Duration::ZERO && now.since(f.updated) > v.ageing {
                            continue;
                        }
                        let age = now.since(f.updated).as_secs();
                        let via = f.via.and_then(|l| k.dev_try(l)).map(|l| match k.dev_by_ifindex(d.netns, l.ifindex) {
                            Some(here) => k.dev(here).name.clone(),
                            None => format!("if{}", l.ifindex),
                        });
                        lines.push(FdbLine {
                            mac,
                            dst: Some(f.dst),
                            via,
                            link_netnsid,
                            ages: Some((age, age)),
                            is_self: true,
                            master: None,
                            // As `bridge fdb add … permanent` sets it; learned
                            // entries are reachable.
                            nud: if f.permanent { NUD_PERMANENT | NUD_NOARP } else { NUD_REACHABLE },
                        });
                    }
                }
            }
            _ => mc(&mut lines),
        }
        lines
    }
}

/// Neighbour states (`NUD_*`) as FDB entries carry them.
const NUD_REACHABLE: u8 = 0x02;
const NUD_STALE: u8 = 0x04;
const NUD_NOARP: u8 = 0x40;
const NUD_PERMANENT: u8 = 0x80;

/// `state_n2a`: how `bridge fdb show` names an entry's state.
fn nud_state_n2a(state: u8) -> String {
    if state & NUD_PERMANENT != 0 {
        "permanent".into()
    } else if state & NUD_NOARP != 0 {
        "static".into()
    } else if state & NUD_STALE != 0 {
        "stale".into()
    } else if state & NUD_REACHABLE != 0 {
        String::new()
    } else {
        format!("state={state:#x}")
    }
}

/// `state_a2n`: the states `bridge fdb show state STATE` selects (any
/// common bit matches); a number is taken as the bits themselves.
fn nud_state_a2n(arg: &str) -> Option<u32> {
    let abbreviates = |word: &str| !arg.is_empty() && word.starts_with(arg);
    Some(if abbreviates("permanent") {
        u32::from(NUD_PERMANENT)
    } else if abbreviates("static") || abbreviates("temp") {
        u32::from(NUD_NOARP)
    } else if abbreviates("stale") {
        u32::from(NUD_STALE)
    } else if abbreviates("reachable") || abbreviates("dynamic") {
        u32::from(NUD_REACHABLE)
    } else if arg == "all" {
        u32::MAX
    } else {
        return parse_c_unsigned(arg);
    })
}

/// `get_unsigned(…, 0)`: strtoul with base 0 (`0x` hex, leading `0` octal),
/// the whole word, at most 32 bits.
fn parse_c_unsigned(arg: &str) -> Option<u32> {
    let (digits, radix) = if let Some(hex) = arg.strip_prefix("0x").or_else(|| arg.strip_prefix("0X")) {
        (hex, 16)
    } else if arg.len() > 1 && arg.starts_with('0') {
        (&arg[1..], 8)
    } else {
        (arg, 10)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    u32::from_str_radix(digits, radix).ok()
}

/// C's `atoi`: optional blanks and sign, then leading digits; 0 without any.
fn atoi(arg: &str) -> i64 {
    let s = arg.trim_start();
    let (negative, rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let digits: String = rest.chars().take_while(char::is_ascii_digit).take(18).collect();
    let value = digits.parse::<i64>().unwrap_or(0);
    if negative { -value } else { value }
}

/// One `bridge fdb show` line.
struct FdbLine {
    mac: EthernetAddress,
    dst: Option<Ipv4Addr>,
    /// A VXLAN entry's `via DEV`: the remote's device, named as `bridge`
    /// finds its ifindex in its own namespace (`ifN` when absent there).
    via: Option<String>,
    /// A VXLAN entry's `link-netnsid` when the device's UDP socket lives in
    /// another namespace.
    link_netnsid: Option<i64>,
    /// Seconds since last used / updated (`-s`).
    ages: Option<(u64, u64)>,
    is_self: bool,
    master: Option<DevId>,
    /// The `NUD_*` state bits.
    nud: u8,
}

#[cfg(test)]
mod tests {
    use crate::kernel::{INIT_NETNS, Kernel};
    use crate::time::Duration;
    use crate::tools::ip::transcript::run;

    fn ok(k: &mut Kernel, line: &str) -> String {
        let argv = shell_words::split(line).unwrap();
        let out = run(k, INIT_NETNS, &argv).unwrap();
        assert!(out.success(), "{line}: {out:?}");
        out.stdout
    }

    /// A bridge with one veth port, both up.
    fn bridge_with_port() -> Kernel {
        let mut k = Kernel::new("t", 1);
        ok(&mut k, "ip link add br0 address 02:00:00:00:00:10 type bridge");
        ok(&mut k, "ip link add vb0 address 02:00:00:00:00:11 type veth peer name eth0 address 02:00:00:00:00:12");
        ok(&mut k, "ip link set vb0 master br0");
        for d in ["br0", "vb0", "eth0"] {
            ok(&mut k, &format!("ip link set {d} up"));
        }
        k
    }

    #[test]
    fn used_and_updated_count_virtual_seconds() {
        let mut k = bridge_with_port();
        k.now += Duration::from_secs(24);
        ok(&mut k, "bridge fdb add 02:00:00:00:00:99 dev vb0 master dynamic");
        k.now += Duration::from_secs(5);
        assert_eq!(
            ok(&mut k, "bridge -s fdb show dev vb0"),
            "02:00:00:00:00:99 used 5/5 master br0 \n02:00:00:00:00:11 used 29/29 master br0 permanent\n33:33:00:00:00:01 self permanent\n01:00:5e:00:00:01 self permanent\n"
        );
    }

    #[test]
    fn dynamic_entries_age_out_after_ageing_time() {
        let mut k = bridge_with_port();
        ok(&mut k, "bridge fdb add 02:00:00:00:00:99 dev vb0 master dynamic");
        ok(&mut k, "bridge fdb add 02:00:00:00:00:98 dev vb0 master static");
        // `dynamic` hides only permanent entries: static ones are listed.
        let both = "02:00:00:00:00:98 dev vb0 master br0 static\n02:00:00:00:00:99 dev vb0 master br0 \n";
        assert_eq!(ok(&mut k, "bridge fdb show dynamic"), both);
        k.now += Duration::from_secs(300);
        assert_eq!(ok(&mut k, "bridge fdb show dynamic"), both);
        k.now += Duration::from_secs(1);
        assert_eq!(ok(&mut k, "bridge fdb show dynamic"), "02:00:00:00:00:98 dev vb0 master br0 static\n");
        assert!(ok(&mut k, "bridge fdb show dev vb0").contains("02:00:00:00:00:98 master br0 static\n"));
        // A shorter ageing time (centiseconds) applies at once.
        ok(&mut k, "bridge fdb add 02:00:00:00:00:97 dev vb0 master dynamic");
        ok(&mut k, "ip link set br0 type bridge ageing_time 1000");
        k.now += Duration::from_secs(11);
        assert_eq!(ok(&mut k, "bridge fdb show dynamic"), "02:00:00:00:00:98 dev vb0 master br0 static\n");
        assert!(ok(&mut k, "ip -d link show br0").contains(" ageing_time 1000 "));
    }

    #[test]
    fn port_entries_follow_the_port() {
        let mut k = bridge_with_port();
        ok(&mut k, "bridge fdb add 02:00:00:00:00:99 dev vb0 master static");
        ok(&mut k, "ip link set vb0 down");
        assert_eq!(
            ok(&mut k, "bridge fdb show br br0"),
            "33:33:00:00:00:01 dev br0 self permanent\n01:00:5e:00:00:6a dev br0 self permanent\n33:33:00:00:00:6a dev br0 self permanent\n01:00:5e:00:00:01 dev br0 self permanent\n02:00:00:00:00:10 dev br0 master br0 permanent\n02:00:00:00:00:99 dev vb0 master br0 static\n02:00:00:00:00:11 dev vb0 master br0 permanent\n33:33:00:00:00:01 dev vb0 self permanent\n"
        );
        assert_eq!(ok(&mut k, "bridge link"), "4: vb0@eth0: <BROADCAST,MULTICAST> mtu 1500 master br0 state disabled priority 32 cost 2 \n");
        ok(&mut k, "ip link set vb0 nomaster");
        assert_eq!(ok(&mut k, "bridge fdb show dev vb0"), "33:33:00:00:00:01 self permanent\n");
        assert_eq!(ok(&mut k, "bridge link"), "");
    }

    /// Recorded on Linux 6.18 with iproute2 6.1 (IPv6 disabled by sysctl in
    /// both namespaces): multicast entries as devices register and come
    /// up, newest-created-first order (a `replace` keeps its place),
    /// `dynamic`, `state` and `vlan` filters, dynamic entries refused on a
    /// port that cannot learn, and a moved VXLAN device's `link-netnsid`.
    const FDB_TRANSCRIPT: &str = r##"#ip netns add ipr-f
#ip netns add ipr-g
#ip netns exec ipr-f sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
#ip netns exec ipr-g sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
$ ip -n ipr-f link add br0 address 02:00:00:00:05:00 type bridge
$ ip netns exec ipr-f bridge fdb show
33:33:00:00:00:01 dev br0 self permanent
02:00:00:00:05:00 dev br0 master br0 permanent
$ ip -n ipr-f link add p1 address 02:00:00:00:05:01 type veth peer name q1 address 02:00:00:00:05:11
$ ip -n ipr-f link add p2 address 02:00:00:00:05:02 type veth peer name q2 address 02:00:00:00:05:12
$ ip netns exec ipr-f bridge fdb show
33:33:00:00:00:01 dev br0 self permanent
02:00:00:00:05:00 dev br0 master br0 permanent
33:33:00:00:00:01 dev q1 self permanent
33:33:00:00:00:01 dev p1 self permanent
33:33:00:00:00:01 dev q2 self permanent
33:33:00:00:00:01 dev p2 self permanent
$ ip -n ipr-f link set p1 up
$ ip netns exec ipr-f bridge fdb show dev p1
33:33:00:00:00:01 self permanent
01:00:5e:00:00:01 self permanent
$ ip -n ipr-f link set p1 master br0
$ ip -n ipr-f link set p2 master br0
$ ip -n ipr-f link set br0 up
$ ip netns exec ipr-f bridge fdb show br br0
33:33:00:00:00:01 dev br0 self permanent
01:00:5e:00:00:6a dev br0 self permanent
33:33:00:00:00:6a dev br0 self permanent
01:00:5e:00:00:01 dev br0 self permanent
02:00:00:00:05:00 dev br0 master br0 permanent
02:00:00:00:05:01 dev p1 master br0 permanent
33:33:00:00:00:01 dev p1 self permanent
01:00:5e:00:00:01 dev p1 self permanent
02:00:00:00:05:02 dev p2 master br0 permanent
33:33:00:00:00:01 dev p2 self permanent
$ ip netns exec ipr-f bridge fdb add 02:00:00:00:05:a1 dev p2 master static
$ ip netns exec ipr-f bridge fdb add 02:00:00:00:05:a2 dev p1 master dynamic
!RTNETLINK answers: Operation not permitted
?255
$ ip netns exec ipr-f bridge fdb add 02:00:00:00:05:a3 dev p2 master dynamic
!RTNETLINK answers: Operation not permitted
?255
$ ip netns exec ipr-f bridge fdb add 02:00:00:00:05:a4 dev p2 master
$ ip netns exec ipr-f bridge fdb replace 02:00:00:00:05:a1 dev p2 master dynamic
!RTNETLINK answers: Operation not permitted
?255
$ ip netns exec ipr-f bridge fdb replace 02:00:00:00:05:a2 dev p2 master static
$ ip netns exec ipr-f bridge fdb show br br0
33:33:00:00:00:01 dev br0 self permanent
01:00:5e:00:00:6a dev br0 self permanent
33:33:00:00:00:6a dev br0 self permanent
01:00:5e:00:00:01 dev br0 self permanent
02:00:00:00:05:00 dev br0 master br0 permanent
02:00:00:00:05:01 dev p1 master br0 permanent
33:33:00:00:00:01 dev p1 self permanent
01:00:5e:00:00:01 dev p1 self permanent
02:00:00:00:05:a2 dev p2 master br0 static
02:00:00:00:05:a4 dev p2 master br0 permanent
02:00:00:00:05:a1 dev p2 master br0 static
02:00:00:00:05:02 dev p2 master br0 permanent
33:33:00:00:00:01 dev p2 self permanent
$ ip netns exec ipr-f bridge fdb show br br0 dynamic
02:00:00:00:05:a2 dev p2 master br0 static
02:00:00:00:05:a1 dev p2 master br0 static
$ ip netns exec ipr-f bridge fdb show br br0 state static
02:00:00:00:05:a2 dev p2 master br0 static
02:00:00:00:05:a1 dev p2 master br0 static
$ ip netns exec ipr-f bridge fdb show br br0 state dynamic
$ ip netns exec ipr-f bridge fdb show br br0 state perm state static
33:33:00:00:00:01 dev br0 self permanent
01:00:5e:00:00:6a dev br0 self permanent
33:33:00:00:00:6a dev br0 self permanent
01:00:5e:00:00:01 dev br0 self permanent
02:00:00:00:05:00 dev br0 master br0 permanent
02:00:00:00:05:01 dev p1 master br0 permanent
33:33:00:00:00:01 dev p1 self permanent
01:00:5e:00:00:01 dev p1 self permanent
02:00:00:00:05:a2 dev p2 master br0 static
02:00:00:00:05:a4 dev p2 master br0 permanent
02:00:00:00:05:a1 dev p2 master br0 static
02:00:00:00:05:02 dev p2 master br0 permanent
33:33:00:00:00:01 dev p2 self permanent
$ ip netns exec ipr-f bridge fdb show dev p2 state 0x40
02:00:00:00:05:a2 master br0 static
02:00:00:00:05:a1 master br0 static
$ ip netns exec ipr-f bridge fdb show state all dev p1
02:00:00:00:05:01 master br0 permanent
33:33:00:00:00:01 self permanent
01:00:5e:00:00:01 self permanent
$ ip netns exec ipr-f bridge fdb show state bogus
!Error: argument "bogus" is wrong: invalid state
?255
$ ip netns exec ipr-f bridge fdb show state
!Command line is not complete. Try option "help"
?255
$ ip netns exec ipr-f bridge fdb show vlan 0 dev p1
02:00:00:00:05:01 master br0 permanent
33:33:00:00:00:01 self permanent
01:00:5e:00:00:01 self permanent
$ ip netns exec ipr-f bridge fdb show vlan 5
$ ip netns exec ipr-f bridge fdb show vlan 5 vlan 6
!Error: duplicate "vlan": "6" is the second value.
?255
$ ip netns exec ipr-f bridge fdb del 02:00:00:00:05:a3 dev p2 master
!RTNETLINK answers: No such file or directory
?255
$ ip netns exec ipr-f bridge fdb add 02:00:00:00:05:a3 dev p2 master static
$ ip netns exec ipr-f bridge fdb show dev p2
02:00:00:00:05:a3 master br0 static
02:00:00:00:05:a2 master br0 static
02:00:00:00:05:a4 master br0 permanent
02:00:00:00:05:a1 master br0 static
02:00:00:00:05:02 master br0 permanent
33:33:00:00:00:01 self permanent
$ ip -n ipr-f link set br0 down
$ ip netns exec ipr-f bridge fdb show dev br0
33:33:00:00:00:01 self permanent
02:00:00:00:05:00 master br0 permanent
$ ip -n ipr-g link add vx0 address 02:00:00:00:05:20 type vxlan id 7 dstport 4789
$ ip -n ipr-g link add vx1 address 02:00:00:00:05:21 type vxlan id 8 dstport 4789
$ ip -n ipr-g link set vx0 netns ipr-f
$ ip -n ipr-f link show vx0
7: vx0@if7: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:05:20 brd ff:ff:ff:ff:ff:ff link-netns ipr-g
$ ip -n ipr-f -br link show vx0
vx0@if7          DOWN           02:00:00:00:05:20 <BROADCAST,MULTICAST> 
$ ip -n ipr-g link show vx1
3: vx1: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:00:00:00:05:21 brd ff:ff:ff:ff:ff:ff
$ ip netns exec ipr-f bridge fdb add 02:00:00:00:05:b1 dev vx0 dst 192.168.56.12 self permanent
$ ip netns exec ipr-f bridge fdb add 02:00:00:00:05:b2 dev vx0 dst 192.168.56.13 self dynamic
$ ip netns exec ipr-g bridge fdb add 02:00:00:00:05:b3 dev vx1 dst 192.168.56.14 self permanent
$ ip netns exec ipr-f bridge fdb show dev vx0
02:00:00:00:05:b2 dst 192.168.56.13 link-netnsid 0 self 
02:00:00:00:05:b1 dst 192.168.56.12 link-netnsid 0 self permanent
$ ip netns exec ipr-f bridge fdb show dev vx0 state dynamic
02:00:00:00:05:b2 dst 192.168.56.13 link-netnsid 0 self 
$ ip netns exec ipr-f bridge fdb show dev vx0 dynamic
02:00:00:00:05:b2 dst 192.168.56.13 link-netnsid 0 self 
$ ip netns exec ipr-g bridge fdb show dev vx1
02:00:00:00:05:b3 dst 192.168.56.14 self permanent
#ip netns del ipr-f
#ip netns del ipr-g
"##;

    #[test]
    fn fdb_matches_the_real_transcript() {
        crate::tools::ip::transcript::replay(FDB_TRANSCRIPT);
    }

    /// Recorded on Linux 6.18: a port that stops forwarding (its veth
    /// peer or the bridge going down) loses its dynamic entries.
    const PORT_FLUSH_TRANSCRIPT: &str = r##"#ip netns add ipr-h
#ip netns exec ipr-h sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
$ ip -n ipr-h link add br0 address 02:00:00:00:06:00 type bridge
$ ip -n ipr-h link add p1 address 02:00:00:00:06:01 type veth peer name q1 address 02:00:00:00:06:11
$ ip -n ipr-h link set p1 master br0
$ ip -n ipr-h link set br0 up
$ ip -n ipr-h link set p1 up
$ ip -n ipr-h link set q1 up
$ ip netns exec ipr-h bridge fdb add 02:00:00:00:06:a1 dev p1 master dynamic
$ ip netns exec ipr-h bridge fdb add 02:00:00:00:06:a2 dev p1 master static
$ ip netns exec ipr-h bridge fdb show dev p1
02:00:00:00:06:a2 master br0 static
02:00:00:00:06:a1 master br0 
02:00:00:00:06:01 master br0 permanent
33:33:00:00:00:01 self permanent
01:00:5e:00:00:01 self permanent
$ ip -n ipr-h link set q1 down
$ ip netns exec ipr-h bridge fdb show dev p1
02:00:00:00:06:a2 master br0 static
02:00:00:00:06:01 master br0 permanent
33:33:00:00:00:01 self permanent
01:00:5e:00:00:01 self permanent
$ ip -n ipr-h link set q1 up
$ ip netns exec ipr-h bridge fdb add 02:00:00:00:06:a3 dev p1 master dynamic
$ ip -n ipr-h link set br0 down
$ ip netns exec ipr-h bridge fdb show dev p1
02:00:00:00:06:a2 master br0 static
02:00:00:00:06:01 master br0 permanent
33:33:00:00:00:01 self permanent
01:00:5e:00:00:01 self permanent
#ip netns del ipr-h
"##;

    #[test]
    fn a_port_that_stops_forwarding_loses_its_learned_entries() {
        crate::tools::ip::transcript::replay(PORT_FLUSH_TRANSCRIPT);
    }

    #[test]
    fn errors_exit_255() {
        let mut k = bridge_with_port();
        for (cmd, err) in [
            ("bridge fdb del 02:00:00:00:00:99 dev vb0 master", "RTNETLINK answers: No such file or directory\n"),
            ("bridge fdb add 02:00:00:00:00:99 dev eth9", "Cannot find device \"eth9\"\n"),
            ("bridge fdb add 02:00:00:00:00:99 dev eth0 master", "RTNETLINK answers: Operation not supported\n"),
            ("bridge -x fdb", "Option \"-x\" is unknown, try \"bridge help\".\n"),
            ("bridge link show dev eth9", "Cannot find device \"eth9\"\n"),
        ] {
            let argv = shell_words::split(cmd).unwrap();
            let out = run(&mut k, INIT_NETNS, &argv).unwrap();
            assert_eq!((out.stderr.as_str(), out.status), (err, 255), "{cmd}");
        }
    }
}
