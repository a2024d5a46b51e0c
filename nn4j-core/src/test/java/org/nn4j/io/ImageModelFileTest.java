package org.nn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nn4j.activations.Activation;
import org.nn4j.data.Dataset;
import org.nn4j.data.FittedScaler;
import org.nn4j.data.Scaling;
import org.nn4j.initializers.Initializer;
import org.nn4j.layers.ActivationLayer;
import org.nn4j.layers.AvgPool2D;
import org.nn4j.layers.BatchNorm;
import org.nn4j.layers.Conv2D;
import org.nn4j.layers.Dense;
import org.nn4j.layers.Dropout;
import org.nn4j.layers.Flatten;
import org.nn4j.layers.GlobalAveragePooling2D;
import org.nn4j.layers.Layer;
import org.nn4j.layers.MaxPool2D;
import org.nn4j.layers.Padding;
import org.nn4j.losses.Loss;
import org.nn4j.models.Sequential;
import org.nn4j.regularizers.Regularizer;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Shape;
import org.nn4j.training.History;
import org.nn4j.training.Trainer;
import org.nn4j.training.TrainingConfig;

/** Model files hold every layer of the image models, and files written before those layers still load. */
class ImageModelFileTest {
    private static final Shape IMAGE = Shape.image(2, 8, 8);

    @TempDir
    Path dir;

    /** 48 images of two channels, three classes told apart by where the bright pixels are. */
    private static Dataset images() {
        int n = 48;
        float[] x = new float[n * IMAGE.size()];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int j = 0; j < IMAGE.size(); j++) {
                x[i * IMAGE.size() + j] = (float) (Math.sin(0.37 * i + 1.1 * j) + (j % 8 / 3 == y[i] ? 1 : 0));
            }
        }
        return Dataset.classification(x, IMAGE.size(), y, List.of("left", "middle", "right")).withShape(IMAGE);
    }

    /** Every image layer and setting, trained for two epochs so batch norm's running statistics have moved. */
    private static List<List<Layer>> networks() {
        return List.of(
                List.of(new Conv2D(3, 3, 3, 1, 1, Padding.SAME, false, Initializer.GLOROT_UNIFORM,
                                new Regularizer(1e-4, 1e-3), 2.5),
                        new BatchNorm(0.2, 1e-4), new ActivationLayer(Activation.RELU), new MaxPool2D(3, 2,
                                Padding.of(1)), new Conv2D(4, 2, 2, 1, 2, new Padding("explicit", 1, 0), true,
                                Initializer.HE_NORMAL, Regularizer.NONE, 0), new Dropout(0.25),
                        new AvgPool2D(2, 1, Padding.VALID), new Flatten(), new Dense(3, Activation.SOFTMAX)),
                List.of(new Conv2D(4, 3), new ActivationLayer(Activation.leakyRelu(0.1)), new BatchNorm(),
                        new GlobalAveragePooling2D(), new Dense(5, Activation.TANH), new BatchNorm(),
                        new Dense(3, Activation.SOFTMAX)));
    }

    @Test
    void everyImageLayerRoundTripsThroughAModelFile() throws Exception {
        Dataset data = images();
        FittedScaler scaler = Scaling.fit("standard", data);
        Dataset scaled = scaler.transform(data);
        for (DType dtype : DType.values()) {
            for (List<Layer> layers : networks()) {
                Sequential model = new Sequential(IMAGE, Loss.CATEGORICAL_CROSSENTROPY, dtype, layers);
                TrainingConfig config = TrainingConfig.builder().epochs(2).batchSize(16).seed(3).build();
                History history = new Trainer(config).fit(model, scaled);
                Path file = dir.resolve("image-" + dtype + ".nn");
                ModelFile.save(file, new SavedModel(model, config, scaler, data.classNames(), null,
                        history.epochs()));
                SavedModel back = ModelFile.load(file);
                String what = dtype + " " + model.summary();
                assertEquals(model.config(), back.model().config(), what);
                assertEquals(IMAGE, back.model().inputShape(), what);
                assertEquals(dtype, back.model().dtype(), what);
                assertEquals(model.summary(), back.model().summary(), what);
                assertArrayEquals(model.parameters().toDoubleArray(), back.model().parameters().toDoubleArray(),
                        0, what);
                assertArrayEquals(model.state().toDoubleArray(), back.model().state().toDoubleArray(), 0, what);
                assertTrue(model.stateCount() > 0 && model.state().toDoubleArray()[0] != 0,
                        "running statistics that moved: " + what);
                float[] x = scaled.features();
                assertArrayEquals(model.predict(x, data.size()), back.model().predict(x, data.size()), 0f, what);
            }
        }
    }

    /**
     * {@code before-layers.nn} was written by nn4j before the layer model (commit 72f7a8d): dense layers holding
     * their activations, batch norm, dropout, input scaling and a training record. It loads into today's layers and
     * predicts what that nn4j predicted, and says where it came from. Made by {@code MakeBeforeLayers.java} beside it.
     */
    @Test
    void aModelFileWrittenBeforeTheLayerModelStillLoads() throws Exception {
        Path file = Path.of(getClass().getResource("/models/before-layers.nn").toURI());
        List<float[]> rows = Files.readAllLines(Path.of(getClass().getResource("/models/before-layers_expected.txt")
                .toURI())).stream().filter(l -> !l.startsWith("#")).map(l -> {
                    String[] parts = l.trim().split(" ");
                    float[] row = new float[parts.length];
                    for (int i = 0; i < parts.length; i++) {
                        row[i] = Float.parseFloat(parts[i]);
                    }
                    return row;
                }).toList();
        SavedModel old = ModelFile.load(file);
        assertEquals(2, old.origin().formatVersion());
        assertEquals(List.of("a", "b", "c"), old.classNames());
        assertEquals(3, old.history().size());
        assertEquals(5, old.model().layers().size());
        assertEquals(Shape.features(4), old.model().inputShape());
        float[] raw = new float[5 * 4];
        float[] expected = new float[5 * 3];
        for (int i = 0; i < 5; i++) {
            System.arraycopy(rows.get(i), 0, raw, 4 * i, 4);
            System.arraycopy(rows.get(5 + i), 0, expected, 3 * i, 3);
        }
        assertArrayEquals(expected, old.model().predict(old.scaler().transform(raw, 4), 5), 1e-6f);
    }
}
