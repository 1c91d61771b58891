//! The option parsing of libpopt (1.19) as ipvsadm uses it
//! (`poptGetNextOpt`, `poptGetArg`, `poptBadOption`, `poptStrerror`).
//!
//! Behaviour reproduced: long options only by their exact name (no
//! abbreviations), `--name=value`; short options bundled (`-Lnc`), a short
//! option's argument attached (`-t1.2.3.4:80`, `-t=1.2.3.4:80`) or in the
//! next word; a required argument takes the next word whatever it looks
//! like, an optional one (`-p`) only if it does not start with `-`; words
//! that are not options are collected as leftover arguments, and `--` makes
//! every later word one. Errors name the word being parsed when they
//! happened.

/// How an option takes its argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ArgKind {
    None,
    Required,
    Optional,
}

/// One row of ipvsadm's `options_table`: long name, short name, argument
/// kind and the value `poptGetNextOpt` returns for it.
pub(super) struct OptDef {
    pub long: &'static str,
    pub short: Option<char>,
    pub arg: ArgKind,
    pub tag: Tag,
}

/// The values ipvsadm's options return (its short letters and `TAG_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Tag {
    AddService,
    EditService,
    DeleteService,
    Clear,
    List,
    Zero,
    AddServer,
    EditServer,
    DeleteServer,
    Set,
    Help,
    Version,
    Restore,
    Save,
    StartDaemon,
    StopDaemon,
    TcpService,
    UdpService,
    SctpService,
    FwmarkService,
    Scheduler,
    Persistent,
    Netmask,
    RealServer,
    Masquerading,
    Ipip,
    Gatewaying,
    Weight,
    UThreshold,
    LThreshold,
    Numeric,
    Connection,
    McastInterface,
    Syncid,
    Timeout,
    Daemon,
    Stats,
    Rate,
    Thresholds,
    PersistentConn,
    NoSort,
    Sort,
    Exact,
    Ipv6,
    Ops,
    Pe,
    SchedFlags,
    McastGroup,
    McastPort,
    McastTtl,
    SyncMaxlen,
    TunInfo,
    TunType,
    TunPort,
    TunNocsum,
    TunCsum,
    TunRemcsum,
}

const fn opt(long: &'static str, short: Option<char>, arg: ArgKind, tag: Tag) -> OptDef {
    OptDef { long, short, arg, tag }
}

use ArgKind::{None as N, Optional as O, Required as R};

/// ipvsadm 1.31's `options_table`, in its order.
pub(super) static OPTIONS: &[OptDef] = &[
    opt("add-service", Some('A'), N, Tag::AddService),
    opt("edit-service", Some('E'), N, Tag::EditService),
    opt("delete-service", Some('D'), N, Tag::DeleteService),
    opt("clear", Some('C'), N, Tag::Clear),
    opt("list", Some('L'), N, Tag::List),
    opt("list", Some('l'), N, Tag::List),
    opt("zero", Some('Z'), N, Tag::Zero),
    opt("add-server", Some('a'), N, Tag::AddServer),
    opt("edit-server", Some('e'), N, Tag::EditServer),
    opt("delete-server", Some('d'), N, Tag::DeleteServer),
    opt("set", None, N, Tag::Set),
    opt("help", Some('h'), N, Tag::Help),
    opt("version", Some('v'), N, Tag::Version),
    opt("restore", Some('R'), N, Tag::Restore),
    opt("save", Some('S'), N, Tag::Save),
    opt("start-daemon", None, R, Tag::StartDaemon),
    opt("stop-daemon", None, R, Tag::StopDaemon),
    opt("tcp-service", Some('t'), R, Tag::TcpService),
    opt("udp-service", Some('u'), R, Tag::UdpService),
    opt("sctp-service", None, R, Tag::SctpService),
    opt("fwmark-service", Some('f'), R, Tag::FwmarkService),
    opt("scheduler", Some('s'), R, Tag::Scheduler),
    opt("persistent", Some('p'), O, Tag::Persistent),
    opt("netmask", Some('M'), R, Tag::Netmask),
    opt("real-server", Some('r'), R, Tag::RealServer),
    opt("masquerading", Some('m'), N, Tag::Masquerading),
    opt("ipip", Some('i'), N, Tag::Ipip),
    opt("gatewaying", Some('g'), N, Tag::Gatewaying),
    opt("weight", Some('w'), R, Tag::Weight),
    opt("u-threshold", Some('x'), R, Tag::UThreshold),
    opt("l-threshold", Some('y'), R, Tag::LThreshold),
    opt("numeric", Some('n'), N, Tag::Numeric),
    opt("connection", Some('c'), N, Tag::Connection),
    opt("mcast-interface", None, R, Tag::McastInterface),
    opt("syncid", None, R, Tag::Syncid),
    opt("timeout", None, N, Tag::Timeout),
    opt("daemon", None, N, Tag::Daemon),
    opt("stats", None, N, Tag::Stats),
    opt("rate", None, N, Tag::Rate),
    opt("thresholds", None, N, Tag::Thresholds),
    opt("persistent-conn", None, N, Tag::PersistentConn),
    opt("nosort", None, N, Tag::NoSort),
    opt("sort", None, N, Tag::Sort),
    opt("exact", Some('X'), N, Tag::Exact),
    opt("ipv6", Some('6'), N, Tag::Ipv6),
    opt("ops", Some('o'), N, Tag::Ops),
    opt("pe", None, R, Tag::Pe),
    opt("sched-flags", Some('b'), R, Tag::SchedFlags),
    opt("mcast-group", None, R, Tag::McastGroup),
    opt("mcast-port", None, R, Tag::McastPort),
    opt("mcast-ttl", None, R, Tag::McastTtl),
    opt("sync-maxlen", None, R, Tag::SyncMaxlen),
    opt("tun-info", None, N, Tag::TunInfo),
    opt("tun-type", None, R, Tag::TunType),
    opt("tun-port", None, R, Tag::TunPort),
    opt("tun-nocsum", None, N, Tag::TunNocsum),
    opt("tun-csum", None, N, Tag::TunCsum),
    opt("tun-remcsum", None, N, Tag::TunRemcsum),
];

