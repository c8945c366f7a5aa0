/* acl.c - the feed's address lists (see include/takedown/feed_server.h): the addresses
 * allowed to transfer the zone, "ADDR[/PREFIX],..." (an empty list allows loopback only),
 * and the secondaries NOTIFY goes to, "ADDR[:PORT],...". */
#include "takedown/feed_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "takedown/sinkhole_options.h"

static int parse_entry(const char *text, struct tk_feed_acl_entry *e, struct tk_error *err)
{
    char buf[64];
    const char *slash = strchr(text, '/');
    size_t n = slash ? (size_t)(slash - text) : strlen(text);
    if (n == 0 || n >= sizeof buf)
        return tk_error_set(err, TK_ERR_USAGE, "--allow-transfer: '%s': expected ADDR[/PREFIX]",
                            text);
    memcpy(buf, text, n);
    buf[n] = '\0';
    memset(e, 0, sizeof *e);
    if (inet_pton(AF_INET, buf, e->addr) == 1) {
        e->family = AF_INET;
        e->prefix = 32;
    } else if (inet_pton(AF_INET6, buf, e->addr) == 1) {
        e->family = AF_INET6;
        e->prefix = 128;
    } else {
        return tk_error_set(err, TK_ERR_USAGE, "--allow-transfer: '%s' is not an IPv4 or IPv6 "
                            "address", buf);
    }
    if (slash) {
        char *end = NULL;
        unsigned long prefix = strtoul(slash + 1, &end, 10);
        if (end == slash + 1 || *end || prefix > e->prefix)
            return tk_error_set(err, TK_ERR_USAGE, "--allow-transfer: '%s': expected a prefix "
                                "length of 0 to %u", text, e->prefix);
        e->prefix = (unsigned)prefix;
    }
    return TK_OK;
}

/* Calls take on each item of a comma-separated list; empty items are skipped. */
static int each_item(const char *text, int (*take)(const char *item, void *arg,
                                                   struct tk_error *err),
                     void *arg, struct tk_error *err)
{
    char *copy = strdup(text), *save = NULL;
    int rc = TK_OK;
    if (copy == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    for (char *item = strtok_r(copy, ",", &save); item && rc == TK_OK;
         item = strtok_r(NULL, ",", &save))
        rc = take(item, arg, err);
    free(copy);
    return rc;
}

static int take_acl_entry(const char *item, void *arg, struct tk_error *err)
{
    struct tk_feed_acl *acl = arg;
    int rc;
    if (acl->count == sizeof acl->items / sizeof *acl->items)
        return tk_error_set(err, TK_ERR_USAGE, "--allow-transfer: at most 64 entries");
    if ((rc = parse_entry(item, &acl->items[acl->count], err)) == TK_OK)
        acl->count++;
    return rc;
}

int tk_feed_acl_parse(const char *text, struct tk_feed_acl *acl, struct tk_error *err)
{
    int rc = each_item(text, take_acl_entry, acl, err);
    if (rc == TK_OK && acl->count == 0)
        rc = tk_error_set(err, TK_ERR_USAGE, "--allow-transfer: expected ADDR or ADDR/PREFIX, "
                          "got '%s'", text);
    return rc;
}

static int take_secondary(const char *item, void *arg, struct tk_error *err)
{
    struct tk_feed_server_config *c = arg;
    int rc;
    if (c->notify_count == TK_FEED_NOTIFY_MAX)
        return tk_error_set(err, TK_ERR_USAGE, "--notify: at most %d secondaries",
                            TK_FEED_NOTIFY_MAX);
    if ((rc = tk_parse_socket_address(item, 53, &c->notify[c->notify_count], err)))
        tk_error_prefix(err, "--notify");
    else
        c->notify_count++;
    return rc;
}

int tk_feed_notify_parse(const char *text, struct tk_feed_server_config *c,
                         struct tk_error *err)
{
    int rc = each_item(text, take_secondary, c, err);
    if (rc == TK_OK && c->notify_count == 0)
        rc = tk_error_set(err, TK_ERR_USAGE, "--notify: expected ADDR:PORT, got '%s'", text);
    return rc;
}

static int prefix_matches(const uint8_t *a, const uint8_t *b, unsigned bits)
{
    size_t bytes = bits / 8;
    if (memcmp(a, b, bytes) != 0)
        return 0;
    if (bits % 8 == 0)
        return 1;
    uint8_t mask = (uint8_t)(0xFF << (8 - bits % 8));
    return (a[bytes] & mask) == (b[bytes] & mask);
}

/* The address of ss as family and bytes; an IPv4-mapped IPv6 address counts as IPv4. */
static int address_of(const struct sockaddr_storage *ss, uint8_t out[16])
{
    if (ss->ss_family == AF_INET) {
        memcpy(out, &((const struct sockaddr_in *)ss)->sin_addr, 4);
        return AF_INET;
    }
    const struct in6_addr *a = &((const struct sockaddr_in6 *)ss)->sin6_addr;
    if (IN6_IS_ADDR_V4MAPPED(a)) {
        memcpy(out, a->s6_addr + 12, 4);
        return AF_INET;
    }
    memcpy(out, a->s6_addr, 16);
    return AF_INET6;
}

int tk_feed_acl_allows(const struct tk_feed_acl *acl, const struct sockaddr_storage *ss)
{
    uint8_t addr[16];
    int family = address_of(ss, addr);
    if (acl->count == 0)
        return family == AF_INET ? addr[0] == 127
                                 : memcmp(addr, in6addr_loopback.s6_addr, 16) == 0;
    for (size_t i = 0; i < acl->count; i++)
        if (acl->items[i].family == family
            && prefix_matches(addr, acl->items[i].addr, acl->items[i].prefix))
            return 1;
    return 0;
}
