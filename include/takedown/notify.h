/* notify.h - notification bundles: the infected hosts of each country (for its national
 * CERT) or each network (for its abuse desk), each bundle a directory named so that the
 * recipient sees at once that it is theirs ("IN-India-CERT-In", "AS9829-BSNL"), holding a
 * CSV in the Shadowserver column order (timestamp, ip, port, asn, geo, family, tag) and a
 * short text summary. docs/notify.md documents the files.
 *
 * The CSV has one row per address, family, tag and UTC day: the first contact of that
 * day. Rows are kept in memory until written (about 64 bytes each), so memory grows with
 * distinct (address, family, day) triples, never with the number of events. */
#ifndef TAKEDOWN_NOTIFY_H
#define TAKEDOWN_NOTIFY_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "takedown/error.h"
#include "takedown/geo.h"
#include "takedown/scan.h"

enum tk_notify_by { TK_NOTIFY_BY_COUNTRY, TK_NOTIFY_BY_ASN };

struct tk_notify;

int tk_notify_new(struct tk_notify **out, enum tk_notify_by by, uint64_t exact_limit,
                  struct tk_error *err);
void tk_notify_free(struct tk_notify *n);
int tk_notify_add(struct tk_notify *n, const struct tk_located *l, struct tk_error *err);
/* The same for a contact that stands for `events` contacts of its address, tag and UTC day
 * counted elsewhere (`notify --source clickhouse://`): l is the day's first of them. */
int tk_notify_add_events(struct tk_notify *n, const struct tk_located *l, uint64_t events,
                         struct tk_error *err);

/* What the summaries say about the run. */
struct tk_notify_context {
    int has_from, has_to;
    tk_day from, to;
    const struct tk_geo *geo;   /* its databases are named with their licences */
    const char *generator;
    time_t generated;
    uint64_t min_addresses;     /* bundles with fewer distinct addresses are not written */
};

/* One bundle as written. */
struct tk_notify_bundle {
    char name[128];             /* the directory under dir, also the CSV's base name */
    char key[16];               /* "IN" or "AS9829" ("--" / "AS0": not located) */
    char recipient[64];         /* "CERT-In", "national CERT", "abuse desk of AS9829" */
    const char *label;          /* country or network name */
    uint64_t addresses;         /* distinct */
    uint64_t rows;
    uint64_t events;
};

/* Writes one directory per bundle (holding NAME.csv and summary.txt) and index.csv into a
 * hidden sibling of dir and swaps it in for dir as a whole (tk_atomic_dir_open): an
 * existing dir must hold only index.csv and directories of .csv and .txt files (an earlier
 * run's bundles), which are removed. *bundles (freed by the caller) lists them, largest
 * first. */
int tk_notify_write(struct tk_notify *n, const char *dir, const struct tk_notify_context *ctx,
                    struct tk_notify_bundle **bundles, size_t *count, struct tk_error *err);

/* Distinct addresses over every bundle (all of the input in the window). */
uint64_t tk_notify_total(const struct tk_notify *n);
int tk_notify_total_exact(const struct tk_notify *n);

#endif
