package dev.remarkgraph.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The items of a paged listing, fetched one page at a time as iteration reaches them, until a page
 * comes back with an empty {@code next_page_token}. Each call to {@link #iterator()} starts again
 * from the first page; stopping early fetches no further pages.
 *
 * @param <P> the response message of one page
 * @param <T> the items a page holds
 */
public final class PagedIterable<P, T> implements Iterable<T> {
  private final String firstPageToken;
  private final Function<String, P> fetchPage;
  private final Function<P, List<T>> items;
  private final Function<P, String> nextPageToken;

  /**
   * A listing whose pages {@code fetchPage} returns for a page token ({@code ""} for the first).
   *
   * @param firstPageToken the token of the first page to fetch, usually {@code ""}
   * @param fetchPage calls the server for the page a token names
   * @param items the items of a page
   * @param nextPageToken the token of the page after it, empty on the last
   */
  public PagedIterable(
      String firstPageToken,
      Function<String, P> fetchPage,
      Function<P, List<T>> items,
      Function<P, String> nextPageToken) {
    this.firstPageToken = Objects.requireNonNull(firstPageToken);
    this.fetchPage = Objects.requireNonNull(fetchPage);
    this.items = Objects.requireNonNull(items);
    this.nextPageToken = Objects.requireNonNull(nextPageToken);
  }

  /** The whole responses, page by page. */
  public Iterable<P> pages() {
    return PageIterator::new;
  }

  @Override
  public Iterator<T> iterator() {
    return new ItemIterator();
  }

  /** The items as a sequential stream, fetched lazily. */
  public Stream<T> stream() {
    return StreamSupport.stream(spliterator(), false);
  }

  /** Every item, from every page. */
  public List<T> toList() {
    List<T> all = new ArrayList<>();
    forEach(all::add);
    return Collections.unmodifiableList(all);
  }

  private final class PageIterator implements Iterator<P> {
    private String token = firstPageToken;
    private boolean done;

    @Override
    public boolean hasNext() {
      return !done;
    }

    @Override
    public P next() {
      if (done) {
        throw new NoSuchElementException();
      }
      P page = fetchPage.apply(token);
      String next = nextPageToken.apply(page);
      if (next.isEmpty()) {
        done = true;
      } else if (next.equals(token)) {
        // A server that hands back the token it was given would loop forever.
        throw new IllegalStateException("the server returned the page token it was given: " + next);
      }
      token = next;
      return page;
    }
  }

  private final class ItemIterator implements Iterator<T> {
    private final PageIterator pages = new PageIterator();
    private Iterator<T> current = Collections.emptyIterator();

    @Override
    public boolean hasNext() {
      while (!current.hasNext() && pages.hasNext()) {
        current = items.apply(pages.next()).iterator();
      }
      return current.hasNext();
    }

    @Override
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return current.next();
    }
  }
}
