package org.nn4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nn4j.activations.Activation;
import org.nn4j.layers.ActivationLayer;
import org.nn4j.layers.AvgPool2D;
import org.nn4j.layers.BatchNorm;
import org.nn4j.layers.Conv2D;
import org.nn4j.layers.Dense;
import org.nn4j.layers.Dropout;
import org.nn4j.layers.Flatten;
import org.nn4j.layers.GlobalAveragePooling2D;
import org.nn4j.layers.Layer;
import org.nn4j.layers.MaxPool2D;
import org.nn4j.layers.Padding;
import org.nn4j.regularizers.Regularizer;

/**
 * The layer-list grammar of {@code --layers}: one entry per layer, comma-separated, Keras's names shortened, e.g.
 * LeNet-5 as {@code conv:6x5:p2,relu,maxpool:2,conv:16x5,relu,maxpool:2,flatten,dense:120:relu,dense:84:relu}.
 * Entries, options after colons in any order:
 * <pre>
 *   conv:F[xK[xK]]  (conv2d)       Conv2D of F filters, K×K (default 3×3); :sS stride, :same | :valid (default) |
 *                                  :pP | :pPHxPW padding, :nobias
 *   maxpool:K, avgpool:K           MaxPool2D, AvgPool2D of K×K windows; :sS stride (default K), :pP padding
 *   gap                            GlobalAveragePooling2D
 *   flatten                        Flatten
 *   dense:N[:ACT]                  Dense of N units, linear or with activation ACT (He-initialised for ReLU)
 *   bn (batchnorm)                 BatchNorm: per channel after a convolution, per feature after a dense layer
 *   dropout:P                      Dropout of rate P
 *   relu, leaky_relu[:A], tanh, sigmoid, softmax, linear   an activation layer
 * </pre>
 * The output layer and loss follow the task, as with plain widths; {@code --l1}, {@code --l2} and
 * {@code --max-norm} apply to every convolution and dense layer.
 */
final class LayerList {
    private LayerList() {
    }

    /** True if {@code entries} are a layer list rather than hidden widths (numbers or {@code none}). */
    static boolean isLayerList(List<String> entries) {
        return entries.stream().map(String::trim).anyMatch(e -> !e.matches("-?\\d+") && !e.equalsIgnoreCase("none"));
    }

    /** The layers {@code entries} describe, in order. */
    static List<Layer> parse(List<String> entries, Regularizer penalty, double maxNorm) {
        List<Layer> layers = new ArrayList<>();
        for (String entry : entries) {
            try {
                layers.add(layer(entry.trim().toLowerCase(Locale.ROOT), penalty, maxNorm));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--layers: '" + entry.trim() + "': " + e.getMessage(), e);
            }
        }
        return layers;
    }

    private static Layer layer(String entry, Regularizer penalty, double maxNorm) {
        String[] parts = entry.split(":");
        String name = parts[0];
        switch (name) {
            case "conv", "conv2d":
                return conv(parts, penalty, maxNorm);
            case "maxpool", "maxpool2d", "max_pooling2d", "avgpool", "avgpool2d", "average_pooling2d":
                return pool(parts, name.startsWith("max"));
            case "gap", "global_avg_pool", "global_average_pooling2d":
                return noOptions(parts, new GlobalAveragePooling2D());
            case "flatten":
                return noOptions(parts, new Flatten());
            case "bn", "batchnorm", "batch_norm", "batch_normalization":
                return noOptions(parts, new BatchNorm());
            case "dropout":
                requireArgument(parts, "dropout:RATE, e.g. dropout:0.25");
                return new Dropout(number(parts[1]));
            case "dense":
                requireArgument(parts, "dense:UNITS[:ACTIVATION], e.g. dense:120:relu");
                Activation g = parts.length > 2 ? Activation.parse(entry.substring(entry.indexOf(':',
                        entry.indexOf(':') + 1) + 1)) : Activation.LINEAR;
                return new Dense(count(parts[1], "units"), g, g.defaultInitializer(), penalty, maxNorm);
            default:
                try {
                    return new ActivationLayer(Activation.parse(entry));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("unknown layer (expected conv, maxpool, avgpool, gap, flatten, "
                            + "dense, bn, dropout or an activation: relu, leaky_relu[:A], tanh, sigmoid, softmax, "
                            + "linear)", e);
                }
        }
    }

    /** conv:FxKxK with options :sS, :same, :valid, :pP, :pPHxPW, :nobias. */
    private static Conv2D conv(String[] parts, Regularizer penalty, double maxNorm) {
        requireArgument(parts, "conv:FILTERS[xK[xK]], e.g. conv:32x3");
        String[] size = parts[1].split("x");
        if (size.length > 3) {
            throw new IllegalArgumentException("the size is FILTERS[xK[xK]], e.g. 32x3 or 6x5x5");
        }
        int filters = count(size[0], "filters");
        int kh = size.length > 1 ? count(size[1], "kernel") : 3;
        int kw = size.length > 2 ? count(size[2], "kernel") : kh;
        int stride = 1;
        Padding padding = Padding.VALID;
        boolean bias = true;
        for (int i = 2; i < parts.length; i++) {
            String o = parts[i];
            if (o.equals("same") || o.equals("valid")) {
                padding = Padding.parse(o);
            } else if (o.startsWith("s")) {
                stride = count(o.substring(1), "stride");
            } else if (o.startsWith("p")) {
                padding = Padding.parse(o.substring(1));
            } else if (o.equals("nobias")) {
                bias = false;
            } else {
                throw new IllegalArgumentException("unknown option '" + o + "' (expected sS, same, valid, pP, "
                        + "pPHxPW or nobias)");
            }
        }
        return new Conv2D(filters, kh, kw, stride, stride, padding, bias, org.nn4j.initializers.Initializer.HE_NORMAL,
                penalty, maxNorm);
    }

    /** maxpool:K / avgpool:K with options :sS, :pP. */
    private static Layer pool(String[] parts, boolean max) {
        requireArgument(parts, "maxpool:K or avgpool:K, e.g. maxpool:2");
        int window = count(parts[1], "window");
        int stride = window;
        Padding padding = Padding.VALID;
        for (int i = 2; i < parts.length; i++) {
            String o = parts[i];
            if (o.startsWith("s")) {
                stride = count(o.substring(1), "stride");
            } else if (o.startsWith("p")) {
                padding = Padding.parse(o.substring(1));
            } else {
                throw new IllegalArgumentException("unknown option '" + o + "' (expected sS or pP)");
            }
        }
        return max ? new MaxPool2D(window, stride, padding) : new AvgPool2D(window, stride, padding);
    }

    private static Layer noOptions(String[] parts, Layer layer) {
        if (parts.length > 1) {
            throw new IllegalArgumentException(layer.describe() + " takes no options");
        }
        return layer;
    }

    private static void requireArgument(String[] parts, String form) {
        if (parts.length < 2 || parts[1].isEmpty()) {
            throw new IllegalArgumentException("write " + form);
        }
    }

    private static int count(String text, String what) {
        try {
            int n = Integer.parseInt(text);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a positive integer", e);
        }
        throw new IllegalArgumentException(what + " must be positive, got " + text);
    }

    private static double number(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a number", e);
        }
    }
}
