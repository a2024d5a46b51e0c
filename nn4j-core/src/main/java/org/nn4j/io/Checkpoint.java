package org.nn4j.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nn4j.config.Json;
import org.nn4j.io.ModelFileException.Problem;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.OptimizerState;
import org.nn4j.tensor.Tensor;
import org.nn4j.training.TrainingListener;
import org.nn4j.training.TrainingState;

/**
 * A training run saved at the end of an epoch, to resume after a crash: the model file (weights, scaler, training
 * settings, history) plus the optimiser's state vectors as tensors {@code optimizer.<slot>} and, in metadata
 * {@code checkpoint}, the epoch, the optimiser's step count and learning rate, and the command that started the run.
 * It is an ordinary {@code .nn} file, so {@code nn evaluate} reads it as a model; {@link #saver} writes one
 * atomically after every epoch, replacing the last, so a kill at any moment leaves the last complete epoch.
 *
 * <p>No random-generator state is stored: the trainer derives each epoch's randomness from the seed (in the
 * training settings) and the epoch number.
 *
 * @param command the arguments that started the run, for the command line to resume it (may be empty)
 * @param workingDirectory the directory that command ran in, against which its relative paths resolve (may be null)
 */
public record Checkpoint(SavedModel saved, TrainingState state, List<String> command, Path workingDirectory) {
    /** The file name of a checkpoint inside its directory. */
    public static final String FILE_NAME = "checkpoint.nn";
    private static final String SLOT_PREFIX = "optimizer.";

    public Checkpoint {
        if (saved == null || state == null) {
            throw new IllegalArgumentException("a checkpoint needs a model and a training state");
        }
        if (saved.training() == null) {
            throw new IllegalArgumentException("a checkpoint needs the training settings, to resume with them");
        }
        command = List.copyOf(command);
    }

    /** What the metadata entry {@code checkpoint} holds, beside the model's own. */
    private record Info(int epoch, String optimizer, long iterations, double learningRate, List<String> command,
                        String workingDirectory) {
    }

    /** The checkpoint file in {@code dir}. */
    public static Path file(Path dir) {
        return dir.resolve(FILE_NAME);
    }

    /** Writes {@code dir/checkpoint.nn} atomically, creating {@code dir}. */
    public void save(Path dir) throws IOException {
        OptimizerState o = state.optimizer();
        Info info = new Info(state.epoch(), o.kind(), o.iterations(), o.learningRate(), command,
                workingDirectory == null ? null : workingDirectory.toString());
        Map<String, Tensor> slots = new LinkedHashMap<>();
        o.slots().forEach((name, t) -> slots.put(SLOT_PREFIX + name, t));
        ModelFile.write(file(dir), saved, Map.of("checkpoint", Json.toJson(info)), slots);
    }

    /** Reads the checkpoint in {@code dir} (or the checkpoint file itself), verifying it as a model file. */
    public static Checkpoint load(Path dirOrFile) throws IOException {
        Path file = Files.isDirectory(dirOrFile) ? file(dirOrFile) : dirOrFile;
        if (!Files.exists(file)) {
            throw new IOException(file + ": no checkpoint here (nn train --checkpoint-dir writes one after each epoch)");
        }
        SafetensorsFile st = ModelFile.open(file);
        SavedModel saved = ModelFile.decode(file, st);
        String json = st.metadata().get("checkpoint");
        if (json == null) {
            throw new ModelFileException(file, Problem.NOT_A_MODEL, "a model file but not a checkpoint: its metadata "
                    + "has no \"checkpoint\" entry");
        }
        try {
            Info info = Json.fromJson(json, Info.class);
            Sequential model = saved.model();
            Map<String, Tensor> slots = new LinkedHashMap<>();
            for (String name : st.tensors().keySet()) {
                if (name.startsWith(SLOT_PREFIX)) {
                    slots.put(name.substring(SLOT_PREFIX.length()),
                            ModelFile.tensor(file, st, name, model.parameters()));
                }
            }
            TrainingState state = new TrainingState(info.epoch(),
                    new OptimizerState(info.optimizer(), info.iterations(), info.learningRate(), slots),
                    saved.history());
            return new Checkpoint(saved, state, info.command() == null ? List.of() : info.command(),
                    info.workingDirectory() == null ? null : Path.of(info.workingDirectory()));
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, Problem.NOT_A_MODEL, "invalid checkpoint: " + e.getMessage(), e);
        }
    }

    /**
     * A listener that saves a checkpoint of {@code run}'s model to {@code dir} after every epoch. {@code run} gives
     * everything but the history, which comes from the trainer; its model must be the one being trained.
     */
    public static TrainingListener saver(Path dir, SavedModel run, List<String> command, Path workingDirectory) {
        return new TrainingListener() {
            @Override
            public void onEpochState(TrainingState state) {
                SavedModel now = run.withHistory(state.history());
                try {
                    new Checkpoint(now, state, command, workingDirectory).save(dir);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write the checkpoint in " + dir + ": "
                            + e.getMessage(), e);
                }
            }
        };
    }
}
