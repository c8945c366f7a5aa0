/* test_index.c - the attribution index: what goes in comes out of the mapped file, day
 * ranges merge as documented, damaged files are refused, lookups never allocate, and an
 * index built from the generators attributes their names to the right source and days. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "takedown/index.h"
#include "takedown/sources.h"

static char path[64];

static int make_path(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "/tmp/test_index.%d.tki", (int)getpid());
    return 0;
}

static int remove_path(void **state)
{
    (void)state;
    unlink(path);
    return 0;
}

static struct tk_index_builder *two_sources(void)
{
    struct tk_index_builder *b = tk_index_builder_new();
    struct tk_index_source necurs = {"necurs", "default", "9", 1};
    struct tk_index_source banjori = {"banjori", "default", "nodomen.com", 0};
    struct tk_error err = {0};
    assert_non_null(b);
    assert_int_equal(tk_index_builder_add_source(b, &necurs, &err), TK_OK);
    assert_int_equal(tk_index_builder_add_source(b, &banjori, &err), TK_OK);
    return b;
}

static void ranges_merge_and_stay_sorted(void **state)
{
    struct tk_index_builder *b = two_sources();
    struct tk_index *idx;
    struct tk_index_hit hit;
    struct tk_error err = {0};
    (void)state;
    /* Touching ranges of one source merge; a gap starts a new range; another source adds
     * its own. Case and a trailing dot do not matter. */
    assert_int_equal(tk_index_builder_add(b, "Abc.COM.", 8, 0, 100, 103, &err), TK_OK);
    assert_int_equal(tk_index_builder_add(b, "abc.com", 7, 0, 104, 107, &err), TK_OK);
    assert_int_equal(tk_index_builder_add(b, "abc.com", 7, 0, 120, 123, &err), TK_OK);
    assert_int_equal(tk_index_builder_add(b, "abc.com", 7, 1, 0, 200, &err), TK_OK);
    assert_int_equal(tk_index_builder_add(b, "other.net", 9, 0, 5, 5, &err), TK_OK);
    assert_int_equal(tk_index_builder_add(b, "x.com", 5, 7, 5, 5, &err), TK_ERR_USAGE);
    assert_int_equal(tk_index_builder_name_count(b), 2);
    assert_int_equal(tk_index_builder_write(b, path, 100, 200, &err), TK_OK);
    tk_index_builder_free(b);

    assert_int_equal(tk_index_open(path, &idx, &err), TK_OK);
    assert_int_equal(tk_index_name_count(idx), 2);
    assert_int_equal(tk_index_source_count(idx), 2);
    assert_true(tk_index_lookup(idx, "ABC.com.", 8, &hit));
    assert_int_equal(hit.name_len, 7);
    assert_memory_equal(hit.name, "abc.com", 7);
    assert_int_equal(hit.range_count, 3);
    assert_int_equal(hit.ranges[0].source, 0);
    assert_int_equal(hit.ranges[0].first, 100);
    assert_int_equal(hit.ranges[0].last, 107);
    assert_int_equal(hit.ranges[1].first, 120);
    assert_int_equal(hit.ranges[2].source, 1);
    struct tk_index_source s = tk_index_source_at(idx, 1);
    assert_string_equal(s.family, "banjori");
    assert_string_equal(s.seed, "nodomen.com");
    assert_false(s.dated);
    assert_false(tk_index_lookup(idx, "abc.co", 6, &hit));
    assert_false(tk_index_lookup(idx, "", 0, &hit));
    tk_day from, to;
    tk_index_window(idx, &from, &to);
    assert_int_equal(from, 100);
    assert_int_equal(to, 200);
    tk_index_close(idx);
}

static void many_names_and_batched_lookups(void **state)
{
    struct tk_index_builder *b = two_sources();
    struct tk_index *idx;
    struct tk_error err = {0};
    enum { N = 50000, BATCH = 1000 };
    char name[32];
    (void)state;
    for (int i = 0; i < N; i++) {
        int n = snprintf(name, sizeof name, "n%dq.example", i);
        assert_int_equal(tk_index_builder_add(b, name, (size_t)n, (uint32_t)(i % 2), i, i, &err),
                         TK_OK);
    }
    assert_int_equal(tk_index_builder_open_memory(b, 0, N, &idx, &err), TK_OK);
    tk_index_builder_free(b);

    static char names[BATCH][32];
    const char *ptrs[BATCH];
    size_t lens[BATCH];
    struct tk_index_hit hits[BATCH];
    int found[BATCH];
    for (int i = 0; i < BATCH; i++) {
        /* Every other name is absent. */
        lens[i] = (size_t)snprintf(names[i], sizeof names[i], i % 2 ? "n%dq.example" : "n%dz.example",
                                   i * 37);
        ptrs[i] = names[i];
    }
    tk_index_lookup_many(idx, ptrs, lens, BATCH, hits, found);
    for (int i = 0; i < BATCH; i++) {
        struct tk_index_hit single;
        int one = tk_index_lookup(idx, ptrs[i], lens[i], &single);
        assert_int_equal(found[i], one);
        assert_int_equal(found[i], i % 2);
        if (one) {
            assert_ptr_equal(hits[i].ranges, single.ranges);
            assert_int_equal(hits[i].ranges[0].first, i * 37);
            assert_int_equal(hits[i].ranges[0].source, (uint32_t)((i * 37) % 2));
        }
    }
    tk_index_close(idx);
}

