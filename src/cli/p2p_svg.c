/* p2p_svg.c - the takedown curves as two panels of the one SVG chart writer
 * (include/takedown/svg_chart.h): the largest component and the bots that still reach a
 * live super-node, each against k. */
#include "cli/p2p_svg.h"

#include <stdlib.h>

#include "takedown/svg_chart.h"

static double share(const struct tk_p2p_sim_point *p, size_t node_count, int panel)
{
    if (panel == 0)
        return node_count ? (double)p->largest / (double)node_count : 0;
    return p->alive ? (double)p->reaching / (double)p->alive : 0;
}

int p2p_svg_write(FILE *out, const struct p2p_curve *curves, size_t count, size_t node_count)
{
    size_t max_k = 0, points = 0;
    for (size_t c = 0; c < count; c++) {
        points += curves[c].count;
        for (size_t i = 0; i < curves[c].count; i++)
            if (curves[c].points[i].k > max_k)
                max_k = curves[c].points[i].k;
    }
    double *values = malloc((3 * points + 1) * sizeof *values);
    struct tk_chart_series *series = malloc((2 * count + 1) * sizeof *series);
    const char **names = malloc((count + 1) * sizeof *names);
    if (values == NULL || series == NULL || names == NULL) {
        free(values);
        free(series);
        free(names);
        return -1;
    }
    double *x = values, *y = values + points;
    for (size_t c = 0, at = 0; c < count; at += curves[c].count, c++) {
        names[c] = curves[c].strategy->name;
        for (size_t i = 0; i < curves[c].count; i++) {
            x[at + i] = (double)curves[c].points[i].k;
            y[at + i] = share(&curves[c].points[i], node_count, 0);
            y[points + at + i] = share(&curves[c].points[i], node_count, 1);
        }
        series[c] = (struct tk_chart_series){x + at, y + at, curves[c].count};
        series[count + c] = (struct tk_chart_series){x + at, y + points + at, curves[c].count};
    }
    struct tk_chart_panel panels[2] = {
        {"largest connected component (% of all nodes)", "k (nodes taken down)", max_k, series},
        {"bots left in the P2P layer (% of bots left)", "k (nodes taken down)", max_k,
         series + count},
    };
    tk_svg_line_panels(out, "takedown p2p simulate", panels, 2, names, count);
    free(values);
    free(series);
    free(names);
    return 0;
}
