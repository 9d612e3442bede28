#!/bin/sh
# fetch-kernel.sh PACKAGE CACHE OUT
# Download a Debian kernel package by name (a metapackage such as
# linux-image-amd64 is resolved to the image it currently depends on), unpack
# it under CACHE, index its modules with depmod, and leave OUT/vmlinuz,
# OUT/release (uname -r) and OUT/root (the unpacked tree).
set -eu
[ $# -eq 3 ] || { echo "usage: $0 PACKAGE CACHE OUT" >&2; exit 2; }
pkg=$1 cache=$2 out=$3

candidate() { apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2}'; }

if [ -z "$(candidate "$pkg")" ] || [ "$(candidate "$pkg")" = "(none)" ]; then
	echo "fetch-kernel: no candidate for $pkg; refreshing the package lists" >&2
	if [ "$(id -u)" = 0 ]; then apt-get update -qq; else sudo -n apt-get update -qq; fi
fi
concrete=$(apt-cache depends --important "$pkg" 2>/dev/null |
	awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
[ -n "$concrete" ] || concrete=$pkg
version=$(candidate "$concrete")
[ -n "$version" ] && [ "$version" != "(none)" ] || { echo "fetch-kernel: package '$concrete' is not in the archive" >&2; exit 1; }

mkdir -p "$cache/debs" "$out"
deb=$(ls "$cache/debs/${concrete}_"*"$(echo "$version" | sed 's/.*://')"*_amd64.deb 2>/dev/null | head -n1 || true)
if [ -z "$deb" ]; then
	echo "fetch-kernel: downloading $concrete $version" >&2
	(cd "$cache/debs" && apt-get download -q "$concrete=$version" >/dev/null 2>&1) ||
		(cd "$cache/debs" && apt-get download "$concrete=$version")
	deb=$(ls "$cache/debs/${concrete}_"*_amd64.deb | head -n1)
fi

tree="$cache/kernels/$(basename "$deb" .deb)"
if [ ! -f "$tree/.ready" ]; then
	rm -rf "$tree"
	mkdir -p "$tree"
	dpkg-deb -x "$deb" "$tree"
	kver=$(ls "$tree/lib/modules" | head -n1)
	/sbin/depmod -b "$tree" "$kver"
	touch "$tree/.ready"
fi
kver=$(ls "$tree/lib/modules" | head -n1)
cp "$tree/boot/vmlinuz-$kver" "$out/vmlinuz.tmp" && mv "$out/vmlinuz.tmp" "$out/vmlinuz"
ln -sfn "$(cd "$tree" && pwd)" "$out/root"
echo "$kver" > "$out/release"
echo "fetch-kernel: $pkg -> $concrete $version ($kver)" >&2
