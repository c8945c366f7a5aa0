/* number_option.h - the one parser of options that take a real number (--threshold, --fpr,
 * the p2p and simulate rates and factors). */
#ifndef TAKEDOWN_CLI_NUMBER_OPTION_H
#define TAKEDOWN_CLI_NUMBER_OPTION_H

/* Parses text as a finite decimal number from lo to hi inclusive into *out. NaN, infinities,
 * empty text, blanks and trailing characters are refused. Returns 0, or -1. */
int cli_parse_number(const char *text, double lo, double hi, double *out);

#endif
