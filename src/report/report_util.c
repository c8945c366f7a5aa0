/* report_util.c - times, addresses and write errors for the report outputs. */
#include "report/report_util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

void report_format_time(int64_t unix_seconds, char *buf)
{
    time_t t = (time_t)unix_seconds;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void report_format_address(int family, const uint8_t *addr, char *buf)
{
    if (inet_ntop(family == 6 ? AF_INET6 : AF_INET, addr, buf, 64) == NULL)
        strcpy(buf, "?");
}

int report_check_stream(FILE *out, struct tk_error *err)
{
    if (fflush(out) != 0 || ferror(out))
        return tk_error_set(err, TK_ERR_IO, "cannot write the report: %s", strerror(errno));
    return TK_OK;
}
