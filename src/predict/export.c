/* export.c - writers for lists, CSV, JSON lines, RPZ, Unbound, dnsmasq and hosts files
 * (see include/takedown/export.h). */
#include "takedown/export.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "takedown/domain.h"
#include "takedown/text.h"

struct tk_writer {
    FILE *out;
    struct tk_export_options options; /* its text fields point at the two below */
    char sinkhole_ip[INET6_ADDRSTRLEN];
    char rpz_origin[TK_EXPORT_NAME_MAX + 2];
    uint64_t written;
    uint64_t skipped;
};

static const char *const format_names[] = {"list", "csv", "jsonl", "rpz", "unbound", "dnsmasq",
                                           "hosts"};
static const char *const format_extensions[] = {"txt", "csv", "jsonl", "rpz", "conf", "conf",
                                                "hosts"};

int tk_format_parse(const char *name, enum tk_format *out, struct tk_error *err)
{
    for (size_t i = 0; i < sizeof format_names / sizeof *format_names; i++) {
        if (strcmp(name, format_names[i]) == 0) {
            *out = (enum tk_format)i;
            return TK_OK;
        }
    }
    return tk_error_set(err, TK_ERR_USAGE,
                        "unknown format '%s' (expected list, csv, jsonl, rpz, unbound, dnsmasq "
                        "or hosts)", name);
}

const char *tk_format_name(enum tk_format format)
{
    return format_names[format];
}

const char *tk_format_extension(enum tk_format format)
{
    return format_extensions[format];
}

int tk_format_is_blocklist(enum tk_format format)
{
    return format >= TK_FORMAT_RPZ;
}

/* The sinkhole address in its canonical text (inet_ntop's), into out. */
static int canonical_address(const char *text, char out[INET6_ADDRSTRLEN], struct tk_error *err)
{
    unsigned char addr[16];
    int family = strchr(text, ':') ? AF_INET6 : AF_INET;
    if (inet_pton(family, text, addr) != 1 || !inet_ntop(family, addr, out, INET6_ADDRSTRLEN))
        return tk_error_set(err, TK_ERR_USAGE, "--sinkhole-ip: expected an IPv4 or IPv6 "
                            "address, got '%.64s'", text);
    return TK_OK;
}

/* The RPZ origin as an absolute lower-case name ("rpz.takedown."), into out. */
static int canonical_origin(const char *text, char out[TK_EXPORT_NAME_MAX + 2],
                            struct tk_error *err)
{
    size_t len = strlen(text);
    if (len > 1 && text[len - 1] == '.')
        len--;
    if (len > TK_EXPORT_NAME_MAX || !tk_domain_is_hostname(text, len))
        return tk_error_set(err, TK_ERR_USAGE, "--rpz-origin: expected a domain name of "
                            "letters, digits, '-' and '_' (at most %d bytes), got '%.64s'",
                            TK_EXPORT_NAME_MAX, text);
    tk_domain_lower(text, len, out);
    out[len] = '.';
    out[len + 1] = '\0';
    return TK_OK;
}

int tk_export_options_check(const struct tk_export_options *options, struct tk_error *err)
{
    char ip[INET6_ADDRSTRLEN], origin[TK_EXPORT_NAME_MAX + 2];
    int rc;
    if (options->sinkhole_ip && (rc = canonical_address(options->sinkhole_ip, ip, err)))
        return rc;
    if (options->rpz_origin && (rc = canonical_origin(options->rpz_origin, origin, err)))
        return rc;
    if (options->ttl > TK_EXPORT_TTL_MAX)
        return tk_error_set(err, TK_ERR_USAGE, "the TTL: expected 0 to %d seconds, got %" PRIu32,
                            TK_EXPORT_TTL_MAX, options->ttl);
    return TK_OK;
}

static void write_json_string(FILE *out, const char *s, size_t len)
{
    putc('"', out);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c < 0x20 || c == 0x7f)
            fprintf(out, "\\u%04x", c);
        else
            putc(c, out);
    }
    putc('"', out);
}

/* A CSV field per RFC 4180: quoted when it holds a comma, quote or line break. */
static void write_csv_field(FILE *out, const char *s, size_t len)
{
    size_t plain = 0;
    while (plain < len && s[plain] != ',' && s[plain] != '"' && s[plain] != '\r' && s[plain] != '\n')
        plain++;
    if (plain == len) {
        fwrite(s, 1, len, out);
        return;
    }
    putc('"', out);
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"')
            putc('"', out);
        putc(s[i], out);
    }
    putc('"', out);
}

/* One comment line "MARK LABEL: TEXT". Text comes from the command line (file names, seed
 * values): control bytes are written as \xNN, so that it cannot end the comment and start
 * a record or a directive. */
