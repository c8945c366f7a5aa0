/* p2p_ui.h - the pieces of `p2p analyze` and `p2p simulate` output that both print: the
 * betweenness summary, the geo databases, places, and the per-country and per-ASN tables. */
#ifndef TAKEDOWN_CLI_P2P_UI_H
#define TAKEDOWN_CLI_P2P_UI_H

#include <stdio.h>

#include "cli/p2p_common.h"

/* Median and largest relative standard error of the (up to) 20 highest betweenness
 * estimates, and how many were counted; all 0 when betweenness was skipped. */
void p2p_betweenness_error(const struct tk_p2p_loaded *l, double *median, double *max,
                           size_t *counted);
void p2p_print_betweenness_summary(FILE *out, const struct tk_p2p_loaded *l);

/* "geo: ..." lines naming each database with its date and licence. */
void p2p_print_geo_sources(FILE *out, const struct tk_geo *geo);
/* "geo":[...] */
void p2p_print_geo_json(FILE *out, const struct tk_geo *geo);

/* The node's country code, or "-"; its ASN as text in buf, or "-". */
const char *p2p_country_text(const struct tk_p2p_loaded *l, size_t v);
const char *p2p_asn_text(const struct tk_p2p_loaded *l, size_t v, char buf[16]);

/* Super-nodes per country (all) and per ASN (the first rows). */
void p2p_print_groups(FILE *out, const struct tk_p2p_loaded *l, size_t rows);
/* "countries":[...],"asns":[...] */
void p2p_print_groups_json(FILE *out, const struct tk_p2p_loaded *l);

#endif
