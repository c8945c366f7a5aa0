/* fields.h - the field values every text format shares: timestamps and IP addresses.
 * Private to src/ingest. */
#ifndef TAKEDOWN_INGEST_FIELDS_H
#define TAKEDOWN_INGEST_FIELDS_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/event_reader.h"

/* Accepts Unix seconds ("1583020800", "1583020800.25") and ISO 8601 / RFC 3339 UTC times:
 * "2020-03-01", "2020-03-01T12:00", "2020-03-01 12:00:00.123456Z", "...+05:30". Returns
 * 0, or -1 when s[0..len) is none of these. */
int ingest_parse_timestamp(const char *s, size_t len, int64_t *sec, uint32_t *nsec);

/* An IPv4 or IPv6 address in text; IPv4-mapped IPv6 addresses become IPv4. Sets *family
 * (4 or 6) and addr (4 or 16 bytes). Returns 0 or -1. */
int ingest_parse_address(const char *s, size_t len, int *family, uint8_t addr[16]);

/* "ADDRESS/PREFIX" (an EDNS Client Subnet): the prefix at most 32 for IPv4 and 128 for
 * IPv6, the bits past it cleared. Returns 0, or -1. */
int ingest_parse_subnet(const char *s, size_t len, int *family, uint8_t addr[16],
                        uint8_t *prefix);

/* What a contact's tag lacks, "printable text in tag.family" (a control character or bytes
 * that are not UTF-8, which tables would pass to a terminal), or NULL when its tag is
 * printable. */
const char *ingest_contact_text_problem(const struct tk_contact *c);

#endif
