//! Lab files (`mesh_core::lab::Lab::parse`).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some(text) = mesh_fuzz::text(data) else { return };
    let _ = mesh_core::lab::Lab::parse(&text);
});
