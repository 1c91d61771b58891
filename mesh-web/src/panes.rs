//! The panes of the page, each drawn from the [`App`] state.

use mesh_core::lab::Part;
use mesh_core::shell::trace_view::{kind_name, layers_of};
use mesh_core::sim::trace::Hop;
use mesh_core::swarm::scenario::Scenario;
use mesh_core::view::{DeviceKindView, DevicePos, NETNS_TABLES};
use web_sys::{HtmlInputElement, HtmlSelectElement, KeyboardEvent};
use yew::html::Scope;
use yew::prelude::*;

use crate::app::{App, Msg, Theme};
use crate::hops::hex_lines;
use crate::labs::{LabEntry, StepStatus};
use crate::layout::{LinkKind, Rect, layout};
use crate::markdown;

pub fn header(app: &App, link: &Scope<App>) -> Html {
    let scenarios = Scenario::builtins();
    let on_scenario = link.callback(|e: Event| Msg::SetScenario(e.target_unchecked_into::<HtmlSelectElement>().value()));
    let on_seed = link.callback(|e: InputEvent| Msg::SetSeed(e.target_unchecked_into::<HtmlInputElement>().value()));
    let on_seed_key = link.batch_callback(|e: KeyboardEvent| (e.key() == "Enter").then_some(Msg::NewLab));
    let theme_label = if app.theme == Theme::Dark { "Light theme" } else { "Dark theme" };
    html! {
        <header class="top">
            <h1 class="brand">{ "mesh" }<span class="sub">{ " — Swarm's routing mesh, packet by packet" }</span></h1>
            <div class="lab-form" role="group" aria-label="Machines">
                <label>{ "Scenario " }
                    <select class="scenario" onchange={on_scenario}>
                        { for scenarios.iter().map(|(name, description)| html! {
                            <option value={name.to_string()} selected={*name == app.new_scenario} title={description.clone()}>{ *name }</option>
                        }) }
                        // A lab's own scenario file.
                        { if scenarios.iter().any(|(name, _)| *name == app.new_scenario) { html! {} } else { html! {
                            <option value={app.new_scenario.clone()} selected=true>{ app.new_scenario.clone() }</option>
                        } } }
                    </select>
                </label>
                <label>{ "Seed " }<input class="seed" type="text" inputmode="numeric" size="6" value={app.new_seed.clone()} oninput={on_seed} onkeydown={on_seed_key} /></label>
                <button class="new-lab" onclick={link.callback(|_| Msg::NewLab)} title="Start the scenario's machines afresh">{ "Boot" }</button>
                <span class="current-lab">{ format!("{} · seed {}", app.lab.scenario, app.lab.seed) }</span>
            </div>
            <div class="actions" role="group" aria-label="Page">
                <button class="share" onclick={link.callback(|_| Msg::Share)} title="Copy a link that rebuilds this lab">{ "Share link" }</button>
                <button class="pcap" onclick={link.callback(|_| Msg::DownloadPcap)} disabled={app.trace.is_empty()} title="Download the frames of the current trace">{ "pcapng" }</button>
                <button class="theme" onclick={link.callback(|_| Msg::ToggleTheme)}>{ theme_label }</button>
                <button class="smaller" onclick={link.callback(|_| Msg::Scale(-10))} aria-label="Smaller text">{ "A−" }</button>
                <button class="bigger" onclick={link.callback(|_| Msg::Scale(10))} aria-label="Bigger text">{ "A+" }</button>
            </div>
            { match &app.share_url {
                Some(url) => html! {
                    <div class="share-box">
                        <label>{ "Link to this lab (copied): " }<input class="share-url" type="text" readonly=true value={url.clone()} /></label>
                    </div>
                },
                None => html! {},
            } }
        </header>
    }
}

