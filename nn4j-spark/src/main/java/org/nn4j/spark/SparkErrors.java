package org.nn4j.spark;

import java.util.function.Supplier;

/**
 * Runs a Spark action and reports its failure in one line. A task that refused its input (an
 * {@link IllegalArgumentException} naming partition, row and column) reaches the driver wrapped in Spark's
 * "Job aborted due to stage failure: …"; that message is taken back out.
 */
final class SparkErrors {
    private SparkErrors() {
    }

    static <T> T unwrap(Supplier<T> action) {
        try {
            return action.get();
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            // Spark throws its checked SparkException through Scala code, undeclared
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof IllegalArgumentException) {
                    throw new IllegalArgumentException(c.getMessage(), e);
                }
            }
            throw new IllegalStateException("SparkTrainer: a Spark job failed: " + e.getMessage(), e);
        }
    }
}
