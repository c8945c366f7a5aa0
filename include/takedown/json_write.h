/* json_write.h - writing text as JSON strings (RFC 8259), the one escaper of every JSON
 * output: reports, exports, command outputs and the event log. */
#ifndef TAKEDOWN_JSON_WRITE_H
#define TAKEDOWN_JSON_WRITE_H

#include <stddef.h>
#include <stdio.h>

/* What becomes of bytes outside ASCII. */
enum tk_json_bytes {
    TK_JSON_UTF8,  /* well-formed UTF-8 as it is, any other byte as U+FFFD: text for people */
    TK_JSON_BYTES  /* every byte as \u00XX: records whose bytes a reader must get back */
};

/* 1 when byte c stands in a JSON string as it is: printable ASCII but '"' and '\'. */
int tk_json_plain(unsigned char c);

/* The JSON form of the character at s, which is not plain, into out: \" and \\, control
 * bytes as \u00XX, other bytes as bytes says. left is how many bytes s holds; *used is set
 * to the bytes the character takes. Returns the length of out. */
size_t tk_json_escape_char(const char *s, size_t left, enum tk_json_bytes bytes, char out[6],
                           size_t *used);

/* s[0..len) as a JSON string, quotes included, under TK_JSON_UTF8. */
void tk_json_put_string(FILE *out, const char *s, size_t len);
/* The same for a NUL-terminated s, or null when s is NULL. */
void tk_json_put_text(FILE *out, const char *s);

#endif
