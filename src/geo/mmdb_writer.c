/* mmdb_writer.c - MaxMind DB files written by hand: libmaxminddb only reads them, and the
 * maintained writers are Perl and Go libraries that Debian does not ship for C programs.
 * The layout follows the MaxMind DB format 2.0 specification: a binary search tree over
 * address bits, 16 zero bytes, the data section, then the metadata map after the marker
 * "\xAB\xCD\xEFMaxMind.com". */
#include "takedown/mmdb_writer.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "takedown/atomic_file.h"
#include "util/grow.h"

#define EMPTY UINT32_MAX
#define DATA_FLAG 0x80000000u

enum mmdb_type {
    MMDB_STRING = 2, MMDB_UINT16 = 5, MMDB_UINT32 = 6, MMDB_MAP = 7,
    MMDB_UINT64 = 9, MMDB_ARRAY = 11
};

struct tree_node {
    uint32_t record[2]; /* EMPTY, DATA_FLAG | record handle, or a node index */
};

struct buffer {
    uint8_t *bytes;
    size_t len, cap;
    int failed;
};

struct stored_record {
    size_t offset, len;
};

struct tk_mmdb_writer {
    char *database_type, *description;
    struct tree_node *nodes;
    size_t node_count, node_cap;
    struct buffer data;
    struct stored_record *records;
    size_t record_count, record_cap;
    uint32_t *record_slots; /* handle + 1, 0 empty */
    size_t slot_mask;
};

static void put_bytes(struct buffer *b, const void *p, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n)
            cap *= 2;
        uint8_t *grown = realloc(b->bytes, cap);
        if (grown == NULL) {
            b->failed = 1;
            return;
        }
        b->bytes = grown;
        b->cap = cap;
    }
    memcpy(b->bytes + b->len, p, n);
    b->len += n;
}

static void put_byte(struct buffer *b, uint8_t c)
{
    put_bytes(b, &c, 1);
}

/* A control byte: type in the top three bits (0 and an extra byte for types above 7), the
 * size in the low five, with 1-3 more bytes for sizes of 29 and up. */
static void put_control(struct buffer *b, enum mmdb_type type, size_t size)
{
    uint8_t size_bits = size < 29 ? (uint8_t)size : size < 285 ? 29 : size < 65821 ? 30 : 31;
    put_byte(b, (uint8_t)((type <= 7 ? type : 0) << 5 | size_bits));
    if (type > 7)
        put_byte(b, (uint8_t)(type - 7));
    if (size_bits == 29) {
        put_byte(b, (uint8_t)(size - 29));
    } else if (size_bits == 30) {
        put_byte(b, (uint8_t)((size - 285) >> 8));
        put_byte(b, (uint8_t)(size - 285));
    } else if (size_bits == 31) {
        put_byte(b, (uint8_t)((size - 65821) >> 16));
        put_byte(b, (uint8_t)((size - 65821) >> 8));
        put_byte(b, (uint8_t)(size - 65821));
    }
}

static void put_string(struct buffer *b, const char *s)
{
    size_t n = strlen(s);
    put_control(b, MMDB_STRING, n);
    put_bytes(b, s, n);
}

/* Unsigned integers take as few big-endian bytes as their value needs. */
static void put_uint(struct buffer *b, enum mmdb_type type, uint64_t value)
{
    uint8_t be[8];
    size_t n = 0;
    for (uint64_t v = value; v; v >>= 8)
        n++;
    for (size_t i = 0; i < n; i++)
        be[i] = (uint8_t)(value >> (8 * (n - 1 - i)));
    put_control(b, type, n);
    put_bytes(b, be, n);
}

struct tk_mmdb_writer *tk_mmdb_writer_new(const char *database_type, const char *description)
{
    struct tk_mmdb_writer *w = calloc(1, sizeof *w);
    if (w == NULL)
        return NULL;
    w->database_type = strdup(database_type);
    w->description = strdup(description ? description : "");
    w->node_cap = 1024;
    w->nodes = malloc(w->node_cap * sizeof *w->nodes);
    w->slot_mask = 255;
    w->record_slots = calloc(w->slot_mask + 1, sizeof *w->record_slots);
    if (!w->database_type || !w->description || !w->nodes || !w->record_slots) {
        tk_mmdb_writer_free(w);
        return NULL;
    }
    w->nodes[0].record[0] = w->nodes[0].record[1] = EMPTY;
    w->node_count = 1;
    return w;
}

void tk_mmdb_writer_free(struct tk_mmdb_writer *w)
{
    if (w == NULL)
        return;
    free(w->database_type);
    free(w->description);
    free(w->nodes);
    free(w->data.bytes);
    free(w->records);
    free(w->record_slots);
    free(w);
}

static uint64_t bytes_hash(const uint8_t *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3ull;
    return h;
}

