//! The Swarm model end to end: the seed walkthrough, and the behaviours of
//! issue 4 on other scenarios (rotation from an outside client, several
//! ports, host mode, scaling, draining, removal, internal load balancing,
//! dnsrr).

use mesh_core::shell::Session;
use mesh_core::swarm::scenario::Scenario;

fn seed() -> Session {
    Session::from_scenario(&Scenario::seed(), 1)
}

fn three() -> Session {
    Session::from_scenario(&Scenario::builtin("three-nodes").unwrap(), 1)
}

fn out(s: &mut Session, line: &str) -> String {
    let o = s.run(line);
    assert_eq!(o.status, 0, "`{line}` failed:\n{}{}", o.stdout, o.stderr);
    o.stdout
}

/// Lines of `text` containing `needle`.
fn grep<'a>(text: &'a str, needle: &str) -> Vec<&'a str> {
    text.lines().filter(|l| l.contains(needle)).collect()
}

#[test]
fn the_seed_walkthrough() {
    let mut s = seed();
    assert_eq!(
        out(&mut s, "sudo docker node ls"),
        "ID                            HOSTNAME   STATUS    AVAILABILITY   MANAGER STATUS   ENGINE VERSION\n\
         u36el9nkyamqgihcwj5yk4cwe *   node1      Ready     Active         Leader           24.0.2\n\
         0e8q2v9glvt56jbk9mpbkhc9l     node2      Ready     Active                          24.0.2\n"
    );
    let create = out(&mut s, "sudo docker service create --name web -p 8080:80 --replicas 2 containous/whoami");
    let lines: Vec<&str> = create.lines().collect();
    assert_eq!(lines[0].len(), 25, "service ID: {}", lines[0]);
    assert_eq!(lines[1], "overall progress: 2 out of 2 tasks ");
    assert_eq!(lines[2], "1/2: running   [==================================================>] ");
    assert_eq!(lines[3], "2/2: running   [==================================================>] ");
    let ps = out(&mut s, "sudo docker service ps web");
    let rows: Vec<&str> = ps.lines().collect();
    assert_eq!(rows[0], "ID             NAME      IMAGE                      NODE      DESIRED STATE   CURRENT STATE           ERROR     PORTS");
    assert!(rows[1][15..].starts_with("web.1     containous/whoami:latest   node2     Running         Running "), "{}", rows[1]);
    assert!(rows[2][15..].starts_with("web.2     containous/whoami:latest   node1     Running         Running "), "{}", rows[2]);

    // The first request to node1 is answered by the task on node2, and the
    // task sees node1's ingress_sbox address; and the other way round.
    let body = out(&mut s, "curl 172.19.177.14:8080");
    let b: Vec<&str> = body.split('\n').collect();
    assert!(b[0].starts_with("Hostname: "));
    assert_eq!(&b[1..4], ["IP: 127.0.0.1", "IP: 10.0.0.5", "IP: 172.20.0.3"]);
    assert!(b[4].starts_with("RemoteAddr: 10.0.0.2:"), "{}", b[4]);
    assert_eq!(&b[5..9], ["GET / HTTP/1.1\r", "Host: 172.19.177.14:8080\r", "User-Agent: curl/7.58.0\r", "Accept: */*\r"]);
    let body = out(&mut s, "curl 172.19.188.123:8080");
    let b: Vec<&str> = body.split('\n').collect();
    assert_eq!(&b[1..4], ["IP: 127.0.0.1", "IP: 10.0.0.6", "IP: 172.18.0.3"]);
    assert!(b[4].starts_with("RemoteAddr: 10.0.0.3:"), "{}", b[4]);

    // node1's nat table: the seed's rules, in the seed's order.
    let nat = out(&mut s, "sudo iptables -t nat -S");
    assert_eq!(
        nat,
        "-P PREROUTING ACCEPT\n-P INPUT ACCEPT\n-P OUTPUT ACCEPT\n-P POSTROUTING ACCEPT\n-N DOCKER\n-N DOCKER-INGRESS\n\
         -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER-INGRESS\n\
         -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER\n\
         -A OUTPUT -m addrtype --dst-type LOCAL -j DOCKER-INGRESS\n\
         -A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER\n\
         -A POSTROUTING -o docker_gwbridge -m addrtype --src-type LOCAL -j MASQUERADE\n\
         -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE\n\
         -A POSTROUTING -s 172.18.0.0/16 ! -o docker_gwbridge -j MASQUERADE\n\
         -A DOCKER -i docker0 -j RETURN\n\
         -A DOCKER -i docker_gwbridge -j RETURN\n\
         -A DOCKER-INGRESS -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.18.0.2:8080\n\
         -A DOCKER-INGRESS -j RETURN\n"
    );
    let nvl = out(&mut s, "sudo iptables -nvL -t nat");
    assert!(nvl.contains(" DNAT       tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:8080 to:172.18.0.2:8080\n"), "{nvl}");

    let inspect = out(&mut s, "sudo docker network inspect docker_gwbridge");
    assert!(inspect.contains("\"Name\": \"docker_gwbridge\""));
    assert!(inspect.contains("\"Subnet\": \"172.18.0.0/16\""));
    assert!(inspect.contains("\"Name\": \"gateway_ingress-sbox\""));
    assert!(inspect.contains("\"IPv4Address\": \"172.18.0.2/16\""));
    assert!(inspect.contains("\"IPv4Address\": \"172.18.0.3/16\""));
    assert!(inspect.contains("\"com.docker.network.bridge.enable_icc\": \"false\""));
    assert_eq!(grep(&inspect, "\"Name\": \"gateway_").len(), 2);

    let ls = out(&mut s, "sudo ls /run/docker/netns/");
    let names: Vec<&str> = ls.split_whitespace().collect();
    assert_eq!(names.len(), 3);
    assert_eq!(names[0], "1-m4np8jn3j5");
    assert_eq!(names[1].len(), 12);
    assert_eq!(names[2], "ingress_sbox");

    let addr = out(&mut s, "sudo nsenter --net=\"/run/docker/netns/ingress_sbox\" ip addr");
    assert!(addr.contains("119: eth0@if120: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default \n    link/ether 02:42:0a:00:00:02 brd ff:ff:ff:ff:ff:ff link-netnsid 0\n"), "{addr}");
    assert!(addr.contains("    inet 10.0.0.2/24 brd 10.0.0.255 scope global eth0\n"));
    assert!(addr.contains("    inet 10.0.0.4/32 scope global eth0\n"));
    assert!(addr.contains("121: eth1@if122: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default \n    link/ether 02:42:ac:12:00:02 brd ff:ff:ff:ff:ff:ff link-netnsid 1\n"));
    assert!(addr.contains("    inet 172.18.0.2/16 brd 172.18.255.255 scope global eth1\n"));

    let mangle = out(&mut s, "sudo nsenter --net=\"/run/docker/netns/ingress_sbox\" iptables -nvL -t mangle");
    assert!(mangle.contains(" MARK       tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:8080 MARK set 0x10f\n"), "{mangle}");
    assert!(mangle.contains(" MARK       all  --  *      *       0.0.0.0/0            10.0.0.4             MARK set 0x10f\n"));
    // One connection through node1's sandbox: what the seed shows for two, halved.
    assert!(mangle.contains("Chain PREROUTING (policy ACCEPT 10 packets, 910 bytes)\n"), "{mangle}");
    assert!(mangle.contains("    6   402 MARK       tcp"), "{mangle}");
    assert!(mangle.contains("Chain INPUT (policy ACCEPT 6 packets, 402 bytes)\n"));
    assert!(mangle.contains("Chain FORWARD (policy ACCEPT 4 packets, 508 bytes)\n"));
    assert!(mangle.contains("Chain OUTPUT (policy ACCEPT 6 packets, 402 bytes)\n"));

    let ipvs = out(&mut s, "sudo nsenter --net=\"/run/docker/netns/ingress_sbox\" ipvsadm");
    let l: Vec<&str> = ipvs.lines().collect();
    assert_eq!(l[0], "IP Virtual Server version 1.2.1 (size=4096)");
    assert_eq!(l[3], "FWM  271 rr");
    assert!(l[4].starts_with("  -> 10.0.0.5:0                   Masq    1      "));
    assert!(l[5].starts_with("  -> 10.0.0.6:0                   Masq    1      "));
}