static void lookups_do_not_allocate(void **state)
{
    struct tk_index_builder *b = two_sources();
    struct tk_index *idx;
    struct tk_index_hit hit;
    struct tk_error err = {0};
    (void)state;
    assert_int_equal(tk_index_builder_add(b, "present.com", 11, 0, 1, 1, &err), TK_OK);
    assert_int_equal(tk_index_builder_write(b, path, 1, 1, &err), TK_OK);
    tk_index_builder_free(b);
    assert_int_equal(tk_index_open(path, &idx, &err), TK_OK);
    struct mallinfo2 before = mallinfo2();
    int found = 0;
    for (int i = 0; i < 100000; i++) {
        found += tk_index_lookup(idx, "present.com", 11, &hit);
        found += tk_index_lookup(idx, "absent.com", 10, &hit);
    }
    struct mallinfo2 after = mallinfo2();
    assert_int_equal(found, 100000);
    assert_int_equal(before.uordblks, after.uordblks);
    assert_int_equal(before.hblkhd, after.hblkhd);
    tk_index_close(idx);
}

static void damaged_files_are_refused(void **state)
{
    struct tk_index_builder *b = two_sources();
    struct tk_index *idx = NULL;
    struct tk_error err = {0};
    (void)state;
    assert_int_equal(tk_index_builder_add(b, "a.com", 5, 0, 1, 1, &err), TK_OK);
    assert_int_equal(tk_index_builder_write(b, path, 1, 1, &err), TK_OK);
    tk_index_builder_free(b);

    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static unsigned char data[1 << 16] __attribute__((aligned(8)));
    size_t size = fread(data, 1, sizeof data, f);
    fclose(f);
    assert_true(size > 128);

    /* Cut short. */
    assert_int_equal(tk_index_open_memory(data, size - 1, &idx, &err), TK_ERR_DATA);
    assert_non_null(strstr(err.message, "cut short"));
    /* Not an index at all. */
    data[0] ^= 0xFF;
    assert_int_equal(tk_index_open_memory(data, size, &idx, &err), TK_ERR_DATA);
    assert_non_null(strstr(err.message, "magic"));
    data[0] ^= 0xFF;
    /* Another version. */
    data[8] = 99;
    assert_int_equal(tk_index_open_memory(data, size, &idx, &err), TK_ERR_DATA);
    assert_non_null(strstr(err.message, "version"));
    data[8] = 1;
    assert_int_equal(tk_index_open_memory(data, size, &idx, &err), TK_OK);
    tk_index_close(idx);
    /* A file that is not there. */
    assert_int_equal(tk_index_open("/nonexistent/index.tki", &idx, &err), TK_ERR_IO);
}

static int collect(void *ctx, const char *name, size_t len)
{
    char **names = ctx;
    size_t n = 0;
    while (names[n])
        n++;
    names[n] = strndup(name, len);
    return TK_OK;
}

static void generated_names_are_attributed(void **state)
{
    struct tk_source_list list = {0};
    struct tk_error err = {0};
    struct tk_index *idx;
    const char *keys[] = {"date"}, *values[] = {"2020-03-01"};
    struct tk_overrides ov = {keys, values, 1};
    tk_day from, to;
    (void)state;
    assert_int_equal(tk_day_parse("2020-03-01", &from, &err), TK_OK);
    to = from + 9;
    assert_int_equal(tk_sources_add(&list, tk_family_find("necurs"), NULL, &ov, "9", &err), TK_OK);
    assert_int_equal(tk_sources_add(&list, tk_family_find("necurs"), NULL, &ov, "10", &err), TK_OK);
    assert_int_equal(tk_index_build(list.items, list.count, from, to, NULL, path, NULL, &err),
                     TK_OK);
    assert_int_equal(tk_index_open(path, &idx, &err), TK_OK);

    /* The malware's own list for 2020-03-05 (period of days 4-7) under magic 10. */
    static char *names[2100];
    memset(names, 0, sizeof names);
    struct tk_source one = list.items[1];
    one.args = tk_args_clone(list.items[1].args);
    tk_args_set(one.args, "date", "2020-03-05", &err);
    assert_int_equal(tk_predict_once(&one, collect, names, &err), TK_OK);
    tk_args_free(one.args);
    for (size_t i = 0; names[i]; i++) {
        struct tk_index_hit hit;
        assert_true(tk_index_lookup(idx, names[i], strlen(names[i]), &hit));
        int seen = 0;
        for (size_t r = 0; r < hit.range_count; r++)
            if (hit.ranges[r].source == 1 && hit.ranges[r].first <= from + 4
                && hit.ranges[r].last >= from + 4) {
                assert_int_equal(hit.ranges[r].first, from + 3);
                assert_int_equal(hit.ranges[r].last, from + 6);
                seen = 1;
            }
        assert_true(seen);
        free(names[i]);
    }
    tk_index_close(idx);
    tk_sources_free(&list);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(ranges_merge_and_stay_sorted, make_path, remove_path),
        cmocka_unit_test(many_names_and_batched_lookups),
        cmocka_unit_test_setup_teardown(lookups_do_not_allocate, make_path, remove_path),
        cmocka_unit_test_setup_teardown(damaged_files_are_refused, make_path, remove_path),
        cmocka_unit_test_setup_teardown(generated_names_are_attributed, make_path, remove_path),
    };
    return cmocka_run_group_tests_name("index", tests, NULL, NULL);
}
