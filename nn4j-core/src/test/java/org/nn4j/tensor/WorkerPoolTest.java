package org.nn4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {
    @Test
    void everyPartRunsExactlyOnceOverManyTasks() {
        try (WorkerPool pool = new WorkerPool(3, "test")) {
            for (int round = 0; round < 2000; round++) {
                int parts = 1 + round % 7;
                AtomicIntegerArray runs = new AtomicIntegerArray(parts);
                pool.run((part, count) -> {
                    assertEquals(parts, count);
                    runs.incrementAndGet(part);
                }, parts);
                for (int p = 0; p < parts; p++) {
                    assertEquals(1, runs.get(p), "round " + round + ", part " + p + " of " + parts);
                }
            }
        }
    }

    @Test
    void partsRunOnSeveralThreadsWhenTheyAreFree() throws InterruptedException {
        try (WorkerPool pool = new WorkerPool(2, "test")) {
            // Part 0 waits until another thread has taken part 1: it cannot finish on the caller alone.
            CountDownLatch secondStarted = new CountDownLatch(1);
            ConcurrentHashMap<Integer, Thread> ranOn = new ConcurrentHashMap<>();
            pool.run((part, parts) -> {
                ranOn.put(part, Thread.currentThread());
                if (part == 1) {
                    secondStarted.countDown();
                } else {
                    try {
                        assertTrue(secondStarted.await(30, java.util.concurrent.TimeUnit.SECONDS), "worker never came");
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }, 2);
            assertTrue(ranOn.get(0) != ranOn.get(1), "both parts on " + ranOn.get(0));
        }
    }

    @Test
    void theFirstFailureReachesTheCallerAfterAllPartsRan() {
        try (WorkerPool pool = new WorkerPool(3, "test")) {
            AtomicIntegerArray runs = new AtomicIntegerArray(6);
            IllegalStateException boom = new IllegalStateException("part 4 failed");
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> pool.run((part, parts) -> {
                runs.incrementAndGet(part);
                if (part == 4) {
                    throw boom;
                }
            }, 6));
            assertSame(boom, thrown);
            for (int p = 0; p < 6; p++) {
                assertEquals(1, runs.get(p), "part " + p);
            }
            // and the pool still works
            AtomicIntegerArray again = new AtomicIntegerArray(2);
            pool.run((part, parts) -> again.incrementAndGet(part), 2);
            assertEquals("[1, 1]", again.toString());
        }
    }

    @Test
    void aPartAskingForMoreParallelismRunsItInItsOwnThread() {
        try (WorkerPool pool = new WorkerPool(2, "test")) {
            AtomicIntegerArray inner = new AtomicIntegerArray(4);
            pool.run((part, parts) -> pool.run((p, n) -> inner.incrementAndGet(part * 2 + p), 2), 2);
            for (int i = 0; i < 4; i++) {
                assertEquals(1, inner.get(i), "inner part " + i);
            }
        }
    }

    @Test
    void aClosedPoolRunsTasksInTheCaller() {
        WorkerPool pool = new WorkerPool(2, "test");
        pool.close();
        Thread caller = Thread.currentThread();
        pool.run((part, parts) -> assertSame(caller, Thread.currentThread()), 3);
    }

    @Test
    void handingOutTasksAllocatesNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (WorkerPool pool = new WorkerPool(2, "test")) {
            long[] sink = new long[4];
            Parallel.Task task = (part, parts) -> sink[part]++;
            for (int warm = 0; warm < 20_000; warm++) {
                pool.run(task, 4);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int call = 0; call < 1000; call++) {
                pool.run(task, 4);
            }
            assertEquals(0, threads.getCurrentThreadAllocatedBytes() - before, "bytes allocated by 1000 tasks");
        }
    }
}
