package org.nn4j.tensor;

import dev.ludovic.netlib.blas.NativeBLAS;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The GEMM engine, chosen once at start-up: the system's native BLAS over JNI if one loads (OpenBLAS is the fast
 * one), else {@link JavaGemm} on {@link Parallel}'s threads. {@link #describe()} says which, for {@code nn info}
 * and benchmark reports.
 *
 * <p>The system property {@code nn4j.gemm=native} requires the native BLAS (start-up fails if none loads), and
 * {@code nn4j.gemm=java} uses {@link JavaGemm} even when a native BLAS is installed; unset, the native one is
 * preferred. The Java engine uses {@link Parallel#threads()} threads; the native BLAS has its own, as many as
 * {@code OPENBLAS_NUM_THREADS} said when it loaded (see {@link #nativeThreads()}).
 *
 * <p>nn4j does not split one product across its own threads over the native BLAS: Debian's OpenBLAS 0.3.21 runs
 * concurrent calls from several threads one after the other, so only its own threading makes a product faster.
 */
public final class Backend {
    /** System property choosing the engine: {@code native} or {@code java}. */
    public static final String GEMM_PROPERTY = "nn4j.gemm";

    private static final String INSTALL_HINT = "no native BLAS found; install OpenBLAS for faster matrix products"
            + " (Debian/Ubuntu: apt-get install libopenblas0-pthread)";

    private static final Choice CHOICE = choose(System.getProperty(GEMM_PROPERTY));

    /** A GEMM and what to add to its name when describing it: why it was chosen, or a notice. */
    record Choice(Gemm gemm, String notice) {
        String description() {
            int threads = nativeThreads();
            return gemm.name() + (gemm instanceof NetlibGemm ? ", " + threads + (threads == 1 ? " thread" : " threads")
                    : "") + notice;
        }
    }

    private Backend() {
    }

    /** The GEMM in use. */
    public static Gemm gemm() {
        return CHOICE.gemm();
    }

    /** True if the GEMM in use is the native BLAS. */
    public static boolean isNative() {
        return CHOICE.gemm() instanceof NetlibGemm;
    }

    /**
     * Which GEMM is in use and on how many threads, e.g. {@code "OpenBLAS through JNI
     * (/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3), 2 threads"}; when it is the Java one because no
     * native BLAS loaded, a notice saying so and how to install one.
     */
    public static String describe() {
        return CHOICE.description();
    }

    /**
     * The threads the native BLAS computes on, as OpenBLAS reads them from the environment when it loads:
     * {@code OPENBLAS_NUM_THREADS}, else {@code GOTO_NUM_THREADS}, else {@code OMP_NUM_THREADS}, else the cores.
     */
    public static int nativeThreads() {
        for (String variable : new String[]{"OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS"}) {
            String value = System.getenv(variable);
            if (value != null) {
                try {
                    int n = Integer.parseInt(value.trim());
                    if (n >= 1) {
                        return Math.min(n, Runtime.getRuntime().availableProcessors());
                    }
                } catch (NumberFormatException e) {
                    // OpenBLAS ignores a value it cannot read, and so does this report
                }
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** The native BLAS, if the system has one that loads. */
    public static Optional<Gemm> nativeBlas() {
        // netlib logs each failed attempt to load a native library at WARNING; the fallback is reported by
        // describe() instead, so those messages are silenced while probing.
        Logger netlib = Logger.getLogger("dev.ludovic.netlib.blas");
        Level before = netlib.getLevel();
        netlib.setLevel(Level.SEVERE);
        try {
            return Optional.of(new NetlibGemm(NativeBLAS.getInstance(), nativeLibrary()));
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        } finally {
            netlib.setLevel(before);
        }
    }

    /**
     * The BLAS library this process has mapped, from {@code /proc/self/maps} where there is one: netlib loads
     * {@code libblas.so.3}, which Debian's alternatives point at OpenBLAS, reference BLAS or another.
     */
    private static String nativeLibrary() {
        Path maps = Path.of("/proc/self/maps");
        if (Files.isReadable(maps)) {
            try (Stream<String> lines = Files.lines(maps)) {
                Optional<String> blas = lines.map(l -> l.substring(l.lastIndexOf(' ') + 1))
                        .filter(f -> f.contains("libblas") || f.contains("openblas")).findFirst();
                if (blas.isPresent()) {
                    String file = blas.get();
                    String kind = file.toLowerCase(Locale.ROOT).contains("openblas") ? "OpenBLAS" : "native BLAS";
                    return kind + " through JNI (" + file + ")";
                }
            } catch (IOException | UncheckedIOException e) {
                return "native BLAS through JNI (libblas.so.3; /proc/self/maps unreadable: " + e.getMessage() + ")";
            }
        }
        return "native BLAS through JNI (libblas.so.3)";
    }

    /** The GEMM the setting asks for: {@code native}, {@code java} or null (native if it loads). */
    static Choice choose(String engine) {
        if (engine == null) {
            return nativeBlas().map(g -> new Choice(g, ""))
                    .orElseGet(() -> new Choice(new JavaGemm(), ": " + INSTALL_HINT));
        }
        switch (engine) {
            case "native" -> {
                Gemm gemm = nativeBlas().orElseThrow(() -> new IllegalStateException(
                        GEMM_PROPERTY + "=native, but " + INSTALL_HINT));
                return new Choice(gemm, "");
            }
            case "java" -> {
                return new Choice(new JavaGemm(), ", chosen by " + GEMM_PROPERTY + "=java");
            }
            default -> throw new IllegalArgumentException(
                    GEMM_PROPERTY + " must be native or java, got \"" + engine + "\"");
        }
    }
}
