package org.nn4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nn4j.activations.Activation;
import org.nn4j.initializers.Initializer;
import org.nn4j.losses.Loss;
import org.nn4j.models.Sequential;
import org.nn4j.regularizers.Regularizer;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Ops;
import org.nn4j.tensor.Shape;
import org.nn4j.tensor.Tensor;

/**
 * The image layers against their definitions, written out as the textbook's loops over one sample at a time:
 * convolution with every padding, stride and kernel shape, max and average pooling, global average pooling and
 * per-channel batch normalisation, in float64 and float32.
 */
class ConvolutionTest {
    /** x[c, h, w] of sample n in a feature-major image batch, 0 outside the image. */
    private static double pixel(Tensor x, Shape s, int c, int h, int w, int n) {
        if (h < 0 || h >= s.height() || w < 0 || w >= s.width()) {
            return 0;
        }
        return x.get((c * s.height() + h) * s.width() + w, n);
    }

    private static Tensor random(DType dtype, int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor t = Tensor.zeros(dtype, rows, cols);
        Ops.fill(t, rng::nextGaussian);
        return t;
    }

    private static void checkConvolution(DType dtype, Shape in, Conv2D conv, int padTop, int padLeft) {
        Shape out = conv.build(in, dtype);
        for (Parameter p : conv.parameters()) {
            p.attach(random(dtype, p.rows(), p.cols(), p.size()), Tensor.zeros(dtype, p.rows(), p.cols()));
        }
        int m = 3;
        Tensor x = random(dtype, in.size(), m, 5);
        Tensor z = conv.forward(x, true);
        Conv2D.Config c = conv.config();
        Tensor w = conv.parameters().get(0).value();
        double tolerance = dtype == DType.F32 ? 1e-4 : 1e-12;
        for (int n = 0; n < m; n++) {
            for (int f = 0; f < out.channels(); f++) {
                for (int oh = 0; oh < out.height(); oh++) {
                    for (int ow = 0; ow < out.width(); ow++) {
                        double sum = c.bias() ? conv.parameters().get(1).value().getFlat(f) : 0;
                        for (int ch = 0; ch < in.channels(); ch++) {
                            for (int i = 0; i < c.kernelHeight(); i++) {
                                for (int j = 0; j < c.kernelWidth(); j++) {
                                    sum += w.get(f, (ch * c.kernelHeight() + i) * c.kernelWidth() + j)
                                            * pixel(x, in, ch, oh * c.strideHeight() - padTop + i,
                                            ow * c.strideWidth() - padLeft + j, n);
                                }
                            }
                        }
                        assertEquals(sum, z.get((f * out.height() + oh) * out.width() + ow, n), tolerance,
                                conv.describe() + " at " + f + "," + oh + "," + ow);
                    }
                }
            }
        }
    }

    @Test
    void aConvolutionComputesItsDefinitionForEveryPaddingAndStride() {
        for (DType dtype : DType.values()) {
            checkConvolution(dtype, Shape.image(2, 7, 6), new Conv2D(3, 3), 0, 0);
            checkConvolution(dtype, Shape.image(2, 7, 6), new Conv2D(3, 3, 1, Padding.SAME), 1, 1);
            // same with stride 2 over 7 rows: 4 outputs, (4 − 1)·2 + 3 − 7 = 2 zeros, 1 above; 6 columns: 1, 0 left
            checkConvolution(dtype, Shape.image(2, 7, 6), new Conv2D(2, 3, 2, Padding.SAME), 1, 0);
            checkConvolution(dtype, Shape.image(1, 8, 8), new Conv2D(2, 5, 1, Padding.of(2)), 2, 2);
            checkConvolution(dtype, Shape.image(3, 6, 9), new Conv2D(4, 2, 3, 2, 3, new Padding("explicit", 1, 2),
                    false, Initializer.HE_NORMAL, Regularizer.NONE, 0), 1, 2);
        }
    }

