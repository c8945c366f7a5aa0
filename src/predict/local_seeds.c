/* local_seeds.c - the user's own seeds file, read next to the built-in known seeds and
 * appended to by seed discovery, and a family's sources with all the seeds known to it (see
 * include/takedown/local_seeds.h). */
#include "takedown/local_seeds.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "takedown/atomic_file.h"
#include "takedown/read_file.h"
#include "util/grow.h"

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
            if (tk_grow((void **)&list->items, &list->cap, list->count + 1, sizeof *list->items)) {
                rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
                wanted = 0;
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

/* True when text (a seeds file's contents) has the line "head params" (comments ignored). */
static int already_listed(const char *text, size_t len, const char *head, const char *params)
{
    size_t head_len = strlen(head), params_len = strlen(params);
    for (size_t at = 0; at < len;) {
        const char *line = text + at, *nl = memchr(line, '\n', len - at);
        size_t n = nl ? (size_t)(nl - line) : len - at;
        const char *hash = memchr(line, '#', n);
        size_t end = hash ? (size_t)(hash - line) : n, p = 0;
        at += n + 1;
        while (p < end && (line[p] == ' ' || line[p] == '\t'))
            p++;
        if (end - p < head_len || memcmp(line + p, head, head_len) != 0)
            continue;
        p += head_len;
        if (p >= end || (line[p] != ' ' && line[p] != '\t'))
            continue;
        while (p < end && (line[p] == ' ' || line[p] == '\t'))
            p++;
        size_t q = p;
        while (q < end && line[q] != ' ' && line[q] != '\t' && line[q] != '\r')
            q++;
        if (q - p == params_len && memcmp(line + p, params, params_len) == 0)
            return 1;
    }
    return 0;
}

static void line_head(const struct tk_seed_line *line, char *head, size_t size)
{
    const struct tk_family *f = line->family;
    if (line->variant && *line->variant && strcmp(line->variant, f->variants[0].name) != 0)
        snprintf(head, size, "%s:%s", f->name, line->variant);
    else
        snprintf(head, size, "%s", f->name);
}

/* The file's contents (empty when it does not exist), checked line by line. */
static int read_checked(const char *path, char **text, size_t *len, struct tk_error *err)
{
    struct tk_source_list list = {0};
    struct stat st;
    *text = NULL;
    *len = 0;
    if (stat(path, &st) != 0 && errno == ENOENT)
        return TK_OK;
    /* Seeds are merged into a file: a device or a FIFO cannot be read back and rewritten. */
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
        return tk_error_set(err, TK_ERR_IO, "%s: not a regular file; seeds are merged into one",
                            path);
    FILE *f = tk_file_open(path, err);
    if (f == NULL)
        return TK_ERR_IO;
    int any = has_entries(f);
    tk_file_close(f);
    /* Any day will do: the check is of the lines, not of a run. */
    const char *keys[] = {"date"}, *values[] = {"2000-01-01"};
    struct tk_overrides any_day = {keys, values, 1};
    int rc = any ? tk_sources_load_file(&list, path, NULL, NULL, &any_day, err) : TK_OK;
    tk_sources_free(&list);
    if (rc)
        return rc;
    return tk_read_file(path, text, len, err);
}

int tk_local_seeds_merge(const char *path, const struct tk_seed_line *lines, size_t count,
                         size_t *added, struct tk_error *err)
{
    char default_path[4096], head[256];
    struct tk_atomic_file out;
    char *text;
    size_t len, written = 0, new_lines = 0;

    if (added)
        *added = 0;
    if (path == NULL) {
        if (tk_local_seeds_path(default_path, sizeof default_path) != 0)
            return tk_error_set(err, TK_ERR_USAGE, "no local seeds file: set TAKEDOWN_SEEDS or HOME");
        path = default_path;
    }
    int rc = read_checked(path, &text, &len, err);
    if (rc)
        return rc;
    for (size_t i = 0; i < count; i++) {
        line_head(&lines[i], head, sizeof head);
        written += !already_listed(text ? text : "", len, head, lines[i].params);
    }
    if (written == 0) {
        free(text);
        return TK_OK;
    }
    if ((rc = tk_atomic_open(&out, path, err))) {
        free(text);
        return rc;
    }
    if (len)
        fwrite(text, 1, len, out.fp);
    if (len && text[len - 1] != '\n')
        fputc('\n', out.fp);
    for (size_t i = 0; i < count; i++) {
        line_head(&lines[i], head, sizeof head);
        /* A line added twice in this call is written once. */
        int repeated = 0;
        for (size_t k = 0; k < i && !repeated; k++)
            repeated = lines[k].family == lines[i].family
                       && strcmp(lines[k].params, lines[i].params) == 0
                       && strcmp(lines[k].variant ? lines[k].variant : "",
                                 lines[i].variant ? lines[i].variant : "") == 0;
        if (repeated || already_listed(text ? text : "", len, head, lines[i].params))
            continue;
        fprintf(out.fp, "%s %s", head, lines[i].params);
        new_lines++;
        if (lines[i].note && *lines[i].note)
            fprintf(out.fp, "    # %s", lines[i].note);
        fputc('\n', out.fp);
    }
    free(text);
    if ((rc = tk_atomic_commit(&out, err)))
        return rc;
    if (added)
        *added = new_lines;
    return TK_OK;
}

static size_t known_seed_count(const struct tk_family *family, const struct tk_variant *variant)
{
    size_t n = 0;
    for (const struct tk_seed *s = family->known_seeds; s && s->params; s++) {
        const char *v = s->variant && *s->variant ? s->variant : family->variants[0].name;
        if (strcmp(v, variant->name) == 0)
            n++;
    }
    return n;
}

int tk_sources_add_family_seeds(struct tk_source_list *list, const struct tk_family *family,
                                const char *seeds_file, int local,
                                const struct tk_overrides *overrides, size_t *skipped,
                                struct tk_error *err)
{
    int rc = TK_OK;
    for (const struct tk_variant *v = family->variants; v->name && rc == TK_OK; v++) {
        if (known_seed_count(family, v) > 0) {
            rc = tk_sources_add_known(list, family, v->name, overrides, err);
            continue;
        }
        struct tk_error ignored = {0};
        if (tk_sources_add(list, family, v->name, overrides, NULL, &ignored) != TK_OK && skipped)
            (*skipped)++;
    }
    if (rc == TK_OK && seeds_file)
        rc = tk_local_seeds_add(list, seeds_file, family, NULL, overrides, NULL, err);
    if (rc == TK_OK && local)
        rc = tk_local_seeds_add(list, NULL, family, NULL, overrides, NULL, err);
    return rc;
}
