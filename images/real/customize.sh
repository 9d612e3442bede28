#!/bin/sh
# customize.sh - mmdebstrap hooks of mkreal.sh: configure the tree and let the
# release's own tools write its boot configuration.
#
# usage: customize.sh early|late TREE VARS
#   early  (essential hook) fstab, hostname, debconf answers: before the kernel
#          and boot loader packages run their maintainer scripts
#   late   (customize hook) /etc/default/grub, update-grub with grub-probe
#          answered for the future disk, grub-install's file copies
set -eu

[ $# -eq 3 ] || { echo "usage: $0 early|late TREE VARS" >&2; exit 2; }
mode=$1
t=$2
name='' pfx='' fs='' grubfs='' uuid='' boot_uuid=''
part_root='' part_boot='' bootloader='' grub_default='' saved_entry=''
# shellcheck source=/dev/null
. "$3"

in_tree() { chroot "$t" "$@"; }

early() {
	echo "$name" >"$t/etc/hostname"
	{
		echo "# <file system> <mount point> <type> <options> <dump> <pass>"
		echo "UUID=$uuid / $fs errors=remount-ro 0 1"
		[ -z "$part_boot" ] || echo "UUID=$boot_uuid /boot ext4 defaults 0 2"
	} >"$t/etc/fstab"
	[ "$fs" = xfs ] && sed -i 's/errors=remount-ro 0 1/defaults 0 0/' "$t/etc/fstab"
	echo 'grub-pc grub-pc/install_devices_empty boolean true' | in_tree debconf-set-selections
	if [ "$bootloader" = grub-legacy ]; then
		mkdir -p "$t/boot/grub"
		echo "(hd0) /dev/vda" >"$t/boot/grub/device.map"
		answers_on
	fi
}

# The answers grub-probe would give on the booted disk; grub-mkconfig calls
# it by absolute path, so it is diverted rather than shadowed in PATH.
probe_wrapper() {
	cat <<EOF
#!/bin/sh
# grub-probe stand-in while the tree has no disk: answers for $name.
target=device arg='' isdev=''
while [ \$# -gt 0 ]; do
	case \$1 in
	--target=*) target=\${1#--target=} ;;
	-t | --target) target=\$2; shift ;;
	-d | --device) isdev=1 ;;
	-*) ;;
	*) [ -n "\$arg" ] || arg=\$1 ;;
	esac
	shift
