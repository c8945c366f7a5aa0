/* text_escape.h - writing untrusted text (file names, network names, tags) safely into
 * HTML outputs (JSON and CSV: takedown/json_write.h, takedown/csv.h). Private to
 * src/report. */
#ifndef TAKEDOWN_REPORT_TEXT_ESCAPE_H
#define TAKEDOWN_REPORT_TEXT_ESCAPE_H

#include <stdio.h>

/* HTML text or attribute value: & < > " ' escaped. */
void report_html_text(FILE *out, const char *s);

#endif
