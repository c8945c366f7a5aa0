/* qsnatch.c - the QSnatch (QNAP NAS malware) DGA, variants a and b.
 *
 * For each time bucket and TLD, the SHA-1 of "<bucket><seed><tld>\n" is base64-encoded and
 * lower-cased ('+' and '/' become 'b' and 'c'); labels are prefixes of that text. Variant a
 * walks six bucket sizes (15 days down to 1 hour) x three lengths x 145 TLDs; variant b uses
 * 15-day buckets, 30 TLDs and lengths 6-10. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "dga/dga_util.h"
#include "dga/emit_util.h"
#include "takedown/family.h"
#include "dga/pyarith.h"

/* Variant a. The entry ".com.bn" has a leading dot in the malware's table, so its names end
 * in "..com.bn"; com, net and org get labels one character longer. */
static const char *const qsnatch_tlds_a[] = {
    "cf", "tk", "com", "ml", "de", "rocks", "mx", "biz", "net", "cn", "ga", "gq", "org", "top",
    "nl", "men", "ws", "se", "info", "xyz", "today", "ru", "ec", "co", "ee", "rs", "com.sv",
    "com.cy", "co.zw", "kg", "com.ge", "tl", "name", "tw", "lv", "bs", "li", "ng", "ae", "bt",
    "tv", "pe", "uz", "me", "gy", "am", "kr", "by", "fr", "com.uy", "com.lb", "com.br", "vu",
    "hk", "in", "re", "ch", "af", "com.ps", "ug", "dz", "pro", "co.th", "sg", "cd", "so", "mo",
    "co.id", "co.il", "com.do", "ke", "cx", "ro", "id", "pm", "hm", "vg", "az", "com.eg", "bz",
    "su", "com.ar", "gg", "com.lr", "pa", "com.ve", "al", "fm", "to", "mu", "co.ck", "pk",
    "co.rs", "cw", "nr", "gd", "gl", "ac", "lk", "md", "fi", "sx", "lc", "es", "cc", "cm", "la",
    "co.za", "je", "cz", "jp", "ai", "pw", "bg", "nu", "ag", "bm", "eu", "com.my", "sc", "ax",
    "wf", "ly", "qa", "vn", "aq", "mobi", "com.tr", "com.ua", "com.py", "hk.org", "south.am",
    "com.kh", "co.zm", "ru.net", "com.km", "tt", "kn", "co.ls", "co.fk", "uy.com", "com.gu",
    ".com.bn", "com.pf", "com.fj",
};

static const char *const qsnatch_tlds_b[] = {
    "cf", "tk", "ml", "ga", "gq", "com", "biz", "org", "de", "rocks", "mx", "cn", "top", "nl",
    "men", "ws", "se", "info", "xyz", "net", "today", "ru", "fi", "name", "to", "in", "com.ua",
    "vg", "vn", "cd",
};

enum {
    QSNATCH_TLDS_A = sizeof qsnatch_tlds_a / sizeof qsnatch_tlds_a[0],
    QSNATCH_TLDS_B = sizeof qsnatch_tlds_b / sizeof qsnatch_tlds_b[0],
    QSNATCH_HOUR = 3600,
    QSNATCH_DAY = 24 * QSNATCH_HOUR,
    QSNATCH_SEED_MAX = 256,
    QSNATCH_TEXT_LEN = 12, /* base64 of the first 9 digest bytes: longer than any label */
    QSNATCH_B_MIN_LEN = 6,
    QSNATCH_B_MAX_LEN = 10
};

/* Variant a: bucket sizes in seconds and base label lengths, in the order the malware tries. */
static const int64_t qsnatch_intervals_a[6] = {15 * QSNATCH_DAY, 5 * QSNATCH_DAY, QSNATCH_DAY,
                                               8 * QSNATCH_HOUR, 2 * QSNATCH_HOUR, QSNATCH_HOUR};
static const int qsnatch_lengths_a[3] = {5, 3, 4};

/* The start of the lower-cased base64 of SHA-1("<bucket><seed><tld>\n"), with '+' and '/'
 * as 'b' and 'c'. text holds QSNATCH_TEXT_LEN + 1 bytes. */
