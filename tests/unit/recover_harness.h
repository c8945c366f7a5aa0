/* recover_harness.h - what the seed-recovery unit tests share: names generated with a seed
 * drawn at test time, and a family's recover run on one of them with its candidates kept. */
#ifndef TAKEDOWN_TEST_RECOVER_HARNESS_H
#define TAKEDOWN_TEST_RECOVER_HARNESS_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "takedown/recover.h"

#define RECOVER_MAX_NAMES 256
#define RECOVER_MAX_CANDIDATES 65536

struct recover_names {
    char list[RECOVER_MAX_NAMES][64];
    size_t count;
};

/* The names family:variant generates with params on day (TK_RECOVER_ANY_DAY: a family
 * without a date input). */
void recover_generate(const char *family, const char *variant, const char *params, tk_day day,
                      struct recover_names *out);
/* The same, returning the generator's status instead of asserting it is TK_OK. */
int recover_generate_status(const char *family, const char *variant, const char *params,
                            tk_day day, struct recover_names *out);

struct recover_candidates {
    pthread_mutex_t lock;
    char (*params)[64];
    tk_day *days;
    size_t count;
    int bad_day; /* a day outside the window, or a day from a family without a date input */
};

struct recover_candidates *recover_candidates_new(void);
void recover_candidates_free(struct recover_candidates *c);

/* Runs family:variant's recover on name over from..to (asserting that it succeeds and gives
 * only days it may); the candidates stay in c. Returns the seed values it says it covered. */
double recover_run(const char *family, const char *variant, const char *name, tk_day from,
                   tk_day to, struct recover_candidates *c);

/* True when a candidate's params are exactly params. */
int recover_has(const struct recover_candidates *c, const char *params);

uint32_t recover_random32(void);

#endif
