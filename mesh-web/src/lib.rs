//! mesh-web: the browser lab. A Yew app over the same `mesh_core` session
//! the terminal `mesh` uses, running entirely in the page (no server logic):
//! a terminal per machine, the topology drawn from the kernel state, a
//! packet stepper with a hop inspector, live tables per namespace, a lab
//! guide, pcapng download, shareable links and state kept across reloads.
//!
//! Build and serve it with `cargo xtask web`; test it in headless Chromium
//! with `cargo xtask web-test`.

pub mod app;
pub mod browser;
pub mod complete;
pub mod guide;
pub mod hops;
pub mod layout;
pub mod machines;
pub mod panes;
pub mod saved;

use std::rc::Rc;

use mesh_core::shell::Session;
use mesh_core::swarm::scenario::Scenario;

use app::{App, AppProps, Boot};

/// Builds a lab's first shell from a scenario name and seed.
///
/// `bare` is one fresh Linux host. The Swarm scenarios need
/// `Session::from_scenario`, which this build of mesh-core does not have
/// yet; they are refused with a message that says so.
pub fn default_boot(scenario: &str, seed: u64) -> Result<Session, String> {
    match scenario {
        "bare" => Ok(Session::bare_host(seed)),
        other if Scenario::builtin(other).is_some() => {
            Err(format!("scenario `{other}` needs the Swarm model, which this build does not include yet (try `bare`)"))
        }
        other => Err(format!("there is no scenario named `{other}`")),
    }
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
    let props = AppProps { boot: Boot(Rc::new(default_boot)), fragment, storage_key: STORAGE_KEY.to_string(), guides: Rc::new(Vec::new()) };
    yew::Renderer::<App>::with_root_and_props(root, props).render();
}
