package org.nn4j.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Objects;
import org.nn4j.io.SavedModel;

/**
 * A model being served under a name: its current {@link ModelVersion}, its {@link Batcher}, and the file it watches.
 * A replaced file (seen by its modification time, size or inode changing) is loaded and checked before it takes
 * traffic: it must pass the file's own checksum, take the same inputs and give the same number of outputs, and
 * answer a probe sample with finite numbers. A file that fails any of these is logged and never serves; the
 * version before it goes on serving.
 */
final class ServedModel implements AutoCloseable {
    private final ModelSource source;
    private final ServerMetrics.ModelCounters counters;
    private final JsonLog log;
    private final Batcher batcher;
    private volatile ModelVersion current;
    private Object seen;

    private ServedModel(ModelSource source, ModelVersion first, Object fingerprint, ServerMetrics metrics, JsonLog log,
                        ServeOptions options) {
        this.source = source;
        this.counters = metrics.forModel(source.name());
        this.log = log;
        this.current = first;
        this.seen = fingerprint;
        this.batcher = new Batcher(source.name(), this::current, counters, options);
        counters.version(1);
        log.event("model_loaded", source.name(), 1, source.file(), null);
    }

    /** Loads and checks the file; a file that cannot serve fails with a message naming the problem. */
    static ServedModel load(ModelSource source, ServerMetrics metrics, JsonLog log, ServeOptions options)
            throws IOException {
        Object fingerprint;
        SavedModel saved;
        try {
            fingerprint = fingerprint(source.file());
            saved = SavedModel.load(source.file());
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(source.file() + ": no such model file");
        }
        ModelVersion first = new ModelVersion(saved, 1, Instant.now());
        probe(first);
        return new ServedModel(source, first, fingerprint, metrics, log, options);
    }

    String name() {
        return source.name();
    }

    Path file() {
        return source.file();
    }

    ModelVersion current() {
        return current;
    }

    Batcher batcher() {
        return batcher;
    }

    ServerMetrics.ModelCounters counters() {
        return counters;
    }

    /** Loads the file again if it was replaced since it was last looked at. Called from one thread only. */
    void reloadIfChanged() {
        Object now;
        try {
            now = fingerprint(source.file());
        } catch (IOException e) {
            return;     // being replaced, or gone: the loaded version goes on serving
        }
        if (Objects.equals(now, seen)) {
            return;
        }
        seen = now;
        ModelVersion old = current;
        try {
            SavedModel saved = SavedModel.load(source.file());
            ModelVersion next = new ModelVersion(saved, old.number() + 1, Instant.now());
            if (next.width() != old.width() || next.outputs() != old.outputs()) {
                throw new IllegalArgumentException("it takes " + next.width() + " inputs and gives " + next.outputs()
                        + " outputs, the model serving takes " + old.width() + " and gives " + old.outputs()
                        + " (serve a different signature under a new name)");
            }
            probe(next);
            current = next;
            counters.version(next.number());
            counters.reload(true);
            log.event("model_reloaded", source.name(), next.number(), source.file(), null);
        } catch (IOException | RuntimeException e) {
            counters.reload(false);
            log.event("model_refused", source.name(), old.number(), source.file(), "the replaced file does not serve: "
                    + e.getMessage() + "; version " + old.number() + " goes on serving");
        }
    }

    /** One sample of zeros through the model: its outputs must be finite. */
    private static void probe(ModelVersion version) {
        version.predict(new float[version.width()], 1);
    }

    private static Object fingerprint(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return java.util.List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey()));
    }

    @Override
    public void close() throws InterruptedException {
        batcher.close();
    }
}
