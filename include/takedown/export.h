/* export.h - block-list writers: the formats registries and resolvers consume.
 *
 *   list     one name per line
 *   csv      domain,family,variant,seed,first_date,last_date (RFC 4180 with a header row,
 *            after '#' comment lines naming families, seeds, window and generation time)
 *   jsonl    one JSON object per name: {"domain":...,"tags":[{family,variant,seed,first,last}]}
 *   rpz      a Response Policy Zone: SOA, NS, then `name CNAME .` (NXDOMAIN) per name
 *   unbound  local-zone lines: always_nxdomain, or redirect to the sinkhole address
 *   dnsmasq  address=/name/IP (or address=/name/ for NXDOMAIN)
 *   hosts    "IP name" lines
 *
 * Block-list formats (rpz, unbound, dnsmasq, hosts) lower-case names and skip names that
 * their consumers cannot hold (counted in tk_writer_skipped). */
#ifndef TAKEDOWN_EXPORT_H
#define TAKEDOWN_EXPORT_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "takedown/date.h"
#include "takedown/error.h"

enum tk_format {
    TK_FORMAT_LIST,
    TK_FORMAT_CSV,
    TK_FORMAT_JSONL,
    TK_FORMAT_RPZ,
    TK_FORMAT_UNBOUND,
    TK_FORMAT_DNSMASQ,
    TK_FORMAT_HOSTS
};

int tk_format_parse(const char *name, enum tk_format *out, struct tk_error *err);
const char *tk_format_name(enum tk_format format);
/* The usual file extension: "txt", "csv", "jsonl", "rpz", "conf", "hosts". */
const char *tk_format_extension(enum tk_format format);
int tk_format_is_blocklist(enum tk_format format);

struct tk_export_options {
    enum tk_format format;
    const char *sinkhole_ip;  /* unbound/dnsmasq/hosts: answer this instead of NXDOMAIN */
    const char *rpz_origin;   /* default "rpz.takedown." */
    int rpz_wildcard;         /* also block every name below each listed name */
    uint32_t ttl;             /* RPZ TTL, default 300 */
};

#define TK_EXPORT_NAME_MAX 253      /* bytes of a domain name without its final dot */
#define TK_EXPORT_TTL_MAX 2147483647 /* RFC 2181 section 8 */

/* Checks every option value a writer puts into its files before anything is written: the
 * sinkhole address must parse as IPv4 or IPv6 (it is written in canonical form), the RPZ
 * origin must be a domain name of letters, digits, '-' and '_' (written lower-case and
 * absolute), the TTL at most TK_EXPORT_TTL_MAX. Returns TK_ERR_USAGE with a line naming
 * the option. tk_writer_open checks the same, so no caller can write an unchecked value. */
int tk_export_options_check(const struct tk_export_options *options, struct tk_error *err);

/* What the file is: written as comments at the top of formats that allow them. */
struct tk_export_header {
    const char *families; /* "necurs" or "necurs,ranbyus" */
    const char *seeds;    /* "9" or "magic=9,10" */
    tk_day from, to;      /* window; from > to when unknown */
    time_t generated;
    const char *scope;    /* e.g. "names under .in", or NULL */
};

struct tk_tag {
    const char *family;
    const char *variant;
    const char *seed;
    tk_day first;
    tk_day last;
};

struct tk_writer;

int tk_writer_open(FILE *out, const struct tk_export_options *options,
                   const struct tk_export_header *header, struct tk_writer **writer,
                   struct tk_error *err);
/* Writes one name with its tags (ntags may be 0). */
int tk_writer_name(struct tk_writer *writer, const char *name, size_t len,
                   const struct tk_tag *tags, size_t ntags);
/* Finishes the file; returns TK_ERR_IO if any write failed. Frees the writer. */
int tk_writer_close(struct tk_writer *writer, struct tk_error *err);
uint64_t tk_writer_written(const struct tk_writer *writer);
uint64_t tk_writer_skipped(const struct tk_writer *writer);

#endif
