/* text.h - telling printable text from bytes that could drive a terminal: what may be
 * shown in a table or a message as it is. */
#ifndef TAKEDOWN_TEXT_H
#define TAKEDOWN_TEXT_H

#include <stddef.h>
#include <stdio.h>

/* Length of the well-formed UTF-8 sequence of two to four bytes at p (no overlong form, no
 * surrogate, nothing above U+10FFFF), or 0 (also for ASCII). p must be NUL-terminated or
 * hold the whole sequence. */
size_t tk_utf8_length(const unsigned char *p);

/* Length of the well-formed UTF-8 sequence of two to four bytes at p that is not a C1
 * control (U+0080 to U+009F), or 0 (also for ASCII). p must be NUL-terminated or hold the
 * whole sequence. */
size_t tk_utf8_printable_length(const unsigned char *p);

/* 1 when the len bytes at s are well-formed UTF-8 without a control character (C0, tab
 * included, DEL or C1), else 0. */
int tk_text_is_printable(const char *s, size_t len);

/* Writes text to out with every control character but tab, and every byte that is not part
 * of well-formed printable UTF-8, as \xHH: for messages and comments that quote file names,
 * option values or input lines, so that none can drive a terminal or start a new line. */
void tk_text_put_escaped(FILE *out, const char *text);

#endif
