// The check's messages as cards: what is wrong, what to do, and a link "regel 26" that puts the
// cursor there. Grouped as the server's first view groups them (app/cards.py, serve.html).
import { element } from "./page.js";
import { morph } from "./morph.js";

const GROUPS = [["fout", "Fouten"], ["waarschuwing", "Waarschuwingen"], ["opmerking", "Opmerkingen"]];
const TAAL_GROUPS = [["spelling", "Spelling"], ["b1", "Begrijpelijke taal (B1)"]];
export const KIND = { fout: "Fout", waarschuwing: "Waarschuwing", opmerking: "Opmerking" };

// A link to a place in the text; the page's one click handler (goToLine) follows it. The place is
// counted from the start of its line (`inLine`, in the editor's units), so that a key typed on
// another line leaves the card as it was.
function lineLink(line, column, inLine) {
  const link = element("a", "regel", `regel ${line}`);
  link.href = "#kop-tekst";
  link.dataset.regel = String(line);
  link.dataset.kolom = String(column || 1);
  if (inLine !== undefined) link.dataset.teken = String(inLine);
  return link;
}

function card(d, kind, extra) {
  const item = element("li", `kaart ${kind}`);
  const head = element("p", "kaart-kop");
  head.append(element("span", "titel", d.titel || KIND[d.ernst] || d.ernst));
  if (d.regel) head.append(lineLink(d.regel, d.kolom, d.inRegel));
  head.append(element("span", "code", d.code));
  item.append(head, element("p", "kaart-melding", d.melding));
  if (d.tip) item.append(element("p", "kaart-tip", `Tip: ${d.tip}`));
  for (const other of d.zieOok || []) {
    const also = element("p", "kaart-zie", "Zie ook ");
    also.append(lineLink(other.regel, other.kolom), document.createTextNode(`: ${other.tekst}`));
    item.append(also);
  }
  if (extra) extra(item, d);
  return item;
}

function group(heading, cards, kind, extra) {
  const part = element("div", "meldingen-groep");
  part.append(element("h3", "", `${heading} (${cards.length})`));
  const list = element("ul", "kaarten");
  list.append(...cards.map((d) => card(d, kind(d), extra)));
  part.append(list);
  return part;
}

// The check's cards into `place`, by severity.
export function showCards(place, found) {
  const groups = GROUPS.map(([severity, heading]) => [heading, found.filter((d) => d.ernst === severity)])
    .filter(([, cards]) => cards.length);
  replaceCards(place, groups.map(([heading, cards]) => group(heading, cards, (d) => d.ernst)));
}

// werkvorm taal's cards into `place`: spelling first, then plain language; `extra` adds a
// spelling card's button for the word list.
export function showTaalCards(place, found, extra) {
  const kindOf = (d) => (d.code.startsWith("T1") ? "spelling" : "b1");
  const groups = TAAL_GROUPS.map(([kind, heading]) => [heading, found.filter((d) => kindOf(d) === kind)])
    .filter(([, cards]) => cards.length);
  replaceCards(place, groups.map(([heading, cards]) => group(heading, cards, () => "taal", extra)));
}

// Only the cards that changed are replaced: after a key most stay as they were, and hundreds of
// cards laid out anew would cost more than the check itself.
function replaceCards(place, groups) {
  const fresh = document.createElement("div");
  fresh.append(...groups);
  morph(place, fresh);
}
