/* mmdb_writer.h - a small writer of MaxMind DB files (format 2.0, IPv6 tree with IPv4 under
 * ::/96, 32-bit records) holding country or ASN records. It builds the ASN database from
 * the @ip-location-db ranges, the geography of the synthetic botnet, and hand-checked test
 * databases; libmaxminddb and mmdblookup read what it writes. */
#ifndef TAKEDOWN_MMDB_WRITER_H
#define TAKEDOWN_MMDB_WRITER_H

#include <stdint.h>

#include "takedown/error.h"

struct tk_mmdb_writer;

/* database_type names the kind ("GeoLite2-Country" style names are conventional);
 * description is stored as the English description (our licence line). */
struct tk_mmdb_writer *tk_mmdb_writer_new(const char *database_type, const char *description);
void tk_mmdb_writer_free(struct tk_mmdb_writer *w);

/* Data records, GeoLite2 layout: {"country":{"iso_code":ISO,"names":{"en":NAME}}} (NAME may
 * be NULL) and {"autonomous_system_number":ASN,"autonomous_system_organization":ORG}.
 * Identical records are stored once. Return a handle, or -1 when out of memory. */
long tk_mmdb_country_record(struct tk_mmdb_writer *w, const char *iso_code, const char *name);
long tk_mmdb_asn_record(struct tk_mmdb_writer *w, uint32_t asn, const char *organisation);

/* Maps a network (family 4: 4 address bytes, prefix 1..32; family 6: 16 bytes, 1..128) or
 * an inclusive range of addresses to a record. A later insert overrides an earlier one
 * where they overlap. */
int tk_mmdb_insert(struct tk_mmdb_writer *w, int family, const uint8_t *addr,
                   unsigned prefix_len, long record, struct tk_error *err);
int tk_mmdb_insert_range(struct tk_mmdb_writer *w, int family, const uint8_t *first,
                         const uint8_t *last, long record, struct tk_error *err);

/* Writes the database atomically. */
int tk_mmdb_write(struct tk_mmdb_writer *w, const char *path, uint64_t build_epoch,
                  struct tk_error *err);

#endif
