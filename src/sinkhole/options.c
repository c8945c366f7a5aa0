/* options.c - the settings of `takedown sinkhole` from flags and config files (see
 * include/takedown/sinkhole_options.h). */
#include "takedown/sinkhole_options.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sinkhole/options_internal.h"
#include "takedown/domain.h"
#include "takedown/event_clock.h"
#include "takedown/read_file.h"
#include "util/grow.h"

void tk_sinkhole_options_init(struct tk_sinkhole_options *o)
{
    memset(o, 0, sizeof *o);
    tk_sinkhole_config_defaults(&o->server);
    o->log.jsonl = 1;
    o->log.queue_events = 16384;
    o->log.rotate_bytes = 256ull << 20;
    o->log.rotate_seconds = 3600;
    o->log.fsync_interval_ms = 1000;
    snprintf(o->sensor, sizeof o->sensor, "sinkhole");
}

static void free_list(char **items, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(items[i]);
    free(items);
}

void tk_sinkhole_options_free(struct tk_sinkhole_options *o)
{
    free_list(o->names_files, o->names_count);
    free_list(o->zones, o->zone_count);
    o->names_files = o->zones = NULL;
    o->names_count = o->zone_count = 0;
}

static int append(char ***items, size_t *count, size_t *cap, const char *value,
                  struct tk_error *err)
{
    if (tk_grow((void **)items, cap, *count + 1, sizeof **items))
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    if (((*items)[*count] = strdup(value)) == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    (*count)++;
    return TK_OK;
}

int tk_parse_socket_address(const char *text, unsigned default_port, struct sockaddr_storage *out,
                            struct tk_error *err)
{
    char host[INET6_ADDRSTRLEN + 2];
    const char *port_text = NULL;
    size_t hlen;

    memset(out, 0, sizeof *out);
    if (text[0] == '[') {
        const char *end = strchr(text, ']');
        if (end == NULL || (end[1] != '\0' && end[1] != ':'))
            return tk_error_set(err, TK_ERR_USAGE, "expected [IPv6]:PORT");
        hlen = (size_t)(end - text - 1);
        if (hlen >= sizeof host)
            return tk_error_set(err, TK_ERR_USAGE, "expected an IPv6 address in brackets");
        memcpy(host, text + 1, hlen);
        host[hlen] = '\0';
        if (end[1] == ':')
            port_text = end + 2;
    } else {
        const char *colon = strchr(text, ':');
        if (colon && strchr(colon + 1, ':'))
            colon = NULL; /* a bare IPv6 address */
        hlen = colon ? (size_t)(colon - text) : strlen(text);
        if (hlen >= sizeof host)
            return tk_error_set(err, TK_ERR_USAGE, "expected an IP address");
        memcpy(host, text, hlen);
        host[hlen] = '\0';
        if (colon)
            port_text = colon + 1;
    }
    unsigned long port = default_port;
    if (port_text) {
        char *end;
        errno = 0;
        port = strtoul(port_text, &end, 10);
        if (!isdigit((unsigned char)*port_text) || *end != '\0' || errno || port > 65535)
            return tk_error_set(err, TK_ERR_USAGE, "expected a port 0-65535");
    }
    if (strchr(host, '%'))
        return tk_error_set(err, TK_ERR_USAGE,
                            "expected an address without a %%zone (link-local addresses are "
                            "not supported)");
    struct sockaddr_in *s4 = (struct sockaddr_in *)(void *)out;
    struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)(void *)out;
    if (inet_pton(AF_INET, host, &s4->sin_addr) == 1) {
        s4->sin_family = AF_INET;
        s4->sin_port = htons((uint16_t)port);
    } else if (inet_pton(AF_INET6, host, &s6->sin6_addr) == 1) {
        if (IN6_IS_ADDR_LINKLOCAL(&s6->sin6_addr))
            return tk_error_set(err, TK_ERR_USAGE,
                                "expected an IPv6 address that is not link-local (fe80::/10)");
        if (IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr))
            return tk_error_set(err, TK_ERR_USAGE,
                                "expected an IPv4 address as such, not mapped into IPv6");
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons((uint16_t)port);
    } else {
        return tk_error_set(err, TK_ERR_USAGE, "expected an IP address, got '%s'", host);
    }
    return TK_OK;
}

