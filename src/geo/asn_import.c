/* asn_import.c - the @ip-location-db/asn range CSVs (FIRST_IP,LAST_IP,ASN,ORGANISATION)
 * turned into an ASN .mmdb, so that lookups are a tree walk instead of a search over half a
 * million ranges. */
#include "takedown/geo.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "takedown/csv.h"
#include "takedown/mmdb_writer.h"
#include "takedown/read_file.h"

static int parse_address(const char *s, size_t len, int *family, uint8_t out[16])
{
    char text[INET6_ADDRSTRLEN];
    if (len == 0 || len >= sizeof text)
        return -1;
    memcpy(text, s, len);
    text[len] = '\0';
    memset(out, 0, 16);
    if (inet_pton(AF_INET, text, out) == 1) {
        *family = 4;
        return 0;
    }
    if (inet_pton(AF_INET6, text, out) == 1) {
        *family = 6;
        return 0;
    }
    return -1;
}

/* The field at *at into out (tk_csv_next), and past the comma after it. */
static long next_field(const char *line, size_t len, size_t *at, char *out, size_t size)
{
    long n = tk_csv_next(line, len, at, out, size);
    if (n >= 0 && *at < len)
        (*at)++;
    return n;
}

int tk_asn_csv_parse_line(const char *line, size_t len, struct tk_asn_range *r, int *skip,
                          struct tk_error *err)
{
    const char *p = line, *end = line + len;
    char first[64], last[64], asn[16];
    long first_len, last_len, asn_len;
    int last_family;
    char *stop;

    *skip = 0;
    while (end > p && (end[-1] == '\r' || end[-1] == ' '))
        end--;
    if (p == end || *p == '#') {
        *skip = 1;
        return TK_OK;
    }
    if (memchr(p, '\0', (size_t)(end - p)))
        return tk_error_set(err, TK_ERR_DATA, "expected text, found a NUL byte");
    size_t at = 0, n = (size_t)(end - p);
    first_len = next_field(p, n, &at, first, sizeof first);
    last_len = first_len < 0 ? -1 : next_field(p, n, &at, last, sizeof last);
    asn_len = last_len < 0 ? -1 : next_field(p, n, &at, asn, sizeof asn);
    if (asn_len < 0 || next_field(p, n, &at, r->organisation, sizeof r->organisation) < 0
        || at != n)
        return tk_error_set(err, TK_ERR_DATA, "expected FIRST_IP,LAST_IP,ASN,ORGANISATION");
    if (parse_address(first, (size_t)first_len, &r->family, r->first)
        || parse_address(last, (size_t)last_len, &last_family, r->last)
        || last_family != r->family)
        return tk_error_set(err, TK_ERR_DATA, "expected two IP addresses of the same family");
    if (memcmp(r->first, r->last, 16) > 0)
        return tk_error_set(err, TK_ERR_DATA, "expected the range's first address before its "
                                              "last");
    errno = 0;
    unsigned long value = strtoul(asn, &stop, 10);
    if (asn_len == 0 || *stop != '\0' || asn[0] == '-' || asn[0] == '+' || asn[0] == ' '
        || errno || value > UINT32_MAX)
        return tk_error_set(err, TK_ERR_DATA, "expected an AS number, found '%.15s'", asn);
    r->asn = (uint32_t)value;
    return TK_OK;
}

static int import_file(struct tk_mmdb_writer *w, const char *path, struct tk_error *err)
{
    FILE *f = tk_file_open(path, err);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    unsigned long lineno = 0;
    struct tk_asn_range range;
    int rc = TK_OK, skip;

    if (f == NULL)
        return TK_ERR_IO;
    while (rc == TK_OK && (n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        if (n && line[n - 1] == '\n')
            n--;
        rc = tk_asn_csv_parse_line(line, (size_t)n, &range, &skip, err);
        if (rc == TK_OK && !skip) {
            long record = tk_mmdb_asn_record(w, range.asn, range.organisation);
            rc = record < 0 ? tk_error_set(err, TK_ERR_NOMEM, "out of memory")
                            : tk_mmdb_insert_range(w, range.family, range.first, range.last,
                                                   record, err);
        }
        if (rc)
            tk_error_prefix(err, "%s:%lu", path, lineno);
    }
    if (rc == TK_OK && ferror(f))
        rc = tk_error_set(err, TK_ERR_IO, "%s: read error", path);
    free(line);
    tk_file_close(f);
    return rc;
}

int tk_geo_import_asn_csv(const char *const *csv_paths, size_t count, const char *out_path,
                          const char *description, struct tk_error *err)
{
    struct tk_mmdb_writer *w = tk_mmdb_writer_new("takedown-ASN", description);
    int rc = w ? TK_OK : tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < count && rc == TK_OK; i++)
        rc = import_file(w, csv_paths[i], err);
    if (rc == TK_OK)
        rc = tk_mmdb_write(w, out_path, (uint64_t)time(NULL), err);
    tk_mmdb_writer_free(w);
    return rc;
}
