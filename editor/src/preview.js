// The live preview: the draaiboek and the hand-out, each in a sandboxed frame in which no script runs.
// A frame is loaded once; after that only the parts of its page that changed are replaced, so a key
// costs no new page, no fonts loaded again and no lost scroll place. Only the frames in view are
// asked of the server; one that scrolls into view after the text changed asks for its own update.
import { morph, sameAttributes } from "./morph.js";

const NAMES = ["draaiboek", "deelnemers"];
const TITLES = { draaiboek: "Draaiboek", deelnemers: "Hand-out voor deelnemers" };
const LOAD_FALLBACK_MS = 3000; // a frame that never reports its load must not stall the page

export class Previews {
  constructor(place, onStaleInView) {
    this.place = place;
    this.onStaleInView = onStaleInView;
    this.frames = new Map(); // name -> { frame, shown, wanted, loading, stale }
    this.visible = new Set();
    this.observed = false;
    this.observer = typeof IntersectionObserver === "function"
      ? new IntersectionObserver((entries) => this.seen(entries)) : null;
    for (const frame of place.querySelectorAll("iframe[data-uitvoer]")) this.adopt(frame);
  }

  // The names of the previews to ask for: those in view, or all before the page knows.
  inView() {
    if (!this.observer || !this.observed || this.frames.size < NAMES.length) return [...NAMES];
    const shown = NAMES.filter((name) => this.visible.has(name));
    for (const name of NAMES) {
      if (!shown.includes(name)) this.frames.get(name).stale = true; // the text it shows is about to be old
    }
    return shown;
  }

  all() {
    return [...NAMES];
  }

  show(pages) {
    return Promise.all(Object.entries(pages).map(([name, html]) => this.showOne(name, html)));
  }

  adopt(frame) {
    const name = frame.dataset.uitvoer;
    this.frames.set(name, { frame, shown: undefined, wanted: undefined, loading: null, stale: false });
    if (this.observer) this.observer.observe(frame);
    return this.frames.get(name);
  }

  seen(entries) {
    this.observed = true;
    let staleCameIntoView = false;
    for (const entry of entries) {
      const name = entry.target.dataset.uitvoer;
      if (entry.isIntersecting) {
        this.visible.add(name);
        staleCameIntoView = staleCameIntoView || this.frames.get(name).stale;
      } else {
        this.visible.delete(name);
      }
    }
    if (staleCameIntoView) this.onStaleInView();
  }

  showOne(name, html) {
    const state = this.frames.get(name) || this.adopt(this.made(name));
    state.stale = false;
    state.wanted = html;
    if (state.loading) return state.loading; // when the load ends, the newest page is shown
    if (state.shown === html) return Promise.resolve();
    if (state.shown !== undefined && patched(state.frame, html)) {
      state.shown = html;
      return painted(state.frame);
    }
    return this.load(name, state, html);
  }

  made(name) {
    const frame = document.createElement("iframe");
    frame.dataset.uitvoer = name;
    frame.title = TITLES[name];
    frame.setAttribute("sandbox", "allow-same-origin"); // no script runs in a preview
    this.place.append(frame);
    return frame;
  }

  // A whole new page in the frame: the first time, and when its head (the style) changed.
  load(name, state, html) {
    const frame = state.frame;
    // Same origin without scripts: this page may keep the reader's place while the frame renews.
    const scrolled = frame.contentWindow && frame.contentDocument ? frame.contentWindow.scrollY : 0;
    state.loading = new Promise((resolve) => {
      let finished = false;
      const done = () => {
        if (finished) return;
        finished = true;
        clearTimeout(fallback);
        state.loading = null;
        state.shown = html;
        if (scrolled && frame.contentWindow) frame.contentWindow.scrollTo(0, scrolled);
        if (state.wanted !== html) this.showOne(name, state.wanted).then(resolve);
        else resolve();
      };
      const fallback = setTimeout(done, LOAD_FALLBACK_MS);
      frame.addEventListener("load", done, { once: true });
      frame.removeAttribute("src");
      frame.srcdoc = html;
    });
    return state.loading;
  }
}

// The frame's page made equal to `html` by replacing only what differs (the title in the head, a
// paragraph in the body); false when only a new page will do (no page of ours in the frame yet).
function patched(frame, html) {
  const doc = frame.contentDocument;
  if (!doc || !doc.documentElement || doc.URL !== "about:srcdoc") return false;
  const fresh = new DOMParser().parseFromString(html, "text/html"); // inert: nothing loads or runs here
  if (!sameAttributes(doc.documentElement, fresh.documentElement)) return false;
  morph(doc.documentElement, fresh.documentElement);
  return true;
}

// Resolves once the frame's changed page has been laid out and drawn.
function painted(frame) {
  if (frame.contentDocument && frame.contentDocument.body) frame.contentDocument.body.getBoundingClientRect();
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}