static int grow_record_slots(struct tk_mmdb_writer *w)
{
    size_t mask = w->slot_mask * 2 + 1;
    uint32_t *slots = calloc(mask + 1, sizeof *slots);
    if (slots == NULL)
        return -1;
    for (size_t i = 0; i < w->record_count; i++) {
        const struct stored_record *r = &w->records[i];
        size_t at = bytes_hash(w->data.bytes + r->offset, r->len) & mask;
        while (slots[at])
            at = (at + 1) & mask;
        slots[at] = (uint32_t)i + 1;
    }
    free(w->record_slots);
    w->record_slots = slots;
    w->slot_mask = mask;
    return 0;
}

/* Keeps the record just serialised at data[start..len) unless an identical one exists, in
 * which case it is dropped again and the existing handle returned. */
static long keep_record(struct tk_mmdb_writer *w, size_t start)
{
    size_t len = w->data.len - start;
    const uint8_t *bytes = w->data.bytes + start;
    size_t at;

    if (w->data.failed)
        return -1;
    at = bytes_hash(bytes, len) & w->slot_mask;
    for (uint32_t slot; (slot = w->record_slots[at]) != 0; at = (at + 1) & w->slot_mask) {
        const struct stored_record *r = &w->records[slot - 1];
        if (r->len == len && memcmp(w->data.bytes + r->offset, bytes, len) == 0) {
            w->data.len = start;
            return (long)slot - 1;
        }
    }
    if (tk_grow((void **)&w->records, &w->record_cap, w->record_count + 1, sizeof *w->records))
        return -1;
    if (w->record_count >= DATA_FLAG - 1)
        return -1;
    w->records[w->record_count] = (struct stored_record){start, len};
    w->record_slots[at] = (uint32_t)w->record_count + 1;
    w->record_count++;
    if (w->record_count * 2 > w->slot_mask && grow_record_slots(w))
        return -1;
    return (long)w->record_count - 1;
}

long tk_mmdb_country_record(struct tk_mmdb_writer *w, const char *iso_code, const char *name)
{
    size_t start = w->data.len;
    put_control(&w->data, MMDB_MAP, 1);
    put_string(&w->data, "country");
    put_control(&w->data, MMDB_MAP, name ? 2 : 1);
    put_string(&w->data, "iso_code");
    put_string(&w->data, iso_code);
    if (name) {
        put_string(&w->data, "names");
        put_control(&w->data, MMDB_MAP, 1);
        put_string(&w->data, "en");
        put_string(&w->data, name);
    }
    return keep_record(w, start);
}

long tk_mmdb_asn_record(struct tk_mmdb_writer *w, uint32_t asn, const char *organisation)
{
    size_t start = w->data.len;
    put_control(&w->data, MMDB_MAP, 2);
    put_string(&w->data, "autonomous_system_number");
    put_uint(&w->data, MMDB_UINT32, asn);
    put_string(&w->data, "autonomous_system_organization");
    put_string(&w->data, organisation);
    return keep_record(w, start);
}

static long new_node(struct tk_mmdb_writer *w, uint32_t fill)
{
    if (w->node_count == w->node_cap) {
        struct tree_node *grown = realloc(w->nodes, 2 * w->node_cap * sizeof *grown);
        if (grown == NULL)
            return -1;
        w->nodes = grown;
        w->node_cap *= 2;
    }
    if (w->node_count >= DATA_FLAG - 1)
        return -1;
    w->nodes[w->node_count].record[0] = w->nodes[w->node_count].record[1] = fill;
    return (long)w->node_count++;
}

/* bits: the 128-bit address, most significant byte first. */
static int insert_bits(struct tk_mmdb_writer *w, const uint8_t bits[16], unsigned prefix_len,
                       long record, struct tk_error *err)
{
    size_t node = 0;
    for (unsigned depth = 0; depth < prefix_len; depth++) {
        unsigned bit = (bits[depth / 8] >> (7 - depth % 8)) & 1;
        uint32_t rec = w->nodes[node].record[bit];
        if (depth + 1 == prefix_len) {
            w->nodes[node].record[bit] = DATA_FLAG | (uint32_t)record;
            break;
        }
        if (rec != EMPTY && !(rec & DATA_FLAG)) {
            node = rec;
            continue;
        }
        /* Split: the new node inherits what covered this half (nothing, or a shorter
         * network's record), so that only the inserted network changes. */
        long child = new_node(w, rec);
        if (child < 0)
            return tk_error_set(err, TK_ERR_NOMEM, "out of memory for the database tree");
        w->nodes[node].record[bit] = (uint32_t)child;
        node = (size_t)child;
    }
    return TK_OK;
}

static void to_tree_address(int family, const uint8_t *addr, uint8_t out[16])
{
    memset(out, 0, 16);
    if (family == 4)
        memcpy(out + 12, addr, 4);
    else
        memcpy(out, addr, 16);
}

int tk_mmdb_insert(struct tk_mmdb_writer *w, int family, const uint8_t *addr,
                   unsigned prefix_len, long record, struct tk_error *err)
{
    uint8_t bits[16];
    unsigned max = family == 4 ? 32 : 128;
    if ((family != 4 && family != 6) || prefix_len == 0 || prefix_len > max)
        return tk_error_set(err, TK_ERR_USAGE, "network prefix /%u is out of range for IPv%d",
                            prefix_len, family);
    if (record < 0 || (size_t)record >= w->record_count)
        return tk_error_set(err, TK_ERR_USAGE, "no such database record");
    to_tree_address(family, addr, bits);
    return insert_bits(w, bits, family == 4 ? prefix_len + 96 : prefix_len, record, err);
}

