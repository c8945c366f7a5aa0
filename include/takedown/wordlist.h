/* wordlist.h - the word lists of dictionary DGAs (data/wordlists/, embedded at build time)
 * or word files the user names: the families' generators read them, and so does the host
 * hunt's evaluation, which draws benign names and dictionary words from them. */
#ifndef TAKEDOWN_WORDLIST_H
#define TAKEDOWN_WORDLIST_H

#include <stddef.h>

#include "takedown/error.h"

/* A word list: embedded at build time from data/wordlists/NAME.txt, or read from a file.
 * Lines are words; blank lines and lines starting with '#' are skipped. */
struct tk_wordlist {
    char **words;
    size_t count;
    char *storage;
};

/* name_or_path: an embedded list name ("gozi-gpl") or, when it contains a '/', a file. */
int tk_wordlist_load(const char *name_or_path, struct tk_wordlist *out, struct tk_error *err);
void tk_wordlist_free(struct tk_wordlist *list);
/* choice as a word list file when it contains a '/', else the embedded list named prefix
 * followed by choice (prefix "gozi-", choice "nasa": "gozi-nasa"). */
int tk_wordlist_load_choice(const char *prefix, const char *choice, struct tk_wordlist *out,
                            struct tk_error *err);
/* The raw text of an embedded list, or NULL. */
const char *tk_wordlist_embedded(const char *name, size_t *len);
/* The length of the longest word of list (0 when it is empty). */
size_t tk_wordlist_longest(const struct tk_wordlist *list);

#endif
