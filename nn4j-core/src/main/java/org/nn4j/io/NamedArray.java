package org.nn4j.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.ShortBuffer;
import java.util.Arrays;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Tensor;

/**
 * One tensor of a safetensors file as stored: its name, element type, shape (any rank) and raw little-endian bytes.
 *
 * <p>The bytes are kept undecoded and read-only, so a file is held in memory once and each conversion decodes
 * straight into the precision the caller asks for. Half-precision types are widened exactly; F64 narrowed to float
 * rounds to nearest.
 */
public final class NamedArray {
    private final String name;
    private final SafetensorsDType dtype;
    private final long[] shape;
    private final int size;
    private final ByteBuffer data;

    /** {@code data} must hold exactly {@code product(shape) × dtype.bytes()} bytes; the reader has checked this. */
    NamedArray(String name, SafetensorsDType dtype, long[] shape, ByteBuffer data) {
        this.name = name;
        this.dtype = dtype;
        this.shape = shape.clone();
        this.size = data.remaining() / dtype.bytes();
        this.data = data.slice().asReadOnlyBuffer();
    }

    public String name() {
        return name;
    }

    public SafetensorsDType dtype() {
        return dtype;
    }

    /** The dimensions, outermost first; empty for a scalar. */
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    /** The stored bytes, little-endian, as a new read-only buffer over them (for checksums and exact copies). */
    ByteBuffer rawBytes() {
        return littleEndian();
    }

    /** The elements in row-major order as floats. */
    public float[] toFloatArray() {
        float[] out = new float[size];
        ByteBuffer b = littleEndian();
        switch (dtype) {
            case F32 -> b.asFloatBuffer().get(out);
            case F64 -> {
                DoubleBuffer d = b.asDoubleBuffer();
                for (int i = 0; i < size; i++) {
                    out[i] = (float) d.get(i);
                }
            }
            case F16 -> {
                ShortBuffer s = b.asShortBuffer();
                for (int i = 0; i < size; i++) {
                    out[i] = halfToFloat(s.get(i));
                }
            }
            case BF16 -> {
                ShortBuffer s = b.asShortBuffer();
                for (int i = 0; i < size; i++) {
                    // bfloat16 is the upper half of a float32: same sign, exponent and leading mantissa bits.
                    out[i] = Float.intBitsToFloat(s.get(i) << 16);
                }
            }
            default -> throw notFloatingPoint();
        }
        return out;
    }

    /** The elements in row-major order as doubles (exact for every floating-point type). */
    public double[] toDoubleArray() {
        double[] out = new double[size];
        if (dtype == SafetensorsDType.F64) {
            littleEndian().asDoubleBuffer().get(out);
        } else {
            float[] f = toFloatArray();
            for (int i = 0; i < size; i++) {
                out[i] = f[i];
            }
        }
        return out;
    }

    /**
     * A new 2-D tensor of type {@code as}: shape [r, c] becomes r×c, and a vector [n] becomes an n×1 column, the
     * orientation nn4j gives biases. Other ranks have no single natural matrix form and are refused.
     *
     * @throws IllegalArgumentException if the rank is not 1 or 2
     * @throws UnsupportedOperationException if the element type is not floating point
     */
    public Tensor toTensor(DType as) {
        int rows;
        int cols;
        if (shape.length == 1) {
            rows = (int) shape[0];
            cols = 1;
        } else if (shape.length == 2) {
            rows = (int) shape[0];
            cols = (int) shape[1];
        } else {
            throw new IllegalArgumentException("tensor '" + name + "' has shape " + Arrays.toString(shape) + " (rank "
                    + shape.length + "); only rank 1 (as an n×1 column) and rank 2 convert to a Tensor");
        }
        return as == DType.F32 ? Tensor.wrap(toFloatArray(), rows, cols) : Tensor.wrap(toDoubleArray(), rows, cols);
    }

    private ByteBuffer littleEndian() {
        // duplicate() gives each call its own position, so concurrent readers do not interfere; its order is reset.
        return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    private UnsupportedOperationException notFloatingPoint() {
        return new UnsupportedOperationException("tensor '" + name + "' is " + dtype
                + "; only F16, BF16, F32 and F64 convert to floating point");
    }

    /** IEEE 754 binary16 → binary32, exact (Java 17 has no {@code Float.float16ToFloat}). */
    static float halfToFloat(short bits) {
        int h = bits & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exponent == 0x1F) { // infinity or NaN: keep the payload
            return Float.intBitsToFloat(sign | 0x7F80_0000 | mantissa << 13);
        }
        if (exponent == 0) { // zero or subnormal: mantissa × 2^-24, exact in float
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        // Normal: rebias the exponent from 15 to 127.
        return Float.intBitsToFloat(sign | (exponent + 112) << 23 | mantissa << 13);
    }

    @Override
    public String toString() {
        return "NamedArray(" + name + ", " + dtype + ", " + Arrays.toString(shape) + ")";
    }
}
