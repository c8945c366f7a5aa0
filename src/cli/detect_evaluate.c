/* detect_evaluate.c - `takedown detect --evaluate`: builds the labelled names, has the
 * library evaluate the detector on them (tk_detect_evaluate: held-out, per family, left
 * out of training) and prints the figures as a table or JSON. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/detect_cli.h"

static void print_views(FILE *out, const struct tk_detect_evaluation *e)
{
    const struct tk_detect_tally *pooled = &e->pooled;
    fprintf(out, "model: %s\n\n", tk_detector_summary(e->overall));
    fprintf(out, "held-out split (every family seen in training), with the allow-list:\n");
    fprintf(out, "  precision %.4f  recall %.4f  F1 %.4f  false-positive rate %.4f%% "
            "(%zu of %zu benign test names)\n", tk_detect_precision(pooled),
            tk_detect_recall(pooled), tk_detect_f1(pooled), 100 * tk_detect_fpr(pooled),
            pooled->fp, pooled->fp + pooled->tn);
    fprintf(out, "  without the allow-list: false-positive rate %.4f%% (%zu of %zu)\n",
            100 * tk_detect_fpr(&e->raw), e->raw.fp, e->raw.fp + e->raw.tn);
    if (e->have_umbrella)
        fprintf(out, "  Umbrella FQDNs as resolvers see them (test-split domains): false-"
                "positive rate %.4f%% (%zu of %zu) with the allow-list, %.4f%% without\n",
                100 * tk_detect_fpr(&e->umbrella), e->umbrella.fp,
                e->umbrella.fp + e->umbrella.tn, 100 * tk_detect_fpr(&e->umbrella_raw));
}

static void print_table(FILE *out, const struct tk_detect_evaluation *e)
{
    print_views(out, e);
    fprintf(out, "\nprecision and F1 as on a balanced set (as many benign names as DGA names);\n"
                 "recall on each family's names, FPR on the benign test names:\n");
    fprintf(out, "\n%-24s %-13s %9s | %-42s\n", "", "", "seen", "left out of training");
    fprintf(out, "%-24s %-13s %9s | %9s %9s %9s %9s %6s\n", "family", "style", "recall",
            "precision", "recall", "F1", "FPR %", "names");
    for (size_t i = 0; i < e->family_count; i++) {
        const struct tk_detect_family_eval *r = &e->families[i];
        if (r->unseen.tp + r->unseen.fn == 0) {
            fprintf(out, "%-24s %-13s %9.4f |\n", r->name, r->style, tk_detect_recall(&r->seen));
            continue;
        }
        fprintf(out, "%-24s %-13s %9.4f | %9.4f %9.4f %9.4f %9.4f %6zu\n", r->name, r->style,
                tk_detect_recall(&r->seen), tk_detect_precision(&r->unseen),
                tk_detect_recall(&r->unseen), tk_detect_f1(&r->unseen),
                100 * tk_detect_fpr(&r->unseen), r->unseen.tp + r->unseen.fn);
    }
    fprintf(out, "\nleft out of training, by style (families the model has not seen):\n");
    for (size_t g = 0; g < TK_DETECT_STYLES; g++) {
        const struct tk_detect_style_eval *s = &e->styles[g];
        if (s->families)
            fprintf(out, "  %-13s %2zu families: mean F1 %.4f, lowest F1 %.4f, mean recall %.4f, "
                    "mean FPR %.4f%%\n", s->style, s->families,
                    s->f1_sum / (double)s->families, s->f1_min,
                    s->recall_sum / (double)s->families, 100 * s->fpr_sum / (double)s->families);
    }
}

static void print_json(FILE *out, const struct tk_detect_evaluation *e)
{
    const struct tk_detect_tally *pooled = &e->pooled;
    fprintf(out, "{\"threshold\":%.6f,\"held_out\":{\"precision\":%.6f,\"recall\":%.6f,"
            "\"f1\":%.6f,\"fpr\":%.6f,\"fpr_without_allowlist\":%.6f,\"benign\":%zu}",
            tk_detector_threshold(e->overall), tk_detect_precision(pooled),
            tk_detect_recall(pooled), tk_detect_f1(pooled), tk_detect_fpr(pooled),
            tk_detect_fpr(&e->raw), pooled->fp + pooled->tn);
    if (e->have_umbrella)
        fprintf(out, ",\"umbrella_fqdn_fpr\":%.6f,\"umbrella_fqdn_fpr_without_allowlist\":%.6f",
                tk_detect_fpr(&e->umbrella), tk_detect_fpr(&e->umbrella_raw));
    fputs(",\"families\":[", out);
    for (size_t i = 0; i < e->family_count; i++) {
        const struct tk_detect_family_eval *r = &e->families[i];
        fprintf(out, "%s{\"family\":\"%s\",\"style\":\"%s\",\"seen_recall\":%.6f,"
                "\"left_out\":{\"precision\":%.6f,\"recall\":%.6f,\"f1\":%.6f,\"fpr\":%.6f,"
                "\"names\":%zu}}", i ? "," : "", r->name, r->style, tk_detect_recall(&r->seen),
                tk_detect_precision(&r->unseen), tk_detect_recall(&r->unseen),
                tk_detect_f1(&r->unseen), tk_detect_fpr(&r->unseen),
                r->unseen.tp + r->unseen.fn);
    }
    fputs("],\"styles\":[", out);
    int first = 1;
    for (size_t g = 0; g < TK_DETECT_STYLES; g++) {
        const struct tk_detect_style_eval *s = &e->styles[g];
        if (!s->families)
            continue;
        fprintf(out, "%s{\"style\":\"%s\",\"families\":%zu,\"mean_f1\":%.6f,\"min_f1\":%.6f,"
                "\"mean_recall\":%.6f,\"mean_fpr\":%.6f}", first ? "" : ",", s->style,
                s->families, s->f1_sum / (double)s->families, s->f1_min,
                s->recall_sum / (double)s->families, s->fpr_sum / (double)s->families);
        first = 0;
    }
    fputs("]}\n", out);
}

/* Progress on a terminal only, as every long command shows it (progress.c). */
static void show_family(void *ctx, const char *family, size_t index, size_t count)
{
    (void)ctx;
    fprintf(stderr, "\rdetect: leaving out %-24s (%zu of %zu)", family, index + 1, count);
}

