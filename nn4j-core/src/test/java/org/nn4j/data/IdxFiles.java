package org.nn4j.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests. */
final class IdxFiles {
    private IdxFiles() {
    }

    /** An unsigned-byte IDX file: header with the given dimension sizes, then the items. */
    static byte[] idx(int[] dims, byte[] items) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + items.length);
        b.putInt(0x0800 | dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(items).array();
    }

    static byte[] labels(int... labels) {
        byte[] items = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            items[i] = (byte) labels[i];
        }
        return idx(new int[] {labels.length}, items);
    }

    static byte[] images(int count, int rows, int cols, int... pixels) {
        byte[] items = new byte[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            items[i] = (byte) pixels[i];
        }
        return idx(new int[] {count, rows, cols}, items);
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    static Path write(Path file, byte[] bytes) throws IOException {
        return Files.write(file, bytes);
    }
}
