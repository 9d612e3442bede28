#!/bin/sh
# run.sh - build the real images whose spec names match REAL (a glob), one at
# a time, then boot each by the loader and by its own GRUB (realboot).
#
# usage: images/real/run.sh [BUILD]   (REAL='bookworm-*' for a subset)
set -eu

build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
glob=${REAL:-*}
mkdir -p "$build/logs" "$build/real"
imgs=''
for spec in "$here"/$glob.spec; do
	[ -f "$spec" ] || { echo "run.sh: no spec matches '$glob'" >&2; exit 1; }
	n=$(basename "$spec" .spec)
	start=$(date +%s)
	"$here/mkreal.sh" "$spec" "$build/real" "${build}-real" >"$build/logs/real-$n.build.log" 2>&1 || {
		tail -20 "$build/logs/real-$n.build.log" >&2
		echo "run.sh: building $n failed; log: $build/logs/real-$n.build.log" >&2
		exit 1
	}
	echo "# real-$n: image ready in $(($(date +%s) - start)) s ($(tail -1 "$build/logs/real-$n.build.log"))"
	imgs="$imgs $build/real/real-$n.img"
done
# shellcheck disable=SC2086 # one word per image
exec "$build/real/realboot" --logs "$build/logs" --work "${build}-real" \
	--results "$build/real/results.tsv" --kernel "$build/vmlinuz" \
	--initrd "$build/kexec-loader.initrd" ${REALBOOT_FLAGS:-} $imgs
