/* metrics_http.c - the Prometheus /metrics endpoint (see include/takedown/metrics_http.h).
 * Written by hand: it serves one fixed path to a scraper on loopback, which does not
 * justify an HTTP server library (libmicrohttpd) in every takedown build. */
#include "takedown/metrics_http.h"

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/time.h>
#include <unistd.h>

#include "sinkhole/listen_socket.h"

#define BODY_MAX (256 * 1024)

struct tk_metrics_http {
    int listen_fd, stop_fd;
    pthread_t thread;
    int started;
    tk_metrics_render_fn render;
    void *ctx;
    char *body;
};

static void write_all(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        data += n;
        len -= (size_t)n;
    }
}

static void serve(struct tk_metrics_http *m, int fd)
{
    char request[4096];
    size_t len = 0;
    struct timeval timeout = {1, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    while (len < sizeof request - 1) {
        ssize_t n = read(fd, request + len, sizeof request - 1 - len);
        if (n <= 0)
            break;
        len += (size_t)n;
        request[len] = '\0';
        if (strstr(request, "\r\n\r\n") || strstr(request, "\n\n"))
            break;
    }
    request[len] = '\0';
    char head[256];
    if (strncmp(request, "GET /metrics ", 13) == 0 || strncmp(request, "GET /metrics\r", 13) == 0) {
        size_t body = m->render(m->ctx, m->body, BODY_MAX);
        int n = snprintf(head, sizeof head,
                         "HTTP/1.0 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\n"
                         "Content-Length: %zu\r\nConnection: close\r\n\r\n", body);
        write_all(fd, head, (size_t)n);
        write_all(fd, m->body, body);
    } else {
        static const char not_found[] = "HTTP/1.0 404 Not Found\r\nContent-Type: text/plain\r\n"
                                        "Content-Length: 10\r\nConnection: close\r\n\r\nnot found\n";
        write_all(fd, not_found, sizeof not_found - 1);
    }
}

static void *metrics_main(void *arg)
{
    struct tk_metrics_http *m = arg;
    for (;;) {
        struct pollfd fds[2] = {{m->listen_fd, POLLIN, 0}, {m->stop_fd, POLLIN, 0}};
        if (poll(fds, 2, -1) < 0 && errno != EINTR)
            break;
        if (fds[1].revents)
            break;
        if (fds[0].revents & POLLIN) {
            int fd = accept4(m->listen_fd, NULL, NULL, SOCK_CLOEXEC);
            if (fd >= 0) {
                serve(m, fd);
                close(fd);
            }
        }
    }
    return NULL;
}

int tk_metrics_http_open(struct sockaddr_storage *addr, struct tk_metrics_http **out,
                         struct tk_error *err)
{
    struct tk_metrics_http *m = calloc(1, sizeof *m);
    if (m == NULL || (m->body = malloc(BODY_MAX)) == NULL) {
        free(m);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    m->stop_fd = eventfd(0, EFD_CLOEXEC);
    int fd = m->stop_fd < 0 ? -tk_error_set(err, TK_ERR_IO, "eventfd: %s", strerror(errno))
                            : sinkhole_listen_socket(addr, SOCK_STREAM, "--metrics", err);
    if (fd < 0) {
        if (m->stop_fd >= 0)
            close(m->stop_fd);
        free(m->body);
        free(m);
        return -fd;
    }
    m->listen_fd = fd;
    *out = m;
    return TK_OK;
}

int tk_metrics_http_start(struct tk_metrics_http *m, tk_metrics_render_fn render, void *ctx,
                          struct tk_error *err)
{
    m->render = render;
    m->ctx = ctx;
    if (pthread_create(&m->thread, NULL, metrics_main, m) != 0)
        return tk_error_set(err, TK_ERR_IO, "cannot start the metrics thread");
    m->started = 1;
    return TK_OK;
}

void tk_metrics_http_stop(struct tk_metrics_http *m)
{
    uint64_t one = 1;
    if (m == NULL)
        return;
    if (m->started && write(m->stop_fd, &one, sizeof one) < 0)
        one = 0;
    if (m->started)
        pthread_join(m->thread, NULL);
    close(m->listen_fd);
    close(m->stop_fd);
    free(m->body);
    free(m);
}
