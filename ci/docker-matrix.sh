#!/usr/bin/env bash
# The containerised fork matrix: go vet and go test -race where the arch is native, go test
# alone where it is emulated, once per leg × arch, each inside the leg's image from docker/<leg>/Dockerfile, then the summary table of
# ci/test-legs.sh with ARCH and WALL columns and, as the very last line,
#   N passed, N failed, N skipped
#
# Usage: ci/docker-matrix.sh [leg ...]       (default: every docker/<leg>/Dockerfile)
#        ARCHES="amd64 arm64" (default)      GOTESTFLAGS adds go test flags (e.g. -short)
#
# The host's Go toolchain, module cache and CA bundle are mounted into the container (go.mod's
# modules are downloaded on the host first; a test fetching more uses the host's GOPROXY), and
# each leg × arch keeps its own GOCACHE under .forks/docker/<leg>-<arch>/gocache, so a second run recompiles nothing.
# For a foreign arch (arm64 on an amd64 host) the host's Go runs natively inside the container
# with GOARCH set; only gcc and the test binaries run under qemu-user, where -race does not work,
# so that arch runs without -race. Base images come from docker/bootstrap-base.sh when their
# per-arch tag is missing. Per leg × arch, .forks/docker/<leg>-<arch>/ gets test.log (image
# build, vet and test output), test.json, test.meta and info.json (forkcrypto info -json, for
# make report). A leg whose image cannot exist here (no base image and no way to make one) is
# SKIPPED, never passed. Exit status 1 if any leg failed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
cd "$root"
host_arch=$(go env GOHOSTARCH)
read -ra arches <<<"${ARCHES:-amd64 arm64}"

all_legs=(openssl-3.0 openssl-3.5 openssl-3.5-fips openssl-3.6 openssl-3.6-fips boringssl-13 boringssl-14 awslc libressl)
(($#)) || set -- "${all_legs[@]}"

leg_tag() { # the Go build tag: the fork family, the leg name's first word
	case $1 in
	openssl-*) echo openssl ;;
	boringssl-*) echo boringssl ;;
	awslc | libressl) echo "$1" ;;
	*) return 1 ;;
	esac
}
for leg; do
	if [[ ! -f docker/$leg/Dockerfile ]] || ! leg_tag "$leg" >/dev/null; then
		echo "docker-matrix: unknown leg '$leg' (known: ${all_legs[*]})" >&2
		exit 2
	fi
done
for a in "${arches[@]}"; do
	[[ $a == amd64 || $a == arm64 ]] || { echo "docker-matrix: unknown arch '$a' (amd64, arm64)" >&2; exit 2; }
done

# Host packages, a daemon and the arm64 binfmt handler (no base images yet: SUITES=' ').
SUITES=' ' docker/bootstrap-base.sh "${arches[@]}"
mkdir -p .forks/.bin .forks/docker
CGO_ENABLED=0 go build -o .forks/.bin/testsummary ./ci/internal/testsummary
go mod download # once, on the host; the containers share the module cache
# Tests may fetch modules that go.mod does not list (test vectors); the images carry no CA
# bundle, so the containers use the host's.
ca=/etc/ssl/certs/ca-certificates.crt
[[ -f $ca ]] || ca=$(go env GOROOT)/README.md # no bundle: mount something harmless
goroot=$(go env GOROOT)
gomodcache=$(go env GOMODCACHE)

# base_of LEG ARCH: print the local image to build FROM, or fail with the reason on stdout.
base_of() {
	local from
	from=$(sed -n 's/^ARG BASE=//p' "docker/$1/Dockerfile" | head -n1)
	case $from in
	debian:*)
		local tag=forkcrypto/debian:${from#debian:}-$2
		if ! docker image inspect "$tag" >/dev/null 2>&1; then
			SUITES=${from#debian:} docker/bootstrap-base.sh "$2" >>"$log" 2>&1 ||
				{ echo "cannot build base image $tag (see log)"; return 1; }
		fi
		echo "$tag"
		;;
	*)
		# Not a Debian image: only usable where it already exists or a registry serves it.
		if [[ $2 == "$host_arch" ]] && { docker image inspect "$from" >/dev/null 2>&1 ||
			timeout 60 docker pull "$from" >>"$log" 2>&1; }; then
			echo "$from"
		else
			echo "no $from image for $2 here and no registry or mirror to make one"
			return 1
		fi
		;;
	esac
}

