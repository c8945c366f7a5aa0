/* popular_data.h - the built-in list of popular registered domains (data/match/popular.txt):
 * its text, one name per line with '#' comments, and its length. */
#ifndef TAKEDOWN_DETECT_POPULAR_DATA_H
#define TAKEDOWN_DETECT_POPULAR_DATA_H

#include <stddef.h>

extern const char tk_popular_list_start[];
extern const char tk_popular_list_end[];

size_t tk_popular_list_len(void);

#endif
