#!/bin/sh
# corpus-tree.sh CASE_DIR
# Print the guest tree of a corpus case: CASE_DIR/root, or, for a case too
# large to keep in git (a 1 GiB grub.cfg, a million BootLoaderSpec
# entries), a new tree its CASE_DIR/generate script writes, which the
# caller removes. Generated trees go to /dev/shm where it is writable
# (creating a million directory entries there takes seconds, not minutes).
set -eu
dir=${1%/}
if [ ! -f "$dir/generate" ]; then
	printf '%s\n' "$dir/root"
	exit 0
fi
tmp=${TMPDIR:-/tmp}
[ -d /dev/shm ] && [ -w /dev/shm ] && tmp=/dev/shm
tree=$(mktemp -d "$tmp/kl-corpus-XXXXXX")
sh "$dir/generate" "$tree" >&2 || { rm -rf "$tree"; exit 1; }
printf '%s\n' "$tree"
