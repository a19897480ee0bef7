/**
 * A client of the remarkgraph gRPC API: {@link dev.remarkgraph.client.RemarkGraphClient} calls
 * GraphService and WriteService with a default deadline, and walks paged listings with {@link
 * dev.remarkgraph.client.PagedIterable}. The messages and stubs are generated into {@code
 * dev.remarkgraph.v1}.
 */
package dev.remarkgraph.client;
