package dev.consentkit.servlet.http;

import java.util.List;
import java.util.Locale;

/**
 * Small server-rendered SVG charts for the admin dashboard: no script, no external library, all
 * text escaped, colours from the page's stylesheet (classes {@code s0}, {@code s1}, ...). Each
 * chart has a title and a description for assistive technology; the dashboard puts the same
 * numbers in a table beside it.
 */
final class SvgCharts {

    /** One series: its label and its colour class ({@code s0}, {@code s1}, ...). */
    record Series(String label, String cssClass) {
    }

    private static final int WIDTH = 720;
    private static final int NARROW = 520;

    private SvgCharts() {
    }

    /**
     * Columns, one per x label, each stacked from the series' values.
     *
     * @param values per x label, one value per series
     */
    static String stackedColumns(String id, String title, String description, List<String> labels, List<long[]> values,
                                 List<Series> series) {
        int height = 240;
        int left = 44;
        int right = 8;
        int top = 12;
        int bottom = 34;
        long max = 0;
        for (long[] v : values) {
            long sum = 0;
            for (long x : v) {
                sum += x;
            }
            max = Math.max(max, sum);
        }
        long scale = niceCeiling(max);
        double plotW = WIDTH - left - right;
        double plotH = height - top - bottom;
        StringBuilder s = open(id, title, description, WIDTH, height);
        // grid and y axis labels
        for (int i = 0; i <= 4; i++) {
            double y = top + plotH - plotH * i / 4.0;
            long value = scale * i / 4;
            s.append("<line class=\"grid\" x1=\"").append(left).append("\" x2=\"").append(WIDTH - right).append("\" y1=\"")
                    .append(fmt(y)).append("\" y2=\"").append(fmt(y)).append("\"/>")
                    .append("<text class=\"axis\" x=\"").append(left - 6).append("\" y=\"").append(fmt(y + 4))
                    .append("\" text-anchor=\"end\">").append(value).append("</text>");
        }
        int n = Math.max(1, labels.size());
        double slot = plotW / n;
        double barW = Math.max(1, slot * 0.7);
        int every = Math.max(1, (int) Math.ceil(n / 10.0));
        for (int i = 0; i < labels.size(); i++) {
            double x = left + slot * i + (slot - barW) / 2;
            double y = top + plotH;
            long[] v = values.get(i);
            for (int k = 0; k < series.size(); k++) {
                if (v[k] <= 0) {
                    continue;
                }
                double h = plotH * v[k] / scale;
                y -= h;
                s.append("<rect class=\"").append(series.get(k).cssClass()).append("\" x=\"").append(fmt(x)).append("\" y=\"")
                        .append(fmt(y)).append("\" width=\"").append(fmt(barW)).append("\" height=\"").append(fmt(h)).append("\">")
                        .append("<title>").append(Html.escape(labels.get(i) + ": " + v[k] + " " + series.get(k).label()))
                        .append("</title></rect>");
            }
            if (i % every == 0) {
                s.append("<text class=\"axis\" x=\"").append(fmt(left + slot * i + slot / 2)).append("\" y=\"").append(height - bottom + 16)
                        .append("\" text-anchor=\"middle\">").append(Html.escape(labels.get(i))).append("</text>");
            }
        }
        legend(s, series, left, height - 6);
        return s.append("</svg>").toString();
    }

    /**
     * Horizontal bars, one per label, each split into the series' shares of its total (100%),
     * with the total written after it.
     */
    static String shareBars(String id, String title, String description, List<String> labels, List<long[]> values,
                            List<Series> series, String unit) {
        int rowH = 30;
        int labelW = 120;
        int right = 100;
        int top = 8;
        int height = top + rowH * Math.max(1, labels.size()) + 28;
        double plotW = NARROW - labelW - right;
        StringBuilder s = open(id, title, description, NARROW, height);
        for (int i = 0; i < labels.size(); i++) {
            long[] v = values.get(i);
            long total = 0;
            for (long x : v) {
                total += x;
            }
            double y = top + rowH * i;
            s.append("<text class=\"label\" x=\"").append(labelW - 8).append("\" y=\"").append(fmt(y + 19))
                    .append("\" text-anchor=\"end\">").append(Html.escape(labels.get(i))).append("</text>");
            s.append("<rect class=\"track\" x=\"").append(labelW).append("\" y=\"").append(fmt(y + 5)).append("\" width=\"")
                    .append(fmt(plotW)).append("\" height=\"20\"/>");
            double x = labelW;
            for (int k = 0; k < series.size() && total > 0; k++) {
                if (v[k] <= 0) {
                    continue;
                }
                double w = plotW * v[k] / total;
                s.append("<rect class=\"").append(series.get(k).cssClass()).append("\" x=\"").append(fmt(x)).append("\" y=\"")
                        .append(fmt(y + 5)).append("\" width=\"").append(fmt(w)).append("\" height=\"20\"><title>")
                        .append(Html.escape(labels.get(i) + ": " + series.get(k).label() + " " + v[k] + " of " + total
                                + " (" + percent(v[k], total) + ")"))
                        .append("</title></rect>");
                x += w;
            }
            s.append("<text class=\"value\" x=\"").append(fmt(labelW + plotW + 8)).append("\" y=\"").append(fmt(y + 19)).append("\">")
                    .append(total).append(' ').append(Html.escape(total == 1 && unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : unit))
                    .append("</text>");
        }
        legend(s, series, labelW, height - 6);
        return s.append("</svg>").toString();
    }

