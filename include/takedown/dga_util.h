/* dga_util.h - building blocks shared by the family generators.
 *
 * Digests come from OpenSSL's libcrypto and CRC-32 from zlib; the few primitives that no
 * maintained library offers in the form the malware used (RC4 as a plain keystream, the
 * MSVC rand() LCG, Python's Mersenne Twister seeding) are written here once. */
#ifndef TAKEDOWN_DGA_UTIL_H
#define TAKEDOWN_DGA_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/error.h"

void tk_md5(const void *data, size_t len, uint8_t out[16]);
void tk_sha1(const void *data, size_t len, uint8_t out[20]);
void tk_sha256(const void *data, size_t len, uint8_t out[32]);
uint32_t tk_crc32(const void *data, size_t len);

/* Lower-case hexadecimal of len bytes into out (2 * len + 1 bytes, NUL-terminated). */
void tk_hex(const uint8_t *bytes, size_t len, char *out);

/* Splits a comma-separated list in place-free fashion: copies item i (0-based) of list into
 * out (size outsz). Returns the number of items in list; items beyond it leave out empty. */
size_t tk_list_count(const char *list);
int tk_list_item(const char *list, size_t index, char *out, size_t outsz);

/* A word list: embedded at build time from data/wordlists/NAME.txt, or read from a file.
 * Lines are words; blank lines and lines starting with '#' are skipped. */
struct tk_wordlist {
    char **words;
    size_t count;
    char *storage;
};

/* name_or_path: an embedded list name ("gozi-gpl") or, when it contains a '/', a file. */
int tk_wordlist_load(const char *name_or_path, struct tk_wordlist *out, struct tk_error *err);
void tk_wordlist_free(struct tk_wordlist *list);
/* The raw text of an embedded list, or NULL. */
const char *tk_wordlist_embedded(const char *name, size_t *len);

#endif
