// Makes before-layers.nn and before-layers_expected.txt for ModelFileTest: a model file written by nn4j as it was
// before the layer model (commit 72f7a8d, whose Dense held its activation and whose batch norm was per feature only).
// Run once against that commit's classes, e.g.
//   git archive 72f7a8d | tar -x -C /tmp/old && (cd /tmp/old && mvn -o -q -pl nn4j-core -am compile)
//   java -cp /tmp/old/nn4j-core/target/classes:$HOME/.m2/repository/com/google/code/gson/gson/2.11.0/gson-2.11.0.jar \
//        MakeBeforeLayers.java
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nn4j.activations.Activation;
import org.nn4j.data.Dataset;
import org.nn4j.data.FittedScaler;
import org.nn4j.data.Scaling;
import org.nn4j.io.ModelFile;
import org.nn4j.io.SavedModel;
import org.nn4j.layers.BatchNorm;
import org.nn4j.layers.Dense;
import org.nn4j.layers.Dropout;
import org.nn4j.losses.Loss;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.Adam;
import org.nn4j.tensor.DType;
import org.nn4j.training.History;
import org.nn4j.training.Trainer;
import org.nn4j.training.TrainingConfig;

public class MakeBeforeLayers {
    public static void main(String[] args) throws Exception {
        int n = 60;
        int d = 4;
        float[] x = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (float) (3 + Math.sin(1.3 * i + 0.7 * j) + (j == y[i] ? 1.5 : 0));
            }
        }
        Dataset data = Dataset.classification(x, d, y, List.of("a", "b", "c"));
        FittedScaler scaler = Scaling.standard(data);
        Sequential model = new Sequential(d, Loss.CATEGORICAL_CROSSENTROPY, DType.F32, List.of(
                new Dense(8, Activation.RELU), new BatchNorm(), new Dropout(0.1), new Dense(5, Activation.TANH),
                new Dense(3, Activation.SOFTMAX)));
        TrainingConfig config = TrainingConfig.builder().epochs(3).batchSize(16).optimizer(new Adam.Config(0.01, 0.9, 0.999, 1e-8))
                .seed(7).build();
        History history = new Trainer(config).fit(model, data.withFeatures(scaler.transform(x, d), d));
        ModelFile.save(Path.of("before-layers.nn"),
                new SavedModel(model, config, scaler, data.classNames(), null, history.epochs()));
        float[] p = model.predict(java.util.Arrays.copyOf(scaler.transform(x, d), 5 * d), 5);
        List<String> lines = new ArrayList<>();
        lines.add("# the first 5 samples' raw features (4 each), then the model's probabilities (3 each)");
        for (int i = 0; i < 5; i++) {
            StringBuilder row = new StringBuilder();
            for (int j = 0; j < d; j++) {
                row.append(j == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.9g", x[i * d + j]));
            }
            lines.add(row.toString());
        }
        for (int i = 0; i < 5; i++) {
            lines.add(String.format(Locale.ROOT, "%.9g %.9g %.9g", p[i * 3], p[i * 3 + 1], p[i * 3 + 2]));
        }
        Files.write(Path.of("before-layers_expected.txt"), lines);
    }
}
