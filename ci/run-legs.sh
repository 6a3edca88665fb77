#!/usr/bin/env bash
# Build cmd/forkcrypto against every provisioned leg (default: all legs) into
# .forks/<leg>/bin/forkcrypto and run `forkcrypto info`: the backend line and
# the capability table, leg by leg. A leg provisioned as skipped says so.
#
# Usage: ci/run-legs.sh [leg ...]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=ci/legs.sh
source "$here/legs.sh"
cd "$REPO_ROOT"
(($#)) || set -- "${LEGS[@]}"

failed=0
for leg; do
	dir=$(leg_dir "$leg")
	status=$(cat "$dir/status" 2>/dev/null || echo "not provisioned (ci/provision.sh $leg)")
	echo "== $leg"
	if [[ $status != ready ]]; then
		echo "SKIPPED: ${status#skipped: }"
		continue
	fi
	mkdir -p "$dir/bin"
	if leg_run "$leg" go build -tags "$(leg_tag "$leg")" -o "$dir/bin/forkcrypto" ./cmd/forkcrypto &&
		"$dir/bin/forkcrypto" info; then
		:
	else
		failed=1
	fi
	echo
done
exit "$failed"
