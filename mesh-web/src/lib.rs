//! mesh-web: the browser lab. A Yew app over the same `mesh_core` session
//! the terminal `mesh` uses, running entirely in the page (no server logic):
//! a terminal per machine of the scenario, the topology drawn from the
//! kernel state, a packet stepper with a hop inspector, live tables per
//! namespace, the lab guides of `labs/`, pcapng download, shareable links
//! and state kept across reloads.
//!
//! Build and serve it with `cargo xtask web`; test it in headless Chromium
//! with `cargo xtask web-test`.

pub mod app;
pub mod browser;
pub mod complete;
pub mod hops;
pub mod labs;
pub mod layout;
pub mod machines;
pub mod markdown;
pub mod panes;
pub mod saved;

use std::rc::Rc;

use mesh_core::shell::Session;
use mesh_core::swarm::scenario::Scenario;

use app::{App, AppProps, Boot};
use machines::Booted;

/// A scenario by name: a built-in one, or a scenario file of `labs/`.
pub fn scenario(name: &str) -> Result<Scenario, String> {
    if let Some(s) = Scenario::builtin(name) {
        return Ok(s);
    }
    match labs::scenario_file(name) {
        Some(text) => Scenario::from_toml(text).map_err(|e| format!("{name}: {e}")),
        None => {
            let known: Vec<&str> = Scenario::builtins().into_iter().map(|(n, _)| n).collect();
            Err(format!("there is no scenario named `{name}` (built-in: {})", known.join(", ")))
        }
    }
}

/// Boots a scenario as the CLI does (`mesh --scenario NAME --seed SEED`):
/// its machines with Docker running and the swarm formed, or one bare host
/// for a scenario without machines; each machine's login user as the
/// scenario says.
pub fn default_boot(name: &str, seed: u64) -> Result<Booted, String> {
    let scenario = scenario(name)?;
    let session = if scenario.nodes.is_empty() && scenario.hosts.is_empty() { Session::bare_host(seed) } else { Session::from_scenario(&scenario, seed) };
    let users =
        scenario.nodes.iter().map(|n| (n.name.clone(), n.user.clone())).chain(scenario.hosts.iter().map(|h| (h.name.clone(), h.user.clone()))).collect();
    Ok(Booted { session, users })
}

/// The `localStorage` key of the page's lab.
pub const STORAGE_KEY: &str = "mesh-web";

/// Starts the page in `#app`: a panic shows a message and forgets the saved
/// lab (so a lab that crashes mesh cannot keep the page from loading).
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        browser::storage_remove(STORAGE_KEY);
        let text = format!("mesh stopped on an internal error: {info}. The saved lab was cleared; reload the page to start afresh.");
        web_sys::console::error_1(&text.clone().into());
        if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("crash")) {
            el.set_text_content(Some(&text));
            let _ = el.remove_attribute("hidden");
        }
    }));
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(root) = document.get_element_by_id("app") else { return };
    root.set_inner_html("");
    let fragment = web_sys::window().and_then(|w| w.location().hash().ok()).filter(|h| h.len() > 1);
    let props = AppProps { boot: Boot(Rc::new(default_boot)), fragment, storage_key: STORAGE_KEY.to_string(), labs: Rc::new(labs::embedded()) };
    yew::Renderer::<App>::with_root_and_props(root, props).render();
}
