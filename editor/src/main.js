// The pages of `werkvorm serve`: the editor beside the preview, and the index with its 'nieuw' form.
// Everything the server says is set as text (textContent) or into a sandboxed frame, never as markup.
import { EditorState } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { syntaxHighlighting, indentUnit } from "@codemirror/language";
import { setDiagnostics, lintGutter } from "@codemirror/lint";
import { werkvormLanguage, werkvormStyle } from "./highlight.js";
import { byId, config, element, listen, post, refusalText, say } from "./page.js";
import { KIND, showCards, showTaalCards } from "./cards.js";
import { refreshList, startSidebar } from "./sidebar.js";
import { startDownloads } from "./downloads.js";
import { startHouseStyle } from "./house_style.js";

const DEBOUNCE_MS = 120; // after the last keystroke; the check and preview take about as long again
const TAAL_AGAIN_MS = 1000; // while the server still loads the dictionary or looks up suggestions
const SEVERITY = { fout: "error", waarschuwing: "warning", opmerking: "info" };
// werkvorm taal's findings are advice about words, not faults in the werkvorm: a step lower than check's,
// with their own look (dotted for spelling, dashed for plain language; see serve.html).
const TAAL_SEVERITY = { fout: "warning", waarschuwing: "info", opmerking: "info" };
const DUTCH = {
  Diagnostics: "Meldingen", close: "sluiten", "No diagnostics": "Geen meldingen",
  "Control character": "Stuurteken",
};