static void qsnatch_label_source(int64_t bucket, const char *seed, const char *tld, char *text)
{
    char key[QSNATCH_SEED_MAX + 64];
    uint8_t digest[20];

    int len = snprintf(key, sizeof key, "%lld%s%s\n", (long long)bucket, seed, tld);
    tk_sha1(key, (size_t)len, digest);
    tk_base64(digest, QSNATCH_TEXT_LEN / 4 * 3, text);
    for (size_t i = 0; i < QSNATCH_TEXT_LEN; i++) {
        char c = text[i];
        text[i] = c == '+' ? 'b' : c == '/' ? 'c' : (char)tolower((unsigned char)c);
    }
}

/* Emits the first label_len characters of text, a dot and tld; returns emit's result. */
static int qsnatch_emit(tk_emit_fn emit, void *ctx, const char *text, size_t label_len,
                        const char *tld)
{
    char name[64];
    memcpy(name, text, label_len);
    return tk_emit_with_tld(emit, ctx, name, label_len, tld);
}

/* com, net and org: one character more than the other TLDs. */
static int qsnatch_extra_length(const char *tld)
{
    return strcmp(tld, "com") == 0 || strcmp(tld, "net") == 0 || strcmp(tld, "org") == 0;
}

static int qsnatch_generate_a(int64_t unix_time, const char *seed, int64_t count,
                              tk_emit_fn emit, void *ctx)
{
    char texts[QSNATCH_TLDS_A][QSNATCH_TEXT_LEN + 1];
    int64_t emitted = 0;

    for (size_t k = 0; k < 6; k++) {
        int64_t bucket = tk_floor_div(unix_time, qsnatch_intervals_a[k]);
        for (size_t t = 0; t < QSNATCH_TLDS_A; t++)
            qsnatch_label_source(bucket, seed, qsnatch_tlds_a[t], texts[t]);
        for (size_t l = 0; l < 3; l++) {
            for (size_t t = 0; t < QSNATCH_TLDS_A; t++) {
                if (emitted++ == count)
                    return TK_OK;
                int length = qsnatch_lengths_a[l] + qsnatch_extra_length(qsnatch_tlds_a[t]);
                int rc = qsnatch_emit(emit, ctx, texts[t], (size_t)(length < 3 ? 3 : length),
                                      qsnatch_tlds_a[t]);
                if (rc)
                    return rc;
            }
        }
    }
    return TK_OK;
}

static int qsnatch_generate_b(int64_t unix_time, const char *seed, int64_t count,
                              tk_emit_fn emit, void *ctx)
{
    int64_t bucket = tk_floor_div(unix_time, 15 * QSNATCH_DAY);
    char text[QSNATCH_TEXT_LEN + 1];
    int64_t emitted = 0;

    for (size_t t = 0; t < QSNATCH_TLDS_B; t++) {
        qsnatch_label_source(bucket, seed, qsnatch_tlds_b[t], text);
        for (size_t len = QSNATCH_B_MIN_LEN; len <= QSNATCH_B_MAX_LEN; len++) {
            if (emitted++ == count)
                return TK_OK;
            int rc = qsnatch_emit(emit, ctx, text, len, qsnatch_tlds_b[t]);
            if (rc)
                return rc;
        }
    }
    return TK_OK;
}

static int qsnatch_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                            struct tk_error *err)
{
    const char *seed = tk_args_str(gen->args, "seed");
    int64_t unix_time = tk_day_to_unix(tk_args_day(gen->args, "date"));

    if (strlen(seed) > QSNATCH_SEED_MAX)
        return tk_error_set(err, TK_ERR_USAGE, "qsnatch: --seed is longer than %d characters",
                            QSNATCH_SEED_MAX);
    int64_t count;
    int rc = tk_gen_count(gen, INT64_MAX, &count, err);
    if (rc)
        return rc;
    if (strcmp(gen->variant->name, "b") == 0)
        return qsnatch_generate_b(unix_time, seed, count, emit, ctx);
    return qsnatch_generate_a(unix_time, seed, count, emit, ctx);
}

/* Variant a changes daily (its finer buckets all start at midnight); b every 15 days. */
static int64_t qsnatch_period(const struct tk_gen *gen, tk_day day)
{
    if (strcmp(gen->variant->name, "b") == 0)
        return tk_floor_div(day, 15);
    return day;
}

