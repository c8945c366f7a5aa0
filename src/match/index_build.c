/* index_build.c - collect names with their sources and day ranges in memory, then write the
 * mapped attribution index (see include/takedown/index.h, docs/formats/index.md).
 *
 * The builder is the shared name table (src/util/name_table.h, hashed with the index's own
 * hash) with a chained list of ranges per name, the name's value its last range.
 * tk_predict_window delivers names source by source and period by period, so a new range
 * either extends the name's last range or goes after it, and every chain ends up sorted by
 * source and first day without a sort. */
#include "takedown/index.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "match/index_format.h"
#include "match/name_filter.h"
#include "takedown/attribute.h"
#include "takedown/atomic_file.h"
#include "takedown/domain.h"
#include "util/grow.h"
#include "util/name_table.h"

#define NO_RANGE UINT32_MAX
#define MAX_RANGES_PER_NAME ((1u << 24) - 1)

struct build_entry {      /* by name id */
    uint32_t first_range;
    uint32_t range_count;
};

struct build_range {
    uint32_t source;
    tk_day first;
    tk_day last;
    uint32_t next;
};

struct tk_index_builder {
    struct tk_name_table names;
    struct build_entry *entries;
    size_t entries_cap;
    struct build_range *ranges;
    size_t range_count, range_cap;
    struct tk_index_source *sources;
    size_t source_count, source_cap;
};

struct tk_index_builder *tk_index_builder_new(void)
{
    struct tk_index_builder *b = calloc(1, sizeof *b);
    if (b == NULL)
        return NULL;
    if (tk_name_table_init(&b->names, 4096)) {
        free(b);
        return NULL;
    }
    return b;
}

void tk_index_builder_free(struct tk_index_builder *b)
{
    if (b == NULL)
        return;
    for (size_t i = 0; i < b->source_count; i++) {
        free((char *)b->sources[i].family);
        free((char *)b->sources[i].variant);
        free((char *)b->sources[i].seed);
    }
    free(b->sources);
    tk_name_table_free(&b->names);
    free(b->entries);
    free(b->ranges);
    free(b);
}

