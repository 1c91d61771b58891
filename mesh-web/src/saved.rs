//! A lab as a value that survives a reload or travels in a link: the
//! scenario, the seed and the commands typed so far (with the tab each was
//! typed in), plus the hop the stepper showed and the lab guide open.
//!
//! Replaying the commands on a fresh lab of the same scenario and seed gives
//! the same state, because mesh is deterministic. Two encodings:
//! - the URL fragment of a shareable link:
//!   `#v=1&scenario=seed&seed=1&lab=01-ingress-routing-mesh&cmd=node1:curl%20172.19.177.14%3A8080&hop=3`
//!   (`cmd` repeats, in order; each is the tab's host name, `:`, the line,
//!   percent-encoded as `encodeURIComponent` does; `lab` and `hop` are
//!   optional);
//! - JSON in `localStorage`.
//!
//! Decoding never panics: anything unreadable is an `Err` with a reason the
//! page shows before starting afresh.

use serde::{Deserialize, Serialize};

/// The version written by this build; others are refused.
pub const VERSION: u32 = 1;

/// A lab to rebuild.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedLab {
    pub v: u32,
    pub scenario: String,
    pub seed: u64,
    /// `(tab host name, command line)` in the order they were run.
    pub commands: Vec<(String, String)>,
    /// The stepper's hop, if a trace was shown.
    #[serde(default)]
    pub hop: Option<usize>,
    /// The lab guide that booted these machines (a `labs/` file's stem).
    #[serde(default)]
    pub lab: Option<String>,
}

impl SavedLab {
    pub fn new(scenario: &str, seed: u64) -> SavedLab {
        SavedLab { v: VERSION, scenario: scenario.to_string(), seed, commands: Vec::new(), hop: None, lab: None }
    }

    /// The URL fragment (without `#`).
    pub fn to_fragment(&self) -> String {
        let mut out = format!("v={}&scenario={}&seed={}", self.v, encode(&self.scenario), self.seed);
        if let Some(lab) = &self.lab {
            out.push_str(&format!("&lab={}", encode(lab)));
        }
        for (tab, line) in &self.commands {
            out.push_str("&cmd=");
            out.push_str(&encode(&format!("{tab}:{line}")));
        }
        if let Some(h) = self.hop {
            out.push_str(&format!("&hop={h}"));
        }
        out
    }

    /// Reads a URL fragment (with or without its `#`).
    pub fn from_fragment(fragment: &str) -> Result<SavedLab, String> {
        let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
        let mut v = None;
        let mut scenario = None;
        let mut seed = None;
        let mut hop = None;
        let mut lab = None;
        let mut commands = Vec::new();
        for pair in fragment.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').ok_or_else(|| format!("`{pair}` is not key=value"))?;
            let value = decode(value).ok_or_else(|| format!("the value of `{key}` is not valid percent-encoded UTF-8"))?;
            match key {
                "v" => v = Some(value.parse::<u32>().map_err(|_| format!("bad version `{value}`"))?),
                "scenario" => scenario = Some(value),
                "seed" => seed = Some(value.parse::<u64>().map_err(|_| format!("bad seed `{value}`"))?),
                "lab" => lab = Some(value),
                "hop" => hop = Some(value.parse::<usize>().map_err(|_| format!("bad hop `{value}`"))?),
                "cmd" => {
                    let (tab, line) = value.split_once(':').ok_or_else(|| format!("command `{value}` names no tab"))?;
                    commands.push((tab.to_string(), line.to_string()));
                }
                other => return Err(format!("unknown key `{other}`")),
            }
        }
        let lab = SavedLab { v: v.ok_or("no version")?, scenario: scenario.ok_or("no scenario")?, seed: seed.ok_or("no seed")?, commands, hop, lab };
        lab.checked()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_json(text: &str) -> Result<SavedLab, String> {
        let lab: SavedLab = serde_json::from_str(text).map_err(|e| e.to_string())?;
        lab.checked()
    }

    fn checked(self) -> Result<SavedLab, String> {
        if self.v != VERSION {
            return Err(format!("saved by another version of mesh (format {}, this one reads {VERSION})", self.v));
        }
        Ok(self)
    }
}

/// Percent-encodes like JavaScript's `encodeURIComponent`.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes (and nothing else); `None` for a bad escape or bytes
/// that are not UTF-8.
pub fn decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            if !hex.iter().all(u8::is_ascii_hexdigit) {
                return None;
            }
            out.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}
