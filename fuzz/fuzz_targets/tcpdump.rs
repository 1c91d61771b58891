//! `tcpdump` command lines (options and filter expressions), then a ping
//! so that a capture that started sees traffic.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some(text) = mesh_fuzz::text(data) else { return };
    let mut s = mesh_fuzz::small_host();
    let mut argvs = mesh_fuzz::lines_as_argv("tcpdump", &text);
    for a in &mut argvs {
        if !a.iter().any(|w| w == "-c") {
            a.splice(1..1, ["-c".to_string(), "2".to_string()]);
        }
    }
    mesh_fuzz::run_all(&mut s, &argvs, "");
});
