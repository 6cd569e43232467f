package org.gridbox.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rule of the command-line tool (docs/ARCHITECTURE.md): one package per command
 * ({@code detect}, {@code eval}, {@code val}, {@code train}, {@code summary}, {@code synth}), the
 * glue they share ({@code model}: model specs and loaders; {@code image}: OpenCV image reading and
 * drawing; {@code report}: HTML pages; {@code shared}: exit codes, usage errors, atomic files,
 * progress) and the root package, which only assembles the commands. No cycles; the commands never
 * import the root package; the glue never imports a command.
 */
class CliPackagesTest {
  private static JavaClasses cli;

  @BeforeAll
  static void importCli() {
    cli = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.gridbox.cli");
  }

  @Test
  void subPackagesHaveNoCycles() {
    slices().matching("org.gridbox.cli.(*)..").should().beFreeOfCycles().check(cli);
  }

  @Test
  void onlyTheRootPackageAssemblesCommands() {
    noClasses().that().resideInAPackage("org.gridbox.cli.*..")
        .should().dependOnClassesThat().resideInAPackage("org.gridbox.cli")
        .check(cli);
  }

  @Test
  void sharedGlueDoesNotImportCommands() {
    noClasses().that().resideInAnyPackage("org.gridbox.cli.shared..", "org.gridbox.cli.image..",
            "org.gridbox.cli.model..", "org.gridbox.cli.report..")
        .should().dependOnClassesThat().resideInAnyPackage("org.gridbox.cli.detect..",
            "org.gridbox.cli.eval..", "org.gridbox.cli.val..", "org.gridbox.cli.train..",
            "org.gridbox.cli.summary..", "org.gridbox.cli.synth..")
        .check(cli);
  }
}
