//! The browser lab in headless Chromium, driven through the real DOM: every
//! expectation about terminal text is computed in the test itself from
//! `mesh_core` (a native `Session` over the same scenario and seed).
//!
//! Run with `cargo xtask web-test`.

use std::rc::Rc;
use std::time::Duration;

use mesh_core::kernel::{INIT_NETNS, IfAddr, LinkSpec, Scope};
use mesh_core::shell::Session;
use mesh_core::shell::trace_view::TraceView;
use mesh_core::sim::World;
use mesh_core::sim::trace::{Hop, Trace};
use mesh_web::app::{App, AppProps, Boot};
use mesh_web::labs::LabEntry;
use mesh_web::machines::{Booted, Machines};
use mesh_web::saved::SavedLab;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

/// The seed walkthrough, command for command
/// (/work/shared/reference/seed-swarm-ingress.txt).
const WALKTHROUGH: &[&str] = &[
    "sudo docker node ls",
    "sudo docker service create --name web -p 8080:80 --replicas 2 containous/whoami",
    "sudo docker service ps web",
    "curl 172.19.177.14:8080",
    "curl 172.19.188.123:8080",
    "sudo iptables -nvL -t nat",
    "sudo docker network inspect docker_gwbridge",
    "sudo ls /run/docker/netns/",
    "sudo nsenter --net=\"/run/docker/netns/ingress_sbox\" ip addr",
    "sudo nsenter --net=\"/run/docker/netns/ingress_sbox\" iptables -nvL -t mangle",
    "sudo nsenter --net=\"/run/docker/netns/ingress_sbox\" ipvsadm",
];

const CREATE: &str = "sudo docker service create --name web -p 8080:80 --replicas 2 containous/whoami";
const CURL: &str = "curl 172.19.177.14:8080";

fn seed(scenario: &str, seed: u64) -> Result<Booted, String> {
    mesh_web::default_boot(scenario, seed)
}

/// `bare` with a second namespace `blue` joined to the host by a veth pair:
/// veth0 10.0.0.1/24 on the host, eth0 10.0.0.2/24 in blue.
fn two_namespaces(scenario: &str, seed: u64) -> Result<Booted, String> {
    if scenario != "bare" {
        return Err(format!("no scenario `{scenario}` here"));
    }
    let mut s = Session::bare_host(seed);
    let h = s.ctx().host;
    s.world
        .with_kernel(h, |k| -> mesh_core::kernel::KResult<()> {
            let blue = k.netns_create();
            k.netns_mount("/run/netns/blue", blue);
            k.link_add(INIT_NETNS, "veth0", LinkSpec::Veth { peer_name: "eth0".into(), peer_netns: Some(blue), peer_mac: None }, None)?;
            for (ns, dev, addr) in [(INIT_NETNS, "veth0", [10, 0, 0, 1]), (blue, "eth0", [10, 0, 0, 2])] {
                let id = k.dev_by_name(ns, dev).ok_or_else(|| mesh_core::kernel::KernelError::from(mesh_core::kernel::Errno::ENODEV))?;
                k.addr_add(
                    id,
                    IfAddr {
                        local: addr.into(),
                        prefix_len: 24,
                        broadcast: None,
                        scope: Scope::Global,
                        label: String::new(),
                        secondary: false,
                        noprefixroute: false,
                        origin: None,
                    },
                )?;
                k.dev_set_up(id, true)?;
            }
            let lo = k.dev_by_name(blue, "lo").ok_or_else(|| mesh_core::kernel::KernelError::from(mesh_core::kernel::Errno::ENODEV))?;
            k.dev_set_up(lo, true)
        })
        .map_err(|e| e.to_string())?;
    Ok(Booted { session: s, users: Default::default() })
}

/// Two plain hosts; node2's login is `admin`, the others' `user`.
fn two_hosts(_scenario: &str, seed: u64) -> Result<Booted, String> {
    let mut w = World::new(seed);
    let node1 = w.add_host("node1");
    w.add_host("node2");
    Ok(Booted { session: Session::new(w, node1, "user"), users: [("node2".to_string(), "admin".to_string())].into_iter().collect() })
}

fn props(boot: fn(&str, u64) -> Result<Booted, String>, key: &str) -> AppProps {
    AppProps { boot: Boot(Rc::new(boot)), fragment: None, storage_key: key.to_string(), labs: Rc::new(Vec::new()) }
}

/// What a fresh page gets: the real boot and the labs of `labs/`.
fn page_props(key: &str) -> AppProps {
    let mut p = props(seed, key);
    p.labs = Rc::new(mesh_web::labs::embedded());
    p
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn forget(key: &str) {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    for k in [key.to_string(), format!("{key}/progress")] {
        storage.remove_item(&k).unwrap();
    }
}

/// Lets Yew render.
async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(30)).await;
}

struct Mounted {
    root: Element,
    handle: yew::AppHandle<App>,
}

impl Mounted {
    async fn new(props: AppProps) -> Mounted {
        let root = document().create_element("div").unwrap();
        document().body().unwrap().append_child(&root).unwrap();
        let handle = yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
        settle().await;
        Mounted { root, handle }
    }

    fn unmount(self) {
        self.handle.destroy();
        self.root.remove();
    }

    fn find(&self, selector: &str) -> Element {
        self.root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}"))
    }

    fn find_all(&self, selector: &str) -> Vec<Element> {
        let list = self.root.query_selector_all(selector).unwrap();
        (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into::<Element>().ok()).collect()
    }

    fn text(&self, selector: &str) -> String {
        self.find(selector).text_content().unwrap_or_default()
    }

    fn texts(&self, selector: &str) -> Vec<String> {
        self.find_all(selector).iter().map(|e| e.text_content().unwrap_or_default()).collect()
    }

    async fn click(&self, selector: &str) {
        self.find(selector).dyn_into::<HtmlElement>().unwrap().click();
        settle().await;
    }

    async fn click_element(&self, el: &Element) {
        el.clone().dyn_into::<HtmlElement>().unwrap().click();
        settle().await;
    }

    async fn key(&self, target: &Element, key: &str) {
        let init = KeyboardEventInit::new();
        init.set_key(key);
        init.set_bubbles(true);
        init.set_cancelable(true);
        target.dispatch_event(&KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap()).unwrap();
        settle().await;
    }

    fn input(&self) -> HtmlInputElement {
        self.find(".term-input").dyn_into().unwrap()
    }

    /// Types a line into the active terminal tab and presses Enter.
    async fn type_line(&self, line: &str) {
        let input = self.input();
        input.set_value(line);
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        input.dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();
        self.key(&input, "Enter").await;
    }

    /// Each terminal entry of the active tab as (prompt and command line, output).
    fn entries(&self) -> Vec<(String, String)> {
        self.find_all(".entry")
            .iter()
            .map(|e| {
                let cmd = e.query_selector(".cmdline").unwrap().and_then(|c| c.text_content()).unwrap_or_default();
                let out = e.query_selector(".out").unwrap().and_then(|c| c.text_content()).unwrap_or_default();
                (cmd, out)
            })
            .collect()
    }

    fn prompt(&self) -> String {
        self.text(".inputline .prompt")
    }

    async fn select_tab(&self, name: &str) {
        let tab = self.find_all(".tab").into_iter().find(|t| t.text_content().unwrap_or_default() == name).unwrap_or_else(|| panic!("no tab {name}"));
        self.click_element(&tab).await;
    }

    /// The drawn position (`host.netns.device`) of the highlighted device.
    fn highlighted(&self) -> Option<String> {
        self.root.query_selector(".dev.hl").unwrap().and_then(|e| e.get_attribute("data-pos"))
    }

    fn position(&self) -> String {
        self.text(".position")
    }

    async fn jump_to_hop(&self, i: usize) {
        let item = self.find_all(".timeline li button").into_iter().nth(i).unwrap_or_else(|| panic!("no hop {}", i + 1));
        self.click_element(&item).await;
    }
}

