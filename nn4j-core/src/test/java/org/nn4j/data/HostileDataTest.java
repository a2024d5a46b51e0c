package org.nn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nn4j.data.IdxFiles.gzip;
import static org.nn4j.data.IdxFiles.idx;
import static org.nn4j.data.IdxFiles.labels;
import static org.nn4j.data.IdxFiles.write;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that lie about their sizes, carry garbage or hold odd text fail with the file, the place and the cause. */
class HostileDataTest {
    @TempDir
    Path dir;

    private String idxError(byte[] bytes) throws IOException {
        Path file = write(dir.resolve("labels.idx"), bytes);
        return assertThrows(IOException.class, () -> IdxReader.readLabels(file)).getMessage()
                .replace(file.toString(), "FILE");
    }

    @Test
    void anIdxHeaderClaimingBillionsOfItemsCostsOnlyTheBytesThatArePresent() throws IOException {
        byte[] lying = idx(new int[]{Integer.MAX_VALUE}, new byte[]{1, 2, 3});
        long before = usedHeap();
        assertEquals("FILE: truncated: the header declares 2147483647 labels (2147483647 bytes) but only 3 bytes "
                + "follow it", idxError(lying));
        assertEquals(idxError(lying), idxError(gzip(lying)).replace("FILE", "FILE"));
        assertTrue(usedHeap() - before < 64L << 20, "no gigabyte buffers");
        Path images = write(dir.resolve("images.idx"), idx(new int[]{100_000, 1000, 1000}, new byte[10]));
        assertEquals(images + ": 100000 images of 1000×1000 pixels are too many for one array",
                assertThrows(IOException.class, () -> IdxReader.readImages(images)).getMessage());
    }

    @Test
    void imageSizesWhoseProductOverflowsALongAreRefused() throws IOException {
        // a fuzzing finding: 543,648,118 × 1,702,043,685 × 809,007,112 wrapped around to a small long
        Path images = write(dir.resolve("overflow.idx"), idx(new int[]{0x20676976, 0x65732025, 0x30387808},
                new byte[]{0}));
        assertTrue(assertThrows(IOException.class, () -> IdxReader.readImages(images)).getMessage()
                .endsWith("pixels are too many for one array"));
    }

    private static long usedHeap() {
        System.gc();
        return Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    }

    @Test
    void gzipErrorsNameTheFileAndTrailingGarbageIsRefused() throws IOException {
        byte[] good = gzip(labels(1, 2, 3));
        byte[] garbage = Arrays.copyOf(good, good.length + 5);
        assertEquals("FILE: gzip: trailing data after the gzip member that ends at byte " + good.length
                + " (not another gzip member); the file is damaged or has something appended", idxError(garbage));

        byte[] badCrc = good.clone();
        badCrc[badCrc.length - 8] ^= 1;
        assertTrue(idxError(badCrc).startsWith("FILE: gzip: the member that starts at byte 0 has CRC-32 "),
                idxError(badCrc));
        byte[] badSize = good.clone();
        badSize[badSize.length - 1] ^= 1;
        assertTrue(idxError(badSize).startsWith("FILE: gzip: the member that starts at byte 0 records "),
                idxError(badSize));
        assertTrue(idxError(Arrays.copyOf(good, good.length - 3)).startsWith("FILE: gzip: truncated: "));

        byte[] twoMembers = new byte[2 * good.length];
        byte[] half = gzip(new byte[]{0, 0});
        byte[] rest = gzip(Arrays.copyOfRange(labels(1, 2, 3), 2, 11));
        System.arraycopy(half, 0, twoMembers, 0, half.length);
        System.arraycopy(rest, 0, twoMembers, half.length, rest.length);
        Path concatenated = write(dir.resolve("two.gz"), Arrays.copyOf(twoMembers, half.length + rest.length));
        assertArrayEquals(new int[]{1, 2, 3}, IdxReader.readLabels(concatenated), "members in sequence are one file");
    }

    private Path csv(String text) throws IOException {
        return Files.writeString(dir.resolve("d.csv"), text, StandardCharsets.UTF_8);
    }

    @Test
    void aNonUtf8ByteIsFoundOnItsOwnLine() throws IOException {
        StringBuilder sb = new StringBuilder("a,y\n");
        for (int i = 0; i < 5000; i++) {
            sb.append(i).append(",1\n");
        }
        byte[] text = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] bad = Arrays.copyOf(text, text.length + 6);
        System.arraycopy(new byte[]{'7', (byte) 0xFF, ',', '0', '\n'}, 0, bad, text.length, 5);
        Path file = Files.write(dir.resolve("latin.csv"), Arrays.copyOf(bad, text.length + 5));
        assertEquals(file + ": line 5002, byte " + (text.length + 1) + " (0xFF): not valid UTF-8 text (save the file "
                + "as UTF-8)", assertThrows(IOException.class, () -> CsvReader.classification(file, "y")).getMessage());
    }

    @Test
    void aHugeCellIsCutInTheMessage() throws IOException {
        Path file = csv("a,y\n" + "9".repeat(20) + "x".repeat(5_000_000) + ",1\n");
        String message = assertThrows(IOException.class, () -> CsvReader.classification(file, "y")).getMessage();
        assertTrue(message.length() < 300, message.length() + " characters");
        assertTrue(message.startsWith(file + ":2: column 'a' (1): \"99999999999999999999xxx"), message);
        assertTrue(message.contains("(5,000,020 characters)"), message);
    }

    @Test
    void aLabelThatWouldMakeABillionClassesIsRefusedWithItsReason() throws IOException {
        Path file = csv("a,y\n1,0\n2,999999999\n");
        assertEquals(file + ":3: column 'y' (2): \"999999999\" as a class index makes 1,000,000,000 classes, more "
                + "than the 10,000 classes allowed (real-valued targets need --regression; --max-classes raises the "
                + "bound)", assertThrows(IOException.class, () -> CsvReader.classification(file, "y")).getMessage());
        Path many = csv("a,y\n1,0\n2,14999\n");
        assertEquals(15_000, CsvReader.classification(many, "y", CsvOptions.DEFAULT.withMaxClasses(20_000))
                .numClasses(), "the bound can be raised");
    }

    @Test
    void theDefaultLabelIsTheLastColumnEvenWhenAHeaderNameHoldsAComma() throws IOException {
        Path file = csv("\"width, cm\",\"kind, of fruit\"\n1,apple\n2,pear\n");
        Dataset d = CsvReader.classification(file, null);
        assertEquals(List.of("apple", "pear"), d.classNames());
        assertEquals(List.of("width, cm"), d.featureNames());
    }

    @Test
    void aMissingOrUnreadableFileIsNamedWithTheCause() throws IOException {
        Path none = dir.resolve("none.csv");
        assertEquals(none + ": no such file", assertThrows(IOException.class,
                () -> CsvReader.classification(none, "y")).getMessage());
        assertEquals(dir + ": is a directory, not a file", assertThrows(IOException.class,
                () -> IdxReader.readLabels(dir)).getMessage());
    }
}
