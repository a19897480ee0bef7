// The generator works meeting by meeting, in date order within each body, so
// that each meeting is one natural import unit. Popularity of decisions is
// fixed up front (a Zipf weight per decision, by a random rank) and sampled
// with a Fenwick tree over the decisions created so far: a remark only
// refers to decisions that exist when it is made.
#include "bench/corpus.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "nlohmann/json.hpp"

namespace remarkgraph::bench {
namespace {

using storage::EdgeKind;
using storage::NodeKind;

// splitmix64: tiny, fast and identical on every platform (the standard
// library's distributions are not).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  // In [0, n).
  int64_t Below(int64_t n) {
    return static_cast<int64_t>(Uniform() * static_cast<double>(n));
  }
  bool Chance(double p) { return Uniform() < p; }

 private:
  uint64_t state_;
};

// Samples indexes 0..n-1 with probability proportional to 1/(i+1)^s.
class Zipf {
 public:
  Zipf(size_t n, double s) : cumulative_(n) {
    double total = 0;
    for (size_t i = 0; i < n; ++i) {
      total += 1.0 / std::pow(static_cast<double>(i + 1), s);
      cumulative_[i] = total;
    }
  }
  size_t Sample(Rng& rng) const {
    const double u = rng.Uniform() * cumulative_.back();
    return static_cast<size_t>(
        std::upper_bound(cumulative_.begin(), cumulative_.end(), u) -
        cumulative_.begin());
  }

 private:
  std::vector<double> cumulative_;
};

// Weighted sampling over slots whose weights are set one by one.
class Fenwick {
 public:
  explicit Fenwick(size_t n) : tree_(n + 1, 0.0) {}
  void Add(size_t index, double weight) {
    total_ += weight;
    for (size_t i = index + 1; i < tree_.size(); i += i & (~i + 1)) {
      tree_[i] += weight;
    }
  }
  double total() const { return total_; }
  // The slot where the running sum passes `u` (0 <= u < total).
  size_t Find(double u) const {
    size_t pos = 0;
    size_t step = 1;
    while (step * 2 < tree_.size()) step *= 2;
    for (; step > 0; step /= 2) {
      if (pos + step < tree_.size() && tree_[pos + step] <= u) {
        pos += step;
        u -= tree_[pos];
      }
    }
    return std::min(pos, tree_.size() - 2);
  }

