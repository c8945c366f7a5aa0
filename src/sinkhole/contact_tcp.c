/* contact_tcp.c - raw TCP listeners: whatever a bot sends on a port it expected its C2 on is
 * read and dropped; the session is recorded with how many bytes came, a hash of the first
 * ones, how long it lasted and why it ended (the client closed, it went idle, it reached
 * the byte cap or the total timeout). Nothing is ever sent back. */
#include "sinkhole/server_internal.h"

void tcp_start(struct worker *w, struct contact_conn *c)
{
    (void)w;
    c->phase = PHASE_TCP;
    contact_event_begin(c);
}

int tcp_process(struct worker *w, const struct tk_names *names, struct contact_conn *c)
{
    (void)names;
    uint64_t cap = w->server->config.limits.tcp_byte_cap;
    size_t n = c->in_len;
    if (c->stream_bytes + n > cap)
        n = (size_t)(cap - c->stream_bytes);
    contact_stage(w, c, c->in, n);
    atomic_fetch_add_explicit(&w->contact.tcp_bytes, n, memory_order_relaxed);
    c->in_len = 0;
    return c->stream_bytes >= cap ? -1 : 0;
}

void tcp_end(struct worker *w, struct contact_conn *c, enum contact_end why)
{
    static const uint8_t close_of[] = {
        [END_EOF] = TK_CLOSE_EOF, [END_IDLE] = TK_CLOSE_IDLE, [END_TOTAL] = TK_CLOSE_TOTAL,
        [END_ERROR] = TK_CLOSE_ERROR, [END_STOP] = TK_CLOSE_STOP, [END_DONE] = TK_CLOSE_BYTES};
    struct tk_event_tcp *t = &c->ev.tcp;
    contact_fingerprint(w, c, &t->data);
    t->duration_ms = (uint32_t)(sinkhole_now_ms() - c->opened_ms);
    t->close = close_of[why];
    contact_bump(&w->contact.tcp_sessions);
    contact_log(w, c);
}
