/* test_feed.c - the feed's zone content and journal: a window slid by any number of days,
 * either way, holds exactly the names of a window built afresh for that day, and its delta is
 * exactly the set difference; the journal survives a reopen, drops a torn tail and deltas
 * past its state, keeps its bound; condensing deltas; key files; address lists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include "takedown/feed_server.h"
#include "takedown/sources.h"

static struct tk_source_list sources;

static void add_source(const char *family, const char *seed)
{
    const char *keys[] = {"date"}, *values[] = {"2026-12-01"};
    struct tk_overrides ov = {keys, values, 1};
    struct tk_error err = {0};
    assert_int_equal(tk_sources_add(&sources, tk_family_find(family), NULL, &ov, seed, &err),
                     TK_OK);
}

static struct tk_feed_window *build(tk_day today, int back, int ahead,
                                   const struct tk_feed_names *manual)
{
    struct tk_feed_window_config c = {sources.items, sources.count, back, ahead, NULL, manual, 2, 0};
    struct tk_feed_window *w = NULL;
    struct tk_error err = {0};
    assert_int_equal(tk_feed_window_new(&c, today, &w, &err), TK_OK);
    return w;
}

/* Every name of a is in b (and, with the counts equal, the sets are the same). */
static void assert_subset(const struct tk_feed_window *a, const struct tk_feed_window *b)
{
    size_t cursor = 0, len;
    const char *name;
    while ((name = tk_feed_window_next(a, &cursor, &len)))
        assert_true(tk_feed_window_contains(b, name, len));
}

static void assert_same(const struct tk_feed_window *a, const struct tk_feed_window *b)
{
    assert_int_equal(tk_feed_window_count(a), tk_feed_window_count(b));
    assert_subset(a, b);
}

/* The delta from old to new is exactly old - new removed and new - old added. */
static void assert_delta(const struct tk_feed_delta *d, const struct tk_feed_window *old,
                         const struct tk_feed_window *now)
{
    size_t pos = 0, len, expect_removed = 0, expect_added = 0, cursor = 0;
    const char *name;
    while ((name = tk_feed_names_next(&d->removed, &pos, &len))) {
        assert_true(tk_feed_window_contains(old, name, len));
        assert_false(tk_feed_window_contains(now, name, len));
    }
    pos = 0;
    while ((name = tk_feed_names_next(&d->added, &pos, &len))) {
        assert_false(tk_feed_window_contains(old, name, len));
        assert_true(tk_feed_window_contains(now, name, len));
    }
    while ((name = tk_feed_window_next(old, &cursor, &len)))
        expect_removed += !tk_feed_window_contains(now, name, len);
    cursor = 0;
    while ((name = tk_feed_window_next(now, &cursor, &len)))
        expect_added += !tk_feed_window_contains(old, name, len);
    assert_int_equal(d->removed.count, expect_removed);
    assert_int_equal(d->added.count, expect_added);
}

static void slide_equals_rebuild(void **state)
{
    /* Necurs changes every 4 days, ranbyus every day; manual names never leave. */
    static const int steps[] = {1, 1, 2, 3, 4, 9, -1, -6, 40, 0, -45};
    struct tk_feed_names manual = {0};
    struct tk_error err = {0};
    tk_day today = tk_day_from_civil(2026, 12, 1);
    (void)state;
    add_source("necurs", "9");
    add_source("necurs", "7");
    add_source("ranbyus", NULL);
    assert_int_equal(tk_feed_names_add(&manual, "always.example", 14), 0);
    struct tk_feed_window *w = build(today, 3, 2, &manual);
    struct tk_feed_window *previous = build(today, 3, 2, &manual);
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
        struct tk_feed_delta d;
        today += steps[i];
        assert_int_equal(tk_feed_window_slide(w, today, &d, &err), TK_OK);
        struct tk_feed_window *fresh = build(today, 3, 2, &manual);
        assert_same(w, fresh);
        assert_true(tk_feed_window_contains(w, "always.example", 14));
        assert_delta(&d, previous, fresh);
        if (steps[i] == 1 && i == 0)
            assert_true(d.added.count > 0 && d.removed.count > 0); /* ranbyus moves daily */
        tk_feed_delta_free(&d);
        tk_feed_window_free(previous);
        previous = fresh;
    }
    tk_feed_window_free(previous);
    tk_feed_window_free(w);
    tk_feed_names_free(&manual);
    tk_sources_free(&sources);
    memset(&sources, 0, sizeof sources);
}

