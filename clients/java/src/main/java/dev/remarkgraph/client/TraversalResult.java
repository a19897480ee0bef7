package dev.remarkgraph.client;

import dev.remarkgraph.v1.QueryStats;
import dev.remarkgraph.v1.TraversalHit;
import java.util.List;

/**
 * A whole Traverse stream: the hits in the order streamed, and the summary that closed it.
 *
 * @param hits every node reached, by depth, then discovery
 * @param summary the query's statistics, and why it was cut if it was
 */
public record TraversalResult(List<TraversalHit> hits, QueryStats summary) {
  /** Copies {@code hits}. */
  public TraversalResult {
    hits = List.copyOf(hits);
  }
}
