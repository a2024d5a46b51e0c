package org.nn4j.cli;

import java.util.ArrayList;
import java.util.List;
import org.nn4j.activations.Activation;
import org.nn4j.config.RunConfig;
import org.nn4j.data.Dataset;
import org.nn4j.layers.BatchNorm;
import org.nn4j.layers.Conv2D;
import org.nn4j.layers.Dense;
import org.nn4j.layers.Dropout;
import org.nn4j.layers.Flatten;
import org.nn4j.layers.Layer;
import org.nn4j.layers.Pooling2D;
import org.nn4j.losses.Loss;
import org.nn4j.models.Sequential;
import org.nn4j.regularizers.Regularizer;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Shape;
import picocli.CommandLine.Option;

/**
 * The architecture flags: hidden layer sizes, their activation, batch normalisation and dropout after each hidden
 * layer, weight penalties and constraints on every dense layer, and the output head (chosen from the task by default).
 */
final class ModelOptions {
    @Option(names = "--layers", split = ",", paramLabel = "UNITS|LAYER", defaultValue = "256,128",
            description = "hidden layer sizes, e.g. 256,128 (default: ${DEFAULT-VALUE}); 'none' for no hidden layer; "
                    + "or a layer list, e.g. conv:6x5:p2,relu,maxpool:2,flatten,dense:120:relu (conv:FxK[xK][:sS]"
                    + "[:same|:valid|:pP][:nobias], maxpool:K, avgpool:K [:sS][:pP], gap, flatten, dense:N[:ACT], bn, "
                    + "dropout:P, relu, tanh, …); the output layer follows the task")
    List<String> layers;

    @Option(names = "--activation", defaultValue = "relu", paramLabel = "NAME",
            description = "hidden activation: relu, leaky_relu[:alpha], sigmoid, tanh, softmax, linear "
                    + "(default: ${DEFAULT-VALUE})")
    String activation;

    @Option(names = "--output", defaultValue = "auto", paramLabel = "NAME",
            description = "output activation: auto (one sigmoid unit for two classes, softmax for more, linear for "
                    + "regression), sigmoid, softmax or linear")
    String output;

    @Option(names = "--dtype", defaultValue = "float32", paramLabel = "TYPE",
            description = "float32 or float64 (default: ${DEFAULT-VALUE})")
    String dtype;

    @Option(names = "--batch-norm", negatable = true,
            description = "batch normalisation after each hidden layer (--no-batch-norm to turn a preset's off)")
    boolean batchNorm;

    @Option(names = "--dropout", defaultValue = "0", paramLabel = "RATE",
            description = "dropout after each hidden layer (and its batch norm): the fraction of units dropped in "
                    + "training (default: ${DEFAULT-VALUE}, none)")
    double dropout;

    @Option(names = "--l1", defaultValue = "0", paramLabel = "L",
            description = "L1 penalty L·Σ|w| on every dense layer's weights (default: ${DEFAULT-VALUE})")
    double l1;

    @Option(names = "--l2", defaultValue = "0", paramLabel = "L",
            description = "L2 penalty L·Σw² on every dense layer's weights (default: ${DEFAULT-VALUE})")
    double l2;

    @Option(names = "--max-norm", defaultValue = "0", paramLabel = "C",
            description = "bound each unit's incoming weight vector to norm C after every step (default: "
                    + "${DEFAULT-VALUE}, none)")
    double maxNorm;

    /** These flags as the run configuration's model. */
    RunConfig.Model config() {
        return new RunConfig.Model(layers, activation, output, dtype, batchNorm, dropout, l1, l2, maxNorm);
    }

    /** The flags that give {@code config}. */
    static ModelOptions of(RunConfig.Model config) {
        ModelOptions m = new ModelOptions();
        m.layers = config.layers();
        m.activation = config.activation();
        m.output = config.output();
        m.dtype = config.dtype();
        m.batchNorm = config.batchNorm();
        m.dropout = config.dropout();
        m.l1 = config.l1();
        m.l2 = config.l2();
        m.maxNorm = config.maxNorm();
        return m;
    }

    /** Checks the flags that need no data (sizes, names, rates), so that a mistake is reported before any work. */
    void check() {
        UsageException.of(() -> {
            Activation.parse(activation);
            DType.parse(dtype);
            new Dense(1, Activation.LINEAR, Activation.LINEAR.defaultInitializer(), new Regularizer(l1, l2), maxNorm);
            return dropout == 0 ? null : new Dropout(dropout);
        });
        if (!LayerList.isLayerList(layers)) {
            units();
        } else {
            UsageException.of(() -> LayerList.parse(layers, new Regularizer(l1, l2), maxNorm));
        }
    }

