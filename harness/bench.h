/* bench.h - make bench: boot times of the direct, loader, GRUB 2 and GRUB legacy paths. */
#ifndef HARNESS_BENCH_H
#define HARNESS_BENCH_H

/* argv[0] is "bench". Prints name=value figures on stdout, writes a
 * Markdown table; returns the process exit status. */
int bench_main(int argc, char **argv);

#endif
