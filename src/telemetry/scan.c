/* scan.c - events files into located contacts (see include/takedown/scan.h). */
#include "takedown/scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "takedown/hash64.h"
#include "takedown/strpool.h"

/* Direct-mapped cache of places by address hash: 256 K entries of 24 bytes; and of IPv4
 * /24 networks whose place the databases give for the whole network: 64 K entries, which
 * stay in the processor's cache where a million addresses would not. */
#define PLACE_CACHE_BITS 18
#define NET_CACHE_BITS 16

struct place {
    uint64_t address;
    uint32_t asn;
    uint32_t org;      /* id in the scan's pool, 0 for none */
    char country[3];
    uint8_t valid;
};

struct tk_scan {
    struct tk_scan_options options;
    struct tk_scan_callbacks callbacks;
    struct place *cache;
    struct place *nets;
    struct tk_strpool *orgs;
    struct tk_scan_file *files;
    size_t file_count;
    uint64_t contacts, bad_records;
    char seed_key[200];
    uint8_t resolver_addr[16];
};

int tk_scan_new(struct tk_scan **out, const struct tk_scan_options *options,
                const struct tk_scan_callbacks *callbacks, struct tk_error *err)
{
    struct tk_scan *s = calloc(1, sizeof *s);

    *out = NULL;
    if (s == NULL || (s->orgs = tk_strpool_new()) == NULL
        || (s->cache = calloc((size_t)1 << PLACE_CACHE_BITS, sizeof *s->cache)) == NULL
        || (s->nets = calloc((size_t)1 << NET_CACHE_BITS, sizeof *s->nets)) == NULL) {
        tk_scan_free(s);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    s->options = *options;
    s->callbacks = *callbacks;
    *out = s;
    return TK_OK;
}

void tk_scan_free(struct tk_scan *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->file_count; i++)
        free(s->files[i].path);
    free(s->files);
    free(s->cache);
    free(s->nets);
    tk_strpool_free(s->orgs);
    free(s);
}

/* The entry of the IPv4 /24 network of addr in the network cache; *net is its number. */
static struct place *net_entry(struct tk_scan *s, const uint8_t *addr, uint64_t *net)
{
    *net = (uint64_t)addr[0] << 16 | (uint64_t)addr[1] << 8 | addr[2];
    return &s->nets[(*net * 0x9E3779B97F4A7C15ull) >> (64 - NET_CACHE_BITS)];
}

/* The place of an address (address is its hash), through the caches. */
static int place_of(struct tk_scan *s, int family, const uint8_t *addr, uint64_t address,
                    const struct place **out, struct tk_error *err)
{
    struct place *p = &s->cache[address & (((uint64_t)1 << PLACE_CACHE_BITS) - 1)], *n = NULL;
    struct tk_geo_result found;
    uint64_t net = 0;
    int rc;

    if (family == 4) {
        n = net_entry(s, addr, &net);
        if (n->valid && n->address == net) {
            *out = n;
            return TK_OK;
        }
    }
    if (!p->valid || p->address != address) {
        if ((rc = tk_geo_lookup(s->options.geo, family, addr, &found, err)))
            return rc;
        p->address = address;
        p->asn = found.asn;
        memcpy(p->country, found.country, sizeof p->country);
        p->org = found.as_org[0] ? tk_strpool_intern(s->orgs, found.as_org, strlen(found.as_org))
                                 : 0;
        if (found.as_org[0] && p->org == 0)
            return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        p->valid = 1;
        if (n && found.prefix <= 24) {
            *n = *p;
            n->address = net;
        }
    }
    *out = p;
    return TK_OK;
}

static int locate(struct tk_scan *s, const struct tk_contact *c, struct tk_located *l,
                  struct tk_error *err)
{
    const struct place *p;
    int rc;

    if (l->resolver_family) {
        if ((rc = place_of(s, l->resolver_family, l->resolver_addr,
                           tk_hash_address(l->resolver_family, l->resolver_addr), &p, err)))
            return rc;
        memcpy(l->resolver_country, p->country, sizeof l->resolver_country);
        l->resolver_asn = p->asn;
    }
    if ((rc = place_of(s, c->addr_family, c->addr, l->address, &p, err)))
        return rc;
    memcpy(l->country, p->country, sizeof l->country);
    l->asn = p->asn;
    l->as_org = p->org ? tk_strpool_get(s->orgs, p->org) : "";
    return TK_OK;
}

/* "family:variant:seed" of the contact's tag, "" when it has none; cut to fit. */
static void make_seed_key(struct tk_scan *s, const struct tk_contact *c, struct tk_located *l)
{
    const struct tk_text parts[3] = {c->family, c->variant, c->seed};
    size_t room = sizeof s->seed_key, n = 0;

    l->seed_key = s->seed_key;
    l->seed_key_len = 0;
    if (c->family.len == 0)
        return;
    for (int i = 0; i < 3; i++) {
        size_t len;
        if (i > 0 && n < room)
            s->seed_key[n++] = ':';
        len = parts[i].len < room - n ? parts[i].len : room - n;
        memcpy(s->seed_key + n, parts[i].ptr, len);
        n += len;
    }
    l->seed_key_len = n;
}

