package org.nn4j.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of the data parsers (Jazzer): any input may be refused with an {@link IOException}, and
 * nothing else may escape — no runtime exception, no error, no hang. Without {@code JAZZER_FUZZ=1} each test runs
 * its saved corpus ({@code src/test/resources/org/nn4j/data/ParserFuzzTestInputs/<test>}) as a regression test.
 */
class ParserFuzzTest {
    private static final Path FILE = temporary();

    private static Path temporary() {
        try {
            Path f = Files.createTempFile("nn4j-fuzz", ".bin");
            f.toFile().deleteOnExit();
            return f;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** CSV as classification, regression and features only, with and without a header. */
    @FuzzTest(maxDuration = "5s")
    void csv(byte[] bytes) throws IOException {
        Files.write(FILE, bytes);
        for (CsvOptions options : new CsvOptions[]{CsvOptions.DEFAULT, new CsvOptions(false, 50)}) {
            refusedOrRead(() -> CsvReader.classification(FILE, null, options));
            refusedOrRead(() -> CsvReader.regression(FILE, "0", options));
            refusedOrRead(() -> CsvReader.unlabeled(FILE, options));
        }
    }

    /** IDX labels and images, plain or gzipped. */
    @FuzzTest(maxDuration = "5s")
    void idx(byte[] bytes) throws IOException {
        Files.write(FILE, bytes);
        refusedOrRead(() -> IdxReader.readLabels(FILE));
        refusedOrRead(() -> IdxReader.readImages(FILE));
    }

    /** Gzip members, read to the end. */
    @FuzzTest(maxDuration = "5s")
    void gzip(byte[] bytes) {
        refusedOrRead(() -> {
            try (InputStream in = new GzipInput(new ByteArrayInputStream(bytes), "fuzz.gz")) {
                return in.readAllBytes();
            }
        });
    }

    /** A parse that may fail only by an {@link IOException}. */
    private interface Parse {
        Object run() throws IOException;
    }

    private static void refusedOrRead(Parse parse) {
        try {
            parse.run();
        } catch (IOException refused) {
            if (refused.getMessage() == null || refused.getMessage().isBlank()) {
                throw new AssertionError("an IOException without a message", refused);
            }
        }
    }
}
