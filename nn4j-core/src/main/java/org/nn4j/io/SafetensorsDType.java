package org.nn4j.io;

/**
 * The whole-byte element types the safetensors specification defines, with their sizes. All are recognised so that
 * the byte layout of any such file can be validated (checkpoints often carry integer buffers beside the weights);
 * only {@link #F16}, {@link #BF16}, {@link #F32} and {@link #F64} convert to floating point (see {@link NamedArray}).
 * The sub-byte types (F4, F6_E2M3, F6_E3M2) are not recognised: their byte ranges are not a plain product.
 */
public enum SafetensorsDType {
    BOOL(1), U8(1), I8(1), F8_E5M2(1), F8_E4M3(1), F8_E8M0(1),
    I16(2), U16(2), F16(2), BF16(2),
    I32(4), U32(4), F32(4),
    I64(8), U64(8), F64(8), C64(8);

    private final int bytes;

    SafetensorsDType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** The type spelled {@code name} in a header (case-sensitive, as the format is), or {@code null} if none. */
    static SafetensorsDType byName(String name) {
        for (SafetensorsDType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
