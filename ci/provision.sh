#!/usr/bin/env bash
# Provision libcrypto fork legs (default: all) into .forks/<leg>/. Each ready leg gets
# lib/pkgconfig/libcrypto.pc with the fork's include dir first and an rpath, so that
#   PKG_CONFIG_PATH=$(ci/legs.sh pkg-config-path LEG) go build -tags $(ci/legs.sh tag LEG)
# compiles against that fork and runs without LD_LIBRARY_PATH. .forks/<leg>/status says
# "ready", "skipped: <why>" (the fork cannot exist on this host) or "failed: <why>".
# Re-running is cheap: installed packages and a finished AWS-LC build are reused
# (rm -rf .forks/awslc to rebuild). A compile+link+run probe is repeated every time.
#
# Usage: ci/provision.sh [LEG ...]   (ci/legs.sh list names them)
# shellcheck disable=SC2317 # the leg_* functions are called indirectly, as "leg_$leg"
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=ci/legs.sh
source "$here/legs.sh"
forks=$REPO_ROOT/.forks

# ---- helpers for the per-leg child process (one leg = one process, so set -e really applies)

die() { echo "provision: $*" >&2; exit 1; }
skip() { # a stale .pc from an earlier run must not outlive the leg (awslc's belongs to its build)
	[[ $leg == awslc ]] || rm -rf "$dir/lib/pkgconfig/libcrypto.pc" "$dir/include-guard"
	echo "skipped: $*" >"$dir/status"
	exit 0
}
rel() { echo "${1#"$REPO_ROOT"/}"; } # shorter paths in messages

as_root() {
	if ((EUID == 0)); then "$@"
	elif command -v sudo >/dev/null; then sudo -n "$@"
	else die "need root for: $*"; fi
}

# Install missing host packages. apt-get update only when something is missing, so a
# provisioned host never touches the network.
need_debs() {
	local p missing=()
	for p; do
		[[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) == *" installed" ]] || missing+=("$p")
	done
	((${#missing[@]})) || return 0
	command -v apt-get >/dev/null || skip "needs ${missing[*]}, and this host has no apt-get"
	local t0=$SECONDS
	as_root apt-get -q -o DPkg::Lock::Timeout=600 update
	as_root env DEBIAN_FRONTEND=noninteractive \
		apt-get -q -y -o DPkg::Lock::Timeout=600 install --no-install-recommends "${missing[@]}"
	notes+=("apt installed ${missing[*]} in $((SECONDS - t0))s")
}

# Directory of the file FILE (e.g. openssl/crypto.h) as packaged by PKG, per dpkg -L.
pkg_dir() {
	local files f
	files=$(dpkg -L "$1") # not piped: grep -m1 would SIGPIPE dpkg, fatal under pipefail
	f=$(grep -m1 "/$2\$" <<<"$files" || true)
	[[ -n $f ]] || die "$1 ships no $2"
	echo "${f%/"$2"}"
}

upstream_version() { local v; v=$(dpkg-query -W -f='${Version}' "$1"); echo "${v%-*}"; }

# A header the fork lacks (kdf.h, params.h, ...) would silently come from OpenSSL 3.0 in
# /usr/include/openssl and fail far from the cause, or worse, compile. For each one, a stub that
# stops the build with the reason, in a directory searched after the fork's, before /usr/include.
guard_headers() { # guard_headers FORK_INCLUDEDIR
	local h
	rm -rf "$dir/include-guard"
	[[ $leg == openssl-* ]] && return 0
	mkdir -p "$dir/include-guard/openssl"
	for h in /usr/include/openssl/*.h; do
		[[ -e $h && ! -e $1/openssl/${h##*/} ]] || continue
		printf '#error "<openssl/%s> is not in %s; without this guard it would come from OpenSSL 3.0 in /usr/include"\n' \
			"${h##*/}" "$leg" >"$dir/include-guard/openssl/${h##*/}"
	done
}

