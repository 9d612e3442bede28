#!/bin/sh
# selftest.sh - realboot's verdicts on canned serial consoles, without QEMU.
#
# usage: harness/real/selftest.sh build/real/realboot
# A stand-in QEMU prints, per image name, what a loader boot (-kernel given)
# or a GRUB boot would; each case checks realboot's TAP line.
set -eu

[ $# -eq 1 ] || { echo "usage: $0 REALBOOT" >&2; exit 2; }
rb=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT

cat >"$d/qemu-img" <<'EOF'
#!/bin/sh
for a; do last=$a; done
: >"$last"
EOF
cat >"$d/qemu" <<'EOF'
#!/bin/sh
# The case is the overlay's name: DIR/real-CASE.loader.qcow2.
for a; do case $a in file=*) c=${a#file=*/real-}; c=${c%%.*} ;; esac; done
boot=grub
case " $* " in *" -kernel "*) boot=loader ;; esac
kver=6.1.0-9-cloud-amd64 cmd='BOOT_IMAGE=/boot/vmlinuz root=UUID=1 ro console=ttyS0'
[ "$boot" = loader ] && echo 'kexec-loader: [1.0] started'
case $c-$boot in
hang-loader) sleep 30 ;;
older-*) kver=6.1.0-8-cloud-amd64 ;;
differ-grub) cmd="$cmd quiet" ;;
space-*) cmd="$cmd " ;;     # GRUB legacy's menu.lst leaves a trailing space
dropspace-grub) cmd="$cmd " ;;
esac
[ "$boot" = loader ] && [ "$c" != nomarker ] && cmd="$cmd kexec_loader.kexeced=1"
printf '[    0.000000] Linux version %s (debian-kernel@lists.debian.org) #1 SMP\r\n' "$kver"
printf '[    0.000000] Command line: %s\r\n' "$cmd"
printf '\r\nDebian GNU/Linux 12 host ttyS0\r\n\r\nhost login: '
sleep 30
EOF
chmod +x "$d/qemu" "$d/qemu-img"
: >"$d/vmlinuz"
: >"$d/initrd"
for c in agree nomarker differ hang older space dropspace; do
	: >"$d/real-$c.img"
	printf 'name=real-%s\nrelease=bookworm\ndebian_version=12.0\ngrub_version=2.06\n' "$c" >"$d/real-$c.info"
done
echo 'expect_kernel=6.1.0-9-cloud-amd64' >>"$d/real-older.info"

tap=$("$rb" --qemu "$d/qemu" --qemu-img "$d/qemu-img" --kernel "$d/vmlinuz" --initrd "$d/initrd" \
	--logs "$d" --work "$d" --results "$d/results.tsv" --timeout 3 \
	"$d/real-agree.img" "$d/real-nomarker.img" "$d/real-differ.img" "$d/real-hang.img" \
	"$d/real-older.img" "$d/real-space.img" "$d/real-dropspace.img") && rc=0 || rc=$?
out=$tap

n=0 failed=0
expect() { # PATTERN: a line of realboot's output must match
	n=$((n + 1))
	if echo "$out" | grep -q -- "$1"; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		failed=1
	fi
}
echo "1..10"
expect '^ok 1 - real-agree kernel=6.1.0-9-cloud-amd64 loader=[0-9]*s grub=[0-9]*s$'
expect "^not ok 2 - real-nomarker .*lacks the marker 'kexec_loader.kexeced=1'"
expect '^not ok 3 - real-differ .*# the boots differ'
expect '^not ok 4 - real-hang .*# loader boot: no login: within 3 s'
expect '^not ok 5 - real-older .*# both booted 6.1.0-8-cloud-amd64, the spec expects 6.1.0-9-cloud-amd64'
expect '^ok 6 - real-space '
expect '^not ok 7 - real-dropspace .*# the boots differ'
n=$((n + 1))
if [ "$rc" -eq 1 ]; then echo "ok $n - exit status 1 when a case fails"; else echo "not ok $n - exit status $rc"; failed=1; fi
out=$(cat "$d/results.tsv")
expect '^real-agree	bookworm 12.0	6.1.0-9-cloud-amd64	2.06	login	login	yes	[0-9]*$'
expect '^real-hang	bookworm 12.0	6.1.0-9-cloud-amd64	2.06	fail	login	no	3$'
[ "$failed" -eq 0 ] || echo "$tap" | sed 's/^/# realboot: /'

exit "$failed"
