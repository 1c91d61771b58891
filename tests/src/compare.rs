//! Comparing two normalised transcripts of the same scenario, with a
//! readable unified-style diff per differing step.

use crate::transcript::Transcript;

/// Lines of context around each change.
const CONTEXT: usize = 3;

/// One step whose output differs between two transcripts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepDiff {
    /// The step's line in the scenario file.
    pub line: usize,
    /// `--- SCENARIO line N: $ COMMAND` and a unified diff of the step's
    /// rendered output (`-` expected, `+` actual).
    pub report: String,
}

/// Compares `actual` against `expected` (both normalised). On a difference,
/// the report names the scenario, and for every differing step its line in
/// the scenario file and its command, followed by a unified diff of the
/// step's rendered output (`-` expected, `+` actual).
pub fn compare(expected: &Transcript, actual: &Transcript, expected_label: &str, actual_label: &str) -> Result<(), String> {
    let differing = differing_steps(expected, actual, expected_label)?;
    if differing.is_empty() {
        return Ok(());
    }
    Err(differences_report(&actual.scenario, &differing, expected_label, actual_label))
}

/// The heading and the step reports of `differing` steps of `scenario`.
pub fn differences_report(scenario: &str, differing: &[StepDiff], expected_label: &str, actual_label: &str) -> String {
    let mut report = format!("scenario {scenario}: {} step(s) differ (- {expected_label}, + {actual_label})\n", differing.len());
    for step in differing {
        report.push_str(&step.report);
    }
    report
}

/// The steps whose output differs, in order. When the two transcripts do
/// not have the same steps (same lines, kinds and commands) the comparison
/// is meaningless and the error is a diff of the whole transcripts.
pub fn differing_steps(expected: &Transcript, actual: &Transcript, expected_label: &str) -> Result<Vec<StepDiff>, String> {
    let scenario = &actual.scenario;
    let same_steps = expected.entries.len() == actual.entries.len()
        && expected.entries.iter().zip(&actual.entries).all(|(e, a)| e.line == a.line && e.kind == a.kind && e.command == a.command);
    if !same_steps {
        let mut report = format!("scenario {scenario}: the steps differ from {expected_label} (stale golden file? re-bless with MESH_PARITY_BLESS=1)\n");
        let old = expected.render();
        let new = actual.render();
        report.push_str(&unified_diff(&lines(&old), &lines(&new), CONTEXT));
        return Err(report);
    }
    Ok(expected
        .entries
        .iter()
        .zip(&actual.entries)
        .filter(|(e, a)| e.output != a.output)
        .map(|(expected, actual)| {
            let first_line = actual.command.lines().next().unwrap_or_default();
            let marker = match actual.kind {
                crate::scenario::StepKind::Run => "$",
                crate::scenario::StepKind::Observe => "#>",
            };
            let mut report = format!("--- {scenario} line {}: {marker} {first_line}\n", actual.line);
            let old = expected.render();
            let new = actual.render();
            report.push_str(&unified_diff(&lines(&old), &lines(&new), CONTEXT));
            StepDiff { line: actual.line, report }
        })
        .collect())
}

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Same(usize, usize),
    Removed(usize),
    Added(usize),
}

/// A unified diff (`@@ -a,b +c,d @@` hunks) of two line lists, computed from
/// their longest common subsequence.
pub fn unified_diff(old: &[&str], new: &[&str], context: usize) -> String {
    let ops = diff_ops(old, new);
    let changed: Vec<usize> = ops.iter().enumerate().filter(|(_, op)| !matches!(op, Op::Same(..))).map(|(i, _)| i).collect();
    let mut out = String::new();
    let mut index = 0;
    while index < changed.len() {
        let start = changed[index].saturating_sub(context);
        let mut end = changed[index];
        while index < changed.len() && changed[index] <= end + 2 * context {
            end = changed[index];
            index += 1;
        }
        let end = (end + context + 1).min(ops.len());
        let hunk = &ops[start..end];
        let old_start = hunk.iter().find_map(|op| match op {
            Op::Same(i, _) | Op::Removed(i) => Some(*i),
            Op::Added(_) => None,
        });
        let new_start = hunk.iter().find_map(|op| match op {
            Op::Same(_, j) | Op::Added(j) => Some(*j),
            Op::Removed(_) => None,
        });
        let old_len = hunk.iter().filter(|op| !matches!(op, Op::Added(_))).count();
        let new_len = hunk.iter().filter(|op| !matches!(op, Op::Removed(_))).count();
        out.push_str(&format!("@@ -{},{old_len} +{},{new_len} @@\n", old_start.map_or(0, |i| i + 1), new_start.map_or(0, |j| j + 1)));
        for op in hunk {
            match *op {
                Op::Same(i, _) => out.push_str(&format!(" {}\n", old[i])),
                Op::Removed(i) => out.push_str(&format!("-{}\n", old[i])),
                Op::Added(j) => out.push_str(&format!("+{}\n", new[j])),
            }
        }
    }
    out
}

