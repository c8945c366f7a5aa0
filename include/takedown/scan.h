/* scan.h - reading events files into located contacts: each contact within the window,
 * with its UTC day, its address hash and its country and network.
 *
 * Used by `takedown report` (which counts them) and `takedown notify` (which sorts them
 * into bundles). A DNS query is the contact of the Client Subnet it carried, when it did;
 * its source, the resolver, is named apart. Locations come from tk_geo (geo.h), remembered
 * per address in a small cache because bots repeat themselves. Unreadable records go to a
 * callback and reading goes on; what each file held is kept for the report. */
#ifndef TAKEDOWN_SCAN_H
#define TAKEDOWN_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/date.h"
#include "takedown/error.h"
#include "takedown/event_reader.h"
#include "takedown/geo.h"

struct tk_located {
    const struct tk_contact *contact;
    uint64_t address;      /* tk_hash_address() */
    tk_day day;
    char country[3];       /* "" when unknown */
    uint32_t asn;          /* 0 when unknown */
    const char *as_org;    /* "" when unknown; valid until the scan is freed */
    const char *seed_key;  /* "family:variant:seed", "" when untagged */
    size_t seed_key_len;
    /* A query an authoritative server received (contact->authoritative): its source is the
     * resolver that asked, not a host. With an EDNS Client Subnet the contact is the
     * subnet's (contact->addr holds it, and address, country and network are its); without
     * one no host is known and from_resolver is 1. */
    int from_resolver;
    int resolver_family;           /* 4 or 6 for DNS contacts (the source), else 0 */
    const uint8_t *resolver_addr;
    char resolver_country[3];
    uint32_t resolver_asn;
};

struct tk_scan_options {
    int has_from, has_to;
    tk_day from, to;               /* the window, inclusive UTC days */
    enum tk_event_format format;   /* TK_EVENTS_AUTO to recognise each file */
    const struct tk_geo *geo;      /* NULL: no places */
};

struct tk_scan_callbacks {
    /* Each contact in the window; a non-zero return stops the scan with that status. */
    int (*contact)(void *arg, const struct tk_located *located, struct tk_error *err);
    /* Each unreadable record (err->message says file, position and what was expected). */
    void (*bad_record)(void *arg, const struct tk_error *err);
    /* Now and then: bytes of the current file read so far and its size (0 if unknown). */
    void (*progress)(void *arg, const char *path, uint64_t done, uint64_t size,
                     uint64_t contacts);
    void *arg;
};

/* What one file held. */
struct tk_scan_file {
    char *path;
    const char *format;            /* "jsonl", "csv", "dnstap" */
    const char *compression;       /* "none", "gzip", "zstd" */
    struct tk_event_reader_stats stats;
    uint64_t outside_window;       /* contacts before or after the window */
    int failed;                    /* reading stopped early: see failure */
    char failure[512];
};

struct tk_scan;

int tk_scan_new(struct tk_scan **out, const struct tk_scan_options *options,
                const struct tk_scan_callbacks *callbacks, struct tk_error *err);
/* Reads one file ("-": standard input). A file that cannot be opened, or whose reading
 * fails part way, returns its error; what was read before stays counted. */
int tk_scan_file(struct tk_scan *s, const char *path, struct tk_error *err);
size_t tk_scan_file_count(const struct tk_scan *s);
const struct tk_scan_file *tk_scan_file_at(const struct tk_scan *s, size_t i);
/* Contacts handed to the callback. */
uint64_t tk_scan_contacts(const struct tk_scan *s);
uint64_t tk_scan_bad_records(const struct tk_scan *s);
void tk_scan_free(struct tk_scan *s);

#endif
