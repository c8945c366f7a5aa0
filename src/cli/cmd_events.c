/* cmd_events.c - `takedown events cat|convert|stats`: read the event logs of the sinkhole in
 * any format it writes (JSON lines, binary, dnstap), print them as JSON lines, convert them
 * from one format to another, or summarise them. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/json.h"
#include "takedown/atomic_file.h"
#include "takedown/event_file.h"
#include "takedown/event_stats.h"
#include "takedown/event_writer.h"

static void events_usage(FILE *f)
{
    fprintf(f,
"usage: takedown events cat FILE...\n"
"       takedown events convert FILE... --to jsonl|binary|dnstap [--out FILE]\n"
"       takedown events stats FILE... [--json]\n"
"\n"
"Reads the event logs of `takedown sinkhole` in any format it writes: JSON lines\n"
"(events-*.jsonl), the binary log (events-*.tkev) and dnstap (events-*.dnstap); the format\n"
"of each file is recognised from its first bytes; - reads standard input.\n"
"\n"
"  cat       print every event as one JSON line (docs/EVENTS.md), whatever the input format\n"
"  convert   write the events in another format: to FILE (written atomically) or standard\n"
"            output; dnstap holds DNS events only, the others are counted and skipped\n"
"  stats     events by protocol, time span, distinct clients, families, HTTP statuses,\n"
"            SMTP messages with total and distinct recipients, raw TCP sessions\n"
"\n"
"A record that cannot be read is reported on stderr with its file and line or frame, and\n"
"reading goes on; a file cut inside a record (or whose writer was killed) is read to its\n"
"last whole record, with a note. Exit 0, 1 when a file cannot be read or a record was bad,\n"
"2 on a usage error.\n");
}

struct events_args {
    const char *files[256];
    size_t file_count;
    const char *to, *out;
    int json;
};

static int parse_args(int argc, char **argv, int first, struct events_args *a)
{
    for (int i = first; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--to") == 0 || strcmp(arg, "--out") == 0) {
            if (i + 1 >= argc) {
                cli_error("events: %s needs a value", arg);
                return EXIT_USAGE;
            }
            if (arg[2] == 't')
                a->to = argv[++i];
            else
                a->out = argv[++i];
        } else if (strcmp(arg, "--json") == 0) {
            a->json = 1;
        } else if (strncmp(arg, "--", 2) == 0) {
            cli_error("events: unknown option '%s' (see `takedown events --help`)", arg);
            return EXIT_USAGE;
        } else if (a->file_count == sizeof a->files / sizeof a->files[0]) {
            cli_error("events: at most 256 files at once");
            return EXIT_USAGE;
        } else {
            a->files[a->file_count++] = arg;
        }
    }
    if (a->file_count == 0) {
        cli_error("events: which files? (give one or more event logs, - for standard input)");
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

typedef int (*event_fn)(void *ctx, const struct tk_event *ev, const char *sensor,
                        struct tk_error *err);

/* Reads every file, calling fn for each event. Returns the exit status. */
static int read_all(const struct events_args *a, event_fn fn, void *ctx)
{
    int rc = EXIT_OK;
    struct tk_event *ev = malloc(sizeof *ev);
    if (ev == NULL) {
        cli_error("events: out of memory");
        return EXIT_FAILURE_OP;
    }
    for (size_t i = 0; i < a->file_count; i++) {
        struct tk_event_file *f;
        struct tk_error err = {0};
        char sensor[64];
        if (tk_event_file_open(a->files[i], &f, &err) != TK_OK) {
            cli_fail(&err);
            rc = EXIT_FAILURE_OP;
            continue;
        }
        enum tk_event_file_result r;
        while ((r = tk_event_file_next(f, ev, sensor, &err)) != TK_EVENT_FILE_END) {
            if (r == TK_EVENT_FILE_FAILED) {
                cli_fail(&err);
                rc = EXIT_FAILURE_OP;
                break;
            }
            if (r == TK_EVENT_FILE_BAD) {
                cli_fail(&err);
                rc = EXIT_FAILURE_OP;
                continue;
            }
            if (fn(ctx, ev, sensor, &err) != TK_OK) {
                cli_fail(&err);
                tk_event_file_close(f);
                free(ev);
                return EXIT_FAILURE_OP;
            }
        }
        const char *note;
        if (tk_event_file_truncated(f, &note))
            cli_error("events: note: %s (read up to the last whole record)", note);
        tk_event_file_close(f);
    }
    free(ev);
    return rc;
}

static int write_event(void *ctx, const struct tk_event *ev, const char *sensor,
                       struct tk_error *err)
{
    return tk_event_writer_write(ctx, ev, sensor, err);
}