/// What a native session prints for each line: (prompt + line, stdout + stderr).
fn native_run(s: &mut Session, lines: &[&str]) -> Vec<(String, String)> {
    lines
        .iter()
        .map(|line| {
            let prompt = s.prompt();
            let out = s.run(line);
            (format!("{prompt}{line}"), out.combined())
        })
        .collect()
}

fn native_seed() -> Session {
    seed("seed", 1).unwrap().session
}

/// The hops a typed command records: those of its run, with recording on.
fn native_hops(setup: &[&str], line: &str) -> Vec<Hop> {
    let mut m = Machines::new(seed("seed", 1).unwrap());
    for l in setup {
        m.run(0, l);
    }
    m.run(0, line).hops
}

#[wasm_bindgen_test]
async fn the_app_mounts_on_the_seed_scenario_with_every_pane() {
    forget("t-mount");
    let m = Mounted::new(page_props("t-mount")).await;
    for pane in [".terminal-pane", ".topology-pane svg", ".stepper-pane", ".tables", ".guide", ".term-input"] {
        m.find(pane);
    }
    // A tab per machine of the seed, each logged in as the scenario's user.
    assert_eq!(m.texts(".tab"), ["node1", "node2"]);
    assert_eq!(m.prompt(), "user@node1:~$ ");
    assert_eq!(m.text(".current-lab"), "seed · seed 1");
    // Both nodes are drawn, with their underlay NICs.
    assert_eq!(m.texts(".host-name"), ["node1", "node2"]);
    assert!(m.texts(".dev .dev-addr").contains(&"172.19.177.14/16".to_string()), "{:?}", m.texts(".dev .dev-addr"));
    assert!(document().body().unwrap().get_attribute("data-interactive-ms").is_some());
    // The scenario picker offers every built-in.
    let options: Vec<String> = m.find_all(".scenario option").iter().filter_map(|o| o.get_attribute("value")).collect();
    let builtins: Vec<String> = mesh_core::swarm::scenario::Scenario::builtins().into_iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(options, builtins);
    m.unmount();
}

#[wasm_bindgen_test]
async fn the_seed_walkthrough_prints_what_the_session_prints_and_tabs_keep_their_own_shells() {
    forget("t-seed");
    let mut native = native_seed();
    let mut lines: Vec<&str> = WALKTHROUGH.to_vec();
    // Then over to node2 from node1's tab, and back.
    lines.extend(["ssh node2", "hostname", "sudo iptables -t nat -S DOCKER-INGRESS", "sudo nsenter --net=/run/docker/netns/ingress_sbox ipvsadm -Ln", "exit"]);
    let expected = native_run(&mut native, &lines);
    let m = Mounted::new(page_props("t-seed")).await;
    for line in &lines {
        m.type_line(line).await;
    }
    let got = m.entries();
    for (i, (g, e)) in got.iter().zip(&expected).enumerate() {
        assert_eq!(g, e, "command {} differs", i + 1);
    }
    assert_eq!(got.len(), expected.len());
    // The walkthrough's answers, as the seed shows them.
    assert!(expected[3].1.contains("RemoteAddr: 10.0.0.2:"), "{}", expected[3].1);
    assert!(expected[10].1.contains("FWM  271 rr"), "{}", expected[10].1);
    assert_eq!(expected[12].0, "user@node2:~$ hostname");
    assert_eq!(expected[12].1, "node2\n");
    assert_eq!(m.prompt(), "user@node1:~$ ");

    // node2's own tab prints node2's answers, and has a shell of its own.
    m.select_tab("node2").await;
    assert_eq!(m.prompt(), "user@node2:~$ ");
    assert!(m.entries().is_empty());
    m.type_line("hostname").await;
    m.type_line("sudo iptables -t nat -S DOCKER-INGRESS").await;
    m.type_line("sudo nsenter --net=/run/docker/netns/ingress_sbox ipvsadm -Ln").await;
    m.type_line("ssh node1").await;
    m.type_line("false").await;
    let outs: Vec<String> = m.entries().into_iter().map(|(_, o)| o).collect();
    assert_eq!(outs[..3], [expected[12].1.clone(), expected[13].1.clone(), expected[14].1.clone()]);
    assert_eq!(m.prompt(), "user@node1:~$ ");
    // node1's tab: where it was, with its own `$?`.
    m.select_tab("node1").await;
    assert_eq!(m.prompt(), "user@node1:~$ ");
    assert_eq!(m.entries().len(), lines.len());
    m.type_line("echo $?").await;
    assert_eq!(m.entries().last().map(|(_, o)| o.as_str()), Some("0\n"));
    m.select_tab("node2").await;
    m.type_line("echo $?").await;
    assert_eq!(m.entries().last().map(|(_, o)| o.as_str()), Some("1\n"));
    m.type_line("exit").await;
    assert_eq!(m.prompt(), "user@node2:~$ ");
    m.unmount();
}

#[wasm_bindgen_test]
async fn each_machine_logs_in_as_its_own_user() {
    forget("t-users");
    let m = Mounted::new(props(two_hosts, "t-users")).await;
    assert_eq!(m.texts(".tab"), ["node1", "node2"]);
    m.type_line("echo shared > /tmp/note").await;
    m.select_tab("node2").await;
    assert_eq!(m.prompt(), "admin@node2:~$ ");
    m.type_line("ssh node1").await;
    m.type_line("cat < /tmp/note").await;
    let outs: Vec<String> = m.entries().into_iter().map(|(_, o)| o).collect();
    assert_eq!(outs, ["", "shared\n"]);
    m.unmount();
}

