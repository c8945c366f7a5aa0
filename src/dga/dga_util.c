/* dga_util.c - digests, encodings, byte order, lists and parameter checks shared by the
 * family generators. */
#include "dga/dga_util.h"

#include <pthread.h>
#include <string.h>

#include <openssl/evp.h>
#include <zlib.h>

/* One-shot digests through EVP with the algorithms fetched once per process: an implicit
 * fetch on every call would dominate the cost of hashing the short strings DGAs use.
 * Fetched EVP_MD objects are immutable and safe to share between threads. */
static EVP_MD *md5_algorithm, *sha1_algorithm, *sha256_algorithm;
static pthread_once_t fetch_once = PTHREAD_ONCE_INIT;

static void fetch_algorithms(void)
{
    md5_algorithm = EVP_MD_fetch(NULL, "MD5", NULL);
    sha1_algorithm = EVP_MD_fetch(NULL, "SHA1", NULL);
    sha256_algorithm = EVP_MD_fetch(NULL, "SHA256", NULL);
}

static void digest(EVP_MD **algorithm, const void *data, size_t len, uint8_t *out)
{
    pthread_once(&fetch_once, fetch_algorithms);
    EVP_Digest(data, len, out, NULL, *algorithm, NULL);
}

void tk_md5(const void *data, size_t len, uint8_t out[16])
{
    digest(&md5_algorithm, data, len, out);
}

void tk_sha1(const void *data, size_t len, uint8_t out[20])
{
    digest(&sha1_algorithm, data, len, out);
}

void tk_sha256(const void *data, size_t len, uint8_t out[32])
{
    digest(&sha256_algorithm, data, len, out);
}

uint32_t tk_crc32(const void *data, size_t len)
{
    return (uint32_t)crc32(0L, (const Bytef *)data, (uInt)len);
}

void tk_hex(const uint8_t *bytes, size_t len, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 15];
    }
    out[2 * len] = '\0';
}

void tk_md5_hex(const void *data, size_t len, char out[33])
{
    uint8_t digest[16];
    tk_md5(data, len, digest);
    tk_hex(digest, sizeof digest, out);
}

size_t tk_base64(const void *data, size_t len, char *out)
{
    return (size_t)EVP_EncodeBlock((unsigned char *)out, data, (int)len);
}

size_t tk_format_base(uint64_t value, unsigned base, char *out)
{
    static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    char reversed[64];
    size_t n = 0;
    do {
        reversed[n++] = digits[value % base];
        value /= base;
    } while (value != 0);
    for (size_t i = 0; i < n; i++)
        out[i] = reversed[n - 1 - i];
    return n;
}

void tk_store_le(uint8_t *out, uint64_t value, size_t bytes)
{
    for (size_t i = 0; i < bytes; i++)
        out[i] = (uint8_t)(value >> (8 * i));
}

uint32_t tk_load_le32(const uint8_t *in)
{
    return (uint32_t)in[0] | (uint32_t)in[1] << 8 | (uint32_t)in[2] << 16 |
           (uint32_t)in[3] << 24;
}

uint32_t tk_rotl32(uint32_t value, unsigned shift)
{
    shift &= 31;
    return shift ? (value << shift) | (value >> (32 - shift)) : value;
}

uint32_t tk_rotr32(uint32_t value, unsigned shift)
{
    shift &= 31;
    return shift ? (value >> shift) | (value << (32 - shift)) : value;
}

size_t tk_list_count(const char *list)
{
    size_t n = 1;
    if (list == NULL || *list == '\0')
        return 0;
    for (const char *p = list; *p; p++)
        n += *p == ',';
    return n;
}

int tk_list_item(const char *list, size_t index, char *out, size_t outsz)
{
    const char *p = list;
    out[0] = '\0';
    for (size_t i = 0; i < index; i++) {
        p = strchr(p, ',');
        if (p == NULL)
            return -1;
        p++;
    }
    size_t len = strcspn(p, ",");
    if (len >= outsz)
        return -1;
    memcpy(out, p, len);
    out[len] = '\0';
    return 0;
}

int tk_check_tld_list(const char *list, struct tk_error *err)
{
    size_t count = tk_list_count(list);
    if (count == 0)
        return tk_error_set(err, TK_ERR_USAGE, "--tlds must list at least one TLD");
    for (size_t i = 0; i < count; i++) {
        char tld[TK_TLD_MAX + 1];
        if (tk_list_item(list, i, tld, sizeof tld) != 0 || tld[0] == '\0')
            return tk_error_set(err, TK_ERR_USAGE,
                                "--tlds: item %zu of '%s' is empty or longer than %d characters",
                                i + 1, list, TK_TLD_MAX);
    }
    return TK_OK;
}

int tk_check_ascii_param(const char *name, const char *value, size_t max_len,
                         struct tk_error *err)
{
    if (strlen(value) > max_len)
        return tk_error_set(err, TK_ERR_USAGE, "--%s is longer than %zu characters", name,
                            max_len);
    for (const char *p = value; *p; p++)
        if ((unsigned char)*p > 0x7F)
            return tk_error_set(err, TK_ERR_USAGE, "--%s must be ASCII text", name);
    return TK_OK;
}
