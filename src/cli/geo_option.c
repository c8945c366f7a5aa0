/* geo_option.c - the default geo database directory (see geo_option.h). */
#include "cli/geo_option.h"

#include <stdlib.h>

const char *cli_default_geo_dir(void)
{
    const char *env = getenv("TAKEDOWN_GEO_DIR");
    return env && *env ? env : TK_GEO_DIR;
}
