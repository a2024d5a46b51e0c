package org.nn4j.models;

import java.util.List;
import org.nn4j.layers.LayerConfig;
import org.nn4j.losses.Loss;

/**
 * A network's architecture as data: input width, layers in order, and the loss it is trained on.
 * Serialises to JSON through {@code org.nn4j.config.Json}; {@link Sequential#fromConfig} builds it.
 */
public record ModelConfig(int inputSize, List<LayerConfig> layers, String loss) {
    public ModelConfig {
        if (inputSize <= 0) {
            throw new IllegalArgumentException("input size must be positive, got " + inputSize);
        }
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one layer");
        }
        layers = List.copyOf(layers);
        Loss.parse(loss);
    }
}
