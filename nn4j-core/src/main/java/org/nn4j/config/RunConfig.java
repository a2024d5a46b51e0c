package org.nn4j.config;

import java.util.List;
import org.nn4j.data.CsvOptions;
import org.nn4j.training.TrainingConfig;

/**
 * One training run as a record: where the data comes from, the model to build for it, how to train it, where it
 * runs and which files it reads and writes. {@code nn train}'s flags map onto its fields one to one, checkpoints
 * store it (as JSON, {@link Json}), {@code nn tune} varies its fields for each trial, and {@code nn train --resume}
 * reads it back: no command line is ever parsed again.
 *
 * @param data     the training data and how it is prepared
 * @param model    the network to build for the data
 * @param training epochs, batch size, optimiser, schedule and the rest of the training craft
 * @param spark    where to train data-parallel, or null for this process
 * @param files    the files the run reads and writes
 */
public record RunConfig(Data data, Model model, TrainingConfig training, Spark spark, Files files) {
    public RunConfig {
        if (data == null || model == null || training == null) {
            throw new IllegalArgumentException("a run configuration needs its data, model and training settings");
        }
        files = files == null ? Files.NONE : files;
    }

    /** The same run with other training settings. */
    public RunConfig withTraining(TrainingConfig newTraining) {
        return new RunConfig(data, model, newTraining, spark, files);
    }

    /** The same run with another model. */
    public RunConfig withModel(Model newModel) {
        return new RunConfig(data, newModel, training, spark, files);
    }

    /** The same run with other files. */
    public RunConfig withFiles(Files newFiles) {
        return new RunConfig(data, model, training, spark, newFiles);
    }

    /**
     * The training data.
     *
     * @param source               {@code fashion-mnist[:split]} or a CSV file
     * @param inputShape           the shape C,H,W of each CSV row's features, or null for a flat vector
     * @param label                the CSV's label column, by name or index (null: the last)
     * @param classes              the classes kept, relabelled 0..k−1 in this order (empty: all)
     * @param regression           the label column is a real-valued target
     * @param scale                input scaling: none, minmax, standard, or auto
     * @param balancedClassWeights weight each class n / (k·n_c), resolved against the training data when the run starts
     * @param noHeader             the CSV has no header row: its columns are known by 0-based position
     * @param byPosition           match the CSV's columns to a model's inputs by position, not by header name
     * @param maxClasses           the most classes a label column may make (0, as in a configuration written before
     *                             the bound existed: {@link CsvOptions#MAX_CLASSES})
     */
    public record Data(String source, String inputShape, String label, List<Integer> classes, boolean regression,
                       String scale, boolean balancedClassWeights, boolean noHeader, boolean byPosition,
                       int maxClasses) {
        public Data {
            if (source == null || source.isBlank()) {
                throw new IllegalArgumentException("a run configuration needs a data source");
            }
            classes = classes == null ? List.of() : List.copyOf(classes);
            scale = scale == null ? "auto" : scale;
            maxClasses = maxClasses == 0 ? CsvOptions.MAX_CLASSES : maxClasses;
        }

        /**
         * Data read from a CSV with a header row, matched by name, with the default class bound.
         *
         * @param source               {@code fashion-mnist[:split]} or a CSV file
         * @param inputShape           the shape C,H,W of each CSV row's features, or null for a flat vector
         * @param label                the CSV's label column, by name or index (null: the last)
         * @param classes              the classes kept, relabelled 0..k−1 in this order (empty: all)
         * @param regression           the label column is a real-valued target
         * @param scale                input scaling: none, minmax, standard, or auto
         * @param balancedClassWeights weight each class n / (k·n_c)
         */
        public Data(String source, String inputShape, String label, List<Integer> classes, boolean regression,
                    String scale, boolean balancedClassWeights) {
            this(source, inputShape, label, classes, regression, scale, balancedClassWeights, false, false,
                    CsvOptions.MAX_CLASSES);
        }
    }

    /**
     * The network: hidden layers, then the output head the task calls for.
     *
     * @param layers     the hidden layers as {@code nn train --layers} gives them: widths (or {@code none}), or a
     *                   layer list
     * @param activation the hidden layers' activation, e.g. {@code relu} or {@code leaky_relu:0.2}
     * @param output     the output activation, or {@code auto} to follow the task
     * @param dtype      {@code float32} or {@code float64}
     * @param batchNorm  batch normalisation after each hidden layer
     * @param dropout    dropout rate after each hidden layer (0: none)
     * @param l1         L1 penalty on every dense layer's weights
     * @param l2         L2 penalty on every dense layer's weights
     * @param maxNorm    max-norm bound on each unit's incoming weights (0: none)
     */
    public record Model(List<String> layers, String activation, String output, String dtype, boolean batchNorm,
                        double dropout, double l1, double l2, double maxNorm) {
        public Model {
            layers = List.copyOf(layers);
        }

        /** The same model with these hidden layers. */
        public Model withLayers(List<String> newLayers) {
            return new Model(newLayers, activation, output, dtype, batchNorm, dropout, l1, l2, maxNorm);
        }

        /** The same model with this hidden activation. */
        public Model withActivation(String newActivation) {
            return new Model(layers, newActivation, output, dtype, batchNorm, dropout, l1, l2, maxNorm);
        }

        /** The same model with this dropout rate. */
        public Model withDropout(double newDropout) {
            return new Model(layers, activation, output, dtype, batchNorm, newDropout, l1, l2, maxNorm);
        }

        /** The same model with this L2 penalty. */
        public Model withL2(double newL2) {
            return new Model(layers, activation, output, dtype, batchNorm, dropout, l1, newL2, maxNorm);
        }
    }

    /**
     * Data-parallel training on Apache Spark.
     *
     * @param master       the master URL: {@code local[2]}, {@code spark://host:7077}, …
     * @param averageEvery 0 to average gradients every mini-batch; k ≥ 1 for k local steps between averages
     * @param partitions   partitions of the training data, or null for Spark's default parallelism
     * @param ui           start Spark's web UI on the driver
     */
    public record Spark(String master, int averageEvery, Integer partitions, boolean ui) {
        public Spark {
            if (master == null || master.isBlank()) {
                throw new IllegalArgumentException("Spark training needs a master URL");
            }
            if (averageEvery < 0 || (partitions != null && partitions <= 0)) {
                throw new IllegalArgumentException("Spark: averageEvery must be ≥ 0 and partitions positive, got "
                        + averageEvery + " and " + partitions);
            }
        }
    }

    /**
     * The files of a run; relative paths are relative to {@code workingDirectory}.
     *
     * @param out              where the trained model is saved (null: not saved)
     * @param checkpointDir    where a checkpoint is written after every epoch (null: none)
     * @param init             a model whose weights, architecture and scaling the run starts from (null: fresh)
     * @param workingDirectory the directory the run started in (null: the current one)
     */
    public record Files(String out, String checkpointDir, String init, String workingDirectory) {
        /** No files: nothing read, nothing written. */
        public static final Files NONE = new Files(null, null, null, null);
    }
}
