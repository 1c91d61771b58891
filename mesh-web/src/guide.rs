//! What the lab guide pane needs of a lab: its title, its narrative and its
//! steps (a command, the node to type it on, the output it should print).
//!
//! This is deliberately tiny so that it can be filled from `mesh_core::lab`
//! (the lab format's parser and checker) once that lands; until then the
//! page lists the guides it is given and no lab file is parsed here.

use serde::{Deserialize, Serialize};

/// One lab, ready to render.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Guide {
    /// Stable name (the lab file's stem); progress is remembered under it.
    pub name: String,
    pub title: String,
    pub blocks: Vec<GuideBlock>,
}

/// A piece of a lab, in reading order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GuideBlock {
    /// A paragraph of narrative (plain text).
    Prose(String),
    Step(GuideStep),
}

/// A command the reader runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuideStep {
    /// The tab's host (`node2$ cmd`); `None` is the first tab.
    pub node: Option<String>,
    pub command: String,
    /// What it should print (stdout then stderr); `None` when unchecked.
    pub expected: Option<String>,
}

/// How a step went the last time it was run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepStatus {
    #[default]
    NotRun,
    /// It ran and printed what the lab expects (or the lab checks nothing).
    Matches,
    /// It ran and printed something else.
    Differs,
}

impl Guide {
    /// The steps, in order.
    pub fn steps(&self) -> impl Iterator<Item = &GuideStep> {
        self.blocks.iter().filter_map(|b| match b {
            GuideBlock::Step(s) => Some(s),
            GuideBlock::Prose(_) => None,
        })
    }
}

impl GuideStep {
    /// Whether `output` is what the step expects. This compares exactly;
    /// the lab format's wildcards (`[..]`, `...`) are `mesh_core::lab`'s to
    /// apply once it is bound here.
    pub fn status_for(&self, output: &str) -> StepStatus {
        match &self.expected {
            Some(e) if e != output => StepStatus::Differs,
            _ => StepStatus::Matches,
        }
    }
}
