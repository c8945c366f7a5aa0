/* notify.c - notification bundles per country or network (see include/takedown/notify.h).
 *
 * Contacts become rows, one per (address, family, tag, UTC day), keeping the day's first
 * contact; each row belongs to the bundle of its country or network. Writing sorts each
 * bundle's rows a few ways to count distinct addresses per family and per network, then
 * by time for the CSV. */
#include "takedown/notify.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_util.h"
#include "takedown/atomic_file.h"
#include "takedown/country.h"
#include "takedown/csv.h"
#include "takedown/distinct.h"
#include "takedown/hash64.h"
#include "takedown/strpool.h"
#include "util/u64map.h"

struct row {
    int64_t time_sec;
    uint64_t address;     /* hash: equal for equal addresses */
    uint32_t bundle;
    uint32_t asn;
    uint32_t family;      /* id in strings; 0 when untagged */
    uint32_t tag;         /* id of "family:variant:seed"; 0 when untagged */
    uint16_t port;
    uint8_t addr_family;
    char country[2];
    uint8_t addr[16];
};

struct bundle_acc {
    uint64_t key;         /* country letters or ASN */
    uint32_t org;         /* network name id */
    uint64_t events;
};

struct tk_notify {
    enum tk_notify_by by;
    uint64_t exact_limit;
    struct row *rows;
    size_t row_count, row_capacity;
    struct u64map row_index;
    struct bundle_acc *bundles;
    uint32_t bundle_count, bundle_capacity;
    struct u64map bundle_index;
    struct tk_strpool *strings;
    struct u64map network_names; /* ASN -> id of its name in strings */
    struct tk_distinct total;
};

int tk_notify_new(struct tk_notify **out, enum tk_notify_by by, uint64_t exact_limit,
                  struct tk_error *err)
{
    struct tk_notify *n = calloc(1, sizeof *n);

