/* index.h - the attribution index: every name a set of sources (family x variant x seed)
 * generates over a window, with the days that generate it, in one file that is mapped into
 * memory and searched in place.
 *
 * Building runs the generators (tk_predict_window) into an in-memory builder and writes the
 * file atomically. Opening maps the file read-only and checks its header; a lookup hashes
 * the name, probes the table and returns pointers into the mapping: it never allocates, so a
 * tool at a resolver starts at once and looks names up at memory speed. The file format is
 * documented in docs/formats/index.md. */
#ifndef TAKEDOWN_INDEX_H
#define TAKEDOWN_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/date.h"
#include "takedown/error.h"
#include "takedown/predict.h"

/* One run of consecutive days on which a source generates the name. */
struct tk_index_range {
    uint32_t source;
    tk_day first;
    tk_day last;
};

/* What a source stands for (strings live in the mapping or the builder). */
struct tk_index_source {
    const char *family;
    const char *variant;
    const char *seed;
    int dated; /* 0: the family takes no date; its names hold on every day */
};

/* A lookup result: the name as stored and its ranges, sorted by source, then first day. */
struct tk_index_hit {
    const char *name;
    size_t name_len;
    const struct tk_index_range *ranges;
    size_t range_count;
};

/* ---- building ---- */

struct tk_index_builder;

struct tk_index_builder *tk_index_builder_new(void);
void tk_index_builder_free(struct tk_index_builder *builder);

/* Declares source number tk_index_builder_source_count() (strings are copied). */
int tk_index_builder_add_source(struct tk_index_builder *builder,
                                const struct tk_index_source *source, struct tk_error *err);
size_t tk_index_builder_source_count(const struct tk_index_builder *builder);

/* Records that source generates name (any case; stored lower case) on days first..last.
 * A range that touches or overlaps the source's last range for the name extends it. */
int tk_index_builder_add(struct tk_index_builder *builder, const char *name, size_t len,
                         uint32_t source, tk_day first, tk_day last, struct tk_error *err);

size_t tk_index_builder_name_count(const struct tk_index_builder *builder);
size_t tk_index_builder_range_count(const struct tk_index_builder *builder);
/* Bytes of memory the builder holds. */
size_t tk_index_builder_bytes(const struct tk_index_builder *builder);

/* Writes the index file atomically; window is recorded in the header. */
int tk_index_builder_write(const struct tk_index_builder *builder, const char *path,
                           tk_day from, tk_day to, struct tk_error *err);

/* Lays the index out in memory and opens it there (what a file would hold). */
struct tk_index;
int tk_index_builder_open_memory(const struct tk_index_builder *builder, tk_day from, tk_day to,
                                 struct tk_index **out, struct tk_error *err);

struct tk_index_build_stats {
    uint64_t generated;   /* names the generators emitted */
    uint64_t names;       /* distinct names stored */
    uint64_t ranges;
    uint64_t file_bytes;
    size_t peak_bytes;    /* the builder's memory */
    size_t sources_run;   /* tk_index_build_names: sources whose shape fits some name */
};

/* Runs every source over from..to into a builder and writes path. */
int tk_index_build(const struct tk_source *sources, size_t source_count, tk_day from,
                   tk_day to, const struct tk_predict_options *options, const char *path,
                   struct tk_index_build_stats *stats, struct tk_error *err);

/* The index of only the given names (any case, one trailing dot allowed; repeats are
 * fine), in memory: for each of them the same hit as an index of the whole window would
 * give. The generation streams past a set of the names, looked up in the generating
 * threads, so memory grows with the names, not with the window. Sources whose declared
 * shape (tk_source_could_generate) fits none of the names are not run. options' filter
 * and emitted are its own. */
int tk_index_build_names(const struct tk_source *sources, size_t source_count, tk_day from,
                         tk_day to, const char *const *names, const size_t *lens,
                         size_t name_count, const struct tk_predict_options *options,
                         struct tk_index **out, struct tk_index_build_stats *stats,
                         struct tk_error *err);

/* ---- reading ---- */

/* Maps path and checks its header, section bounds and source table. A file that is not an
 * index, of another version or cut short is TK_ERR_DATA. */
int tk_index_open(const char *path, struct tk_index **out, struct tk_error *err);
/* The same over bytes the caller keeps alive (for tests and the fuzzer). */
int tk_index_open_memory(const void *data, size_t size, struct tk_index **out,
                         struct tk_error *err);
void tk_index_close(struct tk_index *index);

/* Looks a name up (any case, one trailing dot allowed). Returns 1 and fills hit, or 0.
 * Never allocates; safe from many threads at once. */
int tk_index_lookup(const struct tk_index *index, const char *name, size_t len,
                    struct tk_index_hit *hit);

/* Looks up count names at once, overlapping their memory accesses; found[i] is 1 or 0.
 * Same results as count calls of tk_index_lookup, faster on large indexes. */
void tk_index_lookup_many(const struct tk_index *index, const char *const *names,
                          const size_t *lens, size_t count, struct tk_index_hit *hits,
                          int *found);

size_t tk_index_source_count(const struct tk_index *index);
struct tk_index_source tk_index_source_at(const struct tk_index *index, size_t i);
uint64_t tk_index_name_count(const struct tk_index *index);
uint64_t tk_index_range_count(const struct tk_index *index);
uint64_t tk_index_file_bytes(const struct tk_index *index);
void tk_index_window(const struct tk_index *index, tk_day *from, tk_day *to);
int64_t tk_index_built(const struct tk_index *index);

#endif
