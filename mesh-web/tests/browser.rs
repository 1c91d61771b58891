//! The browser lab in headless Chromium, driven through the real DOM: every
//! expectation about terminal text is computed in the test itself from
//! `mesh_core` (a native `Session` over the same scenario and seed).
//!
//! Run with `cargo xtask web-test`.

use std::rc::Rc;
use std::time::Duration;

use mesh_core::kernel::{INIT_NETNS, IfAddr, LinkSpec, Scope};
use mesh_core::shell::Session;
use mesh_core::sim::World;
use mesh_core::wire::pcapng::PcapngFile;
use mesh_web::app::{App, AppProps, Boot};
use mesh_web::guide::{Guide, GuideBlock, GuideStep};
use mesh_web::machines::Machines;
use mesh_web::saved::SavedLab;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

/// `bare` with a second namespace `blue` joined to the host by a veth pair:
/// veth0 10.0.0.1/24 on the host, eth0 10.0.0.2/24 in blue.
fn two_namespaces(scenario: &str, seed: u64) -> Result<Session, String> {
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
    Ok(s)
}

/// Two plain hosts, logged in as `user` on node1.
fn two_hosts(_scenario: &str, seed: u64) -> Result<Session, String> {
    let mut w = World::new(seed);
    let node1 = w.add_host("node1");
    w.add_host("node2");
    Ok(Session::new(w, node1, "user"))
}

