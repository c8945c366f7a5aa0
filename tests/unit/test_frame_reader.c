/* test_frame_reader.c - Frame Streams files read by hand (frame_reader.h): the START frame's
 * content types, data frames in order, control frames skipped, STOP, and the ways a file
 * ends early or is corrupt. Files are built here from fstrm's protocol description. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "takedown/frame_reader.h"

struct file {
    uint8_t bytes[4096];
    size_t len;
};

static void put32(struct file *f, uint32_t v)
{
    f->bytes[f->len++] = (uint8_t)(v >> 24);
    f->bytes[f->len++] = (uint8_t)(v >> 16);
    f->bytes[f->len++] = (uint8_t)(v >> 8);
    f->bytes[f->len++] = (uint8_t)v;
}

/* A control frame: escape, length, type, then one content-type field when type is given. */
static void control(struct file *f, uint32_t type, const char *content_type)
{
    size_t n = content_type ? strlen(content_type) : 0;
    put32(f, 0);
    put32(f, (uint32_t)(4 + (content_type ? 8 + n : 0)));
    put32(f, type);
    if (content_type) {
        put32(f, 1);
        put32(f, (uint32_t)n);
        memcpy(f->bytes + f->len, content_type, n);
        f->len += n;
    }
}

static void data(struct file *f, const char *text)
{
    put32(f, (uint32_t)strlen(text));
    memcpy(f->bytes + f->len, text, strlen(text));
    f->len += strlen(text);
}

static struct tk_input *input(const struct file *f)
{
    struct tk_input *in;
    struct tk_error err = {0};
    assert_int_equal(tk_input_open_memory(&in, f->bytes, f->len, "test.fstrm", &err), TK_OK);
    return in;
}

static void frames_in_order(void **state)
{
    struct file f = {0};
    struct tk_error err = {0};
    struct tk_frame_reader *r;
    const uint8_t *frame;
    size_t len;
    const char *why = NULL;
    (void)state;
    control(&f, 2, "protobuf:dnstap.Dnstap");
    data(&f, "first");
    control(&f, 5, NULL); /* another control frame: skipped */
    data(&f, "second");
    control(&f, 3, NULL);
    struct tk_input *in = input(&f);
    assert_int_equal(tk_frame_reader_open(&r, in, &err), TK_OK);
    assert_true(tk_frame_reader_has_type(r, "protobuf:dnstap.Dnstap"));
    assert_false(tk_frame_reader_has_type(r, "protobuf:takedown.Event"));
    assert_int_equal(tk_frame_reader_next(r, &frame, &len, &why, &err), TK_FRAME_DATA);
    assert_int_equal(len, 5);
    assert_memory_equal(frame, "first", 5);
    assert_int_equal(tk_frame_reader_next(r, &frame, &len, &why, &err), TK_FRAME_DATA);
    assert_memory_equal(frame, "second", 6);
    assert_int_equal(tk_frame_reader_count(r), 2);
    assert_int_equal(tk_frame_reader_next(r, &frame, &len, &why, &err), TK_FRAME_END);
    tk_frame_reader_close(r);
    tk_input_close(in);
}

/* The file cut after n bytes: what the reader says after its whole frames. */
static enum tk_frame_result cut_after(const struct file *whole, size_t n, uint64_t *frames,
                                      const char **why)
{
    struct file f = *whole;
    struct tk_error err = {0};
    struct tk_frame_reader *r;
    const uint8_t *frame;
    size_t len;
    enum tk_frame_result result;
    f.len = n;
    struct tk_input *in = input(&f);
    assert_int_equal(tk_frame_reader_open(&r, in, &err), TK_OK);
    while ((result = tk_frame_reader_next(r, &frame, &len, why, &err)) == TK_FRAME_DATA)
        ;
    *frames = tk_frame_reader_count(r);
    tk_frame_reader_close(r);
    tk_input_close(in);
    return result;
}

static void files_that_end_early(void **state)
{
    struct file f = {0};
    uint64_t frames;
    const char *why = NULL;
    (void)state;
    control(&f, 2, "protobuf:takedown.Event");
    size_t start = f.len;
    data(&f, "one");
    data(&f, "two");
    size_t whole = f.len;
    control(&f, 3, NULL);

    assert_int_equal(cut_after(&f, whole, &frames, &why), TK_FRAME_CUT);
    assert_int_equal(frames, 2);
    assert_non_null(strstr(why, "without a STOP frame"));
    assert_int_equal(cut_after(&f, whole - 1, &frames, &why), TK_FRAME_CUT);
    assert_int_equal(frames, 1);
    assert_non_null(strstr(why, "cut inside a frame"));
    assert_int_equal(cut_after(&f, start + 2, &frames, &why), TK_FRAME_CUT);
    assert_int_equal(frames, 0);
    assert_non_null(strstr(why, "frame length"));
    assert_int_equal(cut_after(&f, whole + 6, &frames, &why), TK_FRAME_CUT);
    assert_non_null(strstr(why, "control frame"));
}

static void bad_files(void **state)
{
    struct file f = {0}, big = {0};
    struct tk_error err = {0};
    struct tk_frame_reader *r;
    const uint8_t *frame;
    size_t len;
    const char *why;
    (void)state;
    data(&f, "{\"not\":\"framed\"}");
    struct tk_input *in = input(&f);
    assert_int_equal(tk_frame_reader_open(&r, in, &err), TK_ERR_DATA);
    assert_non_null(strstr(err.message, "test.fstrm: expected a Frame Streams START frame"));
    tk_input_close(in);

    control(&big, 2, "protobuf:takedown.Event");
    put32(&big, TK_FRAME_MAX + 1);
    in = input(&big);
    assert_int_equal(tk_frame_reader_open(&r, in, &err), TK_OK);
    assert_int_equal(tk_frame_reader_next(r, &frame, &len, &why, &err), TK_FRAME_FAILED);
    assert_non_null(strstr(err.message, "the file is corrupt"));
    tk_frame_reader_close(r);
    tk_input_close(in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(frames_in_order),
        cmocka_unit_test(files_that_end_early),
        cmocka_unit_test(bad_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