static void make_delta(struct tk_feed_delta *d, uint32_t from, const char *removed,
                       const char *added)
{
    char copy[256];
    memset(d, 0, sizeof *d);
    d->from_serial = from;
    d->to_serial = from + 1;
    d->from_today = (tk_day)from;
    d->to_today = (tk_day)from + 1;
    for (int k = 0; k < 2; k++) {
        snprintf(copy, sizeof copy, "%s", k ? added : removed);
        for (char *save = NULL, *n = strtok_r(copy, " ", &save); n; n = strtok_r(NULL, " ", &save))
            assert_int_equal(tk_feed_names_add(k ? &d->added : &d->removed, n, strlen(n)), 0);
    }
}

static int holds(const struct tk_feed_names *names, const char *name)
{
    size_t pos = 0, len;
    const char *n;
    while ((n = tk_feed_names_next(names, &pos, &len)))
        if (len == strlen(name) && memcmp(n, name, len) == 0)
            return 1;
    return 0;
}

static void condense(void **state)
{
    struct tk_feed_history h = {NULL, 0, 4};
    struct tk_feed_delta d;
    struct tk_feed_names removed = {0}, added = {0};
    (void)state;
    make_delta(&d, 10, "a.x old.x", "b.x");
    assert_int_equal(tk_feed_history_push(&h, &d), 0);
    make_delta(&d, 11, "b.x", "a.x c.x");
    assert_int_equal(tk_feed_history_push(&h, &d), 0);
    /* From 10: a left and came back, b came and left, old left, c came. */
    assert_int_equal(tk_feed_history_condense(&h, 10, &removed, &added), 1);
    assert_int_equal(removed.count, 1);
    assert_true(holds(&removed, "old.x"));
    assert_int_equal(added.count, 1);
    assert_true(holds(&added, "c.x"));
    tk_feed_names_free(&removed);
    tk_feed_names_free(&added);
    assert_int_equal(tk_feed_history_condense(&h, 11, &removed, &added), 1);
    assert_true(holds(&removed, "b.x") && holds(&added, "a.x") && holds(&added, "c.x"));
    tk_feed_names_free(&removed);
    tk_feed_names_free(&added);
    assert_int_equal(tk_feed_history_condense(&h, 9, &removed, &added), 0);
    tk_feed_history_free(&h);
}

