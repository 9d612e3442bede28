/* spawn.c - start, wait for and kill external tools (see spawn.h). */
#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

/* In the child, between fork and exec: only async-signal-safe calls. */
static void spawn_child(char *const argv[], int in_fd, int out_fd, int report_fd, pid_t parent)
{
	int null = open("/dev/null", O_RDWR | O_CLOEXEC), e;

	/* Own process group, so a deadline kills everything the tool started;
	 * and die with the harness, so an interrupted run leaves no QEMU behind. */
	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(127);
	if (null < 0 || dup2(in_fd >= 0 ? in_fd : null, 0) < 0 || dup2(out_fd >= 0 ? out_fd : null, 1) < 0 ||
	    dup2(out_fd >= 0 ? out_fd : null, 2) < 0)
		goto fail;
	execvp(argv[0], argv);
fail:
	e = errno;
	(void)!write(report_fd, &e, sizeof(e));
	_exit(127);
}

int spawn_start(struct spawn_proc *p, char *const argv[], int out_fd, int pipe_out, int pipe_in)
{
	int pipefd[2] = { -1, -1 }, infd[2] = { -1, -1 }, report[2], e = 0;
	pid_t parent = getpid();
	ssize_t n;

	p->pid = -1;
	p->pidfd = -1;
	p->out_fd = -1;
	p->in_fd = -1;
	if (pipe_in && pipe2(infd, O_CLOEXEC) < 0)
		return -errno;
	if (pipe_out) {
		if (pipe2(pipefd, O_CLOEXEC) < 0) {
			e = errno;
			goto fail;
		}
		out_fd = pipefd[1];
	}
	/* exec failure comes back through a close-on-exec pipe: EOF means exec worked. */
	if (pipe2(report, O_CLOEXEC) < 0) {
		e = errno;
		goto fail;
	}
	fflush(NULL);
	p->pid = fork();
	if (p->pid == 0)
		spawn_child(argv, infd[0], out_fd, report[1], parent);
	if (p->pid < 0)
		e = errno;
	close(report[1]);
	if (p->pid > 0) {
		/* Also here, so the group exists before anyone signals it. */
		setpgid(p->pid, p->pid);
		do
			n = read(report[0], &e, sizeof(e));
		while (n < 0 && errno == EINTR);
		if (n != sizeof(e))
			e = 0;
		if (e) {
			waitpid(p->pid, NULL, 0);
			p->pid = -1;
		}
	}
	close(report[0]);
	if (!e && p->pid > 0) {
		p->pidfd = pidfd_open(p->pid, 0);
		if (p->pidfd < 0) {
			e = errno;
			kill(-p->pid, SIGKILL);
			waitpid(p->pid, NULL, 0);
			p->pid = -1;
		}
	}
fail:
	if (pipefd[1] >= 0)
		close(pipefd[1]);
	if (infd[0] >= 0)
		close(infd[0]);
	if (e) {
		if (pipefd[0] >= 0)
			close(pipefd[0]);
		if (infd[1] >= 0)
			close(infd[1]);
		return -e;
	}
	p->in_fd = infd[1];
	if (pipefd[0] >= 0) {
		p->out_fd = pipefd[0];
		fcntl(p->out_fd, F_SETFL, O_NONBLOCK);
	}
	return 0;
}

static int spawn_status(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 255;
}

int spawn_wait(struct spawn_proc *p, int64_t deadline_ms)
{
	int status;

	for (;;) {
		struct pollfd pfd = { .fd = p->pidfd, .events = POLLIN };
		int timeout = -1;

		if (deadline_ms >= 0) {
			int64_t left = deadline_ms - util_now_ms();

			if (left <= 0)
				return -ETIMEDOUT;
			timeout = left > 60000 ? 60000 : (int)left;
		}
		if (poll(&pfd, 1, timeout) < 0 && errno != EINTR)
			return -errno;
		if (waitpid(p->pid, &status, WNOHANG) == p->pid) {
			p->pid = -1;
			return spawn_status(status);
		}
	}
}

void spawn_close(struct spawn_proc *p)
{
	if (p->pidfd >= 0)
		close(p->pidfd);
	if (p->out_fd >= 0)
		close(p->out_fd);
	if (p->in_fd >= 0)
		close(p->in_fd);
	p->pidfd = -1;
	p->out_fd = -1;
	p->in_fd = -1;
}

void spawn_kill(struct spawn_proc *p)
{
	if (p->pid > 0) {
		kill(-p->pid, SIGKILL);
		waitpid(p->pid, NULL, 0);
		p->pid = -1;
	}
	spawn_close(p);
}

int spawn_run(char *const argv[], int out_fd, unsigned timeout_s)
{
	struct spawn_proc p;
	struct strbuf cmd;
	int r;

	if (out_fd >= 0) {
		strbuf_init(&cmd);
		if (strbuf_adds(&cmd, "+ ") == 0 && util_quote_argv(&cmd, argv) == 0 &&
		    strbuf_addch(&cmd, '\n') == 0)
			(void)util_write_all(out_fd, cmd.buf, cmd.len);
		strbuf_release(&cmd);
	}
	r = spawn_start(&p, argv, out_fd, 0, 0);
	if (r < 0)
		return r;
	r = spawn_wait(&p, util_now_ms() + (int64_t)timeout_s * 1000);
	if (r == -ETIMEDOUT)
		spawn_kill(&p);
	else
		spawn_close(&p);
	return r;
}
