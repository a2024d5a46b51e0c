package org.nn4j.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.nn4j.tensor.Shape;

/**
 * Reads the IDX files in which MNIST and Fashion-MNIST are distributed (LeCun, Cortes and Burges, "The MNIST
 * database of handwritten digits", http://yann.lecun.com/exdb/mnist/, section "File formats").
 *
 * <p>An IDX file is a big-endian header — the magic number (two zero bytes, a data-type byte, a dimension-count
 * byte), then one 32-bit size per dimension — followed by the items, last dimension fastest. Labels carry magic
 * 0x00000801 (unsigned bytes, one dimension: n); images 0x00000803 (unsigned bytes, three dimensions: n × rows ×
 * cols). Only unsigned bytes (type 0x08) are supported, the only type these data sets use.
 *
 * <p>Files may be gzipped, as distributed. Compression is recognised by the gzip magic bytes 1f 8b (RFC 1952
 * §2.3.1), not by the file name, because unpacked files are often left with a {@code .gz} name and vice versa.
 *
 * <p>Malformed input fails with an {@link IOException} whose message names the file and the cause.
 */
public final class IdxReader {
    private static final int LABELS_MAGIC = 0x00000801;
    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int UNSIGNED_BYTE = 0x08;

    private IdxReader() {
    }

    /**
     * Reads an images file (magic 0x00000803); pixels 0..255 are scaled to [0, 1] by dividing by 255.
     *
     * @param file an IDX images file, plain or gzipped
     * @return the images
     * @throws IOException naming the file when it is not an images file or ends early
     */
    public static IdxImages readImages(Path file) throws IOException {
        try (InputStream in = open(file)) {
            int[] dims = readHeader(in, file, IMAGES_MAGIC);
            // overflow-safe: a fuzzed header's three sizes once multiplied to a small long
            long perImage = (long) dims[1] * dims[2];
            long n = dims[0] == 0 ? 0 : perImage > Long.MAX_VALUE / dims[0] ? Long.MAX_VALUE : dims[0] * perImage;
            if (n > Integer.MAX_VALUE - 8 || perImage > Integer.MAX_VALUE - 8) {
                throw new IOException(file + ": " + dims[0] + " images of " + dims[1] + "×" + dims[2]
                        + " pixels are too many for one array");
            }
            String what = dims[0] + " images of " + dims[1] + "×" + dims[2] + " pixels";
            byte[] bytes = readItems(in, file, (int) n, what);
            Heap.require(4L * bytes.length, file + ": the " + what + " as float32");
            float[] pixels = new float[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                pixels[i] = (bytes[i] & 0xFF) / 255f;
            }
            return new IdxImages(dims[0], dims[1], dims[2], pixels);
        }
    }

