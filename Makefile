# kexec-loader: the loader, its initramfs, the boot harness and their tests.

BUILD ?= build
CACHE ?= $(BUILD)/cache
CC ?= gcc
QEMU ?= qemu-system-x86_64
PKG_CONFIG ?= pkg-config
JOBS ?= $(shell nproc)

# The loader kernel. "built" (default): purpose-built from Debian's kernel
# source with the drivers the loader needs built in (loader/kernel/loader.config),
# compiled once per machine and cached; its initramfs carries only the IDE
# driver, a module so that probing empty IDE ports does not hold up the boot.
# "debian": Debian's generic kernel, its drivers as modules in the initramfs.
# Both pairs are made: the matrix boots a few images with the other one.
LOADER_KERNEL ?= built
# Debian kernel packages, resolved to their current versions at build time.
LOADER_KERNEL_PKG ?= linux-image-amd64
TARGET_KERNEL_PKG ?= linux-image-cloud-amd64

# Drivers the modular initramfs carries; their dependencies come from the
# kernel package's modules.dep. Buses first, then filesystems (loaded on demand),
# then edd (the firmware boot disk's MBR signature, loaded at start).
LOADER_MODULES ?= virtio_pci virtio_blk virtio_scsi sd_mod ata_piix ahci nvme \
	xen_blkfront ext4 xfs btrfs vfat nls_cp437 nls_ascii dm_snapshot brd edd
# The built kernel's modules (the =m lines of its fragment).
BUILT_MODULES ?= ata_piix
# kexec-tools, with the libraries it links, for kernels that refuse kexec_file_load.
KEXEC_TOOLS ?= /sbin/kexec
KEXEC_TOOLS_FILES = $(if $(wildcard $(KEXEC_TOOLS)),--file $(KEXEC_TOOLS):sbin/kexec \
	$(shell ldd $(KEXEC_TOOLS) | awk '$$2 == "=>" && $$3 ~ /^\// {print "--file " $$3 ":" $$3} $$1 ~ /^\/.*ld-linux/ {print "--file " $$1 ":" $$1}'))

WARN = -Wall -Wextra -Werror -Wmissing-prototypes -Wstrict-prototypes -Wvla \
	-Wformat-security -Wshadow -Wpointer-arith
CFLAGS ?= -O2 -g
SANITIZE ?=
SAN_FLAGS = $(if $(SANITIZE),-fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all)
BASE_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) $(SAN_FLAGS) -Iloader -Iharness -MMD -MP

# Flags of the libraries, asked of pkg-config when a recipe first needs them:
# on a fresh machine the packages only arrive with the deps-* prerequisites.
pc = $(eval $1 := $(shell $(PKG_CONFIG) $2 2>/dev/null))$($1)
BLKID_CFLAGS = $(call pc,BLKID_CFLAGS,--cflags blkid)
BLKID_LIBS = $(call pc,BLKID_LIBS,--libs blkid)
BLKID_STATIC_LIBS = $(call pc,BLKID_STATIC_LIBS,--static --libs blkid)
CHECK_CFLAGS = $(call pc,CHECK_CFLAGS,--cflags check)
CHECK_LIBS = $(call pc,CHECK_LIBS,--libs check)
HARNESS_CFLAGS = $(call pc,HARNESS_CFLAGS,--cflags fdisk libarchive)
HARNESS_LIBS = $(call pc,HARNESS_LIBS,--libs fdisk libarchive)
MKINITRAMFS_LIBS = $(call pc,MKINITRAMFS_LIBS,--libs libarchive libkmod)

