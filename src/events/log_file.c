/* log_file.c - buffered, rotating output files of the event log (see log_file.h). */
#include "events/log_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int64_t monotonic_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec;
}

void log_file_init(struct log_file *f, const char *dir, const char *extension)
{
    f->dir = dir;
    f->extension = extension;
    f->fd = -1;
    f->path[0] = '\0';
    f->bytes = 0;
    f->used = 0;
    f->unsynced = 0;
    f->write_errors = 0;
}

int log_file_open(struct log_file *f, struct tk_error *err)
{
    time_t now = time(NULL);
    struct tm tm;
    char stamp[32];

    gmtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    for (int n = 0; n < 1000; n++) {
        if (n == 0)
            snprintf(f->path, sizeof f->path, "%s/events-%s.%s", f->dir, stamp, f->extension);
        else
            snprintf(f->path, sizeof f->path, "%s/events-%s-%d.%s", f->dir, stamp, n,
                     f->extension);
        f->fd = open(f->path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0640);
        if (f->fd >= 0)
            break;
        if (errno != EEXIST)
            return tk_error_set(err, TK_ERR_IO, "%s: %s", f->path, strerror(errno));
    }
    if (f->fd < 0)
        return tk_error_set(err, TK_ERR_IO, "%s: too many files opened in one second", f->dir);
    f->bytes = 0;
    f->used = 0;
    f->unsynced = 0;
    f->opened = monotonic_seconds();
    return TK_OK;
}

void log_file_flush(struct log_file *f)
{
    size_t done = 0;
    while (f->fd >= 0 && done < f->used) {
        ssize_t n = write(f->fd, f->buffer + done, f->used - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            f->write_errors++; /* the disk is full or gone: this buffer is lost */
            break;
        }
        done += (size_t)n;
        f->unsynced = 1;
    }
    f->used = 0;
}

void log_file_append(struct log_file *f, const void *data, size_t len)
{
    if (f->used + len > sizeof f->buffer)
        log_file_flush(f);
    if (len > sizeof f->buffer)
        return;
    memcpy(f->buffer + f->used, data, len);
    f->used += len;
    f->bytes += len;
}

void log_file_sync(struct log_file *f)
{
    if (f->fd >= 0 && f->unsynced) {
        if (fdatasync(f->fd) != 0)
            f->write_errors++;
        f->unsynced = 0;
    }
}

void log_file_close(struct log_file *f)
{
    if (f->fd < 0)
        return;
    log_file_flush(f);
    log_file_sync(f);
    close(f->fd);
    f->fd = -1;
}
