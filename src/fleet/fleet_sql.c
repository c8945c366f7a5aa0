/* fleet_sql.c - the one place text becomes SQL: a ClickHouse string literal. Quote and
 * backslash are escaped with a backslash; every other byte outside printable ASCII (NUL,
 * newline, bytes that are not ASCII) is written as \xHH, which ClickHouse 18.16 and later
 * read back as that byte. Nothing else is ever pasted into a statement: names are checked
 * identifiers (tk_fleet_check_identifier) and numbers are printed by us. */
#include "takedown/fleet.h"

#include <stdio.h>

int tk_fleet_sql_quote(struct tk_fleet_buf *b, const char *text, size_t len)
{
    int rc = tk_fleet_buf_put(b, "'", 1);
    for (size_t i = 0; i < len && rc == TK_OK; i++) {
        unsigned char c = (unsigned char)text[i];
        char escaped[5];
        if (c == '\'' || c == '\\') {
            escaped[0] = '\\';
            escaped[1] = (char)c;
            rc = tk_fleet_buf_put(b, escaped, 2);
        } else if (c < 0x20 || c > 0x7e) {
            snprintf(escaped, sizeof escaped, "\\x%02x", c);
            rc = tk_fleet_buf_put(b, escaped, 4);
        } else {
            rc = tk_fleet_buf_put(b, &text[i], 1);
        }
    }
    return rc ? rc : tk_fleet_buf_put(b, "'", 1);
}
