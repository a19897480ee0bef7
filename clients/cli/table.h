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
//   meetings/cshq-31  MEETING  サイバーセキュリティ戦略本部 第31回会合
//
// Widths are measured in terminal columns (see text_width.h), so Japanese
// text aligns. Each cell is put on one line and cut to its column's
// max_width. The last column is not padded. Not thread-safe.
class Table {
 public:
  struct Column {
    // Printed in the header row.
    std::string header;
    // The widest the column may grow, in terminal columns.
    int max_width = 40;
    // Right-align (for numbers).
    bool align_right = false;
  };

  explicit Table(std::vector<Column> columns);

  // Adds a row. Missing cells are empty; extra cells are ignored.
  void AddRow(std::vector<std::string> cells);

  bool empty() const { return rows_.empty(); }

  // Prints the header and every row; `indent` spaces before each line.
  void Print(std::ostream& out, int indent = 0) const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace remarkgraph::cli

#endif  // REMARKGRAPH_CLIENTS_CLI_TABLE_H_
