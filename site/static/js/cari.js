// Client-side search of warta: loads /cari/index.json once and matches
// every word of the query against title, summary, activity and location.
// Results are built with textContent only, never innerHTML.
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  if (!form) { return; }
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("status");
  var list = document.getElementById("hasil");
  var max = 50;
  var index = null;

  function fold(s) {
    return (s || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function load() {
    if (index) { return Promise.resolve(index); }
    return fetch(form.getAttribute("data-index"), { credentials: "same-origin" })
      .then(function (r) {
        if (!r.ok) { throw new Error("HTTP " + r.status); }
        return r.json();
      })
      .then(function (data) {
        index = data.map(function (e) {
          return { e: e, text: fold([e.t, e.s, e.a, e.l].join(" ")) };
        });
        return index;
      });
  }

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) { n.className = cls; }
    if (text) { n.textContent = text; }
    return n;
  }

  function show(q) {
    var words = fold(q).split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (words.length === 0) {
      status.textContent = "Ketik kata kunci, lalu tekan Cari.";
      return;
    }
    status.textContent = "Mencari…";
    load().then(function (idx) {
      var hits = idx.filter(function (x) {
        return words.every(function (w) { return x.text.indexOf(w) !== -1; });
      });
      hits.slice(0, max).forEach(function (x) {
        var li = el("li");
        var h = el("h2");
        var a = el("a", "", x.e.t);
        a.href = x.e.u;
        h.appendChild(a);
        li.appendChild(h);
        li.appendChild(el("p", "meta", [x.e.d, x.e.l].filter(Boolean).join(" · ")));
        li.appendChild(el("p", "", x.e.s));
        li.appendChild(el("p", "activity", "Kegiatan: " + x.e.a));
        list.appendChild(li);
      });
      if (hits.length === 0) {
        status.textContent = "Tidak ada berita yang cocok dengan \u201c" + q + "\u201d.";
      } else if (hits.length > max) {
        status.textContent = hits.length + " berita cocok; " + max + " teratas ditampilkan. Tambahkan kata kunci untuk mempersempit.";
      } else {
        status.textContent = hits.length + " berita cocok.";
      }
    }).catch(function () {
      status.textContent = "Indeks pencarian tidak dapat dimuat. Coba lagi nanti atau telusuri Arsip.";
    });
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var q = input.value.trim();
    var url = new URL(window.location.href);
    if (q) { url.searchParams.set("q", q); } else { url.searchParams.delete("q"); }
    window.history.replaceState(null, "", url);
    show(q);
  });

  var q0 = new URLSearchParams(window.location.search).get("q") || "";
  if (q0) {
    input.value = q0;
    show(q0);
  }
})();
