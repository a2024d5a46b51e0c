package org.nn4j.serve;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A model to serve: the name it answers to in {@code /v1/models/{name}} and the model file it is loaded from (and
 * reloaded from when the file is replaced).
 *
 * @param name the model's name in URLs: letters, digits, '.', '_' and '-'
 * @param file the {@code .nn} file
 */
public record ModelSource(String name, Path file) {
    /** Checks the name, which must fit in a URL path segment without escaping. */
    public ModelSource {
        Objects.requireNonNull(file, "file");
        if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("model name '" + name + "' must be letters, digits, '.', '_' or '-'");
        }
    }

    /** The model in {@code file}, named after the file without its extension ({@code models/t1.nn} → {@code t1}). */
    public static ModelSource of(Path file) {
        String base = file.getFileName().toString();
        int dot = base.lastIndexOf('.');
        return new ModelSource(dot > 0 ? base.substring(0, dot) : base, file);
    }
}
