function render({ model, el }) {
  const size = model.get("size");
  const root = document.createElement("div");
  root.className = "course-drawpad";
  root.innerHTML = `
    <div class="course-drawpad-left">
      <canvas class="course-drawpad-canvas" width="${size}" height="${size}"
              style="width:${size}px;height:${size}px" aria-label="drawing pad"></canvas>
      <div class="course-drawpad-row">
        <button class="course-drawpad-clear" type="button">Clear</button>
        <span class="course-drawpad-hint">draw one digit, large</span>
      </div>
    </div>
    <div class="course-drawpad-right">
      <div class="course-drawpad-predicted"></div>
      <div class="course-drawpad-caption">probability of each digit</div>
      <div class="course-drawpad-chart" role="img" aria-label="probabilities"></div>
      <div class="course-drawpad-seen-row">the model sees:
        <canvas class="course-drawpad-seen" width="28" height="28"></canvas></div>
    </div>`;
  el.appendChild(root);
  const canvas = root.querySelector(".course-drawpad-canvas");
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  const chart = root.querySelector(".course-drawpad-chart");
  const predicted = root.querySelector(".course-drawpad-predicted");
  const seen = root.querySelector(".course-drawpad-seen");
  const bars = [];
  for (let digit = 0; digit < 10; digit++) {
    const column = document.createElement("div");
    column.className = "course-drawpad-column";
    column.innerHTML = `<div class="course-drawpad-value"></div>
      <div class="course-drawpad-track"><div class="course-drawpad-bar"></div></div>
      <div class="course-drawpad-digit">${digit}</div>`;
    chart.appendChild(column);
    bars.push(column);
  }

  function blank() {
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, size, size);
  }
  blank();
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  ctx.strokeStyle = "#000";
  ctx.fillStyle = "#000";

  function point(event) {
    const box = canvas.getBoundingClientRect();
    return [(event.clientX - box.left) * size / box.width,
            (event.clientY - box.top) * size / box.height];
  }
  let last = null;
  canvas.addEventListener("pointerdown", (event) => {
    canvas.setPointerCapture(event.pointerId);
    last = point(event);
    ctx.beginPath();
    ctx.arc(last[0], last[1], model.get("pen") / 2, 0, 2 * Math.PI);
    ctx.fillStyle = "#000";
    ctx.fill();
    event.preventDefault();
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!last) return;
    const now = point(event);
    ctx.lineWidth = model.get("pen");
    ctx.beginPath();
    ctx.moveTo(last[0], last[1]);
    ctx.lineTo(now[0], now[1]);
    ctx.stroke();
    last = now;
    event.preventDefault();
  });
  function end() {
    if (!last) return;
    last = null;
    const rgba = ctx.getImageData(0, 0, size, size).data;
    const grey = new Uint8Array(size * size);
    for (let i = 0; i < grey.length; i++) grey[i] = rgba[4 * i];
    let text = "";
    for (let i = 0; i < grey.length; i += 0x8000) {
      text += String.fromCharCode.apply(null, grey.subarray(i, i + 0x8000));
    }
    model.set("pixels", btoa(text));
    model.set("strokes", model.get("strokes") + 1);
    model.save_changes();
  }
  canvas.addEventListener("pointerup", end);
  canvas.addEventListener("pointercancel", end);
  root.querySelector(".course-drawpad-clear").addEventListener("click", () => {
    blank();
    model.set("pixels", "");
    model.set("strokes", 0);
    model.save_changes();
  });

  function show() {
    const probabilities = model.get("probabilities");
    const best = model.get("predicted");
    predicted.textContent = model.get("message");
    predicted.dataset.digit = best >= 0 ? String(best) : "";
    bars.forEach((column, digit) => {
      const p = probabilities.length === 10 ? probabilities[digit] : 0;
      column.dataset.probability = probabilities.length === 10 ? String(p) : "";
      column.classList.toggle("course-drawpad-best", digit === best);
      column.querySelector(".course-drawpad-bar").style.height = `${(100 * p).toFixed(1)}%`;
      column.querySelector(".course-drawpad-value").textContent =
        probabilities.length === 10 ? `${Math.round(100 * p)}%` : "";
    });
    const pixels = model.get("seen");
    const seenCtx = seen.getContext("2d");
    const image = seenCtx.createImageData(28, 28);
    for (let i = 0; i < 784; i++) {
      const v = pixels.length === 784 ? pixels[i] : 0;
      image.data.set([v, v, v, 255], 4 * i);
    }
    seenCtx.putImageData(image, 0, 0);
  }
  model.on("change:probabilities", show);
  model.on("change:message", show);
  model.on("change:seen", show);
  show();
}
export default { render };
