package org.nn4j.tensor;

import java.util.function.DoubleSupplier;
import java.util.function.DoubleUnaryOperator;

/**
 * The float64 kernels, and the single source of the float32 ones: the build generates {@code FloatKernels} from
 * this file by turning {@code double[]} into {@code float[]}, {@code (double)} casts into {@code (float)} casts and
 * {@code dgemm} into {@code sgemm}. Every store of a computed value therefore carries a {@code (double)} cast;
 * scalars and accumulators stay double in both precisions.
 */
final class DoubleKernels implements Kernels {
    static final DoubleKernels INSTANCE = new DoubleKernels();

    private DoubleKernels() {
    }

    @Override
    public void gemm(boolean transA, boolean transB, double alpha, Tensor a, Tensor b, double beta, Tensor c) {
        int k = transA ? a.rows() : a.cols();
        Backend.gemm().dgemm(transA, transB, c.rows(), c.cols(), k, (double) alpha,
                a.doubles(), a.offset(), a.cols(), b.doubles(), b.offset(), b.cols(),
                (double) beta, c.doubles(), c.offset(), c.cols());
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        int n = src.size();
        int so = src.offset();
        int dOff = dst.offset();
        if (src.dtype() == DType.F64) {
            System.arraycopy(src.doubles(), so, dst.doubles(), dOff, n);
            return;
        }
        double[] out = dst.doubles();
        for (int i = 0; i < n; i++) {
            out[dOff + i] = (double) src.getFlat(i);
        }
    }

    @Override
    public void fill(Tensor t, double value) {
        double[] x = t.doubles();
        java.util.Arrays.fill(x, t.offset(), t.offset() + t.size(), (double) value);
    }

    @Override
    public void fill(Tensor t, DoubleSupplier values) {
        double[] x = t.doubles();
        int end = t.offset() + t.size();
        for (int i = t.offset(); i < end; i++) {
            x[i] = (double) values.getAsDouble();
        }
    }

    @Override
    public void addColumnVector(Tensor z, Tensor b) {
        double[] zd = z.doubles();
        double[] bd = b.doubles();
        int cols = z.cols();
        for (int r = 0; r < z.rows(); r++) {
            double br = bd[b.offset() + r];
            int row = z.offset() + r * cols;
            for (int c = 0; c < cols; c++) {
                zd[row + c] = (double) (zd[row + c] + br);
            }
        }
    }

    @Override
    public void rowSums(Tensor x, double alpha, Tensor out) {
        double[] xd = x.doubles();
        double[] od = out.doubles();
        int cols = x.cols();
        for (int r = 0; r < x.rows(); r++) {
            int row = x.offset() + r * cols;
            double s = 0;
            for (int c = 0; c < cols; c++) {
                s += xd[row + c];
            }
            od[out.offset() + r] = (double) (alpha * s);
        }
    }

    @Override
    public void axpby(double alpha, Tensor x, double beta, Tensor y, Tensor out) {
        double[] xd = x.doubles();
        double[] yd = y.doubles();
        double[] od = out.doubles();
        int xo = x.offset();
        int yo = y.offset();
        int oo = out.offset();
        for (int i = 0, n = x.size(); i < n; i++) {
            od[oo + i] = (double) (alpha * xd[xo + i] + beta * yd[yo + i]);
        }
    }

    @Override
    public void multiply(Tensor x, Tensor y, Tensor out) {
        double[] xd = x.doubles();
        double[] yd = y.doubles();
        double[] od = out.doubles();
        int xo = x.offset();
        int yo = y.offset();
        int oo = out.offset();
        for (int i = 0, n = x.size(); i < n; i++) {
            od[oo + i] = (double) (xd[xo + i] * yd[yo + i]);
        }
    }

    @Override
    public void map(Tensor x, DoubleUnaryOperator f, Tensor out) {
        double[] xd = x.doubles();
        double[] od = out.doubles();
        int xo = x.offset();
        int oo = out.offset();
        for (int i = 0, n = x.size(); i < n; i++) {
            od[oo + i] = (double) f.applyAsDouble(xd[xo + i]);
        }
    }

    @Override
    public void mapBackward(Tensor z, Tensor a, Tensor grad, Derivative g, Tensor out) {
        double[] zd = z.doubles();
        double[] ad = a.doubles();
        double[] gd = grad.doubles();
        double[] od = out.doubles();
        int zo = z.offset();
        int ao = a.offset();
        int go = grad.offset();
        int oo = out.offset();
        for (int i = 0, n = z.size(); i < n; i++) {
            od[oo + i] = (double) (gd[go + i] * g.at(zd[zo + i], ad[ao + i]));
        }
    }

