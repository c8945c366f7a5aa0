/* child.c - takedown subcommands as child processes (see child.h). */
#include "cli/child.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* This very executable, so children run the same build as their parent. */
static const char *self_path(void)
{
    static char path[4096];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n <= 0)
        return "takedown";
    path[n] = '\0';
    return path;
}

/* The output files are opened (and truncated) by the parent before the fork, so that a
 * parent waiting for a line in one never reads what an earlier run left there. */
static int open_output(const char *path)
{
    return path ? open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644) : -1;
}

pid_t child_start(char *const argv[], const char *stdout_path, const char *stderr_path)
{
    char *full[64];
    size_t n = 0;

    full[n++] = (char *)"takedown";
    while (argv[n - 1] && n < 63) {
        full[n] = argv[n - 1];
        n++;
    }
    full[n] = NULL;
    int out_fd = open_output(stdout_path), err_fd = open_output(stderr_path);
    if ((stdout_path && out_fd < 0) || (stderr_path && err_fd < 0)) {
        if (out_fd >= 0)
            close(out_fd);
        if (err_fd >= 0)
            close(err_fd);
        return -1;
    }
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        /* A parent killed outright (SIGKILL) still takes its children with it. */
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() == 1)
            _exit(126);
        if ((out_fd >= 0 && dup2(out_fd, STDOUT_FILENO) < 0)
            || (err_fd >= 0 && dup2(err_fd, STDERR_FILENO) < 0))
            _exit(126);
        execv(self_path(), full);
        _exit(127);
    }
    if (out_fd >= 0)
        close(out_fd);
    if (err_fd >= 0)
        close(err_fd);
    return pid;
}

int child_wait_for_line(pid_t pid, const char *path, const char *prefix, char *line,
                        size_t size, int timeout_ms)
{
    struct timespec pause = {0, 20 * 1000000};
    for (int waited = 0; waited < timeout_ms; waited += 20) {
        FILE *f = fopen(path, "r");
        if (f) {
            char buf[1024];
            while (fgets(buf, sizeof buf, f)) {
                if (strncmp(buf, prefix, strlen(prefix)) == 0) {
                    buf[strcspn(buf, "\n")] = '\0';
                    snprintf(line, size, "%s", buf);
                    fclose(f);
                    return 0;
                }
            }
            fclose(f);
        }
        if (waitpid(pid, NULL, WNOHANG) != 0)
            return -1; /* it exited (or is not ours) */
        nanosleep(&pause, NULL);
    }
    return -1;
}

int child_wait(pid_t pid)
{
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return 127;
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}

int child_run(char *const argv[], const char *stdout_path, const char *stderr_path)
{
    pid_t pid = child_start(argv, stdout_path, stderr_path);
    return pid < 0 ? 127 : child_wait(pid);
}