done
part=$part_root
if [ -n "\$isdev" ]; then
	part=\${arg#/dev/vda}
else
	case \$arg in /boot | /boot/*) part=${part_boot:-$part_root} ;; esac
fi
fsuuid=$uuid fstype=$grubfs
[ "\$part" = "${part_boot:-none}" ] && fsuuid=$boot_uuid fstype=ext2
hint=hd0,$pfx\$part
case \$target in
device) echo /dev/vda\$part ;;
disk) echo /dev/vda ;;
drive) [ -n "\${GRUB_LEGACY_0_BASED_PARTITIONS:-}" ] && echo "(hd0,\$((part - 1)))" || echo "(\$hint)" ;;
fs) echo \$fstype ;;
fs_uuid) echo \$fsuuid ;;
fs_label | partuuid | abstraction | cryptodisk_uuid | efi_hints | arc_hints | ieee1275_hints) ;;
partmap) echo $pfx ;;
compatibility_hint) echo \$hint ;;
bios_hints) echo "--hint-bios=\$hint " ;;
baremetal_hints) echo "--hint-baremetal=ahci0,$pfx\$part " ;;
hints_string) echo "--hint-bios=\$hint --hint-efi=\$hint --hint-baremetal=ahci0,$pfx\$part " ;;
*) echo "grub-probe: no answer for --target=\$target" >&2; exit 1 ;;
esac
EOF
}

# grub-mkrelpath finds the mount point by device numbers; in the tree /boot is
# not a mount point even when the disk will have one. Like the real one it
# strips trailing slashes, so a mount point itself becomes "".
relpath_wrapper() {
	cat <<EOF
#!/bin/sh
# grub-mkrelpath stand-in while the tree has no disk.
for p; do :; done
if [ -n "$part_boot" ]; then
	case \$p in /boot | /boot/*) p=\${p#/boot} ;; esac
fi
while [ "\${p%/}" != "\$p" ]; do p=\${p%/}; done
echo "\$p"
EOF
}

divert() { # PATH CONTENT-FUNCTION
	in_tree dpkg-divert --quiet --local --rename --divert "$1.real" --add "$1"
	"$2" >"$t$1"
	chmod 755 "$t$1"
}

undivert() {
	rm -f "$t$1"
	in_tree dpkg-divert --quiet --local --rename --divert "$1.real" --remove "$1"
}

set_default() { # KEY VALUE: in /etc/default/grub, replacing or appending
	if grep -q "^$1=" "$t/etc/default/grub"; then
		sed -i "s|^$1=.*|$1=$2|" "$t/etc/default/grub"
	else
		echo "$1=$2" >>"$t/etc/default/grub"
	fi
}

# grub-probe and grub-mkrelpath answer for the future disk until answers_off.
answers_on() {
	# 10_linux (and legacy update-grub) write root=UUID= only when
	# /dev/disk/by-uuid/UUID resolves; placeholders stand for the devices.
	[ ! -e "$t/dev/disk" ] || { echo "customize: $t/dev/disk exists" >&2; exit 1; }
	mkdir -p "$t/dev/disk/by-uuid"
	for p in $part_root $part_boot; do touch "$t/dev/vda$p"; done
	ln -s "../../vda$part_root" "$t/dev/disk/by-uuid/$uuid"
	[ -z "$part_boot" ] || ln -s "../../vda$part_boot" "$t/dev/disk/by-uuid/$boot_uuid"
	divert /usr/sbin/grub-probe probe_wrapper
	divert /usr/bin/grub-mkrelpath relpath_wrapper
}

answers_off() {
	undivert /usr/bin/grub-mkrelpath
	undivert /usr/sbin/grub-probe
	rm -rf "$t/dev/disk"
	for p in $part_root $part_boot; do rm -f "$t/dev/vda$p"; done
}

late_grub_pc() {
	# What Debian's cloud images set, but "quiet" dropped so the kernel prints
	# its version and command line, which the boot check compares.
	set_default GRUB_DEFAULT "$grub_default"
	set_default GRUB_TIMEOUT 1
	set_default GRUB_CMDLINE_LINUX_DEFAULT '""'
	set_default GRUB_CMDLINE_LINUX '"console=ttyS0"'
	set_default GRUB_TERMINAL '"console serial"'
	set_default GRUB_SERIAL_COMMAND '"serial --unit=0 --speed=115200"'
	answers_on
	in_tree update-grub
	answers_off
	[ -z "$saved_entry" ] || in_tree grub-set-default "$saved_entry"

	# grub-install's part without a disk: modules into /boot/grub, a core
	# image made by the release's own grub-mkimage; mkreal.sh embeds it.
	gprefix=/boot/grub
	[ -z "$part_boot" ] || gprefix=/grub
	in_tree sh -c 'mkdir -p /boot/grub/i386-pc /boot/grub/fonts &&
		cp /usr/lib/grub/i386-pc/*.mod /usr/lib/grub/i386-pc/*.lst /usr/lib/grub/i386-pc/boot.img /boot/grub/i386-pc/ &&
		cp /usr/share/grub/unicode.pf2 /boot/grub/fonts/'
	in_tree grub-mkimage -O i386-pc -d /usr/lib/grub/i386-pc -o /boot/grub/i386-pc/core.img \
		-p "(,$pfx${part_boot:-$part_root})$gprefix" biosdisk "part_$pfx" "$grubfs"
}

# GRUB legacy's kernel hook runs its update-grub, which asks grub-probe
# (grub-common) too: the answers stay on from the essential hook to here. Its
# first run wrote menu.lst, whose "# kopt=" line is now given the serial
# console and the menu regenerated, as an administrator would.
late_grub_legacy() {
	cp "$t"/usr/lib/grub/*-pc/stage1 "$t"/usr/lib/grub/*-pc/stage2 "$t"/usr/lib/grub/*-pc/e2fs_stage1_5 "$t/boot/grub/"
	[ -f "$t/boot/grub/menu.lst" ] || in_tree update-grub
	sed -i -e 's|^# kopt=\(.*\)|# kopt=\1 console=ttyS0|' -e 's|^# defoptions=.*|# defoptions=|' "$t/boot/grub/menu.lst"
	in_tree update-grub
	answers_off
	# The device placeholders hid the root filesystem's type from the
	# initramfs fsck hook while the kernel was installed.
	in_tree update-initramfs -u -k all
}

case $mode in
early) early ;;
late) "late_$(echo "$bootloader" | tr - _)" ;;
*) echo "usage: $0 early|late TREE VARS" >&2; exit 2 ;;
esac
