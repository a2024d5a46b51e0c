package org.nn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nn4j.activations.Activation;
import org.nn4j.config.RunConfig;
import org.nn4j.data.Dataset;
import org.nn4j.data.Scaling;
import org.nn4j.layers.Dense;
import org.nn4j.losses.Loss;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.Sgd;
import org.nn4j.training.EpochLog;
import org.nn4j.training.History;
import org.nn4j.training.Trainer;
import org.nn4j.training.TrainingConfig;
import org.nn4j.training.TrainingListener;
import org.nn4j.training.TrainingState;

class CheckpointTest {
    @TempDir
    Path dir;

    private static final TrainingConfig CONFIG = TrainingConfig.builder().epochs(5).batchSize(16)
            .optimizer(new Sgd.Config(0.05, 0.9)).validationSplit(0.25).seed(8).build();

    private static Dataset data() {
        SplittableRandom rng = new SplittableRandom(3);
        float[] x = new float[2 * 200];
        int[] y = new int[200];
        for (int i = 0; i < 200; i++) {
            y[i] = i % 2;
            x[2 * i] = (float) (y[i] + 0.8 * rng.nextGaussian());
            x[2 * i + 1] = (float) (-y[i] + 0.8 * rng.nextGaussian());
        }
        return Dataset.classification(x, 2, y, List.of("left", "right"));
    }

    private static Sequential model() {
        return new Sequential(2, Loss.BINARY_CROSSENTROPY, new Dense(8, Activation.TANH),
                new Dense(1, Activation.SIGMOID));
    }

    private SavedModel run(Sequential model) {
        return new SavedModel(model, CONFIG, Scaling.none(2), List.of("left", "right"), null, List.of());
    }

    /** A run that crashes after epoch 2 leaves a checkpoint from which the rest ends as an uninterrupted run. */
    @Test
    void resumingFromTheCheckpointOfACrashedRunEndsWithTheUninterruptedWeights() throws IOException {
        Sequential straight = model();
        History full = new Trainer(CONFIG).fit(straight, data());

        Sequential crashed = model();
        RunConfig config = new RunConfig(new RunConfig.Data("points.csv", null, "label", List.of(), false, "none",
                false), new RunConfig.Model(List.of("8"), "tanh", "auto", "float32", false, 0, 0, 0, 0), CONFIG, null,
                new RunConfig.Files("m.nn", "run", null, dir.toString()));
        Trainer trainer = new Trainer(CONFIG).addListener(Checkpoint.saver(dir, run(crashed), config))
                .addListener(new TrainingListener() {
                    @Override
                    public void onEpochState(TrainingState state) {
                        if (state.epoch() == 2) {
                            throw new IllegalStateException("simulated crash");
                        }
                    }
                });
        assertThrows(IllegalStateException.class, () -> trainer.fit(crashed, data()));

        Checkpoint c = Checkpoint.load(dir);
        assertEquals(2, c.state().epoch());
        assertEquals(2 * 10, c.state().optimizer().iterations(), "150 samples in batches of 16: 10 steps an epoch");
        assertEquals(List.of("velocity"), List.copyOf(c.state().optimizer().slots().keySet()));
        assertEquals(config, c.run(), "the run configuration round-trips");
        assertEquals(List.of(), c.recordedCommand());
        Sequential resumed = c.saved().model();
        History rest = new Trainer(c.saved().training()).resume(resumed, data(), c.state());
        assertArrayEquals(straight.parameters().toFloatArray(), resumed.parameters().toFloatArray(), 0f);
        assertArrayEquals(full.metric("val_loss"), rest.metric("val_loss"), 0);
    }

    @Test
    void aCheckpointIsAlsoAModelFile() throws IOException {
        Sequential model = model();
        new Trainer(CONFIG).addListener(Checkpoint.saver(dir, run(model), null)).fit(model, data());
        SavedModel asModel = ModelFile.load(Checkpoint.file(dir));
        assertArrayEquals(model.parameters().toFloatArray(), asModel.model().parameters().toFloatArray(), 0f);
        assertEquals(5, asModel.history().size());
    }

    @Test
    void aPlainModelFileIsNotACheckpoint() throws IOException {
        Sequential model = model().initialize(1);
        run(model).save(Checkpoint.file(dir));
        ModelFileException e = assertThrows(ModelFileException.class, () -> Checkpoint.load(dir));
        assertTrue(e.getMessage().contains("a model file but not a checkpoint"), e.getMessage());
        IOException none = assertThrows(IOException.class, () -> Checkpoint.load(dir.resolve("empty")));
        assertTrue(none.getMessage().contains("no checkpoint here"), none.getMessage());
    }

    /**
     * A checkpoint of the format before run configurations (its metadata records the command line and its
     * directory, as nn4j wrote it then) still loads: the model and state as they were, no run configuration, and
     * the recorded command, for the message that says how to start it again.
     */
    @Test
    void aCheckpointOfTheOlderFormatLoadsWithItsRecordedCommand() throws IOException {
        Sequential model = model().initialize(2);
        String before = "{\"epoch\":1,\"optimizer\":\"SGD\",\"iterations\":10,\"learningRate\":0.05,"
                + "\"command\":[\"--data\",\"points.csv\",\"--checkpoint-dir\",\"run\"],\"workingDirectory\":\"/tmp\"}";
        java.nio.file.Files.createDirectories(dir);
        SavedModel saved = new SavedModel(model, CONFIG, Scaling.none(2), List.of("left", "right"), null,
                List.of(new EpochLog(1, Map.of("loss", 0.5))));
        ModelFile.write(Checkpoint.file(dir), saved, Map.of("checkpoint", before), Map.of());
        Checkpoint c = Checkpoint.load(dir);
        assertEquals(1, c.state().epoch());
        assertEquals(null, c.run());
        assertEquals(List.of("--data", "points.csv", "--checkpoint-dir", "run"), c.recordedCommand());
        assertArrayEquals(model.parameters().toFloatArray(), c.saved().model().parameters().toFloatArray(), 0f);
    }
}