function startEditor() {
  const source = byId("bron");
  const place = byId("editor");
  let version = config.versie;
  let saved = source.value;
  let lastInput = 0;
  let timer = null;
  let running = null;
  let sequence = 0;
  let again = null;
  let occasionTouched = false;

  const view = new EditorView({
    parent: place,
    state: EditorState.create({
      doc: source.value,
      extensions: [
        lineNumbers(), highlightActiveLineGutter(), highlightActiveLine(), drawSelection(), history(),
        indentUnit.of("    "), EditorState.tabSize.of(4),
        keymap.of([{ key: "Mod-s", run: () => { save(); return true; } }, indentWithTab, ...defaultKeymap, ...historyKeymap]),
        werkvormLanguage(config.taal), syntaxHighlighting(werkvormStyle), lintGutter(),
        EditorState.phrases.of(DUTCH),
        EditorState.readOnly.of(config.alleenLezen), EditorView.editable.of(!config.alleenLezen),
        // tabindex: read-only text too can be reached and scrolled with the keyboard.
        EditorView.contentAttributes.of({ "aria-label": "Tekst van de werkvorm", "aria-describedby": "editor-uitleg", tabindex: "0" }),
        EditorView.lineWrapping,
        EditorView.updateListener.of((update) => {
          if (!update.docChanged) return;
          lastInput = performance.now();
          showDirty();
          clearTimeout(timer);
          clearTimeout(again);
          timer = setTimeout(check, DEBOUNCE_MS);
        }),
      ],
    }),
  });
  source.hidden = true;
  byId("bron-label").hidden = true;
  window.werkvormEditor = view; // for the end-to-end tests and the latency measurement

  function text() {
    return view.state.doc.toString();
  }

  function showDirty() {
    const dirty = text() !== saved;
    document.body.classList.toggle("niet-opgeslagen", dirty);
    say(byId("opslag-status"), dirty ? "Niet opgeslagen wijzigingen." : "Alles is opgeslagen.");
  }

  async function check(measure = true) {
    const sent = text();
    const startedAfter = measure ? lastInput : 0;
    const mine = ++sequence;
    if (running) running.abort();
    running = new AbortController();
    let reply;
    try {
      reply = await post(`/api/controleer/${config.slug}`, { tekst: sent }, running.signal);
    } catch (error) {
      if (error.name !== "AbortError") say(byId("controle-status"), "De controle lukte niet: draait werkvorm serve nog?", true);
      return;
    }
    if (mine !== sequence || text() !== sent) return; // a newer check is on its way
    if (reply.status !== 200) {
      say(byId("controle-status"), refusalText(reply.answer, "De controle lukte niet."), true);
      return;
    }
    show(reply.answer, sent.length);
    await updatePreview(reply.answer.voorbeeld);
    if (startedAfter) window.werkvormLatency = performance.now() - startedAfter;
    // Suggestions the server is still looking up come with a later check, asked for when typing rests.
    clearTimeout(again);
    if (reply.answer.taal && reply.answer.taal.bezig > 0) again = setTimeout(() => check(false), TAAL_AGAIN_MS);
  }

  function underline(d, length, severities, kind, markClass) {
    const diagnostic = {
      from: Math.min(d.van, length), to: Math.min(Math.max(d.tot, d.van), length),
      severity: severities[d.ernst] || "info",
      message: `${kind} (${d.code}): ${d.melding}${d.tip ? " Tip: " + d.tip : ""}`,
    };
    if (markClass) diagnostic.markClass = markClass;
    return diagnostic;
  }

  function show(answer, length) {
    const diagnostics = answer.meldingen.map((d) => underline(d, length, SEVERITY, KIND[d.ernst] || d.ernst, ""));
    if (answer.taal) {
      diagnostics.push(...answer.taal.meldingen.map((d) => (d.code.startsWith("T1")
        ? underline(d, length, TAAL_SEVERITY, "Spelling", "cm-taal-spelling")
        : underline(d, length, TAAL_SEVERITY, "Begrijpelijke taal", "cm-taal-b1"))));
      showTaal(answer.taal);
    }
    diagnostics.sort((a, b) => a.from - b.from);
    view.dispatch(setDiagnostics(view.state, diagnostics));
    byId("titel").textContent = answer.titel;
    showCards(byId("meldingen"), answer.meldingen);
    const note = byId("notitie");
    note.hidden = !answer.notitie;
    note.textContent = answer.notitie || "";
    const state = byId("controle-status");
    state.className = `stand ${answer.stand.stand}`;
    say(state, answer.samenvatting);
    showOccasion(answer.gelegenheid);
  }

  function showTaal(taal) {
    const note = byId("taal-uitleg");
    note.hidden = !taal.uitleg;
    note.textContent = taal.uitleg;
    showTaalCards(byId("taal-meldingen"), taal.meldingen, config.alleenLezen ? null : wordListButton);
    say(byId("taal-status"), taal.samenvatting);
  }

  // A spelling card's offer: the word is right after all (a name, a word of the trade).
  function wordListButton(item, d) {
    if (!d.woord) return;
    const button = element("button", "licht", `Zet "${d.woord}" in de woordenlijst`);
    button.type = "button";
    button.addEventListener("click", () => addWord(d.woord, button));
    const row = element("p");
    row.append(button);
    item.append(row);
  }

  async function addWord(word, button) {
    button.disabled = true;
    let reply;
    try {
      reply = await post(`/api/woordenlijst/${config.slug}`, { woord: word });
    } catch (error) {
      reply = { status: 0, answer: { zin: "Dat lukte niet: draait werkvorm serve nog?" } };
    }
    button.disabled = false;
    if (reply.status !== 200) {
      say(byId("taal-status"), refusalText(reply.answer, "Dat lukte niet."), true);
      return;
    }
    const done = reply.answer.toegevoegd ? "staat nu in" : "stond al in";
    byId("kop-taal").focus(); // the card goes away with the next check: the reader stays in this part
    await check(false);
    say(byId("taal-status"), `"${word}" ${done} de woordenlijst (werkvorm-woorden.txt in de map van deze werkvorm).`);
  }

  function updatePreview(previews) {
    const note = byId("voorbeeld-status");
    if (!previews) {
      note.hidden = false;
      note.textContent = byId("voorbeelden").querySelector("iframe")
        ? "Er staan fouten in: het voorbeeld toont de laatste versie zonder fouten."
        : "Zodra de fouten zijn opgelost, staat hier het draaiboek en de hand-out.";
      return Promise.resolve();
    }
    note.hidden = true;
    return Promise.all(Object.entries(previews).map(([name, html]) => showFrame(name, html)));
  }

  function showFrame(name, html) {
    let frame = byId("voorbeelden").querySelector(`iframe[data-uitvoer="${name}"]`);
    if (!frame) {
      frame = document.createElement("iframe");
      frame.dataset.uitvoer = name;
      frame.title = name === "draaiboek" ? "Draaiboek" : "Hand-out voor deelnemers";
      frame.setAttribute("sandbox", "allow-same-origin"); // no script runs in a preview
      byId("voorbeelden").append(frame);
    }
    if (frame.getAttribute("srcdoc") === html) return Promise.resolve(); // the same page: no load would follow
    // Same origin without scripts: this page may keep the reader's place while the frame renews.
    const scrolled = frame.contentWindow && frame.contentDocument ? frame.contentWindow.scrollY : 0;
    return new Promise((resolve) => {
      const fallback = setTimeout(resolve, 3000); // a frame that never reports its load must not stall the page
      frame.addEventListener("load", () => {
        clearTimeout(fallback);
        if (scrolled) frame.contentWindow.scrollTo(0, scrolled);
        resolve();
      }, { once: true });
      frame.removeAttribute("src");
      frame.srcdoc = html;
    });
  }

  // True once the text on the page is the file's; the page says what went wrong otherwise.
  async function save() {
    if (config.alleenLezen) return false;
    const sent = text();
    say(byId("opslag-status"), "Bezig met opslaan…");
    let reply;
    try {
      reply = await post(`/api/opslaan/${config.slug}`, { tekst: sent, versie: version });
    } catch (error) {
      say(byId("opslag-status"), "Opslaan lukte niet: draait werkvorm serve nog? Uw tekst staat nog hier.", true);
      return false;
    }
    if (reply.status === 200) {
      version = reply.answer.versie;
      saved = sent;
      byId("conflict").hidden = true;
      showDirty();
      if (text() === sent) say(byId("opslag-status"), `Opgeslagen om ${new Date().toLocaleTimeString("nl-NL", { hour: "2-digit", minute: "2-digit" })}.`);
      refreshList(); // the badge beside the name says what the saved version has
      return true;
    }
    if (reply.status === 409) {
      showConflict(refusalText(reply.answer, "Niet opgeslagen."));
      say(byId("opslag-status"), "Niet opgeslagen.", true);
      return false;
    }
    say(byId("opslag-status"), refusalText(reply.answer, "Opslaan lukte niet."), true);
    return false;
  }

  function showConflict(message) {
    byId("conflict-melding").textContent = message;
    byId("conflict").hidden = false;
    byId("herladen").focus();
  }

  // Only the part that differs is replaced: the cursor, the undo history and the scroll stay.
  function replaceText(wanted) {
    const now = text();
    let start = 0;
    while (start < now.length && start < wanted.length && now[start] === wanted[start]) start += 1;
    let end = 0;
    while (end < now.length - start && end < wanted.length - start
      && now[now.length - 1 - end] === wanted[wanted.length - 1 - end]) end += 1;
    view.dispatch({ changes: { from: start, to: now.length - end, insert: wanted.slice(start, wanted.length - end) } });
  }

  async function reload() {
    const response = await fetch(`/api/tekst/${config.slug}`, { cache: "no-store" });
    const answer = await response.json();
    if (response.status !== 200) {
      say(byId("opslag-status"), refusalText(answer, "Laden lukte niet."), true);
      return;
    }
    version = answer.versie;
    saved = answer.tekst;
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: answer.tekst } });
    byId("conflict").hidden = true;
    showDirty();
  }

  async function changedOnDisk() {
    refreshList();
    const response = await fetch(`/api/tekst/${config.slug}`, { cache: "no-store" });
    if (response.status !== 200) return;
    const answer = await response.json();
    if (answer.versie === version) return; // our own save
    if (text() === saved) {
      reload();
      return;
    }
    showConflict("Het bestand is buiten deze pagina veranderd (in een ander venster of een andere editor). "
      + "Laad het opnieuw om die versie te zien; uw wijzigingen hier gaan dan verloren.");
  }

  // "regel 26" on a card: the cursor to that place, the line in view, the editor ready to type.
  function goToLine(link) {
    const doc = view.state.doc;
    let at;
    if (link.dataset.van !== undefined) {
      at = Math.min(Number(link.dataset.van), doc.length);
    } else {
      const line = doc.line(Math.min(Math.max(Number(link.dataset.regel), 1), doc.lines));
      at = line.from + Math.min(Math.max(Number(link.dataset.kolom) - 1, 0), line.length);
    }
    view.dispatch({ selection: { anchor: at }, scrollIntoView: true });
    view.focus();
    place.scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a.regel");
    if (!link) return;
    event.preventDefault();
    goToLine(link);
  });

  // This occasion's date, start time and participants: into the header of the text, then saved.
  function showOccasion(occasion) {
    const form = byId("gelegenheid");
    if (!form || !occasion) return;
    if (!occasionTouched) {
      byId("gelegenheid-datum").value = occasion.datum;
      byId("gelegenheid-begintijd").value = occasion.begintijd;
      byId("gelegenheid-deelnemers").value = /^\d+$/.test(occasion.deelnemers) ? occasion.deelnemers : "";
    }
    byId("gelegenheid-deelnemers-nu").textContent = occasion.deelnemers
      ? `In de tekst staat nu: ${occasion.deelnemers}.` : "In de tekst staat nog geen aantal.";
  }

  async function setOccasion(event) {
    event.preventDefault();
    const status = byId("gelegenheid-status");
    const asked = {
      tekst: text(),
      datum: byId("gelegenheid-datum").value,
      begintijd: byId("gelegenheid-begintijd").value,
      deelnemers: byId("gelegenheid-deelnemers").value,
    };
    let reply;
    try {
      reply = await post(`/api/gelegenheid/${config.slug}`, asked);
    } catch (error) {
      say(status, "Dat lukte niet: draait werkvorm serve nog?", true);
      return;
    }
    if (reply.status !== 200) {
      say(status, refusalText(reply.answer, "Dat lukte niet."), true);
      return;
    }
    if (text() !== asked.tekst) {
      say(status, "De tekst veranderde intussen; probeer het nog eens.", true);
      return;
    }
    replaceText(reply.answer.tekst);
    occasionTouched = false;
    if (await save()) say(status, "Staat in de tekst en is opgeslagen. Maak hieronder de bestanden.");
    else say(status, "Staat in de tekst, maar is niet opgeslagen: zie de melding bij Opslaan.", true);
  }

  const occasionForm = byId("gelegenheid");
  if (occasionForm) {
    occasionForm.addEventListener("submit", setOccasion);
    occasionForm.addEventListener("input", () => { occasionTouched = true; });
  }
  byId("herladen").addEventListener("click", reload);
  const button = byId("opslaan");
  if (button) button.addEventListener("click", save);
  window.addEventListener("beforeunload", (event) => {
    if (text() !== saved) event.preventDefault();
  });
  listen(changedOnDisk);
  check(); // underline what the file on disk already has wrong
  // The downloads are made of the saved file: what the author sees is saved first.
  return async () => text() === saved || save();
}

