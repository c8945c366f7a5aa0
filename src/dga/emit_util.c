/* emit_util.c - finishing names and handing them out (see include/takedown/emit_util.h). */
#include "takedown/emit_util.h"

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
