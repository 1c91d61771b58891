//! `iptables` command lines (one per input line) on a small host, as root.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some(text) = mesh_fuzz::text(data) else { return };
    let mut s = mesh_fuzz::small_host();
    let argvs = mesh_fuzz::lines_as_argv("iptables", &text);
    mesh_fuzz::run_all(&mut s, &argvs, "");
});
