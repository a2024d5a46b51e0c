package org.nn4j.layers;

import java.util.Arrays;
import org.nn4j.tensor.Tensor;

/**
 * The float64 convolution and pooling kernels, and the single source of the float32 ones: the build generates
 * {@code FloatConvKernels} from this file by turning {@code double[]} into {@code float[]} and {@code (double)} casts
 * into {@code (float)} casts, so every store of a computed value carries a {@code (double)} cast.
 */
final class DoubleConvKernels implements ConvKernels {
    static final DoubleConvKernels INSTANCE = new DoubleConvKernels();

    /**
     * Runs shorter than this (a pass over fewer samples) are combined where they lie: staging them in workspaces,
     * which lets C2 vectorise a long run, costs a few calls per value for a short one (a single image's 2 × 2 max
     * pooling over 32 × 28 × 28 values: 235 µs staged).
     */
    static final int FEW = 8;

    private DoubleConvKernels() {
    }

    @Override
    public void im2col(Tensor x, Window w, int m, int from, int to, Tensor cols) {
        if (w.strideH() == 1 && w.strideW() == 1 && w.outWidth() == w.width()) {
            shiftedChannels(x, w, m, from, to, cols);
        } else {
            windows(x, w, m, from, to, cols, null);
        }
    }

    /**
     * im2col where the windows move a pixel at a time and the output rows are as wide as the image (stride 1,
     * "same" padding across): window element (i, j) of output position p = oh·W + ow reads pixel p + (i − padTop)·W
     * + (j − padLeft), so the row of cols for (c, i, j) is channel c shifted, copied in one run; zeros are then
     * written where that element lies outside the image (the output rows above or below it, and the columns at
     * the left or right edge, where the run brought in the neighbouring row's pixels). The same values as
     * {@link #windows} puts there, in a few long copies instead of one per output row: a single image's 32 × 28 ×
     * 28 input to C2's second convolution takes 288 copies instead of 8,064, and that convolution (im2col and its
     * GEMM) 241–246 µs instead of 316 on one thread, 131 instead of 165–174 on two
     * ({@code SingleImageBench.convolution -p samples=1}); a batch of 128 is level.
     */
    private static void shiftedChannels(Tensor image, Window w, int m, int from, int to, Tensor cols) {
        double[] xd = image.doubles();
        double[] cd = cols.doubles();
        int width = w.width();
        int pixels = w.pixels();
        int row = cols.offset();
        for (int c = 0; c < w.channels(); c++) {
            int channel = image.offset() + c * pixels * m;
            for (int i = 0; i < w.kernelH(); i++) {
                // the positions whose window row i lies inside the image: output rows padTop − i .. H + padTop − i
                int top = Math.min(to, Math.max(from, Math.max(0, w.padTop() - i) * width));
                int bottom = Math.max(top, Math.min(to, Math.min(w.outHeight(), w.height() + w.padTop() - i) * width));
                for (int j = 0; j < w.kernelW(); j++, row += cols.cols()) {
                    int shift = (i - w.padTop()) * width + j - w.padLeft();
                    // positions that would read before the first pixel or past the last lie at the left or right
                    // edge, outside the image: zeros, with those above or below
                    int a = Math.min(bottom, Math.max(top, -shift));
                    int b = Math.max(a, Math.min(bottom, pixels - shift));
                    zero(cd, row, row + (a - from) * m);
                    if (b > a) {
                        System.arraycopy(xd, channel + (a + shift) * m, cd, row + (a - from) * m, (b - a) * m);
                    }
                    zero(cd, row + (b - from) * m, row + (to - from) * m);
                    int first = w.firstColumn(j);
                    int end = w.endColumn(j);
                    // each output row's columns left of first and from end on
                    for (int start = a - a % width; start < b && (first > 0 || end < width); start += width) {
                        int at = row - from * m;
                        zero(cd, at + Math.max(a, start) * m, at + Math.min(b, start + first) * m);
                        zero(cd, at + Math.max(a, start + end) * m, at + Math.min(b, start + width) * m);
                    }
                }
            }
        }
    }

    /** cd[from .. to − 1] = 0; nothing where to ≤ from (an edge's range clipped to a chunk may be empty). */
    private static void zero(double[] cd, int from, int to) {
        if (to > from) {
            Arrays.fill(cd, from, to, (double) 0);
        }
    }