#[wasm_bindgen_test]
async fn history_and_completion_in_the_terminal() {
    forget("t-keys");
    let m = Mounted::new(page_props("t-keys")).await;
    m.type_line("echo one").await;
    m.type_line("echo two").await;
    let input = m.input();
    m.key(&input, "ArrowUp").await;
    assert_eq!(input.value(), "echo two");
    m.key(&input, "ArrowUp").await;
    assert_eq!(input.value(), "echo one");
    m.key(&input, "ArrowDown").await;
    assert_eq!(input.value(), "echo two");
    m.key(&input, "ArrowDown").await;
    assert_eq!(input.value(), "");
    // Tab offers what the CLI's Tab offers on the same machine.
    let native = native_seed();
    for (typed, want) in [("sudo docker serv", "sudo docker service "), ("ip link show docker_g", "ip link show docker_gwbridge "), ("ssh no", "ssh node")] {
        let completion = native.complete(typed, typed.len());
        let (line, _) = mesh_web::complete::apply(typed, typed.len(), &completion);
        assert_eq!(line, want, "native completion of {typed}");
        input.set_value(typed);
        m.key(&input, "Tab").await;
        assert_eq!(input.value(), want);
    }
    // An ambiguous word lists the candidates.
    assert_eq!(m.text(".completions"), "node1  node2");
    m.unmount();
}

#[wasm_bindgen_test]
async fn the_seeds_curl_is_stepped_hop_by_hop_across_both_nodes() {
    forget("t-step");
    let hops = native_hops(&[CREATE], CURL);
    let m = Mounted::new(page_props("t-step")).await;
    assert!(m.text(".stepper-pane").contains("Run a command that sends traffic"));
    let pcap = |m: &Mounted| m.find(".pcap").dyn_into::<web_sys::HtmlButtonElement>().unwrap().disabled();
    assert!(pcap(&m), "no trace, nothing to download");
    m.type_line(CREATE).await;
    m.type_line(CURL).await;
    assert!(!pcap(&m), "the trace can be downloaded");
    assert_eq!(m.find_all(".timeline li").len(), hops.len());
    assert_eq!(m.position(), format!("hop 1 of {}", hops.len()));
    assert_eq!(m.text(".inspector .what"), hops[0].what);

    // Every step of the routing mesh is a hop the inspector explains.
    let steps: [(&str, &str, &str, &str); 6] = [
        ("node1", "netfilter", "nat OUTPUT: DNAT to:172.18.0.2:8080", "-j DNAT --to-destination 172.18.0.2:8080"),
        ("node1", "netfilter", "mangle PREROUTING: ACCEPT (-A PREROUTING -p tcp -m tcp --dport 8080 -j MARK", "--set-xmark 0x10f/0xffffffff"),
        ("node1", "ipvs", "IPVS FWM 271: new connection scheduled → real server 10.0.0.5:8080 (Masq)", "FWM 271"),
        ("node1", "netfilter", "nat POSTROUTING: SNAT to:10.0.0.2", "-j SNAT --to-source 10.0.0.2"),
        ("node1", "encap", "VXLAN encapsulation: VNI 4096, to VTEP 172.19.188.123:4789", "VXLAN"),
        ("node2", "netfilter", "nat PREROUTING: REDIRECT to port 80", "-j REDIRECT --to-ports 80"),
    ];
    for (node, kind, what, detail) in steps {
        let i = hops.iter().position(|h| h.node == node && mesh_core::shell::trace_view::kind_name(h.kind) == kind && h.what.contains(what));
        let i = i.unwrap_or_else(|| panic!("no {kind} hop `{what}` on {node}"));
        m.jump_to_hop(i).await;
        assert_eq!(m.position(), format!("hop {} of {}", i + 1, hops.len()));
        assert_eq!(m.text(".inspector .what"), hops[i].what);
        let inspector = m.text(".inspector");
        assert!(inspector.contains(detail), "hop {}: no `{detail}` in the inspector:\n{inspector}", i + 1);
        assert!(inspector.contains(&format!("Node{node}")), "hop {} is on {node}:\n{inspector}", i + 1);
        assert_eq!(m.text(".timeline .current .k"), kind);
    }

    // Across the underlay: node1 sends, node2 receives; Step and Back move the highlight.
    let sent = (1..hops.len()).find(|&k| hops[k].node == "node2" && hops[k - 1].node == "node1").expect("a hop onto node2") - 1;
    m.jump_to_hop(sent).await;
    let on_node1 = m.highlighted().expect("the sending device is drawn");
    assert!(on_node1.starts_with("0."), "{on_node1}");
    m.click(".controls .step").await;
    let on_node2 = m.highlighted().expect("the receiving device is drawn");
    assert!(on_node2.starts_with("1."), "{on_node2}");
    assert_eq!(m.text(".inspector .what"), hops[sent + 1].what);
    m.click(".controls .back").await;
    assert_eq!(m.highlighted(), Some(on_node1.clone()));
    m.key(&m.find(".mesh"), "ArrowRight").await;
    assert_eq!(m.highlighted(), Some(on_node2));

    // The bytes: the CLI's `hex N`, with the changed bytes highlighted (at
    // the first hop that changed any: the DNAT in the host).
    let view_trace = Trace { hops: hops.clone() };
    let view = TraceView::new(&view_trace);
    let changed_at = |i: usize| -> usize {
        let hex = view.hex(i).unwrap_or_default();
        let summary = hex.lines().next().unwrap_or_default().to_string();
        summary.split("; ").nth(1).and_then(|s| s.split_whitespace().next()).and_then(|n| n.parse().ok()).unwrap_or(0)
    };
    let i = (0..hops.len()).find(|&i| changed_at(i) > 0).expect("a hop that changed bytes");
    let changed = changed_at(i);
    m.jump_to_hop(i).await;
    let hex = view.hex(i).unwrap();
    let (summary, dump) = hex.split_once('\n').unwrap();
    assert_eq!(m.text(".inspector .compare"), summary);
    assert_eq!(m.text(".hex"), dump);
    let marked_hex = m.find_all(".hex mark").iter().map(|e| e.text_content().unwrap_or_default()).collect::<String>();
    // Each changed byte is two hex digits and its character.
    assert_eq!(marked_hex.chars().count(), changed * 3, "{marked_hex:?}");
    m.unmount();
}

#[wasm_bindgen_test]
async fn the_stepper_follows_trace_and_step_typed_in_the_terminal() {
    forget("t-trace");
    let mut native = native_seed();
    let lines = [CREATE, "trace curl -s 172.19.188.123:8080", "step", "hop 7", "back"];
    let expected = native_run(&mut native, &lines);
    let traced = native.last_trace().cloned().expect("a trace");
    let m = Mounted::new(page_props("t-trace")).await;
    m.type_line(lines[0]).await;
    m.type_line(lines[1]).await;
    // The stepper shows the session's trace: the hops `trace` listed, tail included.
    assert_eq!(m.find_all(".timeline li").len(), traced.hops.len());
    assert_eq!(m.position(), format!("hop 1 of {}", traced.hops.len()));
    for (line, want) in [("step", 1), ("hop 7", 7), ("back", 6)] {
        m.type_line(line).await;
        assert_eq!(m.position(), format!("hop {want} of {}", traced.hops.len()), "after `{line}`");
    }
    assert_eq!(m.entries(), expected);
    m.unmount();
}

