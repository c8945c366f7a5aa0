/* hex.c - reading hexadecimal digits (see include/takedown/hex.h). */
#include "takedown/hex.h"

int tk_hex_digit(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int tk_hex_number(const char *text, size_t n, unsigned *value)
{
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) {
        int digit = tk_hex_digit(text[i]);
        if (digit < 0)
            return -1;
        v = v << 4 | (unsigned)digit;
    }
    *value = v;
    return 0;
}

int tk_hex_decode(const char *text, size_t n, uint8_t *out)
{
    for (size_t i = 0; i < n; i++) {
        int high = tk_hex_digit(text[2 * i]), low = tk_hex_digit(text[2 * i + 1]);
        if (high < 0 || low < 0)
            return -1;
        out[i] = (uint8_t)(high << 4 | low);
    }
    return 0;
}
