#!/bin/sh
# build-loader-kernel.sh FRAGMENT CACHE OUT
# Build the purpose-built loader kernel from Debian's kernel source package:
# allnoconfig plus FRAGMENT: bzImage, and the drivers the fragment makes
# modules, installed with their index under OUT/root/lib/modules. The result is
# kept under CACHE by source version and fragment checksum, so a machine builds
# it once; OUT/vmlinuz, OUT/root and OUT/release (uname -r) are left behind.
set -eu
[ $# -eq 3 ] || { echo "usage: $0 FRAGMENT CACHE OUT" >&2; exit 2; }
fragment=$1 cache=$2 out=$3
pkg=${LOADER_KERNEL_SRC_PKG:-linux-source-6.1}

version=$(apt-cache policy "$pkg" 2>/dev/null | awk '/Candidate:/ {print $2}')
if [ -z "$version" ] || [ "$version" = "(none)" ]; then
	echo "build-loader-kernel: no candidate for $pkg; refreshing the package lists" >&2
	if [ "$(id -u)" = 0 ]; then apt-get update -qq; else sudo -n apt-get update -qq; fi
	version=$(apt-cache policy "$pkg" 2>/dev/null | awk '/Candidate:/ {print $2}')
fi
[ -n "$version" ] && [ "$version" != "(none)" ] || { echo "build-loader-kernel: '$pkg' is not in the archive" >&2; exit 1; }

# The key: the fragment's settings (not its comments) and this script.
key=$( (grep -E '^CONFIG_|^# CONFIG_.* is not set$' "$fragment"; cat "$0") | sha256sum | cut -c1-12)
dir="$cache/built-kernel/$pkg-$version-$key"
if [ ! -f "$dir/.ready" ]; then
	mkdir -p "$cache/debs"
	deb=$(ls "$cache/debs/${pkg}_${version}_all.deb" 2>/dev/null || true)
	if [ -z "$deb" ]; then
		echo "build-loader-kernel: downloading $pkg $version" >&2
		(cd "$cache/debs" && apt-get download -q "$pkg=$version" >/dev/null 2>&1) ||
			(cd "$cache/debs" && apt-get download "$pkg=$version")
		deb="$cache/debs/${pkg}_${version}_all.deb"
	fi
	src="$cache/kernel-src/$pkg-$version"
	if [ ! -f "$src/.ready" ]; then
		echo "build-loader-kernel: unpacking $pkg $version" >&2
		rm -rf "$src"
		mkdir -p "$src"
		dpkg-deb --fsys-tarfile "$deb" | tar -x -O --wildcards '*/linux-source-*.tar.xz' |
			tar -xJ -C "$src" --strip-components=1
		touch "$src/.ready"
	fi

	obj="$dir/obj"
	rm -rf "$dir"
	mkdir -p "$obj"
	make -s -C "$src" O="$(cd "$obj" && pwd)" allnoconfig >/dev/null
	"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "$fragment" >/dev/null
	make -s -C "$src" O="$(cd "$obj" && pwd)" olddefconfig >/dev/null
	# A symbol whose dependencies are missing is dropped silently by Kconfig;
	# the loader would then lack a driver, so that is an error here.
	lost=$(grep -o '^CONFIG_[A-Za-z0-9_]*=.*' "$fragment" | while read -r line; do
		grep -qxF "$line" "$obj/.config" || echo "$line"
	done; sed -n 's/^# \(CONFIG_[A-Za-z0-9_]*\) is not set$/\1/p' "$fragment" | while read -r sym; do
		! grep -q "^$sym=" "$obj/.config" || echo "$sym (selected by another option)"
	done)
	[ -z "$lost" ] || { echo "build-loader-kernel: $fragment: not taken by Kconfig:" $lost >&2; exit 1; }
	echo "build-loader-kernel: building $pkg $version with $(basename "$fragment") (once per machine)" >&2
	make -s -C "$src" O="$(cd "$obj" && pwd)" -j"$(nproc)" bzImage modules >"$dir/build.log" 2>&1 ||
		{ tail -n 30 "$dir/build.log" >&2; exit 1; }
	make -s -C "$src" O="$(cd "$obj" && pwd)" INSTALL_MOD_PATH="$(cd "$dir" && pwd)/root" \
		INSTALL_MOD_STRIP=1 DEPMOD=/sbin/depmod modules_install >>"$dir/build.log" 2>&1 ||
		{ tail -n 30 "$dir/build.log" >&2; exit 1; }
	rm -f "$dir"/root/lib/modules/*/build "$dir"/root/lib/modules/*/source # links into obj, removed below
	cp "$obj/arch/x86/boot/bzImage" "$dir/vmlinuz"
	make -s -C "$src" O="$(cd "$obj" && pwd)" kernelrelease >"$dir/release"
	cp "$obj/.config" "$dir/config"
	rm -rf "$obj"
	touch "$dir/.ready"
fi

mkdir -p "$out"
cp "$dir/vmlinuz" "$out/vmlinuz"
cp "$dir/config" "$out/config"
cp "$dir/release" "$out/release"
rm -rf "$out/root"
cp -a "$dir/root" "$out/root"
