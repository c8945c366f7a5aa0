/* test_attribute.c - attribution without an index: the shape filter never rules out a name
 * a source really generates (for every family, variant and known seed), a generated name is
 * traced back to its source and days, and the hunt tallies clients and names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "takedown/attribute.h"
#include "takedown/local_seeds.h"
#include "takedown/domain.h"
#include "takedown/hunt.h"
#include "takedown/index.h"
#include "takedown/match.h"

struct shape_check {
    const struct tk_source *sources;
    size_t checked;
};

static int check_shape(void *ctx, size_t source, tk_day first, tk_day last, const char *name,
                       size_t len)
{
    struct shape_check *c = ctx;
    char lower[256];
    (void)first;
    (void)last;
    if (len == 0 || len > 253)
        return TK_OK;
    tk_domain_lower(name, len, lower);
    if (!tk_source_could_generate(&c->sources[source], lower, len))
        fail_msg("%s/%s seed '%s' generates %.*s, which its shape filter rules out",
                 c->sources[source].family->name, c->sources[source].variant->name,
                 c->sources[source].seed, (int)len, lower);
    c->checked++;
    return TK_OK;
}

static void shape_filter_keeps_every_generated_name(void **state)
{
    struct tk_error err = {0};
    const char *keys[] = {"date"}, *values[] = {"2019-06-03"};
    struct tk_overrides ov = {keys, values, 1};
    tk_day day;
    (void)state;
    assert_int_equal(tk_day_parse("2019-06-03", &day, &err), TK_OK);
    for (size_t i = 0; i < tk_family_count(); i++) {
        struct tk_source_list list = {0};
        assert_int_equal(tk_sources_add_family_seeds(&list, tk_family_at(i), NULL, 0, &ov, NULL, &err),
                         TK_OK);
        struct shape_check c = {list.items, 0};
        assert_int_equal(tk_predict_window(list.items, list.count, day, day + 1, NULL, check_shape,
                                           &c, &err), TK_OK);
        assert_true(c.checked > 0);
        tk_sources_free(&list);
    }
}

static int take(void *ctx, const char *name, size_t len)
{
    memcpy(ctx, name, len);
    ((char *)ctx)[len] = '\0';
    return TK_OK;
}

static void generated_name_is_traced(void **state)
{
    struct tk_source_list list = {0};
    struct tk_index_build_stats stats = {0};
    struct tk_index *idx = NULL;
    struct tk_index_hit hit;
    struct tk_error err = {0};
    const char *keys[] = {"date"}, *values[] = {"2020-03-01"};
    struct tk_overrides ov = {keys, values, 1};
    tk_day from;
    (void)state;
    assert_int_equal(tk_day_parse("2020-03-01", &from, &err), TK_OK);
    for (size_t i = 0; i < tk_family_count(); i++)
        assert_int_equal(tk_sources_add_family_seeds(&list, tk_family_at(i), NULL, 0, &ov, NULL, &err),
                         TK_OK);
    /* The first name Necurs (magic 9) generates on 2020-03-05. */
    size_t necurs = 0;
    while (strcmp(list.items[necurs].family->name, "necurs") != 0)
        necurs++;
    struct tk_source one = list.items[necurs];
    char first_name[64] = "";
    one.args = tk_args_clone(list.items[necurs].args);
    tk_args_set(one.args, "date", "2020-03-05", &err);
    tk_args_set(one.args, "count", "1", &err);
    assert_int_equal(tk_predict_once(&one, take, first_name, &err), TK_OK);
    tk_args_free(one.args);

    /* Asked in upper case with a trailing dot, twice, beside a name no family generates. */
    char upper[66];
    size_t n = strlen(first_name);
    for (size_t i = 0; i < n; i++)
        upper[i] = (char)(first_name[i] >= 'a' && first_name[i] <= 'z' ? first_name[i] - 32
                                                                     : first_name[i]);
    upper[n] = '.';
    const char *names[] = {upper, "google.com", first_name};
    size_t lens[] = {n + 1, 10, n};
    assert_int_equal(tk_index_build_names(list.items, list.count, from, from + 30, names, lens, 3,
                                          NULL, &idx, &stats, &err), TK_OK);
    assert_int_equal(stats.names, 1);
    assert_true(stats.generated > 1000);
    assert_true(tk_index_lookup(idx, first_name, n, &hit));
    assert_int_equal(hit.range_count, 1);
    assert_int_equal(hit.ranges[0].source, necurs);
    assert_int_equal(hit.ranges[0].first, from + 3);
    assert_int_equal(hit.ranges[0].last, from + 6);
    assert_false(tk_index_lookup(idx, "google.com", 10, &hit));
    /* The shape filter left most sources out. */
    assert_true(stats.sources_run > 0 && stats.sources_run < list.count);
    tk_index_close(idx);
    tk_sources_free(&list);
}

