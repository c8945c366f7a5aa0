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