#[test]
fn the_same_seed_gives_the_same_output() {
    let run = || {
        let mut s = seed();
        let mut all = String::new();
        for c in [
            "sudo docker service create --name web -p 8080:80 --replicas 2 containous/whoami",
            "curl 172.19.177.14:8080",
            "sudo docker service ps web",
            "sudo ls /run/docker/netns",
        ] {
            all.push_str(&s.run(c).stdout);
        }
        all
    };
    assert_eq!(run(), run());
}

#[test]
fn an_outside_client_rotates_over_every_task_and_sees_the_entry_nodes_ingress_address() {
    let mut s = three();
    out(&mut s, "sudo docker service create --name whoami --replicas 3 -p 8080:80 traefik/whoami");
    out(&mut s, "ssh client");
    for (node, ingress_ip) in [("192.168.56.11", "10.0.0.2"), ("192.168.56.12", "10.0.0.3"), ("192.168.56.13", "10.0.0.4")] {
        let mut hostnames = std::collections::BTreeSet::new();
        for _ in 0..3 {
            let body = out(&mut s, &format!("curl -s {node}:8080"));
            hostnames.insert(grep(&body, "Hostname:")[0].to_string());
            let remote = grep(&body, "RemoteAddr:")[0];
            assert!(remote.starts_with(&format!("RemoteAddr: {ingress_ip}:")), "{node}: {remote}");
        }
        assert_eq!(hostnames.len(), 3, "{node} rotated over {hostnames:?}");
    }
}

