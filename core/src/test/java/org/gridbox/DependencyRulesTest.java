package org.gridbox;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rule of {@code core} (docs/ARCHITECTURE.md): packages form layers, lower layers never
 * import higher ones, and no two packages depend on each other in a cycle.
 *
 * <pre>
 *   root (Check), simd
 *   geom                      boxes, IoU
 *   image, detection, nms     pixels; results; suppression
 *   io                        files in and out
 *   decode, nn (+ nn.*)       raw outputs to candidates; the CNN engine and model formats
 *   loss, metrics             training losses; evaluation
 *   models                    ready detectors
 *   train                     training loops
 * </pre>
 */
class DependencyRulesTest {
  private static JavaClasses core;

  @BeforeAll
  static void importCore() {
    core = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.gridbox");
  }

  /** No cycles between the top-level packages of core (nn and its sub-packages count as one). */
  static ArchRule noCycles(String pattern) {
    return slices().matching(pattern).should().beFreeOfCycles();
  }

  @Test
  void topLevelPackagesHaveNoCycles() {
    noCycles("org.gridbox.(*)..").check(core);
  }

  @Test
  void packagesWithinTheEngineHaveNoCycles() {
    noCycles("org.gridbox.nn.(*)..").check(core);
  }

  @Test
  void lowerLayersDoNotImportHigherOnes() {
    layer("geom", "simd", "");
    layer("image", "geom", "simd", "");
    layer("detection", "geom", "");
    layer("nms", "geom", "simd", "");
    layer("io", "geom", "image", "detection", "");
  }

  /** Classes of {@code org.gridbox.PKG} may use only the listed core packages ("" = the root package). */
  private static void layer(String pkg, String... allowed) {
    String[] patterns = new String[allowed.length + 2];
    patterns[0] = "java..";
    patterns[1] = "org.gridbox." + pkg + "..";
    for (int i = 0; i < allowed.length; i++) {
      patterns[i + 2] = allowed[i].isEmpty() ? "org.gridbox" : "org.gridbox." + allowed[i] + "..";
    }
    noClasses().that().resideInAPackage("org.gridbox." + pkg + "..")
        .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.not(
            com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage(patterns))
            .and(com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage("org.gridbox..")))
        .check(core);
  }

  /** The cycle rule is not vacuous: two fixture packages that import each other fail it. */
  @Test
  void aDeliberateCycleFailsTheRule() {
    JavaClasses fixture = new ClassFileImporter()
        .importPackages("org.gridbox.archfixture");
    assertThatThrownBy(() -> noCycles("org.gridbox.archfixture.(*)..").check(fixture))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Cycle detected");
  }
}
