package org.nn4j.gradcheck;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nn4j.activations.Activation;
import org.nn4j.initializers.Initializer;
import org.nn4j.layers.Dense;
import org.nn4j.layers.Layer;
import org.nn4j.layers.LayerConfig;
import org.nn4j.layers.Parameter;
import org.nn4j.losses.Loss;
import org.nn4j.models.Sequential;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Shape;
import org.nn4j.tensor.Tensor;

/** The check must fail when a layer's backward pass is wrong; otherwise passing it would prove nothing. */
class GradientCheckDetectsErrorsTest {
    /** A dense layer whose weight gradient is off by 1%. */
    private static final class SlightlyWrong implements Layer {
        private final Dense inner = new Dense(3, Activation.TANH, Initializer.GLOROT_UNIFORM);

        @Override
        public Shape build(Shape input, DType dtype) {
            return inner.build(input, dtype);
        }

        @Override
        public List<Parameter> parameters() {
            return inner.parameters();
        }

        @Override
        public Shape inputShape() {
            return inner.inputShape();
        }

        @Override
        public Shape outputShape() {
            return inner.outputShape();
        }

        @Override
        public Tensor forward(Tensor x, boolean training) {
            return inner.forward(x, training);
        }

        @Override
        public Tensor backward(Tensor dA, boolean needInputGradient) {
            Tensor dx = inner.backward(dA, needInputGradient);
            Ops.scale(inner.parameters().get(0).grad(), 1.01);
            return dx;
        }

        @Override
        public LayerConfig config() {
            return inner.config();
        }

        @Override
        public String describe() {
            return "SlightlyWrong";
        }
    }

    @Test
    void aOnePercentErrorInOneGradientFailsTheCheck() {
        Sequential model = new Sequential(4, Loss.CATEGORICAL_CROSSENTROPY, DType.F64,
                List.of(new SlightlyWrong(), new Dense(3, Activation.SOFTMAX)));
        model.initialize(3);
        Tensor x = Tensor.of(DType.F64, 4, 2, 0.5, -1, 2, 0.1, -0.3, 0.8, 1.5, -2);
        Tensor y = Tensor.of(DType.F64, 3, 2, 1, 0, 0, 1, 0, 0);
        GradientCheck.Result r = GradientCheck.check(model, x, y);
        assertTrue(r.maxRelativeError() > 1e-3, r::toString);
        assertTrue(r.worst().tensor().startsWith("W[1]"), r::toString);
    }
}
