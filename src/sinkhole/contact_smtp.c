/* contact_smtp.c - the SMTP spam trap: a valid RFC 5321 dialogue (EHLO/HELO, MAIL, RCPT,
 * DATA, RSET, NOOP, QUIT, with PIPELINING) that accepts every message and discards it; it
 * never relays. Each message is recorded with the envelope sender, the recipient count, a
 * keyed hash of each recipient (distinct victims can be counted without keeping their
 * addresses) and its size; a session that completes no message is recorded too. */
#include <stdio.h>
#include <string.h>

#include <openssl/core_names.h>

#include "sinkhole/server_internal.h"

#define SMTP_ERRORS_MAX 20 /* bad commands before the trap hangs up */

static void say(struct contact_conn *c, const char *text)
{
    contact_reply(c, text, strlen(text));
}

/* A new message event that carries the session's HELO name and tag. */
static void begin_message(struct contact_conn *c)
{
    struct tk_event_tag tag = c->ev.tag;
    contact_event_begin(c);
    c->ev.tag = tag;
    contact_copy(c->ev.name, sizeof c->ev.name, c->smtp.helo, strlen(c->smtp.helo), 1);
    c->ev.name_len = (uint8_t)strlen(c->ev.name);
    struct tk_event_smtp *m = &c->ev.smtp;
    memcpy(m->helo, c->smtp.helo, sizeof m->helo);
    m->esmtp = c->smtp.esmtp;
    m->mail_from[0] = '\0';
    m->rcpt_count = 0;
    m->size = 0;
    m->result = TK_SMTP_NO_MESSAGE;
}

static void log_message(struct worker *w, struct contact_conn *c, enum tk_smtp_result result)
{
    c->ev.smtp.result = (uint8_t)result;
    contact_bump(&w->contact.smtp_messages[result]);
    if (result == TK_SMTP_ACCEPTED)
        atomic_fetch_add_explicit(&w->contact.smtp_recipients, c->ev.smtp.rcpt_count,
                                  memory_order_relaxed);
    contact_log(w, c);
    c->smtp.messages++;
    c->smtp.in_transaction = 0;
    begin_message(c);
}

void smtp_start(struct worker *w, struct contact_conn *c)
{
    char greeting[128];
    c->phase = PHASE_SMTP_COMMAND;
    memset(&c->smtp, 0, sizeof c->smtp);
    c->ev.tag.family[0] = '\0';
    begin_message(c);
    snprintf(greeting, sizeof greeting, "220 %s ESMTP\r\n", w->server->config.limits.smtp_hostname);
    say(c, greeting);
}

/* SipHash-2-4 (OpenSSL's) of the address, lower-cased. */
static void hash_recipient(struct worker *w, const char *path, size_t len, uint8_t out[8])
{
    char lower[CONTACT_IN];
    size_t size = 8, got = 0;
    OSSL_PARAM params[2] = {OSSL_PARAM_construct_size_t(OSSL_MAC_PARAM_SIZE, &size),
                            OSSL_PARAM_construct_end()};
    contact_copy(lower, sizeof lower, path, len, 1);
    if (!EVP_MAC_init(w->siphash, w->server->config.limits.smtp_key, 16, params)
        || !EVP_MAC_update(w->siphash, (const unsigned char *)lower, strlen(lower))
        || !EVP_MAC_final(w->siphash, out, &got, 8) || got != 8)
        memset(out, 0, 8);
}

