package org.nn4j.tensor;

import dev.ludovic.netlib.blas.NativeBLAS;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The GEMM engine, chosen once at start-up: the system's native BLAS over JNI if one loads (OpenBLAS is the fast
 * one), else {@link JavaGemm}. {@link #describe()} says which, for {@code nn info} and benchmark reports.
 *
 * <p>Two system properties override the choice:
 * <ul>
 *   <li>{@code nn4j.gemm=native} requires the native BLAS (start-up fails if none loads), {@code nn4j.gemm=java}
 *       uses {@link JavaGemm} even when a native BLAS is installed; unset, the native one is preferred;</li>
 *   <li>{@code nn4j.gemm.threads=N} sets how many threads {@link JavaGemm} uses, by default
 *       {@link Runtime#availableProcessors()}. The native BLAS reads its own setting
 *       ({@code OPENBLAS_NUM_THREADS} for OpenBLAS).</li>
 * </ul>
 */
public final class Backend {
    /** System property choosing the engine: {@code native} or {@code java}. */
    public static final String GEMM_PROPERTY = "nn4j.gemm";
    /** System property giving the Java engine's thread count. */
    public static final String THREADS_PROPERTY = "nn4j.gemm.threads";

    private static final String INSTALL_HINT = "no native BLAS found; install OpenBLAS for faster matrix products"
            + " (Debian/Ubuntu: apt-get install libopenblas0-pthread)";

    private static final Choice CHOICE =
            choose(System.getProperty(GEMM_PROPERTY), System.getProperty(THREADS_PROPERTY));

    /** A GEMM and the words describing it. */
    record Choice(Gemm gemm, String description) {
    }

    private Backend() {
    }

    /** The GEMM in use. */
    public static Gemm gemm() {
        return CHOICE.gemm();
    }

    /**
     * Which GEMM is in use, e.g. {@code "native BLAS (JNI, libblas.so.3)"}; when it is the Java one because no
     * native BLAS loaded, a notice saying so and how to install one.
     */
    public static String describe() {
        return CHOICE.description();
    }

    /** The native BLAS, if the system has one that loads. */
    public static Optional<Gemm> nativeBlas() {
        // netlib logs each failed attempt to load a native library at WARNING; the fallback is reported by
        // describe() instead, so those messages are silenced while probing.
        Logger netlib = Logger.getLogger("dev.ludovic.netlib.blas");
        Level before = netlib.getLevel();
        netlib.setLevel(Level.SEVERE);
        try {
            return Optional.of(new NetlibGemm(NativeBLAS.getInstance(), "native BLAS (JNI, libblas.so.3)"));
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        } finally {
            netlib.setLevel(before);
        }
    }

    /** A new pure-Java GEMM using up to {@code threads} threads; close it to stop them. */
    public static JavaGemm java(int threads) {
        return new JavaGemm(threads);
    }

    /** The GEMM the settings ask for: engine {@code native}, {@code java} or null, threads a number or null. */
    static Choice choose(String engine, String threadsSetting) {
        int threads = threadsSetting == null ? Runtime.getRuntime().availableProcessors() : parse(threadsSetting);
        if (engine == null) {
            return nativeBlas().map(g -> new Choice(g, g.name())).orElseGet(() -> {
                Gemm java = java(threads);
                return new Choice(java, java.name() + ": " + INSTALL_HINT);
            });
        }
        switch (engine) {
            case "native" -> {
                Gemm gemm = nativeBlas().orElseThrow(() -> new IllegalStateException(
                        GEMM_PROPERTY + "=native, but " + INSTALL_HINT));
                return new Choice(gemm, gemm.name());
            }
            case "java" -> {
                Gemm java = java(threads);
                return new Choice(java, java.name() + ", chosen by " + GEMM_PROPERTY + "=java");
            }
            default -> throw new IllegalArgumentException(
                    GEMM_PROPERTY + " must be native or java, got \"" + engine + "\"");
        }
    }

    private static int parse(String threads) {
        int n;
        try {
            n = Integer.parseInt(threads.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(THREADS_PROPERTY + " must be a positive integer, got \""
                    + threads + "\"", e);
        }
        if (n < 1) {
            throw new IllegalArgumentException(THREADS_PROPERTY + " must be a positive integer, got " + n);
        }
        return n;
    }
}
