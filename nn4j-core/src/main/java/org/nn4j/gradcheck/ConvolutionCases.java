package org.nn4j.gradcheck;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.nn4j.activations.Activation;
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
import org.nn4j.layers.Parameter;
import org.nn4j.losses.Loss;
import org.nn4j.models.Sequential;
import org.nn4j.regularizers.Regularizer;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Shape;
import org.nn4j.tensor.Tensor;

/**
 * The gradient checks of the image layers: small convolutional networks on random images, each exercising one
 * feature — kernel shapes, strides and every padding, max and average pooling windows (overlapping, strided,
 * padded), global average pooling, per-channel batch normalisation in training mode, dropout after a convolution,
 * convolutions without bias and with L1/L2 penalties — before a dense head.
 */
final class ConvolutionCases {
    private static final double DROPOUT_RATE = 0.3;

    private ConvolutionCases() {
    }

    /** One network: its description and how to make its layers for an input of {@code channels}. */
    private record Template(String description, int minBatch, Function<SplittableRandom, List<Layer>> layers) {
    }

    private static final List<Template> TEMPLATES = List.of(
            new Template("conv 3×3 same + tanh → softmax", 1, r -> List.of(
                    new Conv2D(2 + r.nextInt(2), 3, 1, Padding.SAME), tanh(), new Flatten())),
            new Template("conv 2×3 stride 2×1, padding 1,0 + leaky_relu → softmax", 1, r -> List.of(
                    new Conv2D(2, 2, 3, 2, 1, new Padding("explicit", 1, 0), true, Initializer.HE_NORMAL,
                            Regularizer.NONE, 0), new ActivationLayer(Activation.leakyRelu(0.1)), new Flatten())),
            new Template("conv 3×3 stride 2 same + relu → softmax", 1, r -> List.of(
                    new Conv2D(3, 3, 2, Padding.SAME), new ActivationLayer(Activation.RELU), new Flatten())),
            new Template("conv + tanh → maxpool 2 → softmax", 1, r -> List.of(
                    new Conv2D(2, 2), tanh(), new MaxPool2D(2), new Flatten())),
            new Template("maxpool 3 stride 2 padding 1 → softmax", 1, r -> List.of(
                    new MaxPool2D(3, 2, Padding.of(1)), new Flatten())),
            new Template("conv + tanh → avgpool 2 → softmax", 1, r -> List.of(
                    new Conv2D(2, 3, 1, Padding.of(1)), tanh(), new AvgPool2D(2), new Flatten())),
            new Template("avgpool 3 stride 2 padding 1 → softmax", 1, r -> List.of(
                    new AvgPool2D(3, 2, Padding.of(1)), new Flatten())),
            new Template("conv (no bias) → batch norm 2D (training) → relu → global avg pool → softmax", 2,
                    r -> List.of(new Conv2D(3, 3, 3, 1, 1, Padding.SAME, false, Initializer.HE_NORMAL,
                            Regularizer.NONE, 0), new BatchNorm(), new ActivationLayer(Activation.RELU),
                            new GlobalAveragePooling2D())),
            new Template("conv → dropout (fixed mask) → softmax", 1, r -> List.of(
                    new Conv2D(2, 2), new Dropout(DROPOUT_RATE), new Flatten())),
            new Template("conv L1 + L2 + tanh → softmax", 1, r -> List.of(
                    new Conv2D(2, 3, 3, 1, 1, Padding.VALID, true, Initializer.GLOROT_UNIFORM,
                            new Regularizer(0.05, 0.05), 0), tanh(), new Flatten())));

    private static Layer tanh() {
        return new ActivationLayer(Activation.TANH);
    }

    /** Every template once, with sizes and values drawn from {@code rng}. */
    static List<GradientCheckSuite.Case> run(SplittableRandom rng) {
        List<GradientCheckSuite.Case> cases = new ArrayList<>();
        for (Template t : TEMPLATES) {
            cases.add(checkOne(t, rng.split()));
        }
        return cases;
    }

    private static GradientCheckSuite.Case checkOne(Template t, SplittableRandom rng) {
        Shape image = Shape.image(1 + rng.nextInt(2), 5 + rng.nextInt(3), 5 + rng.nextInt(3));
        // per-channel statistics over m·H·W values are not degenerate even for m = 2
        int m = t.minBatch() + rng.nextInt(3);
        int classes = 2 + rng.nextInt(2);
        List<Layer> layers = new ArrayList<>(t.layers().apply(rng));
        layers.add(new Dense(classes, Activation.SOFTMAX));
        Sequential model = new Sequential(image, Loss.CATEGORICAL_CROSSENTROPY, DType.F64, layers);
        model.initialize(rng.nextLong());
        for (Parameter p : model.parameterList()) {
            double centre = p.name().equals("gamma") ? 1 : 0;
            if (!p.name().equals("W")) {
                Ops.fill(p.value(), () -> centre + 0.5 * rng.nextGaussian());
            }
        }
        for (Layer layer : layers) {
            if (layer instanceof Dropout dropout) {  // the mask is part of the function a check differences
                Tensor mask = Tensor.zeros(DType.F64, layer.inputSize(), m);
                Ops.fill(mask, () -> rng.nextDouble() < DROPOUT_RATE ? 0 : 1 / (1 - DROPOUT_RATE));
                dropout.fixMask(mask);
            }
        }
        String shape = image + ", m=" + m;
        Tensor x = Tensor.zeros(DType.F64, image.size(), m);
        for (int attempt = 0; ; attempt++) {
            Ops.fill(x, rng::nextGaussian);
            if (GradientCheck.kinkDistance(model, x) > GradientCheck.KINK_MARGIN) {
                break;
            }
            if (attempt == 100) {
                throw new IllegalStateException("no input kept clear of the kinks for " + t.description());
            }
        }
        Tensor y = Tensor.zeros(DType.F64, classes, m);
        for (int c = 0; c < m; c++) {
            y.set(rng.nextInt(classes), c, 1);
        }
        return new GradientCheckSuite.Case(t.description(), shape, GradientCheck.check(model, x, y));
    }
}
