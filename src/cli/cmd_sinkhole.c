/* cmd_sinkhole.c - `takedown sinkhole`: the authoritative DNS sinkhole and the HTTP, TCP and
 * SMTP contact listeners, in the foreground.
 * Reads settings (config file, then flags), loads the lists, binds, drops privileges,
 * starts the workers, prints "ready", then waits for signals: SIGHUP reloads the lists,
 * SIGUSR1 rotates the event log, SIGUSR2 moves a --clock to its next day, SIGTERM and SIGINT
 * drain and exit. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "takedown/atomic_file.h"
#include "takedown/date.h"
#include "takedown/event_clock.h"
#include "takedown/event_log.h"
#include "takedown/metrics_http.h"
#include "takedown/sinkhole.h"
#include "takedown/sinkhole_options.h"

static void sinkhole_usage(FILE *f)
{
    fprintf(f,
"usage: takedown sinkhole --dns ADDR:PORT --names FILE [--names FILE ...] [--zone DOMAIN ...]\n"
"                         --answer-a IP[,IP...] [--answer-aaaa IP6[,...]] [--log DIR]\n"
"                         [--http ADDR:PORT] [--tcp ADDR:PORT ...] [--smtp ADDR:PORT]\n"
"                         [--proxy-protocol [all|http|tcp|smtp|ADDR:PORT,...]]\n"
"                         [--log-format jsonl,binary,dnstap] [--workers N] [--metrics ADDR:PORT]\n"
"                         [--config FILE] [--user USER] [--pidfile FILE] [OPTION VALUE ...]\n"
"       takedown sinkhole --check [--json] (same settings): load the lists, report, exit\n"
"\n"
"An authoritative DNS server for seized and predicted names. Listed names (plain lists,\n"
"takedown's CSV with tags, or RPZ) and zones (a domain and everything under it) get A and\n"
"AAAA answers pointing at the sinkhole addresses (one per name, picked by its hash), NS and\n"
"SOA at their apex, NODATA for other types; names below a listed name get NXDOMAIN; every\n"
"other name gets REFUSED. The contact listeners take the bots' HTTP check-ins (a fixed 200\n"
"for any request), raw TCP (read and dropped) and spam (an SMTP trap that accepts and\n"
"discards every message, never relaying). Every query, request, session and message is\n"
"logged (JSON lines, binary, dnstap) in DIR.\n"
"\n"
"options (also config-file keys, as `key = value`):\n"
"  --dns ADDR:PORT          listen on UDP and TCP (repeatable; [::1]:5353 for IPv6)\n"
"  --names FILE             a block list to serve (repeatable)\n"
"  --zone DOMAIN            serve DOMAIN and every name under it (repeatable)\n"
"  --answer-a IP,...        IPv4 sinkhole addresses        --answer-aaaa IP6,...  IPv6 ones\n"
"  --ttl S (300)            TTL of answers                  --negative-ttl S (60)  of NODATA/NXDOMAIN\n"
"  --ns NAME                NS target and SOA MNAME (ns.sinkhole.invalid)\n"
"  --hostmaster NAME        SOA RNAME (hostmaster.sinkhole.invalid)\n"
"  --edns-size N (1232)     our EDNS UDP buffer size, 512-4096\n"
"  --workers N (1)          worker threads, sharing one socket per listener\n"
"  --tcp-idle-ms N (10000)  close idle TCP connections    --tcp-clients N (256)  per worker\n"
"  --rrl-rate N (0 = off)   UDP responses per second per /24 or /56\n"
"  --rrl-slip N (2)         send every N-th limited response truncated (0 never)\n"
"  --http ADDR:PORT         HTTP check-ins (repeatable)   --smtp ADDR:PORT  the SMTP trap\n"
"  --tcp ADDR:PORT          a raw TCP port (repeatable; 16 contact listeners in all)\n"
"  --proxy-protocol LIST    connections start with a PROXY v1/v2 header: all (the default\n"
"                           when no LIST follows), http, tcp, smtp, or listener ADDR:PORTs\n"
"  --contact-idle-ms N (10000) --contact-total-ms N (60000)  close idle / too-long contacts\n"
"  --contact-clients N (1024) per worker  --contact-per-prefix N (256) per /24 or /56\n"
"  --http-header-max N (8K) --http-body-max N (8M) --http-keep-body N (0, up to 1024)\n"
"  --hash-bytes N (256)     first bytes of a body or TCP stream hashed (XXH3-128)\n"
"  --tcp-byte-cap N (64K)   --smtp-message-max N (10M) --smtp-rcpt-max N (100)\n"
"  --smtp-line-max N (1000) --smtp-hostname NAME (sinkhole.invalid)\n"
"  --smtp-key FILE          SipHash key of the recipient hashes (32 hex digits; default\n"
"                           DIR/smtp.key, created on first use)\n"
"  --log DIR                write events-*.jsonl, .tkev (binary), .dnstap in DIR\n"
"  --log-format F (jsonl)   jsonl, binary, dnstap, or several: jsonl,binary\n"
"  --log-queue N (16384)    events queued per worker before drops are counted\n"
"  --log-rotate-size N (256M) --log-rotate-seconds N (3600) --log-fsync-ms N (1000)\n"
"  --sensor ID (sinkhole)   sensor id written with every event (dnstap identity)\n"
"  --clock DATE[THH:MM:SSZ][,RATE]  exercises: stamp events with a simulated clock that\n"
"                           starts at DATE, runs RATE times as fast as real time and holds\n"
"                           at the end of each day; SIGUSR2 moves it to the next day\n"
"  --metrics ADDR:PORT      Prometheus /metrics over HTTP (use a loopback address)\n"
"  --user USER              drop root privileges after binding\n"
"  --pidfile FILE           write the process id\n"
"  --config FILE            read settings from FILE first; flags given on the command line\n"
"                           add to (dns, names, zone) or override them\n"
"\n"
"Prints `ready ...` on stderr once every listener is bound. Exit 0 after SIGTERM, 1 when a\n"
"list cannot be read or an address bound (\"ADDR:PORT: address in use\": one sinkhole per\n"
"address and port), 2 on a usage error. See docs/sinkhole.md and docs/EVENTS.md;\n"
"`takedown events` reads the logs.\n");
}

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static long rss_kib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kib = 0;
    if (f == NULL)
        return 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld kB", &kib) == 1)
            break;
    fclose(f);
    return kib;
}

static int load_names(const struct tk_sinkhole_options *o, struct tk_names **names,
                      double *seconds, struct tk_error *err)
{
    struct timespec start;
    size_t *loaded = calloc(o->names_count + 1, sizeof *loaded);
    if (loaded == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    clock_gettime(CLOCK_MONOTONIC, &start);
    int rc = tk_sinkhole_options_load_names(o, names, loaded, err);
    *seconds = seconds_since(&start);
    for (size_t i = 0; rc == TK_OK && i < o->names_count; i++)
        if (loaded[i] == 0) /* legal, but most likely the wrong file */
            cli_error("sinkhole: warning: %s: no names", o->names_files[i]);
    free(loaded);
    return rc;
}

