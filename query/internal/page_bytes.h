// The byte cap of a page: a listing closes its page early, and hands out a
// next page token, when one more item would take the response past the
// bytes the caller can send (the server's largest message, less a margin).
#ifndef REMARKGRAPH_QUERY_INTERNAL_PAGE_BYTES_H_
#define REMARKGRAPH_QUERY_INTERNAL_PAGE_BYTES_H_

#include <cstddef>

namespace remarkgraph::query::internal {

// Per item, beyond its record: field tags, lengths and the names the wire
// form adds (resource names are at most a few hundred bytes).
inline constexpr size_t kItemOverheadBytes = 512;

class PageBytes {
 public:
  // `max_bytes` 0: no cap.
  explicit PageBytes(size_t max_bytes) : max_bytes_(max_bytes) {}

  // Whether an item of `bytes` may join the page. The first always does, so
  // that every page makes progress.
  bool Fits(size_t bytes) const {
    return max_bytes_ == 0 || items_ == 0 || total_ + bytes + kItemOverheadBytes <= max_bytes_;
  }
  void Add(size_t bytes) {
    total_ += bytes + kItemOverheadBytes;
    ++items_;
  }

 private:
  const size_t max_bytes_;
  size_t total_ = 0;
  size_t items_ = 0;
};

}  // namespace remarkgraph::query::internal

#endif  // REMARKGRAPH_QUERY_INTERNAL_PAGE_BYTES_H_
