package org.nn4j.spark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;

/**
 * The driver's end of synchronised batch normalisation's all-reduce. The tasks of a step run at once (a barrier
 * stage); each sends its vector for exchange c of the step to this service, which waits for every partition's,
 * adds them in partition order and answers each task with the total — the same bits for all. One connection per
 * executor thread, one thread here per connection; a message costs a round trip on the network instead of the
 * second that Spark's own {@code BarrierTaskContext.allGather} sleeps between polls.
 *
 * <p>Messages carry the run's id, so that nothing else can take part, and the stage and its attempt: a stage that
 * Spark re-runs after a failure starts afresh, and exchanges of the failed attempt are abandoned.
 */
final class AllReduceService implements AutoCloseable {
    private final ServerSocket server;
    private final String runId;
    private final Map<Key, Exchange> exchanges = new HashMap<>();
    private int latestStage = -1;
    private int latestAttempt = -1;

    /** Listens on {@code host}, an address of the driver the executors reach. */
    AllReduceService(String host, String runId) {
        this.runId = runId;
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(host, 0));
        } catch (IOException e) {
            throw new IllegalStateException("SparkTrainer: cannot listen on " + host + " for batch normalisation's "
                    + "statistics: " + e.getMessage(), e);
        }
        Thread acceptor = new Thread(this::accept, "nn4j-all-reduce");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String host() {
        return server.getInetAddress().getHostAddress();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                Thread handler = new Thread(() -> serve(socket), "nn4j-all-reduce-" + socket.getPort());
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return;  // closed
            }
        }
    }

    /** Answers one executor thread's messages: [run id, stage, attempt, partition, partitions, exchange, n, n doubles]. */
    private void serve(Socket socket) {
        try (socket;
             DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()))) {
            while (true) {
                if (!runId.equals(in.readUTF())) {
                    return;
                }
                Key key = new Key(in.readInt(), in.readInt(), in.readInt());
                int partition = in.readInt();
                int partitions = in.readInt();
                double[] values = new double[in.readInt()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = in.readDouble();
                }
                double[] total = contribute(key, partition, partitions, values);
                if (total == null) {
                    return;  // the stage attempt was abandoned: the task is gone or about to be
                }
                for (double v : total) {
                    out.writeDouble(v);
                }
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the task ended (killed, failed, or its executor lost); its stage attempt is re-run by Spark
        }
    }

    /** Adds a partition's vector to its exchange; waits for the others and returns the total, or null if abandoned. */
    private synchronized double[] contribute(Key key, int partition, int partitions, double[] values)
            throws InterruptedException {
        if (key.stage > latestStage || (key.stage == latestStage && key.attempt > latestAttempt)) {
            latestStage = key.stage;
            latestAttempt = key.attempt;
            exchanges.values().forEach(x -> x.abandoned = true);
            exchanges.clear();
            notifyAll();
        } else if (key.stage != latestStage || key.attempt != latestAttempt) {
            return null;
        }
        Exchange x = exchanges.computeIfAbsent(key, k -> new Exchange(partitions));
        x.parts[partition] = values;
        if (++x.arrived == partitions) {
            x.total = new double[values.length];
            for (double[] part : x.parts) {  // in partition order: every task gets the same bits
                for (int i = 0; i < part.length; i++) {
                    x.total[i] += part[i];
                }
            }
            exchanges.remove(key);
            notifyAll();
        }
        while (x.total == null && !x.abandoned) {
            wait();
        }
        return x.abandoned ? null : x.total;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new IllegalStateException("cannot close the all-reduce service: " + e.getMessage(), e);
        }
        synchronized (this) {
            exchanges.values().forEach(x -> x.abandoned = true);
            exchanges.clear();
            notifyAll();
        }
    }

    /** Exchange {@code exchange} of attempt {@code attempt} of stage {@code stage}. */
    private record Key(int stage, int attempt, int exchange) {
    }

    /** One exchange's vectors as they arrive, and their total. */
    private static final class Exchange {
        final double[][] parts;
        int arrived;
        double[] total;
        boolean abandoned;

        Exchange(int partitions) {
            parts = new double[partitions][];
        }
    }
}
