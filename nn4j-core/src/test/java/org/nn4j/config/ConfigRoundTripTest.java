package org.nn4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nn4j.activations.Activation;
import org.nn4j.initializers.Initializer;
import org.nn4j.layers.BatchNorm;
import org.nn4j.layers.Dense;
import org.nn4j.layers.Dropout;
import org.nn4j.losses.Loss;
import org.nn4j.models.ModelConfig;
import org.nn4j.models.Sequential;
import org.nn4j.optimizers.Adam;
import org.nn4j.optimizers.AdamW;
import org.nn4j.optimizers.GradientClipping;
import org.nn4j.optimizers.OptimizerConfig;
import org.nn4j.optimizers.Sgd;
import org.nn4j.optimizers.schedules.CosineDecay;
import org.nn4j.optimizers.schedules.ExponentialDecay;
import org.nn4j.optimizers.schedules.ReduceOnPlateau;
import org.nn4j.optimizers.schedules.ScheduleConfig;
import org.nn4j.optimizers.schedules.StepDecay;
import org.nn4j.regularizers.Regularizer;
import org.nn4j.tensor.DType;
import org.nn4j.training.EarlyStopping;
import org.nn4j.training.TrainingConfig;

class ConfigRoundTripTest {
    @Test
    void modelConfigRoundTripsThroughJson() {
        Sequential model = new Sequential(784, Loss.CATEGORICAL_CROSSENTROPY,
                new Dense(256, Activation.RELU), new Dense(64, Activation.leakyRelu(0.2)),
                new Dense(10, Activation.SOFTMAX));
        ModelConfig config = model.config();
        String json = Json.toJson(config);
        assertTrue(json.contains("\"type\":\"dense\""), json);
        ModelConfig back = Json.fromJson(json, ModelConfig.class);
        assertEquals(config, back);
        Sequential rebuilt = Sequential.fromConfig(back, DType.F64);
        assertEquals(model.parameterCount(), rebuilt.parameterCount());
        assertEquals(784 * 256 + 256 + 256 * 64 + 64 + 64 * 10 + 10, rebuilt.parameterCount());
    }

    @Test
    void trainingConfigRoundTripsThroughJson() {
        TrainingConfig config = TrainingConfig.builder().epochs(3).batchSize(64)
                .optimizer(new Sgd.Config(0.1, 0.9)).seed(12).validationSplit(0.1).build();
        assertEquals(config, Json.fromJson(Json.toJson(config), TrainingConfig.class));
        TrainingConfig adam = TrainingConfig.builder().build();
        assertEquals(adam, Json.fromJson(Json.toJson(adam), TrainingConfig.class));
    }

    @Test
    void trainingCraftRoundTripsThroughJson() {
        Sequential model = new Sequential(784, Loss.CATEGORICAL_CROSSENTROPY,
                new Dense(256, Activation.RELU, Initializer.HE_NORMAL, new Regularizer(1e-5, 1e-4), 3),
                new BatchNorm(), new Dropout(0.2), new Dense(10, Activation.SOFTMAX));
        ModelConfig config = model.config();
        String json = Json.toJson(config);
        assertTrue(json.contains("\"type\":\"batch_norm\"") && json.contains("\"type\":\"dropout\""), json);
        assertEquals(config, Json.fromJson(json, ModelConfig.class));
        for (OptimizerConfig opt : List.of(OptimizerConfig.named("nesterov", 0.1), OptimizerConfig.named("rmsprop", 1e-3),
                OptimizerConfig.named("adagrad", 0.01), new AdamW.Config(Adam.Config.defaults(2e-3), 0.05))) {
            for (ScheduleConfig schedule : List.of(new StepDecay(5, 0.5), new ExponentialDecay(0.9),
                    new CosineDecay(2, 1e-5), ReduceOnPlateau.Config.defaults())) {
                TrainingConfig t = TrainingConfig.builder().optimizer(opt).schedule(schedule)
                        .clipping(new GradientClipping(1, 0.5))
                        .earlyStopping(new EarlyStopping.Config("val_accuracy", 4, 1e-3, true))
                        .classWeights(List.of(1.0, 2.5)).build();
                assertEquals(t, Json.fromJson(Json.toJson(t), TrainingConfig.class));
            }
        }
    }

    @Test
    void aTrainingConfigWrittenBeforeTheCraftFieldsStillReads() {
        TrainingConfig old = Json.fromJson("{\"epochs\":3,\"batchSize\":64,\"optimizer\":{\"type\":\"sgd\","
                + "\"learningRate\":0.1,\"momentum\":0.9},\"seed\":12,\"shuffle\":true,\"validationSplit\":0.1}",
                TrainingConfig.class);
        assertEquals(TrainingConfig.builder().epochs(3).batchSize(64).optimizer(new Sgd.Config(0.1, 0.9)).seed(12)
                .validationSplit(0.1).build(), old);
    }

    @Test
    void invalidJsonNamesTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.fromJson(
                "{\"inputSize\":4,\"layers\":[{\"type\":\"conv\",\"units\":3}],\"loss\":\"mse\"}", ModelConfig.class));
        assertTrue(e.getMessage().contains("conv"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Json.fromJson(
                "{\"inputSize\":4,\"layers\":[{\"type\":\"dense\",\"units\":0,\"activation\":\"relu\"}],\"loss\":\"mse\"}",
                ModelConfig.class));
        assertTrue(bad.getMessage().contains("at least one unit"), bad.getMessage());
    }
}
