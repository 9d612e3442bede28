#!/bin/sh
# seeds.sh TARGET DIR
# Fill DIR with TARGET's seeds: the corpus's files of that format and the
# inputs that once crashed it (loader/fuzz/regressions/TARGET/). Shared by
# the libFuzzer and AFL++ runners so both start from the same inputs.
set -u
t=$1 seeds=$2
mkdir -p "$seeds"
case $t in
grub2) pat='*/grub/grub.cfg' ;;
grub1) pat='*/grub/menu.lst' ;;
bls) pat='*/loader/entries/*.conf' ;;
extlinux) pat='*linux*/*.c*' ;;
fstab) pat='*/etc/fstab' ;;
*) pat='' ;;
esac
if [ -n "$pat" ]; then
	find corpus -path "$pat" -type f 2>/dev/null | head -n 500 | while read -r f; do
		cp "$f" "$seeds/$(echo "$f" | tr '/' '_')"
	done
fi
for old in loader/fuzz/regressions/"$t"/*; do
	[ -f "$old" ] && cp "$old" "$seeds/"
done
# AFL++ refuses an empty input directory; any byte is a start.
[ -n "$(ls -A "$seeds")" ] || printf 'x' >"$seeds/empty"
exit 0
