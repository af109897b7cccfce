package io.strata.jobs.lock;

import java.io.IOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Lock files on a local (or mounted network) file system. A new lock file is written whole under
 * a temporary name and then hard-linked to its real name, which fails atomically when that name
 * exists; a heartbeat replaces the file by an atomic rename. Readers so never see half a file.
 */
final class LocalLockStore implements LockStore {
  private static final String TEMPORARY_SUFFIX = ".tmp";
  private static final String LOCKS_FOLDER = "_locks";

  /** The lake's umask (octal, e.g. {@code 077}); empty keeps what the process creates. */
  private final java.util.Optional<Integer> umask;

  LocalLockStore(java.util.Optional<String> umask) {
    this.umask = umask.map(String::trim).filter(text -> text.matches("[0-7]{1,4}")).map(text -> Integer.parseInt(text, 8));
  }

  /** Lock files and their folders get the permissions the lake's umask gives every other lake file. */
  private void restrict(Path target) throws IOException {
    if (umask.isEmpty() || !Files.exists(target)) {
      return;
    }
    try {
      Files.setPosixFilePermissions(target, permissions(0666 & ~umask.get()));
      for (Path dir = target.getParent(); dir != null; dir = dir.getParent()) {
        Files.setPosixFilePermissions(dir, permissions(0777 & ~umask.get()));
        if (dir.getFileName() != null && dir.getFileName().toString().equals(LOCKS_FOLDER)) {
          break;
        }
      }
    } catch (UnsupportedOperationException e) {
      // No POSIX permissions on this file system: nothing to restrict.
    }
  }

  private static java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions(int mode) {
    java.util.Set<java.nio.file.attribute.PosixFilePermission> set = java.util.EnumSet.noneOf(java.nio.file.attribute.PosixFilePermission.class);
    java.nio.file.attribute.PosixFilePermission[] order = {
        java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE, java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE,
        java.nio.file.attribute.PosixFilePermission.OTHERS_READ, java.nio.file.attribute.PosixFilePermission.GROUP_EXECUTE,
        java.nio.file.attribute.PosixFilePermission.GROUP_WRITE, java.nio.file.attribute.PosixFilePermission.GROUP_READ,
        java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE,
        java.nio.file.attribute.PosixFilePermission.OWNER_READ};
    for (int bit = 0; bit < order.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        set.add(order[bit]);
      }
    }
    return set;
  }

  @Override
  public List<String> list(String directory) throws IOException {
    Path dir = path(directory);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).map(file -> file.getFileName().toString())
          .filter(name -> !name.endsWith(TEMPORARY_SUFFIX)).sorted().toList();
    }
  }

  @Override
  public List<String> listRecursively(String directory) throws IOException {
    Path dir = path(directory);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).filter(file -> !file.getFileName().toString().endsWith(TEMPORARY_SUFFIX))
          .map(file -> file.toUri().toString()).sorted().toList();
    }
  }

  @Override
  public Optional<StoredFile> read(String file) throws IOException {
    Path path = path(file);
    try {
      return Optional.of(new StoredFile(Files.readAllBytes(path), Files.getLastModifiedTime(path).toInstant()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public boolean createExclusive(String file, byte[] content) throws IOException {
    Path target = path(file);
    Files.createDirectories(target.getParent());
    Path temporary = temporaryBeside(target);
    Files.write(temporary, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
    try {
      Files.createLink(target, temporary);
      restrict(target);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (UnsupportedOperationException | FileSystemException e) {
      // No hard links here (some mounted file systems): an exclusive create is still atomic, but a
      // reader may see the file before its content; readers treat an unreadable lock as held.
      try {
        Files.write(target, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        restrict(target);
        return true;
      } catch (FileAlreadyExistsException exists) {
        return false;
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  @Override
  public void replace(String file, byte[] content) throws IOException {
    Path target = path(file);
    Path temporary = temporaryBeside(target);
    Files.write(temporary, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
    restrict(temporary);
    try {
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /**
   * Deletes the file, and the temporaries of it that a holder killed in the middle of rewriting it (a
   * heartbeat) left beside it: whoever deletes a lock file releases it or takes it over from a dead run.
   */
  @Override
  public void delete(String file) throws IOException {
    Path target = path(file);
    Files.deleteIfExists(target);
    String prefix = "." + target.getFileName() + ".";
    try (Stream<Path> siblings = Files.list(target.getParent())) {
      for (Path leftover : siblings.filter(sibling -> sibling.getFileName().toString().startsWith(prefix)
          && sibling.getFileName().toString().endsWith(TEMPORARY_SUFFIX)).toList()) {
        Files.deleteIfExists(leftover);
      }
    } catch (NoSuchFileException e) {
      // the folder is gone too: nothing was left
    }
  }

  private static Path temporaryBeside(Path target) {
    return target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + TEMPORARY_SUFFIX);
  }

  private static Path path(String uri) {
    return Path.of(URI.create(uri));
  }
}