static void write_comment(FILE *out, const char *mark, const char *label, const char *text)
{
    fprintf(out, "%s %s: ", mark, label);
    tk_text_put_escaped(out, text);
    putc('\n', out);
}

static void write_comment_header(struct tk_writer *w, const char *mark,
                                 const struct tk_export_header *h)
{
    char from[11], to[11], when[32], window[64];
    struct tm tm;

    gmtime_r(&h->generated, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    fprintf(w->out, "%s generated by takedown at %s\n", mark, when);
    write_comment(w->out, mark, "families", h->families ? h->families : "");
    if (h->seeds && *h->seeds)
        write_comment(w->out, mark, "seeds", h->seeds);
    if (h->from <= h->to) {
        tk_day_format(h->from, from);
        tk_day_format(h->to, to);
        snprintf(window, sizeof window, "%s to %s (UTC days)", from, to);
        write_comment(w->out, mark, "window", window);
    }
    if (h->scope)
        write_comment(w->out, mark, "scope", h->scope);
}

int tk_writer_open(FILE *out, const struct tk_export_options *options,
                   const struct tk_export_header *header, struct tk_writer **writer,
                   struct tk_error *err)
{
    struct tk_writer *w;
    int rc = tk_export_options_check(options, err);
    if (rc)
        return rc;
    if ((w = calloc(1, sizeof *w)) == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    w->out = out;
    w->options = *options;
    /* Only the canonical forms are written: the checks above cannot fail here. */
    if (options->sinkhole_ip) {
        canonical_address(options->sinkhole_ip, w->sinkhole_ip, NULL);
        w->options.sinkhole_ip = w->sinkhole_ip;
    }
    canonical_origin(options->rpz_origin ? options->rpz_origin : "rpz.takedown.", w->rpz_origin,
                     NULL);
    w->options.rpz_origin = w->rpz_origin;
    if (w->options.ttl == 0)
        w->options.ttl = 300;

    switch (options->format) {
    case TK_FORMAT_LIST:
        if (header->scope)
            write_comment_header(w, "#", header);
        break;
    case TK_FORMAT_CSV:
        write_comment_header(w, "#", header);
        fputs("domain,family,variant,seed,first_date,last_date\n", out);
        break;
    case TK_FORMAT_JSONL:
        break;
    case TK_FORMAT_RPZ:
        write_comment_header(w, ";", header);
        fprintf(out, "$ORIGIN %s\n$TTL %" PRIu32 "\n", w->options.rpz_origin, w->options.ttl);
        /* The serial is the generation time: newer files always have larger serials, so
         * secondaries transfer them, and it fits the 32-bit field until 2106. */
        fprintf(out, "@ IN SOA localhost. hostmaster.localhost. %" PRIu32 " 3600 600 604800 %" PRIu32 "\n",
                (uint32_t)header->generated, w->options.ttl);
        fputs("@ IN NS localhost.\n", out);
        break;
    case TK_FORMAT_UNBOUND:
        write_comment_header(w, "#", header);
        fputs("server:\n", out);
        break;
    case TK_FORMAT_DNSMASQ:
    case TK_FORMAT_HOSTS:
        write_comment_header(w, "#", header);
        break;
    }
    *writer = w;
    return TK_OK;
}

/* The text of column col (0 family, 1 variant, 2 seed, 3 first, 4 last) of a tag. */
static const char *tag_field(const struct tk_tag *tag, int col, char day[11])
{
    switch (col) {
    case 0: return tag->family;
    case 1: return tag->variant;
    case 2: return tag->seed;
    case 3: tk_day_format(tag->first, day); return day;
    default: tk_day_format(tag->last, day); return day;
    }
}

/* One row per name: several tags are joined with '|', column by column, and the joined
 * column is quoted as one CSV field when it needs quoting. */
static void write_tags_csv(FILE *out, const struct tk_tag *tags, size_t ntags)
{
    char joined[4096];
    for (int col = 0; col < 5; col++) {
        size_t len = 0;
        for (size_t t = 0; t < ntags; t++) {
            char day[11];
            const char *v = tag_field(&tags[t], col, day);
            size_t n = strlen(v);
            if (len + n + 2 > sizeof joined)
                break; /* more tags than a field holds: the first ones are kept */
            if (t)
                joined[len++] = '|';
            memcpy(joined + len, v, n);
            len += n;
        }
        putc(',', out);
        write_csv_field(out, joined, len);
    }
}

static void write_tags_json(FILE *out, const struct tk_tag *tags, size_t ntags)
{
    fputs(",\"tags\":[", out);
    for (size_t t = 0; t < ntags; t++) {
        char first[11], last[11];
        tk_day_format(tags[t].first, first);
        tk_day_format(tags[t].last, last);
        fputs(t ? ",{\"family\":" : "{\"family\":", out);
        write_json_string(out, tags[t].family, strlen(tags[t].family));
        fputs(",\"variant\":", out);
        write_json_string(out, tags[t].variant, strlen(tags[t].variant));
        fputs(",\"seed\":", out);
        write_json_string(out, tags[t].seed, strlen(tags[t].seed));
        fprintf(out, ",\"first\":\"%s\",\"last\":\"%s\"}", first, last);
    }
    putc(']', out);
}

static int is_zone_special(unsigned char c)
{
    return c == ';' || c == '(' || c == ')' || c == '"' || c == '@' || c == '$' || c == '\\';
}

/* Writes name escaped for a zone file: characters with a meaning in master files
 * (RFC 1035 section 5.1) as \DDD. DGA names almost never have one, so the common case is
 * a single fwrite. */
static void write_zone_name(FILE *out, const char *name, size_t len)
{
    size_t i = 0;
    while (i < len && !is_zone_special((unsigned char)name[i]))
        i++;
    if (i == len) {
        fwrite(name, 1, len, out);
        return;
    }
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        if (is_zone_special(c))
            fprintf(out, "\\%03u", c);
        else
            putc(c, out);
    }
}

int tk_writer_name(struct tk_writer *w, const char *name, size_t len, const struct tk_tag *tags,
                   size_t ntags)
{
    FILE *out = w->out;
    char lower[256];
    const char *ip = w->options.sinkhole_ip;

    /* A name that is not a valid DNS name (some references emit empty labels, e.g.
     * qsnatch's "..com.bn") can be neither blocked nor served: every format leaves it out
     * and counts it. */
    if (!tk_domain_is_valid(name, len)) {
        w->skipped++;
        return TK_OK;
    }
    if (tk_format_is_blocklist(w->options.format)) {
        /* In RPZ the name sits below the zone's origin, and the whole must fit 253 bytes. */
        int ok = w->options.format == TK_FORMAT_RPZ
                     ? tk_domain_is_valid(name, len)
                           && len + 1 + strlen(w->options.rpz_origin) <= 254
                     : tk_domain_is_hostname(name, len);
        if (!ok) {
            w->skipped++;
            return TK_OK;
        }
        tk_domain_lower(name, len, lower);
        name = lower;
    }
    switch (w->options.format) {
    case TK_FORMAT_LIST:
        fwrite(name, 1, len, out);
        fwrite("\n", 1, 1, out);
        break;
    case TK_FORMAT_CSV:
        write_csv_field(out, name, len);
        if (ntags)
            write_tags_csv(out, tags, ntags);
        else
            fputs(",,,,,", out);
        putc('\n', out);
        break;
    case TK_FORMAT_JSONL:
        fputs("{\"domain\":", out);
        write_json_string(out, name, len);
        write_tags_json(out, tags, ntags);
        fputs("}\n", out);
        break;
    case TK_FORMAT_RPZ:
        write_zone_name(out, name, len);
        fwrite(" CNAME .\n", 1, 9, out);
        if (w->options.rpz_wildcard) {
            fwrite("*.", 1, 2, out);
            write_zone_name(out, name, len);
            fwrite(" CNAME .\n", 1, 9, out);
        }
        break;
    case TK_FORMAT_UNBOUND:
        if (ip)
            fprintf(out, "  local-zone: \"%.*s.\" redirect\n  local-data: \"%.*s. %s %s\"\n",
                    (int)len, name, (int)len, name, strchr(ip, ':') ? "AAAA" : "A", ip);
        else
            fprintf(out, "  local-zone: \"%.*s.\" always_nxdomain\n", (int)len, name);
        break;
    case TK_FORMAT_DNSMASQ:
        fprintf(out, "address=/%.*s/%s\n", (int)len, name, ip ? ip : "");
        break;
    case TK_FORMAT_HOSTS:
        fprintf(out, "%s %.*s\n", ip ? ip : "0.0.0.0", (int)len, name);
        break;
    }
    w->written++;
    return ferror(out) ? TK_ERR_IO : TK_OK;
}

int tk_writer_close(struct tk_writer *w, struct tk_error *err)
{
    int failed = fflush(w->out) != 0 || ferror(w->out);
    free(w);
    if (failed)
        return tk_error_set(err, TK_ERR_IO, "write failed");
    return TK_OK;
}

uint64_t tk_writer_written(const struct tk_writer *w)
{
    return w->written;
}

uint64_t tk_writer_skipped(const struct tk_writer *w)
{
    return w->skipped;
}
