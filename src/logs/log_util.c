/* log_util.c - small helpers the log parsers share: address, query type and response code
 * recognition. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "logs/log_parsers.h"

int log_is_address(const char *s, size_t len)
{
    char text[64];
    unsigned char addr[16];
    if (len == 0 || len >= sizeof text)
        return 0;
    memcpy(text, s, len);
    text[len] = '\0';
    char *scope = strchr(text, '%'); /* fe80::1%eth0 */
    if (scope)
        *scope = '\0';
    return inet_pton(AF_INET, text, addr) == 1 || inet_pton(AF_INET6, text, addr) == 1;
}

uint16_t log_qtype(const char *s, size_t len)
{
    static const struct {
        const char *name;
        uint16_t value;
    } types[] = {
        {"A", 1},        {"NS", 2},       {"CNAME", 5},   {"SOA", 6},     {"NULL", 10},
        {"PTR", 12},     {"HINFO", 13},   {"MX", 15},     {"TXT", 16},    {"AAAA", 28},
        {"SRV", 33},     {"NAPTR", 35},   {"DNAME", 39},  {"DS", 43},     {"RRSIG", 46},
        {"NSEC", 47},    {"DNSKEY", 48},  {"NSEC3", 50},  {"TLSA", 52},   {"CDS", 59},
        {"CDNSKEY", 60}, {"SVCB", 64},    {"HTTPS", 65},  {"SPF", 99},    {"IXFR", 251},
        {"AXFR", 252},   {"ANY", 255},    {"CAA", 257},
    };
    char text[16];
    if (len == 0 || len >= sizeof text)
        return 0;
    memcpy(text, s, len);
    text[len] = '\0';
    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        if (strcasecmp(text, types[i].name) == 0)
            return types[i].value;
    if (len > 4 && strncasecmp(text, "TYPE", 4) == 0) {
        char *end;
        long v = strtol(text + 4, &end, 10);
        if (*end == '\0' && v > 0 && v <= 65535)
            return (uint16_t)v;
    }
    return 0;
}

int log_rcode(const char *s, size_t len)
{
    static const char *const names[] = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN",
                                        "NOTIMP",  "REFUSED", "YXDOMAIN", "YXRRSET",
                                        "NXRRSET", "NOTAUTH", "NOTZONE"};
    char text[16];
    if (len == 0 || len >= sizeof text)
        return -1;
    memcpy(text, s, len);
    text[len] = '\0';
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcasecmp(text, names[i]) == 0)
            return (int)i;
    if (strcasecmp(text, "NOTIMPL") == 0)
        return 4;
    return -1;
}