static int drop_privileges(const char *user, const char *log_dir)
{
    struct passwd *pw = getpwnam(user);
    if (pw == NULL) {
        cli_error("sinkhole: --user: no user '%s'", user);
        return EXIT_USAGE;
    }
    if (log_dir[0] && chown(log_dir, pw->pw_uid, pw->pw_gid) != 0) {
        cli_error("sinkhole: cannot hand %s to %s: %s", log_dir, user, strerror(errno));
        return EXIT_FAILURE_OP;
    }
    if (initgroups(user, pw->pw_gid) != 0 || setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0) {
        cli_error("sinkhole: cannot become %s: %s", user, strerror(errno));
        return EXIT_FAILURE_OP;
    }
    return EXIT_OK;
}

static size_t render_metrics(void *ctx, char *buf, size_t size)
{
    return tk_sinkhole_metrics(ctx, buf, size);
}

/* "ready dns=A,B http=C smtp=D tcp=E,F metrics=G workers=N": what scripts wait for. */
static void print_ready(const struct tk_sinkhole_options *o, struct tk_sinkhole *server,
                        const struct tk_metrics_http *metrics)
{
    static const char *const labels[] = {"http", "tcp", "smtp"};
    char where[80];
    fputs("ready", stderr);
    for (size_t i = 0; i < o->server.listen_count; i++) {
        tk_format_socket_address(tk_sinkhole_address(server, i), where, sizeof where);
        fprintf(stderr, "%s%s", i ? "," : " dns=", where);
    }
    for (int p = TK_EVENT_HTTP; p <= TK_EVENT_SMTP; p++) {
        int first = 1;
        for (size_t i = 0; i < o->server.contact_count; i++) {
            if (o->server.contact[i].protocol != p)
                continue;
            tk_format_socket_address(tk_sinkhole_contact_address(server, i), where, sizeof where);
            if (first)
                fprintf(stderr, " %s=%s", labels[p - TK_EVENT_HTTP], where);
            else
                fprintf(stderr, ",%s", where);
            first = 0;
        }
    }
    if (metrics) {
        tk_format_socket_address(&o->metrics, where, sizeof where);
        fprintf(stderr, " metrics=%s", where);
    }
    fprintf(stderr, " workers=%u\n", o->server.workers);
    fflush(stderr);
}

