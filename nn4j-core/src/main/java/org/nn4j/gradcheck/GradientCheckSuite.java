package org.nn4j.gradcheck;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nn4j.activations.Activation;
import org.nn4j.layers.Dense;
import org.nn4j.layers.Layer;
import org.nn4j.layers.Parameter;
import org.nn4j.losses.Loss;
import org.nn4j.models.Sequential;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;

/**
 * Gradient checks over every combination nn4j offers: each hidden activation (and none) × each output head
 * (sigmoid + binary cross-entropy with one and with several units, softmax + categorical cross-entropy, and
 * mean squared error after every activation it may follow), on random shapes, batches, weights and biases.
 */
public final class GradientCheckSuite {
    /** Hidden activations checked; softmax as a hidden layer exercises its full Jacobian. */
    public static final List<String> HIDDEN = List.of("sigmoid", "relu", "leaky_relu:0.1", "tanh", "softmax", "linear");

    private GradientCheckSuite() {
    }

    /** An output layer and its loss. */
    public record Head(String activation, String loss, boolean multiUnit) {
        @Override
        public String toString() {
            return activation + (multiUnit ? "" : "×1") + " + " + loss;
        }
    }

    public static final List<Head> HEADS = List.of(
            new Head("sigmoid", "binary_crossentropy", false),
            new Head("sigmoid", "binary_crossentropy", true),
            new Head("softmax", "categorical_crossentropy", true),
            new Head("linear", "mse", true),
            new Head("sigmoid", "mse", true),
            new Head("tanh", "mse", true),
            new Head("relu", "mse", true),
            new Head("leaky_relu:0.1", "mse", true));

    /** One checked case: its description and result. */
    public record Case(String description, String shape, GradientCheck.Result result) {
    }

    /**
     * Runs every combination {@code repeats} times with shapes and values drawn from {@code seed}; a hidden
     * activation of "none" means the output layer alone.
     */
    public static List<Case> run(long seed, int repeats) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Case> cases = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            for (Head head : HEADS) {
                cases.add(checkOne(null, head, rng.split()));
                for (String hidden : HIDDEN) {
                    cases.add(checkOne(hidden, head, rng.split()));
                }
            }
        }
        return cases;
    }

    /** One random network: up to two hidden layers of {@code hidden} before {@code head}. */
    public static Case checkOne(String hidden, Head head, SplittableRandom rng) {
        int inputs = 2 + rng.nextInt(4);
        int outputs = head.multiUnit() ? 2 + rng.nextInt(3) : 1;
        int m = 1 + rng.nextInt(4);
        List<Layer> layers = new ArrayList<>();
        StringBuilder shape = new StringBuilder().append(inputs);
        if (hidden != null) {
            for (int i = 0, n = 1 + rng.nextInt(2); i < n; i++) {
                int units = 2 + rng.nextInt(4);
                layers.add(new Dense(units, Activation.parse(hidden)));
                shape.append('-').append(units);
            }
        }
        layers.add(new Dense(outputs, Activation.parse(head.activation())));
        shape.append('-').append(outputs).append(", m=").append(m);
        Sequential model = new Sequential(inputs, Loss.parse(head.loss()), DType.F64, layers);
        model.initialize(rng.nextLong());
        for (Parameter p : model.parameterList()) {
            if (p.name().equals("b")) {
                Ops.fill(p.value(), () -> 0.5 * rng.nextGaussian());
            }
        }
        Tensor x = Tensor.zeros(DType.F64, inputs, m);
        for (int attempt = 0; ; attempt++) {
            Ops.fill(x, rng::nextGaussian);
            if (GradientCheck.kinkDistance(model, x) > GradientCheck.KINK_MARGIN) {
                break;
            }
            if (attempt == 100) {
                throw new IllegalStateException("no input kept clear of the ReLU kink for " + shape);
            }
        }
        Tensor y = targets(head, outputs, m, rng);
        String description = (hidden == null ? "(no hidden)" : hidden) + " → " + head;
        return new Case(description, shape.toString(), GradientCheck.check(model, x, y));
    }

    private static Tensor targets(Head head, int outputs, int m, SplittableRandom rng) {
        Tensor y = Tensor.zeros(DType.F64, outputs, m);
        switch (head.loss()) {
            case "categorical_crossentropy":
                for (int c = 0; c < m; c++) {
                    y.set(rng.nextInt(outputs), c, 1);
                }
                break;
            case "binary_crossentropy":
                Ops.fill(y, () -> rng.nextInt(2));
                break;
            default:
                Ops.fill(y, rng::nextGaussian);
        }
        return y;
    }
}
