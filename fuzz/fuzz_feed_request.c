/* fuzz_feed_request.c - libFuzzer target for the feed's request path: one packet read as a
 * SOA, AXFR or IXFR request (the XFR request reader, the IXFR's SOA, the TSIG record and its
 * check) and answered by a feed server holding a small zone with one slide in its journal,
 * over UDP and TCP, from an address the list allows and one it does not. Every input must
 * give a bounded response or none, never a crash. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "takedown/feed_server.h"
#include "takedown/sources.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct tk_feed_server *server;
static struct tk_tsig_key key;

static int no_day(void *ctx, tk_day *today, struct tk_error *err)
{
    (void)ctx;
    (void)today;
    return tk_error_set(err, TK_ERR_USAGE, "none");
}

static void setup(void)
{
    static struct tk_source_list sources;
    static struct tk_feed_server_config config;
    const char *keys[] = {"date", "count"}, *values[] = {"2026-12-01", "16"};
    struct tk_overrides ov = {keys, values, 2};
    struct tk_error err = {0};
    struct tk_feed *feed = NULL;
    struct tk_feed_report report;
    const char *key_text = "key \"feed-key\" { algorithm hmac-sha256; secret \"AAECAwQFBgc=\"; };";
    tk_day today = tk_day_from_civil(2026, 12, 1);

    if (tk_sources_add(&sources, tk_family_find("necurs"), NULL, &ov, "9", &err)
        || tk_tsig_key_parse(key_text, strlen(key_text), "key", &key, &err))
        abort();
    struct tk_feed_config fc = {{sources.items, sources.count, 2, 2, NULL, NULL, 1, 0}, NULL, 4, 1};
    if (tk_feed_open(&fc, today, &feed, &report, &err) || tk_feed_move(feed, today + 4, &report, &err) != 1)
        abort();
    struct sockaddr_in *in = (struct sockaddr_in *)&config.listen;
    in->sin_family = AF_INET;
    in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    config.zone = "rpz.test";
    config.ttl = 60;
    config.key = &key;
    config.today = no_day;
    if (tk_feed_server_new(&config, feed, &server, &err))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t out[65535];
    struct sockaddr_storage from[2];
    memset(from, 0, sizeof from);
    ((struct sockaddr_in *)&from[0])->sin_family = AF_INET;
    ((struct sockaddr_in *)&from[0])->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ((struct sockaddr_in *)&from[1])->sin_family = AF_INET;
    ((struct sockaddr_in *)&from[1])->sin_addr.s_addr = htonl(0xC0000201);

    if (server == NULL)
        setup();
    for (int tcp = 0; tcp < 2; tcp++) {
        for (int who = 0; who < 2; who++) {
            size_t cap = tcp ? sizeof out : 512;
            size_t n = tk_feed_server_answer(server, data, size, &from[who], tcp, out, cap);
            if (n > cap || (n && n < 12))
                __builtin_trap();
            if (n && (out[0] != data[0] || out[1] != data[1] || !(out[2] & 0x80)))
                __builtin_trap(); /* a response carries the request's id and QR */
        }
    }
    return 0;
}