/* Reads flags into o: --config first, so that the command line adds to or overrides it. */
static int parse_args(int argc, char **argv, struct tk_sinkhole_options *o, int *check,
                      int *json, FILE *out)
{
    struct tk_error err = {0};
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            sinkhole_usage(out);
            return -1;
        }
        if (strcmp(argv[i], "--config") == 0) {
            if (i + 1 >= argc) {
                cli_error("sinkhole: --config needs a file");
                return EXIT_USAGE;
            }
            if (tk_sinkhole_options_load(o, argv[++i], &err) != TK_OK) {
                cli_error("sinkhole: %s", err.message);
                return err.status == TK_ERR_USAGE ? EXIT_USAGE : EXIT_FAILURE_OP;
            }
        }
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--config") == 0) {
            i++;
        } else if (strcmp(a, "--check") == 0) {
            *check = 1;
        } else if (strcmp(a, "--json") == 0) {
            *json = 1;
        } else if (strcmp(a, "--proxy-protocol") == 0
                   && (i + 1 >= argc || strncmp(argv[i + 1], "--", 2) == 0)) {
            tk_sinkhole_option_set(o, "proxy-protocol", "all", &err); /* bare flag: every listener */
        } else if (strncmp(a, "--", 2) == 0 && i + 1 < argc) {
            if (tk_sinkhole_option_set(o, a, argv[++i], &err) != TK_OK) {
                cli_error("sinkhole: %s", err.message);
                return EXIT_USAGE;
            }
        } else if (strncmp(a, "--", 2) == 0) {
            cli_error("sinkhole: %s needs a value (see `takedown sinkhole --help`)", a);
            return EXIT_USAGE;
        } else {
            cli_error("sinkhole: unexpected argument '%s' (see `takedown sinkhole --help`)", a);
            return EXIT_USAGE;
        }
    }
    if (tk_sinkhole_options_check(o, &err) != TK_OK) {
        cli_error("sinkhole: %s", err.message);
        return EXIT_USAGE;
    }
    if (o->server.contact_count && !*check && tk_sinkhole_options_smtp_key(o, &err) != TK_OK)
        return cli_fail(&err);
    return EXIT_OK;
}

static int report_check(const struct tk_names *names, double seconds, int json, FILE *out)
{
    size_t count = tk_names_count(names), bytes = tk_names_bytes(names);
    double per = count ? (double)bytes / (double)count : 0;
    if (json)
        fprintf(out, "{\"names\":%zu,\"zones\":%zu,\"table_bytes\":%zu,\"bytes_per_name\":%.1f,"
                     "\"load_seconds\":%.3f,\"rss_kib\":%ld}\n",
                count, tk_names_zone_count(names), bytes, per, seconds, rss_kib());
    else
        fprintf(out, "names %zu (zones %zu), table %zu bytes (%.1f bytes/name), loaded in %.3f s, "
                     "RSS %ld KiB\n",
                count, tk_names_zone_count(names), bytes, per, seconds, rss_kib());
    return EXIT_OK;
}

/* Waits for signals until SIGTERM or SIGINT. */
static void serve_signals(const sigset_t *set, struct tk_sinkhole *server,
                          const struct tk_sinkhole_options *o, struct tk_event_log *log)
{
    for (;;) {
        int sig;
        if (sigwait(set, &sig) != 0)
            continue;
        if (sig == SIGTERM || sig == SIGINT)
            return;
        if (sig == SIGUSR1 && log) {
            tk_event_log_rotate(log);
        } else if (sig == SIGUSR2 && o->has_clock) {
            char day[11];
            tk_day_format(tk_day_from_unix(tk_event_clock_next_day()), day);
            fprintf(stderr, "clock %sT00:00:00Z\n", day);
            fflush(stderr);
        } else if (sig == SIGHUP) {
            struct tk_names *names;
            struct tk_error err = {0};
            double seconds;
            if (load_names(o, &names, &seconds, &err) != TK_OK) {
                cli_error("sinkhole: reload failed, still serving the previous lists: %s",
                          err.message);
                tk_sinkhole_count_failed_reload(server);
                continue;
            }
            size_t count = tk_names_count(names);
            tk_sinkhole_replace_names(server, names);
            fprintf(stderr, "takedown: sinkhole: reloaded %zu names in %.3f s\n", count, seconds);
        }
    }
}

