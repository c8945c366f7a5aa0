/* geo.h - country and autonomous system of an IP address, from MaxMind-format databases
 * (.mmdb) read with libmaxminddb.
 *
 * A country database may be GeoLite2/GeoIP2-Country style (country.iso_code) or DB-IP /
 * ip-location-db style (country_code); an ASN database GeoLite2-ASN style
 * (autonomous_system_number, autonomous_system_organization). Each database is named with
 * its type, build date and licence: the licence is the first line of PATH.licence when that
 * file exists, else the database's own English description. */
#ifndef TAKEDOWN_GEO_H
#define TAKEDOWN_GEO_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "takedown/error.h"

struct tk_geo;

struct tk_geo_db_info {
    const char *role; /* "country" or "asn" */
    const char *path;
    const char *type; /* the database_type in its metadata */
    time_t built;     /* build_epoch */
    const char *licence;
};

struct tk_geo_result {
    char country[3];  /* ISO 3166-1 alpha-2, "" when not found */
    uint32_t asn;     /* 0 when not found */
    char as_org[128]; /* "" when not found */
    uint8_t prefix;   /* the answer holds for the whole network of this prefix length around
                         the address (the longer of both databases'), so it can be cached */
};

/* Opens either database or both (a NULL path is skipped). */
int tk_geo_open(struct tk_geo **out, const char *country_path, const char *asn_path,
                struct tk_error *err);

/* Opens DIR/country.mmdb and DIR/asn.mmdb, those present. When asn.mmdb is missing but
 * DIR/asn-ipv4.csv or DIR/asn-ipv6.csv (the @ip-location-db/asn ranges) are there, builds
 * asn.mmdb from them first (see tk_geo_import_asn_csv), once. TK_ERR_IO when neither
 * database can be had. */
int tk_geo_open_dir(struct tk_geo **out, const char *dir, struct tk_error *err);

/* family 4 (addr holds 4 bytes) or 6 (16 bytes). Fields not found are left empty. */
int tk_geo_lookup(const struct tk_geo *g, int family, const uint8_t *addr,
                  struct tk_geo_result *result, struct tk_error *err);

/* Calls fn for every IPv4 network the country database gives a country: its first address
 * (host order), prefix length and country code. A non-zero return from fn stops the walk
 * with that status. TK_ERR_DATA when there is no country database or its tree is corrupt. */
int tk_geo_each_ipv4_country(const struct tk_geo *g,
                             int (*fn)(void *arg, uint32_t first, unsigned prefix,
                                       const char country[3]),
                             void *arg, struct tk_error *err);

size_t tk_geo_db_count(const struct tk_geo *g);
const struct tk_geo_db_info *tk_geo_db(const struct tk_geo *g, size_t i);
void tk_geo_close(struct tk_geo *g);

/* Writes an ASN .mmdb (GeoLite2-ASN layout) at out_path from range CSV files, each line
 * FIRST_IP,LAST_IP,ASN,ORGANISATION (the organisation may be quoted, RFC 4180), with
 * description as its licence text. A malformed line stops it with FILE:LINE. */
int tk_geo_import_asn_csv(const char *const *csv_paths, size_t count, const char *out_path,
                          const char *description, struct tk_error *err);

/* One line of such a CSV. Returns TK_OK (with *skip set for a blank or '#' line) or
 * TK_ERR_DATA saying what was expected. */
struct tk_asn_range {
    int family; /* 4 or 6; both ends are of the same family */
    uint8_t first[16], last[16];
    uint32_t asn;
    char organisation[256];
};

int tk_asn_csv_parse_line(const char *line, size_t len, struct tk_asn_range *range, int *skip,
                          struct tk_error *err);

#endif
