/* rpz_reader.c - blocked names out of RPZ master-file lines (see
 * include/takedown/rpz_reader.h). Written by hand: the zone parsers in Debian (libknot's
 * zscanner, ldns) are callback machines for whole zones with every record type; a block
 * list needs only owners, and this one reads them as a stream in constant memory. */
#include "takedown/rpz_reader.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "takedown/domain.h"

#define MAX_TOKENS 8

struct token {
    const char *text;
    size_t len;
};

/* Splits on blanks outside quotes; a backslash keeps the next byte in the token. Stops at
 * a ';' comment. Updates the parenthesis depth. Returns the number of tokens. */
static size_t tokenize(const char *line, size_t len, struct token *tokens, int *parens)
{
    size_t n = 0, i = 0;
    while (i < len) {
        char c = line[i];
        if (c == ';')
            break;
        if (c == ' ' || c == '\t' || c == '\r') {
            i++;
            continue;
        }
        if (c == '(' || c == ')') {
            *parens += c == '(' ? 1 : -1;
            i++;
            continue;
        }
        size_t start = i;
        int quoted = 0;
        while (i < len) {
            c = line[i];
            if (c == '\\' && i + 1 < len) {
                i += 2;
                continue;
            }
            if (c == '"')
                quoted = !quoted;
            else if (!quoted && (c == ' ' || c == '\t' || c == '\r' || c == ';' || c == '('
                                 || c == ')'))
                break;
            i++;
        }
        if (n < MAX_TOKENS)
            tokens[n++] = (struct token){line + start, i - start};
    }
    return n;
}

static int token_is(const struct token *t, const char *word)
{
    return t->len == strlen(word) && strncasecmp(t->text, word, t->len) == 0;
}

/* A TTL: digits, optionally with BIND's unit letters (1h30m). */
static int is_ttl(const struct token *t)
{
    if (t->len == 0 || !isdigit((unsigned char)t->text[0]))
        return 0;
    for (size_t i = 0; i < t->len; i++)
        if (!isdigit((unsigned char)t->text[i]) && !strchr("sSmMhHdDwW", t->text[i]))
            return 0;
    return 1;
}

/* Decodes escapes and lower-cases into out; *absolute when it ends in an unescaped dot
 * (which is dropped). Returns the length, or -1 for an escaped dot, a bad escape or a name
 * too long. */
static long decode_name(const struct token *t, char out[256], int *absolute)
{
    size_t o = 0;
    *absolute = 0;
    for (size_t i = 0; i < t->len; i++) {
        unsigned char c = (unsigned char)t->text[i];
        int escaped = 0;
        if (c == '\\') {
            if (i + 1 >= t->len)
                return -1;
            escaped = 1;
            if (i + 3 < t->len && isdigit((unsigned char)t->text[i + 1])) {
                if (!isdigit((unsigned char)t->text[i + 2]) || !isdigit((unsigned char)t->text[i + 3]))
                    return -1;
                int v = (t->text[i + 1] - '0') * 100 + (t->text[i + 2] - '0') * 10
                        + (t->text[i + 3] - '0');
                if (v > 255)
                    return -1;
                c = (unsigned char)v;
                i += 3;
            } else {
                c = (unsigned char)t->text[++i];
            }
            if (c == '.')
                return -1;
        }
        if (!escaped && c == '.' && i + 1 == t->len) {
            *absolute = 1;
            break;
        }
        if (o + 1 >= 256)
            return -1;
        out[o++] = (char)tolower(c);
    }
    out[o] = '\0';
    return (long)o;
}

static int is_rpz_trigger_zone(const char *name, size_t len)
{
    static const char *const triggers[] = {"rpz-ip", "rpz-nsip", "rpz-client-ip", "rpz-nsdname"};
    const char *last = name;
    for (size_t i = 0; i < len; i++)
        if (name[i] == '.')
            last = name + i + 1;
    for (size_t i = 0; i < sizeof triggers / sizeof triggers[0]; i++)
        if (strlen(triggers[i]) == (size_t)(name + len - last)
            && memcmp(last, triggers[i], strlen(triggers[i])) == 0)
            return 1;
    return 0;
}

