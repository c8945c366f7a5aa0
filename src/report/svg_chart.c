/* svg_chart.c - bar and column charts as inline SVG (see svg_chart.h). */
#include "takedown/svg_chart.h"

#include <math.h>

#include "report/text_escape.h"

#define BAR_HEIGHT 22
#define BAR_GAP 6
#define LABEL_WIDTH 260
#define BAR_AREA 420
#define TEXT_WIDTH 180
#define CHART_WIDTH (LABEL_WIDTH + BAR_AREA + TEXT_WIDTH)

double tk_svg_nice_ceiling(double max)
{
    double power, scaled;
    if (max <= 1.0)
        return 1.0;
    power = pow(10.0, floor(log10(max)));
    scaled = max / power;
    return (scaled <= 1.0 ? 1.0 : scaled <= 2.0 ? 2.0 : scaled <= 5.0 ? 5.0 : 10.0) * power;
}

void tk_svg_bar_chart(FILE *out, const char *title, const struct tk_chart_bar *bars, size_t count)
{
    double max = 0.0;
    size_t height = count * (BAR_HEIGHT + BAR_GAP) + BAR_GAP;

    for (size_t i = 0; i < count; i++)
        if (bars[i].value > max)
            max = bars[i].value;
    fprintf(out, "<svg class=\"chart\" role=\"img\" "
                 "width=\"%d\" height=\"%zu\" viewBox=\"0 0 %d %zu\"><title>",
            CHART_WIDTH, height, CHART_WIDTH, height);
    report_html_text(out, title);
    fputs("</title>\n", out);
    for (size_t i = 0; i < count; i++) {
        double length = max > 0 ? bars[i].value / max * BAR_AREA : 0;
        size_t y = BAR_GAP + i * (BAR_HEIGHT + BAR_GAP);
        fprintf(out, "<text x=\"%d\" y=\"%zu\" text-anchor=\"end\" class=\"label\">",
                LABEL_WIDTH - 8, y + BAR_HEIGHT - 6);
        report_html_text(out, bars[i].label);
        fprintf(out, "</text><rect x=\"%d\" y=\"%zu\" width=\"%.1f\" height=\"%d\" class=\"bar\"/>",
                LABEL_WIDTH, y, length < 1 && bars[i].value > 0 ? 1.0 : length, BAR_HEIGHT);
        fprintf(out, "<text x=\"%.1f\" y=\"%zu\" class=\"value\">", LABEL_WIDTH + length + 6,
                y + BAR_HEIGHT - 6);
        report_html_text(out, bars[i].text);
        fputs("</text>\n", out);
    }
    fputs("</svg>\n", out);
}

#define COLUMN_LEFT 70
#define COLUMN_TOP 12
#define COLUMN_PLOT_WIDTH 760
#define COLUMN_PLOT_HEIGHT 240
#define COLUMN_BOTTOM 48

static void format_tick(double value, char *buf, size_t size)
{
    if (value >= 1e6)
        snprintf(buf, size, "%gM", value / 1e6);
    else if (value >= 1e3)
        snprintf(buf, size, "%gk", value / 1e3);
    else
        snprintf(buf, size, "%g", value);
}

void tk_svg_column_chart(FILE *out, const char *title, const char *const *labels,
                      const double *values, size_t count)
{
    int width = COLUMN_LEFT + COLUMN_PLOT_WIDTH + 20;
    int height = COLUMN_TOP + COLUMN_PLOT_HEIGHT + COLUMN_BOTTOM;
    double max = 0.0, top, slot;
    size_t label_every;
    char tick[32];

    for (size_t i = 0; i < count; i++)
        if (values[i] > max)
            max = values[i];
    top = tk_svg_nice_ceiling(max);
    slot = count ? (double)COLUMN_PLOT_WIDTH / (double)count : COLUMN_PLOT_WIDTH;
    label_every = count > 8 ? (count + 7) / 8 : 1;
    fprintf(out, "<svg class=\"chart\" role=\"img\" "
                 "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\"><title>",
            width, height, width, height);
    report_html_text(out, title);
    fputs("</title>\n", out);
    for (int t = 0; t <= 4; t++) {
        double v = top * t / 4.0;
        double y = COLUMN_TOP + COLUMN_PLOT_HEIGHT - (double)COLUMN_PLOT_HEIGHT * t / 4.0;
        format_tick(v, tick, sizeof tick);
        fprintf(out, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>"
                     "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" class=\"axis\">%s</text>\n",
                COLUMN_LEFT, COLUMN_LEFT + COLUMN_PLOT_WIDTH, y, y, COLUMN_LEFT - 6, y + 4, tick);
    }
    for (size_t i = 0; i < count; i++) {
        double h = top > 0 ? values[i] / top * COLUMN_PLOT_HEIGHT : 0;
        double x = COLUMN_LEFT + slot * (double)i;
        fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"bar\">"
                     "<title>",
                x + slot * 0.1, COLUMN_TOP + COLUMN_PLOT_HEIGHT - h, slot * 0.8, h);
        report_html_text(out, labels[i]);
        fprintf(out, ": %.0f</title></rect>\n", values[i]);
        if (i % label_every == 0) {
            fprintf(out, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" class=\"axis\">",
                    x + slot / 2, COLUMN_TOP + COLUMN_PLOT_HEIGHT + 18);
            report_html_text(out, labels[i]);
            fputs("</text>\n", out);
        }
    }
    fputs("</svg>\n", out);
}

