#!/usr/bin/env python3
"""Write BENCHMARKS.md from one run of mesh-core/benches/run-all.sh.

Reads criterion's estimates (target/criterion/<group>/<case>/new/estimates.json),
the figures criterion does not record (target/mesh-bench/extra.json: BM8's
memory, BM7's skip reason), the wasm and native runs of the shared harness
(target/mesh-bench/{wasm,native}.json) and the machine (lscpu, /proc/meminfo),
and prints the Markdown on stdout. The `## Browser` (written by the browser
front end's measurement) and `## History` (earlier runs, by hand) sections of
the existing BENCHMARKS.md are carried over unchanged.

Usage: report.py ROOT [EXISTING_BENCHMARKS_MD]
"""

import json
import os
import platform
import re
import subprocess
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else "."
EXISTING = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "BENCHMARKS.md")
CRIT = os.path.join(ROOT, "target", "criterion")
OUT = os.path.join(ROOT, "target", "mesh-bench")


def load(path, default=None):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return default


def est(group, case):
    """Median ns per iteration of a criterion bench, or None."""
    d = load(os.path.join(CRIT, group, case, "new", "estimates.json"))
    if not d:
        return None
    return d["median"]["point_estimate"]


def cmd(*argv):
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def fmt_ns(ns):
    if ns is None:
        return "—"
    if ns >= 1e9:
        return f"{ns / 1e9:.2f} s"
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.0f} ns"


def machine():
    lscpu = cmd("lscpu")
    info = dict(re.findall(r"^([^:]+):\s*(.*)$", lscpu, re.M))
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(re.search(r"MemTotal:\s+(\d+)", f.read()).group(1))
            mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        pass
    return [
        f"- CPU: {info.get('Model name', '?')}, {info.get('CPU(s)', '?')} CPUs "
        f"({info.get('Thread(s) per core', '?')} thread(s) per core), "
        f"hypervisor {info.get('Hypervisor vendor', 'none')}",
        f"- Memory: {mem}",
        f"- Kernel: Linux {platform.release()} ({platform.machine()})",
        f"- Toolchain: {cmd('rustc', '-V')}; Node {cmd('node', '--version')}",
    ]


def fit(points):
    """Least squares a + b·x over (x, y) points, weighted by 1/y² (relative
    errors, so the small-N points fix a and the large-N ones b); returns a,
    b and the largest relative error of the fit."""
    w = [1 / (y * y) for _, y in points]
    sw = sum(w)
    sx = sum(wi * x for wi, (x, _) in zip(w, points))
    sy = sum(wi * y for wi, (_, y) in zip(w, points))
    sxx = sum(wi * x * x for wi, (x, _) in zip(w, points))
    sxy = sum(wi * x * y for wi, (x, y) in zip(w, points))
    b = (sw * sxy - sx * sy) / (sw * sxx - sx * sx)
    a = (sy - b * sx) / sw
    worst = max(abs(a + b * x - y) / y for x, y in points)
    return a, b, worst


# Why a target is missed: what the profiles of this code show (perf record
# of the native runner, mesh-core/benches/wasm/native.rs). Printed only for
# missed targets.
WHY = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "why.json")))


