package org.nn4j.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nn4j.io.AtomicFile;
import java.util.concurrent.Callable;
import org.nn4j.analysis.ModelAnalysis;
import org.nn4j.report.AnalysisSections;
import org.nn4j.report.HtmlPage;
import org.nn4j.report.TuneSection;
import org.nn4j.tune.TrialLog;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nn report}: one self-contained HTML page about a saved model: summary, training settings, learning
 * curves, metrics, confusion matrix, error analysis, worst mistakes and, with {@code --tune}, the search results.
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write a self-contained HTML report on a saved model (charts inlined).")
final class ReportCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "a model saved by nn train --out")
    Path modelFile;

    @ArgGroup(exclusive = false, multiplicity = "1", heading = "Data%n")
    DataOptions data;

    @Option(names = "--out", required = true, paramLabel = "FILE.html", description = "where to write the report")
    Path out;

    @Option(names = "--tune", paramLabel = "RESULTS.jsonl",
            description = "add the trials of an nn tune results file: a table by score and score-against-setting charts")
    Path tune;

    @Mixin
    AnalysisOptions options;

    @Override
    public Integer call() throws Exception {
        try (Outputs outputs = new Outputs().inputs(modelFile, tune, data.file()).file("--out", out)) {
            return report();
        }
    }

    private int report() throws Exception {
        ModelAnalysis a = options.analyse(modelFile, data);
        HtmlPage page = new HtmlPage("nn4j report: " + modelFile.getFileName() + " on " + a.dataName());
        AnalysisSections.addTo(page, a, options.gridSize);
        if (tune != null) {
            TuneSection.addTo(page, TrialLog.read(tune));
        }
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        AtomicFile.write(out, page.render().getBytes(StandardCharsets.UTF_8));
        System.out.println("Wrote " + out + " (" + Files.size(out) / 1024 + " KB)");
        return 0;
    }
}
