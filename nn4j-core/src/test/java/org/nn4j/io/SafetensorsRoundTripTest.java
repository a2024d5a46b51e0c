package org.nn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Tensor;

/** Writing then reading gives back every bit, the metadata and the order; the written header follows the spec. */
class SafetensorsRoundTripTest {
    private static final double[] AWKWARD = {0.0, -0.0, 1.0 / 3, -1e-310, Double.MIN_VALUE, Double.MAX_VALUE,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 42};

    @Test
    void roundTripsF32AndF64ExactlyThroughAFile(@TempDir Path dir) throws Exception {
        Tensor w = Tensor.wrap(new float[] {1.5f, -0f, Float.MIN_VALUE, Float.NaN, 1f / 3, Float.MAX_VALUE}, 2, 3);
        Tensor b = Tensor.wrap(AWKWARD.clone(), 10, 1);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "nn4j");
        metadata.put("note", "ünïcode \"quoted\"\n");
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("w", w);
        tensors.put("b", b);
        Path file = dir.resolve("model.safetensors");

        Safetensors.write(file, metadata, tensors, Map.of("b", new long[] {10}));
        SafetensorsFile read = Safetensors.read(file);

        assertEquals(metadata, read.metadata());
        assertEquals(List.of("w", "b"), List.copyOf(read.tensors().keySet()));
        assertEquals(SafetensorsDType.F32, read.get("w").dtype());
        assertArrayEquals(new long[] {2, 3}, read.get("w").shape());
        assertArrayEquals(w.floats(), read.tensor("w", DType.F32).floats());
        assertEquals(SafetensorsDType.F64, read.get("b").dtype());
        assertArrayEquals(new long[] {10}, read.get("b").shape());
        Tensor b2 = read.tensor("b", DType.F64);
        assertEquals("10×1", b2.shape());
        assertArrayEquals(AWKWARD, b2.doubles());
        float[] narrowed = read.tensor("b", DType.F32).floats();
        for (int i = 0; i < AWKWARD.length; i++) {
            assertEquals((float) AWKWARD[i], narrowed[i]);
        }
    }

    @Test
    void writesViewsAndAlignsTheData() throws Exception {
        Tensor flat = Tensor.wrap(new double[] {9, 1, 2, 3, 4, 9}, 1, 6);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("v", flat.view(1, 2, 2)); // a view at offset 1, as a model's parameters are
        byte[] bytes = Safetensors.toBytes(Map.of(), tensors, Map.of());

        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8);
        assertEquals(8 + headerLength + 4 * 8, bytes.length);
        String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertEquals("{\"v\":{\"dtype\":\"F64\",\"shape\":[2,2],\"data_offsets\":[0,32]}}", header.strip());
        assertArrayEquals(new double[] {1, 2, 3, 4}, Safetensors.read(bytes).get("v").toDoubleArray());
    }

    @Test
    void roundTripsAMillionFloats() throws Exception {
        float[] values = new float[1_000_000];
        Random random = new Random(7);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        byte[] bytes = Safetensors.toBytes(Map.of(), Map.of("big", Tensor.wrap(values, 1000, 1000)), Map.of());
        assertArrayEquals(values, Safetensors.read(bytes).tensor("big", DType.F32).floats());
        double[] wide = Safetensors.read(bytes).get("big").toDoubleArray();
        assertEquals(values[123_456], wide[123_456]);
    }

    @Test
    void embedsInAStreamAndLeavesItAfterTheImage() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {'n', 'n', '4', 'j'});
        Safetensors.write(out, Map.of("k", "v"), Map.of("x", Tensor.of(DType.F32, 1, 2, 3, 4)), Map.of());
        out.write(new byte[] {'e', 'n', 'd'});

        InputStream in = new ByteArrayInputStream(out.toByteArray());
        assertArrayEquals(new byte[] {'n', 'n', '4', 'j'}, in.readNBytes(4));
        SafetensorsFile file = Safetensors.read(in, "model.nn4j#weights");
        assertEquals(Map.of("k", "v"), file.metadata());
        assertArrayEquals(new float[] {3, 4}, file.get("x").toFloatArray());
        assertArrayEquals(new byte[] {'e', 'n', 'd'}, in.readAllBytes());
    }

    @Test
    void writesEmptyFile() throws Exception {
        SafetensorsFile file = Safetensors.read(Safetensors.toBytes(Map.of(), Map.of(), Map.of()));
        assertEquals(0, file.tensors().size());
    }

    @Test
    void rejectsInvalidArguments() {
        Tensor t = Tensor.zeros(DType.F32, 2, 3);
        var badShape = assertThrows(IllegalArgumentException.class,
                () -> Safetensors.toBytes(Map.of(), Map.of("w", t), Map.of("w", new long[] {5})));
        assertEquals("shape [5] for tensor 'w' does not hold its 2×3 elements", badShape.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class,
                () -> Safetensors.toBytes(Map.of(), Map.of("w", t), Map.of("bias", new long[] {6})));
        assertEquals("shape given for 'bias', which is not among the tensors", unknown.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Safetensors.toBytes(Map.of(), Map.of("__metadata__", t), Map.of()));
    }
}
