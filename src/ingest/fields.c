/* fields.c - timestamps and addresses in text (see fields.h). */
#include "ingest/fields.h"

#include <arpa/inet.h>
#include <string.h>

#include "takedown/date.h"
#include "takedown/text.h"

/* n decimal digits at s; -1 when one is not a digit. */
static int digits(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* Digits after a decimal point, as nanoseconds (extra digits are ignored). Returns the
 * number of characters used, or 0 when there is no digit. */
static size_t fraction(const char *s, size_t len, uint32_t *nsec)
{
    uint32_t value = 0, scale = 1000000000;
    size_t i = 0;
    while (i < len && s[i] >= '0' && s[i] <= '9') {
        if (scale > 1) {
            scale /= 10;
            value += (uint32_t)(s[i] - '0') * scale;
        }
        i++;
    }
    *nsec = value;
    return i;
}

static int parse_unix(const char *s, size_t len, int64_t *sec, uint32_t *nsec)
{
    int64_t v = 0;
    size_t i = 0;

    if (len == 0 || len > 30)
        return -1;
    while (i < len && s[i] >= '0' && s[i] <= '9') {
        if (i >= 12)
            return -1; /* beyond the year 5000: not Unix seconds */
        v = v * 10 + (s[i] - '0');
        i++;
    }
    if (i == 0)
        return -1;
    *nsec = 0;
    if (i < len) {
        if (s[i] != '.' || fraction(s + i + 1, len - i - 1, nsec) != len - i - 1 || i + 1 == len)
            return -1;
    }
    *sec = v;
    return 0;
}

/* "Z", "+HH:MM", "-HH:MM", "+HHMM", "+HH" or nothing; the offset in seconds east of UTC. */
static int parse_zone(const char *s, size_t len, int *offset)
{
    int sign, hours, minutes = 0;

    *offset = 0;
    if (len == 0 || (len == 1 && (s[0] == 'Z' || s[0] == 'z')))
        return 0;
    if (s[0] != '+' && s[0] != '-')
        return -1;
    sign = s[0] == '-' ? -1 : 1;
    if (len == 3)
        hours = digits(s + 1, 2);
    else if (len == 5)
        hours = digits(s + 1, 2), minutes = digits(s + 3, 2);
    else if (len == 6 && s[3] == ':')
        hours = digits(s + 1, 2), minutes = digits(s + 4, 2);
    else
        return -1;
    if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59)
        return -1;
    *offset = sign * (hours * 3600 + minutes * 60);
    return 0;
}

int ingest_parse_timestamp(const char *s, size_t len, int64_t *sec, uint32_t *nsec)
{
    int year, month, day, hour = 0, minute = 0, second = 0, offset;
    size_t i = 10;

    if (len < 10 || s[4] != '-' || s[7] != '-')
        return parse_unix(s, len, sec, nsec);
    year = digits(s, 4);
    month = digits(s + 5, 2);
    day = digits(s + 8, 2);
    if (year < 1970 || month < 1 || month > 12 || day < 1 || day > tk_days_in_month(year, month))
        return -1;
    *nsec = 0;
    if (i < len && (s[i] == 'T' || s[i] == 't' || s[i] == ' ')) {
        if (len < i + 6 || s[i + 3] != ':')
            return -1;
        hour = digits(s + i + 1, 2);
        minute = digits(s + i + 4, 2);
        i += 6;
        if (i < len && s[i] == ':') {
            if (len < i + 3 || (second = digits(s + i + 1, 2)) < 0)
                return -1;
            i += 3;
            if (i < len && (s[i] == '.' || s[i] == ',')) {
                size_t used = fraction(s + i + 1, len - i - 1, nsec);
                if (used == 0)
                    return -1;
                i += 1 + used;
            }
        }
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second > 60)
            return -1;
    }
    if (parse_zone(s + i, len - i, &offset))
        return -1;
    *sec = tk_day_to_unix(tk_day_from_civil(year, month, day)) + hour * 3600 + minute * 60
           + second - offset;
    return 0;
}

int ingest_parse_address(const char *s, size_t len, int *family, uint8_t addr[16])
{
    static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    char text[INET6_ADDRSTRLEN];

    if (len == 0 || len >= sizeof text)
        return -1;
    memcpy(text, s, len);
    text[len] = '\0';
    if (memchr(text, ':', len) == NULL) {
        *family = 4;
        return inet_pton(AF_INET, text, addr) == 1 ? 0 : -1;
    }
    if (inet_pton(AF_INET6, text, addr) != 1)
        return -1;
    *family = 6;
    if (memcmp(addr, mapped, sizeof mapped) == 0) {
        memmove(addr, addr + 12, 4);
        *family = 4;
    }
    return 0;
}

int ingest_parse_subnet(const char *s, size_t len, int *family, uint8_t addr[16],
                        uint8_t *prefix)
{
    const char *slash = memchr(s, '/', len);
    size_t digits;
    unsigned bits = 0;

    if (slash == NULL || (digits = len - (size_t)(slash - s) - 1) == 0 || digits > 3)
        return -1;
    for (size_t i = 0; i < digits; i++) {
        if (slash[1 + i] < '0' || slash[1 + i] > '9')
            return -1;
        bits = bits * 10 + (unsigned)(slash[1 + i] - '0');
    }
    memset(addr, 0, 16);
    if (ingest_parse_address(s, (size_t)(slash - s), family, addr) != 0
        || bits > (*family == 4 ? 32u : 128u))
        return -1;
    for (unsigned bit = bits; bit < (*family == 4 ? 32u : 128u); bit++)
        addr[bit / 8] &= (uint8_t)~(0x80u >> (bit % 8));
    *prefix = (uint8_t)bits;
    return 0;
}

const char *ingest_contact_text_problem(const struct tk_contact *c)
{
    if (!tk_text_is_printable(c->family.ptr, c->family.len))
        return "printable text in tag.family";
    if (!tk_text_is_printable(c->variant.ptr, c->variant.len))
        return "printable text in tag.variant";
    if (!tk_text_is_printable(c->seed.ptr, c->seed.len))
        return "printable text in tag.seed";
    return NULL;
}
