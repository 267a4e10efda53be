// The house style page of `werkvorm serve`: the contrast of each colour said live, a preview that follows
// the form, a logo uploaded for a look before it is saved, and the save. Text from the server is set as
// text, or into the sandboxed preview frame, never as markup.

const PREVIEW_DEBOUNCE_MS = 250;
const MOST_LOGO_BYTES = 2000000; // as the server's limit (output/house_style.py, MOST_BYTES)
const AA_CONTRAST = 4.5; // WCAG 2.1 AA for normal text, as the build checks it (E604)
const COLOUR = /^#[0-9a-fA-F]{6}$/;
const COLOUR_FIELDS = ["koppen", "tekst"];

// The WCAG 2.1 contrast ratio of two '#rrggbb' colours, from 1 to 21; the same sum as house_style.contrast.
export function contrast(first, second) {
  const [lighter, darker] = [luminance(first), luminance(second)].sort((a, b) => b - a);
  return (lighter + 0.05) / (darker + 0.05);
}

function luminance(colour) {
  const channel = (at) => {
    const value = parseInt(colour.slice(at, at + 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

// A ratio as a reader reads it: one decimal with a comma, never rounded up past the line it must reach.
export function shownRatio(ratio) {
  return (Math.floor(ratio * 10) / 10).toFixed(1).replace(".", ",");
}

// What the contrast of a colour on white paper means, in one plain sentence, and whether it passes.
export function contrastSentence(colour, isDefault) {
  if (!COLOUR.test(colour)) {
    return { good: false, text: "Dit is nog geen kleurcode: een hekje en zes tekens 0-9 of a-f, zoals #1d4f91." };
  }
  const ratio = contrast(colour.toLowerCase(), "#ffffff");
  const shown = shownRatio(ratio);
  const which = isDefault ? "De standaardkleur is" : "Deze kleur is";
  if (ratio < AA_CONTRAST) {
    return {
      good: false,
      text: `Te licht: op wit papier is het contrast ${shown} op 1, en voor tekst is minstens 4,5 op 1 nodig `
        + "(de toegankelijkheidsnorm WCAG AA). Kies een donkerdere tint; zo kan de huisstijl niet worden opgeslagen.",
    };
  }
  const how = ratio >= 7 ? "goed te lezen" : "goed genoeg te lezen";
  return { good: true, text: `${which} op wit papier ${how}: het contrast is ${shown} op 1 (minstens 4,5 op 1 is nodig).` };
}

export function startHouseStyle(config, { byId, say, post }) {
  const form = byId("huisstijl");
  const frame = byId("huisstijl-voorbeeld");
  let version = config.versie;
  let logo = config.logo; // "huidig": the file's own; "": none; else an upload's id
  let timer = null;
  let sequence = 0;

  const fieldIds = ["organisatie", "lettertype", ...COLOUR_FIELDS];
  if (config.alleenLezen) {
    for (const id of [...fieldIds, ...COLOUR_FIELDS.map((key) => `${key}-kiezer`), "logo-bestand", "logo-weg", "huisstijl-opslaan"]) {
      byId(id).disabled = true;
    }
  }

  function draft() {
    const values = Object.fromEntries(fieldIds.map((id) => [id, byId(id).value.trim()]));
    return { ...values, logo };
  }

  function showContrast(key) {
    const typed = byId(key).value.trim();
    const colour = typed || config.standaardKleuren[key];
    const { good, text } = contrastSentence(colour, !typed);
    const line = byId(`${key}-contrast`);
    line.textContent = text;
    line.className = `contrast ${good ? "goed" : "slecht"}`;
    if (COLOUR.test(colour)) {
      byId(`${key}-kiezer`).value = colour.toLowerCase();
      byId(`${key}-staal`).style.background = colour;
    }
  }

  function showFontNote() {
    const option = byId("lettertype").selectedOptions[0];
    const note = byId("lettertype-waarschuwing");
    const missing = option && option.dataset.hier === "nee";
    note.hidden = !missing;
    if (missing) {
      note.textContent = `Het lettertype ${option.value} staat niet op deze computer. De PDF's die hier gemaakt worden, `
        + `krijgen dan Lato; Word en LibreOffice tonen ${option.value} alleen als het op de computer van de lezer staat.`;
    }
  }

  // The server's verdict on each field, beside it; for a colour the live contrast line already says it.
  function showProblems(problems) {
    for (const id of ["organisatie", "lettertype", "logo"]) byId(`${id}-melding`).textContent = "";
    const general = byId("huisstijl-meldingen");
    general.replaceChildren();
    for (const problem of problems || []) {
      if (COLOUR_FIELDS.includes(problem.veld)) continue;
      const place = problem.veld && byId(`${problem.veld}-melding`);
      if (place) {
        place.textContent = problem.melding;
      } else {
        const item = document.createElement("li");
        item.textContent = problem.melding;
        general.append(item);
      }
    }
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(refresh, PREVIEW_DEBOUNCE_MS);
  }

  async function refresh() {
    const mine = ++sequence;
    let reply;
    try {
      reply = await post("/api/huisstijl/voorbeeld", draft());
    } catch (error) {
      say(byId("voorbeeld-status"), "Het voorbeeld lukte niet: draait werkvorm serve nog?", true);
      return;
    }
    if (mine !== sequence) return; // a newer draft is on its way
    if (reply.status !== 200) {
      say(byId("voorbeeld-status"), reply.answer.melding || "Het voorbeeld lukte niet.", true);
      return;
    }
    showProblems(reply.answer.meldingen);
    const note = byId("lettertype-waarschuwing");
    if (reply.answer.lettertype) {
      note.textContent = reply.answer.lettertype;
      note.hidden = false;
    }
    say(byId("voorbeeld-status"), reply.answer.meldingen.length
      ? "Het voorbeeld toont wat klopt; wat niet klopt, staat bij het veld."
      : "Het voorbeeld toont de huisstijl zoals u hem nu hebt ingevuld.");
    frame.srcdoc = reply.answer.voorbeeld;
  }

  async function upload(file) {
    const status = byId("logo-status");
    byId("logo-melding").textContent = "";
    if (file.size > MOST_LOGO_BYTES) {
      byId("logo-melding").textContent = "Dit bestand is groter dan 2 MB. Kies een kleiner logo.";
      return;
    }
    say(status, "Het logo wordt gelezen…");
    let response;
    try {
      response = await fetch("/api/huisstijl/logo", {
        method: "POST",
        headers: { "Content-Type": "application/octet-stream", "X-Werkvorm-Token": config.token },
        body: file,
      });
    } catch (error) {
      say(status, "Het logo kon niet verstuurd worden: draait werkvorm serve nog?", true);
      return;
    }
    let answer = {};
    try {
      answer = await response.json();
    } catch (error) {
      answer = { melding: "De server gaf een antwoord dat ik niet kan lezen. Ververs de pagina." };
    }
    if (response.status !== 201) {
      say(status, "");
      byId("logo-melding").textContent = answer.melding || "Dit logo kan ik niet gebruiken.";
      return;
    }
    logo = answer.logo;
    const image = byId("logo-nu");
    image.src = answer.adres;
    image.hidden = false;
    byId("logo-naam").textContent = `Gekozen: ${file.name} (nog niet opgeslagen)`;
    say(status, answer.melding);
    refresh();
  }

  async function save(event) {
    event.preventDefault();
    if (config.alleenLezen) return;
    clearTimeout(timer);
    for (const key of COLOUR_FIELDS) {
      const typed = byId(key).value.trim();
      if (typed && !contrastSentence(typed, false).good) {
        say(byId("huisstijl-status"), "Niet opgeslagen: een kleur is te licht of geen kleurcode; zie bij het veld.", true);
        byId(key).focus();
        return;
      }
    }
    say(byId("huisstijl-status"), "Bezig met opslaan…");
    let reply;
    try {
      reply = await post("/api/huisstijl/opslaan", { ...draft(), versie: version });
    } catch (error) {
      say(byId("huisstijl-status"), "Opslaan lukte niet: draait werkvorm serve nog? Wat u invulde, staat nog hier.", true);
      return;
    }
    if (reply.status !== 200) {
      showProblems(reply.answer.meldingen || []);
      say(byId("huisstijl-status"), reply.answer.melding || "Opslaan lukte niet.", true);
      return;
    }
    version = reply.answer.versie;
    if (logo && logo !== "huidig") {
      logo = "huidig";
      byId("logo-naam").textContent = "Opgeslagen naast huisstijl.toml.";
    }
    showProblems(reply.answer.meldingen);
    const time = new Date().toLocaleTimeString("nl-NL", { hour: "2-digit", minute: "2-digit" });
    say(byId("huisstijl-status"), reply.answer.meldingen.length
      ? `Opgeslagen om ${time}, maar let op wat hierboven staat.`
      : `Opgeslagen om ${time}. De werkvormen in deze map gebruiken nu deze huisstijl.`);
  }

  for (const key of COLOUR_FIELDS) {
    byId(key).addEventListener("input", () => { showContrast(key); later(); });
    byId(`${key}-kiezer`).addEventListener("input", () => {
      byId(key).value = byId(`${key}-kiezer`).value;
      showContrast(key);
      later();
    });
    showContrast(key);
  }
  byId("organisatie").addEventListener("input", later);
  byId("lettertype").addEventListener("change", () => { showFontNote(); later(); });
  byId("logo-bestand").addEventListener("change", () => {
    const file = byId("logo-bestand").files[0];
    if (file) upload(file);
  });
  byId("logo-weg").addEventListener("click", () => {
    logo = "";
    byId("logo-nu").hidden = true;
    byId("logo-bestand").value = "";
    byId("logo-naam").textContent = "Geen logo (nog niet opgeslagen).";
    say(byId("logo-status"), "Het logo wordt niet meer gebruikt zodra u opslaat; het bestand zelf blijft in de map staan.");
    refresh();
  });
  form.addEventListener("submit", save);
  window.werkvormContrast = contrast; // for the test that this sum and house_style.contrast agree
}
