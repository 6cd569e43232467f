/**
 * The HTML reports of {@code gridbox detect}, {@code eval --report}, {@code val} and {@code train}: one
 * self-contained {@code index.html} per run folder that works from {@code file://} with no network
 * and no server.
 *
 * <p>Each page is the template {@code page.html} with the style sheet, the shared script
 * {@code report.js} and the page's own script inlined, and the run's data embedded as one JSON
 * object in a {@code <script type="application/json">} element (browsers do not let a page read a
 * sibling file from {@code file://}, so the data travels inside the page). The scripts draw
 * everything from that object: boxes, tables and charts (SVG); no external library.
 *
 * <p>The writers read what a run already wrote ({@code detections.json}, {@code history.csv}) or
 * what the command has in memory (an evaluation); they never change how a run writes its outputs.
 */
package org.gridbox.cli.report;
