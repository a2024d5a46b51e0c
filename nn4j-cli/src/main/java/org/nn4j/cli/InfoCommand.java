package org.nn4j.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.nn4j.tensor.Backend;
import org.nn4j.tensor.Cpu;
import org.nn4j.tensor.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code nn info}: the runtime nn4j computes on: the CPU and its vector extensions, the BLAS and the kernel it
 * chose, the threads, and a float32 GEMM rate measured on the spot against what the CPU could reach.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show the CPU, the BLAS and its kernel, the threads, and a measured GEMM rate.")
final class InfoCommand implements Callable<Integer> {
    /** The product timed: 512³ multiply-adds, a few milliseconds, repeated for {@link #MILLIS} after a warm-up. */
    private static final int SIZE = 512;
    private static final long MILLIS = 150;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() {
        Cpu cpu = Cpu.detect();
        String coretype = Backend.coretypeSetting().orElse(null);
        System.out.println("java      " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        System.out.println("cpu       " + cpu.model() + ", " + Runtime.getRuntime().availableProcessors()
                + " logical processors, " + cpu.cores() + " cores; " + String.join(" ", cpu.extensions()));
        System.out.println("gemm      " + Backend.describe());
        Backend.kernel().ifPresent(k -> System.out.println("kernel    " + k + (coretype != null
                ? " (chosen by OPENBLAS_CORETYPE=" + coretype + ")" : " (OpenBLAS's choice for this CPU)")));
        int n = Parallel.threads();
        System.out.println("threads   " + n + " (--threads, -D" + Parallel.THREADS_PROPERTY
                + "), for nn4j's kernels and its products alike");
        double rate = Backend.measureSgemmGflops(SIZE, MILLIS);
        double peak = cpu.peakGflops(n);
        System.out.printf(Locale.ROOT, "rate      %.1f GFLOP/s in float32 %d×%d×%d products on %d %s%s%n", rate, SIZE,
                SIZE, SIZE, n, n == 1 ? "thread" : "threads", againstPeak(rate, peak, cpu.peakFormula(n)));
        Backend.kernelWarningOnce().ifPresent(w -> System.out.println("nn: " + w));
        return 0;
    }

    /**
     * The measured rate set against the CPU's estimated peak: its share of it, or, where the rate is above it, that
     * the estimate's clock is below the cores' (a virtual machine reports its nominal clock, not its boost); nothing
     * where no estimate could be made.
     */
    static String againstPeak(double rate, double peak, String formula) {
        if (peak <= 0) {
            return "";
        }
        if (rate > peak) {
            return String.format(Locale.ROOT, ", above the %.0f GFLOP/s of %s: the cores run faster than that clock",
                    peak, formula);
        }
        return String.format(Locale.ROOT, ", %.0f%% of the %.0f GFLOP/s the CPU could reach (%s)", 100 * rate / peak,
                peak, formula);
    }
}
