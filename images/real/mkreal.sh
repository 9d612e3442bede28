#!/bin/sh
# mkreal.sh - build one real Debian disk image from images/real/NAME.spec.
#
# usage: images/real/mkreal.sh SPEC OUT WORK
#   OUT  gets real-NAME.img (raw disk) and real-NAME.info (key=value facts);
#        OUT/debs/RELEASE caches the downloaded packages, OUT/apt/RELEASE the
#        indices used to key the image by the versions it would install.
#   WORK is scratch space for the root tree (removed on success).
#
# The tree is made by mmdebstrap as root without mounting the image; grub.cfg
# comes from the release's own update-grub, told by a grub-probe stand-in what
# the disk will look like; the filesystem is made from the tree (mke2fs -d,
# mkfs.xfs -p) and written at its partition's offset with dd.
set -eu

[ $# -eq 3 ] || { echo "usage: $0 SPEC OUT WORK" >&2; exit 2; }
spec=$1
mkdir -p "$2" "$3"
out=$(cd "$2" && pwd)
work=$(cd "$3" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
mirror=${REAL_MIRROR:-http://deb.debian.org/debian}
security=${REAL_SECURITY:-http://deb.debian.org/debian-security}
keyring=${REAL_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}

die() { echo "mkreal: $*" >&2; exit 1; }

# --- the spec ------------------------------------------------------------------
name=real-$(basename "$spec" .spec)
release='' table=msdos fs=ext4 uuid='' boot_uuid='' packages=''
bootloader=grub-pc grub_default=0 saved_entry='' expect_kernel=''
lineno=0
while IFS= read -r line || [ -n "$line" ]; do
	lineno=$((lineno + 1))
	case $line in '#'* | '') continue ;; esac
	key=${line%%=*}
	val=${line#*=}
	case $key in
	release) release=$val ;;
	table) table=$val ;;
	fs) fs=$val ;;
	uuid) uuid=$val ;;
	boot_uuid) boot_uuid=$val ;;
	packages) packages=$val ;;
	bootloader) bootloader=$val ;;
	grub_default) grub_default=$val ;;
	saved_entry) saved_entry=$val ;;
	expect_kernel) expect_kernel=$val ;;
	*) die "$spec:$lineno: unknown key '$key'" ;;
	esac
done <"$spec"
if [ -z "$release" ] || [ -z "$uuid" ] || [ -z "$packages" ]; then
	die "$spec: release, uuid and packages are required"
fi
case $table in msdos | gpt) ;; *) die "$spec: table must be msdos or gpt" ;; esac
case $fs in ext3 | ext4) grubfs=ext2 ;; xfs) grubfs=xfs ;; *) die "$spec: fs must be ext3, ext4 or xfs" ;; esac
case $bootloader in grub-pc | grub-legacy) ;; *) die "$spec: bootloader must be grub-pc or grub-legacy" ;; esac

# Partitions: GPT gets a BIOS boot partition first for core.img.
part_bios='' part_boot='' part_root=1
[ "$table" = gpt ] && part_bios=1 part_root=2
if [ -n "$boot_uuid" ]; then
	part_boot=$part_root
	part_root=$((part_root + 1))
fi
[ "$table" = gpt ] && pfx=gpt || pfx=msdos

sources="deb $mirror $release main
deb $mirror $release-updates main
deb $security $release-security main"
include="$packages initramfs-tools systemd-sysv udev login e2fsprogs $bootloader"
[ "$fs" = xfs ] && include="$include xfsprogs"

# --- the cache key: spec, scripts and the versions apt would install -----------
aptdir=$out/apt/$release
mkdir -p "$aptdir/lists/partial" "$aptdir/cache/archives/partial" "$aptdir/parts" "$out/debs/$release"
: >"$aptdir/status"
echo "$sources" | sed "s|^deb |deb [signed-by=$keyring] |" >"$aptdir/sources.list"
apt_get() {
	apt-get -q -o Dir::State::Lists="$aptdir/lists" -o Dir::State::status="$aptdir/status" \
		-o Dir::Cache="$aptdir/cache" -o Dir::Etc::SourceList="$aptdir/sources.list" \
		-o Dir::Etc::SourceParts="$aptdir/parts" -o Dir::Etc::Preferences=/dev/null \
		-o Dir::Etc::PreferencesParts="$aptdir/parts" -o APT::Architecture=amd64 \
		-o APT::Architectures::=amd64 -o APT::Install-Recommends=false -o Debug::NoLocking=1 "$@"
}
# REAL_OFFLINE=1 keys by the indices fetched last time, without the network.
if [ "${REAL_OFFLINE:-0}" != 1 ]; then
	apt_get update >"$aptdir/update.log" 2>&1 || { cat "$aptdir/update.log" >&2; die "apt-get update for $release failed"; }
