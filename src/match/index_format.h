/* index_format.h - the on-disk layout of the attribution index, shared by its writer and
 * its reader (docs/formats/index.md describes the same layout in prose).
 *
 * Every integer is little-endian and every section starts at a multiple of 8 bytes, so the
 * mapped file is read through these structs directly. */
#ifndef TAKEDOWN_MATCH_INDEX_FORMAT_H
#define TAKEDOWN_MATCH_INDEX_FORMAT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define INDEX_MAGIC "TKINDEX\n"
#define INDEX_VERSION 1u
#define INDEX_HASH_SEED 0x7A6B5C4D3E2F1011ull
#define INDEX_MAX_SLOT_BITS 40u
#define INDEX_SOURCE_DATED 1u

struct index_header {
    char magic[8];            /* INDEX_MAGIC */
    uint32_t version;         /* INDEX_VERSION */
    uint32_t header_bytes;    /* sizeof(struct index_header) */
    uint64_t file_bytes;      /* the whole file: a shorter file is cut */
    int32_t window_from;      /* days since 1970-01-01 */
    int32_t window_to;
    int64_t built;            /* Unix time of the build */
    uint64_t name_count;
    uint64_t range_count;
    uint32_t source_count;
    uint32_t slot_bits;       /* the table has 1 << slot_bits slots */
    uint64_t hash_seed;
    uint64_t sources_offset;  /* source_count x struct index_source */
    uint64_t strings_offset;  /* NUL-terminated strings the sources point into */
    uint64_t strings_bytes;
    uint64_t slots_offset;    /* (1 << slot_bits) x uint64_t */
    uint64_t records_offset;  /* the name records */
    uint64_t records_bytes;
    uint64_t reserved[2];
};

struct index_source {
    uint32_t family;  /* offsets into the string section */
    uint32_t variant;
    uint32_t seed;
    uint32_t flags;   /* INDEX_SOURCE_DATED */
};

/* A slot: the low 32 bits are the record's offset in the record section divided by 4, plus
 * one (0: empty slot); the high 32 bits are the top half of the name's hash, compared before
 * the name itself is touched. Slot number: hash & (slots - 1), then linear probing.
 *
 * A record: a 32-bit word (name length in the low 8 bits, range count in the high 24),
 * the name (lower case, no trailing dot), zero padding to a multiple of 4, then range_count
 * struct index_range, sorted by source and first day. */
struct index_range {
    uint32_t source;
    int32_t first;
    int32_t last;
};

static inline uint64_t index_slot(uint32_t fingerprint, uint64_t record_ref)
{
    return (uint64_t)fingerprint << 32 | record_ref;
}

static inline uint64_t index_load_le64(const unsigned char *p)
{
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24
           | (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48
           | (uint64_t)p[7] << 56;
}

/* The name hash: 8-byte little-endian words folded by multiply and xor-shift, the 0-7 byte
 * tail zero-padded into a last word, then a final avalanche. Part of the file format: the
 * table is laid out by it, so it may never change within a version. */
static inline uint64_t index_hash(const char *name, size_t len, uint64_t seed)
{
    const unsigned char *p = (const unsigned char *)name;
    uint64_t h = seed ^ ((uint64_t)len * 0x9E3779B97F4A7C15ull);
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        h = (h ^ index_load_le64(p + i)) * 0xBF58476D1CE4E5B9ull;
        h ^= h >> 29;
    }
    unsigned char tail[8] = {0};
    memcpy(tail, p + i, len - i);
    h = (h ^ index_load_le64(tail)) * 0x94D049BB133111EBull;
    h ^= h >> 32;
    h *= 0xD6E8FEB86659FD93ull;
    h ^= h >> 29;
    return h;
}

struct tk_index;
struct tk_error;
/* Opens an index over a malloc'd buffer and takes it over (freed on close, or at once when
 * the data is not a valid index). */
int index_adopt_memory(void *data, size_t size, struct tk_index **out, struct tk_error *err);

#endif
