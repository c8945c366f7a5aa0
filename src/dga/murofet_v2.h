/* murofet_v2.h - the Murofet v2 DGA, shared by murofet (variant v2) and tufik.
 *
 * Tufik's DGA is Murofet v2 with a key of its own (its "magic"), so both families generate
 * through this one implementation. For each index, eight bytes (year + 0x30, month, day, a
 * zero byte and the index with its low bit cleared, little-endian), each XORed with the
 * matching byte of the little-endian 32-bit key, are hashed with MD5; every digest byte whose
 * two nibbles sum to 25 or less gives the letter 'a' + sum. Even and odd indexes thus share a
 * label, and the TLD (biz, info, org, net, com by tk_murofet_tld) tells them apart. */
#ifndef TAKEDOWN_MUROFET_V2_H
#define TAKEDOWN_MUROFET_V2_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/date.h"
#include "takedown/family.h"

/* The Murofet TLD rule, used by every revision: tlds[i] for the first i whose divisor n - i
 * divides index; the last TLD (divisor 1) takes every index left over. */
const char *tk_murofet_tld(const char *const *tlds, size_t n, int64_t index);

/* Emits the count names of day for key. A non-zero return of emit is returned at once. */
int tk_murofet_v2_generate(tk_day day, uint32_t key, int64_t count, tk_emit_fn emit,
                           void *ctx);

#endif
