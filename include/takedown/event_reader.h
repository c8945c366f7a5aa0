/* event_reader.h - reading contacts (who reached a sinkhole or queried a DGA name, when,
 * with what tag) out of event logs of any format, one reader per format behind one
 * interface.
 *
 * Formats: the JSON lines the takedown sinkholes write (docs/EVENTS.md), dnstap files
 * (Frame Streams of dnstap protobuf messages, as BIND, Unbound, Knot and the takedown
 * sinkhole write them) and CSV of time,address[,tag] from anywhere else; each plain, gzip
 * or zstd (input.h). A reader streams: memory does not depend on the file's length.
 *
 * A record that cannot be read is counted and reported with its position (line or frame),
 * and reading goes on; a file cut inside a record reads to its last whole record and says
 * so. Adding a format is one file in src/ingest/ with a struct reader_ops
 * (src/ingest/reader_ops.h) and one line in the table of src/ingest/event_reader.c. */
#ifndef TAKEDOWN_EVENT_READER_H
#define TAKEDOWN_EVENT_READER_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/error.h"
#include "takedown/input.h"
#include "takedown/text_span.h"

/* Numbered like enum tk_event_protocol in event.h. */
enum tk_contact_protocol {
    TK_CONTACT_UNKNOWN = 0,
    TK_CONTACT_DNS = 1,
    TK_CONTACT_HTTP = 2,
    TK_CONTACT_TCP = 3,
    TK_CONTACT_SMTP = 4
};

#define TK_CONTACT_MAX_RECIPIENTS 1024

struct tk_contact {
    int64_t time_sec;     /* UTC */
    uint32_t time_nsec;
    int addr_family;      /* 4 or 6 */
    uint8_t addr[16];     /* the source: the bot, or the resolver that asked for it */
    uint16_t port;        /* 0 when not known */
    uint8_t protocol;     /* enum tk_contact_protocol */
    struct tk_text name;  /* the name asked for; empty when not known */
    struct tk_text family, variant, seed; /* the name's DGA tag; empty family: none */
    /* 1: a DNS query an authoritative server received (a sinkhole's DNS events, dnstap
     * AUTH_*): its source is a resolver, or a host asking without one; 0: a resolver's own
     * client (dnstap CLIENT_*), an HTTP, TCP or SMTP contact, or CSV. */
    uint8_t authoritative;
    int ecs_family;       /* 4 or 6: the EDNS Client Subnet a DNS query carried; 0: none */
    uint8_t ecs_prefix;   /* its source prefix length */
    uint8_t ecs_addr[16]; /* its address (the bits past the prefix are zero) */
    uint32_t messages;    /* SMTP messages in this contact, else 0 */
    const struct tk_text *recipients; /* SMTP recipients (at most TK_CONTACT_MAX_RECIPIENTS) */
    size_t recipient_count;
};

enum tk_event_format {
    TK_EVENTS_AUTO,   /* from the first bytes: Frame Streams, '{', else CSV */
    TK_EVENTS_JSONL,
    TK_EVENTS_CSV,
    TK_EVENTS_DNSTAP,
    TK_EVENTS_BINARY  /* the sinkhole's binary log: Frame Streams of takedown.Event */
};

/* "auto", "jsonl", "csv", "dnstap", "binary". */
int tk_event_format_parse(const char *name, enum tk_event_format *out, struct tk_error *err);

enum tk_read_result {
    TK_READ_CONTACT,  /* *contact is filled */
    TK_READ_BAD,      /* a record was unreadable: err says where and why; read on */
    TK_READ_END,      /* no more records */
    TK_READ_FAILED    /* reading cannot go on (I/O error, corrupt compression): err says why */
};

struct tk_event_reader_stats {
    uint64_t records;   /* lines or frames seen */
    uint64_t contacts;  /* records that gave a contact */
    uint64_t bad;       /* unreadable records */
    uint64_t skipped;   /* records that are not contacts: comments, headers, a server's own queries */
    int truncated;      /* the file ends inside a record */
    char truncation[256]; /* what was cut, when truncated */
};

struct tk_event_reader;

/* Opens path ("-": standard input). TK_ERR_IO when it cannot be read, TK_ERR_DATA when it
 * is not of the format asked for. */
int tk_event_reader_open(struct tk_event_reader **out, const char *path,
                         enum tk_event_format format, struct tk_error *err);
/* The same over an open input, which the reader then owns. */
int tk_event_reader_open_input(struct tk_event_reader **out, struct tk_input *in,
                               enum tk_event_format format, struct tk_error *err);
enum tk_read_result tk_event_reader_next(struct tk_event_reader *r, struct tk_contact *contact,
                                         struct tk_error *err);
/* From now on decodes on a thread of its own, a few thousand contacts ahead of the caller,
 * so that reading and what the caller does with the contacts use two cores. Contacts, bad
 * records and the end come as before and in the same order; the input is the thread's. */
int tk_event_reader_read_ahead(struct tk_event_reader *r, struct tk_error *err);
/* Bytes of the file read so far, for progress (when reading ahead, as of the batch the last
 * contact came in). */
uint64_t tk_event_reader_consumed(const struct tk_event_reader *r);
/* The counts so far (when reading ahead, as of the batch the last contact came in); final
 * after TK_READ_END or TK_READ_FAILED. */
const struct tk_event_reader_stats *tk_event_reader_stats(const struct tk_event_reader *r);
/* "jsonl", "csv", "dnstap" or "binary". */
const char *tk_event_reader_format(const struct tk_event_reader *r);
const struct tk_input *tk_event_reader_input(const struct tk_event_reader *r);
void tk_event_reader_close(struct tk_event_reader *r);

#endif