#[wasm_bindgen_test]
async fn clicking_a_namespace_shows_its_tables_from_the_tool() {
    forget("t-tables");
    let m = Mounted::new(page_props("t-tables")).await;
    m.type_line(CREATE).await;
    m.type_line(CURL).await;
    let sbox = m.find_all(".netns").into_iter().find(|g| g.text_content().unwrap_or_default() == "ingress_sbox").expect("ingress_sbox is drawn");
    sbox.dispatch_event(
        &web_sys::Event::new_with_event_init_dict("click", &{
            let i = web_sys::EventInit::new();
            i.set_bubbles(true);
            i
        })
        .unwrap(),
    )
    .unwrap();
    settle().await;
    assert!(m.text(".tables h2").contains("node1 · ingress_sbox"), "{}", m.text(".tables h2"));
    let ipvs = mesh_core::view::NETNS_TABLES.iter().position(|(t, _)| *t == "IPVS").unwrap();
    m.click_element(&m.find_all(".table-tab")[ipvs]).await;
    // What the tool prints in that namespace, verbatim.
    let mut s = native_seed();
    s.run(CREATE);
    s.run(CURL);
    let h = s.world.host_by_name("node1").unwrap();
    let ns = s.world.kernel(h).mounts.get("/run/docker/netns/ingress_sbox").copied().unwrap();
    let out = s.netns_table(h, ns, "ipvsadm -Ln");
    assert!(out.stdout.contains("FWM  271 rr"), "{}", out.stdout);
    assert_eq!(m.text(".table-out"), out.combined());
    assert_eq!(m.text(".table-cmd"), "root@node1:~# nsenter --net=/run/docker/netns/ingress_sbox ipvsadm -Ln");
    m.unmount();
}

#[wasm_bindgen_test]
async fn a_shared_link_restores_the_same_terminal_output() {
    forget("t-share-a");
    forget("t-share-b");
    let a = Mounted::new(page_props("t-share-a")).await;
    for line in [CREATE, CURL, "echo $?"] {
        a.type_line(line).await;
    }
    a.select_tab("node2").await;
    a.type_line("curl -s 172.19.188.123:8080").await;
    a.click(".controls .step").await;
    a.click(".share").await;
    let url = a.find(".share-url").dyn_into::<HtmlInputElement>().unwrap().value();
    let fragment = url.split_once('#').map(|(_, f)| f.to_string()).expect("the link has a fragment");
    assert!(fragment.starts_with("v=1&scenario=seed&seed=1&cmd=node1%3Asudo%20docker%20service%20create"), "{fragment}");
    assert!(fragment.contains("&cmd=node2%3Acurl%20-s%20172.19.188.123%3A8080&hop=1"), "{fragment}");

    let mut p = page_props("t-share-b");
    p.fragment = Some(format!("#{fragment}"));
    let b = Mounted::new(p).await;
    // The same tab, the same output, the same hop.
    assert_eq!(b.text(".tab.active"), "node2");
    assert_eq!(b.entries(), a.entries());
    assert_eq!(b.position(), a.position());
    assert_eq!(b.text(".hop-title"), a.text(".hop-title"));
    assert_eq!(b.text(".inspector"), a.text(".inspector"));
    b.select_tab("node1").await;
    a.select_tab("node1").await;
    assert_eq!(b.entries(), a.entries());
    assert_eq!(b.entries().len(), 3);
    a.unmount();
    b.unmount();
}

#[wasm_bindgen_test]
async fn a_reload_replays_the_saved_lab() {
    forget("t-reload");
    let a = Mounted::new(page_props("t-reload")).await;
    a.type_line(CREATE).await;
    a.type_line(CURL).await;
    a.click(".controls .step").await;
    a.key(&a.find(".mesh"), "ArrowRight").await;
    let before = (a.entries(), a.position());
    assert!(before.1.starts_with("hop 3 of "), "{}", before.1);
    a.unmount();
    let b = Mounted::new(page_props("t-reload")).await;
    assert_eq!((b.entries(), b.position()), before);
    assert!(b.root.query_selector(".notice").unwrap().is_none());
    b.unmount();
}

#[wasm_bindgen_test]
async fn corrupted_saved_state_resets_with_a_message() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.set_item("t-corrupt", "{\"v\":1,\"scenario\":").unwrap();
    let m = Mounted::new(page_props("t-corrupt")).await;
    assert!(m.text(".notice").contains("The saved lab could not be read"), "{}", m.text(".notice"));
    assert_eq!(m.prompt(), "user@node1:~$ ");
    assert!(m.entries().is_empty());
    // The bad state was replaced by a readable one: the seed, nothing typed.
    let saved = storage.get_item("t-corrupt").unwrap().unwrap();
    assert_eq!(SavedLab::from_json(&saved).unwrap(), SavedLab::new("seed", 1));
    m.click(".notice button").await;
    assert!(m.root.query_selector(".notice").unwrap().is_none());
    m.unmount();

    // A saved lab that names a machine the scenario lacks, and a bad link.
    let mut lab = SavedLab::new("seed", 1);
    lab.commands.push(("node9".into(), "hostname".into()));
    storage.set_item("t-corrupt", &lab.to_json()).unwrap();
    let m = Mounted::new(page_props("t-corrupt")).await;
    assert!(m.text(".notice").contains("`node9`"), "{}", m.text(".notice"));
    m.type_line("hostname").await;
    assert_eq!(m.entries(), [("user@node1:~$ hostname".to_string(), "node1\n".to_string())]);
    m.unmount();
    let mut p = page_props("t-corrupt");
    p.fragment = Some("#v=1&scenario=seed&seed=oops".into());
    let m = Mounted::new(p).await;
    assert!(m.text(".notice").contains("The shared link could not be read (bad seed `oops`)"), "{}", m.text(".notice"));
    assert_eq!(m.prompt(), "user@node1:~$ ");
    m.unmount();
    forget("t-corrupt");
}

/// A lab in the format of `labs/`, on the seed's machines.
const FIXTURE: &str = "\
---
title: Two tabs
summary: Commands on both nodes.
scenario: seed
seed: 1
minutes: 2
prerequisites: [a shell]
---

# Two tabs

Ask **each** node its _name_; see `hostname`.

| node | role |
| ---- | ---- |
| node1 | manager |

```console
$ hostname
node1
node2$ hostname
node2
$ echo hi
bye
```

```console no-check
$ cat <<EOF
a here-document
EOF
anything
```
";

