/* domain.c - DNS name checks and public suffixes through libpsl (see include/takedown/domain.h). */
#include "takedown/domain.h"

#include <libpsl.h>
#include <string.h>

/* The checks of tk_domain_is_valid over len bytes (1 to 253), lower-casing into out when
 * it is not NULL: one pass, as a name to score is checked and lowered at once. */
static int check_lower(const char *name, size_t len, char *out)
{
    size_t label = 0;
    if (len == 0 || len > 253)
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c == '.') {
            if (label == 0)
                return 0;
            label = 0;
        } else if (c < 0x21 || c > 0x7e || ++label > 63) {
            return 0;
        }
        if (out)
            out[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    return label > 0;
}

int tk_domain_is_valid(const char *name, size_t len)
{
    return check_lower(name, len, NULL);
}

int tk_domain_is_hostname(const char *name, size_t len)
{
    if (!tk_domain_is_valid(name, len))
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                 || c == '-' || c == '_' || c == '.';
        if (!ok)
            return 0;
    }
    return 1;
}

void tk_domain_lower(const char *name, size_t len, char *out)
{
    for (size_t i = 0; i < len; i++)
        out[i] = (name[i] >= 'A' && name[i] <= 'Z') ? (char)(name[i] + 32) : name[i];
}

size_t tk_domain_valid_key(const char *name, size_t len, char out[256])
{
    if (len > 0 && name[len - 1] == '.')
        len--;
    if (!check_lower(name, len, out))
        return 0;
    out[len] = '\0';
    return len;
}

size_t tk_domain_key(const char *name, size_t len, char out[256])
{
    if (len > 0 && name[len - 1] == '.')
        len--;
    if (len == 0 || len > 253)
        return 0;
    tk_domain_lower(name, len, out);
    out[len] = '\0';
    return len;
}

static const psl_ctx_t *psl;
static const char *psl_from = "none";

int tk_psl_init(struct tk_error *err)
{
    if (psl)
        return TK_OK;
    psl = psl_latest(NULL);
    psl_from = psl ? psl_dist_filename() : "none";
    if (psl == NULL) {
        psl = psl_builtin();
        psl_from = "libpsl built-in list";
    }
    if (psl == NULL)
        return tk_error_set(err, TK_ERR_IO,
                            "no Public Suffix List: install the publicsuffix package");
    if (psl_from == NULL || *psl_from == '\0')
        psl_from = "libpsl built-in list";
    return TK_OK;
}

const char *tk_public_suffix(const char *name)
{
    const char *suffix = psl ? psl_unregistrable_domain(psl, name) : NULL;
    if (suffix == NULL || *suffix == '\0') {
        const char *dot = strrchr(name, '.');
        return dot ? dot + 1 : name;
    }
    return suffix;
}

const char *tk_psl_source(void)
{
    return psl_from;
}
