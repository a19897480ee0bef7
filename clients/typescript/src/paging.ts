/** One page of a listing: its items and the token of the page after it. */
export interface Page<T> {
  readonly items: readonly T[];
  /** Empty on the last page. */
  readonly nextPageToken: string;
}

/** Fetches the page that `pageToken` names ("" for the first). */
export type PageFetcher<T> = (pageToken: string) => Promise<Page<T>>;

/**
 * Yields every item of a paged listing, fetching the next page only when the
 * items of the previous one are used up, until a page comes back with an
 * empty `next_page_token`. Stopping the iteration early fetches no further
 * pages.
 */
export async function* paginate<T>(
  fetchPage: PageFetcher<T>,
  firstPageToken = "",
): AsyncGenerator<T, void, undefined> {
  for await (const page of pages(fetchPage, firstPageToken)) {
    yield* page.items;
  }
}

/**
 * Yields each page of a paged listing in turn, ending after the page whose
 * `next_page_token` is empty. A server that hands back the token it was
 * given would loop forever; that is reported as an error instead.
 */
export async function* pages<P extends { readonly nextPageToken: string }>(
  fetchPage: (pageToken: string) => Promise<P>,
  firstPageToken = "",
): AsyncGenerator<P, void, undefined> {
  let token = firstPageToken;
  for (;;) {
    const page = await fetchPage(token);
    yield page;
    if (page.nextPageToken === "") return;
    if (page.nextPageToken === token) {
      throw new Error(`paging: the server returned the page token it was given (${token})`);
    }
    token = page.nextPageToken;
  }
}

/** Collects an async iterable into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
