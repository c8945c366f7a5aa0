/* svg_chart.c - bar and column charts as inline SVG (see svg_chart.h). */
#include "report/svg_chart.h"

#include <math.h>

#include "report/text_escape.h"

#define BAR_HEIGHT 22
#define BAR_GAP 6
#define LABEL_WIDTH 260
#define BAR_AREA 420
#define TEXT_WIDTH 180
#define CHART_WIDTH (LABEL_WIDTH + BAR_AREA + TEXT_WIDTH)

double svg_nice_ceiling(double max)
{
    double power, scaled;
    if (max <= 1.0)
        return 1.0;
    power = pow(10.0, floor(log10(max)));
    scaled = max / power;
    return (scaled <= 1.0 ? 1.0 : scaled <= 2.0 ? 2.0 : scaled <= 5.0 ? 5.0 : 10.0) * power;
}

void svg_bar_chart(FILE *out, const char *title, const struct chart_bar *bars, size_t count)
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

void svg_column_chart(FILE *out, const char *title, const char *const *labels,
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
    top = svg_nice_ceiling(max);
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
