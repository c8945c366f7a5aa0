/* args.c - parameter values of one generator run, checked against the family's
 * declaration (see include/takedown/args.h). */
#include "takedown/args.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "takedown/family.h"

struct tk_value {
    char *text;     /* NULL: no value */
    int set;        /* given explicitly, not a default */
    int64_t number; /* INT, HEX32 and BOOL */
    tk_day day;     /* DATE */
};

struct tk_args {
    const struct tk_family *family;
    const struct tk_variant *variant;
    size_t count;
    struct tk_value *values;
};

static int list_contains(const char *list, const char *item)
{
    size_t n = strlen(item);
    const char *p = list;
    while (*p) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && strncmp(p, item, n) == 0)
            return 1;
        if (!end)
            break;
        p = end + 1;
    }
    return 0;
}

static int applies(const struct tk_param_def *def, const struct tk_variant *variant)
{
    return def->variants == NULL || list_contains(def->variants, variant->name);
}

/* Index of key among the family's parameters, with '-' read as '_'; -1 when absent. */
static long find_param(const struct tk_args *args, const char *key)
{
    for (size_t i = 0; i < args->count; i++) {
        const char *a = args->family->params[i].name, *b = key;
        while (*a && (*a == *b || (*a == '_' && *b == '-'))) {
            a++;
            b++;
        }
        if (*a == '\0' && *b == '\0')
            return (long)i;
    }
    return -1;
}

static size_t declared(const struct tk_args *args, const char *key)
{
    long i = find_param(args, key);
    if (i < 0) {
        fprintf(stderr, "takedown: internal error: family %s reads undeclared parameter '%s'\n",
                args->family->name, key);
        abort();
    }
    return (size_t)i;
}

static const char *type_name(enum tk_param_type type)
{
    switch (type) {
    case TK_PARAM_INT: return "an integer (decimal, or hex with 0x)";
    case TK_PARAM_HEX32: return "a 32-bit hexadecimal number (e.g. 0F0D5BFA)";
    case TK_PARAM_STRING: return "text";
    case TK_PARAM_DATE: return "a date YYYY-MM-DD";
    case TK_PARAM_BOOL: return "yes or no";
    }
    return "a value";
}

/* An integer parameter: decimal (a signed 64-bit value) or hex with 0x (64 bits). The
 * count of names is at most TK_ARGS_MAX_COUNT, whatever the family. */
static int parse_int(const struct tk_param_def *def, const char *text, int64_t *number,
                     struct tk_error *err)
{
    char *end = NULL;
    int hex = strncasecmp(text, "0x", 2) == 0;
    const char *digits = hex ? text + 2 : text;
    int is_count = strcmp(def->name, "count") == 0;

    /* strtoll and strtoull skip blanks and take a sign (strtoull even negates): not here */
    if (!(hex ? isxdigit((unsigned char)*digits)
              : isdigit((unsigned char)*digits)
                    || (*digits == '-' && isdigit((unsigned char)digits[1]))))
        return tk_error_set(err, TK_ERR_USAGE, "--%s: '%s' is not %s", def->name, text,
                            type_name(def->type));
    errno = 0;
    *number = hex ? (int64_t)strtoull(digits, &end, 16) : strtoll(digits, &end, 10);
    if (*end != '\0')
        return tk_error_set(err, TK_ERR_USAGE, "--%s: '%s' is not %s", def->name, text,
                            type_name(def->type));
    if (is_count && (errno || *number < 0 || *number > TK_ARGS_MAX_COUNT))
        return tk_error_set(err, TK_ERR_USAGE, "--%s: '%s' is out of range (0..%d)", def->name,
                            text, TK_ARGS_MAX_COUNT);
    if (errno)
        return tk_error_set(err, TK_ERR_USAGE, "--%s: '%s' is out of range (%s)", def->name,
                            text, hex ? "0x0..0xFFFFFFFFFFFFFFFF"
                                      : "-9223372036854775808..9223372036854775807");
    return TK_OK;
}

static int parse_value(const struct tk_param_def *def, const char *text, struct tk_value *v,
                       struct tk_error *err)
{
    switch (def->type) {
    case TK_PARAM_INT:
        return parse_int(def, text, &v->number, err);
    case TK_PARAM_HEX32: {
        const char *digits = strncasecmp(text, "0x", 2) == 0 ? text + 2 : text;
        size_t n = strlen(digits);
        if (n == 0 || n > 8 || strspn(digits, "0123456789abcdefABCDEF") != n)
            goto bad;
        v->number = (int64_t)strtoul(digits, NULL, 16);
        return TK_OK;
    }
    case TK_PARAM_STRING:
        return TK_OK;
    case TK_PARAM_DATE: {
        int rc = tk_day_parse(text, &v->day, err);
        if (rc)
            tk_error_prefix(err, "--%s", def->name);
        return rc;
    }
    case TK_PARAM_BOOL:
        if (!strcasecmp(text, "yes") || !strcasecmp(text, "true") || !strcmp(text, "1"))
            v->number = 1;
        else if (!strcasecmp(text, "no") || !strcasecmp(text, "false") || !strcmp(text, "0"))
            v->number = 0;
        else
            goto bad;
        return TK_OK;
    }
bad:
    return tk_error_set(err, TK_ERR_USAGE, "--%s: '%s' is not %s", def->name, text,
                        type_name(def->type));
}

