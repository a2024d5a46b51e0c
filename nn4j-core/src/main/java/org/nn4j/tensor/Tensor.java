package org.nn4j.tensor;

import java.util.Arrays;

/**
 * A dense, row-major matrix of {@code rows × cols} elements stored contiguously in a primitive array
 * ({@code float[]} or {@code double[]}), starting at {@code offset}. Vectors are 1-column or 1-row matrices.
 *
 * <p>Activations are laid out feature-major, as the theory writes them: a batch of m samples with n features is
 * an {@code n × m} tensor whose column j is sample j, so a dense layer computes Z = W·A + b with one GEMM.
 *
 * <p>Tensors may be views into a larger array (a model's parameters are views into one flat vector); the shape of
 * a tensor never changes. Element access through {@link #get}/{@link #set} is for tests and tools; computation
 * goes through {@link Ops}.
 */
public final class Tensor {
    private final DType dtype;
    private final float[] f;
    private final double[] d;
    private final int offset;
    private final int rows;
    private final int cols;

    private Tensor(DType dtype, float[] f, double[] d, int offset, int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative shape " + rows + "×" + cols);
        }
        int capacity = f != null ? f.length : d.length;
        if (offset < 0 || (long) offset + (long) rows * cols > capacity) {
            throw new IllegalArgumentException("view [" + offset + ", +" + rows + "×" + cols
                    + ") lies outside storage of " + capacity + " elements");
        }
        this.dtype = dtype;
        this.f = f;
        this.d = d;
        this.offset = offset;
        this.rows = rows;
        this.cols = cols;
    }

    /** A zero-filled tensor. */
    public static Tensor zeros(DType dtype, int rows, int cols) {
        long n = (long) rows * cols;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor " + rows + "×" + cols + " is too large for one array");
        }
        return dtype == DType.F32
                ? new Tensor(dtype, new float[(int) n], null, 0, rows, cols)
                : new Tensor(dtype, null, new double[(int) n], 0, rows, cols);
    }

    /** Wraps {@code data} (row-major) without copying. */
    public static Tensor wrap(float[] data, int rows, int cols) {
        requireLength(data.length, rows, cols);
        return new Tensor(DType.F32, data, null, 0, rows, cols);
    }

    /** Wraps {@code data} (row-major) without copying. */
    public static Tensor wrap(double[] data, int rows, int cols) {
        requireLength(data.length, rows, cols);
        return new Tensor(DType.F64, null, data, 0, rows, cols);
    }

    /** A tensor of the given type holding {@code values} (row-major), copied. */
    public static Tensor of(DType dtype, int rows, int cols, double... values) {
        requireLength(values.length, rows, cols);
        Tensor t = zeros(dtype, rows, cols);
        for (int i = 0; i < values.length; i++) {
            t.setFlat(i, values[i]);
        }
        return t;
    }

    private static void requireLength(int length, int rows, int cols) {
        if ((long) rows * cols != length) {
            throw new IllegalArgumentException("shape " + rows + "×" + cols + " needs " + (long) rows * cols
                    + " elements, got " + length);
        }
    }

    /**
     * A workspace of the requested shape: {@code old} itself when it already has that shape, a view over its
     * storage when that is large enough (a smaller last batch), else a new tensor. Layers keep their buffers
     * this way, so steady-state training allocates nothing.
     */
    public static Tensor reuse(Tensor old, DType dtype, int rows, int cols) {
        if (old != null && old.dtype == dtype) {
            if (old.rows == rows && old.cols == cols) {
                return old;
            }
            int capacity = old.f != null ? old.f.length : old.d.length;
            if (old.offset == 0 && (long) rows * cols <= capacity) {
                return new Tensor(dtype, old.f, old.d, 0, rows, cols);
            }
        }
        return zeros(dtype, rows, cols);
    }

    /**
     * A {@code rows × cols} view of this tensor's storage starting {@code start} elements after this tensor's own
     * start. Writes through the view change this tensor.
     */
    public Tensor view(int start, int rows, int cols) {
        return new Tensor(dtype, f, d, offset + start, rows, cols);
    }

    public DType dtype() {
        return dtype;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Number of elements. */
    public int size() {
        return rows * cols;
    }

    /** Index of element (0, 0) in the backing array. */
    public int offset() {
        return offset;
    }

    /** The backing array of a float32 tensor. */
    public float[] floats() {
        if (f == null) {
            throw new IllegalStateException("tensor is " + dtype + ", not float32");
        }
        return f;
    }

    /** The backing array of a float64 tensor. */
    public double[] doubles() {
        if (d == null) {
            throw new IllegalStateException("tensor is " + dtype + ", not float64");
        }
        return d;
    }

    public double get(int r, int c) {
        checkIndex(r, c);
        return getFlat(r * cols + c);
    }

    public void set(int r, int c, double v) {
        checkIndex(r, c);
        setFlat(r * cols + c, v);
    }

    /** Element {@code i} in row-major order. */
    public double getFlat(int i) {
        return f != null ? f[offset + i] : d[offset + i];
    }

    /** Sets element {@code i} in row-major order (rounded to float32 for float32 tensors). */
    public void setFlat(int i, double v) {
        if (f != null) {
            f[offset + i] = (float) v;
        } else {
            d[offset + i] = v;
        }
    }

    private void checkIndex(int r, int c) {
        if (r < 0 || r >= rows || c < 0 || c >= cols) {
            throw new IndexOutOfBoundsException("(" + r + ", " + c + ") outside " + shape());
        }
    }

    /** A copy of the elements in row-major order, as doubles. */
    public double[] toDoubleArray() {
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = getFlat(i);
        }
        return out;
    }

    /** A copy of the elements in row-major order, as floats. */
    public float[] toFloatArray() {
        float[] out = new float[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) getFlat(i);
        }
        return out;
    }

    /** A new tensor of {@code type} with the same shape and values. */
    public Tensor copy(DType type) {
        Tensor t = zeros(type, rows, cols);
        Ops.copy(this, t);
        return t;
    }

    /** {@code "rows×cols"}. */
    public String shape() {
        return rows + "×" + cols;
    }

    /** True if the shapes agree. */
    public boolean sameShape(Tensor o) {
        return rows == o.rows && cols == o.cols;
    }

    @Override
    public String toString() {
        int n = Math.min(size(), 12);
        double[] head = new double[n];
        for (int i = 0; i < n; i++) {
            head[i] = getFlat(i);
        }
        return "Tensor(" + dtype + ", " + shape() + ", " + Arrays.toString(head) + (n < size() ? "…" : "") + ")";
    }
}