fn props(boot: fn(&str, u64) -> Result<Session, String>, key: &str) -> AppProps {
    AppProps { boot: Boot(Rc::new(boot)), fragment: None, storage_key: key.to_string(), guides: Rc::new(Vec::new()) }
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

    async fn click(&self, selector: &str) {
        self.find(selector).dyn_into::<HtmlElement>().unwrap().click();
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

    /// Types a line into the terminal and presses Enter.
    async fn type_line(&self, line: &str) {
        let input: HtmlInputElement = self.find(".term-input").dyn_into().unwrap();
        input.set_value(line);
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        input.dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();
        self.key(&input, "Enter").await;
    }

    /// Each terminal entry of the active tab as (command line, output).
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

    fn highlighted(&self) -> Option<String> {
        self.root.query_selector(".dev.hl").unwrap().and_then(|e| e.get_attribute("data-pos"))
    }
}

/// What a native session prints for each line: (prompt + line, stdout + stderr).
fn native(boot: fn(&str, u64) -> Result<Session, String>, lines: &[&str]) -> Vec<(String, String)> {
    let mut s = boot("bare", 1).unwrap();
    lines
        .iter()
        .map(|line| {
            let prompt = s.prompt();
            let out = s.run(line);
            (format!("{prompt}{line}"), out.combined())
        })
        .collect()
}

#[wasm_bindgen_test]
async fn the_app_mounts_with_every_pane() {
    forget("t-mount");
    let m = Mounted::new(props(mesh_web::default_boot, "t-mount")).await;
    for pane in [".terminal-pane", ".topology-pane svg", ".stepper-pane", ".tables", ".guide", ".term-input"] {
        m.find(pane);
    }
    assert_eq!(m.text(".inputline .prompt"), "root@host:~# ");
    // The bare host: one machine with its loopback in the initial namespace.
    assert_eq!(m.find_all(".tab").len(), 1);
    assert_eq!(m.text(".dev .dev-name"), "lo");
    assert!(document().body().unwrap().get_attribute("data-interactive-ms").is_some());
    m.unmount();
}

#[wasm_bindgen_test]
async fn typed_commands_print_what_the_session_prints() {
    forget("t-typed");
    let lines = [
        "hostname",
        "echo hello   'big   world'",
        "whoami",
        "nosuch --flag",
        "ping -c 2 10.0.0.2",
        "echo $?",
        "ping -c 1 -W 1 10.9.9.9",
        "echo $? | wc -c",
        "ssh nowhere",
        "sleep x",
    ];
    let expected = native(two_namespaces, &lines);
    let m = Mounted::new(props(two_namespaces, "t-typed")).await;
    for line in lines {
        m.type_line(line).await;
    }
    assert_eq!(m.entries(), expected);
    // The ping really crossed the veth: its output is not an error.
    assert!(expected[4].1.contains("2 packets transmitted, 2 received, 0% packet loss"), "{}", expected[4].1);
    m.unmount();
}

#[wasm_bindgen_test]
async fn history_and_completion_in_the_terminal() {
    forget("t-keys");
    let m = Mounted::new(props(two_namespaces, "t-keys")).await;
    m.type_line("echo one").await;
    m.type_line("echo two").await;
    let input: HtmlInputElement = m.find(".term-input").dyn_into().unwrap();
    m.key(&input, "ArrowUp").await;
    assert_eq!(input.value(), "echo two");
    m.key(&input, "ArrowUp").await;
    assert_eq!(input.value(), "echo one");
    m.key(&input, "ArrowDown").await;
    assert_eq!(input.value(), "echo two");
    m.key(&input, "ArrowDown").await;
    assert_eq!(input.value(), "");
    // Device names of the topology complete.
    input.set_value("ping ve");
    m.key(&input, "Tab").await;
    assert_eq!(input.value(), "ping veth0 ");
    m.unmount();
}

#[wasm_bindgen_test]
async fn each_tab_is_a_shell_on_its_machine_sharing_one_world() {
    forget("t-tabs");
    let m = Mounted::new(props(two_hosts, "t-tabs")).await;
    let tabs: Vec<String> = m.find_all(".tab").iter().map(|t| t.text_content().unwrap_or_default()).collect();
    assert_eq!(tabs, ["node1", "node2"]);
    m.type_line("echo shared > /tmp/note").await;
    m.click(".tab:nth-child(2)").await;
    assert_eq!(m.text(".inputline .prompt"), "user@node2:~$ ");
    m.type_line("hostname").await;
    m.type_line("ssh node1").await;
    m.type_line("cat < /tmp/note").await;
    let outs: Vec<String> = m.entries().into_iter().map(|(_, o)| o).collect();
    assert_eq!(outs, ["node2\n", "", "shared\n"]);
    assert_eq!(m.text(".inputline .prompt"), "user@node1:~$ ");
    // The first tab kept its own context.
    m.click(".tab:nth-child(1)").await;
    assert_eq!(m.text(".inputline .prompt"), "user@node1:~$ ");
    assert_eq!(m.entries().len(), 1);
    m.unmount();
}

#[wasm_bindgen_test]
async fn stepping_moves_the_highlight_and_changes_the_inspector() {
    forget("t-step");
    let line = "ping -c 1 10.0.0.2";
    let mut native = Machines::new(two_namespaces("bare", 1).unwrap());
    let hops = native.run(0, line).hops;
    assert!(hops.len() > 4, "{hops:?}");

    let m = Mounted::new(props(two_namespaces, "t-step")).await;
    assert!(m.text(".stepper-pane").contains("Run a command that sends traffic"));
    m.type_line(line).await;
    assert_eq!(m.find_all(".timeline li").len(), hops.len());
    assert_eq!(m.text(".position"), format!("hop 1 of {}", hops.len()));
    let first_title = m.text(".hop-title");
    let first_what = m.text(".inspector .what");
    assert_eq!(first_what, hops[0].what);
    let first_pos = m.highlighted();
    assert!(first_pos.is_some(), "the first hop is drawn");

    // Step until the packet is somewhere else.
    let mut steps = 0;
    while m.highlighted() == first_pos {
        m.click(".controls .step").await;
        steps += 1;
        assert!(steps < hops.len(), "the highlight never moved");
    }
    assert_ne!(m.text(".hop-title"), first_title);
    assert_eq!(m.text(".inspector .what"), hops[steps].what);
    assert_eq!(m.text(".position"), format!("hop {} of {}", steps + 1, hops.len()));
    let moved = m.highlighted();

    // Back once, by button, then forward again by keyboard on the page.
    m.click(".controls .back").await;
    assert_eq!(m.text(".inspector .what"), hops[steps - 1].what);
    assert_eq!(m.highlighted(), first_pos);
    m.key(&m.find(".mesh"), "ArrowRight").await;
    assert_eq!(m.highlighted(), moved);
    // The inspector decodes the frame and shows its bytes.
    assert!(m.text(".inspector").contains("Decoded"));
    assert!(!m.find_all(".hex span").is_empty());
    // Jumping from the timeline.
    m.click(".timeline li:first-child button").await;
    assert_eq!(m.text(".hop-title"), first_title);
    m.unmount();
}

#[wasm_bindgen_test]
async fn clicking_a_namespace_shows_its_tables_from_the_tool() {
    forget("t-tables");
    let m = Mounted::new(props(two_namespaces, "t-tables")).await;
    let blue = m.find_all(".netns").into_iter().find(|g| g.text_content().unwrap_or_default() == "blue").expect("blue is drawn");
    blue.dispatch_event(
        &web_sys::Event::new_with_event_init_dict("click", &{
            let i = web_sys::EventInit::new();
            i.set_bubbles(true);
            i
        })
        .unwrap(),
    )
    .unwrap();
    settle().await;
    assert!(m.text(".tables h2").contains("blue"));
    // Whatever the tool prints in that namespace, the pane shows it verbatim.
    let mut s = two_namespaces("bare", 1).unwrap();
    let h = s.ctx().host;
    let ns = s.world.kernel(h).netns_by_name("blue").unwrap();
    let out = s.netns_table(h, ns, mesh_core::view::NETNS_TABLES[0].1);
    assert_eq!(m.text(".table-out"), out.combined());
    assert_eq!(m.text(".table-cmd"), "root@host:~# ip netns exec blue ip addr");
    m.unmount();
}

#[wasm_bindgen_test]
async fn a_shared_link_restores_the_same_terminal_output() {
    forget("t-share-a");
    forget("t-share-b");
    let a = Mounted::new(props(two_namespaces, "t-share-a")).await;
    for line in ["hostname", "ping -c 2 10.0.0.2", "echo $?"] {
        a.type_line(line).await;
    }
    a.click(".controls .step").await;
    a.click(".share").await;
    let url = a.find(".share-url").dyn_into::<HtmlInputElement>().unwrap().value();
    let fragment = url.split_once('#').map(|(_, f)| f.to_string()).expect("the link has a fragment");
    assert!(fragment.contains("cmd=host%3Aping%20-c%202%2010.0.0.2"), "{fragment}");

    let mut p = props(two_namespaces, "t-share-b");
    p.fragment = Some(format!("#{fragment}"));
    let b = Mounted::new(p).await;
    assert_eq!(b.entries(), a.entries());
    assert_eq!(b.entries().len(), 3);
    assert_eq!(b.text(".position"), a.text(".position"));
    assert_eq!(b.text(".hop-title"), a.text(".hop-title"));
    a.unmount();
    b.unmount();
}

#[wasm_bindgen_test]
async fn a_reload_replays_the_saved_lab() {
    forget("t-reload");
    let a = Mounted::new(props(two_namespaces, "t-reload")).await;
    a.type_line("ping -c 1 10.0.0.2").await;
    a.type_line("echo done").await;
    let before = a.entries();
    a.unmount();
    let b = Mounted::new(props(two_namespaces, "t-reload")).await;
    assert_eq!(b.entries(), before);
    assert!(b.root.query_selector(".notice").unwrap().is_none());
    b.unmount();
}

#[wasm_bindgen_test]
async fn corrupted_saved_state_resets_with_a_message() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.set_item("t-corrupt", "{\"v\":1,\"scenario\":").unwrap();
    let m = Mounted::new(props(two_namespaces, "t-corrupt")).await;
    assert!(m.text(".notice").contains("The saved lab could not be read"), "{}", m.text(".notice"));
    assert_eq!(m.text(".inputline .prompt"), "root@host:~# ");
    assert!(m.entries().is_empty());
    // The bad state was replaced by a readable one.
    let saved = storage.get_item("t-corrupt").unwrap().unwrap();
    assert_eq!(SavedLab::from_json(&saved).unwrap(), SavedLab::new("bare", 1));
    m.click(".notice button").await;
    assert!(m.root.query_selector(".notice").unwrap().is_none());
    m.unmount();

    // A saved lab that names a machine the scenario lacks, and a bad link.
    let mut lab = SavedLab::new("bare", 1);
    lab.commands.push(("node9".into(), "hostname".into()));
    storage.set_item("t-corrupt", &lab.to_json()).unwrap();
    let m = Mounted::new(props(two_namespaces, "t-corrupt")).await;
    assert!(m.text(".notice").contains("`node9`"), "{}", m.text(".notice"));
    m.type_line("hostname").await;
    assert_eq!(m.entries(), [("root@host:~# hostname".to_string(), "host\n".to_string())]);
    m.unmount();
    let mut p = props(two_namespaces, "t-corrupt");
    p.fragment = Some("#v=1&scenario=bare&seed=oops".into());
    let m = Mounted::new(p).await;
    assert!(m.text(".notice").contains("The shared link could not be read (bad seed `oops`)"), "{}", m.text(".notice"));
    m.unmount();
    forget("t-corrupt");
}

