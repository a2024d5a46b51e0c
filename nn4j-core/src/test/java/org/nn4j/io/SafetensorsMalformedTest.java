package org.nn4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nn4j.io.Images.f32;
import static org.nn4j.io.Images.image;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nn4j.tensor.DType;
import org.nn4j.tensor.Tensor;

/** Every defect the format can have gives a SafetensorsFormatException with its own, exact message. */
class SafetensorsMalformedTest {
    private static final String A = "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";

    @Test
    void tooShortForTheLengthPrefix() {
        fails(new byte[0], "input is 0 bytes, shorter than the 8-byte header length that starts a safetensors file");
        fails(new byte[5], "input is 5 bytes, shorter than the 8-byte header length that starts a safetensors file");
    }

    @Test
    void headerLengthBeyondTheFileOrAbsurd() {
        fails(withLength(1000, 12), "header length 1000 exceeds the 12 bytes after the length prefix");
        fails(withLength(200_000_000, 12),
                "header length 200000000 exceeds the limit of 100000000 bytes; is this a safetensors file?");
        fails(withLength(-1, 12),
                "header length 18446744073709551615 exceeds the limit of 100000000 bytes; is this a safetensors file?");
    }

    @Test
    void headerNotAJsonObject() {
        byte[] latin1 = image("{\"é\":1}".replace('é', 'x'));
        latin1[10] = (byte) 0xE9; // a lone Latin-1 é is not UTF-8
        fails(latin1, "header is not valid UTF-8");
        fails(image("\uFEFF{}"), "header starts with a byte-order mark");
        fails(image("{\"a\":"), "header is not valid JSON: End of input at line 1 column 6 path $.a");
        fails(image("        "), "header is not valid JSON: End of input at line 1 column 9 path $");
        fails(image("{a:1}"), "header is not valid JSON: non-JSON syntax at line 1 column 3 path $.");
        fails(image("{} {}"), "header is not valid JSON: non-JSON syntax at line 1 column 5 path $");
        failsStartingWith(image("{\"a\" 1}"), "header is not valid JSON: Expected ':' at line 1 column 7");
        fails(image("[1,2]"), "header is a JSON array, not an object");
        fails(image("{\"a\":5}"), "tensor 'a' is a JSON number, not an object with dtype, shape and data_offsets");
        fails(image("{" + A + "," + A + "}", f32(1, 2)), "header names 'a' twice");
    }

    @Test
    void tensorEntryMissingOrMistypedFields() {
        fails(image("{\"a\":{\"shape\":[2],\"data_offsets\":[0,8]}}", f32(1, 2)), "tensor 'a' has no dtype");
        fails(image("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", f32(1, 2)), "tensor 'a' has no shape");
        fails(image("{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", f32(1, 2)), "tensor 'a' has no data_offsets");
        fails(entry("\"dtype\":32,\"shape\":[2],\"data_offsets\":[0,8]"),
                "tensor 'a' dtype is a JSON number, not a string");
        fails(entry("\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]"),
                "tensor 'a' has dtype twice");
        fails(entry("\"dtype\":\"F32\",\"shape\":\"2\",\"data_offsets\":[0,8]"),
                "tensor 'a' shape is a JSON string, not an array of integers");
        fails(entry("\"dtype\":\"F32\",\"shape\":[\"2\"],\"data_offsets\":[0,8]"),
                "tensor 'a' shape holds a JSON string, not an integer");
        fails(entry("\"dtype\":\"F32\",\"shape\":[2.0],\"data_offsets\":[0,8]"),
                "tensor 'a' shape holds 2.0, not an integer in range");
        fails(entry("\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]"), "tensor 'a' shape holds negative -2");
    }

    @Test
    void unknownDtype() {
        String known = Arrays.toString(SafetensorsDType.values());
        fails(entry("\"dtype\":\"F17\",\"shape\":[2],\"data_offsets\":[0,8]"),
                "tensor 'a' has unknown dtype 'F17'; the format defines " + known);
        fails(entry("\"dtype\":\"f32\",\"shape\":[2],\"data_offsets\":[0,8]"),
                "tensor 'a' has unknown dtype 'f32'; the format defines " + known);
    }

    @Test
    void offsetsNotMatchingTheShape() {
        fails(entry("\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4,8]"),
                "tensor 'a' has data_offsets [0, 4, 8]; expected [begin, end]");
        fails(entry("\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]"),
                "tensor 'a' has data_offsets [8, 0] ending before they begin");
        fails(entry("\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]"),
                "tensor 'a' has data_offsets [0, 8] spanning 8 bytes, but shape [3] of F32 needs 12");
        fails(entry("\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,8]"),
                "tensor 'a' has data_offsets [0, 8] spanning 8 bytes, but shape [2] of F64 needs 16");
        fails(entry("\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,8]"),
                "tensor 'a' has shape [4294967296, 4294967296] too large to address");
    }

