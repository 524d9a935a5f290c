package io.podnet.dataplane.realise;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Marks a run as alive: an exclusive lock on {@code /run/podnet-verify/PREFIX.lock} held for the
 * whole run. The kernel releases it when the process ends, however it ends, so {@code --cleanup}
 * can tell a killed run's namespaces (no lock holder) from those of a run still in progress on the
 * same machine (lock held), and leaves the latter alone.
 */
public final class RunLock implements AutoCloseable {
    /** Where the lock files live (root-only, tmpfs). */
    public static final Path DIR = Path.of("/run", "podnet-verify");

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of a run; throws when it cannot (the directory is not writable). */
    public static RunLock acquire(RunPrefix prefix) {
        try {
            Files.createDirectories(DIR);
            Path f = DIR.resolve(prefix.value() + ".lock");
            FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = ch.tryLock();
            if (l == null) {
                ch.close();
                throw new IllegalStateException("run " + prefix.value() + " is already locked by another process");
            }
            return new RunLock(f, ch, l);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the run lock in " + DIR + ": " + e.getMessage(), e);
        }
    }

    /** True when a live process holds the lock of {@code prefix} (this JVM's own locks count as held). */
    public static boolean held(String prefix) {
        Path f = DIR.resolve(prefix + ".lock");
        if (!Files.exists(f)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            FileLock l = ch.tryLock();
            if (l == null) {
                return true;
            }
            l.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // held by this JVM
        } catch (IOException e) {
            return false;
        }
    }

    /** Removes the lock file of a run no process holds. */
    static void forget(String prefix) {
        try {
            Files.deleteIfExists(DIR.resolve(prefix + ".lock"));
        } catch (IOException e) {
            // best effort
        }
    }

    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the lock goes with the process anyway
        }
    }
}
