/* hll.h - HyperLogLog distinct counting with Redis's parameters: 2^14 registers of 6 bits
 * (12 KB dense, a standard error of 1.04 / sqrt(16384) = 0.81 %), a sparse form for small
 * sets, merging, and a byte encoding so that counts made on several sinkholes combine.
 *
 * Estimates use Otmar Ertl's improved estimator ("New cardinality estimation algorithms for
 * HyperLogLog sketches", 2017), which needs no empirical bias tables and is accurate from
 * zero to far beyond 10^9. Input values must already be well-mixed 64-bit hashes
 * (hash64.h). */
#ifndef TAKEDOWN_HLL_H
#define TAKEDOWN_HLL_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/error.h"

#define TK_HLL_PRECISION 14
#define TK_HLL_REGISTERS (1u << TK_HLL_PRECISION)
#define TK_HLL_DENSE_BYTES (TK_HLL_REGISTERS * 6 / 8)
/* The sparse form holds up to this many non-zero registers (4 bytes each), a quarter of
 * the dense size, then turns dense. */
#define TK_HLL_SPARSE_MAX 768

struct tk_hll;

/* A new, empty sketch in the sparse form; NULL when out of memory. */
struct tk_hll *tk_hll_new(void);
void tk_hll_free(struct tk_hll *h);

/* Adds one hashed value. TK_ERR_NOMEM when the sketch had to grow and could not. */
int tk_hll_add(struct tk_hll *h, uint64_t hash);
/* The estimated number of distinct values added. */
uint64_t tk_hll_count(const struct tk_hll *h);
/* dst becomes the sketch of the union of both sets; src is unchanged. */
int tk_hll_merge(struct tk_hll *dst, const struct tk_hll *src);

int tk_hll_is_sparse(const struct tk_hll *h);
/* Bytes of register storage in use (12288 when dense). */
size_t tk_hll_bytes(const struct tk_hll *h);

/* The byte encoding (docs/report.md): "TKHLL1", a form byte (0 sparse, 1 dense), then a
 * little-endian uint32 entry count and the entries (sparse), or the 12288 register bytes
 * (dense). */
size_t tk_hll_encoded_size(const struct tk_hll *h);
void tk_hll_encode(const struct tk_hll *h, uint8_t *out);
/* Decodes len bytes at data; TK_ERR_DATA saying what is wrong when they are not a sketch. */
int tk_hll_decode(const uint8_t *data, size_t len, struct tk_hll **out, struct tk_error *err);

#endif
