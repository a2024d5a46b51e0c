package org.nn4j.report;

import static org.nn4j.report.HtmlPage.image;
import static org.nn4j.report.HtmlPage.paragraph;
import static org.nn4j.report.HtmlPage.table;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.nn4j.tune.TrialResult;

/**
 * The report section of a hyper-parameter search: every trial sorted by validation score (later rungs, which
 * trained longer, first), and for each hyper-parameter a chart of score against its values. The charts use the
 * first rung, where every configuration had the same budget, so the scores are comparable.
 */
public final class TuneSection {
    public static final String ID = "tuning";

    private TuneSection() {
    }

    public static HtmlPage addTo(HtmlPage page, List<TrialResult> trials) {
        if (trials.isEmpty()) {
            return page.section(ID, "Hyper-parameter search", paragraph("The results file holds no trials."));
        }
        List<TrialResult> sorted = new ArrayList<>(trials);
        sorted.sort(Comparator.comparingInt(TrialResult::rung).reversed()
                .thenComparing(Comparator.comparingDouble(TrialResult::rankingScore).reversed()));
        List<String> flags = new ArrayList<>(sorted.get(0).params().keySet());
        List<String> header = new ArrayList<>(List.of("rank", "rung", "epochs"));
        header.addAll(flags);
        header.addAll(List.of("score", "validation loss", "seconds"));
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            TrialResult t = sorted.get(i);
            List<String> row = new ArrayList<>(List.of(Integer.toString(i + 1), Integer.toString(t.rung()),
                    Integer.toString(t.epochs())));
            flags.forEach(f -> row.add(t.params().getOrDefault(f, "")));
            row.add(t.error() != null ? "failed: " + t.error() : String.format(Locale.ROOT, "%.4f", t.score()));
            row.add(String.format(Locale.ROOT, "%.4f", t.valLoss()));
            row.add(String.format(Locale.ROOT, "%.1f", t.seconds()));
            rows.add(row);
        }
        List<TrialResult> first = trials.stream().filter(t -> t.rung() == 0 && t.error() == null).toList();
        StringBuilder charts = new StringBuilder();
        for (String flag : flags) {
            List<String> values = first.stream().map(t -> t.params().get(flag)).toList();
            double[] scores = first.stream().mapToDouble(TrialResult::score).toArray();
            if (values.stream().distinct().count() > 1) {
                charts.append(image(Charts.scoreAgainst(flag, values, scores, flag.equals("--lr")
                        || flag.equals("--l2")), "score against " + flag));
            }
        }
        String metric = sorted.get(0).metric();
        return page.section(ID, "Hyper-parameter search", paragraph(String.format(Locale.ROOT,
                "%d trials; score: validation %s (higher is better). Sorted by rung, then score.", trials.size(),
                metric.isEmpty() ? "score" : metric)) + table(header, rows) + charts);
    }
}
