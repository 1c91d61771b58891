//! The labs the guide offers: the `labs/*.md` files embedded at build time
//! (see `build.rs`), parsed with `mesh_core::lab` — the same parser and
//! output comparison `mesh lab check` uses, so a step the browser marks as
//! matching is one the checker passes.
//!
//! A lab's steps are numbered in file order across its console blocks
//! (`Lab::steps`); progress is one [`StepStatus`] per step, kept per lab
//! name in `localStorage`.

use mesh_core::lab::{self, Lab, Step};
use mesh_core::output::CmdOutput;
use serde::{Deserialize, Serialize};

include!(concat!(env!("OUT_DIR"), "/labs.rs"));

/// One lab file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabEntry {
    /// The file's stem (`01-ingress-routing-mesh`): the lab's name in
    /// links, saved state and progress.
    pub name: String,
    /// The parsed lab, or the parser's complaint (`line N: …`).
    pub lab: Result<Lab, String>,
}

impl LabEntry {
    /// Parses a lab file's text under a name.
    pub fn parse(name: &str, text: &str) -> LabEntry {
        LabEntry { name: name.to_string(), lab: Lab::parse(text).map_err(|e| e.to_string()) }
    }

    /// The title, or the name when the file cannot be read.
    pub fn title(&self) -> String {
        match &self.lab {
            Ok(l) => l.meta.title.clone(),
            Err(_) => self.name.clone(),
        }
    }

    /// The `n`th step (0-based, file order) and whether its block is checked.
    pub fn step(&self, n: usize) -> Option<(&Step, bool)> {
        self.lab.as_ref().ok()?.steps().nth(n)
    }

    pub fn step_count(&self) -> usize {
        self.lab.as_ref().map(|l| l.steps().count()).unwrap_or(0)
    }
}

/// The labs of `labs/` at build time, in file-name order.
pub fn embedded() -> Vec<LabEntry> {
    LAB_FILES.iter().map(|(file, text)| LabEntry::parse(file.strip_suffix(".md").unwrap_or(file), text)).collect()
}

/// A scenario file of `labs/` by the name a lab's front matter gives it
/// (`my-scenario.toml`, `./my-scenario.toml`).
pub fn scenario_file(name: &str) -> Option<&'static str> {
    let name = name.strip_prefix("./").unwrap_or(name);
    SCENARIO_FILES.iter().find(|(file, _)| *file == name).map(|(_, text)| *text)
}

/// How a step went the last time it was run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepStatus {
    #[default]
    NotRun,
    /// It ran and printed what the lab expects.
    Matches,
    /// It ran and printed something else: the diff, as `mesh lab check`
    /// prints it (`-` expected with the lab file's line, `+` actual).
    Differs(String),
    /// It ran in a `no-check` block: nothing to compare.
    Ran,
}

impl StepStatus {
    /// The status of a step that printed `output`.
    pub fn of(step: &Step, checked: bool, output: &CmdOutput) -> StepStatus {
        if !checked {
            return StepStatus::Ran;
        }
        match lab::compare(step, output) {
            None => StepStatus::Matches,
            Some(diff) => StepStatus::Differs(diff),
        }
    }

    /// Whether the step is done (ran, and matched if it is checked).
    pub fn done(&self) -> bool {
        matches!(self, StepStatus::Matches | StepStatus::Ran)
    }
}

/// What a step types: the command and the lines of its here-document.
pub fn typed_text(step: &Step) -> String {
    let mut text = step.command.clone();
    for line in &step.here_doc {
        text.push('\n');
        text.push_str(line);
    }
    text
}
