//! The page: one Yew component that owns the lab and draws every pane.
//!
//! State lives here (machines, terminal tabs, the last trace and the current
//! hop, the open tables, the open lab guide and its progress); each pane is
//! drawn by a function in its own module from `&App`. Everything the user
//! does is a [`Msg`]. After every command the lab is saved (see
//! [`crate::saved`]); on start it is restored from the URL fragment, else
//! from `localStorage`, and anything unreadable starts a fresh lab with a
//! visible notice.
//!
//! The stepper shows the last trace: the hops of the last command that sent
//! traffic, or — when the command was the `trace` built-in — the session's
//! own trace, which `step`, `back` and `hop N` typed in a terminal then move
//! through (the stepper follows them).

use std::collections::BTreeMap;
use std::rc::Rc;

use mesh_core::kernel::NetnsId;
use mesh_core::output::CmdOutput;
use mesh_core::shell::trace_view::TraceView;
use mesh_core::sim::trace::{Hop, Trace as HopTrace};
use mesh_core::view::{NETNS_TABLES, Topology, topology};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement, KeyboardEvent};
use yew::html::Scope;
use yew::prelude::*;

use crate::labs::{LabEntry, StepStatus, typed_text};
use crate::machines::{BootFn, Machines, Ran};
use crate::saved::SavedLab;
use crate::{browser, panes};

/// How the page builds a lab: a function from scenario name and seed to the
/// booted machines (compared by identity, as Yew compares properties).
#[derive(Clone)]
pub struct Boot(pub Rc<BootFn>);

impl PartialEq for Boot {
    fn eq(&self, other: &Boot) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The page's inputs.
#[derive(Clone, PartialEq, Properties)]
pub struct AppProps {
    pub boot: Boot,
    /// The URL fragment the page was opened with (a shared link), if any.
    #[prop_or_default]
    pub fragment: Option<String>,
    /// Where the lab is kept in `localStorage` (tests use their own keys).
    #[prop_or_else(|| "mesh-web".to_string())]
    pub storage_key: String,
    /// The labs the guide pane offers.
    #[prop_or_default]
    pub labs: Rc<Vec<LabEntry>>,
}

/// The scenario and seed a page starts with when it has nothing saved: the
/// seed walkthrough's two nodes.
pub const DEFAULT_SCENARIO: &str = "seed";
pub const DEFAULT_SEED: u64 = 1;

/// One command and what it printed, as the terminal shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub prompt: String,
    pub command: String,
    pub output: CmdOutput,
}

/// One terminal tab.
#[derive(Clone, Debug, Default)]
pub struct Tab {
    pub entries: Vec<Entry>,
    pub input: String,
    pub history: Vec<String>,
    /// Where ↑/↓ are in `history` (None: editing a new line).
    pub history_pos: Option<usize>,
    /// The line being edited when ↑ first left it: ↓ past the newest
    /// command brings it back, as in bash.
    pub draft: String,
    /// Candidates shown after an ambiguous Tab.
    pub completions: Vec<String>,
}

impl Tab {
    /// Shows a command that ran and adds it to the history (unless it
    /// repeats the last one).
    fn record(&mut self, line: &str, ran: Ran) {
        if !line.trim().is_empty() && self.history.last().map(String::as_str) != Some(line) {
            self.history.push(line.to_string());
        }
        self.history_pos = None;
        self.draft.clear();
        self.completions.clear();
        self.entries.push(Entry { prompt: ran.prompt, command: line.to_string(), output: ran.output });
    }
}

/// The last command that sent traffic and its hops.
#[derive(Clone, Debug, Default)]
pub struct Trace {
    pub command: String,
    pub node: String,
    pub hops: HopTrace,
    /// The hops are the session's last `trace` (what `step` walks).
    pub traced: bool,
}

impl Trace {
    pub fn view(&self) -> TraceView<'_> {
        TraceView::new(&self.hops)
    }

    pub fn len(&self) -> usize {
        self.hops.hops.len()
    }

    pub fn is_empty(&self) -> bool {
        self.hops.hops.is_empty()
    }
}

