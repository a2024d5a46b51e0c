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
     * cols[(c, i, j), (oh, ow, n)] = x[(c, oh·sH − pT + i, ow·sW − pL + j), first + n], 0 outside the image, for
     * the {@code count} samples from {@code first} of a batch of m: every window's values as a column of C·kh·kw
     * rows, OH·OW·count columns, so a convolution is one GEMM.
     */
    void im2col(Tensor x, Window w, int m, int first, int count, Tensor cols);

    /**
     * whole[r, first + n] = part[r, n] for the {@code count = part.size / whole.rows} samples of {@code part}, whose
     * rows are those of {@code whole} (C·H·W × count, stored as it lies): a chunk of samples put in its place.
     */
    void placeSamples(Tensor part, int first, Tensor whole);

    /**
     * The adjoint of {@link #im2col} over all m samples: dx = 0, then dx[(c, ih, iw), n] += cols[(c, i, j), (oh, ow, n)]
     * for each read.
     */
    void col2im(Tensor cols, Window w, int m, Tensor dx);

    /** out[(c, oh, ow), n] = max over the window of x; {@code argmax} gets the element of x each came from. */
    void maxPool(Tensor x, Window w, int m, Tensor out, int[] argmax);

    /** dx = 0, then dx[argmax[o]] += dy[o]: the gradient goes to the element that was the maximum. */
    void maxPoolBackward(Tensor dy, int[] argmax, Tensor dx);

    /** out[(c, oh, ow), n] = the mean of x over the window (padding counts as zeros in the mean). */
    void avgPool(Tensor x, Window w, int m, Tensor out);

    /** dx = 0, then each window's elements get dy / (kh·kw). */
    void avgPoolBackward(Tensor dy, Window w, int m, Tensor dx);
}