static int parse_format(const char *name, enum tk_event_file_format *out)
{
    for (int f = TK_EVENT_FILE_JSONL; f <= TK_EVENT_FILE_DNSTAP; f++)
        if (strcmp(name, tk_event_file_format_name((enum tk_event_file_format)f)) == 0) {
            *out = (enum tk_event_file_format)f;
            return 0;
        }
    return -1;
}

static int run_convert(const struct events_args *a, enum tk_event_file_format format,
                       FILE *stdout_stream)
{
    struct tk_atomic_file file = {0};
    struct tk_event_writer *w;
    struct tk_error err = {0};
    int to_file = a->out != NULL;
    if (to_file && tk_atomic_open(&file, a->out, &err) != TK_OK)
        return cli_fail(&err);
    FILE *out = to_file ? file.fp : stdout_stream;
    if (tk_event_writer_open(out, format, &w, &err) != TK_OK) {
        if (to_file)
            tk_atomic_abort(&file);
        return cli_fail(&err);
    }
    int rc = read_all(a, write_event, w);
    uint64_t skipped = tk_event_writer_skipped(w);
    if (tk_event_writer_close(w, &err) != TK_OK && rc == EXIT_OK)
        rc = cli_fail(&err);
    if (to_file) {
        if (rc == EXIT_OK && tk_atomic_commit(&file, &err) != TK_OK)
            rc = cli_fail(&err);
        else if (rc != EXIT_OK)
            tk_atomic_abort(&file);
    }
    if (skipped)
        cli_error("events: note: %" PRIu64 " events skipped (%s holds DNS events only)", skipped,
                  tk_event_file_format_name(format));
    return rc;
}

static int add_to_stats(void *ctx, const struct tk_event *ev, const char *sensor,
                        struct tk_error *err)
{
    (void)sensor;
    return tk_event_stats_add(ctx, ev, err);
}