write_pc() { # write_pc VERSION INCLUDEDIR LIBDIR DESCRIPTION
	guard_headers "$2"
	notes+=("package $1")
	local guard=''
	[[ -d $dir/include-guard ]] && guard=" -I$dir/include-guard"
	mkdir -p "$dir/lib/pkgconfig"
	cat >"$dir/lib/pkgconfig/libcrypto.pc" <<-PC
		includedir=$2
		libdir=$3

		Name: libcrypto
		Description: $4 (forkcrypto leg $leg)
		Version: $1
		Cflags: -I\${includedir}$guard
		Libs: -L\${libdir} -Wl,-rpath,\${libdir} -lcrypto
	PC
}

# Compile, link and run a probe with the leg's .pc only; print OpenSSL_version(OPENSSL_VERSION).
# Checks: the headers are the fork's (COND holds); none of them falls back to the system's
# /usr/include/openssl (OpenSSL 3.0) unless that is the leg; the include guard fires; the binary
# loads libcrypto from the .pc's libdir without LD_LIBRARY_PATH; the runtime names the family.
probe() { # probe COND EXPECTED_PREFIX
	local pc=$dir/lib/pkgconfig b=$dir/probe cflags libs pclibdir got g
	read -ra cflags < <(PKG_CONFIG_PATH=$pc pkg-config --cflags libcrypto)
	read -ra libs < <(PKG_CONFIG_PATH=$pc pkg-config --libs libcrypto)
	pclibdir=$(PKG_CONFIG_PATH=$pc pkg-config --variable=libdir libcrypto)
	echo "probe: cflags: ${cflags[*]}; libs: ${libs[*]}"
	mkdir -p "$b"
	cat >"$b/probe.c" <<-C
		#include <stdio.h>
		#include <openssl/opensslv.h>
		#include <openssl/crypto.h>
		#include <openssl/evp.h>
		#if !($1)
		#error "headers are not this leg's fork: !($1)"
		#endif
		int main(void) { puts(OpenSSL_version(OPENSSL_VERSION)); return 0; }
	C
	"${CC:-gcc}" "${cflags[@]}" -M "$b/probe.c" >"$b/probe.deps" ||
		die "$leg: the probe does not compile with the .pc's flags (wrong headers?)"
	if [[ $leg != openssl-* ]] && grep -q '/usr/include/openssl/' "$b/probe.deps"; then
		grep -o '/usr/include/openssl/[^ ]*' "$b/probe.deps" >&2
		die "$leg: headers fall back to /usr/include/openssl; the .pc include dir is not first"
	fi
	for g in "$dir"/include-guard/openssl/*.h; do
		[[ -e $g ]] || break
		[[ $(echo "#include <openssl/${g##*/}>" | "${CC:-gcc}" "${cflags[@]}" -fsyntax-only -xc - 2>&1) == \
			*"without this guard"* ]] || die "$leg: include guard for ${g##*/} does not fire"
		echo "probe: $(find "${g%/*}" -name '*.h' | wc -l) headers $leg lacks are guarded, e.g. ${g##*/}"
		break
	done
	"${CC:-gcc}" "${cflags[@]}" -o "$b/probe" "$b/probe.c" "${libs[@]}" ||
		die "$leg: the probe does not link with the .pc's flags"
	got=$(env -u LD_LIBRARY_PATH ldd "$b/probe" | awk '$1 ~ /^libcrypto/ {print $3}')
	[[ -n $got && $(realpath "$(dirname "$got")") == "$(realpath "$pclibdir")" ]] ||
		die "$leg: probe loads libcrypto from '$got', not from $pclibdir"
	version=$(env -u LD_LIBRARY_PATH "$b/probe")
	[[ $version == "$2"* ]] || die "$leg: runtime reports '$version', expected '$2...'"
	echo "probe: $got: $version"
}

ready() {
	local d
	printf -v d '%s; ' "$version" "$(rel "$libdir")" "${notes[@]}"
	echo "${d%; }" >"$dir/detail"
	echo ready >"$dir/status"
}

# ---- the legs

