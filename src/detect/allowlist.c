/* allowlist.c - names the detector never reports, each with everything below it: the CDN
 * and infrastructure names that look random but are not (see include/takedown/detect.h). */
#include <stdlib.h>
#include <string.h>

#include "detect/popular_data.h"
#include "takedown/detect.h"
#include "takedown/domain.h"
#include "takedown/read_file.h"
#include "util/intern.h"

struct tk_allowlist {
    struct intern_strings names;
};

extern const char tk_detect_builtin_allowlist[];
extern const size_t tk_detect_builtin_allowlist_len;

/* Adds the names of text, one per line; name says where they come from in errors. */
static int add_text(struct tk_allowlist *list, const char *text, size_t len, const char *name,
                    struct tk_error *err)
{
    long lineno = 0;
    for (size_t at = 0; at < len;) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t end = nl ? (size_t)(nl - text) : len;
        const char *p = text + at;
        size_t n = end - at;
        lineno++;
        at = end + 1;
        const char *hash = memchr(p, '#', n);
        if (hash)
            n = (size_t)(hash - p);
        while (n > 0 && (*p == ' ' || *p == '\t')) {
            p++;
            n--;
        }
        size_t word = 0;
        while (word < n && p[word] != ' ' && p[word] != '\t' && p[word] != '\r')
            word++;
        if (word == 0)
            continue;
        if (word > 2 && p[0] == '*' && p[1] == '.') {
            p += 2;
            word -= 2;
        }
        if (word > 1 && p[word - 1] == '.')
            word--;
        char lower[256];
        if (word > 253 || !tk_domain_is_valid(p, word))
            return tk_error_set(err, TK_ERR_DATA, "%s:%ld: expected a domain name", name, lineno);
        tk_domain_lower(p, word, lower);
        if (intern_string(&list->names, lower, word, NULL) < 0)
            return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    return TK_OK;
}

int tk_allowlist_new(int builtin, struct tk_allowlist **out, struct tk_error *err)
{
    struct tk_allowlist *list = calloc(1, sizeof *list);
    if (list == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    int rc = builtin ? add_text(list, tk_detect_builtin_allowlist, tk_detect_builtin_allowlist_len,
                                "built-in allow-list", err)
                     : TK_OK;
    if (rc) {
        tk_allowlist_free(list);
        return rc;
    }
    *out = list;
    return TK_OK;
}

int tk_allowlist_add_popular(struct tk_allowlist *list, struct tk_error *err)
{
    return add_text(list, tk_popular_list_start, tk_popular_list_len(), "built-in popular list",
                    err);
}

int tk_allowlist_add_file(struct tk_allowlist *list, const char *path, struct tk_error *err)
{
    char *text;
    size_t len;
    int rc = tk_read_file(path, &text, &len, err);
    if (rc)
        return rc;
    rc = add_text(list, text, len, path, err);
    free(text);
    return rc;
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
    if (list->names.count == 0 || (len = tk_domain_key(name, len, lower)) == 0)
        return 0;
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
