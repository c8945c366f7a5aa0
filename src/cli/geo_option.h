/* geo_option.h - where the geo databases are when no option names them. */
#ifndef TAKEDOWN_CLI_GEO_OPTION_H
#define TAKEDOWN_CLI_GEO_OPTION_H

/* $TAKEDOWN_GEO_DIR, else the data/geo/ that scripts/fetch-geo.sh fills in the source tree. */
const char *cli_default_geo_dir(void);

#endif
