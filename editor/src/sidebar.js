// The list of werkvormen: kept current after every save and every change in the folder, with the
// file name where titles repeat, and a search box over titles (and file names).
import { byId, config, element, say } from "./page.js";

const NARROW = "(max-width: 40rem)";

// Without accents and case, so 'ideeen' finds 'Ideeën'.
function folded(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

function entry(werkvorm) {
  const item = element("li");
  item.dataset.titel = werkvorm.titel;
  item.dataset.bestand = werkvorm.bestand;
  const link = element("a", "", werkvorm.titel);
  link.href = `/werkvorm/${werkvorm.slug}`;
  if (werkvorm.slug === config.slug && config.pagina === "werkvorm") link.setAttribute("aria-current", "page");
  item.append(link);
  if (werkvorm.zelfdeTitel) item.append(element("span", "bestand", werkvorm.bestand));
  item.append(document.createTextNode(" "), element("span", `badge ${werkvorm.stand}`, werkvorm.badge));
  if (werkvorm.uitleg) item.append(element("span", "badge-uitleg", werkvorm.uitleg));
  return item;
}

function filter() {
  const box = byId("zoeken");
  const wanted = folded(box.value.trim());
  const items = [...byId("werkvormen").children].filter((item) => item.dataset.titel !== undefined);
  let shown = 0;
  for (const item of items) {
    const match = !wanted || folded(`${item.dataset.titel} ${item.dataset.bestand}`).includes(wanted);
    item.hidden = !match;
    if (match) shown += 1;
  }
  let note = "";
  if (wanted) note = shown ? `${shown} van ${items.length} werkvormen.` : `Geen werkvorm gevonden met '${box.value.trim()}'.`;
  say(byId("zoek-status"), note);
}

// The list as the server sees the folder now; the search stays as typed.
export async function refreshList() {
  let response;
  try {
    response = await fetch("/api/werkvormen", { cache: "no-store" });
  } catch (error) {
    return; // the server stopped: the list stays as it was
  }
  if (response.status !== 200) return;
  const answer = await response.json();
  const list = byId("werkvormen");
  if (answer.werkvormen.length) list.replaceChildren(...answer.werkvormen.map(entry));
  byId("aantal").textContent = String(answer.werkvormen.length);
  filter();
}

export function startSidebar() {
  if (!byId("zoeken")) return; // a page without the list (the house style's)
  byId("zoeken-vak").hidden = false;
  byId("zoeken").addEventListener("input", filter);
  // On a phone the writing comes first: the list folds up to its one line on a werkvorm's page.
  if (config.pagina === "werkvorm" && window.matchMedia(NARROW).matches) byId("lijst").open = false;
}
