package org.nn4j.layers;

import java.util.List;
import org.nn4j.tensor.Shape;
import org.nn4j.tensor.Tensor;

/**
 * Max pooling: each window of each channel gives its largest value, A[c, oh, ow] = max_{i,j} X[c, oh·s + i, ow·s + j]
 * (padding, if any, is never the maximum, as in PyTorch). Backward: the gradient of each output goes to the one
 * input that was the maximum (the first of equal ones, row by row), dX[argmax] += dA; the backward pass finds it again
 * by comparing the forward pass's input with its output.
 */
public final class MaxPool2D extends Pooling2D {

    /** Windows of {@code window × window} that tile the image (stride = window). */
    public MaxPool2D(int window) {
        this(window, window, Padding.VALID);
    }

    /** Windows of {@code window × window} every {@code stride} pixels, with {@code padding}. */
    public MaxPool2D(int window, int stride, Padding padding) {
        super("max", "its largest value", window, stride, padding);
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.maxPool2D(this);
    }

    @Override
    void pool(Tensor x, int m) {
        kernels.maxPool(x, geometry, m, runs(m), out);
    }

    @Override
    void poolBackward(Tensor dy, int m) {
        kernels.maxPoolBackward(input, out, dy, geometry, m, runs(m), dInput);
    }

    @Override
    public List<Equation> backwardEquations(int l, int m, boolean needInputGradient) {
        Shape in = inputShape();
        return needInputGradient ? List.of(new Equation(Equation.at("dA", l - 1) + "[argmax] += "
                + Equation.at("dA", l), outputShape() + "×m → " + in + "×m",
                "each output's gradient goes to the input that was its window's maximum; the rest get 0",
                dInput != null && dInput.cols() == m ? dInput : null)) : List.of();
    }

    /**
     * The smallest gap, over the last pass's windows, between the maximum and the largest other value that could
     * overtake it; a tie makes the maximum non-differentiable.
     */
    @Override
    public double kinkDistance() {
        if (out == null) {
            return Double.POSITIVE_INFINITY;
        }
        Window w = geometry;
        int m = out.cols();
        double min = Double.POSITIVE_INFINITY;
        Tensor x = input;
        for (int o = 0; o < out.size(); o++) {
            int cell = o / m;
            int n = o % m;
            int c = cell / w.positions();
            int oh = cell % w.positions() / w.outWidth();
            int ow = cell % w.outWidth();
            boolean passedMax = false;
            for (int i = 0; i < w.kernelH(); i++) {
                int ih = oh * w.strideH() - w.padTop() + i;
                for (int j = 0; j < w.kernelW(); j++) {
                    int iw = ow * w.strideW() - w.padLeft() + j;
                    int at = ((c * w.height() + ih) * w.width() + iw) * m + n;
                    if (ih < 0 || ih >= w.height() || iw < 0 || iw >= w.width()) {
                        continue;
                    }
                    double gap = out.getFlat(o) - x.getFlat(at);
                    if (gap == 0 && !passedMax) {
                        passedMax = true;
                    } else {
                        min = Math.min(min, gap);
                    }
                }
            }
        }
        return min;
    }
}