    /**
     * Reads a labels file (magic 0x00000801): one class index 0..255 per item.
     *
     * @param file an IDX labels file, plain or gzipped
     * @return one label per item
     * @throws IOException naming the file when it is not a labels file or ends early
     */
    public static int[] readLabels(Path file) throws IOException {
        try (InputStream in = open(file)) {
            int n = readHeader(in, file, LABELS_MAGIC)[0];
            byte[] bytes = readItems(in, file, n, n + " labels");
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = bytes[i] & 0xFF;
            }
            return labels;
        }
    }

    /**
     * Reads a pair of files into a classification set, one image per sample, of shape (1, rows, cols). The files
     * must hold as many images as labels, and every label must name one of {@code classNames} (when given).
     *
     * @param images the images file
     * @param labels the labels file
     * @param classNames the class names in label order, or empty
     * @return the classification set
     * @throws IOException naming the file when the two disagree or one is malformed
     */
    public static Dataset readDataset(Path images, Path labels, List<String> classNames) throws IOException {
        IdxImages x = readImages(images);
        int[] y = readLabels(labels);
        if (x.count() != y.length) {
            throw new IOException(images + " holds " + x.count() + " images but " + labels + " holds " + y.length
                    + " labels; they must pair up one to one");
        }
        for (int i = 0; i < y.length; i++) {
            if (!classNames.isEmpty() && y[i] >= classNames.size()) {
                throw new IOException(labels + ": label " + y[i] + " of item " + i + " is outside 0.."
                        + (classNames.size() - 1) + " (" + classNames.size() + " classes)");
            }
        }
        return Dataset.classification(x.pixels(), x.pixelsPerImage(), y, classNames)
                .withShape(Shape.image(1, x.rows(), x.cols()));
    }

    /** Opens the file, decompressing it if it starts with the gzip magic bytes. */
    private static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Sources.open(file), 1 << 16);
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        if (!gzip) {
            return in;
        }
        try {
            return new BufferedInputStream(new GzipInput(in, file.toString()), 1 << 16);
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    /** Reads and checks the magic number; returns the dimension sizes. */
    private static int[] readHeader(InputStream in, Path file, int expectedMagic) throws IOException {
        byte[] head = read(in, file, 4, "the 4-byte magic number");
        if (head.length < 4) {
            throw new IOException(file + ": truncated: the file ends after " + head.length
                    + " bytes, inside the 4-byte magic number");
        }
        int magic = ByteBuffer.wrap(head).getInt();
        int type = head[2] & 0xFF;
        int rank = head[3] & 0xFF;
        String expected = String.format("expected 0x%08X (%s)", expectedMagic, describe(expectedMagic));
        if (head[0] != 0 || head[1] != 0) {
            throw new IOException(file + ": not an IDX file: magic number " + String.format("0x%08X", magic) + ", "
                    + expected);
        }
        if (type != UNSIGNED_BYTE) {
            throw new IOException(file + ": unsupported IDX data type " + String.format("0x%02X", type) + " ("
                    + typeName(type) + "); only 0x08 (unsigned byte) is supported");
        }
        if (magic != expectedMagic) {
            throw new IOException(file + ": wrong magic number " + String.format("0x%08X", magic) + " ("
                    + describe(magic) + "), " + expected);
        }
        byte[] sizes = read(in, file, 4 * rank, "the header");
        if (sizes.length < 4 * rank) {
            throw new IOException(file + ": truncated: the file ends after " + (4 + sizes.length)
                    + " bytes, inside the " + (4 + 4 * rank) + "-byte header");
        }
        int[] dims = new int[rank];
        ByteBuffer b = ByteBuffer.wrap(sizes);
        for (int i = 0; i < rank; i++) {
            dims[i] = b.getInt();
            if (dims[i] < 0 || (i > 0 && dims[i] == 0)) {
                throw new IOException(file + ": dimension " + i + " of the header has impossible size " + dims[i]);
            }
        }
        return dims;
    }

    /** Reads exactly the n bytes of items the header declares, and checks that nothing follows them. */
    private static byte[] readItems(InputStream in, Path file, int n, String what) throws IOException {
        byte[] bytes = read(in, file, n, what);
        if (bytes.length < n) {
            throw new IOException(file + ": truncated: the header declares " + what + " (" + n + " bytes) but only "
                    + bytes.length + " bytes follow it");
        }
        if (in.read() >= 0) {
            throw new IOException(file + ": more data follows the " + what + " (" + n + " bytes) the header declares");
        }
        return bytes;
    }

    /**
     * Reads up to n bytes, fewer only at the end of the data. The buffer grows as bytes arrive, so a header that
     * claims more than the file holds costs no more memory than the file's content.
     */
    private static byte[] read(InputStream in, Path file, int n, String what) throws IOException {
        byte[] buf = new byte[Math.min(n, 1 << 20)];
        int got = 0;
        while (got < n) {
            if (got == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(n, 2L * buf.length));
            }
            int r = in.read(buf, got, buf.length - got);
            if (r < 0) {
                break;
            }
            got += r;
        }
        return got == buf.length ? buf : Arrays.copyOf(buf, got);
    }

    private static String describe(int magic) {
        return switch (magic) {
            case LABELS_MAGIC -> "unsigned-byte labels, 1 dimension";
            case IMAGES_MAGIC -> "unsigned-byte images, 3 dimensions";
            default -> typeName((magic >> 8) & 0xFF) + ", " + (magic & 0xFF) + " dimensions";
        };
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0x08 -> "unsigned byte";
            case 0x09 -> "signed byte";
            case 0x0B -> "short";
            case 0x0C -> "int";
            case 0x0D -> "float";
            case 0x0E -> "double";
            default -> "unknown type";
        };
    }
}
