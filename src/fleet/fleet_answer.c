/* fleet_answer.c - reading ClickHouse's TabSeparated answers: rows of tab-separated fields
 * ending in a newline, with \t \n \\ \0 \' and \xHH escapes inside fields. The text is
 * unescaped in place. Anything else (an HTML page, a cut answer, a row of the wrong width)
 * is TK_ERR_DATA saying which line and what was expected. */
#include "takedown/fleet.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "takedown/hex.h"

void tk_fleet_answer_init(struct tk_fleet_answer *a, char *text, size_t len)
{
    memset(a, 0, sizeof *a);
    a->text = text;
    a->len = len;
}

/* The byte an escape stands for at text[*i] (after the backslash); -1 when invalid. */
static int unescape(const char *text, size_t end, size_t *i)
{
    static const char from[] = "tnrb0fav\\'\"";
    static const char to[] = "\t\n\r\b\0\f\a\v\\'\"";
    const char *found;
    if (*i >= end)
        return -1;
    if (text[*i] == 'x') {
        int hi = *i + 2 < end ? tk_hex_digit(text[*i + 1]) : -1;
        int lo = hi >= 0 ? tk_hex_digit(text[*i + 2]) : -1;
        if (lo < 0)
            return -1;
        *i += 3;
        return hi << 4 | lo;
    }
    if ((found = memchr(from, text[*i], sizeof from - 1)) == NULL)
        return -1;
    (*i)++;
    return (unsigned char)to[found - from];
}

int tk_fleet_answer_row(struct tk_fleet_answer *a, size_t want, struct tk_error *err)
{
    size_t i = a->pos, out = a->pos;
    char *newline;

    if (a->pos >= a->len)
        return 0;
    a->line++;
    newline = memchr(a->text + a->pos, '\n', a->len - a->pos);
    if (newline == NULL)
        return tk_error_set(err, TK_ERR_DATA, "answer line %u: expected a row ending in a newline",
                            a->line), -1;
    size_t end = (size_t)(newline - a->text);
    a->field_count = 0;
    a->fields[a->field_count++] = a->text + out;
    while (i < end) {
        char c = a->text[i];
        if (c == '\t') {
            if (a->field_count == sizeof a->fields / sizeof a->fields[0])
                break;
            a->text[out++] = '\0';
            a->fields[a->field_count++] = a->text + out;
            i++;
        } else if (c == '\\') {
            i++;
            int byte = unescape(a->text, end, &i);
            if (byte < 0)
                return tk_error_set(err, TK_ERR_DATA,
                                    "answer line %u: expected an escape (\\t, \\n, \\\\, \\xHH)",
                                    a->line), -1;
            a->text[out++] = (char)byte;
        } else {
            a->text[out++] = c;
            i++;
        }
    }
    a->text[out] = '\0';
    a->pos = end + 1;
    if (i < end || a->field_count != want)
        return tk_error_set(err, TK_ERR_DATA, "answer line %u: expected %zu fields, got %s%zu",
                            a->line, want, i < end ? "more than " : "", a->field_count), -1;
    return 1;
}

int tk_fleet_answer_u64(const struct tk_fleet_answer *a, size_t field, uint64_t *out,
                        struct tk_error *err)
{
    const char *text = a->fields[field];
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno || end == text || *end || text[0] == '-' || text[0] == ' ' || text[0] == '+')
        return tk_error_set(err, TK_ERR_DATA, "answer line %u: expected a number in field %zu",
                            a->line, field + 1);
    *out = v;
    return TK_OK;
}
