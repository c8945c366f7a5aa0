/* fleet_report.c - `takedown report` computed in ClickHouse: every figure is one GROUP BY over
 * the Distributed table (uniqExact, or uniqCombined with --approx), and only the small
 * results travel. They fill a tally (tally_preset.c) and the report's counts, so the report's
 * outputs print them exactly as they print a report of files. */
#include "takedown/fleet_report.h"

#include <stdlib.h>
#include <string.h>

#include "takedown/hex.h"

struct query {
    const struct tk_fleet_server *server;
    const struct tk_fleet_report_query *q;
    struct tk_tally *tally;
    struct tk_fleet_buf answer;
    char where[160];
    const char *uniq;          /* "uniqExact" or "uniqCombined" */
};

/* A group's distinct count, by its key, until the report's groups exist. */
struct keyed_count {
    uint64_t key, distinct;
};

typedef int (*row_fn)(struct query *c, struct tk_fleet_answer *a, void *arg, struct tk_error *err);

static int each_row(struct query *c, const char *sql, size_t fields, row_fn fn, void *arg,
                    struct tk_error *err)
{
    struct tk_fleet_answer a;
    int rc, got;

    if ((rc = tk_fleet_http(c->server, sql, NULL, 0, &c->answer, err)))
        return rc;
    tk_fleet_answer_init(&a, (char *)c->answer.data, c->answer.len);
    while ((got = tk_fleet_answer_row(&a, fields, err)) == 1)
        if ((rc = fn(c, &a, arg, err)))
            return rc;
    if (got < 0) {
        tk_error_prefix(err, "ClickHouse at %s", c->server->base);
        return TK_ERR_DATA;
    }
    return TK_OK;
}

static int numbers(const struct tk_fleet_answer *a, size_t from, size_t n, uint64_t *out,
                   struct tk_error *err)
{
    for (size_t i = 0; i < n; i++)
        if (tk_fleet_answer_u64(a, from + i, &out[i], err))
            return TK_ERR_DATA;
    return TK_OK;
}

/* An address from hex(FixedString(16)). */
static int address(const struct tk_fleet_answer *a, size_t field, uint8_t addr[16],
                   struct tk_error *err)
{
    if (strlen(a->fields[field]) != 32 || tk_hex_decode(a->fields[field], 16, addr) != 0)
        return tk_error_set(err, TK_ERR_DATA, "answer line %u: expected 32 hex digits", a->line);
    return TK_OK;
}

static void country_text(const char *field, char country[3])
{
    size_t len = strlen(field) == 2 ? 2 : 0;
    memcpy(country, field, len);
    country[len] = '\0';
}

/* ---- totals ---- */

static int totals_row(struct query *c, struct tk_fleet_answer *a, void *arg, struct tk_error *err)
{
    struct tk_report *r = arg;
    uint64_t v[6];
    if (numbers(a, 0, 6, v, err))
        return TK_ERR_DATA;
    tk_tally_preset_totals(c->tally, v[0], (int64_t)v[2], (int64_t)v[3], v[4]);
    r->total = v[1];
    r->total_exact = !c->q->approx;
    if (tk_tally_preset_spam_recipients(c->tally, v[5], c->q->approx))
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    return TK_OK;
}

/* ---- groups ---- */

struct groups {
    enum tk_dimension d;
    struct keyed_count *counts;
    size_t count, cap;
};

static const char *const group_keys[TK_DIMENSIONS] = {
    "country, ''", "toString(asn), any(as_org)", "toString(toUInt16(day)), ''",
    "tag_family, ''", "seed_key, ''", "toString(protocol), ''",
};
static const char *const group_by[TK_DIMENSIONS] = {
    "country", "asn", "day", "tag_family", "seed_key", "protocol",
};

