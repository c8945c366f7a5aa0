/* output.c - name sets to block-list files, whole or split by public suffix (see output.h). */
#include "cli/output.h"

#include <errno.h>
#include <string.h>

#include "cli/json.h"
#include "takedown/atomic_file.h"
#include "takedown/domain.h"
#include "takedown/split.h"

#define MAX_TAGS 256

static size_t gather_tags(const struct tk_nameset *set, size_t i, const struct tag_label *labels,
                          struct tk_tag *tags)
{
    size_t n = 0;
    for (uint32_t t = tk_nameset_first_tag(set, i); t != UINT32_MAX && n < MAX_TAGS;) {
        const struct tk_name_tag *nt = tk_nameset_tag(set, t);
        const struct tag_label *l = &labels[nt->source];
        tags[n++] = (struct tk_tag){l->family, l->variant, l->seed, nt->first, nt->last};
        t = nt->next;
    }
    return n;
}

static int write_names(struct tk_writer *w, const struct tk_nameset *set, const uint32_t *subset,
                       size_t count, const struct tag_label *labels)
{
    struct tk_tag tags[MAX_TAGS];
    for (size_t k = 0; k < count; k++) {
        size_t i = subset ? subset[k] : k, len;
        const char *name = tk_nameset_name(set, i, &len);
        size_t ntags = gather_tags(set, i, labels, tags);
        if (tk_writer_name(w, name, len, tags, ntags))
            return TK_ERR_IO;
    }
    return TK_OK;
}

int output_write_file(const char *path, FILE *out, const struct tk_export_options *eo,
                      const struct tk_export_header *hdr, const struct tk_nameset *set,
                      const uint32_t *subset, size_t count, const struct tag_label *labels,
                      uint64_t *skipped, struct tk_error *err)
{
    struct tk_atomic_file file = {0};
    struct tk_writer *w;
    int rc;

    if (path && (rc = tk_atomic_open(&file, path, err)))
        return rc;
    if ((rc = tk_writer_open(path ? file.fp : out, eo, hdr, &w, err)) == TK_OK) {
        rc = write_names(w, set, subset, count, labels);
        *skipped += tk_writer_skipped(w);
        int close_rc = tk_writer_close(w, err);
        if (rc == TK_OK)
            rc = close_rc;
        if (rc)
            tk_error_set(err, TK_ERR_IO, "%s: write failed: %s", path ? path : "standard output",
                         strerror(errno));
    }
    if (path) {
        if (rc == TK_OK)
            rc = tk_atomic_commit(&file, err);
        else
            tk_atomic_abort(&file);
    }
    return rc;
}

/* Every block-list file name an earlier split may have written: "SUFFIX.EXT". */
/* A split writes SUFFIX.EXT files only, with a block-list extension. */
static const struct tk_atomic_dir_shape *split_shape(void)
{
    static const char *extensions[TK_FORMAT_HOSTS + 2];
    static const struct tk_atomic_dir_shape shape = {.extensions = extensions};
    for (int f = TK_FORMAT_LIST; f <= TK_FORMAT_HOSTS; f++)
        extensions[f] = tk_format_extension((enum tk_format)f);
    return &shape;
}

static void print_summary(FILE *summary, int json, const char *dir, const struct tk_split *split,
                          const struct tk_nameset *set, const char *extension)
{
    char path[4096 + 320];

    if (json) {
        fputs("{\"directory\":", summary);
        json_string(summary, dir);
        fprintf(summary, ",\"total\":%zu,\"suffix_list\":", tk_nameset_count(set));
        json_string(summary, tk_psl_source());
        fputs(",\"suffixes\":[", summary);
    } else {
        fprintf(summary, "%-16s %10s  %s\n", "suffix", "names", "file");
    }
    for (size_t g = 0; g < split->count; g++) {
        const struct tk_suffix_group *grp = &split->groups[g];
        snprintf(path, sizeof path, "%s/%s.%s", dir, grp->suffix, extension);
        if (json) {
            fprintf(summary, "%s{\"suffix\":", g ? "," : "");
            json_string(summary, grp->suffix);
            fprintf(summary, ",\"names\":%zu,\"file\":", grp->count);
            json_string(summary, path);
            fputc('}', summary);
        } else {
            fprintf(summary, "%-16s %10zu  %s\n", grp->suffix, grp->count, path);
        }
    }
    if (json)
        fputs("]}\n", summary);
    else
        fprintf(summary, "%-16s %10zu  (%zu files; suffixes from %s)\n", "total",
                tk_nameset_count(set), split->count, tk_psl_source());
}

int output_write_split(const char *dir, FILE *summary, int json,
                       const struct tk_export_options *eo, struct tk_export_header hdr,
                       const struct tk_nameset *set, const struct tag_label *labels,
                       uint64_t *skipped, struct tk_error *err)
{
    const char *extension = tk_format_extension(eo->format);
    struct tk_atomic_dir target;
    struct tk_split split;
    char path[4096], scope[300], shown[4096];
    int rc;

    if ((rc = tk_atomic_dir_open(&target, dir, split_shape(), err)))
        return rc;
    snprintf(shown, sizeof shown, "%s", target.path);
    if ((rc = tk_split_by_suffix(set, &split, err))) {
        tk_atomic_dir_abort(&target);
        return rc;
    }
    for (size_t g = 0; g < split.count && rc == TK_OK; g++) {
        const struct tk_suffix_group *grp = &split.groups[g];
        if (snprintf(path, sizeof path, "%s/%s.%s", target.temp_path, grp->suffix, extension)
            >= (int)sizeof path) {
            rc = tk_error_set(err, TK_ERR_USAGE, "%s: path too long", shown);
            break;
        }
        snprintf(scope, sizeof scope, "names under .%s (public suffix)", grp->suffix);
        hdr.scope = scope;
        rc = output_write_file(path, NULL, eo, &hdr, set, grp->names, grp->count, labels,
                               skipped, err);
    }
    if (rc == TK_OK)
        rc = tk_atomic_dir_commit(&target, err);
    else
        tk_atomic_dir_abort(&target);
    if (rc == TK_OK && summary)
        print_summary(summary, json, shown, &split, set, extension);
    tk_split_free(&split);
    return rc;
}
