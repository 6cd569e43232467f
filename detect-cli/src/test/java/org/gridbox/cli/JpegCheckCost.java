package org.gridbox.cli;
import java.nio.file.*; import org.opencv.core.*; import org.opencv.imgcodecs.Imgcodecs;
import org.gridbox.cli.image.OpenCvImages;
/**
 * Measurement (not a test): OpenCV's decode and the JDK data check ({@link OpenCvImages#jpegDataProblem})
 * on the same JPEG bytes, interleaved in 7 rounds of 5, medians. Run after {@code mvn package}:
 * {@code java -cp detect-cli/target/test-classes:detect-cli/target/gridbox.jar:detect-cli/target/lib/*
 * org.gridbox.cli.JpegCheckCost testdata/images/*.jpg}. Figures: docs/errors.md, "JPEG data check".
 */
public class JpegCheckCost {
  public static void main(String[] a) throws Exception {
    OpenCvImages.load();
    for (String f : a) {
      byte[] d = Files.readAllBytes(Path.of(f));
      double[] cv = new double[7], chk = new double[7];
      for (int r = 0; r < 7; r++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < 5; i++) { MatOfByte b = new MatOfByte(d); Mat m = Imgcodecs.imdecode(b, Imgcodecs.IMREAD_COLOR); m.release(); b.release(); }
        long t1 = System.nanoTime();
        for (int i = 0; i < 5; i++) { if (OpenCvImages.jpegDataProblem(d) != null) throw new IllegalStateException(); }
        long t2 = System.nanoTime();
        cv[r] = (t1 - t0) / 5e6; chk[r] = (t2 - t1) / 5e6;
      }
      java.util.Arrays.sort(cv); java.util.Arrays.sort(chk);
      System.out.printf("%s: OpenCV decode median %.1f ms, JDK data check median %.1f ms (ratio %.2f)%n", f, cv[3], chk[3], chk[3] / cv[3]);
    }
  }
}
