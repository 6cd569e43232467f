/**
 * The choice between Vector-API and plain-Java kernels, made once for the whole library
 * ({@link org.gridbox.simd.Simd}). Depends on nothing else in gridbox, so every package may use it.
 */
package org.gridbox.simd;
