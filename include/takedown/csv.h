/* csv.h - CSV fields (RFC 4180): reading one field of a line, writing one field. The one
 * place every CSV reader and writer quotes and unquotes. */
#ifndef TAKEDOWN_CSV_H
#define TAKEDOWN_CSV_H

#include <stddef.h>
#include <stdio.h>

/* Reads the field that starts at line[*at] into out (unquoted, "" read as one quote, then a
 * NUL), or only skips it when out is NULL; *at moves to the comma after it or to len.
 * Returns its length, or -1 for a broken quote or a field that does not fit in outsz bytes
 * with its NUL. */
long tk_csv_next(const char *line, size_t len, size_t *at, char *out, size_t outsz);

/* Copies field number index (from 0) of line[0..len) into out, unquoted ("" read as one
 * quote). Returns its length, or -1 when the line has fewer fields, a quote is broken, or
 * the field does not fit in outsz bytes with its NUL. */
long tk_csv_field(const char *line, size_t len, int index, char *out, size_t outsz);

/* Writes s[0..len) as a field: quoted, with quotes doubled, when it holds a comma, a quote,
 * CR or LF; as it is otherwise. */
void tk_csv_put_field(FILE *out, const char *s, size_t len);
/* The same for a NUL-terminated s. */
void tk_csv_put_text(FILE *out, const char *s);

#endif