/// popt's error codes that ipvsadm can meet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum PoptError {
    NoArg,
    BadOpt,
    UnwantedArg,
}

impl PoptError {
    /// `poptStrerror`.
    pub fn message(self) -> &'static str {
        match self {
            PoptError::NoArg => "missing argument",
            PoptError::BadOpt => "unknown option",
            PoptError::UnwantedArg => "option does not take an argument",
        }
    }
}

/// What one `poptGetNextOpt` call yields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Next {
    Opt(Tag, Option<String>),
    Error(PoptError),
    /// No more options (`-1`).
    End,
}

/// A popt context over `argv` (whose first word is the program name).
pub(super) struct Context<'a> {
    argv: &'a [String],
    /// Index of the next word to look at.
    next: usize,
    /// Rest of a bundle of short options still to parse.
    short_rest: Option<String>,
    rest_leftover: bool,
    leftovers: Vec<String>,
    leftover_read: usize,
}

impl<'a> Context<'a> {
    pub fn new(argv: &'a [String]) -> Context<'a> {
        Context { argv, next: 1, short_rest: None, rest_leftover: false, leftovers: Vec::new(), leftover_read: 0 }
    }

    /// `poptBadOption(con, POPT_BADOPTION_NOALIAS)`: the word last taken
    /// from argv.
    pub fn bad_option(&self) -> &str {
        self.next.checked_sub(1).and_then(|i| self.argv.get(i)).map_or("", String::as_str)
    }

    /// `poptGetArg`: the next leftover word.
    pub fn get_arg(&mut self) -> Option<String> {
        let a = self.leftovers.get(self.leftover_read).cloned();
        if a.is_some() {
            self.leftover_read += 1;
        }
        a
    }

    fn take_word(&mut self) -> Option<String> {
        let w = self.argv.get(self.next).cloned();
        if w.is_some() {
            self.next += 1;
        }
        w
    }

    /// `poptGetNextOpt`.
    pub fn next_opt(&mut self) -> Next {
        loop {
            if let Some(rest) = self.short_rest.take() {
                return self.short_option(&rest);
            }
            let Some(word) = self.take_word() else {
                return Next::End;
            };
            if self.rest_leftover || !word.starts_with('-') || word == "-" {
                self.leftovers.push(word);
                continue;
            }
            if word == "--" {
                self.rest_leftover = true;
                continue;
            }
            if let Some(long) = word.strip_prefix("--") {
                let (name, value) = match long.split_once('=') {
                    Some((n, v)) => (n, Some(v.to_string())),
                    None => (long, None),
                };
                let Some(def) = OPTIONS.iter().find(|o| o.long == name) else {
                    return Next::Error(PoptError::BadOpt);
                };
                return self.with_argument(def, value);
            }
            return self.short_option(&word[1..]);
        }
    }

    /// The first option of a short bundle; the remainder is kept for the
    /// next call (or becomes the argument).
    fn short_option(&mut self, bundle: &str) -> Next {
        let mut chars = bundle.chars();
        let Some(c) = chars.next() else {
            return Next::Error(PoptError::BadOpt);
        };
        let Some(def) = OPTIONS.iter().find(|o| o.short == Some(c)) else {
            return Next::Error(PoptError::BadOpt);
        };
        let rest = chars.as_str();
        if def.arg == ArgKind::None {
            if rest.starts_with('=') {
                return Next::Error(PoptError::UnwantedArg);
            }
            if !rest.is_empty() {
                self.short_rest = Some(rest.to_string());
            }
            return Next::Opt(def.tag, None);
        }
        let attached = (!rest.is_empty()).then(|| rest.strip_prefix('=').unwrap_or(rest).to_string());
        self.with_argument(def, attached)
    }

    fn with_argument(&mut self, def: &OptDef, attached: Option<String>) -> Next {
        match def.arg {
            ArgKind::None => {
                if attached.is_some() {
                    Next::Error(PoptError::UnwantedArg)
                } else {
                    Next::Opt(def.tag, None)
                }
            }
            ArgKind::Required => match attached.or_else(|| self.take_word()) {
                Some(a) => Next::Opt(def.tag, Some(a)),
                None => Next::Error(PoptError::NoArg),
            },
            ArgKind::Optional => {
                if attached.is_some() {
                    return Next::Opt(def.tag, attached);
                }
                let takes_next = self.argv.get(self.next).is_some_and(|w| !w.starts_with('-'));
                let a = if takes_next { self.take_word() } else { None };
                Next::Opt(def.tag, a)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(words: &[&str]) -> (Vec<Next>, Vec<String>, String) {
        let argv: Vec<String> = std::iter::once("ipvsadm").chain(words.iter().copied()).map(String::from).collect();
        let mut c = Context::new(&argv);
        let mut out = Vec::new();
        loop {
            let n = c.next_opt();
            let stop = !matches!(n, Next::Opt(..));
            out.push(n);
            if stop {
                break;
            }
        }
        let bad = c.bad_option().to_string();
        let mut left = Vec::new();
        while let Some(a) = c.get_arg() {
            left.push(a);
        }
        (out, left, bad)
    }

    #[test]
    fn bundles_attached_arguments_and_leftovers() {
        let (o, left, _) = all(&["-Lnc", "x", "-t1.2.3.4:80", "-s=rr", "--", "-n"]);
        assert_eq!(
            o,
            vec![
                Next::Opt(Tag::List, None),
                Next::Opt(Tag::Numeric, None),
                Next::Opt(Tag::Connection, None),
                Next::Opt(Tag::TcpService, Some("1.2.3.4:80".into())),
                Next::Opt(Tag::Scheduler, Some("rr".into())),
                Next::End
            ]
        );
        assert_eq!(left, ["x", "-n"]);
    }

    #[test]
    fn optional_argument_skips_dash_words_and_errors_name_the_word() {
        let (o, _, _) = all(&["-A", "-p", "-5"]);
        assert_eq!(o[1], Next::Opt(Tag::Persistent, None));
        assert_eq!(o[2], Next::Error(PoptError::BadOpt));
        let (o, _, bad) = all(&["-L", "-nx"]);
        assert_eq!(o[2], Next::Error(PoptError::NoArg));
        assert_eq!(bad, "-nx");
        let (o, _, bad) = all(&["-L", "--numeric=5"]);
        assert_eq!((o[1].clone(), bad.as_str()), (Next::Error(PoptError::UnwantedArg), "--numeric=5"));
        let (o, _, _) = all(&["--lis"]);
        assert_eq!(o[0], Next::Error(PoptError::BadOpt));
        let (o, _, _) = all(&["-w", "-1"]);
        assert_eq!(o[0], Next::Opt(Tag::Weight, Some("-1".into())));
    }
}
