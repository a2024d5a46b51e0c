package org.nn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nn4j.io.Images.f32;
import static org.nn4j.io.Images.image;
import static org.nn4j.io.Images.u16;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Tensor;

/** The reader against byte images built by hand from the specification, independently of the writer. */
class SafetensorsSpecTest {

    @Test
    void readsHandBuiltFile() throws Exception {
        byte[] bytes = image("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", f32(1.0f, -2.5f));
        SafetensorsFile file = Safetensors.read(bytes);
        NamedArray a = file.get("a");
        assertEquals(SafetensorsDType.F32, a.dtype());
        assertArrayEquals(new long[] {2}, a.shape());
        assertArrayEquals(new float[] {1.0f, -2.5f}, a.toFloatArray());
        Tensor column = file.tensor("a", DType.F64);
        assertEquals("2×1", column.shape());
        assertArrayEquals(new double[] {1.0, -2.5}, column.toDoubleArray());
        assertTrue(file.metadata().isEmpty());
    }

    @Test
    void readsMetadataAndKeepsHeaderOrderWhateverTheDataOrder() throws Exception {
        String json = "{\"z\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[4,12]},"
                + "\"__metadata__\":{\"format\":\"pt\",\"note\":\"é\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}      ";
        SafetensorsFile file = Safetensors.read(image(json, f32(7f, 1f, 2f)));
        assertEquals(List.of("z", "a"), List.copyOf(file.tensors().keySet()));
        assertEquals(Map.of("format", "pt", "note", "é"), file.metadata());
        assertArrayEquals(new float[] {1f, 2f}, file.tensor("z", DType.F32).toFloatArray());
        assertArrayEquals(new float[] {7f}, file.get("a").toFloatArray());
        assertEquals(0, file.get("a").shape().length);
    }

    @Test
    void decodesF16KnownPatterns() throws Exception {
        int[] bits = {0x3C00, 0xC000, 0x7BFF, 0x0001, 0x0400, 0x8000, 0x7C00, 0xFC00, 0x3555};
        float[] expected = {1f, -2f, 65504f, 0x1p-24f, 0x1p-14f, -0f, Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, 0.333251953125f};
        assertArrayEquals(expected, read("F16", bits).toFloatArray());
        assertTrue(Float.isNaN(read("F16", 0x7E00).toFloatArray()[0]));
    }

    /** Every one of the 65,536 half-precision values against the textbook formula (−1)^s · 2^(e−15) · 1.m. */
    @Test
    void decodesEveryF16Value() throws Exception {
        int[] bits = new int[1 << 16];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = i;
        }
        float[] got = read("F16", bits).toFloatArray();
        for (int h = 0; h < bits.length; h++) {
            int e = (h >>> 10) & 31;
            int m = h & 1023;
            double magnitude = e == 0 ? Math.scalb((double) m, -24)
                    : e == 31 ? (m == 0 ? Double.POSITIVE_INFINITY : Double.NaN)
                    : Math.scalb(1024.0 + m, e - 25);
            float want = (float) ((h & 0x8000) != 0 ? -magnitude : magnitude);
            assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(got[h]), "F16 0x" + Integer.toHexString(h));
        }
    }

    @Test
    void decodesBf16KnownPatterns() throws Exception {
        int[] bits = {0x3F80, 0xC000, 0x4049, 0x0000, 0x8000, 0x7F80, 0x0001};
        float[] expected = {1f, -2f, 3.140625f, 0f, -0f, Float.POSITIVE_INFINITY, 0x1p-133f};
        assertArrayEquals(expected, read("BF16", bits).toFloatArray());
        assertArrayEquals(new double[] {1.0, -2.0}, read("BF16", 0x3F80, 0xC000).toDoubleArray());
    }

    @Test
    void zeroSizedTensorsMayShareAnOffset() throws Exception {
        String json = "{\"e\":{\"dtype\":\"F32\",\"shape\":[0,3],\"data_offsets\":[4,4]},"
                + "\"s\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"f\":{\"dtype\":\"F64\",\"shape\":[0],\"data_offsets\":[4,4]}}";
        SafetensorsFile file = Safetensors.read(image(json, f32(3f)));
        assertEquals("0×3", file.tensor("e", DType.F32).shape());
        assertEquals(0, file.get("f").size());
    }

    @Test
    void ignoresUnknownFieldsAndAcceptsNullMetadata() throws Exception {
        String json = "{\"__metadata__\":null,\"a\":{\"extra\":{\"x\":[1,2]},\"dtype\":\"F32\",\"shape\":[1],"
                + "\"data_offsets\":[0,4]}}";
        assertArrayEquals(new float[] {5f}, Safetensors.read(image(json, f32(5f))).get("a").toFloatArray());
    }

    @Test
    void validatesNonFloatTypesButRefusesToConvertThem() throws Exception {
        String json = "{\"ids\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}";
        SafetensorsFile file = Safetensors.read(image(json, new byte[8]));
        var e = assertThrows(UnsupportedOperationException.class, () -> file.tensor("ids", DType.F32));
        assertEquals("tensor 'ids' is I64; only F16, BF16, F32 and F64 convert to floating point", e.getMessage());
    }

    @Test
    void refusesRanksWithoutANaturalMatrixForm() throws Exception {
        String json = "{\"k\":{\"dtype\":\"F32\",\"shape\":[1,1,2],\"data_offsets\":[0,8]},"
                + "\"s\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[8,12]}}";
        SafetensorsFile file = Safetensors.read(image(json, f32(1f, 2f, 3f)));
        var rank3 = assertThrows(IllegalArgumentException.class, () -> file.tensor("k", DType.F32));
        assertTrue(rank3.getMessage().startsWith("tensor 'k' has shape [1, 1, 2] (rank 3)"), rank3.getMessage());
        var rank0 = assertThrows(IllegalArgumentException.class, () -> file.tensor("s", DType.F32));
        assertTrue(rank0.getMessage().startsWith("tensor 's' has shape [] (rank 0)"), rank0.getMessage());
        var missing = assertThrows(IllegalArgumentException.class, () -> file.get("w"));
        assertEquals("no tensor 'w'; present are [k, s]", missing.getMessage());
    }

    private static NamedArray read(String dtype, int... patterns) throws Exception {
        String json = "{\"x\":{\"dtype\":\"" + dtype + "\",\"shape\":[" + patterns.length + "],\"data_offsets\":[0,"
                + 2 * patterns.length + "]}}";
        return Safetensors.read(image(json, u16(patterns))).get("x");
    }
}
