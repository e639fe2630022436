/**
 * The Spark DataSource V2 adapter over the deeplake4j engine. It translates between Spark and the
 * engine and never decides format matters. (The read path arrives with the Spark read issue.)
 */
package org.deeplake4j.spark;
