/* cmd_vectors.c - `takedown vectors check DIR`: runs every row of DIR/MANIFEST.tsv through
 * the predict command-line contract and compares the output with DIR/FAMILY/CASE.txt. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "takedown/family.h"
#include "takedown/read_file.h"

enum { COL_FAMILY, COL_CASE, COL_INPUTS, COL_DOMAINS, COL_SHA, COL_SOURCE, COL_VARIANT,
       COL_PARAMS, COL_ORDER, COL_COUNT };

static void vectors_usage(FILE *f)
{
    fprintf(f, "usage: takedown vectors check DIR [--family NAME] [--verbose]\n\n"
               "Runs every case of DIR/MANIFEST.tsv as `takedown predict FAMILY [--variant V]\n"
               "--KEY VALUE ...` and compares the output with DIR/FAMILY/CASE.txt, line by line\n"
               "(or as sorted sets where the order column says `sorted`). Prints one line per\n"
               "failing case and closes with `N passed, N failed, N skipped`; families that are\n"
               "not built in count as skipped. Exit status 1 when any case fails.\n");
}

static int compare_lines(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts the lines of text in place (text must end with '\n'); returns a new buffer. */
static char *sorted_lines(char *text, size_t len)
{
    size_t n = 0, at = 0;
    for (size_t i = 0; i < len; i++)
        n += text[i] == '\n';
    char **lines = malloc((n + 1) * sizeof *lines);
    char *out = malloc(len + 1);
    if (lines == NULL || out == NULL) {
        free(lines);
        free(out);
        return NULL;
    }
    n = 0;
    for (char *p = text; p < text + len;) {
        char *nl = memchr(p, '\n', (size_t)(text + len - p));
        if (nl == NULL)
            nl = text + len;
        *nl = '\0';
        lines[n++] = p;
        p = nl + 1;
    }
    qsort(lines, n, sizeof *lines, compare_lines);
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(lines[i]);
        memcpy(out + at, lines[i], l);
        out[at + l] = '\n';
        at += l + 1;
    }
    out[at] = '\0';
    free(lines);
    return out;
}

/* The first line where two outputs differ, 1-based; 0 when equal. */
static size_t first_difference(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t line = 1, i = 0;
    for (; i < alen && i < blen; i++) {
        if (a[i] != b[i])
            return line;
        line += a[i] == '\n';
    }
    return alen == blen ? 0 : line;
}

/* Runs the predict contract for one row; the output goes into *out (malloc'ed). Returns
 * predict's exit status. */
static int run_case(char **col, char **out, size_t *out_len)
{
    char *argv[128];
    int argc = 0, nkeys = 0;
    char *params = strdup(col[COL_PARAMS]), *save = NULL;
    char keys[64][80];
    int status;

    argv[argc++] = "predict";
    argv[argc++] = col[COL_FAMILY];
    if (col[COL_VARIANT][0]) {
        argv[argc++] = "--variant";
        argv[argc++] = col[COL_VARIANT];
    }
    for (char *pair = strtok_r(params, ";", &save); pair && argc < 120 && nkeys < 64;
         pair = strtok_r(NULL, ";", &save)) {
        char *eq = strchr(pair, '=');
        if (eq == NULL)
            continue;
        *eq = '\0';
        snprintf(keys[nkeys], sizeof keys[0], "--%s", pair);
        argv[argc++] = keys[nkeys++];
        argv[argc++] = eq + 1;
    }
    argv[argc] = NULL;

    FILE *mem = open_memstream(out, out_len);
    if (mem == NULL) {
        free(params);
        return EXIT_FAILURE_OP;
    }
    status = cmd_predict(argc, argv, mem);
    fclose(mem);
    free(params);
    return status;
}