void tk_format_socket_address(const struct sockaddr_storage *ss, char *out, size_t size)
{
    char host[INET6_ADDRSTRLEN] = "?";
    if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)(const void *)ss;
        inet_ntop(AF_INET6, &s6->sin6_addr, host, sizeof host);
        snprintf(out, size, "[%s]:%u", host, ntohs(s6->sin6_port));
    } else {
        const struct sockaddr_in *s4 = (const struct sockaddr_in *)(const void *)ss;
        inet_ntop(AF_INET, &s4->sin_addr, host, sizeof host);
        snprintf(out, size, "%s:%u", host, ntohs(s4->sin_port));
    }
}

int sinkhole_parse_uint(const char *value, unsigned long long min, unsigned long long max,
                        unsigned long long *out, struct tk_error *err)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(value, &end, 10);
    unsigned long long unit = 1;
    if (end != value && *end && end[1] == '\0') {
        switch (*end) {
        case 'k': case 'K': unit = 1ull << 10; end++; break;
        case 'm': case 'M': unit = 1ull << 20; end++; break;
        case 'g': case 'G': unit = 1ull << 30; end++; break;
        default: break;
        }
    }
    if (!isdigit((unsigned char)value[0]) || *end || errno || v > max / unit || v * unit < min)
        return tk_error_set(err, TK_ERR_USAGE, "expected a number from %llu to %llu", min, max);
    *out = v * unit;
    return TK_OK;
}

/* A comma-separated list of addresses of one family into a fixed table. */
static int parse_addresses(const char *value, int family, uint8_t *table, size_t width,
                           size_t *count, struct tk_error *err)
{
    char copy[1024];
    int rc = sinkhole_copy_list(copy, sizeof copy, value, err);
    if (rc)
        return rc;
    size_t n = strlen(copy);
    if (n == 0 || copy[0] == ',' || copy[n - 1] == ',' || strstr(copy, ",,"))
        return tk_error_set(err, TK_ERR_USAGE, "expected %s addresses separated by commas",
                            family == AF_INET ? "IPv4" : "IPv6");
    *count = 0;
    for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (*count == TK_SINKHOLE_MAX_ADDRESSES)
            return tk_error_set(err, TK_ERR_USAGE, "at most %d addresses",
                                TK_SINKHOLE_MAX_ADDRESSES);
        if (inet_pton(family, tok, table + *count * width) != 1)
            return tk_error_set(err, TK_ERR_USAGE, "expected %s addresses, got '%s'",
                                family == AF_INET ? "IPv4" : "IPv6", tok);
        (*count)++;
    }
    if (*count == 0)
        return tk_error_set(err, TK_ERR_USAGE, "expected at least one address");
    return TK_OK;
}

/* The NS target or SOA mailbox: a host name (letters, digits, '-', '_'), with or without
 * its final dot. */
static int parse_name(const char *value, uint8_t wire[256], size_t *len, struct tk_error *err)
{
    size_t n = strlen(value);
    if (n > 1 && value[n - 1] == '.')
        n--;
    if (!tk_domain_is_valid(value, n) || !tk_domain_is_hostname(value, n))
        return tk_error_set(err, TK_ERR_USAGE, "expected a domain name of letters, digits, "
                            "'-' and '_'");
    *len = tk_dns_name_to_wire(value, wire);
    if (*len == 0)
        return tk_error_set(err, TK_ERR_USAGE, "expected a domain name");
    return TK_OK;
}

static int parse_log_format(struct tk_sinkhole_options *o, const char *value, struct tk_error *err)
{
    char copy[128];
    if (strlen(value) >= sizeof copy)
        return tk_error_set(err, TK_ERR_USAGE, "expected jsonl, binary or dnstap");
    strcpy(copy, value);
    o->log.jsonl = o->log.dnstap = o->log.binary = 0;
    for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (strcmp(tok, "jsonl") == 0)
            o->log.jsonl = 1;
        else if (strcmp(tok, "dnstap") == 0)
            o->log.dnstap = 1;
        else if (strcmp(tok, "binary") == 0)
            o->log.binary = 1;
        else
            return tk_error_set(err, TK_ERR_USAGE,
                                "expected jsonl, binary or dnstap (comma-separated), got '%s'",
                                tok);
    }
    if (!o->log.jsonl && !o->log.dnstap && !o->log.binary)
        return tk_error_set(err, TK_ERR_USAGE, "expected jsonl, binary or dnstap");
    return TK_OK;
}