/// The tables pane: which namespace and which table.
#[derive(Clone, Debug)]
pub struct TablesView {
    pub host: usize,
    pub netns: NetnsId,
    pub label: String,
    pub mount: Option<String>,
    pub table: usize,
    pub output: CmdOutput,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

pub enum Msg {
    Input(String),
    TermKey(KeyboardEvent),
    SelectTab(usize),
    Step,
    Back,
    Jump(usize),
    TogglePlay,
    Tick(u64),
    Speed(u32),
    SelectNetns(usize, usize),
    SelectTable(usize),
    CloseTables,
    /// Show a lab (booting its scenario unless these machines are its), or the list.
    OpenGuide(Option<usize>),
    /// Boot the open lab's scenario afresh and forget its progress.
    RestartGuide,
    RunStep(usize, usize),
    DownloadPcap,
    Share,
    ToggleTheme,
    Scale(i32),
    SetScenario(String),
    SetSeed(String),
    NewLab,
    DismissNotice,
    PageKey(KeyboardEvent),
    FocusTerminal,
    /// The URL fragment changed (a shared link opened in this tab).
    OpenLink(String),
}

/// The page.
pub struct App {
    pub machines: Machines,
    pub lab: SavedLab,
    pub tabs: Vec<Tab>,
    pub active: usize,
    pub trace: Trace,
    pub hop: usize,
    pub playing: bool,
    play_generation: u64,
    /// Milliseconds between hops while playing.
    pub speed_ms: u32,
    pub topology: Topology,
    pub tables: Option<TablesView>,
    /// The lab shown in the guide pane (an index into the `labs` property).
    pub guide: Option<usize>,
    pub progress: BTreeMap<String, Vec<StepStatus>>,
    pub notice: Option<String>,
    pub share_url: Option<String>,
    pub theme: Theme,
    /// Text size in percent (projectors want it big).
    pub scale: i32,
    pub new_scenario: String,
    pub new_seed: String,
    pub input_ref: NodeRef,
    pub scroll_ref: NodeRef,
    pub root_ref: NodeRef,
    scroll_pending: bool,
    /// Focus the command line after the next render.
    focus_pending: bool,
    /// The hop the timeline was last scrolled to.
    scrolled_hop: Option<usize>,
    /// Opens a shared link pasted into this tab (kept alive with the page).
    _hash_listener: Option<browser::HashListener>,
}

impl Component for App {
    type Message = Msg;
    type Properties = AppProps;

