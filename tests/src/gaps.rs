//! Known gaps: the differences between mesh and the real kernel that are
//! deliberate and documented, and the verdict of a mesh parity run.
//!
//! `tests/parity/known-gaps.txt` lists them, one step per line:
//!
//! ```text
//! # Why: a comment explains the gap in as many lines as it needs.
//! 28-ingress-two-nodes 279: the receive window depends on this machine's memory
//! ```
//!
//! `SCENARIO LINE: REASON` names a step (its line in the scenario file) whose
//! output may differ, and says why in one line. `#` lines and blank lines
//! are comments. Only what the real kernel does because of this machine or
//! of timing mesh cannot reproduce belongs here; a fixable mesh bug does not.
//!
//! The verdict ([`judge`]) keeps the list true in both directions: a
//! difference that is not listed fails the run, and so does a listed gap
//! that no longer differs.

use std::collections::{BTreeMap, BTreeSet};

use crate::compare::{StepDiff, differences_report};
use crate::scenario::Scenario;

/// One listed gap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnownGap {
    pub scenario: String,
    pub line: usize,
    pub reason: String,
}

/// The known-gaps file, parsed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KnownGaps {
    gaps: BTreeMap<(String, usize), KnownGap>,
}

impl KnownGaps {
    /// Parses the file's text; errors name the line.
    pub fn parse(text: &str) -> Result<KnownGaps, String> {
        let mut gaps = BTreeMap::new();
        for (index, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |what: &str| format!("known gaps line {}: {what}: {raw}", index + 1);
            let (step, reason) = line.split_once(':').ok_or_else(|| bad("expected `SCENARIO LINE: REASON`"))?;
            let (scenario, step_line) = step.trim().split_once(' ').ok_or_else(|| bad("expected `SCENARIO LINE: REASON`"))?;
            let step_line: usize = step_line.trim().parse().map_err(|_| bad("the step line is not a number"))?;
            let reason = reason.trim();
            if reason.is_empty() {
                return Err(bad("a gap needs a reason"));
            }
            let gap = KnownGap { scenario: scenario.to_string(), line: step_line, reason: reason.to_string() };
            if gaps.insert((gap.scenario.clone(), step_line), gap).is_some() {
                return Err(bad("listed twice"));
            }
        }
        Ok(KnownGaps { gaps })
    }

    /// `tests/parity/known-gaps.txt`.
    pub fn load() -> Result<KnownGaps, String> {
        let path = crate::parity_dir().join("known-gaps.txt");
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        KnownGaps::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Every gap must name an existing scenario and one of its steps.
    pub fn validate(&self, scenarios: &[Scenario]) -> Result<(), String> {
        let steps: BTreeSet<(&str, usize)> = scenarios.iter().flat_map(|s| s.steps.iter().map(|step| (s.name.as_str(), step.line))).collect();
        let unknown: Vec<String> =
            self.gaps.values().filter(|gap| !steps.contains(&(gap.scenario.as_str(), gap.line))).map(|gap| format!("{} {}", gap.scenario, gap.line)).collect();
        if unknown.is_empty() { Ok(()) } else { Err(format!("known gaps name no scenario step: {}", unknown.join(", "))) }
    }

    pub fn len(&self) -> usize {
        self.gaps.len()
    }

    pub fn is_empty(&self) -> bool {
        self.gaps.is_empty()
    }

    fn get(&self, scenario: &str, line: usize) -> Option<&KnownGap> {
        self.gaps.get(&(scenario.to_string(), line))
    }

    fn of_scenario<'a>(&'a self, scenario: &'a str) -> impl Iterator<Item = &'a KnownGap> + 'a {
        self.gaps.values().filter(move |gap| gap.scenario == scenario)
    }
}

/// How one scenario compared: its differing steps, or why the steps could
/// not be compared (a stale golden file).
pub type ScenarioResult = Result<Vec<StepDiff>, String>;

/// The outcome of a parity run against the known gaps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub scenarios: usize,
    /// Scenarios whose every step matched.
    pub exact: usize,
    /// Listed gaps that still differ.
    pub known: usize,
    /// Unlisted differences, stale golden files and listed gaps that no
    /// longer differ: each fails the run.
    pub failures: Vec<String>,
}

impl Verdict {
    pub fn summary(&self) -> String {
        format!("parity: {} of {} scenarios match the real kernel exactly; {} known gaps", self.exact, self.scenarios, self.known)
    }
}