 private:
  std::vector<double> tree_;
  double total_ = 0;
};

constexpr const char* kFamilyNames[] = {
    "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林",
    "加藤", "吉田", "山田", "佐々木", "山口", "松本", "井上", "木村", "林",
    "斎藤", "清水", "山崎", "森", "池田", "橋本", "阿部", "石川", "前田"};
constexpr const char* kGivenNames[] = {
    "太郎", "花子", "健一", "由紀", "誠", "直子", "大輔", "恵子", "翔",
    "美咲", "浩", "陽子", "隆", "真理", "拓也", "智子", "亮", "綾"};
constexpr const char* kBodyNames[] = {
    "ネットワーク安全保障推進本部", "防災推進会議", "デジタル社会推進会議",
    "規制改革推進会議", "科学技術・イノベーション会議", "中央環境審議会",
    "社会保障審議会", "交通政策審議会", "教育再生実行会議", "知的財産戦略本部"};
constexpr const char* kTerms[] = {
    "予算", "人材育成", "サイバーセキュリティ", "防災", "デジタル化",
    "個人情報", "地方自治体", "重要インフラ", "国際連携", "研究開発",
    "規制改革", "働き方", "少子化", "脱炭素", "医療", "教育", "交通",
    "情報共有", "評価指標", "中小企業", "標準化", "インシデント対応",
    "クラウド", "人工知能", "データ連携", "ガイドライン", "訓練", "制度設計",
    "財源", "広報", "司令塔機能", "官民連携", "サプライチェーン", "監査",
    "透明性", "住民サービス", "通信網", "電力", "水道", "物流", "港湾",
    "空港", "観光", "農業", "漁業", "森林", "文化財", "スポーツ", "福祉",
    "介護", "年金", "雇用", "税制", "金融", "保険", "半導体", "宇宙",
    "海洋", "量子技術", "認証基盤", "マイナンバー", "電子政府", "統計",
    "調達", "公文書", "選挙", "警察", "消防", "自衛隊", "外交", "経済安全保障",
    "感染症", "ワクチン", "避難所", "耐震化", "土砂災害", "洪水", "津波",
    "火山", "気候変動", "再生可能エネルギー", "原子力", "水素", "蓄電池",
    "電気自動車", "自動運転", "ドローン", "衛星", "地理空間情報", "オープンデータ",
    "サンドボックス", "スタートアップ", "大学改革", "奨学金", "保育", "児童虐待",
    "高齢者", "障害者", "多文化共生", "ジェンダー", "消費者保護", "食品安全",
    "動物福祉", "景観", "都市計画", "空き家", "公共交通", "道路", "橋梁",
    "下水道", "廃棄物", "リサイクル", "海洋プラスチック", "生物多様性",
    "国立公園", "外来種", "水資源", "大気汚染", "騒音", "化学物質"};
constexpr const char* kTemplates[] = {
    "%1について、%2の観点から%3を進めるべきだと考えます。",
    "%1の現状について、%2との関係を事務局に伺いたい。",
    "%1に関しては%2が不可欠であり、%3の見直しも必要です。",
    "資料にある%1の記述は%2を踏まえたものか確認したい。",
    "%1と%2の両立が課題であり、%3について具体策を示すべきです。",
    "%1の取組は評価するが、%2の予算措置が不十分ではないか。",
    "%1について賛成します。%2と%3の連携を強化してください。",
    "%1の進め方に懸念があります。%2への影響を精査すべきです。"};
constexpr const char* kTitles[] = {"委員", "委員", "委員", "専門委員",
                                   "臨時委員", "参考人"};

std::string Fill(std::string_view pattern, const std::string& a,
                 const std::string& b, const std::string& c) {
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '%' && i + 1 < pattern.size()) {
      const char d = pattern[i + 1];
      if (d == '1' || d == '2' || d == '3') {
        out += d == '1' ? a : d == '2' ? b : c;
        ++i;
        continue;
      }
    }
    out += pattern[i];
  }
  return out;
}

struct MeetingPlan {
  int body = 0;
  int number = 0;  // Within the body, from 1.
  int remarks = 0;
  std::vector<uint32_t> item_kinds;  // 1 decision, 2 report.
};

class Generator {
 public:
  Generator(const CorpusOptions& options, CorpusSink& sink)
      : options_(options), sink_(sink), rng_(options.seed) {}

  CorpusManifest Run();

 private:
  int64_t AddNode(GenNode node) {
    node.id = static_cast<int64_t>(names_.size()) + 1;
    names_.push_back(node.name);
    ++manifest_.nodes_by_kind[static_cast<size_t>(node.kind)];
    sink_.Node(node);
    return node.id;
  }
  void AddEdge(int64_t source, EdgeKind kind, int64_t target,
               uint32_t stance = 0) {
    ++manifest_.edges_by_kind[static_cast<size_t>(kind)];
    ++manifest_.edges;
    sink_.Edge({source, kind, target, stance});
  }
  std::string PersonTitle(int64_t index) const {
    return absl::StrCat(kFamilyNames[index % std::size(kFamilyNames)], " ",
                        kGivenNames[(index / 7) % std::size(kGivenNames)]);
  }
  uint32_t DrawStance() {
    const double u = rng_.Uniform();
    if (u < 0.35) return 1;  // SUPPORT
    if (u < 0.55) return 2;  // CONCERN
    if (u < 0.75) return 3;  // QUESTION
    if (u < 0.80) return 4;  // OPPOSE
    return 0;
  }

