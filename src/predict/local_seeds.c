/* local_seeds.c - the user's own seeds file, read next to the built-in known seeds and
 * appended to by seed discovery (see include/takedown/local_seeds.h). */
#include "takedown/local_seeds.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "takedown/atomic_file.h"
#include "takedown/read_file.h"

int tk_local_seeds_path(char *buf, size_t size)
{
    const char *explicit_path = getenv("TAKEDOWN_SEEDS");
    const char *config = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    int n;

    if (explicit_path && *explicit_path)
        n = snprintf(buf, size, "%s", explicit_path);
    else if (config && *config)
        n = snprintf(buf, size, "%s/takedown/seeds", config);
    else if (home && *home)
        n = snprintf(buf, size, "%s/.config/takedown/seeds", home);
    else
        return -1;
    return n > 0 && (size_t)n < size ? 0 : -1;
}

int tk_sources_contains(const struct tk_source_list *list, const struct tk_family *family,
                        const struct tk_variant *variant, const char *seed)
{
    for (size_t i = 0; i < list->count; i++) {
        const struct tk_source *s = &list->items[i];
        if (s->family == family && s->variant == variant && strcmp(s->seed, seed) == 0)
            return 1;
    }
    return 0;
}

/* True when the file has at least one line that is not blank or a comment. */
static int has_entries(FILE *f)
{
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        char *p = line;
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
            p++;
        if (*p && *p != '#')
            return 1;
    }
    return 0;
}

int tk_local_seeds_add(struct tk_source_list *list, const char *path,
                       const struct tk_family *family, const char *variant,
                       const struct tk_overrides *overrides, size_t *added,
                       struct tk_error *err)
{
    char default_path[4096];
    struct tk_source_list found = {0};
    size_t kept = 0;
    int rc = TK_OK;

    if (added)
        *added = 0;
    if (path == NULL) {
        if (tk_local_seeds_path(default_path, sizeof default_path) != 0)
            return TK_OK;
        path = default_path;
    }
    if (access(path, F_OK) != 0 && errno == ENOENT)
        return TK_OK; /* no local seeds yet */
    FILE *f = tk_file_open(path, err);
    if (f == NULL)
        return TK_ERR_IO;
    int any = has_entries(f);
    tk_file_close(f);
    if (!any)
        return TK_OK;
    if ((rc = tk_sources_load_file(&found, path, NULL, NULL, overrides, err)))
        return rc;
    for (size_t i = 0; i < found.count; i++) {
        struct tk_source *s = &found.items[i];
        int wanted = (family == NULL || s->family == family)
                     && (variant == NULL || *variant == '\0' || strcmp(s->variant->name, variant) == 0)
                     && !tk_sources_contains(list, s->family, s->variant, s->seed);
        if (wanted && rc == TK_OK) {
            if (list->count == list->cap) {
                size_t n = list->cap ? list->cap * 2 : 16;
                struct tk_source *grown = realloc(list->items, n * sizeof *grown);
                if (grown == NULL) {
                    rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
                    wanted = 0;
                } else {
                    list->items = grown;
                    list->cap = n;
                }
            }
        }
        if (wanted && rc == TK_OK) {
            list->items[list->count++] = *s;
            kept++;
        } else {
            tk_args_free(s->args);
            free(s->seed);
        }
    }
    free(found.items);
    if (added)
        *added = kept;
    return rc;
}

/* True when the file already has the line "family[:variant] params" (comments ignored). */
static int already_listed(FILE *f, const char *head, const char *params)
{
    char line[4096];
    size_t head_len = strlen(head), params_len = strlen(params);
    while (fgets(line, sizeof line, f)) {
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (strncmp(p, head, head_len) != 0 || (p[head_len] != ' ' && p[head_len] != '\t'))
            continue;
        p += head_len;
        while (*p == ' ' || *p == '\t')
            p++;
        size_t n = strcspn(p, " \t\r\n");
        if (n == params_len && strncmp(p, params, n) == 0)
            return 1;
    }
    return 0;
}

int tk_local_seeds_append(const char *path, const struct tk_family *family,
                          const char *variant, const char *params, const char *note,
                          int *appended, struct tk_error *err)
{
    char default_path[4096], head[256];
    if (appended)
        *appended = 0;
    if (path == NULL) {
        if (tk_local_seeds_path(default_path, sizeof default_path) != 0)
            return tk_error_set(err, TK_ERR_USAGE, "no local seeds file: set TAKEDOWN_SEEDS or HOME");
        path = default_path;
    }
    if (variant && *variant && strcmp(variant, family->variants[0].name) != 0)
        snprintf(head, sizeof head, "%s:%s", family->name, variant);
    else
        snprintf(head, sizeof head, "%s", family->name);

    FILE *f = fopen(path, "r");
    if (f) {
        int listed = already_listed(f, head, params);
        fclose(f);
        if (listed)
            return TK_OK;
    } else if (errno != ENOENT) {
        return tk_error_set(err, TK_ERR_IO, "%s: %s", path, strerror(errno));
    }
    int rc = tk_make_parent_dirs(path, err);
    if (rc)
        return rc;
    f = fopen(path, "a");
    if (f == NULL)
        return tk_error_set(err, TK_ERR_IO, "%s: %s", path, strerror(errno));
    fprintf(f, "%s %s", head, params);
    if (note && *note)
        fprintf(f, "    # %s", note);
    fputc('\n', f);
    if (fclose(f) != 0)
        return tk_error_set(err, TK_ERR_IO, "%s: write failed: %s", path, strerror(errno));
    if (appended)
        *appended = 1;
    return TK_OK;
}
