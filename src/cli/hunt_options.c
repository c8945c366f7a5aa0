/* hunt_options.c - the window, the family list and the sources of the commands
 * that generate names over a window (see hunt_options.h). */
#include "cli/hunt_options.h"

#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "takedown/local_seeds.h"

int cli_window(const char *from_text, const char *to_text, const char *days_text, tk_day *from,
               tk_day *to, int *given, struct tk_error *err)
{
    int rc;
    *given = 0;
    if (from_text == NULL) {
        if (to_text || days_text)
            return tk_error_set(err, TK_ERR_USAGE, "--to and --days need --from");
        return TK_OK;
    }
    if ((rc = tk_day_parse(from_text, from, err))) {
        tk_error_prefix(err, "--from");
        return rc;
    }
    if (to_text && days_text)
        return tk_error_set(err, TK_ERR_USAGE, "give either --to or --days, not both");
    if (to_text) {
        if ((rc = tk_day_parse(to_text, to, err))) {
            tk_error_prefix(err, "--to");
            return rc;
        }
        if (*to < *from)
            return tk_error_set(err, TK_ERR_USAGE, "the window ends (%s) before it starts (%s)",
                                to_text, from_text);
    } else if (days_text) {
        char *end;
        long n = strtol(days_text, &end, 10);
        if (*end || n < 1 || n > 36600)
            return tk_error_set(err, TK_ERR_USAGE, "--days: expected 1 to 36600, got '%s'",
                                days_text);
        *to = *from + (tk_day)n - 1;
    } else {
        return tk_error_set(err, TK_ERR_USAGE, "--from needs --to or --days");
    }
    *given = 1;
    return TK_OK;
}

int cli_families(const char *text, const struct tk_family ***out, size_t *count,
                 struct tk_error *err)
{
    size_t total = tk_family_count();
    const struct tk_family **list = calloc(total ? total : 1, sizeof *list);
    size_t n = 0;

    if (list == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    if (text == NULL || strcmp(text, "all") == 0) {
        for (size_t i = 0; i < total; i++)
            list[n++] = tk_family_at(i);
    } else {
        for (const char *p = text; p && *p;) {
            const char *end = strchr(p, ',');
            size_t len = end ? (size_t)(end - p) : strlen(p);
            char name[64];
            const struct tk_family *f = NULL;
            if (len > 0 && len < sizeof name) {
                memcpy(name, p, len);
                name[len] = '\0';
                f = tk_family_find(name);
            }
            if (f == NULL) {
                free(list);
                return tk_error_set(err, TK_ERR_USAGE, "--families: unknown family '%.*s' (see "
                                    "`takedown families`)", (int)len, p);
            }
            int seen = 0;
            for (size_t i = 0; i < n; i++)
                seen |= list[i] == f;
            if (!seen)
                list[n++] = f;
            p = end ? end + 1 : NULL;
        }
    }
    if (n == 0) {
        free(list);
        return tk_error_set(err, TK_ERR_USAGE, "--families: no family given");
    }
    *out = list;
    *count = n;
    return TK_OK;
}

int cli_attribution_sources(const struct tk_family *const *families, size_t count, tk_day from,
                            const char *seeds_file, int local, struct tk_source_list *list,
                            struct tk_error *err)
{
    char from_text[11];
    const char *keys[] = {"date"}, *values[] = {from_text};
    struct tk_overrides ov = {keys, values, 1};
    int rc = TK_OK;

    tk_day_format(from, from_text);
    for (size_t i = 0; i < count && rc == TK_OK; i++)
        rc = tk_sources_add_family_seeds(list, families[i], seeds_file, local, &ov, NULL, err);
    return rc;
}
