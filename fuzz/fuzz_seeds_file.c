/* fuzz_seeds_file.c - libFuzzer target for the seeds file: its reader (every line parsed and
 * checked against its family) and the merge that adds a found seed to it, which must either
 * refuse the file with file:line or rewrite it with the old contents kept. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "takedown/local_seeds.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    struct tk_source_list list = {0};
    struct tk_error err = {0};
    const char *keys[] = {"date"}, *values[] = {"2020-03-01"};
    struct tk_overrides any_day = {keys, values, 1};

    if (path[0] == '\0')
        snprintf(path, sizeof path, "/tmp/fuzz-seeds-%d", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    if (tk_sources_load_file(&list, path, NULL, NULL, &any_day, &err) == TK_OK && list.count == 0)
        __builtin_trap(); /* a file read without error holds at least one seed */
    tk_sources_free(&list);

    struct tk_seed_line line = {tk_family_find("necurs"), NULL, "magic=4242", "fuzz"};
    size_t added = 0;
    if (tk_local_seeds_merge(path, &line, 1, &added, &err) == TK_OK) {
        char *text = NULL;
        size_t len = 0;
        FILE *in = fopen(path, "rb");
        if (in == NULL)
            __builtin_trap();
        text = malloc(size + 256);
        len = fread(text, 1, size + 256, in);
        fclose(in);
        /* The old contents come first, unchanged. */
        if (len < size || memcmp(text, data, size) != 0)
            __builtin_trap();
        free(text);
    }
    unlink(path);
    return 0;
}