#[wasm_bindgen_test]
async fn a_lab_renders_runs_each_step_in_its_tab_and_remembers_progress() {
    forget("t-guide");
    let mut p = props(seed, "t-guide");
    p.labs = Rc::new(vec![LabEntry::parse("fixture", FIXTURE)]);
    let m = Mounted::new(p.clone()).await;
    m.type_line("echo before").await;
    m.click(".guide-open").await;
    // Opening the lab booted its scenario afresh.
    assert!(m.entries().is_empty());
    assert_eq!(m.text(".guide-body h3"), "Two tabs");
    assert_eq!(m.text(".guide-body .md-heading"), "Two tabs");
    assert_eq!(m.text(".guide-body strong"), "each");
    assert_eq!(m.text(".guide-body em"), "name");
    assert_eq!(m.text(".guide-body p code"), "hostname");
    assert_eq!(m.texts(".md-table td"), ["node1", "manager"]);
    assert_eq!(m.texts(".step-cmd"), ["$ hostname", "node2$ hostname", "$ echo hi", "$ cat <<EOF\na here-document\nEOF"]);
    let runs = m.find_all(".step .run");
    for run in &runs {
        m.click_element(run).await;
    }
    assert_eq!(m.texts(".step .status"), ["✓ matches", "✓ matches", "✗ differs", "✓ ran"]);
    assert!(m.text(".step.differs .diff").contains("- bye"), "{}", m.text(".step.differs .diff"));
    // `$` steps typed in node1's tab, `node2$` in node2's.
    m.select_tab("node1").await;
    let typed: Vec<String> = m.entries().into_iter().map(|(c, _)| c).collect();
    assert_eq!(typed, ["user@node1:~$ hostname", "user@node1:~$ echo hi", "user@node1:~$ cat <<EOF\na here-document\nEOF"]);
    m.select_tab("node2").await;
    assert_eq!(m.entries(), [("user@node2:~$ hostname".to_string(), "node2\n".to_string())]);
    assert!(m.text(".guide-open").ends_with(" 3/4"), "{}", m.text(".guide-open"));
    m.unmount();

    // A reload keeps the lab open, its machines and its progress.
    let m = Mounted::new(p.clone()).await;
    assert_eq!(m.texts(".step .status"), ["✓ matches", "✓ matches", "✗ differs", "✓ ran"]);
    assert_eq!(m.entries().len(), 3);
    // Restart boots afresh and forgets the progress.
    m.click(".guide-restart").await;
    assert_eq!(m.texts(".step .status"), ["not run", "not run", "not run", "not run"]);
    assert!(m.entries().is_empty());
    m.unmount();
    forget("t-guide");
}

#[wasm_bindgen_test]
async fn a_lab_of_the_labs_directory_boots_its_scenario_and_its_first_step_matches() {
    forget("t-labs");
    let labs = mesh_web::labs::embedded();
    for entry in &labs {
        assert!(entry.lab.is_ok(), "labs/{}.md: {:?}", entry.name, entry.lab);
    }
    let Some(first) = labs.first() else {
        // Nothing to open in a build without labs; the fixture test covers the guide.
        web_sys::console::warn_1(&"no labs/*.md in this build".into());
        return;
    };
    let lab = first.lab.as_ref().unwrap();
    let (step, _) = lab.steps().next().expect("the lab has a step");
    let m = Mounted::new(page_props("t-labs")).await;
    m.click(".guide-open").await;
    let seed = lab.meta.seed.unwrap_or(1);
    assert_eq!(m.text(".current-lab"), format!("{} · seed {seed}", lab.meta.scenario));
    assert_eq!(m.text(".guide-body h3"), lab.meta.title);
    m.click(".step .run").await;
    assert_eq!(m.text(".step .status"), "✓ matches", "{}", m.text(".step"));
    let tab = step.node.clone().unwrap_or_else(|| m.texts(".tab")[0].clone());
    assert_eq!(m.text(".tab.active"), tab);
    assert!(m.entries().last().is_some_and(|(c, _)| c.ends_with(&step.command)), "{:?}", m.entries());
    m.unmount();
    forget("t-labs");
}

#[wasm_bindgen_test]
async fn every_step_of_every_lab_is_marked_as_mesh_lab_check_judges_it() {
    forget("t-all-labs");
    let labs = mesh_web::labs::embedded();
    let m = Mounted::new(page_props("t-all-labs")).await;
    for (gi, entry) in labs.iter().enumerate() {
        let lab = entry.lab.as_ref().unwrap_or_else(|e| panic!("labs/{}.md: {e}", entry.name));
        // What `mesh lab check` reports, in this very build.
        let report = mesh_core::lab::check(lab, |meta| {
            let scenario = mesh_web::scenario(&meta.scenario)?;
            mesh_web::default_boot(&meta.scenario, meta.seed.unwrap_or(scenario.seed)).map(|b| b.session)
        });
        assert_eq!(report.setup_error, None, "labs/{}.md", entry.name);
        let judged: Vec<&str> = lab
            .steps()
            .map(|(step, checked)| match (checked, report.failures.iter().any(|f| f.line == step.line)) {
                (false, _) => "✓ ran",
                (true, false) => "✓ matches",
                (true, true) => "✗ differs",
            })
            .collect();
        m.click_element(&m.find_all(".guide-open")[gi]).await;
        let runs = m.find_all(".step .run");
        assert_eq!(runs.len(), entry.step_count());
        for run in &runs {
            run.clone().dyn_into::<HtmlElement>().unwrap().click();
        }
        settle().await;
        let marked = m.texts(".step .status");
        for (si, (got, want)) in marked.iter().zip(&judged).enumerate() {
            let (step, _) = entry.step(si).unwrap();
            let shown = m.find_all(".guide-body .step")[si].text_content().unwrap_or_default();
            assert_eq!(got, want, "labs/{}.md:{}: `{}`:\n{shown}\n{}", entry.name, step.line, step.command, report.render(&entry.name));
        }
        assert_eq!(marked.len(), judged.len());
    }
    m.unmount();
    forget("t-all-labs");
}

#[wasm_bindgen_test]
fn saved_labs_round_trip_and_refuse_garbage() {
    let mut lab = SavedLab::new("seed", 42);
    lab.commands = vec![("node1".into(), "echo 'a & b' # ü %".into()), ("node2".into(), "curl http://10.0.0.1:8080/?x=1".into())];
    lab.hop = Some(7);
    lab.lab = Some("01-ingress".into());
    assert_eq!(SavedLab::from_fragment(&lab.to_fragment()), Ok(lab.clone()));
    assert_eq!(SavedLab::from_fragment(&format!("#{}", lab.to_fragment())), Ok(lab.clone()));
    assert_eq!(SavedLab::from_json(&lab.to_json()), Ok(lab.clone()));
    assert_eq!(mesh_web::saved::encode("a b/ü"), "a%20b%2F%C3%BC");
    // State saved before the `lab` field existed still reads.
    assert_eq!(SavedLab::from_json("{\"v\":1,\"scenario\":\"bare\",\"seed\":1,\"commands\":[]}"), Ok(SavedLab::new("bare", 1)));
    for bad in [
        "",
        "v=1",
        "v=2&scenario=bare&seed=1",
        "v=1&scenario=bare&seed=1&cmd=nocolon",
        "v=1&scenario=bare&seed=1&x=1",
        "v=1&scenario=%ZZ&seed=1",
        "v=1&scenario=%C3&seed=1",
        "v=1&scenario=bare&seed=-1",
        "junk",
    ] {
        assert!(SavedLab::from_fragment(bad).is_err(), "{bad}");
    }
    assert!(SavedLab::from_json("[]").is_err());
    assert!(SavedLab::from_json("{\"v\":9,\"scenario\":\"bare\",\"seed\":1,\"commands\":[]}").is_err());
}

