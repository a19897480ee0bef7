#include "bench/synthetic_minutes.h"

namespace remarkgraph::bench {
namespace {

constexpr const char* kTopics[] = {
    "基本計画（案）は方向性が明確であり、賛成する。",
    "評価指針の改定（案）については、評価者の負担が懸念される。",
    "前年度の成果については、国際共同研究の伸びが著しい。"};
constexpr const char kFollowUp[] =
    "具体的な進め方については、関係機関と調整しながら検討を深めていただきたい。\n\n";

std::string Header() {
  std::string text = "\n研究開発推進本部 第９回会合 議事概要\n\n１ 日時\n\n"
                     "令和６年７月２日（火） １０時００分～１２時００分\n\n２ 場所\n\n"
                     "オンライン開催\n\n３ 出席者（敬称略）\n\n";
  for (int i = 0; i < 20; ++i) {
    text += "委員" + std::to_string(i) + " 太郎\t研究所所長\n";
  }
  text += "\n４ 議事概要\n\n(1) 討議\n\n【決定事項】\n\n"
          "- ・研究開発基本計画（案）について\n- ・評価指針の改定（案）について\n\n"
          "【報告事項】\n\n- ・前年度の成果（報告）について\n\n";
  return text;
}

void AppendRemark(int i, std::string& text) {
  text += "○委員" + std::to_string(i % 20) + "本部員\n\n";
  text += kTopics[i % 3];
  text += kFollowUp;
}

}  // namespace

std::string SyntheticMinutes(int remarks) {
  std::string text = Header();
  for (int i = 0; i < remarks; ++i) AppendRemark(i, text);
  return text;
}

std::string SyntheticMinutesOfSize(size_t bytes) {
  std::string text = Header();
  text.reserve(bytes + 512);
  int i = 0;
  do {
    AppendRemark(i++, text);
  } while (text.size() < bytes);
  return text;
}

}  // namespace remarkgraph::bench
