package org.nn4j.layers;

/**
 * One method per kind of layer nn4j has, for code outside the layers that treats each kind its own way (file formats
 * such as ONNX and PyTorch state dicts): {@link Layer#accept} calls the method of the layer's kind, so such code
 * asks the layer what it is instead of testing its class, and a new kind of layer shows up as a method every
 * visitor must write.
 *
 * @param <R> what a visit gives
 */
public interface LayerVisitor<R> {
    /** A dense layer with its activation. */
    R dense(Dense layer);

    /** A 2-D convolution. */
    R conv2D(Conv2D layer);

    /** Max pooling. */
    R maxPool2D(MaxPool2D layer);

    /** Average pooling. */
    R avgPool2D(AvgPool2D layer);

    /** Global average pooling, an image to a vector of its channels' means. */
    R globalAveragePooling2D(GlobalAveragePooling2D layer);

    /** An image to a vector. */
    R flatten(Flatten layer);

    /** Batch normalisation, per feature or per channel. */
    R batchNorm(BatchNorm layer);

    /** An activation on its own. */
    R activation(ActivationLayer layer);

    /** Dropout. */
    R dropout(Dropout layer);

    /** A layer of none of these kinds (one written outside nn4j). */
    R other(Layer layer);
}
