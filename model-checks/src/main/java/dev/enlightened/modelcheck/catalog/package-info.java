/**
 * The model catalog ({@code specs/models.json}): every model, its tier and its expected outcome, loaded and
 * validated by {@link dev.enlightened.modelcheck.catalog.ModelCatalog}, and the check of a result against it by
 * {@link dev.enlightened.modelcheck.catalog.Expectation}.
 */
package dev.enlightened.modelcheck.catalog;
