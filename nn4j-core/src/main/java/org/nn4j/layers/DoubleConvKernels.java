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

    private DoubleConvKernels() {
    }

    @Override
    public void im2col(Tensor x, Window w, int m, int first, int count, Tensor cols) {
        windows(x, w, m, first, count, cols, true);
    }

    @Override
    public void col2im(Tensor cols, Window w, int m, Tensor dx) {
        Arrays.fill(dx.doubles(), dx.offset(), dx.offset() + dx.size(), (double) 0);
        windows(dx, w, m, 0, m, cols, false);
    }

    @Override
    public void placeSamples(Tensor part, int first, Tensor whole) {
        double[] pd = part.doubles();
        double[] wd = whole.doubles();
        int count = part.size() / whole.rows();
        for (int r = 0; r < whole.rows(); r++) {
            System.arraycopy(pd, part.offset() + r * count, wd, whole.offset() + r * whole.cols() + first, count);
        }
    }

    /**
     * Visits every run of values a window row reads, for samples {@code first .. first + count − 1} of an image
     * batch of m: with {@code gather}, copies it from the image into cols and fills what lies outside with zeros
     * (im2col); otherwise adds it from cols back into the image (col2im). A run is the samples' values of one
     * pixel, or, when all m samples are visited with stride 1, a whole output row of them.
     */
    private static void windows(Tensor image, Window w, int m, int firstSample, int count, Tensor cols,
                                boolean gather) {
        double[] xd = image.doubles();
        double[] cd = cols.doubles();
        boolean whole = count == m && w.strideW() == 1;
        int run = w.outWidth() * count;
        int rowLength = w.outHeight() * run;
        int row = cols.offset();
        for (int c = 0; c < w.channels(); c++) {
            int channel = image.offset() + c * w.pixels() * m;
            for (int i = 0; i < w.kernelH(); i++) {
                for (int j = 0; j < w.kernelW(); j++, row += rowLength) {
                    int first = w.firstColumn(j);
                    int end = w.endColumn(j);
                    for (int oh = 0; oh < w.outHeight(); oh++) {
                        int dst = row + oh * run;
                        int ih = oh * w.strideH() - w.padTop() + i;
                        boolean inside = ih >= 0 && ih < w.height() && first < end;
                        if (gather) {  // the zeros of the padding
                            Arrays.fill(cd, dst, inside ? dst + first * count : dst + run, (double) 0);
                            Arrays.fill(cd, inside ? dst + end * count : dst, dst + run, (double) 0);
                        }
                        if (!inside) {
                            continue;
                        }
                        int src = channel + (ih * w.width() + first * w.strideW() - w.padLeft() + j) * m + firstSample;
                        int step = whole ? (end - first) * m : count;
                        int pixels = whole ? end - first : 1;
                        for (int ow = first; ow < end; ow += pixels, src += w.strideW() * m * pixels) {
                            if (gather) {
                                System.arraycopy(xd, src, cd, dst + ow * count, step);
                            } else {
                                addRun(cd, dst + ow * count, xd, src, step);
                            }
                        }
                    }
                }
            }
        }
    }

    /** to[t .. t + n) += from[f .. f + n). */
    private static void addRun(double[] from, int f, double[] to, int t, int n) {
        for (int k = 0; k < n; k++) {
            to[t + k] = (double) (to[t + k] + from[f + k]);
        }
    }

    @Override
    public void maxPool(Tensor x, Window w, int m, Tensor out, int[] argmax) {
        double[] xd = x.doubles();
        double[] od = out.doubles();
        int o = 0;
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
                            int src = ((c * w.height() + ih) * w.width() + iw) * m;
                            for (int n = 0; n < m; n++) {
                                var v = xd[x.offset() + src + n];
                                if (first || v > od[out.offset() + o + n]) {
                                    od[out.offset() + o + n] = v;
                                    argmax[o + n] = src + n;
                                }
                            }
                            first = false;
                        }
                    }
                }
            }
        }
    }

    @Override
    public void maxPoolBackward(Tensor dy, int[] argmax, Tensor dx) {
        double[] gd = dy.doubles();
        double[] xd = dx.doubles();
        Arrays.fill(xd, dx.offset(), dx.offset() + dx.size(), (double) 0);
        for (int o = 0, n = dy.size(); o < n; o++) {
            int at = dx.offset() + argmax[o];
            xd[at] = (double) (xd[at] + gd[dy.offset() + o]);
        }
    }

    @Override
    public void avgPool(Tensor x, Window w, int m, Tensor out) {
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
                                addRun(xd, x.offset() + ((c * w.height() + ih) * w.width() + iw) * m, od, o, m);
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