static void journal(void **state)
{
    char dir[] = "/tmp/test_feed.XXXXXX", path[64];
    struct tk_feed_journal *j = NULL;
    struct tk_feed_state st = {0}, saved = {0};
    struct tk_feed_delta d;
    struct tk_error err = {0};
    int found = -1;
    (void)state;
    assert_non_null(mkdtemp(dir));
    assert_int_equal(tk_feed_journal_open(dir, 2, 77, &j, &st, &found, &err), TK_OK);
    assert_int_equal(found, 0);
    for (uint32_t s = 100; s < 103; s++) {
        make_delta(&d, s, "gone.x", "new.x");
        struct tk_feed_state next = {s + 1, (tk_day)s + 1, 77};
        assert_int_equal(tk_feed_journal_commit(j, &d, &next, &err), TK_OK);
    }
    assert_int_equal(tk_feed_journal_history(j)->count, 2); /* the bound */
    tk_feed_journal_close(j);

    /* A delta past the state (written, state not yet) and a torn tail are dropped. */
    snprintf(path, sizeof path, "%s/journal", dir);
    FILE *f = fopen(path, "a");
    fputs("delta 103 104 2026-01-01 2026-01-02\n+later.x\nend\ndelta 104 105 2026-01-02", f);
    fclose(f);
    assert_int_equal(tk_feed_journal_open(dir, 2, 77, &j, &saved, &found, &err), TK_OK);
    assert_int_equal(found, 1);
    assert_int_equal(saved.serial, 103);
    assert_int_equal(saved.today, 103);
    struct tk_feed_history *h = tk_feed_journal_history(j);
    assert_int_equal(h->count, 2);
    assert_int_equal(h->deltas[0].from_serial, 101);
    assert_int_equal(h->deltas[1].to_serial, 103);
    tk_feed_journal_close(j);
    assert_int_equal(tk_feed_journal_open(dir, 2, 77, &j, &saved, &found, &err), TK_OK);
    assert_int_equal(tk_feed_journal_history(j)->count, 2); /* the file was cut back */
    tk_feed_journal_close(j);

    /* Another configuration: nothing restored, the old serial passed on to go above. */
    assert_int_equal(tk_feed_journal_open(dir, 2, 78, &j, &saved, &found, &err), TK_OK);
    assert_int_equal(found, 0);
    assert_int_equal(saved.serial, 103);
    assert_int_equal(tk_feed_journal_history(j)->count, 0);
    tk_feed_journal_close(j);
    snprintf(path, sizeof path, "%s/state", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/journal", dir);
    unlink(path);
    rmdir(dir);
}

static void key_files(void **state)
{
    struct tk_tsig_key key;
    struct tk_error err = {0};
    const char *good = "# a comment\nkey \"Feed-Key.\" {\n  algorithm hmac-sha256; // why\n"
                       "  secret \"AAECAwQ=\"; /* five bytes */\n};\n";
    (void)state;
    assert_int_equal(tk_tsig_key_parse(good, strlen(good), "k", &key, &err), TK_OK);
    assert_string_equal(key.name, "feed-key");
    assert_int_equal(key.secret_len, 5);
    assert_memory_equal(key.secret, "\0\1\2\3\4", 5);
    assert_memory_equal(key.name_wire, "\x08" "feed-key", 10);
    static const struct { const char *text, *message; } bad[] = {
        {"", "k:1: expected 'key \"NAME\" {'"},
        {"key \"a\" {\n algorithm hmac-md5; secret \"AAAA\"; };", "k:2: expected algorithm hmac-sha256"},
        {"key \"a\" { algorithm hmac-sha256; };", "k:1: expected a secret statement"},
        {"key \"a\" { algorithm hmac-sha256; secret \"A*AA\"; };", "k:1: expected a base64 secret"},
        {"key \"a\" { algorithm hmac-sha256; secret \"AAAA\"; }", "k:1: expected ';' after '}'"},
        {"key \"a\" { algorithm hmac-sha256 secret \"AAAA\"; };", "k:1: expected ';'"},
        {"key \"a..b\" { algorithm hmac-sha256; secret \"AAAA\"; };", "k:1: expected a key name"},
        {"key \"a\" { secret \"AAAA", "k:1: expected a quoted base64 secret"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(tk_tsig_key_parse(bad[i].text, strlen(bad[i].text), "k", &key, &err),
                         TK_ERR_DATA);
        if (strncmp(err.message, bad[i].message, strlen(bad[i].message)) != 0)
            fail_msg("case %zu: got '%s', expected '%s'", i, err.message, bad[i].message);
    }
}

static struct sockaddr_storage address(const char *text)
{
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    if (strchr(text, ':')) {
        ss.ss_family = AF_INET6;
        inet_pton(AF_INET6, text, &((struct sockaddr_in6 *)&ss)->sin6_addr);
    } else {
        ss.ss_family = AF_INET;
        inet_pton(AF_INET, text, &((struct sockaddr_in *)&ss)->sin_addr);
    }
    return ss;
}

static void acl(void **state)
{
    struct tk_feed_acl a = {0}, empty = {0};
    struct tk_error err = {0};
    struct sockaddr_storage ss;
    (void)state;
    assert_int_equal(tk_feed_acl_parse("192.0.2.0/25,2001:db8::1", &a, &err), TK_OK);
    ss = address("192.0.2.127");
    assert_true(tk_feed_acl_allows(&a, &ss));
    ss = address("192.0.2.128");
    assert_false(tk_feed_acl_allows(&a, &ss));
    ss = address("::ffff:192.0.2.1");
    assert_true(tk_feed_acl_allows(&a, &ss));
    ss = address("2001:db8::1");
    assert_true(tk_feed_acl_allows(&a, &ss));
    ss = address("2001:db8::2");
    assert_false(tk_feed_acl_allows(&a, &ss));
    ss = address("127.0.0.1");
    assert_false(tk_feed_acl_allows(&a, &ss));
    assert_true(tk_feed_acl_allows(&empty, &ss)); /* no list: loopback only */
    ss = address("192.0.2.1");
    assert_false(tk_feed_acl_allows(&empty, &ss));
    assert_int_equal(tk_feed_acl_parse("10.0.0.0/33", &a, &err), TK_ERR_USAGE);
    assert_int_equal(tk_feed_acl_parse("host.example", &a, &err), TK_ERR_USAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(slide_equals_rebuild),
        cmocka_unit_test(condense),
        cmocka_unit_test(journal),
        cmocka_unit_test(key_files),
        cmocka_unit_test(acl),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
