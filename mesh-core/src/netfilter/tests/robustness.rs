//! Bad input never panics and never changes anything: random command lines
//! and restore files built from iptables' own vocabulary.

use proptest::prelude::*;

use super::transcripts::{env, run};
use crate::net::Hook;
use crate::netfilter::{Netfilter, NfEnv, NfPacket, TableName, iptables, iptables_restore};
use crate::rng::Rng;

const WORDS: &[&str] = &[
    "-A",
    "-I",
    "-D",
    "-R",
    "-C",
    "-N",
    "-X",
    "-E",
    "-F",
    "-Z",
    "-P",
    "-L",
    "-S",
    "-t",
    "nat",
    "filter",
    "mangle",
    "raw",
    "INPUT",
    "FORWARD",
    "OUTPUT",
    "PREROUTING",
    "POSTROUTING",
    "U",
    "V",
    "1",
    "2",
    "0",
    "-j",
    "-g",
    "ACCEPT",
    "DROP",
    "RETURN",
    "DNAT",
    "SNAT",
    "MASQUERADE",
    "REDIRECT",
    "MARK",
    "LOG",
    "REJECT",
    "CONNMARK",
    "TRACE",
    "CT",
    "--to-destination",
    "--to-source",
    "--to-ports",
    "1.2.3.4:80",
    ":53",
    "80-90",
    "--set-mark",
    "0x10f",
    "--save-mark",
    "-p",
    "tcp",
    "udp",
    "icmp",
    "all",
    "-m",
    "multiport",
    "state",
    "conntrack",
    "addrtype",
    "mark",
    "statistic",
    "comment",
    "limit",
    "ipvs",
    "--dport",
    "--sport",
    "--dports",
    "22,80:90",
    "--state",
    "NEW,ESTABLISHED",
    "--ctstate",
    "--dst-type",
    "LOCAL",
    "--mark",
    "--mode",
    "nth",
    "--every",
    "3",
    "--packet",
    "--comment",
    "x y",
    "--ipvs",
    "!",
    "-s",
    "-d",
    "10.0.0.0/8",
    "1.2.3.400",
    "-i",
    "-o",
    "eth+",
    "docker0",
    "-f",
    "-n",
    "-v",
    "-x",
    "--line-numbers",
    "-c",
    "5",
    "--syn",
    "--tcp-flags",
    "SYN,ACK",
    "SYN",
    "--icmp-type",
    "echo-request",
    "--reject-with",
    "tcp-reset",
    "--",
    "-",
    "--foo",
    "--d",
    "-w",
    "--notrack",
    "--limit",
    "5/min",
    "--probability",
    "0.5",
    "",
    "\u{e9}",
];

fn all_tables(nf: &mut Netfilter) -> String {
    ["raw", "mangle", "nat", "filter"].iter().map(|t| run(nf, &format!("iptables -t {t} -S -v"), "").stdout).collect()
}

fn base() -> Netfilter {
    let mut nf = Netfilter::new();
    for l in [
        "iptables -N U",
        "iptables -N V",
        "iptables -A U -j RETURN",
        "iptables -A INPUT -p tcp --dport 22 -j U",
        "iptables -t nat -N V",
        "iptables -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j V",
        "iptables -t nat -A V -p tcp --dport 8080 -j DNAT --to-destination 172.18.0.2:8080",
        "iptables -t mangle -A PREROUTING -j MARK --set-mark 1",
        "iptables -t raw -A PREROUTING -j CT --notrack",
    ] {
        assert!(run(&mut nf, l, "").success(), "{l}");
    }
    nf
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, .. ProptestConfig::default() })]

    #[test]
    fn failing_commands_change_nothing(words in proptest::collection::vec(proptest::sample::select(WORDS), 0..12)) {
        let mut nf = base();
        let before = all_tables(&mut nf);
        let mut argv = vec!["iptables".to_string()];
        argv.extend(words.iter().map(|w| w.to_string()));
        let out = iptables(&argv, &mut nf, &env());
        if !out.success() {
            prop_assert_eq!(all_tables(&mut nf), before, "{:?} failed with {:?} but changed the tables", argv, out);
            prop_assert!(!out.stderr.is_empty());
        }
        // Whatever happened, the tables still walk.
        let syn = [0x45u8, 0, 0, 40, 0, 0, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
                   0x9c, 0x40, 0, 22, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 2, 0xfa, 0xf0, 0, 0, 0, 0];
        let mut rng = Rng::new(3, "fuzz");
        let local = |_: std::net::Ipv4Addr, _: Option<&str>| crate::netfilter::AddrType::Local;
        let mut e = NfEnv { addr_type: &local, rng: &mut rng, trace: true };
        for t in TableName::ALL {
            for h in Hook::ALL {
                let pkt = NfPacket { l3: &syn, in_dev: Some("eth0"), out_dev: None, mac_header: None, mark: 0, ct: None, ipvs_property: false, ipvs_conn: None, nf_trace: true };
                nf.run(t, h, &pkt, &mut e);
            }
        }
    }

    #[test]
    fn failing_restores_keep_the_table_being_built_out(lines in proptest::collection::vec(
        proptest::collection::vec(proptest::sample::select(WORDS), 0..8), 0..6)) {
        let mut nf = base();
        let before = all_tables(&mut nf);
        let mut input = String::from("*filter\n");
        for l in &lines {
            input.push_str(&l.join(" "));
            input.push('\n');
        }
        input.push_str("COMMIT\n");
        let out = iptables_restore(&["iptables-restore".to_string(), "--noflush".to_string()], &input, &mut nf, &env());
        if !out.success() {
            prop_assert_eq!(all_tables(&mut nf), before, "{:?}: {:?}", input, out);
        }
    }

    #[test]
    fn packets_of_any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..80)) {
        let mut nf = base();
        run(&mut nf, "iptables -A INPUT -p tcp --tcp-option 2 -j LOG --log-tcp-options --log-ip-options", "");
        run(&mut nf, "iptables -A INPUT -p udp -m multiport --ports 53 -j LOG", "");
        run(&mut nf, "iptables -A INPUT -p icmp --icmp-type 3 -j LOG", "");
        let mut rng = Rng::new(3, "fuzz");
        let unicast = |_: std::net::Ipv4Addr, _: Option<&str>| crate::netfilter::AddrType::Unicast;
        let mut e = NfEnv { addr_type: &unicast, rng: &mut rng, trace: true };
        let mac = [0u8; 14];
        for t in TableName::ALL {
            for h in Hook::ALL {
                let pkt = NfPacket { l3: &bytes, in_dev: Some("eth0"), out_dev: Some("eth1"), mac_header: Some(&mac), mark: 0, ct: None, ipvs_property: false, ipvs_conn: None, nf_trace: true };
                nf.run(t, h, &pkt, &mut e);
            }
        }
    }
}
