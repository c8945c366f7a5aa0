/* test_nameset.c - de-duplication, first-seen order and tags of the name set. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "takedown/nameset.h"

static void order_and_tags(void **state)
{
    struct tk_nameset *s = tk_nameset_new();
    size_t len;
    (void)state;
    assert_int_equal(tk_nameset_add(s, "b.com", 5, 0, 10, 12), TK_OK);
    assert_int_equal(tk_nameset_add(s, "a.com", 5, 0, 10, 12), TK_OK);
    assert_int_equal(tk_nameset_add(s, "b.com", 5, 0, 13, 15), TK_OK);
    assert_int_equal(tk_nameset_add(s, "b.com", 5, 1, 11, 11), TK_OK);
    assert_int_equal(tk_nameset_count(s), 2);
    const char *n = tk_nameset_name(s, 0, &len);
    assert_int_equal(len, 5);
    assert_memory_equal(n, "b.com", 5);
    uint32_t t = tk_nameset_first_tag(s, 0);
    const struct tk_name_tag *tag = tk_nameset_tag(s, t);
    assert_int_equal(tag->source, 0);
    assert_int_equal(tag->first, 10);
    assert_int_equal(tag->last, 15);
    tag = tk_nameset_tag(s, tag->next);
    assert_int_equal(tag->source, 1);
    assert_int_equal(tag->first, 11);
    assert_int_equal(tag->next, UINT32_MAX);
    assert_int_equal(tk_nameset_add(s, "", 0, 0, 1, 1), TK_ERR_USAGE);
    tk_nameset_free(s);
}

/* A plain list's name has no tag (so no dates); a tagged copy of it keeps only real tags. */
static void untagged_names(void **state)
{
    struct tk_nameset *s = tk_nameset_new();
    (void)state;
    assert_int_equal(tk_nameset_add_untagged(s, "a.com", 5), TK_OK);
    assert_int_equal(tk_nameset_add_untagged(s, "a.com", 5), TK_OK);
    assert_int_equal(tk_nameset_count(s), 1);
    assert_int_equal(tk_nameset_first_tag(s, 0), UINT32_MAX);
    assert_int_equal(tk_nameset_add(s, "a.com", 5, 3, 20, 21), TK_OK);
    assert_int_equal(tk_nameset_add_untagged(s, "a.com", 5), TK_OK);
    const struct tk_name_tag *tag = tk_nameset_tag(s, tk_nameset_first_tag(s, 0));
    assert_int_equal(tag->source, 3);
    assert_int_equal(tag->next, UINT32_MAX);
    assert_int_equal(tk_nameset_add_untagged(s, "", 0), TK_ERR_USAGE);
    tk_nameset_free(s);
}

static void many_names_survive_rehash(void **state)
{
    struct tk_nameset *s = tk_nameset_new();
    char name[32];
    (void)state;
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < 200000; i++) {
            int n = snprintf(name, sizeof name, "n%d.example", i);
            assert_int_equal(tk_nameset_add(s, name, (size_t)n, 0, round, round), TK_OK);
        }
    assert_int_equal(tk_nameset_count(s), 200000);
    for (int i = 0; i < 200000; i += 9973) {
        size_t len;
        const char *p = tk_nameset_name(s, (size_t)i, &len);
        int n = snprintf(name, sizeof name, "n%d.example", i);
        assert_int_equal(len, (size_t)n);
        assert_memory_equal(p, name, len);
        const struct tk_name_tag *tag = tk_nameset_tag(s, tk_nameset_first_tag(s, (size_t)i));
        assert_int_equal(tag->first, 0);
        assert_int_equal(tag->last, 1);
    }
    tk_nameset_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(order_and_tags),
        cmocka_unit_test(untagged_names),
        cmocka_unit_test(many_names_survive_rehash),
    };
    return cmocka_run_group_tests_name("nameset", tests, NULL, NULL);
}
