package org.nn4j.layers;

/**
 * A layer's settings as an immutable, JSON-serialisable record; {@link #create} makes a fresh layer from them.
 * Each layer type registers its record under a type name in {@code org.nn4j.config.Json}.
 */
public interface LayerConfig {
    Layer create();
}
