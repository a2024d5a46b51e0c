package org.nn4j.cli;

import java.util.ArrayList;
import java.util.List;
import org.nn4j.activations.Activation;
import org.nn4j.data.Dataset;
import org.nn4j.layers.Dense;
import org.nn4j.layers.Layer;
import org.nn4j.losses.Loss;
import org.nn4j.models.Sequential;
import org.nn4j.tensor.DType;
import picocli.CommandLine.Option;

/** The architecture flags: hidden layer sizes, their activation, and the output head (chosen from the task by default). */
final class ModelOptions {
    @Option(names = "--layers", split = ",", paramLabel = "UNITS", defaultValue = "256,128",
            description = "hidden layer sizes, e.g. 256,128 (default: ${DEFAULT-VALUE}); 'none' for no hidden layer")
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

    /** The model for this data: hidden layers as given, then the output layer and loss the task calls for. */
    Sequential build(Dataset train) {
        Activation hidden = Activation.parse(activation);
        List<Layer> stack = new ArrayList<>();
        for (String units : layers) {
            if (units.equalsIgnoreCase("none")) {
                continue;
            }
            int n;
            try {
                n = Integer.parseInt(units.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--layers: '" + units + "' is not a layer size");
            }
            if (n <= 0) {
                throw new IllegalArgumentException("--layers: a layer needs at least one unit, got " + n);
            }
            stack.add(new Dense(n, hidden));
        }
        String head = output.toLowerCase(java.util.Locale.ROOT);
        if (!train.isClassification()) {
            if (!head.equals("auto") && !head.equals("linear")) {
                throw new IllegalArgumentException("--output " + output + " does not fit a regression target; use linear");
            }
            stack.add(new Dense(train.targetSize(), Activation.LINEAR));
            return new Sequential(train.numFeatures(), Loss.MEAN_SQUARED_ERROR, DType.parse(dtype), stack);
        }
        int k = train.numClasses();
        boolean sigmoid = head.equals("sigmoid") || (head.equals("auto") && k == 2);
        if (sigmoid) {
            if (k != 2) {
                throw new IllegalArgumentException("--output sigmoid needs two classes, the data has " + k);
            }
            stack.add(new Dense(1, Activation.SIGMOID));
            return new Sequential(train.numFeatures(), Loss.BINARY_CROSSENTROPY, DType.parse(dtype), stack);
        }
        if (!head.equals("auto") && !head.equals("softmax")) {
            throw new IllegalArgumentException("--output " + output + " does not fit a classification task; use "
                    + "softmax or sigmoid");
        }
        stack.add(new Dense(k, Activation.SOFTMAX));
        return new Sequential(train.numFeatures(), Loss.CATEGORICAL_CROSSENTROPY, DType.parse(dtype), stack);
    }
}
