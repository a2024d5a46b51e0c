package org.nn4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nn4j.tensor.GemmCase.Precision;

/**
 * The Java GEMM's kernels against the exact product: the auto-vectorised ones always, the Vector API ones where the
 * JVM has its module (surefire runs this class with it and once more without it).
 */
class JavaGemmTest {
    /** The kernels on one thread: the auto-vectorised ones, then the Vector API ones where they load. */
    private static final List<JavaGemm> ONE = kernels(1);
    // Three threads even on a two-core machine: uneven splits are the ones that go wrong.
    private static final List<JavaGemm> THREE = kernels(3);

    private static List<JavaGemm> kernels(int threads) {
        List<JavaGemm> kernels = new ArrayList<>(List.of(new JavaGemm(threads, false)));
        if (JavaGemm.vectorApiPresent()) {
            kernels.add(new JavaGemm(threads, true));
        }
        return kernels;
    }

    @AfterAll
    static void stopThreads() {
        ONE.forEach(JavaGemm::close);
        THREE.forEach(JavaGemm::close);
    }

    /**
     * Odd shapes, including vectors (m or n = 1), an empty sum (k = 0, so C = beta·C), and products past one
     * packed block of k (256) and of columns (256) with edge tiles on both sides.
     */
    private static final int[][] SHAPES = {
        {1, 1, 1}, {7, 13, 5}, {129, 65, 257}, {1, 37, 19}, {23, 1, 40}, {1, 1, 300}, {6, 9, 0}, {5, 600, 3},
        {13, 300, 260}, {31, 33, 520},
    };
    /** alpha, beta, and whether C starts as NaN (only with beta = 0, which must overwrite it). */
    private static final double[][] SCALARS = {{1, 0, 1}, {1, 1, 0}, {-0.5, 2, 0}, {2, 0, 1}, {0, 0.5, 0}, {0, 0, 1}};

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (int[] s : SHAPES) {
            for (int t = 0; t < 4; t++) {
                for (double[] ab : SCALARS) {
                    for (Precision p : Precision.values()) {
                        for (JavaGemm kernel : ONE) {
                            all.add(Arguments.of(new GemmCase(t / 2 == 1, t % 2 == 1, s[0], s[1], s[2], ab[0],
                                    ab[1], ab[2] == 1), p, kernel));
                        }
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void matchesExactProduct(GemmCase t, Precision p, JavaGemm kernel) {
        t.check(t.run(kernel, p, 1), p, 1, t + " " + p + " " + kernel.name());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void matchesNativeBlas(GemmCase t, Precision p, JavaGemm kernel) {
        Optional<Gemm> blas = Backend.nativeBlas();
        assumeTrue(blas.isPresent(), "no native BLAS on this machine");
        GemmCase.Run ours = t.run(kernel, p, 2);
        GemmCase.Run theirs = t.run(blas.get(), p, 2);
        t.check(ours, theirs, p, 2, t + " " + p);
    }

    @Test
    void splitsLargeProductsAcrossThreadsWithSameResult() {
        // m ≥ n splits rows, m < n splits columns; both large enough to go past the parallel threshold.
        GemmCase[] large = {
            new GemmCase(false, false, 301, 203, 150, 1, 0.5, false),
            new GemmCase(true, true, 45, 1003, 70, -1, 0, true),
        };
        for (GemmCase t : large) {
            assertTrue((long) t.m() * t.n() * t.k() >= JavaGemm.PARALLEL_WORK, "case must be split: " + t);
            for (int kernel = 0; kernel < ONE.size(); kernel++) {
                for (Precision p : Precision.values()) {
                    String label = t + " " + p + " " + THREE.get(kernel).name();
                    GemmCase.Run split = t.run(THREE.get(kernel), p, 3);
                    t.check(split, p, 3, label);
                    // Every element is summed in the same order whichever thread computes it.
                    assertArrayEquals(t.run(ONE.get(kernel), p, 3).c(), split.c(), label);
                }
            }
        }
    }

    @Test
    void steadyStateCallsAllocateNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int m = 128;
        int n = 128;
        int k = 160;
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        float[] c = new float[m * n];
        assertTrue((long) m * n * k >= JavaGemm.PARALLEL_WORK, "the pool must be used");
        for (JavaGemm gemm : THREE) {
            // The JIT compiles the kernels in the background, and until it has, the Vector API's vectors are objects
            // on the heap: calls run in rounds until one allocates nothing, which a compiled kernel must reach.
            long allocated = -1;
            for (int round = 0; round < 200 && allocated != 0; round++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int call = 0; call < 20; call++) {
                    gemm.sgemm(false, true, m, n, k, 1, a, 0, k, b, 0, k, 0, c, 0, n);
                }
                allocated = threads.getCurrentThreadAllocatedBytes() - before;
            }
            assertEquals(0, allocated, "bytes allocated by 20 calls of " + gemm.name());
        }
    }

    @Test
    void usesTheVectorApiExactlyWhereItsModuleIsThere() {
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertEquals(present, JavaGemm.vectorApiPresent());
        try (JavaGemm gemm = new JavaGemm(1)) {
            String name = gemm.name();
            if (present) {
                assertTrue(name.startsWith("Java GEMM (Vector API, ") && name.contains("-bit, 1 thread)"), name);
            } else {
                assertTrue(name.contains("auto-vectorised") && name.contains("--add-modules jdk.incubator.vector"),
                        name);
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> new JavaGemm(1, true));
                assertTrue(e.getMessage().contains("--add-modules jdk.incubator.vector"), e.getMessage());
            }
        }
    }

    @Test
    void rejectsOperandsOutsideTheirArrays() {
        float[] x = new float[12];
        JavaGemm gemm = ONE.get(0);
        assertThrows(IllegalArgumentException.class, () -> gemm.sgemm(false, false, 3, 4, 4, 1, x, 0, 3, x, 0, 4,
                0, x, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> gemm.sgemm(false, false, 3, 4, 4, 1, x, 1, 4, x, 0, 4,
                0, x, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> gemm.dgemm(false, false, -1, 1, 1, 1, new double[1], 0,
                1, new double[1], 0, 1, 0, new double[1], 0, 1));
    }

    @Test
    void backendHonoursTheGemmProperty() {
        Backend.Choice java = Backend.choose("java");
        JavaGemm gemm = (JavaGemm) java.gemm();
        int before = Parallel.threads();
        try {
            Parallel.setThreads(3);  // the Java GEMM works on nn4j's one pool, so it follows --threads
            assertEquals(3, gemm.threads());
        } finally {
            Parallel.setThreads(before);
        }
        assertTrue(java.description().contains("nn4j.gemm=java"), java.description());
        assertThrows(IllegalArgumentException.class, () -> Backend.choose("fast"));
        if (Backend.nativeBlas().isEmpty()) {
            assertThrows(IllegalStateException.class, () -> Backend.choose("native"));
            assertTrue(Backend.describe().contains("OpenBLAS is not there"), Backend.describe());
        } else {
            String description = Backend.choose("native").description();
            assertTrue(description.startsWith("OpenBLAS 0.3.") && description.contains(".javacpp"), description);
        }
    }
}