leg_openssl-3.0() {
	need_debs libssl-dev pkg-config
	local p
	p=libssl-dev:$(dpkg --print-architecture) # dpkg -L needs the arch if others are installed
	incdir=$(pkg_dir "$p" openssl/crypto.h)
	libdir=$(pkg_dir "$p" libcrypto.so)
	write_pc "$(upstream_version "$p")" "$incdir" "$libdir" "Debian's OpenSSL"
	probe 'OPENSSL_VERSION_MAJOR == 3 && OPENSSL_VERSION_MINOR == 0 && !defined(LIBRESSL_VERSION_NUMBER)' "OpenSSL 3.0"
}

# Headers land in /usr/include/android/openssl, the library in <multiarch>/android/ (soname
# libcrypto.so.0, next to OpenSSL's libcrypto.so.3); the package ships no .pc of its own.
leg_boringssl() {
	need_debs android-libboringssl-dev pkg-config
	local p=android-libboringssl-dev
	incdir=$(pkg_dir "$p" openssl/crypto.h)
	libdir=$(pkg_dir "$p" libcrypto.so)
	write_pc "$(upstream_version "$p")" "$incdir" "$libdir" "Android's BoringSSL from Debian"
	probe 'defined(OPENSSL_IS_BORINGSSL) && !defined(OPENSSL_IS_AWSLC)' "BoringSSL"
}