fi
# shellcheck disable=SC2086 # word splitting of the package list is intended
versions=$(apt_get -s install $include | sed -n 's/^Inst \([^ ]*\) (\([^ ]*\) .*/\1=\2/p' | sort)
[ -n "$versions" ] || die "cannot resolve '$include' in $release"
# The scripts that shape the image are part of the key; run.sh is not.
key=$( { cat "$spec" "$0" "$here/customize.sh" "$here/xfsproto.sh" "$here/grub-legacy-setup.sh"
	echo "$versions"; } | sha256sum | cut -c1-16)
img=$out/$name-$key.img
if [ -f "$img" ] && [ -f "$out/$name-$key.info" ]; then
	ln -sf "$name-$key.img" "$out/$name.img"
	ln -sf "$name-$key.info" "$out/$name.info"
	echo "mkreal: $name: cached ($key)"
	exit 0
fi
echo "mkreal: $name: building $key"

# --- the tree ------------------------------------------------------------------
tree=$work/$name.tree
# An interrupted mmdebstrap may leave /proc, /sys or /dev/pts mounted there.
if grep -q " $tree/" /proc/self/mounts; then
	die "'$tree' still has mounts; unmount them before building again"
fi
rm -rf "$tree" "$tree.boot"
mkdir -p "$work"
vars=$work/$name.vars
cat >"$vars" <<EOF
name='$name' release='$release' table='$table' pfx='$pfx' fs='$fs' grubfs='$grubfs'
uuid='$uuid' boot_uuid='$boot_uuid' part_root='$part_root' part_boot='$part_boot'
part_bios='$part_bios' bootloader='$bootloader' grub_default='$grub_default'
saved_entry='$saved_entry'
EOF
debs=$out/debs/$release
# shellcheck disable=SC2016 # $1 is expanded by mmdebstrap's hook shell
mmdebstrap --mode=root --variant=minbase --format=directory --keyring="$keyring" \
	--include="$(echo "$include" | tr ' ' ',')" \
	--skip=download/empty --skip=essential/unlink \
	--setup-hook='mkdir -p "$1"/var/cache/apt/archives/' \
	--setup-hook="sync-in $debs /var/cache/apt/archives/" \
	--essential-hook="$here/customize.sh early \"\$1\" $vars" \
	--customize-hook="$here/customize.sh late \"\$1\" $vars" \
	--customize-hook="sync-out /var/cache/apt/archives $debs" \
	--customize-hook='rm -f "$1"/var/cache/apt/archives/*.deb' \
	"$release" "$tree" "$sources"

# --- the filesystems and the disk ----------------------------------------------
# MiB sizes: the tree plus room to boot and write logs.
size_of() { echo $(($(du -sm "$1" | cut -f1) * 13 / 10 + 256)); }

# mkfs_tree DIR UUID OUT: a filesystem image of DIR, the release's own mke2fs
# defaults (its /etc/mke2fs.conf), so old GRUBs and e2fsck see what they know.
mkfs_tree() {
	sz=$(size_of "$1")
	rm -f "$3"
	truncate -s "${sz}M" "$3"
	case $fs in
	ext3 | ext4)
		MKE2FS_CONFIG=$tree/etc/mke2fs.conf mke2fs -q -F -t "$fs" -U "$2" -d "$1" "$3"
		;;
	xfs)
		"$here/xfsproto.sh" "$1" >"$3.proto"
		mkfs.xfs -q -f -m uuid="$2" -p "$3.proto" "$3"
		rm -f "$3.proto"
		;;
	esac
}

if [ -n "$part_boot" ]; then
	mv "$tree/boot" "$tree.boot"
	mkdir -m 755 "$tree/boot"
	mkfs_tree "$tree.boot" "$boot_uuid" "$work/$name.bootfs"
fi
mkfs_tree "$tree" "$uuid" "$work/$name.rootfs"

mib() { echo $(($(stat -c %s "$1") / 1048576)); }
start=1
layout=''
if [ -n "$part_bios" ]; then
	layout="start=${start}MiB, size=1MiB, type=21686148-6449-6E6F-744E-656564454649, name=bios
"
	start=$((start + 1))