    *out = NULL;
    if (n == NULL || (n->strings = tk_strpool_new()) == NULL) {
        free(n);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    n->by = by;
    n->exact_limit = exact_limit;
    *out = n;
    return TK_OK;
}

void tk_notify_free(struct tk_notify *n)
{
    if (n == NULL)
        return;
    free(n->rows);
    u64map_free(&n->row_index);
    free(n->bundles);
    u64map_free(&n->bundle_index);
    u64map_free(&n->network_names);
    tk_strpool_free(n->strings);
    tk_distinct_free(&n->total);
    free(n);
}

static uint64_t bundle_key(const struct tk_notify *n, const struct tk_located *l)
{
    if (n->by == TK_NOTIFY_BY_ASN)
        return l->asn;
    return l->country[0] ? (uint64_t)(unsigned char)l->country[0] << 8 | (unsigned char)l->country[1]
                         : 0;
}

static int find_bundle(struct tk_notify *n, const struct tk_located *l, uint32_t *index)
{
    uint64_t key = bundle_key(n, l);
    uint32_t i = u64map_get(&n->bundle_index, key);

    if (i == UINT32_MAX) {
        if (n->bundle_count == n->bundle_capacity) {
            uint32_t capacity = n->bundle_capacity ? n->bundle_capacity * 2 : 64;
            struct bundle_acc *grown = realloc(n->bundles, capacity * sizeof *grown);
            if (grown == NULL)
                return TK_ERR_NOMEM;
            n->bundles = grown;
            n->bundle_capacity = capacity;
        }
        i = n->bundle_count;
        if (u64map_put(&n->bundle_index, key, i))
            return TK_ERR_NOMEM;
        n->bundles[i].key = key;
        n->bundles[i].org = 0;
        n->bundles[i].events = 0;
        n->bundle_count++;
    }
    n->bundles[i].events++;
    if (l->asn && l->as_org[0] && u64map_get(&n->network_names, l->asn) == UINT32_MAX) {
        uint32_t name = tk_strpool_intern(n->strings, l->as_org, strlen(l->as_org));
        if (name == 0 || u64map_put(&n->network_names, l->asn, name))
            return TK_ERR_NOMEM;
        if (n->by == TK_NOTIFY_BY_ASN)
            n->bundles[i].org = name;
    }
    *index = i;
    return TK_OK;
}

int tk_notify_add(struct tk_notify *n, const struct tk_located *l, struct tk_error *err)
{
    const struct tk_contact *c = l->contact;
    uint32_t family = 0, tag = 0, bundle, existing;
    uint64_t key;
    struct row *r;

    if (l->from_resolver)
        return TK_OK; /* a resolver is no infected host: it goes in no bundle */

    if (c->family.len && ((family = tk_strpool_intern(n->strings, c->family.ptr, c->family.len)) == 0
                          || (tag = tk_strpool_intern(n->strings, l->seed_key, l->seed_key_len)) == 0))
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    if (find_bundle(n, l, &bundle) || tk_distinct_add(&n->total, l->address, n->exact_limit))
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    key = tk_mix64(l->address ^ tk_mix64((uint64_t)tag << 32 | (uint32_t)l->day));
    existing = u64map_get(&n->row_index, key);
    if (existing != UINT32_MAX) {
        r = &n->rows[existing];
        if (c->time_sec < r->time_sec) {
            r->time_sec = c->time_sec;
            r->port = c->port;
        }
        return TK_OK;
    }
    if (n->row_count == n->row_capacity) {
        size_t capacity = n->row_capacity ? n->row_capacity * 2 : 1024;
        struct row *grown = capacity > UINT32_MAX ? NULL : realloc(n->rows, capacity * sizeof *grown);
        if (grown == NULL)
            return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        n->rows = grown;
        n->row_capacity = capacity;
    }
    if (u64map_put(&n->row_index, key, (uint32_t)n->row_count))
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    r = &n->rows[n->row_count++];
    memset(r, 0, sizeof *r);
    r->time_sec = c->time_sec;
    r->address = l->address;
    r->bundle = bundle;
    r->asn = l->asn;
    r->family = family;
    r->tag = tag;
    r->port = c->port;
    r->addr_family = (uint8_t)c->addr_family;
    r->country[0] = l->country[0];
    r->country[1] = l->country[0] ? l->country[1] : '\0';
    memcpy(r->addr, c->addr, c->addr_family == 6 ? 16 : 4);
    return TK_OK;
}

int tk_notify_add_events(struct tk_notify *n, const struct tk_located *l, uint64_t events,
                         struct tk_error *err)
{
    int rc = tk_notify_add(n, l, err);
    if (rc == TK_OK && events > 1 && !l->from_resolver)
        n->bundles[u64map_get(&n->bundle_index, bundle_key(n, l))].events += events - 1;
    return rc;
}

uint64_t tk_notify_total(const struct tk_notify *n)
{
    return tk_distinct_count(&n->total);
}

int tk_notify_total_exact(const struct tk_notify *n)
{
    return tk_distinct_is_exact(&n->total);
}

/* Orders for the rows of one bundle. */
static int cmp_u64(uint64_t a, uint64_t b)
{
    return (a > b) - (a < b);
}

static int by_bundle_address(const void *x, const void *y)
{
    const struct row *a = x, *b = y;
    return a->bundle != b->bundle ? cmp_u64(a->bundle, b->bundle) : cmp_u64(a->address, b->address);
}

static int by_family_address(const void *x, const void *y)
{
    const struct row *a = x, *b = y;
    return a->family != b->family ? cmp_u64(a->family, b->family) : cmp_u64(a->address, b->address);
}

/* The other place: the network inside a country bundle, the country inside a network one. */
static uint64_t other_place(const struct row *r, enum tk_notify_by by)
{
    return by == TK_NOTIFY_BY_COUNTRY ? r->asn
                                      : (uint64_t)(unsigned char)r->country[0] << 8
                                            | (unsigned char)r->country[1];
}

static int by_place_address(const void *x, const void *y, void *arg)
{
    const struct row *a = x, *b = y;
    enum tk_notify_by by = *(const enum tk_notify_by *)arg;
    uint64_t pa = other_place(a, by), pb = other_place(b, by);
    return pa != pb ? cmp_u64(pa, pb) : cmp_u64(a->address, b->address);
}

static int by_time_address(const void *x, const void *y)
{
    const struct row *a = x, *b = y;
    if (a->time_sec != b->time_sec)
        return (a->time_sec > b->time_sec) - (a->time_sec < b->time_sec);
    if (a->addr_family != b->addr_family)
        return a->addr_family - b->addr_family;
    int c = memcmp(a->addr, b->addr, sizeof a->addr);
    return c ? c : cmp_u64(a->tag, b->tag);
}

/* Distinct addresses per value of a key, from rows sorted by (key, address). */
struct tally_item {
    uint64_t key;
    uint64_t addresses;
};

static int by_addresses_desc(const void *x, const void *y)
{
    const struct tally_item *a = x, *b = y;
    return a->addresses != b->addresses ? cmp_u64(b->addresses, a->addresses) : cmp_u64(a->key, b->key);
}

static size_t count_per_key(const struct row *rows, size_t n,
                            uint64_t (*key)(const struct row *, enum tk_notify_by),
                            enum tk_notify_by by, struct tally_item *items)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t k = key(&rows[i], by);
        if (count == 0 || items[count - 1].key != k) {
            items[count].key = k;
            items[count].addresses = 0;
            count++;
        }
        if (i == 0 || key(&rows[i - 1], by) != k || rows[i - 1].address != rows[i].address)
            items[count - 1].addresses++;
    }
    qsort(items, count, sizeof *items, by_addresses_desc);
    return count;
}

