/* text_escape.h - writing untrusted text (file names, network names, tags) safely into
 * JSON, CSV and HTML outputs. Private to src/report. */
#ifndef TAKEDOWN_REPORT_TEXT_ESCAPE_H
#define TAKEDOWN_REPORT_TEXT_ESCAPE_H

#include <stdio.h>

/* A JSON string (RFC 8259), or null for NULL. */
void report_json_string(FILE *out, const char *s);
/* A CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF. */
void report_csv_field(FILE *out, const char *s);
/* HTML text or attribute value: & < > " ' escaped. */
void report_html_text(FILE *out, const char *s);

#endif