int tk_mmdb_insert_range(struct tk_mmdb_writer *w, int family, const uint8_t *first,
                         const uint8_t *last, long record, struct tk_error *err)
{
    uint8_t a[16], b[16];
    unsigned __int128 lo = 0, hi = 0;
    /* Blocks of at most 2^127 addresses, so that the shifts below stay defined. */
    unsigned width = family == 4 ? 32 : 127;
    int rc;

    if (family != 4 && family != 6)
        return tk_error_set(err, TK_ERR_USAGE, "unknown address family %d", family);
    to_tree_address(family, first, a);
    to_tree_address(family, last, b);
    for (int i = 0; i < 16; i++) {
        lo = lo << 8 | a[i];
        hi = hi << 8 | b[i];
    }
    if (lo > hi)
        return tk_error_set(err, TK_ERR_DATA, "range ends before it starts");
    /* Cover [lo, hi] with the fewest aligned blocks: at each step the largest block that
     * starts at lo, is aligned to its size, and does not pass hi. */
    for (;;) {
        unsigned size_bits = 0;
        while (size_bits < width) {
            unsigned __int128 block = (unsigned __int128)1 << (size_bits + 1);
            if ((lo & (block - 1)) != 0 || hi - lo < block - 1)
                break;
            size_bits++;
        }
        uint8_t bits[16];
        unsigned __int128 v = lo;
        for (int i = 15; i >= 0; i--) {
            bits[i] = (uint8_t)v;
            v >>= 8;
        }
        if ((rc = insert_bits(w, bits, 128 - size_bits, record, err)))
            return rc;
        unsigned __int128 step = (unsigned __int128)1 << size_bits;
        if (hi - lo < step)
            break;
        lo += step;
    }
    return TK_OK;
}

static void put_be32(struct buffer *b, uint32_t v)
{
    uint8_t be[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    put_bytes(b, be, 4);
}

static void put_metadata(struct buffer *b, const struct tk_mmdb_writer *w, uint64_t epoch)
{
    static const uint8_t marker[] = "\xab\xcd\xefMaxMind.com";
    put_bytes(b, marker, sizeof marker - 1);
    put_control(b, MMDB_MAP, 9);
    put_string(b, "binary_format_major_version");
    put_uint(b, MMDB_UINT16, 2);
    put_string(b, "binary_format_minor_version");
    put_uint(b, MMDB_UINT16, 0);
    put_string(b, "build_epoch");
    put_uint(b, MMDB_UINT64, epoch);
    put_string(b, "database_type");
    put_string(b, w->database_type);
    put_string(b, "description");
    put_control(b, MMDB_MAP, 1);
    put_string(b, "en");
    put_string(b, w->description);
    put_string(b, "ip_version");
    put_uint(b, MMDB_UINT16, 6);
    put_string(b, "languages");
    put_control(b, MMDB_ARRAY, 1);
    put_string(b, "en");
    put_string(b, "node_count");
    put_uint(b, MMDB_UINT32, w->node_count);
    put_string(b, "record_size");
    put_uint(b, MMDB_UINT16, 32);
}

int tk_mmdb_write(struct tk_mmdb_writer *w, const char *path, uint64_t build_epoch,
                  struct tk_error *err)
{
    struct buffer out = {0};
    struct tk_atomic_file file = {0};
    static const uint8_t separator[16] = {0};
    uint64_t node_count = w->node_count;
    int rc;

    if (w->data.failed)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory for database records");
    if (node_count + 16 + w->data.len >= UINT32_MAX)
        return tk_error_set(err, TK_ERR_USAGE, "database too large for 32-bit records");
    for (size_t i = 0; i < w->node_count; i++) {
        for (int side = 0; side < 2; side++) {
            uint32_t rec = w->nodes[i].record[side];
            uint64_t value = rec == EMPTY ? node_count
                             : (rec & DATA_FLAG) ? node_count + 16
                                                       + w->records[rec & ~DATA_FLAG].offset
                                                 : rec;
            put_be32(&out, (uint32_t)value);
        }
    }
    put_bytes(&out, separator, sizeof separator);
    put_bytes(&out, w->data.bytes, w->data.len);
    put_metadata(&out, w, build_epoch);
    if (out.failed) {
        free(out.bytes);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory writing %s", path);
    }
    if ((rc = tk_atomic_open(&file, path, err)) == TK_OK) {
        if (fwrite(out.bytes, 1, out.len, file.fp) != out.len) {
            rc = tk_error_set(err, TK_ERR_IO, "%s: write failed: %s", path, strerror(errno));
            tk_atomic_abort(&file);
        } else {
            rc = tk_atomic_commit(&file, err);
        }
    }
    free(out.bytes);
    return rc;
}
