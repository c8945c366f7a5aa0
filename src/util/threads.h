/* threads.h - one function run on several threads at once, the caller's among them: the
 * pool of the searches that share out work through an atomic counter. Inside the library. */
#ifndef TAKEDOWN_UTIL_THREADS_H
#define TAKEDOWN_UTIL_THREADS_H

#define TK_THREADS_MAX 64

/* Runs fn(arg) on `threads` threads (1 to TK_THREADS_MAX; outside that range, the nearest
 * bound): threads - 1 new ones and the caller's, and returns when every one has returned.
 * When a thread cannot be started, fewer run. */
void tk_threads_run(int threads, void *(*fn)(void *), void *arg);

#endif
