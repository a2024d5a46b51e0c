package org.nn4j.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nn4j.config.Json;
import org.nn4j.config.RunConfig;
import org.nn4j.io.ModelFileException.Problem;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.OptimizerState;
import org.nn4j.tensor.Tensor;
import org.nn4j.training.TrainingListener;
import org.nn4j.training.TrainingState;

/**
 * A training run saved at the end of an epoch, to resume after a crash: the model file (weights, scaler, training
 * settings, history) plus the optimiser's state vectors as tensors {@code optimizer.<slot>} and, in metadata
 * {@code checkpoint}, the epoch, the optimiser's step count and learning rate, and the run configuration
 * ({@link RunConfig}) that {@code nn train --resume} continues with.
 * It is an ordinary {@code .nn} file, so {@code nn evaluate} reads it as a model; {@link #saver} writes one
 * atomically after every epoch, replacing the last, so a kill at any moment leaves the last complete epoch.
 *
 * <p>No random-generator state is stored: the trainer derives each epoch's randomness from the seed (in the
 * training settings) and the epoch number.
 *
 * <p>Checkpoints written before run configurations recorded the command line instead; they still load, with no run
 * configuration and that command in {@link #recordedCommand}, so that the CLI can say how to start the run again.
 *
 * @param run             the run's configuration, to resume it with (null when the run was not started from one)
 * @param recordedCommand in a checkpoint of the older format only: the command line that started the run (else empty)
 */
public record Checkpoint(SavedModel saved, TrainingState state, RunConfig run, List<String> recordedCommand) {
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
        recordedCommand = recordedCommand == null ? List.of() : List.copyOf(recordedCommand);
    }

    /** A checkpoint of the current format: the model, the state and the run configuration (may be null). */
    public Checkpoint(SavedModel saved, TrainingState state, RunConfig run) {
        this(saved, state, run, List.of());
    }

    /**
     * What the metadata entry {@code checkpoint} holds, beside the model's own; {@code command} is read from
     * checkpoints of the older format only.
     */
    private record Info(int epoch, String optimizer, long iterations, double learningRate, RunConfig run,
                        List<String> command) {
    }

    /**
     * The checkpoint file in {@code dir}.
     *
     * @param dir a checkpoint directory
     * @return {@code dir/checkpoint.nn}
     */
    public static Path file(Path dir) {
        return dir.resolve(FILE_NAME);
    }

    /**
     * Writes {@code dir/checkpoint.nn} atomically, creating {@code dir}.
     *
     * @param dir the checkpoint directory
     * @throws IOException if the file cannot be written
     */
    public void save(Path dir) throws IOException {
        OptimizerState o = state.optimizer();
        Info info = new Info(state.epoch(), o.kind(), o.iterations(), o.learningRate(), run, null);
        Map<String, Tensor> slots = new LinkedHashMap<>();
        o.slots().forEach((name, t) -> slots.put(SLOT_PREFIX + name, t));
        ModelFile.write(file(dir), saved, Map.of("checkpoint", Json.toJson(info)), slots);
    }

    /**
     * Reads the checkpoint in {@code dir} (or the checkpoint file itself), verifying it as a model file.
     *
     * @param dirOrFile a checkpoint directory or file
     * @return the model, its training state and the command that started the run
     * @throws IOException naming the path when there is no checkpoint or it is damaged
     */
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
            return new Checkpoint(saved, state, info.run(), info.run() == null ? info.command() : List.of());
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, Problem.NOT_A_MODEL, "invalid checkpoint: " + e.getMessage(), e);
        }
    }

    /**
     * A listener that saves a checkpoint of {@code run}'s model to {@code dir} after every epoch. {@code run} gives
     * everything but the history, which comes from the trainer; its model must be the one being trained.
     * {@code config} is the run configuration to resume with (may be null).
     */
    public static TrainingListener saver(Path dir, SavedModel run, RunConfig config) {
        return new TrainingListener() {
            @Override
            public void onEpochState(TrainingState state) {
                SavedModel now = run.withHistory(state.history());
                try {
                    new Checkpoint(now, state, config).save(dir);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write the checkpoint in " + dir + ": "
                            + e.getMessage(), e);
                }
            }
        };
    }
}