LOADER_SRCS := $(filter-out loader/main.c loader/tests/% loader/fuzz/%,$(wildcard loader/*.c loader/*/*.c))
LOADER_OBJS := $(LOADER_SRCS:%.c=$(BUILD)/obj/%.o)
LOADER_TESTS := $(patsubst loader/tests/%.c,$(BUILD)/tests/%,$(wildcard loader/tests/test_*.c))
HARNESS_SRCS := $(filter-out harness/main.c,$(wildcard harness/*.c))
# The harness shares the loader's string buffer.
HARNESS_OBJS := $(HARNESS_SRCS:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/loader/strbuf.o
HARNESS_TESTS := $(patsubst harness/tests/%.c,$(BUILD)/tests/harness_%,$(wildcard harness/tests/test_*.c))

.PHONY: check-tests fuzz fuzz-afl fuzz-replay fuzz-regressions corpus-valgrind tidy check-bins
.PHONY: bench bench-limits compat-check real-images real-selftest
.PHONY: all initrd check boot-test compat clean deps-build deps-boot unit corpus lint
.DELETE_ON_ERROR:
# Keep objects made through chained pattern rules (fuzz objects), so rebuilds are incremental.
.SECONDARY:

all: $(BUILD)/kexec-loader $(if $(wildcard harness/main.c),$(BUILD)/harness)

# --- the loader --------------------------------------------------------------
# V=1 shows every command.
Q = $(if $(V),,@)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(if $(V),,@echo "  CC $<")
	$(Q)$(CC) $(BASE_CFLAGS) $(BLKID_CFLAGS) $(CHECK_CFLAGS) $(HARNESS_CFLAGS) -c $< -o $@

$(BUILD)/libloader.a: $(LOADER_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/kexec-loader: $(BUILD)/obj/loader/main.o $(BUILD)/libloader.a
	$(CC) $(CFLAGS) $(SAN_FLAGS) $^ -o $@ $(BLKID_LIBS)

# The copy that runs as /init: static, so the initramfs needs no libc.
$(BUILD)/kexec-loader.static: $(LOADER_SRCS) loader/main.c $(wildcard loader/*.h loader/*/*.h)
	$(CC) -std=c11 -D_GNU_SOURCE $(WARN) -Os -static -Iloader $(BLKID_CFLAGS) \
		$(LOADER_SRCS) loader/main.c -o $@ $(BLKID_STATIC_LIBS)
	strip $@

# --- kernels and initramfs -------------------------------------------------
# Debian's generic kernel (the modular pair, and the dirty-journal guest).
$(BUILD)/loader-kernel/release:
	ci/fetch-kernel.sh $(LOADER_KERNEL_PKG) $(CACHE) $(@D)

$(BUILD)/built-kernel/release: loader/kernel/loader.config ci/build-loader-kernel.sh
	ci/build-loader-kernel.sh $< $(CACHE) $(@D)

$(BUILD)/target/release:
	ci/fetch-kernel.sh $(TARGET_KERNEL_PKG) $(CACHE) $(@D)

$(BUILD)/mkinitramfs: harness/mkinitramfs/mkinitramfs.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) $< -o $@ $(MKINITRAMFS_LIBS)

INITRD_DEPS = $(BUILD)/kexec-loader.static $(BUILD)/mkinitramfs
INITRD_FILES = --init $(BUILD)/kexec-loader.static $(KEXEC_TOOLS_FILES)

# The built pair. zstd at its highest level: the smallest initramfs, and
# unpacking costs the same at every level. (The kernel unpacks lz4 fastest,
# but only in a legacy format libarchive does not write.)
$(BUILD)/built/vmlinuz: $(BUILD)/built-kernel/release
	@mkdir -p $(@D)
	cp $(BUILD)/built-kernel/vmlinuz $@

$(BUILD)/built/kexec-loader.initrd: $(INITRD_DEPS) $(BUILD)/built-kernel/release
	@mkdir -p $(@D)
	$(BUILD)/mkinitramfs -o $@ $(INITRD_FILES) --compress zstd --compress-level 19 \
		--kernel-root $(BUILD)/built-kernel/root --kver $$(cat $(BUILD)/built-kernel/release) \
		$(addprefix --module ,$(BUILT_MODULES))

# The modular pair: Debian's kernel and its modules.
$(BUILD)/modular/vmlinuz: $(BUILD)/loader-kernel/release
	@mkdir -p $(@D)
	cp $(BUILD)/loader-kernel/vmlinuz $@

