#include "clients/cli/table.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>

#include "clients/cli/text_width.h"

namespace remarkgraph::cli {

Table::Table(std::vector<Column> columns) : columns_(std::move(columns)) {}

void Table::AddRow(std::vector<std::string> cells) {
  cells.resize(columns_.size());
  for (size_t i = 0; i < cells.size(); ++i) {
    cells[i] = Truncate(OneLine(cells[i]), columns_[i].max_width);
  }
  rows_.push_back(std::move(cells));
}

void Table::Print(std::ostream& out, int indent) const {
  std::vector<int> widths(columns_.size());
  for (size_t i = 0; i < columns_.size(); ++i) {
    widths[i] = DisplayWidth(columns_[i].header);
    for (const auto& row : rows_) {
      widths[i] = std::max(widths[i], DisplayWidth(row[i]));
    }
  }
  const auto print_row = [&](const std::vector<std::string>& cells) {
    std::string line(std::max(indent, 0), ' ');
    for (size_t i = 0; i < cells.size(); ++i) {
      const bool last = i + 1 == cells.size();
      if (i > 0) line += "  ";
      const int pad = widths[i] - DisplayWidth(cells[i]);
      if (columns_[i].align_right) {
        line.append(pad, ' ');
        line += cells[i];
      } else {
        line += cells[i];
        if (!last) line.append(pad, ' ');
      }
    }
    // A right-aligned or empty last cell can leave trailing blanks.
    line.erase(line.find_last_not_of(' ') + 1);
    out << line << '\n';
  };
  std::vector<std::string> headers;
  for (const Column& column : columns_) headers.push_back(column.header);
  print_row(headers);
  for (const auto& row : rows_) print_row(row);
}

}  // namespace remarkgraph::cli
