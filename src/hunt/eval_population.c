/* eval_population.c - the synthetic resolver population of the host hunt evaluation
 * (include/takedown/hunt_eval.h): benign clients' days of queries with their noise, and
 * infected hosts' DGA walks, each query handed to the hunt as a log record. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hunt/eval_internal.h"
#include "takedown/hash64.h"

#define DAY 86400
#define RCODE_NOERROR 0
#define RCODE_NXDOMAIN 3
#define EXPIRED_NAMES 2000

uint64_t eval_next(struct eval_rng *rng)
{
    uint64_t z = (rng->state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

double eval_uniform(struct eval_rng *rng)
{
    return (double)(eval_next(rng) >> 11) / 9007199254740992.0;
}

int eval_zipf_init(struct eval_zipf *z, size_t n)
{
    double sum = 0;
    z->n = n;
    if ((z->cumulative = malloc((n + 1) * sizeof *z->cumulative)) == NULL)
        return TK_ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        z->cumulative[i] = sum += 1.0 / (double)(i + 1);
    for (size_t i = 0; i < n; i++)
        z->cumulative[i] /= sum;
    return TK_OK;
}

size_t eval_zipf_draw(const struct eval_zipf *z, struct eval_rng *rng)
{
    double u = eval_uniform(rng);
    size_t lo = 0, hi = z->n - 1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (z->cumulative[mid] < u)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void eval_zipf_free(struct eval_zipf *z)
{
    free(z->cumulative);
    z->cumulative = NULL;
}

/* Two-word names (an adjective and a noun) under common TLDs: registrations that lapsed,
 * still asked for by old software. */
static int make_expired(struct eval_benign *b, struct tk_error *err)
{
    static const char *const tlds[] = {"com", "net", "org", "info", "biz"};
    struct tk_wordlist adjectives, nouns;
    struct eval_rng rng = {20261207};
    int rc = tk_wordlist_load("bigviktor-adjectives", &adjectives, err);
    if (rc)
        return rc;
    if ((rc = tk_wordlist_load("bigviktor-nouns", &nouns, err))) {
        tk_wordlist_free(&adjectives);
        return rc;
    }
    b->expired = calloc(EXPIRED_NAMES, sizeof *b->expired);
    for (size_t i = 0; b->expired && i < EXPIRED_NAMES; i++) {
        char name[128];
        snprintf(name, sizeof name, "%s%s.%s",
                 adjectives.words[eval_next(&rng) % adjectives.count],
                 nouns.words[eval_next(&rng) % nouns.count], tlds[eval_next(&rng) % 5]);
        if ((b->expired[i] = strdup(name)) == NULL)
            break;
        b->expired_count++;
    }
    tk_wordlist_free(&adjectives);
    tk_wordlist_free(&nouns);
    if (b->expired_count < EXPIRED_NAMES)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    return eval_zipf_init(&b->expired_popularity, b->expired_count);
}

int eval_benign_load(const struct tk_hunt_eval_options *o, struct eval_benign *b,
                     struct tk_error *err)
{
    int rc;
    memset(b, 0, sizeof *b);
    if ((rc = tk_wordlist_load(o->benign_fqdns, &b->fqdn_file, err)))
        return rc;
    if ((b->fqdns = malloc((b->fqdn_file.count + 1) * sizeof *b->fqdns)) == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < b->fqdn_file.count; i++) {
        const char *name = b->fqdn_file.words[i];
        if (tk_detect_name_in_test_split(name, strlen(name)))
            b->fqdns[b->fqdn_count++] = b->fqdn_file.words[i];
    }
    if (b->fqdn_count < 100)
        return tk_error_set(err, TK_ERR_DATA, "%s: too few names in the benign test split (%zu)",
                            o->benign_fqdns, b->fqdn_count);
    if ((rc = eval_zipf_init(&b->popularity, b->fqdn_count)))
        return tk_error_set(err, rc, "out of memory");
    return make_expired(b, err);
}

void eval_benign_free(struct eval_benign *b)
{
    tk_wordlist_free(&b->fqdn_file);
    free(b->fqdns);
    for (size_t i = 0; i < b->expired_count; i++)
        free(b->expired[i]);
    free(b->expired);
    eval_zipf_free(&b->popularity);
    eval_zipf_free(&b->expired_popularity);
}

uint64_t eval_benign_volume(struct eval_rng *rng)
{
    double v = 20.0 / pow(1.0 - eval_uniform(rng), 1.0 / 1.1);
    return v > 20000 ? 20000 : (uint64_t)v;
}

