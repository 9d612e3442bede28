/* bench_limits.h - make bench-limits: the cost of refusing each hostile corpus case. */
#ifndef HARNESS_BENCH_LIMITS_H
#define HARNESS_BENCH_LIMITS_H

/* argv[0] is "bench-limits". Prints a Markdown table and the worst figures
 * against the budget on stdout; returns the process exit status. */
int bench_limits_main(int argc, char **argv);

#endif
