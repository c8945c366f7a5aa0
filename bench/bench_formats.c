/* bench_formats.c - each format read by hand beside the library that reads it, over the same
 * file held in memory, best of ROUNDS (issue 15: one way to read each format, chosen on this
 * evidence):
 *   JSON lines      the event reader of `report` (tk_event_reader: lines, the hand scanner
 *                   json_scan.c, and every field parsed) beside jansson (json_loadb, then the
 *                   same members looked up, their text not parsed: less work than ours);
 *   dnstap protobuf `report`'s dnstap reader (tk_event_reader: frames, fields decoded by
 *                   hand in protobuf_wire.c, and the DNS question read) beside protobuf-c's
 *                   dnstap__dnstap__unpack and free over the same frames (no DNS reading);
 *   Frame Streams   the reader layer's tk_frame_reader beside libfstrm's reader, counting
 *                   the frames of the same dnstap file.
 * Usage: bench_formats FILE.jsonl FILE.dnstap [ROUNDS]   (bench/gen_events writes both) */
#include <fstrm.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dnstap.pb-c.h"
#include "takedown/event_reader.h"
#include "takedown/frame_reader.h"
#include "takedown/read_file.h"

struct blob {
    const char *path;
    char *data;
    size_t len;
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long long ours_contacts(const struct blob *b)
{
    struct tk_input *in;
    struct tk_event_reader *r;
    struct tk_contact c;
    struct tk_error err = {0};
    enum tk_read_result res;
    long long n = 0;
    if (tk_input_open_memory(&in, b->data, b->len, b->path, &err)
        || tk_event_reader_open_input(&r, in, TK_EVENTS_AUTO, &err))
        return -1;
    while ((res = tk_event_reader_next(r, &c, &err)) != TK_READ_END && res != TK_READ_FAILED)
        n += res == TK_READ_CONTACT;
    tk_event_reader_close(r);
    return n;
}

static int has_members(json_t *o)
{
    static const char *const names[] = {"time", "src", "sport", "proto", "name"};
    json_t *tag = json_object_get(o, "tag");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (json_object_get(o, names[i]) == NULL)
            return 0;
    return json_is_object(tag) && json_string_value(json_object_get(tag, "family")) != NULL
           && json_string_value(json_object_get(tag, "variant")) != NULL
           && json_string_value(json_object_get(tag, "seed")) != NULL;
}

static long long jansson_lines(const struct blob *b)
{
    long long n = 0;
    for (const char *p = b->data, *end = b->data + b->len; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        json_t *o = json_loadb(p, len, JSON_REJECT_DUPLICATES, NULL);
        n += o != NULL && has_members(o);
        json_decref(o);
        p += len + 1;
    }
    return n;
}

/* Calls per on every data frame of the Frame Streams file b; the sum of its answers. */
static long long each_frame(const struct blob *b, int (*per)(const uint8_t *, size_t))
{
    struct tk_input *in;
    struct tk_frame_reader *fr;
    struct tk_error err = {0};
    const uint8_t *data;
    size_t len;
    const char *why;
    long long n = 0;
    if (tk_input_open_memory(&in, b->data, b->len, b->path, &err)
        || tk_frame_reader_open(&fr, in, &err))
        return -1;
    while (tk_frame_reader_next(fr, &data, &len, &why, &err) == TK_FRAME_DATA)
        n += per(data, len);
    tk_frame_reader_close(fr);
    tk_input_close(in);
    return n;
}

static int unpack(const uint8_t *data, size_t len)
{
    Dnstap__Dnstap *d = dnstap__dnstap__unpack(NULL, len, data);
    int ok = d != NULL && d->message != NULL && d->message->has_query_address;
    dnstap__dnstap__free_unpacked(d, NULL);
    return ok;
}

static int one(const uint8_t *data, size_t len)
{
    (void)data;
    (void)len;
    return 1;
}

static long long protobuf_c_frames(const struct blob *b)
{
    return each_frame(b, unpack);
}

static long long ours_frames(const struct blob *b)
{
    return each_frame(b, one);
}

/* libfstrm over the same bytes in memory. */
struct cursor {
    const struct blob *b;
    size_t at;
};

static fstrm_res mem_open(void *obj)
{
    (void)obj;
    return fstrm_res_success;
}

static fstrm_res mem_read(void *obj, void *data, size_t count)
{
    struct cursor *c = obj;
    if (c->b->len - c->at < count)
        return fstrm_res_stop;
    memcpy(data, c->b->data + c->at, count);
    c->at += count;
    return fstrm_res_success;
}

static long long libfstrm_frames(const struct blob *b)
{
    static const char type[] = "protobuf:dnstap.Dnstap";
    struct cursor c = {b, 0};
    struct fstrm_rdwr *rdwr = fstrm_rdwr_init(&c);
    struct fstrm_reader_options *options = fstrm_reader_options_init();
    struct fstrm_reader *r;
    const uint8_t *data;
    size_t len;
    long long n = 0;
    fstrm_rdwr_set_open(rdwr, mem_open);
    fstrm_rdwr_set_close(rdwr, mem_open);
    fstrm_rdwr_set_read(rdwr, mem_read);
    fstrm_reader_options_add_content_type(options, type, sizeof type - 1);
    r = fstrm_reader_init(options, &rdwr);
    fstrm_reader_options_destroy(&options);
    if (r == NULL || fstrm_reader_open(r) != fstrm_res_success)
        return -1;
    while (fstrm_reader_read(r, &data, &len) == fstrm_res_success)
        n++;
    fstrm_reader_destroy(&r);
    return n;
}

/* Seconds of the best round; *count the records the last round read. */
static double best_of(long long (*fn)(const struct blob *), const struct blob *b, int rounds,
                      long long *count)
{
    double best = 0;
    for (int i = 0; i < rounds; i++) {
        double t0 = now();
        *count = fn(b);
        double t = now() - t0;
        if (i == 0 || t < best)
            best = t;
    }
    return best;
}

static void compare(const char *what, const char *ours_label, long long (*ours)(const struct blob *),
                    const char *peer_label, long long (*peer)(const struct blob *),
                    const struct blob *b, int rounds)
{
    long long n_ours, n_peer;
    double t_ours = best_of(ours, b, rounds, &n_ours);
    double t_peer = best_of(peer, b, rounds, &n_peer);
    printf("== %s (%s, %.0f MB)\n", what, b->path, (double)b->len / 1e6);
    printf("  %-40s %10lld records %8.3f s %12.0f records/s\n", ours_label, n_ours, t_ours,
           (double)n_ours / t_ours);
    printf("  %-40s %10lld records %8.3f s %12.0f records/s\n", peer_label, n_peer, t_peer,
           (double)n_peer / t_peer);
    printf("  ratio: by hand %.1fx the library\n", t_peer / t_ours);
}

static int load(struct blob *b, const char *path)
{
    struct tk_error err = {0};
    b->path = path;
    if (tk_read_file(path, &b->data, &b->len, &err) != TK_OK) {
        fprintf(stderr, "bench_formats: %s\n", err.message);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct blob jsonl, dnstap;
    int rounds = argc > 3 ? atoi(argv[3]) : 3;
    if (argc < 3 || rounds < 1) {
        fprintf(stderr, "usage: bench_formats FILE.jsonl FILE.dnstap [ROUNDS]\n");
        return 2;
    }
    if (load(&jsonl, argv[1]) || load(&dnstap, argv[2]))
        return 1;
    compare("JSON lines", "json_scan.c (report's reader, all fields)", ours_contacts,
            "jansson (tree, members looked up)", jansson_lines, &jsonl, rounds);
    compare("dnstap protobuf", "protobuf_wire.c (report's reader, +DNS)", ours_contacts,
            "protobuf-c unpack (frames by tk_frame)", protobuf_c_frames, &dnstap, rounds);
    compare("Frame Streams", "tk_frame_reader (frames counted)", ours_frames,
            "libfstrm reader (frames counted)", libfstrm_frames, &dnstap, rounds);
    free(jsonl.data);
    free(dnstap.data);
    return 0;
}