  std::vector<MeetingPlan> Plan(int bodies);
  void ChooseSeeds(int bodies);

  const CorpusOptions options_;
  CorpusSink& sink_;
  Rng rng_;
  CorpusManifest manifest_;
  std::vector<std::string> names_;  // By id - 1.

  std::vector<int64_t> people_;            // Node ids.
  std::vector<std::vector<int>> rosters_;  // Per body, indexes into people_.
  std::vector<std::vector<int>> bodies_of_person_;
  std::vector<std::vector<int64_t>> meetings_of_body_;  // Node ids.
  std::vector<std::vector<int64_t>> attended_;  // Per person, meeting ids.
  std::vector<int64_t> remarks_of_person_;
  std::vector<int64_t> refs_;  // REFERENCES in-degree, by node id - 1.
  // (person index, item id) for every REFERENCES edge: the 3-hop estimate.
  std::vector<std::pair<int32_t, int64_t>> person_refs_;
  std::vector<int64_t> decisions_;  // Node ids of decisions.
  absl::flat_hash_set<int64_t> reports_;  // Node ids of reports.
};

std::vector<MeetingPlan> Generator::Plan(int bodies) {
  Rng plan_rng(options_.seed ^ 0x5eed);
  std::vector<MeetingPlan> plans;
  std::vector<int> held(bodies, 0);
  for (int64_t total = 0; total < options_.remarks;) {
    MeetingPlan plan;
    plan.body = static_cast<int>(plans.size() % bodies);
    plan.number = ++held[plan.body];
    plan.remarks = static_cast<int>(
        std::min<int64_t>(20 + plan_rng.Below(21), options_.remarks - total));
    const int items = 2 + static_cast<int>(plan_rng.Below(5));
    for (int i = 0; i < items; ++i) {
      plan.item_kinds.push_back(plan_rng.Chance(0.5) ? 1 : 2);
    }
    total += plan.remarks;
    plans.push_back(std::move(plan));
  }
  return plans;
}