static uint64_t family_key(const struct row *r, enum tk_notify_by by)
{
    (void)by;
    return r->family;
}

/* Letters, digits, '.' and '-' stay; every other run of characters becomes one '-'. */
static void append_safe(char *out, size_t size, const char *text)
{
    size_t n = strlen(out);
    for (const char *p = text; *p && n + 1 < size; p++) {
        char c = *p;
        int keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                   || c == '.';
        if (keep)
            out[n++] = c;
        else if (n > 0 && out[n - 1] != '-')
            out[n++] = '-';
    }
    while (n > 0 && out[n - 1] == '-')
        n--;
    out[n] = '\0';
}

static void name_bundle(const struct tk_notify *n, const struct bundle_acc *b,
                        struct tk_notify_bundle *out)
{
    out->name[0] = '\0';
    if (n->by == TK_NOTIFY_BY_COUNTRY) {
        const struct tk_country *country;
        out->key[0] = b->key ? (char)(b->key >> 8) : '-';
        out->key[1] = b->key ? (char)b->key : '-';
        out->key[2] = '\0';
        country = b->key ? tk_country_find(out->key) : NULL;
        out->label = country ? country->name : b->key ? out->key : "not located";
        snprintf(out->recipient, sizeof out->recipient, "%s",
                 country && country->cert ? country->cert : "national CERT");
        if (b->key == 0) {
            strcpy(out->name, "unlocated");
            strcpy(out->recipient, "none (no country known)");
            return;
        }
        append_safe(out->name, sizeof out->name, out->key);
        if (country) {
            strcat(out->name, "-");
            append_safe(out->name, sizeof out->name, country->name);
            if (country->cert) {
                strcat(out->name, "-");
                append_safe(out->name, sizeof out->name, country->cert);
            }
        }
        return;
    }
    snprintf(out->key, sizeof out->key, "AS%" PRIu64, b->key);
    out->label = b->org ? tk_strpool_get(n->strings, b->org) : "";
    snprintf(out->recipient, sizeof out->recipient, "abuse desk of %s", out->key);
    if (b->key == 0) {
        strcpy(out->name, "unlocated");
        strcpy(out->recipient, "none (no network known)");
        out->label = "not located";
        return;
    }
    append_safe(out->name, sizeof out->name, out->key);
    if (out->label[0]) {
        char org[61];
        snprintf(org, sizeof org, "%s", out->label);
        strcat(out->name, "-");
        append_safe(out->name, sizeof out->name, org);
    }
}

