/* fleet_http.c - ClickHouse's HTTP interface through libcurl: one POST per statement, the
 * query in the URL, rows in the body, the password in the Authorization header (never in
 * a URL or argv). */
#include "takedown/fleet.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_DATABASE "takedown"

void tk_fleet_http_global_init(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

static int parse_port(const char *text, size_t len)
{
    int port = 0;
    if (len == 0 || len > 5)
        return -1;
    for (size_t i = 0; i < len; i++) {
        if (text[i] < '0' || text[i] > '9')
            return -1;
        port = port * 10 + (text[i] - '0');
    }
    return port >= 1 && port <= 65535 ? port : -1;
}

int tk_fleet_server_parse(const char *url, struct tk_fleet_server *s, struct tk_error *err)
{
    const char *rest = NULL, *colon, *slash;
    static const char *const schemes[] = {"http://", "clickhouse://"};
    size_t host_len;
    int port;

    for (size_t i = 0; i < 2 && rest == NULL; i++)
        if (strncmp(url, schemes[i], strlen(schemes[i])) == 0)
            rest = url + strlen(schemes[i]);
    if (rest == NULL)
        return tk_error_set(err, TK_ERR_USAGE,
                            "'%s': expected http://HOST:PORT[/DB] or clickhouse://HOST:PORT[/DB]",
                            url);
    slash = strchr(rest, '/');
    if (slash == NULL)
        slash = rest + strlen(rest);
    colon = memchr(rest, ':', (size_t)(slash - rest));
    host_len = colon ? (size_t)(colon - rest) : 0;
    port = colon ? parse_port(colon + 1, (size_t)(slash - colon - 1)) : -1;
    if (host_len == 0 || host_len > 255 || port < 0
        || strcspn(rest, "@?#[] ") < (size_t)(slash - rest))
        return tk_error_set(err, TK_ERR_USAGE, "'%s': expected HOST:PORT after the scheme", url);
    snprintf(s->base, sizeof s->base, "http://%.*s:%d/", (int)host_len, rest, port);
    snprintf(s->database, sizeof s->database, "%s",
             *slash && slash[1] ? slash + 1 : DEFAULT_DATABASE);
    if (s->database[strlen(s->database) - 1] == '/')
        s->database[strlen(s->database) - 1] = '\0';
    if (s->user == NULL)
        s->user = "default";
    if (s->timeout_ms == 0)
        s->timeout_ms = 30000;
    return tk_fleet_check_identifier("database", s->database, err);
}

static size_t collect(char *data, size_t size, size_t count, void *arg)
{
    return tk_fleet_buf_put(arg, data, size * count) ? 0 : size * count;
}

/* The first line of ClickHouse's explanation, control bytes and all cut to fit. */
static void first_line(const struct tk_fleet_buf *answer, char *out, size_t size)
{
    size_t n = 0;
    for (size_t i = 0; i < answer->len && n + 1 < size; i++) {
        unsigned char c = answer->data[i];
        if (c == '\n')
            break;
        out[n++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
    }
    out[n] = '\0';
}

int tk_fleet_http(const struct tk_fleet_server *s, const char *query, const void *body,
                  size_t body_len, struct tk_fleet_buf *answer, struct tk_error *err)
{
    return tk_fleet_http_id(s, query, NULL, body, body_len, answer, err);
}

int tk_fleet_http_id(const struct tk_fleet_server *s, const char *query, const char *query_id,
                     const void *body, size_t body_len, struct tk_fleet_buf *answer,
                     struct tk_error *err)
{
    CURL *curl = curl_easy_init();
    struct curl_slist *headers;
    char *escaped, *url;
    long status = 0;
    CURLcode code;
    char explanation[300];

    answer->len = 0;
    if (curl == NULL || tk_fleet_buf_put(answer, "", 0))
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    escaped = curl_easy_escape(curl, query, 0);
    url = escaped ? malloc(strlen(s->base) + strlen(escaped) + (query_id ? strlen(query_id) : 0)
                           + 32)
                  : NULL;
    if (url == NULL) {
        curl_free(escaped);
        curl_easy_cleanup(curl);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    /* query_id is ours: letters, digits and '-' only */
    sprintf(url, "%s?query=%s%s%s", s->base, escaped, query_id ? "&query_id=" : "",
            query_id ? query_id : "");
    curl_free(escaped);
    headers = curl_slist_append(NULL, "Expect:");
    /* HTTP basic authentication, which every ClickHouse release reads. */
    curl_easy_setopt(curl, CURLOPT_USERNAME, s->user);
    curl_easy_setopt(curl, CURLOPT_PASSWORD, s->password ? s->password : "");
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body ? body : "");
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(body ? body_len : 0));
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, answer);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, s->timeout_ms);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http");
    code = curl_easy_perform(curl);
    if (code == CURLE_OK)
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    free(url);
    if (code != CURLE_OK)
        return tk_error_set(err, TK_ERR_IO, "ClickHouse at %s: %s", s->base,
                            curl_easy_strerror(code));
    if (status != 200) {
        first_line(answer, explanation, sizeof explanation);
        return tk_error_set(err, TK_ERR_IO, "ClickHouse at %s answered HTTP %ld: %s", s->base,
                            status, explanation[0] ? explanation : "(no explanation)");
    }
    return TK_OK;
}
