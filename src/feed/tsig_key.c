/* tsig_key.c - reading a TSIG key file in BIND's format (see include/takedown/feed_wire.h),
 * so that the file given to the feed works unchanged in named.conf:
 *
 *     key "feed-key" {
 *         algorithm hmac-sha256;
 *         secret "base64...";
 *     };
 *
 * Comments (#, //, C style) and any layout are allowed; the first key is taken. */
#include "takedown/feed_wire.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "takedown/read_file.h"

struct lexer {
    const char *p, *end;
    const char *where;
    unsigned line;
    char token[512];
    int quoted;
};

static void skip_space(struct lexer *x)
{
    while (x->p < x->end) {
        char c = *x->p;
        if (c == '\n') {
            x->line++;
            x->p++;
        } else if (c == ' ' || c == '\t' || c == '\r') {
            x->p++;
        } else if (c == '#' || (c == '/' && x->p + 1 < x->end && x->p[1] == '/')) {
            while (x->p < x->end && *x->p != '\n')
                x->p++;
        } else if (c == '/' && x->p + 1 < x->end && x->p[1] == '*') {
            x->p += 2;
            while (x->p + 1 < x->end && !(x->p[0] == '*' && x->p[1] == '/'))
                x->line += *x->p++ == '\n';
            x->p = x->p + 1 < x->end ? x->p + 2 : x->end;
        } else {
            return;
        }
    }
}

/* The next token: a quoted string, one of { } ;, or a word. 0 at the end of the text. */
static int next(struct lexer *x)
{
    size_t n = 0;
    skip_space(x);
    x->quoted = 0;
    if (x->p >= x->end)
        return 0;
    if (*x->p == '"') {
        x->quoted = 1;
        for (x->p++; x->p < x->end && *x->p != '"' && *x->p != '\n'; x->p++)
            if (n + 1 < sizeof x->token)
                x->token[n++] = *x->p;
        if (x->p >= x->end || *x->p != '"')
            return -1;
        x->p++;
    } else if (strchr("{};", *x->p)) {
        x->token[n++] = *x->p++;
    } else {
        while (x->p < x->end && !strchr(" \t\r\n{};\"", *x->p))
            if (n + 1 < sizeof x->token)
                x->token[n++] = *x->p++;
            else
                x->p++;
    }
    x->token[n] = '\0';
    return 1;
}

static int expected(struct lexer *x, const char *what, struct tk_error *err)
{
    return tk_error_set(err, TK_ERR_DATA, "%s:%u: expected %s", x->where, x->line, what);
}

/* Reads the next token and checks it is text. */
static int expect(struct lexer *x, const char *text, const char *what, struct tk_error *err)
{
    if (next(x) != 1 || x->quoted || strcmp(x->token, text) != 0)
        return expected(x, what, err);
    return TK_OK;
}

static int decode_secret(struct lexer *x, struct tk_tsig_key *key, struct tk_error *err)
{
    size_t n = strlen(x->token), pad = 0;
    unsigned char out[sizeof x->token];
    if (n == 0 || n % 4 != 0 || n / 4 * 3 > sizeof key->secret)
        return expected(x, "a base64 secret of at most 128 bytes", err);
    for (size_t i = 0; i < n; i++) {
        char c = x->token[i];
        int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                 || c == '+' || c == '/' || (c == '=' && i >= n - 2);
        if (!ok || (pad && c != '='))
            return expected(x, "a base64 secret", err);
        pad += c == '=';
    }
    int len = EVP_DecodeBlock(out, (const unsigned char *)x->token, (int)n);
    if (len < 0 || (size_t)len < pad || (size_t)len - pad == 0)
        return expected(x, "a base64 secret", err);
    key->secret_len = (size_t)len - pad;
    memcpy(key->secret, out, key->secret_len);
    return TK_OK;
}

/* The statements inside the braces, up to the closing one. */
static int read_body(struct lexer *x, struct tk_tsig_key *key, struct tk_error *err)
{
    int have_algorithm = 0;
    key->secret_len = 0;
    for (;;) {
        if (next(x) != 1)
            return expected(x, "'algorithm', 'secret' or '}'", err);
        if (!x->quoted && strcmp(x->token, "}") == 0)
            break;
        if (!x->quoted && strcmp(x->token, "algorithm") == 0) {
            if (next(x) != 1 || strcmp(x->token, "hmac-sha256") != 0)
                return expected(x, "algorithm hmac-sha256 (the only one supported)", err);
            have_algorithm = 1;
        } else if (!x->quoted && strcmp(x->token, "secret") == 0) {
            int rc;
            if (next(x) != 1 || !x->quoted)
                return expected(x, "a quoted base64 secret", err);
            if ((rc = decode_secret(x, key, err)))
                return rc;
        } else {
            return expected(x, "'algorithm', 'secret' or '}'", err);
        }
        int rc = expect(x, ";", "';'", err);
        if (rc)
            return rc;
    }
    if (!have_algorithm)
        return expected(x, "an algorithm statement before '}'", err);
    if (key->secret_len == 0)
        return expected(x, "a secret statement before '}'", err);
    return TK_OK;
}

int tk_tsig_key_parse(const char *text, size_t len, const char *where, struct tk_tsig_key *key,
                      struct tk_error *err)
{
    struct lexer x = {text, text + len, where, 1, {0}, 0};
    int rc;
    memset(key, 0, sizeof *key);
    if ((rc = expect(&x, "key", "'key \"NAME\" {'", err)))
        return rc;
    if (next(&x) != 1 || (!x.quoted && strchr("{};", x.token[0])))
        return expected(&x, "a key name", err);
    size_t n = strlen(x.token);
    if (n >= sizeof key->name)
        return expected(&x, "a key name of at most 255 bytes", err);
    memcpy(key->name, x.token, n + 1);
    if (n > 0 && key->name[n - 1] == '.')
        key->name[n - 1] = '\0';
    for (char *c = key->name; *c; c++) /* the canonical form is lower case */
        *c = (char)(*c >= 'A' && *c <= 'Z' ? *c + ('a' - 'A') : *c);
    if ((key->name_wire_len = tk_dns_name_to_wire(key->name, key->name_wire)) <= 1)
        return expected(&x, "a key name that is a domain name", err);
    if ((rc = expect(&x, "{", "'{'", err)) || (rc = read_body(&x, key, err)))
        return rc;
    return expect(&x, ";", "';' after '}'", err);
}

int tk_tsig_key_load(const char *path, struct tk_tsig_key *key, struct tk_error *err)
{
    char *text = NULL;
    size_t len = 0;
    int rc = tk_read_small_file(path, 65536, &text, &len, err);
    if (rc)
        return rc;
    rc = tk_tsig_key_parse(text, len, path, key, err);
    free(text);
    return rc;
}
