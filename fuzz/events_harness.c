/* events_harness.c - one events file through tk_event_reader, for the fuzz_events_*.c
 * targets (see events_harness.h). */
#include "events_harness.h"

int fuzz_events_read(const uint8_t *data, size_t size, enum tk_event_format format)
{
    struct tk_input *in;
    struct tk_event_reader *r;
    struct tk_contact c;
    struct tk_error err = {0};
    enum tk_read_result result;
    volatile size_t sum = 0;

    if (tk_input_open_memory(&in, data, size, "fuzz", &err))
        return 0;
    if (tk_event_reader_open_input(&r, in, format, &err))
        return 0;
    while ((result = tk_event_reader_next(r, &c, &err)) == TK_READ_CONTACT
           || result == TK_READ_BAD) {
        if (result == TK_READ_BAD)
            continue;
        if (c.addr_family != 4 && c.addr_family != 6)
            __builtin_trap();
        /* Touch every byte of every text the reader hands out. */
        const struct tk_text texts[4] = {c.name, c.family, c.variant, c.seed};
        for (int i = 0; i < 4; i++)
            for (size_t j = 0; j < texts[i].len; j++)
                sum += (unsigned char)texts[i].ptr[j];
        for (size_t i = 0; i < c.recipient_count; i++)
            for (size_t j = 0; j < c.recipients[i].len; j++)
                sum += (unsigned char)c.recipients[i].ptr[j];
    }
    tk_event_reader_close(r);
    return sum == SIZE_MAX; /* never: makes the reads count */
}
