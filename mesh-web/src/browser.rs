//! The few browser services the page uses: `localStorage`, the clipboard,
//! file downloads, the page URL, theme and text size, and a mark for when
//! the terminal became usable, and a listener for a new URL fragment (a
//! shared link pasted into a tab that already shows mesh). Every call tolerates a browser that refuses
//! (private mode storage, no clipboard permission): the page keeps working.

use wasm_bindgen::JsCast;

use crate::app::Theme;

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

fn storage() -> Option<web_sys::Storage> {
    window()?.local_storage().ok().flatten()
}

pub fn storage_get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

pub fn storage_set(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

pub fn storage_remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// The saved theme and text size, else the system's colour scheme and 100 %.
pub fn load_prefs(key: &str) -> (Theme, i32) {
    let theme = match storage_get(&format!("{key}/theme")).as_deref() {
        Some("dark") => Theme::Dark,
        Some("light") => Theme::Light,
        _ => {
            let dark = window().and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten()).is_some_and(|m| m.matches());
            if dark { Theme::Dark } else { Theme::Light }
        }
    };
    let scale = storage_get(&format!("{key}/scale")).and_then(|s| s.parse().ok()).filter(|s| (70..=250).contains(s)).unwrap_or(100);
    (theme, scale)
}

pub fn save_prefs(key: &str, theme: Theme, scale: i32) {
    storage_set(&format!("{key}/theme"), if theme == Theme::Dark { "dark" } else { "light" });
    storage_set(&format!("{key}/scale"), &scale.to_string());
}

/// Sets `data-theme` and the text size on `<html>`.
pub fn apply_prefs(theme: Theme, scale: i32) {
    let Some(root) = window().and_then(|w| w.document()).and_then(|d| d.document_element()) else { return };
    let _ = root.set_attribute("data-theme", if theme == Theme::Dark { "dark" } else { "light" });
    if let Some(html) = root.dyn_ref::<web_sys::HtmlElement>() {
        let _ = html.style().set_property("font-size", &format!("{scale}%"));
    }
}

/// This page's address with `fragment` as its fragment.
pub fn share_url(fragment: &str) -> String {
    let base = window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    let base = base.split('#').next().unwrap_or_default().to_string();
    format!("{base}#{fragment}")
}

/// Puts text on the clipboard when the browser allows it.
pub fn copy_text(text: &str) {
    if let Some(w) = window() {
        let _ = w.navigator().clipboard().write_text(text);
    }
}

/// Whether the user has selected some text on the page.
pub fn has_selection() -> bool {
    window().and_then(|w| w.get_selection().ok().flatten()).is_some_and(|s| !s.is_collapsed())
}

/// Offers `bytes` as a file download.
pub fn download(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let err = |e: wasm_bindgen::JsValue| format!("{e:?}");
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts).map_err(err)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(err)?;
    let document = window().and_then(|w| w.document()).ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a").map_err(err)?.dyn_into().map_err(|_| "not an anchor")?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    web_sys::Url::revoke_object_url(&url).map_err(err)?;
    Ok(())
}

/// Records, once per page, how many milliseconds after navigation started
/// the terminal became usable, as `data-interactive-ms` on `<body>`.
pub fn mark_interactive() {
    let Some(w) = window() else { return };
    let ms = w.performance().map(|p| p.now()).unwrap_or(0.0);
    if let Some(body) = w.document().and_then(|d| d.body())
        && body.get_attribute("data-interactive-ms").is_none()
    {
        let _ = body.set_attribute("data-interactive-ms", &format!("{ms:.0}"));
    }
}

/// Calls a function with the new fragment (without `#`) whenever the page's
/// URL fragment changes to a non-empty one, until dropped. Changing only the
/// fragment does not reload a page, so without this a shared link pasted
/// into the address bar of a tab already on mesh would change nothing.
pub struct HashListener {
    closure: wasm_bindgen::closure::Closure<dyn Fn()>,
}

impl HashListener {
    pub fn new(on_change: impl Fn(String) + 'static) -> Option<HashListener> {
        let closure = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
            if let Some(fragment) =
                window().and_then(|w| w.location().hash().ok()).and_then(|h| h.strip_prefix('#').map(str::to_string)).filter(|f| !f.is_empty())
            {
                on_change(fragment);
            }
        });
        window()?.add_event_listener_with_callback("hashchange", closure.as_ref().unchecked_ref()).ok()?;
        Some(HashListener { closure })
    }
}

impl Drop for HashListener {
    fn drop(&mut self) {
        if let Some(w) = window() {
            let _ = w.remove_event_listener_with_callback("hashchange", self.closure.as_ref().unchecked_ref());
        }
    }
}
