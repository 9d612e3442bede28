#!/bin/sh
# xfsproto.sh - print an mkfs.xfs protofile (xfs_mkfs(8) -p) for a directory tree.
#
# usage: images/real/xfsproto.sh DIR >proto
# The protofile format cannot carry sticky bits, extended attributes, hard
# links or names with white space; the tree must not need the last one.
set -eu

[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
dir=$(cd "$1" && pwd)
if find "$dir" -name '*[[:space:]]*' | grep -q .; then
	echo "xfsproto: names with white space cannot be described:" >&2
	find "$dir" -name '*[[:space:]]*' >&2
	exit 1
fi

printf '/dev/null\n0 0\nd--%s 0 0\n' "$(stat -c %a "$dir" | tail -c 4)"
find "$dir" -mindepth 1 -printf '%d %y %m %U %G %f %p %l\n' | while read -r depth type mode uid gid base path link; do
	case $type in
	b | c) extra=$(stat -c '%Hr %Lr' "$path") ;;
	l) extra=$link ;;
	f) extra=$path type=- ;;
	*) extra='' ;;
	esac
	echo "$depth $type $mode $uid $gid $base $extra"
done | awk '
# Entries of a directory follow it and end with "$" (depth-first order).
function flags(m, t,   s) {
	s = t
	s = s (int(m / 1000) % 10 >= 4 ? "u" : "-")
	s = s (int(m / 1000) % 10 % 4 >= 2 ? "g" : "-")
	return s sprintf("%03d", m % 1000)
}
{
	depth = $1; type = $2; mode = $3
	while (open >= depth) { print "$"; open-- }
	line = $6 " " flags(mode, type == "f" ? "-" : type) " " $4 " " $5
	if (NF > 6) line = line " " $7
	if (NF > 7) line = line " " $8
	print line
	if (type == "d") open = depth
}
END { while (open >= 0) { print "$"; open-- } }
' open=0