pub fn terminal(app: &App, link: &Scope<App>) -> Html {
    let shells = app.machines.terminals();
    let tab = &app.tabs[app.active.min(app.tabs.len().saturating_sub(1))];
    let ended = app.machines.ended(app.active);
    let oninput = link.callback(|e: InputEvent| Msg::Input(e.target_unchecked_into::<HtmlInputElement>().value()));
    let onkeydown = link.callback(Msg::TermKey);
    let node = shells.get(app.active).map(|s| s.home_name.clone()).unwrap_or_default();
    html! {
        <>
            <div class="tabs" role="tablist" aria-label="Machines">
                { for shells.iter().enumerate().map(|(i, s)| {
                    let selected = i == app.active;
                    html! {
                        <button role="tab" class={classes!("tab", selected.then_some("active"))} aria-selected={selected.to_string()}
                            onclick={link.callback(move |_| Msg::SelectTab(i))}>
                            { s.home_name.clone() }{ if app.machines.ended(i) { " (ended)" } else { "" } }
                        </button>
                    }
                }) }
            </div>
            <div class="scrollback" ref={app.scroll_ref.clone()} role="log" aria-label={format!("Terminal on {node}")} onclick={link.callback(|_| Msg::FocusTerminal)}>
                <p class="welcome">{ format!("A shell on {node}. Type commands as on the real machine; ↑/↓ history, Tab completes, Ctrl-C abandons the line, Ctrl-L clears.") }</p>
                { for tab.entries.iter().map(|e| html! {
                    <div class="entry">
                        <div class="cmdline"><span class="prompt">{ e.prompt.clone() }</span><span class="cmd">{ e.command.clone() }</span></div>
                        { if e.output.stdout.is_empty() && e.output.stderr.is_empty() { html! {} } else { html! {
                            <pre class="out">{ for e.output.pieces().into_iter().map(|(stream, text)| match stream {
                                mesh_core::output::Stream::Stdout => html! { { text.to_string() } },
                                mesh_core::output::Stream::Stderr => html! { <span class="err">{ text.to_string() }</span> },
                            }) }</pre>
                        } } }
                    </div>
                }) }
            </div>
            { if tab.completions.is_empty() { html! {} } else { html! {
                <div class="completions" aria-live="polite">{ tab.completions.join("  ") }</div>
            } } }
            <div class="inputline">
                <label class="prompt" for="term-input">{ if ended { format!("(the shell on {node} has ended: Boot starts the machines afresh)") } else { app.machines.prompt(app.active).to_string() } }</label>
                <input id="term-input" class="term-input" ref={app.input_ref.clone()} type="text" value={tab.input.clone()}
                    {oninput} {onkeydown} autocomplete="off" spellcheck="false" autocapitalize="off"
                    aria-label={format!("Command line on {node}")} disabled={ended} />
            </div>
        </>
    }
}

/// The position on the drawing of a hop, if its place still exists.
pub fn hop_position(app: &App, hop: &Hop) -> Option<DevicePos> {
    app.topology.locate(&hop.node, &hop.netns, hop.dev.as_deref())
}

fn pos_attr(p: DevicePos) -> String {
    format!("{}.{}.{}", p.host, p.netns, p.device)
}

