/* svg_chart.h - the one writer of SVG charts: the HTML report's inline charts (ranked
 * horizontal bars, a column chart over days) and the line charts of `p2p simulate`'s
 * takedown curves (a standalone document of panels sharing a legend). Plain SVG 1.1 with
 * text labels, no script, no external reference. */
#ifndef TAKEDOWN_SVG_CHART_H
#define TAKEDOWN_SVG_CHART_H

#include <stddef.h>
#include <stdio.h>

struct tk_chart_bar {
    const char *label;   /* left of the bar */
    double value;        /* bar length */
    const char *text;    /* right of the bar: the figure as the reader should see it */
};

/* Horizontal bars, largest first as given; title is the SVG's accessible name. */
void tk_svg_bar_chart(FILE *out, const char *title, const struct tk_chart_bar *bars, size_t count);

/* One column per day with a value axis; labels are "YYYY-MM-DD", a few of them shown. */
void tk_svg_column_chart(FILE *out, const char *title, const char *const *labels,
                      const double *values, size_t count);

/* A round upper bound for an axis: 1, 2 or 5 times a power of ten, at least max. */
double tk_svg_nice_ceiling(double max);

/* One line of a panel: its points, x from 0 to the panel's x_max and y a share (0 to 1). */
struct tk_chart_series {
    const double *x, *y;
    size_t count;
};

/* A panel of lines, one per legend entry, with the y axis in per cent. */
struct tk_chart_panel {
    const char *title;
    const char *x_label;
    size_t x_max;                      /* the x axis ends here; its ticks are whole */
    const struct tk_chart_series *series; /* as many as the legend has names */
};

/* A standalone SVG document (XML declaration included): the panels side by side, then the
 * legend, one colour (then dashed) per name. */
void tk_svg_line_panels(FILE *out, const char *title, const struct tk_chart_panel *panels,
                     size_t panel_count, const char *const *names, size_t count);

#endif
