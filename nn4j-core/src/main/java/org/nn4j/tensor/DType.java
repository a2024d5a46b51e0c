package org.nn4j.tensor;

/**
 * Element type of a {@link Tensor}. float32 is the default for training; float64 serves exact gradient checks.
 * Each type owns its kernel set; {@code FloatKernels} is generated from {@code DoubleKernels} at build time.
 */
public enum DType {
    F32("float32", 4),
    F64("float64", 8);

    private final String label;
    private final int bytes;

    DType(String label, int bytes) {
        this.label = label;
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** The kernel set that computes on tensors of this type. */
    Kernels kernels() {
        return this == F32 ? FloatKernels.INSTANCE : DoubleKernels.INSTANCE;
    }

    /** Parses {@code float32}/{@code f32}/{@code float64}/{@code f64}/{@code double}. */
    public static DType parse(String s) {
        switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "float32": case "f32": case "float": return F32;
            case "float64": case "f64": case "double": return F64;
            default: throw new IllegalArgumentException("unknown dtype '" + s + "' (expected float32 or float64)");
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
