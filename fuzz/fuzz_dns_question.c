/* fuzz_dns_question.c - libFuzzer target for the question name of a wire-format DNS
 * message (the part of a dnstap record that comes from the network). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "takedown/logs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char name[1024];
    size_t len = 0;
    uint16_t qtype;
    struct tk_error err = {0};
    if (tk_dns_question(data, size, name, &len, &qtype, &err) == TK_OK) {
        if (len == 0 || len >= sizeof name || strlen(name) != len)
            __builtin_trap();
    }
    return 0;
}
