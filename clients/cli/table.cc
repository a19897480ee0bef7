#include "clients/cli/table.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>

#include "clients/cli/text_width.h"

namespace remarkgraph::cli {
namespace {

std::string Fit(const Table::Column& column, absl::string_view cell,
                int width) {
  return column.elide_front ? TruncateFront(cell, width)
                            : Truncate(cell, width);
}

}  // namespace

Table::Table(std::vector<Column> columns) : columns_(std::move(columns)) {}

void Table::AddRow(std::vector<std::string> cells) {
  cells.resize(columns_.size());
  for (size_t i = 0; i < cells.size(); ++i) {
    cells[i] = Fit(columns_[i], OneLine(cells[i]), columns_[i].max_width);
  }
  rows_.push_back(std::move(cells));
}

void Table::Print(std::ostream& out, int indent, int line_width) const {
  indent = std::max(indent, 0);
  std::vector<int> widths(columns_.size());
  std::vector<int> floors(columns_.size());
  int total = indent + 2 * (static_cast<int>(columns_.size()) - 1);
  for (size_t i = 0; i < columns_.size(); ++i) {
    const int header = DisplayWidth(columns_[i].header);
    widths[i] = header;
    for (const auto& row : rows_) {
      widths[i] = std::max(widths[i], DisplayWidth(row[i]));
    }
    floors[i] = columns_[i].fixed
                    ? widths[i]
                    : std::min(widths[i], std::max(header, kMinColumnWidth));
    total += widths[i];
  }
  // Narrow the widest column, one terminal column at a time, while the
  // lines are too long and some column can still give.
  while (line_width > 0 && total > line_width) {
    size_t widest = 0;
    for (size_t i = 1; i < widths.size(); ++i) {
      if (widths[i] - floors[i] > widths[widest] - floors[widest]) widest = i;
    }
    if (widths[widest] <= floors[widest]) break;
    --widths[widest];
    --total;
  }
  const auto print_row = [&](const std::vector<std::string>& cells) {
    std::string line(indent, ' ');
    for (size_t i = 0; i < cells.size(); ++i) {
      const bool last = i + 1 == cells.size();
      if (i > 0) line += "  ";
      const std::string cell = Fit(columns_[i], cells[i], widths[i]);
      const int pad = widths[i] - DisplayWidth(cell);
      if (columns_[i].align_right) {
        line.append(pad, ' ');
        line += cell;
      } else {
        line += cell;
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
