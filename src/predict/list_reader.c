/* list_reader.c - line parser for saved name lists (see include/takedown/list_reader.h). */
#include "takedown/list_reader.h"

#include <string.h>

#include "takedown/csv.h"
#include "takedown/domain.h"

static const char csv_header[] = "domain,family,variant,seed,first_date,last_date";

int tk_list_parse_line(const char *line, size_t len, enum tk_list_kind *kind, int first_line,
                       struct tk_list_entry *entry, int *skip, struct tk_error *err)
{
    *skip = 1;
    while (len && (line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t'))
        len--;
    while (len && (*line == ' ' || *line == '\t')) {
        line++;
        len--;
    }
    if (len == 0 || line[0] == '#')
        return TK_OK;
    if (first_line && len == sizeof csv_header - 1 && memcmp(line, csv_header, len) == 0) {
        *kind = TK_LIST_CSV;
        return TK_OK;
    }
    memset(entry, 0, sizeof *entry);
    if (*kind == TK_LIST_PLAIN) {
        if (len > 1 && line[len - 1] == '.')
            len--; /* a fully qualified name */
        if (len >= sizeof entry->name || !tk_domain_is_valid(line, len))
            return tk_error_set(err, TK_ERR_DATA, "expected a domain name, got '%.*s'",
                                (int)(len > 80 ? 80 : len), line);
        memcpy(entry->name, line, len);
        entry->name_len = len;
    } else {
        long n = tk_csv_field(line, len, 0, entry->name, sizeof entry->name);
        if (n <= 0 || !tk_domain_is_valid(entry->name, (size_t)n))
            return tk_error_set(err, TK_ERR_DATA, "expected a domain name in the first CSV "
                                "column, got '%.*s'", (int)(len > 80 ? 80 : len), line);
        entry->name_len = (size_t)n;
        if (tk_csv_field(line, len, 1, entry->family, sizeof entry->family) < 0
            || tk_csv_field(line, len, 2, entry->variant, sizeof entry->variant) < 0
            || tk_csv_field(line, len, 3, entry->seed, sizeof entry->seed) < 0
            || tk_csv_field(line, len, 4, entry->first, sizeof entry->first) < 0
            || tk_csv_field(line, len, 5, entry->last, sizeof entry->last) < 0)
            return tk_error_set(err, TK_ERR_DATA, "expected 6 CSV fields (%s)", csv_header);
    }
    /* DNS names are case-insensitive: "ABC.com" and "abc.com" are one name. */
    tk_domain_lower(entry->name, entry->name_len, entry->name);
    *skip = 0;
    return TK_OK;
}

/* Part k of a '|'-joined column into out; empty when absent. */
static void joined_part(const char *joined, size_t k, char *out, size_t size)
{
    const char *p = joined;
    for (size_t i = 0; i < k && p; i++) {
        p = strchr(p, '|');
        if (p)
            p++;
    }
    size_t n = p ? strcspn(p, "|") : 0;
    if (n >= size)
        n = size - 1;
    memcpy(out, p ? p : "", n);
    out[n] = '\0';
}

size_t tk_list_tag_count(const struct tk_list_entry *entry)
{
    size_t tags = 1;
    for (const char *p = entry->family; *p; p++)
        tags += *p == '|';
    return tags;
}

int tk_list_tag_at(const struct tk_list_entry *entry, size_t k, struct tk_list_tag *tag,
                   struct tk_error *err)
{
    char first[256], last[256];
    joined_part(entry->family, k, tag->family, sizeof tag->family);
    joined_part(entry->variant, k, tag->variant, sizeof tag->variant);
    joined_part(entry->seed, k, tag->seed, sizeof tag->seed);
    joined_part(entry->first, k, first, sizeof first);
    joined_part(entry->last, k, last, sizeof last);
    tag->first = tag->last = 0;
    if ((*first && tk_day_parse(first, &tag->first, err))
        || (*last && tk_day_parse(last, &tag->last, err))) {
        if (err)
            err->status = TK_ERR_DATA; /* a bad date in a file is bad data, not bad usage */
        return TK_ERR_DATA;
    }
    return TK_OK;
}