pub fn topology(app: &App, link: &Scope<App>) -> Html {
    let t = &app.topology;
    let l = layout(t);
    let here = app.current_hop().and_then(|h| hop_position(app, h));
    let hl_ns = here.map(|p| (p.host, p.netns));
    let center = |p: &DevicePos| l.devices.get(p).map(Rect::center);
    let line = |a: (f64, f64), b: (f64, f64), class: &'static str| {
        html! { <line class={classes!("link", class)} x1={fmt(a.0)} y1={fmt(a.1)} x2={fmt(b.0)} y2={fmt(b.1)} /> }
    };
    let packet = here.and_then(|p| {
        l.devices
            .get(&p)
            .map(|r| (r.x + r.w - 10.0, r.y + 10.0))
            .or_else(|| l.namespaces.get(p.host).and_then(|n| n.get(p.netns)).map(|r| (r.x + r.w - 14.0, r.y + 12.0)))
    });
    html! {
        <>
            <h2>{ "Topology" }<span class="hint">{ " click a namespace for its tables" }</span></h2>
            <div class="topo-wrap">
                <svg class="topo" viewBox={format!("0 0 {} {}", fmt(l.width), fmt(l.height))} width={fmt(l.width)} style={format!("min-width: {}px", fmt(l.width * 0.55))}
                    role="group" aria-label="Hosts, namespaces and devices">
                    <line class="underlay" x1={fmt(4.0)} y1={fmt(l.underlay_y)} x2={fmt(l.width - 4.0)} y2={fmt(l.underlay_y)} />
                    <text class="underlay-label" x="8" y={fmt(l.underlay_y + 18.0)}>{ "underlay" }</text>
                    { for t.hosts.iter().zip(&l.hosts).map(|(h, r)| html! {
                        <g class="host">
                            <rect class="host-box" x={fmt(r.x)} y={fmt(r.y)} width={fmt(r.w)} height={fmt(r.h)} rx="10" />
                            <text class="host-name" x={fmt(r.x + 12.0)} y={fmt(r.y + 20.0)}>{ h.name.clone() }</text>
                        </g>
                    }) }
                    { for t.hosts.iter().enumerate().flat_map(|(hi, h)| h.namespaces.iter().enumerate().map(move |(ni, ns)| (hi, ni, ns))).map(|(hi, ni, ns)| {
                        let Some(r) = l.namespaces.get(hi).and_then(|v| v.get(ni)).copied() else { return html! {} };
                        let host_name = t.hosts[hi].name.clone();
                        let onclick = link.callback(move |_| Msg::SelectNetns(hi, ni));
                        let onkeydown = link.batch_callback(move |e: KeyboardEvent| (e.key() == "Enter" || e.key() == " ").then(|| { e.prevent_default(); Msg::SelectNetns(hi, ni) }));
                        let selected = app.tables.as_ref().is_some_and(|tv| tv.host == hi && tv.netns == ns.id);
                        html! {
                            <g class={classes!("netns", (hl_ns == Some((hi, ni))).then_some("hl"), selected.then_some("selected"))} tabindex="0" role="button"
                                aria-label={format!("Namespace {} on {host_name}: show its tables", ns.label)} {onclick} {onkeydown}>
                                <rect x={fmt(r.x)} y={fmt(r.y)} width={fmt(r.w)} height={fmt(r.h)} rx="6" />
                                <text class="netns-label" x={fmt(r.x + 8.0)} y={fmt(r.y + 16.0)}>{ ns.label.clone() }</text>
                            </g>
                        }
                    }) }
                    { for l.links.iter().filter_map(|(a, b, kind)| {
                        let class = match kind { LinkKind::Veth => "veth", LinkKind::BridgePort => "port", LinkKind::VxlanUnderlay => "tunnel" };
                        Some(line(center(a)?, center(b)?, class))
                    }) }
                    { for l.underlay_ports.iter().filter_map(|p| {
                        let r = l.devices.get(p)?;
                        Some(line((r.x + r.w / 2.0, r.y + r.h), (r.x + r.w / 2.0, l.underlay_y), "wire"))
                    }) }
                    { for t.hosts.iter().enumerate().flat_map(|(hi, h)| h.namespaces.iter().enumerate().flat_map(move |(ni, ns)| ns.devices.iter().enumerate().map(move |(di, d)| (DevicePos { host: hi, netns: ni, device: di }, d)))).map(|(p, d)| {
                        let Some(r) = l.devices.get(&p).copied() else { return html! {} };
                        let second = match &d.kind {
                            DeviceKindView::Vxlan { vni, .. } => format!("vxlan id {vni}"),
                            _ => d.addresses.first().cloned().unwrap_or_else(|| d.kind.name().to_string()),
                        };
                        let title = format!("{}: {} ({}), {}, mac {}{}", d.ifindex, d.name, d.kind.name(), d.oper_state, d.mac,
                            d.master.as_ref().map(|m| format!(", master {m}")).unwrap_or_default());
                        let (hi, ni) = (p.host, p.netns);
                        html! {
                            <g class={classes!("dev", format!("kind-{}", d.kind.name()), (here == Some(p)).then_some("hl"), (d.oper_state == "DOWN").then_some("down"))}
                                data-pos={pos_attr(p)} onclick={link.callback(move |_| Msg::SelectNetns(hi, ni))}>
                                <title>{ title }</title>
                                <rect x={fmt(r.x)} y={fmt(r.y)} width={fmt(r.w)} height={fmt(r.h)} rx="5" />
                                <text class="dev-name" x={fmt(r.x + 8.0)} y={fmt(r.y + 16.0)}>{ d.name.clone() }</text>
                                <text class="dev-addr" x={fmt(r.x + 8.0)} y={fmt(r.y + 32.0)}>{ second }</text>
                            </g>
                        }
                    }) }
                    { match packet {
                        Some((x, y)) => html! { <circle class="packet" cx={fmt(x)} cy={fmt(y)} r="7" /> },
                        None => html! {},
                    } }
                </svg>
            </div>
        </>
    }
}

