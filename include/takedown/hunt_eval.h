/* hunt_eval.h - the host hunt's evaluation on a synthetic resolver population, deterministic
 * from a seed (docs/hunt.md):
 *
 * - benign clients: query volumes heavy-tailed over a day (Pareto); names drawn by Zipf
 *   popularity from a list of real FQDNs (those whose registrable domain is in the
 *   detector's benign test split); NXDOMAIN noise: typos of popular names, expired
 *   two-word names, search-list leftovers ("printer.corp.example.com.lan"), browsers'
 *   random probes; antivirus and telemetry lookups with random labels under one fixed
 *   domain;
 * - infected clients: the same benign traffic plus one family's names, real-world names
 *   from the labelled samples, walked in order each period at the family's cadence,
 *   NXDOMAIN but for the resolving percent that are registered or sinkholed;
 *   hosts_per_family of them per family, the first making min_daily DGA queries a day, the
 *   others between min_daily and max_daily.
 *
 * The detector it is given must have been trained without these families
 * (tk_hunt_eval_detector). Reported: per family host recall and cluster purity, the benign
 * clients' false-positive rate. */
#ifndef TAKEDOWN_HUNT_EVAL_H
#define TAKEDOWN_HUNT_EVAL_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/detect.h"
#include "takedown/error.h"
#include "takedown/hosts.h"

struct tk_hunt_eval_options {
    uint64_t seed;
    size_t benign_clients;
    size_t hosts_per_family;
    unsigned min_daily, max_daily;     /* DGA queries a day of an infected host */
    unsigned resolving;                /* percent of DGA names registered or sinkholed */
    const char *benign_fqdns;          /* one FQDN per line, most popular first */
    const char *const *samples;        /* CSV files family,domain,date */
    size_t sample_count;
    struct tk_hosts_options hunt;      /* detector, threshold, lists, verdict thresholds */
};

struct tk_hunt_eval_family {
    char name[32];
    size_t names;          /* distinct names in its list */
    double name_recall;    /* share of its names the detector scores DGA-like */
    size_t hosts, infected, flagged; /* flagged: infected or suspicious */
    size_t min_daily_hosts, min_daily_infected; /* hosts at exactly min_daily */
    double purity;         /* of its best cluster (one it dominates); 0 when none */
    size_t cluster_names;  /* names of that cluster */
};

struct tk_hunt_eval_result {
    struct tk_hunt_eval_family *families;
    size_t family_count;
    size_t benign, benign_infected, benign_suspicious;
    size_t clusters, benign_clusters; /* clusters whose names are mostly benign */
    uint64_t queries;
    double seconds;        /* reading the queries into the hunt */
};

/* The families of the sample files (their "family" column), sorted, without repeats; free
 * the array and its strings with tk_hunt_eval_names_free. */
int tk_hunt_eval_families(const char *const *samples, size_t sample_count, char ***names,
                          size_t *count, struct tk_error *err);
void tk_hunt_eval_names_free(char **names, size_t count);

/* A detector trained as `takedown detect --train` does, on dga_per_family names per family,
 * with every family named in leave_out left out of its training. */
int tk_hunt_eval_detector(const struct tk_detect_training *training, char *const *leave_out,
                          size_t leave_out_count, struct tk_detector **out,
                          struct tk_error *err);

int tk_hunt_evaluate(const struct tk_hunt_eval_options *options,
                     struct tk_hunt_eval_result *result, struct tk_error *err);
void tk_hunt_eval_result_free(struct tk_hunt_eval_result *result);

#endif
