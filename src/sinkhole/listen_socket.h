/* listen_socket.h - the sinkhole's listening sockets (DNS, contact listeners, metrics):
 * bound exclusively, so that a second program on the same address and port fails. */
#ifndef TAKEDOWN_SINKHOLE_LISTEN_SOCKET_H
#define TAKEDOWN_SINKHOLE_LISTEN_SOCKET_H

#include <sys/socket.h>

#include "takedown/error.h"

/* A non-blocking socket of type (SOCK_DGRAM or SOCK_STREAM, then listening) bound to addr,
 * without SO_REUSEPORT: the only one on that address and port. With port 0 the port picked
 * is written back into addr. Returns the descriptor, or minus a status with err filled:
 * "ADDR:PORT: address in use (WHAT)", "ADDR:PORT: not an address of this host (WHAT)", ...,
 * where what names the listener ("--dns, udp", "--http", "--metrics"). */
int sinkhole_listen_socket(struct sockaddr_storage *addr, int type, const char *what,
                           struct tk_error *err);

#endif
