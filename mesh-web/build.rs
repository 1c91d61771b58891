//! Embeds the labs of `labs/` in the app: every `*.md` there but the README
//! (the lab guides), and every `*.toml` in it or below (scenario files a lab
//! may name, like `scenarios/two-hosts.toml`), sorted, as `(path relative to
//! labs/, text)` pairs in `$OUT_DIR/labs.rs`. The page then needs no server
//! to list or open a lab, and a lab added to `labs/` is in the next build.

use std::path::{Path, PathBuf};
use std::{env, fs};

/// The files of `dir` (and below it, if `deep`) ending in `.ext`, sorted.
fn files(dir: &Path, ext: &str, deep: bool) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else { return Vec::new() };
    let mut found = Vec::new();
    for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
        if path.is_dir() && deep {
            found.extend(files(&path, ext, deep));
        } else if path.is_file() && path.extension().is_some_and(|x| x == ext) && path.file_name().is_some_and(|n| n != "README.md") {
            found.push(path);
        }
    }
    found.sort();
    found
}

fn table(name: &str, labs: &Path, paths: &[PathBuf]) -> String {
    let mut out = format!("pub static {name}: &[(&str, &str)] = &[\n");
    for p in paths {
        let relative = p.strip_prefix(labs).unwrap_or(p).components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/");
        out.push_str(&format!("    ({relative:?}, include_str!({:?})),\n", p.display().to_string()));
    }
    out.push_str("];\n");
    out
}

fn main() {
    let manifest = env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let labs = Path::new(&manifest).join("../labs");
    let labs = labs.canonicalize().unwrap_or(labs);
    println!("cargo:rerun-if-changed={}", labs.display());
    let code = format!("{}{}", table("LAB_FILES", &labs, &files(&labs, "md", false)), table("SCENARIO_FILES", &labs, &files(&labs, "toml", true)));
    let out = Path::new(&env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("labs.rs");
    if let Err(e) = fs::write(&out, code) {
        panic!("cannot write {}: {e}", out.display());
    }
}
