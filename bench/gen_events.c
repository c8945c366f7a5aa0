/* gen_events.c - synthetic sinkhole events for bench/report.sh: COUNT contacts from up to
 * DISTINCT addresses, written to standard output as JSON lines (exactly as the sinkhole
 * writes them: a bot's HTTP check-in, tagged with the DGA name it reached; with --proto dns
 * the sinkhole's DNS queries, whose source is a resolver, for the query-log readers), CSV
 * (time,address,tag) or dnstap (Frame Streams of CLIENT_QUERY messages: a resolver's log of
 * its clients' queries). Either way the source is the infected host, not a resolver (report
 * counts an authoritative server's DNS queries for their resolver, not as a host).
 *
 * Address number i (0 <= i < DISTINCT, drawn uniformly per event) is 10.B.H.L with block
 * B = i % 200 and host H.L = i / 200, so DISTINCT is at most 13,107,200. `--plan` prints
 * the country of each block ("10.B,CC"), weighted roughly like the Necurs announcement's
 * figures, for the country database and the awk peer. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "takedown/date.h"

#define BLOCKS 200

/* Blocks per country, 200 in all. */
static const struct { const char *code; int blocks; } plan[] = {
    {"IN", 28}, {"ID", 16}, {"TR", 14}, {"VN", 14}, {"MX", 12}, {"TH", 10}, {"IR", 10},
    {"PH", 8}, {"BR", 8}, {"CN", 8}, {"US", 8}, {"PK", 6}, {"EG", 6}, {"RU", 6}, {"DZ", 6},
    {"AR", 5}, {"CO", 5}, {"MA", 4}, {"DE", 4}, {"FR", 4}, {"GB", 4}, {"JP", 4},
};

