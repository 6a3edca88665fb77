#!/usr/bin/env bash
# Fetch .deb files from a newer Debian suite (sid by default; APT_SUITE=trixie etc.) without
# touching the host: a private apt configuration under .forks/.apt-<suite>/ with its own
# sources, lists, cache and (empty) dpkg status. Nothing is installed; callers unpack with dpkg -x.
#
#   ci/apt-sid.sh update          refresh the private package lists
#   ci/apt-sid.sh download PKG... download into $APT_DEST (default .forks/.apt-<suite>/debs),
#                                 print one .deb path per package on stdout
#
# Lists younger than APT_MAX_AGE_MIN minutes (default 1440) are reused, and a .deb already
# downloaded is not fetched again, so repeated runs stay offline.
# Release signatures are checked against debian-archive-keyring.gpg, then also against the
# host's newer Debian keys in /etc/apt/trusted.gpg.d; unsigned access needs APT_ALLOW_INSECURE=1.
set -euo pipefail

suite=${APT_SUITE:-sid}
mirror=${APT_MIRROR:-http://deb.debian.org/debian}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=$root/.forks/.apt-$suite
dest=${APT_DEST:-$dir/debs}
arch=$(dpkg --print-architecture)

mkdir -p "$dir"/{state/lists/partial,cache/archives/partial,etc/apt.conf.d,etc/preferences.d} \
	"$dir/etc/sources.list.d" "$dest"
touch "$dir/state/status" # empty dpkg status: the host's installed packages are irrelevant here

# APT_CONFIG is read before /etc/apt and points Dir::Etc::Parts and ::Main away from it, so none
# of the host's sources, pins, hooks or extra index targets apply (a proxy still can, through
# http_proxy). Sandbox user root because _apt may not be allowed to write into the checkout.
cat >"$dir/apt.conf" <<CONF
Dir::Etc::Main "/dev/null";
Dir::Etc::Parts "$dir/etc/apt.conf.d";
Dir::Etc::SourceList "$dir/etc/sources.list";
Dir::Etc::SourceParts "$dir/etc/sources.list.d";
Dir::Etc::Preferences "$dir/etc/preferences";
Dir::Etc::PreferencesParts "$dir/etc/preferences.d";
Dir::State "$dir/state";
Dir::State::status "$dir/state/status";
Dir::Cache "$dir/cache";
Acquire::Check-Valid-Until "false";
Acquire::Languages "none";
APT::Sandbox::User "root";
APT::Architecture "$arch";
APT::Architectures { "$arch"; };
CONF
export APT_CONFIG=$dir/apt.conf

# Try each trust option in turn, strictest first; the one that worked stays in sources.list.
update() {
	local keys=(/usr/share/keyrings/debian-archive-keyring.gpg) k opt
	for k in /etc/apt/trusted.gpg.d/debian-archive-*.asc; do [[ -e $k ]] && keys+=("$k"); done
	local trusts=("signed-by=${keys[0]}")
	[[ ${#keys[@]} -gt 1 ]] && trusts+=("signed-by=$(IFS=,; echo "${keys[*]}")")
	[[ ${APT_ALLOW_INSECURE:-0} == 1 ]] && trusts+=("trusted=yes")
	for opt in "${trusts[@]}"; do
		echo "deb [arch=$arch $opt] $mirror $suite main" >"$dir/etc/sources.list"
		# apt-get update exits 0 on some signature problems (it only warns): check W:/E: too.
		if apt-get -q update >"$dir/update.log" 2>&1 && ! grep -qE '^(W|E): ' "$dir/update.log"; then
			[[ $opt == trusted=yes ]] && echo "apt-sid: WARNING: $suite Release NOT verified (APT_ALLOW_INSECURE=1)" >&2
			touch "$dir/updated"
			return 0
		fi
	done
	cat "$dir/update.log" >&2
	echo "apt-sid: cannot fetch or verify $suite from $mirror (APT_ALLOW_INSECURE=1 skips verification)" >&2
	return 1
}

fresh() { [[ -n $(find "$dir/updated" -mmin "-${APT_MAX_AGE_MIN:-1440}" 2>/dev/null) ]]; }

download() {
	fresh || update
	local pkg info ver a deb
	for pkg in "$@"; do
		info=$(apt-cache show --no-all-versions "$pkg" 2>/dev/null || true)
		ver=$(sed -n 's/^Version: //p' <<<"$info")
		a=$(sed -n 's/^Architecture: //p' <<<"$info")
		[[ -n $ver ]] || { echo "apt-sid: no package $pkg in $suite" >&2; return 1; }
		deb=$dest/${pkg}_${ver//:/%3a}_$a.deb # the name apt-get download gives it
		[[ -s $deb ]] || (cd "$dest" && apt-get -q download "$pkg" >&2)
		echo "$deb"
	done
}

case ${1:-}:$# in
update:1) update ;;
download:1 | :0) sed -n '6,8s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
download:*) shift; download "$@" ;;
*) sed -n '6,8s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
esac