static void write_csv(FILE *out, const struct tk_notify *n, const struct row *rows, size_t count)
{
    char stamp[32], address[64];

    fputs("timestamp,ip,port,asn,geo,family,tag\n", out);
    for (size_t i = 0; i < count; i++) {
        const struct row *r = &rows[i];
        report_format_time(r->time_sec, stamp);
        stamp[10] = ' ';
        stamp[19] = '\0'; /* "2020-03-01 12:00:00", UTC, as Shadowserver writes it */
        report_format_address(r->addr_family, r->addr, address);
        fprintf(out, "%s,%s,%u,%u,%.2s,", stamp, address, r->port, (unsigned)r->asn,
                r->country[0] ? r->country : "");
        tk_csv_put_text(out, tk_strpool_get(n->strings, r->family));
        putc(',', out);
        tk_csv_put_text(out, tk_strpool_get(n->strings, r->tag));
        putc('\n', out);
    }
}

static void write_window(FILE *out, const struct tk_notify_context *ctx, int64_t first,
                         int64_t last)
{
    char a[32], b[32];
    if (ctx->has_from || ctx->has_to) {
        if (ctx->has_from)
            tk_day_format(ctx->from, a);
        if (ctx->has_to)
            tk_day_format(ctx->to, b);
        fprintf(out, "Window: %s to %s (UTC days).\n", ctx->has_from ? a : "the first event",
                ctx->has_to ? b : "the last event");
    }
    report_format_time(first, a);
    report_format_time(last, b);
    fprintf(out, "First contact %s, last contact %s.\n", a, b);
}

/* The summary of one bundle; rows are sorted by (family, address) on entry and left in
 * another order. */
static int write_summary(FILE *out, const struct tk_notify *n, const struct tk_notify_bundle *b,
                         struct row *rows, size_t count, const struct tk_notify_context *ctx,
                         struct tally_item *items)
{
    uint64_t total = tk_notify_total(n);
    int64_t first = rows[0].time_sec, last = rows[0].time_sec;
    size_t families, places;

