package org.nn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.nn4j.data.IdxFiles.gzip;
import static org.nn4j.data.IdxFiles.images;
import static org.nn4j.data.IdxFiles.labels;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
    @TempDir
    Path dir;

    private final Map<String, byte[]> served = new HashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;
    private URI mirror;

    /** A local stand-in for the mirror, serving {@link #served} under /fm/. */
    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/fm/", exchange -> {
            requests.incrementAndGet();
            byte[] body = served.get(exchange.getRequestURI().getPath().substring("/fm/".length()));
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
        mirror = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/fm");
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private static String md5(byte[] bytes) throws NoSuchAlgorithmException {
        StringBuilder hex = new StringBuilder();
        for (byte b : MessageDigest.getInstance("MD5").digest(bytes)) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    @Test
    void debianPackageTestSplit() throws IOException {
        assumeTrue(Files.isDirectory(FashionMnist.DEBIAN_DIR), "package dataset-fashion-mnist is not installed");
        List<String> log = new ArrayList<>();
        Dataset test = FashionMnist.load("test", log::add);
        assertEquals(List.of(), log, "found locally, nothing downloaded");
        assertEquals(10000, test.size());
        assertEquals(784, test.numFeatures());
        assertEquals(9, test.labels()[0]);
        assertEquals("Ankle boot", test.classNames().get(test.labels()[0]));
        assertEquals(FashionMnist.CLASS_NAMES, test.classNames());
        int[] counts = new int[10];
        for (int y : test.labels()) {
            counts[y]++;
        }
        assertArrayEquals(new int[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000}, counts);
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : test.features()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(0f, min);
        assertEquals(1f, max);
    }

    @Test
    void downloadsVerifiesAndThenFindsTheFiles() throws Exception {
        byte[] images = gzip(images(3, 2, 2, 0, 51, 102, 255, 1, 2, 3, 4, 9, 8, 7, 6));
        byte[] labels = gzip(labels(9, 0, 4));
        served.put("t10k-images-idx3-ubyte.gz", images);
        served.put("t10k-labels-idx1-ubyte.gz", labels);
        Path downloads = dir.resolve("cache/fashion-mnist");
        FashionMnist fm = new FashionMnist(List.of(dir.resolve("nowhere")), downloads, mirror,
                Map.of("t10k-images-idx3-ubyte.gz", md5(images), "t10k-labels-idx1-ubyte.gz", md5(labels)));
        List<String> log = new ArrayList<>();

        Dataset test = fm.read("test", log::add);
        assertArrayEquals(new int[] {9, 0, 4}, test.labels());
        assertEquals(4, test.numFeatures());
        assertArrayEquals(new float[] {0, 0.2f, 0.4f, 1}, Arrays.copyOf(test.features(), 4));
        assertEquals(4, log.size());
        assertTrue(log.get(0).contains("downloading " + mirror + "/t10k-images-idx3-ubyte.gz to "
                + downloads.resolve("t10k-images-idx3-ubyte.gz")), log.get(0));
        assertTrue(log.get(1).contains("MD5 checksum verified"), log.get(1));
        assertEquals(List.of(downloads.resolve("t10k-images-idx3-ubyte.gz"),
                downloads.resolve("t10k-labels-idx1-ubyte.gz")), list(downloads).stream().sorted().toList());

        log.clear();
        assertArrayEquals(new int[] {9, 0, 4}, fm.read("test", log::add).labels());
        assertEquals(2, requests.get(), "the second read finds the downloaded files");
        assertEquals(List.of(), log);
    }

    @Test
    void checksumMismatchLeavesNoFileBehind() throws Exception {
        served.put("train-images-idx3-ubyte.gz", gzip(images(1, 1, 1, 7)));
        Path downloads = dir.resolve("downloads");
        FashionMnist fm = new FashionMnist(List.of(), downloads, mirror,
                Map.of("train-images-idx3-ubyte.gz", "00000000000000000000000000000000"));
        IOException e = assertThrows(IOException.class, () -> fm.read("train", s -> { }));
        assertTrue(e.getMessage().contains("does not match the expected 00000000000000000000000000000000"),
                e.getMessage());
        assertTrue(e.getMessage().contains("install Debian's dataset-fashion-mnist"), e.getMessage());
        assertEquals(List.of(), list(downloads), "neither the target nor the temporary file remains");
    }

    @Test
    void missingFileOnTheMirrorIsAnHttpError() throws IOException {
        Path downloads = dir.resolve("downloads");
        FashionMnist fm = new FashionMnist(List.of(), downloads, mirror);
        IOException e = assertThrows(IOException.class, () -> fm.read("test", s -> { }));
        assertTrue(e.getMessage().contains("HTTP status 404"), e.getMessage());
        assertEquals(List.of(), list(downloads));
    }

    @Test
    void searchDirectoriesComeFirstAndMayHoldPlainFiles() throws IOException {
        Path local = Files.createDirectories(dir.resolve("local"));
        Files.write(local.resolve("train-images-idx3-ubyte"), images(2, 1, 1, 255, 0));
        Files.write(local.resolve("train-labels-idx1-ubyte.gz"), gzip(labels(8, 1)));
        FashionMnist fm = new FashionMnist(List.of(dir.resolve("empty"), local), dir.resolve("downloads"), mirror);
        Dataset train = fm.read("train", s -> { });
        assertArrayEquals(new float[] {1, 0}, train.features());
        assertArrayEquals(new int[] {8, 1}, train.labels());
        assertEquals(0, requests.get());
        assertThrows(IllegalArgumentException.class, () -> fm.read("validation", s -> { }));
    }
}
