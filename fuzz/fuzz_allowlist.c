/* fuzz_allowlist.c - libFuzzer target for allow-list files. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "takedown/detect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct tk_allowlist *list;
    struct tk_error err = {0};
    char path[64];
    int fd = memfd_create("fuzz-allow", 0);
    if (fd < 0)
        return 0;
    if (write(fd, data, size) == (ssize_t)size && tk_allowlist_new(0, &list, &err) == TK_OK) {
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
        if (tk_allowlist_add_file(list, path, &err) == TK_OK)
            (void)tk_allowlist_contains(list, "a.b.example.com", 15);
        tk_allowlist_free(list);
    }
    close(fd);
    return 0;
}
