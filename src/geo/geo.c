/* geo.c - country and ASN lookups over MaxMind-format databases with libmaxminddb. */
#include "takedown/geo.h"

#include <arpa/inet.h>
#include <errno.h>
#include <maxminddb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { ROLE_COUNTRY, ROLE_ASN, ROLE_COUNT };

struct open_db {
    MMDB_s mmdb;
    int open;
    char *path;
    char *licence;
    struct tk_geo_db_info info;
};

struct tk_geo {
    struct open_db db[ROLE_COUNT];
    size_t count;
    struct tk_geo_db_info *listed[ROLE_COUNT];
};

/* First line of path, or NULL when it cannot be read. */
static char *read_first_line(const char *path)
{
    FILE *f = fopen(path, "r");
    char line[512];
    if (f == NULL)
        return NULL;
    if (fgets(line, sizeof line, f) == NULL) {
        fclose(f);
        return NULL;
    }
    fclose(f);
    line[strcspn(line, "\r\n")] = '\0';
    return strdup(line);
}

static int open_one(struct tk_geo *g, int role, const char *path, struct tk_error *err)
{
    struct open_db *d = &g->db[role];
    char sidecar[4096];
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return tk_error_set(err, TK_ERR_IO, "%s: is a directory", path);
    int status = MMDB_open(path, MMDB_MODE_MMAP, &d->mmdb);

    if (status != MMDB_SUCCESS)
        return tk_error_set(err, TK_ERR_IO, "%s: %s", path,
                            status == MMDB_IO_ERROR ? strerror(errno) : MMDB_strerror(status));
    d->open = 1;
    d->path = strdup(path);
    snprintf(sidecar, sizeof sidecar, "%s.licence", path);
    d->licence = read_first_line(sidecar);
    if (d->licence == NULL) {
        const MMDB_metadata_s *m = &d->mmdb.metadata;
        for (size_t i = 0; i < m->description.count; i++)
            if (strcmp(m->description.descriptions[i]->language, "en") == 0)
                d->licence = strdup(m->description.descriptions[i]->description);
        if (d->licence == NULL)
            d->licence = strdup("unknown");
    }
    if (d->path == NULL || d->licence == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    d->info.role = role == ROLE_COUNTRY ? "country" : "asn";
    d->info.path = d->path;
    d->info.type = d->mmdb.metadata.database_type;
    d->info.built = (time_t)d->mmdb.metadata.build_epoch;
    d->info.licence = d->licence;
    g->listed[g->count++] = &d->info;
    return TK_OK;
}

int tk_geo_open(struct tk_geo **out, const char *country_path, const char *asn_path,
                struct tk_error *err)
{
    struct tk_geo *g = calloc(1, sizeof *g);
    int rc = TK_OK;

    *out = NULL;
    if (g == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    if (country_path)
        rc = open_one(g, ROLE_COUNTRY, country_path, err);
    if (rc == TK_OK && asn_path)
        rc = open_one(g, ROLE_ASN, asn_path, err);
    if (rc) {
        tk_geo_close(g);
        return rc;
    }
    *out = g;
    return TK_OK;
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Builds DIR/asn.mmdb from the range CSVs in DIR, when they are there. */
static int import_asn(const char *dir, const char *asn_path, struct tk_error *err)
{
    char v4[4096], v6[4096], licence_path[4096];
    const char *csv[2];
    size_t count = 0;
    char *licence;
    int rc;

    snprintf(v4, sizeof v4, "%s/asn-ipv4.csv", dir);
    snprintf(v6, sizeof v6, "%s/asn-ipv6.csv", dir);
    if (exists(v4))
        csv[count++] = v4;
    if (exists(v6))
        csv[count++] = v6;
    if (count == 0)
        return TK_OK;
    snprintf(licence_path, sizeof licence_path, "%s/asn.licence", dir);
    licence = read_first_line(licence_path);
    rc = tk_geo_import_asn_csv(csv, count, asn_path, licence ? licence : "unknown", err);
    free(licence);
    return rc;
}

int tk_geo_open_dir(struct tk_geo **out, const char *dir, struct tk_error *err)
{
    char country[4096], asn[4096];
    int rc;

    snprintf(country, sizeof country, "%s/country.mmdb", dir);
    snprintf(asn, sizeof asn, "%s/asn.mmdb", dir);
    if (!exists(asn) && (rc = import_asn(dir, asn, err)))
        return rc;
    if (!exists(country) && !exists(asn)) {
        *out = NULL;
        return tk_error_set(err, TK_ERR_IO, "%s: no country.mmdb or asn.mmdb (fetch them with "
                            "scripts/fetch-geo.sh)", dir);
    }
    return tk_geo_open(out, exists(country) ? country : NULL, exists(asn) ? asn : NULL, err);
}

static int lookup(const struct open_db *d, int family, const uint8_t *addr,
                  MMDB_lookup_result_s *result, struct tk_error *err)
{
    struct sockaddr_in v4 = {0};
    struct sockaddr_in6 v6 = {0};
    const struct sockaddr *sa;
    int mmdb_error;

    if (family == 4) {
        v4.sin_family = AF_INET;
        memcpy(&v4.sin_addr, addr, 4);
        sa = (const struct sockaddr *)&v4;
    } else {
        v6.sin6_family = AF_INET6;
        memcpy(&v6.sin6_addr, addr, 16);
        sa = (const struct sockaddr *)&v6;
    }
    *result = MMDB_lookup_sockaddr(&d->mmdb, sa, &mmdb_error);
    if (mmdb_error != MMDB_SUCCESS)
        return tk_error_set(err, TK_ERR_DATA, "%s: %s", d->path, MMDB_strerror(mmdb_error));
    return TK_OK;
}

/* The prefix length, in the address's own family, of the network a lookup ended in: an
 * IPv4 address in an IPv6 tree has its network counted from bit 96. */
static uint8_t network_prefix(const struct open_db *d, int family,
                              const MMDB_lookup_result_s *found)
{
    unsigned mask = found->netmask;
    if (family == 4 && d->mmdb.metadata.ip_version == 6)
        mask = mask > 96 ? mask - 96 : 0;
    return (uint8_t)mask;
}

static void copy_string(const MMDB_entry_data_s *v, char *out, size_t size)
{
    size_t n = v->data_size < size - 1 ? v->data_size : size - 1;
    memcpy(out, v->utf8_string, n);
    out[n] = '\0';
}

int tk_geo_lookup(const struct tk_geo *g, int family, const uint8_t *addr,
                  struct tk_geo_result *r, struct tk_error *err)
{
    MMDB_lookup_result_s found;
    MMDB_entry_data_s v;
    int rc;

    memset(r, 0, sizeof *r);
    if (g->db[ROLE_COUNTRY].open) {
        if ((rc = lookup(&g->db[ROLE_COUNTRY], family, addr, &found, err)))
            return rc;
        r->prefix = network_prefix(&g->db[ROLE_COUNTRY], family, &found);
        if (found.found_entry
            && ((MMDB_get_value(&found.entry, &v, "country", "iso_code", NULL) == MMDB_SUCCESS
                 && v.has_data && v.type == MMDB_DATA_TYPE_UTF8_STRING)
                || (MMDB_get_value(&found.entry, &v, "country_code", NULL) == MMDB_SUCCESS
                    && v.has_data && v.type == MMDB_DATA_TYPE_UTF8_STRING)))
            copy_string(&v, r->country, sizeof r->country);
    }
    if (g->db[ROLE_ASN].open) {
        if ((rc = lookup(&g->db[ROLE_ASN], family, addr, &found, err)))
            return rc;
        if (network_prefix(&g->db[ROLE_ASN], family, &found) > r->prefix)
            r->prefix = network_prefix(&g->db[ROLE_ASN], family, &found);
        if (found.found_entry
            && MMDB_get_value(&found.entry, &v, "autonomous_system_number", NULL) == MMDB_SUCCESS
            && v.has_data && v.type == MMDB_DATA_TYPE_UINT32)
            r->asn = v.uint32;
        if (found.found_entry
            && MMDB_get_value(&found.entry, &v, "autonomous_system_organization", NULL)
                   == MMDB_SUCCESS
            && v.has_data && v.type == MMDB_DATA_TYPE_UTF8_STRING)
            copy_string(&v, r->as_org, sizeof r->as_org);
    }
    return TK_OK;
}

/* The country of a data record, remembered by its offset: a country database has a few
 * hundred records for hundreds of thousands of networks. */
struct country_cache {
    uint32_t offset[1024];
    char code[1024][3];
};

static void record_country(struct country_cache *cache, MMDB_entry_s *entry, char out[3])
{
    size_t slot = (entry->offset * 2654435761u) % 1024;
    MMDB_entry_data_s v;
    if (cache->offset[slot] == entry->offset + 1) {
        memcpy(out, cache->code[slot], 3);
        return;
    }
    out[0] = '\0';
    if ((MMDB_get_value(entry, &v, "country", "iso_code", NULL) == MMDB_SUCCESS && v.has_data
         && v.type == MMDB_DATA_TYPE_UTF8_STRING)
        || (MMDB_get_value(entry, &v, "country_code", NULL) == MMDB_SUCCESS && v.has_data
            && v.type == MMDB_DATA_TYPE_UTF8_STRING))
        copy_string(&v, out, 3);
    cache->offset[slot] = entry->offset + 1;
    memcpy(cache->code[slot], out, 3);
}

int tk_geo_each_ipv4_country(const struct tk_geo *g,
                             int (*fn)(void *arg, uint32_t first, unsigned prefix,
                                       const char country[3]),
                             void *arg, struct tk_error *err)
{
    const struct open_db *d = &g->db[ROLE_COUNTRY];
    struct { uint32_t node, first; unsigned depth; } stack[40];
    struct country_cache *cache;
    uint32_t node = 0, node_count;
    size_t top = 0;
    int rc = TK_OK;

    if (!d->open)
        return tk_error_set(err, TK_ERR_DATA, "no country database");
    node_count = d->mmdb.metadata.node_count;
    /* In an IPv6 tree, IPv4 is ::/96: 96 left turns from the root. */
    for (int bit = 0; d->mmdb.metadata.ip_version == 6 && bit < 96; bit++) {
        MMDB_search_node_s n;
        if (MMDB_read_node(&d->mmdb, node, &n) != MMDB_SUCCESS
            || n.left_record_type != MMDB_RECORD_TYPE_SEARCH_NODE)
            return tk_error_set(err, TK_ERR_DATA, "%s: no IPv4 networks", d->path);
        node = (uint32_t)n.left_record;
    }
    if ((cache = calloc(1, sizeof *cache)) == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    stack[top].node = node;
    stack[top].first = 0;
    stack[top++].depth = 0;
    while (top > 0 && rc == TK_OK) {
        MMDB_search_node_s n;
        uint32_t first = stack[--top].first;
        unsigned depth = stack[top].depth;
        if (depth >= 32 || MMDB_read_node(&d->mmdb, stack[top].node, &n) != MMDB_SUCCESS) {
            rc = tk_error_set(err, TK_ERR_DATA, "%s: corrupt search tree", d->path);
            break;
        }
        /* Right first on the stack, so the left half (lower addresses) comes out first. */
        for (int side = 1; side >= 0 && rc == TK_OK; side--) {
            uint8_t type = side ? n.right_record_type : n.left_record_type;
            uint64_t record = side ? n.right_record : n.left_record;
            uint32_t half = first | (side ? 1u << (31 - depth) : 0);
            char code[3];
            if (type == MMDB_RECORD_TYPE_SEARCH_NODE && record < node_count) {
                stack[top].node = (uint32_t)record;
                stack[top].first = half;
                stack[top++].depth = depth + 1;
            } else if (type == MMDB_RECORD_TYPE_DATA) {
                record_country(cache, side ? &n.right_record_entry : &n.left_record_entry, code);
                if (code[0])
                    rc = fn(arg, half, depth + 1, code);
            }
        }
    }
    free(cache);
    return rc;
}

size_t tk_geo_db_count(const struct tk_geo *g)
{
    return g ? g->count : 0;
}

const struct tk_geo_db_info *tk_geo_db(const struct tk_geo *g, size_t i)
{
    return i < g->count ? g->listed[i] : NULL;
}

void tk_geo_close(struct tk_geo *g)
{
    if (g == NULL)
        return;
    for (int i = 0; i < ROLE_COUNT; i++) {
        if (g->db[i].open)
            MMDB_close(&g->db[i].mmdb);
        free(g->db[i].path);
        free(g->db[i].licence);
    }
    free(g);
}