static int add_zone(struct tk_sinkhole_options *o, const char *value, struct tk_error *err)
{
    char lower[256];
    size_t len = strlen(value);
    if (len > 1 && value[len - 1] == '.')
        len--;
    if (len == 0 || len > 253 || !tk_domain_is_valid(value, len))
        return tk_error_set(err, TK_ERR_USAGE, "expected a domain name");
    tk_domain_lower(value, len, lower);
    lower[len] = '\0';
    return append(&o->zones, &o->zone_count, &o->zone_cap, lower, err);
}

int sinkhole_number_option(const struct sinkhole_number *numbers, size_t count, const char *key,
                           const char *value, size_t *which, unsigned long long *v,
                           struct tk_error *err)
{
    for (*which = 0; *which < count; (*which)++) {
        const struct sinkhole_number *n = &numbers[*which];
        if (strcmp(key, n->key) == 0)
            return sinkhole_parse_uint(value, n->min, n->max, v, err);
    }
    return TK_OK;
}

int sinkhole_copy_list(char *copy, size_t size, const char *value, struct tk_error *err)
{
    if (strlen(value) >= size)
        return tk_error_set(err, TK_ERR_USAGE, "expected a list under %zu bytes", size);
    strcpy(copy, value);
    return TK_OK;
}

int sinkhole_set_copy(char *out, size_t size, const char *value, struct tk_error *err)
{
    if (strlen(value) >= size || value[0] == '\0')
        return tk_error_set(err, TK_ERR_USAGE, "expected a value of 1 to %zu bytes", size - 1);
    strcpy(out, value);
    return TK_OK;
}

/* Applies one setting; errors say what was expected without naming the setting (the
 * caller does), and a key that is no setting gives TK_SINKHOLE_UNKNOWN. */
static int apply(struct tk_sinkhole_options *o, const char *key, const char *value,
                 struct tk_error *err)
{
    struct tk_sinkhole_config *c = &o->server;
    unsigned long long v = 0;
    int rc = sinkhole_contact_option(o, key, value, err);

    if (rc != TK_SINKHOLE_UNKNOWN)
        return rc;
    if (strcmp(key, "dns") == 0) {
        if (c->listen_count == TK_SINKHOLE_MAX_LISTEN)
            return tk_error_set(err, TK_ERR_USAGE, "at most %d DNS addresses",
                                TK_SINKHOLE_MAX_LISTEN);
        rc = tk_parse_socket_address(value, 53, &c->listen[c->listen_count], err);
        if (rc == TK_OK)
            c->listen_count++;
        return rc;
    }
    if (strcmp(key, "names") == 0)
        return append(&o->names_files, &o->names_count, &o->names_cap, value, err);
    if (strcmp(key, "zone") == 0)
        return add_zone(o, value, err);
    if (strcmp(key, "answer-a") == 0)
        return parse_addresses(value, AF_INET, &c->answers.a[0][0], 4, &c->answers.a_count, err);
    if (strcmp(key, "answer-aaaa") == 0)
        return parse_addresses(value, AF_INET6, &c->answers.aaaa[0][0], 16,
                               &c->answers.aaaa_count, err);
    if (strcmp(key, "ns") == 0)
        return parse_name(value, c->answers.ns_wire, &c->answers.ns_len, err);
    if (strcmp(key, "hostmaster") == 0)
        return parse_name(value, c->answers.mbox_wire, &c->answers.mbox_len, err);
    if (strcmp(key, "log") == 0)
        return sinkhole_set_copy(o->log_dir, sizeof o->log_dir - 64, value, err);
    if (strcmp(key, "log-format") == 0)
        return parse_log_format(o, value, err);
    if (strcmp(key, "sensor") == 0)
        return sinkhole_set_copy(o->sensor, sizeof o->sensor, value, err);
    if (strcmp(key, "user") == 0)
        return sinkhole_set_copy(o->user, sizeof o->user, value, err);
    if (strcmp(key, "pidfile") == 0)
        return sinkhole_set_copy(o->pidfile, sizeof o->pidfile, value, err);
    if (strcmp(key, "metrics") == 0) {
        rc = tk_parse_socket_address(value, 9153, &o->metrics, err);
        o->has_metrics = rc == TK_OK;
        return rc;
    }
    if (strcmp(key, "clock") == 0) {
        if ((rc = tk_event_clock_parse(value, &o->clock, err))) {
            tk_error_prefix(err, "clock");
            return rc;
        }
        o->has_clock = 1;
        return TK_OK;
    }

