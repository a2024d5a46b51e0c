package org.nn4j.tensor;

import dev.ludovic.netlib.blas.NativeBLAS;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The GEMM engine, chosen once at start-up: the OpenBLAS nn4j carries ({@code org.bytedeco:openblas}, see
 * {@link OpenBlas}) if it loads, else {@link JavaGemm}. No system BLAS is looked for: there is one native route,
 * the same library on every machine, whose kernels suit the CPU it runs on. {@link #describe()} says which engine
 * runs, for {@code nn info} and benchmark reports; {@link #kernelWarning()} says when OpenBLAS's kernel falls short
 * of the CPU.
 *
 * <p>The system property {@code nn4j.gemm=native} requires OpenBLAS (start-up fails if it does not load), and
 * {@code nn4j.gemm=java} uses {@link JavaGemm} even where it would; unset, OpenBLAS is preferred. Both engines
 * follow {@link Parallel#threads()}: the Java one computes on {@link Parallel}'s pool, and each OpenBLAS product is
 * given as many of that count as its work fills (see {@link NetlibGemm}), so no environment variable is needed.
 */
public final class Backend {
    /** System property choosing the engine: {@code native} or {@code java}. */
    public static final String GEMM_PROPERTY = "nn4j.gemm";

    /** netlib's property naming the library its JNI bridge opens in place of the system's libblas.so.3. */
    private static final String NETLIB_LIBRARY_PROPERTY = "dev.ludovic.netlib.blas.nativeLibPath";

    private static final Choice CHOICE = choose(System.getProperty(GEMM_PROPERTY));

    /**
     * A GEMM, the OpenBLAS behind it (null for the Java one), and what to add to its name when describing it. It
     * holds what it reports of OpenBLAS as text: {@link OpenBlas}'s class is linked only where JavaCPP is there.
     */
    record Choice(Gemm gemm, Blas blas, String notice) {
        String description() {
            return gemm.name() + notice;
        }
    }

    /** What is reported of the OpenBLAS in use: its version, its library file and the kernel it chose. */
    record Blas(String version, String library, String kernel) {
    }

    private Backend() {
    }

    /** The GEMM in use. */
    public static Gemm gemm() {
        return CHOICE.gemm();
    }

    /** True if the GEMM in use is OpenBLAS. */
    public static boolean isNative() {
        return CHOICE.blas() != null;
    }

    /**
     * Which GEMM is in use, e.g. {@code "OpenBLAS 0.3.31 (~/.javacpp/cache/…/libopenblas.so.0)"}; when it is the
     * Java one, why.
     */
    public static String describe() {
        return CHOICE.description();
    }

    /** OpenBLAS's version, e.g. {@code 0.3.31}, if it is the GEMM in use. */
    public static Optional<String> blasVersion() {
        return Optional.ofNullable(CHOICE.blas()).map(Blas::version);
    }

    /** The library file of the OpenBLAS in use, as JavaCPP unpacked it. */
    public static Optional<String> blasLibrary() {
        return Optional.ofNullable(CHOICE.blas()).map(Blas::library);
    }

    /** The kernel OpenBLAS chose for this CPU, as {@code OPENBLAS_CORETYPE} names it (e.g. {@code HASWELL}). */
    public static Optional<String> kernel() {
        return Optional.ofNullable(CHOICE.blas()).map(Blas::kernel);
    }

    /** The threads OpenBLAS was given for the last product (a small one gets fewer than {@link Parallel#threads()}). */
    public static int nativeThreads() {
        return CHOICE.gemm() instanceof NetlibGemm g ? g.threads() : 0;
    }

    /**
     * {@link #kernelWarning()} the first time it is asked for in this process, empty afterwards: a program that
     * prints it where it starts work warns once.
     */
    public static Optional<String> kernelWarningOnce() {
        return WARNED.compareAndSet(false, true) ? kernelWarning() : Optional.empty();
    }

    private static final AtomicBoolean WARNED = new AtomicBoolean();

    /**
     * The float32 GEMM rate of the engine in use, in GFLOP/s: square products of {@code size} on
     * {@link Parallel#threads()} threads, repeated for {@code millis} milliseconds (three products at least) after a
     * warm-up of such windows that lasts until the rate stops rising by more than 5% (ten windows at most), which
     * lets the JIT compile the Java GEMM: its Vector API kernel reached half its rate in the first 150 ms here.
     */
    public static double measureSgemmGflops(int size, long millis) {
        float[] a = new float[size * size];
        float[] b = new float[size * size];
        float[] c = new float[size * size];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i % 7) * 0.25f;
            b[i] = (i % 5) * 0.5f;
        }
        Gemm gemm = gemm();
        long nanos = millis * 1_000_000L;
        double previous = 0;
        for (int window = 0; window < 10; window++) {
            double rate = sgemmRate(gemm, size, a, b, c, nanos);
            if (rate <= previous * 1.05) {
                break;
            }
            previous = rate;
        }
        return sgemmRate(gemm, size, a, b, c, nanos);
    }

    /** GFLOP/s of size³ products repeated for {@code nanos} (three at least). */
    private static double sgemmRate(Gemm gemm, int size, float[] a, float[] b, float[] c, long nanos) {
        long start = System.nanoTime();
        long products = 0;
        while (products < 3 || System.nanoTime() - start < nanos) {
            gemm.sgemm(false, false, size, size, size, 1, a, 0, size, b, 0, size, 0, c, 0, size);
            products++;
        }
        return 2.0 * size * size * size * products / (System.nanoTime() - start);
    }

    /**
     * One line saying that OpenBLAS's kernel uses narrower vector units than this CPU has, and how to fix it, or
     * empty when it does not (or when the GEMM is the Java one).
     */
    public static Optional<String> kernelWarning() {
        return kernel().flatMap(k -> kernelWarning(k, Cpu.detect(), coretypeSetting().orElse(null)));
    }

    /** {@code OPENBLAS_CORETYPE}, the environment's order to OpenBLAS to use one kernel, if it is set. */
    public static Optional<String> coretypeSetting() {
        return Optional.ofNullable(System.getenv("OPENBLAS_CORETYPE")).filter(s -> !s.isBlank());
    }

    /** The warning for kernel {@code kernel} on {@code cpu} with {@code OPENBLAS_CORETYPE} set to {@code coretype}. */
    static Optional<String> kernelWarning(String kernel, Cpu cpu, String coretype) {
        int bits = kernelFmaBits(kernel);
        if (bits < 0 || bits >= cpu.fmaBits()) {
            return Optional.empty();
        }
        String fix = coretype != null
                ? "unset OPENBLAS_CORETYPE (it is " + coretype + ") and let OpenBLAS choose"
                : "set OPENBLAS_CORETYPE=" + (cpu.fmaBits() == 512 ? "SKYLAKEX" : "HASWELL");
        return Optional.of("warning: OpenBLAS runs its " + kernel + " kernel ("
                + (bits == 0 ? "no FMA" : bits + "-bit FMA") + ") on a CPU with " + cpu.fmaBits()
                + "-bit FMA, so products run at a fraction of the CPU's speed; fix: " + fix);
    }

    /**
     * The FMA width OpenBLAS's kernel for a core type computes with: 512 for the AVX-512 ones, 256 for AVX2, 0 for
     * those without FMA; -1 for a name this check does not know (ARM's, which it leaves alone).
     */
    static int kernelFmaBits(String kernel) {
        return switch (kernel) {
            case "SAPPHIRERAPIDS", "COOPERLAKE", "SKYLAKEX" -> 512;
            case "HASWELL", "ZEN", "EXCAVATOR", "STEAMROLLER", "PILEDRIVER" -> 256;
            case "SANDYBRIDGE", "BULLDOZER", "NEHALEM", "CORE2", "PRESCOTT", "BARCELONA", "NORTHWOOD", "ATHLON",
                 "BANIAS", "COPPERMINE", "KATMAI" -> 0;
            default -> -1;
        };
    }

    /** OpenBLAS through netlib's JNI bridge, if it loads (also when {@code nn4j.gemm=java} chose the Java GEMM). */
    public static Optional<Gemm> nativeBlas() {
        return Optional.ofNullable(Native.LOADED.gemm());
    }

    /** OpenBLAS, loaded on first use: by {@link #choose}, or by {@link #nativeBlas()} when the Java GEMM was chosen. */
    private static final class Native {
        /** OpenBLAS and the GEMM over it, or null ones and the reason they are not there. */
        static final Choice LOADED = load();

        private static Choice load() {
            OpenBlas.Result loaded;
            try {
                loaded = OpenBlas.load();
            } catch (LinkageError e) {
                // JavaCPP's classes left out of the class path: the Java GEMM, as the jar was built for
                return new Choice(null, null, "org.bytedeco:openblas is not on the class path (" + e + ")");
            }
            if (loaded.openBlas() == null) {
                return new Choice(null, null, loaded.failure());
            }
            OpenBlas openBlas = loaded.openBlas();
            // netlib opens the library this property names when its bridge loads: the file JavaCPP has loaded
            // already, so both reach one library with one set of threads.
            System.setProperty(NETLIB_LIBRARY_PROPERTY, openBlas.library());
            // netlib logs a failed attempt to load at WARNING; describe() reports the failure instead.
            Logger netlib = Logger.getLogger("dev.ludovic.netlib.blas");
            Level before = netlib.getLevel();
            netlib.setLevel(Level.SEVERE);
            try {
                return new Choice(new NetlibGemm(NativeBLAS.getInstance(), openBlas),
                        new Blas(openBlas.version(), openBlas.library(), openBlas.kernelName()), "");
            } catch (RuntimeException | LinkageError e) {
                return new Choice(null, null, "netlib's JNI bridge did not load (" + e + ")");
            } finally {
                netlib.setLevel(before);
            }
        }
    }

    /** The GEMM the setting asks for: {@code native}, {@code java} or null (OpenBLAS if it loads). */
    static Choice choose(String engine) {
        if (engine == null) {
            Choice loaded = Native.LOADED;
            return loaded.blas() != null ? loaded
                    : new Choice(new JavaGemm(), null, ": OpenBLAS is not there (" + loaded.notice() + ")");
        }
        switch (engine) {
            case "native" -> {
                Choice loaded = Native.LOADED;
                if (loaded.blas() == null) {
                    throw new IllegalStateException(GEMM_PROPERTY + "=native, but " + loaded.notice());
                }
                return loaded;
            }
            case "java" -> {
                return new Choice(new JavaGemm(), null, ", chosen by " + GEMM_PROPERTY + "=java");
            }
            default -> throw new IllegalArgumentException(
                    GEMM_PROPERTY + " must be native or java, got \"" + engine + "\"");
        }
    }
}
