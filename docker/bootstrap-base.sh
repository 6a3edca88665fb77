#!/usr/bin/env bash
# Build the Debian base images the leg Dockerfiles start from, on a host without an image
# registry: debootstrap --variant=minbase + docker import. Every step is idempotent: a package
# already installed, a daemon already answering, a handler already registered or an image tag
# already present is left as it is, so a second run does nothing and touches no network.
#
#   docker/bootstrap-base.sh [ARCH...]     ARCH: amd64 (default) and/or arm64
#   SUITES="bookworm sid" docker/bootstrap-base.sh amd64 arm64
#   SUITES=' ' docker/bootstrap-base.sh arm64     host packages, daemon and binfmt only
#
# Tags: forkcrypto/debian:<suite>-<arch> for every arch (docker import labels every image with
# the host's arch, so the arch must be in the tag), and debian:<suite> for the host's own arch,
# so that a Dockerfile's plain `FROM debian:<suite>` works here exactly as with a registry.
# The leg Dockerfiles take ARG BASE (default debian:<suite>); docker-matrix passes the arch tag.
# Needs root for apt-get, debootstrap, dockerd and binfmt_misc (through sudo when not root).
set -euo pipefail

SUITES=${SUITES:-"bookworm trixie sid"}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
(($#)) || set -- amd64
host_arch=$(dpkg --print-architecture)
log() { echo "bootstrap-base: $*" >&2; }
as_root() { if ((EUID == 0)); then "$@"; else sudo -n "$@"; fi; }

# 1. Host packages. apt-get update only when one is missing, so a ready host stays offline.
#    docker.io: the daemon (and a client); debootstrap: the root file systems;
#    qemu-user-static + binfmt-support: run arm64 binaries (debootstrap's second stage, and
#    later gcc and the test binaries) on an amd64 host.
#    A host that already has a Docker engine (e.g. a CI runner's docker-ce) keeps it.
need=(debootstrap debian-archive-keyring)
command -v dockerd >/dev/null || need+=(docker.io)
for a; do [[ $a == "$host_arch" ]] || need+=(qemu-user-static binfmt-support); done
missing=()
for p in "${need[@]}"; do
	[[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) == *" installed" ]] || missing+=("$p")
done
if ((${#missing[@]})); then
	log "installing ${missing[*]}"
	as_root apt-get -q -o DPkg::Lock::Timeout=600 update >&2
	as_root env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=600 \
		install --no-install-recommends "${missing[@]}" >&2
fi

# 2. A daemon. Where systemd runs docker.io's unit has already started it; in a container or a
#    host without systemd, start dockerd in the background and wait for it to answer.
if ! docker info >/dev/null 2>&1; then
	log "no docker daemon answers; starting dockerd (log: /var/log/dockerd.log)"
	as_root sh -c 'nohup dockerd >/var/log/dockerd.log 2>&1 &'
	for _ in $(seq 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
	docker info >/dev/null 2>&1 || { tail -n 20 /var/log/dockerd.log >&2; log "dockerd did not come up"; exit 1; }
fi

# 3. The arm64 binfmt handler, with the F (fix binary) flag so that it works inside containers
#    whose file system has no qemu. binfmt-support registers it at install time where
#    binfmt_misc is mounted; otherwise mount binfmt_misc and register it here.
need_binfmt=0
for a; do [[ $a == arm64 && $host_arch != arm64 ]] && need_binfmt=1; done
if ((need_binfmt)) && [[ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]]; then
	[[ -e /proc/sys/fs/binfmt_misc/register ]] || as_root mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
	if [[ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]]; then
		log "registering qemu-aarch64 in binfmt_misc"
		as_root update-binfmts --enable qemu-aarch64 2>/dev/null || true
	fi
	if [[ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]]; then
		magic='\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00'
		mask='\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff'
		echo ":qemu-aarch64:M::$magic:$mask:/usr/bin/qemu-aarch64-static:F" | as_root tee /proc/sys/fs/binfmt_misc/register >/dev/null
	fi
fi

# 4. One image per suite and arch, only when its tag is missing.
#    minbase: essential packages + apt, nothing else (the legs add what a user would install).
#    sid's Release may be past Valid-Until by a skewed clock: do not check it (in the image too).
#    The image's sources list only <suite> main, which is all the legs need.
for arch in "$@"; do
	for suite in $SUITES; do
		tag=forkcrypto/debian:$suite-$arch
		if docker image inspect "$tag" >/dev/null 2>&1; then
			log "$tag: present"
		else
			t0=$SECONDS
			root=$(as_root mktemp -d /var/tmp/forkcrypto-rootfs.XXXXXX)
			log "$tag: debootstrap --variant=minbase --arch=$arch $suite (log: $root.log)"
			# shellcheck disable=SC2064 # expand now: this iteration's root
			trap "as_root rm -rf '$root'" EXIT
			if ! as_root debootstrap --variant=minbase --arch="$arch" "$suite" "$root" "$MIRROR" 2>&1 | as_root tee "$root.log" >/dev/null; then
				as_root tail -n 20 "$root.log" >&2
				log "$tag: debootstrap failed"
				exit 1
			fi
			echo 'Acquire::Check-Valid-Until "false";' | as_root tee "$root/etc/apt/apt.conf.d/99no-valid-until" >/dev/null
			as_root sh -c "rm -rf '$root'/var/cache/apt/archives/*.deb '$root'/var/lib/apt/lists/*"
			as_root tar -C "$root" -c . | docker import \
				-c 'CMD ["/bin/bash"]' -c 'ENV LANG=C.UTF-8' - "$tag" >/dev/null
			as_root rm -rf "$root" "$root.log"
			trap - EXIT
			log "$tag: imported in $((SECONDS - t0))s"
		fi
		# The host's arch also gets the registry name, so `FROM debian:<suite>` resolves locally.
		if [[ $arch == "$host_arch" ]] && ! docker image inspect "debian:$suite" >/dev/null 2>&1; then
			docker tag "$tag" "debian:$suite"
			log "debian:$suite -> $tag"
		fi
	done
done