static int check_row(const char *dir, char **col, int verbose)
{
    char path[4096];
    size_t expected_len = 0, actual_len = 0;
    char *expected, *actual = NULL;
    int ok = 0;

    snprintf(path, sizeof path, "%s/%s/%s.txt", dir, col[COL_FAMILY], col[COL_CASE]);
    struct tk_error err = {0};
    if (tk_read_file(path, &expected, &expected_len, &err) != TK_OK) {
        printf("FAIL %s/%s: cannot read %s\n", col[COL_FAMILY], col[COL_CASE], err.message);
        return 0;
    }
    int status = run_case(col, &actual, &actual_len);
    if (status != 0) {
        printf("FAIL %s/%s: predict exited with status %d\n", col[COL_FAMILY], col[COL_CASE],
               status);
    } else {
        if (strcmp(col[COL_ORDER], "sorted") == 0) {
            char *a = sorted_lines(actual, actual_len), *e = sorted_lines(expected, expected_len);
            free(actual);
            free(expected);
            actual = a;
            expected = e;
        }
        size_t line = first_difference(actual, strlen(actual), expected, strlen(expected));
        if (line == 0)
            ok = 1;
        else
            printf("FAIL %s/%s: output differs from line %zu\n", col[COL_FAMILY], col[COL_CASE],
                   line);
    }
    if (ok && verbose)
        printf("ok   %s/%s\n", col[COL_FAMILY], col[COL_CASE]);
    free(expected);
    free(actual);
    return ok;
}

int cmd_vectors(int argc, char **argv, FILE *out)
{
    const char *dir = NULL, *only = NULL;
    int verbose = 0;
    (void)out;

    if (argc < 2 || cli_is_help(argv[1])) {
        vectors_usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    if (strcmp(argv[1], "check") != 0) {
        cli_error("vectors: unknown action '%s' (expected check)", argv[1]);
        return EXIT_USAGE;
    }
    for (int i = 2; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            vectors_usage(stdout);
            return EXIT_OK;
        } else if (strcmp(argv[i], "--family") == 0 && i + 1 < argc) {
            only = argv[++i];
        } else if (strcmp(argv[i], "--verbose") == 0 || strcmp(argv[i], "-v") == 0) {
            verbose = 1;
        } else if (argv[i][0] != '-' && dir == NULL) {
            dir = argv[i];
        } else {
            cli_error("vectors check: unexpected argument '%s'", argv[i]);
            return EXIT_USAGE;
        }
    }
    if (dir == NULL) {
        cli_error("vectors check: which directory? (e.g. ../shared/dga-vectors)");
        return EXIT_USAGE;
    }

    char path[4096];
    snprintf(path, sizeof path, "%s/MANIFEST.tsv", dir);
    FILE *manifest = fopen(path, "r");
    if (manifest == NULL) {
        cli_error("%s: %s", path, strerror(errno));
        return EXIT_FAILURE_OP;
    }
    char *line = NULL;
    size_t cap = 0;
    long lineno = 0, passed = 0, failed = 0, skipped = 0;
    ssize_t n;
    fflush(stdout);
    while ((n = getline(&line, &cap, manifest)) > 0) {
        char *col[COL_COUNT] = {0};
        int c = 0;
        lineno++;
        if (lineno == 1)
            continue; /* header */
        if (line[n - 1] == '\n')
            line[--n] = '\0';
        for (char *p = line; c < COL_COUNT; c++) {
            col[c] = p;
            p = strchr(p, '\t');
            if (p == NULL)
                break;
            *p++ = '\0';
        }
        if (c < COL_ORDER) {
            printf("FAIL %s:%ld: expected %d tab-separated columns\n", path, lineno, COL_COUNT);
            failed++;
            continue;
        }
        if (only && strcmp(only, col[COL_FAMILY]) != 0)
            continue;
        if (tk_family_find(col[COL_FAMILY]) == NULL) {
            skipped++;
            continue;
        }
        if (check_row(dir, col, verbose))
            passed++;
        else
            failed++;
        fflush(stdout);
    }
    free(line);
    fclose(manifest);
    printf("%ld passed, %ld failed, %ld skipped\n", passed, failed, skipped);
    return failed ? EXIT_FAILURE_OP : EXIT_OK;
}
