/**
 * The service provider interface between the {@code isolates} API and its runtime. Application code does not
 * use this package; {@code isolates-impl} implements it.
 */
package dev.isolates.spi;
