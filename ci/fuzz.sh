#!/usr/bin/env bash
# Run every fuzz target of the module for FUZZTIME each (default 10s) on one leg (FUZZLEG,
# default awslc: the fork with the most algorithms), one target at a time as go test requires.
# A crash fails the run; go test keeps its input under the package's testdata/fuzz/<Target>/,
# where it stays as a regression case once committed. Prints one line per target and, last,
#   fuzz: N targets, N passed, N failed
#
# Usage: FUZZTIME=10m ci/fuzz.sh      (make fuzz)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=ci/legs.sh
source "$here/legs.sh"
cd "$REPO_ROOT"
leg=${FUZZLEG:-awslc} fuzztime=${FUZZTIME:-10s}
tag=$(leg_tag "$leg")
status=$(cat "$(leg_dir "$leg")/status" 2>/dev/null || echo "failed: never provisioned (ci/provision.sh $leg)")
case $status in
ready) ;;
skipped:*) echo "fuzz: SKIPPED: $leg is skipped (${status#skipped: })"; exit 0 ;;
*) echo "fuzz: FAIL: $leg is not ready (${status#failed: })"; exit 1 ;;
esac

log=$(leg_dir "$leg")/fuzz.log
: >"$log"
n=0 passed=0 failed=0
for pkg in $(leg_run "$leg" go list -tags "$tag" ./...); do
	targets=$(leg_run "$leg" go test -tags "$tag" -list '^Fuzz' "$pkg" | grep '^Fuzz' || true)
	for target in $targets; do
		n=$((n + 1))
		t0=$SECONDS
		if leg_run "$leg" go test -tags "$tag" -run '^$' -fuzz "^$target\$" -fuzztime "$fuzztime" "$pkg" >>"$log" 2>&1; then
			passed=$((passed + 1))
			echo "fuzz: $target ($pkg): ok in $((SECONDS - t0))s"
		else
			failed=$((failed + 1))
			echo "fuzz: $target ($pkg): FAILED in $((SECONDS - t0))s; the input is under testdata/fuzz/$target (log: ${log#"$REPO_ROOT"/})"
		fi
	done
done
echo "fuzz: $n targets, $passed passed, $failed failed ($leg, $fuzztime each)"
((failed == 0))
