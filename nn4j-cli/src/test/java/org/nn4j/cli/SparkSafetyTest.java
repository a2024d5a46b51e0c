package org.nn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A cluster driver keeps its web UI off unless asked, and a master nobody answers for fails at once. */
class SparkSafetyTest {
    @TempDir
    Path dir;

    private static SparkOptions parse(String... args) {
        TrainCommand train = new TrainCommand();
        new CommandLine(train).parseArgs(args);
        return train.spark;
    }

    @Test
    void theWebUiIsOffForEveryMasterUnlessAskedFor() {
        assertEquals("false", SparkRun.settings(parse("--spark", "spark://10.0.0.5:7077")).get("spark.ui.enabled"));
        assertEquals("false", SparkRun.settings(parse("--spark", "yarn")).get("spark.ui.enabled"));
        assertEquals("false", SparkRun.settings(parse("--spark", "local[2]")).get("spark.ui.enabled"));
        assertEquals("true", SparkRun.settings(parse("--spark", "spark://h:7077", "--spark-ui"))
                .get("spark.ui.enabled"));
        assertFalse(SparkRun.settings(parse("--spark", "spark://h:7077")).containsKey("spark.driver.bindAddress"),
                "a cluster driver binds where Spark decides; only local runs are kept on the loopback interface");
    }

    @Test
    void anUnreachableMasterFailsAtOnceNamingIt() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort(); // free again once closed: nothing listens there
        }
        Path csv = Files.writeString(dir.resolve("d.csv"), "a,y\n1,0\n2,1\n3,0\n4,1\n");
        Cli.Result r = Cli.run("train", "--data", csv.toString(), "--epochs", "1", "--no-progress", "--spark",
                "spark://127.0.0.1:" + closed);
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().startsWith("nn train: the Spark master spark://127.0.0.1:" + closed + " cannot be reached "
                + "(127.0.0.1:" + closed + ": Connection refused"), r.err());
        try (ServerSocket listening = new ServerSocket(0)) {
            SparkOptions.requireReachable("spark://127.0.0.1:" + listening.getLocalPort(), 1000);
        }
    }
}