#[wasm_bindgen_test]
fn completion_replaces_the_word_or_extends_it_to_the_common_prefix() {
    use mesh_core::shell::complete::Completion;
    use mesh_web::complete::apply;
    let c = |start: usize, candidates: &[&str]| Completion { start, candidates: candidates.iter().map(|s| s.to_string()).collect() };
    assert_eq!(apply("ip link show bl", 15, &c(13, &["blue "])), ("ip link show blue ".to_string(), vec![]));
    assert_eq!(apply("ip link show ve", 15, &c(13, &["veth0 ", "veth1 "])), ("ip link show veth".to_string(), vec!["veth0".to_string(), "veth1".to_string()]));
    assert_eq!(apply("ip link show x", 14, &c(13, &[])), ("ip link show x".to_string(), vec![]));
    // The text after the caret stays after it.
    assert_eq!(apply("ssh no && x", 6, &c(4, &["node1 ", "node2 "])), ("ssh node && x".to_string(), vec!["node1".to_string(), "node2".to_string()]));
    // A completion that does not fit the line changes nothing.
    assert_eq!(apply("ab", 2, &c(9, &["x"])), ("ab".to_string(), vec![]));
}

#[wasm_bindgen_test]
fn markdown_blocks_and_spans() {
    use mesh_web::markdown::{Block, Inline, inlines, parse};
    let t = |s: &str| Inline::Text(s.to_string());
    let doc = "# Title\n\nA *b* **c** `d` [e](https://x.y) docker_gwbridge \\*f\\*.\nsame paragraph\n\n- one\n  more\n- two\n\n1. first\n\n```sh\n$ not run\n```\n\n> quoted\n\n---\n| a | b |\n|---|:-:|\n| 1 | 2 |\n";
    assert_eq!(
        parse(doc),
        vec![
            Block::Heading(1, vec![t("Title")]),
            Block::Paragraph(vec![
                t("A "),
                Inline::Emphasis(vec![t("b")]),
                t(" "),
                Inline::Strong(vec![t("c")]),
                t(" "),
                Inline::Code("d".into()),
                t(" "),
                Inline::Link { text: vec![t("e")], href: "https://x.y".into() },
                t(" docker_gwbridge *f*. same paragraph"),
            ]),
            Block::List { ordered: false, items: vec![vec![t("one more")], vec![t("two")]] },
            Block::List { ordered: true, items: vec![vec![t("first")]] },
            Block::Code { info: "sh".into(), text: "$ not run".into() },
            Block::Quote(vec![t("quoted")]),
            Block::Rule,
            Block::Table { head: vec![vec![t("a")], vec![t("b")]], rows: vec![vec![vec![t("1")], vec![t("2")]]] },
        ]
    );
    // Unclosed marks are text; nothing panics on odd input.
    assert_eq!(inlines("a * b ** c ` d [e] _f"), vec![t("a * b ** c ` d [e] _f")]);
    for odd in ["```", "|", "| a |\n|", "#", "1.", "- ", "**", "[](", "\\", "é*é*", "_é_"] {
        let _ = parse(odd);
    }
}

#[wasm_bindgen_test]
async fn a_lab_that_cannot_start_still_leaves_a_usable_page() {
    forget("t-noboot");
    fn never(scenario: &str, _seed: u64) -> Result<Booted, String> {
        Err(format!("no machines for `{scenario}`"))
    }
    let m = Mounted::new(props(never, "t-noboot")).await;
    assert!(m.text(".notice").contains("mesh could not start a lab: Could not start scenario `seed`: no machines for `seed`"), "{}", m.text(".notice"));
    m.type_line("hostname").await;
    assert_eq!(m.entries(), [("root@host:~# hostname".to_string(), "host\n".to_string())]);
    // Asking for another scenario says why it cannot start, and keeps the page.
    let seed: HtmlInputElement = m.find(".seed").dyn_into().unwrap();
    seed.set_value("x");
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    seed.dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();
    m.click(".new-lab").await;
    assert!(m.text(".notice").contains("The seed must be a whole number"), "{}", m.text(".notice"));
    assert_eq!(m.entries().len(), 1);
    m.unmount();
}

#[wasm_bindgen_test]
async fn the_scenario_picker_boots_another_scenario() {
    forget("t-pick");
    let m = Mounted::new(page_props("t-pick")).await;
    let select: web_sys::HtmlSelectElement = m.find(".scenario").dyn_into().unwrap();
    select.set_value("three-nodes");
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    select.dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
    m.click(".new-lab").await;
    assert_eq!(m.texts(".tab"), ["manager1", "worker1", "worker2", "client"]);
    assert_eq!(m.text(".current-lab"), "three-nodes · seed 1");
    m.type_line("sudo docker node ls").await;
    let mut native = seed("three-nodes", 1).unwrap().session;
    assert_eq!(m.entries(), native_run(&mut native, &["sudo docker node ls"]));
    m.unmount();
}

#[wasm_bindgen_test]
async fn play_walks_the_hops_and_pause_stops_it() {
    forget("t-play");
    let mut p = props(two_namespaces, "t-play");
    p.fragment = Some("#v=1&scenario=bare&seed=1".into());
    let m = Mounted::new(p).await;
    m.type_line("ping -c 1 10.0.0.2").await;
    let speed: web_sys::HtmlSelectElement = m.find(".speed").dyn_into().unwrap();
    speed.set_value("150");
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    speed.dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
    m.click(".controls .play").await;
    assert_eq!(m.text(".controls .play"), "❚❚ Pause");
    yew::platform::time::sleep(Duration::from_millis(700)).await;
    m.click(".controls .play").await;
    let hop = |m: &Mounted| m.position().split_whitespace().nth(1).and_then(|n| n.parse::<usize>().ok()).unwrap();
    let paused_at = hop(&m);
    assert!(paused_at >= 3, "played to hop {paused_at}");
    yew::platform::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(hop(&m), paused_at, "pause stops the playback");
    assert_eq!(m.text(".controls .play"), "▶ Play");
    m.unmount();
}

