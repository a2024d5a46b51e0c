package org.nn4j.io;

import com.google.gson.stream.JsonWriter;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.nn4j.data.Sources;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Tensor;

/**
 * Reads and writes the safetensors format (https://huggingface.co/docs/safetensors), the weight format of the
 * Hugging Face ecosystem: an 8-byte little-endian header length N, N bytes of UTF-8 JSON describing each tensor's
 * dtype, shape and byte range, then the raw little-endian data. It holds no code, so loading a file is safe.
 *
 * <p>Reading trusts nothing in the file: each length and offset is checked before use, and every defect raises a
 * {@link SafetensorsFormatException} naming the file and the cause. Writing lays tensors out in the map's iteration
 * order (pass a {@code LinkedHashMap} for a reproducible file) and pads the header with spaces so the data starts
 * 8-byte aligned, as the specification recommends.
 */
public final class Safetensors {
    /** The reference implementation's limit; a larger length means the file is not safetensors at all. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    /** The data buffer is held in one array. */
    static final long MAX_DATA_BYTES = Integer.MAX_VALUE - 8;
    /** Elements converted per write, bounding the staging buffer for tensors of any size. */
    private static final int CHUNK = 1 << 16;

    private Safetensors() {}

    /** Reads a whole file; bytes after the data buffer are an error, as the specification requires. */
    public static SafetensorsFile read(Path file) throws IOException {
        try (InputStream in = Sources.open(file)) {
            return read(new BufferedInputStream(in), java.nio.file.Files.size(file), file.toString());
        }
    }

    /** Reads an image held in {@code bytes}, which it must fill exactly. */
    public static SafetensorsFile read(byte[] bytes) throws IOException {
        return read(new ByteArrayInputStream(bytes), bytes.length, null);
    }

    /**
     * Reads one image from {@code in} and leaves the stream just after it, so the image can be embedded in a larger
     * file. {@code source} names the stream in error messages (may be {@code null}).
     */
    public static SafetensorsFile read(InputStream in, String source) throws IOException {
        return read(in, -1, source);
    }

    /** {@code size} is the total number of bytes {@code in} holds, or -1 if unknown. */
    private static SafetensorsFile read(InputStream in, long size, String source) throws IOException {
        byte[] prefix = in.readNBytes(8);
        if (prefix.length < 8) {
            throw SafetensorsFormatException.truncated(source, "input is " + prefix.length
                    + " bytes, shorter than the 8-byte header length that starts a safetensors file");
        }
        long n = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (Long.compareUnsigned(n, MAX_HEADER_BYTES) > 0) {
            throw new SafetensorsFormatException(source, "header length " + Long.toUnsignedString(n)
                    + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes; is this a safetensors file?");
        }
        if (size >= 0 && n > size - 8) {
            throw SafetensorsFormatException.truncated(source, "header length " + n + " exceeds the " + (size - 8)
                    + " bytes after the length prefix");
        }
        byte[] json = in.readNBytes((int) n);
        if (json.length < n) {
            throw SafetensorsFormatException.truncated(source, "header length is " + n + " but the input ends after "
                    + json.length + " header bytes");
        }
        HeaderParser.Header header = new HeaderParser(source).parse(json);
        long need = header.dataLength();
        if (need > MAX_DATA_BYTES) {
            throw new SafetensorsFormatException(source, "tensor data of " + need
                    + " bytes exceeds the " + MAX_DATA_BYTES + " bytes one Java array holds");
        }
        long present = size - 8 - n;
        if (size >= 0 && present > need) {
            throw new SafetensorsFormatException(source, (present - need) + " bytes follow the " + need
                    + " bytes of tensor data the header describes");
        }
        byte[] data;
        int got;
        if (size >= 0) { // the length is known to be at most what the input holds: allocate it at once
            data = new byte[(int) Math.min(need, present)];
            got = in.readNBytes(data, 0, data.length);
        } else { // a stream may end early: let the buffer grow as bytes actually arrive
            data = in.readNBytes((int) need);
            got = data.length;
        }
        if (got < need) {
            throw SafetensorsFormatException.truncated(source, "data truncated: the header describes " + need
                    + " bytes of tensor data but only " + got + " are present");
        }
        Map<String, NamedArray> arrays = new LinkedHashMap<>();
        for (HeaderParser.Entry e : header.entries()) {
            ByteBuffer slice = ByteBuffer.wrap(data, (int) e.begin(), (int) (e.end() - e.begin()));
            arrays.put(e.name(), new NamedArray(e.name(), e.dtype(), e.shape(), slice));
        }
        return new SafetensorsFile(header.metadata(), arrays);
    }

    /**
     * Writes {@code tensors} as F32 or F64 (each its own type), in iteration order.
     *
     * @param metadata free-form strings stored as {@code __metadata__} (omitted when empty)
     * @param tensors the tensors by name, written with shape [rows, cols] unless {@code shapes} says otherwise
     * @param shapes shapes to store instead of [rows, cols] for some tensors, e.g. [n] for a bias exported as
     *     PyTorch stores it; each must hold the tensor's element count. Usually empty.
     */
    public static void write(Path file, Map<String, String> metadata, Map<String, Tensor> tensors,
            Map<String, long[]> shapes) throws IOException {
        byte[] header = header(metadata, tensors, shapes);
        AtomicFile.write(file, out -> writeImage(out, header, tensors));
    }

    /** As {@link #write(Path, Map, Map, Map)}, to a stream left open, so the image can be embedded. */
    public static void write(OutputStream out, Map<String, String> metadata, Map<String, Tensor> tensors,
            Map<String, long[]> shapes) throws IOException {
        writeImage(out, header(metadata, tensors, shapes), tensors);
    }

    /** As {@link #write(Path, Map, Map, Map)}, into a new byte array. */
    public static byte[] toBytes(Map<String, String> metadata, Map<String, Tensor> tensors,
            Map<String, long[]> shapes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(out, metadata, tensors, shapes);
        } catch (IOException e) {
            throw new UncheckedIOException("a byte array stream does not fail", e);
        }
        return out.toByteArray();
    }