#[wasm_bindgen_test]
async fn a_lab_step_runs_its_command_and_is_marked() {
    forget("t-guide");
    let step =
        |command: &str, expected: Option<&str>| GuideBlock::Step(GuideStep { node: None, command: command.into(), expected: expected.map(str::to_string) });
    let guide = Guide {
        name: "hello".into(),
        title: "Hello".into(),
        blocks: vec![
            GuideBlock::Prose("Ask the machine its name.".into()),
            step("hostname", Some("host\n")),
            step("echo hi", Some("bye\n")),
            step("whoami", None),
        ],
    };
    let mut p = props(two_namespaces, "t-guide");
    p.guides = Rc::new(vec![guide]);
    let m = Mounted::new(p).await;
    m.click(".guide-open").await;
    assert_eq!(m.find_all(".step").len(), 3);
    m.click(".step:nth-of-type(1) .run").await;
    m.click(".step:nth-of-type(2) .run").await;
    let statuses: Vec<String> = m.find_all(".step .status").iter().map(|s| s.text_content().unwrap_or_default()).collect();
    assert_eq!(statuses, ["✓ matches", "✗ differs", "not run"]);
    assert_eq!(m.entries(), [("root@host:~# hostname".to_string(), "host\n".to_string()), ("root@host:~# echo hi".to_string(), "hi\n".to_string())]);
    assert!(m.text(".guide-open").ends_with(" 1/3"), "{}", m.text(".guide-open"));
    m.unmount();
}

