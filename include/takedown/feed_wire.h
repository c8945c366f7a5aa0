/* feed_wire.h - what the feed reads off the wire and signs: zone transfer and SOA requests
 * (RFC 5936 AXFR, RFC 1995 IXFR), NOTIFY responses (RFC 1996), TSIG records and keys
 * (RFC 8945, HMAC-SHA256), and the key file in BIND's format.
 *
 * Every reader is bounds-checked and treats every byte as hostile; the message header and
 * question are read by the one reader of include/takedown/dns_message.h. */
#ifndef TAKEDOWN_FEED_WIRE_H
#define TAKEDOWN_FEED_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/dns_message.h"
#include "takedown/dns_wire.h"
#include "takedown/error.h"

/* Beside those of dns_wire.h. */
enum {
    TK_DNS_TYPE_CNAME = 5,
    TK_DNS_TYPE_TSIG = 250,
    TK_DNS_CLASS_ANY = 255,
    TK_DNS_OPCODE_QUERY = 0,
    TK_DNS_OPCODE_NOTIFY = 4,
    TK_DNS_RCODE_NOTAUTH = 9,
    TK_TSIG_BADSIG = 16,
    TK_TSIG_BADKEY = 17,
    TK_TSIG_BADTIME = 18,
    TK_TSIG_MAC_MAX = 64,
    TK_DNS_NAME_WIRE_MAX = 256
};

/* A TSIG record as read from a message. Names are in canonical wire form (lower case,
 * uncompressed). mac and other point into the message. */
struct tk_tsig_record {
    uint8_t key_name[TK_DNS_NAME_WIRE_MAX];
    size_t key_name_len;
    uint8_t algorithm[TK_DNS_NAME_WIRE_MAX];
    size_t algorithm_len;
    uint64_t time_signed;      /* 48 bits */
    uint16_t fudge;
    const uint8_t *mac;
    uint16_t mac_len;
    uint16_t original_id;
    uint16_t error;
    const uint8_t *other;
    uint16_t other_len;
    size_t start;              /* offset of the record in the message */
};

/* A request to the feed, as read. */
struct tk_feed_request {
    struct tk_dns_header header;
    struct tk_dns_question question;
    unsigned opcode;
    int is_response;           /* QR set (a NOTIFY's answer) */
    int has_serial;            /* IXFR: the serial of the SOA in the authority section */
    uint32_t serial;
    int has_tsig;
    struct tk_tsig_record tsig;
};

enum tk_feed_request_status {
    TK_FEED_REQUEST_OK = 0,
    TK_FEED_REQUEST_UNREADABLE,  /* no header, no question, or a bad question */
    TK_FEED_REQUEST_BAD_RECORD,  /* a record after the question runs past the end */
    TK_FEED_REQUEST_BAD_SOA,     /* an IXFR whose authority section holds no readable SOA */
    TK_FEED_REQUEST_BAD_TSIG     /* a TSIG record that is malformed or not the last record */
};

/* Reads msg[0..len) into r. header is filled whenever there is one. */
enum tk_feed_request_status tk_feed_request_read(const uint8_t *msg, size_t len,
                                                 struct tk_feed_request *r);
const char *tk_feed_request_problem(enum tk_feed_request_status status);

/* Reads the TSIG record whose rdata is msg[rdata..rdata+rdlength) and whose owner name
 * starts at msg[start]. Returns 0 or -1 when it is malformed. */
int tk_tsig_record_read(const uint8_t *msg, size_t len, size_t start, size_t rdata,
                        uint16_t rdlength, struct tk_tsig_record *t);

/* A TSIG key (HMAC-SHA256). */
struct tk_tsig_key {
    char name[256];                     /* as written, without the final dot */
    uint8_t name_wire[TK_DNS_NAME_WIRE_MAX];
    size_t name_wire_len;
    uint8_t secret[128];
    size_t secret_len;
};

/* Reads a key file in BIND's format, `key "NAME" { algorithm hmac-sha256; secret "BASE64";
 * };`, from text (where = the file name, for messages: "FILE:LINE: expected ..."). The first
 * key is taken. */
int tk_tsig_key_parse(const char *text, size_t len, const char *where, struct tk_tsig_key *key,
                      struct tk_error *err);
int tk_tsig_key_load(const char *path, struct tk_tsig_key *key, struct tk_error *err);

/* Checks the TSIG record t of the request msg[0..len) with key at time now (seconds).
 * Returns 0 when it verifies, else TK_TSIG_BADKEY, TK_TSIG_BADSIG or TK_TSIG_BADTIME. */
int tk_tsig_verify(const struct tk_tsig_key *key, const uint8_t *msg, size_t len,
                   const struct tk_tsig_record *t, uint64_t now);

/* The signing state of a response stream: the MAC of the request, then of each message. */
struct tk_tsig_stream {
    const struct tk_tsig_key *key;
    uint8_t prior_mac[TK_TSIG_MAC_MAX];
    size_t prior_len;
    int messages;              /* signed so far: the first signs with all the variables */
    uint16_t original_id;
    uint16_t error;            /* 0, or TK_TSIG_BADTIME (other data: the server's time) */
};

/* Starts a response stream to the request whose TSIG record is t. */
void tk_tsig_stream_start(struct tk_tsig_stream *s, const struct tk_tsig_key *key,
                          const struct tk_tsig_record *t, uint16_t error);
/* Appends a TSIG record signing msg[0..*len) (as RFC 8945 5.3 says for the first and the
 * following messages of a response) and counts it in ARCOUNT. Returns 0, or -1 when it does
 * not fit in cap. */
int tk_tsig_sign(struct tk_tsig_stream *s, uint8_t *msg, size_t *len, size_t cap,
                 uint64_t now);
/* Appends the unsigned TSIG record of an error response (BADKEY, BADSIG: empty MAC) that
 * names the request's key and algorithm. */
int tk_tsig_append_error(const struct tk_tsig_record *t, uint16_t error, uint8_t *msg,
                         size_t *len, size_t cap, uint64_t now);

#endif
