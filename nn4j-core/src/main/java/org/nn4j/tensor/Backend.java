package org.nn4j.tensor;

import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The GEMM engine, chosen once at start-up: the native BLAS if the system has one, else a pure-Java one.
 * {@link #describe()} says which, for {@code nn info} and benchmark reports.
 */
public final class Backend {
    private static final Gemm GEMM = choose();

    private Backend() {
    }

    /** The GEMM in use. */
    public static Gemm gemm() {
        return GEMM;
    }

    /** Which GEMM is in use, e.g. {@code "native BLAS (JNI)"}. */
    public static String describe() {
        return GEMM.name();
    }

    private static Gemm choose() {
        // netlib logs each failed attempt to load a native library at WARNING; the fallback is reported by
        // describe() instead, so those messages are silenced while probing.
        Logger netlib = Logger.getLogger("dev.ludovic.netlib.blas");
        Level before = netlib.getLevel();
        netlib.setLevel(Level.SEVERE);
        try {
            return new NetlibGemm(NativeBLAS.getInstance(), "native BLAS (JNI, libblas.so.3)");
        } catch (RuntimeException | LinkageError e) {
            return new NetlibGemm(JavaBLAS.getInstance(),
                    "netlib Java BLAS (no native BLAS found: install libopenblas0-pthread)");
        } finally {
            netlib.setLevel(before);
        }
    }
}
