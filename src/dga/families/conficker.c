/* conficker.c - the Conficker (Downadup, Kido) DGAs: A and B (250 names a day), C (50,000).
 *
 * The seed is the Windows FILETIME of the UTC day at 00:00, multiplied and divided by
 * per-variant constants. A floating-point generator then keeps a 64-bit state that is
 * alternately read as an integer and as an IEEE double: the next state is the bit pattern of
 * ((P + sin(x)) * x + c) * x + log(x), where x is the state read as an unsigned integer and
 * P is the state times a constant (mod 2^64). Each output is the low 32 bits, signed. A name
 * takes one output for its length, one per letter and one for its TLD. */
#include <math.h>
#include <string.h>

#include "dga/emit_util.h"
#include "takedown/family.h"

/* Days from 1601-01-01 (the FILETIME epoch) to 1970-01-01. */
#define CONFICKER_EPOCH_DAYS 134774
#define CONFICKER_FILETIME_DAY 864000000000ull /* 100 ns units in a day */
#define CONFICKER_NAME_MAX 64

static const char *const conficker_tlds_a[] = {"com", "net", "org", "info", "biz"};
static const char *const conficker_tlds_b[] = {"cc", "cn", "ws", "com", "net", "org", "info", "biz"};
static const char *const conficker_tlds_c[] = {
    "ac",     "ae",     "ag",     "am",     "as",     "at",     "be",     "bo",     "bz",
    "ca",     "cd",     "ch",     "cl",     "cn",     "co.cr",  "co.id",  "co.il",  "co.ke",
    "co.kr",  "co.nz",  "co.ug",  "co.uk",  "co.vi",  "co.za",  "com.ag", "com.ai", "com.ar",
    "com.bo", "com.br", "com.bs", "com.co", "com.do", "com.fj", "com.gh", "com.gl", "com.gt",
    "com.hn", "com.jm", "com.ki", "com.lc", "com.mt", "com.mx", "com.ng", "com.ni", "com.pa",
    "com.pe", "com.pr", "com.pt", "com.py", "com.sv", "com.tr", "com.tt", "com.tw", "com.ua",
    "com.uy", "com.ve", "cx",     "cz",     "dj",     "dk",     "dm",     "ec",     "es",
    "fm",     "fr",     "gd",     "gr",     "gs",     "gy",     "hk",     "hn",     "ht",
    "hu",     "ie",     "im",     "in",     "ir",     "is",     "kn",     "kz",     "la",
    "lc",     "li",     "lu",     "lv",     "ly",     "md",     "me",     "mn",     "ms",
    "mu",     "mw",     "my",     "nf",     "nl",     "no",     "pe",     "pk",     "pl",
    "ps",     "ro",     "ru",     "sc",     "sg",     "sh",     "sk",     "su",     "tc",
    "tj",     "tl",     "tn",     "to",     "tw",     "us",     "vc",     "vn"};

/* How a variant turns generator outputs into a length and a TLD index. */
enum conficker_style {
    CONFICKER_STYLE_A, /* length r % 4 + 8 (C remainder, 5-11); TLD (unsigned) r % 5 */
    CONFICKER_STYLE_B, /* length r % 4 + 8; TLD r & 7 */
    CONFICKER_STYLE_C  /* length |r % 6| + 4 (4-9); TLD |r| % 116 */
};

struct conficker_config {
    const char *variant;
    uint64_t seed_mul;   /* FILETIME multiplier (mod 2^64) */
    uint64_t seed_div;   /* then divided by this (unsigned) */
    uint64_t seed_add;   /* then this is added */
    uint64_t state_mul;  /* multiplier of the state inside the generator */
    double state_add;    /* constant added inside the generator */
    enum conficker_style style;
    const char *const *tlds;
    int64_t names_per_day;
};

