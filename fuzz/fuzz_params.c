/* fuzz_params.c - libFuzzer target for parameter parsing and for every generator fed the
 * parameters that pass validation: no input may crash a family or read out of bounds.
 *
 * Input: first byte picks the family, second the variant, the rest is "key=value;..." text.
 * Runs that would print more than a few thousand names are skipped, to keep each run short. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "takedown/family.h"
#include "takedown/predict.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count_names(void *ctx, const char *name, size_t len)
{
    size_t *n = ctx;
    (void)name;
    if (len == 0 || len > 4096)
        __builtin_trap();
    return ++*n > 20000 ? TK_ERR_STOP : TK_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct tk_error err = {0};
    struct tk_args *args = NULL;
    size_t variants = 0, names = 0;

    if (size < 2 || tk_family_count() == 0)
        return 0;
    const struct tk_family *family = tk_family_at(data[0] % tk_family_count());
    while (family->variants[variants].name)
        variants++;
    const struct tk_variant *variant = &family->variants[data[1] % variants];
    char *text = malloc(size - 1);
    if (text == NULL)
        return 0;
    memcpy(text, data + 2, size - 2);
    text[size - 2] = '\0';

    if (tk_args_new(family, variant, &args, &err) == TK_OK) {
        int ok = tk_args_set_pairs(args, text, &err) == TK_OK;
        if (ok && tk_family_takes_date(family) && !tk_args_was_set(args, "date"))
            ok = tk_args_set(args, "date", "2020-03-01", &err) == TK_OK;
        if (ok && tk_args_check(args, &err) == TK_OK
            && (!tk_args_accepts(args, "count") || tk_args_int(args, "count") <= 5000)) {
            struct tk_source src = {family, variant, args, ""};
            tk_predict_once(&src, count_names, &names, &err);
        }
        tk_args_free(args);
    }
    free(text);
    return 0;
}