    @Override
    public void softmaxColumns(Tensor z, Tensor a) {
        double[] zd = z.doubles();
        double[] ad = a.doubles();
        int rows = z.rows();
        int cols = z.cols();
        int zo = z.offset();
        int ao = a.offset();
        for (int c = 0; c < cols; c++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < rows; r++) {
                max = Math.max(max, zd[zo + r * cols + c]);
            }
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                double e = Math.exp(zd[zo + r * cols + c] - max);
                ad[ao + r * cols + c] = (double) e;
                sum += e;
            }
            double inv = 1.0 / sum;
            for (int r = 0; r < rows; r++) {
                ad[ao + r * cols + c] = (double) (ad[ao + r * cols + c] * inv);
            }
        }
    }

    @Override
    public void softmaxBackward(Tensor a, Tensor dA, Tensor dZ) {
        double[] ad = a.doubles();
        double[] gd = dA.doubles();
        double[] od = dZ.doubles();
        int rows = a.rows();
        int cols = a.cols();
        for (int c = 0; c < cols; c++) {
            double dot = 0;
            for (int r = 0; r < rows; r++) {
                dot += ad[a.offset() + r * cols + c] * gd[dA.offset() + r * cols + c];
            }
            for (int r = 0; r < rows; r++) {
                double ar = ad[a.offset() + r * cols + c];
                od[dZ.offset() + r * cols + c] = (double) (ar * (gd[dA.offset() + r * cols + c] - dot));
            }
        }
    }

    @Override
    public double softmaxCrossEntropy(Tensor z, Tensor y, Tensor w) {
        double[] zd = z.doubles();
        double[] yd = y.doubles();
        int rows = z.rows();
        int cols = z.cols();
        double total = 0;
        for (int c = 0; c < cols; c++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < rows; r++) {
                max = Math.max(max, zd[z.offset() + r * cols + c]);
            }
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                sum += Math.exp(zd[z.offset() + r * cols + c] - max);
            }
            double logSumExp = max + Math.log(sum);
            double sample = 0;
            for (int r = 0; r < rows; r++) {
                double yr = yd[y.offset() + r * cols + c];
                if (yr != 0) {
                    sample += yr * (logSumExp - zd[z.offset() + r * cols + c]);
                }
            }
            total += weight(w, c) * sample;
        }
        return total;
    }

    @Override
    public double sigmoidCrossEntropy(Tensor z, Tensor y, Tensor w) {
        double[] zd = z.doubles();
        double[] yd = y.doubles();
        int cols = z.cols();
        double total = 0;
        for (int i = 0, n = z.size(); i < n; i++) {
            double zi = zd[z.offset() + i];
            total += weight(w, i % cols)
                    * (Math.max(zi, 0) - zi * yd[y.offset() + i] + Math.log1p(Math.exp(-Math.abs(zi))));
        }
        return total;
    }

    @Override
    public double squaredError(Tensor a, Tensor y, Tensor w) {
        double[] ad = a.doubles();
        double[] yd = y.doubles();
        int cols = a.cols();
        double total = 0;
        for (int i = 0, n = a.size(); i < n; i++) {
            double e = ad[a.offset() + i] - yd[y.offset() + i];
            total += weight(w, i % cols) * e * e;
        }
        return total;
    }

    /** The weight of sample c, 1 when there are no weights. */
    private static double weight(Tensor w, int c) {
        return w == null ? 1 : w.doubles()[w.offset() + c];
    }

    @Override
    public void scaleColumns(Tensor x, Tensor s) {
        double[] xd = x.doubles();
        double[] sd = s.doubles();
        int cols = x.cols();
        for (int r = 0; r < x.rows(); r++) {
            int row = x.offset() + r * cols;
            for (int c = 0; c < cols; c++) {
                xd[row + c] = (double) (xd[row + c] * sd[s.offset() + c]);
            }
        }
    }

    @Override
    public double sum(Tensor x) {
        double[] xd = x.doubles();
        double s = 0;
        for (int i = x.offset(), end = x.offset() + x.size(); i < end; i++) {
            s += xd[i];
        }
        return s;
    }

    @Override
    public double sumOfSquares(Tensor x) {
        double[] xd = x.doubles();
        double s = 0;
        for (int i = x.offset(), end = x.offset() + x.size(); i < end; i++) {
            double xi = xd[i];
            s += xi * xi;
        }
        return s;
    }

    @Override
    public double maxAbs(Tensor x) {
        double[] xd = x.doubles();
        double m = 0;
        for (int i = x.offset(), end = x.offset() + x.size(); i < end; i++) {
            double v = Math.abs(xd[i]);
            if (!(v <= m)) {
                m = v;
                if (Double.isNaN(v)) {
                    return v;
                }
            }
        }
        return m;
    }

    @Override
    public double sumAbs(Tensor x) {
        double[] xd = x.doubles();
        double s = 0;
        for (int i = x.offset(), end = x.offset() + x.size(); i < end; i++) {
            s += Math.abs(xd[i]);
        }
        return s;
    }

    @Override
    public void clamp(Tensor x, double limit) {
        double[] xd = x.doubles();
        for (int i = x.offset(), end = x.offset() + x.size(); i < end; i++) {
            xd[i] = (double) Math.max(-limit, Math.min(limit, xd[i]));
        }
    }

    @Override
    public void addPenaltyGradient(Tensor w, double l1, double l2, Tensor grad) {
        double[] wd = w.doubles();
        double[] gd = grad.doubles();
        int wo = w.offset();
        int go = grad.offset();
        for (int i = 0, n = w.size(); i < n; i++) {
            double wi = wd[wo + i];
            gd[go + i] = (double) (gd[go + i] + l1 * Math.signum(wi) + 2 * l2 * wi);
        }
    }

    @Override
    public void clipRowNorms(Tensor w, double max) {
        double[] wd = w.doubles();
        int cols = w.cols();
        for (int r = 0; r < w.rows(); r++) {
            int row = w.offset() + r * cols;
            double squares = 0;
            for (int c = 0; c < cols; c++) {
                squares += wd[row + c] * wd[row + c];
            }
            double norm = Math.sqrt(squares);
            if (norm > max) {
                double scale = max / norm;
                for (int c = 0; c < cols; c++) {
                    wd[row + c] = (double) (wd[row + c] * scale);
                }
            }
        }
    }

    @Override
    public void dropoutMask(Tensor mask, long key, double rate, double scale) {
        double[] md = mask.doubles();
        int o = mask.offset();
        for (int i = 0, n = mask.size(); i < n; i++) {
            md[o + i] = (double) (Noise.uniform(key, i) >= rate ? scale : 0);
        }
    }

    @Override
    public void rowMoments(Tensor x, Tensor mean, Tensor var) {
        double[] xd = x.doubles();
        double[] md = mean.doubles();
        double[] vd = var.doubles();
        int cols = x.cols();
        for (int r = 0; r < x.rows(); r++) {
            int row = x.offset() + r * cols;
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                sum += xd[row + c];
            }
            double mu = sum / cols;
            double squares = 0;
            for (int c = 0; c < cols; c++) {
                double d = xd[row + c] - mu;
                squares += d * d;
            }
            md[mean.offset() + r] = (double) mu;
            vd[var.offset() + r] = (double) (squares / cols);
        }
    }

    @Override
    public void batchNormForward(Tensor x, Tensor mean, Tensor var, double eps, Tensor gamma, Tensor beta,
                                 Tensor xhat, Tensor y) {
        double[] xd = x.doubles();
        double[] hd = xhat.doubles();
        double[] yd = y.doubles();
        int cols = x.cols();
        for (int r = 0; r < x.rows(); r++) {
            double mu = mean.doubles()[mean.offset() + r];
            double inv = 1 / Math.sqrt(var.doubles()[var.offset() + r] + eps);
            double g = gamma.doubles()[gamma.offset() + r];
            double b = beta.doubles()[beta.offset() + r];
            for (int c = 0; c < cols; c++) {
                double h = (xd[x.offset() + r * cols + c] - mu) * inv;
                hd[xhat.offset() + r * cols + c] = (double) h;
                yd[y.offset() + r * cols + c] = (double) (g * h + b);
            }
        }
    }

    @Override
    public void batchNormBackward(Tensor g, Tensor xhat, Tensor var, double eps, Tensor gamma, Tensor dGamma,
                                  Tensor dBeta, Tensor dX) {
        double[] gd = g.doubles();
        double[] hd = xhat.doubles();
        double[] dd = dX.doubles();
        int cols = g.cols();
        for (int r = 0; r < g.rows(); r++) {
            int gRow = g.offset() + r * cols;
            int hRow = xhat.offset() + r * cols;
            double sum = 0;
            double dot = 0;
            for (int c = 0; c < cols; c++) {
                sum += gd[gRow + c];
                dot += gd[gRow + c] * hd[hRow + c];
            }
            double meanG = sum / cols;
            double meanGh = dot / cols;
            dGamma.doubles()[dGamma.offset() + r] = (double) meanGh;
            dBeta.doubles()[dBeta.offset() + r] = (double) meanG;
            double k = gamma.doubles()[gamma.offset() + r] / Math.sqrt(var.doubles()[var.offset() + r] + eps);
            int dRow = dX.offset() + r * cols;
            for (int c = 0; c < cols; c++) {
                dd[dRow + c] = (double) (k * (gd[gRow + c] - meanG - hd[hRow + c] * meanGh));
            }
        }
    }

    @Override
    public void adaptiveStep(Tensor p, Tensor g, Tensor v, double lr, double decay, double gain, double eps) {
        double[] pd = p.doubles();
        double[] gd = g.doubles();
        double[] vd = v.doubles();
        int po = p.offset();
        int go = g.offset();
        int vo = v.offset();
        for (int i = 0, n = p.size(); i < n; i++) {
            double gi = gd[go + i];
            double vi = decay * vd[vo + i] + gain * gi * gi;
            vd[vo + i] = (double) vi;
            pd[po + i] = (double) (pd[po + i] - lr * gi / (Math.sqrt(vi) + eps));
        }
    }

    @Override
    public void adam(Tensor p, Tensor g, Tensor m, Tensor v, double lr, double beta1, double beta2, double eps,
                     double c1, double c2) {
        double[] pd = p.doubles();
        double[] gd = g.doubles();
        double[] md = m.doubles();
        double[] vd = v.doubles();
        int po = p.offset();
        int go = g.offset();
        int mo = m.offset();
        int vo = v.offset();
        double step = lr / c1;
        double invSqrtC2 = 1.0 / Math.sqrt(c2);
        for (int i = 0, n = p.size(); i < n; i++) {
            double gi = gd[go + i];
            double mi = beta1 * md[mo + i] + (1 - beta1) * gi;
            double vi = beta2 * vd[vo + i] + (1 - beta2) * gi * gi;
            md[mo + i] = (double) mi;
            vd[vo + i] = (double) vi;
            pd[po + i] = (double) (pd[po + i] - step * mi / (Math.sqrt(vi) * invSqrtC2 + eps));
        }
    }

    @Override
    public void gatherColumns(float[] src, int[] index, int from, Tensor dst) {
        double[] out = dst.doubles();
        int rows = dst.rows();
        int cols = dst.cols();
        int o = dst.offset();
        for (int c = 0; c < cols; c++) {
            int base = index[from + c] * rows;
            for (int r = 0; r < rows; r++) {
                out[o + r * cols + c] = src[base + r];
            }
        }
    }

    @Override
    public void encodeLabels(int[] labels, int[] index, int from, Tensor y) {
        double[] out = y.doubles();
        int cols = y.cols();
        int o = y.offset();
        if (y.rows() == 1) {
            for (int c = 0; c < cols; c++) {
                out[o + c] = (double) labels[index[from + c]];
            }
            return;
        }
        java.util.Arrays.fill(out, o, o + y.size(), (double) 0);
        for (int c = 0; c < cols; c++) {
            out[o + labels[index[from + c]] * cols + c] = (double) 1;
        }
    }

    @Override
    public void argmaxColumns(Tensor a, double threshold, int[] out, int outOffset) {
        double[] ad = a.doubles();
        int rows = a.rows();
        int cols = a.cols();
        int o = a.offset();
        for (int c = 0; c < cols; c++) {
            if (rows == 1) {
                out[outOffset + c] = ad[o + c] >= threshold ? 1 : 0;
                continue;
            }
            int best = 0;
            double bestValue = ad[o + c];
            for (int r = 1; r < rows; r++) {
                double x = ad[o + r * cols + c];
                if (x > bestValue) {
                    bestValue = x;
                    best = r;
                }
            }
            out[outOffset + c] = best;
        }
    }

    @Override
    public void scatterColumns(Tensor a, float[] out, int outOffset) {
        double[] ad = a.doubles();
        int rows = a.rows();
        int cols = a.cols();
        for (int c = 0; c < cols; c++) {
            for (int r = 0; r < rows; r++) {
                out[(outOffset + c) * rows + r] = (float) ad[a.offset() + r * cols + c];
            }
        }
    }
}
