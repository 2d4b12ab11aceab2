#!/usr/bin/env bash
# Compile time of each generated client crate on its own: builds the crate and its dependencies
# once, then forces a rebuild of the crate alone (by removing its fingerprint) and times it, so a
# spec or generator change that bloats the generated code shows up here.
#
#   benches/compile-time.sh [--release] [--runs N] [CRATE_DIR...]
#
# CRATE_DIR defaults to every folder under generated/. Builds go to their own target directory
# (COMPILE_TIME_TARGET_DIR, default target/compile-time) with incremental compilation off, so
# the figures do not depend on other builds and the work tree is never touched. The first run
# builds every dependency once and takes minutes; later runs reuse them.
set -euo pipefail
cd "$(dirname "$0")/.."

profile_flag=()
profile_dir=debug
runs=3
crates=()
while [ $# -gt 0 ]; do
  case "$1" in
    --release) profile_flag=(--release); profile_dir=release ;;
    --runs) runs="$2"; shift ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) crates+=("${1%/}") ;;
  esac
  shift
done
if [ ${#crates[@]} -eq 0 ]; then
  for dir in generated/*/; do crates+=("${dir%/}"); done
fi

export CARGO_TARGET_DIR="${COMPILE_TIME_TARGET_DIR:-$PWD/target/compile-time}"
export CARGO_INCREMENTAL=0
export CARGO_TERM_COLOR=never

printf '%-20s %8s %10s %10s   (%s, %s run(s), %s cores; seconds)\n' \
  crate lines min median "$profile_dir" "$runs" "$(nproc)"
for dir in "${crates[@]}"; do
  dir="${dir#./}"
  [[ "$dir" == */* ]] || dir="generated/$dir"
  [ -f "$dir/Cargo.toml" ] || { echo "no crate at $dir" >&2; exit 2; }
  package=$(sed -n 's/^name = "\(.*\)"$/\1/p' "$dir/Cargo.toml" | head -n1)
  lines=$(cat "$dir"/src/*.rs | wc -l)
  # Dependencies first, untimed.
  cargo build -q -p "$package" "${profile_flag[@]}"
  times=()
  for _ in $(seq "$runs"); do
    rm -rf "$CARGO_TARGET_DIR/$profile_dir/.fingerprint/$package"-*
    start=$(date +%s.%N)
    cargo build -q -p "$package" "${profile_flag[@]}"
    end=$(date +%s.%N)
    times+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')")
  done
  sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  min=$(echo "$sorted" | head -n1)
  median=$(echo "$sorted" | sed -n "$(( (runs + 1) / 2 ))p")
  printf '%-20s %8s %10.2f %10.2f\n' "$package" "$lines" "$min" "$median"
done
