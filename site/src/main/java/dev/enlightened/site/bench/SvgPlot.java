package dev.enlightened.site.bench;

import dev.enlightened.site.html.Html;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Plots as hand-built SVG (PlantUML draws no plots): a log-log line plot and a grouped bar chart. */
public final class SvgPlot {
    /** A named series of (x, y) points. */
    public record Series(String name, List<double[]> points, boolean dashed) {
    }

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};
    private static final int W = 720;
    private static final int H = 440;
    private static final int L = 80;
    private static final int R = 250;
    private static final int T = 40;
    private static final int B = 60;

    private SvgPlot() {
    }

    /** A log-log plot of the series. */
    public static String logLog(String title, String xLabel, String yLabel, List<Series> series) {
        double minX = Double.MAX_VALUE;
        double maxX = 0;
        double minY = Double.MAX_VALUE;
        double maxY = 0;
        for (Series s : series) {
            for (double[] p : s.points()) {
                minX = Math.min(minX, p[0]);
                maxX = Math.max(maxX, p[0]);
                minY = Math.min(minY, p[1]);
                maxY = Math.max(maxY, p[1]);
            }
        }
        double x0 = Math.floor(Math.log10(minX));
        double x1 = Math.ceil(Math.log10(maxX));
        double y0 = Math.floor(Math.log10(minY));
        double y1 = Math.ceil(Math.log10(maxY));
        if (x1 == x0) {
            x1++;
        }
        if (y1 == y0) {
            y1++;
        }
        StringBuilder s = header(title);
        int pw = W - L - R;
        int ph = H - T - B;
        for (double e = x0; e <= x1; e++) {
            double x = L + (e - x0) / (x1 - x0) * pw;
            s.append(line(x, T, x, T + ph, "#e5e5e5")).append(text(x, T + ph + 18, tick(e), "middle", 12));
        }
        for (double e = y0; e <= y1; e++) {
            double y = T + ph - (e - y0) / (y1 - y0) * ph;
            s.append(line(L, y, L + pw, y, "#e5e5e5")).append(text(L - 8, y + 4, tick(e), "end", 12));
        }
        axes(s, xLabel, yLabel, pw, ph);
        int i = 0;
        for (Series se : series) {
            String colour = se.dashed() ? "#777777" : COLOURS[i++ % COLOURS.length];
            List<String> pts = new ArrayList<>();
            for (double[] p : se.points()) {
                double x = L + (Math.log10(p[0]) - x0) / (x1 - x0) * pw;
                double y = T + ph - (Math.log10(p[1]) - y0) / (y1 - y0) * ph;
                pts.add(fmt(x) + "," + fmt(y));
                if (!se.dashed()) {
                    s.append("<circle cx=\"").append(fmt(x)).append("\" cy=\"").append(fmt(y))
                            .append("\" r=\"3.5\" fill=\"").append(colour).append("\"/>\n");
                }
            }
            s.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\"")
                    .append(se.dashed() ? " stroke-dasharray=\"6,4\"" : "").append(" points=\"")
                    .append(String.join(" ", pts)).append("\"/>\n");
        }
        legend(s, series);
        return s.append("</svg>\n").toString();
    }

    /**
     * A grouped bar chart: one group per label, one bar per series in each group.
     *
     * @param groups group labels
     * @param series per series, one value per group (NaN for none)
     */
    public static String bars(String title, String yLabel, List<String> groups, List<String> names,
                              List<double[]> series) {
        double max = 0;
        for (double[] v : series) {
            for (double d : v) {
                if (!Double.isNaN(d)) {
                    max = Math.max(max, d);
                }
            }
        }
        double step = niceStep(max / 5);
        double top = Math.ceil(max / step) * step;
        StringBuilder s = header(title);
        int pw = W - L - R;
        int ph = H - T - B;
        for (double v = 0; v <= top + step / 2; v += step) {
            double y = T + ph - v / top * ph;
            s.append(line(L, y, L + pw, y, "#e5e5e5"))
                    .append(text(L - 8, y + 4, String.format(Locale.ROOT, "%,.0f", v), "end", 12));
        }
        axes(s, "", yLabel, pw, ph);
        double gw = (double) pw / groups.size();
        double bw = gw * 0.8 / series.size();
        for (int g = 0; g < groups.size(); g++) {
            double gx = L + g * gw + gw * 0.1;
            for (int k = 0; k < series.size(); k++) {
                double v = series.get(k)[g];
                if (Double.isNaN(v)) {
                    continue;
                }
                double h = v / top * ph;
                s.append("<rect x=\"").append(fmt(gx + k * bw)).append("\" y=\"").append(fmt(T + ph - h))
                        .append("\" width=\"").append(fmt(bw - 2)).append("\" height=\"").append(fmt(h))
                        .append("\" fill=\"").append(COLOURS[k % COLOURS.length]).append("\"><title>")
                        .append(Html.esc(names.get(k) + ", " + groups.get(g) + ": "
                                + String.format(Locale.ROOT, "%,.2f", v))).append("</title></rect>\n");
            }
            String[] label = groups.get(g).split(", ", 2);
            for (int k = 0; k < label.length; k++) {
                s.append(text(L + g * gw + gw / 2, T + ph + 16 + 13 * k, label[k], "middle", 11));
            }
        }
        List<Series> legend = new ArrayList<>();
        names.forEach(n -> legend.add(new Series(n, List.of(), false)));
        legend(s, legend);
        return s.append("</svg>\n").toString();
    }

    private static StringBuilder header(String title) {
        return new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + W + "\" height=\"" + H
                + "\" viewBox=\"0 0 " + W + " " + H + "\" font-family=\"sans-serif\">\n"
                + "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
                + text(W / 2.0, 22, title, "middle", 15));
    }

    private static void axes(StringBuilder s, String xLabel, String yLabel, int pw, int ph) {
        s.append(line(L, T, L, T + ph, "#333333")).append(line(L, T + ph, L + pw, T + ph, "#333333"));
        s.append(text(L + pw / 2.0, H - 15, xLabel, "middle", 13));
        s.append("<text transform=\"translate(18,").append(T + ph / 2).append(") rotate(-90)\" text-anchor=\"middle\" "
                + "font-size=\"13\">").append(Html.esc(yLabel)).append("</text>\n");
    }

    private static void legend(StringBuilder s, List<Series> series) {
        int y = T + 10;
        int i = 0;
        for (Series se : series) {
            String colour = se.dashed() ? "#777777" : COLOURS[i++ % COLOURS.length];
            double x = W - R + 15;
            s.append("<line x1=\"").append(fmt(x)).append("\" y1=\"").append(y).append("\" x2=\"").append(fmt(x + 22))
                    .append("\" y2=\"").append(y).append("\" stroke=\"").append(colour)
                    .append("\" stroke-width=\"").append(se.points().isEmpty() ? 8 : 2).append('"')
                    .append(se.dashed() ? " stroke-dasharray=\"6,4\"" : "").append("/>\n");
            int lineNo = 0;
            for (String part : wrap(se.name(), 30)) {
                s.append(text(x + 28, y + 4 + lineNo * 14, part, "start", 11));
                lineNo++;
            }
            y += 14 * lineNo + 10;
        }
    }

    private static List<String> wrap(String text, int width) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String w : text.split(" ")) {
            if (line.length() + w.length() + 1 > width && line.length() > 0) {
                out.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(w);
        }
        out.add(line.toString());
        return out;
    }

    private static double niceStep(double raw) {
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double n = raw / mag;
        return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * mag;
    }

    private static String tick(double exponent) {
        double v = Math.pow(10, exponent);
        return v >= 1 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%s", v);
    }

    private static String line(double x1, double y1, double x2, double y2, String colour) {
        return "<line x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y1) + "\" x2=\"" + fmt(x2) + "\" y2=\"" + fmt(y2)
                + "\" stroke=\"" + colour + "\"/>\n";
    }

    private static String text(double x, double y, String text, String anchor, int size) {
        return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor + "\" font-size=\"" + size
                + "\">" + Html.esc(text) + "</text>\n";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