CorpusManifest Generator::Run() {
  manifest_.nodes_by_kind.assign(storage::kMaxNodeKind + 1, 0);
  manifest_.edges_by_kind.assign(storage::kMaxEdgeKind + 1, 0);
  const int bodies = static_cast<int>(std::max<int64_t>(4, options_.remarks / 5000));
  const int64_t people = std::max<int64_t>(60, options_.remarks / 50);
  const std::vector<MeetingPlan> plans = Plan(bodies);
  int64_t total_decisions = 0;
  int64_t total_items = 0;
  for (const MeetingPlan& plan : plans) {
    for (uint32_t kind : plan.item_kinds) total_decisions += kind == 1;
    total_items += static_cast<int64_t>(plan.item_kinds.size());
  }

  // Bodies, people, matters and topics exist before any meeting.
  std::vector<int64_t> body_ids;
  for (int b = 0; b < bodies; ++b) {
    GenNode node;
    node.kind = NodeKind::kBody;
    node.name = absl::StrCat("bodies/b", b + 1);
    node.title = absl::StrCat(kBodyNames[b % std::size(kBodyNames)],
                              b >= static_cast<int>(std::size(kBodyNames))
                                  ? absl::StrCat(" 第", b / std::size(kBodyNames) + 1, "部会")
                                  : "");
    body_ids.push_back(AddNode(std::move(node)));
  }
  for (int64_t p = 0; p < people; ++p) {
    GenNode node;
    node.kind = NodeKind::kPerson;
    node.name = absl::StrCat("people/p", p + 1);
    node.title = PersonTitle(p);
    people_.push_back(AddNode(std::move(node)));
  }
  // Matters: most belong to one body; a tenth are shared by every body.
  const int64_t matters_per_body = std::max<int64_t>(5, total_items / bodies / 6);
  const int64_t shared_matters = std::max<int64_t>(3, matters_per_body / 10);
  std::vector<std::vector<int64_t>> body_matters(bodies);
  std::vector<int64_t> shared;
  int64_t matter_number = 0;
  auto add_matter = [&](const std::string& owner) {
    GenNode node;
    node.kind = NodeKind::kMatter;
    node.name = absl::StrCat("matters/mt", ++matter_number);
    node.title = absl::StrCat(kTerms[rng_.Below(std::size(kTerms))], "に関する",
                              owner, "の方針");
    return AddNode(std::move(node));
  };
  for (int64_t i = 0; i < shared_matters; ++i) shared.push_back(add_matter("政府全体"));
  for (int b = 0; b < bodies; ++b) {
    for (int64_t i = 0; i < matters_per_body; ++i) {
      body_matters[b].push_back(add_matter(kBodyNames[b % std::size(kBodyNames)]));
    }
  }
  constexpr int kTopics = 300;
  std::vector<int64_t> topics;
  for (int t = 0; t < kTopics; ++t) {
    GenNode node;
    node.kind = NodeKind::kTopic;
    node.name = absl::StrCat("topics/t", t + 1);
    node.title = kTerms[t % std::size(kTerms)];
    topics.push_back(AddNode(std::move(node)));
  }

  // Rosters: low-numbered people sit on many bodies, most on one or two.
  constexpr int kRoster = 30;
  rosters_.assign(bodies, {});
  bodies_of_person_.assign(people, {});
  for (int b = 0; b < bodies; ++b) {
    while (static_cast<int>(rosters_[b].size()) < kRoster) {
      const double u = rng_.Uniform();
      const int p = static_cast<int>(static_cast<double>(people) * u * u);
      if (std::find(rosters_[b].begin(), rosters_[b].end(), p) !=
          rosters_[b].end()) {
        continue;
      }
      rosters_[b].push_back(p);
      bodies_of_person_[p].push_back(b);
    }
  }
  // People on no roster still speak now and then, as guests.
  meetings_of_body_.assign(bodies, {});
  attended_.assign(people, {});
  remarks_of_person_.assign(people, 0);

  // Decision popularity: Zipf(1) weight by a random rank.
  std::vector<double> weight(total_decisions);
  {
    std::vector<int64_t> rank(total_decisions);
    for (int64_t i = 0; i < total_decisions; ++i) rank[i] = i + 1;
    for (int64_t i = total_decisions - 1; i > 0; --i) {
      std::swap(rank[i], rank[rng_.Below(i + 1)]);
    }
    for (int64_t i = 0; i < total_decisions; ++i) {
      weight[i] = 1.0 / static_cast<double>(rank[i]);
    }
  }
  Fenwick popularity(static_cast<size_t>(std::max<int64_t>(1, total_decisions)));
  const Zipf term_zipf(std::size(kTerms), 1.0);
  const Zipf topic_zipf(kTopics, 1.0);
  const int meetings_per_body =
      static_cast<int>((static_cast<int64_t>(plans.size()) + bodies - 1) / bodies);
  // Meetings of a body are spread over twenty years from April 2005.
  const int interval_days = std::max(7, 20 * 365 / std::max(1, meetings_per_body));
  const absl::CivilDay first_day(2005, 4, 1);
  std::vector<int64_t> documents;

  for (const MeetingPlan& plan : plans) {
    const std::string meeting_key = absl::StrCat("b", plan.body + 1, "-", plan.number);
    GenNode meeting;
    meeting.kind = NodeKind::kMeeting;
    meeting.name = absl::StrCat("meetings/", meeting_key);
    meeting.title = absl::StrCat(kBodyNames[plan.body % std::size(kBodyNames)],
                                 "（第", plan.number, "回）");
    const absl::CivilDay day =
        first_day + (plan.number - 1) * interval_days + plan.body % interval_days;
    meeting.date = absl::FormatCivilTime(day);
    const int64_t meeting_id = AddNode(std::move(meeting));
    meetings_of_body_[plan.body].push_back(meeting_id);

    std::vector<int64_t> items;
    for (size_t i = 0; i < plan.item_kinds.size(); ++i) {
      GenNode item;
      item.kind = NodeKind::kItem;
      item.name = absl::StrCat("meetings/", meeting_key, "/items/", i + 1);
      item.item_kind = plan.item_kinds[i];
      item.outcome = item.item_kind == 1 ? 1 + static_cast<uint32_t>(rng_.Below(3)) : 0;
      item.ordinal = static_cast<int32_t>(i + 1);
      item.title = absl::StrCat(kTerms[term_zipf.Sample(rng_)], "について",
                                item.item_kind == 1 ? "（案）" : "（報告）");
      items.push_back(AddNode(std::move(item)));
      if (plan.item_kinds[i] == 2) reports_.insert(items.back());
    }
    std::vector<int64_t> meeting_documents;
    for (int d = 0; d < 2; ++d) {
      GenNode doc;
      doc.kind = NodeKind::kDocument;
      doc.name = absl::StrCat("documents/", meeting_key, "-", d + 1);
      doc.title = absl::StrCat("資料", d + 1);
      meeting_documents.push_back(AddNode(std::move(doc)));
    }

    // Attendance: the chair (first on the roster) and eleven others.
    const std::vector<int>& roster = rosters_[plan.body];
    std::vector<int> attendees = {roster[0]};
    while (attendees.size() < 12) {
      const int p = roster[1 + rng_.Below(kRoster - 1)];
      if (std::find(attendees.begin(), attendees.end(), p) == attendees.end()) {
        attendees.push_back(p);
      }
    }

    std::vector<int64_t> remarks;
    std::vector<int> speakers;
    for (int r = 0; r < plan.remarks; ++r) {
      int speaker;
      if (rng_.Chance(0.3)) {
        speaker = attendees[0];
      } else {
        const double u = rng_.Uniform();
        speaker = attendees[1 + static_cast<size_t>(11 * std::pow(u, 1.5))];
      }
      GenNode remark;
      remark.kind = NodeKind::kRemark;
      remark.name = absl::StrCat("meetings/", meeting_key, "/remarks/", r + 1);
      remark.ordinal = r + 1;
      remark.speaker_label =
          speaker == attendees[0]
              ? absl::StrCat(PersonTitle(speaker).substr(0, PersonTitle(speaker).find(' ')), "座長")
              : absl::StrCat(PersonTitle(speaker).substr(0, PersonTitle(speaker).find(' ')),
                             kTitles[speaker % std::size(kTitles)]);
      remark.text = Fill(kTemplates[rng_.Below(std::size(kTemplates))],
                         kTerms[term_zipf.Sample(rng_)],
                         kTerms[term_zipf.Sample(rng_)],
                         kTerms[term_zipf.Sample(rng_)]);
      remarks.push_back(AddNode(std::move(remark)));
      speakers.push_back(speaker);
      ++remarks_of_person_[speaker];
    }
    manifest_.remarks += plan.remarks;

    // The meeting's own edges.
    AddEdge(meeting_id, EdgeKind::kHeldBy, body_ids[plan.body]);
    for (size_t i = 0; i < items.size(); ++i) {
      AddEdge(meeting_id, EdgeKind::kHasItem, items[i]);
      const bool is_shared = rng_.Chance(0.1);
      const std::vector<int64_t>& pool = is_shared ? shared : body_matters[plan.body];
      AddEdge(items[i], EdgeKind::kAbout, pool[rng_.Below(static_cast<int64_t>(pool.size()))]);
    }
    for (int p : attendees) {
      AddEdge(people_[p], EdgeKind::kAttended, meeting_id);
      attended_[p].push_back(meeting_id);
    }
    for (size_t r = 0; r < remarks.size(); ++r) {
      const int64_t remark = remarks[r];
      AddEdge(remark, EdgeKind::kInMeeting, meeting_id);
      AddEdge(remark, EdgeKind::kSpokenBy, people_[speakers[r]]);
      // References: one to three items of this meeting, and one or two
      // earlier decisions, popular ones far more often.
      std::vector<int64_t> targets;
      const int own = 1 + static_cast<int>(rng_.Below(3));
      for (int k = 0; k < own; ++k) {
        targets.push_back(items[rng_.Below(static_cast<int64_t>(items.size()))]);
      }
      if (popularity.total() > 0) {
        const int earlier = rng_.Chance(0.5) ? 2 : 1;
        for (int k = 0; k < earlier; ++k) {
          targets.push_back(decisions_[popularity.Find(rng_.Uniform() * popularity.total())]);
        }
      }
      std::sort(targets.begin(), targets.end());
      targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
      for (int64_t target : targets) {
        AddEdge(remark, EdgeKind::kReferences, target, DrawStance());
        if (static_cast<size_t>(target) > refs_.size()) refs_.resize(target * 2, 0);
        ++refs_[target - 1];
        person_refs_.emplace_back(speakers[r], target);
      }
      if (r > 0 && rng_.Chance(0.8)) {
        const size_t to = rng_.Chance(0.7) ? r - 1 : static_cast<size_t>(rng_.Below(static_cast<int64_t>(r)));
        AddEdge(remark, EdgeKind::kRepliesTo, remarks[to]);
      }
      if (rng_.Chance(0.7)) {
        const bool own_doc = documents.empty() || rng_.Chance(0.8);
        AddEdge(remark, EdgeKind::kCites,
                own_doc ? meeting_documents[rng_.Below(2)]
                        : documents[rng_.Below(static_cast<int64_t>(documents.size()))]);
      }
      if (rng_.Chance(0.7)) {
        AddEdge(remark, EdgeKind::kMentions, topics[topic_zipf.Sample(rng_)]);
      }
    }
    // This meeting's decisions may be referred to from now on.
    for (size_t i = 0; i < items.size(); ++i) {
      if (plan.item_kinds[i] != 1) continue;
      popularity.Add(decisions_.size(), weight[decisions_.size()]);
      decisions_.push_back(items[i]);
    }
    documents.insert(documents.end(), meeting_documents.begin(), meeting_documents.end());
    sink_.EndOfMeeting();
  }
  manifest_.nodes = static_cast<int64_t>(names_.size());
  ChooseSeeds(bodies);
  return manifest_;
}