#[test]
fn later_ports_are_inserted_above_earlier_ones_and_udp_is_published_too() {
    let mut s = three();
    out(&mut s, "sudo docker service create --name a -p 8080:80 traefik/whoami");
    out(&mut s, "sudo docker service create --name b -p 9090:80 -p 5353:53/udp nginx");
    assert_eq!(
        out(&mut s, "sudo iptables -t nat -S DOCKER-INGRESS"),
        "-N DOCKER-INGRESS\n\
         -A DOCKER-INGRESS -p udp -m udp --dport 5353 -j DNAT --to-destination 172.18.0.2:5353\n\
         -A DOCKER-INGRESS -p tcp -m tcp --dport 9090 -j DNAT --to-destination 172.18.0.2:9090\n\
         -A DOCKER-INGRESS -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.18.0.2:8080\n\
         -A DOCKER-INGRESS -j RETURN\n"
    );
    let mangle = out(&mut s, "sudo nsenter --net=/run/docker/netns/ingress_sbox iptables -t mangle -S PREROUTING");
    assert!(mangle.contains("-A PREROUTING -p udp -m udp --dport 5353 -j MARK --set-xmark 0x101/0xffffffff\n"), "{mangle}");
    let page = out(&mut s, "curl -s 192.168.56.11:9090");
    assert!(page.contains("<title>Welcome to nginx!</title>"));
}

#[test]
fn host_mode_publishes_only_where_the_task_runs() {
    let mut s = three();
    out(&mut s, "sudo docker service create --name h --publish published=9090,target=80,mode=host nginx");
    let ps = out(&mut s, "sudo docker service ps h");
    assert!(ps.contains("*:9090->80/tcp"), "{ps}");
    let node = ps.lines().nth(1).and_then(|l| l.split_whitespace().nth(3)).unwrap_or_default().to_string();
    let ip = match node.as_str() {
        "manager1" => "192.168.56.11",
        "worker1" => "192.168.56.12",
        _ => "192.168.56.13",
    };
    out(&mut s, "ssh client");
    assert!(out(&mut s, &format!("curl -s {ip}:9090")).contains("Welcome to nginx!"));
    let other = if ip == "192.168.56.11" { "192.168.56.12" } else { "192.168.56.11" };
    let o = s.run(&format!("curl -sS {other}:9090"));
    assert_eq!(o.status, 7, "{o:?}");
    s.run("exit");
    let d = out(&mut s, &format!("ssh {node}; sudo iptables -t nat -S DOCKER; exit"));
    // No network: the task is on docker0, and its mapping there.
    assert!(d.contains("-A DOCKER ! -i docker0 -p tcp -m tcp --dport 9090 -j DNAT --to-destination 172.17.0.2:80\n"), "{d}");
}

