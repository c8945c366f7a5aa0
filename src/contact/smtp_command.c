/* smtp_command.c - SMTP command lines and DATA content (see include/takedown/smtp_command.h).
 * Written by hand: the maintained C SMTP libraries are clients (libesmtp, libcurl); a server
 * side parser is one verb table and two small state machines. */
#include "takedown/smtp_command.h"

#include <string.h>
#include <strings.h>

static const struct {
    const char *word;
    enum tk_smtp_verb verb;
} verbs[] = {
    {"HELO", TK_SMTP_HELO}, {"EHLO", TK_SMTP_EHLO}, {"MAIL", TK_SMTP_MAIL},
    {"RCPT", TK_SMTP_RCPT}, {"DATA", TK_SMTP_DATA}, {"RSET", TK_SMTP_RSET},
    {"NOOP", TK_SMTP_NOOP}, {"QUIT", TK_SMTP_QUIT}, {"VRFY", TK_SMTP_VRFY},
    {"EXPN", TK_SMTP_EXPN}, {"HELP", TK_SMTP_HELP}, {"STARTTLS", TK_SMTP_STARTTLS},
    {"BDAT", TK_SMTP_BDAT}, {"AUTH", TK_SMTP_AUTH},
};

static int blank(char c)
{
    return c == ' ' || c == '\t';
}

/* "FROM:<path> params" after MAIL, "TO:<path> params" after RCPT. */
static int parse_path(const char *p, size_t n, const char *keyword, int allow_empty,
                      struct tk_smtp_command *cmd)
{
    size_t k = strlen(keyword), i;
    if (n < k || strncasecmp(p, keyword, k) != 0)
        return 0;
    i = k;
    while (i < n && blank(p[i]))
        i++;
    if (i < n && p[i] == '<') {
        const char *close = memchr(p + i, '>', n - i);
        if (close == NULL)
            return 0;
        size_t start = i + 1, end = (size_t)(close - p);
        /* A source route "@a,@b:user@domain" (RFC 5321 4.1.2) is ignored. */
        if (start < end && p[start] == '@') {
            const char *colon = memchr(p + start, ':', end - start);
            if (colon == NULL)
                return 0;
            start = (size_t)(colon - p) + 1;
        }
        cmd->path = p + start;
        cmd->path_len = end - start;
        i = end + 1;
        if (i < n && !blank(p[i]))
            return 0; /* parameters are separated by a space */
    } else {
        size_t start = i;
        while (i < n && !blank(p[i]))
            i++;
        cmd->path = p + start;
        cmd->path_len = i - start;
    }
    for (size_t j = 0; j < cmd->path_len; j++)
        if ((unsigned char)cmd->path[j] <= ' ' || cmd->path[j] == '<' || cmd->path[j] == '>')
            return 0;
    return cmd->path_len > 0 || allow_empty;
}

/* A HELO/EHLO argument: one word (a domain or an address literal). */
static int parse_domain(const char *p, size_t n)
{
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)p[i] <= ' ' || p[i] == 0x7F)
            return 0;
    return 1;
}

void tk_smtp_parse_command(const char *line, size_t len, struct tk_smtp_command *cmd)
{
    size_t i = 0;
    memset(cmd, 0, sizeof *cmd);
    while (i < len && !blank(line[i]))
        i++;
    for (size_t v = 0; v < sizeof verbs / sizeof verbs[0]; v++) {
        if (strlen(verbs[v].word) == i && strncasecmp(line, verbs[v].word, i) == 0) {
            cmd->verb = verbs[v].verb;
            break;
        }
    }
    if (cmd->verb == TK_SMTP_UNKNOWN)
        return;
    while (i < len && blank(line[i]))
        i++;
    size_t end = len;
    while (end > i && blank(line[end - 1]))
        end--;
    cmd->arg = line + i;
    cmd->arg_len = end - i;
    switch (cmd->verb) {
    case TK_SMTP_HELO:
    case TK_SMTP_EHLO:
        cmd->syntax_ok = parse_domain(cmd->arg, cmd->arg_len);
        break;
    case TK_SMTP_MAIL:
        cmd->syntax_ok = parse_path(cmd->arg, cmd->arg_len, "FROM:", 1, cmd);
        break;
    case TK_SMTP_RCPT:
        cmd->syntax_ok = parse_path(cmd->arg, cmd->arg_len, "TO:", 0, cmd);
        break;
    case TK_SMTP_DATA:
    case TK_SMTP_RSET:
    case TK_SMTP_QUIT:
    case TK_SMTP_STARTTLS:
        cmd->syntax_ok = cmd->arg_len == 0;
        break;
    default: /* NOOP, HELP, VRFY, EXPN take any argument; BDAT and AUTH are refused anyway */
        cmd->syntax_ok = 1;
        break;
    }
}

enum { D_LINE_START = 0, D_DOT, D_DOT_CR, D_IN_LINE, D_CR, D_DONE };

void tk_smtp_data_init(struct tk_smtp_data *d)
{
    d->state = D_LINE_START;
    d->size = 0;
}

size_t tk_smtp_data_feed(struct tk_smtp_data *d, const uint8_t *in, size_t len, int *done)
{
    size_t i = 0;
    *done = 0;
    while (i < len) {
        uint8_t c = in[i++];
        switch (d->state) {
        case D_LINE_START:
            if (c == '.') {
                d->state = D_DOT; /* the end, or a dot-stuffed line: the dot is not content */
            } else if (c == '\r') {
                d->state = D_CR;
            } else {
                d->state = D_IN_LINE;
                d->size++;
            }
            break;
        case D_DOT:
            if (c == '\r') {
                d->state = D_DOT_CR;
            } else {
                d->size++;
                d->state = D_IN_LINE;
            }
            break;
        case D_DOT_CR:
            if (c == '\n') {
                d->state = D_DONE;
                *done = 1;
                return i;
            }
            d->size++; /* "." CR then something else: the CR was content */
            if (c == '\r') {
                d->state = D_CR;
            } else {
                d->size++;
                d->state = D_IN_LINE;
            }
            break;
        case D_IN_LINE:
            if (c == '\r')
                d->state = D_CR;
            else
                d->size++;
            break;
        case D_CR:
            if (c == '\n') {
                d->size += 2;
                d->state = D_LINE_START;
            } else if (c == '\r') {
                d->size++;
            } else {
                d->size += 2;
                d->state = D_IN_LINE;
            }
            break;
        default:
            *done = 1;
            return i - 1;
        }
    }
    return i;
}