    /** Horizontal bars of rates: {@code part[i]} out of {@code whole}, as percentages. */
    static String rateBars(String id, String title, String description, List<String> labels, long[] part, long whole, String cssClass) {
        int rowH = 30;
        int labelW = 120;
        int right = 100;
        int top = 8;
        int height = top + rowH * Math.max(1, labels.size()) + 8;
        double plotW = NARROW - labelW - right;
        StringBuilder s = open(id, title, description, NARROW, height);
        for (int i = 0; i < labels.size(); i++) {
            double y = top + rowH * i;
            double w = whole <= 0 ? 0 : plotW * Math.min(part[i], whole) / whole;
            s.append("<text class=\"label\" x=\"").append(labelW - 8).append("\" y=\"").append(fmt(y + 19))
                    .append("\" text-anchor=\"end\">").append(Html.escape(labels.get(i))).append("</text>")
                    .append("<rect class=\"track\" x=\"").append(labelW).append("\" y=\"").append(fmt(y + 5)).append("\" width=\"")
                    .append(fmt(plotW)).append("\" height=\"20\"/>")
                    .append("<rect class=\"").append(cssClass).append("\" x=\"").append(labelW).append("\" y=\"").append(fmt(y + 5))
                    .append("\" width=\"").append(fmt(w)).append("\" height=\"20\"/>")
                    .append("<text class=\"value\" x=\"").append(fmt(labelW + plotW + 8)).append("\" y=\"").append(fmt(y + 19)).append("\">")
                    .append(percent(part[i], whole)).append(" (").append(part[i]).append(")</text>");
        }
        return s.append("</svg>").toString();
    }

    private static StringBuilder open(String id, String title, String description, int width, int height) {
        StringBuilder s = new StringBuilder(4096);
        s.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" role=\"img\" aria-labelledby=\"").append(id).append("-t ").append(id).append("-d\"><title id=\"").append(id)
                .append("-t\">").append(Html.escape(title)).append("</title><desc id=\"").append(id).append("-d\">")
                .append(Html.escape(description)).append("</desc>");
        return s;
    }

    private static void legend(StringBuilder s, List<Series> series, int x0, int y) {
        int x = x0;
        for (Series se : series) {
            s.append("<rect class=\"").append(se.cssClass()).append("\" x=\"").append(x).append("\" y=\"").append(y - 10)
                    .append("\" width=\"12\" height=\"12\"/><text class=\"axis\" x=\"").append(x + 17).append("\" y=\"").append(y)
                    .append("\">").append(Html.escape(se.label())).append("</text>");
            x += 30 + se.label().length() * 7;
        }
    }

    /** A round axis maximum of at least {@code max} (and at least 4) that splits into four whole grid steps. */
    static long niceCeiling(long max) {
        if (max <= 4) {
            return 4;
        }
        long power = 1;
        while (power * 10 < max) {
            power *= 10;
        }
        for (long m : new long[] {1, 2, 4, 6, 8, 10, 12, 16, 20}) {
            if (m * power >= max && (m * power) % 4 == 0) {
                return m * power;
            }
        }
        return 20 * power; // not reached: 20 * power is at least max and a multiple of 4
    }

    /** {@code part} of {@code whole} as a percentage with no decimals, or an en dash when {@code whole} is 0. */
    static String percent(long part, long whole) {
        return whole <= 0 ? "–" : Math.round(100.0 * part / whole) + "%";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
