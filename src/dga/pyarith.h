/* pyarith.h - Python's integer division and modulo for 64-bit integers.
 *
 * Many reference DGAs are Python scripts: their `//` and `%` round toward negative infinity
 * (-7 // 2 == -4, -7 % 5 == 3), where C truncates toward zero. These helpers give the Python
 * results, so a port stays exact for negative values (dates before an epoch, signed 32-bit
 * states). b must not be 0, and a / b must fit (not INT64_MIN / -1). */
#ifndef TAKEDOWN_PYARITH_H
#define TAKEDOWN_PYARITH_H

#include <stdint.h>

/* a // b in Python: the quotient rounded toward negative infinity. */
int64_t tk_floor_div(int64_t a, int64_t b);
/* a % b in Python: the remainder with the sign of b. */
int64_t tk_floor_mod(int64_t a, int64_t b);

#endif