#[test]
fn scaling_adds_quiesces_and_removes_destinations_and_a_new_fwmark_follows_scale_to_zero() {
    let mut s = three();
    out(&mut s, "sudo docker service create --name web --replicas 2 -p 8080:80 traefik/whoami");
    let ipvs = "sudo nsenter --net=/run/docker/netns/ingress_sbox ipvsadm -Ln";
    assert_eq!(grep(&out(&mut s, ipvs), "Masq    1").len(), 2);
    out(&mut s, "sudo docker service scale web=4");
    assert_eq!(grep(&out(&mut s, ipvs), "Masq    1").len(), 4);
    out(&mut s, "sudo docker service scale web=1");
    assert_eq!(grep(&out(&mut s, ipvs), "Masq").len(), 1);
    out(&mut s, "sudo docker service scale web=0");
    let l = out(&mut s, ipvs);
    assert!(!l.contains("FWM"), "{l}");
    assert_eq!(out(&mut s, "sudo iptables -t nat -S DOCKER-INGRESS"), "-N DOCKER-INGRESS\n-A DOCKER-INGRESS -j RETURN\n");
    out(&mut s, "sudo docker service scale web=2");
    assert!(out(&mut s, ipvs).contains("FWM  257 rr"));
}

#[test]
fn a_drained_node_still_routes_to_tasks_elsewhere() {
    let mut s = three();
    out(&mut s, "sudo docker service create --name web --replicas 3 -p 8080:80 traefik/whoami");
    out(&mut s, "sudo docker node update --availability drain worker1");
    let ps = out(&mut s, "sudo docker service ps web");
    assert!(grep(&ps, " \\_ ").len() == 1 && grep(&ps, "Shutdown").len() == 1, "{ps}");
    assert!(!grep(&ps, "Running").iter().any(|l| l.contains("worker1")), "{ps}");
    out(&mut s, "ssh client");
    let body = out(&mut s, "curl -s 192.168.56.12:8080");
    assert!(grep(&body, "RemoteAddr:")[0].starts_with("RemoteAddr: 10.0.0.3:"), "{body}");
}

#[test]
fn service_rm_removes_the_ingress_rules_but_keeps_the_snat_rule() {
    let mut s = three();
    out(&mut s, "sudo docker service create --name web --replicas 2 -p 8080:80 traefik/whoami");
    out(&mut s, "sudo docker service rm web");
    assert_eq!(out(&mut s, "sudo iptables -t nat -S DOCKER-INGRESS"), "-N DOCKER-INGRESS\n-A DOCKER-INGRESS -j RETURN\n");
    let nat = out(&mut s, "sudo nsenter --net=/run/docker/netns/ingress_sbox iptables -t nat -S POSTROUTING");
    assert!(nat.contains("-A POSTROUTING -d 10.0.0.0/24 -m ipvs --ipvs -j SNAT --to-source 10.0.0.2\n"), "{nat}");
    assert!(!out(&mut s, "sudo nsenter --net=/run/docker/netns/ingress_sbox ip addr").contains("/32 scope global"));
}

#[test]
fn a_user_overlay_has_a_vip_dns_and_an_lb_sandbox() {
    let mut s = three();
    out(&mut s, "sudo docker network create -d overlay --attachable appnet");
    out(&mut s, "sudo docker service create --name api --replicas 2 --network appnet traefik/whoami");
    out(&mut s, "sudo docker service create --name shell --network appnet nicolaka/netshoot");
    out(&mut s, "sudo docker service create --name rr --endpoint-mode dnsrr --replicas 2 --network appnet traefik/whoami");
    // The shell task may land on any node; find it.
    let ps = out(&mut s, "sudo docker service ps shell");
    let node = ps.lines().nth(1).and_then(|l| l.split_whitespace().nth(3)).unwrap_or_default().to_string();
    if node != "manager1" {
        out(&mut s, &format!("ssh {node}"));
    }
    let container = out(&mut s, "sudo docker ps -q");
    let c = container.lines().next().unwrap_or_default().to_string();
    let api = out(&mut s, &format!("sudo docker exec {c} nslookup api"));
    assert!(api.contains("Name:\tapi\nAddress: 10.0.1.2\n"), "{api}");
    let tasks = out(&mut s, &format!("sudo docker exec {c} nslookup tasks.api"));
    assert_eq!(grep(&tasks, "Name:\ttasks.api").len(), 2, "{tasks}");
    let rr = out(&mut s, &format!("sudo docker exec {c} nslookup rr"));
    assert_eq!(grep(&rr, "Name:\trr").len(), 2, "dnsrr answers every task: {rr}");
    let body = out(&mut s, &format!("sudo docker exec {c} curl -s api"));
    let remote = grep(&body, "RemoteAddr:")[0];
    let lb = out(&mut s, "sudo ls /run/docker/netns");
    assert!(lb.contains("lb_"), "{lb}");
    // The backend sees the client node's load-balancer address on appnet.
    assert!(remote.starts_with("RemoteAddr: 10.0.1."), "{remote}");
    let lbns = lb.split_whitespace().find(|n| n.starts_with("lb_")).unwrap_or_default().to_string();
    let ipvs = out(&mut s, &format!("sudo nsenter --net=/run/docker/netns/{lbns} ipvsadm -Ln"));
    // api and shell have VIPs; rr (dnsrr) has none, so no IPVS service.
    assert_eq!(grep(&ipvs, "FWM").len(), 2, "{ipvs}");
}

