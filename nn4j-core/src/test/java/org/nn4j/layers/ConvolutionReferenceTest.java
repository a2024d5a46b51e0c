package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nn4j.activations.Activation;
import org.nn4j.losses.Loss;
import org.nn4j.models.Sequential;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Shape;
import org.nn4j.tensor.Tensor;

/**
 * A small convolutional network against PyTorch 1.13: conv 3×3 (padding 1) → BatchNorm2d → ReLU → max-pool 2 →
 * conv 2×2 → tanh → flatten → linear → softmax, in float64. The expected numbers were printed by
 * {@code src/test/resources/torch/make_conv_reference.py} (run once with /usr/bin/python3 and Debian's
 * python3-torch); every weight and input is a formula both sides evaluate, so only the results are copied here.
 */
class ConvolutionReferenceTest {
    private static final double[] EVAL_PROBABILITIES = {0.011594214115635347, 0.09667945091598303,
        0.8917263349683815, 0.0074686340885254865, 0.07660137346735268, 0.9159299924441218};
    private static final double TRAINING_LOSS = 2.0049239243638404;
    private static final double[] CONV1_WEIGHT_GRADIENT = {0.16240553937628238, -0.09582285725939521,
        0.012349807603288299, -0.3452601476582443, -0.1534561245789453, -0.172387244685568, 0.2863306884743537,
        0.32659722495810295, 0.24735263255077583, -0.0746613120281136, 0.07660817940247852, -0.020509054969418405,
        0.15801168332477064, 0.10274785426174327, 0.11564010953321543, -0.15697215667319458, -0.22182424289092134,
        -0.12780253904959105, 0.03931733326231722, -0.04669600727318106, 0.029652880225735784, -0.06808824259129365,
        -0.04706552280655009, -0.062361198380534666, 0.07961559136815646, 0.11316089212378189, 0.029007933113535764};
    private static final double[] DENSE_BIAS_GRADIENT = {-0.47419110918676144, 0.12805278846992604,
        0.3461383207168354};
    private static final double[] RUNNING_MEAN_AFTER = {-0.37830819890735157, -0.21890718708679976,
        0.04698973028246146};

    /** 0.5·sin(0.7·i + seed) for the i-th value, plus {@code base}: the script's {@code formula}. */
    private static void fill(Parameter p, int seed, double base) {
        for (int i = 0; i < p.size(); i++) {
            p.value().setFlat(i, base + 0.5 * Math.sin(0.7 * i + seed));
        }
    }

    @Test
    void aSmallConvolutionalNetworkComputesWhatPyTorchComputes() {
        Sequential model = new Sequential(Shape.image(1, 6, 6), Loss.CATEGORICAL_CROSSENTROPY, DType.F64, List.of(
                new Conv2D(3, 3, 1, Padding.of(1)), new BatchNorm(), new ActivationLayer(Activation.RELU),
                new MaxPool2D(2), new Conv2D(4, 2), new ActivationLayer(Activation.TANH), new Flatten(),
                new Dense(3, Activation.SOFTMAX)));
        List<Parameter> ps = model.parameterList();
        int[] seeds = {1, 2, 3, 4, 7, 8, 9, 10};
        for (int i = 0; i < ps.size(); i++) {
            fill(ps.get(i), seeds[i], ps.get(i).name().equals("gamma") ? 1 : 0);
        }
        List<Parameter> running = model.layers().get(1).state();
        fill(running.get(0), 5, 0);
        fill(running.get(1), 6, 1);
        model.markInitialized();
        Tensor x = Tensor.zeros(DType.F64, 36, 2);  // PyTorch's x is sample-major (2, 1, 6, 6)
        for (int i = 0; i < 72; i++) {
            x.set(i % 36, i / 36, Math.sin(0.37 * i) + 0.1 * Math.cos(1.9 * i));
        }
        Tensor probabilities = model.forward(x, false);
        for (int i = 0; i < 6; i++) {
            assertEquals(EVAL_PROBABILITIES[i], probabilities.get(i % 3, i / 3), 1e-12, "probability " + i);
        }
        Tensor y = Tensor.of(DType.F64, 3, 2, 0, 1, 0, 0, 1, 0);  // labels 2 and 0, one-hot in columns
        assertEquals(TRAINING_LOSS, model.computeGradients(x, y), 1e-12);
        for (int i = 0; i < CONV1_WEIGHT_GRADIENT.length; i++) {
            assertEquals(CONV1_WEIGHT_GRADIENT[i], ps.get(0).grad().getFlat(i), 1e-12, "dW[1] " + i);
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(DENSE_BIAS_GRADIENT[i], ps.get(ps.size() - 1).grad().getFlat(i), 1e-12, "db " + i);
            assertEquals(RUNNING_MEAN_AFTER[i], running.get(0).value().getFlat(i), 1e-12, "running mean " + i);
        }
    }
}
