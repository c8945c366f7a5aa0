/* wordlist.c - word lists for dictionary DGAs: the embedded copies of data/wordlists/NAME.txt
 * (generated into wordlist_data.c at build time) or a file the user names. */
#include "takedown/wordlist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "takedown/read_file.h"

struct tk_embedded_wordlist {
    const char *name;
    const char *text;
    size_t len;
};

extern const struct tk_embedded_wordlist tk_embedded_wordlists[];

const char *tk_wordlist_embedded(const char *name, size_t *len)
{
    for (const struct tk_embedded_wordlist *w = tk_embedded_wordlists; w->name; w++) {
        if (strcmp(w->name, name) == 0) {
            if (len)
                *len = w->len;
            return w->text;
        }
    }
    return NULL;
}

int tk_wordlist_load(const char *name_or_path, struct tk_wordlist *out, struct tk_error *err)
{
    size_t len = 0, count = 0;
    char *storage = NULL;

    memset(out, 0, sizeof *out);
    if (strchr(name_or_path, '/')) {
        int rc = tk_read_file(name_or_path, &storage, &len, err);
        if (rc) {
            tk_error_prefix(err, "word list");
            return rc;
        }
    } else {
        const char *text = tk_wordlist_embedded(name_or_path, &len);
        if (text == NULL)
            return tk_error_set(err, TK_ERR_USAGE,
                                "no built-in word list '%s' (give a file path to use your own)",
                                name_or_path);
        storage = malloc(len + 1);
        if (storage == NULL)
            return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        memcpy(storage, text, len);
        storage[len] = '\0';
    }
    for (size_t i = 0; i < len; i++)
        count += storage[i] == '\n';
    out->words = calloc(count + 2, sizeof *out->words);
    if (out->words == NULL) {
        free(storage);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    out->storage = storage;
    for (char *line = storage; line && *line;) {
        char *next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        size_t n = strlen(line);
        if (n && line[n - 1] == '\r')
            line[--n] = '\0';
        if (n && line[0] != '#')
            out->words[out->count++] = line;
        line = next;
    }
    if (out->count == 0) {
        tk_wordlist_free(out);
        return tk_error_set(err, TK_ERR_DATA, "word list '%s' has no words", name_or_path);
    }
    return TK_OK;
}

int tk_wordlist_load_choice(const char *prefix, const char *choice, struct tk_wordlist *out,
                            struct tk_error *err)
{
    char name[64];

    if (strchr(choice, '/'))
        return tk_wordlist_load(choice, out, err);
    snprintf(name, sizeof name, "%s%s", prefix, choice);
    return tk_wordlist_load(name, out, err);
}

void tk_wordlist_free(struct tk_wordlist *list)
{
    free(list->words);
    free(list->storage);
    memset(list, 0, sizeof *list);
}

size_t tk_wordlist_longest(const struct tk_wordlist *list)
{
    size_t longest = 0;
    for (size_t i = 0; i < list->count; i++) {
        size_t len = strlen(list->words[i]);
        if (len > longest)
            longest = len;
    }
    return longest;
}