#[test]
fn a_worker_leaves_and_rejoins_and_the_last_manager_leaves() {
    let mut s = seed();
    out(&mut s, "sudo docker service create --name web -p 8080:80 --replicas 2 containous/whoami");
    let token = out(&mut s, "sudo docker swarm join-token -q worker").trim().to_string();
    assert_eq!(out(&mut s, "ssh node2 sudo docker swarm leave"), "Node left the swarm.\n");
    // node2 is clean: no namespaces, no ingress rules, no listener.
    assert_eq!(out(&mut s, "ssh node2 sudo ls /run/docker/netns"), "");
    assert_eq!(out(&mut s, "ssh node2 sudo iptables -t nat -S DOCKER-INGRESS"), "-N DOCKER-INGRESS\n-A DOCKER-INGRESS -j RETURN\n");
    assert_eq!(s.run("curl -s 172.19.188.123:8080").status, 7);
    // The manager lists it as Down, keeps its task as last heard of, and
    // reschedules the slot on node1.
    let nodes = out(&mut s, "sudo docker node ls");
    assert_eq!(grep(&nodes, "node2"), ["0e8q2v9glvt56jbk9mpbkhc9l     node2      Down      Active                          24.0.2"]);
    let ps = out(&mut s, "sudo docker service ps web");
    let rows: Vec<&str> = ps.lines().collect();
    assert_eq!(rows.len(), 4, "{ps}");
    assert!(rows[1][15..].starts_with("web.1       containous/whoami:latest   node1     Running         Running "), "{}", rows[1]);
    assert!(rows[2][15..].starts_with(" \\_ web.1   containous/whoami:latest   node2     Shutdown        Running "), "{}", rows[2]);
    let ipvs = out(&mut s, "sudo nsenter --net=/run/docker/netns/ingress_sbox ipvsadm -Ln");
    assert_eq!(grep(&ipvs, "Masq").len(), 2, "{ipvs}");
    assert!(!ipvs.contains("10.0.0.5:0"), "the departed task is no backend:\n{ipvs}");

    // Rejoining makes a new node; the old entry stays Down until `node rm`.
    let joined = out(&mut s, &format!("ssh node2 sudo docker swarm join --token {token} 172.19.177.14:2377"));
    assert_eq!(joined, "This node joined a swarm as a worker.\n");
    let nodes = out(&mut s, "sudo docker node ls");
    assert_eq!(grep(&nodes, "node2").len(), 2, "{nodes}");
    assert_eq!(grep(&nodes, " Ready ").len(), 2, "{nodes}");
    assert_eq!(out(&mut s, "sudo docker node rm 0e8q2v9glvt56jbk9mpbkhc9l"), "0e8q2v9glvt56jbk9mpbkhc9l\n");
    assert_eq!(grep(&out(&mut s, "sudo docker node ls"), "node2").len(), 1);
    let r = s.run("sudo docker node rm node2");
    assert_eq!(r.status, 1);
    assert!(r.stderr.starts_with("Error response from daemon: rpc error: code = FailedPrecondition desc = node "), "{}", r.stderr);
    assert!(r.stderr.ends_with(" is not down and can't be removed\n"), "{}", r.stderr);
    // Scaling up places tasks on node2 again, and node2 routes again.
    out(&mut s, "sudo docker service scale web=4");
    let ps = out(&mut s, "sudo docker service ps web");
    assert_eq!(grep(&ps, "node2     Running         Running ").len(), 2, "{ps}");
    let body = out(&mut s, "curl -s 172.19.188.123:8080");
    assert!(body.contains("RemoteAddr: 10.0.0."), "{body}");

    // The last manager leaves only with --force, and takes the cluster with it.
    let r = s.run("sudo docker swarm leave");
    assert_eq!(r.status, 1);
    assert!(r.stderr.contains("Use `--force` to ignore this message."), "{}", r.stderr);
    assert_eq!(out(&mut s, "sudo docker swarm leave --force"), "Node left the swarm.\n");
    let r = s.run("sudo docker node ls");
    assert_eq!(
        r.stderr,
        "Error response from daemon: This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again.\n"
    );
    assert_eq!(out(&mut s, "sudo ls /run/docker/netns"), "");
}