static int group_row(struct query *c, struct tk_fleet_answer *a, void *arg, struct tk_error *err)
{
    struct groups *gs = arg;
    int numeric = gs->d == TK_BY_ASN || gs->d == TK_BY_DAY || gs->d == TK_BY_PROTOCOL;
    uint64_t key = 0, v[2];
    struct tk_group *g;

    if ((numeric && tk_fleet_answer_u64(a, 0, &key, err)) || numbers(a, 2, 2, v, err))
        return TK_ERR_DATA;
    if (gs->count == gs->cap) {
        size_t cap = gs->cap ? gs->cap * 2 : 64;
        struct keyed_count *grown = realloc(gs->counts, cap * sizeof *grown);
        if (grown == NULL)
            return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        gs->counts = grown;
        gs->cap = cap;
    }
    g = tk_tally_preset_group(c->tally, gs->d, key, gs->d == TK_BY_ASN ? a->fields[1] : a->fields[0],
                              v[1]);
    if (g == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    gs->counts[gs->count++] = (struct keyed_count){g->key, v[0]};
    return TK_OK;
}

static int by_key(const void *x, const void *y)
{
    const struct keyed_count *a = x, *b = y;
    return (a->key > b->key) - (a->key < b->key);
}

/* Gives the report's groups of d (made by tk_report_init) their distinct counts. */
static void apply_counts(const struct query *c, struct tk_report *r, struct groups *gs)
{
    struct tk_report_groups *by = &r->by[gs->d];
    qsort(gs->counts, gs->count, sizeof *gs->counts, by_key);
    for (size_t i = 0; i < by->count; i++) {
        struct keyed_count want = {by->groups[i].group->key, 0};
        const struct keyed_count *found =
            bsearch(&want, gs->counts, gs->count, sizeof *gs->counts, by_key);
        by->groups[i].distinct = found ? found->distinct : 0;
        by->groups[i].exact = !c->q->approx;
    }
    tk_tally_sort_groups(by->groups, by->count, gs->d);
}

/* ---- spam and resolvers ---- */

static int bot_row(struct query *c, struct tk_fleet_answer *a, void *arg, struct tk_error *err)
{
    uint8_t addr[16];
    char country[3];
    uint64_t family, v[3];
    struct tk_bot *bot;
    (void)arg;
    if (tk_fleet_answer_u64(a, 0, &family, err) || address(a, 1, addr, err)
        || numbers(a, 3, 3, v, err) || (family != 4 && family != 6))
        return tk_error_set(err, TK_ERR_DATA, "answer line %u: expected a bot", a->line);
    country_text(a->fields[2], country);
    bot = tk_tally_preset_bot(c->tally, (int)family, addr, country, (uint32_t)v[0], v[1]);
    if (bot == NULL || tk_tally_preset_distinct(&bot->recipients, v[2], c->q->approx))
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    return TK_OK;
}

static int resolver_row(struct query *c, struct tk_fleet_answer *a, void *arg,
                        struct tk_error *err)
{
    uint8_t addr[16];
    char country[3];
    uint64_t family, v[3];
    (void)arg;
    if (tk_fleet_answer_u64(a, 0, &family, err) || address(a, 1, addr, err)
        || numbers(a, 3, 3, v, err) || (family != 4 && family != 6))
        return tk_error_set(err, TK_ERR_DATA, "answer line %u: expected a resolver", a->line);
    country_text(a->fields[2], country);
    if (tk_tally_preset_resolver(c->tally, (int)family, addr, country, (uint32_t)v[0], v[1], v[2]))
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    return TK_OK;
}

/* ---- the report ---- */

static void make_where(struct query *c)
{
    char from[11], to[11];
    size_t n = (size_t)snprintf(c->where, sizeof c->where, "1");
    if (c->q->has_from) {
        tk_day_format(c->q->from, from);
        n += (size_t)snprintf(c->where + n, sizeof c->where - n, " AND day >= toDate('%s')", from);
    }
    if (c->q->has_to) {
        tk_day_format(c->q->to, to);
        snprintf(c->where + n, sizeof c->where - n, " AND day <= toDate('%s')", to);
    }
}

static int count_everything(struct query *c, struct tk_report *r, struct groups *gs,
                            struct tk_error *err)
{
    const char *db = c->server->database, *u = c->uniq;
    char sql[1024];
    int rc;

    snprintf(sql, sizeof sql,
             "SELECT count(), %s(address), toUInt32(min(time)), toUInt32(max(time)), "
             "sum(messages), %sArray(smtp_rcpt) FROM %s.%s WHERE host = 1 AND %s "
             "FORMAT TabSeparated", u, u, db, TK_FLEET_TABLE, c->where);
    if ((rc = each_row(c, sql, 6, totals_row, r, err)))
        return rc;
    for (int d = 0; d < TK_DIMENSIONS; d++) {
        if (!(c->q->dimensions & 1u << d))
            continue;
        gs[d].d = (enum tk_dimension)d;
        snprintf(sql, sizeof sql,
                 "SELECT %s, %s(address), count() FROM %s.%s WHERE host = 1 AND %s GROUP BY %s "
                 "FORMAT TabSeparated", group_keys[d], u, db, TK_FLEET_TABLE, c->where, group_by[d]);
        if ((rc = each_row(c, sql, 4, group_row, &gs[d], err)))
            return rc;
    }
    snprintf(sql, sizeof sql,
             "SELECT host_family, hex(host_addr), any(country), any(asn), sum(messages), "
             "%sArray(smtp_rcpt) FROM %s.%s WHERE host = 1 AND messages > 0 AND %s "
             "GROUP BY address, host_family, host_addr FORMAT TabSeparated", u, db, TK_FLEET_TABLE,
             c->where);
    if ((rc = each_row(c, sql, 6, bot_row, NULL, err)))
        return rc;
    snprintf(sql, sizeof sql,
             "SELECT src_family, hex(src), any(resolver_country), any(resolver_asn), count(), "
             "countIf(host = 1) FROM %s.%s WHERE resolver = 1 AND %s GROUP BY src_family, src "
             "FORMAT TabSeparated", db, TK_FLEET_TABLE, c->where);
    return each_row(c, sql, 6, resolver_row, NULL, err);
}

int tk_fleet_report(const struct tk_fleet_server *server, const struct tk_fleet_report_query *q,
                    struct tk_tally *tally, const struct tk_scan *scan, struct tk_report *r,
                    struct tk_error *err)
{
    struct query c = {.server = server, .q = q, .tally = tally,
                      .uniq = q->approx ? "uniqCombined" : "uniqExact"};
    struct groups gs[TK_DIMENSIONS] = {0};
    uint64_t total = 0;
    int total_exact = 1, rc;

    make_where(&c);
    rc = count_everything(&c, r, gs, err);
    total = r->total;
    total_exact = r->total_exact;
    if (rc == TK_OK && (rc = tk_report_init(r, tally, scan, NULL, err)) == TK_OK) {
        r->total = total;
        r->total_exact = total_exact;
        for (int d = 0; d < TK_DIMENSIONS; d++)
            if (q->dimensions & 1u << d)
                apply_counts(&c, r, &gs[d]);
    }
    for (int d = 0; d < TK_DIMENSIONS; d++)
        free(gs[d].counts);
    tk_fleet_buf_free(&c.answer);
    return rc;
}
