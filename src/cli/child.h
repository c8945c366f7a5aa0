/* child.h - run takedown's own subcommands as child processes (the exercise drives the
 * sinkhole, the report and the P2P steps this way). Children stay in the caller's process
 * group, so an interrupt at the terminal reaches them all. */
#ifndef TAKEDOWN_CLI_CHILD_H
#define TAKEDOWN_CLI_CHILD_H

#include <stddef.h>
#include <sys/types.h>

/* Starts `takedown ARGV...` (argv[0] is the subcommand; NULL-terminated). stdout and stderr
 * go to the named files when not NULL (created or truncated), else they are inherited.
 * Returns the child's pid, or -1. */
pid_t child_start(char *const argv[], const char *stdout_path, const char *stderr_path);

/* Waits until a line starting with prefix appears in the file at path (copied to line), the
 * child exits, or timeout_ms passes. 0 when found. */
int child_wait_for_line(pid_t pid, const char *path, const char *prefix, char *line,
                        size_t size, int timeout_ms);

/* Waits for the child; returns its exit status, or 128 + signal. */
int child_wait(pid_t pid);

/* Runs `takedown ARGV...` to completion; returns its exit status. */
int child_run(char *const argv[], const char *stdout_path, const char *stderr_path);

#endif