    @Override
    public void col2im(Tensor cols, Window w, int m, int from, int to, Tensor[] runs, Tensor dx) {
        windows(dx, w, m, from, to, cols, runs);
    }

    /**
     * Visits every run of values a window row reads at output positions {@code from .. to − 1} of an image batch of
     * m: without {@code runs} (im2col), copies it from the image into cols (whose column (p − from, n) is position
     * p's window over sample n; cols may have more columns than that) and fills what lies outside the image with
     * zeros; otherwise (col2im) adds it from cols back into the image, through the two workspaces {@code runs}. With
     * stride 1 a run is a stretch of an output row, all samples; else one position.
     */
    private static void windows(Tensor image, Window w, int m, int from, int to, Tensor cols, Tensor[] runs) {
        boolean gather = runs == null;
        double[] xd = image.doubles();
        double[] cd = cols.doubles();
        int outW = w.outWidth();
        int rowLength = cols.cols();
        int row = cols.offset();
        for (int c = 0; c < w.channels(); c++) {
            int channel = image.offset() + c * w.pixels() * m;
            for (int i = 0; i < w.kernelH(); i++) {
                for (int j = 0; j < w.kernelW(); j++, row += rowLength) {
                    int first = w.firstColumn(j);
                    int end = w.endColumn(j);
                    for (int oh = from / outW; oh * outW < to; oh++) {
                        int ow0 = Math.max(from - oh * outW, 0);
                        int ow1 = Math.min(to - oh * outW, outW);
                        int dst = row + (oh * outW + ow0 - from) * m;
                        int ih = oh * w.strideH() - w.padTop() + i;
                        int lo = Math.max(ow0, first);
                        int hi = Math.min(ow1, end);
                        boolean inside = ih >= 0 && ih < w.height() && lo < hi;
                        if (gather) {  // the zeros of the padding
                            int stop = dst + (ow1 - ow0) * m;
                            Arrays.fill(cd, dst, inside ? dst + (lo - ow0) * m : stop, (double) 0);
                            Arrays.fill(cd, inside ? dst + (hi - ow0) * m : stop, stop, (double) 0);
                        }
                        if (!inside) {
                            continue;
                        }
                        int src = channel + (ih * w.width() + lo * w.strideW() - w.padLeft() + j) * m;
                        int step = w.strideW() == 1 ? (hi - lo) * m : m;
                        int pixels = w.strideW() == 1 ? hi - lo : 1;
                        for (int ow = lo; ow < hi; ow += pixels, src += w.strideW() * m * pixels) {
                            int at = dst + (ow - ow0) * m;
                            if (gather) {
                                System.arraycopy(xd, src, cd, at, step);
                            } else {
                                addRun(cd, at, xd, src, step, runs);
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public void flipKernels(Tensor w, int channels, int taps, Tensor flipped) {
        double[] wd = w.doubles();
        double[] fd = flipped.doubles();
        int filters = w.rows();
        for (int f = 0; f < filters; f++) {
            for (int c = 0; c < channels; c++) {
                int from = w.offset() + (f * channels + c) * taps;
                int to = flipped.offset() + (c * filters + f) * taps;
                for (int t = 0; t < taps; t++) {
                    fd[to + t] = wd[from + taps - 1 - t];
                }
            }
        }
    }

    /**
     * to[t .. t + n) += from[f .. f + n), through the workspaces: both runs copied into arrays of their own, added
     * there with one index (which C2 vectorises; with two offsets into what might be one array it cannot) and
     * copied back.
     */
    private static void addRun(double[] from, int f, double[] to, int t, int n, Tensor[] runs) {
        if (n < FEW) {
            for (int k = 0; k < n; k++) {
                to[t + k] = (double) (to[t + k] + from[f + k]);
            }
            return;
        }
        double[] sum = runs[0].doubles();
        double[] term = runs[1].doubles();
        System.arraycopy(to, t, sum, 0, n);
        System.arraycopy(from, f, term, 0, n);
        for (int k = 0; k < n; k++) {
            sum[k] = (double) (sum[k] + term[k]);
        }
        System.arraycopy(sum, 0, to, t, n);
    }

    /**
     * Each window's maximum taken in the first workspace, one window element at a time (each copied into the
     * second, so that the loop indexes both alike, as in {@link #addRun}), and copied out once; for fewer than
     * {@link #FEW} samples, {@link #maxPoolFew}.
     */
    @Override
    public void maxPool(Tensor x, Window w, int m, Tensor[] runs, Tensor out) {
        double[] xd = x.doubles();
        double[] od = out.doubles();
        if (m < FEW) {
            maxPoolFew(xd, x.offset(), w, m, od, out.offset());
            return;
        }
        double[] max = runs[0].doubles();
        double[] term = runs[1].doubles();
        int o = out.offset();
        for (int c = 0; c < w.channels(); c++) {
            for (int oh = 0; oh < w.outHeight(); oh++) {
                for (int ow = 0; ow < w.outWidth(); ow++, o += m) {
                    boolean first = true;
                    for (int i = 0; i < w.kernelH(); i++) {
                        int ih = oh * w.strideH() - w.padTop() + i;
                        for (int j = 0; j < w.kernelW(); j++) {
                            int iw = ow * w.strideW() - w.padLeft() + j;
                            if (ih < 0 || ih >= w.height() || iw < 0 || iw >= w.width()) {
                                continue;
                            }
                            int src = x.offset() + ((c * w.height() + ih) * w.width() + iw) * m;
                            System.arraycopy(xd, src, first ? max : term, 0, m);
                            if (!first) {
                                for (int k = 0; k < m; k++) {
                                    max[k] = Math.max(max[k], term[k]);
                                }
                            }
                            first = false;
                        }
                    }
                    System.arraycopy(max, 0, od, o, m);
                }
            }
        }
    }

    /**
     * {@link #maxPool} for fewer than {@link #FEW} samples, in the output where the values lie: each output row set
     * to −∞, then raised to each window element in turn, a kernel column and a sample at a time in one loop over
     * the output columns whose windows hold that column ({@link Window#firstColumn}, {@link Window#endColumn}): the
     * innermost loop runs the length of a row, not of the few samples, and tests no bounds (a single image's 2 × 2
     * pooling over 32 × 28 × 28 values: 33 µs, against 132 µs window by window; {@code SingleImageBench.maxPool -p
     * samples=1}). The maxima are those of taking a window's first element and then the others in the same order:
     * max(−∞, v) is v, NaN and −0 included.
     */
    private static void maxPoolFew(double[] xd, int x0, Window w, int m, double[] od, int o) {
        int outRow = w.outWidth() * m;
        for (int c = 0; c < w.channels(); c++) {
            for (int oh = 0; oh < w.outHeight(); oh++, o += outRow) {
                Arrays.fill(od, o, o + outRow, (double) Double.NEGATIVE_INFINITY);
                for (int i = 0; i < w.kernelH(); i++) {
                    int ih = oh * w.strideH() - w.padTop() + i;
                    if (ih < 0 || ih >= w.height()) {
                        continue;
                    }
                    int line = x0 + (c * w.height() + ih) * w.width() * m;
                    for (int j = 0; j < w.kernelW(); j++) {
                        int first = w.firstColumn(j);
                        int end = w.endColumn(j);
                        int step = w.strideW() * m;
                        for (int k = 0; k < m; k++) {
                            int src = line + (first * w.strideW() - w.padLeft() + j) * m + k;
                            for (int at = o + first * m + k, stop = o + end * m; at < stop; at += m, src += step) {
                                od[at] = (double) Math.max(od[at], xd[src]);
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public void maxPoolBackward(Tensor x, Tensor out, Tensor dy, Window w, int m, Tensor[] runs, Tensor dx) {
        double[] xd = x.doubles();
        double[] od = out.doubles();
        double[] gd = dy.doubles();
        double[] dd = dx.doubles();
        double[] max = runs[0].doubles();
        double[] rest = runs[1].doubles();
        double[] read = runs[2].doubles();
        double[] routed = runs[3].doubles();
        Arrays.fill(dd, dx.offset(), dx.offset() + dx.size(), (double) 0);
        boolean overlap = w.strideH() < w.kernelH() || w.strideW() < w.kernelW();
        int o = 0;
        for (int c = 0; c < w.channels(); c++) {
            for (int oh = 0; oh < w.outHeight(); oh++) {
                for (int ow = 0; ow < w.outWidth(); ow++, o += m) {
                    System.arraycopy(od, out.offset() + o, max, 0, m);
                    System.arraycopy(gd, dy.offset() + o, rest, 0, m);
                    for (int i = 0; i < w.kernelH(); i++) {
                        int ih = oh * w.strideH() - w.padTop() + i;
                        for (int j = 0; j < w.kernelW(); j++) {
                            int iw = ow * w.strideW() - w.padLeft() + j;
                            if (ih < 0 || ih >= w.height() || iw < 0 || iw >= w.width()) {
                                continue;
                            }
                            int at = ((c * w.height() + ih) * w.width() + iw) * m;
                            System.arraycopy(xd, x.offset() + at, read, 0, m);
                            route(read, max, rest, routed, m);
                            if (overlap) {  // windows share elements: add, through read (free again)
                                System.arraycopy(dd, dx.offset() + at, read, 0, m);
                                for (int k = 0; k < m; k++) {
                                    read[k] = (double) (read[k] + routed[k]);
                                }
                                System.arraycopy(read, 0, dd, dx.offset() + at, m);
                            } else {
                                System.arraycopy(routed, 0, dd, dx.offset() + at, m);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * For n samples of one window element: where x equals the window's maximum and the gradient has not gone to an
     * earlier element, routed = rest and rest = 0, else routed = 0 — without a conditional: hit = 1 − min((max −
     * x)·M·M, 1) with M the element type's largest value is exactly 1 where x = max and 0 where x &lt; max (max − x
     * ≥ the smallest subnormal), so each sample's gradient reaches exactly the first maximum, whole. Four arrays
     * of their own, one index: C2 vectorises it.
     */
    private static void route(double[] x, double[] max, double[] rest, double[] routed, int n) {
        var big = Math.nextDown((double) Double.POSITIVE_INFINITY);
        var one = (double) 1;
        for (int k = 0; k < n; k++) {
            var hit = (double) (one - Math.min((max[k] - x[k]) * big * big, one));
            var g = (double) (hit * rest[k]);
            routed[k] = g;
            rest[k] = (double) (rest[k] - g);
        }
    }

    @Override
    public void avgPool(Tensor x, Window w, int m, Tensor[] runs, Tensor out) {
        double[] xd = x.doubles();
        double[] od = out.doubles();
        double scale = 1.0 / (w.kernelH() * w.kernelW());
        int o = out.offset();
        for (int c = 0; c < w.channels(); c++) {
            for (int oh = 0; oh < w.outHeight(); oh++) {
                for (int ow = 0; ow < w.outWidth(); ow++, o += m) {
                    Arrays.fill(od, o, o + m, (double) 0);
                    for (int i = 0; i < w.kernelH(); i++) {
                        int ih = oh * w.strideH() - w.padTop() + i;
                        for (int j = 0; j < w.kernelW(); j++) {
                            int iw = ow * w.strideW() - w.padLeft() + j;
                            if (ih >= 0 && ih < w.height() && iw >= 0 && iw < w.width()) {
                                addRun(xd, x.offset() + ((c * w.height() + ih) * w.width() + iw) * m, od, o, m,
                                        runs);
                            }
                        }
                    }
                    for (int n = 0; n < m; n++) {
                        od[o + n] = (double) (od[o + n] * scale);
                    }
                }
            }
        }
    }

    @Override
    public void avgPoolBackward(Tensor dy, Window w, int m, Tensor dx) {
        double[] gd = dy.doubles();
        double[] xd = dx.doubles();
        Arrays.fill(xd, dx.offset(), dx.offset() + dx.size(), (double) 0);
        double scale = 1.0 / (w.kernelH() * w.kernelW());
        int o = dy.offset();
        for (int c = 0; c < w.channels(); c++) {
            for (int oh = 0; oh < w.outHeight(); oh++) {
                for (int ow = 0; ow < w.outWidth(); ow++, o += m) {
                    for (int i = 0; i < w.kernelH(); i++) {
                        int ih = oh * w.strideH() - w.padTop() + i;
                        for (int j = 0; j < w.kernelW(); j++) {
                            int iw = ow * w.strideW() - w.padLeft() + j;
                            if (ih >= 0 && ih < w.height() && iw >= 0 && iw < w.width()) {
                                int dst = dx.offset() + ((c * w.height() + ih) * w.width() + iw) * m;
                                for (int n = 0; n < m; n++) {
                                    xd[dst + n] = (double) (xd[dst + n] + gd[o + n] * scale);
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
