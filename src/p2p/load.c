/* load.c - the P2P pipeline: observation files -> peer graph -> measures -> places (see
 * include/takedown/p2p_load.h). */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "takedown/p2p_load.h"
#include "takedown/p2p_obs.h"

static void phase_done(const struct tk_p2p_load_options *o, const char *phase)
{
    if (o->phase)
        o->phase(o->ctx, phase);
}

/* A row the reader turned away: skipped and counted, unless strict. */
static int skip_malformed(const struct tk_p2p_load_options *o, uint64_t *malformed,
                          const struct tk_error *err)
{
    if (o->strict)
        return 0;
    ++*malformed;
    if (o->malformed)
        o->malformed(o->ctx, *malformed, err->message);
    return 1;
}

static int read_observations(const struct tk_p2p_load_options *o, const char *path,
                             struct tk_p2p_builder *b, uint64_t *malformed, struct tk_error *err)
{
    struct tk_obs_reader *r;
    struct tk_observation obs;
    struct stat st;
    double size = 0;
    uint64_t rows = 0;
    int rc;

    if ((rc = tk_obs_reader_open(&r, path, err)))
        return rc;
    if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && st.st_size > 0)
        size = (double)st.st_size;
    for (;; rows++) {
        rc = tk_obs_reader_next(r, &obs, err);
        if (rc == TK_ERR_STOP) {
            rc = TK_OK;
            break;
        }
        if (rc == TK_ERR_DATA && skip_malformed(o, malformed, err))
            continue;
        if (rc == TK_OK)
            rc = tk_p2p_builder_add(b, &obs, err);
        if (rc)
            break;
        if (o->progress && size > 0 && (rows & 0xfffff) == 0)
            o->progress(o->ctx, path, (double)tk_obs_reader_offset(r) / size);
    }
    tk_obs_reader_close(r);
    if (rc == TK_OK && rows == 0 && o->warning) /* legal, but most likely the wrong file */
        o->warning(o->ctx, path, "no observations");
    return rc;
}

static int build_graph(const struct tk_p2p_load_options *o, struct tk_p2p_loaded *l,
                       struct tk_error *err)
{
    struct tk_p2p_builder *b = tk_p2p_builder_new();
    int rc = TK_OK;

    if (b == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "p2p: out of memory");
    for (size_t i = 0; i < o->file_count && rc == TK_OK; i++)
        rc = read_observations(o, o->files[i], b, &l->malformed, err);
    if (rc) {
        tk_p2p_builder_free(b);
        return rc;
    }
    phase_done(o, "read");
    if ((rc = tk_p2p_builder_finish(b, &l->graph, err)))
        return rc;
    if (l->graph.observations == 0 && l->malformed > 0)
        return tk_error_set(err, TK_ERR_DATA, "p2p: no valid observation among %llu rows: "
                            "expected CSV or JSON lines of time, reporter, peer (see "
                            "docs/p2p.md)", (unsigned long long)l->malformed);
    phase_done(o, "build");
    return TK_OK;
}

int tk_p2p_load(const struct tk_p2p_load_options *o, struct tk_p2p_loaded *l,
                struct tk_error *err)
{
    int rc;

    memset(l, 0, sizeof *l);
    l->geo = o->geo;
    if ((rc = build_graph(o, l, err)))
        return rc;
    if ((rc = tk_p2p_measure_all(&l->graph, o->analysis, &l->measures, err)))
        return rc;
    phase_done(o, "measure");
    if (l->geo == NULL)
        return TK_OK;
    l->places = malloc((l->graph.node_count ? l->graph.node_count : 1) * sizeof *l->places);
    if (l->places == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "p2p: out of memory");
    if ((rc = tk_p2p_locate(&l->graph, l->geo, l->places, err)))
        return rc;
    phase_done(o, "locate");
    return TK_OK;
}

void tk_p2p_loaded_free(struct tk_p2p_loaded *l)
{
    tk_p2p_graph_free(&l->graph);
    tk_p2p_measures_free(&l->measures);
    free(l->places);
    l->places = NULL;
}
