//! Tests of the netfilter module.
//!
//! `transcripts` replays the `testdata/*.t` files: command lines with the
//! exact output the real iptables-legacy gave on Linux (recorded with
//! `testdata/record.py`).  `semantics` drives [`Netfilter::run`] with
//! hand-made packets.

mod docker;
mod robustness;
mod semantics;
mod transcripts;
