/* exercise_cluster.c - two clickhouse-server processes on loopback as a two-shard cluster
 * for `takedown exercise --fleet` (see exercise_cluster.h). The ports are picked free just
 * before the servers start; the password-less default user is bound to 127.0.0.1. */
#include "cli/exercise_cluster.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "takedown/atomic_file.h"
#include "takedown/fleet.h"

extern char **environ;

static unsigned free_port(void)
{
    struct sockaddr_in in = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof in;
    unsigned port = 0;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return 0;
    if (bind(fd, (struct sockaddr *)&in, sizeof in) == 0
        && getsockname(fd, (struct sockaddr *)&in, &len) == 0)
        port = ntohs(in.sin_port);
    close(fd);
    return port;
}

static int write_config(const struct exercise_cluster *c, int n, const char *dir)
{
    char path[4200];
    FILE *f;
    snprintf(path, sizeof path, "%s/ch%d/users.xml", dir, n + 1);
    if ((f = fopen(path, "w")) == NULL)
        return -1;
    fprintf(f, "<?xml version=\"1.0\"?>\n<yandex>\n"
               "  <profiles><default><max_memory_usage>4000000000</max_memory_usage></default></profiles>\n"
               "  <users><default><password></password><networks><ip>127.0.0.1</ip></networks>\n"
               "    <profile>default</profile><quota>default</quota></default></users>\n"
               "  <quotas><default><interval><duration>3600</duration><queries>0</queries>\n"
               "    <errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows>\n"
               "    <execution_time>0</execution_time></interval></default></quotas>\n"
               "</yandex>\n");
    if (fclose(f))
        return -1;
    snprintf(path, sizeof path, "%s/ch%d/config.xml", dir, n + 1);
    if ((f = fopen(path, "w")) == NULL)
        return -1;
    fprintf(f, "<?xml version=\"1.0\"?>\n<yandex>\n"
               "  <logger><level>warning</level><log>%s/ch%d/server.log</log>"
               "<errorlog>%s/ch%d/error.log</errorlog></logger>\n"
               "  <http_port>%u</http_port>\n  <tcp_port>%u</tcp_port>\n"
               "  <listen_host>127.0.0.1</listen_host>\n"
               "  <path>%s/ch%d/data/</path>\n  <tmp_path>%s/ch%d/tmp/</tmp_path>\n"
               "  <users_config>%s/ch%d/users.xml</users_config>\n"
               "  <default_profile>default</default_profile>\n"
               "  <default_database>default</default_database>\n"
               "  <mark_cache_size>268435456</mark_cache_size>\n  <timezone>UTC</timezone>\n"
               "  <remote_servers><fleet>\n"
               "    <shard><replica><host>127.0.0.1</host><port>%u</port></replica></shard>\n"
               "    <shard><replica><host>127.0.0.1</host><port>%u</port></replica></shard>\n"
               "  </fleet></remote_servers>\n</yandex>\n",
            dir, n + 1, dir, n + 1, c->http_port[n], c->tcp_port[n], dir, n + 1, dir, n + 1,
            dir, n + 1, c->tcp_port[0], c->tcp_port[1]);
    return fclose(f) ? -1 : 0;
}

