package org.nn4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Downloads a file and puts it in place only once its MD5 checksum matches: the body goes to a temporary file
 * beside the target, which is renamed onto the target after verification and deleted on any failure, so a
 * target path never holds a partial or corrupt download.
 */
final class Download {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30))
            .build();

    private Download() {
    }

    /** Downloads {@code url} to {@code target}, creating its directory, if the body's MD5 is {@code md5Hex}. */
    static void fetch(URI url, Path target, String md5Hex) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path part = Files.createTempFile(dir, target.getFileName() + ".", ".part");
        try {
            HttpResponse<Path> response = CLIENT.send(HttpRequest.newBuilder(url).GET().build(),
                    HttpResponse.BodyHandlers.ofFile(part, StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING));
            if (response.statusCode() != 200) {
                throw new IOException(url + ": HTTP status " + response.statusCode());
            }
            String actual = md5(part);
            if (!actual.equalsIgnoreCase(md5Hex)) {
                throw new IOException(url + ": MD5 checksum " + actual + " does not match the expected " + md5Hex
                        + "; the download is corrupt or not the expected file, and was discarded");
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("download of " + url + " interrupted");
            interrupted.initCause(e);
            throw interrupted;
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** The MD5 digest of a file's bytes, in lower-case hex. */
    static String md5(Path file) throws IOException {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide MD5", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) >= 0; ) {
                md5.update(buf, 0, r);
            }
        }
        return HexFormat.of().formatHex(md5.digest());
    }
}
