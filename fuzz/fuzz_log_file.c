/* fuzz_log_file.c - libFuzzer target for whole log files: format sniffing, gzip, Frame
 * Streams framing, line cutting, cut streams. The input becomes an in-memory file read
 * through the same path as a file on disk. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "takedown/logs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("fuzz-log", 0);
    char path[64];
    struct tk_log_reader *reader;
    struct tk_log_record rec;
    struct tk_error err = {0};

    if (fd < 0)
        return 0;
    if (write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return 0;
    }
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    if (tk_log_open(path, TK_LOG_AUTO, &reader, &err) == TK_OK) {
        int rc;
        /* Every call makes progress: a record, a malformed line, or the end; a reader that
         * does not shows as a hang (the test runs with -timeout). The records are not
         * bounded by the input's size: compressed input holds more lines than bytes. */
        do
            rc = tk_log_next(reader, &rec, &err);
        while (rc == TK_OK || rc == TK_ERR_DATA);
        if (rc != TK_ERR_STOP && rc != TK_ERR_IO && rc != TK_ERR_NOMEM)
            __builtin_trap();
        tk_log_close(reader);
    }
    close(fd);
    return 0;
}
