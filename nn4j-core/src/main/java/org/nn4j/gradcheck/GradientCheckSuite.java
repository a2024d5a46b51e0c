package org.nn4j.gradcheck;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nn4j.activations.Activation;
import org.nn4j.layers.BatchNorm;
import org.nn4j.layers.Dense;
import org.nn4j.layers.Dropout;
import org.nn4j.layers.Layer;
import org.nn4j.layers.Parameter;
import org.nn4j.losses.Loss;
import org.nn4j.models.Sequential;
import org.nn4j.regularizers.Regularizer;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Tensor;

/**
 * Gradient checks over every combination nn4j offers: each hidden activation (and none) × each output head
 * (sigmoid + binary cross-entropy with one and with several units, softmax + categorical cross-entropy, and
 * mean squared error after every activation it may follow), and each training-craft feature (batch normalisation
 * in training mode, dropout with a fixed mask, L1 and L2 penalties) before each head, on random shapes, batches,
 * weights and biases; then the image layers' cases ({@link ConvolutionCases}: convolutions with every padding and
 * stride, max and average pooling, global average pooling, per-channel batch normalisation, dropout, penalties).
 */
public final class GradientCheckSuite {
    /** Hidden activations checked; softmax as a hidden layer exercises its full Jacobian. */
    public static final List<String> HIDDEN = List.of("sigmoid", "relu", "leaky_relu:0.1", "tanh", "softmax", "linear");
    private static final double DROPOUT_RATE = 0.3;
    private static final double PENALTY = 0.05;

    /**
     * A training-craft feature added to a network under check, after tanh hidden layers (smooth and never exactly
     * zero, so batch statistics are never degenerate).
     */
    public enum Craft {
        /** a BatchNorm layer after each hidden layer, in training mode (batch statistics) */
        BATCH_NORM,
        /** a Dropout layer after each hidden layer, with a fixed random mask */
        DROPOUT,
        /** an L1 penalty on every W */
        L1,
        /** an L2 penalty on every W */
        L2;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

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
                cases.add(checkOne(null, null, head, rng.split()));
                for (String hidden : HIDDEN) {
                    cases.add(checkOne(hidden, null, head, rng.split()));
                }
                for (Craft craft : Craft.values()) {
                    cases.add(checkOne("tanh", craft, head, rng.split()));
                }
            }
            cases.addAll(ConvolutionCases.run(rng.split()));
        }
        return cases;
    }

    /**
     * One random network: up to two hidden layers of {@code hidden} before {@code head}, with {@code craft} (may be
     * null) added.
     */
    public static Case checkOne(String hidden, Craft craft, Head head, SplittableRandom rng) {
        int inputs = 2 + rng.nextInt(4);
        int outputs = head.multiUnit() ? 2 + rng.nextInt(3) : 1;
        // normalising over few samples leaves the output nearly scale-invariant (with 2, x̂ = ±1 whatever the
        // input), so gradients through it nearly vanish and central differences measure only rounding noise
        int m = craft == Craft.BATCH_NORM ? 6 + rng.nextInt(5) : 1 + rng.nextInt(4);
        Regularizer penalty = craft == Craft.L1 ? new Regularizer(PENALTY, 0)
                : craft == Craft.L2 ? new Regularizer(0, PENALTY) : Regularizer.NONE;
        List<Layer> layers = new ArrayList<>();
        StringBuilder shape = new StringBuilder().append(inputs);
        if (hidden != null) {
            for (int i = 0, n = 1 + rng.nextInt(2); i < n; i++) {
                int units = 2 + rng.nextInt(4);
                Activation g = Activation.parse(hidden);
                layers.add(new Dense(units, g, g.defaultInitializer(), penalty, 0));
                shape.append('-').append(units);
                if (craft == Craft.BATCH_NORM) {
                    layers.add(new BatchNorm());
                } else if (craft == Craft.DROPOUT) {
                    Dropout dropout = new Dropout(DROPOUT_RATE);
                    dropout.fixMask(mask(units, m, rng));
                    layers.add(dropout);
                }
            }
        }
        Activation out = Activation.parse(head.activation());
        layers.add(new Dense(outputs, out, out.defaultInitializer(), penalty, 0));
        shape.append('-').append(outputs).append(", m=").append(m);
        Sequential model = new Sequential(inputs, Loss.parse(head.loss()), DType.F64, layers);
        model.initialize(rng.nextLong());
        // biases, β and γ away from their initial 0 and 1, so that no special point hides an error
        for (Parameter p : model.parameterList()) {
            double centre = p.name().equals("gamma") ? 1 : 0;
            if (!p.name().equals("W")) {
                Ops.fill(p.value(), () -> centre + 0.5 * rng.nextGaussian());
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
        String description = (hidden == null ? "(no hidden)" : hidden) + (craft == null ? "" : " + " + craft)
                + " → " + head;
        return new Case(description, shape.toString(), GradientCheck.check(model, x, y));
    }

    /** A dropout mask: each element kept (1/(1 − p)) with probability 1 − p, else 0. */
    private static Tensor mask(int units, int m, SplittableRandom rng) {
        Tensor mask = Tensor.zeros(DType.F64, units, m);
        Ops.fill(mask, () -> rng.nextDouble() < DROPOUT_RATE ? 0 : 1 / (1 - DROPOUT_RATE));
        return mask;
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
