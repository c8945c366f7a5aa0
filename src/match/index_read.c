/* index_read.c - map an attribution index and look names up in place
 * (see include/takedown/index.h, docs/formats/index.md).
 *
 * Opening checks every section against the file size, so a lookup only has to bound the
 * one record it reads; a corrupt or hostile file gives wrong answers at worst, never a read
 * outside the mapping. Lookups touch the slot table and, on a fingerprint match, one
 * record: one or two cache misses per name on an index far larger than the caches. */
#include "takedown/index.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "match/index_format.h"
#include "takedown/domain.h"

struct tk_index {
    const unsigned char *base;
    size_t size;
    int mapped;
    int owned; /* base is a malloc'd buffer (an index built in memory) */
    const struct index_header *header;
    const struct index_source *sources;
    const char *strings;
    const uint64_t *slots;
    uint64_t slot_mask;
    const unsigned char *records;
    uint64_t records_bytes;
};

static int host_is_little_endian(void)
{
    const uint16_t one = 1;
    unsigned char first;
    memcpy(&first, &one, 1);
    return first == 1;
}

static int section_ok(uint64_t offset, uint64_t bytes, uint64_t size)
{
    return offset % 8 == 0 && offset <= size && bytes <= size - offset;
}

static int check_layout(struct tk_index *idx, struct tk_error *err)
{
    const struct index_header *h = idx->header;
    uint64_t size = idx->size;

    if (size < sizeof *h || memcmp(h->magic, INDEX_MAGIC, 8) != 0)
        return tk_error_set(err, TK_ERR_DATA, "not a takedown index (bad magic)");
    if (h->version != INDEX_VERSION || h->header_bytes != sizeof *h)
        return tk_error_set(err, TK_ERR_DATA, "index version %u is not supported (this "
                            "takedown reads version %u): rebuild it", h->version, INDEX_VERSION);
    if (h->file_bytes != size)
        return tk_error_set(err, TK_ERR_DATA, "index is cut short or padded: %llu bytes, "
                            "its header says %llu", (unsigned long long)size,
                            (unsigned long long)h->file_bytes);
    if (h->slot_bits < 1 || h->slot_bits > INDEX_MAX_SLOT_BITS)
        return tk_error_set(err, TK_ERR_DATA, "index: bad table size (2^%u slots)", h->slot_bits);
    uint64_t slots_bytes = ((uint64_t)1 << h->slot_bits) * 8;
    if (!section_ok(h->sources_offset, (uint64_t)h->source_count * sizeof(struct index_source),
                    size)
        || !section_ok(h->slots_offset, slots_bytes, size)
        || !section_ok(h->records_offset, h->records_bytes, size)
        || h->strings_offset > size || h->strings_bytes > size - h->strings_offset
        || h->name_count > ((uint64_t)1 << h->slot_bits))
        return tk_error_set(err, TK_ERR_DATA, "index: a section lies outside the file");
    if (h->strings_bytes == 0 ? h->source_count != 0
                              : idx->base[h->strings_offset + h->strings_bytes - 1] != '\0')
        return tk_error_set(err, TK_ERR_DATA, "index: the string section is not terminated");
    idx->sources = (const struct index_source *)(idx->base + h->sources_offset);
    idx->strings = (const char *)(idx->base + h->strings_offset);
    idx->slots = (const uint64_t *)(idx->base + h->slots_offset);
    idx->slot_mask = ((uint64_t)1 << h->slot_bits) - 1;
    idx->records = idx->base + h->records_offset;
    idx->records_bytes = h->records_bytes;
    for (uint32_t i = 0; i < h->source_count; i++) {
        const struct index_source *s = &idx->sources[i];
        if (s->family >= h->strings_bytes || s->variant >= h->strings_bytes
            || s->seed >= h->strings_bytes)
            return tk_error_set(err, TK_ERR_DATA, "index: source %u points outside the "
                                "string section", i);
    }
    return TK_OK;
}

static int open_common(struct tk_index *idx, struct tk_index **out, struct tk_error *err)
{
    if (!host_is_little_endian())
        return tk_error_set(err, TK_ERR_USAGE, "index files are little-endian; this host is not");
    idx->header = (const struct index_header *)idx->base;
    int rc = check_layout(idx, err);
    if (rc)
        return rc;
    *out = idx;
    return TK_OK;
}

