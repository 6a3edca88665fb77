#!/usr/bin/env bash
# The one mapping from a CI leg (a libcrypto fork provisioned under .forks/<leg>/) to the Go
# build tag that selects it, so the Makefile and the scripts in ci/ cannot drift apart.
#
#   ci/legs.sh list              all legs, in matrix order
#   ci/legs.sh tag LEG           the Go build tag for LEG
#   ci/legs.sh dir LEG           .forks/LEG as an absolute path
#   ci/legs.sh pkg-config-path LEG
#   ci/legs.sh env LEG           TAG=... and PKG_CONFIG_PATH=... lines, for eval or a Makefile
#
# A leg named FORK-goX.Y runs FORK's library (provisioned under .forks/FORK/) with the Go
# toolchain goX.Y.Z that leg_toolchain names, fetched by the go command like a module
# (GOTOOLCHAIN); FORK-asan runs it under go test -asan (AddressSanitizer on the fork
# package's C and every allocation) instead of -race. Their results go to .forks/<leg>/.
#
# Sourcing this file defines the same operations as functions (leg_tag, leg_dir, ...).
set -euo pipefail

LEGS=(openssl-3.0 openssl-3.0-asan boringssl awslc awslc-asan awslc-go1.27 libressl)
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

leg_tag() {
	case $1 in
	openssl-*) echo openssl ;; # every OpenSSL 3.x leg uses the same (default) tag
	boringssl) echo boringssl ;;
	awslc | awslc-go1.27 | awslc-asan) echo awslc ;;
	libressl) echo libressl ;;
	*) echo "legs.sh: unknown leg '$1' (known: ${LEGS[*]})" >&2; return 1 ;;
	esac
}

leg_dir() { leg_tag "$1" >/dev/null && echo "$REPO_ROOT/.forks/$1"; }

# The leg whose provisioned library LEG links: itself, or FORK for FORK-goX.Y and FORK-asan.
leg_lib() {
	leg_tag "$1" >/dev/null || return
	local l=${1%-go1.*}
	echo "${l%-asan}"
}

# The checker go test runs LEG's tests under.
leg_checker() {
	case $1 in
	*-asan) echo -asan ;;
	*) echo -race ;;
	esac
}

# The GOTOOLCHAIN a leg runs with: empty for the go on PATH.
leg_toolchain() {
	case $1 in
	*-go1.27) echo go1.27.3 ;;
	*) echo "" ;;
	esac
}

# Only the leg's own directory: PKG_CONFIG_PATH is searched before the system directories,
# so the leg's libcrypto.pc shadows the system one.
leg_pkg_config_path() { echo "$(leg_dir "$(leg_lib "$1")")/lib/pkgconfig"; }

# Go's build cache keys cgo packages on CGO_CFLAGS but not on pkg-config's output, so
# two legs built from one cache could share objects compiled against the other's headers.
# A per-leg marker in CGO_CFLAGS keeps their objects apart.
leg_cgo_cflags() { echo "${CGO_CFLAGS:--O2 -g} -DFORKCRYPTO_LEG=$(echo "$1" | tr -c 'a-zA-Z0-9\n' _)"; }

# Quoted so that `eval "$(ci/legs.sh env LEG)"` works; GOTOOLCHAIN only for a FORK-goX.Y leg.
leg_env() {
	printf 'TAG=%q\nPKG_CONFIG_PATH=%q\nCGO_CFLAGS=%q\n' "$(leg_tag "$1")" "$(leg_pkg_config_path "$1")" \
		"$(leg_cgo_cflags "$1")"
	[[ -z $(leg_toolchain "$1") ]] || printf 'export GOTOOLCHAIN=%q\n' "$(leg_toolchain "$1")"
}

# leg_run LEG CMD...: run CMD against exactly LEG's libcrypto, with cgo on.
leg_run() {
	local leg=$1 tc
	shift
	tc=$(leg_toolchain "$leg")
	env ${tc:+GOTOOLCHAIN=$tc} PKG_CONFIG_PATH="$(leg_pkg_config_path "$leg")" CGO_CFLAGS="$(leg_cgo_cflags "$leg")" \
		CGO_ENABLED=1 "$@"
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
	case ${1:-}:$# in
	list:1) printf '%s\n' "${LEGS[@]}" ;;
	tag:2 | dir:2 | env:2) "leg_$1" "$2" ;;
	pkg-config-path:2) leg_pkg_config_path "$2" ;;
	*) sed -n '5,9s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
	esac
fi
