package io.podnet.dataplane.realise;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The temporary files and directories {@code podnet verify} makes (its work directory, the HTTP
 * size file, BIRD's directory) and their removal when a run ends however it ends: by the run
 * itself, by its shutdown hook on SIGINT/SIGTERM, and after SIGKILL by {@code verify --cleanup}.
 *
 * <p>Every such name is {@code podnet-<kind>-<pid>-<random>} directly under {@code java.io.tmpdir},
 * with kind one of {@link #KINDS}. {@link #removeDead} removes only entries that match that form,
 * are owned by the current user, are not symbolic links, and whose process {@code pid} is no
 * longer alive; inside them it deletes without following links.
 */
public final class RunFiles {
    /** The kinds of temporary entries a run makes. */
    public static final List<String> KINDS = List.of("verify", "http", "bird");
    private static final Pattern NAME = Pattern.compile("podnet-(verify|http|bird)-([0-9]{1,10})-[^/]+");

    private RunFiles() {}

    /** The prefix for a temporary entry of {@code kind} made by this process. */
    public static String prefix(String kind) {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("unknown kind of run file: " + kind);
        }
        return "podnet-" + kind + "-" + ProcessHandle.current().pid() + "-";
    }

    /** The temporary directory runs use. */
    public static Path tempDir() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * Removes the entries under {@code dir} that runs no longer alive left behind (see the class
     * comment for which). Returns their names.
     */
    public static List<String> removeDead(Path dir) {
        List<String> removed = new ArrayList<>();
        UserPrincipal me;
        try {
            me = dir.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
        } catch (IOException | UnsupportedOperationException e) {
            return removed;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "podnet-*")) {
            for (Path p : entries) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (!m.matches() || Files.isSymbolicLink(p)) {
                    continue;
                }
                long pid = Long.parseLong(m.group(2));
                if (pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                if (!me.equals(Files.getOwner(p, LinkOption.NOFOLLOW_LINKS))) {
                    continue;
                }
                delete(p);
                removed.add(p.getFileName().toString());
            }
        } catch (IOException e) {
            // nothing listable: nothing removed
        }
        return removed;
    }

    /** Deletes a file or a directory tree without following symbolic links; best effort. */
    public static void delete(Path p) {
        if (p == null) {
            return;
        }
        try {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                Files.walkFileTree(p, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                        Files.deleteIfExists(f);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                        Files.deleteIfExists(d);
                        return FileVisitResult.CONTINUE;
                    }
                });
            } else {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort: a file that cannot be removed is left
        }
    }
}