fn fmt(v: f64) -> String {
    format!("{v:.1}")
}

pub fn stepper(app: &App, link: &Scope<App>) -> Html {
    let view = app.trace.view();
    let hops = &app.trace.hops.hops;
    if hops.is_empty() {
        return html! {
            <>
                <h2>{ "Packets" }</h2>
                <p class="empty">{ "Run a command that sends traffic (ping, curl …) and step through every hop of its packets here. `trace CMD` also lets `step`, `back` and `hop N` walk them in the terminal." }</p>
            </>
        };
    }
    let n = hops.len();
    let on_speed = link.callback(|e: Event| Msg::Speed(e.target_unchecked_into::<HtmlSelectElement>().value().parse().unwrap_or(700)));
    let speeds = [(1400, "0.5×"), (700, "1×"), (350, "2×"), (150, "4×")];
    html! {
        <>
            <h2>{ "Packets of " }<code>{ app.trace.command.clone() }</code>{ format!(" on {}", app.trace.node) }
                { if app.trace.traced { html! { <span class="hint">{ " the session's trace: step, back and hop N move here too" }</span> } } else { html! {} } }
            </h2>
            <div class="controls" role="toolbar" aria-label="Stepper">
                <button class="back" onclick={link.callback(|_| Msg::Back)} disabled={app.hop == 0} aria-label="Back one hop (←)">{ "◀ Back" }</button>
                <button class="play" onclick={link.callback(|_| Msg::TogglePlay)} aria-label={if app.playing { "Pause" } else { "Play" }}>{ if app.playing { "❚❚ Pause" } else { "▶ Play" } }</button>
                <button class="step" onclick={link.callback(|_| Msg::Step)} disabled={app.hop + 1 >= n} aria-label="Step one hop (→)">{ "Step ▶" }</button>
                <label>{ "Speed " }
                    <select class="speed" onchange={on_speed}>
                        { for speeds.iter().map(|(ms, label)| html! { <option value={ms.to_string()} selected={*ms == app.speed_ms}>{ *label }</option> }) }
                    </select>
                </label>
                <span class="position">{ format!("hop {} of {n}", app.hop + 1) }</span>
                <span class="hint">{ "← → step, Home End go to the first and last hop, when the terminal is not focused (t goes back to it)" }</span>
            </div>
            <div class="stepper-body">
                <ol class="timeline" aria-label="Hops">
                    { for hops.iter().enumerate().map(|(i, h)| {
                        let current = i == app.hop;
                        html! {
                            <li class={classes!("hop", format!("k-{}", kind_name(h.kind)), current.then_some("current"))}>
                                <button onclick={link.callback(move |_| Msg::Jump(i))} aria-current={current.then_some("step")}>
                                    <span class="n">{ format!("{:>3}", i + 1) }</span>
                                    <span class="t">{ view.relative_time(i) }</span>
                                    <span class="where">{ format!("{} {} {}", h.node, h.netns, h.dev.as_deref().unwrap_or("-")) }</span>
                                    <span class="k">{ kind_name(h.kind) }</span>
                                    <span class="w">{ h.what.clone() }</span>
                                </button>
                            </li>
                        }
                    }) }
                </ol>
                { inspector(app) }
            </div>
        </>
    }
}

