/* fleet_schema.c - the ClickHouse tables of a fleet (docs/fleet.md): per shard a local
 * ReplacingMergeTree of events, one partition a day, whose sorting key (sensor, seq) makes a
 * retried batch collapse into the rows it repeats; over the cluster a Distributed table that
 * the reports read. Only SQL that ClickHouse 18.16 and current releases both accept. */
#include "takedown/fleet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct column {
    const char *name, *type;
};

/* The event record (docs/EVENTS.md), then what the reports derive from it. fleet_row.c
 * encodes rows in this order. */
static const struct column columns[] = {
    {"sensor", "String"},           {"seq", "UInt64"},
    {"day", "Date"},                {"time", "DateTime"},
    {"time_nsec", "UInt32"},        {"version", "UInt8"},
    {"protocol", "UInt8"},          {"transport", "UInt8"},
    {"src_family", "UInt8"},        {"src", "FixedString(16)"},
    {"sport", "UInt16"},            {"dst_family", "UInt8"},
    {"dst", "FixedString(16)"},     {"dport", "UInt16"},
    {"via_family", "UInt8"},        {"via", "FixedString(16)"},
    {"vport", "UInt16"},            {"name", "String"},
    {"tag_family", "String"},       {"tag_variant", "String"},
    {"tag_seed", "String"},         {"tag_first", "Int32"},
    {"tag_last", "Int32"},          {"dns_qtype", "UInt16"},
    {"dns_qclass", "UInt16"},       {"dns_rcode", "UInt16"},
    {"dns_edns_udp", "UInt16"},     {"dns_edns_version", "UInt8"},
    {"dns_truncated", "UInt8"},     {"dns_drop", "UInt8"},
    {"dns_ecs_family", "UInt8"},    {"dns_ecs_source", "UInt8"},
    {"dns_ecs_addr", "FixedString(16)"}, {"dns_message", "String"},
    {"http_method", "String"},      {"http_path", "String"},
    {"http_user_agent", "String"},  {"http_version_minor", "UInt8"},
    {"http_status", "UInt16"},      {"close", "UInt8"},
    {"payload_bytes", "UInt64"},    {"payload_hashed", "UInt16"},
    {"payload_hash", "FixedString(16)"}, {"http_body_start", "String"},
    {"tcp_duration_ms", "UInt32"},  {"smtp_helo", "String"},
    {"smtp_mail_from", "String"},   {"smtp_esmtp", "UInt8"},
    {"smtp_result", "UInt8"},       {"smtp_rcpt_count", "UInt16"},
    {"smtp_rcpt", "Array(UInt64)"}, {"smtp_size", "UInt64"},
    /* derived, as `takedown report` derives them from the same record */
    {"host", "UInt8"},              {"address", "UInt64"},
    {"host_family", "UInt8"},       {"host_addr", "FixedString(16)"},
    {"country", "String"},          {"asn", "UInt32"},
    {"as_org", "String"},           {"seed_key", "String"},
    {"messages", "UInt32"},         {"resolver", "UInt8"},
    {"resolver_country", "String"}, {"resolver_asn", "UInt32"},
};

#define COLUMN_COUNT (sizeof columns / sizeof columns[0])

const char *tk_fleet_column_list(void)
{
    static char list[2048];
    if (list[0] == '\0') {
        size_t n = 0;
        for (size_t i = 0; i < COLUMN_COUNT; i++)
            n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", i ? ", " : "",
                                  columns[i].name);
    }
    return list;
}

int tk_fleet_check_identifier(const char *what, const char *name, struct tk_error *err)
{
    size_t len = strlen(name);
    int ok = len > 0 && len <= 64 && !(name[0] >= '0' && name[0] <= '9');
    for (size_t i = 0; ok && i < len; i++) {
        char c = name[i];
        ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
             || c == '_';
    }
    if (!ok)
        return tk_error_set(err, TK_ERR_USAGE,
                            "%s: expected a name of letters, digits and '_', got '%s'", what,
                            name);
    return TK_OK;
}

static char *local_table(const struct tk_fleet_schema_options *o)
{
    struct tk_fleet_buf b = {0};
    char line[256];
    int failed = 0;

    snprintf(line, sizeof line, "CREATE TABLE IF NOT EXISTS %s.%s\n(\n", o->database,
             TK_FLEET_LOCAL_TABLE);
    failed |= tk_fleet_buf_put(&b, line, strlen(line));
    for (size_t i = 0; i < COLUMN_COUNT; i++) {
        snprintf(line, sizeof line, "    %s %s%s\n", columns[i].name, columns[i].type,
                 i + 1 < COLUMN_COUNT ? "," : "");
        failed |= tk_fleet_buf_put(&b, line, strlen(line));
    }
    snprintf(line, sizeof line,
             ")\nENGINE = ReplacingMergeTree()\nPARTITION BY day\nORDER BY (sensor, seq)\n");
    failed |= tk_fleet_buf_put(&b, line, strlen(line));
    if (o->ttl_days) {
        snprintf(line, sizeof line, "TTL day + INTERVAL %u DAY\n", o->ttl_days);
        failed |= tk_fleet_buf_put(&b, line, strlen(line));
    }
    snprintf(line, sizeof line, "SETTINGS index_granularity = 8192");
    failed |= tk_fleet_buf_put(&b, line, strlen(line));
    if (failed) {
        tk_fleet_buf_free(&b);
        return NULL;
    }
    return (char *)b.data;
}

int tk_fleet_schema(const struct tk_fleet_schema_options *o, char ***statements, size_t *count,
                    struct tk_error *err)
{
    char **out;
    char text[512];
    int rc;

    *statements = NULL;
    *count = 0;
    if ((rc = tk_fleet_check_identifier("--database", o->database, err))
        || (rc = tk_fleet_check_identifier("--cluster", o->cluster, err)))
        return rc;
    if ((out = calloc(3, sizeof *out)) == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    snprintf(text, sizeof text, "CREATE DATABASE IF NOT EXISTS %s", o->database);
    out[0] = strdup(text);
    out[1] = local_table(o);
    /* Rows are inserted into the local tables by the shippers; the sharding key only
     * matters to an INSERT into the Distributed table, which keeps a sensor on one shard. */
    snprintf(text, sizeof text,
             "CREATE TABLE IF NOT EXISTS %s.%s AS %s.%s\n"
             "ENGINE = Distributed(%s, %s, %s, cityHash64(sensor))",
             o->database, TK_FLEET_TABLE, o->database, TK_FLEET_LOCAL_TABLE, o->cluster,
             o->database, TK_FLEET_LOCAL_TABLE);
    out[2] = strdup(text);
    if (out[0] == NULL || out[1] == NULL || out[2] == NULL) {
        tk_fleet_schema_free(out, 3);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    *statements = out;
    *count = 3;
    return TK_OK;
}

void tk_fleet_schema_free(char **statements, size_t count)
{
    if (statements == NULL)
        return;
    for (size_t i = 0; i < count; i++)
        free(statements[i]);
    free(statements);
}
