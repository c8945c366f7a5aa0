/* number_option.c - real-number option values (see number_option.h). */
#include "cli/number_option.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

int cli_parse_number(const char *text, double lo, double hi, double *out)
{
    char *end;
    /* strtod skips leading blanks and reads "nan" and "inf"; neither is a value here. */
    if (!((*text >= '0' && *text <= '9') || *text == '-' || *text == '+' || *text == '.'))
        return -1;
    errno = 0;
    double v = strtod(text, &end);
    if (errno || end == text || *end != '\0' || !isfinite(v) || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}
