#!/usr/bin/env bash
# Run go vet and the tests, under the race detector (AddressSanitizer on the -asan legs), once
# per fork leg (default: all legs) against the
# libcrypto that ci/provision.sh set up, then print a summary table and, as the very last line,
#   N passed, N failed, N skipped
# Per leg, .forks/<leg>/ gets test.json (go test -json), test.log (readable), test.meta and
# info.json (forkcrypto info -json: the backend and its capability table, for make report).
# A leg provisioned as skipped is reported SKIPPED and never counts as passed; a leg that was
# never provisioned, or failed to, is a failure. Exit status 1 if any leg failed.
#
# Usage: ci/test-legs.sh [leg ...]     GOTESTFLAGS adds go test flags (e.g. -count=1 -short)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=ci/legs.sh
source "$here/legs.sh"
cd "$REPO_ROOT"
(($#)) || set -- "${LEGS[@]}"
for leg; do leg_tag "$leg" >/dev/null; done

# The summariser is plain Go (standard library only): build it once, without any fork.
mkdir -p .forks/.bin
CGO_ENABLED=0 go build -o .forks/.bin/testsummary ./ci/internal/testsummary

run() { leg_run "$leg" "$@"; }
# ci/provision.sh installed the browser the report's test renders with: missing, it fails.
export FORKCRYPTO_REPORT_BROWSER=required

# heartbeat LABEL JSON: every 30 s until killed, one line of progress from JSON. Never
# outlives the script.
trap 'kill "${beat:-}" 2>/dev/null || true' EXIT
heartbeat() {
	local t0=$SECONDS
	while sleep 30; do
		echo "test-legs: $1: $(.forks/.bin/testsummary progress "$2") ($((SECONDS - t0))s)"
	done
}

dirs=()
n=0
for leg; do
	n=$((n + 1))
	echo "test-legs: [$n/$#] $leg: start"
	dir=$(leg_dir "$leg")
	mkdir -p "$dir"
	dirs+=("$dir")
	rm -f "$dir"/test.{json,log,meta,stderr} "$dir/info.json"
	t0=$SECONDS
	status=$(cat "$dir/status" 2>/dev/null || echo "failed: never provisioned (ci/provision.sh $leg)")
	if [[ $status != ready ]]; then
		printf 'leg=%s\nstatus=%s\n' "$leg" "$status" >"$dir/test.meta"
		case $status in
		skipped:*) echo "test-legs: $leg: SKIPPED (${status#skipped: })" ;;
		*) echo "test-legs: $leg: FAIL (${status#failed: })" ;;
		esac
		continue
	fi

	tag=$(leg_tag "$leg")
	heartbeat "$leg" "$dir/test.json" &
	beat=$!
	# The CLI prints the backend's version line and capability table; if it does not build,
	# go vet and go test say why, and the version reads "unknown".
	version=''
	if run go build -tags "$tag" -o "$dir/forkcrypto" ./cmd/forkcrypto 2>/dev/null; then
		version=$("$dir/forkcrypto" version 2>/dev/null) || version=''
		"$dir/forkcrypto" info -json >"$dir/info.json" 2>/dev/null || rm -f "$dir/info.json"
	fi
	version=${version%%$'\n'*}
	gover=$(run go env GOVERSION 2>/dev/null) || gover=''

	vet=0
	{ echo "== go vet -tags $tag ./..."; run go vet -tags "$tag" ./... 2>&1; } >"$dir/test.log" || vet=$?
	test=0
	checker=$(leg_checker "$leg")
	# shellcheck disable=SC2086 # GOTESTFLAGS is a list of flags
	run go test "$checker" -tags "$tag" -json -skip '^TestSoak$' ${GOTESTFLAGS:-} ./... >"$dir/test.json" 2>"$dir/test.stderr" || test=$?
	# The soak test measures resident memory, which the checkers' shadow memory would swamp.
	if [[ $checker == -race ]]; then
		# shellcheck disable=SC2086
		run go test -tags "$tag" -json -run '^TestSoak$' -count=1 ${GOTESTFLAGS:-} ./compat >>"$dir/test.json" 2>>"$dir/test.stderr" || test=$?
	fi
	kill "$beat" 2>/dev/null || true
	{
		echo "== go test $checker -tags $tag ./... (exit $test)"
		.forks/.bin/testsummary log "$dir/test.json"
		cat "$dir/test.stderr"
	} >>"$dir/test.log"
	printf 'leg=%s\nstatus=ready\ntag=%s\nversion=%s\ngo=%s\nvet=%s\ntest=%s\nwall=%s\n' \
		"$leg" "$tag" "${version:-unknown}" "${gover:-unknown}" "$vet" "$test" "$((SECONDS - t0))" >"$dir/test.meta"
	echo "test-legs: $leg: go vet $([[ $vet == 0 ]] && echo ok || echo FAILED)," \
		"go test $([[ $test == 0 ]] && echo ok || echo FAILED) (log: ${dir#"$REPO_ROOT"/}/test.log)"
done

echo
rc=0
.forks/.bin/testsummary table "${dirs[@]}" || rc=$?
exit $rc
