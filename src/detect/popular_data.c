/* popular_data.c - data/match/popular.txt (113k popular registered domains, 1.6 MB),
 * built into the program so that `takedown match` needs no data directory.
 *
 * The file goes in whole through the assembler's .incbin: generating a C array of it
 * (cmake/embed_file.cmake, fine for the small model and allow-list) would write and
 * compile 8 MB of C on every build. TK_POPULAR_LIST is the file's absolute path, set
 * by CMakeLists.txt, which also makes this object depend on the file. */
#include <stddef.h>

#include "detect/popular_data.h"

__asm__(".section .rodata\n"
        ".global tk_popular_list_start\n"
        ".type tk_popular_list_start, @object\n"
        "tk_popular_list_start:\n"
        ".incbin \"" TK_POPULAR_LIST "\"\n"
        ".global tk_popular_list_end\n"
        ".type tk_popular_list_end, @object\n"
        "tk_popular_list_end:\n"
        ".byte 0\n"
        ".previous\n");

size_t tk_popular_list_len(void)
{
    return (size_t)(tk_popular_list_end - tk_popular_list_start);
}
