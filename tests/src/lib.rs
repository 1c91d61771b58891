//! mesh-tests: the real-kernel parity harness.
//!
//! "Works like Linux" is measured: a scenario written once in real shell
//! syntax (`tests/parity/scenarios/NN-topic.scn`) runs on the real kernel
//! ([`real::RealBackend`], in namespaces it creates and always deletes) and
//! in the mesh simulator (the mesh backend, `tests/parity/mesh_backend.rs.todo`
//! until `mesh_core::session` exists). Both transcripts go through the same
//! [`normalize`] rules; the real side's normalised transcript is recorded as
//! a golden file (`tests/parity/golden/NN-topic.out`), so the mesh side is
//! compared without root. Any difference is a mesh bug or a documented gap.
//!
//! Layout: [`scenario`] parses scenario files, [`Backend`] runs one command
//! line, [`run_scenario`] drives a backend through a scenario into a
//! [`transcript::Transcript`], [`normalize`] removes what is random or
//! machine-specific, and [`compare`] renders differences as unified diffs
//! naming the scenario, the line and the command.
//!
//! See `tests/parity/README.md` for the scenario format, the normalisation
//! rules, the `nettest` contract and how to run and bless.

pub mod compare;
pub mod gaps;
pub mod mesh_backend;
pub mod normalize;
pub mod real;
pub mod scenario;
pub mod transcript;

use std::path::{Path, PathBuf};

use scenario::Scenario;
use transcript::{Entry, Transcript};

/// What one command printed and its exit status (mesh's own type, so the
/// mesh backend passes `Session::run`'s result through unchanged).
pub type Output = mesh_core::output::CmdOutput;

/// Something that executes scenario commands: the real kernel or mesh.
///
/// `command` is one step exactly as in the scenario: a command line,
/// possibly ending in ` &` (start a background job, print nothing), `wait` /
/// `wait %N` (the waited jobs' stdout and stderr, in start order; status 0,
/// or job N's status), or a command with a heredoc (`cmd <<EOF\n…\nEOF`,
/// the body is its stdin).
pub trait Backend {
    fn run(&mut self, command: &str) -> Output;
}

/// Runs every step of `scenario` on `backend`, in order. The transcript is
/// raw (not normalised).
pub fn run_scenario(scenario: &Scenario, backend: &mut dyn Backend) -> Transcript {
    let entries = scenario
        .steps
        .iter()
        .map(|step| Entry { line: step.line, kind: step.kind, command: step.command.clone(), output: backend.run(&step.command) })
        .collect();
    Transcript { scenario: scenario.name.clone(), entries }
}

/// `tests/parity` of this workspace.
pub fn parity_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("parity")
}

/// The golden file of a scenario.
pub fn golden_path(scenario: &str) -> PathBuf {
    parity_dir().join("golden").join(format!("{scenario}.out"))
}

/// Every scenario in `tests/parity/scenarios`, sorted by name, keeping only
/// names containing `filter` (all when empty).
pub fn load_scenarios(filter: &str) -> Result<Vec<Scenario>, String> {
    let dir = parity_dir().join("scenarios");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "scn"))
        .collect();
    paths.sort();
    paths.iter().filter(|path| path.file_stem().and_then(|s| s.to_str()).is_some_and(|s| s.contains(filter))).map(|path| Scenario::load(path)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A backend that answers from a script, for testing the driver.
    struct Scripted(Vec<(&'static str, Output)>);

    impl Backend for Scripted {
        fn run(&mut self, command: &str) -> Output {
            let (expected, output) = self.0.remove(0);
            assert_eq!(command, expected);
            output
        }
    }

    #[test]
    fn run_scenario_records_every_step_in_order() {
        let scenario = Scenario::parse("t", "ip netns add a\n#> ip netns list\n").unwrap();
        let mut backend = Scripted(vec![("ip netns add a", Output::default()), ("ip netns list", Output::ok("a\n"))]);
        let transcript = run_scenario(&scenario, &mut backend);
        assert_eq!(transcript.render(), "# parity transcript: t (normalised, see tests/parity/README.md)\n@1 $ ip netns add a\n@2 #> ip netns list\n| a\n");
    }

    #[test]
    fn every_scenario_parses_and_has_a_golden_file() {
        let scenarios = load_scenarios("").unwrap();
        assert!(scenarios.len() >= 30, "only {} scenarios", scenarios.len());
        for scenario in &scenarios {
            let golden = golden_path(&scenario.name);
            let text = std::fs::read_to_string(&golden).unwrap_or_else(|e| panic!("{}: {e}", golden.display()));
            let transcript = Transcript::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", golden.display()));
            assert_eq!(transcript.scenario, scenario.name);
            let steps: Vec<(usize, &str)> = scenario.steps.iter().map(|s| (s.line, s.command.as_str())).collect();
            let recorded: Vec<(usize, &str)> = transcript.entries.iter().map(|e| (e.line, e.command.as_str())).collect();
            assert_eq!(steps, recorded, "{} is stale", golden.display());
        }
    }
}