# AWS-LC is not packaged as a library in Debian, but sid's Rust crate package carries its full
# source tree (with pre-generated assembly, so neither Go nor Perl is needed to build it).
leg_awslc() {
	libdir=$dir/lib
	if [[ -e $libdir/libcrypto.so && -e $libdir/pkgconfig/libcrypto.pc ]]; then
		notes+=("cached build")
	else
		need_debs cmake ninja-build pkg-config
		local deb src t0
		deb=$("$here/apt-sid.sh" download librust-aws-lc-sys-dev)
		rm -rf "$dir/src" "$dir/build"
		dpkg -x "$deb" "$dir/src"
		src=("$dir"/src/usr/share/cargo/registry/aws-lc-sys-*/aws-lc)
		[[ ${#src[@]} == 1 && -f ${src[0]}/CMakeLists.txt ]] || die "no single aws-lc tree in $(basename "$deb")"
		t0=$SECONDS
		# The tool and tests are not needed; LIBDIR=lib keeps the layout fixed (.forks/awslc/lib).
		cmake -S "${src[0]}" -B "$dir/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
			-DBUILD_SHARED_LIBS=1 -DBUILD_TESTING=OFF -DBUILD_TOOL=OFF -DBUILD_LIBSSL=OFF -DDISABLE_GO=ON -DDISABLE_PERL=ON \
			-DCMAKE_INSTALL_PREFIX="$dir" -DCMAKE_INSTALL_LIBDIR=lib >"$dir/build.log"
		cmake --build "$dir/build" >>"$dir/build.log" || die "AWS-LC build failed; see $(rel "$dir")/build.log"
		cmake --install "$dir/build" >>"$dir/build.log"
		echo "$((SECONDS - t0))" >"$dir/build-seconds"
		notes+=("built $(basename "$deb" .deb) in $(($(<"$dir/build-seconds") / 60))m$(($(<"$dir/build-seconds") % 60))s")
		rm -rf "$dir/src" "$dir/build"
	fi
	# AWS-LC installs its own libcrypto.pc (absolute prefix); it only lacks the rpath and guard.
	guard_headers "$dir/include"
	# shellcheck disable=SC2016 # ${libdir} is for pkg-config to expand
	sed -i -e '/^Libs:/{/-rpath/!s|$| -Wl,-rpath,${libdir}|}' \
		-e "/^Cflags:/{/include-guard/!s|\$| -I$dir/include-guard|}" "$libdir/pkgconfig/libcrypto.pc"
	probe 'defined(OPENSSL_IS_AWSLC)' "AWS-LC"
}

# A derived leg (FORK-goX.Y, FORK-asan) provisions, or reuses, FORK's library under
# .forks/FORK/, then what it adds: the Go toolchain, which the go command fetches from the
# module proxy once, or a C compiler that links AddressSanitizer.
derived_leg() {
	local out=$dir self=$leg lib tc
	lib=$(leg_lib "$leg")
	leg=$lib dir=$forks/$lib
	"leg_$lib"
	leg=$self dir=$out
	case $leg in
	*-go1.*)
		tc=$(leg_toolchain "$leg")
		GOTOOLCHAIN=$tc go version >/dev/null || die "cannot fetch the Go toolchain $tc"
		notes+=("Go $(GOTOOLCHAIN=$tc go env GOVERSION)")
		;;
	*-asan)
		echo 'int main(void) { return 0; }' >"$dir/asan-probe.c"
		if ! gcc -fsanitize=address "$dir/asan-probe.c" -o "$dir/asan-probe" 2>/dev/null; then
			need_debs libasan8 # gcc 12 to 14's AddressSanitizer runtime
			gcc -fsanitize=address "$dir/asan-probe.c" -o "$dir/asan-probe" || die "gcc cannot link AddressSanitizer"
		fi
		notes+=("AddressSanitizer")
		;;
	esac
}

# LibreSSL is not in Debian; use an installation someone else made. Never fetched or built here.
leg_libressl() {
	local p=${LIBRESSL_PREFIX:-} d
	[[ -n $p ]] || skip "LIBRESSL_PREFIX not set; LibreSSL is not packaged for Debian"
	incdir=$p/include
	grep -qs LIBRESSL_VERSION_NUMBER "$incdir/openssl/opensslv.h" || skip "no LibreSSL headers in $incdir"
	for d in "$p/lib" "$p/lib64"; do [[ -e $d/libcrypto.so ]] && libdir=$d && break; done
	[[ -n ${libdir:-} ]] || skip "no libcrypto.so in $p/lib or $p/lib64"
	need_debs pkg-config
	write_pc "$(sed -n 's/^#define LIBRESSL_VERSION_TEXT.*"LibreSSL \(.*\)"/\1/p' "$incdir/openssl/opensslv.h")" \
		"$incdir" "$libdir" "LibreSSL from $p"
	probe 'defined(LIBRESSL_VERSION_NUMBER)' "LibreSSL"
}

if [[ ${1:-} == __leg ]]; then # child: provision one leg
	leg=$2 dir=$forks/$2 notes=() version='' incdir='' libdir=''
	if [[ $(leg_lib "$leg") != "$leg" ]]; then derived_leg; else "leg_$leg"; fi
	ready
	exit 0
fi

# ---- parent: the host's browser, then one child per leg, one line per leg

(($#)) || set -- "${LEGS[@]}"
for leg; do leg_tag "$leg" >/dev/null; done
mkdir -p "$forks"
rc=0

# make report's page is tested in headless Chromium (ci/internal/report), on every native leg.
browser() {
	local t0=$SECONDS
	if ! command -v chromium >/dev/null; then
		{ as_root apt-get -q -o DPkg::Lock::Timeout=600 update &&
			as_root env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=600 \
				install --no-install-recommends chromium fonts-dejavu-core; } >&2 || return 1
		printf 'installed in %ss; ' $((SECONDS - t0))
	fi
	chromium --version
}
if b=$(browser 2>"$forks/browser.log"); then
	echo "provision: browser: ready ($b)"
else
	echo "provision: browser: FAILED (chromium could not be installed; see $(rel "$forks")/browser.log)"
	rc=1
fi
for leg; do
	dir=$forks/$leg
	mkdir -p "$dir"
	rm -f "$dir/status" "$dir/detail"
	# flock: concurrent runs (e.g. make -j) wait instead of building the same library twice.
	if ! flock "$forks/.$(leg_lib "$leg").lock" "$BASH" "$0" __leg "$leg" >"$dir/provision.log" 2>&1 || [[ ! -s $dir/status ]]; then
		echo "failed: $(tail -n1 "$dir/provision.log" | sed 's/^provision: //')" >"$dir/status"
	fi
	status=$(<"$dir/status")
	case $status in
	ready) echo "provision: $leg: ready ($(<"$dir/detail"))" ;;
	skipped:*) echo "provision: $leg: SKIPPED (${status#skipped: })" ;;
	*) echo "provision: $leg: FAILED (${status#failed: }; see $(rel "$dir")/provision.log)"; rc=1 ;;
	esac
done
exit $rc
