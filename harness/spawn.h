/* spawn.h - run external tools without a shell, each in its own process group, under a deadline.
 *
 * Tools are started with fork+execvp; stdin is /dev/null; stdout and
 * stderr go to out_fd (or /dev/null when out_fd < 0). A child that outlives
 * its deadline is killed with its whole process group, so nothing it
 * started survives either; and every tool dies with the harness process
 * that started it (PR_SET_PDEATHSIG), so an interrupted run leaves nothing. */
#ifndef HARNESS_SPAWN_H
#define HARNESS_SPAWN_H

#include <stdint.h>
#include <sys/types.h>

struct spawn_proc {
	pid_t pid;
	int pidfd;   /* readable once the child has exited */
	int out_fd;  /* read end of the child's stdout+stderr pipe, or -1 */
	int in_fd;   /* write end of the child's stdin pipe, or -1 */
};

/* Start argv. With pipe_out set, stdout+stderr come back through p->out_fd
 * (non-blocking); otherwise they go to out_fd. With pipe_in set, p->in_fd
 * writes to the child's stdin (else stdin is /dev/null). */
int spawn_start(struct spawn_proc *p, char *const argv[], int out_fd, int pipe_out, int pipe_in);
/* Wait for exit until deadline (util_now_ms() value; < 0 = forever).
 * Returns the exit status (0..255, 128+signal), or -ETIMEDOUT. */
int spawn_wait(struct spawn_proc *p, int64_t deadline_ms);
/* Kill the process group, reap the child, close the fds. */
void spawn_kill(struct spawn_proc *p);
void spawn_close(struct spawn_proc *p);

/* Run to completion: the exit status (0 is success), -ETIMEDOUT after
 * timeout_s seconds, or a negative errno if it could not start. The
 * command line goes to out_fd first, so a log shows how to reproduce. */
int spawn_run(char *const argv[], int out_fd, unsigned timeout_s);

#endif