int tk_index_open_memory(const void *data, size_t size, struct tk_index **out,
                         struct tk_error *err)
{
    if ((uintptr_t)data % 8 != 0)
        return tk_error_set(err, TK_ERR_USAGE, "index data must be 8-byte aligned");
    if (size < sizeof(struct index_header))
        return tk_error_set(err, TK_ERR_DATA, "not a takedown index (%zu bytes)", size);
    struct tk_index *idx = calloc(1, sizeof *idx);
    if (idx == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    idx->base = data;
    idx->size = size;
    int rc = open_common(idx, out, err);
    if (rc)
        free(idx);
    return rc;
}

int index_adopt_memory(void *data, size_t size, struct tk_index **out, struct tk_error *err)
{
    int rc = tk_index_open_memory(data, size, out, err);
    if (rc == TK_OK)
        (*out)->owned = 1;
    else
        free(data);
    return rc;
}

int tk_index_open(const char *path, struct tk_index **out, struct tk_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    int rc;

    if (fd < 0)
        return tk_error_set(err, TK_ERR_IO, "%s: %s", path, strerror(errno));
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return tk_error_set(err, TK_ERR_IO, "%s: not a regular file", path);
    }
    if ((size_t)st.st_size < sizeof(struct index_header)) {
        close(fd);
        return tk_error_set(err, TK_ERR_DATA, "%s: not a takedown index (%lld bytes)", path,
                            (long long)st.st_size);
    }
    void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        return tk_error_set(err, TK_ERR_IO, "%s: cannot map: %s", path, strerror(errno));
    struct tk_index *idx = calloc(1, sizeof *idx);
    if (idx == NULL) {
        munmap(map, (size_t)st.st_size);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    idx->base = map;
    idx->size = (size_t)st.st_size;
    idx->mapped = 1;
    if ((rc = open_common(idx, out, err))) {
        tk_error_prefix(err, "%s", path);
        tk_index_close(idx);
    }
    return rc;
}

void tk_index_close(struct tk_index *idx)
{
    if (idx == NULL)
        return;
    if (idx->mapped)
        munmap((void *)idx->base, idx->size);
    if (idx->owned)
        free((void *)idx->base);
    free(idx);
}

/* Reads the record ref points at; 1 when it holds name. */
static int record_matches(const struct tk_index *idx, uint32_t ref, const char *name,
                          size_t len, struct tk_index_hit *hit)
{
    uint64_t at = (uint64_t)(ref - 1) * 4;
    if (at > idx->records_bytes || idx->records_bytes - at < 4)
        return 0;
    const unsigned char *p = idx->records + at;
    uint32_t word = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16
                    | (uint32_t)p[3] << 24;
    size_t name_len = word & 0xFF, ranges = word >> 8;
    size_t padded = (name_len + 3) & ~(size_t)3;
    if (name_len != len || idx->records_bytes - at - 4 < padded
        || (idx->records_bytes - at - 4 - padded) / sizeof(struct index_range) < ranges
        || memcmp(p + 4, name, len) != 0)
        return 0;
    hit->name = (const char *)p + 4;
    hit->name_len = name_len;
    hit->ranges = (const struct tk_index_range *)(const void *)(p + 4 + padded);
    hit->range_count = ranges;
    return 1;
}

static int lookup_hashed(const struct tk_index *idx, const char *name, size_t len, uint64_t h,
                         struct tk_index_hit *hit)
{
    uint32_t fingerprint = (uint32_t)(h >> 32);
    uint64_t s = h & idx->slot_mask;
    for (uint64_t probes = 0; probes <= idx->slot_mask; probes++) {
        uint64_t slot = idx->slots[s];
        uint32_t ref = (uint32_t)slot;
        if (ref == 0)
            return 0;
        if ((uint32_t)(slot >> 32) == fingerprint && record_matches(idx, ref, name, len, hit))
            return 1;
        s = (s + 1) & idx->slot_mask;
    }
    return 0;
}

int tk_index_lookup(const struct tk_index *idx, const char *name, size_t len,
                    struct tk_index_hit *hit)
{
    char lower[256];
    len = tk_domain_key(name, len, lower);
    if (len == 0)
        return 0;
    return lookup_hashed(idx, lower, len, index_hash(lower, len, idx->header->hash_seed), hit);
}

enum { LOOKUP_BATCH = 16 };

void tk_index_lookup_many(const struct tk_index *idx, const char *const *names,
                          const size_t *lens, size_t count, struct tk_index_hit *hits,
                          int *found)
{
    char lower[LOOKUP_BATCH][256];
    size_t len[LOOKUP_BATCH];
    uint64_t hash[LOOKUP_BATCH];

    for (size_t start = 0; start < count; start += LOOKUP_BATCH) {
        size_t n = count - start < LOOKUP_BATCH ? count - start : LOOKUP_BATCH;
        /* First touch every slot the batch needs, so the misses overlap... */
        for (size_t i = 0; i < n; i++) {
            len[i] = tk_domain_key(names[start + i], lens[start + i], lower[i]);
            hash[i] = index_hash(lower[i], len[i], idx->header->hash_seed);
            __builtin_prefetch(&idx->slots[hash[i] & idx->slot_mask]);
        }
        /* ...then the records whose fingerprint matches... */
        for (size_t i = 0; i < n; i++) {
            uint64_t slot = idx->slots[hash[i] & idx->slot_mask];
            uint32_t ref = (uint32_t)slot;
            if (ref && (uint32_t)(slot >> 32) == (uint32_t)(hash[i] >> 32)
                && (uint64_t)(ref - 1) * 4 < idx->records_bytes)
                __builtin_prefetch(idx->records + (uint64_t)(ref - 1) * 4);
        }
        /* ...and resolve each name from warm lines. */
        for (size_t i = 0; i < n; i++)
            found[start + i] = len[i] != 0
                               && lookup_hashed(idx, lower[i], len[i], hash[i], &hits[start + i]);
    }
}

size_t tk_index_source_count(const struct tk_index *idx)
{
    return idx->header->source_count;
}

struct tk_index_source tk_index_source_at(const struct tk_index *idx, size_t i)
{
    if (i >= idx->header->source_count) {
        /* Only a corrupt file has ranges that name no source. */
        struct tk_index_source unknown = {"?", "?", "?", 0};
        return unknown;
    }
    const struct index_source *s = &idx->sources[i];
    struct tk_index_source out = {idx->strings + s->family, idx->strings + s->variant,
                                  idx->strings + s->seed, (s->flags & INDEX_SOURCE_DATED) != 0};
    return out;
}

uint64_t tk_index_name_count(const struct tk_index *idx)
{
    return idx->header->name_count;
}

uint64_t tk_index_range_count(const struct tk_index *idx)
{
    return idx->header->range_count;
}

uint64_t tk_index_file_bytes(const struct tk_index *idx)
{
    return idx->header->file_bytes;
}

void tk_index_window(const struct tk_index *idx, tk_day *from, tk_day *to)
{
    *from = idx->header->window_from;
    *to = idx->header->window_to;
}

int64_t tk_index_built(const struct tk_index *idx)
{
    return idx->header->built;
}
