/* emit_util.c - finishing names, handing them out, reading common parameters, the monthly
 * period (see src/dga/emit_util.h). */
#include "dga/emit_util.h"

#include <string.h>

size_t tk_name_add_tld(char *name, size_t label_len, const char *tld)
{
    size_t tld_len = strlen(tld);
    name[label_len] = '.';
    memcpy(name + label_len + 1, tld, tld_len + 1);
    return label_len + 1 + tld_len;
}

int tk_emit_with_tld(tk_emit_fn emit, void *ctx, char *name, size_t label_len, const char *tld)
{
    return emit(ctx, name, tk_name_add_tld(name, label_len, tld));
}

size_t tk_name_append(char *name, size_t len, const char *text)
{
    size_t text_len = strlen(text);
    memcpy(name + len, text, text_len);
    return len + text_len;
}

int tk_gen_count(const struct tk_gen *gen, int64_t own_count, int64_t *count,
                 struct tk_error *err)
{
    *count = tk_args_int(gen->args, "count");
    if (*count < 0)
        return tk_error_set(err, TK_ERR_USAGE, "--count must not be negative");
    if (*count == 0)
        *count = own_count;
    return TK_OK;
}

int tk_gen_u32(const struct tk_gen *gen, const char *name, uint32_t *value,
               struct tk_error *err)
{
    int64_t given = tk_args_int(gen->args, name);
    if (given < 0 || given > 0xFFFFFFFF)
        return tk_error_set(err, TK_ERR_USAGE, "--%s must be a 32-bit value (0 to 0xFFFFFFFF)",
                            name);
    *value = (uint32_t)given;
    return TK_OK;
}

int64_t tk_period_monthly(const struct tk_gen *gen, tk_day day)
{
    struct tk_civil c = tk_day_to_civil(day);
    (void)gen;
    return (int64_t)c.year * 12 + c.month;
}
