/* hll.c - HyperLogLog sketches: sparse and dense registers, Ertl's estimator, merging and
 * the byte encoding (see include/takedown/hll.h).
 *
 * A register holds the rank of the longest run seen in its bucket: one plus the number of
 * trailing zero bits of the hash after the 14 index bits, so 1..51. The dense form packs
 * the 16384 registers at 6 bits each, little-endian bit order, like Redis. The sparse form
 * is a sorted array of (index << 6 | rank) words, one per non-zero register: sets of a few
 * hundred values cost a few hundred bytes instead of 12 KB, and count the same. */
#include "takedown/hll.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define HLL_Q (64 - TK_HLL_PRECISION) /* hash bits left for the rank */
#define HLL_MAX_RANK (HLL_Q + 1)
static const char encoding_magic[6] = {'T', 'K', 'H', 'L', 'L', '1'};

struct tk_hll {
    uint8_t *dense;   /* TK_HLL_DENSE_BYTES + 1 bytes, or NULL while sparse */
    uint32_t *sparse; /* sorted (index << 6 | rank) words */
    uint32_t sparse_len, sparse_cap;
};

static unsigned dense_get(const uint8_t *regs, uint32_t index)
{
    uint32_t bit = index * 6, byte = bit / 8, shift = bit % 8;
    unsigned pair = regs[byte] | (unsigned)regs[byte + 1] << 8;
    return (pair >> shift) & 63;
}

static void dense_set(uint8_t *regs, uint32_t index, unsigned value)
{
    uint32_t bit = index * 6, byte = bit / 8, shift = bit % 8;
    unsigned pair = regs[byte] | (unsigned)regs[byte + 1] << 8;
    pair = (pair & ~(63u << shift)) | value << shift;
    regs[byte] = (uint8_t)pair;
    regs[byte + 1] = (uint8_t)(pair >> 8);
}

static void split_hash(uint64_t hash, uint32_t *index, unsigned *rank)
{
    uint64_t rest = hash >> TK_HLL_PRECISION | 1ULL << HLL_Q;
    *index = (uint32_t)(hash & (TK_HLL_REGISTERS - 1));
    *rank = (unsigned)__builtin_ctzll(rest) + 1;
}

struct tk_hll *tk_hll_new(void)
{
    return calloc(1, sizeof(struct tk_hll));
}

void tk_hll_free(struct tk_hll *h)
{
    if (h == NULL)
        return;
    free(h->dense);
    free(h->sparse);
    free(h);
}

static int make_dense(struct tk_hll *h)
{
    uint8_t *regs = calloc(1, TK_HLL_DENSE_BYTES + 1);
    if (regs == NULL)
        return TK_ERR_NOMEM;
    for (uint32_t i = 0; i < h->sparse_len; i++)
        dense_set(regs, h->sparse[i] >> 6, h->sparse[i] & 63);
    free(h->sparse);
    h->sparse = NULL;
    h->sparse_len = h->sparse_cap = 0;
    h->dense = regs;
    return TK_OK;
}

