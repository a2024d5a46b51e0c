package org.nn4j.layers;

import org.nn4j.tensor.DType;
import org.nn4j.tensor.Tensor;

/**
 * The loops of the convolution and pooling layers, for one element type: implemented once in
 * {@link DoubleConvKernels}, from which the build generates the float32 twin. Images are feature-major batches,
 * {@code C·H·W × m} with the m samples of one pixel side by side, so every inner loop runs over m contiguous values
 * and a window's position copies or adds whole runs of them. Callers check the shapes.
 */
interface ConvKernels {
    /** The kernels of {@code dtype}. */
    static ConvKernels of(DType dtype) {
        return dtype == DType.F32 ? FloatConvKernels.INSTANCE : DoubleConvKernels.INSTANCE;
    }

    /**
     * cols[(c, i, j), (p − from, n)] = x[(c, oh·sH − pT + i, ow·sW − pL + j), n] for the output positions p = (oh, ow)
     * from {@code from} to {@code to − 1} (p = oh·OW + ow) and all m samples, 0 outside the image: those positions'
     * windows as the first (to − from)·m columns of C·kh·kw rows (cols may be wider), so that they are one GEMM.
     */
    void im2col(Tensor x, Window w, int m, int from, int to, Tensor cols);

    /**
     * The adjoint of {@link #im2col} for positions {@code from .. to − 1}: dx[(c, ih, iw), n] += cols[(c, i, j), (p −
     * from, n)] for each read (dx is not cleared first); {@code runs} are two workspaces of OW·m values, each its own
     * array, starting at 0.
     */
    void col2im(Tensor cols, Window w, int m, int from, int to, Tensor[] runs, Tensor dx);

    /**
     * flipped[c, (f, i, j)] = w[f, (c, k − 1 − (i, j))]: the F × C·k weights of a convolution (k = kh·kw taps per
     * channel) as the C × F·k weights of the convolution that maps dZ to dX, each kernel turned by 180°.
     */
    void flipKernels(Tensor w, int channels, int taps, Tensor flipped);

    /**
     * out[(c, oh, ow), n] = max over the window of x (NaN if any is NaN); {@code runs}: two workspaces of m values,
     * each its own array, starting at 0.
     */
    void maxPool(Tensor x, Window w, int m, Tensor[] runs, Tensor out);

    /**
     * dx = 0, then each output's gradient dy goes whole to the first element of its window (row by row) that equals
     * the maximum {@code out} the forward pass took from x; {@code runs} are four workspaces of m values, each its own
     * array, starting at 0.
     */
    void maxPoolBackward(Tensor x, Tensor out, Tensor dy, Window w, int m, Tensor[] runs, Tensor dx);

    /** out[(c, oh, ow), n] = the mean of x over the window (padding counts as zeros in the mean). */
    void avgPool(Tensor x, Window w, int m, Tensor[] runs, Tensor out);

    /** dx = 0, then each window's elements get dy / (kh·kw). */
    void avgPoolBackward(Tensor dy, Window w, int m, Tensor dx);
}
