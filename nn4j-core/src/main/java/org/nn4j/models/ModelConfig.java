package org.nn4j.models;

import java.util.List;
import org.nn4j.layers.LayerConfig;
import org.nn4j.losses.Loss;
import org.nn4j.tensor.Shape;

/**
 * A network's architecture as data: the input, layers in order, and the loss it is trained on. Serialises to JSON
 * through {@code org.nn4j.config.Json}; {@link Sequential#fromConfig} builds it.
 *
 * @param inputSize  the number of values of one input sample
 * @param layers     each layer's settings, first to last
 * @param loss       the loss's name
 * @param inputShape the shape of one input sample, e.g. (1, 28, 28); null (as in files written before shapes
 *                   existed) for a vector of {@code inputSize} features
 */
public record ModelConfig(int inputSize, List<LayerConfig> layers, String loss, Shape inputShape) {
    /** Checks the settings; a null {@code inputShape} becomes {@code (inputSize)}. */
    public ModelConfig {
        if (inputSize <= 0) {
            throw new IllegalArgumentException("input size must be positive, got " + inputSize);
        }
        if (inputShape != null && inputShape.size() != inputSize) {
            throw new IllegalArgumentException("the input shape " + inputShape + " holds " + inputShape.size()
                    + " values, not the input size " + inputSize);
        }
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one layer");
        }
        layers = List.copyOf(layers);
        Loss.parse(loss);
    }

    /** A model of samples of {@code inputSize} features. */
    public ModelConfig(int inputSize, List<LayerConfig> layers, String loss) {
        this(inputSize, layers, loss, null);
    }

    /** A model of samples of shape {@code input}; the shape is recorded only for images. */
    public static ModelConfig of(Shape input, List<LayerConfig> layers, String loss) {
        return new ModelConfig(input.size(), layers, loss, input.isImage() ? input : null);
    }

    /** The shape of one input sample. */
    public Shape shape() {
        return inputShape != null ? inputShape : Shape.features(inputSize);
    }
}
