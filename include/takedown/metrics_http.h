/* metrics_http.h - a minimal HTTP/1.0 endpoint for Prometheus: GET /metrics answers with
 * whatever the render callback writes; every other request gets 404. One thread, one
 * request per connection, a 1-second read timeout. Meant for a loopback address. */
#ifndef TAKEDOWN_METRICS_HTTP_H
#define TAKEDOWN_METRICS_HTTP_H

#include <stddef.h>
#include <sys/socket.h>

#include "takedown/error.h"

typedef size_t (*tk_metrics_render_fn)(void *ctx, char *buf, size_t size);

struct tk_metrics_http;

/* Binds addr (port 0 picks one, written back into addr); no other program may listen
 * there ("ADDR:PORT: address in use"). */
int tk_metrics_http_open(struct sockaddr_storage *addr, struct tk_metrics_http **server,
                         struct tk_error *err);
/* Starts the thread that answers with render(ctx, ...). */
int tk_metrics_http_start(struct tk_metrics_http *server, tk_metrics_render_fn render, void *ctx,
                          struct tk_error *err);
/* Stops the thread (when started) and closes the socket; NULL is fine. */
void tk_metrics_http_stop(struct tk_metrics_http *server);

#endif
