//! `ipvsadm` command lines (one per input line) as root; after a line
//! `--`, the rest of the input is the stdin of `ipvsadm -R` commands.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some(text) = mesh_fuzz::text(data) else { return };
    let (cmds, stdin) = text.split_once("\n--\n").unwrap_or((&text, ""));
    let mut s = mesh_fuzz::small_host();
    let argvs = mesh_fuzz::lines_as_argv("ipvsadm", cmds);
    mesh_fuzz::run_all(&mut s, &argvs, stdin);
});
