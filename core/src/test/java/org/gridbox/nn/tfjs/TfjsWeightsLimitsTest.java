package org.gridbox.nn.tfjs;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gridbox.io.ModelFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: a weights manifest cannot make the reader read a device, a file outside its folder, or
 * more bytes than its tensors need; every size is checked before a byte is read.
 */
class TfjsWeightsLimitsTest {
  @TempDir Path dir;

  private Path manifest(String paths, String shape) throws Exception {
    return Files.writeString(dir.resolve("m.json"), "[{\"paths\": [" + paths + "], \"weights\": "
        + "[{\"name\": \"w\", \"shape\": " + shape + ", \"dtype\": \"float32\"}]}]");
  }

  @Test
  void aShardThatIsADeviceIsRefusedWithoutReadingIt() throws Exception {
    Files.createSymbolicLink(dir.resolve("zero.bin"), Path.of("/dev/zero"));
    Path m = manifest("\"zero.bin\"", "[4]");
    assertThatThrownBy(() -> TfjsWeights.load(m)).isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("zero.bin: not a regular file (a character device)");
    Path direct = manifest("\"/dev/zero\"", "[4]");
    assertThatThrownBy(() -> TfjsWeights.load(direct)).hasMessageContaining("not a regular file");
  }

  @Test
  void shardsOutsideTheManifestFolderAreRefused() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("secret"));
    Files.write(outside.resolve("key.bin"), new byte[16]);
    Path models = Files.createDirectories(dir.resolve("models"));
    Path m = Files.writeString(models.resolve("m.json"), "[{\"paths\": [\"../secret/key.bin\"], \"weights\": "
        + "[{\"name\": \"w\", \"shape\": [4], \"dtype\": \"float32\"}]}]");
    assertThatThrownBy(() -> TfjsWeights.load(m)).hasMessageContaining("is outside the manifest's folder");
    Files.createSymbolicLink(models.resolve("link.bin"), outside.resolve("key.bin"));
    Path viaLink = Files.writeString(models.resolve("l.json"), "[{\"paths\": [\"link.bin\"], \"weights\": "
        + "[{\"name\": \"w\", \"shape\": [4], \"dtype\": \"float32\"}]}]");
    assertThatThrownBy(() -> TfjsWeights.load(viaLink)).hasMessageContaining("is outside the manifest's folder");
  }

  @Test
  void aHugeSparseShardIsRefusedByItsSizeBeforeReading() throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(dir.resolve("big.bin").toFile(), "rw")) {
      f.setLength(3L << 30); // 3 GB, sparse: reading it would take the heap
    }
    Path m = manifest("\"big.bin\"", "[4]");
    assertThatThrownBy(() -> TfjsWeights.load(m)).hasMessageContaining("big.bin: too large (3.0 GB");
    try (RandomAccessFile f = new RandomAccessFile(dir.resolve("big.bin").toFile(), "rw")) {
      f.setLength(1_200_000_000L); // under the 2 GB limit: refused by the tensors' needs
    }
    assertThatThrownBy(() -> TfjsWeights.load(m))
        .hasMessageContaining("need 16 bytes but the shards hold 1200000000 bytes");
  }

  @Test
  void shapesWhoseElementCountOverflowsAreRefused() throws Exception {
    Files.write(dir.resolve("s.bin"), new byte[16]);
    Path m = manifest("\"s.bin\"", "[65536, 65536, 65536]");
    assertThatThrownBy(() -> TfjsWeights.load(m)).hasMessageContaining("has more elements than a group may hold");
    Path deep = manifest("\"s.bin\"", "[1,1,1,1,1,1,1,1,1,1]");
    assertThatThrownBy(() -> TfjsWeights.load(deep)).hasMessageContaining("a shape of 10 dimensions");
  }

  @Test
  void aManifestThatIsADeviceIsRefused() throws Exception {
    Path m = Files.createSymbolicLink(dir.resolve("m.json"), Path.of("/dev/zero"));
    assertThatThrownBy(() -> TfjsWeights.load(m)).hasMessageContaining("not a regular file (a character device)");
  }
}
