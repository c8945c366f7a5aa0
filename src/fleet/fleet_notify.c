/* fleet_notify.c - `takedown notify --source clickhouse://`: the bundles' rows computed by the
 * cluster, one per host, seed and UTC day with its first contact and its count of contacts,
 * handed to the bundles (notify.h) as a day's first contact standing for the others. */
#include "takedown/fleet_report.h"

#include <stdio.h>
#include <string.h>

#include "takedown/hex.h"

struct feed {
    struct tk_notify *n;
    struct tk_fleet_buf answer;
};

/* host_family, hex(host_addr), address, country, asn, as_org, tag_family, seed_key, day,
 * first time, its port, contacts */
#define FIELDS 12

static int feed_row(struct feed *f, struct tk_fleet_answer *a, struct tk_error *err)
{
    struct tk_contact c = {0};
    struct tk_located l = {0};
    uint64_t v[3], family, address, asn, day;
    size_t country_len = strlen(a->fields[3]);

    if (tk_fleet_answer_u64(a, 0, &family, err) || (family != 4 && family != 6)
        || strlen(a->fields[1]) != 32 || tk_hex_decode(a->fields[1], 16, c.addr)
        || tk_fleet_answer_u64(a, 2, &address, err) || tk_fleet_answer_u64(a, 4, &asn, err)
        || tk_fleet_answer_u64(a, 8, &day, err) || tk_fleet_answer_u64(a, 9, &v[0], err)
        || tk_fleet_answer_u64(a, 10, &v[1], err) || tk_fleet_answer_u64(a, 11, &v[2], err)
        || (country_len != 0 && country_len != 2))
        return tk_error_set(err, TK_ERR_DATA, "answer line %u: expected a host's row", a->line);
    c.addr_family = (int)family;
    c.time_sec = (int64_t)v[0];
    c.port = (uint16_t)v[1];
    c.family = (struct tk_text){a->fields[6], strlen(a->fields[6])};
    l.contact = &c;
    l.address = address;
    l.day = (tk_day)day;
    memcpy(l.country, a->fields[3], country_len);
    l.asn = (uint32_t)asn;
    l.as_org = a->fields[5];
    l.seed_key = a->fields[7];
    l.seed_key_len = strlen(a->fields[7]);
    return tk_notify_add_events(f->n, &l, v[2], err);
}

int tk_fleet_notify(const struct tk_fleet_server *server, const struct tk_fleet_report_query *q,
                    struct tk_notify *n, struct tk_error *err)
{
    struct feed f = {.n = n};
    struct tk_fleet_answer a;
    char sql[1400], where[160], from[11], to[11];
    int rc, got;

    size_t len = (size_t)snprintf(where, sizeof where, "1");
    if (q->has_from) {
        tk_day_format(q->from, from);
        len += (size_t)snprintf(where + len, sizeof where - len, " AND day >= toDate('%s')", from);
    }
    if (q->has_to) {
        tk_day_format(q->to, to);
        snprintf(where + len, sizeof where - len, " AND day <= toDate('%s')", to);
    }
    /* A host's port is none for a DNS query (its Client Subnet's), as the file reader has it. */
    snprintf(sql, sizeof sql,
             "SELECT host_family, hex(host_addr), address, any(country), any(asn), any(as_org), "
             "tag_family, seed_key, toUInt16(day), toUInt32(min(time)), "
             "argMin(if(protocol = 1, 0, sport), toUInt64(time) * 1000000000 + time_nsec), "
             "count() FROM %s.%s "
             "WHERE host = 1 AND %s GROUP BY address, host_family, host_addr, tag_family, "
             "seed_key, day FORMAT TabSeparated", server->database, TK_FLEET_TABLE, where);
    if ((rc = tk_fleet_http(server, sql, NULL, 0, &f.answer, err))) {
        tk_fleet_buf_free(&f.answer);
        return rc;
    }
    tk_fleet_answer_init(&a, (char *)f.answer.data, f.answer.len);
    while ((got = tk_fleet_answer_row(&a, FIELDS, err)) == 1)
        if ((rc = feed_row(&f, &a, err)))
            break;
    if (got < 0) {
        tk_error_prefix(err, "ClickHouse at %s", server->base);
        rc = TK_ERR_DATA;
    }
    tk_fleet_buf_free(&f.answer);
    return rc;
}