    static const struct sinkhole_number numbers[] = {
        {"ttl", 0, 2147483647ull}, {"negative-ttl", 0, 2147483647ull}, {"edns-size", 512, 4096},
        {"workers", 1, 64}, {"rrl-rate", 0, 65535}, {"rrl-slip", 0, 100},
        {"tcp-idle-ms", 100, 3600000}, {"tcp-clients", 1, 65536}, {"log-queue", 64, 1u << 24},
        {"log-rotate-size", 0, 1ull << 40}, {"log-rotate-seconds", 0, 31u * 86400},
        {"log-fsync-ms", 0, 3600000},
    };
    size_t count = sizeof numbers / sizeof numbers[0], which;
    if ((rc = sinkhole_number_option(numbers, count, key, value, &which, &v, err)) != TK_OK)
        return rc;
    if (which < count) {
        switch (which) {
        case 0: c->answers.ttl = (uint32_t)v; break;
        case 1: c->answers.negative_ttl = (uint32_t)v; break;
        case 2: c->answers.edns_udp = (uint16_t)v; break;
        case 3: c->workers = (unsigned)v; break;
        case 4: c->rrl_rate = (uint32_t)v; break;
        case 5: c->rrl_slip = (uint32_t)v; break;
        case 6: c->tcp_idle_ms = (uint32_t)v; break;
        case 7: c->tcp_clients = (unsigned)v; break;
        case 8: o->log.queue_events = (size_t)v; break;
        case 9: o->log.rotate_bytes = v; break;
        case 10: o->log.rotate_seconds = (uint32_t)v; break;
        default: o->log.fsync_interval_ms = (uint32_t)v; break;
        }
        return TK_OK;
    }
    return TK_SINKHOLE_UNKNOWN;
}

int tk_sinkhole_option_set(struct tk_sinkhole_options *o, const char *name, const char *value,
                           struct tk_error *err)
{
    const char *key = strncmp(name, "--", 2) == 0 ? name + 2 : name;
    int rc = apply(o, key, value, err);
    if (rc == TK_SINKHOLE_UNKNOWN)
        rc = tk_error_set(err, TK_ERR_USAGE,
                          "unknown setting '%.64s' (see `takedown sinkhole --help`)", name);
    else if (rc == TK_ERR_USAGE)
        tk_error_prefix(err, "%.64s %.80s%s", name, value[0] ? value : "''",
                        strlen(value) > 80 ? "..." : "");
    return rc;
}

