#!/bin/sh
# Run every fuzz target for a bounded time; exit 1 on any finding.
#
#   fuzz/run.sh            # 20 s per target
#   fuzz/run.sh 60 shell   # 60 s, only targets whose name starts with "shell"
#
# Works on stable Rust: cargo-fuzz needs nightly-only flags (-Z sanitizer),
# which RUSTC_BOOTSTRAP=1 unlocks on a stable toolchain. Installs cargo-fuzz
# from crates.io when it is missing. The committed corpus (fuzz/corpus/T)
# is read, never written: new inputs go to a scratch directory. A crash,
# panic, timeout (one input running over 10 s: a command that does not
# end within its budget) or out-of-memory leaves its input in
# fuzz/artifacts/T/ and fails the run.
set -u
secs=${1:-20}
only=${2:-}
cd "$(dirname "$0")"
export RUSTC_BOOTSTRAP=1
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked || exit 1
cargo fuzz build -O || exit 1
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failed=""
for t in $(cargo fuzz list); do
    case "$t" in "$only"*) ;; *) continue ;; esac
    mkdir -p "$scratch/$t" "corpus/$t"
    echo "== $t (${secs}s)"
    if ! cargo fuzz run -O "$t" "$scratch/$t" "corpus/$t" -- \
        -max_total_time="$secs" -timeout=10 -rss_limit_mb=4096 -max_len=4096 \
        -print_final_stats=1 2>"$scratch/$t.log"; then
        tail -n 40 "$scratch/$t.log"
        failed="$failed $t"
    else
        grep -E '^(Done|stat::number_of_executed_units|stat::new_units_added)' "$scratch/$t.log" | tr '\n' ' '
        echo
    fi
done
if [ -n "$failed" ]; then
    echo "fuzzing found problems in:$failed (inputs in fuzz/artifacts/)"
    exit 1
fi
echo "fuzzing: no findings"
