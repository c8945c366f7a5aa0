/* eval_internal.h - what the host hunt evaluation's files share: the labelled names
 * (eval_data.c), the synthetic population (eval_population.c) and the scoring
 * (evaluate.c). */
#ifndef TAKEDOWN_HUNT_EVAL_INTERNAL_H
#define TAKEDOWN_HUNT_EVAL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/dga_util.h"
#include "takedown/hunt_eval.h"

/* The names of one family in the sample files, in file order (free each and the array). */
int eval_family_names(const struct tk_hunt_eval_options *options, const char *family,
                      char ***names, size_t *count, struct tk_error *err);

/* A small deterministic generator (splitmix64). */
struct eval_rng {
    uint64_t state;
};
uint64_t eval_next(struct eval_rng *rng);
double eval_uniform(struct eval_rng *rng); /* [0, 1) */

/* Zipf popularity over n ranks (exponent 1): cumulative weights to search. */
struct eval_zipf {
    double *cumulative;
    size_t n;
};
int eval_zipf_init(struct eval_zipf *z, size_t n);
size_t eval_zipf_draw(const struct eval_zipf *z, struct eval_rng *rng);
void eval_zipf_free(struct eval_zipf *z);

/* The benign side of the population: popular FQDNs and the noise pools. */
struct eval_benign {
    struct tk_wordlist fqdn_file;
    char **fqdns;      /* by popularity, those in the benign test split */
    size_t fqdn_count;
    struct eval_zipf popularity;
    char **expired;    /* two-word names that no longer resolve */
    size_t expired_count;
    struct eval_zipf expired_popularity;
};
int eval_benign_load(const struct tk_hunt_eval_options *options, struct eval_benign *b,
                     struct tk_error *err);
void eval_benign_free(struct eval_benign *b);

/* Where the queries go: each as a log record into the hunt. */
struct eval_sink {
    struct tk_hosts *hosts;
    int64_t day;       /* Unix seconds of the day's start */
    uint64_t queries;
};

/* One benign client's day: volume queries. TK_OK or TK_ERR_NOMEM. */
int eval_benign_client(const struct eval_benign *b, const char *client, uint64_t volume,
                       struct eval_rng *rng, struct eval_sink *sink);
/* One infected host's DGA queries of the day: daily queries over the list of names, a burst
 * every period seconds, walked in order from its start (as most families do) or, at_random,
 * picked at random from it (as Conficker C picks 500 of its 50,000). resolving percent of
 * the names (the same for every host) are registered or sinkholed and answer NOERROR. */
int eval_dga_client(char *const *names, size_t count, const char *client, unsigned daily,
                    int64_t period, int at_random, unsigned resolving, struct eval_rng *rng,
                    struct eval_sink *sink);
/* A benign client's daily volume: Pareto, heavy-tailed. */
uint64_t eval_benign_volume(struct eval_rng *rng);

#endif
