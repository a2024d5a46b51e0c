package org.nn4j.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nn4j.activations.Activation;
import org.nn4j.data.Dataset;
import org.nn4j.data.FashionMnist;
import org.nn4j.data.FittedScaler;
import org.nn4j.data.Scaling;
import org.nn4j.io.Checkpoint;
import org.nn4j.io.SavedModel;
import org.nn4j.io.TorchWeights;
import org.nn4j.io.onnx.OnnxExporter;
import org.nn4j.layers.Dense;
import org.nn4j.losses.Loss;
import org.nn4j.models.Sequential;
import org.nn4j.tensor.DType;
import org.nn4j.training.History;
import org.nn4j.training.Trainer;
import org.nn4j.training.TrainingConfig;

/** Model files with their scaling and history, checkpoints and resuming, ONNX export, PyTorch weights. */
public final class ModelFiles {
    private ModelFiles() {
    }

    /**
     * Runs the example in the working directory, where it writes run1/, m.nn, m.onnx and w.safetensors.
     *
     * @param args none
     * @throws IOException if the data cannot be read or a file written
     */
    public static void main(String[] args) throws IOException {
        // tag::files[]
        Dataset raw = FashionMnist.load("train", System.out::println);
        FittedScaler scaler = Scaling.fit("standard", raw);   // fitted on training data, stored with the model
        Dataset train = scaler.transform(raw);
        Sequential model = new Sequential(784, Loss.CATEGORICAL_CROSSENTROPY,
                new Dense(64, Activation.RELU), new Dense(10, Activation.SOFTMAX));
        TrainingConfig config = TrainingConfig.builder().epochs(3).seed(1).build();
        SavedModel run = new SavedModel(model, config, scaler, FashionMnist.CLASS_NAMES, null, List.of());
        History history = new Trainer(config)                 // a checkpoint after every epoch
                .addListener(Checkpoint.saver(Path.of("run1"), run, null))
                .fit(model, train);

        SavedModel saved = new SavedModel(model, config, scaler, FashionMnist.CLASS_NAMES, null, history.epochs())
                .withMetrics(Map.of("train_accuracy", history.last().get("accuracy")));
        saved.save(Path.of("m.nn"));                          // atomic, checksummed
        SavedModel back = SavedModel.load(Path.of("m.nn"));   // ModelFileException names the file and the problem
        System.out.println(back);

        Checkpoint c = Checkpoint.load(Path.of("run1"));      // after a crash: on from the last finished epoch
        new Trainer(c.saved().training()).resume(c.saved().model(), train, c.state());

        OnnxExporter.export(saved, Path.of("m.onnx"));        // scaling included
        TorchWeights.save(model, Path.of("w.safetensors"));   // a PyTorch nn.Sequential state dict
        Sequential fromTorch = TorchWeights.load(Path.of("w.safetensors"), "784-64r-10s", DType.F32);
        System.out.println(fromTorch);
        // end::files[]
    }
}