/// Presses `key` with Ctrl held on `target`.
async fn ctrl_key(target: &Element, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_ctrl_key(true);
    init.set_bubbles(true);
    init.set_cancelable(true);
    target.dispatch_event(&KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap()).unwrap();
    settle().await;
}

#[wasm_bindgen_test]
async fn ctrl_c_abandons_the_line_ctrl_l_clears_and_history_keeps_the_draft() {
    forget("t-ctrl");
    let m = Mounted::new(page_props("t-ctrl")).await;
    m.type_line("echo one").await;
    let input = m.input();
    // ↑ leaves a half-typed line; ↓ past the newest command brings it back (bash).
    input.set_value("echo dra");
    m.key(&input, "ArrowUp").await;
    assert_eq!(input.value(), "echo one");
    m.key(&input, "ArrowDown").await;
    assert_eq!(input.value(), "echo dra");
    // ↓ on the line being edited leaves it alone.
    m.key(&input, "ArrowDown").await;
    assert_eq!(input.value(), "echo dra");
    // Ctrl-C: `^C` after the line, a fresh prompt, nothing run, nothing remembered.
    input.set_value("sudo iptables -nvL");
    ctrl_key(&input, "c").await;
    assert_eq!(input.value(), "");
    assert_eq!(m.entries(), [("user@node1:~$ echo one".to_string(), "one\n".to_string()), ("user@node1:~$ sudo iptables -nvL^C".to_string(), String::new())]);
    m.key(&input, "ArrowUp").await;
    assert_eq!(input.value(), "echo one");
    let saved = web_sys::window().unwrap().local_storage().unwrap().unwrap().get_item("t-ctrl").unwrap().unwrap();
    assert_eq!(SavedLab::from_json(&saved).unwrap().commands, [("node1".to_string(), "echo one".to_string())]);
    // With text selected in the line, Ctrl-C is the browser's copy.
    input.set_value("keep me");
    input.set_selection_range(0, 4).unwrap();
    ctrl_key(&input, "c").await;
    assert_eq!(input.value(), "keep me");
    assert_eq!(m.entries().len(), 2);
    // Ctrl-L clears the screen and keeps the line being typed.
    ctrl_key(&input, "l").await;
    assert!(m.entries().is_empty());
    assert_eq!(input.value(), "keep me");
    m.unmount();
    forget("t-ctrl");
}

#[wasm_bindgen_test]
async fn choosing_a_machine_tab_puts_the_cursor_in_its_command_line() {
    forget("t-tabfocus");
    let m = Mounted::new(page_props("t-tabfocus")).await;
    m.select_tab("node2").await;
    let focused = document().active_element().expect("something has the focus");
    assert_eq!(focused.class_name(), "term-input");
    assert_eq!(m.prompt(), "user@node2:~$ ");
    m.unmount();
}

#[wasm_bindgen_test]
async fn the_last_segments_of_a_curl_finish_its_trace_instead_of_replacing_it() {
    forget("t-tail");
    const LIST: &str = "sudo iptables -nvL -t nat";
    const OTHER: &str = "curl -s 172.19.188.123:8080";
    let mut native = Machines::new(seed("seed", 1).unwrap());
    native.run(0, CREATE);
    let curl = native.run(0, CURL).hops;
    let tail = native.run(0, LIST).hops;
    // The premise: the curl returned before its connection's last segments,
    // which the next command's time delivers.
    assert!(!tail.is_empty(), "the listing after the curl delivers the curl's last segments");
    assert!(tail.iter().any(|h| h.flow.as_deref().is_some_and(|f| f.contains("[F"))), "a FIN is among them");
    let other = native.run(0, OTHER).hops;
    let m = Mounted::new(page_props("t-tail")).await;
    m.type_line(CREATE).await;
    m.type_line(CURL).await;
    m.jump_to_hop(4).await;
    m.type_line(LIST).await;
    // Still the curl, now with its tail, and still where the stepper was.
    assert!(m.text(".stepper-pane h2").starts_with(&format!("Packets of {CURL} on node1")), "{}", m.text(".stepper-pane h2"));
    assert_eq!(m.find_all(".timeline li").len(), curl.len() + tail.len());
    assert_eq!(m.position(), format!("hop 5 of {}", curl.len() + tail.len()));
    // A new connection is a new trace.
    m.type_line(OTHER).await;
    assert!(m.text(".stepper-pane h2").starts_with(&format!("Packets of {OTHER} on node1")), "{}", m.text(".stepper-pane h2"));
    assert_eq!(m.find_all(".timeline li").len(), other.len());
    m.unmount();
    forget("t-tail");

    // A second curl right after the first: the first one's last segments,
    // delivered while the second runs, are not the start of its trace.
    let mut native = Machines::new(seed("seed", 1).unwrap());
    native.run(0, CREATE);
    native.run(0, CURL);
    let both = native.run(0, OTHER).hops;
    assert!(both.len() > other.len(), "the second curl's run delivers the first one's tail too");
    let m = Mounted::new(page_props("t-tail")).await;
    for line in [CREATE, CURL, OTHER] {
        m.type_line(line).await;
    }
    assert!(m.text(".stepper-pane h2").starts_with(&format!("Packets of {OTHER} on node1")), "{}", m.text(".stepper-pane h2"));
    assert_eq!(m.find_all(".timeline li").len(), other.len());
    assert_eq!(m.text(".inspector .flow"), other[0].flow.clone().unwrap_or_default());
    assert!(m.text(".inspector .flow").ends_with("[S]"), "{}", m.text(".inspector .flow"));
    m.unmount();
    forget("t-tail");
}

/// The page's style sheet, applied to the test document (once).
fn use_style_sheet() {
    if document().get_element_by_id("mesh-style").is_some() {
        return;
    }
    let style = document().create_element("style").unwrap();
    style.set_id("mesh-style");
    style.set_text_content(Some(include_str!("../static/style.css")));
    document().body().unwrap().append_child(&style).unwrap();
}

/// `rgb(r, g, b)` / `rgba(r, g, b, a)` as numbers (alpha 1 when absent).
fn colour(css: &str) -> [f64; 4] {
    let inner = css.split_once('(').and_then(|(_, r)| r.strip_suffix(')')).unwrap_or_else(|| panic!("not a colour: {css}"));
    let v: Vec<f64> = inner.split(',').map(|x| x.trim().parse().unwrap()).collect();
    [v[0], v[1], v[2], v.get(3).copied().unwrap_or(1.0)]
}

