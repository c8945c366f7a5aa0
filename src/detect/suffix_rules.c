/* suffix_rules.c - the public suffix of a name, fast, for the detector's hot path.
 *
 * libpsl answers in about a microsecond a name, as long as scoring the name itself; the
 * detector asks once per name, millions of times a second. This reads the same Public
 * Suffix List text libpsl's data comes from (rules, "*." wildcards, "!" exceptions, both
 * sections) into hash sets and applies the list's algorithm directly: a few lookups a name.
 * Names with an IDNA label ("xn--") and lists it cannot find go to libpsl, so the answer is
 * always libpsl's; tests/unit/test_detect.c checks the two agree on the benign lists and on
 * every family's names. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect/detect_internal.h"
#include "takedown/domain.h"

/* Deeper than any rule of the list (the deepest have 5 labels; a wildcard adds one). */
#define MAX_RULE_LABELS 7

static const char *const list_paths[] = {
    "/usr/share/publicsuffix/public_suffix_list.dat",
    "/usr/share/publicsuffix/effective_tld_names.dat",
    NULL,
};

/* Adds one rule line (comments, blank lines and non-ASCII rules are ignored: the latter only
 * match IDNA names, which go to libpsl). */
static int add_rule(struct suffix_rules *r, char *line)
{
    size_t len = strcspn(line, " \t\r\n");
    line[len] = '\0';
    if (len == 0 || (line[0] == '/' && line[1] == '/'))
        return 0;
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char)line[i] >= 0x80)
            return 0;
        if (line[i] >= 'A' && line[i] <= 'Z')
            line[i] = (char)(line[i] + 32);
    }
    struct intern_strings *set = &r->exact;
    char *rule = line;
    if (rule[0] == '!') {
        set = &r->exceptions;
        rule++;
    } else if (rule[0] == '*' && rule[1] == '.') {
        /* libpsl takes the base of a wildcard ("nom.br" of "*.nom.br") for a suffix too. */
        rule += 2;
        if (intern_string(&r->exact, rule, strlen(rule), NULL) < 0)
            return -1;
        set = &r->wildcards;
    }
    return intern_string(set, rule, strlen(rule), NULL) < 0 ? -1 : 0;
}

int suffix_rules_load(struct suffix_rules *r)
{
    memset(r, 0, sizeof *r);
    for (size_t i = 0; list_paths[i]; i++) {
        FILE *f = fopen(list_paths[i], "r");
        if (f == NULL)
            continue;
        char line[512];
        int failed = 0;
        while (!failed && fgets(line, sizeof line, f))
            failed = add_rule(r, line) != 0;
        fclose(f);
        if (failed) {
            suffix_rules_free(r);
            return -1;
        }
        r->loaded = r->exact.count > 1000;
        if (!r->loaded)
            suffix_rules_free(r);
        return 0;
    }
    return 0;
}

void suffix_rules_free(struct suffix_rules *r)
{
    intern_strings_free(&r->exact);
    intern_strings_free(&r->wildcards);
    intern_strings_free(&r->exceptions);
    r->loaded = 0;
}

/* The start of the label before position at (at is the start of a label), or NULL. */
static const char *label_before(const char *name, const char *at)
{
    if (at <= name + 1)
        return NULL;
    const char *p = at - 1; /* the dot */
    while (p > name && p[-1] != '.')
        p--;
    return p;
}

const char *suffix_rules_find(const struct suffix_rules *r, const char *name, size_t len)
{
    if (!r || !r->loaded || len == 0 || strstr(name, "xn--") != NULL)
        return tk_public_suffix(name);
    const char *end = name + len;
    const char *tld = end;
    while (tld > name && tld[-1] != '.')
        tld--;
    const char *best = tld; /* the default rule "*": the last label */
    uint64_t parent_hash = 0;
    int labels = 0;
    /* Walk the candidate suffixes from the last label outwards; no rule is deeper than
     * MAX_RULE_LABELS, so longer candidates cannot match. */
    for (const char *s = tld; s != NULL && labels < MAX_RULE_LABELS; s = label_before(name, s)) {
        size_t n = (size_t)(end - s);
        uint64_t hash = intern_hash(s, n);
        labels++;
        if (intern_string_find_hashed(&r->exceptions, s, n, hash) >= 0)
            return s + strcspn(s, ".") + 1; /* an exception: its parent is the suffix */
        if (intern_string_find_hashed(&r->exact, s, n, hash) >= 0)
            best = s;
        /* s matches "*.P" when P, s without its first label, is the previous candidate. */
        if (labels > 1 && intern_string_find_hashed(&r->wildcards, s + strcspn(s, ".") + 1,
                                                    n - strcspn(s, ".") - 1, parent_hash) >= 0)
            best = s;
        parent_hash = hash;
    }
    return best;
}
