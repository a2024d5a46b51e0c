package org.nn4j.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code nn} command: train, evaluate and inspect feed-forward networks. */
@Command(name = "nn", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Train, evaluate and inspect feed-forward neural networks.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, SummaryCommand.class,
                ExplainCommand.class, AnalyzeCommand.class, ReportCommand.class, TuneCommand.class,
                ExportCommand.class, ImportCommand.class, GradcheckCommand.class, DemoCommand.class, InfoCommand.class,
                BenchCommand.class, ServeCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code: 0 done, 1 failed, 2 bad usage. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.registerConverter(Double.class, Main::finite);
        cli.registerConverter(Double.TYPE, Main::finite);
        cli.setParameterExceptionHandler(Main::badUsage);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof UsageException) {
                line.getErr().println("nn " + line.getCommandName() + ": " + e.getMessage() + " (see 'nn "
                        + qualified(line) + " --help')");
                return 2;
            }
            line.getErr().println("nn " + line.getCommandName() + ": " + message(e));
            return 1;
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // the checks before allocation should make this unreachable; if not, one line instead of a trace
            System.err.println("nn: out of memory (" + e.getMessage() + "); give Java more heap, e.g. "
                    + "NN4J_JAVA_OPTS=-Xmx" + suggestedHeapGb() + "g");
            return 1;
        }
    }

    /** A number flag's value: finite, since NaN or infinity would be taken for "unset" or break training later. */
    private static Double finite(String text) {
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a finite number");
        }
        return v;
    }

    private static long suggestedHeapGb() {
        return Math.max(2, 2 * Runtime.getRuntime().maxMemory() >> 30);
    }

    /** One line naming the problem, and where to read more: no usage dump. */
    private static int badUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("nn " + cmd.getCommandName() + ": " + e.getMessage() + " (see 'nn " + qualified(cmd) + " --help')");
        return 2;
    }

    private static String qualified(CommandLine cmd) {
        return cmd.getParent() == null ? "" : cmd.getCommandName();
    }

    /** The message of an expected failure; unexpected ones keep their type so they can be reported. */
    static String message(Exception e) {
        if (e instanceof IllegalArgumentException || e instanceof java.io.IOException
                || e instanceof java.io.UncheckedIOException
                || e instanceof IllegalStateException || e instanceof org.nn4j.training.TrainingDivergedException) {
            return e.getMessage();
        }
        return e.toString();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"nn4j " + (v == null ? "(development build)" : v)};
        }
    }
}
