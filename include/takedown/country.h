/* country.h - country names and national CERTs by ISO 3166-1 alpha-2 code, for reports
 * and for naming notification bundles so that each CERT sees at once which is theirs. */
#ifndef TAKEDOWN_COUNTRY_H
#define TAKEDOWN_COUNTRY_H

#include <stddef.h>

struct tk_country {
    const char *code;  /* "IN" */
    const char *name;  /* "India" */
    const char *cert;  /* "CERT-In"; NULL when the table names none */
};

/* The country of a two-letter code (either case), or NULL. */
const struct tk_country *tk_country_find(const char *code);
size_t tk_country_count(void);
const struct tk_country *tk_country_at(size_t i);

#endif
