/* svg_chart.h - the inline SVG charts of the HTML report: ranked horizontal bars and a
 * column chart over days. Plain SVG 1.1 with text labels, no script, no external
 * reference. Private to src/report. */
#ifndef TAKEDOWN_REPORT_SVG_CHART_H
#define TAKEDOWN_REPORT_SVG_CHART_H

#include <stddef.h>
#include <stdio.h>

struct chart_bar {
    const char *label;   /* left of the bar */
    double value;        /* bar length */
    const char *text;    /* right of the bar: the figure as the reader should see it */
};

/* Horizontal bars, largest first as given; title is the SVG's accessible name. */
void svg_bar_chart(FILE *out, const char *title, const struct chart_bar *bars, size_t count);

/* One column per day with a value axis; labels are "YYYY-MM-DD", a few of them shown. */
void svg_column_chart(FILE *out, const char *title, const char *const *labels,
                      const double *values, size_t count);

/* A round upper bound for an axis: 1, 2 or 5 times a power of ten, at least max. */
double svg_nice_ceiling(double max);

#endif
