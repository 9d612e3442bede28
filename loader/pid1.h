/* pid1.h - the loader as the initramfs' /init. */
#ifndef KL_PID1_H
#define KL_PID1_H

/* Boot the image: never returns (kexec, or power off after saying why). */
__attribute__((noreturn)) void pid1_main(void);

#endif