    /** The hidden layer sizes given by --layers (a list of widths). */
    private List<Integer> units() {
        List<Integer> sizes = new ArrayList<>();
        for (String units : layers) {
            if (units.equalsIgnoreCase("none")) {
                continue;
            }
            int n;
            try {
                n = Integer.parseInt(units.trim());
            } catch (NumberFormatException e) {
                throw new UsageException("--layers: '" + units + "' is not a layer size");
            }
            if (n <= 0) {
                throw new UsageException("--layers: a layer needs at least one unit, got " + n);
            }
            sizes.add(n);
        }
        return sizes;
    }

    /**
     * True if the network reads its input as images: a layer list whose first convolution or pooling comes before
     * any dense or flatten layer. A list of widths reads features.
     */
    boolean readsImages() {
        if (!LayerList.isLayerList(layers)) {
            return false;
        }
        for (Layer layer : LayerList.parse(layers, new Regularizer(l1, l2), maxNorm)) {
            if (layer instanceof Conv2D || layer instanceof Pooling2D) {
                return true;
            }
            if (layer instanceof Dense || layer instanceof Flatten) {
                return false;
            }
        }
        return false;
    }

    /** The model for this data: hidden layers as given, then the output layer and loss the task calls for. */
    Sequential build(Dataset train) {
        Regularizer penalty = new Regularizer(l1, l2);
        if (!LayerList.isLayerList(layers)) {
            return build(train, Shape.features(train.numFeatures()), hidden(penalty), penalty);
        }
        if (batchNorm || dropout != 0) {
            throw new IllegalArgumentException("--batch-norm and --dropout go after each of a list of widths; in a "
                    + "layer list write bn and dropout:P where they belong");
        }
        return build(train, train.shape(), LayerList.parse(layers, penalty, maxNorm), penalty);
    }

    /** Dense layers of the widths of --layers, each with --activation, then batch norm and dropout if asked. */
    private List<Layer> hidden(Regularizer penalty) {
        Activation hidden = Activation.parse(activation);
        List<Layer> stack = new ArrayList<>();
        for (int n : units()) {
            stack.add(new Dense(n, hidden, hidden.defaultInitializer(), penalty, maxNorm));
            if (batchNorm) {
                stack.add(new BatchNorm());
            }
            if (dropout != 0) {
                stack.add(new Dropout(dropout));
            }
        }
        return stack;
    }

    /** {@code stack} on samples of shape {@code input}, then the output layer and the loss the task calls for. */
    private Sequential build(Dataset train, Shape input, List<Layer> hidden, Regularizer penalty) {
        List<Layer> stack = new ArrayList<>(hidden);
        String head = output.toLowerCase(java.util.Locale.ROOT);
        if (!train.isClassification()) {
            if (!head.equals("auto") && !head.equals("linear")) {
                throw new IllegalArgumentException("--output " + output + " does not fit a regression target; use linear");
            }
            stack.add(output(train.targetSize(), Activation.LINEAR, penalty));
            return new Sequential(input, Loss.MEAN_SQUARED_ERROR, DType.parse(dtype), stack);
        }
        int k = train.numClasses();
        boolean sigmoid = head.equals("sigmoid") || (head.equals("auto") && k == 2);
        if (sigmoid) {
            if (k != 2) {
                throw new IllegalArgumentException("--output sigmoid needs two classes, the data has " + k);
            }
            stack.add(output(1, Activation.SIGMOID, penalty));
            return new Sequential(input, Loss.BINARY_CROSSENTROPY, DType.parse(dtype), stack);
        }
        if (!head.equals("auto") && !head.equals("softmax")) {
            throw new IllegalArgumentException("--output " + output + " does not fit a classification task; use "
                    + "softmax or sigmoid");
        }
        stack.add(output(k, Activation.SOFTMAX, penalty));
        return new Sequential(input, Loss.CATEGORICAL_CROSSENTROPY, DType.parse(dtype), stack);
    }

    private Dense output(int units, Activation g, Regularizer penalty) {
        return new Dense(units, g, g.defaultInitializer(), penalty, maxNorm);
    }
}
