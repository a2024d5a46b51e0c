package org.nn4j.cli;

import org.nn4j.tensor.Backend;
import org.nn4j.tensor.Parallel;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --threads N}: how many threads nn4j computes on. It sets nn4j's own pool at once; the native BLAS reads
 * its count from {@code OPENBLAS_NUM_THREADS} when it loads, which the {@code nn} launcher sets from this flag.
 */
final class ThreadsOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--threads", paramLabel = "N",
            description = "threads to compute on (default: the number of cores)")
    void threads(int threads) {
        if (threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1, got " + threads);
        }
        Parallel.setThreads(threads);
        if (Backend.isNative() && Backend.nativeThreads() != threads) {
            System.err.printf("nn: the native BLAS computes on %d threads, as OPENBLAS_NUM_THREADS said when it"
                    + " loaded; the nn launcher sets it from --threads%n", Backend.nativeThreads());
        }
    }
}
