//! Whatever a user types at the prompt (several lines, here-documents,
//! pipes, `&&`, jobs, `ssh`, `sudo`), on a bare host.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some(text) = mesh_fuzz::text(data) else { return };
    let mut s = mesh_fuzz::small_host();
    let _ = s.run(&text);
    mesh_fuzz::still_usable(&mut s);
});
