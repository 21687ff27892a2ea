// The revision editor: line numbers beside each textarea, markers on lines with findings,
// and a click on a finding selects its line. Without this script the editor still saves.
(function () {
  "use strict";

  function editors() {
    return Array.from(document.querySelectorAll(".code-editor"));
  }

  function findingLines() {
    // file -> Map(line -> worst severity)
    const marks = {};
    const rank = { error: 3, warning: 2, info: 1 };
    document.querySelectorAll("#findings .finding[data-line]").forEach(function (item) {
      const line = parseInt(item.dataset.line, 10);
      if (!line) return;
      const file = item.dataset.file;
      const severity = item.className.match(/sev-(\w+)/)[1];
      marks[file] = marks[file] || new Map();
      const current = marks[file].get(line);
      if (!current || rank[severity] > rank[current]) marks[file].set(line, severity);
    });
    return marks;
  }

  function renderGutter(editor, marks) {
    const textarea = editor.querySelector("textarea");
    const gutter = editor.querySelector(".gutter");
    const count = textarea.value.split("\n").length;
    const fileMarks = marks[textarea.dataset.file] || new Map();
    const fragment = document.createDocumentFragment();
    for (let line = 1; line <= count; line++) {
      const number = document.createElement("span");
      number.textContent = line;
      number.dataset.line = line;
      const severity = fileMarks.get(line);
      if (severity) number.className = "mark-" + severity;
      fragment.appendChild(number);
    }
    gutter.replaceChildren(fragment);
    gutter.scrollTop = textarea.scrollTop;
  }

  function renderAll() {
    const marks = findingLines();
    editors().forEach(function (editor) { renderGutter(editor, marks); });
  }

  function selectLine(file, line) {
    const textarea = document.querySelector('textarea[data-file="' + file + '"]');
    if (!textarea) return;
    const lines = textarea.value.split("\n");
    const start = lines.slice(0, line - 1).reduce(function (sum, text) { return sum + text.length + 1; }, 0);
    const end = start + (lines[line - 1] || "").length;
    textarea.focus();
    textarea.setSelectionRange(start, end);
    const lineHeight = parseFloat(getComputedStyle(textarea).lineHeight) || 19;
    textarea.scrollTop = Math.max(0, (line - 3) * lineHeight);
    const gutter = textarea.parentElement.querySelector(".gutter");
    gutter.scrollTop = textarea.scrollTop;
    gutter.querySelectorAll(".current").forEach(function (el) { el.classList.remove("current"); });
    const number = gutter.querySelector('[data-line="' + line + '"]');
    if (number) number.classList.add("current");
  }

  document.addEventListener("click", function (event) {
    const link = event.target.closest("#findings .finding-where[href]");
    if (!link) return;
    const item = link.closest(".finding");
    event.preventDefault();
    selectLine(item.dataset.file, parseInt(item.dataset.line, 10));
  });

  document.addEventListener("input", function (event) {
    if (event.target.matches(".code-editor textarea")) renderGutter(event.target.parentElement, findingLines());
  });

  document.addEventListener("scroll", function (event) {
    const target = event.target;
    if (target.matches && target.matches(".code-editor textarea")) {
      target.parentElement.querySelector(".gutter").scrollTop = target.scrollTop;
    }
  }, true);

  document.addEventListener("htmx:afterSettle", renderAll);
  document.addEventListener("DOMContentLoaded", renderAll);
})();
