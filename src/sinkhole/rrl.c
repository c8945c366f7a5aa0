/* rrl.c - per-prefix response rate limiting (see include/takedown/rrl.h).
 *
 * Each table slot is one 64-bit word updated with compare-and-swap: the prefix's hash (32
 * bits), the second it counts (16 bits) and the count (16 bits). */
#include "takedown/rrl.h"

#include <netinet/in.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 65536

struct tk_rrl {
    uint32_t rate, slip;
    _Atomic uint64_t slots[SLOTS];
};

struct tk_rrl *tk_rrl_new(uint32_t rate, uint32_t slip)
{
    struct tk_rrl *r = calloc(1, sizeof *r);
    if (r == NULL)
        return NULL;
    r->rate = rate == 0 ? 1 : rate > 65535 ? 65535 : rate;
    r->slip = slip;
    return r;
}

void tk_rrl_free(struct tk_rrl *r)
{
    free(r);
}

static uint32_t prefix_hash(const struct sockaddr *sa)
{
    uint64_t h;
    if (sa->sa_family == AF_INET6) {
        const uint8_t *a = ((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr.s6_addr;
        uint64_t top = 0;
        memcpy(&top, a, 7); /* the /56 */
        h = top ^ 0x6000000000000000ull;
    } else {
        uint32_t a;
        memcpy(&a, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
        h = ntohl(a) >> 8; /* the /24 */
    }
    h *= 0x9E3779B97F4A7C15ull;
    return (uint32_t)(h >> 32) | 1; /* never 0, so an empty slot matches no prefix */
}

enum tk_rrl_action tk_rrl_check(struct tk_rrl *r, const struct sockaddr *client, uint32_t now)
{
    uint32_t key = prefix_hash(client);
    _Atomic uint64_t *slot = &r->slots[(key >> 7) & (SLOTS - 1)];
    uint64_t second = now & 0xFFFF;
    uint64_t old = atomic_load_explicit(slot, memory_order_relaxed), next;
    uint32_t count;
    do {
        if (old >> 32 == key && ((old >> 16) & 0xFFFF) == second) {
            count = (uint32_t)(old & 0xFFFF);
            if (count < 0xFFFF)
                count++;
        } else {
            count = 1;
        }
        next = (uint64_t)key << 32 | second << 16 | count;
    } while (!atomic_compare_exchange_weak_explicit(slot, &old, next, memory_order_relaxed,
                                                    memory_order_relaxed));
    if (count <= r->rate)
        return TK_RRL_SEND;
    if (r->slip && (count - r->rate) % r->slip == 0)
        return TK_RRL_SLIP;
    return TK_RRL_DROP;
}