    @Test
    void offsetsBeyondTheData() {
        fails(image("{" + A + "}", f32(1)),
                "data truncated: the header describes 8 bytes of tensor data but only 4 are present");
        fails(image("{\"a\":{\"dtype\":\"F32\",\"shape\":[1000000000],\"data_offsets\":[0,4000000000]}}", f32(1)),
                "tensor data of 4000000000 bytes exceeds the 2147483639 bytes one Java array holds");
        fails(image("{" + A + "}", f32(1, 2, 3)), "4 bytes follow the 8 bytes of tensor data the header describes");
    }

    @Test
    void offsetsOverlappingOrLeavingHoles() {
        String b = "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}";
        fails(image("{" + A + "," + b + "}", f32(1, 2, 3)),
                "tensor 'b' data_offsets [4, 12] overlap tensor 'a' [0, 8]");
        String c = "\"c\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}";
        fails(image("{" + A + "," + c + "}", f32(1, 2, 3, 4)),
                "data bytes [8, 12) belong to no tensor: 'a' ends at 8 and 'c' begins at 12");
        fails(image("{" + c + "}", f32(1, 2, 3, 4)),
                "data bytes [0, 12) belong to no tensor: the first tensor, 'c', begins at 12");
    }

    @Test
    void metadataNotStrings() {
        fails(image("{\"__metadata__\":[1]}"), "__metadata__ is a JSON array, not an object of strings");
        fails(image("{\"__metadata__\":{\"epochs\":10}}"),
                "__metadata__ value for 'epochs' is a JSON number, not a string");
        fails(image("{\"__metadata__\":{\"k\":null}}"), "__metadata__ value for 'k' is a JSON null, not a string");
        fails(image("{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}"), "__metadata__ names 'k' twice");
    }

    @Test
    void messagesNameTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("weights.safetensors");
        Files.write(file, image("{" + A + "}", f32(1)));
        var e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.read(file));
        assertEquals(file + ": data truncated: the header describes 8 bytes of tensor data but only 4 are present",
                e.getMessage());
        assertEquals(file.toString(), e.source());
        var s = assertThrows(SafetensorsFormatException.class,
                () -> Safetensors.read(new ByteArrayInputStream(new byte[3]), "embedded"));
        assertTrue(s.getMessage().startsWith("embedded: input is 3 bytes"), s.getMessage());
    }

    /** A file cut anywhere — in the length, the header or the data — fails cleanly from a file, array or stream. */
    @Test
    void truncationAtEveryCutPoint(@TempDir Path dir) throws Exception {
        byte[] whole = validImage();
        Path file = dir.resolve("cut.safetensors");
        for (int cut = 0; cut < whole.length; cut++) {
            byte[] part = Arrays.copyOf(whole, cut);
            Files.write(file, part);
            assertThrows(SafetensorsFormatException.class, () -> Safetensors.read(part), "cut at " + cut);
            assertThrows(SafetensorsFormatException.class, () -> Safetensors.read(file), "cut at " + cut);
            assertThrows(SafetensorsFormatException.class,
                    () -> Safetensors.read(new ByteArrayInputStream(part), "s"), "cut at " + cut);
        }
    }

    /** Random corruption either still parses or fails with the format exception, never with anything else. */
    @Test
    void corruptionNeverEscapesAsAnotherException() {
        byte[] whole = validImage();
        byte[] alphabet = "{}[]\":,0123456789-.e FIUB_".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Random random = new Random(42);
        for (int trial = 0; trial < 20_000; trial++) {
            byte[] bytes = whole.clone();
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                int at = random.nextInt(bytes.length);
                bytes[at] = random.nextBoolean() ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt();
            }
            try {
                for (NamedArray a : Safetensors.read(bytes).tensors().values()) {
                    a.toDoubleArray();
                }
            } catch (SafetensorsFormatException | UnsupportedOperationException expected) {
                // a detected defect, or a surviving tensor whose dtype was changed to an integer type
            } catch (Exception e) {
                throw new AssertionError("trial " + trial + " escaped as " + e, e);
            }
        }
    }

    private static byte[] validImage() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("w", Tensor.of(DType.F32, 2, 2, 1, 2, 3, 4));
        tensors.put("b", Tensor.of(DType.F64, 2, 1, 5, 6));
        return Safetensors.toBytes(Map.of("epochs", "3"), tensors, Map.of("b", new long[] {2}));
    }

    /** A file holding one tensor 'a' with the given fields and 8 bytes of data. */
    private static byte[] entry(String fields) {
        return image("{\"a\":{" + fields + "}}", f32(1, 2));
    }

    private static byte[] withLength(long headerLength, int rest) {
        return ByteBuffer.allocate(8 + rest).order(ByteOrder.LITTLE_ENDIAN).putLong(headerLength).array();
    }

    private static void fails(byte[] bytes, String message) {
        var e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.read(bytes));
        assertEquals(message, e.getMessage());
    }

    private static void failsStartingWith(byte[] bytes, String prefix) {
        var e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.read(bytes));
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    }
}
