//! `iptables-restore` input (its stdin), with and without `--noflush`,
//! then a listing of what was committed.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some(text) = mesh_fuzz::text(data) else { return };
    let mut s = mesh_fuzz::small_host();
    let argvs: Vec<Vec<String>> = [vec!["iptables-restore"], vec!["iptables-restore", "--noflush"], vec!["iptables-save", "-c"]]
        .iter()
        .map(|a| a.iter().map(|w| w.to_string()).collect())
        .collect();
    mesh_fuzz::run_all(&mut s, &argvs, &text);
});