#[test]
fn shell_variables_and_command_substitution() {
    let mut s = seed();
    // Each list item is expanded when it runs.
    assert_eq!(out(&mut s, "N=$(hostname); echo \"on $N\""), "on node1\n");
    assert_eq!(out(&mut s, "false; echo $?; echo $?"), "1\n0\n");
    assert_eq!(out(&mut s, "echo $(echo 'a   b') \"$(echo 'a   b')\""), "a b a   b\n");
    let r = s.run("echo $(echo x");
    assert_eq!((r.stderr.as_str(), r.status), ("-bash: unexpected EOF while looking for matching `)'\n", 2));
    assert_eq!(s.run("sudo nosuch").stderr, "sudo: nosuch: command not found\n");
    assert_eq!(s.run("nosuch").stderr, "-bash: nosuch: command not found\n");
    // Each shell has its own variables.
    assert_eq!(out(&mut s, "ssh node2 'echo x$N'"), "x\n");
    assert_eq!(out(&mut s, "ssh node2 echo x$N"), "xnode1\n");
}

#[test]
fn a_host_mode_task_without_networks_sits_on_docker0() {
    let mut s = three();
    out(&mut s, "sudo docker service create --name h --publish published=8080,target=80,mode=host traefik/whoami");
    let node = out(&mut s, "sudo docker service ps h --format '{{.Node}}'").trim().to_string();
    let ip = match node.as_str() {
        "manager1" => "192.168.56.11",
        "worker1" => "192.168.56.12",
        _ => "192.168.56.13",
    };
    out(&mut s, &format!("ssh {node}"));
    // The bridge driver's port mapping on docker0, not docker_gwbridge.
    let nat = out(&mut s, "sudo iptables -t nat -S DOCKER");
    assert!(nat.ends_with("-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80\n"), "{nat}");
    assert_eq!(out(&mut s, "sudo iptables -S DOCKER"), "-N DOCKER\n-A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT\n");
    assert!(
        out(&mut s, "sudo iptables -t nat -S POSTROUTING")
            .ends_with("-A POSTROUTING -s 172.17.0.2/32 -d 172.17.0.2/32 -p tcp -m tcp --dport 80 -j MASQUERADE\n")
    );
    let ps = out(&mut s, "sudo docker ps");
    assert!(ps.contains("   \"/whoami\"   ") && ps.contains("   0.0.0.0:8080->80/tcp   h.1."), "{ps}");
    let id = out(&mut s, "sudo docker ps -q").trim().to_string();
    assert_eq!(
        out(
            &mut s,
            &format!(
                "sudo docker inspect -f '{{{{range $k, $v := .NetworkSettings.Networks}}}}{{{{$k}}}} {{{{$v.IPAddress}}}} {{{{$v.Gateway}}}}{{{{end}}}}' {id}"
            )
        ),
        "bridge 172.17.0.2 172.17.0.1\n"
    );
    let key = out(&mut s, &format!("sudo docker inspect -f '{{{{.NetworkSettings.SandboxKey}}}}' {id}")).trim().to_string();
    assert_eq!(
        out(&mut s, &format!("sudo nsenter --net={key} ip route")),
        "default via 172.17.0.1 dev eth0 \n172.17.0.0/16 dev eth0 proto kernel scope link src 172.17.0.2 \n"
    );
    let bridge = out(&mut s, "sudo docker network inspect bridge -f '{{range .Containers}}{{.Name}} {{.IPv4Address}}{{end}}'");
    assert!(bridge.starts_with("h.1.") && bridge.ends_with(" 172.17.0.2/16\n"), "{bridge}");
    s.run("exit");
    out(&mut s, "ssh client");
    let body = out(&mut s, &format!("curl -s {ip}:8080"));
    assert!(body.contains("IP: 172.17.0.2\nRemoteAddr: 192.168.56.100:"), "{body}");
}

