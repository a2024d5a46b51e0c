package org.nn4j.models;

import java.util.Locale;
import org.nn4j.layers.Layer;
import org.nn4j.layers.Parameter;

/**
 * The Keras-style table that {@link Sequential#summary()} prints: each layer with the shape of one output sample,
 * {@code (256)} or {@code (6, 28, 28)} (a batch of m is that many values × m), and its parameter count.
 */
final class Summary {
    private static final String ROW = "%-40s %-16s %12s%n";

    private Summary() {
    }

    static String of(Sequential model) {
        StringBuilder sb = new StringBuilder();
        String rule = "─".repeat(70) + "\n";
        sb.append("Model: Sequential (").append(model.dtype()).append(", loss ").append(model.loss().name())
                .append(")\n").append(rule);
        sb.append(String.format(Locale.ROOT, ROW, "Layer (type)", "Output Shape", "Param #"));
        sb.append(rule.replace('─', '═'));
        sb.append(String.format(Locale.ROOT, ROW, "input", model.inputShape().toString(), "0"));
        int i = 1;
        for (Layer layer : model.layers()) {
            long params = layer.parameters().stream().mapToLong(Parameter::size).sum()
                    + layer.state().stream().mapToLong(Parameter::size).sum();
            sb.append(String.format(Locale.ROOT, ROW, "layer_" + i++ + " " + layer.describe(),
                    layer.outputShape().toString(), String.format(Locale.ROOT, "%,d", params)));
        }
        sb.append(rule);
        sb.append("Head: ").append(model.head().describe()).append('\n');
        long trainable = model.parameterCount();
        long total = trainable + model.stateCount();
        sb.append(String.format(Locale.ROOT, "Total params: %,d (%s)%n", total, bytes(total * model.dtype().bytes())));
        sb.append(String.format(Locale.ROOT, "Trainable params: %,d%n", trainable));
        sb.append(String.format(Locale.ROOT, "Non-trainable params: %,d%n", model.stateCount()));
        return sb.toString();
    }

    private static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        if (b < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.2f KB", b / 1024.0);
        }
        return String.format(Locale.ROOT, "%.2f MB", b / (1024.0 * 1024));
    }
}
