// Invented minutes in the layouts the importer reads, with the oddities of
// real ones: full-width digits, full- and half-width brackets, a page break
// inside a word, a stage direction, a misprinted title, a line that starts
// like a speaker marker but continues a remark.
#ifndef REMARKGRAPH_TESTS_INGEST_FIXTURES_H_
#define REMARKGRAPH_TESTS_INGEST_FIXTURES_H_

namespace remarkgraph::ingest::testing {

// 議事概要 of an invented headquarters.
inline constexpr char kGijigaiyo[] = R"(

デジタル防災推進本部 第５回会合 議事概要

１ 日時

令和５年１１月１４日（火） １４時００分～１５時３０分

２ 場所

合同庁舎４号館 共用会議室

３ 出席者（敬称略）

山本 一郎	内閣官房副長官
佐々木 花子	防災担当大臣
高田 誠	東都大学教授
村上 由美	株式会社ミライ防災代表取締役
小西 健二	全国市長会防災部会長

４ 議事概要

（１）本部長冒頭挨拶

本日は、次期防災デジタル基本計画（案）について御審議いただく。また、パブリック・コメントの実施結果についても報告する。

(2) 討議

【決定事項】

- ・次期防災デジタル基本計画（案）等について
- ・自治体システム標準化の推進方針の一部改正（案）について

【報告事項】

- ・パブリック・コメントの実施結果（報告）について

以上の議題について、事務局より資料を用いて説明があった。

○高田本部員

次期計画（案）は良くまとまっており、賛成する。資料３－１の工程表も大変重要で

あり、早期に実施していただきたい。

○村上本部員

自治体システム標準化の一部改正を含め、決定事項2件について、異論はない。パブコメの結果については、回答の公表を早めるべきではないか。

○小西本部長

本計画（案）では実施体制の人員が足りないのは問題だ。

○佐々木防災担当大臣（副本部長）

高田本部員の御意見にあった工程表の重要性については賛同する。

（３）決定事項の決定

○佐々木防災担当大臣（副本部長）

それでは、お諮りした決定事項2件について、御異議ございませんか。

（「異議なし」と声あり）

○佐々木防災担当大臣(副本部長)
御異議なしと認め、原案のとおり決定する。

（４）本部長締め括り挨拶

本日決定した基本計画（案）に沿って、関係

府省庁は着実に取組を進めていただきたい。

－ 以上 －
)";

// 発言要旨 of an invented council.
inline constexpr char kHatsugenYoshi[] = R"(
令和４年２月３日

令和３年度地域交通政策懇談会（第２回）

発言要旨

１ 開会

２ 交通政策審議官挨拶

本日は、地域公共交通の再編について御議論いただく。

３ 座長挨拶

先ほど審議官からお話があったとおり、地域交通の再編は急務である。

４ 有識者講演

【有識者から、「地方鉄道の将来像」について講演】

５ 事務局説明

【事務局から、「地域交通再編の基本方針（案）」について説明】

６ 討議

委員： 事務局説明資料のII-3について、バス路線の再編の進め方はどうなっているのか。

座長からも利用者の視点が大切だと触れておられたが、同じ考えである。

事務局： 御指摘の点については、自治体と協議しながら進めて

まいりたい。

委員： 本日の資料は大変よくできていると感じた。

事務局： ありがとうございます。

座長： ただ今御指摘のあった財源の論点は、次回に議論したい。

７ 閉会
)";

}  // namespace remarkgraph::ingest::testing

#endif  // REMARKGRAPH_TESTS_INGEST_FIXTURES_H_
