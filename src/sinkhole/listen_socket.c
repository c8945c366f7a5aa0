/* listen_socket.c - binding one listening socket of the sinkhole (see listen_socket.h).
 * No SO_REUSEPORT: with it, a second sinkhole on the same port would join the first one's
 * group and the kernel would split the queries between them. The worker threads share the
 * one socket instead (server.c). SO_REUSEADDR on TCP only lets a restart bind over
 * connections in TIME_WAIT; on Linux it never lets two sockets listen on one port. */
#include "sinkhole/listen_socket.h"

#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <unistd.h>

#include "takedown/sinkhole_options.h"

static socklen_t address_length(const struct sockaddr_storage *ss)
{
    return ss->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
}

static int bind_error(struct tk_error *err, const char *where, const char *what, int e)
{
    switch (e) {
    case EADDRINUSE:
        return tk_error_set(err, TK_ERR_IO, "%s: address in use (%s)", where, what);
    case EADDRNOTAVAIL:
        return tk_error_set(err, TK_ERR_IO, "%s: not an address of this host (%s)", where, what);
    case EACCES:
        return tk_error_set(err, TK_ERR_IO, "%s: permission denied (%s; a port below 1024 "
                            "needs root or CAP_NET_BIND_SERVICE)", where, what);
    default:
        return tk_error_set(err, TK_ERR_IO, "%s: cannot listen (%s): %s", where, what,
                            strerror(e));
    }
}

int sinkhole_listen_socket(struct sockaddr_storage *addr, int type, const char *what,
                           struct tk_error *err)
{
    char where[80];
    int one = 1;
    int fd = socket(addr->ss_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    tk_format_socket_address(addr, where, sizeof where);
    if (fd < 0)
        return -bind_error(err, where, what, errno);
    if (type == SOCK_STREAM)
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (addr->ss_family == AF_INET6)
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    if (type == SOCK_DGRAM) {
        int size = 4 << 20;
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
        setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
    }
    if (bind(fd, (struct sockaddr *)addr, address_length(addr)) != 0
        || (type == SOCK_STREAM && listen(fd, 1024) != 0)) {
        int e = errno;
        close(fd);
        return -bind_error(err, where, what, e);
    }
    socklen_t len = sizeof *addr;
    getsockname(fd, (struct sockaddr *)addr, &len);
    return fd;
}
