/* fuzz_tsig_record.c - libFuzzer target for TSIG: the record reader on any bytes as the
 * record's data, and the check of a whole message's TSIG against a key, which must refuse
 * (BADKEY, BADSIG or BADTIME) anything not signed with it; then signing a response to it,
 * whose record must fit where it says. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "takedown/feed_wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct tk_tsig_key key;
    static uint8_t out[1024];
    struct tk_tsig_record t;
    struct tk_feed_request r;
    const char *key_text = "key \"k\" { algorithm hmac-sha256; secret \"c2VjcmV0\"; };";
    struct tk_error err = {0};

    if (key.secret_len == 0 && tk_tsig_key_parse(key_text, strlen(key_text), "k", &key, &err))
        __builtin_trap();
    if (size <= 0xFFFF && tk_tsig_record_read(data, size, 0, 0, (uint16_t)size, &t) == 0) {
        if (t.mac_len > TK_TSIG_MAC_MAX || t.key_name_len > TK_DNS_NAME_WIRE_MAX)
            __builtin_trap();
    }
    if (tk_feed_request_read(data, size, &r) == TK_FEED_REQUEST_OK && r.has_tsig) {
        if (r.tsig.start >= size)
            __builtin_trap();
        int verdict = tk_tsig_verify(&key, data, size, &r.tsig, 1800000000);
        if (verdict != 0 && verdict != TK_TSIG_BADKEY && verdict != TK_TSIG_BADSIG
            && verdict != TK_TSIG_BADTIME)
            __builtin_trap();
        if (verdict != TK_TSIG_BADKEY) {
            struct tk_tsig_stream stream;
            size_t len = 12;
            memcpy(out, data, 12);
            out[10] = out[11] = 0;
            tk_tsig_stream_start(&stream, &key, &r.tsig, 0);
            if (tk_tsig_sign(&stream, out, &len, sizeof out, 1800000000) || len > sizeof out
                || out[11] != 1)
                __builtin_trap();
        }
    }
    return 0;
}
