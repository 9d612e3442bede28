#!/bin/sh
# fetch-deb-file.sh PACKAGE PATH CACHE OUT
# Download a Debian package by name into CACHE (once) and copy one file
# of it to OUT, without installing it: e.g. grub-legacy's stage2_eltorito,
# the real GRUB legacy the harness compares the loader with.
set -eu
[ $# -eq 4 ] || { echo "usage: $0 PACKAGE PATH CACHE OUT" >&2; exit 2; }
pkg=$1 path=$2 cache=$3 out=$4
mkdir -p "$cache/debs" "$(dirname "$out")"
deb=$(ls "$cache/debs/${pkg}_"*.deb 2>/dev/null | head -n1 || true)
if [ -z "$deb" ]; then
	(cd "$cache/debs" && apt-get download -q "$pkg" >/dev/null 2>&1) || {
		echo "fetch-deb-file: refreshing the package lists for $pkg" >&2
		if [ "$(id -u)" = 0 ]; then apt-get update -qq; else sudo -n apt-get update -qq; fi
		(cd "$cache/debs" && apt-get download -q "$pkg")
	}
	deb=$(ls "$cache/debs/${pkg}_"*.deb | head -n1)
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dpkg-deb -x "$deb" "$tmp"
[ -f "$tmp/$path" ] || { echo "fetch-deb-file: $deb has no $path" >&2; exit 1; }
cp "$tmp/$path" "$out"