#[wasm_bindgen_test]
fn the_pcapng_export_holds_the_frames_of_the_trace() {
    let mut machines = Machines::new(two_namespaces("bare", 1).unwrap());
    let hops = machines.run(0, "ping -c 1 10.0.0.2").hops;
    let bytes = mesh_web::hops::to_pcapng(&hops, 1_700_000_000_000_000_000);
    let file = PcapngFile::parse(&bytes).unwrap();
    let names: Vec<String> = file.interfaces.iter().filter_map(|i| i.name.clone()).collect();
    assert_eq!(names, ["host:host:veth0", "host:blue:eth0"]);
    let frames: Vec<&Vec<u8>> =
        hops.iter().filter(|h| h.link && matches!(h.kind, mesh_core::sim::trace::HopKind::Rx | mesh_core::sim::trace::HopKind::Tx)).map(|h| &h.bytes).collect();
    assert_eq!(file.packets.iter().map(|p| &p.data).collect::<Vec<_>>(), frames);
    // ARP request and reply, echo request and reply, each sent and received.
    assert_eq!(file.packets.len(), 8);
}

#[wasm_bindgen_test]
fn saved_labs_round_trip_and_refuse_garbage() {
    let mut lab = SavedLab::new("bare", 42);
    lab.commands = vec![("host".into(), "echo 'a & b' # ü %".into()), ("node2".into(), "curl http://10.0.0.1:8080/?x=1".into())];
    lab.hop = Some(7);
    assert_eq!(SavedLab::from_fragment(&lab.to_fragment()), Ok(lab.clone()));
    assert_eq!(SavedLab::from_fragment(&format!("#{}", lab.to_fragment())), Ok(lab.clone()));
    assert_eq!(SavedLab::from_json(&lab.to_json()), Ok(lab.clone()));
    assert_eq!(mesh_web::saved::encode("a b/ü"), "a%20b%2F%C3%BC");
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
fn completion_extends_to_the_common_prefix() {
    use mesh_web::complete::complete;
    let words: Vec<String> = ["veth0", "veth1", "blue", "eth0"].iter().map(|s| s.to_string()).collect();
    assert_eq!(complete("ip link show bl", &words), ("ip link show blue ".to_string(), vec![]));
    assert_eq!(complete("ip link show ve", &words), ("ip link show veth".to_string(), vec!["veth0".to_string(), "veth1".to_string()]));
    assert_eq!(complete("ip link show x", &words), ("ip link show x".to_string(), vec![]));
    assert_eq!(complete("ip ", &words), ("ip ".to_string(), vec![]));
}

#[wasm_bindgen_test]
async fn a_lab_that_cannot_start_still_leaves_a_usable_page() {
    forget("t-noboot");
    fn never(scenario: &str, _seed: u64) -> Result<Session, String> {
        Err(format!("no machines for `{scenario}`"))
    }
    let m = Mounted::new(props(never, "t-noboot")).await;
    assert!(m.text(".notice").contains("mesh could not start a lab: Could not start scenario `bare`: no machines for `bare`"), "{}", m.text(".notice"));
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
async fn play_walks_the_hops_and_pause_stops_it() {
    forget("t-play");
    let m = Mounted::new(props(two_namespaces, "t-play")).await;
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
    let hop = |m: &Mounted| m.text(".position").split_whitespace().nth(1).and_then(|n| n.parse::<usize>().ok()).unwrap();
    let paused_at = hop(&m);
    assert!(paused_at >= 3, "played to hop {paused_at}");
    yew::platform::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(hop(&m), paused_at, "pause stops the playback");
    assert_eq!(m.text(".controls .play"), "▶ Play");
    m.unmount();
}
