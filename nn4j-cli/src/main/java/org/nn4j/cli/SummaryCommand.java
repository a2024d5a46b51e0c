package org.nn4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nn4j.io.ModelFile;
import org.nn4j.io.SavedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nn summary}: a saved model's layers, shapes and parameter counts. */
@Command(name = "summary", mixinStandardHelpOptions = true, description = "Show a saved model's layers and parameters.")
final class SummaryCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "a model saved by nn train --out")
    Path modelFile;

    @Override
    public Integer call() throws Exception {
        SavedModel saved = ModelFile.load(modelFile);
        System.out.print(saved.model().summary());
        System.out.println("Input scaling: " + saved.scaler().kind());
        if (!saved.classNames().isEmpty()) {
            System.out.println("Classes: " + String.join(", ", saved.classNames()));
        }
        if (saved.training() != null) {
            System.out.println("Trained with: " + org.nn4j.config.Json.toJson(saved.training()));
        }
        if (!saved.metrics().isEmpty()) {
            System.out.println("Metrics: " + org.nn4j.config.Json.toJson(saved.metrics()));
        }
        SavedModel.Origin origin = saved.origin();
        System.out.println("File: format version " + origin.formatVersion()
                + (origin.nn4jVersion() == null ? "" : ", written by nn4j " + origin.nn4jVersion())
                + (origin.created() == null ? "" : " at " + origin.created())
                + (origin.formatVersion() >= 2 ? ", checksum verified" : ""));
        if (!saved.history().isEmpty()) {
            System.out.println("Last epoch: " + ProgressBar.line(saved.history().get(saved.history().size() - 1),
                    saved.history().size()));
        }
        return 0;
    }
}
