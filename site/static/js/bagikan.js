// Copy-link button of the share block: shown only where the clipboard can
// be written; the share links themselves work without this script.
(function () {
  "use strict";
  var item = document.querySelector(".share .share-copy");
  if (!item || !navigator.clipboard) { return; }
  var button = item.querySelector("button");
  var status = document.querySelector(".share .share-status");
  item.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(button.getAttribute("data-url")).then(function () {
      status.textContent = "Tautan disalin.";
    }, function () {
      status.textContent = "Tautan tidak dapat disalin; salin dari bilah alamat.";
    });
  });
})();
