package org.gridbox.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.gridbox.Check;

/**
 * The folder a model's files are read from, by file name: a folder on disk or inside a jar/zip file
 * system ({@link #ofPath}), a classpath prefix ({@link #ofClasspath}), a base URL ({@link #ofUrl},
 * e.g. {@code file:} or {@code jar:file:…!/models/face/}) or any name → stream function
 * ({@link #ofStreams}). A model made of several files (a TF.js {@code model.json} and its weight
 * shards, a Darknet cfg and weights) names them relative to this folder, with {@code /} separators.
 *
 * <p>Every reader checks a file with {@link #problem} (exists, is a regular file, within the
 * reader's byte limit, inside the folder) before it reads it, and {@link #read} never reads more than
 * the limit: a source whose sizes are unknown before reading ({@link #knownSize} {@code -1}) is
 * read at most {@code limit + 1} bytes far. File names may not leave the folder ({@code ..}, a
 * leading {@code /}, or, on disk, a link leading out).
 *
 * <p>Sources are immutable and may be shared by threads (a stream function must then be too).
 */
public abstract class ModelSource {
  /** Opens a named file of a {@link #ofStreams stream source}. */
  @FunctionalInterface
  public interface Opener {
    /**
     * Opens a file.
     *
     * @param name the file's name relative to the model's folder, {@code /}-separated
     * @return a new stream the caller closes, or null if there is no such file
     * @throws IOException if it exists but cannot be opened
     */
    InputStream open(String name) throws IOException;
  }

  private static final String OUTSIDE = "is outside the manifest's folder (a model's files sit beside its manifest)";

  ModelSource() {}

  /**
   * Files of a folder: on disk, or inside a jar or zip opened as a file system
   * ({@code FileSystems.newFileSystem(zip)}).
   *
   * @param folder the folder holding the model's files
   * @return the source
   * @throws IllegalArgumentException if {@code folder} is null
   */
  public static ModelSource ofPath(Path folder) {
    return new PathSource(Check.notNull(folder, "folder"));
  }

  /**
   * Resources under {@code prefix} on a class loader's class path (a jar such as
   * {@code gridbox-models}, or a folder of classes).
   *
   * @param loader the class loader to ask
   * @param prefix the resources' folder, e.g. {@code "gridbox-models/face"}, without leading or
   *     trailing {@code /}
   * @return the source
   * @throws IllegalArgumentException if an argument is null or the prefix starts or ends with {@code /}
   */
  public static ModelSource ofClasspath(ClassLoader loader, String prefix) {
    Check.notNull(loader, "loader");
    Check.notNull(prefix, "prefix");
    Check.argument(!prefix.startsWith("/") && !prefix.endsWith("/"),
        "prefix must not start or end with '/', got '%s'", prefix);
    return new UrlSource("classpath:" + prefix + "/", name -> loader.getResource(prefix + "/" + name));
  }

  /**
   * Files under a base URL, e.g. {@code file:/models/face/} or
   * {@code jar:file:/app/gridbox-models.jar!/gridbox-models/face/}; a file's URL is the base
   * resolved against its name. A {@code file:} URL is read as the folder {@link #ofPath} reads
   * (with its checks, and messages naming paths). Only URLs that need no network are meant here: gridbox reads models
   * at run time from local files and jars.
   *
   * @param folder the base URL; must end with {@code /}
   * @return the source
   * @throws IllegalArgumentException if {@code folder} is null or does not end with {@code /}
   */
  public static ModelSource ofUrl(URL folder) {
    Check.notNull(folder, "folder");
    String base = folder.toString();
    Check.argument(base.endsWith("/"), "folder URL must end with '/', got %s", base);
    if (folder.getProtocol().equals("file")) {
      try {
        // a folder on disk: the path checks (regular file, links leading out) apply
        return new PathSource(Path.of(folder.toURI()));
      } catch (java.net.URISyntaxException | IllegalArgumentException e) {
        // not a plain file URL (e.g. with a host): read it as a URL
      }
    }
    return new UrlSource(base, name -> {
      try {
        return new URL(folder, name);
      } catch (MalformedURLException e) {
        return null;
      }
    });
  }

