/* gen_geo.c - the synthetic botnet's address plan as country and ASN databases. */
#include <stdio.h>

#include "gen_plan.h"
#include "takedown/mmdb_writer.h"
#include "takedown/p2p_gen.h"

#define PLAN_DESCRIPTION "takedown synthetic P2P botnet address plan (10.0.0.0/8, " \
                         "2001:db8::/32; no real networks); public domain"

/* Every network of the plan, for one database: a country or an ASN record each. */
static int fill(struct tk_mmdb_writer *w, int asn_db, struct tk_error *err)
{
    int rc;
    for (size_t c = 0; c < plan_country_count; c++) {
        const struct plan_country *pc = &plan_countries[c];
        for (unsigned j = 0; j < PLAN_ASNS_PER_COUNTRY; j++) {
            char org[96];
            snprintf(org, sizeof org, "Synthetic Net %s-%u", pc->code, j + 1);
            long record = asn_db ? tk_mmdb_asn_record(w, plan_asn(c, j), org)
                                 : tk_mmdb_country_record(w, pc->code, pc->name);
            if (record < 0)
                return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
            for (unsigned b = 0; b < PLAN_BLOCKS_PER_ASN; b++) {
                unsigned block = (unsigned)c * PLAN_ASNS_PER_COUNTRY * PLAN_BLOCKS_PER_ASN
                                 + j * PLAN_BLOCKS_PER_ASN + b;
                uint8_t v4[4] = {10, (uint8_t)block, 0, 0};
                if ((rc = tk_mmdb_insert(w, 4, v4, 16, record, err)))
                    return rc;
            }
            uint8_t v6[16] = {0x20, 0x01, 0x0d, 0xb8, (uint8_t)c, (uint8_t)j};
            if ((rc = tk_mmdb_insert(w, 6, v6, 48, record, err)))
                return rc;
        }
    }
    return TK_OK;
}

static int write_one(const char *path, int asn_db, struct tk_error *err)
{
    struct tk_mmdb_writer *w = tk_mmdb_writer_new(asn_db ? "takedown-synthetic-ASN"
                                                         : "takedown-synthetic-Country",
                                                  PLAN_DESCRIPTION);
    int rc = w ? fill(w, asn_db, err) : tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    /* A fixed build date keeps the files byte-for-byte reproducible. */
    if (rc == TK_OK)
        rc = tk_mmdb_write(w, path, 1493596800, err);
    tk_mmdb_writer_free(w);
    return rc;
}

int tk_p2p_generate_geo(const char *country_path, const char *asn_path, struct tk_error *err)
{
    int rc = TK_OK;
    if (country_path)
        rc = write_one(country_path, 0, err);
    if (rc == TK_OK && asn_path)
        rc = write_one(asn_path, 1, err);
    return rc;
}
