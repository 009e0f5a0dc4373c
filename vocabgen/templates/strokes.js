/* vocabgen stroke order: draws each character of every `.strokes` element with
   hanzi-writer and animates them one after the other; a tap replays. Works from
   local files only (Anki's media folder, or the quiz page's media/ folder): the
   library and each character's data are script files beside this one
   (_hanzi-writer.min.js, _hw-<hex code point>.js). A character without a data file
   is left out. */
(function () {
  "use strict";
  if (window.vocabgenStrokes) return;

  function isHan(ch) {
    var c = ch.codePointAt(0);
    return (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x2ffff);
  }

  function load(src, done) {
    var s = document.createElement("script");
    s.src = src;
    s.onload = function () { done(true); };
    s.onerror = function () { done(false); };
    (document.head || document.body).appendChild(s);
  }

  function withWriter(base, done) {
    if (window.HanziWriter) { done(); return; }
    load(base + "_hanzi-writer.min.js", function () { if (window.HanziWriter) done(); });
  }

  function dataFor(ch, base, done) {
    var all = window.vocabgenStrokeData || {};
    if (all[ch]) { done(all[ch]); return; }
    load(base + "_hw-" + ch.codePointAt(0).toString(16) + ".js", function () {
      done((window.vocabgenStrokeData || {})[ch] || null);
    });
  }

  function draw(box) {
    if (box.getAttribute("data-drawn")) return;
    box.setAttribute("data-drawn", "1");
    var base = box.getAttribute("data-base") || "";
    var source = box.querySelector(".strokes-text");
    var text = source ? source.textContent : box.getAttribute("data-text") || "";
    var chars = [];
    Array.from(text).forEach(function (ch) { if (isHan(ch) && chars.indexOf(ch) < 0) chars.push(ch); });
    if (!chars.length) return;
    var style = getComputedStyle(box);
    var size = parseInt(style.getPropertyValue("--stroke-size"), 10) || 96;
    var color = style.color;
    var outline = style.getPropertyValue("--stroke-outline").trim() || "#ddd";
    withWriter(base, function () {
      var writers = new Array(chars.length);
      var pending = chars.length;
      chars.forEach(function (ch, k) {
        var cell = document.createElement("span");
        cell.className = "stroke-cell";
        box.appendChild(cell);
        dataFor(ch, base, function (data) {
          if (data) {
            writers[k] = window.HanziWriter.create(cell, ch, {
              width: size, height: size, padding: 4, showCharacter: false, showOutline: true,
              strokeColor: color, outlineColor: outline, radicalColor: null,
              strokeAnimationSpeed: 1.5, delayBetweenStrokes: 120,
              charDataLoader: function (c, onLoad) { onLoad(data); }
            });
          } else {
            cell.parentNode.removeChild(cell);
          }
          pending -= 1;
          if (pending === 0) play();
        });
      });
      function play() {
        var list = writers.filter(Boolean);
        box.setAttribute("data-characters", String(list.length));
        var k = 0;
        (function next() {
          if (k >= list.length) { box.setAttribute("data-animated", "1"); return; }
          list[k++].animateCharacter({ onComplete: next });
        })();
      }
      box.addEventListener("click", function () {
        var list = writers.filter(Boolean);
        list.forEach(function (w) { w.hideCharacter(); });
        var k = 0;
        (function next() { if (k < list.length) list[k++].animateCharacter({ onComplete: next }); })();
      });
    });
  }

  function render(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll(".strokes"), draw);
  }

  window.vocabgenStrokes = { render: render };
})();