static void hunt_tallies(void **state)
{
    struct tk_index_builder *b = tk_index_builder_new();
    struct tk_index_source s = {"necurs", "default", "9", 1};
    struct tk_index *idx;
    struct tk_index_hit hit;
    struct tk_error err = {0};
    (void)state;
    assert_int_equal(tk_index_builder_add_source(b, &s, &err), TK_OK);
    assert_int_equal(tk_index_builder_add(b, "a.com", 5, 0, 1, 4, &err), TK_OK);
    assert_int_equal(tk_index_builder_add(b, "b.com", 5, 0, 1, 4, &err), TK_OK);
    assert_int_equal(tk_index_builder_open_memory(b, 1, 4, &idx, &err), TK_OK);
    tk_index_builder_free(b);

    struct tk_hunt *h = tk_hunt_new(idx);
    assert_true(tk_index_lookup(idx, "a.com", 5, &hit));
    assert_int_equal(tk_hunt_add(h, "a.com", 5, &hit, 0, "10.0.0.1", 8, 300), TK_OK);
    assert_int_equal(tk_hunt_add(h, "a.com", 5, &hit, 0, "10.0.0.1", 8, 100), TK_OK);
    assert_int_equal(tk_hunt_add(h, "a.com", 5, &hit, 0, "10.0.0.2", 8, 200), TK_OK);
    assert_true(tk_index_lookup(idx, "b.com", 5, &hit));
    assert_int_equal(tk_hunt_add(h, "b.com", 5, &hit, 0, "10.0.0.1", 8, 500), TK_OK);
    assert_int_equal(tk_hunt_add(h, "zz.example", 10, NULL, 0.97, "10.0.0.3", 8, INT64_MIN), TK_OK);
    assert_int_equal(tk_hunt_finish(h), TK_OK);

    assert_int_equal(tk_hunt_name_count(h), 3);
    const struct tk_hunt_name *n = tk_hunt_name_at(h, 0);
    assert_string_equal(n->name, "a.com");
    assert_int_equal(n->queries, 3);
    assert_int_equal(n->clients, 2);
    assert_int_equal(n->first_seen, 100);
    assert_int_equal(n->last_seen, 300);
    n = tk_hunt_name_at(h, 2);
    assert_null(n->ranges);
    assert_true(n->score > 0.96);

    assert_int_equal(tk_hunt_client_count(h), 3);
    const struct tk_hunt_client *c = tk_hunt_client_at(h, 0);
    assert_string_equal(c->client, "10.0.0.1");
    assert_string_equal(c->family, "necurs");
    assert_int_equal(c->names, 2);
    assert_int_equal(c->queries, 3);
    assert_int_equal(c->first_seen, 100);
    assert_int_equal(c->last_seen, 500);
    c = tk_hunt_client_at(h, 2);
    assert_string_equal(c->family, TK_HUNT_UNKNOWN_FAMILY);
    assert_int_equal(c->first_seen, INT64_MIN);
    tk_hunt_free(h);
    tk_index_close(idx);
}

