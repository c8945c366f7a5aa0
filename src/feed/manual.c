/* manual.c - the manual entries of a feed: a file of names, one a line ('#' starts a
 * comment, blank lines skipped, a final dot allowed), always in the zone. */
#include "takedown/feed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "takedown/dns_wire.h"
#include "takedown/read_file.h"

/* The line's name, trimmed and lower-cased in place; its length, or 0 when blank. */
static size_t clean_line(char *line)
{
    char *hash = strchr(line, '#');
    if (hash)
        *hash = '\0';
    size_t start = strspn(line, " \t\r"), n = strcspn(line + start, " \t\r");
    memmove(line, line + start, n);
    line[n] = '\0';
    if (n > 0 && line[n - 1] == '.')
        line[--n] = '\0';
    for (size_t i = 0; i < n; i++)
        if (line[i] >= 'A' && line[i] <= 'Z')
            line[i] = (char)(line[i] + ('a' - 'A'));
    return n;
}

int tk_feed_names_load(const char *path, struct tk_feed_names *names, struct tk_error *err)
{
    FILE *f = tk_file_open(path, err);
    char *line = NULL;
    size_t cap = 0;
    unsigned number = 0;
    int rc = TK_OK;
    if (f == NULL)
        return err->status;
    while (rc == TK_OK && getline(&line, &cap, f) >= 0) {
        uint8_t wire[256];
        number++;
        line[strcspn(line, "\n")] = '\0';
        size_t n = clean_line(line);
        if (n == 0)
            continue;
        if (n > 253 || tk_dns_name_to_wire(line, wire) == 0)
            rc = tk_error_set(err, TK_ERR_DATA, "%s:%u: expected a domain name", path, number);
        else if (tk_feed_names_add(names, line, n))
            rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    free(line);
    tk_file_close(f);
    return rc;
}
