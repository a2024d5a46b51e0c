package org.nn4j.examples;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/** Runs an example's main in a child JVM on a small Fashion-MNIST subset, as a user would run it. */
final class Examples {
    /** Debian's dataset-fashion-mnist, which CI installs. */
    static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    private Examples() {
    }

    /**
     * Writes the first {@code train} training and {@code test} test images and labels of Fashion-MNIST as IDX files
     * into {@code dir}, where {@code FashionMnist.load} finds them through {@code $NN4J_DATA}.
     */
    static void writeSubset(Path dir, int train, int test) throws IOException {
        copyFirst("train-images-idx3-ubyte", dir, train);
        copyFirst("train-labels-idx1-ubyte", dir, train);
        copyFirst("t10k-images-idx3-ubyte", dir, test);
        copyFirst("t10k-labels-idx1-ubyte", dir, test);
    }

    /** The IDX header with the item count set to {@code n}, then the first n items. */
    private static void copyFirst(String name, Path dir, int n) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(
                Files.newInputStream(FASHION_MNIST.resolve(name + ".gz"))));
             DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve(name)))) {
            int magic = in.readInt();
            int dims = magic & 0xff;
            in.readInt();
            out.writeInt(magic);
            out.writeInt(n);
            int itemSize = 1;
            for (int d = 1; d < dims; d++) {
                int size = in.readInt();
                out.writeInt(size);
                itemSize *= size;
            }
            out.write(in.readNBytes(n * itemSize));
        }
    }

    /** Runs {@code main} of {@code example} in {@code dir} with {@code $NN4J_DATA=data}; returns its output. */
    static List<String> run(Class<?> example, Path dir, Path data) throws IOException, InterruptedException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), example.getName());
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("NN4J_DATA", data.toString());
        Process p = pb.start();
        List<String> lines = new ArrayList<>();
        try (InputStream in = p.getInputStream()) {
            lines.addAll(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        }
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError(example.getSimpleName() + " failed:\n" + String.join("\n", lines));
        }
        return lines;
    }
}
