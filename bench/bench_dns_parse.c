/* bench_dns_parse.c - the sinkhole's query parser alone (tk_dns_parse_query), in
 * nanoseconds per packet over a mix of queries: a short A query, a long name, and a query
 * with EDNS(0) and Client Subnet. For comparing parser changes without a whole
 * bench/sinkhole.sh run. Usage: bench_dns_parse [ROUNDS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "takedown/dns_wire.h"

static size_t build(uint8_t *p, const char *name, int ecs)
{
    static const uint8_t header[12] = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0};
    static const uint8_t opt[] = {0, 0, 41, 0x10, 0, 0, 0, 0, 0, 0, 11,
                                  0, 8, 0, 7, 0, 1, 24, 0, 198, 51, 100};
    memcpy(p, header, sizeof header);
    size_t n = sizeof header + tk_dns_name_to_wire(name, p + sizeof header);
    memcpy(p + n, "\0\1\0\1", 4);
    n += 4;
    if (ecs) {
        p[11] = 1;
        memcpy(p + n, opt, sizeof opt);
        n += sizeof opt;
    }
    return n;
}

int main(int argc, char **argv)
{
    long rounds = argc > 1 ? atol(argv[1]) : 10000000;
    uint8_t packets[3][512];
    size_t lens[3] = {
        build(packets[0], "Abcdef.com", 0),
        build(packets[1], "qxhvzpkwmtrlbjgnfdcsyaeiou0123456789abcdefghij.example-long.org", 0),
        build(packets[2], "abcdef.com", 1)};
    struct tk_dns_query q;
    struct timespec t0, t1;
    unsigned long sum = 0;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (long i = 0; i < rounds; i++) {
        int k = (int)(i % 3);
        sum += (unsigned long)tk_dns_parse_query(packets[k], lens[k], &q) + q.question.name_len;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ns = (double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec);
    printf("tk_dns_parse_query: %.1f ns per packet (%ld packets, check %lu)\n", ns / (double)rounds,
           rounds, sum);
    return 0;
}
