/* fuzz_detect_model.c - libFuzzer target for the detector's model file parser; a model it
 * accepts must score names without trouble. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "takedown/detect.h"
#include "takedown/domain.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int psl_ready;
    struct tk_detector *d;
    struct tk_error err = {0};
    if (!psl_ready) {
        if (tk_psl_init(&err) != TK_OK)
            return 0;
        psl_ready = 1;
    }
    if (tk_detector_parse((const char *)data, size, "fuzz", &d, &err) == TK_OK) {
        double s = tk_detector_score(d, "xkqzjvbwtrplmnhgfd.com", 22)
                   + tk_detector_score(d, "google.com", 10);
        if (!(s >= 0 && s <= 2))
            __builtin_trap();
        tk_detector_free(d);
    }
    return 0;
}
