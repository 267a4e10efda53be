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

const config = JSON.parse(document.getElementById("werkvorm-config").textContent);

function byId(id) {
  return document.getElementById(id);
}

function say(element, text, alert = false) {
  if (!element) return;
  element.textContent = text;
  element.setAttribute("role", alert ? "alert" : "status");
}

async function post(url, body, signal = undefined) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Werkvorm-Token": config.token },
    body: JSON.stringify(body),
    signal,
  });
  let answer = {};
  try {
    answer = await response.json();
  } catch (error) {
    answer = { melding: "De server gaf een antwoord dat ik niet kan lezen. Ververs de pagina." };
  }
  return { status: response.status, answer };
}

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
      say(byId("controle-status"), reply.answer.melding || "De controle lukte niet.", true);
      return;
    }
    show(reply.answer, sent.length);
    await updatePreview(reply.answer.voorbeeld);
    if (startedAfter) window.werkvormLatency = performance.now() - startedAfter;
    // Suggestions the server is still looking up come with a later check, asked for when typing rests.
    clearTimeout(again);
    if (reply.answer.taal && reply.answer.taal.bezig > 0) again = setTimeout(() => check(false), TAAL_AGAIN_MS);
  }

  function underline(d, length, severities, prefix, markClass) {
    const diagnostic = {
      from: Math.min(d.van, length), to: Math.min(Math.max(d.tot, d.van), length),
      severity: severities[d.ernst] || "info",
      message: `${prefix}${d.ernst}[${d.code}]: ${d.melding}${d.tip ? " Tip: " + d.tip : ""}`,
    };
    if (markClass) diagnostic.markClass = markClass;
    return diagnostic;
  }

  function show(answer, length) {
    const diagnostics = answer.meldingen.map((d) => underline(d, length, SEVERITY, "", ""));
    if (answer.taal) {
      diagnostics.push(...answer.taal.meldingen.map((d) => underline(d, length, TAAL_SEVERITY, "taal, ",
        d.code.startsWith("T1") ? "cm-taal-spelling" : "cm-taal-b1")));
      showTaal(answer.taal);
    }
    diagnostics.sort((a, b) => a.from - b.from);
    view.dispatch(setDiagnostics(view.state, diagnostics));
    byId("titel").textContent = answer.titel;
    showReport(answer);
    say(byId("controle-status"), answer.samenvatting);
  }

  function showTaal(taal) {
    const note = byId("taal-uitleg");
    const report = byId("taal-meldingen");
    if (!note || !report) return;
    note.hidden = !taal.uitleg;
    note.textContent = taal.uitleg;
    report.hidden = !taal.rapport;
    report.textContent = taal.rapport;
    say(byId("taal-status"), taal.samenvatting);
  }

  function showReport(answer) {
    let report = byId("meldingen");
    const heading = byId("meldingen-kop");
    if (!answer.rapport) {
      if (report) report.remove();
      heading.hidden = true;
      return;
    }
    if (!report) {
      report = document.createElement("pre");
      report.id = "meldingen";
      report.className = "meldingen";
      report.tabIndex = 0;
      heading.after(report);
    }
    heading.hidden = false;
    heading.textContent = answer.fouten ? "Fouten en waarschuwingen" : "Waarschuwingen";
    report.textContent = answer.rapport;
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

  async function save() {
    if (config.alleenLezen) return;
    const sent = text();
    say(byId("opslag-status"), "Bezig met opslaan…");
    let reply;
    try {
      reply = await post(`/api/opslaan/${config.slug}`, { tekst: sent, versie: version });
    } catch (error) {
      say(byId("opslag-status"), "Opslaan lukte niet: draait werkvorm serve nog? Uw tekst staat nog hier.", true);
      return;
    }
    if (reply.status === 200) {
      version = reply.answer.versie;
      saved = sent;
      byId("conflict").hidden = true;
      showDirty();
      if (text() === sent) say(byId("opslag-status"), `Opgeslagen om ${new Date().toLocaleTimeString("nl-NL", { hour: "2-digit", minute: "2-digit" })}.`);
      return;
    }
    if (reply.status === 409) {
      showConflict(reply.answer.melding);
      say(byId("opslag-status"), "Niet opgeslagen.", true);
      return;
    }
    say(byId("opslag-status"), reply.answer.melding || "Opslaan lukte niet.", true);
  }

  function showConflict(message) {
    byId("conflict-melding").textContent = message;
    byId("conflict").hidden = false;
    byId("herladen").focus();
  }

  async function reload() {
    const response = await fetch(`/api/tekst/${config.slug}`, { cache: "no-store" });
    const answer = await response.json();
    if (response.status !== 200) {
      say(byId("opslag-status"), answer.melding, true);
      return;
    }
    version = answer.versie;
    saved = answer.tekst;
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: answer.tekst } });
    byId("conflict").hidden = true;
    showDirty();
  }

  async function changedOnDisk() {
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

  byId("herladen").addEventListener("click", reload);
  const button = byId("opslaan");
  if (button) button.addEventListener("click", save);
  window.addEventListener("beforeunload", (event) => {
    if (text() !== saved) event.preventDefault();
  });
  listen(changedOnDisk);
  check(); // underline what the file on disk already has wrong
}

function startDownloads() {
  const button = byId("downloads-maken");
  if (!button) return;
  button.addEventListener("click", async () => {
    const list = byId("downloads");
    button.disabled = true;
    say(byId("downloads-status"), "Bezig met maken; PDF's duren een paar seconden…");
    try {
      const response = await fetch(`/werkvorm/${config.slug}/downloads`, { cache: "no-store" });
      const answer = await response.json();
      if (response.status !== 200) {
        say(byId("downloads-status"), answer.melding, true);
        return;
      }
      list.replaceChildren(...answer.bestanden.map((file) => {
        const item = document.createElement("li");
        const link = document.createElement("a");
        link.href = file.adres;
        link.setAttribute("download", file.naam);
        link.className = "knop";
        link.textContent = `${file.naam} (${file.grootte})`;
        item.append(link);
        return item;
      }));
      say(byId("downloads-status"), `${answer.bestanden.length} bestanden, gemaakt van de opgeslagen versie.`);
    } catch (error) {
      say(byId("downloads-status"), "Maken lukte niet: draait werkvorm serve nog?", true);
    } finally {
      button.disabled = false;
    }
  });
}

function startIndex() {
  const form = byId("nieuw");
  if (form) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const reply = await post("/api/nieuw", { naam: byId("nieuw-naam").value });
      if (reply.status === 201) {
        window.location.assign(reply.answer.adres);
        return;
      }
      say(byId("nieuw-melding"), reply.answer.melding || "Dat lukte niet.", true);
    });
  }
  listen(() => window.location.reload());
}

// The server tells every open page when a werkvorm changes on disk. A page the browser keeps for
// its back button closes its stream: a browser opens only six connections to one server, and
// streams left open by earlier pages would leave none for checking and saving.
function listen(onChange) {
  let stream = null;
  const open = () => {
    stream = new EventSource("/events");
    stream.onmessage = onChange;
  };
  window.addEventListener("pagehide", () => {
    if (stream) stream.close();
    stream = null;
  });
  window.addEventListener("pageshow", () => {
    if (!stream) open();
  });
  open();
}

if (config.pagina === "huisstijl") {
  startHouseStyle(config, { byId, say, post });
} else if (config.pagina === "werkvorm" && byId("bron")) {
  startEditor();
} else {
  startIndex();
}
startDownloads();