int detect_evaluate(const struct detect_options *o, FILE *out, struct tk_error *err)
{
    struct tk_detect_training t;
    struct tk_detect_dataset ds;
    struct tk_detect_evaluation e;
    struct tk_allowlist *allow = NULL;
    char **files = NULL, umbrella[4096];
    int rc, json = o->format && strcmp(o->format, "json") == 0;
    const char *dir = o->benign ? o->benign : getenv("TAKEDOWN_BENIGN");

    if (o->format && !json && strcmp(o->format, "table") != 0)
        return tk_error_set(err, TK_ERR_USAGE, "--evaluate: --format is table or json");
    if ((rc = detect_training_setup(o, &t, &files, err)) == TK_OK
        && (rc = detect_allowlist(o, &allow, err)) == TK_OK) {
        t.allow = allow;
        rc = tk_detect_dataset_build(&t, &ds, err);
    }
    detect_training_files_free(files);
    if (rc) {
        tk_allowlist_free(allow);
        return rc;
    }
    if (dir == NULL || *dir == '\0')
        dir = "../shared/data/benign";
    snprintf(umbrella, sizeof umbrella, "%s/umbrella_top100k_2026-07-24_original.txt", dir);
    int show_progress = !o->quiet && isatty(STDERR_FILENO);
    struct tk_detect_eval_options eo = {&t, allow, o->families, umbrella,
                                        show_progress ? show_family : NULL, NULL};
    rc = tk_detect_evaluate(&ds, &eo, &e, err);
    if (show_progress)
        fprintf(stderr, "\r%70s\r", "");
    if (rc == TK_OK) {
        if (json)
            print_json(out, &e);
        else
            print_table(out, &e);
        tk_detect_evaluation_free(&e);
    }
    tk_detect_dataset_free(&ds);
    tk_allowlist_free(allow);
    return rc;
}