static int run(struct tk_sinkhole_options *o, struct tk_names *names)
{
    struct tk_error err = {0};
    struct tk_event_log *log = NULL;
    struct tk_sinkhole *server = NULL;
    struct tk_metrics_http *metrics = NULL;
    sigset_t set;
    int rc, pidfile_written = 0;

    sigemptyset(&set);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &set, NULL); /* every thread inherits it; main waits */
    signal(SIGPIPE, SIG_IGN);

    /* Every socket first: a sinkhole that cannot bind leaves no log file behind. */
    if (tk_sinkhole_open(&o->server, names, &server, &err) != TK_OK)
        return cli_fail(&err);
    if (o->has_metrics && tk_metrics_http_open(&o->metrics, &metrics, &err) != TK_OK) {
        tk_sinkhole_stop(server);
        return cli_fail(&err);
    }
    if (o->log_dir[0]) {
        o->log.dir = o->log_dir;
        o->log.sensor = o->sensor;
        o->log.producers = o->server.workers;
        if (tk_event_log_open(&o->log, &log, &err) != TK_OK) {
            tk_metrics_http_stop(metrics);
            tk_sinkhole_stop(server);
            return cli_fail(&err);
        }
        tk_sinkhole_set_log(server, log);
    }
    if (metrics && tk_metrics_http_start(metrics, render_metrics, server, &err) != TK_OK) {
        rc = cli_fail(&err);
        goto out;
    }
    if (o->pidfile[0]) {
        /* Removed at exit only when it is a file of its own (never a device or "-"). */
        struct tk_atomic_file pf;
        int written = tk_atomic_open(&pf, o->pidfile, &err);
        int own_file = pf.kind == TK_ATOMIC_REPLACE;
        if (written == TK_OK) {
            fprintf(pf.fp, "%ld\n", (long)getpid());
            written = tk_atomic_commit(&pf, &err);
        }
        if (written != TK_OK) {
            rc = cli_fail(&err);
            goto out;
        }
        pidfile_written = own_file;
    }
    if (o->user[0] && (rc = drop_privileges(o->user, o->log_dir)) != EXIT_OK)
        goto out;
    if (o->has_clock)
        tk_event_clock_start(&o->clock);
    if (tk_sinkhole_start(server, &err) != TK_OK) {
        rc = cli_fail(&err);
        goto out;
    }
    print_ready(o, server, metrics);

    serve_signals(&set, server, o, log);
    rc = EXIT_OK;
out:
    tk_metrics_http_stop(metrics);
    tk_sinkhole_stop(server);
    if (log) {
        struct tk_event_log_stats st;
        tk_event_log_get_stats(log, &st);
        tk_event_log_close(log);
        fprintf(stderr, "takedown: sinkhole: stopped; %llu events logged, %llu dropped\n",
                (unsigned long long)(st.written + st.backlog), (unsigned long long)st.dropped);
        if (st.not_spooled)
            fprintf(stderr, "takedown: sinkhole: %llu events answered but not logged: the "
                    "log's disk was full\n", (unsigned long long)st.not_spooled);
    }
    if (pidfile_written)
        unlink(o->pidfile);
    return rc;
}

int cmd_sinkhole(int argc, char **argv, FILE *out)
{
    struct tk_sinkhole_options o;
    struct tk_names *names;
    struct tk_error err = {0};
    int check = 0, json = 0;
    double seconds;

    tk_sinkhole_options_init(&o);
    int rc = parse_args(argc, argv, &o, &check, &json, out);
    if (rc != EXIT_OK) {
        tk_sinkhole_options_free(&o);
        return rc < 0 ? EXIT_OK : rc;
    }
    if (load_names(&o, &names, &seconds, &err) != TK_OK) {
        tk_sinkhole_options_free(&o);
        return cli_fail(&err);
    }
    if (check) {
        rc = report_check(names, seconds, json, out);
        tk_names_free(names);
    } else {
        fprintf(stderr, "takedown: sinkhole: %zu names (%zu zones) in %.3f s, %.1f bytes/name\n",
                tk_names_count(names), tk_names_zone_count(names), seconds,
                tk_names_count(names) ? (double)tk_names_bytes(names) / (double)tk_names_count(names)
                                      : 0.0);
        rc = run(&o, names);
    }
    tk_sinkhole_options_free(&o);
    return rc;
}
