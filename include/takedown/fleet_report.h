/* fleet_report.h - the figures of `takedown report` and the rows of `takedown notify`
 * computed by a ClickHouse cluster from the events its shards hold (docs/fleet.md): the same
 * report and bundle structures, filled from SQL. */
#ifndef TAKEDOWN_FLEET_REPORT_H
#define TAKEDOWN_FLEET_REPORT_H

#include "takedown/date.h"
#include "takedown/fleet.h"
#include "takedown/notify.h"
#include "takedown/report.h"
#include "takedown/scan.h"
#include "takedown/tally.h"

struct tk_fleet_report_query {
    int has_from, has_to;
    tk_day from, to;           /* the window, inclusive UTC days */
    unsigned dimensions;       /* groupings to count (1u << enum tk_dimension) */
    int approx;                /* uniqCombined (an HLL) instead of uniqExact */
};

/* Counts in ClickHouse and fills r as tk_report_init would from a tally of the same events;
 * tally (new, with the dimensions asked for) receives the groups, bots and resolvers. scan
 * (may hold no file) is what r lists as read. */
int tk_fleet_report(const struct tk_fleet_server *server, const struct tk_fleet_report_query *q,
                    struct tk_tally *tally, const struct tk_scan *scan, struct tk_report *r,
                    struct tk_error *err);

/* The rows of the notification bundles (one per host, seed and UTC day, its first contact
 * and how many there were), computed in ClickHouse, into n. q's dimensions are not used. */
int tk_fleet_notify(const struct tk_fleet_server *server, const struct tk_fleet_report_query *q,
                    struct tk_notify *n, struct tk_error *err);

#endif
