//! The rules Docker programs, issued with libnetwork's exact commands in
//! libnetwork's order, must list byte for byte like the listings of the
//! shared facts file (`libnetwork-facts.md` §1.3, §2.2, §3.2-3.3).  The host
//! sequence is also a recorded transcript (`docker.t`): the real
//! iptables-legacy printed those same listings.  The sandbox's
//! `-m ipvs` rule cannot be recorded on a kernel without IPVS, so the
//! ingress_sbox listings come from the facts file alone.

use super::transcripts::run;
use crate::netfilter::Netfilter;

/// Run command lines; every one must succeed.
#[track_caller]
fn program(nf: &mut Netfilter, lines: &[&str]) {
    for l in lines {
        let o = run(nf, l, "");
        assert!(o.success(), "{l}: {o:?}");
    }
}

#[track_caller]
fn assert_listing(nf: &mut Netfilter, cmd: &str, expected: &str) {
    let o = run(nf, cmd, "");
    assert_eq!(o.stderr, "");
    if o.stdout != expected {
        let diff: Vec<String> = o
            .stdout
            .lines()
            .zip(expected.lines())
            .enumerate()
            .filter(|(_, (a, b))| a != b)
            .map(|(i, (a, b))| format!("line {}:\n  got      {a:?}\n  expected {b:?}", i + 1))
            .collect();
        panic!("{cmd} differs:\n{}\n--- got\n{}", diff.join("\n"), o.stdout);
    }
}

/// Every command of the host section of `docker.t`, in order.
fn host_commands() -> Vec<String> {
    include_str!("../testdata/docker.t").lines().filter_map(|l| l.strip_prefix("$ ")).map(str::to_string).collect()
}

#[test]
fn host_node1_lists_like_the_facts_file() {
    let mut nf = Netfilter::new();
    for l in host_commands().iter().take_while(|l| !l.ends_with("-nvL")) {
        // The -C probes fail for absent rules, as libnetwork expects.
        run(&mut nf, l, "");
    }
    assert_listing(&mut nf, "iptables -t nat -nvL", include_str!("../testdata/facts-host-nat.txt"));
    assert_listing(&mut nf, "iptables -nvL", include_str!("../testdata/facts-host-filter.txt"));
}

/// libnetwork's embedded-DNS rules (`resolver_unix.go` `setupIPTable`).
fn resolver(udp: u16, tcp: u16) -> Vec<String> {
    let mut v: Vec<String> = [
        "iptables -t nat -N DOCKER_OUTPUT",
        "iptables -t nat -I OUTPUT -d 127.0.0.11 -j DOCKER_OUTPUT",
        "iptables -t nat -N DOCKER_POSTROUTING",
        "iptables -t nat -I POSTROUTING -d 127.0.0.11 -j DOCKER_POSTROUTING",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for (proto, port) in [("udp", udp), ("tcp", tcp)] {
        v.push(format!("iptables -t nat -I DOCKER_OUTPUT -d 127.0.0.11 -p {proto} --dport 53 -j DNAT --to-destination 127.0.0.11:{port}"));
        v.push(format!("iptables -t nat -I DOCKER_POSTROUTING -s 127.0.0.11 -p {proto} --sport {port} -j SNAT --to-source :53"));
    }
    v
}

#[test]
fn ingress_sbox_lists_like_the_facts_file() {
    let mut nf = Netfilter::new();
    let resolver = resolver(52142, 35817);
    program(&mut nf, &resolver.iter().map(String::as_str).collect::<Vec<_>>());
    program(
        &mut nf,
        &[
            // configureFWMark for service VIP 10.0.0.5, fwmark 271, port 8080/tcp
            "iptables -t mangle -A PREROUTING -p tcp --dport 8080 -j MARK --set-mark 271",
            "iptables -t nat -A POSTROUTING -m ipvs --ipvs -d 10.0.0.0/24 -j SNAT --to-source 10.0.0.2",
            "iptables -t mangle -A INPUT -d 10.0.0.5/32 -j MARK --set-mark 271",
        ],
    );
    assert_listing(&mut nf, "iptables -t mangle -nvL", include_str!("../testdata/facts-ingress-sbox-mangle.txt"));
    assert_listing(&mut nf, "iptables -t nat -nvL", include_str!("../testdata/facts-ingress-sbox-nat.txt"));
    assert_eq!(
        run(&mut nf, "iptables -t nat -S POSTROUTING", "").stdout,
        "-P POSTROUTING ACCEPT\n\
         -A POSTROUTING -d 127.0.0.11/32 -j DOCKER_POSTROUTING\n\
         -A POSTROUTING -d 10.0.0.0/24 -m ipvs --ipvs -j SNAT --to-source 10.0.0.2\n"
    );
}

#[test]
fn task_container_lists_like_the_facts_file() {
    let mut nf = Netfilter::new();
    let resolver = resolver(48339, 41263);
    program(&mut nf, &resolver.iter().map(String::as_str).collect::<Vec<_>>());
    let mut redirect = vec![
        // addRedirectRules for task IP 10.0.0.6, published 8080 -> target 80/tcp
        "iptables -t nat -A PREROUTING -d 10.0.0.6 -p tcp --dport 8080 -j REDIRECT --to-port 80".to_string(),
        "iptables -I INPUT -d 10.0.0.6 -p tcp --dport 80 -m conntrack --ctstate NEW,ESTABLISHED -j ACCEPT".to_string(),
        "iptables -I OUTPUT -s 10.0.0.6 -p tcp --sport 80 -m conntrack --ctstate ESTABLISHED -j ACCEPT".to_string(),
    ];
    for proto in ["sctp", "udp", "tcp"] {
        redirect.push(format!("iptables -A INPUT -d 10.0.0.6 -p {proto} -j DROP"));
        redirect.push(format!("iptables -A OUTPUT -s 10.0.0.6 -p {proto} -j DROP"));
    }
    program(&mut nf, &redirect.iter().map(String::as_str).collect::<Vec<_>>());
    assert_listing(&mut nf, "iptables -t nat -nvL", include_str!("../testdata/facts-task-nat.txt"));
    assert_listing(&mut nf, "iptables -nvL", include_str!("../testdata/facts-task-filter.txt"));
}
