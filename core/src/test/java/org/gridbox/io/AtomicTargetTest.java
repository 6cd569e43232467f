package org.gridbox.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicTargetTest {
  @TempDir Path dir;

  private List<String> names() throws IOException {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writeReplacesTheTargetAndLeavesNoTemporary() throws IOException {
    Path f = dir.resolve("a.json");
    Files.writeString(f, "old");
    AtomicTarget.write(f, ".part", "new".getBytes(StandardCharsets.UTF_8));
    assertThat(Files.readString(f)).isEqualTo("new");
    assertThat(names()).containsExactly("a.json");
  }

  @Test
  void aFailingBodyLeavesTheOldTargetAndNoTemporary() throws IOException {
    Path f = dir.resolve("a.json");
    Files.writeString(f, "old");
    assertThatThrownBy(() -> AtomicTarget.write(f, ".tmp", out -> {
      out.write("half".getBytes(StandardCharsets.UTF_8));
      throw new IOException("disk full");
    })).hasMessage("disk full");
    assertThat(Files.readString(f)).isEqualTo("old");
    assertThat(names()).containsExactly("a.json");
  }

  @Test
  void aLinkPlantedAtTheTemporaryNameIsNotWrittenThrough() throws IOException {
    Path victim = dir.resolve("victim.txt");
    Files.writeString(victim, "keep");
    Path f = dir.resolve("b.png");
    Files.createSymbolicLink(new AtomicTarget(f, ".part").temp(), victim);
    AtomicTarget.write(f, ".part", new byte[] {1, 2, 3});
    assertThat(Files.readString(victim)).isEqualTo("keep");
    assertThat(Files.readAllBytes(f)).containsExactly(1, 2, 3);
    assertThat(names()).containsExactly("b.png", "victim.txt");
  }

  @Test
  void anOverlongNameGetsAShortenedTemporaryName() {
    String name = "x".repeat(250) + ".png";
    Path temp = new AtomicTarget(dir.resolve(name), ".part").temp();
    assertThat(temp.getFileName().toString().getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(AtomicTarget.MAX_NAME_BYTES);
    assertThat(temp.getParent()).isEqualTo(dir.toAbsolutePath());
  }
}
