/* names_load.c - filling the sinkhole's name table from block-list files: plain lists and
 * our CSV through the shared list reader (tags kept), RPZ zones through the RPZ reader. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "takedown/domain.h"
#include "takedown/list_reader.h"
#include "takedown/read_file.h"
#include "takedown/rpz_reader.h"
#include "takedown/sinkhole_names.h"

static int add_list_entry(struct tk_names *names, const struct tk_list_entry *e,
                          struct tk_error *err)
{
    char name[256];
    tk_domain_lower(e->name, e->name_len, name);
    if (e->family[0] == '\0')
        return tk_names_add(names, name, e->name_len, TK_NAME_LISTED, NULL, err);
    for (size_t k = 0; k < tk_list_tag_count(e); k++) {
        struct tk_list_tag t;
        if (tk_list_tag_at(e, k, &t, err))
            return TK_ERR_DATA;
        struct tk_names_tag_input tag = {t.family, t.variant, t.seed, t.first, t.last};
        int rc = tk_names_add(names, name, e->name_len, TK_NAME_LISTED, &tag, err);
        if (rc)
            return rc;
    }
    return TK_OK;
}

enum file_kind { KIND_UNKNOWN, KIND_LIST, KIND_RPZ };

/* The first line that is not blank or a '#' comment tells an RPZ (';' comment, '$'
 * directive, or a record with a type) from a list. */
static enum file_kind guess_kind(const char *line)
{
    while (*line == ' ' || *line == '\t')
        line++;
    if (*line == '\0' || *line == '#' || *line == '\r')
        return KIND_UNKNOWN;
    if (*line == ';' || *line == '$' || strchr(line, ' ') || strchr(line, '\t'))
        return KIND_RPZ;
    return KIND_LIST;
}

/* Adds the name of one line, if it holds one (then *loaded goes up). */
static int load_line(struct tk_names *names, const char *line, size_t len, enum file_kind kind,
                     enum tk_list_kind *list_kind, int first, struct tk_rpz_state *rpz,
                     struct tk_list_entry *entry, size_t *loaded, struct tk_error *err)
{
    int skip, rc;
    if (kind == KIND_RPZ) {
        char name[256];
        size_t name_len;
        int subtree;
        rc = tk_rpz_parse_line(rpz, line, len, name, &name_len, &subtree, &skip, err);
        if (rc == TK_OK && !skip) {
            rc = tk_names_add(names, name, name_len, subtree ? TK_NAME_SUBTREE : TK_NAME_LISTED,
                              NULL, err);
            ++*loaded;
        }
        return rc;
    }
    rc = tk_list_parse_line(line, len, list_kind, first, entry, &skip, err);
    if (rc == TK_OK && !skip) {
        rc = add_list_entry(names, entry, err);
        ++*loaded;
    }
    return rc;
}

/* Reserves table room for a file: its line count estimated from the first 64 KiB. */
static void reserve_for(struct tk_names *names, FILE *f)
{
    static char sample[65536];
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || st.st_size <= 0)
        return;
    size_t got = fread(sample, 1, sizeof sample, f);
    size_t lines = 0;
    for (size_t i = 0; i < got; i++)
        lines += sample[i] == '\n';
    rewind(f);
    if (got == 0 || lines == 0)
        return;
    size_t estimate = (size_t)((double)st.st_size * (double)lines / (double)got) + 1;
    tk_names_reserve(names, estimate, (size_t)st.st_size);
}

int tk_names_load_file(struct tk_names *names, const char *path, size_t *loaded,
                       struct tk_error *err)
{
    *loaded = 0;
    FILE *f = tk_file_open(path, err);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long lineno = 0;
    int rc = TK_OK, first = 1;
    enum file_kind kind = KIND_UNKNOWN;
    enum tk_list_kind list_kind = TK_LIST_PLAIN;
    struct tk_rpz_state rpz = {"", 0, 0};
    struct tk_list_entry *entry = malloc(sizeof *entry);

    if (f == NULL || entry == NULL) {
        rc = f ? tk_error_set(err, TK_ERR_NOMEM, "out of memory") : TK_ERR_IO;
        free(entry);
        tk_file_close(f);
        return rc;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        free(entry);
        fclose(f);
        return tk_error_set(err, TK_ERR_IO, "%s: is a directory", path);
    }
    reserve_for(names, f);
    while (rc == TK_OK && (n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        if (n && line[n - 1] == '\n')
            line[--n] = '\0';
        if (memchr(line, '\0', (size_t)n)) {
            rc = tk_error_set(err, TK_ERR_DATA, "expected text, found a NUL byte");
        } else {
            if (kind == KIND_UNKNOWN)
                kind = guess_kind(line);
            if (kind != KIND_UNKNOWN)
                rc = load_line(names, line, (size_t)n, kind, &list_kind, first, &rpz, entry,
                               loaded, err);
            if (kind != KIND_UNKNOWN)
                first = 0;
        }
        if (rc)
            tk_error_prefix(err, "%s:%ld", path, lineno);
    }
    if (rc == TK_OK && ferror(f))
        rc = tk_error_set(err, TK_ERR_IO, "%s: read error after line %ld: %s", path, lineno,
                          strerror(errno));
    free(line);
    free(entry);
    tk_file_close(f);
    return rc;
}
