//! The labs of `labs/`: each one passes `mesh lab check` and runs start to
//! finish with `mesh lab run --yes`; a broken copy fails with a diff at the
//! line; every unchecked block says which mesh gap it waits for.

mod common;

use std::path::{Path, PathBuf};

use common::{Scratch, mesh};
use mesh_core::lab::{Lab, Part};

fn labs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../labs")
}

/// The lab files, sorted (every `.md` but the README).
fn lab_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(labs_dir())
        .expect("labs/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md") && p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    files
}

fn name(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

#[test]
fn the_eight_labs_are_listed_in_order() {
    let d = labs_dir().to_string_lossy().into_owned();
    let r = mesh(&["lab", "list", "--dir", &d], "");
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "01-ingress-routing-mesh        30 min  The ingress routing mesh\n\
         02-following-one-request       30 min  Following one request\n\
         03-where-did-the-client-ip-go  20 min  Where did the client's IP go?\n\
         04-the-overlay-underneath      25 min  The overlay underneath\n\
         05-scaling-and-draining        20 min  Scaling and draining\n\
         06-internal-load-balancing     25 min  Internal load balancing\n\
         07-build-the-mesh-by-hand      40 min  Build the mesh by hand\n\
         08-troubleshooting             40 min  Troubleshooting a broken mesh\n"
    );
}

#[test]
fn every_lab_passes_check() {
    let files = lab_files();
    assert_eq!(files.len(), 8, "{files:?}");
    let mut args = vec!["lab".to_string(), "check".to_string()];
    args.extend(files.iter().map(|f| f.to_string_lossy().into_owned()));
    // The README in the same directory, as `labs/*.md` names it, is skipped.
    args.push(labs_dir().join("README.md").to_string_lossy().into_owned());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = mesh(&args, "");
    assert_eq!((r.status, r.stderr.as_str()), (0, ""), "{}", r.stdout);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 8, "{}", r.stdout);
    for (line, file) in lines.iter().zip(&files) {
        assert!(line.starts_with(&format!("{}: ok: ", file.display())) && line.ends_with(", 0 differ"), "{line}");
    }
}

#[test]
fn every_lab_runs_start_to_finish() {
    for file in lab_files() {
        let f = file.to_string_lossy().into_owned();
        let r = mesh(&["lab", "run", &f, "--yes"], "");
        assert_eq!(r.status, 0, "{f}:\n{}", r.stdout);
        assert!(r.stdout.ends_with("Lab complete.\n"), "{f}");
        assert!(!r.stdout.contains("differs from the lab's"), "{f}:\n{}", r.stdout);
    }
}

#[test]
fn every_unchecked_block_names_the_mesh_gap_it_waits_for() {
    for file in lab_files() {
        let text = std::fs::read_to_string(&file).expect("read lab");
        let lab = Lab::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", name(&file)));
        let mut before = "";
        for part in &lab.parts {
            match part {
                Part::Text { text, .. } => before = text.as_str(),
                Part::Console(block) => {
                    if !block.checked {
                        let comment = before.rfind("<!-- mesh gap:").map(|at| &before[at..]).unwrap_or("");
                        assert!(
                            comment.contains("-->") && comment.trim_end().ends_with("-->"),
                            "{}:{}: an unchecked block needs a `<!-- mesh gap: … -->` comment right above it",
                            name(&file),
                            block.line
                        );
                    }
                    before = "";
                }
            }
        }
    }
}

#[test]
fn a_broken_copy_of_a_lab_fails_with_a_diff_at_the_line() {
    let good = std::fs::read_to_string(labs_dir().join("01-ingress-routing-mesh.md")).expect("lab 01");
    let broken = good.replacen("FWM  271 rr\n", "FWM  272 rr\n", 1);
    assert_ne!(good, broken);
    let at = broken.lines().position(|l| l == "FWM  272 rr").map(|i| i + 1).unwrap_or(0);
    let dir = Scratch::new("labs-broken");
    let file = dir.write("01-broken.md", &broken).to_string_lossy().into_owned();
    let r = mesh(&["lab", "check", &file], "");
    assert_eq!(r.status, 1);
    let pad = " ".repeat(at.to_string().len());
    assert!(r.stdout.contains(&format!("\n  {at} - FWM  272 rr\n  {pad} + FWM  271 rr\n")), "{}", r.stdout);
    assert!(r.stdout.contains("the output of `$ sudo nsenter --net=\"/run/docker/netns/ingress_sbox\" ipvsadm` differs"), "{}", r.stdout);
    assert!(r.stdout.ends_with(&format!("{file}: FAILED: 15 commands run, 15 checked, 1 differ\n")), "{}", r.stdout);
}