void Generator::ChooseSeeds(int bodies) {
  refs_.resize(names_.size(), 0);
  auto name = [&](int64_t id) { return names_[id - 1]; };
  // A remark from the middle of the corpus.
  for (int64_t id = static_cast<int64_t>(names_.size()) / 2; id <= static_cast<int64_t>(names_.size()); ++id) {
    if (names_[id - 1].find("/remarks/") != std::string::npos) {
      manifest_.remark = name(id);
      break;
    }
  }
  manifest_.meeting = name(meetings_of_body_[0][meetings_of_body_[0].size() / 2]);

  int64_t best = -1, top = -1;
  for (int64_t d : decisions_) {
    if (best < 0 || std::llabs(refs_[d - 1] - 1000) < std::llabs(refs_[best - 1] - 1000)) best = d;
    if (top < 0 || refs_[d - 1] > refs_[top - 1]) top = d;
  }
  manifest_.dossier_item = name(best);
  manifest_.dossier_refs = refs_[best - 1];
  manifest_.supernode = name(top);
  manifest_.supernode_refs = refs_[top - 1];

  int p2 = 0;
  for (size_t p = 0; p < people_.size(); ++p) {
    if (std::llabs(remarks_of_person_[p] - 200) < std::llabs(remarks_of_person_[p2] - 200)) {
      p2 = static_cast<int>(p);
    }
  }
  manifest_.person_2hop = name(people_[p2]);
  manifest_.person_2hop_remarks = remarks_of_person_[p2];

  // 3 hops through reports (popular decisions would reach most of the
  // corpus from anyone): estimate each person's reach by the references
  // into the reports they referred to, and take the one nearest 2,000.
  std::sort(person_refs_.begin(), person_refs_.end());
  person_refs_.erase(std::unique(person_refs_.begin(), person_refs_.end()), person_refs_.end());
  std::vector<int64_t> reach(people_.size(), 0);
  for (const auto& [person, item] : person_refs_) {
    if (reports_.contains(item)) reach[person] += refs_[item - 1];
  }
  int p3 = -1;
  for (size_t p = 0; p < people_.size(); ++p) {
    if (remarks_of_person_[p] < 2) continue;
    if (p3 < 0 || std::llabs(reach[p] - 2000) < std::llabs(reach[p3] - 2000)) p3 = static_cast<int>(p);
  }
  if (p3 < 0) p3 = p2;
  manifest_.person_3hop = name(people_[p3]);
  manifest_.person_3hop_remarks = remarks_of_person_[p3];
  // The unrestricted 3 hops from the 2-hop person reach a large share of
  // the corpus; timed only on corpora small enough for every engine.
  manifest_.three_hop_all = options_.remarks <= 200'000;

  // Two people who sit only on the first and only on the last body: their
  // shortest connection runs through a matter or a third person.
  auto only_on = [&](int body) -> int {
    for (int p : rosters_[body]) {
      if (bodies_of_person_[p].size() == 1 && !attended_[p].empty()) return p;
    }
    return rosters_[body].back();
  };
  manifest_.path_from = name(people_[only_on(0)]);
  manifest_.path_to = name(people_[only_on(bodies - 1)]);
  manifest_.search_word = kTerms[35];  // 住民サービス: long enough for trigram indexes.
}

}  // namespace