static const char *block_country(unsigned block)
{
    unsigned seen = 0;
    for (size_t i = 0; i < sizeof plan / sizeof plan[0]; i++) {
        seen += (unsigned)plan[i].blocks;
        if (block < seen)
            return plan[i].code;
    }
    return "ZZ";
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t next_random(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static void put_be32(uint32_t v)
{
    putchar((int)(v >> 24));
    putchar((int)(v >> 16) & 0xff);
    putchar((int)(v >> 8) & 0xff);
    putchar((int)v & 0xff);
}

static size_t put_varint(uint8_t *out, uint64_t v)
{
    size_t n = 0;
    while (v >= 0x80) {
        out[n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    out[n++] = (uint8_t)v;
    return n;
}

/* One dnstap frame: Dnstap{type MESSAGE, message: Message{CLIENT_QUERY, INET, UDP, address,
 * port, time, the query for nNNNNNN.example}} with the tag in "extra". */
static void put_dnstap(const uint8_t addr[4], uint16_t port, int64_t sec, uint32_t nsec,
                       unsigned name, const char *tag)
{
    static const uint8_t header[12] = {0x12, 0x34, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0};
    static const uint8_t tail[13] = {7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0, 0, 1, 0, 1};
    uint8_t msg[128], frame[224], query[64];
    size_t m = 0, f = 0, q = sizeof header;
    char label[8];

    memcpy(query, header, sizeof header);
    snprintf(label, sizeof label, "n%06u", name % 1000000);
    query[q++] = 7;
    memcpy(query + q, label, 7);
    q += 7;
    memcpy(query + q, tail, sizeof tail); /* example. A IN */
    q += sizeof tail;
    msg[m++] = 1 << 3; msg[m++] = 5;             /* type CLIENT_QUERY */
    msg[m++] = 2 << 3; msg[m++] = 1;             /* socket_family INET */
    msg[m++] = 3 << 3; msg[m++] = 1;             /* socket_protocol UDP */
    msg[m++] = 4 << 3 | 2; msg[m++] = 4;         /* query_address */
    memcpy(msg + m, addr, 4);
    m += 4;
    msg[m++] = 6 << 3;
    m += put_varint(msg + m, port);
    msg[m++] = 8 << 3;
    m += put_varint(msg + m, (uint64_t)sec);
    msg[m++] = 9 << 3 | 5; /* query_time_nsec, fixed32 */
    for (int i = 0; i < 4; i++)
        msg[m++] = (uint8_t)(nsec >> (8 * i));
    msg[m++] = 10 << 3 | 2;
    msg[m++] = (uint8_t)q;
    memcpy(msg + m, query, q);
    m += q;
    if (tag[0]) {
        size_t len = strlen(tag);
        frame[f++] = 3 << 3 | 2;
        frame[f++] = (uint8_t)len;
        memcpy(frame + f, tag, len);
        f += len;
    }
    frame[f++] = 14 << 3 | 2;
    frame[f++] = (uint8_t)m;
    memcpy(frame + f, msg, m);
    f += m;
    frame[f++] = 15 << 3;
    frame[f++] = 1;
    put_be32((uint32_t)f);
    fwrite(frame, 1, f, stdout);
}

static void put_dnstap_control(uint32_t type, int with_content_type)
{
    static const char content_type[] = "protobuf:dnstap.Dnstap";
    put_be32(0);
    put_be32(with_content_type ? 4 + 8 + (uint32_t)strlen(content_type) : 4);
    put_be32(type);
    if (with_content_type) {
        put_be32(1);
        put_be32((uint32_t)strlen(content_type));
        fputs(content_type, stdout);
    }
}

int main(int argc, char **argv)
{
    unsigned long long count = 1000000, distinct = 100000, days = 7;
    const char *format = "jsonl";
    int dns = 0; /* JSON lines: the sinkhole's DNS queries (a resolver's) instead of HTTP */
    static char buffer[1 << 20];
    tk_day first_day = tk_day_from_civil(2020, 3, 1);
    static const char *const families[] = {"necurs", "necurs", "necurs", "ranbyus", "pushdo"};

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--plan") == 0) {
            for (unsigned b = 0; b < BLOCKS; b++)
                printf("10.%u,%s\n", b, block_country(b));
            return 0;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "usage: gen_events [--count N] [--distinct N] [--days N] "
                            "[--format jsonl|csv|dnstap] [--proto http|dns] [--seed N] | --plan\n");
            return 2;
        }
        if (strcmp(argv[i], "--count") == 0)
            count = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--distinct") == 0)
            distinct = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--days") == 0)
            days = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--format") == 0)
            format = argv[++i];
        else if (strcmp(argv[i], "--proto") == 0)
            dns = strcmp(argv[++i], "dns") == 0;
        else if (strcmp(argv[i], "--seed") == 0)
            rng_state ^= strtoull(argv[++i], NULL, 10);
        else {
            fprintf(stderr, "gen_events: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    if (distinct == 0 || distinct > BLOCKS * 65536ULL || days == 0) {
        fprintf(stderr, "gen_events: --distinct is 1 to %u, --days at least 1\n", BLOCKS * 65536);
        return 2;
    }
    setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
    if (strcmp(format, "dnstap") == 0)
        put_dnstap_control(2, 1);
    for (unsigned long long n = 0; n < count; n++) {
        uint64_t r = next_random(), i = r % distinct;
        uint8_t addr[4] = {10, (uint8_t)(i % BLOCKS), (uint8_t)(i / BLOCKS >> 8), (uint8_t)(i / BLOCKS)};
        int64_t sec = tk_day_to_unix(first_day) + (int64_t)((r >> 24) % (days * 86400));
        struct tk_civil c = tk_day_to_civil(tk_day_from_unix(sec));
        int second_of_day = (int)(sec % 86400);
        const char *family = families[(r >> 56) % 5];
        unsigned seed = (unsigned)(r >> 60) % 3 + 9;
        uint16_t port = (uint16_t)(1024 + (r >> 40) % 60000);
        char tag[96];

        if (strcmp(format, "dnstap") == 0) {
            snprintf(tag, sizeof tag, "family=%s;variant=default;seed=%u;first=;last=", family, seed);
            put_dnstap(addr, port, sec, (uint32_t)(r & 0xfffff) % 1000000 * 1000,
                       (unsigned)(r >> 8) % 1000000, tag);
        } else if (strcmp(format, "csv") == 0) {
            printf("%04d-%02d-%02dT%02d:%02d:%02dZ,10.%u.%u.%u,%s:default:%u\n", c.year, c.month,
                   c.day, second_of_day / 3600, second_of_day / 60 % 60, second_of_day % 60,
                   addr[1], addr[2], addr[3], family, seed);
        } else {
            printf("{\"v\":1,\"time\":\"%04d-%02d-%02dT%02d:%02d:%02d.%06uZ\",\"sensor\":\"bench\","
                   "\"proto\":\"%s\",\"transport\":\"%s\",\"src\":\"10.%u.%u.%u\",\"sport\":%u,"
                   "\"dst\":\"192.0.2.80\",\"dport\":%u,\"name\":\"n%06u.example\",\"tag\":{"
                   "\"family\":\"%s\",\"variant\":\"default\",\"seed\":\"%u\",\"first\":"
                   "\"2020-03-01\",\"last\":\"2020-03-31\"},%s}\n",
                   c.year, c.month, c.day, second_of_day / 3600, second_of_day / 60 % 60,
                   second_of_day % 60, (unsigned)(r & 0xfffff) % 1000000, dns ? "dns" : "http",
                   dns ? "udp" : "tcp", addr[1], addr[2], addr[3], port, dns ? 53 : 80,
                   (unsigned)(r >> 8) % 1000000, family, seed,
                   dns ? "\"qtype\":\"A\",\"rcode\":\"NOERROR\""
                       : "\"http\":{\"method\":\"POST\",\"path\":\"/gate.php\",\"version\":"
                         "\"1.1\",\"status\":200,\"body_bytes\":0}");
        }
    }
    if (strcmp(format, "dnstap") == 0)
        put_dnstap_control(3, 0);
    return fflush(stdout) == 0 ? 0 : 1;
}