    fn create(ctx: &Context<Self>) -> Self {
        let props = ctx.props();
        let mut notice = None;
        let fragment = props.fragment.as_deref().map(|f| f.trim_start_matches('#')).filter(|f| !f.is_empty());
        let wanted = match fragment {
            Some(f) => SavedLab::from_fragment(f).map_err(|e| format!("The shared link could not be read ({e}); a fresh lab was started instead.")),
            None => match browser::storage_get(&props.storage_key) {
                Some(text) => SavedLab::from_json(&text).map_err(|e| format!("The saved lab could not be read ({e}); it was reset and a fresh lab started.")),
                None => Ok(SavedLab::new(DEFAULT_SCENARIO, DEFAULT_SEED)),
            },
        };
        let wanted = wanted.unwrap_or_else(|e| {
            notice = Some(e);
            SavedLab::new(DEFAULT_SCENARIO, DEFAULT_SEED)
        });
        let (theme, scale) = browser::load_prefs(&props.storage_key);
        browser::apply_prefs(theme, scale);
        let progress = browser::storage_get(&format!("{}/progress", props.storage_key)).and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default();
        let mut app = App {
            machines: Machines::new(bare_machines()),
            lab: SavedLab::new("bare", DEFAULT_SEED),
            tabs: vec![Tab::default()],
            active: 0,
            trace: Trace::default(),
            hop: 0,
            playing: false,
            play_generation: 0,
            speed_ms: 700,
            topology: Topology::default(),
            tables: None,
            guide: None,
            progress,
            notice,
            share_url: None,
            theme,
            scale,
            new_scenario: wanted.scenario.clone(),
            new_seed: wanted.seed.to_string(),
            input_ref: NodeRef::default(),
            scroll_ref: NodeRef::default(),
            root_ref: NodeRef::default(),
            scroll_pending: true,
            focus_pending: false,
            scrolled_hop: None,
            _hash_listener: {
                let link = ctx.link().clone();
                browser::HashListener::new(move |fragment| link.send_message(Msg::OpenLink(fragment)))
            },
        };
        // Until a lab is restored the page shows a bare host, so that even a
        // boot function that fails for every scenario leaves a usable terminal.
        app.topology = topology(app.machines.world());
        if let Err(e) = app.restore(ctx, &wanted) {
            app.notice = Some(e);
            let fresh = SavedLab::new(DEFAULT_SCENARIO, DEFAULT_SEED);
            if let Err(e) = app.restore(ctx, &fresh) {
                app.notice = Some(format!("mesh could not start a lab: {e}"));
            }
        }
        app.save(ctx);
        app
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Input(value) => {
                if let Some(tab) = self.tabs.get_mut(self.active) {
                    tab.input = value;
                    tab.history_pos = None;
                }
                false
            }
            Msg::TermKey(e) => self.terminal_key(ctx, e),
            Msg::SelectTab(i) => {
                if i < self.tabs.len() {
                    self.active = i;
                    self.scroll_pending = true;
                    // Choosing a machine is choosing where to type next.
                    self.focus_pending = true;
                }
                true
            }
            Msg::Step => {
                self.playing = false;
                self.move_hop(ctx, 1)
            }
            Msg::Back => {
                self.playing = false;
                self.move_hop(ctx, -1)
            }
            Msg::Jump(i) => {
                self.playing = false;
                if i < self.trace.len() {
                    self.hop = i;
                    self.lab.hop = Some(i);
                    self.save(ctx);
                }
                true
            }
            Msg::TogglePlay => {
                if self.trace.is_empty() {
                    return false;
                }
                self.playing = !self.playing;
                self.play_generation += 1;
                if self.playing {
                    if self.hop + 1 >= self.trace.len() {
                        self.hop = 0;
                    }
                    self.schedule_tick(ctx);
                }
                true
            }
            Msg::Tick(generation) => {
                if !self.playing || generation != self.play_generation {
                    return false;
                }
                if self.hop + 1 < self.trace.len() {
                    self.hop += 1;
                    self.lab.hop = Some(self.hop);
                    self.schedule_tick(ctx);
                } else {
                    self.playing = false;
                    self.save(ctx);
                }
                true
            }
            Msg::Speed(ms) => {
                self.speed_ms = ms.clamp(50, 5_000);
                true
            }
            Msg::SelectNetns(host, ns_idx) => {
                let Some(ns) = self.topology.hosts.get(host).and_then(|h| h.namespaces.get(ns_idx)) else { return false };
                let table = self.tables.as_ref().map(|t| t.table).unwrap_or(0);
                self.tables =
                    Some(TablesView { host, netns: ns.id, label: ns.label.clone(), mount: ns.mounts.first().cloned(), table, output: CmdOutput::default() });
                self.refresh_tables();
                true
            }
            Msg::SelectTable(i) => {
                if let Some(t) = &mut self.tables {
                    t.table = i.min(NETNS_TABLES.len() - 1);
                }
                self.refresh_tables();
                true
            }
            Msg::CloseTables => {
                self.tables = None;
                true
            }
            Msg::OpenGuide(g) => {
                self.open_guide(ctx, g, false);
                true
            }
            Msg::RestartGuide => {
                let open = self.guide;
                self.open_guide(ctx, open, true);
                true
            }
            Msg::RunStep(g, s) => self.run_step(ctx, g, s),
            Msg::DownloadPcap => {
                if !self.trace.is_empty() {
                    let epoch = u64::try_from(self.machines.session().wall_epoch).unwrap_or(0).saturating_mul(1_000_000_000);
                    let bytes = self.trace.view().to_pcapng(epoch);
                    if let Err(e) = browser::download("mesh-trace.pcapng", "application/x-pcapng", &bytes) {
                        self.notice = Some(format!("The capture could not be saved: {e}"));
                    }
                }
                true
            }
            Msg::Share => {
                let url = browser::share_url(&self.lab.to_fragment());
                browser::copy_text(&url);
                self.share_url = Some(url);
                true
            }
            Msg::ToggleTheme => {
                self.theme = match self.theme {
                    Theme::Light => Theme::Dark,
                    Theme::Dark => Theme::Light,
                };
                browser::save_prefs(&ctx.props().storage_key, self.theme, self.scale);
                browser::apply_prefs(self.theme, self.scale);
                true
            }
            Msg::Scale(d) => {
                self.scale = (self.scale + d).clamp(70, 250);
                browser::save_prefs(&ctx.props().storage_key, self.theme, self.scale);
                browser::apply_prefs(self.theme, self.scale);
                true
            }
            Msg::SetScenario(s) => {
                self.new_scenario = s;
                false
            }
            Msg::SetSeed(s) => {
                self.new_seed = s;
                false
            }
            Msg::NewLab => {
                let Ok(seed) = self.new_seed.trim().parse::<u64>() else {
                    self.notice = Some(format!("The seed must be a whole number from 0 to {}, not `{}`.", u64::MAX, self.new_seed));
                    return true;
                };
                let fresh = SavedLab::new(&self.new_scenario, seed);
                match self.restore(ctx, &fresh) {
                    Ok(()) => {
                        self.notice = None;
                        self.save(ctx);
                    }
                    Err(e) => self.notice = Some(e),
                }
                true
            }
            Msg::DismissNotice => {
                self.notice = None;
                true
            }
            Msg::PageKey(e) => self.page_key(ctx, e),
            Msg::OpenLink(fragment) => {
                // As when the page opens with the link: its lab, or a fresh one and why.
                let wanted = SavedLab::from_fragment(&fragment).map_err(|e| format!("The shared link could not be read ({e}); this lab was kept."));
                match wanted.and_then(|lab| self.restore(ctx, &lab).map(|()| lab)) {
                    Ok(lab) => {
                        self.notice = None;
                        self.new_scenario = lab.scenario.clone();
                        self.new_seed = lab.seed.to_string();
                        self.save(ctx);
                    }
                    Err(e) => self.notice = Some(e),
                }
                true
            }
            Msg::FocusTerminal => {
                // A click that ended a text selection (to copy output) leaves the focus alone.
                if !browser::has_selection() {
                    self.update_focus_terminal();
                }
                false
            }
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let onkeydown = link.callback(Msg::PageKey);
        html! {
            <div class="mesh" ref={self.root_ref.clone()} {onkeydown}>
                { panes::header(self, link) }
                { self.notice_view(link) }
                <main class="grid">
                    <section class="pane terminal-pane" aria-label="Terminal">{ panes::terminal(self, link) }</section>
                    <section class="pane topology-pane" aria-label="Topology">{ panes::topology(self, link) }</section>
                    <section class="pane stepper-pane" aria-label="Packet stepper">{ panes::stepper(self, link) }</section>
                    <section class="pane side-pane" aria-label="Tables and lab guide">
                        { panes::guide(self, link, &ctx.props().labs) }
                        { panes::tables(self, link) }
                    </section>
                </main>
            </div>
        }
    }

