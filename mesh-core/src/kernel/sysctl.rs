//! The network sysctls that matter for the routing mesh, per namespace.
//!
//! Values live in typed fields (the datapath reads them on every packet);
//! [`crate::kernel::Kernel::sysctl_get`] and `sysctl_set` expose them under
//! their `/proc/sys` names for the `sysctl` tool and `cat /proc/sys/...`.
//!
//! Linux semantics kept: writing `net.ipv4.ip_forward` (=
//! `conf.all.forwarding`) sets forwarding on every device and on `default`;
//! `rp_filter` and `arp_ignore` use the maximum of `all` and the device;
//! `route_localnet`, `accept_local` and `proxy_arp` are on if either `all` or
//! the device has them; a new namespace copies `all` and `default` from the
//! initial namespace (devconf_inherit_init_net = 0), a new device copies
//! `default`.

/// Per-device IPv4 configuration (`net.ipv4.conf.<dev>.*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DevConf {
    pub forwarding: bool,
    pub rp_filter: u8,
    pub route_localnet: bool,
    pub accept_local: bool,
    pub arp_ignore: u8,
    pub arp_announce: u8,
    pub proxy_arp: bool,
    pub send_redirects: bool,
    pub accept_redirects: bool,
}

impl Default for DevConf {
    fn default() -> Self {
        DevConf {
            forwarding: false,
            rp_filter: 0,
            route_localnet: false,
            accept_local: false,
            arp_ignore: 0,
            arp_announce: 0,
            proxy_arp: false,
            send_redirects: true,
            accept_redirects: true,
        }
    }
}

/// Namespace-wide sysctls.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sysctl {
    pub conf_all: DevConf,
    pub conf_default: DevConf,
    pub ip_local_port_range: (u16, u16),
    pub ip_default_ttl: u8,
    /// `ipfrag_time`: seconds a fragment queue waits (a negative value
    /// expires queues at once).
    pub ipfrag_time: i64,
    /// `ipfrag_high_thresh`: bytes of queued fragments above which no new
    /// datagram is reassembled.
    pub ipfrag_high_thresh: u64,
    pub icmp_echo_ignore_all: bool,
    pub icmp_echo_ignore_broadcasts: bool,
    pub tcp_timestamps: bool,
    pub tcp_sack: bool,
    pub tcp_window_scaling: bool,
    pub tcp_syn_retries: u8,
    pub tcp_fin_timeout: u32,
    /// Whether br_netfilter is loaded (the `net.bridge.*` keys exist).
    pub br_netfilter: bool,
    pub bridge_nf_call_iptables: bool,
    pub bridge_nf_call_arptables: bool,
    pub bridge_nf_call_ip6tables: bool,
    pub nf_conntrack_max: u32,
    pub nf_conntrack_tcp_loose: bool,
    pub nf_conntrack_acct: bool,
    /// Whether ip_vs is loaded (the `net.ipv4.vs.*` keys exist in this namespace).
    pub ip_vs: bool,
    pub vs_conntrack: bool,
    pub vs_conn_reuse_mode: u8,
    pub vs_expire_nodest_conn: bool,
    pub vs_expire_quiescent_template: bool,
    pub somaxconn: u32,
}

impl Default for Sysctl {
    fn default() -> Self {
        Sysctl {
            conf_all: DevConf::default(),
            conf_default: DevConf::default(),
            ip_local_port_range: (32768, 60999),
            ip_default_ttl: 64,
            ipfrag_time: 30,
            ipfrag_high_thresh: 4 * 1024 * 1024,
            icmp_echo_ignore_all: false,
            icmp_echo_ignore_broadcasts: true,
            tcp_timestamps: true,
            tcp_sack: true,
            tcp_window_scaling: true,
            tcp_syn_retries: 6,
            tcp_fin_timeout: 60,
            br_netfilter: true,
            bridge_nf_call_iptables: true,
            bridge_nf_call_arptables: true,
            bridge_nf_call_ip6tables: true,
            nf_conntrack_max: 262144,
            nf_conntrack_tcp_loose: true,
            nf_conntrack_acct: false,
            ip_vs: false,
            vs_conntrack: false,
            vs_conn_reuse_mode: 1,
            vs_expire_nodest_conn: false,
            vs_expire_quiescent_template: false,
            somaxconn: 4096,
        }
    }
}

impl Sysctl {
    /// `net.ipv4.ip_forward`.
    pub fn ip_forward(&self) -> bool {
        self.conf_all.forwarding
    }
    /// What a new namespace starts with, given the initial namespace's values.
    pub fn inherit(init: &Sysctl) -> Sysctl {
        Sysctl { conf_all: init.conf_all, conf_default: init.conf_default, br_netfilter: init.br_netfilter, ip_vs: init.ip_vs, ..Sysctl::default() }
    }
}

/// Effective per-device values combining `all` and the device (see module docs).
pub fn effective(all: &DevConf, dev: &DevConf) -> DevConf {
    DevConf {
        forwarding: dev.forwarding,
        rp_filter: all.rp_filter.max(dev.rp_filter),
        route_localnet: all.route_localnet || dev.route_localnet,
        accept_local: all.accept_local || dev.accept_local,
        arp_ignore: all.arp_ignore.max(dev.arp_ignore),
        arp_announce: all.arp_announce.max(dev.arp_announce),
        proxy_arp: all.proxy_arp || dev.proxy_arp,
        send_redirects: all.send_redirects || dev.send_redirects,
        accept_redirects: all.accept_redirects && dev.accept_redirects,
    }
}

/// The per-device keys under `net.ipv4.conf.<dev>.`, in `sysctl -a` order.
pub const DEVCONF_KEYS: [&str; 9] =
    ["accept_local", "accept_redirects", "arp_announce", "arp_ignore", "forwarding", "proxy_arp", "route_localnet", "rp_filter", "send_redirects"];

pub fn devconf_get(c: &DevConf, key: &str) -> Option<String> {
    Some(match key {
        "forwarding" => u8::from(c.forwarding).to_string(),
        "rp_filter" => c.rp_filter.to_string(),
        "route_localnet" => u8::from(c.route_localnet).to_string(),
        "accept_local" => u8::from(c.accept_local).to_string(),
        "arp_ignore" => c.arp_ignore.to_string(),
        "arp_announce" => c.arp_announce.to_string(),
        "proxy_arp" => u8::from(c.proxy_arp).to_string(),
        "send_redirects" => u8::from(c.send_redirects).to_string(),
        "accept_redirects" => u8::from(c.accept_redirects).to_string(),
        _ => return None,
    })
}

/// Set one per-device key. `Err(())` = invalid value (EINVAL).
pub fn devconf_set(c: &mut DevConf, key: &str, value: &str) -> Result<(), ()> {
    let n: i64 = value.trim().parse().map_err(|_| ())?;
    let b = n != 0;
    let small = |max: i64| if (0..=max).contains(&n) { Ok(n as u8) } else { Err(()) };
    match key {
        "forwarding" => c.forwarding = b,
        // Linux stores any integer here (proc_dointvec); mesh keeps 0..=255.
        "rp_filter" => c.rp_filter = small(255)?,
        "route_localnet" => c.route_localnet = b,
        "accept_local" => c.accept_local = b,
        "arp_ignore" => c.arp_ignore = small(255)?,
        "arp_announce" => c.arp_announce = small(255)?,
        "proxy_arp" => c.proxy_arp = b,
        "send_redirects" => c.send_redirects = b,
        "accept_redirects" => c.accept_redirects = b,
        _ => return Err(()),
    }
    Ok(())
}