static const struct conficker_config conficker_configs[] = {
    {"a", 0x463DA5676ull, 0x58028E44000ull, 0xB46A7637ull, 0x64236735ull, 0.737565675,
     CONFICKER_STYLE_A, conficker_tlds_a, 250},
    {"b", 0x352C94565ull, 0x58028E44000ull, 0xA3596526ull, 0x53125624ull, 0.626454564,
     CONFICKER_STYLE_B, conficker_tlds_b, 250},
    {"c", 0x2682D10B7ull, 0x19254D38000ull, 0xF1E34A09ull, 0x4F3D859Eull, 0.946270391,
     CONFICKER_STYLE_C, conficker_tlds_c, 50000},
};

/* One step of the generator. The malware runs it on the x87 FPU at Windows' default 53-bit
 * precision, so every operation rounds exactly as IEEE double arithmetic does here.
 *
 * sin(x) lies in [-1, 1] and log(x) in {-inf} or [0, 44.4] (x is a whole number below 2^64).
 * Added to a double of magnitude 2^55 or more (resp. 2^61), whose neighbours are at least
 * 4 (resp. 256) away, either rounds back to that double: so they are only computed where
 * they can change a bit, about 1 step in 512 for the sine. That is the same result, bit for
 * bit, and a huge-argument sine was most of Conficker C's time. */
static int32_t conficker_next(uint64_t *state, const struct conficker_config *cfg)
{
    double x = (double)*state;
    double product = (double)(*state * cfg->state_mul);
    double t = (product >= 0x1p55 ? product : product + sin(x)) * x;
    t = (t + cfg->state_add) * x;
    double next = fabs(t) >= 0x1p61 ? t : log(x) + t;
    memcpy(state, &next, sizeof next);
    return (int32_t)(uint32_t)*state;
}

/* |r| as an unsigned value, also for INT32_MIN, where the malware's abs() overflows. */
static uint32_t conficker_magnitude(int32_t r)
{
    return r < 0 ? 0u - (uint32_t)r : (uint32_t)r;
}

static size_t conficker_length(int32_t r, enum conficker_style style)
{
    if (style == CONFICKER_STYLE_C) {
        int32_t rem = r % 6;
        return (size_t)(rem < 0 ? -rem : rem) + 4;
    }
    return (size_t)(r % 4 + 8);
}

static const char *conficker_tld(int32_t r, const struct conficker_config *cfg)
{
    if (cfg->style == CONFICKER_STYLE_A)
        return cfg->tlds[(uint32_t)r % 5u];
    if (cfg->style == CONFICKER_STYLE_B)
        return cfg->tlds[(uint32_t)r & 7u];
    return cfg->tlds[conficker_magnitude(r) % 116u];
}

static uint64_t conficker_seed(tk_day day, const struct conficker_config *cfg)
{
    uint64_t filetime = ((uint64_t)day + CONFICKER_EPOCH_DAYS) * CONFICKER_FILETIME_DAY;
    return filetime * cfg->seed_mul / cfg->seed_div + cfg->seed_add;
}

/* Writes the next name into out (CONFICKER_NAME_MAX bytes) and returns its length. */
static size_t conficker_name(uint64_t *state, const struct conficker_config *cfg, char *out)
{
    size_t len = conficker_length(conficker_next(state, cfg), cfg->style);
    for (size_t i = 0; i < len; i++)
        out[i] = (char)('a' + conficker_magnitude(conficker_next(state, cfg)) % 26u);
    return tk_name_add_tld(out, len, conficker_tld(conficker_next(state, cfg), cfg));
}

static const struct conficker_config *conficker_config_of(const struct tk_variant *variant)
{
    for (size_t i = 0; i < sizeof conficker_configs / sizeof conficker_configs[0]; i++)
        if (strcmp(conficker_configs[i].variant, variant->name) == 0)
            return &conficker_configs[i];
    return NULL;
}