static const struct tk_variant qsnatch_variants[] = {
    {"a", "six bucket sizes x three lengths x 145 TLDs (2,610 names)", NULL, "a-z0-9.", 3, 6},
    {"b", "15-day buckets, 30 TLDs x lengths 6-10 (150 names)",
     "cf,tk,ml,ga,gq,com,biz,org,de,rocks,mx,cn,top,nl,men,ws,se,info,xyz,net,today,ru,fi,name,"
     "to,in,com.ua,vg,vn,cd",
     "a-z0-9", 6, 10},
    {0},
};

static const struct tk_param_def qsnatch_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL,
     "UTC day, taken at 00:00; a: names change daily, b: every 15 days"},
    {"seed", TK_PARAM_STRING, "IbjGOEgnuD", NULL, "seed string hashed with the bucket and TLD"},
    {"count", TK_PARAM_INT, "0", NULL,
     "names to print, in generation order; 0: all (a: 2610, b: 150)"},
    {0},
};

static const struct tk_seed qsnatch_seeds[] = {
    {NULL, "seed=IbjGOEgnuD", "the seed of the analysed samples (J. Bader, 2020)"},
    {0},
};

const struct tk_family tk_family_qsnatch = {
    .name = "qsnatch",
    .aliases = "",
    .summary = "QSnatch NAS malware: SHA-1/base64 prefixes over 145 (a) or 30 (b) TLDs",
    .description =
        "The Unix time is divided by a bucket size. For each TLD the text \"<bucket><seed>"
        "<tld>\\n\" is hashed with SHA-1 and base64-encoded, the padding dropped, the text "
        "lower-cased and '+', '/' turned into 'b', 'c'; a label is a prefix of it. Variant a "
        "tries buckets of 15 days, 5 days, 1 day, 8, 2 and 1 hours, and for each the lengths "
        "5, 3 and 4 (plus one for com, net and org) over 145 TLDs; one table entry has a "
        "leading dot, giving names ending in \"..com.bn\". Variant b uses 15-day buckets and, "
        "per TLD, the prefixes of length 6 to 10.",
    .variants = qsnatch_variants,
    .params = qsnatch_params,
    .seed_param = "seed",
    .known_seeds = qsnatch_seeds,
    .granularity = "daily (a: at 00:00 UTC; its 8 h, 2 h and 1 h buckets also start then); "
                   "b: 15 days",
    .names_per_period = "2610 (a) or 150 (b)",
    .tlds = "cf,tk,com,ml,de,rocks,mx,biz,net,cn,ga,gq,org,top,nl,men,ws,se,info,xyz,today,ru,"
            "ec,co,ee,rs,com.sv,com.cy,co.zw,kg,com.ge,tl,name,tw,lv,bs,li,ng,ae,bt,tv,pe,uz,"
            "me,gy,am,kr,by,fr,com.uy,com.lb,com.br,vu,hk,in,re,ch,af,com.ps,ug,dz,pro,co.th,"
            "sg,cd,so,mo,co.id,co.il,com.do,ke,cx,ro,id,pm,hm,vg,az,com.eg,bz,su,com.ar,gg,"
            "com.lr,pa,com.ve,al,fm,to,mu,co.ck,pk,co.rs,cw,nr,gd,gl,ac,lk,md,fi,sx,lc,es,cc,"
            "cm,la,co.za,je,cz,jp,ai,pw,bg,nu,ag,bm,eu,com.my,sc,ax,wf,ly,qa,vn,aq,mobi,"
            "com.tr,com.ua,com.py,hk.org,south.am,com.kh,co.zm,ru.net,com.km,tt,kn,co.ls,"
            "co.fk,uy.com,com.gu,com.bn,com.pf,com.fj",
    .charset = "a-z0-9.",
    .label_min = 3,
    .label_max = 6,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:qsnatch/dga_a.py and dga_b.py — J. Bader, "
                 "'The DGA of QSnatch' (2020)",
    .time_note = "the reference goes through local time (time.mktime); we use UTC",
    .generate = qsnatch_generate,
    .period = qsnatch_period,
};
