// The teacher's page: a problem set in the format `matcalc grade` reads, answers graded one at a
// time (a one-row CSV) or a whole class at once (POST /api/grade), the report as `grade` gives it,
// downloadable as CSV and JSON.
"use strict";

(() => {
  const $ = id => document.getElementById(id);
  const el = MC.el;
  const problems = $("problems");
  const submissions = $("submissions");
  const FIELDS = {
    problems: {input: problems, label: "The problem set"},
    submissions: {input: submissions, label: "The CSV"},
  };
  let report = null;

  // ---- files, read in the browser (nothing is taken from the server's file system)

  function loadFile(input, target) {
    input.addEventListener("change", () => {
      const file = input.files && input.files[0];
      if (!file) return;
      const reader = new FileReader();
      reader.onload = () => {
        target.value = reader.result;
        target.dispatchEvent(new Event("input", {bubbles: true}));
      };
      reader.readAsText(file, "utf-8");
    });
  }
  loadFile($("problems-file"), problems);
  loadFile($("submissions-file"), submissions);

  // ---- the problems' names, for the one-answer form

  function problemNames() {
    const names = [];
    for (const line of problems.value.split(/\r?\n/)) {
      const m = /^\s*problem\s*:\s*(.+?)\s*$/.exec(line);
      if (m) names.push(m[1]);
    }
    return names;
  }

  function updateProblems() {
    const select = $("one-problem");
    const previous = select.value;
    const names = problemNames();
    select.textContent = "";
    for (const n of names) select.append(el("option", {value: n}, n));
    if (names.includes(previous)) select.value = previous;
    $("problems-summary").textContent = names.length ? names.length + " problem" + (names.length === 1 ? "" : "s") + ": " + names.join(", ") : "";
    updateSize();
  }
  problems.addEventListener("input", updateProblems);

  function bytes(s) {
    return new TextEncoder().encode(s).length;
  }

  function updateSize() {
    const size = bytes(JSON.stringify({problems: problems.value, submissions: submissions.value}));
    const over = size > MC.BODY_LIMIT;
    $("size").textContent = (size / 1024).toFixed(1) + " KB of the 64 KB a request may hold" + (over ? ": too big, split the class" : "");
    $("size").classList.toggle("over", over);
    $("grade").disabled = over;
  }
  submissions.addEventListener("input", updateSize);

  // ---- the report

  const fmt = x => Number.isInteger(x) ? String(x) : String(Math.round(x * 100) / 100);
  const kindWords = kind => kind.replace(/([A-Z])/g, " $1").toLowerCase();
  const verdictOf = a => a.correct ? "correct" : a.diagnosis ? kindWords(a.diagnosis.kind) : "wrong";

  function answerRow(student, a) {
    const tr = el("tr", {class: a.correct ? "correct" : "wrong"});
    tr.append(el("td", {}, student), el("td", {}, a.problem), el("td", {class: "points"}, fmt(a.points) + "/" + fmt(a.max)),
        el("td", {class: "answer"}, a.answer === null ? "—" : a.answer));
    const verdict = el("td", {class: "verdict-cell"});
    if (a.correct) {
      verdict.append("correct");
    } else if (a.diagnosis) {
      verdict.append(el("span", {class: "kind"}, kindWords(a.diagnosis.kind)), el("br"), a.diagnosis.message);
    } else {
      verdict.append("wrong");
    }
    tr.append(verdict);
    return tr;
  }

  function studentsTable(json) {
    const table = el("table", {class: "report-table students"}, el("caption", {}, "Students"));
    table.append(el("thead", {}, el("tr", {}, ...["student", "problem", "points", "answer", "verdict"].map(h => el("th", {scope: "col"}, h)))));
    const body = el("tbody");
    for (const s of json.students) {
      body.append(el("tr", {class: "student-total"}, el("td", {}, s.student), el("td", {}, "total"),
          el("td", {class: "points"}, fmt(s.points) + "/" + fmt(s.max)), el("td"), el("td")));
      for (const a of s.answers) body.append(answerRow(s.student, a));
    }
    table.append(body);
    return table;
  }

  function problemsTable(json) {
    const table = el("table", {class: "report-table problems"}, el("caption", {}, "Per problem"));
    table.append(el("thead", {}, el("tr", {}, el("th", {scope: "col"}, "problem"), el("th", {scope: "col"}, "answers"))));
    const body = el("tbody");
    for (const p of json.problems || []) {
      const counts = Object.entries(p.counts).filter(([, n]) => n > 0).map(([k, n]) => kindWords(k) + " " + n).join(", ");
      body.append(el("tr", {}, el("td", {}, p.problem), el("td", {}, counts || "no answers")));
    }
    table.append(body);
    return table;
  }

  function showReport(json) {
    report = json;
    const box = $("report");
    box.textContent = "";
    const n = json.students.length;
    const max = n ? json.students[0].max : 0;
    const mean = n ? json.students.reduce((t, s) => t + s.points, 0) / n : 0;
    box.append(el("p", {class: "summary"}, n + " student" + (n === 1 ? "" : "s") + (n ? ", mean " + mean.toFixed(1) + "/" + fmt(max) : "")));
    box.append(studentsTable(json), problemsTable(json));
    if (json.skipped.length) {
      const list = el("ul", {class: "skipped"});
      for (const s of json.skipped) list.append(el("li", {}, "line " + s.line + ": skipped: " + s.reason));
      box.append(el("p", {}, "Rows skipped:"), list);
    }
    $("downloads").hidden = false;
  }

  function showError(target, error) {
    target.textContent = "";
    target.append(MC.errorView(error, FIELDS));
    target.hidden = false;
  }

  async function grade() {
    const errorBox = $("grade-error");
    errorBox.hidden = true;
    $("report").textContent = "";
    $("downloads").hidden = true;
    if (!problems.value.trim() || !submissions.value.trim()) {
      showError(errorBox, {kind: "input", message: "load or paste the problem set and the CSV first", span: null, notes: []});
      return;
    }
    $("report").append(el("p", {class: "placeholder"}, "grading…"));
    try {
      showReport(await MC.post("/api/grade", {problems: problems.value, submissions: submissions.value}));
    } catch (e) {
      if (!(e instanceof MC.ApiError)) throw e;
      $("report").textContent = "";
      showError(errorBox, e.error);
    }
  }
  $("grade").addEventListener("click", grade);

  // ---- one answer: a one-row CSV

  async function checkOne(event) {
    event.preventDefault();
    const out = $("one-result");
    out.textContent = "";
    const problem = $("one-problem").value;
    const answer = $("one-answer").value;
    if (!problem || !answer.trim()) {
      out.append(el("p", {class: "placeholder"}, "Load the problem set, choose a problem and type the answer."));
      return;
    }
    const student = $("one-student").value.trim() || "student";
    const csv = "student,problem,answer\r\n" + [student, problem, answer].map(MC.csvField).join(",") + "\r\n";
    out.append(el("p", {class: "placeholder"}, "checking…"));
    try {
      const json = await MC.post("/api/grade", {problems: problems.value, submissions: csv});
      out.textContent = "";
      const s = json.students.find(x => x.student === student);
      const a = s && s.answers.find(x => x.problem === problem);
      if (!a) {
        const why = json.skipped.length ? json.skipped[0].reason : "the answer was not graded";
        out.append(el("div", {class: "verdict wrong"}, el("p", {}, why)));
        return;
      }
      const box = el("div", {class: "verdict " + (a.correct ? "correct" : "wrong")});
      box.append(el("p", {class: "verdict-line"}, el("strong", {}, a.correct ? "correct" : verdictOf(a)),
          " — " + fmt(a.points) + "/" + fmt(a.max) + " point" + (a.max === 1 ? "" : "s")));
      if (a.diagnosis) {
        box.append(el("p", {class: "diagnosis-message"}, a.diagnosis.message));
        const details = MC.diagnosisDetails(a.diagnosis);
        if (details) box.append(details);
      }
      const ce = MC.counterexampleView(a.counterexample);
      if (ce) box.append(ce);
      out.append(box);
    } catch (e) {
      if (!(e instanceof MC.ApiError)) throw e;
      out.textContent = "";
      out.append(el("div", {class: "error"}, MC.errorView(e.error, FIELDS)));
    }
  }
  $("one-form").addEventListener("submit", checkOne);

  // ---- downloads: the JSON as the server sent it; the CSV with the columns of grade --csv

  $("download-json").addEventListener("click", () => {
    if (report) MC.download(JSON.stringify(report, null, 2) + "\n", "grades.json", "application/json");
  });
  $("download-csv").addEventListener("click", () => {
    if (!report) return;
    const rows = [["student", "problem", "points", "max", "correct", "answer", "diagnosis", "kind"]];
    for (const s of report.students) {
      for (const a of s.answers) {
        rows.push([s.student, a.problem, fmt(a.points), fmt(a.max), String(a.correct), a.answer === null ? "" : a.answer,
          a.correct ? "correct" : a.diagnosis ? a.diagnosis.message : "wrong", a.correct ? "correct" : a.diagnosis ? a.diagnosis.kind : ""]);
      }
    }
    MC.download(rows.map(r => r.map(MC.csvField).join(",")).join("\r\n") + "\r\n", "grades.csv", "text/csv;charset=utf-8");
  });

  updateProblems();
})();
