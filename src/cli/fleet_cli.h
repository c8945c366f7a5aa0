/* fleet_cli.h - what the fleet commands share (`fleet schema`, `fleet ship`, `report
 * --source`, `notify --source`): credentials from a file or the environment, never argv;
 * the server from its URL. */
#ifndef TAKEDOWN_CLI_FLEET_CLI_H
#define TAKEDOWN_CLI_FLEET_CLI_H

#include <stdio.h>

#include "takedown/fleet.h"

#define FLEET_PASSWORD_ENV "TAKEDOWN_CLICKHOUSE_PASSWORD"

struct fleet_credentials {
    const char *user;          /* --user, else "default" */
    const char *password_file; /* --password-file */
    char *password;            /* read from the file or the environment */
};

/* Takes --user NAME or --password-file FILE: 1 when taken (value used), 0 when a is not one
 * of them, -1 after a usage error. --password itself is refused with the reason. */
int fleet_credentials_option(struct fleet_credentials *c, const char *a, const char *value);
void fleet_credentials_free(struct fleet_credentials *c);
/* Parses url and loads the password (file first, then the environment). Returns an exit
 * status after printing the error. */
int fleet_server_open(const char *url, struct fleet_credentials *c, struct tk_fleet_server *s);

/* The help of `takedown fleet` (cmd_fleet.c). */
void fleet_usage(FILE *f);
int fleet_ship(int argc, char **argv, FILE *out);

#endif