  /**
   * Files from a function, e.g. over a database, an archive the caller reads itself, or in-memory
   * bytes. Sizes are unknown before reading, so each file is read at most its reader's limit + 1
   * bytes far; {@link #problem} opens and closes a stream to see whether the file exists.
   *
   * @param description what the files are, for error messages (e.g. {@code "upload 17"});
   *     a file is described as {@code description/name}
   * @param opener opens a file by name
   * @return the source
   * @throws IllegalArgumentException if an argument is null
   */
  public static ModelSource ofStreams(String description, Opener opener) {
    return new StreamSource(Check.notNull(description, "description"), Check.notNull(opener, "opener"));
  }

  /**
   * The file's full name for messages: a path, {@code classpath:prefix/name}, or a URL.
   *
   * @param name the file's name relative to this folder
   * @return the description
   */
  public abstract String describe(String name);

  /**
   * Why {@code name} cannot be read, or null if it can (as far as the source can tell before
   * reading).
   *
   * @param name the file's name relative to this folder
   * @param maxBytes the reader's limit
   * @return e.g. "does not exist", "not a regular file (a FIFO)", "too large (3.0 GB; …)",
   *     "is outside the manifest's folder …"
   */
  public abstract String problem(String name, long maxBytes);

  /**
   * The file's size in bytes when the source knows it before reading, else {@code -1}.
   *
   * @param name a file for which {@link #problem} found none
   * @return bytes, or -1
   */
  public abstract long knownSize(String name);

  /**
   * Opens a file.
   *
   * @param name the file's name relative to this folder
   * @return a new stream the caller closes
   * @throws IOException if it cannot be opened ({@link FileNotFoundException} or
   *     {@link NoSuchFileException} if absent)
   */
  public abstract InputStream open(String name) throws IOException;

  /**
   * Whether the file exists and can be read.
   *
   * @param name the file's name relative to this folder
   * @return true if {@link #problem} finds none
   */
  public boolean exists(String name) {
    return problem(name, Long.MAX_VALUE) == null;
  }

