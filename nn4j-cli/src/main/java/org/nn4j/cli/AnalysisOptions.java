package org.nn4j.cli;

import java.nio.file.Path;
import org.nn4j.analysis.Diagnosis;
import org.nn4j.analysis.ModelAnalysis;
import picocli.CommandLine.Option;

/** The flags {@code analyze} and {@code report} share: the diagnosis baseline and tolerance, and list lengths. */
final class AnalysisOptions {
    @Option(names = "--baseline-error", defaultValue = "0", paramLabel = "E",
            description = "human-level or Bayes error rate as a fraction, for the bias/variance diagnosis "
                    + "(default: ${DEFAULT-VALUE})")
    double baselineError;

    @Option(names = "--tolerance", defaultValue = "" + Diagnosis.DEFAULT_TOLERANCE, paramLabel = "T",
            description = "error gaps above this fraction count as high bias or variance (default: ${DEFAULT-VALUE})")
    double tolerance;

    @Option(names = "--top", defaultValue = "10", paramLabel = "N",
            description = "how many confused pairs and worst mistakes to list (default: ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--grid-size", defaultValue = "24", paramLabel = "N",
            description = "how many worst mistakes the image grid shows (default: ${DEFAULT-VALUE})")
    int gridSize;

    ModelAnalysis analyse(Path modelFile, DataOptions data) throws Exception {
        if (top <= 0 || gridSize <= 0) {
            throw new IllegalArgumentException("--top and --grid-size must be positive, got " + top + " and "
                    + gridSize);
        }
        return AnalyzeCommand.analyse(modelFile, data, baselineError, tolerance);
    }
}
