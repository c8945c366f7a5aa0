/* dns_message.h - the one reader of a DNS message's header and question (RFC 1035 4.1.1 and
 * 4.1.2) and of its EDNS(0) OPT record with Client Subnet (RFC 6891, RFC 7871), for every
 * part that takes DNS messages off the wire or out of a log: the sinkhole's queries, the
 * DNS messages inside dnstap records (report, match, events).
 *
 * Pure and bounds-checked: every length is checked against the message before it is read,
 * and a compression pointer in the question name is refused rather than followed (there is
 * nothing before the question to point at), so pointer loops cannot exist. */
#ifndef TAKEDOWN_DNS_MESSAGE_H
#define TAKEDOWN_DNS_MESSAGE_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/error.h"

enum {
    TK_DNS_HEADER = 12,
    TK_DNS_NAME_TEXT_MAX = 1024,
    TK_DNS_TYPE_OPT = 41,
    TK_DNS_OPT_ECS = 8
};

struct tk_dns_header {
    uint16_t id;
    uint16_t flags;          /* QR, opcode, AA, TC, RD, RA, Z, AD, CD and RCODE as received */
    uint16_t qdcount;
    uint16_t ancount;
    uint16_t nscount;
    uint16_t arcount;
};

struct tk_dns_question {
    char name[256];          /* lower case, dotted, no trailing dot; "" for the root */
    uint8_t name_len;        /* length of name */
    int name_plain;          /* 0 when a label holds a '.' (so name is not the labels) */
    uint16_t qtype;
    uint16_t qclass;
    size_t len;              /* wire bytes of the question: name, type and class */
};

/* What the reader made of a message. */
enum tk_dns_read_status {
    TK_DNS_READ_OK = 0,
    TK_DNS_READ_NO_HEADER,   /* shorter than the 12-byte header */
    TK_DNS_READ_NO_QUESTION, /* QDCOUNT is 0 */
    TK_DNS_READ_NAME_CUT,    /* the question name runs past the message */
    TK_DNS_READ_LABEL_TYPE,  /* a compression pointer or an obsolete label type in the name */
    TK_DNS_READ_NAME_LONG,   /* a name longer than 255 bytes on the wire */
    TK_DNS_READ_NO_TYPE,     /* the message ends before the question's type and class */
    TK_DNS_READ_RECORD_CUT,  /* a record after the question runs past the message */
    TK_DNS_READ_BAD_OPT      /* a second OPT record, one not owned by the root, or a malformed
                                option or Client Subnet */
};

/* The OPT record of a message. */
struct tk_dns_edns {
    int present;             /* the message has one */
    uint16_t udp;            /* the sender's buffer size as sent */
    uint8_t version;
    int dnssec_ok;
    int has_ecs;             /* it holds a well-formed Client Subnet */
    uint8_t ecs_family;      /* 1 IPv4, 2 IPv6 */
    uint8_t ecs_source;      /* the source prefix length */
    uint8_t ecs_scope;       /* the scope prefix length (0 in a query) */
    uint8_t ecs_addr[16];    /* the address bytes sent, zero-padded */
};

/* Reads the header of msg[0..len) into h and, when QDCOUNT is not 0, its first question
 * into q. h is filled whenever there is a header; q->name is "" unless the name was read. */
enum tk_dns_read_status tk_dns_read_question(const uint8_t *msg, size_t len,
                                             struct tk_dns_header *h,
                                             struct tk_dns_question *q);

/* Moves *pos past the name at msg[*pos] (labels, or labels ending in a compression
 * pointer, which is not followed). Returns 0, or -1 when the name runs past len or uses an
 * obsolete label type. For walking the records after the question. */
int tk_dns_skip_name(const uint8_t *msg, size_t len, size_t *pos);

/* Reads the OPT record among the records count records that start at msg[pos] (the
 * records after the question) into e, which is emptied first and filled as far as the
 * reader got. A Client Subnet's address must be as long as its source prefix says. */
enum tk_dns_read_status tk_dns_read_edns(const uint8_t *msg, size_t len, size_t pos,
                                         unsigned count, struct tk_dns_edns *e);

/* One resource record after the question: where it starts, its type, class, TTL and where
 * its data lie. */
struct tk_dns_record {
    size_t start;            /* offset of its owner name */
    uint16_t type;
    uint16_t rclass;
    uint32_t ttl;
    size_t rdata;            /* offset of its data */
    uint16_t rdlength;
};

/* Reads the record at msg[*pos] (owner name skipped as tk_dns_skip_name does) into r and
 * moves *pos past it. Returns 0, or -1 when the record runs past len. For the records of
 * zone transfer requests (the SOA of an IXFR, TSIG). */
int tk_dns_read_record(const uint8_t *msg, size_t len, size_t *pos, struct tk_dns_record *r);

/* Why a message could not be read, as the end of a sentence ("has no question"). */
const char *tk_dns_read_problem(enum tk_dns_read_status status);

/* The question name of msg, which tk_dns_read_question read as q, in presentation form as
 * sent (case kept, bytes other than letters, digits, '-' and '_' as \DDD, "." for the
 * root) into out. Returns its length. */
size_t tk_dns_name_text(const uint8_t *msg, const struct tk_dns_question *q,
                        char out[TK_DNS_NAME_TEXT_MAX]);

/* tk_dns_read_question and tk_dns_name_text in one, for readers of logs: the question name
 * as text into out, its length and type, or TK_ERR_DATA saying what is wrong. */
int tk_dns_question(const uint8_t *msg, size_t len, char out[TK_DNS_NAME_TEXT_MAX],
                    size_t *out_len, uint16_t *qtype, struct tk_error *err);

#endif
