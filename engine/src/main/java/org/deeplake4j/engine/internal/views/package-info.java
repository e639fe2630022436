/**
 * Saved views in Python deeplake 3.x's layout ({@code queries.json}, {@code .queries/<id>}):
 * listing, saving (virtual or materialized copies), loading and deleting them; internal, not public
 * API. The public surface is {@code Dataset.saveView/views/getView/loadView/deleteView}, {@code
 * DatasetView.saveView} and {@code ViewEntry}, which delegate here. Layering: above {@code
 * internal.write} (a view is written through its write component), below the root package.
 */
package org.deeplake4j.engine.internal.views;