fi
boot_start='' root_start='' root_flag=''
linux_type=83 label=dos label_id=0x$(echo "$uuid" | cut -c1-8)
if [ "$table" = gpt ]; then
	linux_type=0FC63DAF-8483-4772-8E79-3D69D8477DE4 label=gpt label_id=$uuid
fi
if [ -n "$part_boot" ]; then
	boot_start=$start
	layout="${layout}start=${start}MiB, size=$(mib "$work/$name.bootfs")MiB, type=$linux_type, bootable
"
	start=$((start + $(mib "$work/$name.bootfs")))
elif [ "$table" = msdos ]; then
	root_flag=', bootable'
fi
root_start=$start
layout="${layout}start=${start}MiB, size=$(mib "$work/$name.rootfs")MiB, type=$linux_type$root_flag"
end=$((start + $(mib "$work/$name.rootfs") + 1))

tmp=$img.tmp
trap 'rm -f "$tmp"' EXIT
rm -f "$tmp"
truncate -s "${end}M" "$tmp"
printf 'label: %s\nlabel-id: %s\n%s\n' "$label" "$label_id" "$layout" | sfdisk -q --no-reread --no-tell-kernel "$tmp" >/dev/null
[ -n "$boot_start" ] && dd if="$work/$name.bootfs" of="$tmp" bs=1M seek="$boot_start" conv=notrunc,sparse status=none
dd if="$work/$name.rootfs" of="$tmp" bs=1M seek="$root_start" conv=notrunc,sparse status=none

# --- the boot loader in the MBR, as grub-install/grub-bios-setup would put it --
put_le() { # FILE OFFSET VALUE BYTES: little-endian VALUE at byte OFFSET
	v=$3 i=0 bytes=''
	while [ "$i" -lt "$4" ]; do
		bytes="$bytes$(printf '\\%03o' $((v & 255)))"
		v=$((v >> 8))
		i=$((i + 1))
	done
	# shellcheck disable=SC2059 # the format is the escaped bytes
	printf "$bytes" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}
if [ "$bootloader" = grub-pc ]; then
	gdir=$tree.boot/grub/i386-pc
	[ -n "$part_boot" ] || gdir=$tree/boot/grub/i386-pc
	# boot.img up to the disk signature; the partition table stays.
	dd if="$gdir/boot.img" of="$tmp" bs=440 count=1 conv=notrunc status=none
	# grub-bios-setup's fix for BIOSes that pass a wrong drive: nop the check.
	printf '\220\220' | dd of="$tmp" bs=1 seek=102 conv=notrunc status=none
	core_lba=1
	[ -n "$part_bios" ] && core_lba=2048
	put_le "$tmp" 92 "$core_lba" 8             # boot.img: kernel_sector
	dd if="$gdir/core.img" of="$tmp" bs=512 seek="$core_lba" conv=notrunc status=none
	put_le "$tmp" $((core_lba * 512 + 500)) $((core_lba + 1)) 8 # diskboot.img: blocklist start
else
	"$here/grub-legacy-setup.sh" "$tree" "$tmp"
fi

# --- facts for the boot check --------------------------------------------------
bootdir=$tree/boot
[ -z "$part_boot" ] || bootdir=$tree.boot
kernels=$(find "$bootdir" -maxdepth 1 -name 'vmlinuz-*' -printf '%f\n' | sed 's/^vmlinuz-//' | sort -V | tr '\n' ' ')
grubver=$(dpkg-query --admindir="$tree/var/lib/dpkg" -W -f='${Version}' "$bootloader")
{
	echo "name=$name"
	echo "release=$release"
	echo "debian_version=$(cat "$tree/etc/debian_version")"
	echo "bootloader=$bootloader"
	echo "grub_version=$grubver"
	echo "kernels=${kernels% }"
	echo "expect_kernel=$expect_kernel"
	echo "key=$key"
	echo "$versions" | sed 's/^/package=/'
} >"$out/$name-$key.info"
mv "$tmp" "$img"
ln -sf "$name-$key.img" "$out/$name.img"
ln -sf "$name-$key.info" "$out/$name.info"
# Older builds of this image (other keys) are superseded.
for f in "$out/$name"-*.img; do
	k=${f#"$out/$name"-}
	k=${k%.img}
	case $k in *[!0-9a-f]* | "$key") continue ;; esac
	if [ ${#k} -eq 16 ]; then rm -f "$f" "$out/$name-$k.info"; fi
done
rm -rf "$tree" "$tree.boot" "$work/$name.rootfs" "$work/$name.bootfs" "$vars"
echo "mkreal: $name: $img"
