/* args.h - typed, validated parameters of one generator run.
 *
 * A family declares its parameters (struct tk_param_def); the caller sets values from the
 * command line or a seeds file as text; tk_args parses and checks them against the
 * declaration, so a generator only ever reads values that are present and well-formed. */
#ifndef TAKEDOWN_ARGS_H
#define TAKEDOWN_ARGS_H

#include <stdint.h>

#include "takedown/date.h"
#include "takedown/error.h"

struct tk_family;
struct tk_variant;

enum tk_param_type {
    TK_PARAM_INT,    /* signed 64-bit: decimal, or hexadecimal with 0x ("9", "0xFA8");
                        a parameter named "count" is 0 to TK_ARGS_MAX_COUNT */
    TK_PARAM_HEX32,  /* 32 bits written in hex, 0x optional ("F2113C2A", "0x00128a0e") */
    TK_PARAM_STRING, /* any text, lists included ("com,net,org") */
    TK_PARAM_DATE,   /* a UTC day, "YYYY-MM-DD" */
    TK_PARAM_BOOL    /* yes/no, true/false, 1/0 */
};

/* The most names a "count" parameter asks for (per run or period): 20 times the largest
 * count a family uses, and about 30 MB of names. */
#define TK_ARGS_MAX_COUNT 1000000

struct tk_param_def {
    const char *name;          /* as in the vectors MANIFEST: "magic", "rc4_key" */
    enum tk_param_type type;
    const char *default_value; /* text form; NULL means the parameter is required */
    const char *variants;      /* comma-separated variants it applies to; NULL: all */
    const char *meaning;       /* one line for `takedown families NAME` */
};

struct tk_args;

/* Creates the argument set of a family and variant, with every default filled in. */
int tk_args_new(const struct tk_family *family, const struct tk_variant *variant,
                struct tk_args **out, struct tk_error *err);
struct tk_args *tk_args_clone(const struct tk_args *args);
void tk_args_free(struct tk_args *args);

/* Sets a parameter from text. Dashes in key count as underscores. Unknown keys, keys that
 * do not apply to the variant and malformed values are TK_ERR_USAGE. */
int tk_args_set(struct tk_args *args, const char *key, const char *value, struct tk_error *err);
/* Sets every pair of "key=value;key=value". */
int tk_args_set_pairs(struct tk_args *args, const char *pairs, struct tk_error *err);
/* Fails with TK_ERR_USAGE naming the first required parameter that has no value. */
int tk_args_check(const struct tk_args *args, struct tk_error *err);

/* True when the variant accepts the parameter. */
int tk_args_accepts(const struct tk_args *args, const char *key);
/* True when the parameter has a value (a default counts). */
int tk_args_has(const struct tk_args *args, const char *key);
/* True when the caller set the parameter explicitly. */
int tk_args_was_set(const struct tk_args *args, const char *key);

/* Typed reads. The key must be declared by the family: reading an undeclared key is a
 * programming error and aborts. */
int64_t tk_args_int(const struct tk_args *args, const char *key);
uint32_t tk_args_u32(const struct tk_args *args, const char *key);
const char *tk_args_str(const struct tk_args *args, const char *key);
tk_day tk_args_day(const struct tk_args *args, const char *key);
int tk_args_bool(const struct tk_args *args, const char *key);

/* Replaces the value of a DATE parameter (used by windows, one day at a time). */
int tk_args_set_day(struct tk_args *args, const char *key, tk_day day);

/* The text value as given (or the default), for tags and headers; NULL when unset. */
const char *tk_args_text(const struct tk_args *args, const char *key);

#endif
