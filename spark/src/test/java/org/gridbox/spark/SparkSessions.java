package org.gridbox.spark;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** The one local SparkSession the module's tests share ({@code local[2]}, no UI). */
final class SparkSessions {
  private static SparkSession session;

  private SparkSessions() {}

  static synchronized SparkSession local() {
    if (session == null) {
      session = SparkSession.builder()
          .master("local[2]")
          .appName("gridbox-spark-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.sql.adaptive.enabled", "false") // tiny inputs: less planning per job
          .config("spark.driver.host", "127.0.0.1")
          .getOrCreate();
    }
    return session;
  }

  static Path root() {
    return Path.of(System.getProperty("gridbox.root", "..")).toAbsolutePath().normalize();
  }
}
