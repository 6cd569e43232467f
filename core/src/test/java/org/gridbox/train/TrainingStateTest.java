package org.gridbox.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gridbox.io.ModelFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingStateTest {
  @TempDir Path dir;

  @Test
  void roundTripsThroughTheFileAndLeavesNoTemporary() throws IOException {
    Path f = dir.resolve("best.state");
    new TrainingState(OptimizerKind.values()[1], 7, 12_345_678_901L, new float[] {1.5f, -2f, Float.MIN_VALUE})
        .write(f);
    TrainingState back = TrainingState.read(f);
    assertThat(back.optimizer()).isEqualTo(OptimizerKind.values()[1]);
    assertThat(back.epochsDone()).isEqualTo(7);
    assertThat(back.imagesSeen()).isEqualTo(12_345_678_901L);
    assertThat(back.optimizerState()).containsExactly(1.5f, -2f, Float.MIN_VALUE);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("best.state");
    }
  }

  @Test
  void aHugeDeclaredCountIsRefusedBeforeAllocating() throws IOException {
    Path f = dir.resolve("x.state");
    ByteBuffer b = ByteBuffer.allocate(24).putInt(0x47425453).putInt(0).putInt(1).putLong(5).putInt(Integer.MAX_VALUE);
    Files.write(f, b.array());
    assertThatThrownBy(() -> TrainingState.read(f))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("x.state")
        .hasMessageContaining("declares 2147483647 optimiser floats")
        .hasMessageContaining("has 24 bytes");
  }

  @Test
  void anotherFileIsNotAState() throws IOException {
    Path f = dir.resolve("y.state");
    Files.writeString(f, "not a state file at all, just text");
    assertThatThrownBy(() -> TrainingState.read(f))
        .isInstanceOf(ModelFormatException.class).hasMessageContaining("bad magic");
  }

  @Test
  void theStateFileSitsBesideTheWeights() {
    assertThat(TrainingState.pathFor(Path.of("run/best.weights"))).isEqualTo(Path.of("run/best.state"));
    assertThat(TrainingState.pathFor(Path.of("run/odd"))).isEqualTo(Path.of("run/odd.state"));
  }
}