$(BUILD)/modular/kexec-loader.initrd: $(INITRD_DEPS) $(BUILD)/loader-kernel/release
	@mkdir -p $(@D)
	$(BUILD)/mkinitramfs -o $@ $(INITRD_FILES) --compress gzip \
		--kernel-root $(BUILD)/loader-kernel/root --kver $$(cat $(BUILD)/loader-kernel/release) \
		$(addprefix --module ,$(LOADER_MODULES))

# build/vmlinuz and build/kexec-loader.initrd: the pair LOADER_KERNEL names,
# the files an operator registers.
LOADER_PAIR = $(if $(filter debian,$(LOADER_KERNEL)),modular,built)
$(BUILD)/vmlinuz $(BUILD)/kexec-loader.initrd: $(BUILD)/%: $(BUILD)/$(LOADER_PAIR)/% FORCE
	@cmp -s $< $@ || cp $< $@

initrd: $(BUILD)/vmlinuz $(BUILD)/kexec-loader.initrd
FORCE:

# --- the harness -------------------------------------------------------------
$(BUILD)/harness: $(BUILD)/obj/harness/main.o $(HARNESS_OBJS)
	$(CC) $(CFLAGS) $(SAN_FLAGS) $^ -o $@ $(HARNESS_LIBS)

$(BUILD)/probe-init: $(wildcard harness/probe/*.c)
	@mkdir -p $(@D)
	$(CC) -std=c11 -D_GNU_SOURCE $(WARN) -Os -static $^ -o $@
	strip $@

# Debian's GRUB legacy, the oracle for menu.lst images (not installed, only unpacked).
STAGE2 = $(BUILD)/grub-legacy/stage2_eltorito
$(STAGE2):
	ci/fetch-deb-file.sh grub-legacy usr/lib/grub/x86_64-pc/stage2_eltorito $(CACHE) $@

# Boot sectors for spec bootcode=: GRUB 2's boot.img (grub-pc-bin, installed),
# GRUB legacy's stage1 and SYSLINUX's mbr.bin (unpacked from their packages).
BOOTCODE = $(BUILD)/bootcode
$(BOOTCODE)/grub2.img:
	@mkdir -p $(@D)
	cp /usr/lib/grub/i386-pc/boot.img $@
$(BOOTCODE)/grub-legacy.img:
	ci/fetch-deb-file.sh grub-legacy usr/lib/grub/x86_64-pc/stage1 $(CACHE) $@
$(BOOTCODE)/syslinux.img:
	ci/fetch-deb-file.sh syslinux-common usr/lib/syslinux/mbr/mbr.bin $(CACHE) $@

$(BUILD)/probe.initrd: $(BUILD)/probe-init $(BUILD)/mkinitramfs
	$(BUILD)/mkinitramfs -o $@ --init $(BUILD)/probe-init --compress gzip

# The guest that leaves an ext4 journal dirty, for the no-write tests; the
# harness adds the new grub.cfg per image with mkinitramfs.
$(BUILD)/dirtier: harness/dirtier/dirtier.c loader/modules.c loader/log.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -D_GNU_SOURCE $(WARN) -Os -static -Iloader $^ -o $@
	strip $@

# --- tests -------------------------------------------------------------------
$(BUILD)/tests/test_%: $(BUILD)/obj/loader/tests/test_%.o $(BUILD)/libloader.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SAN_FLAGS) $^ -o $@ $(CHECK_LIBS) $(BLKID_LIBS)

$(BUILD)/tests/harness_test_%: $(BUILD)/obj/harness/tests/test_%.o $(HARNESS_OBJS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SAN_FLAGS) $^ -o $@ $(CHECK_LIBS) $(HARNESS_LIBS) $(BLKID_LIBS)

# --- fuzzing -----------------------------------------------------------------
FUZZ_SECONDS ?= 180
# Optional: stop a target once it has run this many inputs.
FUZZ_RUNS ?=
FUZZ_TARGETS := grub2 grub1 bls extlinux fstab options
FUZZ_CC ?= clang
# Smaller limits than the loader's: each still trips (the limit paths stay
# fuzzed), and an input that loops to the step limit stops five times sooner
# (GRUB 2's kept inputs replay 1.6x faster at 1000 steps than at 5000; the
# largest distribution grub.cfg in corpus/ runs far fewer).
FUZZ_LIMITS ?= -DG2_STEPS_MAX=1000u -DG2_VALUE_MAX=8192u -DG2_ENV_BYTES_MAX=1048576u \
	-DG2_READ_BYTES_MAX=131072u
# Long runs may set FUZZ_SAN=undefined: several times the executions without
# ASan's checks; make fuzz-replay then runs every input they kept through the
# ASan+UBSan targets. Each sanitizer set builds in its own directory.
FUZZ_SAN ?= address,undefined
# FUZZ_CMP=no drops comparison tracing: about twice the executions for the
# GRUB 2 target, whose lexer compares every byte; the dictionaries and
# libFuzzer's strcmp hooks still lead it to keywords.
FUZZ_CMP ?= yes
comma := ,
FUZZ_DIR = $(BUILD)/fuzz$(if $(filter-out address$(comma)undefined,$(FUZZ_SAN)),-$(subst $(comma),-,$(FUZZ_SAN)))$(if $(filter no,$(FUZZ_CMP)),-nocmp)
FUZZ_COVERAGE = $(if $(filter no,$(FUZZ_CMP)),-fno-sanitize-coverage=trace-cmp)
FUZZ_CFLAGS = -std=c11 -D_GNU_SOURCE -g -O1 -MMD -MP -fsanitize=$(FUZZ_SAN) $(FUZZ_LIMITS) \
	-fno-sanitize-recover=all -Iloader -Iloader/fuzz $(BLKID_CFLAGS)
FUZZ_OBJS = $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(LOADER_SRCS) loader/fuzz/fuzz_tree.c)

$(FUZZ_DIR)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(if $(V),,@echo "  FUZZCC $<")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(FUZZ_COVERAGE) -c $< -o $@

$(FUZZ_DIR)/fuzz_%: $(FUZZ_DIR)/obj/loader/fuzz/fuzz_%.o $(FUZZ_OBJS)
	$(FUZZ_CC) -fsanitize=fuzzer,$(FUZZ_SAN) $^ -o $@ $(BLKID_LIBS)

fuzz: deps-build $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)
	FUZZ_RUNS=$(FUZZ_RUNS) loader/fuzz/run-fuzz.sh $(FUZZ_DIR) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# The same targets under AFL++: afl-clang-fast instruments them and links
# AFL++'s driver in place of libFuzzer's (ASan+UBSan as above).
AFL_DIR = $(BUILD)/afl
fuzz-afl:
	@ci/install-deps.sh afl
	$(MAKE) --no-print-directory FUZZ_CC=afl-clang-fast FUZZ_DIR=$(AFL_DIR) \
		$(FUZZ_TARGETS:%=$(AFL_DIR)/fuzz_%)
	loader/fuzz/run-afl.sh $(AFL_DIR) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# Every input a run kept (FUZZ_FROM: its directory), once, under ASan+UBSan.
FUZZ_FROM ?= $(BUILD)/fuzz-undefined
fuzz-replay: deps-build $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%)
	@set -e; for t in $(FUZZ_TARGETS); do \
		n=$$(ls $(FUZZ_FROM)/corpus-$$t 2>/dev/null | wc -l); \
		echo "== fuzz_$$t: replaying $$n inputs of $(FUZZ_FROM)/corpus-$$t"; \
		[ $$n -eq 0 ] || $(BUILD)/fuzz/fuzz_$$t -runs=0 -timeout=5 -rss_limit_mb=1024 \
			$(FUZZ_FROM)/corpus-$$t 2>$(FUZZ_FROM)/replay-$$t.log || \
			{ tail -n 30 $(FUZZ_FROM)/replay-$$t.log; exit 1; }; done

# Inputs that once crashed a target, replayed without libFuzzer.
$(BUILD)/tests/regress_%: loader/fuzz/fuzz_%.c loader/fuzz/regress_main.c loader/fuzz/fuzz_tree.c $(BUILD)/libloader.a
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(BLKID_CFLAGS) -Iloader/fuzz $(filter %.c,$^) $(BUILD)/libloader.a -o $@ $(BLKID_LIBS)

fuzz-regressions: $(FUZZ_TARGETS:%=$(BUILD)/tests/regress_%)
	@set -e; for t in $(FUZZ_TARGETS); do \
		$(BUILD)/tests/regress_$$t $$(find loader/fuzz/regressions/$$t -type f 2>/dev/null); done

deps-build:
	@ci/install-deps.sh build

deps-boot:
	@ci/install-deps.sh boot

# make check: unit tests and the corpus, built with ASan+UBSan in their own tree.
CHECK_BUILD = $(BUILD)/check-$(notdir $(CC))
# Compile everything in parallel first; the tests then run one after another.
# -O1, as the sanitizers' own documentation suggests: less compile time than
# -O2, which the plain build (and its warnings) keeps.
CHECK_MAKE = $(MAKE) --no-print-directory BUILD=$(CHECK_BUILD) SANITIZE=address,undefined CACHE=$(CACHE) \
	CFLAGS="-O1 -g"
# The sanitized tests and the linters run side by side, each one's output
# printed whole when it ends.
check: deps-build
	$(CHECK_MAKE) -j$(JOBS) check-bins
	$(MAKE) --no-print-directory -j$(JOBS) -O check-tests lint real-selftest

check-tests:
	+$(CHECK_MAKE) unit corpus fuzz-regressions

check-bins: $(LOADER_TESTS) $(HARNESS_TESTS) $(BUILD)/kexec-loader $(FUZZ_TARGETS:%=$(BUILD)/tests/regress_%)

# Each test binary runs its tests in one process (CK_FORK=no): forking a
# sanitized process per test cost three times the tests themselves. A crash
# ends that binary's run and fails it; timeout bounds a hang.
unit: $(LOADER_TESTS) $(HARNESS_TESTS)
	@set -e; for t in $^; do echo "== $$t"; CK_FORK=no timeout 300 $$t; done

# LeakSanitizer's exit-time scan would double the corpus's time; leaks are
# caught by the unit tests (one scan per test binary), the fuzz targets and
# corpus-valgrind, which runs these same cases.
corpus: $(BUILD)/kexec-loader
	@ASAN_OPTIONS=$${ASAN_OPTIONS:+$$ASAN_OPTIONS:}detect_leaks=0 \
		loader/tests/run-corpus.sh $(BUILD)/kexec-loader corpus

# The corpus once more under valgrind, with the plain (unsanitized) build.
corpus-valgrind: $(BUILD)/kexec-loader
	@WRAP="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite" \
		loader/tests/run-corpus.sh $(BUILD)/kexec-loader corpus

lint:
	shellcheck -S warning ci/*.sh images/real/*.sh harness/real/*.sh loader/tests/*.sh loader/fuzz/*.sh .ci/run
	cppcheck --quiet --error-exitcode=1 --enable=warning,style,performance,portability \
		--inline-suppr --suppress=missingIncludeSystem -Iloader -D__GNUC__ loader harness

# clang-tidy with the checks chosen in .clang-tidy, JOBS files at a time
# (a few minutes: the static analyzer is slow, so it is not part of make check).
TIDY_SRCS = $(LOADER_SRCS) loader/main.c $(filter-out harness/tests/%,$(wildcard harness/*.c harness/*/*.c))
tidy: deps-build
	printf '%s\n' $(TIDY_SRCS) | xargs -P$(JOBS) -n6 sh -c 'clang-tidy --quiet "$$@" -- \
		-std=c11 -D_GNU_SOURCE -Iloader -Iharness $(BLKID_CFLAGS) $(HARNESS_CFLAGS)' clang-tidy