    fn rendered(&mut self, _ctx: &Context<Self>, first_render: bool) {
        if self.scrolled_hop != Some(self.hop) && !self.trace.is_empty() {
            self.scrolled_hop = Some(self.hop);
            // Only the timeline scrolls to its current hop: scrolling the hop
            // into view would scroll the page too, taking the terminal a
            // command was just typed in off the screen.
            let root = self.root_ref.cast::<web_sys::Element>();
            let find = |selector: &str| root.as_ref().and_then(|r| r.query_selector(selector).ok().flatten());
            if let (Some(list), Some(li)) = (find(".timeline"), find(".timeline .current")) {
                let (shown, item) = (list.get_bounding_client_rect(), li.get_bounding_client_rect());
                let by = if item.top() < shown.top() {
                    item.top() - shown.top()
                } else if item.bottom() > shown.bottom() {
                    (item.bottom() - shown.bottom()).min(item.top() - shown.top())
                } else {
                    0.0
                };
                list.set_scroll_top(list.scroll_top() + by.round() as i32);
            }
        }
        if self.scroll_pending {
            if let Some(el) = self.scroll_ref.cast::<HtmlElement>() {
                el.set_scroll_top(el.scroll_height());
            }
            self.scroll_pending = false;
        }
        if first_render || self.focus_pending {
            self.focus_pending = false;
            self.update_focus_terminal();
        }
        if first_render {
            browser::mark_interactive();
        }
    }
}

impl App {
    fn notice_view(&self, link: &Scope<App>) -> Html {
        match &self.notice {
            None => html! {},
            Some(text) => html! {
                <div class="notice" role="alert">
                    <span class="notice-text">{ text.clone() }</span>
                    <button onclick={link.callback(|_| Msg::DismissNotice)} aria-label="Dismiss the notice">{ "OK" }</button>
                </div>
            },
        }
    }