static int assign(struct tk_args *args, size_t i, const char *text, int explicit,
                  struct tk_error *err)
{
    struct tk_value v = {0};
    int rc = parse_value(&args->family->params[i], text, &v, err);
    if (rc)
        return rc;
    v.text = strdup(text);
    if (v.text == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    v.set = explicit;
    free(args->values[i].text);
    args->values[i] = v;
    return TK_OK;
}

int tk_args_new(const struct tk_family *family, const struct tk_variant *variant,
                struct tk_args **out, struct tk_error *err)
{
    struct tk_args *args = calloc(1, sizeof *args);
    if (args == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    args->family = family;
    args->variant = variant;
    while (family->params && family->params[args->count].name)
        args->count++;
    args->values = calloc(args->count + 1, sizeof *args->values);
    if (args->values == NULL) {
        free(args);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < args->count; i++) {
        const struct tk_param_def *def = &family->params[i];
        if (def->default_value && applies(def, variant)) {
            int rc = assign(args, i, def->default_value, 0, err);
            if (rc) {
                tk_error_prefix(err, "family %s: bad default", family->name);
                tk_args_free(args);
                return rc;
            }
        }
    }
    *out = args;
    return TK_OK;
}

struct tk_args *tk_args_clone(const struct tk_args *args)
{
    struct tk_args *copy = calloc(1, sizeof *copy);
    if (copy == NULL)
        return NULL;
    *copy = *args;
    copy->values = calloc(args->count + 1, sizeof *copy->values);
    if (copy->values == NULL) {
        free(copy);
        return NULL;
    }
    for (size_t i = 0; i < args->count; i++) {
        copy->values[i] = args->values[i];
        if (args->values[i].text && (copy->values[i].text = strdup(args->values[i].text)) == NULL) {
            tk_args_free(copy);
            return NULL;
        }
    }
    return copy;
}

void tk_args_free(struct tk_args *args)
{
    if (args == NULL)
        return;
    for (size_t i = 0; i < args->count; i++)
        free(args->values[i].text);
    free(args->values);
    free(args);
}

int tk_args_set(struct tk_args *args, const char *key, const char *value, struct tk_error *err)
{
    long i = find_param(args, key);
    if (i < 0)
        return tk_error_set(err, TK_ERR_USAGE, "family %s has no parameter --%s",
                            args->family->name, key);
    if (!applies(&args->family->params[i], args->variant))
        return tk_error_set(err, TK_ERR_USAGE,
                            "parameter --%s does not apply to variant %s of %s (only to %s)",
                            key, args->variant->name, args->family->name,
                            args->family->params[i].variants);
    return assign(args, (size_t)i, value, 1, err);
}

int tk_args_set_pairs(struct tk_args *args, const char *pairs, struct tk_error *err)
{
    char *copy = strdup(pairs), *save = NULL;
    int rc = TK_OK;

    if (copy == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    for (char *pair = strtok_r(copy, ";", &save); pair && rc == TK_OK;
         pair = strtok_r(NULL, ";", &save)) {
        char *eq = strchr(pair, '=');
        if (eq == NULL) {
            rc = tk_error_set(err, TK_ERR_USAGE, "'%s' is not key=value", pair);
            break;
        }
        *eq = '\0';
        rc = tk_args_set(args, pair, eq + 1, err);
    }
    free(copy);
    return rc;
}

int tk_args_check(const struct tk_args *args, struct tk_error *err)
{
    for (size_t i = 0; i < args->count; i++) {
        const struct tk_param_def *def = &args->family->params[i];
        if (applies(def, args->variant) && args->values[i].text == NULL)
            return tk_error_set(err, TK_ERR_USAGE, "family %s needs --%s (%s)",
                                args->family->name, def->name, def->meaning);
    }
    return TK_OK;
}

int tk_args_accepts(const struct tk_args *args, const char *key)
{
    long i = find_param(args, key);
    return i >= 0 && applies(&args->family->params[i], args->variant);
}

int tk_args_has(const struct tk_args *args, const char *key)
{
    long i = find_param(args, key);
    return i >= 0 && args->values[i].text != NULL;
}

int tk_args_was_set(const struct tk_args *args, const char *key)
{
    long i = find_param(args, key);
    return i >= 0 && args->values[i].set;
}

int64_t tk_args_int(const struct tk_args *args, const char *key)
{
    return args->values[declared(args, key)].number;
}

uint32_t tk_args_u32(const struct tk_args *args, const char *key)
{
    return (uint32_t)args->values[declared(args, key)].number;
}

const char *tk_args_str(const struct tk_args *args, const char *key)
{
    const char *text = args->values[declared(args, key)].text;
    return text ? text : "";
}

tk_day tk_args_day(const struct tk_args *args, const char *key)
{
    return args->values[declared(args, key)].day;
}

int tk_args_bool(const struct tk_args *args, const char *key)
{
    return args->values[declared(args, key)].number != 0;
}

int tk_args_set_day(struct tk_args *args, const char *key, tk_day day)
{
    size_t i = declared(args, key);
    char text[11];
    char *copy;

    tk_day_format(day, text);
    copy = strdup(text);
    if (copy == NULL)
        return TK_ERR_NOMEM;
    free(args->values[i].text);
    args->values[i].text = copy;
    args->values[i].day = day;
    return TK_OK;
}

const char *tk_args_text(const struct tk_args *args, const char *key)
{
    long i = find_param(args, key);
    return i < 0 ? NULL : args->values[i].text;
}
