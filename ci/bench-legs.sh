#!/usr/bin/env bash
# Run compat's benchmarks on every provisioned leg (default: all legs) and
# print one table: forkcrypto beside the C floor, the Go standard library and
# golang-fips/openssl, with ratios. Raw output: .forks/<leg>/bench.txt.
# BENCHTIME (default 1s), COUNT (default 1) and BENCH (a -bench pattern, default .) are passed
# to go test.
#
# Usage: ci/bench-legs.sh [leg ...]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=ci/legs.sh
source "$here/legs.sh"
cd "$REPO_ROOT"
(($#)) || set -- "${LEGS[@]}"

mkdir -p .forks/.bin
CGO_ENABLED=0 go build -o .forks/.bin/benchtable ./ci/internal/benchtable

results=()
for leg; do
	dir=$(leg_dir "$leg")
	if [[ $(cat "$dir/status" 2>/dev/null) != ready ]]; then
		echo "bench-legs: $leg: SKIPPED ($(cat "$dir/status" 2>/dev/null || echo not provisioned))"
		continue
	fi
	echo "bench-legs: $leg: running"
	leg_run "$leg" go test -tags "$(leg_tag "$leg")" -run '^$' -bench "${BENCH:-.}" -benchtime "${BENCHTIME:-1s}" \
		-count "${COUNT:-1}" ./compat >"$dir/bench.txt"
	results+=("$leg=$dir/bench.txt")
done
((${#results[@]})) && .forks/.bin/benchtable "${results[@]}"
