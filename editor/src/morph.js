// Making a part of a page equal to a newly made one by changing only what differs: the preview's
// page after a key, the list of cards after a check. What stays equal stays in place, with its
// scroll place, focus and listeners; the browser lays out again only what changed.
const DEEPEST = 12; // below this depth a changed element is replaced whole
// Elements that carry listeners or what a reader typed: a changed one is replaced whole, never
// changed inside (a button kept with a new label would still do what its old label said).
const WHOLE = new Set(["BUTTON", "INPUT", "SELECT", "TEXTAREA"]);

// `live`'s children made equal to `fresh`'s: the same beginning and end are kept, and in between
// an element of the same kind is morphed in turn, anything else replaced by the node from `fresh`
// (moved when it was made in this document, with its listeners; copied from another document).
export function morph(live, fresh, depth = 0) {
  const doc = live.ownerDocument;
  const old = [...live.childNodes];
  const wanted = [...fresh.childNodes];
  let start = 0;
  while (start < old.length && start < wanted.length && old[start].isEqualNode(wanted[start])) start += 1;
  let end = 0;
  while (end < old.length - start && end < wanted.length - start
    && old[old.length - 1 - end].isEqualNode(wanted[wanted.length - 1 - end])) end += 1;
  const gone = old.slice(start, old.length - end);
  const come = wanted.slice(start, wanted.length - end);
  const taken = (node) => (node.ownerDocument === doc ? node : doc.importNode(node, true));
  if (gone.length === come.length && depth < DEEPEST) {
    gone.forEach((node, index) => {
      const other = come[index];
      if (node.nodeType === Node.ELEMENT_NODE && node.nodeName === other.nodeName && !WHOLE.has(node.nodeName)
        && sameAttributes(node, other)) {
        morph(node, other, depth + 1);
      } else {
        live.replaceChild(taken(other), node);
      }
    });
    return;
  }
  const before = end ? old[old.length - end] : null;
  gone.forEach((node) => node.remove());
  come.forEach((node) => live.insertBefore(taken(node), before));
}

export function sameAttributes(one, other) {
  if (one.nodeType !== Node.ELEMENT_NODE || other.nodeType !== Node.ELEMENT_NODE) return false;
  if (one.attributes.length !== other.attributes.length) return false;
  return [...one.attributes].every((attribute) => other.getAttribute(attribute.name) === attribute.value);
}
