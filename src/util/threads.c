/* threads.c - one function on several threads (see threads.h). */
#include "util/threads.h"

#include <pthread.h>

void tk_threads_run(int threads, void *(*fn)(void *), void *arg)
{
    pthread_t tids[TK_THREADS_MAX];
    int started = 0;

    if (threads < 1)
        threads = 1;
    if (threads > TK_THREADS_MAX)
        threads = TK_THREADS_MAX;
    for (int t = 1; t < threads; t++, started++)
        if (pthread_create(&tids[started], NULL, fn, arg) != 0)
            break;
    fn(arg);
    for (int t = 0; t < started; t++)
        pthread_join(tids[t], NULL);
}