#[test]
fn format_templates_ps_and_logs_on_the_seed() {
    let mut s = seed();
    out(&mut s, "sudo docker service create --name web -p 8080:80 --replicas 2 containous/whoami");
    assert_eq!(
        out(&mut s, "sudo docker service inspect web --format '{{json .Endpoint.VirtualIPs}}'"),
        "[{\"NetworkID\":\"m4np8jn3j5xq6k1v0p2z7y9wc\",\"Addr\":\"10.0.0.4/24\"}]\n"
    );
    assert_eq!(out(&mut s, "sudo docker node inspect self --format '{{ .Status.Addr }}'"), "172.19.177.14\n");
    let peers = out(&mut s, "sudo docker network inspect ingress -f '{{json .Peers}}'");
    assert!(
        peers.starts_with("[{\"Name\":\"")
            && peers.contains("\",\"IP\":\"172.19.177.14\"},{\"Name\":\"")
            && peers.ends_with("\",\"IP\":\"172.19.188.123\"}]\n"),
        "{peers}"
    );
    assert_eq!(out(&mut s, "sudo docker service ls --format 'table {{.Name}}\\t{{.Ports}}'"), "NAME      PORTS\nweb       *:8080->80/tcp\n");
    assert_eq!(out(&mut s, "sudo docker node ls --format '{{.Hostname}} {{.Status}} {{.ManagerStatus}}'"), "node1 Ready Leader\nnode2 Ready \n");
    let id = out(&mut s, "sudo docker ps -q").trim().to_string();
    assert_eq!(out(&mut s, &format!("sudo docker inspect -f '{{{{range .NetworkSettings.Networks}}}}{{{{.IPAddress}}}}{{{{end}}}}' {id}")), "10.0.0.6\n");
    assert_eq!(out(&mut s, &format!("sudo docker inspect -f '{{{{.Id}}}}' {id}")).len(), 65, "Id falls back to the raw JSON");
    let ps = out(&mut s, "sudo docker ps");
    let row = ps.lines().nth(1).unwrap_or_default();
    assert!(row.starts_with(&format!("{id}   containous/whoami:latest   \"/whoami\"   ")) && row.contains(" seconds   80/tcp    web.2."), "{ps}");
    assert_eq!(out(&mut s, "sudo docker ps --format '{{.Label \"com.docker.swarm.service.name\"}} {{.Networks}}'"), "web ingress\n");
    let r = s.run("sudo docker ps --format '{{.Nope}}'");
    assert_eq!((r.stdout.as_str(), r.status), ("", 1));
    assert_eq!(r.stderr, "template parsing error: template: :1:2: executing \"\" at <.Nope>: can't evaluate field Nope in type *formatter.ContainerContext\n");
    let r = s.run("sudo docker inspect -f '{{.Nope' web");
    assert_eq!((r.stderr.as_str(), r.status), ("template parsing error: template: :1: unclosed action\n", 64));
    // whoami's start-up line under each task's context.
    let logs = out(&mut s, "sudo docker service logs web");
    let lines: Vec<&str> = logs.lines().collect();
    assert_eq!(lines.len(), 2, "{logs}");
    assert!(lines[0].starts_with("web.1.") && lines[0].ends_with("@node2    | Starting up on port 80"), "{logs}");
    assert!(lines[1].starts_with("web.2.") && lines[1].ends_with("@node1    | Starting up on port 80"), "{logs}");
    assert_eq!(lines[0].len(), "web.1.q9s4ggh2oaq2@node2    | Starting up on port 80".len());
    assert_eq!(out(&mut s, "sudo docker service logs --raw web"), "Starting up on port 80\nStarting up on port 80\n");
    assert_eq!(out(&mut s, &format!("sudo docker logs {id}")), "Starting up on port 80\n");
    // A shell image's command is the service's arguments, not the image's CMD too.
    out(&mut s, "sudo docker service create --name sh nicolaka/netshoot sleep infinity");
    let ps = out(&mut s, "ssh node2 sudo docker ps");
    assert!(ps.contains("   \"sleep infinity\"   "), "{ps}");
}
