// Invented 議事概要 text of any size for the import tests: a council, its
// decisions, and remarks by two members.
#ifndef REMARKGRAPH_TESTS_E2E_MINUTES_BUILDER_H_
#define REMARKGRAPH_TESTS_E2E_MINUTES_BUILDER_H_

#include <string>
#include <utility>
#include <vector>

namespace remarkgraph::e2e {

struct InventedRemark {
  std::string label;  // 高田本部員, 村上本部員, 議長
  std::string text;
};

// `title` like "河川防災協議会 第３回会合"; `date` like "令和５年１１月１４日（火）".
inline std::string InventedGijigaiyo(const std::string& title, const std::string& date,
                                     const std::vector<std::string>& decisions,
                                     const std::vector<InventedRemark>& remarks) {
  std::string text = title + " 議事概要\n\n１ 日時\n\n" + date +
                     " １４時００分～１５時３０分\n\n２ 場所\n\n中央合同庁舎 第１会議室\n\n"
                     "３ 出席者（敬称略）\n\n高田 誠\t東都大学教授\n村上 由美\t株式会社ミライ防災代表取締役\n"
                     "小西 健二\t全国市長会防災部会長\n\n４ 議事概要\n\n（１）討議\n\n【決定事項】\n\n";
  for (const std::string& d : decisions) text += "- ・" + d + "について\n";
  text += "\n以上の議題について、事務局より資料を用いて説明があった。\n\n";
  for (const InventedRemark& r : remarks) text += "○" + r.label + "\n\n" + r.text + "\n\n";
  text += "－ 以上 －\n";
  return text;
}

}  // namespace remarkgraph::e2e

#endif  // REMARKGRAPH_TESTS_E2E_MINUTES_BUILDER_H_
