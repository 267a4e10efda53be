// Highlighting of a werkvorm: keywords, fields, durations, lists and comments.
// The spellings come from the server (keywords.py and values.py), so the editor reads the same
// words the lexer does; only the shape rules of lexer._shape_match are mirrored here.
import { StreamLanguage, HighlightStyle } from "@codemirror/language";
import { tags } from "@lezer/highlight";

const SPACE = /\s/;

function escape(word) {
  return word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function durationPattern(language) {
  const number = `(?:\\d+(?:[.,]\\d+)?|${language.numbers.map(escape).join("|")})`;
  const units = language.units.map(escape).join("|");
  const amount = `(?:${number}\\s*(?:${units})|${language.timeWords.map(escape).join("|")})`;
  // '15 tot 20 min', '15-20 min', '1 uur en 15 minuten', '2 min per deelnemer'
  const range = `(?:${number}\\s*(?:-|–|tot|to)\\s*)?`;
  return new RegExp(`^${range}${amount}(?:\\s+(?:en|and)\\s+${amount})*(?![\\p{L}\\d])`, "iu");
}

// One spelling's reading of the line's start, as lexer._shape_match decides it; null if none.
function reading(entry, rest) {
  const next = rest.charAt(entry.word.length);
  const after = rest.slice(entry.word.length).trimStart();
  if (next && !(SPACE.test(next) || next === ":" || next === "." || (entry.bare && (next === "," || next === "(")))) {
    return null;
  }
  const written = rest.slice(0, entry.word.length);
  // 'VARIANT', 'KEUZE' and 'BIJ' count only in capitals; 'BIJ' with a number before any colon, and
  // 'BIJ VARIANT …' is the longer keyword 'bij variant'.
  if (entry.capitals && written !== written.toUpperCase()) return null;
  if (entry.terminal === "WAY" && (!/\d/.test(after.split(":")[0]) || /^variant\b/i.test(after))) return null;
  switch (entry.shape) {
    case "field":
      return after.startsWith(":") ? "propertyName" : null;
    case "section":
      return after.replace(/[ :]/g, "") === "" ? "heading" : null;
    case "section_with_text":
      if (after.startsWith(":") && entry.terminal === "QUESTIONS") return null;
      return after.replace(/^:/, "").trim() || entry.bare ? "heading" : null;
    case "lead":
      if (entry.terminal === "TITLE") {
        return after.startsWith(":") || written === written.toUpperCase() ? "heading" : null;
      }
      return "keyword";
    default:
      return null;
  }
}

export function werkvormLanguage(language) {
  const entries = language.keywords
    .flatMap((keyword) => keyword.words.map((word) => ({ ...keyword, word: word.toLowerCase() })))
    .sort((a, b) => b.word.length - a.word.length);
  const duration = durationPattern(language);

  function lineStart(stream) {
    const rest = stream.string.slice(stream.pos);
    if (rest.startsWith("#")) {
      stream.skipToEnd();
      return "comment";
    }
    const lowered = rest.toLowerCase();
    let found = null;
    for (const entry of entries) {
      if (!lowered.startsWith(entry.word)) continue;
      const kind = reading(entry, rest);
      // 'vragen: naam' is a field, 'VRAGEN naam: titel' a list: a field wins, as in the lexer.
      if (kind && (!found || (kind === "propertyName" && found.kind !== "propertyName"))) found = { entry, kind };
    }
    if (found) {
      stream.pos += found.entry.word.length;
      if (found.kind === "propertyName") stream.match(/^\s*:/);
      return found.kind;
    }
    if (stream.match(/^(?:[-*•–]\s+(?:\d{1,3}[.)]?\s+)?|\d{1,3}[.)]\s+)(?=\S)/)) return "list";
    return undefined;
  }

  return StreamLanguage.define({
    name: "werkvorm",
    startState: () => ({}),
    token(stream) {
      if (stream.sol()) {
        stream.eatSpace();
        if (stream.eol()) return null;
        const kind = lineStart(stream);
        if (kind !== undefined) return kind;
      }
      if (stream.eatSpace()) return null;
      if (stream.match(duration)) return "number";
      // One word at a time, so a duration can start at the next one.
      if (!stream.eatWhile(/[\p{L}\d'’]/u)) stream.next();
      return null;
    },
    languageData: { commentTokens: { line: "#" } },
  });
}

// Colours with a contrast of at least 4.5:1 on white (WCAG AA), and not colour alone: headings
// and step keywords are bold, comments italic.
export const werkvormStyle = HighlightStyle.define([
  { tag: tags.heading, color: "#1d4e89", fontWeight: "bold" },
  { tag: tags.keyword, color: "#6a2c91", fontWeight: "bold" },
  { tag: tags.propertyName, color: "#00576b" },
  { tag: tags.number, color: "#8a3b00", backgroundColor: "#fff4e8" },
  { tag: tags.list, color: "#1d4e89" },
  { tag: tags.comment, color: "#555555", fontStyle: "italic" },
]);
