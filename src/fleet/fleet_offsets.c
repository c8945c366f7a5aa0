/* fleet_offsets.c - the shipper's offsets file: where it stands in a sensor's logs, written
 * atomically (temporary file, fsync, rename) after ClickHouse accepted a batch, so that a
 * crash leaves either the old or the new state. The text is four lines:
 *
 *   takedown-fleet-offsets 1
 *   sensor SENSOR
 *   file events-20261128T150000Z.tkev
 *   position RECORDS FIRST_SEQ
 */
#include "takedown/fleet.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "takedown/atomic_file.h"
#include "takedown/read_file.h"

#define MAGIC "takedown-fleet-offsets 1"

/* A token without spaces or control bytes (a sensor id or a file name). */
static int plain_token(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)text[i] <= ' ' || text[i] == 0x7f || text[i] == '/')
            return 0;
    return 1;
}

static int parse_u64(const char *text, size_t len, uint64_t *out)
{
    uint64_t v = 0;
    if (len == 0 || len > 20)
        return -1;
    for (size_t i = 0; i < len; i++) {
        if (text[i] < '0' || text[i] > '9' || v > (UINT64_MAX - (uint64_t)(text[i] - '0')) / 10)
            return -1;
        v = v * 10 + (uint64_t)(text[i] - '0');
    }
    *out = v;
    return 0;
}

static int parse_line(const char *line, size_t len, unsigned number, struct tk_fleet_offsets *o)
{
    const char *space;
    uint64_t records, seq;

    switch (number) {
    case 1:
        return len == strlen(MAGIC) && memcmp(line, MAGIC, len) == 0 ? 0 : -1;
    case 2:
        if (len < 8 || len - 7 >= sizeof o->sensor || memcmp(line, "sensor ", 7) != 0
            || !plain_token(line + 7, len - 7))
            return -1;
        memcpy(o->sensor, line + 7, len - 7);
        o->sensor[len - 7] = '\0';
        return 0;
    case 3:
        if (len < 5 || len - 5 >= sizeof o->file || memcmp(line, "file ", 5) != 0
            || !plain_token(line + 5, len - 5))
            return -1;
        memcpy(o->file, line + 5, len - 5);
        o->file[len - 5] = '\0';
        return 0;
    case 4:
        if (len < 9 || memcmp(line, "position ", 9) != 0
            || (space = memchr(line + 9, ' ', len - 9)) == NULL
            || parse_u64(line + 9, (size_t)(space - line - 9), &records)
            || parse_u64(space + 1, (size_t)(line + len - space - 1), &seq)
            || seq > UINT64_MAX - records)
            return -1;
        o->records = records;
        o->first_seq = seq;
        return 0;
    }
    return -1;
}

int tk_fleet_offsets_parse(const char *text, size_t len, const char *name,
                           struct tk_fleet_offsets *o, struct tk_error *err)
{
    static const char *const expected[] = {
        "", "'" MAGIC "'", "'sensor ID'", "'file NAME'", "'position RECORDS FIRST_SEQ'",
        "the end of the file"};
    size_t pos = 0;
    unsigned line = 0;

    memset(o, 0, sizeof *o);
    while (pos < len) {
        const char *newline = memchr(text + pos, '\n', len - pos);
        size_t line_len = newline ? (size_t)(newline - text - pos) : len - pos;
        line++;
        if (newline == NULL || line > 4 || parse_line(text + pos, line_len, line, o))
            return tk_error_set(err, TK_ERR_DATA, "%s:%u: expected %s%s", name, line,
                                expected[line > 4 ? 5 : line],
                                newline == NULL && line <= 4 ? " ending in a newline" : "");
        pos += line_len + 1;
    }
    if (line != 4)
        return tk_error_set(err, TK_ERR_DATA, "%s:%u: expected %s", name, line + 1,
                            expected[line + 1]);
    return TK_OK;
}

int tk_fleet_offsets_load(const char *path, struct tk_fleet_offsets *o, struct tk_error *err)
{
    char sensor[sizeof o->sensor];
    char *text;
    size_t len;
    int rc;

    memcpy(sensor, o->sensor, sizeof sensor);
    if (access(path, F_OK) != 0 && errno == ENOENT) {
        memset(o, 0, sizeof *o);
        memcpy(o->sensor, sensor, sizeof sensor);
        return TK_OK;
    }
    if ((rc = tk_read_file(path, &text, &len, err)))
        return rc;
    rc = tk_fleet_offsets_parse(text, len, path, o, err);
    free(text);
    return rc;
}

int tk_fleet_offsets_save(const char *path, const struct tk_fleet_offsets *o,
                          struct tk_error *err)
{
    struct tk_atomic_file file;
    int rc = tk_atomic_open(&file, path, err);
    if (rc)
        return rc;
    fprintf(file.fp, MAGIC "\nsensor %s\nfile %s\nposition %llu %llu\n", o->sensor, o->file,
            (unsigned long long)o->records, (unsigned long long)o->first_seq);
    return tk_atomic_commit(&file, err);
}
