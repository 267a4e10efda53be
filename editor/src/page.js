// What every page of `werkvorm serve` shares: its settings, short helpers, and talking to the server.
// Everything the server says is set as text (textContent), never as markup.

export const config = JSON.parse(document.getElementById("werkvorm-config").textContent);

export function byId(id) {
  return document.getElementById(id);
}

export function say(element, text, alert = false) {
  if (!element) return;
  element.textContent = text;
  element.setAttribute("role", alert ? "alert" : "status");
}

export function element(tag, className = "", text = "") {
  const made = document.createElement(tag);
  if (className) made.className = className;
  if (text) made.textContent = text;
  return made;
}

// A refusal from the server as a person reads it: the sentence and the tip, without the code.
export function refusalText(answer, fallback) {
  if (answer && answer.zin) return answer.tip ? `${answer.zin} Tip: ${answer.tip}` : answer.zin;
  return (answer && answer.melding) || fallback;
}

export async function post(url, body, signal = undefined) {
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
    answer = { zin: "De server gaf een antwoord dat ik niet kan lezen.", tip: "Ververs de pagina." };
  }
  return { status: response.status, answer };
}

// The server tells every open page when a werkvorm changes on disk. A page the browser keeps for
// its back button closes its stream: a browser opens only six connections to one server, and
// streams left open by earlier pages would leave none for checking and saving.
export function listen(onChange) {
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
