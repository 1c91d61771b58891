//! The docker CLI front end: what a user *sees* of Docker.
//!
//! This module turns `docker …` argument vectors into typed commands and
//! renders the daemon's answers exactly as docker/cli 24.0 prints them. It
//! holds no cluster state: the swarm model executes a [`parse::DockerCmd`]
//! and hands plain "view" values (mirrors of the Docker API types) to the
//! renderers in [`format`].
//!
//! - [`parse`]: argv → [`parse::DockerCmd`], or the CLI's own output (help,
//!   `--version`, flag and argument errors with exit status 125/1).
//! - [`pflag`], [`flags`], [`commands`]: the flag parser, flag tables and
//!   command tree behind it, and cobra's usage text.
//! - [`ports`]: the `-p/--publish` syntax.
//! - [`constraint`]: swarmkit's placement constraints (`--constraint`).
//! - [`tabwriter`]: Go's `text/tabwriter` with docker's settings.
//! - [`json`]: Go's `encoding/json` output for `inspect`.
//! - [`format`]: tables, inspect JSON, `--pretty` text, service progress,
//!   `docker version`, and the daemon's error messages.
//! - [`text`]: go-units durations, natural sort, ID truncation, Go quoting.
//! - [`template`], [`goval`]: Go's `text/template` with docker's functions,
//!   over Go values printed as `fmt` and marshalled as `encoding/json` do
//!   (`--format`, `-f`; the list and inspect glue is
//!   [`format::templated`]).
//!
//! Guarantees: pure functions, deterministic (every time is an input, as
//! Unix nanoseconds of a virtual wall clock), no panics on any input.
//!
//! Not modelled: CLI plugins, contexts, and hiding help entries by daemon
//! capabilities. Details per module.

pub mod commands;
pub mod constraint;
pub mod flags;
pub mod format;
pub mod goval;
pub mod json;
pub mod parse;
pub mod pflag;
pub mod ports;
pub mod tabwriter;
pub mod template;
pub mod text;

pub use parse::{DockerCmd, Parsed, parse};