    fn refresh_tables(&mut self) {
        let Some(t) = &mut self.tables else { return };
        let host = mesh_core::sim::HostId(t.host as u32);
        let (_, command) = NETNS_TABLES[t.table.min(NETNS_TABLES.len() - 1)];
        t.output = self.machines.netns_table(host, t.netns, command);
    }

    /// Moves the stepper by `by` hops (within the trace) and saves where it is.
    fn move_hop(&mut self, ctx: &Context<Self>, by: isize) -> bool {
        let n = self.trace.len();
        if n == 0 {
            return false;
        }
        let next = self.hop.saturating_add_signed(by).min(n - 1);
        let moved = next != self.hop;
        self.hop = next;
        self.lab.hop = Some(next);
        if moved {
            self.save(ctx);
        }
        moved
    }

    fn schedule_tick(&self, ctx: &Context<Self>) {
        let link = ctx.link().clone();
        let generation = self.play_generation;
        let ms = u64::from(self.speed_ms);
        yew::platform::spawn_local(async move {
            yew::platform::time::sleep(std::time::Duration::from_millis(ms)).await;
            link.send_message(Msg::Tick(generation));
        });
    }

    fn terminal_key(&mut self, ctx: &Context<Self>, e: KeyboardEvent) -> bool {
        let active = self.active;
        match e.key().as_str() {
            "Enter" => {
                e.prevent_default();
                let line = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()).map(|i| i.value()).unwrap_or_else(|| self.tabs[active].input.clone());
                self.tabs[active].input.clear();
                self.set_input("");
                self.run_line(ctx, active, &line);
                true
            }
            "ArrowUp" | "ArrowDown" => {
                e.prevent_default();
                let t = &mut self.tabs[active];
                if t.history.is_empty() {
                    return false;
                }
                let current = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()).map(|i| i.value()).unwrap_or_else(|| t.input.clone());
                let pos = match (e.key().as_str(), t.history_pos) {
                    ("ArrowUp", None) => {
                        t.draft = current;
                        Some(t.history.len() - 1)
                    }
                    ("ArrowUp", Some(p)) => Some(p.saturating_sub(1)),
                    ("ArrowDown", Some(p)) if p + 1 < t.history.len() => Some(p + 1),
                    // ↓ on the line being edited leaves it alone.
                    ("ArrowDown", None) => return false,
                    _ => None,
                };
                t.history_pos = pos;
                t.input = pos.map(|p| t.history[p].clone()).unwrap_or_else(|| std::mem::take(&mut t.draft));
                let value = t.input.clone();
                self.set_input(&value);
                true
            }
            "Tab" => {
                e.prevent_default();
                let input = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok());
                let current = input.as_ref().map(|i| i.value()).unwrap_or_default();
                // The browser counts the caret in UTF-16 units.
                let caret = input.and_then(|i| i.selection_start().ok().flatten()).map(|u| utf16_to_byte(&current, u as usize)).unwrap_or(current.len());
                let completion = self.machines.complete(active, &current, caret);
                let (line, candidates) = crate::complete::apply(&current, caret, &completion);
                let t = &mut self.tabs[active];
                t.input = line.clone();
                t.completions = candidates;
                self.set_input(&line);
                if let Some(input) = self.input_ref.cast::<HtmlInputElement>() {
                    let end = utf16_len(&line[..line.len() - current.len().saturating_sub(caret).min(line.len())]);
                    let _ = input.set_selection_range(end, end);
                }
                true
            }
            // The output is above the line being typed: (Shift-)PageUp and
            // PageDown scroll it by a screenful, as a terminal's scrollback.
            "PageUp" | "PageDown" => {
                e.prevent_default();
                if let Some(el) = self.scroll_ref.cast::<HtmlElement>() {
                    let page = (el.client_height() * 9 / 10).max(1);
                    el.set_scroll_top(el.scroll_top() + if e.key() == "PageUp" { -page } else { page });
                }
                false
            }
            "l" | "L" if e.ctrl_key() => {
                e.prevent_default();
                // The screen is cleared; the line being typed stays as it is.
                if let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) {
                    self.tabs[active].input = input.value();
                }
                self.tabs[active].entries.clear();
                true
            }
            // Ctrl-C abandons the line as bash does (`^C`, a fresh prompt,
            // nothing run), unless text is selected: then it copies, as
            // everywhere in the browser.
            "c" | "C" if e.ctrl_key() && !e.shift_key() && !e.alt_key() => {
                let input = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok());
                let selected_in_input = input.as_ref().is_some_and(|i| {
                    let (start, end) = (i.selection_start().ok().flatten(), i.selection_end().ok().flatten());
                    start.is_some() && start != end
                });
                if selected_in_input || browser::has_selection() || self.machines.ended(active) {
                    return false;
                }
                e.prevent_default();
                let line = input.map(|i| i.value()).unwrap_or_else(|| self.tabs[active].input.clone());
                let prompt = self.machines.prompt(active).to_string();
                let t = &mut self.tabs[active];
                t.entries.push(Entry { prompt, command: format!("{line}^C"), output: CmdOutput::default() });
                t.input.clear();
                t.history_pos = None;
                t.draft.clear();
                t.completions.clear();
                self.set_input("");
                self.scroll_pending = true;
                true
            }
            _ => false,
        }
    }

    fn set_input(&self, value: &str) {
        if let Some(input) = self.input_ref.cast::<HtmlInputElement>() {
            input.set_value(value);
        }
    }

    fn page_key(&mut self, ctx: &Context<Self>, e: KeyboardEvent) -> bool {
        let in_field =
            e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"));
        if in_field || e.ctrl_key() || e.alt_key() || e.meta_key() {
            return false;
        }
        match e.key().as_str() {
            "ArrowRight" | "n" => {
                e.prevent_default();
                self.playing = false;
                self.move_hop(ctx, 1)
            }
            "ArrowLeft" | "p" => {
                e.prevent_default();
                self.playing = false;
                self.move_hop(ctx, -1)
            }
            "Home" | "End" if !self.trace.is_empty() => {
                e.prevent_default();
                self.playing = false;
                let by = if e.key() == "Home" { -(self.hop as isize) } else { (self.trace.len() - 1 - self.hop) as isize };
                self.move_hop(ctx, by)
            }
            "t" => {
                e.prevent_default();
                self.update_focus_terminal();
                false
            }
            _ => false,
        }
    }

    fn update_focus_terminal(&self) {
        if let Some(input) = self.input_ref.cast::<HtmlElement>() {
            let _ = input.focus();
        }
    }

    /// Build the lab `saved` describes: boot its scenario and replay its
    /// commands. On error the page keeps its current lab.
    fn restore(&mut self, ctx: &Context<Self>, saved: &SavedLab) -> Result<(), String> {
        let booted = (ctx.props().boot.0)(&saved.scenario, saved.seed).map_err(|e| format!("Could not start scenario `{}`: {e}", saved.scenario))?;
        let mut machines = Machines::new(booted);
        let mut tabs: Vec<Tab> = vec![Tab::default(); machines.terminals().len()];
        let mut trace = Trace::default();
        let mut hop = 0;
        for (node, line) in &saved.commands {
            let Some(tab) = machines.tab_of(node) else {
                return Err(format!(
                    "The saved lab runs a command on `{node}`, which scenario `{}` does not have; a fresh lab was started instead.",
                    saved.scenario
                ));
            };
            let ran = machines.run(tab, line);
            follow_trace(&mut trace, &mut hop, &machines, node, line, &ran);
            tabs[tab].record(line, ran);
        }
        // The tab of the last command is the one in front again.
        self.active = saved.commands.last().and_then(|(node, _)| machines.tab_of(node)).unwrap_or(0);
        self.machines = machines;
        self.tabs = tabs;
        self.hop = saved.hop.unwrap_or(hop).min(trace.len().saturating_sub(1));
        self.trace = trace;
        self.playing = false;
        self.lab = saved.clone();
        self.guide = saved.lab.as_ref().and_then(|name| ctx.props().labs.iter().position(|l| &l.name == name)).or(self.guide.filter(|_| saved.lab.is_none()));
        self.tables = None;
        self.share_url = None;
        self.scroll_pending = true;
        self.topology = topology(self.machines.world());
        Ok(())
    }

    fn save(&self, ctx: &Context<Self>) {
        browser::storage_set(&ctx.props().storage_key, &self.lab.to_json());
    }

    fn save_progress(&self, ctx: &Context<Self>) {
        if let Ok(json) = serde_json::to_string(&self.progress) {
            browser::storage_set(&format!("{}/progress", ctx.props().storage_key), &json);
        }
    }

    /// Run a line in a tab as if typed there.
    pub fn run_line(&mut self, ctx: &Context<Self>, tab: usize, line: &str) -> Option<CmdOutput> {
        let node = self.machines.terminals().get(tab)?.home_name.clone();
        let ran = self.machines.run(tab, line);
        let mut hop = self.hop;
        if follow_trace(&mut self.trace, &mut hop, &self.machines, &node, line, &ran) || hop != self.hop {
            self.hop = hop;
            self.playing = false;
        }
        let output = ran.output.clone();
        self.tabs[tab].record(line, ran);
        self.lab.commands.push((node, line.to_string()));
        self.lab.hop = (!self.trace.is_empty()).then_some(self.hop);
        self.share_url = None;
        self.scroll_pending = true;
        self.topology = topology(self.machines.world());
        self.refresh_tables();
        self.save(ctx);
        Some(output)
    }

    /// Show lab `g` of the guide (`None`: the list). Opening a lab boots its
    /// scenario and seed unless the machines are already that lab's (or
    /// `afresh`, which also forgets its progress).
    fn open_guide(&mut self, ctx: &Context<Self>, g: Option<usize>, afresh: bool) {
        let labs = ctx.props().labs.clone();
        let Some((g, entry)) = g.and_then(|g| labs.get(g).map(|e| (g, e))) else {
            self.guide = None;
            return;
        };
        self.guide = Some(g);
        if self.lab.lab.as_ref() == Some(&entry.name) && !afresh {
            return;
        }
        let Ok(lab) = &entry.lab else { return };
        let seed = match lab.meta.seed {
            Some(s) => s,
            None => match crate::scenario(&lab.meta.scenario) {
                Ok(s) => s.seed,
                Err(e) => {
                    self.notice = Some(format!("Lab `{}` cannot start: {e}", entry.name));
                    return;
                }
            },
        };
        let mut fresh = SavedLab::new(&lab.meta.scenario, seed);
        fresh.lab = Some(entry.name.clone());
        match self.restore(ctx, &fresh) {
            Ok(()) => {
                self.notice = None;
                self.new_scenario = fresh.scenario.clone();
                self.new_seed = seed.to_string();
                if afresh {
                    self.progress.remove(&entry.name);
                    self.save_progress(ctx);
                }
                self.save(ctx);
            }
            Err(e) => self.notice = Some(format!("Lab `{}` cannot start: {e}", entry.name)),
        }
    }

    /// Run step `s` of lab `g` in its tab (`NODE$` steps in that machine's,
    /// `$` steps in the first machine's) and mark it.
    fn run_step(&mut self, ctx: &Context<Self>, g: usize, s: usize) -> bool {
        let labs = ctx.props().labs.clone();
        let Some(entry) = labs.get(g) else { return false };
        let Some((step, checked)) = entry.step(s) else { return false };
        let tab = match &step.node {
            Some(node) => match self.machines.tab_of(node) {
                Some(t) => t,
                None => {
                    self.notice = Some(format!("This lab step runs on `{node}`, which these machines do not include."));
                    return true;
                }
            },
            None => 0,
        };
        if self.machines.ended(tab) {
            self.notice = Some(format!("The shell in the {} tab has ended; restart the lab to run its steps.", self.machines.terminals()[tab].home_name));
            return true;
        }
        self.active = tab;
        let Some(out) = self.run_line(ctx, tab, &typed_text(step)) else { return true };
        let status = StepStatus::of(step, checked, &out);
        let progress = self.progress.entry(entry.name.clone()).or_default();
        progress.resize(entry.step_count(), StepStatus::NotRun);
        progress[s] = status;
        self.save_progress(ctx);
        true
    }

    /// The hop the stepper shows, if any.
    pub fn current_hop(&self) -> Option<&Hop> {
        self.trace.hops.hops.get(self.hop)
    }
}