    for (size_t i = 1; i < count; i++) {
        if (rows[i].time_sec < first)
            first = rows[i].time_sec;
        if (rows[i].time_sec > last)
            last = rows[i].time_sec;
    }
    if (n->by == TK_NOTIFY_BY_COUNTRY)
        fprintf(out, "To: %s (%s, %s)\n", b->recipient, b->label, b->key);
    else
        fprintf(out, "To: the %s (%s)\n", b->recipient, b->label[0] ? b->label : "name unknown");
    fprintf(out, "Subject: %" PRIu64 " infected hosts in %s%s%s\n\n", b->addresses,
            n->by == TK_NOTIFY_BY_COUNTRY ? b->label : b->key,
            n->by == TK_NOTIFY_BY_ASN && b->label[0] ? " " : "", n->by == TK_NOTIFY_BY_ASN ? b->label : "");
    fprintf(out, "%" PRIu64 " distinct IP addresses in %s contacted botnet sinkholes: %.2f %% of "
                 "the %s%" PRIu64 " distinct addresses seen. These hosts looked up or connected "
                 "to domain names that a botnet's domain generation algorithm produces and that "
                 "now point to sinkholes: they are very likely infected.\n",
            b->addresses, n->by == TK_NOTIFY_BY_COUNTRY ? b->label : b->key,
            total ? 100.0 * (double)b->addresses / (double)total : 0.0,
            tk_notify_total_exact(n) ? "" : "about ", total);
    write_window(out, ctx, first, last);
    fprintf(out, "Events: %" PRIu64 ".\n\nFamilies (distinct addresses):\n", b->events);
    families = count_per_key(rows, count, family_key, n->by, items);
    for (size_t i = 0; i < families; i++)
        fprintf(out, "  %-24s %" PRIu64 "\n",
                items[i].key ? tk_strpool_get(n->strings, (uint32_t)items[i].key) : "(untagged)",
                items[i].addresses);
    qsort_r(rows, count, sizeof *rows, by_place_address, (void *)&n->by);
    places = count_per_key(rows, count, other_place, n->by, items);
    fprintf(out, "\n%s (distinct addresses, largest first):\n",
            n->by == TK_NOTIFY_BY_COUNTRY ? "Networks" : "Countries");
    for (size_t i = 0; i < places && i < 20; i++) {
        if (n->by == TK_NOTIFY_BY_COUNTRY) {
            uint32_t name = u64map_get(&n->network_names, items[i].key);
            char as[24];
            snprintf(as, sizeof as, "AS%" PRIu64, items[i].key);
            fprintf(out, "  %-10s %-40.40s %" PRIu64 "\n", as,
                    name != UINT32_MAX ? tk_strpool_get(n->strings, name) : "", items[i].addresses);
        }
        else
            fprintf(out, "  %c%c %" PRIu64 "\n", items[i].key ? (char)(items[i].key >> 8) : '-',
                    items[i].key ? (char)items[i].key : '-', items[i].addresses);
    }
    if (places > 20)
        fprintf(out, "  (%zu more in the CSV)\n", places - 20);
    fprintf(out, "\n%s.csv has one row per address, family, tag and UTC day (the first contact "
                 "that day), %" PRIu64 " rows, in the Shadowserver column order: timestamp (UTC), "
                 "ip, port, asn, geo, family, tag (family:variant:seed).\n\nPlaces of addresses:\n",
            b->name, b->rows);
    for (size_t i = 0; i < tk_geo_db_count(ctx->geo); i++) {
        const struct tk_geo_db_info *db = tk_geo_db(ctx->geo, i);
        fprintf(out, "  %s: %s. %s\n", db->role, db->type, db->licence);
    }
    if (tk_geo_db_count(ctx->geo) == 0)
        fputs("  none\n", out);
    fprintf(out, "\nGenerated by %s.\n", ctx->generator ? ctx->generator : "takedown");
    return TK_OK;
}

static int write_file(const char *path, struct tk_error *err,
                      void (*fill)(FILE *out, void *arg), void *arg)
{
    struct tk_atomic_file file;
    int rc;

    if ((rc = tk_atomic_open(&file, path, err)))
        return rc;
    fill(file.fp, arg);
    if (ferror(file.fp)) {
        tk_atomic_abort(&file);
        return tk_error_set(err, TK_ERR_IO, "%s: write failed", path);
    }
    return tk_atomic_commit(&file, err);
}

struct bundle_job {
    const struct tk_notify *n;
    const struct tk_notify_bundle *bundle;
    struct row *rows;
    size_t count;
    const struct tk_notify_context *ctx;
    struct tally_item *items;
};

static void fill_summary(FILE *out, void *arg)
{
    struct bundle_job *job = arg;
    write_summary(out, job->n, job->bundle, job->rows, job->count, job->ctx, job->items);
}

static void fill_csv(FILE *out, void *arg)
{
    struct bundle_job *job = arg;
    qsort(job->rows, job->count, sizeof *job->rows, by_time_address);
    write_csv(out, job->n, job->rows, job->count);
}

static int write_bundle(const char *dir, struct bundle_job *job, struct tk_error *err)
{
    const char *name = job->bundle->name;
    char path[4096 + 300];
    int rc;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    if ((rc = tk_make_dirs(path, 0755, err)))
        return rc;
    qsort(job->rows, job->count, sizeof *job->rows, by_family_address);
    snprintf(path, sizeof path, "%s/%s/summary.txt", dir, name);
    if ((rc = write_file(path, err, fill_summary, job)))
        return rc;
    snprintf(path, sizeof path, "%s/%s/%s.csv", dir, name, name);
    return write_file(path, err, fill_csv, job);
}

