package annals.neo4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Writes a class path file from Maven's, in which no jar is signed: each signed jar is replaced by
 * a copy without its signature files (META-INF/*.SF, *.RSA, *.DSA, *.EC) in the output folder.
 *
 * <p>Why: Java's class-data sharing leaves out every class of a signed jar, and the JVM checks the
 * digest of each one it loads from it. Two jars of Neo4j 5.26 are signed (eclipse-collections and
 * its API, about 3,000 of the classes Neo4j's importer loads): unsigned, the importer reaches its
 * first stage 0.5–0.6 s sooner on size M (docs/bulk-import.md). The classes are the same bytes Maven fetched (and checked against Maven
 * Central's checksums); only the signature that the JVM would re-verify at every start is gone.
 *
 * <p>Usage: {@code UnsignedJars <Maven's class path file> <class path file to write> <folder>};
 * files are written beside their place under a name of this process, then moved, so a failure or
 * a second process never leaves a partial one.
 */
final class UnsignedJars {
  private UnsignedJars() {}

  private static final Pattern SIGNATURE = Pattern.compile("META-INF/[^/]+\\.(SF|RSA|DSA|EC)", Pattern.CASE_INSENSITIVE);

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: UnsignedJars <Maven's class path file> <class path file to write> <folder>");
      System.exit(2);
    }
    Path mavenClassPath = Path.of(args[0]);
    Path classPathFile = Path.of(args[1]);
    Path out = Path.of(args[2]);
    Files.createDirectories(out);
    List<String> entries = new ArrayList<>();
    for (String entry : Files.readString(mavenClassPath, StandardCharsets.UTF_8).trim().split(":")) {
      entries.add(entry.endsWith(".jar") && isSigned(Path.of(entry)) ? unsigned(Path.of(entry), out).toString() : entry);
    }
    Path next = classPathFile.resolveSibling(classPathFile.getFileName() + "." + PID + ".tmp");
    Files.writeString(next, String.join(":", entries), StandardCharsets.UTF_8);
    Files.move(next, classPathFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static final long PID = ProcessHandle.current().pid();

  private static boolean isSigned(Path jar) throws IOException {
    if (!Files.isRegularFile(jar)) return false;
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      Enumeration<? extends ZipEntry> all = zip.entries();
      while (all.hasMoreElements()) if (SIGNATURE.matcher(all.nextElement().getName()).matches()) return true;
    }
    return false;
  }

  /** The copy without signature files (made once: its name holds the source's size and time). */
  private static Path unsigned(Path jar, Path out) throws IOException {
    String name = jar.getFileName().toString();
    String stamp = Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis();
    Path copy = out.resolve(name.substring(0, name.length() - ".jar".length()) + "-unsigned-" + stamp + ".jar");
    if (Files.exists(copy)) return copy;
    Path partial = out.resolve(copy.getFileName() + "." + PID + ".tmp");
    try {
      try (ZipFile zip = new ZipFile(jar.toFile());
          ZipOutputStream target = new ZipOutputStream(Files.newOutputStream(partial))) {
        Enumeration<? extends ZipEntry> all = zip.entries();
        while (all.hasMoreElements()) {
          ZipEntry entry = all.nextElement();
          if (SIGNATURE.matcher(entry.getName()).matches()) continue;
          ZipEntry copied = new ZipEntry(entry.getName());
          copied.setTime(entry.getTime());
          target.putNextEntry(copied);
          try (InputStream in = zip.getInputStream(entry)) {
            in.transferTo(target);
          }
          target.closeEntry();
        }
      }
      Files.move(partial, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(partial); // a failure part-way leaves no partial copy
    }
    return copy;
  }
}