int tk_index_builder_add_source(struct tk_index_builder *b, const struct tk_index_source *src,
                                struct tk_error *err)
{
    if (b->source_count >= UINT32_MAX
        || tk_grow((void **)&b->sources, &b->source_cap, b->source_count + 1, sizeof *b->sources))
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    struct tk_index_source *s = &b->sources[b->source_count];
    s->family = strdup(src->family ? src->family : "");
    s->variant = strdup(src->variant ? src->variant : "");
    s->seed = strdup(src->seed ? src->seed : "");
    s->dated = src->dated;
    if (s->family == NULL || s->variant == NULL || s->seed == NULL) {
        free((char *)s->family);
        free((char *)s->variant);
        free((char *)s->seed);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    b->source_count++;
    return TK_OK;
}

size_t tk_index_builder_source_count(const struct tk_index_builder *b)
{
    return b->source_count;
}

/* Adds days first..last of source to name id, whose value is its last range. */
static int add_range(struct tk_index_builder *b, size_t id, uint32_t source, tk_day first,
                     tk_day last)
{
    uint32_t *last_range = tk_name_table_value(&b->names, id);
    if (*last_range != NO_RANGE) {
        struct build_range *r = &b->ranges[*last_range];
        /* The same source again: extend when the days touch or overlap. */
        if (r->source == source && first <= r->last + 1 && last >= r->first - 1) {
            if (first < r->first)
                r->first = first;
            if (last > r->last)
                r->last = last;
            return TK_OK;
        }
    }
    struct build_entry *e = &b->entries[id];
    if (e->range_count >= MAX_RANGES_PER_NAME || b->range_count >= NO_RANGE
        || tk_grow((void **)&b->ranges, &b->range_cap, b->range_count + 1, sizeof *b->ranges))
        return TK_ERR_NOMEM;
    uint32_t added = (uint32_t)b->range_count++;
    b->ranges[added] = (struct build_range){source, first, last, NO_RANGE};
    if (*last_range == NO_RANGE)
        e->first_range = added;
    else
        b->ranges[*last_range].next = added;
    *last_range = added;
    e->range_count++;
    return TK_OK;
}

int tk_index_builder_add(struct tk_index_builder *b, const char *name, size_t len,
                         uint32_t source, tk_day first, tk_day last, struct tk_error *err)
{
    char lower[256];
    size_t key = tk_domain_key(name, len, lower);
    if (key == 0)
        return tk_error_set(err, TK_ERR_DATA, "name of %zu bytes cannot be indexed", len);
    if (source >= b->source_count || last < first)
        return tk_error_set(err, TK_ERR_USAGE, "index: bad source %u or days", source);
    len = key;

    int added;
    if (tk_grow((void **)&b->entries, &b->entries_cap, b->names.count + 1, sizeof *b->entries))
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    /* The table keeps the low 32 bits; the writer hashes the names again for the slots. */
    long id = tk_name_table_add(&b->names, lower, len,
                                (uint32_t)index_hash(lower, len, INDEX_HASH_SEED), &added);
    if (id < 0)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    if (added) {
        *tk_name_table_value(&b->names, (size_t)id) = NO_RANGE;
        b->entries[id] = (struct build_entry){NO_RANGE, 0};
    }
    if (add_range(b, (size_t)id, source, first, last))
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    return TK_OK;
}

size_t tk_index_builder_name_count(const struct tk_index_builder *b)
{
    return b->names.count;
}

size_t tk_index_builder_range_count(const struct tk_index_builder *b)
{
    return b->range_count;
}

size_t tk_index_builder_bytes(const struct tk_index_builder *b)
{
    return tk_name_table_bytes(&b->names) + b->entries_cap * sizeof *b->entries
           + b->range_cap * sizeof *b->ranges;
}

/* ---- writing ---- */

static size_t record_bytes(size_t name_len, size_t ranges)
{
    return 4 + ((name_len + 3) & ~(size_t)3) + ranges * sizeof(struct index_range);
}

/* The smallest table that keeps the load at or under 3/4. */
static unsigned slot_bits_for(size_t names)
{
    unsigned bits = 4;
    while (((uint64_t)1 << bits) * 3 < (uint64_t)names * 4)
        bits++;
    return bits;
}

static int write_bytes(FILE *f, const void *data, size_t len)
{
    return fwrite(data, 1, len, f) == len ? 0 : -1;
}

static int write_padding(FILE *f, uint64_t written)
{
    static const char zeros[8];
    size_t pad = (size_t)((8 - written % 8) % 8);
    return write_bytes(f, zeros, pad);
}

/* Lays out the slot table in memory: entry i's record starts at record_offsets[i]. */
static uint64_t *build_slots(const struct tk_index_builder *b, const uint64_t *record_offsets,
                             unsigned bits)
{
    size_t mask = ((size_t)1 << bits) - 1;
    uint64_t *slots = calloc(mask + 1, sizeof *slots);
    if (slots == NULL)
        return NULL;
    for (size_t i = 0; i < b->names.count; i++) {
        size_t len;
        const char *name = tk_name_table_name(&b->names, i, &len);
        uint64_t h = index_hash(name, len, INDEX_HASH_SEED);
        size_t s = h & mask;
        while (slots[s])
            s = (s + 1) & mask;
        slots[s] = index_slot((uint32_t)(h >> 32), record_offsets[i] / 4 + 1);
    }
    return slots;
}

static int write_records(FILE *f, const struct tk_index_builder *b)
{
    for (size_t i = 0; i < b->names.count; i++) {
        const struct build_entry *e = &b->entries[i];
        size_t len;
        const char *name = tk_name_table_name(&b->names, i, &len);
        uint32_t word = (uint32_t)len | e->range_count << 8;
        unsigned char head[4] = {(unsigned char)word, (unsigned char)(word >> 8),
                                 (unsigned char)(word >> 16), (unsigned char)(word >> 24)};
        static const char zeros[4];
        if (write_bytes(f, head, 4) || write_bytes(f, name, len)
            || write_bytes(f, zeros, ((len + 3) & ~(size_t)3) - len))
            return -1;
        for (uint32_t r = e->first_range; r != NO_RANGE; r = b->ranges[r].next) {
            struct index_range out = {b->ranges[r].source, b->ranges[r].first, b->ranges[r].last};
            if (write_bytes(f, &out, sizeof out))
                return -1;
        }
    }
    return 0;
}

/* Lays the index out and writes it to f. */
static int write_index(const struct tk_index_builder *b, FILE *f, tk_day from, tk_day to,
                       struct tk_error *err)
{
    struct index_header h = {0};
    uint64_t *record_offsets = NULL, *slots = NULL;

