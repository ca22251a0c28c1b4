/* aistd: filters for the crosswalk matrix (by vocabulary, by predicate). No dependency, no network.
   Query parameters, for links and for the browser tests: ?vocabulary=<id>&predicate=<word> preset the
   filters; ?scroll=<px> scrolls the matrix box down and right, then records on the box whether the header row
   and the first column are still in view (data-header-visible, data-column-visible). */
(function () {
  "use strict";

  function setUp() {
    var box = document.getElementById("aistd-matrix");
    var table = box && box.querySelector("table");
    if (!table || box.dataset.ready) return;
    box.dataset.ready = "true";
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var words = ["exact", "close", "narrow", "broad", "related"];

    function vocabularyOf(cell) {
      var link = cell.querySelector("a");
      var match = link && /vocabularies\/([^/]+)\//.exec(link.getAttribute("href") || "");
      return match ? match[1] : "";
    }

    function option(value, label) {
      var o = document.createElement("option");
      o.value = value;
      o.textContent = label;
      return o;
    }

    function select(name, label, options) {
      var wrap = document.createElement("label");
      wrap.textContent = label + " ";
      var s = document.createElement("select");
      s.name = name;
      s.id = "aistd-matrix-" + name;
      s.appendChild(option("", "all"));
      options.forEach(function (o) { s.appendChild(option(o[0], o[1])); });
      wrap.appendChild(s);
      return { wrap: wrap, select: s };
    }

    var columns = heads.slice(1).map(function (th) { return [vocabularyOf(th), th.textContent.trim()]; });
    var byVocabulary = select("vocabulary", "Vocabulary", columns);
    var byPredicate = select("predicate", "Predicate", words.map(function (w) { return [w, w]; }));
    var count = document.createElement("span");
    count.className = "aistd-matrix-count";
    var bar = document.createElement("form");
    bar.className = "aistd-matrix-filter";
    bar.setAttribute("role", "search");
    bar.appendChild(byVocabulary.wrap);
    bar.appendChild(byPredicate.wrap);
    bar.appendChild(count);
    bar.addEventListener("submit", function (e) { e.preventDefault(); });
    box.parentNode.insertBefore(bar, box);

    function matches(cell, predicate) {
      var text = cell.textContent.replace(/†/g, "");
      if (!text.trim()) return false;
      return !predicate || text.split(/,\s*/).indexOf(predicate) >= 0;
    }

    function apply() {
      var vocabulary = byVocabulary.select.value;
      var predicate = byPredicate.select.value;
      var column = vocabulary ? columns.map(function (c) { return c[0]; }).indexOf(vocabulary) + 1 : 0;
      Array.prototype.forEach.call(table.rows, function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, index) {
          cell.hidden = column > 0 && index > 0 && index !== column;
        });
      });
      var shown = 0;
      rows.forEach(function (row, index) {
        var total = index === rows.length - 1 && /indicators mapped/.test(row.cells[0].textContent);
        var cells = Array.prototype.slice.call(row.cells, 1).filter(function (c, i) {
          return !column || i + 1 === column;
        });
        var keep = total || (!vocabulary && !predicate) || cells.some(function (c) { return matches(c, predicate); });
        row.hidden = !keep;
        if (keep && !total) shown += 1;
      });
      count.textContent = shown + " of " + (rows.length - 1) + " indicators";
      box.dataset.shownRows = String(shown);
    }

    byVocabulary.select.addEventListener("change", apply);
    byPredicate.select.addEventListener("change", apply);
    var query = new URLSearchParams(window.location.search);
    if (query.get("vocabulary")) byVocabulary.select.value = query.get("vocabulary");
    if (query.get("predicate")) byPredicate.select.value = query.get("predicate");
    apply();

    var scroll = parseInt(query.get("scroll") || "", 10);
    if (scroll > 0) {
      box.scrollTop = scroll;
      box.scrollLeft = scroll;
      var frame = box.getBoundingClientRect();
      var head = table.tHead.rows[0].cells[1].getBoundingClientRect();
      var first = rows[Math.min(rows.length - 1, 20)].cells[0].getBoundingClientRect();
      box.dataset.scrolledTop = String(box.scrollTop);
      box.dataset.scrolledLeft = String(box.scrollLeft);
      box.dataset.headerVisible = String(Math.abs(head.top - frame.top) < 2 && head.height > 0);
      box.dataset.columnVisible = String(Math.abs(first.left - frame.left) < 2 && first.width > 0);
    }
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(setUp);  // Material's page-load stream (also with instant navigation)
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
