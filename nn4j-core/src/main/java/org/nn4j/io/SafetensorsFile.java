package org.nn4j.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Tensor;

/**
 * The content of a safetensors file: its free-form string metadata and its tensors, both in header order.
 *
 * @param metadata the {@code __metadata__} entries, unmodifiable, in header order
 * @param tensors the tensors by name, unmodifiable, in header order
 */
public record SafetensorsFile(Map<String, String> metadata, Map<String, NamedArray> tensors) {

    public SafetensorsFile {
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /**
     * The stored tensor {@code name}.
     *
     * @throws IllegalArgumentException naming the tensor and those present, if there is none of that name
     */
    public NamedArray get(String name) {
        NamedArray a = tensors.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no tensor '" + name + "'; present are " + tensors.keySet());
        }
        return a;
    }

    /** Tensor {@code name} as a new 2-D nn4j tensor of type {@code as}; see {@link NamedArray#toTensor}. */
    public Tensor tensor(String name, DType as) {
        return get(name).toTensor(as);
    }
}
