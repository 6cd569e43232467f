package org.gridbox.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocXmlTest {
  @TempDir Path dir;

  static String xml(String file, String objects) {
    return "<annotation><folder>VOC2007</folder><filename>" + file + "</filename>"
        + "<size><width>353</width><height>500</height><depth>3</depth></size>" + objects
        + "</annotation>";
  }

  static String obj(String name, int difficult, int x1, int y1, int x2, int y2) {
    return "<object><name>" + name + "</name><pose>Left</pose><truncated>0</truncated><difficult>"
        + difficult + "</difficult><bndbox><xmin>" + x1 + "</xmin><ymin>" + y1 + "</ymin><xmax>"
        + x2 + "</xmax><ymax>" + y2 + "</ymax></bndbox></object>";
  }

  @Test
  void readsObjectsWithOneBasedInclusiveCoordinates() throws Exception {
    Files.writeString(dir.resolve("000002.xml"), xml("000002.jpg", obj("train", 0, 139, 200, 207, 301)));
    Files.writeString(dir.resolve("000001.xml"), xml("000001.jpg",
        obj("dog", 0, 48, 240, 195, 371) + obj("person", 1, 8, 12, 352, 498)));
    CocoGroundTruth gt = VocXml.readGroundTruth(dir, List.of("person"));
    assertThat(gt.images()).containsExactly(new ImageInfo(1, "000001.jpg", 353, 500),
        new ImageInfo(2, "000002.jpg", 353, 500));
    assertThat(gt.categories()).containsExactly(new Category(1, "person"), new Category(2, "dog"),
        new Category(3, "train"));
    // dog: xmin 48 .. xmax 195 inclusive -> continuous [47, 195): x 47, w 148; y 239, h 132
    assertThat(gt.bboxes()).startsWith(47, 239, 148, 132);
    assertThat(gt.categoryIds()).containsExactly(2, 1, 3);
    assertThat(gt.crowd()).containsExactly(false, true, false);
    assertThat(gt.areas()[0]).isEqualTo(148.0 * 132);
  }

  @Test
  void errorsNameTheFile() throws Exception {
    Files.writeString(dir.resolve("bad.xml"), "<annotation><filename>a.jpg</filename></annotation>");
    assertThatThrownBy(() -> VocXml.readGroundTruth(dir, List.of()))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("bad.xml")
        .hasMessageContaining("<size>");
    Files.writeString(dir.resolve("bad.xml"), "<annotation><filename>a.jpg</filename>");
    assertThatThrownBy(() -> VocXml.readGroundTruth(dir, List.of()))
        .hasMessageContaining("bad.xml").hasMessageContaining("not valid XML");
  }

  /**
   * The XML module is optional in gridbox-core: on a class path without it (built here from the
   * test's own class path minus jackson-dataformat-xml, Woodstox and StAX2), reading VOC fails with
   * an error that names the missing artifact, not a {@code NoClassDefFoundError}.
   */
  @Test
  void withoutTheOptionalXmlModuleTheErrorNamesTheArtifact() throws Exception {
    Files.writeString(dir.resolve("a.xml"), xml("a.jpg", obj("dog", 0, 1, 1, 2, 2)));
    List<URL> urls = new ArrayList<>();
    int hidden = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      if (name.startsWith("jackson-dataformat-xml") || name.startsWith("woodstox")
          || name.startsWith("stax2")) {
        hidden++;
        continue;
      }
      urls.add(Path.of(entry).toUri().toURL());
    }
    assertThat(hidden).as("the test class path had the XML module to hide").isGreaterThanOrEqualTo(1);
    try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new),
        ClassLoader.getPlatformClassLoader())) {
      Class<?> voc = Class.forName("org.gridbox.io.VocXml", true, loader);
      assertThat(voc.getClassLoader()).isSameAs(loader);
      assertThatThrownBy(() -> {
        try {
          voc.getMethod("readGroundTruth", Path.class, List.class).invoke(null, dir, List.of());
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      }).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("com.fasterxml.jackson.dataformat:jackson-dataformat-xml");
    }
  }
}
