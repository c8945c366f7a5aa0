/* contact_options.c - the settings of the contact listeners (--http, --tcp, --smtp,
 * --proxy-protocol and their limits) and the SMTP recipient hash key; see
 * include/takedown/sinkhole_options.h and docs/sinkhole.md. */
#include <errno.h>
#include <fcntl.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sinkhole/contact_internal.h"
#include "sinkhole/options_internal.h"
#include "takedown/atomic_file.h"
#include "takedown/hex.h"
#include "takedown/read_file.h"

static int same_address(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
    char ta[64], tb[64];
    tk_format_socket_address(a, ta, sizeof ta);
    tk_format_socket_address(b, tb, sizeof tb);
    return strcmp(ta, tb) == 0;
}

/* Whether listener l gets the PROXY header under the settings given so far. */
static int wants_proxy(const struct tk_sinkhole_options *o, const struct tk_contact_listen *l)
{
    if (o->proxy_all || (o->proxy_protocols & (1u << l->protocol)))
        return 1;
    for (size_t i = 0; i < o->proxy_listener_count; i++)
        if (same_address(&o->proxy_listeners[i], &l->address))
            return 1;
    return 0;
}

static void apply_proxy(struct tk_sinkhole_options *o)
{
    for (size_t i = 0; i < o->server.contact_count; i++)
        o->server.contact[i].proxy = (uint8_t)wants_proxy(o, &o->server.contact[i]);
}

static int add_listener(struct tk_sinkhole_options *o, const char *value, uint8_t protocol,
                        unsigned default_port, struct tk_error *err)
{
    struct tk_sinkhole_config *c = &o->server;
    if (c->contact_count == TK_SINKHOLE_MAX_CONTACT)
        return tk_error_set(err, TK_ERR_USAGE, "at most %d contact listeners in all",
                            TK_SINKHOLE_MAX_CONTACT);
    struct tk_contact_listen *l = &c->contact[c->contact_count];
    int rc = tk_parse_socket_address(value, default_port, &l->address, err);
    if (rc != TK_OK)
        return rc;
    if (default_port == 0 && strrchr(value, ':') == NULL)
        return tk_error_set(err, TK_ERR_USAGE, "expected ADDR:PORT");
    l->protocol = protocol;
    c->contact_count++;
    apply_proxy(o);
    return TK_OK;
}

/* "all", or a comma-separated list of protocols (http, tcp, smtp) and listener addresses. */
static int set_proxy(struct tk_sinkhole_options *o, const char *value, struct tk_error *err)
{
    char copy[1024];
    int rc = sinkhole_copy_list(copy, sizeof copy, value, err);
    if (rc)
        return rc;
    for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (strcmp(tok, "all") == 0) {
            o->proxy_all = 1;
        } else if (strcmp(tok, "http") == 0) {
            o->proxy_protocols |= 1u << TK_EVENT_HTTP;
        } else if (strcmp(tok, "tcp") == 0) {
            o->proxy_protocols |= 1u << TK_EVENT_TCP;
        } else if (strcmp(tok, "smtp") == 0) {
            o->proxy_protocols |= 1u << TK_EVENT_SMTP;
        } else {
            struct tk_error inner = {0};
            if (o->proxy_listener_count == TK_SINKHOLE_MAX_CONTACT
                || tk_parse_socket_address(tok, 0, &o->proxy_listeners[o->proxy_listener_count],
                                           &inner) != TK_OK)
                return tk_error_set(err, TK_ERR_USAGE,
                                    "expected all, http, tcp, smtp or a listener's ADDR:PORT, "
                                    "got '%s'", tok);
            o->proxy_listener_count++;
        }
    }
    apply_proxy(o);
    return TK_OK;
}

int sinkhole_contact_option(struct tk_sinkhole_options *o, const char *key, const char *value,
                            struct tk_error *err)
{
    struct tk_contact_limits *l = &o->server.limits;
    unsigned long long v;
    int rc;

    if (strcmp(key, "http") == 0)
        return add_listener(o, value, TK_EVENT_HTTP, 80, err);
    if (strcmp(key, "smtp") == 0)
        return add_listener(o, value, TK_EVENT_SMTP, 25, err);
    if (strcmp(key, "tcp") == 0)
        return add_listener(o, value, TK_EVENT_TCP, 0, err);
    if (strcmp(key, "proxy-protocol") == 0)
        return set_proxy(o, value, err);
    if (strcmp(key, "smtp-hostname") == 0)
        return sinkhole_set_copy(l->smtp_hostname, sizeof l->smtp_hostname, value, err);
    if (strcmp(key, "smtp-key") == 0)
        return sinkhole_set_copy(o->smtp_key_file, sizeof o->smtp_key_file, value, err);

