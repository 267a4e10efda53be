// The downloads, by what the author does with them (Versturen, Printen, Aanpassen, Overig), and
// everything in one zip. Made from the saved werkvorm; the page saves first when asked (beforeMaking).
import { byId, config, element, refusalText, say } from "./page.js";

function link(file, text, className = "") {
  const made = element("a", className, text);
  made.href = file.adres;
  made.setAttribute("download", file.naam);
  return made;
}

function purpose(group) {
  const part = element("section");
  const heading = element("h4", "", group.kop);
  heading.id = `downloads-${group.sleutel}`;
  part.setAttribute("aria-labelledby", heading.id);
  part.append(heading, element("p", "uitleg", group.uitleg));
  const list = element("ul");
  list.append(...group.bestanden.map((file) => {
    const item = element("li");
    item.append(link(file, file.label), document.createTextNode(" "), element("span", "grootte", `(${file.grootte})`));
    return item;
  }));
  part.append(list);
  return part;
}

function show(answer) {
  const all = element("p");
  all.append(link(answer.alles, "Alles in één zip-bestand", "knop alles"));
  const groups = element("div", "groepen");
  groups.append(...answer.groepen.map(purpose));
  byId("downloads").replaceChildren(all, groups);
}

export function startDownloads(beforeMaking = async () => true) {
  const button = byId("downloads-maken");
  if (!button) return;
  // Another variant: the links made for the one before would give the wrong files.
  byId("downloads-variant")?.addEventListener("change", () => byId("downloads").replaceChildren());
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      if (!(await beforeMaking())) return;
      say(byId("downloads-status"), "Bezig met maken; PDF's duren een paar seconden…");
      const variant = byId("downloads-variant")?.value || "";
      const asked = variant ? `?variant=${encodeURIComponent(variant)}` : "";
      const response = await fetch(`/werkvorm/${config.slug}/downloads${asked}`, { cache: "no-store" });
      const answer = await response.json();
      if (response.status !== 200) {
        say(byId("downloads-status"), refusalText(answer, "Maken lukte niet."), true);
        return;
      }
      show(answer);
      const which = variant ? ` (variant '${variant}')` : "";
      say(byId("downloads-status"), `${answer.bestanden.length} bestanden${which}, gemaakt van de opgeslagen versie.`);
    } catch (error) {
      say(byId("downloads-status"), "Maken lukte niet: draait werkvorm serve nog?", true);
    } finally {
      button.disabled = false;
    }
  });
}
