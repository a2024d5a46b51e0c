package org.nn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nn4j.data.IdxFiles.gzip;
import static org.nn4j.data.IdxFiles.images;
import static org.nn4j.data.IdxFiles.labels;
import static org.nn4j.data.IdxFiles.write;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    // Two 2×3 images; pixel values chosen to cover 0, 255 and values whose sign bit is set as a Java byte.
    private static final int[] PIXELS = {0, 1, 127, 128, 200, 255, 255, 254, 3, 2, 1, 0};

    private static float[] scaled(int... pixels) {
        float[] f = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            f[i] = pixels[i] / 255f;
        }
        return f;
    }

    @Test
    void readsPlainImages() throws IOException {
        IdxImages x = IdxReader.readImages(write(dir.resolve("images"), images(2, 2, 3, PIXELS)));
        assertEquals(2, x.count());
        assertEquals(2, x.rows());
        assertEquals(3, x.cols());
        assertArrayEquals(scaled(PIXELS), x.pixels());
        assertEquals(1f, x.pixels()[5]);
        assertEquals(128 / 255f, x.pixels()[3]);
    }

    @Test
    void readsGzippedFilesWhateverTheirName() throws IOException {
        // Compression is detected from the content: a gzipped file without .gz and a plain one with it.
        Path gz = write(dir.resolve("images-no-suffix"), gzip(images(2, 2, 3, PIXELS)));
        Path plain = write(dir.resolve("labels.gz"), labels(7, 0, 255));
        assertArrayEquals(scaled(PIXELS), IdxReader.readImages(gz).pixels());
        assertArrayEquals(new int[] {7, 0, 255}, IdxReader.readLabels(plain));
        assertArrayEquals(new int[] {3, 9}, IdxReader.readLabels(write(dir.resolve("l"), gzip(labels(3, 9)))));
    }

    @Test
    void readsADataset() throws IOException {
        Path images = write(dir.resolve("i.gz"), gzip(images(2, 2, 3, PIXELS)));
        Path labels = write(dir.resolve("l.gz"), gzip(labels(1, 0)));
        Dataset data = IdxReader.readDataset(images, labels, List.of("a", "b"));
        assertEquals(2, data.size());
        assertEquals(6, data.numFeatures());
        assertEquals(org.nn4j.tensor.Shape.image(1, 2, 3), data.shape());  // each image keeps its rows and columns
        assertArrayEquals(new int[] {1, 0}, data.labels());
        assertEquals(List.of("a", "b"), data.classNames());
        assertArrayEquals(scaled(Arrays.copyOfRange(PIXELS, 6, 12)),
                Arrays.copyOfRange(data.features(), 6, 12));
    }

    @Test
    void truncatedImagesSayHowManyBytesWereExpectedAndFound() throws IOException {
        byte[] full = images(2, 2, 3, PIXELS);
        Path file = write(dir.resolve("short.gz"), gzip(Arrays.copyOf(full, full.length - 5)));
        IOException e = assertThrows(IOException.class, () -> IdxReader.readImages(file));
        assertTrue(e.getMessage().startsWith(file + ": truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("2 images of 2×3 pixels (12 bytes) but only 7 bytes"), e.getMessage());
    }

    @Test
    void truncatedHeaderAndTruncatedGzipStreamAreReported() throws IOException {
        Path header = write(dir.resolve("header"), Arrays.copyOf(labels(1, 2, 3), 6));
        IOException e = assertThrows(IOException.class, () -> IdxReader.readLabels(header));
        assertTrue(e.getMessage().contains("file ends after 6 bytes, inside the 8-byte header"), e.getMessage());

        byte[] gz = gzip(images(2, 2, 3, PIXELS));
        Path cut = write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length - 10));
        e = assertThrows(IOException.class, () -> IdxReader.readImages(cut));
        assertTrue(e.getMessage().startsWith(cut + ": gzip: truncated: the file ends inside the compressed data"),
                e.getMessage());
    }

    @Test
    void wrongMagicSaysWhatWasFoundAndExpected() throws IOException {
        Path file = write(dir.resolve("labels-but-images"), images(1, 1, 2, 5, 6));
        IOException e = assertThrows(IOException.class, () -> IdxReader.readLabels(file));
        assertTrue(e.getMessage().contains(file + ": wrong magic number 0x00000803"), e.getMessage());
        assertTrue(e.getMessage().contains("expected 0x00000801"), e.getMessage());

        Path text = write(dir.resolve("text"), "<html>".getBytes());
        e = assertThrows(IOException.class, () -> IdxReader.readImages(text));
        assertTrue(e.getMessage().contains("not an IDX file: magic number 0x3C68746D, expected 0x00000803"),
                e.getMessage());
    }

    @Test
    void unsupportedDataTypeIsNamed() throws IOException {
        byte[] floats = labels(1, 2);
        floats[2] = 0x0D;
        Path file = write(dir.resolve("floats"), floats);
        IOException e = assertThrows(IOException.class, () -> IdxReader.readLabels(file));
        assertTrue(e.getMessage().contains("unsupported IDX data type 0x0D (float)"), e.getMessage());
    }

    @Test
    void trailingDataIsRejected() throws IOException {
        byte[] longer = Arrays.copyOf(labels(1, 2), 11);
        Path file = write(dir.resolve("long"), longer);
        IOException e = assertThrows(IOException.class, () -> IdxReader.readLabels(file));
        assertTrue(e.getMessage().contains("more data follows the 2 labels"), e.getMessage());
    }

    @Test
    void countMismatchNamesBothFiles() throws IOException {
        Path images = write(dir.resolve("images"), images(2, 2, 3, PIXELS));
        Path labels = write(dir.resolve("labels"), labels(1, 0, 1));
        IOException e = assertThrows(IOException.class, () -> IdxReader.readDataset(images, labels, List.of()));
        assertEquals(images + " holds 2 images but " + labels + " holds 3 labels; they must pair up one to one",
                e.getMessage());
    }

    @Test
    void labelsOutsideTheClassNamesAreRejected() throws IOException {
        Path images = write(dir.resolve("images"), images(2, 2, 3, PIXELS));
        Path labels = write(dir.resolve("labels"), labels(1, 2));
        IOException e = assertThrows(IOException.class,
                () -> IdxReader.readDataset(images, labels, List.of("a", "b")));
        assertEquals(labels + ": label 2 of item 1 is outside 0..1 (2 classes)", e.getMessage());
    }
}