static void on_helo(struct worker *w, const struct tk_names *names, struct contact_conn *c,
                    const struct tk_smtp_command *cmd)
{
    const struct tk_contact_limits *limits = &w->server->config.limits;
    char reply[CONTACT_REPLY_MAX];
    contact_copy(c->smtp.helo, sizeof c->smtp.helo, cmd->arg, cmd->arg_len, 0);
    c->smtp.esmtp = cmd->verb == TK_SMTP_EHLO;
    c->smtp.in_transaction = 0; /* RFC 5321 4.1.4: EHLO resets the transaction */
    c->ev.tag.family[0] = '\0';
    begin_message(c);
    contact_event_tag(names, &c->ev);
    if (cmd->verb == TK_SMTP_EHLO)
        snprintf(reply, sizeof reply,
                 "250-%s\r\n250-PIPELINING\r\n250-SIZE %llu\r\n250-8BITMIME\r\n"
                 "250 ENHANCEDSTATUSCODES\r\n",
                 limits->smtp_hostname, (unsigned long long)limits->smtp_message_max);
    else
        snprintf(reply, sizeof reply, "250 %s\r\n", limits->smtp_hostname);
    say(c, reply);
}

/* Runs one command; returns 0 when it was refused (counted as an error). */
static int run_command(struct worker *w, const struct tk_names *names, struct contact_conn *c,
                       const struct tk_smtp_command *cmd)
{
    struct tk_event_smtp *m = &c->ev.smtp;
    if (cmd->verb == TK_SMTP_UNKNOWN) {
        say(c, "500 5.5.2 Command not recognized\r\n");
        return 0;
    }
    if (!cmd->syntax_ok) {
        say(c, "501 5.5.4 Syntax error in parameters or arguments\r\n");
        return 0;
    }
    switch (cmd->verb) {
    case TK_SMTP_HELO:
    case TK_SMTP_EHLO:
        on_helo(w, names, c, cmd);
        return 1;
    case TK_SMTP_MAIL:
        if (c->smtp.helo[0] == '\0') {
            say(c, "503 5.5.1 Send EHLO or HELO first\r\n");
            return 0;
        }
        if (c->smtp.in_transaction) {
            say(c, "503 5.5.1 Sender already given\r\n");
            return 0;
        }
        begin_message(c);
        contact_copy(m->mail_from, sizeof m->mail_from, cmd->path, cmd->path_len, 0);
        c->smtp.in_transaction = 1;
        say(c, "250 2.1.0 Ok\r\n");
        return 1;
    case TK_SMTP_RCPT:
        if (!c->smtp.in_transaction) {
            say(c, "503 5.5.1 Need MAIL before RCPT\r\n");
            return 0;
        }
        if (m->rcpt_count >= w->server->config.limits.smtp_rcpt_max) {
            say(c, "452 4.5.3 Too many recipients\r\n");
            return 1;
        }
        hash_recipient(w, cmd->path, cmd->path_len, m->rcpt_hash[m->rcpt_count]);
        m->rcpt_count++;
        say(c, "250 2.1.5 Ok\r\n");
        return 1;
    case TK_SMTP_DATA:
        if (!c->smtp.in_transaction || m->rcpt_count == 0) {
            say(c, c->smtp.in_transaction ? "554 5.5.1 No valid recipients\r\n"
                                          : "503 5.5.1 Need MAIL and RCPT before DATA\r\n");
            return 0;
        }
        tk_smtp_data_init(&c->smtp.data);
        c->smtp.too_big = 0;
        c->phase = PHASE_SMTP_DATA;
        say(c, "354 End data with <CR><LF>.<CR><LF>\r\n");
        return 1;
    case TK_SMTP_RSET:
        c->smtp.in_transaction = 0;
        begin_message(c);
        say(c, "250 2.0.0 Ok\r\n");
        return 1;
    case TK_SMTP_NOOP:
        say(c, "250 2.0.0 Ok\r\n");
        return 1;
    case TK_SMTP_QUIT:
        say(c, "221 2.0.0 Bye\r\n");
        c->closing = 1;
        return 1;
    case TK_SMTP_VRFY:
        say(c, "252 2.5.0 Cannot VRFY user, but will accept message\r\n");
        return 1;
    case TK_SMTP_HELP:
        say(c, "214 2.0.0 Commands: EHLO HELO MAIL RCPT DATA RSET NOOP QUIT VRFY HELP\r\n");
        return 1;
    default: /* EXPN, STARTTLS, BDAT, AUTH: not offered */
        say(c, "502 5.5.1 Command not implemented\r\n");
        return 0;
    }
}

