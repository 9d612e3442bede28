#!/bin/sh
# grub-legacy-setup.sh - install GRUB legacy's stage1 and stage1.5 into a disk
# image with the release's own grub shell ("setup (hd0)"), as grub-install does.
#
# usage: images/real/grub-legacy-setup.sh TREE DISK
# The shell runs in TREE and reaches DISK through a hard link and a device
# map naming it (hd0); the stages it installs are read from DISK's own
# filesystem, (hd0,0)/boot/grub.
set -eu

[ $# -eq 2 ] || { echo "usage: $0 TREE DISK" >&2; exit 2; }
tree=$1
disk=$2
link=$tree/grub-legacy-setup.disk
rm -f "$link"
ln "$disk" "$link"
trap 'rm -f "$link" "$tree/grub-legacy-setup.map"' EXIT
echo "(hd0) /grub-legacy-setup.disk" >"$tree/grub-legacy-setup.map"
# Debian's grub shell is a 32-bit binary; a host kernel without IA-32
# emulation cannot run it, so it runs under QEMU's user-mode emulator then.
run=''
if ! chroot "$tree" /usr/sbin/grub --version >/dev/null 2>&1; then
	emu=$(command -v qemu-i386-static) || {
		echo "grub-legacy-setup: this kernel cannot run the 32-bit grub shell and qemu-i386-static is missing (apt-get install qemu-user-static)" >&2
		exit 1
	}
	cp "$emu" "$tree/grub-legacy-setup.qemu"
	run=/grub-legacy-setup.qemu
fi
trap 'rm -f "$link" "$tree/grub-legacy-setup.map" "$tree/grub-legacy-setup.qemu"' EXIT
out=$(printf 'root (hd0,0)\nsetup (hd0)\nquit\n' |
	chroot "$tree" $run /usr/sbin/grub --batch --no-floppy --device-map=/grub-legacy-setup.map 2>&1)
echo "$out"
echo "$out" | grep -q '^Done\.' || echo "$out" | grep -q 'succeeded' || {
	echo "grub-legacy-setup: setup (hd0) failed" >&2
	exit 1
}