/* One query at a time: exact on its days, not when excluded or far from its days, else an
 * unknown DGA through the detector unless allowed. */
static void match_rules(void **state)
{
    struct tk_index_builder *b = tk_index_builder_new();
    struct tk_index_source s = {"necurs", "default", "9", 1};
    struct tk_index *idx;
    struct tk_error err = {0};
    struct tk_allowlist *exclude = NULL;
    struct tk_detector *detector = NULL;
    char path[] = "/tmp/test_match_rules_XXXXXX";
    int fd = mkstemp(path);
    (void)state;
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "b.com\nallowed.example\n", 22), 22);
    close(fd);
    assert_int_equal(tk_index_builder_add_source(b, &s, &err), TK_OK);
    assert_int_equal(tk_index_builder_add(b, "a.com", 5, 0, 100, 103, &err), TK_OK);
    assert_int_equal(tk_index_builder_add(b, "b.com", 5, 0, 100, 103, &err), TK_OK);
    assert_int_equal(tk_index_builder_open_memory(b, 100, 103, &idx, &err), TK_OK);
    tk_index_builder_free(b);
    assert_int_equal(tk_allowlist_new(0, &exclude, &err), TK_OK);
    assert_int_equal(tk_allowlist_add_file(exclude, path, &err), TK_OK);
    unlink(path);

    struct tk_match_rules rules = {idx, exclude, 7, NULL, NULL, 0};
    struct tk_match_counts counts = {0};
    struct tk_hunt *h = tk_hunt_new(idx);
    int64_t on_day = tk_day_to_unix(101), late = tk_day_to_unix(111);
    assert_int_equal(tk_match_query(&rules, h, &counts, "a.com", 5, "c", 1, on_day), TK_OK);
    assert_int_equal(tk_match_query(&rules, h, &counts, "a.com", 5, "c", 1, INT64_MIN), TK_OK);
    assert_int_equal(tk_match_query(&rules, h, &counts, "a.com", 5, "c", 1, late), TK_OK);
    assert_int_equal(tk_match_query(&rules, h, &counts, "b.com", 5, "c", 1, on_day), TK_OK);
    assert_int_equal(tk_match_query(&rules, h, &counts, "x.example", 9, "c", 1, on_day), TK_OK);
    assert_int_equal(counts.queries, 5);
    assert_int_equal(counts.matched, 2);
    assert_int_equal(counts.off_days, 1);
    assert_int_equal(counts.excluded, 1);
    assert_int_equal(counts.unknown, 0);
    rules.date_slack = -1; /* times not compared */
    assert_int_equal(tk_match_query(&rules, h, &counts, "a.com", 5, "c", 1, late), TK_OK);
    assert_int_equal(counts.matched, 3);

    /* The detector at threshold 0 reports every name it is given, but not allowed ones. */
    assert_int_equal(tk_detector_load(NULL, &detector, &err), TK_OK);
    rules.detector = detector;
    rules.allow = exclude;
    assert_int_equal(tk_match_query(&rules, h, &counts, "X.Example.", 10, "c", 1, on_day), TK_OK);
    assert_int_equal(tk_match_query(&rules, h, &counts, "allowed.example", 15, "c", 1, on_day),
                     TK_OK);
    assert_int_equal(counts.unknown, 1);
    assert_int_equal(tk_hunt_finish(h), TK_OK);
    assert_int_equal(tk_hunt_name_count(h), 2);
    assert_string_equal(tk_hunt_name_at(h, 1)->name, "x.example");
    tk_detector_free(detector);
    tk_allowlist_free(exclude);
    tk_hunt_free(h);
    tk_index_close(idx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shape_filter_keeps_every_generated_name),
        cmocka_unit_test(generated_name_is_traced),
        cmocka_unit_test(hunt_tallies),
        cmocka_unit_test(match_rules),
    };
    return cmocka_run_group_tests_name("attribute", tests, NULL, NULL);
}
