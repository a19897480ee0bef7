// Person names as minutes print them: honorifics after the name, variant
// kanji (髙/高), spaces between family and given name or between every
// character, and the things that look like names but are not (a list of
// members, a bare role). Internal to ingest/.
//
// Every function takes NFKC text (see text_util.h) and is pure.
#ifndef REMARKGRAPH_INGEST_NAMES_H_
#define REMARKGRAPH_INGEST_NAMES_H_

#include <string>
#include <string_view>

namespace remarkgraph::ingest::internal {

// Removes an honorific printed after a name (君, 氏, さん, 様, 殿, 先生),
// keeping at least two characters: "佐藤和好君" -> "佐藤和好", "君島" stays.
std::u32string_view StripHonorific(std::u32string_view name);

// Folds variant kanji that print the same name two ways (髙 -> 高,
// 﨑 -> 崎, 𠮷 -> 吉, 德 -> 徳, 濵 -> 浜, 邉/邊 -> 辺, ...).
std::u32string FoldNameVariants(std::u32string_view s);

// The key two printings of one person share: honorific stripped, spaces
// removed, variants folded. "髙橋　一郎君" and "高橋一郎" have one key.
std::u32string PersonKey(std::u32string_view name);

// The name as it should be kept: honorific stripped, variants folded, and a
// name spaced between every character ("山 田 太 郎") closed up; the space
// between family and given name is kept (one, the first printed).
std::u32string CleanPersonName(std::u32string_view name);

// Whether `s` could be one person's name: 1-12 characters of kanji, kana or
// Latin letters (with at most one inner space), not a role, not a list
// (、 , 及び, 各), no digits or brackets.
bool LooksLikePersonName(std::u32string_view s);

}  // namespace remarkgraph::ingest::internal

#endif  // REMARKGRAPH_INGEST_NAMES_H_
