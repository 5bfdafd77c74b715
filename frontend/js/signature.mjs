// Drawing a signature on screen: progressive enhancement of the project's sign page.
// Without this file the page offers the upload of a signed paper, which works everywhere.
// The strokes are written to the form's hidden input as an SVG path of M/L commands in the
// drawing area's own units (data-width x data-height); the server accepts nothing else.
// No inline script or style attribute anywhere: the Content Security Policy forbids them
// (setting element.style from a script file is allowed).

function round(value) {
  return Math.round(value * 10) / 10;
}

function setUp(container) {
  const input = document.getElementById(container.dataset.input);
  const area = container.querySelector("[data-signature-area]");
  const clear = container.querySelector("[data-signature-clear]");
  if (!input || !area || !clear) return;
  const width = Number(container.dataset.width) || 600;
  const height = Number(container.dataset.height) || 200;

  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", area.dataset.label || "");
  canvas.setAttribute("aria-describedby", "signature-pad-hint");
  canvas.className = "openaef-signature-canvas";
  canvas.style.width = "100%";
  canvas.style.maxWidth = `${width}px`;
  canvas.style.aspectRatio = `${width} / ${height}`;
  canvas.style.border = "2px solid #0b0c0c";
  canvas.style.touchAction = "none";
  canvas.style.background = "#ffffff";
  area.appendChild(canvas);

  const context = canvas.getContext("2d");
  context.lineWidth = 3;
  context.lineCap = "round";
  context.lineJoin = "round";
  context.strokeStyle = "#0b0c0c";

  let commands = [];
  let drawing = false;
  let last = null;

  function point(event) {
    const box = canvas.getBoundingClientRect();
    const x = ((event.clientX - box.left) / box.width) * width;
    const y = ((event.clientY - box.top) / box.height) * height;
    return [round(Math.min(Math.max(x, 0), width)), round(Math.min(Math.max(y, 0), height))];
  }

  function redraw() {
    context.clearRect(0, 0, width, height);
    context.beginPath();
    for (const [letter, x, y] of commands) {
      if (letter === "M") context.moveTo(x, y);
      else context.lineTo(x, y);
    }
    context.stroke();
  }

  function save() {
    input.value = commands.map(([letter, x, y]) => `${letter}${x} ${y}`).join("");
  }

  canvas.addEventListener("pointerdown", (event) => {
    event.preventDefault();
    try {
      canvas.setPointerCapture(event.pointerId);
    } catch {
      // Capture is a comfort (strokes leaving the box); drawing works without it.
    }
    drawing = true;
    last = point(event);
    commands.push(["M", ...last]);
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!drawing) return;
    const next = point(event);
    if (last && next[0] === last[0] && next[1] === last[1]) return;
    commands.push(["L", ...next]);
    last = next;
    redraw();
  });
  const stop = () => {
    if (!drawing) return;
    drawing = false;
    // A tap without movement leaves a dot: draw it as a tiny line so that it shows.
    if (commands.length && commands[commands.length - 1][0] === "M") {
      const [, x, y] = commands[commands.length - 1];
      commands.push(["L", round(Math.min(x + 1, width)), y]);
      redraw();
    }
    save();
  };
  canvas.addEventListener("pointerup", stop);
  canvas.addEventListener("pointercancel", stop);

  clear.addEventListener("click", () => {
    commands = [];
    input.value = "";
    redraw();
  });

  // Back with an error about another field: the drawing already made is shown again.
  for (const match of input.value.matchAll(/([ML])([\d.]+) ([\d.]+)/g)) {
    commands.push([match[1], Number(match[2]), Number(match[3])]);
  }
  redraw();
  container.hidden = false;
}

for (const container of document.querySelectorAll('[data-module="openaef-signature"]')) {
  setUp(container);
}
