/* interrupt.h - Ctrl-C and SIGTERM for long-running commands: one handler records the
 * interrupt and passes SIGTERM on to a child process, so a command can stop its work and
 * its children cleanly instead of dying mid-write; another, for commands that only write
 * files, removes the files half written and ends the process. */
#ifndef TAKEDOWN_CLI_INTERRUPT_H
#define TAKEDOWN_CLI_INTERRUPT_H

#include <signal.h>
#include <sys/types.h>

/* Installs the handler for SIGINT and SIGTERM (once; later calls do nothing). */
void interrupt_catch(void);
/* The flag the handler sets; long loops poll it. */
extern volatile sig_atomic_t interrupt_requested;
/* A child to send SIGTERM when an interrupt arrives (0: none). */
void interrupt_forward_to(pid_t pid);

/* Installs, for SIGINT and SIGTERM, a handler that removes every atomic file still being
 * written (tk_atomic_cleanup_all) and then ends the process by the same signal. */
void interrupt_remove_partial_files(void);

#endif