fn inspector(app: &App) -> Html {
    let view = app.trace.view();
    let hops = &app.trace.hops.hops;
    let i = app.hop;
    let Some(hop) = hops.get(i) else { return html! {} };
    let d = &hop.detail;
    // The CLI's `hex N`: a summary line, then the dump with `^^` under the changed bytes.
    let hex = view.hex(i).unwrap_or_default();
    let (summary, dump) = hex.split_once('\n').unwrap_or((hex.as_str(), ""));
    html! {
        <div class="inspector" aria-live="polite" aria-label="Hop inspector">
            <h3 class="hop-title">{ format!("Hop {} of {} · {} · +{} s", i + 1, hops.len(), kind_name(hop.kind), view.relative_time(i)) }</h3>
            <dl class="where">
                <dt>{ "Node" }</dt><dd>{ hop.node.clone() }</dd>
                <dt>{ "Namespace" }</dt><dd>{ hop.netns.clone() }</dd>
                <dt>{ "Device" }</dt><dd>{ hop.dev.clone().unwrap_or_else(|| "—".into()) }</dd>
                { match &d.hook { Some(h) => html! { <><dt>{ "Hook" }</dt><dd>{ h.clone() }</dd></> }, None => html! {} } }
            </dl>
            <p class="what">{ hop.what.clone() }</p>
            { match &hop.flow { Some(f) => html! { <p class="flow"><code>{ f.clone() }</code></p> }, None => html! {} } }
            { if d.rules.is_empty() { html! {} } else { html! {
                <>
                    <h4>{ "Rules walked" }</h4>
                    <table class="rules">
                        <thead><tr><th>{ "table / chain" }</th><th>{ "#" }</th><th>{ "rule" }</th><th>{ "match" }</th><th>{ "then" }</th></tr></thead>
                        <tbody>
                            { for d.rules.iter().map(|r| html! {
                                <tr class={if r.matched { "matched" } else { "failed" }}>
                                    <td>{ format!("{} / {}", r.table, r.chain) }</td>
                                    <td>{ if r.rule_num == 0 { "policy".to_string() } else { r.rule_num.to_string() } }</td>
                                    <td><code>{ r.spec.clone() }</code></td>
                                    <td>{ if r.matched { "✓ matched".to_string() } else { format!("✗ {}", r.failed_at.clone().unwrap_or_else(|| "no match".into())) } }</td>
                                    <td>{ r.outcome.clone() }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </>
            } } }
            { match &d.verdict { Some(v) => html! { <p class="verdict">{ "Verdict: " }<strong>{ v.clone() }</strong></p> }, None => html! {} } }
            { match (&d.before, &d.after) {
                (Some(b), Some(a)) => html! { <p class="nat"><code>{ b.clone() }</code>{ " → " }<code>{ a.clone() }</code></p> },
                _ => html! {},
            } }
            { match &d.conntrack { Some(c) => html! { <><h4>{ "Conntrack" }</h4><pre class="conntrack">{ c.clone() }</pre></> }, None => html! {} } }
            { match &d.ipvs { Some(c) => html! { <><h4>{ "IPVS" }</h4><pre class="ipvs">{ c.clone() }</pre></> }, None => html! {} } }
            <h4>{ "Decoded" }</h4>
            { for layers_of(hop).into_iter().map(|layer| html! {
                <details class="layer" open=true>
                    <summary>{ layer.name.clone() }<span class="range">{ format!(" bytes {}–{}", layer.range.0, layer.range.1) }</span></summary>
                    <table class="fields">
                        { for layer.fields.iter().map(|(k, v)| html! { <tr><th>{ k.clone() }</th><td>{ v.clone() }</td></tr> }) }
                    </table>
                </details>
            }) }
            <h4>{ "Bytes" }</h4>
            <p class="compare">{ summary.to_string() }</p>
            <pre class="hex">{ for hex_lines(dump).into_iter().map(|line| html! {
                <span class={classes!("hex-line", line.marker.then_some("marks"))}>
                    { for line.runs.into_iter().map(|(text, lit)| if lit { html! { <mark>{ text }</mark> } } else { html! { { text } } }) }
                    { "\n" }
                </span>
            }) }</pre>
        </div>
    }
}

pub fn tables(app: &App, link: &Scope<App>) -> Html {
    let Some(t) = &app.tables else {
        return html! {
            <div class="tables">
                <h2>{ "Tables" }</h2>
                <p class="empty">{ "Click a namespace in the topology to see its addresses, routes, neighbours, FDB, iptables, IPVS and conntrack tables." }</p>
            </div>
        };
    };
    let host = app.topology.hosts.get(t.host).map(|h| h.name.clone()).unwrap_or_default();
    let (_, command) = NETNS_TABLES[t.table.min(NETNS_TABLES.len() - 1)];
    let typed = match &t.mount {
        _ if t.netns == mesh_core::kernel::INIT_NETNS => command.to_string(),
        Some(m) if m.starts_with("/run/netns/") => format!("ip netns exec {} {command}", t.label),
        Some(m) => format!("nsenter --net={m} {command}"),
        None => format!("{command}    # in namespace {}", t.label),
    };
    html! {
        <div class="tables">
            <h2>{ format!("Tables · {host} · {}", t.label) }
                <button class="close" onclick={link.callback(|_| Msg::CloseTables)} aria-label="Close the tables">{ "×" }</button>
            </h2>
            <div class="table-tabs" role="tablist" aria-label="Tables">
                { for NETNS_TABLES.iter().enumerate().map(|(i, (title, _))| {
                    let selected = i == t.table;
                    html! {
                        <button role="tab" class={classes!("table-tab", selected.then_some("active"))} aria-selected={selected.to_string()}
                            onclick={link.callback(move |_| Msg::SelectTable(i))}>{ *title }</button>
                    }
                }) }
            </div>
            <p class="table-cmd"><code>{ format!("root@{host}:~# {typed}") }</code></p>
            <pre class="table-out">{ t.output.stdout.clone() }<span class="err">{ t.output.stderr.clone() }</span></pre>
        </div>
    }
}

fn status_view(status: &StepStatus) -> (&'static str, &'static str) {
    match status {
        StepStatus::NotRun => ("not-run", "not run"),
        StepStatus::Matches => ("matches", "✓ matches"),
        StepStatus::Differs(_) => ("differs", "✗ differs"),
        StepStatus::Ran => ("ran", "✓ ran"),
    }
}

/// The lab guide: the labs of `labs/`, and the open one rendered with a
/// Run button per command and each step's status.
pub fn guide(app: &App, link: &Scope<App>, labs: &[LabEntry]) -> Html {
    if labs.is_empty() {
        return html! {
            <div class="guide">
                <h2>{ "Lab guide" }</h2>
                <p class="empty">{ "This build has no labs (labs/*.md)." }</p>
            </div>
        };
    }
    let open = app.guide.and_then(|g| labs.get(g).map(|x| (g, x)));
    html! {
        <div class="guide">
            <h2>{ "Lab guide" }<span class="hint">{ " opening a lab starts its machines" }</span></h2>
            <ul class="guide-list">
                { for labs.iter().enumerate().map(|(gi, entry)| {
                    let done = app.progress.get(&entry.name).map(|p| p.iter().filter(|s| s.done()).count()).unwrap_or(0);
                    html! {
                        <li><button class={classes!("guide-open", (app.guide == Some(gi)).then_some("active"))} onclick={link.callback(move |_| Msg::OpenGuide(Some(gi)))}
                            title={entry.lab.as_ref().map(|l| l.meta.summary.clone()).unwrap_or_default()}>
                            { entry.title() }<span class="progress">{ format!(" {done}/{}", entry.step_count()) }</span>
                        </button></li>
                    }
                }) }
            </ul>
            { match open {
                None => html! {},
                Some((gi, entry)) => guide_body(app, link, gi, entry),
            } }
        </div>
    }
}

fn guide_body(app: &App, link: &Scope<App>, gi: usize, entry: &LabEntry) -> Html {
    let lab = match &entry.lab {
        Ok(lab) => lab,
        Err(e) => {
            return html! {
                <article class="guide-body">
                    <p class="error">{ format!("labs/{}.md cannot be read: {e}", entry.name) }</p>
                </article>
            };
        }
    };
    let meta = &lab.meta;
    let progress = app.progress.get(&entry.name);
    let booted_here = app.lab.lab.as_ref() == Some(&entry.name);
    let mut facts = Vec::new();
    if let Some(m) = meta.minutes {
        facts.push(format!("about {m} minutes"));
    }
    facts.push(format!("scenario {}{}", meta.scenario, meta.seed.map(|s| format!(", seed {s}")).unwrap_or_default()));
    if !meta.prerequisites.is_empty() {
        facts.push(format!("you should know: {}", meta.prerequisites.join(", ")));
    }
    let mut step_index = 0usize;
    html! {
        <article class="guide-body" aria-label={format!("Lab: {}", meta.title)}>
            <div class="guide-head">
                <h3>{ meta.title.clone() }</h3>
                <button class="guide-restart" onclick={link.callback(|_| Msg::RestartGuide)} title="Start this lab's machines afresh and forget its progress">{ "Restart" }</button>
                <button class="guide-close" onclick={link.callback(|_| Msg::OpenGuide(None))}>{ "All labs" }</button>
            </div>
            <p class="summary">{ meta.summary.clone() }</p>
            <p class="facts">{ facts.join(" · ") }</p>
            { if booted_here { html! {} } else { html! {
                <p class="notice-inline">{ "The machines were started for something else; Restart boots this lab's." }</p>
            } } }
            { for lab.parts.iter().map(|part| match part {
                Part::Text { text, .. } => markdown::render(&markdown::parse(text), 2),
                Part::Console(block) => html! {
                    <div class={classes!("console", (!block.checked).then_some("no-check"))}>
                        { for block.steps.iter().map(|step| {
                            let si = step_index;
                            step_index += 1;
                            let status = progress.and_then(|p| p.get(si)).cloned().unwrap_or_default();
                            let (class, label) = status_view(&status);
                            let prompt = step.node.as_ref().map(|n| format!("{n}$ ")).unwrap_or_else(|| "$ ".into());
                            let expected: Vec<&str> = step.expected.iter().map(|l| l.text.as_str()).collect();
                            html! {
                                <div class={classes!("step", class)}>
                                    <div class="step-line">
                                        <code class="step-cmd"><span class="step-prompt">{ prompt }</span>{ step.command.clone() }
                                            { for step.here_doc.iter().map(|l| html! { <>{ "\n" }{ l.clone() }</> }) }</code>
                                        <button class="run" onclick={link.callback(move |_| Msg::RunStep(gi, si))} aria-label={format!("Run {}", step.command)}>{ "Run" }</button>
                                        <span class="status">{ label }</span>
                                    </div>
                                    { if expected.is_empty() { html! {} } else { html! { <pre class="expected">{ expected.join("\n") }</pre> } } }
                                    { match &status {
                                        StepStatus::Differs(diff) => html! {
                                            <pre class="diff" aria-label="How the output differs">{ format!("- expected (lab line), + printed:\n{diff}") }</pre>
                                        },
                                        _ => html! {},
                                    } }
                                </div>
                            }
                        }) }
                    </div>
                },
            }) }
        </article>
    }
}
