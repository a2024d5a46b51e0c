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
        cli.setParameterExceptionHandler(Main::badUsage);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("nn " + line.getCommandName() + ": " + message(e));
            return 1;
        });
        return cli.execute(args);
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
