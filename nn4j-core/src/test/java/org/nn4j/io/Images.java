package org.nn4j.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds safetensors byte images by hand, independently of the writer, to test the reader against the spec. */
final class Images {
    private Images() {}

    /** 8-byte little-endian length of {@code json}, the UTF-8 {@code json} itself (unpadded), then {@code data}. */
    static byte[] image(String json, byte[] data) {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(header.length).put(header).put(data).array();
    }

    static byte[] image(String json) {
        return image(json, new byte[0]);
    }

    static byte[] f32(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    /** 16-bit patterns (F16 or BF16), little-endian. */
    static byte[] u16(int... patterns) {
        ByteBuffer b = ByteBuffer.allocate(2 * patterns.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int p : patterns) {
            b.putShort((short) p);
        }
        return b.array();
    }
}
