/* p2p_obs.h - peer-list observations as a crawler or a sensor writes them.
 *
 * One observation says that at some time a bot (the reporter) listed another bot (the peer)
 * in its peer list. Two line formats are read, and may be mixed in one file:
 *
 *   CSV:        TIME,REPORTER,PEER[,SOURCE]
 *   JSON lines: {"time":TIME,"reporter":"ADDR:PORT","peer":"ADDR:PORT","source":"crawler"}
 *
 * TIME is Unix seconds (a fraction is dropped) or ISO 8601 UTC (2017-05-01T12:00:00Z).
 * REPORTER and PEER are 192.0.2.1:443 or [2001:db8::1]:443. An empty PEER (or JSON null)
 * records that the reporter was seen with no peer. SOURCE is "crawler" (we connected to the
 * reporter: it was reached directly, the default) or "sensor" (the reporter connected to our
 * sensor: it may sit behind NAT). A first field "time" marks a header line; '#' lines and
 * blank lines are skipped. docs/p2p.md has the full description. */
#ifndef TAKEDOWN_P2P_OBS_H
#define TAKEDOWN_P2P_OBS_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/error.h"

/* An IPv4 or IPv6 address and a port; IPv4 is kept in the first 4 bytes of addr, the rest
 * zero, so that two equal endpoints are equal byte for byte. An IPv4-mapped IPv6 address
 * (::ffff:a.b.c.d) is read as IPv4. */
struct tk_endpoint {
    uint8_t addr[16];
    uint16_t port;
    uint8_t family; /* 4 or 6 */
    uint8_t unused;
};

/* Longest text tk_endpoint_format writes, with its NUL: "[" IPv6 "]:" port. */
#define TK_ENDPOINT_TEXT_MAX 56

enum tk_obs_source { TK_OBS_CRAWLER = 0, TK_OBS_SENSOR = 1 };

struct tk_observation {
    int64_t time;
    struct tk_endpoint reporter;
    struct tk_endpoint peer;
    int has_peer;
    enum tk_obs_source source;
};

/* Parses "ADDR:PORT" or "[IPV6]:PORT" of len bytes. Returns TK_OK or TK_ERR_DATA. */
int tk_endpoint_parse(const char *text, size_t len, struct tk_endpoint *ep);
/* Writes the endpoint as text (at most TK_ENDPOINT_TEXT_MAX bytes with the NUL); returns
 * its length. */
size_t tk_endpoint_format(const struct tk_endpoint *ep, char *buf, size_t size);

/* Parses one line without its newline. Returns TK_OK with *skip set for a blank, comment or
 * header line, TK_OK with the observation, or TK_ERR_DATA with a message saying what was
 * expected (the caller adds file and line). */
int tk_obs_parse_line(const char *line, size_t len, struct tk_observation *obs, int *skip,
                      struct tk_error *err);

/* Writes t as ISO 8601 UTC, "2017-05-01T00:00:00Z", the form outputs use. */
void tk_obs_format_time(int64_t t, char out[32]);

/* A streaming reader of one observation file: plain, gzip or zstd (through tk_input), "-"
 * for standard input. Lines of any number fit; a line longer than TK_OBS_LINE_MAX is malformed. */
#define TK_OBS_LINE_MAX 65536

struct tk_obs_reader;

int tk_obs_reader_open(struct tk_obs_reader **out, const char *path, struct tk_error *err);
/* The next observation. Returns TK_OK with obs filled; TK_ERR_DATA for a malformed row, with
 * "FILE:LINE: expected ..." in err (reading may go on with the next call); TK_ERR_STOP at
 * the end of the input; TK_ERR_IO when the file cannot be read (reading must stop). */
int tk_obs_reader_next(struct tk_obs_reader *r, struct tk_observation *obs,
                       struct tk_error *err);
/* The line number of the row last returned, and bytes read so far (compressed bytes for a
 * compressed file), for progress displays. */
uint64_t tk_obs_reader_line(const struct tk_obs_reader *r);
uint64_t tk_obs_reader_offset(const struct tk_obs_reader *r);
void tk_obs_reader_close(struct tk_obs_reader *r);

#endif
