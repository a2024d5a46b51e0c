package org.nn4j.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.nn4j.activations.Activation;
import org.nn4j.layers.Dense;
import org.nn4j.losses.Loss;
import org.nn4j.models.Sequential;

/**
 * A child process for {@link AtomicSaveTest}: saves a 16-MB model to the file named by its argument over and over,
 * each time with weights drawn from a new seed (recorded in the metrics), printing "saved SEED" after each save.
 */
public final class SaveLoop {
    private SaveLoop() {
    }

    static Sequential model(long seed) {
        return new Sequential(2000, Loss.CATEGORICAL_CROSSENTROPY, new Dense(2000, Activation.SOFTMAX))
                .initialize(seed);
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        for (long seed = 1; ; seed++) {
            SavedModel.of(model(seed)).withMetrics(Map.of("seed", (double) seed)).save(file);
            System.out.println("saved " + seed);
        }
    }
}