  /**
   * Reads a whole file, checked first by {@link #problem} and never more than {@code maxBytes}.
   *
   * @param name the file's name relative to this folder
   * @param maxBytes the reader's limit, at most {@code Integer.MAX_VALUE - 8}
   * @return the bytes
   * @throws ModelFormatException naming the file if it cannot be read, or is larger than {@code maxBytes}
   * @throws UncheckedIOException if reading fails midway
   */
  public byte[] read(String name, long maxBytes) {
    Check.argument(maxBytes >= 0 && maxBytes <= Integer.MAX_VALUE - 8,
        "maxBytes must be in [0, 2^31 - 9], got %s", maxBytes);
    String problem = problem(name, maxBytes);
    if (problem != null) {
      throw new ModelFormatException(describe(name) + ": " + problem);
    }
    byte[] bytes;
    try (InputStream in = open(name)) {
      bytes = in.readNBytes((int) maxBytes + (maxBytes < Integer.MAX_VALUE - 8 ? 1 : 0));
    } catch (FileNotFoundException | NoSuchFileException e) {
      throw new ModelFormatException(describe(name) + ": does not exist", e);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + describe(name) + ": " + e.getMessage(), e);
    }
    if (bytes.length > maxBytes) {
      throw new ModelFormatException(describe(name) + ": larger than the " + InputFiles.bytes(maxBytes)
          + " this kind of file may have");
    }
    return bytes;
  }

  /** The problem of a name that leaves the folder or is not a relative name, or null. */
  static String nameProblem(String name) {
    if (name == null || name.isEmpty()) {
      return "is not a file name";
    }
    if (name.startsWith("/") || name.contains("\\") || name.contains(":")) {
      return OUTSIDE;
    }
    for (String part : name.split("/", -1)) {
      if (part.equals("..")) {
        return OUTSIDE;
      }
    }
    return null;
  }

  /** A folder on disk or in a zip file system. */
  private static final class PathSource extends ModelSource {
    private final Path folder;

    PathSource(Path folder) {
      this.folder = folder;
    }

    private Path file(String name) {
      return folder.resolve(name).normalize();
    }

    @Override
    public String describe(String name) {
      try {
        return file(name).toString();
      } catch (InvalidPathException e) {
        return folder + "/" + name;
      }
    }

    @Override
    public String problem(String name, long maxBytes) {
      Path file;
      try {
        file = file(name);
      } catch (InvalidPathException e) {
        return "is not a valid file name";
      }
      String problem = InputFiles.problem(file, maxBytes);
      if (problem != null) {
        return problem;
      }
      try {
        Path root = folder.toAbsolutePath().normalize().toRealPath();
        if (!file.toRealPath().startsWith(root)) {
          return OUTSIDE.replace("manifest's folder", "manifest's folder " + folder);
        }
      } catch (IOException e) {
        return "cannot resolve it (" + e.getMessage() + ")";
      }
      return null;
    }

    @Override
    public long knownSize(String name) {
      try {
        return Files.size(file(name));
      } catch (IOException | InvalidPathException e) {
        return -1;
      }
    }

    @Override
    public InputStream open(String name) throws IOException {
      return Files.newInputStream(file(name));
    }
  }

  /** Locates a file's URL by name; null if there is none. */
  private interface Locator {
    URL locate(String name);
  }

  /** URLs: a base URL or class-path resources. */
  private static final class UrlSource extends ModelSource {
    private final String base;
    private final Locator locator;

    UrlSource(String base, Locator locator) {
      this.base = base;
      this.locator = locator;
    }

    @Override
    public String describe(String name) {
      return base + name;
    }

    @Override
    public String problem(String name, long maxBytes) {
      String bad = nameProblem(name);
      if (bad != null) {
        return bad;
      }
      URL url = locator.locate(name);
      if (url == null) {
        return "does not exist";
      }
      long size;
      try {
        URLConnection c = connection(url);
        try (InputStream in = c.getInputStream()) {
          size = c.getContentLengthLong();
        }
      } catch (FileNotFoundException | NoSuchFileException e) {
        return "does not exist";
      } catch (IOException e) {
        return "cannot open it (" + e.getMessage() + ")";
      }
      if (size > maxBytes) {
        return "too large (" + InputFiles.bytes(size) + "; the limit for this kind of file is "
            + InputFiles.bytes(maxBytes) + ")";
      }
      return null;
    }

    @Override
    public long knownSize(String name) {
      URL url = nameProblem(name) == null ? locator.locate(name) : null;
      if (url == null) {
        return -1;
      }
      try {
        URLConnection c = connection(url);
        try (InputStream in = c.getInputStream()) {
          return c.getContentLengthLong();
        }
      } catch (IOException e) {
        return -1;
      }
    }

    @Override
    public InputStream open(String name) throws IOException {
      String bad = nameProblem(name);
      URL url = bad == null ? locator.locate(name) : null;
      if (url == null) {
        throw new FileNotFoundException(describe(name) + (bad == null ? "" : ": " + bad));
      }
      return connection(url).getInputStream();
    }

    /** A connection that does not keep a jar open in the JVM-wide cache after its stream closes. */
    private static URLConnection connection(URL url) throws IOException {
      URLConnection c = url.openConnection();
      c.setUseCaches(false);
      return c;
    }
  }

  /** Files from a caller's function. */
  private static final class StreamSource extends ModelSource {
    private final String description;
    private final Opener opener;

    StreamSource(String description, Opener opener) {
      this.description = description;
      this.opener = opener;
    }

    @Override
    public String describe(String name) {
      return description + "/" + name;
    }

    @Override
    public String problem(String name, long maxBytes) {
      String bad = nameProblem(name);
      if (bad != null) {
        return bad;
      }
      try (InputStream in = opener.open(name)) {
        return in == null ? "does not exist" : null;
      } catch (IOException e) {
        return "cannot open it (" + e.getMessage() + ")";
      }
    }

    @Override
    public long knownSize(String name) {
      return -1;
    }

    @Override
    public InputStream open(String name) throws IOException {
      String bad = nameProblem(name);
      InputStream in = bad == null ? opener.open(name) : null;
      if (in == null) {
        throw new FileNotFoundException(describe(name) + (bad == null ? "" : ": " + bad));
      }
      return in;
    }
  }
}