function startIndex() {
  let leaving = false;
  const form = byId("nieuw");
  if (form) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const button = form.querySelector("button");
      button.disabled = true;
      say(byId("nieuw-melding"), "Bezig met maken…");
      let reply;
      try {
        reply = await post("/api/nieuw", { naam: byId("nieuw-naam").value });
      } catch (error) {
        reply = { status: 0, answer: { zin: "Dat lukte niet: draait werkvorm serve nog?" } };
      }
      if (reply.status === 201) {
        leaving = true; // the folder's change must not refresh this page on the way
        window.location.assign(reply.answer.adres);
        return;
      }
      button.disabled = false;
      say(byId("nieuw-melding"), refusalText(reply.answer, "Dat lukte niet."), true);
    });
  }
  const importing = byId("importeer");
  if (importing) {
    importing.addEventListener("submit", async (event) => {
      event.preventDefault();
      const file = byId("importeer-bestand").files[0];
      const pasted = byId("importeer-tekst").value;
      if (!file && !pasted.trim()) {
        say(byId("importeer-melding"), "Kies een bestand, of plak de tekst.", true);
        return;
      }
      const button = importing.querySelector("button");
      button.disabled = true;
      say(byId("importeer-melding"), "Bezig met overnemen…");
      let reply;
      try {
        const body = file
          ? { naam: file.name, inhoud: await asBase64(file) }
          : { naam: byId("importeer-naam").value.trim() || "Geplakte werkvorm", tekst: pasted };
        reply = await post("/api/importeer", body);
      } catch (error) {
        reply = { status: 0, answer: { zin: "Dat lukte niet: draait werkvorm serve nog?" } };
      }
      if (reply.status === 201) {
        leaving = true;
        window.location.assign(reply.answer.adres);
        return;
      }
      button.disabled = false;
      say(byId("importeer-melding"), refusalText(reply.answer, "Dat lukte niet."), true);
    });
  }
  listen(() => {
    if (!leaving) refreshList();
  });
}

// An uploaded file as base64 for the JSON body, in slices: one spread of a large file overflows the stack.
async function asBase64(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let at = 0; at < bytes.length; at += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  }
  return btoa(binary);
}

startSidebar();
let beforeMaking;
if (config.pagina === "huisstijl") {
  startHouseStyle(config, { byId, say, post });
} else if (config.pagina === "werkvorm" && byId("bron")) {
  beforeMaking = startEditor();
} else if (config.pagina === "werkvorm") {
  listen(() => window.location.reload()); // a file the editor cannot open: its page shows the file anew
} else {
  startIndex();
}
startDownloads(beforeMaking);
