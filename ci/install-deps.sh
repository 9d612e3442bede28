#!/bin/sh
# Installs the Debian packages the build, the tests and the boot matrix need,
# only those that are missing. Used by `make check` and `make boot-test`
# (and `make fuzz-afl`, the one user of AFL++).
set -eu

BUILD_PKGS="gcc clang make pkg-config libblkid-dev libkmod-dev libarchive-dev
libfdisk-dev check kmod cpio zstd xz-utils kexec-tools cppcheck clang-tidy shellcheck libclang-rt-14-dev valgrind
e2fsprogs"
BOOT_PKGS="qemu-system-x86 e2fsprogs xfsprogs btrfs-progs dosfstools mtools
fdisk grub-pc-bin grub-common kexec-tools xorriso qemu-utils mmdebstrap debian-archive-keyring
qemu-user-static flex bison bc libelf-dev"

case "${1:-build}" in
	build) want="$BUILD_PKGS" ;;
	boot) want="$BUILD_PKGS $BOOT_PKGS" ;;
	afl) want="$BUILD_PKGS afl++" ;;
	*) echo "usage: $0 [build|boot|afl]" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	SUDO="sudo -n"
else
	echo "ci/install-deps.sh: missing Debian packages:$missing" >&2
	echo "ci/install-deps.sh: run as root or with passwordless sudo, or install them: apt-get install$missing" >&2
	exit 1
fi

echo "ci/install-deps.sh: installing$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
