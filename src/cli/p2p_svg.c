/* p2p_svg.c - SVG 1.1 line charts of the takedown curves, written directly: two panels
 * sharing a legend, axes in k and per cent. */
#include "cli/p2p_svg.h"

#define PANEL_W 420
#define PANEL_H 300
#define MARGIN_L 60
#define MARGIN_T 50
#define GAP 90

static const char *const colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                                      "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

/* The XML-safe text of a strategy name (names hold only [a-z0-9=-], but be strict). */
static void put_text(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '<')
            fputs("&lt;", out);
        else if (*s == '>')
            fputs("&gt;", out);
        else if (*s == '&')
            fputs("&amp;", out);
        else
            fputc(*s, out);
    }
}

static double share(const struct tk_p2p_sim_point *p, size_t node_count, int panel)
{
    if (panel == 0)
        return node_count ? (double)p->largest / (double)node_count : 0;
    return p->alive ? (double)p->reaching / (double)p->alive : 0;
}

static void panel(FILE *out, const struct p2p_curve *curves, size_t count, size_t node_count,
                  int which, size_t max_k)
{
    int x0 = MARGIN_L + which * (PANEL_W + GAP), y0 = MARGIN_T;
    const char *title = which == 0 ? "largest connected component (% of all nodes)"
                                   : "bots left in the P2P layer (% of bots left)";

    fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"14\">%s</text>\n", x0, y0 - 15, title);
    fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                 "stroke=\"#444\"/>\n", x0, y0, PANEL_W, PANEL_H);
    for (int pct = 0; pct <= 100; pct += 25) {
        int y = y0 + PANEL_H - pct * PANEL_H / 100;
        fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>\n", x0, y,
                x0 + PANEL_W, y);
        fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%d%%</text>\n",
                x0 - 6, y + 4, pct);
    }
    for (int tick = 0; tick <= 4; tick++) {
        int x = x0 + tick * PANEL_W / 4;
        fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%zu</text>\n",
                x, y0 + PANEL_H + 16, max_k * (size_t)tick / 4);
    }
    fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">k (nodes "
                 "taken down)</text>\n", x0 + PANEL_W / 2, y0 + PANEL_H + 34);
    for (size_t c = 0; c < count; c++) {
        fprintf(out, "<polyline fill=\"none\" stroke-width=\"2\" stroke=\"%s\"%s points=\"",
                colours[c % 10], c >= 10 ? " stroke-dasharray=\"6 3\"" : "");
        for (size_t i = 0; i < curves[c].count; i++) {
            const struct tk_p2p_sim_point *p = &curves[c].points[i];
            double x = x0 + (max_k ? (double)p->k / (double)max_k : 0) * PANEL_W;
            double y = y0 + PANEL_H - share(p, node_count, which) * PANEL_H;
            fprintf(out, "%s%.1f,%.1f", i ? " " : "", x, y);
        }
        fputs("\"/>\n", out);
    }
}

void p2p_svg_write(FILE *out, const struct p2p_curve *curves, size_t count, size_t node_count)
{
    size_t max_k = 0;
    int width = 2 * MARGIN_L + 2 * PANEL_W + GAP;
    int legend_y = MARGIN_T + PANEL_H + 60;
    int height = legend_y + 20 * (int)((count + 2) / 3) + 10;

    for (size_t c = 0; c < count; c++)
        for (size_t i = 0; i < curves[c].count; i++)
            if (curves[c].points[i].k > max_k)
                max_k = curves[c].points[i].k;
    fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" "
                 "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">\n"
                 "<title>takedown p2p simulate</title>\n"
                 "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
            width, height, width, height);
    panel(out, curves, count, node_count, 0, max_k);
    panel(out, curves, count, node_count, 1, max_k);
    for (size_t c = 0; c < count; c++) {
        int x = MARGIN_L + (int)(c % 3) * 300, y = legend_y + 20 * (int)(c / 3);
        fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke-width=\"3\" "
                     "stroke=\"%s\"%s/>\n", x, y - 4, x + 24, y - 4, colours[c % 10],
                c >= 10 ? " stroke-dasharray=\"6 3\"" : "");
        fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"12\">", x + 30, y);
        put_text(out, curves[c].strategy->name);
        fputs("</text>\n", out);
    }
    fputs("</svg>\n", out);
}