    static const struct sinkhole_number numbers[] = {
        {"contact-idle-ms", 100, 3600000}, {"contact-total-ms", 100, 86400000},
        {"contact-clients", 1, 65536}, {"contact-per-prefix", 0, 1000000},
        {"http-header-max", 256, CONTACT_IN}, {"http-body-max", 0, 1ull << 40},
        {"hash-bytes", 0, TK_EVENT_BODY_MAX}, {"http-keep-body", 0, TK_EVENT_BODY_MAX},
        {"tcp-byte-cap", 1, 1ull << 40}, {"smtp-line-max", 512, CONTACT_IN},
        {"smtp-message-max", 1, 1ull << 40}, {"smtp-rcpt-max", 1, TK_EVENT_SMTP_RCPT_MAX},
    };
    size_t count = sizeof numbers / sizeof numbers[0], which;
    if ((rc = sinkhole_number_option(numbers, count, key, value, &which, &v, err)) != TK_OK)
        return rc;
    if (which < count) {
        switch (which) {
        case 0: l->idle_ms = (uint32_t)v; break;
        case 1: l->total_ms = (uint32_t)v; break;
        case 2: l->clients = (unsigned)v; break;
        case 3: l->per_prefix = (unsigned)v; break;
        case 4: l->http_header_max = (uint32_t)v; break;
        case 5: l->http_body_max = v; break;
        case 6: l->hash_bytes = (uint16_t)v; break;
        case 7: l->http_keep_body = (uint16_t)v; break;
        case 8: l->tcp_byte_cap = v; break;
        case 9: l->smtp_line_max = (uint32_t)v; break;
        case 10: l->smtp_message_max = v; break;
        default: l->smtp_rcpt_max = (unsigned)v; break;
        }
        return TK_OK;
    }
    return TK_SINKHOLE_UNKNOWN;
}

static int parse_hex_key(const char *text, size_t len, uint8_t key[16])
{
    while (len && (text[len - 1] == '\n' || text[len - 1] == '\r' || text[len - 1] == ' '))
        len--;
    if (len != 32)
        return -1;
    return tk_hex_decode(text, 16, key);
}

static int read_key(const char *path, uint8_t key[16], struct tk_error *err)
{
    char text[128];
    FILE *f = tk_file_open(path, err);
    if (f == NULL)
        return TK_ERR_IO;
    size_t n = fread(text, 1, sizeof text - 1, f);
    tk_file_close(f);
    text[n] = '\0';
    if (parse_hex_key(text, n, key) != 0)
        return tk_error_set(err, TK_ERR_DATA, "%s:1: expected a key of 32 hex digits", path);
    return TK_OK;
}

/* Creates path with a new random key; returns TK_OK, or an error when it exists or cannot
 * be written. */
static int create_key(const char *path, uint8_t key[16], struct tk_error *err)
{
    char text[40];
    if (RAND_bytes(key, 16) != 1)
        return tk_error_set(err, TK_ERR_IO, "cannot draw a random SMTP key");
    for (int i = 0; i < 16; i++)
        snprintf(text + 2 * i, 3, "%02x", key[i]);
    text[32] = '\n';
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return tk_error_set(err, TK_ERR_IO, "%s: %s", path, strerror(errno));
    ssize_t w = write(fd, text, 33);
    if (close(fd) != 0 || w != 33)
        return tk_error_set(err, TK_ERR_IO, "%s: cannot write the key", path);
    return TK_OK;
}

int tk_sinkhole_options_smtp_key(struct tk_sinkhole_options *o, struct tk_error *err)
{
    uint8_t *key = o->server.limits.smtp_key;
    char path[4200];
    if (o->smtp_key_file[0])
        return read_key(o->smtp_key_file, key, err);
    if (o->log_dir[0] == '\0') {
        if (RAND_bytes(key, 16) != 1)
            return tk_error_set(err, TK_ERR_IO, "cannot draw a random SMTP key");
        return TK_OK;
    }
    snprintf(path, sizeof path, "%s/smtp.key", o->log_dir);
    if (access(path, F_OK) == 0)
        return read_key(path, key, err);
    int rc = tk_make_dirs(o->log_dir, 0750, err);
    return rc ? rc : create_key(path, key, err);
}
