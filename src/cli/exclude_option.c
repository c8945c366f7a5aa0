/* exclude_option.c - loads the exclude list of match, predict and export (see
 * exclude_option.h). */
#include "cli/exclude_option.h"

#include <stddef.h>

int exclude_option_load(int popular, const char *file, struct tk_allowlist **out,
                        struct tk_error *err)
{
    struct tk_allowlist *list = NULL;
    *out = NULL;
    if (!popular && file == NULL)
        return TK_OK;
    int rc = tk_allowlist_new(0, &list, err);
    if (rc == TK_OK && popular)
        rc = tk_allowlist_add_popular(list, err);
    if (rc == TK_OK && file)
        rc = tk_allowlist_add_file(list, file, err);
    if (rc) {
        tk_allowlist_free(list);
        return rc;
    }
    *out = list;
    return TK_OK;
}
