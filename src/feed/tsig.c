/* tsig.c - TSIG (RFC 8945) with HMAC-SHA256: checking a request's signature and signing every
 * message of a response stream (see include/takedown/feed_wire.h).
 *
 * The MAC covers, in order: for a response, the prior MAC (the request's, then the previous
 * message's) with its length; the message as sent without the TSIG record (ARCOUNT not
 * counting it, the original ID in the header); then for a request and the first message of a
 * response all the TSIG variables (key name, class, TTL, algorithm, time, fudge, error, other
 * data), for the following messages only the timers (time, fudge). */
#include "takedown/feed_wire.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

static const uint8_t hmac_sha256[] = "\x0bhmac-sha256";
#define HMAC_SHA256_LEN 13 /* with the root label */
#define SHA256_MAC 32

struct digest_input {
    uint8_t *bytes;
    size_t len;
};

static void put(struct digest_input *d, const void *p, size_t n)
{
    if (n == 0)
        return;
    memcpy(d->bytes + d->len, p, n);
    d->len += n;
}

static void put16(struct digest_input *d, unsigned v)
{
    uint8_t b[2] = {(uint8_t)(v >> 8), (uint8_t)v};
    put(d, b, 2);
}

static void put_time(struct digest_input *d, uint64_t t, uint16_t fudge)
{
    uint8_t b[8] = {(uint8_t)(t >> 40), (uint8_t)(t >> 32), (uint8_t)(t >> 24),
                    (uint8_t)(t >> 16), (uint8_t)(t >> 8), (uint8_t)t,
                    (uint8_t)(fudge >> 8), (uint8_t)fudge};
    put(d, b, 8);
}

/* The message without its TSIG record: msg[0..end), ARCOUNT one less when counted, and
 * the original ID. */
static void put_message(struct digest_input *d, const uint8_t *msg, size_t end, uint16_t id,
                        int counted)
{
    size_t at = d->len;
    put(d, msg, end);
    d->bytes[at] = (uint8_t)(id >> 8);
    d->bytes[at + 1] = (uint8_t)id;
    if (counted) {
        unsigned ar = (unsigned)(d->bytes[at + 10] << 8 | d->bytes[at + 11]) - 1;
        d->bytes[at + 10] = (uint8_t)(ar >> 8);
        d->bytes[at + 11] = (uint8_t)ar;
    }
}

static void put_variables(struct digest_input *d, const uint8_t *key_name, size_t key_len,
                          uint64_t time, uint16_t fudge, uint16_t error, const uint8_t *other,
                          uint16_t other_len)
{
    put(d, key_name, key_len);
    put16(d, TK_DNS_CLASS_ANY);
    put16(d, 0);
    put16(d, 0); /* TTL 0 */
    put(d, hmac_sha256, HMAC_SHA256_LEN);
    put_time(d, time, fudge);
    put16(d, error);
    put16(d, other_len);
    put(d, other, other_len);
}

static int mac_of(const struct tk_tsig_key *key, const struct digest_input *d,
                  uint8_t mac[SHA256_MAC])
{
    unsigned int n = 0;
    return HMAC(EVP_sha256(), key->secret, (int)key->secret_len, d->bytes, d->len, mac, &n)
                   && n == SHA256_MAC ? 0 : -1;
}

int tk_tsig_verify(const struct tk_tsig_key *key, const uint8_t *msg, size_t len,
                   const struct tk_tsig_record *t, uint64_t now)
{
    if (t->key_name_len != key->name_wire_len
        || memcmp(t->key_name, key->name_wire, t->key_name_len) != 0
        || t->algorithm_len != HMAC_SHA256_LEN
        || memcmp(t->algorithm, hmac_sha256, HMAC_SHA256_LEN) != 0)
        return TK_TSIG_BADKEY;
    if (t->mac_len != SHA256_MAC || t->start > len)
        return TK_TSIG_BADSIG;
    struct digest_input d = {malloc(t->start + 2 * TK_DNS_NAME_WIRE_MAX + 32 + t->other_len), 0};
    uint8_t mac[SHA256_MAC];
    if (d.bytes == NULL)
        return TK_TSIG_BADSIG;
    put_message(&d, msg, t->start, t->original_id, 1);
    put_variables(&d, t->key_name, t->key_name_len, t->time_signed, t->fudge, t->error,
                  t->other, t->other_len);
    int failed = mac_of(key, &d, mac);
    free(d.bytes);
    if (failed || CRYPTO_memcmp(mac, t->mac, SHA256_MAC) != 0)
        return TK_TSIG_BADSIG;
    uint64_t skew = now > t->time_signed ? now - t->time_signed : t->time_signed - now;
    return skew > t->fudge ? TK_TSIG_BADTIME : 0;
}