static void format_time(int64_t sec, char out[32])
{
    time_t t = (time_t)sec;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void print_stats_text(const struct tk_event_stats *s, FILE *out)
{
    char first[32] = "-", last[32] = "-";
    if (s->events) {
        format_time(s->first_sec, first);
        format_time(s->last_sec, last);
    }
    fprintf(out, "events %" PRIu64 ": dns %" PRIu64 ", http %" PRIu64 ", tcp %" PRIu64
                 ", smtp %" PRIu64 " (through a PROXY header: %" PRIu64 ")\n",
            s->events, s->by_protocol[1], s->by_protocol[2], s->by_protocol[3], s->by_protocol[4],
            s->proxied);
    fprintf(out, "time %s .. %s\n", first, last);
    fprintf(out, "clients %zu distinct addresses\n", s->clients.count);
    fprintf(out, "families");
    for (size_t i = 0; i <= s->family_count && i <= TK_STATS_FAMILIES; i++)
        if (s->families[i].events)
            fprintf(out, " %s %" PRIu64, s->families[i].name[0] ? s->families[i].name : "untagged",
                    s->families[i].events);
    fprintf(out, "\ndns NOERROR %" PRIu64 ", NXDOMAIN %" PRIu64 ", REFUSED %" PRIu64
                 ", other %" PRIu64 ", dropped %" PRIu64 "\n",
            s->dns_rcode[0], s->dns_rcode[3], s->dns_rcode[5],
            s->dns_rcode[1] + s->dns_rcode[2] + s->dns_rcode[4], s->dns_dropped);
    fprintf(out, "http 2xx %" PRIu64 ", 4xx %" PRIu64 ", 5xx %" PRIu64 ", no response %" PRIu64
                 ", body bytes %" PRIu64 "\n",
            s->http_status_2xx, s->http_status_4xx, s->http_status_5xx, s->http_status_none,
            s->http_body_bytes);
    fprintf(out, "smtp messages %" PRIu64 " accepted (%" PRIu64 " bytes) from %zu bots, %" PRIu64
                 " refused or aborted, %" PRIu64 " sessions without a message\n",
            s->smtp_accepted, s->smtp_bytes, s->smtp_clients.count, s->smtp_rejected,
            s->smtp_sessions_without_message);
    fprintf(out, "smtp recipients %" PRIu64 ", distinct %zu\n", s->smtp_recipients,
            s->recipients.count);
    fprintf(out, "tcp sessions %" PRIu64 ", bytes %" PRIu64 "\n", s->tcp_sessions, s->tcp_bytes);
}

static void print_stats_json(const struct tk_event_stats *s, FILE *out)
{
    char first[32] = "", last[32] = "";
    if (s->events) {
        format_time(s->first_sec, first);
        format_time(s->last_sec, last);
    }
    fprintf(out, "{\"events\":%" PRIu64 ",\"dns\":%" PRIu64 ",\"http\":%" PRIu64 ",\"tcp\":%" PRIu64
                 ",\"smtp\":%" PRIu64 ",\"proxied\":%" PRIu64 ",\"first\":",
            s->events, s->by_protocol[1], s->by_protocol[2], s->by_protocol[3], s->by_protocol[4],
            s->proxied);
    json_string(out, s->events ? first : NULL);
    fputs(",\"last\":", out);
    json_string(out, s->events ? last : NULL);
    fprintf(out, ",\"clients\":%zu,\"families\":{", s->clients.count);
    int comma = 0;
    for (size_t i = 0; i <= s->family_count && i <= TK_STATS_FAMILIES; i++) {
        if (s->families[i].events == 0)
            continue;
        fputs(comma ? "," : "", out);
        json_string(out, s->families[i].name[0] ? s->families[i].name : "untagged");
        fprintf(out, ":%" PRIu64, s->families[i].events);
        comma = 1;
    }
    fprintf(out, "},\"dns_rcodes\":{\"NOERROR\":%" PRIu64 ",\"FORMERR\":%" PRIu64
                 ",\"SERVFAIL\":%" PRIu64 ",\"NXDOMAIN\":%" PRIu64 ",\"NOTIMP\":%" PRIu64
                 ",\"REFUSED\":%" PRIu64 "},\"dns_dropped\":%" PRIu64,
            s->dns_rcode[0], s->dns_rcode[1], s->dns_rcode[2], s->dns_rcode[3], s->dns_rcode[4],
            s->dns_rcode[5], s->dns_dropped);
    fprintf(out, ",\"http_status\":{\"2xx\":%" PRIu64 ",\"4xx\":%" PRIu64 ",\"5xx\":%" PRIu64
                 ",\"none\":%" PRIu64 "},\"http_body_bytes\":%" PRIu64,
            s->http_status_2xx, s->http_status_4xx, s->http_status_5xx, s->http_status_none,
            s->http_body_bytes);
    fprintf(out, ",\"smtp_messages\":%" PRIu64 ",\"smtp_bytes\":%" PRIu64 ",\"smtp_bots\":%zu"
                 ",\"smtp_refused\":%" PRIu64 ",\"smtp_sessions_without_message\":%" PRIu64
                 ",\"smtp_recipients\":%" PRIu64 ",\"smtp_distinct_recipients\":%zu",
            s->smtp_accepted, s->smtp_bytes, s->smtp_clients.count, s->smtp_rejected,
            s->smtp_sessions_without_message, s->smtp_recipients, s->recipients.count);
    fprintf(out, ",\"tcp_sessions\":%" PRIu64 ",\"tcp_bytes\":%" PRIu64 "}\n", s->tcp_sessions,
            s->tcp_bytes);
}

int cmd_events(int argc, char **argv, FILE *out)
{
    struct events_args a = {0};
    if (argc < 2 || cli_is_help(argv[1])) {
        events_usage(argc < 2 ? stderr : out);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    const char *action = argv[1];
    for (int i = 2; i < argc; i++)
        if (cli_is_help(argv[i])) {
            events_usage(out);
            return EXIT_OK;
        }
    if (strcmp(action, "cat") != 0 && strcmp(action, "convert") != 0
        && strcmp(action, "stats") != 0) {
        cli_error("events: unknown action '%s' (expected cat, convert or stats)", action);
        return EXIT_USAGE;
    }
    int rc = parse_args(argc, argv, 2, &a);
    if (rc != EXIT_OK)
        return rc;
    if (strcmp(action, "stats") == 0) {
        struct tk_event_stats stats;
        tk_event_stats_init(&stats);
        rc = read_all(&a, add_to_stats, &stats);
        if (a.json)
            print_stats_json(&stats, out);
        else
            print_stats_text(&stats, out);
        tk_event_stats_free(&stats);
        return rc;
    }
    enum tk_event_file_format format = TK_EVENT_FILE_JSONL;
    if (strcmp(action, "convert") == 0) {
        if (a.to == NULL || parse_format(a.to, &format) != 0) {
            cli_error("events: convert: --to expects jsonl, binary or dnstap");
            return EXIT_USAGE;
        }
    } else if (a.to || a.out) {
        cli_error("events: cat writes JSON lines to standard output (use convert for files)");
        return EXIT_USAGE;
    }
    return run_convert(&a, format, out);
}
