/* rrl.h - response rate limiting per client prefix, so that the sinkhole cannot be used to
 * reflect traffic at a spoofed victim.
 *
 * Responses to each IPv4 /24 or IPv6 /56 are counted per second in a fixed table shared by
 * all workers (lock-free, no allocation after creation). Past `rate` responses in one
 * second the rest are dropped, except every `slip`-th, which is sent truncated (TC, no
 * answer) so that a real resolver behind that prefix retries over TCP, where spoofing is
 * impossible. Over TCP nothing is limited. Two prefixes that share a table slot reset each
 * other's count, which errs towards answering. */
#ifndef TAKEDOWN_RRL_H
#define TAKEDOWN_RRL_H

#include <stdint.h>
#include <sys/socket.h>

struct tk_rrl;

enum tk_rrl_action { TK_RRL_SEND = 0, TK_RRL_DROP, TK_RRL_SLIP };

/* rate: responses per second per prefix (1..65535); slip: 0 never slips, 1 slips every
 * limited response, N every N-th. Returns NULL when out of memory. */
struct tk_rrl *tk_rrl_new(uint32_t rate, uint32_t slip);
void tk_rrl_free(struct tk_rrl *rrl);

/* Counts one response to client at time now (seconds) and says what to do with it. */
enum tk_rrl_action tk_rrl_check(struct tk_rrl *rrl, const struct sockaddr *client,
                                uint32_t now);

#endif
