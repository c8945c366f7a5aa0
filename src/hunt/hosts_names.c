/* hosts_names.c - what a host hunt needs to know of a queried name, once per name: the
 * detector's score, the registrable domain it is keyed by, and whether it may be a
 * candidate at all. A direct-mapped cache keeps the facts of recent names, so that the
 * popular names that make up most of a resolver's traffic are scored once. */
#include <string.h>

#include "hunt/hosts_internal.h"
#include "takedown/domain.h"
#include "takedown/hash64.h"

/* Suffixes of names that only mean something inside a network (search-list leftovers such
 * as printer.corp.example.com.lan): no DGA registers them. */
static const char *const private_suffixes[] = {
    "lan", "local", "localdomain", "home", "corp", "internal", "intranet", "localhost",
    "arpa", "invalid", "test", "example", "onion", "home.arpa", "private", "domain",
};

static int private_use(const char *suffix)
{
    for (size_t i = 0; i < sizeof private_suffixes / sizeof *private_suffixes; i++)
        if (strcmp(suffix, private_suffixes[i]) == 0)
            return 1;
    return 0;
}

/* The start of the registrable domain of name (NUL-terminated), or NULL when the name is a
 * bare suffix or has a single label. */
static const char *registrable(const char *name)
{
    const char *suffix = tk_public_suffix(name);
    if (suffix <= name + 1 || suffix[-1] != '.')
        return NULL;
    const char *start = suffix - 1;
    while (start > name && start[-1] != '.')
        start--;
    return start;
}

const char *tk_hosts_key(const char *name)
{
    const char *key = registrable(name);
    return key ? key : name;
}

static void compute(const struct tk_hosts *h, const char *name, size_t len,
                    struct name_facts *f)
{
    const struct tk_hosts_options *o = &h->options;
    const char *last_dot = strrchr(name, '.');
    const char *key = registrable(name);
    f->score = o->detector ? (float)tk_detector_score(o->detector, name, len) : 0.0f;
    f->key_len = key ? (uint16_t)(len - (size_t)(key - name)) : (uint16_t)len;
    f->listed = key == NULL || last_dot == NULL || private_use(last_dot + 1)
                || private_use(tk_public_suffix(name))
                || (o->allow && tk_allowlist_contains(o->allow, name, len))
                || (o->exclude && tk_allowlist_contains(o->exclude, name, len));
}

const struct name_facts *hosts_name_facts(struct tk_hosts *h, const char *name, size_t len)
{
    uint64_t hash = tk_hash_bytes(name, len) | 1;
    struct name_facts *f = &h->facts[hash & (FACTS_SLOTS - 1)];
    if (f->hash != hash) {
        compute(h, name, len, f);
        f->hash = hash;
    }
    return f;
}
