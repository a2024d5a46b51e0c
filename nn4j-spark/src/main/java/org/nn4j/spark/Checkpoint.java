package org.nn4j.spark;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nn4j.config.Json;
import org.nn4j.io.Safetensors;
import org.nn4j.io.SafetensorsFile;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.Optimizer;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;
import org.nn4j.training.EpochLog;
import org.nn4j.training.TrainingConfig;

/**
 * The state of a run at the end of an epoch, in {@code <dir>/checkpoint.safetensors}: the parameters, the
 * optimiser's state vectors and step count, the epochs done and their history, and the architecture and settings
 * they belong to. A driver that is restarted with the same settings continues from there exactly, since the
 * batch order is replayed from the seed. Written to a temporary file and renamed, so a crash mid-write leaves the
 * previous checkpoint intact.
 */
final class Checkpoint {
    static final String FILE = "checkpoint.safetensors";

    private Checkpoint() {
    }

    static void save(Path dir, Sequential model, Optimizer optimizer, TrainingConfig training, List<EpochLog> history)
            throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "nn4j-spark-checkpoint");
        meta.put("model", Json.toJson(model.config()));
        meta.put("training", Json.toJson(training));
        meta.put("iterations", Long.toString(optimizer.iterations()));
        meta.put("history", Json.toJson(history));
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("parameters", model.parameters());
        List<Tensor> state = optimizer.state(model.parameters());
        for (int i = 0; i < state.size(); i++) {
            tensors.put("optimizer." + i, state.get(i));
        }
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + FILE, ".tmp");
        try {
            Safetensors.write(tmp, meta, tensors, Map.of());
            try {
                Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Restores the checkpoint in {@code dir}, if there is one, into {@code model} and {@code optimizer} and returns
     * the history of the epochs it had done (empty without a checkpoint). A checkpoint of another architecture or
     * other settings (seed, batch size, optimiser, shuffling) is refused: continuing it would not be that run.
     */
    static List<EpochLog> restore(Path dir, Sequential model, Optimizer optimizer, TrainingConfig training)
            throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return List.of();
        }
        SafetensorsFile st = Safetensors.read(file);
        Map<String, String> meta = st.metadata();
        if (!"nn4j-spark-checkpoint".equals(meta.get("format"))) {
            throw new IOException(file + ": not an nn4j-spark checkpoint");
        }
        if (!Json.toJson(model.config()).equals(meta.get("model"))) {
            throw new IOException(file + ": the checkpoint is of another model: " + meta.get("model"));
        }
        TrainingConfig saved = Json.fromJson(meta.get("training"), TrainingConfig.class);
        if (saved.seed() != training.seed() || saved.batchSize() != training.batchSize()
                || saved.shuffle() != training.shuffle() || !saved.optimizer().equals(training.optimizer())) {
            throw new IOException(file + ": the checkpoint was trained with other settings ("
                    + Json.toJson(saved) + "); resume with the same seed, batch size, optimizer and shuffling");
        }
        Ops.copy(st.tensor("parameters", model.dtype()), model.parameters());
        model.markInitialized();
        List<Tensor> state = optimizer.state(model.parameters());
        for (int i = 0; i < state.size(); i++) {
            Ops.copy(st.tensor("optimizer." + i, model.dtype()), state.get(i));
        }
        optimizer.setIterations(Long.parseLong(meta.get("iterations")));
        return new ArrayList<>(List.of(Json.fromJson(meta.get("history"), EpochLog[].class)));
    }
}
