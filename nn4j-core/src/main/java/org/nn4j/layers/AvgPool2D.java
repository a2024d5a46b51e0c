package org.nn4j.layers;

import java.util.List;
import org.nn4j.tensor.Tensor;

/**
 * Average pooling: each window of each channel gives its mean, A[c, oh, ow] = Σ_{i,j} X[c, oh·s + i, ow·s + j] / k²
 * (padding counts as zeros, PyTorch's {@code count_include_pad}). Backward: each input of a window gets dA / k².
 */
public class AvgPool2D extends Pooling2D {
    /** Windows of {@code window × window} that tile the image (stride = window). */
    public AvgPool2D(int window) {
        this(window, window, Padding.VALID);
    }

    /** Windows of {@code window × window} every {@code stride} pixels, with {@code padding}. */
    public AvgPool2D(int window, int stride, Padding padding) {
        super("avg", "its mean", window, stride, padding);
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.avgPool2D(this);
    }

    @Override
    void pool(Tensor x, int m) {
        kernels.avgPool(x, geometry, m, runs(m), out);
    }

    @Override
    void poolBackward(Tensor dy, int m) {
        kernels.avgPoolBackward(dy, geometry, m, dInput);
    }

    @Override
    public List<Equation> backwardEquations(int l, int m, boolean needInputGradient) {
        return needInputGradient ? List.of(new Equation(Equation.at("dA", l - 1) + " = Σ_windows "
                + Equation.at("dA", l) + " / k²", outputShape() + "×m → " + inputShape() + "×m",
                "each input of a window gets the window's gradient divided by its " + geometry.kernelH() + "×"
                + geometry.kernelW() + " values", dInput != null && dInput.cols() == m ? dInput : null)) : List.of();
    }
}
