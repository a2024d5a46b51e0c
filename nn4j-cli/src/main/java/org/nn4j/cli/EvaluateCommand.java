package org.nn4j.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nn4j.config.Json;
import org.nn4j.data.Dataset;
import org.nn4j.io.ModelFile;
import org.nn4j.io.SavedModel;
import org.nn4j.models.Evaluation;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nn evaluate}: the loss and accuracy of a saved model on a data set. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, description = "Score a saved model on a data set.")
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "a model saved by nn train --out")
    Path modelFile;

    @ArgGroup(exclusive = false, multiplicity = "1", heading = "Data%n")
    DataOptions data;

    @Option(names = "--json", description = "print {\"loss\":…, \"accuracy\":…, \"samples\":…}")
    boolean json;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() throws Exception {
        SavedModel saved = ModelFile.load(modelFile);
        Dataset d = load(data, saved, "test");
        Evaluation e = saved.model().evaluate(saved.scaler().transform(d));
        if (json) {
            System.out.println(Json.toJson(e.asMap()));
        } else {
            for (Map.Entry<String, Object> entry : e.asMap().entrySet()) {
                System.out.printf(Locale.ROOT, "%-9s %s%n", entry.getKey(), entry.getValue());
            }
        }
        return 0;
    }

    /**
     * The data named by --data, mapped onto the model's inputs and classes by name, restricted to the classes the
     * model was trained on unless --classes says otherwise.
     */
    static Dataset load(DataOptions data, SavedModel saved, String defaultSplit) throws Exception {
        if (data.classes == null && saved.classes() != null && data.isFashionMnist()) {
            data.classes = saved.classes();
        }
        return data.loadFor(saved, defaultSplit);
    }
}
