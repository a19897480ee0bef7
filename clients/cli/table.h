// Aligned text tables for the human-readable output.

#ifndef REMARKGRAPH_CLIENTS_CLI_TABLE_H_
#define REMARKGRAPH_CLIENTS_CLI_TABLE_H_

#include <ostream>
#include <string>
#include <vector>

namespace remarkgraph::cli {

// A table of text cells printed with aligned columns:
//
//   NAME              KIND     TITLE
//   meetings/cshq-31  MEETING  ネットワーク安全保障推進本部 第31回会合
//
// Widths are measured in terminal columns (see text_width.h), so Japanese
// text aligns. Each cell is put on one line and cut to its column's
// max_width, or narrower when the lines must fit a terminal. The last column
// is not padded. Not thread-safe.
class Table {
 public:
  struct Column {
    // Printed in the header row.
    std::string header;
    // The widest the column may grow, in terminal columns.
    int max_width = 40;
    // Right-align (for numbers).
    bool align_right = false;
    // Cut long cells at the front, keeping their end (for resource names).
    bool elide_front = false;
    // Never narrowed to fit a line width (names that must stay readable).
    bool fixed = false;
  };

  explicit Table(std::vector<Column> columns);

  // Adds a row. Missing cells are empty; extra cells are ignored.
  void AddRow(std::vector<std::string> cells);

  bool empty() const { return rows_.empty(); }

  // Prints the header and every row, with `indent` spaces before each line.
  // A `line_width` above 0 narrows the widest columns that are not `fixed`
  // until lines fit in it, down to kMinColumnWidth; 0 leaves only the
  // columns' max_width.
  void Print(std::ostream& out, int indent = 0, int line_width = 0) const;

  // A column is never narrowed below this many terminal columns (nor below
  // its header) to fit a line width.
  static constexpr int kMinColumnWidth = 8;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace remarkgraph::cli

#endif  // REMARKGRAPH_CLIENTS_CLI_TABLE_H_