static int set_origin(struct tk_rpz_state *s, const struct token *t, struct tk_error *err)
{
    char name[256];
    int absolute;
    long n = decode_name(t, name, &absolute);
    if (n < 0 || !absolute || (n > 0 && !tk_domain_is_valid(name, (size_t)n)))
        return tk_error_set(err, TK_ERR_DATA, "expected an absolute name after $ORIGIN, got '%.*s'",
                            (int)(t->len > 80 ? 80 : t->len), t->text);
    memcpy(s->origin, name, (size_t)n + 1);
    s->origin_len = (size_t)n;
    return TK_OK;
}

int tk_rpz_parse_line(struct tk_rpz_state *s, const char *line, size_t len, char name[256],
                      size_t *name_len, int *subtree, int *skip, struct tk_error *err)
{
    struct token tok[MAX_TOKENS];
    int was_in_parens = s->in_parens > 0;
    int parens = s->in_parens;
    size_t n = tokenize(line, len, tok, &parens);

    *skip = 1;
    *subtree = 0;
    s->in_parens = parens < 0 ? 0 : parens;
    if (n == 0 || was_in_parens)
        return TK_OK;
    if (token_is(&tok[0], "$ORIGIN")) {
        if (n < 2)
            return tk_error_set(err, TK_ERR_DATA, "expected a name after $ORIGIN");
        return set_origin(s, &tok[1], err);
    }
    if (token_is(&tok[0], "$INCLUDE"))
        return tk_error_set(err, TK_ERR_DATA, "expected no $INCLUDE (give each file with --names)");
    if (tok[0].text[0] == '$' || line[0] == ' ' || line[0] == '\t')
        return TK_OK; /* $TTL, or another record of the previous owner */

    size_t t = 1;
    while (t < n && (is_ttl(&tok[t]) || token_is(&tok[t], "IN") || token_is(&tok[t], "CH")
                     || token_is(&tok[t], "HS") || token_is(&tok[t], "CS")))
        t++;
    if (t >= n)
        return tk_error_set(err, TK_ERR_DATA, "expected a record type after '%.*s'",
                            (int)(tok[0].len > 80 ? 80 : tok[0].len), tok[0].text);
    if (token_is(&tok[t], "SOA") || token_is(&tok[t], "NS"))
        return TK_OK;
    if (token_is(&tok[t], "CNAME") && t + 1 < n && token_is(&tok[t + 1], "rpz-passthru."))
        return TK_OK;
    if (token_is(&tok[0], "@"))
        return TK_OK;

    int absolute;
    long got = decode_name(&tok[0], name, &absolute);
    if (got < 0)
        return tk_error_set(err, TK_ERR_DATA, "expected a domain name, got '%.*s'",
                            (int)(tok[0].len > 80 ? 80 : tok[0].len), tok[0].text);
    size_t nl = (size_t)got;
    if (absolute && s->origin_len) {
        if (nl == s->origin_len && memcmp(name, s->origin, nl) == 0)
            return TK_OK; /* the apex */
        if (nl <= s->origin_len + 1 || name[nl - s->origin_len - 1] != '.'
            || memcmp(name + nl - s->origin_len, s->origin, s->origin_len) != 0)
            return tk_error_set(err, TK_ERR_DATA, "expected a name under the origin %s, got '%s'",
                                s->origin, name);
        nl -= s->origin_len + 1;
        name[nl] = '\0';
    }
    if (nl >= 2 && name[0] == '*' && name[1] == '.') {
        *subtree = 1;
        memmove(name, name + 2, nl - 1);
        nl -= 2;
    }
    if (nl == 0 || (nl == 1 && name[0] == '*') || is_rpz_trigger_zone(name, nl))
        return TK_OK;
    if (!tk_domain_is_valid(name, nl))
        return tk_error_set(err, TK_ERR_DATA, "expected a domain name, got '%s'", name);
    *name_len = nl;
    *skip = 0;
    return TK_OK;
}