static int conficker_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                              struct tk_error *err)
{
    const struct conficker_config *cfg = conficker_config_of(gen->variant);
    if (cfg == NULL)
        return tk_error_set(err, TK_ERR_USAGE, "conficker: unknown variant '%s'",
                            gen->variant->name);

    int64_t count = tk_args_int(gen->args, "count");
    if (count == 0)
        count = cfg->names_per_day;
    uint64_t state = conficker_seed(tk_args_day(gen->args, "date"), cfg);
    char name[CONFICKER_NAME_MAX];

    for (int64_t n = 0; n < count; n++) {
        size_t len = conficker_name(&state, cfg, name);
        int rc = emit(ctx, name, len);
        if (rc)
            return rc;
    }
    return TK_OK;
}

static const struct tk_variant conficker_variants[] = {
    {"a", "Conficker.A (November 2008): 250 names a day, 5 TLDs", "com,net,org,info,biz", NULL,
     5, 11},
    {"b", "Conficker.B (December 2008): 250 names a day, 8 TLDs",
     "cc,cn,ws,com,net,org,info,biz", NULL, 5, 11},
    {"c", "Conficker.C (March 2009): 50,000 names a day over 116 country TLDs", NULL, NULL, 4, 9},
    {0},
};

static const struct tk_param_def conficker_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL, "UTC day (the malware reads it from web servers' replies)"},
    {"count", TK_PARAM_INT, "0", NULL,
     "names to generate; 0: the variant's daily number (250 for a and b, 50,000 for c)"},
    {0},
};

static const struct tk_seed conficker_seeds[] = {
    {0},
};

const struct tk_family tk_family_conficker = {
    .name = "conficker",
    .aliases = "downadup,kido",
    .summary = "Conficker worm: 250 names a day (A, B) or 50,000 over 116 TLDs (C)",
    .description =
        "The FILETIME of the UTC day is multiplied and divided by per-variant constants to "
        "seed a floating-point generator whose 64-bit state is read alternately as an integer "
        "and as a double: next = ((state*k + sin(x))*x + c)*x + log(x). Its low 32 bits give "
        "the length (5-11 letters for A and B, 4-9 for C), each letter and the TLD. A uses "
        "com, net, org, info and biz; B adds cc, cn and ws; C spreads 50,000 names a day over "
        "116 TLDs, of which a bot tries 500.",
    .variants = conficker_variants,
    .params = conficker_params,
    .seed_param = NULL,
    .known_seeds = conficker_seeds,
    .granularity = "daily",
    .names_per_period = "250 (a, b); 50,000 (c)",
    .tlds = "ac,ae,ag,am,as,at,be,bo,bz,ca,cd,ch,cl,cn,co.cr,co.id,co.il,co.ke,co.kr,co.nz,co.ug,"
            "co.uk,co.vi,co.za,com.ag,com.ai,com.ar,com.bo,com.br,com.bs,com.co,com.do,com.fj,"
            "com.gh,com.gl,com.gt,com.hn,com.jm,com.ki,com.lc,com.mt,com.mx,com.ng,com.ni,"
            "com.pa,com.pe,com.pr,com.pt,com.py,com.sv,com.tr,com.tt,com.tw,com.ua,com.uy,"
            "com.ve,cx,cz,dj,dk,dm,ec,es,fm,fr,gd,gr,gs,gy,hk,hn,ht,hu,ie,im,in,ir,is,kn,kz,la,"
            "lc,li,lu,lv,ly,md,me,mn,ms,mu,mw,my,nf,nl,no,pe,pk,pl,ps,ro,ru,sc,sg,sh,sk,su,tc,"
            "tj,tl,tn,to,tw,us,vc,vn",
    .charset = "a-z",
    .label_min = 4,
    .label_max = 9,
    .wordlists = NULL,
    .reference = "andrewaeva/DGA:dga_algorithms/Conficker.cpp (B, as x86 assembly) and the "
                 "A/B/C constants of a public Ruby reimplementation (Rubot); no vectors. "
                 "Checked against real names: A and B for 2017-07-04 (360 Netlab feed), B for "
                 "2009-01-08 (F-Secure's published examples), C for Nov-Dec 2014",
    .time_note = "the malware takes the date from HTTP Date headers of popular sites (UTC)",
    .generate = conficker_generate,
    .period = NULL,
};
