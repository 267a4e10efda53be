// The pages of `werkvorm serve`: the editor beside the preview, and the index with its 'nieuw' form.
// Everything the server says is set as text (textContent) or into a sandboxed frame, never as markup.
import { EditorState } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { syntaxHighlighting, indentUnit } from "@codemirror/language";
import { setDiagnostics, lintGutter, forEachDiagnostic } from "@codemirror/lint";
import { werkvormLanguage, werkvormStyle } from "./highlight.js";
import { byId, config, element, listen, post, refusalText, say } from "./page.js";
import { KIND, showCards, showTaalCards } from "./cards.js";
import { refreshList, startSidebar } from "./sidebar.js";
import { startDownloads } from "./downloads.js";
import { startHouseStyle } from "./house_style.js";
import { Previews } from "./preview.js";

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
  let lastInput = 0; // when the newest edit's key went down (performance.now() time)
  let keyAt = 0;
  let checking = false; // one check at a time; edits meanwhile make one more check, not a queue
  let wanted = false;
  let sequence = 0;
  let again = null;
  let occasionTouched = false;
  let firstCheck = true;
  // The server checks only a page's newest draft: it knows this page by a name of its own.
  const page = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, "0")).join("");
  const previews = new Previews(byId("voorbeelden"), () => requestCheck(false));
  // Another variant chosen above the preview: every frame shows that variant of the text now.
  byId("voorbeeld-variant")?.addEventListener("change", () => { firstCheck = true; requestCheck(false); });

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
          const now = performance.now();
          lastInput = keyAt && now - keyAt < 1000 ? keyAt : now;
          keyAt = 0;
          showDirty();
          clearTimeout(again);
          requestCheck();
        }),
      ],
    }),
  });
  source.hidden = true;
  byId("bron-label").hidden = true;
  // The latency is measured from the key going down (the event's own time), not from the edit.
  view.contentDOM.addEventListener("keydown", (event) => { keyAt = event.timeStamp; }, true);
  window.werkvormEditor = view; // for the end-to-end tests and the latency measurement

  function text() {
    return view.state.doc.toString();
  }

  function showDirty() {
    const dirty = text() !== saved;
    document.body.classList.toggle("niet-opgeslagen", dirty);
    say(byId("opslag-status"), dirty ? "Niet opgeslagen wijzigingen." : "Alles is opgeslagen.");
  }

  // No waiting after a key: the text goes to the server at once. While a check runs, the edits made
  // meanwhile are gathered into one next check of the newest text (a burst of keys in one go makes
  // one check), so typing never queues up checks and the last edit's diagnostics are always shown.
  let measuring = false;
  let waiting = []; // who waits for the diagnostics of the text as it is now
  function requestCheck(measure = true) {
    measuring = measuring || measure;
    const shown = new Promise((resolve) => waiting.push(resolve));
    if (!wanted) {
      wanted = true;
      if (!checking) queueMicrotask(checkWhileWanted); // after the edits of this same task
    }
    return shown;
  }

  async function checkWhileWanted() {
    if (checking) return;
    checking = true;
    try {
      while (wanted) {
        wanted = false;
        const measure = measuring;
        measuring = false;
        await check(measure);
      }
    } finally {
      checking = false;
      const done = waiting;
      waiting = [];
      done.forEach((resolve) => resolve());
    }
  }

  // The diagnostics first (no preview is built for them), then the previews in view, unless a newer
  // edit came in meanwhile: its diagnostics come first, and the preview follows the newest text.
  async function check(measure) {
    const sent = text();
    const startedAfter = measure ? lastInput : 0;
    const reply = await draft("controleer", sent, []);
    if (!reply) return;
    show(reply.answer, sent.length);
    if (startedAfter) window.werkvormDiagnosticsLatency = performance.now() - startedAfter;
    window.werkvormChecked = sent; // for the tests: the text whose diagnostics the page shows
    // Suggestions the server is still looking up come with a later check, asked for when typing rests.
    clearTimeout(again);
    if (reply.answer.taal && reply.answer.taal.bezig > 0) again = setTimeout(() => requestCheck(false), TAAL_AGAIN_MS);
    const previewShown = () => {
      if (startedAfter && text() === sent) window.werkvormLatency = performance.now() - startedAfter;
    };
    let pages = reply.answer.voorbeeld; // null: there are errors, and the preview says so
    if (pages !== null) {
      if (wanted) return;
      // The page's own first check takes over every frame (the page loaded them from the saved file);
      // after that only the frames in view are kept up with the text.
      const inView = firstCheck ? previews.all() : previews.inView();
      firstCheck = false;
      if (!inView.length) { // no preview in view: nothing to show now (one scrolled to asks for itself)
        byId("voorbeeld-status").hidden = true; // no errors any more: the note about them goes
        previewShown();
        return;
      }
      const made = await draft("voorbeeld", sent, inView);
      if (!made) return;
      pages = made.answer.voorbeeld;
    }
    updatePreview(pages).then(previewShown); // the frames change on their own: the next check need not wait
  }

  // The server's answer about the text `sent`, or null when there is none to show: the text changed
  // meanwhile (a newer check follows, see requestCheck) or the server could not answer (said so).
  async function draft(kind, sent, inView) {
    let reply;
    try {
      reply = await post(`/api/${kind}/${config.slug}`,
        { tekst: sent, pagina: page, volgnummer: ++sequence, voorbeelden: inView,
          variant: byId("voorbeeld-variant")?.value || "" });
    } catch (error) {
      say(byId("controle-status"), "De controle lukte niet: draait werkvorm serve nog?", true);
      return null;
    }
    if (text() !== sent || reply.answer.verouderd) return null;
    if (reply.status !== 200) {
      say(byId("controle-status"), refusalText(reply.answer, "De controle lukte niet."), true);
      return null;
    }
    return reply;
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

  // Each card's place counted from the start of its line (the text is the one that was checked).
  function inLines(found) {
    const doc = view.state.doc;
    return found.map((d) => {
      if (!d.regel || d.regel > doc.lines || d.van === undefined) return d;
      return { ...d, inRegel: Math.max(Math.min(d.van, doc.length) - doc.line(d.regel).from, 0) };
    });
  }

  // True when the editor already underlines exactly these, moved along with the edits since: then
  // nothing is drawn again (hundreds of underlines take CodeMirror longer than the check itself).
  function sameUnderlines(diagnostics) {
    const key = (d, from, to) => `${from}:${to}:${d.severity}:${d.markClass || ""}:${d.message}`;
    const now = [];
    forEachDiagnostic(view.state, (d, from, to) => now.push(key(d, from, to)));
    if (now.length !== diagnostics.length) return false;
    const wanted = diagnostics.map((d) => key(d, d.from, d.to));
    now.sort();
    wanted.sort();
    return now.every((one, index) => one === wanted[index]);
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
    if (!sameUnderlines(diagnostics)) view.dispatch(setDiagnostics(view.state, diagnostics));
    byId("titel").textContent = answer.titel;
    showCards(byId("meldingen"), inLines(answer.meldingen));
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
    showTaalCards(byId("taal-meldingen"), inLines(taal.meldingen), config.alleenLezen ? null : wordListButton);
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
    await requestCheck(false);
    say(byId("taal-status"), `"${word}" ${done} de woordenlijst (werkvorm-woorden.txt in de map van deze werkvorm).`);
  }

  function updatePreview(pages) {
    const note = byId("voorbeeld-status");
    if (!pages) {
      note.hidden = false;
      note.textContent = byId("voorbeelden").querySelector("iframe")
        ? "Er staan fouten in: het voorbeeld toont de laatste versie zonder fouten."
        : "Zodra de fouten zijn opgelost, staat hier het draaiboek en de hand-out.";
      return Promise.resolve();
    }
    note.hidden = true;
    return previews.show(pages);
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
    const line = doc.line(Math.min(Math.max(Number(link.dataset.regel), 1), doc.lines));
    const inLine = link.dataset.teken !== undefined ? Number(link.dataset.teken) : Number(link.dataset.kolom) - 1;
    const at = line.from + Math.min(Math.max(inLine, 0), line.length);
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
  requestCheck(false); // underline what the file on disk already has wrong
  // '?regel=12': the live view's report opens the werkvorm on the line of a step that ran over.
  const asked = new URLSearchParams(window.location.search).get("regel");
  if (asked && /^\d+$/.test(asked)) goToLine({ dataset: { regel: asked, kolom: "1" } });
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