struct index_job {
    const struct tk_notify *n;
    const struct tk_notify_bundle *bundles;
    size_t count;
};

static void fill_index(FILE *out, void *arg)
{
    struct index_job *job = arg;
    uint64_t total = tk_notify_total(job->n);

    fputs("bundle,key,name,recipient,addresses,share,rows,events\n", out);
    for (size_t i = 0; i < job->count; i++) {
        const struct tk_notify_bundle *b = &job->bundles[i];
        tk_csv_put_text(out, b->name);
        putc(',', out);
        tk_csv_put_text(out, b->key);
        putc(',', out);
        tk_csv_put_text(out, b->label);
        putc(',', out);
        tk_csv_put_text(out, b->recipient);
        fprintf(out, ",%" PRIu64 ",%.6f,%" PRIu64 ",%" PRIu64 "\n", b->addresses,
                total ? (double)b->addresses / (double)total : 0.0, b->rows, b->events);
    }
}

static int by_bundle_size(const void *x, const void *y)
{
    const struct tk_notify_bundle *a = x, *b = y;
    return a->addresses != b->addresses ? cmp_u64(b->addresses, a->addresses)
                                        : strcmp(a->name, b->name);
}

int tk_notify_write(struct tk_notify *n, const char *dir, const struct tk_notify_context *ctx,
                    struct tk_notify_bundle **bundles_out, size_t *count_out,
                    struct tk_error *err)
{
    struct tk_notify_bundle *bundles = calloc(n->bundle_count ? n->bundle_count : 1, sizeof *bundles);
    struct tally_item *items = malloc((n->row_count ? n->row_count : 1) * sizeof *items);
    /* What a run writes, so what a later run may replace: index.csv and the bundles. */
    static const char *const index_name[] = {"index.csv", NULL};
    static const char *const bundle_files[] = {"csv", "txt", NULL};
    static const struct tk_atomic_dir_shape shape = {.names = index_name,
                                                     .subdir_extensions = bundle_files};
    struct tk_atomic_dir target;
    struct index_job index;
    size_t written = 0, start = 0;
    char path[4096 + 32];
    int rc = TK_OK;

    *bundles_out = NULL;
    *count_out = 0;
    if (bundles == NULL || items == NULL) {
        free(bundles);
        free(items);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    if ((rc = tk_atomic_dir_open(&target, dir, &shape, err)))
        goto done;
    qsort(n->rows, n->row_count, sizeof *n->rows, by_bundle_address);
    while (start < n->row_count && rc == TK_OK) {
        size_t end = start;
        uint64_t addresses = 0;
        const struct bundle_acc *acc = &n->bundles[n->rows[start].bundle];
        struct tk_notify_bundle *b = &bundles[written];
        struct bundle_job job;
        while (end < n->row_count && n->rows[end].bundle == n->rows[start].bundle) {
            if (end == start || n->rows[end].address != n->rows[end - 1].address)
                addresses++;
            end++;
        }
        if (addresses >= ctx->min_addresses && addresses > 0) {
            name_bundle(n, acc, b);
            b->addresses = addresses;
            b->rows = end - start;
            b->events = acc->events;
            job = (struct bundle_job){n, b, n->rows + start, end - start, ctx, items};
            if ((rc = write_bundle(target.temp_path, &job, err)) == TK_OK)
                written++;
        }
        start = end;
    }
    if (rc == TK_OK) {
        qsort(bundles, written, sizeof *bundles, by_bundle_size);
        index = (struct index_job){n, bundles, written};
        snprintf(path, sizeof path, "%s/index.csv", target.temp_path);
        rc = write_file(path, err, fill_index, &index);
    }
    if (rc == TK_OK)
        rc = tk_atomic_dir_commit(&target, err);
    else
        tk_atomic_dir_abort(&target);
done:
    free(items);
    if (rc) {
        free(bundles);
        return rc;
    }
    *bundles_out = bundles;
    *count_out = written;
    return TK_OK;
}
