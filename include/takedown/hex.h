/* hex.h - reading hexadecimal digits: JSON's \uXXXX escapes, HTTP chunk sizes, the hashes of
 * event records, keys in files. (Writing hex is tk_hex in dga_util.h.) */
#ifndef TAKEDOWN_HEX_H
#define TAKEDOWN_HEX_H

#include <stddef.h>
#include <stdint.h>

/* The value of hex digit c (either case), or -1. */
int tk_hex_digit(int c);

/* The n hex digits at text (n at most 8) as a number into *value. Returns 0, or -1 when one
 * is not a hex digit. */
int tk_hex_number(const char *text, size_t n, unsigned *value);

/* The 2n hex digits at text as n bytes into out. Returns 0, or -1 when one is not a hex
 * digit. */
int tk_hex_decode(const char *text, size_t n, uint8_t *out);

#endif