    /* Record offsets first: the slots point at them. */
    size_t count = b->names.count;
    record_offsets = malloc((count ? count : 1) * sizeof *record_offsets);
    if (record_offsets == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    uint64_t records_bytes = 0;
    for (size_t i = 0; i < count; i++) {
        size_t len;
        tk_name_table_name(&b->names, i, &len);
        record_offsets[i] = records_bytes;
        records_bytes += record_bytes(len, b->entries[i].range_count);
    }
    if (records_bytes / 4 + 1 >= UINT32_MAX) {
        free(record_offsets);
        return tk_error_set(err, TK_ERR_USAGE, "index: %llu bytes of records exceed the "
                            "format's 16 GiB; build a shorter window or fewer families",
                            (unsigned long long)records_bytes);
    }
    unsigned bits = slot_bits_for(count);
    slots = build_slots(b, record_offsets, bits);
    free(record_offsets);
    if (slots == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");

    uint64_t strings_bytes = 0;
    for (size_t i = 0; i < b->source_count; i++)
        strings_bytes += strlen(b->sources[i].family) + strlen(b->sources[i].variant)
                         + strlen(b->sources[i].seed) + 3;
    if (strings_bytes >= UINT32_MAX) {
        free(slots);
        return tk_error_set(err, TK_ERR_USAGE, "index: too many sources");
    }
    memcpy(h.magic, INDEX_MAGIC, 8);
    h.version = INDEX_VERSION;
    h.header_bytes = sizeof h;
    h.window_from = from;
    h.window_to = to;
    h.built = (int64_t)time(NULL);
    h.name_count = count;
    h.range_count = b->range_count;
    h.source_count = (uint32_t)b->source_count;
    h.slot_bits = bits;
    h.hash_seed = INDEX_HASH_SEED;
    h.sources_offset = sizeof h;
    h.strings_offset = h.sources_offset + b->source_count * sizeof(struct index_source);
    h.strings_bytes = strings_bytes;
    h.slots_offset = (h.strings_offset + strings_bytes + 7) & ~(uint64_t)7;
    h.records_offset = h.slots_offset + ((uint64_t)1 << bits) * sizeof(uint64_t);
    h.records_bytes = records_bytes;
    h.file_bytes = h.records_offset + records_bytes;

    int failed = write_bytes(f, &h, sizeof h);
    uint32_t at = 0;
    for (size_t i = 0; i < b->source_count && !failed; i++) {
        struct index_source s;
        s.family = at;
        at += (uint32_t)strlen(b->sources[i].family) + 1;
        s.variant = at;
        at += (uint32_t)strlen(b->sources[i].variant) + 1;
        s.seed = at;
        at += (uint32_t)strlen(b->sources[i].seed) + 1;
        s.flags = b->sources[i].dated ? INDEX_SOURCE_DATED : 0;
        failed = write_bytes(f, &s, sizeof s);
    }
    for (size_t i = 0; i < b->source_count && !failed; i++)
        failed = write_bytes(f, b->sources[i].family, strlen(b->sources[i].family) + 1)
                 || write_bytes(f, b->sources[i].variant, strlen(b->sources[i].variant) + 1)
                 || write_bytes(f, b->sources[i].seed, strlen(b->sources[i].seed) + 1);
    if (!failed)
        failed = write_padding(f, h.strings_offset + strings_bytes)
                 || write_bytes(f, slots, ((size_t)1 << bits) * sizeof *slots)
                 || write_records(f, b);
    free(slots);
    if (failed)
        return tk_error_set(err, TK_ERR_IO, "write failed: %s", strerror(errno));
    return TK_OK;
}

int tk_index_builder_write(const struct tk_index_builder *b, const char *path, tk_day from,
                           tk_day to, struct tk_error *err)
{
    struct tk_atomic_file file;
    int rc = tk_atomic_open(&file, path, err);
    if (rc)
        return rc;
    setvbuf(file.fp, NULL, _IOFBF, 1 << 20);
    if ((rc = write_index(b, file.fp, from, to, err))) {
        tk_error_prefix(err, "%s", path);
        tk_atomic_abort(&file);
        return rc;
    }
    return tk_atomic_commit(&file, err);
}

int tk_index_builder_open_memory(const struct tk_index_builder *b, tk_day from, tk_day to,
                                 struct tk_index **out, struct tk_error *err)
{
    char *data = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&data, &size);
    if (f == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    int rc = write_index(b, f, from, to, err);
    if (fclose(f) != 0 && rc == TK_OK)
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    if (rc) {
        free(data);
        return rc;
    }
    return index_adopt_memory(data, size, out, err);
}

/* ---- building from generators ---- */

struct build_run {
    struct tk_index_builder *builder;
    const size_t *original; /* the run's source -> the builder's; NULL: the same */
    uint64_t generated;
    struct tk_error *err;
};

static int add_generated(void *ctx, size_t source, tk_day first, tk_day last, const char *name,
                         size_t len)
{
    struct build_run *run = ctx;
    run->generated++;
    /* Generators only emit valid names; anything else (an empty name) is not indexable. */
    if (len == 0 || len > 253)
        return TK_OK;
    if (run->original)
        source = run->original[source];
    return tk_index_builder_add(run->builder, name, len, (uint32_t)source, first, last, run->err);
}

/* A new builder holding the sources. */
static int new_builder(const struct tk_source *sources, size_t source_count,
                       struct build_run *run, struct tk_error *err)
{
    int rc = TK_OK;
    run->builder = tk_index_builder_new();
    run->err = err;
    if (run->builder == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < source_count && rc == TK_OK; i++) {
        struct tk_index_source s = {sources[i].family->name, sources[i].variant->name,
                                    sources[i].seed, tk_family_takes_date(sources[i].family)};
        rc = tk_index_builder_add_source(run->builder, &s, err);
    }
    return rc;
}

static void fill_stats(const struct build_run *run, struct tk_index_build_stats *stats)
{
    if (stats == NULL)
        return;
    stats->generated = run->generated;
    stats->names = tk_index_builder_name_count(run->builder);
    stats->ranges = tk_index_builder_range_count(run->builder);
    stats->peak_bytes = tk_index_builder_bytes(run->builder);
}

int tk_index_build(const struct tk_source *sources, size_t source_count, tk_day from, tk_day to,
                   const struct tk_predict_options *options, const char *path,
                   struct tk_index_build_stats *stats, struct tk_error *err)
{
    struct build_run run = {0};
    int rc = new_builder(sources, source_count, &run, err);
    if (rc == TK_OK)
        rc = tk_predict_window(sources, source_count, from, to, options, add_generated, &run, err);
    if (rc == TK_OK)
        rc = tk_index_builder_write(run.builder, path, from, to, err);
    if (rc == TK_OK && stats) {
        struct stat st;
        fill_stats(&run, stats);
        stats->file_bytes = stat(path, &st) == 0 ? (uint64_t)st.st_size : 0;
    }
    tk_index_builder_free(run.builder);
    return rc;
}

/* The sources whose declared shape fits at least one name of the filter, with their index
 * in sources; *count of them. */
static int sources_to_run(const struct tk_source *sources, size_t source_count,
                          const struct name_filter *filter, struct tk_source **run,
                          size_t **original, size_t *count)
{
    *count = 0;
    *run = malloc((source_count ? source_count : 1) * sizeof **run);
    *original = malloc((source_count ? source_count : 1) * sizeof **original);
    if (*run == NULL || *original == NULL)
        return TK_ERR_NOMEM;
    for (size_t i = 0; i < source_count; i++) {
        for (size_t id = 0; id < name_filter_count(filter); id++) {
            size_t len;
            const char *name = name_filter_name(filter, id, &len);
            if (tk_source_could_generate(&sources[i], name, len)) {
                (*run)[*count] = sources[i];
                (*original)[(*count)++] = i;
                break;
            }
        }
    }
    return TK_OK;
}

int tk_index_build_names(const struct tk_source *sources, size_t source_count, tk_day from,
                         tk_day to, const char *const *names, const size_t *lens,
                         size_t name_count, const struct tk_predict_options *options,
                         struct tk_index **out, struct tk_index_build_stats *stats,
                         struct tk_error *err)
{
    struct build_run run = {0};
    struct name_filter filter;
    struct tk_source *run_sources = NULL;
    size_t *original = NULL, run_count = 0;
    struct tk_predict_options po = {0};
    uint64_t emitted = 0;
    int rc;

    if (name_filter_init(&filter, names, lens, name_count))
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    if ((rc = new_builder(sources, source_count, &run, err)) == TK_OK
        && sources_to_run(sources, source_count, &filter, &run_sources, &original, &run_count))
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    if (options)
        po = *options;
    po.filter = name_filter_has;
    po.filter_ctx = &filter;
    po.emitted = &emitted;
    run.original = original;
    if (rc == TK_OK && run_count > 0)
        rc = tk_predict_window(run_sources, run_count, from, to, &po, add_generated, &run, err);
    run.generated = emitted; /* every name generated, not only those kept */
    if (rc == TK_OK)
        rc = tk_index_builder_open_memory(run.builder, from, to, out, err);
    if (rc == TK_OK && stats) {
        fill_stats(&run, stats);
        stats->file_bytes = tk_index_file_bytes(*out);
        stats->sources_run = run_count;
    }
    tk_index_builder_free(run.builder);
    name_filter_free(&filter);
    free(run_sources);
    free(original);
    return rc;
}
