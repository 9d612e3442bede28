/* kexec.h - load the chosen kernel, initrd(s) and command line, then jump. */
#ifndef KL_KEXEC_H
#define KL_KEXEC_H

#include "bootfs.h"
#include "plan.h"

#include "choose.h"

#define KEXEC_CMDLINE_MAX CHOOSE_CMDLINE_MAX
/* Memory left to the loader and the kernel besides the segments. */
#define KEXEC_MEM_RESERVE (32ull << 20)

/* How to load. kexec_file_load hashes the whole image twice (signature
 * check, segment digest) and purgatory hashes it again before the jump;
 * without lockdown the kernel does not enforce the signature, and the jump
 * follows the load at once, so the default skips both: kexec-tools'
 * kexec_load without checks, then kexec_file_load when the kernel refuses
 * kexec_load (lockdown under Secure Boot: then signatures are enforced). */
enum kexec_method {
	KEXEC_TOOLS_NOCHECK,  /* default: kexec_load, no SHA-256; kexec_file_load if refused */
	KEXEC_FILE,           /* kexec_file_load; kexec-tools when the kernel refuses it */
	KEXEC_TOOLS,          /* kexec_load with purgatory's SHA-256 check; kexec_file_load if refused */
};

/* The kernel copies every segment into memory: refuse before reading what
 * cannot fit (an image may name a 64 GiB file as its initrd). *need is the
 * bytes t takes with the reserve, *avail MemAvailable (0: unknown, allowed).
 * Returns 0, or -ENOMEM when t cannot fit. */
int kexec_check_size(const struct bootfs *fs, const struct boot_target *t,
		     unsigned long long *need, unsigned long long *avail);
/* Load t (files resolved on fs) with cmdline. Several initrds are joined in
 * order into one, as GRUB does in memory. Returns 0 or a negative errno;
 * *what names the step that failed ("kernel", "initrd", "load"). */
int kexec_load_target(const struct bootfs *fs, const struct boot_target *t,
		      const char *cmdline, enum kexec_method method, const char **what);
/* Jump into the loaded kernel; returns only on failure (negative errno). */
int kexec_reboot(void);

#endif
