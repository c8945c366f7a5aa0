/* smtp_command.h - reading what an SMTP client sends to a spam trap (RFC 5321): one
 * command line at a time, and the message content after DATA up to its final "." line.
 *
 * Both work on bytes already received and return pointers into them; nothing is copied or
 * allocated. The parser is lenient where spam software commonly strays (a space after
 * "FROM:", a path without angle brackets) and strict where it matters (verbs, line
 * lengths are the caller's, the content terminator is CRLF "." CRLF only). */
#ifndef TAKEDOWN_SMTP_COMMAND_H
#define TAKEDOWN_SMTP_COMMAND_H

#include <stddef.h>
#include <stdint.h>

enum tk_smtp_verb {
    TK_SMTP_UNKNOWN = 0,
    TK_SMTP_HELO, TK_SMTP_EHLO, TK_SMTP_MAIL, TK_SMTP_RCPT, TK_SMTP_DATA, TK_SMTP_RSET,
    TK_SMTP_NOOP, TK_SMTP_QUIT, TK_SMTP_VRFY, TK_SMTP_EXPN, TK_SMTP_HELP, TK_SMTP_STARTTLS,
    TK_SMTP_BDAT, TK_SMTP_AUTH
};

struct tk_smtp_command {
    enum tk_smtp_verb verb;
    int syntax_ok;           /* 0: the verb is known but its arguments are not valid (501) */
    const char *arg;         /* HELO/EHLO domain, or everything after the verb */
    size_t arg_len;
    const char *path;        /* MAIL/RCPT: the address inside <>, source route removed; */
    size_t path_len;         /* "" for MAIL FROM:<> */
};

/* Parses one command line, without its CR LF. */
void tk_smtp_parse_command(const char *line, size_t len, struct tk_smtp_command *cmd);

/* The message content after DATA: counts its size and finds its end. */
struct tk_smtp_data {
    int state;
    uint64_t size;           /* content bytes so far, after dot-unstuffing */
};

void tk_smtp_data_init(struct tk_smtp_data *d);

/* Consumes in[0..len) up to and including the final CRLF "." CRLF; returns how many bytes
 * belonged to the content and sets *done when the end was found. */
size_t tk_smtp_data_feed(struct tk_smtp_data *d, const uint8_t *in, size_t len, int *done);

#endif
