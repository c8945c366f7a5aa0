/* fleet_cli.c - credentials, server URL and counted options of the fleet commands. The
 * password never comes from the command line, which `ps` shows to every user. */
#include "cli/fleet_cli.h"

#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "takedown/read_file.h"

int fleet_credentials_option(struct fleet_credentials *c, const char *a, const char *value)
{
    if (strcmp(a, "--password") == 0 || strncmp(a, "--password=", 11) == 0) {
        cli_error("%s: a password on the command line is visible to every user (ps); use "
                  "--password-file FILE or " FLEET_PASSWORD_ENV, "--password");
        return -1;
    }
    if (strcmp(a, "--user") != 0 && strcmp(a, "--password-file") != 0)
        return 0;
    if (value == NULL) {
        cli_error("%s needs a value", a);
        return -1;
    }
    if (strcmp(a, "--user") == 0)
        c->user = value;
    else
        c->password_file = value;
    return 1;
}

void fleet_credentials_free(struct fleet_credentials *c)
{
    if (c->password) {
        memset(c->password, 0, strlen(c->password));
        free(c->password);
        c->password = NULL;
    }
}

static int load_password(struct fleet_credentials *c)
{
    struct tk_error err = {0};
    const char *env = getenv(FLEET_PASSWORD_ENV);
    size_t len;

    if (c->password)
        return EXIT_OK;
    if (c->password_file) {
        if (tk_read_file(c->password_file, &c->password, &len, &err))
            return cli_fail(&err);
        c->password[strcspn(c->password, "\r\n")] = '\0';
    } else if (env && (c->password = strdup(env)) == NULL) {
        cli_error("out of memory");
        return EXIT_FAILURE_OP;
    }
    return EXIT_OK;
}

int fleet_server_open(const char *url, struct fleet_credentials *c, struct tk_fleet_server *s)
{
    struct tk_error err = {0};
    int rc = load_password(c);
    if (rc)
        return rc;
    memset(s, 0, sizeof *s);
    s->user = c->user ? c->user : "default";
    s->password = c->password;
    if (tk_fleet_server_parse(url, s, &err))
        return cli_fail(&err);
    tk_fleet_http_global_init();
    return EXIT_OK;
}
