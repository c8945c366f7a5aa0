/* allowlist.c - names the detector never reports, each with everything below it: the CDN
 * and infrastructure names that look random but are not (see include/takedown/detect.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match/intern.h"
#include "takedown/detect.h"
#include "takedown/domain.h"

struct tk_allowlist {
    struct intern_strings names;
};

int tk_allowlist_load(const char *path, struct tk_allowlist **out, struct tk_error *err)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0;
    long lineno = 0;
    ssize_t n;
    int rc = TK_OK;

    if (f == NULL)
        return tk_error_set(err, TK_ERR_IO, "%s: %s", path, strerror(errno));
    struct tk_allowlist *list = calloc(1, sizeof *list);
    if (list == NULL) {
        fclose(f);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    while (rc == TK_OK && (n = getline(&line, &cap, f)) > 0) {
        lineno++;
        char *p = line, *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        while (*p == ' ' || *p == '\t')
            p++;
        size_t len = strcspn(p, " \t\r\n");
        if (len == 0)
            continue;
        if (len > 2 && p[0] == '*' && p[1] == '.') {
            p += 2;
            len -= 2;
        }
        if (len > 1 && p[len - 1] == '.')
            len--;
        char lower[256];
        if (len > 253 || !tk_domain_is_valid(p, len)) {
            rc = tk_error_set(err, TK_ERR_DATA, "%s:%ld: expected a domain name", path, lineno);
            break;
        }
        tk_domain_lower(p, len, lower);
        if (intern_string(&list->names, lower, len, NULL) < 0)
            rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    free(line);
    fclose(f);
    if (rc) {
        tk_allowlist_free(list);
        return rc;
    }
    *out = list;
    return TK_OK;
}

void tk_allowlist_free(struct tk_allowlist *list)
{
    if (list == NULL)
        return;
    intern_strings_free(&list->names);
    free(list);
}

int tk_allowlist_contains(const struct tk_allowlist *list, const char *name, size_t len)
{
    char lower[256];
    if (len > 0 && name[len - 1] == '.')
        len--;
    if (len == 0 || len > 253 || list->names.count == 0)
        return 0;
    tk_domain_lower(name, len, lower);
    /* The name itself, then each parent: a.b.example.com, b.example.com, example.com, com. */
    for (size_t at = 0; at < len;) {
        if (intern_string_find(&list->names, lower + at, len - at) >= 0)
            return 1;
        const char *dot = memchr(lower + at, '.', len - at);
        if (dot == NULL)
            break;
        at = (size_t)(dot - lower) + 1;
    }
    return 0;
}

size_t tk_allowlist_count(const struct tk_allowlist *list)
{
    return list->names.count;
}