/* Reads message content; returns 1 when the message ended. */
static int read_data(struct worker *w, struct contact_conn *c, size_t *used)
{
    int done;
    *used = tk_smtp_data_feed(&c->smtp.data, c->in, c->in_len, &done);
    if (c->smtp.data.size > w->server->config.limits.smtp_message_max)
        c->smtp.too_big = 1; /* read on to the end, keeping nothing */
    if (!done)
        return 0;
    c->ev.smtp.size = c->smtp.data.size;
    if (c->smtp.too_big) {
        say(c, "552 5.3.4 Message size exceeds fixed limit\r\n");
        log_message(w, c, TK_SMTP_TOO_BIG);
    } else {
        say(c, "250 2.0.0 Ok: queued\r\n");
        log_message(w, c, TK_SMTP_ACCEPTED);
    }
    c->phase = PHASE_SMTP_COMMAND;
    return 1;
}

static void consume(struct contact_conn *c, size_t n)
{
    memmove(c->in, c->in + n, c->in_len - n);
    c->in_len -= n;
}

int smtp_process(struct worker *w, const struct tk_names *names, struct contact_conn *c)
{
    uint32_t line_max = w->server->config.limits.smtp_line_max;
    while (!c->closing && contact_room(c) && c->in_len) {
        if (c->phase == PHASE_SMTP_DATA) {
            size_t used;
            int ended = read_data(w, c, &used);
            consume(c, used);
            if (!ended)
                return 0;
            continue;
        }
        uint8_t *nl = memchr(c->in, '\n', c->in_len);
        if (nl == NULL) {
            if (c->in_len < line_max && c->in_len < sizeof c->in)
                return 0;
            if (!c->smtp.skip_line) {
                say(c, "500 5.5.2 Line too long\r\n");
                contact_bump(&w->contact.smtp_errors);
                c->smtp.errors++;
            }
            c->smtp.skip_line = 1; /* the rest of this line is dropped as it comes */
            c->in_len = 0;
            return 0;
        }
        size_t n = (size_t)(nl - c->in) + 1;
        if (c->smtp.skip_line || n > line_max) {
            if (!c->smtp.skip_line) {
                say(c, "500 5.5.2 Line too long\r\n");
                contact_bump(&w->contact.smtp_errors);
                c->smtp.errors++;
            }
            c->smtp.skip_line = 0;
        } else {
            size_t len = n - 1;
            if (len && c->in[len - 1] == '\r')
                len--;
            struct tk_smtp_command cmd;
            tk_smtp_parse_command((const char *)c->in, len, &cmd);
            contact_bump(&w->contact.smtp_commands);
            if (!run_command(w, names, c, &cmd)) {
                contact_bump(&w->contact.smtp_errors);
                c->smtp.errors++;
            }
        }
        consume(c, n);
        if (c->smtp.errors >= SMTP_ERRORS_MAX) {
            say(c, "421 4.7.0 Too many errors, closing connection\r\n");
            c->closing = 1;
        }
    }
    return 0;
}

void smtp_end(struct worker *w, struct contact_conn *c, enum contact_end why)
{
    if (why == END_IDLE || why == END_TOTAL) {
        static const char timeout[] = "421 4.4.2 Timeout, closing connection\r\n";
        contact_send_now(c, timeout, sizeof timeout - 1);
    }
    if (c->phase == PHASE_SMTP_DATA) {
        c->ev.smtp.size = c->smtp.data.size;
        log_message(w, c, TK_SMTP_ABORTED);
    } else if (c->smtp.messages == 0) {
        log_message(w, c, TK_SMTP_NO_MESSAGE);
    }
}
