/* hash64.c - hashing strings and IP addresses for the distinct counters (see hash64.h). */
#include "takedown/hash64.h"

#include <string.h>

uint64_t tk_hash_bytes(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ (uint64_t)len;
    uint64_t word;

    /* Eight bytes at a time, each word mixed in with a multiply and rotate, then the
     * finaliser: cheap and well spread, which is all HyperLogLog asks of it. */
    while (len >= 8) {
        memcpy(&word, p, 8);
        h ^= tk_mix64(word);
        h = (h << 27 | h >> 37) * 0x9e3779b97f4a7c15ULL;
        p += 8;
        len -= 8;
    }
    word = 0;
    memcpy(&word, p, len);
    h ^= tk_mix64(word ^ ((uint64_t)len << 56));
    return tk_mix64(h);
}

static const uint8_t v4_mapped_prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

uint64_t tk_hash_address(int family, const uint8_t *addr)
{
    uint64_t hi, lo;

    if (family == 6 && memcmp(addr, v4_mapped_prefix, 12) == 0) {
        family = 4;
        addr += 12;
    }
    if (family == 4)
        return tk_mix64((uint64_t)addr[0] << 24 | (uint64_t)addr[1] << 16
                        | (uint64_t)addr[2] << 8 | addr[3]);
    memcpy(&hi, addr, 8);
    memcpy(&lo, addr + 8, 8);
    return tk_mix64((tk_mix64(hi) ^ lo) | 1ULL << 63);
}
