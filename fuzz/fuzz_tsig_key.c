/* fuzz_tsig_key.c - libFuzzer target for the TSIG key file reader (BIND's key statement):
 * any text is a key with a name and a secret, or an error naming file:line. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "takedown/feed_wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct tk_tsig_key key;
    struct tk_error err = {0};
    int rc = tk_tsig_key_parse((const char *)data, size, "key", &key, &err);
    if (rc == TK_OK && (key.secret_len == 0 || key.secret_len > sizeof key.secret
                        || key.name_wire_len < 2 || strlen(key.name) == 0))
        __builtin_trap();
    if (rc != TK_OK && strncmp(err.message, "key:", 4) != 0)
        __builtin_trap(); /* every error names the file and line */
    return 0;
}
