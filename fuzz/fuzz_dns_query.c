/* fuzz_dns_query.c - libFuzzer target for the sinkhole's packet path: parse one packet as a
 * query and build the answer, over UDP and TCP, against a small name table. Every input
 * must give a bounded response or none, never a crash. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "takedown/sinkhole_answer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct tk_names *names;
static struct tk_sinkhole_answers answers;

static void setup(void)
{
    struct tk_names_tag_input tag = {"necurs", "", "9", 18322, 18323};
    names = tk_names_new();
    tk_names_add(names, "abcdef.com", 10, TK_NAME_LISTED, &tag, NULL);
    tk_names_add(names, "seized.example", 14, TK_NAME_LISTED | TK_NAME_SUBTREE, NULL, NULL);
    tk_sinkhole_answers_defaults(&answers);
    answers.a_count = 1;
    memcpy(answers.a[0], "\xc0\x00\x02\x01", 4);
    answers.aaaa_count = 1;
    memset(answers.aaaa[0], 0x20, 16);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t out[4096];
    struct tk_dns_query q;
    struct tk_answer_info info;

    if (names == NULL)
        setup();
    for (int tcp = 0; tcp < 2; tcp++) {
        size_t n = tk_sinkhole_answer(&answers, names, data, size, tcp, out, sizeof out, &q, &info);
        if (n > sizeof out || (n && n < 12))
            __builtin_trap();
        if (n && (out[0] != data[0] || out[1] != data[1] || !(out[2] & 0x80)))
            __builtin_trap(); /* a response carries the query's id and QR */
        if (!tcp && n > 512 && !(q.edns.present && n <= answers.edns_udp))
            __builtin_trap(); /* UDP responses fit the client's buffer */
    }
    return 0;
}