static pid_t spawn_server(int n, const char *dir)
{
    char config[4200], log[4200];
    posix_spawn_file_actions_t actions;
    pid_t pid;
    snprintf(config, sizeof config, "--config-file=%s/ch%d/config.xml", dir, n + 1);
    snprintf(log, sizeof log, "%s/ch%d/stdout.log", dir, n + 1);
    char *argv[] = {"clickhouse-server", config, NULL};
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    int rc = posix_spawnp(&pid, argv[0], &actions, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    return rc == 0 ? pid : -1;
}

/* Asks until the server answers (60 s at most); 0 when it did. */
static int wait_ready(const char *url)
{
    struct tk_fleet_server server = {0};
    struct tk_fleet_buf answer = {0};
    struct tk_error err = {0};
    int rc = -1;
    if (tk_fleet_server_parse(url, &server, &err))
        return -1;
    server.timeout_ms = 2000;
    for (int i = 0; i < 600 && rc != 0; i++) {
        struct timespec pause = {0, 100 * 1000000L};
        if (tk_fleet_http(&server, "SELECT 1", NULL, 0, &answer, &err) == TK_OK)
            rc = 0;
        else
            nanosleep(&pause, NULL);
    }
    tk_fleet_buf_free(&answer);
    return rc;
}

static int make_dirs(const char *dir, int n)
{
    static const char *const subdirs[] = {"data", "tmp"};
    struct tk_error err = {0};
    char path[4200];
    for (size_t i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/ch%d/%s", dir, n + 1, subdirs[i]);
        if (tk_make_dirs(path, 0755, &err))
            return -1;
    }
    return 0;
}

static int apply_schema(const struct exercise_cluster *c)
{
    struct tk_fleet_schema_options o = {.database = "takedown", .cluster = "fleet"};
    struct tk_fleet_buf answer = {0};
    struct tk_error err = {0};
    char **statements;
    size_t count;
    if (tk_fleet_schema(&o, &statements, &count, &err))
        return cli_fail(&err);
    for (int n = 0; n < 2 && err.status == TK_OK; n++) {
        struct tk_fleet_server server = {0};
        if (tk_fleet_server_parse(c->url[n], &server, &err))
            break;
        for (size_t i = 0; i < count && err.status == TK_OK; i++)
            tk_fleet_http(&server, statements[i], NULL, 0, &answer, &err);
    }
    tk_fleet_schema_free(statements, count);
    tk_fleet_buf_free(&answer);
    return err.status ? cli_fail(&err) : EXIT_OK;
}

int exercise_cluster_start(struct exercise_cluster *c, const char *dir)
{
    memset(c, 0, sizeof *c);
    tk_fleet_http_global_init();
    for (int n = 0; n < 2; n++) {
        c->http_port[n] = free_port();
        c->tcp_port[n] = free_port();
        snprintf(c->url[n], sizeof c->url[n], "http://127.0.0.1:%u/takedown", c->http_port[n]);
    }
    for (int n = 0; n < 2; n++) {
        if (make_dirs(dir, n) || write_config(c, n, dir)) {
            cli_error("exercise: %s/ch%d: cannot write the ClickHouse configuration: %s", dir,
                      n + 1, strerror(errno));
            exercise_cluster_stop(c);
            return EXIT_FAILURE_OP;
        }
        if ((c->pid[n] = spawn_server(n, dir)) < 0) {
            c->pid[n] = 0;
            cli_error("exercise: cannot start clickhouse-server (bootstrap.sh installs it)");
            exercise_cluster_stop(c);
            return EXIT_FAILURE_OP;
        }
    }
    for (int n = 0; n < 2; n++) {
        if (wait_ready(c->url[n])) {
            cli_error("exercise: ClickHouse %d did not answer; see %s/ch%d/", n + 1, dir, n + 1);
            exercise_cluster_stop(c);
            return EXIT_FAILURE_OP;
        }
    }
    int rc = apply_schema(c);
    if (rc)
        exercise_cluster_stop(c);
    return rc;
}

void exercise_cluster_stop(struct exercise_cluster *c)
{
    for (int n = 0; n < 2; n++) {
        int status;
        if (c->pid[n] <= 0)
            continue;
        kill(c->pid[n], SIGTERM);
        for (int i = 0; i < 300 && waitpid(c->pid[n], &status, WNOHANG) == 0; i++) {
            struct timespec pause = {0, 100 * 1000000L};
            nanosleep(&pause, NULL);
        }
        if (waitpid(c->pid[n], &status, WNOHANG) == 0) {
            kill(c->pid[n], SIGKILL);
            waitpid(c->pid[n], &status, 0);
        }
        c->pid[n] = 0;
    }
}