int tk_sinkhole_config_line(const char *line, size_t len, char key[64], char value[4096],
                            int *skip, struct tk_error *err)
{
    size_t i = 0, k = 0;
    *skip = 1;
    while (i < len && isspace((unsigned char)line[i]))
        i++;
    if (i == len || line[i] == '#')
        return TK_OK;
    while (i < len && (isalnum((unsigned char)line[i]) || line[i] == '-' || line[i] == '_')) {
        if (k + 1 >= 64)
            return tk_error_set(err, TK_ERR_USAGE, "expected a setting name under 64 bytes");
        key[k++] = line[i] == '_' ? '-' : line[i];
        i++;
    }
    key[k] = '\0';
    if (k == 0)
        return tk_error_set(err, TK_ERR_USAGE, "expected 'name = value'");
    while (i < len && (line[i] == ' ' || line[i] == '\t'))
        i++;
    if (i < len && (line[i] == '=' || line[i] == ':'))
        i++;
    while (i < len && (line[i] == ' ' || line[i] == '\t'))
        i++;
    size_t end = len;
    /* A '#' after a blank starts a comment. */
    for (size_t j = i; j < len; j++)
        if (line[j] == '#' && j > i && (line[j - 1] == ' ' || line[j - 1] == '\t')) {
            end = j;
            break;
        }
    while (end > i && isspace((unsigned char)line[end - 1]))
        end--;
    if (end - i >= 2 && line[i] == '"' && line[end - 1] == '"') {
        i++;
        end--;
    }
    if (end == i)
        return tk_error_set(err, TK_ERR_USAGE, "expected a value after '%s'", key);
    if (end - i >= 4096)
        return tk_error_set(err, TK_ERR_USAGE, "%s: value too long", key);
    memcpy(value, line + i, end - i);
    value[end - i] = '\0';
    if (memchr(value, '\0', end - i))
        return tk_error_set(err, TK_ERR_USAGE, "%s: expected text, found a NUL byte", key);
    *skip = 0;
    return TK_OK;
}

int tk_sinkhole_options_load(struct tk_sinkhole_options *o, const char *path, struct tk_error *err)
{
    FILE *f = tk_file_open(path, err);
    char *line = NULL, key[64], value[4096];
    size_t cap = 0;
    ssize_t n;
    long lineno = 0;
    int rc = TK_OK;

    if (f == NULL) { /* a --config that cannot be read is a bad argument */
        if (err)
            err->status = TK_ERR_USAGE;
        return TK_ERR_USAGE;
    }
    while (rc == TK_OK && (n = getline(&line, &cap, f)) >= 0) {
        int skip;
        lineno++;
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        rc = tk_sinkhole_config_line(line, (size_t)n, key, value, &skip, err);
        if (rc == TK_OK && !skip)
            rc = tk_sinkhole_option_set(o, key, value, err);
        if (rc)
            tk_error_prefix(err, "%s:%ld", path, lineno);
    }
    if (rc == TK_OK && ferror(f))
        rc = tk_error_set(err, TK_ERR_IO, "%s: read error after line %ld: %s", path, lineno,
                          strerror(errno));
    free(line);
    tk_file_close(f);
    return rc;
}

int tk_sinkhole_options_check(const struct tk_sinkhole_options *o, struct tk_error *err)
{
    if (o->server.listen_count == 0 && o->server.contact_count == 0)
        return tk_error_set(err, TK_ERR_USAGE,
                            "where to listen? (give --dns, --http, --tcp or --smtp ADDR:PORT)");
    if (o->server.listen_count == 0)
        return TK_OK; /* contact listeners only: names are optional (they tag HTTP hosts) */
    if (o->names_count == 0 && o->zone_count == 0)
        return tk_error_set(err, TK_ERR_USAGE, "which names? (give --names FILE or --zone DOMAIN)");
    if (o->server.answers.a_count == 0 && o->server.answers.aaaa_count == 0)
        return tk_error_set(err, TK_ERR_USAGE,
                            "which sinkhole address? (give --answer-a IP or --answer-aaaa IP6)");
    return TK_OK;
}

int tk_sinkhole_options_load_names(const struct tk_sinkhole_options *o, struct tk_names **out,
                                   size_t *loaded, struct tk_error *err)
{
    struct tk_names *names = tk_names_new();
    int rc = TK_OK;
    if (names == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    for (size_t i = 0; rc == TK_OK && i < o->names_count; i++)
        rc = tk_names_load_file(names, o->names_files[i], &loaded[i], err);
    for (size_t i = 0; rc == TK_OK && i < o->zone_count; i++)
        rc = tk_names_add(names, o->zones[i], strlen(o->zones[i]),
                          TK_NAME_LISTED | TK_NAME_SUBTREE, NULL, err);
    if (rc != TK_OK) {
        tk_names_free(names);
        return rc;
    }
    tk_names_compact(names);
    *out = names;
    return TK_OK;
}