fn diff_ops(old: &[&str], new: &[&str]) -> Vec<Op> {
    let (n, m) = (old.len(), new.len());
    // lcs[i][j]: length of the LCS of old[i..] and new[j..].
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if old[i] == new[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut ops = Vec::with_capacity(n + m);
    while i < n || j < m {
        if i < n && j < m && old[i] == new[j] {
            ops.push(Op::Same(i, j));
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
            ops.push(Op::Removed(i));
            i += 1;
        } else {
            ops.push(Op::Added(j));
            j += 1;
        }
    }
    ops
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Output;
    use crate::scenario::StepKind;
    use crate::transcript::Entry;

    fn transcript(entries: &[(usize, StepKind, &str, &str)]) -> Transcript {
        Transcript {
            scenario: "07-demo".into(),
            entries: entries.iter().map(|&(line, kind, command, stdout)| Entry { line, kind, command: command.into(), output: Output::ok(stdout) }).collect(),
        }
    }

    #[test]
    fn equal_transcripts_compare_equal() {
        let t = transcript(&[(1, StepKind::Run, "ip netns add a", "")]);
        assert_eq!(compare(&t, &t, "golden", "mesh"), Ok(()));
    }

    #[test]
    fn report_names_scenario_line_command_and_diff() {
        let expected = transcript(&[
            (3, StepKind::Run, "ip netns add a", ""),
            (9, StepKind::Observe, "ip netns exec a ip neigh", "10.0.0.2 dev eth0 lladdr 02:00:00:00:00:02 REACHABLE \n"),
        ]);
        let actual = transcript(&[
            (3, StepKind::Run, "ip netns add a", ""),
            (9, StepKind::Observe, "ip netns exec a ip neigh", "10.0.0.2 dev eth0 lladdr 02:00:00:00:00:02 STALE \n"),
        ]);
        let report = compare(&expected, &actual, "real kernel", "mesh").unwrap_err();
        assert_eq!(
            report,
            "\
scenario 07-demo: 1 step(s) differ (- real kernel, + mesh)
--- 07-demo line 9: #> ip netns exec a ip neigh
@@ -1,2 +1,2 @@
 @9 #> ip netns exec a ip neigh
-| 10.0.0.2 dev eth0 lladdr 02:00:00:00:00:02 REACHABLE 
+| 10.0.0.2 dev eth0 lladdr 02:00:00:00:00:02 STALE 
"
        );
    }

    #[test]
    fn different_steps_are_reported_as_stale() {
        let expected = transcript(&[(3, StepKind::Run, "ip netns add a", "")]);
        let actual = transcript(&[(4, StepKind::Run, "ip netns add a", "")]);
        let report = compare(&expected, &actual, "golden", "real kernel").unwrap_err();
        assert!(report.contains("stale golden file"), "{report}");
        assert!(report.contains("-@3 $ ip netns add a\n+@4 $ ip netns add a\n"), "{report}");
    }

    #[test]
    fn unified_diff_hunks_with_context() {
        let old: Vec<String> = (1..=20).map(|i| i.to_string()).collect();
        let mut new = old.clone();
        new[1] = "two".into();
        new[17] = "eighteen".into();
        let old: Vec<&str> = old.iter().map(String::as_str).collect();
        let new: Vec<&str> = new.iter().map(String::as_str).collect();
        assert_eq!(unified_diff(&old, &new, 1), "@@ -1,3 +1,3 @@\n 1\n-2\n+two\n 3\n@@ -17,3 +17,3 @@\n 17\n-18\n+eighteen\n 19\n");
        assert_eq!(unified_diff(&old, &old, 3), "");
        assert_eq!(unified_diff(&[], &["a"], 3), "@@ -0,0 +1,1 @@\n+a\n");
    }
}