def main():
    extra = load(os.path.join(OUT, "extra.json"), {})
    wasm = load(os.path.join(OUT, "wasm.json"), {})
    native = load(os.path.join(OUT, "native.json"), {})
    rows = []  # (benchmark, figure text, target text, ratio, met, why-key)

    def row(name, value, target, text=None, key=None, lower_is_better=True):
        if value is None:
            rows.append((name, "not measured", target[1], None, None, key))
            return
        ratio = value / target[0] if lower_is_better else target[0] / value
        rows.append((name, text or fmt_ns(value), target[1], ratio, ratio <= 1.0, key))

    for size in ("64", "1500"):
        row(f"BM1 bridge forward, {size} B frame", est("bm1_bridge", size), (50, "≤ 50 ns"), key="bm1")

    nat = [(n, est("bm2_nat_chain", str(n))) for n in (0, 10, 100, 1000, 10000, 50000)]
    nat_ok = [(n, v) for n, v in nat if v is not None]
    if len(nat_ok) >= 2:
        a, b, worst_err = fit(nat_ok)
        row("BM2 nat chain: slope b (per rule)", b, (2, "≤ 2 ns/rule"), text=f"{b:.1f} ns/rule", key="bm2")
    else:
        a = b = worst_err = None
        row("BM2 nat chain: slope b (per rule)", None, (2, "≤ 2 ns/rule"), key="bm2")

    ipvs = [(n, est("bm3_ipvs", str(n))) for n in (1, 10, 100, 1000, 10000)]
    ipvs_ok = [v for _, v in ipvs if v is not None]
    if ipvs_ok:
        worst = max(ipvs_ok)
        flat = worst / min(ipvs_ok)
        row("BM3 IPVS new connection (worst N)", worst, (100, "≤ 100 ns"), key="bm3")
        rows.append(("BM3 flatness (max/min over N)", f"{flat:.1f}×", "flat (≈ 1×)", flat, flat <= 1.5, "bm3"))

    for n in (1000, 10000, 100000, 1000000):
        row(f"BM4 conntrack new flow, {n:,} entries", est("bm4_ct_new", str(n)), (150, "≤ 150 ns"), key="bm4new")
    for n in (1000, 10000, 100000, 1000000):
        row(f"BM4 conntrack established lookup, {n:,} entries", est("bm4_ct_lookup", str(n)), (30, "≤ 30 ns"), key="bm4lookup")

    enc, dec = est("bm5_vxlan", "encap"), est("bm5_vxlan", "decap")
    rows.append(("BM5 VXLAN encap + decap (1400 B inner)", fmt_ns(enc + dec) if enc and dec else "not measured", "no target", None, None, None))

    curl_off, curl_on = est("bm6_curl", "tracing_off"), est("bm6_curl", "tracing_on")
    row("BM6 seed curl, tracing off", curl_off, (20_000, "≤ 20 µs"), key="bm6")
    rows.append(("BM6 seed curl, tracing on", fmt_ns(curl_on), "no target", None, None, None))

    kern = est("bm7_kernel", "curl")
    if kern and curl_off:
        r = curl_off / kern
        rows.append(("BM7 mesh / kernel (BM6 off ÷ BM7)", f"{r:.2f}", "< 0.5", r / 0.5, r < 0.5, "bm7"))
    else:
        rows.append(("BM7 mesh / kernel", "not measured", "< 0.5", None, None, None))

    conv = est("bm8_scale", "converge")
    mem = extra.get("bm8_memory")
    row("BM8 100 nodes × 100 services × 10: converge", conv, (1e9, "≤ 1 s"), key="bm8")
    if mem:
        mb = mem["peak_kb"] / 1024
        rows.append(("BM8 peak memory (VmHWM)", f"{mb:.0f} MB", "≤ 500 MB", mb / 500, mb <= 500, "bm8mem"))
    else:
        rows.append(("BM8 peak memory", "not measured", "≤ 500 MB", None, None, None))
    big_curl = est("bm8_scale", "curl")
    rows.append(("BM8 BM6's curl at that size", fmt_ns(big_curl), "(BM6: ≤ 20 µs)", big_curl / 20_000 if big_curl else None, (big_curl or 1e18) <= 20_000, "bm6"))

    ratios = [(c, wasm[c] / native[c]) for c in wasm if c in native and native[c] > 0]
    if ratios:
        worst_case, worst = max(ratios, key=lambda x: x[1])
        rows.append((f"wasm / native (worst: {worst_case})", f"{worst:.2f}×", "≤ 1.5×", worst / 1.5, worst <= 1.5, "wasm"))

    L = []
    L.append("# Benchmarks")
    L.append("")
    L.append("Issue 9's benchmarks, every figure below from one run of")
    L.append("`mesh-core/benches/run-all.sh` (criterion for BM1–BM8, then the same")
    L.append("workloads compiled to wasm32 and run under Node). Times are criterion's")
    L.append("median per step; native, one core, release profile.")
    L.append("")
    L.append("## Machine")
    L.append("")
    L.extend(machine())
    L.append("- Load: " + os.environ.get("MESH_BENCH_LOAD", "not recorded (set MESH_BENCH_LOAD to say what else ran)") + ";")
    L.append("  criterion's confidence intervals are in `target/criterion/*/report`.")
    L.append("")
    L.append("## Against the targets")
    L.append("")
    L.append("Ratio = figure ÷ target (for BM7: (mesh ÷ kernel) ÷ 0.5); ≤ 1 meets the target.")
    L.append("")
    L.append("| benchmark | figure | target | ratio | met |")
    L.append("|---|---|---|---|---|")
    for name, fig, tgt, ratio, met, _ in rows:
        rt = "—" if ratio is None else f"{ratio:,.1f}"
        m = "—" if met is None else ("yes" if met else "**no**")
        L.append(f"| {name} | {fig} | {tgt} | {rt} | {m} |")
    L.append("")
    L.append("## Every figure")
    L.append("")
    L.append("| case | median | |")
    L.append("|---|---|---|")
    for group in sorted(os.listdir(CRIT)) if os.path.isdir(CRIT) else []:
        gdir = os.path.join(CRIT, group)
        if not os.path.isdir(gdir) or group == "report":
            continue
        cases = [c for c in os.listdir(gdir) if os.path.isdir(os.path.join(gdir, c, "new"))]
        def key(c):
            return (0, int(c)) if c.isdigit() else (1, c)
        for case in sorted(cases, key=key):
            note = ""
            if group == "bm2_nat_chain" and b is not None:
                note = f"fit: {fmt_ns(a + b * int(case))}"
            L.append(f"| {group}/{case} | {fmt_ns(est(group, case))} | {note} |")
    L.append("")
    if b is not None:
        L.append(f"BM2 fit over N = 0 … 50 000 (least squares on relative error): **a = {fmt_ns(a)}, b = {b:.1f} ns/rule**; the fit is within {worst_err * 100:.0f}% of every point.")
        L.append("")
    if enc and dec:
        L.append(f"BM5: encap {fmt_ns(enc)}, decap {fmt_ns(dec)} per frame (each includes the bridge hop on its side, as on the overlay path).")
        L.append("")
    if mem:
        L.append(
            f"BM8 memory, in a process of its own: RSS {mem['rss_before_kb'] / 1024:.0f} MB before, "
            f"{mem['rss_after_kb'] / 1024:.0f} MB after building the lab, peak {mem['peak_kb'] / 1024:.0f} MB; "
            f"that build took {mem['build_secs']:.1f} s."
        )
        L.append("")
    if extra.get("bm7_skipped"):
        L.append(f"BM7 was skipped: {extra['bm7_skipped']}.")
        L.append("")
    L.append("## wasm32 under Node")
    L.append("")
    L.append("The same workloads and the same loop (`benches/wasm/`: `run.mjs` on the wasm32")
    L.append("module, `native.rs` natively), so the ratio compares targets, not harnesses.")
    L.append(f"Node {cmd('node', '--version')}.")
    L.append("")
    L.append("| case | native | wasm | wasm / native |")
    L.append("|---|---|---|---|")
    for c, r in ratios:
        L.append(f"| {c} | {fmt_ns(native[c])} | {fmt_ns(wasm[c])} | {r:.2f}× |")
    L.append("")
    missed = []
    seen = set()
    for name, fig, tgt, ratio, met, k in rows:
        if met is False and k and k not in seen:
            seen.add(k)
            missed.append(k)
    if missed:
        L.append("## Where a target is missed, and why")
        L.append("")
        for k in missed:
            entry = WHY.get(k)
            if not entry:
                continue
            by = [f"{name}: {fig} against {tgt} ({ratio:,.1f}×)" for name, fig, tgt, ratio, met, kk in rows if kk == k and met is False]
            L.append(f"### {entry['title']}")
            L.append("")
            L.append("Missed by: " + "; ".join(by) + ".")
            L.append("")
            L.append(entry["why"])
            L.append("")
    L.append("## Running")
    L.append("")
    L.append("```sh")
    L.append("mesh-core/benches/run-all.sh            # everything (~20 min), rewrites BENCHMARKS.md")
    L.append("MESH_BENCH_QUICK=1 mesh-core/benches/run-all.sh   # short samples, smaller BM4 tables")
    L.append("cargo bench -p mesh-core --bench mesh -- bm3      # one group (prefix of its name)")
    L.append("```")
    L.append("")
    L.append("BM7 needs root (network namespaces); without it, it is skipped with one line.")
    L.append("No test asserts a timing.")
    L.append("")
    L.append("## Robustness")
    L.append("")
    L.append("Bounded failure is tested, not timed: `mesh-core/tests/robustness.rs` (a bridge")
    L.append("loop without STP, a routing loop, a connection flood into a full conntrack table,")
    L.append("a 50 000-rule `iptables-restore`, generated command lines) checks that each")
    L.append("command ends within its event budget with the real tool's message and that the")
    L.append("session answers afterwards. The fuzz targets, how CI runs them and what they")
    L.append("found are in `fuzz/README.md`.")
    L.append("")
    for title in KEPT_SECTIONS:
        section = kept_section(title)
        if section:
            L.append(section.rstrip("\n"))
            L.append("")
    sys.stdout.write("\n".join(L))


# Sections written by hand (browser figures, earlier runs), kept verbatim.
KEPT_SECTIONS = ["Browser", "History"]


def kept_section(title):
    """The `## <title>` section of the existing file, kept verbatim."""
    try:
        with open(EXISTING) as f:
            text = f.read()
    except OSError:
        return ""
    m = re.search(r"^## " + re.escape(title) + r"\b.*?(?=^## |\Z)", text, re.M | re.S)
    return m.group(0) if m else ""


if __name__ == "__main__":
    main()
