/* dga_util.h - building blocks shared by the family generators.
 *
 * Digests and base64 come from OpenSSL's libcrypto and CRC-32 from zlib; the small text and
 * list helpers the malware's arithmetic needs around them are written here once. Generators
 * the families share live beside this file (msvc_rand.h, lcg.h, pyarith.h). */
#ifndef TAKEDOWN_DGA_UTIL_H
#define TAKEDOWN_DGA_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/error.h"
#include "takedown/wordlist.h"

void tk_md5(const void *data, size_t len, uint8_t out[16]);
void tk_sha1(const void *data, size_t len, uint8_t out[20]);
void tk_sha256(const void *data, size_t len, uint8_t out[32]);
uint32_t tk_crc32(const void *data, size_t len);

/* Lower-case hexadecimal of len bytes into out (2 * len + 1 bytes, NUL-terminated). */
void tk_hex(const uint8_t *bytes, size_t len, char *out);
/* The MD5 digest of data as 32 lower-case hex digits and a NUL. */
void tk_md5_hex(const void *data, size_t len, char out[33]);
/* Base64 of len bytes (the standard alphabet, '=' padding) into out, NUL-terminated;
 * returns the text length, 4 * ((len + 2) / 3). */
size_t tk_base64(const void *data, size_t len, char *out);
/* value in base 2-36 (digits 0-9, then a-z), most significant digit first and without a
 * NUL, into out (up to 64 characters); returns the number of digits ("0" for zero). */
size_t tk_format_base(uint64_t value, unsigned base, char *out);

/* The low `bytes` bytes of value (at most 8), least significant first, into out. */
void tk_store_le(uint8_t *out, uint64_t value, size_t bytes);
/* Four bytes, least significant first, as a number. */
uint32_t tk_load_le32(const uint8_t *in);
/* value rotated left or right by shift bits (taken modulo 32). */
uint32_t tk_rotl32(uint32_t value, unsigned shift);
uint32_t tk_rotr32(uint32_t value, unsigned shift);

/* Splits a comma-separated list in place-free fashion: copies item i (0-based) of list into
 * out (size outsz). Returns the number of items in list; items beyond it leave out empty. */
size_t tk_list_count(const char *list);
int tk_list_item(const char *list, size_t index, char *out, size_t outsz);

/* The longest TLD a --tlds list may hold, in characters. */
#define TK_TLD_MAX 63

/* Checks a comma-separated list given with --tlds: at least one TLD, none empty or longer
 * than TK_TLD_MAX characters. A failure is TK_ERR_USAGE naming the first bad item. */
int tk_check_tld_list(const char *list, struct tk_error *err);

/* Checks the text of parameter --name: at most max_len characters, all of them ASCII
 * (SIZE_MAX: any length). A failure is TK_ERR_USAGE. */
int tk_check_ascii_param(const char *name, const char *value, size_t max_len,
                         struct tk_error *err);

#endif
