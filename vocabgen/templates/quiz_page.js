/* vocabgen quiz page. No libraries, no network: everything it needs is in this file.
   Answer checking mirrors vocabgen/quiz.py (check_answer); one table of cases,
   tests/data/quiz_answers.json, tests both. Text from the article is only ever put
   into the page as text (textContent), never as HTML. */
(function () {
  "use strict";

  var MARKS = { a: "āáǎà", e: "ēéěè", i: "īíǐì", o: "ōóǒò", u: "ūúǔù", "ü": "ǖǘǚǜ" };
  var ALL_MARKS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ";
  var SEPARATORS = /[\s'’‘`\-‐·•.,，。、]+/g;

  function markSyllable(body, tone) {
    if (tone === 0 || tone === 5) return body;
    var index = -1;
    if (body.indexOf("a") >= 0) index = body.indexOf("a");
    else if (body.indexOf("e") >= 0) index = body.indexOf("e");
    else if (body.indexOf("ou") >= 0) index = body.indexOf("o");
    else {
      for (var k = body.length - 1; k >= 0; k--) {
        if (Object.prototype.hasOwnProperty.call(MARKS, body[k])) { index = k; break; }
      }
      if (index < 0) return body;
    }
    return body.slice(0, index) + MARKS[body[index]][tone - 1] + body.slice(index + 1);
  }

  function canonicalPinyin(text) {
    text = String(text).trim().toLowerCase().normalize("NFC");
    text = text.split("u:").join("ü").split("v").join("ü");
    text = text.replace(/([a-zü]+)([0-5])/g, function (m, body, tone) {
      return markSyllable(body, Number(tone));
    });
    return text.replace(SEPARATORS, "");
  }

  function canonicalHanzi(text) {
    return String(text).normalize("NFKC").replace(/\s+/g, "");
  }

  function hasTone(pinyin) {
    for (var k = 0; k < pinyin.length; k++) if (ALL_MARKS.indexOf(pinyin[k]) >= 0) return true;
    return false;
  }

  function check(expectedHanzi, expectedNumbered, given, traditional) {
    var answer = canonicalHanzi(given);
    if (!answer) return false;
    if (answer === canonicalHanzi(expectedHanzi)) return true;
    if (traditional && answer === canonicalHanzi(traditional)) return true;
    var expected = canonicalPinyin(expectedNumbered || "");
    if (!expected) return false;
    var typed = canonicalPinyin(given);
    if (typed !== expected) return false;
    return hasTone(typed) || !hasTone(expected);
  }

  var api = { check: check, canonicalPinyin: canonicalPinyin };
  window.vocabgenQuiz = api;

  var source = document.getElementById("quiz-data");
  if (!source) return;
  var data = JSON.parse(source.textContent);
  var items = data.items;
  var $ = function (id) { return document.getElementById(id); };

  var state = { queue: [], index: 0, round: 1, right: 0, missed: [], checked: false, firstTry: null };
  api.state = state;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function pinyinNode(blank) {
    var wrap = el("span", "py");
    var marks = blank.pinyin.split(/\s+/).filter(Boolean);
    var digits = blank.numbered.split(/\s+/).filter(Boolean);
    if (marks.length !== digits.length) { wrap.textContent = blank.pinyin; return wrap; }
    marks.forEach(function (syllable, k) {
      var last = digits[k].slice(-1);
      var tone = "1234".indexOf(last) >= 0 ? last : "5";
      if (k) wrap.appendChild(document.createTextNode(" "));
      wrap.appendChild(el("span", "t" + tone, syllable));
    });
    return wrap;
  }

  // Stroke order of the answer, drawn by hanzi-writer (media/_hanzi-writer.min.js,
  // loaded by media/_vocabgen-strokes.js) from the characters' data this page carries.
  function strokesOf(item) {
    if (data.stroke_data && !window.vocabgenStrokeData) window.vocabgenStrokeData = data.stroke_data;
    var box = el("div", "strokes");
    box.title = "Stroke order: tap to replay";
    box.setAttribute("data-base", data.strokes);
    box.appendChild(el("span", "strokes-text", item.blanks.map(function (b) { return b.shown || b.hanzi; }).join("")));
    var wrap = el("div", "strokes-wrap");
    wrap.appendChild(box);
    setTimeout(function () {
      if (window.vocabgenStrokes) { window.vocabgenStrokes.render(wrap); return; }
      var s = document.createElement("script");
      s.src = data.strokes + "_vocabgen-strokes.js";
      s.onload = function () { window.vocabgenStrokes.render(wrap); };
      document.body.appendChild(s);
    }, 0);
    return wrap;
  }

  function inputWidth(answer) {
    return Math.min(14, Math.max(4.5, answer.length * 2.2 + 1.5)) + "em";
  }

  function show() {
    var item = state.queue[state.index];
    state.checked = false;
    $("progress").textContent = (state.round > 1 ? "Retry " + (state.round - 1) + " · " : "") +
      (state.index + 1) + " / " + state.queue.length;
    $("running").textContent = "Right: " + state.right;
    var sentence = $("sentence");
    sentence.textContent = "";
    item.parts.forEach(function (part, k) {
      if (k % 2 === 0) { sentence.appendChild(document.createTextNode(part)); return; }
      var n = (k - 1) / 2;
      var input = el("input");
      input.type = "text";
      input.setAttribute("autocomplete", "off");
      input.setAttribute("autocapitalize", "off");
      input.setAttribute("autocorrect", "off");
      input.setAttribute("spellcheck", "false");
      input.setAttribute("aria-label", item.blanks.length > 1 ? "blank " + (n + 1) : "missing word");
      input.dataset.blank = String(n);
      input.style.width = inputWidth(item.blanks[n].hanzi);
      input.lang = "zh";
      sentence.appendChild(input);
    });
    $("hint").textContent = item.en;
    $("feedback").hidden = true;
    $("feedback").textContent = "";
    $("check").hidden = false;
    $("skip").hidden = false;
    $("next").hidden = true;
    var first = sentence.querySelector("input");
    if (first) first.focus();
  }

  function grade() {
    if (state.checked) return;
    state.checked = true;
    var item = state.queue[state.index];
    var inputs = $("sentence").querySelectorAll("input");
    var allRight = true;
    Array.prototype.forEach.call(inputs, function (input) {
      var blank = item.blanks[Number(input.dataset.blank)];
      var ok = check(blank.hanzi, blank.numbered, input.value, blank.traditional);
      input.classList.add(ok ? "right" : "wrong");
      input.readOnly = true;
      allRight = allRight && ok;
    });
    if (allRight) state.right += 1; else state.missed.push(item);
    var box = $("feedback");
    box.className = "feedback " + (allRight ? "right" : "wrong");
    box.appendChild(el("div", "verdict", allRight ? "Right!" : "Not quite. The answer:"));
    item.blanks.forEach(function (blank) {
      var line = el("div", "answer");
      line.appendChild(el("span", "hz", blank.shown || blank.hanzi));
      line.appendChild(document.createTextNode(" "));
      line.appendChild(pinyinNode(blank));
      box.appendChild(line);
      if (blank.meaning) box.appendChild(el("div", "meaning", blank.meaning));
    });
    if (data.strokes) box.appendChild(strokesOf(item));
    var full = el("div", "full");
    item.parts.forEach(function (part, k) {
      full.appendChild(k % 2 ? el("b", "", part) : document.createTextNode(part));
    });
    box.appendChild(full);
    if (item.pinyin) box.appendChild(el("div", "full-py", item.pinyin));
    if (item.audio) {
      var audio = el("audio");
      audio.controls = true;
      audio.preload = "none";
      audio.src = "media/" + encodeURIComponent(item.audio);
      box.appendChild(audio);
    }
    box.hidden = false;
    $("running").textContent = "Right: " + state.right;
    $("check").hidden = true;
    $("skip").hidden = true;
    $("next").hidden = false;
    $("next").focus();
  }

  function next() {
    state.index += 1;
    if (state.index < state.queue.length) show(); else finish();
  }

  function finish() {
    var total = state.queue.length;
    if (state.firstTry === null) state.firstTry = { right: state.right, total: total };
    $("ask").hidden = true;
    $("done").hidden = false;
    var percent = total ? Math.round(100 * state.right / total) : 0;
    $("score").textContent = "Score: " + state.right + " / " + total + " (" + percent + "%)";
    $("round-note").textContent = state.round > 1
      ? "Retry " + (state.round - 1) + ". First try: " + state.firstTry.right + " / " + state.firstTry.total + "."
      : "";
    var list = $("missed");
    list.textContent = "";
    state.missed.forEach(function (item) {
      var li = el("li");
      item.parts.forEach(function (part, k) {
        li.appendChild(k % 2 ? el("b", "", part) : document.createTextNode(part));
      });
      list.appendChild(li);
    });
    $("retry").hidden = state.missed.length === 0;
    $("retry").textContent = "Retry the missed (" + state.missed.length + ")";
  }

  function start(queue, round) {
    state.queue = queue;
    state.index = 0;
    state.round = round;
    state.right = 0;
    state.missed = [];
    if (round === 1) state.firstTry = null;
    $("done").hidden = true;
    $("ask").hidden = false;
    show();
  }

  $("check").addEventListener("click", grade);
  $("skip").addEventListener("click", grade);
  $("next").addEventListener("click", next);
  $("retry").addEventListener("click", function () { start(state.missed.slice(), state.round + 1); });
  $("restart").addEventListener("click", function () { start(items.slice(), 1); });
  $("sentence").addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.isComposing || state.checked) return;
    event.preventDefault();
    event.stopPropagation();
    var inputs = Array.prototype.slice.call($("sentence").querySelectorAll("input"));
    var at = inputs.indexOf(event.target);
    if (at >= 0 && at < inputs.length - 1) inputs[at + 1].focus();
    else grade();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && state.checked && !$("ask").hidden && event.target.tagName !== "BUTTON") {
      event.preventDefault();
      next();
    }
  });

  if (items.length) start(items.slice(), 1);
  else {
    $("done").hidden = false;
    $("score").textContent = "This article has no cloze sentences.";
    $("retry").hidden = true;
  }
})();
