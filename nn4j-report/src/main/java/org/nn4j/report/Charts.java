package org.nn4j.report;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nn4j.metrics.BinaryCurves;
import org.nn4j.metrics.ConfusionMatrix;
import org.nn4j.training.EpochLog;

/** The report's charts as PNG bytes, drawn by XChart. */
public final class Charts {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 400;

    private Charts() {
    }

    /**
     * {@code metric} (e.g. {@code loss}) and {@code val_<metric>} per epoch, from a model's history; null when the
     * history never measured {@code metric}.
     */
    public static byte[] learningCurve(List<EpochLog> history, String metric) {
        double[] epochs = history.stream().mapToDouble(EpochLog::epoch).toArray();
        double[] train = history.stream().mapToDouble(e -> e.get(metric)).toArray();
        double[] validation = history.stream().mapToDouble(e -> e.get("val_" + metric)).toArray();
        if (history.isEmpty() || Arrays.stream(train).allMatch(Double::isNaN)) {
            return null;
        }
        XYChart chart = xy("Learning curve: " + metric, "epoch", metric);
        chart.addSeries("training", epochs, train);
        if (Arrays.stream(validation).noneMatch(Double::isNaN)) {
            chart.addSeries("validation", epochs, validation);
        }
        chart.getStyler().setXAxisDecimalPattern("0");
        // falling curves leave the upper right free, rising ones the lower right
        boolean rising = train[train.length - 1] > train[0];
        chart.getStyler().setLegendPosition(rising ? Styler.LegendPosition.InsideSE : Styler.LegendPosition.InsideNE);
        return png(chart);
    }

    /** Counts of true (rows, top to bottom) against predicted (columns) classes, coloured by count. */
    public static byte[] confusionHeatMap(ConfusionMatrix cm, List<String> names) {
        int k = cm.numClasses();
        HeatMapChart chart = new HeatMapChartBuilder().width(Math.max(WIDTH, 80 * k + 200))
                .height(Math.max(HEIGHT, 45 * k + 120)).title("Confusion matrix (rows: true class)")
                .xAxisTitle("predicted").yAxisTitle("true").build();
        List<String> top = new ArrayList<>(names.subList(0, k));
        List<String> down = new ArrayList<>(top);
        java.util.Collections.reverse(down);
        List<Number[]> cells = new ArrayList<>();
        long max = 1;
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                cells.add(new Number[]{p, k - 1 - t, cm.count(t, p)});
                max = Math.max(max, cm.count(t, p));
            }
        }
        chart.addSeries("count", top, down, cells);
        chart.getStyler().setShowValue(true).setMin(0).setMax(max)
                .setRangeColors(new Color[]{new Color(0xF7FBFF), new Color(0x6BAED6), new Color(0x08306B)})
                .setValueFontColor(new Color(0xE8590C)).setHeatMapValueDecimalPattern("0");
        chart.getStyler().setChartBackgroundColor(Color.WHITE).setLegendVisible(false);
        return png(chart);
    }

    /** The ROC curve with its AUC, against the diagonal of a random guess. */
    public static byte[] roc(BinaryCurves curves) {
        BinaryCurves.Curve c = curves.roc();
        XYChart chart = xy(String.format(java.util.Locale.ROOT, "ROC curve (AUC %.4f)", curves.auc()),
                "false positive rate", "true positive rate");
        chart.addSeries("ROC", c.x(), c.y()).setMarker(SeriesMarkers.NONE);
        chart.addSeries("random guess", new double[]{0, 1}, new double[]{0, 1}).setMarker(SeriesMarkers.NONE);
        return png(chart);
    }

    /** The precision-recall curve with its average precision. */
    public static byte[] precisionRecall(BinaryCurves curves) {
        BinaryCurves.Curve c = curves.precisionRecall();
        XYChart chart = xy(String.format(java.util.Locale.ROOT, "Precision-recall (AP %.4f)",
                curves.averagePrecision()), "recall", "precision");
        chart.addSeries("precision-recall", c.x(), c.y()).setMarker(SeriesMarkers.NONE);
        return png(chart);
    }

    /**
     * Validation score of each trial against one hyper-parameter: numeric values on their own axis (logarithmic
     * for rates), others as one named series per category, side by side in the order first seen.
     */
    public static byte[] scoreAgainst(String parameter, List<String> values, double[] scores, boolean logScale) {
        List<String> categories = values.stream().distinct().toList();
        boolean numeric = values.stream().allMatch(Charts::isNumber);
        XYChart chart = xy("Validation score against " + parameter, parameter, "validation score");
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setLegendVisible(false);
        chart.getStyler().setMarkerSize(9);
        if (numeric) {
            chart.getStyler().setXAxisLogarithmic(logScale);
            chart.addSeries("trials", values.stream().mapToDouble(Double::parseDouble).toArray(), scores);
        } else {
            // one series per category, named in the legend, at x = its index
            chart.getStyler().setLegendVisible(true).setLegendPosition(Styler.LegendPosition.OutsideE);
            chart.getStyler().setXAxisTicksVisible(false).setXAxisMin(-0.5).setXAxisMax(categories.size() - 0.5);
            for (int c = 0; c < categories.size(); c++) {
                String category = categories.get(c);
                double[] ys = java.util.stream.IntStream.range(0, values.size())
                        .filter(i -> values.get(i).equals(category)).mapToDouble(i -> scores[i]).toArray();
                double[] xs = new double[ys.length];
                java.util.Arrays.fill(xs, c);
                chart.addSeries(category, xs, ys);
            }
        }
        return png(chart);
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static XYChart xy(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE).setChartBackgroundColor(Color.WHITE);
        return chart;
    }

    private static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the chart '" + chart.getTitle() + "' as PNG", e);
        }
    }
}
