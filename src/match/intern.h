/* intern.h - the interning tables moved to src/util/intern.h; this name is kept only for
 * src/match/discover_internal.h, which is being reworked on another branch: point it at
 * util/intern.h and delete this file when that lands. */
#include "util/intern.h"