LOADER_PAIRS = $(foreach p,built modular,$(BUILD)/$(p)/vmlinuz $(BUILD)/$(p)/kexec-loader.initrd)
BOOT_INPUTS = deps-boot all initrd $(LOADER_PAIRS) $(BUILD)/target/release $(BUILD)/probe.initrd $(BUILD)/harness $(STAGE2) \
	$(BUILD)/dirtier $(BUILD)/mkinitramfs \
	$(addprefix $(BOOTCODE)/,grub2.img grub-legacy.img syslinux.img)
HARNESS_BOOT_ARGS = --corpus corpus \
	--loader-kernel $(BUILD)/vmlinuz --loader-initrd $(BUILD)/kexec-loader.initrd \
	--target-kernel $(BUILD)/target/vmlinuz --target-initrd $(BUILD)/probe.initrd

# The loader appends this marker to every target command line (README,
# "Loops"); the harness requires it and removes it before comparing with GRUB.
LOADER_MARKER = kexec_loader.kexeced=1

boot-test: $(BOOT_INPUTS)
	$(BUILD)/harness boot-test --images images $(HARNESS_BOOT_ARGS) \
		--target-release @$(BUILD)/target/release \
		--logs $(BUILD)/logs --work $(BUILD)/work --cache $(BUILD)/cache/images \
		--junit $(BUILD)/boot-test.xml --results $(BUILD)/boot-results \
		--grub-legacy-stage2 $(STAGE2) --loader-marker ' $(LOADER_MARKER)' --bootcode-dir $(BOOTCODE) \
		--loader-pair built=$(BUILD)/built --loader-pair modular=$(BUILD)/modular \
		--dirtier $(BUILD)/dirtier --dirtier-kernel $(BUILD)/modular/vmlinuz --mkinitramfs $(BUILD)/mkinitramfs \
		--loader-kernel-root $(BUILD)/loader-kernel/root --loader-release @$(BUILD)/loader-kernel/release \
		-j $(JOBS) $(if $(IMAGES),--only '$(IMAGES)')