CorpusOptions CorpusForSize(std::string_view size) {
  CorpusOptions options;
  if (size == "XS") {
    options.remarks = 3'000;
  } else if (size == "S") {
    options.remarks = 100'000;
  } else if (size == "M") {
    options.remarks = 1'000'000;
  } else if (size == "L") {
    options.remarks = 10'000'000;
  } else {
    options.remarks = std::max<int64_t>(100, std::atoll(std::string(size).c_str()));
  }
  return options;
}

std::string CorpusManifest::ToJson() const {
  nlohmann::json json;
  json["nodes"] = nodes;
  json["edges"] = edges;
  json["remarks"] = remarks;
  nlohmann::json by_kind = nlohmann::json::object();
  for (size_t k = 1; k < nodes_by_kind.size(); ++k) {
    by_kind[std::string(storage::NodeKindName(static_cast<storage::NodeKind>(k)))] = nodes_by_kind[k];
  }
  json["nodes_by_kind"] = by_kind;
  nlohmann::json edge_kinds = nlohmann::json::object();
  for (size_t k = 1; k < edges_by_kind.size(); ++k) {
    edge_kinds[std::string(storage::EdgeKindName(static_cast<storage::EdgeKind>(k)))] = edges_by_kind[k];
  }
  json["edges_by_kind"] = edge_kinds;
  json["remark"] = remark;
  json["meeting"] = meeting;
  json["dossier_item"] = dossier_item;
  json["dossier_refs"] = dossier_refs;
  json["supernode"] = supernode;
  json["supernode_refs"] = supernode_refs;
  json["person_2hop"] = person_2hop;
  json["person_2hop_remarks"] = person_2hop_remarks;
  json["person_3hop"] = person_3hop;
  json["person_3hop_remarks"] = person_3hop_remarks;
  json["path_from"] = path_from;
  json["path_to"] = path_to;
  json["search_word"] = search_word;
  json["three_hop_all"] = three_hop_all;
  return json.dump(2);
}

CorpusManifest GenerateCorpus(const CorpusOptions& options, CorpusSink& sink) {
  return Generator(options, sink).Run();
}

}  // namespace remarkgraph::bench