/// A booted session with nothing but a bare host: what the page shows until
/// (or if never) a lab starts.
fn bare_machines() -> crate::machines::Booted {
    crate::machines::Booted { session: mesh_core::shell::Session::bare_host(DEFAULT_SEED), users: Default::default() }
}

/// Updates the stepper's trace after a command: the session's new `trace`,
/// else the command's own hops if it sent traffic (hops that only finish the
/// shown trace's connections are added to it instead); and its hop when `step`,
/// `back` or `hop N` moved the session's. Returns whether the trace changed.
fn follow_trace(trace: &mut Trace, hop: &mut usize, machines: &Machines, node: &str, line: &str, ran: &Ran) -> bool {
    let session_trace = machines.session().last_trace().filter(|t| !t.hops.is_empty());
    let changed = match session_trace {
        Some(t) if ran.traced => {
            *trace = Trace { command: line.to_string(), node: node.to_string(), hops: t.clone(), traced: true };
            true
        }
        // The last segments of the shown connections (a FIN, the final
        // ACKs) delivered while this command ran: they finish that trace,
        // as `trace` would have shown them (the session's own trace already
        // has them).
        _ if !ran.hops.is_empty() && crate::hops::continues(&trace.hops.hops, &ran.hops) => {
            if !trace.traced {
                trace.hops.hops.extend(ran.hops.iter().cloned());
            }
            false
        }
        _ if !ran.hops.is_empty() => {
            let hops = crate::hops::new_traffic(&trace.hops.hops, &ran.hops);
            *trace = Trace { command: line.to_string(), node: node.to_string(), hops: HopTrace { hops }, traced: false };
            true
        }
        _ => false,
    };
    if changed {
        *hop = 0;
    }
    if let Some(c) = ran.stepped_to.filter(|c| trace.traced && *c < trace.len()) {
        *hop = c;
    }
    changed
}

/// The byte offset of the `units`th UTF-16 code unit of `s` (its end if beyond).
fn utf16_to_byte(s: &str, units: usize) -> usize {
    let mut count = 0;
    for (i, c) in s.char_indices() {
        if count >= units {
            return i;
        }
        count += c.len_utf16();
    }
    s.len()
}

fn utf16_len(s: &str) -> u32 {
    s.encode_utf16().count() as u32
}
