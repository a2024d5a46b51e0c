package org.nn4j.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nn4j.activations.Activation;
import org.nn4j.layers.Dense;
import org.nn4j.layers.Layer;
import org.nn4j.losses.Loss;
import org.nn4j.tensor.DType;

/**
 * A stack of dense layers written on one line, e.g. {@code 784-256r-128r-10s}: the input width, then each layer's
 * units followed by its activation — a letter ({@code r} ReLU, {@code l} leaky ReLU, {@code t} tanh, {@code g}
 * sigmoid, {@code s} softmax, nothing for linear) or a full name ({@code 64leaky_relu:0.2}). The loss follows the
 * output: softmax → categorical cross-entropy, one sigmoid unit → binary cross-entropy, anything else → mean
 * squared error. PyTorch users read it as {@code nn.Sequential} of Linear and activation modules.
 */
public final class Architecture {
    private static final Map<String, String> LETTERS = Map.of("r", "relu", "l", "leaky_relu", "t", "tanh",
            "g", "sigmoid", "s", "softmax", "", "linear");

    private Architecture() {
    }

    /** The model {@code spec} describes, with uninitialised weights. */
    public static Sequential parse(String spec, DType dtype) {
        String[] parts = spec.trim().split("-");
        if (parts.length < 2) {
            throw new IllegalArgumentException("architecture '" + spec + "' needs an input width and at least one "
                    + "layer, e.g. 784-128r-10s");
        }
        int inputs = number(spec, parts[0], parts[0]);
        List<Dense> layers = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].trim();
            int digits = 0;
            while (digits < part.length() && Character.isDigit(part.charAt(digits))) {
                digits++;
            }
            int units = number(spec, part, part.substring(0, digits));
            String suffix = part.substring(digits).toLowerCase(Locale.ROOT);
            layers.add(new Dense(units, Activation.parse(LETTERS.getOrDefault(suffix, suffix))));
        }
        return new Sequential(inputs, lossFor(layers.get(layers.size() - 1)), dtype, layers);
    }

    /**
     * The loss a model whose last layer is {@code out} is trained with when nothing else says: categorical
     * cross-entropy after softmax, binary cross-entropy after one sigmoid unit, mean squared error otherwise.
     */
    public static Loss lossFor(Layer out) {
        String head = out.activation().name();
        return head.equals("softmax") ? Loss.CATEGORICAL_CROSSENTROPY
                : head.equals("sigmoid") && out.outputSize() == 1 ? Loss.BINARY_CROSSENTROPY
                : Loss.MEAN_SQUARED_ERROR;
    }

    /** The spec of a model of dense layers, as {@link #parse} reads it; other layers are refused, named. */
    public static String format(Sequential model) {
        StringBuilder sb = new StringBuilder().append(model.inputSize());
        for (Layer layer : model.layers()) {
            if (!isDense(layer)) {
                throw new IllegalArgumentException(layer.describe() + " has no place in a dense architecture spec");
            }
            String name = layer.activation().name();
            String letter = LETTERS.entrySet().stream().filter(e -> e.getValue().equals(name)).map(Map.Entry::getKey)
                    .findFirst().orElse(name);
            sb.append('-').append(layer.outputSize()).append(letter);
        }
        return sb.toString();
    }

    /** True if {@code layer} says it is a dense layer (its settings are a dense layer's). */
    public static boolean isDense(Layer layer) {
        return layer.config() instanceof Dense.Config;
    }

    private static int number(String spec, String part, String digits) {
        try {
            int n = Integer.parseInt(digits);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("architecture '" + spec + "': '" + part + "' does not start with a "
                    + "positive number of units", e);
        }
        throw new IllegalArgumentException("architecture '" + spec + "': '" + part + "' has no units");
    }
}