static int emit(struct eval_sink *sink, const char *client, const char *name, int64_t time,
                int rcode)
{
    struct tk_log_record rec = {name, strlen(name), client, strlen(client), time, 1, rcode};
    sink->queries++;
    return tk_hosts_add(sink->hosts, &rec);
}

/* A lookup of an antivirus or telemetry service: a random label under its fixed domain. */
static void telemetry_name(const char *client, struct eval_rng *rng, char *out, size_t size)
{
    static const char *const services[] = {"avqs.mcafee.com", "sophosxl.net", "e5.sk",
                                           "cloud.symantec.com", "telemetry.example-av.com"};
    static const char base32[] = "abcdefghijklmnopqrstuvwxyz234567";
    char label[17];
    size_t service = (size_t)(client[strlen(client) - 1]) % 5;
    for (size_t i = 0; i < 16; i++)
        label[i] = base32[eval_next(rng) % 32];
    label[16] = '\0';
    snprintf(out, size, "%s.%s", label, services[service]);
}

/* A typo: one letter of the name replaced. */
static void typo_name(const char *name, struct eval_rng *rng, char *out, size_t size)
{
    snprintf(out, size, "%s", name);
    size_t len = strlen(out), at = eval_next(rng) % len;
    if (out[at] != '.')
        out[at] = (char)('a' + eval_next(rng) % 26);
}

/* A browser's probe for NXDOMAIN rewriting: 7 to 15 random letters, bare or under the
 * network's search domain. */
static void probe_name(struct eval_rng *rng, char *out, size_t size)
{
    size_t len = 7 + eval_next(rng) % 9;
    for (size_t i = 0; i < len; i++)
        out[i] = (char)('a' + eval_next(rng) % 26);
    snprintf(out + len, size - len, "%s", eval_next(rng) % 2 ? ".corp.example.com" : "");
}

int eval_benign_client(const struct eval_benign *b, const char *client, uint64_t volume,
                       struct eval_rng *rng, struct eval_sink *sink)
{
    static const char *const search[] = {".lan", ".home", ".corp.example.com.lan",
                                         ".localdomain"};
    char name[300];
    int rc = TK_OK;
    for (uint64_t q = 0; q < volume && rc == TK_OK; q++) {
        int64_t t = sink->day + (int64_t)(eval_uniform(rng) * DAY);
        double r = eval_uniform(rng);
        const char *popular = b->fqdns[eval_zipf_draw(&b->popularity, rng)];
        int rcode = RCODE_NXDOMAIN;
        if (r < 0.94) {
            snprintf(name, sizeof name, "%s", popular);
            rcode = RCODE_NOERROR;
        } else if (r < 0.96) {
            telemetry_name(client, rng, name, sizeof name);
            rcode = eval_uniform(rng) < 0.7 ? RCODE_NOERROR : RCODE_NXDOMAIN;
        } else if (r < 0.975) {
            snprintf(name, sizeof name, "%s%s", popular, search[eval_next(rng) % 4]);
        } else if (r < 0.988) {
            typo_name(popular, rng, name, sizeof name);
        } else if (r < 0.99) {
            probe_name(rng, name, sizeof name);
        } else {
            snprintf(name, sizeof name, "%s",
                     b->expired[eval_zipf_draw(&b->expired_popularity, rng)]);
        }
        rc = emit(sink, client, name, t, rcode);
    }
    return rc;
}

int eval_dga_client(char *const *names, size_t count, const char *client, unsigned daily,
                    int64_t period, int at_random, unsigned resolving, struct eval_rng *rng,
                    struct eval_sink *sink)
{
    uint64_t bursts = DAY / (uint64_t)period;
    unsigned per_burst = (unsigned)((daily + bursts - 1) / bursts);
    int64_t t = sink->day + (int64_t)(eval_uniform(rng) * (double)period);
    size_t at = 0;
    int rc = TK_OK;
    for (unsigned done = 0; done < daily && rc == TK_OK; t += period)
        for (unsigned k = 0; k < per_burst && done < daily && rc == TK_OK; k++, done++) {
            size_t pick = at_random ? (size_t)(eval_next(rng) % count) : at++ % count;
            int answered = tk_hash_bytes(names[pick], strlen(names[pick])) % 100 < resolving;
            rc = emit(sink, client, names[pick], t + 2 * k,
                      answered ? RCODE_NOERROR : RCODE_NXDOMAIN);
        }
    return rc;
}