#define PANEL_WIDTH 420
#define PANEL_HEIGHT 300
#define PANEL_LEFT 60
#define PANEL_TOP 50
#define PANEL_GAP 90

static const char *const line_colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e",
                                           "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                                           "#bcbd22", "#17becf"};

/* The colour of line c, dashed after the ten colours are used. */
static void line_style(FILE *out, size_t c)
{
    fprintf(out, "stroke=\"%s\"%s", line_colours[c % 10],
            c >= 10 ? " stroke-dasharray=\"6 3\"" : "");
}

static void panel_axes(FILE *out, const struct tk_chart_panel *p, int x0, int y0)
{
    fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"14\">", x0, y0 - 15);
    report_html_text(out, p->title);
    fprintf(out, "</text>\n<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                 "stroke=\"#444\"/>\n", x0, y0, PANEL_WIDTH, PANEL_HEIGHT);
    for (int pct = 0; pct <= 100; pct += 25) {
        int y = y0 + PANEL_HEIGHT - pct * PANEL_HEIGHT / 100;
        fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>\n", x0, y,
                x0 + PANEL_WIDTH, y);
        fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%d%%</text>\n",
                x0 - 6, y + 4, pct);
    }
    for (int tick = 0; tick <= 4; tick++) {
        int x = x0 + tick * PANEL_WIDTH / 4;
        fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%zu</text>\n",
                x, y0 + PANEL_HEIGHT + 16, p->x_max * (size_t)tick / 4);
    }
    fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">",
            x0 + PANEL_WIDTH / 2, y0 + PANEL_HEIGHT + 34);
    report_html_text(out, p->x_label);
    fputs("</text>\n", out);
}

static void line_panel(FILE *out, const struct tk_chart_panel *p, size_t count, int which)
{
    int x0 = PANEL_LEFT + which * (PANEL_WIDTH + PANEL_GAP), y0 = PANEL_TOP;
    panel_axes(out, p, x0, y0);
    for (size_t c = 0; c < count; c++) {
        const struct tk_chart_series *s = &p->series[c];
        fputs("<polyline fill=\"none\" stroke-width=\"2\" ", out);
        line_style(out, c);
        fputs(" points=\"", out);
        for (size_t i = 0; i < s->count; i++) {
            double x = x0 + (p->x_max ? s->x[i] / (double)p->x_max : 0) * PANEL_WIDTH;
            double y = y0 + PANEL_HEIGHT - s->y[i] * PANEL_HEIGHT;
            fprintf(out, "%s%.1f,%.1f", i ? " " : "", x, y);
        }
        fputs("\"/>\n", out);
    }
}

void tk_svg_line_panels(FILE *out, const char *title, const struct tk_chart_panel *panels,
                     size_t panel_count, const char *const *names, size_t count)
{
    int width = 2 * PANEL_LEFT + (int)panel_count * (PANEL_WIDTH + PANEL_GAP) - PANEL_GAP;
    int legend_y = PANEL_TOP + PANEL_HEIGHT + 60;
    int height = legend_y + 20 * (int)((count + 2) / 3) + 10;

    fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" "
                 "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">\n<title>",
            width, height, width, height);
    report_html_text(out, title);
    fputs("</title>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n", out);
    for (size_t p = 0; p < panel_count; p++)
        line_panel(out, &panels[p], count, (int)p);
    for (size_t c = 0; c < count; c++) {
        int x = PANEL_LEFT + (int)(c % 3) * 300, y = legend_y + 20 * (int)(c / 3);
        fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke-width=\"3\" ", x,
                y - 4, x + 24, y - 4);
        line_style(out, c);
        fprintf(out, "/>\n<text x=\"%d\" y=\"%d\" font-size=\"12\">", x + 30, y);
        report_html_text(out, names[c]);
        fputs("</text>\n", out);
    }
    fputs("</svg>\n", out);
}