dirs=()
n=0 total=$(($# * ${#arches[@]}))
for leg; do
	for arch in "${arches[@]}"; do
		n=$((n + 1))
		dir=$root/.forks/docker/$leg-$arch
		rel=${dir#"$root"/}
		log=$dir/test.log
		mkdir -p "$dir/gocache"
		dirs+=("$dir")
		rm -f "$dir"/test.{json,log,meta,stderr} "$dir/info.json"
		tag=$(leg_tag "$leg")
		t0=$SECONDS
		echo "docker-matrix: [$n/$total] $leg/$arch: start"
		meta() { printf 'leg=%s\narch=%s\nwall=%s\n' "$leg" "$arch" "$((SECONDS - t0))" >"$dir/test.meta"; printf '%s\n' "$@" >>"$dir/test.meta"; }

		if ! base=$(base_of "$leg" "$arch"); then
			meta "status=skipped: $base"
			echo "docker-matrix: [$n/$total] $leg/$arch: SKIPPED ($base)"
			continue
		fi

		# A Dockerfile that declares HOST_BASE builds in a host-arch stage and cross-compiles to
		# TARGET_ARCH (docker/awslc: its library takes an hour to build under emulation).
		args=(--build-arg BASE="$base")
		if grep -q '^ARG HOST_BASE' "docker/$leg/Dockerfile"; then
			if ! hbase=$(base_of "$leg" "$host_arch"); then
				meta "status=failed: no host-arch base image: $hbase"
				echo "docker-matrix: [$n/$total] $leg/$arch: FAIL (no host-arch base image: $hbase)"
				continue
			fi
			args+=(--build-arg HOST_BASE="$hbase" --build-arg TARGET_ARCH="$arch")
		fi
		img=forkcrypto/leg:$leg-$arch
		echo "docker-matrix: [$n/$total] $leg/$arch: building image $img"
		echo "== docker build ${args[*]} -t $img docker/$leg" >>"$log"
		if ! docker build "${args[@]}" -t "$img" "docker/$leg" >>"$log" 2>&1; then
			meta "status=failed: image build failed (see $rel/test.log)"
			echo "docker-matrix: [$n/$total] $leg/$arch: FAIL (image build; log: $rel/test.log) in $((SECONDS - t0))s"
			continue
		fi

		race=-race emulated=''
		if [[ $arch != "$host_arch" ]]; then
			race=''             # qemu-user cannot run the race detector
			emulated=-vet=off # vet runs on the native legs; emulated, its cgo passes take minutes
		fi
		# The leg marker in CGO_CFLAGS keeps cached cgo objects of different installations apart
		# (the GOCACHE is per leg already; this also guards a shared one).
		# The checkout is read-only, and its .forks/ (the host's native legs, whose paths mean
		# nothing in here) is hidden under an empty tmpfs so that tests see only the leg's fork.
		docker run --rm \
			-v "$root:/src:ro" -w /src --mount type=tmpfs,destination=/src/.forks \
			-v "$goroot:/usr/local/go:ro" -v "$gomodcache:/go/pkg/mod" -v "$dir:/out" \
			-e PATH=/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
			-e GOCACHE=/out/gocache -e GOMODCACHE=/go/pkg/mod -e GOPROXY="$(go env GOPROXY)" -e GOSUMDB="$(go env GOSUMDB)" \
			-v "$ca:/etc/ssl/certs/ca-certificates.crt:ro" -e SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt -e GOTOOLCHAIN=local \
			-e GOFLAGS=-buildvcs=false -e CGO_ENABLED=1 -e GOARCH="$arch" -e CC=gcc \
			-e CGO_CFLAGS="-O2 -g -DFORKCRYPTO_LEG=${leg//[^a-zA-Z0-9]/_}" \
			-e TAG="$tag" -e RACE="$race" -e EMULATED="$emulated" -e GOTESTFLAGS="${GOTESTFLAGS:-}" \
			"$img" bash -c '
				v=""
				if go build -tags "$TAG" -o /tmp/forkcrypto ./cmd/forkcrypto 2>/dev/null; then
					v=$(/tmp/forkcrypto version 2>/dev/null) || v=""
					/tmp/forkcrypto info -json >/out/info.json 2>/dev/null || rm -f /out/info.json
				fi
				echo "${v%%$'\''\n'\''*}" >/out/version
				if [ -n "$EMULATED" ]; then
					echo "== go vet: on the native legs (the same source; under emulation it costs minutes)" >/out/vet.log
					echo 0 >/out/vet.rc
				else
					{ echo "== go vet -tags $TAG ./..."; go vet -tags "$TAG" ./... 2>&1; echo $? >/out/vet.rc; } >/out/vet.log
				fi
				go test $RACE $EMULATED -tags "$TAG" -json -skip "^TestSoak\$" $GOTESTFLAGS ./... >/out/test.json 2>/out/test.stderr
				rc=$?
				FORKCRYPTO_SOAK=${EMULATED:+emulated} go test -tags "$TAG" -json -run "^TestSoak\$" -count=1 $GOTESTFLAGS ./compat >>/out/test.json 2>>/out/test.stderr || rc=1
				echo $rc >/out/test.rc
			' >>"$log" 2>&1 &
		pid=$!
		# A heartbeat every 30 s while the container runs: the emulated legs take minutes.
		(while sleep 30 && kill -0 "$pid" 2>/dev/null; do
			echo "docker-matrix: [$n/$total] $leg/$arch: $(.forks/.bin/testsummary progress "$dir/test.json") ($((SECONDS - t0))s)"
		done) &
		beat=$!
		wait "$pid" || true
		kill "$beat" 2>/dev/null || true
		vet=$(cat "$dir/vet.rc" 2>/dev/null || echo 125)
		test=$(cat "$dir/test.rc" 2>/dev/null || echo 125)
		version=$(cat "$dir/version" 2>/dev/null || true)
		{
			cat "$dir/vet.log" 2>/dev/null || true
			echo "== go test $race -tags $tag ./... (exit $test)"
			[[ -f $dir/test.json ]] && .forks/.bin/testsummary log "$dir/test.json"
			cat "$dir/test.stderr" 2>/dev/null || true
		} >>"$log"
		rm -f "$dir"/{vet.rc,test.rc,version,vet.log}
		meta status=ready "tag=$tag" "version=${version:-unknown}" "go=$(go env GOVERSION)" "vet=$vet" "test=$test"
		echo "docker-matrix: [$n/$total] $leg/$arch: go vet $([[ -n $emulated ]] && echo "left to the native legs" || { [[ $vet == 0 ]] && echo ok || echo FAILED; })," \
			"go test${race:+ -race} $([[ $test == 0 ]] && echo ok || echo FAILED) in $((SECONDS - t0))s (log: $rel/test.log)"
	done
done

echo
rc=0
.forks/.bin/testsummary table "${dirs[@]}" || rc=$?
exit $rc