/* The position of index in the sparse array, or where it would be inserted. */
static uint32_t sparse_find(const struct tk_hll *h, uint32_t index)
{
    uint32_t lo = 0, hi = h->sparse_len;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if ((h->sparse[mid] >> 6) < index)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Raises register index to rank when rank is higher. */
static int set_max(struct tk_hll *h, uint32_t index, unsigned rank)
{
    uint32_t pos;

    if (h->dense) {
        if (dense_get(h->dense, index) < rank)
            dense_set(h->dense, index, rank);
        return TK_OK;
    }
    pos = sparse_find(h, index);
    if (pos < h->sparse_len && (h->sparse[pos] >> 6) == index) {
        if ((h->sparse[pos] & 63) < rank)
            h->sparse[pos] = index << 6 | rank;
        return TK_OK;
    }
    if (h->sparse_len == TK_HLL_SPARSE_MAX) {
        int rc = make_dense(h);
        if (rc == TK_OK)
            dense_set(h->dense, index, rank);
        return rc;
    }
    if (h->sparse_len == h->sparse_cap) {
        uint32_t cap = h->sparse_cap ? h->sparse_cap * 2 : 8;
        uint32_t *grown = realloc(h->sparse, cap * sizeof *grown);
        if (grown == NULL)
            return TK_ERR_NOMEM;
        h->sparse = grown;
        h->sparse_cap = cap;
    }
    memmove(h->sparse + pos + 1, h->sparse + pos, (h->sparse_len - pos) * sizeof *h->sparse);
    h->sparse[pos] = index << 6 | rank;
    h->sparse_len++;
    return TK_OK;
}

int tk_hll_add(struct tk_hll *h, uint64_t hash)
{
    uint32_t index;
    unsigned rank;
    split_hash(hash, &index, &rank);
    return set_max(h, index, rank);
}

/* Ertl's sigma(x) = x + sum_k x^(2^k) 2^(k-1), for the share x of empty registers. */
static double hll_sigma(double x)
{
    double y = 1.0, z = x, previous;
    if (x == 1.0)
        return INFINITY;
    do {
        x *= x;
        previous = z;
        z += x * y;
        y += y;
    } while (z != previous);
    return z;
}

/* Ertl's tau(x) = (1 - x - sum_k (1 - x^(2^-k))^2 2^-k) / 3, for the share x of registers
 * below the maximum rank. */
static double hll_tau(double x)
{
    double y = 1.0, z = 1.0 - x, previous;
    if (x == 0.0 || x == 1.0)
        return 0.0;
    do {
        x = sqrt(x);
        previous = z;
        y *= 0.5;
        z -= (1.0 - x) * (1.0 - x) * y;
    } while (z != previous);
    return z / 3.0;
}

uint64_t tk_hll_count(const struct tk_hll *h)
{
    uint32_t histogram[HLL_MAX_RANK + 1] = {0};
    const double m = TK_HLL_REGISTERS, alpha_inf = 0.5 / M_LN2;
    double z;

    if (h->dense) {
        for (uint32_t i = 0; i < TK_HLL_REGISTERS; i++)
            histogram[dense_get(h->dense, i)]++;
    } else {
        histogram[0] = TK_HLL_REGISTERS - h->sparse_len;
        for (uint32_t i = 0; i < h->sparse_len; i++)
            histogram[h->sparse[i] & 63]++;
    }
    z = m * hll_tau((m - histogram[HLL_MAX_RANK]) / m);
    for (int k = HLL_Q; k >= 1; k--) {
        z += histogram[k];
        z *= 0.5;
    }
    z += m * hll_sigma(histogram[0] / m);
    return (uint64_t)llround(alpha_inf * m * m / z);
}

int tk_hll_merge(struct tk_hll *dst, const struct tk_hll *src)
{
    int rc;

    if (src->dense) {
        if (dst->dense == NULL && (rc = make_dense(dst)))
            return rc;
        for (uint32_t i = 0; i < TK_HLL_REGISTERS; i++) {
            unsigned rank = dense_get(src->dense, i);
            if (dense_get(dst->dense, i) < rank)
                dense_set(dst->dense, i, rank);
        }
        return TK_OK;
    }
    for (uint32_t i = 0; i < src->sparse_len; i++)
        if ((rc = set_max(dst, src->sparse[i] >> 6, src->sparse[i] & 63)))
            return rc;
    return TK_OK;
}

int tk_hll_is_sparse(const struct tk_hll *h)
{
    return h->dense == NULL;
}

size_t tk_hll_bytes(const struct tk_hll *h)
{
    return h->dense ? TK_HLL_DENSE_BYTES : h->sparse_len * sizeof(uint32_t);
}

size_t tk_hll_encoded_size(const struct tk_hll *h)
{
    return sizeof encoding_magic + 1 + (h->dense ? TK_HLL_DENSE_BYTES : 4 + h->sparse_len * 4u);
}

static void put_u32(uint8_t *out, uint32_t v)
{
    out[0] = (uint8_t)v;
    out[1] = (uint8_t)(v >> 8);
    out[2] = (uint8_t)(v >> 16);
    out[3] = (uint8_t)(v >> 24);
}

static uint32_t get_u32(const uint8_t *in)
{
    return in[0] | (uint32_t)in[1] << 8 | (uint32_t)in[2] << 16 | (uint32_t)in[3] << 24;
}

void tk_hll_encode(const struct tk_hll *h, uint8_t *out)
{
    memcpy(out, encoding_magic, sizeof encoding_magic);
    out += sizeof encoding_magic;
    *out++ = h->dense != NULL;
    if (h->dense) {
        memcpy(out, h->dense, TK_HLL_DENSE_BYTES);
        return;
    }
    put_u32(out, h->sparse_len);
    for (uint32_t i = 0; i < h->sparse_len; i++)
        put_u32(out + 4 + 4 * i, h->sparse[i]);
}

static int decode_sparse(struct tk_hll *h, const uint8_t *data, size_t len, struct tk_error *err)
{
    uint32_t count, previous_index = 0;

    if (len < 4)
        return tk_error_set(err, TK_ERR_DATA, "sparse sketch: expected an entry count");
    count = get_u32(data);
    if (count > TK_HLL_SPARSE_MAX || len != 4 + (size_t)count * 4)
        return tk_error_set(err, TK_ERR_DATA, "sparse sketch: %u entries do not match %zu bytes",
                            count, len);
    h->sparse = malloc((count ? count : 1) * sizeof *h->sparse);
    if (h->sparse == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    h->sparse_cap = count ? count : 1;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t word = get_u32(data + 4 + 4 * i), index = word >> 6, rank = word & 63;
        if (index >= TK_HLL_REGISTERS || rank == 0 || rank > HLL_MAX_RANK
            || (i > 0 && index <= previous_index))
            return tk_error_set(err, TK_ERR_DATA,
                                "sparse sketch: entry %u is out of order or out of range", i);
        h->sparse[i] = word;
        previous_index = index;
    }
    h->sparse_len = count;
    return TK_OK;
}

static int decode_dense(struct tk_hll *h, const uint8_t *data, size_t len, struct tk_error *err)
{
    if (len != TK_HLL_DENSE_BYTES)
        return tk_error_set(err, TK_ERR_DATA, "dense sketch: expected %u register bytes, got %zu",
                            TK_HLL_DENSE_BYTES, len);
    h->dense = calloc(1, TK_HLL_DENSE_BYTES + 1);
    if (h->dense == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    memcpy(h->dense, data, len);
    for (uint32_t i = 0; i < TK_HLL_REGISTERS; i++)
        if (dense_get(h->dense, i) > HLL_MAX_RANK)
            return tk_error_set(err, TK_ERR_DATA, "dense sketch: register %u is out of range", i);
    return TK_OK;
}

int tk_hll_decode(const uint8_t *data, size_t len, struct tk_hll **out, struct tk_error *err)
{
    struct tk_hll *h;
    int rc;

    *out = NULL;
    if (len < sizeof encoding_magic + 1 || memcmp(data, encoding_magic, sizeof encoding_magic))
        return tk_error_set(err, TK_ERR_DATA, "not a sketch (expected TKHLL1)");
    if (data[sizeof encoding_magic] > 1)
        return tk_error_set(err, TK_ERR_DATA, "sketch form %u (expected 0 sparse or 1 dense)",
                            data[sizeof encoding_magic]);
    if ((h = tk_hll_new()) == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    data += sizeof encoding_magic + 1;
    len -= sizeof encoding_magic + 1;
    rc = data[-1] ? decode_dense(h, data, len, err) : decode_sparse(h, data, len, err);
    if (rc) {
        tk_hll_free(h);
        return rc;
    }
    *out = h;
    return TK_OK;
}
