package io.sluice.state.internal;

import io.sluice.api.CheckpointException;
import io.sluice.checkpoint.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of one store under the checkpoint: {@code <v>.changelog}, {@code <v>.snapshot}, the
 * shared {@code sst/} directory, and temporary files (dot-prefixed, {@code .tmp} suffix) that a
 * crash may leave behind and that readers ignore.
 */
public final class StoreFiles {
  private static final Pattern STATE_FILE = Pattern.compile("^(\\d+)\\.(changelog|snapshot)$");

  private final Path dir;

  public StoreFiles(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  public Path sstDir() {
    return dir.resolve("sst");
  }

  public Path changelog(long version) {
    return dir.resolve(version + ".changelog");
  }

  public Path snapshot(long version) {
    return dir.resolve(version + ".snapshot");
  }

  /** A new temporary name next to {@code target}; ignored by listings, deleted by cleanup. */
  public static Path tempFor(Path target) {
    return target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
  }

  public static boolean isTemp(Path p) {
    String n = p.getFileName().toString();
    return n.startsWith(".") && n.endsWith(".tmp");
  }

  /** What the directory holds. */
  public record Listing(NavigableSet<Long> changelogs, NavigableSet<Long> snapshots) {
    public boolean contains(long v) {
      return changelogs.contains(v) || snapshots.contains(v);
    }

    public NavigableSet<Long> versions() {
      TreeSet<Long> all = new TreeSet<>(changelogs);
      all.addAll(snapshots);
      return all;
    }

    public long latest() {
      long c = changelogs.isEmpty() ? 0 : changelogs.last();
      long s = snapshots.isEmpty() ? 0 : snapshots.last();
      return Math.max(c, s);
    }

    /** True if every changelog in (from, to] exists. */
    public boolean hasChangelogs(long fromExclusive, long toInclusive) {
      return changelogs.subSet(fromExclusive, false, toInclusive, true).size()
          == toInclusive - fromExclusive;
    }
  }

  public Listing list() {
    TreeSet<Long> changelogs = new TreeSet<>();
    TreeSet<Long> snapshots = new TreeSet<>();
    if (Files.isDirectory(dir)) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
        for (Path p : ds) {
          Matcher m = STATE_FILE.matcher(p.getFileName().toString());
          if (m.matches()) {
            long v = Long.parseLong(m.group(1));
            (m.group(2).equals("changelog") ? changelogs : snapshots).add(v);
          }
        }
      } catch (IOException e) {
        throw new CheckpointException("Cannot list state directory " + dir, e);
      }
    }
    return new Listing(
        Collections.unmodifiableNavigableSet(changelogs),
        Collections.unmodifiableNavigableSet(snapshots));
  }

  /**
   * Renames a complete, fsynced temporary file to its final name atomically, replacing an
   * existing file, and fsyncs the directory.
   */
  public static void publish(Path tmp, Path target) throws IOException {
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    AtomicFiles.fsyncDirectory(target.getParent());
  }

  public static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // Left for the next cleanup, which deletes every orphan temp file.
    }
  }

  public static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      walk.sorted(Collections.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (NoSuchFileException e) {
          // already gone
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Formats versions compactly for error messages, e.g. {@code [0, 3-7, 9]}. */
  public static String describe(NavigableSet<Long> versions) {
    StringBuilder sb = new StringBuilder("[");
    Long start = null;
    Long prev = null;
    for (long v : versions) {
      if (prev != null && v == prev + 1) {
        prev = v;
        continue;
      }
      if (start != null) {
        appendRange(sb, start, prev);
      }
      start = v;
      prev = v;
    }
    if (start != null) {
      appendRange(sb, start, prev);
    }
    return sb.append(']').toString();
  }

  private static void appendRange(StringBuilder sb, long from, long to) {
    if (sb.length() > 1) {
      sb.append(", ");
    }
    sb.append(from);
    if (to != from) {
      sb.append('-').append(to);
    }
  }
}
