//! mesh against the real kernel's golden transcripts (no root needed).
//!
//! Every difference must be listed in `tests/parity/known-gaps.txt` (see
//! `mesh_tests::gaps`), and every listed gap must still differ. The run
//! ends with one summary line on stderr:
//! `parity: N of 33 scenarios match the real kernel exactly; M known gaps`.
//!
//! `MESH_PARITY_ONLY=text` runs only scenarios whose name contains `text`.

use std::io::Write;

use mesh_tests::compare::differing_steps;
use mesh_tests::gaps::{KnownGaps, judge};
use mesh_tests::mesh_backend::MeshBackend;
use mesh_tests::normalize::Normalizer;
use mesh_tests::transcript::Transcript;
use mesh_tests::{golden_path, load_scenarios, run_scenario};

/// Every scenario, same seed: all differences in one report.
#[test]
fn mesh_matches_golden() {
    let gaps = KnownGaps::load().unwrap_or_else(|e| panic!("{e}"));
    let all = load_scenarios("").unwrap_or_else(|e| panic!("{e}"));
    gaps.validate(&all).unwrap_or_else(|e| panic!("{e}"));
    let filter = std::env::var("MESH_PARITY_ONLY").unwrap_or_default();
    let mut results = Vec::new();
    for scenario in all.iter().filter(|s| s.name.contains(&filter)) {
        let path = golden_path(&scenario.name);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let golden = Transcript::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let raw = run_scenario(scenario, &mut MeshBackend::new(1));
        let normalised = Normalizer::transcript(scenario, &raw);
        results.push((scenario.name.clone(), differing_steps(&golden, &normalised, "real kernel (golden)")));
    }
    let verdict = judge(&gaps, &results);
    // Past libtest's capture: the summary is the point of the run.
    let _ = writeln!(std::io::stderr(), "{}", verdict.summary());
    assert!(
        verdict.failures.is_empty(),
        "{}\n{} problem(s) (differences not in known-gaps.txt, or gaps that no longer differ):\n\n{}",
        verdict.summary(),
        verdict.failures.len(),
        verdict.failures.join("\n")
    );
}
