/* interrupt.c - recording SIGINT/SIGTERM and passing them on, or removing half-written
 * files on them (see interrupt.h). */
#include "cli/interrupt.h"

#include <string.h>

#include "takedown/atomic_file.h"

volatile sig_atomic_t interrupt_requested;
static volatile pid_t forward_pid;

static void on_interrupt(int sig)
{
    (void)sig;
    interrupt_requested = 1;
    if (forward_pid > 0)
        kill(forward_pid, SIGTERM);
}

void interrupt_catch(void)
{
    static int installed;
    struct sigaction sa;
    if (installed)
        return;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_interrupt;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    installed = 1;
}

void interrupt_forward_to(pid_t pid)
{
    forward_pid = pid;
}

static void on_signal_remove_files(int sig)
{
    tk_atomic_cleanup_all();
    signal(sig, SIG_DFL);
    raise(sig);
}

void interrupt_remove_partial_files(void)
{
    signal(SIGINT, on_signal_remove_files);
    signal(SIGTERM, on_signal_remove_files);
}