    private static void writeImage(OutputStream out, byte[] header, Map<String, Tensor> tensors) throws IOException {
        out.write(header);
        ByteBuffer staging = ByteBuffer.allocate(CHUNK * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor t : tensors.values()) {
            for (int start = 0; start < t.size(); start += CHUNK) {
                int n = Math.min(CHUNK, t.size() - start);
                staging.clear();
                if (t.dtype() == DType.F32) {
                    staging.asFloatBuffer().put(t.floats(), t.offset() + start, n);
                } else {
                    staging.asDoubleBuffer().put(t.doubles(), t.offset() + start, n);
                }
                out.write(staging.array(), 0, n * t.dtype().bytes());
            }
        }
    }

    /** The element count of {@code shape}, or -1 if a dimension is negative or the count overflows. */
    private static long elements(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0 || (d > 0 && n > Long.MAX_VALUE / d)) {
                return -1;
            }
            n *= d;
        }
        return n;
    }

    /** The length prefix and JSON header, validating the arguments. */
    private static byte[] header(Map<String, String> metadata, Map<String, Tensor> tensors,
            Map<String, long[]> shapes) {
        for (String name : shapes.keySet()) {
            if (!tensors.containsKey(name)) {
                throw new IllegalArgumentException("shape given for '" + name + "', which is not among the tensors");
            }
        }
        StringWriter json = new StringWriter();
        try (JsonWriter w = new JsonWriter(json)) {
            w.beginObject();
            if (!metadata.isEmpty()) {
                w.name("__metadata__").beginObject();
                for (Map.Entry<String, String> e : metadata.entrySet()) {
                    w.name(Objects.requireNonNull(e.getKey(), "metadata key is null"));
                    w.value(Objects.requireNonNull(e.getValue(), () -> "metadata '" + e.getKey() + "' is null"));
                }
                w.endObject();
            }
            long offset = 0;
            for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
                String name = Objects.requireNonNull(e.getKey(), "tensor name is null");
                Tensor t = Objects.requireNonNull(e.getValue(), () -> "tensor '" + name + "' is null");
                if (name.equals("__metadata__")) {
                    throw new IllegalArgumentException("'__metadata__' is reserved and cannot name a tensor");
                }
                long[] shape = shapes.getOrDefault(name, new long[] {t.rows(), t.cols()});
                if (elements(shape) != t.size()) {
                    throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " for tensor '" + name
                            + "' does not hold its " + t.shape() + " elements");
                }
                long end = offset + (long) t.size() * t.dtype().bytes();
                w.name(name).beginObject();
                w.name("dtype").value(t.dtype() == DType.F32 ? "F32" : "F64");
                w.name("shape").beginArray();
                for (long d : shape) {
                    w.value(d);
                }
                w.endArray();
                w.name("data_offsets").beginArray().value(offset).value(end).endArray();
                w.endObject();
                offset = end;
            }
            w.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a string writer does not fail", e);
        }
        byte[] utf8 = json.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (utf8.length + 7) & ~7; // spaces up to a multiple of 8, so the data is 8-byte aligned
        ByteBuffer out = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(utf8);
        while (out.hasRemaining()) {
            out.put((byte) ' ');
        }
        return out.array();
    }
}
