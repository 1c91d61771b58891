//! Transcript tests: each `tests/transcripts/*.md` is a lab-format file
//! (front matter naming the scenario, then ```` ```console ```` blocks of
//! `$ command` lines, each followed by its exact expected output). Every
//! command runs in one session of that scenario and its output (stdout then
//! stderr) must match. The expected outputs were checked against the real
//! tools on Linux where the tool exists there (see each file's notes).
//!
//! Rewrite the expected outputs from mesh with
//! `MESH_BLESS=1 cargo test -p mesh-core --test transcripts`, then read the
//! diff: a transcript is a claim about the real tools.

use mesh_core::lab::{self, Lab};
use mesh_core::shell::Session;
use mesh_core::swarm::scenario::Scenario;

fn session(lab: &Lab) -> Session {
    let sc = Scenario::builtin(&lab.meta.scenario).unwrap_or_else(|| panic!("unknown scenario {}", lab.meta.scenario));
    let seed = lab.meta.seed.unwrap_or(sc.seed);
    Session::from_scenario(&sc, seed)
}

/// The file with every command's expected output replaced by what mesh prints.
fn bless(text: &str, lab: &Lab) -> String {
    let mut s = session(lab);
    let mut outputs = lab.steps().map(|(step, _)| lab::run_step(&mut s, step).combined()).collect::<Vec<_>>().into_iter();
    let mut out = String::new();
    let (mut in_block, mut skipping) = (false, false);
    for line in text.lines() {
        if line.starts_with("```") {
            in_block = line.starts_with("```console");
            skipping = false;
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let is_command = in_block && (line.starts_with("$ ") || line.split_once("$ ").is_some_and(|(node, _)| !node.is_empty() && !node.contains(' ')));
        if is_command {
            out.push_str(line);
            out.push('\n');
            out.push_str(&outputs.next().unwrap_or_default());
            skipping = true;
        } else if !(in_block && skipping) {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[test]
fn transcripts_match() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/transcripts");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("transcripts dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    assert!(files.len() >= 3, "transcripts missing in {dir}");
    let mut failed = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("read transcript");
        let lab = Lab::parse(&text).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        if std::env::var("MESH_BLESS").is_ok_and(|v| v == "1") {
            std::fs::write(path, bless(&text, &lab)).expect("write transcript");
            continue;
        }
        let report = lab::check(&lab, |_| Ok(session(&lab)));
        assert!(report.checked > 0, "{}: nothing checked", path.display());
        if !report.passed() {
            failed.push(report.render(&path.display().to_string()));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
