//! How iptables fails: the message classes of iptables 1.8 and the errno
//! texts libiptc prints for kernel-side refusals.

/// A failure of an iptables operation, carrying what the real tool prints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Failure {
    /// `xtables_error(PARAMETER_PROBLEM, …)`: the message after the
    /// `iptables v1.8.7 (legacy): ` prefix, then the "Try … --help" line;
    /// exit status 2.  The text keeps the trailing `\n` some real messages
    /// carry (which shows as an empty line).
    Param(String),
    /// `Bad argument `x'`: printed without the program prefix; exit 2.
    BadArgument(String),
    /// Only the "Try … --help" line (`-6` given to iptables); exit 2.
    Usage,
    /// A table that cannot be initialised (exit 3).
    NoTable(String),
    /// A libiptc/kernel refusal: `iptables: <text>.`; exit 1.
    Kernel(Errno),
    /// `xtables_error(OTHER_PROBLEM, …)`: prefixed message, no "Try" line;
    /// exit 1.
    Other(String),
    /// Something the real iptables accepts but mesh does not model (an
    /// extension whose `.so` ships with iptables 1.8, an option of a
    /// modelled one, the `security` table): mesh refuses it with
    /// `mesh: PROG WHAT is not modelled` rather than pretend the extension
    /// is missing or accept it silently; exit 2, nothing changes.
    NotModelled(String),
}

impl Failure {
    pub(super) fn param(msg: impl Into<String>) -> Failure {
        Failure::Param(msg.into())
    }

    pub(super) fn not_modelled(what: impl Into<String>) -> Failure {
        Failure::NotModelled(what.into())
    }
}

/// Match extensions iptables 1.8 ships (`libxt_*.so`, `libipt_*.so`) that
/// mesh does not model.  `-m NAME` with one of these is refused as not
/// modelled; any other unknown name fails as the real tool does when no
/// `.so` exists.
pub(super) const UNMODELLED_MATCHES: &[&str] = &[
    "ah",
    "bpf",
    "cgroup",
    "cluster",
    "connbytes",
    "connlabel",
    "connlimit",
    "cpu",
    "dccp",
    "devgroup",
    "dscp",
    "ecn",
    "esp",
    "hashlimit",
    "helper",
    "ipcomp",
    "iprange",
    "length",
    "mac",
    "nfacct",
    "osf",
    "owner",
    "physdev",
    "pkttype",
    "policy",
    "quota",
    "rateest",
    "realm",
    "recent",
    "rpfilter",
    "sctp",
    "set",
    "socket",
    "string",
    "tcpmss",
    "time",
    "tos",
    "ttl",
    "u32",
];

/// Target extensions iptables 1.8 ships that mesh does not model.
pub(super) const UNMODELLED_TARGETS: &[&str] = &[
    "AUDIT",
    "CHECKSUM",
    "CLASSIFY",
    "CLUSTERIP",
    "CONNSECMARK",
    "DSCP",
    "ECN",
    "HMARK",
    "IDLETIMER",
    "LED",
    "NETMAP",
    "NFLOG",
    "NFQUEUE",
    "RATEEST",
    "SECMARK",
    "SET",
    "SYNPROXY",
    "TCPMSS",
    "TCPOPTSTRIP",
    "TEE",
    "TOS",
    "TPROXY",
    "TTL",
    "ULOG",
];

/// Options of modelled targets that mesh does not model, by target.
pub(super) const UNMODELLED_TARGET_OPTIONS: &[(&str, &[&str])] = &[("CT", &["helper", "ctevents", "expevents", "zone", "zone-orig", "zone-reply", "timeout"])];

/// The kernel/libiptc error cases iptables reports, each with the text
/// `iptc_strerror` gives it in that context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Errno {
    /// ENOENT: no such chain (or target).
    NoChain,
    /// ENOENT while deleting/checking a rule: no rule matches.
    BadRule,
    /// EEXIST from `-N`.
    ChainExists,
    /// EEXIST from `-E`.
    FileExists,
    /// EINVAL: a kernel `checkentry` refused the table (see dmesg).
    Invalid,
    /// ELOOP: a jump loop reachable from a built-in chain.
    Loop,
    /// EMLINK: deleting a chain that is still referenced.
    TooManyLinks,
    /// ENOTEMPTY: deleting a chain that still has rules.
    NotEmpty,
    IndexDelete,
    IndexInsert,
    IndexReplace,
    IndexCounter,
    /// ENOENT from `-P`.
    BadBuiltin,
    /// EINVAL from `-P`.
    BadPolicy,
    /// ERANGE: e.g. a `-m limit` rate the kernel cannot represent.
    Range,
}

impl Errno {
    /// The line iptables prints to stderr for this error.
    pub(super) fn message(self) -> &'static str {
        match self {
            Errno::NoChain => "iptables: No chain/target/match by that name.",
            Errno::BadRule => "iptables: Bad rule (does a matching rule exist in that chain?).",
            Errno::ChainExists => "iptables: Chain already exists.",
            Errno::FileExists => "iptables: File exists.",
            Errno::Invalid => "iptables: Invalid argument. Run `dmesg' for more information.",
            Errno::Loop => "iptables: Too many levels of symbolic links.",
            Errno::TooManyLinks => "iptables: Too many links.",
            Errno::NotEmpty => "iptables: Directory not empty.",
            Errno::IndexDelete => "iptables: Index of deletion too big.",
            Errno::IndexInsert => "iptables: Index of insertion too big.",
            Errno::IndexReplace => "iptables: Index of replacement too big.",
            Errno::IndexCounter => "iptables: Index of counter too big.",
            Errno::BadBuiltin => "iptables: Bad built-in chain name.",
            Errno::BadPolicy => "iptables: Bad policy name. Run `dmesg' for more information.",
            Errno::Range => "iptables: Numerical result out of range.",
        }
    }

    /// The bare `iptc_strerror` text (used by iptables-restore's
    /// "Can't set policy" message).
    pub(super) fn plain(self) -> &'static str {
        match self {
            Errno::BadBuiltin => "Bad built-in chain name",
            Errno::BadPolicy => "Bad policy name",
            _ => "Invalid argument",
        }
    }
}
