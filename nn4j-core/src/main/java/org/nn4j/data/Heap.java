package org.nn4j.data;

/** Room on the Java heap, checked before a large allocation so that the answer is a message, not an OutOfMemoryError. */
public final class Heap {
    private Heap() {
    }

    /**
     * Refuses to go on when {@code bytes} more do not fit in the heap, naming {@code what} needs them, the heap's
     * size and the {@code -Xmx} that would do.
     *
     * @throws IllegalArgumentException when the heap has less than {@code bytes} free
     */
    public static void require(long bytes, String what) {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - rt.totalMemory() + rt.freeMemory();
        if (bytes > free) {
            System.gc(); // what looks used may be garbage: one collection before refusing
            free = rt.maxMemory() - rt.totalMemory() + rt.freeMemory();
        }
        if (bytes > free) {
            long gb = (rt.maxMemory() - free + 2 * bytes + (1L << 30) - 1) >> 30;
            throw new IllegalArgumentException(String.format("%s need%s %.1f GB, more than the %.1f GB of Java heap "
                    + "free (of %.1f GB); give Java more heap (-Xmx%dg; with ./nn: NN4J_JAVA_OPTS=-Xmx%dg)", what,
                    what.endsWith("s") ? "" : "s", bytes / 1e9, free / 1e9, rt.maxMemory() / 1e9, gb, gb));
        }
    }
}