void tk_tsig_stream_start(struct tk_tsig_stream *s, const struct tk_tsig_key *key,
                          const struct tk_tsig_record *t, uint16_t error)
{
    memset(s, 0, sizeof *s);
    s->key = key;
    s->prior_len = t->mac_len;
    memcpy(s->prior_mac, t->mac, t->mac_len);
    s->original_id = t->original_id;
    s->error = error;
}

/* The TSIG record (owner, type, class, TTL, rdata) at msg[*len]; ARCOUNT counts it. */
static int append_record(uint8_t *msg, size_t *len, size_t cap, const uint8_t *key_name,
                         size_t key_len, const uint8_t *algorithm, size_t algorithm_len,
                         uint64_t now, const uint8_t *mac, size_t mac_len, uint16_t original_id,
                         uint16_t error, const uint8_t *other, uint16_t other_len)
{
    size_t rdlen = algorithm_len + 10 + mac_len + 6 + other_len;
    if (*len + key_len + 10 + rdlen > cap)
        return -1;
    struct digest_input d = {msg, *len};
    put(&d, key_name, key_len);
    put16(&d, TK_DNS_TYPE_TSIG);
    put16(&d, TK_DNS_CLASS_ANY);
    put16(&d, 0);
    put16(&d, 0);
    put16(&d, (unsigned)rdlen);
    put(&d, algorithm, algorithm_len);
    put_time(&d, now, 300);
    put16(&d, (unsigned)mac_len);
    put(&d, mac, mac_len);
    put16(&d, original_id);
    put16(&d, error);
    put16(&d, other_len);
    put(&d, other, other_len);
    *len = d.len;
    unsigned ar = (unsigned)(msg[10] << 8 | msg[11]) + 1;
    msg[10] = (uint8_t)(ar >> 8);
    msg[11] = (uint8_t)ar;
    return 0;
}

int tk_tsig_sign(struct tk_tsig_stream *s, uint8_t *msg, size_t *len, size_t cap, uint64_t now)
{
    uint8_t other[6] = {0}, mac[SHA256_MAC];
    uint16_t other_len = 0;
    if (s->error == TK_TSIG_BADTIME) {
        for (int i = 0; i < 6; i++)
            other[i] = (uint8_t)(now >> (40 - 8 * i));
        other_len = 6;
    }
    struct digest_input d = {malloc(*len + 2 * TK_DNS_NAME_WIRE_MAX + 2 + TK_TSIG_MAC_MAX + 32), 0};
    if (d.bytes == NULL)
        return -1;
    put16(&d, (unsigned)s->prior_len);
    put(&d, s->prior_mac, s->prior_len);
    put_message(&d, msg, *len, s->original_id, 0);
    if (s->messages == 0)
        put_variables(&d, s->key->name_wire, s->key->name_wire_len, now, 300, s->error, other,
                      other_len);
    else
        put_time(&d, now, 300);
    int failed = mac_of(s->key, &d, mac);
    free(d.bytes);
    if (failed || append_record(msg, len, cap, s->key->name_wire, s->key->name_wire_len,
                                hmac_sha256, HMAC_SHA256_LEN, now, mac, SHA256_MAC,
                                s->original_id, s->error, other, other_len))
        return -1;
    memcpy(s->prior_mac, mac, SHA256_MAC);
    s->prior_len = SHA256_MAC;
    s->messages++;
    return 0;
}

int tk_tsig_append_error(const struct tk_tsig_record *t, uint16_t error, uint8_t *msg,
                         size_t *len, size_t cap, uint64_t now)
{
    return append_record(msg, len, cap, t->key_name, t->key_name_len, t->algorithm,
                         t->algorithm_len, now, NULL, 0, t->original_id, error, NULL, 0);
}
