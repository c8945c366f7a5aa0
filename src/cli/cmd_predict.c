/* cmd_predict.c - `takedown predict`: the names a family generates, for one day or a window,
 * written as a plain list or as registry and resolver block lists. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "takedown/family.h"
#include "takedown/predict.h"

static int emit_line(void *ctx, const char *name, size_t len)
{
    FILE *out = ctx;
    fwrite(name, 1, len, out);
    return putc('\n', out) == EOF ? TK_ERR_IO : TK_OK;
}

int cmd_predict(int argc, char **argv, FILE *out)
{
    struct tk_error err = {0};
    const struct tk_family *family;
    const struct tk_variant *variant;
    const char *variant_name = NULL;
    struct tk_args *args = NULL;
    int rc;

    if (argc < 2) {
        cli_error("predict: which family? (see `takedown families`)");
        return EXIT_USAGE;
    }
    family = tk_family_find(argv[1]);
    if (family == NULL) {
        cli_error("predict: unknown family '%s' (see `takedown families`)", argv[1]);
        return EXIT_USAGE;
    }
    for (int i = 2; i + 1 < argc; i += 2)
        if (strcmp(argv[i], "--variant") == 0)
            variant_name = argv[i + 1];
    variant = tk_family_variant(family, variant_name);
    if (variant == NULL) {
        cli_error("predict: family %s has no variant '%s'", family->name, variant_name);
        return EXIT_USAGE;
    }
    if (tk_args_new(family, variant, &args, &err))
        return cli_fail(&err);
    for (int i = 2; i < argc; i += 2) {
        if (strcmp(argv[i], "--variant") == 0)
            continue;
        if (strncmp(argv[i], "--", 2) != 0 || i + 1 >= argc) {
            cli_error("predict: expected --KEY VALUE, got '%s'", argv[i]);
            tk_args_free(args);
            return EXIT_USAGE;
        }
        if (tk_args_set(args, argv[i] + 2, argv[i + 1], &err)) {
            tk_args_free(args);
            return cli_fail(&err);
        }
    }
    if (tk_args_check(args, &err)) {
        tk_args_free(args);
        return cli_fail(&err);
    }
    struct tk_source src = {family, variant, args, ""};
    rc = tk_predict_once(&src, emit_line, out, &err);
    tk_args_free(args);
    if (rc)
        return cli_fail(&err);
    return EXIT_OK;
}
