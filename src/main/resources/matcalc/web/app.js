// The student's page: the problem's inputs, the derivative as the user types (POST /api/diff),
// errors with the offending span marked in the input it is in, the steps (/api/steps), the check of
// an answer (/api/check), generated code (/api/codegen), and a link that encodes the problem.
"use strict";

(() => {
  const $ = id => document.getElementById(id);
  const el = MC.el;

  // The text inputs, by the name the API (and an error's span.source) gives them.
  const FIELDS = {
    let: {input: $("let"), label: "Declarations"},
    assume: {input: $("assume"), label: "Assumption"},
    expr: {input: $("expr"), label: "Expression"},
    wrt: {input: $("wrt"), label: "With respect to"},
    answer: {input: $("answer"), label: "Your derivative"},
    at: {input: $("at"), label: "Point"},
  };
  const SHARED = ["let", "assume", "expr", "wrt", "layout", "answer", "at"];
  const layout = $("layout");

  // ---- the mirrors: a copy of each input's text behind it, where the offending span is marked

  function mirrorOf(name) {
    return $(name + "-mirror");
  }

  function clearMarks() {
    for (const name of Object.keys(FIELDS)) {
      const m = mirrorOf(name);
      m.textContent = "";
      FIELDS[name].input.classList.remove("has-error");
      FIELDS[name].input.removeAttribute("aria-invalid");
    }
  }

  function syncScroll(name) {
    const input = FIELDS[name].input;
    const m = mirrorOf(name);
    m.scrollTop = input.scrollTop;
    m.scrollLeft = input.scrollLeft;
  }

  /** Marks the error's span in the input it names; returns whether there was one. */
  function markSpan(error) {
    const span = error.span;
    if (!span || !FIELDS[span.source]) return false;
    const name = span.source;
    const input = FIELDS[name].input;
    const m = mirrorOf(name);
    m.textContent = "";
    m.append(MC.marked(input.value, MC.locate(input.value, span)), "\n");
    input.classList.add("has-error");
    input.setAttribute("aria-invalid", "true");
    syncScroll(name);
    return true;
  }

  for (const name of Object.keys(FIELDS)) {
    const input = FIELDS[name].input;
    input.addEventListener("scroll", () => syncScroll(name));
    input.addEventListener("input", () => {
      // the mark no longer fits the text: drop it until the next answer
      mirrorOf(name).textContent = "";
      input.classList.remove("has-error");
    });
  }

  // ---- errors

  const errorBox = $("error");

  function showError(target, error) {
    target.textContent = "";
    target.append(MC.errorView(error, FIELDS));
    target.hidden = false;
  }

  function hideError(target) {
    target.hidden = true;
    target.textContent = "";
  }

  // ---- the request every call shares

  function problem() {
    const body = {expr: FIELDS.expr.input.value, wrt: FIELDS.wrt.input.value, layout: layout.value};
    for (const name of ["let", "assume"]) {
      const v = FIELDS[name].input.value;
      if (v.trim()) body[name] = v;
    }
    return body;
  }

  /** The point of the Values box as the API takes it (a JSON object), null when empty; throws an ApiError if unreadable. */
  function point() {
    const text = FIELDS.at.input.value;
    if (!text.trim()) return null;
    let value;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new MC.ApiError({kind: "input", message: "the point is not JSON: " + e.message, span: null, notes: []}, 0);
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new MC.ApiError({kind: "input", message: "the point must be a JSON object: {\"x\": [1, 2], …}", span: null, notes: []}, 0);
    }
    return value;
  }

  /** A value of the JSON (a number, a list, a list of rows) as a KaTeX matrix. */
  function valueTex(v) {
    const num = x => typeof x === "number" ? String(Number(x.toPrecision(6))) : String(x);
    if (typeof v === "number") return num(v);
    if (Array.isArray(v) && v.every(x => typeof x === "number")) return "\\begin{bmatrix}" + v.map(num).join(" \\\\ ") + "\\end{bmatrix}";
    if (Array.isArray(v) && v.every(r => Array.isArray(r) && r.every(x => typeof x === "number"))) {
      return "\\begin{bmatrix}" + v.map(r => r.map(num).join(" & ")).join(" \\\\ ") + "\\end{bmatrix}";
    }
    return null;
  }

  function valueView(label, v) {
    const t = valueTex(v);
    return el("div", {class: "value"}, el("span", {class: "value-label"}, label),
        t === null ? el("code", {}, JSON.stringify(v)) : MC.tex(t, false));
  }

  function ready() {
    return FIELDS.expr.input.value.trim() !== "" && FIELDS.wrt.input.value.trim() !== "";
  }

  /** One request at a time per kind: a newer one aborts the older, whose answer is then ignored. */
  function latest() {
    let controller = null;
    const run = async (path, body) => {
      if (controller) controller.abort();
      const mine = new AbortController();
      controller = mine;
      try {
        return await MC.post(path, body, mine.signal);
      } finally {
        if (controller === mine) controller = null;
      }
    };
    run.abort = () => {
      if (controller) controller.abort();
      controller = null;
    };
    return run;
  }

  // ---- the derivative, live

  const result = $("result");
  const status = $("status");
  const diffLatest = latest();
  const evalLatest = latest();
  let lastDiff = null;

  function derivativeView(d, index) {
    const box = el("div", {class: "derivative", "data-wrt": d.wrt});
    box.append(el("p", {class: "caption"},
        el("span", {class: "of"}, "∂f/∂" + d.wrt),
        el("span", {class: "shape"}, "shape " + MC.shape(d.shape) + " (" + d.layout + " layout)")));
    box.append(MC.expr(d.derivative, true));
    if (d.tensor) {
      box.append(el("p", {class: "tensor"}, "this is " + d.tensor.meaning + ", contracted with the row vector ",
          MC.expr(d.tensor.seed), " (" + MC.shape(d.tensor.seedShape) + ")"));
    }
    if (d.where && d.where.length) box.append(whereView(d.where));
    if (d.inVariables && d.inVariables.text !== d.derivative.text) {
      const inv = el("details", {class: "in-variables"}, el("summary", {}, "in the variables alone"));
      inv.append(MC.expr(d.inVariables, true));
      box.append(inv);
    }
    if (d.value !== undefined) box.append(valueView("at the point: ", d.value));
    const v = d.verification;
    box.append(el("p", {class: "verification " + (v ? v.status : "")}, MC.verification(v)));
    return box;
  }

  function whereView(where) {
    const table = el("table", {class: "where"}, el("caption", {}, "where"));
    for (const w of where) {
      table.append(el("tr", {}, el("th", {scope: "row"}, w.name), el("td", {}, "= "), el("td", {}, MC.expr(w.definition))));
    }
    return table;
  }

  function showDiff(json, value) {
    lastDiff = json;
    result.textContent = "";
    result.append(el("div", {class: "function"}, el("span", {class: "f"}, "f = "), MC.expr(json.expression)));
    if (value) result.append(valueView("f at the point: ", value.value));
    json.derivatives.forEach((d, i) => result.append(derivativeView(d, i)));
    if (json.where && json.where.length) result.append(whereView(json.where));
    for (const n of json.notes || []) result.append(el("p", {class: "note"}, "note: " + n.message));
  }

  async function refresh() {
    writeHash();
    if (!ready()) {
      diffLatest.abort();
      clearMarks();
      hideError(errorBox);
      status.textContent = "";
      result.textContent = "";
      result.append(el("p", {class: "placeholder"}, FIELDS.expr.input.value.trim() === ""
          ? "Type an expression." : "Say which variable to differentiate with respect to (wrt)."));
      return;
    }
    status.textContent = "working…";
    result.classList.add("stale");
    try {
      const body = problem();
      const at = point();
      if (at) body.at = at;
      const [json, value] = await Promise.all([diffLatest("/api/diff", body),
        at ? evalLatest("/api/eval", {expr: body.expr, let: body.let, at: at}) : null]);
      clearMarks();
      hideError(errorBox);
      showDiff(json, value);
      status.textContent = "";
    } catch (e) {
      if (e.name === "AbortError") return;
      if (!(e instanceof MC.ApiError)) throw e;
      clearMarks();
      markSpan(e.error);
      showError(errorBox, e.error);
      lastDiff = null;
      result.textContent = "";
      status.textContent = "";
    } finally {
      result.classList.remove("stale");
    }
    if ($("steps-box").open) refreshSteps();
    if ($("hessian-box").open) refreshHessian();
  }

  const refreshSoon = MC.debounce(refresh, 250);
  for (const name of ["let", "assume", "expr", "wrt", "at"]) FIELDS[name].input.addEventListener("input", refreshSoon);
  layout.addEventListener("change", refresh);
  $("problem").addEventListener("submit", e => {   // Enter in an input: now, not after the pause
    e.preventDefault();
    refresh();
  });

  // ---- the steps

  const steps = $("steps");
  const stepsLatest = latest();

  function partial(of, by) {
    return el("span", {class: "partial"}, "∂" + of + "/∂" + by);
  }

  function table(caption, cls) {
    return el("table", {class: "steps-table " + cls}, el("caption", {}, caption));
  }

  function rulesCell(rules) {
    return el("td", {class: "rules"}, (rules || []).join(", "));
  }

  /** The chain rule as a product of the factors' names: ∂L/∂W = δ ∂u1/∂W with δ = ∂L/∂u1 = ∂L/∂ŷ ∂ŷ/∂u1. */
  function chainLine(d) {
    const line = el("span", {}, partial(d.name, d.wrt), " = ");
    const contracted = d.factors.find(f => f.contracted);
    const others = d.factors.filter(f => !f.contracted);
    const product = fs => fs.forEach((f, i) => line.append(i ? " " : "", partial(f.of, f.by)));
    if (contracted && others.length) {
      line.append("δ ", partial(contracted.of, contracted.by), " with δ = ", partial(d.name, contracted.of), " = ");
      product(others);
    } else {
      product(d.factors);
    }
    return line;
  }

  function derivationView(d) {
    const box = el("article", {class: "derivation"});
    box.append(el("h3", {}, "∂" + d.name + "/∂" + d.wrt + " for " + d.name + " = ", MC.expr(d.function)));

    const inter = table("intermediate functions", "intermediates");
    for (const u of d.intermediates) {
      inter.append(el("tr", {}, el("th", {scope: "row"}, u.name + " ="), el("td", {}, MC.expr(u.body)),
          el("td", {class: "shape"}, MC.shape(u.shape))));
    }
    box.append(inter);

    const chain = table("chain rule (" + layout.value + " layout)", "factors");
    chain.append(el("tr", {class: "chain"}, el("td", {colspan: "4"}, chainLine(d))));
    for (const f of d.factors) {
      chain.append(el("tr", {}, el("th", {scope: "row"}, f.contracted ? "δ " : "", partial(f.of, f.by), " ="),
          el("td", {}, MC.expr(f.jacobian)), el("td", {class: "shape"}, MC.shape(f.shape)), rulesCell(f.rules)));
    }
    box.append(chain);

    if (d.paths && d.paths.length) {
      const paths = table("the chain rule's paths, one per occurrence of " + d.wrt, "paths");
      for (const p of d.paths) paths.append(el("tr", {}, el("th", {scope: "row"}, "through " + p.through), el("td", {}, MC.expr(p.term))));
      box.append(paths);
    }

    const product = table("product", "product");
    product.append(el("tr", {}, el("th", {scope: "row"}, partial(d.name, d.wrt), " ="), el("td", {}, MC.expr(d.product))));
    box.append(product);

    if (d.simplification.length) {
      const simp = table("simplification", "simplification");
      for (const s of d.simplification) simp.append(el("tr", {}, el("th", {scope: "row"}, "="), el("td", {}, MC.expr(s.expression)), rulesCell(s.rules)));
      box.append(simp);
    }

    const res = table("result", "result-table");
    res.append(el("tr", {}, el("th", {scope: "row"}, partial(d.name, d.wrt), " ="), el("td", {}, MC.expr(d.result))));
    box.append(res);
    box.append(el("p", {class: "verification " + (d.verification ? d.verification.status : "")}, MC.verification(d.verification)));

    const slide = el("details", {class: "slide"}, el("summary", {}, "as one block, the way the slides write it"));
    slide.append(MC.tex(d.latex, true));
    box.append(slide);
    return box;
  }

  /**
   * Fills a panel (the steps, the Hessian) with what request answers, as render shows it; an
   * error of the API as "No LABEL: message". Empty while the problem is not ready.
   */
  async function fillPanel(box, label, request, render) {
    if (!ready()) {
      box.textContent = "";
      return;
    }
    box.classList.add("stale");
    try {
      const json = await request();
      box.textContent = "";
      render(json);
    } catch (e) {
      if (e.name === "AbortError") return;
      if (!(e instanceof MC.ApiError)) throw e;
      box.textContent = "";
      box.append(el("p", {class: "placeholder"}, "No " + label + ": " + e.error.message));
    } finally {
      box.classList.remove("stale");
    }
  }

  function refreshSteps() {
    return fillPanel(steps, "steps", () => stepsLatest("/api/steps", problem()),
        json => { for (const d of json.derivations) steps.append(derivationView(d)); });
  }

  $("steps-box").addEventListener("toggle", () => {
    if ($("steps-box").open) refreshSteps();
  });

  // ---- the Hessian (POST /api/hessian): the first variable of wrt, and the second as `then`

  const hessian = $("hessian");
  const hessianLatest = latest();

  /** The variables of the wrt field: "x" or "x, y". */
  function wrtNames() {
    return FIELDS.wrt.input.value.split(",").map(s => s.trim()).filter(s => s !== "");
  }

  function hessianView(json, names) {
    const box = el("div", {class: "derivative hessian-result"});
    const of = names.length > 1 ? "∂/∂" + names[1] + " (∂f/∂" + names[0] + ")ᵀ" : "∂²f/∂" + names[0] + "∂" + names[0] + "ᵀ";
    box.append(el("p", {class: "caption"}, el("span", {class: "of"}, of),
        el("span", {class: "shape"}, "shape " + MC.shape(json.shape))));
    box.append(MC.expr(json.hessian, true));
    if (json.value !== undefined) box.append(valueView("at the point: ", json.value));
    box.append(el("p", {class: "verification " + (json.verification ? json.verification.status : "")},
        MC.verification(json.verification)));
    if (names.length > 2) box.append(el("p", {class: "note"}, "note: the Hessian takes two variables at most; "
        + names.slice(2).join(", ") + " left out"));
    return box;
  }

  function refreshHessian() {
    const names = wrtNames();
    return fillPanel(hessian, "Hessian", () => {
      const p = problem();
      const body = {expr: p.expr, wrt: names[0]};
      if (names.length > 1) body.then = names[1];
      for (const name of ["let", "assume"]) if (p[name] !== undefined) body[name] = p[name];
      const at = point();
      if (at) body.at = at;
      return hessianLatest("/api/hessian", body);
    }, json => hessian.append(hessianView(json, names)));
  }

  $("hessian-box").addEventListener("toggle", () => {
    if ($("hessian-box").open) refreshHessian();
  });

  // ---- LaTeX, pictures

  async function fetchLatex(path) {
    return MC.post(path, Object.assign(problem(), {format: "latex"}));
  }

  async function copyLatex(path) {
    if (!ready()) return;
    try {
      const latex = await fetchLatex(path);
      $("latex-out").value = latex.trimEnd();
      $("latex-box").hidden = false;
      const ok = await MC.copy(latex.trimEnd());
      flash(ok ? "LaTeX copied" : "LaTeX below: select and copy it");
    } catch (e) {
      if (e instanceof MC.ApiError) showError(errorBox, e.error); else throw e;
    }
  }

  async function picture(path, format) {
    if (!ready()) return;
    try {
      const blob = await MC.post(path, Object.assign(problem(), {format: format}));
      const stem = (path.endsWith("steps") ? "steps-" : "derivative-") + FIELDS.wrt.input.value.replace(/[^A-Za-z0-9]+/g, "_");
      MC.download(blob, stem + "." + format);
    } catch (e) {
      if (e instanceof MC.ApiError) showError(errorBox, e.error); else throw e;
    }
  }

  function flash(text) {
    status.textContent = text;
    setTimeout(() => {
      if (status.textContent === text) status.textContent = "";
    }, 2500);
  }

  $("copy-latex").addEventListener("click", () => copyLatex("/api/diff"));
  $("copy-steps-latex").addEventListener("click", () => copyLatex("/api/steps"));
  $("download-png").addEventListener("click", () => picture("/api/diff", "png"));
  $("download-svg").addEventListener("click", () => picture("/api/diff", "svg"));
  $("download-steps-png").addEventListener("click", () => picture("/api/steps", "png"));
  $("download-steps-svg").addEventListener("click", () => picture("/api/steps", "svg"));

  // ---- check my answer

  const diagnosis = $("diagnosis");

  async function check(event) {
    if (event) event.preventDefault();
    diagnosis.textContent = "";
    if (!ready() || FIELDS.answer.input.value.trim() === "") {
      diagnosis.append(el("p", {class: "placeholder"}, "Type the expression, wrt and your answer first."));
      return;
    }
    const body = Object.assign(problem(), {answer: FIELDS.answer.input.value});
    if ($("either").checked) body.layout = "either";
    writeHash();
    diagnosis.append(el("p", {class: "placeholder"}, "checking…"));
    try {
      const json = await MC.post("/api/check", body);
      clearMarks();
      diagnosis.textContent = "";
      diagnosis.append(checkView(json));
    } catch (e) {
      if (!(e instanceof MC.ApiError)) throw e;
      clearMarks();
      markSpan(e.error);
      diagnosis.textContent = "";
      diagnosis.append(el("div", {class: "error"}, MC.errorView(e.error, FIELDS)));
    }
  }

  function checkView(c) {
    const box = el("div", {class: "verdict " + c.verdict});
    box.append(el("p", {class: "verdict-line"}, el("strong", {}, c.verdict), ": ", MC.expr(c.answer),
        c.verdict === "correct" ? " is ∂f/∂" + c.wrt : c.verdict === "wrong" ? " is not ∂f/∂" + c.wrt
            : " could not be checked against ∂f/∂" + c.wrt));
    if (c.diagnosis) {
      box.append(el("p", {class: "diagnosis-message"}, c.diagnosis.message));
      const details = MC.diagnosisDetails(c.diagnosis);
      if (details) box.append(details);
    } else if (c.correct) {
      box.append(el("p", {class: "diagnosis-message"}, "shape " + MC.shape(c.shape) + " (" + c.layout + " layout); "
          + (c.method === "symbolic" ? "equal to matcalc's derivative after simplification"
              : "equal to matcalc's derivative at " + c.points + " random points")));
    }
    const ce = MC.counterexampleView(c.counterexample);
    if (ce) box.append(ce);
    return box;
  }

  $("check-form").addEventListener("submit", check);

  // ---- generated code

  let code = null;

  async function codegen() {
    const errorTarget = $("code-error");
    hideError(errorTarget);
    if (!ready()) {
      showError(errorTarget, {kind: "input", message: "type an expression and wrt first", span: null, notes: []});
      return;
    }
    const body = problem();
    body.target = $("target").value;
    try {
      code = await MC.post("/api/codegen", body);
      $("code").textContent = code;
      $("code").hidden = false;
      $("copy-code").disabled = false;
      $("download-code").disabled = false;
    } catch (e) {
      if (!(e instanceof MC.ApiError)) throw e;
      $("code").hidden = true;
      showError(errorTarget, e.error);
    }
  }

  const EXTENSIONS = {numpy: "py", torch: "py", jax: "py", java: "java"};
  $("codegen").addEventListener("click", codegen);
  $("copy-code").addEventListener("click", async () => flash(await MC.copy(code) ? "code copied" : "select the code and copy it"));
  $("download-code").addEventListener("click", () => {
    const target = $("target").value;
    MC.download(code, (target === "java" ? "Gradient." : "gradient.") + EXTENSIONS[target]);
  });

  // ---- the palette: inserts at the caret of the last text input that had the focus

  let lastFocused = FIELDS.expr.input;
  for (const name of Object.keys(FIELDS)) FIELDS[name].input.addEventListener("focus", e => { lastFocused = e.target; });
  const palette = $("palette");
  palette.addEventListener("mousedown", e => {
    if (e.target.closest("button")) e.preventDefault();   // keep the focus (and the caret) in the input
  });
  palette.addEventListener("click", e => {
    const button = e.target.closest("button[data-insert]");
    if (!button) return;
    const input = lastFocused;
    const text = button.dataset.insert;
    const start = input.selectionStart ?? input.value.length;
    const end = input.selectionEnd ?? start;
    input.focus();
    input.setRangeText(text, start, end, "end");
    input.dispatchEvent(new Event("input", {bubbles: true}));
  });

  // ---- the shareable link: the problem in the URL's fragment (never sent to the server)

  function writeHash() {
    const params = new URLSearchParams();
    for (const name of SHARED) {
      const v = name === "layout" ? layout.value : FIELDS[name].input.value;
      if (v && !(name === "layout" && v === "numerator")) params.set(name, v);
    }
    const hash = params.toString();
    history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
  }

  function readHash() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ""));
    for (const name of SHARED) {
      const v = params.get(name);
      if (name === "layout") {
        layout.value = ["numerator", "denominator", "mixed"].includes(v) ? v : "numerator";
      } else {
        FIELDS[name].input.value = v || "";
      }
    }
    if (FIELDS.at.input.value.trim()) $("values-box").open = true;
    return params.has("answer") && params.get("answer") !== "";
  }

  $("share").addEventListener("click", async () => {
    writeHash();
    const url = location.href;
    $("share-url").value = url;
    $("share-box").hidden = false;
    $("share-url").select();
    flash(await MC.copy(url) ? "link copied" : "link below: select and copy it");
  });

  function load() {
    const hasAnswer = readHash();
    refresh().then(() => {
      if (hasAnswer) check();
    });
  }

  window.addEventListener("hashchange", load);
  if (location.hash.length > 1) {
    load();
  } else {
    FIELDS.expr.input.focus();
  }
})();