# COMPATIBILITY.md from the last boot-test and real-images runs; compat-check
# fails when the committed list no longer says what the runs found (timings and
# version strings aside; real images not booted in this run are kept).
COMPAT_ARGS = --results $(BUILD)/boot-results --real-results $(BUILD)/real/results.tsv \
	--real-specs images/real -o COMPATIBILITY.md
compat: $(BUILD)/harness
	$(BUILD)/harness compat $(COMPAT_ARGS)

compat-check: $(BUILD)/harness
	$(BUILD)/harness compat $(COMPAT_ARGS) --check

# Real Debian images built from the archive, booted to login: by the loader and by their own GRUB.
REAL ?= *
$(BUILD)/real/realboot: harness/real/realboot.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) $(SAN_FLAGS) $< -o $@

real-images: deps-boot initrd $(BUILD)/real/realboot
	REAL='$(REAL)' REALBOOT_FLAGS='$(REALBOOT_FLAGS)' images/real/run.sh $(BUILD)

real-selftest: $(BUILD)/real/realboot
	harness/real/selftest.sh $(BUILD)/real/realboot

# Figures, not assertions: the same image through every boot path, alternating.
BENCH_RUNS ?= 5
bench: $(BOOT_INPUTS) bench-limits
	$(BUILD)/harness bench --spec images/mbr-ext4-grub2-bench-timeout0.spec \
		--legacy-spec images/mbr-ext4-legacy-amazon-linux1.spec --grub-legacy-stage2 $(STAGE2) \
		$(HARNESS_BOOT_ARGS) --loader-binary $(BUILD)/kexec-loader.static \
		--work $(BUILD)/bench-work --cache $(BUILD)/cache/images --runs $(BENCH_RUNS) \
		--modular-kernel $(BUILD)/modular/vmlinuz --modular-initrd $(BUILD)/modular/kexec-loader.initrd \
		--markdown $(BUILD)/bench.md

# What refusing each hostile corpus case costs the loader (time, peak memory).
bench-limits: deps-build $(BUILD)/kexec-loader $(BUILD)/harness
	@$(BUILD)/harness bench-limits $(BUILD)/kexec-loader loader/tests/corpus-tree.sh $(BENCH_RUNS) \
		$(sort $(wildcard corpus/limit-*)) > $(BUILD)/bench-limits.md; s=$$?; \
		cat $(BUILD)/bench-limits.md; exit $$s

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD)/obj $(FUZZ_DIR)/obj -name '*.d' 2>/dev/null)