    /**
     * A batch that the layer works through in many chunks of positions, shared among the threads, gives every
     * sample what it gives alone (one chunk): Z, dX and (averaged) dW, for stride 1 (dX as a convolution of dZ) and
     * stride 2 (col2im).
     */
    @Test
    void aBatchWorkedThroughInChunksGivesEachSampleItsOwnResult() {
        int m = 64;
        for (DType dtype : DType.values()) {
            double tolerance = dtype == DType.F64 ? 1e-12 : 2e-5;
            for (int stride : new int[] {1, 2}) {
                Conv2D conv = new Conv2D(3, 3, 3, stride, stride, Padding.SAME, true, Initializer.HE_NORMAL,
                        Regularizer.NONE, 0);
                Shape in = Shape.image(2, 40, 40);
                conv.build(in, dtype);
                Tensor dw = null;
                for (Parameter p : conv.parameters()) {
                    p.attach(random(dtype, p.rows(), p.cols(), 1), Tensor.zeros(dtype, p.rows(), p.cols()));
                    dw = dw == null ? p.grad() : dw;
                }
                assertTrue(chunksPerBatch(conv, m) > 1, "the test batch spans several chunks");
                Tensor x = random(dtype, in.size(), m, 2);
                Tensor dz = random(dtype, conv.outputShape().size(), m, 3);
                double[] z = conv.forward(x, true).toDoubleArray();
                double[] dx = conv.backward(dz, true).toDoubleArray();
                double[] dwBatch = dw.toDoubleArray();
                double[] dwMean = new double[dwBatch.length];
                for (int n = 0; n < m; n++) {
                    double[] zn = conv.forward(column(x, n), true).toDoubleArray();
                    double[] dxn = conv.backward(column(dz, n), true).toDoubleArray();
                    for (int r = 0; r < zn.length; r++) {
                        assertEquals(z[r * m + n], zn[r], tolerance * (1 + Math.abs(zn[r])), "z, sample " + n);
                    }
                    for (int r = 0; r < dxn.length; r++) {
                        assertEquals(dx[r * m + n], dxn[r], tolerance * (1 + Math.abs(dxn[r])), "dx, sample " + n);
                    }
                    for (int i = 0; i < dwMean.length; i++) {
                        dwMean[i] += dw.getFlat(i) / m;
                    }
                }
                for (int i = 0; i < dwMean.length; i++) {
                    assertEquals(dwMean[i], dwBatch[i], tolerance * (1 + Math.abs(dwMean[i])), "dW " + i);
                }
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> conv.backward(dz, false));
                assertTrue(e.getMessage().contains("backward needs the training-mode forward pass"), e.getMessage());
            }
        }
    }

    private static int chunksPerBatch(Conv2D conv, int m) {
        int patch = conv.inputShape().channels() * 9;
        int size = Conv2D.chunkPositions(patch, m);
        return (conv.outputShape().pixels() + size - 1) / size;
    }

    private static Tensor column(Tensor t, int n) {
        Tensor c = Tensor.zeros(t.dtype(), t.rows(), 1);
        for (int r = 0; r < t.rows(); r++) {
            c.set(r, 0, t.get(r, n));
        }
        return c;
    }

    @Test
    void outputShapesFollowPyTorchAndKeras() {
        assertEquals(Shape.image(6, 28, 28), new Conv2D(6, 5, 1, Padding.of(2)).build(Shape.image(1, 28, 28),
                DType.F32));
        assertEquals(Shape.image(16, 10, 10), new Conv2D(16, 5).build(Shape.image(6, 14, 14), DType.F32));
        assertEquals(Shape.image(4, 14, 14), new Conv2D(4, 3, 2, Padding.SAME).build(Shape.image(1, 28, 28),
                DType.F32));
        assertEquals(Shape.image(6, 14, 14), new MaxPool2D(2).build(Shape.image(6, 28, 28), DType.F32));
        assertEquals(Shape.image(6, 13, 13), new AvgPool2D(3, 2, Padding.VALID).build(Shape.image(6, 28, 28),
                DType.F32));
        assertEquals(Shape.image(6, 14, 14), new MaxPool2D(3, 2, Padding.of(1)).build(Shape.image(6, 28, 28),
                DType.F32));
        assertEquals(Shape.features(6), new GlobalAveragePooling2D().build(Shape.image(6, 5, 5), DType.F32));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Conv2D(2, 5).build(Shape.image(1, 4, 4), DType.F32));
        assertEquals("Conv2D(2, 5×5, valid): a 5×5 window with padding valid does not fit an image of 4×4",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MaxPool2D(2).build(Shape.features(10), DType.F32));
        assertTrue(e.getMessage().contains("takes images (C, H, W), not a vector (10)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Conv2D(0, 3));
        assertThrows(IllegalArgumentException.class, () -> new MaxPool2D(3, 1, Padding.of(2)));
    }

    private static Tensor pool(Pooling2D layer, DType dtype, Shape in, Tensor x) {
        layer.build(in, dtype);
        return layer.forward(x, true);
    }

    @Test
    void im2colWritesEachWindowAsDefinedForEveryChunk() {
        // stride 1 with output rows as wide as the image (copied a shifted channel at a time), and the others
        List<Window> windows = List.of(Window.of("t", Shape.image(2, 5, 6), 3, 3, 1, 1, Padding.SAME),
                Window.of("t", Shape.image(3, 7, 4), 5, 5, 1, 1, Padding.SAME),
                Window.of("t", Shape.image(2, 4, 5), 2, 2, 1, 1, Padding.SAME),
                Window.of("t", Shape.image(1, 6, 6), 3, 1, 1, 1, Padding.of(1)),
                Window.of("t", Shape.image(2, 5, 6), 3, 3, 1, 1, Padding.VALID),
                Window.of("t", Shape.image(2, 7, 7), 3, 3, 2, 2, Padding.of(1)));
        for (DType dtype : DType.values()) {
            for (Window w : windows) {
                Shape in = Shape.image(w.channels(), w.height(), w.width());
                for (int m : new int[] {1, 3}) {
                    Tensor x = random(dtype, w.channels() * w.pixels(), m, 11);
                    int positions = w.positions();
                    for (int[] chunk : List.of(new int[] {0, positions}, new int[] {1, positions - 2},
                            new int[] {w.outWidth() + 1, w.outWidth() + 2}, new int[] {positions - 1, positions})) {
                        int from = chunk[0];
                        int to = chunk[1];
                        Tensor cols = Tensor.zeros(dtype, w.patch(), positions * m);
                        Ops.fill(cols, Double.NaN);
                        ConvKernels.of(dtype).im2col(x, w, m, from, to, cols);
                        for (int c = 0; c < w.channels(); c++) {
                            for (int i = 0; i < w.kernelH(); i++) {
                                for (int j = 0; j < w.kernelW(); j++) {
                                    int r = (c * w.kernelH() + i) * w.kernelW() + j;
                                    for (int p = from; p < to; p++) {
                                        int h = p / w.outWidth() * w.strideH() - w.padTop() + i;
                                        int v = p % w.outWidth() * w.strideW() - w.padLeft() + j;
                                        for (int n = 0; n < m; n++) {
                                            assertEquals(pixel(x, in, c, h, v, n), cols.get(r, (p - from) * m + n),
                                                    0, w + " m " + m + " chunk " + from + ".." + to + " row " + r
                                                            + " position " + p);
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void maxPoolingGivesOneSampleTheSameBitsAloneAsInABatch() {
        Shape in = Shape.image(2, 7, 6);
        int m = 12;
        for (DType dtype : DType.values()) {
            Tensor batch = random(dtype, in.size(), m, 9);
            // ties between −0 and +0, and a NaN, whose maxima depend on the order of comparison
            for (int n = 0; n < m; n++) {
                batch.set(0, n, -0.0);
                batch.set(1, n, 0.0);
                batch.set(in.width(), n, n % 2 == 0 ? 0.0 : -0.0);
                batch.set(in.width() + 1, n, -0.0);
            }
            batch.set(2 * in.width() + 3, 5, Double.NaN);
            for (int[] g : List.of(new int[] {2, 2, 0}, new int[] {3, 2, 1}, new int[] {3, 1, 0})) {
                Tensor pooled = pool(new MaxPool2D(g[0], g[1], Padding.of(g[2])), dtype, in, batch);
                for (int n = 0; n < m; n++) {
                    Tensor one = Tensor.zeros(dtype, in.size(), 1);
                    for (int r = 0; r < in.size(); r++) {
                        one.set(r, 0, batch.get(r, n));
                    }
                    Tensor alone = pool(new MaxPool2D(g[0], g[1], Padding.of(g[2])), dtype, in, one);
                    for (int r = 0; r < alone.rows(); r++) {
                        assertEquals(Double.doubleToRawLongBits(pooled.get(r, n)),
                                Double.doubleToRawLongBits(alone.get(r, 0)), dtype + " " + Arrays.toString(g)
                                        + " sample " + n + " output " + r);
                    }
                }
            }
        }
    }

    @Test
    void poolingComputesItsDefinition() {
        Shape in = Shape.image(2, 7, 6);
        // a few samples, pooled where they lie, and a batch, pooled through the workspaces
        for (int m : new int[] {2, 12}) {
            for (DType dtype : DType.values()) {
                Tensor x = random(dtype, in.size(), m, 8);
                double tolerance = dtype == DType.F32 ? 1e-5 : 1e-12;
                for (int[] g : List.of(new int[] {2, 2, 0}, new int[] {3, 2, 1}, new int[] {3, 1, 0})) {
                    int k = g[0];
                    int s = g[1];
                    int p = g[2];
                    Tensor max = pool(new MaxPool2D(k, s, Padding.of(p)), dtype, in, x);
                    Tensor avg = pool(new AvgPool2D(k, s, Padding.of(p)), dtype, in, x);
                    int oh = (in.height() + 2 * p - k) / s + 1;
                    int ow = (in.width() + 2 * p - k) / s + 1;
                    for (int n = 0; n < m; n++) {
                        for (int c = 0; c < 2; c++) {
                            for (int r = 0; r < oh; r++) {
                                for (int q = 0; q < ow; q++) {
                                    double best = Double.NEGATIVE_INFINITY;
                                    double sum = 0;
                                    for (int i = 0; i < k; i++) {
                                        for (int j = 0; j < k; j++) {
                                            int h = r * s - p + i;
                                            int w = q * s - p + j;
                                            boolean inside = h >= 0 && h < in.height() && w >= 0 && w < in.width();
                                            best = inside ? Math.max(best, pixel(x, in, c, h, w, n)) : best;
                                            sum += pixel(x, in, c, h, w, n);
                                        }
                                    }
                                    int row = (c * oh + r) * ow + q;
                                    assertEquals(best, max.get(row, n), tolerance);
                                    assertEquals(sum / (k * k), avg.get(row, n), tolerance);
                                }
                            }
                        }
                    }
                }
                GlobalAveragePooling2D global = new GlobalAveragePooling2D();
                global.build(in, dtype);
                Tensor mean = global.forward(x, false);
                for (int c = 0; c < 2; c++) {
                    double sum = 0;
                    for (int h = 0; h < in.height(); h++) {
                        for (int w = 0; w < in.width(); w++) {
                            sum += pixel(x, in, c, h, w, 1);
                        }
                    }
                    assertEquals(sum / in.pixels(), mean.get(c, 1), tolerance);
                }
            }
        }
    }

    @Test
    void batchNormAfterAConvolutionNormalisesEachChannelOverSamplesAndPixels() {
        Shape in = Shape.image(3, 4, 5);
        Sequential model = new Sequential(in, Loss.MEAN_SQUARED_ERROR, DType.F64, List.of(new BatchNorm(),
                new Flatten(), new Dense(1))).initialize(1);
        assertEquals(3 * 2 + 61, model.parameterCount());  // γ, β per channel; the dense layer's 60 + 1
        assertEquals(3 * 2, model.stateCount());
        int m = 4;
        Tensor x = random(DType.F64, in.size(), m, 3);
        for (int r = 0; r < 20; r++) {  // channel 0 shifted, so per-feature normalisation would leave it alone
            for (int n = 0; n < m; n++) {
                x.set(r, n, x.get(r, n) * 3 + 7);
            }
        }
        Tensor y = model.layers().get(0).forward(x, true);
        for (int c = 0; c < 3; c++) {
            double sum = 0;
            double squares = 0;
            for (int r = c * 20; r < c * 20 + 20; r++) {
                for (int n = 0; n < m; n++) {
                    sum += y.get(r, n);
                    squares += y.get(r, n) * y.get(r, n);
                }
            }
            assertEquals(0, sum / 80, 1e-12);
            assertEquals(1, squares / 80, 1e-4);  // σ²/(σ² + ε)
        }
        // the running mean moved 10% of the way to channel 0's batch mean, about 7
        assertEquals(0.7, model.state().getFlat(0), 0.15);
        assertEquals("BatchNorm2D", model.layers().get(0).describe());
    }

    @Test
    void aReluAfterAConvolutionIsItsOwnLayer() {
        Sequential model = new Sequential(Shape.image(1, 4, 4), Loss.CATEGORICAL_CROSSENTROPY, new Conv2D(2, 3),
                new ActivationLayer(Activation.RELU), new MaxPool2D(2), new Flatten(),
                new Dense(3, Activation.SOFTMAX));
        String summary = model.summary();
        assertTrue(summary.contains("Conv2D(2, 3×3, valid)") && summary.contains("(2, 2, 2)")
                && summary.contains("MaxPool2D(2)") && summary.contains("(2, 1, 1)"), summary);
        assertEquals(2 * 9 + 2 + 2 * 3 + 3, model.parameterCount());
    }
}
