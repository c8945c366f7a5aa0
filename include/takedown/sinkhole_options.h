/* sinkhole_options.h - every setting of `takedown sinkhole`, applied the same way from the
 * command line (--key value) and from the config file (key = value lines); the keys and
 * their meaning are listed in docs/sinkhole.md. */
#ifndef TAKEDOWN_SINKHOLE_OPTIONS_H
#define TAKEDOWN_SINKHOLE_OPTIONS_H

#include <stddef.h>
#include <sys/socket.h>

#include "takedown/error.h"
#include "takedown/event_clock.h"
#include "takedown/event_log.h"
#include "takedown/sinkhole.h"

struct tk_sinkhole_options {
    struct tk_sinkhole_config server;
    struct tk_event_log_options log;
    char log_dir[4096];          /* "" when no --log */
    char sensor[64];
    char **names_files;          /* --names, in order */
    size_t names_count, names_cap;
    char **zones;                /* --zone, lower case, no trailing dot */
    size_t zone_count, zone_cap;
    struct sockaddr_storage metrics;
    int has_metrics;
    char user[64];
    char pidfile[4096];
    char smtp_key_file[4096];    /* "" : DIR/smtp.key beside the log, or a key per run */
    int proxy_all;               /* --proxy-protocol all */
    unsigned proxy_protocols;    /* bit (1 << protocol) per protocol named */
    struct sockaddr_storage proxy_listeners[TK_SINKHOLE_MAX_CONTACT];
    size_t proxy_listener_count; /* listeners named by address */
    struct tk_event_clock clock; /* --clock: a simulated clock for exercises */
    int has_clock;
};

void tk_sinkhole_options_init(struct tk_sinkhole_options *options);
void tk_sinkhole_options_free(struct tk_sinkhole_options *options);

/* Applies one setting: key as in a config file ("dns") or as a flag ("--dns"). A bad value
 * is TK_ERR_USAGE with one line naming the key as given, the value and what was expected
 * ("--dns 127.0.0.1:99999: expected a port 0-65535"); a key that is no setting is
 * "unknown setting '--frobnicate' ...". Keys that accumulate: dns, names, zone, http, tcp,
 * smtp, proxy-protocol. */
int tk_sinkhole_option_set(struct tk_sinkhole_options *options, const char *key,
                           const char *value, struct tk_error *err);

/* Splits one config-file line into key and value: "key = value" or "key value", '#'
 * comments, blank lines skipped (*skip), surrounding quotes of the value removed. */
int tk_sinkhole_config_line(const char *line, size_t len, char key[64], char value[4096],
                            int *skip, struct tk_error *err);

/* Reads a config file; errors name the file and line ("FILE:3: unknown setting 'x' ..."). */
int tk_sinkhole_options_load(struct tk_sinkhole_options *options, const char *path,
                             struct tk_error *err);

/* Checks that what must be given was given: a listener; with --dns, lists or zones and an
 * address to answer with. */
int tk_sinkhole_options_check(const struct tk_sinkhole_options *options, struct tk_error *err);

/* Parses "IP:PORT", "[IPv6]:PORT" or a bare IP (default_port). */
int tk_parse_socket_address(const char *text, unsigned default_port,
                            struct sockaddr_storage *out, struct tk_error *err);

/* Writes "IP:PORT" or "[IPv6]:PORT" (64 bytes are always enough). */
void tk_format_socket_address(const struct sockaddr_storage *address, char *out, size_t size);

/* Sets the SipHash key of the SMTP recipient hashes: read from --smtp-key FILE (32 hex
 * digits), else from DIR/smtp.key beside the event log (created with a random key the
 * first time, mode 0600, so hashes stay comparable across restarts), else random for this
 * run only. */
int tk_sinkhole_options_smtp_key(struct tk_sinkhole_options *options, struct tk_error *err);

/* Builds a fresh name table from the options' lists and zones; loaded[i] (an array of
 * names_count) receives the number of names of the i-th list file. */
int tk_sinkhole_options_load_names(const struct tk_sinkhole_options *options,
                                   struct tk_names **names, size_t *loaded,
                                   struct tk_error *err);

#endif
