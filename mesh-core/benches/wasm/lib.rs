//! The benchmark workloads behind a C ABI a wasm host can drive: pick a
//! case, run steps, run the upkeep. Timing is the host's (Node's
//! `performance.now()` in run.mjs; `std::time` in native.rs), so the wasm
//! module needs no imports.

#[path = "../common/workloads.rs"]
mod workloads;

use std::cell::RefCell;

use workloads::*;

/// The cases run on both targets: criterion's id for each.
pub const CASES: &[&str] = &[
    "bm1_bridge/64",
    "bm1_bridge/1500",
    "bm2_nat_chain/0",
    "bm2_nat_chain/1000",
    "bm2_nat_chain/10000",
    "bm3_ipvs/1",
    "bm3_ipvs/10000",
    "bm4_ct_lookup/100000",
    "bm4_ct_established/10000",
    "bm4_ct_new/10000",
    "bm5_vxlan/encap",
    "bm5_vxlan/decap",
    "bm6_curl/tracing_off",
    "bm6_curl/tracing_on",
];

/// Build the workload of a case.
pub fn build(case: &str) -> Option<Box<dyn Workload>> {
    let (group, param) = case.split_once('/')?;
    let n: u32 = param.parse().unwrap_or(0);
    Some(match group {
        "bm1_bridge" => Box::new(BridgeForward::new(n as usize)),
        "bm2_nat_chain" => Box::new(NatChain::new(n as usize)),
        "bm3_ipvs" => Box::new(IpvsDispatch::new(n)),
        "bm4_ct_lookup" => Box::new(ConntrackLookup::new(n)),
        "bm4_ct_established" => Box::new(ConntrackEstablished::new(n)),
        "bm4_ct_new" => Box::new(ConntrackNew::new(n)),
        "bm5_vxlan" if param == "encap" => Box::new(VxlanEncap::new(1400)),
        "bm5_vxlan" => Box::new(VxlanDecap::new(1400)),
        "bm6_curl" => Box::new(SeedCurl::new(param == "tracing_on")),
        _ => return None,
    })
}

thread_local! {
    static CURRENT: RefCell<Option<Box<dyn Workload>>> = const { RefCell::new(None) };
}

/// Number of cases.
#[unsafe(no_mangle)]
pub extern "C" fn bench_cases() -> u32 {
    CASES.len() as u32
}

/// Address and length of case `i`'s name in linear memory.
#[unsafe(no_mangle)]
pub extern "C" fn bench_case_name_ptr(i: u32) -> u32 {
    CASES.get(i as usize).map_or(0, |c| c.as_ptr() as usize as u32)
}

#[unsafe(no_mangle)]
pub extern "C" fn bench_case_name_len(i: u32) -> u32 {
    CASES.get(i as usize).map_or(0, |c| c.len() as u32)
}

/// Build case `i` (replacing the previous one); its chunk size, 0 if none.
#[unsafe(no_mangle)]
pub extern "C" fn bench_setup(i: u32) -> f64 {
    let w = CASES.get(i as usize).and_then(|c| build(c));
    let chunk = w.as_ref().map_or(0.0, |w| w.chunk().min(1 << 40) as f64);
    CURRENT.with(|c| *c.borrow_mut() = w);
    chunk
}

/// Run `n` steps of the current case.
#[unsafe(no_mangle)]
pub extern "C" fn bench_steps(n: u32) {
    CURRENT.with(|c| {
        if let Some(w) = c.borrow_mut().as_mut() {
            for _ in 0..n {
                w.step();
            }
        }
    });
}

/// The upkeep between chunks.
#[unsafe(no_mangle)]
pub extern "C" fn bench_maintain() {
    CURRENT.with(|c| {
        if let Some(w) = c.borrow_mut().as_mut() {
            w.maintain();
        }
    });
}

/// Free the current case.
#[unsafe(no_mangle)]
pub extern "C" fn bench_drop() {
    CURRENT.with(|c| *c.borrow_mut() = None);
}
