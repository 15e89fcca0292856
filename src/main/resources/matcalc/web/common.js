// matcalc's web pages: what the student's page (app.js) and the teacher's page (teacher.js) share.
// Plain JavaScript, no build step; loaded before the page's own script. Everything comes from the
// local server (the API under /api/, KaTeX under /katex/): the pages need no network.
"use strict";

const MC = (() => {
  /** The API's body limit (the server answers 413 above it): the pages say so before sending. */
  const BODY_LIMIT = 64 * 1024;

  /** A DOM element: el("div", {class: "x"}, child, "text", …). */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") e.className = v;
      else if (k === "text") e.textContent = v;
      else e.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      e.append(c instanceof Node ? c : String(c));
    }
    return e;
  }

  /** LaTeX rendered by KaTeX into a new element; the LaTeX as text if KaTeX cannot read it. */
  function tex(latex, display) {
    const span = el(display ? "div" : "span", {class: display ? "tex tex-display" : "tex"});
    try {
      katex.render(latex, span, {displayMode: !!display, throwOnError: true, strict: "ignore", output: "htmlAndMathml"});
    } catch (e) {
      span.textContent = latex;
      span.classList.add("tex-failed");
      span.title = "KaTeX could not render this: " + e.message;
    }
    return span;
  }

  /** An expression of the JSON ({text, ascii, latex}) rendered, its Unicode text as a tooltip. */
  function expr(e, display) {
    const t = tex(e.latex, display);
    t.title = e.text;
    t.dataset.text = e.text;
    return t;
  }

  /** A shape of the JSON ([1, "d"]) as matcalc prints it: 1×d. */
  function shape(s) {
    return s && s.length ? s.join("×") : "1×1";
  }

  /** What a verification object says, in the words of the command line. */
  function verification(v) {
    if (!v) return "";
    if (v.status === "passed") {
      let s = "checked against finite differences at " + v.points + " random point" + (v.points === 1 ? "" : "s");
      if (v.jointly) s += ", jointly with the other " + (v.jointly - 1) + " results";
      return s;
    }
    if (v.status === "unchecked") return "NOT checked numerically" + (v.detail ? ": " + v.detail : "");
    return "MISMATCH with finite differences" + (v.detail ? ": " + v.detail : "");
  }

  class ApiError extends Error {
    constructor(error, status) {
      super(error.message);
      this.error = error;
      this.status = status;
    }
  }

  /**
   * POSTs a JSON object to the API. Resolves to the parsed JSON, or to a Blob / text when the
   * response is a picture or text (format png, svg, latex; codegen). Rejects with an ApiError
   * whenever the response carries an error member (whatever its status), and with an ApiError of
   * kind "network" when the server does not answer.
   */
  async function post(path, body, signal) {
    const payload = JSON.stringify(body);
    const size = new TextEncoder().encode(payload).length;
    if (size > BODY_LIMIT) {
      throw new ApiError({kind: "input", message: "the request is " + Math.ceil(size / 1024)
          + " KB; the server takes at most 64 KB: send less at a time", span: null, notes: []}, 0);
    }
    let response;
    try {
      response = await fetch(path, {method: "POST", headers: {"Content-Type": "application/json"},
          body: payload, signal: signal, cache: "no-store"});
    } catch (e) {
      if (e.name === "AbortError") throw e;
      throw new ApiError({kind: "network", message: "the matcalc server does not answer (is `matcalc serve` still running?)",
          span: null, notes: []}, 0);
    }
    const type = (response.headers.get("Content-Type") || "").toLowerCase();
    if (type.startsWith("application/json")) {
      const json = await response.json();
      if (json && json.error) throw new ApiError(json.error, response.status);
      if (!response.ok) throw new ApiError({kind: "internal", message: "HTTP " + response.status, span: null, notes: []}, response.status);
      return json;
    }
    if (!response.ok) {
      throw new ApiError({kind: "internal", message: "HTTP " + response.status + " " + response.statusText,
          span: null, notes: []}, response.status);
    }
    if (type.startsWith("text/plain")) return response.text();
    return response.blob();
  }

  /** Saves a Blob or a string as a file the browser downloads. */
  function download(data, name, type) {
    const blob = data instanceof Blob ? data : new Blob([data], {type: type || "text/plain;charset=utf-8"});
    const url = URL.createObjectURL(blob);
    const a = el("a", {href: url, download: name});
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  /** Copies text to the clipboard; where the browser refuses, through a selected text area. */
  async function copy(text) {
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        return true;
      }
    } catch (e) {
      // fall through to the old way
    }
    const area = el("textarea", {class: "offscreen", "aria-hidden": "true"});
    area.value = text;
    document.body.append(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (e) {
      ok = false;
    }
    area.remove();
    return ok;
  }

  /**
   * Where an error's span is in a field's value, as UTF-16 offsets [start, end): the span's line
   * and column count code points (column 1-based). Where the text at that place is not the span's
   * text (the server numbered the columns of a longer line than the field holds), the occurrence
   * of the text nearest to it; an empty text marks one position.
   */
  function locate(value, span) {
    const lines = value.split("\n");
    let lineIndex = Math.min(Math.max((span.line || 1) - 1, 0), lines.length - 1);
    let offset = 0;
    for (let i = 0; i < lineIndex; i++) offset += lines[i].length + 1;
    const points = Array.from(lines[lineIndex]);
    const col = Math.min(Math.max((span.column || 1) - 1, 0), points.length);
    let start = offset + points.slice(0, col).join("").length;
    const text = span.text || "";
    if (text && value.substr(start, text.length) !== text) {
      let best = -1;
      for (let i = value.indexOf(text); i >= 0; i = value.indexOf(text, i + 1)) {
        if (best < 0 || Math.abs(i - start) < Math.abs(best - start)) best = i;
      }
      if (best >= 0) start = best;
    }
    if (!text && start > value.length) start = value.length;
    return [start, Math.min(start + text.length, value.length)];
  }

  /** A copy of the text with [start, end) inside <mark class="span"> (a caret's width when empty). */
  function marked(value, range) {
    const [start, end] = range;
    const mark = el("mark", {class: start === end ? "span empty" : "span"});
    mark.textContent = start === end ? "\u200b" : value.slice(start, end);
    const frag = document.createDocumentFragment();
    frag.append(value.slice(0, start), mark, value.slice(end));
    return frag;
  }

  /** The line of value that holds offset. */
  function lineAt(value, start) {
    const from = value.lastIndexOf("\n", start - 1) + 1;
    let to = value.indexOf("\n", start);
    if (to < 0) to = value.length;
    return [value.slice(from, to), from];
  }

  /**
   * The error as the page shows it: the message, the offending line of the named input with the
   * span marked, the notes. fields maps a span's source ("expr", "let", …) to its input element
   * and label; the caller highlights the span in the input itself.
   */
  function errorView(error, fields) {
    const box = el("div", {class: "error-body"});
    const span = error.span;
    const field = span && fields ? fields[span.source] : null;
    const where = field ? field.label : (span ? span.source : null);
    box.append(el("p", {class: "error-message"},
        where ? el("span", {class: "error-where"}, where + (span ? ", column " + span.column : "") + ": ") : null,
        error.message));
    if (span && field) {
      const value = field.input.value;
      const range = locate(value, span);
      const [line, from] = lineAt(value, range[0]);
      box.append(el("pre", {class: "error-line", "data-source": span.source},
          marked(line, [range[0] - from, Math.min(range[1] - from, line.length)])));
    } else if (error.rendered && error.kind !== "network") {
      box.append(el("pre", {class: "error-rendered"}, error.rendered));
    }
    for (const n of error.notes || []) box.append(el("p", {class: "error-note"}, "note: " + n));
    return box;
  }

  /** The expressions a diagnosis mentions, rendered: its term, application, derivative, transposed form. */
  function diagnosisDetails(d) {
    const list = el("dl", {class: "diagnosis-details"});
    const add = (label, node) => list.append(el("dt", {}, label), el("dd", {}, node));
    if (d.answerShape && d.shape) add("shapes", "your answer " + shape(d.answerShape) + ", the derivative " + shape(d.shape));
    if (d.through) {
      const t = d.through;
      add("through", el("span", {}, "occurrence " + t.occurrence + " of " + t.occurrences + " of " + t.variable
          + (t.in ? " in " : ""), t.in ? expr(t.in) : null));
    }
    if (d.term) add("the chain rule's term", expr(d.term));
    if (d.application) add("the function", expr(d.application));
    if (d.derivative) add(d.diagonal ? "its Jacobian is diag of" : "its Jacobian", expr(d.derivative));
    if (typeof d.factor === "number") add("factor", String(d.factor));
    if (typeof d.low === "number") add("factor between", d.low + " and " + d.high);
    if (d.transposed) add("transposed, your answer is still wrong", d.transposed.message);
    if (d.sizes) add("sizes", Object.entries(d.sizes).map(([k, v]) => k + " = " + v).join(", "));
    return list.children.length ? list : null;
  }

  /** A counterexample (point, expected, answer) as a small table of values. */
  function counterexampleView(c) {
    if (!c) return null;
    const fmt = v => JSON.stringify(v, (k, x) => typeof x === "number" ? Number(x.toPrecision(4)) : x);
    const t = el("table", {class: "counterexample"},
        el("caption", {}, "counterexample" + (c.sizes && Object.keys(c.sizes).length ? " with "
            + Object.entries(c.sizes).map(([k, v]) => k + " = " + v).join(", ") : "")));
    for (const [k, v] of Object.entries(c.point || {})) t.append(el("tr", {}, el("th", {scope: "row"}, k), el("td", {}, fmt(v))));
    t.append(el("tr", {}, el("th", {scope: "row"}, "the derivative"), el("td", {}, fmt(c.expected))));
    t.append(el("tr", {}, el("th", {scope: "row"}, "your answer"), el("td", {}, c.answer === null ? "undefined" : fmt(c.answer))));
    return t;
  }

  /** Calls fn at most once per wait ms of quiet. */
  function debounce(fn, wait) {
    let timer = null;
    return (...args) => {
      clearTimeout(timer);
      timer = setTimeout(() => fn(...args), wait);
    };
  }

  /** A CSV field, quoted as RFC 4180 says when it needs to be. */
  function csvField(s) {
    s = s === null || s === undefined ? "" : String(s);
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  return {BODY_LIMIT, el, tex, expr, shape, verification, ApiError, post, download, copy, locate, marked,
    errorView, diagnosisDetails, counterexampleView, debounce, csvField};
})();