/// Judges the results of the scenarios that ran (name, result), in order.
pub fn judge(gaps: &KnownGaps, results: &[(String, ScenarioResult)]) -> Verdict {
    let mut verdict = Verdict { scenarios: results.len(), exact: 0, known: 0, failures: Vec::new() };
    for (scenario, result) in results {
        let differing = match result {
            Ok(differing) => differing,
            Err(stale) => {
                verdict.failures.push(stale.clone());
                continue;
            }
        };
        if differing.is_empty() {
            verdict.exact += 1;
        }
        let (known, unknown): (Vec<&StepDiff>, Vec<&StepDiff>) = differing.iter().partition(|step| gaps.get(scenario, step.line).is_some());
        verdict.known += known.len();
        if !unknown.is_empty() {
            let unknown: Vec<StepDiff> = unknown.into_iter().cloned().collect();
            verdict.failures.push(differences_report(scenario, &unknown, "real kernel (golden)", "mesh"));
        }
        let differing_lines: BTreeSet<usize> = differing.iter().map(|step| step.line).collect();
        for gap in gaps.of_scenario(scenario) {
            if !differing_lines.contains(&gap.line) {
                verdict.failures.push(format!(
                    "scenario {scenario}: line {} is listed as a known gap ({}) but now matches the real kernel: remove it from known-gaps.txt\n",
                    gap.line, gap.reason
                ));
            }
        }
    }
    verdict
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diff(line: usize) -> StepDiff {
        StepDiff { line, report: format!("--- line {line}\n") }
    }

    const GAPS: &str = "\
# The window depends on memory.
05-x 7: machine-specific

06-y 3: timing
";

    #[test]
    fn parses_entries_and_skips_comments() {
        let gaps = KnownGaps::parse(GAPS).unwrap();
        assert_eq!(gaps.len(), 2);
        assert_eq!(gaps.get("05-x", 7), Some(&KnownGap { scenario: "05-x".into(), line: 7, reason: "machine-specific".into() }));
        assert!(KnownGaps::parse("").unwrap().is_empty());
    }

    #[test]
    fn rejects_malformed_entries() {
        for (text, error) in [
            ("05-x 7\n", "expected `SCENARIO LINE: REASON`"),
            ("05-x: reason\n", "expected `SCENARIO LINE: REASON`"),
            ("05-x seven: reason\n", "not a number"),
            ("05-x 7:\n", "needs a reason"),
            ("05-x 7: a\n05-x 7: b\n", "line 2: listed twice"),
        ] {
            let err = KnownGaps::parse(text).unwrap_err();
            assert!(err.contains(error), "{text:?}: {err}");
        }
    }

    #[test]
    fn validate_needs_an_existing_step() {
        let scenarios = vec![Scenario::parse("05-x", "a\nb\n\nc\n\n\nd\n").unwrap(), Scenario::parse("06-y", "a\nb\nc\n").unwrap()];
        let gaps = KnownGaps::parse(GAPS).unwrap();
        assert_eq!(gaps.validate(&scenarios), Ok(()));
        let wrong = KnownGaps::parse("05-x 3: blank line\n07-z 1: no such scenario\n").unwrap();
        assert_eq!(wrong.validate(&scenarios), Err("known gaps name no scenario step: 05-x 3, 07-z 1".into()));
    }

    #[test]
    fn listed_differences_pass_and_are_counted() {
        let gaps = KnownGaps::parse(GAPS).unwrap();
        let verdict = judge(&gaps, &[("04-w".into(), Ok(vec![])), ("05-x".into(), Ok(vec![diff(7)])), ("06-y".into(), Ok(vec![diff(3)]))]);
        assert_eq!(verdict.failures, Vec::<String>::new());
        assert_eq!(verdict.summary(), "parity: 1 of 3 scenarios match the real kernel exactly; 2 known gaps");
    }

    #[test]
    fn an_unlisted_difference_fails() {
        let gaps = KnownGaps::parse(GAPS).unwrap();
        let verdict = judge(&gaps, &[("05-x".into(), Ok(vec![diff(7), diff(9)])), ("06-y".into(), Ok(vec![diff(3)]))]);
        assert_eq!(verdict.failures, vec!["scenario 05-x: 1 step(s) differ (- real kernel (golden), + mesh)\n--- line 9\n".to_string()]);
        assert_eq!(verdict.known, 2);
    }

    #[test]
    fn a_listed_gap_that_matches_now_fails() {
        let gaps = KnownGaps::parse(GAPS).unwrap();
        let verdict = judge(&gaps, &[("05-x".into(), Ok(vec![diff(7)])), ("06-y".into(), Ok(vec![]))]);
        assert_eq!(verdict.failures.len(), 1);
        assert!(verdict.failures[0].starts_with("scenario 06-y: line 3 is listed as a known gap (timing) but now matches"), "{}", verdict.failures[0]);
        assert_eq!(verdict.summary(), "parity: 1 of 2 scenarios match the real kernel exactly; 1 known gaps");
    }

    #[test]
    fn stale_golden_files_fail() {
        let verdict = judge(&KnownGaps::default(), &[("05-x".into(), Err("stale".into()))]);
        assert_eq!(verdict.failures, vec!["stale".to_string()]);
        assert_eq!(verdict.exact, 0);
    }
}
