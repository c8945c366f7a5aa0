/* fuzz_export_options.c - libFuzzer target for the checks of the values a block-list writer
 * puts into its files (--sinkhole-ip, --rpz-origin) and for its header comments: whatever
 * the values, a file is either refused or holds exactly the lines it should, so no value
 * can add a record, a directive or a configuration line.
 *
 * Input: the sinkhole address, the RPZ origin and the header text, separated by NUL bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "takedown/export.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t count_lines(const char *text, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += text[i] == '\n';
    return n;
}

/* Writes one name in format; returns the number of lines, or 0 when the options are refused. */
static size_t render(enum tk_format format, const char *ip, const char *origin,
                     const char *header_text)
{
    struct tk_export_options o = {format, ip, origin, 0, 0};
    struct tk_export_header h = {header_text, NULL, 1, 0, 0, header_text};
    struct tk_writer *w;
    struct tk_error err = {0};
    char *buf = NULL;
    size_t len = 0, lines = 0;
    FILE *f = open_memstream(&buf, &len);
    if (f == NULL)
        return 0;
    if (tk_writer_open(f, &o, &h, &w, &err) == TK_OK) {
        tk_writer_name(w, "a.example", 9, NULL, 0);
        if (tk_writer_close(w, &err) != TK_OK)
            __builtin_trap();
        fflush(f);
        lines = count_lines(buf, len);
        if (lines == 0)
            __builtin_trap();
    }
    fclose(f);
    free(buf);
    return lines;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 3);
    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    memset(text + size, 0, 3);
    const char *ip = text;
    const char *origin = ip + strlen(ip) + 1;
    if (origin > text + size)
        origin = text + size;
    const char *header_text = origin + strlen(origin) + 1;
    if (header_text > text + size)
        header_text = text + size;

    /* generated, families, scope comments; $ORIGIN, $TTL, SOA, NS; the record */
    size_t rpz = render(TK_FORMAT_RPZ, NULL, origin, header_text);
    if (rpz != 0 && rpz != 7 && rpz != 8) /* 7: a long origin leaves the name out */
        __builtin_trap();
    /* the three comments; server:, local-zone, local-data */
    size_t unbound = render(TK_FORMAT_UNBOUND, ip, NULL, header_text);
    if (unbound != 0 && unbound != 6)
        __builtin_trap();
    size_t hosts = render(TK_FORMAT_HOSTS, ip, NULL, header_text);
    if (hosts != 0 && hosts != 4)
        __builtin_trap();
    free(text);
    return 0;
}
