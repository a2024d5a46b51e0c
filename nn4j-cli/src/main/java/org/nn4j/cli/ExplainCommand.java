package org.nn4j.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nn4j.data.Dataset;
import org.nn4j.io.ModelFile;
import org.nn4j.io.SavedModel;
import org.nn4j.layers.Equation;
import org.nn4j.models.Batch;
import org.nn4j.models.Passes;
import org.nn4j.models.Sequential;
import org.nn4j.tensor.Tensor;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nn explain}: a saved model's training step written out as the equations its layers run, with every shape
 * filled in; with {@code --sample N}, one real batch of N samples is pushed through and each result shown.
 */
@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write out a model's forward and backward passes as equations with shapes.")
final class ExplainCommand implements Callable<Integer> {
    private static final int SHOW_ROWS = 3;
    private static final int SHOW_COLS = 4;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "a model saved by nn train --out")
    Path modelFile;

    @Option(names = "--batch", paramLabel = "M",
            description = "the batch size m in the shapes (default: the model's training batch size, else 128)")
    Integer batch;

    @Option(names = "--sample", paramLabel = "N",
            description = "run one batch of the first N samples of --data and show the values of every step")
    Integer sample;

    @ArgGroup(exclusive = false, multiplicity = "0..1", heading = "Data (for --sample)%n")
    DataOptions data;

    @Override
    public Integer call() throws Exception {
        SavedModel saved = ModelFile.load(modelFile);
        Sequential model = saved.model();
        int m = batch != null ? batch : saved.training() != null ? saved.training().batchSize() : 128;
        if (m <= 0) {
            throw new IllegalArgumentException("--batch must be positive, got " + m);
        }
        Tensor x = null;
        Tensor y = null;
        double loss = Double.NaN;
        if (sample != null) {
            if (data == null) {
                throw new IllegalArgumentException("--sample needs --data to draw the samples from");
            }
            Dataset d = saved.scaler().transform(EvaluateCommand.load(data, saved, "test"));
            model.checkData(d);
            if (sample <= 0 || sample > d.size()) {
                throw new IllegalArgumentException("--sample must lie in 1.." + d.size() + ", got " + sample);
            }
            m = sample;
            Batch b = new Batch(model.dtype());
            int[] order = Batch.identity(m);
            x = b.features(d.features(), d.numFeatures(), order, 0, m);
            y = b.targets(d, order, 0, m, model.outputSize());
            loss = model.computeGradients(x, y);
        }
        print(System.out, saved, model.passes(m), x, y, loss);
        return 0;
    }

    private static void print(PrintStream out, SavedModel saved, Passes p, Tensor x, Tensor y, double loss) {
        Sequential model = saved.model();
        StringBuilder arch = new StringBuilder().append(model.inputShape());
        model.layers().forEach(l -> arch.append(" → ").append(l.describe()).append(' ').append(l.outputShape()));
        out.printf(Locale.ROOT, "Model %s, loss %s; a batch of m = %d samples as the columns of A[0] = X %s%n",
                arch, model.loss().name(), p.m(), Equation.shape(model.inputSize(), p.m()));
        values(out, x, "      ");
        out.println();
        out.println("Forward pass");
        steps(out, p.forward());
        out.println();
        out.println("Loss (Y: the targets, " + Equation.shape(model.outputSize(), p.m())
                + (model.loss().classifies() && model.outputSize() > 1 ? ", one-hot" : "") + ")");
        values(out, y, "      ");
        equations(out, p.loss());
        if (!Double.isNaN(loss)) {
            out.printf(Locale.ROOT, "    L = %.6g on this batch%n", loss);
        }
        out.println();
        out.println("Backward pass");
        steps(out, p.backward());
        out.println();
        out.printf(Locale.ROOT, "Update: %s takes every W and b as one flat vector θ of %,d values and every dW, db"
                + " as dθ, and steps θ.%n", saved.training() != null
                ? saved.training().optimizer().getClass().getEnclosingClass().getSimpleName() : "the optimiser",
                model.parameterCount());
    }

    private static void steps(PrintStream out, List<Passes.Step> steps) {
        for (Passes.Step s : steps) {
            out.printf(Locale.ROOT, "  layer %d: %s%n", s.layer(), s.description());
            equations(out, s.equations());
        }
    }

    private static void equations(PrintStream out, List<Equation> equations) {
        int width = equations.stream().mapToInt(e -> e.formula().length()).max().orElse(0);
        for (Equation e : equations) {
            out.printf(Locale.ROOT, "    %-" + width + "s   %s%s%n", e.formula(), e.shapes(),
                    e.note().isEmpty() ? "" : "   [" + e.note() + "]");
            values(out, e.value(), "      ");
        }
    }

    /** The top-left corner of a tensor's values, one row per line. */
    private static void values(PrintStream out, Tensor t, String indent) {
        if (t == null) {
            return;
        }
        for (int r = 0; r < Math.min(SHOW_ROWS, t.rows()); r++) {
            StringBuilder line = new StringBuilder(indent).append(r == 0 ? "= [" : "   ");
            for (int c = 0; c < Math.min(SHOW_COLS, t.cols()); c++) {
                line.append(String.format(Locale.ROOT, "%10.4g", t.get(r, c)));
            }
            line.append(t.cols() > SHOW_COLS ? "  …" : "");
            out.println(line.append(r == Math.min(SHOW_ROWS, t.rows()) - 1
                    ? (t.rows() > SHOW_ROWS ? "   ⋮ ]" : " ]") : ""));
        }
    }
}
