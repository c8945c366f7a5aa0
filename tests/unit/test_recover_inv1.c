/* test_recover_inv1.c - seed recovery by inversion for dated families (ranbyus, qadars,
 * corebot, symmi): a seed and a day drawn at random at test time generate the day's names,
 * and recover on one of them, over a window of 60 days around it (31 for corebot), hands
 * back the seed with that day (or a day of the same period) among few candidates. */
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

#define WINDOW 60

typedef int64_t (*period_fn)(tk_day day);

static int64_t daily(tk_day day)
{
    return day;
}

/* True when params come back with day, or a day of its period. */
static int has(const struct recover_candidates *c, const char *params, tk_day day, period_fn period)
{
    for (size_t i = 0; i < c->count && i < RECOVER_MAX_CANDIDATES; i++)
        if (strcmp(c->params[i], params) == 0 && period(c->days[i]) == period(day))
            return 1;
    return 0;
}

/* A window of days between 2012 and 2020 and a day inside it. */
static void random_window(int days, tk_day *from, tk_day *to, tk_day *day)
{
    *from = tk_day_from_civil(2012, 1, 1) + rand() % (9 * 365 - days);
    *to = *from + days - 1;
    *day = *from + rand() % days;
}

/* The seed and day come back among at most bound candidates for the name of the given
 * number in the day's list, over a window of that many days, from a search that covered
 * space seeds; with its first letter changed, the name does not give them. */
static void check_found(const char *family, const char *variant, const char *seed,
                        size_t index, int window, size_t bound, period_fn period, double space)
{
    struct recover_candidates *c = recover_candidates_new();
    struct recover_names n;
    tk_day from, to, day;
    char day_text[11];

    random_window(window, &from, &to, &day);
    tk_day_format(day, day_text);
    recover_generate(family, variant, seed, day, &n);
    assert_true(index < n.count);
    assert_true(recover_run(family, variant, n.list[index], from, to, c) == space);
    print_message("%s:%s %s on %s, name %zu %s: %zu candidates\n", family, variant, seed,
                  day_text, index, n.list[index], c->count);
    assert_true(has(c, seed, day, period));
    assert_true(c->count <= bound);
    n.list[index][0] = n.list[index][0] == 'a' ? 'b' : 'a';
    recover_run(family, variant, n.list[index], from, to, c);
    assert_false(has(c, seed, day, period));
    recover_candidates_free(c);
}

/* A window of days days is longer than family:variant searches: it covers nothing. */
static void check_too_long(const char *family, const char *variant, int days)
{
    struct recover_candidates *c = recover_candidates_new();
    struct recover_names n;
    tk_day from, to, day;
    random_window(days, &from, &to, &day);
    recover_generate(family, variant, NULL, day, &n);
    assert_true(recover_run(family, variant, n.list[0], from, to, c) == 0);
    assert_int_equal(c->count, 0);
    recover_candidates_free(c);
}

/* September: any name of the day (its x gives one seed per day whose TLD slot fits); May:
 * the first name of the day, the only one inverted. */
static void ranbyus_seed_found(void **state)
{
    char seed[32];
    (void)state;
    snprintf(seed, sizeof seed, "seed=%08X", (unsigned)recover_random32());
    check_found("ranbyus", "september", seed, (size_t)(rand() % 40), WINDOW, 64, daily,
                4294967296.0);
    snprintf(seed, sizeof seed, "seed=%08X", (unsigned)recover_random32());
    check_found("ranbyus", "may", seed, 0, WINDOW, 16, daily, 4294967296.0);
}

/* Weeks start on Mondays, day 4 after the epoch. */
static int64_t weekly(tk_day day)
{
    return (day - 4) / 7; /* days of the window are after the epoch */
}

/* Any of the week's 200 names; the space searched is the samples' 16-bit seeds. */
static void qadars_seed_found(void **state)
{
    char seed[32];
    (void)state;
    snprintf(seed, sizeof seed, "seed=0x%04X", (unsigned)(recover_random32() & 0xFFFF));
    check_found("qadars", "default", seed, (size_t)(rand() % 200), WINDOW, 4, weekly, 65536.0);
}

/* Any of the day's 40 names. The day's length draws resynchronise: most of the 937 states
 * up to 39 names of at most 24 draws back are a possible start of the day, and each gives
 * one seed per day of the window, which is at most 31 days. */
static void corebot_seed_found(void **state)
{
    char seed[32];
    (void)state;
    snprintf(seed, sizeof seed, "seed=%08X", (unsigned)recover_random32());
    check_found("corebot", "default", seed, (size_t)(rand() % 40), 31, 937 * 31, daily,
                4294967296.0);
    check_too_long("corebot", "default", 32);
}

/* Days 1-15 and 16 to the end of each month. */
static int64_t half_monthly(tk_day day)
{
    struct tk_civil c = tk_day_to_civil(day);
    return ((int64_t)c.year * 12 + c.month) * 2 + c.day / 16;
}

/* Any of the period's 64 names; seed_const comes back modulo 2^31 (bit 31 never shows).
 * Each of the at most 1513 states up to 63 names back gives one seed per half month; a
 * window is at most 366 days. */
static void symmi_seed_found(void **state)
{
    char seed[32];
    (void)state;
    snprintf(seed, sizeof seed, "seed_const=%u", (unsigned)(recover_random32() & 0x7FFFFFFFu));
    check_found("symmi", "default", seed, (size_t)(rand() % 64), WINDOW, 1513 * 5,
                half_monthly, 2147483648.0);
    check_too_long("symmi", "default", 367);
}

int main(void)
{
    unsigned seed = (unsigned)time(NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ranbyus_seed_found),
        cmocka_unit_test(qadars_seed_found),
        cmocka_unit_test(corebot_seed_found),
        cmocka_unit_test(symmi_seed_found),
    };
    printf("random seed %u\n", seed);
    srand(seed);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
