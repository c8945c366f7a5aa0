/* fuzz_hunt_hosts.c - libFuzzer target for the host hunt: the input is read as Unbound or
 * JSON lines (the first byte picks), every record goes into a hunt (with the built-in
 * detector, loaded once), which is then finished; every cluster must name known names and
 * clients, and every client's counts must hold together. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "takedown/detect.h"
#include "takedown/domain.h"
#include "takedown/hosts.h"
#include "takedown/logs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct tk_detector *detector(void)
{
    static struct tk_detector *d;
    struct tk_error err = {0};
    if (d == NULL && (tk_psl_init(&err) || tk_detector_load(NULL, &d, &err)))
        __builtin_trap();
    return d;
}

static void check(const struct tk_hosts *h)
{
    for (size_t k = 0; k < tk_hosts_cluster_count(h); k++) {
        const struct tk_host_cluster *c = tk_hosts_cluster_at(h, k);
        if (c->name_count == 0 || c->client_count < 2)
            __builtin_trap();
        for (size_t i = 0; i < c->name_count; i++)
            if (c->names[i] >= tk_hosts_name_count(h))
                __builtin_trap();
        for (size_t i = 0; i < c->client_count; i++)
            if (c->clients[i] >= tk_hosts_host_count(h))
                __builtin_trap();
    }
    for (size_t i = 0; i < tk_hosts_host_count(h); i++) {
        const struct tk_host *host = tk_hosts_host_at(h, i);
        if (host->dga_queries > host->queries || host->dga_names > host->dga_queries
            || host->cluster_names > host->dga_names || host->reason == NULL)
            __builtin_trap();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct tk_log_line_state state;
    struct tk_log_record rec;
    struct tk_error err = {0};
    struct tk_hosts_options o;

    if (size == 0)
        return 0;
    enum tk_log_format format = data[0] & 1 ? TK_LOG_JSONL : TK_LOG_UNBOUND;
    tk_hosts_options_default(&o);
    o.detector = detector();
    o.threshold = tk_detector_threshold(o.detector);
    o.min_group_names = 1 + data[0] % 4;
    struct tk_hosts *h = tk_hosts_new(&o);
    if (h == NULL)
        return 0;
    const char *text = (const char *)data + 1;
    size_t left = size - 1;
    tk_log_line_state_init(&state);
    while (left > 0) {
        const char *nl = memchr(text, '\n', left);
        size_t len = nl ? (size_t)(nl - text) : left;
        int skip = 0;
        if (tk_log_parse_line(format, text, len, &state, &rec, &skip, &err) == TK_OK && !skip
            && tk_hosts_add(h, &rec) != TK_OK)
            __builtin_trap();
        text += len + (nl ? 1 : 0);
        left -= len + (nl ? 1 : 0);
    }
    if (tk_hosts_finish(h) != TK_OK)
        __builtin_trap();
    check(h);
    tk_hosts_free(h);
    return 0;
}