/// WCAG's contrast ratio of two opaque colours.
fn contrast(a: [f64; 4], b: [f64; 4]) -> f64 {
    let lum = |c: [f64; 4]| {
        let ch = |x: f64| {
            let x = x / 255.0;
            if x <= 0.03928 { x / 12.92 } else { ((x + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * ch(c[0]) + 0.7152 * ch(c[1]) + 0.0722 * ch(c[2])
    };
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[wasm_bindgen_test]
async fn the_command_line_is_readable_and_long_output_wraps_in_the_pane() {
    forget("t-style");
    use_style_sheet();
    let m = Mounted::new(page_props("t-style")).await;
    m.root.set_attribute("style", "width: 640px").unwrap();
    let window = web_sys::window().unwrap();
    let style = |e: &Element| window.get_computed_style(e).unwrap().unwrap();
    for theme in ["light", "dark"] {
        document().document_element().unwrap().set_attribute("data-theme", theme).unwrap();
        let input = style(&m.input());
        // The line shows the terminal behind it, and its text stands out on it.
        assert_eq!(colour(&input.get_property_value("background-color").unwrap())[3], 0.0, "{theme}: the command line has no box of its own");
        let behind = colour(&style(&m.find(".inputline")).get_property_value("background-color").unwrap());
        let text = colour(&input.get_property_value("color").unwrap());
        assert!(contrast(text, behind) >= 7.0, "{theme}: typed text {text:?} on {behind:?}");
    }
    document().document_element().unwrap().remove_attribute("data-theme").unwrap();
    m.type_line(CREATE).await;
    m.type_line("sudo iptables -nvL -t nat").await;
    let scrollback: HtmlElement = m.find(".scrollback").dyn_into().unwrap();
    // Rules longer than the pane wrap as in a terminal, nothing to scroll sideways…
    assert!(m.entries().last().unwrap().1.lines().any(|l| l.len() > 100));
    assert!(scrollback.scroll_width() <= scrollback.client_width(), "{} > {}", scrollback.scroll_width(), scrollback.client_width());
    // … and the end of the output is in view.
    assert!(scrollback.scroll_top() + scrollback.client_height() >= scrollback.scroll_height() - 2);
    m.unmount();
    forget("t-style");
}

#[wasm_bindgen_test]
async fn a_shared_link_pasted_into_the_open_page_opens_its_lab() {
    forget("t-hash");
    let location = web_sys::window().unwrap().location();
    let m = Mounted::new(page_props("t-hash")).await;
    m.type_line("echo before").await;
    // Only the fragment changes: the browser does not reload, the page follows it.
    location.set_hash("v=1&scenario=seed&seed=1&cmd=node2:hostname").unwrap();
    yew::platform::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(m.text(".tab.active"), "node2");
    assert_eq!(m.entries(), [("user@node2:~$ hostname".to_string(), "node2\n".to_string())]);
    m.select_tab("node1").await;
    assert!(m.entries().is_empty(), "the lab before the link is gone");
    // A link that cannot be read says so and keeps the lab.
    location.set_hash("v=1&scenario=seed&seed=oops").unwrap();
    yew::platform::time::sleep(Duration::from_millis(100)).await;
    assert!(m.text(".notice").contains("The shared link could not be read (bad seed `oops`); this lab was kept."), "{}", m.text(".notice"));
    m.select_tab("node2").await;
    assert_eq!(m.entries().len(), 1);
    m.unmount();
    location.set_hash("").unwrap();
    forget("t-hash");
}

#[wasm_bindgen_test]
async fn an_ended_shell_says_how_to_get_one_back() {
    forget("t-ended");
    let m = Mounted::new(page_props("t-ended")).await;
    m.type_line("exit").await;
    assert!(m.input().disabled());
    assert_eq!(m.prompt(), "(the shell on node1 has ended: Boot starts the machines afresh)");
    assert_eq!(m.text(".tab.active"), "node1 (ended)");
    m.click(".new-lab").await;
    assert!(!m.input().disabled());
    assert_eq!(m.prompt(), "user@node1:~$ ");
    m.unmount();
    forget("t-ended");
}

#[wasm_bindgen_test]
async fn page_keys_scroll_the_terminal_and_home_end_jump_through_the_hops() {
    forget("t-pagekeys");
    use_style_sheet();
    let m = Mounted::new(page_props("t-pagekeys")).await;
    let scrollback: HtmlElement = m.find(".scrollback").dyn_into().unwrap();
    scrollback.style().set_property("max-height", "200px").unwrap();
    m.type_line(CREATE).await;
    m.type_line(CURL).await;
    m.type_line("sudo iptables -nvL -t nat").await;
    // Let every render those commands queued (each scrolls the output to
    // its end) happen first: on a loaded machine one can land after 30 ms.
    yew::platform::time::sleep(Duration::from_millis(300)).await;
    scrollback.set_scroll_top(scrollback.scroll_height());
    let bottom = scrollback.scroll_top();
    assert!(bottom > 0, "the output is taller than the pane: {} of {}", scrollback.client_height(), scrollback.scroll_height());
    m.key(&m.input(), "PageUp").await;
    assert!(scrollback.scroll_top() < bottom, "PageUp scrolls back");
    m.key(&m.input(), "PageDown").await;
    assert_eq!(scrollback.scroll_top(), bottom);
    // Home and End: the first and the last hop of the trace.
    let n = m.find_all(".timeline li").len();
    m.key(&m.find(".mesh"), "End").await;
    assert_eq!(m.position(), format!("hop {n} of {n}"));
    m.key(&m.find(".mesh"), "Home").await;
    assert_eq!(m.position(), format!("hop 1 of {n}"));
    m.unmount();
    forget("t-pagekeys");
}

#[wasm_bindgen_test]
async fn a_new_trace_scrolls_its_timeline_not_the_page() {
    forget("t-noscroll");
    use_style_sheet();
    let window = web_sys::window().unwrap();
    let m = Mounted::new(page_props("t-noscroll")).await;
    // The stepper is far below the fold, as on a laptop screen.
    m.root.set_attribute("style", "width: 640px").unwrap();
    m.find(".stepper-pane").set_attribute("style", &format!("margin-top: {}px", 3 * window.inner_height().unwrap().as_f64().unwrap() as i32)).unwrap();
    window.scroll_to_with_x_and_y(0.0, 0.0);
    m.type_line(CREATE).await;
    m.type_line(CURL).await;
    assert!(m.find_all(".timeline li").len() > 1);
    assert_eq!(window.scroll_y().unwrap(), 0.0, "the page stays where the terminal is");
    // The timeline itself follows its current hop.
    m.key(&m.find(".mesh"), "End").await;
    let list: HtmlElement = m.find(".timeline").dyn_into().unwrap();
    assert!(list.scroll_top() > 0, "the last hop is scrolled into the timeline");
    let (shown, last) = (list.get_bounding_client_rect(), m.find(".timeline .current").get_bounding_client_rect());
    assert!(last.bottom() <= shown.bottom() + 1.0 && last.top() >= shown.top() - 1.0, "{} {} in {} {}", last.top(), last.bottom(), shown.top(), shown.bottom());
    assert_eq!(window.scroll_y().unwrap(), 0.0);
    m.unmount();
    forget("t-noscroll");
}
