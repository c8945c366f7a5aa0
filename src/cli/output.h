/* output.h - writing a name set as one block-list file or one file per public suffix;
 * shared by `predict` and `export`. */
#ifndef TAKEDOWN_CLI_OUTPUT_H
#define TAKEDOWN_CLI_OUTPUT_H

#include <stdint.h>
#include <stdio.h>

#include "takedown/error.h"
#include "takedown/export.h"
#include "takedown/nameset.h"

/* What a name set's tag source index stands for. */
struct tag_label {
    const char *family;
    const char *variant;
    const char *seed;
};

/* Writes the names of set (all, or the count indexes in subset) to path atomically, or to
 * out when path is NULL. Names the format refuses are added to *skipped. */
int output_write_file(const char *path, FILE *out, const struct tk_export_options *eo,
                      const struct tk_export_header *hdr, const struct tk_nameset *set,
                      const uint32_t *subset, size_t count, const struct tag_label *labels,
                      uint64_t *skipped, struct tk_error *err);

/* One file per public suffix in dir, which is replaced as a whole (tk_atomic_dir: no file of
 * an earlier run is left beside the new ones), then a summary (names per suffix) on summary
 * when not NULL, as JSON when json is set. */
int output_write_split(const char *dir, FILE *summary, int json,
                       const struct tk_export_options *eo, struct tk_export_header hdr,
                       const struct tk_nameset *set, const struct tag_label *labels,
                       uint64_t *skipped, struct tk_error *err);

#endif
