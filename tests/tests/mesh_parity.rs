//! mesh against the real kernel's golden transcripts (no root needed).

use mesh_tests::compare::compare;
use mesh_tests::mesh_backend::MeshBackend;
use mesh_tests::normalize::Normalizer;
use mesh_tests::transcript::Transcript;
use mesh_tests::{golden_path, load_scenarios, run_scenario};

/// Every scenario, same seed: all differences in one report.
#[test]
fn mesh_matches_golden() {
    let filter = std::env::var("MESH_PARITY_ONLY").unwrap_or_default();
    let mut reports = Vec::new();
    for scenario in load_scenarios(&filter).unwrap_or_else(|e| panic!("{e}")) {
        let path = golden_path(&scenario.name);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let golden = Transcript::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let raw = run_scenario(&scenario, &mut MeshBackend::new(1));
        let normalised = Normalizer::transcript(&scenario, &raw);
        if let Err(report) = compare(&golden, &normalised, "real kernel (golden)", "mesh") {
            reports.push(report);
        }
    }
    assert!(reports.is_empty(), "{} scenario(s) differ:\n\n{}", reports.len(), reports.join("\n"));
}
