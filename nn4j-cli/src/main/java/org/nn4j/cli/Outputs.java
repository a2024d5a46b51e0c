package org.nn4j.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The files and directories a command will write, checked before it does any work and held until it ends. A path
 * is refused when it names one of the command's inputs (compared as real paths), an existing file that is not a
 * regular file ({@code /dev/stdout}, a device, a directory for a file), or a place where no file can be created —
 * found by creating the lock file beside it, which also keeps a second run from writing the same path at the same
 * time. A symbolic link is written through, never replaced (see {@code AtomicFile}).
 */
final class Outputs implements AutoCloseable {
    private final List<Path> inputs = new ArrayList<>();
    private final List<Held> held = new ArrayList<>();

    private record Held(Path lockFile, FileChannel channel, FileLock lock) {
    }

    /** Inputs of the command that no output may name; null entries are skipped. */
    Outputs inputs(Path... files) {
        for (Path f : files) {
            if (f != null && Files.exists(f)) {
                inputs.add(f);
            }
        }
        return this;
    }

    /** A check that may fail after earlier outputs were locked. */
    private interface Check {
        void run() throws IOException;
    }

    /** Runs {@code check}; if it fails, releases what is held, since the caller never gets this object to close. */
    private Outputs guarded(Check check) throws IOException {
        try {
            check.run();
            return this;
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Checks and locks the output file given by {@code flag} (null: none). */
    Outputs file(String flag, Path out) throws IOException {
        return out == null ? this : guarded(() -> checkFile(flag, out));
    }

    private void checkFile(String flag, Path out) throws IOException {
        Path named = out.toAbsolutePath().normalize();
        Path link = Files.isSymbolicLink(out) ? named.resolveSibling(Files.readSymbolicLink(out)).normalize() : named;
        // /dev/stdout links to /proc/self/fd/1, itself a link to whatever standard output is
        boolean processFile = Files.isSymbolicLink(out) && (named.startsWith("/proc") || link.startsWith("/proc"));
        for (Path p : new Path[]{named, link}) {
            if (p.startsWith("/dev") || processFile) {
                throw new UsageException(flag + " " + out + ": a device or process file, not a file to save to"
                        + (flag.equals("--out") ? " (nn predict writes to standard output without --out)" : ""));
            }
        }
        Path target = Files.isSymbolicLink(out) ? linkTarget(flag, out) : out;
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            throw new UsageException(flag + " " + out + ": " + (Files.isDirectory(target) ? "is a directory"
                    : "exists and is not a regular file (a device or a pipe)") + "; give the path of a file to write");
        }
        refuseInputs(flag, out);
        Path dir = target.toAbsolutePath().getParent();
        lock(flag, out, dir, "." + target.getFileName() + ".lock");
    }

    /** Checks and locks the output directory given by {@code flag}, creating it. */
    Outputs directory(String flag, Path dir) throws IOException {
        return dir == null ? this : guarded(() -> checkDirectory(flag, dir));
    }

    private void checkDirectory(String flag, Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UsageException(flag + " " + dir + ": exists and is not a directory");
        }
        refuseInputs(flag, dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException(flag + " " + dir + ": cannot create the directory: " + cause(e), e);
        }
        lock(flag, dir, dir, ".lock");
    }

    /** Refuses a file to be written inside a directory (--out inside --checkpoint-dir). */
    static void refuseInside(String fileFlag, Path file, String dirFlag, Path dir) {
        if (file != null && dir != null
                && file.toAbsolutePath().normalize().startsWith(dir.toAbsolutePath().normalize())) {
            throw new UsageException(fileFlag + " " + file + " lies inside " + dirFlag + " " + dir + ", whose files "
                    + "the run replaces; write it elsewhere");
        }
    }

    private void refuseInputs(String flag, Path out) throws IOException {
        if (!Files.exists(out)) {
            return;
        }
        for (Path in : inputs) {
            if (Files.isSameFile(in, out)) {
                throw new UsageException(flag + " " + out + " is " + (in.equals(out) ? "" : in + ", ")
                        + "an input of this command; writing it would destroy the input");
            }
        }
    }

    private static Path linkTarget(String flag, Path link) throws IOException {
        try {
            return link.toRealPath();
        } catch (NoSuchFileException e) {
            throw new UsageException(flag + " " + link + ": a symbolic link to " + Files.readSymbolicLink(link)
                    + ", which does not exist");
        }
    }

    private void lock(String flag, Path out, Path dir, String name) throws IOException {
        Path lockFile = dir.resolve(name);
        FileChannel channel;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IOException(flag + " " + out + ": cannot write in " + dir + ": " + cause(e), e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IOException(flag + " " + out + ": another nn run is writing it (it holds " + lockFile
                    + "); wait for it to end or choose another path");
        }
        held.add(new Held(lockFile, channel, lock));
    }

    private static String cause(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such directory, or files cannot be created there";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage();
    }

    /** Releases the locks and removes their files. */
    @Override
    public void close() throws IOException {
        for (Held h : held) {
            Files.deleteIfExists(h.lockFile());
            h.lock().release();
            h.channel().close();
        }
        held.clear();
    }
}
