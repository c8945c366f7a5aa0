/* test_recover_inv3.c - seed recovery by inversion for dated families (locky): a seed and a
 * day drawn at random at test time generate a list, and recover on one of its names over a
 * window around the day hands back the seed, with a day of the right period, among few
 * candidates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "recover_harness.h"

/* True when a candidate is params with a day in from..to on which params generates name. */
static int has(const struct recover_candidates *c, const char *family, const char *variant,
               const char *params, const char *name, tk_day from, tk_day to)
{
    for (size_t i = 0; i < c->count && i < RECOVER_MAX_CANDIDATES; i++) {
        if (strcmp(c->params[i], params) != 0 || c->days[i] < from || c->days[i] > to)
            continue;
        struct recover_names n;
        recover_generate(family, variant, params, c->days[i], &n);
        for (size_t k = 0; k < n.count; k++)
            if (strcmp(n.list[k], name) == 0)
                return 1;
    }
    return 0;
}

/* A day in 2012-2020 and a window of 20 days holding it. */
static tk_day random_day(tk_day *from, tk_day *to)
{
    tk_day first = tk_day_from_civil(2012, 1, 1);
    tk_day day = first + rand() % (tk_day_from_civil(2020, 12, 31) - first - 20);
    *from = day - rand() % 20;
    *to = *from + 20;
    return day;
}

/* One name of a random seed (and v2 rotation) on a random day gives the seed back with a
 * day of the window that generates the name. */
static void check_locky(const char *variant, uint32_t seeds, const char *shift)
{
    struct recover_candidates *c = recover_candidates_new();
    struct recover_names n;
    char params[64];
    tk_day from, to, day = random_day(&from, &to);

    snprintf(params, sizeof params, "seed=%u%s", (unsigned)(rand() % seeds), shift);
    recover_generate("locky", variant, params, day, &n);
    assert_true(n.count >= 8);
    const char *name = n.list[rand() % 8];
    double covered = recover_run("locky", variant, name, from, to, c);
    print_message("locky:%s %s %s: %zu candidates\n", variant, params, name, c->count);
    assert_true(covered >= seeds);
    assert_true(has(c, "locky", variant, params, name, from, to));
    assert_true(c->count <= 4);
    recover_candidates_free(c);
}

static void locky_seed_found(void **state)
{
    (void)state;
    check_locky("v2", 1u << 22, rand() % 2 ? ";shift=5" : "");
    check_locky("v3", 1u << 16, "");
}

/* Names of no shape the family draws give nothing. */
static void foreign_names_give_nothing(void **state)
{
    struct recover_candidates *c = recover_candidates_new();
    tk_day day = tk_day_from_civil(2016, 3, 1);
    (void)state;
    recover_run("locky", "v2", "abcz.ru", day, day, c);
    assert_int_equal(c->count, 0);
    recover_run("locky", "v3", "abcdefghij.tf", day, day, c);
    assert_int_equal(c->count, 0);
    recover_candidates_free(c);
}

int main(void)
{
    unsigned seed = (unsigned)time(NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(locky_seed_found),
        cmocka_unit_test(foreign_names_give_nothing),
    };
    printf("random seed %u\n", seed);
    srand(seed);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