/* A DNS query: its source is the resolver; the contact becomes its Client Subnet's. */
static void from_resolver(struct tk_scan *s, struct tk_contact *c, struct tk_located *l)
{
    l->from_resolver = 0;
    l->resolver_family = 0;
    l->resolver_addr = s->resolver_addr;
    l->resolver_country[0] = '\0';
    l->resolver_asn = 0;
    if (!c->authoritative)
        return;
    l->resolver_family = c->addr_family;
    memcpy(s->resolver_addr, c->addr, 16);
    if (c->ecs_family == 0) {
        l->from_resolver = 1;
        return;
    }
    c->addr_family = c->ecs_family;
    memcpy(c->addr, c->ecs_addr, 16);
    c->port = 0;
}

static int in_window(const struct tk_scan *s, tk_day day)
{
    return (!s->options.has_from || day >= s->options.from)
           && (!s->options.has_to || day <= s->options.to);
}

static struct tk_scan_file *add_file(struct tk_scan *s, const char *path)
{
    struct tk_scan_file *files = realloc(s->files, (s->file_count + 1) * sizeof *files), *f;
    if (files == NULL)
        return NULL;
    s->files = files;
    f = &files[s->file_count];
    memset(f, 0, sizeof *f);
    if ((f->path = strdup(path)) == NULL)
        return NULL;
    s->file_count++;
    return f;
}

static void progress(struct tk_scan *s, const struct tk_event_reader *r, const char *path)
{
    const struct tk_input *in = tk_event_reader_input(r);
    if (s->callbacks.progress)
        s->callbacks.progress(s->callbacks.arg, path, tk_event_reader_consumed(r),
                              tk_input_size(in), s->contacts);
}

static void finish_file(struct tk_scan_file *f, const struct tk_event_reader *r)
{
    f->stats = *tk_event_reader_stats(r);
}

int tk_scan_file(struct tk_scan *s, const char *path, struct tk_error *err)
{
    struct tk_event_reader *r;
    struct tk_scan_file *f = add_file(s, path);
    struct tk_contact c;
    struct tk_located l;
    uint64_t seen = 0;
    int rc = TK_OK;

    if (f == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    if ((rc = tk_event_reader_open(&r, path, s->options.format, err))) {
        f->failed = 1;
        snprintf(f->failure, sizeof f->failure, "%s", err->message);
        return rc;
    }
    f->format = tk_event_reader_format(r);
    f->compression = tk_compression_name(tk_input_compression(tk_event_reader_input(r)));
    if ((rc = tk_event_reader_read_ahead(r, err))) {
        f->failed = 1;
        snprintf(f->failure, sizeof f->failure, "%s", err->message);
        tk_event_reader_close(r);
        return rc;
    }
    for (;;) {
        enum tk_read_result result = tk_event_reader_next(r, &c, err);
        if (result == TK_READ_END)
            break;
        if (result == TK_READ_FAILED) {
            rc = err->status ? (int)err->status : TK_ERR_DATA;
            f->failed = 1;
            snprintf(f->failure, sizeof f->failure, "%s", err->message);
            break;
        }
        if (result == TK_READ_BAD) {
            s->bad_records++;
            if (s->callbacks.bad_record)
                s->callbacks.bad_record(s->callbacks.arg, err);
            continue;
        }
        if ((++seen & 0xffff) == 0)
            progress(s, r, path);
        l.contact = &c;
        l.day = tk_day_from_unix(c.time_sec);
        if (!in_window(s, l.day)) {
            f->outside_window++;
            continue;
        }
        from_resolver(s, &c, &l);
        l.address = tk_hash_address(c.addr_family, c.addr);
        l.country[0] = '\0';
        l.asn = 0;
        l.as_org = "";
        if (s->options.geo && (rc = locate(s, &c, &l, err)))
            break;
        make_seed_key(s, &c, &l);
        s->contacts++;
        if ((rc = s->callbacks.contact(s->callbacks.arg, &l, err)))
            break;
    }
    progress(s, r, path);
    finish_file(f, r);
    tk_event_reader_close(r);
    return rc;
}

size_t tk_scan_file_count(const struct tk_scan *s)
{
    return s->file_count;
}

const struct tk_scan_file *tk_scan_file_at(const struct tk_scan *s, size_t i)
{
    return &s->files[i];
}

uint64_t tk_scan_contacts(const struct tk_scan *s)
{
    return s->contacts;
}

uint64_t tk_scan_bad_records(const struct tk_scan *s)
{
    return s->bad_records;
}
